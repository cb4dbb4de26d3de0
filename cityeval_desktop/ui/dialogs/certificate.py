"""Result certificate: the issuing identity, its password, the language and the file; signed on the worker.

The certificate is rendered, signed and written by ``services/certificates.py write_certificate`` (the same
service as ``cityeval report certificate``); the dialog then shows the file, the certificate number and the
hash its QR code carries, or why nothing was written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QFileDialog, QLineEdit, QWidget

from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.summaries import CaseSummary
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.dialogs.finalize import LAST_IDENTITY_KEY, default_identity
from cityeval_desktop.ui.dialogs.identity_form import IdentityFormDialog
from cityeval_desktop.ui.worker import BackgroundOperation, Progress


class CertificateDialog(IdentityFormDialog):
    """Asks for the issuing identity, its password, the language and the file; ``written`` carries the result."""

    written = Signal(object)  # CertificateResult

    def __init__(self, ctx: AppContext, summary: CaseSummary, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            summary.ref,
            parent,
            title=self.tr("Result certificate"),
            intro=self.tr(
                "Write the one-page result certificate of this finalized revision for the entity to show, signed "
                "by the issuing organisation. Its QR code carries the certificate's hash, which the command "
                "cityeval verify-pdf checks against the case."
            ),
            identity_label=self.tr("Identity"),
            identity_hint=self.tr("The issuing organisation's identity (.p12)"),
            identity=default_identity(),
            remember_key=LAST_IDENTITY_KEY,
            action=self.tr("Write certificate"),
            with_folder=True,
        )
        self.summary = summary
        self.write_button = self.action_button
        self.lang_combo = QComboBox(self)
        self.lang_combo.addItem("中文", "zh")
        self.lang_combo.addItem("English", "en")
        self.lang_combo.setCurrentIndex(0 if i18n.lang() == "zh" else 1)
        self.out_edit = QLineEdit(str(self._suggested()), self)
        self.out_button = self.choose_button(self._on_choose_out)
        self.form.addRow(self.tr("Certificate language"), self.lang_combo)
        save_as = self.tr("Save as")
        self.form.addRow(save_as, self.file_row(self.out_edit, self.out_button, save_as))
        self.finish_layout(self.write)

    def _suggested(self) -> Path:
        s = self.summary
        return Path.home() / f"{s.entity_name}-{self.tr('certificate')}-r{s.revision}.pdf"

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
        out_text = self.out_edit.text().strip()
        checks = self.identity_checks(self.tr("Choose the issuing organisation's identity file."))
        checks.append((not out_text, self.tr("Choose where to save the certificate."), self.out_edit))
        if self.busy() or self.refuse(checks):
            return None
        ctx, ref, lang = self._ctx, self.ref, str(self.lang_combo.currentData())
        identity_path, password = self.identity_path, self.password_edit.text()
        out = _pdf(Path(out_text).expanduser())
        self.out_edit.setText(str(out))

        def work(progress: Progress) -> Any:
            from cityeval_desktop.services.certificates import write_certificate_with_identity_file

            progress.report(0, 1, "")
            return write_certificate_with_identity_file(ctx, ref, out, identity_path, password, lang=lang)

        return self.start(work, self.tr("Writing the certificate"), self._on_written)

    def _on_written(self, result: Any) -> None:
        self.done_with(
            [
                self.tr("Certificate written: %1").replace("%1", str(result.path)),
                self.tr("Certificate number: %1, issued by %2")
                .replace("%1", result.certificate_no)
                .replace("%2", result.issuer),
                self.tr("Certificate hash (in its QR code): %1").replace("%1", result.sha256),
            ]
        )
        self.written.emit(result)


def _pdf(path: Path) -> Path:
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")
