"""TTL001: one person given contradicting titles across mentions and documents of a story."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from factcheck.checks._docmemo import DocMemo
from factcheck.checks._offices import WORDS as _WORDS
from factcheck.checks._offices import compatible, domains, normalise
from factcheck.checks._offices import lex as _lex
from factcheck.checks._offices import office as _office
from factcheck.checks._stories import neighbourhoods
from factcheck.checks.base import Check
from factcheck.core.model import Document, Finding, Title
from factcheck.extract import _roles
from factcheck.extract._roles import Role
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
    role: Role | None  # head, rank and function words, when a role head noun is found

    @property
    def key(self) -> str:
        """What counts as one title of a person when counting how often each is used."""
        if self.title.form == "premodifier" or self.role is None:
            return self.office
        return str(self.role)


_CAPITALISED = frozenset({"premodifier", "the_x_y"})  # title-case offices: the national-office comparison
_PAST = frozenset({"former", "ex", "onetime", "one-time", "erstwhile", "previous", "retired", "then", "late"})


def _stem(word: str) -> str:
    return word[:5]  # "finance" / "financial", "operations" / "operating": one function


def role_conflict(a: Role, b: Role) -> bool:
    """Two roles that cannot be one person's at one time: one head with another rank ("deputy leader" /
    "leader", "vice-captain" / "captain", "assistant coroner" / "senior coroner") or another function
    ("managing director" / "finance director"), or two different chief posts ("chief executive" /
    "chief operating officer"). Roles with different heads are otherwise compatible: a councillor may
    lead a group, a professor head a department."""
    if a.head == b.head:
        if a.ranks != b.ranks:
            return True
        fa, fb = {_stem(w) for w in a.funcs}, {_stem(w) for w in b.funcs}
        return bool(fa and fb and not (fa <= fb or fb <= fa))
    return "chief" in a.ranks and "chief" in b.ranks


def _conflict(a: _Use, b: _Use) -> bool:
    if a.title.form in _CAPITALISED and b.title.form in _CAPITALISED:
        # national offices: "Vice President" / "President", "Gov." / "Sen.", unless known to go together
        return not compatible(a.office, b.office)
    # A role read from running text is compared inside one article or against the draft's own source:
    # other outlets name one post in other words ("oil minister" / "petroleum minister").
    one_voice = a.doc is b.doc or a.doc.reference or b.doc.reference
    if a.role is not None and b.role is not None and one_voice and role_conflict(a.role, b.role):
        return True
    if "role" in (a.title.form, b.title.form):
        return False  # a sentence-case role beside another title: only a change of rank or function conflicts
    if a.office and b.office:
        return not compatible(a.office, b.office)
    # free text from another field: "Commissioner" vs "the armed forces' leadership"
    return bool(a.domains and b.domains and not (a.domains & b.domains))


class TitleConsistency(Check):
    """One person given two titles or roles that cannot both be right in one story.

    What it does: collects the titles attached to each person across the documents of one story: capitalised
    pre-modifiers ("Sen. X", "Assistant Commissioner X"), sentence-case roles recognised by their head noun
    ("Council leader X", "Redmoor captain X", "assistant coroner X"; role nouns from a public list of job
    titles), appositions ("X, the firm's finance director") and "the X, Y" forms. A role is read as a head
    noun, its rank words (deputy, vice, assistant, shadow, chief...) and its function words (managing,
    finance, group...). Two roles of one person conflict when one head has another rank ("Deputy leader" /
    "Council leader", "Vice-captain" / "captain", "DS" / "Detective Constable") or another function
    ("managing director" / "finance director"), or when they are two different chief posts ("chief
    executive" / "chief operating officer"); national offices conflict unless known to go together
    ("Gov." / "Sen."). The finding names both titles and suggests the one used more often for that person
    across the corpus, else the earlier (headline or lead) one, and always the draft's source's.
    Why it matters: a wrong office ("Gov. Trump", "Prime Minister Putin") or a wrong rank ("deputy leader"
    for the leader) misinforms readers and is a typical slip of editing, rewriting or machine translation.
    Example: "Council leader Tom Hargreaves said ..." then "Deputy leader Tom Hargreaves said ..."; "Assistant
    Commissioner Nick Ephgrave" vs "Nick Ephgrave, currently part of the armed forces' top leadership".
    Known problems: real changes of office inside one story (a promotion) are flagged unless written with
    "former", "then", "acting", "interim" or "ex-" (a former or acting post is time, never compared with a
    current one), or unless the documents are undated and each title is used more than once (then the
    finding is info). Roles read from running text are compared inside one article or against the draft's
    own source only, since other outlets word one post differently ("oil minister" / "petroleum minister");
    a short form ("DCI Roe", "group leader" for "Lib Dem group leader") is the same role. Different heads
    are compatible ("Councillor" and "group leader"), so two different posts of one organisation ("chief
    executive" / "director of enforcement") are missed. Two people sharing a surname are told apart by
    their given names; without them their titles are not compared.
    """

    code = "TTL001"
    category = "title"
    summary = "One person with contradicting titles"
    needs = frozenset({"people", "titles", "stories"})
    scope = "corpus"  # the suspect title is the one rarer across the whole corpus (gather)
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {"max_days": 45}

    reach = 1  # a document's story neighbours (pairwise links); each title's use counted by the statistics

    def gather(self, corpus: Corpus) -> dict[Any, Any]:
        """How often each (surname, title) is used over the whole corpus: the rarer title is the suspect."""
        self._uses_of = DocMemo(self._titled_uses)  # a run starts here: nothing remembered from the last one
        popular: Counter[tuple[str, str]] = Counter()
        for d in corpus.documents:
            for u in self._uses(d):
                if u.key:
                    popular[(d.entities[d.mentions[u.title.mention].entity].surname or "", u.key)] += 1
        return dict(popular)

    def reads(self, stats: dict[Any, Any], docs: list[Document]) -> list[Any]:
        """The counts of the two titles of each conflict a title of the document may be the suspect of:
        a document whose titles conflict with none reads no count. Every pair of one surname is
        taken, whatever given names the neighbourhood holds (a superset of the pairs a run compares)."""
        d = docs[0]
        keys = set()
        for surname, uses in self._by_surname([d, *[e for e in docs[1:] if _close_in_time(d, e, self.p["max_days"])]]):
            for a, b in self._conflicts(uses):
                if a.doc is d or b.doc is d:
                    keys.update((surname, u.key) for u in (a, b) if u.key)
        return sorted(keys)

    def run_with(self, corpus: Corpus, stats: dict[Any, Any]) -> Iterator[Finding]:
        popular: Counter[tuple[str, str]] = Counter(stats)
        seen: set[tuple[str, int]] = set()
        self._order = {d.id: n for n, d in enumerate(corpus.documents)}
        for d, nb in neighbourhoods(corpus):
            for f in self._story([d, *[e for e in nb if _close_in_time(d, e, self.p["max_days"])]], popular):
                key = (f.evidence[0].doc, f.evidence[0].start)
                if f.evidence[0].doc == d.id and key not in seen:
                    seen.add(key)
                    yield f

    def _uses(self, d: Document) -> list[_Use]:
        """The document's titled uses, once per document in a run (``reads`` visits one per neighbour)."""
        memo = self.__dict__.get("_uses_of")
        if memo is None:
            memo = self._uses_of = DocMemo(self._titled_uses)
        return memo(d)

    def _titled_uses(self, d: Document) -> list[_Use]:
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
            out.append(_Use(d, t, office, domains(t.text), given, _qualifier(d, t), _roles.parse(t.text, d)))
        return out

    def _by_surname(self, docs: list[Document]) -> list[tuple[str, list[_Use]]]:
        """The titled uses of each surname in ``docs``, surnames sorted, uses in document and text order."""
        by: dict[str, list[_Use]] = defaultdict(list)
        for d in docs:
            for u in self._uses(d):
                s = d.entities[d.mentions[u.title.mention].entity].surname
                if s:
                    by[s].append(u)
        return sorted(by.items())

    def _story(self, docs: list[Document], popular: Counter) -> Iterator[Finding]:
        for surname, uses in self._by_surname(docs):
            givens = {u.given for u in uses if u.given}
            if len(givens) > 1:  # two people share the surname: compare only within one given name
                groups = [[u for u in uses if u.given == g] for g in sorted(givens)]
            else:
                groups = [uses]
            for group in groups:
                yield from self._group(surname, group, popular)

    @staticmethod
    def _conflicts(uses: list[_Use]) -> Iterator[tuple[_Use, _Use]]:
        """The pairs of ``uses`` whose titles cannot both be right, in order (how often each is used
        decides only which one is the suspect)."""
        for i, a in enumerate(uses):
            for b in uses[i + 1:]:
                if a.qualifier != b.qualifier:
                    continue  # "former Vice President" and "President" can both be right
                if a.qualifier in _PAST and not (a.title.form in _CAPITALISED and b.title.form in _CAPITALISED):
                    continue  # one post at a time, but many in the past: "a former captain", "the former vice-captain"
                if a.doc.reference and b.doc.reference:
                    continue  # reference material is evidence, never reported on
                if _conflict(a, b):
                    yield a, b

    def _group(self, surname: str, uses: list[_Use], popular: Counter) -> Iterator[Finding]:
        reported: set[int] = set()
        for a, b in self._conflicts(uses):
            sa = popular[(surname, a.key)] if a.key else 0
            sb = popular[(surname, b.key)] if b.key else 0
            # The rarer title for this person is the suspect; on a tie, the later mention in the
            # corpus (not in this scope, whose first document is the one reported on: a tie
            # across two documents would be dropped from both sides).
            if a.doc.reference != b.doc.reference:
                suspect, other = (b, a) if a.doc.reference else (a, b)  # the source's title is the right one
            elif sa != sb:
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
                suggestion=other.title.text if other.office or other.role else None,
                confidence=0.7 if (sa or sb) and sa != sb else 0.5,
                severity="info" if in_turn else self.severity)
