"""Rule packs: loading, validation errors (code, file, line, valid choices), ordering, configuration."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import re2

from factcheck.checks import REGISTRY, RULE_TYPES
from factcheck.checks.rulekit import RuleContext
from factcheck.checks.rulematch import compile_regex
from factcheck.core.config import Settings, load_settings
from factcheck.core.errors import FactcheckError
from factcheck.rules.packs import load_checks, load_packs, load_rules

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests/fixtures/rules/broken"
SHIPPED = ROOT / "rules"


def load_error(name: str) -> FactcheckError:
    with pytest.raises(FactcheckError) as info:
        load_packs([BROKEN / name])
    return info.value


def test_invalid_yaml_names_file_and_line():
    e = load_error("bad_yaml.yml")
    assert e.code == "E203"
    assert e.path.endswith("bad_yaml.yml")
    assert e.line == 4  # where the unclosed quote opens, not where the parser gave up
    assert "quoted scalar" in e.message
    assert str(e).startswith("E203 ") and "bad_yaml.yml:" in str(e) and "Fix:" in str(e)


def test_unknown_key_lists_valid_keys():
    e = load_error("unknown_key.yml")
    assert (e.code, e.line) == ("E201", 4)
    assert "unknown key 'sevrity'" in e.message
    assert "severity" in e.message and "swap" in e.message and "extends" in e.message
    head = f"E201 {e.path}:4: rule BRK002: unknown key 'sevrity' in a 'substitution' rule (valid: code,"
    assert str(e).startswith(head)
    assert str(e).endswith("Fix: did you mean 'severity'?")


def test_unknown_type_lists_valid_types():
    e = load_error("unknown_type.yml")
    assert (e.code, e.line) == ("E202", 3)
    assert "'spellcheck'" in e.message
    for t in RULE_TYPES:
        assert t in e.message


def test_bad_regex_points_at_the_pattern():
    e = load_error("bad_regex.yml")
    assert (e.code, e.line) == ("E206", 6)
    assert "Interior (Ministry" in e.message and "missing )" in e.message


def test_catastrophic_regex_re2_cannot_run_is_refused():
    e = load_error("catastrophic_regex.yml")  # (a+)+ with a lookahead: no linear-time engine for it
    assert (e.code, e.line) == ("E207", 6)
    assert "exponential" in e.message and "(a+)+" in e.hint


@pytest.mark.parametrize("pattern", [r"(a+)+b", r"(a*b?)*c", r"(?:x|y+){2,}", r"((ab)*)+", r"(\w+\s?)*$",
                                     r"(a|aa)+b", r"(?:Met|Met Police)+ said"])
def test_hostile_regexes_run_on_re2(pattern):
    """Shapes that backtrack exponentially in Python's engine (a repeat in a repeat, overlapping
    alternatives in a repeat; the last two pass a star-height test) are compiled by RE2."""
    compiled = compile_regex(pattern, RuleContext(Path("x.yml"), "T"), 1)
    assert isinstance(compiled, re2._Regexp) and compiled.pattern == pattern


def test_hostile_regex_matches_a_hostile_text_on_re2():
    # 5,000 a's: Python's engine would try about 1.6**5000 ways to split them before failing.
    compiled = compile_regex(r"(a|aa)+b", RuleContext(Path("x.yml"), "T"), 1)
    assert compiled.search("a" * 5000) is None
    m = compiled.search("x" + "a" * 5000 + "b")
    assert (m.start(), m.end()) == (1, 5002)


def test_re2_pattern_keeps_the_match_api_the_rule_types_use():
    compiled = compile_regex(r"(Ms|Mrs)+ (\w+)", RuleContext(Path("x.yml"), "T"), 1, re.IGNORECASE)
    text = "Café owner MRS Smith met Ms Jones."
    hits = [(m.span(), m.expand(r"\2")) for m in compiled.finditer(text, 5)]
    assert hits == [((11, 20), "Smith"), ((25, 33), "Jones")]  # character offsets past an accent
    assert compiled.groups == 2 and compiled.fullmatch("ms x")


@pytest.mark.parametrize("pattern", [r"\bLabor\b", r"(ab)+", r"a+b+", r"(?:Mr|Mrs|Ms)\.? [A-Z]\w+", r"(x{1,3}y)?z"])
def test_ordinary_regexes_accepted(pattern):
    assert compile_regex(pattern, RuleContext(Path("x.yml"), "T"), 1).pattern == pattern


def test_missing_required_field():
    e = load_error("missing_field.yml")
    assert (e.code, e.line) == ("E204", 2)
    assert "'swap'" in e.message


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_duplicate_codes_across_files(tmp_path):
    body = "rules:\n  - code: DUP001\n    extends: substitution\n    swap: {a b: c}\n"
    _write(tmp_path, "a.yml", body)
    _write(tmp_path, "b.yml", body)
    with pytest.raises(FactcheckError) as info:
        load_packs([tmp_path])
    assert info.value.code == "E208" and info.value.path.endswith("b.yml") and "a.yml:2" in info.value.message


@pytest.mark.parametrize(
    ("body", "code", "needle"),
    [
        ("rules:\n  - code: lower1\n    extends: substitution\n    swap: {a: b}\n", "E205", "capital letters"),
        ("rules:\n  - code: BAD001\n    extends: substitution\n    severity: fatal\n    swap: {a: b}\n", "E205",
         "error, warning, info"),
        ("rules:\n  - code: BAD001\n    extends: substitution\n    category: spelling\n    swap: {a: b}\n", "E205",
         "term"),
        ("rules:\n  - code: BAD001\n    extends: substitution\n    message: '{wrongg}'\n    swap: {a: b}\n", "E205",
         "{wrong}, {right}"),
        ("rules:\n  - code: BAD001\n    extends: substitution\n    when: {any: [x], scope: page}\n    swap: {a: b}\n",
         "E205", "document, paragraph, sentence"),
        ("rules:\n  - code: BAD001\n    extends: substitution\n    swap: {Labor: Labour}\n    exceptions: [Labor]\n",
         "E205", "never fire"),
        ("rules:\n  - code: BAD001\n    extends: substitution\n    regex: true\n"
         "    swap: [{wrong: 'a(b)', right: '\\2'}]\n",
         "E206", "group 2"),
        ("rulez: []\n", "E201", "pack, description, rules, checks"),
        ("rules:\n  - code: BAD001\n    extends: gazetteer\n    people:\n      - name: A B\n        source: somebody\n",
         "E205", "has no date"),
        ("checks:\n  ZZZ999: {severity: error}\n", "E209", "unknown built-in check 'ZZZ999'"),
    ],
)
def test_invalid_values(tmp_path, body, code, needle):
    _write(tmp_path, "x.yml", body)
    with pytest.raises(FactcheckError) as info:
        load_packs([tmp_path])
    assert info.value.code == code
    assert needle in str(info.value)
    assert info.value.line is not None


def test_yaml_is_loaded_safely(tmp_path):
    _write(tmp_path, "x.yml", "rules: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(FactcheckError) as info:
        load_packs([tmp_path])
    assert info.value.code == "E203"


def test_shipped_packs_load_and_cite_dated_sources():
    rules = load_rules([SHIPPED])
    codes = [r.code for r in rules]
    assert {"GAZ001", "TRM001", "TRM002", "TRM003", "TRM004"} <= set(codes)
    assert codes == sorted(codes, key=codes.index)  # stable: file order, then rule order
    assert all(r.path.parent == SHIPPED for r in rules)


def test_load_checks_order_enable_disable_and_severity(tmp_path):
    settings = load_settings({}, tmp_path)
    checks = load_checks(settings)
    codes = [c.code for c in checks]
    assert codes[: len(REGISTRY)] == [c.code for c in REGISTRY]
    assert codes == [c.code for c in load_checks(load_settings({}, tmp_path))]  # deterministic
    off = load_checks(load_settings({"disable": ["TRM"], "enable": ["TRM002"], "severity": {"GAZ001": "error"}},
                                    tmp_path))
    off_codes = [c.code for c in off]
    assert "TRM001" not in off_codes and "TRM002" in off_codes
    assert next(c for c in off if c.code == "GAZ001").severity == "error"


@pytest.mark.skipif(not REGISTRY, reason="no built-in checks registered yet")
def test_rule_file_configures_builtin_and_cli_wins(tmp_path):
    cls = REGISTRY[0]
    _write(tmp_path, "cfg.yml", f"checks:\n  {cls.code}: {{severity: info}}\n")
    settings = load_settings({"rules": [str(tmp_path)]}, tmp_path)
    assert next(c for c in load_checks(settings) if c.code == cls.code).severity == "info"
    _write(tmp_path, "off.yml", f"checks:\n  {cls.code}: {{enabled: false}}\n")
    assert cls.code not in [c.code for c in load_checks(load_settings({"rules": [str(tmp_path)]}, tmp_path))]
    forced = load_settings({"rules": [str(tmp_path)], "enable": [cls.code], "severity": {cls.code: "error"}}, tmp_path)
    check = next(c for c in load_checks(forced) if c.code == cls.code)
    assert check.severity == "error"


def test_rule_code_may_not_shadow_builtin(tmp_path):
    if not REGISTRY:
        pytest.skip("no built-in checks registered yet")
    _write(tmp_path, "x.yml", f"rules:\n  - code: {REGISTRY[0].code}\n    extends: substitution\n    swap: {{a: b}}\n")
    with pytest.raises(FactcheckError) as info:
        load_packs([tmp_path])
    assert info.value.code == "E208"


def test_settings_default_fields():
    s = Settings()
    assert (s.fail_on, s.model, s.ignore_file, s.decisions_file) == ("error", None, None, None)
