"""The user guide window: the bundled Markdown guide (zh and en) opened at the page of the current screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Slot
from PySide6.QtGui import QImage, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QTextBrowser,
    QToolBar,
    QWidget,
)

from cityeval_desktop import paths
from cityeval_desktop.ui import i18n

#: Screen (the class name of a page, panel or dialog) → guide page (a file name in docs/guide/<lang>/ without
#: ".md"). The innermost visible screen around the focus wins. Add a line here for every new screen; the guide
#: page must exist in both languages (tests/gui/test_first_run.py checks it).
PAGE_ANCHORS: dict[str, str] = {
    "WelcomePanel": "start",
    "CasesPage": "cases",
    "CaseWorkspace": "workspace",
    "RevisionsDialog": "revisions",
    "SelfCheckDialog": "self-check",
    "CaseDataPage": "case-data",
    "MemberDialog": "case-data",
    "DeclarationDialog": "case-data",
    "InspectionDialog": "case-data",
    "FinalizePanel": "finalize",
    "FinalizeDialog": "finalize",
    "FrameworksPage": "frameworks",
    "SigningPage": "identities",
    "IdentitiesPage": "identities",
    "TrustPage": "trust",
    "VerifyPage": "verify",
    "DatabasePage": "database",
    "ImportPage": "packages",
    "VerifyPackageDialog": "packages",
    "ExportPackageDialog": "packages",
    "SettingsPage": "settings",
    "RegionPage": "regional-view",
    "ObjectionsPage": "objections",
    "RecordObjectionDialog": "objections",
    "DecideObjectionDialog": "objections",
    "DeltaDialog": "objections",
    "HelpWindow": "index",
}
HOME = "index"


def guide_dir(lang: str | None = None) -> Path:
    """The folder of the guide in ``lang`` (the interface language by default)."""
    return paths.guide_dir() / ("en" if (lang or i18n.lang()) == "en" else "zh")


def anchor_for(widget: QWidget | None) -> str | None:
    """The guide page of the innermost screen holding ``widget`` (None when no screen is known)."""
    while widget is not None:
        page = PAGE_ANCHORS.get(type(widget).__name__)
        if page is not None and widget.isVisible():
            return page
        widget = widget.parentWidget()
    return None


def page_url(page: str, lang: str | None = None) -> QUrl:
    """The ``file:`` URL of a guide page (one Markdown file per screen: Qt's Markdown has no heading anchors)."""
    return QUrl.fromLocalFile(str(guide_dir(lang) / f"{page}.md"))


class GuideBrowser(QTextBrowser):
    """A text browser for the guide: Markdown pages, links between them, screenshots scaled to fit."""

    def loadResource(self, kind: int, url: QUrl) -> object:
        if kind == QTextDocument.ResourceType.ImageResource.value and url.isLocalFile():
            image = QImage(url.toLocalFile())
            if not image.isNull():
                room = max(320, self.viewport().width() - 48)
                if image.width() > room:
                    image = image.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation)
                return image
        return super().loadResource(kind, url)


class HelpWindow(QMainWindow):
    """The guide in a window of its own beside the workbench; one per main window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle(self.tr("CityEval Desktop — User guide"))
        self.browser = GuideBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setOpenLinks(True)
        self.browser.document().setDocumentMargin(18)
        self.browser.sourceChanged.connect(self._on_source_changed)
        self.setCentralWidget(self.browser)
        bar = QToolBar(self.tr("Navigation"), self)
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.back_action = bar.addAction(self.tr("← Back"), self.browser.backward)
        self.back_action.setShortcut(QKeySequence.StandardKey.Back)
        self.forward_action = bar.addAction(self.tr("Forward →"), self.browser.forward)
        self.forward_action.setShortcut(QKeySequence.StandardKey.Forward)
        self.home_action = bar.addAction(self.tr("Contents"), lambda: self.show_page(HOME))
        self.browser.backwardAvailable.connect(self.back_action.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_action.setEnabled)
        self.back_action.setEnabled(False)
        self.forward_action.setEnabled(False)
        self.addToolBar(bar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.resize(QSize(980, 720))

    def show_page(self, page: str) -> None:
        """Show a guide page in the interface language (the contents when the page does not exist)."""
        url = page_url(page)
        if not Path(url.toLocalFile()).is_file():
            url = page_url(HOME)
        if url != self.browser.source():
            self.browser.setSource(url, QTextDocument.ResourceType.MarkdownResource)
            self.browser.document().setDocumentMargin(18)

    @property
    def page(self) -> str:
        """The guide page on screen (file name without ".md")."""
        return Path(self.browser.source().toLocalFile()).stem

    @Slot(QUrl)
    def _on_source_changed(self, _url: QUrl) -> None:
        title = self.browser.documentTitle()
        self.setWindowTitle(
            self.tr("User guide — %1").replace("%1", title) if title else self.tr("CityEval Desktop — User guide")
        )


def _owner(widget: QWidget | None) -> QWidget | None:
    """The main window the help window belongs to (so it closes with the workbench)."""
    node = widget
    while node is not None:
        if isinstance(node, QMainWindow) and not isinstance(node, HelpWindow):
            return node
        node = node.parentWidget()
    for top in QApplication.topLevelWidgets():
        if isinstance(top, QMainWindow) and not isinstance(top, HelpWindow) and top.isVisible():
            return top
    return widget.window() if widget is not None else None


def show_help(widget: QWidget | None, page: str | None = None) -> HelpWindow:
    """Open (or raise) the guide at ``page``, else at the page of the screen holding ``widget``."""
    owner = _owner(widget)
    window = owner.findChild(HelpWindow) if owner is not None else None
    if window is None:
        window = HelpWindow(owner)
    window.show_page(page or anchor_for(widget) or HOME)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def install_help_key(widget: QWidget, page: str | None = None) -> QShortcut:
    """F1 inside ``widget``'s window (a dialog that blocks the main window) opens the guide at its page."""
    return QShortcut(
        QKeySequence(QKeySequence.StandardKey.HelpContents),
        widget,
        lambda: show_help(QApplication.focusWidget() or widget, page),
        context=Qt.ShortcutContext.WindowShortcut,
    )
