"""`factcheck rules ...`: list, explain and validate checks and rule packs (parsing and printing only).

The rule machinery (and the checks, numpy, rapidfuzz under it) is imported by the commands, not
here: `factcheck --version` and `--help` mount this app and must not pay for it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from factcheck.core.errors import FactcheckError, safe

if TYPE_CHECKING:
    from factcheck.core.config import Settings

app = typer.Typer(help="List, explain and validate checks and rule packs.", no_args_is_help=True)

RulesOpt = typer.Option(None, "--rules", help="Extra rule directory or file (repeatable).")


def _settings(rules: list[Path] | None) -> Settings:
    from factcheck.core.config import load_settings

    return load_settings({"rules": [str(p) for p in rules] if rules else None}, Path.cwd())


def _fail(e: FactcheckError) -> None:
    typer.echo(safe(e), err=True)
    raise typer.Exit(2)


@app.command("list")
def list_rules(rules: list[Path] = RulesOpt) -> None:
    """Built-in checks and every rule from the loaded packs: code, category, severity, summary."""
    from factcheck.checks import REGISTRY
    from factcheck.rules.packs import load_packs, rule_summary

    try:
        packs = load_packs(_settings(rules).rule_dirs)
    except FactcheckError as e:
        _fail(e)
        return
    rows = [(c.code, c.category, c.severity, c.summary, "built-in") for c in REGISTRY]
    for pack in packs:
        for r in pack.rules:
            summary = rule_summary(r)
            rows.append((r.code, r.category, r.severity if r.enabled else f"{r.severity} (off)", summary,
                         f"{pack.name} ({r.type})"))
    if not rows:
        typer.echo("no checks or rules found")
        return
    w = [max(len(str(row[k])) for row in rows) for k in range(3)]
    for code, cat, sev, summary, origin in rows:
        typer.echo(f"{code:<{w[0]}}  {cat:<{w[1]}}  {sev:<{w[2]}}  {summary}  [{origin}]")


@app.command("explain")
def explain(code: str, rules: list[Path] = RulesOpt) -> None:
    """Print what a check or rule does, why it matters, an example and its known problems."""
    from factcheck.checks import REGISTRY
    from factcheck.rules.packs import check_doc, load_packs, rule_type

    code = code.strip().upper()
    for cls in REGISTRY:
        if cls.code == code:
            typer.echo(f"{code} ({cls.category}, {cls.severity}, built-in)\n")
            typer.echo(check_doc(cls) or cls.summary)
            return
    try:
        packs = load_packs(_settings(rules).rule_dirs)
    except FactcheckError as e:
        _fail(e)
        return
    for pack in packs:
        for r in pack.rules:
            if r.code == code:
                typer.echo(f"{code} ({r.category}, {r.severity}) from {r.path}:{r.line}, type '{r.type}'\n")
                if r.description:
                    typer.echo(r.description.strip() + "\n")
                if r.message:
                    typer.echo(f"Message: {r.message}\n")
                typer.echo(f"The '{r.type}' check type:\n")
                typer.echo(check_doc(rule_type(r.type)))
                return
    known = sorted([c.code for c in REGISTRY] + [r.code for p in packs for r in p.rules])
    typer.echo(f"E209 unknown code {code} (known: {', '.join(known)}). Fix: see `factcheck rules list`.", err=True)
    raise typer.Exit(2)


@app.command("validate")
def validate(paths: list[Path]) -> None:
    """Check rule files or directories; print one error per broken file, exit 1 if any is broken."""
    from factcheck.rules.packs import load_packs, rule_files

    broken = 0
    files: list[Path] = []
    for p in paths:
        try:
            files.extend(rule_files([p]))
        except FactcheckError as e:
            typer.echo(safe(e), err=True)
            broken += 1
    for f in files:
        try:
            packs = load_packs([f])
        except FactcheckError as e:
            typer.echo(safe(e), err=True)
            broken += 1
            continue
        n = sum(len(p.rules) for p in packs)
        typer.echo(f"ok {safe(f)}: {n} rule(s)")
    if len(files) > 1 and not broken:
        try:  # codes must also be unique across the files given together
            load_packs(files)
        except FactcheckError as e:
            typer.echo(safe(e), err=True)
            broken += 1
    if broken:
        raise typer.Exit(1)
