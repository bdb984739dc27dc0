"""Enumerations layer: stated counts and the lists they introduce, from real-world sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core.model import Document
from factcheck.extract import dates, enumerations, quantities
from factcheck.segment.sentences import segment

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _enums(text: str) -> tuple[Document, list]:
    doc = segment(Document("t", text))
    for layer in (quantities, dates, enumerations):
        layer.extract(doc)
    assert "enumerations" in doc.layers
    return doc, doc.enumerations


def _items(doc: Document, e) -> list[str]:
    return [doc.text[a:b] for a, b in e.items]


# (text, count as written, count, items, partial)
CASES = [
    # with two figures before one list, the nearer counts it: "2" belongs to the name "Shrek 2"
    ("Film sequel Shrek 2 took three prizes - voted top animated movie, top film comedy and top sequel.",
     "three", 3, ["voted top animated movie", "top film comedy", "top sequel"], False),
    ("Chauvin was eventually convicted on two charges: second-degree murder, third-degree murder, and manslaughter.",
     "two", 2, ["second-degree murder", "third-degree murder", "manslaughter"], False),
    ("“ It seems to me there are three broad categories that underscore the problem — mental illness and school "
     "safety , ” said Mr. McConnell .", "three", 3, ["mental illness", "school safety"], False),
    ("there were three donation boxes : one for Romney and one for Obama .", "three", 3,
     ["one for Romney", "one for Obama"], False),
    ("The move left the group with two core divisions: gaming and Deluxe Films, which provides technical services.",
     "two", 2, ["gaming", "Deluxe Films"], False),
    ("The agency has canceled lease sales in Cook Inlet two times — 2008 and 2011 — citing lack of interest.",
     "two", 2, ["2008", "2011"], False),
    ("The scandal has prompted three credit rating agencies - Standard & Poor's, Moody's and Fitch - to downgrade "
     "Marsh.", "three", 3, ["Standard & Poor's", "Moody's", "Fitch"], False),
    ("Republicans could secure the majority with three victories among these states : Arkansas , North Carolina , "
     "Iowa , Colorado and New Hampshire .", "three", 3,
     ["Arkansas", "North Carolina", "Iowa", "Colorado", "New Hampshire"], True),
    ("The report named four areas: including crime, victims and leadership.", "four", 4,
     ["including crime", "victims", "leadership"], True),
    ("Staffordshire and Wiltshire are the other two forces failing, a spokesman said.", "two", 2,
     ["Staffordshire", "Wiltshire"], False),
    ("The interviews for the two remaining candidates, Mark Rowley and Nick Ephgrave, ended.", "two", 2,
     ["Mark Rowley", "Nick Ephgrave"], False),
]


@pytest.mark.parametrize(("text", "count_text", "count", "items", "partial"), CASES)
def test_enumeration(text: str, count_text: str, count: int, items: list[str], partial: bool) -> None:
    doc, enums = _enums(text)
    assert len(enums) == 1, enums
    e = enums[0]
    assert (e.count_text, e.count, _items(doc, e), e.partial) == (count_text, count, items, partial)


@pytest.mark.parametrize("text", [
    "a grand jury indicted a man who confessed to raping a 10 - year - old girl , Thursday .",
    "Texas has a six - week abortion restriction in effect , and four states have constitutions that bar it .",
    "As well as the bid to get Chapter 11 bankruptcy - which protects firms from creditors, allowing them to trade.",
    "In the 14 states running their own sign - up methods , the numbers look better .",
    "The nine areas were assessed, and the force did well in two.",
    "The two men, both in their 20s, and Smith left.",
])
def test_no_enumeration(text: str) -> None:
    assert _enums(text)[1] == []


def test_seed_count_gathers_list_across_sentences_with_exclusion() -> None:
    doc, enums = _enums((SEEDS / "000_138f886bb481b0ff.txt").read_text(encoding="utf-8"))
    six = next(e for e in enums if e.count_text == "Six")
    assert (six.count, six.noun, six.partial) == (6, "force", False)
    assert _items(doc, six) == ["Cleveland", "Greater Manchester Police", "Gloucestershire", "Staffordshire",
                                "Wiltshire"]
    assert [doc.text[a:b] for a, b in six.excluded] == ["Met"]


def test_seed_seven_of_the_nine_is_never_a_full_list() -> None:
    _, enums = _enums((SEEDS / "001_e7c9312e301b4173.txt").read_text(encoding="utf-8"))
    assert all(e.partial for e in enums if e.count in (7, 9))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*"ab AB12,.:;—-–$£%'\"\n", "three ", "May ", "Tuesday ", "and ", "the other two ",
                                 "including "]), max_size=80).map("".join))
def test_layers_never_break_offsets(text: str) -> None:
    doc, enums = _enums(text)
    for layer in (doc.quantities, doc.dates):
        for span in layer:
            assert doc.text[span.start:span.end] == span.text
    for e in enums:
        assert doc.text[e.count_start:e.count_end] == e.count_text
        assert all(0 <= a < b <= len(doc.text) for a, b in e.items + e.excluded)
