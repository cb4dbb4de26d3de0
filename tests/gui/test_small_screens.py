"""The workbench fits a 1366×768 or 1280×720 laptop screen (issue 8, item 21)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.app import install_language
from cityeval_desktop.ui.main_window import MainWindow

SIZES = [(1366, 768), (1280, 720)]


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
