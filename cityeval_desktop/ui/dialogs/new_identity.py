"""New signing identity: name, organisation and its credit code, password twice, where to save the .p12.

Everything is checked as it is typed (the credit code with the same GB 32100 check as the command line).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.uscc import validate as validate_uscc
from cityeval_desktop.services import identities as identity_service
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.dialogs.new_case import USCC_MAX_TYPED
from cityeval_desktop.ui.errors import describe
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

MAX_NAME = 64  # X.520 bound of the certificate's name and organisation
_BAD_FILE_CHARS = '<>:"/\\|?*'


def _file_stem(name: str) -> str:
    return "".join("-" if ch in _BAD_FILE_CHARS or ord(ch) < 32 else ch for ch in name.strip())


class NewIdentityDialog(QDialog):
    """Creates the identity on the background worker (the key takes a moment); emits ``created``."""

    created = Signal(object)  # IdentityInfo

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, key_size: int | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._key_size = key_size
        self._path_edited = False
        self.operation: BackgroundOperation | None = None
        self.info: object = None
        self.setWindowTitle(self.tr("New signing identity"))
        self.setMinimumWidth(560)
        intro = QLabel(
            self.tr(
                "Creates a private key and a self-signed certificate in a password-protected file. Keep the "
                "file and its password safe: whoever has both can sign in your name."
            ),
            self,
        )
        intro.setWordWrap(True)
        from cityeval_desktop.ui.profile import load_profile

        profile = load_profile()
        self.name_edit = QLineEdit(profile.name[:MAX_NAME], self)
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.setPlaceholderText(self.tr("Your name, e.g. 张三"))
        self.org_edit = QLineEdit(profile.organisation[:MAX_NAME], self)
        self.org_edit.setMaxLength(MAX_NAME)
        self.org_edit.setPlaceholderText(self.tr("Assessment organisation (optional)"))
        self.uscc_edit = QLineEdit(self)
        self.uscc_edit.setMaxLength(USCC_MAX_TYPED)
        self.uscc_edit.setPlaceholderText(self.tr("Of the organisation (optional), 18 characters"))
        self.uscc_edit.setToolTip(
            self.tr("Written into the certificate: the organisation's own self-checks are matched to it by code")
        )
        self.uscc_edit.editingFinished.connect(self._on_uscc_editing_finished)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(
            self.tr("At least %1 characters").replace("%1", str(identity_service.MIN_PASSWORD_LENGTH))
        )
        self.repeat_edit = QLineEdit(self)
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName(self.tr("Save as"))
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self._on_browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Organisation"), self.org_edit)
        form.addRow(self.tr("Unified social credit code"), self.uscc_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow(self.tr("Repeat the password"), self.repeat_edit)
        form.addRow(self.tr("Save as"), path_row)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(self.tr("Create"))
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        for edit in (self.name_edit, self.org_edit, self.uscc_edit, self.password_edit, self.repeat_edit):
            edit.textChanged.connect(self._on_changed)
        self.path_edit.textEdited.connect(self._on_path_edited)
        self.path_edit.textChanged.connect(self._on_changed)
        self._suggest_path()
        self._on_changed()

    def _suggest_path(self) -> None:
        if self._path_edited:
            return
        folder = identity_service.identity_folder(self._ctx)
        stem = _file_stem(self.name_edit.text()) or self.tr("identity")
        self.path_edit.setText(str(folder / f"{stem}.p12"))

    @Slot(str)
    def _on_path_edited(self, _text: str) -> None:
        self._path_edited = True

    @Slot()
    def _on_browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save identity as"), self.path_edit.text(), self.tr("PKCS#12 identity (*.p12)")
        )
        if name:
            if not name.lower().endswith((".p12", ".pfx")):
                name += ".p12"
            self._path_edited = True
            self.path_edit.setText(name)

    def problem(self) -> str:
        """What still keeps Create disabled ("" when it can be created)."""
        if not self.name_edit.text().strip():
            return self.tr("Type your name (it appears in the certificate and in every signature).")
        if self.uscc_edit.text().strip():
            if not self.org_edit.text().strip():
                return self.tr("A unified social credit code belongs to an organisation: type the organisation too.")
            check = validate_uscc(self.uscc_edit.text())
            if not check.ok:
                return self.tr("The unified social credit code is not valid. %1").replace(
                    "%1", i18n.join_messages(i18n.pick(e) for e in check.errors)
                )
        if not self.password_edit.text():
            return self.tr("Choose a password for the file.")
        if len(self.password_edit.text()) < identity_service.MIN_PASSWORD_LENGTH:
            return (
                self.tr("The password needs at least %1 characters (it has %2): it alone protects your signing key.")
                .replace("%1", str(identity_service.MIN_PASSWORD_LENGTH))
                .replace("%2", str(len(self.password_edit.text())))
            )
        if self.password_edit.text() != self.repeat_edit.text():
            return (
                self.tr("The two passwords differ.")
                if self.repeat_edit.text()
                else self.tr("Type the password again to confirm it.")
            )
        text = self.path_edit.text().strip()
        if not text:
            return self.tr("Choose where to save the identity file.")
        path = Path(text).expanduser()
        if path.exists():
            return self.tr("%1 already exists; choose another name (an identity is never overwritten).").replace(
                "%1", str(path)
            )
        if not path.parent.is_dir():
            return self.tr("The folder %1 does not exist; choose another place.").replace("%1", str(path.parent))
        return ""

    @Slot()
    def _on_uscc_editing_finished(self) -> None:
        """Show a valid code as it is written (a pasted ``9135 0100 …`` or a full-width one is normalised)."""
        check = validate_uscc(self.uscc_edit.text())
        if check.ok and self.uscc_edit.text() != check.code:
            self.uscc_edit.setText(check.code)

    @Slot()
    def _on_changed(self) -> None:
        self._suggest_path()
        problem = self.problem()
        self.message.setText(problem)
        self.create_button.setEnabled(not problem and self.operation is None)

    @Slot()
    def create(self) -> BackgroundOperation | None:
        if self.problem() or self.operation is not None:
            return None
        ctx, key_size = self._ctx, self._key_size
        name, org = self.name_edit.text().strip(), self.org_edit.text().strip() or None
        uscc = validate_uscc(self.uscc_edit.text()).code if self.uscc_edit.text().strip() else None
        password, out = self.password_edit.text(), Path(self.path_edit.text().strip()).expanduser()

        def work(_progress: Progress) -> object:
            return identity_service.create_identity(
                ctx, out, name=name, org=org, uscc=uscc, password=password, key_size=key_size
            )

        self.create_button.setEnabled(False)
        self.message.clear()
        self.operation = BackgroundOperation(self, work, title=self.tr("Creating the identity"), cancellable=False)
        self.operation.success(self._on_created).failure(self._on_failed).run()
        return self.operation

    def _on_created(self, info: object) -> None:
        self.password_edit.clear()
        self.repeat_edit.clear()
        self.info = info
        self.created.emit(info)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.operation = None
        self.message.setText("\n".join(describe(exc)))
        self.create_button.setEnabled(not self.problem())
