"""The reviewer's queue in headless Chromium: keys, bulk decisions, per-report storage, carried decisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_page import assert_clean, by_severity, current_id, open_report, status_of, visible_cards

from factcheck.report.html import render_html

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright missing: run scripts/install_browser.sh").expect


def press(page, *keys: str) -> None:
    for key in keys:
        page.keyboard.press(key)


def test_keys_move_decide_and_advance_to_the_next_open_finding(page, seeds_html, seeds_data) -> None:
    open_report(page, seeds_html)
    ids = by_severity(seeds_data["findings"])
    assert visible_cards(page) == ids
    assert page.get_attribute("#list", "role") == "feed"
    # one line per finding; only the current one is open
    heights = page.eval_on_selector_all("#list .card:not(.cur)", "els => els.map(e => e.offsetHeight)")
    assert heights and max(heights) < 48, heights
    assert page.locator("#list .detail:visible").count() == 1

    assert current_id(page) == ids[0]  # the open finding has the focus from the start
    press(page, "j")  # so the first j moves on (it did nothing before)
    assert current_id(page) == ids[1]
    press(page, "k", "j", "j", "k")
    assert current_id(page) == ids[1]
    assert page.get_attribute(f"#f-{ids[1]}", "tabindex") == "0"
    assert page.get_attribute(f"#f-{ids[0]}", "tabindex") == "-1"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # focus is visible

    press(page, "a")  # accept: the next open finding becomes current, its evidence opens in place
    assert status_of(page, ids[1]) == "confirmed" and current_id(page) == ids[2]
    assert page.locator(f"#f-{ids[2]} .detail .ev").first.is_visible()
    assert not page.locator(f"#f-{ids[1]} .detail").is_visible()
    press(page, "d")
    assert status_of(page, ids[2]) == "dismissed" and current_id(page) == ids[3]
    press(page, "e")
    assert status_of(page, ids[3]) == "editing" and current_id(page) == ids[4]
    assert "I'll edit" in page.inner_text(f"#f-{ids[3]} .line .state")
    # back over decided ones: deciding again skips the decided ones that follow
    press(page, "k", "k", "a")
    assert status_of(page, ids[2]) == "confirmed" and current_id(page) == ids[4]
    assert "3 of 12 reviewed" in page.inner_text(".progress")
    press(page, "u")  # undo the last decision: dismissed again, and current again
    assert status_of(page, ids[2]) == "dismissed" and current_id(page) == ids[2]
    press(page, "d")  # the same key again clears a decision (and stays)
    assert status_of(page, ids[2]) == "" and current_id(page) == ids[2]

    press(page, "?")
    assert page.is_visible("#help") and page.get_attribute("#help", "role") == "dialog"
    assert "ignore this rule in this document" in page.inner_text("#help")
    press(page, "Escape")
    assert page.is_hidden("#help") and current_id(page) == ids[2]
    press(page, "/")
    assert page.evaluate("document.activeElement.id") == "q"
    assert_clean(page)


def test_the_last_open_finding_wraps_round_and_a_full_queue_says_so(page, seeds_html, seeds_data) -> None:
    open_report(page, seeds_html)
    ids = by_severity(seeds_data["findings"])
    page.locator(f"#f-{ids[-1]} .line").click()
    press(page, "a")  # the last one: the next open finding is the first
    assert current_id(page) == ids[0]
    for _ in ids[:-1]:
        press(page, "d")
    assert all(status_of(page, i) for i in ids)
    expect(page.locator("#status")).to_have_text("Every finding in this list has a decision.")
    assert_clean(page)


def test_bulk_decisions_by_rule_in_the_document_or_report_and_undo(page, seeds_html, seeds_data) -> None:
    open_report(page, seeds_html, "#sort=report")
    f = seeds_data["findings"]
    nam = [x["id"] for x in f if x["rule"] == "NAM001"]  # two warnings, both in document 000
    trm = [x["id"] for x in f if x["rule"] == "TRM001"]  # two warnings: one in 000, one in 002
    row = page.locator(f"#f-{nam[0]}")
    assert "All open NAM001 warnings:" in row.locator(".bulkbar").inner_text()
    here = row.locator(".bulkbar button[data-bulk=doc][data-act=dismissed]")
    assert here.inner_text() == "\u2715 Dismiss 2 in this document"
    here.click()
    # first how many and which, nothing decided yet
    assert "Dismiss 2 open NAM001 warnings in 000_138f886bb481b0ff?" in page.inner_text("#toast")
    assert page.locator("#toast .bulk-list li").count() == 2
    assert [status_of(page, i) for i in nam] == ["", ""]
    page.click("#toast button[data-apply]")
    assert [status_of(page, i) for i in nam] == ["dismissed", "dismissed"]
    assert page.is_visible("#toast") and "Dismissed 2 NAM001 warnings" in page.inner_text("#toast")
    # one toast: the live region reads it out but is not drawn as a second one
    assert page.evaluate("document.getElementById('status').getBoundingClientRect().width") <= 1
    assert current_id(page) != nam[1]  # moved on past both
    page.click("#toast button[data-undo]")
    assert [status_of(page, i) for i in nam] == ["", ""]
    assert page.is_hidden("#toast")

    page.locator(f"#f-{trm[0]} .line").click()
    bar = page.locator(f"#f-{trm[0]} .bulkbar")
    assert "Accept 1 in this document" in bar.inner_text() and "Accept 2 in the report" in bar.inner_text()
    bar.locator("button[data-bulk=all][data-act=confirmed]").click()
    press(page, "Escape")  # cancel: nothing decided
    assert [status_of(page, i) for i in trm] == ["", ""] and page.is_hidden("#toast")
    bar.locator("button[data-bulk=all][data-act=confirmed]").click()
    press(page, "Enter")  # the preview's Apply has the focus
    assert [status_of(page, i) for i in trm] == ["confirmed", "confirmed"]
    press(page, "u")
    assert [status_of(page, i) for i in trm] == ["", ""]

    # the keys: Shift+D previews every open one of the rule in this document, never a decided one
    page.locator(f"#f-{nam[0]} .line").click()
    press(page, "a")
    page.locator(f"#f-{nam[1]} .line").click()
    press(page, "Shift+D")
    assert page.locator("#toast .bulk-list li").count() == 1
    press(page, "Enter")
    assert [status_of(page, i) for i in nam] == ["confirmed", "dismissed"]
    assert "Dismissed 1 NAM001 warning in" in page.inner_text("#toast")
    assert_clean(page)


def test_bulk_decisions_keep_to_one_severity(page, tmp_path) -> None:
    """Clearing a rule's info notes leaves its errors alone (same code, another severity)."""
    from conftest import seed_documents

    from factcheck.core.model import Finding
    from factcheck.report.json import result_dict

    docs = seed_documents()
    a = docs[0]
    spans = [("Malthaus", "error", 0.96), ("Hahn", "info", 0.7), ("Labor", "info", 0.7),
             ("Interior Ministry", "error", 0.96)]
    found = []
    for word, sev, conf in spans:
        at = a.text.index(word)
        found.append(Finding("SUP001", "support", sev, f"{word}: {sev}", [a.evidence(at, at + len(word))], None, conf))
    path = tmp_path / "r.html"
    path.write_text(render_html(result_dict(docs, found, []), docs), encoding="utf-8")
    open_report(page, path, "#sort=report")
    info = [f.id for f in found if f.severity == "info"]
    page.locator(f"#f-{info[0]} .line").click()
    press(page, "Shift+D")
    assert "Dismiss 2 open SUP001 notes" in page.inner_text("#toast")
    press(page, "Enter")
    assert [status_of(page, f.id) for f in found] == ["", "dismissed", "dismissed", ""]
    # severity and confidence read alike: notes say so (no percentage) and sort after every flag
    assert page.locator(f"#f-{info[0]} .line .conf").inner_text() == "note"
    open_report(page, path, "#sort=confidence")
    shown = [page.locator(f"#f-{i} .line .conf").inner_text() for i in visible_cards(page)]
    assert shown == ["96%", "96%", "note", "note"]
    assert_clean(page)


def test_ignore_this_rule_here_covers_the_rules_other_findings_in_the_document(page, seeds_html, seeds_data) -> None:
    open_report(page, seeds_html, "#sort=report")
    nam = [x["id"] for x in seeds_data["findings"] if x["rule"] == "NAM001"]
    page.locator(f"#f-{nam[0]} .line").click()
    press(page, "i")
    assert [status_of(page, i) for i in nam] == ["dismissed", "dismissed"]
    assert "(rule here)" in page.inner_text(f"#f-{nam[1]} .line .state")
    press(page, "u")
    assert [status_of(page, i) for i in nam] == ["", ""]
    assert_clean(page)


def _render(path: Path, result: dict, docs) -> Path:
    path.write_text(render_html(result, docs), encoding="utf-8")
    return path


def test_each_report_keeps_its_own_decisions(page, seeds_docs, seeds_data, tmp_path) -> None:
    a = _render(tmp_path / "a.html", seeds_data, seeds_docs)
    # another archive that shares a document, and so a finding id, with the first
    c = seeds_docs[2]
    shared = [x for x in seeds_data["findings"] if x["evidence"][0]["doc"] == c.id and len(
        {e["doc"] for e in x["evidence"]}) == 1]
    other = {**seeds_data, "documents": [d for d in seeds_data["documents"] if d["id"] == c.id],
             "findings": shared, "errors": []}
    b = _render(tmp_path / "b.html", other, [c])
    again = _render(tmp_path / "a-again.html", {**seeds_data, "findings": seeds_data["findings"][2:]}, seeds_docs)

    open_report(page, a)
    page.locator(f"#f-{shared[0]['id']} .line").click()
    press(page, "d")
    assert status_of(page, shared[0]["id"]) == "dismissed"
    open_report(page, b, clear=False)
    assert status_of(page, shared[0]["id"]) == ""  # same finding id, another report: not decided here
    assert "0 of" in page.inner_text(".progress")
    press(page, "j", "a")
    open_report(page, again, clear=False)  # the same archive checked again: its decisions are back
    assert status_of(page, shared[0]["id"]) == "dismissed"
    keys = page.evaluate("Object.keys(localStorage).sort()")
    assert len(keys) == 2 and all(k.startswith("factcheck.review.v2.") for k in keys)
    assert_clean(page)


def test_info_findings_are_drawn_as_info(page, seeds_html, seeds_data) -> None:
    open_report(page, seeds_html)
    info = next(x for x in seeds_data["findings"] if x["severity"] == "info")
    warn = next(x for x in seeds_data["findings"] if x["severity"] == "warning")
    page.locator(f"#f-{info['id']} .line").click()
    row = page.locator(f"#f-{info['id']}")

    def style(locator, prop: str) -> str:
        return locator.evaluate(f"e => getComputedStyle(e).{prop}")

    assert style(row, "borderLeftColor") == "rgb(111, 159, 216)"  # the info blue, not the error red
    mark = row.locator(".ev-noted mark.noted").first
    assert mark.inner_text() == info["evidence"][0]["text"]
    assert style(mark, "backgroundColor") == "rgb(227, 238, 251)"
    assert row.locator(".ev-noted .role").inner_text().lower() == "noted"
    assert row.locator("mark.suspect").count() == 0
    page.locator(f"#f-{warn['id']} .line").click()
    suspect = page.locator(f"#f-{warn['id']} mark.suspect").first
    assert style(suspect, "backgroundColor") == "rgb(255, 217, 212)"
    page.goto(seeds_html.as_uri() + f"#view=doc&id={info['evidence'][0]['doc']}&f={info['id']}")
    page.wait_for_selector("#docview .doc-text")
    assert page.locator("#docview mark.noted.focus").first.inner_text() == info["evidence"][0]["text"]
    assert_clean(page)


def _decide(page, fid: str, key: str) -> None:
    page.locator(f"#f-{fid} .line").click()
    press(page, key)


def test_decisions_carried_into_the_next_run_and_its_report(page, real_seeds, seeds_cli, cli_cache,
                                                            tmp_path) -> None:
    html, data = real_seeds
    f = data["findings"]
    doc0 = f[0]["evidence"][0]["doc"]
    once = next(x for x in f if x["rule"] == "TRM001")  # "Labor" twice: in 000 and in 002
    twin = next(x for x in f if x["rule"] == "TRM001" and x is not once)
    gaz_here = [x["id"] for x in f if x["rule"] == "GAZ001" and x["evidence"][0]["doc"] == doc0]
    gaz_else = [x["id"] for x in f if x["rule"] == "GAZ001" and x["evidence"][0]["doc"] != doc0]
    accepted = next(x for x in f if x["rule"] == "TTL001")
    editing = next(x for x in f if x["rule"] == "NAM002")
    assert len(gaz_here) >= 2 and gaz_else and once["evidence"][0]["text"] == twin["evidence"][0]["text"]

    open_report(page, html)
    _decide(page, once["id"], "d")  # ignore once
    _decide(page, gaz_here[0], "i")  # ignore GAZ001 in document 000
    _decide(page, accepted["id"], "a")
    _decide(page, editing["id"], "e")
    with page.expect_download() as info:
        page.click("#export")
    first = tmp_path / "decisions.json"
    info.value.save_as(first)

    out2 = tmp_path / "second"
    out2.mkdir()
    html2, rerun = seeds_cli(out2, cli_cache, "--decisions", str(first))
    hidden = {once["id"], *gaz_here}
    assert [x["id"] for x in rerun["findings"]] == [x["id"] for x in f if x["id"] not in hidden]
    assert twin["id"] in {x["id"] for x in rerun["findings"]}  # "once" did not reach the same text elsewhere

    open_report(page, html2)  # a fresh browser profile: what shows comes from the file alone
    carried = page.inner_text("#carried")
    n = len(hidden)
    assert f"{n} findings dismissed in an earlier review are not shown" in carried
    assert f"GAZ001 \u00d7{len(gaz_here)}" in carried and "TRM001 \u00d71" in carried
    assert f"GAZ001 in {doc0}" in carried and "2 earlier decisions shown pre-filled" in carried
    assert status_of(page, accepted["id"]) == "confirmed" and status_of(page, editing["id"]) == "editing"
    assert "earlier review" in page.inner_text(f"#f-{accepted['id']} .line .state")
    assert "2 of" in page.inner_text(".progress")

    # exported again, the file still holds what the report does not show: a third run matches the second
    with page.expect_download() as info:
        page.click("#export")
    second = tmp_path / "decisions-2.json"
    info.value.save_as(second)
    saved = json.loads(second.read_text(encoding="utf-8"))
    assert saved["version"] == 2
    assert {(d["rule"], d.get("scope")) for d in saved["decisions"] if d["status"] == "dismissed"} == {
        ("TRM001", "finding"), ("GAZ001", "rule")}
    out3 = tmp_path / "third"
    out3.mkdir()
    _, third = seeds_cli(out3, cli_cache, "--decisions", str(second))
    assert third["findings"] == rerun["findings"]
    assert_clean(page)


def test_references_are_counted_apart_and_not_offered_as_a_document(page, tmp_path) -> None:
    """The header says what the terminal says ("1 document checked against 1 reference") and the
    document filter offers only checked documents."""
    from conftest import seed_documents

    from factcheck.core.model import Finding
    from factcheck.report.json import result_dict

    draft, ref = seed_documents()[:2]
    ref.reference = True
    at, there = draft.text.index("Malthaus"), ref.text.index("the")
    found = [Finding("NAM001", "name", "warning", "spelled differently",
                     [draft.evidence(at, at + 8), ref.evidence(there, there + 3)], "Malthouse", 0.8)]
    path = tmp_path / "r.html"
    path.write_text(render_html(result_dict([draft, ref], found, []), [draft, ref]), encoding="utf-8")
    open_report(page, path)
    assert page.inner_text(".lede").startswith("1 document checked against 1 reference")
    assert "against 1 reference" in page.inner_text(".stats")
    options = page.eval_on_selector_all("#sel-doc option", "os => os.map(o => o.value)")
    assert options == ["", draft.id]
    assert_clean(page)
