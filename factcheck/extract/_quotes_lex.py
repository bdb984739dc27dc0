"""The quote lexicon (factcheck/lexicons/quotes.yml) and the regexes built from it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.lexicons import load


@dataclass(frozen=True)
class QuoteLexicon:
    verbs: frozenset[str]
    honorifics: frozenset[str]
    titles: frozenset[str]
    pronouns: frozenset[str]
    not_names: frozenset[str]
    verb_re: str  # alternation of speech verbs, longest first
    roles: frozenset[str]
    shared_phrase: frozenset[str]
    roles_re: str


@lru_cache(maxsize=1)
def lexicon() -> QuoteLexicon:
    raw = load("quotes")
    verbs = sorted({v.strip() for v in raw["speech_verbs"]}, key=lambda v: (-len(v), v))
    return QuoteLexicon(
        verbs=frozenset(verbs),
        honorifics=frozenset(raw["honorifics"]),
        titles=frozenset(str(t) for t in raw["title_words"]),
        pronouns=frozenset(raw["pronouns"]),
        not_names=frozenset(raw["not_names"]),
        verb_re="|".join(re.escape(v).replace(r"\ ", r"\s+") for v in verbs),
        roles=frozenset(raw["role_nouns"]),
        shared_phrase=frozenset(raw["shared_phrase_words"]),
        roles_re="|".join(re.escape(r) for r in sorted(set(raw["role_nouns"]), key=lambda r: (-len(r), r))),
    )
