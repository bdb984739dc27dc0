"""The check registries: built-in checks (one line each, in report order) and the check types
a rule pack can ``extend`` (type name -> class)."""

from __future__ import annotations

from factcheck.checks.arithmetic import SumsAndShares
from factcheck.checks.base import Check
from factcheck.checks.calendar_weekday import WeekdayCalendar
from factcheck.checks.consistency import ConsistencyCheck
from factcheck.checks.contradiction import Contradiction
from factcheck.checks.count import CountMismatch, CountReconciled
from factcheck.checks.date import DateMismatch
from factcheck.checks.event_dates import DateInterval, EventDate
from factcheck.checks.gazetteer import GazetteerCheck
from factcheck.checks.impossible import ImpossibleValue
from factcheck.checks.name import HonorificConsistency, NameSpelling, OrgNaming
from factcheck.checks.name_figure import NameFigure
from factcheck.checks.number import NumberMismatch
from factcheck.checks.quote import QuoteSpeaker, QuoteWording
from factcheck.checks.restated import RestatedFigure
from factcheck.checks.rulekit import RuleCheck
from factcheck.checks.substitution import SubstitutionCheck
from factcheck.checks.support import NameSupport, PredicateSupport, RoleSupport, Unstated, ValueSupport
from factcheck.checks.title import TitleConsistency

REGISTRY: tuple[type[Check], ...] = (
    CountMismatch,
    CountReconciled,
    NumberMismatch,
    RestatedFigure,
    SumsAndShares,
    NameFigure,
    ImpossibleValue,
    DateMismatch,
    WeekdayCalendar,
    EventDate,
    DateInterval,
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
    PredicateSupport,
    Unstated,
)

RULE_TYPES: dict[str, type[RuleCheck]] = {
    "substitution": SubstitutionCheck,
    "gazetteer": GazetteerCheck,
    "consistency": ConsistencyCheck,
}


def by_code() -> dict[str, type[Check]]:
    return {c.code: c for c in REGISTRY}
