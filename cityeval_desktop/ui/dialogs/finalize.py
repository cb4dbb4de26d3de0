"""Finalize and sign: the DESIGN §5 checks (each jumps to its indicator), identity, password."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.results import finalize_problems
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.errors import describe
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1


class FinalizeDialog(QDialog):
    """Lists failed checks (double-click jumps there) or signs and locks the revision."""

    jump_requested = Signal(str)  # indicator or veto id
    finalized = Signal(object)  # FinalizeResult

    def __init__(self, ctx: AppContext, ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.ref = ref
        self.result_value: object = None
        self.operation: BackgroundOperation | None = None
        self.setWindowTitle(self.tr("Finalize and sign"))
        self.setMinimumWidth(620)
        detail = case_service.load_case(ctx, ref)
        self.checks = finalize_problems(detail)

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.check_list = QListWidget(self)
        self.check_list.itemActivated.connect(self._on_check_activated)
        self.check_list.itemDoubleClicked.connect(self._on_check_activated)
        for check in self.checks:
            item = QListWidgetItem(i18n.pick(check.message), self.check_list)
            item.setData(TARGET_ROLE, check.target)
        settings = QSettings()
        self.identity_edit = QLineEdit(str(settings.value("signing/identity", "")), self)
        self.identity_edit.setPlaceholderText(self.tr("Your signing identity (.p12)"))
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        self.browse_button.clicked.connect(self._on_browse)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
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
        form.addRow(self.tr("Identity"), row)
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
        layout.addWidget(self.check_list, 1)
        layout.addWidget(self.form_widget)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        if self.checks:
            self.intro.setText(
                self.tr("%1 check(s) fail. Double-click one to go there; finalize when all pass.").replace(
                    "%1", str(len(self.checks))
                )
            )
            self.form_widget.setEnabled(False)
            self.sign_button.setEnabled(False)
        else:
            self.intro.setText(
                self.tr(
                    "All checks pass. Signing stores the signed report with the case, writes its "
                    "hash to the audit trail and locks this revision (changes then need an "
                    "amendment)."
                )
            )
            self.check_list.hide()

    @Slot(QListWidgetItem)
    def _on_check_activated(self, item: QListWidgetItem) -> None:
        self.jump_requested.emit(str(item.data(TARGET_ROLE)))
        self.reject()

    @Slot()
    def _on_browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Signing identity"), self.identity_edit.text(), self.tr("PKCS#12 identity (*.p12 *.pfx)")
        )
        if name:
            self.identity_edit.setText(name)

    @Slot()
    def sign(self) -> BackgroundOperation | None:
        path = Path(self.identity_edit.text().strip())
        password = self.password_edit.text()
        if not self.identity_edit.text().strip():
            self.message.setText(self.tr("Choose your identity file."))
            return None
        if not password:
            self.message.setText(self.tr("Enter the identity's password."))
            return None
        lang = self.lang_combo.currentData()
        ctx, ref = self._ctx, self.ref

        def work(progress: Progress) -> object:
            from cityeval_desktop.services.reporting import finalize_and_sign
            from cityeval_desktop.signing.identity import load_identity

            identity = load_identity(path, password)
            progress.check()
            return finalize_and_sign(ctx, ref, identity, lang=lang, progress=progress.report)

        self.sign_button.setEnabled(False)
        self.message.clear()
        self.operation = BackgroundOperation(self, work, title=self.tr("Signing the report"), cancellable=False)
        self.operation.success(self._on_signed).failure(self._on_failed).run()
        return self.operation

    def _on_signed(self, result: object) -> None:
        QSettings().setValue("signing/identity", self.identity_edit.text().strip())
        self.password_edit.clear()
        self.result_value = result
        self.finalized.emit(result)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.sign_button.setEnabled(True)
        self.message.setText("\n".join(describe(exc)))
