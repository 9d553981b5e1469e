"""The JSON contract of ``tahaluf extract --format json`` (see DESIGN.md)."""

from __future__ import annotations

from typing import Any

from tahaluf.lexicon.core import Lexicon, load_lexicon
from tahaluf.types import Analysis, Quantity, Span


def span_json(text: str, span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": text[span.start:span.end]}


def quantity_json(text: str, q: Quantity | None) -> dict[str, Any] | None:
    if q is None:
        return None
    return {"value": q.value, "unit": q.unit, "approximate": q.approximate,
            **span_json(text, q.span)}


def analysis_json(a: Analysis, lexicon: Lexicon | None = None) -> dict[str, Any]:
    lex = lexicon or load_lexicon()
    doc = a.document
    text = doc.text
    discovered = {d.id: d for d in a.discovered}
    actors: dict[str, dict[str, Any]] = {}
    places: dict[str, dict[str, Any]] = {}

    def actor_entry(aid: str) -> dict[str, Any]:
        if aid not in actors:
            rec = lex.actors.get(aid) or discovered.get(aid)
            base: dict[str, Any] = rec.to_json() if rec else {"id": aid, "known": False}
            base["mentions"] = []
            actors[aid] = base
        return actors[aid]

    for m in a.mentions:
        if m.entity_id is None:
            continue
        entry = {"start": m.span.start, "end": m.span.end, "text": text[m.span.start:m.span.end]}
        if m.kind == "actor":
            actor_entry(m.entity_id)["mentions"].append(entry)
        elif m.kind == "place":
            if m.entity_id not in places:
                p = lex.places.get(m.entity_id)
                places[m.entity_id] = {**(p.to_json() if p else {"id": m.entity_id}),
                                       "mentions": []}
            if m.rule == "lexicon:in-name":
                entry["in_name"] = True
            places[m.entity_id]["mentions"].append(entry)
    for e in a.events:
        for aid in (e.member, e.coalition, *e.participants):
            if aid:
                actor_entry(aid)
    for o in a.other_events:
        for aid in (o.actor, o.target, *o.actors):
            if aid:
                actor_entry(aid)
    for ms in a.memberships:
        actor_entry(ms.member)
        actor_entry(ms.coalition)
    return {
        "id": doc.id,
        "source": doc.source,
        "url": doc.url,
        "outlet": doc.outlet,
        "title": doc.title,
        "published": doc.published,
        "date_basis": doc.date_basis,
        "lang": doc.lang,
        "text": text,
        "sentences": [{"start": s.start, "end": s.end} for s in a.sentences],
        "actors": list(actors.values()),
        "places": list(places.values()),
        "dates": [{**span_json(text, s), **d.to_json()} for s, d in a.dates],
        "events": [{
            "type": e.type, "member": e.member, "coalition": e.coalition,
            "participants": list(e.participants), "alternatives": list(e.alternatives),
            "modality": e.modality, "confidence": round(e.confidence, 3),
            "date": e.date.to_json(), "evidence": span_json(text, e.evidence), "rule": e.rule,
        } for e in a.events],
        "other_events": [{
            "type": o.type, "actor": o.actor, "actors": list(o.actors), "target": o.target,
            "place": o.place, "quantity": quantity_json(text, o.quantity),
            "modality": o.modality, "date": o.date.to_json(),
            "evidence": span_json(text, o.evidence),
        } for o in a.other_events],
        "memberships": [{
            "member": m.member, "coalition": m.coalition, "as_of": m.as_of.to_json(),
            "modality": m.modality, "evidence": span_json(text, m.evidence),
        } for m in a.memberships],
        "extractor_version": a.extractor_version,
        "lexicon_version": a.lexicon_version,
    }


def extract_json(analyses: list[Analysis]) -> dict[str, Any]:
    return {"documents": [analysis_json(a) for a in analyses]}
