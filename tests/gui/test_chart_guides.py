"""The score panel's radar and bars (ui/widgets/charts.py): axes named by the dimension titles, and the
framework's 40-point cap line drawn and explained from the framework's own cap rules (issue 12 §2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from cityeval_desktop.domain import result_text
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.ui.main_window import MainWindow

SHOTS = Path("/tmp/cityeval-shots")


@pytest.fixture
def case_ref(ctx) -> str:
    return case_service.new_case(
        ctx,
        framework="planning-consulting",
        tier="city",
        mode="third-party",
        entity_name="福州数字规划研究院有限公司",
        uscc="91350100M000100Y43",
        assessor="张三",
    ).ref


def _window(qtbot, ctx, lang: str) -> MainWindow:
    from PySide6.QtWidgets import QApplication

    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language

    i18n.set_lang(lang)
    install_language(QApplication.instance(), lang)
    w = MainWindow(ctx, lang)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_name_their_axes_and_explain_the_cap_line(qtbot, ctx, case_ref, lang: str) -> None:
    window = _window(qtbot, ctx, lang)
    assert window.open_case(case_ref)
    ws = window.workspace
    panel = ws.panel
    fw = case_service.load_case(ctx, case_ref).framework
    assert {cap.dimension_below for cap in fw.caps} == {40}  # the default frameworks' 40-point line

    # an answer typed in the editor: it is stored, and the charts follow it
    ws.tree.select_indicator("P3.1")
    qtbot.waitUntil(lambda: ws.editor.indicator_id == "P3.1")
    ws.editor.number_edit.setFocus()
    ws.editor.number_edit.selectAll()
    QTest.keyClicks(ws.editor.number_edit, "4")
    QTest.keyClick(ws.editor.number_edit, Qt.Key.Key_Return)
    detail = case_service.load_case(ctx, case_ref)
    assert detail.raw_values["P3.1"] == 4
    d3 = next(d for d in detail.result.dimensions if d.id == "D3")
    assert d3.score_shown > 0

    rules = [result_text.cap_rule(fw, cap).get(lang) for cap in fw.caps]
    for chart in (panel.radar, panel.bars):
        described = chart.accessibleDescription()
        for dim in fw.dimensions:  # every axis is named by its dimension's title, not its id
            assert dim.title.get(lang) in described
        assert f"{fw.dimension('D3').title.get(lang)} {float(d3.score_shown):.2f}" in described
        caption = chart.caption()
        assert caption.startswith("虚线为 40 分线：" if lang == "zh" else "Dashed line at 40 points: ")
        for rule in rules:  # explained from the framework's cap rules, word for word
            assert rule in caption and rule in described and rule in chart.toolTip()
    assert [label for label, _ in panel.radar._data] == [d.title.get(lang) for d in fw.dimensions]

    SHOTS.mkdir(exist_ok=True)
    panel.ensureWidgetVisible(panel.radar)
    assert window.grab().save(str(SHOTS / f"chart-guides-{lang}.png"))
    assert panel.bars.grab().save(str(SHOTS / f"chart-bars-{lang}.png"))
    assert panel.radar.grab().save(str(SHOTS / f"chart-radar-{lang}.png"))
