"""A stage folder's ``__init__`` names what it offers and loads each name's module on first use, so
importing one module of a stage never loads the others (``--help`` stays fast)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_names(package: str, offers: dict[str, str]) -> Callable[[str], Any]:
    """The module ``__getattr__`` for ``package``: ``offers`` maps a name to the module defining it."""

    def __getattr__(name: str) -> Any:
        if name in offers:
            return getattr(import_module(f"{package}.{offers[name]}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
