"""The review page `factcheck serve` shows at /, in headless Chromium: paste a draft, see its findings,
decide with the keyboard, reload and find the decisions kept by the service (not by the browser)."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the service helpers
from serve_helpers import call, running

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright missing: run scripts/install_browser.sh").expect

DRAFT = ("Police minister Kit Malthouse visited Leeds on Monday. Kit Malthouse said the force had hired 300 "
         "officers.\n\nLater, Kit Malthaus met the chief constable. Kit Malthouse praised the staff.\n")


def wait_for(predicate, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_paste_check_decide_with_keys_reload_and_keep(page, tmp_path: Path) -> None:
    with running(tmp_path) as url:
        page.goto(url + "/")
        page.fill("#who", "Ann")
        page.dispatch_event("#who", "change")
        page.fill("#story", "leeds")
        page.fill("#text", DRAFT)  # checked after a pause in typing, without pressing anything
        expect(page.locator("#state")).to_contain_text("finding", timeout=20_000)
        frame = page.frame_locator("#review")
        frame.locator("#app[data-ready]").wait_for(timeout=20_000)
        cards = frame.locator("#list .card")
        assert cards.count() >= 1
        first = cards.first.get_attribute("data-id")
        assert frame.locator("#count").inner_text().startswith(f"{cards.count()} finding")
        frame.locator(f"#f-{first} .line").click()
        page.keyboard.press("d")  # dismiss: stored by the service, with who and when
        assert "is-dismissed" in (frame.locator(f"#f-{first}").get_attribute("class") or "")
        key = page.get_attribute("#export", "href").split("/")[3].split("?")[0]

        def stored() -> list[dict]:
            return call(f"{url}/v1/decisions/{key}")[1]["decisions"]

        wait_for(lambda: len(stored()) == 1)
        assert stored()[0]["who"] == "Ann" and stored()[0]["id"] == first

        # another browser (no local storage of this one) sees the desk's decision
        page.evaluate("localStorage.clear()")
        page.reload()
        page.fill("#story", "leeds")
        page.fill("#text", DRAFT)
        page.click("#check")
        frame = page.frame_locator("#review")
        frame.locator("#app[data-ready]").wait_for(timeout=20_000)
        expect(frame.locator(f"#f-{first}")).to_have_class(re.compile(r"\bis-dismissed\b"))
        # the same key again clears it, on the service too
        frame.locator(f"#f-{first} .line").click()
        page.keyboard.press("d")
        wait_for(lambda: stored() == [])
        assert not page.fc_errors, page.fc_errors  # type: ignore[attr-defined]


def test_an_empty_draft_says_what_to_do(page, tmp_path: Path) -> None:
    with running(tmp_path) as url:
        page.goto(url + "/")
        page.click("#check")
        expect(page.locator("#state")).to_have_text("Paste a draft to check it.")
        assert page.is_hidden("#review")
