"""The migrations build exactly the schema the models describe (nothing added to one and not the other)."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cityeval_desktop.store.engine import open_database
from cityeval_desktop.store.models import Base


def test_a_migrated_database_has_every_table_column_and_index_of_the_models(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    # types of SQLite columns read back loosely; what matters is tables, columns, indexes, keys
    assert [d for d in diff if not (isinstance(d, list) and d and d[0][0] == "modify_type")] == []
