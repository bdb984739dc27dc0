"""The structure layer: what is not running prose is marked, and prose is left alone."""

from __future__ import annotations

import pytest

from factcheck.core.model import Document
from factcheck.extract.structure import extract, is_roster
from factcheck.segment.sentences import segment


def kinds(text: str) -> list[tuple[str, str | None]]:
    d = Document("d", text)
    segment(d)
    extract(d)
    assert "structure" in d.layers
    return [(s.text, b.kind if (b := d.block_of(s.start)) else None) for s in d.sentences]


def test_prose_is_not_structure() -> None:
    text = ("Is Michelle Obama Diversifying Model Portfolios?\n\nWe're nearly halfway through Fashion Week, and the "
            "shows still look overwhelmingly white.\n\nThe answer to that question: absolutely not.")
    assert all(k is None for _, k in kinds(text))


def test_records_and_lines_of_a_listicle() -> None:
    text = ("Here's a look:\n\nMarc Jacobs\nNotable for: being Marc Jacobs\nThis Week: 4 black models\n"
            "September: 3 black models\n\nThe shows still look white, which is a shame for everyone involved.")
    got = dict(kinds(text))
    assert got["This Week: 4 black models"] == "record" and got["Marc Jacobs"] == "lines"
    assert got["The shows still look white, which is a shame for everyone involved."] is None


@pytest.mark.parametrize(("line", "kind"), [
    ("- What is the name of the dog?", "list"),
    ("6. French satellite detects 122 objects on 23 March", "list"),
    ("Arsenal 38 26 9 3 73 26 87", "table"),
    ("Name\tClub\tGoals", "table"),
])
def test_single_list_items_and_table_rows(line: str, kind: str) -> None:
    text = f"The season ended in May with a wet afternoon at the ground.\n{line}\nThe club said it was pleased."
    assert dict(kinds(text))[line] == kind


def test_rosters() -> None:
    assert is_roster("Cech, Paulo Ferreira, Ricardo Carvalho (Drogba 45), Terry, Gallas, Duff, Tiago, Makelele.")
    assert is_roster("Ireland: G Murphy; G Dempsey, B O'Driscoll (capt), G D'Arcy, S Horgan; R O'Gara, P Stringer.")
    assert not is_roster("The states involved are big, small, rich, poor and in between, officials said today.")
    assert not is_roster("He said that, in the end, the team, which had lost, would not appeal.")
