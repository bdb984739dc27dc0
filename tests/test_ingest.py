"""Ingest of every supported format, folders in a stable order, unique ids."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from factcheck.ingest.html import html_text
from factcheck.ingest.read import read_documents

INPUTS = Path(__file__).resolve().parent / "fixtures" / "inputs"


def _docx(path: Path, paragraphs: list[str]) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)


def test_folder_is_recursive_sorted_and_supported_files_only():
    docs, errors = read_documents([str(INPUTS / "folder")])
    assert errors == []
    assert [Path(d.path).relative_to(INPUTS).as_posix() for d in docs] == [
        "folder/a.md", "folder/b.txt", "folder/sub/c.html",
    ]
    assert docs[0].text == "# Headline without a full stop\n\nSir Mark Rowley said the Met had changed.\n"
    assert docs[2].title == "Met report"
    assert docs[2].text == "Met report\nSix forces are in special measures."  # script and head dropped
    assert all(d.id == d.path for d in docs)


def test_jsonl_fields_and_line_ids():
    docs, errors = read_documents([str(INPUTS / "archive.jsonl")])
    assert errors == []
    a, b = docs
    assert (a.id, a.title, a.date, a.source) == ("arch-1", "One", "2023-01-02", "BBC")
    assert a.text == "The deal is worth £92m."
    assert (b.id, b.title, b.text) == ("arch-2", None, "It was signed at No. 10.")
    assert b.path == str(INPUTS / "archive.jsonl")


def test_jsonl_without_ids_uses_path_and_line(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text('{"text": "One."}\n\n{"text": "Two."}\n')
    docs, _ = read_documents([str(p)])
    assert [d.id for d in docs] == [f"{p}:1", f"{p}:3"]


def test_csv_with_quoted_newlines():
    docs, errors = read_documents([str(INPUTS / "archive.csv")])
    assert errors == []
    assert [(d.id, d.title, d.text) for d in docs] == [
        ("row-1", "First", "Line one.\nLine two, with a comma."),
        ("row-2", "Second", "Plain text here."),
    ]


def test_docx_paragraphs(tmp_path):
    p = tmp_path / "story.docx"
    _docx(p, ["Police under pressure", "Mr Khan said six forces were failing.", ""])
    docs, errors = read_documents([str(p)])
    assert errors == [] and docs[0].text == "Police under pressure\nMr Khan said six forces were failing.\n"


def test_docx_tables_text_boxes_and_notes(tmp_path):
    """A row a line (cells by tabs: the structure layer's table), a text box once and on its own line
    (Word stores it twice), footnotes after the body; comments, an editor's notes, left out."""
    from docx_fixtures import news_docx

    from factcheck.extract import structure

    p = tmp_path / "story.docx"
    exp = news_docx(p)
    docs, errors = read_documents([str(p)])
    assert errors == []
    lines = docs[0].text.split("\n")
    assert lines == [
        *exp.paragraphs[:6], "\t".join(exp.rows[0]), "\t".join(exp.rows[1]), "\t".join(exp.rows[2]),
        *exp.paragraphs[6:10], *exp.textboxes, *exp.paragraphs[10:], *exp.footnotes,
    ]
    assert exp.comments[0] not in docs[0].text
    structure.extract(docs[0])
    assert [docs[0].text[b.start:b.end] for b in docs[0].structure if b.kind == "table"] == [
        "\t".join(row) for row in exp.rows]


def test_txt_keeps_text_exactly_as_read(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(b"First line.\r\n\r\nSecond line.\r\n")
    docs, _ = read_documents([str(p)])
    assert docs[0].text == "First line.\r\n\r\nSecond line.\r\n"


def test_duplicate_ids_are_made_unique(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text('{"id": "x", "text": "One."}\n{"id": "x", "text": "Two."}\n')
    q = tmp_path / "b.jsonl"
    q.write_text('{"id": "x", "text": "Three."}\n')
    seen: set[str] = set()
    docs, _ = read_documents([str(p)], seen=seen)
    ref, _ = read_documents([str(q)], reference=True, seen=seen)
    assert [d.id for d in docs + ref] == ["x", "x#2", "x#3"]
    assert [d.reference for d in docs + ref] == [False, False, True]


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Mr Khan spoke.\n")))
    docs, errors = read_documents(["-"])
    assert errors == [] and (docs[0].id, docs[0].path, docs[0].text) == ("stdin", None, "Mr Khan spoke.\n")


def test_html_text_blocks_entities_and_hidden_parts():
    title, text = html_text(
        "<!DOCTYPE html><html><head><title>A &amp; B</title><style>p{}</style></head><body>"
        "<p>One&nbsp;two</p><ul><li>three<li>four</ul><noscript>hidden</noscript>"
        "<svg><text>drawn</text></svg>five<br>six &lt;b&gt;</body></html>"
    )
    assert title == "A & B"
    assert text == "One two\nthree\nfour\nfive\nsix <b>"


def test_html_head_without_closing_tag_ends_where_the_body_starts():
    title, text = html_text("<html><head><title>T</title><meta charset=utf-8><p>Body text.</p><div>More</div>")
    assert (title, text) == ("T", "Body text.\nMore")


def test_reading_leaves_the_process_as_it_was(tmp_path):
    """csv's field limit and the codec error registry are process-wide: reading changes neither."""
    import codecs
    import csv

    before = csv.field_size_limit()
    long_text = "The council met on Tuesday. " * 8000  # a field over csv's default 131,072 characters
    (tmp_path / "a.csv").write_text('id,text\nx,"' + long_text + '"\n', encoding="utf-8")
    (tmp_path / "b.txt").write_bytes("Caf\u00e9 owners met. ".encode() + b"Na\xefve \x93quotes\x94.\n")
    docs, errors = read_documents([str(tmp_path / "a.csv"), str(tmp_path / "b.txt")])
    assert errors == [] and docs[0].text == long_text
    assert docs[1].text == "Caf\u00e9 owners met. Na\u00efve \u201cquotes\u201d.\n"
    assert csv.field_size_limit() == before
    with pytest.raises(LookupError):
        codecs.lookup_error("factcheck.cp1252")


def test_the_formats_page_is_the_reader_registry():
    from factcheck.ingest.registry import READERS

    rows = ["| " + " ".join(f"`{s}`" for s in r.suffixes) + f" | {r.description} |" for r in READERS]
    page = (Path(__file__).resolve().parents[1] / "docs" / "formats.md").read_text(encoding="utf-8")
    table = [line for line in page.splitlines() if line.startswith("| `")]
    assert table == rows, "docs/formats.md is out of date; its table should read:\n" + "\n".join(rows)


NEWS_PAGE = """<!DOCTYPE html><html><head><title>Six forces failing - The News</title>
<script>var x = 1;</script></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/uk">UK</a></li><li><a href="/w">World</a></li></ul></nav>
</header><div class="cookie-banner">We use cookies to give you the best experience on our site.
<button>Accept all</button></div>
<main><article><h1>Six forces failing, inspectors say</h1>
<p>Six police forces in England are failing, according to a report published on Tuesday by the inspectorate.</p>
<p>The report said 4,000 officers had left in two years, and Sir Mark Rowley said the Met had changed.</p>
<table><tr><th>Force</th><th>Officers</th><th>Change</th></tr><tr><td>Met</td><td>33,000</td><td>-4%</td></tr>
<tr><td>Kent</td><td>3,900</td><td>+2%</td></tr></table>
<ul><li>Six forces in special measures</li><li>Two more under review this year</li></ul>
<p>The Home Office said it would respond in due course to the findings of the inspectorate.</p></article></main>
<aside><h2>Most read</h2><ol><li><a href="/a">Police chief quits after review of vetting</a></li></ol></aside>
<footer><p>Copyright 2024 The News. Not responsible for external sites.</p><a href="/p">Privacy Policy</a></footer>
</body></html>"""


def test_html_page_keeps_the_article_and_drops_the_chrome(tmp_path):
    from factcheck.extract import structure

    p = tmp_path / "page.html"
    p.write_text(NEWS_PAGE, encoding="utf-8")
    docs, errors = read_documents([str(p)])
    assert errors == [] and docs[0].title == "Six forces failing - The News"
    text = docs[0].text
    assert "4,000 officers had left in two years" in text and "respond in due course" in text
    lines = text.splitlines()
    assert "Home" not in lines and "World" not in lines
    for chrome in ("We use cookies", "Police chief quits", "Copyright 2024", "Privacy Policy"):
        assert chrome not in text, chrome
    row = next(line for line in lines if "Kent" in line)
    assert "3,900" in row and "+2%" in row  # a table row stays one line, its cells in order
    assert any(line.endswith("Two more under review this year") for line in lines)
    structure.extract(docs[0])
    kinds = {text[b.start:b.end].strip(): b.kind for b in docs[0].structure}
    assert kinds.get(row.strip()) == "table"
    assert "list" in {k for t, k in kinds.items() if "special measures" in t}


def test_html_fragment_falls_back_to_the_visible_text_and_prints_nothing(tmp_path):
    """trafilatura finds no article in a fragment and logs errors about it: nothing reaches stderr
    (a fresh process: pytest's own log capture would hide the last-resort handler)."""
    import subprocess

    p = tmp_path / "fragment.html"
    p.write_text("<p>Mr Khan said six forces were failing.</p><div>More</div>", encoding="utf-8")
    code = ("import logging; from factcheck.ingest.read import read_documents; "
            f"docs, errors = read_documents([{str(p)!r}]); print(repr(docs[0].text)); "
            "print(logging.getLogger().handlers)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stderr == ""
    assert out.stdout.splitlines() == ["'Mr Khan said six forces were failing.\\nMore'", "[]"]  # no root handler set


def test_docx_nested_too_deeply_is_one_coded_error(tmp_path):
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "<w:sdt>" * 50_000 + "<w:p><w:r><w:t>x</w:t></w:r></w:p>" + "</w:sdt>" * 50_000
    p = tmp_path / "deep.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')
    docs, errors = read_documents([str(p)])
    assert docs == [] and [(e.code, e.message) for e in errors] == [
        ("E107", "not a readable .docx (nested too deeply): re-save it from Word")]


def test_jsonl_based_on_names_a_drafts_source(tmp_path):
    p = tmp_path / "drafts.jsonl"
    p.write_text('{"id": "d1", "text": "A draft.", "based_on": "s1"}\n'
                 '{"id": "d2", "text": "Another.", "based_on": ["s1", "s2", "s1"]}\n'
                 '{"id": "d3", "text": "A third."}\n'
                 '{"id": "d4", "text": "Bad.", "based_on": {"id": "s1"}}\n', encoding="utf-8")
    docs, errors = read_documents([str(p)])
    assert [(d.id, d.based_on) for d in docs] == [("d1", ("s1",)), ("d2", ("s1", "s2")), ("d3", ())]
    assert [(e.code, e.line) for e in errors] == [("E113", 4)]


def test_no_two_reader_tables_disagree():
    """A format is declared once: in its reader file (suffixes, description, signatures) or in
    refused.py. No suffix is read twice or both read and refused; no file's opening is both a
    reader's and refused (nor a prefix of another, so the sniffing order is moot); every file of
    ingest/ that declares a READER is registered."""
    import importlib
    import pkgutil

    import factcheck.ingest
    from factcheck.ingest.refused import REFUSED, SIGNATURES, UNSUPPORTED
    from factcheck.ingest.registry import BY_SUFFIX, READERS

    read = [s for r in READERS for s in r.suffixes]
    assert len(read) == len(set(read)) == len(BY_SUFFIX)
    refused = [s for r in REFUSED for s in r.suffixes]
    assert len(refused) == len(set(refused)) == len(UNSUPPORTED)
    assert set(read).isdisjoint(refused)
    assert all(s.startswith(".") and s == s.lower() for s in read + refused)
    ours = [sig for r in READERS for sig in r.signatures]
    openings = ours + [sig for r in REFUSED for sig, _ in r.signatures]
    assert len(openings) == len(set(openings)) == len(ours) + len(SIGNATURES)
    assert not [(a, b) for a in openings for b in openings if a != b and b.startswith(a)]
    declared = []
    for info in pkgutil.iter_modules(factcheck.ingest.__path__):
        module = importlib.import_module(f"factcheck.ingest.{info.name}")
        if hasattr(module, "READER"):
            declared.append(module.READER)
    assert sorted(declared, key=id) == sorted(READERS, key=id), "a reader file without its line in registry.READERS"


def test_the_cli_help_lists_the_registry():
    from typer.testing import CliRunner

    from factcheck.cli import app
    from factcheck.ingest.registry import READERS, format_list

    assert format_list().split() == [r.suffixes[0] for r in READERS]
    out = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "300", "NO_COLOR": "1"}).output
    assert all(r.suffixes[0] in out for r in READERS)
