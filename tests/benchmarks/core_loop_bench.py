"""Benchmark of the core loop (issue 14): ``pytest -m "not slow and not gui"``, budget one minute of wall time
on a 2-core machine, and the maintenance of ``tests/slow-tests.txt``, the list that keeps it there.

The core loop leaves out what is marked ``slow`` (tests/e2e, tests marked by hand, and the tests named in
``tests/slow-tests.txt``) and ``gui``. A test is named in the list when it was measured over ``--over``
seconds (default 0.4: setup, call and teardown together) in a run of ``tests/unit`` and ``tests/hostile``,
and a whole module is listed (a line with its path alone) when, in the core loop run with that list, one of
its tests took over ``--fixture-over`` seconds (default 2: it paid a module fixture that a listed test paid
before; repeated until none does). The list is rewritten by ``--update``, so it follows the suite as it
grows; a listed test that no longer exists fails ``tests/unit/test_slow_list.py``.

    .venv/bin/python tests/benchmarks/core_loop_bench.py            # time the core loop (prints JSON)
    .venv/bin/python tests/benchmarks/core_loop_bench.py --update   # measure, rewrite the list, time again

Run on an otherwise idle machine (``load_average`` is in the figures). Every run's bytecode is cached
(``PYTHONDONTWRITEBYTECODE`` is dropped for the runs, as ``.ci/run`` does).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIST = ROOT / "tests" / "slow-tests.txt"
BUDGET_S = 60.0
CORE = ("-m", "not slow and not gui")
HEADER = """\
# Tests marked `slow` because they were measured slow (tests/benchmarks/core_loop_bench.py --update rewrites
# this list): each took over {over} s (setup, call and teardown) on {machine}. They leave the core loop,
# `pytest -m "not slow and not gui"`; the README's test command runs them with everything else.
# One test function per line (all its parameters), as pytest names it, or a module's path alone (every test in
# it: their module fixture is slow); tests/unit/test_slow_list.py checks that each one still exists.
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_pytest(args: list[str], junit: Path) -> dict[str, float]:
    """Run pytest in a child process; its wall time and CPU time (user + system of it and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}", *args],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 5):  # 5: nothing collected
        sys.stderr.write(proc.stdout[-4000:])
        raise SystemExit(f"pytest {' '.join(args)} failed with exit {proc.returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1)}


def durations(junit: Path) -> dict[str, float]:
    """Per test function (node id without parameters): the longest time one of its cases took."""
    out: dict[str, float] = {}
    for case in ET.parse(junit).iter("testcase"):
        if case.find("skipped") is not None:
            continue
        node = _node_id(case.get("classname", ""), re.sub(r"\[.*$", "", case.get("name", "")))
        out[node] = max(out.get(node, 0.0), float(case.get("time", "0")))
    return out


def _node_id(classname: str, name: str) -> str:
    """``tests.unit.x.test_y`` + ``test_z`` (+ a class part, if any) -> ``tests/unit/x/test_y.py::test_z``."""
    parts = classname.split(".")
    for cut in range(len(parts), 0, -1):
        path = Path(*parts[:cut]).with_suffix(".py")
        if (ROOT / path).is_file():
            return "::".join([path.as_posix(), *parts[cut:], name])
    return f"{classname}::{name}"


def tests_count(junit: Path) -> int:
    return sum(1 for case in ET.parse(junit).iter("testcase") if case.find("skipped") is None)


def write_list(names: set[str], over: float) -> None:
    machine = f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}"
    LIST.write_text(HEADER.format(over=over, machine=machine) + "".join(f"{n}\n" for n in sorted(names)), "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="measure the tests and rewrite tests/slow-tests.txt")
    parser.add_argument("--over", type=float, default=0.4, help="seconds over which a test is listed (default 0.4)")
    parser.add_argument(
        "--fixture-over",
        type=float,
        default=2.0,
        help="a module whose first test in the core loop takes longer than this is listed whole (default 2)",
    )
    args = parser.parse_args(argv)
    figures: dict[str, object] = {"name": "tests.core_loop", "unit": "s", "budget": BUDGET_S}
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        if args.update:
            # every test of these folders, whatever the list says now (the GUI ones never join the core loop)
            figures["measured_run"] = run_pytest(["tests/unit", "tests/hostile", "-m", "not gui"], junit)
            slow = {n for n, t in durations(junit).items() if t > args.over}
            write_list(slow, args.over)
            # the core loop with that list: where a test now pays a module fixture that a listed test paid before
            # (over --fixture-over seconds), the whole module is listed; until none does (or after a few rounds)
            for _ in range(4):
                run_pytest(list(CORE), junit)
                later = {n.split("::", 1)[0] for n, t in durations(junit).items() if t > args.fixture_over}
                if not later - slow:
                    break
                slow = {n for n in slow if n.split("::", 1)[0] not in later} | later
                write_list(slow, args.over)
            figures["listed"] = len(slow)
        core = run_pytest(list(CORE), junit)
        figures.update(core, tests=tests_count(junit), within_budget=core["wall_s"] < BUDGET_S)
    figures["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
