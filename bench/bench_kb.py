"""Knowledge-base benchmarks.

1. Ingest throughput into SQLite (docs/s, median of ``--runs`` runs, each into a fresh
   database) on the synthetic corpus of ``bench/corpus.py``: the whole ``tahaluf ingest``
   path (read + analyse + store) in one process and with ``--workers``, and the store
   alone (documents analysed beforehand).
2. ``members(coalition, on=day)`` latency (p50/p95) on a synthetic store of ``--facts``
   facts (default 1,000,000) written directly with bulk inserts, not by the extractor;
   warm cache (the intervals table read once, as a running server would have it).

    python bench/bench_kb.py [--docs 2000] [--runs 5] [--facts 1000000] [--queries 2000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from bench.corpus import write_corpus
from tahaluf.ingest import iter_documents
from tahaluf.kb import KB
from tahaluf.kb import open as open_kb
from tahaluf.kb.facts import identity_key
from tahaluf.kb.models import ActorRow, DirtyRow, DocumentRow, FactRow, ProvenanceRow
from tahaluf.pipeline import analyze
from tahaluf.types import Analysis


def _median_rate(n: int, seconds: list[float]) -> tuple[float, float]:
    med = statistics.median(seconds)
    return med, n / med


def bench_ingest(docs: int, runs: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        write_corpus(folder, docs)
        analyses: list[Analysis] = [analyze(r.document) for r in iter_documents([folder])
                                    if r.document is not None]
        n = len(analyses)
        events = sum(len(a.events) + len(a.memberships) + len(a.other_events) for a in analyses)
        print(f"corpus: {n} documents, {events} claims ({events / max(n, 1):.1f} per document)")

        def fresh(i: int, tag: str) -> KB:
            return open_kb(f"sqlite:///{tmp}/{tag}-{i}.sqlite")

        store: list[float] = []
        for i in range(runs):
            kb = fresh(i, "store")
            kb.lexicon  # noqa: B018 - load outside the timing
            t0 = time.perf_counter()
            for k in range(0, n, 32):  # the group commit of the ingest loop
                kb.store_many(analyses[k:k + 32])
            kb.refresh()
            store.append(time.perf_counter() - t0)
            kb.close()
        med, rate = _median_rate(n, store)
        print(f"store only (analysed beforehand): median {med:.2f} s = {rate:,.0f} docs/s")

        for w in sorted({1, workers}):
            times: list[float] = []
            for i in range(runs):
                kb = fresh(i, f"ingest{w}")
                kb.lexicon  # noqa: B018
                t0 = time.perf_counter()
                report = kb.ingest([folder], workers=w)
                times.append(time.perf_counter() - t0)
                assert report.stored == n, report
                kb.close()
            med, rate = _median_rate(n, times)
            print(f"tahaluf ingest --workers {w} (read+analyse+store): median {med:.2f} s "
                  f"= {rate:,.0f} docs/s {'(target 300: met)' if rate >= 300 else ''}")


# --- a synthetic store of a million facts -------------------------------------------------
def _day(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randrange((hi - lo).days))


def build_store(kb: KB, n_facts: int, seed: int = 5) -> tuple[list[str], float]:
    rng = random.Random(seed)
    n_coal = max(n_facts // 200, 10)
    n_fac = n_coal * 10
    n_docs = max(n_facts // 10, 10)
    coalitions = [f"c{i:06d}" for i in range(n_coal)]
    factions = [f"f{i:07d}" for i in range(n_fac)]
    now = datetime(2024, 1, 1)
    t0 = time.perf_counter()
    kinds = ("operations_room", "merger", "front", "umbrella_army")
    with kb.store.write() as conn:
        conn.execute(insert(ActorRow), [
            {"id": a, "name_en": a, "name_ar": a, "kind": "coalition" if a[0] == "c" else "faction",
             "coalition_kind": rng.choice(kinds) if a[0] == "c" else None, "known": False,
             "names": [a], "source": "bench", "lexicon_version": "bench"}
            for a in coalitions + factions])
        conn.execute(insert(DocumentRow), [
            {"id": f"sha256:{i:064x}", "text": f"وثيقة رقم {i}", "source": f"bench/{i}.txt",
             "url": f"https://bench.example/{i}", "outlet": f"outlet-{i % 40}",
             "published": (date(2012, 1, 1) + timedelta(days=i % 4000)).isoformat(),
             "lang": "ar", "title": None, "ingested_at": now, "extractor_version": "bench",
             "lexicon_version": "bench"} for i in range(n_docs)])
        facts: list[dict[str, Any]] = []
        provs: list[dict[str, Any]] = []
        fid = 0

        def add(kind: str, type_: str, member: str, coalition: str, d: date) -> None:
            nonlocal fid
            fid += 1
            ident = {"type": type_, "member": member, "coalition": coalition, "polarity": "pos"}
            day = d.isoformat()
            facts.append({
                "id": fid, "kind": kind, "key": identity_key(kind, ident),
                "ekey": identity_key(kind, ident), "type": type_, "member": member,
                "coalition": coalition, "actor": None, "target": None, "place": None,
                "quantity_value": None, "quantity_unit": None, "participants": [],
                "polarity": "pos", "modality": "asserted", "alternatives": [],
                "date_value": day, "date_precision": "day", "date_earliest": day,
                "date_latest": day, "x_value": day, "x_precision": "day", "x_earliest": day,
                "x_latest": day, "status": "unreviewed", "overrides": {}, "extracted": ident,
                "confidence": 0.6, "n_sources": 1, "n_outlets": 1, "created_at": now})
            doc = rng.randrange(n_docs)
            sentence = f"{type_} {member} {coalition} {day}"
            provs.append({
                "fact_id": fid, "document_id": f"sha256:{doc:064x}", "span_start": 0,
                "span_end": len(sentence), "sentence_start": 0, "sentence": sentence,
                "outlet": f"outlet-{doc % 40}", "modality": "asserted", "alternatives": [],
                "confidence": 0.6, "date_value": day, "date_precision": "day",
                "date_earliest": day, "date_latest": day, "date_basis": "explicit",
                "rule": "bench", "extractor_version": "bench", "lexicon_version": "bench",
                "recorded_at": now})

        def flush() -> None:
            if facts:
                conn.execute(insert(FactRow), facts)
                conn.execute(insert(ProvenanceRow), provs)
                facts.clear()
                provs.clear()

        lo, hi = date(2012, 1, 1), date(2021, 1, 1)
        while fid < n_facts:
            c = rng.choice(coalitions)
            m = rng.choice(factions)
            start = _day(rng, lo, hi)
            add("event", rng.choice(("JOIN", "JOIN", "FORM", "MERGE")), m, c, start)
            d = start
            for _ in range(rng.randint(0, 6)):
                d = d + timedelta(days=rng.randint(10, 200))
                add("membership", "MEMBER", m, c, d)
            if rng.random() < 0.6:
                add("event", rng.choice(("WITHDRAW", "EXPEL", "SPLIT")), m, c,
                    d + timedelta(days=rng.randint(1, 300)))
            if len(facts) >= 20_000:
                flush()
        flush()
        conn.execute(insert(DirtyRow), [{"actor_id": c} for c in coalitions])
    load = time.perf_counter() - t0
    print(f"synthetic store: {fid:,} facts, {fid:,} provenance rows, {n_docs:,} documents, "
          f"{n_coal:,} coalitions, {n_fac:,} factions — bulk insert {load:.1f} s")
    return coalitions, load


def bench_members(n_facts: int, queries: int, keep: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = keep or Path(tmp) / "million.sqlite"
        reuse = path.exists()
        kb = open_kb(f"sqlite:///{path}")
        if reuse:  # a store kept by an earlier run with --keep
            coalitions = sorted(a.id for a in kb.actors() if a.kind == "coalition")
            print(f"reusing {path}: {kb.stats()['facts']:,} facts")
        else:
            coalitions, _ = build_store(kb, n_facts)
            t0 = time.perf_counter()
            kb.refresh()
            print(f"derive intervals and contradictions: {time.perf_counter() - t0:.1f} s "
                  f"({kb.stats()['intervals']:,} intervals)")
        with kb.store.engine.connect() as conn:  # a server's working set is in memory
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.exec_driver_sql("SELECT sum(length(facts)) FROM intervals").all()
        rng = random.Random(9)
        lo, hi = date(2013, 1, 1), date(2021, 1, 1)
        asks = [(rng.choice(coalitions), _day(rng, lo, hi).isoformat())
                for _ in range(queries + 200)]
        for c, d in asks[:200]:  # warm the caches
            kb.members(c, on=d)
        lat: list[float] = []
        sizes: list[int] = []
        for c, d in asks[200:]:
            t = time.perf_counter()
            a = kb.members(c, on=d)
            lat.append(time.perf_counter() - t)
            sizes.append(len(a.members))
        lat.sort()
        p50, p95 = lat[len(lat) // 2], lat[int(len(lat) * 0.95)]
        print(f"members(coalition, on=day) over {queries} random queries: "
              f"p50 {p50 * 1e3:.2f} ms, p95 {p95 * 1e3:.2f} ms "
              f"(mean {statistics.fmean(sizes):.1f} members with evidence) "
              f"{'(target p50 < 1 ms: met)' if p50 < 1e-3 else '(target p50 < 1 ms: NOT met)'}",
              flush=True)
        kb.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--facts", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--skip-members", action="store_true")
    ap.add_argument("--keep", type=Path, help="keep the synthetic store here (and reuse it)")
    args = ap.parse_args()
    if not args.skip_ingest:
        bench_ingest(args.docs, args.runs, args.workers)
    if not args.skip_members:
        bench_members(args.facts, args.queries, args.keep)


if __name__ == "__main__":
    main()
