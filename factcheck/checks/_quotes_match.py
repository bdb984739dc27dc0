"""Shared by the quote checks: normalised quote text, fuzzy quote matching, speaker identity."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

from factcheck.checks._stories import neighbourhoods
from factcheck.core.model import Document, Quote
from factcheck.extract._quotes_lex import lexicon
from factcheck.pair.corpus import Corpus

_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u201c": '"', "\u201d": '"'})
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_PRONOUNS = frozenset({"he", "she", "He", "She"})
_SHINGLE = 3  # words per shingle for candidate blocking
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "kc", "qc", "mp", "mep", "msp"})  # after a surname


def normalise(text: str) -> list[str]:
    """Lower-cased words with tokenization undone ("it ’s" -> "it's", "do n't" -> "don't")."""
    s = text.translate(_APOS).lower()
    s = re.sub(r"\s+(n't)\b", r"\1", s)
    s = re.sub(r"\s+'(s|re|ve|ll|d|m)\b", r"'\1", s)
    s = re.sub(r"(\w)\s*-\s*(\w)", r"\1\2", s)  # "pseudo - science" / "pseudo-science" / "pseudoscience"
    return _WORD.findall(s)


@dataclass(frozen=True, slots=True)
class QuoteRef:
    doc: Document
    index: int  # into doc.quotes
    words: tuple[str, ...]

    @property
    def quote(self) -> Quote:
        return self.doc.quotes[self.index]

    @property
    def joined(self) -> str:
        return " ".join(self.words)


def surname(name: str | None) -> str | None:
    if not name:
        return None
    toks = [t.strip(".,'\u2019") for t in name.split()]
    toks = [t for t in toks if t and t.lower() not in _SUFFIXES]
    if not toks:
        return None
    last = toks[-1]
    if last.endswith(("'s", "\u2019s")):
        last = last[:-2]
    return last.lower()


def speaker_name(doc: Document, q: Quote) -> str | None:
    """The speaker's fullest known name: its entity's name when linked, else the speaker text."""
    if q.speaker_entity is not None and 0 <= q.speaker_entity < len(doc.entities):
        e = doc.entities[q.speaker_entity]
        if e.kind == "person" and e.name:
            return e.name
    return q.speaker


def unresolved(doc: Document, q: Quote) -> bool:
    """A pronoun or role speaker left unresolved ("he", "the senator"): no identity to compare."""
    if q.speaker is None:
        return True
    return q.speaker in _PRONOUNS or q.speaker.lower().startswith("the ")


def written_as_pronoun(doc: Document, q: Quote) -> bool:
    """The speaker span is a pronoun or role, resolved from context: never the suspect side."""
    if q.speaker_start is None or q.speaker_end is None:
        return True
    span = doc.text[q.speaker_start:q.speaker_end]
    return span in _PRONOUNS or span.lower().startswith("the ")


def _given(name: str) -> str | None:
    """The word before the surname ("Daniel" in "Daniel Pellow"), unless an initial or absent."""
    toks = [t.strip(".,") for t in name.split()]
    toks = [t for t in toks if t and t.lower() not in _SUFFIXES]
    g = toks[-2] if len(toks) > 1 else ""
    return g if len(g) > 2 and g[:1].isupper() else None


def same_speaker(a: str | None, b: str | None) -> bool:
    sa, sb = surname(a), surname(b)
    if not sa or not sb:
        return False
    if sa == sb:
        ga, gb = _given(a or ""), _given(b or "")
        # relatives share a surname: "Geoffrey Pellow" is not his son "Daniel Pellow"
        return not (ga and gb and fuzz.ratio(ga.lower(), gb.lower()) < 80)
    # a misspelt surname is the name check's business, not a different speaker
    return len(sa) > 4 and len(sb) > 4 and fuzz.ratio(sa, sb) >= 80


def story_quotes(corpus: Corpus, min_words: int, hops: int = 1) -> list[tuple[Document, list[QuoteRef]]]:
    """Each document holding a quote of at least ``min_words`` words, with those quotes of it and of the
    documents within ``hops`` story links of it (pairwise links, not chained groups: a chain of loosely
    related articles is no one story), in document then text order. Only links within ``hops`` are
    read, so a document's findings depend on its neighbourhood, never on a whole chained component."""
    place = {d.id: n for n, d in enumerate(corpus.documents)}
    own = {d.id: [QuoteRef(d, k, tuple(w)) for k, q in enumerate(d.quotes) if len(w := normalise(q.text)) >= min_words]
           for d in corpus.documents}
    partners = {d.id: [d, *nb] for d, nb in neighbourhoods(corpus)}
    out = []
    for d in corpus.documents:
        if not own[d.id]:
            continue
        near = {d.id: d}
        for _ in range(hops):
            near.update((e.id, e) for x in list(near.values()) for e in partners[x.id])
        refs = [r for e in sorted(near.values(), key=lambda e: place[e.id]) for r in own[e.id]]
        if len(refs) > 1:
            out.append((d, refs))
    return out


def linked(corpus: Corpus, a: QuoteRef, b: QuoteRef) -> bool:
    """Both quotes in one document, or in two documents linked as one story."""
    return a.doc is b.doc or corpus.same_story(a.doc.id, b.doc.id)


def candidate_pairs(refs: list[QuoteRef]) -> Iterator[tuple[QuoteRef, QuoteRef]]:
    """Pairs of quotes sharing a word shingle, each pair once, in a stable order."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for n, r in enumerate(refs):
        seen = set()
        for i in range(len(r.words) - _SHINGLE + 1):
            sh = r.words[i:i + _SHINGLE]
            if sh not in seen:
                seen.add(sh)
                index[sh].append(n)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) > 50:  # a stock phrase shared by many quotes says nothing
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    for a, b in sorted(pairs):
        yield refs[a], refs[b]


def similarity(a: QuoteRef, b: QuoteRef) -> float:
    """How far the shorter quote appears inside the longer one (0-100); outlets trim quotes differently."""
    short, long_ = (a, b) if len(a.joined) <= len(b.joined) else (b, a)
    return fuzz.partial_ratio(short.joined, long_.joined)


def echo(a: QuoteRef, b: QuoteRef) -> bool:
    """``b`` repeats words of ``a`` verbatim later in the same article: "the firm "almost went under""
    after the full quote it was cut from."""
    if a.doc is not b.doc or b.quote.start <= a.quote.start or len(b.words) > len(a.words):
        return False
    n = len(b.words)
    return any(a.words[i:i + n] == b.words for i in range(len(a.words) - n + 1))


def overlap_text(a: QuoteRef, b: QuoteRef) -> tuple[str, str]:
    """The part of each quote the other one matches (lowercased words): outlets trim quotes differently,
    and only the shared words say who spoke them."""
    short, long_ = (a, b) if len(a.joined) <= len(b.joined) else (b, a)
    al = fuzz.partial_ratio_alignment(short.joined, long_.joined)
    if al is None:
        return a.joined, b.joined
    part = long_.joined[al.dest_start:al.dest_end]
    return (short.joined, part) if short is a else (part, short.joined)


def mentions_surname(text: str, name: str | None, skip: tuple[int, int] | None = None) -> int:
    """How often a surname occurs as a capitalised word in a text (outside ``skip``); a relative written
    with another given name ("Geoffrey Pellow" for "Daniel Pellow") is not counted."""
    s = surname(name)
    if not s:
        return 0
    given = _given(name or "")
    n = 0
    for m in re.finditer(rf"\b{re.escape(s)}\b", text, re.IGNORECASE):
        if not m.group()[0].isupper():
            continue
        if skip and skip[0] <= m.start() < skip[1]:
            continue
        before = re.search(r"([A-Z][a-z]{2,})\s+$", text[max(0, m.start() - 30):m.start()])
        if given and before and fuzz.ratio(before.group(1).lower(), given.lower()) < 80 and not is_name_word(
                before.group(1)):
            continue
        n += 1
    return n


def is_name_word(word: str) -> bool:
    """Honorifics and titles before a surname ("Mr Pellow", "Judge Harker") leave it the same person."""
    lex = lexicon()
    return word in lex.honorifics or word in lex.titles


def is_person(doc: Document, q: Quote) -> bool:
    """Whether a quote's speaker is a person, as far as the people/orgs layers know ("Reuters" is not)."""
    if q.speaker_start is None or q.speaker_end is None:
        return False
    over = [m for m in doc.mentions if m.start < q.speaker_end and q.speaker_start < m.end]
    if any(m.kind != "person" for m in over):
        return False
    if over or written_as_pronoun(doc, q) or "people" not in doc.layers:
        return True
    s = surname(speaker_name(doc, q))
    return any(e.kind == "person" and surname(e.name) == s for e in doc.entities)


def shared_phrase(doc: Document, q: Quote) -> bool:
    """A slogan, chant or title: its sentence, outside the quote, names it as a phrase many people use."""
    s = doc.sentence_at(q.start)
    if s is None:
        return False
    around = (doc.text[s.start:q.start] + " " + doc.text[q.end:s.end]).lower()
    return bool(set(re.findall(r"[a-z]+", around)) & lexicon().shared_phrase)
