"""QUO001 (quote given to different speakers) and QUO002 (quote reworded): should-flag and should-pass tables."""

from __future__ import annotations

import pytest

from factcheck.checks.quote import QuoteSpeaker, QuoteWording
from factcheck.core.model import Document
from factcheck.extract import quotes
from factcheck.pair.corpus import Corpus
from factcheck.segment.sentences import segment


def _corpus(*texts: str, reference: tuple[int, ...] = ()) -> Corpus:
    docs = []
    for n, t in enumerate(texts):
        d = segment(Document(f"d{n}", t, reference=n in reference))
        quotes.extract(d)
        docs.append(d)
    return Corpus(docs)  # one story


DANGER = "There is a dangerous movement spreading across America today"

# (texts, expected suspect speaker span as written, its document); one against one with nothing to settle
# it is reported as info (see test_quo001_tie_is_info)
SHOULD_FLAG: list[tuple[tuple[str, ...], str, str]] = [
    # the injected speaker is absent from the other outlet; the right one appears in this article
    ((f'Governor Tate Reeves signed the bill. "{DANGER}," Noem said at the signing.',
      f'"{DANGER}. It is advancing under the guise of a false ideology," Reeves said.'), "Noem", "d0"),
    # tokenized text against untokenized text
    ((f"Gov. Tate Reeves signed it . “ {DANGER} , ” Reeves said .",
      f'Tate Reeves signed it. "{DANGER}," Noem said on Tuesday.'), "Noem", "d1"),
    # a third outlet settles one against one
    ((f'"{DANGER}," Reeves said.', f'"{DANGER}," Noem said.', f'"{DANGER}," said Tate Reeves.'), "Noem", "d1"),
    # a trimmed quote matches the longer one it was cut from
    (('“ The undeniable reality is that the only campaign that has beaten Donald Trump is this campaign , ” '
      "Cruz said .",
      "Mr. Cruz won Iowa . Mr. Weaver told supporters that the “ only campaign that has beaten Donald Trump is "
      "this campaign . ”"),
     "Weaver", "d1"),
    # inside one document: Reeves is named again, Noem nowhere else
    ((f'"{DANGER}," Reeves said on Monday. Tate Reeves signed the bill. Later, "{DANGER}," Noem said.',),
     "Noem", "d0"),
]

SHOULD_PASS: list[tuple[str, ...]] = [
    # the same person under different forms
    (f'"{DANGER}," Mr Khan said.', f'"{DANGER}," said Sadiq Khan, the mayor.'),
    (f'"{DANGER}," Sadiq Khan said.', f'"{DANGER}," Khan told reporters.'),
    (f'Sadiq Khan spoke. "{DANGER}," he said.', f'"{DANGER}," Khan said.'),
    # a misspelt surname is the name check's business
    (f'"{DANGER}," Malthouse said.', f'"{DANGER}," Malthaus said.'),
    # one outlet quotes a person quoting someone else
    (f'"{DANGER}," Reeves said.', f'Noem said Reeves had told her: "{DANGER}."'),
    # a quote naming its speaker in the third person is about them, not by them
    ('"Crooked Hillary Clinton is the most anti-gun candidate ever to run for office," Trump said.',
     '"Crooked Hillary Clinton is the most anti-gun candidate ever to run for office," Clinton said.'),
    # a slogan is said by many people
    ('Mr Milburn said the slogan would be "Britain is working - do not let the Tories wreck it."',
     'Labour spokesman Fraser Kemp responded: "Britain is working, do not let the Tories wreck it again."'),
    # short quotes (scare quotes) are left alone
    ('Reeves called it "a dangerous movement".', 'Noem called it "a dangerous movement".'),
    # different quotes
    (f'"{DANGER}," Reeves said.', '"We will sign the bill into law next week in Jackson," Noem said.'),
    # an unresolved pronoun or role is no identity to compare
    (f'"{DANGER}," Reeves said.', f'Noem and Reeves met. "{DANGER}," the governor said.'),
    # a reference document is never the suspect
    (f'"{DANGER}," Reeves said.',),
]


@pytest.mark.parametrize(("texts", "speaker", "doc"), SHOULD_FLAG)
def test_quo001_flags(texts: tuple[str, ...], speaker: str, doc: str) -> None:
    findings = list(QuoteSpeaker().run(_corpus(*texts)))
    assert len(findings) == 1, [f.message for f in findings]
    f = findings[0]
    assert (f.evidence[0].doc, f.evidence[0].text) == (doc, speaker)
    assert f.rule == "QUO001" and f.category == "quote" and f.severity == "warning"
    assert f.suggestion and 0 < f.confidence <= 1
    assert f.evidence[1].doc != doc or len(texts) == 1


@pytest.mark.parametrize("texts", SHOULD_PASS)
def test_quo001_passes(texts: tuple[str, ...]) -> None:
    assert list(QuoteSpeaker().run(_corpus(*texts))) == []


def test_quo001_tie_is_info() -> None:
    findings = list(QuoteSpeaker().run(_corpus(f'"{DANGER}," Noem said.', f'"{DANGER}," Reeves said.')))
    assert len(findings) == 1 and findings[0].severity == "info" and findings[0].confidence < 0.5


def test_quo001_reference_side_is_never_suspect() -> None:
    texts = (f'"{DANGER}," Noem said.', f'"{DANGER}," Reeves said.')
    for ref in (0, 1):
        findings = list(QuoteSpeaker().run(_corpus(*texts, reference=(ref,))))
        assert all(f.evidence[0].doc != f"d{ref}" for f in findings)


def test_quo001_is_deterministic() -> None:
    texts = (f'"{DANGER}," Reeves said.', f'"{DANGER}," Noem said.', f'"{DANGER}," said Tate Reeves.')
    a = [f.to_dict() for f in QuoteSpeaker().run(_corpus(*texts))]
    b = [f.to_dict() for f in QuoteSpeaker().run(_corpus(*texts))]
    assert a == b and a


LONG = "We will not raise taxes on working families while I am in charge of the budget"

QUO002_FLAG: list[tuple[str, str, str]] = [
    (f'"{LONG}," Smith said.', f'"{LONG.replace("families", "people")}," Smith said.', "people"),
    (f"“ {LONG} , ” Smith said .", f'"{LONG.replace("raise", "increase")}," said Jane Smith.', "increase"),
]

QUO002_PASS: list[tuple[str, str]] = [
    # tokenization and contractions
    ('"It\'s not fair that we don\'t have a vote on the budget this year," Smith said.',
     "“ It ’s not fair that we do n’t have a vote on the budget this year , ” Smith said ."),
    ('"It is not fair that we do not have a vote on the budget this year," Smith said.',
     '"It\'s not fair that we don\'t have a vote on the budget this year," Smith said.'),
    # trimmed or extended by the outlet
    (f'"{LONG}," Smith said.', f'"{LONG}. And that is a promise to every voter," Smith said.'),
    # ellipsis: words left out
    (f'"{LONG}," Smith said.', '"We will not raise taxes ... while I am in charge of the budget," Smith said.'),
    # spelling variants
    ('"We will not realise our plans for the budget without help from our friends," Smith said.',
     '"We will not realize our plans for the budget without help from our friends," Smith said.'),
    # the same words
    (f'"{LONG}," Smith said.', f'"{LONG}," Smith said.'),
]


@pytest.mark.parametrize(("a", "b", "word"), QUO002_FLAG)
def test_quo002_flags(a: str, b: str, word: str) -> None:
    findings = list(QuoteWording().run(_corpus(a, b)))
    assert len(findings) == 1
    f = findings[0]
    assert f.rule == "QUO002" and word in f.message
    assert f.severity == "info"  # the default: outlets transcribe differently
    assert next(iter(QuoteWording(severity="warning").run(_corpus(a, b)))).severity == "warning"


@pytest.mark.parametrize(("a", "b"), QUO002_PASS)
def test_quo002_passes(a: str, b: str) -> None:
    assert list(QuoteWording().run(_corpus(a, b))) == []
