"""Text from the inputs reaches the terminal inert: no control character of an article, a document
id or a file name gets through raw, and each finding and each error stays one line."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.report.terminal import safe

FAST = ["--model", "hashing", "--no-cache", "--fail-on", "never"]
# Anything that can move the cursor, recolour, reorder or break a line (the newline ending each
# line of output aside).
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
FORGED_ID = "\x1b[2J\x1b[31mforged\nfactcheck: 0 documents checked, 0 findings\r"
BIDI_ID = "b\u202eevil\u2066\x00\x9b"
TEXTS = {
    FORGED_ID: "The Home Office said 21,000 police officers were hired \x1b[31mlast year\u202e in England.",
    BIDI_ID: "The Home Office said 12,000 police officers were hired \x1b[31mlast year\u202e in England.",
}


def run(*args: str):
    return CliRunner().invoke(app, ["check", *args])


@pytest.mark.parametrize(("raw", "shown"), [
    ("\x1b[31m", "\\x1b[31m"), ("a\nb", "a\\nb"), ("\r", "\\r"), ("\x00", "\\x00"), ("\x9b", "\\x9b"),
    ("\u202e", "\\u202e"), ("\u2066x\u2069", "\\u2066x\\u2069"), ("\u2028", "\\u2028"), ("\udc80", "\\udc80"),
    ("Zoë Müller 中文 “quoted” – ok", "Zoë Müller 中文 “quoted” – ok"),
])
def test_safe_shows_controls_as_escapes_and_keeps_other_text(raw, shown):
    assert safe(raw) == shown


def test_control_characters_in_ids_and_text_never_reach_the_terminal_raw(tmp_path):
    archive = tmp_path / "in.jsonl"
    archive.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in TEXTS.items()))
    out = tmp_path / "r.json"
    result = run(str(archive), "--json", str(out), *FAST)
    assert result.exit_code == 0, result.output
    assert not RAW.search(result.output)
    findings = json.loads(out.read_text())["findings"]
    assert findings  # the figures disagree: the finding's line quotes both documents
    lines = result.output.splitlines()
    assert lines[0].startswith("factcheck: 2 documents checked") and len(lines) == 1 + len(findings) + 1
    # an archive record's line: archive:record_line: [id line:col] CODE severity message
    assert sum(bool(re.search(r"\] [A-Z]{2,5}\d{3} (error|warning|info) ", line)) for line in lines) == len(findings)
    assert "\\x1b[2J\\x1b[31mforged\\nfactcheck: 0 documents checked" in result.output
    assert "b\\u202eevil\\u2066\\x00\\x9b" in result.output
    # the reports keep the text as read: escaping is for the terminal only
    assert {d["id"] for d in json.loads(out.read_text())["documents"]} == set(TEXTS)


def test_a_file_name_with_a_newline_is_one_skipped_line(tmp_path):
    (tmp_path / "ok.txt").write_text("The committee met on Tuesday.\n")
    bad = tmp_path / "empty\nfactcheck: 1 document checked, 0 findings\x1b[8m.txt"
    bad.write_text("")
    result = run(str(tmp_path / "ok.txt"), str(bad), *FAST)
    assert result.exit_code == 2
    assert not RAW.search(result.output)
    skipped = [line for line in result.output.splitlines() if line.startswith("  skipped")]
    assert len(skipped) == 1 and "empty\\nfactcheck: 1 document checked, 0 findings\\x1b[8m.txt" in skipped[0]
    assert len(result.output.splitlines()) == 2  # the summary line and the one skipped input


def test_error_lines_quoting_a_path_stay_one_inert_line(tmp_path):
    (tmp_path / "a.txt").write_text("The committee met on Tuesday.\n")
    theirs = tmp_path / "notes\x1b]0;pwned\x07\n.json"
    theirs.write_text("{}")
    result = run(str(tmp_path / "a.txt"), "--json", str(theirs), *FAST)
    assert result.exit_code == 2
    assert not RAW.search(result.output)
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("factcheck: E301 ") and "notes\\x1b]0;pwned\\x07\\n.json" in lines[0]


def test_rich_markup_and_emoji_codes_in_input_are_printed_as_written(tmp_path):
    texts = {"[bold red]:warning:": TEXTS[FORGED_ID], "[/]": TEXTS[BIDI_ID]}
    archive = tmp_path / "in.jsonl"
    archive.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items()))
    result = run(str(archive), *FAST)
    assert result.exit_code == 0, result.output
    assert "[bold red]:warning:" in result.output and "\u26a0" not in result.output


def test_progress_descriptions_are_inert():
    from factcheck.core.progress import RichProgress

    progress = RichProgress()
    with progress.stage("embed: \x1b[31m[bold]model\n", 1):
        shown = progress._progress.tasks[0].description
    assert shown == "embed: \\x1b[31m\\[bold]model\\n"  # inert text, and no markup tag for rich


def test_progress_bars_show_the_time_left():
    from io import StringIO

    from rich.console import Console

    from factcheck.core.progress import RichProgress

    now = [0.0]
    progress = RichProgress(console=Console(file=StringIO()), get_time=lambda: now[0])
    eta = progress._progress.columns[-1]
    with progress.stage("embed", 10) as advance:
        task = progress._progress.tasks[0]
        assert eta.render(task).plain == "eta -:--:--"  # no rate yet
        now[0] = 1.0
        advance(1)
        now[0] = 5.0
        advance(4)  # 4 more in 4 s: one a second, 5 to go
        assert eta.render(task).plain == "eta 0:00:05"
        assert task.fields["rate"] == "1/s"
        now[0] = 10.0
        advance(5)
        assert eta.render(task).plain == ""  # done: the elapsed column says how long it took


def test_rule_file_errors_are_one_inert_line(tmp_path):
    bad = tmp_path / "evil\x1b[31m\n.yml"
    bad.write_text("rules: [\n")
    result = CliRunner().invoke(app, ["rules", "validate", str(bad)])
    assert result.exit_code == 1
    assert not RAW.search(result.output) and "evil\\x1b[31m\\n.yml" in result.output
