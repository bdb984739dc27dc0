"""Output paths are checked before any work; only our own reports are replaced without --force;
a full disk costs the cache or one report, never the run or the other reports."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import api
from factcheck.cli import app
from factcheck.embed.vectors import HashingEmbedder, embed_texts
from factcheck.report import OutputError, preflight, written_by_us
from factcheck.report.csv import to_csv
from factcheck.report.json import dumps, result_dict
from factcheck.run.cache import EmbeddingCache

FAST = ["--model", "hashing", "--no-cache", "-q", "--fail-on", "never"]
TEXT = "Mr Khan said six forces failed in 2019. Mr Hahn said 21,000 officers were hired.\n"
OUR_JSON_HEAD = '{\n "version": 1,\n "documents": [], "findings": [], "errors": []'
OUR_CSV_HEAD = to_csv([]).rstrip("\n")

LOOK_ALIKES = {
    "notes.json": '{"tool": "factcheck-report", "version": 1, "documents": []}\n',
    "extra-key.json": OUR_JSON_HEAD + ', "mine": true}\n',
    "version-2.json": OUR_JSON_HEAD.replace('"version": 1', '"version": 2') + "}\n",
    "reordered.json": '{\n "version": 1,\n "documents": [], "errors": [], "findings": []}\n',
    "truncated.json": OUR_JSON_HEAD,
    "list-types.json": '{\n "version": 1,\n "documents": {}, "findings": [], "errors": []}\n',
    "quoting.html": ('<!DOCTYPE html>\n<html><head><title>Notes</title></head><body><p>Our reports carry '
                     '<meta name="generator" content="factcheck-report"> in their head.</p></body></html>\n'),
    "escaped.html": '<p>&lt;meta name="generator" content="factcheck-report"&gt;</p>\n',
    "own-head.html": ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta name="generator" content="factcheck-report">\n'
                      "<title>my page</title>\n"),
    "extra-column.csv": OUR_CSV_HEAD + ",notes\n1,2\n",
    "fewer-columns.csv": "id,rule,category,severity,confidence,doc,start,end,text,message\n",
    "crlf.csv": OUR_CSV_HEAD + "\r\n",
    "bom.csv": "\ufeff" + OUR_CSV_HEAD + "\n",
    "mention.txt": "Notes on factcheck-report output: id,rule,category,severity\n",
}


@pytest.fixture
def spy_ingest(monkeypatch) -> list:
    """Records every call that would read inputs: a refused run must make none."""
    import factcheck.run.pipeline

    calls: list = []
    real = factcheck.run.pipeline.read_documents

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(factcheck.run.pipeline, "read_documents", spy)
    return calls


def run(*args: str):
    return CliRunner().invoke(app, ["check", *args])


@pytest.mark.parametrize("name", sorted(LOOK_ALIKES))
def test_look_alike_user_files_are_refused_before_any_work(tmp_path, name, spy_ingest):
    (tmp_path / "a.txt").write_text(TEXT)
    user = tmp_path / name
    user.write_text(LOOK_ALIKES[name], encoding="utf-8")
    assert not written_by_us(user)
    flag = {".json": "--json", ".html": "--html", ".csv": "--csv", ".txt": "--json"}[user.suffix]
    other = tmp_path / ("new.json" if flag == "--html" else "new.html")
    result = run(str(tmp_path / "a.txt"), flag, str(user), f"--{other.suffix[1:]}", str(other), *FAST[:-2])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "E301" in result.output and "--force" in result.output
    assert user.read_bytes() == LOOK_ALIKES[name].encode("utf-8")
    assert not other.exists()  # nothing else was written either
    assert spy_ingest == []  # refused before a single input was read


def test_our_own_reports_of_every_format_are_replaced_without_force(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    outs = ["--json", str(tmp_path / "r.json"), "--csv", str(tmp_path / "r.csv"), "--html", str(tmp_path / "r.html")]
    assert run(str(tmp_path / "a.txt"), *outs, *FAST).exit_code == 0
    assert all(written_by_us(tmp_path / f"r.{ext}") for ext in ("json", "csv", "html"))
    again = run(str(tmp_path / "a.txt"), *outs, *FAST)
    assert again.exit_code == 0, again.output
    # an earlier report of another format at the path is ours too
    assert run(str(tmp_path / "a.txt"), "--json", str(tmp_path / "r.html"), *FAST).exit_code == 0


def test_python_api_refuses_outputs_before_reading_or_embedding(tmp_path, spy_ingest):
    class NeverEmbed(HashingEmbedder):
        def encode(self, texts):
            raise AssertionError("no work may be done for a refused run")

    (tmp_path / "a.txt").write_text(TEXT)
    precious = tmp_path / "notes.json"
    precious.write_text('{"factcheck-report": "mine"}')
    with pytest.raises(OutputError, match=r"^E301 "):
        api.check([str(tmp_path / "a.txt")], embedder=NeverEmbed(), cache=False,
                  outputs=api.Outputs(json=str(precious), html=str(tmp_path / "r.html")))
    assert spy_ingest == [] and sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "notes.json"]


@pytest.mark.parametrize("spelling", ["same", "dot-slash", "dot-dot", "symlink", "hard-link"])
def test_one_file_named_for_two_reports_is_refused_up_front(tmp_path, monkeypatch, spelling, spy_ingest):
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(TEXT)
    Path("sub").mkdir()
    first = "r.out"
    second = {"same": "r.out", "dot-slash": "./r.out", "dot-dot": "sub/../r.out", "symlink": "link.out",
              "hard-link": "hard.out"}[spelling]
    if spelling in ("symlink", "hard-link"):
        Path("r.out").write_text(dumps(result_dict([], [], [])))  # our own report: only the clash refuses
        (os.symlink if spelling == "symlink" else os.link)("r.out", second)
    result = run("a.txt", "--json", first, "--csv", second, *FAST)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("factcheck: E303 ") and "own file" in lines[0]
    assert "json" in lines[0] and "csv" in lines[0]
    assert spy_ingest == []
    if spelling not in ("symlink", "hard-link"):
        assert not Path("r.out").exists()


@pytest.mark.parametrize("case", ["folder", "under-a-file"])
def test_paths_that_cannot_be_files_are_refused_before_work(tmp_path, case, spy_ingest):
    (tmp_path / "a.txt").write_text(TEXT)
    target = tmp_path / "out"
    if case == "folder":
        target.mkdir()
    else:
        target = tmp_path / "a.txt" / "r.html"
    result = run(str(tmp_path / "a.txt"), "--html", str(target), *FAST)
    assert result.exit_code == 2
    assert ("E302" if case == "folder" else "E300") in result.output
    assert spy_ingest == []


def test_preflight_accepts_new_paths_and_our_reports(tmp_path):
    ours = tmp_path / "old.json"
    ours.write_text(dumps(result_dict([], [], [])))
    preflight({"json": str(ours), "csv": str(tmp_path / "deep" / "new.csv"), "html": None})


def _disk_full_for(monkeypatch, suffix: str) -> None:
    """Writing a file ending in ``suffix`` fails as on a full disk; other writes go through."""
    import factcheck.report

    real = factcheck.report._replace

    def replace(p: Path, data: str) -> None:
        if p.suffix == suffix:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(p, data)

    monkeypatch.setattr(factcheck.report, "_replace", replace)


@pytest.mark.parametrize("failing", [".json", ".csv", ".html"])
def test_a_report_the_disk_cannot_take_is_one_coded_line_and_the_others_land(tmp_path, monkeypatch, failing):
    _disk_full_for(monkeypatch, failing)
    (tmp_path / "a.txt").write_text(TEXT)
    outs = {ext: tmp_path / f"r{ext}" for ext in (".json", ".csv", ".html")}
    result = run(str(tmp_path / "a.txt"), "--json", str(outs[".json"]), "--csv", str(outs[".csv"]),
                 "--html", str(outs[".html"]), *FAST)
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if "E300" in line]
    assert errors == [f"factcheck: E300 {outs[failing]}: could not be written (No space left on device); "
                      "free some space or choose another path"]
    assert "Traceback" not in result.output
    assert not outs[failing].exists()
    for ext, path in outs.items():
        if ext != failing:
            assert written_by_us(path) and f"wrote {path}" in result.output
    if failing != ".json":
        assert json.loads(outs[".json"].read_text())["version"] == 1


def _full_cache(monkeypatch) -> None:
    """Every cache opened from now on holds no more pages than it has: inserts fail as SQLite
    does on a full disk ("database or disk is full")."""
    real = EmbeddingCache._open

    def opened(self):
        db = real(self)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(EmbeddingCache, "_open", opened)


def test_a_full_cache_warns_once_and_embeds_uncached(tmp_path, monkeypatch, capsys):
    _full_cache(monkeypatch)
    cache = EmbeddingCache(tmp_path)
    texts = [f"Sentence {i} says {i * 3} officers joined." for i in range(300)]
    vecs = embed_texts(texts, HashingEmbedder(), cache, batch=50)
    notes = " ".join(cache.notes)
    assert notes.count("W121") == 1 and "database or disk is full" in notes and not capsys.readouterr().err
    assert not cache.writable and cache.count() == 0
    assert vecs.shape == (300, HashingEmbedder().dim)
    cache.close()


def test_cli_run_goes_on_uncached_when_the_cache_disk_is_full(tmp_path, monkeypatch):
    _full_cache(monkeypatch)
    (tmp_path / "a.txt").write_text(TEXT)
    out = tmp_path / "r.json"
    args = [str(tmp_path / "a.txt"), "--json", str(out), "--model", "hashing", "--cache", str(tmp_path / "cache"), "-q"]
    result = run(*args, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert "W121" in result.output and "Traceback" not in result.output
    assert json.loads(out.read_text())["version"] == 1


def test_a_cache_that_cannot_be_created_is_skipped(tmp_path, monkeypatch):
    def no_space(self, directory):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(directory))

    monkeypatch.setattr(EmbeddingCache, "__init__", no_space)
    (tmp_path / "a.txt").write_text(TEXT)
    result = run(str(tmp_path / "a.txt"), "--json", str(tmp_path / "r.json"), "--model", "hashing",
                 "--cache", str(tmp_path / "cache"), "-q", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert "W121" in result.output and "No space left on device" in result.output
    assert written_by_us(tmp_path / "r.json")


def test_csv_carries_each_findings_document_title_date_and_source():
    import csv
    import io

    from factcheck.core.model import Document, Evidence, Finding

    doc = Document("d1", "Mr Hahn said so.", path="a.jsonl", title="=Budget row", date="2024-05-01",
                   source="Wire")
    found = [Finding("NAM001", "name", "warning", "misspelt", [Evidence("d1", 3, 7, "Hahn")]),
             Finding("NUM001", "number", "warning", "elsewhere", [Evidence("gone", 0, 2, "Mr")])]
    rows = list(csv.DictReader(io.StringIO(to_csv(found, [doc]))))
    assert list(rows[0])[-3:] == ["doc_title", "doc_date", "doc_source"]  # appended: old columns keep their place
    assert (rows[0]["doc_title"], rows[0]["doc_date"], rows[0]["doc_source"]) == ("'=Budget row", "2024-05-01", "Wire")
    assert (rows[1]["doc_title"], rows[1]["doc_date"], rows[1]["doc_source"]) == ("", "", "")  # no such document


def test_a_csv_report_from_before_the_document_columns_is_still_ours(tmp_path):
    old = tmp_path / "r.csv"
    old.write_text(OUR_CSV_HEAD.removesuffix(",doc_title,doc_date,doc_source") + "\n", encoding="utf-8")
    assert written_by_us(old)
    old.write_text(OUR_CSV_HEAD.replace("doc_source", "doc_source,notes") + "\n", encoding="utf-8")
    assert not written_by_us(old)  # more columns than ours: someone else's sheet


def test_the_formats_page_lists_the_csv_columns_in_order():
    from factcheck.report.csv import COLUMNS

    page = (Path(__file__).resolve().parents[1] / "docs" / "formats.md").read_text(encoding="utf-8")
    rows = page.split("# CSV report", 1)[1].split("\n|---|---|\n", 1)[1].split("\n\n", 1)[0].splitlines()
    documented = [name.strip() for row in rows for name in row.split("|")[1].split(",")]
    assert documented == COLUMNS
