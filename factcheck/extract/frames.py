"""Frames layer: what each figure states, so that restatements can be paired wherever they stand.

A frame reads the words around one quantity: the thing it measures (the counted noun, the noun it
qualifies, the noun it is "of", or the verb that governs it: "£4.2m cut", "a budget of £36.8m",
"awarded £14.2m"), whose it is (the person or organisation named nearest before it in its clause),
when (another time: "a year earlier", "up from", "last year"), its role (a level, a change, a
share) and whether it is definite ("the £4.7m cut" points back at a cut already stated). Checks
pair two mentions by their frame, not by how close their sentences embed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from factcheck.core.model import DateMention, Document, Frame, Mention, Quantity, Sentence
from factcheck.extract._numbers import singular
from factcheck.extract.quantities import _NAME_RUN, _NOT_SUBJECT

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Words that point back at something already stated when they stand right before a figure.
_DEFINITE = frozenset({"the", "these", "those"})  # "announced that 91m naira": "that" is no article
# "30 of the 54 seats", "22 of his 71 matches": the second figure is the whole, not a restatement.
_WHOLE_BEFORE = re.compile(r"\d[\d,.]*%?\s+(?:\w+\s+)?of\s+(?:the\s+|his\s+|her\s+|its\s+|their\s+)?$", re.I)
# "a 54-seat council", "a 287-vote margin": the figure sizes the noun after the compound.
_COMPOUND_AFTER = re.compile(r"^\s?-\s?[a-z]+(?:\s?-\s?[a-z]+)?\s+([A-Za-z]{3,})\b")
# A figure in a phrase about another time than the sentence's main claim.
_OTHER_TIME = re.compile(
    r"\b(?:up|down)\s+from\s*$|\bfrom\s*$|\bcompared\s+(?:with|to)\s*$|\bagainst\s*$|"
    r"(?<!more )(?<!less )(?<!fewer )(?<!other )(?<!rather )\bthan\s*$|"
    r"\bprevious(?:ly)?\b[^.;]*$",
    re.I)
_OTHER_TIME_AFTER = re.compile(
    r"^[^.;,]{0,40}?\b(?:a\s+year\s+(?:earlier|before|ago)|the\s+(?:year|month|week)\s+before|last\s+year|"
    r"(?:the\s+)?(?:previous|prior|preceding|same\s+period)|previously|before\s+that|earlier|next\s+year|"
    r"by\s+20\d\d)\b",
    re.I)
# A change, not a level: "rose 18%", "a rise of 16%", "up 4%", "a 5% increase", "by 0.5C".
_CHANGE_BEFORE = re.compile(
    r"\b(?:rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|dropped|drop(?:s|ping)?|grew|grow(?:s|n|ing)?|"
    r"jump(?:ed|s)?|climb(?:ed|s)?|slump(?:ed|s)?|increase[ds]?|decrease[ds]?|declined?|up|down|"
    r"gain(?:ed|s)?|lost|shed|cut|reduced|raised)\s+(?:by\s+)?(?:about\s+|almost\s+|nearly\s+|some\s+)?$|"
    r"\bby\s+(?:about\s+|almost\s+|nearly\s+|some\s+)?$|"
    r"\b(?:a|the)\s+(?:rise|fall|drop|increase|decrease|decline|jump|gain|reduction|swing|change)\s+of\s+$",
    re.I)
# The level a change starts from: "up from 1,093,200", "compared with £81.4m".
_BASELINE = re.compile(r"\b(?:up|down)\s+from\s*$|\bfrom\s*$|\bcompared\s+(?:with|to)\s*$", re.I)
_CHANGE_NOUNS = frozenset({"rise", "fall", "drop", "increase", "decrease", "decline", "jump", "gain", "reduction",
                           "swing", "change", "growth", "hike", "uplift", "boost"})
# Head nouns too general to name what a figure measures on their own ("the £146.8m figure").
_GENERIC = frozenset({"figure", "total", "sum", "amount", "number", "level", "rate", "one", "time", "thing",
                      "year", "month", "week", "day", "hour", "minute", "second", "per", "cent", "percent"})
# Words before a figure that never name what it measures ("to £96m", "at 58.4%", "only 31").
_NOT_MEASURE = frozenset(
    "a an the of in on at to for from by with and or but than that which who whom whose is are was were be been "
    "has have had as it its this these those he she they we i you his her their our about over under after before "
    "into up down out per just only some almost nearly around roughly more less most least another other each "
    "every all both any no not also still even then when while if so do does did than some what where last first "
    "final next past".split())
# Currency words name the unit, not the thing measured ("68m euros").
_CURRENCY = frozenset("euro pound dollar rupee yen yuan franc krona krone rouble ruble peso rand naira dinar "
                      "dirham riyal lira shekel won ringgit baht zloty".split())
_AGE_AFTER = re.compile(r"^\s?-?\s?years?\s?-?\s?old\b", re.I)  # "52-year-old", "61 - year - old"
_AGE_APPOSITION = re.compile(r",\s*$")
_AGE_TAIL = re.compile(r"^\s*,")
_AGED = re.compile(r"\b(?:aged|at\s+the\s+age\s+of|(?:he|she)\s+was)\s*$", re.I)
_AGED_END = re.compile(r"^\s*(?:[,.;)]|$|when\b|in\b|and\b)")
# The phrase a share or a figure qualifies, after "of": "3.1% of the list", "a budget of £36.8m".
_OF_BEFORE = re.compile(r"\b(?:a|an|the|its|their|his|her)?\s*(?:[a-z-]+\s+){0,2}?([a-z-]+)\s+of\s+"
                        r"(?:about\s+|almost\s+|nearly\s+|some\s+|just\s+(?:over|under)\s+)?$", re.I)
_REPORTING = re.compile(r"\b(?:said|says|say|told|tells|added|adds|explained|argued|claimed|insisted|warned|"
                        r"described|called|welcomed|praised|criticised|criticized|confirmed|announced)\b", re.I)
_CALENDAR_WORD = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|"
                            r"July|August|September|October|November|December|Good|Easter|Christmas")
_CLAUSE_BREAK = re.compile(r"[;:()\"“”]|,\s+(?:and|but|while|whereas|with|which|who)\b|\band\b|\bbut\b")


# A sentence holding more figures than this is a table pasted as one line: its figures get no frame
# (the checks never compare them, and reading each against the others would be quadratic).
MAX_FIGURES = 50


@dataclass
class _BySentence:
    """The document's mentions, dates and figures grouped by sentence, read once per document."""

    mentions: dict[int, list[Mention]] = field(default_factory=lambda: defaultdict(list))
    dates: dict[int, list[DateMention]] = field(default_factory=lambda: defaultdict(list))
    quantities: dict[int, list[Quantity]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, doc: Document) -> _BySentence:
        ix = cls()
        for m in doc.mentions:
            ix.mentions[m.sentence].append(m)
        for d in doc.dates:
            ix.dates[d.sentence].append(d)
        for q in doc.quantities:
            ix.quantities[q.sentence].append(q)
        return ix


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """A crude stem that joins a noun with its verb and plural ("voting", "votes", "voted" -> "vot";
    "awarded", "award" -> "award"): enough to say two figures measure the same thing."""
    w = singular(word.lower().strip("'’-"))
    for suffix in ("ations", "ation", "ings", "ing", "ions", "ion", "ed", "es", "s", "e"):
        if len(w) - len(suffix) >= 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def _words_before(text: str, limit: int = 4) -> list[str]:
    return [m.group() for m in _WORD.finditer(text)][-limit:]


def _clause_start(s: Sentence, doc: Document, pos: int) -> int:
    """Where the clause holding ``pos`` starts (a semicolon, a quote, ", and", ", which")."""
    before = doc.text[s.start:pos]
    cut = 0
    for m in _CLAUSE_BREAK.finditer(before):
        cut = m.end()
    return s.start + cut


def _owner(doc: Document, s: Sentence, q: Quantity, start: int, ix: _BySentence) -> str | None:
    """The person or organisation named nearest before the figure in its clause (from ``start``), else
    the last run of capitalised words there; never the speaker of a reporting verb."""
    best = None
    for m in ix.mentions[s.index]:
        if start <= m.start and m.end <= q.start:
            best = m
    if best is not None and _REPORTING.search(doc.text[best.end:q.start]):
        return None  # "Dame Karen Ashby said the £12.4m award": the speaker does not own the award
    if best is not None:
        return best.name or best.text
    # no extracted mention: a run of capitalised words in the clause ("the North East gets ... £14m")
    names = []
    for m in _NAME_RUN.finditer(doc.text, start, q.start):
        words = [w for w in m.group().split() if w not in _NOT_SUBJECT and not _CALENDAR_WORD.fullmatch(w)]
        # a lone capitalised word opening the sentence is just its first word; calendar words own nothing
        if words and (m.start() > s.start or len(words) > 1) and not _REPORTING.search(doc.text[m.end():q.start]):
            names.append(" ".join(words))
    return names[-1] if names else None


def _measure(doc: Document, s: Sentence, q: Quantity, before: str, after: str) -> tuple[str | None, bool]:
    """The thing measured, as a stem, and whether it is a change noun ("a 5% rise")."""
    compound = _COMPOUND_AFTER.match(after)
    if compound and not _AGE_AFTER.search(after):
        head = compound.group(1)
        if head[0].isupper() or head in _NOT_MEASURE:  # "the 50-member Senate GOP conference"
            return None, False
        return stem(head), head in _CHANGE_NOUNS
    noun = q.noun
    if noun and noun.lower() in _CURRENCY:
        noun = None
    if noun and noun.lower() not in _GENERIC:
        return stem(noun), noun.lower() in _CHANGE_NOUNS
    if noun and re.match(r"\s*(?:the|this|that)\s*$", before[-6:], re.I):
        return "*", False  # "the £146.8m figure": the story's figure of that kind, whatever it is
    m = _OF_BEFORE.search(before)
    if m and m.group(1).lower() not in _DEFINITE and m.group(1).lower() not in _GENERIC:
        head = m.group(1).lower()
        return stem(head), head in _CHANGE_NOUNS
    words = _words_before(before, 1)
    if words and before.rstrip().endswith(words[-1]):
        w = words[-1]
        if w.islower() and w not in _NOT_MEASURE and len(w) > 3:
            return stem(w), False  # the verb that governs it: "awarded £14.2m", "which lose £1.3m"
    return None, False


def frame_of(doc: Document, s: Sentence, q: Quantity, index: int, ix: _BySentence) -> Frame | None:
    before = doc.text[max(s.start, q.start - 80):q.start]
    after = doc.text[q.end:min(s.end, q.end + 80)]
    if q.kind in ("year", "ordinal"):
        return None
    kind = {"money": "money", "percent": "percent", "ratio": "ratio"}.get(q.kind, "count")
    measure, change_noun = _measure(doc, s, q, before, after)
    clause = _clause_start(s, doc, q.start)
    owner = _owner(doc, s, q, clause, ix)
    words = _words_before(before, 1)
    definite = bool(words) and words[-1].lower() in _DEFINITE and before.rstrip().endswith(words[-1])
    age = _age_owner(q, before, after, ix)
    if age is not None:
        kind, measure = "age", "age"
        owner = age or (None if _AGE_AFTER.search(after) else owner)
    role = "level"
    if change_noun or _CHANGE_BEFORE.search(before):
        role = "change"
    elif _WHOLE_BEFORE.search(before):
        role = "whole"
    other_time = _OTHER_TIME.search(before) or _OTHER_TIME_AFTER.search(after)
    time = "other" if other_time else _year_in_clause(doc, s, q, clause, ix)
    if _BASELINE.search(before):
        role = "baseline" if role == "level" else role
    return Frame(start=q.start, end=q.end, text=q.text, sentence=s.index, kind=kind, value=q.value,
                 unit=q.unit, measure=measure, owner=owner, time=time, role=role, definite=definite,
                 approx=q.approx or q.high is not None, quantity=index)


def _year_in_clause(doc: Document, s: Sentence, q: Quantity, start: int, ix: _BySentence) -> str | None:
    """An explicit year in the figure's clause (from ``start``) dates it ("412 burglaries in 2024")."""
    end = s.end
    m = _CLAUSE_BREAK.search(doc.text, q.end, s.end)
    if m:
        end = m.start()
    # only the figure's own stretch: between the figures before and after it ("22 seats, up from 15 in 2021")
    for other in ix.quantities[s.index]:
        if other.kind == "year":
            continue
        if other.end <= q.start:
            start = max(start, other.end)
        elif other.start >= q.end:
            end = min(end, other.start)
    for d in ix.dates[s.index]:
        if start <= d.start < end and d.year is not None:
            return str(d.year)
    return None


def _age_owner(q: Quantity, before: str, after: str, ix: _BySentence) -> str | None:
    """None when the figure is not an age; else the person it is the age of, or "" when none is named:
    "38-year-old Liam Carver" (the person after), "Karen Ashdown, 52," (the person right before),
    "Sheila Brannigan ... has died aged 87" (the clause's first person)."""
    if _AGE_AFTER.search(after):  # "the 27-year-old Spaniard": nobody named after it, nobody owns it
        return _person_just_after(q, ix) or ""
    if _AGED.search(before) and _AGED_END.match(after) and 0 < q.value < 120:
        return (_person_just_before(q, ix) if _AGE_APPOSITION.search(before) else _first_person(q, ix)) or ""
    if (q.kind == "cardinal" and _AGE_APPOSITION.search(before) and _AGE_TAIL.match(after)
            and 0 < q.value < 120 and q.value == int(q.value)):
        return _person_just_before(q, ix)  # no person right before ", 52,": not an age
    return None


def _person_just_after(q: Quantity, ix: _BySentence) -> str | None:
    for m in ix.mentions[q.sentence]:
        if m.kind == "person" and 0 <= m.start - q.end <= 12:
            return m.name or m.text
    return None


def _first_person(q: Quantity, ix: _BySentence) -> str | None:
    for m in ix.mentions[q.sentence]:
        if m.kind == "person" and m.end <= q.start:
            return m.name or m.text
    return None


def _person_just_before(q: Quantity, ix: _BySentence) -> str | None:
    """The person named right before ", 52," (the apposition that gives a person's age)."""
    for m in ix.mentions[q.sentence]:
        if m.kind == "person" and 0 <= q.start - m.end <= 3:
            return m.name or m.text
    return None


def extract(doc: Document) -> None:
    by_sentence = {s.index: s for s in doc.sentences}
    ix = _BySentence.of(doc)
    out = []
    for i, q in enumerate(doc.quantities):
        s = by_sentence.get(q.sentence)
        if s is None or len(ix.quantities[q.sentence]) > MAX_FIGURES:
            continue
        f = frame_of(doc, s, q, i, ix)
        if f is not None:
            out.append(f)
    doc.frames = out
    doc.layers.add("frames")
