"""The frames layer and the checks that pair figures and dates by frame: NUM004, NUM005, DAT002, DAT003."""

from __future__ import annotations

import pytest

from factcheck.checks.arithmetic import SumsAndShares
from factcheck.checks.event_dates import DateInterval, EventDate
from factcheck.checks.restated import RestatedFigure
from factcheck.core.model import Document
from factcheck.extract import extract
from factcheck.pair.corpus import Corpus
from factcheck.segment.sentences import segment

# The sub-editor's draft from the restatements issue: five reasons on four spans.
COUNCIL = """Council approves £4.2m cut to libraries

Northgate Borough Council has approved a £4.2m cut to its library and youth services, with councillors voting 31 to \
19 in favour on 12 March.

Council leader Tom Hargreaves said the authority had no good options left.

Under the plan, the £4.7m cut will be split between the library service, which loses £2.9m, and youth services, which \
lose £1.3m.

The vote on 14 March followed a four-hour meeting.

Deputy leader Tom Hargreaves said the council would look at handing the two buildings to community groups.

Of the 50 councillors present, 31 voted in favour, or 72%.
"""


def prepared(text: str, date: str | None = "2025-03-20") -> Document:
    return extract(segment(Document("d0", text, date=date)))


def run(check, text: str, date: str | None = "2025-03-20") -> list:
    return list(check.run(Corpus([prepared(text, date)])))


def test_frames_read_what_a_figure_measures() -> None:
    doc = prepared(COUNCIL)
    by_text = {(f.text, f.sentence): f for f in doc.frames}
    head, lead, body = by_text[("£4.2m", 0)], by_text[("£4.2m", 1)], by_text[("£4.7m", 3)]
    assert head.measure == lead.measure == body.measure == "cut"
    assert body.definite and not lead.definite
    assert lead.owner == "Northgate Borough Council"
    assert by_text[("£2.9m", 3)].measure == by_text[("£1.3m", 3)].measure  # "loses" / "lose"
    assert by_text[("72%", 6)].kind == "percent"


@pytest.mark.parametrize(("text", "kind", "role", "time", "owner"), [
    ("Karen Ashdown, 52, of Morpeth, was jailed.", "age", "level", None, "Karen Ashdown"),
    ("Profits rose 18% to £96m, up from £81.4m the year before.", "percent", "change", None, None),
    ("Force figures show 412 burglaries were reported in 2024.", "count", "level", "2024", "*"),
    ("He won 22 of his 71 matches in charge.", "count", "level", None, None),
])
def test_frame_fields(text: str, kind: str, role: str, time: str | None, owner: str | None) -> None:
    f = prepared(text).frames[0]
    assert (f.kind, f.role, f.time) == (kind, role, time)
    assert owner == "*" or f.owner == owner


def test_frames_tell_a_whole_and_a_previous_level() -> None:
    frames = {f.text: f for f in prepared("He won 22 of his 71 matches, up from 15 the season before.").frames}
    assert frames["71"].role == "whole"
    assert frames["15"].time == "other"


def test_the_council_draft_draws_every_reason() -> None:
    doc = prepared(COUNCIL)
    corpus = Corpus([doc])
    found = [(f.rule, f.evidence[0].text) for check in (RestatedFigure(), SumsAndShares(), EventDate(),
                                                          DateInterval()) for f in check.run(corpus)]
    assert sorted(found) == sorted([("NUM004", "£4.7m"), ("NUM005", "£4.7m"), ("NUM005", "72%"),
                                    ("DAT002", "14 March")])


RESTATED_FLAG = [
    # (text, suspect, suggested)
    ("Cheviot University lands £14.2m grant\n\nCheviot University has been awarded £14.2m to set up a centre.\n\n"
     "The vice-chancellor said the £12.4m award was welcome.", "£12.4m", "£14.2m"),
    ("Karen Ashdown, 52, of Morpeth, stole from her employer.\n\nHer lawyer, Mehreen Qureshi, said the 54-year-old "
     "was ashamed.", "54", "52"),
    ("Councils will share £600m.\n\nThe South East receives £104m, while the North East gets the smallest share, "
     "£14m.\n\nThe split:\n\nSouth East: £104m\n\nNorth East: £41m\n\nLondon: £90m", "£14m", "£41m"),
    ("Liam Carver, 34, is accused of murder. His mother, Janet Carver, 61, denies assisting an offender. Carver "
     "denies the charge. Prosecutors said the 43-year-old went home.", "43", "34"),
]

RESTATED_PASS = [
    # relatives share a surname: two people, two ages
    "Margaret Lake, 84, lost her medals. Her son, Peter Lake, 56, said it was not the value.",
    # one value written two ways, and rounding
    "The council approved a £4.2m cut. The £4,200,000 cut takes effect in April.",
    "About 2,400 people attended. The 2,391 people who came were counted at the gate.",
    # a change and a level of one noun
    "Profits rose to £148.6m. The £22.6m rise was driven by volume.",
    # figures of another time
    "The list fell to 61,240 patients. It stood at 63,870 patients in March 2024.",
    # a whole, not a restatement
    "A three-party deal would command 30 of the 54 seats. The Lib Dems won 22 seats.",
    # a two-person story where a bare surname could be either
    "Dr Priya Anand, 36, leads the firm. Her brother, Rohan Anand, 31, is its technology chief. Dr Anand, 36, said "
    "batteries were the future.",
]


@pytest.mark.parametrize(("text", "suspect", "suggested"), RESTATED_FLAG)
def test_restated_flags(text: str, suspect: str, suggested: str) -> None:
    found = run(RestatedFigure(), text)
    assert [f.evidence[0].text for f in found] == [suspect]
    assert found[0].suggestion.startswith(f"'{suggested}'")
    assert found[0].category == "number"


@pytest.mark.parametrize("text", RESTATED_PASS)
def test_restated_passes(text: str) -> None:
    assert run(RestatedFigure(), text) == []


ARITHMETIC_FLAG = [
    # (text, suspect, words of the arithmetic shown)
    ("Of the 50 councillors present, 31 voted in favour, or 72%.", "72%", "31 of 50 is 62%"),
    ("The council received 640 comments on the application, 612 of them objections, or 86%.", "86%",
     "612 of 640 is 95.6%"),
    ("The grant will pay for 60 PhD studentships, 24 of which, or 45%, are reserved for nurses.", "45%",
     "24 of 60 is 40%"),
    ("Of the 112 flood warnings in force, 28 – a third – were in Cumbria.", "a third", "28 of 112 is 25%"),
    ("Of the votes cast, 2,841 (87%) backed strikes and 425 (15%) voted against.", "15%", "is 13%"),
    ("The airport handled 1,246,300 passengers in 2025, up from 1,093,200 last year, a rise of 16%.", "16%",
     "change of 14%"),
    # the level is the nearest figure of the baseline's size, not "six" months
    ("The airport handled 1,246,300 passengers in the first six months of 2025, up from 1,093,200 in the same "
     "period last year, a rise of 16%.", "16%", "change of 14%"),
    ("Under the plan, the £4.7m cut will be split between the library service, which loses £2.9m, and youth "
     "services, which lose £1.3m.", "£4.7m", "£2.9m + £1.3m = £4.2m"),
    ("The budget was approved by 27 votes to 14. The 17 councillors who voted against were independents.", "17",
     "tally is 27 to 14"),
    ("The plan was approved by 40 votes to 3. Members backed it unanimously.", "unanimously", "tally is 40 to 3"),
    ("The Lib Dems won 22 seats, leaving them four short of the 28 needed to govern alone.", "four", "28 - 22 = 6"),
    ("The plant will close with the loss of 212 jobs.\n\nThe union said the jobs at risk are 178 permanent posts and "
     "25 agency roles.", "178", "= 203"),
    ("Born Sheila Cope on 3 March 1938, she left school in 1953, aged 15.\n\nIn September 1964, when she was 24, "
     "the couple opened their first shop.", "24", "makes it 26"),
]

ARITHMETIC_PASS = [
    "Of the 50 councillors present, 31 voted in favour, or 62%.",
    "Some 1,312 patients, or 2.1%, had waited more than a year.",  # the whole is in another sentence
    "Research income rose 18% to £96m, up from £81.4m the year before.",
    "The council closes a £3.1m gap through £2.4m of savings, with the remaining £700,000 taken from reserves.",
    "The 42 new roles will be split across three teams: 21 in software, 12 in data science and nine in sales.",
    "Of the votes cast, 2,841 (87%) backed strikes and 425 (13%) voted against.",
    "The approval rate rose 3 percentage points to 55%, up from 52% in 2024.",
    "Turnout was 31.4%, with 3,266 of 10,402 members voting.",
    "The Lib Dems won 22 seats, leaving them six short of the 28 needed to govern alone.",
    "The plant will close with the loss of 212 jobs. The jobs at risk are 187 permanent posts and 25 agency roles.",
    # a relative's age beside their name is theirs, not the age of the person born
    "Born on 3 March 1938, she opened a shop in 1964. Her son, Michael Brannigan, 64, said she loved it.",
    "Born in March 1938, she was 26 in September 1964, when the shop opened.",
]


@pytest.mark.parametrize(("text", "suspect", "shown"), ARITHMETIC_FLAG)
def test_arithmetic_flags(text: str, suspect: str, shown: str) -> None:
    found = run(SumsAndShares(), text)
    assert [f.evidence[0].text for f in found] == [suspect]
    assert shown in found[0].message


@pytest.mark.parametrize("text", ARITHMETIC_PASS)
def test_arithmetic_passes(text: str) -> None:
    assert run(SumsAndShares(), text) == []


DATES_FLAG = [
    # (check, text, suspect, message words)
    (EventDate, "Councillors voted 31 to 19 in favour on 12 March. The vote on 14 March followed a long meeting.",
     "14 March", "12 March"),
    (EventDate, "Mrs Brannigan died at home on Saturday 14 June. More than 600 people have signed the book since her "
     "death on 12 June.", "12 June", "14 June"),
    (DateInterval, "The foundation confirmed the grant on 4 March. Three weeks later, on Tuesday 18 March, the "
     "university named the professors.", "Three weeks", "14 days"),
    (DateInterval, "Inspectors visited the school on 5 February. The report was published on 12 March, six weeks "
     "after the inspectors' visit.", "six weeks", "35 days"),
    (DateInterval, "Flights to Krakow begin on 30 October. A second aircraft will be based there from 26 October, a "
     "week before the first Krakow flight.", "a week", "4 days"),
]

DATES_PASS = [
    "The first meeting was held on 5 May. The second meeting on 12 May agreed the plan.",
    "The trial opened on 3 June. It is expected to last until 20 June.",
    "Ballots open on 24 March and close on 7 April.",
    "The foundation confirmed the grant on 4 March. Two weeks later, on Tuesday 18 March, the university named them.",
    "She was arrested on 19 September 2023. She was charged two weeks later, on 3 October.",
    "Voting closes between 24 March and 7 April, and the vote on 7 April is final.",
]


@pytest.mark.parametrize(("check", "text", "suspect", "words"), DATES_FLAG)
def test_dates_flag(check, text: str, suspect: str, words: str) -> None:
    found = run(check(), text)
    assert [f.evidence[0].text for f in found] == [suspect]
    assert words in found[0].message + (found[0].suggestion or "")
    assert found[0].category == "date"


@pytest.mark.parametrize("text", DATES_PASS)
def test_dates_pass(text: str) -> None:
    assert run(EventDate(), text) == [] and run(DateInterval(), text) == []


def test_reference_documents_are_never_reported_on() -> None:
    doc = prepared(COUNCIL)
    doc.reference = True
    corpus = Corpus([doc])
    assert not [f for c in (RestatedFigure(), SumsAndShares(), EventDate(), DateInterval()) for f in c.run(corpus)]


def test_a_ledger_of_one_measure_is_not_compared_pairwise() -> None:
    # 300 cuts of different sizes and 300 votes on different days: a ledger and a log, not restatements
    text = " ".join(f"The council approved the £{n % 90 + 2}.{n % 7}m cut on {n % 27 + 1} March. The vote on "
                    f"{(n * 5) % 27 + 1} May followed." for n in range(300))
    doc = prepared(text)
    assert run(RestatedFigure(), text) == []
    assert list(EventDate().run(Corpus([doc]))) == []
