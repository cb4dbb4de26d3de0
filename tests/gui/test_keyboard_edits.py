"""Answers typed with the keyboard are stored on the indicator they were typed for (issue 8, items 2, 4, 5, 20).

Every test here sends real key and mouse events to the real window and then reads what the
services stored; none of them calls a widget's slot directly.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.ui.main_window import MainWindow

# written against the 2026.1 ids and rules (tests of 2026.2 in the GUI: test_score_panel_rules, test_evidence_basis_gui)
pytestmark = pytest.mark.usefixtures("frameworks_2026_1")

USCC = "91350100M000100Y43"
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, ctx):
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def case_ref(ctx, window):
    summary = case_service.new_case(
        ctx,
        framework="construction-implementation",
        tier="city",
        mode="third-party",
        entity_name="福州数字建设有限公司",
        uscc=USCC,
        assessor="张三",
    )
    assert window.open_case(summary.ref)
    return summary.ref


def stored(ctx, ref):
    return case_service.load_case(ctx, ref)


def audit_actions(ctx, ref):
    from cityeval_desktop.services.reporting import audit_entries

    detail = stored(ctx, ref)
    return [(e["action"], e["target"]) for e in audit_entries(ctx, detail.summary.case_uuid)]


def type_text(widget, text: str) -> None:
    """Type like a person: keys for ASCII, an input-method commit for Chinese (as a Pinyin IME sends it)."""
    for part in re.findall(r"[\x20-\x7e\b]+|[^\x20-\x7e\b]+", text):
        if part.isascii():
            QTest.keyClicks(widget, part)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(part)
            QApplication.sendEvent(widget, event)


def click(widget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def go(window, indicator_id: str) -> None:
    """Select an indicator with the mouse in the tree."""
    tree = window.workspace.tree
    item = tree._items[indicator_id]
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.workspace.editor.indicator_id == indicator_id


@pytest.mark.parametrize(
    ("key", "modifier", "target"),
    [(Qt.Key.Key_Down, ALT, "B1.4"), (Qt.Key.Key_Up, ALT, "B1.2"), (Qt.Key.Key_J, CTRL, "B1.4")],
)
def test_a_number_typed_before_moving_on_is_stored_on_its_own_indicator(
    window, ctx, case_ref, key, modifier, target
) -> None:
    editor = window.workspace.editor
    go(window, "B1.3")
    click(editor.number_edit)
    QTest.keyClicks(editor.number_edit, "6")
    QTest.keyClick(editor.number_edit, key, modifier)
    assert editor.indicator_id == target
    assert editor.number_edit.text() == ""  # the next indicator shows its own (empty) state
    click(window.workspace.tree.viewport())  # focus leaves the field
    detail = stored(ctx, case_ref)
    assert detail.raw_values.get("B1.3") == 6
    assert target not in detail.raw_values
    assert ("answer.set", "B1.3") in audit_actions(ctx, case_ref)
    assert all(t != target for _a, t in audit_actions(ctx, case_ref))


def test_a_note_typed_before_moving_on_stays_with_its_indicator(window, ctx, case_ref, qtbot) -> None:
    editor = window.workspace.editor
    go(window, "B4.3")
    click(editor.note_edit)
    type_text(editor.note_edit, "现场核查三份合同")
    QTest.keyClick(editor.note_edit, Qt.Key.Key_Down, ALT)
    assert editor.indicator_id == "B5.1"
    assert editor.note_edit.toPlainText() == ""
    # the next keystrokes belong to B5.1, and only to it
    click(editor.note_edit)
    type_text(editor.note_edit, "无")
    qtbot.wait(700)  # the note's pause
    detail = stored(ctx, case_ref)
    assert detail.answers["B4.3"].note == "现场核查三份合同"
    assert detail.answers["B5.1"].note == "无"


def test_an_na_reason_typed_before_moving_on_is_saved(window, ctx, case_ref) -> None:
    editor = window.workspace.editor
    go(window, "B4.3")
    click(editor.na_check)
    assert editor.na_check.isChecked() and editor.na_reason.hasFocus()
    type_text(editor.na_reason, "委托范围不含此项")
    QTest.keyClick(editor.na_reason, Qt.Key.Key_Down, ALT)
    assert editor.indicator_id == "B5.1"
    assert not editor.na_check.isChecked() and editor.na_reason.text() == ""
    answer = stored(ctx, case_ref).answers["B4.3"]
    assert answer.not_applicable and answer.reason == "委托范围不含此项"


def test_a_refused_number_keeps_the_editor_on_its_indicator_with_the_reason(window, ctx, case_ref) -> None:
    editor = window.workspace.editor
    go(window, "B1.3")
    click(editor.number_edit)
    QTest.keyClicks(editor.number_edit, "-3")
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Down, ALT)
    assert editor.indicator_id == "B1.3"
    assert window.workspace.tree.current_id() == "B1.3"
    assert editor.number_edit.text() == "-3"
    assert editor.input_message.text()
    assert "B1.3" not in stored(ctx, case_ref).raw_values
    # Escape gives the field back its stored state, and then the editor moves on
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Escape)
    assert editor.number_edit.text() == ""
    # an N/A without its reason is refused the same way
    go(window, "B4.3")
    click(editor.na_check)
    QTest.keyClick(editor.na_reason, Qt.Key.Key_Down, ALT)
    assert editor.indicator_id == "B4.3" and editor.na_message.text()


def test_ticking_na_keeps_the_value_and_unticking_brings_it_back(window, ctx, case_ref) -> None:
    editor = window.workspace.editor
    go(window, "B1.3")
    click(editor.number_edit)
    QTest.keyClicks(editor.number_edit, "4.5")
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Return)  # saved, and the next indicator comes up
    assert editor.indicator_id == "B1.4" and editor.number_edit.hasFocus()
    assert stored(ctx, case_ref).raw_values["B1.3"] == Decimal("4.5")
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Up, ALT)
    click(editor.na_check)
    type_text(editor.na_reason, "本期未涉及数据共享")
    QTest.keyClick(editor.na_reason, Qt.Key.Key_Tab)
    detail = stored(ctx, case_ref)
    assert detail.answers["B1.3"].not_applicable
    ir = next(i for i in detail.result.indicators if i.id == "B1.3")
    assert ir.status == "not_applicable" and ir.earned is None  # scoring ignores the kept value
    assert editor.number_edit.text() == "4.5" and not editor.answer_box.isEnabled()  # shown greyed
    click(editor.na_check)
    detail = stored(ctx, case_ref)
    assert not detail.answers["B1.3"].not_applicable
    assert detail.raw_values["B1.3"] == Decimal("4.5")
    assert editor.number_edit.text() == "4.5" and editor.answer_box.isEnabled()
    # the reason is kept for the next time N/A is ticked
    click(editor.na_check)
    detail = stored(ctx, case_ref)
    assert detail.answers["B1.3"].not_applicable and detail.answers["B1.3"].reason == "本期未涉及数据共享"


def test_tab_leaves_the_note_box(window, case_ref) -> None:
    editor = window.workspace.editor
    go(window, "B4.3")
    click(editor.note_edit)
    QTest.keyClick(editor.note_edit, Qt.Key.Key_Tab)
    assert not editor.note_edit.hasFocus()
    assert "\t" not in editor.note_edit.toPlainText()


def test_delete_in_the_evidence_list_removes_after_confirmation(window, ctx, case_ref, tmp_path, monkeypatch) -> None:
    scan = tmp_path / "合同.pdf"
    scan.write_bytes(b"%PDF-1.4 contract scan")
    case_service.add_evidence(ctx, case_ref, "B1.3", [scan])
    window.workspace.open_case(case_ref)
    editor = window.workspace.editor
    go(window, "B1.3")
    assert editor.evidence_list.topLevelItemCount() == 1
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    editor.evidence_list.setFocus()
    editor.evidence_list.setCurrentItem(editor.evidence_list.topLevelItem(0))
    QTest.keyClick(editor.evidence_list, Qt.Key.Key_Delete)
    assert asked and len(stored(ctx, case_ref).evidence) == 1  # No keeps it
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    editor.evidence_list.setCurrentItem(editor.evidence_list.topLevelItem(0))
    QTest.keyClick(editor.evidence_list, Qt.Key.Key_Delete)
    assert stored(ctx, case_ref).evidence == ()


def test_undo_and_redo_answers_na_notes_vetoes_and_evidence(window, ctx, case_ref, tmp_path, monkeypatch) -> None:
    ws = window.workspace
    editor = ws.editor
    go(window, "B1.3")
    click(editor.number_edit)
    QTest.keyClicks(editor.number_edit, "6")
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Return)
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Up, ALT)
    click(editor.number_edit)
    QTest.keyClicks(editor.number_edit, "\b8")
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Tab)
    assert stored(ctx, case_ref).raw_values["B1.3"] == 8
    window.menuBar()  # Edit → Undo names what it undoes
    assert window.undo_action.text().replace("&", "") == "Undo answer of B1.3"
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Z, CTRL)
    assert stored(ctx, case_ref).raw_values["B1.3"] == 6
    assert editor.number_edit.text() == "6"
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Z, CTRL)
    assert "B1.3" not in stored(ctx, case_ref).raw_values
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Z, CTRL | SHIFT)
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored(ctx, case_ref).raw_values["B1.3"] == 8
    # N/A and its undo
    go(window, "B1.3")
    click(editor.na_check)
    type_text(editor.na_reason, "不涉及")
    QTest.keyClick(editor.na_reason, Qt.Key.Key_Return)
    assert editor.indicator_id == "B1.4"
    assert stored(ctx, case_ref).answers["B1.3"].not_applicable
    assert window.undo_action.text().replace("&", "") == "Undo N/A of B1.3"
    QTest.keyClick(ws.tree, Qt.Key.Key_Z, CTRL)
    detail = stored(ctx, case_ref)
    assert not detail.answers["B1.3"].not_applicable and detail.raw_values["B1.3"] == 8
    assert editor.indicator_id == "B1.3"  # undo shows the indicator it changed
    # a note, undone from another indicator: the editor goes back to it
    click(editor.note_edit)
    type_text(editor.note_edit, "八个系统已接入")
    QTest.keyClick(editor.note_edit, Qt.Key.Key_Down, ALT)
    assert stored(ctx, case_ref).answers["B1.3"].note == "八个系统已接入"
    QTest.keyClick(ws.tree, Qt.Key.Key_Z, CTRL)
    assert stored(ctx, case_ref).answers["B1.3"].note is None
    assert editor.indicator_id == "B1.3" and editor.note_edit.toPlainText() == ""
    # a veto decision
    combo = ws.panel._veto_combos["V1"]
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Down)
    decided = stored(ctx, case_ref).vetoes.get("V1")
    assert decided is not None
    QTest.keyClick(ws.tree, Qt.Key.Key_Z, CTRL)
    assert "V1" not in stored(ctx, case_ref).vetoes
    QTest.keyClick(ws.tree, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored(ctx, case_ref).vetoes.get("V1") == decided
    # evidence removal and its undo (the stored bytes come back to the indicator)
    scan = tmp_path / "验收报告.pdf"
    scan.write_bytes(b"%PDF-1.4 acceptance")
    case_service.add_evidence(ctx, case_ref, "B1.3", [scan])
    ws.open_case(case_ref)
    go(window, "B1.3")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    editor.evidence_list.setFocus()
    editor.evidence_list.setCurrentItem(editor.evidence_list.topLevelItem(0))
    QTest.keyClick(editor.evidence_list, Qt.Key.Key_Delete)
    assert stored(ctx, case_ref).evidence == ()
    assert window.undo_action.text().replace("&", "") == "Undo evidence removed from B1.3"
    QTest.keyClick(editor.evidence_list, Qt.Key.Key_Z, CTRL)
    assert [e.original_name for e in stored(ctx, case_ref).evidence] == ["验收报告.pdf"]
    QTest.keyClick(editor.evidence_list, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored(ctx, case_ref).evidence == ()
    # every undo is an ordinary audited change
    actions = audit_actions(ctx, case_ref)
    assert actions.count(("evidence.add", "B1.3")) == 2 and actions.count(("evidence.remove", "B1.3")) == 2
    assert ("veto.set", "V1") in actions


def test_ctrl_z_while_typing_undoes_the_typing_not_the_case(window, ctx, case_ref) -> None:
    editor = window.workspace.editor
    go(window, "B1.3")
    click(editor.number_edit)
    QTest.keyClicks(editor.number_edit, "6")
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Tab)
    click(editor.number_edit)
    QTest.keyClick(editor.number_edit, Qt.Key.Key_End)
    QTest.keyClicks(editor.number_edit, "5")
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Z, CTRL)
    assert editor.number_edit.text() == "6"
    assert stored(ctx, case_ref).raw_values["B1.3"] == 6
    QApplication.processEvents()


def test_enter_saves_and_brings_up_the_next_indicator_for_every_kind_of_answer(window, ctx, case_ref) -> None:
    editor = window.workspace.editor
    go(window, "B1.1")  # a choice of levels: Space chooses the focused option, Enter moves on
    buttons = editor.choice_group.buttons()
    buttons[2].setFocus()
    QTest.keyClick(buttons[2], Qt.Key.Key_Space)
    QTest.keyClick(buttons[2], Qt.Key.Key_Return)
    assert editor.indicator_id == "B1.2"
    detail = stored(ctx, case_ref)
    assert detail.raw_values["B1.1"] == detail.framework.indicator("B1.1").method.options[2].id
    # Enter on an option that is not chosen yet chooses it, then moves on
    focused = QApplication.focusWidget()
    assert focused in editor.choice_group.buttons()
    QTest.keyClick(focused, Qt.Key.Key_Return)
    assert editor.indicator_id == "B1.3" and editor.number_edit.hasFocus()
    assert "B1.2" in stored(ctx, case_ref).raw_values
    QTest.keyClicks(editor.number_edit, "8")
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert editor.indicator_id == "B1.4"
    assert stored(ctx, case_ref).raw_values["B1.3"] == 8
