"""Flag a wrong word or phrase and suggest the right one (rule type `substitution`).

What it does: each rule lists swaps (`wrong` -> `right`, literal whole words or regexes)
and, optionally, conditions as data: `when: {any: [...]}` words that must occur in the
document (or the paragraph/sentence, with `scope:`), `unless:` words that must not, and
`exceptions:` phrases that make a match legitimate ("Department of Labor"). Every match
that passes is reported on its exact span with the right form as the suggestion.
Why it matters: translation and autocorrect slips ("Labor" for the UK Labour party,
"Interior Ministry" for the Home Office) read as plausible English, so spell checkers
and embeddings pass them; a sub-editor knows the house terms, and this writes them down.
Example: `swap: [{wrong: Labor, right: Labour}]` with `when: {any: [Westminster, NHS]}`
flags "while Labor has said" in an article about London policing, not in one about the
US Department of Labor.
Known problems: conditions are word lists, not understanding: a UK article quoting the
Australian Labor party needs an `unless:` or an exception; matches inside quotations
are reported like any other text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from factcheck.checks.rulekit import LineDict, LineList, Rule, RuleCheck, RuleContext
from factcheck.checks.rulematch import Conditions, compile_regex, literal_regex
from factcheck.core.model import Finding
from factcheck.pair.corpus import Corpus

SWAP_KEYS = ("wrong", "right", "regex")


@dataclass
class Swap:
    pattern: re.Pattern[str]
    right: str
    regex: bool


def _bad_group_ref(right: str, pattern: re.Pattern[str]) -> str | None:
    for m in re.finditer(r"\\(\d+)|\\g<(\w+)>", right):
        ref = m.group(1) or m.group(2)
        ok = int(ref) <= pattern.groups if ref.isdigit() else ref in pattern.groupindex
        if not ok:
            return ref
    return None


class SubstitutionCheck(RuleCheck):
    __doc__ = __doc__  # the module docstring (house template) is the type's documentation
    rule_keys = ("swap", "regex", "ignorecase", "exceptions", "when", "unless")
    scope = "story"  # one document at a time
    reach = 0  # reads its own text only
    placeholders = ("wrong", "right")
    default_category = "term"
    default_message = "'{wrong}' is probably wrong here: use '{right}'"

    def __init__(self, rule: Rule, swaps: list[Swap], exceptions: list[re.Pattern[str]], conditions: Conditions):
        super().__init__(rule)
        self.swaps, self.exceptions, self.conditions = swaps, exceptions, conditions

    @classmethod
    def from_rule(cls, rule: Rule, ctx: RuleContext) -> SubstitutionCheck:
        data = rule.data
        regex = ctx.optional(data, "regex", bool, False, "regex: true")
        flags = re.IGNORECASE if ctx.optional(data, "ignorecase", bool, False, "ignorecase: true") else 0
        raw = ctx.require(data, "swap", (list, dict), "a substitution rule", "swap: [{wrong: Labor, right: Labour}]")
        items: list[tuple[LineDict, int]] = []
        if isinstance(raw, dict):  # shorthand: `swap: {Labor: Labour}`
            for wrong, right in raw.items():
                item = LineDict(wrong=wrong, right=right)
                item.line, item.key_lines = raw.line_of(wrong), {}
                items.append((item, raw.line_of(wrong)))
        else:
            for i, item in enumerate(raw):
                line = raw.line_at(i) if isinstance(raw, LineList) else data.line_of("swap")
                if not isinstance(item, dict):
                    raise ctx.error("E205", f"swap {i + 1} must be a mapping with wrong and right",
                                    "write - {wrong: Labor, right: Labour}", line)
                items.append((item, line))
        if not items:
            raise ctx.error("E204", "'swap' lists no substitutions", "add - {wrong: ..., right: ...}",
                            data.line_of("swap"))
        swaps = []
        for item, _line in items:
            ctx.check_keys(item, SWAP_KEYS, "a swap")
            wrong = ctx.require(item, "wrong", str, "a swap", "wrong: Labor")
            right = ctx.require(item, "right", str, "a swap", "right: Labour")
            is_regex = ctx.optional(item, "regex", bool, regex, "regex: true")
            pattern = compile_regex(wrong if is_regex else literal_regex(wrong), ctx, item.line_of("wrong"), flags)
            if is_regex:  # a bad group reference in `right` would otherwise fail only on the first match
                bad = _bad_group_ref(right, pattern)
                if bad:
                    raise ctx.error("E206", f"replacement {right!r} refers to group {bad}, which the regex lacks",
                                    r"refer only to groups the regex has, e.g. \1", item.line_of("right"))
            swaps.append(Swap(pattern, right, is_regex))
        exceptions = [
            compile_regex(e if regex else literal_regex(e), ctx, data.line_of("exceptions"), flags)
            for e in ctx.text_list(data, "exceptions", 'exceptions: ["Department of Labor"]')
        ]
        for (item, _), swap in zip(items, swaps, strict=True):
            wrong = item["wrong"]
            if not swap.regex and any(e.fullmatch(wrong) for e in exceptions):
                raise ctx.error("E205", f"an exception matches the whole of '{wrong}', so this swap can never fire",
                                "make the exception longer than the wrong form (quote entries containing commas)",
                                data.line_of("exceptions"))
        return cls(rule, swaps, exceptions, Conditions.parse(data, ctx))

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        for doc in self.checked_documents(corpus):
            hits: list[tuple[int, int, int, re.Match[str], Swap]] = []
            for k, swap in enumerate(self.swaps):
                for m in swap.pattern.finditer(doc.text):
                    if m.end() > m.start():
                        hits.append((m.start(), -(m.end() - m.start()), k, m, swap))
            hits.sort(key=lambda h: h[:3])
            taken_end = -1
            for start, _, _, m, swap in hits:
                end = m.end()
                if start < taken_end or self._excepted(doc.text, start, end):
                    continue
                if not self.conditions.allows(doc, start, end):
                    continue
                taken_end = end
                right = m.expand(swap.right) if swap.regex else swap.right
                if right == m.group():
                    continue
                yield self.finding(
                    self.rule.message.format(wrong=m.group(), right=right),
                    [doc.evidence(start, end)],
                    suggestion=right,
                    confidence=self.confidence,
                )

    def _excepted(self, text: str, start: int, end: int) -> bool:
        """An exception phrase overlapping the match makes it legitimate."""
        lo, hi = max(0, start - 200), min(len(text), end + 200)
        for pat in self.exceptions:
            for m in pat.finditer(text, lo, hi):
                if m.start() < end and start < m.end():
                    return True
        return False
