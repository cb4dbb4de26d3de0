"""The workbench fits a 1366×768 or 1280×720 laptop screen (issue 8, item 21)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import samples
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.app import install_language
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.pages.case_table_model import SUMMARY_ROLE

SIZES = [(1366, 768), (1280, 720)]
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture(params=["en", "zh"])
def lang(request, qapp):
    i18n.set_lang(request.param)
    install_language(qapp, request.param)
    yield request.param
    i18n.set_lang("en")
    install_language(qapp, "en")


def _cases(ctx) -> str:
    long_name = "福州市数字城市建设与运营管理集团有限责任公司"
    ref = case_service.new_case(
        ctx,
        framework="construction-implementation",
        tier="regional",
        mode="third-party",
        entity_name=long_name,
        uscc="91350100M000100Y43",
        assessor="欧阳张三丰",
    ).ref
    case_service.new_case(
        ctx,
        framework="operations-maintenance",
        tier="enterprise",
        mode="self",
        entity_name="简阳智慧城市运营有限公司",
        uscc="91512081MA62K0260E",
    )
    return ref


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_case_list_fits_without_scrolling_sideways(qtbot, ctx, lang, width, height) -> None:
    _cases(ctx)
    window = MainWindow(ctx, lang)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    table = window.cases_page.table
    assert not table.horizontalScrollBar().isVisible()
    total = sum(table.columnWidth(c) for c in range(table.model().columnCount()))
    assert total <= table.viewport().width()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_evidence_buttons_and_header_fit_the_workspace(qtbot, ctx, lang, width, height) -> None:
    ref = _cases(ctx)
    window = MainWindow(ctx, lang)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_case(ref)
    editor = window.workspace.editor
    window.workspace.tree.select_indicator("B1.3")  # a long guidance text
    QApplication.processEvents()
    for button in (editor.add_files_button, editor.open_file_button, editor.remove_file_button):
        # on screen without scrolling anything: the whole button is inside the window and not clipped
        assert button.visibleRegion().boundingRect().size() == button.size(), button.text()
    header = window.workspace.header
    lines = header.height() // header.fontMetrics().lineSpacing()
    assert lines <= 2, header.text()  # two lines: entity, then framework · tier · mode · revision
    assert "construction-implementation" not in header.text()  # no internal ids in the header


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_finalized_amended_case_and_its_revision_diff_fit(qtbot, sample_ctx, lang, width, height) -> None:
    """A finalized revision's status line names its signer and time; it wraps instead of widening the window."""
    amended = next(s for s in samples.SAMPLES if s.finalize_amendment)  # revisions 1 and 2 both finalized
    window = MainWindow(sample_ctx, lang)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    table = window.cases_page.table
    proxy = window.cases_page.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(SUMMARY_ROLE).uscc == amended.uscc)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(proxy.index(row, 0)).center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    workspace = window.workspace
    assert window.stack.currentWidget() is workspace and workspace.read_only

    def fits() -> None:
        QApplication.processEvents()
        assert window.minimumSizeHint().width() <= width, workspace.status_label.text()
        assert window.minimumSizeHint().height() <= height
        assert window.width() <= width and window.height() <= height
        for button in (workspace.revisions_button, workspace.pdf_button, workspace.package_button):
            assert button.visibleRegion().boundingRect().size() == button.size(), button.text()

    fits()
    QTest.mouseClick(workspace.revisions_button, Qt.MouseButton.LeftButton)
    dialog = workspace.revisions_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    assert dialog.diff is not None and dialog.diff.indicators  # what revision 2 changed is listed
    assert dialog.minimumSizeHint().width() <= width and dialog.minimumSizeHint().height() <= height
    assert dialog.frameGeometry().width() <= width and dialog.frameGeometry().height() <= height
    fits()
    # the older revision, opened from the dialog: its status line says so, and still fits
    dialog.table.setFocus()
    QTest.keyClick(dialog.table, Qt.Key.Key_Up)  # to revision 1
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: workspace.detail.summary.revision == 1, timeout=3000)
    fits()
    dialog.close()
