"""Figures compared with tolerance: shared by the number checks (NUM001) and the support checks
(SUP001), so neither reads the other's module."""

from __future__ import annotations

import math

from factcheck.core.model import Quantity


def rounds_to(shown: Quantity, other: float) -> bool:
    """True if ``other``, rounded to the places ``shown`` is written with, gives ``shown``'s value:
    "21,000" covers 20,500-21,499, "£92m" covers 91.5m-92.5m, "18.4" covers 18.35-18.45."""
    v = shown.value
    digits = "".join(c for c in shown.text if c.isdigit() or c == ".").strip(".")
    if not digits or v == 0:
        return v == other
    try:
        written = float(digits)
    except ValueError:
        return v == other
    mult = v / written if written else 1.0
    if "." in digits:
        step = 10 ** -len(digits.split(".")[1]) * mult
    else:
        tz = len(digits) - len(digits.rstrip("0"))
        # "20 years" is exact; "21,000" or "about 40" is a round figure
        step = (10 ** tz if tz >= 2 or shown.approx else 1) * mult
    return abs(other - v) <= step / 2 + 1e-9


def compatible(a: Quantity, b: Quantity, tolerance: float) -> bool:
    if a.value == b.value:
        return True
    for x, y in ((a, b), (b, a)):
        if x.high is not None and x.value <= y.value <= x.high:
            return True
        if x.approx and rounds_to(x, y.value):
            return True
    if (a.approx or b.approx) and math.isclose(a.value, b.value, rel_tol=tolerance):
        return True
    return rounds_to(a, b.value) or rounds_to(b, a.value)
