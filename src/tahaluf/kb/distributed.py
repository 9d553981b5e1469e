"""Ingest on a Dask cluster: analysis on the workers, writes on the client.

It is the same loop as ``tahaluf ingest --workers N`` (:func:`tahaluf.kb.ingest.run`);
only the mapper differs: documents are scattered to the cluster in a bounded window and
their analyses gathered back in input order, so the database ends the same.

    from distributed import Client
    from tahaluf.kb.distributed import ingest_dask
    report = ingest_dask(["corpus/"], "sqlite:///kb.sqlite", Client("tcp://scheduler:8786"))
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tahaluf.ingest import iter_documents
from tahaluf.kb.api import KB
from tahaluf.kb.ingest import (
    Analyzer,
    Mapper,
    Outcome,
    Progress,
    chunked,
    default_analyzer,
    run,
    safe_analyze_many,
)
from tahaluf.kb.results import IngestReport
from tahaluf.types import Document


def dask_mapper(client: Any, analyzer: Analyzer, window: int = 256, chunk: int = 8) -> Mapper:
    """Analyse on ``client``'s cluster in chunks of ``chunk`` documents, with at most
    ``window`` documents in flight; outcomes come back in input order."""
    def mapped(docs: Iterator[Document]) -> Iterator[tuple[Document, Outcome]]:
        flight: deque[tuple[list[Document], Any]] = deque()
        for part in chunked(docs, chunk):
            flight.append((part, client.submit(safe_analyze_many, analyzer, part, pure=False)))
            if len(flight) * chunk >= window:
                yield from _take(flight)
        while flight:
            yield from _take(flight)
    return mapped


def _take(flight: deque[tuple[list[Document], Any]]) -> Iterator[tuple[Document, Outcome]]:
    part, fut = flight.popleft()
    try:
        outs: list[Outcome] = fut.result()
    except Exception as exc:  # a worker was lost
        outs = [Outcome(None, f"analysis failed on the cluster: {exc.__class__.__name__}: "
                              f"{exc}")] * len(part)
    finally:
        fut.release()
    yield from zip(part, outs, strict=True)


def ingest_dask(paths: Iterable[str | Path], url: str | KB, client: Any, *,
                analyzer: Analyzer | None = None, published: str | None = None,
                progress: Progress | None = None, window: int = 256) -> IngestReport:
    """Ingest ``paths`` into the knowledge base at ``url`` using a ``distributed.Client``."""
    kb = url if isinstance(url, KB) else KB(url)
    try:
        inputs = iter_documents(list(paths), published=published)
        return run(kb, inputs, dask_mapper(client, analyzer or default_analyzer, window),
                   progress=progress)
    finally:
        if not isinstance(url, KB):
            kb.close()
