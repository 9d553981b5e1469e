"""End-to-end extraction throughput: normalize, sentences, mentions, dates, quantities,
coalition events, memberships and other events, one process (so per core).

Median of N runs over a synthetic corpus built from the project's own sample articles.

    python bench/bench_extract.py [--docs 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import synthetic_articles
from tahaluf.lexicon.core import load_lexicon
from tahaluf.pipeline import analyze
from tahaluf.text.segment import sentences
from tahaluf.types import Document


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    lex = load_lexicon()
    docs = [Document.from_text(t, f"synthetic:{i}", published="2016-01-02")
            for i, t in enumerate(synthetic_articles(args.docs))]
    analyze(docs[0], lexicon=lex)  # load data files once
    runs, base = [], []
    events = 0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        for d in docs:
            sentences(d.text)
        base.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        events = 0
        for d in docs:
            events += len(analyze(d, lexicon=lex).events)
        runs.append(time.perf_counter() - t0)
    med, bmed = statistics.median(runs), statistics.median(base)
    n = len(docs)
    print(f"documents: {n}, mean {sum(len(d.text) for d in docs) / n:.0f} chars, "
          f"{events} coalition events per run")
    print(f"end-to-end extraction: median {med:.2f} s over {args.runs} runs = "
          f"{n / med:,.0f} docs/s per core (target 500)")
    print(f"baseline sentence split only: median {bmed:.2f} s = {n / bmed:,.0f} docs/s")


if __name__ == "__main__":
    main()
