"""The REST endpoints, under ``/api``. Reads call :class:`tahaluf.kb.KB` (and
:mod:`tahaluf.api.queries` for what it lacks); writes need a bearer token."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from tahaluf.api import queries
from tahaluf.api.http import JSON, ApiError
from tahaluf.api.search import ActorIndex
from tahaluf.api.settings import Settings
from tahaluf.api.tokens import TokenStore
from tahaluf.errors import NotFoundError, TableError
from tahaluf.kb import KB, ActorRef
from tahaluf.kb.compare import compare as compare_table
from tahaluf.kb.reference import FORMAT_HINT, parse_reference

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_HINT = "write it as YYYY-MM-DD"
STATUSES = ("unreviewed", "accepted", "rejected", "corrected", "added")
EXPORT_TYPES = {"csv": ("text/csv; charset=utf-8", "csv"),
                "json": ("application/json", "json"),
                "graphml": ("application/xml", "graphml"),
                "geojson": ("application/geo+json", "geojson"),
                "ftm": ("application/x-ndjson", "ftm.jsonl")}


@dataclass(slots=True)
class Context:
    kb: KB
    index: ActorIndex
    tokens: TokenStore
    settings: Settings


def parse_day(value: str | None, param: str) -> str | None:
    """A query date (``YYYY-MM-DD``) or a 422 that says how to write it."""
    if value is None or value == "":
        return None
    try:
        if not _DAY.match(value):
            raise ValueError(value)
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ApiError(422, "T300", f"{param}={value!r} is not a date", DATE_HINT,
                       param=param) from None


# --- request bodies ---------------------------------------------------------------------
class ReviewBody(BaseModel):
    note: str = Field("", max_length=4000, description="Why (kept in the review log).")


class CorrectBody(ReviewBody):
    type: str | None = Field(None, description="Event type, e.g. WITHDRAW or EXPEL.")
    member: str | None = Field(None, description="Actor name or id.")
    coalition: str | None = Field(None, description="Actor name or id.")
    date: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD.")
    modality: str | None = Field(None, description="asserted, hedged, negated, reported, "
                                                   "hypothetical.")


class AddBody(ReviewBody):
    type: str = Field(..., description="Event type (FORM, JOIN, …) or MEMBER.")
    coalition: str
    member: str | None = None
    date: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD.")
    modality: str = "asserted"
    kind: Literal["event", "membership"] = "event"


Limit = Annotated[int, Query(ge=1, le=500, description="At most this many.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
KnownOn = Annotated[str | None, Query(
    description="Answer with what was recorded by this day (YYYY-MM-DD).")]
ActorName = Annotated[str, Path(description="Actor id or name (Arabic or English).",
                                max_length=300)]
FactId = Annotated[int, Path(ge=1, le=2**62, description="Fact number.")]

_TABLE_EXAMPLE = ("coalition,date,member,source\n"
                  "جيش الفتح,2016-03-01,حركة أحرار الشام الإسلامية,my notes\n"
                  "Jaish al-Fatah,2016-03-01,Jabhat al-Nusra,\n")
#: the body of POST /api/compare, for the OpenAPI docs (the route reads it itself)
COMPARE_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "text/csv": {"schema": {"type": "string"}, "example": _TABLE_EXAMPLE},
    "application/x-ndjson": {"schema": {"type": "string"}, "example": (
        '{"coalition": "جيش الفتح", "date": "2016-03-01", "member": "جبهة النصرة"}\n')}}}}

_bearer = HTTPBearer(auto_error=False, description="A token from `tahaluf token create`.")


def _author(request: Request,
            cred: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> str:
    """The review author for a valid bearer token (``token:NAME``), else 401."""
    ctx: Context = request.app.state.ctx
    challenge = {"WWW-Authenticate": "Bearer"}
    if cred is None:
        raise ApiError(401, "T401", "this action needs a token",
                       "create one with 'tahaluf token create --name NAME' and send "
                       "'Authorization: Bearer TOKEN'", headers=challenge)
    name = ctx.tokens.verify(cred.credentials)
    if name is None:
        raise ApiError(401, "T401", "the token is not valid (or was revoked)",
                       "create a new one with 'tahaluf token create'", headers=challenge)
    return f"token:{name}"


Author = Annotated[str, Depends(_author)]


def build_router(ctx: Context) -> APIRouter:
    r = APIRouter(prefix="/api", default_response_class=JSON)
    kb, index = ctx.kb, ctx.index

    def actor(name: str) -> ActorRef:
        try:
            return kb.resolve(name)
        except NotFoundError:
            close = [m.to_json() for m in index.fuzzy(name, 5)]
            raise ApiError(404, "T404", f"no actor named {name!r}",
                           "close matches: " + ", ".join(m["name"] for m in close)
                           if close else "check the spelling or search with /api/search",
                           close_matches=close) from None

    def fact_or_404(fact_id: int) -> Any:
        try:
            return kb.fact(fact_id)
        except NotFoundError as exc:
            raise ApiError(404, "T404", exc.message, exc.hint) from None


    # --- overview -----------------------------------------------------------------------
    @r.get("/stats", tags=["overview"])
    def stats() -> JSON:
        """Row counts of the knowledge base."""
        return JSON(kb.stats())

    @r.get("/durability", tags=["overview"])
    def durability() -> JSON:
        """How long coalitions last, by kind (median and mean days)."""
        return JSON(kb.durability())

    # --- actors -------------------------------------------------------------------------
    @r.get("/search", tags=["actors"])
    def search(q: Annotated[str, Query(min_length=1, max_length=200,
                                       description="A name in Arabic or English.")],
               limit: Annotated[int, Query(ge=1, le=50)] = 10) -> JSON:
        """Resolve a name (clitics, spelling variants) and list close matches."""
        return JSON(index.search(q.strip() or q, limit))

    @r.get("/actors", tags=["actors"])
    def actors(kind: Annotated[str | None, Query(max_length=40)] = None,
               limit: Limit = 100, offset: Offset = 0) -> JSON:
        """Every stored actor, by id; ``kind=coalition`` for coalitions only."""
        items = [a for a in index.actors() if kind is None or a.kind == kind]
        return JSON({"total": len(items),
                     "items": [a.to_json() for a in items[offset:offset + limit]]})

    @r.get("/actors/{name}", tags=["actors"])
    def actor_detail(name: ActorName) -> JSON:
        """One actor: names, kind, number of facts about it."""
        a = actor(name)
        return JSON({"actor": a.to_json(), "names": queries.actor_names_of(kb, a.id),
                     "n_facts": queries.actor_fact_count(kb, a.id)})

    @r.get("/actors/{name}/history", tags=["actors"])
    def history(name: ActorName, as_known_on: KnownOn = None,
                evidence: Annotated[int, Query(ge=0, le=20)] = 3) -> JSON:
        """Every coalition the actor joined and left, with sources."""
        a = actor(name)
        known = parse_day(as_known_on, "as_known_on")
        return JSON(kb.history(a.id, known, evidence=evidence))

    # --- coalitions ---------------------------------------------------------------------
    @r.get("/coalitions/{name}", tags=["coalitions"])
    def coalition(name: ActorName) -> JSON:
        """A coalition with every membership interval (for the timeline bars)."""
        a = actor(name)
        return JSON({"coalition": a.to_json(), "names": queries.actor_names_of(kb, a.id),
                     "intervals": queries.coalition_intervals(kb, a.id)})

    @r.get("/coalitions/{name}/members", tags=["coalitions"])
    def members(name: ActorName,
                on: Annotated[str | None, Query(description="YYYY-MM-DD (default today).")]
                = None, as_known_on: KnownOn = None,
                evidence: Annotated[int, Query(ge=0, le=20, description="Sentences per "
                                               "member (the best proof first).")] = 1,
                possible: Annotated[bool, Query(description="Also members the record cannot "
                                                "place on that day.")] = False) -> JSON:
        """Who belonged to the coalition on a day (certain or more likely than not), with
        the sentences that say so."""
        day = parse_day(on, "on")
        known = parse_day(as_known_on, "as_known_on")
        a = actor(name)
        return JSON(kb.members(a.id, on=day, as_known_on=known, evidence=evidence,
                               possible=possible))

    @r.get("/coalitions/{name}/timeline", tags=["coalitions"])
    def timeline(name: ActorName, as_known_on: KnownOn = None,
                 include_rejected: bool = False) -> JSON:
        """The coalition's events in date order (its own and its members')."""
        known = parse_day(as_known_on, "as_known_on")
        a = actor(name)
        return JSON(kb.timeline(a.id, known, include_rejected=include_rejected))

    @r.post("/compare", tags=["coalitions"], openapi_extra=COMPARE_BODY)
    async def compare(request: Request, as_known_on: KnownOn = None,
                      fmt: Annotated[Literal["csv", "jsonl"] | None, Query(
                          alias="format", description="csv or jsonl (default: from the "
                          "body's first character)")] = None,
                      evidence: Annotated[int, Query(ge=0, le=20, description="Sentences per "
                                                     "store member.")] = 1) -> JSON:
        """Compare your own membership table with the store (read-only, no token): the body
        is CSV with the header ``coalition,date,member[,source]`` or JSONL with those keys.
        Per coalition and day: members agreed, missing from the store, only in the store
        (with evidence); precision and recall per coalition and overall."""
        known = parse_day(as_known_on, "as_known_on")
        try:
            text = (await request.body()).decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(422, "T100", "the table is not UTF-8 text",
                           "save the table as UTF-8") from None
        try:
            rows = parse_reference(text, name="table", fmt=fmt)
        except TableError as exc:
            raise ApiError(422, exc.code, exc.message, FORMAT_HINT, problems=[
                {"line": n, "reason": why} for n, why in exc.problems]) from None
        result = await anyio.to_thread.run_sync(lambda: compare_table(
            kb, rows, reference="table", as_known_on=known, evidence=evidence))
        return JSON(result)

    @r.get("/network", tags=["coalitions"])
    def network(on: Annotated[str, Query(description="YYYY-MM-DD.")],
                coalition: Annotated[str | None, Query(max_length=300)] = None,
                certain: Annotated[bool, Query(description="Only memberships certain on "
                                               "that day (not merely likely).")] = False,
                possible: Annotated[bool, Query(description="Also memberships merely "
                                                "possible that day.")] = False
                ) -> JSON:
        """The alliance network on a day: actors as nodes, memberships as edges."""
        day = parse_day(on, "on")
        assert day is not None
        cid = actor(coalition).id if coalition else None
        return JSON(queries.network(kb, day, cid, certain_only=certain, possible=possible))

    # --- map ----------------------------------------------------------------------------
    @r.get("/places", tags=["map"])
    def places() -> JSON:
        """Places named in stored documents, as GeoJSON points."""
        feats = [{"type": "Feature",
                  "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                  "properties": {"feature": "place", **p}}
                 for p in kb.places() if p["lat"] is not None and p["lon"] is not None]
        return JSON({"type": "FeatureCollection", "features": feats})

    @r.get("/gazetteer", tags=["map"])
    def gazetteer(level: Annotated[str, Query(max_length=40)] = "governorate") -> JSON:
        """Places of the packaged gazetteer at one level (governorate centroids)."""
        lex = kb.lexicon
        items = [p for p in (lex.places.values() if lex else []) if p.level == level
                 and p.lat is not None and p.lon is not None]
        feats = [{"type": "Feature", "geometry": {"type": "Point",
                                                  "coordinates": [p.lon, p.lat]},
                  "properties": {"feature": "gazetteer", **p.to_json()}}
                 for p in sorted(items, key=lambda p: p.id)]
        return JSON({"type": "FeatureCollection", "features": feats})

    @r.get("/events", tags=["map"])
    def events(start: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
               end: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
               actor_name: Annotated[str | None, Query(alias="actor", max_length=300)]
               = None, limit: Annotated[int, Query(ge=1, le=10_000)] = 2000) -> JSON:
        """Located events (captures, advances, …) as GeoJSON, by date range and actor."""
        s, e = parse_day(start, "start"), parse_day(end, "end")
        if s and e and s > e:
            raise ApiError(422, "T300", f"start {s} is after end {e}",
                           "give start before end", param="start")
        aid = actor(actor_name).id if actor_name else None
        feats = queries.located_events(kb, start=s, end=e, actor_id=aid, limit=limit)
        return JSON({"type": "FeatureCollection", "features": feats})

    # --- documents ----------------------------------------------------------------------
    @r.get("/documents", tags=["documents"])
    def documents(limit: Limit = 50, offset: Offset = 0) -> JSON:
        """Stored documents, newest first (no text)."""
        total, items = queries.documents_page(kb, offset, limit)
        return JSON({"total": total, "items": items})

    @r.get("/documents/{doc_id}", tags=["documents"])
    def document(doc_id: Annotated[str, Path(max_length=80)]) -> JSON:
        """One document, text verbatim, and every evidence span in it (offsets into
        ``text``, code points)."""
        doc = queries.document(kb, doc_id)
        if doc is None:
            raise ApiError(404, "T404", f"no document {doc_id!r}",
                           "document ids are 'sha256:…'; list them with /api/documents")
        return JSON(doc)

    # --- facts --------------------------------------------------------------------------
    @r.get("/facts", tags=["facts"])
    def facts(status: Annotated[Literal["unreviewed", "accepted", "rejected", "corrected",
                                        "added"] | None, Query()] = None,
              type: Annotated[str | None, Query(max_length=16)] = None,
              coalition: Annotated[str | None, Query(max_length=300)] = None,
              limit: Limit = 50, offset: Offset = 0) -> JSON:
        """Facts, newest first, filtered by review status, type and coalition."""
        cid = actor(coalition).id if coalition else None
        total, ids = queries.fact_page(kb, status=status, type_=type.upper() if type else None,
                                       coalition_id=cid, offset=offset, limit=limit)
        return JSON({"total": total, "items": [kb.fact(i) for i in ids]})

    @r.get("/facts/{fact_id}", tags=["facts"])
    def fact(fact_id: FactId) -> JSON:
        """A fact with every report of it, its review log and its contradictions."""
        fact_or_404(fact_id)
        return JSON(kb.sources(fact_id))

    @r.get("/contradictions", tags=["facts"])
    def contradictions(coalition: Annotated[str | None, Query(max_length=300)] = None,
                       as_known_on: KnownOn = None) -> JSON:
        """Facts that disagree (withdrew vs expelled, denials, dates that do not fit)."""
        known = parse_day(as_known_on, "as_known_on")
        cid = actor(coalition).id if coalition else None
        return JSON(kb.contradictions(cid, known))

    @r.get("/review/log", tags=["review"])
    def review_log(fact_id: Annotated[int | None, Query(ge=1, le=2**62)] = None) -> JSON:
        """The audit log of review actions (all, or of one fact)."""
        return JSON(kb.review_log(fact_id))

    # --- review (token) -----------------------------------------------------------------
    @r.get("/auth", tags=["review"])
    def auth(who: Author) -> JSON:
        """Check a token: who it belongs to."""
        return JSON({"author": who})

    @r.post("/facts/{fact_id}/accept", tags=["review"])
    def accept(fact_id: FactId, who: Author, body: ReviewBody | None = None) -> JSON:
        """Mark a fact as correct."""
        fact_or_404(fact_id)
        return JSON(kb.accept(fact_id, author=who, note=body.note if body else ""))

    @r.post("/facts/{fact_id}/reject", tags=["review"])
    def reject(fact_id: FactId, who: Author, body: ReviewBody | None = None) -> JSON:
        """Mark a fact as wrong: it stops counting for membership."""
        fact_or_404(fact_id)
        return JSON(kb.reject(fact_id, author=who, note=body.note if body else ""))

    @r.post("/facts/{fact_id}/correct", tags=["review"])
    def correct(fact_id: FactId, body: CorrectBody, who: Author) -> JSON:
        """Change a fact's type, member, coalition, date or modality."""
        fact_or_404(fact_id)
        for field in (body.member, body.coalition):
            if field:
                actor(field)
        info = kb.correct(fact_id, author=who, note=body.note, type=body.type,
                          member=body.member, coalition=body.coalition, date=body.date,
                          modality=body.modality)
        index.invalidate()
        return JSON(info)

    @r.post("/facts", tags=["review"], status_code=201)
    def add(body: AddBody, who: Author) -> JSON:
        """Add a fact by hand (no document)."""
        for field in (body.member, body.coalition):
            if field:
                actor(field)
        info = kb.add(type=body.type, coalition=body.coalition, member=body.member,
                      date=body.date, modality=body.modality, author=who, note=body.note,
                      kind=body.kind)
        index.invalidate()
        return JSON(info, status_code=201)

    # --- exports ------------------------------------------------------------------------
    @r.get("/export/{fmt}", tags=["export"], response_class=Response)
    def export(fmt: Literal["csv", "json", "graphml", "geojson", "ftm"],
               all_modalities: bool = False) -> Response:
        """The whole knowledge base in one format (CSV is ACLED-like). CSV and GeoJSON hold
        only what the store asserts unless ``all_modalities`` (then negated and
        hypothetical events too, told apart by their ``modality``)."""
        from tahaluf.kb.export import export as write

        buf = io.StringIO()
        write(kb, fmt, buf, all_modalities=all_modalities)
        media, ext = EXPORT_TYPES[fmt]
        return Response(buf.getvalue().encode("utf-8"), media_type=media, headers={
            "Content-Disposition": f'attachment; filename="tahaluf.{ext}"'})

    return r
