"""Dates layer: years, months, weekdays, full dates and relative dates.

Full dates ("March 31, 2012", "5 May 2005", "5 May") come first, then bare month and
weekday names, then years, then relative phrases ("last Tuesday", "yesterday", "last
year"), which are resolved against ``Document.date`` (ISO) when the document has one.
"May" and "March" are also a modal verb, a surname and a noun, so they count as months
only next to a day, a year or a preposition that takes a date.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from factcheck.core.model import DateMention, Document
from factcheck.lexicons import load

_AMBIGUOUS_MONTHS = frozenset({"may", "march"})
_DATE_PREPS = frozenset({"in", "on", "of", "since", "until", "till", "by", "from", "through", "early", "late", "mid",
                         "last", "next", "this", "during", "between", "and", "to", "before", "after", "end",
                         "start", "beginning", "or", "each", "every", "around", "for", "ending"})


@lru_cache(maxsize=1)
def _lex() -> dict:
    return load("dates")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    L = _lex()
    full_months = [m for m in L["months"] if len(m) > 3 or m == "may"]
    abbr_months = [m for m in L["months"] if len(m) <= 4 and m not in full_months]
    month = r"(?:" + "|".join(m.capitalize() for m in sorted(full_months, key=len, reverse=True)) + "|" + "|".join(
        m.capitalize() + r"\." for m in abbr_months) + ")"
    weekday = r"(?:" + "|".join(w.capitalize() for w in L["weekdays"] if len(w) > 5) + ")"
    day = r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
    year = r"(?:1[7-9]\d\d|20\d\d)"
    return {
        "mdy": re.compile(rf"\b(?P<m>{month})\s*(?P<d>{day})\b(?:\s*,?\s*(?P<y>{year})\b)?"),
        "dmy": re.compile(rf"\b(?P<d>{day})(?:\s+of)?\s+(?P<m>{month})(?:\s*,?\s*(?P<y>{year})\b)?"),
        "month": re.compile(rf"\b(?P<m>{month})(?:\s*,?\s*(?P<y>{year})\b)?"),
        "weekday": re.compile(rf"\b(?P<w>{weekday})\b"),
        "year": re.compile(rf"(?<![\w.,$£€¥/:-])(?P<y>{year})(?:s|'s)?(?![\w%]|[.,]\d|\s*(?:percent|per cent)\b)"),
        "relative": re.compile(
            rf"\b(?:(?P<rel>last|next|this|previous|coming)\s+(?:(?P<w>{weekday})|(?P<unit>week|month|year))"
            r"|(?P<day>yesterday|today|tomorrow|tonight))\b",
            re.I,
        ),
    }


def _num(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _month_ok(text: str, start: int, end: int, name: str, has_day_or_year: bool) -> bool:
    if name.lower().rstrip(".") not in _AMBIGUOUS_MONTHS or has_day_or_year:
        return True
    before = re.search(r"([A-Za-z]+)\W*$", text[max(0, start - 15):start])
    if before is None:
        return False
    prev = before.group(1)
    if prev[0].isupper() and prev.lower() not in _DATE_PREPS:
        return False  # "Theresa May", "Mrs May"
    return prev.lower() in _DATE_PREPS


def _anchor(doc: Document) -> dt.date | None:
    if not doc.date:
        return None
    try:
        return dt.date.fromisoformat(doc.date[:10])
    except ValueError:
        return None


def find_dates(doc: Document, start: int, end: int, sentence: int) -> list[DateMention]:
    L, P, text = _lex(), _patterns(), doc.text
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(d: DateMention) -> None:
        out.append(d)
        taken.append((d.start, d.end))

    def month_no(name: str) -> int:
        return L["months"][name.lower().rstrip(".")]

    for key in ("mdy", "dmy"):
        for m in P[key].finditer(text, start, end):
            if not free(m.start(), m.end()):
                continue
            d = _num(m.group("d"))
            y = int(m.group("y")) if m.group("y") else None
            add(DateMention(m.start(), m.end(), m.group(), sentence, kind="date", year=y, month=month_no(m.group("m")),
                            day=d))
    for m in P["month"].finditer(text, start, end):
        if not free(m.start(), m.end()) or not _month_ok(text, m.start(), m.end(), m.group("m"), bool(m.group("y"))):
            continue
        y = int(m.group("y")) if m.group("y") else None
        add(DateMention(m.start(), m.end(), m.group(), sentence, kind="month", year=y, month=month_no(m.group("m"))))
    anchor = _anchor(doc)
    for m in P["relative"].finditer(text, start, end):
        if not free(m.start(), m.end()):
            continue
        add(_relative(m, sentence, anchor))
    for m in P["weekday"].finditer(text, start, end):
        if not free(m.start(), m.end()):
            continue
        add(DateMention(m.start(), m.end(), m.group(), sentence, kind="weekday",
                        weekday=L["weekdays"][m.group("w").lower()]))
    for m in P["year"].finditer(text, start, end):
        if not free(m.start(), m.end()):
            continue
        after = text[m.end():min(end, m.end() + 15)]
        if re.match(r"\s+(?!years?\b|times\b|levels?\b)[a-z]+s\b", after) and not re.match(r"\s+(?:as|is|was|has)\b",
                                                                                           after):
            continue  # "2000 miles": a count, not a year
        if m.group().endswith("s"):
            continue  # "the 1990s": a decade
        y = int(m.group("y"))
        add(DateMention(m.start(), m.start() + 4, m.group("y"), sentence, kind="year", year=y))
    out.sort(key=lambda d: (d.start, d.end))
    return out


def _relative(m: re.Match[str], sentence: int, anchor: dt.date | None) -> DateMention:
    d = DateMention(m.start(), m.end(), m.group(), sentence, kind="relative")
    L = _lex()
    if m.group("day"):
        if anchor:
            day = anchor + dt.timedelta(days=L["relative_days"][m.group("day").lower()])
            d.year, d.month, d.day, d.weekday = day.year, day.month, day.day, day.weekday()
        return d
    rel = m.group("rel").lower()
    step = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    if m.group("w"):
        wd = L["weekdays"][m.group("w").lower()]
        d.weekday = wd
        if anchor:
            delta = (wd - anchor.weekday()) % 7
            if step < 0:
                delta = delta - 7 if delta else -7
            elif step > 0 and delta == 0:
                delta = 7
            day = anchor + dt.timedelta(days=delta)
            d.year, d.month, d.day = day.year, day.month, day.day
        return d
    unit = m.group("unit").lower()
    if anchor:
        if unit == "year":
            d.year = anchor.year + step
        elif unit == "month":
            k = anchor.year * 12 + anchor.month - 1 + step
            d.year, d.month = k // 12, k % 12 + 1
        else:
            day = anchor + dt.timedelta(days=7 * step)
            d.year, d.month, d.day = day.year, day.month, day.day
    return d


def extract(doc: Document) -> None:
    out: list[DateMention] = []
    for s in doc.sentences:
        out.extend(find_dates(doc, s.start, s.end, s.index))
    doc.dates = out
    doc.layers.add("dates")
