"""The data model: a Document owns its text; everything else is an offset span into it.

Offsets are always into ``Document.text`` exactly as read, so ``doc.text[s.start:s.end]``
is the span's text. Extraction layers hang off the document; checks read them and emit
``Finding`` objects whose ``Evidence`` spans cite documents by id.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
Category = Literal["count", "number", "date", "name", "title", "quote", "term", "contradiction", "support"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
CATEGORIES: tuple[str, ...] = (
    "count", "number", "date", "name", "title", "quote", "term", "contradiction", "support")


@dataclass(frozen=True, slots=True)
class Sentence:
    doc: str
    index: int  # position in its document
    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass(slots=True)
class Mention:
    """A named-entity mention: a person, organisation or place."""

    start: int
    end: int
    text: str  # exactly doc.text[start:end], possessive "'s" excluded
    sentence: int
    kind: Literal["person", "org", "place"] = "person"
    name: str = ""  # the name without honorific/title, e.g. "Sadiq Khan" or "Khan"
    given: str | None = None
    surname: str | None = None
    honorific: str | None = None  # "Mr", "Ms", "Sir", "Dame", ...; None if absent
    entity: int = -1  # index into Document.entities


@dataclass(slots=True)
class Entity:
    """One real-world person/organisation inside one document: its mentions grouped."""

    id: int
    kind: Literal["person", "org", "place"]
    name: str  # the fullest form seen, e.g. "Sadiq Khan"
    surname: str | None
    mentions: list[int] = field(default_factory=list)  # indexes into Document.mentions
    acronym: str | None = None  # orgs: "HMICFRS"


@dataclass(slots=True)
class Title:
    """A role or title attached to a person mention."""

    start: int
    end: int
    text: str  # "Assistant Commissioner", "the region's superintendent"
    sentence: int
    mention: int  # index into Document.mentions
    form: Literal["premodifier", "apposition", "the_x_y", "predicate", "role"] = "premodifier"  # role: sentence case


@dataclass(slots=True)
class Quantity:
    start: int
    end: int
    text: str
    sentence: int
    value: float
    kind: Literal["cardinal", "money", "percent", "ordinal", "ratio", "year"] = "cardinal"
    unit: str | None = None  # "GBP", "USD", "%", "m" ...
    noun: str | None = None  # the counted noun, singular lemma: "force", "officer"
    approx: bool = False  # "about", "nearly", "more than"
    high: float | None = None  # upper end of a range
    subject: str | None = None  # sentence subject where found


@dataclass(slots=True)
class Enumeration:
    """A stated count and the list it introduces, or that follows it."""

    count_start: int
    count_end: int
    count_text: str
    count: int
    sentence: int
    items: list[tuple[int, int]] = field(default_factory=list)  # item spans
    partial: bool = False  # "including", "such as", "among them"
    excluded: list[tuple[int, int]] = field(default_factory=list)  # "in addition to the Met"
    noun: str | None = None


@dataclass(slots=True)
class Quote:
    start: int  # content span, without the quotation marks
    end: int
    text: str
    sentence: int
    speaker: str | None = None  # the name as written, e.g. "Mr Khan"
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_entity: int | None = None  # index into Document.entities


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    text: str
    sentence: int
    kind: Literal["year", "month", "weekday", "date", "relative"] = "date"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday


@dataclass(slots=True)
class Frame:
    """What one figure states (extract/frames.py): the thing measured, whose, when, its role.
    Two mentions with one frame restate one fact wherever they stand."""

    start: int
    end: int
    text: str
    sentence: int
    kind: str  # "money", "percent", "ratio", "count", "age"
    value: float
    unit: str | None = None
    measure: str | None = None  # stem of the thing measured: "cut", "award", "councillor"
    owner: str | None = None  # the person or organisation it belongs to, as named
    time: str | None = None  # "other": a figure of another time ("up from", "a year earlier")
    role: str = "level"  # "level", "change" ("rose 18%"), "whole" ("30 of the [54]"), "baseline" ("up from [X]")
    definite: bool = False  # "the £4.7m cut": points back at something already stated
    approx: bool = False  # "about", or a range
    quantity: int = -1  # index into Document.quantities


@dataclass(frozen=True, slots=True)
class Block:
    """A stretch of text that is not running prose: a table row, a list item, a roster, a record
    ("Key: value") or a run of short lines (navigation, bylines, captions)."""

    start: int
    end: int
    kind: Literal["table", "list", "roster", "record", "lines"]


@dataclass(slots=True)
class Document:
    """A document owns its text; sentences and layers are spans into it."""

    id: str
    text: str
    path: str | None = None
    title: str | None = None
    date: str | None = None
    source: str | None = None
    reference: bool = False  # --against material: evidence only, never reported on
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    enumerations: list[Enumeration] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    structure: list[Block] = field(default_factory=list)  # sorted by start; see extract/structure.py
    layers: set[str] = field(default_factory=set)  # names of the extraction layers run
    _starts: list[int] = field(default_factory=list, repr=False)
    _block_starts: list[int] = field(default_factory=list, repr=False)
    # A JSONL/CSV archive record: its first line in the file (factcheck.core.locations). Last, because
    # pickles (indexes, the prepared cache) restore fields by position: older ones simply lack it.
    record_line: int | None = None
    frames: list[Frame] = field(default_factory=list)  # what each figure states (extract/frames.py)
    # Ids of the reference documents this one was written from (a record's ``based_on``): its source,
    # named by the user rather than found by the support checks (checks/_support.py). Last, as above.
    based_on: tuple[str, ...] = ()

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character ``offset`` (None if between sentences)."""
        if len(self._starts) != len(self.sentences):
            self._starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def block_of(self, offset: int) -> Block | None:
        """The non-prose block holding character ``offset``, if any."""
        if len(self._block_starts) != len(self.structure):
            self._block_starts = [b.start for b in self.structure]
        i = bisect.bisect_right(self._block_starts, offset) - 1
        if i >= 0 and self.structure[i].start <= offset < max(self.structure[i].end, self.structure[i].start + 1):
            return self.structure[i]
        return None

    def is_record(self, s: Sentence) -> bool:
        """True when the sentence is a row, item or entry of a table, list or roster, not prose."""
        return self.block_of(s.start) is not None

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(self.id, start, end, self.text[start:end])


def overlap_test(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """Whether [a, b) overlaps one of ``spans``, in log time: a document of a megabyte holds
    tens of thousands of names, and testing each against each is quadratic."""
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))  # furthest end among the first k

    def overlaps(a: int, b: int) -> bool:
        k = bisect.bisect_left(starts, b)  # the spans starting before b
        return k > 0 and reach[k - 1] > a

    return overlaps


def record_rows(docs: list[Document]) -> list[bool]:
    """Per sentence, in the documents' order, whether it is a table row, list item or roster entry."""
    return [d.is_record(s) for d in docs for s in d.sentences]


@dataclass(frozen=True, slots=True)
class Evidence:
    doc: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Finding:
    """One flagged problem. ``evidence[0]`` is where the problem is; the rest support it."""

    rule: str
    category: str
    severity: Severity
    message: str
    evidence: list[Evidence]
    suggestion: str | None = None
    confidence: float = 0.5  # calibrated by the findings stage: the precision of such findings on dev
    id: str = ""
    strength: float | None = None  # the check's own score (what calibration maps); defaults to confidence
    also: list[str] = field(default_factory=list)  # rules whose findings on the same span were merged in
    # What makes it certain, when something does: "arithmetic" (the sum or share recomputed), "calendar",
    # "count" (a count against its list), "restated" (two or more agreeing statements against it), "source"
    # (the draft's own source), "fact" (a rule pack). Only a proven finding can be an error.
    proof: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = finding_id(self.rule, self.evidence)
        if self.strength is None:
            self.strength = self.confidence

    def sort_key(self, doc_order: dict[str, int]) -> tuple:
        first = self.evidence[0]
        return (doc_order.get(first.doc, 1 << 30), first.start, first.end, self.rule, self.id)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "evidence": [e.to_dict() for e in self.evidence],
            "suggestion": self.suggestion,
            "confidence": round(float(self.confidence), 3),
            "strength": round(float(self.strength if self.strength is not None else self.confidence), 3),
            "also": list(self.also),
            "proof": self.proof,
        }


def finding_id(rule: str, evidence: list[Evidence]) -> str:
    """Stable across runs: the rule and the cited spans' documents, texts and offsets.

    Offsets are included so two identical slips in one article stay two findings.
    """
    h = hashlib.sha1(rule.encode())
    for e in evidence:
        h.update(f"\x1f{e.doc}\x1e{e.start}\x1e{e.end}\x1e{e.text}".encode())
    return h.hexdigest()[:16]


@dataclass(slots=True)
class InputError:
    """An input that could not be read; the run goes on without it."""

    path: str
    message: str
    code: str = "E100"
    line: int | None = None

    def to_dict(self) -> dict:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return {"path": where, "message": f"{self.code} {self.message}"}
