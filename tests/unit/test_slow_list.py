"""``tests/slow-tests.txt`` (the tests measured slow, left out of the core loop) names only tests that exist:
a test renamed or removed would otherwise leave a dead line, and a renamed slow test would silently come back
into the core loop."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import SLOW_LIST, listed_slow, pytest_collection_modifyitems

ROOT = Path(__file__).resolve().parents[2]


def test_every_listed_slow_test_exists_and_the_list_is_sorted_without_repeats() -> None:
    lines = [ln for ln in SLOW_LIST.read_text("utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines == sorted(set(lines)), "tests/slow-tests.txt: keep it sorted, one line per test"
    missing = []
    for node in listed_slow():
        path, _, name = node.partition("::")
        source = ROOT / path
        exists = "[" not in node and path.startswith("tests/") and source.is_file()
        if exists and name:  # a test function (else a whole module)
            defined = rf"^\s*(async\s+)?def {re.escape(name.split('::')[-1])}\("
            exists = re.search(defined, source.read_text("utf-8"), re.M) is not None
        if not exists:
            missing.append(node)
    assert not missing, f"tests/slow-tests.txt names tests that do not exist: {missing}"


def test_a_listed_test_or_module_is_marked_slow_with_every_parameter_and_an_unlisted_one_is_not() -> None:
    listed = sorted(listed_slow())
    assert listed, "the list is empty: the core loop would run every test"

    class Item:
        def __init__(self, nodeid: str) -> None:
            self.nodeid, self.marks = nodeid, []

        def add_marker(self, mark: object) -> None:
            self.marks.append(mark)

    tests = [n for n in listed if "::" in n]
    modules = [n for n in listed if "::" not in n]
    assert tests and modules, "expected both kinds of line in the list"
    items = [
        Item(tests[0]),
        Item(f"{tests[-1]}[postgresql]"),
        Item(f"{modules[0]}::any_test_of_it[sqlite]"),
        Item("tests/unit/test_slow_list.py::not_listed"),
    ]
    pytest_collection_modifyitems(items)  # type: ignore[arg-type]
    assert [[m.name for m in i.marks] for i in items] == [["slow"], ["slow"], ["slow"], []]
