"""Linguistic lexicons shipped as YAML package data (honorifics, title words...)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """Load ``factcheck/lexicons/<name>.yml`` once; the result is shared, so treat it as read-only."""
    text = resources.files(__name__).joinpath(f"{name}.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
