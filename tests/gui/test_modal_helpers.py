"""The tools that answer windows running their own event loop: a lost answer must not hang the suite."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from tests.gui.modal import StuckWindowWatch, act_when


def _box(parent: QWidget) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Question, "Withdraw?", "Withdraw the result?", parent=parent)
    box.setObjectName("withdraw_box")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box


def test_a_box_nobody_answers_is_closed_by_the_watch_and_named(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    box = _box(parent)
    watch = StuckWindowWatch(0.5).start()
    try:
        result = box.exec()  # nothing answers it: without the watch this never returns
    finally:
        watch.stop()
    assert result == QMessageBox.StandardButton.Cancel or result == 0  # rejected, not a button pressed
    assert watch.stuck == ["QMessageBox 'withdraw_box' titled 'Withdraw?' saying 'Withdraw the result?'"]


def test_an_answer_lost_the_first_time_is_given_again_while_the_box_stays_open(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    box = _box(parent)
    presses: list[int] = []

    def press(widget: QMessageBox) -> None:
        presses.append(1)
        if len(presses) == 1:
            return  # the first key went nowhere (the box was not ready)
        QTest.keyClick(widget.button(QMessageBox.StandardButton.Yes), Qt.Key.Key_Space)

    answer = act_when(lambda: box, press, again_after_ms=100, give_up_ms=10_000)
    assert box.exec() == QMessageBox.StandardButton.Yes
    qtbot.waitUntil(lambda: not answer.timer.isActive(), timeout=2000)
    assert len(presses) == 2 and not answer.gave_up


def test_a_box_that_never_takes_the_answer_is_closed_and_reported(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    box = _box(parent)
    answer = act_when(lambda: box, lambda widget: None, again_after_ms=50, give_up_ms=600)
    assert box.exec() != QMessageBox.StandardButton.Yes
    assert "withdraw_box" in answer.gave_up and "stayed open" in answer.gave_up


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")  # offscreen: a menu
def test_a_menu_entry_is_picked_by_going_to_it_and_pressing_enter(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    menu = QMenu(parent)
    entries = [menu.addAction(name) for name in ("Signed report", "Unsigned copy", "Certificate")]

    def pick(popup: QMenu) -> None:
        for _ in entries:
            if popup.activeAction() is entries[1]:
                break
            QTest.keyClick(popup, Qt.Key.Key_Down)
        QTest.keyClick(popup, Qt.Key.Key_Return)

    answer = act_when(QApplication.activePopupWidget, pick)
    chosen = menu.exec(parent.mapToGlobal(parent.rect().center()))
    assert chosen is entries[1] and not answer.gave_up
