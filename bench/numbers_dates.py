"""Number words and dates: factcheck's parsers against text2num, number-parser and dateparser.

    python bench/numbers_dates.py [--sentences N]

Word numbers. Every number written in words that the quantities layer's pattern finds in the dev
archive ("six", "twenty-one", "one hundred and five") is valued by factcheck's ``word_value``, by
text2num's ``text2num`` and by number-parser's ``parse_number``: agreement and microseconds a
call. Finding them in running text: ``find_quantities`` on a sentence against text2num's
``alpha2digit`` and number-parser's ``parse``, which rewrite the sentence (no offsets) and so
cannot give the span a finding points at; timed per sentence.

Dates. On the 50 hand-labelled dev sentences of bench/extraction_sample.yml (17 dates; relative
dates are out of the labels' scope and left out on both sides), the dates layer against
dateparser's ``search_dates`` (English, each substring it returns located in the sentence):
precision and recall by the strict rule of bench/extraction.py (overlapping span, same normalised
text) and by overlap alone; then seconds per sentence on the first N dev sentences, and what that
costs at 45,000 sentences (one archive).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import extraction  # bench/extraction.py: labels, archive reading, span pairing

from factcheck.core.model import Document
from factcheck.extract import dates as dates_layer
from factcheck.extract._numbers import _patterns, find_quantities, word_value
from factcheck.segment.sentences import segment

ARCHIVE_SENTENCES = 45_000


def _sentences(limit: int) -> list[tuple[Document, int, int, int]]:
    out = []
    for doc in extraction.read_archive():
        segment(doc)
        out += [(doc, s.start, s.end, s.index) for s in doc.sentences]
        if len(out) >= limit:
            break
    return out[:limit]


def _time(fn, items) -> tuple[float, list]:
    t0 = time.perf_counter()
    results = [fn(x) for x in items]
    return time.perf_counter() - t0, results


def bench_numbers(sents: list[tuple[Document, int, int, int]]) -> None:
    from number_parser import parse as np_parse
    from number_parser import parse_number as np_number
    from text_to_num import alpha2digit, text2num

    pat = _patterns()["number"]
    words = [m.group("word") for doc, a, b, _ in sents for m in pat.finditer(doc.text, a, b) if m.group("word")]

    def t2n(w: str) -> float | None:
        try:
            return float(text2num(w.lower(), "en"))
        except ValueError:
            return None

    def npn(w: str) -> float | None:
        v = np_number(w)
        return None if v is None else float(v)

    ours_s, ours = _time(word_value, words)
    print(f"{len(words)} numbers in words in {len(sents)} dev sentences ({len(set(words))} distinct)\n")
    print("| parser | same value as word_value | no value | other value | µs a call |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| factcheck word_value | - | {sum(v is None for v in ours)} | - | {ours_s / len(words) * 1e6:.1f} |")
    for name, fn in (("text2num.text2num", t2n), ("number_parser.parse_number", npn)):
        secs, theirs = _time(fn, words)
        same = sum(a == b for a, b in zip(ours, theirs, strict=True))
        none = sum(b is None for b in theirs)
        other = [(w, a, b) for w, a, b in zip(words, ours, theirs, strict=True) if b is not None and a != b]
        print(f"| {name} | {same} | {none} | {len(other)} | {secs / len(words) * 1e6:.1f} |")
        for w, a, b in sorted(set(other))[:5]:
            print(f"|   e.g. | {w!r}: ours {a}, theirs {b} | | | |")
        for w in sorted({w for w, b in zip(words, theirs, strict=True) if b is None})[:5]:
            print(f"|   e.g. no value | {w!r} | | | |")
    texts = [doc.text[a:b] for doc, a, b, _ in sents]
    ours_s, _ = _time(lambda s: find_quantities(s[0].text, s[1], s[2], s[3]), sents)
    print("\n| finding numbers in a sentence | offsets | ms per 1,000 sentences | at 45,000 sentences |")
    print("| --- | --- | --- | --- |")
    print(f"| factcheck find_quantities (all figures, nouns, units) | yes | {ours_s / len(sents) * 1e6:.0f} | "
          f"{ours_s / len(sents) * ARCHIVE_SENTENCES:.1f} s |")
    for name, fn in (("text2num.alpha2digit (words only)", lambda t: alpha2digit(t, "en")),
                     ("number_parser.parse (words only)", np_parse)):
        secs, _ = _time(fn, texts)
        print(f"| {name} | no: rewrites the text | {secs / len(texts) * 1e6:.0f} | "
              f"{secs / len(texts) * ARCHIVE_SENTENCES:.1f} s |")


def _dateparser_spans(doc: Document, start: int, end: int) -> list[extraction.Span]:
    from dateparser.search import search_dates

    sentence = doc.text[start:end]
    found = search_dates(sentence, languages=["en"]) or []
    spans, pos = [], 0
    for sub, _when in found:
        at = sentence.find(sub, pos)
        if at < 0:
            continue
        spans.append(extraction.Span(doc.id, start + at, start + at + len(sub), sub))
        pos = at + len(sub)
    return spans


_RELATIVE = ("yesterday", "today", "tomorrow", "tonight", "last ", "next ", "this ", "ago", "now")


def bench_dates(sents: list[tuple[Document, int, int, int]]) -> None:
    labels = extraction.load_labels()
    docs = {d.id: d for d in extraction.read_archive(ids={s["doc"] for s in labels})}
    for doc in docs.values():
        segment(doc)
        dates_layer.extract(doc)
    print("\n| dates on the labelled sample | predicted | strict pairs | precision | recall | overlap recall |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in ("factcheck dates layer", "dateparser.search_dates"):
        n_labels = n_pred = n_pair = n_overlap = 0
        for s in labels:
            doc = docs[s["doc"]]
            gold = extraction.gold(s, "dates")
            if name.startswith("factcheck"):
                preds = extraction.predicted(doc, "dates", s["start"], s["end"])
            else:
                preds = [p for p in _dateparser_spans(doc, s["start"], s["end"])
                         if not any(r in p.text.lower() for r in _RELATIVE)]
            n_labels += len(gold)
            n_pred += len(preds)
            n_pair += sum(p is not None for _, p in extraction.pair(gold, preds, "dates"))
            n_overlap += sum(p is not None for _, p in extraction.pair(gold, preds, "dates", strict=False))
        print(f"| {name} | {n_pred} | {n_pair} | {n_pair / n_pred if n_pred else 0:.2f} | {n_pair / n_labels:.2f} | "
              f"{n_overlap / n_labels:.2f} |")
    ours_s, _ = _time(lambda s: dates_layer.find_dates(s[0], s[1], s[2], s[3]), sents)
    theirs_s, _ = _time(lambda s: _dateparser_spans(s[0], s[1], s[2]), sents)
    print(f"\nspeed on {len(sents)} dev sentences: dates layer {ours_s / len(sents) * 1e6:.0f} µs a sentence "
          f"({ours_s / len(sents) * ARCHIVE_SENTENCES:.1f} s at 45,000); dateparser.search_dates "
          f"{theirs_s / len(sents) * 1e6:.0f} µs a sentence ({theirs_s / len(sents) * ARCHIVE_SENTENCES:.0f} s at "
          f"45,000): {theirs_s / ours_s:.0f}x")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=2000)
    args = ap.parse_args()
    warnings.simplefilter("ignore")  # dateparser's deprecation notes are not figures
    sents = _sentences(args.sentences)
    bench_numbers(sents)
    bench_dates(sents)


if __name__ == "__main__":
    main()
