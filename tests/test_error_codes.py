"""Every error code the program can print is catalogued in factcheck.core.errors.CODES."""

from __future__ import annotations

import re
from pathlib import Path

from factcheck.core.errors import CODES

SOURCE = Path(__file__).resolve().parents[1] / "factcheck"
# A code inside a string literal: "E104 ...", 'E211', f"E301 {p}..."
_CODE = re.compile(r"""["'](?:factcheck: )?([EW]\d{3})\b""")


def test_every_code_in_the_source_is_catalogued() -> None:
    used = {m.group(1) for p in SOURCE.rglob("*.py") for m in _CODE.finditer(p.read_text(encoding="utf-8"))}
    assert used, "the pattern found no codes: it is broken"
    assert sorted(used - set(CODES)) == []


def test_codes_are_well_formed_and_titled() -> None:
    for code, title in CODES.items():
        assert re.fullmatch(r"[EW]\d{3}", code)
        assert title and title == title.strip()
