"""The case list names a grade by its stars and title (★★★★★ 优秀), never by its id; a provisional row
shows no grade word but 暂不评定 (the CLI's and the report's word); a vetoed row says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.pages.case_table_model import CaseTableModel

FIXTURES = Path(__file__).parents[1] / "fixtures"
FULL = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": {"minor": 0}}


def _cases(ctx) -> None:
    fw_registry.install_file(ctx, FIXTURES / "mini2.yaml")
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    done = case_service.new_case(
        ctx, framework="mini2", tier="city", mode="third-party", entity_name="甲公司", uscc="91350100M000100Y43"
    ).ref
    for ind, value in FULL.items():
        case_service.set_answer(ctx, done, ind, value=value)
    for veto in ("V1", "V2", "V4"):
        case_service.set_veto(ctx, done, veto, False)
    lettered = case_service.new_case(
        ctx, framework="mini", tier="city", mode="self", entity_name="乙公司", uscc="91512081MA62K0260E"
    ).ref
    detail = case_service.load_case(ctx, lettered)
    for ir in detail.result.indicators:
        case_service.set_answer(ctx, lettered, ir.id, not_applicable=True, reason="不涉及")
    case_service.set_answer(ctx, lettered, "Y", value=False)
    for veto in detail.framework.vetoes:
        case_service.set_veto(ctx, lettered, veto.id, False)
    case_service.new_case(
        ctx, framework="mini2", tier="city", mode="third-party", entity_name="丙公司", uscc="91350100M000100Y43"
    )
    vetoed = case_service.new_case(
        ctx, framework="mini2", tier="city", mode="third-party", entity_name="丁公司", uscc="91350100M000100Y43"
    ).ref
    for ind, value in FULL.items():
        case_service.set_answer(ctx, vetoed, ind, value=value)
    for veto in ("V1", "V2", "V4"):
        case_service.set_veto(ctx, vetoed, veto, veto == "V2")


def _grades(window) -> dict[str, str]:
    proxy = window.cases_page.proxy
    return {
        proxy.index(r, CaseTableModel.COL_ENTITY).data(): proxy.index(r, CaseTableModel.COL_GRADE).data()
        for r in range(proxy.rowCount())
    }


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", {"甲公司": "★★★★★ 优秀", "乙公司": "★ 不合格", "丙公司": "暂不评定", "丁公司": "一票否决"}),
        ("en", {"甲公司": "★★★★★ Excellent", "乙公司": "★ Failing", "丙公司": "Not rated yet", "丁公司": "Vetoed"}),
    ],
)
def test_the_grade_column_reads_stars_and_titles(qtbot, ctx, lang, expected) -> None:
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language

    _cases(ctx)
    i18n.set_lang(lang)
    install_language(QApplication.instance(), lang)
    window = MainWindow(ctx, lang)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert _grades(window) == expected
    out = Path("/tmp/shots/polish")
    if out.is_dir():
        window.grab().save(str(out / f"case-list-{lang}.png"))
