"""Data-only rows for what factcheck reads back (the cache, the index): dataclasses as JSON.

Every file factcheck reads back may have been written by someone else, so nothing in it may
decide what code runs: no pickles. A value is encoded by its declared type (the dataclass's
type hints), and decoded by the same hints, checking every value's type on the way in: a
row that does not match raises ``RowError`` and the caller treats it as missing or damaged.

Generic over dataclass fields, so a new extraction layer (a list of small dataclasses on
``Document``) round-trips without a line here. A list of dataclasses is stored column-wise
(``{"c": [field names], "r": [[values], ...]}``): field names once per list, not once per row.
Fields whose name starts with ``_`` are private caches, rebuilt from the rest, never stored.
A field missing from a row takes its default (rows written before it existed); a row naming a
field this code does not know is refused (it came from other code, or from no code at all).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache, lru_cache
from typing import Any


class RowError(ValueError):
    """A stored row that does not decode to the declared type."""


@cache
def _hints(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    """(name, type, has a default) for each stored field of dataclass ``cls``."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if f.name.startswith("_"):
            continue
        default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        out.append((f.name, hints[f.name], default))
    return tuple(out)


def encode(value: Any, hint: Any) -> Any:
    """``value`` (of type ``hint``) as JSON-ready data."""
    return _encoder(hint)(value)


def decode(data: Any, hint: Any, where: str = "row") -> Any:
    """``data`` (from ``encode``, or from anywhere) as a value of type ``hint``, or ``RowError``."""
    try:
        return _decoder(hint)(data)
    except RowError as e:
        raise RowError(f"{where}{e}") from None


# Encoders and decoders are built once per type (closures): a warm run decodes thousands of
# documents, and walking the type hints per value costs eight times the JSON parsing itself.
# A decoder's error names the part that failed, outermost first ("[3].mentions[2].kind: ...").

Coder = typing.Callable[[Any], Any]


def _same(v: Any) -> Any:
    return v


@cache
def _encoder(hint: Any) -> Coder:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        parts = [(name, _encoder(h)) for name, h, _ in _hints(hint)]
        return lambda v: [enc(getattr(v, name)) for name, enc in parts]
    if origin is typing.Union or origin is types.UnionType:
        options = [(h, _encoder(h)) for h in args if h is not type(None)]

        def union(v: Any) -> Any:
            if v is None:
                return None
            for h, enc in options:
                if _fits(v, h):
                    return enc(v)
            raise TypeError(f"{v!r} is none of {hint}")
        return union
    if origin is list and dataclasses.is_dataclass(args[0]):
        columns, enc = [name for name, _, _ in _hints(args[0])], _encoder(args[0])
        return lambda v: {"c": columns, "r": [enc(x) for x in v]}
    if origin is list:
        enc = _encoder(args[0])
        return lambda v: [enc(x) for x in v]
    if origin is set:
        enc = _encoder(args[0])
        return lambda v: sorted(enc(x) for x in v)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            enc = _encoder(args[0])
            return lambda v: [enc(x) for x in v]
        encs = [_encoder(h) for h in args]
        return lambda v: [e(x) for e, x in zip(encs, v, strict=True)]
    if origin is dict:
        enc = _encoder(args[1])
        return lambda v: {str(k): enc(x) for k, x in v.items()}
    if hint in (str, int, float, bool, type(None)) or origin is typing.Literal:
        return _same
    raise TypeError(f"cannot store type {hint}")


def _fits(value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return isinstance(value, hint)
    if origin is typing.Literal:
        return value in typing.get_args(hint)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, origin or hint)


def _at(where: str, e: RowError) -> RowError:
    return RowError(f"{where}{e}")


@cache
def _decoder(hint: Any) -> Coder:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        columns = [name for name, _, _ in _hints(hint)]
        return lambda data: _object(hint, columns, data)
    if origin is typing.Union or origin is types.UnionType:
        nullable = type(None) in args
        options = [_decoder(h) for h in args if h is not type(None)]

        def union(data: Any) -> Any:
            if data is None and nullable:
                return None
            for dec in options:
                try:
                    return dec(data)
                except RowError:
                    continue
            raise RowError(f": {_kind(data)} is not {hint}")
        return union
    if origin is list and args and dataclasses.is_dataclass(args[0]):
        cls = args[0]

        def table(data: Any) -> Any:
            if not (isinstance(data, dict) and set(data) == {"c", "r"} and isinstance(data["c"], list)
                    and all(isinstance(c, str) for c in data["c"]) and isinstance(data["r"], list)):
                raise RowError(f": not a table of {cls.__name__}")
            make = _maker(cls, tuple(data["c"]))
            out = []
            for n, row in enumerate(data["r"]):
                try:
                    out.append(make(row))
                except RowError as e:
                    raise _at(f"[{n}]", e) from None
            return out
        return table
    if origin in (list, set, tuple):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            decs = [_decoder(h) for h in args]
        else:
            decs = None
            dec = _decoder(args[0])

        def sequence(data: Any) -> Any:
            if not isinstance(data, list):
                raise RowError(f": {_kind(data)} where a {origin.__name__} is stored")
            if decs is not None and len(decs) != len(data):
                raise RowError(f": {len(data)} items where {len(decs)} are stored")
            out = []
            for n, x in enumerate(data):
                try:
                    out.append(dec(x) if decs is None else decs[n](x))
                except RowError as e:
                    raise _at(f"[{n}]", e) from None
            return out if origin is list else origin(out)
        return sequence
    if origin is dict:
        dec = _decoder(args[1])

        def mapping(data: Any) -> Any:
            if not isinstance(data, dict):
                raise RowError(f": {_kind(data)} where a mapping is stored")
            out = {}
            for k, x in data.items():
                try:
                    out[k] = dec(x)
                except RowError as e:
                    raise _at(f".{k[:40]}", e) from None
            return out
        return mapping
    if origin is typing.Literal:
        allowed = {(type(a), a) for a in args}

        def literal(data: Any) -> Any:
            if (type(data), data) in allowed:
                return data
            raise RowError(f": {str(data)[:40]!r} is not one of {list(args)}")
        return literal
    if hint is type(None):
        def none(data: Any) -> Any:
            if data is None:
                return None
            raise RowError(f": {_kind(data)} where nothing is stored")
        return none
    if hint in (str, int, float, bool):
        ok = {str: (str,), int: (int,), float: (int, float), bool: (bool,)}[hint]

        def scalar(data: Any) -> Any:
            if type(data) in ok:  # exact types: True is not an int here, a subclass is not a str
                return data
            raise RowError(f": {_kind(data)} where {hint.__name__} is stored")
        return scalar
    raise TypeError(f"cannot read type {hint}")


@lru_cache(maxsize=256)  # keyed by a row's own column list: bounded
def _maker(cls: type, columns: tuple[str, ...]) -> Coder:
    """Builds a ``cls`` from a row of ``columns`` values, checking each."""
    fields = {name: (h, default) for name, h, default in _hints(cls)}
    unknown = [c for c in columns if c not in fields]
    missing = [name for name, (_, default) in fields.items() if not default and name not in columns]
    decs = [(c, _decoder(fields[c][0])) for c in columns if c in fields]

    def make(values: Any) -> Any:
        if unknown:
            raise RowError(f": {cls.__name__} has no field {unknown[0][:40]!r}")
        if missing:
            raise RowError(f": {cls.__name__} lacks field {missing[0]!r}")
        if not isinstance(values, list) or len(values) != len(decs):
            raise RowError(f": {_kind(values)} where {len(decs)} {cls.__name__} fields are stored")
        kwargs = {}
        for (c, dec), v in zip(decs, values, strict=True):
            try:
                kwargs[c] = dec(v)
            except RowError as e:
                raise _at(f".{c}", e) from None
        try:
            return cls(**kwargs)
        except (TypeError, ValueError) as e:  # a __post_init__ refusing the values
            raise RowError(f": {e}") from None
    return make


def _object(cls: type, columns: list[str], values: Any) -> Any:
    return _maker(cls, tuple(columns))(values)


def _kind(data: Any) -> str:
    return type(data).__name__


def dumps(value: Any, hint: Any) -> bytes:
    """``value`` as one line of UTF-8 JSON (no newline inside: a row per line stays a row)."""
    body = encode(value, hint)
    if dataclasses.is_dataclass(hint):  # a lone object keeps its column names too
        body = {"c": [name for name, _, _ in _hints(hint)], "r": body}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=True).encode("utf-8")


def loads(blob: bytes, hint: Any, where: str = "row") -> Any:
    """The value ``dumps`` wrote, or ``RowError`` for anything else (never another exception)."""
    try:
        data = json.loads(blob)
    except (ValueError, RecursionError) as e:  # UnicodeDecodeError is a ValueError
        raise RowError(f"{where}: not JSON ({e.__class__.__name__})") from None
    try:
        if dataclasses.is_dataclass(hint):
            if not (isinstance(data, dict) and set(data) == {"c", "r"} and isinstance(data["c"], list)
                    and all(isinstance(c, str) for c in data["c"])):
                raise RowError(f"{where}: not a stored {hint.__name__}")
            try:
                return _object(hint, data["c"], data["r"])
            except RowError as e:
                raise _at(where, e) from None
        return decode(data, hint, where)
    except RecursionError:
        raise RowError(f"{where}: nested too deeply") from None
