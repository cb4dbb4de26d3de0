"""The score panel of a cityeval-framework/2 case: the public result, the failing conditions, the caps,
the gaps with their next step and gain; following a gap's step in the editor raises the total by it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.ui.main_window import MainWindow

FIXTURES = Path(__file__).parents[1] / "fixtures"
ANSWERS = {"S": 2, "Y": True, "C": "mid", "T": 8, "B": 4, "R": 45, "P": 10, "X": {"minor": 2}}


@pytest.fixture
def case_ref(ctx):
    fw_registry.install_file(ctx, FIXTURES / "mini2.yaml")
    ref = case_service.new_case(
        ctx, framework="mini2", tier="regional", mode="third-party", entity_name="甲公司", uscc="91350100M000100Y43"
    ).ref
    for ind, value in ANSWERS.items():
        case_service.set_answer(ctx, ref, ind, value=value)
    for veto in ("V1", "V2", "V4"):
        case_service.set_veto(ctx, ref, veto, False)
    return ref


def _window(qtbot, ctx, lang: str) -> MainWindow:
    from PySide6.QtWidgets import QApplication

    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language

    i18n.set_lang(lang)  # as the application does at start-up (conftest puts English back)
    install_language(QApplication.instance(), lang)
    w = MainWindow(ctx, lang)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def test_panel_shows_the_public_result_and_the_next_steps(qtbot, ctx, case_ref) -> None:
    window = _window(qtbot, ctx, "en")
    assert window.open_case(case_ref)
    panel = window.workspace.panel
    r = case_service.load_case(ctx, case_ref).result
    # regional: the grade (pass) is below the regional pass grade; rated at city instead
    assert not r.tier_met and r.fallback is not None
    assert panel.grade_label.text() == r.label("en")
    assert panel.grade_label.text().startswith("Regional service conditions not met; rated as City service: ")
    assert "not met: Regional service needs ★★★★ Good or better (now ★★ Pass)" in panel.note_label.text()
    gap = r.gaps[0]
    assert gap.id == "T" and gap.next is not None
    assert f"reach 12 people (now 8 people), +{gap.next.gain} points" in panel._gap_labels[0].text()
    assert panel.below_box.title() == f"All indicators below full marks ({len(r.below_full)})"

    # the gap's link brings up its indicator; typing the step's answer raises the total by its gain
    label = panel._gap_labels[0]
    panel.ensureWidgetVisible(label)
    QTest.mouseClick(label, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(4, 8))
    editor = window.workspace.editor
    qtbot.waitUntil(lambda: editor.indicator_id == "T")
    editor.number_edit.setFocus()
    editor.number_edit.selectAll()
    QTest.keyClicks(editor.number_edit, str(gap.next.answer))
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Return)
    after = case_service.load_case(ctx, case_ref)
    assert after.raw_values["T"] == gap.next.answer
    assert after.result.total_shown - r.total_shown == gap.next.gain == Decimal("12.00")
    assert panel.total_label.text() == str(after.result.total_shown)


def test_panel_reads_chinese_only_in_chinese(qtbot, ctx, case_ref) -> None:
    window = _window(qtbot, ctx, "zh")
    assert window.open_case(case_ref)
    panel = window.workspace.panel
    assert panel.grade_label.text() == "未达到区域服务级条件；按城市服务级评定：城市服务级 ★★★ 较好"
    assert "未满足：区域服务级须达到 ★★★★ 良好 或以上（现为 ★★ 合格）" in panel.note_label.text()
    assert "达到 12 人（现为 8 人），+12.00 分" in panel._gap_labels[0].text()
    assert panel.below_box.title() == "全部未得满分的指标（7 个）"
    for text in (panel.grade_label.text(), panel.note_label.text(), panel.below_box.title()):
        assert not any(w in text for w in ("Regional", "points", "Gap", "met")), text
