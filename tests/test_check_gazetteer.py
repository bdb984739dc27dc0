"""The `gazetteer` rule type with the shipped uk-politics-policing pack: names, titles, former names."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import by_doc, changed_keys

from factcheck.checks.gazetteer import similar_given, similar_surname, skeleton
from factcheck.core.model import Document, Mention, Title
from factcheck.pair.corpus import Corpus
from factcheck.rules.packs import load_rules

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = ROOT / "seeds/000_138f886bb481b0ff.txt"


@pytest.fixture(scope="module")
def check():
    return next(r for r in load_rules([ROOT / "rules"]) if r.code == "GAZ001").build()


def run(check, text: str, date: str | None = None, **layers) -> list:
    doc = Document(id="d", text=text, date=date, **layers)
    findings = list(check.run(Corpus([doc])))
    for f in findings:
        e = f.evidence[0]
        assert doc.text[e.start:e.end] == e.text and f.suggestion
    return findings


UK = "The Metropolitan Police was put in special measures, the Home Office said in London. "

SHOULD_FLAG = [  # text, (category, cited span, suggestion)
    (UK + "Home Secretary Pretty Patel is making the choice.", [("name", "Pretty Patel", "Priti Patel")]),
    (UK + "Sadiq Kahn said the Met must improve.", [("name", "Sadiq Kahn", "Sadiq Khan")]),
    (UK + "In the Commons, Police Secretary Keith Malthaus rewrote his speech.",
     [("title", "Police Secretary", "Policing Minister Kit Malthouse"),
      ("name", "Keith Malthaus", "Kit Malthouse")]),
    (UK + "Home Secretary Kit Malthouse spoke.",
     [("title", "Home Secretary", "Policing Minister Kit Malthouse")]),
    (UK + "Nearly one in seven forces is judged by the HMIC to need help.", [("name", "HMIC", "HMICFRS")]),
]

SHOULD_PASS = [
    UK + "Home Secretary Priti Patel is making the choice.",
    UK + "Policing Minister Kit Malthouse said so. London Mayor Sadiq Khan replied.",
    UK + "Dame Cressida Dick resigned; Sir Mark Rowley, the Metropolitan Police Commissioner, spoke.",
    UK + "Former Home Secretary Sajid Javid and Dev Patel attended.",  # another Patel: not a near miss
    "Pretty Patel opened a bakery in Leicester.",  # no UK politics context for a fuzzy match
    "Sadiq Kahn, a software engineer, moved to Toronto.",
    UK + "Chancellor Rishi Sunak met Kit Malthouse.",
]


@pytest.mark.parametrize(("text", "expected"), SHOULD_FLAG)
def test_should_flag(check, text, expected):
    got = sorted((f.category, f.evidence[0].text, f.suggestion) for f in run(check, text))
    assert got == sorted(expected)


@pytest.mark.parametrize("text", SHOULD_PASS)
def test_should_pass(check, text):
    assert [f for f in run(check, text) if f.severity != "info"] == []


def test_seed_000_pretty_patel_and_police_secretary(check):
    findings = run(check, SEED_000.read_text(encoding="utf-8"))
    got = {(f.category, f.evidence[0].text, f.suggestion) for f in findings if f.severity == "warning"}
    assert ("name", "Pretty Patel", "Priti Patel") in got
    assert ("title", "Police Secretary", "Policing Minister Kit Malthouse") in got
    title = next(f for f in findings if f.category == "title")
    assert "Minister of State for Crime and Policing" in title.message and "2019-07-25" in title.message
    assert title.evidence[1].text == "Keith Malthaus"


def test_former_name_is_info_unless_dated_after_the_rename(check):
    text = UK + "The HMIC said so. HMICFRS agreed. The HMIC again."
    undated = run(check, text)
    assert [(f.evidence[0].text, f.severity) for f in undated] == [("HMIC", "info")]
    assert undated[0].evidence[1].text == "HMICFRS"
    assert [f.severity for f in run(check, text, date="2022-06-28")] == ["warning"]
    assert [f.severity for f in run(check, text, date="2015-01-01")] == ["info"]


def test_title_outside_the_gazetteer_years_is_not_judged(check):
    text = UK + "Chancellor of the Duchy of Lancaster Kit Malthouse said so."
    assert [f for f in run(check, text, date="2022-08-01") if f.category == "title"] == []


def test_reads_the_people_and_titles_layers(check):
    """An apposition title is only known from the titles layer; the text scan sees only pre-name titles."""
    text = UK + "Pretti Patell, the Police Secretary, spoke."
    start = text.index("Pretti")
    mention = Mention(start, start + 13, "Pretti Patell", 0, "person", "Pretti Patell", "Pretti", "Patell")
    t0 = text.index("Police Secretary")
    title = Title(t0, t0 + len("Police Secretary"), "Police Secretary", 0, 0, "apposition")
    findings = run(check, text, mentions=[mention], titles=[title])
    got = {(f.category, f.evidence[0].text, f.suggestion) for f in findings}
    assert got == {
        ("name", "Pretti Patell", "Priti Patel"),
        ("title", "Police Secretary", "Home Secretary Priti Patel"),
    }


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("Pretty", "Priti", True), ("Keith", "Kit", True), ("Dev", "Priti", False), ("Mark", "Mike", False)],
)
def test_similar_given(a, b, same):
    assert similar_given(a, b) is same


@pytest.mark.parametrize(("a", "b", "same"), [("Malthaus", "Malthouse", True), ("Kahn", "Khan", True),
                                              ("Hahn", "Khan", False), ("Rowling", "Rowley", False)])
def test_similar_surname(a, b, same):
    assert similar_surname(a, b) is same


def test_skeleton():
    assert skeleton("Pretty") == skeleton("Priti") == "prt"


@pytest.mark.parametrize(("text", "says"), [
    (UK + "In the Commons, Police Secretary Keith Malthaus rewrote his speech.",
     ["the gazetteer does not list 'Police Secretary' as an office; it lists Kit Malthouse as",
      "'Keith Malthaus' is not a spelling of Kit Malthouse's name that the gazetteer lists"]),
    (UK + "Home Secretary Kit Malthouse spoke.",
     ["the gazetteer does not list Kit Malthouse as Home Secretary; it lists them as"]),
])
def test_messages_say_what_the_gazetteer_lists_not_what_exists(check, text, says):
    """A gap in the gazetteer is not a fact: no 'is no known office', no 'was never'."""
    messages = [f.message for f in run(check, text)]
    for phrase in says:
        assert any(m.startswith(phrase) for m in messages), messages
    assert not any("no known" in m or "was never" in m or "not a known" in m for m in messages)


RENAMED = ["In England one in seven forces is judged by the HMIC to need help.", "Critics of the Home Office spoke.",
           "HMICFRS said forces in England must improve.", "HMICFRS inspected the Met.",
           "In London the HMIC said so. HMICFRS agreed."]


def test_a_document_with_the_whole_corpus_statistics_gives_the_whole_run_findings(check):
    whole = Corpus([Document(f"d{n}", t) for n, t in enumerate(RENAMED)])
    stats = check.gather(whole)
    expected = by_doc(check.run(whole))
    # d0 uses only the former name: its finding quotes the current one from d2, through the statistics
    assert sorted(expected) == ["d0", "d4"] and '"doc": "d2"' in expected["d0"][0]
    for d in whole.documents:
        assert by_doc(check.run_with(Corpus([d]), stats)).get(d.id) == expected.get(d.id)
    assert [len(f.evidence) for f in check.run(Corpus([whole.documents[0]]))] == [1]


def test_an_edit_changes_the_current_name_entry_only_where_it_is_first_used(check):
    def stats(texts):
        return check.gather(Corpus([Document(f"d{n}", t) for n, t in enumerate(texts)]))
    before = stats(RENAMED)
    key = next(k for k in before if "HMICFRS" in before[k][3])  # the first use: d2's "HMICFRS"
    assert before[key][0] == "d2"
    assert changed_keys(before, stats([*RENAMED[:3], "The Met was inspected.", RENAMED[4]])) == set()
    assert changed_keys(before, stats([*RENAMED[:2], "Forces in England must improve.", *RENAMED[3:]])) == {key}
    docs = [Document(f"d{n}", t) for n, t in enumerate(RENAMED)]
    # only a document using the former name alone quotes another document
    assert [check.reads(before, [d]) for d in docs] == [[key], [], [], [], []]
