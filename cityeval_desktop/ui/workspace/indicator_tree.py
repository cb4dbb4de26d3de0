"""Left side of the workspace: dimensions → indicators with state icons and counts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from cityeval_desktop.domain.scoring import ANSWERED, NOT_APPLICABLE
from cityeval_desktop.services.cases import CaseDetail
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.widgets.icons import state_icon

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def indicator_state(detail: CaseDetail, indicator_id: str) -> str:
    """answered | unanswered | na | evidence_missing (as the tree shows it)."""
    ir = next((i for i in detail.result.indicators if i.id == indicator_id), None)
    if ir is None:
        return "unanswered"
    if ir.status == NOT_APPLICABLE:
        return "na"
    if ir.status != ANSWERED:
        return "unanswered"
    needs_file = detail.summary.mode == "third-party" and ir.indicator.evidence_required
    if needs_file and not detail.evidence_for(indicator_id):
        return "evidence_missing"
    return "answered"


class IndicatorTree(QTreeWidget):
    """Emits ``indicator_selected(id)`` when the current indicator changes."""

    indicator_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([self.tr("Indicator"), self.tr("Points")])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(False)
        self.setUniformRowHeights(True)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._dims: dict[str, QTreeWidgetItem] = {}
        self.currentItemChanged.connect(self._on_current_changed)

    def set_case(self, detail: CaseDetail) -> None:
        self.blockSignals(True)
        self.clear()
        self._items.clear()
        self._dims.clear()
        tier = detail.summary.tier
        for dim in detail.framework.dimensions:
            inds = [i for i in dim.indicators if i.applies_to(tier)]
            if not inds:
                continue
            top = QTreeWidgetItem(
                self,
                [
                    f"{dim.id} {i18n.pick(dim.title)}",
                    str(int(dim.weight)) if dim.weight.denominator == 1 else str(float(dim.weight)),
                ],
            )
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self._dims[dim.id] = top
            for ind in inds:
                pts = ind.points
                item = QTreeWidgetItem(
                    top,
                    [
                        f"{ind.id} {i18n.pick(ind.title)}",
                        str(pts.numerator) if pts.denominator == 1 else str(float(pts)),
                    ],
                )
                item.setData(0, ID_ROLE, ind.id)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self._items[ind.id] = item
            top.setExpanded(True)
        self.blockSignals(False)
        self.update_states(detail)

    def update_states(self, detail: CaseDetail) -> None:
        done: dict[str, list[int]] = {}
        for ir in detail.result.indicators:
            item = self._items.get(ir.id)
            if item is None:
                continue
            state = indicator_state(detail, ir.id)
            item.setIcon(0, state_icon(state))
            item.setToolTip(
                0,
                {
                    "answered": self.tr("Answered"),
                    "unanswered": self.tr("Not answered yet"),
                    "na": self.tr("Not applicable"),
                    "evidence_missing": self.tr("Answered, but required evidence is missing"),
                }[state],
            )
            counts = done.setdefault(ir.indicator.dimension_id, [0, 0])
            counts[1] += 1
            if ir.status != "unanswered":
                counts[0] += 1
        for dim in detail.framework.dimensions:
            top = self._dims.get(dim.id)
            if top is not None:
                a, n = done.get(dim.id, [0, 0])
                top.setText(0, f"{dim.id} {i18n.pick(dim.title)}  ({a}/{n})")

    def select_indicator(self, indicator_id: str, *, quiet: bool = False) -> None:
        """Make an indicator current; ``quiet`` does it without emitting ``indicator_selected``."""
        item = self._items.get(indicator_id)
        if item is not None:
            if quiet:
                self.blockSignals(True)
            try:
                self.setCurrentItem(item)
            finally:
                if quiet:
                    self.blockSignals(False)
            self.scrollToItem(item)

    def current_id(self) -> str | None:
        item = self.currentItem()
        value = item.data(0, ID_ROLE) if item else None
        return value if isinstance(value, str) else None

    def ordered_ids(self) -> list[str]:
        return list(self._items)

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is None:
            return
        value = current.data(0, ID_ROLE)
        if isinstance(value, str):
            self.indicator_selected.emit(value)
        elif current.childCount():
            self.setCurrentItem(current.child(0))
