"""The application: ``create_app(settings)`` builds the REST API and serves the web UI.

    from tahaluf.api import Settings, create_app
    app = create_app(Settings(db_url="sqlite:///kb.sqlite"))

Nothing is opened at import time; ``tahaluf serve`` runs it with uvicorn.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from tahaluf import __version__
from tahaluf.api.http import JSON, ApiError, BodyLimit, SecurityHeaders, error_body
from tahaluf.api.routes import DATE_HINT, Context, build_router
from tahaluf.api.search import ActorIndex
from tahaluf.api.settings import Settings
from tahaluf.api.tokens import TokenStore
from tahaluf.errors import DateError, NotFoundError, StoreError, TahalufError
from tahaluf.kb import KB

#: threads that run endpoint code (and so KB calls) at the same time, per process
KB_THREADS = 4

DESCRIPTION = """Who belonged to which coalition, when — with the sentences that say so.

Reads are open; review actions (`POST`) need `Authorization: Bearer TOKEN` with a token
from `tahaluf token create`. Dates are `YYYY-MM-DD`. Errors are JSON:
`{"error": {"status", "code", "message", "hint"}}`."""


def static_dir() -> Path:
    return Path(str(resources.files("tahaluf") / "web" / "static"))


def _status_of(exc: TahalufError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, DateError):
        return 422
    if isinstance(exc, StoreError):
        return 503
    return 400


def _validation_message(exc: RequestValidationError) -> tuple[str, str | None, list[Any]]:
    problems = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
        problems.append({"param": ".".join(loc), "message": e.get("msg", "invalid")})
    first = problems[0] if problems else {"param": "", "message": "invalid request"}
    hint = None
    if first["param"] in ("on", "start", "end", "as_known_on", "date"):
        hint = DATE_HINT
    message = f"{first['param']}: {first['message']}" if first["param"] else first["message"]
    return message, hint, problems


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSON:
        return exc.response()

    @app.exception_handler(TahalufError)
    async def _tahaluf_error(_: Request, exc: TahalufError) -> JSON:
        status = _status_of(exc)
        return JSON(error_body(status, exc.code, exc.message, exc.hint), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSON:
        message, hint, problems = _validation_message(exc)
        return JSON(error_body(422, "T422", message, hint, problems=problems),
                    status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSON:
        hint = "see /docs for the endpoints" if exc.status_code in (404, 405) else None
        return JSON(error_body(exc.status_code, f"T{exc.status_code}", str(exc.detail), hint),
                    status_code=exc.status_code, headers=getattr(exc, "headers", None))


def create_app(settings: Settings, *, kb: KB | None = None,
               tokens: TokenStore | None = None) -> FastAPI:
    """The API and web UI for ``settings``; opens the knowledge base (or uses ``kb``)."""
    import tahaluf.kb

    own_kb = kb is None
    store = kb if kb is not None else tahaluf.kb.open(settings.db_url)
    # load the lexicon now, once: the first requests would otherwise all load it at once
    _ = store.lexicon
    ctx = Context(kb=store, index=ActorIndex(store),
                  tokens=tokens or TokenStore(settings.token_path), settings=settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Sync endpoints run in anyio's thread pool (40 threads by default). The KB's
        # connection pool is smaller and one KB call may hold two connections at once, so
        # unbounded threads can exhaust it and wait on each other; a few threads are as
        # fast anyway (the work holds the GIL).
        anyio.to_thread.current_default_thread_limiter().total_tokens = KB_THREADS
        yield
        if own_kb:
            store.close()

    app = FastAPI(title="tahaluf", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, lifespan=lifespan,
                  default_response_class=JSON)
    app.state.ctx = ctx
    _install_handlers(app)
    app.include_router(build_router(ctx))

    static = static_dir()
    vendor = "/static/vendor/swagger-ui"

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="tahaluf API",
                                   swagger_js_url=f"{vendor}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{vendor}/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=static), name="static")

    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory tahaluf.api.app:app_from_env`` (several workers)."""
    return create_app(Settings.from_env())
