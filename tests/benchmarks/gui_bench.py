"""Workbench budgets: smoke start on 1,000 cases, opening a big case, answer-to-repaint.

Run from the repository root::

    .venv/bin/python tests/benchmarks/gui_bench.py [--cases N] [--out FILE]
    .venv/bin/python tests/benchmarks/gui_bench.py --only frozen --frozen dist/cityeval-desktop   # the installer's app

Prints one JSON object on stdout. Runs offscreen. Not part of the pytest run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
for p in (str(ROOT), str(Path(__file__).resolve().parent)):
    if p not in sys.path:
        sys.path.insert(0, p)

import workload  # noqa: E402

from cityeval_desktop.domain.loader import load_bytes  # noqa: E402
from cityeval_desktop.services import cases as case_service  # noqa: E402
from cityeval_desktop.services import frameworks as fw_registry  # noqa: E402
from cityeval_desktop.services.answers import parse_document  # noqa: E402
from cityeval_desktop.services.context import open_context  # noqa: E402

SMOKE_RATIO_BUDGET = 2.0
OPEN_BUDGET_MS = 200.0
REPAINT_BUDGET_MS = 16.0
FROZEN_RATIO_BUDGET = 1.5  # issue 14: the frozen app's first paint within 1.5x of the source install's

BARE_WINDOW = r"""
import sys
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
class M(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 1000
    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 11
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return f"{index.row()}-{index.column()}" if role == Qt.ItemDataRole.DisplayRole else None
w = QMainWindow()
t = QTableView()
m = M()
t.setModel(m)
w.setCentralWidget(t)
w.resize(1360, 860)
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            print("first paint", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
f = F()
w.installEventFilter(f)
w.show()
app.exec()
"""


def log(msg: str) -> None:
    print(f"[gui-bench] {msg}", file=sys.stderr, flush=True)


def stats(samples: list[float]) -> dict[str, Any]:
    s = sorted(samples)
    return {"median": round(statistics.median(s), 4), "min": round(s[0], 4), "max": round(s[-1], 4), "count": len(s)}


def timed_run(cmd: list[str], env: dict[str, str], marker: str) -> tuple[float, float]:
    """Run ``cmd``; seconds until it printed a line starting with ``marker``, and until it exited."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    first = None
    for line in proc.stdout:
        if first is None and line.startswith(marker):
            first = time.perf_counter() - start
    proc.wait(timeout=300)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0 or first is None:
        raise RuntimeError(f"{cmd} failed ({proc.returncode}): {proc.stderr.read() if proc.stderr else ''}")
    return first, elapsed


def build_case_db(folder: Path, cases: int) -> Path:
    ctx = open_context(folder / "bench.sqlite3", folder, actor="bench")
    rng = random.Random(7)
    frameworks = (
        [fw_registry.resolve(ctx, f) for f in workload.FRAMEWORK_IDS]
        if hasattr(workload, "FRAMEWORK_IDS")
        else [
            fw_registry.resolve(ctx, f)
            for f in ("planning-consulting", "construction-implementation", "operations-maintenance")
        ]
    )
    for n in range(cases):
        fw = frameworks[n % 3]
        tier = ("regional", "city", "enterprise")[n % 3]
        s = case_service.new_case(
            ctx, framework=fw.key, tier=tier, mode="third-party", entity_name=f"基准主体{n}", uscc=workload.uscc(rng)
        )
        doc = workload.answers_document(fw, tier, rng)
        batch = parse_document(doc, fw, tier, source="bench", base_dir=None, evidence_limit=ctx.evidence.limit)
        case_service.apply_batch(ctx, s.ref, batch)
    ctx.close()
    return folder / "bench.sqlite3"


def bench_smoke(folder: Path, db: Path, runs: int) -> dict[str, Any]:
    """Start to first paint (the window with the case list), and start to exit, against a bare window.

    The budget compares first paints: the bare window prints a line when it first paints, the
    workbench's ``--smoke`` prints ``smoke: first paint`` when its window, with the 1,000 cases
    listed, first paints. The smoke run then opens the full context (SQLAlchemy, services, the other
    pages) and exits; that whole run is printed too.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYEVAL_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    smoke_cmd = [sys.executable, "-m", "cityeval_desktop.ui.app", "--smoke", "--db", str(db), "--data-dir", str(folder)]
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    timed_run(smoke_cmd, env, "smoke: first paint")  # warm the file cache once
    timed_run(bare_cmd, env, "first paint")
    smoke = [timed_run(smoke_cmd, env, "smoke: first paint") for _ in range(runs)]
    bare = [timed_run(bare_cmd, env, "first paint") for _ in range(runs)]
    smoke_paint, smoke_exit = [s[0] for s in smoke], [s[1] for s in smoke]
    bare_paint = [b[0] for b in bare]
    ratio = statistics.median(smoke_paint) / statistics.median(bare_paint)
    return {
        "name": "smoke_start_1000_cases_vs_bare_table_window",
        "smoke_first_paint_s": stats(smoke_paint),
        "smoke_whole_run_s": stats(smoke_exit),
        "bare_first_paint_s": stats(bare_paint),
        "ratio": round(ratio, 3),
        "whole_run_ratio": round(statistics.median(smoke_exit) / statistics.median(bare_paint), 3),
        "budget_ratio": SMOKE_RATIO_BUDGET,
        "within_budget": ratio < SMOKE_RATIO_BUDGET,
    }


def bench_workspace(folder: Path, evidence_files: int, runs: int) -> list[dict[str, Any]]:
    from PySide6.QtWidgets import QApplication

    from cityeval_desktop.ui import app as app_module
    from cityeval_desktop.ui.main_window import MainWindow

    data = folder / "ws"
    data.mkdir()
    raw = workload.synthetic_framework_yaml()
    (data / "frameworks").mkdir()
    (data / "frameworks" / "bench.yaml").write_bytes(raw)
    fw = load_bytes(raw, "bench.yaml")
    ctx = open_context(data / "ws.sqlite3", data, actor="bench")
    rng = random.Random(11)
    s = case_service.new_case(
        ctx, framework=fw.key, tier="city", mode="third-party", entity_name="大案例主体", uscc=workload.uscc(rng)
    )
    doc = workload.answers_document(fw, "city", rng)
    files_dir = folder / "files"
    files_dir.mkdir()
    ids = [i.id for i in fw.indicators()]
    for n in range(evidence_files):
        f = files_dir / f"scan-{n:03d}.pdf"
        f.write_bytes(b"%PDF-1.4 " + os.urandom(2048))
        doc["answers"][ids[n % len(ids)]].setdefault("evidence", []).append(str(f))
    batch = parse_document(doc, fw, "city", source="bench", base_dir=None, evidence_limit=ctx.evidence.limit)
    case_service.apply_batch(ctx, s.ref, batch)
    assert len(case_service.load_case(ctx, s.ref).evidence) == evidence_files

    app = QApplication.instance() or QApplication([])
    app_module.register_fonts(app)
    window = MainWindow(ctx, "zh")
    window.resize(1440, 900)
    window.show()
    app.processEvents()
    opens = []
    for _ in range(runs):
        window.show_cases()
        app.processEvents()
        start = time.perf_counter()
        window.open_case(s.ref)
        window.repaint()
        opens.append((time.perf_counter() - start) * 1000)
    ws = window.workspace
    scale_ind = next(i for i in fw.indicators() if i.method.type == "scale")
    ws.tree.select_indicator(scale_ind.id)
    app.processEvents()
    total, service, ui = [], [], []
    levels = len(scale_ind.method.levels)  # type: ignore[attr-defined]
    for n in range(30):
        level = n % levels
        t0 = time.perf_counter()
        detail = case_service.set_answer(ctx, ws.ref, scale_ind.id, value=level)
        t1 = time.perf_counter()
        ws._apply(detail)
        ws.panel.repaint()
        t2 = time.perf_counter()
        service.append((t1 - t0) * 1000)
        ui.append((t2 - t1) * 1000)
        total.append((t2 - t0) * 1000)
    window.close()
    ctx.close()
    median_open = statistics.median(opens)
    median_total = statistics.median(total)
    return [
        {
            "name": "open_workspace_60_indicators_300_evidence",
            "ms": stats(opens),
            "budget_ms": OPEN_BUDGET_MS,
            "within_budget": median_open < OPEN_BUDGET_MS,
        },
        {
            "name": "answer_change_to_repainted_score_panel",
            "ms": stats(total),
            "service_ms": stats(service),
            "ui_ms": stats(ui),
            "budget_ms": REPAINT_BUDGET_MS,
            "within_budget": median_total < REPAINT_BUDGET_MS,
        },
    ]


def bench_frozen(folder: Path, db: Path, runs: int, app: Path) -> dict[str, Any]:
    """The frozen one-folder app's ``--smoke`` against the source install's, start to first paint.

    Both read the same 1,000-case database; the runs alternate (source, frozen, source, ...) after one
    untimed run each, so a change in the machine's load reaches both alike. ``HOME`` and the ``XDG_*``
    folders point into the temporary folder (the frozen app keeps its settings there too).
    """
    exe = app / "cityeval-desktop"
    if not exe.is_file():
        raise SystemExit(f"no frozen app at {exe}: build it with installer/build-linux.sh")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYEVAL_")}
    home = folder / "home"
    home.mkdir(exist_ok=True)
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    args = ["--smoke", "--db", str(db), "--data-dir", str(folder)]
    source_cmd = [sys.executable, "-m", "cityeval_desktop.ui.app", *args]
    frozen_cmd = [str(exe), *args]
    timed_run(source_cmd, env, "smoke: first paint")  # the file cache and the bytecode cache, once each
    timed_run(frozen_cmd, env, "smoke: first paint")
    source: list[tuple[float, float]] = []
    frozen: list[tuple[float, float]] = []
    for _ in range(runs):
        source.append(timed_run(source_cmd, env, "smoke: first paint"))
        frozen.append(timed_run(frozen_cmd, env, "smoke: first paint"))
    ratio = statistics.median(f[0] for f in frozen) / statistics.median(s[0] for s in source)
    return {
        "name": "frozen_first_paint_1000_cases_vs_source_install",
        "frozen_app": str(app),
        "frozen_first_paint_s": stats([f[0] for f in frozen]),
        "source_first_paint_s": stats([s[0] for s in source]),
        "frozen_whole_run_s": stats([f[1] for f in frozen]),
        "source_whole_run_s": stats([s[1] for s in source]),
        "ratio": round(ratio, 3),
        "budget_ratio": FROZEN_RATIO_BUDGET,
        "within_budget": ratio < FROZEN_RATIO_BUDGET,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--evidence", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--frozen", type=Path, metavar="DIR", help="also time the frozen app in DIR (dist/cityeval-desktop)"
    )
    parser.add_argument(
        "--only", action="append", choices=("smoke", "workspace", "frozen"), help="run only these (repeatable)"
    )
    args = parser.parse_args()
    only = set(args.only or ["smoke", "workspace", "frozen"])
    if "frozen" in only and args.frozen is None and args.only:
        parser.error("--only frozen needs --frozen DIR")
    with tempfile.TemporaryDirectory(prefix="cityeval-guibench-") as tmp:
        folder = Path(tmp)
        log(f"building a {args.cases}-case database")
        db = build_case_db(folder, args.cases)
        results = []
        if "smoke" in only:
            log("smoke start vs bare window")
            results.append(bench_smoke(folder, db, args.runs))
        if "frozen" in only and args.frozen is not None:
            log(f"frozen app {args.frozen} vs the source install")
            results.append(bench_frozen(folder, db, args.runs, args.frozen.resolve()))
        if "workspace" in only:
            log("workspace")
            results.extend(bench_workspace(folder, args.evidence, args.runs))
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "benchmarks": results,
    }
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
