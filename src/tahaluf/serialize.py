"""The JSON contract of ``tahaluf extract --format json`` (see DESIGN.md)."""

from __future__ import annotations

from typing import Any

from tahaluf.types import Analysis, Span


def span_json(text: str, span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": text[span.start:span.end]}


def analysis_json(a: Analysis) -> dict[str, Any]:
    doc = a.document
    return {
        "id": doc.id,
        "source": doc.source,
        "url": doc.url,
        "outlet": doc.outlet,
        "title": doc.title,
        "published": doc.published,
        "lang": doc.lang,
        "text": doc.text,
        "sentences": [{"start": s.start, "end": s.end} for s in a.sentences],
        "actors": [],
        "places": [],
        "events": [],
        "other_events": [],
        "memberships": [],
    }


def extract_json(analyses: list[Analysis]) -> dict[str, Any]:
    return {"documents": [analysis_json(a) for a in analyses]}
