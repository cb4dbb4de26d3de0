"""An unfinished case shows a provisional running figure, never a grade, in the workspace and the case list."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.pages.case_table_model import CaseTableModel

FIXTURES = Path(__file__).parents[1] / "fixtures"
FULL = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14}


@pytest.fixture
def window(qtbot, ctx):
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def _row(window, entity: str) -> dict[int, str]:
    page = window.cases_page
    page.reload()
    for r in range(page.proxy.rowCount()):
        if page.proxy.index(r, CaseTableModel.COL_ENTITY).data() == entity:
            return {c: page.proxy.index(r, c).data() for c in range(page.proxy.columnCount())}
    raise AssertionError(entity)


def _no_grade(text: str) -> None:
    for word in ("★", "☆", "Failing", "Excellent", "·C", "·AAA"):
        assert word not in text, text


def test_unfinished_case_is_provisional_until_the_last_answer_and_veto(window, ctx, qtbot) -> None:
    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="self", entity_name="甲公司", uscc="91350100M000100Y43"
    )
    assert window.open_case(summary.ref)
    panel = window.workspace.panel
    assert panel.grade_label.text() == "Not rated yet · 0 of 8 answered"
    _no_grade(panel.grade_label.text())
    row = _row(window, "甲公司")
    assert row[CaseTableModel.COL_GRADE] == "Not rated yet" and row[CaseTableModel.COL_TOTAL] == "0.00"
    assert row[CaseTableModel.COL_COMPLETE] == "0%"

    for ind, value in FULL.items():
        case_service.set_answer(ctx, summary.ref, ind, value=value)
    case_service.set_veto(ctx, summary.ref, "V1", False)
    assert window.open_case(summary.ref)
    ws = window.workspace
    # the last indicator, typed with the keyboard: X (deduction), 0 occurrences, Enter
    ws.tree.select_indicator("X")
    QTest.mouseClick(ws.editor.number_edit, Qt.MouseButton.LeftButton)
    QTest.keyClicks(ws.editor.number_edit, "0")
    QTest.keyClick(ws.editor.number_edit, Qt.Key.Key_Return)
    assert case_service.load_case(ctx, summary.ref).raw_values["X"] == 0
    # every indicator answered, V2 still open: provisional, with the open veto said
    assert panel.grade_label.text() == "Not rated yet · 8 of 8 answered"
    assert "1 veto item not decided" in panel.note_label.text()
    assert _row(window, "甲公司")[CaseTableModel.COL_GRADE] == "Not rated yet"

    # decide V2 from the keyboard in the score panel
    combo = panel._veto_combos["V2"]
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Down)  # "No — does not apply"
    qtbot.waitUntil(lambda: case_service.load_case(ctx, summary.ref).vetoes.get("V2") is False)
    detail = case_service.load_case(ctx, summary.ref)
    assert not detail.result.provisional and detail.result.grade.id == "AAA"
    assert panel.grade_label.text() == "City service ★★★★★ Excellent"
    row = _row(window, "甲公司")
    assert row[CaseTableModel.COL_GRADE] == "★★★★★ Excellent" and row[CaseTableModel.COL_TOTAL] == "100.00"

    # clearing an answer makes it provisional again, everywhere
    case_service.set_answer(ctx, summary.ref, "S", value=None)
    assert window.open_case(summary.ref)
    assert panel.grade_label.text().startswith("Not rated yet")
    assert _row(window, "甲公司")[CaseTableModel.COL_GRADE] == "Not rated yet"
