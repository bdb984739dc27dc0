"""Extraction across processes and on a Dask cluster gives byte-identical findings."""

from __future__ import annotations

import pickle

import pytest
from archive_texts import report, variants

from factcheck import api
from factcheck.core.model import Document
from factcheck.embed.vectors import HashingEmbedder
from factcheck.run.prepare import _batches, doc_key, fingerprint, prepare_documents, prepare_safe


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return variants(8)


@pytest.fixture(scope="module")
def single(texts) -> str:
    return report(api.check(texts=texts, embedder=HashingEmbedder(), cache=False))


def test_two_workers_give_identical_json(texts, single):
    result = api.check(texts=texts, embedder=HashingEmbedder(), cache=False, workers=2)
    assert result.findings, "the fixture must produce findings for the comparison to mean something"
    assert report(result) == single


def test_dask_local_cluster_gives_identical_json(texts, single):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cl:
        result = api.check(texts=texts, embedder=HashingEmbedder(), cache=False, scheduler=cl.scheduler_address)
    assert report(result) == single


def test_prepared_cache_is_used_and_identical(tmp_path, texts, single):
    first = api.check(texts=texts, embedder=HashingEmbedder(), cache=tmp_path)
    from factcheck.run.cache import EmbeddingCache

    store = EmbeddingCache(tmp_path)
    docs = [Document(id=k, text=v) for k, v in texts.items()]
    assert len(store.get_prepared(fingerprint(), [doc_key(d) for d in docs])) == len(docs)
    store.close()
    second = api.check(texts=texts, embedder=HashingEmbedder(), cache=tmp_path)
    assert report(first) == report(second) == single


def test_failures_become_input_errors_in_order(monkeypatch):
    import factcheck.run.prepare as par

    real = par.prepare

    def flaky(doc, layers):
        if doc.id == "bad":
            raise ValueError("extractor crash")
        return real(doc, layers)

    monkeypatch.setattr(par, "prepare", flaky)
    docs = [Document(id=i, text="One sentence. Two.") for i in ("a", "bad", "b")]
    ok, errors = prepare_documents(docs)
    assert [d.id for d in ok] == ["a", "b"]
    assert [(e.path, e.code) for e in errors] == [("bad", "E150")]
    assert "ValueError" in errors[0].message
    assert prepare_safe(Document(id="fine", text="Fine.")).sentences


def test_batches_cover_everything_in_order():
    docs = list(range(37))
    batches = _batches(docs, 8)  # type: ignore[arg-type]
    assert [x for b in batches for x in b] == docs


def test_prepared_documents_pickle_round_trip(texts):
    doc = prepare_safe(Document(id="x", text=next(iter(texts.values()))))
    again = pickle.loads(pickle.dumps(doc, protocol=5))
    assert again == doc


def test_editing_a_check_keeps_prepared_documents_cached(tmp_path):
    """Check code is outside the prepared-document fingerprint; extraction code is inside it."""
    import shutil
    from pathlib import Path

    import factcheck
    from factcheck.run.prepare import code_hash

    pkg = tmp_path / "factcheck"
    shutil.copytree(Path(factcheck.__file__).parent, pkg, ignore=shutil.ignore_patterns("__pycache__", "_rules"))
    before = code_hash(pkg)
    assert before == fingerprint()
    for check in sorted((pkg / "checks").glob("*.py")):
        check.write_text(check.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert code_hash(pkg) == before
    layer = pkg / "extract" / "people.py"
    layer.write_text(layer.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert code_hash(pkg) != before
