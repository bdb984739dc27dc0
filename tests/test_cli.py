"""The CLI through typer's CliRunner: exit codes, outputs, overwrite protection, stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FAST = ["--model", "hashing", "--no-cache", "-q"]
CLEAN = "The committee met on Tuesday. It discussed the budget for the coming year.\n"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, ["check", *args], input=input)


@pytest.fixture(scope="module")
def seeds_json(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("seeds") / "out.json"
    result = run(str(SEEDS), "--json", str(out), "--fail-on", "never", *FAST)
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text())


def test_clean_input_exits_0(tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN)
    result = run(str(tmp_path / "a.txt"), *FAST)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("factcheck: 1 document checked, 0 findings")


def test_findings_at_or_above_fail_on_exit_1(seeds_json):
    severities = {f["severity"] for f in seeds_json["findings"]}
    assert "warning" in severities  # the seeds carry planted inconsistencies
    assert run(str(SEEDS), "--fail-on", "warning", *FAST).exit_code == 1
    assert run(str(SEEDS), "--fail-on", "never", *FAST).exit_code == 0
    expected = 1 if "error" in severities else 0
    assert run(str(SEEDS), "--fail-on", "error", *FAST).exit_code == expected


def test_unreadable_input_exits_2_and_reports_are_still_written(tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN)
    out, csv_out = tmp_path / "o.json", tmp_path / "o.csv"
    result = run(str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"), "--json", str(out), "--csv", str(csv_out),
                 *FAST)
    assert result.exit_code == 2
    assert f"skipped {tmp_path}/missing.txt: E102 no such file or folder: check the path" in result.output
    assert json.loads(out.read_text())["errors"] == [
        {"path": f"{tmp_path}/missing.txt", "message": "E102 no such file or folder: check the path"}]
    assert csv_out.read_text().startswith("id,rule,category,severity,confidence,doc,start,end,text,")


def test_bad_fail_on_value_exits_2(tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN)
    result = run(str(tmp_path / "a.txt"), "--fail-on", "sometimes", *FAST)
    assert result.exit_code == 2
    assert "E212 --fail-on 'sometimes': choose one of error, warning, never" in result.output


def test_no_documents_exits_2(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run(str(tmp_path / "empty"), *FAST)
    assert result.exit_code == 2
    assert "E111 no supported files in this folder" in result.output


def test_json_and_csv_outputs(tmp_path, seeds_json):
    out, csv_out = tmp_path / "r.json", tmp_path / "r.csv"
    result = run(str(SEEDS), "--json", str(out), "--csv", str(csv_out), "--fail-on", "never", *FAST)
    assert result.exit_code == 0
    assert json.loads(out.read_text()) == seeds_json
    rows = csv_out.read_text().splitlines()
    assert len(rows) >= len(seeds_json["findings"]) + 1  # messages may hold newlines inside quotes
    assert f"wrote {out}" in result.output and f"wrote {csv_out}" in result.output


def test_refuses_to_overwrite_a_file_factcheck_did_not_write(tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN)
    precious = tmp_path / "notes.json"
    precious.write_text('{"mine": true}\n')
    result = run(str(tmp_path / "a.txt"), "--json", str(precious), *FAST)
    assert result.exit_code == 2
    assert "E301" in result.output and "--force" in result.output
    assert precious.read_text() == '{"mine": true}\n'
    # our own report is replaced without --force; someone else's with it
    assert run(str(tmp_path / "a.txt"), "--json", str(tmp_path / "ours.json"), *FAST).exit_code == 0
    assert run(str(tmp_path / "a.txt"), "--json", str(tmp_path / "ours.json"), *FAST).exit_code == 0
    assert run(str(tmp_path / "a.txt"), "--json", str(precious), "--force", *FAST).exit_code == 0
    assert json.loads(precious.read_text())["version"] == 1


def test_stdin_dash(tmp_path):
    out = tmp_path / "o.json"
    result = run("-", "--json", str(out), *FAST, input="Mr Khan spoke on Monday. He said six forces failed.\n")
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["documents"] == [{"id": "stdin", "path": None, "title": None, "date": None}]


def test_missing_path_argument_is_usage_error():
    assert CliRunner().invoke(app, ["check"]).exit_code == 2
