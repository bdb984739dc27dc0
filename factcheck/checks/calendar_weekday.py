"""DAT004: a weekday written beside a full date that falls on another day of the week.

What it does: reads a weekday written next to a full date ("Tuesday 21 May", "Monday, March 5,
  2019") and asks the calendar which day that date was, the year taken from the date itself or,
  failing that, from the document's date. It needs no other sentence, so no flood budget demotes it.
Why it matters: a weekday that does not fit its date misdates the event for every reader, and
  the calendar settles which of the two the text got wrong only with the other facts of the story.
Example: "the new council would hold its first meeting on Tuesday 21 May" in a draft dated May
  2025 -> DAT004 on "Tuesday": 21 May 2025 was a Wednesday.
Known problems: with no year written, the document's year is assumed (a date of an earlier year
  in a dated article is misread), so only a year the text states makes it an error.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

from factcheck.checks.base import Check
from factcheck.core.model import Document, Finding
from factcheck.pair.corpus import Corpus


class WeekdayCalendar(Check):
    code = "DAT004"
    category = "date"
    summary = "A weekday beside a date that falls on another day of the week"
    needs = frozenset({"dates"})
    scope = "story"  # one document at a time
    reach = 0  # reads its own dates only
    evident = True  # the calendar is the proof

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for doc in corpus.documents:
            if not doc.reference:
                yield from self._calendar(doc)

    def _calendar(self, doc: Document) -> Iterator[Finding]:
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
                strength=0.9 if d.year else 0.6,
                proof="calendar" if d.year else None,  # a year the text states: the calendar settles it
            )
