"""Export package: a finalized revision as a signed ``.cityeval`` file for an agency, optionally encrypted for it.

The package is written, re-opened and checked whole on the background worker
(``services/packages.py export_package``); the dialog then shows the file, its SHA-256 and what it carries,
or why nothing was written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
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

from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.summaries import CaseSummary
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.dialogs.finalize import LAST_IDENTITY_KEY, default_identity
from cityeval_desktop.ui.encryption import ENCRYPTED_SUFFIX
from cityeval_desktop.ui.errors import describe
from cityeval_desktop.ui.widgets.identity_file import choose_identity_file
from cityeval_desktop.ui.widgets.package_models import size_text
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

PACKAGE_SUFFIX = ".cityeval"
LAST_RECIPIENT_KEY = "packages/recipient"


class ExportPackageDialog(QDialog):
    """Asks for the identity that signs the package, its password and the file; ``exported`` carries the result."""

    exported = Signal(object)  # ExportResult (of the encrypted file when encrypted)

    def __init__(self, ctx: AppContext, summary: CaseSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.summary = summary
        self.ref = summary.ref
        self.operation: BackgroundOperation | None = None
        self.result_value: Any = None
        self.setWindowTitle(self.tr("Export package"))
        self.setMinimumWidth(660)

        intro = QLabel(
            self.tr(
                "Write this finalized revision as a signed package to send to an agency: the answers, the evidence "
                "files, the signed report and the audit trail in one file that the agency checks on import. "
                "The package is checked whole after it is written."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.identity_edit = QLineEdit(default_identity(), self)
        self.identity_edit.setPlaceholderText(self.tr("Your signing identity (.p12)"))
        self.identity_button = QPushButton(self.tr("Choose…"), self)
        self.identity_button.clicked.connect(self._on_choose_identity)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.out_edit = QLineEdit(str(self._suggested(PACKAGE_SUFFIX)), self)
        self.out_button = QPushButton(self.tr("Choose…"), self)
        self.out_button.clicked.connect(self._on_choose_out)

        self.encrypt_check = QCheckBox(self.tr("Encrypt for an agency certificate"), self)
        self.encrypt_check.setToolTip(
            self.tr("Only the holder of that certificate's identity can open the package (for USB sticks and e-mail)")
        )
        self.recipient_edit = QLineEdit(str(QSettings().value(LAST_RECIPIENT_KEY, "") or ""), self)
        self.recipient_edit.setPlaceholderText(self.tr("The agency's certificate (.pem)"))
        self.recipient_button = QPushButton(self.tr("Choose…"), self)
        self.recipient_button.clicked.connect(self._on_choose_recipient)
        self.encrypt_check.toggled.connect(self._on_encrypt_toggled)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()

        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Identity"), self._row(self.identity_edit, self.identity_button))
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow(self.tr("Save as"), self._row(self.out_edit, self.out_button))
        self.recipient_row = self._row(self.recipient_edit, self.recipient_button)
        self.recipient_label = QLabel(self)  # whom the chosen certificate names (read when it is chosen)
        self.recipient_label.setWordWrap(True)
        form.addRow("", self.encrypt_check)
        form.addRow(self.tr("Agency certificate"), self.recipient_row)
        self.recipient_edit.editingFinished.connect(self._show_recipient)
        self.form_widget = form_widget

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.folder_button = self.buttons.addButton(self.tr("Open folder"), QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button.hide()
        self.folder_button.clicked.connect(self._on_open_folder)
        for button in (self.identity_button, self.out_button, self.recipient_button, self.folder_button):
            button.setAutoDefault(False)  # Enter anywhere in the form means Export
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(form_widget)
        layout.addWidget(self.recipient_label)
        layout.addWidget(self.message)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self._on_encrypt_toggled(False)
        (self.password_edit if self.identity_edit.text() else self.identity_edit).setFocus()

    def _row(self, edit: QLineEdit, button: QPushButton) -> QWidget:
        widget = QWidget(self)
        row = QHBoxLayout(widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(button)
        return widget

    def _suggested(self, suffix: str) -> Path:
        s = self.summary
        return Path.home() / f"{s.entity_name}-{s.case_uuid[:8]}-r{s.revision}{suffix}"

    # ------------------------------------------------------------------ choosing files
    @Slot()
    def _on_choose_identity(self) -> None:
        choose_identity_file(self.identity_edit, self.tr("Signing identity"))

    @Slot()
    def _on_choose_out(self) -> None:
        encrypted = self.encrypt_check.isChecked()
        pattern = self.tr("Encrypted case package (*.p7m)") if encrypted else self.tr("Case package (*.cityeval)")
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the package"), self.out_edit.text(), pattern)
        if name:
            self.out_edit.setText(str(self._with_suffix(Path(name))))

    @Slot()
    def _on_choose_recipient(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("The agency's certificate"),
            self.recipient_edit.text(),
            self.tr("Certificate (*.pem *.crt *.cer *.der)"),
        )
        if name:
            self.recipient_edit.setText(name)
            self.encrypt_check.setChecked(True)
            self._show_recipient()

    @Slot()
    def _show_recipient(self) -> bool:
        """Say whom the chosen agency certificate names, or why it cannot receive a package."""
        from cityeval_desktop.services.package_crypto import recipient_facts

        text = self.recipient_edit.text().strip()
        if not text or not self.encrypt_check.isChecked():
            self.recipient_label.clear()
            return bool(text)
        try:
            facts = recipient_facts(Path(text).expanduser())
        except Exception as exc:
            self.recipient_label.setText("\n".join(describe(exc)))
            self.recipient_label.setStyleSheet("color: #b3261e;")
            return False
        self.recipient_label.setText(
            self.tr("Only “%1” (certificate fingerprint %2, valid until %3) can open the package")
            .replace("%1", facts["subject"])
            .replace("%2", facts["fingerprint_short"])
            .replace("%3", str(facts["not_after"])[:10])
        )
        self.recipient_label.setStyleSheet("color: #1e3a5f;")
        self.adjustSize()
        return True

    @Slot(bool)
    def _on_encrypt_toggled(self, on: bool) -> None:
        self.recipient_edit.setEnabled(on)
        self.recipient_button.setEnabled(on)
        self.recipient_label.setVisible(on)
        text = self.out_edit.text().strip()
        if text:
            self.out_edit.setText(str(self._with_suffix(Path(text))))

    def _with_suffix(self, path: Path) -> Path:
        """The name ends in ``.cityeval``, or in ``.cityeval.p7m`` when the package is encrypted."""
        name = path.name
        for suffix in (ENCRYPTED_SUFFIX, PACKAGE_SUFFIX):
            if name.lower().endswith(suffix):
                name = name[: -len(suffix)]
                break
        wanted = ENCRYPTED_SUFFIX if self.encrypt_check.isChecked() else PACKAGE_SUFFIX
        return path.with_name((name or "package") + wanted)

    # ------------------------------------------------------------------ exporting
    @Slot()
    def export(self) -> BackgroundOperation | None:
        """Check the fields, then write the package on the background worker."""
        if self.operation is not None and not self.operation.done:
            return None
        identity_text, password = self.identity_edit.text().strip(), self.password_edit.text()
        out_text = self.out_edit.text().strip()
        encrypt = self.encrypt_check.isChecked()
        recipient_text = self.recipient_edit.text().strip()
        problem = ""
        if not identity_text:
            problem = self.tr("Choose your identity file.")
        elif not password:
            problem = self.tr("Enter the identity's password.")
        elif not out_text:
            problem = self.tr("Choose where to save the package.")
        elif encrypt and not recipient_text:
            problem = self.tr("Choose the agency's certificate, or untick encryption.")
        if problem:
            self.message.setText(problem)
            return None
        ctx, ref = self._ctx, self.ref
        identity_path = Path(identity_text).expanduser()
        out = self._with_suffix(Path(out_text).expanduser())
        self.out_edit.setText(str(out))
        recipient = Path(recipient_text).expanduser() if encrypt else None

        def work(progress: Progress) -> Any:
            from cityeval_desktop.services.identities import load_signing_identity
            from cityeval_desktop.services.packages import export_package

            progress.report(0, 1, "")
            if recipient is not None:  # an unusable agency certificate is said before the identity is opened
                from cityeval_desktop.services.package_crypto import recipient_facts

                recipient_facts(recipient)
            identity = load_signing_identity(identity_path, password)
            return export_package(ctx, ref, out, identity, encrypt_to=[recipient] if recipient else None)

        self.export_button.setEnabled(False)
        self.message.clear()
        self.result_label.hide()
        self.operation = BackgroundOperation(self, work, title=self.tr("Writing the package"), cancellable=False)
        self.operation.success(self._on_exported).failure(self._on_failed).run()
        return self.operation

    def _on_exported(self, result: Any) -> None:
        settings = QSettings()
        settings.setValue(LAST_IDENTITY_KEY, self.identity_edit.text().strip())
        if self.encrypt_check.isChecked():
            settings.setValue(LAST_RECIPIENT_KEY, self.recipient_edit.text().strip())
        self.password_edit.clear()
        self.result_value = result
        lines = [
            self.tr("Package written and checked: %1").replace("%1", str(result.path)),
            self.tr("SHA-256: %1").replace("%1", result.sha256),
            i18n.plural(
                result.evidence_files,
                self.tr("%1 evidence file, %2, signed by %3"),
                self.tr("%1 evidence files, %2, signed by %3"),
            )
            .replace("%2", size_text(result.size))
            .replace("%3", result.signer_name),
        ]
        for r in getattr(result, "recipients", ()):
            lines.append(
                self.tr("Encrypted: only “%1” (certificate fingerprint %2) can open it")
                .replace("%1", r["subject"])
                .replace("%2", r["fingerprint_short"])
            )
        self.result_label.setText("\n".join(lines))
        self.result_label.setStyleSheet("color: #1b7f3b;")
        self.result_label.show()
        self.form_widget.setEnabled(False)
        self.adjustSize()  # room for the result below the form
        self.export_button.hide()
        self.folder_button.show()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.exported.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.message.setText("\n".join(describe(exc)))

    @Slot()
    def _on_open_folder(self) -> None:
        if self.result_value is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.result_value.path).parent)))
