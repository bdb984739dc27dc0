"""NUM003: a value that cannot be true whatever any other document says."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from typing import Any, ClassVar

from factcheck.checks.base import Check
from factcheck.core.model import Document, Finding
from factcheck.pair.corpus import Corpus

_MONTHS = {m.lower(): n for n, m in enumerate(calendar.month_name) if m}
_SCORE = r"(\d{1,2})\s?[-–]\s?(\d{1,2})"
# "a 2-1 draw", "drew 2-1", "tied 3-2": a draw is level
_DRAW = re.compile(rf"\b{_SCORE}\s+(?:draw|tie|stalemate)\b|\b(?:drew|drawn|tied)\s+{_SCORE}\b", re.I)
# tennis sets or a tie-break: "6-4, 3-6, 7-5", "lost 1-6, 4-16", "6-14 in the tie-break"
_SETS = re.compile(rf"(?<![\d-]){_SCORE}(?:\s?,\s?{_SCORE}(?![\d-]))+")
_TIEBREAK = re.compile(rf"(?<![\d-]){_SCORE}\s+(?:in\s+(?:the|a)\s+)?tie-?\s?breaks?\b", re.I)
# "31 February", "February 30th"
_DAY_MONTH = re.compile(r"(?<![\w'’])(\d{1,2})(?:st|nd|rd|th)?[ \t]+(" + "|".join(_MONTHS) + r")\b", re.I)
_MONTH_DAY = re.compile(r"\b(" + "|".join(_MONTHS) + r")[ \t]+(\d{1,2})(?:st|nd|rd|th)?\b(?![ \t]*[,-]?[ \t]*\d{3})",
                        re.I)
# "110% of voters": a share of a group of people cannot pass 100% ("150% of last year's" is a comparison)
# "121 percent of Republican primary voters": up to three words may qualify the group
_SHARE = re.compile(r"\b(\d{3,}(?:\.\d+)?)\s?(?:%|per\s?cent)\s+of\s+(?:the\s+|all\s+|its\s+|their\s+)?"
                    r"(?:(?!than\b|what\b|last\b|previous\b)[A-Za-z-]+\s+){0,3}?"
                    r"(?:voters|people|respondents|adults|children|members|students|workers|households|population|"
                    r"staff|users|customers|fans|residents|citizens|patients|pupils|employees|those)\b", re.I)


def _set_problem(a: int, b: int) -> bool:
    """A tennis set or tie-break score past 7 must be won by exactly two ("16-14" yes, "4-16" no)."""
    return max(a, b) > 7 and abs(a - b) != 2


class ImpossibleValue(Check):
    """A value that is impossible on its face.

    What it does: flags a draw whose score is not level ("a 2-1 draw"), a tennis set or tie-break
    score that no game can end on ("1-6, 4-16"; "6-14 in the tie-break": past seven points or games
    a set is won by exactly two), a day that its month does not have ("31 April", "30 February"),
    and a share of a whole above 100% ("110% of voters").
    Why it matters: these are slips no other article is needed to see, typically one digit changed
    or added, and a reader spots them at once.
    Example: "lost to Williams 1-6, 4-16 in the third round" -> NUM003 on "4-16".
    Known problems: set scores are only read in a list of two or more scores separated by commas, or
    beside the word tie-break, so a "16-4" rugby score is left alone; 29 February is accepted, as the
    year is not checked here.
    """

    code = "NUM003"
    category = "number"
    summary = "A value impossible on its face (a level draw, a set score, a day, a share)"
    needs = frozenset()
    scope = "story"  # one document at a time
    reach = 0  # reads its own figures only
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for d in corpus.documents:
            if not d.reference:
                yield from self._scan(d)

    def _scan(self, d: Document) -> Iterator[Finding]:
        text = d.text
        for m in _DRAW.finditer(text):
            a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            if a != b:
                start = m.start(1) if m.group(1) else m.start(3)
                end = m.end(2) if m.group(1) else m.end(4)
                yield self.finding(f"'{text[start:end]}' is called a draw, but a draw is level.",
                                   [d.evidence(start, end)], suggestion=f"{a}-{a} or {b}-{b}, or not a draw",
                                   confidence=0.8, proof="arithmetic")
        for m in _SETS.finditer(text):
            for s in re.finditer(_SCORE, m.group()):
                a, b = int(s.group(1)), int(s.group(2))
                if _set_problem(a, b):
                    start, end = m.start() + s.start(), m.start() + s.end()
                    yield self._set(d, start, end, a, b)
        for m in _TIEBREAK.finditer(text):
            a, b = int(m.group(1)), int(m.group(2))
            if _set_problem(a, b) and not _SETS.search(text, m.start(), m.end()):
                yield self._set(d, m.start(1), m.end(2), a, b)
        for pat, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
            for m in pat.finditer(text):
                day, month = int(m.group(day_group)), _MONTHS[m.group(month_group).lower()]
                if (day > 29 and month == 2) or (day > 30 and month in (4, 6, 9, 11)) or day > 31 or day == 0:
                    name = calendar.month_name[month]
                    yield self.finding(f"'{m.group()}': {name} has no day {day}.", [d.evidence(m.start(), m.end())],
                                       suggestion="check the day", confidence=0.8, proof="arithmetic")
        for m in _SHARE.finditer(text):
            if float(m.group(1)) > 100:
                yield self.finding(f"'{m.group(1)}%' of a whole: a share cannot be more than 100%.",
                                   [d.evidence(m.start(1), m.end(1))], suggestion="check the figure",
                                   confidence=0.6, proof="arithmetic")

    def _set(self, d: Document, start: int, end: int, a: int, b: int) -> Finding:
        return self.finding(
            f"'{d.text[start:end]}' is not a score a tennis set or tie-break can end on: past 7 it is won by "
            "exactly two.", [d.evidence(start, end)], suggestion="check the score", confidence=0.7, proof="arithmetic")
