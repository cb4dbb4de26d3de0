"""Fixtures of the store tests: a database file at an older schema revision (migration tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.unit.store.old_databases import database_at


@pytest.fixture
def database_at_revision() -> Callable[[Path, str], None]:
    """:func:`~tests.unit.store.old_databases.database_at`, to make a database as an older program left it."""
    return database_at
