"""Rule packs: hand-written validation vs jsonschema, and Python's regex engine vs RE2 for rule patterns.

    python bench/rules_validation.py

Part 1 feeds the same broken packs (tests/fixtures/rules/broken and the mistakes of
tests/test_rules_loading.py) to factcheck's loader and to a JSON Schema of the pack format checked
by jsonschema (its best_match error). jsonschema reports a JSON path, not a line: the bench maps
the path to a line through the loader's own line-keeping YAML (the best a schema can do), and
prints what each reports. Part 2 times hostile and shipped rule patterns on both engines.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jsonschema
import re2

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from factcheck.checks import RULE_TYPES
from factcheck.checks.rulekit import LineDict, LineList
from factcheck.core.config import SEVERITIES
from factcheck.core.errors import FactcheckError
from factcheck.core.model import CATEGORIES
from factcheck.rules.packs import COMMON_RULE_KEYS, PACK_KEYS, load_packs
from factcheck.rules.yaml_lines import load_yaml

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ROOT / "tests/fixtures/rules/broken"
CASES = {  # name -> pack text (a mistake each), beside the broken fixture files
    "lower-case code": "rules:\n  - code: lower1\n    extends: substitution\n    swap: {a: b}\n",
    "bad severity": "rules:\n  - code: BAD001\n    extends: substitution\n    severity: fatal\n    swap: {a: b}\n",
    "bad category": "rules:\n  - code: BAD001\n    extends: substitution\n    category: spelling\n    swap: {a: b}\n",
    "bad placeholder": "rules:\n  - code: BAD001\n    extends: substitution\n    message: '{wrongg}'\n"
                       "    swap: {a: b}\n",
    "bad scope": "rules:\n  - code: BAD001\n    extends: substitution\n    when: {any: [x], scope: page}\n"
                 "    swap: {a: b}\n",
    "unknown top key": "rulez: []\n",
    "confidence > 1": "rules:\n  - code: BAD001\n    extends: substitution\n    confidence: 3\n    swap: {a: b}\n",
    "swap not a list": "rules:\n  - code: BAD001\n    extends: substitution\n    swap: Labor\n",
}


def _schema() -> dict:
    """The pack format as JSON Schema: what a schema can say (keys, types, enums, ranges), per rule type."""
    common = {
        "code": {"type": "string", "pattern": "^[A-Z]{2,5}[0-9]{3}$"},
        "extends": {"enum": list(RULE_TYPES)},
        "category": {"enum": list(CATEGORIES)},
        "severity": {"enum": list(SEVERITIES)},
        "message": {"type": "string"}, "description": {"type": "string"}, "enabled": {"type": "boolean"},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
    }
    condition = {"type": "object", "properties": {"scope": {"enum": ["document", "paragraph", "sentence"]}}}
    typed = {"swap": {"type": ["array", "object"]}, "sets": {"type": "array"}, "when": condition,
             "unless": condition, "regex": {"type": "boolean"}, "ignorecase": {"type": "boolean"}}
    per_type = []
    for name, cls in RULE_TYPES.items():
        keys = {k: typed.get(k, {}) for k in cls.rule_keys}
        required = [k for k in ("swap", "sets") if k in cls.rule_keys]  # what from_rule requires
        per_type.append({"if": {"properties": {"extends": {"const": name}}},
                         "then": {"properties": {**common, **keys}, "additionalProperties": False,
                                  "required": required}})
    assert set(COMMON_RULE_KEYS) == set(common)
    rule = {"type": "object", "required": ["code", "extends"], "properties": common, "allOf": per_type}
    return {"type": "object", "properties": {"rules": {"type": "array", "items": rule}, "checks": {"type": "object"}},
            "additionalProperties": False, "propertyNames": {"enum": list(PACK_KEYS)}}


def _line(data: object, path: list) -> int | None:
    """The line of the deepest node on a JSON path, through the loader's line-keeping containers."""
    line = getattr(data, "line", None)
    for step in path:
        if isinstance(data, LineDict) and step in data:
            line, data = data.line_of(step), data[step]
        elif isinstance(data, LineList) and isinstance(step, int) and step < len(data):
            line, data = data.line_at(step), data[step]
        else:
            break
    return line


def part1() -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    files = sorted(BROKEN.glob("*.yml"))
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in CASES.items():
            p = Path(tmp) / f"{name.replace(' ', '_').replace('>', 'gt')}.yml"
            p.write_text(text, encoding="utf-8")
            files.append(p)
        print("| case | factcheck (code line: message. Fix) | jsonschema best_match (line via our map: message) |")
        print("| --- | --- | --- |")
        lines = {"factcheck": 0, "jsonschema": 0, "caught_js": 0}
        for f in files:
            try:
                load_packs([f])
                ours = "(accepted)"
            except FactcheckError as e:
                ours = f"{e.code} {e.line}: {e.message[:70]}. Fix: {e.hint[:40]}"
                lines["factcheck"] += e.line is not None
            try:
                data = load_yaml(f)
            except FactcheckError as e:  # a YAML syntax error: no document for a schema to see
                theirs = f"(no document: YAML error at line {e.line})"
            else:
                err = jsonschema.exceptions.best_match(validator.iter_errors(data))
                if err is None:
                    theirs = "(valid: the mistake is beyond the schema)"
                else:
                    line = _line(data, list(err.absolute_path))
                    lines["jsonschema"] += line is not None
                    lines["caught_js"] += 1
                    theirs = f"{line}: {err.message[:90]}"
            print(f"| {f.stem} | {ours} | {theirs} |".replace("\n", " "))
        print(f"\n{len(files)} broken packs: factcheck names a line for {lines['factcheck']}; the schema flags "
              f"{lines['caught_js']} (a line for {lines['jsonschema']} only through our line map)")
        shipped = sorted((ROOT / "rules").glob("*.yml"))
        n = 20
        t0 = time.perf_counter()
        for _ in range(n):
            load_packs(shipped)
        ours_ms = (time.perf_counter() - t0) / n * 1000
        docs = [load_yaml(p) for p in shipped]
        t0 = time.perf_counter()
        for _ in range(n):
            for d in docs:
                list(validator.iter_errors(d))
        theirs_ms = (time.perf_counter() - t0) / n * 1000
        print(f"shipped packs ({len(shipped)} files): factcheck load+validate {ours_ms:.1f} ms; jsonschema validate "
              f"alone (after the same YAML load) {theirs_ms:.1f} ms")


_HOSTILE = {  # pattern -> a text it fails on only after trying every way through
    r"(a+)+b": "a" * 26, r"(a|aa)+b": "a" * 32, r"(\w+\s?)*$": "word " * 6 + "!" * 1,
    r"(.*a){8}x": "a" * 40,
}


def _time_re(pattern: str, text: str, limit: float = 20.0) -> str:
    """Python's engine in a child process, stopped after ``limit`` seconds (a hostile match may never end)."""
    code = f"import re, time; p = re.compile({pattern!r}); t = time.perf_counter(); p.search({text!r}); " \
           "print(time.perf_counter() - t)"
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f} s (stopped)"
    return f"{float(out.stdout):.3f} s"


def part2() -> None:
    print("\n| hostile pattern | text | Python re | RE2 (same text) | RE2 on 100,000 characters |")
    print("| --- | --- | --- | --- | --- |")
    opts = re2.Options()
    opts.log_errors = False
    for pattern, text in _HOSTILE.items():
        p2 = re2.compile(pattern, opts)
        t0 = time.perf_counter()
        p2.search(text)
        small = time.perf_counter() - t0
        big = (text * (100_000 // len(text) + 1))[:100_000]
        t0 = time.perf_counter()
        p2.search(big)
        large = time.perf_counter() - t0
        print(f"| `{pattern}` | {len(text)} chars | {_time_re(pattern, text)} | {small * 1000:.3f} ms | "
              f"{large * 1000:.2f} ms |")
    # Ordinary patterns on real text: what moving every rule pattern to RE2 would cost or change.
    texts = [line for line in (ROOT.parent / "shared/bench/dev/archive.jsonl").read_text(encoding="utf-8")
             .splitlines()[:200]]
    plain = {r"\bLabor\b": 0, r"(?:Mr|Mrs|Ms)\.? [A-Z]\w+": 0, r"\b\d+(?:\.\d+)? ?(?:m|bn|million)\b": 0,
             r"[Pp]olice [Cc]ommissioner": 0}
    size = sum(map(len, texts))
    print(f"\n| ordinary pattern | matches re / RE2 on 200 dev lines ({size:,} chars) | re ms | RE2 ms |")
    print("| --- | --- | --- | --- |")
    for pattern in plain:
        spans, best = [], []
        for compiled in (re.compile(pattern), re2.compile(pattern, opts)):
            runs = []
            for _ in range(5):  # the best of five: the machine is shared
                t0 = time.perf_counter()
                found = [m.span() for t in texts for m in compiled.finditer(t)]
                runs.append(time.perf_counter() - t0)
            spans.append(found)
            best.append(min(runs) * 1000)
        a, b = spans
        print(f"| `{pattern}` | {len(a)} / {len(b)}{'' if a == b else ' (differ)'} | {best[0]:.1f} | {best[1]:.1f} |")
    unicode_cases = [(r"\w+", "Müller"), (r"\s", "a\u00a0b"), (r"\bJos\b", "José")]
    for pattern, text in unicode_cases:
        m1, m2 = re.search(pattern, text), re2.compile(pattern, opts).search(text)
        ours, theirs = (m.group() if m else None for m in (m1, m2))
        print(f"Unicode: `{pattern}` on {text!r}: re {ours!r}, RE2 {theirs!r}")


if __name__ == "__main__":
    part1()
    part2()
