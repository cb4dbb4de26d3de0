"""The case list page: search, filters, sort, open, new, delete."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.services.summaries import CaseSummary
from cityeval_desktop.ui import i18n, labels
from cityeval_desktop.ui.errors import show_error
from cityeval_desktop.ui.pages.case_table_model import SUMMARY_ROLE, CaseFilterProxy, CaseTableModel

if TYPE_CHECKING:
    from cityeval_desktop.services.context import AppContext
    from cityeval_desktop.ui.worker import BackgroundOperation, Progress


class CasesPage(QWidget):
    """Lists cases; emits ``case_opened`` with the case reference on double-click/Enter.

    The page can show rows before it has a context (:meth:`show_rows`, the first screen at start-up);
    the case services, and SQLAlchemy with them, are imported when the page first needs them.
    """

    case_opened = Signal(str)
    new_case_requested = Signal()
    new_self_check_requested = Signal()  # from the welcome panel of an empty workbench

    def __init__(self, ctx: AppContext | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.last_output: Path | None = None
        self.model = CaseTableModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setAccessibleName(self.tr("Search cases"))
        self.search.setPlaceholderText(self.tr("Search entity name or unified social credit code…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)

        self.category_filter = self._combo(
            self.tr("All categories"), [(c, labels.category(c)) for c in labels.CATEGORIES]
        )
        self.tier_filter = self._combo(self.tr("All tiers"), [(t, labels.tier(t)) for t in labels.TIERS])
        self.mode_filter = self._combo(self.tr("All modes"), [(m, labels.mode(m)) for m in labels.MODES])
        self.status_filter = self._combo(self.tr("All statuses"), [(s, labels.status(s)) for s in labels.STATUSES])
        for field, combo in (
            ("category", self.category_filter),
            ("tier", self.tier_filter),
            ("mode", self.mode_filter),
            ("status", self.status_filter),
        ):
            combo.currentIndexChanged.connect(lambda _i, f=field, c=combo: self.proxy.set_filter(f, c.currentData()))

        self.table = QTableView(self)
        self.table.setAccessibleName(self.tr("Cases"))
        self.table.setModel(self.proxy)
        # Sorted by "updated", newest first, as the rows come from the database: the header shows that
        # order and the proxy only sorts once a header is clicked (what setSortingEnabled would wire up,
        # without sorting 1,000 rows through Python at start-up).
        sort_header = self.table.horizontalHeader()
        sort_header.setSortIndicatorShown(True)
        sort_header.setSectionsClickable(True)
        sort_header.setSortIndicator(CaseTableModel.COL_UPDATED, Qt.SortOrder.DescendingOrder)
        sort_header.sortIndicatorChanged.connect(self.proxy.sort)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # size columns from a sample of rows, not all of them (fast start on big databases)
        header.setResizeContentsPrecision(20)
        self.table.viewport().installEventFilter(self)  # refit the columns when the list's width changes
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        QShortcut(
            QKeySequence(Qt.Key.Key_Return), self.table, self._open_selected, context=Qt.ShortcutContext.WidgetShortcut
        )

        self.new_button = QPushButton(self.tr("New case…"), self)
        self.new_button.clicked.connect(self.new_case_requested)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.clicked.connect(self._open_selected)
        self.delete_button = QPushButton(self.tr("Delete draft…"), self)
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button = QPushButton(self.tr("Export to Excel…"), self)
        self.export_button.setToolTip(self.tr("One row per listed case, with dimension scores"))
        self.export_button.clicked.connect(lambda: self.export_workbook())
        self.count_label = QLabel(self)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for combo in (self.category_filter, self.tier_filter, self.mode_filter, self.status_filter):
            filters.addWidget(combo, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self._update_buttons()

    # set by the main window when another workbench has the database: no new case, no delete
    read_only = False

    def _combo(self, all_text: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(all_text, None)
        for value, text in items:
            combo.addItem(text, value)
        return combo

    def attach(self, ctx: AppContext) -> None:
        """Use ``ctx`` from now on (the page was showing rows read before the context was open)."""
        self._ctx = ctx

    def reload(self) -> None:
        """Read the case list again from the database."""
        from cityeval_desktop.services import cases as case_service

        if self._ctx is None:
            return
        from cityeval_desktop.services.package_views import import_marks

        try:
            rows = case_service.list_cases(self._ctx)
            marks = import_marks(self._ctx)
            grades = case_service.listed_grades(self._ctx, rows)
        except Exception as exc:
            show_error(self, exc)
            return
        self.show_rows(rows, marks, grades)

    def show_rows(
        self, rows: list[CaseSummary], marks: dict[int, Any] | None = None, grades: dict[Any, Any] | None = None
    ) -> None:
        """Show ``rows`` as the case list (search, filters and sort order stay as they are).

        ``marks`` are the imported revisions by row id (``services/package_views.py import_marks``);
        ``grades`` the framework grades of the rows (``case_service.listed_grades``; the first screen
        at start-up has none yet and shows no grade words until the list is read again).
        """
        self.model.set_rows(rows, grades=grades, marks=marks)
        self.table.resizeColumnsToContents()
        entity_width = self.table.columnWidth(CaseTableModel.COL_ENTITY)
        self.table.setColumnWidth(CaseTableModel.COL_ENTITY, max(160, min(entity_width + 16, 340)))
        self._natural_widths = [self.table.sizeHintForColumn(c) for c in range(self.model.columnCount())]
        self._natural_widths[CaseTableModel.COL_ENTITY] = self.table.columnWidth(CaseTableModel.COL_ENTITY)
        header = self.table.horizontalHeader()
        self._natural_widths = [max(w, header.sectionSizeHint(c)) for c, w in enumerate(self._natural_widths)]
        self._fit_columns()
        self._update_count()
        self._update_buttons()
        self._update_welcome()

    def _fit_columns(self) -> None:
        """Fit the list to the window without a horizontal scroll bar: narrow the long text columns first."""
        natural = getattr(self, "_natural_widths", None)
        if not natural:
            return
        widths = list(natural)
        excess = sum(widths) - self.table.viewport().width() + 2
        cuts = (
            (CaseTableModel.COL_ID, 80),  # a uuid prefix is enough to tell cases apart (full id in the tooltip)
            (CaseTableModel.COL_CATEGORY, 110),  # the entity's name is the last to lose width
            (CaseTableModel.COL_MODE, 90),
            (CaseTableModel.COL_TIER, 90),
            (CaseTableModel.COL_ENTITY, 140),
            # still too wide (1280 px in English): a second, closer round, the validity column included
            (CaseTableModel.COL_ID, 56),
            (CaseTableModel.COL_CATEGORY, 90),
            (CaseTableModel.COL_TIER, 76),
            (CaseTableModel.COL_MODE, 76),
            (CaseTableModel.COL_VALID, 88),  # still reads "⚠ expired" (the days are in its tooltip)
            (CaseTableModel.COL_ENTITY, 116),
        )
        for column, floor in cuts:
            if excess <= 0:
                break
            cut = min(excess, max(0, widths[column] - floor))
            widths[column] -= cut
            excess -= cut
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def selected(self) -> CaseSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = rows[0].data(SUMMARY_ROLE)
        return value if isinstance(value, CaseSummary) else None

    def select_case(self, case_uuid: str) -> None:
        for row in range(self.proxy.rowCount()):
            s = self.proxy.index(row, 0).data(SUMMARY_ROLE)
            if isinstance(s, CaseSummary) and s.case_uuid == case_uuid:
                self.table.selectRow(row)
                return

    @Slot()
    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(self.tr("%1 of %2 cases").replace("%1", str(shown)).replace("%2", str(total)))

    @Slot()
    def _update_buttons(self) -> None:
        s = self.selected()
        self.open_button.setEnabled(s is not None)
        self.new_button.setEnabled(not self.read_only)
        self.delete_button.setEnabled(not self.read_only and s is not None and s.is_draft)
        self.delete_button.setToolTip("" if s is None or s.is_draft else self.tr("Finalized cases cannot be deleted"))

    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        s = index.data(SUMMARY_ROLE)
        if isinstance(s, CaseSummary):
            self.case_opened.emit(s.ref)

    @Slot()
    def _open_selected(self) -> None:
        s = self.selected()
        if s is not None:
            self.case_opened.emit(s.ref)

    @Slot()
    def delete_selected(self) -> None:
        from cityeval_desktop.services import cases as case_service

        s = self.selected()
        if s is None or self._ctx is None:
            return
        if not s.is_draft:
            QMessageBox.information(self, self.tr("Delete"), self.tr("Finalized cases cannot be deleted."))
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete draft"),
            self.tr(
                "Delete the draft case of “%1” (revision %2)? Its answers are removed; the audit trail keeps a record."
            )
            .replace("%1", s.entity_name)
            .replace("%2", str(s.revision)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            case_service.delete_draft(self._ctx, s.ref)
        except Exception as exc:
            show_error(self, exc)
        self.reload()

    def shown_summaries(self) -> list[CaseSummary]:
        """The cases the list shows now (search and filters applied), in the shown order."""
        out = []
        for row in range(self.proxy.rowCount()):
            s = self.proxy.index(row, 0).data(SUMMARY_ROLE)
            if isinstance(s, CaseSummary):
                out.append(s)
        return out

    def export_workbook(self, out: Path | None = None) -> BackgroundOperation | None:
        """Write one row per listed case (with dimension scores) to an Excel workbook, then open it."""
        from PySide6.QtWidgets import QFileDialog

        from cityeval_desktop.ui.worker import BackgroundOperation

        summaries = self.shown_summaries()
        if self._ctx is None:
            return None
        if not summaries:
            QMessageBox.information(self, self.tr("Export"), self.tr("No cases are listed."))
            return None
        if out is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export cases to Excel"),
                str(Path.home() / "cityeval-cases.xlsx"),
                self.tr("Excel workbook (*.xlsx)"),
            )
            if not name:
                return None
            out = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        ctx, refs, lang, target = self._ctx, [s.ref for s in summaries], i18n.lang(), out

        def work(progress: Progress) -> Path:
            from cityeval_desktop.services.reporting import write_cases_workbook

            return write_cases_workbook(ctx, refs, target, lang, progress.report, progress.check)

        def done(path: object) -> None:
            from cityeval_desktop.ui.widgets.export_notice import announce_export

            self.last_output = Path(str(path))
            announce_export(self, self.last_output, self.tr("Case list workbook"))
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        return BackgroundOperation(self, work, title=self.tr("Exporting cases")).success(done).run()

    # ------------------------------------------------------------------ empty workbench
    def _update_welcome(self) -> None:
        """With no case at all, the welcome panel (what the tool does, sample cases) takes the list's place."""
        empty = self.model.rowCount() == 0
        welcome = getattr(self, "welcome", None)
        if empty and welcome is None:
            from cityeval_desktop.ui.pages.welcome import WelcomePanel

            welcome = self.welcome = WelcomePanel(self._ctx, self)
            welcome.new_case_requested.connect(self.new_case_requested)
            welcome.self_check_requested.connect(self.new_self_check_requested)
            welcome.help_requested.connect(self._on_help_requested)
            welcome.samples_loaded.connect(self._on_samples_loaded)
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(layout.indexOf(self.table), welcome, 1)
        if welcome is None:
            return
        welcome.attach(self._ctx)
        welcome.setVisible(empty)
        for widget in (
            self.table,
            self.search,
            self.category_filter,
            self.tier_filter,
            self.mode_filter,
            self.status_filter,
            self.new_button,
            self.open_button,
            self.delete_button,
            self.export_button,
            self.count_label,
        ):
            widget.setVisible(not empty)

    @Slot()
    def _on_help_requested(self) -> None:
        from cityeval_desktop.ui.help import show_help

        show_help(self, "start")

    @Slot(object)
    def _on_samples_loaded(self, _result: object) -> None:
        self.reload()
        if self.proxy.rowCount():
            self.table.selectRow(0)
            self.table.setFocus()
