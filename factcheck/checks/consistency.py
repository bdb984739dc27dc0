"""Flag either/or spellings mixed within one document (rule type `consistency`).

What it does: each rule lists `sets` of alternative forms ("HMIC" / "HMICFRS",
"judgement" / "judgment"); when a document uses more than one form of a set, every
occurrence of a minority form is reported, citing the majority form's first
occurrence as evidence and suggesting it. Ties keep the form listed first.
Why it matters: one body or word written two ways in one article makes readers wonder
whether two things are meant, and usually marks a slip or a stale name.
Example: a set [HMIC, HMICFRS] flags "the HMIC" in an article that says "HMICFRS" three
times, suggesting "HMICFRS".
Known problems: counts are per document, so a form legitimately used once (a quotation,
a historical reference) is still reported; keep such rules at severity info.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from factcheck.checks.rulekit import LineList, Rule, RuleCheck, RuleContext
from factcheck.checks.rulematch import Conditions, compile_regex, literal_regex
from factcheck.core.model import Finding
from factcheck.pair.corpus import Corpus


class ConsistencyCheck(RuleCheck):
    __doc__ = __doc__  # the module docstring (house template) is the type's documentation
    rule_keys = ("sets", "regex", "ignorecase", "when", "unless")
    scope = "story"  # one document at a time
    reach = 0  # reads its own text only
    placeholders = ("found", "expected", "count")
    default_category = "term"
    default_message = "'{found}' and '{expected}' both used in this document ({count} times '{expected}')"
    default_confidence = 0.6

    def __init__(self, rule: Rule, sets: list[list[tuple[str, re.Pattern[str]]]], conditions: Conditions) -> None:
        super().__init__(rule)
        self.sets, self.conditions = sets, conditions

    @classmethod
    def from_rule(cls, rule: Rule, ctx: RuleContext) -> ConsistencyCheck:
        data = rule.data
        regex = ctx.optional(data, "regex", bool, False, "regex: true")
        # Case-sensitive by default: "Labour" and "labour" are different words.
        flags = re.IGNORECASE if ctx.optional(data, "ignorecase", bool, False, "ignorecase: true") else 0
        raw = ctx.require(data, "sets", list, "a consistency rule", "sets: [[judgement, judgment]]")
        sets = []
        for i, group in enumerate(raw):
            line = raw.line_at(i) if isinstance(raw, LineList) else data.line_of("sets")
            if not isinstance(group, list) or len(group) < 2 or not all(isinstance(w, str) and w for w in group):
                raise ctx.error("E205", f"set {i + 1} must list two or more forms", "write - [judgement, judgment]",
                                line)
            sets.append([(w, compile_regex(w if regex else literal_regex(w), ctx, line, flags)) for w in group])
        if not sets:
            raise ctx.error("E204", "'sets' lists no alternatives", "add - [form1, form2]", data.line_of("sets"))
        return cls(rule, sets, Conditions.parse(data, ctx))

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for doc in self.checked_documents(corpus):
            for group in self.sets:
                spans: list[list[tuple[int, int]]] = [
                    [m.span() for m in pat.finditer(doc.text) if self.conditions.allows(doc, *m.span())]
                    for _, pat in group
                ]
                used = [k for k, s in enumerate(spans) if s]
                if len(used) < 2:
                    continue
                major = max(used, key=lambda k: (len(spans[k]), -k))  # ties: the form listed first
                m_start, m_end = spans[major][0]
                expected = doc.text[m_start:m_end]
                for k in used:
                    if k == major:
                        continue
                    for start, end in spans[k]:
                        found = doc.text[start:end]
                        yield self.finding(
                            self.rule.message.format(found=found, expected=expected, count=len(spans[major])),
                            [doc.evidence(start, end), doc.evidence(m_start, m_end)],
                            suggestion=expected,
                            confidence=self.confidence,
                        )
