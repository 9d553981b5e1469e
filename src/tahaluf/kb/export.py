"""Exports: CSV (ACLED-like columns), JSON, GraphML, GeoJSON, FollowTheMoney.

Each exporter writes to a text stream; ``tahaluf export --format F [--out FILE]``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from tahaluf.errors import OutputError, TahalufError
from tahaluf.kb.api import KB
from tahaluf.kb.dates import width
from tahaluf.kb.results import ActorRef, FactInfo, MemberInterval, jsonable
from tahaluf.types import MEMBERSHIP_CHANGING, DateValue

FORMATS = ("csv", "json", "graphml", "geojson", "ftm")
#: the formats that list events one by one and so leave out what the store does not assert
#: (negated, hypothetical) unless ``all_modalities``
FILTERED_FORMATS = ("csv", "geojson")
#: modalities exported by default: what the store takes as happened (asserted, reported,
#: hedged — the ones that change membership intervals); negated (denied) and
#: hypothetical events need ``all_modalities``
ASSERTED_MODALITIES = MEMBERSHIP_CHANGING
#: the file written when ``--out`` names a folder
FILE_NAMES = {"csv": "tahaluf.csv", "json": "tahaluf.json", "graphml": "tahaluf.graphml",
              "geojson": "tahaluf.geojson", "ftm": "tahaluf.ftm.jsonl"}


def output_path(out: Path, fmt: str) -> Path:
    """Where ``--out`` writes: the file itself, or :data:`FILE_NAMES` inside a folder.
    A folder that does not exist is an :class:`OutputError`, never created."""
    if out.is_dir():
        return out / FILE_NAMES[fmt]
    parent = out.parent
    if not parent.is_dir():
        raise OutputError(f"folder {parent} does not exist",
                          hint=f"create it first, or give another --out than {out}")
    return out

CSV_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "actor2", "admin1", "location", "latitude",
    "longitude", "source", "source_scale", "notes", "confidence", "modality",
    "review_status", "n_sources", "tahaluf_type", "tahaluf_kind",
)

#: (ACLED event_type, sub_event_type) for our types; coalition changes are
#: "Strategic developments" / "Change to group/activity" in ACLED's own coding
_ACLED = {
    "CAPTURE": ("Battles", "Non-state actor overtakes territory"),
    "ADVANCE": ("Battles", "Armed clash"),
    "HOLD": ("Strategic developments", "Headquarters or base established"),
    "STANCE": ("Strategic developments", "Other"),
}


def event_id(fact_id: int) -> str:
    return f"TAH{fact_id}"


def time_precision(d: DateValue) -> int | None:
    """ACLED's code: 1 the day is known, 2 within a week, 3 a month or more."""
    if not (d.value or d.earliest or d.latest):
        return None
    if d.precision == "day" or (d.earliest and d.earliest == d.latest):
        return 1
    return 2 if width(d) <= 7 else 3


def event_date(d: DateValue) -> str:
    if d.value and len(d.value) == 10:
        return d.value
    return d.earliest or d.latest or ""


def _name(ref: ActorRef | None) -> str:
    return ref.name_en if ref else ""


def _facts(kb: KB, evidence: int, all_modalities: bool) -> Iterable[FactInfo]:
    for f in kb.all_facts(evidence=evidence):
        if all_modalities or f.modality in ASSERTED_MODALITIES:
            yield f


def write_csv(kb: KB, out: TextIO, *, all_modalities: bool = False) -> int:
    """ACLED-like rows of events; negated and hypothetical ones only with
    ``all_modalities`` (the ``modality`` column tells them apart)."""
    places = {p["id"]: p for p in kb.places()}
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    n = 0
    for f in _facts(kb, 3, all_modalities):
        if f.kind == "membership":
            continue
        if f.kind == "event":
            etype, sub = "Strategic developments", "Change to group/activity"
            actor1, actor2 = _name(f.member), _name(f.coalition)
            assoc = ""
        else:
            etype, sub = _ACLED.get(f.type, ("Strategic developments", "Other"))
            actor1, actor2 = _name(f.actor), _name(f.target)
            assoc = "; ".join(f.participants)
        place = places.get(f.place or "") or {}
        ev = f.evidence[0] if f.evidence else None
        d = event_date(f.date)
        w.writerow({
            "event_id_cnty": event_id(f.id), "event_date": d, "year": d[:4],
            "time_precision": time_precision(f.date) or "",
            "disorder_type": "Strategic developments" if f.kind == "event"
            else "Political violence",
            "event_type": etype, "sub_event_type": sub, "actor1": actor1,
            "assoc_actor_1": assoc, "actor2": actor2, "admin1": place.get("admin1") or "",
            "location": place.get("name_en") or "", "latitude": place.get("lat") or "",
            "longitude": place.get("lon") or "",
            "source": "; ".join(dict.fromkeys(e.outlet or e.source for e in f.evidence)),
            "source_scale": "", "notes": ev.sentence if ev else "",
            "confidence": f.confidence, "modality": f.modality, "review_status": f.status,
            "n_sources": f.n_sources, "tahaluf_type": f.type, "tahaluf_kind": f.kind})
        n += 1
    return n


def write_json(kb: KB, out: TextIO) -> int:
    facts = [f.to_json() for f in kb.all_facts(evidence=None)]
    doc = {"actors": [a.to_json() for a in kb.actors()],
           "places": kb.places(),
           "facts": facts,
           "intervals": [_interval_json(iv) for iv in kb.all_intervals()],
           "contradictions": [c.to_json() for c in kb.contradictions()]}
    json.dump(jsonable(doc), out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(facts)


def _interval_json(iv: MemberInterval) -> dict[str, Any]:
    d = iv.to_json()
    d["member"] = iv.member.id
    d["coalition"] = iv.coalition.id
    d["evidence"] = [{"source": e.source, "outlet": e.outlet, "sentence": e.sentence}
                     for e in iv.evidence]
    return d


def graph(kb: KB) -> Any:
    """A ``networkx.MultiDiGraph``: actors as nodes, membership intervals as edges."""
    import networkx as nx

    g = nx.MultiDiGraph(name="tahaluf coalition membership")
    for a in kb.actors():
        g.add_node(a.id, name_en=a.name_en, name_ar=a.name_ar, kind=a.kind,
                   coalition_kind=a.coalition_kind or "", known=a.known)
    for iv in kb.all_intervals():
        end = iv.end
        g.add_edge(iv.member.id, iv.coalition.id, relation="member_of",
                   start=iv.start.value or iv.start.earliest or "",
                   start_earliest=iv.start.earliest or "", start_latest=iv.start.latest or "",
                   end=(end.value or end.earliest or "") if end else "",
                   end_earliest=end.earliest or "" if end else "",
                   end_latest=end.latest or "" if end else "", open=end is None,
                   start_how=iv.start_how, end_how=iv.end_how,
                   facts=",".join(str(i) for i in iv.fact_ids))
    return g


def write_graphml(kb: KB, out: TextIO) -> int:
    import networkx as nx

    g = graph(kb)
    for line in nx.generate_graphml(g, encoding="utf-8", prettyprint=True):
        out.write(line + "\n")
    return int(g.number_of_edges())


def write_geojson(kb: KB, out: TextIO, *, all_modalities: bool = False) -> int:
    """Places and located events; negated and hypothetical events only with
    ``all_modalities`` (each event's ``modality`` property tells them apart)."""
    features: list[dict[str, Any]] = []
    places = {p["id"]: p for p in kb.places()}
    for place in places.values():
        if place["lat"] is None or place["lon"] is None:
            continue
        features.append({"type": "Feature",
                         "geometry": {"type": "Point",
                                      "coordinates": [place["lon"], place["lat"]]},
                         "properties": {"feature": "place", **place}})
    for f in _facts(kb, 1, all_modalities):
        p = places.get(f.place or "")
        if f.kind != "other_event" or not p or p["lat"] is None or p["lon"] is None:
            continue
        features.append({"type": "Feature",
                         "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                         "properties": {
                             "feature": "event", "fact_id": f.id, "type": f.type,
                             "actor": _name(f.actor), "actor_id": f.actor.id if f.actor else None,
                             "place": p["name_en"], "date": event_date(f.date),
                             "modality": f.modality, "confidence": f.confidence,
                             "source": f.evidence[0].source if f.evidence else None,
                             "notes": f.evidence[0].sentence if f.evidence else None}})
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False,
              indent=1)
    out.write("\n")
    return len(features)


def _ftm_date(d: DateValue | None) -> str | None:
    if d is None:
        return None
    if d.value:
        return d.value
    if d.earliest and d.latest and d.earliest[:7] == d.latest[:7]:
        return d.earliest[:7]
    return None


def ftm_entities(kb: KB) -> Iterable[dict[str, Any]]:
    """FollowTheMoney entities: an Organization per actor, an Article per source document,
    a Membership per interval (startDate, endDate, sourceUrl, proof)."""
    try:
        from followthemoney import model
    except ImportError as exc:
        raise TahalufError("the ftm export needs the followthemoney package",
                           hint="pip install 'tahaluf[ftm]'") from exc

    def org_id(actor_id: str) -> str:
        return f"tahaluf-actor-{actor_id}"

    for a in kb.actors():
        org = model.make_entity("Organization")
        org.id = org_id(a.id)
        org.add("name", [a.name_en, a.name_ar])
        org.add("classification", [a.kind] + ([a.coalition_kind] if a.coalition_kind else []))
        org.add("topics", "mil")
        yield org.to_dict()
    articles: dict[str, dict[str, Any]] = {}
    for iv in kb.all_intervals():
        m = model.make_entity("Membership")
        m.id = f"tahaluf-membership-{iv.coalition.id}-{iv.member.id}-{iv.fact_ids[0] if iv.fact_ids else 0}"
        m.add("member", org_id(iv.member.id))
        m.add("organization", org_id(iv.coalition.id))
        m.add("role", "member")
        start, end = _ftm_date(iv.start), _ftm_date(iv.end)
        if start:
            m.add("startDate", start)
        if end:
            m.add("endDate", end)
        m.add("status", "open" if iv.end is None else "ended")
        m.add("summary", f"{iv.start_how or '?'} → {iv.end_how or 'open'}")
        for e in iv.evidence:
            if e.url:
                m.add("sourceUrl", e.url)
            m.add("description", e.sentence)
            aid = f"tahaluf-doc-{e.document_id.removeprefix('sha256:')[:32]}"
            m.add("proof", aid)
            if aid not in articles:
                art = model.make_entity("Article")
                art.id = aid
                art.add("title", e.source)
                if e.url:
                    art.add("sourceUrl", e.url)
                if e.published:
                    art.add("publishedAt", e.published)
                if e.outlet:
                    art.add("publisher", e.outlet)
                articles[aid] = art.to_dict()
        yield m.to_dict()
    yield from articles.values()


def write_ftm(kb: KB, out: TextIO) -> int:
    n = 0
    for e in ftm_entities(kb):
        out.write(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n


WRITERS: dict[str, Callable[[KB, TextIO], int]] = {
    "csv": write_csv, "json": write_json, "graphml": write_graphml,
    "geojson": write_geojson, "ftm": write_ftm,
}


def export(kb: KB, fmt: str, out: TextIO, *, all_modalities: bool = False) -> int:
    """Write ``kb`` in ``fmt`` to ``out``; returns the number of records written.
    ``all_modalities`` adds negated and hypothetical events to the csv and geojson
    exports."""
    if fmt == "csv":
        return write_csv(kb, out, all_modalities=all_modalities)
    if fmt == "geojson":
        return write_geojson(kb, out, all_modalities=all_modalities)
    return WRITERS[fmt](kb, out)
