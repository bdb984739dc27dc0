"""People and organisation mentions on real-world sentences (seed sentences and others)."""

from __future__ import annotations

import pytest

from factcheck.core.model import Document
from factcheck.extract import orgs, people, titles
from factcheck.segment.sentences import segment


def _doc(text: str) -> Document:
    d = Document("t", text)
    segment(d)
    people.extract(d)
    orgs.extract(d)
    titles.extract(d)
    return d


def _persons(d: Document) -> list[str]:
    return [m.text for m in d.mentions if m.kind == "person"]


# (text, person mention texts in order)
PEOPLE = [
    ("The Conservatives blamed London Mayor Sadiq Khan, while Labour blamed the government.", ["Sadiq Khan"]),
    ("Both Ms Patel and Mr Khan publicly supported the decision of the police inspectorate on Tuesday.",
     ["Ms Patel", "Mr Khan"]),
    ("Home Secretary Priti Patel is making the choice.", ["Priti Patel"]),
    ("A source close to Mr Khan said he would draw no lessons from Ms Patel.", ["Mr Khan", "Ms Patel"]),
    ("It comes as the race to succeed Dame Cressida has narrowed.", ["Dame Cressida"]),
    ("They are Mark Rowley, who left the Met in 2018, and Assistant Commissioner Nick Ephgrave.",
     ["Mark Rowley", "Nick Ephgrave"]),
    ("The London mayor said he was confident the Met's commissioner, Sir Mark Rowley, would act.",
     ["Sir Mark Rowley"]),
    ("Cressida Dick was ousted in February after Khan told her he was not convinced.", ["Cressida Dick", "Khan"]),
    ("Senate Minority Leader Mr. McConnell , Kentucky Republican , said the bill was dead .", ["Mr. McConnell"]),
    ("Sen. Joe Manchin III ( D - W.Va . ) voted against the measure .", ["Joe Manchin III"]),
    ("Donald Trump spoke on Monday. Trump ’s allies cheered.", ["Donald Trump", "Trump"]),
    ("Prime Minister Putin met the delegation in Moscow.", ["Putin"]),
    ("Sir Stephen House, the Acting Commissioner, will draw up an action plan.", ["Sir Stephen House"]),
    ("Michael Howard said the party would cut taxes. Mr Howard added that waste was rife.",
     ["Michael Howard", "Mr Howard"]),
    ("The decision was recommended by Matt Parr, the region's superintendent, and approved by Andy Cooke.",
     ["Matt Parr", "Andy Cooke"]),
    ("Tony Blair and Gordon Brown campaigned together in Manchester.", ["Tony Blair", "Gordon Brown"]),
    ("White House press secretary Jen Psaki told reporters on Tuesday that talks continue.", ["Jen Psaki"]),
    ("\u201cWe can\u2019t run away from it,\u201d Rosenberg said.", ["Rosenberg"]),
    ("Secretary of State Rex Tillerson met Russian President Vladimir Putin.", ["Rex Tillerson", "Vladimir Putin"]),
    ("Attorney General Merrick Garland on Tuesday announced the charges.", ["Merrick Garland"]),
    ("Although not officially part of the process, Downing Street also influences the choice.", []),
    ("Never before have so many of the 43 local forces been judged to fail at the same time.", []),
    ("Dr Anthony Fauci and Prof Chris Whitty gave evidence.", ["Dr Anthony Fauci", "Prof Chris Whitty"]),
    ("Khan's response came within an hour.", []),  # a bare surname with no cue stays unresolved
    ("Sadiq Khan spoke first. Khan's response came within an hour.", ["Sadiq Khan", "Khan"]),
]


@pytest.mark.parametrize(("text", "expected"), PEOPLE)
def test_people(text: str, expected: list[str]) -> None:
    d = _doc(text)
    assert _persons(d) == expected
    for m in d.mentions:
        assert d.text[m.start:m.end] == m.text


def test_grouping_and_name_parts() -> None:
    d = _doc("Sadiq Khan responded. Mr Khan said the cuts hurt. Khan's office agreed. "
             "Cressida Dick resigned; Dame Cressida left in April.")
    ms = [m for m in d.mentions if m.kind == "person"]
    khan = {m.entity for m in ms if m.surname == "Khan"}
    assert len(khan) == 1
    assert d.entities[khan.pop()].name == "Sadiq Khan"
    dame = next(m for m in ms if m.honorific == "Dame")
    assert dame.given == "Cressida" and dame.surname is None
    assert d.entities[dame.entity].name == "Cressida Dick"
    mr = next(m for m in ms if m.honorific == "Mr")
    assert (mr.name, mr.given, mr.surname) == ("Khan", None, "Khan")
    poss = [m for m in ms if m.text == "Khan" and d.text[m.end:m.end + 2] == "'s"]
    assert poss, "possessive 's is left out of the mention"


ORGS = [
    ("Nearly one in seven forces is being judged by the HMIC, the official police inspectorate.", ["HMIC"]),
    ("His Majesty\u2019s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) assessed the force.",
     ["Inspectorate of Constabulary and Fire & Rescue Services", "HMICFRS"]),
    ("The downfall of the Met, Britain\u2019s largest police force, surprised no one.", ["Met", "Britain"]),
    ("A spokesman for the Interior Ministry said: \u201cWe expect improvements.\u201d", ["Interior Ministry"]),
    ("The Metropolitan Police has taken special measures.", ["Metropolitan Police"]),
    ("The Bank of England raised rates, the Federal Reserve did not.", ["Bank of England", "Federal Reserve"]),
]


@pytest.mark.parametrize(("text", "expected"), ORGS)
def test_orgs(text: str, expected: list[str]) -> None:
    d = _doc(text)
    assert [m.text for m in d.mentions if m.kind in ("org", "place")] == expected


def test_acronym_joins_expansion() -> None:
    d = _doc("His Majesty\u2019s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) assessed the "
             "force. HMICFRS inspected it again.")
    es = {d.entities[m.entity].acronym for m in d.mentions if m.kind == "org"}
    assert es == {"HMICFRS"}
    assert len({m.entity for m in d.mentions if m.kind == "org"}) == 1
