"""SUP001-SUP003: a draft against its source. Should-flag and should-pass tables."""

from __future__ import annotations

import pytest
from corpora import source_corpus

from factcheck.checks.support import NameSupport, PredicateSupport, RoleSupport, ValueSupport, title_supported
from factcheck.core.model import Document
from factcheck.pair.corpus import Corpus

SOURCE = ("Police said 45 officers were injured in the clashes on Saturday 12 March 2022. "
          "Superintendent John Smith said the force would review its tactics. "
          "Smith added that Acme Security Ltd had provided stewards. "
          "The match was watched by 21,174 fans, and Assistant Commissioner Nick Ephgrave praised the officers.")

# (check, draft, suspect text, suggestion contains)
FLAG = [
    (ValueSupport, "Police said 54 officers were injured in the clashes.", "54", "45"),
    (ValueSupport, "Police said 45 officers were injured in the clashes on Saturday 12 March 2021.", "12 March 2021",
     "2022"),
    (ValueSupport, "Police said 45 officers were injured on Sunday.", "Sunday", "Saturday"),
    (ValueSupport, "The match was watched by 30,000 fans.", "30,000", "21,174"),
    (NameSupport, "Superintendent John Smyth said the force would review its tactics.", "John Smyth", "Smith"),
    (NameSupport, "Smith added that Apex Security Ltd had provided stewards.", "Apex Security Ltd",
     "Acme Security Ltd"),
    (RoleSupport, "Commissioner Nick Ephgrave praised the officers.", "Commissioner", "Assistant Commissioner"),
    (PredicateSupport, "The match was watched by 21,174 fans, and Nick Ephgrave criticised the officers.",
     "criticised", "praised"),
]


@pytest.mark.parametrize(("check", "draft", "suspect", "suggestion"), FLAG)
def test_support_flags(check, draft: str, suspect: str, suggestion: str) -> None:
    found = [f for f in check().run(source_corpus(draft, SOURCE)) if f.severity != "info"]
    assert [f.evidence[0].text for f in found] == [suspect], [f.message for f in found]
    assert suggestion in (found[0].suggestion or "") and found[0].category == "support"
    assert found[0].evidence[0].doc == "d0"


PASS = [
    # the same facts, rounded, restated or said in other words
    "About 45 officers were hurt during Saturday's clashes.",
    "Some 21,000 fans saw the match in March 2022.",
    "Smith, a superintendent, said tactics would be reviewed.",
    "Ephgrave, an assistant commissioner, praised the officers.",
    "Nick Ephgrave, the Assistant Commissioner, praised them.",
    # one of / both: idiom, not a count
    "One of the officers was injured, and both teams were fined for the first time.",
]


@pytest.mark.parametrize("draft", PASS)
@pytest.mark.parametrize("check", [ValueSupport, NameSupport, RoleSupport, PredicateSupport])
def test_support_passes(check, draft: str) -> None:
    found = [f for f in check().run(source_corpus(draft, SOURCE)) if f.severity != "info"]
    assert found == [], [f.message for f in found]


def test_a_figure_the_source_never_states_is_unsupported_at_low_confidence():
    found = list(ValueSupport().run(source_corpus("Police made 17 arrests.", SOURCE, score=0.3)))
    assert [f.evidence[0].text for f in found] == ["17"]
    assert "not stated anywhere in the source" in found[0].message and found[0].confidence < 0.5


def test_a_name_the_source_never_mentions_is_information_only():
    found = list(NameSupport().run(source_corpus("Mayor Jane Doe welcomed the review.", SOURCE, score=0.3)))
    assert [(f.evidence[0].text, f.severity) for f in found] == [("Jane Doe", "info")]


def test_nothing_is_said_without_source_material():
    docs = [Document("a", "Police said 54 officers were injured."), Document("b", SOURCE)]
    c = source_corpus(docs[0].text, SOURCE)
    c = Corpus([c.documents[0], Document("b", SOURCE)])
    for check in (ValueSupport, NameSupport, RoleSupport, PredicateSupport):
        assert list(check().run(c)) == []


@pytest.mark.parametrize(("draft", "source", "ok"), [
    ("Commissioner", "Commissioner of the Metropolitan Police", True),
    ("Commissioner", "Assistant Commissioner", False),
    ("the Home Secretary", "Home Secretary", True),
    ("Police Secretary", "Policing Minister", False),
    ("Deputy Leader", "Leader", False),
    ("Met Commissioner", "Metropolitan Police Commissioner", True),
    ("Sen.", "Senator", True),
])
def test_title_support(draft: str, source: str, ok: bool) -> None:
    assert title_supported(draft, source) is ok


@pytest.mark.model
def test_a_one_sentence_summary_is_always_compared_with_its_source(tmp_path):
    from factcheck import api

    root = tmp_path
    source = (root / "source.txt")
    source.write_text(
        "Police said 45 officers were injured when fans clashed outside the stadium on Saturday night. "
        "Chief Constable John Smith said the violence was the worst the city had seen in a decade. "
        "Smith said extra patrols would be in place for the next home game, against Leeds, in two weeks. "
        "Local businesses reported damage to shop windows and cars along the main road. "
        "The club condemned the violence and promised to ban anyone found responsible for life.",
        encoding="utf-8")
    draft = root / "summary.txt"
    draft.write_text("Chief Constable John Smyth said 54 officers were hurt in Saturday's clashes.", encoding="utf-8")
    result = api.check([str(draft)], against=[str(source)], cache=False)
    flagged = {(f.rule, f.evidence[0].text) for f in result.findings if f.severity != "info"}
    assert {("SUP001", "54"), ("SUP002", "John Smyth")} <= flagged
