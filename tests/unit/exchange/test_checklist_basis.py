"""The checklist's columns for N/A grounds, evidence kinds, verifications and the basis of veto decisions.

A filled workbook gives what the equivalent answers.json gives; a workbook exported before the columns
existed still imports; every bad cell is named.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.exchange.checklist import (
    COLUMNS,
    LEGACY_COLUMNS,
    LEGACY_VETO_COLUMNS,
    VETO_COLUMNS,
    export_checklist,
    read_checklist,
)
from cityeval_desktop.services import cases
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.results import case_json

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
COL = {c.key: get_column_letter(n) for n, c in enumerate(COLUMNS, start=1)}
VCOL = {c.key: get_column_letter(n) for n, c in enumerate(VETO_COLUMNS, start=1)}
QUERIED = "2026-11-30T10:00:00+08:00"


@pytest.fixture
def mini2(ctx: Any) -> Framework:
    return fw_registry.install_file(ctx, FIXTURES / "mini2.yaml")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "cert.pdf").write_bytes(b"%PDF-1.4 certificate")
    (tmp_path / "staff.pdf").write_bytes(b"%PDF-1.4 staff")
    (tmp_path / "roster.pdf").write_bytes(b"%PDF-1.4 roster")
    (tmp_path / "credit.png").write_bytes(b"png credit query")
    return tmp_path


def _row(ws: Any, key: str) -> int:
    return next(
        r
        for r in range(2, ws.max_row + 1)
        if ws[f"{'B' if ws.title in ('评估清单', 'Checklist') else 'A'}{r}"].value == key
    )


def _filled(mini2: Framework, folder: Path, lang: str = "zh") -> Path:
    out = folder / f"filled-{lang}.xlsx"
    export_checklist(mini2, out, lang, "city")
    wb = load_workbook(out)
    ws = wb["评估清单" if lang == "zh" else "Checklist"]
    cells = {
        "S": {
            "value": 2,
            "evidence": "cert.pdf",
            "verify_method": "原件核对",
            "verify_conclusion": "属实",
            "verify_by": "王核查",
            "verify_at": date(2026, 11, 30),
        },
        "Y": {"na": "是" if lang == "zh" else "Yes", "reason": "无涉密业务", "ground": "no-secret | 无涉密业务"},
        "T": {
            "value": 7,
            "evidence": "staff.pdf; roster.pdf",
            "kind": "staff-certificates",
            "verify_method": "issuer-query",
            "verify_conclusion": "存疑",
            "verify_by": "李",
            "verify_at": QUERIED,
        },
        "B": {"na": "是" if lang == "zh" else "Yes", "reason": "事业单位", "ground": "Public institution"},
    }
    for ind, values in cells.items():
        r = _row(ws, ind)
        for key, value in values.items():
            ws[f"{COL[key]}{r}"] = value
    vs = wb["否决项" if lang == "zh" else "Veto decisions"]
    r = _row(vs, "V1")
    vs[f"{VCOL['decision']}{r}"] = "否" if lang == "zh" else "No"
    vs[f"{VCOL['source']}{r}"] = "信用中国"
    vs[f"{VCOL['queried_at']}{r}"] = QUERIED
    vs[f"{VCOL['basis_note']}{r}"] = "无记录"
    vs[f"{VCOL['basis_evidence']}{r}"] = "credit.png"
    vs[f"{VCOL['decision']}{_row(vs, 'V2')}"] = "否" if lang == "zh" else "No"
    wb.save(out)
    return out


EQUIVALENT = {
    "answers": {
        "S": {
            "value": 2,
            "evidence": [
                {
                    "path": "cert.pdf",
                    "verification": {"method": "原件核对", "conclusion": "属实", "by": "王核查", "at": "2026-11-30"},
                }
            ],
        },
        "Y": {"not_applicable": True, "ground": "no-secret", "reason": "无涉密业务"},
        "T": {
            "value": 7,
            "evidence": [
                {
                    "path": p,
                    "kind": "staff-certificates",
                    "verification": {"method": "issuer-query", "conclusion": "doubtful", "by": "李", "at": QUERIED},
                }
                for p in ("staff.pdf", "roster.pdf")
            ],
        },
        "B": {"not_applicable": True, "ground": "public-body", "reason": "事业单位"},
    },
    "vetoes": {
        "V1": {
            "decision": False,
            "source": "信用中国",
            "queried_at": QUERIED,
            "note": "无记录",
            "evidence": ["credit.png"],
        },
        "V2": False,
    },
}


def _stored(ctx: Any, ref: str) -> dict[str, Any]:
    shown = case_json(cases.load_case(ctx, ref))
    for item in shown["evidence"]:
        item.pop("added_at")
    return {k: shown[k] for k in ("result", "evidence", "vetoes", "flags")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_new_columns_round_trip_like_the_answers_file(ctx: Any, mini2: Framework, folder: Path, lang: str) -> None:
    by_xlsx = cases.new_case(
        ctx, framework="mini2", tier="city", mode="third-party", entity_name="甲", uscc="91350100M000100Y43"
    ).ref
    by_json = cases.new_case(
        ctx, framework="mini2", tier="city", mode="third-party", entity_name="乙", uscc="91512081MA62K0260E"
    ).ref
    cases.apply_answers_file(ctx, by_xlsx, _filled(mini2, folder, lang))
    answers = folder / "answers.json"
    answers.write_text(json.dumps(EQUIVALENT, ensure_ascii=False), encoding="utf-8")
    cases.apply_answers_file(ctx, by_json, answers)
    assert _stored(ctx, by_xlsx) == _stored(ctx, by_json)
    detail = cases.load_case(ctx, by_xlsx)
    assert detail.answers["B"].ground == "public-body"  # the ground's title in either language is read
    assert {e.original_name: e.kind for e in detail.evidence_for("T")} == {
        "staff.pdf": "staff-certificates",
        "roster.pdf": "staff-certificates",
    }
    assert detail.veto_basis["V1"].queried_at == QUERIED


def test_the_export_offers_the_grounds_kinds_methods_and_sources(mini2: Framework, tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    export_checklist(mini2, out, "zh", "city")
    wb = load_workbook(out)
    ws, lists = wb["评估清单"], wb["_lists"]
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    ground = validations[f"{COL['ground']}{_row(ws, 'B')}"]
    letter = ground.formula1.split("$")[1]
    assert [lists[f"{letter}{r}"].value for r in (2, 3)] == ["new-firm | 成立不满一年", "public-body | 事业单位"]
    assert f"{COL['ground']}{_row(ws, 'X')}" not in validations  # X can never be N/A
    method = next(dv for ref, dv in validations.items() if ref.startswith(COL["verify_method"]))
    assert method.formula1 == '"原件核对,发证机构查询,委托方函证,电话回访,现场核查"'
    conclusion = next(dv for ref, dv in validations.items() if ref.startswith(COL["verify_conclusion"]))
    assert conclusion.formula1 == '"属实,存疑,不属实"'
    vs = wb["否决项"]
    sources = {str(dv.sqref): dv for dv in vs.data_validations.dataValidation}
    assert sources[f"{VCOL['source']}{_row(vs, 'V1')}"].formula1 == '"信用中国,国家企业信用信息公示系统"'
    assert [vs.cell(row=1, column=n).value for n in range(5, 9)] == [
        "查询来源",
        "查询时间（如 2026-11-30T10:00:00+08:00）",
        "判定说明",
        "依据文件（相对路径，多个用 ; 分隔）",
    ]


def test_a_workbook_from_before_the_new_columns_still_imports(ctx: Any, folder: Path) -> None:
    fw = fw_registry.resolve(ctx, "planning-consulting")
    out = folder / "old.xlsx"
    export_checklist(fw, out, "zh", "city")
    wb = load_workbook(out)
    ws, vs = wb["评估清单"], wb["否决项"]
    ws.delete_cols(LEGACY_COLUMNS + 1, len(COLUMNS) - LEGACY_COLUMNS)
    vs.delete_cols(LEGACY_VETO_COLUMNS + 1, len(VETO_COLUMNS) - LEGACY_VETO_COLUMNS)
    first = fw.tier_indicators("city")[0]
    ws[f"{COL['note']}{_row(ws, first.id)}"] = "旧清单的备注"
    vs[f"D{_row(vs, fw.vetoes[0].id)}"] = "否"
    wb.save(out)
    doc = read_checklist(out, fw, "city")
    assert doc["answers"] == {first.id: {"note": "旧清单的备注"}}
    assert doc["vetoes"] == {fw.vetoes[0].id: False}


def _refused(path: Path, fw: Framework) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as info:
        read_checklist(path, fw, "city")
    return [(p.where.rsplit(": ", 1)[-1], p.message.zh) for p in info.value.problems]


def test_bad_cells_of_the_new_columns_are_named(mini2: Framework, folder: Path) -> None:
    out = folder / "bad.xlsx"
    export_checklist(mini2, out, "zh", "city")
    wb = load_workbook(out)
    ws, vs = wb["评估清单"], wb["否决项"]
    s, t, b, y = (_row(ws, i) for i in ("S", "T", "B", "Y"))
    ws[f"{COL['value']}{s}"] = 2
    ws[f"{COL['evidence']}{s}"] = "cert.pdf"
    ws[f"{COL['kind']}{s}"] = "合同"  # not a kind of S
    ws[f"{COL['value']}{t}"] = 7
    ws[f"{COL['evidence']}{t}"] = "staff.pdf"
    ws[f"{COL['verify_method']}{t}"] = "看了一眼"  # no conclusion, by or date either
    ws[f"{COL['value']}{b}"] = 5
    ws[f"{COL['ground']}{b}"] = "new-firm"  # a ground without N/A
    ws[f"{COL['na']}{y}"] = "是"
    ws[f"{COL['reason']}{y}"] = "无"
    ws[f"{COL['ground']}{y}"] = "随便"
    v1 = _row(vs, "V1")
    vs[f"{VCOL['decision']}{v1}"] = "否"
    vs[f"{VCOL['queried_at']}{v1}"] = datetime(2026, 11, 30, 10, 0)  # a date cell has no offset
    vs[f"{VCOL['source']}{_row(vs, 'V2')}"] = "信用中国"  # a basis without a decision
    wb.save(out)
    found = _refused(out, mini2)
    cells = [cell for cell, _ in found]
    sheet, vsheet = "评估清单", "否决项"
    assert f"{sheet}!{COL['kind']}{s}" in cells
    assert f"{sheet}!{COL['verify_method']}{t}" in cells
    for key in ("verify_conclusion", "verify_by", "verify_at"):
        assert f"{sheet}!{COL[key]}{t}" in cells
    assert f"{sheet}!{COL['na']}{b}" in cells
    assert f"{sheet}!{COL['ground']}{y}" in cells
    assert f"{vsheet}!{VCOL['queried_at']}{v1}" in cells
    assert f"{vsheet}!D{_row(vs, 'V2')}" in cells
    words = dict(found)
    assert "证书（certificate）" in words[f"{sheet}!{COL['kind']}{s}"]
    assert "无涉密业务（no-secret）" in words[f"{sheet}!{COL['ground']}{y}"]
    assert "须带时区" in words[f"{vsheet}!{VCOL['queried_at']}{v1}"]


def test_a_ground_on_an_indicator_that_cannot_be_n_a_is_refused_with_the_framework_words(
    ctx: Any, mini2: Framework, folder: Path
) -> None:
    out = folder / "x.xlsx"
    export_checklist(mini2, out, "zh", "city")
    wb = load_workbook(out)
    ws = wb["评估清单"]
    x = _row(ws, "X")
    ws[f"{COL['na']}{x}"] = "是"
    ws[f"{COL['reason']}{x}"] = "不适用"
    wb.save(out)
    ref = cases.new_case(
        ctx, framework="mini2", tier="city", mode="third-party", entity_name="甲", uscc="91350100M000100Y43"
    ).ref
    with pytest.raises(InputError) as info:
        cases.apply_answers_file(ctx, ref, out)
    assert "公共信用记录每个主体都有" in info.value.lines("zh")[0]
