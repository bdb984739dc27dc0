"""bench/extraction.py loaded as a module, for the tests that score the hand-labelled samples with it
(test_extraction_sample, test_frames_sample): one loader, one module object."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def bench_extraction() -> ModuleType:
    if "bench_extraction_module" in sys.modules:
        return sys.modules["bench_extraction_module"]
    spec = importlib.util.spec_from_file_location("bench_extraction_module", ROOT / "bench/extraction.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod
