"""NUM003 and NUM002: values wrong on their face, figures inside names. Should-flag / should-pass tables."""

from __future__ import annotations

import pytest
from corpora import by_doc, changed_keys

from factcheck.checks.impossible import ImpossibleValue
from factcheck.checks.name_figure import NameFigure
from factcheck.core.model import Document
from factcheck.extract.structure import extract as structure
from factcheck.pair.corpus import Corpus
from factcheck.segment.sentences import segment


def corpus(*texts: str) -> Corpus:
    docs = []
    for n, t in enumerate(texts):
        d = Document(f"d{n}", t)
        segment(d)
        structure(d)
        docs.append(d)
    return Corpus(docs)


IMPOSSIBLE = [
    ("Henry's free-kick in Sunday's 2-1 draw with Chelsea.", "2-1"),
    ("The sides drew 3-2 at Anfield.", "3-2"),
    ("Mirza lost to Williams 1-6,4-16 in the third round.", "4-16"),
    ("He won 4-6 6-3 7-6, saving match points at 6-14 in the tiebreak.", "6-14"),
    ("The talks were due to end on 31 April.", "31 April"),
    ("It opens on February 30th, the council said.", "February 30th"),
    ("Turnout reached 110% of voters in the ward.", "110"),
    ("The poll found 121 percent of Republican primary voters backed him.", "121"),
    ("Some 104 per cent of registered voters took part.", "104"),
]


@pytest.mark.parametrize(("text", "suspect"), IMPOSSIBLE)
def test_num003_flags(text: str, suspect: str) -> None:
    found = list(ImpossibleValue().run(corpus(text)))
    assert [f.evidence[0].text for f in found] == [suspect], [f.message for f in found]


POSSIBLE = [
    "Sunday's 2-2 draw with Chelsea left both sides level.",
    "Wales beat Italy 16-4 in the rain.",  # a rugby score, not a set
    "She won 7-6, 6-4 and then 16-14 in the tie-break.",
    "The deadline is 30 April, and the vote is on 29 February 2024.",
    "Sales rose 150% of last year's level.",
    "Spending reached 120% of what voters had been promised.",
    "Membership is at 130% of the previous peak of members.",
    "Euro'84\n\nFebruary 1996: England sink to their lowest-ever ranking.",
]


@pytest.mark.parametrize("text", POSSIBLE)
def test_num003_passes(text: str) -> None:
    assert list(ImpossibleValue().run(corpus(text))) == []


def test_num002_flags_the_odd_figure_of_a_name() -> None:
    c = corpus("Halo 2 topped the chart again this week.", "Sales of Halo 2 passed five million.",
               "Halo 2 was followed by Half-Life 2. Halo 12 then dropped one place.")
    found = list(NameFigure().run(c))
    assert [(f.evidence[0].text, f.suggestion) for f in found] == [("Halo 12", "Halo 2")]


@pytest.mark.parametrize("texts", [
    # a series whose first is named beside its sequel
    ("Half-Life 2 is out.", "Half-Life 2 sold well.", "Half-Life 2 beat Half-Life 1 in reviews."),
    # a date, a channel, a common word
    ("March 12 was wet.", "March 12 again.", "March 12, and March 14 too."),
    ("BBC 1 showed it.", "BBC 1 again.", "BBC 1 and then BBC 2."),
    ("Group 2 won. Group 2 lost.", "Group 2 drew.", "Group 5 and the group stage."),
    # figures in a table are records, not names
    ("Arsenal 38\nChelsea 38\nLeeds 38\nFulham 37",),
])
def test_num002_passes(texts: tuple[str, ...]) -> None:
    assert list(NameFigure().run(corpus(*texts))) == []


HALO = ("Halo 2 topped the chart this week.", "Sales of Halo 2 passed five million.", "Critics praised Halo 2 again.",
        "Halo 12 then dropped one place.", "Half-Life 2 is out, and Halo 2 is still selling.")


def test_num002_one_document_with_the_whole_corpus_statistics_gives_the_whole_run_findings() -> None:
    whole = corpus(*HALO)
    check = NameFigure()
    stats = check.gather(whole)
    expected = by_doc(check.run(whole))
    assert list(expected) == ["d3"]  # the usual form's first uses, quoted from d0 and d1, come from the statistics
    for d in whole.documents:
        part = Corpus([d])
        assert by_doc(check.run_with(part, stats)) == {k: v for k, v in expected.items() if k == d.id}
        assert list(check.run(part)) == []  # alone, d3 has no usual form to differ from


def test_num002_a_changed_figure_changes_only_the_odd_figures_entries() -> None:
    check = NameFigure()
    before = check.gather(corpus(*HALO))
    after = check.gather(corpus(*[t.replace("Halo 2", "Halo 3") if n == 1 else t for n, t in enumerate(HALO)]))
    # "Halo 3" is now odd, and "Halo 12"'s entry quotes the usual form's count: 4 uses, now 3
    assert changed_keys(before, after) == {("Halo", "3"), ("Halo", "12")}
    docs = corpus(*HALO).documents
    # documents writing only the usual form read nothing that changed: they are not re-checked
    assert [check.reads(before, [d]) for d in docs] == [
        [("Halo", "2")], [("Halo", "2")], [("Halo", "2")], [("Halo", "12")], [("Half-Life", "2"), ("Halo", "2")]]


def test_num002_a_name_written_in_lower_case_elsewhere_is_ruled_out_by_its_entry() -> None:
    check = NameFigure()
    before = check.gather(corpus(*HALO))
    after = check.gather(corpus(*HALO, "A halo of light."))
    assert changed_keys(before, after) == {("Halo", "12")} and after[("Halo", "12")] is None
