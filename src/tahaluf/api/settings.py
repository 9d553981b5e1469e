"""Server settings: an object the caller makes and hands to :func:`create_app`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tahaluf.kb.paths import data_home

#: environment variables read by :meth:`Settings.from_env` (``tahaluf serve`` sets them
#: for its worker processes)
ENV_DB = "TAHALUF_DB"
ENV_TOKENS = "TAHALUF_TOKENS"
ENV_MAX_BYTES = "TAHALUF_MAX_REQUEST_BYTES"
ENV_CORS = "TAHALUF_CORS_ORIGINS"

DEFAULT_MAX_REQUEST_BYTES = 1_000_000
TOKENS_FILE = "tokens.json"


def default_token_store() -> Path:
    """``tokens.json`` in the user data dir (beside the default database)."""
    return data_home() / TOKENS_FILE


@dataclass(frozen=True, slots=True)
class Settings:
    """What the API server needs to know.

    ``db_url``: the knowledge base (``None``: ``$TAHALUF_DB`` or the user data dir).
    ``token_store``: file of hashed write tokens (``None``: :func:`default_token_store`).
    ``max_request_bytes``: larger request bodies get 413.
    ``cors_origins``: origins allowed by CORS; empty (the default) adds no CORS headers.
    """

    db_url: str | None = None
    token_store: Path | None = None
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    cors_origins: tuple[str, ...] = field(default_factory=tuple)

    @property
    def token_path(self) -> Path:
        return self.token_store or default_token_store()

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from the environment (for ``uvicorn --factory`` worker processes)."""
        tokens = os.environ.get(ENV_TOKENS)
        cors = os.environ.get(ENV_CORS, "")
        return cls(db_url=os.environ.get(ENV_DB) or None,
                   token_store=Path(tokens) if tokens else None,
                   max_request_bytes=int(os.environ.get(ENV_MAX_BYTES)
                                         or DEFAULT_MAX_REQUEST_BYTES),
                   cors_origins=tuple(o.strip() for o in cors.split(",") if o.strip()))
