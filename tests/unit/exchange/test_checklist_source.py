"""The checklist shows where each indicator and veto comes from, in the workbook's language; a checklist
exported before that column still imports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.domain.loader import load_file
from cityeval_desktop.exchange.checklist import (
    BASIS_COLUMNS,
    BASIS_VETO_COLUMNS,
    COLUMNS,
    VETO_COLUMNS,
    export_checklist,
    read_checklist,
)

ROOT = Path(__file__).resolve().parents[3]
PLANNING = ROOT / "forms" / "planning-consulting.yaml"  # the 2026.2 default
COL = {c.key: get_column_letter(n) for n, c in enumerate(COLUMNS, start=1)}
VCOL = {c.key: get_column_letter(n) for n, c in enumerate(VETO_COLUMNS, start=1)}
SHEETS = {"zh": ("评估清单", "否决项"), "en": ("Checklist", "Veto decisions")}
HEADERS = {"zh": ("指标出处", "否决项出处"), "en": ("Source of the indicator", "Source of the veto rule")}
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_file(PLANNING)


def _rows(ws, column: str) -> dict[str, int]:
    return {ws[f"{column}{r}"].value: r for r in range(2, ws.max_row + 1)}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("tier", [None, "city"])
def test_the_source_is_shown_in_the_workbook_language(fw: Framework, tmp_path: Path, lang: str, tier: str) -> None:
    out = tmp_path / f"{lang}.xlsx"
    export_checklist(fw, out, lang, tier)
    wb = load_workbook(out)
    ws, vs = (wb[name] for name in SHEETS[lang])
    assert (ws[f"{COL['source']}1"].value, vs[f"{VCOL['rule_source']}1"].value) == HEADERS[lang]
    rows = _rows(ws, COL["id"])
    for ind in fw.tier_indicators(tier) if tier else fw.indicators():
        cell = ws[f"{COL['source']}{rows[ind.id]}"]
        assert cell.value == (ind.source.get(lang) if ind.source else None), ind.id
        assert cell.protection.locked  # an explanation, not an input
    shown = [ws[f"{COL['source']}{r}"].value for r in rows.values() if ws[f"{COL['source']}{r}"].value]
    assert shown and all(bool(HAN.search(s)) == (lang == "zh") for s in shown)
    vrows = _rows(vs, "A")
    for veto in fw.vetoes:
        assert vs[f"{VCOL['rule_source']}{vrows[veto.id]}"].value == veto.source.get(lang), veto.id
    assert "《政府采购法》第二十二条" in vs[f"{VCOL['rule_source']}{vrows['V7']}"].value if lang == "zh" else True


def test_the_source_columns_are_not_read_as_answers(fw: Framework, tmp_path: Path) -> None:
    out = tmp_path / "filled.xlsx"
    export_checklist(fw, out, "zh", "city")
    wb = load_workbook(out)
    ws, vs = wb["评估清单"], wb["否决项"]
    row = _rows(ws, COL["id"])["P1.1"]
    ws[f"{COL['value']}{row}"] = 6
    vs[f"{VCOL['decision']}{_rows(vs, 'A')['V1']}"] = "否"
    wb.save(out)
    doc = read_checklist(out, fw, "city")
    assert doc["answers"] == {"P1.1": {"value": 6}}
    assert doc["vetoes"] == {"V1": False}  # a veto with a rule source but no basis given is a bare decision


def test_a_checklist_from_before_the_source_columns_still_imports(fw: Framework, tmp_path: Path) -> None:
    out = tmp_path / "old.xlsx"
    export_checklist(fw, out, "zh", "city")
    wb = load_workbook(out)
    ws, vs = wb["评估清单"], wb["否决项"]
    ws.delete_cols(BASIS_COLUMNS + 1, len(COLUMNS) - BASIS_COLUMNS)
    vs.delete_cols(BASIS_VETO_COLUMNS + 1, len(VETO_COLUMNS) - BASIS_VETO_COLUMNS)
    assert ws.max_column == BASIS_COLUMNS and vs.max_column == BASIS_VETO_COLUMNS
    row = _rows(ws, COL["id"])["P3.1"]
    ws[f"{COL['value']}{row}"] = 3
    ws[f"{COL['note']}{row}"] = "旧清单"
    vs[f"{VCOL['decision']}{_rows(vs, 'A')['V2']}"] = "否"
    vs[f"{VCOL['source']}{_rows(vs, 'A')['V2']}"] = "信用中国"
    wb.save(out)
    doc = read_checklist(out, fw, "city")
    assert doc["answers"] == {"P3.1": {"value": 3, "note": "旧清单"}}
    assert doc["vetoes"]["V2"]["decision"] is False and doc["vetoes"]["V2"]["source"] == "信用中国"


def test_a_moved_source_column_is_named(fw: Framework, tmp_path: Path) -> None:
    out = tmp_path / "moved.xlsx"
    export_checklist(fw, out, "en", "city")
    wb = load_workbook(out)
    ws = wb["Checklist"]
    ws[f"{COL['source']}1"] = "Remarks"
    wb.save(out)
    from cityeval_desktop.services.errors import InputError

    with pytest.raises(InputError) as info:
        read_checklist(out, fw, "city")
    (problem,) = info.value.problems
    assert problem.where.endswith(f"Checklist!{COL['source']}1")
    assert "Source of the indicator" in problem.message.en and "指标出处" in problem.message.zh
