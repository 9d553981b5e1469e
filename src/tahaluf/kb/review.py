"""Review: accept, reject, correct or add facts, with an audit log.

A fact's review state is ``{"status": …, "overrides": {…}}``. It lives on the fact row
and every change is logged in ``review_actions`` with the state before and after, so
the state on any earlier day can be rebuilt (``--as-known-on``). Because re-extracted
reports are matched to facts by the identity *as extracted* as well as the identity as
corrected, a rejected fact stays rejected and a corrected fact keeps its correction when
documents are ingested or re-extracted again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from tahaluf.errors import NotFoundError, TahalufError
from tahaluf.kb.dates import parse_user_date
from tahaluf.kb.facts import IDENTITY_FIELDS, identity_key, polarity, summarize
from tahaluf.kb.models import FactRow, ReviewActionRow
from tahaluf.kb.results import ReviewEntry
from tahaluf.kb.write import WriteContext, ensure_actors, mark_dirty, prov_views
from tahaluf.types import COALITION_EVENT_TYPES, MODALITIES, OTHER_EVENT_TYPES, DateValue

ACTIONS = ("accept", "reject", "correct", "add")


def check_type(value: str, kind: str = "event") -> str:
    t = value.strip().upper()
    allowed = {"event": COALITION_EVENT_TYPES, "membership": ("MEMBER",),
               "other_event": OTHER_EVENT_TYPES}.get(kind, COALITION_EVENT_TYPES)
    if t not in allowed:
        raise TahalufError(f"unknown {kind} type {value!r}", hint="one of " + ", ".join(allowed))
    return t


def check_modality(value: str) -> str:
    m = value.strip().lower()
    if m not in MODALITIES:
        raise TahalufError(f"unknown modality {value!r}", hint="one of " + ", ".join(MODALITIES))
    return m


def date_json(value: str | DateValue) -> dict[str, Any]:
    d = parse_user_date(value) if isinstance(value, str) else value
    return {"value": d.value, "precision": d.precision, "earliest": d.earliest,
            "latest": d.latest, "basis": "explicit"}


def _fact(conn: Connection, fact_id: int) -> Any:
    row = conn.execute(select(FactRow.__table__).where(FactRow.id == fact_id)).one_or_none()
    if row is None:
        raise NotFoundError(f"no fact #{fact_id}",
                            hint="fact ids are shown by 'tahaluf timeline' and 'tahaluf history'")
    return row


def _state(row: Any) -> dict[str, Any]:
    return {"status": row.status, "overrides": dict(row.overrides or {}),
            "values": {"type": row.type, "member": row.member, "coalition": row.coalition,
                       "date": row.date_value or row.date_earliest, "modality": row.modality}}


def _log(conn: Connection, fact_id: int, action: str, author: str, note: str,
         before: dict[str, Any] | None, after: dict[str, Any], at: datetime) -> None:
    if not author.strip():
        raise TahalufError("a review needs an author", hint="pass --author NAME")
    conn.execute(insert(ReviewActionRow).values(
        fact_id=fact_id, action=action, author=author.strip(), note=note, before=before,
        after=after, at=at))


def _set_status(conn: Connection, fact_id: int, status: str, action: str, *, author: str,
                note: str, at: datetime) -> None:
    row = _fact(conn, fact_id)
    before = _state(row)
    conn.execute(update(FactRow).where(FactRow.id == fact_id).values(status=status))
    after = {**before, "status": status}
    _log(conn, fact_id, action, author, note, before, after, at)
    mark_dirty(conn, [x for x in (row.member, row.coalition) if x])


def accept(conn: Connection, fact_id: int, *, author: str, note: str = "",
           at: datetime) -> None:
    _set_status(conn, fact_id, "accepted", "accept", author=author, note=note, at=at)


def reject(conn: Connection, fact_id: int, *, author: str, note: str = "",
           at: datetime) -> None:
    _set_status(conn, fact_id, "rejected", "reject", author=author, note=note, at=at)


def apply_state(conn: Connection, row: Any, status: str, overrides: dict[str, Any]) -> None:
    """Write the effective identity and summary of a fact for a review state."""
    ident = {**dict(row.extracted or {}),
             **{k: v for k, v in overrides.items() if k in IDENTITY_FIELDS}}
    s = summarize(prov_views(conn, [row.id])[row.id], overrides, status, row.modality)
    ident["polarity"] = polarity(s.modality)
    conn.execute(update(FactRow).where(FactRow.id == row.id).values(
        status=status, overrides=overrides, ekey=identity_key(row.kind, ident),
        type=ident.get("type") or row.type, member=ident.get("member"),
        coalition=ident.get("coalition"), actor=ident.get("actor"),
        target=ident.get("target"), place=ident.get("place"), polarity=ident["polarity"],
        modality=s.modality, alternatives=list(s.alternatives), date_value=s.date.value,
        date_precision=s.date.precision, date_earliest=s.date.earliest,
        date_latest=s.date.latest, confidence=s.confidence))
    mark_dirty(conn, [x for x in (row.member, row.coalition, ident.get("member"),
                                  ident.get("coalition")) if x])


def correct(conn: Connection, fact_id: int, *, author: str, note: str = "",
            changes: dict[str, Any], at: datetime) -> None:
    row = _fact(conn, fact_id)
    before = _state(row)
    overrides = {**dict(row.overrides or {}), **changes}
    apply_state(conn, row, "corrected", overrides)
    _log(conn, fact_id, "correct", author, note, before, _state(_fact(conn, fact_id)), at)


def add(conn: Connection, *, kind: str, ident: dict[str, Any], date: dict[str, Any] | None,
        modality: str, author: str, note: str, at: datetime, ctx: WriteContext) -> int:
    ensure_actors(conn, [x for x in (ident.get("member"), ident.get("coalition")) if x], ctx)
    full = {f: ident.get(f) for f in IDENTITY_FIELDS} | {"polarity": polarity(modality)}
    key = identity_key(kind, full)
    overrides: dict[str, Any] = {"modality": modality}
    if date is not None:
        overrides["date"] = date
    d = DateValue(date.get("value"), date.get("precision"), date.get("earliest"),
                  date.get("latest"), "explicit") if date else DateValue(None, None, None, None)
    res = conn.execute(insert(FactRow).values(
        kind=kind, key=key, ekey=key, type=full["type"], member=full["member"],
        coalition=full["coalition"], actor=full["actor"], target=full["target"],
        place=full["place"], quantity_value=None, quantity_unit=None, participants=[],
        polarity=full["polarity"], modality=modality, alternatives=[],
        date_value=d.value, date_precision=d.precision, date_earliest=d.earliest,
        date_latest=d.latest, x_value=None, x_precision=None, x_earliest=None, x_latest=None,
        status="added", overrides=overrides, extracted=full, confidence=1.0, n_sources=0,
        n_outlets=0, created_at=at))
    fid = int(res.inserted_primary_key[0])  # type: ignore[index]
    _log(conn, fid, "add", author, note, None, _state(_fact(conn, fid)), at)
    mark_dirty(conn, [x for x in (full["member"], full["coalition"]) if x])
    return fid


def log(conn: Connection, fact_id: int | None = None) -> list[ReviewEntry]:
    q = select(ReviewActionRow.__table__).order_by(ReviewActionRow.id)
    if fact_id is not None:
        q = q.where(ReviewActionRow.fact_id == fact_id)
    return [ReviewEntry(r.id, r.fact_id, r.action, r.author, r.note, r.before, r.after, r.at)
            for r in conn.execute(q)]
