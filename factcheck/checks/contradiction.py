"""CON001: aligned sentences that say the same thing except for a negation or an antonym."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from factcheck.checks.base import Check
from factcheck.core.model import Evidence, Finding, Sentence
from factcheck.extract.polarity import content_words, lexicon, negations, tokens
from factcheck.pair.corpus import Corpus

_HEDGES = frozenset({"whether", "if", "may", "might", "could", "perhaps", "unless"})  # not a flat assertion


@dataclass(frozen=True)
class Flip:
    kind: str  # "negation" or "antonym"
    words_a: tuple[str, ...]
    words_b: tuple[str, ...]
    predicate: str  # the shared word the flip applies to
    other: int  # content words that differ besides the flip
    agreement: float  # matched words over the shorter sentence


def find_flip(a: list[str], b: list[str], *, max_other: int = 1, min_agreement: float = 0.8) -> Flip | None:
    """The single negation or antonym flip between two near-identical token lists, if that is all that differs."""
    lex = lexicon()
    if min(len(a), len(b)) < 5 or a == b or _surplus(a, b) > max_other:
        return None
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    equal = sum(i2 - i1 for tag, i1, i2, _, _ in sm.get_opcodes() if tag == "equal")
    agreement = equal / min(len(a), len(b))
    if agreement < min_agreement:
        return None
    neg_a, neg_b, ant, other, hedged = [], [], [], 0, False
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        xa, xb = a[i1:i2], b[j1:j2]
        hedged = hedged or bool(_HEDGES.intersection(xa + xb))
        if tag == "replace" and len(xa) == len(xb):
            for u, v in zip(xa, xb, strict=True):
                if (u, v) in lex.antonyms:
                    ant.append((u, v))
                else:
                    for w, side in ((u, neg_a), (v, neg_b)):
                        if w in lex.negators:
                            side.append(w)
                        elif w not in lex.function:
                            other += 1
            continue
        for w in xa:
            if w in lex.negators:
                neg_a.append(w)
            elif w not in lex.function:
                other += 1
        for w in xb:
            if w in lex.negators:
                neg_b.append(w)
            elif w not in lex.function:
                other += 1
    if other > max_other or hedged:
        return None
    flipped_negation = (negations(neg_a) - negations(neg_b)) % 2 == 1
    if ant and not flipped_negation and len(ant) == 1 and not neg_a and not neg_b:
        u, v = ant[0]
        return Flip("antonym", (u,), (v,), u, other, agreement)
    if flipped_negation and not ant:
        negated, plain = (a, b) if negations(neg_a) > negations(neg_b) else (b, a)
        pred = _negated_word(negated, plain)
        if pred is None:
            return None
        return Flip("negation", tuple(neg_a), tuple(neg_b), pred, other, agreement)
    return None


def _surplus(a: list[str], b: list[str]) -> int:
    """Content words one list holds more times than the other: none of them can be matched, so each
    counts as another difference however the lists align. Linear, where the alignment costs up to
    the square of a sentence's length (a table pasted as one line, the same boilerplate in every story)."""
    ca, cb = content_words(a), content_words(b)
    return sum(abs(ca[w] - cb[w]) for w in ca.keys() | cb.keys())


def _negated_word(negated: list[str], plain: list[str]) -> str | None:
    """The content word a negation applies to, when the other sentence has it too (the shared predicate)."""
    lex = lexicon()
    shared = set(plain)
    for k, w in enumerate(negated):
        if w not in lex.negators:
            continue
        for x in negated[k + 1:k + 4]:
            if x in lex.function or x in lex.negators:
                continue
            return x if x in shared else None
    return None


class Contradiction(Check):
    """Negation or antonym flip between aligned sentences.

    What it does: for sentence pairs the pipeline aligned (embedding-similar, same story), flags a pair
    whose words agree closely except that exactly one side negates a shared predicate ("fair and
    effective" vs "neither fair nor effective") or swaps it for its antonym ("approved" vs "rejected").
    Why it matters: two articles (or two places in one) asserting opposite things about one claim
    means at least one of them is wrong, or the report needs to say who claims what.
    Example: "The report found the force's use of stop and search was fair and effective." vs
    "The report found the force's use of stop and search was neither fair nor effective."
    Known problems: real articles do report opposite claims (a denial next to an accusation, a vote
    that later flipped); the check cannot tell a quoted claim from the writer's own, so it stays a
    warning, and pairs that differ in more than one content word are left alone.
    """

    code = "CON001"
    category = "contradiction"
    summary = "Negation or antonym flip between aligned sentences"
    needs = frozenset({"pairs", "stories"})
    scope = "story"  # pairs inside one story
    reach = 1  # a pair crosses to a linked document; nothing beyond it is read
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {
        "min_score": 0.75, "max_other": 1, "min_agreement": 0.8, "within_document": False,
    }

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        sents = corpus.sentences
        cache: dict[int, list[str]] = {}

        def toks(i: int) -> list[str]:
            if i not in cache:
                cache[i] = tokens(sents[i].text)
            return cache[i]

        for score, i, j in sorted(corpus.pairs, key=lambda p: (p[1], p[2])):
            if score < self.p["min_score"]:
                continue
            si, sj = sents[i], sents[j]
            if si.doc == sj.doc and not self.p["within_document"]:
                continue
            if not corpus.same_story(si.doc, sj.doc):
                continue
            di, dj = corpus.doc(si.doc), corpus.doc(sj.doc)
            if di.reference and dj.reference:
                continue
            if si.text.rstrip().endswith("?") or sj.text.rstrip().endswith("?"):
                continue  # a question asserts nothing
            flip = find_flip(toks(i), toks(j), max_other=self.p["max_other"], min_agreement=self.p["min_agreement"])
            if flip is None:
                continue
            yield self._finding(si, sj, flip, dj.reference, score)

    def _finding(self, si: Sentence, sj: Sentence, flip: Flip, j_is_reference: bool, score: float) -> Finding:
        # the suspect is the checked side; between two checked documents, the later one (low confidence)
        suspect, other = (si, sj) if j_is_reference else (sj, si)
        if flip.kind == "antonym":
            what = f"\u201c{flip.words_a[0]}\u201d vs \u201c{flip.words_b[0]}\u201d"
        else:
            what = f"one side negates \u201c{flip.predicate}\u201d"
        sure = flip.other == 0 and flip.agreement >= 0.9
        return self.finding(
            f"These aligned sentences say opposite things ({what}): \u201c{_short(suspect.text)}\u201d "
            f"vs \u201c{_short(other.text)}\u201d in {other.doc}.",
            [
                _sentence_evidence(suspect),
                _sentence_evidence(other),
            ],
            suggestion="Check which is right; if both claims are reported, say who makes each.",
            confidence=round(min(0.8, 0.4 + 0.3 * flip.agreement * (1.0 if sure else 0.7) + 0.1 * (score - 0.75)), 3),
            severity=self.severity if sure else "info",
        )


def _short(text: str, n: int = 100) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _sentence_evidence(s: Sentence) -> Evidence:
    return Evidence(s.doc, s.start, s.end, s.text)
