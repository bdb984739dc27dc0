"""The seeds' expected findings (../shared/seeds/EXPECTED.md) are pinned: they cannot regress."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from expectations import evaluate
from typer.testing import CliRunner

from factcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
TABLE = yaml.safe_load((ROOT / "tests" / "fixtures" / "seeds_expected.yml").read_text(encoding="utf-8"))


def _run(tmp_path_factory: pytest.TempPathFactory, *extra: str) -> tuple[dict, int]:
    out = tmp_path_factory.mktemp("seeds") / "seeds.json"
    cache = tmp_path_factory.mktemp("cache")
    res = CliRunner().invoke(app, ["check", str(ROOT / "seeds"), "--json", str(out), "--cache", str(cache), "-q",
                                   *extra])
    return json.loads(out.read_text(encoding="utf-8")), res.exit_code


# Both encode paths on every CPU: float32 (what a CPU without AMX runs) and bfloat16 (with AMX).
@pytest.fixture(scope="module", params=["float32", "bfloat16"])
def seeds_report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, int]:
    return _run(tmp_path_factory, "--precision", request.param)


@pytest.mark.model
@pytest.mark.parametrize("outcome_index", range(len(TABLE["must"]) + len(TABLE["must_not"])))
def test_seeds_expectation(seeds_report: tuple[dict, int], outcome_index: int) -> None:
    outcome = evaluate(seeds_report[0], TABLE)[outcome_index]
    assert outcome.ok, f"{outcome.label}: {outcome.detail}"


@pytest.mark.model
def test_seeds_run_is_valid(seeds_report: tuple[dict, int]) -> None:
    report, code = seeds_report
    assert code in (0, 1)
    assert report["errors"] == []
    texts = {d["id"]: Path(d["path"]).read_text(encoding="utf-8") for d in report["documents"]}
    for f in report["findings"]:
        for e in f["evidence"]:
            assert texts[e["doc"]][e["start"]:e["end"]] == e["text"]
