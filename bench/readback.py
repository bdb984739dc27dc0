"""What reading back safely costs: the cache's JSON rows, an index checked as a whole, hostile files refused.

    PYTHONPATH=. .venv/bin/python bench/readback.py [--docs 300] [--archive ../shared/bench/dev/archive.jsonl]

Prints, from this process:

1. prepared documents (the first --docs of the archive, extracted here): bytes and seconds to write
   and read them as JSON rows (``factcheck.core.docrows``, the invariants checked) against pickle, the
   format they replace (measured for comparison only: nothing here unpickles a file);
2. an index of those documents (HashingEmbedder vectors): its size, a cold ``load_index`` (every file
   hashed) and a second one in the same process (hashes remembered, as in a watch);
3. the .docx of 10 M empty paragraphs (88 KB zipped): seconds until it is refused (E104).
"""

from __future__ import annotations

import argparse
import io
import pickle
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT.parent / "shared" / "bench" / "dev" / "archive.jsonl"


def main() -> None:
    from factcheck.core.docrows import dump_document, load_document
    from factcheck.embed.vectors import HashingEmbedder, embed_documents
    from factcheck.ingest.docx_text import DocxError, docx_text
    from factcheck.ingest.read import read_documents
    from factcheck.run.index import load_index, write_index
    from factcheck.run.prepare import prepare_documents

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--archive", type=Path, default=ARCHIVE)
    args = ap.parse_args()

    docs, _ = read_documents([str(args.archive)])
    prepared, _ = prepare_documents(docs[: args.docs])
    t = time.perf_counter()
    rows = [dump_document(d) for d in prepared]
    t_dump = time.perf_counter() - t
    t = time.perf_counter()
    for r in rows:
        load_document(r)
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    pickles = [pickle.dumps(d, protocol=5) for d in prepared]
    t_pdump = time.perf_counter() - t
    t = time.perf_counter()
    for p in pickles:
        pickle.loads(p)  # our own bytes, made just above
    t_pload = time.perf_counter() - t
    print(f"{len(prepared)} prepared documents")
    print(f"  JSON rows  {sum(map(len, rows)) / 2**20:6.2f} MB  write {t_dump:.3f} s  read+check {t_load:.3f} s")
    print(f"  pickle     {sum(map(len, pickles)) / 2**20:6.2f} MB  write {t_pdump:.3f} s  read       {t_pload:.3f} s")

    emb, rows_of = embed_documents(prepared, HashingEmbedder(384))
    with tempfile.TemporaryDirectory() as tmp:
        where = write_index(Path(tmp) / "ix", prepared, emb, rows_of, model="hashing", code="bench")
        size = sum(f.stat().st_size for f in where.iterdir())
        t = time.perf_counter()
        load_index(where)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        load_index(where)
        warm = time.perf_counter() - t
    print(f"index of them: {size / 2**20:.1f} MB; load_index cold {cold:.3f} s, again in the process {warm:.3f} s")

    xml = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b"<w:body>" + b"<w:p/>" * 10_000_000 + b"</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", xml)
    t = time.perf_counter()
    try:
        docx_text(buf.getvalue(), 64 * 2**20)
        outcome = "read (!)"
    except DocxError as e:
        outcome = f"refused: {e}"
    print(f".docx of 10 M empty paragraphs ({len(buf.getvalue()) / 1024:.0f} KB): {time.perf_counter() - t:.2f} s, "
          f"{outcome}")


if __name__ == "__main__":
    main()
