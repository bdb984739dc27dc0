"""The check type every check extends.

A check is a small unit with a permanent ``code``, a docstring in the house template
(What it does / Why it matters / Example / Known problems), the layers it ``needs``,
a default ``severity`` and ``params`` that rule files may override.

``scope`` says what a check's findings depend on, so the runner (factcheck/run/story_run.py) knows
how to split the work: ``"story"`` findings about a document depend only on the documents of
its story component (the documents themselves, their sentence pairs and story links), so the
check runs per component, in parallel and cached per component; ``"corpus"`` findings also
read corpus-wide statistics (a vocabulary counted over every document, evidence taken from any
document), so the check runs once over the whole corpus. A check that does not say is
``"corpus"``: slower, never wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from factcheck.checks._fingerprint import Unstable, describe, library_versions
from factcheck.core.model import Evidence, Finding, Severity
from factcheck.pair.corpus import Corpus


class Check:
    code: ClassVar[str] = ""
    category: ClassVar[str] = ""
    summary: ClassVar[str] = ""  # one line for `factcheck rules list`
    needs: ClassVar[frozenset[str]] = frozenset()  # layer names, plus "pairs" / "stories"
    scope: ClassVar[Literal["story", "corpus"]] = "corpus"  # what its findings depend on (module docstring)
    severity: Severity = "warning"
    params: ClassVar[dict[str, Any]] = {}
    # Libraries whose answers its findings depend on: a new version may change them (wordfreq's
    # word frequencies), so their versions are part of the fingerprint.
    libraries: ClassVar[tuple[str, ...]] = ("rapidfuzz", "wordfreq")
    # True when each finding carries its own proof (arithmetic, the calendar, one frame stated twice in
    # one document): the findings stage's flood budgets never demote it (factcheck/findings/stage.py)
    evident: ClassVar[bool] = False

    def __init__(self, severity: Severity | None = None, **params: Any) -> None:
        unknown = set(params) - set(self.params)
        if unknown:
            raise TypeError(f"{self.code}: unknown parameter(s) {sorted(unknown)}; valid: {sorted(self.params)}")
        if severity is not None:
            self.severity = severity
        self.p: dict[str, Any] = {**self.params, **params}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
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
            message=message,
            evidence=evidence,
            suggestion=suggestion,
            confidence=score,
            strength=score,
            proof=proof,
        )
