"""Helpers the browser tests share: open a report, read its queue, check nothing went wrong."""

from __future__ import annotations

from pathlib import Path


def open_report(page, path: Path, fragment: str = "", clear: bool = True) -> None:
    page.goto(path.as_uri() + fragment)
    if clear:
        page.evaluate("localStorage.clear()")
        page.reload()
    page.wait_for_selector("#app[data-ready]")


def by_severity(findings: list[dict]) -> list[str]:
    """The default order: errors, warnings, info; each in the report's (document) order."""
    rank = {"error": 0, "warning": 1, "info": 2}
    return [f["id"] for f in sorted(findings, key=lambda f: rank[f["severity"]])]


def visible_cards(page) -> list[str]:
    return page.eval_on_selector_all("#list .card", "els => els.map(e => e.dataset.id)")


def current_id(page) -> str:
    """The queue's current finding: the one row open, and the one with the keyboard focus."""
    open_rows = page.eval_on_selector_all("#list .card[aria-current=true]", "els => els.map(e => e.dataset.id)")
    assert len(open_rows) == 1, open_rows
    assert page.evaluate("document.activeElement.dataset.id") == open_rows[0]
    return open_rows[0]


def status_of(page, fid: str) -> str:
    """The decision a row shows: accepted, dismissed, editing or '' (open)."""
    cls = page.locator(f"#f-{fid}").get_attribute("class") or ""
    return next((s for s in ("confirmed", "dismissed", "editing") if f"is-{s}" in cls.split()), "")


def assert_clean(page) -> None:
    assert page.fc_errors == [], page.fc_errors  # no script errors, no CSP violations
    assert page.fc_dialogs == []
