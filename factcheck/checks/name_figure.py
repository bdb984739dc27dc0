"""NUM002: a figure that belongs to a name ("Halo 2", "Half-Life 2") written with another figure."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, ClassVar

from factcheck.checks._names_vocab import lower_words
from factcheck.checks.base import Check
from factcheck.core.model import Document, Evidence, Finding
from factcheck.pair.corpus import Corpus

# A capitalised name (one to three words, hyphens allowed) and a short number right after it,
# not the start of a score ("Chelsea 2-1"), a time ("Friday 10:30"), a decimal or a list of figures.
_NAMED = re.compile(
    r"(?<![\w'’-])(?P<name>[A-Z][\w'’-]*[a-zA-Z](?:\s[A-Z][\w'’-]*[a-zA-Z]){0,2})\s(?P<n>\d{1,2})"
    r"(?![\w%]|[.,:/–-]\d|\s?[-–]\s?\d)")
_CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday "
    "spring summer autumn winter christmas easter".split())


class NameFigure(Check):
    """A name that carries a figure, written once with a different figure.

    What it does: reads names followed by a short number ("Halo 2", "Half-Life 2", "PlayStation 2",
    "Windows 95") across the documents; where one name is written several times with one figure and
    once with another ("Halo 12"), the odd one is flagged with the usual form as the suggestion. The
    figure belongs to the name, so it is checked the way a name's spelling is.
    Why it matters: a changed digit in a product, game or model name names another product (or none)
    and reads as a typo to anyone who knows it.
    Example: "Halo 2" three times in the story, "Halo 12" once -> NUM002 on "Halo 12".
    Known problems: real series whose members are all named ("Apollo 11" and a lone "Apollo 13") look
    the same; the usual form must be seen three times and the odd one once, only one- and two-digit
    figures are read (model numbers such as "Snapdragon 800"/"810" form series), a first ("X 1") is
    never the odd one, and names that are common words in the corpus ("Group 2", "Channel 4"), short
    acronyms ("BBC 1") or dates ("March 12") are not read.
    """

    code = "NUM002"
    category = "number"
    summary = "A figure inside a name written differently"
    needs = frozenset({"structure"})
    scope = "corpus"  # a name's usual figure counted over every document (gather)
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {"min_usual": 3}

    reach = 0  # a document's own names; how each is written elsewhere comes from the statistics

    @staticmethod
    def _candidates(d: Document) -> list[tuple[str, str, int, int]]:
        """(name, figure, start, end) of each name with a figure in ``d`` that this document alone
        does not rule out; a name whose last word is written in lower case anywhere is ruled out
        corpus-wide, by ``gather``."""
        out = []
        for m in _NAMED.finditer(d.text):
            name = m.group("name")
            words = name.split()
            if words[-1].lower() in _CALENDAR or words[0].lower() in _CALENDAR:
                continue
            if name.isupper() and len(name) <= 4:
                continue  # a channel or an acronym's series ("BBC 1", "BBC 2") names several things
            if d.block_of(m.start()) is not None:
                continue  # a table row or list item: "Arsenal 38" is a record, not a name
            out.append((name, m.group("n"), m.start(), m.end()))
        return out

    def gather(self, corpus: Corpus) -> dict[Any, Any]:
        """Per (name, figure) written anywhere: None, or, for a figure written once against a usual
        one, what its finding quotes (the usual figure, its count and its first two uses). An edit
        changes the entries of the names it touches that are odd ones, not every use of the name."""
        lower = {w for d in corpus.documents for w in lower_words(d)}
        stats: dict[Any, Any] = {}
        uses: dict[str, dict[str, list[tuple[int, Document, int, int]]]] = defaultdict(lambda: defaultdict(list))
        for k, d in enumerate(corpus.documents):
            for name, n, start, end in self._candidates(d):
                stats[(name, n)] = None
                if name.split()[-1].lower() not in lower:
                    uses[name][n].append((k, d, start, end))
        for name, figures in uses.items():
            if len(figures) < 2:
                continue
            usual, seen = max(figures.items(), key=lambda kv: (len(kv[1]), -int(kv[0])))
            if len(seen) < self.p["min_usual"] or len({d.id for _, d, _, _ in seen}) < 2:
                continue
            first = sorted(seen, key=lambda x: (x[2], x[0]))[:2]  # by position, ties in corpus order
            for n, odd in figures.items():
                if n == usual or len(odd) != 1 or n == "1":
                    continue  # "X 1" is a series' first, named when its sequel is ("Half-Life 1")
                stats[(name, n)] = {"usual": usual, "seen": len(seen),
                                    "first": [[d.id, a, b, d.text[a:b]] for _, d, a, b in first]}
        return stats

    def reads(self, stats: dict[Any, Any], docs: list[Document]) -> list[Any]:
        """The entries of the names with figures the document writes (its findings quote no other)."""
        return sorted({(name, n) for name, n, _, _ in self._candidates(docs[0])})

    def run_with(self, corpus: Corpus, stats: dict[Any, Any]) -> Iterator[Finding]:
        found = []
        odd_names = sorted({name for (name, _), odd in stats.items() if odd})  # few: most names have no odd figure
        for d in corpus.documents:
            if d.reference or not any(name in d.text for name in odd_names):
                continue
            candidates = self._candidates(d)
            for name, n, start, end in candidates:
                odd = stats.get((name, n))
                if not odd:
                    continue
                usual = odd["usual"]
                # the usual form's uses in this document first, then its first uses anywhere else
                own = [Evidence(d.id, a, b, d.text[a:b]) for m, f, a, b in candidates if m == name and f == usual]
                where = (own + [Evidence(*e) for e in odd["first"] if e[0] != d.id])[:2]
                found.append(((name, n), self.finding(
                    f"'{name} {n}' here, but '{name} {usual}' {odd['seen']} times in these documents: the figure "
                    "is part of the name.",
                    [d.evidence(start, end), *where],
                    suggestion=f"{name} {usual}", confidence=0.7)))
        found.sort(key=lambda x: x[0])  # names, then figures, as one pass over the corpus gives them
        for _, f in found:
            yield f
