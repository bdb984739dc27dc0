"""Start the service: check the address and the token, load everything once, listen until stopped."""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.core.errors import FactcheckError

if TYPE_CHECKING:
    from factcheck.core.config import Settings

TOKEN_ENV = "FACTCHECK_TOKEN"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def choose_token(host: str, wanted: bool) -> str | None:
    """The token requests must carry: ``FACTCHECK_TOKEN`` or a new random one when ``wanted``; none on
    localhost otherwise. Any other address without one is refused (E406): the service would answer
    anyone on the network."""
    if wanted:
        return os.environ.get(TOKEN_ENV) or secrets.token_urlsafe(24)
    if not is_loopback(host):
        raise FactcheckError("E406", f"--host {host} is reachable from other machines",
                             f"add --token (and set {TOKEN_ENV} to choose it), or serve on 127.0.0.1")
    return None


def bind(host: str, port: int) -> socket.socket:
    """The listening socket (port 0: any free port), bound before the model loads so a taken port
    fails at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as e:
        sock.close()
        raise FactcheckError("E212", f"cannot listen on {host}:{port} ({e.strerror})",
                             "choose another --port, or stop what listens there") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(
    against: Sequence[str],
    *,
    host: str = "127.0.0.1",
    port: int = 8250,
    token: bool = False,
    state: Path = Path(".factcheck-serve"),
    max_bytes: int = 2 * 2**20,
    timeout: float = 30.0,
    depth: int = 32,
    settings: Settings | None = None,
    cache: Path | bool | None = None,
    say: Callable[[str], None] = print,
) -> None:
    """Load the model, the rules and the index once, then answer requests until Ctrl-C or SIGTERM."""
    import uvicorn

    from factcheck.api import WarmChecker
    from factcheck.serve.app import create_app

    secret = choose_token(host, token)
    sock = bind(host, port)
    try:
        state.mkdir(parents=True, exist_ok=True)
        warm = WarmChecker(against, settings=settings, index_dir=state / "index", cache=cache)
        for note in warm.notes:
            say(note)
        app = create_app(warm, state=state, max_bytes=max_bytes, timeout=timeout, depth=depth, token=secret)
        where = sock.getsockname()
        url = f"http://{'[' + where[0] + ']' if ':' in where[0] else where[0]}:{where[1]}/"
        say(f"factcheck serve: {warm.documents} reference articles loaded; listening on {url} (Ctrl-C stops)")
        if secret:
            say(f"token: {secret}  (send 'Authorization: Bearer TOKEN'; the page: {url}?token=TOKEN)")
        config = uvicorn.Config(app, log_level="warning", access_log=False, limit_concurrency=depth + 64,
                                timeout_keep_alive=30, lifespan="on")
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
