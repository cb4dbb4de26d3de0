"""The date an evidence file proves, typed in the indicator editor's evidence list (issue 12 §1.1): stored
through the service, marked with its tooltip when outside the review window, undone and redone with
Ctrl+Z / Ctrl+Shift+Z, a bad date refused with the field named. Real key and mouse events."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cityeval_desktop.services import case_data as case_data_service
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.workspace.indicator_editor import DATED_COLUMN

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
USCC = "91350100M000100Y43"
SHOTS = Path("/tmp/shots/evidence-dated")


def _window(qtbot, ctx, lang: str) -> MainWindow:
    w = MainWindow(ctx, lang)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _case(ctx, tmp_path: Path) -> str:
    fw_registry.install_file(ctx, FIXTURES / "mini2.yaml")
    ref = case_service.new_case(
        ctx,
        framework="mini2",
        tier="city",
        mode="third-party",
        entity_name="福州数字规划研究院",
        uscc=USCC,
        reference_date="2026-06-30",
    ).ref
    case_service.set_answer(ctx, ref, "S", value=2)
    (tmp_path / "合同.pdf").write_bytes(b"%PDF-1.4 contract")
    (tmp_path / "证书.pdf").write_bytes(b"%PDF-1.4 cert")
    case_service.add_evidence(ctx, ref, "S", [tmp_path / "合同.pdf", tmp_path / "证书.pdf"])
    return ref


def go(window, indicator_id: str) -> None:
    tree = window.workspace.tree
    item = tree._items[indicator_id]
    tree.scrollToItem(item)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    assert window.workspace.editor.indicator_id == indicator_id


def stored(ctx, ref: str, name: str):
    return next(e for e in case_service.load_case(ctx, ref).evidence if e.original_name == name)


def type_date(editor, evidence_id: int, text: str) -> None:
    field = editor.dated_fields[evidence_id]
    editor.evidence_list.scrollToItem(editor.evidence_list.topLevelItem(0))
    QTest.mouseClick(field, Qt.MouseButton.LeftButton)
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        QTest.keyClicks(field, text)
    else:
        QTest.keyClick(field, Qt.Key.Key_Delete)
    QTest.keyClick(field, Qt.Key.Key_Return)


def press(window, keys: Qt.KeyboardModifier) -> None:
    """Ctrl+Z (or Ctrl+Shift+Z) in the case tree, out of the date field."""
    window.workspace.tree.setFocus()
    QTest.keyClick(window.workspace.tree, Qt.Key.Key_Z, keys)


@pytest.fixture
def window(qtbot, ctx) -> MainWindow:
    return _window(qtbot, ctx, "en")


def test_a_date_is_typed_marked_outside_the_window_undone_and_redone(window, ctx, tmp_path) -> None:
    ref = _case(ctx, tmp_path)
    assert window.open_case(ref)
    go(window, "S")
    editor = window.workspace.editor
    contract = stored(ctx, ref, "合同.pdf")
    type_date(editor, contract.id, "2021-03-01")
    assert stored(ctx, ref, "合同.pdf").dated == date(2021, 3, 1)
    row = next(
        editor.evidence_list.topLevelItem(i)
        for i in range(editor.evidence_list.topLevelItemCount())
        if editor.evidence_list.topLevelItem(i).text(0) == "合同.pdf"
    )
    english = "the date proved, 2021-03-01, lies outside the review window 2023-07-01 to 2026-06-30"
    assert row.toolTip(DATED_COLUMN) == english and row.text(DATED_COLUMN).startswith("⚠")
    assert editor.dated_fields[contract.id].toolTip() == english
    assert "font-weight: bold" in editor.dated_fields[contract.id].styleSheet()
    assert "1 file proves a date outside the review window 2023-07-01 to 2026-06-30" in editor.evidence_hint.text()

    # a date out of bounds is refused beside the list, nothing changes
    type_date(editor, contract.id, "1999-12-31")
    assert editor.evidence_message.text().startswith("the date proved: the date 1999-12-31 is out of range")
    assert stored(ctx, ref, "合同.pdf").dated == date(2021, 3, 1)

    assert window.undo_action.text().replace("&", "") == "Undo date proved in S"
    press(window, Qt.KeyboardModifier.ControlModifier)
    assert stored(ctx, ref, "合同.pdf").dated is None
    press(window, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert stored(ctx, ref, "合同.pdf").dated == date(2021, 3, 1)

    # a new reference date re-evaluates the mark (computed, not stored)
    case_data_service.set_reference_date(ctx, ref, "2023-12-31")
    assert window.open_case(ref)
    go(window, "S")
    field = window.workspace.editor.dated_fields[contract.id]
    assert field.text() == "2021-03-01" and "bold" not in field.styleSheet()

    # clearing the field clears the date
    type_date(window.workspace.editor, contract.id, "")
    assert stored(ctx, ref, "合同.pdf").dated is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots(qtbot, ctx, tmp_path, lang) -> None:
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language, register_fonts

    register_fonts(QApplication.instance())
    i18n.set_lang(lang)
    install_language(QApplication.instance(), lang)
    try:
        w = _window(qtbot, ctx, lang)
        ref = _case(ctx, tmp_path)
        case_service.set_evidence_date(ctx, ref, stored(ctx, ref, "合同.pdf").id, "2021-03-01")
        case_service.set_evidence_date(ctx, ref, stored(ctx, ref, "证书.pdf").id, "2025-05-20")
        assert w.open_case(ref)
        go(w, "S")
        qtbot.wait(100)
        SHOTS.mkdir(parents=True, exist_ok=True)
        w.grab().save(str(SHOTS / f"workspace-dated-{lang}.png"))
        header = w.workspace.editor.evidence_list.headerItem().text(DATED_COLUMN)
        assert header == ("证明日期" if lang == "zh" else "Date proved")
        field = w.workspace.editor.dated_fields[stored(ctx, ref, "合同.pdf").id]
        if lang == "zh":
            assert field.toolTip() == "证明日期 2021-03-01 不在考察期 2023-07-01 至 2026-06-30 内"
            assert "1 个文件的证明日期不在考察期 2023-07-01 至 2026-06-30 内" in w.workspace.editor.evidence_hint.text()
    finally:
        i18n.set_lang("en")
        install_language(QApplication.instance(), "en")
