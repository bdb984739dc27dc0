"""What one edited article changes in the corpus checks' statistics, and which other documents' read
entries (``reads``) change with it: what a warm run re-checks beyond the edited article's own ball.

    python bench/stats_edits.py ../shared/bench/dev/archive.jsonl --edits 100
    python bench/stats_edits.py ARCHIVE --codes NUM002 TTL001 --kinds "name figure" "titled surname"

The corpus is the one ``factcheck check`` builds (bench/locality.py's capture; ``--cache`` keeps its
embeddings). Each edit, on a random document, is one of bench/parts.py's (a figure changed, a name
misspelt, a sentence added) or a targeted one: "name figure" changes a one- or two-digit figure
right after a capitalised name ("Halo 2" -> "Halo 5"), "titled surname" misspells the surname of a
person a title is given to. The edited document alone is extracted again (``prepare``: no new
links or pairs), every check with ``gather`` gathers again, and the bench prints per check and kind
the statistics entries changed (added, removed or with another value) and the other documents, whose
balls do not hold the edited one, whose ``reads`` digest changed: median and largest.
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from locality import capture_corpus
from parts import edit as parts_edit

from factcheck.core.model import Document
from factcheck.run.prepare import prepare
from factcheck.run.reach import LinkGraph, stats_digest

KINDS = ("figure", "name", "sentence", "name figure", "titled surname")
_NAME_FIGURE = re.compile(r"(?<=[A-Za-z] )\d{1,2}\b(?![.,:/-]\d)")


def edit(d: Document, kind: str, rng: random.Random) -> str | None:
    """The text of ``d`` with one slip of ``kind``, or None when it has nothing to edit."""
    text = d.text
    if kind == "name figure":
        spots = [m for m in _NAME_FIGURE.finditer(text) if text[:m.start()].split()[-1][:1].isupper()]
        if not spots:
            return None
        m = rng.choice(spots)
        return text[:m.start()] + str(int(m.group()) + 3) + text[m.end():]
    if kind == "titled surname":
        spots = []
        for t in d.titles:
            m = d.mentions[t.mention]
            at = m.text.rfind(m.surname) if m.surname and len(m.surname) >= 4 else -1
            if at >= 0:
                spots.append((m.start + at, m.surname))
        if not spots:
            return None
        at, w = rng.choice(spots)
        return text[:at] + w[0] + w[2] + w[1] + w[3:] + text[at + len(w):]
    return parts_edit(text, kind, rng)


def changed(before: dict, after: dict) -> int:
    return sum(1 for k in before.keys() | after.keys() if k not in before or k not in after or before[k] != after[k])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("archive")
    ap.add_argument("--codes", nargs="*", help="only these checks")
    ap.add_argument("--kinds", nargs="*", default=list(KINDS), choices=KINDS)
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--cache", default="/tmp/factcheck-locality-cache")
    args = ap.parse_args()
    corpus, checks = capture_corpus(args.archive, args.cache)
    base = {c.code: c.gather(corpus) for c in checks if not args.codes or c.code in args.codes}
    checks = [c for c in checks if base.get(c.code) is not None and c.reach is not None]
    graph = LinkGraph(corpus)
    docs = corpus.documents
    balls = {c.code: [[n] + [k for k in graph.ball(n, c.reach) if k != n] for n in range(len(docs))] for c in checks}
    digests = {c.code: [stats_digest(base[c.code], c.reads(base[c.code], [docs[k] for k in b]))
                        for b in balls[c.code]] for c in checks}
    rng = random.Random(7)
    found: dict[tuple[str, str], list[tuple[int, int]]] = {(c.code, k): [] for c in checks for k in args.kinds}
    done = tries = 0
    while done < args.edits and tries < 50 * args.edits:
        tries += 1
        kind = args.kinds[done % len(args.kinds)]
        k = rng.randrange(len(docs))
        d = docs[k]
        if d.reference:
            continue
        text = edit(d, kind, rng)
        if text is None:
            continue
        e = prepare(Document(d.id, text, path=d.path, title=d.title, date=d.date, source=d.source,
                             reference=d.reference, based_on=d.based_on))
        after = copy.copy(corpus)
        after.documents = [e if n == k else x for n, x in enumerate(docs)]
        after.__post_init__()
        for c in checks:
            stats = c.gather(after)
            others = sum(1 for n, b in enumerate(balls[c.code]) if k not in b and stats_digest(
                stats, c.reads(stats, [docs[m] for m in b])) != digests[c.code][n])
            found[(c.code, kind)].append((changed(base[c.code], stats), others))
        done += 1
    print(f"{args.archive}: {len(docs)} documents, {done} edits")
    for (code, kind), rows in found.items():
        if rows:
            keys, others = [a for a, _ in rows], [b for _, b in rows]
            print(f"{code} {kind}: {len(rows)} edits; entries changed median {statistics.median(keys):g} "
                  f"max {max(keys)}; other documents re-checked median {statistics.median(others):g} max {max(others)}")


if __name__ == "__main__":
    main()
