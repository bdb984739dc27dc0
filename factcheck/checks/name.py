"""Name checks: one person or organisation spelled or styled two ways (NAM001-NAM003)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

from factcheck.checks._docmemo import DocMemo
from factcheck.checks._names_vocab import Occ, lower_words, occurrences
from factcheck.checks._public import COMMON, UNKNOWN, zipf
from factcheck.checks._stories import neighbourhoods
from factcheck.checks.base import Check
from factcheck.core.model import Document, Evidence, Finding
from factcheck.extract._names import is_acronym, lex
from factcheck.lexicons import load
from factcheck.pair.corpus import Corpus

# Endings that make a different word, not a misspelling: "Czech"/"Czechs", "Texas"/"Texan",
# "Florida"/"Floridian", "Confederacy"/"Confederate".
_INFLECTIONS = frozenset({"", "s", "es", "n", "an", "ian", "ese", "ish", "i", "ans", "ns", "ians", "a", "e", "y",
                          "cy", "te", "ite", "ites", "er", "ers", "ic", "ics", "ism", "ist", "ists", "ern"})


# Endings that derive one word from another ("Pakistan"/"Pakistanis", "Olympic"/"Olympian",
# "Morocco"/"Moroccan", "Agriculture"/"Agricultural", "Frenchman"/"Frenchmen"): stripped from both
# forms, a shared stem means two words, not a misspelling.
_DERIVATIONS = frozenset({"is", "ian", "ians", "an", "ans", "man", "men", "ese", "ish", "al", "ial", "ic", "ical",
                          "ics", "o", "ia", "ean", "ite", "ites", "ist", "ists", "ism", "er", "ers", "s", "es", "i",
                          "e", "y"})


def _inflected(a: str, b: str) -> bool:
    """Two forms of one stem ("Texas"/"Texans", "Olympic"/"Olympian"): the differing tails are both
    derivational endings, or both forms lose an ending to the same stem of four letters or more."""
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    if k < 4:
        return False
    ta, tb = a[k:], b[k:]
    if {ta, tb} == {"", "e"}:
        return False  # "Flake"/"Flakee": a doubled letter ("Brown"/"Browne" are kept apart by given names)
    if len(ta) == len(tb) == 1 and ta in "aeiy" and tb in "aeiy":
        return False  # a last-letter vowel swap is a slip ("Tanslei"/"Tansley", "Cosbi"/"Cosby")
    if ta in _INFLECTIONS and tb in _INFLECTIONS:
        return True
    stems_a = {a} | {a[:-len(e)] for e in _DERIVATIONS if a.endswith(e) and len(a) - len(e) >= 4}
    stems_b = {b} | {b[:-len(e)] for e in _DERIVATIONS if b.endswith(e) and len(b) - len(e) >= 4}
    return bool(stems_a & stems_b)


def _capitals(w: str) -> int:
    return sum(c.isupper() for c in w)


def _rival(w: str, v: str) -> int | None:
    """The edit distance between two forms one story may confuse, None when they cannot be one name
    whatever the counts: the same form, lengths apart, a title word, house style ("Worldcom"/"WorldCom"),
    a tokenizing slip ("AGBecerra"), more than two edits or two forms of one stem."""
    if v == w or abs(len(v) - len(w)) > 2 or _protected(v):
        return None
    if v.lower() == w.lower() or _capitals(v) != _capitals(w):
        return None
    d = OSA.distance(w, v, score_cutoff=2)
    return None if d > 2 or _inflected(w, v) else d


def _within_two(w: str, forms: list[str]) -> list[str]:
    """The forms at most two edits from ``w`` (a fast first pass before ``_rival``)."""
    return [v for v, _, _ in process.extract(w, forms, scorer=OSA.distance, processor=None, score_cutoff=2,
                                             limit=None)]


def _one_letter_apart(w: str, v: str) -> bool:
    """One letter of ``w`` is not in ``v`` (counted, any case): "Hahn"/"Khan"."""
    return sum((Counter(w.lower()) - Counter(v.lower())).values()) == 1


def _deletions(w: str) -> set[str]:
    """The form and each one-letter deletion of it: two forms one edit apart share one of these."""
    return {w} | {w[:k] + w[k + 1:] for k in range(len(w))}


def _vowel_swap(a: str, b: str) -> bool:
    """The two spellings differ in one vowel only ("Jeckson"/"Jackson", "Sympson"/"Simpson")."""
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a.lower(), b.lower(), strict=True) if x != y]
    return len(diff) == 1 and all(c in "aeiouy" for c in diff[0])


def _protected(word: str) -> bool:
    """Honorifics, title words and position-capitalised common words are never names to compare."""
    L = lex()
    return word in L.honorifics or word in L.heads or word in L.modifiers or word in L.common or word in L.org_words


def _neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    before = text[max(0, start - 30):start].split()
    after = text[end:end + 30].split()
    return (before[-1] if before else "", after[0] if after else "")


def _followed_by_name(o: Occ, texts: dict[str, str]) -> bool:
    nxt = texts[o.doc][o.end:o.end + 2]
    return nxt[:1] == " " and nxt[1:2].isupper()


def _same_neighbour(o: Occ, others: list[Occ], texts: dict[str, str]) -> bool:
    """A capitalised neighbour shared with the other form: "New Yurk"/"New York", "Jen Psaaki"/"Jen Psaki"."""
    b, a = _neighbours(texts[o.doc], o.start, o.end)
    for x in others:
        xb, xa = _neighbours(texts[x.doc], x.start, x.end)
        if (b and b == xb and b[:1].isupper() and b not in lex().common) or (
                a and a == xa and a[:1].isupper() and a not in lex().common):
            return True
    return False


def _name_neighbour(word: str, slot: int) -> str:
    """A neighbouring word that is part of a name: capitalised, not an honorific, title or common word,
    and not cut off by punctuation ("London. Malthouse said" has no name neighbour)."""
    if (slot == 0 and word[-1:] in ".,;:)!?\"'\u201d\u2019") or (slot == 1 and word[:1] in ".,;:(!?\"'\u201c\u2018"):
        return ""
    w = word
    return w if w[:1].isupper() and not _protected(w) and w.isalpha() else ""


def _distinct_neighbours(o: Occ, others: list[Occ], texts: dict[str, str]) -> bool:
    """Both forms sit inside longer names that differ: "Fort Hood" / "Sandy Hook", "Lars Larson" / "Ben Carson";
    or, as given names, before different surnames ("Michel Gondry" / "Michael Mann", "Michael" alone
    elsewhere) where nothing before them is shared ("New Yurk Times" / "New York City" share "New")."""
    b, a = (_name_neighbour(x, k) for k, x in enumerate(_neighbours(texts[o.doc], o.start, o.end)))
    for slot, mine in ((0, b), (1, a)):
        if not mine:
            continue
        theirs = [_name_neighbour(_neighbours(texts[x.doc], x.start, x.end)[slot], slot) for x in others]
        if all(t and t != mine for t in theirs):
            return True
    if a and b == "":
        before = _neighbours(texts[o.doc], o.start, o.end)[0]
        theirs = [_neighbours(texts[x.doc], x.start, x.end) for x in others]
        followed = [_name_neighbour(t[1], 1) for t in theirs]
        if any(followed) and a not in followed and all(t[0] != before or not before[:1].isupper() for t in theirs):
            return True
    return False


class NameSpelling(Check):
    """A name spelled one way once and another way elsewhere in the article or story.

    What it does: counts every capitalised word across the documents of one story; a form seen
    once that is one or two edits from a form seen several times (or inside a full name) is
    flagged, with the majority form as the likely right spelling.
    Why it matters: garbled names ("Hahn" for "Khan", "Malthaus" for "Malthouse") are the
    commonest slip of careless editing and machine translation, and they misname real people.
    Example: "Keith Malthaus ... Malthouse said"; "an attack on Hahn" where "Khan" is used 4 times.
    Known problems: two real people with close names (Clark/Clarke) are told apart only when
    their given names differ somewhere in the corpus or the rare form is itself common.
    """

    code = "NAM001"
    category = "name"
    summary = "One name spelled two ways"
    needs = frozenset({"people", "orgs", "structure", "stories"})
    scope = "corpus"  # spellings and lowercase words counted over every document
    reach = 1  # a document with the documents it is linked to (its same-story neighbourhood)
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {"min_length": 4, "long_length": 7, "max_corpus_share": 0.2,
                                        "min_corpus_docs": 3, "min_corpus_length": 6}

    # Statistics (``gather``), one entry per form so that an edit changes few of them:
    #   ("df", form): how many documents use the capitalised form;
    #   ("low", word): present when the lowercase ``word`` is used, for the lowercase of each form;
    #   ("near", key): the established forms (in ``min_corpus_docs`` documents) that a one-letter deletion
    #       (or none) turns into ``key``, for the corpus-wide pass's candidates;
    #   ("est", form): an established form's first two occurrences in corpus order (the evidence) and the
    #       name words written just before any of its occurrences (the given-name test).

    def _occurrences(self, d: Document) -> list[Occ]:
        """``occurrences(d)``, once per document in a run (``reads`` visits a document once per neighbour)."""
        memo = self.__dict__.get("_occ_of")
        if memo is None:
            memo = self._occ_of = DocMemo(occurrences)
        return memo(d)

    def gather(self, corpus: Corpus) -> dict[Any, Any]:
        self._occ_of = DocMemo(occurrences)  # a run starts here: nothing remembered from the last one
        df: Counter[str] = Counter()
        lower: set[str] = set()
        where: dict[str, list[Occ]] = defaultdict(list)
        for d in corpus.documents:
            occ = self._occurrences(d)
            df.update({o.text for o in occ})
            lower.update(lower_words(d))
            for o in occ:
                where[o.text].append(o)
        texts = {d.id: d.text for d in corpus.documents}
        order = {d.id: n for n, d in enumerate(corpus.documents)}
        stats: dict[Any, Any] = {}
        near: dict[str, list[str]] = defaultdict(list)
        for w in sorted(df):
            stats[("df", w)] = df[w]
            if w.lower() in lower:
                stats[("low", w.lower())] = True
            if not self._established(w, df[w]):
                continue
            for k in _deletions(w):
                near[k].append(w)  # in sorted order of forms
            occ = sorted(where[w], key=lambda x: (order[x.doc], x.start))
            given = {_name_neighbour(_neighbours(texts[x.doc], x.start, x.end)[0], 0) for x in occ} - {""}
            stats[("est", w)] = {"first": [[x.doc, x.start, x.end] for x in occ[:2]], "given": sorted(given)}
        for k in sorted(near):
            stats[("near", k)] = near[k]
        return stats

    def _established(self, v: str, df: int) -> bool:
        """A form the corpus-wide pass may offer as the right spelling: in enough documents, not a title
        word or a given name, and long enough to be one edit from a form it checks."""
        p = self.p
        return (df >= p["min_corpus_docs"] and len(v) >= p["min_corpus_length"] - 1 and not _protected(v)
                and v not in lex().given_names)

    def _df(self, w: str) -> int:
        return self._stats.get(("df", w), 0)

    def _lower(self, w: str) -> bool:
        return ("low", w.lower()) in self._stats

    def run_with(self, corpus: Corpus, stats: dict[Any, Any]) -> Iterator[Finding]:
        self._stats = stats
        self._occ = {d.id: self._occurrences(d) for d in corpus.documents}
        self._texts = {d.id: d.text for d in corpus.documents}
        self._docs = {d.id: d for d in corpus.documents}
        self._order = {d.id: n for n, d in enumerate(corpus.documents)}
        seen: set[tuple[str, int]] = set()
        # Each document alone first (a slip inside one article stands out even if another article
        # repeats it), then with the documents reporting the same story.
        scopes = [[d] for d in corpus.documents] + [[d, *nb] for d, nb in neighbourhoods(corpus) if nb]
        for docs in scopes:
            for f in self._story(docs):
                key = (f.evidence[0].doc, f.evidence[0].start)
                if key not in seen:
                    seen.add(key)
                    yield f
        # Last, the whole corpus: a spelling no public text uses, one edit from a form the corpus
        # establishes in other articles ("DaimlerChrylser" here, "DaimlerChrysler" in three others).
        for f in self._corpus_wide(corpus):
            key = (f.evidence[0].doc, f.evidence[0].start)
            if key not in seen:
                seen.add(key)
                yield f

    def _corpus_form(self, w: str, occ: list[Occ]) -> bool:
        """A form the corpus-wide pass checks, by what it and its occurrences say alone (its counts and
        lowercase use are read apart): long, not a title word or an acronym, in no common text, and not
        only once at a sentence start (a common word capitalised by position)."""
        return (len(w) >= self.p["min_corpus_length"] and not _protected(w) and not is_acronym(w)
                and zipf(w) <= UNKNOWN and not (occ[0].initial and len(occ) == 1))

    @staticmethod
    def _corpus_candidate(w: str, stats: dict[Any, Any]) -> str | None:
        """The one established form one edit from ``w``; None when there is none, or two real names it
        could be: no telling which."""
        cands = sorted({v for k in _deletions(w) for v in stats.get(("near", k), ()) if v != w})
        cands = [v for v in cands if OSA.distance(w, v, score_cutoff=1) <= 1 and not _inflected(w, v)
                 and _capitals(v) == _capitals(w)]
        return cands[0] if len(cands) == 1 else None

    def _corpus_wide(self, corpus: Corpus) -> Iterator[Finding]:
        where: dict[str, list[Occ]] = defaultdict(list)
        for d in corpus.documents:
            for o in self._occ[d.id]:
                where[o.text].append(o)
        for w in sorted(where):
            occ = where[w]  # a form in one document only: all of it is in this corpus
            if self._df(w) != 1 or not self._corpus_form(w, occ) or self._lower(w):
                continue
            v = self._corpus_candidate(w, self._stats)
            if v is None:
                continue
            o = occ[0]
            if self._docs[o.doc].reference or self._in_record(o):
                continue
            est = self._stats[("est", v)]
            # a given name before it that never stands before the other form: another person
            # ("Steve Backley" beside "Olly Barkley", "Jerry Digney" beside "Disney")
            given = _name_neighbour(_neighbours(self._texts[o.doc], o.start, o.end)[0], 0)
            if given and given not in est["given"]:
                continue
            yield self.finding(
                f'"{w}" is used nowhere else and in no common text, but "{v}" is in {self._df(v)} of these '
                "documents: probably a misspelling.",
                [Evidence(o.doc, o.start, o.end, o.text)] + [Evidence(doc, start, end, v) for doc, start, end
                                                             in est["first"]],
                suggestion=v, confidence=0.55)

    def reads(self, stats: dict[Any, Any], docs: list[Document]) -> Iterable[Any]:
        """The entries whose values can decide a finding about ``docs[0]``: for each of its forms, the
        tests that read no statistics run first, and a form that fails them names none. Only entries
        present are named (one appearing is then a new name: the digest changes all the same)."""
        d = docs[0]
        if d.reference:
            return []
        mine: dict[str, list[Occ]] = defaultdict(list)
        for o in self._occurrences(d):
            mine[o.text].append(o)
        ball = sorted({o.text for e in docs for o in self._occurrences(e)})
        out: set[Any] = set()
        for w, occ in mine.items():
            # the story passes: a form once in the document, against close forms of its neighbourhood
            if len(occ) == 1 and len(w) >= 3 and not _protected(w) and not is_acronym(w):
                close = [v for v in _within_two(w, ball) if (k := _rival(w, v)) is not None
                         and self._possible(w, v, k, occ[0], {d.id: d.text})]
                if close:
                    out.add(("low", w.lower()))
                    if ("low", w.lower()) not in stats:
                        out.update(("df", v) for v in [w, *close])
            # the corpus-wide pass: a form against the established forms one edit away
            if self._corpus_form(w, occ):
                out.update(("near", k) for k in _deletions(w))
                v = self._corpus_candidate(w, stats)
                if v is not None:
                    out.update({("df", w), ("low", w.lower()), ("df", v), ("est", v)})
        return sorted(k for k in out if k in stats)

    def _story(self, docs: list[Document]) -> Iterator[Finding]:
        occ: dict[str, list[Occ]] = defaultdict(list)
        full: dict[str, list[tuple[str, int, int]]] = defaultdict(list)  # word -> spans inside full person names
        introduced: set[str] = set()  # surnames written with a given name or honorific
        givens: dict[str, set[str]] = defaultdict(set)  # surname -> given names, in this story
        as_given: dict[str, set[str]] = defaultdict(set)  # given name -> surnames it is written with
        hon_before: set[tuple[str, int]] = set()
        person_words: set[str] = set()  # every word of a person mention in scope
        for d in docs:
            for o in self._occ[d.id]:
                occ[o.text].append(o)
            for m in d.mentions:
                if m.kind != "person":
                    continue
                if m.given and m.surname:
                    givens[m.surname].add(m.given)
                    as_given[m.given].add(m.surname)
                    full[m.surname].append((d.id, m.start, m.end))
                    full[m.given].append((d.id, m.start, m.end))
                if m.surname and (m.given or m.honorific):
                    introduced.add(m.surname)
                if m.honorific:
                    hon_before.add((d.id, m.end))
                person_words.update(m.name.split())
        forms = sorted(occ)
        for w in forms:
            wocc = occ[w]
            if len(wocc) != 1 or len(w) < 3 or _protected(w) or is_acronym(w):
                continue
            o = wocc[0]
            if o.doc != docs[0].id:
                continue  # reported when its own document is the focus
            if self._lower(w):
                continue  # a real word capitalised ("Well", "Will")
            self._person_words = person_words
            best = self._best(w, o, forms, occ, full, introduced, hon_before, givens, as_given)
            if best is None:
                continue
            v, dist, conf = best
            if o.doc in {d.id for d in docs if d.reference}:
                continue
            yield self._report(w, o, v, dist, conf, occ, full)

    def _possible(self, w: str, v: str, d: int, o: Occ, texts: dict[str, str]) -> bool:
        """The tests of ``_best`` that read neither the story nor the counts, so that ``reads`` names
        counts only for the pairs that pass them."""
        p = self.p
        # A known given name is a different person's name ("Ronald"/"Donald"); a form next to a known
        # given name that is not itself followed by a surname is another word ("Rice"/"Rick", "Mich."/"Mitch").
        garble = d == 1 and zipf(w) <= UNKNOWN and zipf(v) >= COMMON  # as in _best
        if w in lex().given_names or (v in lex().given_names and not _followed_by_name(o, texts) and not garble):
            return False
        # The form in common public use is not the garble of one public text hardly uses, however
        # often this story repeats that one ("Cambodia" beside a restaurant's "Cambodge").
        if zipf(w) >= COMMON and zipf(v) < zipf(w) - 1.0:
            return False
        # Lengths (_best has the whole tests: an honorific before a three-letter form; a bare surname)
        short = min(len(w), len(v))
        if d == 1:
            return short >= min(p["min_length"], 3)
        return short >= p["long_length"] or (len(w) == len(v) and w[-1] == v[-1] and _one_letter_apart(w, v))

    def _best(self, w, o, forms, occ, full, introduced, hon_before, givens, as_given):
        p = self.p
        cands = []
        for v in _within_two(w, forms):
            d = _rival(w, v)
            if d is None or not self._possible(w, v, d, o, self._texts):
                continue
            n = len(occ[v])
            in_full = v in full
            # The majority form must be established: repeated, inside a full name, beside the same
            # neighbour word ("New Yurk"/"New York"), or known in the corpus where the rare form is not.
            known = n >= 2 or in_full or _same_neighbour(o, occ[v], self._texts) or (
                d == 1 and min(len(w), len(v)) >= 5 and self._df(w) <= 2 and self._df(v) >= 5 * self._df(w)) or (
                zipf(w) <= UNKNOWN and zipf(v) >= COMMON - 0.5) or (  # "Dewson" beside "Dawson"
                n == 1 and w in full and zipf(v) > zipf(w) + 1.0)  # one each: "Keith Malthaus", "Malthouse said"
            if not known:
                continue
            if d == 2 and self._df(w) > 2:
                continue
            # Across documents the evidence must be stronger: the same neighbouring name ("Planned
            # Paranthood"/"Planned Parenthood"), a shared given name, or an honorific before both.
            after_hon = (o.doc, o.end) in hon_before
            if not any(x.doc == o.doc for x in occ[v]):
                v_hon = any((x.doc, x.end) in hon_before for x in occ[v])
                shared_given = bool(givens.get(w, set()) & givens.get(v, set()))
                if not (_same_neighbour(o, occ[v], self._texts) or shared_given or (after_hon and v_hon)):
                    continue
            if _distinct_neighbours(o, occ[v], self._texts):
                continue
            # Evidence that the two spellings are one name: a shared given name, the same neighbouring
            # name ("Bayer Leveerkusen"/"Bayer Leverkusen"), or a bare surname beside a frequent
            # introduced one ("Hahn"/"Khan").
            identity = (bool(givens.get(w, set()) & givens.get(v, set())) or _same_neighbour(o, occ[v], self._texts)
                        or (w not in introduced and v in introduced and n >= 3))
            # Without it, names listed side by side (a squad, a cast, a results table) are different
            # people, and a spelling common in public English ("Iran", "Clara", "Olympian") is a real
            # word or name.
            if not identity and (zipf(w) >= COMMON or (
                    self._in_record(o) and any(self._in_record(x) for x in occ[v]))):
                continue
            # A person's name against a word never used for a person ("Capito" / "the Capitol", "Tim
            # Koogle" / "Google"), unless no public text uses the name, the word is common and only a
            # vowel differs: then it is the word garbled ("Michael Sympson" where a squad list has "Simpson").
            if w in full and v not in self._person_words and not (
                    zipf(w) <= UNKNOWN and zipf(v) >= COMMON and _vowel_swap(w, v)):
                continue
            # Both forms once: the one rarer in public use is the slip ("Yurk" beside "York",
            # "Macchairola" beside "Macchiarola"); with no difference there and both in full names,
            # the later one, never both ways round.
            if n < 2 and zipf(w) > zipf(v) + 1.0:
                continue
            if n < 2 and w in full and in_full and abs(zipf(w) - zipf(v)) <= 1.0:
                first_v = min((self._order[x.doc], x.start) for x in occ[v])
                if (self._order[o.doc], o.start) < first_v:
                    continue
            short = min(len(w), len(v))
            if d == 1 and short < p["min_length"] and not (after_hon and short >= 3):
                continue
            if d == 2:
                # Two edits is loose: only for long names, or a never-introduced bare surname
                # next to a frequent introduced one ("Hahn" vs "Khan").
                long_ok = short >= p["long_length"]
                bare_ok = w not in introduced and v in introduced and n >= 3 and len(w) == len(v) \
                    and _one_letter_apart(w, v) and w[-1] == v[-1]
                if not (long_ok or bare_ok):
                    continue
            # Distinct real people: both surnames carry given names and they differ ("Gordon Brown",
            # "Des Browne"); or both given names go with different surnames ("Eliot Spitzer", "Elliot Ness").
            # A spelling no public text uses, one letter from a name in common use, is a garble of it
            # even where the rules below would see two people ("Charles Johnsun" beside "Kira Johnson",
            # a husband and wife; "Hurricane Metch" beside "Mitch").
            garble = d == 1 and zipf(w) <= UNKNOWN and zipf(v) >= COMMON
            gw, gv = givens.get(w, set()), givens.get(v, set())
            if gw and gv and not (gw & gv) and not garble:
                continue
            sw, sv = as_given.get(w, set()), as_given.get(v, set())
            if sw and sv and not (sw & sv) and not garble:
                continue
            # One is used as a given name, the other only as a surname ("Susan Rice", "Rick Perry").
            if (sw and not sv and v in givens and v not in as_given) or (gw and not gv and v in as_given
                                                                         and v not in givens):
                continue
            # The rare form is itself common in the corpus: a real name, not a slip.
            if self._df(w) > max(3, p["max_corpus_share"] * self._df(v)):
                continue
            conf = (0.85 if d == 1 else 0.6) * (1.0 if n >= 2 else 0.75)
            cands.append((d, -n, -int(in_full), v, conf))
        if not cands:
            return None
        cands.sort()
        d, _, _, v, conf = cands[0]
        return v, d, conf

    def _in_record(self, o: Occ) -> bool:
        return self._docs[o.doc].block_of(o.start) is not None

    def _report(self, w: str, o: Occ, v: str, dist: int, conf: float, occ, full) -> Finding:
        right = sorted(occ[v], key=lambda x: (x.doc != o.doc, abs(x.start - o.start)))
        ev = [Evidence(o.doc, o.start, o.end, o.text)]
        ev += [Evidence(x.doc, x.start, x.end, x.text) for x in right[:2]]
        n = len(occ[v])
        if n >= 2:
            msg = f'"{w}" appears once, but "{v}" {n} times in this story: probably the same name misspelled.'
            sugg = v
        elif zipf(v) > zipf(w) + 1.0:
            msg = (f'"{w}" and "{v}" look like one name spelled two ways, and "{v}" is the spelling in common '
                   "use: probably a misspelling.")
            sugg = v
        else:
            msg = f'"{w}" and "{v}" (in a full name) look like one name spelled two ways; check which is right.'
            sugg = f'{v} (or {w})'
        return self.finding(msg, ev, suggestion=sugg, confidence=conf)


class HonorificConsistency(Check):
    """One person given two different courtesy titles in one article ("Ms Patel", "Mrs Patel").

    What it does: within each document, compares the female honorifics (Ms, Mrs, Miss) used with
    one surname and flags the minority form.
    Why it matters: house style fixes one form per person; switching suggests an editing slip or a
    machine translation, and "Mrs" vs "Ms" can say something wrong about the person.
    Example: "Both Ms Patel and Mr Khan ... said Mrs Patel."
    Known problems: two women sharing a surname in one article (a mother and daughter) are read as one.
    """

    code = "NAM002"
    category = "name"
    summary = "One person with two honorifics"
    needs = frozenset({"people"})
    scope = "story"  # one document at a time
    reach = 0  # reads its own mentions only
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        female = set(load("honorifics")["female_forms"])
        for d in corpus.documents:
            if d.reference:
                continue
            by: dict[str, list[int]] = defaultdict(list)
            for i, m in enumerate(d.mentions):
                if m.kind == "person" and m.honorific in female and m.surname:
                    by[m.surname].append(i)
            for surname in sorted(by):
                idx = by[surname]
                forms = Counter(d.mentions[i].honorific for i in idx)
                if len(forms) < 2:
                    continue
                major = max(forms, key=lambda h: (forms[h], -min(d.mentions[i].start for i in idx
                                                                 if d.mentions[i].honorific == h)))
                for i in idx:
                    m = d.mentions[i]
                    if m.honorific == major:
                        continue
                    others = [d.mentions[j] for j in idx if d.mentions[j].honorific == major][:2]
                    ev = [d.evidence(m.start, m.end)] + [d.evidence(x.start, x.end) for x in others]
                    yield self.finding(
                        f'"{m.text}" but "{others[0].text}" elsewhere in this article: one person, two honorifics.',
                        ev, suggestion=f"{major} {surname}", confidence=0.8 if forms[major] > 1 else 0.65)


class OrgNaming(Check):
    """One organisation named two ways across a story (an acronym and a longer acronym or name).

    What it does: compares the organisation acronyms of each document with its own and those of the
    documents linked to it as one story; an acronym that is a strict prefix of another ("HMIC" and
    "HMICFRS") is reported, on each document using the shorter one, for awareness.
    Why it matters: organisations are renamed (HMIC became HMICFRS in 2017); an old name in a new
    story is often out of date.
    Example: "the HMIC" in one article, "HMICFRS" in another about the same report.
    Known problems: two real bodies whose acronyms share a prefix would be reported too (info only).
    """

    code = "NAM003"
    category = "name"
    summary = "One organisation named two ways"
    needs = frozenset({"orgs", "stories"})
    scope = "story"  # the acronyms of one story
    reach = 1  # a document's acronyms against its linked partners'
    severity = "info"
    params: ClassVar[dict[str, Any]] = {"min_length": 3}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        place = {d.id: n for n, d in enumerate(corpus.documents)}
        acronyms = {d.id: self._acronyms(d) for d in corpus.documents}
        # each document against the documents linked to it as one story (pairwise links, not chained
        # groups: a chain of loosely related articles is no one story), so only its neighbourhood is read
        for d, partners in neighbourhoods(corpus):
            mine = acronyms[d.id]
            if d.reference or not mine:
                continue
            story = sorted([d, *partners], key=lambda e: place[e.id])
            names = sorted({b for e in story for b in acronyms[e.id]})
            for a in sorted(mine):
                if len(a) < self.p["min_length"]:
                    continue
                for b in names:
                    if not (b.startswith(a) and len(b) > len(a)):
                        continue
                    m = d.mentions[mine[a][0]]
                    uses = [(e, i) for e in story for i in acronyms[e.id].get(b, [])]
                    # prefer a mention written as the acronym itself as the evidence
                    db, ib = next((x for x in uses if x[0].mentions[x[1]].text == b), uses[0])
                    mb = db.mentions[ib]
                    yield self.finding(
                        f'"{a}" here, "{b}" elsewhere in this story: one organisation named two ways '
                        f'(maybe an old name).',
                        [d.evidence(m.start, m.end), db.evidence(mb.start, mb.end)], suggestion=b, confidence=0.5)

    @staticmethod
    def _acronyms(d: Document) -> dict[str, list[int]]:
        """A document's organisation acronyms, each with its mentions (indexes into ``d.mentions``)."""
        out: dict[str, list[int]] = defaultdict(list)
        for i, m in enumerate(d.mentions):
            if m.kind == "org":
                a = d.entities[m.entity].acronym if m.entity >= 0 else None
                if a:
                    out[a].append(i)
        return dict(out)
