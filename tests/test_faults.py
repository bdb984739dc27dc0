"""Faults: an interrupted run leaves no half report and resumes from the embedding cache;
a corrupt cache is detected and rebuilt, never trusted."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from factcheck import api
from factcheck.embed.pairable import pairable_rows
from factcheck.embed.vectors import HashingEmbedder, embed_texts, text_key
from factcheck.run.cache import RunCache


class CountingEmbedder(HashingEmbedder):
    """Counts the texts it really encodes; can be told to fail after some batches."""

    def __init__(self, fail_after_batches: int | None = None) -> None:
        super().__init__()
        self.encoded: list[str] = []
        self.batches = 0
        self.fail_after = fail_after_batches

    def encode(self, texts):
        if self.fail_after is not None and self.batches >= self.fail_after:
            raise KeyboardInterrupt  # what Ctrl-C raises mid-run
        self.batches += 1
        self.encoded.extend(texts)
        return super().encode(texts)


TEXTS = [f"Sentence number {i} says {i * 7} officers were hired in {1990 + i % 30}." for i in range(50)]


def test_interrupted_embedding_resumes_without_redoing_finished_batches(tmp_path):
    cache = RunCache(tmp_path)
    first = CountingEmbedder(fail_after_batches=3)
    with pytest.raises(KeyboardInterrupt):
        embed_texts(TEXTS, first, cache, batch=10)
    assert len(first.encoded) == 30 and cache.count() == 30  # three batches stored before Ctrl-C
    cache.close()

    cache = RunCache(tmp_path)  # a new run
    second = CountingEmbedder()
    vecs = embed_texts(TEXTS, second, cache, batch=10)
    assert sorted(second.encoded) == sorted(set(TEXTS) - set(first.encoded))  # only the unfinished work
    assert np.allclose(vecs, HashingEmbedder().encode(TEXTS), atol=1e-6)
    third = CountingEmbedder()
    embed_texts(TEXTS, third, cache, batch=10)
    assert third.encoded == []  # everything cached now
    cache.close()


def test_interrupted_run_writes_no_report_and_the_next_run_resumes(tmp_path):
    docs = {f"d{n}": " ".join(TEXTS[n * 10:(n + 1) * 10]) for n in range(5)}
    out = tmp_path / "r.json"
    first = CountingEmbedder(fail_after_batches=0)
    with pytest.raises(KeyboardInterrupt):
        result = api.check(texts=docs, embedder=first, cache=tmp_path / "cache")
        api.write_reports(result, api.Outputs(json=str(out)))
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["cache"]

    second = CountingEmbedder()
    result = api.check(texts=docs, embedder=second, cache=tmp_path / "cache")
    api.write_reports(result, api.Outputs(json=str(out)))
    n_sentences = sum(len(d.sentences) for d in result.documents)
    assert len(second.encoded) == n_sentences > 0
    third = CountingEmbedder()
    again = api.check(texts=docs, embedder=third, cache=tmp_path / "cache")
    assert third.encoded == []  # a finished run is never redone
    assert [f.id for f in again.findings] == [f.id for f in result.findings]
    assert json.loads(out.read_text())["version"] == 1


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong schema"])
def test_corrupt_cache_is_moved_aside_and_rebuilt(tmp_path, damage, capsys):
    cache = RunCache(tmp_path)
    embed_texts(TEXTS, HashingEmbedder(), cache)
    cache.close()
    db = tmp_path / "embeddings.sqlite"
    for extra in ("-wal", "-shm"):
        Path(f"{db}{extra}").unlink(missing_ok=True)
    if damage == "garbage":
        db.write_bytes(b"this is not a database" * 1000)
    elif damage == "truncated":
        data = db.read_bytes()
        db.write_bytes(data[:4096] + b"\x00" * 100 + data[8192:])
    else:
        con = sqlite3.connect(db)
        con.execute("UPDATE meta SET value='999' WHERE key='schema'")
        con.commit()
        con.close()

    cache = RunCache(tmp_path)
    counting = CountingEmbedder()
    vecs = embed_texts(TEXTS, counting, cache)
    if damage != "truncated" or cache.rebuilt:
        assert cache.rebuilt and any(n.startswith("W120") for n in cache.notes)
        assert sorted(counting.encoded) == sorted(TEXTS)  # nothing from the corrupt file was trusted
        assert any(p.name.startswith("embeddings.sqlite.corrupt-") for p in tmp_path.iterdir())
    assert np.allclose(vecs, HashingEmbedder().encode(TEXTS), atol=1e-6)
    cache.close()


def test_torn_row_is_re_embedded_not_trusted(tmp_path):
    cache = RunCache(tmp_path)
    emb = HashingEmbedder()
    embed_texts(TEXTS[:3], emb, cache)
    cache._db.execute("UPDATE emb SET vec=? WHERE key=?", (b"\x00" * 10, text_key(TEXTS[1])))
    counting = CountingEmbedder()
    vecs = embed_texts(TEXTS[:3], counting, cache)
    assert counting.encoded == [TEXTS[1]]
    assert np.allclose(vecs, emb.encode(TEXTS[:3]), atol=1e-6)
    cache.close()


def test_cached_vector_of_the_wrong_size_is_re_embedded(tmp_path):
    cache = RunCache(tmp_path)
    emb = HashingEmbedder()
    cache.put_many(emb.name, {text_key(TEXTS[0]): np.ones(3, dtype=np.float32)})  # a foreign 3-d vector
    counting = CountingEmbedder()
    vecs = embed_texts(TEXTS[:2], counting, cache)
    assert vecs.shape == (2, emb.dim)
    assert TEXTS[0] in counting.encoded  # the foreign row was re-embedded
    assert cache.get_many(emb.name, [text_key(TEXTS[0])])[text_key(TEXTS[0])].shape == (emb.dim,)
    cache.close()


KILLED_RUN = r'''
import sys, time
from factcheck import api
from factcheck.embed.vectors import HashingEmbedder

class Slow(HashingEmbedder):
    """Encodes the first batch, then says so and waits inside the second one to be stopped."""
    calls = 0

    def encode(self, texts):
        Slow.calls += 1
        if Slow.calls == 2:  # the first batch is stored by now
            print("ready", flush=True)
            time.sleep(120)  # the test's signal lands here, whatever the machine's load
        return super().encode(texts)

texts = {f"d{n}": " ".join(f"Report {n} line {i} says {i * n} officers joined in {1990 + i % 30}." for i in range(300))
         for n in range(4)}
result = api.check(texts=texts, embedder=Slow(), cache=sys.argv[1])
api.write_reports(result, api.Outputs(json=sys.argv[2], csv=sys.argv[3]))
print("done", flush=True)
'''


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGKILL"])
def test_killed_process_leaves_old_reports_intact_and_resumes(tmp_path, signal_name):
    import signal
    import subprocess
    import sys

    script = tmp_path / "run.py"
    script.write_text(KILLED_RUN)
    out, csv_out, cache_dir = tmp_path / "out" / "r.json", tmp_path / "out" / "r.csv", tmp_path / "cache"
    out.parent.mkdir()
    old = '{\n "version": 1,\n "documents": [], "findings": [], "errors": []}\n'
    out.write_text(old)  # a report from an earlier run
    proc = subprocess.Popen([sys.executable, str(script), str(cache_dir), str(out), str(csv_out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # A readiness line, not a sleep: the signal always lands inside the second batch.
        assert any(line.startswith("ready") for line in proc.stdout)
        proc.send_signal(getattr(signal, signal_name))
        proc.wait(timeout=60)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode != 0
    assert out.read_text() == old  # untouched, not half-replaced
    assert sorted(p.name for p in out.parent.iterdir()) == ["r.json"]  # no temp file, no half CSV
    cache = RunCache(cache_dir)
    done = cache.count()
    assert done > 0  # finished batches survived the kill
    counting = CountingEmbedder()
    texts = {f"d{n}": " ".join(f"Report {n} line {i} says {i * n} officers joined in {1990 + i % 30}."
                               for i in range(300)) for n in range(4)}
    cache.close()
    result = api.check(texts=texts, embedder=counting, cache=cache_dir)
    sentences = [s.text for d in result.documents for s in d.sentences]
    total = len({t for t, keep in zip(sentences, pairable_rows(result.documents), strict=True) if keep})
    assert len(counting.encoded) == total - done  # only what was not finished
