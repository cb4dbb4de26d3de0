"""Verify one case package: every check named with pass or fail and its reason, who signed it, which case it holds.

Nothing is written: ``services/packages.py verify_packages`` only reads the file (on the background worker).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.text import CityEvalError, Text
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.package_check import LABELS, ORDER
from cityeval_desktop.ui import encryption, i18n, labels
from cityeval_desktop.ui.errors import describe
from cityeval_desktop.ui.widgets.identity_file import choose_identity_file
from cityeval_desktop.ui.widgets.package_models import CheckTableModel, size_text
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

log = logging.getLogger("cityeval.ui.packages")


@dataclass(frozen=True)
class NotChecked:
    """A check that did not run because an earlier one failed (the package could not be read that far)."""

    label: Text
    ok: None = None
    detail: None = None


OK_COLOUR, BAD_COLOUR, WARN_COLOUR = "#1b7f3b", "#b3261e", "#8a5a00"
PACKAGE_PATTERN = "*.cityeval *.p7m"


class VerifyPackageDialog(QDialog):
    """Pick (or drop) one package; the verdict, the facts and the list of checks are shown below."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.operation: BackgroundOperation | None = None
        self.found: Any = None
        self.setWindowTitle(self.tr("Verify a case package"))
        self.setAcceptDrops(True)
        self.resize(920, 700)
        intro = QLabel(
            self.tr(
                "Check a case package before relying on it: its structure and checksums, its signature, whether "
                "the signer is trusted here, the audit trail, the signed report and the result. Nothing is "
                "imported or changed. You can also drop a package on this window."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit(str(path) if path else "", self)
        self.path_edit.setPlaceholderText(self.tr("Package file (.cityeval)"))
        self.path_edit.returnPressed.connect(lambda: self.verify())
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        self.browse_button.clicked.connect(self._on_browse)
        self.verify_button = QPushButton(self.tr("Verify"), self)
        self.verify_button.setAutoDefault(False)
        self.verify_button.clicked.connect(lambda: self.verify())
        self.trust_edit = QLineEdit(self)
        self.trust_edit.setPlaceholderText(self.tr("Optional: a certificate to trust for this check (.pem)"))
        self.trust_button = QPushButton(self.tr("Choose…"), self)
        self.trust_button.clicked.connect(self._on_choose_trust)
        self.identity_edit = QLineEdit(self)
        self.identity_edit.setPlaceholderText(self.tr("Agency identity (.p12), for encrypted packages only"))
        self.identity_button = QPushButton(self.tr("Choose…"), self)
        self.identity_button.clicked.connect(self._on_choose_identity)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Password of the agency identity"))

        form = QFormLayout()
        for label, edit, row_buttons in (
            (self.tr("Package"), self.path_edit, (self.browse_button, self.verify_button)),
            (self.tr("Also trust"), self.trust_edit, (self.trust_button,)),
            (self.tr("Agency identity"), self.identity_edit, (self.identity_button,)),
        ):
            edit.setAccessibleName(label)  # the label names the row, not the field in it
            form.addRow(label, self._row(edit, *row_buttons))
        form.addRow(self.tr("Password"), self.password_edit)

        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.facts = QLabel(self)  # one short fact a line (no word wrap: the label keeps the height it needs)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = CheckTableModel(self)
        self.table = QTableView(self)
        self.table.setAccessibleName(self.tr("Checks of the package"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CheckTableModel.COL_CHECK, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CheckTableModel.COL_RESULT, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        # Enter in the file box verifies (returnPressed); no button may take it as the dialog's default
        for button in (*buttons.buttons(), self.browse_button, self.trust_button, self.identity_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.headline)
        layout.addWidget(self.facts)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.path_edit.setFocus()

    def _row(self, *widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(widgets[0], 1)
        for widget in widgets[1:]:
            row.addWidget(widget)
        return row

    # ------------------------------------------------------------------ choosing
    @Slot()
    def _on_browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Case package"),
            self.path_edit.text(),
            self.tr("Case package (%1)").replace("%1", PACKAGE_PATTERN),
        )
        if name:
            self.path_edit.setText(name)
            self.verify()

    @Slot()
    def _on_choose_trust(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Certificate to trust"), self.trust_edit.text(), self.tr("Certificate (*.pem *.crt *.cer)")
        )
        if name:
            self.trust_edit.setText(name)

    @Slot()
    def _on_choose_identity(self) -> None:
        choose_identity_file(self.identity_edit, self.tr("Agency identity"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.path_edit.setText(urls[0].toLocalFile())
            self.verify()

    # ------------------------------------------------------------------ verifying
    def verify(self, path: Path | None = None) -> BackgroundOperation | None:
        """Check the package named in the box (or ``path``) on the background worker."""
        if path is not None:
            self.path_edit.setText(str(path))
        if self.operation is not None and not self.operation.done:
            return None
        text = self.path_edit.text().strip()
        if not text:
            self._show_headline(self.tr("Choose a package file first."), WARN_COLOUR)
            return None
        target, ctx = Path(text).expanduser(), self._ctx
        trust = [Path(self.trust_edit.text().strip()).expanduser()] if self.trust_edit.text().strip() else []
        identity = self.identity_edit.text().strip()
        password = self.password_edit.text()

        def work(_progress: Progress) -> Any:
            from cityeval_desktop.services.packages import verify_packages

            opener = encryption.opener_for(ctx, identity, password)
            return verify_packages(ctx, [target], trust, opener=opener)[0]

        self.verify_button.setEnabled(False)
        self.model.set_rows([])
        self.facts.clear()
        self._show_headline(self.tr("Verifying…"), WARN_COLOUR)
        self.operation = (
            BackgroundOperation(self, work, title=self.tr("Verifying the package"), cancellable=False)
            .success(self._on_verified)
            .failure(self._on_failed)
            .run()
        )
        return self.operation

    def _show_headline(self, text: str, colour: str) -> None:
        self.headline.setText(text)
        self.headline.setStyleSheet(f"font-size: 14pt; font-weight: 600; color: {colour};")

    def _on_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, CityEvalError):
            log.error("verifying a package", exc_info=exc)
        self.verify_button.setEnabled(True)
        self.found = None
        self._show_headline(self.tr("Not verified: the package could not be checked"), BAD_COLOUR)
        self.facts.setText("<br/>".join(_esc(line) for line in describe(exc)))

    def _on_verified(self, found: Any) -> None:
        self.verify_button.setEnabled(True)
        self.password_edit.clear()
        self.found = found
        failed = len(found.failures)
        if found.ok:
            self._show_headline(self.tr("✔ Valid: every check passed and the signer is trusted here"), OK_COLOUR)
        elif found.ok_but_untrusted:
            self._show_headline(
                self.tr("⚠ Every check passed, but the signer is not trusted here: an import would be unverified"),
                WARN_COLOUR,
            )
        else:
            self._show_headline(
                self.tr("✘ Not valid: %1 of %2 checks failed")
                .replace("%1", str(failed))
                .replace("%2", str(len(ORDER))),
                BAD_COLOUR,
            )
        ran = {c.id for c in found.checks}
        self.model.set_rows([*found.checks, *(NotChecked(LABELS[i]) for i in ORDER if i not in ran)])
        self.table.resizeRowsToContents()
        self.facts.setText(self._facts_html(found))

    def _facts_html(self, f: Any) -> str:
        rows: list[tuple[str, str]] = []
        if f.signer_name:
            signer = f.signer_name + (f" ({f.signer_organisation})" if f.signer_organisation else "")
            rows.append((self.tr("Signer"), signer))
            rows.append((self.tr("Certificate fingerprint"), f.signer_fingerprint or "–"))
            when = f.signing_time.astimezone().strftime("%Y-%m-%d %H:%M:%S") if f.signing_time else "–"
            rows.append((self.tr("Signed at"), when))
        if f.case_uuid:
            case = self.tr("%1, revision %2").replace("%1", f.case_uuid).replace("%2", str(f.revision))
            rows.append((self.tr("Case"), case + (f" · {labels.mode(f.mode)}" if f.mode else "")))
        if f.entity_name:
            rows.append((self.tr("Entity"), f"{f.entity_name} ({f.uscc})" if f.uscc else f.entity_name))
        if f.grade is not None:
            rows.append(
                (self.tr("Result"), self.tr("%1, %2 points").replace("%1", f.grade).replace("%2", str(f.total)))
            )
        if f.opened is not None:
            rows.append(
                (
                    self.tr("Evidence"),
                    i18n.plural(f.evidence_count, self.tr("%1 file, %2"), self.tr("%1 files, %2")).replace(
                        "%2", size_text(f.evidence_bytes)
                    ),
                )
            )
        if f.sha256:
            rows.append((self.tr("SHA-256 of the file"), f.sha256))
        for note in f.notes:
            rows.append((self.tr("Note"), i18n.pick(note)))
        body = "".join(f"<tr><td><b>{_esc(k)}</b></td><td>{_esc(v)}</td></tr>" for k, v in rows)
        return f"<table cellpadding='2'>{body}</table>"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
