"""Hostile text is bounded work: a sentence holding thousands of values is skipped with an info
finding instead of stalling the batch. (Speeds are measured in bench/pathological.py.)"""

from __future__ import annotations

import random

from factcheck import api
from factcheck.checks import number
from factcheck.checks._claims import MAX_VALUES


def _table(values: list[int], noun: str = "officers") -> str:
    return f"The Home Office said the forces hired {', '.join(map(str, values))} {noun} in 2019."


def test_a_sentence_of_ten_thousand_figures_is_skipped_with_a_note_in_bounded_work(monkeypatch):
    calls = 0
    real = number.compatible

    def counting(*args, **kwargs):
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(number, "compatible", counting)
    rng = random.Random(1)
    values = [rng.randint(1, 99_999) for _ in range(10_000)]
    texts = {"a": _table(values), "b": _table([v + 7 * (i % 10 == 0) for i, v in enumerate(values)]),
             "c": "The Home Office said the forces hired 21,000 officers in 2019.",
             "d": "The Home Office said the forces hired 12,000 officers in 2019."}
    result = api.check(texts=texts, model="hashing", cache=False)
    notes = [f for f in result.findings if f.message.startswith("skipped: too many values in one sentence")]
    assert notes and all(f.rule == "NUM001" and f.severity == "info" for f in notes)
    assert {f.evidence[0].doc for f in notes} == {"a", "b"}
    # the ordinary claims around the table are still compared
    assert any(f.rule == "NUM001" and f.severity != "info" and f.evidence[0].doc in "cd" for f in result.findings)
    # comparing every figure of one sentence with every figure of the other would take 10^8 calls
    assert calls < 10 * MAX_VALUES**2


def test_a_sentence_crowded_with_dates_is_skipped_by_the_date_check():
    days = " and ".join(f"{d} March" for d in range(1, 29)) + " and " + " and ".join(
        f"{d} April" for d in range(1, 29))
    texts = {"a": f"The inquiry sat on {days} 2019.", "b": f"The inquiry sat on {days} 2020."}
    result = api.check(texts=texts, model="hashing", cache=False)
    notes = [f for f in result.findings if f.rule == "DAT001" and f.message.startswith("skipped: too many values")]
    assert {f.evidence[0].doc for f in notes} == {"a", "b"} and all(f.severity == "info" for f in notes)


def test_long_sentences_that_cannot_hold_a_single_flip_are_never_aligned(monkeypatch):
    """CON001 aligns two token lists (quadratic in their length) only when a single flip is still
    possible: not for identical lists, nor when more content words differ than max_other."""
    from factcheck.checks import contradiction

    aligned = 0
    real = contradiction.difflib.SequenceMatcher

    def counting(*args, **kwargs):
        nonlocal aligned
        aligned += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(contradiction.difflib, "SequenceMatcher", counting)
    table = [f"the council hired {n} officers and staff" for n in range(2_000)]
    a = contradiction.tokens(", ".join(table))
    b = contradiction.tokens(", ".join(t.replace("hired 1", "hired 9") for t in table))
    assert contradiction.find_flip(a, a) is None and contradiction.find_flip(a, b) is None
    assert aligned == 0
    # a real flip is still found (and aligned once)
    flip = contradiction.find_flip(contradiction.tokens("The plan was fair and effective for every force."),
                                   contradiction.tokens("The plan was not fair and effective for every force."))
    assert flip is not None and flip.kind == "negation" and aligned == 1


def test_overlap_test_agrees_with_testing_every_span():
    from factcheck.core.model import overlap_test as _overlap_test

    rng = random.Random(5)
    spans = [(a, a + rng.randint(1, 30)) for a in (rng.randint(0, 1_000) for _ in range(200))]
    taken = _overlap_test(spans)
    for _ in range(2_000):
        a = rng.randint(0, 1_050)
        b = a + rng.randint(1, 20)
        assert taken(a, b) == any(s < b and a < e for s, e in spans)
    assert not _overlap_test([])(0, 10)
