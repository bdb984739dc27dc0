"""NUM004: one figure restated with another value inside one document (headline, lead, body).

What it does: pairs the figures of one document by their claim frame (extract/frames.py): the same
  kind and unit, the same thing measured ("cut", "award", "councillor"), compatible owners, both
  levels of the present (not a change, not "up from" or "a year earlier"), in running prose. A
  figure that points back at something already stated ("the £4.7m cut", "the 54-year-old") and
  disagrees with every earlier statement of that frame is flagged, as is a lone figure against two
  or more that agree ("£4.2m" in the headline and the lead, "£4.7m" in the body). Ages are paired by
  person: "Karen Ashdown, 52," then "the 54-year-old". Rounding is not a difference ("£4.2m" and
  "£4,213,000"; "about 2,400" and 2,391).
Why it matters: a figure restated differently in one story is the slip a sub-editor is paid to
  catch; the two statements rarely sit in sentences that read alike, so sentence similarity alone
  never pairs them.
Example: "Council approves £4.2m cut" ... "the £4.7m cut will be split" -> NUM004 on "£4.7m",
  suggest £4.2m.
Known problems: the thing measured is read from the words beside a figure (its noun, "a budget of",
  the verb before it), not from a parse, so two different cuts in one story ("a £2m cut to parks",
  "the £3m cut to libraries") pair when their owners are not named; figures in tables and lists are
  left alone.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from factcheck.checks._frames import agree, checked, in_prose, owners_compatible, quote
from factcheck.checks.base import Check
from factcheck.core.model import Document, Finding, Frame
from factcheck.extract.frames import stem
from factcheck.pair.corpus import Corpus

_MANY = 200  # more figures than this of one kind, unit and measure in one document are not compared
_LEAD = 2  # sentences 0-2: the headline, the standfirst or lead, where a story states its figures


def _comparable(a: Frame, b: Frame) -> bool:
    """One frame: kind, unit, thing measured (a generic "the £146.8m figure" takes any), owners."""
    same_measure = a.measure is not None and b.measure is not None and (
        a.measure == b.measure or (a.measure == "*") != (b.measure == "*"))
    if a.value and b.value and not 1 / 3 <= a.value / b.value <= 3:
        return False  # a slip changes a digit, not the scale: "£153m" is not a restated "£35bn"
    return (a.kind == b.kind and a.unit == b.unit and same_measure
            and a.role == b.role == "level" and a.time is None and b.time is None and owners_compatible(a, b))


_PERSON_NOUNS = frozenset("man woman boy girl person men women teenager youth student pupil mother father son daughter "
                          "brother sister wife husband suspect victim driver".split())
_REPORTING = re.compile(r"^\W{0,3}(?:\w+\s+){0,2}?(?:said|says|told|added|argued|claimed|explained|insisted)\b")


def _restrictive(doc: Document, f: Frame) -> bool:
    """'the 40 million pounds paid to QPR', 'more than the 975 million euros earned by Serie A': a definite
    phrase that names its own referent (a participle or relative clause after it, or a comparison) is
    not a restatement of a figure stated before."""
    if re.search(r"\bthan\s+the\s*$", doc.text[max(0, f.start - 12):f.start]):
        return True
    tail = doc.text[f.end:f.end + 60]
    return bool(re.match(r"^\s?(?:[A-Za-z-]+\s+){1,3}?(?:[a-z]+ed|paid|won|lost|spent|made|given|taken|that|which|"
                         r"who|by|for|from|of|to|in)\b", tail))


def _modifiers(doc: Document, f: Frame) -> frozenset[str]:
    """The words between a figure and the noun it measures ("15 percent [minimum] tax")."""
    words = []
    for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", doc.text[f.end:f.end + 50])[:5]:
        if stem(w) == f.measure:
            return frozenset(words)
        words.append(w.lower())
    return frozenset()


class RestatedFigure(Check):
    code = "NUM004"
    category = "number"
    summary = "A figure restated with another value in the same document (by claim frame)"
    needs = frozenset({"frames", "structure"})
    scope = "story"  # one document at a time
    reach = 0  # reads its own frames only
    evident = True  # its own arithmetic or restatement is the proof

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for doc in checked(corpus):
            frames = [f for f in doc.frames if in_prose(doc, f)]
            # money and shares: counts of one noun in one story are too often subsets ("the two banks")
            yield from self._figures(doc, [f for f in frames if f.kind in ("money", "percent")])
            yield from self._ages(doc, [f for f in frames if f.kind == "age"])
            yield from self._records(doc, frames)

    def _figures(self, doc: Document, frames: list[Frame]) -> Iterator[Finding]:
        # candidates by kind, unit and measure (a generic "the £146.8m figure" takes any measure), so a
        # long page of figures is compared within its groups, not each figure against each
        group: dict[tuple, list[int]] = defaultdict(list)
        for k, g in enumerate(frames):
            group[(g.kind, g.unit, g.measure)].append(k)
            group[(g.kind, g.unit, "*any")].append(k)
        mods = {k: _modifiers(doc, g) for k, g in enumerate(frames) if g.measure is not None}
        for i, f in enumerate(frames):
            if f.measure is None or f.role != "level" or f.time is not None:
                continue
            keys = [(f.kind, f.unit, "*any")] if f.measure == "*" else [(f.kind, f.unit, f.measure),
                                                                         (f.kind, f.unit, "*")]
            near = sorted({k for key in keys for k in group.get(key, ())} - {i})
            if len(near) > _MANY:
                continue  # hundreds of figures of one measure: a ledger, not restatements (and no quadratic walk)
            peers_at = [k for k in near if _comparable(f, frames[k])
                        and not (mods[i] and mods.get(k) and not mods[i] & mods[k])]
            peers = [frames[k] for k in peers_at]
            if not peers or any(agree(f, g) for g in peers):
                continue
            earlier = [frames[k] for k in peers_at if k < i]
            if f.kind == "count" or f.measure == "*":  # only what the top of the story states
                earlier = [g for g in earlier if g.sentence <= _LEAD]
                peers = [g for g in peers if g.sentence <= _LEAD or g.measure == f.measure]
            if not peers:
                continue
            if f.measure == "*" and (any(agree(f, frames[k]) for k in group[(f.kind, f.unit, "*any")] if k != i)
                                     or not earlier):
                continue
            values = Counter(g.value for g in peers)
            n = values.most_common(1)[0][1]
            one_value = len(values) == 1
            if f.definite and earlier and len({g.value for g in earlier}) == 1 and not _restrictive(doc, f):
                backing = earlier
                why = "points back at"
            elif one_value and n >= 2 and f.kind in ("money", "percent"):
                backing = peers
                why = "disagrees with"
            else:
                continue
            right = backing[0]
            where = ", ".join(quote(doc, g) for g in backing[:3])
            what = "figure" if f.measure == "*" else f"{f.measure}-figure"
            yield self.finding(
                f"'{f.text}' {why} the {what} stated {len(backing)} time"
                f"{'s' if len(backing) > 1 else ''} elsewhere in this document as '{right.text}': {where}",
                [doc.evidence(f.start, f.end)] + [doc.evidence(g.start, g.end) for g in backing],
                suggestion=f"'{right.text}', as stated "
                           f"{'in the headline and lead' if right.sentence <= 1 else 'above'}",
                strength=0.8 if len(backing) >= 2 else 0.7,
                proof="restated" if len(backing) >= 2 else None,
            )

    def _records(self, doc: Document, prose: list[Frame]) -> Iterator[Finding]:
        """A figure in prose against the one row of the document's table or list that names its owner
        ('the North East gets the smallest share, £14m' against the row 'North East: £41m')."""
        rows = [f for f in doc.frames if doc.block_of(f.start) is not None]
        if not rows:
            return
        for f in prose:
            if not f.owner or f.kind not in ("money", "percent") or f.role != "level" or f.time is not None:
                continue
            owner = re.compile(rf"(?<!\w){re.escape(f.owner)}(?!\w)")
            blocks = {(b.start, b.end) for g in rows if (b := doc.block_of(g.start)) is not None
                      and owner.search(doc.text[b.start:b.end])}
            if len(blocks) != 1:
                continue
            a, b = blocks.pop()
            same = [g for g in rows if a <= g.start < b and g.kind == f.kind and g.unit == f.unit]
            if len(same) != 1 or agree(f, same[0]):
                continue
            g = same[0]
            yield self.finding(
                f"'{f.text}' for {f.owner} here, but the list in this document gives {g.text}: "
                f"“{' '.join(doc.text[a:b].split())[:120]}”",
                [doc.evidence(f.start, f.end), doc.evidence(g.start, g.end)],
                suggestion=f"'{g.text}', as the list gives, or correct the list",
                strength=0.7,
            )

    def _ages(self, doc: Document, ages: list[Frame]) -> Iterator[Finding]:
        owned = [a for a in ages if a.owner and not _ambiguous(doc, a.owner)]
        for f in ages:
            if f.owner and _ambiguous(doc, f.owner):
                continue  # "Dr Anand" in a story of two Anands: which one is unknowable
            if any(a is not f and a.value == f.value for a in ages):
                continue
            if f.owner:
                others = [a for a in owned if a is not f and _same_person(a.owner, f.owner)]
                if not others or len({a.value for a in others}) != 1:
                    continue
                right = others[0]
            elif f.definite and not _introduces(doc, f):
                right = _latest_named(doc, f, [a for a in owned if a.start < f.start])
                if right is None:
                    continue
            else:
                continue
            yield self.finding(
                f"age '{f.text}' here, but {right.owner} is {right.text} elsewhere in this document: "
                f"{quote(doc, right)}",
                [doc.evidence(f.start, f.end), doc.evidence(right.start, right.end)],
                suggestion=f"'{right.text}', as stated above" if right.start < f.start else f"'{right.text}'",
                strength=0.75,
            )


def _same_person(a: str | None, b: str | None) -> bool:
    """One person: the same full name, or a bare surname against a full name (relatives share a
    surname, so two different given names are two people)."""
    if not a or not b:
        return False
    wa, wb = a.lower().split(), b.lower().split()
    if wa[-1] != wb[-1]:
        return False
    return len(wa) == 1 or len(wb) == 1 or wa == wb


def _ambiguous(doc: Document, owner: str) -> bool:
    """A bare surname that two people of the document share ("Dr Anand" beside Priya and Rohan)."""
    words = owner.split()
    if len(words) > 1:
        return False
    given = {m.given.lower() for m in doc.mentions
             if m.kind == "person" and m.given and m.surname and m.surname.lower() == words[0].lower()}
    return len(given) > 1


def _introduces(doc: Document, f: Frame) -> bool:
    """'The 34-year-old man, who was not identified': a new person, not one named before."""
    m = re.match(r"\s?-?\s?years?\s?-?\s?old\s+([A-Za-z]+)", doc.text[f.end:f.end + 40])
    return bool(m) and (m.group(1).lower() in _PERSON_NOUNS or m.group(1)[0].isupper())


def _last_person(doc: Document, f: Frame) -> str | None:
    """The person a bare 'the 54-year-old' points back at: the last one named in the three sentences
    before it or its own, leaving out the speaker of 'X said the 54-year-old ...'."""
    for m in sorted((m for m in doc.mentions if m.kind == "person" and m.end <= f.start
                     and f.sentence - 3 <= m.sentence <= f.sentence), key=lambda m: m.start, reverse=True):
        if m.sentence == f.sentence and _REPORTING.match(doc.text[m.end:f.start]):
            continue
        if re.match(r"^\W{0,3}(?:defending|prosecuting|for\s+the\s+\w+)\b", doc.text[m.end:m.end + 30]):
            continue  # counsel named for a side speaks of the defendant
        return m.name or m.text
    return None


def _latest_named(doc: Document, f: Frame, owned: list[Frame]) -> Frame | None:
    """For 'the 54-year-old': the story's protagonist among the people with a stated age (the one
    named most often before it), when one stands out."""
    counts: dict[int, int] = {}
    first = {k: min((m.start for m in doc.mentions if m.kind == "person" and (m.name or m.text) == a.owner),
                    default=a.start) for k, a in enumerate(owned)}
    for k, a in enumerate(owned):
        # a full name counts for its owner; a bare surname for the one of that surname introduced first
        counts[k] = sum(1 for m in doc.mentions if m.kind == "person" and m.end <= f.start and (
            (m.name or m.text) == a.owner or (
                len((m.name or m.text).split()) == 1 and _same_person(a.owner, m.name or m.text)
                and first[k] == min(first[j] for j, b in enumerate(owned) if _same_person(b.owner, m.name or m.text)))))
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    best = owned[ranked[0][0]]
    last = _last_person(doc, f)
    if last is None or not _same_person(best.owner, last):
        return None  # the last person named is someone else: the age may well be theirs
    same = [a for a in owned if _same_person(a.owner, best.owner)]
    return best if len({a.value for a in same}) == 1 else None
