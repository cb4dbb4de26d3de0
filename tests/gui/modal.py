"""Driving windows that run their own event loop (a question box's ``exec()``, a button's menu) from a test.

The call that opens such a window does not return until it closes, so a test answers it from a timer. A key
or click that fires before the window is up, or that reaches it before it is ready, is lost, and the window
then waits forever: on a slow machine that hung whole CI runs and named nothing. Two tools here:

- ``act_when(find, act)``: look for the window every 50 ms; act on it once it is shown, and act again while
  it stays open (the action must be one that can be repeated: "go to entry X, press Enter", not "press Down
  twice"); after ``give_up_ms`` close it so the test goes on and fails on ``.gave_up``.
- ``StuckWindowWatch``: the GUI suite's safety net (tests/gui/conftest.py) — the same modal window or popup
  open for ``limit_s`` seconds is closed and named.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget


def describe(widget: QWidget) -> str:
    """What an open window is, in words a reader of a failure recognises: class, name, title, text."""
    parts = [type(widget).__name__]
    if widget.objectName():
        parts.append(f"'{widget.objectName()}'")
    if widget.windowTitle():
        parts.append(f"titled {widget.windowTitle()!r}")
    if isinstance(widget, QMessageBox):
        parts.append(f"saying {widget.text()!r}")
    return " ".join(parts)


def close_window(widget: QWidget) -> None:
    """Close a window that runs its own loop: a dialog is rejected (its ``exec()`` returns), a menu closed."""
    if isinstance(widget, QDialog):
        widget.reject()
    else:
        widget.close()


class Answer:
    """The state of one ``act_when``: how often it acted, and whether it gave up."""

    def __init__(self) -> None:
        self.acted = 0
        self.gave_up = ""
        self.timer = QTimer()  # kept on the object: a local timer would be collected with the closure


def act_when(
    find: Callable[[], QWidget | None],
    act: Callable[[Any], None],
    *,
    again_after_ms: int = 700,
    give_up_ms: int = 20_000,
) -> Answer:
    """Act on the window ``find()`` returns as soon as it is visible, again every ``again_after_ms`` while it
    stays visible; stop once it has been acted on and is gone. If it never closes within ``give_up_ms`` it
    is closed here and ``.gave_up`` says what it was (assert ``not answer.gave_up`` after the blocking call)."""
    answer = Answer()
    started = time.monotonic()
    state = {"last": 0.0}

    def tick() -> None:
        widget = find()
        shown = widget is not None and widget.isVisible()
        now = time.monotonic()
        if not shown:
            if answer.acted:  # acted on, and closed: done
                answer.timer.stop()
            elif (now - started) * 1000 > give_up_ms:
                answer.gave_up = "the window to answer never opened"
                answer.timer.stop()
            return
        assert widget is not None
        if (now - started) * 1000 > give_up_ms:
            answer.gave_up = f"{describe(widget)} stayed open after {answer.acted} answer(s)"
            answer.timer.stop()
            close_window(widget)
            return
        if answer.acted and (now - state["last"]) * 1000 < again_after_ms:
            return
        answer.acted += 1
        state["last"] = now
        act(widget)

    answer.timer.setInterval(50)
    answer.timer.timeout.connect(tick)
    answer.timer.start()
    return answer


class StuckWindowWatch:
    """Close the same modal window or popup once it has been open for ``limit_s`` seconds; ``.stuck`` names
    each one closed. Runs on a timer, so it works inside the window's own event loop."""

    def __init__(self, limit_s: float) -> None:
        self.limit_s = limit_s
        self.stuck: list[str] = []
        self._widget: QWidget | None = None
        self._since = 0.0
        self.timer = QTimer()
        self.timer.setInterval(max(50, min(1000, int(limit_s * 250))))
        self.timer.timeout.connect(self._look)

    def start(self) -> StuckWindowWatch:
        self.timer.start()
        return self

    def stop(self) -> None:
        self.timer.stop()

    def _look(self) -> None:
        widget = QApplication.activePopupWidget() or QApplication.activeModalWidget()
        now = time.monotonic()
        if widget is None or widget is not self._widget:
            self._widget, self._since = widget, now
            return
        if now - self._since < self.limit_s:
            return
        self.stuck.append(describe(widget))
        self._widget, self._since = None, now
        close_window(widget)
