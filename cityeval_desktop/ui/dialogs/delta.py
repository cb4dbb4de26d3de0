"""The operator's self-check against the counted third-party result of the same entity (issue 13 §2.3).

One tab per category in which the entity has both a finalized self-check and a counted third-party result
(``services/region.py delta``): the two totals and grades, then every dimension and indicator with its two
figures and the difference (self-check − third-party), where the entity over-rates itself most first
(``Delta.ranked``). Either case opens, read-only as every finalized revision, in the workspace.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,  # type: ignore[attr-defined]
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.services import region
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.ui import labels
from cityeval_desktop.ui.errors import describe
from cityeval_desktop.ui.widgets.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
LINE_ROLE = Qt.ItemDataRole.UserRole + 1
OVER_COLOUR, UNDER_COLOUR, GREY = QColor("#b3261e"), QColor("#1b5fa8"), QColor("#6b7280")
OVER_BACKGROUND = QColor("#fde8e6")


def figure(value: Decimal | None) -> str:
    """A shown figure (2 decimals), or a dash where there is none."""
    return "–" if value is None else f"{value:.2f}"


def difference_text(value: Decimal | None) -> str:
    """A difference with its sign (``+1.50``, ``−0.75``, ``0.00``)."""
    if value is None:
        return "–"
    if value > 0:
        return f"+{value:.2f}"
    if value < 0:
        return f"−{-value:.2f}"
    return f"{value:.2f}"


def shown_lines(delta: region.Delta, *, dimensions_only: bool = False) -> list[region.DeltaLine]:
    """The lines of the table: ``Delta.ranked`` (over-rating first), then those without both figures."""
    compared = delta.ranked
    rest = [x for x in delta.dimensions + delta.indicators if x.difference is None]
    lines = compared + rest
    return [x for x in lines if x.kind == "dimension"] if dimensions_only else lines


def _messages(exc: BaseException, lang: str) -> list[str]:
    """The service's refusal in the user's language (without repeating the code it names)."""
    if isinstance(exc, InputError):
        lines = [p.message.get(lang) for p in exc.problems]
        return [line[:1].upper() + line[1:] for line in lines]
    return describe(exc, lang)


def _result_words(ctx: AppContext, ref: str, lang: str) -> str:
    """A revision's result as the public reads it ("城市服务级 ★★★★ 良好", "未通过", "一票否决")."""
    from cityeval_desktop.services.cases import load_case

    return load_case(ctx, ref).result.label(lang)


class DeltaModel(RowsTableModel):
    """One row per dimension or indicator of a delta."""

    CONTEXT = "DeltaModel"
    ITEM_ROLE = LINE_ROLE
    COL_KIND, COL_ID, COL_TITLE, COL_SELF, COL_THIRD, COL_DIFFERENCE = range(6)
    COLUMNS: ClassVar[list[Any]] = [  # source texts (QT_TRANSLATE_NOOP is typed object)
        QT_TRANSLATE_NOOP("DeltaModel", "Kind"),
        QT_TRANSLATE_NOOP("DeltaModel", "No."),
        QT_TRANSLATE_NOOP("DeltaModel", "Title"),
        QT_TRANSLATE_NOOP("DeltaModel", "Self-check"),
        QT_TRANSLATE_NOOP("DeltaModel", "Third-party"),
        QT_TRANSLATE_NOOP("DeltaModel", "Difference"),
    ]

    def __init__(self, lang: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._lang = lang

    def cell(self, line: region.DeltaLine, col: int, role: int) -> Any:
        diff = line.difference
        over = diff is not None and diff > 0
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_KIND:
                if line.kind == "dimension":
                    return QCoreApplication.translate("DeltaModel", "Dimension")
                return QCoreApplication.translate("DeltaModel", "Indicator")
            if col == self.COL_ID:
                return line.id
            if col == self.COL_TITLE:
                return line.title.get(self._lang)
            if col == self.COL_SELF:
                return figure(line.self_value)
            if col == self.COL_THIRD:
                return figure(line.third_value)
            if col == self.COL_DIFFERENCE:
                text = difference_text(diff)
                return f"▲ {text}" if over else text
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.COL_SELF:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_DIFFERENCE:
            if diff is None:
                return GREY
            return OVER_COLOUR if over else UNDER_COLOUR if diff < 0 else None
        if role == Qt.ItemDataRole.BackgroundRole and over:
            return OVER_BACKGROUND
        if role == Qt.ItemDataRole.FontRole and ((over and col == self.COL_DIFFERENCE) or line.kind == "dimension"):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if over:
                return QCoreApplication.translate("DeltaModel", "The self-check rates this higher than the assessor")
            if diff is None:
                return QCoreApplication.translate("DeltaModel", "Not compared: one of the two has no figure here")
        return None


class DeltaPanel(QWidget):
    """One category: the totals and grades, the open buttons, the dimensions-only toggle and the table."""

    case_requested = Signal(str)

    def __init__(
        self, delta: region.Delta, lang: str, parent: QWidget | None = None, *, grades: dict[str, str] | None = None
    ) -> None:
        super().__init__(parent)
        self.delta = delta
        words = grades or {}
        totals = QGridLayout()
        heads = (self.tr("Self-check"), self.tr("Third-party result"), self.tr("Difference"))
        for col, text in enumerate(heads, start=1):
            head = QLabel(f"<b>{text}</b>", self)
            head.setAlignment(Qt.AlignmentFlag.AlignRight)
            totals.addWidget(head, 0, col)
        totals.addWidget(QLabel(self.tr("Total"), self), 1, 0)
        totals.addWidget(QLabel(self.tr("Grade"), self), 2, 0)
        total_diff = delta.self_total - delta.third_total
        self.self_total = self._figure(figure(delta.self_total))
        self.third_total = self._figure(figure(delta.third_total))
        self.total_difference = self._figure(difference_text(total_diff))
        if total_diff > 0:
            self.total_difference.setText(f"▲ {difference_text(total_diff)}")
            self.total_difference.setStyleSheet(f"color: {OVER_COLOUR.name()}; font-weight: bold;")
        elif total_diff < 0:
            self.total_difference.setStyleSheet(f"color: {UNDER_COLOUR.name()};")
        for col, label in enumerate((self.self_total, self.third_total, self.total_difference), start=1):
            totals.addWidget(label, 1, col)
        self.self_grade = self._figure(words.get(delta.self_ref) or self._grade(delta.self_grade))
        self.third_grade = self._figure(words.get(delta.third_ref) or self._grade(delta.third_grade))
        totals.addWidget(self.self_grade, 2, 1)
        totals.addWidget(self.third_grade, 2, 2)
        totals.setColumnStretch(4, 1)

        self.open_self_button = QPushButton(self.tr("Open &self-check"), self)
        self.open_self_button.setToolTip(delta.self_ref)
        self.open_self_button.clicked.connect(lambda: self.case_requested.emit(delta.self_ref))
        self.open_third_button = QPushButton(self.tr("Open &third-party result"), self)
        self.open_third_button.setToolTip(delta.third_ref)
        self.open_third_button.clicked.connect(lambda: self.case_requested.emit(delta.third_ref))
        self.dimensions_only = QCheckBox(self.tr("&Dimensions only"), self)
        self.dimensions_only.toggled.connect(self._refill)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_self_button)
        buttons.addWidget(self.open_third_button)
        buttons.addStretch(1)
        buttons.addWidget(self.dimensions_only)

        over = sum(1 for x in delta.ranked if x.difference is not None and x.difference > 0)
        self.legend = QLabel(
            self.tr(
                "Difference = self-check − third-party. ▲ on red: the self-check rates itself higher than the "
                "assessor (%1 lines); the largest over-rating is listed first."
            ).replace("%1", str(over)),
            self,
        )
        self.legend.setWordWrap(True)
        self.model = DeltaModel(lang, self)
        self.table = QTableView(self)
        self.table.setAccessibleName(self.tr("Differences by dimension and indicator"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DeltaModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addLayout(totals)
        layout.addLayout(buttons)
        layout.addWidget(self.legend)
        layout.addWidget(self.table, 1)
        self._refill()

    def _figure(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setAlignment(Qt.AlignmentFlag.AlignRight)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setMinimumWidth(110)
        return label

    def _grade(self, grade: str | None) -> str:
        return grade if grade else self.tr("no grade")

    def _refill(self, *_args: Any) -> None:
        self.model.set_rows(shown_lines(self.delta, dimensions_only=self.dimensions_only.isChecked()))


class DeltaDialog(QDialog):
    """Self-check vs third-party of one entity, a tab per category; the service's message when there is none."""

    case_requested = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        uscc: str,
        lang: str,
        category: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Self-check against third-party result"))
        self.setMinimumSize(820, 560)
        self.uscc = uscc
        self.deltas: list[region.Delta] = []
        self.panels: list[DeltaPanel] = []
        self.error: BaseException | None = None
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Categories"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        try:
            self.deltas = region.delta(ctx, uscc, category=category)
            grades = {ref: _result_words(ctx, ref, lang) for d in self.deltas for ref in (d.self_ref, d.third_ref)}
        except Exception as exc:  # nothing to compare, a mistyped code: the service's words, no crash
            self.error = exc
            self.heading.setTextFormat(Qt.TextFormat.PlainText)
            self.heading.setText(self.tr("USCC %1").replace("%1", uscc.strip()[:40]))
            self.message.setText("\n".join(_messages(exc, lang)))
            self.tabs.hide()
            layout.insertStretch(2, 1)
            self.setMinimumSize(560, 180)
            self.resize(640, 200)
            return
        self.message.hide()
        first = self.deltas[0]
        self.heading.setText(
            f"<b>{html.escape(first.entity_name)}</b> · " + html.escape(self.tr("USCC %1").replace("%1", first.uscc))
        )
        for delta in self.deltas:
            panel = DeltaPanel(delta, lang, self.tabs, grades=grades)
            panel.case_requested.connect(self.case_requested)
            self.panels.append(panel)
            self.tabs.addTab(panel, labels.category(delta.category).replace("&", "&&"))
