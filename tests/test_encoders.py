"""Encoder backends: the setting, auto's choice per CPU, cache names, and the ONNX path without torch."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from factcheck.core.errors import FactcheckError, ModelError, SettingError
from factcheck.embed import encoders
from factcheck.embed.encoders import choose_backend, cpu_class, normalise_encoder
from factcheck.embed.onnx_encoder import OnnxEmbedder, mean_pool
from factcheck.embed.vectors import cache_name, make_embedder

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ["The Met said 43 forces were inspected on Monday.", "Sadiq Khan is the Mayor of London.", "Rain.",
         "Inflation rose to 3.2 per cent in the third quarter, the Office for National Statistics said today."]


def test_encoder_names_and_aliases():
    assert normalise_encoder(None) == "auto"
    assert normalise_encoder("ONNX") == "onnx-float32"
    assert normalise_encoder("openvino_int8") == "openvino-int8"
    with pytest.raises(SettingError, match="E124"):
        normalise_encoder("cuda-float16")


def test_cpu_class_from_flags():
    assert cpu_class(frozenset({"avx2", "avx512_bf16"})) == "bf16"
    assert cpu_class(frozenset({"amx_bf16"})) == "bf16"
    assert cpu_class(frozenset({"avx2", "avx_vnni"})) == "vnni"
    assert cpu_class(frozenset({"avx2"})) == "plain"


def test_choice_explicit_then_precision_then_auto(monkeypatch):
    assert choose_backend("onnx-int8", "float32") == ("onnx-int8", "chosen")
    assert choose_backend("auto", "bfloat16")[0] == "torch-bfloat16"
    monkeypatch.setattr(encoders, "available", lambda name: name.startswith("torch"))
    for flags in (frozenset(), frozenset({"avx512_bf16"}), frozenset({"avx512_vnni"})):
        backend, why = choose_backend("auto", "auto", flags)
        assert backend.startswith("torch") and why.startswith("auto")  # nothing else installed: torch
    monkeypatch.setattr(encoders, "available", lambda name: True)
    for kind, order in encoders._AUTO_ORDER.items():
        flags = {"bf16": frozenset({"avx512_bf16"}), "vnni": frozenset({"avx512_vnni"}), "plain": frozenset()}[kind]
        assert choose_backend("auto", "auto", flags) == (order[0], f"auto: {kind} CPU")


def test_encoder_is_a_setting_from_config_environment_and_flags(tmp_path):
    from factcheck.core.config import load_settings

    assert load_settings(cwd=tmp_path, env={}).encoder == "auto"
    (tmp_path / "factcheck.toml").write_text('encoder = "onnx-int8"\n')
    assert load_settings(cwd=tmp_path, env={}).encoder == "onnx-int8"
    assert load_settings(cwd=tmp_path, env={"FACTCHECK_ENCODER": "torch"}).encoder == "torch-float32"
    assert load_settings({"encoder": "openvino-float32"}, cwd=tmp_path, env={}).encoder == "openvino-float32"
    with pytest.raises(FactcheckError, match=r"E210.*FACTCHECK_ENCODER"):
        load_settings(cwd=tmp_path, env={"FACTCHECK_ENCODER": "gpu"})


def test_each_backend_caches_under_its_own_name():
    names = {b: cache_name(make_embedder(None, None, b)) for b in encoders.BACKENDS}
    assert names["torch-float32"] == "all-MiniLM-L6-v2"  # as before backends could be chosen: the cache stays valid
    assert names["torch-bfloat16"] == "all-MiniLM-L6-v2@bfloat16"
    assert len(set(names.values())) == len(names)
    assert make_embedder(None, None, "onnx-int8").backend == "onnx-int8"


def test_onnx_backends_run_the_packaged_model_only():
    with pytest.raises(ModelError, match="E124"):
        make_embedder("/some/other/model", None, "onnx-float32")
    assert make_embedder("/some/other/model", None, "auto").backend.startswith("torch")


def test_mean_pool_ignores_padding_and_is_unit_length():
    hidden = np.array([[[1.0, 0.0], [3.0, 0.0], [100.0, 100.0]]], dtype=np.float32)
    pooled = mean_pool(hidden, np.array([[1, 1, 0]]))
    assert np.allclose(pooled, [[1.0, 0.0]])


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """A cache folder holding the ONNX export, built from the packaged model (offline, once)."""
    cache = tmp_path_factory.mktemp("encoders")
    OnnxEmbedder("all-MiniLM-L6-v2", "onnx-float32", "onnx", "float32", cache).encode(TEXTS[:1])
    return cache


@pytest.mark.model
def test_onnx_float32_matches_torch_float32_and_not_the_batching(exported):
    from factcheck.embed.vectors import SentenceTransformerEmbedder

    onnx = OnnxEmbedder("all-MiniLM-L6-v2", "onnx-float32", "onnx", "float32", exported, batch_size=2)
    ref = SentenceTransformerEmbedder(precision="float32").encode(TEXTS)
    got = onnx.encode(TEXTS)
    assert got.shape == ref.shape and got.dtype == np.float32
    assert (got * ref).sum(axis=1).min() > 0.99999
    alone = np.vstack([onnx.encode([t]) for t in TEXTS])  # no padding at all
    assert np.abs(alone - got).max() < 1e-5


@pytest.mark.model
def test_int8_export_agrees_closely(exported):
    f32 = OnnxEmbedder("all-MiniLM-L6-v2", "onnx-float32", "onnx", "float32", exported).encode(TEXTS)
    q8 = OnnxEmbedder("all-MiniLM-L6-v2", "onnx-int8", "onnx", "int8", exported).encode(TEXTS)
    assert (exported / "encoders").is_dir() and any((exported / "encoders").glob("*/model_int8.onnx"))
    assert 0.95 < (f32 * q8).sum(axis=1).min() < 1.0  # close, and really quantised


@pytest.mark.model
def test_onnx_path_never_imports_torch(exported):
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from factcheck.embed.onnx_encoder import OnnxEmbedder
        v = OnnxEmbedder("all-MiniLM-L6-v2", "onnx-float32", "onnx", "float32", Path({str(exported)!r})).encode(
            ["Sadiq Khan is the Mayor of London."])
        assert v.shape == (1, 384), v.shape
        heavy = [m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules]
        assert not heavy, heavy
    """)
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300,
                         check=False)
    assert res.returncode == 0, res.stderr[-2000:]


def test_an_index_names_its_backend_and_untrusted_names_are_not_believed():
    from factcheck.run.index import index_backend

    assert index_backend({"encoder": "onnx-float32", "precision": "float32"}) == "onnx-float32"
    assert index_backend({"encoder": "torch-float32+onnx-int8"}) == "torch-float32+onnx-int8"
    assert index_backend({"precision": "bfloat16"}) == "torch-bfloat16"  # written before encoders were recorded
    assert index_backend({}, legacy="bfloat16") == "torch-bfloat16"  # older still: "model@bfloat16"
    assert index_backend({"encoder": "onnx-float32\x1b[2J", "precision": "float32"}) == "torch-float32"
