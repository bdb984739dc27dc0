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
    header = "id,rule,category,severity,confidence,doc,start,end,line,col,record_line,text,"
    assert csv_out.read_text().startswith(header)


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
    assert report["documents"] == [{"id": "stdin", "path": None, "title": None, "date": None,
                                    "record_line": None, "reference": False}]


def test_missing_path_argument_is_usage_error():
    assert CliRunner().invoke(app, ["check"]).exit_code == 2


# --- one error, one line; bugs said as bugs (issue 13) ---


def _stderr_of(monkeypatch, capsys, args: list[str], columns: int = 40) -> tuple[int, str]:
    """Run the CLI in-process with a narrow terminal; returns (exit code, stderr)."""
    import typer

    from factcheck.cli import app as cli_app

    monkeypatch.setenv("COLUMNS", str(columns))
    with pytest.raises((SystemExit, typer.Exit)) as ended:
        cli_app(args, standalone_mode=True)
    code = ended.value.code if isinstance(ended.value, SystemExit) else ended.value.exit_code
    return code, capsys.readouterr().err


def test_a_coded_error_is_one_line_on_a_narrow_terminal(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "rules"
    bad.mkdir()
    (bad / "x.yml").write_text("rules:\n  - code: TRM901\n    extends: substitution\n    sevrity: error\n")
    (tmp_path / "a.txt").write_text(CLEAN)
    code, err = _stderr_of(monkeypatch, capsys, ["check", str(tmp_path / "a.txt"), "--rules", str(bad), *FAST])
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) > 40, err
    assert lines[0].startswith("factcheck: E201 ") and "x.yml:4" in lines[0] and "Fix: " in lines[0]


def test_an_index_error_is_coded_with_a_fix(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.txt").write_text(CLEAN)
    ix = tmp_path / "ix"
    ix.mkdir()
    (ix / "meta.json").write_text('{"kind": "factcheck-index", "format": 99}')
    code, err = _stderr_of(monkeypatch, capsys, ["check", str(tmp_path / "a.txt"), "--against", str(ix), *FAST])
    assert code == 2
    from factcheck.run.index import FORMAT

    assert err.strip().splitlines() == [f"factcheck: E172 {ix}: index format 99, this factcheck reads {FORMAT}. "
                                        "Fix: rebuild it with `factcheck index build`"]


def test_a_bug_is_one_line_and_the_traceback_waits_for_debug(tmp_path, monkeypatch, capsys):
    import factcheck.api

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(factcheck.api, "check", broken)
    (tmp_path / "a.txt").write_text(CLEAN)
    code, err = _stderr_of(monkeypatch, capsys, ["check", str(tmp_path / "a.txt"), *FAST])
    assert code == 2
    assert err.strip().splitlines() == ["factcheck: internal error, please report it (ZeroDivisionError: division by "
                                        "zero); run again with --debug for the traceback"]
    code, err = _stderr_of(monkeypatch, capsys, ["check", str(tmp_path / "a.txt"), "--debug", *FAST])
    assert code == 2
    assert "Traceback (most recent call last)" in err and "in broken" in err
    assert err.strip().splitlines()[-1] == "factcheck: internal error, please report it (ZeroDivisionError: division " \
                                           "by zero)"


def test_index_warnings_reach_the_terminal_through_the_result(tmp_path, monkeypatch, capsys):
    import factcheck.api
    from factcheck.run.pipeline import Result

    monkeypatch.setattr(factcheck.api, "check", lambda *a, **k: Result([], [], [], warnings=["W171 index x: rebuild"]))
    (tmp_path / "a.txt").write_text(CLEAN)
    _, err = _stderr_of(monkeypatch, capsys, ["check", str(tmp_path / "a.txt"), *FAST])
    assert "factcheck: W171 index x: rebuild" in err.splitlines()


def test_an_os_refusal_is_coded_not_a_traceback(tmp_path, monkeypatch, capsys):
    import factcheck.api

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "out.json"))

    monkeypatch.setattr(factcheck.api, "write_reports", refused)
    (tmp_path / "a.txt").write_text(CLEAN)
    code, err = _stderr_of(monkeypatch, capsys, ["check", str(tmp_path / "a.txt"), "--json", str(tmp_path / "out.json"),
                                                 *FAST])
    assert code == 2
    assert err.strip().splitlines() == [f"factcheck: E300 {tmp_path / 'out.json'}: Permission denied. Fix: check the "
                                        "path, its permissions and the free space"]


# --- cold start: what a command imports (issue 15 part 6) ---

MODEL_LIBS = ("torch", "sentence_transformers", "transformers", "pandas")
_IMPORTED = """import sys
from factcheck.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print("imported:", *sorted(m for m in {libs!r} if m in sys.modules))
"""


def _imported_by(argv: list[str], libs: tuple[str, ...], cwd: Path = ROOT) -> str:
    """The libraries among ``libs`` a fresh process has imported after running the command."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}  # this tree
    done = subprocess.run([sys.executable, "-c", _IMPORTED.format(libs=libs), *argv], cwd=cwd, capture_output=True,
                          text=True, check=True, env=env)
    return done.stdout.splitlines()[-1].removeprefix("imported:").strip()


@pytest.mark.parametrize("argv", [["rules", "list"], ["rules", "explain", "NAM001"], ["rules", "validate", "rules"],
                                  ["check", "--help"]])
def test_commands_that_do_not_embed_import_no_model_library(argv):
    assert _imported_by(argv, MODEL_LIBS) == ""


def test_version_imports_neither_the_checks_nor_numpy():
    assert _imported_by(["--version"], (*MODEL_LIBS, "numpy", "rapidfuzz", "yaml", "factcheck.rules.packs")) == ""


def test_a_check_without_a_model_or_csv_imports_no_model_library_nor_pandas(tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN)
    assert _imported_by(["check", "a.txt", *FAST], MODEL_LIBS, cwd=tmp_path) == ""
    # the import test sees imports: a CSV report does bring pandas in
    assert _imported_by(["check", "a.txt", "--csv", "r.csv", *FAST], MODEL_LIBS, cwd=tmp_path) == "pandas"


# --- leaving fast once torch is loaded: its teardown costs ~1.2 s (bench/startup.py) ---


def _main_exit(monkeypatch, argv: list[str], torch_loaded: bool) -> tuple[str, int | None]:
    """Run ``factcheck.cli.main`` in-process: (how it ended, with which code)."""
    import os
    import sys
    import types

    import factcheck.cli as cli

    class Left(BaseException):
        pass

    def leave(code: int) -> None:
        raise Left(code)

    monkeypatch.setattr(os, "_exit", leave)
    monkeypatch.setattr(sys, "argv", ["factcheck", *argv])
    if torch_loaded:
        monkeypatch.setitem(sys.modules, "torch", types.ModuleType("torch"))
    else:  # nor an ONNX runtime, which another test may have loaded in this process
        for name in ("torch", "onnxruntime", "openvino"):
            monkeypatch.delitem(sys.modules, name, raising=False)
    try:
        cli.main()
    except Left as e:
        return "os._exit", e.args[0]
    except SystemExit as e:
        return "SystemExit", e.code
    return "returned", None


def test_main_leaves_at_once_with_the_commands_code_when_torch_is_loaded(monkeypatch, capsys):
    assert _main_exit(monkeypatch, ["--version"], torch_loaded=True) == ("os._exit", 0)
    assert capsys.readouterr().out.startswith("factcheck ")
    assert _main_exit(monkeypatch, ["rules", "explain", "XYZ999"], torch_loaded=True) == ("os._exit", 2)
    assert _main_exit(monkeypatch, ["--version"], torch_loaded=False) == ("SystemExit", 0)


def test_a_fast_exit_still_delivers_all_output_through_a_pipe():
    import os
    import subprocess
    import sys

    code = ("import sys, types\nsys.modules['torch'] = types.ModuleType('torch')\n"
            "sys.argv = ['factcheck', *sys.argv[1:]]\nfrom factcheck.cli import main\nmain()\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    fast = subprocess.run([sys.executable, "-c", code, "rules", "list"], capture_output=True, text=True, env=env)
    normal = CliRunner().invoke(app, ["rules", "list"])
    assert fast.returncode == 0 and fast.stdout == normal.output and fast.stdout.count("\n") > 20
    bad = subprocess.run([sys.executable, "-c", code, "rules", "explain", "XYZ999"], capture_output=True, text=True,
                         env=env)
    assert bad.returncode == 2 and bad.stderr.startswith("E209 unknown code XYZ999")
