"""Rule-based name analysis shared by the people, orgs and titles layers.

Runs of capitalised words are found per sentence, then split into an optional
title ("Assistant Commissioner"), honorifics ("Mr", "Sir") and the name proper.
A run is a person when a cue says so (honorific, title, a known given name, a
said-attribution, an earlier full name with the same surname); an organisation
when it holds an organisation word or is an acronym; a place from a small lexicon.
Statistical NER is deliberately not used: this must run at archive speed.
"""

from __future__ import annotations

import bisect
import re
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from factcheck.core.model import Document, Entity, Mention, Title, overlap_test
from factcheck.lexicons import load

# A word: letters with inner apostrophes/hyphens, an abbreviation with a full stop
# ("Sen.", "U.S."), or an initial ("W.").
_WORD = re.compile(r"&|(?:[A-Z]\.){2,}|[^\W\d_](?:[\w\-]|['\u2019](?=[^\W\d_]))*\.?")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_SAID = re.compile(r"^\s*,?\s*(?:said|says|told|added|argued|wrote|asked|explained|insisted|warned|replied|"
                   r"stated|claimed|noted|responded|admitted|declared)\b")
_SAID_BEFORE = re.compile(r"\b(?:said|says|according to|told)\s*$")
_CONNECTORS = {"of", "for", "and", "&", "de", "du", "van", "von", "der", "bin", "al", "da", "di", "le",
               "la", "del", "dos", "y"}
_NAME_PARTICLES = {"de", "du", "van", "von", "der", "bin", "al", "da", "di", "le", "la", "del", "dos", "y"}
_QUOTE_OPEN = "\"'\u201c\u2018([\u2014-"


@dataclass(frozen=True, slots=True)
class Lex:
    honorifics: frozenset[str]
    given_honorifics: frozenset[str]
    suffixes: frozenset[str]
    heads: frozenset[str]
    modifiers: frozenset[str]
    role_nouns: frozenset[str]
    common: frozenset[str]
    org_words: frozenset[str]
    org_short: frozenset[str]
    not_acronyms: frozenset[str]
    places: frozenset[str]
    given_names: frozenset[str]


@lru_cache(maxsize=1)
def lex() -> Lex:
    h, t, n = load("honorifics"), load("titles"), load("names")
    hon = h["honorifics"]
    return Lex(
        honorifics=frozenset(hon),
        given_honorifics=frozenset(k for k, v in hon.items() if v and v.get("given_name")),
        suffixes=frozenset(h["suffixes"]),
        heads=frozenset(t["heads"]),
        modifiers=frozenset(t["modifiers"]),
        role_nouns=frozenset(t["role_nouns"]),
        common=frozenset(n["common"]),
        org_words=frozenset(n["org_words"]),
        org_short=frozenset(n["org_short"]),
        not_acronyms=frozenset(n["not_acronyms"]),
        places=frozenset(n["places"]),
        given_names=frozenset(n["given_names"]),
    )


def bare(word: str) -> str:
    """A word without its trailing full stop: "Sen." -> "Sen"."""
    return word[:-1] if word.endswith(".") and len(word) > 1 else word


def is_cap(word: str) -> bool:
    return word[:1].isupper()


def is_acronym(word: str) -> bool:
    w = bare(word).replace(".", "")
    return len(w) >= 2 and w.isupper() and w.isalpha() and bare(word) not in lex().not_acronyms


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str
    possessive: bool = False


@dataclass(slots=True)
class Run:
    """One capitalised run in one sentence, split into its parts."""

    sentence: int
    toks: list[Tok]
    title: list[Tok] = field(default_factory=list)
    honorifics: list[Tok] = field(default_factory=list)
    name: list[Tok] = field(default_factory=list)
    suffix: list[Tok] = field(default_factory=list)
    kind: str = ""  # person / org / place / "" (unknown)
    initial: bool = False  # first word of its sentence
    said: bool = False


@dataclass(slots=True)
class Analysis:
    mentions: list[Mention]
    entities: list[Entity]
    titles: list[tuple[int, int, str, int, str]]  # start, end, text, sentence, form; mention filled later
    title_for: list[int]  # mention-list index (into people mentions) for each title
    orgs: list[Mention]
    org_entities: list[Entity]


def _tokens(text: str, base: int) -> list[Tok]:
    toks: list[Tok] = []
    for m in _WORD.finditer(text):
        word = m.group()
        start, end = base + m.start(), base + m.end()
        poss = False
        pm = _POSSESSIVE.search(word)
        if pm and len(word) > 2 and not word.endswith("."):
            end -= len(pm.group())
            word = word[: len(word) - len(pm.group())]
            poss = True
        # A full stop ends the sentence unless the word is an abbreviation or initial.
        if word.endswith(".") and not _keeps_stop(word):
            word, end = word[:-1], end - 1
        toks.append(Tok(start, end, word, poss))
    return toks


def _keeps_stop(word: str) -> bool:
    b = bare(word)
    L = lex()
    return (len(b) == 1 and b.isupper()) or "." in b or b in L.honorifics or b in L.heads or b in L.suffixes \
        or b in {"St", "Mt", "Jr", "Sr", "Co", "Inc", "Corp", "Ltd", "Bros", "No", "Gen", "Ft"}


def _gap_ok(text: str, a: int, b: int) -> bool:
    """Two words belong to one run when only spaces separate them (no comma, no line break)."""
    gap = text[a:b]
    return 0 < len(gap) <= 2 and gap.strip() == ""


def _runs(doc: Document) -> list[Run]:
    org_words = lex().org_words
    text = doc.text
    runs: list[Run] = []
    for s in doc.sentences:
        toks = _tokens(s.text, s.start)
        first_word = 0
        while first_word < len(toks) and not toks[first_word].text[:1].isalpha():
            first_word += 1
        i = 0
        while i < len(toks):
            t = toks[i]
            if not is_cap(t.text):
                i += 1
                continue
            j = i + 1
            cur = [t]
            while j < len(toks) and not cur[-1].possessive:
                nxt = toks[j]
                if not _gap_ok(text, cur[-1].end, nxt.start):
                    break
                if is_cap(nxt.text):
                    cur.append(nxt)
                    j += 1
                    continue
                # "Secretary of State", "Bank of England", "Charles de Gaulle": a connector between capitals.
                # "and" joins only inside organisation names ("Fire & Rescue Services"), never two people.
                joins = nxt.text not in ("and", "&") or any(bare(x.text) in org_words for x in cur + toks[j + 1:j + 4])
                if nxt.text.lower() in _CONNECTORS and j + 1 < len(toks) and joins and is_cap(toks[j + 1].text) \
                        and _gap_ok(text, nxt.end, toks[j + 1].start) and not nxt.possessive:
                    cur.extend([nxt, toks[j + 1]])
                    j += 2
                    continue
                break
            while cur and cur[-1].text.lower() in _CONNECTORS:
                cur.pop()
            run = Run(s.index, cur, initial=(i == first_word) or _after_quote(text, t.start, s.start))
            runs.append(run)
            i = j
    return runs


def _after_quote(text: str, start: int, sent_start: int) -> bool:
    k = start - 1
    while k >= sent_start and text[k] == " ":
        k -= 1
    return k >= sent_start and text[k] in _QUOTE_OPEN


def _lower_vocab(doc: Document) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"\b[a-z][a-z'\-]+\b", doc.text))


def _split(run: Run, lower: frozenset[str]) -> None:
    """Cut a run into title / honorifics / name / suffix and guess its kind."""
    L = lex()
    toks = list(run.toks)
    # Leading words capitalised only by position ("Both", "The", "Although").
    while toks and not _title_word(toks[0].text) and bare(toks[0].text) not in L.honorifics and (
            bare(toks[0].text) in L.common
            or (toks[0] is run.toks[0] and run.initial and toks[0].text.lower() in lower)):
        toks = toks[1:]
        while toks and toks[0].text.lower() in _CONNECTORS:
            toks = toks[1:]
    if not toks:
        run.kind = "skip"
        return
    # Title: up to the last head word that still leaves a name after it.
    k = -1
    for idx, t in enumerate(toks[:-1]):
        if bare(t.text) in L.heads and not t.possessive:
            k = idx
    if k >= 0 and any(bare(t.text) in L.org_words for t in toks[: k + 1]) and not _title_word(toks[0].text):
        k = -1  # "Police Department Chief"? keep it simple: an org word before the head is an org name
    # "Secretary of State Rex Tillerson": the title runs on through "of X" when a name still follows.
    while k >= 0 and k + 3 < len(toks) and toks[k + 1].text in ("of", "for") and is_cap(toks[k + 2].text):
        k += 2
    title = toks[: k + 1]
    rest = toks[k + 1:]
    hons: list[Tok] = []
    while rest and bare(rest[0].text) in L.honorifics and len(rest) > 1:
        hons.append(rest[0])
        rest = rest[1:]
    if not title and not hons and rest and bare(rest[0].text) in L.honorifics and len(rest) == 1:
        run.kind = "skip"
        return
    suffix: list[Tok] = []
    while len(rest) > 1 and bare(rest[-1].text) in L.suffixes:
        suffix.insert(0, rest[-1])
        rest = rest[:-1]
    run.title, run.honorifics, run.name, run.suffix = title, hons, rest, suffix
    run.kind = _kind(run)


def _title_word(word: str) -> bool:
    L = lex()
    b = bare(word)
    return b in L.heads or b in L.modifiers


def _kind(run: Run) -> str:
    L = lex()
    words = [bare(t.text) for t in run.name]
    if not words:
        return "skip"
    joined = " ".join(words)
    has_org = any(w in L.org_words for w in words)
    if run.honorifics and not any(w in L.heads for w in words):
        return "person"  # "Sir Stephen House": an honorific outweighs an organisation word
    if words[-1] in L.heads or words[-1] in L.org_short:
        return "org" if has_org or words[-1] in L.org_short else "skip"  # "Chief Inspector" is a role, not a name
    if has_org or (len(words) == 1 and is_acronym(words[0])):
        return "org"
    if joined in L.places or (words[0] in L.places and len(words) == 1):
        return "place" if not (run.honorifics or run.title) else "person"
    if any(w.lower() in _CONNECTORS - _NAME_PARTICLES for w in words):
        return ""
    if any(is_acronym(w) or w[:1].isdigit() for w in words):
        return ""
    if len(words) > 4:
        return ""
    if run.honorifics or run.title:
        return "person"
    if len(words) >= 2 and words[0] in L.given_names:
        return "person"
    return ""


def _name_parts(run: Run) -> tuple[str, str | None, str | None]:
    """(name, given, surname) of a person run."""
    L = lex()
    words = [bare(t.text) for t in run.name]
    name = " ".join(t.text for t in run.name)
    if len(words) == 1:
        hon = bare(run.honorifics[-1].text) if run.honorifics else None
        if hon in L.given_honorifics:
            return name, words[0], None
        return name, None, words[0]
    return name, words[0], words[-1]


def analyse(doc: Document) -> Analysis:
    L = lex()
    lower = _lower_vocab(doc)
    runs = _runs(doc)
    for r in runs:
        _split(r, lower)
        if r.name:
            end = r.name[-1].end
            r.said = bool(_SAID.match(doc.text[end:end + 40])) or bool(
                _SAID_BEFORE.search(doc.text[max(0, r.toks[0].start - 20):r.toks[0].start]))
    # Said-attribution makes an unknown 1-3 word run a person ("Johnson said", "said Charles Johnsun").
    for r in runs:
        if r.kind == "" and r.said and 1 <= len(r.name) <= 3 and not any(
                bare(t.text) in L.places or bare(t.text) in L.common for t in r.name):
            r.kind = "person"
    # Surnames and given names of people seen with a strong cue.
    surnames: dict[str, int] = {}
    givens: dict[str, int] = {}
    for r in runs:
        if r.kind == "person":
            _, g, sn = _name_parts(r)
            if sn:
                surnames[sn] = surnames.get(sn, 0) + 1
            if g:
                givens[g] = givens.get(g, 0) + 1
    for r in runs:
        if r.kind == "" and r.name:
            words = [bare(t.text) for t in r.name]
            if words[-1] in surnames and len(words) <= 3:
                r.kind = "person"
            elif len(words) == 1 and words[0] in givens and not r.initial:
                r.kind = "person"
    people = [r for r in runs if r.kind == "person"]
    mentions, entities, titles, title_for = _group_people(doc, people)
    orgs, org_entities = _group_orgs(doc, [r for r in runs if r.kind in ("org", "place")])
    # Titles written as pre-modifiers.
    for mi, r in enumerate(people):  # mentions[mi] was made from people[mi]
        if r.title:
            a, b = r.title[0].start, r.title[-1].end
            titles.append((a, b, doc.text[a:b], r.sentence, "premodifier"))
            title_for.append(mi)
    _appositions(doc, mentions, titles, title_for)
    return Analysis(mentions, entities, titles, title_for, orgs, org_entities)


def _group_people(doc: Document, people: list[Run]) -> tuple[list[Mention], list[Entity], list, list]:
    mentions: list[Mention] = []
    for r in people:
        name, given, surname = _name_parts(r)
        a, b = r.name[0].start, r.name[-1].end
        if r.suffix:
            b = r.suffix[-1].end
        start = r.honorifics[0].start if r.honorifics else a
        mentions.append(Mention(
            start=start, end=b, text=doc.text[start:b], sentence=r.sentence, kind="person",
            name=name, given=given, surname=surname,
            honorific=bare(r.honorifics[-1].text) if r.honorifics else None,
        ))
    # Full names first, so shorter forms attach to the person they abbreviate.
    entities: list[Entity] = []
    by_full: dict[tuple[str, str], int] = {}
    # Indexes kept as entities and mentions are added, so a document of many names is not quadratic.
    by_surname: dict[str, list[int]] = defaultdict(list)
    by_first: dict[str, list[int]] = defaultdict(list)  # first word of the name an entity was made with
    starts_of: dict[int, list[int]] = defaultdict(list)  # entity -> starts of its mentions so far, sorted

    def new_entity(m: Mention) -> int:
        e = Entity(len(entities), "person", m.name, m.surname)
        entities.append(e)
        if m.surname:
            by_surname[m.surname].append(e.id)
        if m.name.split():
            by_first[m.name.split()[0]].append(e.id)
        return e.id

    def assign(m: Mention, eid: int) -> None:
        m.entity = eid
        bisect.insort(starts_of[eid], m.start)

    order = sorted(range(len(mentions)), key=lambda i: (-(mentions[i].given is not None
                                                          and mentions[i].surname is not None), i))
    for i in order:
        m = mentions[i]
        if m.given and m.surname:
            key = (m.given, m.surname)
            if key not in by_full:
                by_full[key] = new_entity(m)
            assign(m, by_full[key])
            continue
        ids = sorted(set(by_surname.get(m.surname, []) if m.surname else [])
                     | set(by_first.get(m.given, []) if m.given else []))
        cands = [entities[k] for k in ids]
        if len(cands) > 1:  # two people share the surname: the one named most recently before
            before = []
            for c in cands:  # each entity's latest mention before this one, found by bisection
                k = bisect.bisect_left(starts_of[c.id], m.start)
                if k:
                    before.append((starts_of[c.id][k - 1], c.id))
            cands = [entities[max(before)[1]]] if before else cands[:1]
        if cands:
            assign(m, cands[0].id)
        else:
            key = ("", m.surname or m.given or m.name)
            if key not in by_full:
                by_full[key] = new_entity(m)
            assign(m, by_full[key])
    for i, m in enumerate(mentions):
        e = entities[m.entity]
        e.mentions.append(i)
        if len(m.name) > len(e.name):
            e.name = m.name
    return mentions, entities, [], []


def initials(words: list[str]) -> str:
    """Initials of the significant words: "Her Majesty's Inspectorate of Constabulary" -> "HMIC"."""
    return "".join(w[0] for w in words if w[:1].isupper())


def _group_orgs(doc: Document, runs: list[Run]) -> tuple[list[Mention], list[Entity]]:
    mentions: list[Mention] = []
    entities: list[Entity] = []
    by_name: dict[str, int] = {}
    L = lex()
    text = doc.text
    for r in runs:
        a, b = r.name[0].start, r.name[-1].end
        if r.title and r.kind == "org":  # "Police Commissioner X" never reaches here; keep the full org words
            a = r.title[0].start
        name = text[a:b]
        m = Mention(a, b, name, r.sentence, kind=r.kind, name=name)  # type: ignore[arg-type]
        mentions.append(m)
    # "the Met": short org forms after "the".
    for s in doc.sentences:
        for mm in re.finditer(r"\bthe ([A-Z][a-z]+)\b", s.text):
            w = mm.group(1)
            if w in L.org_short:
                a = s.start + mm.start(1)
                if not any(x.start <= a < x.end for x in mentions):
                    mentions.append(Mention(a, a + len(w), w, s.index, kind="org", name=w))
    mentions.sort(key=lambda x: (x.start, x.end))
    # Acronyms: "Full Name (ACR)" or initials equal to an acronym seen in the document.
    acr_of: dict[str, str] = {}
    acronyms = {m.name for m in mentions if is_acronym(m.name)}
    for m in mentions:
        if is_acronym(m.name):
            continue
        words = [w for w in re.findall(r"[^\W\d_]+", m.name)]
        ini = initials(words)
        follow = re.match(r"\s*\(([A-Z]{2,})\)", text[m.end:m.end + 16])
        if follow:
            acr_of[m.name] = follow.group(1)
        elif len(ini) >= 2 and ini in acronyms:
            acr_of[m.name] = ini
    for m in mentions:
        key = m.name
        acr = m.name if is_acronym(m.name) else acr_of.get(m.name)
        if acr:
            # an expansion and its acronym are one organisation
            key = "ACR:" + acr
        if key not in by_name:
            by_name[key] = len(entities)
            entities.append(Entity(len(entities), m.kind, m.name, None, acronym=acr))
        e = entities[by_name[key]]
        if len(m.name) > len(e.name):
            e.name = m.name
    for m in mentions:
        key = m.name
        acr = m.name if is_acronym(m.name) else acr_of.get(m.name)
        m.entity = by_name["ACR:" + acr if acr else key]
    return mentions, entities


_APPOS = re.compile(r"^,\s+((?:the|a|an|its|his|her|their|currently|now|formerly|then|also|who is|who was|"
                    r"[A-Z][\w'\u2019.]*)\b[^,;.:\u201c\u201d\"()]{0,90}?)(?=\s*(?:[,;:.)\u2014]|$| said| says))")
_THE_X_Y = re.compile(r"(?:^|\b[Tt]he\s+|\b[Tt]hen\s+|\b[Ff]ormer\s+)"
                      r"((?:[A-Z][\w'\u2019.&-]*\s+(?:of\s+|for\s+|and\s+)?)*[A-Z][\w'\u2019.-]*),\s*$")


def _appositions(doc: Document, mentions: list[Mention], titles: list, title_for: list) -> None:
    """Appositions after a full name ("Matt Parr, the region's superintendent,") and the
    "the X, Y" form before one ("the Home Secretary, Priti Patel")."""
    L = lex()
    text = doc.text
    for mi, m in enumerate(mentions):
        sent = doc.sentences[m.sentence]
        after = text[m.end:sent.end]
        if after.startswith("'s") or after.startswith("\u2019s"):
            continue
        am = _APPOS.match(after)
        if am:
            phrase = am.group(1).rstrip()
            words = re.findall(r"[\w'\u2019-]+", phrase.lower())
            first = phrase.split()[0]
            ok = any(w in L.role_nouns or w.rstrip("s") in L.role_nouns for w in words) and len(words) <= 14
            if first[:1].isupper() and not (bare(first) in L.heads or bare(first) in L.modifiers):
                ok = False  # "Khan, Patel and ..." is a list, not an apposition
            if ok and not phrase.lower().startswith(("who ", "which ")):
                a = m.end + am.start(1)
                titles.append((a, a + len(phrase), phrase, m.sentence, "apposition"))
                title_for.append(mi)
        before = text[sent.start:m.start]
        bm = _THE_X_Y.search(before)
        if bm:
            phrase = bm.group(1)
            if any(bare(w) in L.heads for w in phrase.split()):
                a = sent.start + bm.start(1)
                titles.append((a, a + len(phrase), phrase, m.sentence, "the_x_y"))
                title_for.append(mi)


# Small cache so people/orgs/titles share one analysis of a document.
_CACHE: OrderedDict[int, tuple[str, Analysis]] = OrderedDict()


def analysis(doc: Document) -> Analysis:
    hit = _CACHE.get(id(doc))
    if hit is not None and hit[0] is doc.text:
        return hit[1]
    res = analyse(doc)
    _CACHE[id(doc)] = (doc.text, res)
    while len(_CACHE) > 16:
        _CACHE.popitem(last=False)
    return res


def extract_people(doc: Document) -> None:
    res = analysis(doc)
    base = len(doc.mentions)
    ent_base = len(doc.entities)
    for m in res.mentions:
        doc.mentions.append(Mention(m.start, m.end, m.text, m.sentence, m.kind, m.name, m.given, m.surname,
                                    m.honorific, m.entity + ent_base))
    for e in res.entities:
        doc.entities.append(Entity(e.id + ent_base, e.kind, e.name, e.surname, [i + base for i in e.mentions],
                                   e.acronym))


def extract_orgs(doc: Document) -> None:
    res = analysis(doc)
    base = len(doc.mentions)
    ent_base = len(doc.entities)
    taken = overlap_test([(m.start, m.end) for m in doc.mentions])
    index: dict[int, int] = {}
    for m in res.orgs:
        if taken(m.start, m.end):
            continue
        index[id(m)] = len(doc.mentions)
        doc.mentions.append(Mention(m.start, m.end, m.text, m.sentence, m.kind, m.name, None, None, None,
                                    m.entity + ent_base))
    for e in res.org_entities:
        doc.entities.append(Entity(e.id + ent_base, e.kind, e.name, None, [], e.acronym))
    for i in range(base, len(doc.mentions)):
        doc.entities[doc.mentions[i].entity].mentions.append(i)


def extract_titles(doc: Document) -> None:
    res = analysis(doc)
    # People mentions were appended first by extract_people; find their offset by position.
    pos = {(m.start, m.end): i for i, m in enumerate(doc.mentions) if m.kind == "person"}
    for (a, b, t, sent, form), mi in zip(res.titles, res.title_for, strict=True):
        pm = res.mentions[mi]
        idx = pos.get((pm.start, pm.end))
        if idx is None:
            continue
        doc.titles.append(Title(a, b, t, sent, idx, form))  # type: ignore[arg-type]
    doc.titles.sort(key=lambda x: (x.start, x.end))
