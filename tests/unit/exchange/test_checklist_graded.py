"""A graded deduction in the checklist workbook: one cell reads "一般:2; 较重:1" (counts per severity).

The export says how to write it, the import reads it in either language (titles or ids) and names a
bad cell; what is stored is what the equivalent answers.json stores; an older layout still imports.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.exchange.checklist import (
    COLUMNS,
    LEGACY_COLUMNS,
    counts_cell,
    export_checklist,
    graded_counts,
    read_checklist,
)
from cityeval_desktop.services import cases
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.errors import InputError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
COL = {c.key: get_column_letter(n) for n, c in enumerate(COLUMNS, start=1)}
USCC = "91350100M000100Y43"


@pytest.fixture
def mini2(ctx: Any) -> Framework:
    return fw_registry.install_file(ctx, FIXTURES / "mini2.yaml")


def _row(ws: Any, key: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws[f"B{r}"].value == key)


def _filled(fw: Framework, out: Path, text: Any, lang: str = "zh", *, legacy: bool = False) -> Path:
    export_checklist(fw, out, lang, "city")
    wb = load_workbook(out)
    ws = wb["评估清单" if lang == "zh" else "Checklist"]
    if legacy:  # the layout of workbooks exported before columns P–U existed
        ws.delete_cols(LEGACY_COLUMNS + 1, len(COLUMNS) - LEGACY_COLUMNS)
    ws[f"{COL['value']}{_row(ws, 'X')}"] = text
    wb.save(out)
    return out


@pytest.mark.parametrize(
    ("lang", "text", "counts"),
    [
        ("zh", "一般:2; 较重:1", {"minor": 2, "major": 1, "grave": 0}),
        ("zh", "一般 2 次、严重 1 次", {"minor": 2, "major": 0, "grave": 1}),
        ("zh", "较重：3；一般：1", {"minor": 1, "major": 3, "grave": 0}),
        ("en", "Minor:2; Major:1", {"minor": 2, "major": 1, "grave": 0}),
        ("en", "minor=4, grave=0", {"minor": 4, "major": 0, "grave": 0}),
        ("zh", "无", {"minor": 0, "major": 0, "grave": 0}),
        ("zh", 0, {"minor": 0, "major": 0, "grave": 0}),
    ],
)
def test_counts_are_read_per_severity(mini2: Framework, tmp_path: Path, lang: str, text: Any, counts: dict) -> None:
    doc = read_checklist(_filled(mini2, tmp_path / "c.xlsx", text, lang), mini2, "city")
    assert doc["answers"]["X"] == {"value": counts}


def test_workbook_and_answers_file_store_the_same_and_the_cell_round_trips(ctx: Any, mini2: Framework, tmp_path):
    by_xlsx = cases.new_case(ctx, framework="mini2", tier="city", mode="self", entity_name="甲", uscc=USCC).ref
    by_json = cases.new_case(
        ctx, framework="mini2", tier="city", mode="self", entity_name="乙", uscc="91512081MA62K0260E"
    ).ref
    cases.apply_answers_file(ctx, by_xlsx, _filled(mini2, tmp_path / "c.xlsx", "一般:2; 较重:1"))
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": {"X": {"value": {"minor": 2, "major": 1}}}}), encoding="utf-8")
    cases.apply_answers_file(ctx, by_json, answers)
    stored = cases.load_case(ctx, by_xlsx)
    assert stored.answers["X"].value == cases.load_case(ctx, by_json).answers["X"].value
    assert stored.raw_values["X"] == {"minor": 2, "major": 1, "grave": 0}
    assert stored.result.total == cases.load_case(ctx, by_json).result.total
    x = next(i for i in stored.result.indicators if i.id == "X")
    assert x.earned_shown == 5  # 10 − 2 × 1 − 1 × 3
    # what is stored, written back as its cell, reads back the same (both languages)
    method = mini2.indicator("X").method
    for lang in ("zh", "en"):
        cell = counts_cell(method, stored.raw_values["X"], lang)
        assert cell == {"zh": "一般:2; 较重:1; 严重:0", "en": "Minor:2; Major:1; Grave:0"}[lang]
        again = read_checklist(_filled(mini2, tmp_path / f"again-{lang}.xlsx", cell, lang), mini2, "city")
        assert again["answers"]["X"]["value"] == stored.raw_values["X"]


def test_the_export_says_how_to_write_the_counts(mini2: Framework, tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    export_checklist(mini2, out, "zh", "city")
    ws = load_workbook(out)["评估清单"]
    r = _row(ws, "X")
    cell = f"{COL['value']}{r}"
    dv = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == cell)
    assert dv.type == "textLength"  # not "whole": the cell holds a text of counts
    assert "一般:2; 较重:1" in dv.prompt and "一般、较重、严重" in dv.prompt
    rules = "\n".join(str(c.value) for c in ws[r] if c.value)
    assert "一般：每次扣 1 分" in rules and "严重：每次扣 10 分；出现即触发否决项 V1" in rules


def test_an_older_layout_still_imports_graded_counts(mini2: Framework, tmp_path: Path) -> None:
    doc = read_checklist(_filled(mini2, tmp_path / "old.xlsx", "一般:1", legacy=True), mini2, "city")
    assert doc["answers"]["X"] == {"value": {"minor": 1, "major": 0, "grave": 0}}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (3, "只填一个数字 3 无法判断程度"),
        ("轻微:1", "“轻微:1” 不是“程度:次数”"),
        ("一般:1; minor:2", "程度 “一般” 写了两次"),
        ("一般:-1", "“一般:-1” 不是“程度:次数”"),
        ("一般:1234567890", "不是“程度:次数”"),
    ],
)
def test_a_bad_counts_cell_is_named(mini2: Framework, tmp_path: Path, text: Any, words: str) -> None:
    path = _filled(mini2, tmp_path / "bad.xlsx", text)
    with pytest.raises(InputError) as info:
        read_checklist(path, mini2, "city")
    where = f"{COL['value']}{_row(load_workbook(path)['评估清单'], 'X')}"
    problems = [(p.where.rsplit("!", 1)[-1], p.message.zh) for p in info.value.problems]
    assert any(cell == where and words in message for cell, message in problems), problems


def test_a_long_counts_text_stops_at_the_first_repeat() -> None:
    from cityeval_desktop.domain.loader import load_file

    method = load_file(FIXTURES / "mini2.yaml").indicator("X").method
    value, problem = graded_counts(method, "一般:1;" * 5000)
    assert value is None and "写了两次" in problem.zh
