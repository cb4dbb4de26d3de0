"""A second workbench on the same database (issue 8, item 22): warned by the lock file, it opens read-only
or quits; read-only really writes nothing. ``ui.app.main`` runs in this process; the first workbench is
another process holding the lock. Keys go to the prompt and the window as a user presses them."""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import instance_lock
from cityeval_desktop.services.context import AppContext, open_context
from cityeval_desktop.store import audit
from cityeval_desktop.ui import app as app_module
from cityeval_desktop.ui.main_window import MainWindow

USCC = "91350100M000100Y43"
CTRL = Qt.KeyboardModifier.ControlModifier
HOLD_LOCK = """
import sys, time
from cityeval_desktop.services import instance_lock
lock = instance_lock.acquire(sys.argv[1], sys.argv[2])
print("locked" if lock else "no lock", flush=True)
time.sleep(120)
"""


@pytest.fixture
def run_main(monkeypatch) -> Iterator[Callable[[list[str]], int]]:
    """``ui.app.main`` in this process, undoing what it sets up for a real start."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own
    names = (QCoreApplication.organizationName(), QCoreApplication.applicationName())
    handlers = list(logging.getLogger().handlers)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: [w.close() for w in QApplication.topLevelWidgets()])
    yield lambda argv: (guard.start(30_000), app_module.main(argv))[1]  # never hang the suite
    guard.stop()
    for handler in logging.getLogger().handlers:
        if handler not in handlers:  # the log file handler of setup_logging
            logging.getLogger().removeHandler(handler)
            handler.close()
    QCoreApplication.setOrganizationName(names[0])
    QCoreApplication.setApplicationName(names[1])


@pytest.fixture
def db(data_dir: Path) -> Path:
    """A database with one draft case, closed (as the first workbench left it on disk)."""
    path = data_dir / "cases.sqlite3"
    ctx = open_context(path, data_dir, actor="张三")
    case_service.new_case(
        ctx,
        framework="planning-consulting",
        tier="city",
        mode="third-party",
        entity_name="福州数字规划研究院有限公司",
        uscc=USCC,
        assessor="张三",
    )
    ctx.close()
    return path


@pytest.fixture
def first_workbench(db: Path, data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the database's lock, as a running workbench does."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db), str(data_dir)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    yield proc
    proc.kill()
    proc.wait()
    proc.stdout.close()


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@contextmanager
def looking(db: Path, data_dir: Path) -> Iterator[AppContext]:
    """A read-only look at the database (writes nothing itself)."""
    ctx = open_context(db, data_dir, read_only=True)
    try:
        yield ctx
    finally:
        ctx.close()


def audit_rows(db: Path, data_dir: Path) -> int:
    with looking(db, data_dir) as ctx, ctx.reading() as s:
        return audit.count(s)


def answer_prompt(then: Callable[[QMessageBox], None], seen: dict[str, str]) -> QTimer:
    """Wait for the second-instance prompt (it runs its own event loop), note its text, then act on it."""
    timer = QTimer()

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "second_instance_prompt" and box.isVisible():
            timer.stop()
            seen["text"] = f"{box.text()}\n{box.informativeText()}"
            seen["buttons"] = "|".join(b.text() for b in box.buttons())
            then(box)

    timer.timeout.connect(poll)
    timer.start(20)
    return timer


def args(db: Path, data_dir: Path, *extra: str) -> list[str]:
    return ["--db", str(db), "--data-dir", str(data_dir), "--lang", "en", *extra]


def test_quit_leaves_everything_as_it_was(qtbot, db, data_dir, first_workbench, run_main, monkeypatch) -> None:
    built: list[MainWindow] = []
    monkeypatch.setattr(MainWindow, "attach", lambda self, _ctx: built.append(self))
    lock_file = instance_lock.lock_path(db, data_dir)
    lock_before, db_before, rows = lock_file.read_bytes(), fingerprint(db), audit_rows(db, data_dir)
    seen: dict[str, str] = {}
    timer = answer_prompt(lambda box: QTest.keyClick(box, Qt.Key.Key_Escape), seen)
    code = run_main(args(db, data_dir))
    timer.stop()
    assert code == 0
    assert "This database is already open in another workbench." in seen["text"]
    assert f"(process {first_workbench.pid})" in seen["text"]
    assert instance_lock.host_name() in seen["text"]
    assert str(lock_file) in seen["text"]  # what to delete if that workbench is gone
    assert seen["buttons"] == "Open read-only|Quit"
    assert built == []  # no window got a database
    assert lock_file.read_bytes() == lock_before  # the first workbench's lock is untouched
    assert fingerprint(db) == db_before and audit_rows(db, data_dir) == rows


def test_read_only_opens_every_case_read_only_and_writes_nothing(
    qtbot, db, data_dir, first_workbench, run_main, monkeypatch
) -> None:
    asked: list[object] = []  # a confirmation is answered Yes, so a writable window would delete
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **_k: (asked.append(a), QMessageBox.StandardButton.Yes)[1])
    lock_file = instance_lock.lock_path(db, data_dir)
    lock_before, db_before, rows = lock_file.read_bytes(), fingerprint(db), audit_rows(db, data_dir)
    with looking(db, data_dir) as ctx:
        (summary,) = case_service.list_cases(ctx)
    report: dict[str, object] = {}
    real_attach = MainWindow.attach

    def attach(self: MainWindow, ctx) -> None:
        real_attach(self, ctx)
        QTimer.singleShot(0, lambda: scenario(self))

    def scenario(w: MainWindow) -> None:
        try:
            w.activateWindow()
            report["title"] = w.windowTitle()
            report["status"] = w.db_label.text()
            QTest.keyClick(w, Qt.Key.Key_N, CTRL)  # new case: nothing opens
            QApplication.processEvents()
            report["dialog"] = QApplication.activeModalWidget()
            if report["dialog"] is not None:  # (a writable window opens it: close it, go on to the rest)
                QTest.keyClick(report["dialog"], Qt.Key.Key_Escape)
                w.activateWindow()
                QApplication.processEvents()
            report["buttons"] = (w.cases_page.new_button.isEnabled(), w.cases_page.delete_button.isEnabled())
            table = w.cases_page.table
            table.setFocus()
            QTest.keyClick(table, Qt.Key.Key_Home)
            table.selectRow(0)
            report["delete_after_select"] = w.cases_page.delete_button.isEnabled()
            QTest.keyClick(table, Qt.Key.Key_Delete)  # delete draft: nothing happens
            table.selectRow(0)
            QTest.keyClick(table, Qt.Key.Key_Return)  # open it
            ws = w.workspace
            report["opened"] = ws.ref
            report["ws_status"] = ws.status_label.text()
            report["finalize_visible"] = ws.finalize_button.isVisible()
            report["amend_visible"] = ws.amend_button.isVisible()
            editor = ws.editor
            editor.number_edit.setFocus()
            QTest.keyClicks(editor.number_edit, "7")
            QTest.keyClick(editor.number_edit, Qt.Key.Key_Return)
            QTest.keyClick(w, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)  # finalize: nothing
            QApplication.processEvents()
            report["dialog_after_finalize"] = QApplication.activeModalWidget()
        finally:
            w.close()

    monkeypatch.setattr(MainWindow, "attach", attach)
    seen: dict[str, str] = {}
    timer = answer_prompt(lambda box: QTest.keyClick(box, Qt.Key.Key_Return), seen)  # the default: read-only
    code = run_main(args(db, data_dir))
    timer.stop()
    assert code == 0
    assert "This database is already open in another workbench." in seen["text"]
    assert report["title"].endswith(" — read-only (another workbench is using the database)")
    assert report["status"].endswith(" (read-only)")
    assert report["dialog"] is None and report["dialog_after_finalize"] is None
    assert asked == []
    assert report["buttons"] == (False, False) and report["delete_after_select"] is False
    assert report["opened"] == summary.ref
    assert report["ws_status"] == "Draft — read-only: another workbench is using the database"
    assert report["finalize_visible"] is False and report["amend_visible"] is False
    # nothing was written: same bytes, same time stamp, no audit row, no answer
    assert fingerprint(db) == db_before
    assert audit_rows(db, data_dir) == rows
    with looking(db, data_dir) as ctx:
        assert case_service.load_case(ctx, summary.ref).answers == {}
        assert len(case_service.list_cases(ctx)) == 1
    assert lock_file.read_bytes() == lock_before


def test_smoke_mode_does_not_ask_and_looks_read_only(
    qtbot, db, data_dir, first_workbench, run_main, monkeypatch, capsys
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: pytest.fail("--smoke must not ask"))
    db_before = fingerprint(db)
    code = run_main(args(db, data_dir, "--smoke"))
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("smoke: the database is in use by another workbench (") and lines[0].endswith(
        "); read-only"
    )
    assert lines[1:] == ["smoke: first paint", f"smoke ok: 1 case(s) listed from sqlite:///{db.resolve()}"]
    assert fingerprint(db) == db_before


def test_a_stale_lock_is_taken_over_without_asking_and_released_at_the_end(
    qtbot, db, data_dir, run_main, monkeypatch
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: pytest.fail("a stale lock must not ask"))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    lock_file = instance_lock.lock_path(db, data_dir)
    stale = instance_lock.LockHolder(
        gone.pid, instance_lock.host_name(), "", datetime(2026, 1, 5, 9, tzinfo=UTC), "0123", lock_file
    )
    lock_file.write_text(instance_lock.lock_text(stale), "utf-8")
    during: dict[str, object] = {}
    real_attach = MainWindow.attach

    def attach(self: MainWindow, ctx) -> None:
        real_attach(self, ctx)
        holder = instance_lock.read_holder(lock_file)
        during["pid"], during["read_only"] = holder.pid if holder else None, self.read_only
        QTimer.singleShot(0, self.close)

    monkeypatch.setattr(MainWindow, "attach", attach)
    assert run_main(args(db, data_dir)) == 0
    assert during == {"pid": os.getpid(), "read_only": False}
    assert not lock_file.exists()


def test_a_server_database_is_never_locked(data_dir) -> None:
    assert instance_lock.lock_path("postgresql://cityeval@agency-db/cityeval", data_dir) is None
