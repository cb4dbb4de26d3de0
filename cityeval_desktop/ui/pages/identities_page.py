"""My signing identities: create one, request and install the CA's certificate, export it, see who trusts it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.services import identities as identity_service
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.identities import IdentityInfo
from cityeval_desktop.ui.dialogs.password import ask_password
from cityeval_desktop.ui.errors import show_error
from cityeval_desktop.ui.widgets.delete_table import DeleteKeyTable
from cityeval_desktop.ui.widgets.export_notice import announce_export
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

KNOWN_KEY = "identities/known"
MAX_REMEMBERED = 50
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
COL_NAME, COL_ORG, COL_USCC, COL_ISSUER, COL_VALID, COL_TRUST, COL_FINGERPRINT, COL_FILE = range(8)


# ----------------------------------------------------------------------------- remembered identities
def remembered() -> list[dict[str, str]]:
    """The identity files this user created or opened here: ``[{"path", "pem"}]`` (no secrets: PEM is public)."""
    raw = QSettings().value(KNOWN_KEY, "")
    try:
        items = json.loads(str(raw or "[]"))
    except ValueError:
        return []
    if not isinstance(items, list):
        return []
    return [
        {"path": str(i["path"]), "pem": str(i.get("pem", ""))}
        for i in items[:MAX_REMEMBERED]
        if isinstance(i, dict) and isinstance(i.get("path"), str)
    ]


def remember(info: IdentityInfo) -> None:
    """Put an identity first in the remembered list (its certificate too, so it shows without the password)."""
    path = str(info.path.expanduser().absolute())
    items = [i for i in remembered() if i["path"] != path]
    items.insert(0, {"path": path, "pem": info.certificate_pem})
    QSettings().setValue(KNOWN_KEY, json.dumps(items[:MAX_REMEMBERED], ensure_ascii=False))


def forget(path: str) -> None:
    QSettings().setValue(KNOWN_KEY, json.dumps([i for i in remembered() if i["path"] != path], ensure_ascii=False))


def _day(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class IdentitiesPage(QWidget):
    """The identities remembered on this computer and what can be done with each; every action calls a service."""

    identities_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.infos: dict[str, IdentityInfo | None] = {}
        self.operation: BackgroundOperation | None = None
        self.last_output: Path | None = None

        intro = QLabel(
            self.tr(
                "Your signing identities: a private key protected by a password, with its certificate. Create "
                "one, send a certificate request to the agency's CA and install the certificate it issues."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.table = DeleteKeyTable(0, 8, self)
        self.table.setAccessibleName(self.tr("Signing identities"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Organisation"),
                self.tr("USCC"),
                self.tr("Issued by"),
                self.tr("Valid until"),
                self.tr("Trust"),
                self.tr("Fingerprint"),
                self.tr("File"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_FILE, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(self._on_current_changed)
        self.table.delete_pressed.connect(self.forget_selected)
        self.details = QTextBrowser(self)
        self.details.setAccessibleName(self.tr("Identity details"))
        self.details.setOpenLinks(False)

        self.new_button = QPushButton(self.tr("New identity…"), self)
        self.new_button.clicked.connect(lambda: self.new_identity())
        self.open_button = QPushButton(self.tr("Add existing…"), self)
        self.open_button.setToolTip(self.tr("Add an identity file (.p12) you already have to this list"))
        self.open_button.clicked.connect(lambda: self.add_existing())
        self.csr_button = QPushButton(self.tr("Certificate request…"), self)
        self.csr_button.setToolTip(self.tr("Write a certificate request (.csr) to send to the agency's CA"))
        self.csr_button.clicked.connect(lambda: self.make_csr())
        self.install_button = QPushButton(self.tr("Install certificate…"), self)
        self.install_button.setToolTip(self.tr("Install the certificate the CA issued for this identity"))
        self.install_button.clicked.connect(lambda: self.install_certificate())
        self.export_button = QPushButton(self.tr("Export certificate…"), self)
        self.export_button.setToolTip(self.tr("Write the public certificate (.pem) for others to trust"))
        self.export_button.clicked.connect(lambda: self.export_certificate())
        self.forget_button = QPushButton(self.tr("Remove from list"), self)
        self.forget_button.setToolTip(self.tr("Forget this identity here; the file itself is kept"))
        self.forget_button.clicked.connect(self.forget_selected)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.open_button):
            buttons.addWidget(b)
        buttons.addSpacing(16)
        for b in (self.csr_button, self.install_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.forget_button)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setSizes([260, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self.reload()

    # ------------------------------------------------------------------ list
    def reload(self, select: str | None = None) -> None:
        """Show the remembered identities, described from their remembered certificates."""
        current = select or self.selected_path()
        self.infos.clear()
        self.table.setRowCount(0)
        for item in remembered():
            info: IdentityInfo | None = None
            if item["pem"]:
                try:
                    info = identity_service.describe_certificate(self._ctx, Path(item["path"]), item["pem"])
                except Exception:  # a damaged remembered certificate: the row asks to open the file again
                    info = None
            self.infos[item["path"]] = info
            self._add_row(item["path"], info)
        row = next((r for r in range(self.table.rowCount()) if self._row_path(r) == current), 0)
        if self.table.rowCount():
            self.table.selectRow(row)
            self.table.setCurrentCell(row, 0)
        self._on_current_changed(self.table.currentRow(), 0, -1, -1)

    def _add_row(self, path: str, info: IdentityInfo | None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        missing = not Path(path).is_file()
        if info is None:
            cells = [Path(path).stem, "", "", "", "", self.tr("Open it with its password to see it"), "", path]
        else:
            org = info.organisation or ""
            if info.is_organisation:  # the organisation's own identity (its 评估机构 signature), not a person's
                org = self.tr("%1 (organisation identity)").replace("%1", org or info.name)
            cells = [
                info.name,
                org,
                info.uscc or "",
                self.tr("itself (self-signed)") if info.self_signed else info.issuer_name,
                self._validity_text(info),
                self._trust_text(info),
                info.fingerprint_short,
                path,
            ]
        if missing:
            cells[COL_FILE] = self.tr("%1 (file not found)").replace("%1", path)
        for col, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            cell.setData(PATH_ROLE, path)
            if missing or (info is not None and info.status != identity_service.VALID and col == COL_VALID):
                cell.setForeground(Qt.GlobalColor.darkRed)
            if info is not None and info.is_organisation and col in (COL_ORG, COL_USCC):
                cell.setToolTip(self._kind_text(info))
            self.table.setItem(row, col, cell)

    def _row_path(self, row: int) -> str | None:
        item = self.table.item(row, 0)
        return str(item.data(PATH_ROLE)) if item is not None else None

    def selected_path(self) -> str | None:
        return self._row_path(self.table.currentRow()) if self.table.currentRow() >= 0 else None

    def _validity_text(self, info: IdentityInfo) -> str:
        if info.status == identity_service.EXPIRED:
            return self.tr("expired %1").replace("%1", _day(info.not_after))
        if info.status == identity_service.NOT_YET_VALID:
            return self.tr("from %1").replace("%1", _day(info.not_before))
        return _day(info.not_after)

    def _kind_text(self, info: IdentityInfo) -> str:
        if info.is_organisation:
            return self.tr(
                "Organisation identity: its certificate carries the organisation's unified social credit code; "
                "it signs a third-party report as the assessor organisation"
            )
        return self.tr("Personal identity")

    def _trust_text(self, info: IdentityInfo) -> str:
        if info.trusted is None:
            return self.tr("trust list unreadable")
        if info.trusted:
            return self.tr("trusted here")
        if info.self_signed:
            return self.tr("self-signed, not trusted")
        return self.tr("issuer not trusted")

    @Slot(int, int, int, int)
    def _on_current_changed(self, row: int, _col: int, _prev_row: int, _prev_col: int) -> None:
        path = self._row_path(row) if row >= 0 else None
        has = path is not None
        for b in (self.csr_button, self.install_button, self.export_button, self.forget_button):
            b.setEnabled(has)
        if not has:
            self.details.setHtml(
                "<p>"
                + _esc(self.tr("No identity yet. Create one with “New identity…” or add a file you already have."))
                + "</p>"
            )
            return
        assert path is not None
        self.details.setHtml(self._details_html(path, self.infos.get(path)))

    def _details_html(self, path: str, info: IdentityInfo | None) -> str:
        file_h = self.tr("File")
        if info is None:
            return (
                f"<p><b>{file_h}</b> {_esc(path)}</p><p>"
                + _esc(self.tr("Open it with “Add existing…” and its password to show its certificate."))
                + "</p>"
            )
        validity = self.tr("%1 to %2").replace("%1", _day(info.not_before)).replace("%2", _day(info.not_after))
        rows = [
            (self.tr("Name"), info.name),
            (self.tr("Organisation"), info.organisation or "–"),
            (self.tr("Kind"), self._kind_text(info)),
            *([(self.tr("Unified social credit code"), info.uscc)] if info.uscc else []),
            (self.tr("Subject"), info.subject),
            (self.tr("Issued by"), self.tr("itself (self-signed)") if info.self_signed else info.issuer),
            (self.tr("Valid"), validity),
            (self.tr("Fingerprint (SHA-256)"), info.fingerprint),
            (self.tr("Chain"), " → ".join(info.chain) if info.chain else "–"),
            (file_h, path),
        ]
        body = "".join(f"<tr><td><b>{_esc(k)}</b></td><td>{_esc(v)}</td></tr>" for k, v in rows)
        return f"<table cellpadding='3'>{body}</table><p>{_esc(self._advice(info))}</p>"

    def _advice(self, info: IdentityInfo) -> str:
        if info.status == identity_service.EXPIRED:
            return self.tr(
                "The certificate has expired: it cannot sign. Write a certificate request, have the CA issue a "
                "new certificate and install it."
            )
        if info.status == identity_service.NOT_YET_VALID:
            return self.tr("The certificate is not valid yet; check this computer's date and time.")
        if info.trusted:
            return self.tr("Signatures made with this identity are trusted by this workbench.")
        if info.self_signed:
            return self.tr(
                "Self-signed: others trust your signatures only after adding your exported certificate to their "
                "trust list, or after the agency's CA issues you a certificate."
            )
        return self.tr(
            "Its issuer is not in this workbench's trust list; add the CA's certificate under “Trusted certificates”."
        )

    # ------------------------------------------------------------------ actions
    def _password(self, path: str, *, confirm: bool = False) -> str | None:
        return ask_password(
            self,
            self.tr("Identity password"),
            self.tr("Password of %1").replace("%1", Path(path).name),
            confirm=confirm,
        )

    def _run(self, title: str, work: Any, done: Any, failed_title: str) -> BackgroundOperation:
        self.message.clear()
        self.operation = (
            BackgroundOperation(self, work, title=title, cancellable=False)
            .success(done)
            .failure(lambda exc: show_error(self, exc, failed_title))
            .run()
        )
        return self.operation

    def new_identity(self) -> Any:
        """Open the new-identity dialog; on success the identity is remembered and selected."""
        from cityeval_desktop.ui.dialogs.new_identity import NewIdentityDialog

        dialog = NewIdentityDialog(self._ctx, self)
        dialog.created.connect(self._on_identity_created)
        dialog.open()
        return dialog

    @Slot(object)
    def _on_identity_created(self, info: IdentityInfo) -> None:
        remember(info)
        self.reload(str(info.path.expanduser().absolute()))
        self.message.setText(
            self.tr("Identity created: %1 (fingerprint %2).")
            .replace("%1", str(info.path))
            .replace("%2", info.fingerprint_short)
        )
        self.identities_changed.emit()

    def add_existing(self, path: Path | None = None) -> BackgroundOperation | None:
        """Open an identity file with its password and remember it."""
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self, self.tr("Add an identity"), str(Path.home()), self.tr("PKCS#12 identity (*.p12 *.pfx)")
            )
            if not name:
                return None
            path = Path(name)
        password = self._password(str(path))
        if password is None:
            return None
        ctx = self._ctx

        def work(_progress: Progress) -> IdentityInfo:
            return identity_service.open_identity(ctx, path, password)

        return self._run(self.tr("Opening the identity"), work, self._on_opened, self.tr("Identity not opened"))

    def _on_opened(self, info: IdentityInfo) -> None:
        remember(info)
        self.reload(str(info.path.expanduser().absolute()))
        self.message.setText(self.tr("Identity added: %1.").replace("%1", str(info.path)))
        self.identities_changed.emit()

    def _ask_output(self, identity: str, suffix: str, title: str, pattern: str) -> Path | None:
        """Where to write a file made from ``identity`` (suggested beside it); None when cancelled."""
        suggested = str(Path(identity).with_suffix(suffix))
        name, _ = QFileDialog.getSaveFileName(self, title, suggested, pattern)
        return Path(name) if name else None

    def make_csr(self, out: Path | None = None) -> BackgroundOperation | None:
        """Write a certificate request for the selected identity (asks where and for the password)."""
        path = self.selected_path()
        if path is None:
            return None
        out = out or self._ask_output(
            path, ".csr", self.tr("Save certificate request"), self.tr("Certificate request (*.csr)")
        )
        password = self._password(path) if out is not None else None
        if password is None:
            return None
        target = out

        def work(_progress: Progress) -> Path:
            return identity_service.make_csr(Path(path), password, target)

        def done(written: Path) -> None:
            self.last_output = written
            announce_export(self, written, self.tr("Certificate request"))
            self.message.setText(
                self.tr(
                    "Certificate request written: %1. Send it to the agency's CA; install what it returns."
                ).replace("%1", str(written))
            )

        return self._run(self.tr("Writing the certificate request"), work, done, self.tr("Request not written"))

    def install_certificate(self, cert: Path | None = None) -> BackgroundOperation | None:
        """Install the issued certificate (with the CA's chain) into the selected identity file."""
        path = self.selected_path()
        if path is None:
            return None
        if cert is None:
            name, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Issued certificate"),
                str(Path(path).parent),
                self.tr("Certificate (*.pem *.crt *.cer)"),
            )
            if not name:
                return None
            cert = Path(name)
        password = self._password(path)
        if password is None:
            return None
        ctx, source = self._ctx, cert

        def work(_progress: Progress) -> IdentityInfo:
            return identity_service.install_certificate(ctx, Path(path), password, source)

        def done(info: IdentityInfo) -> None:
            remember(info)
            self.reload(path)
            self.message.setText(
                self.tr("Certificate installed: %1, issued by %2.")
                .replace("%1", info.name)
                .replace("%2", info.issuer_name)
            )
            self.identities_changed.emit()

        return self._run(self.tr("Installing the certificate"), work, done, self.tr("Certificate not installed"))

    def export_certificate(self, out: Path | None = None) -> BackgroundOperation | None:
        """Write the selected identity's public certificate and chain as PEM."""
        path = self.selected_path()
        if path is None:
            return None
        out = out or self._ask_output(path, ".pem", self.tr("Export certificate"), self.tr("Certificate (*.pem)"))
        password = self._password(path) if out is not None else None
        if password is None:
            return None
        ctx, target = self._ctx, out

        def work(_progress: Progress) -> IdentityInfo:
            return identity_service.export_certificate(ctx, Path(path), password, target)

        def done(info: IdentityInfo) -> None:
            remember(info)
            self.last_output = target
            announce_export(self, target, self.tr("Certificate"))
            self.reload(path)
            self.message.setText(
                self.tr("Certificate exported: %1. Give it to whoever must trust your signatures.").replace(
                    "%1", str(target)
                )
            )

        return self._run(self.tr("Exporting the certificate"), work, done, self.tr("Certificate not exported"))

    @Slot()
    def forget_selected(self) -> bool:
        """Remove the selected identity from this list after confirmation (the file is not deleted)."""
        path = self.selected_path()
        if path is None:
            return False
        answer = QMessageBox.question(
            self,
            self.tr("Remove from list"),
            self.tr("Remove %1 from this list? The file itself is not deleted.").replace("%1", path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        forget(path)
        self.reload()
        self.identities_changed.emit()
        return True
