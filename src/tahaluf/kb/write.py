"""Writing one document's analysis: document row, mentions, actors, places, facts and
provenance — all inside the caller's single transaction, so a crash leaves no half
document. Facts touched are marked *dirty*; :mod:`tahaluf.kb.derive` recomputes their
intervals and contradictions later (also from a crash: the marks are in the same
transaction as the facts).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, delete, func, insert, or_, select, update

from tahaluf.kb.dates import compatible
from tahaluf.kb.facts import (
    Claim,
    ProvView,
    better_modality,
    claims_of,
    fold_date,
    outlet_of,
    summarize,
)
from tahaluf.kb.models import (
    ActorNameRow,
    ActorRow,
    DirtyRow,
    DocumentRow,
    FactRow,
    MentionRow,
    PlaceRow,
    ProvenanceRow,
    ReviewActionRow,
)
from tahaluf.lexicon.schema import ActorRecord, PlaceRecord
from tahaluf.types import Analysis, DateValue, Span

if TYPE_CHECKING:
    from tahaluf.lexicon.core import Lexicon


@dataclass
class WriteContext:
    """What the writer needs besides the analysis; caches live for one KB session."""

    lexicon: Lexicon | None
    now: datetime
    actor_versions: dict[str, str] = field(default_factory=dict)
    places_seen: set[str] = field(default_factory=set)

    def forget(self) -> None:
        """Drop the caches (after a rollback they may name rows that do not exist)."""
        self.actor_versions.clear()
        self.places_seen.clear()


def actor_keys(rec: ActorRecord) -> dict[str, str]:
    """Matching key → name, for every full name of an actor (Arabic folded, Latin keyed)."""
    from tahaluf.lexicon.core import latin_key
    from tahaluf.text.normalize import fold

    out: dict[str, str] = {}
    for name in (rec.name_ar, *rec.aliases_ar):
        if name:
            out.setdefault(fold(name).strip(), name)
    for name in (rec.name_en, *rec.aliases_en):
        if name:
            out.setdefault(latin_key(name), name)
    out.setdefault(rec.id, rec.id)
    return {k: v for k, v in out.items() if k}


def placeholder(actor_id: str) -> ActorRecord:
    """An actor named only by its id (neither in the lexicon nor discovered)."""
    return ActorRecord(id=actor_id, name_en=actor_id, name_ar=actor_id, kind="faction",
                       known=False, source="id only")


def ensure_actors(conn: Connection, ids: Iterable[str], ctx: WriteContext,
                  discovered: Mapping[str, ActorRecord] = {}) -> None:
    lex = ctx.lexicon
    version = lex.version if lex else ""
    wanted = sorted({i for i in ids if i})
    unknown = [i for i in wanted if i not in ctx.actor_versions]
    if unknown:
        for row in conn.execute(select(ActorRow.id, ActorRow.lexicon_version)
                                .where(ActorRow.id.in_(unknown))):
            ctx.actor_versions[row.id] = row.lexicon_version
    for aid in wanted:
        rec = lex.actors.get(aid) if lex else None
        stored = ctx.actor_versions.get(aid)
        if rec is not None:
            tag = "lexicon:" + version
            if stored == tag:
                continue
        else:
            if stored is not None:
                continue
            rec = discovered.get(aid) or placeholder(aid)
            tag = "discovered" if aid in discovered else "id"
        write_actor(conn, rec, tag, exists=stored is not None)
        ctx.actor_versions[aid] = tag


def write_actor(conn: Connection, rec: ActorRecord, tag: str, *, exists: bool) -> None:
    keys = actor_keys(rec)
    values = {"name_en": rec.name_en, "name_ar": rec.name_ar, "kind": rec.kind,
              "coalition_kind": rec.coalition_kind, "known": rec.known,
              "names": list(dict.fromkeys(keys.values())), "source": rec.source,
              "lexicon_version": tag}
    if exists:
        conn.execute(update(ActorRow).where(ActorRow.id == rec.id).values(**values))
        conn.execute(delete(ActorNameRow).where(ActorNameRow.actor_id == rec.id))
    else:
        conn.execute(insert(ActorRow).values(id=rec.id, **values))
    conn.execute(insert(ActorNameRow),
                 [{"actor_id": rec.id, "key": k[:400], "name": v} for k, v in keys.items()])


def _admin1(rec: PlaceRecord, places: Mapping[str, PlaceRecord]) -> str | None:
    seen: set[str] = set()
    cur: PlaceRecord | None = rec
    while cur is not None and cur.id not in seen:
        if cur.level == "governorate":
            return cur.name_en
        seen.add(cur.id)
        cur = places.get(cur.parent) if cur.parent else None
    return None


def ensure_places(conn: Connection, ids: Iterable[str], ctx: WriteContext) -> None:
    lex = ctx.lexicon
    wanted = sorted({i for i in ids if i and i not in ctx.places_seen})
    if not wanted:
        return
    have = set(conn.scalars(select(PlaceRow.id).where(PlaceRow.id.in_(wanted))))
    rows: list[dict[str, Any]] = []
    for pid in wanted:
        ctx.places_seen.add(pid)
        if pid in have:
            continue
        rec = lex.places.get(pid) if lex else None
        if rec is None:
            rows.append({"id": pid, "name_en": pid, "name_ar": pid, "level": "unknown",
                         "lat": None, "lon": None, "parent": None, "admin1": None})
        else:
            rows.append({"id": pid, "name_en": rec.name_en, "name_ar": rec.name_ar,
                         "level": rec.level, "lat": rec.lat, "lon": rec.lon,
                         "parent": rec.parent, "admin1": _admin1(rec, lex.places if lex else {})})
    if rows:
        conn.execute(insert(PlaceRow), rows)


def sentence_of(a: Analysis, span: Span) -> tuple[int, int]:
    """The sentence(s) holding ``span`` (the span itself when sentences are missing)."""
    sents = a.sentences
    if not sents:
        return span.start, span.end
    starts = [s.start for s in sents]
    i = max(bisect.bisect_right(starts, span.start) - 1, 0)
    j = max(bisect.bisect_right(starts, max(span.end - 1, span.start)) - 1, i)
    return min(sents[i].start, span.start), max(sents[j].end, span.end)


def _date_cols(prefix: str, d: DateValue) -> dict[str, Any]:
    return {f"{prefix}value": d.value, f"{prefix}precision": d.precision,
            f"{prefix}earliest": d.earliest, f"{prefix}latest": d.latest}


def _xdate(row: Any) -> DateValue:
    return DateValue(row.x_value, row.x_precision, row.x_earliest, row.x_latest, "unknown")


def _edate(row: Any) -> DateValue:
    return DateValue(row.date_value, row.date_precision, row.date_earliest, row.date_latest,
                     "unknown")


_FACT_ID: Any = bindparam("fact_id_")
INSERT_FACT = insert(FactRow)
INSERT_PROV = insert(ProvenanceRow)
INSERT_MENTION = insert(MentionRow)
INSERT_DOC = insert(DocumentRow)
INSERT_DIRTY = insert(DirtyRow)
UPDATE_FACT = update(FactRow).where(FactRow.id == _FACT_ID)
MAX_OUTLET_CONF = select(func.max(ProvenanceRow.confidence)).where(
    ProvenanceRow.fact_id == bindparam("f"), ProvenanceRow.outlet == bindparam("o"))
DOC_EXISTS = select(DocumentRow.id).where(DocumentRow.id == bindparam("d"))

_MATCH_COLS = (FactRow.id, FactRow.key, FactRow.ekey, FactRow.x_value, FactRow.x_precision,
               FactRow.x_earliest, FactRow.x_latest, FactRow.date_value,
               FactRow.date_precision, FactRow.date_earliest, FactRow.date_latest,
               FactRow.modality, FactRow.alternatives, FactRow.confidence,
               FactRow.n_sources, FactRow.n_outlets, FactRow.overrides, FactRow.member,
               FactRow.coalition)


FIND_FACT = select(*_MATCH_COLS).where(
    or_(FactRow.key == bindparam("k"), FactRow.ekey == bindparam("k"))).order_by(FactRow.id)


def find_fact(conn: Connection, key: str, date: DateValue) -> Any | None:
    """The fact a claim belongs to: same identity as extracted (or as corrected) and a
    compatible date. Rejected and corrected facts are found too, so review survives."""
    rows = conn.execute(FIND_FACT, {"k": key}).all()
    for r in rows:
        if r.key == key and compatible(_xdate(r), date):
            return r
    for r in rows:
        if r.ekey == key and compatible(_edate(r), date):
            return r
    return None


def new_fact(conn: Connection, c: Claim, now: datetime) -> int:
    """A fact made of one report: its summary is what :func:`attach` gives from empty."""
    ident = c.ident()
    key = c.key
    values: dict[str, Any] = {
        "kind": c.kind, "key": key, "ekey": key, "type": c.type, "member": c.member,
        "coalition": c.coalition, "actor": c.actor, "target": c.target, "place": c.place,
        "quantity_value": c.quantity_value, "quantity_unit": c.quantity_unit,
        "participants": list(c.participants), "polarity": ident["polarity"],
        "modality": c.modality, "alternatives": list(c.alternatives),
        **_date_cols("date_", c.date), **_date_cols("x_", c.date),
        "status": "unreviewed", "overrides": {}, "extracted": ident,
        "confidence": round(min(max(c.confidence, 0.0), 1.0), 6), "n_sources": 1,
        "n_outlets": 1, "created_at": now,
    }
    res = conn.execute(INSERT_FACT, values)
    return int(res.inserted_primary_key[0])  # type: ignore[index]


def attach(conn: Connection, fact: Any, c: Claim, outlet: str) -> None:
    """Update a fact's stored summary for one more report (same folds as ``summarize``)."""
    xdate = fold_date(_xdate(fact) if fact.n_sources else None, c.date)
    modality = better_modality(fact.modality, c.modality) if fact.n_sources else c.modality
    alts = list(fact.alternatives or [])
    alts.extend(a for a in c.alternatives if a not in alts)
    prev = conn.scalar(MAX_OUTLET_CONF, {"f": fact.id, "o": outlet})
    conf = float(fact.confidence) if fact.n_sources else 0.0
    new = min(max(c.confidence, 0.0), 1.0)
    n_outlets = fact.n_outlets
    if prev is None:
        conf = 1.0 - (1.0 - conf) * (1.0 - new)
        n_outlets += 1
    elif new > prev:
        conf = 1.0 - (1.0 - conf) * (1.0 - new) / (1.0 - prev) if prev < 1.0 else 1.0
    overrides = fact.overrides or {}
    values: dict[str, Any] = {**_date_cols("x_", xdate), "n_sources": fact.n_sources + 1,
                              "n_outlets": n_outlets, "confidence": round(min(conf, 1.0), 6)}
    if "date" not in overrides:
        values.update(_date_cols("date_", xdate))
    if "modality" not in overrides:
        values["modality"] = modality
    if "alternatives" not in overrides:
        values["alternatives"] = alts
    conn.execute(UPDATE_FACT, {"fact_id_": fact.id, **values})


def prov_views(conn: Connection, fact_ids: list[int],
               recorded_by: datetime | None = None) -> dict[int, list[ProvView]]:
    out: dict[int, list[ProvView]] = {i: [] for i in fact_ids}
    for chunk in _chunks(fact_ids, 500):
        q = select(ProvenanceRow.fact_id, ProvenanceRow.outlet, ProvenanceRow.modality,
                   ProvenanceRow.alternatives, ProvenanceRow.confidence,
                   ProvenanceRow.date_value, ProvenanceRow.date_precision,
                   ProvenanceRow.date_earliest, ProvenanceRow.date_latest,
                   ProvenanceRow.date_basis).where(ProvenanceRow.fact_id.in_(chunk))
        if recorded_by is not None:
            q = q.where(ProvenanceRow.recorded_at <= recorded_by)
        for r in conn.execute(q.order_by(ProvenanceRow.id)):
            out[r.fact_id].append(ProvView(
                r.outlet, r.modality, tuple(r.alternatives or ()), float(r.confidence),
                DateValue(r.date_value, r.date_precision, r.date_earliest, r.date_latest,
                          r.date_basis)))
    return out


def _chunks(items: list[int], n: int) -> Iterable[list[int]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def recompute(conn: Connection, fact_ids: Iterable[int], *, gc: bool = True) -> set[str]:
    """Recompute stored summaries from provenance; with ``gc`` delete facts left with no
    report and no review. Returns the actors whose intervals may change."""
    ids = sorted(set(fact_ids))
    dirty: set[str] = set()
    if not ids:
        return dirty
    provs = prov_views(conn, ids)
    rows = conn.execute(select(FactRow.id, FactRow.status, FactRow.overrides, FactRow.member,
                               FactRow.coalition).where(FactRow.id.in_(ids))).all()
    reviewed = set(conn.scalars(select(ReviewActionRow.fact_id)
                                .where(ReviewActionRow.fact_id.in_(ids))))
    for r in rows:
        dirty.update(x for x in (r.member, r.coalition) if x)
        pv = provs.get(r.id, [])
        if gc and not pv and r.id not in reviewed:
            conn.execute(delete(FactRow).where(FactRow.id == r.id))
            continue
        s = summarize(pv, r.overrides or {}, r.status)
        conn.execute(UPDATE_FACT, {
            "fact_id_": r.id, **_date_cols("date_", s.date),
            **_date_cols("x_", s.extracted_date), "modality": s.modality,
            "alternatives": list(s.alternatives), "confidence": s.confidence,
            "n_sources": s.n_sources, "n_outlets": s.n_outlets})
    return dirty


_DIRTY_IGNORE: dict[str, Any] = {}


def mark_dirty(conn: Connection, actor_ids: Iterable[str]) -> None:
    ids = sorted({a for a in actor_ids if a})
    if not ids:
        return
    dialect = conn.dialect.name
    if dialect in ("sqlite", "postgresql"):
        stmt = _DIRTY_IGNORE.get(dialect)
        if stmt is None:
            if dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert as sqlite_insert

                stmt = sqlite_insert(DirtyRow).on_conflict_do_nothing()
            else:
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                stmt = pg_insert(DirtyRow).on_conflict_do_nothing()
            _DIRTY_IGNORE[dialect] = stmt
        conn.execute(stmt, [{"actor_id": a} for a in ids])
        return
    have = set(conn.scalars(select(DirtyRow.actor_id).where(DirtyRow.actor_id.in_(ids))))
    new = [{"actor_id": a} for a in ids if a not in have]
    if new:
        conn.execute(INSERT_DIRTY, new)


def document_exists(conn: Connection, doc_id: str) -> bool:
    return conn.scalar(DOC_EXISTS, {"d": doc_id}) is not None


def store_analysis(conn: Connection, a: Analysis, ctx: WriteContext, *,
                   replace: bool = False) -> bool:
    """Write one analysis; ``False`` when the document is already stored (and not
    ``replace``). With ``replace`` the document's earlier reports are withdrawn first and
    its facts re-merged (re-extraction); reviewed facts keep their review."""
    doc = a.document
    now = ctx.now
    exists = document_exists(conn, doc.id)
    touched: set[int] = set()
    dirty: set[str] = set()
    if exists and not replace:
        return False
    lexicon_version = a.lexicon_version or (ctx.lexicon.version if ctx.lexicon else "")
    if exists:
        old = set(conn.scalars(select(ProvenanceRow.fact_id)
                               .where(ProvenanceRow.document_id == doc.id)))
        conn.execute(delete(ProvenanceRow).where(ProvenanceRow.document_id == doc.id))
        conn.execute(delete(MentionRow).where(MentionRow.document_id == doc.id))
        dated = {"published": doc.published, "date_basis": doc.date_basis} \
            if doc.published else {}
        conn.execute(update(DocumentRow).where(DocumentRow.id == doc.id).values(
            extractor_version=a.extractor_version, lexicon_version=lexicon_version, **dated))
        dirty |= recompute(conn, old, gc=False)
        touched |= old
    else:
        conn.execute(INSERT_DOC, {
            "id": doc.id, "text": doc.text, "source": doc.source, "url": doc.url,
            "outlet": doc.outlet, "published": doc.published,
            "date_basis": doc.date_basis, "lang": doc.lang, "title": doc.title, "ingested_at": now, "extractor_version": a.extractor_version,
            "lexicon_version": lexicon_version})
    if a.mentions:
        conn.execute(INSERT_MENTION, [
            {"document_id": doc.id, "span_start": m.span.start, "span_end": m.span.end,
             "kind": m.kind, "entity_id": m.entity_id, "rule": m.rule,
             "surface": m.surface or doc.text[m.span.start:m.span.end]} for m in a.mentions])
    claims = claims_of(a)
    discovered = {r.id: r for r in a.discovered}
    actor_ids = {m.entity_id for m in a.mentions if m.kind == "actor" and m.entity_id}
    for c in claims:
        actor_ids.update(x for x in (c.member, c.coalition, c.actor, c.target) if x)
        if c.kind != "other_event":
            actor_ids.update(c.participants)
    ensure_actors(conn, actor_ids, ctx, discovered)
    ensure_places(conn, [m.entity_id for m in a.mentions if m.kind == "place" and m.entity_id]
                  + [c.place for c in claims if c.place], ctx)
    outlet = outlet_of(doc)
    prov_rows: list[dict[str, Any]] = []
    for c in claims:
        fact = find_fact(conn, c.key, c.date)
        if fact is None:
            fid = new_fact(conn, c, now)
        else:
            fid = fact.id
            # earlier reports of this document first: the per-outlet maximum reads them
            if prov_rows:
                conn.execute(INSERT_PROV, prov_rows)
                prov_rows = []
            attach(conn, fact, c, outlet)
            dirty.update(x for x in (fact.member, fact.coalition) if x)
        touched.add(fid)
        dirty.update(x for x in (c.member, c.coalition) if x)
        s0, s1 = sentence_of(a, c.span)
        prov_rows.append({
            "fact_id": fid, "document_id": doc.id, "span_start": c.span.start,
            "span_end": c.span.end, "sentence_start": s0, "sentence": doc.text[s0:s1], "outlet": outlet,
            "modality": c.modality, "alternatives": list(c.alternatives),
            "confidence": c.confidence, "date_value": c.date.value,
            "date_precision": c.date.precision, "date_earliest": c.date.earliest,
            "date_latest": c.date.latest, "date_basis": c.date.basis, "rule": c.rule,
            "extractor_version": a.extractor_version, "lexicon_version": lexicon_version,
            "recorded_at": now})
    if prov_rows:
        conn.execute(INSERT_PROV, prov_rows)
    if exists:
        dirty |= recompute(conn, touched)
    mark_dirty(conn, dirty)
    return True
