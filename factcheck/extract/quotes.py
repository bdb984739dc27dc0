"""Quotes and their speakers.

Quotation marks are paired per paragraph (curly and straight, tokenized or not); a quote
left open at a paragraph end and continued by a paragraph opening with a mark is one
quote in several pieces sharing a speaker. Speakers come from the attribution around the
marks ("..., said X", "X said: ...", "X told ...", "according to X", "his spokeswoman,
Tricia Enright, said"), pronouns ("he said") are resolved to the most recent person when
that is unambiguous, and a quote that opens the sentence after another quote's
attribution inherits its speaker (news style). The speaker span is the name as written
without honorific or title ("Mr. [[Weaver]]", "Sen. [[Ted Cruz]]").
"""

from __future__ import annotations

import re

from factcheck.core.model import Document, Quote
from factcheck.extract._quotes_find import QuoteSpan, find_quotes
from factcheck.extract._quotes_speaker import Attribution, attribute, resolve_pronoun

# A following quote inherits the previous speaker when only this much text, holding the
# previous attribution, separates them.
_INHERIT_GAP = 160
_TITLE_SMALL = frozenset({"the", "of", "and", "a", "an", "in", "on", "for", "to", "at", "with"})
_SENTENCE_BREAK = re.compile(r"(?<!\b[A-Z][a-z])(?<!\b[A-Z])[.!?]\s+[A-Z\u201c\"]")
_SENTENCE_OPEN = re.compile(r"(?:^|[.!?:]\s*[\"\u201d\u2019]?|\n)\s*$")


def extract(doc: Document) -> None:
    text = doc.text
    spans = find_quotes(text)
    quotes: list[Quote] = []
    attrs: list[Attribution | None] = []
    for k, qs in enumerate(spans):
        prev_end = spans[k - 1].close_end if k else 0
        next_start = spans[k + 1].open_start if k + 1 < len(spans) else len(text)
        att = attribute(text, qs, prev_end, next_start)
        if att is None and k and _inherits(text, spans[k - 1], qs, attrs[k - 1]):
            att = attrs[k - 1]
        attrs.append(att)
    # a continued quote shares its speaker across all its pieces
    for k in range(len(spans)):
        if attrs[k] is None and k and spans[k - 1].continued and attrs[k - 1] is not None:
            attrs[k] = attrs[k - 1]
    for k in range(len(spans) - 2, -1, -1):
        if attrs[k] is None and spans[k].continued and attrs[k + 1] is not None:
            attrs[k] = attrs[k + 1]
    resolved: dict[tuple[int, int], Attribution] = {}  # one pronoun, one reading, for all quotes sharing it
    for k, (qs, att) in enumerate(zip(spans, attrs, strict=True)):
        if att is not None and att.pronoun:
            key = (att.start, att.end)
            if key not in resolved:
                resolved[key] = resolve_pronoun(doc, att, qs, quotes, spans)
            att = attrs[k] = resolved[key]
        sent = doc.sentence_at(qs.start)
        q = Quote(qs.start, qs.end, text[qs.start:qs.end], sent.index if sent else _nearest(doc, qs.start))
        if att is not None and att.name and not _is_title(q.text):
            q.speaker = att.name
            q.speaker_start, q.speaker_end = att.start, att.end
            q.speaker_entity = att.entity if att.entity is not None else _entity_for(doc, att)
        quotes.append(q)
    doc.quotes = quotes
    doc.layers.add("quotes")


def _inherits(text: str, prev: QuoteSpan, qs: QuoteSpan, prev_att: Attribution | None) -> bool:
    """News style: a quote opening the sentence right after another quote's attribution, or a second
    quote inside a sentence whose attribution came first ("X said the plan was "a" and "b"")."""
    if prev_att is None or prev.continued:
        return False
    gap = text[prev.close_end:qs.open_start]
    if len(gap) > _INHERIT_GAP:
        return False
    if "\n" in gap.strip():
        # a new paragraph opening with a quote goes on with the speaker of the paragraph before,
        # when that paragraph ended with the attribution ("..., said Anna Brown, of the BCC.")
        inside = prev.close_end <= prev_att.start < qs.open_start
        if not inside or len(text[prev_att.end:qs.open_start].split("\n")[0]) > 80:
            return False
        return True
    if prev_att.start < prev.open_start and not _SENTENCE_BREAK.search(gap):
        return True
    # the attribution must sit between the two quotes, and the new quote must open a sentence
    if not (prev.close_end <= prev_att.start < qs.open_start or not gap.strip(" ,.\n")):
        return False
    return bool(_SENTENCE_OPEN.search(text[max(0, qs.open_start - 40):qs.open_start]))


def _is_title(text: str) -> bool:
    """A short all-capitalised quote names a programme or slogan ("Face the Nation"): nobody said it."""
    words = [w for w in re.findall(r"[\w'\u2019]+", text) if w.lower() not in _TITLE_SMALL]
    return 2 <= len(words) <= 5 and all(w[0].isupper() or w[0].isdigit() for w in words)


def _nearest(doc: Document, offset: int) -> int:
    best = 0
    for s in doc.sentences:
        if s.start <= offset:
            best = s.index
        else:
            break
    return best


def _entity_for(doc: Document, att: Attribution) -> int | None:
    """The person entity whose mention covers the speaker span, else whose name matches."""
    for m in doc.mentions:
        if m.kind == "person" and m.entity >= 0 and m.start < att.end and att.start < m.end:
            return m.entity
    name = att.name.split()
    if not name:
        return None
    last, full = name[-1], " ".join(name)
    hits = [
        e.id for e in doc.entities
        if e.kind == "person" and (e.name == full or e.surname == last or e.name.split()[-1:] == [last])
    ]
    return hits[0] if len(hits) == 1 else None
