"""Rule packs: load and validate rules/*.yml, and build the list of checks to run.

A pack is YAML (loaded with a SafeLoader subclass only) holding ``rules:`` — each rule
``extends`` a check type from ``RULE_TYPES`` and carries its code, message, severity and
data — and ``checks:``, which configures built-in checks by code (severity, params,
enabled). Every mistake in a pack is ONE ``FactcheckError`` with the file, the line and
the valid choices. The helpers here (line-aware mappings, conditions, safe regexes) are
shared by the rule check types.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

import yaml

from factcheck.config import SEVERITIES, Settings
from factcheck.errors import FactcheckError
from factcheck.model import CATEGORIES, Document

# type name -> "module:Class". One line per rule check type; imported lazily because the
# check modules import the helpers below.
RULE_TYPES: dict[str, str] = {
    "substitution": "factcheck.checks.substitution:SubstitutionCheck",
    "gazetteer": "factcheck.checks.gazetteer:GazetteerCheck",
    "consistency": "factcheck.checks.consistency:ConsistencyCheck",
}

PACK_KEYS = ("pack", "description", "rules", "checks")
COMMON_RULE_KEYS = ("code", "extends", "category", "severity", "message", "description", "enabled", "confidence")
BUILTIN_CONFIG_KEYS = ("severity", "enabled", "params")
CODE_RE = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
MAX_PATTERN = 500  # characters: rule regexes are short; a longer one is likely a mistake


# --- line-aware YAML -----------------------------------------------------------------


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
                    _did_you_mean(key, valid) or f"rename '{key}' to one of the valid keys or remove it",
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


def _did_you_mean(word: str, valid: tuple[str, ...] | list[str]) -> str | None:
    close = difflib.get_close_matches(word, list(valid), n=1)
    return f"did you mean '{close[0]}'?" if close else None


def _type_name(t: type) -> str:
    return {str: "text", list: "a list", dict: "a mapping", LineDict: "a mapping", LineList: "a list",
            bool: "true/false", int: "a number", float: "a number", type(None): "empty"}.get(t, t.__name__)


# --- safe regular expressions --------------------------------------------------------

try:  # Python 3.11+ keeps the parser private; it is the only way to inspect a pattern's shape
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    from re import _constants as _sre_c  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_REPEATS = (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", None))


def _has_unbounded_repeat(items: Any) -> bool:
    for op, av in items:
        if op in _REPEATS:
            _lo, hi, sub = av
            if hi == _sre_c.MAXREPEAT or hi > 1:
                return True
            if _has_unbounded_repeat(sub):
                return True
        elif op == _sre_c.SUBPATTERN:
            if _has_unbounded_repeat(av[-1]):
                return True
        elif op == _sre_c.BRANCH:
            if any(_has_unbounded_repeat(b) for b in av[1]):
                return True
        elif op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT):
            if _has_unbounded_repeat(av[1]):
                return True
    return False


def _nested_repeat(items: Any) -> bool:
    """True if a repeated group contains another repeat: (a+)+, (a*b?)*, (x|y+){2,}: star height > 1."""
    for op, av in items:
        if op in _REPEATS:
            _lo, hi, sub = av
            if (hi == _sre_c.MAXREPEAT or hi > 1) and _has_unbounded_repeat(sub):
                return True
            if _nested_repeat(sub):
                return True
        elif op == _sre_c.SUBPATTERN:
            if _nested_repeat(av[-1]):
                return True
        elif op == _sre_c.BRANCH:
            if any(_nested_repeat(b) for b in av[1]):
                return True
        elif op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT):
            if _nested_repeat(av[1]):
                return True
    return False


def compile_regex(pattern: str, ctx: RuleContext, line: int | None, flags: int = 0) -> re.Pattern[str]:
    """Compile a rule regex, refusing ones that are invalid, too long, or could backtrack exponentially."""
    if len(pattern) > MAX_PATTERN:
        raise ctx.error("E206", f"regex is {len(pattern)} characters (limit {MAX_PATTERN})",
                        "split it into several swaps or use a word list", line)
    try:
        compiled = re.compile(pattern, flags)
    except re.error as e:
        raise ctx.error("E206", f"invalid regex {pattern!r}: {e.msg} at position {e.pos}",
                        "escape special characters such as ( ) [ ] . + ? with a backslash, or set regex: false",
                        line) from None
    if _nested_repeat(_sre_parse.parse(pattern, flags)):
        raise ctx.error("E207", f"regex {pattern!r} nests a repeat inside a repeat, which can take exponential time",
                        "remove the inner quantifier, e.g. write (ab)+ or a+ instead of (a+)+", line)
    return compiled


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


def check_template(template: str, allowed: tuple[str, ...], ctx: RuleContext, line: int) -> str:
    """A message template may use only the placeholders its type fills in."""
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as e:
        raise ctx.error("E205", f"bad message template: {e}", "write {{ and }} for literal braces", line) from None
    for name in names:
        if name not in allowed:
            valid = ", ".join("{" + a + "}" for a in allowed) or "none"
            raise ctx.error("E205", f"unknown placeholder '{{{name}}}' in message (valid: {valid})",
                            "use one of the valid placeholders", line)
    return template


# --- rules and packs -----------------------------------------------------------------


@dataclass
class Rule:
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

    def type_class(self) -> type:
        return rule_type(self.type)

    def build(self):
        cls = rule_type(self.type)
        return cls.from_rule(self, RuleContext(self.path, self.code))


@dataclass
class BuiltinConfig:
    code: str
    severity: str | None
    enabled: bool | None
    params: dict[str, Any]
    path: Path
    line: int


@dataclass
class Pack:
    path: Path
    name: str
    description: str
    rules: list[Rule]
    checks: list[BuiltinConfig]


def rule_summary(rule: Rule) -> str:
    """The description's first sentence, on one line (the message template if there is none)."""
    text = " ".join(rule.description.split()) or rule.message
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return first if len(first) <= 100 else first[:99] + "\u2026"


def rule_type(name: str) -> type:
    module, cls = RULE_TYPES[name].split(":")
    return getattr(import_module(module), cls)


def _builtin_classes() -> dict[str, type]:
    from factcheck.checks import REGISTRY

    return {c.code: c for c in REGISTRY}


def parse_pack(path: Path) -> Pack:
    data = load_yaml(path)
    ctx = RuleContext(path)
    if data is None:
        data = LineDict()
        data.line, data.key_lines = 1, {}
    if not isinstance(data, dict):
        raise ctx.error("E205", "a rule file must be a mapping with 'rules:' and/or 'checks:'",
                        "start the file with rules: and a list of rules", 1)
    ctx.check_keys(data, PACK_KEYS, "the rule file")
    rules_data = ctx.optional(data, "rules", list, [], "rules: [- code: ...]")
    rules: list[Rule] = []
    for i, item in enumerate(rules_data):
        line = rules_data.line_at(i) if isinstance(rules_data, LineList) else data.line_of("rules")
        if not isinstance(item, dict):
            raise ctx.error("E205", f"rule {i + 1} must be a mapping", "start each rule with '- code: XYZ001'", line)
        rules.append(_parse_rule(item, RuleContext(path)))
    checks_data = ctx.optional(data, "checks", dict, {}, "checks: {NAM001: {severity: error}}")
    checks = [_parse_builtin(code, cfg, checks_data, ctx) for code, cfg in checks_data.items()]
    return Pack(path, str(data.get("pack") or path.stem), str(data.get("description") or ""), rules, checks)


def _parse_rule(item: LineDict, ctx: RuleContext) -> Rule:
    code = ctx.require(item, "code", str, "this rule", "code: TRM101")
    if not CODE_RE.match(code):
        raise ctx.error("E205", f"rule code '{code}' must be 2-5 capital letters and 3 digits", "e.g. code: TRM101",
                        item.line_of("code"))
    ctx.code = code
    extends = ctx.require(item, "extends", str, "this rule", "extends: substitution")
    if extends not in RULE_TYPES:
        raise ctx.error("E202", f"unknown check type '{extends}' (valid: {', '.join(RULE_TYPES)})",
                        _did_you_mean(extends, tuple(RULE_TYPES)) or "set extends: to one of the valid types",
                        item.line_of("extends"))
    cls = rule_type(extends)
    ctx.check_keys(item, (*COMMON_RULE_KEYS, *cls.rule_keys), f"a '{extends}' rule")
    category = ctx.optional(item, "category", str, cls.default_category, "category: term")
    if category not in CATEGORIES:
        raise ctx.error("E205", f"unknown category '{category}' (valid: {', '.join(CATEGORIES)})",
                        "use one of the valid categories", item.line_of("category"))
    severity = ctx.optional(item, "severity", str, "warning", "severity: warning")
    if severity not in SEVERITIES:
        raise ctx.error("E205", f"unknown severity '{severity}' (valid: {', '.join(SEVERITIES)})",
                        "use one of the valid severities", item.line_of("severity"))
    message = ctx.optional(item, "message", str, cls.default_message, 'message: "Use {right}, not {wrong}"')
    check_template(message, cls.placeholders, ctx, item.line_of("message"))
    confidence = ctx.optional(item, "confidence", (int, float), cls.default_confidence, "confidence: 0.8")
    if not 0 <= confidence <= 1:
        raise ctx.error("E205", f"confidence {confidence} must be between 0 and 1", "e.g. confidence: 0.8",
                        item.line_of("confidence"))
    rule = Rule(
        code=code, type=extends, category=category, severity=severity, message=message,
        description=ctx.optional(item, "description", str, "", "description: ..."),
        enabled=ctx.optional(item, "enabled", bool, True, "enabled: false"),
        confidence=float(confidence), path=ctx.path, line=item.line, data=item,
    )
    rule.build()  # validates the type-specific data now, so errors surface at load time
    return rule


def _parse_builtin(code: str, cfg: Any, parent: LineDict, ctx: RuleContext) -> BuiltinConfig:
    builtins = _builtin_classes()
    line = parent.line_of(code)
    if code not in builtins:
        valid = ", ".join(sorted(builtins)) or "none registered"
        raise ctx.error("E209", f"unknown built-in check '{code}' under checks: (valid: {valid})",
                        "use a code from `factcheck rules list`", line)
    if not isinstance(cfg, dict):
        raise ctx.error("E205", f"checks.{code} must be a mapping", "e.g. NAM001: {severity: error}", line)
    ctx.check_keys(cfg, BUILTIN_CONFIG_KEYS, f"checks.{code}")
    severity = ctx.optional(cfg, "severity", str, None, "severity: error")
    if severity is not None and severity not in SEVERITIES:
        raise ctx.error("E205", f"unknown severity '{severity}' (valid: {', '.join(SEVERITIES)})",
                        "use one of the valid severities", cfg.line_of("severity"))
    params = ctx.optional(cfg, "params", dict, {}, "params: {threshold: 0.9}")
    valid_params = tuple(builtins[code].params)
    if isinstance(params, LineDict):
        ctx.check_keys(params, valid_params, f"checks.{code}.params")
    return BuiltinConfig(code, severity, ctx.optional(cfg, "enabled", bool, None, "enabled: false"), dict(params),
                         ctx.path, line)


def rule_files(paths: list[Path]) -> Iterator[Path]:
    """Every *.yml / *.yaml under the given directories (or the files themselves), sorted per directory."""
    for p in paths:
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.suffix in (".yml", ".yaml") and f.is_file())
        elif p.is_file():
            yield p
        else:
            raise FactcheckError("E200", f"rules path not found: {p}", "pass an existing directory to --rules", p)


def load_packs(paths: list[Path]) -> list[Pack]:
    """Parse every rule file; codes must be unique across packs and distinct from built-ins."""
    packs = [parse_pack(f) for f in rule_files(paths)]
    seen: dict[str, Rule] = {}
    builtins = _builtin_classes()
    for pack in packs:
        for rule in pack.rules:
            if rule.code in builtins:
                raise FactcheckError("E208", f"rule code {rule.code} is a built-in check's code",
                                     "choose another code; configure built-ins under checks:", rule.path, rule.line)
            if rule.code in seen:
                first = seen[rule.code]
                raise FactcheckError("E208", f"duplicate rule code {rule.code} (first defined at {first.path}:"
                                     f"{first.line})", "give each rule its own code", rule.path, rule.line)
            seen[rule.code] = rule
    return packs


def load_rules(paths: list[Path]) -> list[Rule]:
    return [r for pack in load_packs(paths) for r in pack.rules]


def _matches(code: str, patterns: list[str]) -> int:
    """Length of the longest code/prefix in ``patterns`` matching ``code`` (0 = none); "ALL" matches all."""
    best = 0
    for p in patterns:
        if p == "ALL":
            best = max(best, 1)
        elif code.startswith(p):
            best = max(best, len(p) + 1)
    return best


def _enabled(code: str, default: bool, settings: Settings, from_file: bool | None = None) -> bool:
    """CLI enable/disable, then a rule file's `checks:` entry, then the config file's lists, then the default.

    Within one layer the more specific code/prefix wins (disable TRM + enable TRM001 keeps TRM001 on).
    """
    cli_on = _matches(code, [c for c in settings.enable if ("enable", c) in settings.cli])
    cli_off = _matches(code, [c for c in settings.disable if ("disable", c) in settings.cli])
    if cli_on or cli_off:
        return cli_on >= cli_off
    if from_file is not None:
        return from_file
    on = _matches(code, [c for c in settings.enable if ("enable", c) not in settings.cli])
    off = _matches(code, [c for c in settings.disable if ("disable", c) not in settings.cli])
    if on or off:
        return on >= off
    return default


def load_checks(settings: Settings) -> list:
    """Built-in checks configured by settings and rule files, then one check per rule; disabled ones left out.

    Order is stable: REGISTRY order, then rule files in directory/name order, rules in file order.
    """
    from factcheck.checks import REGISTRY

    packs = load_packs(settings.rule_dirs)
    file_cfg: dict[str, BuiltinConfig] = {}
    for pack in packs:
        for cfg in pack.checks:
            prev = file_cfg.get(cfg.code)
            if prev is not None:  # later files refine earlier ones
                cfg = BuiltinConfig(cfg.code, cfg.severity or prev.severity,
                                    cfg.enabled if cfg.enabled is not None else prev.enabled,
                                    {**prev.params, **cfg.params}, cfg.path, cfg.line)
            file_cfg[cfg.code] = cfg
    known = {c.code for c in REGISTRY} | {r.code for p in packs for r in p.rules}
    for code in settings.severity:
        if code not in known:
            raise FactcheckError("E209", f"severity set for unknown code {code} (valid: {', '.join(sorted(known))})",
                                 "fix the code in the severity table or --severity flag",
                                 settings.config_path)
    checks = []
    for cls in REGISTRY:
        cfg = file_cfg.get(cls.code)
        enabled = _enabled(cls.code, True, settings, cfg.enabled if cfg else None)
        if not enabled:
            continue
        severity = _severity(cls.code, cfg.severity if cfg else None, settings)
        params = {**settings.params.get(cls.code, {}), **(cfg.params if cfg else {})}
        try:
            checks.append(cls(severity=severity, **params))
        except TypeError as e:
            raise FactcheckError("E201", str(e), "use the parameter names listed", settings.config_path) from None
    for pack in packs:
        for rule in pack.rules:
            if not _enabled(rule.code, rule.enabled, settings):
                continue
            check = rule.build()
            check.severity = _severity(rule.code, None, settings) or rule.severity
            checks.append(check)
    return checks


def _severity(code: str, from_file: str | None, settings: Settings) -> str | None:
    if settings.from_cli("severity", code):
        return settings.severity[code]
    return from_file or settings.severity.get(code)


# --- the base of every rule check type -----------------------------------------------


def _rule_check_base() -> type:
    from factcheck.checks.base import Check

    class RuleCheck(Check):
        """A check type instantiated per rule: code, category, message and severity come from the rule."""

        rule_keys: tuple[str, ...] = ()  # type-specific keys a rule may use (besides COMMON_RULE_KEYS)
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

        def checked_documents(self, corpus) -> list[Document]:
            """Reference material (--against) is evidence only: never reported on."""
            return [d for d in corpus.documents if not d.reference]

    return RuleCheck


RuleCheck = _rule_check_base()
