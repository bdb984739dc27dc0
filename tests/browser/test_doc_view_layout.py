"""The per-document view in headless Chromium: its heading stays in sight and each focused margin
note sits level with its line, however the reviewer moves through the notes."""

from __future__ import annotations

import pytest
from report_page import assert_clean, open_report

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api", reason="playwright missing: run scripts/install_browser.sh")


def test_heading_stays_and_the_focused_note_is_level_with_its_span(page, seeds_html, seeds_data) -> None:
    page.set_viewport_size({"width": 1280, "height": 700})
    open_report(page, seeds_html)
    page.keyboard.press("o")  # the current finding in its document
    page.wait_for_selector("#docview .doc-text")
    notes = page.eval_on_selector_all("#docview .margin .card", "els => els.map(e => e.dataset.id)")
    assert len(notes) >= 4
    for _ in range(len(notes) + 1):
        page.keyboard.press("j")
        page.wait_for_timeout(200)  # the notes slide into place (0.12 s)
        fid = page.evaluate("document.activeElement.dataset.id")
        gap = page.evaluate("""fid => {
            const n = document.getElementById('n-' + fid);
            const m = document.querySelector(`#docview mark[data-a~="${fid}"]`)
                || document.querySelector(`#docview mark[data-f~="${fid}"]`);
            return n && m ? Math.abs(n.getBoundingClientRect().top - m.getBoundingClientRect().top) : null;
        }""", fid)
        assert gap is not None and gap <= 12, (fid, gap)
        top = page.evaluate("document.getElementById('doc-title').getBoundingClientRect().top")
        assert top >= 0, top  # the heading has not scrolled off the top
    assert_clean(page)
