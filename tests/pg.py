"""A throwaway PostgreSQL server for tests.

``initdb`` into a temporary folder (as the ``postgres`` user through ``runuser`` when the
tests run as root — PostgreSQL refuses to run as root), ``pg_ctl start`` on 127.0.0.1 at
a free port, one fresh database per test; stopped and removed at the end of the session.

Without the binaries the tests that need them are skipped locally and FAIL when ``CI``
is set. The binaries are looked for in ``$TAHALUF_PG_BIN``, then
``/usr/lib/postgresql/*/bin`` (Debian's ``postgresql`` package), then ``$PATH``.

Use it from a test module::

    from pg import postgresql_server, postgresql_url  # noqa: F401  (fixtures)
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def find_bin() -> Path | None:
    env = os.environ.get("TAHALUF_PG_BIN")
    candidates = [Path(env)] if env else []
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    which = shutil.which("initdb")
    if which:
        candidates.append(Path(which).parent)
    for c in candidates:
        if (c / "initdb").exists() and (c / "pg_ctl").exists():
            return c
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="tahaluf-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if proc.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr}\n{tail}")

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "--auth=trust", "--username=postgres",
                  "--encoding=UTF8", "--locale=C.UTF-8")
        opts = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l",
                  str(self.root / "server.log"), "-w", "-t", "60", "start")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def createdb(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        self._admin(f"CREATE DATABASE {name}")
        return name

    def dropdb(self, name: str) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def require_binaries() -> Path:
    bindir = find_bin()
    if bindir is None:
        msg = ("PostgreSQL server binaries (initdb, pg_ctl) not found; install Debian's "
               "'postgresql' package or set TAHALUF_PG_BIN")
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return bindir


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[PgServer]:
    server = PgServer(require_binaries())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgresql_url(postgresql_server: PgServer) -> Iterator[str]:
    """A fresh, empty database on the session's server."""
    name = postgresql_server.createdb()
    yield postgresql_server.url(name)
    postgresql_server.dropdb(name)
