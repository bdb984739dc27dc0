"""Aligned claims that give a different year, month or weekday for the same event.

What it does: for every aligned sentence pair (embedding-similar, same story or same
  document, where a near-copy or the same leading name is also asked)
  whose wording agrees once dates and figures are masked, it compares the dates
  of each kind: weekdays ("said Tuesday" / "said Friday", "last Tuesday" counts as a
  Tuesday), months and years. When each sentence names exactly one value of a kind that the
  other sentence lacks, the two disagree. The side fewer aligned mentions support is the
  suspect; with one against one, the later mention, at lower confidence. It also checks a
  weekday written next to a full date against the calendar ("Tuesday, March 5, 2019" was
  a Tuesday), the year taken from the date or, failing that, from the document's date.
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
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, ClassVar

from factcheck.checks._claims import (
    AlignedPair,
    aligned_pairs,
    best_per_suspect,
    different_dates,
    frame,
    pick_suspect,
    same_claim,
    snippet,
)
from factcheck.checks.base import Check
from factcheck.corpus import Corpus
from factcheck.model import DateMention, Document, Finding

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
    needs = frozenset({"dates", "pairs"})
    severity = "warning"
    # thresholds chosen on the dev bench: see _claims.same_claim
    params: ClassVar[dict[str, Any]] = {
        "min_similarity": 0.7, "min_overlap": 0.5, "min_close_similarity": 0.75, "min_close_overlap": 0.25,
        "min_loose_similarity": 0.6, "min_loose_overlap": 0.3,
        "min_frame": 2, "min_same_doc_similarity": 0.8, "min_same_doc_frame": 3,
    }

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        by_sentence: dict[tuple[str, int], list[DateMention]] = defaultdict(list)
        for d in corpus.documents:
            for m in d.dates:
                by_sentence[(d.id, m.sentence)].append(m)
        seen: set[tuple] = set()
        found: list[tuple[float, Finding]] = []
        for p in aligned_pairs(corpus, min(self.p["min_loose_similarity"], self.p["min_close_similarity"]),
                                   min(self.p["min_loose_overlap"], self.p["min_close_overlap"])):
            ma, mb = by_sentence.get((p.doc_a.id, p.a.index)), by_sentence.get((p.doc_b.id, p.b.index))
            if not ma or not mb:
                continue
            for kind in _KINDS:
                va = [(m, v[kind]) for m in ma if kind in (v := _values(m))]
                vb = [(m, v[kind]) for m in mb if kind in (v := _values(m))]
                only_a = sorted({v for _, v in va} - {v for _, v in vb})
                only_b = sorted({v for _, v in vb} - {v for _, v in va})
                if len(only_a) != 1 or len(only_b) != 1 or len(va) != 1 or len(vb) != 1:
                    continue
                x, y = va[0][0], vb[0][0]
                if not same_claim(p, frame(p.doc_a, x.start, x.end, p.a), frame(p.doc_b, y.start, y.end, p.b), self.p):
                    continue
                key = (p.doc_a.id, x.start, p.doc_b.id, y.start)
                if key in seen:
                    continue
                seen.add(key)
                found.append((p.score, self._finding(corpus, p, kind, x, va[0][1], y, vb[0][1], by_sentence)))
        for doc in corpus.documents:
            if not doc.reference:
                found.extend((1.0, f) for f in self._calendar(doc))
        yield from best_per_suspect(found)

    def _calendar(self, doc: Document) -> Iterator[Finding]:
        """A weekday beside a full date that falls on another day of the week."""
        anchor_year = int(doc.date[:4]) if doc.date and doc.date[:4].isdigit() else None
        for w, d in zip(doc.dates, doc.dates[1:], strict=False):
            if w.kind != "weekday" or d.kind != "date" or d.month is None or d.day is None:
                continue
            if not re.fullmatch(r"[\s,]*(?:the\s+)?", doc.text[w.end:d.start]):
                continue
            year = d.year or anchor_year
            try:
                real = dt.date(year, d.month, d.day).weekday() if year else None
            except ValueError:
                continue
            if real is None or real == w.weekday:
                continue
            source = "" if d.year else f" (year {year} from the document date)"
            yield self.finding(
                f"weekday '{w.text}' but {d.text}{source} was a {calendar.day_name[real]}",
                [doc.evidence(w.start, w.end), doc.evidence(d.start, d.end)],
                suggestion=f"'{calendar.day_name[real]}', or correct the date",
                confidence=0.9 if d.year else 0.6,
                severity="error" if d.year else None,
            )

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
        return self.finding(
            msg,
            [sd.evidence(sm.start, sm.end), od.evidence(om.start, om.end)],
            suggestion=f"'{_say(kind, ov)}' as stated {where}, or check the source",
            confidence=conf,
            severity=severity,
        )
