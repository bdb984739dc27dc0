"""Aligned claims that state different figures for the same counted thing.

What it does: for every aligned sentence pair (embedding-similar, same story or same
  document, where a near-copy or the same leading name is also asked)
  whose wording agrees once figures are masked, it matches the quantities of the
  two sentences by kind, unit and counted noun ("34 states" with "29 states", "£92m" with
  "92 million"), using the words around each figure to choose between several candidates,
  and flags values that differ beyond rounding ("about 21,000" agrees with "21,174"). Looser
  pairs (down to the pairing floor) are compared when the two figures fill one slot: the same
  governing word on the same side ("Fosters bought [18.4%] of" / "Fosters bought the [18.8%]
  stake"), or the same words beside them in the same order, in sentences about one subject
  (same subject or leading name); a share or sum then need not name its noun. The
  side fewer aligned mentions support is the suspect; with one against one, the later
  mention (or the checked document against reference material), at lower confidence.
Why it matters: a figure changed in one report of a claim ("legal in 34 states" against
  "29 states" elsewhere) is the commonest factual slip in copy and in machine translation.
Example: "Medical marijuana is legal in 34 states" vs "29 states plus Washington DC have
  legalized medical marijuana" -> NUM001 on "34", suggest 29.
Known problems: two sentences can share a noun and wording yet count different things
  (this year vs last year, two different polls); sentences that name different dates are
  skipped for that reason, and documents with different publication dates get info only.
  Figures without a counted noun are compared only when the words either side agree.
  A slot match cannot tell a restated figure from a different measure under the same verb
  and subject ("AMR posted a loss of $761m" for the year, "$387m" for the quarter), so it
  asks one clause (no "and"/"but" between verb and figure) and one subject.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, ClassVar

from factcheck.checks._claims import (
    CLAIM_GATE,
    STOP,
    AlignedPair,
    aligned_pairs,
    best_per_suspect,
    different_dates,
    frame,
    lead_name,
    local_words,
    names_in,
    near_copy,
    pick_suspect,
    same_claim,
    skip_crowded,
    slot,
    slot_claim,
    snippet,
    undated_pair,
)
from factcheck.checks._figures import compatible
from factcheck.checks.base import Check
from factcheck.core.model import Document, Finding, Quantity, Sentence
from factcheck.extract._numbers import singular
from factcheck.pair.corpus import Corpus

_COMPARED = ("cardinal", "money", "percent", "ratio")
# Minutes and seconds time the moments of one match or race; inside one article each figure is its own.
_MOMENTS = frozenset({"minute", "second"})
_SHARES = ("money", "percent")  # kinds whose counted noun is often left unsaid


def _key(q: Quantity) -> tuple:
    return (q.kind, q.unit, q.noun)


def _name_key(name: str | None) -> str | None:
    return " ".join(singular(w) for w in name.split()) if name else None


def _same_subject(p: AlignedPair, x: Quantity, y: Quantity) -> bool:
    """Both figures' sentences are about one named subject: the same subject name ("Tories" and
    "Tory" alike) or the same leading name."""
    sx, sy = _name_key(x.subject), _name_key(y.subject)
    if sx and sx == sy:
        return True
    lx, ly = _name_key(lead_name(p.a.text)), _name_key(lead_name(p.b.text))
    if lx and lx == ly:
        return True
    # both open with one capitalised word that is not a function word: "Fosters bought ..."
    fa, fb = p.a.text.split(maxsplit=1)[:1], p.b.text.split(maxsplit=1)[:1]
    return bool(fa and fa == fb and fa[0][:1].isupper() and fa[0].lower() not in STOP)


# A figure followed by one of these is about an earlier period than one that is not.
_EARLIER = re.compile(r"^[^.;]{0,40}?\b(?:a\s+year\s+(?:ago|earlier|before)|last\s+year|(?:the\s+)?previous\s+"
                      r"(?:year|quarter|month)|(?:the\s+)?year\s+before|(?:the\s+)?same\s+(?:period|quarter|month)"
                      r"\s+(?:last|a)\s+year)\b", re.I)


def _other_period(doc: Document, q: Quantity, s: Sentence) -> bool:
    return bool(_EARLIER.match(doc.text[q.end:s.end]))


def _different_subjects(a: str, b: str) -> bool:
    """Each sentence names someone or something the other does not, and they share no name: two
    parallel statements about different subjects, not one claim restated."""
    na, nb = ({singular(w) for w in names_in(t)} for t in (a, b))  # "Tories" and "Tory" are one name
    return bool(na and nb and not (na & nb))


class NumberMismatch(Check):
    code = "NUM001"
    category = "number"
    summary = "Aligned claims state different figures for the same counted thing"
    needs = frozenset({"quantities", "dates", "pairs"})
    scope = "story"  # pairs and their support inside one story
    reach = 2  # the other side's support counts mentions in ITS partners, two links away
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {**CLAIM_GATE, "approx_tolerance": 0.1, "slot_same_side": True}

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        by_sentence: dict[tuple[str, int], list[Quantity]] = defaultdict(list)
        for d in corpus.documents:
            prev: Quantity | None = None
            for q in d.quantities:
                # the top of a range ("10-12 years") is already the range's high end
                top = prev is not None and prev.high == q.value and 0 <= q.start - prev.end <= 3
                if q.kind in _COMPARED and not top:
                    by_sentence[(d.id, q.sentence)].append(q)
                prev = q
        yield from skip_crowded(self, corpus, by_sentence, "figures")
        date_values: dict[tuple[str, int], set] = defaultdict(set)
        for d in corpus.documents:
            for m in d.dates:
                date_values[(d.id, m.sentence)].add((m.kind == "weekday", m.year, m.month, m.weekday))
        seen: set[tuple] = set()
        found: list[tuple[float, Finding]] = []
        floor = min(self.p["min_loose_similarity"], self.p["min_close_similarity"], self.p["min_slot_similarity"])
        for p in aligned_pairs(corpus, floor, 0.0):
            qa, qb = by_sentence.get((p.doc_a.id, p.a.index)), by_sentence.get((p.doc_b.id, p.b.index))
            if not qa or not qb:
                continue
            da, db = date_values.get((p.doc_a.id, p.a.index), set()), date_values.get((p.doc_b.id, p.b.index), set())
            if da and db and not (da & db):
                continue  # the two sentences are about different dates: different claims
            for x, y in self._conflicts(p, qa, qb):
                key = (p.doc_a.id, x.start, p.doc_b.id, y.start)
                if key in seen:
                    continue
                seen.add(key)
                found.append((p.score, self._finding(corpus, p, x, y, by_sentence)))
        yield from best_per_suspect(found)

    def _conflicts(self, p: AlignedPair, qa: list[Quantity], qb: list[Quantity]) -> Iterator[tuple[Quantity, Quantity]]:
        tol = self.p["approx_tolerance"]
        for x in qa:
            cands = [y for y in qb if _key(y) == _key(x)]
            named = bool(cands)
            if not cands and x.kind in _SHARES:
                # "18.4% of Southcorp" and "the 18.8% stake": a share or sum need not name its noun
                cands = [y for y in qb if y.kind == x.kind and y.unit == x.unit and (x.noun is None or y.noun is None)]
            if not cands or any(compatible(x, y, tol) for y in cands):
                continue
            y = self._best(p, x, cands)
            if y is None:
                continue
            if any(compatible(y, z, tol) for z in qa if z.kind == y.kind and z.unit == y.unit) or any(
                    compatible(x, z, tol) for z in qb if z.kind == x.kind and z.unit == x.unit):
                continue  # each value is stated in the other sentence too: different figures side by side
            if _other_period(p.doc_a, x, p.a) != _other_period(p.doc_b, y, p.b):
                continue  # "a loss of $793m a year ago" against this year's figure: two periods
            if p.doc_a.id == p.doc_b.id and _different_subjects(p.a.text, p.b.text):
                continue  # "GM truck sales fell 9%" beside "Ford sales dropped 3%": parallel figures
            if p.doc_a.id == p.doc_b.id and x.noun in _MOMENTS and y.noun in _MOMENTS and not near_copy(p):
                continue  # "a penalty on 50 minutes", "two minutes later": one report times many moments
            fx = frame(p.doc_a, x.start, x.end, p.a, noun=x.noun)
            fy = frame(p.doc_b, y.start, y.end, p.b, noun=y.noun)
            # parallel figures ("X PAC raised $13.5m", "Y PAC raised $5.2m") fill one slot too: a figure
            # matched by its slot must also be about the same subject
            by_slot = _same_subject(p, x, y) and slot_claim(p, slot(p.doc_a, x.start, x.end, p.a, x.noun),
                                                            slot(p.doc_b, y.start, y.end, p.b, y.noun), fx, fy, self.p)
            if not by_slot and not (named and same_claim(p, fx, fy, self.p)):
                continue
            close = p.score >= self.p["min_similarity"] and p.overlap >= self.p["min_overlap"]
            if (x.approx or y.approx) and not close and not (x.approx and y.approx and by_slot):
                # bounds and round figures ("above $40") are compared only between close restatements,
                # or two bounds of one slot ("up more than 19%" / "soared more than 16%")
                continue
            if (p.doc_a.id == p.doc_b.id and x.noun is None and y.noun is None and not near_copy(p)
                    and not (x.approx and y.approx and by_slot)):
                # one article's figures that name nothing they count ("rose 0.9%", "$153m") are mostly
                # different measures side by side: only a near-copy restates one, or two bounds of one slot
                continue
            if x.noun is None and not by_slot:  # nothing names what is counted: the words either side must agree
                lx, rx = local_words(p.doc_a, x.start, x.end, p.a, 2)
                ly, ry = local_words(p.doc_b, y.start, y.end, p.b, 2)
                if not (lx and ly and lx[-1] == ly[-1] and rx[:1] == ry[:1]):
                    continue
            yield x, y

    @staticmethod
    def _best(p: AlignedPair, x: Quantity, cands: list[Quantity]) -> Quantity | None:
        if len(cands) == 1:
            return cands[0]
        lx, rx = local_words(p.doc_a, x.start, x.end, p.a)
        wx = set(lx) | set(rx)
        scored = []
        for y in cands:
            ly, ry = local_words(p.doc_b, y.start, y.end, p.b)
            scored.append((len(wx & (set(ly) | set(ry))), y))
        scored.sort(key=lambda t: -t[0])
        if scored[0][0] == 0 or scored[0][0] == scored[1][0]:
            return None  # no figure in the other sentence stands in the same place
        return scored[0][1]

    def _finding(self, corpus: Corpus, p: AlignedPair, x: Quantity, y: Quantity,
                 by_sentence: dict[tuple[str, int], list[Quantity]]) -> Finding:
        tol = self.p["approx_tolerance"]

        def support(q: Quantity, doc: Document, gi: int) -> int:
            n = 0
            for _, k in corpus.aligned(gi):
                s = corpus.sentences[k]
                if s.doc != doc.id and not corpus.same_story(s.doc, doc.id):
                    continue
                n += any(_key(z) == _key(q) and compatible(z, q, tol) for z in by_sentence.get((s.doc, s.index), []))
            return n

        sa, sb = support(x, p.doc_a, p.i), support(y, p.doc_b, p.j)
        b_suspect, conf = pick_suspect(sa, sb, p.doc_a.reference, p.doc_b.reference)
        (sq, sd, _), (oq, od, os_) = ((y, p.doc_b, p.b), (x, p.doc_a, p.a)) if b_suspect else (
            (x, p.doc_a, p.a), (y, p.doc_b, p.b))
        where = "elsewhere in this document" if sd.id == od.id else f"in {od.id}"
        thing = f" ({sq.noun})" if sq.noun else ""
        msg = (f"'{sq.text}'{thing} here, but the aligned claim {where} says '{oq.text}': "
               f"{snippet(od, os_, oq.start, oq.end)} (sentence similarity {p.score:.2f})")
        if sa == sb and p.doc_a.reference == p.doc_b.reference:
            msg += "; one mention against one, so either may be the wrong one"
        severity = None
        if different_dates(sd, od):
            severity = "info"
            msg += f"; the documents are dated {sd.date[:10]} and {od.date[:10]}, so the figure may have changed"
            conf *= 0.6
        elif undated_pair(p):
            severity = "info"
            conf *= 0.6
            msg += "; the documents carry no dates, so the two may be of different times"
        return self.finding(
            msg,
            [sd.evidence(sq.start, sq.end), od.evidence(oq.start, oq.end)],
            suggestion=f"'{oq.text}' as stated {where}, or check the source",
            confidence=conf,
            severity=severity,
        )
