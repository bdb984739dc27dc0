"""`factcheck watch`: the warm re-check loop, driven without sleeping (the pause between polls is
injected and makes the edits a sub-editor would)."""

from __future__ import annotations

import json
from itertools import islice

import numpy as np
from typer.testing import CliRunner

import factcheck.watch as watch_mod
from factcheck.api import Outputs
from factcheck.cli import app
from factcheck.core.config import load_settings
from factcheck.core.errors import FactcheckError
from factcheck.embed.vectors import HashingEmbedder
from factcheck.watch import MemoEmbedder, Watch, changed_files, snapshot, watch

CLEAN = ("Police minister Kit Malthouse visited Leeds on Monday. Kit Malthouse said the force had hired 300 "
         "officers.\n\nLater, Kit Malthouse met the chief constable. Kit Malthouse praised the staff.\n")
MISSPELT = CLEAN.replace("Later, Kit Malthouse", "Later, Kit Malthaus")


def session(paths, **kw) -> Watch:
    return Watch([str(p) for p in paths], settings=load_settings({"model": "hashing"}), cache=False, **kw)


def edits(*steps):
    """A pause between polls that applies the next edit (None: nothing changed)."""
    calls = []
    pending = list(steps)

    def pause(seconds: float) -> None:
        calls.append(seconds)
        step = pending.pop(0) if pending else None
        if step is not None:
            step()

    return pause, calls


def test_snapshot_sees_named_files_and_supported_files_in_folders(tmp_path):
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "notes.yml").write_text("x")
    (tmp_path / ".a.md.swp").write_text("x")
    (tmp_path / "a.md~").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "b.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("xy")
    named = tmp_path / "notes.yml"
    snap = snapshot([str(tmp_path), str(named), str(tmp_path / "missing.md"), "-"])
    assert sorted(snap) == sorted([str(tmp_path / "a.md"), str(tmp_path / "sub" / "c.txt"), str(named)])
    assert snap[str(tmp_path / "sub" / "c.txt")][1] == 2  # (mtime_ns, size)


def test_changed_files_are_the_added_removed_and_rewritten_ones():
    before = {"a": (1, 1), "b": (1, 1), "c": (1, 1)}
    after = {"a": (1, 1), "b": (2, 1), "d": (1, 1)}
    assert changed_files(before, after) == ["b", "c", "d"]
    assert changed_files(before, dict(before)) == []


def test_a_save_is_rechecked_and_a_quiet_poll_is_not(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(CLEAN)
    pause, calls = edits(None, lambda: draft.write_text(MISSPELT), None, lambda: draft.write_text(CLEAN + "\n"))
    runs = list(islice(watch(session([draft]), interval=0.25, sleep=pause), 3))
    assert [r.error for r in runs] == [None, None, None]
    assert runs[0].changed == [str(draft)] and runs[0].result.findings == []
    assert runs[1].changed == [str(draft)]
    assert [(f.rule, f.evidence[0].text) for f in runs[1].result.findings] == [("NAM001", "Malthaus")]
    assert runs[2].result.findings == []  # fixed again
    assert calls == [0.25] * 4  # the unchanged poll in between checked nothing


def test_bad_input_and_a_failing_check_are_reported_and_the_watch_goes_on(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(CLEAN)

    class FailsOnce(HashingEmbedder):
        failed = False

        def encode(self, texts):
            if texts and "again" in " ".join(texts) and not self.failed:
                FailsOnce.failed = True
                raise RuntimeError("model fell over")
            return super().encode(texts)

    pause, _ = edits(draft.unlink, lambda: draft.write_bytes(b"\x00\x01binary\x00" * 50),
                     lambda: draft.write_text(CLEAN + "Kit Malthouse spoke again.\n"),
                     lambda: draft.write_text(MISSPELT))
    runs = list(islice(watch(session([draft], embedder=FailsOnce()), sleep=pause), 5))
    assert runs[0].result.findings == [] and runs[0].error is None
    assert [e.to_dict()["message"].split()[0] for e in runs[1].result.errors] == ["E102"]  # deleted mid-save
    assert [e.to_dict()["message"].split()[0] for e in runs[2].result.errors] == ["E106"]  # not text
    assert isinstance(runs[3].error, RuntimeError) and runs[3].result is None  # a bug: reported, not fatal
    assert [f.rule for f in runs[4].result.findings] == ["NAM001"]


def test_a_coded_error_is_returned_not_raised(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(CLEAN)
    bad = tmp_path / "bad.yml"
    bad.write_text("rules: [\n")
    settings = load_settings({"model": "hashing", "rules": [str(bad)]})
    run = Watch([str(draft)], settings=settings, cache=False).recheck([str(draft)])
    assert isinstance(run.error, FactcheckError) and str(run.error).startswith("E203")
    bad.write_text("rules: []\n")  # fixed: rule packs are read again at each check
    assert Watch([str(draft)], settings=settings, cache=False).recheck([]).error is None


def test_reports_are_rewritten_on_every_save(tmp_path):
    draft, report = tmp_path / "draft.md", tmp_path / "r.json"
    draft.write_text(CLEAN)
    pause, _ = edits(lambda: draft.write_text(MISSPELT))
    watched = session([draft], outputs=Outputs(json=str(report)))
    runs = iter(watch(watched, sleep=pause))
    assert next(runs).written == [str(report)] and json.loads(report.read_text())["findings"] == []
    assert next(runs).written == [str(report)]
    assert [f["rule"] for f in json.loads(report.read_text())["findings"]] == ["NAM001"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.md", "r.json"]  # no temporary file left


def test_memo_encodes_each_sentence_once_and_returns_the_same_vectors():
    seen: list[str] = []

    class Counting(HashingEmbedder):
        def encode(self, texts):
            seen.extend(texts)
            return super().encode(texts)

    memo = MemoEmbedder(Counting())
    first = memo.encode(["a b", "c d", "a b"])
    second = memo.encode(["c d", "e f"])
    assert seen == ["a b", "c d", "e f"]
    assert np.array_equal(first[1], second[0]) and np.array_equal(first[0], first[2])
    assert memo.name == "hashing-512" and memo.describe() == "hashing-512"  # the model's identity, passed through
    assert memo.encode([]).shape[0] == 0


def test_memo_starts_afresh_past_its_limit():
    memo = MemoEmbedder(HashingEmbedder(), limit=2)
    memo.encode(["a", "b"])
    memo.encode(["c"])
    assert list(memo.vectors) == ["c"]


def test_cli_watch_prints_each_check_and_stops_cleanly_on_ctrl_c(tmp_path, monkeypatch):
    draft, report = tmp_path / "draft.md", tmp_path / "r.csv"
    draft.write_text(CLEAN)
    steps = [lambda: draft.write_text(MISSPELT), None]

    def pause(seconds: float) -> None:
        if not steps:
            raise KeyboardInterrupt
        step = steps.pop(0)
        if step:
            step()

    monkeypatch.setattr(watch_mod, "_pause", pause)
    result = CliRunner().invoke(app, ["watch", str(draft), "--csv", str(report), "--model", "hashing", "--no-cache"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "factcheck: 1 document checked, 0 findings"
    assert f"factcheck: watching {draft} for changes; Ctrl-C to stop" in lines
    changed = next(n for n, line in enumerate(lines) if line.startswith(f"factcheck: {draft} changed: re-checked in "))
    assert lines[changed + 1] == "factcheck: 1 document checked, 1 finding (1 warning)"
    assert lines[changed + 2].startswith(f"{draft}:3:12: NAM001 warning ")
    assert lines[-1] == "factcheck: stopped"
    assert "NAM001" in report.read_text()


def test_cli_watch_refuses_bad_options_before_watching(tmp_path):
    (tmp_path / "d.md").write_text(CLEAN)
    result = CliRunner().invoke(app, ["watch", str(tmp_path / "d.md"), "--format", "pdf"])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "--format 'pdf'" in result.output


def test_stdin_and_a_refused_report_path_end_the_watch_before_it_starts(tmp_path):
    (tmp_path / "d.md").write_text(CLEAN)
    result = CliRunner().invoke(app, ["watch", "-", "--model", "hashing"])
    assert result.exit_code == 2
    assert result.output == ("factcheck: E212 watch reads files, not standard input (-). "
                             "Fix: save the draft to a file and watch that\n")
    notes = tmp_path / "notes.json"
    notes.write_text('{"mine": true}\n')
    result = CliRunner().invoke(app, ["watch", str(tmp_path / "d.md"), "--json", str(notes), "--model", "hashing"])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "E301" in result.output
    assert notes.read_text() == '{"mine": true}\n'


def test_an_unreadable_save_keeps_the_last_good_report_and_says_why(tmp_path):
    draft, report = tmp_path / "draft.md", tmp_path / "r.html"
    draft.write_text(MISSPELT)
    pause, _ = edits(lambda: draft.write_bytes(b"\x00\x01binary\x00" * 50), lambda: draft.write_text(MISSPELT))
    runs = iter(watch(session([draft], outputs=Outputs(html=str(report))), sleep=pause))
    assert next(runs).written == [str(report)]
    good = report.read_bytes()
    bad = next(runs)  # saved unreadable: the report is not rewritten as "0 documents, 0 findings"
    assert bad.written == [] and report.read_bytes() == good
    assert [str(e).split()[0] for e in bad.unwritten] == ["E106"]
    assert "last good report is kept" in str(bad.unwritten[0])
    assert next(runs).written == [str(report)]  # readable again: written again
