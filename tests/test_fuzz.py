"""Property tests: the splitter, the extractors and the readers never crash and keep offsets
valid on any text; the rule loader raises only FactcheckError on any YAML. Plus pathological
inputs through the extractors (each must finish in seconds)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.core.errors import CODES, FactcheckError
from factcheck.core.model import Document
from factcheck.extract import extract
from factcheck.ingest._bytes import decode
from factcheck.ingest.html import html_text
from factcheck.ingest.read import read_documents
from factcheck.ingest.reader import Skip
from factcheck.rules.packs import parse_pack
from factcheck.segment.sentences import segment, split_sentences

# News-like pieces so the extractors' interesting paths are reached, not just random letters.
WORDS = ["Mr", "Mrs", "Ms", "Sir", "Dame", "Dr.", "Khan", "Sadiq", "Mark", "Rowley", "Met", "Home", "Office",
         "U.S.", "No.", "10", "£92m", "21,000", "six", "five", "forces", "officers", "said", "in", "2019",
         "January", "Monday", "the", "of", "and", "including", "such", "as", "Commissioner", "Police",
         "Secretary", "nearly", "one", "in", "seven", "%", "per", "cent", "$4.5", "million", "HMICFRS"]
PUNCT = [".", ",", ";", ":", "?", "!", "“", "”", '"', "'", "’", "‘", "(", ")", "-", "—", "\n", "\n\n", " . ", " , "]
piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT), st.text(max_size=3))
news_text = st.lists(piece, max_size=80).map(lambda xs: " ".join(xs))
any_text = st.one_of(news_text, st.text(max_size=300))
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_spans(doc: Document) -> None:
    t = doc.text
    for s in doc.sentences:
        assert t[s.start:s.end] == s.text and s.text == s.text.strip() and s.text
    layers = [doc.mentions, doc.titles, doc.quantities, doc.quotes, doc.dates]
    for layer in layers:
        for span in layer:
            assert 0 <= span.start <= span.end <= len(t), span
            assert t[span.start:span.end] == span.text, span
    for q in doc.quotes:
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start <= q.speaker_end <= len(t)
    for e in doc.enumerations:
        assert t[e.count_start:e.count_end] == e.count_text, e
        for a, b in e.items + e.excluded:
            assert 0 <= a <= b <= len(t), e


@FUZZ
@given(any_text)
def test_splitter_offsets_always_valid(text):
    last = 0
    for a, b in split_sentences(text):
        assert last <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip()
        last = b


@FUZZ
@given(any_text)
def test_extractors_never_crash_and_keep_offsets(text):
    doc = extract(segment(Document("fuzz", text)))
    assert_spans(doc)


@FUZZ
@given(st.text(max_size=400), st.sampled_from(["<p>", "<a href='", "<!--", "<script>", "</", "&amp", "<title>"]))
def test_html_reader_never_crashes(text, tag):
    title, body = html_text(tag + text + tag + text)
    assert isinstance(body, str) and (title is None or isinstance(title, str))


@FUZZ
@given(st.binary(max_size=600))
def test_decode_gives_text_or_a_coded_refusal(data):
    try:
        text = decode(data)
    except Skip as e:
        assert e.code == "E106"
    else:
        assert "\x00" not in text


@FUZZ
@given(st.lists(st.one_of(st.binary(max_size=80), st.sampled_from([b'{"text": "a."}', b'{"text": 1}', b"{", b"[]",
                                                                  b'{"text": "\xe9"}'])), max_size=8))
def test_archive_readers_never_crash(lines):
    data = b"\n".join(lines)
    with tempfile.TemporaryDirectory() as d:
        for name in ("a.jsonl", "a.csv", "a.txt", "a.html", "a.docx"):
            p = Path(d) / name
            p.write_bytes((b"text\n" if name == "a.csv" else b"") + data)
            docs, errors = read_documents([str(p)])
            for e in errors:
                assert e.code.startswith("E1") and e.code in CODES and "\n" not in e.message
            for doc in docs:
                assert doc.text.strip()


yaml_scalar = st.one_of(st.text(max_size=12), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False),
                        st.sampled_from(["substitution", "gazetteer", "error", "warning", "(a+)+$", "[", "TRM001"]))
yaml_value = st.recursive(yaml_scalar, lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(
    st.sampled_from(["code", "extends", "severity", "swap", "message", "rules", "tokens", "ignorecase", "level",
                     "people", "x", "params", "when", "scope"]) | st.text(max_size=6), kids, max_size=5)),
    max_leaves=20)


@FUZZ
@given(st.one_of(yaml_value.map(lambda v: __import__("yaml").safe_dump(v, allow_unicode=True)), st.text(max_size=300)))
def test_rule_loader_raises_only_factcheck_errors(source):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "pack.yml"
        p.write_text(source, encoding="utf-8")
        try:
            parse_pack(p)
        except FactcheckError as e:
            assert e.code.startswith("E2") and "\n" not in str(e).strip()


def test_yaml_is_loaded_safely():
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "evil.yml"
        p.write_text("!!python/object/apply:os.system ['touch pwned']\n")
        with pytest.raises(FactcheckError):
            parse_pack(p)
        assert not (Path.cwd() / "pwned").exists()


# Pathological inputs through segmentation and every extractor.
PATHOLOGICAL = {
    "100k commas": "Khan, " * 20_000 + "a," * 40_000,
    "10k nested quotes": "“" * 10_000 + "Mr Khan said" + "”" * 10_000,
    "200k-character sentence": "Sir Mark Rowley said six forces and " * 5_600,
    "100k words without punctuation": " ".join(["Police"] * 50_000 + ["officers"] * 50_000),
    "list of 20k names": "The six forces are " + ", ".join(f"Force{i}" for i in range(20_000)) + ".",
    "10k numbers": " ".join(f"{i:,} officers" for i in range(10_000)),
    "quote marks only": '"' * 50_000,
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_extractors_on_pathological_text_finish_in_seconds(name):
    doc = Document("p", PATHOLOGICAL[name])
    t0 = time.perf_counter()
    extract(segment(doc))
    elapsed = time.perf_counter() - t0
    assert_spans(doc)
    assert elapsed < 30, f"{name}: {elapsed:.1f}s"
