"""The JSON report against a JSON Schema (draft 2020-12) of DESIGN.md's version 1, and every
evidence span against the document text it cites."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.ingest.read import read_documents

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SCHEMA = json.loads((Path(__file__).parent / "schema_v1.json").read_text())


def validate(report: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(report)


def check_spans(report: dict, paths: list[str]) -> None:
    docs, _ = read_documents(paths)
    text = {d.id: d.text for d in docs}
    assert {d["id"] for d in report["documents"]} <= set(text)
    for f in report["findings"]:
        for e in f["evidence"]:
            assert e["doc"] in text, e
            assert 0 <= e["start"] <= e["end"] <= len(text[e["doc"]])
            assert text[e["doc"]][e["start"]:e["end"]] == e["text"], (f["rule"], e)


def run_report(tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["check", *args, "--json", str(out), "-q", "--fail-on", "never"])
    assert result.exit_code in (0, 2), result.output
    return json.loads(out.read_text())


def test_seeds_report_matches_schema_and_spans_round_trip(tmp_path):
    report = run_report(tmp_path, str(SEEDS), "--model", "hashing", "--no-cache")
    assert report["findings"]
    validate(report)
    check_spans(report, [str(SEEDS)])


def test_report_with_errors_matches_schema(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "Mr Khan said six forces failed in 2019."}\n{broken\n')
    report = run_report(tmp_path, str(bad), str(tmp_path / "missing.txt"), "--model", "hashing", "--no-cache")
    assert [e["path"] for e in report["errors"]] == [f"{bad}:2", f"{tmp_path}/missing.txt"]
    validate(report)


def test_schema_rejects_drift():
    report = {"version": 1, "documents": [], "findings": [{
        "id": "0123456789abcdef", "rule": "NUM001", "category": "number", "severity": "warning",
        "message": "m", "evidence": [{"doc": "a", "start": 0, "end": 1, "text": "x"}],
        "suggestion": None, "confidence": 0.5}], "errors": []}
    validate(report)
    for path, value in ((("findings", 0, "severity"), "fatal"), (("findings", 0, "confidence"), 1.5),
                        (("findings", 0, "category"), "spelling"), (("version",), 2)):
        broken = json.loads(json.dumps(report))
        node = broken
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        with pytest.raises(jsonschema.ValidationError):
            validate(broken)


def test_confidence_outside_0_1_or_nan_never_reaches_the_report():
    from factcheck.core.model import Evidence, Finding
    from factcheck.report.json import dumps, result_dict

    ev = [Evidence("a", 0, 1, "x")]
    findings = [Finding("NUM001", "number", "warning", "m", ev, confidence=c) for c in (float("nan"), 1.7, -0.2)]
    report = json.loads(dumps(result_dict([], findings, [])))
    assert [f["confidence"] for f in report["findings"]] == [0.0, 1.0, 0.0]
    validate(report)


@pytest.mark.model
def test_seeds_end_to_end_with_the_real_model(tmp_path):
    report = run_report(tmp_path, str(SEEDS), "--cache", str(tmp_path / "cache"))
    validate(report)
    check_spans(report, [str(SEEDS)])
    assert len(report["documents"]) == 3 and report["errors"] == []
    assert report["findings"]
