"""The self-check texts travel through the framework workbook (forms export-xlsx / import-xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cityeval_desktop.domain.loader import load_bytes
from cityeval_desktop.exchange.framework_xlsx import export_framework_workbook, import_framework_workbook
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.errors import InputError


def _column(ws: Any, key: str) -> int:
    return next(c for c in range(1, ws.max_column + 1) if ws.cell(row=1, column=c).value == key)


@pytest.mark.parametrize("fid", ["planning-consulting", "construction-implementation", "operations-maintenance"])
def test_every_self_check_text_round_trips(ctx: Any, tmp_path: Path, fid: str) -> None:
    fw = fw_registry.resolve(ctx, fid)
    out = tmp_path / f"{fid}.xlsx"
    export_framework_workbook(fw, out)
    again = load_bytes(import_framework_workbook(out), "again.yaml")
    assert [i.self_check for i in again.indicators()] == [i.self_check for i in fw.indicators()]
    assert [v.self_check for v in again.vetoes] == [v.self_check for v in fw.vetoes]
    assert all(i.self_check is not None for i in again.indicators())


def test_an_edited_self_check_text_comes_back_and_a_half_pair_is_located(ctx: Any, tmp_path: Path) -> None:
    fw = fw_registry.resolve(ctx, "planning-consulting")
    out = tmp_path / "pc.xlsx"
    export_framework_workbook(fw, out)
    wb = load_workbook(out)
    ws = wb["Indicators"]
    ws.cell(row=2, column=_column(ws, "self_check_zh")).value = "贵单位有几位持证咨询人员？"
    ws.cell(row=2, column=_column(ws, "self_check_en")).value = "How many certified consultants do you have?"
    vetoes = wb["Vetoes"]
    vetoes.cell(row=2, column=_column(vetoes, "self_check_en")).value = None
    wb.save(out)
    with pytest.raises(InputError) as info:
        import_framework_workbook(out)
    col = vetoes.cell(row=1, column=_column(vetoes, "self_check_en")).column_letter
    assert any(p.where.endswith(f"Vetoes!{col}2") for p in info.value.problems), info.value.problems
    vetoes.cell(row=2, column=_column(vetoes, "self_check_zh")).value = None
    wb.save(out)
    again = load_bytes(import_framework_workbook(out), "again.yaml")
    assert again.indicator("P1.1").self_check.zh == "贵单位有几位持证咨询人员？"
    assert again.vetoes[0].self_check is None


def test_a_workbook_written_before_the_self_check_columns_still_imports(ctx: Any, tmp_path: Path) -> None:
    fw = fw_registry.resolve(ctx, "operations-maintenance")
    out = tmp_path / "om.xlsx"
    export_framework_workbook(fw, out)
    wb = load_workbook(out)
    for sheet in ("Indicators", "Vetoes"):
        ws = wb[sheet]
        for key in ("self_check_en", "self_check_zh"):
            ws.delete_cols(_column(ws, key))
    wb.save(out)
    again = load_bytes(import_framework_workbook(out), "again.yaml")
    assert all(i.self_check is None for i in again.indicators())
    assert [i.guidance for i in again.indicators()] == [i.guidance for i in fw.indicators()]
