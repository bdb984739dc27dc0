"""Add an input format: its reader file, its line in READERS, its row in docs/formats.md, a test.

    python scripts/new_reader.py rtf .rtf "RTF document, read as plain text" --signature '{\\rtf'

writes factcheck/ingest/rtf.py (a reader of one article per file, reading it as plain text until
you write the conversion), adds ``rtf.READER,`` to READERS in factcheck/ingest/registry.py, adds
the row to docs/formats.md, takes the suffix (and opening) out of factcheck/ingest/refused.py if
it was refused there, and writes tests/test_ingest_rtf.py. Then:
pytest tests/test_ingest_rtf.py tests/test_ingest.py tests/test_architecture.py
"""

from __future__ import annotations

import argparse
import re

from _gen import ROOT, add_line, fail, identifier, write_new

MODULE = '''"""{description}: one article a file."""

from __future__ import annotations

from factcheck.ingest._bytes import decode, one_document
from factcheck.ingest.reader import Reader


def _convert(data: bytes) -> tuple[str | None, str]:
    """(title, text) of one file. The template reads it as plain text (any encoding ``decode`` knows):
    turn the format's markup into the article's text here."""
    return None, decode(data)


READER = Reader(({suffix!r},), {description!r}, one_document(_convert), signatures={signatures!r})
'''

TEST = '''"""The {suffix} reader: a file in the format becomes one document."""

from __future__ import annotations

from factcheck.ingest.read import read_documents
from factcheck.ingest.registry import BY_SUFFIX


def test_a_{module}_file_is_read(tmp_path):
    path = tmp_path / "article{suffix}"
    path.write_bytes({sample!r})
    docs, errors = read_documents([str(tmp_path)])
    assert errors == [] and len(docs) == 1
    assert "Sadiq Khan" in docs[0].text


def test_it_is_registered():
    assert BY_SUFFIX[{suffix!r}].description == {description!r}
'''


def _unrefuse(suffix: str) -> None:
    """A refused format's line goes when a reader takes all its suffixes."""
    path = ROOT / "factcheck" / "ingest" / "refused.py"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    quoted = rf"""(["']){re.escape(suffix)}\1"""
    hit = [n for n, line in enumerate(lines) if line.lstrip().startswith("Refused(") and re.search(quoted, line)]
    if not hit:
        return
    line = lines[hit[0]]
    if not re.search(rf"^\s*Refused\([^,]+,\s*\({quoted},\)", line) or not line.rstrip().endswith("),"):
        fail(f"{suffix} is refused in {path.relative_to(ROOT)} with other suffixes: edit that line by hand")
    del lines[hit[0]]
    path.write_text("".join(lines), encoding="utf-8")
    print(f"removed from {path.relative_to(ROOT)}: {line.strip()}")


def _register(module: str) -> None:
    path = ROOT / "factcheck" / "ingest" / "registry.py"
    text = path.read_text(encoding="utf-8")
    m = re.search(r"^from factcheck\.ingest import (.+)$", text, re.M)
    if m is None:
        fail(f"{path.relative_to(ROOT)}: no 'from factcheck.ingest import' line")
    names = sorted({*(n.strip() for n in m.group(1).split(",")), module})
    path.write_text(text[:m.start(1)] + ", ".join(names) + text[m.end(1):], encoding="utf-8")
    add_line(path, "READERS: tuple", f"    {module}.READER,")


def _document(suffix: str, description: str) -> None:
    path = ROOT / "docs" / "formats.md"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = [n for n, line in enumerate(lines) if line.startswith("| `")]
    lines.insert(rows[-1] + 1 if rows else len(lines), f"| `{suffix}` | {description} |\n")
    path.write_text("".join(lines), encoding="utf-8")
    print(f"added to {path.relative_to(ROOT)}: the {suffix} row")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("module", help="module name, e.g. rtf")
    ap.add_argument("suffix", help="file suffix, e.g. .rtf")
    ap.add_argument("description", help="one line for the CLI help and docs/formats.md")
    ap.add_argument("--signature", help="the opening bytes of a file in the format (text, \\\\ escapes allowed)")
    args = ap.parse_args()
    module = identifier(args.module)
    suffix = args.suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]+", suffix):
        fail(f"{args.suffix!r}: a suffix is a dot and letters or digits, e.g. .rtf")
    opening = args.signature.encode("latin-1").decode("unicode_escape").encode("latin-1") if args.signature else None
    signatures = (opening,) if opening else ()
    sample = (signatures[0] if signatures else b"") + b" Sadiq Khan said 21,000 officers were hired.\n"
    fill = {"module": module, "suffix": suffix, "description": args.description, "signatures": signatures,
            "sample": sample}
    write_new(ROOT / "factcheck" / "ingest" / f"{module}.py", MODULE.format(**fill))
    _register(module)
    _unrefuse(suffix)
    _document(suffix, args.description)
    write_new(ROOT / "tests" / f"test_ingest_{module}.py", TEST.format(**fill))


if __name__ == "__main__":
    main()
