"""A table whose Delete (or Backspace) key asks to remove the current row: the caller confirms and acts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableWidget


class DeleteKeyTable(QTableWidget):
    """Emits ``delete_pressed`` for Delete or Backspace on a current row; every other key as usual."""

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentRow() >= 0:
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)
