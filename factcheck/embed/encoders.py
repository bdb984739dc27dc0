"""Which encoder backend runs the sentence model: the named choices, and what ``auto`` picks per CPU.

A backend is a runtime and a precision: ``torch-float32``, ``torch-bfloat16`` (sentence-transformers
on PyTorch), ``onnx-float32``, ``onnx-int8`` (ONNX Runtime on a graph exported once from the
packaged model) and ``openvino-float32``, ``openvino-bfloat16``, ``openvino-int8`` (OpenVINO on the
same graphs). Each writes vectors under its own cache name and index record, so vectors of two
backends never mix silently.

``auto`` picks, from the CPU's flags, the fastest backend whose findings keep ``bench/quality.py
--check`` passing on every bench (measured by ``bench/backends.py``; the table is in the README).
Nothing here imports a runtime: availability is asked of the import system without loading it.
"""

from __future__ import annotations

import importlib.util
from functools import cache

from factcheck.core.config import ENCODERS, normalise_encoder

BACKENDS: dict[str, tuple[str, str]] = {  # name -> (runtime, precision)
    "torch-float32": ("torch", "float32"),
    "torch-bfloat16": ("torch", "bfloat16"),
    "onnx-float32": ("onnx", "float32"),
    "onnx-int8": ("onnx", "int8"),
    "openvino-float32": ("openvino", "float32"),
    "openvino-bfloat16": ("openvino", "bfloat16"),
    "openvino-int8": ("openvino", "int8"),
}
# How far a precision moves a pair's cosine from float32's: pairs within it of the pairing threshold are
# settled by exact vectors (refine.py). float32 needs none; int8 moves cosines by 0.02-0.05, so a band
# that wide holds most paired sentences (settling them costs more than int8 saves): int8 goes unsettled.
MARGIN: dict[str, float] = {"bfloat16": 0.005}
assert set(BACKENDS) == set(ENCODERS) - {"auto"}, "config.ENCODERS and BACKENDS name the same backends"
_RUNTIME_PACKAGE = {"torch": "sentence_transformers", "onnx": "onnxruntime", "openvino": "openvino"}


@cache
def cpu_flags() -> frozenset[str]:
    """The CPU's feature flags from /proc/cpuinfo (empty where it cannot be read)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


def available(backend: str) -> bool:
    """Whether the backend's runtime package (and, for the ONNX graphs, ``tokenizers``) is installed."""
    runtime, _ = BACKENDS[backend]
    needed = [_RUNTIME_PACKAGE[runtime]] + ([] if runtime == "torch" else ["tokenizers"])
    return all(importlib.util.find_spec(name) is not None for name in needed)


# What ``auto`` tries, best first, per CPU class: the first one installed wins. Chosen by
# bench/backends.py and bench/startup.py (speed, findings against torch float32 on every bench, the
# cold draft; the table is in the README): the fastest cold draft check among the backends whose
# findings pass. ONNX Runtime float32 gives torch float32's vectors (cosine 1.00000: the same findings)
# without importing torch (4-5 s of a cold draft) and loads in a third of OpenVINO's compile time.
# On the bf16 class, torch-bfloat16 encodes 2.7-3.9x faster than float32 but imports torch, and
# openvino-bfloat16 1.7-3.4x but compiles slower; end to end on the wide bench neither beat it. int8
# passes quality.py --check but changes 34 findings and depends on the CPU's int8 kernels. No other
# class has been measured yet: it gets the choice that cannot change findings.
_AUTO_ORDER: dict[str, tuple[str, ...]] = {
    "bf16": ("onnx-float32", "torch-float32"),
    "vnni": ("onnx-float32", "torch-float32"),
    "plain": ("onnx-float32", "torch-float32"),
}


def cpu_class(flags: frozenset[str] | None = None) -> str:
    """``bf16`` (AVX512-BF16 or AMX: bfloat16 in hardware), ``vnni`` (int8 dot products), else ``plain``."""
    flags = cpu_flags() if flags is None else flags
    if {"amx_bf16", "avx512_bf16"} & flags:
        return "bf16"
    if {"avx512_vnni", "avx_vnni"} & flags:
        return "vnni"
    return "plain"


def choose_backend(encoder: str | None = None, precision: str | None = None,
                   flags: frozenset[str] | None = None) -> tuple[str, str]:
    """(the backend to run, why) for an ``encoder`` setting. An explicit ``--precision`` float32 or
    bfloat16 with ``encoder`` auto means that torch backend, as before encoders could be chosen."""
    choice = normalise_encoder(encoder)
    if choice != "auto":
        return choice, "chosen"
    if precision in ("float32", "bfloat16"):
        return f"torch-{precision}", f"--precision {precision}"
    kind = cpu_class(flags)
    for backend in _AUTO_ORDER[kind]:
        if available(backend):
            return backend, f"auto: {kind} CPU"
    return "torch-float32", "auto: fallback"
