"""NUM001: aligned claims with different figures. Hand-built sentence pairs, no embedding model."""

from __future__ import annotations

import pytest
from corpora import claim_corpus as corpus_of
from corpora import same_day

from factcheck.checks.number import NumberMismatch

SHOULD_FLAG = [
    # (aligned sentences, similarity, suspect, other)
    (["Medical marijuana is legal in 34 states and Washington, D.C., where it is also legal.",
      "To the point where 29 states plus Washington DC have legalized medical marijuana.",
      "Medical marijuana is now legal in 29 states and Washington, D.C."], 0.77, "34", "29"),
    (["Biden said that the U.S. has evacuated more than 9,000 people since July and 13,000 since Aug. 14.",
      "We've already evacuated more than 18,000 people since July and approximately 13,000 since our military began."],
     0.78, "18,000", "9,000"),
    (["The Times reported that Cohen made the tape two months before the 2016 presidential election.",
      "It features Trump speaking with his attorney about a payment three months before the 2016 presidential "
      "election."], 0.76, "three", "two"),
    (["Justices backed Gorsuch 's opinion in full . The Texas law bans abortions after seven weeks of pregnancy and "
      "uses a unique system to enforce that ban – allowing private citizens to sue .",
      "The Texas law , known as SB 8 , bans abortions after six weeks of pregnancy and uses a unique system to "
      "enforce the ban , allowing private citizens to sue ."], 0.79, "six", "seven"),
    (["The plan would raise roughly $51.4 billion over the next 20 years, the group found.",
      "The plan would raise roughly $51.4 billion over the next 10 years, the study found."], 0.9, "10", "20"),
]

SHOULD_PASS = [
    # rounding: "about 21,000" is 21,174 rounded
    (["We lost about 21,000 experienced officers across the country, the mayor said.",
      "The country lost 21,174 experienced officers, the mayor said."], 0.85),
    # the same money in two forms
    (["The report raised concerns over a funding gap of £92m at the Met.",
      "The report raised concerns over a funding gap of 92 million pounds at the Met."], 0.9),
    # different counted nouns
    (["The gunman killed 19 children and two teachers at the school in Uvalde.",
      "The gunman killed 21 people at the school in Uvalde."], 0.85),
    # both figures stated in both sentences
    (["The pipeline would raise the rate from 3.8 percent to 5 percent for earners.",
      "The plan would lift the rate to 5 percent from 3.8 percent for earners."], 0.9),
    # a range covers the figure
    (["The new bridge will take 10-12 years to build, the council said on its website.",
      "The new bridge will take 12 years to build, the council said on its website."], 0.9),
    # weak alignment: similar topic, different frames
    (["Currently above $40 a barrel, he said oil prices would stay high.",
      "Freezing weather pushed US crude oil prices above $50 a barrel for the first time in months."], 0.61),
]


@pytest.mark.parametrize(("texts", "score", "suspect", "other"), SHOULD_FLAG)
def test_should_flag(texts: list[str], score: float, suspect: str, other: str) -> None:
    found = list(NumberMismatch().run(corpus_of(texts, score, dates_=same_day(texts))))
    assert found, "expected a NUM001 finding"
    f = found[0]
    assert (f.rule, f.category, f.severity) == ("NUM001", "number", "warning")
    assert {f.evidence[0].text, f.evidence[1].text} == {suspect, other}
    assert f.suggestion and f.evidence[1].text in f.suggestion


@pytest.mark.parametrize(("texts", "score"), SHOULD_PASS)
def test_should_pass(texts: list[str], score: float) -> None:
    assert list(NumberMismatch().run(corpus_of(texts, score))) == []


def test_majority_decides_the_suspect() -> None:
    f = next(NumberMismatch().run(corpus_of(SHOULD_FLAG[0][0], 0.77, dates_=same_day(SHOULD_FLAG[0][0]))))
    assert (f.evidence[0].text, f.evidence[1].text) == ("34", "29")
    assert f.confidence > 0.5


def test_documents_of_different_dates_are_info() -> None:
    c = corpus_of(SHOULD_FLAG[3][0], 0.79, dates_=["2021-12-01", "2021-12-10"])
    f = next(NumberMismatch().run(c))
    assert f.severity == "info" and "dated" in f.message


def test_parallel_sentences_in_one_document_pass() -> None:
    c = corpus_of(["The National Rifle Association Political Victory PAC has raised $ 13.5 million so far.",
                   "The National Rifle Association Victory Fund SuperPAC has raised $ 5.2 million so far."], 0.75,
                  same_doc=True)
    assert list(NumberMismatch().run(c)) == []


def test_reference_documents_are_never_the_suspect() -> None:
    c = corpus_of(SHOULD_FLAG[4][0], 0.9, dates_=same_day(SHOULD_FLAG[4][0]))
    c.documents[1].reference = True
    f = next(NumberMismatch().run(c))
    assert f.evidence[0].doc == "d0" and f.evidence[0].text == "20"


def test_restatement_in_one_document_with_same_subject_flags() -> None:
    c = corpus_of(["US Airways is in Chapter 5 bankruptcy protection for the second time in two years, and battling "
                   "to cut costs.",
                   "Ground crews at US Airways, the seventh-largest US airline, which is now in Chapter 11 bankruptcy "
                   "protection, face a court-imposed pay cut next month."], 0.64, same_doc=True)
    f = next(NumberMismatch().run(c))
    assert {f.evidence[0].text, f.evidence[1].text} == {"5", "11"}
    assert "elsewhere in this document" in f.message


# Slot matches: the figures fill the same slot (same governing word, or the same words beside them, in the
# same order) in sentences about one subject, however loosely the sentences agree elsewhere.
SLOT_FLAG = [
    # (sentences of one document, similarity, the two values)
    # the same verb governs both figures; a share need not name its noun ("12.5% of" / "the 12.9% stake")
    (["Northwind bought 12.5% of Contoso, the maker of garden tools, for 3.10 euros per share.",
      "Northwind bought the 12.9% stake from a family trust that had held it since the 1990s."], 0.6,
     {"12.5%", "12.9%"}),
    # a possessive noun ("two hours' free music tuition") counts hours as "three hours of music" does
    (["The Greens say Labour's plans to give all pupils three hours of music lessons a week have failed.",
      "Pupils would get two hours' free music tuition a week under a future Green government, the party said."], 0.6,
     {"three", "two"}),
    # two bounds of one rise, in other words: "were up more than" / "have jumped more than"
    (["Shares in Fabrikam were up more than 12% to 40 pence by the close of trade.",
      "Shares in software group Fabrikam have jumped more than 15% on news of the contract."], 0.55,
     {"12%", "15%"}),
]

SLOT_PASS = [
    # one subject, two clauses: what it raised and what it spent are two figures
    ["The Green Victory Fund has raised $ 5.2 million and not spent anything on elections yet.",
     "The Green Victory Fund ranked 24th , and spent $ 29.3 million on advertising ."],
    # parallel figures for two subjects
    ["Tailspin bought 12.5% of Contoso for 3.10 euros per share.",
     "Northwind bought the 12.9% stake from a family trust."],
    # "up to" is a bound, not a rise
    ["She also received up to £30,000 for writing the Herald's advice column.",
     "His declared income of up to £205,000 includes payments for his column in the Herald."],
    # two periods of one series
    ["Forecasting growth at between 1% and 3.5% next year, Mr Brown surprised the City.",
     "Inflation would be 1.75% next year and 2% in the years to follow, Mr Brown forecast."],
]


@pytest.mark.parametrize(("texts", "score", "values"), SLOT_FLAG)
def test_slot_match_flags(texts: list[str], score: float, values: set[str]) -> None:
    found = list(NumberMismatch().run(corpus_of(texts, score, same_doc=True)))
    assert found, "expected a NUM001 finding"
    assert {found[0].evidence[0].text, found[0].evidence[1].text} == values


@pytest.mark.parametrize("texts", SLOT_PASS)
def test_slot_match_needs_one_subject_and_slot(texts: list[str]) -> None:
    assert list(NumberMismatch().run(corpus_of(texts, 0.75, same_doc=True))) == []


def test_slot_match_has_a_similarity_floor() -> None:
    assert list(NumberMismatch().run(corpus_of(SLOT_FLAG[0][0], 0.4, same_doc=True))) == []


def test_undated_documents_are_info_unless_near_copies() -> None:
    # Two undated articles (a folder of clippings, a scraped page): nothing says their figures are of
    # one time, so a difference is reported as info; a near-copy of one sentence is still a flag.
    texts = SHOULD_FLAG[0][0]
    loose = list(NumberMismatch().run(corpus_of(texts, 0.8)))
    assert loose and all(f.severity == "info" and "no dates" in f.message for f in loose)
    near_copy = ["Police said 45 officers were injured in the clashes in Leeds.",
                 "Police said 54 officers were injured in the clashes in Leeds."]
    close = list(NumberMismatch().run(corpus_of(near_copy, 0.95)))
    assert [f.severity for f in close] == ["warning"], [f.message for f in close]


def test_figures_naming_nothing_in_one_article_are_compared_only_as_near_copies() -> None:
    # "exports shot up 7.5%" and "imports rose 3%": two measures side by side, not one restated
    parallel = ["Non-EU exports shot up 7.5%, with growth across a range of goods, the figures showed.",
                "The figures showed non-EU imports rose 3%, with growth across a range of goods."]
    assert [f for f in NumberMismatch().run(corpus_of(parallel, 0.8, same_doc=True)) if f.severity != "info"] == []
    restated = ["Retail sales rose 0.9% in March, the statistics office said on Thursday.",
                "Retail sales rose 0.6% in March, the statistics office said on Thursday."]
    found = list(NumberMismatch().run(corpus_of(restated, 0.95, same_doc=True)))
    assert [f.evidence[0].text for f in found] in (["0.6%"], ["0.9%"])


def test_minutes_and_seconds_in_one_report_time_different_moments() -> None:
    moments = ["Scotland went ahead with a Paterson penalty on 70 minutes at Murrayfield.",
               "And Scotland capitalised with a third Paterson penalty on 50 minutes at Murrayfield."]
    assert list(NumberMismatch().run(corpus_of(moments, 0.8, same_doc=True))) == []
    # across two reports of the match the same moment is one claim
    found = list(NumberMismatch().run(corpus_of(moments, 0.8, dates_=same_day(moments))))
    assert {found[0].evidence[0].text, found[0].evidence[1].text} == {"70", "50"}
