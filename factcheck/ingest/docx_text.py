"""The text of a Word (.docx) document, one paragraph a line, read with zipfile and ElementTree.

Kept: body paragraphs in order (a line break inside one starts a new line), each table row as one
line with its cells split by tabs (the structure layer reads that as a table row), text boxes once
each, on lines after their paragraph, and footnotes and endnotes after the body. Left out: comments
(an editor's notes, not the article), deleted text of tracked changes, and the VML copy Word keeps
of every text box for old readers. bench/readers.py compares this with python-docx and docx2python.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NOTES = (("word/footnotes.xml", f"{_W}footnote"), ("word/endnotes.xml", f"{_W}endnote"))


class DocxError(ValueError):
    """Not a readable .docx; ``too_large`` when a part unpacks beyond the limit."""

    def __init__(self, message: str, too_large: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large


# Tags one XML part may hold: a document at the 2 M-character article limit holds ~200,000 (about 30
# per paragraph); 10 M empty paragraphs (60 MB, under the byte limit, 88 KB zipped) took 28 s and 1 GB
# as a tree. Counting '<' first costs ~20 ms for 60 MB and bounds the tree at ~200 MB.
MAX_TAGS = 2_000_000


def _part(z: zipfile.ZipFile, name: str, max_xml: int) -> ElementTree.Element:
    """One XML part of the package (KeyError if absent); a zip bomb stops at ``max_xml`` bytes unpacked
    or at ``MAX_TAGS`` tags."""
    if z.getinfo(name).file_size > max_xml:
        raise DocxError(f"too large: its text unpacks to over {max_xml // 2**20} MB", too_large=True)
    data = z.read(name)
    if len(data) > max_xml:  # the size the zip declares is the writer's word, not a fact
        raise DocxError(f"too large: its text unpacks to over {max_xml // 2**20} MB", too_large=True)
    if data.count(b"<") > MAX_TAGS:
        raise DocxError(f"too large: over {MAX_TAGS:,} XML elements in {name}", too_large=True)
    return ElementTree.fromstring(data)


def docx_text(data: bytes, max_xml: int) -> str:
    """Paragraphs, table rows, text boxes and notes of a Word document, one a line."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = _part(z, "word/document.xml", max_xml)
            names = set(z.namelist())
            notes = [(_part(z, name, max_xml), tag) for name, tag in _NOTES if name in names]
        lines: list[str] = []
        _blocks(root.find(f"{_W}body"), lines)
        for part, tag in notes:
            for note in part.iter(tag):
                if note.get(f"{_W}type") is None:  # separators and continuation marks carry a type
                    _blocks(note, lines)
    except DocxError:
        raise
    except RecursionError:
        raise DocxError("not a readable .docx (nested too deeply): re-save it from Word") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ElementTree.ParseError, RuntimeError,
            NotImplementedError, EOFError, ValueError) as e:
        raise DocxError(f"not a readable .docx ({e.__class__.__name__}): re-save it from Word") from None
    return "\n".join(lines)


def _blocks(container: ElementTree.Element | None, lines: list[str]) -> None:
    """Paragraphs and tables of a body, cell, note or text box, in order (content controls opened)."""
    for child in container if container is not None else ():
        if child.tag == f"{_W}p":
            _paragraph(child, lines)
        elif child.tag == f"{_W}tbl":
            for row in child.findall(f"{_W}tr"):
                cells = []
                for cell in row.findall(f"{_W}tc"):
                    inner: list[str] = []
                    _blocks(cell, inner)
                    cells.append(" ".join(line for line in inner if line.strip()))
                lines.append("\t".join(cells))
        elif child.tag != f"{_W}sectPr":
            _blocks(child, lines)  # w:sdt, w:sdtContent, w:customXml wrap paragraphs and tables


def _paragraph(p: ElementTree.Element, lines: list[str]) -> None:
    bits: list[str] = []
    boxes: list[str] = []
    stack = [p]
    while stack:  # depth-first in document order, without recursion into runs
        node = stack.pop()
        tag = node.tag
        if tag == f"{_W}t" and node.text:
            bits.append(node.text)
        elif tag == f"{_W}tab":
            bits.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            bits.append("\n")
        elif tag == f"{_W}txbxContent":
            _blocks(node, boxes)
            continue
        if tag != _FALLBACK:  # the VML fallback repeats the DrawingML text box it stands in for
            stack.extend(reversed(node))
    lines.extend("".join(bits).split("\n"))
    lines.extend(boxes)
