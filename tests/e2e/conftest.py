"""End-to-end tests run the command line in subprocesses: all of them are marked ``slow`` so that
``pytest -m "not slow and not gui"`` is the quick core loop (the README's command still runs them).

The commands a test is about run in a subprocess, as a user runs them; what several tests only need done
first (a case made and answered, identities, a team) runs through the same entry point in this process
(``cli.here()``): a subprocess costs about a second before it does anything, and the tests about those
commands already run them as a process."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.slow)
