"""A check's fingerprint, for the run cache: a JSON-able description of its configuration, equal
across processes and runs, and the versions of the libraries whose answers it uses."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any


class Unstable(Exception):
    """A check holds something with no stable description: its findings are not cached."""


def describe(x: Any, depth: int = 0) -> Any:
    """A JSON-able description of a check's configuration, equal across processes and runs."""
    if depth > 24:
        raise Unstable
    if x is None or isinstance(x, (bool, int, float, str)):
        return x
    if isinstance(x, bytes):
        return ["bytes", x.hex()]
    if isinstance(x, dict):
        items = ([describe(k, depth + 1), describe(v, depth + 1)] for k, v in x.items())
        return ["dict", sorted(items, key=json.dumps)]
    if isinstance(x, (list, tuple)):
        return [describe(v, depth + 1) for v in x]
    if isinstance(x, (set, frozenset)):
        return ["set", sorted((describe(v, depth + 1) for v in x), key=json.dumps)]
    if isinstance(x, re.Pattern):
        return ["re", x.pattern, x.flags]
    if isinstance(x, (date, Path)):
        return str(x)
    if isinstance(x, type):
        return f"{x.__module__}.{x.__qualname__}"
    if dataclasses.is_dataclass(x):
        fields = {f.name: getattr(x, f.name) for f in dataclasses.fields(x)}
        return [type(x).__qualname__, describe(fields, depth + 1)]
    if hasattr(x, "__dict__") and not callable(x):
        public = {k: v for k, v in vars(x).items() if not k.startswith("_")}  # "_..." is per-run scratch
        return [f"{type(x).__module__}.{type(x).__qualname__}", describe(public, depth + 1)]
    raise Unstable


@lru_cache(maxsize=1)
def library_versions(names: tuple[str, ...]) -> list[str]:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in names:
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            out.append(f"{name} -")
    return out
