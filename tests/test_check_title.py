"""TTL001: should-flag and should-pass tables."""

from __future__ import annotations

import json

import pytest
from corpora import by_doc, changed_keys
from corpora import name_corpus as corpus

from factcheck.checks.title import TitleConsistency, compatible, normalise
from factcheck.pair.corpus import Corpus
from factcheck.run.reach import LinkGraph, induced

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


# Roles beyond national offices, read from running text: (one article, suspect title text). Inside one
# article the later of two one-off titles is the suspect; the first (headline/lead) one is the suggestion.
ROLE_FLAG = [
    # the council draft: a rank word changes the role
    ("Council leader Tom Hargreaves said the authority had no good options left. The vote followed a long "
     "meeting.\n\nDeputy leader Tom Hargreaves said the council would look at handing the buildings over.",
     "Deputy leader"),
    # a police rank and its abbreviation
    ("Detective Constable Liam Forsyth said the fraud was deliberate. DS Forsyth added that a hearing would "
     "follow.", "DS"),
    ("Redmoor captain Tom Hadley scored twice. Vice-captain Tom Hadley, 31, was making his 150th appearance.",
     "Vice-captain"),
    ("Recording a conclusion, assistant coroner Helen Marsh said he was not seen. Ms Marsh, the senior coroner "
     "for the area, said she would not issue a report.", "the senior coroner for the area"),
    # one head, another function
    ("Mark Ellery, managing director of Harrowfield Homes, spoke. Mr Ellery, the firm's finance director, "
     "said work could begin next spring.", "the firm's finance director"),
    ("Chief operating officer Mark Ellery told the board about extra lists. Chief executive Mark Ellery said "
     "patients would be offered treatment.", "Chief executive"),
    # an apposition against an apposition: "leader of the group" / "deputy group leader"
    ("Councillor Ruth Ainsworth, leader of the Liberal Democrat group, said voters were fed up. Cllr Ainsworth, "
     "the Liberal Democrat deputy group leader, said her party would hold them to account.",
     "the Liberal Democrat deputy group leader"),
]


@pytest.mark.parametrize(("text", "suspect"), ROLE_FLAG)
def test_ttl001_flags_a_changed_role(text: str, suspect: str) -> None:
    found = list(TitleConsistency().run(corpus(text)))
    assert [f.evidence[0].text for f in found] == [suspect], [f.message for f in found]
    assert found[0].suggestion and found[0].suggestion != suspect  # names both roles, suggests the other


ROLE_PASS = [
    # a short form of the same title
    ("Detective Chief Inspector Jane Roe led the inquiry. DCI Roe said the appeal had worked.",),
    ("Chief Constable Ann Booth spoke. The chief constable said more officers would follow. Ms Booth left.",),
    ("Lib Dem group leader Helen Carver spoke. Group leader Helen Carver said talks would start.",),
    # relatives sharing a surname are two people
    ("The firm was founded by chairman Geoffrey Pellow. His son, managing director Daniel Pellow, said it "
     "almost went under.",),
    # "former" is time: a former captain may be today's director
    ("Director of rugby Mark Ellison, a former Redmoor captain himself, said the side was too passive. "
     "Redmoor captain Tom Hadley agreed.",),
    # two past roles may both be true: one post at a time, many over a career
    ("Mark Ellison, a former Redmoor captain, spoke first. The former vice-captain Mark Ellison then left.",),
    # a standing and a post held together
    ("Councillor Ruth Ainsworth, leader of the Liberal Democrat group, said voters were fed up.",),
    ("Professor Alan Whitcombe, head of climate science at the agency, said the heat was exceptional.",),
    # one function written two ways
    ("Chief financial officer Priya Nandakumar spoke. Ms Nandakumar, the chief finance officer, agreed.",),
    # two people, two ranks
    ("Lib Dem group leader Helen Carver spoke. Her deputy leader, Tom Pryce, held his seat.",),
]


@pytest.mark.parametrize("texts", ROLE_PASS)
def test_ttl001_passes_roles(texts: tuple[str, ...]) -> None:
    found = list(TitleConsistency().run(corpus(*texts)))
    assert found == [], [f.message for f in found]


def test_roles_of_other_outlets_are_not_compared() -> None:
    # other outlets name one post in other words; the draft's own source is compared (next test)
    found = list(TitleConsistency().run(corpus("Indian oil minister Mani Aiyar spoke.",
                                               "The petroleum minister, Mani Aiyar, agreed.")))
    assert found == []


def test_the_source_settles_a_role_and_is_never_the_suspect() -> None:
    c = corpus("Operations director Claire Ashby said no operator wants to cut services.",
               "Managing director Claire Ashby said no operator wants to cut services.")
    c.documents[1].reference = True
    found = list(TitleConsistency().run(c))
    assert [(f.evidence[0].doc, f.evidence[0].text, f.suggestion) for f in found] == [
        ("d0", "Operations director", "Managing director")]


def test_role_conflict() -> None:
    from factcheck.checks.title import role_conflict
    from factcheck.extract._roles import parse

    def rc(a: str, b: str) -> bool:
        ra, rb = parse(a), parse(b)
        assert ra is not None and rb is not None
        return role_conflict(ra, rb)

    assert rc("deputy leader", "Council leader")
    assert rc("vice-captain", "captain")
    assert rc("DI", "DCI")  # one head, a rank more
    assert rc("chief executive", "chief operating officer")
    assert rc("managing director", "finance director")
    assert not rc("group leader", "leader")
    assert not rc("DCI", "Detective Chief Inspector")
    assert not rc("chief executive officer", "chief executive")
    assert not rc("councillor", "leader of the Labour group")
    assert not rc("chief financial officer", "chief finance officer")


TRUMP = ("Gov. Trump said the order was overdue.", "President Trump signed the order.",
         "President Trump then left for Florida.", "President Trump spoke in Ohio.", "Mayor Adams spoke.")


def linked(*texts: str) -> Corpus:
    """d0 and d1 report one story; every other document is a story of its own."""
    docs = corpus(*texts).documents
    return Corpus(docs, story={d.id: max(0, n - 1) for n, d in enumerate(docs)}, related={("d0", "d1")})


def test_ttl001_a_neighbourhood_with_the_whole_corpus_statistics_gives_the_whole_run_findings() -> None:
    whole = linked(*TRUMP)
    check = TitleConsistency()
    stats = check.gather(whole)
    expected = by_doc(check.run(whole))
    # "President" is used three times over the corpus, "Gov." once: Gov. is the suspect, though in the
    # story alone the two tie and the later one ("President", d1) would be
    assert [json.loads(f)["evidence"][0]["text"] for f in expected["d0"]] == ["Gov."] and list(expected) == ["d0"]
    graph = LinkGraph(whole)
    for n, d in enumerate(whole.documents):
        part = induced(whole, graph.ball(n, check.reach))
        assert by_doc(check.run_with(part, stats)).get(d.id) == expected.get(d.id)
    assert [f.evidence[0].text for f in check.run(induced(whole, [0, 1]))] == ["President"]


def test_ttl001_a_changed_title_changes_two_counts_and_is_read_only_where_titles_conflict() -> None:
    check = TitleConsistency()
    before = check.gather(linked(*TRUMP))
    after = check.gather(linked(*TRUMP[:3], "Senator Trump spoke in Ohio.", TRUMP[4]))
    assert changed_keys(before, after) == {("Trump", "president"), ("Trump", "senator")}
    docs = linked(*TRUMP).documents
    assert check.reads(before, [docs[0], docs[1]]) == [("Trump", "governor"), ("Trump", "president")]
    assert check.reads(before, [docs[1], docs[0]]) == [("Trump", "governor"), ("Trump", "president")]
    assert check.reads(before, [docs[2]]) == [] and check.reads(before, [docs[4]]) == []
