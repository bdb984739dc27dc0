"""The HTML report without a browser: self-contained, escaped, CSP-locked, deterministic."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest

from factcheck.core.model import Document, Finding
from factcheck.report.html import render_html
from factcheck.segment.sentences import segment

HOSTILE = (
    "Mr Smith said <script>alert(1)</script> on Monday. "
    'Then <img src=x onerror=alert(1)> and <a href="javascript:alert(1)">click</a> appeared. '
    "A form closed with </textarea> and </script><script>alert(2)</script> and <!-- and &amp; too. "
    "Mr Smyth denied it."
)


def _doc(doc_id: str, text: str, **kw) -> Document:
    return segment(Document(id=doc_id, text=text, **kw))


def _result(docs: list[Document], findings: list[Finding], errors: list[dict] | None = None) -> dict:
    return {
        "version": 1,
        "documents": [{"id": d.id, "path": d.path, "title": d.title, "date": d.date} for d in docs],
        "findings": [f.to_dict() for f in findings],
        "errors": errors or [],
    }


def _span(doc: Document, needle: str):
    at = doc.text.index(needle)
    return doc.evidence(at, at + len(needle))


class _Page(HTMLParser):
    """Collects what the browser would see: elements, attributes, script and style bodies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self._in: tuple[str, dict] | None = None
        self._buf: list[str] = []
        self.meta_csp: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.meta_csp = a.get("content")
        if tag in ("script", "style"):
            self._in, self._buf = (tag, a), []

    def handle_data(self, data):
        if self._in:
            self._buf.append(data)

    def handle_endtag(self, tag):
        if self._in and tag == self._in[0]:
            body = "".join(self._buf)
            if tag == "script":
                self.scripts.append((self._in[1], body))
            else:
                self.styles.append(body)
            self._in = None


def _parse(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    p.close()
    return p


def _data(page: _Page) -> dict:
    blocks = [body for attrs, body in page.scripts if attrs.get("type") == "application/json"]
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def hostile():
    bad = _doc("evil<b>", HOSTILE, title='<script>alert("t")</script>', date="2024-01-01", source="x</script>")
    good = _doc("good", "Mr Smyth said nothing on Monday. He left.", title="Plain", date="2024-01-02")
    finding = Finding("NAM001", "name", "warning", 'Name <img src=x onerror=alert(1)> differs: "Smith"',
                      [_span(bad, "Smith"), _span(good, "Smyth")], "</script><script>alert(3)</script>", 0.8)
    tag = Finding("TRM001", "term", "info", "markup in text", [_span(bad, "<script>alert(1)</script>")], None, 0.3)
    errors = [{"path": "<img src=x onerror=alert(1)>.docx", "message": "E101 </li><script>alert(4)</script>"}]
    return [bad, good], _result([bad, good], [finding, tag], errors)


def test_one_self_contained_file_with_no_remote_loads(hostile) -> None:
    docs, result = hostile
    page = _parse(render_html(result, docs))
    for tag, attrs in page.tags:
        assert tag not in ("link", "iframe", "object", "embed", "img", "base"), tag
        assert "src" not in attrs or (tag == "script" and attrs["src"] is None), (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)  # no inline event handlers anywhere
            if name == "href":
                assert value.startswith("#"), value  # only in-page links
    inline = [body for attrs, body in page.scripts if "type" not in attrs]
    assert len(inline) == 1 and len(page.styles) == 1
    assert all("src" not in attrs for attrs, _ in page.scripts)


def test_csp_allows_exactly_the_inline_script_and_style_by_hash(hostile) -> None:
    docs, result = hostile
    html = render_html(result, docs)
    page = _parse(html)
    csp = page.meta_csp
    assert csp is not None
    assert html.index("Content-Security-Policy") < html.index("<style>") < html.index("<script")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp

    def sha(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    script = next(body for attrs, body in page.scripts if "type" not in attrs)
    assert directives["script-src"] == sha(script)
    assert directives["style-src"] == sha(page.styles[0])
    assert "require-trusted-types-for" in directives


def test_script_never_builds_markup_from_strings() -> None:
    from factcheck.report.html import _asset

    js = _asset("report.js")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js, sink
    assert "textContent" in js


def test_hostile_text_cannot_break_out_and_survives_exactly(hostile) -> None:
    docs, result = hostile
    html = render_html(result, docs)
    page = _parse(html)
    # the only executable script is ours; the injected ones never became elements
    assert [a.get("type") for a, _ in page.scripts] == ["application/json", None]
    assert not any(tag == "img" for tag, _ in page.tags)
    assert "alert(" not in next(body for attrs, body in page.scripts if "type" not in attrs)
    raw = re.search(r'<script type="application/json" id="fc-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    texts = {d["id"]: d.get("text") for d in data["docs"]}
    assert texts["evil<b>"] == HOSTILE  # the article is kept literally, to be shown as text
    f = data["findings"][0]
    assert f["message"] == result["findings"][0]["message"]
    assert f["suggestion"] == "</script><script>alert(3)</script>"
    assert data["findings"][1]["evidence"][0]["text"] == "<script>alert(1)</script>"
    # the static summary escapes the unreadable input's path and message
    assert "&lt;img src=x onerror=alert(1)&gt;.docx" in html
    assert "E101 &lt;/li&gt;&lt;script&gt;alert(4)&lt;/script&gt;" in html


def test_same_input_gives_byte_identical_html(hostile) -> None:
    docs, result = hostile
    assert render_html(result, docs) == render_html(json.loads(json.dumps(result)), docs)


def test_summary_counts_documents_severities_categories_and_errors() -> None:
    a = _doc("a", "Keith Malthaus spoke. Keith Malthouse left. Labor said no.")
    b = _doc("b", "Keith Malthouse spoke again.")
    findings = [
        Finding("NAM001", "name", "warning", "spelling", [_span(a, "Malthaus"), _span(b, "Malthouse")], "Malthouse"),
        Finding("TRM001", "term", "error", "Labor", [_span(a, "Labor")], "Labour", 0.9),
        Finding("NAM004", "name", "info", "acronym", [_span(a, "Keith")], None, 0.2),
    ]
    html = render_html(_result([a, b], findings, [{"path": "c.docx", "message": "E101 broken"}]), [a, b])
    assert "2 documents checked · 3 findings (1 error, 1 warning, 1 info) · 1 input could not be read" in html
    assert '<div class="stat sev-error"><dt>Error</dt><dd><a href="#sev=error">1</a></dd></div>' in html
    assert "<code><bdi>c.docx</bdi></code> <bdi>E101 broken</bdi>" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group()
    assert [m for m in re.findall(r'class="c-lbl"[^>]*>([^<]+)<', svg)] == ["name", "term"]
    assert 'href="#cat=name"' in svg and 'class="b-error"' in svg


def test_evidence_carries_its_sentence_and_offsets_in_utf16() -> None:
    text = "A rocket 🚀 launched. Then 🚀🚀 Mr Jones, the pilot, waved.\nNext paragraph here."
    d = _doc("d", text, title="T")
    f = Finding("NAM001", "name", "warning", "m", [_span(d, "Jones")])
    data = _data(_parse(render_html(_result([d], [f]), [d])))
    e = data["findings"][0]["evidence"][0]
    js_text = data["docs"][0]["text"]
    units = js_text.encode("utf-16-le")

    def js_slice(a: int, b: int) -> str:
        return units[a * 2:b * 2].decode("utf-16-le")

    assert e["ok"] is True
    assert js_slice(e["start"], e["end"]) == "Jones"
    assert js_slice(e["cs"], e["ce"]) == "Then 🚀🚀 Mr Jones, the pilot, waved."
    assert (e["cl"], e["cr"]) == (False, False)


def test_long_sentence_context_is_cut_around_the_span() -> None:
    words = " ".join(f"word{i}" for i in range(400))
    d = _doc("d", f"{words} TARGET {words}.")
    f = Finding("NUM001", "number", "warning", "m", [_span(d, "TARGET")])
    e = _data(_parse(render_html(_result([d], [f]), [d])))["findings"][0]["evidence"][0]
    context = d.text[e["cs"]:e["ce"]]
    assert "TARGET" in context and len(context) <= 600
    assert e["cl"] and e["cr"]
    assert not context.startswith(" ") and context.split(" ")[0].startswith("word")


def test_offsets_that_do_not_match_the_text_fall_back_to_the_cited_text() -> None:
    d = _doc("d", "Alpha beta gamma.")
    finding = {"id": "x1", "rule": "NUM001", "category": "number", "severity": "warning", "message": "m",
               "evidence": [{"doc": "d", "start": 0, "end": 5, "text": "Gamma"},
                            {"doc": "missing", "start": 0, "end": 3, "text": "abc"}],
               "suggestion": None, "confidence": 0.5}
    result = {"version": 1, "documents": [{"id": "d", "path": None, "title": None, "date": None}],
              "findings": [finding], "errors": []}
    data = _data(_parse(render_html(result, [d])))
    ev = data["findings"][0]["evidence"]
    assert [e["ok"] for e in ev] == [False, False]
    assert [e["text"] for e in ev] == ["Gamma", "abc"]
    assert {x["id"] for x in data["docs"]} == {"d", "missing"}


def test_uncited_documents_ship_without_their_text() -> None:
    a = _doc("a", "Keith Malthaus spoke.")
    b = _doc("b", "Nothing to see here.")
    f = Finding("NAM001", "name", "warning", "m", [_span(a, "Malthaus")])
    data = _data(_parse(render_html(_result([a, b], [f]), [a, b])))
    by_id = {x["id"]: x for x in data["docs"]}
    assert "text" in by_id["a"] and "text" not in by_id["b"]


def test_empty_result_renders() -> None:
    html = render_html({"version": 1, "documents": [], "findings": [], "errors": []}, [])
    assert "0 documents checked · 0 findings" in html
    assert _data(_parse(html))["findings"] == []


def test_report_key_names_the_archive_not_its_findings_or_edits() -> None:
    a = _doc("a.txt", "Mr Smith spoke.", path="a.txt")
    b = _doc("b.txt", "Mr Smyth spoke.", path="b.txt")
    f = Finding("NAM001", "name", "warning", "Smith/Smyth", [_span(a, "Smith"), _span(b, "Smyth")])
    key = _data(_parse(render_html(_result([a, b], [f]), [a, b])))["key"]
    assert re.fullmatch(r"[0-9a-f]{16}", key)
    edited = _doc("a.txt", "Mr Smith spoke at length.", path="a.txt")
    assert _data(_parse(render_html(_result([edited, b], []), [edited, b])))["key"] == key  # rerun, text edited
    assert _data(_parse(render_html(_result([a], []), [a])))["key"] != key  # another set of documents
    # documents without a path (stdin, in-memory texts) have generic ids: their text tells them apart
    one, two = _doc("stdin", "One text."), _doc("stdin", "Another text.")
    assert (_data(_parse(render_html(_result([one], []), [one])))["key"]
            != _data(_parse(render_html(_result([two], []), [two])))["key"])


def test_carried_decisions_ship_in_the_data_and_are_counted_in_the_summary(hostile) -> None:
    docs, result = hostile
    finding = result["findings"][0]
    carried = {
        "decisions": [{"id": finding["id"], "rule": "NAM001", "status": "confirmed", "note": "</p><b>ok</b>"}],
        "hidden": [{"id": "1" * 16, "rule": "TRM002", "doc": "evil<b>", "text": "x", "status": "dismissed",
                    "scope": "finding"}] * 2,
        "rules": [{"rule": "GAZ001", "doc": "evil<b>", "status": "dismissed", "scope": "rule", "hidden": 3}],
    }
    html = render_html(result, docs, carried)
    data = _data(_parse(html))
    assert data["carried"] == carried
    line = re.search(r'<p class="carried panel" id="carried">(.*?)</p>', html).group(1)
    assert "5 findings dismissed in an earlier review are not shown (GAZ001 \u00d73, TRM002 \u00d72)" in line
    assert "1 rule ignored in a document: GAZ001 in evil&lt;b&gt;" in line
    assert "1 earlier decision shown pre-filled" in line
    assert 'id="carried"' not in render_html(result, docs)  # nothing carried, no line
