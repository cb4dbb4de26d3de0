"""The revisions of a case: each with status, dates, amend reason and signer; open any read-only; compare two."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.text import Text
from cityeval_desktop.services import revisions
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.revisions import FieldChange, Outcome, RevisionDiff, RevisionInfo
from cityeval_desktop.ui import i18n, labels
from cityeval_desktop.ui.errors import show_error

REF_ROLE = Qt.ItemDataRole.UserRole + 1
INDICATOR_ROLE = Qt.ItemDataRole.UserRole + 2


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else ""


def _one_line(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class RevisionsDialog(QDialog):
    """Lists every revision of one case and shows what changed between two of them.

    ``open_requested`` asks the workspace to open a revision (older ones are finalized, so they open
    read-only); ``indicator_requested`` asks it to show an indicator of the diff.
    """

    COL_REVISION, COL_STATUS, COL_CREATED, COL_FINALIZED, COL_SIGNER, COL_REASON = range(6)
    open_requested = Signal(str)
    indicator_requested = Signal(str)

    def __init__(self, ctx: AppContext, ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.current_ref = ref
        self.history: list[RevisionInfo] = []
        self.diff: RevisionDiff | None = None
        self.setMinimumSize(760, 520)

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Revision"),
                self.tr("Status"),
                self.tr("Created"),
                self.tr("Finalized"),
                self.tr("Signed by"),
                self.tr("Reason for the amendment"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.itemDoubleClicked.connect(lambda _item: self._on_open())
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.table.installEventFilter(self)  # Enter opens the selected revision
        self.open_button = QPushButton(self.tr("&Open selected revision"), self)
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self._on_open)

        self.from_combo = QComboBox(self)
        self.to_combo = QComboBox(self)
        self.from_combo.currentIndexChanged.connect(self._on_compare)
        self.to_combo.currentIndexChanged.connect(self._on_compare)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.itemDoubleClicked.connect(self._on_diff_item_activated)
        self.tree.installEventFilter(self)  # Enter shows the indicator in the workspace

        compare = QHBoxLayout()
        compare.addWidget(QLabel(self.tr("Compare"), self))
        compare.addWidget(self.from_combo)
        compare.addWidget(QLabel(self.tr("with"), self))
        compare.addWidget(self.to_combo)
        compare.addStretch(1)
        list_box = QWidget(self)
        list_layout = QVBoxLayout(list_box)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.intro)
        list_layout.addWidget(self.table, 1)
        open_row = QHBoxLayout()
        open_row.addWidget(self.open_button)
        open_row.addStretch(1)
        list_layout.addLayout(open_row)
        diff_box = QWidget(self)
        diff_layout = QVBoxLayout(diff_box)
        diff_layout.setContentsMargins(0, 0, 0, 0)
        diff_layout.addLayout(compare)
        diff_layout.addWidget(self.summary_label)
        diff_layout.addWidget(self.tree, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(list_box)
        splitter.addWidget(diff_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter opens the selected revision (list) or shows the indicator (diff), never the default button."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            if watched is self.table:
                self._on_open()
                return True
            if watched is self.tree:
                self._on_diff_item_activated(self.tree.currentItem(), 0)
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ history
    def reload(self) -> None:
        """Read the revisions again and show them, marking the one open in the workspace."""
        try:
            self.history = revisions.history(self._ctx, self.current_ref)
        except Exception as exc:
            show_error(self, exc)
            return
        latest = self.history[-1].summary
        self.setWindowTitle(self.tr("Revisions — %1").replace("%1", latest.entity_name))
        self.intro.setText(
            self.tr(
                "Every revision of this case is kept. Finalized revisions are read-only; an amendment starts a "
                "new draft revision. Select one to open it, or compare two below."
            )
        )
        self.table.setRowCount(len(self.history))
        for row, info in enumerate(self.history):
            s = info.summary
            number = self.tr("%1 (latest)").replace("%1", str(s.revision)) if info.is_latest else str(s.revision)
            signer = info.signer_name or ""
            cells = [number, labels.status(s.status), _when(s.created_at), _when(s.finalized_at), signer]
            cells.append(_one_line(s.amend_reason or ""))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(REF_ROLE, s.ref)
                if col == self.COL_REASON and s.amend_reason:
                    item.setToolTip(s.amend_reason)
                if col == self.COL_SIGNER and info.signer_fingerprint:
                    item.setToolTip(
                        self.tr("Certificate fingerprint (SHA-256): %1").replace("%1", info.signer_fingerprint)
                    )
                if s.ref == self.current_ref:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self._fill_combos()
        current = next((n for n, r in enumerate(self.history) if r.ref == self.current_ref), len(self.history) - 1)
        self.table.selectRow(current)
        self.table.setFocus()

    def set_current(self, ref: str) -> None:
        """The workspace now shows ``ref``: mark it."""
        self.current_ref = ref
        self.reload()

    def selected_ref(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = self.table.item(rows[0].row(), 0).data(REF_ROLE)
        return str(value) if value else None

    @Slot()
    def _on_selection_changed(self) -> None:
        ref = self.selected_ref()
        self.open_button.setEnabled(ref is not None and ref != self.current_ref)

    @Slot()
    def _on_open(self) -> None:
        ref = self.selected_ref()
        if ref is not None and ref != self.current_ref:
            self.open_requested.emit(ref)

    # ------------------------------------------------------------------ compare
    def _fill_combos(self) -> None:
        for combo in (self.from_combo, self.to_combo):
            combo.blockSignals(True)
            combo.clear()
            for info in self.history:
                combo.addItem(
                    self.tr("revision %1 (%2)")
                    .replace("%1", str(info.summary.revision))
                    .replace("%2", labels.status(info.summary.status)),
                    info.ref,
                )
            combo.blockSignals(False)
        count = len(self.history)
        # by default: what the newest revision changed
        self.from_combo.setCurrentIndex(max(0, count - 2))
        self.to_combo.setCurrentIndex(count - 1)
        self._on_compare()

    def compare(self, ref_a: str, ref_b: str) -> None:
        """Show the differences from ``ref_a`` to ``ref_b``."""
        for combo, ref in ((self.from_combo, ref_a), (self.to_combo, ref_b)):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(ref))
            combo.blockSignals(False)
        self._on_compare()

    @Slot()
    def _on_compare(self) -> None:
        ref_a, ref_b = self.from_combo.currentData(), self.to_combo.currentData()
        self.tree.clear()
        self.diff = None
        if not ref_a or not ref_b:
            return
        try:
            self.diff = revisions.diff(self._ctx, str(ref_a), str(ref_b))
        except Exception as exc:
            show_error(self, exc)
            return
        self._show_diff(self.diff)

    def _show_diff(self, d: RevisionDiff) -> None:
        head_a = self.tr("Revision %1").replace("%1", str(d.a.revision))
        head_b = self.tr("Revision %1").replace("%1", str(d.b.revision))
        self.tree.setHeaderLabels([self.tr("What changed"), head_a, head_b])
        if d.a.revision == d.b.revision:
            self.summary_label.setText(self.tr("Choose two different revisions to see what changed."))
            return
        if d.empty:
            self.summary_label.setText(self.tr("The two revisions have the same answers, vetoes and evidence."))
            return
        self.summary_label.setText(
            self.tr("%1 and %2 differ.")
            .replace("%1", i18n.plural(len(d.indicators), self.tr("%1 indicator"), self.tr("%1 indicators")))
            .replace("%2", i18n.plural(len(d.vetoes), self.tr("%1 veto decision"), self.tr("%1 veto decisions")))
        )
        result = self._group(self.tr("Result"))
        self._row(result, self.tr("Total score"), self._total(d.outcome_a), self._total(d.outcome_b))
        self._row(result, self.tr("Grade"), self._grade(d.outcome_a), self._grade(d.outcome_b))
        for dim in d.dimensions:
            self._row(
                result,
                f"{dim.dimension_id} {i18n.pick(dim.title)}",
                self._score(dim.old),
                self._score(dim.new),
            )
        if d.indicators:
            group = self._group(self.tr("Indicators (%1 changed)").replace("%1", str(len(d.indicators))))
            for change in d.indicators:
                item = self._row(
                    group,
                    f"{change.indicator_id} {i18n.pick(change.title)}",
                    self._earned(change.old_status, change.old_earned),
                    self._earned(change.new_status, change.new_earned),
                )
                item.setData(0, INDICATOR_ROLE, change.indicator_id)
                item.setToolTip(0, self.tr("Press Enter or double-click to show this indicator"))
                for field in change.changes:
                    self._field_row(item, field)
                for name in change.evidence_removed:
                    self._row(item, self.tr("Evidence removed"), name, "")
                for name in change.evidence_added:
                    self._row(item, self.tr("Evidence added"), "", name)
        if d.vetoes:
            group = self._group(self.tr("Veto decisions (%1 changed)").replace("%1", str(len(d.vetoes))))
            for veto in d.vetoes:
                item = self._row(
                    group, f"{veto.veto_id} {i18n.pick(veto.title)}", self._veto(veto.old), self._veto(veto.new)
                )
                for field in veto.changes:  # the decision's basis (source, time, files), when it changed
                    if field.field != "decision":
                        self._field_row(item, field)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), 320))

    def _group(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title])
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setFirstColumnSpanned(True)
        return item

    def _row(self, parent: QTreeWidgetItem, what: str, old: str, new: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [what, old, new])
        for col, text in ((1, old), (2, new)):
            if text:
                item.setToolTip(col, text)
        return item

    def _field_row(self, parent: QTreeWidgetItem, field: FieldChange) -> None:
        names = {
            revisions.VALUE: self.tr("Answer"),
            revisions.NOT_APPLICABLE_FIELD: self.tr("Not applicable"),
            revisions.REASON: self.tr("N/A reason"),
            revisions.NOTE: self.tr("Note"),
        }
        what = names.get(field.field) or (i18n.pick(field.label) if field.label is not None else field.field)
        self._row(parent, what, self._text(field.old), self._text(field.new))

    def _text(self, value: Text | None) -> str:
        return _one_line(i18n.pick(value)) if value is not None else self.tr("(empty)")

    def _total(self, o: Outcome) -> str:
        if o.complete:
            return f"{o.total:.2f}"
        return (
            self.tr("%1 provisional (%2 % complete)")
            .replace("%1", f"{o.total:.2f}")
            .replace("%2", f"{o.completeness * 100:.0f}")
        )

    def _grade(self, o: Outcome) -> str:
        if o.vetoed:
            return self.tr("None: vetoed (%1)").replace("%1", ", ".join(o.vetoed))
        if not o.complete or o.grade is None:
            return self.tr("Not rated yet (the case is incomplete)")
        return i18n.pick(o.grade)

    def _score(self, value: object) -> str:
        return f"{value:.2f}" if value is not None else self.tr("excluded")

    def _earned(self, status: str, earned: object) -> str:
        if status == "not_applicable":
            return labels.indicator_status(status)
        if status == "unanswered":
            return labels.indicator_status(status)
        return self.tr("%1 points").replace("%1", f"{earned:.2f}")

    def _veto(self, decided: bool | None) -> str:
        if decided is None:
            return self.tr("Undecided")
        return self.tr("Applies (vetoed)") if decided else self.tr("Does not apply")

    @Slot(QTreeWidgetItem, int)
    def _on_diff_item_activated(self, item: QTreeWidgetItem | None, _column: int) -> None:
        indicator_id = item.data(0, INDICATOR_ROLE) if item is not None else None
        if indicator_id:
            self.indicator_requested.emit(str(indicator_id))
