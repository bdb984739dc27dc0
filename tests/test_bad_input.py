"""Bad input: every unreadable input gives one line naming the file (and line for
archives), in the terminal and in the report's ``errors``; the batch goes on; exit 2.

Large and binary inputs are generated in tmp_path, never committed.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.core.model import Document, InputError
from factcheck.ingest import html as html_reader
from factcheck.ingest import limits
from factcheck.ingest.read import iter_documents, read_documents

GOOD = "Sadiq Khan said 21,000 officers were hired in 2019. The Home Office agreed.\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) * 4


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    return buf.getvalue()


def one_error(path: Path | str) -> InputError:
    docs, errors = read_documents([str(path)])
    assert docs == [], docs
    assert len(errors) == 1, errors
    e = errors[0]
    line = e.to_dict()["path"] + ": " + e.to_dict()["message"]
    assert "\n" not in line and str(path) in line  # one line, naming the file
    return e


# (file name, content, expected code, words the message must contain)
BAD_FILES = [
    ("empty.txt", b"", "E103", "empty"),
    ("blank.txt", b" \n\t\r\n   \n", "E103", "empty"),
    ("image.png", PNG, "E101", "image files are not supported"),
    ("scan.pdf", PDF, "E101", "PDF files are not supported"),
    ("renamed-pdf.txt", PDF, "E106", "binary file (a PDF)"),
    ("renamed-png.txt", PNG, "E106", "binary file (a PNG image)"),
    ("renamed-jpeg.md", JPEG, "E106", "binary file (a JPEG image)"),
    ("renamed-zip.txt", _zip(), "E106", "zip archive"),
    ("renamed-gzip.txt", gzip.compress(b"hello world " * 100), "E106", "gzip"),
    ("noise.txt", bytes(range(256)) * 40, "E106", "binary file"),
    ("fake.docx", b"this is not a zip file at all", "E107", "not a readable .docx"),
    ("bomb.html", b"<html>\x00\x00\x00\x00" + b"\x00" * 4000, "E106", "NUL bytes"),
    ("empty.html", b"<html><head><title>t</title><script>var x = 1;</script></head><body> </body></html>",
     "E103", "empty"),
    ("empty.jsonl", b"", "E103", "empty"),  # as empty.csv is: said, not silently nothing
]


@pytest.mark.parametrize(("name", "data", "code", "words"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_one_error(tmp_path, name, data, code, words):
    p = tmp_path / name
    p.write_bytes(data)
    e = one_error(p)
    assert e.code == code, e
    assert words in e.message, e.message


def test_docx_without_document_xml(tmp_path):
    p = tmp_path / "wrong.docx"
    p.write_bytes(_zip())
    e = one_error(p)
    assert (e.code, e.message) == ("E107", "not a readable .docx (KeyError): re-save it from Word")


def test_missing_path_and_broken_link(tmp_path):
    e = one_error(tmp_path / "nope.txt")
    assert e.code == "E102" and e.message == "no such file or folder: check the path"
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    e = one_error(link)
    assert e.code == "E102" and e.message.startswith("a broken symbolic link")


def test_symlink_loops(tmp_path):
    loop = tmp_path / "self.txt"
    loop.symlink_to(loop)
    e = one_error(loop)
    assert (e.code, e.message) == ("E105", "a symbolic link loop: fix or remove the link")
    # a folder that links back to its parent is walked once, and its files read once
    root = tmp_path / "tree"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(GOOD)
    (root / "sub" / "up").symlink_to(root, target_is_directory=True)
    docs, errors = read_documents([str(root)])
    assert [Path(d.path).name for d in docs] == ["a.txt"] and errors == []


def test_unreadable_file_permission_simulated(tmp_path, monkeypatch):
    # chmod 000 does not stop root (CI runs as root), so the OS refusal is simulated.
    p = tmp_path / "secret.txt"
    p.write_text(GOOD)
    real_open = open

    def deny(file, *args, **kwargs):
        if str(file) == str(p):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    e = one_error(p)
    assert (e.code, e.message) == ("E105", "permission denied: cannot read it")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode; see the simulated test")
def test_unreadable_file_permission_real(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text(GOOD)
    p.chmod(0)
    try:
        assert one_error(p).code == "E105"
    finally:
        p.chmod(0o644)


def test_pipe_inside_a_folder_is_not_opened(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would block forever
    docs, errors = read_documents([str(tmp_path)])
    assert [Path(d.path).name for d in docs] == ["a.txt"] and errors == []


def test_unreadable_folder_is_one_error(tmp_path, monkeypatch):
    real_scandir = os.scandir

    def deny(path="."):
        if str(path) == str(tmp_path / "locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    (tmp_path / "locked").mkdir()
    monkeypatch.setattr(os, "scandir", deny)
    e = one_error(tmp_path / "locked")
    assert (e.code, e.message) == ("E105", "permission denied: cannot read it")


def test_folder_with_no_supported_files(tmp_path):
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "a.png").write_bytes(PNG)
    (tmp_path / "pics" / "b.pdf").write_bytes(PDF)
    e = one_error(tmp_path / "pics")
    assert e.code == "E111" and "2 other files ignored" in e.message


def test_encodings_are_read_not_refused(tmp_path):
    text = "Café owner Zoë said “it’s £92m” – in 2019."
    cases = {
        "latin1.txt": "Café owner Zoë said it's £92m in 2019.".encode("latin-1"),
        "cp1252.txt": text.encode("cp1252"),
        "utf16bom.txt": text.encode("utf-16"),
        "utf16le-nobom.txt": text.encode("utf-16-le"),
        "utf8bom.txt": b"\xef\xbb\xbf" + text.encode(),
        # mostly UTF-8 with one Windows-1252 byte: only that byte falls back
        "mixed.txt": text.encode() + b" Caf\xe9.",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    docs, errors = read_documents([str(tmp_path)])
    assert errors == []
    got = {Path(d.path).name: d.text for d in docs}
    assert got["latin1.txt"] == "Café owner Zoë said it's £92m in 2019."
    for name in ("cp1252.txt", "utf16bom.txt", "utf16le-nobom.txt", "utf8bom.txt"):
        assert got[name] == text, name
    assert got["mixed.txt"] == text + " Café."


def test_stray_nul_bytes_become_spaces(tmp_path):
    p = tmp_path / "nul.txt"
    p.write_bytes(GOOD.encode() * 20 + b"\x00" + GOOD.encode())
    docs, errors = read_documents([str(p)])
    assert errors == [] and "\x00" not in docs[0].text
    assert len(docs[0].text) == len(GOOD) * 21 + 1  # offsets still count every character


def test_jsonl_bad_lines_name_the_line_and_the_rest_is_read(tmp_path):
    p = tmp_path / "arch.jsonl"
    lines = [
        json.dumps({"id": "a", "text": GOOD}),
        '{"id": "b", "text": "unterminated',
        json.dumps({"id": "c", "title": "no text"}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "d", "text": 42}),
        json.dumps({"id": "e", "text": "   "}),
        "[" * 100_000,
        "1" * 5000,
        json.dumps({"id": "f", "text": GOOD}),
    ]
    p.write_text("\n".join(lines) + "\n")
    docs, errors = read_documents([str(p)])
    assert [d.id for d in docs] == ["a", "f"]
    got = [(e.line, e.code, e.message) for e in errors]
    assert got == [
        (2, "E109", "malformed JSON: unterminated string starting at column 21"),
        (3, "E108", "no 'text' field (a string is required; it is missing)"),
        (5, "E109", "a line must be a JSON object with a 'text' field"),
        (6, "E108", "no 'text' field (a string is required; it is a number)"),
        (7, "E103", "empty 'text'"),
        (8, "E109", "malformed JSON: nested too deeply"),
        (9, "E109", got[6][2]),
    ]
    assert all(e.to_dict()["path"] == f"{p}:{e.line}" for e in errors)
    assert got[6][2].startswith("malformed JSON: Exceeds the limit (4300 digits)")


def test_jsonl_mixed_encodings_per_line(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b'{"text": "caf\xc3\xa9 one."}\n{"text": "caf\xe9 two."}\n')
    docs, errors = read_documents([str(p)])
    assert errors == [] and [d.text for d in docs] == ["café one.", "café two."]


def test_csv_quoted_newlines_and_bad_rows(tmp_path):
    p = tmp_path / "arch.csv"
    p.write_text(
        'id,title,text\n'
        'a,First,"Line one.\nLine two, with a comma."\n'
        'b,No text,\n'
        'c,Third,"Plain."\n',
        newline="",
    )
    docs, errors = read_documents([str(p)])
    assert [(d.id, d.text) for d in docs] == [("a", "Line one.\nLine two, with a comma."), ("c", "Plain.")]
    assert [(e.line, e.code, e.message) for e in errors] == [(4, "E103", "empty 'text'")]


def test_csv_without_text_column(tmp_path):
    p = tmp_path / "nocol.csv"
    p.write_text("id,body\n1,hello\n")
    e = one_error(p)
    assert (e.code, e.line, e.message) == ("E108", 1, "no 'text' column (columns: 'id', 'body')")


def test_csv_malformed_rows_name_the_line(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text('id,text\n1,"ok one."\n2,"stray" quote\n3,"ok two."\n4,"never closed\nmore\n')
    docs, errors = read_documents([str(p)])
    assert [d.text for d in docs] == ["ok one.", "ok two."]
    assert [(e.line, e.code, e.message) for e in errors] == [
        (3, "E110", "malformed CSV: ',' expected after '\"'; row skipped"),
        (5, "E110", "malformed CSV: a quoted field opened here is never closed; the rest of the file is skipped"),
    ]


def test_html_broken_markup_is_read_as_far_as_it_goes(tmp_path):
    p = tmp_path / "broken.html"
    p.write_text('<html><head><title>Met</title><body><p>First para <b>bold<p>Second < 3 &amp; "more" '
                 '<div class="x>unclosed attribute</div><!-- never closed')
    docs, errors = read_documents([str(p)])
    assert errors == [] and docs[0].title == "Met"
    assert docs[0].text.startswith("First para bold\nSecond < 3 & \"more\"")


def test_a_reader_bug_costs_one_input_not_the_batch(tmp_path, monkeypatch):
    def broken(markup):
        raise ValueError("boom")

    monkeypatch.setattr(html_reader, "html_text", broken)
    (tmp_path / "a.html").write_text("<p>x</p>")
    (tmp_path / "b.txt").write_text(GOOD)
    docs, errors = read_documents([str(tmp_path)])
    assert [Path(d.path).name for d in docs] == ["b.txt"]
    assert [(Path(e.path).name, e.code) for e in errors] == [("a.html", "E100")]
    assert errors[0].message.startswith("internal error while reading (ValueError at test_bad_input.py:")


def test_the_batch_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_bytes(PDF)
    (tmp_path / "d.txt").write_text(GOOD.replace("Khan", "Hahn"))
    docs, errors = read_documents([str(tmp_path), str(tmp_path / "missing.txt")])
    assert [Path(d.path).name for d in docs] == ["a.txt", "d.txt"]
    assert [(Path(e.path).name, e.code) for e in errors] == [("b.txt", "E103"), ("c.txt", "E106"),
                                                             ("missing.txt", "E102")]


def test_same_file_twice_is_read_once(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(GOOD)
    (tmp_path / "link.txt").symlink_to(p)
    docs, errors = read_documents([str(p), str(tmp_path), str(p)])
    assert len(docs) == 1 and errors == []


# --- size limits: refused quickly, named, and without reading the file into memory ---


def test_50mb_text_file_is_refused_fast_without_reading_it(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:
        block = (GOOD * 1000).encode()
        while f.tell() < 50 * 2**20:
            f.write(block)
    tracemalloc.start()
    t0 = time.perf_counter()
    e = one_error(p)
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert e.code == "E104" and e.message.startswith("too large for one article (50.")
    assert "one article a line" in e.message
    assert elapsed < 1.0 and peak < 5 * 2**20  # not read: neither time nor memory grows with the file


def test_text_over_the_character_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DOC_CHARS", 1000)
    p = tmp_path / "long.txt"
    p.write_text(GOOD * 20)
    e = one_error(p)
    assert e.code == "E104" and "1,000" in e.message


def test_50mb_jsonl_archive_streams_in_bounded_memory(tmp_path):
    """An archive is read line by line: memory follows the documents kept, not the file."""
    p = tmp_path / "big.jsonl"
    line = (json.dumps({"text": "x" * 1000}) + "\n").encode()
    bad = (json.dumps({"text": 1, "pad": "x" * 1000}) + "\n").encode()
    n_bad = 50 * 2**20 // len(bad)
    with open(p, "wb") as f:
        for _ in range(n_bad):
            f.write(bad)  # records that are refused: nothing is kept, so memory must stay flat
        f.write(line)
    assert p.stat().st_size >= 50 * 2**20 - len(bad)
    tracemalloc.start()
    t0 = time.perf_counter()
    n_err = 0
    docs = []
    for out in iter_documents([str(p)]):
        if isinstance(out, InputError):
            n_err += 1
        else:
            docs.append(out)
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(docs) == 1 and n_err == n_bad
    assert peak < 20 * 2**20, peak  # far below the 50 MB file
    assert elapsed < 120, elapsed


def test_jsonl_line_over_the_limit_is_skipped_and_the_next_read(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_LINE_BYTES", 1000)
    p = tmp_path / "long.jsonl"
    p.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": GOOD}) + "\n")
    docs, errors = read_documents([str(p)])
    assert [d.text for d in docs] == [GOOD]
    assert [(e.line, e.code) for e in errors] == [(1, "E104")]


def test_docx_zip_bomb_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DOCX_XML", 10_000)
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document>" + " " * 1_000_000 + "</w:document>")
    assert one_error(p).code == "E104"


def test_one_megabyte_single_line_is_read(tmp_path):
    p = tmp_path / "line.txt"
    p.write_text((GOOD.strip() + " ") * (2**20 // len(GOOD)))
    docs, errors = read_documents([str(p)])
    assert errors == [] and len(docs[0].text) > 1_000_000


# --- what the user sees: the CLI line, the report's errors list, the exit code ---


def test_cli_reports_each_bad_input_on_one_line_and_exits_2(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "arch.jsonl").write_text(json.dumps({"text": GOOD}) + "\n{bad json\n")
    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, [
        "check", str(tmp_path / "in"), str(tmp_path / "nope.txt"),
        "--model", "hashing", "--no-cache", "--json", str(out), "-q",
    ])
    assert result.exit_code == 2, result.output
    skipped = [line for line in result.output.splitlines() if "skipped" in line]
    assert skipped == [
        f"  skipped {tmp_path}/in/arch.jsonl:2: E109 malformed JSON: expecting property name enclosed in "
        "double quotes at column 2",
        f"  skipped {tmp_path}/in/empty.txt: E103 empty: no text to check",
        f"  skipped {tmp_path}/nope.txt: E102 no such file or folder: check the path",
    ]
    report = json.loads(out.read_text())  # the report is still written
    assert [d["path"] for d in report["documents"]] == [f"{tmp_path}/in/arch.jsonl", f"{tmp_path}/in/good.txt"]
    assert report["errors"] == [
        {"path": f"{tmp_path}/in/arch.jsonl:2",
         "message": "E109 malformed JSON: expecting property name enclosed in double quotes at column 2"},
        {"path": f"{tmp_path}/in/empty.txt", "message": "E103 empty: no text to check"},
        {"path": f"{tmp_path}/nope.txt", "message": "E102 no such file or folder: check the path"},
    ]


def test_stdin_binary_and_empty(monkeypatch):
    for data, code in ((b"", "E103"), (PDF, "E106")):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        docs, errors = read_documents(["-"])
        assert docs == [] and [(e.path, e.code) for e in errors] == [("stdin", code)]


def test_archive_ids_are_labels_not_paths(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"id": "../../etc/x", "text": GOOD}) + "\n")
    docs, _ = read_documents([str(p)])
    assert isinstance(docs[0], Document) and docs[0].id == "../../etc/x" and docs[0].path == str(p)


BROKEN_MARKUP = {
    # The standard html.parser takes minutes on the first three (super-linear on broken tags).
    "unclosed tags": "<a " * 100_000,
    "unclosed CDATA": "<![CDATA[" * 50_000,
    "unclosed end tags": "</" * 100_000,
    "unclosed quotes": '<a href="' * 50_000,
    "unclosed comment": "<!--" + "x" * 1_000_000,
    "deep nesting": "<div>" * 100_000 + "text" + "</div>" * 100_000,
    "bare ampersands": "&" * 200_000,
}


@pytest.mark.parametrize("name", list(BROKEN_MARKUP))
def test_broken_html_is_read_in_linear_time(name):
    t0 = time.perf_counter()
    _title, text = html_reader.html_text(BROKEN_MARKUP[name])
    assert time.perf_counter() - t0 < 5, name
    assert isinstance(text, str)


# --- special files and links out of the tree (issue 13) ---


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_refused_not_opened(tmp_path):
    """Opening a FIFO blocks until a writer comes: the run must finish and name it instead."""
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    (tmp_path / "a.txt").write_text(GOOD)
    e = one_error(fifo)
    assert e.code == "E112" and e.message.startswith("is a named pipe (FIFO), not a regular file")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "a.txt"), str(fifo), "--model", "hashing",
                                      "--no-cache", "-q"])
    assert result.exit_code == 2 and "E112" in result.output and "feed.txt" in result.output
    assert "1 document checked" in result.output


def test_links_out_of_the_walked_folder_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(GOOD)
    root = tmp_path / "tree"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(GOOD)
    (root / "out.txt").symlink_to(outside / "secret.txt")
    (root / "away").symlink_to(outside, target_is_directory=True)
    (root / "sub" / "parent").symlink_to("..", target_is_directory=True)
    (root / "sub" / "same.txt").symlink_to(root / "a.txt")  # inside the tree: followed (and read once)
    docs, errors = read_documents([str(root)])
    assert [Path(d.path).name for d in docs] == ["a.txt"] and errors == []
    docs, errors = read_documents([str(root / "out.txt")])  # named on its own, a link is read
    assert len(docs) == 1 and errors == []
