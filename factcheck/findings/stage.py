"""The findings stage, between the checks and the reports: calibrate, merge, budget.

1. Calibrate: a check's own score (``Finding.strength``) becomes a confidence that means
   something, the precision findings of that rule and strength had on the dev bench, read from
   ``calibration.json`` (fitted by ``bench/calibrate.py`` from dev labels only).
2. Severity follows confidence and proof: a warning or error below ``warning_at`` becomes info; a
   finding that carries its own proof (``Finding.proof``: arithmetic, the calendar, a count against its
   list, a figure stated otherwise two or more times, the draft's own source, a rule-pack fact) at or
   above ``error_at`` is an error, and every other finding at most a warning. Findings a check itself
   made info stay info, and a severity the user set for a code (settings, rule packs) wins.
3. One finding per span: findings whose first evidence span is the same are merged into one,
   every reason listed. A rule-pack fact (a gazetteer, a term list) leads over corpus counts,
   which cannot break a one-against-one tie.
4. Budget: a document drawing more than ``budget`` flags of one rule keeps them as info, each
   saying why ("kept as info: 5 NAM001 flags on this page, probably a list of different people").
   A flood on one page is the mark of text the checks misread (a roster, a table), not of that many
   slips. And a page with more than ``page_flags`` flags in all keeps its likeliest as flags, the
   rest as info. Neither counts nor demotes rule-pack facts (a wrong term, a gazetteer's known
   spelling) or findings with their own proof (an evident check's, or one naming its
   ``Finding.proof``: a source's own value for the claim, a sum that does not add up, a count
   against its list): each is right or wrong on its own evidence, however many a page has. The reason travels
   in each demoted finding's message, never as a finding of its own: a reviewer accepts or
   dismisses slips, not a count of them.
5. Facts settle ties: a corpus-count finding whose suspect spelling a rule-pack fact gives as
   the right one (NAM001 citing "Malthouse" against "Malthaus" while the gazetteer knows Kit
   Malthouse) is dropped; the fact's finding stands.

``run_stage`` is the whole stage as every caller runs it (``api.check``, and through it ``watch``;
the bench scripts): steps 1-3 and 5, the reviewer's suppressions (``suppress.py``), then step 4 and
the reading order.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from factcheck.core.config import Settings
from factcheck.core.model import SEVERITY_RANK, Document, Finding
from factcheck.findings.suppress import suppress

_PRIOR_WEIGHT = 4.0  # pseudo-findings: a bucket seen a few times leans on its rule's precision


@dataclass(frozen=True)
class Triage:
    """What the findings stage does; the defaults are overridden by rule packs' ``confidence:``."""

    warning_at: float = 0.35
    error_at: float = 0.75  # a finding with its own proof (Finding.proof) at least this likely is an error
    budget: int = 2  # flags of one rule per document before they are summarised
    page_flags: int = 2  # corpus-count flags per document; the less likely ones beyond it become info
    min_confidence: float = 0.0  # findings below it are dropped (``--min-confidence``)
    fixed_severity: frozenset[str] = field(default_factory=frozenset)  # codes whose severity the user set
    facts: frozenset[str] = field(default_factory=frozenset)  # codes of rule-pack checks (facts, not counts)
    # codes whose findings carry their own proof (arithmetic, the calendar, one frame stated twice in one
    # document): a budget never demotes them and they do not count towards a page's limit
    evident: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Calibration:
    """Per rule: precision per strength bucket and overall, as fitted on the dev bench."""

    rules: dict[str, dict]
    prior: float  # precision of all flags on dev

    def confidence(self, rule: str, strength: float) -> float:
        table = self.rules.get(rule)
        if table is None:  # a rule dev never saw flag: its own strength, pulled towards the prior
            return round((strength + self.prior) / 2, 3)
        bucket = table["buckets"].get(bucket_of(strength))
        if bucket is None:
            return table["precision"]
        return bucket["confidence"]


def bucket_of(strength: float) -> str:
    """Strength rounded to a tenth: the checks emit a few distinct levels, not a continuum."""
    return f"{round(strength, 1):.1f}"


def smoothed(right: int, n: int, prior: float) -> float:
    return round((right + _PRIOR_WEIGHT * prior) / (n + _PRIOR_WEIGHT), 3)


@lru_cache(maxsize=1)
def load_calibration() -> Calibration:
    data = json.loads(resources.files(__package__).joinpath("calibration.json").read_text(encoding="utf-8"))
    return Calibration(data["rules"], data["prior"])


def _severity(f: Finding, triage: Triage) -> str:
    """Info below ``warning_at``; an error only for a finding with its own proof (``Finding.proof``):
    confidence fitted on dev's injected errors overstates what one aligned sentence proves in real
    copy, so an unproven finding stays a warning however confident (bench/quality.py prints the
    error-level precision of every bench)."""
    if f.severity == "info" or f.rule in triage.fixed_severity:
        return f.severity
    if f.confidence < triage.warning_at:
        return "info"
    return "error" if f.proof is not None and f.confidence >= triage.error_at else "warning"


def _lead_key(f: Finding, triage: Triage) -> tuple:
    return (-SEVERITY_RANK[f.severity], f.rule not in triage.facts, -f.confidence, f.rule, f.id)


def merge_same_span(findings: Iterable[Finding], triage: Triage) -> list[Finding]:
    """One finding per suspect span, the others' reasons and evidence folded into it. A span inside
    another finding's span is the same slip ("Malthaus" in "Keith Malthaus"): it is folded in too."""
    groups: dict[tuple[str, int, int], list[Finding]] = defaultdict(list)
    outer: tuple[str, int, int] | None = None
    for f in sorted(findings, key=lambda f: (f.evidence[0].doc, f.evidence[0].start, -f.evidence[0].end)):
        e = f.evidence[0]
        inside = outer is not None and outer[0] == e.doc and e.end <= outer[2] and (
            e.start < outer[2] or (e.start, e.end) == outer[1:])
        if not inside:
            outer = (e.doc, e.start, e.end)
        groups[outer].append(f)
    out = []
    for group in groups.values():
        group.sort(key=lambda f: _lead_key(f, triage))
        lead, rest = group[0], group[1:]
        if not rest:
            out.append(lead)
            continue
        evidence = list(lead.evidence)
        for f in rest:
            evidence += [e for e in f.evidence[1:] if e not in evidence]
        also = " ".join(f"Also {f.rule}: {f.message}" for f in rest)
        out.append(replace(lead, message=f"{lead.message} {also}", evidence=evidence,
                           suggestion=lead.suggestion or next((f.suggestion for f in rest if f.suggestion), None),
                           confidence=max(f.confidence for f in group), also=[f.rule for f in rest]))
    return out


_WHY = {
    "name": "probably a list of different people or things",
    "number": "probably a table or list of different figures",
    "date": "probably a list or timeline of different events",
    "count": "probably a list the counts do not introduce",
    "title": "probably a list of different people",
}


def _evident(f: Finding, triage: Triage) -> bool:
    """A finding, or one merged into it, that carries its own proof (its check's, or the proof it
    names: a count against its list, the calendar, the draft's source): no flood budget demotes it."""
    return f.proof is not None or f.rule in triage.evident or any(r in triage.evident for r in f.also)


def _counted(f: Finding, triage: Triage) -> bool:
    """A flag the budget and the page limit count (and may demote): not info, not a fact, not evident."""
    return f.severity != "info" and f.rule not in triage.facts and not _evident(f, triage)


def apply_budget(findings: list[Finding], triage: Triage) -> list[Finding]:
    """Flags beyond the budget for one rule in one document become info, each saying why."""
    flags: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if _counted(f, triage):
            flags[(f.evidence[0].doc, f.rule)].append(f)
    over = {k: v for k, v in flags.items() if len(v) > triage.budget}
    if not over:
        return findings
    why = {id(f): (f" (kept as info: {len(group)} {rule} flags on this page, "
                   f"{_WHY.get(group[0].category, 'probably a list or table, not restatements of one claim')})")
           for (_doc, rule), group in over.items() for f in group}
    return [replace(f, severity="info", message=f.message + why[id(f)]) if id(f) in why else f for f in findings]


def apply_page_limit(findings: list[Finding], triage: Triage) -> list[Finding]:
    """On a page with more than ``page_flags`` corpus-count flags, the likeliest stay flags and the
    rest become info: several unrelated slips on one page are rarer than a page the checks misread."""
    by_doc: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if _counted(f, triage):
            by_doc[f.evidence[0].doc].append(f)
    extra = {id(f) for flags in by_doc.values()
             for f in sorted(flags, key=lambda f: (-f.confidence, f.evidence[0].start, f.rule))[triage.page_flags:]}
    if not extra:
        return findings
    note = f" (kept as info: more than {triage.page_flags} flags on this page, and likelier ones are flagged)"
    return [replace(f, severity="info", message=f.message + note) if id(f) in extra else f for f in findings]


def settle_by_facts(findings: list[Finding], triage: Triage) -> list[Finding]:
    """Drop corpus-count findings whose suspect a rule-pack fact in the same document calls right."""
    right: dict[str, set[str]] = defaultdict(set)
    for f in findings:
        if f.rule in triage.facts and f.suggestion and f.severity != "info":
            right[f.evidence[0].doc].update(f.suggestion.split())
    if not right:
        return findings
    return [f for f in findings if f.rule in triage.facts or f.category != "name"
            or not set(f.evidence[0].text.split()) & right.get(f.evidence[0].doc, set())]


def consolidate(findings: Sequence[Finding], settings: Triage, calibration: Calibration | None = None) -> list[Finding]:
    """Calibrate, set severity from confidence, let facts settle ties and merge same-span findings."""
    cal = calibration if calibration is not None else load_calibration()
    out = []
    for f in findings:
        f = replace(f, confidence=cal.confidence(f.rule, f.strength))
        if f.proof is None and f.rule in settings.facts:
            f = replace(f, proof="fact")  # a rule pack states it
        f = replace(f, severity=_severity(f, settings))
        if f.confidence >= settings.min_confidence:
            out.append(f)
    return merge_same_span(settle_by_facts(out, settings), settings)


def limit_flags(findings: list[Finding], settings: Triage) -> list[Finding]:
    """The per-rule budget, then the per-page limit: the two safety nets against a misread page."""
    return apply_page_limit(apply_budget(findings, settings), settings)


@dataclass
class Stage:
    """What the findings stage keeps: the findings to report, how many the reviewer's ignore files
    and decisions dropped, and the decisions carried over (for the HTML report)."""

    findings: list[Finding]
    suppressed: int
    carried: dict


def run_stage(findings: Sequence[Finding], documents: Sequence[Document], settings: Settings, triage: Triage,
              *, calibrated: bool = True, calibration: Calibration | None = None) -> Stage:
    """The findings stage around the reviewer's suppressions: a dismissed finding takes the reasons
    merged into it along, and does not count towards its page's budget. ``calibrated=False`` keeps
    the checks' findings as they made them (only suppressions apply): what ``bench/calibrate.py`` fits."""
    found = consolidate(findings, triage, calibration) if calibrated else list(findings)
    reviewed = suppress(found, documents, settings)
    found = reviewed.kept
    if calibrated:
        order = {d.id: n for n, d in enumerate(documents)}
        found = sorted(limit_flags(found, triage), key=lambda f: f.sort_key(order))
    return Stage(found, reviewed.count, reviewed.carried.to_dict())
