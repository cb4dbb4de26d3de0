"""The reviewer's countersignature (审核人签名): the reviewer's identity and password; signed on the worker.

The signature is added by ``services/reporting.py countersign_with_identity_file`` (the same service as
``cityeval report countersign``) into the reviewer's box of the stored final report, after the lead
assessor's and the organisation's signatures; the dialog then names the three signatures, or says why
nothing was signed (not the team's reviewer, countersigned already, a wrong password).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal, Slot
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

from cityeval_desktop.domain.case_data import REVIEWER
from cityeval_desktop.services.cases import CaseDetail
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.ui.errors import describe
from cityeval_desktop.ui.widgets.identity_file import choose_identity_file
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

#: the reviewer's identity file last used here (the lead's is remembered by the finalize dialog)
LAST_REVIEWER_KEY = "countersign/last_identity"


class CountersignDialog(QDialog):
    """Asks for the reviewer's identity and password; ``countersigned`` carries the CountersignResult."""

    countersigned = Signal(object)

    def __init__(self, ctx: AppContext, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.ref = detail.summary.ref
        self.operation: BackgroundOperation | None = None
        self.result_value: Any = None
        self.setWindowTitle(self.tr("Countersign as reviewer"))
        self.setMinimumWidth(620)

        reviewers = "、".join(m.name for m in detail.case_data.with_role(REVIEWER)) or "–"
        self.intro = intro = QLabel(
            self.tr(
                "The team's reviewer adds the third signature to this finalized report, in its reviewer's box, "
                "after the lead assessor's and the organisation's. Their signatures stay valid; the "
                "countersigned report replaces the stored one. Reviewer of this case: %1."
            ).replace("%1", reviewers),
            self,
        )
        intro.setWordWrap(True)
        remembered = QSettings().value(LAST_REVIEWER_KEY, "")
        self.identity_edit = QLineEdit(str(remembered or ""), self)
        self.identity_edit.setPlaceholderText(self.tr("The reviewer's own identity (.p12)"))
        self.identity_button = QPushButton(self.tr("Choose…"), self)
        self.identity_button.setAutoDefault(False)  # Enter anywhere in the form means Countersign
        self.identity_button.clicked.connect(self._on_choose_identity)
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
        form = QFormLayout(self.form_widget)
        form.setContentsMargins(0, 0, 0, 0)
        row = QWidget(self.form_widget)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.identity_edit, 1)
        line.addWidget(self.identity_button)
        form.addRow(self.tr("Reviewer's identity"), row)
        form.addRow(self.tr("Password"), self.password_edit)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.sign_button = self.buttons.addButton(self.tr("Countersign"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setDefault(True)
        self.buttons.accepted.connect(self.sign)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form_widget)
        layout.addWidget(self.message)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        (self.password_edit if self.identity_edit.text() else self.identity_edit).setFocus()

    @Slot()
    def _on_choose_identity(self) -> None:
        choose_identity_file(self.identity_edit, self.tr("Reviewer's identity"))
        if self.identity_edit.text():
            self.password_edit.setFocus()

    @Slot()
    def sign(self) -> BackgroundOperation | None:
        """Check the fields, then countersign on the background worker."""
        if self.operation is not None and not self.operation.done:
            return None
        identity_text, password = self.identity_edit.text().strip(), self.password_edit.text()
        if not identity_text:
            self.message.setText(self.tr("Choose the reviewer's identity file."))
            self.identity_edit.setFocus()
            return None
        if not password:
            self.message.setText(self.tr("Enter the identity's password."))
            self.password_edit.setFocus()
            return None
        ctx, ref, identity_path = self._ctx, self.ref, Path(identity_text).expanduser()

        def work(progress: Progress) -> Any:
            from cityeval_desktop.services.reporting import countersign_with_identity_file

            progress.report(0, 1, "")
            return countersign_with_identity_file(ctx, ref, identity_path, password)

        self.sign_button.setEnabled(False)
        self.message.clear()
        self.operation = BackgroundOperation(self, work, title=self.tr("Countersigning the report"), cancellable=False)
        self.operation.success(self._on_signed).failure(self._on_failed).run()
        return self.operation

    def _on_signed(self, result: Any) -> None:
        from cityeval_desktop.services.reporting import report_signatures

        QSettings().setValue(LAST_REVIEWER_KEY, self.identity_edit.text().strip())
        self.password_edit.clear()
        self.result_value = result
        lines = [self.tr("Countersigned by the reviewer %1.").replace("%1", result.signer_name)]
        try:
            sigs = report_signatures(self._ctx, self.ref)
        except Exception:  # the signature is stored: only the summary below is left out
            sigs = None
        if sigs is not None and sigs.org is not None and sigs.reviewer is not None:
            lines.append(
                self.tr("The report now carries three signatures: lead assessor %1, organisation %2, reviewer %3.")
                .replace("%1", sigs.lead)
                .replace("%2", sigs.org)
                .replace("%3", sigs.reviewer)
            )
        lines.append(self.tr("Report SHA-256: %1").replace("%1", result.report_sha256))
        self.result_label.setText("\n".join(lines))
        self.result_label.show()
        self.form_widget.setEnabled(False)
        self.sign_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setFocus()
        self.adjustSize()
        self.countersigned.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.sign_button.setEnabled(True)
        self.message.setText("\n".join(describe(exc)))
        self.password_edit.selectAll()
        self.password_edit.setFocus()
