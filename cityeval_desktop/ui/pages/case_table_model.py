"""Table model and filter proxy of the case list (named columns, roles)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,  # type: ignore[attr-defined]
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from cityeval_desktop.domain import result_text
from cityeval_desktop.domain.framework import Grade
from cityeval_desktop.domain.scoring import NOT_RATED, VETOED
from cityeval_desktop.services.summaries import CaseSummary
from cityeval_desktop.ui import i18n, labels
from cityeval_desktop.ui.widgets.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_SERVED_ROLES = frozenset({int(r) for r in (_DISPLAY, _ALIGNMENT, _FOREGROUND, _TOOLTIP, SUMMARY_ROLE, SORT_ROLE)})


class CaseTableModel(RowsTableModel):
    """One row per case (latest revision); ``data`` is its own (cached texts, served roles first)."""

    CONTEXT = "CaseTableModel"
    COL_ENTITY, COL_USCC, COL_CATEGORY, COL_TIER, COL_MODE, COL_STATUS = range(6)
    COL_TOTAL, COL_GRADE, COL_VALID, COL_COMPLETE, COL_REVISION, COL_UPDATED, COL_ID = range(6, 13)
    COLUMNS: ClassVar[list[str]] = [
        QT_TRANSLATE_NOOP("CaseTableModel", "Entity"),
        QT_TRANSLATE_NOOP("CaseTableModel", "USCC"),
        QT_TRANSLATE_NOOP("CaseTableModel", "Category"),
        QT_TRANSLATE_NOOP("CaseTableModel", "Tier"),
        QT_TRANSLATE_NOOP("CaseTableModel", "Mode"),
        QT_TRANSLATE_NOOP("CaseTableModel", "Status"),
        QT_TRANSLATE_NOOP("CaseTableModel", "Total"),
        QT_TRANSLATE_NOOP("CaseTableModel", "Grade"),
        QT_TRANSLATE_NOOP("CaseTableModel", "Valid until"),
        QT_TRANSLATE_NOOP("CaseTableModel", "Complete"),
        QT_TRANSLATE_NOOP("CaseTableModel", "Rev."),
        QT_TRANSLATE_NOOP("CaseTableModel", "Updated"),
        QT_TRANSLATE_NOOP("CaseTableModel", "Case id"),
    ]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # imported revisions by row id (services/package_views.py ImportMark): the status column says so
        self._marks: dict[int, Any] = {}
        self._display_cache: dict[tuple[int, int], str] = {}
        self._sort_cache: dict[tuple[int, int], Any] = {}
        # the framework grade of each row's cached grade id, by (framework sha256, grade id)
        self._grades: dict[tuple[str, str], Grade] = {}

    def set_rows(
        self,
        rows: Iterable[CaseSummary],
        grades: dict[tuple[str, str], Grade] | None = None,
        marks: dict[int, Any] | None = None,
    ) -> None:
        """Show ``rows``; ``grades`` (``case_service.listed_grades``) name each grade by its stars and title;
        ``marks`` (by row id) are the imported ones, shown as imported or unverified."""
        self.beginResetModel()
        self._rows = list(rows)
        self._marks = dict(marks or {})
        self._grades = dict(grades or {})
        self._display_cache: dict[tuple[int, int], str] = {}
        self._sort_cache: dict[tuple[int, int], Any] = {}
        self.endResetModel()

    def grade(self, s: CaseSummary) -> Grade | None:
        """The framework grade of a row (None while provisional, without a grade, or not known yet)."""
        if s.is_provisional or not s.grade:
            return None
        return self._grades.get((s.framework_sha256, s.grade))

    def summary(self, row: int) -> CaseSummary:
        return self._rows[row]

    def mark(self, row: int) -> Any:
        """The import marker of a row (None for a case made in this database)."""
        return self._marks.get(self._rows[row].row_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # called thousands of times when the view sizes columns or sorts: roles the model does not
        # serve are answered before the index is looked at, and texts are computed once per cell
        if role not in _SERVED_ROLES or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not 0 <= row < len(self._rows):
            return None
        if role == _DISPLAY:
            key = (row, col)
            text = self._display_cache.get(key)
            if text is None:
                text = self._display_cache[key] = self._display(self._rows[row], col)
            return text
        s = self._rows[row]
        if role == SUMMARY_ROLE:
            return s
        if role == SORT_ROLE:
            key = (row, col)
            if key not in self._sort_cache:
                self._sort_cache[key] = self._sort_key(s, col)
            return self._sort_cache[key]
        if role == _ALIGNMENT and col in (self.COL_TOTAL, self.COL_COMPLETE, self.COL_REVISION):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == _FOREGROUND and col in (self.COL_TOTAL, self.COL_GRADE) and s.is_provisional:
            return QColor("#6b7280")
        if role == _FOREGROUND and col == self.COL_GRADE and s.grade is not None:
            return QColor("#b8860b")
        if col == self.COL_STATUS and s.row_id in self._marks:
            mark = self._marks[s.row_id]
            if role == _FOREGROUND:
                return QColor("#b3261e") if mark.unverified else QColor("#1e3a5f")
            if role == _TOOLTIP:
                return self._mark_tooltip(mark)
        if col == self.COL_VALID and s.valid_until is not None:
            if role == _FOREGROUND and s.expired():
                return QColor("#b3261e")
            if role == _TOOLTIP:
                return self._valid_tooltip(s)
        if role == _TOOLTIP and col == self.COL_ID:
            return s.case_uuid
        if role == _TOOLTIP and col in (self.COL_TOTAL, self.COL_GRADE) and s.is_provisional:
            return QCoreApplication.translate(
                "CaseTableModel", "Not rated yet: not every indicator is answered or every veto decided"
            )
        return None

    def _display(self, s: CaseSummary, col: int) -> str:
        if col == self.COL_ENTITY:
            return s.entity_name
        if col == self.COL_USCC:
            return s.uscc
        if col == self.COL_CATEGORY:
            return labels.category(s.category)
        if col == self.COL_TIER:
            return labels.tier(s.tier)
        if col == self.COL_MODE:
            return labels.mode(s.mode)
        if col == self.COL_STATUS:
            mark = self._marks.get(s.row_id)
            if mark is None:
                return labels.status(s.status)
            badge = (
                QCoreApplication.translate("CaseTableModel", "unverified")
                if mark.unverified
                else QCoreApplication.translate("CaseTableModel", "imported")
            )
            return f"{labels.status(s.status)} · {badge}"
        if col == self.COL_TOTAL:
            return f"{s.total:.2f}" if s.total is not None else "–"
        if col == self.COL_GRADE:
            if s.is_provisional:  # the running total of an unfinished case carries no grade
                return i18n.pick(NOT_RATED)
            if s.is_vetoed:
                return i18n.pick(VETOED)
            grade = self.grade(s)
            if grade is None:  # no grade, or the first screen before the frameworks are read
                return "–"
            return i18n.pick(result_text.grade_words(grade))  # stars and title: the id stays internal
        if col == self.COL_VALID:
            if s.valid_until is None:  # a draft, or a case finalized before results had a validity
                return "–"
            until = s.valid_until.isoformat()
            if s.expired():  # judged against today's (local) date
                return "⚠ " + QCoreApplication.translate("CaseTableModel", "expired %1").replace("%1", until)
            return until
        if col == self.COL_COMPLETE:
            return f"{s.completeness * 100:.0f}%" if s.completeness is not None else "–"
        if col == self.COL_REVISION:
            return str(s.revision)
        if col == self.COL_UPDATED:
            return s.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        return s.case_uuid[:8]

    def _valid_tooltip(self, s: CaseSummary) -> str:
        assert s.valid_until is not None
        span = (
            QCoreApplication.translate("CaseTableModel", "Valid from %1 to %2")
            .replace("%1", s.valid_from.isoformat() if s.valid_from else "–")
            .replace("%2", s.valid_until.isoformat())
        )
        if s.expired():
            return (
                span
                + "\n"
                + QCoreApplication.translate(
                    "CaseTableModel", "Expired: the result is no longer valid; a new assessment is needed"
                )
            )
        return span

    def _mark_tooltip(self, mark: Any) -> str:
        when = mark.imported_at.astimezone().strftime("%Y-%m-%d %H:%M")
        text = (
            QCoreApplication.translate("CaseTableModel", "Imported from %1 on %2, signed by %3")
            .replace("%1", mark.file_name)
            .replace("%2", when)
            .replace("%3", mark.signer_name or "–")
        )
        if mark.unverified:
            accepted = QCoreApplication.translate(
                "CaseTableModel", "Unverified (signer not trusted): accepted by %1"
            ).replace("%1", mark.accepted_by or "–")
            text = f"{accepted}\n{text}"
        return text

    def _sort_key(self, s: CaseSummary, col: int) -> Any:
        if col == self.COL_TOTAL:
            return float(s.total) if s.total is not None else -1.0
        if col == self.COL_COMPLETE:
            return float(s.completeness) if s.completeness is not None else -1.0
        if col == self.COL_REVISION:
            return s.revision
        if col == self.COL_GRADE:
            grade = self.grade(s)
            return -1 if s.is_provisional else (float(grade.min) if grade else 0.0)
        if col == self.COL_UPDATED:
            return s.updated_at.timestamp()
        if col == self.COL_VALID:  # by the last valid day; rows without one first (ascending)
            return s.valid_until.toordinal() if s.valid_until is not None else -1
        return self._display(s, col)


class CaseFilterProxy(QSortFilterProxyModel):
    """Search by entity name or code; filter by category, tier, mode, status."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._filters: dict[str, str] = {}
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._search = text.strip().casefold()
        self.endFilterChange()

    def set_filter(self, field: str, value: str | None) -> None:
        self.beginFilterChange()
        if value:
            self._filters[field] = value
        else:
            self._filters.pop(field, None)
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, CaseTableModel)
        s = model.summary(source_row)
        if self._search and self._search not in s.entity_name.casefold() and self._search not in s.uscc.casefold():
            return False
        return all(getattr(s, field) == value for field, value in self._filters.items())
