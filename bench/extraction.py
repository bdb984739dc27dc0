"""Per-layer precision/recall of the extraction layers on 50 hand-labelled dev sentences, and throughput.

    .venv/bin/python bench/extraction.py             # table
    .venv/bin/python bench/extraction.py --errors    # + every miss and false positive, per layer

Labels: ``bench/extraction_sample.yml`` (selection rule and labelling conventions are in its header).
One run segments and extracts the WHOLE dev archive with ``factcheck.segment.sentences`` and every layer of
``factcheck.extract.LAYERS``, timing each step (sentences/s = archive sentences / seconds of
segmentation + extraction, one process); the sample documents' predictions come from that same run.

Matching rule. A predicted span is in the sample when it overlaps a labelled sentence's
[start, end). Within one sentence, labels are taken in order and each is paired greedily with the
first unpaired prediction of the same layer that (a) is in the same document, (b) overlaps the
labelled span, and (c) has the same normalised text: casefolded, curly quotes made straight,
whitespace collapsed and dropped before punctuation, edge punctuation stripped, a leading
"the/a/an" and leading honorifics (factcheck/lexicons/honorifics.yml) dropped, a possessive "'s"
dropped; quantities additionally ignore all spaces ("$ 10.6 billion" == "$10.6 billion").
precision = pairs / predictions in the sample, recall = pairs / labels. The "overlap" columns
repeat the pairing with (c) dropped: how much is found at all, even with other boundaries.

Layers scored: people (Mention kind person), orgs (Mention kind org/place), titles, quantities
(predictions of kind "year" excluded: years are labelled as dates), dates (predictions of kind
"relative" excluded: out of the label scope), quotes (content spans), speakers. Speakers: for each
labelled quote with a speaker named in its sentence, the predicted quote paired with it (strict
rule) must carry a speaker span overlapping the labelled speaker span; precision counts the
predicted speakers on those paired quotes. Extra column: titles attached to the labelled person's
mention, orgs with the labelled kind, quantities with the labelled counted noun (of those paired).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from factcheck.core.model import Document
from factcheck.extract import LAYERS
from factcheck.lexicons import load as load_lexicon
from factcheck.segment.sentences import segment

LABELS = Path(__file__).resolve().with_name("extraction_sample.yml")
DEV = Path(os.environ.get("FACTCHECK_DEV", Path(__file__).resolve().parents[2] / "shared/bench/dev/archive.jsonl"))
if not DEV.exists():
    DEV = Path("/work/shared/bench/dev/archive.jsonl")
SCORED = ("people", "orgs", "titles", "quantities", "dates", "quotes", "speakers")

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_SPACE_BEFORE_PUNCT = re.compile(r"\s+(?=[.,;:!?%'\")\]])")
_EDGE = " \t\n.,;:!?\"'()[]-\u2013\u2014"
_ARTICLES = ("the", "a", "an")


@dataclass
class Span:
    doc: str
    start: int
    end: int
    text: str
    info: dict = field(default_factory=dict)  # kind / noun / person / speaker, per layer


@dataclass
class Score:
    labels: int = 0
    predicted: int = 0
    paired: int = 0
    overlap_paired: int = 0
    extra_ok: int = 0
    extra_of: int = 0
    misses: list[Span] = field(default_factory=list)
    false_pos: list[Span] = field(default_factory=list)

    @staticmethod
    def ratio(a: int, b: int) -> float | None:
        return a / b if b else None

    @property
    def precision(self) -> float | None:
        return self.ratio(self.paired, self.predicted)

    @property
    def recall(self) -> float | None:
        return self.ratio(self.paired, self.labels)


@cache
def _honorifics() -> tuple[str, ...]:
    return tuple(sorted((h.casefold() for h in load_lexicon("honorifics")["honorifics"]), key=len, reverse=True))


def normalise(text: str, layer: str = "") -> str:
    t = " ".join(text.translate(_QUOTES).casefold().split())
    t = _SPACE_BEFORE_PUNCT.sub("", t).strip(_EDGE)
    words = t.split(" ")
    while len(words) > 1 and (words[0] in _ARTICLES or words[0].rstrip(".") in _honorifics()):
        words = words[1:]
    t = " ".join(words)
    if t.endswith("'s"):
        t = t[:-2]
    t = t.strip(_EDGE)
    return t.replace(" ", "") if layer == "quantities" else t


def load_labels(path: Path = LABELS) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["sentences"]


def read_archive(path: Path = DEV, ids: set[str] | None = None) -> list[Document]:
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line, strict=False)
            if ids is None or rec["id"] in ids:
                docs.append(Document(id=rec["id"], text=rec["text"], title=rec.get("title"), source=rec.get("source")))
    return docs


def prepare(docs: list[Document]) -> dict[str, float]:
    """Segment and extract every document in place; seconds per step."""
    steps = {"segment": 0.0, **{layer: 0.0 for layer in LAYERS}}
    extractors = {layer: import_module(f"factcheck.extract.{layer}").extract for layer in LAYERS}
    for doc in docs:
        t = time.perf_counter()
        segment(doc)
        steps["segment"] += time.perf_counter() - t
        for layer in LAYERS:
            t = time.perf_counter()
            extractors[layer](doc)
            steps[layer] += time.perf_counter() - t
    return steps


def gold(sentence: dict, layer: str) -> list[Span]:
    doc = sentence["doc"]
    if layer == "speakers":
        return [Span(doc, q["speaker"]["start"], q["speaker"]["end"], q["speaker"]["text"], {"quote": q})
                for q in sentence["quotes"] if q.get("speaker") and not q.get("speaker_outside")]
    place = ("start", "end", "text")
    return [Span(doc, s["start"], s["end"], s["text"], {k: v for k, v in s.items() if k not in place})
            for s in sentence[layer]]


def predicted(doc: Document, layer: str, start: int, end: int) -> list[Span]:
    """Predictions of one layer overlapping [start, end)."""
    if layer in ("people", "orgs"):
        kinds = ("person",) if layer == "people" else ("org", "place")
        items = [(m.start, m.end, m.text, {"kind": m.kind}) for m in doc.mentions if m.kind in kinds]
    elif layer == "titles":
        items = [(t.start, t.end, t.text, {"mention": doc.mentions[t.mention] if 0 <= t.mention < len(doc.mentions)
                                           else None}) for t in doc.titles]
    elif layer == "quantities":
        items = [(q.start, q.end, q.text, {"noun": q.noun, "kind": q.kind}) for q in doc.quantities if q.kind != "year"]
    elif layer == "dates":
        items = [(d.start, d.end, d.text, {"kind": d.kind}) for d in doc.dates if d.kind != "relative"]
    elif layer == "quotes":
        items = [(q.start, q.end, q.text, {"quote": q}) for q in doc.quotes]
    else:
        raise ValueError(layer)
    return [Span(doc.id, a, b, t, info) for a, b, t, info in sorted(items, key=lambda x: (x[0], x[1]))
            if a < end and b > start]


def _overlap(a: Span, b: Span) -> bool:
    return a.doc == b.doc and a.start < b.end and b.start < a.end


def pair(labels: list[Span], preds: list[Span], layer: str, strict: bool = True) -> list[tuple[Span, Span | None]]:
    used: set[int] = set()
    out = []
    for g in labels:
        hit = None
        for i, p in enumerate(preds):
            same = not strict or normalise(g.text, layer) == normalise(p.text, layer)
            if i not in used and _overlap(g, p) and same:
                hit = i
                break
        if hit is not None:
            used.add(hit)
        out.append((g, preds[hit] if hit is not None else None))
    return out


def _extra(layer: str, g: Span, p: Span) -> bool | None:
    """Whether a paired prediction also agrees on the layer's attribute (None: not applicable)."""
    if layer == "orgs":
        return p.info["kind"] == g.info.get("kind")
    if layer == "quantities":
        return None if not g.info.get("noun") else p.info["noun"] == g.info["noun"]
    if layer == "titles":
        m, person = p.info["mention"], g.info["person"]
        return m is not None and m.start < person["end"] and person["start"] < m.end
    return None


def score(labels: list[dict], docs: dict[str, Document]) -> dict[str, Score]:
    scores = {layer: Score() for layer in SCORED}
    for sentence in labels:
        doc = docs[sentence["doc"]]
        a, b = sentence["start"], sentence["end"]
        quote_pairs: list[tuple[Span, Span | None]] = []
        for layer in SCORED[:-1]:
            sc, gs, ps = scores[layer], gold(sentence, layer), predicted(doc, layer, a, b)
            pairs = pair(gs, ps, layer)
            matched = {id(p) for _, p in pairs if p is not None}
            sc.labels += len(gs)
            sc.predicted += len(ps)
            sc.paired += len(matched)
            sc.overlap_paired += sum(p is not None for _, p in pair(gs, ps, layer, strict=False))
            sc.misses += [g for g, p in pairs if p is None]
            sc.false_pos += [p for p in ps if id(p) not in matched]
            for g, p in pairs:
                if p is not None and (ok := _extra(layer, g, p)) is not None:
                    sc.extra_of += 1
                    sc.extra_ok += ok
            if layer == "quotes":
                quote_pairs = pairs
        sc = scores["speakers"]
        for g in gold(sentence, "speakers"):
            sc.labels += 1
            p = next((p for gq, p in quote_pairs if gq.start == g.info["quote"]["start"]), None)
            q = p.info["quote"] if p is not None else None
            g.info["said"] = "no quote paired" if q is None else q.speaker
            if q is None or q.speaker_start is None:
                sc.misses.append(g)
                continue
            sc.predicted += 1
            said = Span(doc.id, q.speaker_start, q.speaker_end, doc.text[q.speaker_start:q.speaker_end])
            if _overlap(g, said):
                sc.paired += 1
            else:
                sc.misses.append(g)
                sc.false_pos.append(said)
            # overlap column for speakers: the same person named elsewhere (same normalised last word)
            same = normalise(said.text).split(" ")[-1] == normalise(g.text).split(" ")[-1]
            sc.overlap_paired += _overlap(g, said) or same
    return scores


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def table(scores: dict[str, Score]) -> str:
    head = f"{'layer':<11} {'labels':>6} {'pred':>5} {'pairs':>5} {'prec':>5} {'recall':>6} " \
           f"{'overlap P':>9} {'overlap R':>9}  attribute agrees"
    rows = [head, "-" * len(head)]
    names = {"orgs": "kind", "quantities": "noun", "titles": "attached"}
    for layer, s in scores.items():
        extra = f"{names[layer]} {s.extra_ok}/{s.extra_of}" if layer in names else ""
        op, orr = Score.ratio(s.overlap_paired, s.predicted), Score.ratio(s.overlap_paired, s.labels)
        rows.append(f"{layer:<11} {s.labels:>6} {s.predicted:>5} {s.paired:>5} {_fmt(s.precision)} {_fmt(s.recall):>6} "
                    f"{_fmt(op):>9} {_fmt(orr):>9}  {extra}")
    return "\n".join(rows)


def errors(scores: dict[str, Score], docs: dict[str, Document]) -> str:
    out = []
    for layer, s in scores.items():
        out.append(f"\n== {layer}: {len(s.misses)} missed, {len(s.false_pos)} wrongly extracted")
        for tag, spans in (("MISS", s.misses), ("FP  ", s.false_pos)):
            for sp in spans:
                sent = docs[sp.doc].sentence_at(sp.start)
                where = f"{sp.doc} s{sent.index}" if sent else sp.doc
                info = {k: v for k, v in sp.info.items() if k in ("kind", "noun", "said")}
                if layer == "speakers" and "quote" in sp.info:
                    info["quote"] = sp.info["quote"]["text"][:40]
                out.append(f"  {tag} {where} [{sp.start}:{sp.end}] {sp.text!r} {info if info else ''}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--archive", type=Path, default=DEV)
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--errors", action="store_true", help="list every miss and false positive")
    args = ap.parse_args(argv)
    labels = load_labels(args.labels)
    docs = read_archive(args.archive)
    t = time.perf_counter()
    steps = prepare(docs)
    wall = time.perf_counter() - t
    by_id = {d.id: d for d in docs}
    n_sent = sum(len(d.sentences) for d in docs)
    moved = sum(1 for s in labels if not any(x.start == s["start"] and x.end == s["end"]
                                               for x in by_id[s["doc"]].sentences))
    scores = score(labels, by_id)
    print(f"Extraction sample: {len(labels)} hand-labelled sentences from {len({s['doc'] for s in labels})} documents"
          f" ({args.labels.name})")
    if moved:
        print(f"note: {moved} labelled sentences no longer match a segmenter sentence exactly (scored by offsets)")
    print(table(scores))
    print(f"\nThroughput: {len(docs)} documents, {n_sent} sentences, segment + extract {wall:.2f} s "
          f"= {n_sent / wall:,.0f} sentences/s (one process)")
    print("  " + ", ".join(f"{k} {v:.2f}s" for k, v in steps.items()))
    if args.errors:
        print(errors(scores, by_id))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
