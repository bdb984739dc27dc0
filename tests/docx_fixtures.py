"""Word documents built with python-docx (a test-only dependency) for the .docx reader's tests and
bench/readers.py: headings, paragraphs split into runs, a line break and a tab, a table, a bulleted
list, a footnote, a text box (as Word writes it: a DrawingML box and its VML fallback copy) and a
comment. python-docx has no API for footnotes or text boxes: their XML is written by hand here.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document as new_document
from docx.oxml import parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')


@dataclass
class Expected:
    """What a reader should keep: paragraphs (each a line of its own), table rows, and side texts."""

    paragraphs: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    textboxes: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def _text_box(text: str) -> str:
    inner = f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    return (f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" '
            f'name="Text Box 1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
            f'wordprocessingShape"><wps:wsp><wps:txbx>{inner}</wps:txbx></wps:wsp></a:graphicData></a:graphic>'
            f'</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{inner}</v:textbox>'
            '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


_FOOTNOTES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
              '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
              '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
              '</w:p></w:footnote>{notes}</w:footnotes>')
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def _add_footnotes(data: bytes, notes: list[str]) -> bytes:
    """The footnotes part, its relationship and its content type, added to a saved document."""
    body = "".join(f'<w:footnote w:id="{k}"><w:p><w:r><w:t xml:space="preserve">{n}</w:t></w:r></w:p></w:footnote>'
                   for k, n in enumerate(notes, 1))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            raw = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                raw = raw.replace(b"</Types>", f'<Override PartName="/word/footnotes.xml" '
                                  f'ContentType="{_FOOTNOTES_TYPE}"/></Types>'.encode())
            elif item.filename == "word/_rels/document.xml.rels":
                raw = raw.replace(b"</Relationships>", f'<Relationship Id="rIdFn1" Type="{_FOOTNOTES_REL}" '
                                  'Target="footnotes.xml"/></Relationships>'.encode())
            dst.writestr(item, raw)
        dst.writestr("word/footnotes.xml", _FOOTNOTES.format(notes=body))
    return out.getvalue()


def news_docx(path: Path, paragraphs: list[str] | None = None) -> Expected:
    """A news story as an editor's Word file; returns what a reader should keep of it."""
    body = paragraphs or [
        "Six police forces in England are failing, according to a report published on Tuesday.",
        "The report said 4,000 officers had left in two years, and Sir Mark Rowley said the Met had changed.",
        "The Home Office said it would respond in due course.",
    ]
    exp = Expected()
    doc = new_document()
    doc.add_heading("Six forces failing, inspectors say", level=1)
    exp.paragraphs.append("Six forces failing, inspectors say")
    first = doc.add_paragraph("Six police forces in England are ")
    first.add_run("failing").bold = True
    first.add_run(", the inspectorate said.")
    exp.paragraphs.append("Six police forces in England are failing, the inspectorate said.")
    for text in body:
        doc.add_paragraph(text)
        exp.paragraphs.append(text)
    doc.add_heading("Key figures", level=2)
    exp.paragraphs.append("Key figures")
    rows = [["Force", "Officers", "Change"], ["Met", "33,000", "-4%"], ["Kent", "3,900", "+2%"]]
    table = doc.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    exp.rows = rows
    for item in ("Six forces in special measures", "Two more under review"):
        doc.add_paragraph(item, style="List Bullet")
        exp.paragraphs.append(item)
    noted = doc.add_paragraph("The inspectorate counted 43 forces in all.")
    noted.add_run()._r.append(parse_xml(f'<w:footnoteReference {NS} w:id="1"/>'))
    exp.paragraphs.append("The inspectorate counted 43 forces in all.")
    exp.footnotes.append("Source: HMICFRS, State of Policing 2023, checked 2024-01-09.")
    boxed = doc.add_paragraph("Mr Khan spoke to reporters.")
    boxed._p.append(parse_xml(_text_box("We have changed, the commissioner said.")))
    exp.paragraphs.append("Mr Khan spoke to reporters.")
    exp.textboxes.append("We have changed, the commissioner said.")
    commented = doc.add_paragraph("Crime fell by 7% last year.")
    doc.add_comment(commented.runs, text="Check this figure against the ONS release.", author="Desk", initials="D")
    exp.paragraphs.append("Crime fell by 7% last year.")
    exp.comments.append("Check this figure against the ONS release.")
    broken = doc.add_paragraph("First line of the address")
    broken.add_run().add_break()
    broken.add_run("second line of the address")
    exp.paragraphs += ["First line of the address", "second line of the address"]
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(_add_footnotes(buf.getvalue(), exp.footnotes))
    return exp
