"""REST API, write side: bearer tokens (hash only on disk), review actions that persist,
401 without a token, 413 for oversized bodies, and the token CLI."""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import tahaluf.kb
from tahaluf.api import Settings, create_app
from tahaluf.api.testing import sample_kb
from tahaluf.api.tokens import PREFIX, TokenError, TokenStore
from tahaluf.cli import app as cli_app
from tahaluf.kb import KB

JF = "jaish-al-fatah"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api-write") / "kb.sqlite"
    sample_kb(path).close()
    return path


@pytest.fixture
def db(template: Path, tmp_path: Path) -> str:
    """A fresh copy of the sample knowledge base for each test."""
    shutil.copy(template, tmp_path / "kb.sqlite")
    return f"sqlite:///{tmp_path / 'kb.sqlite'}"


@pytest.fixture
def tokens(tmp_path: Path) -> TokenStore:
    return TokenStore(tmp_path / "auth" / "tokens.json")


@pytest.fixture
def client(db: str, tokens: TokenStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db_url=db, token_store=tokens.path))) as c:
        yield c


@pytest.fixture
def auth(tokens: TokenStore) -> dict[str, str]:
    return {"Authorization": "Bearer " + tokens.create("alice")}


def first_fact(client: TestClient, **params: Any) -> dict[str, Any]:
    r = client.get("/api/facts", params={"limit": 1, **params})
    assert r.status_code == 200
    return r.json()["items"][0]  # type: ignore[no-any-return]


# --- tokens ------------------------------------------------------------------------------
def test_token_store_keeps_only_a_hash(tokens: TokenStore) -> None:
    token = tokens.create("alice")
    assert token.startswith(PREFIX) and len(token) > 40
    raw = tokens.path.read_text()
    assert token not in raw and token[len(PREFIX):] not in raw
    assert json.loads(raw)["tokens"][0]["digest"].startswith("sha256:")
    assert stat.S_IMODE(tokens.path.stat().st_mode) == 0o600
    assert tokens.verify(token) == "alice"
    assert tokens.verify(token + "x") is None
    assert tokens.verify("not-a-token") is None


def test_token_names_are_unique_and_revocable(tokens: TokenStore) -> None:
    t1 = tokens.create("alice")
    with pytest.raises(TokenError):
        tokens.create("alice")
    with pytest.raises(TokenError):
        tokens.create("   ")
    t2 = tokens.create("bob")
    assert [t.name for t in tokens.tokens()] == ["alice", "bob"]
    assert tokens.revoke("alice") and not tokens.revoke("alice")
    assert tokens.verify(t1) is None and tokens.verify(t2) == "bob"


def test_a_second_store_on_the_same_file_sees_changes(tokens: TokenStore) -> None:
    other = TokenStore(tokens.path)
    assert other.verify("thf_nothing") is None
    token = tokens.create("carol")
    assert other.verify(token) == "carol"
    tokens.revoke("carol")
    assert other.verify(token) is None


def test_token_cli_prints_once_and_stores_hash(tmp_path: Path) -> None:
    store = tmp_path / "tokens.json"
    runner = CliRunner()
    r = runner.invoke(cli_app, ["token", "create", "--name", "dana", "--tokens", str(store)])
    assert r.exit_code == 0, r.output
    token = r.stdout.strip().splitlines()[0]
    assert token.startswith(PREFIX)
    assert token not in store.read_text()
    assert TokenStore(store).verify(token) == "dana"
    r = runner.invoke(cli_app, ["token", "list", "--tokens", str(store)])
    assert "dana" in r.stdout and token not in r.stdout
    r = runner.invoke(cli_app, ["token", "revoke", "dana", "--tokens", str(store)])
    assert r.exit_code == 0
    r = runner.invoke(cli_app, ["token", "revoke", "dana", "--tokens", str(store)])
    assert r.exit_code == 1


def test_serve_defaults_to_loopback() -> None:
    r = CliRunner().invoke(cli_app, ["serve", "--help"])
    assert r.exit_code == 0 and "127.0.0.1" in r.stdout and "8765" in r.stdout


# --- authentication ----------------------------------------------------------------------
@pytest.mark.parametrize(("method", "path", "body"), [
    ("post", "/api/facts/1/accept", {}), ("post", "/api/facts/1/reject", {}),
    ("post", "/api/facts/1/correct", {"type": "EXPEL"}),
    ("post", "/api/facts", {"type": "JOIN", "coalition": JF, "member": "failaq-al-sham"}),
    ("get", "/api/auth", None)])
def test_writes_need_a_token(client: TestClient, method: str, path: str,
                             body: dict[str, Any] | None) -> None:
    kw: dict[str, Any] = {} if body is None else {"json": body}
    r = getattr(client, method)(path, **kw)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert "tahaluf token create" in r.json()["error"]["hint"]
    r = getattr(client, method)(path, headers={"Authorization": "Bearer thf_wrong"}, **kw)
    assert r.status_code == 401 and "not valid" in r.json()["error"]["message"]
    r = getattr(client, method)(path, headers={"Authorization": "Basic YTpi"}, **kw)
    assert r.status_code == 401


def test_auth_names_the_token(client: TestClient, auth: dict[str, str]) -> None:
    r = client.get("/api/auth", headers=auth)
    assert r.status_code == 200 and r.json() == {"author": "token:alice"}


def test_revoked_token_stops_working_at_once(client: TestClient, tokens: TokenStore,
                                             auth: dict[str, str]) -> None:
    assert client.get("/api/auth", headers=auth).status_code == 200
    tokens.revoke("alice")
    assert client.get("/api/auth", headers=auth).status_code == 401


# --- review actions ----------------------------------------------------------------------
def test_accept_and_reject_persist(client: TestClient, auth: dict[str, str], db: str) -> None:
    fact = first_fact(client, type="WITHDRAW", coalition=JF)
    r = client.post(f"/api/facts/{fact['id']}/accept", json={"note": "two outlets agree"},
                    headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "accepted"
    log = client.get("/api/review/log", params={"fact_id": fact["id"]}).json()
    assert log[-1]["action"] == "accept" and log[-1]["author"] == "token:alice"
    assert log[-1]["note"] == "two outlets agree"
    # a new process on the same database sees it
    with tahaluf.kb.open(db) as kb:
        assert kb.fact(fact["id"]).status == "accepted"
    r = client.post(f"/api/facts/{fact['id']}/reject", headers=auth)
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    assert client.get(f"/api/facts/{fact['id']}").json()["fact"]["status"] == "rejected"
    listed = client.get("/api/facts", params={"status": "rejected"}).json()["items"]
    assert [f["id"] for f in listed] == [fact["id"]]


def test_rejecting_a_founding_fact_changes_the_members(client: TestClient,
                                                       auth: dict[str, str]) -> None:
    def members() -> set[str]:
        r = client.get(f"/api/coalitions/{JF}/members", params={"on": "2015-06-01"})
        return {m["member"]["id"] for m in r.json()["members"]}

    before = members()
    withdraw = first_fact(client, type="WITHDRAW", coalition=JF)
    member = withdraw["member"]["id"]
    r = client.post(f"/api/facts/{withdraw['id']}/correct",
                    json={"date": "2015-05-01", "note": "the statement is older"}, headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "corrected" and r.json()["date"]["value"] == "2015-05-01"
    assert member in before and member not in members()


def test_correct_type_and_unknown_actor(client: TestClient, auth: dict[str, str]) -> None:
    fact = first_fact(client, type="WITHDRAW")
    r = client.post(f"/api/facts/{fact['id']}/correct", json={"type": "expel"}, headers=auth)
    assert r.status_code == 200 and r.json()["type"] == "EXPEL"
    r = client.post(f"/api/facts/{fact['id']}/correct", json={"member": "Gondor Brigade"},
                    headers=auth)
    assert r.status_code == 404 and r.json()["error"]["close_matches"] is not None


@pytest.mark.parametrize(("body", "status"), [
    ({}, 400), ({"type": "EXPLODE"}, 400), ({"modality": "certainly"}, 400),
    ({"date": "March 2016"}, 422), ({"date": "2016-02-30"}, 422), ({"note": 5}, 422),
    ({"note": "x" * 5000}, 422)])
def test_bad_corrections(client: TestClient, auth: dict[str, str], body: dict[str, Any],
                         status: int) -> None:
    fact = first_fact(client)
    r = client.post(f"/api/facts/{fact['id']}/correct", json=body, headers=auth)
    assert r.status_code == status, r.text
    assert r.json()["error"]["message"]


def test_review_of_a_missing_fact_is_404(client: TestClient, auth: dict[str, str]) -> None:
    for action in ("accept", "reject"):
        assert client.post(f"/api/facts/999999/{action}", headers=auth).status_code == 404
    r = client.post("/api/facts/999999/correct", json={"type": "JOIN"}, headers=auth)
    assert r.status_code == 404


def test_add_a_fact_by_hand(client: TestClient, auth: dict[str, str]) -> None:
    r = client.post("/api/facts", headers=auth, json={
        "type": "JOIN", "member": "Jaysh al-Izza", "coalition": "جيش الفتح",
        "date": "2015-04-01", "note": "from the statement of 1 April"})
    assert r.status_code == 201, r.text
    fact = r.json()
    assert fact["status"] == "added" and fact["member"]["id"] == "jaish-al-izza"
    members = client.get(f"/api/coalitions/{JF}/members", params={"on": "2015-06-01"}).json()
    assert "jaish-al-izza" in {m["member"]["id"] for m in members["members"]}


@pytest.mark.parametrize(("body", "status"), [
    ({"type": "JOIN"}, 422), ({"type": "JOIN", "coalition": "nowhere at all"}, 404),
    ({"type": "BOOM", "coalition": JF}, 400),
    ({"type": "JOIN", "coalition": JF, "kind": "other"}, 422),
    ({"type": "JOIN", "coalition": JF, "date": "someday"}, 422)])
def test_bad_additions(client: TestClient, auth: dict[str, str], body: dict[str, Any],
                       status: int) -> None:
    r = client.post("/api/facts", json=body, headers=auth)
    assert r.status_code == status, r.text


def test_malformed_json_body(client: TestClient, auth: dict[str, str]) -> None:
    r = client.post("/api/facts", content=b"{not json",
                    headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "T422"


# --- request size ------------------------------------------------------------------------
def test_oversized_bodies_are_413(client: TestClient, auth: dict[str, str]) -> None:
    big = json.dumps({"note": "x" * 1_100_000}).encode()
    r = client.post("/api/facts/1/accept", content=big,
                    headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "T413"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        for _ in range(20):
            yield b" " * 100_000

    r = client.post("/api/facts/1/accept", content=chunks(),
                    headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 413


def test_size_limit_is_a_setting(db: str, tokens: TokenStore) -> None:
    token = tokens.create("erin")
    app = create_app(Settings(db_url=db, token_store=tokens.path, max_request_bytes=2048))
    with TestClient(app) as c:
        r = c.post("/api/facts/1/accept", json={"note": "y" * 3000},
                   headers={"Authorization": "Bearer " + token})
        assert r.status_code == 413
        r = c.post("/api/facts/1/accept", json={"note": "short"},
                   headers={"Authorization": "Bearer " + token})
        assert r.status_code == 200


def test_create_app_opens_nothing_at_import() -> None:
    import importlib

    import tahaluf.api.app as mod

    importlib.reload(mod)
    assert not any(isinstance(v, KB) for v in vars(mod).values())


def test_tahaluf_serve_runs_on_loopback(template: Path, tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    import httpx

    from tahaluf.api.testing import free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from tahaluf.cli import main; main()", "serve",
         "--db", str(template), "--port", str(port), "--tokens", str(tmp_path / "t.json")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "tahaluf serve did not answer"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["documents"] > 0
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200
    finally:
        proc.terminate()
        proc.wait(10)
