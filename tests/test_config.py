"""Settings: defaults <- factcheck.toml / pyproject [tool.factcheck] <- CLI flags; errors name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.core.config import DEFAULT_PAIR_THRESHOLD, load_settings, packaged_rules_dir
from factcheck.core.errors import FactcheckError


def test_defaults(tmp_path):
    (tmp_path / ".git").mkdir()  # a project root without config: nothing above it is read
    s = load_settings({}, tmp_path)
    assert s.rule_dirs == [packaged_rules_dir()]
    assert (s.fail_on, s.model, s.pair_threshold) == ("error", None, DEFAULT_PAIR_THRESHOLD)
    assert (s.enable, s.disable, s.severity, s.ignore_file, s.decisions_file, s.config_path) == (
        [], [], {}, None, None, None)
    assert (packaged_rules_dir() / "uk-terms.yml").is_file()


def test_pyproject_table_from_a_subdirectory(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.factcheck]\nfail_on = "warning"\ndisable = ["TRM004"]\n'
        'rules = ["house-rules"]\npair_threshold = 0.7\nmodel = "models/mini"\n'
        '[tool.factcheck.severity]\nTRM001 = "error"\n',
        encoding="utf-8",
    )
    sub = tmp_path / "drafts"
    sub.mkdir()
    s = load_settings({}, sub)
    assert s.config_path == tmp_path / "pyproject.toml"
    assert (s.fail_on, s.disable, s.severity, s.pair_threshold, s.model) == (
        "warning", ["TRM004"], {"TRM001": "error"}, 0.7, "models/mini")
    assert s.rule_dirs == [packaged_rules_dir(), (tmp_path / "house-rules").resolve()]


def test_factcheck_toml_and_cli_override(tmp_path):
    (tmp_path / "factcheck.toml").write_text('fail_on = "never"\ndefault_rules = false\n', encoding="utf-8")
    s = load_settings({"fail_on": "warning", "rules": ["extra"], "severity": {"trm001": "info"}, "model": None},
                      tmp_path)
    assert s.fail_on == "warning"
    assert s.rule_dirs == [(tmp_path / "extra").resolve()]  # packaged rules switched off by the config
    assert s.severity == {"TRM001": "info"} and s.from_cli("severity", "TRM001") and not s.from_cli("model")


def test_ignore_file_found_in_working_dir(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".factcheckignore").write_text("TRM001: Labor\n", encoding="utf-8")
    assert load_settings({}, tmp_path).ignore_file == tmp_path / ".factcheckignore"
    assert load_settings({"ignore_file": "other.txt"}, tmp_path).ignore_file == tmp_path / "other.txt"


@pytest.mark.parametrize(
    ("toml", "needle", "line"),
    [
        ('fail_on = "sometimes"\n', "error, warning, never", 1),
        ('\nfailon = "error"\n', "unknown setting 'failon'", 2),
        ("pair_threshold = 2\n", "pair_threshold", 1),
        ('[severity]\nTRM001 = "fatal"\n', "error, warning, info", None),
        ("fail_on = \n", "invalid TOML", 1),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path, toml, needle, line):
    (tmp_path / "factcheck.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(FactcheckError) as info:
        load_settings({}, tmp_path)
    e = info.value
    assert e.code == "E210" and needle in str(e) and e.path == str(tmp_path / "factcheck.toml")
    if line is not None:
        assert e.line == line


def test_bad_cli_value(tmp_path):
    with pytest.raises(FactcheckError) as info:
        load_settings({"fail_on": "maybe"}, tmp_path)
    assert "command line" in str(info.value) and "error, warning, never" in str(info.value)


def test_error_string_format():
    e = FactcheckError("E201", "unknown key 'sevrity' (valid: code, extends)", "did you mean 'severity'?",
                       Path("rules/x.yml"), 12)
    assert str(e) == "E201 rules/x.yml:12: unknown key 'sevrity' (valid: code, extends). Fix: did you mean 'severity'?"
    assert str(FactcheckError("E300", "cannot write report.")) == "E300 cannot write report."
