"""The one registry of built-in checks: one line each, in report order."""

from __future__ import annotations

from factcheck.checks.base import Check
from factcheck.checks.contradiction import Contradiction
from factcheck.checks.count import CountMismatch, CountReconciled
from factcheck.checks.date import DateMismatch
from factcheck.checks.impossible import ImpossibleValue
from factcheck.checks.name import HonorificConsistency, NameSpelling, OrgNaming
from factcheck.checks.name_figure import NameFigure
from factcheck.checks.number import NumberMismatch
from factcheck.checks.quote import QuoteSpeaker, QuoteWording
from factcheck.checks.support import NameSupport, RoleSupport, ValueSupport
from factcheck.checks.title import TitleConsistency

REGISTRY: tuple[type[Check], ...] = (
    CountMismatch,
    CountReconciled,
    NumberMismatch,
    NameFigure,
    ImpossibleValue,
    DateMismatch,
    NameSpelling,
    HonorificConsistency,
    OrgNaming,
    TitleConsistency,
    QuoteSpeaker,
    QuoteWording,
    Contradiction,
    ValueSupport,
    NameSupport,
    RoleSupport,
)


def by_code() -> dict[str, type[Check]]:
    return {c.code: c for c in REGISTRY}
