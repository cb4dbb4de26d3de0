"""The Database page: a check that finds repairable problems offers Repair, which puts only those right.

Driven with real clicks and key presses (Ctrl+4 to the page, mouse on Check now and Repair); what is
checked afterwards is what is stored: the stray file gone, the list figure recomputed, the changed
evidence file still listed for a backup to put right.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services import maintenance
from cityeval_desktop.ui.main_window import MainWindow

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def window(qtbot: Any, ctx: Any) -> MainWindow:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def _press_ctrl_4(qtbot: Any, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    target = QApplication.focusWidget() or window.nav  # type: ignore[attr-defined]
    QTest.keyClick(target, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)


def _click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2, widget.height() // 2))


def _wait(qtbot: Any, page: Any) -> None:
    qtbot.waitUntil(lambda: page.operation is not None and page.operation.done, timeout=60000)


def _damage(ctx: Any, tmp_path: Path) -> dict[str, Any]:
    """A stale list figure, an old stray file and a changed evidence file (the last needs a backup)."""
    ref = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="维修主体", uscc="91350100M000100Y43"
    ).ref
    case_service.set_answer(ctx, ref, "S", value=3)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    case_service.add_evidence(ctx, ref, "S", [scan])
    total = case_service.list_cases(ctx)[0].total
    with sqlite3.connect(ctx.data_dir / "cases.sqlite3") as con:
        assert con.execute("UPDATE cases SET total = '99.00'").rowcount == 1
    stored = next(p for p in (ctx.data_dir / "evidence").rglob("*") if p.is_file())
    stored.write_bytes(b"altered")
    stray = ctx.data_dir / "evidence" / ".incoming-killed-attach"
    stray.write_bytes(b"x" * 4096)
    old = time.time() - maintenance.ORPHAN_GRACE_SECONDS - 60
    os.utime(stray, (old, old))
    return {"ref": ref, "total": total, "stray": stray, "stored": stored}


def test_repair_removes_the_stray_file_and_recomputes_the_list_figure_only(
    window: MainWindow, ctx: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = _damage(ctx, tmp_path)
    assert case_service.list_cases(ctx)[0].total != damaged["total"]  # the list shows the tampered 99.00
    _press_ctrl_4(qtbot, window)
    page = window.database_page
    assert window.stack.currentWidget() is page and page.repair_button.isHidden()
    _click(page.check_button)
    _wait(qtbot, page)
    items = [page.problem_list.item(i).text() for i in range(page.problem_list.count())]
    assert f"Evidence file changed since it was attached: {damaged['stored'].name}" in items
    assert "Partial copy left by an interrupted attach: evidence/.incoming-killed-attach (repairable)" in items
    assert any("differ from the result (repairable)" in i for i in items)
    assert page.repair_button.isVisible()

    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, *a: object, **k: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    _click(page.repair_button)
    assert asked and "Remove 1 stray file from" in asked[0] and "of 1 revision?" in asked[0]
    qtbot.waitUntil(lambda: getattr(page, "last_repair", None) is not None, timeout=60000)
    _wait(qtbot, page)  # the check that runs after the repair

    assert not damaged["stray"].exists()
    assert case_service.list_cases(ctx)[0].total == damaged["total"]
    assert damaged["stored"].read_bytes() == b"altered"  # not for a repair to touch
    items = [page.problem_list.item(i).text() for i in range(page.problem_list.count())]
    assert items == [f"Evidence file changed since it was attached: {damaged['stored'].name}"]
    assert page.repair_button.isHidden()
    assert page.repair_label.text().startswith("Repaired: 1 stray file removed (4 KB freed)")


def test_repair_asks_first_and_a_no_changes_nothing(
    window: MainWindow, ctx: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = _damage(ctx, tmp_path)
    _press_ctrl_4(qtbot, window)
    page = window.database_page
    _click(page.check_button)
    _wait(qtbot, page)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    _click(page.repair_button)
    assert damaged["stray"].exists()
    assert case_service.list_cases(ctx)[0].total != damaged["total"]
