"""HTTP plumbing: JSON responses, API errors, the body size limit and security headers."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

JSON_TYPE = "application/json"


def dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON. orjson writes the KB's result dataclasses directly, the same
    JSON as their ``to_json()`` (tested), several times faster."""
    return orjson.dumps(data)


class JSON(Response):
    """UTF-8 JSON, written with :func:`json.dumps` (no re-encoding pass)."""

    media_type = JSON_TYPE

    def render(self, content: Any) -> bytes:
        return dumps(content)


def error_body(status: int, code: str, message: str, hint: str | None = None,
               **extra: Any) -> dict[str, Any]:
    err: dict[str, Any] = {"status": status, "code": code, "message": message}
    if hint:
        err["hint"] = hint
    err.update(extra)
    return {"error": err}


class ApiError(Exception):
    """Raised by a route: becomes a JSON error response with ``status``."""

    def __init__(self, status: int, code: str, message: str, hint: str | None = None,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body = error_body(status, code, message, hint, **extra)
        self.headers = headers

    def response(self) -> JSON:
        return JSON(self.body, status_code=self.status, headers=self.headers)


class _TooLarge(Exception):
    pass


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    raw = dumps(body)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", JSON_TYPE.encode()),
                            (b"content-length", str(len(raw)).encode())]})
    await send({"type": "http.response.body", "body": raw})


class BodyLimit:
    """413 for request bodies over ``max_bytes`` (declared or streamed)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _body(self) -> dict[str, Any]:
        return error_body(413, "T413", f"request body larger than {self.max_bytes} bytes",
                          "send less; review actions are a few hundred bytes")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for k, v in scope["headers"]:
            if k == b"content-length":
                try:
                    declared = int(v)
                except ValueError:
                    declared = self.max_bytes + 1
                if declared > self.max_bytes:
                    await _send_json(send, 413, self._body())
                    return
        seen = 0
        over = False

        async def limited_receive() -> Message:
            nonlocal seen, over
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_bytes:
                    over = True
                    raise _TooLarge
            return msg

        async def guarded_send(msg: Message) -> None:
            if not over:  # once over the limit, whatever the app answers is replaced
                await send(msg)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _TooLarge:
            pass
        if over:
            await _send_json(send, 413, self._body())


#: the web UI loads nothing from elsewhere and runs no inline script
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
#: the API docs page (FastAPI's Swagger UI) starts with one inline script
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


class SecurityHeaders:
    """CSP, no sniffing, no framing, no referrer — on every response."""

    def __init__(self, app: ASGIApp, docs_paths: tuple[str, ...] = ("/docs",)) -> None:
        self.app = app
        self.docs_paths = docs_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = (DOCS_CSP if scope["path"] in self.docs_paths else CSP).encode()

        async def with_headers(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                headers = list(msg.get("headers", []))
                headers += [(b"content-security-policy", csp),
                            (b"x-content-type-options", b"nosniff"),
                            (b"x-frame-options", b"DENY"),
                            (b"referrer-policy", b"no-referrer"),
                            (b"cross-origin-opener-policy", b"same-origin")]
                msg = {**msg, "headers": headers}
            await send(msg)

        await self.app(scope, receive, with_headers)
