"""A list of problems (each with where it is, e.g. ``Sheet!Cell``) that the user can read and copy."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.ui.errors import describe


class ProblemsDialog(QDialog):
    """Shows what failed as a list, one line per problem; nothing was changed."""

    def __init__(self, parent: QWidget | None, title: str, intro: str, lines: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 420)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.addItems(lines)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton(self.tr("Copy the list"), self)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)

    def lines(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    @Slot()
    def _on_copy(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(self.lines()))


def show_problems(parent: QWidget | None, title: str, intro: str, exc: BaseException) -> ProblemsDialog:
    """Open (non-blocking) a problems dialog for the exception's located messages."""
    dialog = ProblemsDialog(parent, title, intro, describe(exc))
    dialog.open()
    return dialog
