"""How every command shows its options and refuses a wrong one (shared by cli and cli_rules).

Typer names a value by its Python type (``<list[str]>``) and click suggests any option for a typo
(``--bogus``: "Possible options: --out"). Here a value is named for what it is, and only an option
whose name is close to the typo is suggested."""

from __future__ import annotations

import difflib
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup

# By parameter name: what the value is. Anything else: its click type's name (TEXT, INTEGER, ...).
METAVARS = {
    "paths": "PATH", "against": "PATH", "json_out": "FILE", "html_out": "FILE", "csv_out": "FILE",
    "formats": "FORMAT", "outs": "FILE", "rules": "PATH", "model": "NAME", "precision": "DTYPE", "dtype": "DTYPE",
    "min_confidence": "NUMBER", "enable": "CODE", "disable": "CODE", "ignore": "FILE", "decisions": "FILE",
    "cache": "DIR", "workers": "N", "scheduler": "ADDRESS", "fail_on": "LEVEL", "interval": "SECONDS",
    "out": "DIR", "host": "ADDRESS", "port": "N", "state": "DIR", "max_bytes": "BYTES", "timeout": "SECONDS",
    "queue": "N", "code": "CODE",
}
CLOSE = 0.7  # difflib ratio of the option names without dashes: --fromat -> --format, --bogus -> nothing


def close_options(typo: str, options: list[str] | None) -> list[str]:
    name = typo.lstrip("-")
    return [o for o in options or [] if difflib.SequenceMatcher(None, name, o.lstrip("-")).ratio() >= CLOSE]


def _name_values(params: list[Any]) -> None:
    for p in params:
        if getattr(p, "is_flag", False) or isinstance(p, TyperArgument):
            p.display_type_rich = lambda ctx: None  # the option or argument name says it all
        if not getattr(p, "is_flag", False) and not p.metavar:
            kind = getattr(p, "type", None)  # typer sets it late on some options: fall back to VALUE
            p.metavar = METAVARS.get(p.name or "") or (kind.name.upper() if kind is not None else "VALUE")


class _NamedValues:
    """Shared by Group and Command: values named for what they are, also on --help."""

    params: list[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_values(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            _name_values([option])
        return option


class Group(_NamedValues, TyperGroup):
    pass


class Command(_NamedValues, TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except Exception as e:  # typer's own copy of click's NoSuchOption
            if hasattr(e, "possibilities") and hasattr(e, "option_name"):
                e.possibilities = close_options(e.option_name, e.possibilities)
            raise
