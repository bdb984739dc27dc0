"""The service's outer limits, before any route runs: the request body's size and the token.

A plain ASGI middleware, so a body is counted while it arrives (a missing or lying
Content-Length does not get past it) and a refused request never reaches the application."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from factcheck.core.errors import CODES

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

OPEN_PATHS = frozenset({"/healthz"})  # a load balancer or a supervisor asks without the token
TOKEN_COOKIE = "factcheck_token"


def error_body(code: str, message: str, fix: str) -> dict:
    """What every refusal of the service says: the code (errors.CODES), the problem, the fix."""
    return {"error": {"code": code, "title": CODES[code], "message": message, "fix": fix}}


async def send_error(send: Send, status: int, code: str, message: str, fix: str) -> None:
    body = json.dumps(error_body(code, message, fix)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _cookie(headers: dict[bytes, bytes], name: str) -> str | None:
    for part in headers.get(b"cookie", b"").decode("latin-1").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def token_given(headers: dict[bytes, bytes], query: str) -> str | None:
    """The token a request carries: ``Authorization: Bearer``, the page's cookie, or ``?token=`` (the
    first visit to the page, which then sets the cookie)."""
    auth = headers.get(b"authorization", b"").decode("latin-1")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    from urllib.parse import parse_qs

    return _cookie(headers, TOKEN_COOKIE) or (parse_qs(query).get("token") or [None])[0]


class Guard:
    """Refuse a body over ``max_bytes`` (413, E400) and, when a ``token`` is set, a request without it
    (401, E401)."""

    def __init__(self, app: App, *, max_bytes: int, token: str | None) -> None:
        self.app, self.max_bytes, self.token = app, max_bytes, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if self.token and scope.get("path") not in OPEN_PATHS:
            given = token_given(headers, scope.get("query_string", b"").decode("latin-1"))
            if not given or not hmac.compare_digest(given.encode(), self.token.encode()):
                await send_error(send, 401, "E401", "this service needs its token",
                                 "send 'Authorization: Bearer TOKEN' (the token `factcheck serve` printed)")
                return
        try:
            declared = int(headers.get(b"content-length", b"0"))
        except ValueError:
            declared = 0
        if declared > self.max_bytes:
            await self._too_large(send)
            return
        received = 0
        started = refused = False

        async def counted() -> Message:
            # Past the limit the application hears the client leave (it stops reading and answers
            # nothing) and the client hears 413; FastAPI would turn a raised error into a 400.
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    refused = True
                    if not started:
                        await self._too_large(send)
                    return {"type": "http.disconnect"}
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted, watched)

    async def _too_large(self, send: Send) -> None:
        await send_error(send, 413, "E400", f"the request body is over {self.max_bytes:,} bytes",
                         "send fewer or shorter drafts per request, or start the service with a larger --max-bytes")
