"""Alembic environment: run programmatically by :func:`tahaluf.kb.engine.upgrade`.

The caller passes an open connection in ``config.attributes["connection"]``; there is no
``alembic.ini`` and no online/offline switch.
"""

from __future__ import annotations

from alembic import context

from tahaluf.kb.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when run by hand
    raise RuntimeError("run migrations through tahaluf.kb.open(), which passes a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
