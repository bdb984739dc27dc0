"""Find who a quote is attributed to, from the text around its marks.

Tail patterns (after the closing mark) win over head patterns (before the opening mark):
in news the attribution of a full quote follows it, and a head attribution ("X said:")
is the fallback. Tokenized text ("Enright , said .") is matched by allowing spaces
around punctuation everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.core.model import Document, Mention, Quote
from factcheck.extract._quotes_find import QuoteSpan
from factcheck.extract._quotes_lex import lexicon

_TAIL_MAX = 220
_HEAD_MAX = 300
_PRONOUN_WINDOW = 700  # chars back to look for a pronoun's antecedent
_TOK = r"[A-Z][A-Za-z'\u2019\-]*(?:\.|\s\.(?=\s[A-Z]))?"
_PARTICLE = r"(?:de|van|von|der|den|da|del|di|la|le|bin|al|el|du|dos|das)"
NAME = rf"{_TOK}(?:\s+(?:{_PARTICLE}\s+)?{_TOK}){{0,5}}"
_ADV = r"(?:(?:also|then|later|has|had|have|once|previously|recently|further|simply|again|repeatedly|flatly|" \
       r"would|will|bluntly|angrily|quietly|publicly|told|had\s+told)\s+)?"
_PAREN = r"(?:\(\s*[^()\n]{0,40}\)\s*)?"
_APPOS = r"(?:\s*,\s*(?P<appos>[^,\u201c\u201d\"\n]{1,120}?)\s*,)?"
# one character of a clause between a speech verb and a quote: no marks, no sentence end except after
# an abbreviation ("Mr.", "Sen .", "U.S.")
_CLAUSE = (
    r"(?:[^\u201c\u201d\"\n.!?]|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z][a-z])\.|(?<=\b[A-Z][a-z]\s)\.)"
)
# after the verb of an attribution that follows a full-stop quote: the sentence ends or a short adjunct follows
_ATTRIBUTION_END = re.compile(
    r"\s*(?:[.,;!?]|$|(?:in|on|at|to|during|after|before|of|about|from|when|while|as|last|this|"
    r"yesterday|today|earlier|later|reporters|me|us|him|her|them|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)\b)"
)
_PURE_NAME = re.compile(r"[A-Z][a-z'\u2019-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][A-Za-z'\u2019-]+){1,2}")
_TAIL_PATTERNS = ("verb_role_name", "verb_name", "name_verb", "role_name_verb", "pronoun_verb", "verb_pronoun", "role")
_HONORIFIC_GENDER = {"Mr": "m", "Sir": "m", "Lord": "m", "Mrs": "f", "Ms": "f", "Miss": "f", "Dame": "f", "Lady": "f"}
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b(?! [A-Z])")
_SENT_END = re.compile(r"[.!?]\s+(?=[A-Z\u201c\"])")


@dataclass(frozen=True, slots=True)
class Attribution:
    name: str  # speaker without honorific/title; for a pronoun, the antecedent's name (or the pronoun)
    start: int  # span of the name as written (the pronoun itself for a pronoun speaker)
    end: int
    pronoun: bool = False
    entity: int | None = None


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    v = lexicon().verb_re
    verb = rf"(?:{v})\b"
    return {
        # ', said EEF chief economist, Steve Radley.'
        "verb_role_name": re.compile(
            rf"^\s*[,.!?]?\s*{verb}\s+[^,\u201c\u201d\"\n]{{1,60}}?\s*,\s*(?P<name>{NAME})(?=\s*(?:[.,;]|$))"
        ),
        # ', said David Frost' / ', said his spokeswoman, Tricia Enright'
        "verb_name": re.compile(
            rf"^\s*[,.!?]?\s*{verb}\s+(?:(?:the|his|her|their|its|a|an)\s+[^,\u201c\u201d\"\n]{{1,70}}?\s*,\s*)?(?P<name>{NAME})"
        ),
        # ', Trump said' / ', Tetsuro Tsusaka, a telecoms analyst, told Reuters' / 'Mitch McConnell ( R - Ky. ) said'
        "name_verb": re.compile(
            rf"^\s*[,.!?]?\s*(?P<name>{NAME})\s*{_PAREN}{_APPOS}\s*{_PAREN}{_ADV}(?P<verb>{verb})(?P<after>.{{0,12}})"
        ),
        # ', his spokeswoman , Tricia Enright , said' / ', White House press secretary Karine Jean-Pierre said'
        "role_name_verb": re.compile(
            rf"^\s*[,.!?]?\s*(?:(?:the|his|her|their|its|a|an|former|then)\b[^\u201c\u201d\"\n]{{0,80}}?|"
            rf"[A-Z][^\u201c\u201d\"\n,]{{0,60}}?\s[a-z][^\u201c\u201d\"\n,]{{0,60}}?)"
            rf"\s*,?\s*(?P<name>{NAME})\s*,?\s*{_PAREN}{_ADV}(?P<verb>{verb})(?P<after>.{{0,12}})"
        ),
        "pronoun_verb": re.compile(
            rf"^\s*[,.!?]?\s*(?P<name>he|she|He|She)\s+{_ADV}(?P<verb>{verb})(?P<after>.{{0,12}})"
        ),
        "verb_pronoun": re.compile(rf"^\s*[,.!?]?\s*{verb}\s+(?P<name>he|she)\b"),
        # ', the energy secretary said' / ', said the pope': a definite role, resolved like a pronoun
        "role": re.compile(
            rf"^\s*[,.!?]?\s*(?:{verb}\s+)?(?P<role>)(?P<name>the\s+(?:[A-Za-z][\w.\u2019'-]*\s+){{0,3}}?(?:{lexicon().roles_re}))\b"
            rf"(?:\s*{_ADV}(?P<verb>{verb})(?P<after>.{{0,12}}))?"
        ),
        "according": re.compile(
            rf"\baccording\s+to\s+(?:(?:the|his|her|a|an)\s+[^,\u201c\u201d\"\n]{{1,60}}?\s*,\s*)?(?P<name>{NAME})"
        ),
        # 'Mr Frost added:' / 'Trump told reporters that the plan was' before the opening mark
        "head": re.compile(
            rf"(?P<name>{NAME})\s*{_PAREN}{_APPOS}\s*{_PAREN}{_ADV}{verb}{_CLAUSE}{{0,90}}?[:,]?\s*(?:that\s*)?$"
        ),
        "head_role": re.compile(
            rf"\b(?P<role>)(?P<name>[Tt]he\s+(?:[\w\u2019'-]+\s+){{0,3}}?(?:{lexicon().roles_re}))\s+(?:[\w,]+\s+){{0,3}}?"
            rf"{_ADV}{verb}{_CLAUSE}{{0,90}}?[:,]?\s*(?:that\s*)?$"
        ),
        "head_pronoun": re.compile(
            rf"\b(?P<name>He|She|he|she)\s+{_ADV}{verb}{_CLAUSE}{{0,90}}?[:,]?\s*(?:that\s*)?$"
        ),
    }


def clean_name(raw: str, offset: int) -> tuple[str, int, int] | None:
    """Strip honorifics and title words from a captured name; None if no person name is left.

    Everything up to the last title word goes ("Senate Majority Leader [[Mitch McConnell]]",
    "Whitehouse Communications Director [[Richard Davidson]]"); a bare "Mr. Weaver" keeps "Weaver".
    """
    lex = lexicon()
    toks = [(m.group(), m.start()) for m in re.finditer(r"[^\s.]+\.?|\.", raw) if m.group() != "."]
    for k, (t, _) in enumerate(toks):
        word = t.rstrip(".")
        if t.endswith(".") and len(word) > 1 and word not in lex.honorifics and word not in lex.titles \
                and word not in ("Jr", "Sr", "St"):
            toks = toks[:k + 1]  # "Jane Doe. She ...": a full stop after a name ends the sentence
            break
    if not toks:
        return None
    cut = 0
    for i, (t, _) in enumerate(toks):
        word = t.rstrip(".")
        if word in lex.honorifics or word in lex.titles:
            cut = i + 1
    rest = toks[cut:]
    if not rest:
        if cut >= 2 or toks[0][0].rstrip(".") in lex.honorifics or toks[0][0].endswith("."):
            rest = toks[-1:]  # "Mr. King", "Sen. Young": the surname is also a title word
        else:
            return None
    if any(t[0].rstrip(".") in lex.not_names for t in rest):
        return None
    first = rest[0][1]
    last_text, last_at = rest[-1]
    if last_text.endswith(".") and last_text.rstrip(".") not in ("Jr", "Sr"):
        last_text = last_text.rstrip(".")
    if not last_text:
        return None
    start, end = offset + first, offset + last_at + len(last_text)
    name = " ".join([t[0] for t in rest[:-1]] + [last_text])
    return name, start, end


def _from_match(m: re.Match[str], base: int) -> Attribution | None:
    raw = m.group("name")
    at = base + m.start("name")
    if re.search(r"\b(?:the|a|an|this|that)\s+$", m.string[max(0, m.start("name") - 6):m.start("name")]):
        return None  # "the Constitution says", "the White House said": a thing, not a person
    if raw in lexicon().pronouns or ("role" in m.re.groupindex and raw.lower().startswith("the ")):
        return Attribution(raw, at, at + len(raw), pronoun=True)
    appos = m.groupdict().get("appos")
    if appos and _PURE_NAME.fullmatch(appos.strip()):
        # "HM Inspector of Constabulary, Lee Freeman, said": the name is in the apposition
        a = base + m.start("appos") + (len(appos) - len(appos.lstrip()))
        named = clean_name(appos.strip(), a)
        if named is not None:
            return Attribution(*named)
    cleaned = clean_name(raw, at)
    if cleaned is None:
        return None
    return Attribution(*cleaned)


def _head_start(text: str, lo: int, hi: int) -> int:
    """Start of the sentence holding ``hi``, not looking before ``lo``."""
    start = lo
    for m in _SENT_END.finditer(text, lo, min(len(text), hi + 1)):  # +1: the lookahead may see the mark
        word = text[max(lo, m.start() - 4):m.start()].split()[-1:] or [""]
        w = word[0].lstrip("(")
        if w in lexicon().honorifics or w in lexicon().titles or (len(w) == 1 and w.isupper()):
            continue
        start = m.end()
    return start


def attribute(text: str, qs: QuoteSpan, prev_end: int, next_start: int) -> Attribution | None:
    pats = _patterns()
    if not qs.continued:
        tail_end = min(next_start, qs.close_end + _TAIL_MAX)
        nl = text.find("\n", qs.close_end, tail_end)
        tail = text[qs.close_end:nl if nl >= 0 else tail_end]
        base = qs.close_end
        ends_sentence = text[qs.start:qs.end].rstrip()[-1:] in (".",)
        for key in _TAIL_PATTERNS:
            m = pats[key].match(tail)
            if m is None:
                continue
            after = m.groupdict().get("after") or tail[m.end():m.end() + 12]
            if after.lstrip().startswith(":"):
                continue  # '"..." David Page said: "..."' introduces the next quote
            if ends_sentence and m.groupdict().get("verb") and not _closes_attribution(tail[m.end("verb"):]):
                continue  # '"... ." Trump said the party...' opens a new sentence: not an attribution
            att = _from_match(m, base)
            if att is not None:
                return att
        m = pats["according"].search(tail[:120].split(".")[0] if not ends_sentence else "")
        if m is not None and (att := _from_match(m, base)) is not None:
            return att
    lo = max(prev_end, qs.open_start - _HEAD_MAX)
    nl = text.rfind("\n", lo, qs.open_start)
    lo = nl + 1 if nl >= 0 else lo
    hs = _head_start(text, lo, qs.open_start)
    head = text[hs:qs.open_start]
    for key in ("head", "head_pronoun", "head_role"):
        for m in pats[key].finditer(head):
            att = _from_match(m, hs)
            if att is not None:
                return att
            break
    m = pats["according"].search(head)
    if m is not None and not head[m.end():].strip(" ,:") and (att := _from_match(m, hs)) is not None:
        return att
    return None


def _closes_attribution(rest: str) -> bool:
    """After a full-stop quote, 'X said' attributes it only if its sentence ends soon with no clause of its own
    ('Trump said in a statement.', not 'Boehner said last week that reform is not dead')."""
    if not _ATTRIBUTION_END.match(rest):
        return False
    clause = re.split(r"[.!?\u201c\u201d\"]", rest, maxsplit=1)[0]
    words = clause.split()
    return len(words) <= 7 and "that" not in words


def resolve_pronoun(
    doc: Document, att: Attribution, qs: QuoteSpan, done: list[Quote], spans: list[QuoteSpan]
) -> Attribution:
    """Resolve 'he'/'she' to the most recent person when nobody else intervenes; else keep the pronoun."""
    text = doc.text
    lo = max(0, qs.open_start - _PRONOUN_WINDOW)
    inside = [(q.start, q.end) for q in spans]

    def outside_quotes(a: int) -> bool:
        return not any(s <= a < e for s, e in inside)

    persons = [
        m for m in doc.mentions
        if m.kind == "person" and lo <= m.start < qs.open_start and outside_quotes(m.start)
    ]
    if att.name.lower().startswith("the "):
        return _resolve_role(doc, att, persons)
    want = "m" if att.name.lower() == "he" else "f"
    persons = [m for m in persons if _gender(doc, m.entity) in (want, None)]
    prev = next(
        (q for q in reversed(done) if q.speaker and q.speaker_start is not None and q.speaker_start >= lo
         and not _is_unresolved(text[q.speaker_start:q.speaker_end])),
        None,
    )
    if prev is not None and _gender(doc, prev.speaker_entity) in (want, None):
        # safe when no other person is named between that speaker and this quote
        others = [
            m for m in persons
            if m.start > (prev.speaker_end or 0) and not _same_person(m.name or m.text, prev.speaker or "")
        ]
        if not others:
            return Attribution(prev.speaker or att.name, att.start, att.end, pronoun=True, entity=prev.speaker_entity)
        return att
    if persons:
        last = persons[-1]
        if last.start >= _head_start(text, lo, qs.open_start):
            # 'Mr Sullivan "made decisions," he said': a person named in the quote's own sentence is
            # rarely the "he" who speaks; leave it unresolved
            return att
        recent = [m for m in persons if m.start >= _head_start(text, lo, last.start) - 1]
        if all(_same_person(m.name or m.text, last.name or last.text) for m in recent):
            return _to(att, last)
    return att


def _gender(doc: Document, entity: int | None) -> str | None:
    """'m'/'f' from the honorifics an entity's mentions carry ("Mr", "Mrs"); None when unknown."""
    if entity is None or not 0 <= entity < len(doc.entities):
        return None
    seen = {
        _HONORIFIC_GENDER.get((doc.mentions[k].honorific or "").rstrip("."))
        for k in doc.entities[entity].mentions if 0 <= k < len(doc.mentions)
    } - {None}
    return seen.pop() if len(seen) == 1 else None


def _is_unresolved(span: str) -> bool:
    return span in lexicon().pronouns or span.lower().startswith("the ")


def _to(att: Attribution, m: Mention) -> Attribution:
    name = m.name or m.text
    return Attribution(name, att.start, att.end, pronoun=True, entity=m.entity if m.entity >= 0 else None)


def _resolve_role(doc: Document, att: Attribution, persons: list[Mention]) -> Attribution:
    """'the energy secretary': the latest person whose title holds the role noun, else the only person nearby."""
    noun = att.name.split()[-1].lower()
    titled = {t.mention for t in doc.titles if noun in t.text.lower()}
    for m in reversed(persons):
        if any(doc.mentions[k] is m for k in titled):
            return _to(att, m)
    # else the only person named in this or the previous sentence
    here = doc.sentence_at(att.start)
    lo = doc.sentences[max(0, here.index - 1)].start if here is not None else att.start
    near = [m for m in persons if m.start >= lo]
    if near and len({(m.name or m.text).split()[-1] for m in near}) == 1:
        return _to(att, near[-1])
    if not near:  # the people layer saw nobody: a lone "Given Surname" in those sentences will do
        lex = lexicon()
        found = {
            m.group() for m in _FULL_NAME.finditer(doc.text, lo, att.start)
            if not {w.rstrip(".") for w in m.group().split()} & (lex.not_names | lex.titles)
        }
        if len(found) == 1:
            name = found.pop()
            return Attribution(name, att.start, att.end, pronoun=True)
    return att


def _same_person(a: str, b: str) -> bool:
    """Same surname (last token) is enough inside one document."""
    ta, tb = a.split(), b.split()
    return bool(ta and tb and ta[-1].rstrip(".") == tb[-1].rstrip("."))
