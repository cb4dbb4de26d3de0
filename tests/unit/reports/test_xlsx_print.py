"""The case workbook prints legibly on A4 and shows its audit trail as columns (issue 12 §2)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from cityeval_desktop.reports.xlsx import write_case_workbook
from cityeval_desktop.services import cases
from cityeval_desktop.services.reporting import audit_entries


def _case(ctx: Any, tmp_path: Path) -> str:
    ref = cases.new_case(
        ctx,
        framework="planning-consulting",
        tier="city",
        mode="third-party",
        entity_name="福州数字规划研究院 & 合伙人",
        uscc="91350100M000100Y43",
        assessor="张三",
    ).ref
    cases.set_answer(ctx, ref, "P1.5", value="yi", note="资信证书原件已核对")
    cases.set_answer(ctx, ref, "P1.5", value="jia", note="复核后更正")
    scan = tmp_path / "资质证书.pdf"
    scan.write_bytes(b"%PDF " + os.urandom(64))
    detail = cases.add_evidence(ctx, ref, "P1.5", [scan])
    item = detail.evidence_for("P1.5")[0]
    cases.set_evidence_kind(ctx, ref, item.id, "certificate")
    cases.set_verification(
        ctx,
        ref,
        "P1.5",
        item.sha256,
        {"method": "original", "conclusion": "confirmed", "by": "王核查", "at": "2026-11-30"},
    )
    return ref


def test_every_sheet_prints_on_a4_one_page_wide(ctx: Any, tmp_path: Path) -> None:
    ref = _case(ctx, tmp_path)
    detail = cases.load_case(ctx, ref)
    for lang, page in (("zh", "第 &P 页 / 共 &N 页"), ("en", "Page &P of &N")):
        out = tmp_path / f"case-{lang}.xlsx"
        write_case_workbook(detail, audit_entries(ctx, detail.summary.case_uuid), out, lang)
        wb = load_workbook(out)
        for ws in wb.worksheets:
            setup = ws.page_setup
            assert str(setup.paperSize) == ws.PAPERSIZE_A4, ws.title  # "9": A4
            assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1 and setup.fitToHeight == 0
            assert setup.orientation in ("portrait", "landscape")
            assert ws.oddFooter.center.text == page
            assert ws.oddHeader.center.text.endswith(
                f"{detail.summary.case_uuid[:8]} 第 1 版"
                if lang == "zh"
                else f"{detail.summary.case_uuid[:8]} revision 1"
            )
            assert ws.oddHeader.left.text == "福州数字规划研究院 && 合伙人"  # "&" would be a header code
            assert ws.oddHeader.right.text == ws.title
        for ws in wb.worksheets[1:]:  # the tables repeat their header row on every page
            assert ws.print_title_rows == "$1:$1", ws.title
        assert wb.worksheets[0].print_title_rows is None  # the summary has several tables: none repeats
        indicators = wb.worksheets[1]
        assert indicators.page_setup.orientation == "landscape"  # a wide table
        assert indicators.cell(row=2, column=3).alignment.wrap_text  # long titles wrap


def test_audit_sheet_is_columns_of_words(ctx: Any, tmp_path: Path) -> None:
    ref = _case(ctx, tmp_path)
    detail = cases.load_case(ctx, ref)
    out = tmp_path / "case.xlsx"
    write_case_workbook(detail, audit_entries(ctx, detail.summary.case_uuid), out, "zh")
    ws = load_workbook(out)["审计日志"]
    header = [c.value for c in ws[1]]
    assert header[2:7] == ["修订版本", "操作", "操作人", "对象", "变更内容"]
    assert header[1].startswith("时间（UTC")
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    answers = [r for r in rows if r[3] == "作答"]
    assert answers[0][5] == "P1.5 工程咨询单位资信评价等级"
    assert "答案：乙级" in answers[0][6] and "备注：资信证书原件已核对" in answers[0][6]
    assert "答案：乙级 → 甲级" in answers[1][6] and "备注：资信证书原件已核对 → 复核后更正" in answers[1][6]
    assert "{" not in "".join(r[6] or "" for r in rows)  # no raw JSON
    verified = next(r for r in rows if r[3] == "核验证据")
    assert "结论：属实" in verified[6] and "核验方式：原件核对" in verified[6]
    kind = next(r for r in rows if r[3] == "注明证据类型")
    assert "证书" in kind[6] and "certificate" not in kind[6]
    created = next(r for r in rows if r[3] == "建立案例")
    assert created[5] == "本案例" and "服务级别：城市服务级" in created[6] and "评估方式：第三方评估" in created[6]
