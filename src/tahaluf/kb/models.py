"""The knowledge-base tables (SQLAlchemy 2 typed models).

The schema is created and changed only by the Alembic migrations in ``kb/migrations``;
``tests/test_kb_store.py`` checks that these models and the migrated schema agree.

Valid time (when something was true in the world) is kept as ISO date strings
(``YYYY-MM-DD``, compared as text); record time (when we learned it) as UTC timestamps
(``provenance.recorded_at``, ``review_actions.at``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ISO_DATE = String(10)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class DocumentRow(Base):
    """One article, text verbatim; ``id`` is ``sha256:`` + the hash of the text."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[str | None] = mapped_column(ISO_DATE)
    #: where ``published`` came from: cli, metadata, sidecar, dates.csv, filename, dateline
    date_basis: Mapped[str | None] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    extractor_version: Mapped[str] = mapped_column(String(40))
    lexicon_version: Mapped[str] = mapped_column(String(40))


class ActorRow(Base):
    """An actor from the lexicon (``known``) or discovered in text (``known`` false)."""

    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name_en: Mapped[str] = mapped_column(Text)
    name_ar: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    coalition_kind: Mapped[str | None] = mapped_column(String(40))
    known: Mapped[bool] = mapped_column(Boolean)
    names: Mapped[list[Any]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text, default="")
    lexicon_version: Mapped[str] = mapped_column(String(40), default="")


class ActorNameRow(Base):
    """Every name of an actor under its matching key (folded Arabic or Latin key)."""

    __tablename__ = "actor_names"

    actor_id: Mapped[str] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"),
                                          primary_key=True)
    key: Mapped[str] = mapped_column(String(400), primary_key=True, index=True)
    name: Mapped[str] = mapped_column(Text)


class PlaceRow(Base):
    __tablename__ = "places"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name_en: Mapped[str] = mapped_column(Text)
    name_ar: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(40))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    parent: Mapped[str | None] = mapped_column(String(200))
    admin1: Mapped[str | None] = mapped_column(Text)


class MentionRow(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[str | None] = mapped_column(String(200), index=True)
    rule: Mapped[str] = mapped_column(String(80))
    surface: Mapped[str] = mapped_column(Text)


class FactRow(Base):
    """One fact, merged over every document that reports it.

    ``key`` is the identity as extracted (kind, type, roles, polarity; the values are in
    ``extracted``), ``ekey`` the identity after review corrections (``overrides``); the
    columns ``type`` … ``place`` and ``date_*`` are the effective values, ``x_*`` the date
    as extracted. The
    summary columns (date, modality, alternatives, confidence, counts) are recomputed from
    the provenance rows and the review overrides whenever either changes.
    """

    __tablename__ = "facts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(40), index=True)
    ekey: Mapped[str] = mapped_column(String(40), index=True)
    type: Mapped[str] = mapped_column(String(16))
    member: Mapped[str | None] = mapped_column(String(200), index=True)
    coalition: Mapped[str | None] = mapped_column(String(200), index=True)
    actor: Mapped[str | None] = mapped_column(String(200))
    target: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(200))
    quantity_value: Mapped[float | None] = mapped_column(Float)
    quantity_unit: Mapped[str | None] = mapped_column(String(40))
    participants: Mapped[list[Any]] = mapped_column(JSON)
    polarity: Mapped[str] = mapped_column(String(8))
    modality: Mapped[str] = mapped_column(String(16))
    alternatives: Mapped[list[Any]] = mapped_column(JSON)
    date_value: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(8))
    date_earliest: Mapped[str | None] = mapped_column(ISO_DATE)
    date_latest: Mapped[str | None] = mapped_column(ISO_DATE)
    x_value: Mapped[str | None] = mapped_column(String(10))
    x_precision: Mapped[str | None] = mapped_column(String(8))
    x_earliest: Mapped[str | None] = mapped_column(ISO_DATE)
    x_latest: Mapped[str | None] = mapped_column(ISO_DATE)
    status: Mapped[str] = mapped_column(String(16), default="unreviewed")
    overrides: Mapped[dict[str, Any]] = mapped_column(JSON)
    extracted: Mapped[dict[str, Any]] = mapped_column(JSON)
    confidence: Mapped[float] = mapped_column(Float)
    n_sources: Mapped[int] = mapped_column(Integer)
    n_outlets: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ProvenanceRow(Base):
    """One report of a fact: document, evidence span and sentence, versions, record time."""

    __tablename__ = "provenance"
    __table_args__ = (Index("ix_provenance_fact_id_outlet", "fact_id", "outlet"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"))
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str] = mapped_column(String(200))
    modality: Mapped[str] = mapped_column(String(16))
    alternatives: Mapped[list[Any]] = mapped_column(JSON)
    confidence: Mapped[float] = mapped_column(Float)
    date_value: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(8))
    date_earliest: Mapped[str | None] = mapped_column(ISO_DATE)
    date_latest: Mapped[str | None] = mapped_column(ISO_DATE)
    date_basis: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(String(80))
    extractor_version: Mapped[str] = mapped_column(String(40))
    lexicon_version: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class ReviewActionRow(Base):
    """The audit log: every accept, reject, correct and add, with before/after state."""

    __tablename__ = "review_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(DateTime)


class IntervalRow(Base):
    """A derived membership interval ``[start, end)`` of ``member`` in ``coalition``.

    ``lo``/``hi`` are the widest possible bounds (``0000-01-01`` / ``9999-12-31`` when
    unknown or open), so "possibly a member on D" is ``lo <= D < hi`` on an index.
    """

    __tablename__ = "intervals"
    __table_args__ = (Index("ix_intervals_coalition_lo_hi", "coalition", "lo", "hi"),
                      Index("ix_intervals_member", "member"))

    coalition: Mapped[str] = mapped_column(String(200), primary_key=True)
    member: Mapped[str] = mapped_column(String(200), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_value: Mapped[str | None] = mapped_column(String(10))
    start_precision: Mapped[str | None] = mapped_column(String(8))
    start_earliest: Mapped[str | None] = mapped_column(ISO_DATE)
    start_latest: Mapped[str | None] = mapped_column(ISO_DATE)
    end_value: Mapped[str | None] = mapped_column(String(10))
    end_precision: Mapped[str | None] = mapped_column(String(8))
    end_earliest: Mapped[str | None] = mapped_column(ISO_DATE)
    end_latest: Mapped[str | None] = mapped_column(ISO_DATE)
    is_open: Mapped[bool] = mapped_column(Boolean)
    lo: Mapped[str] = mapped_column(ISO_DATE)
    hi: Mapped[str] = mapped_column(ISO_DATE)
    start_how: Mapped[str] = mapped_column(String(40))
    end_how: Mapped[str] = mapped_column(String(40))
    #: one JSON object (one decode per row): fact ids that ``start``, ``end`` and
    #: ``proof`` the interval, ``proof_keys`` (where each proof sorts) and ``evidence``,
    #: the first reports of the start and proof facts (see :mod:`tahaluf.kb.evidence`)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)


class ContradictionRow(Base):
    """Facts that disagree, kept side by side (derived, per coalition)."""

    __tablename__ = "contradictions"

    coalition: Mapped[str] = mapped_column(String(200), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    member: Mapped[str | None] = mapped_column(String(200))
    fact_ids: Mapped[list[Any]] = mapped_column(JSON)
    detail: Mapped[str] = mapped_column(Text)


class DirtyRow(Base):
    """Actors whose intervals and contradictions must be recomputed (written with facts)."""

    __tablename__ = "dirty"

    actor_id: Mapped[str] = mapped_column(String(200), primary_key=True)
