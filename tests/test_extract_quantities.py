"""Quantities layer: real-world sentences (seeds and bench-style tokenized text) with expected values."""

from __future__ import annotations

import pytest

from factcheck.core.model import Document
from factcheck.extract import quantities
from factcheck.segment.sentences import segment


def _quantities(text: str) -> list:
    doc = segment(Document("t", text))
    quantities.extract(doc)
    assert "quantities" in doc.layers
    for q in doc.quantities:
        assert doc.text[q.start:q.end] == q.text
    return doc.quantities


# (sentence, figure as written, value, kind, unit, noun, approx)
CASES = [
    ("We lost 21,000 experienced officers across the country.", "21,000", 21000, "cardinal", None, "officer", False),
    # an irregular plural ends the counted phrase as a regular one does: "Nora" is a child, not the noun
    ("He is survived by three children Nora, Hasna and Guy.", "three", 3, "cardinal", None, "child", False),
    ("Nearly one in seven forces is currently being judged by the HMIC.", "one in seven", 1 / 7, "ratio", None,
     "force", True),
    ("The Met plans to scale back reform due to a funding gap of £92m [PA Media]", "£92m", 92e6, "money", "GBP",
     None, False),
    ("the administration proposed an unspecified amount of less than $ 5 billion for the border wall .",
     "$ 5 billion", 5e9, "money", "USD", None, True),
    ("abuse and dependence are roughly 23 percent lower than states without legal access.", "23 percent", 23,
     "percent", "%", None, True),
    ("Medical marijuana is legal in 34 states and Washington, D.C.", "34", 34, "cardinal", None, "state", False),
    ("it would only raise roughly $51.4 billion over the next 20 years.", "$51.4 billion", 51.4e9, "money", "USD",
     None, True),
    ("it would only raise roughly $51.4 billion over the next 20 years.", "20", 20, "cardinal", None, "year", False),
    ("a 6% fall in profits in its UK retail division to £1.13bn.", "6%", 6, "percent", "%", "fall", False),
    ("a 6% fall in profits in its UK retail division to £1.13bn.", "£1.13bn", 1.13e9, "money", "GBP", None, False),
    ("from 54 miles per gallon by 2025 to 20 miles per gallon.", "20", 20, "cardinal", None, "mile", False),
    ("US Airways is in Chapter 11 bankruptcy protection for the second time.", "11", 11, "cardinal", None,
     "chapter", False),
    ("Biden said that the U.S. has evacuated more than 9,000 people since July.", "9,000", 9000, "cardinal", None,
     "person", True),
    ("the killer of 19 children and three adults at Robb Elementary School", "three", 3, "cardinal", None, "adult",
     False),
    ("Twenty-one people were hurt.", "Twenty-one", 21, "cardinal", None, "person", False),
    ("The Texas law bans abortions after seven weeks of pregnancy.", "seven", 7, "cardinal", None, "week", False),
    ("Fosters bought 18.4% of Southcorp for 4.17 Australian dollars per share.", "18.4%", 18.4, "percent", "%",
     None, False),
    ("Chinese police have detained four top executives at milk firm Yili.", "four", 4, "cardinal", None,
     "executive", False),
    ("Fiat is to get 1bn euros immediately.", "1bn", 1e9, "money", "EUR", "euro", False),
    ("the group will tender for about 150 contracts.", "150", 150, "cardinal", None, "contract", True),
]


@pytest.mark.parametrize(("text", "figure", "value", "kind", "unit", "noun", "approx"), CASES)
def test_quantity(text: str, figure: str, value: float, kind: str, unit: str | None, noun: str | None,
                  approx: bool) -> None:
    found = {q.text: q for q in _quantities(text)}
    assert figure in found, f"{figure!r} not in {sorted(found)}"
    q = found[figure]
    assert q.value == pytest.approx(value)
    assert (q.kind, q.unit, q.noun, q.approx) == (kind, unit, noun, approx)


def test_years_are_not_counted_quantities() -> None:
    qs = _quantities("They are Mark Rowley, who left the Met in 2018 after serving as head of counterterrorism.")
    assert [(q.text, q.kind) for q in qs] == [("2018", "year")]


def test_same_money_in_two_forms_normalises_equal() -> None:
    a = _quantities("a funding gap of £92m")[0]
    b = _quantities("a funding gap of 92 million pounds")[0]
    assert a.value == b.value == 92e6
    assert (a.unit, b.unit) == ("GBP", "GBP")


def test_range_has_high_end() -> None:
    q = _quantities("It will take 10-12 years.")[0]
    assert (q.value, q.high) == (10, 12)


def test_times_and_date_days_are_not_quantities() -> None:
    assert [q.text for q in _quantities("The vote is at 10:30 on March 31 , 2012 .")] == ["2012"]


def test_pronoun_one_is_not_a_quantity() -> None:
    assert _quantities("It is one of the worst crises, no one doubts it.") == []


def test_subject_is_first_name_in_sentence() -> None:
    q = _quantities("Mr Brown surprised City experts by forecasting UK growth at 3.5% for next year.")[0]
    assert q.subject == "Mr Brown"


@pytest.mark.parametrize("text", ["If Jens is not Arsenal's number one keeper, that is a problem.",
                                  "The film was at number 6 for the weekend.", "Coria is the world No. 7."])
def test_a_figure_after_number_is_a_rank_not_a_count(text: str) -> None:
    d = Document("d", text)
    segment(d)
    quantities.extract(d)
    assert [q.kind for q in d.quantities] == ["ordinal"]


@pytest.mark.parametrize(("plural", "one"), [("prizes", "prize"), ("sizes", "size"), ("buzzes", "buzz"),
                                             ("boxes", "box"), ("churches", "church"), ("children", "child")])
def test_singular(plural: str, one: str) -> None:
    from factcheck.extract._numbers import singular

    assert singular(plural) == one
