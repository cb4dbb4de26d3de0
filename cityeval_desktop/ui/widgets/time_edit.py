"""A date-and-time field that may be empty, shown in the interface's locale and read as an aware time."""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateTimeEdit, QWidget

#: the "not given" value (shown as the special text); no query time is this early
_EMPTY = QDateTime.fromSecsSinceEpoch(0)


def locale_format(locale: QLocale) -> str:
    """The locale's short date and time, with a four-digit year and two-digit fields (typed as shown)."""
    text = f"{locale.dateFormat(QLocale.FormatType.ShortFormat)} {locale.timeFormat(QLocale.FormatType.ShortFormat)}"
    text = re.sub(r"\s+", " ", text)  # a narrow no-break space before AM/PM cannot be typed
    return re.sub(r"y+|M+|d+|H+|h+|m+", lambda m: "yyyy" if m.group(0)[0] == "y" else m.group(0)[0] * 2, text)


class OptionalTimeEdit(QDateTimeEdit):
    """Local date and time to the minute, or nothing (``special_text``).

    An arrow key or the calendar on an empty field starts from the current time; Delete or Backspace
    with the whole text selected empties it again. ``value()`` is the time with the local offset.
    """

    def __init__(self, special_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumDateTime(_EMPTY)
        self.setSpecialValueText(special_text)
        self.setDisplayFormat(locale_format(self.locale()))
        self.setCalendarPopup(True)
        self.setDateTime(_EMPTY)
        self.calendarWidget().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # the calendar of an empty field opens on today, not on the "not given" date
        if watched is self.calendarWidget() and event.type() == QEvent.Type.Show and self.is_empty():
            calendar = self.calendarWidget()
            blocked = calendar.blockSignals(True)  # only where it opens: the field stays empty until a pick
            calendar.setSelectedDate(QDate.currentDate())
            calendar.blockSignals(blocked)
        return super().eventFilter(watched, event)

    def is_empty(self) -> bool:
        return self.dateTime() == self.minimumDateTime()

    def value(self) -> datetime | None:
        """The time shown, aware (the local offset), or None when empty."""
        if self.is_empty():
            return None
        shown = self.dateTime().toPython().replace(second=0, microsecond=0)
        return shown.astimezone()

    def set_value(self, value: datetime | None) -> None:
        """Show ``value`` (any offset) in local time, or nothing."""
        if value is None:
            self.setDateTime(self.minimumDateTime())
            return
        local = value.astimezone().replace(tzinfo=None, second=0, microsecond=0)
        self.setDateTime(QDateTime(local))

    def stepBy(self, steps: int) -> None:
        if self.is_empty():
            self.set_value(datetime.now())
            return
        super().stepBy(steps)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        line = self.lineEdit()
        everything = line.selectedText() == line.text() and line.text() != ""
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (everything or self.is_empty()):
            self.set_value(None)
            event.accept()
            return
        if self.is_empty() and event.text().isdigit():
            # typing into the empty field starts from a date: the digits go into its first section
            self.set_value(datetime.now())
            self.selectAll()
        super().keyPressEvent(event)
