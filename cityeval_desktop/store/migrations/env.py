"""Alembic environment: runs on the connection the application hands over."""

from __future__ import annotations

from typing import Any

from alembic import context

from cityeval_desktop.store.models import Base, UTCDateTime


def _render_item(type_: str, obj: Any, _autogen_context: Any) -> str | bool:
    """Autogenerate writes the plain column type, not the models' Python wrapper around it."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=_render_item,
)
with context.begin_transaction():
    context.run_migrations()
