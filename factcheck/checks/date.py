"""Aligned claims that give a different year, month or weekday for the same event.

What it does: for every aligned sentence pair (embedding-similar, same story or same
  document, where a near-copy or the same leading name is also asked)
  whose wording agrees once dates and figures are masked, it compares the dates
  of each kind: weekdays ("said Tuesday" / "said Friday", "last Tuesday" counts as a
  Tuesday), months and years. When each sentence names exactly one value of a kind that the
  other sentence lacks, the two disagree. Looser pairs are compared when a weekday or month
  fills the same slot in both: the same governing word ("was sentenced [Sunday] to five
  months" / "was sentenced [Tuesday] to five months", "meeting on [Tuesday]" / "[Sunday]'s
  meeting") with a second shared word or name, or, in one document, the same words beside
  them in the same order ("mortgage lending ... in [July]"), which also picks the pair among
  several dates. Reporting words ("said Tuesday") never make a slot; years and dated series
  ("sales rose 4% in March" / "rose 6% in February") are not matched by slot. The side fewer
  aligned mentions support is the
  suspect; with one against one, the later mention, at lower confidence. (A weekday against
  the calendar is DAT004's.)
Why it matters: a weekday or year slipped in one outlet's account ("left the Met in 2018" vs
  "in 2019") misdates the event for every reader who trusts that account.
Example: "Mick Mulvaney said Tuesday that the administration ..." vs "Mulvaney said Friday
  that ..." in the other outlet's report -> DAT001 on "Tuesday", suggest Friday.
Known problems: two similar sentences can report two events on two days ("the House voted
  Tuesday", "the Senate votes Thursday"); pairs from documents published on different days
  are info only, because "Tuesday" in one is "yesterday" in the other.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, ClassVar

from factcheck.checks._claims import (
    CLAIM_GATE,
    MAX_VALUES,
    TIME_WORDS,
    AlignedPair,
    Slot,
    aligned_pairs,
    best_per_suspect,
    different_dates,
    frame,
    pick_suspect,
    same_claim,
    side_shared,
    skip_crowded,
    slot,
    slot_claim,
    snippet,
    undated_pair,
)
from factcheck.checks.base import Check
from factcheck.core.model import DateMention, Document, Finding, Quantity, Sentence
from factcheck.pair.corpus import Corpus

_KINDS = ("weekday", "month", "year")


def _values(m: DateMention) -> dict[str, int]:
    """The comparable parts a mention states: weekday, month, year."""
    out: dict[str, int] = {}
    if m.weekday is not None:  # "Tuesday", "last Tuesday", or "yesterday" resolved against the document date
        out["weekday"] = m.weekday
    if m.kind in ("month", "date") and m.month is not None:
        out["month"] = m.month
    if m.kind in ("year", "month", "date") and m.year is not None:
        out["year"] = m.year
    return out


def _series(p: AlignedPair, qa: list[Quantity], qb: list[Quantity]) -> bool:
    """Each sentence gives its own figure for one measure ("sales rose [4%] in March", "sales rose
    [6%] in February": same kind, unit and slot, different values, no figure in common): a series of
    dated figures rather than one dated claim."""
    if {(q.kind, q.unit, q.value) for q in qa} & {(q.kind, q.unit, q.value) for q in qb}:
        return False
    for x in qa:
        sx = slot(p.doc_a, x.start, x.end, p.a, x.noun)
        for y in qb:
            if (x.kind, x.unit) != (y.kind, y.unit):
                continue
            sy = slot(p.doc_b, y.start, y.end, p.b, y.noun)
            if sx.heads() & sy.heads() or side_shared(sx, sy):
                return True
    return False


def _slot(doc: Document, m: DateMention, s: Sentence) -> Slot:
    return slot(doc, m.start, m.end, s, drop=TIME_WORDS)


def _say(kind: str, v: int) -> str:
    if kind == "weekday":
        return calendar.day_name[v]
    if kind == "month":
        return calendar.month_name[v]
    return str(v)


class DateMismatch(Check):
    code = "DAT001"
    category = "date"
    summary = "Aligned claims give a different year, month or weekday"
    needs = frozenset({"dates", "quantities", "pairs"})
    scope = "story"  # pairs and their support inside one story
    reach = 2  # the other side's support counts mentions in ITS partners, two links away
    severity = "warning"
    params: ClassVar[dict[str, Any]] = dict(CLAIM_GATE)

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        by_sentence: dict[tuple[str, int], list[DateMention]] = defaultdict(list)
        for d in corpus.documents:
            for m in d.dates:
                by_sentence[(d.id, m.sentence)].append(m)
        yield from skip_crowded(self, corpus, by_sentence, "dates")
        figures: dict[tuple[str, int], list[Quantity]] = defaultdict(list)
        for d in corpus.documents:
            for q in d.quantities:
                if q.kind in ("cardinal", "money", "percent"):
                    figures[(d.id, q.sentence)].append(q)
        figures = {k: v for k, v in figures.items() if len(v) <= MAX_VALUES}  # NUM001 notes these sentences
        seen: set[tuple] = set()
        found: list[tuple[float, Finding]] = []
        floor = min(self.p["min_loose_similarity"], self.p["min_close_similarity"], self.p["min_slot_similarity"])
        for p in aligned_pairs(corpus, floor, 0.0):
            ma, mb = by_sentence.get((p.doc_a.id, p.a.index)), by_sentence.get((p.doc_b.id, p.b.index))
            if not ma or not mb:
                continue
            series = _series(p, figures.get((p.doc_a.id, p.a.index), []), figures.get((p.doc_b.id, p.b.index), []))
            for kind in _KINDS:
                va = [(m, v[kind]) for m in ma if kind in (v := _values(m))]
                vb = [(m, v[kind]) for m in mb if kind in (v := _values(m))]
                hit = self._conflict(p, kind, va, vb, series)
                if hit is None:
                    continue
                (x, vx), (y, vy) = hit
                key = (p.doc_a.id, x.start, p.doc_b.id, y.start)
                if key in seen:
                    continue
                seen.add(key)
                found.append((p.score, self._finding(corpus, p, kind, x, vx, y, vy, by_sentence)))
        yield from best_per_suspect(found)

    def _conflict(self, p: AlignedPair, kind: str, va: list[tuple[DateMention, int]],
                  vb: list[tuple[DateMention, int]], series: bool = False,
                  ) -> tuple[tuple[DateMention, int], tuple[DateMention, int]] | None:
        """The one pair of mentions of ``kind`` that disagree and state one claim, if any.

        One value each side: the sentences' agreement decides (``same_claim``), or for weekdays and
        months the slot the two values fill (``slot_claim``). Several values: only the slot can say
        which goes with which ("lending rose in [January], after [December]"), and it must pick one
        pair. Years are not matched by slot alone: "the 2020 cycle" and "the 2022 cycle" are the
        ordinary way to tell two figures apart; nor are the dates of a ``series`` ("sales rose 2% in
        May", "sales rose 1% in April": each sentence gives its own figure for its own date)."""
        in_a, in_b = {v for _, v in va}, {v for _, v in vb}
        xs = [(m, v) for m, v in va if v not in in_b]
        ys = [(m, v) for m, v in vb if v not in in_a]
        if not xs or not ys:
            return None
        if len(va) == 1 and len(vb) == 1:
            (x, _), (y, _) = xs[0], ys[0]
            fx, fy = frame(p.doc_a, x.start, x.end, p.a), frame(p.doc_b, y.start, y.end, p.b)
            if same_claim(p, fx, fy, self.p) or (kind != "year" and not series and slot_claim(
                    p, _slot(p.doc_a, x, p.a), _slot(p.doc_b, y, p.b), fx, fy, self.p)):
                return xs[0], ys[0]
            return None
        if kind == "year" or series:
            return None
        ranked = []
        for x, vx in xs:
            sx, fx = _slot(p.doc_a, x, p.a), frame(p.doc_a, x.start, x.end, p.a)
            for y, vy in ys:
                sy, fy = _slot(p.doc_b, y, p.b), frame(p.doc_b, y.start, y.end, p.b)
                if slot_claim(p, sx, sy, fx, fy, self.p):
                    ranked.append((len(sx.heads() & sy.heads()), len(sx.bigrams & sy.bigrams), len(fx & fy),
                                   (x, vx), (y, vy)))
        ranked.sort(key=lambda t: t[:3], reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0][:3] == ranked[1][:3]):
            return None  # no pair, or no one pair stands out
        return ranked[0][3], ranked[0][4]

    def _finding(self, corpus: Corpus, p: AlignedPair, kind: str, x: DateMention, vx: int, y: DateMention, vy: int,
                 by_sentence: dict[tuple[str, int], list[DateMention]]) -> Finding:
        def support(doc_id: str, gi: int, value: int) -> int:
            n = 0
            for _, k in corpus.aligned(gi):
                s = corpus.sentences[k]
                if s.doc != doc_id and not corpus.same_story(s.doc, doc_id):
                    continue
                n += any(_values(m).get(kind) == value for m in by_sentence.get((s.doc, s.index), []))
            return n

        sa, sb = support(p.doc_a.id, p.i, vx), support(p.doc_b.id, p.j, vy)
        b_suspect, conf = pick_suspect(sa, sb, p.doc_a.reference, p.doc_b.reference)
        (sm, sv, sd, _), (om, ov, od, os_) = ((y, vy, p.doc_b, p.b), (x, vx, p.doc_a, p.a)) if b_suspect else (
            (x, vx, p.doc_a, p.a), (y, vy, p.doc_b, p.b))
        where = "elsewhere in this document" if sd.id == od.id else f"in {od.id}"
        said = _say(kind, sv) + (f", counted from the document date {sd.date[:10]}" if sm.kind == "relative" and sd.date
                                 else "")
        msg = (f"{kind} '{sm.text}' ({said}) here, but the aligned claim {where} says '{om.text}' "
               f"({_say(kind, ov)}): {snippet(od, os_, om.start, om.end)} (sentence similarity {p.score:.2f})")
        if sa == sb and p.doc_a.reference == p.doc_b.reference:
            msg += "; one mention against one, so either may be the wrong one"
        severity = None
        if different_dates(sd, od):
            severity = "info"
            conf *= 0.6
            msg += f"; the documents are dated {sd.date[:10]} and {od.date[:10]}, so relative days may differ"
        elif undated_pair(p):
            severity = "info"
            conf *= 0.6
            msg += "; the documents carry no dates, so the two may be of different times"
        return self.finding(
            msg,
            [sd.evidence(sm.start, sm.end), od.evidence(om.start, om.end)],
            suggestion=f"'{_say(kind, ov)}' as stated {where}, or check the source",
            confidence=conf,
            severity=severity,
        )
