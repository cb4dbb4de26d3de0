"""The package world of :mod:`tests.hostile.packages`, shared by the modules that only read it."""

from __future__ import annotations

import pytest

from tests.hostile import packages as pk


@pytest.fixture(scope="session")
def package_world(tmp_path_factory: pytest.TempPathFactory) -> pk.World:
    """Made once per test process (keys, two signed reports, two packages: several seconds). Its files are
    read, never changed: a test that needs to change the assessor's database works on a copy of it."""
    return pk.build_world(tmp_path_factory.mktemp("package-world"))
