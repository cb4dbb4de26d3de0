"""Benchmark of the regional view page (issue 13 §2.2) on 10,000 finalized cases over 300 regions: the
world of ``region_bench.py`` (three template cases made through the services, bulk-inserted copies).

Timed, each over ``--runs`` runs after one untimed warm-up, judged on the median wall time:

- ``gui.region_page.open``: from creating ``RegionPage`` (shown at 1366×768, offscreen) until it is
  interactive: the summary read on the background worker and the rows shown (budget < 1 s; the page
  reads the day it is opened; the world's results are valid until the end of 2026, 2027 or 2028);
- ``gui.region_page.category_filter``: choosing another category in the combo box until the new rows are
  shown (the figures read for every category are narrowed in memory; budget < 100 ms);
- ``gui.region_page.filter_change``: choosing another tier until the new rows are shown (the service is
  asked again; budget < 1 s);
- ``gui.region_page.search_keystroke``: one key typed in the search box (in-memory filter of the
  10,000 rows; budget < 100 ms);
- ``gui.region_page.region_filter``: a region code typed in the region box (in-memory; budget < 100 ms);
- ``gui.region_page.sort``: a click on the "Total" header (the model sorts its rows; no budget).

SQLite in a temporary folder; PostgreSQL too when ``CITYEVAL_TEST_POSTGRES_URL`` is set (``.ci/postgres.sh``):
a fresh database is made on that server and dropped afterwards. Prints one JSON object per database.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/region_view_bench.py \
        [--cases 10000] [--regions 300] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.benchmarks.region_bench import build

BUDGETS_MS = {
    "open": 1000.0,
    "category_filter": 100.0,
    "filter_change": 1000.0,
    "search_keystroke": 100.0,
    "region_filter": 100.0,
}


def _wait(page: object, limit_s: float = 60.0) -> None:
    """Process events until the page has its rows (the background read is done and shown)."""
    end = time.perf_counter() + limit_s
    while page.loading:  # type: ignore[attr-defined]
        QCoreApplication.processEvents()
        time.sleep(0.001)
        if time.perf_counter() > end:
            raise SystemExit("the regional view did not finish reading")


CPU: dict[str, list[float]] = {}


def _timed(runs: int, prepare: Callable[[int], None], action: Callable[[int], None], key: str = "") -> list[float]:
    """Wall times (ms) of ``action`` after ``prepare``, the first run a warm-up; the process's CPU time
    (all threads: the GUI and the background worker) goes to ``CPU[key]``."""
    times, cpu = [], []
    for run in range(runs + 1):
        prepare(run)
        t0, c0 = time.perf_counter(), time.process_time()
        action(run)
        elapsed, used = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
        if run:  # the first run warms up
            times.append(elapsed)
            cpu.append(used)
    CPU[key] = cpu
    return times


def measure(url: str, folder: Path, runs: int) -> dict[str, list[float]]:
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language, register_fonts
    from cityeval_desktop.ui.pages.region_page import RegionPage

    app = QApplication.instance() or QApplication([])
    register_fonts(app)
    i18n.set_lang("zh")
    install_language(app, "zh")
    ctx = open_context(url, folder, actor="bench")
    results: dict[str, list[float]] = {}
    pages: list[RegionPage] = []

    def open_page(_run: int) -> None:
        page = RegionPage(ctx)
        page.resize(1366, 768)
        page.show()
        _wait(page)
        if page.model.rowCount() == 0:
            raise SystemExit("no rows shown")
        pages.append(page)

    def close_pages(_run: int) -> None:
        while pages:
            pages.pop().deleteLater()
        QCoreApplication.processEvents()

    results["open"] = _timed(runs, close_pages, open_page, "open")
    page = pages[-1]
    rows = page.model.rowCount()

    def change_category(run: int) -> None:
        page.category_filter.setCurrentIndex(1 + run % 3)  # narrows the figures read: no query
        _wait(page)

    results["category_filter"] = _timed(runs, lambda _r: None, change_category, "category_filter")
    page.category_filter.setCurrentIndex(0)
    _wait(page)

    def change_tier(run: int) -> None:
        page.tier_filter.setCurrentIndex(1 + run % 3)
        page.reload()  # at once: the page waits REQUERY_DELAY_MS after a change for more of them
        _wait(page)

    results["filter_change"] = _timed(runs, lambda _r: None, change_tier, "filter_change")
    page.tier_filter.setCurrentIndex(0)
    page.reload()
    _wait(page)

    def clear_search(_run: int) -> None:
        page.search.clear()
        QCoreApplication.processEvents()

    results["search_keystroke"] = _timed(
        runs, clear_search, lambda _r: QTest.keyClick(page.search, Qt.Key.Key_9), "search_keystroke"
    )
    page.search.clear()
    line = page.region_box.lineEdit()

    def clear_region(_run: int) -> None:
        page.show_all_regions()
        QCoreApplication.processEvents()

    def type_region(run: int) -> None:
        line.setText(f"35{run % 3 + 1:02d}00")

    results["region_filter"] = _timed(runs, clear_region, type_region, "region_filter")
    shown = page.proxy.rowCount()
    page.show_all_regions()
    header = page.table.horizontalHeader()

    def click_total(_run: int) -> None:
        x = header.sectionViewportPosition(page.model.COL_TOTAL) + header.sectionSize(page.model.COL_TOTAL) // 2
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))

    results["sort"] = _timed(runs, lambda _r: None, click_total, "sort")
    results["_rows"] = [float(rows), float(shown)]
    close_pages(0)
    ctx.close()
    return results


def _fresh_postgres(url: str) -> tuple[str, Callable[[], None]]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    base = make_url(url)
    admin = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    name = f"cityeval_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


def _peak_rss_mib() -> float | None:
    """VmHWM of this process in MiB (None where /proc does not tell it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            hwm = [line.split()[1] for line in fh if line.startswith("VmHWM:")]
    except OSError:
        return None
    return round(int(hwm[0]) / 1024, 1) if hwm else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args(argv)
    targets: list[tuple[str, str | None]] = [("sqlite", None)]
    server = os.environ.get("CITYEVAL_TEST_POSTGRES_URL", "").strip()
    if server:
        targets.append(("postgresql", server))
    for database, server_url in targets:
        with tempfile.TemporaryDirectory() as tmp:
            drop: Callable[[], None] | None = None
            url = None
            if server_url:
                url, drop = _fresh_postgres(server_url)
            try:
                started = time.perf_counter()
                db = build(Path(tmp), args.cases, args.regions, random.Random(args.seed), url)
                built = time.perf_counter() - started
                found = measure(db, Path(tmp), args.runs)
            finally:
                if drop is not None:
                    drop()
        rows, shown = found.pop("_rows")
        report: dict[str, object] = {
            "name": "gui.region_page",
            "unit": "ms",
            "database": database,
            "cases": args.cases,
            "regions": args.regions,
            "rows": int(rows),
            "rows_after_region_filter": int(shown),
            "build_s": round(built, 2),
            # the peak resident memory of this process (VmHWM), the world's build included (made in the same
            # process, before the page): an upper bound of the page's (budget < 500 MB)
            "peak_rss_mib": _peak_rss_mib(),
            "rss_budget_mib": 500.0,
            "load_average": list(os.getloadavg()),
        }
        for key, times in found.items():
            median = statistics.median(times)
            cpu = CPU.get(key) or [0.0]
            entry: dict[str, object] = {
                "median": round(median, 1),
                "min": round(min(times), 1),
                "max": round(max(times), 1),
                # CPU time of the process: on a busy machine the wall figure is inflated, this is not
                "cpu_median": round(statistics.median(cpu), 1),
            }
            if key in BUDGETS_MS:
                entry |= {"budget": BUDGETS_MS[key], "within_budget": median < BUDGETS_MS[key]}
            report[key] = entry
        print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
