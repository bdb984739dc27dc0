"""The short terminal summary: counts, the worst findings, and what was skipped."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.markup import escape

from factcheck.model import SEVERITY_RANK, Finding, InputError

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


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
        fix = f" -> {escape(f.suggestion)}" if f.suggestion else ""
        console.print(
            f"  [{_STYLE[f.severity]}]{f.severity:<7}[/] {f.rule} {escape(e.doc)}:{e.start} "
            f"[bold]{escape(e.text)!s}[/]: {escape(f.message)}{fix}",
            highlight=False, soft_wrap=True,
        )
    if len(findings) > len(shown):
        console.print(f"  ... and {len(findings) - len(shown)} more (see the reports)")
    for err in errors:
        d = err.to_dict()
        # one line per skipped input, never wrapped: it is what people grep and copy
        console.print(f"  [red]skipped[/] {escape(d['path'])}: {escape(d['message'])}",
                      highlight=False, soft_wrap=True)
    for path in written or []:
        console.print(f"  wrote {escape(path)}", highlight=False, soft_wrap=True)
