"""Dates layer: years, months, weekdays, full and relative dates from real-world sentences."""

from __future__ import annotations

import pytest

from factcheck.core.model import Document
from factcheck.extract import dates
from factcheck.segment.sentences import segment


def _dates(text: str, date: str | None = None) -> list:
    doc = segment(Document("t", text, date=date))
    dates.extract(doc)
    assert "dates" in doc.layers
    for d in doc.dates:
        assert doc.text[d.start:d.end] == d.text
    return doc.dates


# (sentence, mention as written, kind, year, month, day, weekday)
CASES = [
    ("Acting White House Chief of Staff Mick Mulvaney said Tuesday that the administration proposed less.",
     "Tuesday", "weekday", None, None, None, 1),
    ("They are Mark Rowley, who left the Met in 2018 after serving as head of counterterrorism.", "2018", "year", 2018,
     None, None, None),
    ("Cressida Dick was ousted in February, choosing to resign.", "February", "month", None, 2, None, None),
    ("the initial open enrollment period – which ends March 31 , 2012 – in part", "March 31 , 2012", "date", 2012, 3,
     31, None),
    ("the upcoming general election - widely tipped for 5 April - would be unpredictable", "5 April", "date", None, 4,
     5, None),
    ("Rates went up five times from November 2003 - as the bank sought to cool the market.", "November 2003",
     "month", 2003, 11, None, None),
    ("Philadelphia District Attorney Larry Krasner was impeached Thursday by the House.", "Thursday", "weekday", None,
     None, None, 3),
    ("HMICFRS inspected the force for the 2023-25 period.", "2023", "year", 2023, None, None, None),
    ("UK mortgage lending showed a post-Christmas lull in January, lenders have said.", "January", "month", None, 1,
     None, None),
    ("Payroll growth in May was a little lighter than the consensus forecast.", "May", "month", None, 5, None, None),
]


@pytest.mark.parametrize(("text", "mention", "kind", "year", "month", "day", "weekday"), CASES)
def test_date(text: str, mention: str, kind: str, year: int | None, month: int | None, day: int | None,
              weekday: int | None) -> None:
    found = {d.text: d for d in _dates(text)}
    assert mention in found, f"{mention!r} not in {sorted(found)}"
    d = found[mention]
    assert (d.kind, d.year, d.month, d.day, d.weekday) == (kind, year, month, day, weekday)


def test_may_the_verb_and_the_surname_are_not_months() -> None:
    assert _dates("Theresa May said ministers may act. Mrs May agreed.") == []


def test_decades_and_counts_are_not_years() -> None:
    assert _dates("In the 1990s they drove 2000 miles.") == []


def test_relative_dates_resolve_against_document_date() -> None:
    found = {d.text: d for d in _dates("He said yesterday that last Tuesday and last year were hard.",
                                       date="2019-01-15")}  # a Tuesday
    assert (found["yesterday"].year, found["yesterday"].month, found["yesterday"].day) == (2019, 1, 14)
    assert (found["last Tuesday"].day, found["last Tuesday"].weekday) == (8, 1)
    assert found["last year"].year == 2018


def test_relative_dates_without_document_date_keep_weekday_only() -> None:
    d = _dates("He spoke last Friday.")[0]
    assert (d.kind, d.weekday, d.day) == ("relative", 4, None)
