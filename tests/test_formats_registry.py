"""Every registered output format renders, is written, and is read back: by its own-file signature
(``is_ours``, which ``written_by_us`` asks), by ``-o FILE``'s suffix, and in the CLI help."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import api
from factcheck.cli import app
from factcheck.report import write_atomic, written_by_us
from factcheck.report.formats import FILE_FORMATS, FORMATS, STREAMS, plan

TEXTS = {
    "a": "Sir Mark Rowley said 4,000 officers left the Met in 2022. Six forces failed.\n",
    "b": "Sir Mark Rowley said 5,000 officers left the Met in 2022. Seven forces failed.\n",
}


@pytest.fixture(scope="module")
def result():
    found = api.check(texts=TEXTS, model="hashing", cache=False)
    assert found.findings, "the round trip needs findings to carry"
    return found


def _read_back(name: str, text: str, result) -> int:
    """How many findings the rendered report holds, read the way its users read it."""
    ids = {f.id for f in result.findings}
    if name == "json":
        return sum(f["id"] in ids for f in json.loads(text)["findings"])
    if name == "csv":
        return sum(row["id"] in ids for row in csv.DictReader(io.StringIO(text)))
    if name == "sarif":
        return len(json.loads(text)["runs"][0]["results"])
    if name == "github":
        return sum(line.startswith("::") for line in text.splitlines())
    return sum(f.id in text for f in result.findings)  # html: every finding's id is in the page


@pytest.mark.parametrize("name", [n for n, f in FORMATS.items() if f.writer])
def test_every_format_renders_and_reads_back(name, result, tmp_path):
    fmt = FORMATS[name]
    text = api.render_report(name, result)
    assert _read_back(name, text, result) == len(result.findings)
    if not fmt.is_file:
        assert name in STREAMS and not fmt.suffixes
        return
    path = write_atomic(tmp_path / f"report{fmt.suffixes[0]}", text)
    head = path.read_bytes()[:4096]
    assert written_by_us(path)
    assert [n for n in FILE_FORMATS if FORMATS[n].is_ours(path, head)] == [name]  # ours, and no other format's
    for suffix in fmt.suffixes:
        assert plan([], [str(tmp_path / f"r{suffix}")]).files == {name: str(tmp_path / f"r{suffix}")}


def test_outputs_are_keyed_by_the_file_formats(tmp_path):
    files = {n: str(tmp_path / f"r{FORMATS[n].suffixes[0]}") for n in FILE_FORMATS}
    outputs = api.Outputs(files)
    assert outputs.paths() == files and list(outputs.paths()) == list(FILE_FORMATS)
    assert api.Outputs(json="r.json").paths()["json"] == "r.json"
    with pytest.raises(TypeError):
        api.Outputs(github="r.txt")  # a stream, never a file


def test_every_file_format_is_written_by_the_api(result, tmp_path):
    files = {n: str(tmp_path / f"r{FORMATS[n].suffixes[0]}") for n in FILE_FORMATS}
    written = api.write_reports(result, api.Outputs(files))
    assert written == list(files.values()) and all(written_by_us(Path(p)) for p in written)


def test_the_cli_help_lists_every_format_and_suffix():
    out = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "400", "NO_COLOR": "1"}).output
    flat = " ".join(out.replace("│", " ").split())
    assert all(name in flat for name in FORMATS)
    assert all(s in flat for f in FORMATS.values() for s in f.suffixes)
