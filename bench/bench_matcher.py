"""Matcher throughput next to a bare Aho-Corasick pass over the same folded text.

The matcher (clitic-aware boundaries, longest match, short/ambiguous resolution, places,
anaphora, discovery, offsets back to the original) is timed against a bare
``automaton.iter`` over the same folded text with the same keys. Median of N runs.

    python bench/bench_matcher.py [--docs 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ahocorasick

from bench.corpus import synthetic_articles
from tahaluf.lexicon.core import load_lexicon
from tahaluf.lexicon.matcher import Matcher, span_of
from tahaluf.text.normalize import normalize


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    lex = load_lexicon()
    texts = synthetic_articles(args.docs)
    folded = [normalize(t) for t in texts]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    # the bare pass: the same folded keys, no clitics, no boundaries, no resolution
    automaton = ahocorasick.Automaton()
    for key in lex._by_key:
        automaton.add_word(key, key)
    automaton.make_automaton()
    bare, matcher, full = [], [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        for nz in folded:
            for _hit in automaton.iter(nz.text):
                pass
        bare.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for nz in folded:
            for h in Matcher.longest(lex.matcher.hits(nz.text)):
                span_of(nz, h)
        matcher.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for t, nz in zip(texts, folded, strict=True):
            lex.recognize(t, nz)
        full.append(time.perf_counter() - t0)
    b, m, f = statistics.median(bare), statistics.median(matcher), statistics.median(full)
    print(f"corpus: {len(texts)} documents, {mb:.1f} MB UTF-8, {len(lex._by_key)} folded keys")
    print(f"bare Aho-Corasick pass:       median {b:.3f} s = {mb / b:6.1f} MB/s")
    print(f"matcher (clitics, boundaries, longest, offsets): "
          f"median {m:.3f} s = {mb / m:6.1f} MB/s  ratio {b / m:.2f} (target >= 0.33)")
    print(f"full recognition (+ short forms, places, anaphora, discovery): "
          f"median {f:.3f} s = {mb / f:6.1f} MB/s  ratio {b / f:.2f}")


if __name__ == "__main__":
    main()
