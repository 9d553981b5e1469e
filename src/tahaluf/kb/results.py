"""Typed answers of the knowledge-base queries (frozen dataclasses with ``to_json``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tahaluf.kb.dates import display
from tahaluf.types import DateValue


def jsonable(value: Any) -> Any:
    """Dataclasses, tuples, dates → plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


class _Json:
    __slots__ = ()

    def to_json(self) -> dict[str, Any]:
        out = jsonable(self)
        assert isinstance(out, dict)
        return out


@dataclass(frozen=True, slots=True)
class ActorRef(_Json):
    id: str
    name_en: str
    name_ar: str
    kind: str = "faction"
    coalition_kind: str | None = None
    known: bool = True

    @property
    def label(self) -> str:
        if self.name_ar and self.name_ar != self.name_en:
            return f"{self.name_en} ({self.name_ar})"
        return self.name_en


@dataclass(frozen=True, slots=True)
class Evidence(_Json):
    """One report: the document it comes from and the sentence that says it."""

    fact_id: int
    document_id: str
    source: str
    url: str | None
    outlet: str | None
    published: str | None
    sentence: str
    span_start: int
    span_end: int
    quote: str
    modality: str
    extractor_version: str
    lexicon_version: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class FactInfo(_Json):
    id: int
    kind: str
    type: str
    date: DateValue
    modality: str
    status: str
    confidence: float
    n_sources: int
    n_outlets: int
    member: ActorRef | None = None
    coalition: ActorRef | None = None
    actor: ActorRef | None = None
    target: ActorRef | None = None
    place: str | None = None
    alternatives: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @property
    def when(self) -> str:
        return display(self.date)


@dataclass(frozen=True, slots=True)
class MemberInterval(_Json):
    """``member`` belonged to ``coalition`` from ``start`` until ``end`` (``None``: open)."""

    member: ActorRef
    coalition: ActorRef
    start: DateValue
    end: DateValue | None
    start_how: str
    end_how: str
    certain: bool
    fact_ids: tuple[int, ...]
    evidence: tuple[Evidence, ...] = ()
    #: on the day asked: ``certain``, ``likely`` (more likely than not) or ``possible``
    standing: str = ""

    @property
    def span_text(self) -> str:
        start = display(self.start)
        end = "open" if self.end is None else display(self.end)
        return f"{start} → {end}"


@dataclass(frozen=True, slots=True)
class MembersAnswer(_Json):
    coalition: ActorRef
    on: str
    as_known_on: str | None
    members: tuple[MemberInterval, ...]


@dataclass(frozen=True, slots=True)
class HistoryAnswer(_Json):
    actor: ActorRef
    as_known_on: str | None
    intervals: tuple[MemberInterval, ...]
    facts: tuple[FactInfo, ...]


@dataclass(frozen=True, slots=True)
class TimelineAnswer(_Json):
    coalition: ActorRef
    as_known_on: str | None
    facts: tuple[FactInfo, ...]


@dataclass(frozen=True, slots=True)
class ReviewEntry(_Json):
    id: int
    fact_id: int
    action: str
    author: str
    note: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    at: datetime


@dataclass(frozen=True, slots=True)
class Contradiction(_Json):
    kind: str
    coalition: ActorRef
    member: ActorRef | None
    detail: str
    facts: tuple[FactInfo, ...]


@dataclass(frozen=True, slots=True)
class SourcesAnswer(_Json):
    fact: FactInfo
    evidence: tuple[Evidence, ...]
    reviews: tuple[ReviewEntry, ...]
    contradictions: tuple[Contradiction, ...]


@dataclass(frozen=True, slots=True)
class CoalitionLife(_Json):
    coalition: ActorRef
    start: str | None
    end: str | None
    ended_by: str  # DISSOLVE | MERGE | last-known
    days: int | None


@dataclass(frozen=True, slots=True)
class DurabilityRow(_Json):
    """How long coalitions of one kind last (days, best point estimates)."""

    coalition_kind: str
    n: int
    ended: int
    median_days: float | None
    mean_days: float | None
    #: over the coalitions whose end is known (no last-known lower bounds)
    median_ended_days: float | None
    coalitions: tuple[CoalitionLife, ...]


@dataclass(frozen=True, slots=True)
class IngestFailure(_Json):
    path: str
    reason: str


@dataclass(slots=True)
class IngestReport(_Json):
    read: int = 0
    stored: int = 0
    skipped: int = 0
    failures: list[IngestFailure] = dataclasses.field(default_factory=list)
    #: what the readers ignored (dates that are not dates, files of unknown types)
    notes: list[str] = dataclasses.field(default_factory=list)
    #: sources of the documents stored in this run without a publication date
    undated: list[str] = dataclasses.field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)
