"""What the command line says in the cases a new user hit: help that names values for what they are,
a typo's suggestion only when it is close, github output listed once, singular counts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

COMMANDS = [[], ["check"], ["watch"], ["serve"], ["index"], ["index", "build"], ["rules"], ["rules", "list"],
            ["rules", "explain"], ["rules", "validate"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "factcheck")
def test_help_names_values_not_python_types(command: list[str]) -> None:
    out = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "160"}).output
    assert "Usage" in out
    assert not re.search(r"<(list\[|str|int|float|bool|path)", out), out


def test_a_far_typo_gets_no_suggestion_and_a_near_one_does() -> None:
    far = runner.invoke(app, ["check", "seeds", "--bogus"])
    assert far.exit_code == 2 and "No such option: --bogus" in far.output and "--out" not in far.output
    near = runner.invoke(app, ["check", "seeds", "--fromat", "json"])
    assert "Possible options: --format" in near.output and "--out" not in near.output


def test_github_format_lists_each_finding_once(tmp_path: Path) -> None:
    r = runner.invoke(app, ["check", str(ROOT / "seeds"), "--format", "github", "--model", "hashing", "--no-cache",
                            "--fail-on", "never"])
    annotations = [line for line in r.stdout.splitlines() if line.startswith("::")]
    assert annotations
    assert len(r.output.splitlines()) == len(annotations) + 1, r.output  # + the summary line
    assert "documents checked" in r.output.splitlines()[-1]


def test_one_indexed_document_is_one_document(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The council met on Monday. It approved the budget.\n", encoding="utf-8")
    r = runner.invoke(app, ["index", "build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "ix"), "--model",
                            "hashing", "--no-cache", "-q"])
    assert r.exit_code == 0 and "indexed 1 document into" in r.output, r.output
