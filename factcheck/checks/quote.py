"""Quote checks: one quote given to two speakers (QUO001), one quote worded two ways (QUO002)."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, ClassVar

from rapidfuzz import fuzz

from factcheck.checks._quotes_match import (
    QuoteRef,
    candidate_pairs,
    echo,
    is_person,
    linked,
    mentions_surname,
    overlap_text,
    same_speaker,
    shared_phrase,
    similarity,
    speaker_name,
    story_quotes,
    surname,
    unresolved,
    written_as_pronoun,
)
from factcheck.checks.base import Check
from factcheck.core.model import Document, Evidence, Finding, Severity
from factcheck.pair.corpus import Corpus

_CONTRACTIONS = {"n't": "not", "'s": "is", "'re": "are", "'ll": "will", "'ve": "have", "'m": "am", "'d": "would"}
_STOPWORDS = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being it its this that these "
    "those i we you he she they me us him her them my our your his their there here so not no do does did have has "
    "had will would can could should may might must just very also than then what which who whom whose when where "
    "why how all any some such only own same too s t".split()
)


def _span(doc: Document, start: int, end: int) -> Evidence:
    return doc.evidence(start, end)


def _speaker_evidence(r: QuoteRef) -> Evidence:
    q = r.quote
    assert q.speaker_start is not None and q.speaker_end is not None
    return _span(r.doc, q.speaker_start, q.speaker_end)


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _in_sentence(doc: Document, offset: int) -> tuple[int, int]:
    s = doc.sentence_at(offset)
    return (s.start, s.end) if s else (offset, offset)


_Unit = tuple[str, int, int]  # (doc id, speaker start, speaker end)


def _unit(r: QuoteRef) -> _Unit:
    q = r.quote
    start = -1 if q.speaker_start is None else q.speaker_start
    return (r.doc.id, start, -1 if q.speaker_end is None else q.speaker_end)


def _written(r: QuoteRef) -> str | None:
    """The speaker as the attribution names them: a given name is compared only where it is written
    ("Geoffrey Pellow" / "Daniel Pellow"), never one guessed by linking a bare "Trump" to a relative."""
    return r.quote.speaker or speaker_name(r.doc, r.quote)


def _relayed(a: QuoteRef, b: QuoteRef) -> bool:
    """Not a conflict: one outlet quotes a person quoting someone else (the other speaker is named in the
    quote's own attribution clause), or a quote names its attributed speaker in the third person."""
    shared = overlap_text(a, b)
    for n, (x, y) in enumerate(((a, b), (b, a))):
        q = x.quote
        sy = _written(y)
        if not sy:
            continue
        s_low = (surname(sy) or "").lower()
        if s_low and re.search(rf"\b{re.escape(s_low)}\b", shared[n]):
            # "Crooked Hillary Clinton is ..." is not Clinton speaking; a name outside the shared words
            # ("Governors are fully behind Mrs Mottram. We know where we need to improve") says nothing
            return True
        s, e = _in_sentence(x.doc, q.start)
        head = x.doc.text[s:q.start].rstrip().rstrip('"\u201c\u201e')
        cut = max(head.rfind("\u201d"), head.rfind('"'))
        head = head[cut + 1:] if cut >= 0 else head
        tail = x.doc.text[q.end:min(e, q.end + 100)]
        nxt = min((i for i in (tail.find("\u201c", 2), tail.find('"', 2)) if i >= 0), default=len(tail))
        if mentions_surname(head + " " + tail[:nxt], sy):
            return True
    return False


class QuoteSpeaker(Check):
    """Same quote attributed to different speakers.

    What it does: matches quotes of one article, or of two articles linked as one story, fuzzily (outlets
    trim and extend quotes differently) and compares their speakers; a person named differently ("Mr Khan",
    "Sadiq Khan", "he") is the same speaker, relatives sharing a surname ("Geoffrey Pellow", "Daniel
    Pellow") are not. Across documents the suspect side is the minority attribution (each side's matches
    in the articles linked to it), else the speaker who is not otherwise tied to the story (absent from
    the other article while the other speaker appears in this one); a draft's source is never the suspect.
    Inside one article, a quote repeated later, whole or as a verbatim fragment of three words or more
    ("as X put it", "in X's words", "X's warning that ..."), with another speaker is flagged on the repeat.
    Why it matters: putting one person's words in another's mouth is a serious error, and a common slip
    when a writer merges material from several sources or echoes a quote further down the copy.
    Example: "There is a dangerous movement spreading across America today," Noem said. / ... Reeves said.
    Inside one draft: Michael Brannigan said: "She knew hundreds of customers by name ..." then "As Mrs
    Kershaw put it, she "knew hundreds of customers by name"".
    Known problems: two people really can say the same words (joint statements, slogans, a person reading
    another's words aloud); quotes under six words are compared only as a later echo of a longer quote in
    the same article; a speaker named in the shared words or in the other quote's own clause is read as
    relaying it; a repeat whose speaker is a resolved pronoun ("he said") is left alone, since pronoun
    resolution is likelier to be wrong than the copy.
    """

    code = "QUO001"
    category = "quote"
    summary = "Same quote attributed to different speakers"
    needs = frozenset({"quotes", "stories"})
    scope = "story"  # the quotes of one story
    reach = 2  # a document's quotes against its partners', each side voted on by its own partners
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {"min_words": 6, "min_similarity": 90.0, "min_echo_words": 3}
    limits: ClassVar[dict[str, tuple[float, float]]] = {"min_similarity": (0.0, 100.0)}  # a 0-100 similarity

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        known: dict[tuple[str, int], bool] = {}  # a quote's speaker is a named person (read once, not per story)

        def named(r: QuoteRef) -> bool:
            key = (r.doc.id, r.index)
            if key not in known:
                known[key] = not unresolved(r.doc, r.quote) and is_person(r.doc, r.quote) and not shared_phrase(
                    r.doc, r.quote)
            return known[key]

        # the quotes within two links: a conflict's two sides are voted on by each side's own partners
        for d, refs in story_quotes(corpus, min(self.p["min_words"], self.p["min_echo_words"]), hops=2):
            yield from self._story(corpus, d, [r for r in refs if named(r)])

    def _story(self, corpus: Corpus, focus: Document, refs: list[QuoteRef]) -> Iterator[Finding]:
        """Findings about ``focus`` from the quotes of it, its story partners and theirs (``refs``): quotes
        of one document or of two linked documents are compared, those of ``focus`` with its partners'
        for conflicts, and each side's matches with its own partners' count as votes on it."""
        short = self.p["min_words"]
        matches = [
            (a, b) for a, b in candidate_pairs(refs)
            if (corpus.same_story(focus.id, a.doc.id) or corpus.same_story(focus.id, b.doc.id))
            and linked(corpus, a, b) and similarity(a, b) >= self.p["min_similarity"]
            # a short quote is compared only as a verbatim echo of a longer one earlier in its article
            and (min(len(a.words), len(b.words)) >= short or echo(a, b) or echo(b, a))
        ]
        # an attribution unit is one written speaker span: a speaker's continued or follow-on quotes share it
        agree: dict[_Unit, set[_Unit]] = defaultdict(set)
        disagree: dict[_Unit, set[_Unit]] = defaultdict(set)
        conflicts: dict[tuple[_Unit, _Unit], tuple[QuoteRef, QuoteRef]] = {}
        for a, b in matches:
            ua, ub = _unit(a), _unit(b)
            if ua == ub:
                continue
            if same_speaker(_written(a), _written(b)):
                agree[ua].add(ub)
                agree[ub].add(ua)
            elif not _relayed(a, b):
                disagree[ua].add(ub)
                disagree[ub].add(ua)
                conflicts.setdefault((ua, ub), (a, b))
        flagged: set[_Unit] = set()
        for a, b in conflicts.values():
            if a.doc is not focus and b.doc is not focus:
                continue  # two partners' quotes: their votes count above, a finding is theirs to make
            suspect, other, conf = self._suspect(a, b, agree, disagree)
            if suspect is None or suspect.doc is not focus or _unit(suspect) in flagged:
                continue
            flagged.add(_unit(suspect))
            yield self._finding(suspect, other, conf, severity=None if conf > 0.3 else "info")

    def _suspect(
        self, a: QuoteRef, b: QuoteRef, agree: dict[_Unit, set[_Unit]], disagree: dict[_Unit, set[_Unit]]
    ) -> tuple[QuoteRef | None, QuoteRef, float]:
        if a.doc is b.doc:
            return self._suspect_in_article(a, b)
        sa, sb = speaker_name(a.doc, a.quote), speaker_name(b.doc, b.quote)
        score = {}  # higher = more likely the wrong attribution
        for x, y, sx, sy in ((a, b, sa, sb), (b, a, sb, sa)):
            u = _unit(x)
            # other outlets settle it: disagreeing documents against agreeing ones
            s = 2.0 * (len({v[0] for v in disagree[u]}) - len({v[0] for v in agree[u]}))
            if x.doc is not y.doc:
                if mentions_surname(y.doc.text, sx) == 0:
                    s += 1  # this speaker is not in the other outlet's story at all
                if mentions_surname(x.doc.text, sy) > 0:
                    s += 1  # while the other speaker appears in this article
            if mentions_surname(x.doc.text, sx) <= 1 and not written_as_pronoun(x.doc, x.quote):
                s += 0.5  # named nowhere else in its own article: a speaker with no introduction
            if written_as_pronoun(x.doc, x.quote):
                s -= 5  # a resolved "he" is not a name someone typed wrong
            if x.doc.reference:
                s -= 10
            score[id(x)] = s
        if score[id(a)] == score[id(b)]:
            # one against one with nothing to settle it (two people can use one slogan): the later
            # document, low confidence, reported as info
            return b, a, 0.3
        suspect, other = (a, b) if score[id(a)] > score[id(b)] else (b, a)
        if suspect.doc.reference or written_as_pronoun(suspect.doc, suspect.quote):
            return None, other, 0.0
        margin = abs(score[id(a)] - score[id(b)])
        return suspect, other, min(0.9, 0.45 + 0.1 * margin)

    @staticmethod
    def _suspect_in_article(a: QuoteRef, b: QuoteRef) -> tuple[QuoteRef | None, QuoteRef, float]:
        """One article gives the same words to two people: the repeat (the shorter quote, else the later one)
        is the suspect, as a writer quotes in full first and echoes later ("as X put it", "in X's words")."""
        first, later = (a, b) if a.quote.start <= b.quote.start else (b, a)
        if len(later.words) > len(first.words):
            first, later = later, first
        if written_as_pronoun(later.doc, later.quote):
            return None, first, 0.0  # a "he said" resolved to the wrong person is likelier than a slip
        # the original speaker was resolved from a pronoun: a weaker reading, reported as info
        return later, first, 0.3 if written_as_pronoun(first.doc, first.quote) else 0.5

    def _finding(self, suspect: QuoteRef, other: QuoteRef, conf: float, severity: Severity | None) -> Finding:
        sq, oq = suspect.quote, other.quote
        other_name = speaker_name(other.doc, oq) or "another speaker"
        where = "elsewhere in this article" if suspect.doc is other.doc else f"in {other.doc.id}"
        written = other.doc.text[oq.speaker_start:oq.speaker_end] if oq.speaker_start is not None else other_name
        shown = written if written == other_name else f"{written} ({other_name})"
        ev = [_speaker_evidence(suspect), _speaker_evidence(other), _span(suspect.doc, sq.start, sq.end),
              _span(other.doc, oq.start, oq.end)]
        return self.finding(
            f"The quote \u201c{_short(sq.text)}\u201d is attributed to {sq.speaker} here but to {shown} {where}.",
            ev,
            suggestion=f"Check who said it; the other source gives {other_name}.",
            confidence=conf,
            severity=severity,
        )


class QuoteWording(Check):
    """Same quote worded differently inside quotation marks.

    What it does: matches quotes of two documents linked as one story and flags a pair that agrees almost
    word for word but swaps a content word or two; tokenization, punctuation, case and ellipsis
    (words left out) are not differences.
    Why it matters: text inside quotation marks claims to be the speaker's exact words.
    Example: "a dangerous movement spreading across America" vs "a dangerous movement sweeping across America".
    Known problems: outlets transcribe speech differently and translations differ; which wording is right
    cannot be told from the texts, so the finding is a warning at most.
    """

    code = "QUO002"
    category = "quote"
    summary = "Same quote reworded inside quotation marks"
    needs = frozenset({"quotes", "stories"})
    scope = "story"  # the quotes of one story
    reach = 1  # a document's quotes against its linked partners', votes counted among them
    # info by default: on the dev archive every reworded pair found was a real difference in transcription
    # between outlets (or translations), which a reviewer may want to see but which is rarely an error
    severity = "info"
    params: ClassVar[dict[str, Any]] = {"min_words": 8, "min_similarity": 85.0, "max_swapped": 2, "min_equal": 0.85}
    limits: ClassVar[dict[str, tuple[float, float]]] = {"min_similarity": (0.0, 100.0)}  # a 0-100 similarity

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for d, refs in story_quotes(corpus, self.p["min_words"]):
            for a, b in candidate_pairs(refs):
                if a.doc is b.doc or (a.doc is not d and b.doc is not d) or not linked(corpus, a, b):
                    continue  # a finding about d compares d with a linked partner
                if similarity(a, b) < self.p["min_similarity"]:
                    continue
                f = self._compare(a, b)
                if f is not None and f.evidence[0].doc == d.id:
                    yield f

    def _compare(self, a: QuoteRef, b: QuoteRef) -> Finding | None:
        swaps = _swaps(list(a.words), list(b.words))
        if swaps is None:
            return None
        equal, changed = swaps
        content = [(x, y) for x, y in changed if not (set(x + y) <= _STOPWORDS)]
        if not content or len(changed) > self.p["max_swapped"]:
            return None
        if equal < self.p["min_equal"] * min(len(a.words), len(b.words)):
            return None
        if any(_variant(x, y) for x, y in content):
            return None
        sa, sb = speaker_name(a.doc, a.quote), speaker_name(b.doc, b.quote)
        if sa and sb and not unresolved(a.doc, a.quote) and not unresolved(b.doc, b.quote) and not same_speaker(sa, sb):
            return None  # a different speaker is QUO001's business
        suspect, other = (a, b) if a.doc.reference is False and b.doc.reference else (b, a)
        if suspect.doc.reference:
            return None
        words = "; ".join(f"\u201c{' '.join(y)}\u201d vs \u201c{' '.join(x)}\u201d" for x, y in content)
        if suspect is a:
            words = "; ".join(f"\u201c{' '.join(x)}\u201d vs \u201c{' '.join(y)}\u201d" for x, y in content)
        sq, oq = suspect.quote, other.quote
        return self.finding(
            f"The same quote is worded differently in {suspect.doc.id} and {other.doc.id}: {words}.",
            [_span(suspect.doc, sq.start, sq.end), _span(other.doc, oq.start, oq.end)],
            suggestion="Check the exact words against the source; quotation marks promise them.",
            confidence=0.45,
            severity=self.severity if len(content) == 1 else "info",  # two swaps: likely another transcript
        )


def _swaps(a: list[str], b: list[str]) -> tuple[int, list[tuple[list[str], list[str]]]] | None:
    """Matching words and the replaced word runs in the overlap of two quotes (ends trimmed by outlets ignored)."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ops = sm.get_opcodes()
    # drop leading/trailing insertions and deletions: one outlet quoted more of the same speech
    while ops and ops[0][0] in ("insert", "delete"):
        ops = ops[1:]
    while ops and ops[-1][0] in ("insert", "delete"):
        ops = ops[:-1]
    if not ops:
        return None
    equal = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    changed = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "replace":
            if i2 - i1 > 3 or j2 - j1 > 3:
                return None  # a different passage, not a reworded word
            changed.append((a[i1:i2], b[j1:j2]))
        elif tag in ("insert", "delete") and max(i2 - i1, j2 - j1) > 3:
            return None  # an inner cut of several words is an ellipsis or another passage
    return equal, changed


def _expanded(words: list[str]) -> str:
    out = []
    for w in words:
        for short, full in _CONTRACTIONS.items():
            if w.endswith(short):
                w = w[: -len(short)] + full
        out.append(w)
    return "".join(out)


def _variant(x: list[str], y: list[str]) -> bool:
    """Spelling, number-format and contraction variants are not rewordings."""
    jx, jy = "".join(x), "".join(y)
    if jx == jy or _expanded(x) == _expanded(y):
        return True
    return len(jx) > 4 and fuzz.ratio(jx, jy) >= 85  # "favour"/"favor", "realise"/"realize"


__all__ = ["QuoteSpeaker", "QuoteWording"]
