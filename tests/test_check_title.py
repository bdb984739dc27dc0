"""TTL001: should-flag and should-pass tables."""

from __future__ import annotations

import pytest
from corpora import name_corpus as corpus

from factcheck.checks.title import TitleConsistency, compatible, normalise

# (texts, suspect title text)
FLAG = [
    (("They are Mark Rowley, who left the Met in 2018, and Assistant Commissioner Nick Ephgrave, who ran local "
      "police throughout London.",
      "The race has narrowed to Mark Rowley, a former head of counter-terrorism, and Nick Ephgrave, currently part "
      "of the armed forces\u2019 top leadership."),
     "currently part of the armed forces\u2019 top leadership"),
    (("Sen. Jeanne Shaheen ( D - N.H . ) said the vote would wait . Sen. Jeanne Shaheen later agreed .",
      "Speaker Jeanne Shaheen said the deal was close ."), "Speaker"),
    (("President Trump signed the order. President Trump then left for Florida.",
      "Gov. Trump said the order was overdue."), "Gov."),
    (("President Vladimir Putin met the envoy. President Putin said little.",
      "Prime Minister Putin later denied it."), "Prime Minister"),
    (("President Joe Biden spoke. President Biden then left.", "Vice President Joe Biden said the plan works."),
     "Vice President"),
    (("Justice Brett Kavanaugh wrote the opinion. Justice Kavanaugh was joined by four others.",
      "Judge Brett Kavanaugh wrote that the law stands."), "Judge"),
    # an academic title is a title too
    (("Professor Kerstin Dautenhahn leads the project. Professor Dautenhahn told the BBC.",
      "\"It might take longer,\" concluded Chief Executive Dautenhahn."), "Chief Executive"),
]


@pytest.mark.parametrize(("texts", "suspect"), FLAG)
def test_ttl001_flags(texts: tuple[str, ...], suspect: str) -> None:
    found = list(TitleConsistency().run(corpus(*texts)))
    assert [f.evidence[0].text for f in found] == [suspect], [f.message for f in found]
    assert found[0].severity == "warning" and found[0].category == "title"


PASS = [
    # abbreviations
    ("Sen. Jeanne Shaheen spoke.", "Senator Jeanne Shaheen agreed."),
    ("Gov. Greg Abbott signed it.", "Governor Greg Abbott defended it."),
    ("Rep. Nancy Pelosi spoke.", "Representative Nancy Pelosi agreed."),
    # qualifiers: former / then / ex-
    ("Former President Barack Obama spoke.", "President Joe Biden listened. Sen. Barack Obama had said so in 2007."
     " Then-Sen. Barack Obama voted no."),
    ("President Joe Biden spoke.", "Former Vice President Joe Biden had said so in 2016."),
    # partial forms
    ("Home Secretary Priti Patel spoke.", "Secretary Priti Patel agreed."),
    ("Senate Majority Leader Chuck Schumer spoke.", "Majority Leader Chuck Schumer agreed."),
    # offices held together
    ("Sen. Mitch McConnell spoke.", "Senate Majority Leader Mitch McConnell agreed."),
    ("Rep. John Boehner spoke.", "Speaker John Boehner agreed."),
    # two people sharing a surname
    ("President George W. Bush spoke.", "Gov. Jeb Bush agreed."),
    # one title only
    ("Sir Stephen House, the Acting Commissioner, will draw up an action plan.",),
]


@pytest.mark.parametrize("texts", PASS)
def test_ttl001_passes(texts: tuple[str, ...]) -> None:
    found = list(TitleConsistency().run(corpus(*texts)))
    assert found == [], [f.message for f in found]


def test_normalise_and_compatible() -> None:
    assert normalise("Democratic Sen.") == ("senator",)
    assert normalise("the region\u2019s superintendent") == ("superintendent",)
    assert compatible("secretary", "home secretary")
    assert not compatible("president", "vice president")
    assert compatible("senator", "majority leader")
    assert not compatible("attorney general", "president")


def test_one_title_against_one_across_documents_is_reported_once_on_the_later():
    found = list(TitleConsistency().run(corpus("Justice Brett Kavanaugh wrote the opinion.",
                                               "Judge Brett Kavanaugh wrote that the law stands.")))
    assert [(f.evidence[0].doc, f.evidence[0].text) for f in found] == [("d1", "Judge")]


def test_two_established_titles_in_undated_documents_are_info_not_a_slip() -> None:
    texts = ("Sen. Barack Obama spoke in Iowa. Sen. Barack Obama then flew home.",
             "President Barack Obama signed the bill. President Barack Obama then left.")
    found = list(TitleConsistency().run(corpus(*texts)))
    assert found and all(f.severity == "info" for f in found), [f.message for f in found]
    assert "may have changed" in found[0].message
    dated = corpus(*texts)
    for d in dated.documents:
        d.date = "2024-05-01"  # one day: the two titles cannot both be right
    flagged = list(TitleConsistency().run(dated))
    assert flagged and all(f.severity == "warning" for f in flagged)
