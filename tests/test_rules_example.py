"""The user-authored example pack from rules/README.md, end to end: validate, list, explain, run on a small text."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from factcheck.cli_rules import app
from factcheck.core.config import load_settings
from factcheck.core.model import Document
from factcheck.pair.corpus import Corpus
from factcheck.rules.packs import load_checks
from factcheck.segment.sentences import segment

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests/fixtures/rules/example"
BROKEN = ROOT / "tests/fixtures/rules/broken"

TEXT = (
    "Northshire Council leader Alexandra Okonjo said the budget was balanced.\n"
    "Council Leader Alexandra Okonjo visited Kyiv last spring; Kyiv thanked her.\n"
    "Northshire Council Tax will rise, Chief Executive Alexandra Okonju said, after the Kiev visit.\n"
    "[factcheck: ignore NSH001]\n"
    "Northshire Council approved the plan.\n"
)


def run_example() -> list:
    settings = load_settings({"rules": [str(EXAMPLE)], "default_rules": False}, ROOT)
    checks = load_checks(settings)
    assert [c.code for c in checks if c.code.startswith("NSH")] == ["NSH001", "NSH002", "NSH003"]
    doc = Document(id="draft", text=TEXT)
    segment(doc)
    corpus = Corpus([doc])
    return [f for c in checks if c.code.startswith("NSH") for f in c.run(corpus)]


def test_example_pack_end_to_end():
    from factcheck.findings.suppress import suppress

    findings = run_example()
    got = [(f.rule, f.category, f.evidence[0].text, f.suggestion) for f in findings]
    assert got == [
        ("NSH001", "term", "Northshire Council", "Northshire County Council"),
        ("NSH001", "term", "Northshire Council", "Northshire County Council"),  # the last line, before suppression
        ("NSH002", "term", "Kiev", "Kyiv"),
        ("NSH003", "name", "Alexandra Okonju", "Alexandra Okonjo"),
        ("NSH003", "title", "Chief Executive", "Council Leader Alexandra Okonjo"),
    ]
    starts = [f.evidence[0].start for f in findings[:2]]
    assert starts == [0, TEXT.rindex("Northshire Council approved")]
    # "Northshire Council Tax" is an exception; the inline marker drops the last line's finding
    out = suppress(findings, [Document(id="draft", text=TEXT)], load_settings({}, ROOT))
    kept, n = out.kept, out.count
    assert n == 1 and [f.evidence[0].start for f in kept if f.rule == "NSH001"] == [0]


def test_cli_validate_list_explain():
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", str(EXAMPLE)])
    assert ok.exit_code == 0 and "ok " in ok.output and "3 rule(s)" in ok.output
    bad = runner.invoke(app, ["validate", str(BROKEN / "unknown_key.yml"), str(EXAMPLE)])
    assert bad.exit_code == 1 and "E201" in bad.output and "sevrity" in bad.output
    listed = runner.invoke(app, ["list", "--rules", str(EXAMPLE)])
    assert listed.exit_code == 0
    line = next(ln for ln in listed.output.splitlines() if ln.startswith("NSH001"))
    assert "term" in line and "warning" in line and "northshire-desk (substitution)" in line
    assert any(ln.startswith("TRM001") for ln in listed.output.splitlines())  # packaged packs too
    explained = runner.invoke(app, ["explain", "nsh003", "--rules", str(EXAMPLE)])
    assert explained.exit_code == 0
    assert "People and offices of Northshire County Council" in explained.output
    assert "What it does:" in explained.output and "Known problems:" in explained.output
    unknown = runner.invoke(app, ["explain", "XYZ999"])
    assert unknown.exit_code == 2 and "E209" in unknown.output


def test_cli_explain_builtin():
    import pytest

    from factcheck.checks import REGISTRY

    if not REGISTRY:
        pytest.skip("no built-in checks registered yet")
    out = CliRunner().invoke(app, ["explain", REGISTRY[0].code])
    assert out.exit_code == 0 and "What it does:" in out.output
