"""Revisions in the workbench (issue 8, item 18): the list shows the latest revision once, the workspace lists
every revision, opens an older one read-only and shows what changed.

Real key and mouse events on the real window; what is stored is read back through the services.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import revisions, samples
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.pages.case_table_model import SUMMARY_ROLE
from cityeval_desktop.ui.workspace.revisions_panel import INDICATOR_ROLE, RevisionsDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
AMENDED = next(s for s in samples.SAMPLES if s.finalize_amendment)  # revisions 1 and 2 both finalized
FINALIZED_ONCE = next(s for s in samples.SAMPLES if s.finalize and not s.amend_reason)


@pytest.fixture
def window(qtbot, sample_ctx):
    w = MainWindow(sample_ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    activate(qtbot, w)
    yield w
    for top in QApplication.topLevelWidgets():
        if isinstance(top, RevisionsDialog):
            top.close()


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def listed_rows(window) -> list:
    proxy = window.cases_page.proxy
    return [proxy.index(r, 0).data(SUMMARY_ROLE) for r in range(proxy.rowCount())]


def open_from_list(qtbot, window, uscc: str) -> None:
    """Click the case's row in the list, then press Enter, as a user opens a case."""
    table = window.cases_page.table
    row = next(n for n, s in enumerate(listed_rows(window)) if s.uscc == uscc)
    rect = table.visualRect(window.cases_page.proxy.index(row, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.workspace


def open_revisions(qtbot, window) -> RevisionsDialog:
    QTest.mouseClick(window.workspace.revisions_button, Qt.MouseButton.LeftButton)
    dialog = window.workspace.revisions_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    return dialog


# ----------------------------------------------------------------------------- the case list
def test_the_list_shows_an_amended_case_once_at_its_latest_revision(qtbot, window, sample_ctx, monkeypatch) -> None:
    open_from_list(qtbot, window, FINALIZED_ONCE.uscc)
    case_uuid = window.workspace.detail.summary.case_uuid
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("复核后补充一份验收报告", True))
    QTest.mouseClick(window.workspace.amend_button, Qt.MouseButton.LeftButton)
    assert window.workspace.detail.summary.revision == 2 and window.workspace.detail.summary.is_draft
    QTest.mouseClick(window.workspace.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.cases_page
    rows = [s for s in listed_rows(window) if s.case_uuid == case_uuid]
    assert [(s.revision, s.status) for s in rows] == [(2, "draft")]
    stored = [s for s in case_service.list_cases(sample_ctx) if s.case_uuid == case_uuid]
    assert [(s.revision, s.amend_reason) for s in stored] == [(2, "复核后补充一份验收报告")]
    assert len(case_service.list_cases(sample_ctx, all_revisions=True)) > len(listed_rows(window))


# ----------------------------------------------------------------------------- the revisions dialog
def test_the_workspace_lists_every_revision_with_status_reason_and_signer(qtbot, window) -> None:
    open_from_list(qtbot, window, AMENDED.uscc)
    assert window.workspace.revisions_button.text().replace("&", "") == "Revisions (2)…"
    dialog = open_revisions(qtbot, window)
    table = dialog.table
    assert table.rowCount() == 2
    cell = lambda row, col: table.item(row, col).text()  # noqa: E731
    assert cell(0, dialog.COL_REVISION) == "1" and cell(1, dialog.COL_REVISION) == "2 (latest)"
    assert cell(0, dialog.COL_STATUS) == cell(1, dialog.COL_STATUS) == "Finalized"
    assert cell(1, dialog.COL_SIGNER) == samples.DEMO_SIGNER
    assert cell(1, dialog.COL_REASON) == AMENDED.amend_reason and cell(0, dialog.COL_REASON) == ""
    assert cell(0, dialog.COL_FINALIZED) and cell(0, dialog.COL_CREATED)
    # the open revision (the latest) is the selected one; there is nothing to open
    assert dialog.selected_ref() == window.workspace.ref and not dialog.open_button.isEnabled()


def test_opening_revision_1_from_the_list_is_read_only(qtbot, window, sample_ctx) -> None:
    open_from_list(qtbot, window, AMENDED.uscc)
    latest = window.workspace.detail.summary
    dialog = open_revisions(qtbot, window)
    dialog.table.setFocus()
    QTest.keyClick(dialog.table, Qt.Key.Key_Up)  # to revision 1
    assert dialog.open_button.isEnabled()
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)
    ws = window.workspace
    assert ws.detail.summary.revision == 1 and ws.ref == f"{latest.case_uuid}@1"
    assert ws.read_only and not ws.amend_button.isVisible() and not ws.finalize_button.isVisible()
    assert "older revision, read-only" in ws.status_label.text()
    assert dialog.isVisible() and dialog.current_ref == ws.ref  # stays beside the workspace, marks rev 1

    # clicking into the old revision's fields and typing stores nothing
    before = case_service.load_case(sample_ctx, ws.ref)
    first = ws.tree.ordered_ids()[0]
    ws.tree.select_indicator(first)
    activate(qtbot, window)
    for field, keys in ((ws.editor.number_edit, "99"), (ws.editor.note_edit, "changed")):
        QTest.mouseClick(field, Qt.MouseButton.LeftButton)
        QTest.keyClicks(field, keys)
        QTest.keyClick(field, Qt.Key.Key_Return)
    QTest.keyClick(ws.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    after = case_service.load_case(sample_ctx, ws.ref)
    assert after.answers == before.answers and after.evidence == before.evidence
    assert after.summary.updated_at == before.summary.updated_at
    # and the services refuse it anyway
    with pytest.raises(Exception, match="read-only"):
        case_service.set_answer(sample_ctx, ws.ref, first, value=None)

    # back to the latest revision from the dialog
    activate(qtbot, dialog)
    dialog.table.setFocus()
    QTest.keyClick(dialog.table, Qt.Key.Key_Down)
    QTest.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert ws.detail.summary.revision == 2


def test_the_diff_shows_the_changed_indicators_and_jumps_to_one(qtbot, window, sample_ctx) -> None:
    open_from_list(qtbot, window, AMENDED.uscc)
    dialog = open_revisions(qtbot, window)
    expected = revisions.diff(sample_ctx, f"{window.workspace.detail.summary.case_uuid}@1", window.workspace.ref)
    assert dialog.from_combo.currentData().endswith("@1") and dialog.to_combo.currentData().endswith("@2")
    tree = dialog.tree
    groups = {tree.topLevelItem(n).text(0): tree.topLevelItem(n) for n in range(tree.topLevelItemCount())}
    indicators = next(item for title, item in groups.items() if title.startswith("Indicators"))
    shown = [indicators.child(n).data(0, INDICATOR_ROLE) for n in range(indicators.childCount())]
    assert shown == [c.indicator_id for c in expected.indicators] and len(shown) >= 2
    # the first changed indicator lists its answer change with old and new values
    first = indicators.child(0)
    rows = {first.child(n).text(0): (first.child(n).text(1), first.child(n).text(2)) for n in range(first.childCount())}
    change = next(f for f in expected.indicators[0].changes if f.field == "value")
    assert rows["Answer"] == (change.old.en, change.new.en)
    assert any(k == "Evidence added" for k in rows) or any(c.evidence_added for c in expected.indicators[1:])
    result = groups["Result"]
    totals = result.child(0)
    assert (totals.text(1), totals.text(2)) == (f"{expected.outcome_a.total:.2f}", f"{expected.outcome_b.total:.2f}")

    # Enter on an indicator of the diff shows it in the workspace
    target = indicators.child(1)
    tree.setFocus()
    tree.setCurrentItem(target)
    QTest.keyClick(tree, Qt.Key.Key_Return)
    assert window.workspace.tree.current_id() == target.data(0, INDICATOR_ROLE)

    # comparing a revision with itself says there is nothing to show
    dialog.to_combo.setFocus()
    QTest.keyClick(dialog.to_combo, Qt.Key.Key_Up)
    assert dialog.to_combo.currentData().endswith("@1")
    assert dialog.tree.topLevelItemCount() == 0 and "two different revisions" in dialog.summary_label.text()


def test_escape_closes_the_revisions_window_and_it_closes_with_the_case(qtbot, window) -> None:
    open_from_list(qtbot, window, AMENDED.uscc)
    dialog = open_revisions(qtbot, window)
    QTest.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.workspace.revisions_dialog is None, timeout=2000)
    dialog = open_revisions(qtbot, window)
    QTest.mouseClick(window.workspace.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace.revisions_dialog is None, timeout=2000)
    assert not dialog.isVisible()


def test_a_case_with_one_revision_lists_just_it(qtbot, window) -> None:
    one = next(s for s in samples.SAMPLES if not s.amend_reason)
    open_from_list(qtbot, window, one.uscc)
    assert window.workspace.revisions_button.text().replace("&", "") == "Revisions…"
    dialog = open_revisions(qtbot, window)
    assert dialog.table.rowCount() == 1 and dialog.tree.topLevelItemCount() == 0
