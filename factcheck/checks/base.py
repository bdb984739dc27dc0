"""The check type every check extends.

A check is a small unit with a permanent ``code``, a docstring in the house template
(What it does / Why it matters / Example / Known problems), the layers it ``needs``,
a default ``severity`` and ``params`` that rule files may override.

``reach`` says what a check's findings about a document depend on, so the runner
(factcheck/run/story_run.py) can cache them per document and re-check only what an edit touches: the
link hops around the document (0 the document alone, 1 with the documents linked to it and the
sentence pairs with them, 2 with their partners too). ``scope`` says whether it also reads
corpus-wide statistics (``"corpus"``: a vocabulary counted over every document, evidence taken from
any document); such a check with a reach splits into ``gather``, ``reads`` and ``run_with`` (below).
A check without a reach runs per story component (``"story"``) or once over the whole corpus
(``"corpus"``, the default): slower, never wrong.

Parameters are validated in one place, ``Check.check_param``, used by rule packs when they are
read (``factcheck rules validate`` and a run read them alike), by the configuration file and by
the constructor itself, so no value a pack or a config says reaches ``run`` unchecked. A
parameter's type is its default's (a bool, an int, a float: an int is accepted for a float);
its range is the check's ``limits`` entry, else [0, 1] for a float and [0, 1_000_000] for an int.
A check whose default falls outside that range must declare its limits (tests hold every one).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, Literal

from factcheck.checks._fingerprint import Unstable, describe, library_versions
from factcheck.core.model import Document, Evidence, Finding, Severity
from factcheck.pair.corpus import Corpus

_LONG_WORD = re.compile(r"\S{81,}")


def capped(message: str) -> str:
    """A message quoting article text, kept readable whatever the text: a word over 80 characters
    (a 1.5 M-character token once made a 5 KB message) is cut to its first 60 and an ellipsis."""
    if len(message) <= 240:
        return message
    return _LONG_WORD.sub(lambda m: m.group()[:60] + "\u2026", message)


class ParamError(ValueError):
    """A check parameter of the wrong type or out of its range."""


class Check:
    code: ClassVar[str] = ""
    category: ClassVar[str] = ""
    summary: ClassVar[str] = ""  # one line for `factcheck rules list`
    needs: ClassVar[frozenset[str]] = frozenset()  # layer names, plus "pairs" / "stories"
    scope: ClassVar[Literal["story", "corpus"]] = "corpus"  # what its findings depend on (module docstring)
    # Link hops around a document that its findings read: 0 the document alone, 1 also the documents
    # it is linked to (and the sentence pairs with them), 2 also their partners; None its whole part.
    # With a reach, the runner keys each document's findings on that neighbourhood (and, for a corpus
    # check, on the statistics ``reads`` names), so an edit re-checks only the documents within reach.
    reach: ClassVar[int | None] = None
    severity: Severity = "warning"
    params: ClassVar[dict[str, Any]] = {}
    # Libraries whose answers its findings depend on: a new version may change them (wordfreq's
    # word frequencies), so their versions are part of the fingerprint.
    libraries: ClassVar[tuple[str, ...]] = ("rapidfuzz", "wordfreq")
    # True when each finding carries its own proof (arithmetic, the calendar, one frame stated twice in
    # one document): the findings stage's flood budgets never demote it (factcheck/findings/stage.py)
    evident: ClassVar[bool] = False
    limits: ClassVar[dict[str, tuple[float, float]]] = {}  # a parameter's range when not the default one

    def __init__(self, severity: Severity | None = None, **params: Any) -> None:
        unknown = set(params) - set(self.params)
        if unknown:
            raise TypeError(f"{self.code}: unknown parameter(s) {sorted(unknown)}; valid: {sorted(self.params)}")
        for name, value in params.items():
            problem = self.check_param(name, value)
            if problem:
                raise ParamError(f"{self.code}: {problem}")
        if severity is not None:
            self.severity = severity
        self.p: dict[str, Any] = {**self.params, **params}

    @classmethod
    def check_param(cls, name: str, value: Any) -> str | None:
        """What is wrong with ``value`` for parameter ``name`` (one phrase), or None when it is fine."""
        if name not in cls.params:
            return f"unknown parameter {name!r} (valid: {', '.join(sorted(cls.params)) or 'none'})"
        default = cls.params[name]
        shown = repr(value)[:40]
        if isinstance(default, bool):
            return None if isinstance(value, bool) else f"{name} must be true or false, not {shown}"
        if isinstance(default, int):
            if not isinstance(value, int) or isinstance(value, bool):
                return f"{name} must be a whole number, not {shown}"
            low, high = cls.limits.get(name, (0, 1_000_000))
        elif isinstance(default, float):
            if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
                return f"{name} must be a number, not {shown}"
            low, high = cls.limits.get(name, (0.0, 1.0))
        else:  # no check has any other kind of parameter: refuse rather than pass something unchecked
            return f"{name} cannot be set"
        if not low <= value <= high:
            return f"{name} must be between {low:g} and {high:g}, not {shown}"
        return None

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        """Findings about ``corpus``; a check with ``gather`` reads the statistics of this corpus."""
        stats = self.gather(corpus)
        if stats is None:
            raise NotImplementedError
        return self.run_with(corpus, stats)

    # A corpus-scope check with a ``reach`` splits into a gather step and a per-part step: ``gather``
    # counts what it needs over every document (a dict, JSON-able values, keys str or tuples of str
    # and int), ``run_with`` checks a part of the corpus against those counts, and ``reads`` names the
    # entries that findings about one document may read, so the runner can tell when new counts
    # change a cached document's findings. ``run_with(part, gather(whole))`` must give, for every
    # document of ``part`` whose neighbourhood within ``reach`` lies inside it, exactly the findings
    # ``run(whole)`` gives about that document (bench/locality.py tests it on the benches).

    def gather(self, corpus: Corpus) -> dict[Any, Any] | None:
        """Corpus-wide statistics, or None for a check that reads none."""
        return None

    def reads(self, stats: dict[Any, Any], docs: list[Document]) -> Iterable[Any]:
        """The keys of ``stats`` that findings about ``docs[0]`` may read, ``docs`` being its
        neighbourhood within ``reach`` (itself first). A superset is safe, a missing key is not."""
        return stats.keys()

    def run_with(self, corpus: Corpus, stats: dict[Any, Any]) -> Iterator[Finding]:
        """Findings about ``corpus``'s documents given ``stats`` gathered over a larger corpus."""
        raise NotImplementedError

    def fingerprint(self) -> list | None:
        """What this check's findings depend on besides its inputs and the package's code, for the run
        cache: its class and configuration (every attribute whose name does not start with "_": those
        are per-run scratch) and the versions of its ``libraries``. None when the configuration has no
        stable description: its findings are then never cached. A check whose results depend on
        something else overrides this."""
        try:
            return [describe(self), library_versions(self.libraries)]
        except Unstable:
            return None

    def finding(
        self,
        message: str,
        evidence: list[Evidence],
        *,
        suggestion: str | None = None,
        strength: float | None = None,
        severity: Severity | None = None,
        confidence: float | None = None,  # the old name of strength (deprecated)
        proof: str | None = None,
    ) -> Finding:
        """A finding of this check; ``strength`` is the check's own score for it (0.5 when unsaid),
        which the findings stage calibrates into the finding's confidence."""
        score = strength if strength is not None else confidence if confidence is not None else 0.5
        return Finding(
            rule=self.code,
            category=self.category,
            severity=severity or self.severity,
            message=capped(message),
            evidence=evidence,
            suggestion=suggestion,
            confidence=score,
            strength=score,
            proof=proof,
        )
