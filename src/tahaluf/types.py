"""Core value types shared by every stage of the pipeline.

All types are frozen dataclasses. Offsets are code-point offsets into ``Document.text``;
``doc.text[span.start:span.end]`` is always the evidence.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from tahaluf.lexicon.schema import ActorRecord

Precision = Literal["day", "month", "year"]
DateBasis = Literal["explicit", "relative", "published", "unknown"]
Modality = Literal["asserted", "hedged", "negated", "reported", "hypothetical"]
MentionKind = Literal["actor", "place", "date", "quantity", "trigger"]

COALITION_EVENT_TYPES: tuple[str, ...] = (
    "FORM", "JOIN", "WITHDRAW", "EXPEL", "MERGE", "SPLIT", "DISSOLVE", "RENAME",
)
OTHER_EVENT_TYPES: tuple[str, ...] = ("CAPTURE", "ADVANCE", "HOLD", "STANCE")
MODALITIES: tuple[str, ...] = ("asserted", "hedged", "negated", "reported", "hypothetical")
#: modalities that change membership intervals by default
MEMBERSHIP_CHANGING: frozenset[str] = frozenset({"asserted", "reported", "hedged"})


def text_id(text: str) -> str:
    """The document id: ``sha256:`` + hex digest of the UTF-8 text."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open ``[start, end)`` code-point range into a document's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def text(self, source: str) -> str:
        return source[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Document:
    """One article. ``text`` is stored verbatim after ingest and never changes."""

    id: str
    text: str
    source: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    lang: str = "ar"
    title: str | None = None
    #: where ``published`` came from: cli, metadata, sidecar, dates.csv, filename, dateline
    date_basis: str | None = None

    @classmethod
    def from_text(cls, text: str, source: str, **fields: str | None) -> Document:
        return cls(id=text_id(text), text=text, source=source, **fields)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Mention:
    span: Span
    kind: MentionKind
    entity_id: str | None
    rule: str
    surface: str = ""


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date as precise as the text allows; ``earliest``/``latest`` bound it (ISO days)."""

    value: str | None
    precision: Precision | None
    earliest: str | None
    latest: str | None
    basis: DateBasis = "unknown"

    def to_json(self) -> dict[str, str | None]:
        return {
            "value": self.value,
            "precision": self.precision,
            "earliest": self.earliest,
            "latest": self.latest,
            "basis": self.basis,
        }


UNKNOWN_DATE = DateValue(None, None, None, None, "unknown")


@dataclass(frozen=True, slots=True)
class Quantity:
    span: Span
    value: float
    unit: str | None
    approximate: bool


@dataclass(frozen=True, slots=True)
class Event:
    """A coalition event ``(type, member, coalition)`` with its evidence."""

    type: str
    member: str | None
    coalition: str | None
    date: DateValue
    modality: Modality
    evidence: Span
    alternatives: tuple[str, ...] = ()
    confidence: float = 0.5
    participants: tuple[str, ...] = ()
    rule: str = ""


@dataclass(frozen=True, slots=True)
class OtherEvent:
    """CAPTURE / ADVANCE / HOLD / STANCE with argument roles."""

    type: str
    actor: str | None
    evidence: Span
    target: str | None = None
    place: str | None = None
    quantity: Quantity | None = None
    date: DateValue = UNKNOWN_DATE
    modality: Modality = "asserted"
    actors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Membership:
    """A state assertion: ``member`` belongs to ``coalition`` as of a date."""

    member: str
    coalition: str
    as_of: DateValue
    evidence: Span
    modality: Modality = "asserted"


@dataclass(frozen=True, slots=True)
class Provenance:
    document_id: str
    span: Span
    outlet: str | None
    extractor_version: str
    lexicon_version: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything extracted from one document."""

    document: Document
    sentences: tuple[Span, ...]
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    other_events: tuple[OtherEvent, ...] = ()
    memberships: tuple[Membership, ...] = ()
    dates: tuple[tuple[Span, DateValue], ...] = field(default=())
    #: groups found by pattern that the lexicon does not know (``known`` is False)
    discovered: tuple[ActorRecord, ...] = ()
    lexicon_version: str = ""
    extractor_version: str = ""
