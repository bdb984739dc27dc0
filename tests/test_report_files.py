"""Report files: atomic writes, never over someone else's file, never outside the given paths."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.report import OutputError, write_atomic, written_by_us
from factcheck.report.csv import to_csv
from factcheck.report.html import render_html
from factcheck.report.json import dumps, result_dict


def test_write_atomic_creates_folders_and_replaces_own_reports(tmp_path):
    p = tmp_path / "deep" / "er" / "r.json"
    write_atomic(p, dumps(result_dict([], [], [])))
    assert written_by_us(p)
    write_atomic(p, dumps(result_dict([], [], [])))  # replacing our own report needs no --force
    assert os.listdir(p.parent) == ["r.json"]


def test_own_report_formats_are_recognised(tmp_path):
    j, c, h = tmp_path / "r.json", tmp_path / "r.csv", tmp_path / "r.html"
    j.write_text(dumps(result_dict([], [], [])))
    c.write_text(to_csv([]))
    h.write_text(render_html(result_dict([], [], []), []))
    assert all(written_by_us(p) for p in (j, c, h))
    other = tmp_path / "other.json"
    other.write_text('{"version": 1}')
    assert not written_by_us(other) and not written_by_us(tmp_path / "missing.json")


def test_refuses_foreign_file_and_folder(tmp_path):
    foreign = tmp_path / "data.csv"
    foreign.write_text("a,b\n1,2\n")
    with pytest.raises(OutputError, match=r"^E301 .*data.csv: exists and was not written by factcheck"):
        write_atomic(foreign, "x")
    assert foreign.read_text() == "a,b\n1,2\n"
    write_atomic(foreign, "x", force=True)
    assert foreign.read_text() == "x"
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(OutputError, match="E302"):
        write_atomic(tmp_path / "dir.json", "x", force=True)


def test_a_write_that_fails_midway_leaves_the_old_report_and_no_temp_file(tmp_path, monkeypatch):
    p = tmp_path / "r.json"
    old = dumps(result_dict([], [], []))
    p.write_text(old)

    class Disk:
        def __init__(self, real):
            self.real = real

        def write(self, data):
            self.real.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.real, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.real.close()

    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: Disk(real_fdopen(*a, **k)))
    with pytest.raises(OutputError, match=r"^E300 .*r.json: could not be written \(No space left on device\)"):
        write_atomic(p, old.replace('"version": 1', '"version": 1 ') * 100)
    assert p.read_text() == old
    assert os.listdir(tmp_path) == ["r.json"]


def test_interrupt_during_write_leaves_no_half_file(tmp_path, monkeypatch):
    p = tmp_path / "new.json"
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(p, dumps(result_dict([], [], [])))
    assert os.listdir(tmp_path) == []


def test_ids_and_titles_in_input_never_become_written_paths(tmp_path, monkeypatch):
    """A JSONL id of "../../etc/x" (or an absolute path) must not make factcheck write anywhere
    but the output paths the user gave."""
    work = tmp_path / "a" / "b" / "work"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    evil = [
        {"id": "../../etc/x", "title": "../../../x.html", "text": "Mr Khan said six forces failed in 2019."},
        {"id": str(tmp_path / "abs.json"), "source": "/tmp/y", "text": "Mr Hahn said six forces failed in 2018."},
        {"id": "..", "text": "Sir Mark Rowley said 21,000 officers were hired."},
    ]
    Path("in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in evil))
    before = {p for p in tmp_path.rglob("*")}
    result = CliRunner().invoke(app, [
        "check", "in.jsonl", "--json", "out/r.json", "--csv", "out/r.csv", "--html", "out/r.html",
        "--model", "hashing", "--cache", str(work / "cache"), "-q", "--fail-on", "never",
    ])
    assert result.exit_code == 0, result.output
    created = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p not in before}
    allowed = {"a/b/work/out", "a/b/work/out/r.json", "a/b/work/out/r.csv", "a/b/work/out/r.html",
               "a/b/work/cache"}
    assert {c for c in created if not c.startswith("a/b/work/cache/")} == allowed
    ids = [d["id"] for d in json.loads(Path("out/r.json").read_text())["documents"]]
    assert ids == ["../../etc/x", str(tmp_path / "abs.json"), ".."]  # kept as labels only


def test_report_file_mode_is_not_private(tmp_path):
    old = os.umask(0o022)
    try:
        p = write_atomic(tmp_path / "r.json", dumps(result_dict([], [], [])))
        assert (p.stat().st_mode & 0o777) == 0o644  # mkstemp alone would leave 0600
        p.chmod(0o640)
        write_atomic(p, dumps(result_dict([], [], [])))
        assert (p.stat().st_mode & 0o777) == 0o640  # a replaced report keeps its mode
    finally:
        os.umask(old)


def test_csv_cells_never_start_a_formula():
    from factcheck.core.model import Evidence, Finding

    ev = [Evidence("=cmd|' /C calc'!A0", 0, 4, "=SUM(A1:A9)"), Evidence("d2", 0, 6, "+44 20")]
    f = Finding("NUM001", "number", "warning", "@mention differs", ev, suggestion="-12")
    text = to_csv([f])
    row = text.splitlines()[1]
    assert "'=cmd" in row and "'=SUM(A1:A9)" in row and "'@mention" in row and "'-12" in row
    assert ",=" not in row and ",+" not in row and ",@" not in row and ",-" not in row
