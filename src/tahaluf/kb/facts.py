"""Facts: identity, claims made by one document, and the merged state of a fact.

A *claim* is what one document says (one event, membership assertion or other event,
with its evidence). Claims with the same **identity** — kind, type, roles and polarity —
and **compatible dates** become one *fact* with one provenance per claim.

Confidence of a fact grows with the number of independent outlets::

    confidence = 1 − Π_o (1 − c_o)        c_o = the highest extractor confidence
                                          among the reports from outlet o

Reports without an outlet count as their own outlet (the document's URL host when it
has one, else the document). A fact added by hand has confidence 1.

A report dated only by its article (no date in the text, or a date whose basis is the
publication date) is taken to have happened in the month before publication
(:data:`NEWS_WINDOW_DAYS`), so it corroborates a precisely dated report of the same event
instead of contradicting it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from tahaluf.kb.dates import narrowest
from tahaluf.types import (
    MEMBERSHIP_CHANGING,
    UNKNOWN_DATE,
    Analysis,
    DateValue,
    Document,
    Span,
)

#: identity fields a review may correct
IDENTITY_FIELDS = ("type", "member", "coalition", "actor", "target", "place")
MODALITY_RANK = {"asserted": 0, "reported": 1, "hedged": 2, "negated": 3, "hypothetical": 4}
STATUSES = ("unreviewed", "accepted", "rejected", "corrected", "added")


def polarity(modality: str) -> str:
    """``pos`` for modalities that can change membership, else ``neg`` / ``hyp``."""
    if modality in MEMBERSHIP_CHANGING:
        return "pos"
    return "neg" if modality == "negated" else "hyp"


def identity_key(kind: str, ident: Mapping[str, Any]) -> str:
    """A short stable hash of the identity (sha1 of a readable string, never ``hash()``)."""
    parts = [kind, *(str(ident.get(f) or "") for f in IDENTITY_FIELDS),
             str(ident.get("polarity") or "pos")]
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()


def outlet_of(doc: Document) -> str:
    """The independence key of a document's source (see the module docstring)."""
    if doc.outlet:
        return doc.outlet.strip().lower()
    if doc.url:
        host = urlsplit(doc.url).hostname
        if host:
            return host.removeprefix("www.")
    return "doc:" + doc.id


@dataclass(frozen=True, slots=True)
class Claim:
    """What one document says, before merging."""

    kind: str  # event | membership | other_event
    type: str
    modality: str
    date: DateValue
    span: Span
    member: str | None = None
    coalition: str | None = None
    actor: str | None = None
    target: str | None = None
    place: str | None = None
    participants: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    confidence: float = 0.5
    quantity_value: float | None = None
    quantity_unit: str | None = None
    rule: str = ""

    def ident(self) -> dict[str, Any]:
        return {"type": self.type, "member": self.member, "coalition": self.coalition,
                "actor": self.actor, "target": self.target, "place": self.place,
                "polarity": polarity(self.modality)}

    @property
    def key(self) -> str:
        return identity_key(self.kind, self.ident())


#: how long before publication an event reported without a date of its own may have happened
NEWS_WINDOW_DAYS = 31


def _bounded(d: DateValue, published: str | None) -> DateValue:
    """Honest bounds for a report dated only by its article: the event happened on or
    before publication, most likely shortly before — ``[published − NEWS_WINDOW_DAYS,
    published]``. Applies to undated claims and to dates whose basis is ``published``."""
    undated = not (d.value or d.earliest or d.latest)
    if not undated and d.basis != "published":
        return d
    pub = d.latest or (d.value if d.value and len(d.value) == 10 else None) or published
    if not pub:
        return d
    try:
        lo = (date.fromisoformat(pub) - timedelta(days=NEWS_WINDOW_DAYS)).isoformat()
    except ValueError:
        return d
    if undated:
        return DateValue(None, None, lo, pub, "unknown")
    return DateValue(d.value, d.precision, lo, pub, d.basis)


def claims_of(a: Analysis) -> list[Claim]:
    """Every claim of one analysis, in a stable order."""
    pub = a.document.published
    out: list[Claim] = []
    for e in a.events:
        parts = tuple(p for p in e.participants if p and p != e.member)
        out.append(Claim("event", e.type, e.modality, _bounded(e.date, pub), e.evidence,
                         member=e.member, coalition=e.coalition, participants=parts,
                         alternatives=tuple(e.alternatives), confidence=e.confidence,
                         rule=e.rule))
    for m in a.memberships:
        out.append(Claim("membership", "MEMBER", m.modality, _bounded(m.as_of, pub), m.evidence,
                         member=m.member, coalition=m.coalition, confidence=0.5,
                         rule="membership"))
    for o in a.other_events:
        q = o.quantity
        parts = tuple(x for x in o.actors if x and x != o.actor)
        out.append(Claim("other_event", o.type, o.modality, _bounded(o.date, pub), o.evidence,
                         actor=o.actor, target=o.target, place=o.place, participants=parts,
                         quantity_value=q.value if q else None,
                         quantity_unit=q.unit if q else None, confidence=0.5))
    return out


@dataclass(frozen=True, slots=True)
class ProvView:
    """The parts of a provenance row that the fact summary needs."""

    outlet: str
    modality: str
    alternatives: tuple[str, ...]
    confidence: float
    date: DateValue


@dataclass(frozen=True, slots=True)
class Summary:
    date: DateValue
    extracted_date: DateValue
    modality: str
    alternatives: tuple[str, ...]
    confidence: float
    n_sources: int
    n_outlets: int


def corroborated(provs: Iterable[ProvView]) -> tuple[float, int]:
    """``1 − Π (1 − c_o)`` over distinct outlets, and the number of outlets."""
    best: dict[str, float] = {}
    for p in provs:
        c = min(max(p.confidence, 0.0), 1.0)
        best[p.outlet] = max(best.get(p.outlet, 0.0), c)
    miss = 1.0
    for c in best.values():
        miss *= 1.0 - c
    return round(1.0 - miss, 6), len(best)


def fold_date(acc: DateValue | None, d: DateValue) -> DateValue:
    """Narrow the merged date of a fact by one more report (see :func:`narrowest`)."""
    return d if acc is None else narrowest([acc, d])


def better_modality(a: str, b: str) -> str:
    """The stronger of two modalities of the same polarity (asserted > reported > hedged)."""
    return a if MODALITY_RANK.get(a, 9) <= MODALITY_RANK.get(b, 9) else b


def summarize(provs: list[ProvView], overrides: Mapping[str, Any], status: str,
              fallback_modality: str = "asserted") -> Summary:
    """The merged state of a fact from its provenances (in id order) and review overrides.

    The writer updates the stored summary one report at a time with the same folds, so
    a full recomputation gives the same values.
    """
    xdate: DateValue | None = None
    modality: str | None = None
    alts: list[str] = []
    for p in provs:
        xdate = fold_date(xdate, p.date)
        modality = p.modality if modality is None else better_modality(modality, p.modality)
        alts.extend(a for a in p.alternatives if a not in alts)
    extracted = xdate or UNKNOWN_DATE
    return apply_overrides(
        Summary(extracted, extracted, modality or fallback_modality, tuple(alts),
                *_conf(provs, status)), overrides)


def _conf(provs: list[ProvView], status: str) -> tuple[float, int, int]:
    conf, n_outlets = corroborated(provs)
    if status == "added" and not provs:
        conf = 1.0
    return conf, len(provs), n_outlets


def override_date(od: Any) -> DateValue | None:
    if not isinstance(od, dict):
        return None
    return DateValue(od.get("value"), od.get("precision"), od.get("earliest"), od.get("latest"),
                     od.get("basis") or "explicit")


def apply_overrides(s: Summary, overrides: Mapping[str, Any]) -> Summary:
    date = override_date(overrides.get("date")) or s.extracted_date
    modality = overrides.get("modality") if isinstance(overrides.get("modality"), str) \
        else s.modality
    alts = tuple(overrides["alternatives"] or ()) if "alternatives" in overrides \
        else s.alternatives
    return replace(s, date=date, modality=str(modality), alternatives=alts)


@dataclass(frozen=True, slots=True)
class FactView:
    """A fact as the interval and contradiction logic sees it (effective values)."""

    id: int
    kind: str
    type: str
    date: DateValue
    modality: str = "asserted"
    member: str | None = None
    coalition: str | None = None
    actor: str | None = None
    target: str | None = None
    place: str | None = None
    participants: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    status: str = "unreviewed"
    confidence: float = 0.5
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def polarity(self) -> str:
        return polarity(self.modality)

    @property
    def counts(self) -> bool:
        """Does this fact change membership intervals? (positive modality, not rejected)"""
        return self.status != "rejected" and self.polarity == "pos"

    def with_(self, **changes: Any) -> FactView:
        return replace(self, **changes)
