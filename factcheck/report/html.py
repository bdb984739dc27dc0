"""The reviewer's HTML report: one self-contained file that opens from disk.

The summary is rendered here, escaped, so it reads without JavaScript and prints. The
findings list, filters and per-document views are built in the browser from a JSON data
block with DOM APIs (text nodes only), which keeps 5,000 findings responsive: only one
page of cards exists at a time. The page's Content-Security-Policy allows exactly the one
inline script and style by their sha256 hashes, so the same input gives byte-identical
HTML and nothing in an article can run.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
import re
from collections import Counter
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from string import Template
from urllib.parse import quote

from factcheck.core.errors import safe
from factcheck.core.model import CATEGORIES, Document
from factcheck.report.formats import Rendering

TITLE = "factcheck report"
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
_CONTEXT_MAX = 600  # longest context shown around a span; longer sentences are cut with an ellipsis
_CONTEXT_WINDOW = 160  # without sentences: this many characters each side of the span
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters that could end the data block or open markup inside it. JSON string escapes
# keep the value identical for JSON.parse.
_JSON_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")
_LEGEND = ('<ul class="legend" aria-hidden="true"><li class="k-error">error</li><li class="k-warning">warning</li>'
           '<li class="k-info">info</li></ul></figure>')


def render_html(result: dict, documents: list[Document], carried: dict | None = None, *,
                key: str | None = None, served: dict | None = None) -> str:
    """The report for ``result`` (JSON schema version 1) over ``documents`` as one HTML page.

    ``carried`` is what a decisions file brought into this run (``suppress.Carried.to_dict()``):
    earlier decisions shown pre-filled, the findings dismissals hid counted, and both exported again.
    ``served`` makes the page of `factcheck serve`: decisions come from and go to the service
    (``{"url": where to post changes, "who": the reviewer, "decisions": the stored entries}``), so
    its policy also allows requests to its own origin; ``key`` replaces the computed report key.
    """
    script = _asset("report.js")
    style = _asset("report.css")
    if "</script" in script.lower() or "<!--" in script or "</style" in style.lower():  # would end them early
        raise ValueError("report template closes its own element")
    carried = _carried(carried)
    payload = _payload(result, documents) | {"key": key or report_key(result, documents), "carried": carried}
    if served is not None:
        payload["server"] = served
    findings = result.get("findings") or []
    errors = result.get("errors") or []
    page = Template(_asset("report.html")).substitute(
        csp=escape(_csp(script, style, served is not None)),
        title=escape(TITLE),
        lede=_lede(result.get("documents") or [], findings, errors),
        summary=_summary(result, carried),
        style=style,
        script=script,
        data=_script_json(payload),
    )
    return page


@cache
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("templates").joinpath(name).read_text(encoding="utf-8")


GENERATOR = '<meta name="generator" content="factcheck-report">'


@cache
def _head_signature() -> re.Pattern[str]:
    """How every report page opens: the template up to and including its generator tag, the CSP
    (hashes of this version's script and style) left open."""
    page = _asset("report.html")
    head = page[:page.index(GENERATOR) + len(GENERATOR)]
    return re.compile('[^"<>]*'.join(re.escape(part) for part in head.split("${csp}")))


def is_ours(path: Path, head: bytes) -> bool:
    """The file opens as our report pages do; a page that merely quotes the generator tag is not ours."""
    return _head_signature().match(head.decode("utf-8", "replace")) is not None


def _csp(script: str, style: str, served: bool = False) -> str:
    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"

    # default-src 'none' forbids every remote load; no 'unsafe-inline' means event-handler
    # attributes never run; trusted types make any innerHTML assignment throw.
    return "; ".join((
        "default-src 'none'",
        f"script-src {digest(script)}",
        f"style-src {digest(style)}",
        "img-src data:",
        *(["connect-src 'self'"] if served else []),
        "base-uri 'none'",
        "form-action 'none'",
        "require-trusted-types-for 'script'",
        "trusted-types 'none'",
    ))


def _script_json(payload: dict) -> str:
    """JSON that cannot close its <script> element: every <, > and & becomes a \\u escape."""
    text = json.dumps(payload, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return _JSON_UNSAFE_RE.sub(lambda m: _JSON_UNSAFE[m.group()], text)


def _clean(text: object) -> str:
    """Text for the static HTML: lone surrogates (from undecodable input) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", str(text))


# ---------------------------------------------------------------- data for the script


def report_key(result: dict, documents: list[Document]) -> str:
    """The report's identity, which names its decisions in the browser's storage: the checked
    documents' ids (and paths), so a rerun over the same archive, edited or not, finds its earlier
    decisions and another archive never does. A document without a path (stdin, in-memory text)
    has a generic id, so its text stands in for one."""
    texts = {d.id: d.text for d in documents if not d.path}
    h = hashlib.sha256()
    for entry in sorted((e for e in result.get("documents") or [] if not e.get("reference")),
                        key=lambda e: str(e.get("id"))):
        doc_id = str(entry.get("id"))
        h.update(f"{doc_id}\x1f{entry.get('path') or ''}\x1f{texts.get(doc_id, '')}\x1e".encode("utf-8", "replace"))
    return h.hexdigest()[:16]


def _carried(carried: dict | None) -> dict:
    carried = carried or {}
    return {k: list(carried.get(k) or []) for k in ("decisions", "hidden", "rules")}


class _Utf16:
    """Python offsets count code points; JavaScript strings count UTF-16 units."""

    def __init__(self, text: str) -> None:
        self.astral = [m.start() for m in _ASTRAL.finditer(text)]

    def __call__(self, offset: int) -> int:
        return offset + bisect.bisect_left(self.astral, offset) if self.astral else offset


def _payload(result: dict, documents: list[Document]) -> dict:
    by_id = {d.id: d for d in documents}
    findings = result.get("findings") or []
    cited = {e.get("doc") for f in findings for e in f.get("evidence") or []}
    meta_docs: list[dict] = []
    seen: set[str] = set()
    for entry in result.get("documents") or []:
        doc_id = str(entry.get("id"))
        if doc_id not in seen:
            seen.add(doc_id)
            meta_docs.append(entry)
    # evidence may cite documents the result does not list (reference material): keep order stable
    for d in documents:
        if d.id in cited and d.id not in seen:
            seen.add(d.id)
            meta_docs.append({"id": d.id, "path": d.path, "title": d.title, "date": d.date})
    offsets: dict[str, _Utf16] = {}
    docs_out = []
    for entry in meta_docs:
        doc_id = str(entry.get("id"))
        doc = by_id.get(doc_id)
        out = {
            "id": doc_id,
            "title": _first(entry.get("title"), doc.title if doc else None),
            "date": _first(entry.get("date"), doc.date if doc else None),
            "source": doc.source if doc else entry.get("source"),
            "path": _first(entry.get("path"), doc.path if doc else None),
            "record_line": _first(entry.get("record_line"), getattr(doc, "record_line", None)),
            # reference material is evidence, never checked: the page counts and filters it apart
            "reference": True if entry.get("reference") or (doc is not None and doc.reference) else None,
        }
        if doc is not None and doc_id in cited:  # texts of uncited documents are never shown
            out["text"] = doc.text
            offsets[doc_id] = _Utf16(doc.text)
        docs_out.append({k: v for k, v in out.items() if v is not None})
    for doc_id in sorted(d for d in cited if d is not None and d not in seen):
        docs_out.append({"id": str(doc_id)})  # cited but unknown: shown by id, text unavailable
    return {
        "title": TITLE,
        "categories": list(CATEGORIES) + sorted({str(f.get("category")) for f in findings} - set(CATEGORIES)),
        "docs": docs_out,
        "findings": [_finding(f, by_id, offsets) for f in findings],
        "errors": [{"path": e.get("path"), "message": e.get("message")} for e in result.get("errors") or []],
    }


def _first(*values: object) -> object:
    return next((v for v in values if v not in (None, "")), None)


def _finding(f: dict, by_id: dict[str, Document], offsets: dict[str, _Utf16]) -> dict:
    evidence = []
    for e in f.get("evidence") or []:
        doc_id, start, end, text = e.get("doc"), e.get("start"), e.get("end"), e.get("text") or ""
        doc = by_id.get(doc_id)
        item: dict = {"doc": doc_id, "text": text, "ok": False}
        if isinstance(e.get("line"), int) and isinstance(e.get("col"), int):
            item.update(line=e["line"], col=e["col"])
        if (doc is not None and doc_id in offsets and isinstance(start, int) and isinstance(end, int)
                and 0 <= start <= end <= len(doc.text) and doc.text[start:end] == text):
            cs, ce, cut_left, cut_right = _context(doc, start, end)
            u = offsets[doc_id]
            item.update(ok=True, start=u(start), end=u(end), cs=u(cs), ce=u(ce), cl=cut_left, cr=cut_right)
        evidence.append(item)
    confidence = f.get("confidence")
    return {
        "id": str(f.get("id")),
        "rule": str(f.get("rule")),
        "category": str(f.get("category")),
        "severity": str(f.get("severity")),
        "message": str(f.get("message") or ""),
        "suggestion": f.get("suggestion"),
        "confidence": float(confidence) if isinstance(confidence, (int, float)) else 0.0,
        "evidence": evidence,
    }


def _context(doc: Document, start: int, end: int) -> tuple[int, int, bool, bool]:
    """The sentence(s) around a span, cut to a readable length; flags say where text was cut."""
    text = doc.text
    inside = _overlapping(doc, start, end)
    if inside:
        lo, hi, budget = inside[0].start, inside[-1].end, _CONTEXT_MAX
    else:  # no sentence covers the span: a window inside its paragraph
        newline = text.find("\n", end)
        lo, hi = text.rfind("\n", 0, start) + 1, len(text) if newline < 0 else newline
        budget = 2 * _CONTEXT_WINDOW + (end - start)
    lo, hi = min(lo, start), max(hi, end)
    cs, ce = lo, hi
    if hi - lo > budget:
        spare = max(0, budget - (end - start))
        cs = max(lo, start - spare // 2)
        ce = min(hi, end + spare - (start - cs))
        cs = max(lo, start - (spare - (ce - end)))
    cut_left, cut_right = cs > lo, ce < hi
    if cut_left:
        cs = _snap(text, cs, start, forward=True)
    if cut_right:
        ce = _snap(text, ce, end, forward=False)
    while cs < start and text[cs].isspace():
        cs += 1
    while ce > end and text[ce - 1].isspace():
        ce -= 1
    return cs, ce, cut_left, cut_right


def _overlapping(doc: Document, start: int, end: int) -> list:
    sentences = doc.sentences
    if not sentences:
        return []
    starts = [s.start for s in sentences]
    i = max(0, bisect.bisect_right(starts, start) - 1)
    out = []
    while i < len(sentences) and sentences[i].start < max(end, start + 1):
        if sentences[i].end > start:
            out.append(sentences[i])
        i += 1
    return out


def _snap(text: str, cut: int, limit: int, *, forward: bool) -> int:
    """Move a cut to a word boundary, never past the span edge ``limit``."""
    if forward:
        j = text.find(" ", cut, limit)
        return j + 1 if j >= 0 else cut
    j = text.rfind(" ", limit, cut)
    return j if j >= 0 else cut


# ---------------------------------------------------------------- static summary


def _checked(documents: list[dict]) -> tuple[int, int]:
    """(documents checked, references): as the terminal's headline counts them."""
    refs = sum(bool(d.get("reference")) for d in documents)
    return len(documents) - refs, refs


def _lede(documents: list[dict], findings: list[dict], errors: list[dict]) -> str:
    sev = Counter(str(f.get("severity")) for f in findings)
    n_docs, refs = _checked(documents)
    against = f" against {refs:,} reference{'' if refs == 1 else 's'}" if refs else ""
    parts = [f"{n_docs:,} document{'' if n_docs == 1 else 's'} checked{against}",
             f"{len(findings):,} finding{'' if len(findings) == 1 else 's'}"]
    detail = ", ".join(f"{sev[s]:,} {s}{'' if sev[s] == 1 or s == 'info' else 's'}" for s in SEVERITIES if sev[s])
    if detail:
        parts[-1] += f" ({detail})"
    if errors:
        parts.append(f"{len(errors):,} input{'' if len(errors) == 1 else 's'} could not be read")
    return escape(" \u00b7 ".join(parts))


def _summary(result: dict, carried: dict) -> str:
    findings = result.get("findings") or []
    errors = result.get("errors") or []
    n_docs, refs = _checked(result.get("documents") or [])
    sev = Counter(str(f.get("severity")) for f in findings)
    checked = f"{n_docs:,}" + (f' <small>against {refs:,} reference{"" if refs == 1 else "s"}</small>' if refs else "")
    tiles = [("Documents checked", checked, "", None), ("Findings", f"{len(findings):,}", "", "#")]
    tiles += [(s.capitalize(), f"{sev[s]:,}", f" sev-{s}" if sev[s] else " zero", f"#sev={s}") for s in SEVERITIES]
    tiles.append(("Unreadable inputs", f"{len(errors):,}", " has-errors" if errors else "", None))
    stats = []
    for label, value, cls, href in tiles:
        shown = f'<a href="{href}">{value}</a>' if href else value
        stats.append(f'<div class="stat{cls}"><dt>{label}</dt><dd>{shown}</dd></div>')
    html = [
        '<section id="summary" class="summary" aria-label="Summary">',
        '<dl class="stats">', *stats, "</dl>",
        _carried_line(carried),
        f'<figure class="panel chart{" wide" if not errors else ""}"><h2>Findings by category and severity</h2>',
        _chart(findings),
        _LEGEND,
    ]
    if errors:
        html.append('<div class="panel errors"><h2>Inputs that could not be read</h2><ul>')
        for e in errors:
            html.append(f"<li><code><bdi>{escape(safe(_clean(e.get('path', ''))))}</bdi></code> "
                        f"<bdi>{escape(safe(_clean(e.get('message', ''))))}</bdi></li>")
        html.append("</ul></div>")
    html.append("</section>")
    return "\n".join(html)


def _carried_line(carried: dict) -> str:
    """What the decisions file this run read brought along, in one line (empty without one)."""
    hidden = Counter(str(d.get("rule")) for d in carried["hidden"])
    for r in carried["rules"]:
        hidden[str(r.get("rule"))] += int(r.get("hidden") or 0)
    parts = []
    if hidden:
        n = sum(hidden.values())
        rules = ", ".join(f"{rule} \u00d7{k}" for rule, k in sorted(hidden.items()))
        parts.append(f"{n:,} finding{'' if n == 1 else 's'} dismissed in an earlier review "
                     f"{'is' if n == 1 else 'are'} not shown ({rules})")
    if carried["rules"]:
        n = len(carried["rules"])
        parts.append(f"{n:,} rule{'' if n == 1 else 's'} ignored in a document: "
                     + ", ".join(f"{r.get('rule')} in {r.get('doc')}" for r in carried["rules"]))
    if carried["decisions"]:
        n = len(carried["decisions"])
        parts.append(f"{n:,} earlier decision{'' if n == 1 else 's'} shown pre-filled")
    if not parts:
        return ""
    return ('<p class="carried panel" id="carried"><strong>Carried from the decisions file:</strong> '
            + escape(_clean("; ".join(parts))) + ". Exporting decisions keeps them.</p>")


def _chart(findings: list[dict]) -> str:
    """Horizontal bars, one per category, stacked by severity; each bar filters the list."""
    counts: dict[str, Counter] = {}
    for f in findings:
        counts.setdefault(str(f.get("category")), Counter())[str(f.get("severity"))] += 1
    cats = [c for c in CATEGORIES if c in counts] + sorted(set(counts) - set(CATEGORIES))
    if not cats:
        return '<p class="meta">No findings.</p>'
    top = max(sum(c.values()) for c in counts.values())
    label_w, bar_w, num_w, row_h = 120, 420, 60, 24
    width, height = label_w + bar_w + num_w, row_h * len(cats) + 4
    desc = "; ".join(f"{c}: {sum(counts[c].values())}" for c in cats)
    label = escape(_clean("Findings per category: " + desc))
    out = [(f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{label}"'
            ' xmlns="http://www.w3.org/2000/svg">')]
    for i, cat in enumerate(cats):
        y = i * row_h + 2
        total = sum(counts[cat].values())
        href = escape("#cat=" + _fragment(cat))
        out.append(f'<a href="{href}"><title>{escape(_clean(cat))}: '
                   + escape(", ".join(f"{counts[cat][s]} {s}" for s in SEVERITIES if counts[cat][s])) + "</title>")
        out.append(f'<text class="c-lbl" x="0" y="{y + 15}">{escape(_clean(cat))}</text>')
        out.append(f'<rect class="track" x="{label_w}" y="{y + 3}" width="{bar_w}" height="14" rx="3"/>')
        x = float(label_w)
        for s in (*SEVERITIES, *sorted(set(counts[cat]) - set(SEVERITIES))):
            n = counts[cat][s]
            if not n:
                continue
            w = bar_w * n / top
            cls = f"b-{s}" if s in SEVERITIES else "b-info"
            out.append(f'<rect class="{cls}" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="14"/>')
            x += w
        out.append(f'<text class="c-num" x="{label_w + bar_w + 8}" y="{y + 15}">{total:,}</text></a>')
    out.append("</svg>")
    return "".join(out)


def _fragment(value: str) -> str:
    return quote(value, safe="")


def render(r: Rendering) -> str:
    return render_html(r.data, r.documents, r.carried)
