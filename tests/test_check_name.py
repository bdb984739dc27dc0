"""NAM001-NAM003: should-flag and should-pass tables."""

from __future__ import annotations

import pytest
from corpora import name_corpus as corpus

from factcheck.checks.name import HonorificConsistency, NameSpelling, OrgNaming

KHAN = ("London Mayor Sadiq Khan was blamed. Khan told her he was not convinced. Mr Khan said the cuts hurt. "
        "Khan responded by saying it was unfair. ")

# (texts, wrong span text, suggested right form)
NAM001_FLAG = [
    ((KHAN + "The minister attacked Hahn, who is also the police commissioner.",), "Hahn", "Khan"),
    # one against one: the spelling unknown in public use is the slip, whichever comes first
    (("Police Secretary Keith Malthaus rewrote his speech. Later Malthouse said: \u201cIt is serious.\u201d",),
     "Malthaus", None),
    (("Police Secretary Keith Malthaus attacked the police commissioner for London. Malthouse said: \u201cIt is "
      "serious.\u201d",), "Malthaus", None),
    (("Fort Hood was attacked. Sandy Hook mourned. The Sandy Hook families met.",), None, None),
    (("Michael Howard launched the manifesto. Mr Howard said taxes would fall. Mr Howaard also called for "
      "discipline in schools.",), "Howaard", "Howard"),
    (("Tony Blair spoke in Sedgefield. Mr Blair said the economy was strong.",
      "The Conservatives attacked Tony Blayr over the war. Labour defended Mr Blair."), "Blayr", "Blair"),
    (("Seattle's mayor joined the protest. The mayor of Seattle said the city would sue. Seatle's police "
      "chief resigned.",), "Seatle", "Seattle"),
    (("Jen Psaki told reporters the talks would go on. Psaki said the president was confident.",
      "White House press secretary Jen Psaaki said later that the president was confident."), "Psaaki", "Psaki"),
    # a spelling no public text uses, one letter from a common name, is its garble even beside another
    # given name (a husband and wife share the surname)
    (("\u201cHe is never coming home,\u201d said Charles Johnsun, whose wife, Kira Johnson, died in May. Kira "
      "Johnson was 39. Johnson had been healthy.",), "Johnsun", "Johnson"),
    # a vowel garbled in a name whose right form the story uses only outside person names (a squad list)
    (("Subs not used: Simpson, Talbot, Wood.\nKevin Pilkington saved well from Michael Sympson. Simpson went off "
      "injured.",), "Sympson", "Simpson"),
]


@pytest.mark.parametrize(("texts", "wrong", "right"), NAM001_FLAG)
def test_nam001_flags(texts: tuple[str, ...], wrong: str | None, right: str | None) -> None:
    found = list(NameSpelling().run(corpus(*texts)))
    if wrong is None:  # a should-pass row kept next to its look-alike
        assert found == [], [f.message for f in found]
        return
    hits = [f for f in found if f.evidence[0].text == wrong]
    assert hits, [f.message for f in found]
    f = hits[0]
    assert f.severity == "warning" and f.category == "name"
    assert 2 <= len(f.evidence) <= 3
    if right:
        assert f.suggestion == right
        assert all(e.text == right for e in f.evidence[1:])


NAM001_PASS = [
    # honorifics and titles are not misspellings
    ("Cressida Dick resigned in February. Dame Cressida said she was proud. Dick had been in post since 2017.",),
    ("Mark Rowley left the Met in 2018. Sir Mark Rowley is now the commissioner. Rowley said so.",),
    (KHAN,),
    # distinct real people with close names
    ("Gordon Brown presented the budget. Mr Brown said growth was strong. Defence Secretary Des Browne agreed. "
     "Mr Brown smiled.",),
    ("Kenneth Clarke spoke first. Mr Clarke said no. Charles Clark, the home secretary, agreed with Mr Clarke.",),
    ("Boris Johnson arrived. Mr Johnson spoke. Later Alan Johnston, the BBC reporter, was freed. Johnson welcomed "
     "it.",),
    # derived forms and common words
    ("Texas sued. The Texas attorney general said Texans would win. Texas officials agreed.",),
    ("The Czech government said the Czechs would vote. Czech voters agreed.",),
    ("Donald Trump met Ronald Reagan's widow. Donald Trump said so.",),
    ("Rick Perry spoke. Later Susan Rice said Rick Perry was wrong.",),
    ("WorldCom collapsed. WorldCom's boss left. Worldcom shares fell.",),
    # a rare real name is not a garble of a common word with a consonant changed ("Tim Koogle", Google)
    ("Google grew. Google hired. Google listed its shares. Yahoo replaced chief executive Tim Koogle.",),
    # a word in common public use is not the garble of a rare one, however often the story repeats it
    ("A gunman opened fire on Le Carillon bar before heading across the road to Le Petit Cambodge (Little "
     "Cambodia), killing at least 12 people.",
     '"We heard the sound of guns," Pierre Montfort, a resident living close to Le Petit Cambodge, said.',
     "Diners at Le Petit Cambodge were hit. Le Petit Cambodge is a Cambodian restaurant."),
]


@pytest.mark.parametrize("texts", NAM001_PASS)
def test_nam001_passes(texts: tuple[str, ...]) -> None:
    found = [f for f in NameSpelling().run(corpus(*texts)) if f.severity != "info"]
    assert found == [], [f.message for f in found]


NAM002_FLAG = [
    ("A source close to Mr Khan said he would draw no lessons from Ms Patel. Both Ms Patel and Mr Khan "
     "supported it. \u201cI expect action,\u201d said Mrs Patel.", "Mrs Patel", "Ms Patel"),
    ("Miss Smith won the race. Mrs Smith said she trained daily. Miss Smith thanked her coach.", "Mrs Smith",
     "Miss Smith"),
]


@pytest.mark.parametrize(("text", "wrong", "right"), NAM002_FLAG)
def test_nam002_flags(text: str, wrong: str, right: str) -> None:
    found = list(HonorificConsistency().run(corpus(text)))
    assert [f.evidence[0].text for f in found] == [wrong]
    assert found[0].suggestion == right and found[0].severity == "warning"


NAM002_PASS = [
    "Mr Smith and Mrs Smith arrived together; Mrs Smith spoke.",  # two people
    "Ms Patel spoke. Ms Patel left.",
    "Ms Patel spoke in London.",
    "Mrs Patel spoke.",
]


@pytest.mark.parametrize("text", NAM002_PASS)
def test_nam002_passes(text: str) -> None:
    assert list(HonorificConsistency().run(corpus(text))) == []


def test_nam003_flags_acronym_variants() -> None:
    c = corpus("Forces were judged by the HMIC, the official police inspectorate.",
               "His Majesty\u2019s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) assessed the "
               "force. HMICFRS inspected it.")
    found = list(OrgNaming().run(c))
    assert len(found) == 1
    f = found[0]
    assert f.evidence[0].text == "HMIC" and f.severity == "info" and f.suggestion == "HMICFRS"


@pytest.mark.parametrize("texts", [
    ("The HMIC said so.", "The HMIC agreed."),
    ("The BBC said so.", "The FBI agreed."),
    ("The NHS said so.", "The NHSX agreed."),  # a true prefix variant: reported, but only as info
])
def test_nam003_passes(texts: tuple[str, ...]) -> None:
    found = list(OrgNaming().run(corpus(*texts)))
    if texts[1].startswith("The NHSX"):
        assert len(found) == 1  # a true prefix variant is reported, as info
        assert found[0].severity == "info"
    else:
        assert found == []


@pytest.mark.parametrize(("a", "b"), [("Pakistan", "Pakistanis"), ("Olympic", "Olympian"), ("Morocco", "Moroccan"),
                                      ("Agriculture", "Agricultural"), ("Frenchman", "Frenchmen")])
def test_derived_forms_are_two_words(a: str, b: str) -> None:
    from factcheck.checks.name import _inflected

    assert _inflected(a, b) and _inflected(b, a)


@pytest.mark.parametrize(("a", "b"), [("Tansley", "Tanslei"), ("Cosby", "Cosbi"), ("Greenspan", "Greenspen"),
                                      ("Rico", "Rice")])
def test_slips_at_the_end_of_a_name_are_not_inflections(a: str, b: str) -> None:
    from factcheck.checks.name import _inflected

    assert not _inflected(a, b)


NAM001_IDENTITY_PASS = [
    # a spelling common in public use needs evidence of identity
    ("Talks focused on Iran, Iraq and China. Iraq was the main topic; Iraq dominated.",),
    # different given names: different people
    ("Nominees include Michael Mann for Collateral and Michel Gondry for Eternal Sunshine. Michael Mann won.",),
    # names listed side by side in a squad are different people
    ("Abbott, Balshaw, Borthwick, Brown, Chuter, Cohen, Corry, Cueto, Dawson, Ellis, Flatman.\n"
     "Dowson, Haughton, Monye, Roques, Sanderson, Skinner, Smith, Stevens, Tait, Voyce.",),
]


@pytest.mark.parametrize("texts", NAM001_IDENTITY_PASS)
def test_nam001_asks_for_identity(texts: tuple[str, ...]) -> None:
    found = list(NameSpelling().run(corpus(*texts)))
    assert found == [], [f.message for f in found]
