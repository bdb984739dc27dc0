"""Support checks: a draft against its own source.

"The source says otherwise" (warnings): SUP001 a figure or date, SUP002 a name or place, SUP003 a
role, SUP004 a verb or direction flipped. "The source does not say it" (information): SUP005, one
note per draft listing what its source never states.

They run only where a checked document has a source: a reference document (``--against``) its
record names (``based_on``), or one that tells the same story in the same terms (checks/_support.py).
Another story's source, or an earlier article on the story, is not the draft's source: nothing here
compares the draft with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, ClassVar

from rapidfuzz.distance import OSA

from factcheck.checks._claims import _value_words, overlap, snippet
from factcheck.checks._figures import compatible
from factcheck.checks._offices import normalise, office_of
from factcheck.checks._support import (
    DIRECTION,
    FIGURES,
    Source,
    SourceValue,
    Swap,
    date_fields,
    proper_names,
    restatements,
    source_value,
    sources,
)
from factcheck.checks.base import Check
from factcheck.core.model import DateMention, Document, Finding, Mention, Quantity, Sentence
from factcheck.extract.polarity import lexicon, negations, tokens
from factcheck.lexicons import load
from factcheck.pair.corpus import Corpus

_APPROX_TOLERANCE = 0.1  # "about 21,000" for 21,174


def _date_supported(m: DateMention, source: list[DateMention]) -> bool:
    """Some source date states every field the draft's does (a weekday may be left out: the date
    fixes it) and agrees on each: "19 July 2022" is not supported by "in July 2022"."""
    mine = date_fields(m)
    need = set(mine) - {"weekday"} or set(mine)
    for z in source:
        theirs = date_fields(z)
        common = set(mine) & set(theirs)
        if need <= common and all(mine[f] == theirs[f] for f in common):
            return True
    return False


def _figure_claims(d: Document) -> list[Quantity]:
    """The draft's figures worth comparing: counts of one or two and firsts are idiom ("one of", "both")."""
    return [q for q in d.quantities if q.kind in FIGURES and not (q.kind in ("cardinal", "ordinal") and q.value < 3)]


def unstated_values(d: Document, src: Source) -> Iterator[Quantity | DateMention]:
    """The draft's figures and dates the source states nowhere (rounding and units allowed)."""
    src_q = [q for r in src.docs for q in r.quantities if q.kind in FIGURES]
    src_d = [m for r in src.docs for m in r.dates if m.kind != "relative"]
    for q in _figure_claims(d):
        if not any(z.kind == q.kind and z.unit == q.unit and compatible(z, q, _APPROX_TOLERANCE) for z in src_q):
            yield q
    for m in d.dates:
        if m.kind != "relative" and date_fields(m) and not _date_supported(m, src_d):
            yield m


class ValueSupport(Check):
    """A figure or date in a draft that its source gives differently.

    What it does: for each draft checked against its own source (named by the record's
    ``based_on``, or the reference telling the same story), every figure (count, sum, percentage,
    ratio, ordinal) and date (year, month, day, weekday) the source does not state anywhere
    (allowing rounding, "about 21,000" for 21,174, and units, "£92m" for "92 million") is compared
    with the source's own value for the same claim: the same kind and unit, and the same counted
    noun or the same measure words around it ("cut", "turnout", "households"), best in the source
    sentence the draft sentence restates. Where there is one, the draft is flagged with it as the
    suggestion. A figure the source states nowhere and gives no other value for is SUP005's.
    Why it matters: rewritten wire copy and summaries change figures and dates in passing, and a
    sub-editor checking them against the source needs every change pointed out with the right value.
    Example: source "Councillors approved a £4.2m cut to libraries", draft "the £4.7m cut will be
    split" -> SUP001 on "£4.7m", suggesting £4.2m (not the £2.9m library share beside it).
    Known problems: two figures of one kind with the same measure words for different years or
    places ("the £4.2m cut this year, £3.1m next") can be confused; the suggestion names the
    source sentence so a reader sees which.
    """

    code = "SUP001"
    category = "support"
    summary = "A figure or date the source gives differently"
    needs = frozenset({"quantities", "dates", "frames", "pairs", "stories"})
    scope = "story"  # a draft and its source
    reach = 1  # a draft, its linked sources and the sentence pairs between them
    severity = "warning"
    evident = True  # each finding cites the source's value for the claim
    params: ClassVar[dict[str, Any]] = {"min_alignment": 0.5}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for d, src in sources(corpus):
            for x in unstated_values(d, src):
                found = source_value(corpus, d, x, src, self.p["min_alignment"])
                if found is not None:
                    yield self._source_says(d, x, found)

    def _source_says(self, d: Document, x: Quantity | DateMention, v: SourceValue) -> Finding:
        thing = f" ({x.noun})" if isinstance(x, Quantity) and x.noun else ""
        why = ([f"both measure '{v.measure}'"] if v.measure else []) + (
            [f"both about {', '.join(sorted(v.shared)[:3])}"] if v.shared else []) + (
            [f"sentence similarity {v.alignment:.2f}"] if v.alignment else [])
        z = v.value
        return self.finding(
            f"'{x.text}'{thing} here, but the source says '{z.text}' for the same claim: "
            f"{snippet(v.doc, v.sentence, z.start, z.end)} ({'; '.join(why)})",
            [d.evidence(x.start, x.end), v.doc.evidence(z.start, z.end)],
            suggestion=f"{z.text} (as the source says)",
            confidence=0.8 if v.measure or v.alignment >= self.p["min_alignment"] else 0.65,
            proof="source" if v.measure else None)  # proven: both frames say they measure one thing


def _close_spelling(name: str, src: Source, given: str | None = None) -> str | None:
    """A source surname one or two edits from ``name`` (one for short names), the most used one first;
    or, for a person with ``given`` name, the surname of the source's one person of that given name
    when the two share their first four letters ("Helen Crossland" where the source has "Helen
    Crossley")."""
    limit = 1 if len(name) < 6 else 2
    best = None
    for other, uses in src.surnames.items():
        if other == name or abs(len(other) - len(name)) > limit:
            continue
        if limit == 1 and other[:1].lower() != name[:1].lower():
            continue  # a short name with another first letter is another name
        dist = OSA.distance(name.lower(), other.lower(), score_cutoff=limit)
        if dist <= limit and (best is None or (dist, -len(uses), other) < best[0]):
            best = ((dist, -len(uses), other), other)
    if best:
        return best[1]
    if given:
        namesakes = {other for other, uses in src.surnames.items() for r, i in uses
                     if (r.mentions[i].name or "").split()[:1] == [given] and other[:4].lower() == name[:4].lower()
                     and abs(len(other) - len(name)) <= 2}
        if len(namesakes) == 1:
            return namesakes.pop()
    return None


def _given(m: Mention) -> str | None:
    """The given name of a person mention of two words or more ("Helen" of "Helen Crossland")."""
    words = (m.name or "").split()
    return words[0] if len(words) >= 2 and m.surname == words[-1] else None


def _name_supported(m: Mention, src: Source) -> bool:
    """The source names it, in any case ("Holroyd" in a notice's "HOLROYD, Margaret Ann")."""
    if m.kind == "person" and m.surname:
        return m.surname.lower() in src.lower_words
    words = [w for w in re.findall(r"[A-Z][\w'’-]*", m.name or m.text)]
    return bool(words) and all(w.lower() in src.lower_words for w in words)


def _capitalised_run(words: tuple[str, ...]) -> list[str]:
    """The capitalised words of a swapped stretch when they are one run and the rest is at most a
    preposition or a figure ("in Cardiff", "Exeter at 12 noon")."""
    caps = [i for i, w in enumerate(words) if w[:1].isupper()]
    if not caps or caps != list(range(caps[0], caps[-1] + 1)):
        return []
    return [words[i] for i in caps]


def name_swaps(corpus: Corpus, d: Document, src: Source, min_alignment: float) -> Iterator[tuple]:
    """(draft span, source doc, source span, how aligned) where a draft sentence restates a source
    sentence word for word but for a name or place the source never uses, in the place of one the
    draft never uses ("headquarters in Taunton on Saturday" / "headquarters in Exeter ... on Saturday")."""
    names, text = proper_names(d.text), d.text.lower()
    known, dates = {w.lower() for w in src.words}, _value_words()
    for s in d.sentences:
        for score, r, _t, found in restatements(corpus, d, s, src, min_alignment):
            for w in found:
                mine, theirs = _capitalised_run(w.mine_words), _capitalised_run(w.their_words)
                if not mine or not theirs or len(w.mine_words) - len(mine) > 1:
                    continue
                if any(x.lower() in dates for x in mine + theirs):
                    continue  # a weekday or a month: a date, SUP001's
                if any(x.lower() in known or x not in names for x in mine) or any(x.lower() in text for x in theirs):
                    continue  # the draft's name is in the source, or the source's in the draft: no swap
                how = f"sentence similarity {score:.2f}" if score else f"{w.flank}+ words the same either side"
                yield _run_span(d.text, w.mine, mine), r, _run_span(r.text, w.theirs, theirs), how
                break


def _run_span(text: str, span: tuple[int, int], run: list[str]) -> tuple[int, int]:
    """The span of a capitalised run inside a swapped stretch."""
    a = text.index(run[0], span[0], span[1])
    b = text.index(run[-1], a, span[1]) + len(run[-1])
    return a, b


class NameSupport(Check):
    """A person, organisation or place in a draft that its source gives differently.

    What it does: for each draft checked against its own source, a person's surname the source
    spells differently ("Smyth" where the source says "Smith") is flagged with the source's
    spelling; and a name or place in a sentence that restates a source sentence word for word but
    for that name, where the source has another one the draft never uses ("the headquarters in
    Taunton on Saturday" / "the headquarters in Exeter at noon on Saturday"), is flagged with the
    source's. A name the source never mentions, with nothing in its place, is SUP005's.
    Why it matters: a rewrite that misspells a name or moves an event, a statement or a role to
    the wrong person, body or place is a serious error that a check of the draft alone cannot see.
    Example: source "said Kit Malthouse", draft "said Kit Malthaus" -> SUP002 on "Malthaus";
    source "struck on Doncaster Road, Crofton", draft "struck on Doncaster Road, Sharlston" ->
    SUP002 on "Sharlston".
    Known problems: names written differently but legitimately (transliterations) are flagged
    when one or two letters apart; a swap is seen only where the two sentences are otherwise the
    same words around it.
    """

    code = "SUP002"
    category = "support"
    summary = "A name or place the source gives differently"
    needs = frozenset({"people", "orgs", "pairs", "stories"})
    scope = "story"  # a draft and its source
    reach = 1  # a draft, its linked sources and the sentence pairs between them
    severity = "warning"
    evident = True  # each finding cites the source's name for it
    params: ClassVar[dict[str, Any]] = {"min_alignment": 0.55}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for d, src in sources(corpus):
            seen: set[tuple[int, int]] = set()
            spelled: set[str] = set()
            for m in d.mentions:
                if m.kind != "person" or not m.surname or m.surname in spelled or _name_supported(m, src):
                    continue
                close = _close_spelling(m.surname, src, _given(m))
                if close:
                    spelled.add(m.surname)
                    seen.add((m.start, m.end))
                    yield self._spelled(d, m, close, src)
            for span, r, theirs, how in name_swaps(corpus, d, src, self.p["min_alignment"]):
                if any(a < span[1] and span[0] < b for a, b in seen):
                    continue
                seen.add(span)
                t = r.sentence_at(theirs[0])
                assert t is not None
                yield self.finding(
                    f"'{d.text[span[0]:span[1]]}' here, but the source sentence this restates has "
                    f"'{r.text[theirs[0]:theirs[1]]}', a name the draft never uses: "
                    f"{snippet(r, t, theirs[0], theirs[1])} ({how})",
                    [d.evidence(*span), r.evidence(*theirs)],
                    suggestion=f"{r.text[theirs[0]:theirs[1]]} (as the source says)", confidence=0.7, proof="source")

    def _spelled(self, d: Document, m: Mention, close: str, src: Source) -> Finding:
        n = len(src.surnames[close])
        r, i = src.surnames[close][0]
        x = r.mentions[i]
        times = "throughout" if n > 1 else "once"
        return self.finding(
            f'"{m.surname}" here, but the source spells it "{close}" ({times}).',
            [d.evidence(m.start, m.end), r.evidence(x.start, x.end)], suggestion=close, confidence=0.85, proof="source")


# Words that change a rank: "Commissioner" and "Assistant Commissioner" are different offices.
_RANK = frozenset("assistant deputy vice acting former ex shadow junior senior chief associate interim lieutenant "
                  "under principal executive co".split())


def title_supported(draft: str, source: str) -> bool:
    """The source's title supports the draft's: the draft says no more than the source and drops no
    rank word ("Commissioner" for "Commissioner of the Metropolitan Police", not for "Assistant
    Commissioner"), or both name the same office as the title check reads it ("Met Commissioner" and
    "Metropolitan Police Commissioner")."""
    a, b = set(normalise(draft)), set(normalise(source))
    if a and a <= b and not (b - a) & _RANK:
        return True
    office = office_of(draft)
    return bool(office) and office == office_of(source)


_GAP = re.compile(r"^[\sA-Za-z,]*$")  # between a role and its name: words and commas, no quote


@lru_cache(maxsize=1)
def _role_words() -> tuple[frozenset[str], frozenset[str]]:
    """Role words (heads, role nouns) and the words that may stand with them in a title."""
    lex = load("titles")
    roles = frozenset(w.lower() for w in [*lex["heads"], *lex["role_nouns"]])
    return roles, roles | {w.lower() for w in lex["modifiers"]} | {"the", "of", "and"}


def role_swaps(corpus: Corpus, d: Document, src: Source, min_alignment: float) -> Iterator[tuple]:
    """(draft span, source doc, source span, person, how aligned) where a draft sentence restates a
    source sentence but for the words of a person's role, next to the person's name, a role word
    among them or between them and the name ("[Operations] director Claire Ashby said" /
    "[Managing] director Claire Ashby said")."""
    roles, title_words = _role_words()
    for s in d.sentences:
        people = [m for m in d.mentions if m.sentence == s.index and m.kind == "person" and m.surname]
        for score, r, t, found in restatements(corpus, d, s, src, min_alignment, at_start=True):
            for w in found:
                if not all(x[:1].isalpha() for x in w.mine_words + w.their_words):
                    continue
                for m in people:
                    gap = d.text[w.mine[1]:m.start] if w.mine[1] <= m.start else d.text[m.end:w.mine[0]]
                    if len(gap) > 25 or not _GAP.match(gap) or m.surname not in t.text or m.surname in " ".join(
                            w.their_words):
                        continue
                    between = {x.lower() for x in re.findall(r"[A-Za-z]+", gap)}
                    words = {x.lower().removesuffix("'s").removesuffix("’s") for x in [*w.mine_words, *w.their_words]}
                    if between <= title_words and (words | between) & roles:
                        how = f"sentence similarity {score:.2f}" if score else f"{w.flank}+ words the same either side"
                        yield *_whole_roles(d, r, t, w, m), m, how
                        break


def _whole_roles(d: Document, r: Document, t: Sentence, w: Swap, m: Mention) -> tuple:
    """(draft span, source doc, source span): a swap before the name widened to the whole role up to
    it ("[Assistant] general secretary Gail Mortimer" -> "Assistant general secretary")."""
    first = m.text.split()[0]
    if w.mine[1] > m.start:
        return w.mine, r, w.theirs
    theirs_end = r.text.find(first, w.theirs[1], t.end)
    if theirs_end < 0 or theirs_end - w.theirs[1] > 25:
        return w.mine, r, w.theirs
    mine = (w.mine[0], w.mine[0] + len(d.text[w.mine[0]:m.start].rstrip(" ,")))
    theirs = (w.theirs[0], w.theirs[0] + len(r.text[w.theirs[0]:theirs_end].rstrip(" ,")))
    return mine, r, theirs


class RoleSupport(Check):
    """A person's role or title in a draft that the source gives differently.

    What it does: for each draft checked against its own source, a title attached to a person
    ("Commissioner Nick Ephgrave", "Keith Malthouse, the policing minister") is compared with the
    titles the source gives the same surname; a title the source does not support is flagged with
    the source's title as the suggestion. A title may say less than the source's ("Commissioner"
    for "Commissioner of the Metropolitan Police") but not drop a rank word ("Commissioner" for
    "Assistant Commissioner"). And where a draft sentence restates a source sentence word for word
    but for the role words beside a person's name ("Operations director Claire Ashby said" /
    "Managing director Claire Ashby said"), the draft's are flagged with the source's.
    Why it matters: promoting or demoting a person, or giving them someone else's office, is a
    common slip in rewrites and summaries and is invisible without the source.
    Example: source "Assistant Commissioner Nick Ephgrave", draft "Commissioner Nick Ephgrave" ->
    SUP003 on "Commissioner".
    Known problems: a source that gives no title for the person supports none, and nothing is
    said; titles the extractor misses are compared only where the sentences are otherwise the
    same words; two names for one office ("Tory MP" / "Conservative MP") are flagged there.
    """

    code = "SUP003"
    category = "support"
    summary = "A role the source gives differently"
    needs = frozenset({"people", "titles", "pairs", "stories"})
    scope = "story"  # a draft and its source
    reach = 1  # a draft, its linked sources and the sentence pairs between them
    severity = "warning"
    evident = True  # each finding cites the source's title
    params: ClassVar[dict[str, Any]] = {"min_alignment": 0.55}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for d, src in sources(corpus):
            flagged: list[tuple[int, int]] = []
            for t in d.titles:
                m = d.mentions[t.mention]
                if not m.surname:
                    continue
                theirs = [(r, x) for r in src.docs for x in r.titles
                          if r.mentions[x.mention].surname == m.surname]
                if not theirs or any(title_supported(t.text, x.text) for _, x in theirs) or _said_beside(
                        t.text, m.surname, src):
                    continue
                r, x = theirs[0]
                flagged.append((t.start, t.end))
                yield self.finding(
                    f'"{t.text}" for {m.name or m.text} here, but the source calls {m.surname} "{x.text}".',
                    [d.evidence(t.start, t.end), r.evidence(x.start, x.end)],
                    suggestion=f"{x.text} (as the source says)", confidence=0.75, proof="source")
            for mine, r, theirs, m, how in role_swaps(corpus, d, src, self.p["min_alignment"]):
                if any(a < mine[1] and mine[0] < b for a, b in flagged):
                    continue
                flagged.append(mine)
                t = r.sentence_at(theirs[0])
                assert t is not None
                yield self.finding(
                    f"'{d.text[mine[0]:mine[1]]}' in {m.name or m.text}'s role here, but the source sentence this "
                    f"restates has '{r.text[theirs[0]:theirs[1]]}': {snippet(r, t, theirs[0], theirs[1])} ({how})",
                    [d.evidence(*mine), r.evidence(*theirs)],
                    suggestion=f"{r.text[theirs[0]:theirs[1]]} (as the source says)", confidence=0.65, proof="source")


def _said_beside(title: str, surname: str, src: Source) -> bool:
    """The source writes the draft's title, word for word and with no rank word before it, in a
    sentence naming the person: the title extractor read the source's short ("Minister for Local"
    of "Minister for Local Roads")."""
    pattern = re.compile(rf"(\w+\W+)?\b{re.escape(title)}\b", re.I)
    return any(surname in s.text and not (m.group(1) and m.group(1).strip(" -").lower() in _RANK)
               for r in src.docs for s in r.sentences for m in pattern.finditer(s.text))


def _flip(mine: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, str] | None:
    """(draft word, source word) when a swapped stretch turns one direction, or one side of an
    antonym pair, into another: exactly one such word a side."""
    lex = lexicon()
    a = [w for w in mine if w.lower() in DIRECTION or w.lower() in lex.antonym_words]
    b = [w for w in theirs if w.lower() in DIRECTION or w.lower() in lex.antonym_words]
    if len(a) != 1 or len(b) != 1:
        return None
    u, v = a[0].lower(), b[0].lower()
    if (u, v) in lex.antonyms or (u in DIRECTION and v in DIRECTION and DIRECTION[u] != DIRECTION[v]):
        return a[0], b[0]
    return None


class PredicateSupport(Check):
    """A draft sentence that says the opposite of the source sentence it restates.

    What it does: for each draft checked against its own source, each sentence is compared with
    the source sentences it aligns with; where the two are the same words but for a short stretch,
    and there the draft says one direction and the source another ("rose" / "fell", "frozen" /
    "increased", "lower" / "up from") or one word of an antonym pair of the contradiction lexicon
    and the source the other ("refused" / "agreed"), with the same negation, the draft's word is
    flagged with the source's as the suggestion.
    Why it matters: a rewrite that flips the verb of a claim reverses the news, while every name
    and figure in it still checks out.
    Example: source "Charges will be frozen for a second year", draft "Charges will be increased
    for a second year" -> SUP004 on "increased".
    Known problems: only listed directions and antonym pairs are known; a draft that reports a
    later reversal in the same words ("shares later fell") is flagged too, so it stays a warning.
    """

    code = "SUP004"
    category = "support"
    summary = "A verb or direction flipped against the source"
    needs = frozenset({"pairs", "stories"})
    scope = "story"  # a draft and its source
    reach = 1  # a draft, its linked sources and the sentence pairs between them
    severity = "warning"
    evident = True  # each finding cites the source's word
    params: ClassVar[dict[str, Any]] = {"min_alignment": 0.6, "min_overlap": 0.3}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for d, src in sources(corpus):
            for s in d.sentences:
                for score, r, t, found in restatements(corpus, d, s, src, self.p["min_alignment"]):
                    if score and overlap(s.text, t.text) < self.p["min_overlap"]:
                        continue
                    if negations(tokens(s.text)) % 2 != negations(tokens(t.text)) % 2:
                        continue  # a negation changed too: CON001's business, or a paraphrase
                    flip = next(((w, f) for w in found if (f := _flip(w.mine_words, w.their_words))), None)
                    if flip is None:
                        continue
                    w, (u, v) = flip
                    a = _word_span(d.text, *w.mine, u)
                    b = _word_span(r.text, *w.theirs, v)
                    if a is None or b is None:
                        continue
                    how = f"sentence similarity {score:.2f}" if score else f"{w.flank}+ words the same either side"
                    yield self.finding(
                        f"'{d.text[a[0]:a[1]]}' here, but the source sentence it restates says "
                        f"'{r.text[b[0]:b[1]]}': {snippet(r, t, b[0], b[1])} ({how})",
                        [d.evidence(*a), r.evidence(*b)], suggestion=f"{r.text[b[0]:b[1]]} (as the source says)",
                        confidence=0.7, proof="source")
                    break


def _word_span(text: str, start: int, end: int, word: str) -> tuple[int, int] | None:
    m = re.search(rf"\b{re.escape(word)}\b", text[start:end], re.I)
    return (start + m.start(), start + m.end()) if m else None


class Unstated(Check):
    """What a draft says that its own source does not: one note per draft.

    What it does: for each draft checked against its own source (named by the record's
    ``based_on``, or the reference telling the same story in the same terms), the figures, dates
    and names that the source states nowhere and gives no other value for are listed in one
    information note, each span cited. Nothing is said against a reference that is not the
    draft's source: another story's source, or an earlier article a follow-up adds to.
    Why it matters: a rewrite should add nothing its source does not support; a sub-editor checks
    each addition against another source or the reporter's notes, but needs no warning for each.
    Example: source "45 officers were injured", draft "45 officers were injured and 17 people
    were arrested" -> SUP005 (info) on "17".
    Known problems: a draft may rightly add context from general knowledge or other reporting
    ("the 43 forces of England and Wales"); that is why this is information, never a warning.
    """

    code = "SUP005"
    category = "support"
    summary = "What the draft's own source does not state (one note per draft)"
    needs = frozenset({"quantities", "dates", "frames", "people", "orgs", "pairs", "stories"})
    scope = "story"  # a draft and its source
    reach = 1  # a draft, its linked sources and the sentence pairs between them
    severity = "info"
    params: ClassVar[dict[str, Any]] = {"min_alignment": 0.5, "name_alignment": 0.55, "max_listed": 8}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for d, src in sources(corpus):
            spans: list[tuple[int, int, str]] = []
            for x in unstated_values(d, src):
                if source_value(corpus, d, x, src, self.p["min_alignment"]) is None:
                    spans.append((x.start, x.end, x.text))
            seen: set[str] = set()
            swapped = [span for span, *_ in name_swaps(corpus, d, src, self.p["name_alignment"])]
            for m in d.mentions:
                key = m.surname if m.kind == "person" and m.surname else m.name
                if not key or key in seen or _name_supported(m, src) or any(
                        a < m.end and m.start < b for a, b in swapped):
                    continue  # stated, or SUP002's: another name in its place
                if m.kind == "person" and m.surname and _close_spelling(m.surname, src, _given(m)):
                    continue  # SUP002's: spelled otherwise
                seen.add(key)
                spans.append((m.start, m.end, m.text))
            if not spans:
                continue
            spans.sort()
            shown = ", ".join(f"'{t}'" for _, _, t in spans[:self.p["max_listed"]])
            more = f" and {len(spans) - self.p['max_listed']} more" if len(spans) > self.p["max_listed"] else ""
            how = "named as its source" if src.named else "the same story in the same terms"
            what = "figures, dates or names" if len(spans) != 1 else "figure, date or name"
            yield self.finding(
                f"{len(spans)} {what} here not in this draft's source ({src.ids}, {how}): {shown}{more}. "
                "Check each against other reporting.",
                [d.evidence(a, b) for a, b, _ in spans], suggestion=None, confidence=0.5, severity="info")
