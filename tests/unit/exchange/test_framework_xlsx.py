"""A framework as an editable workbook and back (exchange/framework_xlsx.py): nothing is lost,
numbers stay exact, the result scores identically, and a broken workbook is refused at its cells."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.domain.loader import load_bytes, load_file
from cityeval_desktop.domain.scoring import Answer, score
from cityeval_desktop.exchange.framework_xlsx import export_framework_workbook, import_framework_workbook
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.errors import InputError

# written against the 2026.1 default frameworks (their ids and rules): pinned to those files
pytestmark = pytest.mark.usefixtures("frameworks_2026_1")

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

# every optional part, per-indicator tiers, units on counts, and decimals binary floats cannot hold
TRICKY = """\
schema: cityeval-framework/1
id: tricky
version: "0.10"
category: operations-maintenance
title: {zh: "难题 “引号” \\\\ 反斜杠", en: "Tricky: 'quotes', \\"double\\", tab\\tand\\nnewline"}
description: {zh: 说明, en: Description}
tiers:
  - {id: a, title: {zh: 甲, en: A}}
  - {id: b, title: {zh: 乙, en: B}}
grades:
  - {id: A+, min: 85.5, title: {zh: 优, en: Top}}
  - {id: C, min: 0, stars: 0, title: {zh: 差, en: Low}}
dimensions:
  - id: D.1
    title: {zh: 一, en: One}
    description: {zh: 维度说明, en: Dimension description}
    weight: 33.3
    indicators:
      - id: i-1
        title: {zh: 比率, en: Ratio}
        points: 11.1
        method: {type: ratio, target: 0.3, unit: {zh: "%", en: "%"}}
        tiers: [b]
      - id: i_2
        title: {zh: 每项, en: Per item}
        guidance: {zh: "第一行\\n第二行\\u2028分隔", en: "line one\\nline two"}
        points: 22.2
        method: {type: per_item, per: 0.1, unit: {zh: 个, en: things}}
        evidence: {required: false, kinds: [contract, survey]}
  - id: D2
    title: {zh: 二, en: Two}
    weight: 66.7
    indicators:
      - id: T
        title: {zh: 门槛, en: Threshold}
        improve: {zh: 改进, en: Improve}
        points: 33.35
        method:
          type: threshold
          thresholds: {a: 0.7, b: 12.345678901}
          bands: [[1.15, 0.95], [0.3, 0.1]]
        evidence: {required: true}
      - id: N
        title: {zh: 分档, en: Bands}
        points: 33.35
        method: {type: bands, bands: [[99.95, 0.7], [-2.5, 0.3]]}
"""


def all_frameworks(ctx: Any) -> list[Framework]:
    return [
        *(fw_registry.resolve(ctx, f) for f in ("planning-consulting", "construction-implementation",
                                                "operations-maintenance")),
        load_file(FIXTURES / "mini.yaml"),
        load_bytes(TRICKY.encode(), "tricky.yaml"),
    ]  # fmt: skip


def assert_same(a: Framework, b: Framework) -> None:
    assert (b.id, b.version, b.category, b.title, b.description) == (
        a.id,
        a.version,
        a.category,
        a.title,
        a.description,
    )
    assert b.tiers == a.tiers
    assert b.grades == a.grades
    assert b.caps == a.caps
    assert b.vetoes == a.vetoes
    assert [(d.id, d.title, d.weight) for d in b.dimensions] == [(d.id, d.title, d.weight) for d in a.dimensions]
    assert len(b.indicators()) == len(a.indicators())
    for x, y in zip(a.indicators(), b.indicators(), strict=True):
        assert y.id == x.id
        assert y.points == x.points
        assert y.method == x.method  # type and every parameter, exactly (Fractions)
        assert (y.title, y.guidance, y.improve) == (x.title, x.guidance, x.improve)
        assert (y.evidence_required, y.evidence_kinds, y.tiers, y.dimension_id) == (
            x.evidence_required,
            x.evidence_kinds,
            x.tiers,
            x.dimension_id,
        )


def random_answers(fw: Framework, tier: str, rng: random.Random) -> dict[str, Answer]:
    answers = {}
    for ind in fw.tier_indicators(tier):
        m = ind.method
        roll = rng.random()
        if roll < 0.1:
            answers[ind.id] = Answer(not_applicable=True, reason="n/a")
            continue
        if roll < 0.2:
            continue
        if m.type == "scale":
            raw: Any = rng.randrange(len(m.levels))
        elif m.type == "yes_no":
            raw = rng.choice([True, False])
        elif m.type == "choice":
            raw = rng.choice(m.options).id
        elif m.type in ("per_item", "deduction"):
            raw = rng.randint(0, 12)
        else:
            raw = Decimal(rng.randint(-100 if m.type == "bands" else 0, 40000)).scaleb(-2)
        answers[ind.id] = Answer(value=m.parse(raw))
    return answers


def figures(result: Any) -> tuple[Any, ...]:
    return (
        result.total,
        result.grade_id,
        result.capped,
        [(d.id, d.score) for d in result.dimensions],
        [(i.id, i.status, i.fraction, i.earned) for i in result.indicators],
        [(g.id, g.lost) for g in result.gaps],
    )


def test_round_trip_keeps_everything_and_scores_the_same(ctx: Any, tmp_path: Path) -> None:
    rng = random.Random(2026)
    for fw in all_frameworks(ctx):
        out = tmp_path / f"{fw.id}.xlsx"
        export_framework_workbook(fw, out)
        raw = import_framework_workbook(out)
        assert b"schema: cityeval-framework/1\n" in raw
        raw.decode("utf-8")
        again = load_bytes(raw, f"{fw.id}.yaml")
        assert_same(fw, again)
        for _ in range(25):
            tier = rng.choice(fw.tiers).id
            answers = random_answers(fw, tier, rng)
            vetoes = {v.id: rng.random() < 0.1 for v in fw.vetoes}
            assert figures(score(again, tier, answers, vetoes)) == figures(score(fw, tier, answers, vetoes))


def test_numbers_are_written_as_given(tmp_path: Path) -> None:
    fw = load_bytes(TRICKY.encode(), "tricky.yaml")
    out = tmp_path / "tricky.xlsx"
    export_framework_workbook(fw, out)
    text = import_framework_workbook(out).decode("utf-8")
    for literal in ("weight: 33.3", "per: 0.1", "target: 0.3", '"b": 12.345678901', "- [99.95, 0.7]", "min: 85.5"):
        assert literal in text
    assert "0.1000000" not in text and "0.299999" not in text
    wb = load_workbook(out)
    assert wb["Dimensions"]["E2"].value == "维度说明"
    assert wb["Indicators"]["M2"].value == "b"  # tiers of i-1; blank means all tiers


def test_edited_texts_and_numbers_come_back(ctx: Any, tmp_path: Path) -> None:
    fw = fw_registry.resolve(ctx, "planning-consulting")
    out = tmp_path / "pc.xlsx"
    export_framework_workbook(fw, out)
    wb = load_workbook(out)
    title = 'A "quoted" \\ title\nsecond line\u2028with separator'
    wb["Indicators"]["D2"] = title
    wb["Framework"]["B3"] = "2026.2"
    wb["Options"]["E3"] = 0.85  # P5.2 option aa
    wb.save(out)
    again = load_bytes(import_framework_workbook(out))
    assert again.version == "2026.2"
    assert again.indicators()[0].title.en == title
    option = again.indicator("P5.2").method.option("aa")  # type: ignore[union-attr]
    assert str(option.fraction) == "17/20"


def refused(path: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(InputError) as info:
        import_framework_workbook(path)
    return [(p.where, p.message.zh, p.message.en) for p in info.value.problems]


@pytest.fixture
def workbook(ctx: Any, tmp_path: Path) -> Path:
    out = tmp_path / "pc.xlsx"
    export_framework_workbook(fw_registry.resolve(ctx, "planning-consulting"), out)
    return out


def edited(workbook: Path, change: Any) -> Path:
    wb = load_workbook(workbook)
    change(wb)
    out = workbook.with_name("edited.xlsx")
    wb.save(out)
    return out


def test_weights_not_summing_to_100_are_located(workbook: Path) -> None:
    path = edited(workbook, lambda wb: wb["Dimensions"].__setitem__("D2", 30))
    problems = refused(path)
    assert (f"{path}: Dimensions!D2:D6", "维度权重之和应为 100，实际为 105（dimensions）") == problems[0][:2]
    assert problems[1][0] == f"{path}: Dimensions!D2"
    assert "指标分值之和为 25，应等于维度权重 30" in problems[1][1]
    assert "not to the dimension weight 30" in problems[1][2]


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "where", "message"),
    [
        ("Indicators", "F3", "scalez", "Indicators!F3", "未知计分方法 “scalez”"),
        ("Indicators", "E3", "abc", "Indicators!E3", "应填写数字，实际为 “abc”"),
        ("Indicators", "E3", "=2*3", "Indicators!E3", "不接受公式"),
        ("Indicators", "B3", "P1.1", "Indicators!B3", "指标编号 “P1.1” 重复（第 2 行已有）"),
        ("Indicators", "D3", None, "Indicators!D3", "“title_en”不能为空"),
        ("Indicators", "G2", 5, "Indicators!G2", "threshold 方法不使用 “target”"),
        ("Indicators", "M2", "city, national", "Indicators!M2", "未知层级 “national”"),
        ("Indicators", "K2", "maybe", "Indicators!K2", "应为 TRUE 或 FALSE"),
        ("Indicators", "A2", "D9", "Indicators!A2", "未知维度 “D9”"),
        ("Bands", "B3", 5, "Bands!B3", "分档须从高到低排列"),
        ("Grades", "B3", 95, "Grades!B3", "等级须按分数从高到低排列"),
        ("Tiers", "A2", "Regional!", "Tiers!A2", "格式不正确"),
        ("Options", "E2", 1.5, "Options!E2", "应 <= 1"),
        ("Levels", "B3", 7, "Levels!B3", "等级应为 0–5 的整数且不重复"),
        ("Levels", "A2", "P0.0", "Levels!A2", "未知指标编号 “P0.0”"),
        ("Thresholds", "B2", "national", "Thresholds!B2:C2", "未知层级 “national”"),
        ("Thresholds", "C2", -1, "Thresholds!B2:C2", "应 > 0"),
        ("Framework", "B2", "Planning Consulting", "Framework!B2", "格式不正确"),
        ("Framework", "B4", "planning", "Framework!B4", "取值 'planning' 不允许"),
    ],
)
def test_bad_cells_are_located(workbook: Path, sheet: str, cell: str, value: Any, where: str, message: str) -> None:
    path = edited(workbook, lambda wb: wb[sheet].__setitem__(cell, value))
    problems = refused(path)
    assert any(p[0] == f"{path}: {where}" and message in p[1] for p in problems), problems


def test_missing_sheets_and_columns(workbook: Path, tmp_path: Path) -> None:
    path = edited(workbook, lambda wb: wb.remove(wb["Dimensions"]))
    [(where, zh, _)] = refused(path)
    assert where == f"{path}: Dimensions" and "缺少工作表 “Dimensions”" in zh

    path = edited(workbook, lambda wb: wb["Indicators"].delete_cols(5))
    [(where, zh, en)] = refused(path)
    assert where == f"{path}: Indicators!1:1" and "缺少列 “points”" in zh and "'points'" in en

    text = tmp_path / "not.xlsx"
    text.write_text("id,title\n")
    [(where, zh, _)] = refused(text)
    assert where == str(text) and ".xlsx" in zh


def test_method_parameters_must_fit_the_method(workbook: Path) -> None:
    def change(wb: Any) -> None:
        ws = wb["Indicators"]
        ws["F3"] = "ratio"  # P1.2 was a scale: its Levels rows now belong to nothing, and it needs a target

    path = edited(workbook, change)
    problems = refused(path)
    assert problems[0][0] == f"{path}: Indicators!G3" and "ratio 方法需要填写 “target”" in problems[0][1]
    assert all(p[0].startswith(f"{path}: Levels!A") for p in problems[1:])
    assert len(problems) == 7


# ---------------------------------------------------------------- cityeval-framework/2
def _content(fw: Framework) -> Framework:
    """Everything of a framework but the bytes it was read from (sha256, source)."""
    from dataclasses import replace

    return replace(fw, sha256="", source="", raw=b"")


def test_version_2_fields_round_trip(tmp_path: Path) -> None:
    original = load_file(FIXTURES / "mini2.yaml")
    out = tmp_path / "mini2.xlsx"
    export_framework_workbook(original, out)
    wb = load_workbook(out)
    assert {"Conditions", "NaGrounds", "Severities", "VetoSources"} <= set(wb.sheetnames)
    assert [c.value for c in wb["Conditions"]["B"][1:]] == ["team", "level", "grade", "cert", "clean"]
    raw = import_framework_workbook(out)
    assert raw.startswith(b"# written by") and b"\nschema: cityeval-framework/2\n" in raw
    again = load_bytes(raw, "again.yaml")
    assert _content(again) == _content(original)  # every field, the /2 rules included
    # and once more: workbook -> framework -> workbook -> framework is stable
    export_framework_workbook(again, tmp_path / "again.xlsx")
    body = raw.split(b"\n", 1)[1]  # after the comment naming the workbook
    assert import_framework_workbook(tmp_path / "again.xlsx").split(b"\n", 1)[1] == body


def test_version_1_frameworks_stay_version_1(ctx: Any, tmp_path: Path) -> None:
    for fw in all_frameworks(ctx):
        out = tmp_path / f"{fw.id}.xlsx"
        export_framework_workbook(fw, out)
        again = load_bytes(import_framework_workbook(out), "again.yaml")
        assert again.schema == fw.schema == "cityeval-framework/1"
        assert _content(again) == _content(fw)


def test_a_workbook_without_the_version_2_columns_still_imports(tmp_path: Path) -> None:
    fw = load_file(FIXTURES / "mini.yaml")
    out = tmp_path / "old.xlsx"
    export_framework_workbook(fw, out)
    wb = load_workbook(out)
    for name in ("Conditions", "NaGrounds", "Severities", "VetoSources"):
        del wb[name]
    for sheet, keys in (
        ("Tiers", ("pass_grade", "fallback")),
        ("Grades", ("pass",)),
        ("Caps", ("dimension",)),
        ("Indicators", ("evidence_when", "na_allowed", "na_evidence", "why_not_zh", "why_not_en")),
        ("Vetoes", ("basis_required", "false_evidence")),
    ):
        ws = wb[sheet]
        for col in sorted((c.column for c in ws[1] if c.value in keys), reverse=True):
            ws.delete_cols(col)
    info = wb["Framework"]
    for row in range(info.max_row, 1, -1):
        if info.cell(row=row, column=1).value in ("schema", "not_applicable_max_share", "gap_below"):
            info.delete_rows(row)
    wb.save(out)
    again = load_bytes(import_framework_workbook(out), "old.yaml")
    assert _content(again) == _content(fw)


def _edited(tmp_path: Path, edit) -> list[str]:
    out = tmp_path / "edited.xlsx"
    export_framework_workbook(load_file(FIXTURES / "mini2.yaml"), out)
    wb = load_workbook(out)
    edit(wb)
    wb.save(out)
    with pytest.raises(InputError) as info:
        import_framework_workbook(out)
    return info.value.render("en")


def _cell(ws, key: str, row: int):
    col = next(c.column for c in ws[1] if c.value == key)
    return ws.cell(row=row, column=col)


def test_version_2_problems_name_their_cell(tmp_path: Path) -> None:
    def unknown_condition_indicator(wb) -> None:
        _cell(wb["Conditions"], "indicator", 2).value = "Q"

    msgs = _edited(tmp_path, unknown_condition_indicator)
    col = _cell(load_workbook(tmp_path / "edited.xlsx")["Conditions"], "indicator", 2).column_letter
    assert msgs == [
        f"{tmp_path / 'edited.xlsx'}: Conditions!{col}2: unknown indicator 'Q' "
        "(tiers[regional].conditions[team].indicator)"
    ]

    def severity_veto(wb) -> None:
        _cell(wb["Severities"], "veto", 4).value = "V9"

    msgs = _edited(tmp_path, severity_veto)
    assert len(msgs) == 1 and "Severities!F4: unknown veto 'V9'" in msgs[0]

    def source_of_unknown_veto(wb) -> None:
        _cell(wb["VetoSources"], "veto", 2).value = "V7"

    msgs = _edited(tmp_path, source_of_unknown_veto)
    assert msgs == [f"{tmp_path / 'edited.xlsx'}: VetoSources!A2: unknown id 'V7' (not on the Vetoes sheet)"]

    def bad_flag(wb) -> None:
        _cell(wb["Indicators"], "na_allowed", 3).value = "maybe"

    msgs = _edited(tmp_path, bad_flag)
    assert len(msgs) == 1 and "expected TRUE or FALSE, got 'maybe'" in msgs[0]

    def bad_share(wb) -> None:
        ws = wb["Framework"]
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == "not_applicable_max_share")
        ws.cell(row=row, column=2).value = "1.5"

    msgs = _edited(tmp_path, bad_share)
    assert len(msgs) == 1 and "Framework!B" in msgs[0] and "must be <= 1" in msgs[0]

    def version_2_cell_in_a_version_1_file(wb) -> None:
        ws = wb["Framework"]
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == "schema")
        ws.cell(row=row, column=2).value = "cityeval-framework/1"

    msgs = _edited(tmp_path, version_2_cell_in_a_version_1_file)
    assert any("unknown field: gap_below" in m and "Framework!B" in m for m in msgs), msgs
