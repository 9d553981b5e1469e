"""Ingest + normalize + segment throughput on a synthetic corpus of 10,000 articles.

Prints docs/s (one process, so per core) as the median of 5 runs, next to a baseline in
the same run: reading and UTF-8-decoding the same files with no processing.

    python bench/bench_text.py [--docs 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import write_corpus
from tahaluf.ingest import iter_documents
from tahaluf.text.normalize import normalize
from tahaluf.text.segment import sentences


def run_stage(folder: Path) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    n = chars = 0
    for r in iter_documents([folder]):
        if r.document is None:
            continue
        normalize(r.document.text)
        sentences(r.document.text)
        n += 1
        chars += len(r.document.text)
    return time.perf_counter() - t0, n, chars


def run_baseline(paths: list[Path]) -> float:
    t0 = time.perf_counter()
    for p in paths:
        p.read_bytes().decode("utf-8")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        paths = write_corpus(folder, args.docs)
        run_stage(folder)  # warm caches and data files
        stage, base = [], []
        n = chars = 0
        for _ in range(args.runs):
            dt, n, chars = run_stage(folder)
            stage.append(dt)
            base.append(run_baseline(paths))
        med, bmed = statistics.median(stage), statistics.median(base)
        print(f"documents: {n}, mean length {chars / max(n, 1):.0f} chars")
        print(f"ingest+normalize+segment: median {med:.2f} s over {args.runs} runs "
              f"= {n / med:,.0f} docs/s per core ({chars / med / 1e6:.1f} M chars/s)")
        print(f"baseline read+decode:     median {bmed:.2f} s = {n / bmed:,.0f} docs/s")
        print(f"target 2,000 docs/s per core: {'met' if n / med >= 2000 else 'NOT met'}")


if __name__ == "__main__":
    main()
