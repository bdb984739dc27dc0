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
  things listed far away or in another form (a table, bullets) are not reconciled. A "list" that
  may not be the things counted (an item that is a figure or another count, plural groups,
  alternatives with "or", a clause after a dash, a count that is a day of a month, an item cut
  short by an aside) gives info only.
  A description set off by commas after a name ("Mark Rowley, a former head of counter-terrorism,
  and ...") is read as part of that item only when the count then adds up.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any, ClassVar

from factcheck.checks.base import Check
from factcheck.core.model import Document, Enumeration, Finding
from factcheck.pair.corpus import Corpus

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
                listed = len(e.items) + len(e.excluded)
                # "Mark Rowley, a former head of counter-terrorism, and Nick Ephgrave": a description
                # set off by commas after a name is that item, not another, when that makes the count
                folded = listed - _appositions(doc, e)
                yield doc, e, folded if folded == e.count else listed


_APPOSITION = re.compile(r"(?:a|an|the|his|her|its|their|our)\s+[a-z]")


def _appositions(doc: Document, e: Enumeration) -> int:
    """Items that describe the item before them: a determiner and a lowercase word after a capitalised item."""
    items = [doc.text[a:b].strip() for a, b in e.items]
    return sum(1 for prev, item in itertools.pairwise(items) if prev[:1].isupper() and _APPOSITION.match(item))


class CountMismatch(Check):
    code = "CNT001"
    category = "count"
    summary = "A stated count does not match the number of items listed"
    needs = frozenset({"enumerations"})
    scope = "story"  # one document at a time
    reach = 0  # reads its own lists only
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {"min_items": 2}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for doc, e, listed in _complete_lists(corpus, self.p["min_items"]):
            if listed != e.count:
                gathered = _gathered(doc, e) or _doubtful(doc, e, listed) is not None
                what = "the sentences before it list" if gathered else "the list names"
                extra = f" plus {_names(doc, e.excluded)} named as already counted" if e.excluded else ""
                noun = f" {_plural(e.noun)}" if e.noun else " items"
                yield self.finding(
                    f"'{e.count_text}' ({e.count}{noun}) but {what} {listed}: {_names(doc, e.items)}{extra}",
                    [doc.evidence(e.count_start, e.count_end)] + [doc.evidence(a, b) for a, b in e.items + e.excluded],
                    suggestion=f"'{_say(listed, e.count_text)}', or add/remove items so the list has {e.count}",
                    confidence=0.45 if gathered else 0.8,
                    severity="info" if gathered else None,
                    proof=None if gathered else "count",
                )


class CountReconciled(Check):
    code = "CNT002"
    category = "count"
    summary = "A stated count reconciled with the items listed (for the reviewer)"
    needs = frozenset({"enumerations"})
    scope = "story"  # one document at a time
    reach = 0  # reads its own lists only
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


_COUNT_WORDS = frozenset(_WORDS[2:]) | {"both", "several", "many", "some", "dozens", "hundreds", "thousands"}
_MONTH_BEFORE = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.I)
_CLAUSE_START = re.compile(r"(?:[a-z]+ing\s+(?:the|a|an|to|up|out|off|in|on|it|them)|was|were|is|are|has|had|will|would"
                           r"|who|which|that)\b")
# Counted nouns whose items are groups by nature: "three groups: oppressors and victims" is a mismatch.
_COLLECTIVE = frozenset("group category type kind class sort camp section sector part division tier bloc faction "
                        "side team".split())
# A list item ending in one of these was cut short, by an aside or a dash, before its last word.
_DANGLING = frozenset("to of from in on at by for with and or the a an".split())
_YEAR = re.compile(r"(?:1[89]|20)\d\d\b")


def _doubtful(doc: Document, e: Enumeration, listed: int) -> str | None:
    """Why the "list" may not be the things counted, or None: then a mismatch is only worth info.

    An item that is a figure or starts with one ("Malia, 16, and Sasha, 13"; "on 20 and 21 Aug";
    "and seven grandchildren"): an age, a date or another count, not an item. Fewer items than
    the count where an item is a plural group ("15 girls - my daughters, the granddaughters and
    friends"). Alternatives ("four banks - A or B"). A clause after a dash, not a list ("five
    guests - causing the fight"). A count that is a day of a month ("Oct. 3 - was 25")."""
    items = [doc.text[a:b].strip() for a, b in e.items]
    if _MONTH_BEFORE.search(doc.text[max(0, e.count_start - 6):e.count_start]):
        return "date"
    for item in items:
        if item.split() and item.split()[-1].lower() in _DANGLING:
            return "cut"  # "from Beijing to - I think - Amsterdam": an aside cut the list short
        first = item.split()[0].lower() if item.split() else ""
        if (first[:1].isdigit() and not _YEAR.match(first)) or first in _COUNT_WORDS:
            return "figure"  # an age, a day or another count; a year is an event ("three times - 2008 and 2011")
        if _CLAUSE_START.match(item):
            return "clause"
    if listed < e.count and (e.noun or "") not in _COLLECTIVE and any(
            w.islower() and w.endswith("s") and not w.endswith("ss") for item in items for w in item.split()[-1:]):
        return "groups"
    between = doc.text[e.items[-2][1]:e.items[-1][0]] if len(e.items) >= 2 else ""
    if re.search(r"\bor\b", between):
        return "alternatives"
    return None


def _gathered(doc: Document, e: Enumeration) -> bool:
    """True when the items were gathered from other sentences than the count's."""
    s = doc.sentences[e.sentence]
    return any(not (s.start <= a < s.end) for a, _ in e.items)
