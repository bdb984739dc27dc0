"""Offices and titles, normalised: shared by the title check (TTL001) and the support checks
(SUP003), so neither reads the other's module."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.lexicons import load


@dataclass(frozen=True, slots=True)
class _Lex:
    heads: frozenset[str]
    abbreviations: dict[str, str]
    qualifiers: frozenset[str]
    ranks: frozenset[str]
    noise: frozenset[str]
    compatible: frozenset[frozenset[str]]
    domains: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def lex() -> _Lex:
    t = load("titles")
    return _Lex(
        heads=frozenset(h.lower() for h in t["heads"]),
        abbreviations={k.lower(): v.lower() for k, v in t["abbreviations"].items()},
        qualifiers=frozenset(t["qualifiers"]),
        ranks=frozenset(t["ranks"]),
        noise=frozenset(t["noise"]),
        compatible=frozenset(frozenset(p) for p in t["compatible"]),
        domains={k: tuple(v) for k, v in t["domains"].items()},
    )


WORDS = re.compile(r"[A-Za-z][A-Za-z.'\u2019-]*")


def normalise(text: str) -> tuple[str, ...]:
    """Title words, lowercased, abbreviations expanded, party/style words dropped:
    "Democratic Sen." -> ("senator",); "Attorney General" -> ("attorney", "general")."""
    L = lex()
    out: list[str] = []
    for w in WORDS.findall(text):
        w = w.lower().rstrip(".").replace("\u2019", "'")
        if w.endswith("'s"):
            continue  # "the region's superintendent": the possessor is no part of the office
        if w in L.noise:
            continue
        out.extend(L.abbreviations.get(w, w).split())
    return tuple(out)


def domains(text: str) -> frozenset[str]:
    low = " " + re.sub(r"[^a-z -]", " ", text.lower()) + " "
    return frozenset(d for d, words in lex().domains.items() if any(f" {w} " in low for w in words))


def office(words: tuple[str, ...]) -> str:
    """The office noun phrase: from the first rank/head word on ("london mayor" -> "mayor")."""
    L = lex()
    for i, w in enumerate(words):
        if w in L.heads or w in L.ranks:
            return " ".join(words[i:])
    return " ".join(words)


def office_of(title: str) -> str:
    """The office a title names, normalised: "Met Commissioner" and "Metropolitan Police Commissioner"
    both -> "commissioner"; "Assistant Commissioner" -> "assistant commissioner"."""
    return office(normalise(title))


def compatible(a: str, b: str) -> bool:
    """Two office strings that may both be true of one person at one time."""
    L = lex()
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    ra, rb = {w for w in wa if w in L.ranks}, {w for w in wb if w in L.ranks}
    if ra != rb:
        return False  # "Vice President" is not "President"
    sa, sb = set(wa), set(wb)
    if sa <= sb or sb <= sa:
        return True  # "Secretary" / "Home Secretary"
    for pair in L.compatible:
        x, y = sorted(pair)
        if (x in a and y in b) or (y in a and x in b):
            return True
    return False
