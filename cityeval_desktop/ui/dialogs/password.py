"""A masked password prompt (once, or twice for a new file); the text is never stored or logged."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class PasswordDialog(QDialog):
    """``PasswordDialog(parent, title, prompt, confirm=True).ask()`` → the password, or None when cancelled.

    OK stays disabled until a password is typed (and, with ``confirm``, typed the same twice); Enter
    means OK, Escape cancels. The fields are cleared when the dialog closes.
    """

    def __init__(self, parent: QWidget | None, title: str, prompt: str, *, confirm: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit(self)
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b3261e;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Password"), self.password_edit)
        if confirm:
            form.addRow(self.tr("Repeat the password"), self.repeat_edit)
        else:
            self.repeat_edit.hide()
        self._confirm = confirm
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.password_edit.textChanged.connect(self._on_text_changed)
        self.repeat_edit.textChanged.connect(self._on_text_changed)
        self._on_text_changed()

    @Slot()
    def _on_text_changed(self) -> None:
        first, second = self.password_edit.text(), self.repeat_edit.text()
        problem = ""
        if not first:
            problem = self.tr("Type the password.")
        elif self._confirm and second and first != second:
            problem = self.tr("The two passwords differ.")
        elif self._confirm and not second:
            problem = self.tr("Type the password again to confirm it.")
        self.message.setText(problem if (first or second) else "")
        self.ok_button.setEnabled(not problem)

    @Slot()
    def _on_accepted(self) -> None:
        if self.ok_button.isEnabled():
            self.accept()

    def password(self) -> str:
        return self.password_edit.text()

    def ask(self) -> str | None:
        """Show the dialog modally; the password, or None when cancelled. The fields are cleared afterwards."""
        try:
            return self.password() if self.exec() == QDialog.DialogCode.Accepted else None
        finally:
            self.password_edit.clear()
            self.repeat_edit.clear()


def ask_password(parent: QWidget | None, title: str, prompt: str, *, confirm: bool = False) -> str | None:
    """Ask for a password in a masked dialog; None when cancelled."""
    return PasswordDialog(parent, title, prompt, confirm=confirm).ask()
