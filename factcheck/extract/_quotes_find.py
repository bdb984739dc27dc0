"""Pair quotation marks into quote spans, paragraph by paragraph.

Curly marks say which side they are; a straight mark is read from its neighbours
(space before and a letter after opens, a letter before and a space after closes) and
toggles when both sides are spaced, as in tokenized archive text (" This is bad , ").
An opening mark met while a quote is open means the open quote ran on without a closing
mark (news style for a quote continued in the next paragraph): it becomes a piece
marked ``continued``. Single quotes are not read: they are apostrophes too often.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.segment.sentences import trim_span

OPEN_MARKS = "\u201c\u201e"  # “ „
CLOSE_MARKS = "\u201d"  # ”
STRAIGHT = '"'
_MARK = re.compile('[\u201c\u201e\u201d"]')
_PARA = re.compile(r"[^\n]+")
_MAX_QUOTE = 3000  # a longer "quote" is a stray mark pairing up with a far one


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    open_start: int  # position of the opening mark
    start: int  # content, whitespace trimmed
    end: int
    close_end: int  # just after the closing mark (content end for an unclosed piece)
    continued: bool = False  # no closing mark: the quote goes on in the next piece


def _side(text: str, i: int) -> str:
    """'open', 'close' or 'both' for the mark at ``i``."""
    c = text[i]
    if c in OPEN_MARKS:
        return "open"
    if c in CLOSE_MARKS:
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    space_before = before.isspace() or before in "([{\u2014-/"
    space_after = after.isspace() or after in ".,;:!?)]}\u2014"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return "both"


def find_quotes(text: str) -> list[QuoteSpan]:
    paras = [(m.start(), m.end()) for m in _PARA.finditer(text) if m.group().strip()]
    out: list[QuoteSpan] = []
    for k, (pa, pb) in enumerate(paras):
        open_at: int | None = None
        for m in _MARK.finditer(text, pa, pb):
            i = m.start()
            side = _side(text, i)
            if open_at is None:
                if side != "close":
                    open_at = i
                continue
            if side == "open":  # ran on without a closing mark
                _emit(out, text, open_at, i, i, continued=True)
                open_at = i
                continue
            _emit(out, text, open_at, i, i + 1, continued=False)
            open_at = None
        if open_at is not None:
            nxt = text[paras[k + 1][0]:paras[k + 1][1]].lstrip() if k + 1 < len(paras) else ""
            if nxt[:1] and nxt[0] in OPEN_MARKS + STRAIGHT:
                _emit(out, text, open_at, pb, pb, continued=True)
    return out


def _emit(out: list[QuoteSpan], text: str, open_at: int, close_at: int, close_end: int, *, continued: bool) -> None:
    a, b = trim_span(text, open_at + 1, close_at)
    if b <= a or b - a > _MAX_QUOTE:
        return
    out.append(QuoteSpan(open_at, a, b, close_end, continued))
