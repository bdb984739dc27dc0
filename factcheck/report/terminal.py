"""The terminal summary: counts, each finding where an editor finds it, and what was skipped.

Text from the inputs (document ids, file names, spans, messages that quote them) reaches the
terminal only through ``safe``: an article must not be able to move the cursor, recolour,
reorder or forge lines of our output.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.markup import escape

from factcheck.core.errors import safe
from factcheck.core.locations import Locator
from factcheck.core.model import Document, Finding, InputError

__all__ = ["print_summary", "safe", "say"]

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def say(console: Console, text: object) -> None:
    """One line of ours that may hold input ("factcheck: E301 <path>: ..."): inert, and never
    wrapped, so each error stays one line to grep and copy."""
    console.print(f"factcheck: {safe(text)}", markup=False, highlight=False, emoji=False, soft_wrap=True)


def _show(text: object) -> str:
    """Input text for a rich markup line: inert for the terminal and for rich's markup."""
    return escape(safe(text))


def print_summary(
    console: Console,
    documents: list[Document],
    findings: list[Finding],
    errors: list[InputError],
    *,
    suppressed: int = 0,
    show_findings: bool = True,
    written: list[str] | None = None,
) -> None:
    """The head line with its counts, then (``show_findings``) one ``path:line:col: CODE severity
    message`` line per finding in document and reading order, a blank line between documents."""
    console.print(headline(documents, findings, suppressed), highlight=False, soft_wrap=True)
    if show_findings:
        locate = Locator(documents)
        order = {d.id: n for n, d in enumerate(documents)}
        paths = {d.id: d.path or d.id for d in documents}
        previous: str | None = None
        for f in sorted(findings, key=lambda f: f.sort_key(order)):
            doc = f.evidence[0].doc
            if previous is not None and doc != previous:
                console.print()
            previous = doc
            console.print(finding_line(f, paths.get(doc, doc), locate), highlight=False, soft_wrap=True)
    for err in errors:
        d = err.to_dict()
        # one line per skipped input, never wrapped: it is what people grep and copy
        console.print(f"  [red]skipped[/] {_show(d['path'])}: {_show(d['message'])}",
                      highlight=False, soft_wrap=True)
    for path in written or []:
        console.print(f"  wrote {_show(path)}", highlight=False, soft_wrap=True)


def headline(documents: list[Document], findings: list[Finding], suppressed: int = 0) -> str:
    """'factcheck: 3 documents checked against 2 references, 4 findings (1 error, 3 warning)':
    reference material is evidence, never checked, so it is counted apart."""
    checked = sum(not d.reference for d in documents)
    refs = len(documents) - checked
    head = f"factcheck: {_count(checked, 'document')} checked"
    head += f" against {_count(refs, 'reference')}" if refs else ""
    by_sev = Counter(f.severity for f in findings)
    parts = [f"[{_STYLE[s]}]{by_sev[s]} {s}[/]" for s in ("error", "warning", "info") if by_sev[s]]
    head += f", {_count(len(findings), 'finding')}" + (f" ({', '.join(parts)})" if parts else "")
    return head + (f", {suppressed} suppressed" if suppressed else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def finding_line(f: Finding, path: str, locate: Locator) -> str:
    """``path:line:col: CODE severity message -> suggestion``. A record of a JSONL/CSV archive is
    ``archive:record_line:`` (where an editor finds the record), then the record's id and the
    line:col inside its text."""
    e = f.evidence[0]
    where = locate(e)
    if where is None:
        place = f"{_show(path)}:{e.start}:"  # a document the result does not hold: its offset is all we have
    elif where.record_line is not None:
        place = f"{_show(path)}:{where.record_line}: " + escape(f"[{safe(e.doc)} {where.line}:{where.col}]")
    else:
        place = f"{_show(path)}:{where.line}:{where.col}:"
    fix = f" -> {_show(f.suggestion)}" if f.suggestion else ""
    return f"{place} {_show(f.rule)} [{_STYLE[f.severity]}]{f.severity}[/] {_show(f.message)}{fix}"
