"""Fixtures of the store tests: a database file at an older schema revision (migration tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from cityeval_desktop.store.engine import MIGRATIONS


def database_at(path: Path, revision: str) -> None:
    """Create ``path`` with the schema of migration ``revision`` (no CityEval marks, no rows)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()


@pytest.fixture
def database_at_revision() -> Callable[[Path, str], None]:
    """:func:`database_at`, for a test to make a database as an older version of the program left it."""
    return database_at
