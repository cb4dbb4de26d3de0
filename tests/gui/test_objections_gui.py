"""The Objections page (issue 13 §2.6) driven like a user: Ctrl+8, the record form filled from the keyboard
(Chinese typed through the input method), Start review, the decision with its radio button, reason and
confirmation. What is checked is what is stored: the objections (``list_objections``), the ``system`` audit
chain, and that an upheld objection takes its result out of the regional view (``region.summary``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from cityeval_desktop.services import objections as obj
from cityeval_desktop.services import region
from cityeval_desktop.services.reporting import audit_entries
from cityeval_desktop.store import audit
from cityeval_desktop.ui.main_window import NAV_OBJECTIONS, MainWindow
from tests.gui.modal import act_when
from tests.region_helpers import finalize, make
from tests.region_helpers import uscc_in as uscc

AT = datetime(2026, 3, 1, tzinfo=UTC)
DAY = date(2026, 6, 30)
SHOTS = Path("/tmp/team/shots")
GROUNDS = "公示的得分与实际情况不符：P1.1 持证人员的证书未被采纳。"
BY = "福州某某科技有限公司"
REASON = "经核实，证书在评估基准日有效，原评定有误。"


@pytest.fixture
def world(ctx: Any) -> dict[str, Any]:
    code = uscc("350100", 11)
    third = make(ctx, code, answers={"P1.1": 6, "P1.2": 3})
    finalize(ctx, third, at=AT)
    draft = make(ctx, uscc("350100", 12), answers={"P1.1": 3})
    return {"uscc": code, "third": third, "draft": draft}


def _type(widget: QWidget, text: str) -> None:
    """Type ``text`` as an input method commits it (QTest.keyClicks cannot type Chinese)."""
    assert QApplication.focusWidget() is widget, QApplication.focusWidget()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def _click_box(widget: QWidget) -> None:
    """Click a radio button or check box on its indicator (a click beside its text does nothing)."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))


def _system_entries(ctx: Any) -> list[dict[str, Any]]:
    return [e for e in audit_entries(ctx, audit.SYSTEM_CHAIN) if e["action"].startswith("objection.")]


def _counted(ctx: Any) -> set[str]:
    return {e.ref for e in region.summary(ctx, as_of=DAY).entities if e.counted}


def _objections_page(window: MainWindow, qtbot: Any) -> Any:
    QTest.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.nav.currentRow() == NAV_OBJECTIONS)
    page = window.objections_page
    assert window.stack.currentWidget() is page
    return page


def _select(page: Any, number: str) -> None:
    row = page.model.row_of(number)
    assert row is not None
    rect = page.table.visualRect(page.model.index(row, 0))
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected is not None and page.selected.number == number


def test_recording_an_objection_from_the_keyboard_stores_it_with_its_files(
    open_window, ctx, world, qtbot, tmp_path, monkeypatch
) -> None:
    window = open_window(ctx, "en", active=True)
    page = _objections_page(window, qtbot)
    assert page.model.rowCount() == 0 and "No objections recorded" in page.details_title.text()
    handed = tmp_path / "申诉材料.pdf"
    handed.write_bytes(b"%PDF-1.4 the objector's evidence")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(handed)], ""))

    _click(page.record_button)
    dialog = page.record_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    QTest.keyClicks(dialog.target_edit, world["uscc"])
    QTest.keyClick(dialog.target_edit, Qt.Key.Key_Tab)
    assert world["third"] in dialog.target_label.text()  # the form says which result the code names
    _type(dialog.grounds_edit, GROUNDS)
    _click(dialog.add_file_button)
    assert dialog.files == [handed] and dialog.file_list.count() == 1
    dialog.by_edit.setFocus()
    _type(dialog.by_edit, BY)
    QTest.keyClick(dialog.by_edit, Qt.Key.Key_Return)  # Enter: Record
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)

    (stored,) = obj.list_objections(ctx)
    assert stored.case_ref == world["third"] and stored.uscc == world["uscc"]
    assert (stored.grounds, stored.objector, stored.state) == (GROUNDS, BY, obj.RECEIVED)
    assert [a.name for a in stored.attachments] == ["申诉材料.pdf"]
    (entry,) = _system_entries(ctx)
    assert entry["action"] == obj.ADD and entry["new"]["grounds"] == GROUNDS and entry["new"]["by"] == BY
    assert stored.number in page.status_label.text()  # the new number is shown
    assert page.selected is not None and page.selected.number == stored.number
    assert page.grounds_view.toPlainText() == GROUNDS and page.attachment_list.count() == 1
    copy = page.save_attachment(tmp_path / "copy.pdf")
    assert copy is not None and copy.read_bytes() == handed.read_bytes()


def test_what_the_form_refuses_is_said_and_nothing_is_stored(open_window, ctx, world, qtbot) -> None:
    window = open_window(ctx, "en", active=True)
    dialog = window.record_objection(world["uscc"])  # what the regional view calls: prefilled
    assert dialog is not None and dialog.target_edit.text() == world["uscc"]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert QApplication.focusWidget() is dialog.grounds_edit  # the target is there: the grounds are next
    QTest.keyClicks(dialog.grounds_edit, "   ")
    _click(dialog.record_button)
    assert "grounds" in dialog.message.text().lower() and dialog.isVisible()
    # a draft has no result to object to: the service's reason, in the form
    dialog.target_edit.selectAll()
    dialog.target_edit.setFocus()
    QTest.keyClicks(dialog.target_edit, world["draft"])
    QTest.keyClick(dialog.target_edit, Qt.Key.Key_Tab)
    assert "draft" in dialog.target_label.text()
    _type(dialog.grounds_edit, GROUNDS)
    _click(dialog.record_button)
    qtbot.waitUntil(lambda: dialog.operation is not None and dialog.operation.done, timeout=10000)
    assert "draft" in dialog.message.text() and dialog.isVisible()
    assert obj.list_objections(ctx) == [] and _system_entries(ctx) == []


def test_review_then_an_upheld_decision_withdraws_the_result(open_window, ctx, world, qtbot) -> None:
    made = obj.add_objection(ctx, world["third"], GROUNDS, by=BY)
    assert world["third"] in _counted(ctx)
    window = open_window(ctx, "en", active=True)
    page = _objections_page(window, qtbot)
    _select(page, made.number)
    assert page.decide_button.isEnabled() and page.review_button.isEnabled()
    _click(page.review_button)
    assert obj.list_objections(ctx)[0].state == obj.UNDER_REVIEW
    assert not page.review_button.isEnabled()  # once under review, not again

    _click(page.decide_button)
    dialog = page.decide_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    _click_box(dialog.upheld_radio)
    assert dialog.upheld_radio.isChecked() and dialog.withdrawn_note.isVisible()
    assert "regional view" in dialog.withdrawn_note.text() and "public disclosure" in dialog.withdrawn_note.text()
    _click(dialog.decide_button)  # no reason yet: refused, nothing stored
    assert "reason" in dialog.message.text().lower()
    assert obj.list_objections(ctx)[0].state == obj.UNDER_REVIEW
    dialog.reason_edit.setFocus()
    _type(dialog.reason_edit, REASON)
    asked: list[str] = []

    def go_ahead(box: QMessageBox) -> None:
        asked.append(box.text() + " " + box.informativeText())
        button = next(b for b in box.buttons() if "withdraw" in b.text().lower())
        _click(button)

    answer = act_when(lambda: dialog.confirm_box, go_ahead)
    _click(dialog.decide_button)
    assert not answer.gave_up, answer.gave_up
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert asked and "regional view" in asked[0]

    (stored,) = obj.list_objections(ctx)
    assert (stored.state, stored.reason) == (obj.UPHELD, REASON)
    assert [e["action"] for e in _system_entries(ctx)] == [obj.ADD, obj.REVIEW, obj.DECIDE]
    assert _system_entries(ctx)[-1]["new"]["withdrawn"] is True
    assert world["third"] not in _counted(ctx)  # out of the regional view
    assert "withdrawn from the regional view" in page.status_label.text()
    assert "withdrawn" in page.history_view.toPlainText() and REASON in page.history_view.toPlainText()
    assert not page.decide_button.isEnabled()


def test_a_dismissal_from_the_keyboard_keeps_the_result_counted(open_window, ctx, world, qtbot) -> None:
    made = obj.add_objection(ctx, world["third"], GROUNDS)
    window = open_window(ctx, "zh", active=True)
    page = _objections_page(window, qtbot)
    _select(page, made.number)
    assert page.model.data(page.model.index(0, page.model.COL_STATE)) == "已受理"
    assert page.model.data(page.model.index(0, page.model.COL_BY)) == "未署名"
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # 作出决定(&D)…
    qtbot.waitUntil(lambda: page.decide_dialog is not None and QApplication.activeWindow() is page.decide_dialog)
    dialog = page.decide_dialog
    QTest.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # 异议不成立(&D)
    qtbot.waitUntil(dialog.dismissed_radio.isChecked)  # a mnemonic clicks as the button animates
    assert dialog.dismissed_radio.isChecked() and not dialog.withdrawn_note.isVisible()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    _type(dialog.reason_edit, "异议理由不成立：证书已过期。")
    QTest.keyClick(dialog.reason_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.decide_button

    defaults: list[str] = []

    def go_ahead(box: QMessageBox) -> None:
        defaults.append(box.defaultButton().text())
        go = next(b for b in box.buttons() if b.text() == "异议不成立(&D)")
        go.setFocus()
        QTest.keyClick(go, Qt.Key.Key_Space)

    answer = act_when(lambda: dialog.confirm_box, go_ahead)
    QTest.keyClick(dialog.decide_button, Qt.Key.Key_Space)
    assert not answer.gave_up, answer.gave_up
    assert defaults and "异议不成立(&D)" not in defaults  # Enter alone does not decide
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (stored,) = obj.list_objections(ctx)
    assert (stored.state, stored.reason) == (obj.DISMISSED, "异议理由不成立：证书已过期。")
    assert world["third"] in _counted(ctx)
    assert page.model.data(page.model.index(0, page.model.COL_STATE)) == "异议不成立"
    # the open-only filter leaves it out
    _click_box(page.open_only)
    assert page.open_only.isChecked() and page.model.rowCount() == 0


def test_cancelling_the_confirmation_decides_nothing(open_window, ctx, world, qtbot) -> None:
    made = obj.add_objection(ctx, world["third"], GROUNDS)
    window = open_window(ctx, "en", active=True)
    page = _objections_page(window, qtbot)
    _select(page, made.number)
    dialog = page.decide()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    _click_box(dialog.upheld_radio)
    dialog.reason_edit.setFocus()
    _type(dialog.reason_edit, REASON)
    answer = act_when(lambda: dialog.confirm_box, lambda box: QTest.keyClick(box, Qt.Key.Key_Escape))
    _click(dialog.decide_button)
    assert not answer.gave_up, answer.gave_up
    assert dialog.isVisible() and obj.list_objections(ctx)[0].state == obj.RECEIVED
    assert world["third"] in _counted(ctx)


def test_a_read_only_window_shows_objections_but_takes_no_step(qtbot, ctx, world) -> None:
    obj.add_objection(ctx, world["third"], GROUNDS)
    window = MainWindow(ctx, "en", read_only=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = _objections_page(window, qtbot)
    assert page.model.rowCount() == 1 and page.read_only_label.isVisible()
    assert not any(b.isEnabled() for b in (page.record_button, page.review_button, page.decide_button))
    assert page.open_case_button.isEnabled()  # looking is fine
    assert window.record_objection(world["uscc"]) is None and page.decide() is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots(open_window, ctx, world, qtbot, lang, tmp_path) -> None:
    handed = tmp_path / "申诉材料.pdf"
    handed.write_bytes(b"%PDF-1.4 x")
    first = obj.add_objection(ctx, world["third"], GROUNDS, files=[handed], by=BY)
    obj.review_objection(ctx, first.number)
    window = open_window(ctx, lang, active=True)
    page = _objections_page(window, qtbot)
    _select(page, first.number)
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / f"objections-page-{lang}.png"))
    record = window.record_objection(world["uscc"])
    assert record is not None
    record.grab().save(str(SHOTS / f"objection-record-{lang}.png"))
    record.reject()
    decide = page.decide()
    assert decide is not None
    decide.upheld_radio.setChecked(True)
    decide.grab().save(str(SHOTS / f"objection-decide-{lang}.png"))
    decide.reject()
    assert window.nav.item(NAV_OBJECTIONS).text() == ("异议" if lang == "zh" else "Objections")
