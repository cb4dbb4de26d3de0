"""Excel workbooks of results (reports/xlsx.py): sheets, frozen headers, filters, native charts,
number formats, and figures equal to ``case show --json`` (services.results.case_json)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cityeval_desktop.domain.wording import local_naive, zone_words
from cityeval_desktop.exchange import xlsxkit
from cityeval_desktop.reports.xlsx import STATUS_LABELS, write_case_workbook, write_cases_workbook
from cityeval_desktop.services import cases
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.results import case_json
from cityeval_desktop.store import audit

# written against the 2026.1 default frameworks (their ids and rules): pinned to those files
pytestmark = pytest.mark.usefixtures("frameworks_2026_1")

USCC = ("91350100M000100Y43", "91512081MA62K0260E")


def chain(ctx: Any, case_uuid: str) -> list[dict[str, Any]]:
    with ctx.reading() as s:
        return list(audit.export_chain(s, case_uuid))


def new(ctx: Any, framework: str = "planning-consulting", tier: str = "city", uscc: str = USCC[0]) -> str:
    return cases.new_case(
        ctx,
        framework=framework,
        tier=tier,
        mode="third-party",
        entity_name="福州数字规划研究院有限公司",
        uscc=uscc,
        assessor="测试评估员",
    ).case_uuid


@pytest.fixture
def answered(ctx: Any, tmp_path: Path) -> str:
    """A planning-consulting draft: every method answered, one N/A, a note that looks like a formula
    and carries a control character, evidence, and decided vetoes."""
    ref = new(ctx)
    cases.set_answer(ctx, ref, "P1.1", value=7, note="=SUM(A1)\x01 七人持证")
    cases.set_answer(ctx, ref, "P1.2", value=4)
    cases.set_answer(ctx, ref, "P1.3", value=3)
    cases.set_answer(ctx, ref, "P2.1", value=4)
    cases.set_answer(ctx, ref, "P2.4", value=True)
    cases.set_answer(ctx, ref, "P3.2", value=Decimal("45.5"))
    cases.set_answer(ctx, ref, "P4.3", value=Decimal("4.2"))
    cases.set_answer(ctx, ref, "P5.1", value=1)
    cases.set_answer(ctx, ref, "P5.2", value="aa")
    cases.set_answer(ctx, ref, "P5.3", not_applicable=True, reason="无此业务")
    for veto in ("V1", "V2", "V3"):
        cases.set_veto(ctx, ref, veto, False)
    scan = tmp_path / "资质证书.pdf"
    scan.write_bytes(b"%PDF " + os.urandom(100))
    cases.add_evidence(ctx, ref, "P1.1", [scan])
    return ref


def table(ws: Any, header_row: int = 1) -> list[dict[str, Any]]:
    header = [c.value for c in ws[header_row]]
    rows = []
    for r in range(header_row + 1, ws.max_row + 1):
        values = [ws.cell(row=r, column=c).value for c in range(1, len(header) + 1)]
        if all(v is None for v in values):
            break
        rows.append(dict(zip(header, values, strict=True)))
    return rows


def summary(ws: Any) -> dict[str, Any]:
    out = {}
    for r in range(2, ws.max_row + 1):
        label = ws.cell(row=r, column=1).value
        if label is None:
            break
        out[label] = ws.cell(row=r, column=2).value
    return out


def header_row(ws: Any, first: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == first)


def test_case_workbook_figures_equal_case_json(ctx: Any, answered: str, tmp_path: Path) -> None:
    detail = cases.load_case(ctx, answered)
    shown = case_json(detail)
    r = shown["result"]
    out = tmp_path / "case.xlsx"
    write_case_workbook(detail, chain(ctx, answered), out, "zh")
    wb = load_workbook(out)
    assert wb.sheetnames == ["概要", "指标明细", "短板", "证据", "审计日志"]

    info = summary(wb["概要"])
    assert info["案例编号"] == shown["case_id"]
    assert info["统一社会信用代码"] == USCC[0]
    assert info["框架 SHA-256"] == shown["framework"]["sha256"]
    assert info["框架版本"] == "2026.1"
    assert info["总分"] == r["total"]
    assert wb["概要"][f"B{header_row(wb['概要'], '总分')}"].number_format == "0.00"
    if r["provisional"]:  # unfinished: a running total, no grade (issue 8, item 6)
        assert info["等级"] is None and info["等级含义"] is None
        assert info["评定结果"] == "暂不评定（未完成）"
    else:
        grade = detail.framework.grade(r["grade"])
        assert info["等级"] == f"{'★' * grade.stars} {grade.title.zh}"  # stars and title, never the id
        assert info["等级"] != r["grade"]
        assert info["评定结果"] == r["label"] and r["label"].startswith("城市服务级 ★")  # no grade id
    assert info["因上限规则降级"] == ("是" if r["capped"] else "否")
    assert info["完整度"] == r["completeness"]
    assert info["未判定的否决项"] == ", ".join(r["undecided_vetoes"])

    ws = wb["概要"]
    top = header_row(ws, "维度")
    dims = table(ws, top)
    assert [(d["维度"], d["权重"], d["维度得分"]) for d in dims] == [
        (d["id"], d["weight"], d["score"]) for d in r["dimensions"]
    ]
    assert ws.cell(row=top + 1, column=4).number_format == "0.00"

    rows = table(wb["指标明细"])
    assert len(rows) == len(r["indicators"])
    status = {k: v.zh for k, v in STATUS_LABELS.items()}
    for row, ind in zip(rows, r["indicators"], strict=True):
        assert row["指标编号"] == ind["id"]
        assert row["状态"] == status[ind["status"]]
        assert row["得分率"] == ind["fraction"]
        assert row["得分"] == ind["earned"]
        assert row["分值"] == ind["points"]
        assert row["证据数"] == ind["evidence"]
        assert row["不适用理由"] == ind["reason"]
    by_id = {row["指标编号"]: row for row in rows}
    assert by_id["P1.1"]["备注"] == "=SUM(A1) 七人持证"  # text stays text, the control character is gone
    assert by_id["P1.1"]["作答"] == "7 人"
    assert by_id["P5.2"]["作答"] == "AA级"  # the option's words, never its id
    assert by_id["P2.4"]["作答"] == "是"
    assert by_id["P1.2"]["作答"].startswith("4 – ")
    assert by_id["P5.3"]["作答"] == "不适用：无此业务"
    ind_ws = wb["指标明细"]
    assert ind_ws["G2"].number_format == "0.0%"  # fraction
    assert ind_ws["H2"].number_format == "0.00"  # earned

    gaps = table(wb["短板"])
    assert [(g["指标编号"], g["失分"]) for g in gaps] == [(g["id"], g["lost"]) for g in r["gaps"]]
    assert [g["序号"] for g in gaps] == list(range(1, len(gaps) + 1))

    evidence = table(wb["证据"])
    assert [(e["指标编号"], e["原始文件名"], e["大小（字节）"], e["SHA-256"]) for e in evidence] == [
        (e["indicator"], e["name"], e["size"], e["sha256"]) for e in shown["evidence"]
    ]

    entries = chain(ctx, answered)
    audit_rows = table(wb["审计日志"])
    when = f"时间（{zone_words()}）"
    assert [(a["序号"], a[when], a["哈希"], a["前一哈希"]) for a in audit_rows] == [
        (
            e["position"],
            local_naive(datetime.fromisoformat(e["at"].replace("Z", "+00:00"))).replace(microsecond=0),
            e["hash"],
            e["prev_hash"],
        )
        for e in entries
    ]
    assert audit_rows[0]["操作"] == "建立案例"


def test_case_workbook_layout(ctx: Any, answered: str, tmp_path: Path) -> None:
    out = tmp_path / "case.xlsx"
    write_case_workbook(cases.load_case(ctx, answered), chain(ctx, answered), out, "zh")
    wb = load_workbook(out)
    assert wb["概要"].freeze_panes == "A2"
    assert wb["指标明细"].freeze_panes == "C2"
    for name in ("指标明细", "短板", "证据", "审计日志"):
        ws = wb[name]
        assert ws.freeze_panes is not None
        assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")
        assert ws["A1"].font.b  # header style
    assert wb["指标明细"].auto_filter.ref == f"A1:L{wb['指标明细'].max_row}"
    # CJK text counts double: the Chinese title column is wider than the id column
    ws = wb["指标明细"]
    assert ws.column_dimensions["C"].width > ws.column_dimensions["B"].width
    # native charts: a radar and a bar chart of the dimension scores on the summary sheet
    assert len(wb["概要"]._charts) == 2
    with zipfile.ZipFile(out) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
        sheet = z.read("xl/worksheets/sheet2.xml").decode()
    assert any("<radarChart>" in c for c in charts)
    assert any("<barChart>" in c for c in charts)
    assert "<f>" not in sheet  # the note that starts with "=" is not a formula


def test_case_workbook_in_english_and_vetoed(ctx: Any, answered: str, tmp_path: Path) -> None:
    cases.set_veto(ctx, answered, "V2", True)
    detail = cases.load_case(ctx, answered)
    out = tmp_path / "case-en.xlsx"
    write_case_workbook(detail, chain(ctx, answered), out, "en")
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "Indicators", "Gaps", "Evidence", "Audit"]
    info = summary(wb["Summary"])
    assert info["Result"] == "Vetoed"
    assert info["Grade"] is None
    assert info["Vetoes applying"] == "V2"
    assert info["Total"] == case_json(detail)["result"]["total"]
    assert table(wb["Indicators"])[0]["Status"] in {v.en for v in STATUS_LABELS.values()}


def test_capped_grade_is_shown(ctx: Any, tmp_path: Path) -> None:
    ref = new(ctx)
    # full points everywhere but D5 (credit) at 0: total 85 -> AA, capped to A by the D5 < 40 rule
    detail = cases.load_case(ctx, ref)
    for ind in detail.framework.tier_indicators("city"):
        m = ind.method
        if ind.dimension_id == "D5":
            value: Any = {"yes_no": False, "choice": "none", "deduction": 10}[m.type]
        else:
            value = {
                "scale": len(getattr(m, "levels", ())) - 1,
                "yes_no": True,
                "threshold": 1000,
                "ratio": 1000,
                "per_item": 50,
                "bands": 1000,
            }[m.type]
        cases.set_answer(ctx, ref, ind.id, value=value)
    for veto in cases.load_case(ctx, ref).framework.vetoes:  # complete: the grade words are shown
        cases.set_veto(ctx, ref, veto.id, False)
    detail = cases.load_case(ctx, ref)
    r = case_json(detail)["result"]
    assert r["capped"] is True and r["provisional"] is False
    out = tmp_path / "capped.xlsx"
    write_case_workbook(detail, chain(ctx, ref), out)
    info = summary(load_workbook(out)["概要"])
    assert info["因上限规则降级"] == "是"
    before = detail.framework.grade(r["grade_before_cap"])
    # the grade before the cap in words (never its id), and none while the result is provisional
    assert info["封顶前等级"] == (None if r["provisional"] else f"{'★' * before.stars} {before.title.zh}")
    expected = "暂不评定（未完成）" if r["provisional"] else r["label"]
    assert info["评定结果"] == expected


def test_cases_workbook_across_frameworks(ctx: Any, tmp_path: Path) -> None:
    refs = [
        new(ctx, "planning-consulting", "city"),
        new(ctx, "planning-consulting", "regional", USCC[1]),
        new(ctx, "construction-implementation", "enterprise"),
        new(ctx, "construction-implementation", "city", USCC[1]),
        new(ctx, "operations-maintenance", "regional"),
        new(ctx, "operations-maintenance", "city", USCC[1]),
    ]
    cases.set_answer(ctx, refs[0], "P1.2", value=5)
    cases.set_answer(ctx, refs[0], "P1.1", value=Decimal("6.5"))
    cases.set_veto(ctx, refs[1], "V1", True)
    cases.set_answer(ctx, refs[2], "B1.1", value="cs4")
    cases.set_answer(ctx, refs[4], "O1.3", value=2)
    cases.set_answer(ctx, refs[5], "O2.1", not_applicable=True, reason="无")
    details = [cases.load_case(ctx, ref) for ref in refs]
    out = tmp_path / "cases.xlsx"
    write_cases_workbook(details, out, "zh")
    wb = load_workbook(out)
    assert wb.sheetnames == ["案例汇总", "统计"]
    ws = wb["案例汇总"]
    rows = table(ws)
    assert len(rows) == len(refs)
    header = [c.value for c in ws[1]]
    assert header[-5:] == ["D1", "D2", "D3", "D4", "D5"]
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(header)).column_letter}{len(refs) + 1}"
    for row, detail in zip(rows, details, strict=True):
        shown = case_json(detail)
        r = shown["result"]
        assert row["案例编号"] == shown["case_id"]
        assert row["评估框架"] == f"{shown['framework']['id']}@{shown['framework']['version']}"
        assert row["总分"] == r["total"]
        assert row["完整度"] == r["completeness"]
        provisional = "暂不评定（未完成）"
        grade = detail.framework.grade(r["grade"]) if r["grade"] else None
        words = f"{'★' * grade.stars} {grade.title.zh}" if grade else "—"
        assert row["等级"] == ("否决" if r["vetoed"] else (provisional if r["provisional"] else words))
        assert row["成立的否决项"] == (", ".join(r["vetoed"]) or None)
        for d in r["dimensions"]:
            assert row[d["id"]] == d["score"]
    assert ws.cell(row=2, column=header.index("总分") + 1).number_format == "0.00"
    assert ws.cell(row=2, column=header.index("完整度") + 1).number_format == "0.0%"
    stats = wb["统计"]
    assert len(stats._charts) == 2
    averages = table(stats)
    assert [a["维度"] for a in averages] == ["D1", "D2", "D3", "D4", "D5"]
    assert averages[0]["案例数"] == len(refs)
    grades = table(stats, header_row(stats, "等级"))
    assert sum(g["案例数"] for g in grades) == len(refs)
    assert grades[-1]["等级"] == "否决"  # grades high to low, vetoed last


def test_no_qt_below_the_ui() -> None:
    code = (
        "import sys\n"
        "import cityeval_desktop.reports.xlsx, cityeval_desktop.exchange.checklist\n"
        "import cityeval_desktop.exchange.framework_xlsx\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_files_are_written_atomically(ctx: Any, answered: str, tmp_path: Path) -> None:
    detail = cases.load_case(ctx, answered)
    out = tmp_path / "out" / "case.xlsx"
    out.parent.mkdir()
    out.write_bytes(b"old content")
    write_case_workbook(detail, [], out)
    assert zipfile.is_zipfile(out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["case.xlsx"]  # no temp file left behind
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    with pytest.raises(InputError) as info:
        write_cases_workbook([detail], blocked / "cases.xlsx")
    assert str(blocked / "cases.xlsx") in info.value.problems[0].where


def test_text_helpers() -> None:
    assert xlsxkit.display_width("中文ab") == 6
    title = xlsxkit.sheet_title("评估[清单]:*?/\\" + "长" * 40)
    assert len(title) <= 31 and not set("[]:*?/\\") & set(title)
    assert xlsxkit.clean_text("a\x00b\x1fc\ufffed\te\nf") == "abcd\te\nf"
