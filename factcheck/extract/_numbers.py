"""Number parsing shared by the quantities and enumerations layers.

Finds figures written as digits ("21,000", "1.2"), words ("twenty-one", "six"), money
("£92m", "$ 5 billion"), percentages ("6%", "23 percent"), ratios ("one in seven"),
ordinals ("seventh", "21st"), ranges ("between 1% and 3.5%", "10-12") and the counted
noun after the figure, each as a ``Quantity`` whose span is the figure as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from factcheck.core.model import Quantity
from factcheck.lexicons import load


@lru_cache(maxsize=1)
def lex() -> dict:
    return load("numbers")


@lru_cache(maxsize=1)
def _months() -> frozenset[str]:
    return frozenset(k for k in load("dates")["months"] if len(k) > 3 or k == "may")


@lru_cache(maxsize=1)
def _word_values() -> dict[str, int]:
    L = lex()
    return {**L["units"], **L["tens"]}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    L = lex()
    words = sorted(_word_values(), key=len, reverse=True)
    scales = sorted(L["scales"], key=len, reverse=True)
    word = r"(?:" + "|".join(words) + r")"
    # "twenty-one", "one hundred and twenty", "six" (a word number never starts with "and")
    word_num = rf"{word}(?:[\s-]+(?:and\s+)?(?:{word}|{'|'.join(scales)}))*"
    digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
    cur = r"(?:US\$|A\$|C\$|[£$€¥])"
    short = "|".join(sorted(L["short_scales"], key=len, reverse=True))
    scale_words = "|".join(scales)
    pct = r"%|\s?(?:per\s?cent|percent)\b|\s?percentage\s+points?\b"
    ordinal_words = "|".join(sorted(L["ordinals"], key=len, reverse=True))
    number = (
        rf"(?:(?P<cur>{cur})\s?)?"
        rf"(?:(?P<dig>{digits})|(?P<word>{word_num}))"
        rf"(?:(?P<short>{short})\b|\s?-?(?P<scale>{scale_words})s?\b)?"
        rf"(?P<pct>{pct})?"
    )
    return {
        "number": re.compile(rf"(?<![\w.,$£€¥/:])(?:{number})(?![\w/:]|[.,]\d)", re.I),
        "ordinal": re.compile(rf"\b(?:(?P<ow>{ordinal_words})|(?P<od>\d+)(?:st|nd|rd|th))\b", re.I),
        "ratio": re.compile(rf"\b(?P<a>{word}|\d+)\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<b>{word}|\d+)\b", re.I),
        "approx": re.compile(
            r"\b(?:" + "|".join(re.escape(a) for a in sorted(L["approximators"], key=len, reverse=True)) + r")\s*$",
            re.I,
        ),
        "range_to": re.compile(r"^\s*(?:-|–|—|to|and)\s*$", re.I),
        "word": re.compile(r"[A-Za-z][A-Za-z'’-]*|\S"),
    }


def word_value(text: str) -> float | None:
    """Value of a number written in words ("twenty-one" -> 21, "one hundred and five" -> 105)."""
    L = lex()
    vals, scales = _word_values(), L["scales"]
    total, current = 0, 0
    seen = False
    for w in re.split(r"[\s-]+", text.lower()):
        if w in ("", "and"):
            continue
        if w in vals:
            current += vals[w]
            seen = True
        elif w.rstrip("s") in scales:
            s = scales[w.rstrip("s")]
            current = max(current, 1) * s
            if s >= 1000:
                total, current = total + current, 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def parse_number(text: str) -> float | None:
    """Value of a bare figure in digits or words, None if it is not a number."""
    t = text.strip().replace(",", "")
    try:
        return float(t)
    except ValueError:
        return word_value(t)


def singular(word: str) -> str:
    """Singular lemma of a (probably plural) noun: "officers" -> "officer", "cities" -> "city"."""
    w = word.lower().strip("'’")
    irr = lex()["irregular_plurals"]
    if w in irr:
        return irr[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and re.search(r"(?:ss|sh|ch|x|zz)es$", w):  # "prizes" is a prize, "buzzes" a buzz
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _is_year(q_text: str, value: float) -> bool:
    return bool(re.fullmatch(r"1[5-9]\d\d|20\d\d", q_text)) and 1500 <= value <= 2099


def counted_noun(text: str, pos: int, end: int) -> tuple[str | None, int]:
    """The counted noun after a figure ending at ``pos``: the last content word of the
    short phrase that follows ("21,000 experienced officers across" -> "officer").
    Returns (singular lemma or None, end offset of the noun)."""
    L = lex()
    stops, not_nouns = set(L["noun_stops"]), set(L["not_nouns"])
    pat = _patterns()["word"]
    noun, noun_end, i = None, pos, pos
    taken = 0
    hyphen = re.match(r"\s*-\s*(?=[a-z])", text[pos:end])
    if hyphen:  # "a 20-year conflict", tokenized "a 20 - year conflict": the unit after the hyphen
        i = pos + hyphen.end()
        m = _patterns()["word"].match(text, i, end)
        if m and m.group()[0].isalpha():
            w = m.group().split("-")[0]
            return singular(w), i + len(w)
    while taken < 3:
        m = pat.search(text, i, end)
        if not m or (m.start() > i and text[i:m.start()].strip()):
            break
        w = m.group()
        lw = w.lower()
        if not w[0].isalpha() or lw in stops:
            break
        if lw in not_nouns or re.fullmatch(r"[a-z]+ly", lw):  # adverbs do not name what is counted
            break
        if parse_number(lw) is not None:
            break  # another figure starts its own phrase: "Shrek 2 took three prizes"
        if w[0].isupper() and taken == 0 and lw not in _months():
            break  # "3 Downing" / "in 2018 Khan": a name, not a counted noun
        if lw in _months():
            break
        noun, noun_end = singular(w.rstrip("'’").split("-")[-1] if "-" in w and taken else w), m.end()
        taken += 1
        i = m.end()
        if lw.endswith(("'", "’")) or (lw.endswith("s") and len(lw) > 3 and not lw.endswith("ss")) or (
                lw in lex()["irregular_plurals"]):
            break  # a plural noun ends the phrase ("three children Nora, ..."), and so does a possessive
    return noun, noun_end


def _approx_before(text: str, start: int, floor: int) -> bool:
    return bool(_patterns()["approx"].search(text[max(floor, start - 20):start]))


def _date_context(text: str, start: int, end: int, floor: int, ceil: int) -> bool:
    """A day or year that belongs to a date ("March 31 , 2012", "5 May") is the dates layer's."""
    before = text[max(floor, start - 12):start].lower()
    after = text[end:min(ceil, end + 12)].lower()
    months = _months()
    b = re.search(r"([a-z]+)\.?\s*,?\s*$", before)
    a = re.match(r"\s*(?:of\s+)?([a-z]+)", after)
    return bool((b and b.group(1) in months) or (a and a.group(1) in months))


def find_quantities(text: str, start: int, end: int, sentence: int, subject: str | None = None) -> list[Quantity]:
    """All quantities in ``text[start:end]`` (one sentence), in text order."""
    P = _patterns()
    L = lex()
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in P["ratio"].finditer(text, start, end):
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
        if a and b and b > a:
            noun, _ = counted_noun(text, m.end(), end)
            out.append(Quantity(m.start(), m.end(), m.group(), sentence, a / b, kind="ratio", noun=noun,
                                approx=_approx_before(text, m.start(), start), subject=subject))
            taken.append((m.start(), m.end()))
    for m in P["number"].finditer(text, start, end):
        s, e = m.start(), m.end()
        if not free(s, e):
            continue
        raw = m.group("dig") or m.group("word")
        if m.group("word") and m.group("word").lower() in ("one",) and not m.group("cur"):
            # "one" is mostly a pronoun ("one of the", "no one"); keep it only when it counts a noun
            noun, _ = counted_noun(text, e, end)
            if noun is None or re.search(r"\b(?:no|any|every|each|some|the|this|that|which|one)\s+$",
                                         text[max(start, s - 8):s], re.I):
                continue
        value = parse_number(raw)
        if value is None:
            continue
        unit: str | None = None
        kind = "cardinal"
        if m.group("short"):
            value *= L["short_scales"][m.group("short").lower()]
        elif m.group("scale"):
            value *= L["scales"][m.group("scale").lower()]
        if m.group("cur"):
            kind, unit = "money", L["currencies"].get(m.group("cur").upper(), m.group("cur"))
        if m.group("pct"):
            kind, unit = "percent", "%"
        # trim the span to the figure as written (no trailing space)
        while e > s and text[e - 1].isspace():
            e -= 1
        q_text = text[s:e]
        if kind == "cardinal" and re.search(r"\b(?:number|no\.)\s*$", text[max(start, s - 10):s], re.I):
            kind = "ordinal"  # a rank, not a count: "the number one keeper", "world number seven"
        if kind == "cardinal" and m.group("dig") and _date_context(text, s, e, start, end):
            continue
        if kind == "cardinal" and m.group("dig") and re.search(r"\d[:.]\d\d$", text[max(start, s - 3):s]):
            continue  # times "10:30"
        noun, _ = counted_noun(text, e, end)
        label = _label_before(text, s, start)
        if label and kind == "cardinal":
            noun = label  # "Chapter 11", "Article 50": the figure names the thing before it
        if kind == "cardinal" and noun:
            cw = L["currency_words"].get(noun) or L["currency_words"].get(noun + "s")
            if cw:
                kind, unit = "money", cw
        if kind == "cardinal" and m.group("dig") and not m.group("short") and not m.group("scale"):
            if _is_year(q_text, value) and not (noun and not text[e:e + 1].isalpha() and _plural_after(text, e, end)):
                kind = "year"
        q = Quantity(s, e, q_text, sentence, value, kind=kind, unit=unit, noun=noun if kind != "year" else None,
                     approx=_approx_before(text, s, start), subject=subject)
        # ranges: "between 1% and 3.5%", "10-12 years", "from 3.8 percent to 15 percent" stay two figures,
        # but a bare "10-12" joins into one quantity with a high end
        if out and out[-1].kind == q.kind and P["range_to"].match(text[out[-1].end:s]) and text[out[-1].end:s].strip(
        ) in ("-", "–") and out[-1].end >= s - 3:
            out[-1].high = q.value
            out[-1].noun = out[-1].noun or q.noun
        out.append(q)
        taken.append((s, e))
    for m in P["ordinal"].finditer(text, start, end):
        if not free(m.start(), m.end()):
            continue
        v = L["ordinals"].get(m.group("ow").lower()) if m.group("ow") else int(m.group("od"))
        if m.group("od") and _date_context(text, m.start(), m.end(), start, end):
            continue
        noun, _ = counted_noun(text, m.end(), end)
        out.append(Quantity(m.start(), m.end(), m.group(), sentence, float(v), kind="ordinal", noun=noun,
                            subject=subject))
    out.sort(key=lambda q: (q.start, q.end))
    return out


def _plural_after(text: str, pos: int, end: int) -> bool:
    m = re.match(r"\s+([a-z]+)", text[pos:end])
    return bool(m and m.group(1).endswith("s") and m.group(1) not in ("as", "is", "was", "has", "its", "this"))


def _label_before(text: str, pos: int, floor: int) -> str | None:
    m = re.search(r"(?<=\s)([A-Z][a-z]+)\s+$", text[max(floor, pos - 20):pos])
    if not m or m.start() + max(floor, pos - 20) <= floor:
        return None
    w = m.group(1).lower()
    return w if w in lex()["labels"] else None
