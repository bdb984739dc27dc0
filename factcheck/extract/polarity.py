"""Polarity words: the tokens a negation or antonym flip acts on.

Shared by the checks that compare polarity between aligned sentences (CON001, SUP004) and by
the embedding stage, which must give a vector to every sentence such a check can read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from factcheck.lexicons import load

_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CONTRACTION = {"can't": ["can", "not"], "won't": ["will", "not"], "cannot": ["can", "not"], "shan't": ["shall", "not"]}


@dataclass(frozen=True)
class Lexicon:
    negators: frozenset[str]
    function: frozenset[str]
    antonyms: frozenset[tuple[str, str]]  # both orders
    antonym_words: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = load("contradiction")
    pairs = {(str(a).lower(), str(b).lower()) for a, b in raw["antonyms"]}
    both = pairs | {(b, a) for a, b in pairs}
    return Lexicon(
        negators=frozenset(raw["negators"]) - {"cannot"},  # "cannot" is split into "can not"
        function=frozenset(raw["function_words"]),
        antonyms=frozenset(both),
        antonym_words=frozenset(u for u, _ in both),
    )


def tokens(text: str) -> list[str]:
    """Lower-cased words with tokenization undone and negation split off ("isn't" -> "is not")."""
    s = text.translate(_APOS).lower()
    s = re.sub(r"\s+(n't)\b", r"\1", s)
    s = re.sub(r"\s+'(s|re|ve|ll|d|m)\b", r"'\1", s)
    out: list[str] = []
    for w in _WORD.findall(s):
        if w in _CONTRACTION:
            out.extend(_CONTRACTION[w])
        elif w.endswith("n't"):
            out.extend([w[:-3], "not"])
        else:
            out.append(w)
    return out


def negations(words: list[str]) -> int:
    """Negations in a token list; "neither ... nor" is one."""
    lex = lexicon()
    n, after_neither = 0, False
    for w in words:
        if w == "neither":
            after_neither = True
            n += 1
        elif w == "nor" and after_neither:
            after_neither = False
        elif w in lex.negators:
            n += 1
    return n


def content_words(words: list[str]) -> Counter[str]:
    """The words a flip cannot explain away: not negators, function words or antonym-pair members.
    Two sentences whose counts differ by more than one such word are never one flipped claim."""
    lex = lexicon()
    ignored = lex.negators | lex.function | lex.antonym_words
    return Counter(w for w in words if w not in ignored)
