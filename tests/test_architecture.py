"""The package's shape: imports point down the pipeline and never go round in a circle.

Read from the source with ``ast`` (nothing is imported): every ``import factcheck...`` and
``from factcheck... import ...``, at module level or inside a function, is an arrow. See
docs/architecture.md for what each stage owns.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "factcheck"

# Bottom to top: a module may import its own stage and the stages below it, never one above.
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("foundation", ("version", "model", "locations", "errors", "config", "progress", "lexicons", "codec", "docrows",
                    "cache")),
    ("ingest", ("ingest", "html_article", "docx_text")),
    ("segment", ("segment",)),
    ("extract", ("extract", "parallel")),
    ("embed", ("pairable", "embed")),
    ("pair", ("pairing", "stories", "corpus", "assembly", "index", "index_store")),
    ("checks", ("checks",)),
    ("rules", ("rules", "rules_yaml")),
    ("findings", ("pipeline", "story_run", "suppress", "findings")),
    ("report", ("report",)),
    ("entry points", ("api", "watch", "cli", "cli_rules", "__main__", "")),  # "" is factcheck/__init__.py
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """The package modules ``path`` imports (``from a import b`` names a.b when b is a module)."""
    out: set[str] = set()
    name = module_name(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "factcheck")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                pkg = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                base = ".".join(pkg[: len(pkg) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] != "factcheck":
                continue
            subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known]
            out.update(subs or [base])
    return {m for m in out if m in known and m != name}


def stage_of(module: str) -> int:
    rest = module.removeprefix("factcheck").removeprefix(".")
    top = rest.split(".")[0]
    for rank, (_, members) in enumerate(STAGES):
        if top in members:
            return rank
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES and docs/architecture.md")


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {m: imports(p, set(mods)) for m, p in mods.items()}


def test_every_module_has_a_stage():
    for m in modules():
        stage_of(m)


def test_no_import_points_up_the_pipeline():
    upward = [
        f"{m} ({STAGES[stage_of(m)][0]}) imports {d} ({STAGES[stage_of(d)][0]})"
        for m, deps in sorted(graph().items()) for d in sorted(deps) if stage_of(d) > stage_of(m)
    ]
    assert upward == []


def test_no_import_cycle():
    g = graph()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    cycles: list[list[str]] = []

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for d in sorted(g[m]):
            if state.get(d) == 1:
                cycles.append([*path[path.index(d):], d] if d in path else [m, d])
            elif d not in state:
                visit(d, [*path, d])
        state[m] = 2

    for m in sorted(g):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_the_walk_sees_imports():
    """Guards the test itself: known arrows are found, so an empty result means something."""
    g = graph()
    assert "factcheck.checks.rulekit" in g["factcheck.checks.substitution"]
    assert "factcheck.extract.enumerations" not in g["factcheck.extract"]  # imported by name at run time only
    assert "factcheck.index" in g["factcheck.pipeline"]
