"""Quote and speaker extraction on real news sentences, tokenized and not."""

from __future__ import annotations

import pytest

from factcheck.core.model import Document, Entity, Mention
from factcheck.extract import quotes
from factcheck.segment.sentences import segment


def _doc(text: str) -> Document:
    doc = segment(Document("t", text))
    quotes.extract(doc)
    return doc


def _pairs(doc: Document) -> list[tuple[str, str | None]]:
    """(quote text, speaker span as written) per quote."""
    out = []
    for q in doc.quotes:
        assert doc.text[q.start:q.end] == q.text
        span = doc.text[q.speaker_start:q.speaker_end] if q.speaker_start is not None else None
        out.append((q.text, span))
    return out


# (text, [(quote text, speaker span as written or None), ...])
CASES: list[tuple[str, list[tuple[str, str | None]]]] = [
    # tokenized archive text (PAC dataset style)
    ("“ This resolution is an unnecessary , dangerous attempt to weaken my constitutional authorities , ” "
     "Trump said in a statement accompanying his veto .",
     [("This resolution is an unnecessary , dangerous attempt to weaken my constitutional authorities ,", "Trump")]),
    ("“ It ’s just curious why there is n’t more coming together , ” Ms. Capito said .",
     [("It ’s just curious why there is n’t more coming together ,", "Capito")]),
    ("Mr. McConnell said : “ We will not do it . ”", [("We will not do it .", "McConnell")]),
    ("“ The start of this investigation is suspect , ” his spokeswoman , Tricia Enright , said in a statement .",
     [("The start of this investigation is suspect ,", "Tricia Enright")]),
    ("“ Russia continues to threaten its neighbors , ” Sen. Sherrod Brown ( D - OH ) , the top Democrat on "
     "the Senate Banking Committee , told me .",
     [("Russia continues to threaten its neighbors ,", "Sherrod Brown")]),
    ("“ You ca n’t take six bills that do n’t work and put them together , ” Republican Kentucky Rep . "
     "Thomas Massie said in a floor speech .",
     [("You ca n’t take six bills that do n’t work and put them together ,", "Thomas Massie")]),
    ("“ Under the president ’s policy , the struggling family gets left out , ” said Representative Pete Olson , "
     "Republican of Texas . “ That ’s unfair . ”",
     [("Under the president ’s policy , the struggling family gets left out ,", "Pete Olson"),
      ("That ’s unfair .", "Pete Olson")]),
    ("On Tuesday night , Mr. Weaver told supporters that the contests have shown the “ undeniable reality ” "
     "that the “ only campaign that can beat Donald Trump is this campaign . ”",
     [("undeniable reality", "Weaver"), ("only campaign that can beat Donald Trump is this campaign .", "Weaver")]),
    ('" If there is a gun violence prevention measure , I feel pretty sure that red - flag law will be part of it , " '
     "said Blumenthal , who worked with Sen. Lindsey Graham in 2019 .",
     [("If there is a gun violence prevention measure , I feel pretty sure that red - flag law will be part of it ,",
       "Blumenthal")]),
    ('" They \'re just having to deal with the anxiety , " Welch said .',
     [("They 're just having to deal with the anxiety ,", "Welch")]),
    # untokenized text (BBC and online outlets)
    ('"Today\'s no change decision is correct," said David Frost, Director General of the British Chambers of '
     'Commerce (BCC).',
     [("Today's no change decision is correct,", "David Frost")]),
    ("Mr Frost added: \"The housing market is slowing.\"", [("The housing market is slowing.", "Frost")]),
    ('"Vodafone is going to need to put a lot of money into Japan," Tetsuro Tsusaka, a telecoms analyst with '
     'Deutsche Bank, told Reuters. "I do not know if it will be worth it."',
     [("Vodafone is going to need to put a lot of money into Japan,", "Tetsuro Tsusaka"),
      ("I do not know if it will be worth it.", "Tetsuro Tsusaka")]),
    ("“The plan very effectively targets high-income taxpayers,” Steven Rosenthal, senior fellow at the "
     "Urban-Brookings Tax Policy Center, told Yahoo Money.",
     [("The plan very effectively targets high-income taxpayers,", "Steven Rosenthal")]),
    ('"It\'s hard to see how America was served by the spectacle," Oliver Darcy wrote in a newsletter.',
     [("It's hard to see how America was served by the spectacle,", "Oliver Darcy")]),
    ('"I think the people running the place are still working on that," Mr Davidson said.',
     [("I think the people running the place are still working on that,", "Davidson")]),
    ('Kasich spokesman Jon Weaver said, "Republicans are now left to wonder."',
     [("Republicans are now left to wonder.", "Jon Weaver")]),
    ('"I think so," Whitehouse Communications Director Richard Davidson said.',
     [("I think so,", "Richard Davidson")]),
    ("“Putting the agenda of polluters ahead of the American public is bad policy,” said Michael Brune, "
     "executive director of the Sierra Club.",
     [("Putting the agenda of polluters ahead of the American public is bad policy,", "Michael Brune")]),
    ('The Bank cut rates, according to Jane Smith. "It was the right call," Ms Smith said.',
     [("It was the right call,", "Smith")]),
    ('HM Inspector of Constabulary, Lee Freeman, said the Met was going through a "significant" transformation.',
     [("significant", "Lee Freeman")]),
    ('"Vodafone is going to need money," said EEF chief economist, Steve Radley.',
     [("Vodafone is going to need money,", "Steve Radley")]),
    ('"We can carve that bird into pieces." House Speaker John Boehner said last week that reform is not dead.',
     [("We can carve that bird into pieces.", None)]),
    ('Because the Constitution says that such a right "was entirely unknown in American law" until then.',
     [("was entirely unknown in American law", None)]),
    ('Carl Emmerson told BBC News: "We are not so sure." David Page, of Investec, said: "It is too optimistic."',
     [("We are not so sure.", "Carl Emmerson"), ("It is too optimistic.", "David Page")]),
    ("“ This has got to be done soon , ” Ms. Granholm told CNN ’s “ State of the Union . ”",
     [("This has got to be done soon ,", "Granholm"), ("State of the Union .", None)]),
    # a quote continued over paragraphs: no closing mark, next paragraph opens with a mark
    ('"We are not going anywhere," said Anna Brown.\n\n"This is the first part of it.\n\n"And this is the end."',
     [("We are not going anywhere,", "Anna Brown"), ("This is the first part of it.", "Anna Brown"),
      ("And this is the end.", "Anna Brown")]),
    # no speaker: a role without a name, scare quotes, a new sentence after a full-stop quote
    ('" Our families are separated , " a young man yelled during remarks .',
     [("Our families are separated ,", None)]),
    ('The flights were "voluntary." Lawyers for Civil Rights had asked state authorities to act.',
     [("voluntary.", None)]),
    ('Florida said the flights were "voluntary." Lawyers for Civil Rights had asked state authorities to act.',
     [("voluntary.", "Florida")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_quote_and_speaker_spans(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _pairs(_doc(text)) == expected


def test_speaker_span_excludes_honorific() -> None:
    doc = _doc("On Tuesday night , Mr. Weaver told supporters : “ We won . ”")
    q = doc.quotes[0]
    assert doc.text[q.speaker_start:q.speaker_end] == "Weaver"
    assert q.speaker == "Weaver"


def test_pronoun_resolved_to_previous_speaker() -> None:
    doc = _doc('"We will win," said Jane Doe. She paused. "It is over," she said.')
    assert [q.speaker for q in doc.quotes] == ["Jane Doe", "Jane Doe"]
    second = doc.quotes[1]
    assert doc.text[second.speaker_start:second.speaker_end] == "she"


def _with_smith(honorific: str) -> Document:
    text = f'"We will win," said Jane Doe. {honorific} Smith disagreed. "It is over," she said.'
    doc = segment(Document("t", text))
    at = text.index("Smith")
    doc.mentions = [Mention(at, at + 5, "Smith", 1, "person", "Smith", None, "Smith", honorific, 0)]
    doc.entities = [Entity(0, "person", "Smith", "Smith", [0])]
    quotes.extract(doc)
    return doc


def test_pronoun_not_resolved_across_another_person() -> None:
    # another woman named between Jane Doe's quote and "she said": ambiguous, left as written
    assert _with_smith("Ms").quotes[1].speaker == "she"


def test_pronoun_skips_a_person_of_the_other_gender() -> None:
    assert _with_smith("Mr").quotes[1].speaker == "Jane Doe"


def test_speaker_entity_linked_by_mention() -> None:
    text = '"Taxes will rise," Sadiq Khan said.'
    doc = segment(Document("t", text))
    at = text.index("Sadiq")
    doc.mentions = [Mention(at, at + 10, "Sadiq Khan", 0, "person", "Sadiq Khan", "Sadiq", "Khan", None, 0)]
    doc.entities = [Entity(0, "person", "Sadiq Khan", "Khan", [0])]
    quotes.extract(doc)
    assert doc.quotes[0].speaker_entity == 0


def test_empty_and_unbalanced_text() -> None:
    assert _doc("").quotes == []
    assert _doc('He said " and never closed it').quotes == []
    doc = _doc("No quotes here at all.")
    assert doc.quotes == [] and "quotes" in doc.layers
