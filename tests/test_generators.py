"""The extension recipes, done: each generator, run in a copy of the checkout, adds one file and one
registry line (plus its fixtures and, for a reader, its docs row), and the copy's relevant tests pass."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache", ".hypothesis",
                              "build", "*.egg-info", "reports")


def _files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


CASES = [
    (["new_check.py", "percent_style", "PCT001", "style", "per cent"],
     {"factcheck/checks/percent_style.py", "tests/test_check_percent_style.py"},
     {"factcheck/checks/__init__.py"},
     ["tests/test_check_percent_style.py", "tests/test_architecture.py", "tests/test_rules_loading.py"]),
    (["new_reader.py", "rtf", ".rtf", "RTF document, read as plain text", "--signature", "{\\\\rtf"],
     {"factcheck/ingest/rtf.py", "tests/test_ingest_rtf.py"},
     {"factcheck/ingest/registry.py", "docs/formats.md", "factcheck/ingest/refused.py"},  # RTF was refused
     ["tests/test_ingest_rtf.py", "tests/test_ingest.py", "tests/test_architecture.py"]),
    (["new_format.py", "markdown", ".md", "Markdown, one bullet per finding"],
     {"factcheck/report/markdown.py"},
     {"factcheck/report/formats.py"},
     ["tests/test_formats_registry.py", "tests/test_architecture.py"]),
]


@pytest.mark.parametrize(("argv", "new", "edited", "tests"), CASES, ids=[c[0][0] for c in CASES])
def test_a_generator_adds_one_file_and_one_registry_line(argv, new, edited, tests, tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=SKIP, symlinks=True)
    before = _files(copy)
    done = subprocess.run([sys.executable, f"scripts/{argv[0]}", *argv[1:]], cwd=copy, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    after = _files(copy)
    assert set(after) - set(before) == new
    assert {f for f in before if f in after and before[f] != after[f]} == edited
    registry = next(f for f in sorted(edited) if f.endswith(".py") and "refused" not in f)
    old = (ROOT / registry).read_text(encoding="utf-8").splitlines()
    lines = (copy / registry).read_text(encoding="utf-8").splitlines()
    assert len(lines) - len(old) <= 1 + registry.endswith("checks/__init__.py")  # the line (and its import)
    env = {**os.environ, "PYTHONPATH": str(copy)}
    checked = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests], cwd=copy,
                             env=env, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout[-3000:]
    assert " passed" in checked.stdout


def test_a_generator_never_overwrites(tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=SKIP, symlinks=True)
    done = subprocess.run([sys.executable, "scripts/new_check.py", "count", "CNT009", "count", "tally"], cwd=copy,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "exists already" in done.stderr
    count = "factcheck/checks/count.py"
    assert (copy / count).read_bytes() == (ROOT / count).read_bytes()
