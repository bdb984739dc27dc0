"""Load on `factcheck serve` over loopback: latency and throughput at 1, 4 and 16 concurrent clients,
and the service's memory over many requests. Bounded: every level stops after its requests or
--max-seconds, every request after --request-timeout, and the service is stopped at the end.

    .venv/bin/python bench/serve_load.py [--index DIR] [--clients 1,4,16] [--requests 40]
                                         [--memory-requests 1000] [--memory-clients 4]

The draft is the ../shared/bench/dev article nearest 500 words with one word changed in three places
(as bench/archive.py makes its draft); each request changes one more sentence of it (its request
number written into the first sentence), as a sub-editor's revisions would, so every request
encodes new text. The service runs with --no-cache: nothing is read from or written to the
shared embedding cache. The index defaults to /tmp/factcheck-serve-idx, built if missing from the
real articles bench/archive.py assembles (dev, wide and clean: about 2,250; minutes).
Targets (issue 24): p95 <= 300 ms at 1 client and <= 1 s at 4 on 2 cores, zero errors, flat memory.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from archive import DEV, make_archive  # noqa: E402

STARTUP_S = 600.0  # model, rules and a 2,250-article index: well under this even on a busy machine


def draft_text() -> str:
    texts = [json.loads(x)["text"] for x in DEV.read_text(encoding="utf-8").splitlines() if x.strip()]
    text = min(texts, key=lambda t: abs(len(t.split()) - 500))
    return text.replace(" the ", " the new ", 3)


def revision(text: str, n: int) -> str:
    """The draft with its first sentence changed for request ``n``."""
    head, dot, rest = text.partition(". ")
    return f"{head} (revision {n}){dot}{rest}"


def ensure_index(path: Path) -> Path:
    if (path / "meta.json").is_file():
        return path
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive.jsonl"
        n = make_archive(1, archive)
        print(f"building the index of {n} articles into {path} (once)", flush=True)
        subprocess.run([sys.executable, "-m", "factcheck", "index", "build", str(archive), "--out", str(path), "-q",
                        "--workers", "2"], check=True, cwd=ROOT, timeout=3600)
    return path


def start(index: Path, state: Path) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "factcheck", "serve", "--against", str(index), "--port", "0", "--state", str(state),
         "--no-cache", "--queue", "64", "--timeout", "120"],
        cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + STARTUP_S
    assert proc.stderr is not None
    t0 = time.monotonic()
    for line in proc.stderr:  # ends when the service exits
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
        if m:
            print(f"service ready in {time.monotonic() - t0:.1f} s: {line.strip()}", flush=True)
            threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
            return proc, int(m.group(1))
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise SystemExit("the service did not start")


def cpu_s(pid: int) -> float:
    """CPU seconds the service has used (user + system, all threads): per request, a figure that a
    busy machine changes less than the wall-clock latency."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Load:
    def __init__(self, port: int, text: str, timeout: float) -> None:
        self.port, self.text, self.timeout = port, text, timeout
        self.counter = 0
        self.lock = threading.Lock()

    def next_body(self) -> bytes:
        with self.lock:
            self.counter += 1
            n = self.counter
        return json.dumps({"text": revision(self.text, n), "id": "draft"}).encode()

    def level(self, clients: int, requests: int, max_seconds: float, on_done=None) -> dict:
        """``requests`` in all from ``clients`` threads; returns latencies, errors and wall time."""
        latencies: list[float] = []
        errors: list[str] = []
        left = [requests]
        stop_at = time.monotonic() + max_seconds

        def client() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            while True:
                with self.lock:
                    if left[0] <= 0 or time.monotonic() > stop_at:
                        break
                    left[0] -= 1
                body = self.next_body()
                t = time.perf_counter()
                try:
                    conn.request("POST", "/v1/check", body, {"Content-Type": "application/json"})
                    r = conn.getresponse()
                    payload = r.read()
                    ok = r.status == 200 and json.loads(payload).get("version") == 1
                except (OSError, http.client.HTTPException, ValueError) as e:
                    ok, payload = False, str(e).encode()
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                took = time.perf_counter() - t
                with self.lock:
                    latencies.append(took)
                    if not ok:
                        errors.append(payload[:200].decode("utf-8", "replace"))
                    done = len(latencies)
                if on_done:
                    on_done(done)
            conn.close()

        t0 = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max_seconds + self.timeout + 5)
        wall = time.perf_counter() - t0
        return {"latencies": latencies, "errors": errors, "wall": wall}


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", type=Path, default=Path("/tmp/factcheck-serve-idx"))
    ap.add_argument("--clients", default="1,4,16")
    ap.add_argument("--requests", type=int, default=40, help="requests per client level (at least 4 per client)")
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--memory-requests", type=int, default=1000)
    ap.add_argument("--memory-clients", type=int, default=4)
    ap.add_argument("--max-seconds", type=float, default=900.0, help="per level")
    ap.add_argument("--request-timeout", type=float, default=180.0)
    args = ap.parse_args()

    index = ensure_index(args.index)
    text = draft_text()
    print(f"draft: {len(text.split())} words; index: {index} "
          f"({json.loads((index / 'meta.json').read_text())['documents']} articles); cores: {os.cpu_count()}; "
          f"load average at start: {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory() as state:
        proc, port = start(index, Path(state))
        try:
            load = Load(port, text, args.request_timeout)
            load.level(1, args.warmup, args.max_seconds)
            print(f"RSS after warm-up: {rss_mb(proc.pid):.0f} MB", flush=True)
            total_errors = 0
            for clients in [int(c) for c in args.clients.split(",")]:
                n = max(args.requests, 4 * clients)
                cpu0 = cpu_s(proc.pid)
                r = load.level(clients, n, args.max_seconds)
                cpu = (cpu_s(proc.pid) - cpu0) / max(1, len(r["latencies"]))
                lat, errs = r["latencies"], r["errors"]
                total_errors += len(errs)
                print(f"{clients:>2} client{'s' if clients > 1 else ' '}: {len(lat)} requests, "
                      f"p50 {pct(lat, 0.5) * 1000:.0f} ms, p95 {pct(lat, 0.95) * 1000:.0f} ms, "
                      f"max {max(lat) * 1000:.0f} ms, throughput {len(lat) / r['wall']:.2f} req/s, "
                      f"service CPU {cpu * 1000:.0f} ms/request, "
                      f"errors {len(errs)}{' (' + errs[0] + ')' if errs else ''}; "
                      f"load average {os.getloadavg()[0]:.1f}", flush=True)
            if args.memory_requests:
                samples: list[tuple[int, float]] = [(0, rss_mb(proc.pid))]
                step = max(1, args.memory_requests // 10)

                def sample(done: int) -> None:
                    if done % step == 0:
                        samples.append((done, rss_mb(proc.pid)))

                r = load.level(args.memory_clients, args.memory_requests, args.max_seconds * 4, on_done=sample)
                total_errors += len(r["errors"])
                lat = r["latencies"]
                print(f"memory over {len(lat)} requests ({args.memory_clients} clients): RSS "
                      + ", ".join(f"{mb:.0f}" for _, mb in samples) + " MB "
                      f"(every {step}); growth over the second half "
                      f"{samples[-1][1] - samples[len(samples) // 2][1]:+.0f} MB; "
                      f"p50 {pct(lat, 0.5) * 1000:.0f} ms, p95 {pct(lat, 0.95) * 1000:.0f} ms, "
                      f"errors {len(r['errors'])}", flush=True)
            print(f"errors in all: {total_errors}")
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


if __name__ == "__main__":
    main()
