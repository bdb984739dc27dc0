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


ROLE_CASES = [
    # sentence-case roles before a name, recognised by their head noun
    ("Council leader Tom Hargreaves said the authority had no options.",
     [("Council leader", "role", "Tom Hargreaves")]),
    ("Recording a conclusion, assistant coroner Helen Marsh said he was not seen.",
     [("assistant coroner", "role", "Helen Marsh")]),
    ("It came from a long pass by Redmoor captain Tom Hadley.", [("Redmoor captain", "role", "Tom Hadley")]),
    ("Chief executive Dr Fiona Radcliffe said the figures showed progress.",
     [("Chief executive", "role", "Dr Fiona Radcliffe")]),
    # a rank joined by a hyphen, a lowercase rank before a capitalised title
    ("Vice-captain Tom Hadley was making his 150th appearance.", [("Vice-captain", "premodifier", "Tom Hadley")]),
    ("He and his shadow Chancellor Oliver Letwin have been edging towards it.",
     [("shadow Chancellor", "premodifier", "Oliver Letwin")]),
    # a lowercase apposition opening with its role
    ("Mark Ellery, managing director of Harrowfield Homes, told the meeting.",
     [("managing director of Harrowfield Homes", "apposition", "Mark Ellery")]),
    # no role: family words, a list of people, a headline's verb
    ("His son Daniel Pellow said the firm almost went under.", []),
    ("The trio are chief executive Willie Walsh, chief financial officer Brian Dunne and chief operations "
     "officer Seamus Kearney.",
     [("chief executive", "role", "Willie Walsh"), ("chief financial officer", "role", "Brian Dunne"),
      ("chief operations officer", "role", "Seamus Kearney")]),
    ("Bramley Town sack manager Gary Whitcombe\n\nThe club said so on Monday.", []),
]


@pytest.mark.parametrize(("text", "expected"), ROLE_CASES)
def test_roles(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _titles(text) == expected


@pytest.mark.parametrize(("title", "role"), [
    ("the Liberal Democrat deputy group leader", "deputy group leader"),
    ("leader of the Liberal Democrat group", "leader"),
    ("WER director of enforcement", "enforcement director"),
    ("the firm's finance director", "finance director"),
    ("DCI", "chief detective inspector"),
    ("Vice-chairman", "vice chairman"),
    ("chief executive officer", "chief executive"),
    ("sacked manager", "manager"),
    ("Redmoor captain", "captain"),
])
def test_parse_role(title: str, role: str) -> None:
    from factcheck.extract._roles import parse

    assert str(parse(title)) == role


def test_no_role_without_a_role_noun() -> None:
    from factcheck.extract._roles import parse

    assert parse("his son") is None
