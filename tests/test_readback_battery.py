"""Should-fail fixtures for every file factcheck reads back (issue 21): the cache, the index, rule
packs, reports. Each case asserts the one-line coded error (or the documented behaviour), that
nothing outside factcheck's own files changed, and that the next run works."""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
import typer
from archive_texts import seed_texts, variants

from factcheck.cli import app as cli_app
from factcheck.core.model import Document

FAST = ["--model", "hashing", "-q"]
REBUILD = "Fix: rebuild it with `factcheck index build`"


def cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; (exit code, stdout, stderr)."""
    monkeypatch.setenv("COLUMNS", "60")
    with pytest.raises((SystemExit, typer.Exit)) as ended:
        cli_app(list(args), standalone_mode=True)
    code = ended.value.code if isinstance(ended.value, SystemExit) else ended.value.exit_code
    out = capsys.readouterr()
    return code, out.out, out.err


def snapshot(root: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    """Every file under ``root`` (outside ``skip``) and its content hash."""
    return {str(p.relative_to(root)): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not any(p.is_relative_to(s) for s in skip)}


class Payload:
    """A pickle that runs code when loaded: it writes ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    with open(tmp_path / "archive.jsonl", "w", encoding="utf-8") as f:
        for k, v in variants(6).items():
            f.write(json.dumps({"id": k, "text": v}) + "\n")
    (tmp_path / "draft.txt").write_text(seed_texts()[0], encoding="utf-8")
    return tmp_path


def build(monkeypatch, capsys, work: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return cli(monkeypatch, capsys, "index", "build", str(work / "archive.jsonl"), "-o", str(out), *FAST,
               "--no-cache", *extra)


def check_against(monkeypatch, capsys, work: Path, ix: Path, *extra: str) -> tuple[int, str, str]:
    return cli(monkeypatch, capsys, "check", str(work / "draft.txt"), "--against", str(ix), *FAST, "--no-cache",
               "--fail-on", "never", "--format", "json", *extra)


def one_line(err: str, code: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"factcheck: {code} "), err
    return lines[0]


# --- the index: never delete what factcheck did not write ---------------------------------------

def test_a_rebuild_beside_foreign_files_is_refused_before_any_work(work, monkeypatch, capsys):
    ix = work / "ix"
    assert build(monkeypatch, capsys, work, ix)[0] == 0
    (ix / "NOTES.txt").write_text("notes", encoding="utf-8")
    (ix / "archive.jsonl").write_bytes((work / "archive.jsonl").read_bytes())
    before = snapshot(work)
    code, _, err = cli(monkeypatch, capsys, "index", "build", str(ix / "archive.jsonl"), "-o", str(ix), *FAST,
                       "--no-cache")
    assert code == 2
    assert "E174" in one_line(err, "E174") and "archive being indexed" in err
    (ix / "archive.jsonl").unlink()  # the archive moved out: notes alone are still refused
    before = snapshot(work)
    code, _, err = build(monkeypatch, capsys, work, ix)
    assert code == 2 and "NOTES.txt" in one_line(err, "E174")
    assert snapshot(work) == before  # nothing deleted, nothing rewritten
    (ix / "NOTES.txt").unlink()
    assert build(monkeypatch, capsys, work, ix)[0] == 0  # the next run works
    assert check_against(monkeypatch, capsys, work, ix)[0] == 0


@pytest.mark.parametrize("kind", ["file", "folder", "trailing-slash file"])
def test_index_build_onto_a_file_or_a_users_folder_is_refused_before_any_work(work, monkeypatch, capsys, kind):
    if kind == "folder":
        out = work / "mine"
        out.mkdir()
        (out / "a.txt").write_text("mine", encoding="utf-8")
    else:
        out = work / "draft.txt"
    before = snapshot(work)
    code, _, err = cli(monkeypatch, capsys, "index", "build", str(work / "archive.jsonl"),
                       "-o", str(out) + ("/" if kind.startswith("trailing") else ""), "--model", "no-such-model",
                       "-q", "--no-cache")
    assert code == 2 and one_line(err, "E174")  # refused before the (missing) model was even looked for
    assert snapshot(work) == before


def test_a_rebuild_swaps_in_and_leaves_nothing_behind(work, monkeypatch, capsys):
    ix = work / "ix"
    assert build(monkeypatch, capsys, work, ix)[0] == 0
    first = json.loads((ix / "meta.json").read_text())
    assert build(monkeypatch, capsys, work, ix)[0] == 0
    assert json.loads((ix / "meta.json").read_text())["files"] == first["files"]  # same archive, same bytes
    assert sorted(p.name for p in work.iterdir()) == ["archive.jsonl", "draft.txt", "ix"]


def test_an_empty_archive_is_no_index_and_says_why(work, monkeypatch, capsys):
    (work / "empty.jsonl").write_text("", encoding="utf-8")
    code, _, err = cli(monkeypatch, capsys, "index", "build", str(work / "empty.jsonl"), "-o", str(work / "ix"),
                       *FAST, "--no-cache")
    assert code == 2 and not (work / "ix").exists()
    line = one_line(err, "E111")
    assert "E103" in line  # the skipped input and why


def test_index_build_exits_as_check_does_after_a_bad_record(work, monkeypatch, capsys):
    with open(work / "archive.jsonl", "a", encoding="utf-8") as f:
        f.write("{not json\n")
    assert build(monkeypatch, capsys, work, work / "ix")[0] == 2
    code, _, _ = cli(monkeypatch, capsys, "check", str(work / "archive.jsonl"), *FAST, "--no-cache",
                     "--fail-on", "never")
    assert code == 2


# --- the index: damaged parts -------------------------------------------------------------------

def _truncate(p: Path) -> None:
    p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2])


def _object_array(p: Path) -> None:
    np.save(p, np.array([{"x": 1}] * 3, dtype=object), allow_pickle=True)


def _flip(p: Path) -> None:
    b = bytearray(p.read_bytes())
    b[len(b) // 2] ^= 0x20
    p.write_bytes(bytes(b))


DAMAGE = {
    "documents.rows truncated": ("documents.rows", _truncate),
    "documents.rows one byte changed": ("documents.rows", _flip),
    "embeddings.npy truncated": ("embeddings.npy", _truncate),
    "neighbours.npy missing": ("neighbours.npy", Path.unlink),
    "doc_offsets.npy garbage": ("doc_offsets.npy", lambda p: p.write_bytes(b"garbage")),
    "records.npy an object array": ("records.npy", _object_array),
    "meta.json garbage": ("meta.json", lambda p: p.write_text("{garbage", encoding="utf-8")),
    "meta.json missing": ("meta.json", Path.unlink),
    "meta.json a wrong count": ("meta.json", lambda p: p.write_text(
        json.dumps({**json.loads(p.read_text()), "documents": json.loads(p.read_text())["documents"] + 2}))),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_each_damaged_index_part_is_e171_naming_it(work, monkeypatch, capsys, case):
    ix = work / "ix"
    assert build(monkeypatch, capsys, work, ix)[0] == 0
    _, clean, _ = check_against(monkeypatch, capsys, work, ix)
    name, damage = DAMAGE[case]
    damage(ix / name)
    before = snapshot(work)
    code, out, err = check_against(monkeypatch, capsys, work, ix)
    line = one_line(err, "E171")
    assert code == 2 and not out
    assert (name.split(".")[0] in line or "meta.json" in line) and line.endswith(REBUILD), line
    assert snapshot(work) == before
    assert build(monkeypatch, capsys, work, ix)[0] == 0  # rebuilt in place: the next run works
    code, again, _ = check_against(monkeypatch, capsys, work, ix)
    assert code == 0 and json.loads(again)["findings"] == json.loads(clean)["findings"]


def test_a_pickled_index_of_the_old_format_is_never_loaded(work, monkeypatch, capsys):
    ix = work / "ix"
    ix.mkdir()
    marker = work / "ran"
    (ix / "meta.json").write_text(json.dumps({"kind": "factcheck-index", "format": 2}), encoding="utf-8")
    (ix / "documents.bin").write_bytes(pickle.dumps(Payload(marker)))
    code, _, err = check_against(monkeypatch, capsys, work, ix)
    assert code == 2 and "rebuild it" in one_line(err, "E172") and not marker.exists()
    assert build(monkeypatch, capsys, work, ix)[0] == 0  # an index of its own files: rebuilt in place
    assert not (ix / "documents.bin").exists() and check_against(monkeypatch, capsys, work, ix)[0] == 0


def test_an_index_file_holds_no_pickle(work, monkeypatch, capsys):
    ix = work / "ix"
    assert build(monkeypatch, capsys, work, ix)[0] == 0
    assert sorted(p.suffix for p in ix.iterdir()) == [".json"] + [".npy"] * 8 + [".rows"]
    for p in ix.glob("*.npy"):  # plain numbers: loads with pickles refused
        assert np.load(p, allow_pickle=False).dtype.kind in "biuf"
    assert isinstance(json.loads((ix / "meta.json").read_text(encoding="utf-8")), dict)
    rows = (ix / "documents.rows").read_text(encoding="utf-8").splitlines()
    assert rows and all(isinstance(json.loads(line), dict) for line in rows)  # JSON, line by line


# --- the cache: rows are data, a bad row is a miss ----------------------------------------------

def _cache_run(monkeypatch, capsys, work: Path, cache: Path) -> tuple[int, str, str]:
    return cli(monkeypatch, capsys, "check", str(work / "draft.txt"), str(work / "archive.jsonl"), *FAST,
               "--cache", str(cache), "--fail-on", "never", "--format", "json")


def _rows(cache: Path, sql: str, *args) -> int:
    db = sqlite3.connect(cache / "embeddings.sqlite")
    with db:
        n = db.execute(sql, args).rowcount
    db.close()
    return n


@pytest.mark.parametrize("damage", ["truncated", "pickle payload", "another document", "wrong type"])
def test_a_damaged_cache_row_is_a_miss_with_w120(work, monkeypatch, capsys, damage):
    cache = work / "cache"
    code, clean, err = _cache_run(monkeypatch, capsys, work, cache)
    assert code == 0 and "W120" not in err
    marker = work / "ran"
    if damage == "truncated":
        assert _rows(cache, "UPDATE prepared_rows SET doc = substr(doc, 1, length(doc) / 2)") > 0
        assert _rows(cache, "UPDATE checked_rows SET findings = substr(findings, 1, 9)") > 0
    elif damage == "pickle payload":
        assert _rows(cache, "UPDATE prepared_rows SET doc = ?", pickle.dumps(Payload(marker))) > 0
        assert _rows(cache, "UPDATE checked_rows SET findings = ?", pickle.dumps(Payload(marker))) > 0
    elif damage == "another document":  # well-formed, but not the document the key names
        db = sqlite3.connect(cache / "embeddings.sqlite")
        one = db.execute("SELECT doc FROM prepared_rows LIMIT 1").fetchone()[0]
        db.close()
        assert _rows(cache, "UPDATE prepared_rows SET doc = ?", one) > 0
    else:
        assert _rows(cache, "UPDATE prepared_rows SET doc = 12") > 0
        assert _rows(cache, "UPDATE checked_rows SET findings = '[[\"x\"]]'") > 0
    before = snapshot(work, skip=(cache,))
    code, out, err = _cache_run(monkeypatch, capsys, work, cache)
    assert code == 0 and out == clean and not marker.exists()
    warnings = [line for line in err.splitlines() if "W120" in line]
    assert len(warnings) == 1 and warnings[0].startswith("factcheck: W120 "), err
    assert snapshot(work, skip=(cache,)) == before
    code, out, err = _cache_run(monkeypatch, capsys, work, cache)  # rewritten: the next run is clean and warm
    assert code == 0 and out == clean and "W120" not in err


def test_the_old_pickled_tables_are_never_read(work, monkeypatch, capsys):
    cache = work / "cache"
    _, clean, _ = _cache_run(monkeypatch, capsys, work, cache)
    marker = work / "ran"
    db = sqlite3.connect(cache / "embeddings.sqlite")
    with db:
        db.execute("CREATE TABLE IF NOT EXISTS prepared (code TEXT, key BLOB, doc BLOB, PRIMARY KEY (code, key))")
        db.execute("INSERT INTO prepared SELECT code, key, ? FROM prepared_rows", (pickle.dumps(Payload(marker)),))
    db.close()
    code, out, err = _cache_run(monkeypatch, capsys, work, cache)
    assert code == 0 and out == clean and not marker.exists() and "W120" not in err


# --- rule packs: one validation for `rules validate` and the run ---------------------------------

BAD_PARAMS = {
    "a word for a number": ("QUO001", "min_similarity: high", "must be a number"),
    "out of range": ("NUM001", "min_similarity: 7.5", "between 0 and 1"),
    "a bool for a count": ("QUO001", "min_words: true", "whole number"),
    "a number for a flag": ("CON001", "within_document: 1", "true or false"),
    "not finite": ("NUM001", "min_similarity: .nan", "must be a number"),
}


@pytest.mark.parametrize("case", sorted(BAD_PARAMS))
def test_a_pack_with_a_wrong_param_fails_validate_and_the_run_alike(work, monkeypatch, capsys, case):
    from factcheck.checks import REGISTRY

    code, param, words = BAD_PARAMS[case]
    assert code in {c.code for c in REGISTRY}
    pack = work / "pack.yml"
    pack.write_text(f"checks:\n  {code}:\n    params:\n      {param}\n", encoding="utf-8")
    before = snapshot(work)
    rc, _, err = cli(monkeypatch, capsys, "rules", "validate", str(pack))
    assert rc == 1 and err.strip().startswith("E205 ") and f"{pack}:4" in err and words in err, err
    rc, out, err = cli(monkeypatch, capsys, "check", str(work / "draft.txt"), "--rules", str(pack), *FAST,
                       "--no-cache")
    assert rc == 2 and words in one_line(err, "E205") and not out
    assert snapshot(work) == before
    pack.write_text(f"checks:\n  {code}:\n    severity: error\n", encoding="utf-8")  # fixed: the next run works
    assert cli(monkeypatch, capsys, "rules", "validate", str(pack))[0] == 0
    assert cli(monkeypatch, capsys, "check", str(work / "draft.txt"), "--rules", str(pack), *FAST, "--no-cache",
               "--fail-on", "never")[0] == 0


def test_every_default_param_passes_its_own_validation():
    from factcheck.checks import REGISTRY

    for cls in REGISTRY:
        for name, value in cls.params.items():
            assert cls.check_param(name, value) is None, (cls.code, name)


def test_a_config_file_param_is_checked_as_a_packs_is(work, monkeypatch, capsys):
    (work / "pyproject.toml").write_text('[tool.factcheck.params.QUO001]\nmin_similarity = "high"\n', encoding="utf-8")
    monkeypatch.chdir(work)
    rc, _, err = cli(monkeypatch, capsys, "check", "draft.txt", *FAST, "--no-cache")
    assert rc == 2 and "must be a number" in one_line(err, "E210")


# --- outputs and usage --------------------------------------------------------------------------

def test_a_cr_in_a_title_is_quoted_in_the_csv(work, monkeypatch, capsys):
    import csv
    import io

    records = [{"id": "a", "title": "\r=1", "text": t} for t in [seed_texts()[0]]]
    records.append({"id": "b", "title": 'x,"y"\n@z', "text": seed_texts()[0].replace("12", "13")})
    (work / "two.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    rc, _, _ = cli(monkeypatch, capsys, "check", str(work / "two.jsonl"), *FAST, "--no-cache", "--fail-on", "never",
                   "--csv", str(work / "r.csv"))
    assert rc == 0
    raw = (work / "r.csv").read_bytes().decode("utf-8")  # as written: read_text would turn the CR into LF
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    assert len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows)  # no row split, none added
    titles = {r[rows[0].index("doc_title")] for r in rows[1:]}
    assert titles <= {"'\r=1", 'x,"y"\n@z'} and titles
    assert "\n=1" not in raw.replace("\r", "\n").replace("'\n=1", "")  # no line of the file opens with the formula


def test_a_report_path_ending_in_a_slash_is_refused_before_work(work, monkeypatch, capsys):
    before = snapshot(work)
    rc, _, err = cli(monkeypatch, capsys, "check", str(work / "draft.txt"), "--json", str(work / "out" / "new") + "/",
                     "--model", "no-such-model", "-q", "--no-cache")
    assert rc == 2 and "ends in a slash" in one_line(err, "E302")
    assert snapshot(work) == before and not (work / "out").exists()


@pytest.mark.parametrize("flag", ["--dtype", "--precision"])  # --precision: the deprecated name
@pytest.mark.parametrize("command", ["check", "index build"])
def test_a_bad_dtype_is_a_usage_error(work, monkeypatch, capsys, command, flag):
    extra = ["-o", str(work / "ix")] if command == "index build" else []
    rc, _, err = cli(monkeypatch, capsys, *command.split(), str(work / "draft.txt"), *extra, flag, "float8",
                     "--model", "hashing", "--no-cache", "-q")
    line = one_line(err, "E212")
    assert rc == 2 and "--dtype/--precision 'float8'" in line and "toml" not in line


# --- readers never drop text silently -----------------------------------------------------------

def test_an_html_paragraph_with_a_huge_attribute_keeps_its_text(tmp_path):
    from factcheck.ingest.read import read_documents

    for size in (5_000, 11_000_000):  # past the tag pattern's bound; past libxml2's 10 MB limit
        page = tmp_path / f"p{size}.html"
        page.write_text("<html><body><article><p>The first paragraph of the article says enough here.</p>"
                        f"<p data-x=\"{'x' * size}\">The second paragraph matters just as much to readers.</p>"
                        "<p>A third paragraph ends the article with a few more words.</p></article></body></html>",
                        encoding="utf-8")
        docs, errors = read_documents([str(page)])
        assert not errors and "second paragraph matters" in docs[0].text and "xxxx" not in docs[0].text


@pytest.mark.parametrize("field", ["one line", "many lines"])
def test_a_csv_recovers_after_an_over_long_field(tmp_path, field):
    import csv

    from factcheck.ingest.limits import MAX_LINE_BYTES
    from factcheck.ingest.read import read_documents

    line = "x " * (MAX_LINE_BYTES // 2 + 10) if field == "one line" else "x " * 1000 + "\n"
    huge = line * (1 if field == "one line" else MAX_LINE_BYTES // 2000 + 10)
    p = tmp_path / "a.csv"
    with open(p, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerows([["id", "text"], ["a", "Alpha one."], ["b", huge], ["c", "Gamma three."]])
    docs, errors = read_documents([str(p)])
    assert [d.id for d in docs] == ["a", "c"]
    assert len(errors) == 1 and errors[0].code in ("E104", "E110")


# --- smaller items ------------------------------------------------------------------------------

def test_a_huge_token_draws_a_short_message():
    from factcheck.checks.base import Check
    from factcheck.core.model import Evidence

    token = "HMIC" * 400_000  # 1.6 M characters, one word
    f = Check().finding(f'"{token}" here, "{token}S" elsewhere in this story: one organisation named two ways.',
                        [Evidence("a", 0, len(token), token)])
    assert len(f.message) < 300 and f.message.endswith("one organisation named two ways.")
    short = '"HMIC" here, "HMICFRS" elsewhere in this story: one organisation named two ways (maybe an old name).'
    assert Check().finding(short, [Evidence("a", 0, 4, "HMIC")]).message == short  # ordinary messages untouched


def test_a_docx_of_millions_of_empty_paragraphs_is_refused_cheaply(tmp_path):
    import zipfile

    from factcheck.ingest.docx_text import MAX_TAGS
    from factcheck.ingest.read import read_documents

    body = b"<w:p/>" * (MAX_TAGS + 1)
    xml = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b"<w:body>" + body + b"</w:body></w:document>")
    p = tmp_path / "empty.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", xml)
    docs, errors = read_documents([str(p)])
    assert not docs and [(e.code, "XML elements" in e.message) for e in errors] == [("E104", True)]


# --- the serializer is generic over dataclass fields --------------------------------------------

@dataclass(slots=True)
class Claim:  # a layer a later version might add: no line of the serializer names it
    start: int
    end: int
    sentence: int
    kind: str = "event"
    roles: dict[str, tuple[int, int]] = field(default_factory=dict)
    score: float | None = None


@dataclass(slots=True)
class ClaimedDocument(Document):
    claims: list[Claim] = field(default_factory=list)


def test_a_new_dataclass_layer_round_trips_and_is_checked():
    from factcheck.core.codec import RowError, dumps, loads
    from factcheck.core.docrows import check_document
    from factcheck.run.prepare import prepare

    base = prepare(Document("d", "Sadiq Khan said 12 forces agreed on Tuesday. The Met did not."))
    doc = ClaimedDocument(**{f: getattr(base, f) for f in base.__dataclass_fields__ if not f.startswith("_")})
    doc.claims = [Claim(0, 10, 0, roles={"agent": (0, 10)}, score=0.5), Claim(11, 15, 0)]
    back = loads(dumps(doc, ClaimedDocument), ClaimedDocument)
    assert back == doc and back.claims[0].roles["agent"] == (0, 10)
    check_document(back)
    back.claims[1].end = 10**6
    with pytest.raises(RowError, match=r"claims\[1\]\.end"):
        check_document(back)
    old = dumps(base, Document)  # a row written before the layer existed reads with the layer empty
    assert loads(old, ClaimedDocument).claims == []
    with pytest.raises(RowError, match="has no field 'claims'"):  # and a row from newer code is refused
        loads(dumps(doc, ClaimedDocument), Document)


def test_the_frames_layer_round_trips_and_is_checked():
    from factcheck.core.codec import RowError
    from factcheck.core.docrows import dump_document, load_document
    from factcheck.run.prepare import prepare

    doc = prepare(Document("d", "The council cut its budget by £4.7m in 2023. The £4.7m cut hit 12 libraries, "
                                "up from 9 a year earlier."))
    assert doc.frames  # the real layer (extract/frames.py), not a stand-in
    back = load_document(dump_document(doc))
    assert back == doc and back.frames == doc.frames
    back.frames[0].quantity = len(back.quantities) + 5  # an index into the quantities past their end
    with pytest.raises(RowError, match=r"frames\[0\]\.quantity"):
        load_document(dump_document(back))


def test_a_finding_proof_round_trips():
    from factcheck.core.docrows import dump_findings, load_findings
    from factcheck.core.model import Evidence, Finding

    found = [Finding("NUM005", "number", "error", "5 + 6 is not 12", [Evidence("d", 0, 5, "5 + 6")],
                     proof="arithmetic"),
             Finding("NAM001", "name", "warning", "a name", [Evidence("d", 0, 4, "Jone")])]
    back = load_findings(dump_findings(found))
    assert back == found and [f.proof for f in back] == ["arithmetic", None]


def test_every_document_field_is_stored_or_private():
    from factcheck.core.codec import dumps, loads
    from factcheck.run.prepare import prepare

    doc = prepare(Document("d", "Ms Jones said: \"We hired 300 officers.\" The 12 forces met in May 2020.",
                           path="p.txt", title="T", date="2020-05-01", source="S", reference=True, record_line=3))
    back = loads(dumps(doc, Document), Document)
    for f in doc.__dataclass_fields__:
        if not f.startswith("_"):
            assert getattr(back, f) == getattr(doc, f), f


# --- decisions and earlier reports --------------------------------------------------------------

@pytest.mark.parametrize("content", ["[" * 100_000, '{"version": 2, "decisions": [' + "[" * 5000 + "]" * 5000 + "]}",
                                     '{"version": 2, "decisions": [{"id": 5, "status": ["x"], "scope": {}}]}'])
def test_a_hostile_decisions_file_is_e211(work, monkeypatch, capsys, content):
    (work / "d.json").write_text(content, encoding="utf-8")
    before = snapshot(work)
    rc, _, err = cli(monkeypatch, capsys, "check", str(work / "draft.txt"), "--decisions", str(work / "d.json"),
                     *FAST, "--no-cache")
    assert rc == 2 and one_line(err, "E211") and snapshot(work) == before


def test_a_deeply_nested_json_file_at_the_report_path_is_someone_elses(work, monkeypatch, capsys):
    from factcheck.report.json import dumps, result_dict

    head = dumps(result_dict([], [], [])).split("[", 1)[0]
    (work / "r.json").write_text(head + "[" * 100_000, encoding="utf-8")  # our opening bytes, then a bomb
    before = snapshot(work)
    rc, _, err = cli(monkeypatch, capsys, "check", str(work / "draft.txt"), "--json", str(work / "r.json"),
                     *FAST, "--no-cache")
    assert rc == 2 and one_line(err, "E301") and snapshot(work) == before


@pytest.mark.parametrize(("name", "content", "code"), [("factcheck.toml", "x = " + "[" * 100_000, "E210"),
                                                      ("pack.yml", "rules: " + "[" * 100_000, "E203")])
def test_a_config_or_pack_nested_past_the_parser_is_coded(work, monkeypatch, capsys, name, content, code):
    (work / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(work)
    extra = ["--rules", name] if name.endswith(".yml") else []
    before = snapshot(work)
    rc, _, err = cli(monkeypatch, capsys, "check", "draft.txt", *extra, *FAST, "--no-cache")
    assert rc == 2 and one_line(err, code) and snapshot(work) == before


def test_a_file_put_in_the_index_folder_during_a_rebuild_is_kept(tmp_path):
    from factcheck.run.index_store import OWN_FILES, _swap

    target, tmp = tmp_path / "ix", tmp_path / ".ix.tmp"
    target.mkdir()
    tmp.mkdir()
    for name in sorted(OWN_FILES)[:3]:
        (target / name).write_text("old", encoding="utf-8")
        (tmp / name).write_text("new", encoding="utf-8")
    (target / "NOTES.txt").write_text("written while the index was built", encoding="utf-8")  # after check_target
    notes = _swap(tmp, target)
    assert [n.split()[0] for n in notes] == ["W174"]
    kept = list(tmp_path.rglob("NOTES.txt"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8").startswith("written")
    assert str(kept[0].parent) in notes[0]
    assert {p.read_text(encoding="utf-8") for p in target.iterdir()} == {"new"} and not tmp.exists()


def test_an_index_from_code_with_another_layer_is_e172_not_damage(work, monkeypatch, capsys):
    ix = work / "ix"
    assert build(monkeypatch, capsys, work, ix)[0] == 0
    meta = json.loads((ix / "meta.json").read_text())
    lines = (ix / "documents.rows").read_bytes().splitlines(keepends=True)
    # as a newer factcheck would write them: one more layer on every document
    lines = [line.replace(b'{"c":["id",', b'{"c":["claims","id",', 1).replace(b',"r":[', b',"r":[[],', 1)
             for line in lines]
    (ix / "documents.rows").write_bytes(b"".join(lines))
    offsets = np.concatenate([[0], np.cumsum([len(line) for line in lines])]).astype(np.int64)
    np.save(ix / "doc_offsets.npy", offsets)
    digests = [np.frombuffer(hashlib.sha256(line).digest(), np.uint8) for line in lines]
    np.save(ix / "doc_digests.npy", np.stack(digests))
    for name in ("documents.rows", "doc_offsets.npy", "doc_digests.npy"):
        meta["files"][name] = {"bytes": (ix / name).stat().st_size,
                               "sha256": hashlib.sha256((ix / name).read_bytes()).hexdigest()}
    meta["code"] = "newer"
    (ix / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    code, _, err = check_against(monkeypatch, capsys, work, ix)
    line = one_line(err, "E172")
    assert code == 2 and "no field 'claims': written by other extraction code" in line and line.endswith(REBUILD)


def test_a_folder_holding_an_index_is_checked_without_reading_the_index_as_articles(work, monkeypatch, capsys):
    assert build(monkeypatch, capsys, work, work / "ix")[0] == 0
    rc, out, err = cli(monkeypatch, capsys, "check", str(work), *FAST, "--no-cache", "--fail-on", "never",
                       "--format", "json")
    assert rc == 0, err
    assert sorted({d["path"].split("/")[-1] for d in json.loads(out)["documents"]}) == ["archive.jsonl", "draft.txt"]


@pytest.mark.parametrize("damage", ["mention.sentence", "entity.mentions", "sentence.text", "quantity.end<start",
                                    "enumeration.items", "sentence.doc"])
def test_a_well_typed_row_breaking_an_invariant_is_refused(damage):
    from dataclasses import replace

    from factcheck.core.codec import RowError
    from factcheck.core.docrows import dump_document, load_document
    from factcheck.run.prepare import prepare

    doc = prepare(Document("d", "Sadiq Khan said the 12 forces, the Met, Kent and Essex, agreed. Mr Khan was glad."))
    assert doc.mentions and doc.entities and doc.quantities
    load_document(dump_document(doc))  # intact: reads
    if damage == "mention.sentence":
        doc.mentions[0].sentence = 99
    elif damage == "entity.mentions":
        doc.entities[0].mentions.append(10**6)
    elif damage == "sentence.text":
        doc.sentences[0] = replace(doc.sentences[0], text="something else")
    elif damage == "quantity.end<start":
        doc.quantities[0].end = doc.quantities[0].start - 1
    elif damage == "enumeration.items":
        if not doc.enumerations:
            pytest.skip("no enumeration extracted from this text")
        doc.enumerations[0].items.append((5, 10**6))
    else:
        doc.sentences[0] = replace(doc.sentences[0], doc="other")
    with pytest.raises(RowError):
        load_document(dump_document(doc))
