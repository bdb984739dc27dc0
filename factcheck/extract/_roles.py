"""Roles as structure: a head noun, its rank words and its function words.

A role is recognised by its syntax and its head noun, not by a list of offices: the head is a
role noun (the last word of public English job titles, ``role_heads.yml``, plus the hand-kept
title words of ``titles.yml``), written right before a person's name in sentence case ("Council
leader Tom Hargreaves", "assistant coroner Helen Marsh", "Redmoor captain Tom Hadley") or in an
apposition ("Ms Marsh, the senior coroner for the area"). Parsing a title gives its head
("leader"), its rank words ("deputy", "vice", "assistant", "chief", ...: a different post) and
its function words ("group", "managing", "finance": which post of that kind); place and
organisation names ("Redmoor", "the firm's") are not part of the role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.core.model import Document, Title
from factcheck.lexicons import load

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019.&-]*|\S")
# Words that end a premodifier on its left: determiners, prepositions, pronouns, verbs of saying.
_STOP = frozenset(
    "a an the this that these those his her their its our my your by with and or but of to from for at in on as "
    "said says told added was is were are be been has have had will would could should may might than when where "
    "while after before about against under over into onto who whom which what also then so if both new former "
    "ex late acting interim outgoing incoming then-".split())
_DETERMINERS = frozenset("the a an its his her their this that our my your".split())
_MAX_WORDS = 6


@dataclass(frozen=True, slots=True)
class Role:
    head: str  # "leader", "captain", "executive" (abbreviations expanded, lowercase)
    ranks: frozenset[str]  # "deputy", "vice", "chief", ...
    funcs: frozenset[str]  # "group", "finance", "managing", ...

    def __str__(self) -> str:
        return " ".join([*sorted(self.ranks), *sorted(self.funcs), self.head])


@dataclass(frozen=True, slots=True)
class _Lex:
    heads: frozenset[str]
    modifiers: frozenset[str]
    ranks: frozenset[str]
    noise: frozenset[str]
    abbreviations: dict[str, str]
    honorifics: frozenset[str]


@lru_cache(maxsize=1)
def lex() -> _Lex:
    t, h = load("titles"), load("honorifics")
    public = load("role_heads")
    heads = {w.lower() for w in public["heads"]}
    heads |= {w.lower() for w in t["heads"] if " " not in w} | {w.lower() for w in t["role_nouns"]}
    abbreviations = {k.lower(): v.lower() for k, v in t["abbreviations"].items()}
    return _Lex(
        heads=frozenset(heads),
        modifiers=frozenset(public["modifiers"]) | {w.lower() for w in t["modifiers"]},
        ranks=frozenset(t["ranks"]) | frozenset(t["role_ranks"]),
        noise=frozenset(t["noise"]),
        abbreviations=abbreviations,
        honorifics=frozenset(h["honorifics"]),
    )


def is_head(word: str) -> bool:
    """A role head noun: "leader", "coroner", "vice-captain" (by its last part), "DCI" (an abbreviation)."""
    L = lex()
    w = word.lower().rstrip(".").replace("\u2019", "'")
    if w in L.abbreviations:
        return L.abbreviations[w].split()[-1] in L.heads
    return w.split("-")[-1] in L.heads


def _proper(doc: Document | None, word: str) -> bool:
    """A name, not a function word: capitalised inside a sentence somewhere in the document, or rare in
    public English ("Redmoor", "Leicestershire", "WER")."""
    if word.isupper() and len(word) > 1:
        return True
    if doc is not None and re.search(rf"[a-z,;] {re.escape(word)}\b", doc.text):
        return True
    return _zipf(word.lower()) < 3.0


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # loaded on first use: its tables take ~0.3 s to read

    return float(zipf_frequency(word, "en"))


def parse(text: str, doc: Document | None = None, sentence_case: bool | None = None) -> Role | None:
    """The role a title names, or None when no role head is found.

    ``sentence_case``: the title is written with a lowercase head ("Operations director"), so a
    capitalised first word is capitalised by position and may be a function word."""
    L = lex()
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'\u2019.-]*", text)]
    main, comp = words, []
    for i, w in enumerate(words):
        if w.lower() in ("of", "for", "at", "in", "on", "with", "to") and i:
            main, comp = words[:i], words[i + 1:] if w.lower() == "of" else []
            break
    # expand abbreviations and split rank prefixes ("vice-captain" -> vice captain)
    parts: list[tuple[str, bool, str]] = []  # (lowercase word, written capitalised, as written)
    for w in main:
        if w.endswith(("'s", "\u2019s")) or w.lower() in _DETERMINERS:
            parts = []  # "the firm's finance director": the possessor is no part of the role
            continue
        low = w.lower().rstrip(".")
        if low in L.abbreviations:
            parts.extend((x, False, x) for x in L.abbreviations[low].split())
            continue
        pieces = low.split("-")
        if len(pieces) > 1 and pieces[0] in L.ranks | {"co"}:
            parts.extend((p, False, p) for p in pieces)
            continue
        parts.append((low, w[:1].isupper(), w))
    k = max((i for i, (w, _, _) in enumerate(parts) if w in L.heads), default=-1)
    if k < 0:
        return None
    head = parts[k][0]
    before = parts[:k]
    if head == "officer" and before and before[-1][0] == "executive":
        head, before = "executive", before[:-1]  # "chief executive officer" is the chief executive
    if sentence_case is None:
        sentence_case = not parts[k][1]
    ranks, funcs = set(), set()
    for i, (w, cap, written) in enumerate(before):
        if w in L.ranks:
            ranks.add(w)
        elif w in L.noise or w in _STOP or w not in L.modifiers:
            continue  # not a word job titles use before their head ("sacked manager", "Bramley Town sack ...")
        elif cap and not (i == 0 and sentence_case and not _proper(doc, written)):
            continue  # a name ("Redmoor captain", "Lib Dem leader") or a title-case word
        else:
            funcs.add(w)
    # "director of enforcement", "chair of governors": a bare complement says which post; "leader of the
    # group" or "of Marchland Water" names the body, which is no part of the role
    if comp and comp[0].lower() not in _DETERMINERS and not comp[0][:1].isupper():
        for w in comp[:3]:
            if w[:1].isupper() or w.lower() in _STOP:
                break
            funcs.add(w.lower())
    return Role(head, frozenset(ranks), frozenset(funcs))


def with_ranks(doc: Document, titles: list[Title]) -> None:
    """A lowercase rank written before a capitalised title belongs to it: "his shadow Chancellor Oliver
    Letwin" is the shadow chancellor, "deputy Chief Constable Ann Roe" the deputy."""
    L = lex()
    for k, t in enumerate(titles):
        if t.form != "premodifier":
            continue
        m = re.search(r"\b([a-z]+)[ -]$", doc.text[max(0, t.start - 20):t.start])
        if m and m.group(1) in L.ranks and m.group(1) != "under":  # "served under President X"
            a = t.start - len(m.group(0))
            titles[k] = Title(a, t.end, doc.text[a:t.end], t.sentence, t.mention, t.form)


def premodifiers(doc: Document, taken: set[int]) -> list[Title]:
    """Sentence-case roles written right before a person's name ("Council leader Tom Hargreaves"),
    for person mentions (by index) not in ``taken``."""
    L = lex()
    out: list[Title] = []
    for mi, m in enumerate(doc.mentions):
        if m.kind != "person" or m.entity < 0 or mi in taken:
            continue
        sent = doc.sentences[m.sentence]
        toks = list(_TOKEN.finditer(doc.text, sent.start, m.start))
        while toks and toks[-1].group().rstrip(".") in L.honorifics:
            toks.pop()  # "Chief executive Dr Fiona Radcliffe"
        if m.sentence == 0 and _headline(doc):
            continue  # headlines drop articles and verbs: "Town sack manager Gary Whitcombe"
        if not toks or not is_head(toks[-1].group()) or toks[-1].group().lower() in _STOP \
                or doc.text[toks[-1].end():m.start] != " ":
            continue
        k = len(toks) - 1
        while k > 0 and len(toks) - k < _MAX_WORDS:
            w = toks[k - 1].group()
            if not w[:1].isalpha() or w.lower() in _STOP or w.endswith(("'s", "\u2019s")) \
                    or doc.text[toks[k - 1].end():toks[k].start()] not in (" ",):
                break
            k -= 1
        a, b = toks[k].start(), toks[-1].end()
        out.append(Title(a, b, doc.text[a:b], m.sentence, mi, "role"))
    return out



def _headline(doc: Document) -> bool:
    """The first sentence is a headline: a line of its own without a full stop."""
    s = doc.sentences[0] if doc.sentences else None
    if s is None:
        return False
    line = doc.text[s.start:s.end].strip()
    return doc.text[s.end:s.end + 1] in ("\n", "") and not line.endswith((".", "!", "?", '"', "\u201d"))
