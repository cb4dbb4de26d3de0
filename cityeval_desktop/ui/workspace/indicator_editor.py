"""Centre of the workspace: one indicator — guidance, the input for its method, N/A, note, evidence."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRegularExpression, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPixmap,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.framework import Indicator
from cityeval_desktop.domain.methods import Bands, Choice, Deduction, PerItem, Ratio, Scale, Threshold, YesNo
from cityeval_desktop.domain.numbers import list_separator, plain, points
from cityeval_desktop.services.cases import CaseDetail, EvidenceItem
from cityeval_desktop.ui import i18n, labels
from cityeval_desktop.ui.workspace.verification_dialog import VerificationDialog

EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: the column of the date a file proves (证明日期)
DATED_COLUMN = 3
#: the narrowest the file name column gets (the list scrolls sideways rather than hide the names)
MIN_NAME_WIDTH = 160
#: how a date outside the review window is marked
OUTSIDE_WINDOW_COLOR = "#b3261e"
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp"}


def human_size(size: int) -> str:
    step = 1024.0
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < step or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= step
    return f"{size} B"


class EvidenceList(QTreeWidget):
    """Evidence files of one indicator; accepts dropped files; Delete asks to remove the selected ones."""

    files_dropped = Signal(list)
    delete_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setRootIsDecorated(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHeaderLabels(
            [
                self.tr("File"),
                self.tr("Kind"),
                self.tr("Verification"),
                self.tr("Date proved"),
                self.tr("Size"),
                self.tr("SHA-256"),
                self.tr("Added"),
            ]
        )
        # the name takes the room left, but never less than a readable width (the list scrolls then)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.header().sectionResized.connect(lambda col, _old, _new: col and self.fit_name_column())
        for col in (1, 2, 3, 4, 5, 6):
            self.header().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.headerItem().setToolTip(
            DATED_COLUMN,
            self.tr("The date the file proves (a contract's signing date), YYYY-MM-DD; optional"),
        )
        self.header().setStretchLastSection(False)
        self.setIconSize(QSize(32, 32))
        self.setMinimumHeight(110)
        self.read_only = False

    def fit_name_column(self) -> None:
        """The file name column: what the other columns leave, at least MIN_NAME_WIDTH."""
        others = sum(self.header().sectionSize(c) for c in range(1, self.columnCount()))
        self.header().resizeSection(0, max(MIN_NAME_WIDTH, self.viewport().width() - others))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit_name_column()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.read_only and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if not self.read_only and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selectedItems() and not self.read_only:
            event.accept()
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)


class IndicatorEditor(QWidget):
    """Edits one indicator. Every commit is a signal; the workspace saves it at once.

    Typed text is *pending* until it is committed (Enter, focus leaving the field, the note's
    pause, or :meth:`commit_pending` before another indicator is shown). A pending field is never
    overwritten by a refresh; a field with nothing pending always shows the stored state, so the
    next indicator never inherits what was typed for the previous one (issue 8, item 2).
    """

    value_committed = Signal(str, object)  # indicator id, raw value (None = clear)
    na_committed = Signal(str, bool, str)  # indicator id, not applicable, reason
    note_committed = Signal(str, str)
    files_added = Signal(str, list)  # indicator id, [Path]
    evidence_remove_requested = Signal(str, list)  # indicator id, [evidence id]
    evidence_open_requested = Signal(int)
    kind_committed = Signal(int, object)  # evidence id, kind id (None: not said)
    dated_committed = Signal(int, object)  # evidence id, "YYYY-MM-DD" as typed (None: no date)
    verification_committed = Signal(str, object, object)  # indicator id, [sha256] ([]: the whole indicator), dict
    advance_requested = Signal()  # Enter in an answer field: saved, now show the next indicator

    def __init__(self, parent: QWidget | None = None, *, guided: bool = False) -> None:
        super().__init__(parent)
        # the indicator scrolls above; the evidence pane below it stays in view at 1280×720
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._guided = guided
        self._indicator: Indicator | None = None
        self._read_only = False
        self._loading = False
        self._evidence_store_path: Any = None
        # a field is pending while its text differs from the stored text it last showed
        self._shown_number = ""
        self._shown_reason = ""
        self._committing = ""  # "number" / "reason" while that field's commit is being saved
        self._showing = False  # show_indicator: every field shows the stored state
        self._rejected = False  # the last commit was refused (set by show_input_error)
        self._stored_na = False  # the shown indicator is stored as N/A
        self._shown_counts: dict[str, int] = {}  # a graded deduction's stored counts (-1: not answered)

        body = QWidget(self.scroll)
        self.scroll.setWidget(body)
        self.title = QLabel(body)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.meta = QLabel(body)
        self.meta.setWordWrap(True)
        self.meta.setStyleSheet("color: #4b5563;")
        self.guidance = QLabel(body)
        self.guidance.setWordWrap(True)
        self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.improve = QLabel(body)
        self.improve.setWordWrap(True)
        self.improve.setStyleSheet("color: #1e40af;")

        self.answer_box = QGroupBox(self.tr("Answer"), body)
        self.answer_layout = QVBoxLayout(self.answer_box)
        self.choice_group = QButtonGroup(self)
        self.choice_group.setExclusive(True)
        self.choice_group.idClicked.connect(self._on_choice_clicked)
        self._choice_values: dict[int, Any] = {}
        self.number_edit = QLineEdit(self.answer_box)
        self.number_edit.setAccessibleName(self.tr("Answer"))
        self.number_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"^-?\d{0,12}([.]\d{0,6})?$"), self)
        )
        self.number_edit.editingFinished.connect(self._on_number_finished)
        self.number_edit.returnPressed.connect(self._on_return_pressed)
        self.number_row = QWidget(self.answer_box)
        row = QHBoxLayout(self.number_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.unit_label = QLabel(self.number_row)
        row.addWidget(self.number_edit, 1)
        row.addWidget(self.unit_label)
        # a graded deduction: one count per severity (一般 / 较重 / 严重), "–" while not answered
        self.severity_row = QWidget(self.answer_box)
        self.severity_grid = QGridLayout(self.severity_row)
        self.severity_grid.setContentsMargins(0, 0, 0, 0)
        self.severity_spins: dict[str, QSpinBox] = {}
        self.number_hint = QLabel(self.answer_box)
        self.number_hint.setWordWrap(True)
        self.number_hint.setStyleSheet("color: #4b5563;")
        self.input_message = QLabel(self.answer_box)
        self.input_message.setStyleSheet("color: #b3261e;")
        self.input_message.setWordWrap(True)
        self.clear_button = QPushButton(self.tr("Clear answer"), self.answer_box)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        # in a dialog an auto-default button fires on Enter: a destructive one must never be default
        self.clear_button.setAutoDefault(False)
        self._choice_container = QWidget(self.answer_box)
        self._choice_layout = QVBoxLayout(self._choice_container)
        self._choice_layout.setContentsMargins(0, 0, 0, 0)
        self.answer_layout.addWidget(self._choice_container)
        self.answer_layout.addWidget(self.number_row)
        self.answer_layout.addWidget(self.severity_row)
        self.answer_layout.addWidget(self.number_hint)
        self.answer_layout.addWidget(self.input_message)
        clear_row = QHBoxLayout()
        clear_row.addStretch(1)
        clear_row.addWidget(self.clear_button)
        self.answer_layout.addLayout(clear_row)

        self.na_check = QCheckBox(self.tr("Not applicable (N/A) — a written reason is required"), body)
        self.na_check.toggled.connect(self._on_na_toggled)
        self.na_ground = QComboBox(body)
        self.na_ground.setToolTip(self.tr("The framework's ground for N/A"))
        self.na_ground.activated.connect(self._on_ground_activated)
        self.na_reason = QLineEdit(body)
        self.na_reason.setAccessibleName(self.tr("Why the indicator does not apply"))
        self.na_reason.setPlaceholderText(self.tr("Why does this indicator not apply to this entity?"))
        self.na_reason.editingFinished.connect(self._on_na_reason_finished)
        self.na_reason.returnPressed.connect(self._on_return_pressed)
        self.na_message = QLabel(body)
        self.na_message.setStyleSheet("color: #b3261e;")

        self.note_edit = QPlainTextEdit(body)
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.setPlaceholderText(self.tr("Assessor's note (saved automatically)"))
        self.note_edit.setFixedHeight(80)
        self.note_edit.setTabChangesFocus(True)  # Tab leaves the box: no keyboard trap
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(600)
        self._note_timer.timeout.connect(self._commit_note)
        self.note_edit.textChanged.connect(self._on_note_changed)

        self.evidence_box = QGroupBox(self.tr("Evidence"), self)
        self.evidence_list = EvidenceList(self.evidence_box)
        self.evidence_list.files_dropped.connect(self._on_files_dropped)
        self.evidence_list.delete_pressed.connect(self._on_remove_clicked)
        self.evidence_list.itemDoubleClicked.connect(self._on_evidence_double_clicked)
        self.evidence_hint = QLabel(self.evidence_box)
        self.evidence_hint.setWordWrap(True)
        self.evidence_hint.setStyleSheet("color: #4b5563;")
        self.add_files_button = QPushButton(self.tr("Add files…"), self.evidence_box)
        self.add_files_button.clicked.connect(self._on_add_files_clicked)
        self.open_file_button = QPushButton(self.tr("Open"), self.evidence_box)
        self.open_file_button.clicked.connect(self._on_open_clicked)
        self.remove_file_button = QPushButton(self.tr("Remove"), self.evidence_box)
        self.remove_file_button.clicked.connect(self._on_remove_clicked)
        self.verify_button = QPushButton(self.tr("Verify…"), self.evidence_box)
        self.verify_button.setToolTip(
            self.tr("Record how the selected files (none selected: all of the indicator's evidence) were verified")
        )
        self.verify_button.clicked.connect(self._on_verify_clicked)
        for button in (self.add_files_button, self.open_file_button, self.remove_file_button, self.verify_button):
            button.setAutoDefault(False)
        ev_buttons = QHBoxLayout()
        ev_buttons.addWidget(self.add_files_button)
        ev_buttons.addWidget(self.open_file_button)
        ev_buttons.addWidget(self.remove_file_button)
        ev_buttons.addWidget(self.verify_button)
        ev_buttons.addStretch(1)
        self.evidence_message = QLabel(self.evidence_box)
        self.evidence_message.setWordWrap(True)
        self.evidence_message.setStyleSheet("color: #b3261e;")
        self.whole_verification = QLabel(self.evidence_box)
        self.whole_verification.setWordWrap(True)
        ev_layout = QVBoxLayout(self.evidence_box)
        ev_layout.addLayout(ev_buttons)
        ev_layout.addWidget(self.evidence_hint)
        ev_layout.addWidget(self.whole_verification)
        ev_layout.addWidget(self.evidence_message)
        ev_layout.addWidget(self.evidence_list, 1)
        self.evidence_list.setMinimumHeight(60)

        for field in (self.number_edit, self.na_reason, self.note_edit):
            field.installEventFilter(self)

        layout = QVBoxLayout(body)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.guidance)
        layout.addWidget(self.improve)
        layout.addWidget(self.answer_box)
        layout.addWidget(self.na_check)
        layout.addWidget(self.na_ground)
        layout.addWidget(self.na_reason)
        layout.addWidget(self.na_message)
        self.note_label = QLabel(self.tr("Note"), body)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note_edit)
        layout.addStretch(1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(self.evidence_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.splitter)

    def widget(self) -> QWidget:
        """The scrolling body (title, guidance, answer, N/A, note)."""
        return self.scroll.widget()

    def verticalScrollBar(self) -> Any:
        return self.scroll.verticalScrollBar()

    # ------------------------------------------------------------------ showing
    @property
    def indicator_id(self) -> str | None:
        return self._indicator.id if self._indicator else None

    def set_evidence_path_resolver(self, resolver: Any) -> None:
        """``resolver(sha256) -> Path`` of the stored file, for image thumbnails."""
        self._evidence_store_path = resolver

    def show_indicator(self, detail: CaseDetail, indicator_id: str, read_only: bool) -> None:
        """Show an indicator exactly as stored (commit or drop pending edits before calling this)."""
        self._note_timer.stop()
        ind = detail.framework.indicator(indicator_id)
        if ind is None:
            return
        self._loading = True
        self._committing = ""
        self._indicator = ind
        self._read_only = read_only
        tier = detail.summary.tier
        self.title.setText(f"{ind.id}  {i18n.pick(ind.title)}")
        meta = f"{points(ind.points, i18n.lang())} · {ind.method.describe(i18n.lang())}"
        if ind.evidence_required:
            meta += " · " + self.tr("evidence required")
        self.meta.setText(meta)
        self.guidance.setText(i18n.pick(ind.guidance))
        self.improve.setText(self.tr("To improve: %1").replace("%1", i18n.pick(ind.improve)) if ind.improve else "")
        self.improve.setVisible(bool(ind.improve) and not self._guided)
        self._build_input(ind, tier)
        rule = ind.not_applicable
        self.na_ground.clear()
        for ground in rule.grounds:
            self.na_ground.addItem(i18n.pick(ground.title), ground.id)
        self.na_check.setToolTip(
            "" if rule.allowed else i18n.pick(rule.why_not) or self.tr("The framework does not allow N/A here")
        )
        self._showing = True
        try:
            self.refresh(detail)
        finally:
            self._showing = False
        self._loading = False

    def _build_input(self, ind: Indicator, tier: str) -> None:
        for button in self.choice_group.buttons():
            self.choice_group.removeButton(button)
            button.deleteLater()
        self._choice_values.clear()
        m = ind.method
        options: list[tuple[str, Any]] = []
        if isinstance(m, Scale):
            options = [(f"{n} — {i18n.pick(level)}", n) for n, level in enumerate(m.levels)]
        elif isinstance(m, YesNo):
            options = [(self.tr("Yes"), True), (self.tr("No"), False)]
        elif isinstance(m, Choice):
            options = [(f"{i18n.pick(o.title)}  ({plain(o.fraction * 100)}%)", o.id) for o in m.options]
        while self._choice_layout.count():
            item = self._choice_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for n, (text, value) in enumerate(options):
            # a radio button cannot wrap its text: a short button plus a wrapping, clickable label
            row = QWidget(self._choice_container)
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 2, 0, 2)
            button = QRadioButton(row)
            button.installEventFilter(self)
            button.setAccessibleName(text)
            label = _ClickLabel(text, button, row)
            row_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            row_layout.addWidget(label, 1)
            self._choice_layout.addWidget(row)
            row.show()  # at once, not on the layout's queued show: Enter moves the focus here next
            self.choice_group.addButton(button, n)
            self._choice_values[n] = value
        self._choice_container.setVisible(bool(options))
        self._build_severities(m)
        graded = _graded(ind)
        numeric = m.numeric
        self.number_row.setVisible(numeric and not graded)
        self.number_hint.setVisible(numeric)
        unit = getattr(m, "unit", None)
        self.unit_label.setText(i18n.pick(unit) if unit else "")
        hint = ""
        if isinstance(m, Threshold):
            threshold = m.thresholds.get(tier)
            bands = (
                list_separator(i18n.lang()).join(f"≥ {plain(r * threshold)} → {plain(f * 100)}%" for r, f in m.bands)
                if threshold
                else ""
            )
            hint = (
                self.tr("Threshold for this tier: %1 %2. Bands: %3")
                .replace("%1", plain(threshold or 0))
                .replace("%2", i18n.pick(unit) if unit else "")
                .replace("%3", bands)
            )
        elif isinstance(m, Bands):
            hint = self.tr("Bands: %1").replace(
                "%1", list_separator(i18n.lang()).join(f"≥ {plain(b)} → {plain(f * 100)}%" for b, f in m.bands)
            )
        elif isinstance(m, Ratio):
            hint = (
                self.tr("Target: %1 %2 (full points at or above it)")
                .replace("%1", plain(m.target))
                .replace("%2", i18n.pick(unit) if unit else "")
            )
        elif isinstance(m, PerItem):
            hint = (
                self.tr("%1 per item, up to %2 (enter a whole number)")
                .replace("%1", points(m.per, i18n.lang()))
                .replace("%2", points(ind.points, i18n.lang()))
            )
        elif isinstance(m, Deduction) and m.graded:
            hint = self.tr("Count the occurrences of each severity (0 if none); the points come off down to 0.")
        elif isinstance(m, Deduction):
            hint = self.tr("%1 off per occurrence (enter a whole number; 0 if none)").replace(
                "%1", points(m.per, i18n.lang())
            )
        self.number_hint.setText(hint)
        self.input_message.clear()

    def _build_severities(self, m: Any) -> None:
        """One spin box per severity of a graded deduction, titled from the framework (none otherwise)."""
        while self.severity_grid.count():
            item = self.severity_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.severity_spins = {}
        self._shown_counts = {}
        graded = isinstance(m, Deduction) and m.graded
        self.severity_row.setVisible(graded)
        if not graded:
            return
        unit = i18n.pick(m.unit) if m.unit else ""
        for n, severity in enumerate(m.severities):
            title = i18n.pick(severity.title)
            if severity.veto:
                rule = (
                    self.tr("%1 off each; any raises veto %2")
                    .replace("%1", points(severity.per, i18n.lang()))
                    .replace("%2", severity.veto)
                )
            else:
                rule = self.tr("%1 off each").replace("%1", points(severity.per, i18n.lang()))
            label = QLabel(title, self.severity_row)
            spin = QSpinBox(self.severity_row)
            spin.setRange(-1, 999_999)
            spin.setSpecialValueText("–")  # the minimum: not answered yet
            spin.setValue(-1)
            if unit:
                spin.setSuffix(f" {unit}")
            spin.setAccessibleName(title)
            spin.setToolTip(rule)
            spin.setMinimumWidth(110)
            spin.installEventFilter(self)
            spin.editingFinished.connect(self._on_counts_finished)
            label.setBuddy(spin)
            rule_label = QLabel(rule, self.severity_row)
            rule_label.setStyleSheet("color: #4b5563;")
            self.severity_grid.addWidget(label, n, 0)
            self.severity_grid.addWidget(spin, n, 1)
            self.severity_grid.addWidget(rule_label, n, 2)
            for w in (label, spin, rule_label):
                w.show()  # at once, not on the layout's queued show: the walk puts the focus here next
            self.severity_spins[severity.id] = spin
        self.severity_grid.setColumnStretch(2, 1)

    def _counts(self) -> dict[str, int]:
        return {sid: spin.value() for sid, spin in self.severity_spins.items()}

    @property
    def _counts_dirty(self) -> bool:
        return bool(self.severity_spins) and self._counts() != self._shown_counts

    def _show_counts(self, raw: Any) -> None:
        counts = raw if isinstance(raw, dict) else None
        self._shown_counts = {}
        for sid, spin in self.severity_spins.items():
            value = -1
            if counts is not None:
                try:
                    value = int(counts.get(sid, 0))
                except (TypeError, ValueError):
                    value = -1
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
            self._shown_counts[sid] = spin.value()

    def _commit_counts(self) -> bool:
        """Save the counts: a severity left at "–" counts 0; every one at "–" clears the answer."""
        assert self._indicator is not None
        counts = self._counts()
        if all(v < 0 for v in counts.values()):
            return self._emit_commit("counts", self.value_committed, self._indicator.id, None)
        value = {sid: max(0, v) for sid, v in counts.items()}
        self.input_message.clear()
        return self._emit_commit("counts", self.value_committed, self._indicator.id, value)

    @Slot()
    def _on_counts_finished(self) -> None:
        if self._loading or self._indicator is None or self._read_only or not self._counts_dirty:
            return
        self._commit_counts()

    def refresh(self, detail: CaseDetail) -> None:
        """Show the saved state of the current indicator (after a save or a reload).

        Fields holding pending (typed, not yet committed) text keep it; every other field shows
        what is stored. Under N/A the stored value stays visible, greyed, for when N/A is unticked.
        """
        ind = self._indicator
        if ind is None:
            return
        was_loading = self._loading
        self._loading = True
        answer = detail.answers.get(ind.id)
        raw = detail.raw_values.get(ind.id)
        na = bool(answer and answer.not_applicable)
        self._stored_na = na
        self.choice_group.setExclusive(False)
        for button in self.choice_group.buttons():
            value = self._choice_values.get(self.choice_group.id(button))
            button.setChecked(raw is not None and _same(value, _parsed(ind, raw)))
        self.choice_group.setExclusive(True)
        if self._may_overwrite("number", self._number_dirty):
            self._shown_number = "" if raw is None or not ind.method.numeric or _graded(ind) else str(raw)
            self.number_edit.setText(self._shown_number)
        if self.severity_spins and self._may_overwrite("counts", self._counts_dirty):
            self._show_counts(raw)
        self.na_check.setChecked(na)
        if self._may_overwrite("reason", self._reason_dirty):
            self._shown_reason = (answer.reason or "") if answer else ""
            self.na_reason.setText(self._shown_reason)
        self.na_reason.setVisible(na or self.na_check.isChecked())
        rule = ind.not_applicable
        if answer is not None and answer.ground:
            self.na_ground.setCurrentIndex(max(0, self.na_ground.findData(answer.ground)))
        self.na_ground.setVisible(bool(rule.grounds) and (na or self.na_check.isChecked()))
        self.na_message.clear()
        note = answer.note if answer and answer.note else ""
        if self.note_edit.toPlainText() != note and not self._note_timer.isActive():
            self.note_edit.blockSignals(True)
            self.note_edit.setPlainText(note)
            self.note_edit.blockSignals(False)
        self.answer_box.setEnabled(not na and not self._read_only)
        for w in (self.na_check, self.na_reason, self.na_ground, self.note_edit):
            w.setEnabled(not self._read_only)
        # N/A only where the framework allows it (a stored N/A can still be unticked)
        self.na_check.setEnabled(not self._read_only and (rule.allowed or na))
        self.note_edit.setReadOnly(self._read_only)
        self.clear_button.setEnabled(not self._read_only and answer is not None and answer.answered)
        self._show_evidence(detail.evidence_for(ind.id), detail)
        self._loading = was_loading

    def _show_evidence(self, items: list[EvidenceItem], detail: CaseDetail) -> None:
        ind = self._indicator
        assert ind is not None
        self.evidence_list.clear()
        self.evidence_list.read_only = self._read_only
        self.kind_combos: dict[int, QComboBox] = {}
        self.dated_fields: dict[int, QLineEdit] = {}
        for e in items:
            check = detail.verification_of(ind.id, e.sha256)
            item = QTreeWidgetItem(
                self.evidence_list,
                [
                    e.original_name,
                    labels.evidence_kind(e.kind) if e.kind else "",
                    _verification_text(check) if check else "",
                    e.dated.isoformat() if e.dated else "",
                    human_size(e.size),
                    e.sha256[:12],
                    e.added_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                ],
            )
            item.setData(0, EVIDENCE_ID_ROLE, e.id)
            item.setData(0, Qt.ItemDataRole.UserRole + 2, e.sha256)
            item.setToolTip(5, e.sha256)
            item.setTextAlignment(4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._show_dated(item, e, detail)
            if check is not None and check.untrue:
                item.setForeground(2, Qt.GlobalColor.red)
            if ind.evidence_kinds and not self._read_only:
                combo = QComboBox(self.evidence_list)
                combo.addItem(self.tr("(kind not given)"), None)
                for kind in ind.evidence_kinds:
                    combo.addItem(labels.evidence_kind(kind), kind)
                combo.setCurrentIndex(max(0, combo.findData(e.kind)) if e.kind else 0)
                combo.setAccessibleName(self.tr("Kind of %1").replace("%1", e.original_name))
                combo.activated.connect(lambda _i, eid=e.id, c=combo: self.kind_committed.emit(eid, c.currentData()))
                self.evidence_list.setItemWidget(item, 1, combo)
                self.kind_combos[e.id] = combo
            if e.media_type in IMAGE_TYPES and self._evidence_store_path is not None and e.size < 20 * 1024 * 1024:
                path = self._evidence_store_path(e.sha256)
                pm = QPixmap(str(path))
                if not pm.isNull():
                    item.setIcon(
                        0,
                        QIcon(
                            pm.scaled(
                                64, 64, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                            )
                        ),
                    )
        kinds = labels.evidence_kinds(ind.evidence_kinds)
        needed = ind.evidence_required and detail.summary.mode == "third-party"
        parts = [self.tr("Kinds: %1.").replace("%1", kinds) if kinds else ""]
        if needed and not items:
            parts.append(self.tr("At least one file is required before finalizing."))
        outside = [e for e in items if detail.outside_window(e)]
        if outside:
            # (a warning before finalizing, not a reason to refuse it)
            parts.append(
                i18n.plural(
                    len(outside),
                    self.tr("%1 file proves a date outside the review window %2 to %3; check it before finalizing."),
                    self.tr("%1 files prove a date outside the review window %2 to %3; check them before finalizing."),
                )
                .replace("%2", str(detail.case_data.window_from))
                .replace("%3", str(detail.case_data.window_to))
            )
        if not self._read_only:
            parts.append(self.tr("Drop files here or use Add files."))
        self.evidence_hint.setText(labels.sentences(parts))
        whole = detail.verification_of(ind.id, None)
        self.whole_verification.setText(
            self.tr("All of the evidence: %1").replace("%1", _verification_text(whole)) if whole else ""
        )
        self.whole_verification.setVisible(whole is not None)
        self.whole_verification.setStyleSheet("color: #b3261e;" if whole is not None and whole.untrue else "")
        self.evidence_message.clear()
        self.verify_button.setEnabled(not self._read_only and bool(items))
        self.add_files_button.setEnabled(not self._read_only)
        self.remove_file_button.setEnabled(not self._read_only and bool(items))
        self.open_file_button.setEnabled(bool(items))
        self.evidence_list.fit_name_column()

    # ------------------------------------------------------------------ commits
    @Slot(int)
    def _show_dated(self, item: QTreeWidgetItem, e: EvidenceItem, detail: CaseDetail) -> None:
        """The date a file proves: a field to type it in (a draft) or the date (read-only), marked and
        explained when it lies outside the review window."""
        flag = detail.window_flag(e)
        tip = i18n.pick(flag) if flag is not None else self.tr("The date the file proves, YYYY-MM-DD; optional")
        item.setToolTip(DATED_COLUMN, tip)
        if flag is not None:
            item.setText(DATED_COLUMN, f"⚠ {e.dated.isoformat()}" if e.dated else "")
            item.setForeground(DATED_COLUMN, QColor(OUTSIDE_WINDOW_COLOR))
            item.setToolTip(0, tip)
        if self._read_only or self._guided:  # (the guided self-check shows it; the workspace edits it)
            return
        field = QLineEdit(e.dated.isoformat() if e.dated else "", self.evidence_list)
        field.setPlaceholderText(self.tr("YYYY-MM-DD"))
        field.setMaxLength(10)
        field.setFixedWidth(field.fontMetrics().horizontalAdvance("0000-00-00") + 18)
        field.setToolTip(tip)
        field.setAccessibleName(self.tr("Date %1 proves").replace("%1", e.original_name))
        if flag is not None:
            field.setStyleSheet(f"color: {OUTSIDE_WINDOW_COLOR}; font-weight: bold;")
        shown = field.text()
        field.editingFinished.connect(lambda eid=e.id, f=field, was=shown: self._on_dated_finished(eid, f, was))
        self.evidence_list.setItemWidget(item, DATED_COLUMN, field)
        self.dated_fields[e.id] = field

    def _on_dated_finished(self, evidence_id: int, field: QLineEdit, was: str) -> None:
        typed = field.text().strip()
        if self._loading or typed == was:
            return
        self.dated_committed.emit(evidence_id, typed or None)

    def _on_choice_clicked(self, button_id: int) -> None:
        if self._loading or self._indicator is None or self._read_only:
            return
        self._emit_commit("choice", self.value_committed, self._indicator.id, self._choice_values.get(button_id))

    @property
    def _number_dirty(self) -> bool:
        return self.number_edit.text() != self._shown_number

    @property
    def _reason_dirty(self) -> bool:
        return self.na_reason.text() != self._shown_reason

    def _may_overwrite(self, field: str, pending: bool) -> bool:
        """A refresh shows the stored text unless the field holds pending text (or a refused commit)."""
        if self._showing:
            return True
        if self._committing == field:
            return not self._rejected
        return not pending

    @Slot()
    def _on_number_finished(self) -> None:
        if self._loading or self._indicator is None or self._read_only or not self._number_dirty:
            return
        self._commit_number()

    def _commit_number(self) -> bool:
        assert self._indicator is not None
        text = self.number_edit.text().strip()
        if not text:
            return self._emit_commit("number", self.value_committed, self._indicator.id, None)
        try:
            value: Any = Decimal(text)
        except InvalidOperation:
            self.input_message.setText(self.tr("Enter a number."))
            return False
        if value == value.to_integral_value() and "." not in text:
            value = int(value)
        self.input_message.clear()
        return self._emit_commit("number", self.value_committed, self._indicator.id, value)

    def _emit_commit(self, field: str, signal: Any, *args: Any) -> bool:
        """Emit a commit of ``field``; the receiver saves at once and calls show_input_error if it refuses."""
        self._rejected = False
        self._committing = field
        try:
            signal.emit(*args)
        finally:
            self._committing = ""
        return not self._rejected

    def show_input_error(self, message: str) -> None:
        """Show why the last commit was refused (on this indicator) and mark it refused."""
        self._rejected = True
        self.input_message.setText(message)
        if self.na_check.isChecked():
            self.na_message.setText(message)

    def commit_failed(self) -> None:
        """The receiver could not save the last commit (the error was shown elsewhere)."""
        self._rejected = True

    def has_pending(self) -> bool:
        return self._number_dirty or self._counts_dirty or self._reason_dirty or self._note_timer.isActive()

    def commit_pending(self) -> bool:
        """Commit every pending edit to the indicator it was typed for.

        Returns False, with the reason shown on this indicator, when an edit is refused; the
        caller then stays on this indicator.
        """
        if self._indicator is None or self._read_only or self._loading:
            return True
        ok = True
        if self._number_dirty and self._indicator.method.numeric and not _graded(self._indicator):
            ok = self._commit_number() and ok
        if self._counts_dirty:
            ok = self._commit_counts() and ok
        if self.na_check.isChecked() and (self._reason_dirty or not self._stored_na):
            reason = self.na_reason.text().strip()
            if not reason:
                self.na_message.setText(self.tr("N/A needs a written reason."))
                self.na_reason.setFocus()
                ok = False
            else:
                ok = self._emit_commit("reason", self.na_committed, self._indicator.id, True, reason) and ok
        if self._note_timer.isActive():
            self._note_timer.stop()
            ok = self._emit_commit("note", self.note_committed, self._indicator.id, self.note_edit.toPlainText()) and ok
        return ok

    @Slot()
    def _on_return_pressed(self) -> None:
        """Enter saves and moves on (the guided walk's dialog handles Enter itself)."""
        if self._guided or self._loading or self._indicator is None or self._read_only:
            return
        if self.commit_pending():
            self.advance_requested.emit()

    def focus_answer(self) -> None:
        """Put the keyboard focus on the answer input of the shown indicator."""
        if self._indicator is None:
            return
        if self.answer_box.isEnabled() and self.severity_spins:
            first = next(iter(self.severity_spins.values()))
            first.setFocus()
            first.selectAll()
            return
        if self.answer_box.isEnabled() and self._indicator.method.numeric:
            self.number_edit.setFocus()
            self.number_edit.selectAll()
            return
        buttons = self.choice_group.buttons()
        checked = self.choice_group.checkedButton()
        target = checked or (buttons[0] if buttons else None)
        if target is not None and self.answer_box.isEnabled():
            target.setFocus()
        else:
            self.na_check.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._guided
            and isinstance(watched, QRadioButton)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self._read_only
        ):
            # Enter on an option: choose it (if it is not chosen yet), then go to the next indicator
            if not watched.isChecked():
                watched.click()
            if not self._rejected:
                self.advance_requested.emit()
            return True
        if (
            isinstance(watched, QSpinBox)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not self._read_only
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._guided:
                # Enter in a count: save every count, then go to the next indicator (the guided
                # walk's dialog handles Enter itself: its Next button saves and moves on)
                watched.interpretText()
                if self.commit_pending():
                    self.advance_requested.emit()
                return True
            if event.key() == Qt.Key.Key_Escape and self._counts_dirty:
                self._show_counts_back()
                return True
        # Ctrl+Z / Ctrl+Shift+Z undo typing while a field has pending text; otherwise they go to the
        # case's undo history (the window's Edit menu), not to the field's own text history.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            # Escape in a field with pending text gives it back the stored text (like a spreadsheet cell)
            if watched is self.number_edit and self._number_dirty:
                self.number_edit.setText(self._shown_number)
                self.input_message.clear()
                return True
            if watched is self.na_reason and self._reason_dirty:
                self.na_reason.setText(self._shown_reason)
                self.na_message.clear()
                return True
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo))
        ):
            pending = (
                (isinstance(watched, QSpinBox) and self._counts_dirty)
                or (watched is self.number_edit and self._number_dirty)
                or (watched is self.na_reason and self._reason_dirty)
                or (watched is self.note_edit and self._note_timer.isActive())
            )
            if not pending:
                event.ignore()
                return True
        return super().eventFilter(watched, event)

    def _show_counts_back(self) -> None:
        """Escape: every count shows the stored one again."""
        for sid, spin in self.severity_spins.items():
            spin.blockSignals(True)
            spin.setValue(self._shown_counts.get(sid, -1))
            spin.blockSignals(False)
        self.input_message.clear()

    @Slot()
    def _on_clear_clicked(self) -> None:
        if self._indicator is not None and not self._read_only:
            self.number_edit.clear()
            for spin in self.severity_spins.values():
                spin.blockSignals(True)
                spin.setValue(-1)
                spin.blockSignals(False)
            self._emit_commit("number", self.value_committed, self._indicator.id, None)

    @Slot(bool)
    def _on_na_toggled(self, checked: bool) -> None:
        self.na_reason.setVisible(checked)
        self.na_ground.setVisible(checked and self.na_ground.count() > 0)
        if self._loading or self._indicator is None or self._read_only:
            return
        if checked:
            reason = self.na_reason.text().strip()
            if not reason:
                self.na_message.setText(self.tr("Write the reason, then press Enter: N/A is saved with its reason."))
                self.na_reason.setFocus()
                return
            self._emit_commit("reason", self.na_committed, self._indicator.id, True, reason)
        else:
            self.na_message.clear()
            if self._stored_na:
                self._emit_commit("reason", self.na_committed, self._indicator.id, False, "")

    def na_ground_id(self) -> str | None:
        """The N/A ground chosen in the list (None where the framework names no grounds)."""
        return self.na_ground.currentData() if self.na_ground.count() else None

    @Slot(int)
    def _on_ground_activated(self, _index: int) -> None:
        if self._loading or self._indicator is None or self._read_only or not self.na_check.isChecked():
            return
        reason = self.na_reason.text().strip()
        if reason:
            self._emit_commit("reason", self.na_committed, self._indicator.id, True, reason)

    def show_evidence_error(self, message: str) -> None:
        """Why a kind or a verification was refused (shown under the evidence list)."""
        self.evidence_message.setText(message)

    @Slot()
    def _on_verify_clicked(self) -> None:
        if self._indicator is None or self._read_only:
            return
        selected = [str(i.data(0, Qt.ItemDataRole.UserRole + 2)) for i in self.evidence_list.selectedItems()]
        dialog = VerificationDialog(self, self._indicator, len(selected))
        self.verification_dialog = dialog
        if dialog.exec() == VerificationDialog.DialogCode.Accepted:
            self.verification_committed.emit(self._indicator.id, selected, dialog.verification())

    @Slot()
    def _on_na_reason_finished(self) -> None:
        if self._loading or self._indicator is None or self._read_only or not self.na_check.isChecked():
            return
        if not self._reason_dirty and self._stored_na:
            return
        reason = self.na_reason.text().strip()
        if not reason:
            self.na_message.setText(self.tr("N/A needs a written reason."))
            return
        self.na_message.clear()
        self._emit_commit("reason", self.na_committed, self._indicator.id, True, reason)

    @Slot()
    def _on_note_changed(self) -> None:
        if not self._loading and not self._read_only:
            self._note_timer.start()

    @Slot()
    def _commit_note(self) -> None:
        if self._indicator is not None and not self._read_only:
            self._emit_commit("note", self.note_committed, self._indicator.id, self.note_edit.toPlainText())

    def flush_note(self) -> None:
        """Save a pending note now (before closing); prefer :meth:`commit_pending`, which saves every field."""
        if self._note_timer.isActive():
            self._note_timer.stop()
            self._commit_note()

    @Slot(list)
    def _on_files_dropped(self, paths: list[Path]) -> None:
        if self._indicator is not None and not self._read_only:
            self.files_added.emit(self._indicator.id, paths)

    @Slot()
    def _on_add_files_clicked(self) -> None:
        if self._indicator is None:
            return
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Add evidence files"))
        if names:
            self.files_added.emit(self._indicator.id, [Path(n) for n in names])

    def _selected_evidence(self) -> list[int]:
        return [int(i.data(0, EVIDENCE_ID_ROLE)) for i in self.evidence_list.selectedItems()]

    @Slot()
    def _on_remove_clicked(self) -> None:
        ids = self._selected_evidence()
        if self._indicator is not None and ids and not self._read_only:
            self.evidence_remove_requested.emit(self._indicator.id, ids)

    @Slot()
    def _on_open_clicked(self) -> None:
        for evidence_id in self._selected_evidence()[:5]:
            self.evidence_open_requested.emit(evidence_id)

    @Slot(QTreeWidgetItem, int)
    def _on_evidence_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        self.evidence_open_requested.emit(int(item.data(0, EVIDENCE_ID_ROLE)))


class _ClickLabel(QLabel):
    """A wrapping label that clicks its radio button."""

    def __init__(self, text: str, button: QRadioButton, parent: QWidget) -> None:
        super().__init__(text, parent)
        self._button = button
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: Any) -> None:
        if self._button.isEnabled():
            self._button.click()
        super().mousePressEvent(event)


def _verification_text(check: Any) -> str:
    """``原件核对 · 属实 · 张三 · 2026-11-30`` in the interface language."""
    return i18n.pick(check.describe())


def _parsed(ind: Indicator, raw: Any) -> Any:
    """The canonical value of a raw value kept behind N/A (None if it no longer parses)."""
    try:
        return ind.method.parse(raw)
    except Exception:
        return None


def _graded(ind: Indicator) -> bool:
    """Whether the indicator is a graded deduction (counts per severity, not one number)."""
    return isinstance(ind.method, Deduction) and ind.method.graded


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b
