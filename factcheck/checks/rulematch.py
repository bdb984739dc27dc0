"""What rule types share to match text: safe rule regexes, whole-word phrases, and the
``when`` / ``unless`` conditions that decide whether a match may be reported."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import re2

from factcheck.checks.rulekit import LineDict, RuleContext
from factcheck.core.model import Document

MAX_PATTERN = 500  # characters: rule regexes are short; a longer one is likely a mistake
# A compiled rule pattern: re.Pattern, or RE2's pattern (same search/finditer/fullmatch/groups API).
RulePattern = Any


# --- safe regular expressions --------------------------------------------------------

try:  # Python 3.11+ keeps the parser private; it is the only way to inspect a pattern's shape
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    from re import _constants as _sre_c  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_REPEATS = (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", None))


def _children(op: Any, av: Any) -> list:
    """The sub-patterns of one parsed item: a repeat's body, a group's, each alternative, an assertion's."""
    if op in _REPEATS:
        return [av[2]]
    if op == _sre_c.SUBPATTERN:
        return [av[-1]]
    if op == _sre_c.BRANCH:
        return list(av[1])
    if op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT):
        return [av[1]]
    return []


def _repeats(op: Any, av: Any) -> bool:
    """A repeat that can run more than once."""
    return op in _REPEATS and (av[1] == _sre_c.MAXREPEAT or av[1] > 1)


def _anywhere(items: Any, found: Any) -> bool:
    """True if ``found(op, av)`` holds for an item here or in any sub-pattern."""
    return any(found(op, av) or any(_anywhere(sub, found) for sub in _children(op, av)) for op, av in items)


def _has_unbounded_repeat(items: Any) -> bool:
    return _anywhere(items, _repeats)


def _has_branch(items: Any) -> bool:
    return _anywhere(items, lambda op, av: op == _sre_c.BRANCH)


def _nested_repeat(items: Any) -> bool:
    """True if a repeated group contains another repeat: (a+)+, (a*b?)*, (x|y+){2,}: star height > 1."""
    return _anywhere(items, lambda op, av: _repeats(op, av) and _has_unbounded_repeat(av[2]))


def _repeated_branch(items: Any) -> bool:
    """True if a repeat holds alternatives, which can overlap: (a|aa)+b backtracks exponentially with
    no repeat inside the repeat, so the star-height test alone lets it through."""
    return _anywhere(items, lambda op, av: _repeats(op, av) and _has_branch(av[2]))


def _linear(pattern: str, flags: int) -> Any | None:
    """The pattern compiled by RE2 (linear time in the text, whatever the pattern), or None where RE2
    cannot express it (lookaround, back-references). RE2 logs refusals to stderr unless told not to."""
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = not flags & re.IGNORECASE
    try:
        return re2.compile(pattern, options)
    except re2.error:
        return None


def compile_regex(pattern: str, ctx: RuleContext, line: int | None, flags: int = 0) -> RulePattern:
    """Compile a rule regex, refusing ones that are invalid or too long.

    A rule's pattern is untrusted. One whose shape can backtrack badly (a repeat inside a repeat,
    alternatives inside a repeat) runs on RE2, which matches in linear time; the rest keep Python's
    engine and its Unicode classes. A risky pattern that RE2 cannot express is refused (E207)."""
    if len(pattern) > MAX_PATTERN:
        raise ctx.error("E206", f"regex is {len(pattern)} characters (limit {MAX_PATTERN})",
                        "split it into several swaps or use a word list", line)
    try:
        compiled = re.compile(pattern, flags)
    except re.error as e:
        raise ctx.error("E206", f"invalid regex {pattern!r}: {e.msg} at position {e.pos}",
                        "escape special characters such as ( ) [ ] . + ? with a backslash, or set regex: false",
                        line) from None
    parsed = _sre_parse.parse(pattern, flags)
    if not (_nested_repeat(parsed) or _repeated_branch(parsed)):
        return compiled
    linear = _linear(pattern, flags)
    if linear is None:
        raise ctx.error("E207", f"regex {pattern!r} repeats a repeat or alternatives, which can take exponential "
                        "time, and uses lookaround or a back-reference, which the linear-time engine lacks",
                        "remove the inner quantifier, e.g. write (ab)+ or a+ instead of (a+)+, or drop the "
                        "lookaround", line)
    return linear


def literal_regex(words: str, ignorecase: bool = False) -> str:
    """A literal phrase as a whole-word pattern; inner spaces match any run of whitespace."""
    parts = [re.escape(w) for w in words.split()]
    return r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)"


# --- conditions: `when` / `unless` ---------------------------------------------------

SCOPES = ("document", "paragraph", "sentence")
CONDITION_KEYS = ("any", "all", "none", "scope", "ignorecase")


@dataclass
class Condition:
    """Words or phrases that must (any/all) or must not (none) occur in the match's scope."""

    any: list[re.Pattern[str]] = field(default_factory=list)
    all: list[re.Pattern[str]] = field(default_factory=list)
    none: list[re.Pattern[str]] = field(default_factory=list)
    scope: str = "document"

    @classmethod
    def parse(cls, data: Any, ctx: RuleContext, key: str, line: int) -> Condition:
        if isinstance(data, (list, str)):  # shorthand: `when: [a, b]` means any of them
            data_map = LineDict(any=data)
            data_map.line, data_map.key_lines = line, {"any": line}
            data = data_map
        if not isinstance(data, dict):
            raise ctx.error("E205", f"'{key}' must be a mapping with any/all/none",
                            f'write {key}: {{any: ["London"]}}', line)
        ctx.check_keys(data, CONDITION_KEYS, f"'{key}'")
        flags = re.IGNORECASE if ctx.optional(data, "ignorecase", bool, False, "ignorecase: true") else 0
        scope = ctx.optional(data, "scope", str, "document", "scope: sentence")
        if scope not in SCOPES:
            raise ctx.error("E205", f"unknown scope '{scope}' (valid: {', '.join(SCOPES)})", "use a valid scope",
                            data.line_of("scope"))
        out = cls(scope=scope)
        for part in ("any", "all", "none"):
            words = ctx.text_list(data, part, f'{part}: ["Westminster", "Home Office"]')
            setattr(out, part, [re.compile(literal_regex(w), flags) for w in words])
        if not (out.any or out.all or out.none):
            raise ctx.error("E204", f"'{key}' lists no words", f'add {key}: {{any: ["..."]}}', line)
        return out

    def holds(self, doc: Document, start: int, end: int) -> bool:
        a, b = scope_bounds(doc, start, end, self.scope)
        text = doc.text
        if self.any and not any(p.search(text, a, b) for p in self.any):
            return False
        if self.all and not all(p.search(text, a, b) for p in self.all):
            return False
        return not any(p.search(text, a, b) for p in self.none)


_SENT_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019]?\s+(?=[\"'\u201c\u2018]?[A-Z])|\n")


def scope_bounds(doc: Document, start: int, end: int, scope: str) -> tuple[int, int]:
    """The (start, end) of the document, paragraph or sentence around a span."""
    text = doc.text
    if scope == "document":
        return 0, len(text)
    if scope == "paragraph":
        a = text.rfind("\n", 0, start) + 1
        b = text.find("\n", end)
        return a, len(text) if b < 0 else b
    if doc.sentences:
        s, e = doc.sentence_at(start), doc.sentence_at(max(start, end - 1))
        if s is not None and e is not None:
            return s.start, e.end
    # No segmentation yet: a cheap approximation (full stop + capital, or a line break).
    a = 0
    for m in _SENT_END.finditer(text, max(0, start - 2000), min(len(text), start + 2)):  # +2: the lookahead
        if m.end() <= start:
            a = m.end()
    m = _SENT_END.search(text, end)
    return a, m.start() if m else len(text)


class Conditions:
    """A rule's `when` and `unless`, parsed; `allows` says if a match may be reported."""

    def __init__(self, when: list[Condition], unless: list[Condition]) -> None:
        self.when, self.unless = when, unless

    @classmethod
    def parse(cls, data: LineDict, ctx: RuleContext) -> Conditions:
        parsed: dict[str, list[Condition]] = {"when": [], "unless": []}
        for key in parsed:
            if key not in data or data[key] is None:
                continue
            value = data[key]
            items = value if isinstance(value, list) and value and all(isinstance(v, dict) for v in value) else [value]
            parsed[key] = [Condition.parse(v, ctx, key, data.line_of(key)) for v in items]
        return cls(parsed["when"], parsed["unless"])

    def allows(self, doc: Document, start: int, end: int) -> bool:
        return all(c.holds(doc, start, end) for c in self.when) and not any(
            c.holds(doc, start, end) for c in self.unless
        )

