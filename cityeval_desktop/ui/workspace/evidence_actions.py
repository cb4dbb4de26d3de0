"""Evidence actions shared by the workspace and the guided self-check: attach, confirm removal, open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from cityeval_desktop.services import workbench
from cityeval_desktop.services.cases import CaseDetail
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.errors import show_error
from cityeval_desktop.ui.worker import BackgroundOperation, Progress


def attach_files(
    parent: QWidget,
    ctx: AppContext,
    ref: str,
    indicator_id: str,
    files: list[Path],
    on_attached: Callable[[CaseDetail], None],
) -> BackgroundOperation:
    """Attach files in the background (progress, cancel); the case changes only at the end.

    ``on_attached`` receives the case as saved; a refusal (a file too big, not a regular file,
    the case finalized meanwhile) is shown in a message and changes nothing.
    """

    def work(progress: Progress) -> CaseDetail:
        return workbench.attach_files(ctx, ref, indicator_id, files, progress.report, progress.check)

    return (
        BackgroundOperation(parent, work, title=QCoreApplication.translate("EvidenceActions", "Adding evidence"))
        .success(on_attached)
        .failure(
            lambda exc: show_error(parent, exc, QCoreApplication.translate("EvidenceActions", "Evidence not added"))
        )
        .run()
    )


def confirm_removal(parent: QWidget, detail: CaseDetail, indicator_id: str, evidence_ids: list[int]) -> bool:
    """Ask before removing evidence files from an indicator; True when the user agrees."""
    names = [e.original_name for e in detail.evidence if e.id in evidence_ids]
    if not names:
        return False
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("EvidenceActions", "Remove evidence"),
        i18n.plural(
            len(names),
            QCoreApplication.translate("EvidenceActions", "Remove %1 file from %2?\n%3"),
            QCoreApplication.translate("EvidenceActions", "Remove %1 files from %2?\n%3"),
        )
        .replace("%2", indicator_id)
        .replace("%3", "\n".join(names[:10])),
    )
    return answer == QMessageBox.StandardButton.Yes


def open_evidence(parent: QWidget, ctx: AppContext, detail: CaseDetail, evidence_id: int) -> Path | None:
    """Open a stored evidence file with the system viewer (from a temporary copy under its own name)."""
    item = next((e for e in detail.evidence if e.id == evidence_id), None)
    if item is None:
        return None
    try:
        path = workbench.evidence_copy_for_viewing(ctx, item.sha256, item.original_name)
    except Exception as exc:
        show_error(parent, exc, QCoreApplication.translate("EvidenceActions", "Evidence not opened"))
        return None
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        QMessageBox.warning(
            parent,
            QCoreApplication.translate("EvidenceActions", "Evidence not opened"),
            QCoreApplication.translate("EvidenceActions", "No program is set up to open %1. A copy is at:\n%2")
            .replace("%1", item.original_name)
            .replace("%2", str(path)),
        )
    return path
