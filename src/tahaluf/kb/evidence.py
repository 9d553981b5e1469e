"""Evidence: the reports (document, sentence, span) behind facts.

:func:`fetch` reads them with one prepared query. The intervals table keeps a copy of
the first reports of the facts that start or prove each interval (``CACHED_PER_FACT``),
refreshed whenever those facts change, so ``members()`` answers with its proving
sentences from one indexed read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from tahaluf.kb.models import DocumentRow, ProvenanceRow
from tahaluf.kb.results import Evidence

CACHED_PER_FACT = 3
FOREVER = datetime(9999, 12, 31)


def _query(limited: bool) -> Any:
    """Reports of some facts (``:ids``) recorded by ``:until``, at most ``:lim`` per fact,
    with their documents — built once, executed with parameters."""
    cols = (ProvenanceRow.fact_id, ProvenanceRow.document_id, ProvenanceRow.sentence,
            ProvenanceRow.sentence_start, ProvenanceRow.span_start, ProvenanceRow.span_end,
            ProvenanceRow.modality, ProvenanceRow.extractor_version,
            ProvenanceRow.lexicon_version, ProvenanceRow.recorded_at, ProvenanceRow.id)
    cond = (ProvenanceRow.fact_id.in_(bindparam("ids", expanding=True)),
            ProvenanceRow.recorded_at <= bindparam("until"))
    if limited:
        rn = func.row_number().over(partition_by=ProvenanceRow.fact_id,
                                    order_by=ProvenanceRow.id).label("rn")
        inner = select(*cols, rn).where(*cond).subquery()
        sub = select(inner).where(inner.c.rn <= bindparam("lim")).subquery()
    else:
        sub = select(*cols).where(*cond).subquery()
    return (select(sub, DocumentRow.source, DocumentRow.url, DocumentRow.outlet,
                   DocumentRow.published)
            .join(DocumentRow, DocumentRow.id == sub.c.document_id).order_by(sub.c.id))


_LIMITED = _query(True)
_ALL = _query(False)


def fetch(conn: Connection, fact_ids: Iterable[int], *, limit: int | None,
          until: datetime | None = None) -> dict[int, list[Evidence]]:
    """Up to ``limit`` reports per fact (``None``: all), recorded by ``until``."""
    ids = sorted(set(fact_ids))
    out: dict[int, list[Evidence]] = {i: [] for i in ids}
    for k in range(0, len(ids), 500):
        params = {"ids": ids[k:k + 500], "lim": limit if limit is not None else 1 << 30,
                  "until": until or FOREVER}
        for r in conn.execute(_ALL if limit is None else _LIMITED, params):
            a, b = r.span_start - r.sentence_start, r.span_end - r.sentence_start
            out[r.fact_id].append(Evidence(
                fact_id=r.fact_id, document_id=r.document_id, source=r.source, url=r.url,
                outlet=r.outlet, published=r.published, sentence=r.sentence,
                span_start=r.span_start, span_end=r.span_end,
                quote=r.sentence[max(a, 0):max(b, 0)], modality=r.modality,
                extractor_version=r.extractor_version, lexicon_version=r.lexicon_version,
                recorded_at=r.recorded_at))
    return out


_FIELDS = ("fact_id", "document_id", "source", "url", "outlet", "published", "sentence",
           "span_start", "span_end", "quote", "modality", "extractor_version",
           "lexicon_version")


def to_cache(items: dict[int, list[Evidence]]) -> dict[str, list[list[Any]]]:
    """Compact JSON for the intervals table: fact id → rows of values."""
    return {str(fid): [[*(getattr(e, f) for f in _FIELDS), e.recorded_at.isoformat()]
                       for e in evs] for fid, evs in items.items() if evs}


def from_row(row: list[Any]) -> Evidence:
    """One report from the compact form of :func:`to_cache`."""
    return Evidence(*row[:-1], datetime.fromisoformat(row[-1]))  # type: ignore[call-arg]
