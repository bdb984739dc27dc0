"""The hand-labelled extraction sample (bench/extraction_sample.yml): it parses, its spans point at
the right text of the dev archive, and no extraction layer's recall on it falls below a floor set a
little under the figure measured when the labels were written (so a regression shows)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench_extraction import bench_extraction

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = Path(__file__).resolve().parents[2] / "shared/bench/dev/archive.jsonl"
LAYERS = ("people", "orgs", "titles", "quantities", "dates", "quotes")
# Measured 2026-11-23 (recall, pairs/labels): people 27/29, orgs 24/52, titles 2/7, quantities 17/22,
# dates 16/16, quotes 16/17, speakers 7/11. Each floor sits just under today's figure: one more miss
# in any layer fails. Raise a floor when an extractor improves.
RECALL_FLOOR = {"people": 0.90, "orgs": 0.45, "titles": 0.28, "quantities": 0.75, "dates": 0.95,
                "quotes": 0.92, "speakers": 0.60}

needs_archive = pytest.mark.skipif(not ARCHIVE.exists(), reason=f"dev archive not found at {ARCHIVE} "
                                   "(it lives outside the repository, under shared/bench/dev)")



@pytest.fixture(scope="module")
def labels() -> list[dict]:
    return bench_extraction().load_labels(ROOT / "bench/extraction_sample.yml")


def _spans(sentence: dict):
    for layer in LAYERS:
        for item in sentence[layer]:
            yield layer, item
            for key in ("person", "speaker"):
                if item.get(key):
                    yield f"{layer}.{key}", item[key]


def test_labels_parse(labels):
    assert len(labels) == 50
    assert len({(s["doc"], s["start"]) for s in labels}) == 50
    for s in labels:
        assert s["start"] < s["end"]
        for layer, item in _spans(s):
            assert isinstance(item["text"], str) and item["text"], (s["doc"], layer)
            assert s["start"] <= item["start"] < item["end"] <= s["end"], (s["doc"], layer, item)
        assert all(o["kind"] in ("org", "place") for o in s["orgs"])


@needs_archive
def test_label_offsets_point_at_their_text(labels):
    texts = {}
    for line in ARCHIVE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line, strict=False)
            texts[rec["id"]] = rec["text"]
    for s in labels:
        text = texts[s["doc"]]
        for layer, item in _spans(s):
            assert text[item["start"]:item["end"]] == item["text"], (s["doc"], layer, item)


@needs_archive
def test_recall_floors(labels):
    bench = bench_extraction()
    docs = bench.read_archive(ARCHIVE, ids={s["doc"] for s in labels})
    bench.prepare(docs)
    scores = bench.score(labels, {d.id: d for d in docs})
    low = {layer: round(scores[layer].recall, 3) for layer, floor in RECALL_FLOOR.items()
           if scores[layer].recall < floor}
    assert not low, f"recall below floor {RECALL_FLOOR}: {low}\n{bench.table(scores)}"
