"""The trust list: the CA and signer certificates whose signatures this workbench accepts (add, inspect, remove).

A CA's revocation list (CRL) is added with the same button; the CA's row shows its current list.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.fingerprints import short_fingerprint
from cityeval_desktop.services import revocation, trust_store
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.errors import show_error
from cityeval_desktop.ui.widgets.confirm import confirm_anyway
from cityeval_desktop.ui.widgets.delete_table import DeleteKeyTable

FP_ROLE = Qt.ItemDataRole.UserRole + 1
COL_SUBJECT, COL_KIND, COL_USCC, COL_VALID, COL_FINGERPRINT, COL_ADDED, COL_ISSUER = range(7)


def _short(fp: str) -> str:
    return short_fingerprint(fp)


class TrustPage(QWidget):
    """Every change is one audited service call; the table is re-read from the database after it."""

    trust_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        #: the open "a CA of the same name" question (tests answer it with real key presses)
        self.namesake_box: QMessageBox | None = None
        intro = QLabel(
            self.tr(
                "Signed reports and packages are accepted when their signer's certificate, or the CA that "
                "issued it, is in this list. Add only certificates you received from a source you know."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.table = DeleteKeyTable(0, 7, self)
        self.table.setAccessibleName(self.tr("Trusted certificates"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Subject"),
                self.tr("Kind"),
                self.tr("USCC"),
                self.tr("Valid until"),
                self.tr("Fingerprint"),
                self.tr("Added"),
                self.tr("Issued by"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ISSUER, QHeaderView.ResizeMode.Stretch)
        self.table.delete_pressed.connect(self.remove_selected)
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())
        self.add_button = QPushButton(self.tr("Add certificate…"), self)
        self.add_button.setToolTip(self.tr("Add a CA or signer certificate, or a trusted CA's revocation list (.crl)"))
        self.add_button.clicked.connect(lambda: self.add_file())
        self.remove_button = QPushButton(self.tr("Remove…"), self)
        self.remove_button.setToolTip(self.tr("Stop trusting the selected certificate (Delete)"))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        current = select or self.selected_fingerprint()
        self.table.setRowCount(0)
        try:
            entries = trust_store.list_trusted(self._ctx)
            lists = {c.issuer_fingerprint: c for c in revocation.list_revocation_lists(self._ctx) if c.current}
        except Exception as exc:
            show_error(self, exc)
            entries, lists = [], {}
        for entry in entries:
            row = self.table.rowCount()
            self.table.insertRow(row)
            if entry.is_ca:
                kind = self.tr("CA")
            elif entry.uscc:  # its subject carries the organisation's code: an organisation's own signature
                kind = self.tr("Organisation certificate")
            else:
                kind = self.tr("Signer certificate")
            crl = lists.get(entry.fingerprint)
            if crl is not None:
                kind = (
                    self.tr("CA · revocation list no. %1 (%2 revoked)")
                    .replace("%1", str(crl.crl_number if crl.crl_number is not None else "–"))
                    .replace("%2", str(crl.revoked))
                )
            cells = [
                entry.subject,
                kind,
                entry.uscc or "",
                entry.not_after.astimezone().strftime("%Y-%m-%d"),
                _short(entry.fingerprint),
                entry.added_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                entry.issuer,
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(FP_ROLE, entry.fingerprint)
                if col == COL_FINGERPRINT:
                    item.setToolTip(entry.fingerprint)
                if col in (COL_KIND, COL_USCC) and entry.uscc and not entry.is_ca:
                    item.setToolTip(
                        self.tr("An organisation's certificate: unified social credit code %1").replace(
                            "%1", entry.uscc
                        )
                    )
                self.table.setItem(row, col, item)
        if not entries:
            self.message.setText(
                self.tr(
                    "The trust list is empty: no signature is accepted as trusted yet. Add the agency CA's certificate."
                )
            )
        row = next((r for r in range(self.table.rowCount()) if self._fingerprint(r) == current), 0)
        if self.table.rowCount():
            self.table.setCurrentCell(row, 0)
        self._update_buttons()

    def _fingerprint(self, row: int) -> str | None:
        item = self.table.item(row, 0)
        return str(item.data(FP_ROLE)) if item is not None else None

    def selected_fingerprint(self) -> str | None:
        return self._fingerprint(self.table.currentRow()) if self.table.currentRow() >= 0 else None

    def fingerprints(self) -> list[str]:
        return [fp for r in range(self.table.rowCount()) if (fp := self._fingerprint(r))]

    @property
    def read_only(self) -> bool:
        """Another workbench holds the database: the list is shown, not changed."""
        return bool(getattr(self._ctx, "read_only", False))

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(not self.read_only)
        self.remove_button.setEnabled(self.selected_fingerprint() is not None and not self.read_only)

    def add_file(self, path: Path | None = None) -> bool:
        """Trust every certificate of a file, or keep a trusted CA's revocation list (one audited transaction)."""
        if self.read_only:
            return False
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Trust a certificate"),
                "",
                self.tr("Certificate or revocation list (*.pem *.crt *.cer *.crl);;All files (*)"),
            )
            if not name:
                return False
            path = Path(name)
        try:
            try:
                added = trust_store.add_trust_file(self._ctx, path)
            except trust_store.NamesakeCaError as namesake:
                if not self.confirm_namesake(namesake):
                    self.message.setText(self.tr("Not added: a CA of the same name is trusted already."))
                    return False
                added = trust_store.add_trust_file(self._ctx, path, allow_namesake=True)
        except Exception as exc:
            show_error(self, exc, self.tr("Not added to the trust list"))
            return False
        if added.crl is not None:
            entry = added.crl.entry
            self.reload(entry.issuer_fingerprint)
            text = (
                self.tr("This revocation list of %1 is in the trust list already.")
                if added.crl.already
                else self.tr("Revocation list of %1 added (no. %2, %3 revoked).")
            )
            text = (
                text.replace("%1", entry.issuer)
                .replace("%2", str(entry.crl_number if entry.crl_number is not None else "–"))
                .replace("%3", str(entry.revoked))
            )
            if added.crl.note is not None:
                text += " " + i18n.pick(added.crl.note)
            self.message.setText(text)
        else:
            entries = added.certificates
            self.reload(entries[0].fingerprint if entries else None)
            self.message.setText(
                self.tr("Trusted: %1.").replace(
                    "%1", "; ".join(f"{e.subject} ({_short(e.fingerprint)})" for e in entries)
                )
            )
        self.trust_changed.emit()
        return True

    def confirm_namesake(self, exc: trust_store.NamesakeCaError) -> bool:
        """Ask before trusting a CA named like a trusted one with another key (Cancel is the default)."""
        names = "; ".join(f"{subject} ({_short(entry.fingerprint)})" for subject, entry in exc.namesakes)
        return confirm_anyway(
            self,
            title=self.tr("A CA of the same name is trusted already"),
            text=self.tr("The trust list already holds a CA of this name with another key: %1.").replace("%1", names),
            detail=self.tr(
                "CAs of one name cannot be told apart by it: packages and reports signed under a namesake CA are "
                "refused as forged. Add this certificate only if you know the CA changed its key, or there "
                "really is a second CA of that name, and remove the old one when it is no longer used."
            ),
            accept=self.tr("&Add anyway"),
            track=lambda box: setattr(self, "namesake_box", box),
        )

    @Slot()
    def remove_selected(self) -> bool:
        """Ask, then stop trusting the selected certificate."""
        fp = self.selected_fingerprint()
        if fp is None or self.read_only:
            return False
        row = self.table.currentRow()
        subject = self.table.item(row, COL_SUBJECT).text()
        answer = QMessageBox.question(
            self,
            self.tr("Remove from the trust list"),
            self.tr(
                "Stop trusting %1 (fingerprint %2)? Reports and packages signed with it, or with certificates "
                "it issued, will show as not trusted."
            )
            .replace("%1", subject)
            .replace("%2", _short(fp)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            removed = trust_store.remove_from_trust(self._ctx, fp)
        except Exception as exc:
            show_error(self, exc, self.tr("Certificate not removed"))
            self.reload()
            return False
        self.reload()
        text = self.tr("No longer trusted: %1.").replace("%1", removed.entry.subject)
        if removed.lists_removed:
            text += " " + self.tr("Its revocation lists were removed too (%1).").replace(
                "%1", str(removed.lists_removed)
            )
        self.message.setText(text)
        self.trust_changed.emit()
        return True
