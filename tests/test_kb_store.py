"""The store on SQLite and PostgreSQL: migrations, round-trip, idempotence, one transaction
per document, executors that give the same database."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

import tahaluf.kb
from pg import postgresql_server, postgresql_url  # noqa: F401  (fixtures)
from tahaluf.errors import StoreError
from tahaluf.kb import KB
from tahaluf.kb.models import Base, DocumentRow, FactRow, ProvenanceRow
from tahaluf.kb.testing import toy, toy_analyze, toy_corpus, toy_document, toy_lexicon

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/kb.sqlite"
    return str(request.getfixturevalue("postgresql_url"))


def _open(url: str, **kw: Any) -> KB:
    return tahaluf.kb.open(url, lexicon=toy_lexicon(), **kw)  # type: ignore[arg-type]


def test_migrations_match_the_models(url: str) -> None:
    kb = _open(url)
    with kb.store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
        assert ctx.get_current_revision() == "0002"
    kb.close()
    _open(url).close()  # opening again is a no-op upgrade


def test_migration_0002_adds_date_basis_to_a_0001_database(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from tahaluf.kb.engine import MIGRATIONS, make_engine

    url = f"sqlite:///{tmp_path}/old.sqlite"
    engine = make_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("INSERT INTO documents (id, text, source, published, lang, "
                          "ingested_at, extractor_version, lexicon_version) VALUES "
                          "('sha256:x', 'نص', 'old.txt', '2016-01-03', 'ar', "
                          "'2026-01-01 00:00:00', 'v', 'v')"))
    engine.dispose()
    kb = _open(url)
    [doc] = list(kb.documents())
    assert (doc.source, doc.published, doc.date_basis) == ("old.txt", "2016-01-03", None)
    kb.close()


def test_round_trip(url: str) -> None:
    kb = _open(url)
    a = toy(["JOIN arnor-brigade gondor-room 2016-03-01",
             "نص عربي بين السطور",
             "WITHDRAW arnor-brigade gondor-room 2016-09 reported"],
            published="2016-10-01", outlet="Dale Herald", url="https://dale.example/1")
    assert kb.store_analysis(a) is True
    with kb.store.read() as conn:
        doc = conn.execute(select(DocumentRow.__table__)).one()
        facts = conn.execute(select(FactRow.__table__).order_by(FactRow.id)).all()
        provs = conn.execute(select(ProvenanceRow.__table__).order_by(ProvenanceRow.id)).all()
    assert doc.text == a.document.text and doc.id == a.document.id
    assert doc.outlet == "Dale Herald" and doc.published == "2016-10-01"
    assert [(f.type, f.member, f.coalition, f.date_value) for f in facts] == [
        ("JOIN", "arnor-brigade", "gondor-room", "2016-03-01"),
        ("WITHDRAW", "arnor-brigade", "gondor-room", "2016-09")]
    assert facts[1].date_earliest == "2016-09-01" and facts[1].date_latest == "2016-09-30"
    assert facts[1].modality == "reported"
    for p in provs:  # evidence offsets point into the stored text
        assert doc.text[p.span_start:p.span_end] in p.sentence
        assert p.extractor_version == "toy-1" and p.lexicon_version == "toy-1"
    (iv,) = kb.history("arnor-brigade").intervals
    assert (iv.start.value, iv.end and iv.end.value) == ("2016-03-01", "2016-09")
    kb.close()


def test_reingest_is_idempotent(url: str, tmp_path: Path) -> None:
    corpus = toy_corpus(tmp_path / "corpus", 40)
    kb = _open(url)
    first = kb.ingest(corpus, analyzer=toy_analyze)
    assert first.stored == 40 and first.failed == 3
    before = kb.stats()
    again = kb.ingest(corpus, analyzer=toy_analyze)
    assert again.stored == 0 and again.skipped == 40 and again.failed == 3
    assert kb.stats() == before
    kb.close()


def test_a_document_that_fails_half_way_leaves_nothing(
        url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import tahaluf.kb.write as write

    kb = _open(url)
    kb.store_analysis(toy(["JOIN arnor-brigade gondor-room 2016-03-01"]))
    calls = 0
    real = write.new_fact

    def second_fact_breaks(*args: Any, **kw: Any) -> int:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise StoreError("disk on fire")
        return real(*args, **kw)

    monkeypatch.setattr(write, "new_fact", second_fact_breaks)
    with pytest.raises(StoreError):
        kb.store_analysis(toy(["JOIN rohan-corps gondor-room 2016-03-01",
                               "JOIN dale-battalions gondor-room 2016-03-01"]))
    assert calls == 2
    stats = kb.stats()
    assert (stats["documents"], stats["facts"], stats["provenance"]) == (1, 1, 1)
    kb.close()


def test_group_commit_keeps_the_good_documents(url: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import tahaluf.kb.write as write

    kb = _open(url)
    real = write.new_fact

    def dale_breaks(conn: Any, c: Any, now: Any) -> int:
        if c.member == "dale-battalions":
            raise StoreError("disk on fire")
        return real(conn, c, now)

    monkeypatch.setattr(write, "new_fact", dale_breaks)
    docs = [toy(["JOIN arnor-brigade gondor-room 2016-03-01"]),
            toy(["JOIN shire-gathering eriador-front 2016-03-01",
                 "JOIN dale-battalions gondor-room 2016-03-01"]),
            toy(["JOIN rohan-corps gondor-room 2016-03-01"])]
    results = kb.store_many(docs)
    assert results[0] is True and results[2] is True and isinstance(results[1], StoreError)
    kb.refresh()
    assert [m.member.id for m in kb.members("gondor-room", on="2016-04-01").members] == [
        "arnor-brigade", "rohan-corps"]
    monkeypatch.setattr(write, "new_fact", real)
    assert kb.store_analysis(docs[1]) is True  # the actors it named were not half-written
    assert kb.resolve("Shire Gathering").id == "shire-gathering"
    assert kb.stats()["documents"] == 3
    kb.close()


def test_record_time_comes_from_the_clock(url: str) -> None:
    kb = _open(url, clock=lambda: datetime(2020, 5, 17, 12, 0))
    kb.store_analysis(toy(["JOIN arnor-brigade gondor-room 2016-03-01"]))
    (ev,) = kb.members("gondor-room", on="2016-04-01").members[0].evidence
    assert ev.recorded_at == datetime(2020, 5, 17, 12, 0)
    kb.close()


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's content, without record times (they differ between runs)."""
    skip = {"ingested_at", "recorded_at", "created_at", "at"}
    out: dict[str, list[tuple[Any, ...]]] = {}
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version'")]
        for t in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})") if r[1] not in skip]
            rows = conn.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall()
            if t == "intervals":  # the cached evidence carries record times too
                i = cols.index("facts")
                rows = [(*r[:i], _no_times(r[i]), *r[i + 1:]) for r in rows]
            out[t] = sorted(rows, key=repr)
    return out


def _no_times(facts_json: str) -> str:
    facts = json.loads(facts_json)
    facts["evidence"] = {k: [row[:-1] for row in v] for k, v in facts["evidence"].items()}
    return json.dumps(facts, sort_keys=True)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "tahaluf.cli_kb", *args]


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def test_sigkill_mid_run_then_resume_gives_the_same_database(tmp_path: Path) -> None:
    corpus = toy_corpus(tmp_path / "corpus", 400)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    args = ["--analyzer", "tahaluf.kb.testing:toy_analyze"]
    # the reference: one uninterrupted run
    ref = tmp_path / "ref.sqlite"
    done = subprocess.run(_cli("ingest", *map(str, corpus), "--db", str(ref), *args),
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # the broken inputs fail, the rest is stored
    assert "boom.txt: analysis failed" in done.stderr
    assert "toy.jsonl:401: reading failed: malformed JSON" in done.stderr
    # killed with SIGKILL mid-run, then run again
    db = tmp_path / "resumed.sqlite"
    proc = subprocess.Popen(_cli("ingest", *map(str, corpus), "--db", str(db), *args),
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(db) < 60 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = _count(db)
    assert 0 < killed_at < 400, "the run was not interrupted mid-way"
    again = subprocess.run(_cli("ingest", *map(str, corpus), "--db", str(db), *args),
                           env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 1, again.stderr
    assert f"{killed_at} already stored" in again.stderr
    assert _dump(db) == _dump(ref)


def test_process_pool_and_serial_give_the_same_database(tmp_path: Path) -> None:
    corpus = toy_corpus(tmp_path / "corpus", 120)
    serial, pooled = tmp_path / "serial.sqlite", tmp_path / "pool.sqlite"
    with _open(str(serial)) as kb:
        r1 = kb.ingest(corpus, analyzer=toy_analyze)
    with _open(str(pooled)) as kb:
        r2 = kb.ingest(corpus, analyzer=toy_analyze, workers=2)
    assert (r1.stored, r1.failed) == (r2.stored, r2.failed) == (120, 3)
    assert _dump(serial) == _dump(pooled)


def test_dask_ingest_gives_the_same_database(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    from tahaluf.kb.distributed import ingest_dask

    corpus = toy_corpus(tmp_path / "corpus", 60)
    serial, dasked = tmp_path / "serial.sqlite", tmp_path / "dask.sqlite"
    with _open(str(serial)) as kb:
        kb.ingest(corpus, analyzer=toy_analyze)
    with distributed.LocalCluster(processes=False, n_workers=2, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client, _open(str(dasked)) as kb:
        report = ingest_dask(corpus, kb, client, analyzer=toy_analyze, window=8)
    assert report.stored == 60 and report.failed == 3
    assert _dump(serial) == _dump(dasked)


def test_default_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tahaluf.kb.paths import default_url, normalize_url

    monkeypatch.delenv("TAHALUF_DB", raising=False)
    monkeypatch.setenv("TAHALUF_HOME", str(tmp_path / "home"))
    assert default_url() == f"sqlite:///{tmp_path}/home/tahaluf.sqlite"
    monkeypatch.delenv("TAHALUF_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_url() == f"sqlite:///{tmp_path}/xdg/tahaluf/tahaluf.sqlite"
    monkeypatch.setenv("TAHALUF_DB", "postgresql://u@h/db")
    assert default_url() == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"
    # a folder the user names is never made behind their back (issue 14)
    with pytest.raises(StoreError, match=r"folder .*sub does not exist"):
        tahaluf.kb.open(str(tmp_path / "sub" / "kb.sqlite"))
    assert not (tmp_path / "sub").exists()
    (tmp_path / "sub").mkdir()
    kb = tahaluf.kb.open(str(tmp_path / "sub" / "kb.sqlite"))
    assert (tmp_path / "sub" / "kb.sqlite").exists()
    with kb.store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    kb.close()


def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot prepare the database"):
        tahaluf.kb.open("postgresql://nobody@127.0.0.1:1/none")


def test_document_text_survives_verbatim(url: str) -> None:
    kb = _open(url)
    text_ = "  «فيلق الشام» ينسحب\u200f من الغرفة — ١٢ كانون الثاني\nJOIN a b 2016"
    a = toy_analyze(toy_document([text_]))
    kb.store_analysis(a)
    (doc,) = kb.documents()
    assert doc.text == a.document.text
    kb.close()
