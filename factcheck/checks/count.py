"""Stated counts reconciled with the items they list (CNT001 mismatch, CNT002 reconciled).

What it does: reads the enumerations layer (a count such as "three broad categories" and the
  list it introduces, or the list of names a count sums up a few sentences later) and compares
  the count with the number of listed items, plus items named as "in addition to X". A list
  in the count's own sentence that disagrees is a warning (CNT001); a count checked against
  lists gathered from earlier sentences is only info, because such a count may cover more
  than those lists. A count that matches is reported as CNT002 (info) with every item cited,
  so a reviewer sees the work.
Why it matters: "two charges: second-degree murder, third-degree murder, and manslaughter" is
  a slip readers notice at once, and edits that drop or add an item often leave the count behind.
Example: "Chauvin was convicted on two charges: second-degree murder, third-degree murder, and
  manslaughter." -> CNT001, the list names 3 items, suggest "three".
Known problems: items that themselves contain "and" ("law and order") are split in two; lists
  introduced by "including", "such as", "among them" are partial and never compared; counts of
  things listed far away or in another form (a table, bullets) are not reconciled.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from factcheck.checks.base import Check
from factcheck.corpus import Corpus
from factcheck.model import Document, Enumeration, Finding

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")


def _say(n: int, like: str) -> str:
    """``n`` written the way the count was written (digits or a word, same capitalisation)."""
    if like.strip().isdigit() or n >= len(_WORDS):
        return str(n)
    w = _WORDS[n]
    return w.capitalize() if like[:1].isupper() else w


def _plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh", "z")):
        return noun + "es"
    return noun + "s"


def _names(doc: Document, spans: list[tuple[int, int]]) -> str:
    return "; ".join(f"'{doc.text[a:b]}'" for a, b in spans)


def _complete_lists(corpus: Corpus, min_items: int) -> Iterator[tuple[Document, Enumeration, int]]:
    """(document, enumeration, items listed) for every list meant to be complete in a checked document."""
    for doc in corpus.documents:
        if doc.reference:
            continue
        for e in doc.enumerations:
            if not e.partial and len(e.items) >= min_items:
                yield doc, e, len(e.items) + len(e.excluded)


class CountMismatch(Check):
    code = "CNT001"
    category = "count"
    summary = "A stated count does not match the number of items listed"
    needs = frozenset({"enumerations"})
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {"min_items": 2}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for doc, e, listed in _complete_lists(corpus, self.p["min_items"]):
            if listed != e.count:
                gathered = _gathered(doc, e)
                what = "the sentences before it list" if gathered else "the list names"
                extra = f" plus {_names(doc, e.excluded)} named as already counted" if e.excluded else ""
                noun = f" {_plural(e.noun)}" if e.noun else " items"
                yield self.finding(
                    f"'{e.count_text}' ({e.count}{noun}) but {what} {listed}: {_names(doc, e.items)}{extra}",
                    [doc.evidence(e.count_start, e.count_end)] + [doc.evidence(a, b) for a, b in e.items + e.excluded],
                    suggestion=f"'{_say(listed, e.count_text)}', or add/remove items so the list has {e.count}",
                    confidence=0.45 if gathered else 0.8,
                    severity="info" if gathered else None,
                )


class CountReconciled(Check):
    code = "CNT002"
    category = "count"
    summary = "A stated count reconciled with the items listed (for the reviewer)"
    needs = frozenset({"enumerations"})
    severity = "info"
    params: ClassVar[dict[str, Any]] = {"min_items": 2}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for doc, e, listed in _complete_lists(corpus, self.p["min_items"]):
            if listed == e.count:
                extra = f" + {_names(doc, e.excluded)} (counted in addition)" if e.excluded else ""
                yield self.finding(
                    f"'{e.count_text}' ({e.count}) reconciled with the items listed: {_names(doc, e.items)}{extra}",
                    [doc.evidence(e.count_start, e.count_end)] + [doc.evidence(a, b) for a, b in e.excluded + e.items],
                    confidence=0.9,
                )


def _gathered(doc: Document, e: Enumeration) -> bool:
    """True when the items were gathered from other sentences than the count's."""
    s = doc.sentences[e.sentence]
    return any(not (s.start <= a < s.end) for a, _ in e.items)
