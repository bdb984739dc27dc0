"""Titles attached to person mentions: pre-modifiers, appositions and "the X, Y"."""

from __future__ import annotations

import pytest

from factcheck.core.model import Document
from factcheck.extract import orgs, people, titles
from factcheck.segment.sentences import segment


def _titles(text: str) -> list[tuple[str, str, str]]:
    d = Document("t", text)
    segment(d)
    people.extract(d)
    orgs.extract(d)
    titles.extract(d)
    for t in d.titles:
        assert d.text[t.start:t.end] == t.text
    return [(t.text, t.form, d.mentions[t.mention].text) for t in d.titles]


CASES = [
    ("They are Mark Rowley and Assistant Commissioner Nick Ephgrave, who ran local police.",
     [("Assistant Commissioner", "premodifier", "Nick Ephgrave")]),
    ("Home Secretary Priti Patel is making the choice.", [("Home Secretary", "premodifier", "Priti Patel")]),
    ("Police Secretary Keith Malthaus rewrote his speech.", [("Police Secretary", "premodifier", "Keith Malthaus")]),
    ("HM Inspector of Constabulary, Lee Freeman, said the Met was changing.",
     [("HM Inspector of Constabulary", "the_x_y", "Lee Freeman")]),
    ("It was recommended by Matt Parr, the region\u2019s superintendent, and approved later.",
     [("the region\u2019s superintendent", "apposition", "Matt Parr")]),
    ("The final two are Mark Rowley, a former head of counter-terrorism, and Nick Ephgrave, currently part of the "
     "armed forces\u2019 top leadership.",
     [("a former head of counter-terrorism", "apposition", "Mark Rowley"),
      ("currently part of the armed forces\u2019 top leadership", "apposition", "Nick Ephgrave")]),
    ("Sen. Jeanne Shaheen ( D - N.H . ) said the vote would wait .", [("Sen.", "premodifier", "Jeanne Shaheen")]),
    ("Gov. Greg Abbott signed the bill.", [("Gov.", "premodifier", "Greg Abbott")]),
    ("Prime Minister Putin met the delegation.", [("Prime Minister", "premodifier", "Putin")]),
    ("Secretary of State Rex Tillerson flew to Moscow.", [("Secretary of State", "premodifier", "Rex Tillerson")]),
    ("Senate Majority Leader Chuck Schumer spoke first.", [("Senate Majority Leader", "premodifier", "Chuck Schumer")]),
    ("The deal was backed by the Home Secretary, Priti Patel, on Monday.",
     [("Home Secretary", "the_x_y", "Priti Patel")]),
    ("Sadiq Khan, Priti Patel and Boris Johnson met.", []),  # a list is not an apposition
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_titles(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _titles(text) == expected
