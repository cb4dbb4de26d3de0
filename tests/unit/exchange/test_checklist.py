"""The Excel checklist (exchange/checklist.py): export, fill, read back as an answers document.

Round trip: a filled checklist applied to a case gives exactly what the equivalent answers.json
gives. Every bad input is refused with a message naming the sheet and the cell."""

from __future__ import annotations

import json
import os
import random
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.exchange.checklist import COLUMNS, export_checklist, read_checklist
from cityeval_desktop.services import cases
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.answers import parse_document
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.results import case_json

# written against the 2026.1 default frameworks (their ids and rules): pinned to those files
pytestmark = pytest.mark.usefixtures("frameworks_2026_1")

USCC = ("91350100M000100Y43", "91512081MA62K0260E")
FRAMEWORKS = ("planning-consulting", "construction-implementation", "operations-maintenance")
COL = {c.key: chr(ord("A") + n) for n, c in enumerate(COLUMNS)}
SHEET = {"zh": ("评估清单", "否决项"), "en": ("Checklist", "Veto decisions")}


def new(ctx: Any, framework: str, tier: str, uscc: str = USCC[0]) -> str:
    return cases.new_case(
        ctx, framework=framework, tier=tier, mode="third-party", entity_name="测试经营主体", uscc=uscc
    ).case_uuid


def random_value(ind: Any, rng: random.Random) -> Any:
    m = ind.method
    if m.type == "scale":
        return rng.randrange(len(m.levels))
    if m.type == "yes_no":
        return rng.choice([True, False])
    if m.type == "choice":
        return rng.choice(m.options).id
    if m.type in ("per_item", "deduction"):
        return rng.randint(0, 9)
    low = -50 if m.type == "bands" else 0
    number = Decimal(rng.randint(low * 100, 30000)).scaleb(-2)
    return int(number) if number == number.to_integral_value() else number.normalize()


def random_doc(fw: Framework, tier: str, rng: random.Random, evidence: str | None = None) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for n, ind in enumerate(fw.tier_indicators(tier)):
        pick = rng.random()
        if pick < 0.12:
            answers[ind.id] = {"not_applicable": True, "reason": f"不适用：{ind.id}"}
        elif pick < 0.22:
            continue
        else:
            entry: dict[str, Any] = {"value": random_value(ind, rng)}
            if rng.random() < 0.3:
                entry["note"] = f"备注 {ind.id}\n第二行 “引号” & <b>"
            answers[ind.id] = entry
        if n == 0 and evidence:
            answers[ind.id]["evidence"] = [evidence]
    vetoes = {v.id: rng.choice([True, False]) for v in fw.vetoes if rng.random() < 0.7}
    return {"answers": answers, "vetoes": vetoes}


def fill(
    source: Path,
    out: Path,
    doc: dict[str, Any],
    fw: Framework,
    rng: random.Random,
    lang: str = "zh",
) -> None:
    """Fill a checklist as a person would: 是/否 words, option labels, ids or titles, plain numbers."""
    wb = load_workbook(source)
    ws = wb[SHEET[lang][0]]
    rows = {ws[f"{COL['id']}{r}"].value: r for r in range(2, ws.max_row + 1)}
    yes, no = ("是", "否") if lang == "zh" else ("Yes", "No")
    for ind_id, entry in doc["answers"].items():
        r = rows[ind_id]
        ind = fw.indicator(ind_id)
        assert ind is not None
        if entry.get("not_applicable"):
            ws[f"{COL['na']}{r}"] = yes
            ws[f"{COL['reason']}{r}"] = entry["reason"]
        elif "value" in entry:
            value = entry["value"]
            if ind.method.type == "yes_no":
                value = yes if value else no
            elif ind.method.type == "choice":
                option = ind.method.option(value)
                value = rng.choice([value, f"{value} | {option.title.get(lang)}", option.title.get(lang)])
            ws[f"{COL['value']}{r}"] = value
            if rng.random() < 0.3:
                ws[f"{COL['na']}{r}"] = no
        if "note" in entry:
            ws[f"{COL['note']}{r}"] = entry["note"]
        if "evidence" in entry:
            ws[f"{COL['evidence']}{r}"] = "; ".join(entry["evidence"])
    vws = wb[SHEET[lang][1]]
    vrows = {vws[f"A{r}"].value: r for r in range(2, vws.max_row + 1)}
    for veto_id, decided in doc["vetoes"].items():
        vws[f"D{vrows[veto_id]}"] = yes if decided else no
    wb.save(out)


def json_default(value: Any) -> Any:
    assert isinstance(value, Decimal)
    return float(value)


def apply_doc(ctx: Any, ref: str, doc: dict[str, Any], source: Path, fw: Framework, tier: str) -> None:
    batch = parse_document(doc, fw, tier, source=str(source), base_dir=source.parent, evidence_limit=ctx.evidence.limit)
    cases.apply_batch(ctx, ref, batch)


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_equals_answers_json(ctx: Any, tmp_path: Path, framework: str, lang: str) -> None:
    fw = fw_registry.resolve(ctx, framework)
    rng = random.Random(f"{framework}-{lang}")
    folder = tmp_path / "pkg"
    (folder / "scans").mkdir(parents=True)
    (folder / "scans" / "证书.pdf").write_bytes(b"%PDF " + os.urandom(64))
    for tier in ("regional", "city", "enterprise"):
        doc = random_doc(fw, tier, rng, evidence="scans/证书.pdf")
        by_json, by_xlsx = new(ctx, framework, tier), new(ctx, framework, tier, USCC[1])
        answers_json = folder / "answers.json"
        answers_json.write_text(json.dumps(doc, ensure_ascii=False, default=json_default), encoding="utf-8")
        cases.apply_answers_file(ctx, by_json, answers_json)

        blank = folder / f"checklist-{tier}.xlsx"
        export_checklist(fw, blank, lang, tier if tier != "city" else None)
        filled = folder / f"filled-{tier}.xlsx"
        fill(blank, filled, doc, fw, rng, lang)
        read = read_checklist(filled, fw, tier)
        assert read["framework"] == fw.key
        assert read["answers"] == doc["answers"]
        assert read["vetoes"] == doc["vetoes"]
        apply_doc(ctx, by_xlsx, read, filled, fw, tier)

        a = case_json(cases.load_case(ctx, by_json))
        b = case_json(cases.load_case(ctx, by_xlsx))
        assert a["result"] == b["result"]
        assert [(e["indicator"], e["sha256"]) for e in a["evidence"]] == [
            (e["indicator"], e["sha256"]) for e in b["evidence"]
        ]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_untouched_checklist_is_an_empty_answers_document(ctx: Any, tmp_path: Path, framework: str) -> None:
    fw = fw_registry.resolve(ctx, framework)
    for tier in (None, "enterprise"):
        out = tmp_path / f"{framework}-{tier}.xlsx"
        export_checklist(fw, out, "zh", tier)
        assert read_checklist(out, fw, tier or "city") == {"framework": fw.key, "answers": {}, "vetoes": {}}


def test_exported_checklist_structure(ctx: Any, tmp_path: Path) -> None:
    fw = fw_registry.resolve(ctx, "construction-implementation")
    out = tmp_path / "c.xlsx"
    export_checklist(fw, out, "zh", "city")
    wb = load_workbook(out)
    assert wb.sheetnames == ["说明", "评估清单", "否决项", "_lists", "_meta"]
    assert wb["_meta"].sheet_state == "hidden" and wb["_lists"].sheet_state == "hidden"
    meta = {wb["_meta"][f"A{r}"].value: wb["_meta"][f"B{r}"].value for r in range(1, 8)}
    assert (meta["framework_id"], meta["framework_version"], meta["framework_sha256"], meta["tier"]) == (
        fw.id,
        fw.version,
        fw.sha256,
        "city",
    )
    ws = wb["评估清单"]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{COL['dated']}{ws.max_row}"  # the last column
    assert ws.protection.sheet
    assert ws[f"{COL['id']}2"].protection.locked
    assert not ws[f"{COL['value']}2"].protection.locked
    ids = [ws[f"B{r}"].value for r in range(2, ws.max_row + 1)]
    assert ids == [i.id for i in fw.tier_indicators("city")]
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    by_id = {ws[f"B{r}"].value: r for r in range(2, ws.max_row + 1)}

    def dv(ind_id: str) -> Any:
        return validations[f"{COL['value']}{by_id[ind_id]}"]

    assert (dv("B1.2").type, dv("B1.2").formula1) == ("list", '"0,1,2,3,4,5"')
    assert (dv("B5.3").type, dv("B5.3").formula1) == ("list", '"是,否"')
    assert dv("B1.1").type == "list" and dv("B1.1").formula1.startswith("'_lists'!$")
    assert (dv("B1.3").type, dv("B1.3").operator, dv("B1.3").formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert (dv("B2.2").type, dv("B2.2").operator) == ("decimal", "greaterThanOrEqual")
    assert (dv("B3.4").type, dv("B3.4").operator, dv("B3.4").formula1) == ("whole", "greaterThanOrEqual", "0")
    assert (dv("B5.1").type, dv("B5.1").formula1) == ("whole", "0")
    assert dv("B4.1").type == "decimal"
    assert all(d.error and d.prompt and d.showErrorMessage for d in validations.values())
    assert validations[f"{COL['na']}2:{COL['na']}{ws.max_row}"].formula1 == '"是,否"'
    # the tier's absolute thresholds are shown next to the scale descriptors
    assert "≥ 8 个系统 → 100%" in ws[f"{COL['rules']}{by_id['B1.3']}"].value
    assert ws[f"{COL['rules']}{by_id['B1.2']}"].value.startswith("0：")
    vws = wb["否决项"]
    assert [vws[f"A{r}"].value for r in range(2, vws.max_row + 1)] == [v.id for v in fw.vetoes]
    assert "如何填写" in [c.value for c in wb["说明"]["A"]]


def test_checklist_without_tier_carries_the_framework_sheets(ctx: Any, tmp_path: Path) -> None:
    from cityeval_desktop.domain.loader import load_bytes
    from cityeval_desktop.exchange.framework_xlsx import import_framework_workbook

    fw = fw_registry.resolve(ctx, "operations-maintenance")
    out = tmp_path / "forms.xlsx"
    export_checklist(fw, out)
    again = load_bytes(import_framework_workbook(out))
    assert again.indicators() == fw.indicators()


# ----------------------------------------------------------------------------- bad input
@pytest.fixture
def planning(ctx: Any) -> Framework:
    return fw_registry.resolve(ctx, "planning-consulting")


@pytest.fixture
def blank(planning: Framework, tmp_path: Path) -> Path:
    out = tmp_path / "blank.xlsx"
    export_checklist(planning, out, "zh", "city")
    return out


def edit(blank: Path, out: Path, change: Any) -> Path:
    wb = load_workbook(blank)
    change(wb)
    wb.save(out)
    return out


def row_of(ws: Any, ind_id: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws[f"B{r}"].value == ind_id)


def refused(path: Path, fw: Framework, tier: str = "city") -> list[tuple[str, str, str]]:
    with pytest.raises(InputError) as info:
        read_checklist(path, fw, tier)
    return [(p.where, p.message.zh, p.message.en) for p in info.value.problems]


def set_value(ind_id: str, value: Any, column: str = "value") -> Any:
    def change(wb: Any) -> None:
        ws = wb["评估清单"]
        ws[f"{COL[column]}{row_of(ws, ind_id)}"] = value

    return change


def test_not_an_xlsx(planning: Framework, tmp_path: Path) -> None:
    text = tmp_path / "answers.xlsx"
    text.write_text("P1.1,7\n", encoding="utf-8")
    [(where, zh, en)] = refused(text, planning)
    assert where == str(text) and ".xlsx" in zh and ".xlsx" in en

    encrypted = tmp_path / "locked.xlsx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(600))
    [(where, zh, en)] = refused(encrypted, planning)
    assert "密码" in zh and "password" in en

    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    [(where, zh, _)] = refused(broken, planning)
    assert "无法读取工作簿" in zh

    [(_, zh, _)] = refused(tmp_path / "missing.xlsx", planning)
    assert "不存在" in zh


def test_missing_sheets(planning: Framework, blank: Path, tmp_path: Path) -> None:
    path = edit(blank, tmp_path / "a.xlsx", lambda wb: wb.remove(wb["否决项"]))
    [(where, zh, en)] = refused(path, planning)
    assert "否决项" in zh and "Veto decisions" in en and where == str(path)
    path = edit(blank, tmp_path / "b.xlsx", lambda wb: wb.remove(wb["_meta"]))
    [(_, zh, _)] = refused(path, planning)
    assert "_meta" in zh and "不是 CityEval 导出的评估清单" in zh


def test_moved_and_merged_header(planning: Framework, blank: Path, tmp_path: Path) -> None:
    path = edit(blank, tmp_path / "moved.xlsx", lambda wb: wb["评估清单"].insert_cols(11))
    problems = refused(path, planning)
    assert problems[0][0] == f"{path}: 评估清单!K1"
    assert "“填写值” 应在 K 列，现在在 L 列" in problems[0][1]
    assert "now in column L" in problems[0][2]

    path = edit(blank, tmp_path / "merged.xlsx", lambda wb: wb["评估清单"].merge_cells("K1:L1"))
    problems = refused(path, planning)
    assert (f"{path}: 评估清单!K1:L1", "表头单元格被合并；请取消合并，保持导出时的列") == problems[0][:2]

    def renamed(wb: Any) -> None:
        wb["评估清单"]["N1"] = "说明"

    path = edit(blank, tmp_path / "renamed.xlsx", renamed)
    [(where, zh, _)] = refused(path, planning)
    assert where == f"{path}: 评估清单!N1" and "“备注”" in zh


@pytest.mark.parametrize(
    ("ind_id", "value", "column", "message"),
    [
        ("P1.1", "=2+5", "value", "公式不被接受，请填写数值"),
        ("P1.2", "=A1", "value", "公式不被接受，请填写数值"),
        ("P1.1", "七人", "value", "应填写数字，实际为文本 “七人”"),
        ("P3.2", "很高", "value", "应填写数字，实际为文本 “很高”"),
        ("P5.2", 3, "value", "数字 3 不是有效的选项编号"),
        ("P5.2", "AAAA级", "value", "“AAAA级” 不是本指标的选项"),
        ("P1.2", 7, "value", "等级应为 0–5 的整数，实际为 7"),
        ("P1.2", "很好", "value", "应填写等级数字，实际为文本 “很好”"),
        ("P1.2", 2.5, "value", "等级应为 0–5 的整数，实际为 2.5"),
        ("P2.4", "可能", "value", "“可能” 不是“是”或“否”"),
        ("P1.1", -3, "value", "不能为负数"),
        ("P5.1", 1.5, "value", "应为整数"),
        ("P1.1", "也许", "na", "“不适用”列应选“是”或“否”"),
    ],
)
def test_bad_cells_are_located(
    planning: Framework, blank: Path, tmp_path: Path, ind_id: str, value: Any, column: str, message: str
) -> None:
    path = edit(blank, tmp_path / "bad.xlsx", set_value(ind_id, value, column))
    r = row_of(load_workbook(blank)["评估清单"], ind_id)
    [(where, zh, en)] = refused(path, planning)
    assert where == f"{path}: 评估清单!{COL[column]}{r}"
    assert message in zh
    assert en


def test_expected_value_is_named(planning: Framework, blank: Path, tmp_path: Path) -> None:
    path = edit(blank, tmp_path / "bad.xlsx", set_value("P1.2", 9))
    [(_, zh, en)] = refused(path, planning)
    assert "请填写等级 0–5 的整数" in zh and "enter a level 0-5" in en


def test_na_needs_a_reason_and_no_value(planning: Framework, blank: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        ws = wb["评估清单"]
        r = row_of(ws, "P1.3")
        ws[f"{COL['na']}{r}"] = "是"
        r = row_of(ws, "P1.4")
        ws[f"{COL['na']}{r}"] = "是"
        ws[f"{COL['reason']}{r}"] = "本级不涉及"
        ws[f"{COL['value']}{r}"] = 3
        r = row_of(ws, "P2.1")
        ws[f"{COL['reason']}{r}"] = "忘了选“是”"

    path = edit(blank, tmp_path / "na.xlsx", change)
    ws = load_workbook(blank)["评估清单"]
    problems = refused(path, planning)
    assert [p[0] for p in problems] == [
        f"{path}: 评估清单!{COL['reason']}{row_of(ws, 'P1.3')}",
        f"{path}: 评估清单!{COL['value']}{row_of(ws, 'P1.4')}",
        f"{path}: 评估清单!{COL['na']}{row_of(ws, 'P2.1')}",
    ]
    assert "必须填写不适用理由" in problems[0][1]
    assert "不能同时填写值" in problems[1][1]


def test_added_and_duplicated_rows(planning: Framework, blank: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        ws = wb["评估清单"]
        last = ws.max_row
        ws[f"B{last + 1}"] = "P9.9"
        ws[f"{COL['value']}{last + 1}"] = 3
        ws[f"B{last + 2}"] = "P1.2"
        ws[f"{COL['value']}{last + 2}"] = 3
        ws[f"{COL['value']}{last + 3}"] = 5

    path = edit(blank, tmp_path / "rows.xlsx", change)
    last = load_workbook(blank)["评估清单"].max_row
    problems = refused(path, planning)
    assert [p[0] for p in problems] == [
        f"{path}: 评估清单!B{last + 1}",
        f"{path}: 评估清单!B{last + 2}",
        f"{path}: 评估清单!{COL['value']}{last + 3}",
    ]
    assert "未知指标编号 “P9.9”" in problems[0][1]
    assert f"指标编号 P1.2 重复（第 {row_of(load_workbook(blank)['评估清单'], 'P1.2')} 行已有）" in problems[1][1]
    assert "没有指标编号" in problems[2][1]


def test_other_framework_version_or_content(ctx: Any, planning: Framework, tmp_path: Path) -> None:
    other = fw_registry.resolve(ctx, "construction-implementation")
    path = tmp_path / "other.xlsx"
    export_checklist(other, path, "zh", "city")
    [(where, zh, en)] = refused(path, planning)
    assert where == f"{path}: _meta!B2"
    assert "此清单针对框架 construction-implementation@2026.1" in zh
    assert "本案例使用 planning-consulting@2026.1" in zh
    assert "the case uses planning-consulting@2026.1" in en

    def tamper(wb: Any) -> None:
        wb["_meta"]["B4"] = "0" * 64

    changed = edit(tmp_path / "other.xlsx", tmp_path / "sha.xlsx", tamper)
    [(where, zh, _)] = refused(changed, other)
    assert where == f"{changed}: _meta!B4" and "内容不同" in zh


def test_other_tier(planning: Framework, blank: Path) -> None:
    [(where, zh, _)] = refused(blank, planning, "regional")
    assert where.endswith("_meta!B6") and "“city”" in zh and "“regional”" in zh


def test_indicator_outside_the_tier(ctx: Any, tmp_path: Path) -> None:
    from cityeval_desktop.domain.loader import load_file

    mini = load_file(Path(__file__).resolve().parents[2] / "fixtures" / "mini.yaml")
    path = tmp_path / "mini.xlsx"
    export_checklist(mini, path)
    wb = load_workbook(path)
    ws = wb["评估清单"]
    ws[f"{COL['value']}{row_of(ws, 'X')}"] = 1  # X applies to regional and city only
    ws[f"{COL['value']}{row_of(ws, 'S')}"] = 2
    wb.save(path)
    assert read_checklist(path, mini, "city")["answers"] == {"S": {"value": 2}, "X": {"value": 1}}
    [(where, zh, _)] = refused(path, mini, "enterprise")
    assert where == f"{path}: 评估清单!{COL['value']}{row_of(ws, 'X')}" and "不适用于本案例的服务级别" in zh


def test_veto_decisions(planning: Framework, blank: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        ws = wb["否决项"]
        ws["D2"] = "是"
        ws["D3"] = "也许"
        ws["D4"] = "=1"
        ws[f"A{ws.max_row + 1}"] = "V99"
        ws[f"D{ws.max_row}"] = "否"

    path = edit(blank, tmp_path / "vetoes.xlsx", change)
    last = load_workbook(blank)["否决项"].max_row
    problems = refused(path, planning)
    assert [p[0] for p in problems] == [
        f"{path}: 否决项!D3",
        f"{path}: 否决项!D4",
        f"{path}: 否决项!A{last + 1}",
    ]
    assert "判定应为“是”" in problems[0][1]
    assert "公式不被接受" in problems[1][1]
    assert "未知否决项编号 “V99”" in problems[2][1]


def test_lenient_forms_that_are_still_exact(planning: Framework, blank: Path, tmp_path: Path) -> None:
    """What spreadsheet programs do to values: TRUE() formulas (LibreOffice), percent cells, full-width digits."""

    def change(wb: Any) -> None:
        ws = wb["评估清单"]
        ws[f"{COL['value']}{row_of(ws, 'P2.4')}"] = "=TRUE()"
        ws[f"{COL['value']}{row_of(ws, 'P5.3')}"] = False
        cell = ws[f"{COL['value']}{row_of(ws, 'P3.2')}"]
        cell.value = 0.455
        cell.number_format = "0.0%"
        ws[f"{COL['value']}{row_of(ws, 'P1.1')}"] = "１２"
        ws[f"{COL['value']}{row_of(ws, 'P1.2')}"] = "3"
        ws[f"{COL['value']}{row_of(ws, 'P4.3')}"] = "4.5%"
        ws[f"{COL['value']}{row_of(ws, 'P5.2')}"] = "AA"
        ws[f"{COL['note']}{row_of(ws, 'P5.2')}"] = 2024

    path = edit(blank, tmp_path / "lenient.xlsx", change)
    doc = read_checklist(path, planning, "city")
    assert doc["answers"] == {
        "P2.4": {"value": True},
        "P5.3": {"value": False},
        "P3.2": {"value": Decimal("45.5")},
        "P1.1": {"value": 12},
        "P1.2": {"value": 3},
        "P4.3": {"value": Decimal("4.5")},
        "P5.2": {"value": "aa", "note": "2024"},
    }


def test_missing_evidence_file_is_located(planning: Framework, blank: Path, tmp_path: Path) -> None:
    path = edit(blank, tmp_path / "ev.xlsx", set_value("P1.1", "scans/nothing.pdf", "evidence"))
    [(where, zh, _)] = refused(path, planning)
    assert where == f"{path}: 评估清单!{COL['evidence']}{row_of(load_workbook(blank)['评估清单'], 'P1.1')}"
    assert "证据文件不存在：scans/nothing.pdf" in zh


def test_every_problem_is_reported_at_once(planning: Framework, blank: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        for ind_id, value in (("P1.1", "x"), ("P1.2", 8), ("P5.2", 1)):
            set_value(ind_id, value)(wb)

    path = edit(blank, tmp_path / "many.xlsx", change)
    assert len(refused(path, planning)) == 3


def test_a_zip_bomb_is_refused_before_unpacking(planning: Framework, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/huge.xml", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(410):
                fh.write(block)
    [(where, zh, en)] = refused(bomb, planning)
    assert where == str(bomb) and "过大" in zh and "too large" in en
