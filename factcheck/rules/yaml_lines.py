"""YAML rule files read safely, with the line of every mapping, key and list item, so a mistake in
a pack is reported at its line. Only data is constructed (a ``SafeLoader`` subclass)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from factcheck.checks.rulekit import LineDict, LineList
from factcheck.core.errors import FactcheckError


class _Loader(yaml.SafeLoader):
    """SafeLoader that records node positions; it constructs no Python objects beyond data."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise FactcheckError("E205", f"mapping key {key!r} must be text", "quote the key", None, out.line)
        key = str(key)
        if key in out:
            raise FactcheckError("E205", f"duplicate key '{key}'", "remove one of them", None,
                                 key_node.start_mark.line + 1)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise FactcheckError("E200", f"cannot read rule file: {e}", "check the path and that it is UTF-8 text",
                             path) from e
    try:
        return yaml.load(text, Loader=_Loader)
    except FactcheckError as e:
        e.path = str(path)
        raise FactcheckError(e.code, e.message, e.hint, path, e.line) from None
    except RecursionError:  # nested past the parser's depth: no rule file needs that
        raise FactcheckError("E203", "invalid YAML: nested too deeply", "a rule file nests a few levels at most",
                             path) from None
    except yaml.YAMLError as e:
        # The context mark is where the broken construct starts (an unclosed quote), which is
        # where the user must look; the problem mark is where the parser gave up.
        context, cmark = getattr(e, "context", None), getattr(e, "context_mark", None)
        problem, pmark = getattr(e, "problem", None) or str(e).splitlines()[0], getattr(e, "problem_mark", None)
        mark = cmark or pmark
        detail = f"{context}, {problem}" if context else problem
        if cmark and pmark and pmark.line != cmark.line:
            detail += f" (at line {pmark.line + 1})"
        raise FactcheckError(
            "E203",
            f"invalid YAML: {detail}",
            "check indentation, colons and quoting around this line (quote text containing ': ' or '#')",
            path,
            mark.line + 1 if mark else None,
        ) from None
