"""Read-only queries the web needs that :class:`tahaluf.kb.KB` does not offer (yet).

Every query is a SQLAlchemy Core expression on the KB's own models, run on the KB's
own read connection (``kb.store.read()``): parameterized, no SQL text. Candidates for
``tahaluf.kb.api`` — the owners of ``kb/`` may move them there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from tahaluf.kb import KB
from tahaluf.kb.api import _interval as row_interval  # the KB's own row → Interval
from tahaluf.kb.intervals import standing_on
from tahaluf.kb.models import (
    ActorNameRow,
    ActorRow,
    DocumentRow,
    FactRow,
    IntervalRow,
    PlaceRow,
    ProvenanceRow,
)
from tahaluf.types import DateValue

_M = aliased(ActorRow, name="m")
_C = aliased(ActorRow, name="c")
_A = aliased(ActorRow, name="a")


def _date(value: str | None, precision: str | None, earliest: str | None,
          latest: str | None) -> dict[str, Any]:
    return {"value": value, "precision": precision, "earliest": earliest, "latest": latest}


def _ref(row: Any, prefix: str, actor_id: str) -> dict[str, Any]:
    name_en = getattr(row, f"{prefix}_name_en")
    if name_en is None:
        return {"id": actor_id, "name_en": actor_id, "name_ar": actor_id, "kind": "faction",
                "coalition_kind": None, "known": False}
    return {"id": actor_id, "name_en": name_en, "name_ar": getattr(row, f"{prefix}_name_ar"),
            "kind": getattr(row, f"{prefix}_kind"),
            "coalition_kind": getattr(row, f"{prefix}_coalition_kind"),
            "known": bool(getattr(row, f"{prefix}_known"))}


def _ref_cols(alias: Any, prefix: str) -> tuple[Any, ...]:
    return (alias.name_en.label(f"{prefix}_name_en"), alias.name_ar.label(f"{prefix}_name_ar"),
            alias.kind.label(f"{prefix}_kind"),
            alias.coalition_kind.label(f"{prefix}_coalition_kind"),
            alias.known.label(f"{prefix}_known"))


def _interval_query() -> Any:
    return (select(IntervalRow.__table__, *_ref_cols(_M, "m"), *_ref_cols(_C, "c"))
            .outerjoin(_M, _M.id == IntervalRow.member)
            .outerjoin(_C, _C.id == IntervalRow.coalition))


def _dv(d: DateValue | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {"value": d.value, "precision": d.precision, "earliest": d.earliest,
            "latest": d.latest}


def _interval_json(r: Any, day: str | None = None) -> dict[str, Any]:
    iv = row_interval(r)
    if day is None:
        certain = iv.start.latest is not None and (iv.end is None
                                                   or iv.end.earliest is not None)
    else:
        certain = iv.certain_on(day)
    out = {"member": _ref(r, "m", iv.member), "coalition": _ref(r, "c", iv.coalition),
           "start": _dv(iv.start), "end": _dv(iv.end), "start_how": iv.start_how,
           "end_how": iv.end_how, "certain": certain, "lo": iv.lo, "hi": iv.hi,
           "fact_ids": iv.fact_ids()}
    if day is not None:
        out["standing"] = standing_on(iv, day)
    return out


def coalition_intervals(kb: KB, coalition_id: str) -> list[dict[str, Any]]:
    """Every membership interval of one coalition (for the timeline bars)."""
    with kb.store.read() as conn:
        rows = conn.execute(_interval_query().where(IntervalRow.coalition == coalition_id)
                            .order_by(IntervalRow.lo, IntervalRow.member, IntervalRow.seq))
        return [_interval_json(r) for r in rows]


def network(kb: KB, day: str, coalition_id: str | None = None, *,
            certain_only: bool = False, possible: bool = False) -> dict[str, Any]:
    """Actors as nodes and the memberships certain or likely on ``day`` as edges
    (``certain`` when the bounds say so for sure; ``certain_only`` drops the likely ones,
    ``possible`` adds those the record cannot place on that day)."""
    q = _interval_query().where(IntervalRow.lo <= day, IntervalRow.hi > day)
    if coalition_id is not None:
        q = q.where(IntervalRow.coalition == coalition_id)
    with kb.store.read() as conn:
        rows = conn.execute(q.order_by(IntervalRow.coalition, IntervalRow.member,
                                       IntervalRow.seq)).all()
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[dict[str, Any]] = []
    for r in rows:
        iv = _interval_json(r, day)
        if certain_only and not iv["certain"]:
            continue
        if not possible and iv["standing"] not in ("certain", "likely"):
            continue
        for ref, role in ((iv["member"], "member"), (iv["coalition"], "coalition")):
            node = nodes.setdefault(ref["id"], {**ref, "roles": []})
            if role not in node["roles"]:
                node["roles"].append(role)
        edges.append({"id": f"{r.member}>{r.coalition}#{r.seq}", "source": r.member,
                      "target": r.coalition, "start": iv["start"], "end": iv["end"],
                      "start_how": r.start_how, "end_how": r.end_how,
                      "certain": iv["certain"], "standing": iv["standing"],
                      "fact_ids": iv["fact_ids"]})
    return {"on": day, "nodes": sorted(nodes.values(), key=lambda n: n["id"]),
            "edges": edges}


def actor_names(kb: KB) -> list[tuple[str, str]]:
    """``(actor_id, name)`` for every stored name and alias."""
    with kb.store.read() as conn:
        names = {(r.actor_id, r.name) for r in conn.execute(
            select(ActorNameRow.actor_id, ActorNameRow.name))}
        for r in conn.execute(select(ActorRow.id, ActorRow.name_en, ActorRow.name_ar)):
            names.update({(r.id, r.name_en), (r.id, r.name_ar), (r.id, r.id)})
    return sorted(n for n in names if n[1])


def actor_count(kb: KB) -> int:
    with kb.store.read() as conn:
        return int(conn.scalar(select(func.count()).select_from(ActorRow)) or 0)


def actor_names_of(kb: KB, actor_id: str) -> list[str]:
    with kb.store.read() as conn:
        return sorted(set(conn.scalars(select(ActorNameRow.name)
                                       .where(ActorNameRow.actor_id == actor_id))))


def actor_fact_count(kb: KB, actor_id: str) -> int:
    with kb.store.read() as conn:
        return int(conn.scalar(select(func.count()).select_from(FactRow).where(or_(
            FactRow.member == actor_id, FactRow.coalition == actor_id,
            FactRow.actor == actor_id))) or 0)


def _doc_meta(r: Any) -> dict[str, Any]:
    return {"id": r.id, "source": r.source, "url": r.url, "outlet": r.outlet,
            "published": r.published, "date_basis": r.date_basis, "lang": r.lang,
            "title": r.title}


def documents_page(kb: KB, offset: int, limit: int) -> tuple[int, list[dict[str, Any]]]:
    cols = (DocumentRow.id, DocumentRow.source, DocumentRow.url, DocumentRow.outlet,
            DocumentRow.published, DocumentRow.date_basis, DocumentRow.lang, DocumentRow.title)
    with kb.store.read() as conn:
        total = int(conn.scalar(select(func.count()).select_from(DocumentRow)) or 0)
        rows = conn.execute(select(*cols).order_by(DocumentRow.published.desc(),
                                                   DocumentRow.id)
                            .offset(offset).limit(limit)).all()
    return total, [_doc_meta(r) for r in rows]


def document(kb: KB, doc_id: str) -> dict[str, Any] | None:
    """One document, text verbatim, with every evidence span that points into it."""
    with kb.store.read() as conn:
        r = conn.execute(select(DocumentRow.__table__).where(DocumentRow.id == doc_id)).first()
        if r is None:
            return None
        q = (select(ProvenanceRow.fact_id, ProvenanceRow.span_start, ProvenanceRow.span_end,
                    ProvenanceRow.sentence_start, ProvenanceRow.sentence,
                    ProvenanceRow.modality, FactRow.kind, FactRow.type, FactRow.status,
                    FactRow.member, FactRow.coalition, FactRow.actor, FactRow.place,
                    *_ref_cols(_M, "m"), *_ref_cols(_C, "c"), *_ref_cols(_A, "a"))
             .join(FactRow, FactRow.id == ProvenanceRow.fact_id)
             .outerjoin(_M, _M.id == FactRow.member)
             .outerjoin(_C, _C.id == FactRow.coalition)
             .outerjoin(_A, _A.id == FactRow.actor)
             .where(ProvenanceRow.document_id == doc_id)
             .order_by(ProvenanceRow.span_start, ProvenanceRow.fact_id))
        spans = [{"fact_id": p.fact_id, "kind": p.kind, "type": p.type, "status": p.status,
                  "modality": p.modality, "member": p.member, "coalition": p.coalition,
                  "actor": p.actor, "place": p.place,
                  "member_ref": _ref(p, "m", p.member) if p.member else None,
                  "coalition_ref": _ref(p, "c", p.coalition) if p.coalition else None,
                  "actor_ref": _ref(p, "a", p.actor) if p.actor else None,
                  "span": {"start": p.span_start, "end": p.span_end},
                  "sentence": {"start": p.sentence_start,
                               "end": p.sentence_start + len(p.sentence)}}
                 for p in conn.execute(q)]
    return {**_doc_meta(r), "text": r.text, "ingested_at": r.ingested_at.isoformat(),
            "extractor_version": r.extractor_version, "lexicon_version": r.lexicon_version,
            "evidence": spans}


def fact_page(kb: KB, *, status: str | None, type_: str | None, coalition_id: str | None,
              offset: int, limit: int) -> tuple[int, list[int]]:
    """Fact ids, newest first, filtered by review status, type and coalition."""
    cond: list[Any] = []
    if status:
        cond.append(FactRow.status == status)
    if type_:
        cond.append(FactRow.type == type_)
    if coalition_id:
        cond.append(FactRow.coalition == coalition_id)
    where = and_(*cond) if cond else and_(True)
    with kb.store.read() as conn:
        total = int(conn.scalar(select(func.count()).select_from(FactRow).where(where)) or 0)
        ids = list(conn.scalars(select(FactRow.id).where(where).order_by(FactRow.id.desc())
                                .offset(offset).limit(limit)))
    return total, ids


def located_events(kb: KB, *, start: str | None, end: str | None,
                   actor_id: str | None, limit: int) -> list[dict[str, Any]]:
    """Other events (CAPTURE, ADVANCE, HOLD, STANCE) at a place with coordinates, as
    GeoJSON features; dates overlap ``[start, end]``."""
    q = (select(FactRow.id, FactRow.type, FactRow.actor, FactRow.target, FactRow.place,
                FactRow.modality, FactRow.status, FactRow.confidence, FactRow.date_value,
                FactRow.date_precision, FactRow.date_earliest, FactRow.date_latest,
                PlaceRow.name_en.label("place_en"), PlaceRow.name_ar.label("place_ar"),
                PlaceRow.lat, PlaceRow.lon, *_ref_cols(_M, "m"))
         .join(PlaceRow, PlaceRow.id == FactRow.place)
         .outerjoin(_M, _M.id == FactRow.actor)
         .where(FactRow.kind == "other_event", FactRow.status != "rejected",
                PlaceRow.lat.is_not(None), PlaceRow.lon.is_not(None)))
    if start:
        q = q.where(or_(FactRow.date_latest.is_(None), FactRow.date_latest >= start))
    if end:
        q = q.where(or_(FactRow.date_earliest.is_(None), FactRow.date_earliest <= end))
    if actor_id:
        q = q.where(or_(FactRow.actor == actor_id, FactRow.target == actor_id))
    with kb.store.read() as conn:
        rows = conn.execute(q.order_by(FactRow.date_earliest, FactRow.id).limit(limit)).all()
    return [{"type": "Feature",
             "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
             "properties": {
                 "feature": "event", "fact_id": r.id, "type": r.type,
                 "actor": _ref(r, "m", r.actor) if r.actor else None,
                 "target": r.target, "place": r.place, "place_en": r.place_en,
                 "place_ar": r.place_ar, "modality": r.modality, "status": r.status,
                 "confidence": r.confidence,
                 "date": _date(r.date_value, r.date_precision, r.date_earliest,
                               r.date_latest)}}
            for r in rows]
