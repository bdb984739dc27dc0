"""Check people's names, their offices and organisations' names against a gazetteer (rule type `gazetteer`).

What it does: a rule lists people (canonical given names and surname, the offices they
held with dates, `context` words that show an article is about them), offices (canonical
name and aliases) and organisations (acronym, former names with the date they changed).
It reports (name) a person mention whose given name or surname is a near miss of a
listed person's ("Pretty Patel" for Priti Patel) when the document mentions that
person's context; (title) an office-like title on such a person that the gazetteer does not
list, or an office it does not list them as holding ("Police Secretary Keith Malthaus": Kit Malthouse was
Policing Minister); (name) an organisation's former name ("HMIC", now "HMICFRS"). It
reads doc.mentions/doc.titles when the people/titles layers ran and also scans the text
for "Given Surname" pairs itself, so it stands on its own.
Why it matters: a garbled name or a made-up office for a public figure is the kind of
error a machine translation produces and a reader notices at once.
Example: "Home Secretary Pretty Patel is making the choice" -> "Pretty Patel" is not the
Home Secretary's name; suggestion "Priti Patel".
Known problems: only people and offices in the rule's data are known; a title it does
not list (a later job) is reported only while the document's date is unknown or inside
the years the gazetteer covers for that person; fuzzy given names can catch a different
person with a similar name, which is why a person's `context` words must occur.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from factcheck.checks.rulekit import LineDict, LineList, Rule, RuleCheck, RuleContext
from factcheck.checks.rulematch import Conditions, literal_regex
from factcheck.core.model import Document, Evidence, Finding, overlap_test
from factcheck.pair.corpus import Corpus

PERSON_KEYS = ("name", "given", "surname", "variants", "context", "roles", "source")
ROLE_KEYS = ("office", "from", "to", "source")
OFFICE_KEYS = ("name", "aliases", "source")
ORG_KEYS = ("name", "acronym", "aliases", "former", "source")
FORMER_KEYS = ("name", "acronym", "until", "source")
# A title containing one of these words claims an office; other pre-name words ("Tory", "Labour") do not.
OFFICE_WORDS = ("secretary", "minister", "commissioner", "mayor", "chancellor", "commander", "chief", "inspector")
_PAST = re.compile(r"\b(former|ex|then|previous|late|outgoing|acting|shadow|deputy|assistant)\b", re.IGNORECASE)
_DATE = re.compile(r"\b(1[89]|20)\d\d(-\d\d(-\d\d)?)?\b")
_NAME_WORD = r"[A-Z][a-z\u00e0-\u00ff]+(?:[-'\u2019][A-Z]?[a-z\u00e0-\u00ff]+)?"
_NAME_PAIR = re.compile(rf"(?<![\w-])({_NAME_WORD})\s+({_NAME_WORD})(?![\w-])")
_TITLE_BEFORE = re.compile(r"((?:[A-Z][\w'\u2019-]*\s+){1,5})$")
_VOWELS = re.compile(r"[aeiouy]")


@dataclass
class Role:
    office: str
    start: date
    end: date | None
    source: str


@dataclass
class Person:
    name: str
    given: list[str]
    surname: str
    variants: list[str]
    context: list[re.Pattern[str]]
    roles: list[Role]
    source: str


@dataclass
class Office:
    name: str
    aliases: list[str]  # lower-cased, canonical name included
    forms: list[str] = field(default_factory=list)  # as written, canonical name first


@dataclass
class Former:
    name: str
    pattern: re.Pattern[str]
    until: date | None
    source: str


@dataclass
class Org:
    name: str
    acronym: str | None
    current: list[tuple[str, re.Pattern[str]]]  # each current form's first word (a cheap test first) and pattern
    former: list[Former] = field(default_factory=list)


@dataclass
class Candidate:
    """A "Given Surname" seen in a document, with the title written before it, if any."""

    start: int
    end: int
    given: str
    surname: str
    title: tuple[int, int] | None


def skeleton(word: str) -> str:
    """Consonants with doubles collapsed: "Pretty" and "Priti" are both "prt" (sound-alike garbles)."""
    s = _VOWELS.sub("", word.lower())
    return re.sub(r"(.)\1+", r"\1", s)


def similar_given(a: str, b: str) -> bool:
    """Close in spelling, or the same consonants ("Pretty"/"Priti"); "Mark"/"Mike" are different names."""
    return fuzz.ratio(a.lower(), b.lower()) >= 70 or (a[:1].lower() == b[:1].lower() and skeleton(a) == skeleton(b))


def similar_surname(a: str, b: str) -> bool:
    """A near miss of the same surname: same initial, small edit distance (transpositions count once)."""
    if a[:1].lower() != b[:1].lower():
        return False
    return OSA.distance(a.lower(), b.lower()) <= max(1, len(b) // 4)


def _parse_date(value: object, ctx: RuleContext, line: int, key: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, int) and 1000 <= value <= 2999:
        return date(value, 1, 1)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ctx.error("E205", f"'{key}' must be a date like 2019-07-24, got {value!r}", f"write {key}: 2019-07-24", line)


def _source(data: LineDict, ctx: RuleContext, what: str) -> str:
    src = ctx.require(data, "source", str, what, 'source: "GOV.UK ministerial appointments, 2019-07-24"')
    if not _DATE.search(src):
        raise ctx.error("E205", f"source {src!r} has no date", 'add the date you checked it: "..., 2019-07-24"',
                        data.line_of("source"))
    return src


def _items(data: LineDict, key: str, ctx: RuleContext) -> list[tuple[LineDict, int]]:
    raw = ctx.optional(data, key, list, [], f"{key}: [- name: ...]")
    out = []
    for i, item in enumerate(raw):
        line = raw.line_at(i) if isinstance(raw, LineList) else data.line_of(key)
        if not isinstance(item, dict):
            raise ctx.error("E205", f"{key} item {i + 1} must be a mapping", "start each entry with '- name: ...'",
                            line)
        out.append((item, line))
    return out


class GazetteerCheck(RuleCheck):
    __doc__ = __doc__  # the module docstring (house template) is the type's documentation
    rule_keys = ("people", "offices", "organisations", "when", "unless")
    needs = frozenset({"people", "orgs", "titles"})
    scope = "corpus"  # a renamed body's current name is cited from any document (gather)
    placeholders = ()  # messages are built per finding kind; `message` is not used
    default_category = "name"
    default_message = ""
    default_confidence = 0.8

    def __init__(self, rule: Rule, people: list[Person], offices: list[Office], orgs: list[Org],
                 conditions: Conditions) -> None:
        super().__init__(rule)
        self.people, self.offices, self.orgs, self.conditions = people, offices, orgs, conditions
        self.surnames = {p.surname for p in people}

    @classmethod
    def from_rule(cls, rule: Rule, ctx: RuleContext) -> GazetteerCheck:
        data = rule.data
        offices = []
        for item, _ in _items(data, "offices", ctx):
            ctx.check_keys(item, OFFICE_KEYS, "an office")
            name = ctx.require(item, "name", str, "an office", "name: Home Secretary")
            aliases = ctx.text_list(item, "aliases", 'aliases: ["Secretary of State for the Home Department"]')
            offices.append(Office(name, sorted({a.lower() for a in [name, *aliases]}), [name, *aliases]))
        office_names = {o.name for o in offices}
        people = []
        for item, _ in _items(data, "people", ctx):
            ctx.check_keys(item, PERSON_KEYS, "a person")
            name = ctx.require(item, "name", str, "a person", "name: Priti Patel")
            surname = ctx.optional(item, "surname", str, name.split()[-1], "surname: Patel")
            given = ctx.text_list(item, "given", "given: [Priti]") or [name.split()[0]]
            roles = []
            for role, line in _items(item, "roles", ctx):
                ctx.check_keys(role, ROLE_KEYS, "a role")
                office = ctx.require(role, "office", str, "a role", "office: Home Secretary")
                if office not in office_names:
                    raise ctx.error("E205", f"office '{office}' is not listed under offices: (valid: "
                                    f"{', '.join(sorted(office_names)) or 'none'})", "add it under offices:", line)
                start = _parse_date(role.get("from"), ctx, role.line_of("from"), "from")
                if start is None:
                    raise ctx.error("E204", "missing required field 'from' in a role", "add from: 2019-07-24", line)
                roles.append(Role(office, start, _parse_date(role.get("to"), ctx, role.line_of("to"), "to"),
                                  _source(role, ctx, "a role")))
            context = [re.compile(literal_regex(w)) for w in ctx.text_list(item, "context", 'context: ["Home Office"]')]
            people.append(Person(name, given, surname, ctx.text_list(item, "variants", "variants: [...]"), context,
                                 roles, _source(item, ctx, "a person")))
        orgs = []
        for item, _ in _items(data, "organisations", ctx):
            ctx.check_keys(item, ORG_KEYS, "an organisation")
            name = ctx.require(item, "name", str, "an organisation", "name: Home Office")
            acronym = ctx.optional(item, "acronym", str, None, "acronym: HMICFRS")
            current = [name, *([acronym] if acronym else []), *ctx.text_list(item, "aliases", "aliases: [the Met]")]
            former = []
            for f, _ in _items(item, "former", ctx):
                ctx.check_keys(f, FORMER_KEYS, "a former name")
                fname = ctx.require(f, "name", str, "a former name", "name: Her Majesty's Inspectorate of Constabulary")
                facr = ctx.optional(f, "acronym", str, None, "acronym: HMIC")
                until = _parse_date(f.get("until"), ctx, f.line_of("until"), "until")
                src = _source(f, ctx, "a former name")
                for form in [fname, *([facr] if facr else [])]:
                    former.append(Former(form, re.compile(literal_regex(form)), until, src))
            _source(item, ctx, "an organisation")
            orgs.append(Org(name, acronym, [(c.split()[0], re.compile(literal_regex(c))) for c in current], former))
        if not (people or orgs):
            raise ctx.error("E204", "a gazetteer rule needs people: or organisations:", "add people: [- name: ...]",
                            rule.line)
        return cls(rule, people, offices, orgs, Conditions.parse(data, ctx))

    # --- running -----------------------------------------------------------------------

    reach = 0  # a document against the gazetteer; a renamed body's current name elsewhere is in the statistics

    def gather(self, corpus: Corpus) -> dict[Any, Any]:
        """Per organisation with a former name: its current name's first use in the corpus (documents in
        order, the first of its forms that matches there), the evidence a document using only the former
        name cites; None when no document uses it."""
        stats: dict[Any, Any] = {}
        for i, org in enumerate(self.orgs):
            if org.former:
                span = self._current_span(org, corpus.documents)
                stats[(i, org.name)] = None if span is None else [span.doc, span.start, span.end, span.text]
        return stats

    def reads(self, stats: dict[Any, Any], docs: list[Document]) -> list[Any]:
        """The bodies whose former name the document uses without the current one: only those findings
        quote another document."""
        return [(i, o.name) for i, o in enumerate(self.orgs) if self._cites_elsewhere(o, docs[0])]

    def run_with(self, corpus: Corpus, stats: dict[Any, Any]) -> Iterator[Finding]:
        for doc in self.checked_documents(corpus):
            yield from self._people(doc)
            yield from self._orgs(doc, stats)

    def _candidates(self, doc: Document) -> list[Candidate]:
        """Person names from the people/titles layers, plus a text scan for names near a gazetteer surname."""
        out: list[Candidate] = []
        titles = {t.mention: t for t in doc.titles if t.form in ("premodifier", "apposition", "the_x_y")}
        for i, m in enumerate(doc.mentions):
            if m.kind != "person" or not m.given or not m.surname:
                continue
            pos = m.text.find(f"{m.given}")
            end = m.text.rfind(m.surname)
            if pos < 0 or end < 0:
                continue
            t = titles.get(i)
            out.append(Candidate(m.start + pos, m.start + end + len(m.surname), m.given, m.surname,
                                 (t.start, t.end) if t else None))
        text = doc.text
        # the scan's own matches never overlap one another: only the mentions above can be hit
        taken = overlap_test([(c.start, c.end) for c in out])
        for m in _NAME_PAIR.finditer(text):
            given, surname = m.group(1), m.group(2)
            if not any(surname == s or similar_surname(surname, s) for s in self.surnames):
                continue
            if taken(m.start(), m.end()):
                continue
            out.append(Candidate(m.start(), m.end(), given, surname, self._title_before(text, m.start())))
        out.sort(key=lambda c: (c.start, c.end))
        return out

    @staticmethod
    def _title_before(text: str, start: int) -> tuple[int, int] | None:
        window_start = max(0, start - 80)
        m = _TITLE_BEFORE.search(text, window_start, start)
        if not m:
            return None
        title = m.group(1).rstrip()
        return (m.start(1), m.start(1) + len(title))

    def _match(self, doc: Document, c: Candidate) -> tuple[Person, bool] | None:
        """The gazetteer person this candidate is (exact: True) or garbles (False)."""
        for p in self.people:
            if c.surname == p.surname and (c.given in p.given or f"{c.given} {c.surname}" in p.variants):
                return p, True
        for p in self.people:
            same_surname = c.surname == p.surname
            near_surname = not same_surname and similar_surname(c.surname, p.surname)
            given_ok = c.given in p.given
            near_given = not given_ok and any(similar_given(c.given, g) for g in p.given)
            if (same_surname and near_given) or (near_surname and (given_ok or near_given)):
                if not p.context or any(r.search(doc.text) for r in p.context):
                    return p, False
        return None

    def _people(self, doc: Document) -> Iterator[Finding]:
        for c in self._candidates(doc):
            hit = self._match(doc, c)
            if hit is None or not self.conditions.allows(doc, c.start, c.end):
                continue
            person, exact = hit
            if not exact:
                written = doc.text[c.start:c.end]
                finding = self.finding(
                    f"'{written}' is not a spelling of {person.name}'s name that the gazetteer lists "
                    f"(gazetteer: {person.source})",
                    [doc.evidence(c.start, c.end)],
                    suggestion=person.name,
                    confidence=self.confidence,
                )
                finding.category = "name"
                yield finding
            if c.title is not None:
                finding = self._title_finding(doc, c, person)
                if finding is not None:
                    yield finding

    def _title_finding(self, doc: Document, c: Candidate, person: Person) -> Finding | None:
        t_start, t_end = c.title  # type: ignore[misc]
        title = doc.text[t_start:t_end]
        low = title.lower()
        if _PAST.search(title) or not any(w in low for w in OFFICE_WORDS):
            return None
        held = {r.office for r in person.roles}
        office = self._office_named(low)
        if office is not None and office.name in held:
            return None
        if not person.roles or not self._covers(doc, person):
            return None
        roles = "; ".join(
            f"{r.office} {r.start.isoformat()} to {r.end.isoformat() if r.end else 'date'} ({r.source})"
            for r in person.roles
        )
        # A gap in the gazetteer is not a fact about the world: say what it lists, not what exists.
        if office is None:
            message = f"the gazetteer does not list '{title}' as an office; it lists {person.name} as {roles}"
        else:
            message = f"the gazetteer does not list {person.name} as {office.name}; it lists them as {roles}"
        best = self._best_role(doc, person)
        suggestion = f"{self._short(best.office)} {person.name}"
        finding = self.finding(message, [doc.evidence(t_start, t_end), doc.evidence(c.start, c.end)],
                               suggestion=suggestion, confidence=self.confidence * (0.9 if office is None else 1.0))
        finding.category = "title"
        return finding

    def _office_named(self, low: str) -> Office | None:
        low = re.sub(r"^(the|a|an)\s+", "", low.strip())
        for o in self.offices:
            if low in o.aliases or any(low.endswith(" " + a) for a in o.aliases if " " in a):
                return o
        return None

    def _short(self, office: str) -> str:
        """The shortest alias reads best before a name ("Policing Minister Kit Malthouse")."""
        o = next(o for o in self.offices if o.name == office)
        titled = [f for f in o.forms if f[:1].isupper() and len(f.split()) > 1] or [office]
        return min(titled, key=len)

    @staticmethod
    def _doc_date(doc: Document) -> date | None:
        if not doc.date:
            return None
        try:
            return date.fromisoformat(doc.date[:10])
        except ValueError:
            return None

    def _covers(self, doc: Document, person: Person) -> bool:
        """The gazetteer can judge a title only inside the years it lists the person's roles for."""
        d = self._doc_date(doc)
        if d is None:
            return True
        first = min(r.start for r in person.roles)
        last = max((r.end or date.max) for r in person.roles)
        return first <= d <= last

    def _best_role(self, doc: Document, person: Person) -> Role:
        d = self._doc_date(doc)
        if d is not None:
            for r in person.roles:
                if r.start <= d <= (r.end or date.max):
                    return r
        return person.roles[-1]

    def _former_uses(self, org: Org, doc: Document) -> Iterator[tuple[Former, re.Match[str]]]:
        """The first use in ``doc`` of each of ``org``'s former names that the rule's conditions allow:
        one finding per document and form, since later ones add nothing for a reviewer."""
        for former in org.former:
            if former.name.split()[0] not in doc.text:
                continue  # its first word is not written: no use (a cheap test before the pattern's scan)
            for m in former.pattern.finditer(doc.text):
                if self.conditions.allows(doc, m.start(), m.end()):
                    yield former, m
                    break

    def _cites_elsewhere(self, org: Org, doc: Document) -> bool:
        """``doc`` uses a former name of ``org`` but not its current one: its finding cites another document."""
        return next(self._former_uses(org, doc), None) is not None and self._current_span(org, [doc]) is None

    def _orgs(self, doc: Document, stats: dict[Any, Any]) -> Iterator[Finding]:
        d = self._doc_date(doc)
        for i, org in enumerate(self.orgs):
            for former, m in self._former_uses(org, doc):
                current = self._current_span(org, [doc])
                if current is None and stats.get((i, org.name)) is not None:
                    current = Evidence(*stats[(i, org.name)])
                evidence = [doc.evidence(m.start(), m.end())] + ([current] if current else [])
                renamed = f" on {former.until.isoformat()}" if former.until else ""
                stale = d is not None and former.until is not None and d > former.until
                yield self.finding(
                    f"'{m.group()}' is a former name: renamed {org.acronym or org.name}{renamed} ({former.source})",
                    evidence,
                    suggestion=org.acronym if former.name.isupper() and org.acronym else org.name,
                    confidence=0.9 if stale else 0.5,
                    severity=self.severity if stale else "info",
                )

    @staticmethod
    def _current_span(org: Org, docs: list[Document]) -> Evidence | None:
        """The current name's first use in ``docs``: the first document using one of its forms, there the
        first form (in the rule's order) that matches."""
        for d in docs:
            for word, pat in org.current:
                # the pattern is tried at every offset of the text: its first word, found in C, rules most out
                m = pat.search(d.text) if word in d.text else None
                if m:
                    return d.evidence(m.start(), m.end())
        return None
