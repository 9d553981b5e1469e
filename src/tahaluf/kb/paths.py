"""Where the knowledge base lives: ``--db URL``, ``$TAHALUF_DB``, or the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

#: environment variable naming the database URL (or a file path)
DB_ENV = "TAHALUF_DB"
HOME_ENV = "TAHALUF_HOME"
DEFAULT_FILE = "tahaluf.sqlite"


def data_home() -> Path:
    """``$TAHALUF_HOME``, else ``$XDG_DATA_HOME/tahaluf``, else ``~/.local/share/tahaluf``."""
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV]).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "tahaluf"


def normalize_url(value: str | os.PathLike[str]) -> str:
    """A database URL; a plain file path becomes a SQLite URL."""
    text = os.fspath(value)
    if "://" in text:
        if text.startswith("postgresql://") or text.startswith("postgres://"):
            # psycopg 3 is the driver we ship with
            return "postgresql+psycopg://" + text.split("://", 1)[1]
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def default_url() -> str:
    """The URL used when none is given: ``$TAHALUF_DB`` or the SQLite file in :func:`data_home`."""
    env = os.environ.get(DB_ENV)
    if env:
        return normalize_url(env)
    return normalize_url(data_home() / DEFAULT_FILE)


def display_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
