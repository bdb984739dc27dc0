"""Check.needs drives extraction: a run extracts only the layers its checks read, and every
check finds exactly what it finds when every layer is extracted."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from factcheck.core.config import load_settings
from factcheck.embed.vectors import HashingEmbedder
from factcheck.extract import LAYERS, layers_for
from factcheck.ingest.read import read_documents
from factcheck.rules.packs import load_checks
from factcheck.run.pipeline import check_documents

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_layers_follow_what_they_read():
    assert layers_for([]) == ()
    # what gets a vector (so what pairs and stories are) reads every fact layer: factcheck.embed.pairable
    assert layers_for(["stories"]) == LAYERS
    assert layers_for(["pairs", "stories"]) == LAYERS
    assert layers_for(["dates"]) == ("dates",)
    assert layers_for(["titles"]) == ("people", "titles")
    assert layers_for(["enumerations"]) == ("people", "orgs", "quantities", "enumerations")
    assert layers_for(["quotes"]) == ("people", "orgs", "titles", "quotes")


def test_the_default_checks_need_every_layer():
    checks = load_checks(load_settings(env={}))
    assert layers_for(n for c in checks for n in c.needs) == LAYERS


def test_each_check_finds_the_same_with_only_the_layers_it_needs():
    checks = load_checks(load_settings(env={}))
    full = check_documents(read_documents([str(SEEDS)])[0], checks, HashingEmbedder())
    assert {d.id: d.layers for d in full.documents} == {d.id: {"sentences", *LAYERS} for d in full.documents}
    groups = defaultdict(list)
    for c in checks:
        groups[layers_for(c.needs)].append(c)
    assert () in groups and len(groups) > 3  # the term rules need no layer at all
    for layers, group in groups.items():
        alone = check_documents(read_documents([str(SEEDS)])[0], group, HashingEmbedder())
        assert all(d.layers == {"sentences", *layers} for d in alone.documents)
        codes = {c.code for c in group}
        expected = [f.to_dict() for f in full.findings if f.rule in codes]
        assert [f.to_dict() for f in alone.findings] == expected, layers


def test_checks_that_compare_no_sentences_never_load_the_model():
    class Refuses(HashingEmbedder):
        def encode(self, texts):  # type: ignore[no-untyped-def]
            raise AssertionError("the model was asked to encode")

    checks = [c for c in load_checks(load_settings(env={})) if not c.needs & {"pairs", "stories"}]
    assert checks and any(c.code.startswith("TRM") for c in checks)
    docs = read_documents([str(SEEDS)])[0]
    alone = check_documents(docs, checks, Refuses())
    assert any(f.rule.startswith("TRM") for f in alone.findings)
