"""Ingest: read → analyse (here, in a process pool, or on a Dask cluster) → one writer.

* **Idempotent** — a document whose id (hash of its text) is stored is skipped before it
  is analysed.
* **Resumable** — documents are read in a stable order; each is written with its facts
  inside one transaction (a small group of documents commits together, each in its own
  savepoint), so a run killed at any moment (even ``SIGKILL``) leaves whole documents
  only; running again stores the rest and ends with the same database as an
  uninterrupted run.
* **Robust** — an unreadable document or a failing analysis is logged with its path and
  reason and the run goes on; the report lists them.

Every executor uses the same loop (:func:`run`): a *mapper* turns the stream of new
documents into a stream of outcomes **in input order**; the writer stores them.
"""

from __future__ import annotations

import concurrent.futures as cf
import importlib
import logging
import multiprocessing
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tahaluf.errors import StoreError, TahalufError, describe
from tahaluf.ingest import iter_documents
from tahaluf.ingest.readers import ReadResult, Skipped, expand_paths
from tahaluf.kb.results import IngestFailure, IngestReport
from tahaluf.types import Analysis, Document

if TYPE_CHECKING:
    from tahaluf.kb.api import KB

log = logging.getLogger("tahaluf.kb.ingest")

Analyzer = Callable[[Document], Analysis]
#: called after each input with ("stored" | "skipped" | "failed", source)
Progress = Callable[[str, str], None]


def default_analyzer(doc: Document) -> Analysis:
    from tahaluf.pipeline import analyze

    return analyze(doc)


def load_analyzer(spec: str) -> Analyzer:
    """``module:function`` → the function (for plugging in another extractor)."""
    mod, _, name = spec.partition(":")
    if not mod or not name:
        raise TahalufError(f"analyzer {spec!r} is not module:function",
                           hint="for example tahaluf.pipeline:analyze")
    try:
        fn = getattr(importlib.import_module(mod), name)
    except (ImportError, AttributeError) as exc:
        raise TahalufError(f"cannot load analyzer {spec!r}: {exc}") from exc
    if not callable(fn):
        raise TahalufError(f"analyzer {spec!r} is not callable")
    return fn  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Outcome:
    analysis: Analysis | None
    error: str | None = None


def safe_analyze(analyzer: Analyzer, doc: Document) -> Outcome:
    """Run the analyzer; an exception becomes an error outcome (module level: picklable)."""
    try:
        return Outcome(analyzer(doc))
    except Exception as exc:  # a bad document must not stop the run
        return Outcome(None, f"analysis failed: {describe(exc)}")


def safe_analyze_many(analyzer: Analyzer, docs: list[Document]) -> list[Outcome]:
    """A chunk of documents per task: fewer round trips to the workers."""
    return [safe_analyze(analyzer, d) for d in docs]


def chunked(docs: Iterator[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for d in docs:
        chunk.append(d)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


Mapper = Callable[[Iterator[Document]], Iterator[tuple[Document, Outcome]]]


def serial_mapper(analyzer: Analyzer) -> Mapper:
    def run(docs: Iterator[Document]) -> Iterator[tuple[Document, Outcome]]:
        for d in docs:
            yield d, safe_analyze(analyzer, d)
    return run


def executor_mapper(executor: cf.Executor, analyzer: Analyzer, window: int = 8,
                    chunk: int = 8) -> Mapper:
    """Analyse on an executor in chunks of ``chunk`` documents, at most ``window`` chunks
    in flight; outcomes come back in input order."""
    def run(docs: Iterator[Document]) -> Iterator[tuple[Document, Outcome]]:
        flight: deque[tuple[list[Document], cf.Future[list[Outcome]]]] = deque()
        for part in chunked(docs, chunk):
            flight.append((part, executor.submit(safe_analyze_many, analyzer, part)))
            if len(flight) >= window:
                yield from _results(*flight.popleft())
        while flight:
            yield from _results(*flight.popleft())
    return run


def _results(part: list[Document], fut: cf.Future[list[Outcome]]
             ) -> Iterator[tuple[Document, Outcome]]:
    try:
        outs = fut.result()
    except Exception as exc:  # the worker died or the outcome did not pickle
        outs = [Outcome(None, f"analysis failed in a worker: {describe(exc)}")] * len(part)
    yield from zip(part, outs, strict=True)


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many documents the paths hold (JSONL lines counted), for a progress bar."""
    n = 0
    for p in expand_paths(paths):
        if isinstance(p, Skipped):
            continue
        if isinstance(p, Path) and p.suffix.lower() in (".jsonl", ".ndjson"):
            try:
                with p.open("rb") as fh:
                    n += sum(1 for line in fh if line.strip())
            except OSError:
                n += 1
        else:
            n += 1
    return n


def run(kb: KB, inputs: Iterable[ReadResult], mapper: Mapper, *,
        progress: Progress | None = None, replace: bool = False,
        batch: int = 64, refresh_every: float = 30.0, group_size: int = 32,
        group_seconds: float = 0.25) -> IngestReport:
    """The one ingest loop behind every executor. Analyses are stored ``group_size`` at a
    time (or after ``group_seconds``) in one transaction, each document in its own
    savepoint. Derived state (intervals, contradictions) is refreshed every
    ``refresh_every`` seconds and at the end."""
    report = IngestReport()
    last_refresh = time.monotonic()

    def note(event: str, source: str) -> None:
        if progress is not None:
            progress(event, source)

    def fail(source: str, reason: str) -> None:
        log.warning("%s: %s", source, reason)
        report.failures.append(IngestFailure(source, reason))
        note("failed", source)

    def new_documents() -> Iterator[Document]:
        in_run: set[str] = set()
        pending: list[ReadResult] = []

        def flush() -> Iterator[Document]:
            ids = [r.document.id for r in pending if r.document is not None]
            stored = set() if replace else kb.known_ids(ids)
            for r in pending:
                report.notes.extend(r.notes)
                if r.document is None and r.problem is None:
                    continue  # a file skipped with a note
                report.read += 1
                if r.problem is not None:
                    fail(r.problem.where, f"reading failed: {r.problem.detail}")
                    continue
                doc = r.document
                assert doc is not None
                if doc.id in stored or doc.id in in_run:
                    report.skipped += 1
                    note("skipped", doc.source)
                    continue
                in_run.add(doc.id)
                yield doc
            pending.clear()

        for r in inputs:
            pending.append(r)
            if len(pending) >= batch:
                yield from flush()
        yield from flush()

    group: list[tuple[Document, Analysis]] = []
    group_started = 0.0

    def commit() -> None:
        try:
            results: list[bool | StoreError | Exception] = list(
                kb.store_many([a for _, a in group], replace=replace))
        except Exception as exc:  # the group's transaction was rolled back; go on
            results = [exc] * len(group)
        for (doc, _), res in zip(group, results, strict=True):
            if isinstance(res, Exception):
                why = str(res) if isinstance(res, TahalufError) else describe(res)
                fail(doc.source, f"storing failed: {why}")
            elif res:
                report.stored += 1
                if not doc.published:
                    report.undated.append(doc.source)
                note("stored", doc.source)
            else:
                report.skipped += 1
                note("skipped", doc.source)
        group.clear()

    try:
        for doc, out in mapper(new_documents()):
            if out.analysis is None:
                fail(doc.source, out.error or "analysis failed")
                continue
            if not group:
                group_started = time.monotonic()
            group.append((doc, out.analysis))
            # group commit: a few documents per transaction, each whole in a savepoint
            if len(group) >= group_size or time.monotonic() - group_started > group_seconds:
                commit()
            if time.monotonic() - last_refresh > refresh_every:
                kb.refresh()
                last_refresh = time.monotonic()
        if group:
            commit()
    finally:
        kb.refresh()
    return report


def _process_pool(workers: int, analyzer: Analyzer) -> cf.ProcessPoolExecutor:
    """Workers forked from this process when it runs no other thread — they inherit the
    language data already loaded here — else started by a fork server."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        if analyzer is default_analyzer:
            from tahaluf.lexicon.core import load_lexicon

            load_lexicon()  # once here instead of once per worker
        ctx: multiprocessing.context.BaseContext = multiprocessing.get_context("fork")
    else:
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def ingest(kb: KB, paths: Iterable[str | Path], *, workers: int = 1,
           analyzer: Analyzer | None = None, published: str | None = None,
           progress: Progress | None = None, reextract: bool = False) -> IngestReport:
    """Ingest files, folders and JSONL into ``kb``; ``workers > 1`` analyses in a process
    pool while this process writes. ``reextract`` analyses stored documents again."""
    fn = analyzer or default_analyzer
    inputs = iter_documents(list(paths), published=published)
    if workers <= 1:
        return run(kb, inputs, serial_mapper(fn), progress=progress, replace=reextract)
    with _process_pool(workers, fn) as pool:
        return run(kb, inputs, executor_mapper(pool, fn, window=workers * 4),
                   progress=progress, replace=reextract)


def reextract(kb: KB, *, workers: int = 1, analyzer: Analyzer | None = None,
              progress: Progress | None = None) -> IngestReport:
    fn = analyzer or default_analyzer
    inputs = (ReadResult(document=d) for d in kb.documents())
    if workers <= 1:
        return run(kb, inputs, serial_mapper(fn), progress=progress, replace=True)
    with _process_pool(workers, fn) as pool:
        return run(kb, inputs, executor_mapper(pool, fn, window=workers * 4),
                   progress=progress, replace=True)
