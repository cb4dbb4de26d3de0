"""Beside the workspace: what still stops finalizing, grouped per indicator and veto, re-checked after each edit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.case_data import sampled_counts
from cityeval_desktop.services.cases import CaseDetail
from cityeval_desktop.services.results import FinalizeProblem, finalize_problems
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.widgets.icons import state_icon
from cityeval_desktop.ui.workspace.case_data_page import DECLARATIONS, INSPECTIONS, OPINION, TEAM
from cityeval_desktop.ui.workspace.indicator_tree import indicator_state

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1
# which state icon a problem of each kind shows
_KIND_ICON = {"unanswered": "unanswered", "na_reason": "na", "evidence_missing": "evidence_missing"}
# the case data's problems (no indicator or veto of their own): the part of the 评估信息 tab to go to
CASE_DATA_TARGETS = {
    "team_lead": TEAM,
    "team_reviewer": TEAM,
    "declaration_missing": DECLARATIONS,
    "declaration_invalid": DECLARATIONS,
    "opinion_missing": OPINION,
    "inspection_projects": INSPECTIONS,
    "inspection_staff": INSPECTIONS,
}


class _ProblemTree(QTreeWidget):
    """Enter (or Return) on a problem goes there, as a click does."""

    activated_target = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            self.activated_target.emit(str(item.data(0, TARGET_ROLE)))
            return
        super().keyPressEvent(event)


class FinalizePanel(QFrame):
    """The problem list of the finalize checks; offers Sign once none remain.

    ``show_problems(detail)`` rebuilds the list from the case as stored; the workspace calls it after
    every saved edit, so fixed problems disappear. Clicking a problem or pressing Enter on it emits
    ``jump_requested`` with the indicator or veto id.
    """

    jump_requested = Signal(str)
    sign_requested = Signal()
    hidden_by_user = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("finalize_panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(240)
        self.problems: list[FinalizeProblem] = []

        self.title = QLabel(self.tr("Before finalizing"), self)
        self.title.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setToolTip(self.tr("Hide the list (Finalize and sign shows it again)"))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self._on_close_clicked)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.tree = _ProblemTree(self)
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemClicked.connect(self._on_item_clicked)
        self.tree.activated_target.connect(self.jump_requested)
        self.sign_button = QPushButton(self.tr("Finalize and sign…"), self)
        self.sign_button.setDefault(True)
        self.sign_button.clicked.connect(self.sign_requested)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.sign_button)
        layout.addStretch(0)

    # ------------------------------------------------------------------ content
    def show_problems(self, detail: CaseDetail, extra: list[FinalizeProblem] | None = None) -> int:
        """List what stops ``detail`` from being finalized (and ``extra``, the checks that need the database:
        declarations that no longer verify); return how many problems remain."""
        current = self.tree.currentItem()
        keep = str(current.data(0, TARGET_ROLE)) if current is not None else None
        keep_row = self.tree.indexOfTopLevelItem(current.parent() or current) if current is not None else -1
        self.problems = [
            FinalizeProblem(p.kind, CASE_DATA_TARGETS[p.kind], p.message)
            if not p.target and p.kind in CASE_DATA_TARGETS
            else p
            for p in [*finalize_problems(detail), *(extra or [])]
        ]
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for problem in self.problems:
            group = groups.get(problem.target)
            if group is None:
                text = self._group_text(detail, problem.target)
                group = QTreeWidgetItem(self.tree, [text])
                group.setData(0, TARGET_ROLE, problem.target)
                group.setIcon(0, state_icon(self._group_state(detail, problem.target)))
                # the whole title (a narrow panel elides it) and what a click does
                group.setToolTip(0, text + "\n" + self.tr("Click or press Enter to go there"))
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                groups[problem.target] = group
            child = QTreeWidgetItem(group, [self._problem_text(problem, detail)])
            child.setData(0, TARGET_ROLE, problem.target)
            child.setIcon(0, state_icon(_KIND_ICON.get(problem.kind, "unanswered")))
            child.setToolTip(0, i18n.pick(problem.message))
        self.tree.expandAll()
        count = len(self.problems)
        if count:
            self.intro.setText(
                (
                    self.tr("1 problem stops finalizing. Click it, or press Enter on it, to go there.")
                    if count == 1
                    else self.tr(
                        "%1 problems in one place stop finalizing. Click one, or press Enter on it, to go there."
                    )
                    if len(groups) == 1
                    else self.tr(
                        "%1 problems in %2 places stop finalizing. Click one, or press Enter on it, to go there."
                    )
                )
                .replace("%1", str(count))
                .replace("%2", str(len(groups)))
            )
            self._restore_current(groups, keep, keep_row)
        else:
            self.intro.setText(
                self.tr(
                    "All checks pass. Signing stores the signed report with the case, writes its hash to the "
                    "audit trail and locks this revision."
                )
            )
        self.tree.setVisible(bool(count))
        self.sign_button.setVisible(not count)
        return count

    def _restore_current(self, groups: dict[str, QTreeWidgetItem], keep: str | None, keep_row: int) -> None:
        """Keep the keyboard's place: the same indicator if it still has problems, else the next one."""
        if keep is not None and keep in groups:
            self.tree.setCurrentItem(groups[keep])
        elif keep_row >= 0 and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(min(keep_row, self.tree.topLevelItemCount() - 1)))

    def _group_text(self, detail: CaseDetail, target: str) -> str:
        parts = {
            TEAM: self.tr("Assessment team"),
            DECLARATIONS: self.tr("Independence declarations"),
            OPINION: self.tr("Written opinion"),
            INSPECTIONS: self.tr("On-site inspection records"),
        }
        if target in parts:
            return parts[target]
        if not target:
            return self.tr("The case as a whole")
        indicator = detail.framework.indicator(target)
        if indicator is not None:
            return f"{target}  {i18n.pick(indicator.title)}"
        veto = detail.framework.veto(target)
        title = i18n.pick(veto.title) if veto is not None else ""
        return self.tr("Veto %1  %2").replace("%1", target).replace("%2", title).strip()

    def _group_state(self, detail: CaseDetail, target: str) -> str:
        if target in (TEAM, DECLARATIONS, OPINION, INSPECTIONS):
            return "unanswered"
        if detail.framework.indicator(target) is not None:
            return indicator_state(detail, target)
        return "unanswered"  # an undecided veto

    def _problem_text(self, problem: FinalizeProblem, detail: CaseDetail) -> str:
        if problem.kind == "declaration_missing":
            data = detail.case_data
            missing = [m.name for m in data.team if data.declaration_of(m.name) is None]
            return self.tr("not signed: %1").replace("%1", ("、" if i18n.lang() == "zh" else ", ").join(missing))
        if problem.kind in ("inspection_projects", "inspection_staff"):
            sample = detail.framework.inspection
            projects, staff = sampled_counts(detail.case_data)
            if problem.kind == "inspection_projects":
                return (
                    self.tr("%1 of at least %2 projects sampled")
                    .replace("%1", str(projects))
                    .replace("%2", str(sample.projects))
                )
            return self.tr("%1 of at least %2 staff sampled").replace("%1", str(staff)).replace("%2", str(sample.staff))
        texts = {
            "unanswered": self.tr("not answered yet"),
            "na_reason": self.tr("marked N/A without a reason"),
            "evidence_missing": self.tr("needs at least one evidence file"),
            "veto_undecided": self.tr("not decided yet"),
            "team_lead": self.tr("no lead assessor: add a member with the role lead assessor"),
            "team_reviewer": self.tr("no reviewer distinct from the lead: add a member with the role reviewer"),
            "opinion_missing": self.tr("no written opinion: draft it from the result, edit it and save it"),
        }
        return texts.get(problem.kind) or i18n.pick(problem.message)

    def target_ids(self) -> list[str]:
        """The indicators and vetoes listed, in order."""
        return [str(self.tree.topLevelItem(i).data(0, TARGET_ROLE)) for i in range(self.tree.topLevelItemCount())]

    # ------------------------------------------------------------------ slots
    @Slot(QTreeWidgetItem, int)
    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        self.jump_requested.emit(str(item.data(0, TARGET_ROLE)))

    @Slot()
    def _on_close_clicked(self) -> None:
        self.hide()
        self.hidden_by_user.emit()
