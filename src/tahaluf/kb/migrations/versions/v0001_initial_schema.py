"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("name_ar", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("coalition_kind", sa.String(length=40), nullable=True),
        sa.Column("known", sa.Boolean(), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("lexicon_version", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
    )
    op.create_table(
        "contradictions",
        sa.Column("coalition", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("member", sa.String(length=200), nullable=True),
        sa.Column("fact_ids", sa.JSON(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("coalition", "seq", name=op.f("pk_contradictions")),
    )
    op.create_table(
        "dirty",
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("actor_id", name=op.f("pk_dirty")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("outlet", sa.String(length=200), nullable=True),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
        sa.Column("lexicon_version", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("ekey", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("member", sa.String(length=200), nullable=True),
        sa.Column("coalition", sa.String(length=200), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("target", sa.String(length=200), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("quantity_value", sa.Float(), nullable=True),
        sa.Column("quantity_unit", sa.String(length=40), nullable=True),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("polarity", sa.String(length=8), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("alternatives", sa.JSON(), nullable=False),
        sa.Column("date_value", sa.String(length=10), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("date_earliest", sa.String(length=10), nullable=True),
        sa.Column("date_latest", sa.String(length=10), nullable=True),
        sa.Column("x_value", sa.String(length=10), nullable=True),
        sa.Column("x_precision", sa.String(length=8), nullable=True),
        sa.Column("x_earliest", sa.String(length=10), nullable=True),
        sa.Column("x_latest", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("overrides", sa.JSON(), nullable=False),
        sa.Column("extracted", sa.JSON(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("n_sources", sa.Integer(), nullable=False),
        sa.Column("n_outlets", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facts")),
    )
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_facts_coalition"), ["coalition"], unique=False)
        batch_op.create_index(batch_op.f("ix_facts_ekey"), ["ekey"], unique=False)
        batch_op.create_index(batch_op.f("ix_facts_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_facts_member"), ["member"], unique=False)

    op.create_table(
        "intervals",
        sa.Column("coalition", sa.String(length=200), nullable=False),
        sa.Column("member", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("start_value", sa.String(length=10), nullable=True),
        sa.Column("start_precision", sa.String(length=8), nullable=True),
        sa.Column("start_earliest", sa.String(length=10), nullable=True),
        sa.Column("start_latest", sa.String(length=10), nullable=True),
        sa.Column("end_value", sa.String(length=10), nullable=True),
        sa.Column("end_precision", sa.String(length=8), nullable=True),
        sa.Column("end_earliest", sa.String(length=10), nullable=True),
        sa.Column("end_latest", sa.String(length=10), nullable=True),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("lo", sa.String(length=10), nullable=False),
        sa.Column("hi", sa.String(length=10), nullable=False),
        sa.Column("start_how", sa.String(length=40), nullable=False),
        sa.Column("end_how", sa.String(length=40), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("coalition", "member", "seq", name=op.f("pk_intervals")),
    )
    with op.batch_alter_table("intervals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_intervals_coalition_lo_hi", ["coalition", "lo", "hi"], unique=False
        )
        batch_op.create_index("ix_intervals_member", ["member"], unique=False)

    op.create_table(
        "places",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("name_ar", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("parent", sa.String(length=200), nullable=True),
        sa.Column("admin1", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
    )
    op.create_table(
        "actor_names",
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_actor_names_actor_id_actors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("actor_id", "key", name=op.f("pk_actor_names")),
    )
    with op.batch_alter_table("actor_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actor_names_key"), ["key"], unique=False)

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=80), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=True),
        sa.Column("rule", sa.String(length=80), nullable=False),
        sa.Column("surface", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_mentions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
    )
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentions_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentions_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "provenance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=80), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("outlet", sa.String(length=200), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("alternatives", sa.JSON(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("date_value", sa.String(length=10), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("date_earliest", sa.String(length=10), nullable=True),
        sa.Column("date_latest", sa.String(length=10), nullable=True),
        sa.Column("date_basis", sa.String(length=16), nullable=False),
        sa.Column("rule", sa.String(length=80), nullable=False),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
        sa.Column("lexicon_version", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_provenance_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fact_id"], ["facts.id"], name=op.f("fk_provenance_fact_id_facts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provenance")),
    )
    with op.batch_alter_table("provenance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_provenance_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index("ix_provenance_fact_id_outlet", ["fact_id", "outlet"], unique=False)

    op.create_table(
        "review_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["fact_id"],
            ["facts.id"],
            name=op.f("fk_review_actions_fact_id_facts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_actions")),
    )
    with op.batch_alter_table("review_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_actions_fact_id"), ["fact_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("review_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_actions_fact_id"))

    op.drop_table("review_actions")
    with op.batch_alter_table("provenance", schema=None) as batch_op:
        batch_op.drop_index("ix_provenance_fact_id_outlet")
        batch_op.drop_index(batch_op.f("ix_provenance_document_id"))

    op.drop_table("provenance")
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentions_entity_id"))
        batch_op.drop_index(batch_op.f("ix_mentions_document_id"))

    op.drop_table("mentions")
    with op.batch_alter_table("actor_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actor_names_key"))

    op.drop_table("actor_names")
    op.drop_table("places")
    with op.batch_alter_table("intervals", schema=None) as batch_op:
        batch_op.drop_index("ix_intervals_member")
        batch_op.drop_index("ix_intervals_coalition_lo_hi")

    op.drop_table("intervals")
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_facts_member"))
        batch_op.drop_index(batch_op.f("ix_facts_key"))
        batch_op.drop_index(batch_op.f("ix_facts_ekey"))
        batch_op.drop_index(batch_op.f("ix_facts_coalition"))

    op.drop_table("facts")
    op.drop_table("documents")
    op.drop_table("dirty")
    op.drop_table("contradictions")
    op.drop_table("actors")
