"""The one base of the window's flat table models: rows as a list, columns as their translated titles.

A model names its columns in :attr:`RowsTableModel.COLUMNS` (source texts marked with
``QT_TRANSLATE_NOOP(CONTEXT, …)``, translated in :attr:`RowsTableModel.CONTEXT` when the header is asked
for) and says what a cell holds in :meth:`RowsTableModel.cell`; ``rowCount``, ``columnCount``,
``headerData`` and the dispatch of ``data`` to ``cell`` are here. With :attr:`RowsTableModel.ITEM_ROLE` set,
``data`` answers that role with the row itself. A model whose columns are not fixed (the heat map's
dimensions) or whose titles are asked for very often overrides :meth:`column_count` and :meth:`header`; one
that must answer ``data`` faster than a method call per cell (the case list's caches) overrides ``data``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel):
    """Rows of plain data (:meth:`set_rows`), fixed translated column titles, cells by :meth:`cell`."""

    CONTEXT: ClassVar[str] = ""
    COLUMNS: ClassVar[Sequence[Any]] = ()  # source texts (QT_TRANSLATE_NOOP is typed object)
    ITEM_ROLE: ClassVar[int | None] = None  # the role ``data`` answers with the row itself
    HEADER_TOOLTIPS: ClassVar[bool] = False  # the title as the header's tooltip too (a view that narrows them)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    # ------------------------------------------------------------------ the rows
    def set_rows(self, rows: Iterable[Any]) -> None:
        """Show ``rows`` (a reset: the views forget their selection)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_data(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    # ------------------------------------------------------------------ the columns
    def column_count(self) -> int:
        return len(self.COLUMNS)

    def header(self, section: int) -> str:
        """The title of column ``section`` (0 ≤ section < column_count()), in the interface's language."""
        return QCoreApplication.translate(self.CONTEXT, self.COLUMNS[section])

    def cell(self, item: Any, col: int, role: int) -> Any:
        """What cell ``col`` of the row ``item`` holds for ``role`` (each model says; nothing here)."""
        return None

    # ------------------------------------------------------------------ Qt's side
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.column_count()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        wanted = role == Qt.ItemDataRole.DisplayRole or (self.HEADER_TOOLTIPS and role == Qt.ItemDataRole.ToolTipRole)
        horizontal = orientation == Qt.Orientation.Horizontal and wanted
        return self.header(section) if horizontal and 0 <= section < self.column_count() else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if self.ITEM_ROLE is not None and role == self.ITEM_ROLE:
            return item
        return self.cell(item, index.column(), role)
