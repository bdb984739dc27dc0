"""Support checks: a draft against its source (SUP001 figures and dates, SUP002 names, SUP003 roles,
SUP004 a predicate flipped).

They run only where the input has reference material (``--against``, an index) linked to a
checked document; without it they say nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from rapidfuzz.distance import OSA

from factcheck.checks._claims import overlap, snippet
from factcheck.checks._figures import compatible
from factcheck.checks._offices import normalise, office_of
from factcheck.checks._support import Source, aligned_source_sentences, sources
from factcheck.checks.base import Check
from factcheck.core.model import DateMention, Document, Finding, Mention, Quantity, Sentence
from factcheck.extract.polarity import lexicon, negations, tokens
from factcheck.pair.corpus import Corpus

_FIGURES = ("cardinal", "money", "percent", "ratio", "ordinal")
_DATE_FIELDS = ("year", "month", "day", "weekday")


def _date_fields(m: DateMention) -> dict[str, int]:
    return {f: getattr(m, f) for f in _DATE_FIELDS if getattr(m, f) is not None}


def _date_supported(m: DateMention, source: list[DateMention]) -> bool:
    """Some source date agrees on every field both state, and states at least one of the draft's."""
    mine = _date_fields(m)
    for z in source:
        theirs = _date_fields(z)
        common = set(mine) & set(theirs)
        if common and all(mine[f] == theirs[f] for f in common):
            return True
    return False


def _date_differs(m: DateMention, z: DateMention) -> bool:
    """Both state a field of the same kind and it differs: "in 2019" against "in 2018"."""
    mine, theirs = _date_fields(m), _date_fields(z)
    common = set(mine) & set(theirs)
    return bool(common) and any(mine[f] != theirs[f] for f in common)


class ValueSupport(Check):
    """A figure or date in a draft that its source does not state.

    What it does: for each document checked against source material (``--against``), every
    figure (count, sum, percentage, ratio, ordinal) and date (year, month, day, weekday) must be
    stated somewhere in the linked source, allowing for rounding ("about 21,000" for 21,174) and
    units ("£92m" for "92 million"). One that is not is flagged: with the value of the same kind
    that the aligned source sentence states as the suggestion ("54 — the source says 45"), or as
    unsupported when no aligned sentence states one (lower confidence).
    Why it matters: rewritten wire copy and summaries change figures and dates in passing, and a
    sub-editor checking them against the source needs every such change pointed out.
    Example: source "45 officers were injured", draft "54 officers were injured" -> SUP001 on "54".
    Known problems: a draft may add a figure from another source or from general knowledge ("the
    43 forces of England and Wales"); such additions are reported as unsupported, at low confidence.
    Counts of one or two and firsts and seconds ("one of", "both", "the first time") are not
    compared: they are too often idiom.
    """

    code = "SUP001"
    category = "support"
    summary = "A figure or date the source does not state"
    needs = frozenset({"quantities", "dates", "pairs", "stories"})
    scope = "story"  # a draft and the sources linked to it
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {"approx_tolerance": 0.1, "min_alignment": 0.5}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        tol = self.p["approx_tolerance"]
        for d, src in sources(corpus):
            src_q = [q for r in src.docs for q in r.quantities if q.kind in _FIGURES]
            src_d = [m for r in src.docs for m in r.dates if m.kind != "relative"]
            for q in d.quantities:
                if q.kind not in _FIGURES or (q.kind in ("cardinal", "ordinal") and q.value < 3):
                    continue  # "one of", "both", "the first time": idiom more often than a figure
                if any(z.kind == q.kind and z.unit == q.unit and compatible(z, q, tol) for z in src_q):
                    continue
                yield self._figure(corpus, d, q, src)
            for m in d.dates:
                if m.kind == "relative" or not _date_fields(m) or _date_supported(m, src_d):
                    continue
                yield self._date(corpus, d, m, src)

    def _aligned(self, corpus: Corpus, d: Document, sentence: int, src: Source):
        s = d.sentences[sentence]
        return [(score, t) for score, t in aligned_source_sentences(corpus, s, src)
                if score >= self.p["min_alignment"]]

    def _figure(self, corpus: Corpus, d: Document, q: Quantity, src: Source) -> Finding:
        thing = f" ({q.noun})" if q.noun else ""
        for score, t in self._aligned(corpus, d, q.sentence, src):
            r = corpus.doc(t.doc)
            same = [z for z in r.quantities if z.sentence == t.index and z.kind == q.kind and z.unit == q.unit]
            named = [z for z in same if q.noun and z.noun == q.noun] or [z for z in same if not q.noun or not z.noun]
            if named:
                return self._source_says(d, q, thing, r, t, named[0], score)
        return self._unstated(d, q, f"'{q.text}'{thing} is not stated anywhere in the source", "figure", src)

    def _date(self, corpus: Corpus, d: Document, m: DateMention, src: Source) -> Finding:
        for score, t in self._aligned(corpus, d, m.sentence, src):
            r = corpus.doc(t.doc)
            for z in r.dates:
                if z.sentence == t.index and z.kind != "relative" and _date_differs(m, z):
                    return self._source_says(d, m, "", r, t, z, score)
        return self._unstated(d, m, f"'{m.text}' is not a date the source states", "date", src)

    def _source_says(self, d: Document, x: Quantity | DateMention, thing: str, r: Document, t: Sentence,
                     z: Quantity | DateMention, score: float) -> Finding:
        """The draft's value against the one the aligned source sentence states in its place."""
        return self.finding(
            f"'{x.text}'{thing} here, but the source says '{z.text}': {snippet(r, t, z.start, z.end)} "
            f"(sentence similarity {score:.2f})",
            [d.evidence(x.start, x.end), r.evidence(z.start, z.end)],
            suggestion=f"{z.text} (as the source says)", confidence=0.8)

    def _unstated(self, d: Document, x: Quantity | DateMention, what: str, kind: str, src: Source) -> Finding:
        """A value no aligned source sentence gives another value for, and the source never states."""
        return self.finding(f"{what} ({', '.join(r.id for r in src.docs[:3])}).", [d.evidence(x.start, x.end)],
                            suggestion=f"check the {kind} against the source", confidence=0.45)


def _close_spelling(name: str, src: Source) -> str | None:
    """A source surname one or two edits from ``name`` (one for short names), the most used one first."""
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
    return best[1] if best else None


class NameSupport(Check):
    """A person, organisation or place in a draft that its source does not name.

    What it does: for each document checked against source material, every person's surname and
    every organisation or place must appear in the linked source. A surname that the source spells
    differently ("Smyth" where the source says "Smith" throughout) is flagged with the source's
    spelling; a person the source does not name where the aligned source sentence names someone
    else ("a person given another's role") is flagged with that person; an organisation or place
    swapped for another likewise. A name the source never mentions, with nothing in its place, is
    reported for information only.
    Why it matters: a rewrite that misspells a name or gives a statement, role or event to the wrong
    person or body is a serious error that a check of the draft alone cannot see.
    Example: source "said Kit Malthouse", draft "said Kit Malthaus" -> SUP002 on "Malthaus".
    Known problems: a draft may add people from its own reporting; only their absence from the
    source is known, so that is an info finding. Names written differently but legitimately
    (transliterations) are flagged when one or two letters apart.
    """

    code = "SUP002"
    category = "support"
    summary = "A name the source does not give"
    needs = frozenset({"people", "orgs", "pairs", "stories"})
    scope = "story"  # a draft and the sources linked to it
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {"min_alignment": 0.55}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for d, src in sources(corpus):
            seen: set[str] = set()
            for m in d.mentions:
                key = m.surname if m.kind == "person" and m.surname else m.name
                if not key or key in seen or self._supported(m, src):
                    continue
                seen.add(key)
                f = self._finding(corpus, d, m, src)
                if f is not None:
                    yield f

    @staticmethod
    def _supported(m: Mention, src: Source) -> bool:
        if m.kind == "person" and m.surname:
            return m.surname in src.words
        words = [w for w in re.findall(r"[A-Z][\w'’-]*", m.name or m.text)]
        return bool(words) and all(w in src.words for w in words)

    def _finding(self, corpus: Corpus, d: Document, m: Mention, src: Source) -> Finding | None:
        if m.kind == "person" and m.surname:
            close = _close_spelling(m.surname, src)
            if close:
                n = len(src.surnames[close])
                r, i = src.surnames[close][0]
                x = r.mentions[i]
                times = "throughout" if n > 1 else "once"
                return self.finding(
                    f'"{m.surname}" here, but the source spells it "{close}" ({times}).',
                    [d.evidence(m.start, m.end), r.evidence(x.start, x.end)],
                    suggestion=close, confidence=0.85)
        s = d.sentences[m.sentence]
        in_sentence = {x.name for x in d.mentions if x.sentence == m.sentence} | {
            x.surname for x in d.mentions if x.sentence == m.sentence and x.surname}
        for score, t in aligned_source_sentences(corpus, s, src):
            if score < self.p["min_alignment"]:
                continue
            r = corpus.doc(t.doc)
            for x in r.mentions:
                if x.sentence != t.index or x.kind != m.kind:
                    continue
                if (x.surname or x.name) in in_sentence or x.name in in_sentence:
                    continue
                return self.finding(
                    f'"{m.text}" is not in the source; the aligned source sentence has "{x.text}" here: '
                    f"{snippet(r, t, x.start, x.end)} (sentence similarity {score:.2f})",
                    [d.evidence(m.start, m.end), r.evidence(x.start, x.end)],
                    suggestion=f"{x.text} (as the source says)", confidence=0.6)
        return self.finding(
            f'"{m.text}" is not named anywhere in the source ({", ".join(r.id for r in src.docs[:3])}).',
            [d.evidence(m.start, m.end)], suggestion="check the name against the source", confidence=0.3,
            severity="info")


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


class RoleSupport(Check):
    """A person's role or title in a draft that the source gives differently.

    What it does: for each document checked against source material, a title attached to a person
    ("Commissioner Nick Ephgrave", "Keith Malthouse, the policing minister") is compared with the
    titles the source gives the same surname; a title the source does not support is flagged with
    the source's title as the suggestion. A title may say less than the source's ("Commissioner"
    for "Commissioner of the Metropolitan Police") but not drop a rank word ("Commissioner" for
    "Assistant Commissioner").
    Why it matters: promoting or demoting a person, or giving them someone else's office, is a
    common slip in rewrites and summaries and is invisible without the source.
    Example: source "Assistant Commissioner Nick Ephgrave", draft "Commissioner Nick Ephgrave" ->
    SUP003 on "Commissioner".
    Known problems: a source that gives no title for the person supports none, and nothing is
    said; titles the extractor misses are not compared.
    """

    code = "SUP003"
    category = "support"
    summary = "A role the source gives differently"
    needs = frozenset({"people", "titles", "stories"})
    scope = "story"  # a draft and the sources linked to it
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for d, src in sources(corpus):
            for t in d.titles:
                m = d.mentions[t.mention]
                if not m.surname:
                    continue
                theirs = [(r, x) for r in src.docs for x in r.titles
                          if r.mentions[x.mention].surname == m.surname]
                if not theirs or any(title_supported(t.text, x.text) for _, x in theirs):
                    continue
                r, x = theirs[0]
                yield self.finding(
                    f'"{t.text}" for {m.name or m.text} here, but the source calls {m.surname} "{x.text}".',
                    [d.evidence(t.start, t.end), r.evidence(x.start, x.end)],
                    suggestion=f"{x.text} (as the source says)", confidence=0.75)


class PredicateSupport(Check):
    """A draft sentence that says the opposite of the source sentence it restates.

    What it does: for each document checked against source material, each sentence is compared
    with the source sentence it aligns with best; where the two share their content but the draft
    uses one word of an antonym pair and the source the other ("fell" / "rose", "refused" /
    "agreed", "lost" / "won"), with the same negation, the draft's word is flagged with the
    source's as the suggestion.
    Why it matters: a rewrite that flips the verb of a claim reverses the news, while every name
    and figure in it still checks out.
    Example: source "Shares rose 5% after the board agreed to the bid", draft "Shares fell 5% after
    the board refused the bid" -> SUP004 on "fell" (and on "refused").
    Known problems: only the antonym pairs of the contradiction lexicon are known; a draft that
    reports a later reversal ("shares later fell") is flagged too, so it stays a warning.
    """

    code = "SUP004"
    category = "support"
    summary = "A predicate flipped against the source"
    needs = frozenset({"pairs", "stories"})
    scope = "story"  # a draft and the sources linked to it
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {"min_alignment": 0.6, "min_overlap": 0.3}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        lex = lexicon()
        for d, src in sources(corpus):
            for s in d.sentences:
                best = aligned_source_sentences(corpus, s, src)[:1]
                if not best or best[0][0] < self.p["min_alignment"] or overlap(s.text, best[0][1].text) < self.p[
                        "min_overlap"]:
                    continue
                score, t = best[0]
                mine, theirs = tokens(s.text), tokens(t.text)
                if negations(mine) % 2 != negations(theirs) % 2:
                    continue  # a negation changed too: CON001's business, or a paraphrase
                only_mine, only_theirs = set(mine) - set(theirs), set(theirs) - set(mine)
                for u in sorted(only_mine):
                    flipped = sorted(v for v in only_theirs if (u, v) in lex.antonyms)
                    if len(flipped) != 1:
                        continue
                    a = _word_span(d.text, s.start, s.end, u)
                    b = _word_span(corpus.doc(t.doc).text, t.start, t.end, flipped[0])
                    if a is None or b is None:
                        continue
                    r = corpus.doc(t.doc)
                    yield self.finding(
                        f"'{d.text[a[0]:a[1]]}' here, but the source sentence it restates says "
                        f"'{r.text[b[0]:b[1]]}': {snippet(r, t, b[0], b[1])} (sentence similarity {score:.2f})",
                        [d.evidence(*a), r.evidence(*b)], suggestion=f"{r.text[b[0]:b[1]]} (as the source says)",
                        confidence=0.7)


def _word_span(text: str, start: int, end: int, word: str) -> tuple[int, int] | None:
    m = re.search(rf"\b{re.escape(word)}\b", text[start:end], re.I)
    return (start + m.start(), start + m.end()) if m else None
