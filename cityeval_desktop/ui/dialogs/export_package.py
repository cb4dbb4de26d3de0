"""Export package: a finalized revision as a signed ``.cityeval`` file for an agency, optionally encrypted for it.

The package is written, re-opened and checked whole on the background worker
(``services/packages.py export_package``); the dialog then shows the file, its SHA-256 and what it carries,
or why nothing was written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QFileDialog, QLabel, QLineEdit, QWidget

from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.summaries import CaseSummary
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.dialogs.finalize import LAST_IDENTITY_KEY, default_identity
from cityeval_desktop.ui.dialogs.identity_form import IdentityFormDialog
from cityeval_desktop.ui.encryption import ENCRYPTED_SUFFIX
from cityeval_desktop.ui.errors import describe
from cityeval_desktop.ui.widgets.package_models import size_text
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

PACKAGE_SUFFIX = ".cityeval"
LAST_RECIPIENT_KEY = "packages/recipient"


class ExportPackageDialog(IdentityFormDialog):
    """Asks for the identity that signs the package, its password and the file; ``exported`` carries the result."""

    exported = Signal(object)  # ExportResult (of the encrypted file when encrypted)

    def __init__(self, ctx: AppContext, summary: CaseSummary, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            summary.ref,
            parent,
            title=self.tr("Export package"),
            intro=self.tr(
                "Write this finalized revision as a signed package to send to an agency: the answers, the evidence "
                "files, the signed report and the audit trail in one file that the agency checks on import. "
                "The package is checked whole after it is written."
            ),
            identity_label=self.tr("Identity"),
            identity_hint=self.tr("Your signing identity (.p12)"),
            identity=default_identity(),
            remember_key=LAST_IDENTITY_KEY,
            action=self.tr("Export"),
            with_folder=True,
            width=660,
        )
        self.summary = summary
        self.export_button = self.action_button
        self.out_edit = QLineEdit(str(self._suggested(PACKAGE_SUFFIX)), self)
        self.out_button = self.choose_button(self._on_choose_out)

        self.encrypt_check = QCheckBox(self.tr("Encrypt for an agency certificate"), self)
        self.encrypt_check.setToolTip(
            self.tr("Only the holder of that certificate's identity can open the package (for USB sticks and e-mail)")
        )
        self.recipient_edit = QLineEdit(str(QSettings().value(LAST_RECIPIENT_KEY, "") or ""), self)
        self.recipient_edit.setPlaceholderText(self.tr("The agency's certificate (.pem)"))
        self.recipient_button = self.choose_button(self._on_choose_recipient)
        self.encrypt_check.toggled.connect(self._on_encrypt_toggled)

        save_as = self.tr("Save as")
        self.form.addRow(save_as, self.file_row(self.out_edit, self.out_button, save_as))
        agency = self.tr("Agency certificate")
        self.recipient_row = self.file_row(self.recipient_edit, self.recipient_button, agency)
        self.recipient_label = QLabel(self)  # whom the chosen certificate names (read when it is chosen)
        self.recipient_label.setWordWrap(True)
        self.form.addRow("", self.encrypt_check)
        self.form.addRow(agency, self.recipient_row)
        self.recipient_edit.editingFinished.connect(self._show_recipient)
        self.finish_layout(self.export, self.recipient_label)
        self._on_encrypt_toggled(False)

    def _suggested(self, suffix: str) -> Path:
        s = self.summary
        return Path.home() / f"{s.entity_name}-{s.case_uuid[:8]}-r{s.revision}{suffix}"

    # ------------------------------------------------------------------ choosing files
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
        out_text = self.out_edit.text().strip()
        encrypt = self.encrypt_check.isChecked()
        recipient_text = self.recipient_edit.text().strip()
        checks = self.identity_checks(self.tr("Choose your identity file."))
        checks.append((not out_text, self.tr("Choose where to save the package."), self.out_edit))
        checks.append(
            (
                encrypt and not recipient_text,
                self.tr("Choose the agency's certificate, or untick encryption."),
                self.recipient_edit,
            )
        )
        if self.busy() or self.refuse(checks):
            return None
        ctx, ref, identity_path, password = self._ctx, self.ref, self.identity_path, self.password_edit.text()
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
            progress.check()
            return export_package(
                ctx, ref, out, identity, encrypt_to=[recipient] if recipient else None, check=progress.check
            )

        return self.start(work, self.tr("Writing the package"), self._on_exported, cancellable=True)

    def _on_exported(self, result: Any) -> None:
        if self.encrypt_check.isChecked():
            QSettings().setValue(LAST_RECIPIENT_KEY, self.recipient_edit.text().strip())
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
        self.done_with(lines)
        self.exported.emit(result)
