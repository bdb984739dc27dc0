"""Fixtures for the browser tests: headless Debian Chromium driven by Playwright.

Chromium comes from Debian's packages (scripts/install_browser.sh); Playwright's own
browser download is never used. The tests skip, with the reason, only when
/usr/bin/chromium or the playwright package is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck.core.model import Document, Evidence, Finding
from factcheck.report.html import render_html
from factcheck.segment.sentences import segment

CHROMIUM = Path(os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium"))  # Debian's package
ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: needs headless Chromium (/usr/bin/chromium) and playwright")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = None
    if not CHROMIUM.exists():
        reason = f"headless Chromium missing: {CHROMIUM} not found (run scripts/install_browser.sh)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright Python package missing (run scripts/install_browser.sh)"
    for item in items:
        if "browser" in item.keywords and reason:
            item.add_marker(pytest.mark.skip(reason=reason))


def launch(playwright, user_data_dir: str):
    """A persistent context on Debian's Chromium with a throwaway profile; downloads allowed."""
    return playwright.chromium.launch_persistent_context(
        user_data_dir,
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
    )


@pytest.fixture(scope="session")
def browser_context() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="factcheck-chromium-")
    try:
        with sync_playwright() as p:
            ctx = launch(p, profile)
            try:
                yield ctx
            finally:
                ctx.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser_context) -> Iterator[object]:
    pg = browser_context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.fc_errors = errors  # type: ignore[attr-defined]
    pg.fc_dialogs = dialogs  # type: ignore[attr-defined]
    yield pg
    pg.close()


def seed_documents() -> list[Document]:
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        first = text.strip().split("\n")[0]
        title = first if len(first) <= 70 else first[:70].rsplit(" ", 1)[0] + "\u2026"
        doc = Document(id=path.stem, text=text, path=str(path.relative_to(ROOT)), title=title, source="seeds")
        docs.append(segment(doc))
    return docs


def _ev(doc: Document, needle: str, nth: int = 0) -> Evidence:
    at = -1
    for _ in range(nth + 1):
        at = doc.text.index(needle, at + 1)
    return doc.evidence(at, at + len(needle))


def seed_findings(docs: list[Document]) -> list[Finding]:
    """Findings written by hand over the seed articles, following seeds/EXPECTED.md."""
    a, b, c = docs
    return [
        Finding("NAM001", "name", "warning", "“Keith Malthaus” is spelled “Malthouse” elsewhere in the same article",
                [_ev(a, "Malthaus"), _ev(a, "Malthouse")], "Malthouse", 0.86),
        Finding("NAM001", "name", "warning", "“Hahn” looks like a garbled “Khan”, the mayor named in the article",
                [_ev(a, "Hahn"), _ev(a, "Khan", 1)], "Khan", 0.72),
        Finding("TTL001", "title", "error",
                "No such office: Kit Malthouse was Policing Minister, not “Police Secretary”",
                [_ev(a, "Police Secretary")], "Policing Minister", 0.9),
        Finding("NAM003", "name", "error", "“Pretty Patel” is not the Home Secretary's name",
                [_ev(a, "Pretty Patel")], "Priti Patel", 0.95),
        Finding("TRM001", "term", "warning", "“Labor” is the Australian/US spelling; the UK party is “Labour”",
                [_ev(a, "Labor")], "Labour", 0.9),
        Finding("TRM001", "term", "warning", "“Labor” is the Australian/US spelling; the UK party is “Labour”",
                [_ev(c, "Labor")], "Labour", 0.9),
        Finding("TRM002", "term", "warning", "“Interior Ministry” is the Home Office in a UK story",
                [_ev(a, "Interior Ministry")], "Home Office", 0.8),
        Finding("TRM003", "term", "warning", "“In the Commonwealth” reads like a mistranslation of “In the Commons”",
                [_ev(a, "In the Commonwealth")], "In the Commons", 0.75),
        Finding("TTL002", "title", "warning",
                "Nick Ephgrave's role differs: “Assistant Commissioner” here, “armed forces' top leadership” in 002",
                [_ev(c, "armed forces"), _ev(a, "Assistant Commissioner Nick Ephgrave")], None, 0.6),
        Finding("NAM002", "name", "warning", "Patel is “Ms” and “Mrs” in the same article",
                [_ev(c, "Mrs Patel"), _ev(c, "Ms Patel"), _ev(c, "Ms Patel", 1)], "Ms Patel", 0.7),
        Finding("NAM004", "name", "info", "The inspectorate is named “HMIC” here and “HMICFRS” in 001",
                [_ev(a, "HMIC"), _ev(b, "HMICFRS")], "HMICFRS", 0.5),
        Finding("CNT001", "count", "warning", "“Six” forces, but the Met plus the forces listed make six only if the "
                "Met is counted; the list names five", [_ev(a, "Six"), _ev(a, "Cleveland"), _ev(a, "other two")],
                None, 0.55),
    ]


def seeds_result(docs: list[Document]) -> dict:
    findings = seed_findings(docs)
    return {
        "version": 1,
        "documents": [{"id": d.id, "path": d.path, "title": d.title, "date": d.date} for d in docs],
        "findings": [f.to_dict() for f in findings],
        "errors": [{"path": "seeds/broken.docx", "message": "E101 not a readable .docx file"}],
    }


@pytest.fixture(scope="session")
def seeds_docs() -> list[Document]:
    return seed_documents()


@pytest.fixture(scope="session")
def seeds_data(seeds_docs: list[Document]) -> dict:
    return seeds_result(seeds_docs)


@pytest.fixture(scope="session")
def seeds_html(tmp_path_factory: pytest.TempPathFactory, seeds_docs: list[Document], seeds_data: dict) -> Path:
    out = tmp_path_factory.mktemp("report") / "seeds.html"
    out.write_text(render_html(seeds_data, seeds_docs), encoding="utf-8")
    return out


def run_cli(tmp: Path, cache: Path, *extra: str) -> tuple[Path, dict]:
    """``factcheck check seeds/`` through the real CLI; returns the HTML path and the JSON."""
    html, out = tmp / "seeds.html", tmp / "seeds.json"
    proc = subprocess.run(
        [sys.executable, "-m", "factcheck", "check", "seeds/", "--html", str(html), "--json", str(out),
         "--fail-on", "never", "--cache", str(cache), "-q", "--force", *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return html, json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seeds_cli() -> object:
    """``run_cli`` for tests (a fixture, so no test imports this conftest by name)."""
    return run_cli


@pytest.fixture(scope="session")
def cli_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One embedding cache per session: CLI runs after the first need not load the model."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def real_seeds(tmp_path_factory: pytest.TempPathFactory, cli_cache: Path) -> tuple[Path, dict]:
    """The report the product writes for the seed articles (the full pipeline, real checks)."""
    return run_cli(tmp_path_factory.mktemp("real"), cli_cache)
