"""The one registry of built-in checks: one line each, in report order."""

from __future__ import annotations

from factcheck.checks.base import Check
from factcheck.checks.count import CountMismatch, CountReconciled
from factcheck.checks.date import DateMismatch
from factcheck.checks.number import NumberMismatch

REGISTRY: tuple[type[Check], ...] = (
    CountMismatch,
    CountReconciled,
    NumberMismatch,
    DateMismatch,
)


def by_code() -> dict[str, type[Check]]:
    return {c.code: c for c in REGISTRY}
