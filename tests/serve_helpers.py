"""A real `factcheck serve` application on a loopback port, in this process (a thread runs uvicorn),
and a small HTTP client whose every call is bounded in time."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from factcheck.api import WarmChecker
from factcheck.core.config import load_settings

STARTUP_S = 30.0  # the longest a server may take to listen
CALL_S = 60.0  # the longest one request may take


@contextmanager
def running(state: Path, against: Sequence[str] = (), *, embedder: Any = None, **limits: Any) -> Iterator[str]:
    """The service's base URL (http://127.0.0.1:PORT) while it runs; stopped and joined on exit."""
    import uvicorn

    from factcheck.serve.app import create_app
    from factcheck.serve.run import bind

    warm = WarmChecker(against, settings=load_settings({"model": "hashing"}), embedder=embedder,
                       index_dir=state / "index", cache=False)
    app = create_app(warm, state=state, **limits)
    sock = bind("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_S
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the service did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        assert not thread.is_alive(), "the service did not stop"


def call(url: str, body: Any = None, *, method: str | None = None, headers: dict | None = None,
         raw: bytes | None = None) -> tuple[int, Any, dict]:
    """(status, parsed JSON or text, headers) of one request; an HTTP error status is returned, not raised."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method, headers={
        **({"Content-Type": "application/json"} if data is not None else {}), **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=CALL_S) as r:
            status, payload, hdrs = r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        status, payload, hdrs = e.code, e.read(), dict(e.headers)
    text = payload.decode("utf-8")
    try:
        return status, json.loads(text), hdrs
    except ValueError:
        return status, text, hdrs
