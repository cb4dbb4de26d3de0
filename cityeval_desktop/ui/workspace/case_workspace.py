"""The case workspace: indicator tree | indicator editor | live score panel; every edit saved at once."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.basis import Verification, VetoBasis
from cityeval_desktop.domain.records import EvidenceItem
from cityeval_desktop.domain.regions import region_label
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.cases import CaseDetail
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.ui import i18n, labels
from cityeval_desktop.ui.errors import describe, show_error
from cityeval_desktop.ui.widgets.export_notice import announce_export
from cityeval_desktop.ui.worker import BackgroundOperation, Progress
from cityeval_desktop.ui.workspace import evidence_actions
from cityeval_desktop.ui.workspace.case_data_page import CaseDataPage
from cityeval_desktop.ui.workspace.finalize_panel import FinalizePanel
from cityeval_desktop.ui.workspace.indicator_editor import IndicatorEditor
from cityeval_desktop.ui.workspace.indicator_tree import IndicatorTree, indicator_state
from cityeval_desktop.ui.workspace.score_panel import ScorePanel
from cityeval_desktop.ui.workspace.undo import Edit, UndoHistory

if TYPE_CHECKING:
    from cityeval_desktop.services.package_import import Origin
    from cityeval_desktop.services.reporting import ReportSignatures, SignedReportInfo
    from cityeval_desktop.ui.dialogs.certificate import CertificateDialog
    from cityeval_desktop.ui.dialogs.countersign import CountersignDialog
    from cityeval_desktop.ui.dialogs.export_package import ExportPackageDialog
    from cityeval_desktop.ui.dialogs.finalize import FinalizeDialog
    from cityeval_desktop.ui.workspace.revisions_panel import RevisionsDialog

log = logging.getLogger("cityeval.ui.workspace")


class CaseWorkspace(QWidget):
    """One open case revision. ``detail`` always holds what the database holds."""

    case_changed = Signal(str)  # case reference, after any saved change
    closed = Signal()
    self_check_requested = Signal(str)
    case_amended = Signal(str)  # reference of the new revision

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.detail: CaseDetail | None = None
        self.ref = ""
        self.last_output: Path | None = None
        self.signed_report: SignedReportInfo | None = None  # of a finalized revision, from the stored row
        self.origin: Origin | None = None  # of a revision imported from a package (read-only here)
        self.package_dialog: ExportPackageDialog | None = None
        self.certificate_dialog: CertificateDialog | None = None  # the open result certificate dialog
        self.countersign_dialog: CountersignDialog | None = None  # the open reviewer's countersign dialog
        self.signatures: ReportSignatures | None = None  # of a finalized revision, from its audit trail
        self._finalize_case = ""  # the case whose problem list the finalize panel shows
        self.history = UndoHistory(self)

        self.back_button = QPushButton(self.tr("← Cases"), self)
        self.back_button.clicked.connect(self._on_back)
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel(self)
        # wraps: a finalized revision's line names its signer and time, which must not widen the window
        self.status_label.setWordWrap(True)
        self.self_check_button = QPushButton(self.tr("Guided self-check…"), self)
        self.self_check_button.clicked.connect(lambda: self.self_check_requested.emit(self.ref))
        self.amend_button = QPushButton(self.tr("Amend…"), self)
        self.amend_button.clicked.connect(self.amend)
        self.finalize_button = QPushButton(self.tr("Finalize and sign…"), self)
        self.finalize_button.clicked.connect(self.finalize)
        self.pdf_button = QPushButton(self.tr("PDF report…"), self)
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        self.xlsx_button = QPushButton(self.tr("Excel…"), self)
        self.xlsx_button.clicked.connect(lambda: self.export_xlsx())
        self.package_button = QPushButton(self.tr("Export package…"), self)
        self.package_button.clicked.connect(lambda: self.export_package())
        # where an imported revision came from (signer, package, import time, trusted or not)
        self.origin_banner = QLabel(self)
        self.origin_banner.setObjectName("origin_banner")
        self.origin_banner.setWordWrap(True)
        self.origin_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.origin_banner.hide()
        # two rows: the case's identity across the whole width (it never wraps mid-word beside a
        # row of buttons at 1280 px), then the status and the actions
        heading = QHBoxLayout()
        heading.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        heading.addWidget(self.header, 1)
        top = QHBoxLayout()
        top.addWidget(self.status_label, 1)
        top.addWidget(self.self_check_button)
        top.addWidget(self.finalize_button)
        top.addWidget(self.amend_button)
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.package_button)
        self._add_revisions_button(top)
        self._add_checklist_button(top)

        self.tree = IndicatorTree(self)
        self.tree.setAccessibleName(self.tr("Indicators"))
        self.editor = IndicatorEditor(self)
        self.editor.set_evidence_path_resolver(lambda sha: self._ctx.evidence.path_of(sha))
        self.panel = ScorePanel(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([300, 620, 340])
        # the case data of the report (评估信息) in a tab beside the indicators
        self.case_page = CaseDataPage(ctx, self)
        self.case_page.saved.connect(self._on_case_data_saved)
        self.case_scroll = QScrollArea(self)
        self.case_scroll.setWidgetResizable(True)
        self.case_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.case_scroll.setWidget(self.case_page)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.splitter, self.tr("Indicators"))
        self.tabs.addTab(self.case_scroll, self.tr("Assessment details"))
        self.tabs.setTabToolTip(
            1, self.tr("Reference date, team and declarations, written opinion, on-site inspections (Ctrl+PgDown)")
        )
        # Ctrl+PgDown / Ctrl+PgUp switch the tabs wherever the keyboard is in the workspace (a list would
        # otherwise take the keys for itself)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            switch = QShortcut(QKeySequence(keys), self)
            switch.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            switch.activated.connect(lambda step=step: self._switch_tab(step))
        # the finalize problem list, beside the workspace until every problem is fixed (both tabs)
        self.finalize_panel = FinalizePanel(self)
        self.finalize_panel.hide()
        self.outer = QSplitter(Qt.Orientation.Horizontal, self)
        self.outer.addWidget(self.tabs)
        self.outer.addWidget(self.finalize_panel)
        self.outer.setStretchFactor(0, 8)
        self.outer.setStretchFactor(1, 2)
        self.finalize_panel.jump_requested.connect(self._on_problem_activated)
        self.finalize_panel.sign_requested.connect(self._open_sign_dialog)
        self.case_changed.connect(self._on_case_rechecked)

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.origin_banner)
        layout.addLayout(top)
        layout.addWidget(self.outer, 1)

        self.tree.indicator_selected.connect(self._on_indicator_selected)
        self.editor.value_committed.connect(self._on_value_committed)
        self.editor.na_committed.connect(self._on_na_committed)
        self.editor.note_committed.connect(self._on_note_committed)
        self.editor.files_added.connect(self.add_files)
        self.editor.evidence_remove_requested.connect(self._on_evidence_remove)
        self.editor.evidence_open_requested.connect(self._on_evidence_open)
        self.editor.advance_requested.connect(self._on_advance)
        self.panel.veto_changed.connect(self._on_veto_changed)
        self.panel.veto_basis_committed.connect(self._on_veto_basis_committed)
        self.panel.veto_files_requested.connect(self._on_veto_files_requested)
        self.editor.kind_committed.connect(self._on_kind_committed)
        self.editor.dated_committed.connect(self._on_dated_committed)
        self.editor.verification_committed.connect(self._on_verification_committed)
        self.panel.gap_clicked.connect(self.tree.select_indicator)

    # ------------------------------------------------------------------ loading
    # set by the main window when another workbench has the database: drafts open read-only too
    forced_read_only = False

    @property
    def read_only(self) -> bool:
        return self.forced_read_only or self.detail is None or not self.detail.summary.is_draft

    def open_case(self, ref: str) -> bool:
        """Load a case revision; False (with a message) if it cannot be opened."""
        if self.detail is not None:
            self.editor.commit_pending()  # typed for the case on screen: save it there first
            self.case_page.flush()
        try:
            detail = case_service.load_case(self._ctx, ref)
        except Exception as exc:
            show_error(self, exc)
            return False
        self.history.clear()
        self.detail = detail
        self.ref = detail.summary.ref
        self.tree.set_case(detail)
        self.panel.set_case(detail, self.read_only)
        self.case_page.set_case(detail, self.read_only)
        self._show_header()
        self._show_revision_state()
        first = next((i.id for i in detail.result.indicators if i.status == "unanswered"), None)
        ids = self.tree.ordered_ids()
        self.tree.select_indicator(first or (ids[0] if ids else ""))
        return True

    def _show_header(self) -> None:
        assert self.detail is not None
        s, fw = self.detail.summary, self.detail.framework
        tier = fw.tier(s.tier)
        # lupdate cannot see self.tr() inside f-strings: translate first, then format
        revision = self.tr("Revision %1").replace("%1", str(s.revision))
        assessor = self.tr("Assessor: %1").replace("%1", _esc(s.assessor)) if s.assessor else ""
        version = self.tr("version %1").replace("%1", _esc(fw.version))
        self.header.setText(
            f"<b>{_esc(s.entity_name)}</b>  {s.uscc}  {_esc(region_label(s.region, i18n.lang()))}<br/>"
            f"{_esc(i18n.pick(fw.title))} ({version}) · {i18n.pick(tier.title) if tier else s.tier} · "
            f"{labels.mode(s.mode)} · {revision}" + (f" · {assessor}" if assessor else "")
        )
        self.header.setToolTip(fw.key)
        self.signed_report = self._read_signed_report()
        self.signatures = self._read_signatures()
        if self.read_only:
            status, tips = self._finalized_text(self.signed_report), []
            if self.signed_report is not None:
                tips.append(
                    self.tr("Certificate fingerprint (SHA-256): %1").replace(
                        "%1", self.signed_report.signer_fingerprint
                    )
                )
            validity = self._validity_text()
            if validity is not None:
                status = f"{status} · {validity[0]}"
                tips.append(validity[1])
            self.status_label.setText(status)
            self.status_label.setToolTip("\n".join(tips))
            self.status_label.setStyleSheet("color: #b3261e; font-weight: 600;")
        else:
            self.status_label.setText(self.tr("Draft — changes are saved automatically"))
            self.status_label.setToolTip("")
            self.status_label.setStyleSheet("color: #1b7f3b;")
        self._sync_finalize_panel()
        self.amend_button.setVisible(self.read_only)
        self._show_origin()
        self._update_pdf_menu()  # after the origin: an imported revision offers no certificate
        # the guided walk answers a self-assessment draft; any other case gets a read-only preview of it
        guided = s.mode == "self" and not self.read_only
        self.self_check_button.setText(self.tr("Guided self-check…") if guided else self.tr("Self-check preview…"))
        self.finalize_button.setVisible(not self.read_only)
        if self.forced_read_only:  # nothing to amend or finalize from a read-only workbench
            self.amend_button.setVisible(False)
            self.package_button.setEnabled(False)  # an export is recorded in the case's audit trail
            self.package_button.setToolTip(self.tr("This workbench opened the database read-only"))
            if s.is_draft:
                if self._ctx.read_only_reason is not None:  # read-only media, a full disk: the reason in full
                    self.status_label.setText(self.tr("Draft — read-only: the database cannot be written"))
                    self.status_label.setToolTip(i18n.pick(self._ctx.read_only_reason))
                else:
                    self.status_label.setText(self.tr("Draft — read-only: another workbench is using the database"))
                    self.status_label.setToolTip("")

    def _apply(self, detail: CaseDetail) -> None:
        """Show a freshly saved state everywhere."""
        self.detail = detail
        self.ref = detail.summary.ref
        self.tree.update_states(detail)
        self.panel.show_result(detail)
        self.editor.refresh(detail)
        self.case_page.set_case(detail, self.read_only)
        self.case_changed.emit(self.ref)

    # ------------------------------------------------------------------ navigation
    @Slot(str)
    def _on_indicator_selected(self, indicator_id: str) -> None:
        if self.detail is None:
            return
        current = self.editor.indicator_id
        if current is not None and current != indicator_id and not self.editor.commit_pending():
            # an edit typed for the current indicator was refused: stay on it, its reason is shown there
            self.tree.select_indicator(current, quiet=True)
            return
        self.editor.show_indicator(self.detail, indicator_id, self.read_only)

    @Slot()
    def _on_advance(self) -> None:
        """Enter in an answer: saved; the next indicator comes up with the keyboard on its answer."""
        ids = self.tree.ordered_ids()
        if self.tree.current_id() in ids and ids.index(self.tree.current_id()) == len(ids) - 1:
            self.panel.setFocus()  # after the last indicator come the vetoes
            first = next(iter(self.panel._veto_combos.values()), None)
            if first is not None:
                self.panel.ensureWidgetVisible(first)
                first.setFocus()
            return
        self.go_next(1)
        self.editor.focus_answer()

    def go_next(self, step: int = 1) -> None:
        ids = self.tree.ordered_ids()
        if not ids:
            return
        current = self.tree.current_id()
        index = ids.index(current) if current in ids else -1
        self.tree.select_indicator(ids[(index + step) % len(ids)])

    def go_next_unanswered(self) -> bool:
        if self.detail is None:
            return False
        ids = self.tree.ordered_ids()
        current = self.tree.current_id()
        start = ids.index(current) + 1 if current in ids else 0
        order = ids[start:] + ids[:start]
        for ind_id in order:
            if indicator_state(self.detail, ind_id) in ("unanswered", "evidence_missing"):
                self.tree.select_indicator(ind_id)
                return True
        return False

    # ------------------------------------------------------------------ edits
    def _save(self, fn: Any, *args: Any, **kwargs: Any) -> bool:
        try:
            detail = fn(self._ctx, self.ref, *args, **kwargs)
        except InputError as exc:
            self.editor.show_input_error("\n".join(describe(exc)))
            self._reload_quietly()
            return False
        except Exception as exc:
            self.editor.commit_failed()
            show_error(self, exc)
            self._reload_quietly()
            return False
        self._apply(detail)
        return True

    def _save_answer(self, indicator_id: str, label: str, fn: Any, *args: Any, **kwargs: Any) -> bool:
        """Save an edit of one indicator's answer and record it in the undo history."""
        assert self.detail is not None
        before = case_service.answer_state(self.detail, indicator_id)
        if not self._save(fn, indicator_id, *args, **kwargs):
            return False
        after = case_service.answer_state(self.detail, indicator_id)
        if after != before:
            ctx, ref = self._ctx, self.ref
            self.history.push(
                Edit(
                    label.replace("%1", indicator_id),
                    indicator_id,
                    lambda: case_service.restore_answer(ctx, ref, indicator_id, before),
                    lambda: case_service.restore_answer(ctx, ref, indicator_id, after),
                )
            )
        return True

    # ------------------------------------------------------------------ undo
    def undo(self) -> bool:
        """Undo the last saved edit of this case (an ordinary, audited service call)."""
        if self.read_only:
            return False
        self.editor.commit_pending()
        edit = self.history.next_undo()
        if edit is None or not self._replay(edit, edit.undo):
            return False
        self.history.undone()
        return True

    def redo(self) -> bool:
        """Do the last undone edit again."""
        if self.read_only:
            return False
        edit = self.history.next_redo()
        if edit is None or not self._replay(edit, edit.redo):
            return False
        self.history.redone()
        return True

    def _replay(self, edit: Edit, call: Any) -> bool:
        try:
            detail = call()
        except Exception as exc:
            show_error(self, exc, self.tr("Could not undo or redo: %1").replace("%1", edit.label))
            self._reload_quietly()
            return False
        self._apply(detail)
        if edit.target.startswith("case-data:"):
            self.show_case_part(edit.target)
        elif self.tree.current_id() != edit.target and detail.framework.indicator(edit.target) is not None:
            self.tabs.setCurrentWidget(self.splitter)
            self.tree.select_indicator(edit.target)
        elif detail.framework.veto(edit.target) is not None:
            self._jump_to(edit.target)
        return True

    def _reload_quietly(self) -> None:
        try:
            detail = case_service.load_case(self._ctx, self.ref)
        except Exception:
            log.exception("reload after a failed save")
            return
        self._apply(detail)

    @Slot(str, object)
    def _on_value_committed(self, indicator_id: str, value: object) -> None:
        self._save_answer(indicator_id, self.tr("answer of %1"), case_service.set_answer, value=value)

    @Slot(str, bool, str)
    def _on_na_committed(self, indicator_id: str, na: bool, reason: str) -> None:
        # the value stays behind N/A (ignored by scoring) so unticking N/A brings it back
        label = self.tr("N/A of %1")
        if na:
            self._save_answer(
                indicator_id,
                label,
                case_service.set_answer,
                not_applicable=True,
                reason=reason,
                ground=self.editor.na_ground_id(),
            )
        else:
            self._save_answer(indicator_id, label, case_service.set_answer, not_applicable=False)

    @Slot(str, str)
    def _on_note_committed(self, indicator_id: str, note: str) -> None:
        if self.detail is None or self.read_only:
            return
        answer = self.detail.answers.get(indicator_id)
        if (answer.note if answer else None) == (note or None):
            return
        kwargs: dict[str, Any] = {"note": note}
        if answer is not None and answer.not_applicable:
            kwargs.update(not_applicable=True, reason=answer.reason)
        self._save_answer(indicator_id, self.tr("note of %1"), case_service.set_answer, **kwargs)

    @Slot(str, object)
    def _on_veto_changed(self, veto_id: str, decided: object) -> None:
        if self.detail is None:
            return
        before = self.detail.vetoes.get(veto_id)
        # undeciding a veto drops its basis: undoing that brings the basis back with the decision
        basis_before = self.detail.veto_basis.get(veto_id)
        if not self._save(case_service.set_veto, veto_id, decided):
            return
        after = self.detail.vetoes.get(veto_id)
        basis_after = self.detail.veto_basis.get(veto_id)
        if after != before:
            ctx, ref = self._ctx, self.ref
            self.history.push(
                Edit(
                    self.tr("veto %1").replace("%1", veto_id),
                    veto_id,
                    lambda: case_service.set_veto(ctx, ref, veto_id, before, basis_before),
                    lambda: case_service.set_veto(ctx, ref, veto_id, after, basis_after),
                )
            )

    def _save_here(self, show: Any, fn: Any, *args: Any) -> bool:
        """Save an edit whose refusal is shown beside its own fields (``show``), not in the editor."""
        try:
            detail = fn(self._ctx, self.ref, *args)
        except InputError as exc:
            self._reload_quietly()
            show("\n".join(describe(exc)))
            return False
        except Exception as exc:
            show_error(self, exc)
            self._reload_quietly()
            return False
        self._apply(detail)
        return True

    @Slot(str, object)
    def _on_veto_basis_committed(self, veto_id: str, basis: Any) -> None:
        row = self.panel.basis_rows.get(veto_id)
        if self.detail is None or self.read_only or row is None:
            return
        before = self.detail.veto_basis.get(veto_id) or VetoBasis()
        if not self._save_here(row.show_error, case_service.set_veto_basis, veto_id, basis):
            return
        after = self.detail.veto_basis.get(veto_id) or VetoBasis()
        if after != before:
            ctx, ref = self._ctx, self.ref
            self.history.push(
                Edit(
                    self.tr("basis of veto %1").replace("%1", veto_id),
                    veto_id,
                    lambda: case_service.set_veto_basis(ctx, ref, veto_id, before),
                    lambda: case_service.set_veto_basis(ctx, ref, veto_id, after),
                )
            )

    @Slot(str)
    def _on_veto_files_requested(self, veto_id: str, files: list[Path] | None = None) -> None:
        row = self.panel.basis_rows.get(veto_id)
        if self.detail is None or self.read_only or row is None:
            return
        if files is None:
            names, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach the basis of veto %1").replace("%1", veto_id))
            files = [Path(n) for n in names]
        if not files:
            return
        before = self.detail
        if self._save_here(row.show_error, case_service.add_veto_evidence, veto_id, files):
            self._record_evidence("", before, self.detail, self.tr("basis files of veto %1"), veto_id=veto_id)

    @Slot(int, object)
    def _on_kind_committed(self, evidence_id: int, kind: object) -> None:
        if self.detail is None or self.read_only:
            return
        row = next((e for e in self.detail.evidence if e.id == evidence_id), None)
        if row is None or row.kind == kind:
            return
        before = row.kind
        if not self._save_here(self.editor.show_evidence_error, case_service.set_evidence_kind, evidence_id, kind):
            return
        ctx, ref, indicator_id, sha = self._ctx, self.ref, row.indicator_id, row.sha256
        self.history.push(
            Edit(
                self.tr("evidence kind in %1").replace("%1", indicator_id),
                indicator_id,
                lambda: case_service.set_evidence_kind_of(ctx, ref, indicator_id, sha, before),
                lambda: case_service.set_evidence_kind_of(ctx, ref, indicator_id, sha, kind),
            )
        )

    @Slot(int, object)
    def _on_dated_committed(self, evidence_id: int, dated: object) -> None:
        """The date a file proves, typed in the evidence list: saved, undoable like its kind."""
        if self.detail is None or self.read_only:
            return
        row = next((e for e in self.detail.evidence if e.id == evidence_id), None)
        if row is None:
            return
        before = row.dated.isoformat() if row.dated else None
        if dated == before:
            return
        if not self._save_here(self.editor.show_evidence_error, case_service.set_evidence_date, evidence_id, dated):
            return
        ctx, ref, indicator_id, sha = self._ctx, self.ref, row.indicator_id, row.sha256
        self.history.push(
            Edit(
                self.tr("date proved in %1").replace("%1", indicator_id),
                indicator_id,
                lambda: case_service.set_evidence_date_of(ctx, ref, indicator_id, sha, before),
                lambda: case_service.set_evidence_date_of(ctx, ref, indicator_id, sha, dated),
            )
        )

    @Slot(str, object, object)
    def _on_verification_committed(self, indicator_id: str, sha256s: object, verification: object) -> None:
        if self.detail is None or self.read_only:
            return
        done: list[tuple[str | None, dict[str, Any] | None, dict[str, Any] | None]] = []
        for sha in sha256s or [None]:  # type: ignore[union-attr]
            before = _verification_entry(self.detail.verification_of(indicator_id, sha))
            if not self._save_here(
                self.editor.show_evidence_error, case_service.set_verification, indicator_id, sha, verification
            ):
                break
            done.append((sha, before, _verification_entry(self.detail.verification_of(indicator_id, sha))))
        changed = [step for step in done if step[1] != step[2]]
        if not changed:
            return
        ctx, ref = self._ctx, self.ref
        undo = [(sha, old) for sha, old, _new in changed]
        redo = [(sha, new) for sha, _old, new in changed]
        self.history.push(
            Edit(
                self.tr("verification in %1").replace("%1", indicator_id),
                indicator_id,
                lambda: case_service.set_verifications(ctx, ref, indicator_id, undo),
                lambda: case_service.set_verifications(ctx, ref, indicator_id, redo),
            )
        )

    def _record_evidence(
        self, indicator_id: str, before: CaseDetail, after: CaseDetail, label: str, *, veto_id: str | None = None
    ) -> None:
        """Record files attached to or detached from one indicator (or veto basis) between two states."""

        def files(detail: CaseDetail) -> dict[str, EvidenceItem]:
            rows = detail.veto_evidence(veto_id) if veto_id else detail.evidence_for(indicator_id)
            return {e.sha256: e for e in rows}

        old, new = files(before), files(after)
        added = [new[sha] for sha in new if sha not in old]
        removed = [old[sha] for sha in old if sha not in new]
        ctx, ref, target = self._ctx, self.ref, veto_id or indicator_id
        if added:
            shas = [e.sha256 for e in added]
            self.history.push(
                Edit(
                    label.replace("%1", target),
                    target,
                    lambda: case_service.detach_evidence(ctx, ref, indicator_id, shas, veto_id=veto_id),
                    lambda: case_service.reattach_evidence(ctx, ref, indicator_id, added, veto_id=veto_id),
                )
            )
        if removed:
            shas = [e.sha256 for e in removed]
            self.history.push(
                Edit(
                    label.replace("%1", target),
                    target,
                    lambda: case_service.reattach_evidence(ctx, ref, indicator_id, removed, veto_id=veto_id),
                    lambda: case_service.detach_evidence(ctx, ref, indicator_id, shas, veto_id=veto_id),
                )
            )

    def add_files(self, indicator_id: str, files: list[Path]) -> BackgroundOperation | None:
        """Attach files in the background (progress, cancel); the case changes only at the end."""
        if self.read_only:
            return None
        ref = self.ref

        before = self.detail

        def done(detail: CaseDetail) -> None:
            self._apply(detail)
            if before is not None and detail.summary.ref == before.summary.ref:
                self._record_evidence(indicator_id, before, detail, self.tr("evidence added to %1"))

        return evidence_actions.attach_files(self, self._ctx, ref, indicator_id, files, done)

    @Slot(str, list)
    def _on_evidence_remove(self, indicator_id: str, evidence_ids: list[int]) -> None:
        if self.detail is None:
            return
        if not evidence_actions.confirm_removal(self, self.detail, indicator_id, evidence_ids):
            return
        before = self.detail
        for evidence_id in evidence_ids:
            if not self._save(case_service.remove_evidence, evidence_id):
                break
        if self.detail is not None and self.detail is not before:
            self._record_evidence(indicator_id, before, self.detail, self.tr("evidence removed from %1"))

    @Slot(int)
    def _on_evidence_open(self, evidence_id: int) -> None:
        if self.detail is None:
            return
        evidence_actions.open_evidence(self, self._ctx, self.detail, evidence_id)

    # ------------------------------------------------------------------ amend
    @Slot()
    def amend(self) -> None:
        if self.detail is None or not self.read_only:
            return
        reason, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("Amend finalized case"),
            self.tr(
                "A new draft revision is created with the same answers; the finalized revision stays "
                "unchanged. Why is it amended?"
            ),
        )
        if not ok:
            return
        if not reason.strip():
            QMessageBox.warning(self, self.tr("Amend"), self.tr("An amendment needs a reason."))
            return
        try:
            summary = case_service.amend(self._ctx, self.ref, reason)
        except Exception as exc:
            show_error(self, exc)
            return
        self.case_amended.emit(summary.ref)
        self.open_case(summary.ref)

    # ------------------------------------------------------------------ packages
    def _read_origin(self) -> Origin | None:
        from cityeval_desktop.services.package_import import origin_of

        if self.detail is None or self.detail.summary.is_draft:
            return None
        try:
            return origin_of(self._ctx, self.ref)
        except Exception:
            log.exception("reading the origin of an imported revision")
            return None

    def _show_origin(self) -> None:
        """An imported revision: the banner says where it came from; it cannot be amended or re-exported here."""
        assert self.detail is not None
        o = self.origin = self._read_origin()
        finalized = not self.detail.summary.is_draft
        self.package_button.setVisible(finalized)
        if o is None:
            self.origin_banner.hide()
            self.amend_button.setEnabled(True)
            self.amend_button.setToolTip("")
            self.package_button.setEnabled(finalized)
            self.package_button.setToolTip(self.tr("A signed package of this revision to send to an agency"))
            return
        reason = i18n.pick(case_service.IMPORTED_READ_ONLY)
        self.amend_button.setEnabled(False)
        self.amend_button.setToolTip(reason)
        self.package_button.setEnabled(False)
        self.package_button.setToolTip(reason)
        imported = o.imported_at.astimezone().strftime("%Y-%m-%d %H:%M")
        signed = o.signed_at.astimezone().strftime("%Y-%m-%d %H:%M") if o.signed_at else "–"
        where = (
            self.tr("Imported from the package %1 on %2 by %3; signed by %4 on %5")
            .replace("%1", _esc(o.file_name))
            .replace("%2", imported)
            .replace("%3", _esc(o.imported_by or "–"))
            .replace("%4", _esc(o.signer_name or "–"))
            .replace("%5", signed)
        )
        # lupdate cannot see self.tr() inside f-strings: translate first, then format (the status line
        # below the banner says read-only)
        if o.trusted:
            title = _esc(self.tr("Imported — signer trusted here"))
            self.origin_banner.setText(f"<b>{title}</b> · {where}")
            self.origin_banner.setStyleSheet(
                "QLabel#origin_banner { background: #e8f1fb; color: #1e3a5f; border: 1px solid #9dbce0;"
                " border-radius: 4px; padding: 6px; }"
            )
        else:
            accepted = self.tr("accepted by %1 although the signer is not trusted here").replace(
                "%1", _esc(o.accepted_by or "–")
            )
            title = _esc(self.tr("Unverified (signer not trusted)"))
            self.origin_banner.setText(f"<b>{title}</b> · {accepted} · {where}")
            self.origin_banner.setStyleSheet(
                "QLabel#origin_banner { background: #fdecea; color: #8c1d18; border: 1px solid #e6a39e;"
                " border-radius: 4px; padding: 6px; font-weight: 600; }"
            )
        self.origin_banner.setToolTip(
            self.tr("Package SHA-256: %1\nSigner's certificate fingerprint (SHA-256): %2")
            .replace("%1", o.package_sha256)
            .replace("%2", o.signer_fingerprint)
        )
        self.origin_banner.show()

    @property
    def can_export_package(self) -> bool:
        """A finalized revision made here (an imported one is forwarded as the package received)."""
        finalized = self.detail is not None and not self.detail.summary.is_draft
        return finalized and self.origin is None and not self.forced_read_only

    @Slot()
    def export_package(self) -> ExportPackageDialog | None:
        """Ask for the identity and the file, then write this finalized revision as a signed package."""
        from cityeval_desktop.ui.dialogs.export_package import ExportPackageDialog

        if self.detail is None:
            return None
        if self.detail.summary.is_draft:
            QMessageBox.information(
                self,
                self.tr("Export package"),
                self.tr("Only a finalized revision can be exported as a package. Finalize and sign first."),
            )
            return None
        if self.origin is not None:
            QMessageBox.information(self, self.tr("Export package"), i18n.pick(case_service.IMPORTED_READ_ONLY))
            return None
        from cityeval_desktop.ui.help import install_help_key

        if not self.can_export_package:  # a read-only workbench cannot record the export
            return None
        dialog = ExportPackageDialog(self._ctx, self.detail.summary, self)
        dialog.exported.connect(self._on_package_exported)
        install_help_key(dialog)
        dialog.open()
        self.package_dialog = dialog
        return dialog

    def _on_package_exported(self, result: object) -> None:
        path = Path(str(getattr(result, "path", "")))
        self.last_output = path
        announce_export(self, path, self.tr("Case package"))

    # ------------------------------------------------------------------ finalize and outputs
    @Slot()
    def finalize(self) -> FinalizeDialog | None:
        """Finalize: what stops it is listed beside the workspace until fixed; with nothing left, sign."""
        if self.detail is None or self.read_only:
            return None
        self.flush()
        self._reload_quietly()  # judged on what the database holds now (another window or program may have written)
        if self.detail is None or self.read_only:
            return None
        if self.finalize_panel.show_problems(self.detail, self._declaration_problems()):
            self._show_finalize_panel()
            return None
        self.finalize_panel.hide()
        return self._open_sign_dialog()

    def _show_finalize_panel(self) -> None:
        assert self.detail is not None
        self._finalize_case = self.detail.summary.case_uuid
        if self.finalize_panel.isHidden():
            total = self.outer.width() or 1
            want = max(self.finalize_panel.minimumWidth(), total // 4)
            self.finalize_panel.show()
            self.outer.setSizes([total - want, want])
        tree = self.finalize_panel.tree
        if tree.currentItem() is None and tree.topLevelItemCount():
            tree.setCurrentItem(tree.topLevelItem(0))
        tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _sync_finalize_panel(self) -> None:
        """The open problem list follows the case on screen; it closes for another case or a finalized one."""
        if self.finalize_panel.isHidden():
            return
        if self.detail is None or self.read_only or self.detail.summary.case_uuid != self._finalize_case:
            self.finalize_panel.hide()
            return
        self.finalize_panel.show_problems(self.detail, self._declaration_problems())

    def _declaration_problems(self) -> list[Any]:
        """Stored declarations whose signature no longer holds (finalize refuses them; the list names them)."""
        from cityeval_desktop.domain.text import Text
        from cityeval_desktop.services.case_data import check_declarations
        from cityeval_desktop.services.results import FinalizeProblem

        if self.detail is None:
            return []
        try:
            checks = check_declarations(self._ctx, self.detail)
        except Exception:
            log.exception("checking the declarations")
            return []
        return [
            FinalizeProblem(
                "declaration_invalid",
                "",
                Text(
                    f"{member} 的回避与独立性声明签名无效，请重新签署",
                    f"the independence declaration of {member} does not verify; sign it again",
                ),
            )
            for member, check in checks.items()
            if not check.valid
        ]

    @Slot(str)
    def _on_case_rechecked(self, _ref: str) -> None:
        self._sync_finalize_panel()

    @Slot(str)
    def _on_problem_activated(self, target: str) -> None:
        """Go to the indicator (its first field takes the keyboard), the veto or the part of the case data of a
        listed problem."""
        if target.startswith("case-data:"):
            self.show_case_part(target)
            return
        self._jump_to(target)
        if self.detail is None or self.detail.framework.indicator(target) is None:
            return
        widget = self.editor.nextInFocusChain()
        for _ in range(200):
            if widget is self.editor or not self.editor.isAncestorOf(widget):
                break
            takes_keys = widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not isinstance(widget, QScrollArea)
            if takes_keys and widget.isVisible() and widget.isEnabled():  # (a scroll area only holds fields)
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                break
            widget = widget.nextInFocusChain()

    @Slot()
    def _open_sign_dialog(self) -> FinalizeDialog | None:
        from cityeval_desktop.ui.dialogs.finalize import FinalizeDialog

        if self.detail is None or self.read_only:
            return None
        self.flush()
        try:
            dialog = FinalizeDialog(self._ctx, self.ref, self)
        except Exception as exc:
            show_error(self, exc)
            return None
        dialog.finalized.connect(self._on_finalized)
        dialog.open()
        return dialog

    @Slot(str)
    def _jump_to(self, target: str) -> None:
        self.tabs.setCurrentWidget(self.splitter)
        if self.detail is not None and self.detail.framework.veto(target) is not None:
            combo = self.panel._veto_combos.get(target)
            if combo is not None:
                self.panel.ensureWidgetVisible(combo)
                combo.setFocus()
            return
        self.tree.select_indicator(target)

    def _on_finalized(self, result: object) -> None:
        self.finalize_panel.hide()
        self.open_case(self.ref)
        self.case_changed.emit(self.ref)
        answer = QMessageBox.question(
            self,
            self.tr("Finalized"),
            self.tr("The revision is finalized and the signed report is stored with the case. Open the report?"),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.export_pdf(self._temp_report_path())

    def _temp_report_path(self) -> Path:
        import tempfile

        assert self.detail is not None
        folder = Path(tempfile.mkdtemp(prefix="cityeval-report-"))
        s = self.detail.summary
        return folder / f"{s.entity_name}-{s.case_uuid[:8]}-r{s.revision}.pdf"

    def _ask_path(self, title: str, suffix: str, pattern: str, tag: str = "") -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        assert self.detail is not None
        s = self.detail.summary
        suggested = str(Path.home() / f"{s.entity_name}-{s.case_uuid[:8]}-r{s.revision}{tag}{suffix}")
        name, _ = QFileDialog.getSaveFileName(self, title, suggested, pattern)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def _read_signed_report(self) -> SignedReportInfo | None:
        from cityeval_desktop.services.reporting import signed_report_info

        if self.detail is None or self.detail.summary.is_draft:
            return None
        try:
            return signed_report_info(self._ctx, self.ref)
        except Exception:
            log.exception("reading the signed report row")
            return None

    def _read_signatures(self) -> ReportSignatures | None:
        from cityeval_desktop.services.reporting import report_signatures

        if self.detail is None or self.detail.summary.is_draft:
            return None
        try:
            return report_signatures(self._ctx, self.ref)
        except Exception:
            log.exception("reading the report's signatures")
            return None

    def _finalized_text(self, signed: SignedReportInfo | None) -> str:
        if signed is None:
            return self.tr("Finalized — read-only")
        when = signed.signed_at.astimezone().strftime("%Y-%m-%d %H:%M")
        signers = signed.signer_name or self.tr("unknown signer")
        sigs = self.signatures
        if sigs is not None and sigs.org is not None:  # a third-party report: name each signature by its role
            names = [
                self.tr("%1 (lead assessor)").replace("%1", sigs.lead or signers),
                self.tr("%1 (organisation)").replace("%1", sigs.org),
            ]
            if sigs.reviewer is not None:
                names.append(self.tr("%1 (reviewer)").replace("%1", sigs.reviewer))
            signers = self.tr(", ").join(names)
        text = self.tr("Finalized — signed by %1 on %2 — read-only").replace("%1", signers).replace("%2", when)
        if sigs is not None and sigs.awaiting_reviewer:
            text += " · " + self.tr("awaiting the reviewer's countersignature")
        return text

    def _validity_text(self) -> tuple[str, str] | None:
        """The result's validity for the status line (expired judged against today's date) and its tooltip."""
        data = self.detail.case_data if self.detail is not None else None
        if data is None or data.valid_until is None:
            return None
        until = data.valid_until.isoformat()
        span = (
            self.tr("Valid from %1 to %2")
            .replace("%1", data.valid_from.isoformat() if data.valid_from else "–")
            .replace("%2", until)
        )
        if data.expired():
            return "⚠ " + self.tr("EXPIRED on %1").replace("%1", until), span + "\n" + self.tr(
                "The result is no longer valid: a new assessment is needed."
            )
        return self.tr("valid until %1").replace("%1", until), span

    def _lang_name(self, lang: str) -> str:
        return self.tr("English") if lang == "en" else self.tr("Chinese")

    def _update_pdf_menu(self) -> None:
        """A signed revision's PDF button offers the signed report and an unsigned copy in the other language."""
        old = self.pdf_button.menu()
        if old is not None:
            self.pdf_button.setMenu(None)
            old.deleteLater()
        if self.signed_report is None:
            return
        from PySide6.QtWidgets import QMenu

        signed = self.signed_report.lang
        menu = QMenu(self.pdf_button)
        menu.addAction(self.tr("Signed report (%1)…").replace("%1", self._lang_name(signed)), lambda: self.export_pdf())
        menu.addAction(
            self.tr("Unsigned copy in %1…").replace("%1", self._lang_name(_other_lang(signed))),
            lambda: self.export_pdf(unsigned_copy=True),
        )
        if self.can_countersign or self.can_write_certificate:
            menu.addSeparator()
        if self.can_countersign:
            menu.addAction(self.tr("Countersign as reviewer…"), lambda: self.countersign())
        if self.can_write_certificate:
            menu.addAction(self.tr("Result certificate…"), lambda: self.write_certificate())
        self.pdf_button.setMenu(menu)

    @property
    def can_write_certificate(self) -> bool:
        """A finalized third-party revision with a certificate number, made here (issue 12 §2)."""
        d = self.detail
        return (
            d is not None
            and not d.summary.is_draft
            and d.summary.mode == "third-party"
            and bool(d.case_data.certificate_no)
            and self.origin is None
            and not self.forced_read_only  # writing one is recorded in the case's audit trail
        )

    @Slot()
    def write_certificate(self) -> CertificateDialog | None:
        """Ask for the issuing identity and the file, then write the signed result certificate."""
        from cityeval_desktop.ui.dialogs.certificate import CertificateDialog
        from cityeval_desktop.ui.help import install_help_key

        if self.detail is None or not self.can_write_certificate:
            return None
        dialog = CertificateDialog(self._ctx, self.detail.summary, self)
        dialog.written.connect(self._on_certificate_written)
        install_help_key(dialog)
        dialog.open()
        self.certificate_dialog = dialog
        return dialog

    @property
    def can_countersign(self) -> bool:
        """A finalized third-party revision made here, signed by the lead and the organisation, with the
        reviewer's box still empty (issue 12 §1.4; ``cityeval report countersign``)."""
        d, sigs = self.detail, self.signatures
        return (
            d is not None
            and not d.summary.is_draft
            and d.summary.mode == "third-party"
            and sigs is not None
            and sigs.awaiting_reviewer
            and self.origin is None
            and not self.forced_read_only  # a countersignature is stored and audited
        )

    @Slot()
    def countersign(self) -> CountersignDialog | None:
        """Ask for the reviewer's identity and password, then add the reviewer's signature to the report."""
        from cityeval_desktop.ui.dialogs.countersign import CountersignDialog
        from cityeval_desktop.ui.help import install_help_key

        if self.detail is None or not self.can_countersign:
            return None
        dialog = CountersignDialog(self._ctx, self.detail, self)
        dialog.countersigned.connect(self._on_countersigned)
        install_help_key(dialog)
        dialog.open()
        self.countersign_dialog = dialog
        return dialog

    def _on_countersigned(self, result: object) -> None:
        """The stored report now carries three signatures: the status line names them."""
        detail = getattr(result, "detail", None)
        if detail is not None and detail.summary.ref == self.ref:
            self.detail = detail
        self._show_header()
        self.case_changed.emit(self.ref)

    def _on_certificate_written(self, result: object) -> None:
        self.last_output = Path(str(getattr(result, "path", "")))
        announce_export(self, self.last_output, self.tr("Result certificate"))

    @Slot()
    def _on_pdf_clicked(self) -> None:
        if self.pdf_button.menu() is None:  # with a menu (a signed revision) the menu's entries export
            self.export_pdf()

    def export_pdf(
        self, out: Path | None = None, lang: str | None = None, *, unsigned_copy: bool = False
    ) -> BackgroundOperation | None:
        """Write a PDF report and open it.

        A draft: the watermarked report in ``lang`` (default: the interface language). A signed revision:
        the stored signed report, byte for byte, in the language it was signed in (``lang`` is not used);
        with ``unsigned_copy``, the report in the other language (or ``lang``), marked as an unsigned copy.
        """
        from cityeval_desktop.services.reporting import render_report, render_unsigned_copy

        if self.detail is None:
            return None
        ctx, ref = self._ctx, self.ref
        signed = self.signed_report if self.read_only else None
        if unsigned_copy and signed is None:
            QMessageBox.information(
                self,
                self.tr("Unsigned copy"),
                self.tr("Only a signed revision has a report copy in the other language. Finalize and sign first."),
            )
            return None
        pattern = self.tr("PDF (*.pdf)")
        if signed is not None and unsigned_copy:
            copy_lang = lang if lang in ("zh", "en") and lang != signed.lang else _other_lang(signed.lang)
            language = self._lang_name(copy_lang)
            title = self.tr("Save an unsigned copy in %1 (the signed report is in %2)")
            title = title.replace("%1", language).replace("%2", self._lang_name(signed.lang))
            tag = "-" + self.tr("unsigned-copy") + "-" + copy_lang  # (lupdate cannot see tr() in f-strings)
            out = out or self._ask_path(title, ".pdf", pattern, tag=tag)
            what = self.tr("Unsigned copy in %1").replace("%1", language)

            def render() -> bytes:
                return render_unsigned_copy(ctx, ref, copy_lang)

        elif signed is not None:
            signed_lang = signed.lang
            title = self.tr("Save the signed report (%1)").replace("%1", self._lang_name(signed_lang))
            out = out or self._ask_path(title, ".pdf", pattern, tag="-" + self.tr("signed"))
            what = self.tr("Signed report")

            def render() -> bytes:
                return render_report(ctx, ref, lang=signed_lang)  # the stored signed bytes

        else:
            report_lang = lang or i18n.lang()
            out = out or self._ask_path(self.tr("Save PDF report"), ".pdf", pattern)
            what = self.tr("PDF report")

            def render() -> bytes:
                return render_report(ctx, ref, lang=report_lang)

        if out is None:
            return None
        target = out

        def work(progress: Progress) -> Path:
            from cityeval_desktop.services.reporting import write_atomically

            progress.report(0, 1, "")
            data = render()
            progress.check()  # a cancel while rendering: nothing is written
            return write_atomically(target, data)

        return (
            BackgroundOperation(self, work, title=self.tr("Writing the report"))
            .success(lambda path: self._open_file(path, what))
            .failure(lambda exc: show_error(self, exc, self.tr("Report not written")))
            .run()
        )

    def export_xlsx(self, out: Path | None = None, lang: str | None = None) -> BackgroundOperation | None:
        """Write the case workbook (Summary, Indicators, Gaps, Evidence, Audit) and open it."""
        if self.detail is None:
            return None
        out = out or self._ask_path(self.tr("Save Excel workbook"), ".xlsx", self.tr("Excel workbook (*.xlsx)"))
        if out is None:
            return None
        ctx, ref, book_lang, target = self._ctx, self.ref, lang or i18n.lang(), out

        def work(progress: Progress) -> Path:
            from cityeval_desktop.services.reporting import write_case_workbook

            progress.report(0, 1, "")
            return write_case_workbook(ctx, ref, target, book_lang, check=progress.check)

        return (
            BackgroundOperation(self, work, title=self.tr("Writing the workbook"))
            .success(lambda path: self._open_file(path, self.tr("Excel workbook")))
            .failure(lambda exc: show_error(self, exc, self.tr("Workbook not written")))
            .run()
        )

    def _open_file(self, path: object, what: str) -> None:
        """An export is written: say where in the status bar (with "Open folder") and open it."""
        self.last_output = Path(str(path))
        announce_export(self, self.last_output, what)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    @Slot()
    def _on_back(self) -> None:
        self.flush()
        self.closed.emit()

    def flush(self) -> bool:
        """Commit every pending edit of the indicator on screen and the opinion typed (before closing,
        finalizing, switching)."""
        return self.editor.commit_pending() and self.case_page.flush()

    def _switch_tab(self, step: int) -> None:
        """The other tab, the keyboard on its first field (the tree, or the reference date)."""
        self.flush()
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
        if self.tabs.currentWidget() is self.case_scroll:
            self.show_case_part("case-data:reference")
        else:
            self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot(object, object)
    def _on_case_data_saved(self, detail: CaseDetail, edit: Edit | None) -> None:
        """The case data page stored a change: shown everywhere, its undo step recorded."""
        self._apply(detail)
        if edit is not None:
            self.history.push(edit)

    def show_case_part(self, target: str) -> QWidget:
        """Bring up the 评估信息 tab with the keyboard on the part ``target`` names (``case-data:…``)."""
        self.tabs.setCurrentWidget(self.case_scroll)
        widget = self.case_page.focus_part(target)
        self.case_scroll.ensureWidgetVisible(widget)
        return widget

    # ------------------------------------------------------------------ revisions
    def _add_revisions_button(self, top: QHBoxLayout) -> None:
        """The "Revisions…" button beside "Amend…" (the list and the diff open in a dialog of their own)."""
        self.revisions_button = QPushButton(self.tr("Revisi&ons…"), self)
        self.revisions_button.setToolTip(self.tr("Every revision of this case: open one read-only, or compare two"))
        self.revisions_button.clicked.connect(self.show_revisions)
        top.insertWidget(top.indexOf(self.amend_button) + 1, self.revisions_button)
        self.revisions_dialog: RevisionsDialog | None = None
        self.closed.connect(self._close_revisions)

    def _show_revision_state(self) -> None:
        """An older revision says so and offers no amendment (only the latest one can be amended)."""
        assert self.detail is not None
        s = self.detail.summary
        latest = max(r.revision for r in case_service.revisions(self._ctx, s.case_uuid))
        self.revisions_button.setText(
            self.tr("Revisi&ons (%1)…").replace("%1", str(latest)) if latest > 1 else self.tr("Revisi&ons…")
        )
        if s.revision < latest:
            self.status_label.setText(
                self.tr("Revision %1 of %2 — an older revision, read-only")
                .replace("%1", str(s.revision))
                .replace("%2", str(latest))
            )
            self.amend_button.setVisible(False)
        dialog = self.revisions_dialog
        if dialog is not None:
            if dialog.history and dialog.history[0].summary.case_uuid != s.case_uuid:
                dialog.close()
            else:
                dialog.set_current(self.ref)

    @Slot()
    def show_revisions(self) -> RevisionsDialog | None:
        """Show every revision of the open case (non-modal, so each can be opened behind it)."""
        from cityeval_desktop.ui.workspace.revisions_panel import RevisionsDialog

        if self.detail is None:
            return None
        self.flush()
        if self.revisions_dialog is None:
            dialog = RevisionsDialog(self._ctx, self.ref, self)
            dialog.open_requested.connect(self.open_case)
            dialog.indicator_requested.connect(self.tree.select_indicator)
            dialog.finished.connect(self._on_revisions_closed)
            self.revisions_dialog = dialog
        else:
            self.revisions_dialog.set_current(self.ref)
        self.revisions_dialog.show()
        self.revisions_dialog.raise_()
        self.revisions_dialog.activateWindow()
        return self.revisions_dialog

    @Slot()
    def _close_revisions(self) -> None:
        if self.revisions_dialog is not None:
            self.revisions_dialog.close()

    @Slot()
    def _on_revisions_closed(self) -> None:
        dialog, self.revisions_dialog = self.revisions_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    # ------------------------------------------------------------------ checklist workbook and answers files
    def _add_checklist_button(self, top: QHBoxLayout) -> None:
        """The "Checklist" menu button: export the case's fillable workbook, apply a filled one or an answers file."""
        from PySide6.QtWidgets import QMenu

        self.checklist_button = QPushButton(self.tr("Checklist"), self)
        self.checklist_button.setToolTip(self.tr("Fill the case in Excel: export its checklist, apply it filled in"))
        menu = QMenu(self.checklist_button)
        self.checklist_export = menu.addAction(self.tr("Export checklist workbook…"))
        self.checklist_export.triggered.connect(lambda: self.export_checklist())
        self.checklist_apply = menu.addAction(self.tr("Apply filled checklist or answers file…"))
        self.checklist_apply.triggered.connect(lambda: self.apply_answers_file())
        menu.aboutToShow.connect(lambda: self.checklist_apply.setEnabled(not self.read_only))
        self.checklist_button.setMenu(menu)
        top.insertWidget(top.indexOf(self.xlsx_button) + 1, self.checklist_button)

    def export_checklist(self, out: Path | None = None, lang: str | None = None) -> BackgroundOperation | None:
        """Write the case's checklist workbook (its framework, its tier) to fill in and apply later."""
        if self.detail is None:
            return None
        if out is None:
            from PySide6.QtWidgets import QFileDialog

            s, tag = self.detail.summary, self.tr("checklist")  # (lupdate cannot see tr() inside an f-string)
            suggested = Path.home() / f"{s.entity_name}-{s.case_uuid[:8]}-r{s.revision}-{tag}.xlsx"
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save checklist workbook"), str(suggested), self.tr("Excel workbook (*.xlsx)")
            )
            if not name:
                return None
            out = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        ctx, ref, book_lang, target = self._ctx, self.ref, lang or i18n.lang(), out

        def work(progress: Progress) -> Path:
            from cityeval_desktop.services.workbooks import export_case_checklist

            progress.report(0, 1, "")
            return export_case_checklist(ctx, ref, target, book_lang, check=progress.check)

        return (
            BackgroundOperation(self, work, title=self.tr("Writing the checklist workbook"))
            .success(self._on_checklist_written)
            .failure(lambda exc: show_error(self, exc, self.tr("Checklist not written")))
            .run()
        )

    def _on_checklist_written(self, path: object) -> None:
        self.last_output = Path(str(path))
        announce_export(self, self.last_output, self.tr("Checklist workbook"))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def apply_answers_file(self, path: Path | None = None, *, confirm: bool = True) -> BackgroundOperation | None:
        """Apply a filled checklist workbook or an answers JSON file to this draft: all of it, or nothing.

        Every problem is listed with where it is (``Sheet!Cell`` or the entry); the case is then unchanged.
        """
        from PySide6.QtWidgets import QFileDialog

        if self.detail is None or self.read_only:
            return None
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Apply a filled checklist or answers file"),
                str(Path.home()),
                self.tr("Checklist or answers (*.xlsx *.json);;Excel workbook (*.xlsx);;Answers file (*.json)"),
            )
            if not name:
                return None
            path = Path(name)
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Apply answers"),
                self.tr(
                    "Apply %1 to this case? Each indicator filled in the file replaces its answer here; blank "
                    "rows change nothing. If any entry is wrong, nothing is applied."
                ).replace("%1", path.name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        self.flush()
        ctx, ref, source = self._ctx, self.ref, path

        def work(progress: Progress) -> CaseDetail:
            progress.report(0, 1, "")
            return case_service.apply_answers_file(ctx, ref, source)

        def done(detail: CaseDetail) -> None:
            # reopened, not patched: the file replaced answers wholesale (the undo history starts again)
            current = self.tree.current_id()
            self.open_case(detail.summary.ref)
            if current:
                self.tree.select_indicator(current)
            r = detail.result
            announce_export(
                self,
                source,
                self.tr("Applied (%1 of %2 indicators done)")
                .replace("%1", str(r.answered + r.not_applicable))
                .replace("%2", str(r.tier_indicators)),
            )

        def failed(exc: BaseException) -> None:
            from cityeval_desktop.ui.dialogs.problems import show_problems

            self.answers_problems = show_problems(
                self,
                self.tr("Answers not applied"),
                self.tr(
                    "Nothing was applied: the case is unchanged. Correct these entries in %1 and apply it again."
                ).replace("%1", source.name),
                exc,
            )

        return (
            BackgroundOperation(self, work, title=self.tr("Applying the answers"), cancellable=False)
            .success(done)
            .failure(failed)
            .run()
        )


def _other_lang(lang: str) -> str:
    return "zh" if lang == "en" else "en"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _verification_entry(found: Verification | None) -> dict[str, Any] | None:
    """A stored verification in the shape ``set_verification`` takes (None: not verified)."""
    if found is None:
        return None
    return {"method": found.method, "conclusion": found.conclusion, "by": found.by, "at": found.at, "note": found.note}
