"""The finalize list names an on-site inspection sample short of what the framework asks for (issue 12), goes to
the inspection records with Enter, and drops the problem once records typed in the inspection dialog (real
keys) sample enough distinct projects and staff; the 评估信息 tab says what is asked and what is sampled."""

from __future__ import annotations

import cityeval_gui_signing_helpers as helpers  # registered by conftest.py
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.workspace.case_data_page import INSPECTIONS
from tests.inspection_sample_helpers import finished_case

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2, widget.height() // 2))


def _window(qtbot, ctx, lang: str) -> MainWindow:
    w = MainWindow(ctx, lang)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _add_record(qtbot, page, projects: list[str], staff: list[str]) -> None:
    """The inspection dialog, typed with keys: place, findings and what was checked, then the sampled names
    one per line (Return starts the next line), Return in the place field adds the record."""
    click(page.add_inspection_button)
    record = page.inspection_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is record.date_edit, timeout=3000)
    QTest.keyClick(record.date_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(record.date_edit, "2026-06-20")
    QTest.keyClick(record.date_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is record.place_edit
    helpers.type_text(record.place_edit, "福州市鼓楼区软件园 A 座")
    QTest.keyClick(record.place_edit, Qt.Key.Key_Tab)
    QTest.keyClick(record.participants_edit, Qt.Key.Key_Tab)  # the team, as proposed
    helpers.type_text(record.checked_edit, "核对项目合同与验收报告")
    QTest.keyClick(record.checked_edit, Qt.Key.Key_Tab)
    helpers.type_text(record.findings_edit, "与申报材料一致")
    QTest.keyClick(record.findings_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is record.projects_edit
    for n, name in enumerate(projects):
        if n:
            QTest.keyClick(record.projects_edit, Qt.Key.Key_Return)
        helpers.type_text(record.projects_edit, name)
    QTest.keyClick(record.projects_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is record.staff_edit
    for n, name in enumerate(staff):
        if n:
            QTest.keyClick(record.staff_edit, Qt.Key.Key_Return)
        helpers.type_text(record.staff_edit, name)
    record.place_edit.setFocus()
    QTest.keyClick(record.place_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not record.isVisible(), timeout=10000)


def test_the_list_names_the_short_sample_and_it_goes_once_records_sample_enough(qtbot, ctx, tmp_path) -> None:
    ref = finished_case(ctx, tmp_path)
    w = _window(qtbot, ctx, "en")
    ws = w.workspace
    assert w.open_case(ref)
    helpers.press(qtbot, w, Qt.Key.Key_F, CTRL_SHIFT)
    panel = ws.finalize_panel
    qtbot.waitUntil(lambda: panel.isVisible(), timeout=3000)
    assert panel.target_ids() == [INSPECTIONS]
    group = panel.tree.topLevelItem(0)
    assert group.text(0) == "On-site inspection records"
    assert [group.child(i).text(0) for i in range(group.childCount())] == [
        "0 of at least 3 projects sampled",
        "0 of at least 2 staff sampled",
    ]
    assert "2 problems in one place" in panel.intro.text() and panel.sign_button.isHidden()

    # Enter on it: the 评估信息 tab, the keyboard on the inspection records, what is asked said above them
    panel.tree.setFocus()
    panel.tree.setCurrentItem(group)
    QTest.keyClick(panel.tree, Qt.Key.Key_Return)
    page = ws.case_page
    qtbot.waitUntil(lambda: page.isVisible(), timeout=3000)
    assert QApplication.focusWidget() is page.inspection_tree
    assert page.sample_label.isVisible()
    assert page.sample_label.text() == "Sample the framework asks for: 0 of at least 3 projects; 0 of at least 2 staff"

    # a record with two projects and two staff; the same project again in a second record counts once
    _add_record(qtbot, page, ["鼓楼区数字化规划", "台江区数据平台"], ["王五", "赵六"])
    _add_record(qtbot, page, ["鼓楼区数字化规划"], [])
    stored = case_service.load_case(ctx, ref).case_data.inspections
    assert [r.sampled_projects for r in stored] == [("鼓楼区数字化规划", "台江区数据平台"), ("鼓楼区数字化规划",)]
    assert stored[0].sampled_staff == ("王五", "赵六")
    assert panel.isVisible() and panel.target_ids() == [INSPECTIONS]
    group = panel.tree.topLevelItem(0)
    assert [group.child(i).text(0) for i in range(group.childCount())] == ["2 of at least 3 projects sampled"]
    assert page.sample_label.text() == "Sample the framework asks for: 2 of at least 3 projects; 2 of at least 2 staff"

    _add_record(qtbot, page, ["仓山区城市大脑"], [])
    assert panel.target_ids() == [] and panel.sign_button.isVisible()
    assert "All checks pass" in panel.intro.text()
    assert page.sample_label.text() == "Sample the framework asks for: 3 of at least 3 projects; 2 of at least 2 staff"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots_of_the_list_and_the_tab(qtbot, ctx, tmp_path, lang, qapp) -> None:
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language, register_fonts

    register_fonts(qapp)
    i18n.set_lang(lang)
    install_language(qapp, lang)
    try:
        ref = finished_case(ctx, tmp_path)
        w = _window(qtbot, ctx, lang)
        ws = w.workspace
        assert w.open_case(ref)
        helpers.press(qtbot, w, Qt.Key.Key_F, CTRL_SHIFT)
        panel = ws.finalize_panel
        qtbot.waitUntil(lambda: panel.isVisible(), timeout=3000)
        group = panel.tree.topLevelItem(0)
        if lang == "zh":
            assert group.text(0) == "现场核查记录"
            assert group.child(0).text(0) == "已抽查项目 0 个，至少需 3 个"
        w.grab().save(f"/tmp/team/sample-finalize-{lang}.png")
        panel.tree.setFocus()
        panel.tree.setCurrentItem(group)
        QTest.keyClick(panel.tree, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: ws.case_page.isVisible(), timeout=3000)
        if lang == "zh":
            assert ws.case_page.sample_label.text() == "框架要求的抽查：项目 0 个（至少 3 个）；人员 0 人（至少 2 人）"
        w.grab().save(f"/tmp/team/sample-tab-{lang}.png")
    finally:
        i18n.set_lang("en")
        install_language(qapp, "en")


def test_a_self_check_is_not_told_of_the_sample(qtbot, ctx, tmp_path) -> None:
    ref = finished_case(ctx, tmp_path, mode="self")
    w = _window(qtbot, ctx, "en")
    assert w.open_case(ref)
    bar = w.workspace.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    page = w.workspace.case_page
    qtbot.waitUntil(lambda: page.isVisible(), timeout=3000)
    assert page.sample_label.isHidden() and page.sample_label.text() == ""
    # nothing stops its finalize: Ctrl+Shift+F goes straight to signing
    dialog = helpers.open_sign_dialog(qtbot, w)
    assert dialog.isVisible()
    dialog.reject()
