"""One settings object, built in layers: defaults <- project config <- rule files <- CLI flags.

The project config is ``factcheck.toml`` or the ``[tool.factcheck]`` table of
``pyproject.toml``, found in the working directory or the nearest parent that holds one
(the project root). Rule files (``checks:`` sections) sit between the project config and
the CLI: ``load_checks`` in ``factcheck.rules.packs`` applies them, asking
``Settings.from_cli`` which values the command line set, so a flag always wins.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.core.errors import FactcheckError, SettingError

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, packaged as tomli
    import tomli as tomllib  # type: ignore[no-redef]

FAIL_ON = ("error", "warning", "never")
SEVERITIES = ("error", "warning", "info")
# Sentence cosine for a candidate aligned pair. Labelled cross-outlet claim pairs in the dev
# archive sit at median cosine ~0.6 (10th percentile ~0.45): pair generously, checks confirm
# alignment by anchors.
DEFAULT_PAIR_THRESHOLD = 0.45
IGNORE_FILE = ".factcheckignore"
PRECISIONS = ("auto", "float32", "bfloat16")
# Encoder backends (embed/encoders.py says what each runs); torch/onnx/openvino alone mean their float32.
ENCODERS = ("auto", "torch-float32", "torch-bfloat16", "onnx-float32", "onnx-int8", "openvino-float32",
            "openvino-bfloat16", "openvino-int8")
_ENCODER_ALIASES = {"torch": "torch-float32", "onnx": "onnx-float32", "openvino": "openvino-float32"}
_PRECISION_ALIASES = {"bf16": "bfloat16", "fp32": "float32"}

# key in the config file / CLI override dict -> what it holds (shown in errors).
CONFIG_KEYS: dict[str, str] = {
    "rules": "list of extra rule directories or files",
    "default_rules": "bool: load the packaged rules/ (default true)",
    "enable": "list of codes or code prefixes to turn on",
    "disable": "list of codes or code prefixes to turn off",
    "severity": "table code -> error|warning|info",
    "params": "table code -> table of check parameters",
    "fail_on": "error|warning|never",
    "model": "sentence-transformers model name or path",
    "dtype": "auto|float32|bfloat16: the torch encoder's compute dtype (float32 or bfloat16 = encoder torch-...)",
    "precision": "the old name of dtype (deprecated: write dtype)",
    "encoder": "auto|torch-float32|torch-bfloat16|onnx-float32|onnx-int8|openvino-float32|openvino-bfloat16|"
               "openvino-int8: the encoder backend (auto = the fastest that keeps the findings, per CPU)",
    "pair_threshold": "float in (0, 1]",
    "min_confidence": "float in [0, 1]: drop findings less likely than this to be right",
    "ignore_file": "path of an ignore file",
    "decisions_file": "path of a reviewer decisions JSON file",
}


def packaged_rules_dir() -> Path:
    """The default rule packs: ``factcheck/_rules`` in a wheel, ``rules/`` in a checkout."""
    pkg = Path(__file__).resolve().parents[1]  # factcheck/, two up from core/config.py
    for candidate in (pkg / "_rules", pkg.parent / "rules"):
        if candidate.is_dir():
            return candidate.resolve()  # _rules may be a symlink to rules/: one path, or its codes load twice
    return pkg.parent / "rules"


@dataclass
class Settings:
    rule_dirs: list[Path] = field(default_factory=list)  # packaged rules first, then config, then --rules
    enable: list[str] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    fail_on: str = "error"
    model: str | None = None  # None = the bundled all-MiniLM-L6-v2
    dtype: str = "auto"  # the embedding model's compute dtype (not the findings' calibrated precision)
    encoder: str = "auto"
    pair_threshold: float = DEFAULT_PAIR_THRESHOLD
    min_confidence: float = 0.0
    ignore_file: Path | None = None
    decisions_file: Path | None = None
    config_path: Path | None = None  # the project config file read, if any
    # Which values the command line set (key, or (key, code) for severity/enable/disable):
    # rule files may not override these.
    cli: set[Any] = field(default_factory=set)

    def from_cli(self, key: str, code: str | None = None) -> bool:
        return (key, code) in self.cli if code is not None else key in self.cli

    @property
    def precision(self) -> str:
        """The old name of ``dtype`` (deprecated)."""
        return self.dtype

    @precision.setter
    def precision(self, value: str) -> None:
        self.dtype = value


def normalise_precision(precision: str | None) -> str:
    """``auto``, ``float32`` or ``bfloat16`` (``fp32``/``bf16`` accepted); E122 otherwise."""
    choice = (precision or "auto").strip().lower()
    choice = _PRECISION_ALIASES.get(choice, choice)
    if choice not in PRECISIONS:
        raise SettingError("E122", f"embedding precision {precision!r}: choose auto, float32 (fp32) or bfloat16 (bf16)",
                           "write precision auto, float32 or bfloat16")
    return choice


def normalise_encoder(encoder: str | None) -> str:
    """``auto`` or one of ENCODERS (``_`` for ``-`` and the runtime alone accepted); E124 otherwise."""
    choice = (encoder or "auto").strip().lower().replace("_", "-")
    choice = _ENCODER_ALIASES.get(choice, choice)
    if choice not in ENCODERS:
        raise SettingError("E124", f"encoder {encoder!r}: choose one of {', '.join(ENCODERS)}",
                           "write encoder auto, or e.g. onnx-float32")
    return choice


def find_config(cwd: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest factcheck.toml, or pyproject.toml with [tool.factcheck], from cwd upwards."""
    for d in (cwd, *cwd.parents):
        toml = d / "factcheck.toml"
        if toml.is_file():
            return toml, _read_toml(toml)
        pyproject = d / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("factcheck")
            if table is not None:
                return pyproject, table
            return None  # a project root without factcheck settings: stop looking
        if (d / ".git").exists():
            return None
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        line = re.search(r"line (\d+)", str(e))
        raise FactcheckError(
            "E210", f"invalid TOML: {e}", "correct the TOML syntax", path, int(line.group(1)) if line else None
        ) from e
    except OSError as e:
        raise FactcheckError("E210", f"cannot read config: {e}", "check the file exists and is readable", path) from e
    except (RecursionError, UnicodeDecodeError) as e:  # nested past the parser's depth; not UTF-8
        raise FactcheckError("E210", f"invalid TOML ({e.__class__.__name__})", "correct the TOML syntax",
                             path) from None


def _line_of(path: Path | None, key: str) -> int | None:
    """TOML parsers give no positions: find the key's line for the error message."""
    if path is None:
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    pat = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
    for i, text in enumerate(lines, 1):
        if pat.match(text):
            return i
    return None


def _apply(settings: Settings, values: dict[str, Any], base: Path, source: Path | None, cli: bool) -> None:
    """Merge one layer of values into settings, validating each."""

    def bad(key: str, msg: str, hint: str) -> FactcheckError:
        where = source if source is not None else "command line"
        return FactcheckError("E210", msg, hint, where, _line_of(source, key))

    for key, value in values.items():
        if value is None:
            continue
        if key not in CONFIG_KEYS:
            raise bad(key, f"unknown setting '{key}' (valid: {', '.join(CONFIG_KEYS)})", "remove or rename the key")
        if key == "rules":
            items = [value] if isinstance(value, (str, Path)) else value
            if not isinstance(items, list):
                raise bad(key, "'rules' must be a list of paths", 'write rules = ["my-rules"]')
            settings.rule_dirs.extend(Path(p) if Path(p).is_absolute() else (base / str(p)).resolve() for p in items)
        elif key == "default_rules":
            if not isinstance(value, bool):
                raise bad(key, "'default_rules' must be true or false", "write default_rules = false")
            if not value:
                packaged = packaged_rules_dir()
                settings.rule_dirs = [d for d in settings.rule_dirs if d != packaged]
        elif key in ("enable", "disable"):
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(c, str) for c in items):
                raise bad(key, f"'{key}' must be a list of codes or prefixes", f'write {key} = ["TRM", "NAM001"]')
            getattr(settings, key).extend(c.strip().upper() for c in items)
            if cli:
                settings.cli.update((key, c.strip().upper()) for c in items)
        elif key == "severity":
            if not isinstance(value, dict):
                raise bad(key, "'severity' must be a table code -> level",
                          'write [tool.factcheck.severity] TRM001 = "info"')
            for code, level in value.items():
                if level not in SEVERITIES:
                    raise bad(key, f"severity '{level}' for {code} (valid: {', '.join(SEVERITIES)})",
                              "use a valid level")
                settings.severity[code.upper()] = level
                if cli:
                    settings.cli.add(("severity", code.upper()))
        elif key == "params":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise bad(key, "'params' must be a table code -> table", "write [tool.factcheck.params.NUM001] ...")
            for code, table in value.items():
                settings.params.setdefault(code.upper(), {}).update(table)
        elif key == "fail_on":
            if value not in FAIL_ON:
                raise bad(key, f"fail_on '{value}' (valid: {', '.join(FAIL_ON)})", "use one of the valid values")
            settings.fail_on = value
        elif key == "pair_threshold":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < float(value) <= 1:
                raise bad(key, f"pair_threshold {value!r} must be a number in (0, 1]", "e.g. pair_threshold = 0.6")
            settings.pair_threshold = float(value)
        elif key == "min_confidence":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= float(value) <= 1:
                raise bad(key, f"min_confidence {value!r} must be a number in [0, 1]", "e.g. min_confidence = 0.6")
            settings.min_confidence = float(value)
        elif key == "model":
            settings.model = str(value)
        elif key in ("dtype", "precision"):  # precision: the old name, deprecated
            try:
                settings.dtype = normalise_precision(str(value))
            except SettingError as e:
                raise bad(key, e.message, "write dtype = \"auto\"") from None
        elif key == "encoder":
            try:
                settings.encoder = normalise_encoder(str(value))
            except SettingError as e:
                raise bad(key, e.message, "write encoder = \"auto\"") from None
        elif key in ("ignore_file", "decisions_file"):
            p = Path(value)
            setattr(settings, key, p if p.is_absolute() else (base / p))
        if cli:
            settings.cli.add(key)


# Environment variables that set a key, applied between the project config and the CLI.
# FACTCHECK_DTYPE sets the compute dtype; FACTCHECK_PRECISION and FACTCHECK_EMBED_DTYPE are its older
# names (deprecated), and a later name wins when several are set.
ENV_KEYS: dict[str, str] = {
    "FACTCHECK_EMBED_DTYPE": "precision", "FACTCHECK_PRECISION": "precision", "FACTCHECK_MODEL": "model",
    "FACTCHECK_ENCODER": "encoder",
    "FACTCHECK_DTYPE": "dtype",
}


def load_settings(
    cli_overrides: dict[str, Any] | None = None, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Settings:
    """Defaults, then the project config, then the environment (``ENV_KEYS``), then CLI overrides
    (keys as in CONFIG_KEYS; None = not given). ``env`` defaults to ``os.environ``, read, never written."""
    cwd = Path.cwd() if cwd is None else Path(cwd)
    env = dict(os.environ) if env is None else env
    settings = Settings(rule_dirs=[packaged_rules_dir()])
    found = find_config(cwd)
    if found is not None:
        path, table = found
        settings.config_path = path
        _apply(settings, table, path.parent, path, cli=False)
    from_env: dict[str, str] = {}
    for var, key in ENV_KEYS.items():
        if env.get(var):
            from_env[key] = env[var]
    try:
        _apply(settings, from_env, cwd, None, cli=False)
    except FactcheckError as e:
        names = ", ".join(var for var, key in ENV_KEYS.items() if key in from_env)
        raise FactcheckError("E210", e.message, f"correct or unset {names}", "environment") from None
    _apply(settings, dict(cli_overrides or {}), cwd, None, cli=True)
    if settings.ignore_file is None and (cwd / IGNORE_FILE).is_file():
        settings.ignore_file = cwd / IGNORE_FILE
    # The same directory listed twice would load its rules twice (duplicate codes).
    seen: set[Path] = set()
    settings.rule_dirs = [d for d in settings.rule_dirs if not (d in seen or seen.add(d))]
    return settings
