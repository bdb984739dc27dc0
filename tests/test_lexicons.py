"""Lexicons load as word lists: YAML 1.1 booleans (on/off/yes/no) stay words."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from factcheck.lexicons import WordLoader, load


def test_yes_no_on_off_stay_words_and_true_false_stay_booleans() -> None:
    data = yaml.load("words: [on, off, yes, no, On, NO]\nflag: true\nother: False\n", Loader=WordLoader)
    assert data == {"words": ["on", "off", "yes", "no", "On", "NO"], "flag": True, "other": False}


def test_the_word_loader_is_still_safe() -> None:
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load("!!python/object/apply:os.system ['true']", Loader=WordLoader)


@pytest.mark.parametrize(
    "name", sorted(p.name[:-4] for p in resources.files("factcheck.lexicons").iterdir() if p.name.endswith(".yml"))
)
def test_every_lexicon_loads_without_stray_booleans(name: str) -> None:
    def walk(node: object) -> None:
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                assert not isinstance(v, bool), f"{name}.yml: a boolean inside a word list"
                walk(v)

    walk(load(name))
