"""The package's shape: imports point down the pipeline and never go round in a circle.

Read from the source with ``ast`` (nothing is imported): every ``import factcheck...`` and
``from factcheck... import ...``, at module level or inside a function, is an arrow. See
docs/architecture.md for what each stage owns.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "factcheck"

# The stages are the package's folders, bottom to top: a module may import its own stage and the
# stages below it, never one above. Only the order is written here; which modules a stage holds is
# the tree (a module belongs to the folder it sits in; the modules at the top are the entry points).
ORDER = ("core", "lexicons", "ingest", "segment", "extract", "embed", "pair", "checks", "rules", "findings",
         "run", "report")
ENTRY_POINTS = "entry points"
STAGES = [*ORDER, ENTRY_POINTS]


def stage_folders() -> list[str]:
    """Every package folder directly under factcheck/ (a folder with an ``__init__.py``)."""
    return sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))


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
    parts = module.split(".")[1:]
    if parts and (PACKAGE / parts[0]).is_dir():
        assert parts[0] in ORDER, f"factcheck/{parts[0]}/ is no stage: add it to ORDER and docs/architecture.md"
        return ORDER.index(parts[0])
    return len(ORDER)  # factcheck/*.py and factcheck/__init__.py: the entry points, on top


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {m: imports(p, set(mods)) for m, p in mods.items()}


def test_every_folder_is_a_stage():
    assert stage_folders() == sorted(ORDER)


def test_every_module_has_a_stage():
    for m in modules():
        stage_of(m)


def test_no_import_points_up_the_pipeline():
    upward = [
        f"{m} ({STAGES[stage_of(m)]}) imports {d} ({STAGES[stage_of(d)]})"
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
    assert "factcheck.run.index" in g["factcheck.run.pipeline"]
    assert stage_of("factcheck.api") == len(ORDER) and stage_of("factcheck.core.model") == 0


def test_checks_share_helpers_through_underscore_modules_only():
    """A check's module is its own: checks share code through checks/_*.py (or the rule kit), never by
    importing another check's module."""
    shared = {"factcheck.checks", "factcheck.checks.base", "factcheck.checks.rulekit", "factcheck.checks.rulematch"}
    g = graph()

    def is_check(m: str) -> bool:
        return m.startswith("factcheck.checks.") and m not in shared and not m.split(".")[-1].startswith("_")

    crossing = [f"{m} imports {d}" for m in sorted(g) if is_check(m) for d in sorted(g[m]) if is_check(d)]
    assert crossing == []
    assert any(is_check(m) for m in g) and "factcheck.checks._figures" in g["factcheck.checks.support"]
