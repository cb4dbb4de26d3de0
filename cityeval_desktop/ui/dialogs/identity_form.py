"""The form every "sign with my identity file" dialog shares: an intro, the identity file and its password,
the dialog's own rows, a red message line, a green result, and one action run on the background worker.

The package export, the result certificate and the reviewer's countersignature are built on it; each adds
its rows to :attr:`IdentityFormDialog.form`, checks its fields, and hands its work to :meth:`start`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.services.context import AppContext
from cityeval_desktop.ui.errors import describe
from cityeval_desktop.ui.widgets.identity_file import choose_identity_file
from cityeval_desktop.ui.worker import BackgroundOperation, Progress


class IdentityFormDialog(QDialog):
    """Intro, identity + password rows, room for more rows, message, result, Cancel/Close and one action.

    Subclasses add rows to :attr:`form`, call :meth:`finish_layout`, and in their action check their
    fields with :meth:`refuse`, then call :meth:`start`; :meth:`done_with` shows what was done.
    """

    def __init__(
        self,
        ctx: AppContext,
        ref: str,
        parent: QWidget | None,
        *,
        title: str,
        intro: str,
        identity_label: str,
        identity_hint: str,
        identity: str,
        remember_key: str,
        action: str,
        with_folder: bool,
        width: int = 620,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.ref = ref
        self._remember_key = remember_key
        self._identity_label = identity_label
        self.operation: BackgroundOperation | None = None
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(width)

        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.identity_edit = QLineEdit(identity, self)
        self.identity_edit.setPlaceholderText(identity_hint)
        self.identity_button = self.choose_button(self._on_choose_identity)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setStyleSheet("color: #1b7f3b;")
        self.result_label.hide()

        self.form_widget = QWidget(self)
        self.form = QFormLayout(self.form_widget)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(identity_label, self.file_row(self.identity_edit, self.identity_button, identity_label))
        self.form.addRow(QCoreApplication.translate("IdentityFormDialog", "Password"), self.password_edit)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.action_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.action_button.setDefault(True)
        self.folder_button: QPushButton | None = None
        if with_folder:
            self.folder_button = self.buttons.addButton(
                QCoreApplication.translate("IdentityFormDialog", "Open folder"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.folder_button.setAutoDefault(False)
            self.folder_button.hide()
            self.folder_button.clicked.connect(self._on_open_folder)
        self.buttons.rejected.connect(self.reject)
        self._cancellable = False

    # ------------------------------------------------------------------ building
    def choose_button(self, slot: Callable[[], None]) -> QPushButton:
        """A "Choose…" button that Enter never presses (Enter anywhere in the form means the action)."""
        button = QPushButton(QCoreApplication.translate("IdentityFormDialog", "Choose…"), self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def file_row(self, edit: QLineEdit, button: QPushButton, name: str) -> QWidget:
        """A line edit with its Choose… button beside it, for one row of the form labelled ``name``.

        The row's label names the row widget, not the edit inside it: the edit gets ``name`` as its
        accessible name, so a screen reader says what the field is for."""
        edit.setAccessibleName(name.replace("&", ""))
        widget = QWidget(self)
        row = QHBoxLayout(widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(button)
        return widget

    def finish_layout(self, action: Callable[[], object], *below_form: QWidget) -> None:
        """Lay the parts out (``below_form`` between the form and the message) and focus the first empty field."""
        self.buttons.accepted.connect(action)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.form_widget)
        for widget in below_form:
            layout.addWidget(widget)
        layout.addWidget(self.message)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        (self.password_edit if self.identity_edit.text() else self.identity_edit).setFocus()

    # ------------------------------------------------------------------ acting
    def busy(self) -> bool:
        return self.operation is not None and not self.operation.done

    def refuse(self, checks: list[tuple[bool, str, QWidget]]) -> bool:
        """Say the first missing field (``(missing, message, field)``) and focus it; True if one was missing."""
        for missing, text, field in checks:
            if missing:
                self.message.setText(text)
                field.setFocus()
                return True
        return False

    def identity_checks(self, missing_identity: str) -> list[tuple[bool, str, QWidget]]:
        """The identity file and its password must be given."""
        return [
            (not self.identity_edit.text().strip(), missing_identity, self.identity_edit),
            (
                not self.password_edit.text(),
                QCoreApplication.translate("IdentityFormDialog", "Enter the identity's password."),
                self.password_edit,
            ),
        ]

    @property
    def identity_path(self) -> Path:
        return Path(self.identity_edit.text().strip()).expanduser()

    def start(
        self,
        work: Callable[[Progress], Any],
        title: str,
        on_done: Callable[[Any], None],
        *,
        cancellable: bool = False,
    ) -> BackgroundOperation:
        """Run ``work`` on the background worker; ``on_done`` gets its result, a failure is said in the message.

        A ``cancellable`` work stops at its next ``progress.check()`` on Cancel (the progress dialog's, the
        dialog's own, or Esc) and must leave nothing written; the message then says so and the action can
        run again."""
        self.action_button.setEnabled(False)
        self.message.clear()
        self.result_label.hide()

        def succeeded(result: Any) -> None:
            QSettings().setValue(self._remember_key, self.identity_edit.text().strip())
            self.password_edit.clear()
            self.result_value = result
            on_done(result)

        self._cancellable = cancellable
        self.operation = BackgroundOperation(self, work, title=title, cancellable=cancellable)
        self.operation.success(succeeded).failure(self._on_failed)
        if cancellable:
            self.operation.cancelled(self._on_cancelled)
        self.operation.run()
        return self.operation

    def done_with(self, lines: list[str]) -> None:
        """Show what was done; the form is then read-only, the action gone and Cancel reads Close."""
        self.result_label.setText("\n".join(lines))
        self.result_label.show()
        self.form_widget.setEnabled(False)
        self.action_button.hide()
        if self.folder_button is not None:
            self.folder_button.show()
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        close.setText(QCoreApplication.translate("IdentityFormDialog", "Close"))
        close.setFocus()
        self.adjustSize()  # room for the result below the form

    def _on_failed(self, exc: BaseException) -> None:
        self.action_button.setEnabled(True)
        self.message.setText("\n".join(describe(exc)))
        if self.password_edit.text():  # most failures are the password's; it is typed again
            self.password_edit.selectAll()
            self.password_edit.setFocus()

    def _on_cancelled(self) -> None:
        self.action_button.setEnabled(True)
        self.message.setText(QCoreApplication.translate("IdentityFormDialog", "Cancelled; nothing was written."))

    def reject(self) -> None:
        """Cancel (or Esc) while cancellable work runs stops the work at its next step; else it closes."""
        if self.busy() and self._cancellable and self.operation is not None:
            self.operation.cancel()
            self.message.setText(QCoreApplication.translate("IdentityFormDialog", "Cancelling…"))
            return
        super().reject()

    # ------------------------------------------------------------------ slots
    @Slot()
    def _on_choose_identity(self) -> None:
        choose_identity_file(self.identity_edit, self._identity_label)
        if self.identity_edit.text():
            self.password_edit.setFocus()

    @Slot()
    def _on_open_folder(self) -> None:
        if self.result_value is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.result_value.path).parent)))
