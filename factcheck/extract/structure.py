"""Structure layer: the parts of a document that are not running prose.

Tables and their rows, bullet and numbered lists, squad lists and rosters, "Key: value"
records, and runs of short unpunctuated lines (navigation, bylines, captions, headings of a
listicle) are marked as ``Block`` spans on ``doc.structure``. Rows of a table and items of a
list are separate records: two of them never restate one claim, and names listed side by
side are different people. Checks read the layer through ``Document.block_of``.

Only the shape of the text is read (line breaks, punctuation, digits, capitals), no word
lists, so it holds for any outlet, genre or scraped page:
- a *table* row: cells split by tabs, pipes or wide gaps, or a line mostly of figures
  ("Arsenal 38 26 9 3 73 26 87");
- a *list* item: a line opening with a bullet or a number ("- ...", "3. ...", "(4) ...");
- a *record*: a short "Key: value" line ("This week: 4 models", "Born: 1964") beside other
  non-prose lines;
- a *roster*: a sentence that is a run of five or more short capitalised items between commas
  or semicolons, with hardly a lowercase word ("Wales: G Thomas; H Luscombe, T Shanklin, ...");
- a *lines* block: two or more short lines (under ``_SHORT`` words) that do not end a
  sentence, with nothing but blank lines, list, table or record lines between them. A lone
  short line (an article's headline) is no block: a headline restates its story's lead.
"""

from __future__ import annotations

import re

from factcheck.core.model import Block, Document

_SHORT = 9  # words: a line shorter than this that ends no sentence is a fragment, not prose
_BULLET = re.compile(r"\s*(?:[-*•·▪►◦‣–—+]\s|\(?\d{1,3}[.)]\s|\(?[a-zA-Z][.)]\s(?=\S))")
_CELLS = re.compile(r"\t|\s\|\s|\S\s{3,}\S")
_RECORD = re.compile(r"\s*[A-Z][\w'’ &/().-]{0,30}:\s+\S")
_TOKEN = re.compile(r"\S+")
_FIGURE = re.compile(r"[-+(]?[£$€]?\d[\d.,:/%-]*\)?")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$|[\"”’]\s*$")
_ITEM_SPLIT = re.compile(r"[,;]")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def _line_kind(line: str) -> str | None:
    """The record kind of one line, or None for a line of prose (or a lone fragment, decided later)."""
    if _BULLET.match(line):
        return "list"
    tokens = _TOKEN.findall(line)
    if not tokens:
        return None
    if len(_CELLS.findall(line.strip())) >= 2:
        return "table"
    figures = sum(bool(_FIGURE.fullmatch(t.strip(",;"))) for t in tokens)
    if figures >= 3 and figures >= 0.4 * len(tokens):
        return "table"
    if len(tokens) <= 12 and _RECORD.match(line):
        return "record"
    return None


def _fragment(line: str) -> bool:
    return len(_TOKEN.findall(line)) < _SHORT and not _SENTENCE_END.search(line)


def is_roster(text: str) -> bool:
    """A sentence that lists names rather than says something: five or more items between commas or
    semicolons, each of at most four words, with few lowercase words among all its words."""
    items = [i.strip() for i in _ITEM_SPLIT.split(text) if i.strip()]
    if len(items) < 5:
        return False
    if sum(len(i.split()) <= 4 for i in items) < 0.8 * len(items):
        return False
    words = _WORD.findall(text)
    lower = sum(w[0].islower() and w not in ("and", "or", "of", "the", "de", "van", "von") for w in words)
    return bool(words) and lower <= 0.15 * len(words)


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for part in text.splitlines(keepends=True):
        body = part.rstrip("\r\n")
        if body.strip():
            lead = len(body) - len(body.lstrip())
            out.append((pos + lead, pos + len(body.rstrip())))
        pos += len(part)
    return out


def extract(doc: Document) -> None:
    text = doc.text
    lines = _lines(text)
    kinds: list[str | None] = [_line_kind(text[a:b]) for a, b in lines]
    frag = [k is None and _fragment(text[a:b]) for (a, b), k in zip(lines, kinds, strict=True)]
    blocks: list[Block] = []
    # Runs of non-prose lines. A lone list item or table row is a block; a lone record or short
    # line is not ("Questions abound: will she come?", a headline above its lead).
    n = 0
    while n < len(lines):
        if kinds[n] is None and not frag[n]:
            n += 1
            continue
        m = n
        while m + 1 < len(lines) and (kinds[m + 1] is not None or frag[m + 1]):
            m += 1
        if m > n or kinds[n] in ("list", "table"):
            blocks += [Block(lines[i][0], lines[i][1], kinds[i] or "lines") for i in range(n, m + 1)]
        n = m + 1
    blocks.sort(key=lambda b: (b.start, b.end))
    doc.structure = blocks
    rosters = [Block(s.start, s.end, "roster") for s in doc.sentences
               if doc.block_of(s.start) is None and is_roster(s.text)]
    doc.structure = sorted(blocks + rosters, key=lambda b: (b.start, b.end))
    doc.layers.add("structure")
