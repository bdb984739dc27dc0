"""The routes of `factcheck serve`. Each one parses the request, hands it to the library
(``factcheck.api.WarmChecker``, ``api.review_page``) through the check queue, and returns what it gave."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import OrderedDict
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from factcheck.serve.decisions import DecisionStore
from factcheck.serve.guard import TOKEN_COOKIE, Guard, error_body, token_given
from factcheck.serve.queue import CheckQueue, QueueFull, TimedOut

if TYPE_CHECKING:
    from factcheck.api import WarmChecker

MAX_DRAFTS = 50  # per request
MAX_REFERENCES = 200
REVIEWS_KEPT = 64  # checked drafts whose review page can be opened (newest kept)
_SLUG = re.compile(r"[^\w.-]+")
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src data:; "
            "frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class Article(BaseModel):
    """One article: its text and what a newsroom system knows about it (all optional)."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The article's plain text.")
    id: str | None = Field(None, max_length=500, description="A name for it in the report (default: draft:N).")
    title: str | None = Field(None, max_length=2_000)
    date: str | None = Field(None, max_length=100, description="Publication date, e.g. 2026-12-06.")
    source: str | None = Field(None, max_length=500)


class CheckRequest(BaseModel):
    """One draft (``text`` and its fields) or several (``drafts``), and optional reference articles."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, description="One draft's text (or use drafts).")
    id: str | None = Field(None, max_length=500)
    title: str | None = Field(None, max_length=2_000)
    date: str | None = Field(None, max_length=100)
    source: str | None = Field(None, max_length=500)
    drafts: list[Article] = Field(default_factory=list, max_length=MAX_DRAFTS)
    references: list[Article] = Field(default_factory=list, max_length=MAX_REFERENCES,
                                      description="Evidence only: never reported on.")

    def all_drafts(self) -> list[dict]:
        one = [{"text": self.text, "id": self.id, "title": self.title, "date": self.date, "source": self.source}] \
            if self.text is not None else []
        return one + [a.model_dump() for a in self.drafts]


class IndexRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    articles: list[Article] = Field(min_length=1, max_length=1_000)


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    story: str = Field("draft", max_length=200, description="Names the story: its decisions are kept under it.")
    title: str | None = Field(None, max_length=2_000)
    who: str = Field("", max_length=200)


class DecisionsRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    who: str = Field("", max_length=200)
    changes: list[dict[str, Any]] = Field(max_length=5_000)


class Failed(Exception):
    def __init__(self, status: int, code: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.fix = status, code, message, fix


def _static(name: str) -> str:
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def create_app(warm: WarmChecker, *, state: Path, max_bytes: int = 2 * 2**20, timeout: float = 30.0,
               depth: int = 32, token: str | None = None) -> Guard:
    """The ASGI application: the routes behind the size and token guard."""
    from factcheck.api import review_page
    from factcheck.core.errors import FactcheckError
    from factcheck.core.version import __version__
    from factcheck.report.json import result_dict

    queue = CheckQueue(depth=depth, timeout=timeout)
    store = DecisionStore(state / "decisions.sqlite")
    reviews: OrderedDict[str, Any] = OrderedDict()  # key -> Result (the last check of that story)
    rules = {code: doc for code, doc in sorted(warm.rules.items())}

    @asynccontextmanager
    async def lifespan(_: FastAPI):  # type: ignore[no-untyped-def]
        yield
        queue.close()
        store.close()

    app = FastAPI(title="factcheck", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Check news drafts for facts that disagree with each other and with the archive.")

    async def queued(work: Any) -> Any:
        try:
            return await queue.run(work)
        except QueueFull:
            raise Failed(503, "E403", f"{queue.pending} requests are waiting already",
                         "retry in a few seconds, or start the service with a larger --queue") from None
        except TimedOut:
            raise Failed(408, "E402", f"no answer within {queue.timeout:g} s",
                         "send fewer or shorter drafts, or start the service with a larger --timeout") from None
        except FactcheckError as e:
            raise Failed(400, e.code, e.message, e.hint or "") from None

    @app.exception_handler(Failed)
    async def _failed(_: Request, e: Failed) -> JSONResponse:
        return JSONResponse(error_body(e.code, e.message, e.fix), status_code=e.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, e: RequestValidationError) -> JSONResponse:
        first = e.errors()[0] if e.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        body = error_body("E405", f"{where or 'body'}: {first.get('msg', 'invalid')}",
                          "see the request schema at /openapi.json")
        return JSONResponse(body, status_code=422)

    @app.exception_handler(404)
    async def _missing(request: Request, _: Exception) -> JSONResponse:
        return JSONResponse(error_body("E404", f"nothing at {request.url.path}", "see /openapi.json for the paths"),
                            status_code=404)

    @app.exception_handler(Exception)
    async def _bug(_: Request, e: Exception) -> JSONResponse:
        detail = " ".join(f"{e.__class__.__name__}: {e}".split())[:300]
        return JSONResponse({"error": {"code": "internal", "title": "internal error",
                                       "message": f"internal error, please report it ({detail})", "fix": ""}},
                            status_code=500)

    @app.get("/healthz", tags=["service"])
    def healthz() -> dict:
        """Alive, with the index size and the requests waiting or running."""
        return {"status": "ok", "documents": warm.documents, "queue": queue.pending}

    @app.get("/version", tags=["service"])
    def version() -> dict:
        return {"factcheck": __version__, "model": warm.embedder.name, "documents": warm.documents,
                "index": str(warm.index_path) if warm.index_path else None}

    @app.get("/v1/rules", tags=["rules"])
    def list_rules() -> list[dict]:
        """Every check and rule loaded: code, category, severity, summary."""
        return [{"code": d.code, "category": d.category, "severity": d.severity, "summary": d.summary}
                for d in rules.values()]

    @app.get("/v1/rules/{code}", tags=["rules"])
    def explain_rule(code: str) -> dict:
        """What a check or rule does, why it matters, an example and its known problems."""
        d = rules.get(code.strip().upper())
        if d is None:
            raise Failed(404, "E209", f"unknown code {code[:40]!r}", "see GET /v1/rules for the codes")
        return {"code": d.code, "category": d.category, "severity": d.severity, "summary": d.summary,
                "explain": d.help}

    @app.post("/v1/check", tags=["check"])
    async def check(body: CheckRequest, response: Response) -> dict:
        """Check the drafts against each other, the references and the loaded index: the JSON report
        of `factcheck check --format json` (schema version 1; evidence with line and col)."""
        drafts = body.all_drafts()
        if not drafts:
            raise Failed(422, "E405", "no draft: give text or drafts", "see the request schema at /openapi.json")
        refs = [a.model_dump() for a in body.references]
        start = time.perf_counter()
        result = await queued(lambda: warm.check(drafts, refs))
        response.headers["X-Factcheck-Seconds"] = f"{time.perf_counter() - start:.3f}"
        return result_dict(result.documents, result.findings, result.errors)

    @app.post("/v1/index", tags=["index"])
    async def add_to_index(body: IndexRequest) -> dict:
        """Add published articles to the reference index; it is rewritten atomically on disk."""
        added, errors = await queued(lambda: warm.add([a.model_dump() for a in body.articles]))
        return {"added": added, "documents": warm.documents, "errors": [e.to_dict() for e in errors]}

    @app.post("/v1/review", tags=["review"])
    async def review(body: ReviewRequest) -> dict:
        """Check one draft for the review page; its decisions are kept under its story name."""
        story = _SLUG.sub("-", body.story).strip("-") or "draft"
        key = hashlib.sha256(f"serve\x1f{story}".encode()).hexdigest()[:16]
        draft = {"text": body.text, "id": story, "title": body.title}
        start = time.perf_counter()
        result = await queued(lambda: warm.check([draft]))
        reviews[key] = result
        reviews.move_to_end(key)
        while len(reviews) > REVIEWS_KEPT:
            reviews.popitem(last=False)
        counts = {s: sum(f.severity == s for f in result.findings) for s in ("error", "warning", "info")}
        return {"key": key, "url": f"/review/{key}", "findings": len(result.findings), "by_severity": counts,
                "errors": [e.to_dict() for e in result.errors], "seconds": round(time.perf_counter() - start, 3)}

    @app.get("/review/{key}", response_class=HTMLResponse, tags=["review"])
    def review_html(key: str, who: str = "") -> HTMLResponse:
        """The findings of the story's last check as the HTML report, decisions kept by the service."""
        result = reviews.get(key)
        if result is None:
            raise Failed(404, "E404", "no checked draft under this key (the service restarted?)",
                         "check the draft again on the page")
        served = {"url": f"/v1/decisions/{key}", "who": who[:200], "decisions": store.entries(key)}
        page = review_page(result, key=key, served=served)
        # the page's own policy is in its <meta>; framing (by this service's page only) needs a header
        return HTMLResponse(page, headers={"Cache-Control": "no-store",
                                           "Content-Security-Policy": "frame-ancestors 'self'"})

    @app.post("/v1/decisions/{key}", tags=["review"])
    def decide(key: str, body: DecisionsRequest) -> dict:
        """Record reviewer decisions (entries of the decisions file; an empty status clears one)."""
        return {"applied": store.apply(key[:64], body.changes, body.who)}

    @app.get("/v1/decisions/{key}", tags=["review"])
    def decisions_file(key: str, download: bool = False) -> Response:
        """The decisions file for `factcheck check --decisions`, with who decided and when."""
        body = json.dumps(store.export(key[:64]), ensure_ascii=False, indent=2) + "\n"
        headers = {"Content-Disposition": 'attachment; filename="factcheck-decisions.json"'} if download else {}
        return Response(body, media_type="application/json", headers=headers)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page(request: Request) -> HTMLResponse:
        response = HTMLResponse(_static("serve.html"), headers={"Content-Security-Policy": PAGE_CSP})
        given = token_given(dict(request.scope["headers"]), request.url.query)
        if token and given:  # the guard let it in: keep it for the page's own requests
            response.set_cookie(TOKEN_COOKIE, given, httponly=True, samesite="strict")
        return response

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        types = {"serve.js": "text/javascript", "serve.css": "text/css"}
        if name not in types:
            raise Failed(404, "E404", f"nothing at /static/{name[:40]}", "")
        return Response(_static(name), media_type=types[name])

    return Guard(app, max_bytes=max_bytes, token=token)
