"""``tahaluf serve`` (REST API + web UI) and ``tahaluf token`` (write tokens): parse,
call :mod:`tahaluf.api`, print. Registered onto the main app by :func:`register`."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tahaluf.api.settings import (
    DEFAULT_MAX_REQUEST_BYTES,
    ENV_CORS,
    ENV_DB,
    ENV_MAX_BYTES,
    ENV_TOKENS,
    Settings,
)
from tahaluf.api.tokens import TokenStore
from tahaluf.errors import TahalufError

err = Console(stderr=True, soft_wrap=True)

DbOpt = Annotated[str | None, typer.Option(
    "--db", envvar="TAHALUF_DB", show_envvar=True,
    help="Database URL (sqlite:///file, postgresql://…) or a SQLite file path.")]
TokensOpt = Annotated[Path | None, typer.Option(
    "--tokens", envvar=ENV_TOKENS, show_envvar=True,
    help="Token file (default: tokens.json in the user data dir).")]

token_app = typer.Typer(help="Bearer tokens for the API's review (write) endpoints.",
                        no_args_is_help=True)


def _store(tokens: Path | None) -> TokenStore:
    return TokenStore(Settings(token_store=tokens).token_path)


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Option("--name", help="Who uses it; shown as the review "
                                      "author (token:NAME).")] = "default",
    tokens: TokensOpt = None,
) -> None:
    """Create a token and print it once; only its SHA-256 hash is stored.

    Example: tahaluf token create --name alice
    """
    store = _store(tokens)
    token = store.create(name)
    typer.echo(token)
    err.print(f"token {name!r} stored (hashed) in {store.path}; it is shown only now",
              highlight=False)


@token_app.command("list")
def token_list(tokens: TokensOpt = None) -> None:
    """List token names and creation times (never the tokens).

    Example: tahaluf token list
    """
    for t in _store(tokens).tokens():
        typer.echo(f"{t.name}\t{t.created}")


@token_app.command("revoke")
def token_revoke(name: Annotated[str, typer.Argument(help="Token name.")],
                 tokens: TokensOpt = None) -> None:
    """Revoke a token; a running server stops accepting it at once.

    Example: tahaluf token revoke alice
    """
    if not _store(tokens).revoke(name):
        err.print(f"no token named {name!r}", highlight=False)
        raise typer.Exit(1)
    typer.echo(f"revoked {name}")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_port(host: str, port: int) -> None:
    """Raise :class:`TahalufError` when ``host:port`` cannot be listened on (checked before
    the URL is announced)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise TahalufError(f"cannot listen on {host}: {exc.strerror}",
                           hint="give --host 127.0.0.1 or another address") from exc
    family, kind, proto, _name, addr = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            sock.bind(addr)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise TahalufError(f"port {port} is in use",
                                   hint=f"stop the program using it, or give --port "
                                        f"{port + 1 if port < 65535 else 8765}") from exc
            raise TahalufError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                               hint="give another --host or --port") from exc


def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Address to bind; keep 127.0.0.1 unless "
                                      "behind a proxy.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8765,
    tokens: TokensOpt = None,
    max_request_bytes: Annotated[int, typer.Option(
        min=1024, help="Larger request bodies get 413.")] = DEFAULT_MAX_REQUEST_BYTES,
    cors: Annotated[list[str] | None, typer.Option(
        "--cors", help="Allow this origin by CORS (repeatable). Default: no CORS.")] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes.")] = 1,
) -> None:
    """Serve the REST API (docs at /docs) and the web UI on http://HOST:PORT/.

    Example: tahaluf serve --db ~/kb.sqlite --port 8765
    """
    import uvicorn

    if not _loopback(host):
        err.print(f"[yellow]warning[/yellow] binding {host}: the API is reachable from "
                  "other machines (writes still need a token)")
    origins = tuple(cors or ())
    settings = Settings(db_url=db, token_store=tokens, max_request_bytes=max_request_bytes,
                        cors_origins=origins)
    check_port(host, port)
    err.print(f"tahaluf on http://{host}:{port}/  (API docs: /docs)", highlight=False)
    if workers == 1:
        from tahaluf.api import create_app

        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning",
                    access_log=False)
        return
    for key, value in ((ENV_DB, db), (ENV_TOKENS, str(tokens) if tokens else None),
                       (ENV_MAX_BYTES, str(max_request_bytes)),
                       (ENV_CORS, ",".join(origins) or None)):
        if value:
            os.environ[key] = value
    uvicorn.run("tahaluf.api.app:app_from_env", factory=True, host=host, port=port,
                workers=workers, log_level="warning", access_log=False)


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``token`` to ``app``."""
    app.command("serve")(serve)
    app.add_typer(token_app, name="token")
