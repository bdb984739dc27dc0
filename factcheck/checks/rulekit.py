"""The rule-check contract: what a rule is, the context a rule type validates its data in,
and ``RuleCheck``, the base of every check type a rule can ``extend``.

``factcheck.rules.packs`` reads packs into ``Rule`` objects; a rule type (substitution.py,
gazetteer.py, consistency.py) turns one into a check with ``from_rule``. Every mistake in
a rule's data is ONE ``FactcheckError`` with the file, the line and the valid choices.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.checks.base import Check
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Document
from factcheck.pair.corpus import Corpus


class LineDict(dict):
    """A YAML mapping that remembers its own line and each key's line (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list[int]

    def line_at(self, i: int) -> int:
        return self.item_lines[i] if i < len(self.item_lines) else self.line



# --- the context a rule type validates itself in -------------------------------------


@dataclass
class RuleContext:
    """Where a rule came from, for error messages."""

    path: Path
    code: str = ""

    def error(self, code: str, message: str, hint: str, line: int | None) -> FactcheckError:
        prefix = f"rule {self.code}: " if self.code else ""
        return FactcheckError(code, prefix + message, hint, self.path, line)

    def check_keys(self, data: LineDict, valid: tuple[str, ...] | list[str], what: str) -> None:
        for key in data:
            if key not in valid:
                raise self.error(
                    "E201",
                    f"unknown key '{key}' in {what} (valid: {', '.join(valid)})",
                    did_you_mean(key, valid) or f"rename '{key}' to one of the valid keys or remove it",
                    data.line_of(key),
                )

    def require(self, data: LineDict, key: str, kind: type | tuple[type, ...], what: str, example: str) -> Any:
        if key not in data or data[key] is None:
            raise self.error("E204", f"missing required field '{key}' in {what}", f"add {example}", data.line)
        return self.typed(data, key, kind, example)

    def optional(self, data: LineDict, key: str, kind: type | tuple[type, ...], default: Any, example: str) -> Any:
        if key not in data or data[key] is None:
            return default
        return self.typed(data, key, kind, example)

    def typed(self, data: LineDict, key: str, kind: type | tuple[type, ...], example: str) -> Any:
        value = data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            ok = False
        else:
            ok = isinstance(value, kinds)
        if not ok:
            names = " or ".join(_type_name(k) for k in kinds)
            raise self.error("E205", f"'{key}' must be {names}, got {_type_name(type(value))}", f"write {example}",
                             data.line_of(key))
        return value

    def text_list(self, data: LineDict, key: str, example: str, required: bool = False) -> list[str]:
        value = self.require(data, key, list, "this rule", example) if required else \
            self.optional(data, key, (list, str), [], example)
        if isinstance(value, str):
            return [value]
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                line = value.line_at(i) if isinstance(value, LineList) else data.line_of(key)
                raise self.error("E205", f"'{key}' item {i + 1} must be non-empty text", f"write {example}", line)
        return list(value)


def did_you_mean(word: str, valid: tuple[str, ...] | list[str]) -> str | None:
    close = difflib.get_close_matches(word, list(valid), n=1)
    return f"did you mean '{close[0]}'?" if close else None


def _type_name(t: type) -> str:
    return {str: "text", list: "a list", dict: "a mapping", LineDict: "a mapping", LineList: "a list",
            bool: "true/false", int: "a number", float: "a number", type(None): "empty"}.get(t, t.__name__)


@dataclass
class Rule:
    """One rule as a pack wrote it, with the check type it extends already resolved."""

    code: str
    type: str
    category: str
    severity: str
    message: str
    description: str
    enabled: bool
    confidence: float
    path: Path
    line: int
    data: LineDict  # the rule's mapping as written (type-specific keys included)
    check_type: type[RuleCheck]

    def build(self) -> RuleCheck:
        return self.check_type.from_rule(self, RuleContext(self.path, self.code))


def rule_summary(rule: Rule) -> str:
    """The description's first sentence, on one line (the message template if there is none)."""
    text = " ".join(rule.description.split()) or rule.message
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return first if len(first) <= 100 else first[:99] + "\u2026"



class RuleCheck(Check):
    """A check type instantiated per rule: code, category, message and severity come from the rule."""

    rule_keys: tuple[str, ...] = ()  # type-specific keys a rule may use (besides the common ones)
    placeholders: tuple[str, ...] = ()  # what the message template may name
    default_category = "term"
    default_message = ""
    default_confidence = 0.8

    def __init__(self, rule: Rule) -> None:
        super().__init__()
        self.rule = rule
        self.code = rule.code  # instance-level: one type, many codes
        self.category = rule.category
        self.severity = rule.severity  # type: ignore[assignment]
        self.summary = rule_summary(rule)
        self.confidence = rule.confidence

    @classmethod
    def from_rule(cls, rule: Rule, ctx: RuleContext) -> RuleCheck:
        raise NotImplementedError

    def checked_documents(self, corpus: Corpus) -> list[Document]:
        """Reference material (--against) is evidence only: never reported on."""
        return [d for d in corpus.documents if not d.reference]
