"""Rule packs: load and validate rules/*.yml, and select the checks a run uses.

A pack is YAML (loaded with a SafeLoader subclass only) holding ``rules:`` — each rule
``extends`` a check type from ``factcheck.checks.RULE_TYPES`` and carries its code,
message, severity and data — and ``checks:``, which configures built-in checks by code
(severity, params, enabled). Every mistake in a pack is ONE ``FactcheckError`` with the
file, the line and the valid choices. What a rule type does with its data lives with the
checks (``factcheck.checks.rulekit``).
"""

from __future__ import annotations

import inspect
import re
import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.checks import REGISTRY, RULE_TYPES
from factcheck.checks.base import Check
from factcheck.checks.rulekit import LineDict, LineList, Rule, RuleCheck, RuleContext, did_you_mean, rule_summary
from factcheck.core.config import SEVERITIES, Settings
from factcheck.core.errors import FactcheckError
from factcheck.core.model import CATEGORIES
from factcheck.rules.yaml_lines import load_yaml

__all__ = ["Pack", "Rule", "RuleDoc", "catalogue", "check_doc", "load_checks", "load_packs", "load_rules",
           "parse_pack", "rule_files", "rule_summary", "rule_type"]

PACK_KEYS = ("pack", "description", "rules", "checks", "confidence")
# The findings stage's thresholds a pack may set (factcheck.findings.stage.Triage): key -> lowest, highest, example.
CONFIDENCE_KEYS: dict[str, tuple[float, float, str]] = {
    "warning_at": (0, 1, "warning_at: 0.35"), "error_at": (0, 1, "error_at: 0.75"), "budget": (0, 1e9, "budget: 2"),
    "page_flags": (0, 1e9, "page_flags: 2"),
}
COMMON_RULE_KEYS = ("code", "extends", "category", "severity", "message", "description", "enabled", "confidence")
BUILTIN_CONFIG_KEYS = ("severity", "enabled", "params")
CODE_RE = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")


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



# --- packs ------------------------------------------------------------------------

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
    confidence: dict[str, float] = field(default_factory=dict)  # the findings stage's thresholds


def rule_type(name: str) -> type[RuleCheck]:
    return RULE_TYPES[name]


def _builtin_classes() -> dict[str, type[Check]]:
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
    return Pack(path, str(data.get("pack") or path.stem), str(data.get("description") or ""), rules, checks,
                _parse_confidence(data, ctx))


def _parse_confidence(data: LineDict, ctx: RuleContext) -> dict[str, float]:
    """``confidence: {warning_at, error_at, budget}``: severity from calibrated confidence, the flood budget."""
    table = ctx.optional(data, "confidence", dict, {}, "confidence: {warning_at: 0.35, error_at: 0.75}")
    ctx.check_keys(table, tuple(CONFIDENCE_KEYS), "confidence:")
    out = {}
    for key, (low, high, example) in CONFIDENCE_KEYS.items():
        value = ctx.optional(table, key, int if key in ("budget", "page_flags") else (int, float), None, example)
        if value is not None and not low <= value <= high:
            raise ctx.error("E205", f"'{key}' must be between {low:g} and {high:g}, got {value}", f"write {example}",
                            table.line_of(key))
        if value is not None:
            out[key] = value
    if out.get("warning_at", 0) > out.get("error_at", 1):
        raise ctx.error("E205", "warning_at is above error_at", "keep warning_at <= error_at",
                        data.line_of("confidence"))
    return out


def triage_config(settings: Settings, packs: list[Pack]) -> tuple[dict[str, float], frozenset[str]]:
    """The packs' ``confidence:`` tables merged (later files refine earlier ones), and the codes whose
    severity a user fixed (settings, or a pack's ``checks:`` entry): confidence does not move those."""
    merged: dict[str, float] = {}
    fixed = set(settings.severity)
    for pack in packs:
        merged.update(pack.confidence)
        fixed.update(cfg.code for cfg in pack.checks if cfg.severity)
    return merged, frozenset(fixed)


def _parse_rule(item: LineDict, ctx: RuleContext) -> Rule:
    code = ctx.require(item, "code", str, "this rule", "code: TRM101")
    if not CODE_RE.match(code):
        raise ctx.error("E205", f"rule code '{code}' must be 2-5 capital letters and 3 digits", "e.g. code: TRM101",
                        item.line_of("code"))
    ctx.code = code
    extends = ctx.require(item, "extends", str, "this rule", "extends: substitution")
    if extends not in RULE_TYPES:
        raise ctx.error("E202", f"unknown check type '{extends}' (valid: {', '.join(RULE_TYPES)})",
                        did_you_mean(extends, tuple(RULE_TYPES)) or "set extends: to one of the valid types",
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
        confidence=float(confidence), path=ctx.path, line=item.line, data=item, check_type=cls,
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
    cls = builtins[code]
    if isinstance(params, LineDict):
        ctx.check_keys(params, tuple(cls.params), f"checks.{code}.params")
    for key, value in params.items():  # the one validation a run applies too (Check.check_param)
        problem = cls.check_param(str(key), value)
        if problem:
            default = str(cls.params.get(key)).replace("True", "true").replace("False", "false")
            raise ctx.error("E205", f"checks.{code}.params: {problem}", f"e.g. {key}: {default}",
                            params.line_of(key) if isinstance(params, LineDict) else line)
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


def load_checks(settings: Settings, packs: list[Pack] | None = None) -> list[Check]:
    """Built-in checks configured by settings and rule files (``packs``, read from the settings' rule
    folders when not given), then one check per rule; disabled ones left out.

    Order is stable: REGISTRY order, then rule files in directory/name order, rules in file order.
    """
    packs = load_packs(settings.rule_dirs) if packs is None else packs
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
    for code, table in settings.params.items():  # the configuration file's params, checked as a pack's are
        cls = _builtin_classes().get(code)
        for key, value in table.items():
            problem = cls.check_param(key, value) if cls else f"unknown check {code}"
            if problem:
                raise FactcheckError("E210", f"params.{code}: {problem}", "correct or remove it in the [params] table",
                                     settings.config_path)
    checks: list[Check] = []
    for cls in REGISTRY:
        cfg = file_cfg.get(cls.code)
        enabled = _enabled(cls.code, True, settings, cfg.enabled if cfg else None)
        if not enabled:
            continue
        severity = _severity(cls.code, cfg.severity if cfg else None, settings)
        params = {**settings.params.get(cls.code, {}), **(cfg.params if cfg else {})}
        try:
            checks.append(cls(severity=severity, **params))
        except TypeError as e:  # a name no check has: the values themselves were checked above
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


def check_doc(cls: type) -> str:
    """A check's documentation: its class docstring, else its module's (one check per module)."""
    doc = cls.__doc__ or getattr(sys.modules.get(cls.__module__), "__doc__", None) or ""
    return inspect.cleandoc(doc)


@dataclass(frozen=True)
class RuleDoc:
    """What a report says about a code: its one-line summary and its documentation."""

    code: str
    category: str
    severity: str
    summary: str
    help: str


def catalogue(settings: Settings) -> dict[str, RuleDoc]:
    """Every built-in check and every rule of the packs ``settings`` loads, by code."""
    docs = {c.code: RuleDoc(c.code, c.category, c.severity, c.summary, check_doc(c) or c.summary) for c in REGISTRY}
    for pack in load_packs(settings.rule_dirs):
        for r in pack.rules:
            about = "\n\n".join(part for part in (r.description.strip(), f"The '{r.type}' check type:",
                                                    check_doc(r.check_type)) if part)
            docs[r.code] = RuleDoc(r.code, r.category, r.severity, rule_summary(r), about)
    return docs
