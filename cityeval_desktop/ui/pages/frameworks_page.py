"""Browse the loaded frameworks: dimensions, indicators, methods, thresholds per tier, guidance."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.framework import Framework, Indicator
from cityeval_desktop.domain.methods import Choice, Scale, Threshold
from cityeval_desktop.domain.numbers import plain
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.ui import i18n, labels
from cityeval_desktop.ui.errors import show_error
from cityeval_desktop.ui.widgets.export_notice import announce_export
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class FrameworksPage(QWidget):
    """Framework list | structure tree | details of the selected dimension or indicator."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._frameworks: dict[str, Framework] = {}
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Frameworks"))
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(self.tr("Indicators of the framework"))
        self.tree.setHeaderLabels([self.tr("Item"), self.tr("Points"), self.tr("Method")])
        self.tree.setColumnWidth(0, 300)
        self.details = QTextBrowser(self)
        self.details.setAccessibleName(self.tr("Indicator details"))
        self.details.setOpenLinks(False)
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b3261e;")
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.list)
        split.addWidget(self.tree)
        split.addWidget(self.details)
        split.setSizes([260, 480, 520])
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(
            QLabel(
                self.tr(
                    "Frameworks available for new cases. Files that fail to load are listed below with the reason."
                ),
                self,
            )
        )
        self._add_workbook_buttons(row)
        layout.addLayout(row)
        layout.addWidget(split, 1)
        layout.addWidget(self.problems)
        self.list.currentItemChanged.connect(self._on_framework_changed)
        self.tree.currentItemChanged.connect(self._on_item_changed)
        self._loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        # loading every framework file costs time: only when the page is first shown
        if not self._loaded:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        self._loaded = True
        self.list.clear()
        self._frameworks.clear()
        problems = []
        for entry in fw_registry.entries(self._ctx):
            if entry.framework is None:
                if entry.error is not None:
                    problems.extend(entry.error.render(i18n.lang()))
                continue
            f = entry.framework
            self._frameworks[f.key] = f
            item = QListWidgetItem(f"{i18n.pick(f.title)}\n{f.key}", self.list)
            item.setData(KEY_ROLE, f.key)
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        if self.list.count():
            self.list.setCurrentRow(0)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_framework_changed(self, current: QListWidgetItem | None, _prev: QListWidgetItem | None) -> None:
        self.tree.clear()
        if current is None:
            return
        f = self._frameworks[current.data(KEY_ROLE)]
        for dim in f.dimensions:
            top = QTreeWidgetItem(self.tree, [f"{dim.id} {i18n.pick(dim.title)}", plain(dim.weight), ""])
            top.setData(0, KEY_ROLE, ("dim", f.key, dim.id))
            for ind in dim.indicators:
                child = QTreeWidgetItem(
                    top, [f"{ind.id} {i18n.pick(ind.title)}", plain(ind.points), labels.method_type(ind.method.type)]
                )
                child.setData(0, KEY_ROLE, ("ind", f.key, ind.id))
            top.setExpanded(True)
        if f.vetoes:
            top = QTreeWidgetItem(self.tree, [self.tr("Veto items"), "", ""])
            for v in f.vetoes:
                child = QTreeWidgetItem(top, [f"{v.id} {i18n.pick(v.title)}", "", ""])
                child.setData(0, KEY_ROLE, ("veto", f.key, v.id))
            top.setExpanded(True)
        self.details.setHtml(self._framework_html(f))

    def _framework_html(self, f: Framework) -> str:
        tiers = (
            "、".join(i18n.pick(t.title) for t in f.tiers)
            if i18n.lang() == "zh"
            else ", ".join(i18n.pick(t.title) for t in f.tiers)
        )
        grades = "<br/>".join(
            f"{g.id} ≥ {plain(g.min)} {labels.stars(g.stars)} {_esc(i18n.pick(g.title))}" for g in f.grades
        )
        caps = "<br/>".join(
            self.tr("Any dimension below %1 → at most %2")
            .replace("%1", plain(c.dimension_below))
            .replace("%2", c.max_grade)
            for c in f.caps
        )
        # lupdate cannot see self.tr() inside f-strings: translate first, then format
        version_h, tiers_h, grades_h, caps_h = self.tr("Version"), self.tr("Tiers"), self.tr("Grades"), self.tr("Caps")
        return (
            f"<h2>{_esc(i18n.pick(f.title))}</h2><p>{_esc(i18n.pick(f.description))}</p>"
            f"<p><b>{version_h}</b> {f.version}<br/><b>sha256</b> {f.sha256}<br/>"
            f"<b>{tiers_h}</b> {tiers}</p><h3>{grades_h}</h3><p>{grades}</p>"
            f"<h3>{caps_h}</h3><p>{caps or '–'}</p>"
        )

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_item_changed(self, current: QTreeWidgetItem | None, _prev: QTreeWidgetItem | None) -> None:
        if current is None:
            return
        key = current.data(0, KEY_ROLE)
        if not key:
            return
        kind, fkey, item_id = key
        f = self._frameworks[fkey]
        if kind == "ind":
            ind = f.indicator(item_id)
            if ind is not None:
                self.details.setHtml(self._indicator_html(f, ind))
        elif kind == "dim":
            dim = f.dimension(item_id)
            if dim is not None:
                self.details.setHtml(
                    f"<h2>{dim.id} {_esc(i18n.pick(dim.title))}</h2><p>"
                    + self.tr("Weight %1 of 100; %2 indicators.")
                    .replace("%1", plain(dim.weight))
                    .replace("%2", str(len(dim.indicators)))
                    + "</p>"
                )
        elif kind == "veto":
            v = f.veto(item_id)
            if v is not None:
                decided = self.tr("Decided true: the case gets no grade.")
                self.details.setHtml(
                    f"<h2>{v.id} {_esc(i18n.pick(v.title))}</h2><p>{_esc(i18n.pick(v.guidance))}</p><p>{decided}</p>"
                )

    def _indicator_html(self, f: Framework, ind: Indicator) -> str:
        m = ind.method
        points_h, method_h, guidance_h = self.tr("Points"), self.tr("Method"), self.tr("Guidance")
        parts = [
            f"<h2>{ind.id} {_esc(i18n.pick(ind.title))}</h2>",
            f"<p><b>{points_h}</b> {plain(ind.points)} · <b>{method_h}</b> {_esc(m.describe(i18n.lang()))}</p>",
            f"<h3>{guidance_h}</h3><p>{_esc(i18n.pick(ind.guidance))}</p>",
        ]
        if isinstance(m, Scale):
            levels_h = self.tr("Levels")
            parts.append(
                f"<h3>{levels_h}</h3><ol start='0'>"
                + "".join(f"<li>{_esc(i18n.pick(level))}</li>" for level in m.levels)
                + "</ol>"
            )
        if isinstance(m, Choice):
            parts.append(
                "<ul>"
                + "".join(f"<li>{_esc(i18n.pick(o.title))} → {plain(o.fraction)}</li>" for o in m.options)
                + "</ul>"
            )
        if isinstance(m, Threshold):
            unit = i18n.pick(m.unit)
            rows = "".join(
                f"<tr><td>{_esc(i18n.pick(t.title))}</td><td align='right'>{plain(m.thresholds[t.id])} "
                f"{_esc(unit)}</td></tr>"
                for t in f.tiers
                if t.id in m.thresholds
            )
            thresholds_h = self.tr("Thresholds per tier")
            parts.append(f"<h3>{thresholds_h}</h3><table cellpadding='4'>{rows}</table>")
        if ind.improve:
            improve_h = self.tr("How to improve")
            parts.append(f"<h3>{improve_h}</h3><p>{_esc(i18n.pick(ind.improve))}</p>")
        evidence_h, required = self.tr("Evidence"), self.tr("required")
        parts.append(
            f"<p><b>{evidence_h}</b> {labels.evidence_kinds(ind.evidence_kinds) or '–'}"
            + (f" ({required})" if ind.evidence_required else "")
            + "</p>"
        )
        return "".join(parts)

    # ------------------------------------------------------------------ framework workbooks
    def _add_workbook_buttons(self, row: QHBoxLayout) -> None:
        from PySide6.QtWidgets import QPushButton

        row.addStretch(1)
        self.export_workbook_button = QPushButton(self.tr("Export workbook…"), self)
        self.export_workbook_button.setToolTip(
            self.tr("Write the selected framework as an Excel workbook to review it or edit it into a new framework")
        )
        self.export_workbook_button.clicked.connect(lambda: self.export_workbook())
        self.import_workbook_button = QPushButton(self.tr("Import workbook…"), self)
        self.import_workbook_button.setToolTip(
            self.tr("Check an edited framework workbook and save it as a framework file")
        )
        self.import_workbook_button.clicked.connect(lambda: self.import_workbook())
        row.addWidget(self.export_workbook_button)
        row.addWidget(self.import_workbook_button)
        self.operation: object = None
        self.problems_dialog: object = None

    def selected_key(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(KEY_ROLE)) if item is not None else None

    def export_workbook(self, out: Path | None = None) -> BackgroundOperation | None:
        """Write the selected framework's workbook (all tiers, with the editing sheets)."""
        key = self.selected_key()
        if key is None:
            return None
        if out is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export framework workbook"),
                str(Path.home() / f"{key}.xlsx"),
                self.tr("Excel workbook (*.xlsx)"),
            )
            if not name:
                return None
            out = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        ctx, target, lang = self._ctx, out, i18n.lang()

        def work(progress: Progress) -> Path:
            from cityeval_desktop.services.workbooks import export_framework_workbook

            progress.report(0, 1, "")
            export_framework_workbook(ctx, key, target, lang, None, check=progress.check)
            return target

        self.operation = (
            BackgroundOperation(self, work, title=self.tr("Writing the framework workbook"))
            .success(lambda path: announce_export(self, Path(str(path)), self.tr("Framework workbook")))
            .failure(lambda exc: show_error(self, exc, self.tr("Workbook not written")))
            .run()
        )
        return self.operation

    def import_workbook(
        self, workbook: Path | None = None, out: Path | None = None, load: bool | None = None
    ) -> BackgroundOperation | None:
        """Check an edited framework workbook; save the YAML where the user says and offer to load it.

        Problems are listed with their ``Sheet!Cell``; nothing is written then.
        """
        if workbook is None:
            name, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import framework workbook"), str(Path.home()), self.tr("Excel workbook (*.xlsx)")
            )
            if not name:
                return None
            workbook = Path(name)
        source = workbook

        def work(progress: Progress) -> object:
            from cityeval_desktop.services.workbooks import read_framework_workbook

            progress.report(0, 1, "")
            return read_framework_workbook(source)

        def failed(exc: BaseException) -> None:
            from cityeval_desktop.ui.dialogs.problems import show_problems

            self.problems_dialog = show_problems(
                self,
                self.tr("Framework workbook not imported"),
                self.tr(
                    "%1 has problems; nothing was saved. Correct them in the workbook and import it again."
                ).replace("%1", source.name),
                exc,
            )

        self.operation = (
            BackgroundOperation(self, work, title=self.tr("Checking the framework workbook"), cancellable=False)
            .success(lambda checked: self._on_workbook_checked(source, checked, out, load))
            .failure(failed)
            .run()
        )
        return self.operation

    def _on_workbook_checked(self, source: Path, checked: object, out: Path | None, load: bool | None) -> None:
        from cityeval_desktop.services.workbooks import write_framework_file

        framework, data = checked  # type: ignore[misc]
        if out is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save framework file"),
                str(source.with_name(f"{framework.id}@{framework.version}.yaml")),
                self.tr("Framework file (*.yaml)"),
            )
            if not name:
                return
            out = Path(name) if name.lower().endswith((".yaml", ".yml")) else Path(name + ".yaml")
        try:
            write_framework_file(out, data)
        except Exception as exc:
            show_error(self, exc, self.tr("Framework file not saved"))
            return
        announce_export(self, out, self.tr("Framework file"))
        if load is None:
            load = (
                QMessageBox.question(
                    self,
                    self.tr("Framework saved"),
                    self.tr("%1 (%2 indicators) is valid and saved to %3. Load it now so that new cases can use it?")
                    .replace("%1", framework.key)
                    .replace("%2", str(len(framework.indicators())))
                    .replace("%3", str(out)),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.Yes,
                )
                == QMessageBox.StandardButton.Yes
            )
        if not load:
            return
        try:
            loaded = fw_registry.install_file(self._ctx, out)
        except Exception as exc:
            show_error(self, exc, self.tr("Framework not loaded"))
            return
        self.reload()
        for row in range(self.list.count()):
            if self.list.item(row).data(KEY_ROLE) == loaded.key:
                self.list.setCurrentRow(row)
