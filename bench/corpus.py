"""Synthetic corpora for benchmarks, built from the project's own sample sentences."""

from __future__ import annotations

import random
from pathlib import Path

from tahaluf.ingest import iter_documents
from tahaluf.text.segment import sentences


def own_sentences() -> list[str]:
    """Every sentence of the bundled samples (written by the team)."""
    from importlib import resources

    folder = Path(str(resources.files("tahaluf") / "samples"))
    out: list[str] = []
    for r in iter_documents(sorted(folder.glob("*.txt")) + sorted(folder.glob("*.jsonl"))):
        if r.document is not None:
            text = r.document.text
            out.extend(text[s.start:s.end] for s in sentences(text))
    return out


def synthetic_articles(n: int, seed: int = 7, per_doc: tuple[int, int] = (6, 14)) -> list[str]:
    rng = random.Random(seed)
    pool = own_sentences()
    docs = []
    for i in range(n):
        k = rng.randint(*per_doc)
        body = [rng.choice(pool) for _ in range(k)]
        # paragraphs of 1-3 sentences; a serial number keeps every text distinct
        paras, j = [], 0
        while j < len(body):
            step = rng.randint(1, 3)
            paras.append(" ".join(body[j:j + step]))
            j += step
        docs.append(f"خبر رقم {i}\n\n" + "\n\n".join(paras))
    return docs


def write_corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(synthetic_articles(n)):
        p = folder / f"{i:05d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths
