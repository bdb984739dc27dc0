"""Add a check: its module from the house template, its line in REGISTRY, its fixture test.

    python scripts/new_check.py percent_style PCT001 style "per cent"

writes factcheck/checks/percent_style.py (a working check that flags the phrase; make it yours),
adds ``PercentStyle,`` to REGISTRY in factcheck/checks/__init__.py and writes
tests/test_check_percent_style.py with a should-flag and a should-pass fixture. Run it from the
top of the checkout, then: pytest tests/test_check_percent_style.py tests/test_architecture.py
"""

from __future__ import annotations

import argparse
import re

from _gen import ROOT, add_line, camel, fail, identifier, write_new

MODULE = '''"""{code}: {summary}.

What it does: flags every "{phrase}" in a checked document (the template's example: replace the
  matching in ``run`` with the check's own logic).
Why it matters: say what a reader loses when this slips through.
Example: "{example}" -> {code}, suggest the house form.
Known problems: list what it misses and what it may flag wrongly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from factcheck.checks.base import Check
from factcheck.core.model import Finding
from factcheck.pair.corpus import Corpus


class {cls}(Check):
    code = "{code}"
    category = "{category}"
    summary = "{summary}"
    needs = frozenset()  # the extraction layers run() reads (a run extracts nothing else)
    scope = "story"  # its findings about a document depend on that document's story alone
    reach = 0  # link hops its findings about a document read: 0, that document alone (cached per document)
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {{"phrase": {phrase!r}}}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        pattern = re.compile(rf"\\b{{re.escape(self.p['phrase'])}}\\b", re.I)
        for doc in corpus.documents:
            if doc.reference:
                continue
            for m in pattern.finditer(doc.text):
                yield self.finding(f"'{{m.group()}}' where the house style says otherwise",
                                   [doc.evidence(m.start(), m.end())], strength=0.5)
'''

TEST = '''"""{code}: should-flag and should-pass fixtures."""

from __future__ import annotations

from factcheck.checks.{module} import {cls}
from factcheck.core.model import Document
from factcheck.pair.corpus import Corpus
from factcheck.segment.sentences import segment

SHOULD_FLAG = ["{example}"]
SHOULD_PASS = ["Nothing here uses the phrase at all."]


def found(text: str) -> list:
    doc = segment(Document("d0", text))
    return list({cls}().run(Corpus([doc])))


def test_should_flag():
    for text in SHOULD_FLAG:
        assert [f.rule for f in found(text)] == ["{code}"], text


def test_should_pass():
    for text in SHOULD_PASS:
        assert found(text) == [], text


def test_it_is_registered():
    from factcheck.checks import REGISTRY

    assert {cls} in REGISTRY
'''


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("module", help="module name, e.g. percent_style")
    ap.add_argument("code", help="permanent code, e.g. PCT001")
    ap.add_argument("category", help="finding category, e.g. style")
    ap.add_argument("phrase", help="the phrase the template flags until you write the real logic")
    args = ap.parse_args()
    module = identifier(args.module)
    if not re.fullmatch(r"[A-Z]{2,5}[0-9]{3}", args.code):
        fail(f"{args.code!r}: a code is 2-5 capitals and 3 digits, e.g. PCT001")
    cls = camel(module)
    summary = f"'{args.phrase}' where the house style says otherwise"
    example = f"Prices rose by 5 {args.phrase} last year."
    fill = {"code": args.code, "category": args.category, "cls": cls, "module": module, "phrase": args.phrase,
            "summary": summary, "example": example}
    write_new(ROOT / "factcheck" / "checks" / f"{module}.py", MODULE.format(**fill))
    add_line(ROOT / "factcheck" / "checks" / "__init__.py", "REGISTRY: tuple", f"    {cls},",
             import_line=f"from factcheck.checks.{module} import {cls}")
    write_new(ROOT / "tests" / f"test_check_{module}.py", TEST.format(**fill))


if __name__ == "__main__":
    main()
