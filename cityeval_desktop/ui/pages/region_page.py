"""The agency's regional view (issue 13 §2.2, docs/regional-view.md): the counted results per entity,
region × category figures, dimension means against the national mean, the grade distribution and a
heatmap of entities × dimensions.

What counts is decided by ``services.region`` alone (``CountingRule``): the page shows its summary.
Changing the category, tier, region key, as-of day or "include untrusted" asks the service again on
the background worker; the search and the region box filter the rows in memory (a keystroke costs one
pass over them: tests/benchmarks/region_view_bench.py measures both).
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain import days
from cityeval_desktop.domain.framework import CATEGORIES
from cityeval_desktop.services import region as region_service
from cityeval_desktop.ui import i18n, labels
from cityeval_desktop.ui.errors import show_error
from cityeval_desktop.ui.pages.region_models import (
    ROW_ROLE,
    DimensionMeansModel,
    EntityFilterProxy,
    EntityTableModel,
    GroupStatsModel,
    HeatmapModel,
    grade_label,
    region_choices,
    region_query,
)
from cityeval_desktop.ui.widgets.grade_chart import GradeChart
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

if TYPE_CHECKING:
    from cityeval_desktop.services.context import AppContext
    from cityeval_desktop.services.region import EntityRow, Summary

#: how long the page waits after a filter change before it asks the service (typing a date fires per digit)
REQUERY_DELAY_MS = 150


class ElidingHeader(QHeaderView):
    """A horizontal header that elides a section's name that does not fit ("Assessor orga…") rather than
    clipping both ends of it; the model gives the full name as the header's tooltip."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logicalIndex: int) -> None:  # noqa: N803
        super().initStyleOptionForIndex(option, logicalIndex)
        style = self.style()
        room = self.sectionSize(logicalIndex) - 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, option, self)
        if option.sortIndicator != QStyleOptionHeader.SortIndicator.None_:
            room -= style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, option, self) + 4
        if self.fontMetrics().horizontalAdvance(option.text) > room:
            option.text = self.fontMetrics().elidedText(option.text, Qt.TextElideMode.ElideRight, max(room, 0))


class RegionPage(QWidget):
    """The regional view. Emits ``case_opened(ref)`` (Enter or double-click on an entity), and for the
    selected entity ``delta_requested(uscc, category)`` and ``objection_requested(case_ref)``;
    ``disclosure_requested()`` for publishing the figures."""

    case_opened = Signal(str)
    delta_requested = Signal(str, str)
    objection_requested = Signal(str)
    disclosure_requested = Signal()

    TAB_STATS, TAB_DIMENSIONS, TAB_GRADES, TAB_HEATMAP = range(4)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.read_only = read_only
        self.summary: Summary | None = None
        self._every_category: Summary | None = None  # the figures of every category (the filter narrows them)
        self._every_self_check: list[EntityRow] = []
        self.self_checks: list[EntityRow] = []
        self.operation: BackgroundOperation | None = None
        self._generation = 0
        self._running = self._heat_running = False
        self._selfs_loaded = self._heat_loaded = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REQUERY_DELAY_MS)
        self._timer.timeout.connect(self.reload)

        self.model = EntityTableModel(self)
        self.proxy = EntityFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.heat_model = HeatmapModel(self)
        self.heat_proxy = EntityFilterProxy(self)
        self.heat_proxy.setSourceModel(self.heat_model)
        self.stats_model = GroupStatsModel(self)
        self.dims_model = DimensionMeansModel(self)

        self._build_filters()
        self._build_tables()
        self._build_buttons()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._filters_row)
        layout.addLayout(self._search_row)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(self._buttons_row)
        self._set_tab_order()
        self._update_buttons()
        self.reload()

    # ------------------------------------------------------------------ building
    def _labelled(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        widget.setAccessibleName(text.replace("&", "").rstrip(":："))
        return label

    def _combo(self, all_text: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        if all_text:
            combo.addItem(all_text, None)
        for value, text in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self._schedule)
        return combo

    def _build_filters(self) -> None:
        self.category_filter = self._combo(
            self.tr("All categories"), [(c, labels.category(c)) for c in labels.CATEGORIES]
        )
        # the category narrows the figures read for every category, in memory (services.region.for_category)
        self.category_filter.currentIndexChanged.disconnect(self._schedule)
        self.category_filter.currentIndexChanged.connect(self._on_category)
        self.tier_filter = self._combo(self.tr("All tiers"), [(t, labels.tier(t)) for t in labels.TIERS])
        self.by_filter = self._combo(
            "",
            [
                (region_service.BY_REGISTRATION, self.tr("Registration region")),
                (region_service.BY_SERVICE, self.tr("Service region")),
            ],
        )
        today = days.today()  # the Beijing day the results are dated and valid in
        self.as_of = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.dateChanged.connect(self._schedule)
        self.untrusted_check = QCheckBox(self.tr("Include untrusted results"), self)
        self.untrusted_check.setToolTip(
            self.tr("Count results whose signer is not trusted here too (they are marked in the table)")
        )
        self.untrusted_check.toggled.connect(self._schedule)
        row = QHBoxLayout()
        for text, widget in (
            (self.tr("Cate&gory:"), self.category_filter),
            (self.tr("&Tier:"), self.tier_filter),
            (self.tr("Group &by:"), self.by_filter),
            (self.tr("&As of:"), self.as_of),
        ):
            row.addWidget(self._labelled(text, widget))
            row.addWidget(widget, 1 if isinstance(widget, QComboBox) else 0)
        row.addWidget(self.untrusted_check)
        self._filters_row = row

        self.region_box = QComboBox(self)
        self.region_box.setEditable(True)
        self.region_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.region_box.addItem(self.tr("All regions"), None)
        choices = region_choices(i18n.lang())
        self.region_box.addItems(list(choices))  # one call: 3,000 codes
        self._region_rows = {text[:6]: i for i, text in enumerate(choices, start=1)}
        completer = QCompleter(self.region_box.model(), self.region_box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.region_box.setCompleter(completer)
        self.region_box.setToolTip(
            self.tr("A region code (a province or city includes its parts) or words of its name")
        )
        line = self.region_box.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("Region code or name…"))
        self.region_box.editTextChanged.connect(self._apply_region)
        self.search = QLineEdit(self)
        self.search.setAccessibleName(self.tr("Search entities"))
        self.search.setPlaceholderText(self.tr("Search entity name or unified social credit code…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_search)
        self.self_toggle = QCheckBox(self.tr("Show self-checks beside"), self)
        self.self_toggle.setToolTip(
            self.tr("List the latest valid self-checks too, marked; they are never counted in any figure")
        )
        self.self_toggle.toggled.connect(self._on_self_toggle)
        self.show_all_button = QPushButton(self.tr("Show all regions"), self)
        self.show_all_button.clicked.connect(self.show_all_regions)
        row = QHBoxLayout()
        row.addWidget(self._labelled(self.tr("&Region:"), self.region_box))
        row.addWidget(self.region_box, 2)
        row.addWidget(self.show_all_button)
        row.addWidget(self.search, 3)
        row.addWidget(self.self_toggle)
        self._search_row = row
        self.warning_label = QLabel(self)
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #b3261e;")
        self.warning_label.hide()

    def _table(self, name: str, model: Any) -> QTableView:
        table = QTableView(self)
        table.setHorizontalHeader(ElidingHeader(table))
        table.setAccessibleName(name)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)  # a wide table scrolls smoothly
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(20)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(model.sort)
        table.setTabKeyNavigation(False)  # Tab leaves the table: keyboard users reach the next control
        return table

    def _build_tables(self) -> None:
        self.table = self._table(self.tr("Entities"), self.proxy)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.viewport().installEventFilter(self)  # refit the columns when the table's width changes
        # Enter and double-click (``activated``; no shortcut: the page's tables would share the key)
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.stats_table = self._table(self.tr("Figures per region and category"), self.stats_model)
        self.stats_table.clicked.connect(self._filter_to_group)
        self.stats_table.activated.connect(self._filter_to_group)  # Enter on a region row, from the keyboard
        self.dims_table = self._table(self.tr("Dimension means against the national mean"), self.dims_model)
        self.grade_chart = GradeChart(self)
        chart_area = QScrollArea(self)
        chart_area.setWidgetResizable(True)
        chart_area.setAccessibleName(self.tr("Grade distribution per category"))
        holder = QWidget(chart_area)
        holder_layout = QVBoxLayout(holder)
        holder_layout.addWidget(self.grade_chart)
        self.grade_text = QLabel(holder)
        self.grade_text.setWordWrap(True)
        self.grade_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        holder_layout.addWidget(self.grade_text)
        holder_layout.addStretch(1)
        chart_area.setWidget(holder)
        self.heat_label = QLabel(self)
        self.heat_label.setWordWrap(True)
        self.heat_table = self._table(self.tr("Heatmap of dimension scores"), self.heat_proxy)
        self.heat_table.activated.connect(self._open_heat_index)
        self.heat_table.horizontalHeader().setStretchLastSection(False)
        heat = QWidget(self)
        heat_layout = QVBoxLayout(heat)
        heat_layout.setContentsMargins(0, 4, 0, 0)
        heat_layout.addWidget(self.heat_label)
        heat_layout.addWidget(self.heat_table, 1)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Figures"))
        self.tabs.addTab(self.stats_table, self.tr("Per region"))
        self.tabs.addTab(self.dims_table, self.tr("Dimension means and weak points"))
        self.tabs.addTab(chart_area, self.tr("Grade distribution"))
        self.tabs.addTab(heat, self.tr("Heatmap"))
        self.tabs.currentChanged.connect(self._on_tab)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

    def _build_buttons(self) -> None:
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.setToolTip(self.tr("Open the case read-only with its report and evidence (Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        self.delta_button = QPushButton(self.tr("Compare with &self-check…"), self)
        self.delta_button.setToolTip(self.tr("The entity's own self-check beside this result, per dimension"))
        self.delta_button.clicked.connect(self._request_delta)
        self.objection_button = QPushButton(self.tr("Record &objection…"), self)
        self.objection_button.clicked.connect(self._request_objection)
        self.disclosure_button = QPushButton(self.tr("&Publish disclosure…"), self)
        self.disclosure_button.setToolTip(self.tr("Publish the figures shown here"))
        self.disclosure_button.clicked.connect(self.disclosure_requested)
        self.disclosure_button.setEnabled(not self.read_only)  # publishing is recorded in the audit trail
        self.count_label = QLabel(self)
        row = QHBoxLayout()
        for button in (self.open_button, self.delta_button, self.objection_button, self.disclosure_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.count_label)
        self._buttons_row = row

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.category_filter,
            self.tier_filter,
            self.by_filter,
            self.as_of,
            self.untrusted_check,
            self.region_box,
            self.show_all_button,
            self.search,
            self.self_toggle,
            self.table,
            self.tabs,
            self.open_button,
            self.delta_button,
            self.objection_button,
            self.disclosure_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ reading
    @property
    def loading(self) -> bool:
        """Whether the page is waiting for (or reading) the service's figures."""
        return self._timer.isActive() or self._running or self._heat_running

    def filters(self) -> dict[str, Any]:
        """The service filters the controls ask for (``services.region.summary`` keywords)."""
        qdate = self.as_of.date()
        return {
            "as_of": date(qdate.year(), qdate.month(), qdate.day()),
            "by": self.by_filter.currentData() or region_service.BY_REGISTRATION,
            "category": self.category_filter.currentData(),
            "tier": self.tier_filter.currentData(),
            "include_untrusted": self.untrusted_check.isChecked(),
        }

    @Slot()
    def _schedule(self) -> None:
        self._timer.start()
        self.count_label.setText(self.tr("Reading…"))

    @Slot()
    def reload(self) -> BackgroundOperation:
        """Ask the service for the figures of the current filters (on the background worker); the
        self-checks too when they are shown beside (otherwise when the toggle is first switched on)."""
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        # every category is read; the category filter narrows it in memory (_show_category)
        ctx, chosen, with_selfs = self._ctx, dict(self.filters(), category=None), self.self_toggle.isChecked()

        def work(progress: Progress) -> Any:
            found = region_service.summary(ctx, **chosen)
            progress.check()
            if not with_selfs:
                return found, None
            selfs = region_service.self_check_rows(ctx, as_of=chosen["as_of"], by=chosen["by"], tier=chosen["tier"])
            return found, selfs

        self._running = True
        self.count_label.setText(self.tr("Reading…"))
        operation = BackgroundOperation(self, work, title=self.tr("Reading the regional figures"), show_dialog=False)
        operation.success(lambda result: self._on_read(generation, result))
        operation.failure(lambda exc: self._on_failed(generation, exc))
        self.operation = operation
        return operation.run()

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._running = self._heat_running = False
        self.count_label.setText(self.tr("The figures could not be read"))
        show_error(self, exc)

    def _on_read(self, generation: int, result: Any) -> None:
        if generation != self._generation:  # a newer filter change is on its way
            return
        found, selfs = result
        self._every_category = found
        self._selfs_loaded = selfs is not None
        self._every_self_check = list(selfs) if selfs is not None else []
        self._running = False
        self._show_category()

    @Slot()
    def _on_category(self) -> None:
        if self._every_category is not None and not self._running and not self._timer.isActive():
            self._show_category()
        # else figures are on their way: they are narrowed to the category chosen when they come

    def _show_category(self) -> None:
        """Show the figures read for every category narrowed to the chosen one (no query: < 100 ms)."""
        if self._every_category is None:
            return
        category = self.category_filter.currentData()
        found = region_service.for_category(self._every_category, category)
        self.summary = found
        self.self_checks = [r for r in self._every_self_check if category is None or r.category == category]
        self._show_entities()
        self.stats_model.set_summary(found)
        self.dims_model.set_summary(found)
        self._show_grades(found)
        self._heat_loaded = False
        self.warning_label.setText("\n".join("⚠ " + i18n.pick(w) for w in found.warnings[:3]))
        self.warning_label.setVisible(bool(found.warnings))
        for table in (self.stats_table, self.dims_table):
            table.resizeColumnsToContents()
        self._running = False
        if self.tabs.currentIndex() == self.TAB_HEATMAP:
            self._load_heatmap()
        self._update_count()
        self._update_buttons()

    def heatmap_category(self) -> str | None:
        """The category the heatmap shows: the one of the filter, or the first with a counted result."""
        chosen = self.category_filter.currentData()
        present = {r.category for r in (self.summary.entities if self.summary else [])}
        return chosen or next((c for c in CATEGORIES if c in present), None)

    @Slot(int)
    def _on_tab(self, index: int) -> None:
        if index == self.TAB_HEATMAP:
            self._load_heatmap()

    def _load_heatmap(self) -> None:
        """Read the dimension scores of the heatmap's entities (when the heatmap is first shown for a summary)."""
        if self.summary is None or self._heat_loaded or self._heat_running:
            return
        found, generation, heat = self.summary, self._generation, self.heatmap_category()
        rows = [r for r in found.entities if r.category == heat]
        ctx, ids = self._ctx, [r.case_id for r in rows]
        self._heat_running = True
        self.heat_label.setText(self.tr("Reading…"))
        operation = BackgroundOperation(
            self, lambda _p: region_service.entity_dimension_scores(ctx, ids), show_dialog=False
        )
        operation.success(lambda scores: self._on_heatmap(generation, heat, rows, scores))
        operation.failure(lambda exc: self._on_failed(generation, exc))
        operation.run()

    def _on_heatmap(self, generation: int, heat: str | None, rows: list[EntityRow], scores: Any) -> None:
        self._heat_running = False
        if generation != self._generation or self.summary is None:
            return
        dimensions: list[tuple[str, str]] = []
        group = next((g for g in self.summary.groups if g.category == heat), None)
        if group is not None:
            dimensions = [(d.id, d.title.get(i18n.lang())) for d in group.dimensions]
        self.heat_model.set_heatmap(heat, rows, dimensions, scores, self.summary.by)
        self.heat_table.resizeColumnsToContents()
        self._heat_loaded = True
        if heat is None:
            self.heat_label.setText(self.tr("No counted result to show."))
        else:
            self.heat_label.setText(
                self.tr("Dimension scores of %1 (choose another category in the filter above to see it)").replace(
                    "%1", labels.category(heat)
                )
            )

    @Slot(bool)
    def _on_self_toggle(self, checked: bool) -> None:
        if checked and not self._selfs_loaded and self.summary is not None:
            self.reload()  # the self-checks are read when first asked for
        else:
            self._show_entities()

    @Slot()
    def _show_entities(self) -> None:
        if self.summary is None:
            return
        shown = self.self_checks if self.self_toggle.isChecked() else []
        self.model.set_summary(self.summary, shown)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        self._natural = [
            max(self.table.columnWidth(c), header.sectionSizeHint(c)) for c in range(self.model.columnCount())
        ]
        self._natural[EntityTableModel.COL_ENTITY] = min(self._natural[EntityTableModel.COL_ENTITY] + 12, 280)
        self._fit_columns()
        self._update_count()
        self._update_buttons()

    #: the entity table's columns that give up width when the table is wider than the window (their full
    #: text is in the tooltip), and how narrow each may get: the first six first (their headers kept whole)
    _SHRINK = (
        (EntityTableModel.COL_ASSESSOR, 70),
        (EntityTableModel.COL_CATEGORY, 70),
        (EntityTableModel.COL_SERVICE, 70),
        (EntityTableModel.COL_REGISTRATION, 70),
        (EntityTableModel.COL_ENTITY, 110),
        (EntityTableModel.COL_GRADE, 70),
        (EntityTableModel.COL_TIER, 70),
        (EntityTableModel.COL_TRUST, 70),
    )

    def _header_floor(self, col: int) -> int:
        """How narrow a header may get: its first word and "…" stay readable (the full name is its tooltip);
        a one-word (or Chinese) header is never cut."""
        header = self.table.horizontalHeader()
        text = str(self.proxy.headerData(col, Qt.Orientation.Horizontal) or "")
        metrics = header.fontMetrics()
        margin = header.sectionSizeHint(col) - metrics.horizontalAdvance(text)
        first = text.split(" ", 1)
        return margin + metrics.horizontalAdvance(first[0] + "…" if len(first) > 1 else text)

    def _fit_columns(self) -> None:
        """Fit the entity table to its width: the long text columns give up width in proportion to what they
        have over their floor (a header down to its first word, see :meth:`_header_floor`; a cut cell or header
        shows its full text in the tooltip). What still does not fit scrolls sideways."""
        natural = getattr(self, "_natural", None)
        if not natural:
            return
        widths = list(natural)
        excess = sum(widths) - self.table.viewport().width() + 2
        header = self.table.horizontalHeader()
        text_columns = dict(self._SHRINK[:6])
        stages = (  # first the long text columns down to their whole header, then every one to its first word
            {col: max(least, header.sectionSizeHint(col)) for col, least in text_columns.items()},
            {col: max(least, self._header_floor(col)) for col, least in self._SHRINK},
        )
        for floors in stages:
            room = {col: max(0, widths[col] - floor) for col, floor in floors.items()}
            spare = sum(room.values())
            if excess > 0 and spare:
                share = min(1.0, excess / spare)
                for col, r in room.items():
                    cut = min(r, int(r * share + 0.999))
                    widths[col] -= cut
                    excess -= cut
        leftover = self.table.viewport().width() - 2 - sum(widths)
        if leftover > 0:  # a wide window: the entity's name gets the room (no empty strip at the right)
            widths[EntityTableModel.COL_ENTITY] += leftover
        for col, width in enumerate(widths):
            self.table.setColumnWidth(col, width)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _show_grades(self, found: Summary) -> None:
        per: dict[str, dict[str, int]] = {}
        for g in found.groups:
            counts = per.setdefault(g.category, {})
            for grade, n in g.grades.items():
                counts[grade] = counts.get(grade, 0) + n
        data = []
        for cat in CATEGORIES:
            if cat not in per:
                continue
            ranked = [k for c, k in found.grade_titles if c == cat and k in per[cat]]
            order = ranked + [k for k in per[cat] if k not in ranked and k not in ("vetoed", "none")]
            order += [k for k in ("vetoed", "none") if k in per[cat]]
            bars = [(grade_label(found, cat, k), per[cat][k], k in ("vetoed", "none")) for k in order]
            data.append((labels.category(cat), bars))
        self.grade_chart.set_data(data)
        self.grade_text.setText(self.grade_chart.description())

    # ------------------------------------------------------------------ filtering in memory
    @Slot(str)
    def _apply_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self.heat_proxy.set_search(text)
        self._update_count()
        self._update_buttons()

    @Slot(str)
    def _apply_region(self, text: str) -> None:
        query = ("", "") if text == self.region_box.itemText(0) else region_query(text)
        self.proxy.set_region(query)
        self.heat_proxy.set_region(query)
        self.show_all_button.setEnabled(query != ("", ""))
        self._update_count()
        self._update_buttons()

    def region_filter(self) -> tuple[str, str]:
        """What the region box filters by (``("code", prefix)``, ``("name", words)`` or ``("", "")``)."""
        text = self.region_box.currentText()
        return ("", "") if text == self.region_box.itemText(0) else region_query(text)

    def shown_regions(self) -> list[str]:
        """The region codes (registration or service region, as the view counts by) of the entities the table
        shows now, sorted: what a search of the region box by name has narrowed it to."""
        key = region_service.region_of(self.filters()["by"])
        return sorted({key(self.proxy.index(r, 0).data(ROW_ROLE)) for r in range(self.proxy.rowCount())})

    def set_region(self, code: str) -> None:
        """Show the entities of one region (the region box shows it, with its name when it has one)."""
        found = self._region_rows.get(code, -1)
        if found >= 0:
            self.region_box.setCurrentIndex(found)
            self.region_box.setEditText(self.region_box.itemText(found))
        else:
            self.region_box.setEditText(code)

    @Slot()
    def show_all_regions(self) -> None:
        self.region_box.setCurrentIndex(0)
        self.region_box.setEditText(self.region_box.itemText(0))

    @Slot(QModelIndex)
    def _filter_to_group(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        group = self.stats_model.item(index.row())
        self.set_region(group.region)
        self.table.setFocus()  # the keyboard goes on in the region's entities

    def _update_count(self) -> None:
        if self.loading:
            return
        total = self.model.rowCount()
        counted = sum(1 for r in (self.summary.entities if self.summary else []) if r.counted)
        text = (
            self.tr("%1 of %2 rows shown · %3 results counted")
            .replace("%1", str(self.proxy.rowCount()))
            .replace("%2", str(total))
            .replace("%3", str(counted))
        )
        withdrawn = sum(g.withdrawn for g in (self.summary.groups if self.summary else []))
        if withdrawn:  # gone from the table and the figures: say why the entity is missing
            text += self.tr(" · %1 withdrawn after an upheld objection").replace("%1", str(withdrawn))
        self.count_label.setText(text)

    # ------------------------------------------------------------------ actions
    def selected(self) -> tuple[EntityRow, bool] | None:
        """The selected entity row and whether it is a self-check (None when nothing is selected)."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        source = self.proxy.mapToSource(rows[0])
        return self.model.entity(source.row()), self.model.is_self_check(source.row())

    @Slot()
    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.open_button.setEnabled(chosen is not None)
        self.delta_button.setEnabled(chosen is not None)
        self.objection_button.setEnabled(chosen is not None and not chosen[1] and not self.read_only)
        if self.read_only:
            self.objection_button.setToolTip(self.tr("The database is read-only here: no objection can be recorded"))
        else:
            self.objection_button.setToolTip(self.tr("Record an objection to this third-party result"))
        self.show_all_button.setEnabled(self.region_filter() != ("", ""))

    @Slot()
    def open_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.case_opened.emit(chosen[0].ref)

    @Slot(QModelIndex)
    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_opened.emit(self.model.entity(self.proxy.mapToSource(index).row()).ref)

    @Slot(QModelIndex)
    def _open_heat_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_opened.emit(self.heat_model.entity(self.heat_proxy.mapToSource(index).row()).ref)

    @Slot()
    def _request_delta(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.delta_requested.emit(chosen[0].uscc, chosen[0].category)

    @Slot()
    def _request_objection(self) -> None:
        chosen = self.selected()
        if chosen is not None and not chosen[1] and not self.read_only:
            self.objection_requested.emit(chosen[0].ref)
