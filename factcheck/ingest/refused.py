"""Formats people will try and factcheck does not read: each gets a precise "export it" message
instead of mojibake, by its suffix (E101) or, whatever its name, by its opening bytes (E106).

A reader for one of these formats replaces its line here (tests/test_ingest.py fails while a
suffix or an opening is both read and refused)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Refused:
    name: str  # "PDF files are not supported"
    suffixes: tuple[str, ...] = ()
    signatures: tuple[tuple[bytes, str], ...] = ()  # (opening bytes, "binary file (a PDF)")


REFUSED: tuple[Refused, ...] = (
    Refused("PDF", (".pdf",), ((b"%PDF", "a PDF"),)),
    Refused("Word 97-2003", (".doc",), ((b"\xd0\xcf\x11\xe0", "an old Office file (.doc/.xls)"),)),
    Refused("RTF", (".rtf",), ((b"{\\rtf", "an RTF file"),)),
    Refused("OpenDocument", (".odt",)),
    Refused("Pages", (".pages",)),
    Refused("Excel", (".xls", ".xlsx")),
    Refused("OpenDocument spreadsheet", (".ods",)),
    Refused("PowerPoint", (".ppt", ".pptx")),
    Refused("image", (".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp"), (
        (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
        (b"RIFF", "a RIFF file (WebP image, WAV audio)"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
    )),
    Refused("zip archive", (".zip",), ((b"PK\x03\x04", "a zip archive"),)),
    Refused("gzip archive", (".gz", ".tgz"), ((b"\x1f\x8b", "a gzip archive"),)),
    Refused("bzip2 archive", (".bz2",)),
    Refused("xz archive", (".xz",)),
    Refused("7-Zip archive", (".7z",), ((b"7z\xbc\xaf", "a 7-Zip archive"),)),
    Refused("tar archive", (".tar",)),
    Refused("EPUB", (".epub",)),
    Refused("JSON (not JSON Lines)", (".json",)),
    Refused("program", (), ((b"\x7fELF", "a program"),)),
)
UNSUPPORTED: dict[str, str] = {suffix: r.name for r in REFUSED for suffix in r.suffixes}
# No opening is a prefix of another (tests/test_ingest.py), so the order they are tried in is moot.
SIGNATURES: dict[bytes, str] = {sig: what for r in REFUSED for sig, what in r.signatures}
