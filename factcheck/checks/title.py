"""TTL001: one person given contradicting titles across mentions and documents of a story."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from factcheck.checks._offices import WORDS as _WORDS
from factcheck.checks._offices import compatible, domains, normalise
from factcheck.checks._offices import lex as _lex
from factcheck.checks._offices import office as _office
from factcheck.checks._stories import neighbourhoods
from factcheck.checks.base import Check
from factcheck.core.model import Document, Finding, Title
from factcheck.pair.corpus import Corpus


def _qualifier(doc: Document, t: Title) -> str:
    """The word making a title past, future or temporary ("former Sen.", "then-Gov."), or ""."""
    L = _lex()
    before = doc.text[max(0, t.start - 16):t.start].lower()
    words = re.findall(r"[a-z][a-z-]*-?", before)
    prev = words[-1].strip("-") if words and before.rstrip().endswith(words[-1]) else ""
    inside = [w.lower().strip("-") for w in _WORDS.findall(t.text)]
    for w in [prev, *inside]:
        if w in L.qualifiers:
            return w
    return ""


def _close_in_time(a: Document, b: Document, max_days: int) -> bool:
    """Titles change over time: documents dated far apart are not compared."""
    if not a.date or not b.date:
        return True
    try:
        da, db = date.fromisoformat(a.date[:10]), date.fromisoformat(b.date[:10])
    except ValueError:
        return True
    return abs((da - db).days) <= max_days


@dataclass(slots=True)
class _Use:
    doc: Document
    title: Title
    office: str  # normalised office ("" for free-text appositions)
    domains: frozenset[str]
    given: str | None
    qualifier: str


class TitleConsistency(Check):
    """One person given two titles that cannot both be right in one story.

    What it does: collects the titles attached to each person (pre-modifiers "Sen. X", "the X, Y"
    forms and appositions "Y, the region's superintendent") across the documents of one story and
    flags a title that contradicts another one of the same person; the title used less often for
    that person across the whole corpus is the suspect.
    Why it matters: a wrong office ("Gov. Trump", "Prime Minister Putin") misinforms readers and is a
    typical slip of editing or machine translation.
    Example: "Assistant Commissioner Nick Ephgrave" vs "Nick Ephgrave, currently part of the armed
    forces' top leadership".
    Known problems: real changes of office inside one story (a promotion) are flagged unless written
    with "former", "then" or "ex-", or unless the documents are undated and each title is used more
    than once (then the finding is info); two people sharing a surname without given names are skipped.
    """

    code = "TTL001"
    category = "title"
    summary = "One person with contradicting titles"
    needs = frozenset({"people", "titles", "stories"})
    scope = "corpus"  # the suspect title is the one rarer across the whole corpus
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {"max_days": 45}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        popular: Counter[tuple[str, str]] = Counter()  # (surname, office) over the whole corpus
        for d in corpus.documents:
            for u in self._uses(d):
                if u.office:
                    popular[(d.entities[d.mentions[u.title.mention].entity].surname or "", u.office)] += 1
        seen: set[tuple[str, int]] = set()
        self._order = {d.id: n for n, d in enumerate(corpus.documents)}
        for d, nb in neighbourhoods(corpus):
            for f in self._story([d, *[e for e in nb if _close_in_time(d, e, self.p["max_days"])]], popular):
                key = (f.evidence[0].doc, f.evidence[0].start)
                if f.evidence[0].doc == d.id and key not in seen:
                    seen.add(key)
                    yield f

    def _uses(self, d: Document) -> list[_Use]:
        out = []
        for t in d.titles:
            m = d.mentions[t.mention]
            if m.entity < 0:
                continue
            e = d.entities[m.entity]
            given = e.name.split()[0] if len(e.name.split()) > 1 else None
            office = "" if t.form == "apposition" else _office(normalise(t.text))
            if t.form != "apposition" and not office:
                continue
            out.append(_Use(d, t, office, domains(t.text), given, _qualifier(d, t)))
        return out

    def _story(self, docs: list[Document], popular: Counter) -> Iterator[Finding]:
        by: dict[str, list[_Use]] = defaultdict(list)
        for d in docs:
            for u in self._uses(d):
                s = d.entities[d.mentions[u.title.mention].entity].surname
                if s:
                    by[s].append(u)
        for surname in sorted(by):
            uses = by[surname]
            givens = {u.given for u in uses if u.given}
            if len(givens) > 1:  # two people share the surname: compare only within one given name
                groups = [[u for u in uses if u.given == g] for g in sorted(givens)]
            else:
                groups = [uses]
            for group in groups:
                yield from self._group(surname, group, popular)

    def _group(self, surname: str, uses: list[_Use], popular: Counter) -> Iterator[Finding]:
        reported: set[int] = set()
        for i, a in enumerate(uses):
            for b in uses[i + 1:]:
                if a.qualifier != b.qualifier:
                    continue  # "former Vice President" and "President" can both be right
                if a.office and b.office:
                    if compatible(a.office, b.office):
                        continue
                elif a.domains and b.domains and not (a.domains & b.domains):
                    pass  # free text from another field: "Commissioner" vs "the armed forces' leadership"
                else:
                    continue
                sa = popular[(surname, a.office)] if a.office else 0
                sb = popular[(surname, b.office)] if b.office else 0
                # The rarer title for this person is the suspect; on a tie, the later mention in the
                # corpus (not in this scope, whose first document is the one reported on: a tie
                # across two documents would be dropped from both sides).
                if sa != sb:
                    suspect, other = (a, b) if sa < sb else (b, a)
                else:
                    later = (self._order[a.doc.id], a.title.start) > (self._order[b.doc.id], b.title.start)
                    suspect, other = (a, b) if later else (b, a)
                key = id(suspect.title)
                if key in reported:
                    continue
                reported.add(key)
                sd, od = suspect.doc, other.doc
                sm = sd.mentions[suspect.title.mention]
                om = od.mentions[other.title.mention]
                where = "elsewhere in this article" if sd is od else f"in {od.id}"
                # A slip is a one-off; two titles each used again and again for one person, in documents
                # with no dates to tell them apart, are more likely two offices held at two times.
                in_turn = sd is not od and not (sd.date and od.date) and min(sa, sb) >= 2
                verdict = ("each title is used more than once and the documents are undated: the office "
                           "may have changed between them." if in_turn else "one of the titles is probably wrong.")
                yield self.finding(
                    f'{sm.name} is "{suspect.title.text}" here but "{other.title.text}" {where}: {verdict}',
                    [sd.evidence(suspect.title.start, suspect.title.end),
                     od.evidence(other.title.start, other.title.end), od.evidence(om.start, om.end)],
                    suggestion=other.title.text if other.office else None,
                    confidence=0.7 if (sa or sb) and sa != sb else 0.5,
                    severity="info" if in_turn else self.severity)
