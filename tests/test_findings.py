"""The findings stage: calibrated confidence, severity from it, one finding per span, the flood budget."""

from __future__ import annotations

import json

from factcheck.core.config import Settings
from factcheck.core.model import Evidence, Finding
from factcheck.findings.stage import (
    Calibration,
    Triage,
    apply_budget,
    limit_flags,
    load_calibration,
    merge_same_span,
    run_stage,
)

CAL = Calibration({"NAM001": {"precision": 0.8, "buckets": {"0.6": {"confidence": 0.9}, "0.8": {"confidence": 0.4}}},
                   "NUM001": {"precision": 0.2, "buckets": {}}}, prior=0.7)


def f(rule: str, start: int, strength: float = 0.8, doc: str = "a", severity: str = "warning",
      category: str = "name", suggestion: str | None = None, text: str = "x", also: list[str] | None = None,
      proof: str | None = None) -> Finding:
    return Finding(rule, category, severity, f"{rule} says so", [Evidence(doc, start, start + 1, text)],
                   suggestion=suggestion, confidence=strength, also=also or [], proof=proof)


def triage(findings: list[Finding], settings: Triage, cal: Calibration) -> list[Finding]:
    """The whole findings stage as api.check runs it (no documents, no ignore files: nothing suppressed)."""
    return run_stage(findings, [], Settings(), settings, calibration=cal).findings


def test_confidence_is_the_fitted_precision_of_the_rule_and_strength():
    assert CAL.confidence("NAM001", 0.62) == 0.9
    assert CAL.confidence("NAM001", 0.8) == 0.4
    assert CAL.confidence("NAM001", 0.3) == 0.8  # an unseen bucket: the rule's precision
    assert CAL.confidence("ZZZ001", 0.5) == 0.6  # an unseen rule: its strength pulled to the prior


def test_severity_follows_confidence_unless_the_user_set_it():
    out = triage([f("NAM001", 0, 0.6, proof="restated"), f("NAM001", 5, 0.8), f("NUM001", 9, 0.5, category="number")],
                 Triage(warning_at=0.35, error_at=0.85), CAL)
    assert [(x.evidence[0].start, x.severity, x.confidence, x.strength) for x in out] == [
        (0, "error", 0.9, 0.6), (5, "warning", 0.4, 0.8), (9, "info", 0.2, 0.5)]


def test_only_a_finding_with_its_own_proof_is_an_error():
    # the same confidence: proof makes the error, and a rule pack's finding is proven by its pack
    out = triage([f("NAM001", 0, 0.6), f("NAM001", 5, 0.6, proof="arithmetic"), f("GAZ001", 9, 0.6)],
                 Triage(error_at=0.6, facts=frozenset({"GAZ001"})), CAL)
    assert [(x.severity, x.proof) for x in out] == [("warning", None), ("error", "arithmetic"), ("error", "fact")]
    fixed = triage([f("NUM001", 9, 0.5, category="number")], Triage(fixed_severity=frozenset({"NUM001"})), CAL)
    assert fixed[0].severity == "warning"
    assert triage([f("NAM001", 0, severity="info")], Triage(), CAL)[0].severity == "info"


def test_min_confidence_drops_less_likely_findings():
    out = triage([f("NAM001", 0, 0.6), f("NAM001", 5, 0.8)], Triage(min_confidence=0.5), CAL)
    assert [x.evidence[0].start for x in out] == [0]


def test_one_finding_per_span_with_every_reason_and_facts_first():
    gaz = f("GAZ001", 0, 0.5, suggestion="HMICFRS")
    nam = f("NAM003", 0, 0.9, severity="warning", suggestion="HMICFRS")
    out = merge_same_span([nam, gaz, f("NAM001", 4)], Triage(facts=frozenset({"GAZ001"})))
    assert [(x.rule, x.also) for x in out] == [("GAZ001", ["NAM003"]), ("NAM001", [])]
    assert "Also NAM003: NAM003 says so" in out[0].message and out[0].confidence == 0.9


def test_a_span_inside_another_findings_span_is_the_same_slip():
    def at(rule: str, start: int, end: int, doc: str = "a") -> Finding:
        return Finding(rule, "name", "warning", f"{rule} says so", [Evidence(doc, start, end, "x")], confidence=0.8)

    # "Keith Malthaus" (GAZ001) holds "Malthaus" (NAM001); a span after it, or in another document, is apart
    out = merge_same_span([at("NAM001", 6, 14), at("GAZ001", 0, 14), at("NAM001", 14, 20), at("NAM001", 6, 14, "b")],
                          Triage(facts=frozenset({"GAZ001"})))
    assert [(x.rule, x.evidence[0].doc, x.evidence[0].start, x.also) for x in out] == [
        ("GAZ001", "a", 0, ["NAM001"]), ("NAM001", "a", 14, []), ("NAM001", "b", 6, [])]


def test_a_flood_on_one_page_is_kept_as_info_each_saying_why():
    flood = [f("NAM001", n) for n in range(0, 50, 10)] + [f("NAM001", 3, doc="b")]
    out = apply_budget(flood, Triage(budget=2))
    flags = [x for x in out if x.severity != "info"]
    assert [(x.evidence[0].doc, x.evidence[0].start) for x in flags] == [("b", 3)]
    # no summary finding: the reason travels with each demoted finding, which a reviewer decides on
    assert len(out) == len(flood)
    assert all("kept as info: 5 NAM001 flags on this page" in x.message for x in out if x.evidence[0].doc == "a")


def test_evident_findings_are_never_budgeted_or_limited():
    """A source's own value or a sum is proof on its own: five on one page stay five flags."""
    evident = Triage(budget=2, page_flags=2, evident=frozenset({"SUP001"}))
    page = [f("SUP001", n) for n in range(0, 50, 10)] + [f("NAM001", 60), f("NAM001", 70)]
    out = limit_flags(page, evident)
    assert sum(x.severity == "warning" for x in out if x.rule == "SUP001") == 5
    # and a finding with an evident one merged in is evident too
    merged = [f("NAM001", n, also=["SUP001"]) for n in range(0, 50, 10)]
    assert all(x.severity == "warning" for x in limit_flags(merged, evident))
    # without that the same page is budgeted
    assert sum(x.severity == "warning" for x in limit_flags(page, Triage(budget=2, page_flags=2))) == 2


def test_rule_pack_facts_are_not_budgeted_and_settle_ties():
    facts = Triage(budget=1, facts=frozenset({"TRM001", "GAZ001"}))
    terms = [f("TRM001", n, category="term") for n in range(0, 30, 10)]
    assert all(x.severity == "warning" for x in apply_budget(terms, facts))
    tie = [f("GAZ001", 0, text="Keith Malthaus", suggestion="Kit Malthouse"),
           f("NAM001", 40, text="Malthouse", suggestion="Malthaus (or Malthouse)")]
    assert [x.rule for x in triage(tie, facts, CAL)] == ["GAZ001"]


def test_the_shipped_calibration_was_fitted_on_dev():
    cal = load_calibration()
    assert 0 < cal.prior < 1 and cal.rules
    data = json.loads(__import__("importlib.resources").resources.files("factcheck.findings").joinpath(
        "calibration.json").read_text())
    assert data["fitted_on"] == "dev"
    for table in cal.rules.values():
        assert 0 <= table["precision"] <= 1


def test_thresholds_come_from_the_rule_packs(tmp_path):
    from factcheck.api import triage_settings
    from factcheck.core.config import load_settings
    from factcheck.rules.packs import load_checks

    settings = load_settings(cwd=tmp_path, env={})
    shipped = triage_settings(settings, load_checks(settings))
    assert (shipped.warning_at, shipped.error_at, shipped.budget, shipped.page_flags) == (0.35, 0.75, 2, 2)
    (tmp_path / "strict.yml").write_text(
        "confidence: {warning_at: 0.9, budget: 5}\nchecks: {NAM001: {severity: error}}\n")
    settings = load_settings({"rules": [str(tmp_path)]}, cwd=tmp_path, env={})
    strict = triage_settings(settings, load_checks(settings))
    assert (strict.warning_at, strict.error_at, strict.budget) == (0.9, 0.75, 5)
    assert "NAM001" in strict.fixed_severity


def test_bad_confidence_tables_are_refused_with_the_line(tmp_path):
    import pytest

    from factcheck.core.errors import FactcheckError
    from factcheck.rules.packs import parse_pack

    for text, msg in (("confidence: {warning_at: 1.5}\n", "between 0 and 1"),
                      ("confidence: {warning_at: 0.9, error_at: 0.5}\n", "above error_at"),
                      ("confidence: {warn: 0.5}\n", "warn")):
        path = tmp_path / "p.yml"
        path.write_text(text)
        with pytest.raises(FactcheckError, match=msg):
            parse_pack(path)


def test_a_page_keeps_its_likeliest_flags():
    from factcheck.findings.stage import apply_page_limit

    page = [f("NAM001", 0, 0.9), f("NUM001", 10, 0.5, category="number"), f("DAT001", 20, 0.7, category="date"),
            f("GAZ001", 30, 0.4), f("NAM001", 5, 0.6, doc="b")]
    out = apply_page_limit(page, Triage(page_flags=2, facts=frozenset({"GAZ001"})))
    flags = [(x.evidence[0].doc, x.rule) for x in out if x.severity != "info"]
    assert flags == [("a", "NAM001"), ("a", "DAT001"), ("a", "GAZ001"), ("b", "NAM001")]
    assert "kept as info" in next(x for x in out if x.rule == "NUM001").message


def test_a_finding_that_names_its_proof_is_neither_budgeted_nor_counted():
    """A count against its list or a date against the calendar is right or wrong on its own: it
    does not crowd a name flag out of a page's two."""
    page = [f("CNT001", 0, proof="count"), f("DAT001", 10, proof="calendar"), f("NAM001", 20), f("TTL001", 30)]
    out = limit_flags(page, Triage(budget=2, page_flags=2))
    assert [x.rule for x in out if x.severity == "warning"] == ["CNT001", "DAT001", "NAM001", "TTL001"]
    # without their proof the page keeps its two likeliest
    plain = [f("CNT001", 0), f("DAT001", 10), f("NAM001", 20, strength=0.7), f("TTL001", 30, strength=0.6)]
    assert [x.rule for x in limit_flags(plain, Triage(budget=2, page_flags=2)) if x.severity == "warning"] == [
        "CNT001", "DAT001"]
