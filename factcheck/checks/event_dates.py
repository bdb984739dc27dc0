"""DAT002 and DAT003: one event given two dates in one document, and date arithmetic that fails.

DAT002 — What it does: reads each full date (day and month) of a document with the event it
  dates: the words of its clause before it ("The vote on 14 March", "councillors voting 31 to 19 in
  favour on 12 March", "her death on 12 June" / "died ... on Saturday 14 June"). Two full dates of
  one event word that differ in the day or month are flagged, the later mention as the suspect
  (the headline and lead state the story's facts first). Dates of another event of the same kind
  ("the first meeting", "the next meeting") are told apart by an ordinal or "next"/"last".
Why it matters: DAT001 compares weekdays, months and years of aligned sentences; a slipped day
  of the month in a restatement of the same event passes it.
Example: "...voting 31 to 19 in favour on 12 March." ... "The vote on 14 March followed a
  four-hour meeting." -> DAT002 on "14 March", suggest 12 March.
Known problems: the event is read from the words before a date, not a parse, so two events named
  by one word on two dates ("talks on 5 May ... talks on 12 May") are flagged when nothing marks
  them apart; ranges ("from 3 to 7 June") are not events.

DAT003 — What it does: a stated interval between two dates ("three weeks later, on 18 March"
  after "4 March"; "published on 12 March, six weeks after the inspectors' visit" on 5 February;
  "from 26 October, a week before the first flight" on 30 October) is recomputed from the
  calendar, the year taken from the dates or the document's date.
Why it matters: interval arithmetic is a classic slip that no other article is needed to see.
Example: "The foundation confirmed the grant on 4 March. Three weeks later, on Tuesday 18 March,
  ..." -> DAT003 on "Three weeks": 4 March to 18 March is 14 days (two weeks).
Known problems: "later" is counted from the last full date stated before it; months are counted
  by calendar month, with a day's slack either way.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from factcheck.checks._frames import checked, sentence_of
from factcheck.checks.base import Check
from factcheck.core.model import DateMention, Document, Finding
from factcheck.extract.frames import stem
from factcheck.pair.corpus import Corpus

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STOP = frozenset(
    "a an the of in on at to for from by with and or but than that which who is are was were be been has have had "
    "as it its this these those he she they we his her their our will would could should may might can not no also "
    "said says say told until since before after by during least at about around early late night morning afternoon "
    "evening day week weekend held take taken due expected planned set date dated".split())
# Words that mark one event of several of a kind: "the first meeting", "the next vote".
_SEVERAL = re.compile(r"\b(?:first|second|third|fourth|next|last|previous|final|another|earlier|later|latest|"
                      r"each|every|further|new|other|original|originally|initially|rescheduled|postponed|considered|"
                      r"had\s+been\s+due|was\s+due)\b", re.I)
# Nouns and verbs of one event that share no stem: "died" and "her death".
_SAME_EVENT = {"death": "die", "died": "die", "dies": "die", "dying": "die", "birth": "born", "born": "born",
               "arrest": "arrest", "trial": "trial", "sentencing": "sentenc", "sentenced": "sentenc",
               "funeral": "funeral", "opening": "open", "opened": "open", "opens": "open", "closure": "clos",
               "closed": "clos", "closes": "clos", "launch": "launch", "launched": "launch"}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_INTERVAL = re.compile(
    r"\b(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<unit>days?|weeks?|months?)\s+(?P<rel>later|after|before|earlier)\b(?P<rest>[^.;]{0,60})", re.I)
_MANY = 200  # more dates than this naming one event word in one document are not compared
_CALENDAR = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|"
                       r"august|september|october|november|december|today|yesterday|tomorrow")
_CLAUSE = re.compile(r"[;:\"“”]|,\s+(?:and|but|while|which|who)\b|\b(?:and|but|while|whereas)\s|\.\s")


def _event_words(doc: Document, d: DateMention) -> set[str]:
    """Stems of the content words in the date's clause before it: what the date dates."""
    s = sentence_of(doc, d.sentence)
    if s is None:
        return set()
    before = doc.text[s.start:d.start]
    cuts = [m.end() for m in _CLAUSE.finditer(before)]
    before = before[cuts[-1]:] if cuts else before
    words = [w for w in _WORD.findall(before) if w.islower()][-8:]  # events are common words, not names
    out = set()
    for w in words:
        if w in _STOP or len(w) < 3 or w in _NUMBER_WORDS or _CALENDAR.fullmatch(w):
            continue
        out.add(_SAME_EVENT.get(w, stem(w)))
    return out


def _year(doc: Document, d: DateMention) -> int | None:
    if d.year:
        return d.year
    if doc.date and doc.date[:4].isdigit():
        return int(doc.date[:4])
    return None


def _when(doc: Document, d: DateMention) -> dt.date | None:
    year = _year(doc, d)
    if year is None or d.month is None or d.day is None:
        return None
    try:
        return dt.date(year, d.month, d.day)
    except ValueError:
        return None


def _full(doc: Document) -> list[DateMention]:
    return [d for d in doc.dates if d.kind == "date" and d.day is not None and d.month is not None
            and doc.block_of(d.start) is None]


class EventDate(Check):
    code = "DAT002"
    category = "date"
    summary = "One event given two full dates in the same document"
    needs = frozenset({"dates", "structure"})
    scope = "story"  # one document at a time
    reach = 0  # reads its own dates only
    evident = True  # its own arithmetic or restatement is the proof

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for doc in checked(corpus):
            per_sentence: dict[int, int] = {}
            for d in _full(doc):
                per_sentence[d.sentence] = per_sentence.get(d.sentence, 0) + 1
            # one date in its sentence: a sentence of several dates is a schedule, not one event's date
            dates = [d for d in _full(doc) if per_sentence[d.sentence] == 1 and not _ranged(doc, d)
                     and not _SEVERAL.search(_clause_text(doc, d))]
            events = {id(d): _event_words(doc, d) for d in dates}
            named = {id(d): _named_event(doc, d) for d in dates}
            people = _people_by_sentence(doc)
            by_word: dict[str, list[int]] = defaultdict(list)  # event word -> the dates it names, in order
            # a day -> how many of its dates name each event word
            said: dict[tuple[int | None, int | None], Counter[str]] = defaultdict(Counter)
            for k, d in enumerate(dates):
                said[(d.day, d.month)].update(events[id(d)])
                for w in events[id(d)]:
                    by_word[w].append(k)
            for k, d in enumerate(dates):
                if any(len(by_word[w]) > _MANY for w in events[id(d)]):
                    continue  # hundreds of dates of one event word: a timeline or a log, not one event
                earlier = sorted({j for w in events[id(d)] for j in by_word[w] if j < k})
                for e in (dates[j] for j in earlier):
                    if (e.day, e.month) == (d.day, d.month) or (d.year and e.year and d.year != e.year):
                        continue
                    shared = events[id(d)] & events[id(e)]
                    # one of the two must name the event as a thing: "the vote on 14 March", "her death on 12 June"
                    if not shared or not (named[id(d)] in shared or named[id(e)] in shared):
                        continue
                    pd, pe = people.get(d.sentence, set()), people.get(e.sentence, set())
                    if pd and pe and not pd & pe:
                        continue  # two named people: two events ('her departure' of each)
                    # another mention of the same day for this event settles it (beside d itself)
                    if any(said[(d.day, d.month)][w] > 1 for w in shared):
                        continue
                    word = sorted(shared)[0]
                    yield self.finding(
                        f"'{d.text}' here, but the same event ({word}…) is dated '{e.text}' earlier in this document",
                        [doc.evidence(d.start, d.end), doc.evidence(e.start, e.end)],
                        suggestion=f"'{e.text}', as stated above, or correct the earlier date",
                        strength=0.7,
                    )
                    break


def _named_event(doc: Document, d: DateMention) -> str | None:
    """The event a date is the date of, when named: '(the|her|its) [planned] EVENT on|of DATE'."""
    # lowercase modifiers only: "the Thaichote satellite on 24 March" is another thing than "the satellite"
    m = re.search(r"\b(?:[Tt]he|[Hh]er|[Hh]is|[Ii]ts|[Tt]heir)\s+(?:[a-z]+\s+){0,2}?([a-z]+)\s+(?:on|of)\s+"
                  r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+)?$", doc.text[max(0, d.start - 60):d.start])
    return _SAME_EVENT.get(m.group(1).lower(), stem(m.group(1))) if m else None


def _people_by_sentence(doc: Document) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for m in doc.mentions:
        if m.kind == "person":
            out[m.sentence].add((m.surname or m.name or m.text).lower())
    return out


def _clause_text(doc: Document, d: DateMention) -> str:
    s = sentence_of(doc, d.sentence)
    return doc.text[s.start:d.start][-60:] if s else ""


def _ranged(doc: Document, d: DateMention) -> bool:
    """'from 3 to 7 June', 'between 24 March and 7 April': ends of a period, not an event's date."""
    return bool(re.search(r"\b(?:between|from)\s+(?:\w+\s+){0,3}$", doc.text[max(0, d.start - 30):d.start], re.I)
                or re.match(r"^\s*(?:to|and|until|-|–)\s+\d", doc.text[d.end:d.end + 12]))


class DateInterval(Check):
    code = "DAT003"
    category = "date"
    summary = "A stated interval between two dates that the calendar does not give"
    needs = frozenset({"dates", "structure"})
    scope = "story"  # one document at a time
    reach = 0  # reads its own dates only
    evident = True  # its own arithmetic or restatement is the proof

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for doc in checked(corpus):
            dates = _full(doc)
            in_sentence: dict[int, list[DateMention]] = defaultdict(list)
            for d in dates:
                in_sentence[d.sentence].append(d)
            words: dict[int, set[str]] = {}  # a sentence's content-word stems, read once
            for s in doc.sentences:
                if doc.is_record(s) or s.index not in in_sentence:
                    continue  # an interval lands on a date stated in its own sentence
                for m in _INTERVAL.finditer(s.text):
                    yield from self._interval(doc, s.start, m, dates, in_sentence[s.index], words)

    def _interval(self, doc: Document, base: int, m: re.Match[str], dates: list[DateMention],
                  here: list[DateMention], words: dict[int, set[str]]) -> Iterator[Finding]:
        a, b = base + m.start(), base + m.end("rel")
        if not here:
            return
        rel = m.group("rel").lower()
        target = min(here, key=lambda d: abs(d.start - a))  # the date the interval lands on
        anchor = None
        rest = m.group("rest")
        event = re.match(r"\s+(?:the|a|an|his|her|their|its)\s+((?:[\w'’-]+\s+){0,3}[\w'’-]+)", rest) \
            if rel in ("after", "before") else None
        if event:
            head = _WORD.findall(event.group(1))[-1].lower()  # "the inspectors' visit" -> visit
            word = _SAME_EVENT.get(head, stem(head))
            for d in dates:
                if d.sentence not in words:
                    words[d.sentence] = _all_words(doc, d)
            cands = [d for d in dates if d is not target and word in words[d.sentence]]
            anchor = cands[0] if len(cands) == 1 else None
        elif rel in ("later", "earlier") and target.start > a - 80:
            k = bisect.bisect_left([d.start for d in dates], a)  # the last full date before the interval
            before = [d for d in dates[max(0, k - 2):k] if d is not target]
            anchor = before[-1] if before else None
        if anchor is None:
            return
        t, u = _when(doc, target), _when(doc, anchor)
        if t is None or u is None:
            return
        if target.year is None and anchor.year is not None:  # "19 September 2023 ... three weeks later, on 3 October"
            t = _roll(t, anchor.year, later=rel in ("later", "after"), ref=u)
        elif anchor.year is None and target.year is not None:
            u = _roll(u, target.year, later=rel in ("before", "earlier"), ref=t)
        days = abs((t - u).days)
        n = int(m.group("n")) if m.group("n").isdigit() else _NUMBER_WORDS[m.group("n").lower()]
        unit = m.group("unit").lower().rstrip("s")
        if unit == "day":
            ok, said = days == n, f"{days} days"
        elif unit == "week":
            ok, said = abs(days - 7 * n) <= 1, f"{days} days" + (f" ({days // 7} weeks)" if days % 7 == 0 else "")
        else:
            months = abs((t.year - u.year) * 12 + t.month - u.month)
            ok, said = months == n and abs(t.day - u.day) <= 1, f"{months} months and {abs(t.day - u.day)} days"
        if ok:
            return
        yield self.finding(
            f"'{doc.text[a:b]}' but {anchor.text} to {target.text} is {said}",
            [doc.evidence(a, base + m.end("unit")), doc.evidence(anchor.start, anchor.end),
             doc.evidence(target.start, target.end)],
            suggestion=f"the interval the dates give ({said}), or correct a date",
            strength=0.8,
        )


def _roll(d: dt.date, year: int, later: bool, ref: dt.date) -> dt.date:
    """A year-less date read in the year of the dated one it is counted from, across a new year if needed."""
    try:
        out = d.replace(year=year)
        if later and out < ref:
            out = out.replace(year=year + 1)
        elif not later and out > ref:
            out = out.replace(year=year - 1)
        return out
    except ValueError:
        return d


def _all_words(doc: Document, d: DateMention) -> set[str]:
    """Stems of every content word of the date's sentence: where 'the inspectors' visit' was dated."""
    s = sentence_of(doc, d.sentence)
    if s is None:
        return set()
    return {_SAME_EVENT.get(w.lower(), stem(w)) for w in _WORD.findall(s.text) if w.lower() not in _STOP and len(w) > 2}
