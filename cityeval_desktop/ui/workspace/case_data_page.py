"""The case's 评估信息 (issue 12): reference date and review window, numbers and validity, the assessment team
and their signed declarations, the written opinion and the on-site inspection records.

Every edit is one service call (one transaction, audited); the edits that can be taken back are handed to
the workspace's undo history. A finalized revision shows everything read-only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,  # type: ignore[attr-defined]
    QDate,
    QEvent,
    QObject,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.case_data import (
    LEAD,
    MAX_OPINION,
    REVIEWER,
    ROLES,
    Inspection,
    TeamMember,
    sampled_counts,
)
from cityeval_desktop.services import case_data as service
from cityeval_desktop.services.cases import CaseDetail
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.errors import describe
from cityeval_desktop.ui.widgets.confirm import confirm_anyway
from cityeval_desktop.ui.widgets.table_model import RowsTableModel
from cityeval_desktop.ui.workspace.case_data_dialogs import (
    DeclarationDialog,
    InspectionDialog,
    MemberDialog,
    date_edit,
    identity_key,
    statement_preview,
)
from cityeval_desktop.ui.workspace.undo import Edit

#: the targets of the case data's finalize problems (the workspace jumps to the part named)
TEAM, DECLARATIONS, OPINION, REFERENCE, INSPECTIONS = (
    "case-data:team",
    "case-data:declarations",
    "case-data:opinion",
    "case-data:reference",
    "case-data:inspections",
)
SIGNED, UNTRUSTED, INVALID, UNSIGNED = "signed", "untrusted", "invalid", "unsigned"
_STATE_COLOR = {SIGNED: "#1b7f3b", UNTRUSTED: "#8a5a00", INVALID: "#b3261e", UNSIGNED: "#5f6368"}
_ERROR_STYLE = "color: #b3261e;"


class TeamModel(RowsTableModel):
    """The team as a table: name, role, organisation, qualification, declaration state."""

    CONTEXT = "TeamModel"
    COLUMNS = (
        QT_TRANSLATE_NOOP("TeamModel", "Name"),
        QT_TRANSLATE_NOOP("TeamModel", "Role"),
        QT_TRANSLATE_NOOP("TeamModel", "Organisation"),
        QT_TRANSLATE_NOOP("TeamModel", "Qualification"),
        QT_TRANSLATE_NOOP("TeamModel", "Declaration"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.states: dict[str, tuple[str, str]] = {}  # name -> (state, the words of the check)

    @property
    def members(self) -> list[TeamMember]:
        return self._rows

    def set_team(self, members: list[TeamMember], states: dict[str, tuple[str, str]]) -> None:
        self.states = states
        self.set_rows(members)

    def state_words(self, state: str) -> str:
        return {
            SIGNED: self.tr("signed · valid"),
            UNTRUSTED: self.tr("signed · signer not trusted"),
            INVALID: self.tr("INVALID — sign again"),
            UNSIGNED: self.tr("not signed"),
        }[state]

    def cell(self, m: TeamMember, col: int, role: int) -> Any:
        state, detail = self.states.get(m.name, (UNSIGNED, ""))
        if role == Qt.ItemDataRole.DisplayRole:
            role_title = ROLES.get(m.role)
            return (
                m.name,
                i18n.pick(role_title) if role_title else m.role,
                m.org,
                m.qualification or "–",
                self.state_words(state),
            )[col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 4:
            return QBrush(QColor(_STATE_COLOR[state]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return (detail or None) if col == 4 else self.cell(m, col, Qt.ItemDataRole.DisplayRole)
        return None


class CaseDataPage(QWidget):
    """The 评估信息 of the open revision. ``saved(detail, edit)``: a change was stored (``edit`` is its undo
    step, or None); the workspace shows it everywhere and records the step."""

    saved = Signal(object, object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.detail: CaseDetail | None = None
        self.ref = ""
        self.read_only = True
        self._shown_opinion = ""  # the stored opinion as the editor last showed it
        self._loading = False
        self._asking = False
        self.member_dialog: MemberDialog | None = None
        self.declaration_dialog: DeclarationDialog | None = None
        self.inspection_dialog: InspectionDialog | None = None
        self.confirm_box: QMessageBox | None = None

        # ---------------------------------------------------------------- reference date and numbers
        self.reference_edit = date_edit(self, None)
        self.reference_edit.editingFinished.connect(self._on_reference_finished)
        self.window_label = QLabel(self)
        self.valid_label = QLabel(self)
        self.report_no_label = QLabel(self)
        self.certificate_no_label = QLabel(self)
        for label in (self.window_label, self.valid_label, self.report_no_label, self.certificate_no_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        self.reference_message = QLabel(self)
        self.reference_message.setWordWrap(True)
        self.reference_message.setStyleSheet(_ERROR_STYLE)
        self.reference_box = QGroupBox(self.tr("Reference date and validity"), self)
        form = QFormLayout(self.reference_box)
        form.addRow(self.tr("Reference da&te"), self.reference_edit)
        form.addRow(self.tr("Review window"), self.window_label)
        form.addRow(self.tr("Valid"), self.valid_label)
        form.addRow(self.tr("Report no."), self.report_no_label)
        form.addRow(self.tr("Certificate no."), self.certificate_no_label)
        form.addRow(self.reference_message)

        # ---------------------------------------------------------------- team
        self.team_model = TeamModel(self)
        self.team_table = QTableView(self)
        self.team_table.setModel(self.team_model)
        self.team_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.team_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.team_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.team_table.verticalHeader().hide()
        self.team_table.setTabKeyNavigation(False)  # Tab leaves the table: the buttons come next
        header = self.team_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.team_table.setMinimumHeight(100)
        self.team_table.doubleClicked.connect(lambda _i: self.sign_declaration())
        self.add_member_button = QPushButton(self.tr("&Add member…"), self)
        self.add_member_button.clicked.connect(lambda: self.add_member())
        self.remove_member_button = QPushButton(self.tr("Remove member…"), self)
        self.remove_member_button.clicked.connect(lambda: self.remove_member())
        self.sign_button = QPushButton(self.tr("Sign &declaration…"), self)
        self.sign_button.setToolTip(self.tr("The selected member signs their independence declaration"))
        self.sign_button.clicked.connect(lambda: self.sign_declaration())
        self.team_hint = QLabel(self)
        self.team_hint.setWordWrap(True)
        self.team_message = QLabel(self)
        self.team_message.setWordWrap(True)
        self.team_message.setStyleSheet(_ERROR_STYLE)
        self.team_box = QGroupBox(self.tr("Assessment team"), self)
        team_buttons = QHBoxLayout()
        team_buttons.addWidget(self.add_member_button)
        team_buttons.addWidget(self.remove_member_button)
        team_buttons.addWidget(self.sign_button)
        team_buttons.addStretch(1)
        team_layout = QVBoxLayout(self.team_box)
        team_layout.addWidget(self.team_hint)
        team_layout.addWidget(self.team_table, 1)
        team_layout.addWidget(self.team_message)
        team_layout.addLayout(team_buttons)
        self.team_table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())

        # ---------------------------------------------------------------- opinion
        self.opinion_edit = QPlainTextEdit(self)
        self.opinion_edit.setTabChangesFocus(True)  # Tab leaves the box: no keyboard trap
        self.opinion_edit.setPlaceholderText(
            self.tr("Strengths, weaknesses and recommendations. Draft it from the result, then edit it.")
        )
        self.opinion_edit.textChanged.connect(self._on_opinion_changed)
        self.opinion_edit.installEventFilter(self)
        self.reference_edit.installEventFilter(self)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self.opinion_edit)
        save.setContext(Qt.ShortcutContext.WidgetShortcut)
        save.activated.connect(self.save_opinion)
        self.draft_button = QPushButton(self.tr("Draft from the &result"), self)
        self.draft_button.clicked.connect(lambda: self.draft_opinion())
        self.save_opinion_button = QPushButton(self.tr("Save (Ctrl+S)"), self)
        self.save_opinion_button.clicked.connect(self.save_opinion)
        self.opinion_count = QLabel(self)
        self.opinion_message = QLabel(self)
        self.opinion_message.setWordWrap(True)
        self.opinion_message.setStyleSheet(_ERROR_STYLE)
        self.opinion_box = QGroupBox(self.tr("Written opinion"), self)
        opinion_buttons = QHBoxLayout()
        opinion_buttons.addWidget(self.draft_button)
        opinion_buttons.addWidget(self.save_opinion_button)
        opinion_buttons.addStretch(1)
        opinion_buttons.addWidget(self.opinion_count)
        opinion_layout = QVBoxLayout(self.opinion_box)
        opinion_layout.addWidget(self.opinion_edit, 1)
        opinion_layout.addWidget(self.opinion_message)
        opinion_layout.addLayout(opinion_buttons)

        # ---------------------------------------------------------------- inspections
        self.inspection_tree = QTreeWidget(self)
        self.inspection_tree.setColumnCount(5)
        self.inspection_tree.setHeaderLabels(
            [self.tr("Date"), self.tr("Place"), self.tr("Participants"), self.tr("Findings"), self.tr("Files")]
        )
        self.inspection_tree.setRootIsDecorated(False)
        self.inspection_tree.setMinimumHeight(90)
        head = self.inspection_tree.header()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2, 3):  # place, participants, findings share the width (each in full in its tooltip)
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        head.setStretchLastSection(False)
        self.add_inspection_button = QPushButton(self.tr("Add &inspection record…"), self)
        self.add_inspection_button.clicked.connect(lambda: self.add_inspection())
        self.remove_inspection_button = QPushButton(self.tr("Remove record…"), self)
        self.remove_inspection_button.clicked.connect(lambda: self.remove_inspection())
        self.inspection_tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.inspection_message = QLabel(self)
        self.inspection_message.setWordWrap(True)
        self.inspection_message.setStyleSheet(_ERROR_STYLE)
        # the sample the framework asks the inspections to reach (hidden when it asks for none)
        self.sample_label = QLabel(self)
        self.sample_label.setWordWrap(True)
        self.inspection_box = QGroupBox(self.tr("On-site inspection records"), self)
        inspection_buttons = QHBoxLayout()
        inspection_buttons.addWidget(self.add_inspection_button)
        inspection_buttons.addWidget(self.remove_inspection_button)
        inspection_buttons.addStretch(1)
        inspection_layout = QVBoxLayout(self.inspection_box)
        inspection_layout.addWidget(self.sample_label)
        inspection_layout.addWidget(self.inspection_tree, 1)
        inspection_layout.addWidget(self.inspection_message)
        inspection_layout.addLayout(inspection_buttons)

        # the lists and the opinion take the height there is (their own size hint is ignored, so the page's
        # preferred height stays within a 720-pixel screen and nothing scrolls), never less than a few lines
        self.opinion_edit.setMinimumHeight(120)
        for view in (self.team_table, self.inspection_tree, self.opinion_edit):
            view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)

        # two columns at 1366 px: dates and team on the left, opinion and inspections on the right
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.reference_box, 0)
        left.addWidget(self.team_box, 1)
        right.addWidget(self.opinion_box, 3)
        right.addWidget(self.inspection_box, 2)
        columns = QHBoxLayout(self)
        columns.addLayout(left, 5)
        columns.addLayout(right, 4)

    # ------------------------------------------------------------------ showing
    def set_case(self, detail: CaseDetail, read_only: bool) -> None:
        """Show ``detail`` (what the database holds). Opinion text typed and not yet saved stays."""
        same_case = self.detail is not None and self.detail.summary.ref == detail.summary.ref
        self.detail, self.ref, self.read_only = detail, detail.summary.ref, read_only
        data = detail.case_data
        self._loading = True
        try:
            self.reference_edit.blockSignals(True)
            if data.reference_date is not None:
                d = data.reference_date
                self.reference_edit.setDate(QDate(d.year, d.month, d.day))
            self.reference_edit.blockSignals(False)
            self.reference_edit.setReadOnly(read_only)
            stored = data.opinion or ""
            if not same_case or not self.opinion_dirty:
                self.opinion_edit.setPlainText(stored)
            self._shown_opinion = stored
            self.opinion_edit.setReadOnly(read_only)
        finally:
            self._loading = False
        self._show_dates()
        self._show_team()
        self._show_inspections()
        self._show_count()
        if not same_case:
            for label in (self.reference_message, self.team_message, self.opinion_message, self.inspection_message):
                label.clear()
        self._update_buttons()

    def _show_dates(self) -> None:
        assert self.detail is not None
        data, draft = self.detail.case_data, self.detail.summary.is_draft
        months = self.detail.framework.review_window_months
        if data.window_from and data.window_to:
            self.window_label.setText(
                self.tr("%1 to %2 (%3 months up to the reference date)")
                .replace("%1", data.window_from.isoformat())
                .replace("%2", data.window_to.isoformat())
                .replace("%3", str(months))
            )
        else:
            self.window_label.setText(self.tr("no reference date set: the review window follows from it"))
        settled = self.tr("set at finalize")
        if data.valid_from and data.valid_until:
            text = (
                self.tr("%1 to %2")
                .replace("%1", data.valid_from.isoformat())
                .replace("%2", data.valid_until.isoformat())
            )
            if data.expired():
                text += " · " + self.tr("expired")
                self.valid_label.setStyleSheet(_ERROR_STYLE + " font-weight: 600;")
            else:
                self.valid_label.setStyleSheet("")
            self.valid_label.setText(text)
        else:
            self.valid_label.setStyleSheet("")
            self.valid_label.setText(settled if draft else "–")
        self.report_no_label.setText(data.report_no or (settled if draft else "–"))
        if data.certificate_no:
            self.certificate_no_label.setText(data.certificate_no)
        elif self.detail.summary.mode != "third-party":
            self.certificate_no_label.setText(self.tr("none (a self-check gets no certificate)"))
        else:
            self.certificate_no_label.setText(settled if draft else "–")

    def _declaration_states(self) -> dict[str, tuple[str, str]]:
        assert self.detail is not None
        try:
            checks = service.check_declarations(self._ctx, self.detail)
        except Exception as exc:  # the trust store unreadable: say so per declaration, never hide them
            return {d.member: (INVALID, "\n".join(describe(exc))) for d in self.detail.case_data.declarations}
        states = {}
        for name, check in checks.items():
            state = SIGNED if check.trusted else UNTRUSTED if check.valid else INVALID
            states[name] = (state, i18n.pick(check.describe()))
        return states

    def _show_team(self) -> None:
        assert self.detail is not None
        data = self.detail.case_data
        current = self.current_member()
        self.team_model.set_team(list(data.team), self._declaration_states())
        self._fit_team_columns()
        names = [m.name for m in data.team]
        if current is not None and current.name in names:
            self.select_member(current.name)
        elif names:
            self.select_member(names[0])
        third = self.detail.summary.mode == "third-party"
        if third:
            self.team_hint.setText(
                self.tr(
                    "A third-party finalize needs a lead assessor, a reviewer who is not the lead, and every "
                    "member's signed declaration."
                )
            )
        else:
            self.team_hint.setText(self.tr("A self-check needs no team; one listed here appears in the report."))

    def _fit_team_columns(self) -> None:
        """The declaration state in full; name, role and qualification as wide as they need, up to a fifth of
        the table each; the organisation takes the rest (each cell in full in its tooltip)."""
        table = self.team_table
        cap = max(80, table.viewport().width() // 5)
        for column in (0, 1, 3, 4):
            hint = max(table.sizeHintForColumn(column), table.horizontalHeader().sectionSizeHint(column))
            table.setColumnWidth(column, hint + 8 if column == 4 else min(hint + 8, cap))  # the state in full

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._fit_team_columns()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_team_columns()

    def _show_inspections(self) -> None:
        assert self.detail is not None
        row = self.inspection_tree.indexOfTopLevelItem(self.inspection_tree.currentItem())
        self.inspection_tree.clear()
        sep = "、" if i18n.lang() == "zh" else ", "
        for record in self.detail.case_data.inspections:
            item = QTreeWidgetItem(
                self.inspection_tree,
                [
                    record.day.isoformat(),
                    record.place,
                    sep.join(record.participants),
                    record.findings.replace("\n", " "),
                    str(len(record.attachments)),
                ],
            )
            item.setToolTip(1, record.place)
            item.setToolTip(2, "\n".join(record.participants))
            item.setToolTip(3, self._inspection_tooltip(record, sep))
        count = self.inspection_tree.topLevelItemCount()
        if count:
            self.inspection_tree.setCurrentItem(self.inspection_tree.topLevelItem(min(max(row, 0), count - 1)))
        self._show_sample()

    def _show_sample(self) -> None:
        """What the framework asks the inspections to sample, and what the records list so far."""
        assert self.detail is not None
        sample = self.detail.framework.inspection
        asked = sample.asked and self.detail.summary.mode == "third-party"  # a self-check is not held to it
        self.sample_label.setVisible(asked)
        if not asked:
            self.sample_label.clear()
            return
        projects, staff = sampled_counts(self.detail.case_data)
        parts = []
        if sample.projects:
            parts.append(
                self.tr("%1 of at least %2 projects").replace("%1", str(projects)).replace("%2", str(sample.projects))
            )
        if sample.staff:
            parts.append(self.tr("%1 of at least %2 staff").replace("%1", str(staff)).replace("%2", str(sample.staff)))
        short = projects < sample.projects or staff < sample.staff
        self.sample_label.setText(
            self.tr("Sample the framework asks for: %1").replace(
                "%1", ("；" if i18n.lang() == "zh" else "; ").join(parts)
            )
        )
        self.sample_label.setStyleSheet(_ERROR_STYLE if short else "")

    def _inspection_tooltip(self, record: Inspection, sep: str) -> str:
        colon = "：" if i18n.lang() == "zh" else ": "
        lines = [self.tr("Checked") + colon + record.checked, self.tr("Findings") + colon + record.findings]
        if record.sampled_projects:
            lines.append(self.tr("Sampled projects") + colon + sep.join(record.sampled_projects))
        if record.sampled_staff:
            lines.append(self.tr("Sampled staff") + colon + sep.join(record.sampled_staff))
        if record.attachments:
            lines.append(self.tr("Attachments") + colon + sep.join(f.name for f in record.attachments))
        return "\n".join(lines)

    def _update_buttons(self) -> None:
        editable = not self.read_only and self.detail is not None
        member = self.current_member()
        for button in (self.add_member_button, self.add_inspection_button, self.draft_button):
            button.setEnabled(editable)
        self.remove_member_button.setEnabled(editable and member is not None)
        self.sign_button.setEnabled(editable and member is not None)
        self.remove_inspection_button.setEnabled(editable and self.inspection_tree.currentItem() is not None)
        self.save_opinion_button.setEnabled(editable and self.opinion_dirty)

    # ------------------------------------------------------------------ saving
    def _store(self, fn: Any, *args: Any, edit: Any = None) -> CaseDetail:
        """One service call on the open revision; shown everywhere at once. Raises what the service raises."""
        detail = fn(self._ctx, self.ref, *args)
        made = edit(detail) if edit is not None else None
        self.saved.emit(detail, made)
        return detail

    def _store_here(self, show: QLabel, fn: Any, *args: Any, edit: Any = None) -> CaseDetail | None:
        """:meth:`_store` with a refusal shown in ``show`` (the part's own message line)."""
        try:
            detail = self._store(fn, *args, edit=edit)
        except Exception as exc:
            show.setText("\n".join(describe(exc)))
            return None
        show.clear()
        return detail

    # ------------------------------------------------------------------ reference date
    @Slot()
    def _on_reference_finished(self) -> None:
        if self.detail is None or self.read_only or self._loading or self._asking:
            return
        d = self.reference_edit.date()
        day = date(d.year(), d.month(), d.day())
        before = self.detail.case_data.reference_date
        if day == before:
            return
        signed = len(self.detail.case_data.declarations)
        self._asking = True  # (the question takes the focus: the field reports its edit finished again)
        try:
            go = not signed or confirm_anyway(
                self,
                title=self.tr("Change the reference date"),
                text=i18n.plural(
                    signed,
                    self.tr("Changing the reference date withdraws %1 signed declaration."),
                    self.tr("Changing the reference date withdraws %1 signed declarations."),
                ),
                detail=self.tr("Each declaration names the review window; the members sign again for the new one."),
                accept=self.tr("&Change the date"),
                track=self._track,
            )
        finally:
            self._asking = False
        if not go:
            self._loading = True
            if before is not None:
                self.reference_edit.setDate(QDate(before.year, before.month, before.day))
            self._loading = False
            return
        ctx, ref = self._ctx, self.ref

        def edit(_detail: CaseDetail) -> Edit | None:
            if before is None:
                return None
            return Edit(
                self.tr("reference date"),
                REFERENCE,
                lambda: service.set_reference_date(ctx, ref, before.isoformat()),
                lambda: service.set_reference_date(ctx, ref, day.isoformat()),
            )

        self._store_here(self.reference_message, service.set_reference_date, day.isoformat(), edit=edit)

    def _track(self, box: QMessageBox | None) -> None:
        self.confirm_box = box

    # ------------------------------------------------------------------ team
    def current_member(self) -> TeamMember | None:
        index = self.team_table.currentIndex()
        members = self.team_model.members
        return members[index.row()] if index.isValid() and index.row() < len(members) else None

    def select_member(self, name: str) -> None:
        for row, m in enumerate(self.team_model.members):
            if m.name == name:
                self.team_table.setCurrentIndex(self.team_model.index(row, 0))
                return

    def add_member(self) -> MemberDialog | None:
        """Open the dialog that adds a member (non-modal for the keyboard; Enter adds, Escape cancels)."""
        if self.detail is None or self.read_only:
            return None
        ctx, ref = self._ctx, self.ref

        def save(name: str, role: str, org: str, qualification: str | None) -> None:
            def edit(_detail: CaseDetail) -> Edit:
                return Edit(
                    self.tr("team member %1").replace("%1", name),
                    TEAM,
                    lambda: service.remove_member(ctx, ref, name),
                    lambda: service.add_member(ctx, ref, name=name, role=role, org=org, qualification=qualification),
                )

            self._store(
                lambda c, r: service.add_member(c, r, name=name, role=role, org=org, qualification=qualification),
                edit=edit,
            )
            self.select_member(name)

        dialog = MemberDialog(self.detail.case_data, save, self)
        dialog.finished.connect(lambda _r: self.team_table.setFocus())
        self.member_dialog = dialog
        dialog.open()
        return dialog

    def remove_member(self, *, confirm: bool = True) -> bool:
        member = self.current_member()
        if self.detail is None or self.read_only or member is None:
            return False
        declared = self.detail.case_data.declaration_of(member.name) is not None
        detail = self.tr("Undo puts them back on the team.")
        if declared:
            detail = self.tr("Their signed declaration is removed with them; undo puts them back unsigned.")
        if confirm and not confirm_anyway(
            self,
            title=self.tr("Remove a team member"),
            text=self.tr("Remove %1 from the assessment team?").replace("%1", member.name),
            detail=detail,
            accept=self.tr("&Remove"),
            track=self._track,
        ):
            return False
        ctx, ref, m = self._ctx, self.ref, member

        def edit(_detail: CaseDetail) -> Edit:
            return Edit(
                self.tr("team member %1").replace("%1", m.name),
                TEAM,
                lambda: service.add_member(
                    ctx, ref, name=m.name, role=m.role, org=m.org, qualification=m.qualification
                ),
                lambda: service.remove_member(ctx, ref, m.name),
            )

        return self._store_here(self.team_message, service.remove_member, m.name, edit=edit) is not None

    def sign_declaration(self) -> DeclarationDialog | None:
        """The selected member signs their declaration: the statement is shown, then identity and password."""
        member = self.current_member()
        if self.detail is None or self.read_only or member is None:
            return None
        statement = statement_preview(self.detail, member)
        if not statement:
            QMessageBox.information(
                self,
                self.tr("Sign a declaration"),
                self.tr("Set the reference date first: the declaration names the review window."),
            )
            self.reference_edit.setFocus()
            return None
        from PySide6.QtCore import QSettings

        last = str(QSettings().value(identity_key(member.name), "") or "")
        dialog = DeclarationDialog(self._ctx, self.ref, member, statement, last, self)
        dialog.signed.connect(lambda detail: self.saved.emit(detail, None))
        dialog.finished.connect(lambda _r: self.team_table.setFocus())
        self.declaration_dialog = dialog
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ opinion
    @property
    def opinion_dirty(self) -> bool:
        return self.opinion_edit.toPlainText() != self._shown_opinion

    def _on_opinion_changed(self) -> None:
        self._show_count()
        if not self._loading:
            self._update_buttons()

    def _show_count(self) -> None:
        count = len(self.opinion_edit.toPlainText())
        self.opinion_count.setText(
            self.tr("%1 / %2 characters").replace("%1", f"{count:,}").replace("%2", f"{MAX_OPINION:,}")
        )
        self.opinion_count.setStyleSheet(_ERROR_STYLE + " font-weight: 600;" if count > MAX_OPINION else "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.opinion_edit and event.type() == QEvent.Type.FocusOut:
            self.save_opinion()
        # Ctrl+Z / Ctrl+Shift+Z undo typing while the opinion has unsaved text; otherwise (and always in the
        # date field, saved as soon as it is left) they go to the case's undo history, as in the indicator editor
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo))
            and (watched is self.reference_edit or (watched is self.opinion_edit and not self.opinion_dirty))
        ):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def save_opinion(self) -> bool:
        """Store the opinion as typed (an emptied box takes it away); True when nothing is left to save."""
        if self.detail is None or self.read_only or not self.opinion_dirty:
            return True
        text = self.opinion_edit.toPlainText()
        before = self.detail.case_data.opinion
        ctx, ref = self._ctx, self.ref

        def restore(value: str | None) -> Any:
            return service.set_opinion(ctx, ref, value, "opinion") if value else service.clear_opinion(ctx, ref)

        def edit(detail: CaseDetail) -> Edit | None:
            after = detail.case_data.opinion
            if after == before:
                return None
            return Edit(self.tr("written opinion"), OPINION, lambda: restore(before), lambda: restore(after))

        if not text.strip():
            done = self._store_here(self.opinion_message, lambda c, r: service.clear_opinion(c, r), edit=edit)
        else:
            done = self._store_here(self.opinion_message, service.set_opinion, text, "opinion", edit=edit)
        if done is not None:
            self._update_buttons()
        return done is not None

    def flush(self) -> bool:
        """Save a typed opinion now (before finalizing, closing, switching cases)."""
        return self.save_opinion()

    def draft_opinion(self, *, confirm: bool = True) -> bool:
        """Fill the box with the opinion drafted from the result; asks first when it would replace text."""
        if self.detail is None or self.read_only:
            return False
        try:
            draft = service.draft_opinion(self._ctx, self.ref, i18n.lang())
        except Exception as exc:
            self.opinion_message.setText("\n".join(describe(exc)))
            return False
        current = self.opinion_edit.toPlainText()
        if confirm and current.strip() and current != draft:
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Question)
            box.setWindowTitle(self.tr("Draft the opinion"))
            box.setText(self.tr("Replace the text in the box with a new draft from the result?"))
            box.setInformativeText(self.tr("The text there now is lost unless you undo the save afterwards."))
            go = box.addButton(self.tr("&Replace"), QMessageBox.ButtonRole.AcceptRole)
            cancel = box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(cancel)
            box.setEscapeButton(cancel)
            self.confirm_box = box
            try:
                box.exec()
            finally:
                self.confirm_box = None
            if box.clickedButton() is not go:
                return False
        self.opinion_edit.setPlainText(draft)
        self.opinion_edit.setFocus()
        return self.save_opinion()

    # ------------------------------------------------------------------ inspections
    def add_inspection(self) -> InspectionDialog | None:
        if self.detail is None or self.read_only:
            return None
        ctx, ref = self._ctx, self.ref

        def save(fields: dict[str, Any]) -> None:
            def edit(detail: CaseDetail) -> Edit:
                record = detail.case_data.inspections[-1]
                return Edit(
                    self.tr("inspection record of %1").replace("%1", record.day.isoformat()),
                    INSPECTIONS,
                    lambda: _remove_record(ctx, ref, record),
                    lambda: service.restore_inspection(ctx, ref, record),
                )

            self._store(service.add_inspection_fields, fields, edit=edit)
            last = self.inspection_tree.topLevelItemCount() - 1
            if last >= 0:
                self.inspection_tree.setCurrentItem(self.inspection_tree.topLevelItem(last))

        names = [m.name for m in self.detail.case_data.team]
        dialog = InspectionDialog(save, names, self)
        dialog.finished.connect(lambda _r: self.inspection_tree.setFocus())
        self.inspection_dialog = dialog
        dialog.open()
        return dialog

    def remove_inspection(self, *, confirm: bool = True) -> bool:
        item = self.inspection_tree.currentItem()
        if self.detail is None or self.read_only or item is None:
            return False
        index = self.inspection_tree.indexOfTopLevelItem(item)
        record = self.detail.case_data.inspections[index]
        if confirm and not confirm_anyway(
            self,
            title=self.tr("Remove an inspection record"),
            text=self.tr("Remove the inspection record of %1 at %2?")
            .replace("%1", record.day.isoformat())
            .replace("%2", record.place),
            detail=self.tr("Undo puts it back."),
            accept=self.tr("&Remove"),
            track=self._track,
        ):
            return False
        ctx, ref = self._ctx, self.ref

        def edit(_detail: CaseDetail) -> Edit:
            return Edit(
                self.tr("inspection record of %1").replace("%1", record.day.isoformat()),
                INSPECTIONS,
                lambda: service.restore_inspection(ctx, ref, record),
                lambda: _remove_record(ctx, ref, record),
            )

        return self._store_here(self.inspection_message, service.remove_inspection, index, edit=edit) is not None

    # ------------------------------------------------------------------ going to a part
    def focus_part(self, target: str) -> QWidget:
        """Put the keyboard on the part a finalize problem or an undo step names; returns the widget."""
        data = self.detail.case_data if self.detail is not None else None
        widget: QWidget = self.team_table
        if target == OPINION:
            widget = self.opinion_edit
        elif target == REFERENCE:
            widget = self.reference_edit
        elif target == INSPECTIONS:
            widget = self.inspection_tree
        elif target == DECLARATIONS and data is not None:
            states = self.team_model.states
            pending = next(
                (m.name for m in data.team if states.get(m.name, (UNSIGNED, ""))[0] in (UNSIGNED, INVALID)), None
            )
            if pending is not None:
                self.select_member(pending)
            widget = self.team_table
        elif target == TEAM and data is not None:
            has_lead = bool(data.with_role(LEAD))
            has_reviewer = any(m.role == REVIEWER for m in data.team)
            widget = (
                self.add_member_button if not (has_lead and has_reviewer) and not self.read_only else self.team_table
            )
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return widget


def _remove_record(ctx: AppContext, ref: str, record: Inspection) -> CaseDetail:
    """Take ``record`` off (the last one equal to it: undo of an addition)."""
    from cityeval_desktop.services.cases import load_case

    records = list(load_case(ctx, ref).case_data.inspections)
    index = max(i for i, r in enumerate(records) if r == record) if record in records else -1
    return service.remove_inspection(ctx, ref, index)
