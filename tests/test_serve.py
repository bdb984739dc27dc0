"""`factcheck serve` over HTTP: a real server on a loopback port, the hashing embedder (no model).
Every request is bounded in time (serve_helpers.CALL_S); no loop runs more than a few rounds."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import jsonschema
import pytest
from serve_helpers import call, running

from factcheck.api import check
from factcheck.core.errors import FactcheckError
from factcheck.embed.vectors import HashingEmbedder
from factcheck.findings.suppress import read_decisions
from factcheck.run.index import is_index, load_index
from factcheck.serve.run import choose_token, is_loopback

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests" / "schema_v1.json").read_text())
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DRAFT = ("Police minister Kit Malthouse visited Leeds on Monday. Kit Malthouse said the force had hired 300 "
         "officers.\n\nLater, Kit Malthaus met the chief constable. Kit Malthouse praised the staff.\n")


class Slow(HashingEmbedder):
    """Takes its time, so a request can outlast a limit or wait behind another."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def encode(self, texts):
        time.sleep(self.seconds)
        return super().encode(texts)


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> str:
    with running(tmp_path_factory.mktemp("serve")) as url:
        yield url


def test_health_version_rules_and_openapi(service: str) -> None:
    assert call(service + "/healthz")[:2] == (200, {"status": "ok", "documents": 0, "queue": 0})
    status, version, _ = call(service + "/version")
    assert status == 200 and version["model"].startswith("hashing")
    status, rules, _ = call(service + "/v1/rules")
    codes = {r["code"] for r in rules}
    assert status == 200 and {"NAM001", "NUM001"} <= codes
    status, one, _ = call(service + "/v1/rules/nam001")
    assert status == 200 and one["code"] == "NAM001" and "Why it matters" in one["explain"]
    status, spec, _ = call(service + "/openapi.json")
    assert status == 200 and {"/v1/check", "/v1/index", "/v1/rules/{code}"} <= set(spec["paths"])


def test_unknown_rule_and_path_are_coded_404s(service: str) -> None:
    status, body, _ = call(service + "/v1/rules/XYZ999")
    assert status == 404 and body["error"]["code"] == "E209"
    status, body, _ = call(service + "/no/such/path")
    assert status == 404 and body["error"]["code"] == "E404"


def test_check_returns_the_libraries_report_with_line_and_col(service: str) -> None:
    status, report, headers = call(service + "/v1/check", {"text": DRAFT, "id": "story"})
    assert status == 200
    jsonschema.validate(report, SCHEMA)
    expected = check(texts={"story": DRAFT}, model="hashing", cache=False)
    assert [(f["rule"], f["id"]) for f in report["findings"]] == [(f.rule, f.id) for f in expected.findings]
    assert any(f["rule"] == "NAM001" for f in report["findings"])
    for f in report["findings"]:
        for e in f["evidence"]:
            assert e["line"] >= 1 and e["col"] >= 1
            line = DRAFT.splitlines()[e["line"] - 1]
            assert line[e["col"] - 1:].startswith(e["text"][:10])
    assert float(headers["x-factcheck-seconds"]) >= 0


def test_several_drafts_and_references(service: str) -> None:
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    body = {"drafts": [{"text": texts[0], "id": "a"},
                       {"text": texts[1], "id": "b", "title": "B", "date": "2026-12-01"}],
            "references": [{"text": texts[2], "id": "ref"}]}
    status, report, _ = call(service + "/v1/check", body)
    assert status == 200
    jsonschema.validate(report, SCHEMA)
    kinds = {d["id"]: d["reference"] for d in report["documents"]}
    assert kinds == {"a": False, "b": False, "ref": True}
    assert report["findings"] and all(f["evidence"][0]["doc"] in {"a", "b"} for f in report["findings"])


def test_bad_requests_are_coded(service: str) -> None:
    status, body, _ = call(service + "/v1/check", {"txt": "typo"})
    assert status == 422 and body["error"]["code"] == "E405"
    status, body, _ = call(service + "/v1/check", {})
    assert status == 422 and body["error"]["code"] == "E405"
    status, body, _ = call(service + "/v1/check", raw=b"{not json")
    assert status == 422 and body["error"]["code"] == "E405"
    status, report, _ = call(service + "/v1/check", {"text": "   "})  # read as a file would be: E103
    assert status == 200 and report["findings"] == [] and report["errors"][0]["message"].startswith("E103")


def test_body_over_the_limit_is_413_declared_or_not(tmp_path: Path) -> None:
    with running(tmp_path, max_bytes=4096) as url:
        status, body, _ = call(url + "/v1/check", {"text": "word " * 2000})
        assert status == 413 and body["error"]["code"] == "E400"
        # no Content-Length: the body is counted as it arrives
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", int(url.rsplit(":", 1)[1]), timeout=30)
        conn.putrequest("POST", "/v1/check")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        chunk = b'{"text": "' + b"a" * 3000
        for _ in range(3):
            conn.send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        conn.send(b"0\r\n\r\n")
        r = conn.getresponse()
        assert r.status == 413 and json.loads(r.read())["error"]["code"] == "E400"
        conn.close()
        assert call(url + "/v1/check", {"text": DRAFT})[0] == 200  # a small one still passes


def test_a_slow_request_times_out_with_408(tmp_path: Path) -> None:
    with running(tmp_path, embedder=Slow(1.5), timeout=0.3) as url:
        status, body, _ = call(url + "/v1/check", {"text": DRAFT})
        assert status == 408 and body["error"]["code"] == "E402"


def test_requests_queue_and_a_full_queue_is_503(tmp_path: Path) -> None:
    with running(tmp_path, embedder=Slow(0.8), depth=2) as url:
        results: list[int] = []

        def one() -> None:
            results.append(call(url + "/v1/check", {"text": DRAFT})[0])

        threads = [threading.Thread(target=one) for _ in range(4)]
        for t in threads:
            t.start()
            time.sleep(0.05)
        for t in threads:
            t.join(timeout=60)
        assert sorted(results) == [200, 200, 503, 503]
        status, _body, _ = call(url + "/v1/check", {"text": DRAFT})
        assert status == 200  # the queue drained


def test_token_is_required_when_set(tmp_path: Path) -> None:
    with running(tmp_path, token="s3cret") as url:
        status, body, _ = call(url + "/v1/rules")
        assert status == 401 and body["error"]["code"] == "E401"
        assert call(url + "/v1/rules", headers={"Authorization": "Bearer wrong"})[0] == 401
        assert call(url + "/v1/rules", headers={"Authorization": "Bearer s3cret"})[0] == 200
        assert call(url + "/healthz")[0] == 200  # for supervisors
        status, _, headers = call(url + "/?token=s3cret")
        assert status == 200 and "factcheck_token=s3cret" in headers["set-cookie"]
        assert call(url + "/v1/rules", headers={"Cookie": "factcheck_token=s3cret"})[0] == 200


def test_an_address_off_this_machine_needs_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    with pytest.raises(FactcheckError) as e:
        choose_token("0.0.0.0", False)
    assert e.value.code == "E406"
    assert choose_token("127.0.0.1", False) is None
    monkeypatch.setenv("FACTCHECK_TOKEN", "chosen")
    assert choose_token("0.0.0.0", True) == "chosen"


def test_cli_refuses_a_public_address_without_a_token(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "factcheck", "serve", "--host", "0.0.0.0", "--state", str(tmp_path)],
                       capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 2 and "E406" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_index_grows_and_is_persisted(tmp_path: Path) -> None:
    state = tmp_path / "state"
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    archive = tmp_path / "archive.jsonl"
    archive.write_text(json.dumps({"id": "old", "text": texts[0]}) + "\n", encoding="utf-8")
    with running(state, [str(archive)]) as url:
        assert call(url + "/healthz")[1]["documents"] == 1
        status, body, _ = call(url + "/v1/index", {"articles": [{"text": texts[1], "id": "new"}, {"text": ""}]})
        assert status == 200 and body["added"] == 1 and body["documents"] == 2
        assert [e["message"][:4] for e in body["errors"]] == ["E103"]
        status, _report, _ = call(url + "/v1/check", {"text": texts[2], "id": "draft"})
        assert status == 200
    index = state / "index"
    assert is_index(index) and load_index(index).size == 2
    assert not [p for p in index.parent.iterdir() if p.name.startswith(".")]  # no temporary left
    with running(tmp_path / "again", [str(index)]) as url:  # a restart reads what was added
        assert call(url + "/healthz")[1]["documents"] == 2


def test_decisions_are_kept_with_who_and_when_and_export(service: str, tmp_path: Path) -> None:
    status, review, _ = call(service + "/v1/review", {"text": DRAFT, "story": "leeds visit"})
    assert status == 200 and review["findings"] >= 1
    status, page, headers = call(service + review["url"] + "?who=Ann")
    assert status == 200 and "connect-src &#x27;self&#x27;" in page and '"who":"Ann"' in page
    assert headers["content-security-policy"] == "frame-ancestors 'self'"  # only the service's page frames it
    status, report, _ = call(service + "/v1/check", {"text": DRAFT, "id": "leeds-visit"})
    f = report["findings"][0]
    change = {"id": f["id"], "rule": f["rule"], "doc": "leeds-visit", "text": f["evidence"][0]["text"],
              "status": "dismissed", "scope": "finding", "note": "house style"}
    status, body, _ = call(service + f"/v1/decisions/{review['key']}", {"who": "Ann", "changes": [change]})
    assert status == 200 and body == {"applied": 1}
    status, exported, headers = call(service + f"/v1/decisions/{review['key']}?download=true")
    assert status == 200 and "attachment" in headers["content-disposition"]
    [entry] = exported["decisions"]
    assert entry["who"] == "Ann" and entry["at"].endswith("Z") and entry["status"] == "dismissed"
    path = tmp_path / "decisions.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    assert f["id"] in read_decisions(path).by_id  # what `factcheck check --decisions` reads
    # the page shows it again, and a cleared decision is gone
    assert f'"id":"{f["id"]}"' in call(service + review["url"])[1]
    call(service + f"/v1/decisions/{review['key']}", {"who": "Bo", "changes": [{"id": f["id"], "status": ""}]})
    assert call(service + f"/v1/decisions/{review['key']}")[1]["decisions"] == []


def test_an_index_of_another_version_is_refused_at_start(tmp_path: Path) -> None:
    """Documents written by another factcheck (here: one with a layer this version does not have)
    stop the service at start with E172, not every request with an internal error."""
    import hashlib

    import numpy as np

    from factcheck.api import WarmChecker
    from factcheck.core.config import load_settings

    archive = tmp_path / "a.jsonl"
    archive.write_text(json.dumps({"id": "a", "text": SEEDS[0].read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    settings = load_settings({"model": "hashing"})
    ix = tmp_path / "ix"
    WarmChecker([str(archive)], settings=settings, index_dir=ix, cache=False)
    line = (ix / "documents.rows").read_bytes()
    assert line.startswith(b'{"c":["id",')
    line = line.replace(b'{"c":["id",', b'{"c":["claims","id",', 1).replace(b',"r":[', b',"r":[[],', 1)
    (ix / "documents.rows").write_bytes(line)  # its offsets, digests and checksums as that version wrote them
    np.save(ix / "doc_offsets.npy", np.asarray([0, len(line)], dtype=np.int64))
    np.save(ix / "doc_digests.npy", np.frombuffer(hashlib.sha256(line).digest(), np.uint8)[None, :])
    meta = json.loads((ix / "meta.json").read_text(encoding="utf-8"))
    for name in ("documents.rows", "doc_offsets.npy", "doc_digests.npy"):
        data = (ix / name).read_bytes()
        meta["files"][name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    meta["code"] = "newer"
    (ix / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(FactcheckError) as e:
        WarmChecker([str(ix)], settings=settings, cache=False)
    assert e.value.code == "E172" and "claims" in e.value.message
