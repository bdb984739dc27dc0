"""Linguistic lexicons shipped as YAML package data (honorifics, title words, number words...)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

_BOOL = "tag:yaml.org,2002:bool"


class WordLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans: only true/false are booleans.

    Lexicons list words; under YAML 1.1 "on", "off", "yes" and "no" would load as
    True/False and silently drop out of a word list.
    """


WordLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
WordLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


@cache
def load(name: str) -> Any:
    """Load ``factcheck/lexicons/<name>.yml`` once; the result is shared, so treat it as read-only."""
    text = resources.files(__name__).joinpath(f"{name}.yml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=WordLoader)
