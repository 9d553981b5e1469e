"""Engines and transactions: SQLite (WAL, one writer, ``BEGIN IMMEDIATE``) or PostgreSQL.

Reads run in ordinary (deferred) transactions. Every write goes through
:meth:`Store.write`, which holds a process-wide lock and opens the transaction with
``BEGIN IMMEDIATE`` on SQLite (so a second writer process waits at the start instead of
failing half-way) or takes a transaction-scoped advisory lock on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from tahaluf.errors import StoreError
from tahaluf.kb.paths import data_home, display_url

MIGRATIONS = Path(__file__).with_name("migrations")
#: any constant: PostgreSQL writers serialize on this advisory lock
_PG_WRITE_LOCK = 0x7461686C  # "tahl"
_WRITE_OPTION = "tahaluf_write"


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # let SQLAlchemy's events, not the sqlite3 module, decide when transactions begin
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA cache_size=-65536")
        cur.execute("PRAGMA journal_size_limit=67108864")  # keep the WAL file small
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url``. The folder of a SQLite file must exist, except the user data
    dir of the default database, which is created."""
    try:
        return _make_engine(url)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use the database URL {url!r}: {exc}",
                         hint="use sqlite:///path/file.sqlite, a file path, or "
                              "postgresql://user@host/db (pip install 'tahaluf[postgresql]')"
                         ) from exc


def _sqlite_folder(path: Path) -> None:
    folder = path.expanduser().parent
    if folder.is_dir():
        return
    if folder.resolve() == data_home().resolve():
        folder.mkdir(parents=True, exist_ok=True)
        return
    raise StoreError(f"folder {folder} does not exist",
                     hint=f"create it first (mkdir -p {folder}), or give another --db")


def _make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            _sqlite_folder(Path(u.database))
            engine = create_engine(u, pool_size=4, max_overflow=8)
        else:
            # one shared in-memory database needs one connection
            from sqlalchemy.pool import StaticPool

            engine = create_engine(u, poolclass=StaticPool,
                                   connect_args={"check_same_thread": False})
        _sqlite_setup(engine)
        return engine
    if u.get_backend_name() == "postgresql":
        return create_engine(u, pool_pre_ping=True)
    return create_engine(u, poolclass=NullPool)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (one Alembic history for every backend)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.execution_options(**{_WRITE_OPTION: True}).begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot prepare the database at {display_url(str(engine.url))}: "
                         f"{exc.__class__.__name__}: {exc.args[0] if exc.args else exc}",
                         hint="check the --db URL and that the server is running") from exc


class Store:
    """An engine plus the single-writer discipline."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        self._writer = self.engine.execution_options(**{_WRITE_OPTION: True})
        self._lock = threading.RLock()

    def open(self) -> None:
        upgrade(self.engine)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: all or nothing."""
        with self._lock:
            try:
                with self._writer.begin() as conn:
                    if self.dialect == "postgresql":
                        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                                     {"k": _PG_WRITE_LOCK})
                    yield conn
            except OperationalError as exc:
                raise StoreError(f"write to {display_url(self.url)} failed: {exc.orig}",
                                 hint="is another program holding the database?") from exc
            except DBAPIError as exc:
                raise StoreError(f"write to {display_url(self.url)} failed: {exc.orig}",
                                 hint="this input cannot be stored; the rest goes on") from exc

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def raw(self, statements: list[tuple[str, tuple[Any, ...]]]) -> list[list[tuple[Any, ...]]]:
        """Run plain read-only SQL on the driver's cursor — the fast path of the hottest
        queries (``?`` placeholders; rewritten for drivers that use ``%s``)."""
        fmt = self.engine.dialect.paramstyle in ("format", "pyformat")
        with self.engine.connect() as conn:
            cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                out = []
                for sql, params in statements:
                    cur.execute(sql.replace("?", "%s") if fmt else sql, params)
                    out.append(cur.fetchall())
                return out
            finally:
                cur.close()
                if self.dialect != "sqlite":
                    conn.connection.driver_connection.rollback()  # type: ignore[union-attr]

    def close(self) -> None:
        self.engine.dispose()
