"""Archive index: build, load, and check a draft against it exactly as against the archive files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from archive_texts import seed_texts, variants

from factcheck import api
from factcheck.core.errors import ArchiveIndexError
from factcheck.embed.vectors import HashingEmbedder
from factcheck.run.index import is_index, load_index


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    with open(root / "archive.jsonl", "w", encoding="utf-8") as f:
        for k, v in variants(12).items():
            f.write(json.dumps({"id": k, "text": v}) + "\n")
        f.write(json.dumps({"id": "other", "text": "The weather was mild on Tuesday. Rain is due later."}) + "\n")
    # The draft: one seed article with a changed figure, so findings cite the archive.
    draft = seed_texts()[0]
    (root / "draft.txt").write_text(draft, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def index(archive) -> Path:
    where, n, errors, _ = api.build_index([str(archive / "archive.jsonl")], archive / "idx", embedder=HashingEmbedder(),
                                       cache=False)
    assert n == 13 and not errors
    return where


def test_index_round_trip(index):
    assert is_index(index)
    idx = load_index(index)
    assert idx.meta["model"] == HashingEmbedder().name and idx.size == 13
    docs = idx.documents([0, 12])
    assert [d.id for d in docs] == ["v00", "other"] and all(d.reference for d in docs)
    assert docs[0].sentences and docs[0].mentions  # layers came back with the text
    for d in docs:
        for s in d.sentences:
            assert d.text[s.start:s.end] == s.text
    rows = idx.rows(0)
    assert rows.dtype == np.float32 and rows.shape == (len(docs[0].sentences), HashingEmbedder().dim)
    assert np.allclose(rows, HashingEmbedder().encode([s.text for s in docs[0].sentences]))


def test_check_against_index_equals_check_against_files(archive, index):
    draft = [str(archive / "draft.txt")]
    via_files = api.check(draft, against=[str(archive / "archive.jsonl")], embedder=HashingEmbedder(), cache=False)
    via_index = api.check(draft, against=[str(index)], embedder=HashingEmbedder(), cache=False)
    assert via_files.findings
    # The same problems flagged at the same spans, in the same order ...
    spans = [(f.rule, f.evidence[0]) for f in via_files.findings]
    assert [(f.rule, f.evidence[0]) for f in via_index.findings] == spans
    # ... and identical findings wherever the evidence lies in the draft's story neighbours
    # (a corpus-wide check may also cite an unrelated archive article in a full run).
    loaded = {d.id for d in via_index.documents}
    local = [f.to_dict() for f in via_files.findings if {e.doc for e in f.evidence} <= loaded]
    assert local and all(f in [g.to_dict() for g in via_index.findings] for f in local)
    # Only the draft's story neighbours were loaded from the archive.
    assert 1 < len(via_index.documents) < len(via_files.documents)
    assert "other" not in {d.id for d in via_index.documents}


def test_index_with_another_model_is_refused(index, archive):
    with pytest.raises(ArchiveIndexError, match="E173"):
        api.check([str(archive / "draft.txt")], against=[str(index)], embedder=HashingEmbedder(dim=64), cache=False)


def test_rebuild_replaces_the_folder_atomically(archive, index):
    before = load_index(index).meta["created"]
    where, n, _, _ = api.build_index([str(archive / "archive.jsonl")], index, embedder=HashingEmbedder(), cache=False)
    assert where == index and n == 13 and load_index(index).meta["created"] >= before
    assert not list(index.parent.glob(".idx.*"))  # no temporary folder left behind


def test_refuses_to_overwrite_a_foreign_folder(archive, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ArchiveIndexError, match="E174"):
        api.build_index([str(archive / "archive.jsonl")], tmp_path, embedder=HashingEmbedder(), cache=False)


def test_cli_index_build_then_check_against_it(archive, tmp_path):
    from typer.testing import CliRunner

    from factcheck.cli import app

    runner = CliRunner()
    built = runner.invoke(app, ["index", "build", str(archive / "archive.jsonl"), "--out", str(tmp_path / "ix"),
                                "--model", "hashing", "--no-cache", "-q"])
    assert built.exit_code == 0, built.output
    assert "indexed 13 documents" in built.output and is_index(tmp_path / "ix")
    out = tmp_path / "draft.json"
    checked = runner.invoke(app, ["check", str(archive / "draft.txt"), "--against", str(tmp_path / "ix"),
                                  "--model", "hashing", "--no-cache", "-q", "--json", str(out), "--fail-on", "never",
                                  "--workers", "2"])
    assert checked.exit_code == 0, checked.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["findings"] and len(data["documents"]) < 14


class _Precise(HashingEmbedder):
    """A hashing embedder that says it runs in a given precision, as the real one does."""

    def __init__(self, precision: str) -> None:
        super().__init__()
        self.precision = precision


def test_index_built_in_one_precision_serves_the_other(archive, tmp_path, capsys):
    where, _, _, _ = api.build_index([str(archive / "archive.jsonl")], tmp_path / "bf16.idx",
                                  embedder=_Precise("bfloat16"), cache=False)
    assert load_index(where).meta["precision"] == "bfloat16"
    assert load_index(where).meta["encoder"] == "torch-bfloat16"
    draft = [str(archive / "draft.txt")]
    same = api.check(draft, against=[str(where)], embedder=_Precise("bfloat16"), cache=False)
    assert same.warnings == []
    other = api.check(draft, against=[str(where)], embedder=_Precise("float32"), cache=False)
    assert len(other.warnings) == 1
    assert other.warnings[0].startswith("W172") and "--encoder torch-bfloat16" in other.warnings[0]
    assert capsys.readouterr().err == ""  # the library reports through the result, never on stderr
    assert [(f.rule, f.evidence[0]) for f in other.findings] == [(f.rule, f.evidence[0]) for f in same.findings]


def test_index_of_another_model_is_refused_with_the_flag_to_pass(index, archive):
    other = HashingEmbedder()
    other.name = "some-other-model"
    with pytest.raises(ArchiveIndexError, match=r"E173 .*--model hashing-512"):
        api.check([str(archive / "draft.txt")], against=[str(index)], embedder=other, cache=False)


def test_an_index_built_before_the_stage_folders_is_refused_never_unpickled(tmp_path):
    """Its documents were pickled (format 2, as factcheck.model.Document): E172 'rebuild it', and the
    pickles are never loaded, under the old module path or the new one."""
    import pickle

    from factcheck.core.model import Document

    old = pickle.dumps(Document(id="a", text="Sir Mark Rowley spoke.", title="T"), protocol=2)
    ix = tmp_path / "ix"
    ix.mkdir()
    (ix / "meta.json").write_text(json.dumps({"kind": "factcheck-index", "format": 2}), encoding="utf-8")
    (ix / "documents.bin").write_bytes(old.replace(b"factcheck.core.model\n", b"factcheck.model\n"))
    with pytest.raises(ArchiveIndexError, match=r"E172 .*index format 2") as e:
        load_index(ix)
    assert "rebuild it" in str(e.value.hint)
