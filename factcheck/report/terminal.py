"""The short terminal summary: counts, the worst findings, and what was skipped.

Text from the inputs (document ids, file names, spans, messages that quote them) reaches the
terminal only through ``safe``: an article must not be able to move the cursor, recolour,
reorder or forge lines of our output.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.markup import escape

from factcheck.errors import safe
from factcheck.model import SEVERITY_RANK, Finding, InputError

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
    n_docs: int,
    findings: list[Finding],
    errors: list[InputError],
    *,
    suppressed: int = 0,
    limit: int = 20,
    written: list[str] | None = None,
) -> None:
    by_sev = Counter(f.severity for f in findings)
    parts = [f"[{_STYLE[s]}]{by_sev[s]} {s}[/]" for s in ("error", "warning", "info") if by_sev[s]]
    head = f"factcheck: {n_docs} document{'s' if n_docs != 1 else ''} checked, {len(findings)} finding"
    head += "s" if len(findings) != 1 else ""
    console.print(head + (f" ({', '.join(parts)})" if parts else "") + (
        f", {suppressed} suppressed" if suppressed else ""))
    shown = sorted(findings, key=lambda f: -SEVERITY_RANK[f.severity])[:limit]
    for f in shown:
        e = f.evidence[0]
        fix = f" -> {_show(f.suggestion)}" if f.suggestion else ""
        console.print(
            f"  [{_STYLE[f.severity]}]{f.severity:<7}[/] {_show(f.rule)} {_show(e.doc)}:{e.start} "
            f"[bold]{_show(e.text)}[/]: {_show(f.message)}{fix}",
            highlight=False, soft_wrap=True,
        )
    if len(findings) > len(shown):
        console.print(f"  ... and {len(findings) - len(shown)} more (see the reports)")
    for err in errors:
        d = err.to_dict()
        # one line per skipped input, never wrapped: it is what people grep and copy
        console.print(f"  [red]skipped[/] {_show(d['path'])}: {_show(d['message'])}",
                      highlight=False, soft_wrap=True)
    for path in written or []:
        console.print(f"  wrote {_show(path)}", highlight=False, soft_wrap=True)
