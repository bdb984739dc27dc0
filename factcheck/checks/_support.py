"""Shared by the support checks (SUP001-SUP005): which reference is a draft's source, and what it states.

A draft is compared with its own source only: the reference document it was rewritten from. That
is the one its record names (``based_on``), or else the linked reference that tells the same story
in the same terms: most of the draft's proper names, most of its figures and much of its wording
are in it, and the draft uses most of its names and much of its wording in turn, or says little
else (a summary) (``source_match``). A reference of another story, or another article on the
same story (an archive's earlier report, another outlet's: the same people, other words), is not
a source: the draft is not checked against it here (the cross-document checks still compare the
two where they restate one claim).

``Source`` gathers everything the source states: every quantity, date, capitalised word, person
and role, so a value is supported when the source states it anywhere (a value seen once is
enough), and the aligned source sentences give the source's own value for a claim when it is not.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from factcheck.checks._claims import _value_words, content_words, overlap
from factcheck.checks._figures import compatible
from factcheck.checks._frames import owners_compatible
from factcheck.core.model import DateMention, Document, Frame, Quantity, Sentence
from factcheck.pair.corpus import Corpus

_CAPWORD = re.compile(r"[A-Z][\w'’-]*[\w]")
_LOWER = re.compile(r"\b[a-z][\w'’-]*")
_WORD = re.compile(r"[a-z]{4,}")  # content-ish words: short function words say nothing about a story
FIGURES = ("cardinal", "money", "percent", "ratio", "ordinal")

# A reference is a draft's source when it holds this share of the draft's proper names, of its
# figures (when the draft states a few) and of its longer words, and is the best such reference.
# A rewrite keeps most names and figures; another story shares few names.
MIN_NAMES = 0.4
MIN_FIGURES = 0.3
MIN_WORDING = 0.3
MIN_FIGURES_TO_COUNT = 3  # a draft with fewer figures is judged on names and wording
# And the draft is derived from it: a rewrite uses most of the source's names and much of its
# wording too; a summary says little besides what the source says. Another article on the same
# story (an archive's earlier report, another outlet's) shares the names one way at best: on 454
# news articles, 138 same-story pairs pass the shares above and 21 these, nearly all copies.
MIN_COVERAGE = 0.7  # of the source's proper names, in the draft
MIN_REVERSE_WORDING = 0.5  # of the source's longer words, in the draft
SUMMARY_NAMES = 0.5  # a summary: this share of its names and of its words in the source
SUMMARY_WORDING = 0.7


@dataclass
class Source:
    """The reference documents a checked document was written from, and what they state."""

    docs: list[Document]
    named: bool = False  # the user named them (``based_on``), rather than ``source_match`` finding them
    words: set[str] = field(default_factory=set)  # every capitalised word, possessive "'s" dropped
    lower_words: set[str] = field(default_factory=set)  # every word, lower-cased
    surnames: dict[str, list[tuple[Document, int]]] = field(default_factory=lambda: defaultdict(list))  # -> mentions
    _words: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict, repr=False)  # sentence -> its words

    def sentence_words(self, t: Sentence) -> frozenset[str]:
        key = (t.doc, t.index)
        if key not in self._words:
            self._words[key] = _sentence_words(t.text)
        return self._words[key]

    @classmethod
    def of(cls, docs: list[Document], named: bool = False) -> Source:
        src = cls(docs, named)
        for d in docs:
            src.words.update(capitalised_words(d.text))
            src.lower_words.update(w.lower().removesuffix("'s").removesuffix("’s") for w in _TOKEN.findall(d.text))
            for i, m in enumerate(d.mentions):
                if m.kind == "person" and m.surname:
                    src.surnames[m.surname].append((d, i))
        return src

    @property
    def ids(self) -> str:
        return ", ".join(r.id for r in self.docs[:3])


def capitalised_words(text: str) -> set[str]:
    return {w.removesuffix("'s").removesuffix("’s") for w in _CAPWORD.findall(text)}


def proper_names(text: str) -> set[str]:
    """Capitalised words the text never writes in lower case: names, not sentence openers."""
    lower = set(_LOWER.findall(text))
    return {w for w in capitalised_words(text) if w.lower() not in lower and len(w) > 1}


def figures(d: Document) -> list[Quantity]:
    return [q for q in d.quantities if q.kind in FIGURES and q.value >= 3]


@dataclass(frozen=True)
class Match:
    """How far a reference tells the draft's story: shares of the draft's names, figures and words
    the reference states, and of the reference's names and words the draft uses."""

    names: float
    figures: float | None  # None: the draft states too few figures to judge by
    wording: float
    coverage: float = 0.0
    reverse_wording: float = 0.0

    @property
    def score(self) -> float:
        parts = [self.names, self.wording] + ([self.figures] if self.figures is not None else [])
        return sum(parts) / len(parts)

    @property
    def is_source(self) -> bool:
        same_story = (self.names >= MIN_NAMES and self.wording >= MIN_WORDING
                      and (self.figures is None or self.figures >= MIN_FIGURES))
        rewrite = self.coverage >= MIN_COVERAGE and self.reverse_wording >= MIN_REVERSE_WORDING
        summary = self.names >= SUMMARY_NAMES and self.wording >= SUMMARY_WORDING
        return same_story and (rewrite or summary)


def source_match(d: Document, r: Document) -> Match:
    """The share of ``d``'s proper names, figures and words of four letters or more that ``r`` states,
    and of ``r``'s proper names and words that ``d`` uses."""
    names, their_names = proper_names(d.text), proper_names(r.text)
    theirs = capitalised_words(r.text)
    mine_f, their_f = figures(d), figures(r)
    stated = sum(1 for q in mine_f if any(z.unit == q.unit and compatible(z, q, 0.0) for z in their_f))
    words, their_words = set(_WORD.findall(d.text.lower())), set(_WORD.findall(r.text.lower()))
    lower = d.text.lower()
    return Match(
        names=len(names & theirs) / len(names) if names else 0.0,
        figures=stated / len(mine_f) if len(mine_f) >= MIN_FIGURES_TO_COUNT else None,
        wording=len(words & their_words) / len(words) if words else 0.0,
        coverage=sum(1 for w in their_names if w.lower() in lower) / len(their_names) if their_names else 0.0,
        reverse_wording=len(words & their_words) / len(their_words) if their_words else 0.0,
    )


def source_of(d: Document, refs: list[Document]) -> Source | None:
    """``d``'s own source among the reference documents linked to it: the ones its record names,
    else the best-matching reference that passes ``Match.is_source`` (None when none does)."""
    if d.based_on:
        named = [r for r in refs if r.id in d.based_on]
        return Source.of(named, named=True) if named else None
    scored = sorted(((source_match(d, r), n, r) for n, r in enumerate(refs)), key=lambda t: (-t[0].score, t[1]))
    best = [r for m, _, r in scored[:1] if m.is_source]
    return Source.of(best) if best else None


def sources(corpus: Corpus) -> Iterator[tuple[Document, Source]]:
    """Each checked document that has a source among the reference material linked to it, with that
    source, in input order. A named source need not be linked by vectors (assembly links it)."""
    refs = [d for d in corpus.documents if d.reference]
    if not refs:
        return
    for d in corpus.documents:
        if d.reference:
            continue
        linked = [r for r in refs if r.id in d.based_on or corpus.same_story(d.id, r.id)]
        src = source_of(d, linked) if linked else None
        if src is not None:
            yield d, src


def aligned_source_sentences(corpus: Corpus, s: Sentence, src: Source) -> list[tuple[float, Sentence]]:
    """The source sentences the pipeline aligned with ``s``, best first: by embedding score plus the
    share of content words the two have in common (values masked), so of two equally similar
    sentences the one that says the same things around the value comes first."""
    ids = {r.id for r in src.docs}
    out = []
    for score, k in corpus.aligned(corpus.index_of(s)):
        t = corpus.sentences[k]
        if t.doc in ids:
            out.append((score + overlap(s.text, t.text), k, score, t))
    out.sort(key=lambda x: (-x[0], x[1]))
    return [(score, t) for _, _, score, t in out]


# ---------------------------------------------------------------- the source's value for a claim

# A change of direction: "rose" restated as "fell", "frozen" as "increased". Forms are listed, not
# stemmed, so that "cut" (a noun as often as a verb) and "more" (a comparison) stay out.
DIRECTION = {
    **dict.fromkeys("rise rises rose risen rising increase increases increased increasing grew grow grows grown "
                    "growing climb climbs climbed jumped soared gained raise raises raised raising higher up".split(),
                    "up"),
    **dict.fromkeys("fall falls fell fallen falling decrease decreases decreased decreasing dropped declined declines "
                    "decline eased eases easing shrank shrunk slipped reduced reduce reduces lower down".split(),
                    "down"),
    **dict.fromkeys("frozen freeze freezes froze unchanged".split(), "level"),
}

_TOKEN = re.compile(r"\d[\d,.]*\d%?|\d%?|[^\W\d_][\w'’-]*|[^\w\s]")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]+")
# A value after these is a baseline or a bound ("down from 35.2%", "at least 40%"), not the claim itself
_BASELINE = frozenset("from than least most against".split())
_CONTEXT = 5  # words either side of a value that say what it measures ("cut", "households", "turnout")


def _context(d: Document, s: Sentence, start: int, end: int) -> frozenset[str]:
    """Content words within ``_CONTEXT`` words of a value, not past the next value either side (in
    "a budget of £36.8m and a £3.1m gap" the gap is the £3.1m's): what the value measures."""
    values = [(q.start, q.end) for q in d.quantities if q.sentence == s.index and q.kind in FIGURES] + [
        (m.start, m.end) for m in d.dates if m.sentence == s.index and m.kind != "year"]
    left = max([b for a, b in values if b <= start], default=s.start)
    right = min([a for a, b in values if a >= end], default=s.end)
    before = _WORDS.findall(d.text[left:start])[-_CONTEXT:]
    after = _WORDS.findall(d.text[end:right])[:_CONTEXT]
    return content_words(" ".join(before + after), _value_words())


def _left_word(d: Document, s: Sentence, start: int) -> str:
    """The word before a value; "from" only after a change ("down from 35.2%"), not a price ("fares from")."""
    words = [w.lower() for w in _WORDS.findall(d.text[s.start:start])[-4:]]
    if not words or (words[-1] == "from" and not any(w in DIRECTION for w in words[:-1])):
        return ""
    return words[-1]


def _is_age(d: Document, q: Quantity) -> bool:
    """A figure set off after a person's name: "Margaret Holroyd, 58, a retired headteacher"."""
    before, after = d.text[max(0, q.start - 3):q.start], d.text[q.end:q.end + 1]
    return before.rstrip().endswith(",") and after == "," and any(
        m.kind == "person" and 0 <= q.start - m.end <= 3 for m in d.mentions)


def _people(d: Document, s: Sentence) -> set[str]:
    """The words of the people a sentence names: two sentences naming no one in common are about others."""
    return {w.lower() for m in d.mentions if m.sentence == s.index and m.kind == "person" for w in m.text.split()}


@dataclass(frozen=True)
class SourceValue:
    """The source's own statement of a claim: where, what, and how it was matched."""

    doc: Document
    sentence: Sentence
    value: Quantity | DateMention
    alignment: float  # the embedding score of the two sentences (0 when not aligned)
    shared: frozenset[str]  # the measure words around both values
    measure: str | None  # what both measure, by their frames or counted nouns ("cut", "officer")


def source_value(corpus: Corpus, d: Document, x: Quantity | DateMention, src: Source,
                 min_alignment: float) -> SourceValue | None:
    """The value the source gives for the claim ``x`` states, chosen by what it measures: for a
    figure, its claim frame (extract/frames.py: the thing measured, whose, another time or not, a
    level, a change or a baseline, an age) must agree with the source figure's; then the same
    measure, or the same words around both ("cut", "turnout", "households"), or the one such
    value in the source sentence the draft sentence restates. ``None`` when no source value is
    about the same thing: never the nearest figure, which may measure something else (the £2.9m
    library share is no answer for a £4.7m total cut). A date has no frame: its words and its
    sentence decide."""
    s = d.sentences[x.sentence]
    mine, left, people = _context(d, s, x.start, x.end), _left_word(d, s, x.start), _people(d, s)
    fx = _frame(d, x)
    aligned = {corpus.index_of(t): score for score, t in aligned_source_sentences(corpus, s, src)}
    best: tuple[tuple, SourceValue] | None = None
    for r in src.docs:
        candidates = _same_kind(r, x)
        per_sentence = Counter(z.sentence for z in candidates)
        for z in candidates:
            t = r.sentences[z.sentence]
            fz = _frame(r, z)
            if fx is not None and fz is not None and not _frames_agree(_as_claimed(d, fx), _as_claimed(r, fz)):
                continue  # another thing measured, another owner or time, a change against a level
            if isinstance(x, Quantity) and isinstance(z, Quantity) and (
                    (x.noun and x.noun != z.noun and not any(w.startswith(x.noun) for w in _context(r, t, z.start,
                                                                                                   z.end)))
                    or _is_age(d, x) != _is_age(r, z)):
                continue  # they count different things, or one is a person's age
            their_left = _left_word(r, t, z.start)
            if (left in _BASELINE or their_left in _BASELINE) and left != their_left:
                continue  # one is a baseline or a bound, the other the claim
            theirs = _people(r, t)
            if people and theirs and not people & theirs:
                continue  # about different people
            score = aligned.get(corpus.index_of(t), 0.0)
            shared = mine & _context(r, t, z.start, z.end)
            measure = (fx.measure if fx is not None and fz is not None and fx.measure == fz.measure else None) or (
                x.noun if isinstance(x, Quantity) and isinstance(z, Quantity) and x.noun and x.noun == z.noun
                else None)
            # about the same thing: the same measure or measure words, or the one such value in the
            # sentence this restates
            alone = score >= min_alignment and per_sentence[z.sentence] == 1
            if not (measure or len(shared) >= 2 or (shared and score >= min_alignment) or alone):
                continue
            key = (bool(measure), len(shared), score, -z.start)
            if best is None or key > best[0]:
                best = (key, SourceValue(r, t, z, score, shared, measure))
    return best[1] if best else None


def _frame(d: Document, x: Quantity | DateMention) -> Frame | None:
    """The claim frame of a figure (None for a date, or a figure the frame layer did not read)."""
    if not isinstance(x, Quantity):
        return None
    return next((f for f in d.frames if f.start == x.start and f.end == x.end), None)


def _as_claimed(d: Document, f: Frame) -> Frame:
    """A frame whose "baseline" is a price's floor ("fares from £39.99"), not the level a change
    starts from ("up from 76%"), read as the level it states, of the claim's own time."""
    if f.role == "baseline" and not _left_word(d, d.sentences[f.sentence], f.start):
        return replace(f, role="level", time=None if f.time == "other" else f.time)
    return f


def _frames_agree(a: Frame, b: Frame) -> bool:
    """Two figures can state one claim: one kind, one role (level, change, baseline, whole), one time,
    compatible owners, and the same thing measured where both say what. A time one states and the
    other leaves to its context ("2022" and none) is compatible; another time ("a year earlier")
    against the claim's own is not."""
    times = {a.time, b.time}
    other_time = ("other" in times and len(times) > 1) or (None not in times and len(times) > 1)
    return (a.kind == b.kind and a.role == b.role and not other_time and owners_compatible(a, b)
            and not (a.measure and b.measure and a.measure != b.measure))


def _same_kind(r: Document, x: Quantity | DateMention) -> list[Quantity | DateMention]:
    if isinstance(x, Quantity):
        return [z for z in r.quantities if z.kind == x.kind and z.unit == x.unit]
    return [z for z in r.dates if z.kind != "relative" and date_differs(x, z)]


_DATE_FIELDS = ("year", "month", "day", "weekday")


def date_fields(m: DateMention) -> dict[str, int]:
    return {f: getattr(m, f) for f in _DATE_FIELDS if getattr(m, f) is not None}


def date_differs(m: DateMention, z: DateMention) -> bool:
    """Both state a field of the same kind and it differs: "in 2019" against "in 2018"."""
    mine, theirs = date_fields(m), date_fields(z)
    common = set(mine) & set(theirs)
    return bool(common) and any(mine[f] != theirs[f] for f in common)


# ---------------------------------------------------------------- a word swapped in a restatement

@dataclass(frozen=True)
class Swap:
    """Where a draft sentence and the source sentence it restates differ by a few words, the rest equal."""

    mine: tuple[int, int]  # span in the draft
    theirs: tuple[int, int]  # span in the source
    mine_words: tuple[str, ...]
    their_words: tuple[str, ...]
    flank: int  # the fewer of the words the two share before and after it (after: a sentence end counts as many)


def swaps(d: Document, s: Sentence, r: Document, t: Sentence, max_words: int = 4, at_start: bool = False
          ) -> list[Swap]:
    """The short replaced stretches between two sentences that are otherwise the same words, each
    between two stretches both share ("headquarters in [Taunton] on Saturday" / "headquarters in
    [Exeter at 12 noon] on Saturday"), or at a sentence end after one (or, ``at_start``, at a
    sentence start before one: "[Operations] director Claire Ashby said")."""
    a = [(m.group(), s.start + m.start(), s.start + m.end()) for m in _TOKEN.finditer(d.text[s.start:s.end])]
    b = [(m.group(), t.start + m.start(), t.start + m.end()) for m in _TOKEN.finditer(r.text[t.start:t.end])]
    ops = SequenceMatcher(None, [w.lower() for w, _, _ in a], [w.lower() for w, _, _ in b],
                          autojunk=False).get_opcodes()
    out = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "replace" or i2 - i1 > max_words or j2 - j1 > max_words:
            continue
        before = k > 0 and ops[k - 1][0] == "equal"
        after = k + 1 < len(ops) and ops[k + 1][0] == "equal"
        at_end = k + 1 == len(ops)
        if (before and (after or at_end)) or (at_start and k == 0 and after):
            flank = min(ops[k - 1][2] - ops[k - 1][1] if before else 1 << 20,
                        ops[k + 1][2] - ops[k + 1][1] if after else 1 << 20)
            out.append(Swap((a[i1][1], a[i2 - 1][2]), (b[j1][1], b[j2 - 1][2]),
                            tuple(w for w, _, _ in a[i1:i2]), tuple(w for w, _, _ in b[j1:j2]), flank))
    return out


def _sentence_words(text: str) -> frozenset[str]:
    return frozenset(m.group().lower() for m in _TOKEN.finditer(text))


LEXICAL_FLANK = 3  # a swap between this many shared words either side is a restatement, however it embeds


def restatements(corpus: Corpus, d: Document, s: Sentence, src: Source, min_alignment: float,
                 at_start: bool = False) -> Iterator[tuple[float, Document, Sentence, list[Swap]]]:
    """Source sentences ``s`` restates, with the swaps between them, best aligned first: those the
    pipeline aligned at ``min_alignment`` or more (any swap), then any other source sentence with a
    swap between ``LEXICAL_FLANK`` shared words either side ("... car parks will be [increased]
    for a second year" in a sentence that also holds another claim, so embeds far from the
    source's "... car parks will be [frozen] for a second year")."""
    aligned = [(score, t) for score, t in aligned_source_sentences(corpus, s, src) if score >= min_alignment]
    seen = {corpus.index_of(t) for _, t in aligned}
    for score, t in aligned:
        yield score, corpus.doc(t.doc), t, swaps(d, s, corpus.doc(t.doc), t, at_start=at_start)
    mine = _sentence_words(s.text)
    for r in src.docs:
        for t in r.sentences:
            if corpus.index_of(t) in seen or len(mine & src.sentence_words(t)) < 2 * LEXICAL_FLANK:
                continue  # too few words in common to hold a swap between two shared stretches
            strong = [w for w in swaps(d, s, r, t, at_start=at_start) if w.flank >= LEXICAL_FLANK]
            if strong:
                yield 0.0, r, t, strong
