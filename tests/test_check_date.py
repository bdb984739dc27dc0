"""DAT001: aligned claims with a different weekday, month or year. Hand-built pairs, no embedding model."""

from __future__ import annotations

import pytest
from corpora import claim_corpus as corpus_of
from corpora import same_day

from factcheck.checks.calendar_weekday import WeekdayCalendar
from factcheck.checks.date import DateMismatch

SHOULD_FLAG = [
    # (aligned sentences, similarity, the two values)
    (["The office of Ron DeSantis responded to the lawsuit on Sunday , saying the migrants made a voluntary trip .",
      "The office of Ron DeSantis responded to the lawsuit on Tuesday , saying the migrants made a voluntary trip ."],
     1.0, {"Sunday", "Tuesday"}),
    (["They are Mark Rowley, who left the Met in 2018 after serving as head of counterterrorism.",
      "Mark Rowley, who left the Met in 2019 after serving as head of counterterrorism, is a candidate."], 0.85,
     {"2018", "2019"}),
    (["House Speaker Nancy Pelosi said Wednesday that the House would take up legislation to codify freedoms .",
      "House Speaker Nancy Pelosi on Monday outlined House Democrats ' legislative response to Roe v. Wade ."], 0.66,
     {"Wednesday", "Monday"}),
    (["The welfare reform was proposed in the administration's fiscal year 2018 budget, the Treasury said.",
      "The welfare reform was proposed in the Administration's Fiscal Year 2017 budget, the Treasury said."], 0.94,
     {"2018", "2017"}),
]

SHOULD_PASS = [
    # two events, two days: the words around the days differ
    (["A summary of the new policy to be released Thursday shows the rules would permit donations.",
      "The foundation will keep accepting donations from foreign governments , the organization announced "
      "Wednesday evening ."], 0.82),
    # same day stated twice
    (["Mulvaney said Tuesday that the administration proposed less than $5 billion for the wall.",
      "On Tuesday, Mulvaney said the administration proposed less than $5 billion for the wall."], 0.9),
    # a sentence naming two years does not contradict one of them
    (["The accounting entries were made between 2001 and 2002 to conceal expenses.",
      "The accounting entries were made in 2002 to conceal soaring expenses."], 0.85),
    # weak alignment
    (["Biden met with gun-owner groups Thursday as he surveys interest groups.",
      "The NRA sat down with the task force Tuesday and said it was disappointed."], 0.58),
]


@pytest.mark.parametrize(("texts", "score", "values"), SHOULD_FLAG)
def test_should_flag(texts: list[str], score: float, values: set[str]) -> None:
    found = list(DateMismatch().run(corpus_of(texts, score, dates_=same_day(texts))))
    assert found, "expected a DAT001 finding"
    f = found[0]
    assert (f.rule, f.category, f.severity) == ("DAT001", "date", "warning")
    assert {f.evidence[0].text, f.evidence[1].text} == values
    assert f.suggestion


@pytest.mark.parametrize(("texts", "score"), SHOULD_PASS)
def test_should_pass(texts: list[str], score: float) -> None:
    assert list(DateMismatch().run(corpus_of(texts, score))) == []


def test_documents_of_different_dates_are_info() -> None:
    c = corpus_of(SHOULD_FLAG[0][0], 1.0, dates_=["2022-09-20", "2022-09-22"])
    f = next(DateMismatch().run(c))
    assert f.severity == "info" and "dated" in f.message


def test_same_event_restated_in_one_document() -> None:
    c = corpus_of(["Philadelphia District Attorney Larry Krasner was impeached Thursday by the Republican-led House.",
                   "The House voted to impeach Philadelphia District Attorney Larry Krasner on Wednesday, advancing "
                   "the effort."], 0.84, same_doc=True)
    f = next(DateMismatch().run(c))
    assert {f.evidence[0].text, f.evidence[1].text} == {"Thursday", "Wednesday"}


@pytest.mark.parametrize(("text", "date", "flag"), [
    ("The vote took place on Monday, March 5, 2019, in the Senate.", None, "Monday"),  # it was a Tuesday
    ("The vote took place on Tuesday, March 5, 2019, in the Senate.", None, None),
    ("The vote took place on Sunday, 5 March, in the Senate.", "2019-03-08", "Sunday"),
    ("The vote took place on Tuesday, 5 March, in the Senate.", "2019-03-08", None),
])
def test_weekday_against_calendar(text: str, date: str | None, flag: str | None) -> None:
    found = list(WeekdayCalendar().run(corpus_of([text], 0.0, dates_=[date])))
    assert all(f.rule == "DAT004" and f.proof == ("calendar" if "2019" in f.evidence[1].text else None)
               for f in found)
    assert [f.evidence[0].text for f in found] == ([flag] if flag else [])
    if flag:
        assert "Tuesday" in found[0].suggestion


# Slot matches: the dates fill the same slot, however loosely the sentences agree elsewhere.
SLOT_FLAG = [
    # (sentences, similarity, one document?, the two values)
    # the same verb governs both days, and the words after agree ("sentenced [Monday] to six months")
    (["He was sentenced Monday to six months in jail and three years of probation.",
      "The former finance chief, Jane Roe, was sentenced Thursday to six months in a state jail."], 0.45, False,
     {"Monday", "Thursday"}),
    # one event noun governs both days ("meeting on [Thursday]", "[Tuesday]'s meeting"), one person in both
    (["Jane Smith is expected to call for smaller classes at a teachers' union meeting on Thursday.",
      "Ahead of Tuesday's meeting in Leeds, Ms Smith said schools needed more money."], 0.52, True,
     {"Thursday", "Tuesday"}),
    # the same compound in the same place picks the month to compare among two ("car sales ... in [March]")
    (["UK car sales showed a summer lull in June, dealers have said.",
      "Overall, the SMMT said car sales rose strongly in March, a bigger increase than in February."], 0.52, True,
     {"June", "March"}),
]

SLOT_PASS = [
    # a series: each sentence gives its own figure for its own month
    (["UK car sales rose by 4% in March, dealers have said.",
      "Overall, the SMMT said car sales rose by 6% in February."], 0.6, True),
    # reporting verbs do not make one claim ("said [Friday]", "said [Tuesday]")
    (["Senator Jane Roe said Friday she would return if the governor agreed to a referendum.",
      "Jane Roe said Tuesday that the walkout would go on."], 0.55, False),
    # "[Thursday]'s meetings" and "meetings [Friday]" in sentences with no person or second word in common
    (["Going into Thursday's meetings, the task force heard about background checks.",
      "The vice president wrapped up a week of meetings Friday as he prepared his plan."], 0.5, False),
    # years are not matched by their slot alone: "the 2020 cycle" is not "the 2022 cycle"
    (["The Blue PAC spent about $ 22 million in the 2020 cycle .",
      "So far in the 2022 cycle , the Blue PAC has raised $ 13.5 million ."], 0.84, True),
]


@pytest.mark.parametrize(("texts", "score", "same_doc", "values"), SLOT_FLAG)
def test_slot_match_flags(texts: list[str], score: float, same_doc: bool, values: set[str]) -> None:
    found = list(DateMismatch().run(corpus_of(texts, score, same_doc=same_doc)))
    assert found, "expected a DAT001 finding"
    assert {found[0].evidence[0].text, found[0].evidence[1].text} == values


@pytest.mark.parametrize(("texts", "score", "same_doc"), SLOT_PASS)
def test_slot_match_passes(texts: list[str], score: float, same_doc: bool) -> None:
    assert list(DateMismatch().run(corpus_of(texts, score, same_doc=same_doc))) == []


def test_undated_documents_are_info_unless_near_copies() -> None:
    # Two undated articles (a folder of clippings, a scraped page): nothing says their figures are of
    # one time, so a difference is reported as info; a near-copy of one sentence is still a flag.
    texts = SHOULD_FLAG[0][0]
    loose = list(DateMismatch().run(corpus_of(texts, 0.8)))
    assert loose and all(f.severity == "info" and "no dates" in f.message for f in loose)
    near_copy = ["The minister resigned on Tuesday after the vote in Leeds.",
                 "The minister resigned on Wednesday after the vote in Leeds."]
    close = list(DateMismatch().run(corpus_of(near_copy, 0.95)))
    assert [f.severity for f in close] == ["warning"], [f.message for f in close]
