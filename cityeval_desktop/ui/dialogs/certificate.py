"""Result certificate: the issuing identity, its password, the language and the file; signed on the worker.

The certificate is rendered, signed and written by ``services/certificates.py write_certificate`` (the same
service as ``cityeval report certificate``); the dialog then shows the file, the certificate number and the
hash its QR code carries, or why nothing was written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
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
from cityeval_desktop.ui.errors import describe
from cityeval_desktop.ui.widgets.identity_file import choose_identity_file
from cityeval_desktop.ui.worker import BackgroundOperation, Progress


class CertificateDialog(QDialog):
    """Asks for the issuing identity, its password, the language and the file; ``written`` carries the result."""

    written = Signal(object)  # CertificateResult

    def __init__(self, ctx: AppContext, summary: CaseSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.summary = summary
        self.ref = summary.ref
        self.operation: BackgroundOperation | None = None
        self.result_value: Any = None
        self.setWindowTitle(self.tr("Result certificate"))
        self.setMinimumWidth(620)

        intro = QLabel(
            self.tr(
                "Write the one-page result certificate of this finalized revision for the entity to show, signed "
                "by the issuing organisation. Its QR code carries the certificate's hash, which the command "
                "cityeval verify-pdf checks against the case."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.identity_edit = QLineEdit(default_identity(), self)
        self.identity_edit.setPlaceholderText(self.tr("The issuing organisation's identity (.p12)"))
        self.identity_button = QPushButton(self.tr("Choose…"), self)
        self.identity_button.clicked.connect(self._on_choose_identity)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.lang_combo = QComboBox(self)
        self.lang_combo.addItem("中文", "zh")
        self.lang_combo.addItem("English", "en")
        self.lang_combo.setCurrentIndex(0 if i18n.lang() == "zh" else 1)
        self.out_edit = QLineEdit(str(self._suggested()), self)
        self.out_button = QPushButton(self.tr("Choose…"), self)
        self.out_button.clicked.connect(self._on_choose_out)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()

        self.form_widget = QWidget(self)
        form = QFormLayout(self.form_widget)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Identity"), self._row(self.identity_edit, self.identity_button))
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow(self.tr("Certificate language"), self.lang_combo)
        form.addRow(self.tr("Save as"), self._row(self.out_edit, self.out_button))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.write_button = self.buttons.addButton(self.tr("Write certificate"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.write_button.setDefault(True)
        self.folder_button = self.buttons.addButton(self.tr("Open folder"), QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button.hide()
        self.folder_button.clicked.connect(self._on_open_folder)
        for button in (self.identity_button, self.out_button, self.folder_button):
            button.setAutoDefault(False)  # Enter anywhere in the form means Write
        self.buttons.accepted.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form_widget)
        layout.addWidget(self.message)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        (self.password_edit if self.identity_edit.text() else self.identity_edit).setFocus()

    def _row(self, edit: QLineEdit, button: QPushButton) -> QWidget:
        widget = QWidget(self)
        row = QHBoxLayout(widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(button)
        return widget

    def _suggested(self) -> Path:
        s = self.summary
        return Path.home() / f"{s.entity_name}-{self.tr('certificate')}-r{s.revision}.pdf"

    @Slot()
    def _on_choose_identity(self) -> None:
        choose_identity_file(self.identity_edit, self.tr("Signing identity"))

    @Slot()
    def _on_choose_out(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the result certificate"), self.out_edit.text(), self.tr("PDF (*.pdf)")
        )
        if name:
            self.out_edit.setText(str(_pdf(Path(name))))

    @Slot()
    def write(self) -> BackgroundOperation | None:
        """Check the fields, then render, sign and write the certificate on the background worker."""
        if self.operation is not None and not self.operation.done:
            return None
        identity_text, password = self.identity_edit.text().strip(), self.password_edit.text()
        out_text = self.out_edit.text().strip()
        problem = ""
        if not identity_text:
            problem = self.tr("Choose the issuing organisation's identity file.")
        elif not password:
            problem = self.tr("Enter the identity's password.")
        elif not out_text:
            problem = self.tr("Choose where to save the certificate.")
        if problem:
            self.message.setText(problem)
            return None
        ctx, ref, lang = self._ctx, self.ref, str(self.lang_combo.currentData())
        identity_path = Path(identity_text).expanduser()
        out = _pdf(Path(out_text).expanduser())
        self.out_edit.setText(str(out))

        def work(progress: Progress) -> Any:
            from cityeval_desktop.services.certificates import write_certificate_with_identity_file

            progress.report(0, 1, "")
            return write_certificate_with_identity_file(ctx, ref, out, identity_path, password, lang=lang)

        self.write_button.setEnabled(False)
        self.message.clear()
        self.result_label.hide()
        self.operation = BackgroundOperation(self, work, title=self.tr("Writing the certificate"), cancellable=False)
        self.operation.success(self._on_written).failure(self._on_failed).run()
        return self.operation

    def _on_written(self, result: Any) -> None:
        QSettings().setValue(LAST_IDENTITY_KEY, self.identity_edit.text().strip())
        self.password_edit.clear()
        self.result_value = result
        self.result_label.setText(
            "\n".join(
                [
                    self.tr("Certificate written: %1").replace("%1", str(result.path)),
                    self.tr("Certificate number: %1, issued by %2")
                    .replace("%1", result.certificate_no)
                    .replace("%2", result.issuer),
                    self.tr("Certificate hash (in its QR code): %1").replace("%1", result.sha256),
                ]
            )
        )
        self.result_label.setStyleSheet("color: #1b7f3b;")
        self.result_label.show()
        self.form_widget.setEnabled(False)
        self.adjustSize()
        self.write_button.hide()
        self.folder_button.show()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.written.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.write_button.setEnabled(True)
        self.message.setText("\n".join(describe(exc)))

    @Slot()
    def _on_open_folder(self) -> None:
        if self.result_value is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.result_value.path).parent)))


def _pdf(path: Path) -> Path:
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")
