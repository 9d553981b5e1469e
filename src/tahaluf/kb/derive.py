"""Derived state: membership intervals and contradictions, per coalition.

The current state is materialized in the ``intervals`` and ``contradictions`` tables
and refreshed for *dirty* actors (marked in the same transaction as the facts). The
state *as known on* an earlier day is computed on the fly by the same functions from
the provenance recorded by then and the review decisions taken by then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, or_, select

from tahaluf.kb.contradictions import Found, find_contradictions
from tahaluf.kb.evidence import CACHED_PER_FACT, fetch, to_cache
from tahaluf.kb.facts import FactView, summarize
from tahaluf.kb.intervals import Carried, Interval, check, derive_intervals
from tahaluf.kb.models import ContradictionRow, DirtyRow, FactRow, IntervalRow, ReviewActionRow
from tahaluf.kb.results import Evidence
from tahaluf.kb.write import prov_views
from tahaluf.types import DateValue

_VIEW_COLS = (FactRow.id, FactRow.kind, FactRow.type, FactRow.member, FactRow.coalition,
              FactRow.actor, FactRow.target, FactRow.place, FactRow.participants,
              FactRow.modality, FactRow.alternatives, FactRow.status, FactRow.confidence,
              FactRow.date_value, FactRow.date_precision, FactRow.date_earliest,
              FactRow.date_latest)


def view_of(r: Any) -> FactView:
    return FactView(
        id=r.id, kind=r.kind, type=r.type, member=r.member, coalition=r.coalition,
        actor=r.actor, target=r.target, place=r.place,
        participants=tuple(r.participants or ()), modality=r.modality,
        alternatives=tuple(r.alternatives or ()), status=r.status,
        confidence=float(r.confidence),
        date=DateValue(r.date_value, r.date_precision, r.date_earliest, r.date_latest,
                       "unknown"))


@dataclass(frozen=True, slots=True)
class KnownOn:
    """Record-time cut: only provenance recorded and reviews taken up to ``until``."""

    until: datetime


def _where(actor_ids: list[str]) -> Any:
    return or_(FactRow.coalition.in_(actor_ids), FactRow.member.in_(actor_ids))


def load_views(conn: Connection, actor_ids: Iterable[str],
               known: KnownOn | None = None) -> list[FactView]:
    """Facts whose coalition or member is one of ``actor_ids`` (effective values)."""
    ids = sorted(set(actor_ids))
    if not ids:
        return []
    if known is None:
        rows = conn.execute(select(*_VIEW_COLS).where(_where(ids)).order_by(FactRow.id))
        return [view_of(r) for r in rows]
    return _views_known_on(conn, ids, known)


def review_state(conn: Connection, fact_ids: list[int],
                 until: datetime | None) -> dict[int, tuple[dict[str, Any], datetime]]:
    """The review state (``after`` of the latest action by ``until``) and the time of the
    first action, per fact."""
    q = select(ReviewActionRow.fact_id, ReviewActionRow.after, ReviewActionRow.at,
               ReviewActionRow.action).order_by(ReviewActionRow.id)
    if fact_ids:
        q = q.where(ReviewActionRow.fact_id.in_(fact_ids))
    if until is not None:
        q = q.where(ReviewActionRow.at <= until)
    out: dict[int, tuple[dict[str, Any], datetime]] = {}
    for r in conn.execute(q):
        first = out[r.fact_id][1] if r.fact_id in out else r.at
        out[r.fact_id] = (dict(r.after or {}), first)
    return out


def _views_known_on(conn: Connection, ids: list[str], known: KnownOn) -> list[FactView]:
    reviewed = select(ReviewActionRow.fact_id)
    rows = conn.execute(
        select(*_VIEW_COLS, FactRow.extracted, FactRow.kind)
        .where(or_(_where(ids), FactRow.id.in_(reviewed))).order_by(FactRow.id)).all()
    fids = [r.id for r in rows]
    provs = prov_views(conn, fids, recorded_by=known.until)
    states = review_state(conn, fids, known.until)
    out: list[FactView] = []
    for r in rows:
        pv = provs.get(r.id, [])
        state = states.get(r.id, ({}, known.until))[0]
        status = str(state.get("status") or "unreviewed")
        overrides = dict(state.get("overrides") or {})
        if not pv and status != "added":
            continue  # nobody had reported it yet
        ident = {**dict(r.extracted or {}), **{k: v for k, v in overrides.items()
                                               if k in ("type", "member", "coalition",
                                                        "actor", "target", "place")}}
        if ident.get("coalition") not in ids and ident.get("member") not in ids:
            continue
        s = summarize(pv, overrides, status)
        out.append(FactView(
            id=r.id, kind=r.kind, type=str(ident.get("type") or r.type),
            member=ident.get("member"), coalition=ident.get("coalition"),
            actor=ident.get("actor"), target=ident.get("target"), place=ident.get("place"),
            participants=tuple(r.participants or ()), modality=s.modality,
            alternatives=s.alternatives, status=status, confidence=s.confidence,
            date=s.date))
    return out


def intervals_of(conn: Connection, coalition: str, known: KnownOn | None = None,
                 _seen: frozenset[str] = frozenset()) -> list[Interval]:
    """Every membership interval in ``coalition``, following renames back in time."""
    views = load_views(conn, [coalition], known)
    carried: list[Carried] = []
    for v in views:
        if (v.kind == "event" and v.type == "RENAME" and v.coalition == coalition and v.counts
                and v.member and v.member != coalition and v.member not in _seen):
            for iv in intervals_of(conn, v.member, known, _seen | {coalition}):
                if v.id in iv.end_facts and iv.end_how == "RENAME":
                    carried.append(Carried(iv.member, v.date, v.id))
    return derive_intervals(coalition, views, carried)


def contradictions_of(conn: Connection, coalition: str,
                      known: KnownOn | None = None) -> list[Found]:
    return find_contradictions(coalition, load_views(conn, [coalition], known))


def _successors(conn: Connection, ids: set[str]) -> set[str]:
    """Add coalitions that were renamed from (or merged with) dirty ones, transitively."""
    out = set(ids)
    frontier = set(ids)
    while frontier:
        nxt = set(conn.scalars(select(FactRow.coalition).where(
            FactRow.member.in_(sorted(frontier)), FactRow.type == "RENAME",
            FactRow.coalition.is_not(None))))
        frontier = {c for c in nxt if c and c not in out}
        out |= frontier
    return out


def interval_rows(coalition: str, ivs: list[Interval],
                  evidence: dict[int, list[Evidence]] | None = None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    evidence = evidence or {}
    seq: dict[str, int] = {}
    for iv in map(check, ivs):
        n = seq.get(iv.member, 0)
        seq[iv.member] = n + 1
        end = iv.end
        rows.append({
            "coalition": coalition, "member": iv.member, "seq": n,
            "start_value": iv.start.value, "start_precision": iv.start.precision,
            "start_earliest": iv.start.earliest, "start_latest": iv.start.latest,
            "end_value": end.value if end else None,
            "end_precision": end.precision if end else None,
            "end_earliest": end.earliest if end else None,
            "end_latest": end.latest if end else None,
            "is_open": end is None, "lo": iv.lo, "hi": iv.hi,
            "start_how": iv.start_how, "end_how": iv.end_how,
            "facts": {"start": iv.start_facts, "end": iv.end_facts, "proof": iv.proof_facts,
                      "proof_keys": iv.proof_keys,
                      "evidence": to_cache({i: evidence.get(i, [])
                                            for i in (*iv.start_facts, *iv.proof_facts)})}})
    return rows


def refresh_actor(conn: Connection, coalition: str) -> None:
    conn.execute(delete(IntervalRow).where(IntervalRow.coalition == coalition))
    conn.execute(delete(ContradictionRow).where(ContradictionRow.coalition == coalition))
    ivs = intervals_of(conn, coalition)
    ev = fetch(conn, [i for iv in ivs for i in (*iv.start_facts, *iv.proof_facts)],
               limit=CACHED_PER_FACT)
    rows = interval_rows(coalition, ivs, ev)
    if rows:
        conn.execute(insert(IntervalRow), rows)
    found = contradictions_of(conn, coalition)
    if found:
        conn.execute(insert(ContradictionRow), [
            {"coalition": coalition, "seq": i, "kind": f.kind, "member": f.member,
             "fact_ids": list(f.fact_ids), "detail": f.detail} for i, f in enumerate(found)])


_ANY_DIRTY = select(DirtyRow.actor_id).limit(1)


def pending(conn: Connection) -> bool:
    return conn.scalar(_ANY_DIRTY) is not None


def refresh(conn: Connection, limit: int | None = None) -> int:
    """Recompute intervals and contradictions of dirty actors; returns how many."""
    q = select(DirtyRow.actor_id).order_by(DirtyRow.actor_id)
    if limit:
        q = q.limit(limit)
    dirty = sorted(conn.scalars(q))
    for i in range(0, len(dirty), 500):
        chunk = dirty[i:i + 500]
        for actor in sorted(_successors(conn, set(chunk))):
            refresh_actor(conn, actor)
        conn.execute(delete(DirtyRow).where(DirtyRow.actor_id.in_(chunk)))
    return len(dirty)
