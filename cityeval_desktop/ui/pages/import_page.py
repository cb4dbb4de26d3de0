"""The agency's Import page: drop package files or folders, import them one by one, see why each was refused.

Importing runs ``services/package_import.py import_packages`` on the background worker: each package is
checked whole and imported in its own transaction, so Cancel stops between two packages and leaves every
package either fully imported or not there at all. The Ledger tab lists every attempt ever made.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.text import CityEvalError
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.ui import encryption, i18n
from cityeval_desktop.ui.errors import describe
from cityeval_desktop.ui.widgets.identity_file import choose_identity_file
from cityeval_desktop.ui.widgets.package_models import (
    ROW_ROLE,
    ImportResultModel,
    LedgerFilterProxy,
    LedgerModel,
)
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

log = logging.getLogger("cityeval.ui.packages")
TAB_IMPORT, TAB_LEDGER = range(2)
BAD_COLOUR, OK_COLOUR, WARN_COLOUR = "#b3261e", "#1b7f3b", "#8a5a00"


def local_paths(urls: list[QUrl]) -> list[Path]:
    """The local files and folders among dropped URLs."""
    return [Path(u.toLocalFile()) for u in urls if u.isLocalFile() and u.toLocalFile()]


class DropZone(QFrame):
    """A framed area that takes dropped files and folders (``paths_dropped``) and lists what is queued."""

    paths_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drop_zone")
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#drop_zone { border: 2px dashed #9ca3af; border-radius: 6px; }")
        self.hint = QLabel(self.tr("Drop package files (.cityeval, .cityeval.p7m) or whole folders here"), self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: #4b5563; font-size: 11pt;")
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Packages to import"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            self.paths_dropped.emit(paths)


class ImportPage(QWidget):
    """Queue, options, Start/Cancel with progress, the result table; the ledger in a second tab."""

    cases_changed = Signal()  # after an import that added revisions
    case_opened = Signal(str)  # a result row's case, double-clicked

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.read_only = read_only
        self.queued: list[Path] = []
        self.operation: BackgroundOperation | None = None
        self._running = False
        self._total = 0
        self.outcomes: list[Any] = []
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_import_tab(), self.tr("Import"))
        self.tabs.addTab(self._build_ledger_tab(), self.tr("Ledger"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._update_buttons()

    # ------------------------------------------------------------------ building
    def _build_import_tab(self) -> QWidget:
        tab = QWidget(self)
        intro = QLabel(
            self.tr(
                "Import the case packages assessors send. Each package is checked whole first; one that fails a "
                "check is refused, copied to the quarantine folder with the reason and listed in the ledger. Each "
                "package is imported on its own, so Cancel stops between two packages and nothing is left half "
                "imported. Imported cases are read-only here."
            ),
            tab,
        )
        intro.setWordWrap(True)
        self.drop_zone = DropZone(tab)
        self.drop_zone.paths_dropped.connect(self.add_paths)
        self.add_files_button = QPushButton(self.tr("Add files…"), tab)
        self.add_files_button.clicked.connect(self._on_add_files)
        self.add_folder_button = QPushButton(self.tr("Add folder…"), tab)
        self.add_folder_button.clicked.connect(self._on_add_folder)
        self.remove_button = QPushButton(self.tr("Remove"), tab)
        self.remove_button.clicked.connect(self._on_remove)
        self.clear_button = QPushButton(self.tr("Clear list"), tab)
        self.clear_button.clicked.connect(self.clear_queue)
        self.verify_button = QPushButton(self.tr("Verify one package…"), tab)
        self.verify_button.setToolTip(self.tr("Check a single package in detail without importing it"))
        self.verify_button.clicked.connect(lambda: self.verify_package())
        queue_buttons = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button, self.clear_button):
            queue_buttons.addWidget(button)
        queue_buttons.addStretch(1)
        queue_buttons.addWidget(self.verify_button)

        self.trust_edit = QLineEdit(tab)
        self.trust_edit.setAccessibleName(self.tr("Certificate to trust for this import"))
        self.trust_edit.setPlaceholderText(self.tr("Optional: a certificate to trust for this import (.pem)"))
        self.trust_button = QPushButton(self.tr("Choose…"), tab)
        self.trust_button.clicked.connect(self._on_choose_trust)
        self.accept_check = QCheckBox(self.tr("Also import packages whose signer is not trusted here"), tab)
        self.accept_warning = QLabel(
            self.tr(
                "Only when you have made sure of the sender in another way: such cases are marked “unverified "
                "(signer not trusted)” in the case list and the workspace, and your name is recorded as the "
                "person who accepted them."
            ),
            tab,
        )
        self.accept_warning.setWordWrap(True)
        self.accept_warning.setStyleSheet(f"color: {BAD_COLOUR};")
        self.accept_warning.hide()
        self.accept_check.toggled.connect(self.accept_warning.setVisible)
        self.identity_edit = QLineEdit(tab)
        self.identity_edit.setAccessibleName(self.tr("Agency identity"))
        self.identity_edit.setPlaceholderText(self.tr("Agency identity (.p12), for encrypted packages only"))
        self.identity_button = QPushButton(self.tr("Choose…"), tab)
        self.identity_button.clicked.connect(self._on_choose_identity)
        self.password_edit = QLineEdit(tab)
        self.password_edit.setAccessibleName(self.tr("Password of the agency identity"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Password of the agency identity"))
        options = QFormLayout()
        options.addRow(self.tr("Also trust"), self._row(self.trust_edit, self.trust_button))
        options.addRow(self.tr("Agency identity"), self._row(self.identity_edit, self.identity_button))
        options.addRow(self.tr("Password"), self.password_edit)
        options.addRow("", self.accept_check)
        options.addRow("", self.accept_warning)

        self.start_button = QPushButton(self.tr("Start import"), tab)
        self.start_button.clicked.connect(lambda: self.start())
        self.cancel_button = QPushButton(self.tr("Cancel"), tab)
        self.cancel_button.setToolTip(self.tr("Stop after the package being imported now; the rest stay untouched"))
        self.cancel_button.clicked.connect(self.cancel)
        self.progress_bar = QProgressBar(tab)
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat(self.tr("%v of %m"))
        self.current_label = QLabel(tab)
        self.current_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        run_row = QHBoxLayout()
        run_row.addWidget(self.start_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress_bar, 1)
        self.summary_label = QLabel(tab)
        self.summary_label.setWordWrap(True)

        self.results = ImportResultModel(self)
        self.results_table = self._table(tab, self.results)
        self.results_table.setAccessibleName(self.tr("Import results"))
        self.results_table.doubleClicked.connect(self._on_result_double_clicked)

        layout = QVBoxLayout(tab)
        layout.addWidget(intro)
        layout.addWidget(self.drop_zone, 1)
        layout.addLayout(queue_buttons)
        layout.addLayout(options)
        layout.addLayout(run_row)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.current_label)
        layout.addWidget(self.results_table, 2)
        return tab

    def _build_ledger_tab(self) -> QWidget:
        from cityeval_desktop.services.package_import import OUTCOMES

        tab = QWidget(self)
        self.outcome_filter = QComboBox(tab)
        self.outcome_filter.addItem(self.tr("All outcomes"), None)
        for key, label in OUTCOMES.items():
            self.outcome_filter.addItem(i18n.pick(label), key)
        self.ledger_search = QLineEdit(tab)
        self.ledger_search.setAccessibleName(self.tr("Search the import ledger"))
        self.ledger_search.setPlaceholderText(self.tr("Search file, case, signer, reason or person…"))
        self.ledger_search.setClearButtonEnabled(True)
        self.refresh_button = QPushButton(self.tr("Refresh"), tab)
        self.refresh_button.clicked.connect(self.reload_ledger)
        self.quarantine_button = QPushButton(self.tr("Open quarantine folder"), tab)
        self.quarantine_button.setToolTip(self.tr("Refused packages are copied there, each with a file saying why"))
        self.quarantine_button.clicked.connect(self._on_open_quarantine)
        self.ledger = LedgerModel(self)
        self.ledger_proxy = LedgerFilterProxy(self)
        self.ledger_proxy.setSourceModel(self.ledger)
        self.outcome_filter.currentIndexChanged.connect(
            lambda _i: self.ledger_proxy.set_outcome(self.outcome_filter.currentData())
        )
        self.ledger_search.textChanged.connect(self.ledger_proxy.set_search)
        self.ledger_table = self._table(tab, self.ledger_proxy)
        self.ledger_table.setAccessibleName(self.tr("Import ledger"))
        self.ledger_count = QLabel(tab)
        for signal in (self.ledger_proxy.modelReset, self.ledger_proxy.layoutChanged, self.ledger_proxy.rowsInserted):
            signal.connect(self._update_ledger_count)
        self.ledger_proxy.rowsRemoved.connect(self._update_ledger_count)
        filters = QHBoxLayout()
        filters.addWidget(self.ledger_search, 3)
        filters.addWidget(self.outcome_filter, 1)
        filters.addWidget(self.refresh_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.quarantine_button)
        bottom.addStretch(1)
        bottom.addWidget(self.ledger_count)
        layout = QVBoxLayout(tab)
        layout.addLayout(filters)
        layout.addWidget(self.ledger_table, 1)
        layout.addLayout(bottom)
        return tab

    def _row(self, edit: QWidget, button: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(button)
        return row

    def _table(self, parent: QWidget, model: Any) -> QTableView:
        table = QTableView(parent)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        return table

    # ------------------------------------------------------------------ the queue
    @Slot(list)
    def add_paths(self, paths: list[Path]) -> None:
        """Queue files and folders (a folder is searched for packages when the import starts)."""
        if self.running:
            return
        for path in paths:
            path = Path(path)
            if path not in self.queued:
                self.queued.append(path)
                self.drop_zone.list.addItem(str(path) + ("/" if path.is_dir() else ""))
        self._update_buttons()

    @Slot()
    def clear_queue(self) -> None:
        if self.running:
            return
        self.queued.clear()
        self.drop_zone.list.clear()
        self._update_buttons()

    @Slot()
    def _on_remove(self) -> None:
        rows = sorted({i.row() for i in self.drop_zone.list.selectedIndexes()}, reverse=True)
        for row in rows:
            self.drop_zone.list.takeItem(row)
            del self.queued[row]
        self._update_buttons()

    @Slot()
    def _on_add_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Case packages"), str(Path.home()), self.tr("Case packages (*.cityeval *.p7m)")
        )
        self.add_paths([Path(n) for n in names])

    @Slot()
    def _on_add_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("A folder of case packages"), str(Path.home()))
        if name:
            self.add_paths([Path(name)])

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

    # ------------------------------------------------------------------ importing
    @property
    def running(self) -> bool:
        """An import is under way (until its result is shown; the worker's own end comes just after)."""
        return self._running

    def _update_buttons(self) -> None:
        running = self.running
        for widget in (
            self.add_files_button,
            self.add_folder_button,
            self.remove_button,
            self.clear_button,
            self.trust_edit,
            self.trust_button,
            self.accept_check,
            self.identity_edit,
            self.identity_button,
            self.password_edit,
        ):
            widget.setEnabled(not running)
        self.drop_zone.setAcceptDrops(not running)
        self.start_button.setEnabled(not running and bool(self.queued) and not self.read_only)
        self.start_button.setToolTip(
            self.tr("This workbench opened the database read-only: nothing can be imported") if self.read_only else ""
        )
        self.cancel_button.setEnabled(running and not self.operation.cancel_requested)  # type: ignore[union-attr]

    def start(self) -> BackgroundOperation | None:
        """Import every queued file and folder on the background worker (progress below, Cancel between packages)."""
        if self.running or self.read_only or not self.queued:
            return None
        accept = self.accept_check.isChecked()
        if accept:
            answer = QMessageBox.warning(
                self,
                self.tr("Import untrusted packages"),
                self.tr(
                    "Packages whose signer is not trusted here will be imported and marked “unverified”, with your "
                    "name as the person who accepted them. Go on?"
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        ctx, paths = self._ctx, list(self.queued)
        trust = [Path(self.trust_edit.text().strip()).expanduser()] if self.trust_edit.text().strip() else []
        identity = self.identity_edit.text().strip()
        password = self.password_edit.text()
        self.password_edit.clear()

        def work(progress: Progress) -> tuple[list[Path], list[Any]]:
            from cityeval_desktop.services.package_import import import_packages, package_files

            files = package_files(paths)  # the folders' packages, so that a cancel leaves the rest queued
            if not identity:  # encrypted packages are refused up front (not their fault: nothing recorded)
                from cityeval_desktop.services.package_crypto import require_identity_for

                require_identity_for(files)
            opener = encryption.opener_for(ctx, identity, password)
            return files, import_packages(
                ctx,
                files,
                extra_trust=trust,
                accept_untrusted=accept,
                progress=lambda done, total, path: progress.report(done, total, str(path)),
                cancelled=lambda: progress.cancelled,
                opener=opener,
            )

        self.results.set_rows([])
        self.outcomes = []
        self.summary_label.clear()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.current_label.setText(self.tr("Looking for packages…"))
        self._running, self._total = True, 0
        self.operation = (
            BackgroundOperation(self, work, title=self.tr("Importing packages"), show_dialog=False)
            .progressed(self._on_progressed)
            .success(self._on_imported)
            .failure(self._on_failed)
        )
        self.operation.run()
        self._update_buttons()
        return self.operation

    @Slot()
    def cancel(self) -> None:
        """Stop after the package being imported now (it is finished whole; the others are not touched)."""
        if not self.running:
            return
        assert self.operation is not None
        self.operation.cancel()
        self.current_label.setText(self.tr("Cancelling after the current package…"))
        self._update_buttons()

    def _on_progressed(self, done: int, total: int, text: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(min(done, total))
        self._total = total
        if self.operation is not None and self.operation.cancel_requested:
            return
        if done < total:
            self.current_label.setText(
                self.tr("Checking and importing %1 of %2: %3")
                .replace("%1", str(done + 1))
                .replace("%2", str(total))
                .replace("%3", Path(text).name)
            )

    def _on_imported(self, found: tuple[list[Path], list[Any]]) -> None:
        self._running = False
        files, outcomes = found
        op = self.operation
        cancelled = op is not None and op.cancel_requested
        self.outcomes = list(outcomes)
        self.results.set_rows(self.outcomes)
        self.results_table.resizeColumnsToContents()
        self._fit_reason_column(self.results_table)
        rejected = sum(o.rejected for o in outcomes)
        skipped = sum(o.outcome == "skipped" for o in outcomes)
        imported = len(outcomes) - rejected - skipped
        total = max(self._total, len(outcomes))
        counts = (
            self.tr("%1 imported, %2 skipped (already here), %3 refused")
            .replace("%1", str(imported))
            .replace("%2", str(skipped))
            .replace("%3", str(rejected))
        )
        if cancelled:
            text = (
                self.tr("Cancelled after %1 of %2 packages (%3); the other %4 were not touched.")
                .replace("%1", str(len(outcomes)))
                .replace("%2", str(total))
                .replace("%3", counts)
                .replace("%4", str(max(total - len(outcomes), 0)))
            )
            colour = WARN_COLOUR
        elif not outcomes:
            text, colour = self.tr("No package files (.cityeval) were found in what you chose."), WARN_COLOUR
        else:
            text = self.tr("%1 packages: %2").replace("%1", str(len(outcomes))).replace("%2", counts)
            colour = BAD_COLOUR if rejected else OK_COLOUR
        self.summary_label.setText(text)
        self.summary_label.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.current_label.setText(
            self.tr("Refused packages were copied to the quarantine folder; the ledger says why.") if rejected else ""
        )
        if not cancelled:
            self.queued.clear()
            self.drop_zone.list.clear()
        else:  # the packages not started stay queued (a folder by its files): Start goes on with them
            self._queue_rest(files[len(outcomes) :])
        self._update_buttons()
        self.reload_ledger()
        if imported:
            self.cases_changed.emit()

    def _queue_rest(self, rest: list[Path]) -> None:
        self.queued = []
        self.drop_zone.list.clear()
        self.add_paths(rest)

    def _on_failed(self, exc: BaseException) -> None:
        self._running = False
        if not isinstance(exc, CityEvalError):
            log.error("importing packages", exc_info=exc)
        self.summary_label.setText(self.tr("Nothing was imported: %1").replace("%1", " ".join(describe(exc))))
        self.summary_label.setStyleSheet(f"color: {BAD_COLOUR}; font-weight: 600;")
        self.current_label.clear()
        self._update_buttons()
        self.reload_ledger()

    def _fit_reason_column(self, table: QTableView) -> None:
        """Long reasons are cut at the window's edge (the whole text is the cell's tooltip)."""
        header = table.horizontalHeader()
        last = header.count() - 1
        room = table.viewport().width() - sum(header.sectionSize(c) for c in range(last))
        if header.sectionSize(last) > room > 120:
            header.resizeSection(last, room)
        for column in range(last):
            if header.sectionSize(column) > 320:
                header.resizeSection(column, 320)

    @Slot(QModelIndex)
    def _on_result_double_clicked(self, index: QModelIndex) -> None:
        outcome = index.data(ROW_ROLE)
        if outcome is not None and getattr(outcome, "ref", None):
            self.case_opened.emit(outcome.ref)

    # ------------------------------------------------------------------ the ledger
    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        if index == TAB_LEDGER:
            self.reload_ledger()

    @Slot()
    def reload_ledger(self) -> None:
        """Read the import ledger again (newest first)."""
        from cityeval_desktop.services.package_import import ledger

        try:
            entries = ledger(self._ctx)
        except Exception as exc:
            from cityeval_desktop.ui.errors import show_error

            show_error(self, exc)
            return
        self.ledger.set_rows(entries)
        self.ledger_table.resizeColumnsToContents()
        self._fit_reason_column(self.ledger_table)
        self._update_ledger_count()

    @Slot()
    def _update_ledger_count(self) -> None:
        self.ledger_count.setText(
            self.tr("%1 of %2 entries")
            .replace("%1", str(self.ledger_proxy.rowCount()))
            .replace("%2", str(self.ledger.rowCount()))
        )

    @Slot()
    def _on_open_quarantine(self) -> None:
        from cityeval_desktop.services.package_import import quarantine_folder

        folder = quarantine_folder(self._ctx)
        if not folder.is_dir():
            QMessageBox.information(
                self, self.tr("Quarantine folder"), self.tr("No package has been refused yet: the folder is empty.")
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # ------------------------------------------------------------------ verify
    def verify_package(self, path: Path | None = None) -> Any:
        """Open the verify dialog (for the selected queued file when it is one)."""
        from cityeval_desktop.ui.dialogs.verify_package import VerifyPackageDialog

        if path is None:
            rows = self.drop_zone.list.selectedIndexes()
            chosen = self.queued[rows[0].row()] if rows else None
            path = chosen if chosen is not None and chosen.is_file() else None
        from cityeval_desktop.ui.help import install_help_key

        dialog = VerifyPackageDialog(self._ctx, self, path)
        dialog.trust_edit.setText(self.trust_edit.text())
        install_help_key(dialog)  # the dialog blocks the window, and with it the window's F1
        dialog.open()
        if path is not None:
            dialog.verify()
        return dialog
