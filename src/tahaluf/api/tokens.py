"""Bearer tokens for the write endpoints. Only a SHA-256 hash of each token is stored.

    store = TokenStore(path)
    token = store.create("alice")      # shown once; the file keeps sha256(token)
    store.verify(token)                # → "alice"
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tahaluf.errors import TahalufError

PREFIX = "thf_"
_NAME_MAX = 80


class TokenError(TahalufError):
    """A token could not be created, read or revoked."""

    code = "T500"


@dataclass(frozen=True, slots=True)
class TokenInfo:
    name: str
    created: str
    digest: str


def digest(token: str) -> str:
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenStore:
    """A JSON file ``{"tokens": [{"name", "created", "digest"}]}``, mode 0600.

    Re-read when the file changes, so ``tahaluf token create``/``revoke`` act on a
    running server."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._cache: list[TokenInfo] = []

    def _read(self) -> list[TokenInfo]:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            self._stamp, self._cache = None, []
            return []
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp == self._stamp:
            return self._cache
        try:
            data: Any = json.loads(self.path.read_text(encoding="utf-8"))
            items = [TokenInfo(str(t["name"]), str(t["created"]), str(t["digest"]))
                     for t in data["tokens"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise TokenError(f"cannot read the token file {self.path}: {exc}",
                             hint="delete it and create tokens again") from exc
        self._stamp, self._cache = stamp, items
        return items

    def _write(self, items: list[TokenInfo]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        body = {"tokens": [{"name": t.name, "created": t.created, "digest": t.digest}
                           for t in items]}
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(body, fh, indent=1)
        os.replace(tmp, self.path)
        self._stamp = None

    def tokens(self) -> list[TokenInfo]:
        with self._lock:
            return list(self._read())

    def create(self, name: str) -> str:
        """A new token for ``name`` (returned once; only its hash is kept)."""
        name = name.strip()
        if not name or len(name) > _NAME_MAX or any(c in name for c in "\n\r\t"):
            raise TokenError(f"bad token name {name!r}",
                             hint=f"use 1–{_NAME_MAX} characters on one line")
        with self._lock:
            items = self._read()
            if any(t.name == name for t in items):
                raise TokenError(f"a token named {name!r} exists",
                                 hint="revoke it first or choose another --name")
            token = PREFIX + secrets.token_urlsafe(32)
            created = datetime.now(UTC).replace(microsecond=0).isoformat()
            self._write([*items, TokenInfo(name, created, digest(token))])
        return token

    def revoke(self, name: str) -> bool:
        with self._lock:
            items = self._read()
            keep = [t for t in items if t.name != name]
            if len(keep) == len(items):
                return False
            self._write(keep)
            return True

    def verify(self, token: str) -> str | None:
        """The name of the token, or ``None`` when it is not (or no longer) valid."""
        if not token.startswith(PREFIX):
            return None
        d = digest(token)
        with self._lock:
            items = self._read()
        found = None
        for t in items:  # compare every entry in constant time
            if hmac.compare_digest(t.digest, d):
                found = t.name
        return found
