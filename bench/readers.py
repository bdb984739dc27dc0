"""Document readers: the hand-written HTML and .docx readers against maintained libraries.

    python bench/readers.py html     # regex reader vs selectolax vs trafilatura on 40 built pages
    python bench/readers.py docx     # zipfile reader vs python-docx vs docx2python on built documents

HTML. Forty pages are built from real article texts (the first 20 of ../shared/bench/web and of
../shared/bench/wide), each wrapped in one of three page templates (semantic HTML5; div soup with
class names only; an old CMS with <br><br> paragraphs and inline adverts), with navigation, a
cookie banner, related links, a footer with a newsletter form, and on every third page a figures
table and on every other page a bullet list inside the article. Per reader:
- kept: article paragraphs whose text is in the output (whitespace collapsed);
- whole lines: article paragraphs that are one output line on their own (the segmenter and the
  structure layer read line breaks);
- chrome: chrome strings (menu items, cookie text, related headlines, footer, adverts) that leak
  (a short one as a line of its own, bullets and pipes aside; a long one anywhere);
- rows: table rows whose cells are on one line, and that the structure layer marks as a table;
- items: list items that are a line of their own;
- ms/page: reading time per page (one process, after a warm-up page).
Broken markup that must stay linear is timed too (ingest's "<a <a <a ..." and deep nesting).
"""

from __future__ import annotations

import html
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from factcheck.core.model import Document
from factcheck.extract import structure
from factcheck.ingest.html import html_text

SHARED = Path(__file__).resolve().parents[2] / "shared/bench"
if not SHARED.exists():
    SHARED = Path("/work/shared/bench")


# --- pages ---------------------------------------------------------------------------------

@dataclass
class Page:
    markup: str
    paragraphs: list[str]
    chrome: list[str]
    rows: list[list[str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


NAV = ["Home", "UK", "World", "Business", "Politics", "Technology", "Science", "Entertainment & Arts"]
COOKIE = "We use cookies to give you the best experience. By continuing you agree to our cookie policy."
FOOTER = ["Terms of Use", "About the News", "Privacy Policy", "Accessibility Help", "Contact Us",
          "Copyright © 2024 The News. The News is not responsible for the content of external sites."]
NEWSLETTER = "Sign up for our morning briefing newsletter"
AD = "ADVERTISEMENT"


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\r?\n", text) if p.strip()]


def _related(records: list[dict], i: int) -> list[str]:
    return [_paragraphs(records[(i + k) % len(records)]["text"])[0][:80] for k in (7, 13, 21)]


def _table(i: int) -> list[list[str]]:
    return [["Region", "2022", "2023", "Change"]] + [
        [name, f"{1000 + 37 * i + 11 * k:,}", f"{1100 + 41 * i + 7 * k:,}", f"{(3 * k + i) % 9 + 1}.{k}%"]
        for k, name in enumerate(["North East", "London", "Wales", "Scotland"])
    ]


def build_page(record: dict, i: int, records: list[dict]) -> Page:
    e = html.escape
    paras = _paragraphs(record["text"])
    title = record.get("title") or paras[0][:70]
    related = _related(records, i)
    rows = _table(i) if i % 3 == 0 else []
    items = [f"Point {k}: {p.split('.')[0][:60].strip()}" for k, p in enumerate(paras[1:4], 1)] if i % 2 == 0 else []
    chrome = [*NAV, COOKIE, *FOOTER, NEWSLETTER, *related, "Most read", "Share this story"]
    if i % 3 == 2:
        chrome.append(AD)
    body_html = [f"<p>{e(p)}</p>" for p in paras]
    extra = ""
    if rows:
        cells = "".join("<tr>" + "".join(f"<{'th' if r == 0 else 'td'}>{e(c)}</{'th' if r == 0 else 'td'}>"
                                         for c in row) + "</tr>" for r, row in enumerate(rows))
        extra += f"<table class='data'><caption>Figures by region</caption>{cells}</table>"
    if items:
        extra += "<ul>" + "".join(f"<li>{e(t)}</li>" for t in items) + "</ul>"
    mid = len(body_html) // 2
    template = i % 3
    nav_items = "".join(f"<li><a href='/{k}'>{e(n)}</a></li>" for k, n in enumerate(NAV))
    rel_items = "".join(f"<li><a href='/r{k}'>{e(r)}</a></li>" for k, r in enumerate(related))
    foot = "".join(f"<a href='/f{k}'>{e(f)}</a> " for k, f in enumerate(FOOTER))
    head = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{e(title)} - The News</title>"
            "<script>window.dataLayer=[];function gtag(){dataLayer.push(arguments)}</script>"
            "<style>.nav{display:flex}</style></head>")
    if template == 0:  # semantic HTML5
        article = "".join(body_html[:mid]) + extra + "".join(body_html[mid:])
        markup = (f"{head}<body><header><a href='/'>The News</a><nav><ul>{nav_items}</ul></nav></header>"
                  f"<div id='cookie-banner' role='dialog'><p>{COOKIE}</p><button>Accept</button></div>"
                  f"<main><article><h1>{e(title)}</h1><div class='share'>Share this story</div>{article}</article>"
                  f"<aside><h2>Most read</h2><ol>{rel_items}</ol></aside></main>"
                  f"<footer><form><label>{NEWSLETTER}</label><input type='email'></form>{foot}</footer></body></html>")
    elif template == 1:  # div soup: no semantic tags, class names only
        article = "".join(body_html[:mid]) + extra + "".join(body_html[mid:])
        markup = (f"{head}<body><div class='cookie-consent'>{COOKIE} <a href='#'>OK</a></div>"
                  f"<div class='top-menu'><ul class='menu'>{nav_items}</ul></div>"
                  f"<div class='page'><div class='story-body'><h1 class='story-title'>{e(title)}</h1>"
                  f"<div class='social'>Share this story</div>{article}</div>"
                  f"<div class='sidebar'><div class='widget'><h3>Most read</h3><ul>{rel_items}</ul></div></div></div>"
                  f"<div class='site-footer'><div class='newsletter'>{NEWSLETTER}</div>{foot}</div></body></html>")
    else:  # old CMS: <br><br> paragraphs, an inline advert, table layout for the page
        text = "<br><br>\n".join(e(p) for p in paras[:mid]) + f"<br><br><div class='ad'>{AD}</div>" + \
            extra + "<br><br>\n".join(e(p) for p in paras[mid:])
        markup = (f"{head}<body><table width='100%'><tr><td class='menu'>{' | '.join(e(n) for n in NAV)}</td></tr>"
                  f"<tr><td><div class='cookie'>{COOKIE}</div><h2>{e(title)}</h2><span>Share this story</span>"
                  f"<div class='text'>{text}</div></td>"
                  f"<td class='right'><b>Most read</b><br>{'<br>'.join(e(r) for r in related)}</td></tr>"
                  f"<tr><td>{NEWSLETTER}<br>{' | '.join(e(f) for f in FOOTER)}</td></tr></table></body></html>")
    return Page(markup, paras, chrome, rows, items)


def pages() -> list[Page]:
    records: list[dict] = []
    for bench in ("web", "wide"):
        with open(SHARED / bench / "archive.jsonl", encoding="utf-8") as f:
            records += [json.loads(line) for _, line in zip(range(20), f, strict=False)]
    return [build_page(r, i, records) for i, r in enumerate(records)]


# --- candidate readers ---------------------------------------------------------------------

def read_regex(markup: str) -> str:
    return html_text(markup)[1]


_SX_DROP = "script, style, noscript, template, svg, iframe, nav, header, footer, aside, form, button"
_SX_BLOCK = ("p, div, br, li, h1, h2, h3, h4, h5, h6, tr, article, section, blockquote, ul, ol, table, pre, "
             "figcaption, dd, dt, main, figure, caption")


def read_selectolax(markup: str) -> str:
    """selectolax (Lexbor): chrome elements dropped by tag, a line break after every block, a tab
    after every table cell, then the body's text."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(markup)
    for node in tree.css(_SX_DROP):
        node.decompose()
    for node in tree.css("td, th"):
        node.insert_after("\t")
    for node in tree.css(_SX_BLOCK):
        node.insert_after("\n")
    body = tree.body
    text = body.text(deep=True, separator="") if body is not None else ""
    lines = (" ".join(line.replace("\t", " \t ").split()).replace(" \t ", "\t") for line in text.split("\n"))
    return "\n".join(line.replace(" \t", "\t") for line in lines if line.strip())


def read_trafilatura(markup: str, recall: bool = False) -> str:
    """trafilatura: the main text with tables (rows as "| a | b |" lines) and lists; None -> ''."""
    import trafilatura

    return trafilatura.extract(markup, include_tables=True, include_comments=False, output_format="txt",
                               favor_recall=recall) or ""


HTML_READERS: dict[str, Callable[[str], str]] = {
    "regex (ingest)": read_regex, "selectolax": read_selectolax, "trafilatura": read_trafilatura,
    "trafilatura favor_recall": lambda m: read_trafilatura(m, recall=True),
}


# --- scoring -------------------------------------------------------------------------------

def _norm(s: str) -> str:
    return " ".join(s.split())


def _row_line(row: list[str], lines: list[str]) -> str | None:
    for line in lines:
        pos = 0
        for cell in row:
            pos = line.find(cell, pos)
            if pos < 0:
                break
            pos += len(cell)
        else:
            return line
    return None


def _table_lines(text: str) -> set[str]:
    doc = Document(id="x", text=text)
    structure.extract(doc)
    return {" ".join(text[b.start:b.end].split()) for b in doc.structure if b.kind == "table"}


def score(read: Callable[[str], str], built: list[Page]) -> dict[str, float]:
    got = {"paragraphs": 0, "kept": 0, "whole": 0, "chrome": 0, "leaked": 0, "rows": 0, "rows_ok": 0,
           "rows_table": 0, "items": 0, "items_ok": 0, "seconds": 0.0}
    read(built[0].markup)  # warm-up: imports, first-call caches
    for page in built:
        t0 = time.perf_counter()
        out = read(page.markup)
        got["seconds"] += time.perf_counter() - t0
        flat = _norm(out)
        lines = [_norm(line) for line in out.splitlines()]
        line_set = set(lines)
        for p in page.paragraphs:
            got["paragraphs"] += 1
            got["kept"] += p in flat
            got["whole"] += p in line_set
        for c in page.chrome:  # a menu word leaks as a line of its own; a sentence anywhere
            got["chrome"] += 1
            got["leaked"] += any(line.lstrip("-•|0123456789. ") == c for line in lines) or (len(c) > 30 and c in flat)
        tables = _table_lines(out) if page.rows else set()
        for row in page.rows:
            got["rows"] += 1
            line = _row_line(row, lines)
            got["rows_ok"] += line is not None
            got["rows_table"] += line is not None and line in tables
        for item in page.items:
            got["items"] += 1
            got["items_ok"] += any(line in (item, f"- {item}", f"• {item}") for line in lines)
    return got


BROKEN = {  # from tests/test_bad_input.py: the markup the regex reader was made linear for
    "<a <a <a ... (60 kB)": "<a " * 20_000,
    "unclosed comment + tags": "<!--" + "<p>x</p>" * 20_000,
    "deep nesting (100k divs)": "<div>" * 100_000 + "text " * 100 + "</div>" * 100_000,
}


def bench_html() -> None:
    built = pages()
    size = sum(len(p.markup) for p in built) / len(built)
    print(f"{len(built)} pages, {size / 1000:.1f} kB average; "
          f"{sum(len(p.paragraphs) for p in built)} article paragraphs, {sum(len(p.rows) for p in built)} table rows, "
          f"{sum(len(p.items) for p in built)} list items\n")
    print("| reader | kept | whole lines | chrome leaked | table rows on a line / read as table | list items | "
          "ms/page |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, read in HTML_READERS.items():
        g = score(read, built)
        print(f"| {name} | {g['kept']}/{g['paragraphs']} ({g['kept'] / g['paragraphs']:.1%}) | "
              f"{g['whole']}/{g['paragraphs']} ({g['whole'] / g['paragraphs']:.1%}) | "
              f"{g['leaked']}/{g['chrome']} ({g['leaked'] / g['chrome']:.1%}) | "
              f"{g['rows_ok']} / {g['rows_table']} of {g['rows']} | {g['items_ok']}/{g['items']} | "
              f"{g['seconds'] / len(built) * 1000:.2f} |")
    print("\n| broken markup | " + " | ".join(HTML_READERS) + " |")
    print("| --- |" + " --- |" * len(HTML_READERS))
    for name, markup in BROKEN.items():
        cells = []
        for read in HTML_READERS.values():
            t0 = time.perf_counter()
            out = read(markup)
            cells.append(f"{time.perf_counter() - t0:.3f} s ({len(out):,} chars)")
        print(f"| {name} | " + " | ".join(cells) + " |")


# --- .docx -----------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx_before(data: bytes) -> str:
    """ingest's reader before this comparison (commit 302fdb6), for the record: every w:p in
    document order, its w:t, w:tab and w:br; nothing from other parts."""
    import io
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = ElementTree.fromstring(z.read("word/document.xml"))
    paras = []
    for p in root.iter(f"{_W}p"):
        bits = []
        for node in p.iter():
            if node.tag == f"{_W}t" and node.text:
                bits.append(node.text)
            elif node.tag == f"{_W}tab":
                bits.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                bits.append("\n")
        paras.append("".join(bits))
    return "\n".join(paras)


def read_docx_now(data: bytes) -> str:
    from factcheck.ingest.docx_text import docx_text

    return docx_text(data, 64 * 2**20)


def read_python_docx(data: bytes) -> str:
    """python-docx: body paragraphs and tables in order (a row a line, cells by tabs), then comments.
    It has no API for footnotes or text boxes."""
    import io

    import docx
    from docx.table import Table

    doc = docx.Document(io.BytesIO(data))
    lines = []
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            lines += ["\t".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return "\n".join(lines + [c.text for c in doc.comments])


def read_docx2python(data: bytes) -> str:
    """docx2python: its body tree (tables of rows of cells of paragraphs); a table of more than one
    cell a row a line, cells by tabs; then footnotes, endnotes and comments; footnote marks dropped."""
    import io

    from docx2python import docx2python

    with docx2python(io.BytesIO(data)) as result:
        lines = []
        for part in (result.body, result.footnotes, result.endnotes):
            for table in part:
                real = len(table) > 1 or any(len(row) > 1 for row in table)
                for row in table:
                    cells = ["\n".join(p for p in cell if p) for cell in row]
                    lines += ["\t".join(c.replace("\n", " ") for c in cells)] if real else \
                        [line for c in cells for line in c.split("\n")]
        lines += [c[3] for c in result.comments]
    return "\n".join(re.sub(r"----(?:foot|end)note\d+----|^(?:foot|end)note\d+\)\t", "", line) for line in lines
                     if line.strip())


DOCX_READERS: dict[str, Callable[[bytes], str]] = {
    "zipfile (before)": read_docx_before, "zipfile (now, factcheck/ingest/docx_text.py)": read_docx_now,
    "python-docx": read_python_docx, "docx2python": read_docx2python,
}


def _big_docx(path: Path) -> None:
    """A long document: the paragraphs of 60 wide articles, each followed by a 5-row table."""
    import docx

    doc = docx.Document()
    with open(SHARED / "wide/archive.jsonl", encoding="utf-8") as f:
        for k, line in zip(range(60), f, strict=False):
            for para in _paragraphs(json.loads(line)["text"]):
                doc.add_paragraph(para)
            table = doc.add_table(rows=5, cols=4)
            for r, row in enumerate(_table(k)):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    doc.save(path)


def bench_docx() -> None:
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from docx_fixtures import news_docx  # python-docx: a test-only dependency

    with tempfile.TemporaryDirectory() as tmp:
        story, big = Path(tmp) / "story.docx", Path(tmp) / "big.docx"
        exp = news_docx(story)
        _big_docx(big)
        data, big_data = story.read_bytes(), big.read_bytes()
        print(f"story.docx: {len(exp.paragraphs)} paragraphs (headings, runs, a line break, list items), "
              f"{len(exp.rows)} table rows, a footnote, a text box, a comment; big.docx: {len(big_data) // 1024} kB")
        print("\n| reader | paragraphs as whole lines | table rows on a line / read as table | footnote | "
              "text box (times, own line) | comment | ms story.docx | ms big.docx |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for name, read in DOCX_READERS.items():
            out = read(data)
            lines = [_norm(line) for line in out.splitlines()]
            whole = sum(p in lines for p in exp.paragraphs)
            tables = _table_lines(out)
            rows = [_row_line(r, lines) for r in exp.rows]
            box = exp.textboxes[0]
            t = {}
            for label, blob in (("story", data), ("big", big_data)):
                n = 20 if label == "story" else 3
                t0 = time.perf_counter()
                for _ in range(n):
                    read(blob)
                t[label] = (time.perf_counter() - t0) / n * 1000
            print(f"| {name} | {whole}/{len(exp.paragraphs)} | {sum(r is not None for r in rows)} / "
                  f"{sum(r is not None and r in tables for r in rows)} of {len(rows)} | "
                  f"{'kept' if exp.footnotes[0] in out else 'lost'} | {out.count(box)}, "
                  f"{'yes' if box in lines else 'no'} | {'in the text' if exp.comments[0] in out else 'left out'} | "
                  f"{t['story']:.2f} | {t['big']:.0f} |")


if __name__ == "__main__":
    what = sys.argv[1:] or ["html", "docx"]
    if "html" in what:
        bench_html()
    if "docx" in what:
        bench_docx()
