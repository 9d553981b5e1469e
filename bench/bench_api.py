"""REST API benchmark: requests/s and latency under concurrent load.

Builds a synthetic store of ``--facts`` facts (100,000 by default, with the bulk
generator of ``bench/bench_kb.py``), starts ``tahaluf serve`` on 127.0.0.1 in a
subprocess, and drives it from this process with ``--concurrency`` (32) httpx/asyncio
clients for ``--seconds`` (15) per scenario:

* members-on-date  ``GET /api/coalitions/{id}/members?on=DAY``  (random coalition, day)
* actor-search     ``GET /api/search?q=…``  (ids, prefixes and misspellings of names)

Target: p95 < 50 ms. ``--keep FILE`` keeps (and reuses) the store.

    python bench/bench_api.py [--facts 100000] [--seconds 15] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_kb import build_store
from tahaluf.api.testing import free_port
from tahaluf.kb import open as open_kb

TARGET_P95_MS = 50.0


def prepare(path: Path, n_facts: int) -> tuple[list[str], list[str]]:
    kb = open_kb(f"sqlite:///{path}")
    try:
        if kb.stats()["facts"] == 0:
            build_store(kb, n_facts)
            t0 = time.perf_counter()
            kb.refresh()
            print(f"derived intervals in {time.perf_counter() - t0:.1f} s", flush=True)
        else:
            print(f"reusing {path}", flush=True)
        stats = kb.stats()
        print(f"store: {stats['facts']:,} facts, {stats['actors']:,} actors, "
              f"{stats['intervals']:,} intervals", flush=True)
        actors = kb.actors()
        coalitions = [a.id for a in actors if a.kind == "coalition"]
        factions = [a.id for a in actors if a.kind != "coalition"]
    finally:
        kb.close()
    return coalitions, factions


def start_server(db: Path, port: int, workers: int, tokens: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-c", "from tahaluf.cli import main; main()", "serve",
           "--db", str(db), "--host", "127.0.0.1", "--port", str(port),
           "--tokens", str(tokens), "--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited: " + (proc.stderr.read().decode()
                                                    if proc.stderr else ""))
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("server did not start within 60 s")


def misspell(rng: random.Random, name: str) -> str:
    i = rng.randrange(len(name))
    return name[:i] + rng.choice("abcdefxyz0123456789") + name[i + 1:]


class _Conn:
    """One keep-alive HTTP/1.1 connection on asyncio streams: a few microseconds of client
    CPU per request, so the driver does not become the bottleneck (httpx's async client
    spends ~1-2 ms of CPU per request, as much as the server)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        return status, await self.reader.readexactly(length)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def drive(base: str, make_url: Callable[[random.Random], str], seconds: float,
                concurrency: int, check: bool = True) -> tuple[list[float], int, float]:
    """``concurrency`` clients, each on its own connection, for ``seconds``."""
    host, port = base.removeprefix("http://").split(":")
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:  # check the answers
        for i in range(32 if check else 0):
            r = await client.get(make_url(random.Random(i)))
            r.raise_for_status()
            r.json()
    lat: list[float] = []
    errors = 0
    t_end = time.perf_counter() + seconds

    async def worker(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        conn = _Conn(host, int(port))
        try:
            while time.perf_counter() < t_end:
                url = make_url(rng)
                t = time.perf_counter()
                try:
                    status, _ = await conn.get(url)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    status = 0
                    await conn.close()
                lat.append(time.perf_counter() - t)
                errors += status != 200
        finally:
            await conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return lat, errors, time.perf_counter() - t0


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process (Linux ``/proc``; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def report(name: str, lat: list[float], errors: int, wall: float,
           server_cpu: float = 0.0) -> bool:
    lat.sort()
    n = len(lat)

    def q(p: float) -> float:
        return lat[min(n - 1, int(n * p))] * 1e3

    ok = q(0.95) < TARGET_P95_MS
    print(f"{name:17s} {n / wall:8.0f} req/s  p50 {q(0.50):6.1f} ms  p95 {q(0.95):6.1f} ms  "
          f"p99 {q(0.99):6.1f} ms  ({n:,} requests, {errors} errors, server CPU "
          f"{server_cpu / max(n, 1) * 1e3:.2f} ms/request)  "
          f"target p95 < {TARGET_P95_MS:.0f} ms: {'met' if ok else 'NOT met'}", flush=True)
    return ok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--facts", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--workers", type=int, default=1, help="server processes")
    ap.add_argument("--keep", type=Path, help="keep the synthetic store here (and reuse it)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "bench-api.sqlite"
        coalitions, factions = prepare(db, args.facts)
        port = free_port()
        server = start_server(db, port, args.workers, Path(tmp) / "tokens.json")
        cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        if len(cpus) >= 2 and args.workers == 1:
            # one core for the server, the rest for this driver: they do not compete
            os.sched_setaffinity(server.pid, {cpus[-1]})
            os.sched_setaffinity(0, set(cpus[:-1]))
            print(f"pinned: server on cpu {cpus[-1]}, driver on cpus {cpus[:-1]}")
        base = f"http://127.0.0.1:{port}"
        print(f"server pid {server.pid} on {base}, {args.workers} worker(s); driving from pid "
              f"{os.getpid()} at concurrency {args.concurrency} for {args.seconds:.0f} s each",
              flush=True)
        lo = date(2013, 1, 1)

        def members_url(rng: random.Random) -> str:
            day = lo + timedelta(days=rng.randrange(8 * 365))
            return f"/api/coalitions/{rng.choice(coalitions)}/members?on={day.isoformat()}"

        names = coalitions + factions

        def search_url(rng: random.Random) -> str:
            name = rng.choice(names)
            kind = rng.random()
            q = name if kind < 0.4 else name[:5] if kind < 0.7 else misspell(rng, name)
            return f"/api/search?q={q}&limit=10"

        try:
            results = []
            for label, make in (("members-on-date", members_url), ("actor-search", search_url)):
                cpu0 = process_cpu(server.pid)
                lat, errors, wall = asyncio.run(drive(base, make, args.seconds,
                                                      args.concurrency))
                cpu = process_cpu(server.pid) - cpu0
                results.append(report(label, lat, errors, wall, cpu))
        finally:
            server.terminate()
            server.wait(10)
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
