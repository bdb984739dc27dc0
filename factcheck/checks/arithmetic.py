"""NUM005: sums and shares that do not add up, with the arithmetic shown.

What it does: reads the figures of one sentence (and a vote's tally across its document) and
  redoes the sum a reader would:
  - a share against its counts: "31 of 50, or 72%", "640 comments, 612 of them objections, or 86%",
    "60 studentships, 24 of which, or 45%", "Of the 112 warnings, 28 – a third –";
  - shares of one whole stated beside their counts: "2,841 (87%) backed strikes and 425 (15%)
    voted against";
  - a change against its two levels: "1,246,300, up from 1,093,200, a rise of 16%";
  - parts against the total they split: "the £4.7m cut will be split between ... £2.9m ... £1.3m";
  - a vote's tally against what is said of either side later: "by 27 votes to 14" then "the 17
    councillors who voted against", or "unanimously" beside a tally with votes against.
Why it matters: a share or a sum that does not add up is a slip no other article is needed to
  see, and a reader with a calculator finds it first.
Example: "Of the 50 councillors present, 31 voted in favour, or 72%." -> NUM005 on "72%":
  31 / 50 = 62%.
Known problems: a share is read against the whole named in its own sentence only, so "or 3.1% of
  the list" with the list's size in another sentence is not checked; rounding is allowed to the
  precision a figure is written to, plus half a point for percentages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from factcheck.checks._frames import checked, in_prose, quantum, say, scale_of
from factcheck.checks.base import Check
from factcheck.core.model import Document, Finding, Frame, Sentence
from factcheck.extract.frames import stem
from factcheck.pair.corpus import Corpus

_FRACTIONS = {"half": 0.5, "a half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "a quarter": 0.25,
              "one quarter": 0.25, "a fifth": 0.2, "one fifth": 0.2, "two thirds": 2 / 3, "two-thirds": 2 / 3,
              "three quarters": 0.75, "three-quarters": 0.75, "a tenth": 0.1, "one in four": 0.25,
              "one in five": 0.2, "one in three": 1 / 3, "one in ten": 0.1}
# The share that restates the count just before it: "31, or 72%", "2,841 (87%)", "28 – a third –".
_SHARE_GAP = re.compile(r"^[^.;%]{0,60}?(?:,\s*or|\(|[–—-]|,\s*(?:or\s+)?(?:just\s+)?"
                        r"(?:over|under|about|nearly|almost)?)\s*$")
_FRACTION = re.compile(r"(?<![\w-])(" + "|".join(sorted((re.escape(k) for k in _FRACTIONS), key=len, reverse=True))
                       + r")(?![\w-])", re.I)
_OF_WHOLE = re.compile(r"^\s+of\s+(?:the\s+|its\s+|their\s+|all\s+)?$", re.I)
_OF_THEM = re.compile(r"^\s*(?:of\s+(?:them|which|those|these|whom)\b)", re.I)
_OF_THE_START = re.compile(r"(?:^|[,;]\s*)of\s+(?:the\s+|all\s+)?$", re.I)
_SPLIT = re.compile(r"\b(?:split|divided|shared|broken\s+down)\s+(?:between|among|across|into|as)\b|"
                    r"\bmade\s+up\s+of\b|\bcompris(?:ing|es|ed)\b|\bconsist(?:ing|s|ed)\s+of\b|"
                    r"\b(?:the\s+)?(?:remaining|rest|balance)\b", re.I)
_TALLY = re.compile(r"\b(\d{1,4})\s+(?:votes?\s+)?to\s+(\d{1,4})\b|\b(\d{1,4})\s*[-–]\s*(\d{1,4})\s+(?:vote|majority)",
                    re.I)
_VOTE_WORD = re.compile(r"\bvot(?:e|es|ed|ing)\b|\bballot|\bmajority\b|\bapprov|\breject|\bbacked\b", re.I)
_AGAINST = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:who\s+)?(?:voted|vote|votes)\s+against\b|^\s*(?:\w+\s+){0,2}?"
                      r"(?:who\s+)?opposed\b", re.I)
_FOR = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:who\s+)?(?:voted|vote|votes)\s+(?:in\s+favour|for)\b", re.I)
_UNANIMOUS = re.compile(r"\bunanimous(?:ly)?\b", re.I)
_BREAK = re.compile(r";|,\s+(?:while|whereas|but|and)\b|\band\s+(?:its|their|the)\b")
_SHORT_OF = re.compile(r"^\s+(?:seats?\s+|votes?\s+|points?\s+)?short\s+of\s+(?:the\s+|a\s+)?", re.I)
_PARTS_ARE = re.compile(r"\b[Tt]he\s+([a-z]+)(?:\s+[a-z]+){0,3}?\s+(?:are|were)\b")
_BORN = re.compile(r"\b[Bb]orn\b")
_BORN_BREAK = re.compile(r"[;:]|,\s+(?:he|she|they|it|and|but|who|which)\b|\bbetween\b", re.I)
_PRONOUN = re.compile(r"\b(?:she|he)\s+(?:was|is|turned)\s*$|\baged\s*$", re.I)
_POINTS = re.compile(r"^\s*(?:percentage\s+)?points?\b", re.I)


def _pct_tolerance(f: Frame) -> float:
    """How far a stated share may sit from the computed one: half its written step, at least half a point."""
    return max(0.5, quantum(f.text) / 2) + 1e-6


class SumsAndShares(Check):
    code = "NUM005"
    category = "number"
    summary = "A share, change, sum or vote tally that does not add up (the arithmetic shown)"
    needs = frozenset({"frames", "structure"})
    scope = "story"  # one document at a time
    reach = 0  # reads its own frames only
    evident = True  # its own arithmetic or restatement is the proof

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for doc in checked(corpus):
            frames = [f for f in doc.frames if in_prose(doc, f)]
            by_sentence: dict[int, list[Frame]] = {}
            for f in frames:
                by_sentence.setdefault(f.sentence, []).append(f)
            for s in doc.sentences:
                fs = by_sentence.get(s.index, [])
                if len(fs) < 2 and not _FRACTION.search(s.text):
                    continue
                yield from self._shares(doc, s, fs)
                yield from self._share_set(doc, s, fs)
                yield from self._change(doc, s, fs)
                yield from self._parts(doc, s, fs)
                yield from self._short_of(doc, s, fs)
            yield from self._parts_of_total(doc, frames)
            yield from self._tally(doc, frames)
            yield from self._ages(doc, frames)

    # -- a share against its counts ------------------------------------------------------------
    def _shares(self, doc: Document, s: Sentence, fs: list[Frame]) -> Iterator[Finding]:
        counts = [f for f in fs if f.kind == "count"]
        shares = [f for f in fs if f.kind == "percent" and f.role == "level" and not f.approx
                  and not _POINTS.match(doc.text[f.end:f.end + 20])]
        shares += [_fraction_frame(doc, s, m) for m in _FRACTION.finditer(s.text)]
        for p in shares:
            part = next((c for c in reversed(counts) if c.end <= p.start
                         and _SHARE_GAP.match(doc.text[c.end:p.start])), None)
            if part is None:
                continue
            whole = _whole_of(doc, s, counts, part)
            if whole is None or whole.value <= 0 or part.value > whole.value:
                continue
            computed = 100 * part.value / whole.value
            stated = p.value
            if abs(computed - stated) <= _pct_tolerance(p):
                continue
            said = p.text if not p.text[:1].isdigit() else f"{say(stated)}%"
            yield self.finding(
                f"'{p.text}' does not match its counts: {part.text} of {whole.text} is {say(computed)}%, "
                f"not {said}",
                [doc.evidence(p.start, p.end), doc.evidence(part.start, part.end),
                 doc.evidence(whole.start, whole.end)],
                suggestion=f"{say(computed)}%, or correct {part.text} or {whole.text}",
                strength=0.85,
                proof="arithmetic",
            )

    def _share_set(self, doc: Document, s: Sentence, fs: list[Frame]) -> Iterator[Finding]:
        """'2,841 (87%) backed strikes and 425 (15%) voted against': shares of the counts' sum."""
        pairs = []
        for p in fs:
            if p.kind != "percent" or not doc.text[p.start - 1:p.start] == "(":
                continue
            part = next((c for c in reversed(fs) if c.kind == "count" and c.end <= p.start
                         and re.fullmatch(r"\s*\(", doc.text[c.end:p.start])), None)
            if part is not None:
                pairs.append((part, p))
        if len(pairs) < 2:
            return
        stated = sum(p.value for _, p in pairs)
        if abs(stated - 100) <= len(pairs) * 0.5 + 1e-6:
            return
        whole = sum(c.value for c, _ in pairs)
        wrong = [(c, p) for c, p in pairs if abs(100 * c.value / whole - p.value) > _pct_tolerance(p)]
        if len(wrong) != 1:
            return
        c, p = wrong[0]
        computed = 100 * c.value / whole
        parts = " + ".join(x.text for x, _ in pairs)
        yield self.finding(
            f"'{p.text}' does not match its count: the shares add up to {say(stated)}%, and {c.text} of "
            f"{parts} = {say(whole)} is {say(computed)}%",
            [doc.evidence(p.start, p.end), doc.evidence(c.start, c.end)]
            + [doc.evidence(x.start, x.end) for x, q in pairs if x is not c],
            suggestion=f"{say(computed)}%",
            strength=0.85,
            proof="arithmetic",
        )

    # -- a change against its two levels -------------------------------------------------------
    def _change(self, doc: Document, s: Sentence, fs: list[Frame]) -> Iterator[Finding]:
        for p in fs:
            if p.kind != "percent" or p.role != "change" or p.approx or _POINTS.match(doc.text[p.end:p.end + 20]):
                continue
            then = [f for f in fs if f.role == "baseline" and f.kind != "percent" and not f.approx and f.value > 0]
            if len(then) != 1:
                continue
            b = then[0]
            to = next((f for f in fs if f.start > p.end and re.match(r"\s+to\s+$", doc.text[p.end:f.start])), None)
            if to is not None:
                a = to  # "rose 4.5% to $193bn": the change is of that figure
            else:  # "1,246,300, up from 1,093,200, a rise of 16%"
                now = [f for f in fs if f.end <= b.start and f.kind == b.kind and f.unit == b.unit
                       and f.role == "level" and not f.approx and 0.2 <= f.value / b.value <= 5]
                if not now:
                    continue
                a = now[-1]
            if a.kind != b.kind or a.unit != b.unit or not 0.2 <= a.value / b.value <= 5:
                continue
            lo, hi = min(a.start, b.start, p.start), max(a.end, b.end, p.end)
            if _BREAK.search(doc.text[lo:hi]):
                continue  # "GM earned $3.7bn, down from $3.8bn, while its revenue rose 4.5%": two claims
            computed = 100 * (a.value - b.value) / b.value
            if abs(abs(computed) - p.value) <= max(1.0, quantum(p.text)) + 1e-6:
                continue
            yield self.finding(
                f"'{p.text}' does not match its figures: {b.text} to {a.text} is a change of {say(computed)}%",
                [doc.evidence(p.start, p.end), doc.evidence(a.start, a.end), doc.evidence(b.start, b.end)],
                suggestion=f"{say(abs(computed))}%, or correct {a.text} or {b.text}",
                strength=0.75,
            )

    # -- parts against their total -------------------------------------------------------------
    def _parts(self, doc: Document, s: Sentence, fs: list[Frame]) -> Iterator[Finding]:
        cue = _SPLIT.search(s.text)
        if cue is None:
            return
        at = s.start + cue.start()
        totals = [f for f in fs if f.end <= at and f.kind in ("money", "count") and f.role == "level"]
        if not totals:
            return
        total = totals[-1]
        parts = [f for f in fs if f.start > total.end and f.kind == total.kind and f.unit == total.unit
                 and f.role == "level" and f.time is None and f.value < total.value]
        if parts and len(parts) > 2 and parts[0].value == len(parts) - 1:
            parts = parts[1:]  # "split across three teams: 21 ..., 12 ... and nine": the count of the parts
        if len(parts) < 2 or any(f.approx for f in [total, *parts]):
            return
        summed = sum(f.value for f in parts)
        step = max(quantum(f.text) for f in [total, *parts])
        if abs(summed - total.value) <= step / 2 * len(parts) + 1e-9:
            return
        shown = " + ".join(f.text for f in parts)
        yield self.finding(
            f"'{total.text}' does not match its parts: {shown} = {_money(total, summed)}, not {total.text}",
            [doc.evidence(total.start, total.end)] + [doc.evidence(f.start, f.end) for f in parts],
            suggestion=f"{_money(total, summed)}, or correct a part",
            strength=0.8,
        )

    def _short_of(self, doc: Document, s: Sentence, fs: list[Frame]) -> Iterator[Finding]:
        """'won 22 seats, leaving them four short of the 28 needed': 28 - 22 = 6."""
        for n in fs:
            m = _SHORT_OF.match(doc.text[n.end:n.end + 30])
            if n.kind != "count" or m is None:
                continue
            need = next((f for f in fs if f.start >= n.end + m.end() - 1 and f.kind == "count"), None)
            have = [f for f in fs if f.end <= n.start and f.kind == "count" and f.role == "level" and f.time is None]
            if need is None or not have or need.start > n.end + m.end() + 2:
                continue
            x = have[0]
            if x.value >= need.value or need.value - x.value == n.value:
                continue
            gap = need.value - x.value
            yield self.finding(
                f"'{n.text}' short of {need.text}, but {need.text} - {x.text} = {say(gap)}",
                [doc.evidence(n.start, n.end), doc.evidence(x.start, x.end), doc.evidence(need.start, need.end)],
                suggestion=f"'{say(gap)}'",
                strength=0.75,
            )

    def _parts_of_total(self, doc: Document, frames: list[Frame]) -> Iterator[Finding]:
        """'the jobs at risk are 178 permanent posts and 25 agency roles' against 'the loss of 212 jobs'."""
        for s in doc.sentences:
            m = _PARTS_ARE.search(s.text)
            if m is None or doc.is_record(s):
                continue
            what = stem(m.group(1))
            at = s.start + m.end()
            parts = [f for f in frames if f.sentence == s.index and f.start >= at and f.kind == "count"
                     and f.role == "level" and not f.approx]
            if len(parts) < 2 or not re.fullmatch(r"[\s\w,-]*\band\b[\s\w,-]*",
                                                    doc.text[parts[0].end:parts[-1].start]):
                continue
            totals = [f for f in frames if f.sentence != s.index and f.kind == "count" and f.measure == what
                      and f.role == "level" and f.time is None and not f.approx]
            values = {f.value for f in totals}
            summed = sum(f.value for f in parts)
            if len(values) != 1 or summed in values:
                continue
            total = totals[0]
            shown = " + ".join(f.text for f in parts)
            yield self.finding(
                f"the {m.group(1)} add up to {shown} = {say(summed)}, but the total is stated as {total.text}",
                [doc.evidence(parts[0].start, parts[0].end)] + [doc.evidence(f.start, f.end) for f in parts[1:]]
                + [doc.evidence(total.start, total.end)],
                suggestion=f"parts that add up to {total.text}, or correct the total",
                strength=0.7,
            )

    def _ages(self, doc: Document, frames: list[Frame]) -> Iterator[Finding]:
        """'Born ... on 3 March 1938' then 'In September 1964, when she was 24': 1964 - 1938 = 26."""
        births = []
        for s in doc.sentences:
            b = _BORN.search(s.text)
            if b:  # the date right after "born" ("Born Sheila Cope in Blackburn on 3 March 1938")
                births += [d for d in doc.dates if d.sentence == s.index and d.year
                           and 0 <= d.start - (s.start + b.end()) <= 60
                           and not _BORN_BREAK.search(doc.text[s.start + b.end():d.start])][:1]
        if len({(d.year, d.month) for d in births}) != 1:
            return
        born = births[0]
        for f in frames:
            # the person born, as "she was 24" or "aged 15"; a relative's age beside their name is theirs,
            # and "a 67-year-old Parisian man" is someone else
            if f.kind != "age" or not _PRONOUN.search(doc.text[max(0, f.start - 20):f.start]):
                continue
            at = [d for d in doc.dates if d.sentence == f.sentence and d.year and d is not born
                  and d.kind in ("year", "month", "date")]
            if len(at) != 1:
                continue
            d = at[0]
            ages = {d.year - born.year}
            if d.month is None or born.month is None:
                ages.add(d.year - born.year - 1)
            elif (d.month, d.day or 31) < (born.month, born.day or 1):
                ages = {d.year - born.year - 1}
            if f.value in ages:
                continue
            right = max(ages)
            yield self.finding(
                f"age '{f.text}' in {d.text}, but born {born.text} makes it {right}"
                + (f" or {right - 1}" if len(ages) > 1 else ""),
                [doc.evidence(f.start, f.end), doc.evidence(born.start, born.end), doc.evidence(d.start, d.end)],
                suggestion=f"'{right}'",
                strength=0.75,
            )

    # -- a tally against what is said of its sides ---------------------------------------------
    def _tally(self, doc: Document, frames: list[Frame]) -> Iterator[Finding]:
        tallies = []
        for s in doc.sentences:
            if doc.is_record(s) or not _VOTE_WORD.search(s.text):
                continue
            for m in _TALLY.finditer(s.text):
                a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
                tallies.append((s, int(a), int(b), s.start + m.start(), s.start + m.end()))
        if len({(a, b) for _, a, b, _, _ in tallies}) != 1:
            return  # no vote, or several votes: which side is which is unknowable
        _, yes, no, t0, t1 = tallies[0]
        for f in frames:
            if f.kind != "count" or (t0 <= f.start < t1):
                continue
            tail = doc.text[f.end:f.end + 60]
            side = "against" if _AGAINST.match(tail) else "for" if _FOR.match(tail) else None
            if side is None:
                continue
            right = no if side == "against" else yes
            if f.value == right:
                continue
            yield self.finding(
                f"'{f.text}' voted {side}, but the tally is {yes} to {no}: {doc.text[t0:t1]}",
                [doc.evidence(f.start, f.end), doc.evidence(t0, t1)],
                suggestion=f"'{right}', as the tally says",
                strength=0.8,
            )
        if no > 0:
            for s in doc.sentences:
                m = _UNANIMOUS.search(s.text)
                if m and not doc.is_record(s) and _VOTE_WORD.search(s.text):
                    yield self.finding(
                        f"'{m.group()}' but the tally is {yes} to {no}: {doc.text[t0:t1]}",
                        [doc.evidence(s.start + m.start(), s.start + m.end()), doc.evidence(t0, t1)],
                        suggestion=f"'by {yes} votes to {no}'",
                        strength=0.75,
                    )


def _money(total: Frame, value: float) -> str:
    """A computed sum written like the total it should equal: '£4.2m', '212'."""
    text = total.text
    scale, at = scale_of(text)
    prefix = re.match(r"^\D*", text).group()
    suffix = text[at:] if at >= 0 else ""
    return f"{prefix}{say(value / scale)}{suffix}"


def _fraction_frame(doc: Document, s: Sentence, m: re.Match[str]) -> Frame:
    return Frame(start=s.start + m.start(), end=s.start + m.end(), text=m.group(), sentence=s.index, kind="percent",
                 value=round(100 * _FRACTIONS[m.group().lower()], 1), unit="%")


def _whole_of(doc: Document, s: Sentence, counts: list[Frame], part: Frame) -> Frame | None:
    """The whole a count is a part of: 'N of M', 'Of the M ..., N', 'M ..., N of them'."""
    for c in counts:
        if c.start > part.end and _OF_WHOLE.match(doc.text[part.end:c.start]):
            return c
    before = [c for c in counts if c.end <= part.start]
    for c in reversed(before):
        if _OF_THE_START.search(doc.text[max(s.start, c.start - 12):c.start]):
            return c
    if before and _OF_THEM.match(doc.text[part.end:part.end + 20]):
        return before[-1]
    return None

