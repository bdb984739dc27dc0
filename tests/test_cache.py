"""The embedding cache: concurrent writers, resume after interruption, corruption recovery."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from factcheck.core.model import Document
from factcheck.embed.vectors import HashingEmbedder, embed_texts, text_key
from factcheck.run.cache import RunCache
from factcheck.run.prepare import prepare


class CountingEmbedder:
    """Hashing vectors, counting what it was asked to encode; can fail after N calls."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.inner = HashingEmbedder(64)
        self.name = "counting"
        self.encoded: list[str] = []
        self.calls = 0
        self.fail_after = fail_after

    def encode(self, texts):
        if self.fail_after is not None and self.calls >= self.fail_after:
            raise KeyboardInterrupt  # what a Ctrl-C mid-run looks like to the pipeline
        self.calls += 1
        self.encoded.extend(texts)
        return self.inner.encode(texts)


TEXTS = [f"Sentence number {i} about the budget." for i in range(50)]


def _writer(directory: str, start: int, out: mp.Queue) -> None:
    cache = RunCache(directory)
    emb = HashingEmbedder(32)
    texts = [f"writer text {i}" for i in range(start, start + 400)]
    for a in range(0, len(texts), 20):  # many small transactions interleave with the other writer
        chunk = texts[a:a + 20]
        cache.put_many("m", dict(zip([text_key(t) for t in chunk], emb.encode(chunk), strict=True)))
    got = cache.get_many("m", [text_key(t) for t in texts])
    cache.close()
    out.put(len(got))


def test_two_processes_write_at_once(tmp_path: Path):
    q: mp.Queue = mp.get_context("spawn").Queue()
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), s, q)) for s in (0, 200)]  # overlapping keys too
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert sorted(q.get() for _ in procs) == [400, 400]
    cache = RunCache(tmp_path)
    assert cache.count("m") == 600 and not cache.rebuilt
    cache.close()


def test_interrupted_run_resumes_with_only_the_missing_texts(tmp_path: Path):
    cache = RunCache(tmp_path)
    first = CountingEmbedder(fail_after=2)
    with pytest.raises(KeyboardInterrupt):
        embed_texts(TEXTS, first, cache, batch=10)
    assert cache.count("counting") == 20  # the two finished batches were kept
    second = CountingEmbedder()
    out = embed_texts(TEXTS, second, cache, batch=10)
    assert sorted(first.encoded[:20] + second.encoded) == sorted(TEXTS)  # nothing encoded twice, nothing lost
    assert np.allclose(out, HashingEmbedder(64).encode(TEXTS))
    third = CountingEmbedder()
    embed_texts(TEXTS, third, cache, batch=10)
    assert third.encoded == []  # fully cached: the model is never touched
    cache.close()


def test_corrupt_cache_is_moved_aside_and_rebuilt(tmp_path: Path, capsys):
    cache = RunCache(tmp_path)
    embed_texts(TEXTS, CountingEmbedder(), cache)
    cache.close()
    for extra in ("-wal", "-shm"):
        Path(str(cache.path) + extra).unlink(missing_ok=True)
    cache.path.write_bytes(b"this is not a database" * 1000)
    again = RunCache(tmp_path)
    assert again.rebuilt and again.count() == 0
    assert any(n.startswith("W120") for n in again.notes) and not capsys.readouterr().err  # the library prints nothing
    assert list(tmp_path.glob("embeddings.sqlite.corrupt-*"))
    redo = CountingEmbedder()
    embed_texts(TEXTS, redo, again)
    assert len(redo.encoded) == len(TEXTS)
    again.close()


def test_truncated_vector_rows_are_re_embedded(tmp_path: Path):
    cache = RunCache(tmp_path)
    embed_texts(TEXTS[:3], CountingEmbedder(), cache)
    db = sqlite3.connect(cache.path)
    db.execute("UPDATE emb SET vec = substr(vec, 1, 8)")
    db.commit()
    db.close()
    redo = CountingEmbedder()
    embed_texts(TEXTS[:3], redo, cache)
    assert len(redo.encoded) == 3
    cache.close()


def test_prepared_documents_round_trip(tmp_path: Path):
    cache = RunCache(tmp_path)
    doc = prepare(Document("a", "Sadiq Khan said 12 forces agreed. The Met did not."))
    cache.put_prepared("code1", {b"k1": doc})
    assert cache.get_prepared("code1", [b"k1", b"k2"]) == {b"k1": doc}
    assert cache.get_prepared("code2", [b"k1"]) == {}  # other extraction code: never read
    cache.close()


_SLOW_RUN = """
import sys, time
from factcheck.run.cache import RunCache
from factcheck.embed.vectors import HashingEmbedder, embed_texts

class Slow(HashingEmbedder):
    def encode(self, texts):
        time.sleep(0.05)
        return super().encode(texts)

e = Slow(64)
e.name = "counting"
embed_texts([f"Sentence number {i} about the budget." for i in range(400)], e, RunCache(sys.argv[1]), batch=5)
"""


def test_killed_process_resumes_with_only_the_missing_texts(tmp_path: Path):
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-c", _SLOW_RUN, str(tmp_path)])
    deadline = time.monotonic() + 60
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if (tmp_path / "embeddings.sqlite").exists():
            probe = RunCache(tmp_path)
            done = probe.count("counting")
            probe.close()
            if done >= 20:
                break
    proc.send_signal(signal.SIGKILL)  # no cleanup, no commit of the batch in flight
    proc.wait()
    cache = RunCache(tmp_path)
    kept = cache.count("counting")
    assert 20 <= kept < 400 and not cache.rebuilt
    texts = [f"Sentence number {i} about the budget." for i in range(400)]
    redo = CountingEmbedder()
    out = embed_texts(texts, redo, cache, batch=50)
    assert len(redo.encoded) == 400 - kept  # only what the killed run had not stored
    assert np.allclose(out, HashingEmbedder(64).encode(texts))
    cache.close()
