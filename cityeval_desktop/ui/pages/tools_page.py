"""Database maintenance: a consistent backup copy and the full check (integrity, audit chains, evidence files)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.services import maintenance
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.errors import show_error
from cityeval_desktop.ui.widgets.export_notice import announce_export
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

OK_COLOUR, BAD_COLOUR = "#1b7f3b", "#b3261e"


class DatabasePage(QWidget):
    """Backup and check run on the background worker with progress and Cancel (a cancelled backup leaves no
    file); the repair, one audited transaction, runs there without a Cancel it could not honour."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.operation: BackgroundOperation | None = None
        self.last_backup: Path | None = None
        self.check_result: Any = None

        where = QFormLayout()
        self.url_label = QLabel(ctx.shown_url, self)
        self.url_label.setWordWrap(True)
        self.url_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label = QLabel(str(ctx.data_dir), self)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.addRow(self.tr("Database"), self.url_label)
        where.addRow(self.tr("Data folder (evidence files)"), self.folder_label)

        backup_box = QGroupBox(self.tr("Backup"), self)
        backup_intro = QLabel(
            self.tr(
                "Writes a consistent copy of the database to a new file while you keep working. Evidence files "
                "live in the data folder: back that folder up too."
            ),
            backup_box,
        )
        backup_intro.setWordWrap(True)
        self.backup_button = QPushButton(self.tr("Back up now…"), backup_box)
        self.backup_button.clicked.connect(lambda: self.backup())
        self.open_folder_button = QPushButton(self.tr("Open folder"), backup_box)
        self.open_folder_button.clicked.connect(self._on_open_folder)
        self.open_folder_button.setEnabled(False)
        self.backup_label = QLabel(backup_box)
        self.backup_label.setWordWrap(True)
        self.backup_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        backup_row = QHBoxLayout()
        backup_row.addWidget(self.backup_button)
        backup_row.addWidget(self.open_folder_button)
        backup_row.addStretch(1)
        box_layout = QVBoxLayout(backup_box)
        box_layout.addWidget(backup_intro)
        box_layout.addLayout(backup_row)
        box_layout.addWidget(self.backup_label)
        unavailable = maintenance.backup_unavailable(ctx)
        if unavailable is not None:
            self.backup_button.setEnabled(False)
            self.backup_label.setText(i18n.pick(unavailable) + ("。" if i18n.lang() == "zh" else "."))

        check_box = QGroupBox(self.tr("Check"), self)
        check_intro = QLabel(
            self.tr(
                "Checks that the database file is sound, that no audit entry was changed or removed, that every "
                "finalized revision still agrees with its signed report, and that every evidence file is present "
                "and unchanged. Nothing is modified."
            ),
            check_box,
        )
        check_intro.setWordWrap(True)
        self.check_button = QPushButton(self.tr("Check now"), check_box)
        self.check_button.clicked.connect(lambda: self.check())
        self.full_check = QCheckBox(self.tr("Verify every&thing again"), check_box)
        self.full_check.setToolTip(
            self.tr(
                "Cases and files unchanged since an earlier check on this computer found them sound are not "
                "verified again, which keeps the check quick. Tick this to verify every one of them as well."
            )
        )
        self.repair_button = QPushButton(self.tr("&Repair…"), check_box)
        self.repair_button.setToolTip(
            self.tr(
                "Removes stray files and partial copies from the evidence folder and recomputes the figures the "
                "case list shows. Nothing else is changed."
            )
        )
        self.repair_button.clicked.connect(lambda: self.repair())
        self.repair_button.hide()  # shown when a check finds something it can put right
        self.check_headline = QLabel(check_box)
        self.check_headline.setWordWrap(True)
        self.repair_label = QLabel(check_box)  # what the last repair did, above the fresh check's headline
        self.repair_label.setWordWrap(True)
        self.repair_label.hide()
        self.problem_list = QListWidget(check_box)
        self.problem_list.setWordWrap(True)
        self.problem_list.hide()  # shown when a check finds something
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.full_check)
        check_row.addWidget(self.repair_button)
        check_row.addStretch(1)
        check_layout = QVBoxLayout(check_box)
        check_layout.addWidget(check_intro)
        check_layout.addLayout(check_row)
        check_layout.addWidget(self.repair_label)
        check_layout.addWidget(self.check_headline)
        check_layout.addWidget(self.problem_list, 1)

        self.check_box = check_box
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(where)
        self._layout.addWidget(backup_box)
        self._layout.addWidget(check_box)
        self._layout.addStretch(1)

    # ------------------------------------------------------------------ backup
    def _suggested_backup(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        return Path.home() / f"cityeval-backup-{stamp}{maintenance.backup_suffix(self._ctx)}"

    def _backup_filter(self) -> str:
        if maintenance.backup_suffix(self._ctx) == ".dump":
            return self.tr("PostgreSQL dump (*.dump)")
        return self.tr("Database (*.sqlite3)")

    def backup(self, out: Path | None = None) -> BackgroundOperation | None:
        """Ask where (a new file), then copy the database on the background worker."""
        if out is None:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Back up the database"), str(self._suggested_backup()), self._backup_filter()
            )
            if not name:
                return None
            out = Path(name)
        ctx, target = self._ctx, out

        def work(progress: Progress) -> Path:
            return maintenance.backup_database(ctx, target, progress.report, progress.check)

        self.backup_button.setEnabled(False)
        self.backup_label.clear()
        self.operation = (
            BackgroundOperation(self, work, title=self.tr("Backing up the database"))
            .success(self._on_backed_up)
            .failure(self._on_backup_failed)
            .cancelled(self._on_backup_cancelled)
            .run()
        )
        return self.operation

    def _on_backed_up(self, path: Any) -> None:
        self.backup_button.setEnabled(True)
        self.last_backup = Path(str(path))
        self.open_folder_button.setEnabled(True)
        self.backup_label.setStyleSheet(f"color: {OK_COLOUR};")
        self.backup_label.setText(self.tr("Backed up to %1").replace("%1", str(path)))
        announce_export(self, self.last_backup, self.tr("Database backup"))

    def _on_backup_failed(self, exc: BaseException) -> None:
        self.backup_button.setEnabled(True)
        self.backup_label.setStyleSheet(f"color: {BAD_COLOUR};")
        self.backup_label.setText(self.tr("No backup was written."))
        show_error(self, exc, self.tr("Backup not written"))

    @Slot()
    def _on_open_folder(self) -> None:
        if self.last_backup is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_backup.parent)))

    def _on_backup_cancelled(self) -> None:
        self.backup_button.setEnabled(True)
        self.backup_label.setStyleSheet("")
        self.backup_label.setText(self.tr("Backup cancelled; no file was written."))

    # ------------------------------------------------------------------ check
    def check(self) -> BackgroundOperation | None:
        """Run the full check on the background worker and list what it finds."""
        ctx = self._ctx
        full = self.full_check.isChecked()

        def work(progress: Progress) -> Any:
            return maintenance.check_database(ctx, progress.report, progress.check, full=full)

        self.check_button.setEnabled(False)
        self.repair_button.hide()
        self.problem_list.clear()
        self._show_problem_list(False)
        self.check_headline.setStyleSheet("")
        self.check_headline.setText(self.tr("Checking…"))
        self.operation = (
            BackgroundOperation(self, work, title=self.tr("Checking the database"))
            .success(self._on_checked)
            .failure(self._on_check_failed)
            .cancelled(self._on_check_cancelled)
            .run()
        )
        return self.operation

    def _on_check_cancelled(self) -> None:
        self.check_button.setEnabled(True)
        self.check_headline.setStyleSheet("")
        self.check_headline.setText(self.tr("Check cancelled."))

    def _on_check_failed(self, exc: BaseException) -> None:
        self.check_button.setEnabled(True)
        self.check_headline.setText(self.tr("The check could not run."))
        show_error(self, exc)

    def _on_checked(self, result: Any) -> None:
        self.check_button.setEnabled(True)
        self.check_result = result
        self.repair_label.setText(getattr(self, "_repair_note", ""))
        self.repair_label.setVisible(bool(getattr(self, "_repair_note", "")))
        self._repair_note = ""
        stamp = datetime.now().strftime("%H:%M")
        if result.ok:
            self.check_headline.setStyleSheet(f"color: {OK_COLOUR}; font-weight: 600;")
            entries = i18n.plural(result.audit_entries, self.tr("%1 audit entry"), self.tr("%1 audit entries"))
            files = i18n.plural(
                result.evidence_files, self.tr("%1 evidence file intact"), self.tr("%1 evidence files intact")
            )
            headline = (
                self.tr("✔ No problem found (%1): %2, chains intact; %3.")
                .replace("%1", stamp)
                .replace("%2", entries)
                .replace("%3", files)
            )
            if result.reused_cases or result.reused_files:
                headline += ("" if i18n.lang() == "zh" else " ") + self.tr(  # no space after a Chinese 。
                    "Of these, %1 and %2 were unchanged since an earlier check on this computer and were not "
                    "verified again."
                ).replace("%1", i18n.plural(result.reused_cases, self.tr("%1 case"), self.tr("%1 cases"))).replace(
                    "%2", i18n.plural(result.reused_files, self.tr("%1 file"), self.tr("%1 files"))
                )
            self.check_headline.setText(headline)
            return
        self.check_headline.setStyleSheet(f"color: {BAD_COLOUR}; font-weight: 600;")
        self.check_headline.setText(
            i18n.plural(
                len(result.problems),
                self.tr("✘ %1 problem found (%2). Restore from a backup, or keep this list for the administrator."),
                self.tr("✘ %1 problems found (%2). Restore from a backup, or keep this list for the administrator."),
            ).replace("%2", stamp)
        )
        self._show_problem_list(True)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for p in result.problems:
            QListWidgetItem(icon, self.problem_text(p), self.problem_list)
        self.repair_button.setVisible(bool(result.repairable))

    # ------------------------------------------------------------------ repair
    def repair(self) -> BackgroundOperation | None:
        """After a yes: put right what the last check marked repairable, then check again."""
        checked = getattr(self, "check_result", None)
        if checked is None or not checked.repairable:
            return None
        files = sum(1 for p in checked.repairable if p.kind != maintenance.CACHE_STALE)
        figures = len(checked.repairable) - files
        answer = QMessageBox.question(
            self,
            self.tr("Repair the database"),
            self.tr(
                "Remove %1 from the evidence folder and recompute the list figures of %2?\n\nNo case, answer, "
                "evidence file in use or report is changed; problems that need a backup stay listed."
            )
            .replace("%1", i18n.plural(files, self.tr("%1 stray file"), self.tr("%1 stray files")))
            .replace("%2", i18n.plural(figures, self.tr("%1 revision"), self.tr("%1 revisions"))),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        ctx = self._ctx

        def work(progress: Progress) -> Any:
            return maintenance.repair_database(ctx, checked)

        self.repair_button.setEnabled(False)
        self.check_button.setEnabled(False)
        self.operation = (
            BackgroundOperation(self, work, title=self.tr("Repairing the database"), cancellable=False)
            .success(self._on_repaired)
            .failure(self._on_repair_failed)
            .run()
        )
        return self.operation

    def _on_repaired(self, repaired: Any) -> None:
        self.repair_button.setEnabled(True)
        self.last_repair = repaired
        self._repair_note = (
            self.tr("Repaired: %1 removed (%2 KB freed), list figures of %3 recomputed.")
            .replace("%2", f"{repaired.freed_bytes / 1024:.0f}")
            .replace(
                "%1", i18n.plural(len(repaired.removed_files), self.tr("%1 stray file"), self.tr("%1 stray files"))
            )
            .replace("%3", i18n.plural(len(repaired.refreshed), self.tr("%1 revision"), self.tr("%1 revisions")))
        )
        self.check()  # the list now shows what is left

    def _on_repair_failed(self, exc: BaseException) -> None:
        self.repair_button.setEnabled(True)
        self.check_button.setEnabled(True)
        show_error(self, exc)

    def _show_problem_list(self, shown: bool) -> None:
        """The list takes the page's free room only when it has something to show."""
        self.problem_list.setVisible(shown)
        self._layout.setStretchFactor(self.check_box, 1 if shown else 0)
        self._layout.setStretch(self._layout.count() - 1, 0 if shown else 1)

    def problem_text(self, p: Any) -> str:
        """One finding in plain words (the services word every kind, in both languages)."""
        text = i18n.pick(maintenance.problem_text(p))
        return text[:1].upper() + text[1:]
