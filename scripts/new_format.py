"""Add an output format: its writer file and its line in FORMATS.

    python scripts/new_format.py markdown .md "Markdown, one bullet per finding"

writes factcheck/report/markdown.py (``render`` and ``is_ours``: a working Markdown list of the
findings; make it yours) and adds its ``Format`` line to FORMATS in factcheck/report/formats.py.
``--format markdown``, ``-o report.md``, the CLI help, ``api.Outputs`` and ``written_by_us``
follow. Then: pytest tests/test_formats_registry.py tests/test_architecture.py
(which renders every registered format, writes it and reads it back).
"""

from __future__ import annotations

import argparse
import re

from _gen import ROOT, add_line, fail, identifier, write_new

MODULE = '''"""{description}."""

from __future__ import annotations

from pathlib import Path

from factcheck.report.formats import Rendering

# The exact opening of a file this writer wrote: written_by_us replaces such a file, never another.
HEAD = "<!-- factcheck report ({name}) -->\\n"


def _inline(text: object) -> str:
    """Article text on one line, its markup characters shown as typed (the text is untrusted)."""
    return re.sub(r"([\\\\`*_{{}}\\[\\]<>#|!])", r"\\\\\\1", " ".join(str(text).split()))


def render(r: Rendering) -> str:
    lines = [HEAD, "# factcheck findings", ""]
    for f in r.data["findings"]:
        lines.append(f"- **{{f['rule']}}** {{f['severity']}}: {{_inline(f['message'])}} (id {{f['id']}})")
    return "\\n".join(lines) + "\\n"


def is_ours(path: Path, head: bytes) -> bool:
    return head.startswith(HEAD.encode("utf-8"))
'''


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("name", help="format and module name, e.g. markdown")
    ap.add_argument("suffix", help="the suffix -o FILE recognises, e.g. .md")
    ap.add_argument("description", help="one line for the CLI help")
    args = ap.parse_args()
    name = identifier(args.name)
    if not re.fullmatch(r"\.[a-z0-9]+", args.suffix):
        fail(f"{args.suffix!r}: a suffix is a dot and letters or digits, e.g. .md")
    module = MODULE.format(name=name, description=args.description).replace(
        "from pathlib import Path\n", "import re\nfrom pathlib import Path\n", 1)
    write_new(ROOT / "factcheck" / "report" / f"{name}.py", module)
    add_line(ROOT / "factcheck" / "report" / "formats.py", "FORMATS: dict",
             f"    Format({name!r}, ({args.suffix!r},), {args.description!r}, {name!r}),".replace("'", '"'))


if __name__ == "__main__":
    main()
