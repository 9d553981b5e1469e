"""The stages in order, one function per document.

``analyze(doc)`` is a plain function of its input (plus the read-only language data), so
it runs the same in-process, in a process pool or on a Dask cluster::

    text → normalize → sentences → actor/place mentions → dates, quantities
         → coalition events, memberships, other events
"""

from __future__ import annotations

import functools
from dataclasses import replace

from tahaluf.extract.events import (
    Context,
    FMention,
    extract_memberships,
    extract_other,
    extract_sentence,
    publication_date,
    to_folded_mentions,
)
from tahaluf.extract.triggers import find_other_triggers, find_triggers
from tahaluf.lexicon.core import Lexicon, load_lexicon
from tahaluf.text.normalize import Normalized, normalize
from tahaluf.text.segment import sentences
from tahaluf.types import Analysis, DateValue, Document, Event, Quantity, Span

EXTRACTOR_VERSION = "0.2.0"


def _dates(nz: Normalized, published: str | None) -> list[tuple[Span, DateValue]]:
    try:
        from tahaluf.extract.dates import find_dates
    except ImportError:  # pragma: no cover - during bootstrap only
        return []
    found: list[tuple[Span, DateValue]] = find_dates(nz, published)
    return found


#: a dateline sits at the very top of an article
_DATELINE_WINDOW = 150


def _dateline(text: str, dates: list[tuple[Span, DateValue]]) -> str | None:
    """The first explicit day-precise date near the top of the text, taken as the dateline."""
    for span, d in dates:
        if span.start > _DATELINE_WINDOW:
            break
        if d.basis == "explicit" and d.precision == "day" and d.value:
            return d.value
    return None


def _quantities(nz: Normalized) -> list[Quantity]:
    try:
        from tahaluf.extract.quantities import find_quantities
    except ImportError:  # pragma: no cover - during bootstrap only
        return []
    found: list[Quantity] = find_quantities(nz)
    return found


#: event types that one wording may express together; the pair becomes one event
_PAIRS = {frozenset({"JOIN", "MERGE"}): "MERGE", frozenset({"WITHDRAW", "SPLIT"}): None,
          frozenset({"WITHDRAW", "EXPEL"}): None}


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (type, member, coalition) in a document; the first wins, and a hedged
    alternative or a firmer modality from a later mention is kept. JOIN+MERGE of the same
    pair is one MERGE with the alternative JOIN; WITHDRAW with SPLIT or EXPEL keeps the first
    and lists the other as an alternative."""
    seen: dict[tuple[str, str | None, str | None], int] = {}
    pair_seen: dict[tuple[str | None, str | None], int] = {}
    out: list[Event] = []
    for e in events:
        pk = (e.member, e.coalition)
        if e.member and pk in pair_seen:
            i = pair_seen[pk]
            prev = out[i]
            pair = frozenset({prev.type, e.type})
            if pair in _PAIRS and prev.type != e.type:
                keep = _PAIRS[pair] or prev.type
                other = e.type if keep == prev.type else prev.type
                base = prev if keep == prev.type else replace(e, date=prev.date)
                out[i] = replace(base, type=keep, alternatives=tuple(
                    dict.fromkeys((*prev.alternatives, *e.alternatives, other))))
                continue
        key = (e.type, e.member, e.coalition)
        if key in seen:
            i = seen[key]
            prev = out[i]
            alts = tuple(dict.fromkeys(prev.alternatives + e.alternatives))
            if alts != prev.alternatives:
                prev = out[i] = replace(prev, alternatives=alts)
            if prev.date.basis in ("published", "unknown") and e.date.basis in (
                    "explicit", "relative"):
                # a headline repeated in the body: the body's date expression wins
                out[i] = replace(prev, date=e.date)
            continue
        seen[key] = len(out)
        if e.member:
            pair_seen.setdefault(pk, len(out))
        out.append(e)
    named_forms = {e.coalition for e in out if e.type == "FORM" and e.member}
    return [e for e in out if not (e.type == "FORM" and e.member is None
                                   and e.coalition in named_forms)]


def analyze(doc: Document, *, published: str | None = None,
            lexicon: Lexicon | None = None) -> Analysis:
    """Run every stage on one document. ``published`` is used when the document has no date."""
    if published and not doc.published:
        doc = replace(doc, published=published)
    lex = lexicon or load_lexicon()
    text = doc.text
    nz = normalize(text)
    sents = tuple(sentences(text))
    year = int(doc.published[:4]) if doc.published else None
    rec = lex.recognize(text, nz, year=year)
    dates = _dates(nz, doc.published)
    if not doc.published:
        dateline = _dateline(text, dates)
        if dateline:
            # relative dates ("أمس", "الشهر الماضي") resolve against the article's dateline
            dates = _dates(nz, dateline)
    quantities = _quantities(nz)
    fold_dates = [(nz.to_folded(s.start), nz.to_folded(s.end), d) for s, d in dates]
    fold_qty = [(nz.to_folded(q.span.start), nz.to_folded(q.span.end), q) for q in quantities]
    pub = publication_date(doc.published)

    coalition_hits = find_triggers(nz.text)
    other_hits = find_other_triggers(nz.text)

    @functools.cache
    def trigger_starts(s: int, e: int) -> tuple[int, ...]:
        return tuple(sorted(h.start for h in coalition_hits + other_hits
                            if s <= h.start and h.end <= e))

    def date_for(s: int, e: int, hs: int, he: int) -> DateValue:
        inside = [(a, b, d) for a, b, d in fold_dates if s <= a and b <= e]
        if not inside:
            return pub
        starts = trigger_starts(s, e)
        mine = []
        for a, _b, d in inside:
            before = [t for t in starts if t < a]
            owner = before[-1] if before else min(starts, key=lambda t: abs(t - a), default=hs)
            if hs <= owner < max(he, hs + 1) or (not before and owner >= hs):
                mine.append((abs(a - hs), d))
        if not mine:
            return pub
        return min(mine, key=lambda x: x[0])[1]

    actors = {**lex.actors, **{a.id: a for a in rec.discovered}}
    fms = to_folded_mentions(nz, rec.mentions)
    fold_sents = [Span(nz.to_folded(s.start), nz.to_folded(s.end)) for s in sents]
    ctx = Context(nz=nz, actors=actors, published=doc.published, date_for=date_for,
                  all_mentions=fms, sentences=fold_sents, coalition_hits=coalition_hits,
                  other_hits=other_hits)
    places = [FMention(nz.to_folded(m.span.start), nz.to_folded(m.span.end),
                       nz.to_folded(m.span.start), m.entity_id or "", m)
              for m in rec.mentions if m.kind == "place" and m.rule != "lexicon:in-name"]
    events: list[Event] = []
    memberships = []
    others = []
    for fsent in fold_sents:
        fs, fe = fsent.start, fsent.end
        in_sent = [m for m in fms if fs <= m.start and m.end <= fe]
        before = len(events)
        extract_sentence(ctx, fsent, in_sent, events)
        memberships.extend(extract_memberships(ctx, fsent, in_sent, events[before:]))
        others.extend(extract_other(ctx, fsent, in_sent,
                                    [p for p in places if fs <= p.start and p.end <= fe], fold_qty))
    discovered = {a.id: a for a in rec.discovered}
    discovered.update(ctx.new_actors)
    mentions = rec.mentions
    if ctx.new_mentions:
        taken = [(m.span.start, m.span.end) for m in rec.mentions if m.kind == "actor"]
        fresh = [m for m in ctx.new_mentions
                 if not any(a < m.span.end and m.span.start < b for a, b in taken)]
        mentions = tuple(sorted((*rec.mentions, *fresh), key=lambda m: m.span.start))
    return Analysis(document=doc, sentences=sents, mentions=mentions,
                    events=tuple(_dedupe(events)), other_events=tuple(others),
                    memberships=tuple(memberships), dates=tuple(dates),
                    discovered=tuple(discovered.values()), lexicon_version=lex.version,
                    extractor_version=EXTRACTOR_VERSION)
