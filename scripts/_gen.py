"""What the generators share: the repository they write into, and adding one line to a registry."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path.cwd()  # the checkout to write into: run a generator from its top folder


def fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(2)


def write_new(path: Path, text: str) -> None:
    """Create ``path``; never over a file someone wrote."""
    if path.exists():
        fail(f"{path.relative_to(ROOT)} exists already: choose another name")
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def add_line(path: Path, after: str, line: str, *, import_line: str | None = None) -> None:
    """Insert ``line`` before the closing bracket of the block that opens with ``after`` (a registry
    tuple or dict), and ``import_line`` after the file's last ``from factcheck`` import."""
    text = path.read_text(encoding="utf-8")
    start = text.find(after)
    if start < 0:
        fail(f"{path.relative_to(ROOT)} has no {after!r}: has the registry moved?")
    close = re.compile(r"^[)}]", re.M).search(text, start)
    if close is None:
        fail(f"{path.relative_to(ROOT)}: the block after {after!r} does not close")
    text = text[:close.start()] + line + "\n" + text[close.start():]
    if import_line:  # in isort's place among the package's imports, so ruff stays clean
        module = import_line.split()[1]
        imports = list(re.finditer(r"^from (factcheck\S*) import .*$", text, re.M))
        later = [m for m in imports if m.group(1) > module]
        at = later[0].start() if later else imports[-1].end() + 1 if imports else 0
        text = text[:at] + import_line + "\n" + text[at:]
    path.write_text(text, encoding="utf-8")
    print(f"added to {path.relative_to(ROOT)}: {line.strip()}")


def identifier(name: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        fail(f"{name!r}: a module name is lower case letters, digits and _")
    return name


def camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))
