"""The finalize problem list stays beside the workspace until every problem is fixed (issue 8, item 12).

Real keys and clicks: Ctrl+Shift+F opens the list, a click or Enter on a problem goes there, the fix is
typed in the editor, the list re-checks from what was stored, and Sign appears once none remain. A
finalized case then names who signed it and when, from the stored report row.
"""

from __future__ import annotations

from pathlib import Path

import cityeval_gui_signing_helpers as helpers  # registered by conftest.py
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.reporting import signed_report_info
from cityeval_desktop.signing.identity import create_identity, load_identity
from cityeval_desktop.ui.dialogs.finalize import FinalizeDialog
from cityeval_desktop.ui.main_window import MainWindow
from tests.case_data_helpers import staff_if_third_party

FIXTURES = Path(__file__).parents[1] / "fixtures"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(scope="module")
def identity_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pki") / "signer.p12"
    create_identity(path, name="张三", org="福建数字评估中心", password=helpers.PASSWORD, key_size=2048)
    return path


@pytest.fixture
def window(qtbot, ctx):
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def almost_done(ctx, tmp_path, identity_file) -> str:
    """Everything answered and decided except T (unanswered), S's file (missing) and veto V2 (undecided);
    the team, declarations and opinion are there."""
    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="清单主体", uscc="91350100M000100Y43"
    )
    for ind, value in helpers.MINI_VALUES.items():
        if ind != "T":
            case_service.set_answer(ctx, summary.ref, ind, value=value)
    case_service.set_veto(ctx, summary.ref, "V1", False)
    staff_if_third_party(ctx, summary.ref, tmp_path, lead=load_identity(identity_file, helpers.PASSWORD))
    return summary.ref


def _click(tree, item) -> None:
    tree.scrollToItem(item)
    QTest.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, tree.visualItemRect(item).center()
    )


def _group(panel, target):
    ids = panel.target_ids()
    assert target in ids, ids
    return panel.tree.topLevelItem(ids.index(target))


def test_problems_stay_listed_beside_the_workspace_until_fixed_then_sign(
    window, ctx, qtbot, tmp_path, almost_done, identity_file, monkeypatch
) -> None:
    ws = window.workspace
    assert window.open_case(almost_done)
    helpers.press(qtbot, window, Qt.Key.Key_F, CTRL_SHIFT)
    panel = ws.finalize_panel
    qtbot.waitUntil(lambda: panel.isVisible(), timeout=3000)
    assert window.findChild(FinalizeDialog) is None and QApplication.activeModalWidget() is None
    # grouped per indicator / veto, each with its state icon
    assert panel.target_ids() == ["S", "T", "V2"]
    s_group = _group(panel, "S")
    assert [s_group.child(i).text(0) for i in range(s_group.childCount())] == ["needs at least one evidence file"]
    assert not s_group.icon(0).isNull() and not _group(panel, "T").icon(0).isNull()
    assert "3 problems in 3 places" in panel.intro.text()
    assert panel.sign_button.isHidden()

    # a click on T goes there; its number field takes the keyboard; 9 + Enter is stored on T
    _click(panel.tree, _group(panel, "T"))
    assert ws.tree.current_id() == "T"
    assert QApplication.focusWidget() is ws.editor.number_edit
    QTest.keyClicks(ws.editor.number_edit, "9")
    QTest.keyClick(ws.editor.number_edit, Qt.Key.Key_Return)
    assert case_service.load_case(ctx, almost_done).answers["T"].value == 9
    # the list re-checked after the saved edit and is still beside the workspace
    assert panel.isVisible() and panel.target_ids() == ["S", "V2"]

    # Enter on the veto goes to its drop-down; choosing "No" with the keyboard decides it
    panel.tree.setFocus()
    panel.tree.setCurrentItem(_group(panel, "S"))
    QTest.keyClick(panel.tree, Qt.Key.Key_Down)  # S's problem line
    QTest.keyClick(panel.tree, Qt.Key.Key_Down)  # the V2 group
    assert panel.tree.currentItem().data(0, Qt.ItemDataRole.UserRole + 1) == "V2"
    QTest.keyClick(panel.tree, Qt.Key.Key_Return)
    combo = ws.panel._veto_combos["V2"]
    assert QApplication.focusWidget() is combo
    no_index = next(i for i in range(combo.count()) if combo.itemData(i) is False)
    while combo.currentIndex() != no_index:
        QTest.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < no_index else Qt.Key.Key_Up)
    assert case_service.load_case(ctx, almost_done).vetoes.get("V2") is False
    assert panel.target_ids() == ["S"]

    # the last one: S's evidence file (the editor's own add-files path), then Sign is offered
    scan = tmp_path / "证书.pdf"
    scan.write_bytes(b"%PDF-1.4 certificate")
    op = ws.add_files("S", [scan])
    qtbot.waitUntil(lambda: op.done, timeout=10000)
    assert panel.isVisible() and panel.target_ids() == []
    assert panel.sign_button.isVisible() and "All checks pass" in panel.intro.text()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    QTest.mouseClick(panel.sign_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(FinalizeDialog)
    assert dialog is not None and dialog.isVisible()
    op = helpers.sign_in_dialog(qtbot, dialog, identity_file, helpers.PASSWORD, "zh")
    assert op.error is None, op.error
    assert case_service.load_case(ctx, almost_done).summary.status == "finalized"
    assert panel.isHidden()
    # who signed it and when, from the stored report row
    info = signed_report_info(ctx, almost_done)
    assert info is not None and info.signer_name == "张三"
    status = ws.status_label.text()
    assert "signed by 张三" in status and info.signed_at.astimezone().strftime("%Y-%m-%d %H:%M") in status
    assert info.signer_fingerprint in ws.status_label.toolTip()


def test_panel_hides_comes_back_and_follows_the_case(window, ctx, qtbot, almost_done) -> None:
    ws = window.workspace
    assert window.open_case(almost_done)
    helpers.press(qtbot, window, Qt.Key.Key_F, CTRL_SHIFT)
    panel = ws.finalize_panel
    qtbot.waitUntil(lambda: panel.isVisible(), timeout=3000)
    # the × hides it; Finalize shows it again with the same problems
    QTest.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert panel.isHidden()
    QTest.mouseClick(ws.finalize_button, Qt.MouseButton.LeftButton)
    assert panel.isVisible() and panel.target_ids() == ["S", "T", "V2"]
    # another case: the list of the first one does not stay on screen
    other = case_service.new_case(
        ctx, framework="mini", tier="city", mode="self", entity_name="别的主体", uscc="91512081MA62K0260E"
    )
    assert window.open_case(other.ref)
    assert panel.isHidden()


def test_a_problem_fixed_outside_the_list_disappears_from_it(window, ctx, qtbot, almost_done) -> None:
    """The list is rebuilt from the stored case after every saved edit, however it was made."""
    ws = window.workspace
    assert window.open_case(almost_done)
    helpers.press(qtbot, window, Qt.Key.Key_F, CTRL_SHIFT)
    panel = ws.finalize_panel
    qtbot.waitUntil(lambda: panel.isVisible(), timeout=3000)
    ws.tree.select_indicator("T")
    ws.editor.number_edit.setFocus()
    QTest.keyClicks(ws.editor.number_edit, "4")
    QTest.keyClick(ws.editor.number_edit, Qt.Key.Key_Tab)  # focus-out saves too
    assert case_service.load_case(ctx, almost_done).answers["T"].value == 4
    assert "T" not in panel.target_ids()
