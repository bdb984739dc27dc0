"""Sentence splitting with offsets into the original text.

Paragraphs (line breaks) are hard boundaries, so headlines without full stops and bullet
lines stay separate. Inside a paragraph pysbd does the rule-based work ("Mr Khan",
"U.S.", "No. 10", "£92m"). Repairs follow where pysbd goes wrong on news text: an
attribution broken off its quote ("“ This is bad , ” Trump said ."), a piece starting
in lowercase, a closing quote left at the start of the next sentence, and long tokenized
runs ("terms . All of this") that pysbd returns as one sentence.

Every step is linear in the text: pysbd only ever sees pieces of at most
``_MAX_PARAGRAPH`` characters, its sentences are mapped back with a forward scan, and
no sentence is longer than ``_HARD_CUT`` (a 200,000-character "sentence" is cut at
spaces), so pathological input costs seconds, not hours.
"""

from __future__ import annotations

import re
from functools import lru_cache

from factcheck.core.model import Document, Sentence

# A paragraph longer than this is pre-cut at plain sentence ends before pysbd sees it:
# some pysbd rules are quadratic within a piece ("Mr. Mr. Mr. ..."), so pieces stay small.
_MAX_PARAGRAPH = 5_000
_HARD_CUT = 5_000  # no sentence is longer than this: pathological "sentences" are chunked
_CUT_SLACK = 500  # a hard cut moves back up to this far to land on a space
_PARA = re.compile(r"[^\n]+")
_QUOTE_CLOSERS = "\u201d\"'\u2019"
_QUOTE_LEADS = ",\u2014-"  # ', ”' : the attribution follows the closing quote
_LOWER_START = re.compile(r"\s*[a-z]")
# A safe place to pre-cut: a full stop after a lowercase word of 3+ letters (not "Mr.",
# "Sen.", "U.S.") or a space-separated one (tokenized text), then a capital.
_PLAIN_END = re.compile(r"(?:(?<=[a-z]{3}[.!?])|(?<=\s[.!?]))\s+(?=[A-Z\u201c\"])")
_SPACE = re.compile(r"\s*")
# pysbd returns whole paragraphs as one sentence when quotes do not pair up (a stray "'s"
# in tokenized text, a straight quote closed by a curly one). A long sentence is split
# again where a full stop after a space (tokenized "terms . All") or after a lowercase
# word of 3+ letters (never "Mr.", "Sen.", "U.S.") meets a capital.
_LONG = 400
_RESPLIT_END = re.compile(
    r"(?:(?<=\s)|(?<=[a-z]{3}))[.!?](?:\s*(?P<q>[\"\u201d\u2019'])(?=\s))?(?=\s+[\"\u201c\u2018']?\s*[A-Z])")


@lru_cache(maxsize=4096)
def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _news_english() -> type:
    """pysbd's English with an abbreviation replacer that compiles each of its patterns once.

    pysbd builds a few regexes per abbreviation found, on every call, more than the standard
    ``re`` cache holds, so every call recompiled them: half its run time. The methods that
    build them are copied here with a cache of our own (same patterns, same flags, same
    results); pysbd's modules are left as they are."""
    from pysbd.lang.english import English

    class Replacer(English.AbbreviationReplacer):
        def search_for_abbreviations_in_string(self, text: str) -> str:
            lowered = text.lower()
            for abbr in self.lang.Abbreviation.ABBREVIATIONS:
                stripped = abbr.strip()
                if stripped not in lowered:
                    continue
                abbrev_match = _compiled(rf"(?:^|\s|\r|\n){stripped}", re.IGNORECASE).findall(text)
                if not abbrev_match:
                    continue
                char_array = _compiled(r"(?<={" + str(re.escape(stripped)) + "} ).{1}").findall(text)
                for ind, match in enumerate(abbrev_match):
                    text = self.scan_for_replacements(text, match, ind, char_array)
            return text

        def scan_for_replacements(self, txt: str, am: str, ind: int, char_array: list[str]) -> str:
            char = char_array[ind] if ind < len(char_array) else ""
            prepositive = self.lang.Abbreviation.PREPOSITIVE_ABBREVIATIONS
            number_abbr = self.lang.Abbreviation.NUMBER_ABBREVIATIONS
            upper = str(char).isupper()
            if not upper or am.strip().lower() in prepositive:
                if am.strip().lower() in prepositive:
                    txt = _mark_period(txt, am.strip(), r"(?=(\s|:\d+))")
                elif am.strip().lower() in number_abbr:
                    txt = _mark_period(txt, am.strip(), r"(?=(\s\d|\s+\())")
                else:
                    txt = self.replace_period_of_abbr(txt, am)
            return txt

        def replace_period_of_abbr(self, txt: str, abbr: str) -> str:
            return _mark_period(txt, re.escape(abbr.strip()),
                                r"(?=((\.|\:|-|\?|,)|(\s([a-z]|I\s|I'm|I'll|\d|\())))")

    class NewsEnglish(English):
        AbbreviationReplacer = Replacer

    return NewsEnglish


def _mark_period(txt: str, abbr: str, after: str) -> str:
    """pysbd's abbreviation step: the full stop after ``abbr`` (a regex) becomes "∯" where ``after``
    follows. A space is prepended so that the look-behind also matches at the start of the text."""
    return _compiled(r"(?<=\s" + abbr + r")\." + after).sub("∯", " " + txt)[1:]


@lru_cache(maxsize=1)
def _segmenter():
    """pysbd's English sentence processor, called directly.

    ``pysbd.Segmenter.segment`` maps sentences back with one regex scan from the start
    of the text per sentence (quadratic on long paragraphs); we map them ourselves."""
    from pysbd.processor import Processor

    lang = _news_english()
    return lambda text: Processor(text, lang).process() or []


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of sentences, whitespace trimmed, in text order."""
    spans: list[tuple[int, int]] = []
    for para in _PARA.finditer(text):
        if not para.group().strip():
            continue
        for a, b in _chunks(para.start(), para.end(), text):
            spans.extend(_split_paragraph(text, a, b))
    return spans


def _chunks(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """Pre-cut a long paragraph at safe sentence ends, outside quotations where possible
    (pysbd decides quote boundaries from the quotes it sees in its piece)."""
    if end - start <= _MAX_PARAGRAPH:
        return [(start, end)]
    out, a, prev, depth, straight = [], start, start, 0, 0
    for m in _PLAIN_END.finditer(text, start, end):
        depth += text.count("\u201c", prev, m.start()) - text.count("\u201d", prev, m.start())
        straight += text.count('"', prev, m.start())
        prev = m.start()
        size = m.start() - a
        quoted = depth > 0 or straight % 2 == 1
        if size >= _MAX_PARAGRAPH // 4 and (not quoted or size >= _MAX_PARAGRAPH // 2):
            out.append((a, m.start()))
            a, depth, straight = m.end(), 0, 0
    out.append((a, end))
    return [c for part in out for c in _cut(text, *part, _MAX_PARAGRAPH)]


def _cut(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into pieces of at most ``size``, at a space where one is near."""
    out = []
    while end - start > size:
        cut = start + size
        space = text.rfind(" ", cut - _CUT_SLACK, cut)
        if space > start:
            cut = space
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _quote_continues(piece: str) -> bool:
    """True for a piece ending ``, ”`` (the attribution that follows belongs to it)."""
    if not piece or piece[-1] not in _QUOTE_CLOSERS:
        return False
    before = piece[:-1].rstrip()
    return bool(before) and before[-1] in _QUOTE_LEADS


def _locate(para: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Map pysbd's sentences back to offsets in ``para``, scanning forward only."""
    raw: list[tuple[int, int]] = []
    pos = 0
    for seg in pieces:
        piece = seg.strip()
        if not piece:
            continue
        at = _SPACE.match(para, pos).end()
        if not para.startswith(piece, at):
            # pysbd altered or dropped text: look a little ahead, else keep going blind
            # (the span is then by length; offsets stay valid, text is the original's).
            found = para.find(piece, at, at + len(piece) + 200)
            at = found if found >= 0 else at
        end = min(at + len(piece), len(para))
        if end > at:
            raw.append((at, end))
            pos = end
    return raw


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    para = text[start:end]
    raw = _locate(para, _segmenter()(para))
    merged: list[tuple[int, int]] = []
    for a, b in raw:
        if merged:
            pa, pb = merged[-1]
            if _quote_continues(para[max(pa, pb - 64):pb]) or _LOWER_START.match(para, a, b):
                merged[-1] = (pa, b)
                continue
        merged.append((a, b))
    for n in range(1, len(merged)):
        # '... a problem .' + '” But ...': a closing curly quote belongs to the sentence before
        (pa, pb), (a, b) = merged[n - 1], merged[n]
        if para[a] in "\u201d\u2019" and (a + 1 == b or para[a + 1].isspace()) and pb <= a:
            merged[n - 1], merged[n] = (pa, a + 1), (a + 1, b)
    out: list[tuple[int, int]] = []
    for sa, sb in (piece for a, b in merged for piece in _resplit(para, a, b)):
        for c, d in _cut(para, sa, sb, _HARD_CUT):
            c, d = trim_span(para, c, d)
            if d > c:
                out.append((start + c, start + d))
    return out


def _resplit(para: str, a: int, b: int) -> list[tuple[int, int]]:
    if b - a <= _LONG:
        return [(a, b)]
    out = []
    for m in _RESPLIT_END.finditer(para, a, b):
        cut = m.end()
        # ' . " Frankly': a straight quote after an even count of them opens the next sentence
        if m.group("q") == '"' and para.count('"', a, m.start("q")) % 2 == 0:
            cut = m.start() + 1
        out.append((a, cut))
        a = cut
    out.append((a, b))
    return out


def trim_span(text: str, a: int, b: int) -> tuple[int, int]:
    """``(a, b)`` narrowed past white space at both ends (offsets stay into ``text``)."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def segment(doc: Document) -> Document:
    """Fill ``doc.sentences``; paragraph numbers count non-empty lines."""
    spans = split_sentences(doc.text)
    paragraph_starts = [m.start() for m in _PARA.finditer(doc.text) if m.group().strip()]
    sentences: list[Sentence] = []
    p = 0
    for i, (a, b) in enumerate(spans):
        while p + 1 < len(paragraph_starts) and paragraph_starts[p + 1] <= a:
            p += 1
        sentences.append(Sentence(doc.id, i, a, b, doc.text[a:b], p))
    doc.sentences = sentences
    doc.layers.add("sentences")
    return doc
