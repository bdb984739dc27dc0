"""SUP001-SUP005: a draft against its own source. Should-flag and should-pass tables."""

from __future__ import annotations

import pytest
from corpora import source_corpus

from factcheck.checks._support import source_match
from factcheck.checks.support import NameSupport, PredicateSupport, RoleSupport, Unstated, ValueSupport, title_supported
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
    (NameSupport, "Smith added that Apex Security Ltd had provided stewards.", "Apex", "Acme"),
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


def test_what_the_source_never_states_is_one_information_note():
    c = source_corpus("Police made 17 arrests, and Councillor Jane Doe welcomed the review.", SOURCE, score=0.3,
                      based_on=("src",))
    assert list(ValueSupport().run(c)) == [] and [f for f in NameSupport().run(c)] == []
    found = list(Unstated().run(c))
    assert [(f.severity, [e.text for e in f.evidence]) for f in found] == [("info", ["17", "Jane Doe"])]
    assert "named as its source" in found[0].message


def test_no_note_against_a_reference_that_is_not_the_drafts_source():
    """A draft sharing no names with the reference is another story: nothing is said, not even info."""
    c = source_corpus("Mayor Jane Doe said 17 new homes would be built in Northgate by 2026.", SOURCE, score=0.6)
    for check in (ValueSupport, NameSupport, RoleSupport, PredicateSupport, Unstated):
        assert list(check().run(c)) == [], check.code


def test_nothing_is_said_without_source_material():
    docs = [Document("a", "Police said 54 officers were injured."), Document("b", SOURCE)]
    c = source_corpus(docs[0].text, SOURCE)
    c = Corpus([c.documents[0], Document("b", SOURCE)])
    for check in (ValueSupport, NameSupport, RoleSupport, PredicateSupport, Unstated):
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


# The draft against its source: each figure is compared with the source's value for the
# same claim (what it measures), never the nearest figure of its kind.
COUNCIL_SOURCE = ("Northgate Borough Council has approved a £4.2m cut to its library and youth services. "
                  "Councillors voted 31 to 19 in favour on 12 March. "
                  "The library service loses £2.9m and youth services lose £1.3m under the plan. "
                  "Council leader Tom Hargreaves said the authority had no good options left. "
                  "Charges at the council's three town-centre car parks will be frozen for a second year. "
                  "A rally is planned outside the council's headquarters in Exeter on Saturday. "
                  "Managing director Claire Ashby said the buses would run until 1 June 2025. "
                  "The previous record was set at the same station on 18 July 2022. "
                  "Flights will run on Mondays, with fares from £39.99 one-way.")


@pytest.mark.parametrize(("check", "draft", "suspect", "suggestion"), [
    (ValueSupport, "Under the plan, the £4.7m cut will be split between the library service and youth services.",
     "£4.7m", "£4.2m"),
    (ValueSupport, "The library service loses £2.7m and youth services lose £1.3m under the plan.", "£2.7m", "£2.9m"),
    (ValueSupport, "Councillors voted 31 to 19 in favour on 14 March.", "14 March", "12 March"),
    (PredicateSupport, "Charges at the council's three town-centre car parks will be increased for a second year.",
     "increased", "frozen"),
    (NameSupport, "A rally is planned outside the council's headquarters in Taunton on Saturday.", "Taunton",
     "Exeter"),
    (RoleSupport, "Operations director Claire Ashby said the buses would run until 1 June 2025.",
     "Operations director", "Managing director"),
    # a date the source states in full is not supported by another date of the same month
    (ValueSupport, "The previous record was set at the same station on 19 July 2022.", "19 July 2022",
     "18 July 2022"),
    # "fares from £39.99" is the fare, not the level a change starts from
    (ValueSupport, "One-way fares start at £29.99 on the new flights.", "£29.99", "£39.99"),
])
def test_the_source_says_otherwise(check, draft: str, suspect: str, suggestion: str) -> None:
    found = list(check().run(source_corpus(draft, COUNCIL_SOURCE, score=0.7, based_on=("src",))))
    assert [(f.evidence[0].text, f.severity) for f in found] == [(suspect, "warning")], [f.message for f in found]
    assert (found[0].suggestion or "").startswith(suggestion) and found[0].evidence[1].doc == "src"


@pytest.mark.parametrize("draft", [
    # a baseline or a bound is not the claim; an age is not a count; a different thing counted
    "Turnout was down from 35% in the previous vote, and at least 40 councillors attended.",
    "Tom Hargreaves, 58, said the council had cut its budget.",
    "Under the plan, 12 libraries will stay open.",
    # the same direction, and the same place, in other words
    "Car park charges will stay frozen for another year, the council said.",
    "The rally outside the Exeter headquarters is planned for Saturday.",
    "Managing director Claire Ashby said the buses would run until June.",
    "Claire Ashby, the managing director, said: \"The buses will run until 1 June 2025.\"",
])
def test_the_source_does_not_say_otherwise(draft: str) -> None:
    c = source_corpus(draft, COUNCIL_SOURCE, score=0.7, based_on=("src",))
    for check in (ValueSupport, NameSupport, RoleSupport, PredicateSupport):
        assert [f.message for f in check().run(c) if f.severity != "info"] == [], check.code


def test_a_flip_in_a_sentence_holding_another_claim_is_found_by_its_shared_words():
    """The draft sentence embeds far from the source's (score 0.2), but "car parks will be [increased]
    for a second year" between many shared words is a restatement."""
    draft = ("The garden waste charge will go up to £52 a year, while charges at the council's three town-centre "
             "car parks will be increased for a second year.")
    found = list(PredicateSupport().run(source_corpus(draft, COUNCIL_SOURCE, score=0.2, based_on=("src",))))
    assert [(f.evidence[0].text, f.suggestion) for f in found] == [("increased", "frozen (as the source says)")]


def _doc(doc_id: str, text: str, reference: bool = False) -> Document:
    from factcheck.extract import extract
    from factcheck.segment.sentences import segment

    d = Document(doc_id, text, reference=reference)
    segment(d)
    extract(d)
    return d


DRAFT = _doc("d", "Northgate Borough Council has approved a £4.7m cut to its library and youth services. Council "
                  "leader Tom Hargreaves said the authority had no good options left, after councillors voted 31 to "
                  "19 in favour.")


def test_a_draft_finds_its_own_source_by_names_figures_and_wording():
    assert source_match(DRAFT, _doc("s", COUNCIL_SOURCE, True)).is_source


def test_another_storys_source_is_not_the_drafts_source():
    other = _doc("x", "Castlebrook Borough Council agreed a balanced budget of £38.6m on Wednesday. Deputy leader "
                      "Rachel Denholm said bin collections, parks and leisure centres were protected.", True)
    assert not source_match(DRAFT, other).is_source


def test_an_earlier_article_on_the_story_is_not_the_drafts_source():
    """A follow-up keeps the names but brings new figures and words: it is an archive, not a source."""
    earlier = _doc("a", "Northgate Borough Council is consulting on closing six branch libraries, leader Tom "
                        "Hargreaves confirmed last autumn. About 2,400 people signed a petition against the plan, "
                        "which campaigners delivered to the town hall in November with 14 boxes of letters.", True)
    assert not source_match(DRAFT, earlier).is_source


@pytest.mark.parametrize(("draft", "flagged"), [
    ("The result was declared by returning officer Helen Crossland on Friday.", ["Helen Crossland"]),
    # another given name: another person, whose name the source never gives (SUP005's, not a misspelling)
    ("The result was declared by returning officer Mark Crossland on Friday.", []),
])
def test_one_given_name_and_a_surname_begun_alike_is_one_person_misspelled(draft: str, flagged: list[str]) -> None:
    source = "I, Helen Crossley, being the Returning Officer, declare the result of the poll held on Thursday."
    found = [f for f in NameSupport().run(source_corpus(draft, source, score=0.5, based_on=("src",)))]
    assert [f.evidence[0].text for f in found] == flagged
    assert all(f.suggestion == "Crossley" for f in found)


@pytest.mark.model
def test_each_draft_of_a_run_is_checked_against_its_own_source_only(tmp_path):
    """Two drafts and two sources in one run (and an earlier article): every support finding about a
    draft cites its own source, and the earlier article draws no note at all."""
    import json

    from factcheck import api

    council = ("Northgate Borough Council has approved a £4.2m cut to its library and youth services. "
               "Councillors voted 31 to 19 in favour on 12 March. Council leader Tom Hargreaves said the "
               "authority had no good options left. Charges at the council's three town-centre car parks will "
               "be frozen for a second year.")
    police = ("Police said 45 officers were injured when fans clashed outside Riverside Stadium on Saturday. "
              "Chief Constable John Smith said the violence was the worst the city had seen in a decade. "
              "Smith said extra patrols would be in place for the next home game, against Leeds.")
    earlier = ("Northgate's libraries could close as the council looks for savings, leader Tom Hargreaves warned "
               "last year. About 2,400 residents signed a petition, and campaigners marched to the town hall.")
    drafts = [
        {"id": "d1", "text": "Northgate Borough Council has approved a £4.7m cut to its library and youth "
                             "services. Councillors voted 31 to 19 in favour on 12 March. Council leader Tom "
                             "Hargreaves said the authority had no good options left. Charges at the council's "
                             "three town-centre car parks will be increased for a second year."},
        {"id": "d2", "text": "Police said 54 officers were injured when fans clashed outside Riverside Stadium on "
                             "Saturday. Chief Constable John Smith said the violence was the worst the city had "
                             "seen in a decade.", "based_on": "s2"},
    ]
    refs = [{"id": "s1", "text": council}, {"id": "s2", "text": police}, {"id": "a1", "text": earlier}]
    (tmp_path / "drafts.jsonl").write_text("".join(json.dumps(d) + "\n" for d in drafts), encoding="utf-8")
    (tmp_path / "refs.jsonl").write_text("".join(json.dumps(d) + "\n" for d in refs), encoding="utf-8")
    result = api.check([str(tmp_path / "drafts.jsonl")], against=[str(tmp_path / "refs.jsonl")], cache=False)
    support = [f for f in result.findings if any(rule.startswith("SUP") for rule in [f.rule, *f.also])]
    own = {"d1": "s1", "d2": "s2"}
    assert all(e.doc in (f.evidence[0].doc, own[f.evidence[0].doc]) for f in support for e in f.evidence)
    # a support finding may lead, or be merged into another check's finding on the same span
    flagged = {(rule, f.evidence[0].text) for f in support if f.severity != "info" for rule in [f.rule, *f.also]}
    assert {("SUP001", "£4.7m"), ("SUP004", "increased"), ("SUP001", "54")} <= flagged
    assert not any("a1" in f.message for f in result.findings if f.rule.startswith("SUP"))
