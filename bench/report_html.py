"""Benchmark the reviewer's HTML report at archive scale in headless Chromium.

Builds a synthetic but realistic report: 2,000 documents (the dev archive's real texts
repeated under distinct ids) and 5,000 findings whose spans are real names, numbers and
years cut from those texts, one to four evidence spans each, across and within documents.
Opens it from disk in Debian's Chromium and prints the file size, the time to first
render and the time to apply filters (target: under 2 s each).

    python bench/report_html.py [--docs 2000] [--findings 5000] [--keep reports/bench.html]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.core.model import CATEGORIES, Document, Finding  # noqa: E402
from factcheck.report.html import render_html  # noqa: E402
from factcheck.segment.sentences import segment  # noqa: E402

ARCHIVE = ROOT.parent / "shared" / "bench" / "dev" / "archive.jsonl"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
_NAME = re.compile(r"\b(?:[A-Z][a-z]+ )?[A-Z][a-z]{2,}\b")
_NUMBER = re.compile(r"\b\d[\d,.]*(?: (?:million|billion|per cent|percent))?")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_RULES = {"count": "CNT001", "number": "NUM001", "date": "DAT001", "name": "NAM001", "title": "TTL001",
          "quote": "QUO001", "term": "TRM001", "contradiction": "CON001", "support": "SUP001"}


def build(n_docs: int, n_findings: int, seed: int = 7) -> tuple[dict, list[Document]]:
    rows = [json.loads(line) for line in ARCHIVE.read_text(encoding="utf-8").splitlines() if line.strip()]
    base = [segment(Document(id=r["id"], text=r["text"], title=r.get("title"), date=r.get("date") or None,
                             source=r.get("source"))) for r in rows]
    docs: list[Document] = []
    for i in range(n_docs):
        b = base[i % len(base)]
        doc_id = f"{b.id}-{i // len(base)}"
        docs.append(Document(id=doc_id, text=b.text, path=f"archive.jsonl:{i + 1}", title=b.title, date=b.date,
                             source=b.source,
                             sentences=[dataclasses.replace(s, doc=doc_id) for s in b.sentences]))
    spans = {}
    for d in base:
        spans[d.id] = {
            "name": [(m.start(), m.end()) for m in _NAME.finditer(d.text)],
            "number": [(m.start(), m.end()) for m in _NUMBER.finditer(d.text)],
            "date": [(m.start(), m.end()) for m in _YEAR.finditer(d.text)],
        }
    rng = random.Random(seed)
    findings: list[Finding] = []
    weights = [3, 6, 4, 10, 4, 2, 5, 2, 3]  # one per CATEGORIES entry
    while len(findings) < n_findings:
        cat = rng.choices(CATEGORIES, weights)[0]
        kind = {"count": "number", "number": "number", "date": "date"}.get(cat, "name")
        a = docs[rng.randrange(n_docs)]
        pool = spans[a.id.rsplit("-", 1)[0]][kind] or spans[a.id.rsplit("-", 1)[0]]["name"]
        if not pool:
            continue
        s, e = rng.choice(pool)
        evidence = [a.evidence(s, e)]
        for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
            other = a if rng.random() < 0.3 else docs[rng.randrange(n_docs)]
            other_pool = spans[other.id.rsplit("-", 1)[0]][kind] or spans[other.id.rsplit("-", 1)[0]]["name"]
            if other_pool:
                os_, oe = rng.choice(other_pool)
                evidence.append(other.evidence(os_, oe))
        suspect = evidence[0].text
        if len(evidence) > 1:
            where = "the same article" if evidence[1].doc == a.id else "another article"
            message = f"“{suspect}” here, but “{evidence[1].text}” in {where}"
            suggestion = evidence[1].text
        else:
            message = f"“{suspect}” does not match the rule pack's {cat} entry"
            suggestion = None
        severity = rng.choices(["error", "warning", "info"], [2, 5, 3])[0]
        findings.append(Finding(_RULES[cat], cat, severity, message, evidence, suggestion, round(rng.random(), 3)))
    order = {d.id: i for i, d in enumerate(docs)}
    findings.sort(key=lambda f: f.sort_key(order))
    result = {
        "version": 1,
        "documents": [{"id": d.id, "path": d.path, "title": d.title, "date": d.date} for d in docs],
        "findings": [f.to_dict() for f in findings],
        "errors": [{"path": "archive.jsonl:9999", "message": "E102 line is not JSON"}],
    }
    return result, docs


def measure(path: Path, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {"first_render_wall": [], "first_render_in_page": [], "filter_category_wall": [],
                                   "filter_category_js": [], "filter_text_js": [], "doc_view_wall": [],
                                   "decide_key_js": []}
    with sync_playwright() as p:
        profile = tempfile.mkdtemp(prefix="factcheck-bench-")
        ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                                                   viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        page.goto("about:blank")
        for _ in range(runs):
            t = time.perf_counter()
            page.goto(path.as_uri(), wait_until="commit")
            page.wait_for_selector("#app[data-ready] #list .card")
            out["first_render_wall"].append(time.perf_counter() - t)
            out["first_render_in_page"].append(page.evaluate("window.__fcReadyAt") / 1000)

            # a decision key on the current row: decide, save, move to the next open finding
            page.keyboard.press("j")
            out["decide_key_js"].append(page.evaluate(
                "() => { const t = performance.now(); document.activeElement.dispatchEvent(new KeyboardEvent("
                "'keydown', {key: 'a', bubbles: true})); return performance.now() - t; }") / 1000)

            page.click("#filters-toggle")  # the filters fold away under one button
            t = time.perf_counter()
            page.click("#chk-cat-name")
            page.wait_for_function("() => location.hash.includes('cat=name')")
            page.wait_for_selector("#list .card")
            out["filter_category_wall"].append(time.perf_counter() - t)
            out["filter_category_js"].append(page.evaluate("window.__fcRender.ms") / 1000)

            page.fill("#q", "president")
            page.wait_for_function("() => location.hash.includes('q=president')")
            out["filter_text_js"].append(page.evaluate("window.__fcRender.ms") / 1000)

            href = page.get_attribute("#list .card a.doc-link", "href")
            t = time.perf_counter()
            page.evaluate("h => { location.hash = h; }", href)
            page.wait_for_selector("#docview:not([hidden]) .margin .card")
            out["doc_view_wall"].append(time.perf_counter() - t)
            page.goto("about:blank")
        ctx.close()
    return {k: statistics.median(v) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--findings", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="also write the report here")
    args = ap.parse_args()

    t = time.perf_counter()
    result, docs = build(args.docs, args.findings)
    t_build = time.perf_counter() - t
    t = time.perf_counter()
    html = render_html(result, docs)
    t_render = time.perf_counter() - t
    target = args.keep or Path(tempfile.mkdtemp(prefix="factcheck-report-")) / "bench.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    size = target.stat().st_size
    print(f"report: {len(result['documents'])} documents, {len(result['findings'])} findings -> {target}")
    print(f"file size: {size / 1e6:.1f} MB; render_html: {t_render:.2f} s (inputs built in {t_build:.1f} s)")
    figures = measure(target, args.runs)
    print(f"time to first render (goto -> first cards, wall): {figures['first_render_wall']:.2f} s "
          f"(in page, since navigation start: {figures['first_render_in_page']:.2f} s)")
    print(f"apply category filter (click -> cards, wall): {figures['filter_category_wall']:.2f} s "
          f"(filter+render in page: {figures['filter_category_js'] * 1000:.0f} ms)")
    print(f"apply free-text filter (filter+render in page): {figures['filter_text_js'] * 1000:.0f} ms")
    print(f"open a document view (wall): {figures['doc_view_wall']:.2f} s")
    print(f"decide with a key and move to the next open finding (in page): {figures['decide_key_js'] * 1000:.0f} ms")
    print(f"medians of {args.runs} runs; target < 2 s each: "
          + ("met" if max(figures["first_render_wall"], figures["filter_category_wall"]) < 2 else "NOT met"))


if __name__ == "__main__":
    main()
