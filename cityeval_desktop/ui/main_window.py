"""Main window: navigation (cases, frameworks, settings), menus, shortcuts, status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from cityeval_desktop import __version__
from cityeval_desktop.services.summaries import CaseSummary
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.errors import show_error
from cityeval_desktop.ui.pages.cases_page import CasesPage

if TYPE_CHECKING:  # imported when the context is attached or a dialog first opens (faster start)
    from pathlib import Path

    from cityeval_desktop.services.context import AppContext
    from cityeval_desktop.ui.dialogs.delta import DeltaDialog
    from cityeval_desktop.ui.dialogs.disclosure import DisclosureDialog
    from cityeval_desktop.ui.dialogs.new_case import NewCaseDialog
    from cityeval_desktop.ui.dialogs.objection import RecordObjectionDialog
    from cityeval_desktop.ui.dialogs.verify_package import VerifyPackageDialog
    from cityeval_desktop.ui.help import HelpWindow
    from cityeval_desktop.ui.pages.frameworks_page import FrameworksPage
    from cityeval_desktop.ui.pages.import_page import ImportPage
    from cityeval_desktop.ui.pages.objections_page import ObjectionsPage
    from cityeval_desktop.ui.pages.region_page import RegionPage
    from cityeval_desktop.ui.pages.settings_page import SettingsPage
    from cityeval_desktop.ui.pages.signing_page import SigningPage
    from cityeval_desktop.ui.pages.tools_page import DatabasePage
    from cityeval_desktop.ui.workspace.case_workspace import CaseWorkspace
    from cityeval_desktop.ui.workspace.self_check import SelfCheckDialog

NAV_CASES, NAV_FRAMEWORKS, NAV_SIGNING, NAV_DATABASE, NAV_SETTINGS, NAV_IMPORT = range(6)
NAV_REGION = 6
NAV_OBJECTIONS = 7  # View → Objections, Ctrl+8 (issue 13 §2.6)


class MainWindow(QMainWindow):
    """Holds the pages; the case workspace replaces the case list while a case is open.

    Built with a context, the window is complete at once. Built without one (the fast start), it
    shows ``preview`` (the case list read before SQLAlchemy was loaded) in the case page until
    :meth:`attach` gives it the context and builds the other pages; until then the actions are
    disabled and the entry points below ignore calls (``ready`` is False). No application-wide event
    filter does this: a Python event filter on the application makes PySide initialise every Qt type
    on the first event (~20 ms of start-up).
    """

    ctx: AppContext
    workspace: CaseWorkspace
    #: why Publish disclosure… did not open for a region searched by name (the last such message)
    one_region_box: QMessageBox | None = None
    package_dialog: VerifyPackageDialog | None = None  # the verify view of the package named on the command line
    frameworks_page: FrameworksPage
    settings_page: SettingsPage

    def __init__(
        self,
        ctx: AppContext | None,
        lang: str,
        *,
        url: str | None = None,
        preview: list[CaseSummary] | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        if ctx is not None:
            self.ctx = ctx
        self.lang = lang
        # another workbench has the database (ui/app.py): every case opens read-only, nothing is written
        self.read_only = read_only or (ctx is not None and ctx.read_only)
        self.ready = False
        self._url = ctx.shown_url if ctx is not None else url or ""
        self._preview = preview or []
        self._build()
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 860)
        state = settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    # ------------------------------------------------------------------ building
    def _set_title(self) -> None:
        """The window title, saying why the database is read-only when it is."""
        title = self.tr("CityEval Desktop — City digital-transformation entity assessment")
        ctx = getattr(self, "ctx", None)
        if self.read_only and ctx is not None and ctx.read_only_reason is not None:
            title += self.tr(" — read-only (the database file or its disk cannot be written)")
        elif self.read_only:
            title += self.tr(" — read-only (another workbench is using the database)")
        self.setWindowTitle(title)

    def _build(self) -> None:
        """The shell and the case list; the other pages too when the context is there."""
        self.ready = False
        self._set_title()
        self.nav = QListWidget(self)
        self.nav.setAccessibleName(self.tr("Pages"))
        self.nav.addItems(
            [
                self.tr("Cases"),
                self.tr("Frameworks"),
                self.tr("Identities & trust"),
                self.tr("Database"),
                self.tr("Settings"),
                self.tr("Import packages"),
                self.tr("Regional view"),
                self.tr("Objections"),
            ]
        )
        self.nav.setStyleSheet("QListWidget { font-size: 12pt; } QListWidget::item { padding: 10px; }")
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.ensurePolished()  # the style sheet's font decides how wide the longest page name is
        self.nav.setFixedWidth(max(150, self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 4))
        self.stack = QStackedWidget(self)
        self.cases_page = CasesPage(getattr(self, "ctx", None), self)
        self.cases_page.read_only = self.read_only
        self.stack.addWidget(self.cases_page)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.nav.currentRowChanged.connect(self._on_nav)
        self.cases_page.case_opened.connect(self.open_case)
        self.cases_page.new_case_requested.connect(self.new_case)
        self.cases_page.new_self_check_requested.connect(self.new_self_check)
        self._build_menus()
        self.db_label = QLabel(self._database_text(), self)
        self.statusBar().addPermanentWidget(self.db_label)
        self.nav.setCurrentRow(NAV_CASES)
        if hasattr(self, "ctx"):
            self.attach(self.ctx)
        else:
            self.cases_page.show_rows(self._preview)
            self._update_actions()

    def attach(self, ctx: AppContext) -> None:
        """Take the opened context: build the workspace, frameworks and settings pages, read the list."""
        from cityeval_desktop.ui.pages.frameworks_page import FrameworksPage
        from cityeval_desktop.ui.pages.settings_page import SettingsPage
        from cityeval_desktop.ui.profile import apply_actor
        from cityeval_desktop.ui.workspace.case_workspace import CaseWorkspace

        self.ctx = ctx
        apply_actor(ctx)  # the audit trail names the profile's person, not the login
        self._url = ctx.shown_url
        self._preview = []
        self.read_only = self.read_only or ctx.read_only
        self._set_title()
        self.db_label.setText(self._database_text())
        self.cases_page.attach(ctx)
        self.cases_page.read_only = self.read_only
        self.workspace = CaseWorkspace(ctx, self)
        self.workspace.forced_read_only = self.read_only
        self._signing_page: SigningPage | None = None  # built when first shown (fast start)
        self._database_page: DatabasePage | None = None
        self._import_page: ImportPage | None = None
        self._region_page: RegionPage | None = None
        self._objections_page: ObjectionsPage | None = None
        self.frameworks_page = FrameworksPage(ctx, self)
        self.settings_page = SettingsPage(ctx, self.lang, self)
        for page in (self.frameworks_page, self.settings_page, self.workspace):
            self.stack.addWidget(page)
        self.workspace.closed.connect(self.show_cases)
        self.workspace.self_check_requested.connect(self.self_check)
        self.workspace.case_amended.connect(lambda _ref: self.cases_page.reload())
        self.workspace.case_changed.connect(lambda _ref: self._update_actions())  # a finalize: Export package
        self.workspace.history.changed.connect(self._update_undo_actions)
        self.settings_page.language_changed.connect(self.change_language)
        self.ready = True
        self.cases_page.reload()
        self._update_actions()

    def _database_text(self) -> str:
        text = self.tr("Database: %1").replace("%1", self._url)
        return text + self.tr(" (read-only)") if self.read_only else text

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_action = self._action(self.tr("&New case…"), QKeySequence.StandardKey.New, self.new_case)
        self.self_check_action = self._action(
            self.tr("Guided &self-check (new self-assessment)…"), "Ctrl+Shift+N", self.new_self_check
        )
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.self_check_action)
        file_menu.addAction(
            self._action(self.tr("E&xport case list to Excel…"), None, lambda: self.cases_page.export_workbook())
        )
        file_menu.addSeparator()
        self.import_action = self._action(
            self.tr("&Import case packages…"), "Ctrl+6", lambda: self.nav.setCurrentRow(NAV_IMPORT)
        )
        self.verify_package_action = self._action(self.tr("&Verify a case package…"), None, self.verify_package)
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.verify_package_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close))
        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self._action(self.tr("&Undo"), "Ctrl+Z", lambda: self.workspace.undo())
        self.redo_action = self._action(self.tr("&Redo"), "Ctrl+Shift+Z", lambda: self.workspace.redo())
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        case_menu = bar.addMenu(self.tr("&Case"))
        self.next_action = self._action(self.tr("&Next indicator"), "Alt+Down", lambda: self.workspace.go_next(1))
        self.prev_action = self._action(self.tr("&Previous indicator"), "Alt+Up", lambda: self.workspace.go_next(-1))
        self.next_unanswered_action = self._action(
            self.tr("Next &unanswered"), "Ctrl+J", lambda: self.workspace.go_next_unanswered()
        )
        self.close_case_action = self._action(self.tr("&Close case"), QKeySequence.StandardKey.Close, self.show_cases)
        self.delete_action = self._action(
            self.tr("&Delete draft…"), QKeySequence.StandardKey.Delete, self.cases_page.delete_selected
        )
        self.finalize_action = self._action(
            self.tr("&Finalize and sign…"), "Ctrl+Shift+F", lambda: self.workspace.finalize()
        )
        self.pdf_action = self._action(self.tr("&PDF report…"), "Ctrl+P", lambda: self.workspace.export_pdf())
        self.xlsx_action = self._action(self.tr("&Excel workbook…"), "Ctrl+E", lambda: self.workspace.export_xlsx())
        self.pdf_copy_action = self._action(
            self.tr("Unsigned report c&opy in the other language…"),
            None,
            lambda: self.workspace.export_pdf(unsigned_copy=True),
        )
        for action in (self.next_action, self.prev_action, self.next_unanswered_action):
            case_menu.addAction(action)
        case_menu.addSeparator()
        self.package_action = self._action(
            self.tr("Export &package…"), "Ctrl+Shift+P", lambda: self.workspace.export_package()
        )
        for action in (
            self.finalize_action,
            self.pdf_action,
            self.pdf_copy_action,
            self.xlsx_action,
            self.package_action,
        ):
            case_menu.addAction(action)
        case_menu.addSeparator()
        self.checklist_export_action = self._action(
            self.tr("Export checklist &workbook…"), "Ctrl+Shift+E", lambda: self.workspace.export_checklist()
        )
        self.checklist_apply_action = self._action(
            self.tr("&Apply filled checklist or answers file…"),
            "Ctrl+Shift+I",
            lambda: self.workspace.apply_answers_file(),
        )
        case_menu.addSeparator()
        case_menu.addAction(self.checklist_export_action)
        case_menu.addAction(self.checklist_apply_action)
        case_menu.addSeparator()
        for action in (self.close_case_action, self.delete_action):
            case_menu.addAction(action)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(self._action(self.tr("&Cases"), "Ctrl+1", lambda: self.nav.setCurrentRow(NAV_CASES)))
        view_menu.addAction(
            self._action(self.tr("&Frameworks"), "Ctrl+2", lambda: self.nav.setCurrentRow(NAV_FRAMEWORKS))
        )
        view_menu.addAction(
            self._action(self.tr("&Identities and trust"), "Ctrl+3", lambda: self.nav.setCurrentRow(NAV_SIGNING))
        )
        view_menu.addAction(
            self._action(self.tr("&Database maintenance"), "Ctrl+4", lambda: self.nav.setCurrentRow(NAV_DATABASE))
        )
        view_menu.addAction(self._action(self.tr("&Settings"), "Ctrl+5", lambda: self.nav.setCurrentRow(NAV_SETTINGS)))
        view_menu.addAction(self.import_action)  # the same action as File → Import case packages (Ctrl+6)
        view_menu.addAction(
            self._action(self.tr("Re&gional view"), "Ctrl+7", lambda: self.nav.setCurrentRow(NAV_REGION))
        )
        view_menu.addAction(
            self._action(self.tr("&Objections"), "Ctrl+8", lambda: self.nav.setCurrentRow(NAV_OBJECTIONS))
        )
        view_menu.addAction(self._action(self.tr("&Reload"), QKeySequence.StandardKey.Refresh, self.reload))
        help_menu = bar.addMenu(self.tr("&Help"))
        self.help_action = self._action(self.tr("&User guide"), QKeySequence.StandardKey.HelpContents, self.show_help)
        # F1 also works while a non-modal window of the workbench (revisions, the guide itself) is active
        self.help_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        help_menu.addAction(self.help_action)
        help_menu.addAction(self._action(self.tr("&About"), None, self.about))

    def _action(self, text: str, shortcut: object, slot: object) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut) if isinstance(shortcut, str) else shortcut)  # type: ignore[arg-type]
        action.triggered.connect(slot)  # type: ignore[arg-type]
        return action

    def _update_actions(self) -> None:
        in_case = self.ready and self.stack.currentWidget() is self.workspace
        for action in (
            self.next_action,
            self.prev_action,
            self.next_unanswered_action,
            self.close_case_action,
            self.pdf_action,
            self.pdf_copy_action,
            self.xlsx_action,
        ):
            action.setEnabled(in_case)
        self.finalize_action.setEnabled(in_case and not self.workspace.read_only)
        self.package_action.setEnabled(in_case and self.workspace.can_export_package)
        for action in (self.import_action, self.verify_package_action):
            action.setEnabled(self.ready)
        self.checklist_export_action.setEnabled(in_case)
        self.checklist_apply_action.setEnabled(in_case and not self.workspace.read_only)
        self._update_undo_actions()
        self.delete_action.setEnabled(
            self.ready and not self.read_only and self.stack.currentWidget() is self.cases_page
        )
        for action in (self.new_action, self.self_check_action):
            action.setEnabled(self.ready and not self.read_only)

    @Slot()
    def _update_undo_actions(self) -> None:
        """Edit → Undo/Redo name what they undo and work only in an editable open case."""
        in_case = self.ready and self.stack.currentWidget() is self.workspace and not self.workspace.read_only
        undo = self.workspace.history.next_undo() if self.ready else None
        redo = self.workspace.history.next_redo() if self.ready else None
        self.undo_action.setText(self.tr("&Undo %1").replace("%1", undo.label) if undo else self.tr("&Undo"))
        self.redo_action.setText(self.tr("&Redo %1").replace("%1", redo.label) if redo else self.tr("&Redo"))
        self.undo_action.setEnabled(in_case and undo is not None)
        self.redo_action.setEnabled(in_case and redo is not None)

    # ------------------------------------------------------------------ navigation
    @Slot(int)
    def _on_nav(self, row: int) -> None:
        if not self.ready:
            return
        if row == NAV_CASES:
            target: QWidget = self.workspace if self.workspace.detail is not None else self.cases_page
            self.stack.setCurrentWidget(target)
        elif row == NAV_FRAMEWORKS:
            self.stack.setCurrentWidget(self.frameworks_page)
        elif row == NAV_SETTINGS:
            self.stack.setCurrentWidget(self.settings_page)
        elif row == NAV_SIGNING:
            self.stack.setCurrentWidget(self.signing_page)
        elif row == NAV_DATABASE:
            self.stack.setCurrentWidget(self.database_page)
        elif row == NAV_IMPORT:
            self.stack.setCurrentWidget(self.import_page)
        elif row == NAV_REGION:
            self.stack.setCurrentWidget(self.region_page)
        elif row == NAV_OBJECTIONS:
            self.stack.setCurrentWidget(self.objections_page)
        self._update_actions()

    @property
    def signing_page(self) -> SigningPage:
        """Identities, trust list and PDF verification (built on first use)."""
        if self._signing_page is None:
            from cityeval_desktop.ui.pages.signing_page import SigningPage

            self._signing_page = SigningPage(self.ctx, self)
            self.stack.addWidget(self._signing_page)
        return self._signing_page

    @property
    def database_page(self) -> DatabasePage:
        """Backup and check of the database (built on first use)."""
        if self._database_page is None:
            from cityeval_desktop.ui.pages.tools_page import DatabasePage

            self._database_page = DatabasePage(self.ctx, self)
            self.stack.addWidget(self._database_page)
        return self._database_page

    @property
    def import_page(self) -> ImportPage:
        """The agency's package import and its ledger (built on first use)."""
        if self._import_page is None:
            from cityeval_desktop.ui.pages.import_page import ImportPage

            page = ImportPage(self.ctx, self, read_only=self.read_only)
            page.cases_changed.connect(self.cases_page.reload)
            page.cases_changed.connect(self._imported)
            page.case_opened.connect(self.open_case)
            self._import_page = page
            self.stack.addWidget(page)
        return self._import_page

    @property
    def region_page(self) -> RegionPage:
        """The agency's regional view (built on first use; it only reads, so a read-only window has it too).
        Its ``delta_requested``, ``objection_requested`` and ``disclosure_requested`` open the dialogs."""
        if self._region_page is None:
            from cityeval_desktop.ui.pages.region_page import RegionPage

            page = RegionPage(self.ctx, self, read_only=self.read_only)
            page.case_opened.connect(self.open_case)
            page.delta_requested.connect(self.show_delta)
            page.objection_requested.connect(self.record_objection)
            page.disclosure_requested.connect(self.publish_disclosure)
            self._region_page = page
            self.stack.addWidget(page)
        return self._region_page

    # ------------------------------------------------------------------ objections and the delta (issue 13)
    @property
    def objections_page(self) -> ObjectionsPage:
        """The objections (异议) and their handling (built on first use)."""
        if self._objections_page is None:
            from cityeval_desktop.ui.pages.objections_page import ObjectionsPage

            page = ObjectionsPage(self.ctx, self, read_only=self.read_only)
            page.case_opened.connect(self.open_case)
            page.objections_changed.connect(self._counted_results_changed)
            self._objections_page = page
            self.stack.addWidget(page)
        return self._objections_page

    @Slot()
    def _counted_results_changed(self) -> None:
        """An import or an objection's decision changed what counts: the regional view, if it was opened, reads
        its figures again (keeping its filters), so that it never shows a withdrawn or a superseded result."""
        if self._region_page is not None:
            self._region_page.reload()

    @Slot()
    def _imported(self) -> None:
        """An import added revisions: what counts may have changed, and an amended revision may answer an upheld
        objection (the Objections page, if it was opened, reads them again)."""
        self._counted_results_changed()
        if self._objections_page is not None:
            self._objections_page.reload()

    def record_objection(self, target: str | None = None) -> RecordObjectionDialog | None:
        """The Objections page with its record form open, prefilled with ``target`` (a case reference or USCC)."""
        if not self.ready or self.read_only:
            return None
        self.nav.setCurrentRow(NAV_OBJECTIONS)
        return self.objections_page.record(target)

    def show_delta(self, uscc: str, category: str | None = None) -> DeltaDialog | None:
        """The entity's self-check against its counted third-party result (a window beside this one)."""
        from cityeval_desktop.ui.dialogs.delta import DeltaDialog
        from cityeval_desktop.ui.help import install_help_key

        if not self.ready:
            return None
        dialog = DeltaDialog(self.ctx, uscc, self.lang, category, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        install_help_key(dialog)
        dialog.case_requested.connect(self.open_case)
        dialog.show()
        return dialog

    @Slot()
    def publish_disclosure(self) -> DisclosureDialog | None:
        """Regional view → Publish disclosure…: the signed public disclosure of the figures the view's
        filters select (its publication is recorded in the audit trail, so a read-only window cannot)."""
        from cityeval_desktop.ui.dialogs.disclosure import DisclosureDialog
        from cityeval_desktop.ui.help import install_help_key

        if not self.ready or self.read_only:
            return None
        keys = ("as_of", "by", "category", "tier")
        filters = {k: v for k, v in self.region_page.filters().items() if k in keys and v is not None}
        kind, prefix = self.region_page.region_filter()
        if kind == "code":  # the region the view shows (a province or city code takes its parts), as the service's code
            filters["region"] = prefix.ljust(6, "0")
        elif kind == "name":  # a region searched by name: the one region it shows, never every region unasked
            codes = self.region_page.shown_regions()
            if len(codes) != 1:
                self._say_one_region(self.region_page.region_box.currentText().strip(), codes)
                return None
            filters["region"] = codes[0]
        dialog = DisclosureDialog(self.ctx, self.lang, self, filters=filters)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        install_help_key(dialog)
        dialog.open()
        return dialog

    def _say_one_region(self, search: str, codes: list[str]) -> None:
        """Why Publish disclosure… did not open: the region searched by name shows no region, or several."""
        if codes:
            shown = "、".join(codes[:5]) if self.lang == "zh" else ", ".join(codes[:5])
            text = (
                self.tr(
                    "The region search “%1” shows %2 regions (%3). A disclosure publishes one region or "
                    "every region: choose the region in the list, or click it in the figures; clear the search to "
                    "publish every region."
                )
                .replace("%2", str(len(codes)))
                .replace("%3", shown + ("…" if len(codes) > 5 else ""))
            )
        else:
            text = self.tr(
                "The region search “%1” shows no region, so there is nothing of it to publish: choose "
                "a region in the list, or clear the search to publish every region."
            )
        box = QMessageBox(
            QMessageBox.Icon.Information, self.tr("Publish disclosure"), text.replace("%1", search), parent=self
        )
        box.setObjectName("one_region_box")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.one_region_box = box
        box.open()

    @Slot()
    def verify_package(self) -> VerifyPackageDialog | None:
        """File → Verify a case package: the checks of one package file, nothing imported."""
        from cityeval_desktop.ui.dialogs.verify_package import VerifyPackageDialog
        from cityeval_desktop.ui.help import install_help_key

        if not self.ready:
            return None
        dialog = VerifyPackageDialog(self.ctx, self)
        install_help_key(dialog)
        dialog.open()
        return dialog

    def open_package_file(self, path: Path) -> VerifyPackageDialog | None:
        """The verify view of one package file, its checks started (``cityeval-desktop FILE.cityeval``, what
        opening a package in the file manager does). A missing, unreadable or foreign file gets the view's
        own verdict with the reason; nothing is imported."""
        dialog = self.verify_package()
        if dialog is None:
            return None
        self.package_dialog = dialog
        dialog.verify(path)
        return dialog

    @Slot(str)
    def open_case(self, ref: str) -> bool:
        if not self.ready:
            return False
        if not self.workspace.open_case(ref):
            return False
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(NAV_CASES)
        self.nav.blockSignals(False)
        self.stack.setCurrentWidget(self.workspace)
        self.workspace.editor.focus_answer()  # the keyboard is ready for the first answer
        self.statusBar().showMessage(self.tr("Opened %1").replace("%1", ref), 4000)
        self._update_actions()
        return True

    @Slot()
    def show_cases(self) -> None:
        if not self.ready:
            return
        self.workspace.flush()
        uuid = self.workspace.detail.summary.case_uuid if self.workspace.detail else None
        self.workspace.detail = None
        self.cases_page.reload()
        if uuid:
            self.cases_page.select_case(uuid)
        self.nav.setCurrentRow(NAV_CASES)
        self.stack.setCurrentWidget(self.cases_page)
        self._update_actions()

    @Slot()
    def reload(self) -> None:
        if not self.ready:
            return
        if self.stack.currentWidget() is self.workspace and self.workspace.ref:
            self.workspace.open_case(self.workspace.ref)
        self.cases_page.reload()
        if self.frameworks_page.isVisible():
            self.frameworks_page.reload()

    @Slot()
    def new_case(self, mode: str = "third-party") -> NewCaseDialog | None:
        from cityeval_desktop.ui.dialogs.new_case import NewCaseDialog

        if not self.ready or self.read_only:
            return None
        dialog = NewCaseDialog(self.ctx, self, default_mode=mode if isinstance(mode, str) else "third-party")
        dialog.finished.connect(lambda _r: self._on_new_case_finished(dialog))
        dialog.open()
        return dialog

    def _on_new_case_finished(self, dialog: NewCaseDialog) -> None:
        # the new case, or the open draft of the same entity and framework the user chose instead
        chosen = dialog.created or dialog.existing
        self.activateWindow()  # the keyboard comes back to the window (not every window manager does it)
        if chosen is None:
            return
        self.cases_page.reload()
        if self.open_case(chosen.ref) and chosen.mode == "self":
            self.self_check(chosen.ref)

    @Slot()
    def new_self_check(self) -> NewCaseDialog | None:
        return self.new_case("self")

    @Slot(str)
    def self_check(self, ref: str) -> SelfCheckDialog | None:
        from cityeval_desktop.ui.help import install_help_key
        from cityeval_desktop.ui.workspace.self_check import SelfCheckDialog

        if not self.ready:
            return None
        self.workspace.flush()
        try:
            dialog = SelfCheckDialog(self.ctx, ref, self)
            install_help_key(dialog)  # the dialog blocks the window, and with it the window's F1
        except Exception as exc:
            show_error(self, exc)
            return None
        dialog.finished.connect(lambda _r: self.workspace.open_case(ref) if self.workspace.detail else None)
        dialog.open()
        return dialog

    @Slot(str)
    def change_language(self, lang: str) -> None:
        """Switch the interface language at once by rebuilding the window's widgets."""
        if not self.ready:
            return
        from cityeval_desktop.ui.language import install_language

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        open_ref = self.workspace.ref if self.workspace.detail is not None else None
        self.workspace.flush()
        self.lang = lang
        i18n.set_lang(lang)
        install_language(app, lang)
        old = self.centralWidget()
        self.statusBar().removeWidget(self.db_label)
        self._build()
        old.deleteLater()
        if open_ref:
            self.open_case(open_ref)
        else:
            self.nav.setCurrentRow(NAV_SETTINGS)

    @Slot()
    def show_help(self) -> HelpWindow:
        """F1: the user guide at the page of the screen in use (see ``ui/help.py PAGE_ANCHORS``)."""
        from cityeval_desktop.ui.help import anchor_for
        from cityeval_desktop.ui.help import show_help as open_guide

        focus = QApplication.focusWidget()
        page = anchor_for(focus) if focus is not None else None
        return open_guide(self, page or anchor_for(self.stack.currentWidget()))

    @Slot()
    def about(self) -> None:
        if not self.ready:
            return
        QMessageBox.about(
            self,
            self.tr("About CityEval Desktop"),
            self.tr(
                "CityEval Desktop %1\nCity-wide digital transformation market entity assessment "
                "workbench.\nData folder: %2"
            )
            .replace("%1", __version__)
            .replace("%2", str(self.ctx.data_dir)),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ready:
            self.workspace.flush()
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        super().closeEvent(event)


__all__ = ["MainWindow", "Qt"]
