"""Embedding: precision choice (bf16 only with AMX), cache naming, lazy imports."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from factcheck.core.errors import SettingError
from factcheck.embed import vectors as embed
from factcheck.embed.vectors import HashingEmbedder, SentenceTransformerEmbedder, choose_precision, embed_texts, has_amx

ROOT = Path(__file__).resolve().parent.parent


def test_precision_follows_amx_unless_chosen(monkeypatch):
    monkeypatch.setattr(embed, "has_amx", lambda: True)
    assert choose_precision() == "bfloat16"
    assert choose_precision("auto") == "bfloat16"
    monkeypatch.setattr(embed, "has_amx", lambda: False)
    assert choose_precision() == "float32"
    assert choose_precision("bf16") == "bfloat16"
    monkeypatch.setattr(embed, "has_amx", lambda: True)
    assert choose_precision("fp32") == "float32"
    with pytest.raises(SettingError, match="E122"):
        choose_precision("int8")


def test_precision_is_a_setting_from_config_environment_and_flags(tmp_path):
    from factcheck.core.config import load_settings
    from factcheck.core.errors import FactcheckError

    assert load_settings(cwd=tmp_path, env={}).precision == "auto"
    (tmp_path / "factcheck.toml").write_text('precision = "bf16"\n')
    assert load_settings(cwd=tmp_path, env={}).precision == "bfloat16"
    assert load_settings(cwd=tmp_path, env={"FACTCHECK_PRECISION": "fp32"}).precision == "float32"
    assert load_settings(cwd=tmp_path, env={"FACTCHECK_EMBED_DTYPE": "float32"}).precision == "float32"
    flags = load_settings({"precision": "bfloat16"}, cwd=tmp_path, env={"FACTCHECK_PRECISION": "fp32"})
    assert flags.precision == "bfloat16"
    with pytest.raises(FactcheckError, match=r"E210.*environment.*FACTCHECK_PRECISION"):
        load_settings(cwd=tmp_path, env={"FACTCHECK_PRECISION": "int8"})


def test_has_amx_reads_cpu_flags():
    flags = next((line for line in open("/proc/cpuinfo") if line.startswith("flags")), "") if Path(
        "/proc/cpuinfo").exists() else ""
    assert has_amx() == ("amx_bf16" in flags.split())


def test_model_names_the_vector_space_and_the_cache_adds_the_precision():
    fp32 = SentenceTransformerEmbedder(precision="float32")
    bf16 = SentenceTransformerEmbedder(precision="bfloat16")
    assert fp32.name == bf16.name == "all-MiniLM-L6-v2"
    assert embed.cache_name(fp32) == "all-MiniLM-L6-v2" and embed.cache_name(bf16) == "all-MiniLM-L6-v2@bfloat16"
    assert "bfloat16 (chosen)" in bf16.describe() and "float32 (chosen)" in fp32.describe()
    assert "auto" in SentenceTransformerEmbedder().describe()


def test_duplicates_are_encoded_once_and_rows_keep_input_order():
    calls: list[list[str]] = []

    class Spy(HashingEmbedder):
        def encode(self, texts):
            calls.append(list(texts))
            return super().encode(texts)

    texts = ["a b", "c d", "a b", "e f"]
    out = embed_texts(texts, Spy(), None, batch=2)
    assert sorted(t for c in calls for t in c) == ["a b", "c d", "e f"]
    assert np.allclose(out[0], out[2]) and out.shape == (4, 512)


def _imports(*code: str) -> str:
    res = subprocess.run([sys.executable, "-X", "importtime", *code], capture_output=True, text=True, cwd=ROOT,
                         timeout=120, check=False)
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stderr


@pytest.mark.parametrize("args", [["--help"], ["rules", "list"]])
def test_cli_does_not_import_the_model(args):
    err = _imports("-m", "factcheck", *args)
    assert "sentence_transformers" not in err and "| torch" not in err


def test_cache_hit_run_does_not_import_the_model(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        from factcheck import api
        from factcheck.run.cache import EmbeddingCache
        from factcheck.embed.vectors import HashingEmbedder, SentenceTransformerEmbedder, embed_texts
        from factcheck.core.model import Document
        from factcheck.run.prepare import prepare
        texts = {{"a": "Sadiq Khan met 43 police forces on Monday. He said so.", "b": "Sadiq Khan met 42 forces."}}
        real = SentenceTransformerEmbedder()
        fake = HashingEmbedder(384)
        fake.name = real.name  # fill the cache as the real model would have
        cache = EmbeddingCache({str(tmp_path)!r})
        sents = [s.text for k, v in texts.items() for s in prepare(Document(id=k, text=v)).sentences]
        embed_texts(sents, fake, cache)
        cache.close()
        api.check(texts=texts, embedder=real, cache={str(tmp_path)!r})
        assert "sentence_transformers" not in sys.modules and "torch" not in sys.modules, "model imported"
    """)
    _imports("-c", script)


@pytest.mark.model
def test_bf16_matches_float32_closely():
    texts = ["The Met said 43 forces were inspected.", "Sadiq Khan is the Mayor of London.", "Rain is due later."]
    a = SentenceTransformerEmbedder(precision="float32").encode(texts)
    b = SentenceTransformerEmbedder(precision="bfloat16").encode(texts)
    assert a.dtype == b.dtype == np.float32
    assert (a * b).sum(axis=1).min() > 0.999


@pytest.mark.model
def test_loading_the_model_leaves_the_process_environment_alone():
    script = textwrap.dedent("""
        import os
        before = dict(os.environ)
        from factcheck.embed.vectors import SentenceTransformerEmbedder
        SentenceTransformerEmbedder(precision="float32").encode(["Sadiq Khan is the Mayor of London."])
        changed = {k for k in set(before) | set(os.environ) if before.get(k) != os.environ.get(k)}
        assert not changed, changed
    """)
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith(("HF_", "TRANSFORMERS_", "OMP_"))}
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=300, check=False)
    assert res.returncode == 0, res.stderr[-2000:]
