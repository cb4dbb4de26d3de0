"""Finalize and sign: identity, password and report language; signs in the background and locks the revision.

A third-party report is signed by the lead assessor and then by the assessor organisation (issue 12): the
dialog then asks for both identities. It reads the case afresh when it opens, so what another window or
program recorded counts. The problems that stop finalizing are listed beside the workspace
(``ui/workspace/finalize_panel.py``); this dialog opens once none remain.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.reporting import (
    STEP_CHECKS,
    STEP_DONE,
    STEP_SIGN,
    STEP_STORE,
    SignerMismatchError,
    finalize_with_identity_file,
)
from cityeval_desktop.services.results import finalize_warnings
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.errors import describe
from cityeval_desktop.ui.profile import load_profile
from cityeval_desktop.ui.widgets.confirm import confirm_anyway
from cityeval_desktop.ui.widgets.identity_file import choose_identity_file
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

LAST_IDENTITY_KEY = "signing/identity"
LAST_ORG_IDENTITY_KEY = "signing/org_identity"


class FinalizeDialog(QDialog):
    """Signs and locks the revision; ``finalized`` carries the FinalizeResult."""

    finalized = Signal(object)  # FinalizeResult

    def __init__(self, ctx: AppContext, ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.ref = ref
        self.result_value: object = None
        self.operation: BackgroundOperation | None = None
        #: the open "signer is not the entity" question (tests answer it with real key presses)
        self.mismatch_box: QMessageBox | None = None
        self.setWindowTitle(self.tr("Finalize and sign"))
        self.setMinimumWidth(620)
        # read now, not from the workspace's copy: the mode decides which identities sign
        detail = case_service.load_case(ctx, ref)
        self.third_party = detail.summary.mode == "third-party"
        #: what the assessor should look at again before signing, without it stopping the finalize
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5a00;")
        found = finalize_warnings(detail)
        if found:
            self.warnings.setText(
                self.tr("Check before signing (this does not stop finalizing):")
                + "\n"
                + "\n".join("• " + i18n.pick(w.message) for w in found)
            )
        else:
            self.warnings.hide()

        self.intro = QLabel(
            self.tr(
                "All checks pass. Signing stores the signed report with the case, writes its "
                "hash to the audit trail and locks this revision (changes then need an "
                "amendment)."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.identity_edit = QLineEdit(default_identity(), self)
        self.identity_edit.setPlaceholderText(self.tr("Your signing identity (.p12)"))
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        self.browse_button.clicked.connect(self._on_browse)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        # the organisation's own identity (third-party reports): it signs second, as 评估机构
        self.org_identity_edit = QLineEdit(str(QSettings().value(LAST_ORG_IDENTITY_KEY, "") or ""), self)
        self.org_identity_edit.setPlaceholderText(self.tr("The assessor organisation's identity (.p12)"))
        self.org_browse_button = QPushButton(self.tr("Choose…"), self)
        self.org_browse_button.clicked.connect(self._on_browse_org)
        self.org_password_edit = QLineEdit(self)
        self.org_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.lang_combo = QComboBox(self)
        self.lang_combo.addItem("中文", "zh")
        self.lang_combo.addItem("English", "en")
        self.lang_combo.setCurrentIndex(0 if i18n.lang() == "zh" else 1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        row = QHBoxLayout()
        row.addWidget(self.identity_edit, 1)
        row.addWidget(self.browse_button)
        self.form_widget = QWidget(self)
        form = QFormLayout(self.form_widget)
        form.setContentsMargins(0, 0, 0, 0)
        if self.third_party:
            self.intro.setText(
                self.intro.text()
                + "\n"
                + self.tr(
                    "A third-party report is signed by the lead assessor first and then by the assessor "
                    "organisation's identity; the reviewer countersigns later."
                )
            )
            org_row = QHBoxLayout()
            org_row.addWidget(self.org_identity_edit, 1)
            org_row.addWidget(self.org_browse_button)
            self.identity_edit.setAccessibleName(self.tr("Lead assessor's identity"))
            self.org_identity_edit.setAccessibleName(self.tr("Organisation identity"))
            form.addRow(self.identity_edit.accessibleName(), row)
            form.addRow(self.tr("Password"), self.password_edit)
            form.addRow(self.org_identity_edit.accessibleName(), org_row)
            form.addRow(self.tr("Organisation password"), self.org_password_edit)
        else:
            for widget in (self.org_identity_edit, self.org_browse_button, self.org_password_edit):
                widget.hide()
            self.identity_edit.setAccessibleName(self.tr("Identity"))
            form.addRow(self.identity_edit.accessibleName(), row)
            form.addRow(self.tr("Password"), self.password_edit)
        form.addRow(self.tr("Report language"), self.lang_combo)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.sign_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_button.setText(self.tr("Finalize and sign"))
        self.buttons.accepted.connect(self.sign)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.warnings)
        layout.addWidget(self.form_widget)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password_edit if self.identity_edit.text() else self.identity_edit).setFocus()

    def step_labels(self) -> dict[str, str]:
        """What the progress dialog says for each step key of ``finalize_and_sign``."""
        return {
            STEP_CHECKS: self.tr("Checking the case…"),
            STEP_SIGN: self.tr("Writing and signing the report…"),
            STEP_STORE: self.tr("Storing the signed report…"),
            STEP_DONE: self.tr("Signed."),
        }

    @Slot()
    def _on_browse(self) -> None:
        choose_identity_file(self.identity_edit, self.tr("Signing identity"))

    @Slot()
    def _on_browse_org(self) -> None:
        choose_identity_file(self.org_identity_edit, self.tr("Organisation identity"))

    def _missing(self) -> tuple[str, QWidget] | None:
        """What is not filled in yet (the message and the field to go to), or None."""
        if not self.identity_edit.text().strip():
            if self.third_party:
                return self.tr("Choose the lead assessor's identity file."), self.identity_edit
            return self.tr("Choose your identity file."), self.identity_edit
        if not self.password_edit.text():
            return self.tr("Enter the identity's password."), self.password_edit
        if self.third_party:
            if not self.org_identity_edit.text().strip():
                return (
                    self.tr(
                        "Choose the assessor organisation's identity file: a third-party report carries its signature."
                    ),
                    self.org_identity_edit,
                )
            if Path(self.org_identity_edit.text().strip()) == Path(self.identity_edit.text().strip()):
                return (
                    self.tr("The organisation signs with its own identity, not the lead assessor's."),
                    self.org_identity_edit,
                )
            if not self.org_password_edit.text():
                return self.tr("Enter the organisation identity's password."), self.org_password_edit
        return None

    @Slot()
    def sign(self, confirm_signer_mismatch: bool = False) -> BackgroundOperation | None:
        """Sign in the background; ``confirm_signer_mismatch`` after the user confirmed another organisation."""
        path = Path(self.identity_edit.text().strip())
        password = self.password_edit.text()
        missing = self._missing()
        if missing is not None:
            self.message.setText(missing[0])
            missing[1].setFocus()
            return None
        org_path = Path(self.org_identity_edit.text().strip()) if self.third_party else None
        org_password = self.org_password_edit.text() if self.third_party else None
        lang = self.lang_combo.currentData()
        ctx, ref = self._ctx, self.ref
        labels = self.step_labels()  # translated here, on the GUI thread

        def work(progress: Progress) -> object:
            return finalize_with_identity_file(
                ctx,
                ref,
                path,
                password,
                lang=lang,
                progress=lambda done, total, key: progress.report(done, total, labels.get(key, "")),
                check=progress.check,
                confirm_signer_mismatch=confirm_signer_mismatch,
                org_identity_path=org_path,
                org_password=org_password,
            )

        self.sign_button.setEnabled(False)
        self.message.clear()
        self.operation = BackgroundOperation(self, work, title=self.tr("Signing the report"), cancellable=False)
        self.operation.success(self._on_signed).failure(self._on_failed).run()
        return self.operation

    def _on_signed(self, result: object) -> None:
        QSettings().setValue(LAST_IDENTITY_KEY, self.identity_edit.text().strip())
        if self.third_party:
            QSettings().setValue(LAST_ORG_IDENTITY_KEY, self.org_identity_edit.text().strip())
        self.password_edit.clear()
        self.org_password_edit.clear()
        self.result_value = result
        self.finalized.emit(result)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.sign_button.setEnabled(True)
        if isinstance(exc, SignerMismatchError):
            if self.confirm_signer_mismatch(exc):
                self.sign(confirm_signer_mismatch=True)
                return
            self.message.setText(
                self.tr("Not signed: choose an identity of the assessed entity itself.")
                + "\n"
                + i18n.pick(exc.mismatch.detail)
            )
            return
        self.message.setText("\n".join(describe(exc)))

    def confirm_signer_mismatch(self, exc: SignerMismatchError) -> bool:
        """Ask whether to sign a self-check with another organisation's identity (No is the default)."""
        return confirm_anyway(
            self,
            title=self.tr("The signer is not the assessed entity"),
            text=self.tr(
                "A self-check is signed by an identity of the assessed entity itself, and this identity is not one:"
            ),
            detail=i18n.pick(exc.mismatch.detail)
            + "\n\n"
            + self.tr(
                "Sign with this identity anyway? The report will then say that the signer's organisation is not "
                "the assessed entity."
            ),
            accept=self.tr("&Sign anyway"),
            track=lambda box: setattr(self, "mismatch_box", box),
        )


def default_identity() -> str:
    """The identity the dialog offers: the profile's default, else the one used last."""
    return load_profile().identity or str(QSettings().value(LAST_IDENTITY_KEY, "") or "")
