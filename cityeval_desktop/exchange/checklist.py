"""The Excel checklist of a framework: reviewable and fillable, and read back as an answers document.

``export_checklist`` writes 说明/About, 评估清单/Checklist (one row per indicator, the input
columns in yellow, a data validation per value cell fitting its method), 否决项/Veto decisions
and two hidden sheets: ``_meta`` (framework id, version, sha256, language, tier) and
``_lists`` (the choice lists). ``read_checklist`` turns a filled copy into the answers
document of DESIGN §6 (``{"framework", "answers", "vetoes"}``, values typed per method) and
reports every problem at its cell: ``FILE: Sheet!C12: what is wrong; what is expected``.

Blank rows are left out of the document: importing a checklist never clears an answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from cityeval_desktop.domain import basis, result_text
from cityeval_desktop.domain.case_data import parse_day
from cityeval_desktop.domain.errors import InputError
from cityeval_desktop.domain.framework import CATEGORIES, Framework, Indicator
from cityeval_desktop.domain.methods import (
    AnswerValueError,
    Bands,
    Choice,
    Deduction,
    Method,
    PerItem,
    Ratio,
    Scale,
    Threshold,
    YesNo,
)
from cityeval_desktop.domain.numbers import plain, points
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.domain.wording import method_words
from cityeval_desktop.exchange import xlsxkit as kit
from cityeval_desktop.exchange.xlsx_reader import open_workbook, rows_with_cells
from cityeval_desktop.store.evidence import EvidenceError, confined_source, shown_name

__all__ = ["CHECKLIST_FORMAT", "COLUMNS", "SHEETS", "VETO_COLUMNS", "export_checklist", "read_checklist"]

T = Text
CHECKLIST_FORMAT = "cityeval-checklist/1"
META = "_meta"
LISTS = "_lists"
SHEETS: dict[str, Text] = {
    "about": T("说明", "About"),
    "checklist": T("评估清单", "Checklist"),
    "vetoes": T("否决项", "Veto decisions"),
}


@dataclass(frozen=True)
class Column:
    key: str
    title: Text
    width: float
    wrap: bool = False
    input: bool = False


def _input(key: str, zh: str, en: str, width: float, *, wrap: bool = False) -> Column:
    """A yellow column the user fills in."""
    return Column(key, T(zh, en), width, wrap=wrap, input=True)


def _files(key: str, zh: str, en: str) -> Column:
    """An input column of files: paths relative to the checklist's folder, separated by ;."""
    return _input(key, f"{zh}（相对路径，多个用 ; 分隔）", f"{en} (relative paths, separated by ;)", 26, wrap=True)


COLUMNS: tuple[Column, ...] = (
    Column("dimension", T("维度", "Dimension"), 14, wrap=True),
    Column("id", T("指标编号", "Indicator ID"), 10),
    Column("title", T("指标名称", "Indicator"), 20, wrap=True),
    Column("points", T("分值", "Points"), 7),
    Column("method", T("计分方法", "Scoring method"), 22, wrap=True),
    Column("unit", T("单位", "Unit"), 9, wrap=True),
    Column("rules", T("等级 / 选项 / 门槛", "Levels / options / thresholds"), 46, wrap=True),
    Column("guidance", T("评估指引", "Guidance"), 56, wrap=True),
    Column("evidence_needed", T("证据要求", "Evidence needed"), 16, wrap=True),
    Column("tiers", T("适用层级", "Tiers"), 12, wrap=True),
    _input("value", "填写值", "Value", 16),
    _input("na", "不适用（是/否）", "Not applicable (Yes/No)", 11),
    _input("reason", "不适用理由", "Reason for N/A", 24, wrap=True),
    _input("note", "备注", "Note", 28, wrap=True),
    _files("evidence", "证据文件", "Evidence files"),
    # the columns below came with N/A grounds and verified evidence: a workbook without them still imports
    _input("ground", "不适用依据", "N/A ground", 20, wrap=True),
    _input(
        "kind",
        "证据类型（一个，或按文件逐个用 ; 分隔）",
        "Evidence kind (one, or one per file separated by ;)",
        20,
        wrap=True,
    ),
    _input("verify_method", "核验方式", "Verification method", 14),
    _input("verify_conclusion", "核验结论", "Verification conclusion", 11),
    _input("verify_by", "核验人", "Verified by", 12),
    _input("verify_at", "核验日期", "Verified on", 14),
    # and this one with the frameworks' source notes: where the indicator comes from (issue 11 §2)
    Column("source", T("指标出处", "Source of the indicator"), 30, wrap=True),
    # and this one with dated evidence: the day each file proves (证明日期, issue 12)
    _input(
        "dated",
        "证明日期（如 2026-06-30；一个，或按文件逐个用 ; 分隔）",
        "Date proved (such as 2026-06-30; one, or one per file separated by ;)",
        20,
        wrap=True,
    ),
)
#: how many columns a checklist exported before N/A grounds and verified evidence has
LEGACY_COLUMNS = 15
#: ... and one exported before the source column
BASIS_COLUMNS = 21
#: ... and one exported before the date-proved column
SOURCE_COLUMNS = 22
VETO_COLUMNS: tuple[Column, ...] = (
    Column("id", T("否决项编号", "Veto ID"), 10),
    Column("title", T("否决项", "Veto"), 34, wrap=True),
    Column("guidance", T("判定指引", "Guidance"), 70, wrap=True),
    _input("decision", "判定（是/否/留空）", "Decision (Yes/No/blank)", 14),
    _input("source", "查询来源", "Source", 22, wrap=True),
    _input(
        "queried_at", "查询时间（如 2026-11-30T10:00:00+08:00）", "Queried at (such as 2026-11-30T10:00:00+08:00)", 22
    ),
    _input("basis_note", "判定说明", "Note", 28, wrap=True),
    _files("basis_evidence", "依据文件", "Evidence files"),
    Column("rule_source", T("否决项出处", "Source of the veto rule"), 30, wrap=True),
)
LEGACY_VETO_COLUMNS = 4
BASIS_VETO_COLUMNS = 8
_COL = {c.key: n for n, c in enumerate(COLUMNS, start=1)}
_VCOL = {c.key: n for n, c in enumerate(VETO_COLUMNS, start=1)}
_INPUT_KEYS = (
    "value",
    "na",
    "reason",
    "note",
    "evidence",
    "ground",
    "kind",
    "verify_method",
    "verify_conclusion",
    "verify_by",
    "verify_at",
    "dated",
)
_VERIFY_KEYS = ("verify_method", "verify_conclusion", "verify_by", "verify_at")
YES_NO = {"zh": ("是", "否"), "en": ("Yes", "No")}
_YES = {"是", "yes", "y", "true", "对", "√", "✓", "t"}
_NO = {"否", "no", "n", "false", "不", "不是", "×", "✗", "f"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_MAX_TEXT = 20_000  # as services.answers.MAX_TEXT
_EVIDENCE_SPLIT = re.compile(r"[;；\n]+")
_MAX_DATED_TEXT = 2_000  # 50 files x "YYYY-MM-DD; " with room: a longer cell is not a list of dates


# ============================================================================ wording
def _pct(value: Fraction) -> str:
    return f"{plain(value * 100)}%"


def _unit(method: Method, lang: str) -> str:
    unit = getattr(method, "unit", None)
    return unit.get(lang) if unit else ""


def expected_text(indicator: Indicator, lang: str) -> str:
    """What a value cell of this indicator must hold, in a sentence."""
    m = indicator.method
    zh = lang == "zh"
    if isinstance(m, Scale):
        top = len(m.levels) - 1
        return f"请填写等级 0–{top} 的整数（等级说明见“等级 / 选项 / 门槛”列）" if zh else f"enter a level 0-{top}"
    if isinstance(m, YesNo):
        return "请选择“是”或“否”" if zh else "choose Yes or No"
    if isinstance(m, Choice):
        ids = ", ".join(o.id for o in m.options)
        return (
            f"请从下拉列表中选择，或填写选项编号：{ids}" if zh else f"pick from the list, or enter an option id: {ids}"
        )
    unit = _unit(m, lang)
    if zh:
        unit_note = f"（单位：{unit}，只填数字）" if unit else "（只填数字）"
    else:
        unit_note = f" (in {unit}, number only)" if unit else " (number only)"
    if isinstance(m, Deduction) and m.graded:
        example = counts_example(m, lang)
        names = ("、" if zh else ", ").join(v.title.get(lang) for v in m.severities)
        return (
            f"按严重程度填写次数，例如 {example}（程度：{names}；未写的程度按 0 次；没有填 0）"
            if zh
            else f"counts per severity, e.g. {example} (severities: {names}; one left out counts 0; none: 0)"
        )
    if isinstance(m, PerItem | Deduction):
        return ("请填写不小于 0 的整数" if zh else "enter a whole number >= 0") + unit_note
    if isinstance(m, Bands):
        return ("请填写数字" if zh else "enter a number") + unit_note
    return ("请填写不小于 0 的数字" if zh else "enter a number >= 0") + unit_note


def _rules(ind: Indicator, fw: Framework, tier: str | None, lang: str) -> str:
    m = ind.method
    zh = lang == "zh"
    unit = _unit(m, lang)
    if isinstance(m, Scale):
        return "\n".join(f"{n}：{lv.get(lang)}" if zh else f"{n}: {lv.get(lang)}" for n, lv in enumerate(m.levels))
    if isinstance(m, YesNo):
        return "是 = 满分；否 = 0 分" if zh else "Yes = full points; No = 0"
    if isinstance(m, Choice):
        return "\n".join(f"{o.id} | {o.title.get(lang)} → {_pct(o.fraction)}" for o in m.options)
    if isinstance(m, Threshold):
        lines = []
        tiers = [t for t in fw.tiers if t.id in m.thresholds and (tier is None or t.id == tier)]
        for t in tiers:
            base = m.thresholds[t.id]
            head = (
                f"{t.title.get(lang)}：门槛 {plain(base)} {unit}"
                if zh
                else f"{t.title.get(lang)}: {plain(base)} {unit}"
            )
            lines.append(head)
            if tier is not None:
                lines += [f"  ≥ {plain(r * base)} {unit} → {_pct(f)}" for r, f in m.bands]
        if tier is None:
            lines += [
                f"≥ {plain(r)} × 门槛 → {_pct(f)}" if zh else f"≥ {plain(r)} × threshold → {_pct(f)}"
                for r, f in m.bands
            ]
        lines.append("其余 → 0%" if zh else "otherwise → 0%")
        return "\n".join(lines)
    if isinstance(m, Bands):
        lines = [f"≥ {plain(b)} {unit} → {_pct(f)}" for b, f in m.bands]
        lines.append("其余 → 0%" if zh else "otherwise → 0%")
        return "\n".join(lines)
    if isinstance(m, Ratio):
        t = plain(m.target)
        return (
            f"目标 {t} {unit}；得分率 = min(1, 填写值 ÷ {t})" if zh else f"target {t} {unit}; f = min(1, value / {t})"
        )
    if isinstance(m, PerItem):
        p = plain(m.per)
        return (
            f"每{unit or '项'} {p} 分，最多 {plain(ind.points)} 分"
            if zh
            else f"{points(m.per, lang)} each, at most {points(ind.points, lang)}"
        )
    if isinstance(m, Deduction) and m.graded:
        lines = []
        for v in m.severities:
            veto = (f"；出现即触发否决项 {v.veto}" if zh else f"; any raises veto {v.veto}") if v.veto else ""
            lines.append(
                f"{v.title.get(lang)}：每{unit or '次'}扣 {plain(v.per)} 分{veto}"
                if zh
                else f"{v.title.get(lang)}: {points(v.per, lang)} off each{veto}"
            )
        lines.append(f"{plain(ind.points)} 分扣完为止" if zh else f"down to 0 of {plain(ind.points)}")
        return "\n".join(lines)
    if isinstance(m, Deduction):
        p = plain(m.per)
        return (
            f"每{unit or '次'}扣 {p} 分，{plain(ind.points)} 分扣完为止"
            if zh
            else f"{points(m.per, lang)} off each, down to 0 of {plain(ind.points)}"
        )
    return ""


METHOD_RULES: list[tuple[str, Text, Text]] = [
    ("scale", T("等级 0…n（整数）", "level 0..n (whole number)"), T("f = 等级 / 最高等级", "f = level / top level")),
    ("yes_no", T("是 / 否", "Yes / No"), T("是 = 1，否 = 0", "Yes = 1, No = 0")),
    ("choice", T("选项编号", "option id"), T("f = 该选项的得分率", "f = the option's fraction")),
    (
        "threshold",
        T("数字 ≥ 0", "number >= 0"),
        T(
            "f = 第一个满足 数值 ≥ 倍数 × 本层级门槛 的分档得分率，否则 0",
            "f = fraction of the first band with value >= ratio x the tier's threshold, else 0",
        ),
    ),
    (
        "bands",
        T("数字", "number"),
        T(
            "f = 第一个满足 数值 ≥ 下限 的分档得分率，否则 0",
            "f = fraction of the first band with value >= min, else 0",
        ),
    ),
    ("ratio", T("数字 ≥ 0", "number >= 0"), T("f = min(1, 数值 / 目标)", "f = min(1, value / target)")),
    (
        "per_item",
        T("整数 ≥ 0（项数）", "whole number >= 0 (items)"),
        T("f = min(分值, 项数 × 每项分) / 分值", "f = min(points, count x per) / points"),
    ),
    (
        "deduction",
        T("整数 ≥ 0（次数）", "whole number >= 0 (occurrences)"),
        T("f = max(0, 分值 − 次数 × 每次扣分) / 分值", "f = max(0, points - count x per) / points"),
    ),
]

HOW_TO: dict[str, list[str]] = {
    "zh": [
        "1. 只在“评估清单”表的黄色列中填写：填写值、不适用（是/否）、不适用理由、备注、证据文件。其他列是说明，"
        "请勿修改，也不要插入、删除或移动列，不要新增指标行。",
        "2. 按每行的“计分方法”填写：等级题填整数 0–N（各等级的含义见“等级 / 选项 / 门槛”列）；是否题选“是”或“否”；"
        "选项题从下拉列表选择；数值题只填数字，不带单位；个数、次数填不小于 0 的整数。",
        "3. 不适用的指标：在“不适用”列选“是”并填写理由，此时“填写值”留空。",
        "4. 不要填写公式。留空的行视为本次不作答：导入不会清除案例中已有的答案。",
        "5. 在“否决项”表逐项判定：是 = 否决成立，否 = 不成立，留空 = 未判定。",
        "6. 证据文件的路径相对于本文件所在的文件夹，多个文件用 ; 分隔。“证据类型”填一个（适用于该行全部文件），"
        "或按文件顺序逐个填写；第三方评估在“核验方式、核验结论、核验人、核验日期”中记录该行文件的核验"
        "（结论为属实、存疑或不属实）。“证明日期”填该行文件所证明的日期（如 2026-06-30，或日期格式的单元格），"
        "一个（适用于全部文件）或按文件顺序逐个填写；考察期外的日期会被标出。",
        "7. 不适用须从“不适用依据”下拉列表中选择框架规定的依据；框架不允许不适用的指标不能标记。"
        "否决项的判定依据（查询来源、带时区的查询时间、说明、依据文件）填在“否决项”表同一行。",
        "8. 导入：cityeval case answer 案例编号 --file 本文件.xlsx（或在工作台中“导入清单”）。"
        "清单记录了框架编号、版本和 SHA-256，须与案例所用框架一致；每个问题都会指出工作表和单元格。",
    ],
    "en": [
        "1. Fill in only the yellow columns of the Checklist sheet: value, not applicable (Yes/No), reason, note, "
        "evidence files. The other columns explain the indicator: do not change them, do not insert, delete or "
        "move columns, and do not add indicator rows.",
        "2. Follow each row's scoring method: a level is a whole number 0-N (the levels are described in the "
        "'Levels / options / thresholds' column); yes/no questions take Yes or No; choices come from the list; "
        "numbers without their unit; counts are whole numbers >= 0.",
        "3. An indicator that does not apply: choose Yes in 'Not applicable' and give the reason; leave the "
        "value empty.",
        "4. No formulas. An empty row is not answered this time: importing never clears an answer of the case.",
        "5. Decide each veto on the 'Veto decisions' sheet: Yes = the veto applies, No = it does not, blank = "
        "not decided.",
        "6. Evidence paths are relative to this file's folder; separate several files with ;. 'Evidence kind' "
        "takes one kind (for every file of the row) or one per file in order; a third-party assessment records how "
        "the row's files were verified in the method, conclusion (属实, 存疑 or 不属实), by and on columns. "
        "'Date proved' takes the day the row's files prove (such as 2026-06-30, or a date cell), one for every "
        "file or one per file in order; a date outside the review window is flagged.",
        "7. An N/A takes one of the framework's grounds from the 'N/A ground' list; an indicator the framework "
        "does not allow N/A on cannot be marked. A veto decision's basis (source, the query time with its offset, "
        "note, evidence files) goes on its row of the 'Veto decisions' sheet.",
        "8. Import: cityeval case answer CASE --file THIS.xlsx (or 'Import checklist' in the workbench). The "
        "checklist records the framework id, version and SHA-256; they must match the case's framework. Each "
        "problem names its sheet and cell.",
    ],
}


# ============================================================================ export
def export_checklist(
    framework: Framework,
    out: Path,
    lang: str = "zh",
    tier: str | None = None,
    *,
    include_framework: bool | None = None,
) -> None:
    """Write the reviewable, fillable checklist of ``framework`` (only ``tier``'s indicators when given).

    ``include_framework`` (default: when no tier is given, i.e. ``forms export-xlsx``) also appends the
    authoring sheets of ``exchange.framework_xlsx``, so the same file can be edited and turned back into
    YAML with ``import_framework_workbook``.
    """
    lang = "en" if lang == "en" else "zh"
    if tier is not None and framework.tier(tier) is None:
        known = ", ".join(t.id for t in framework.tiers)
        raise InputError.one(
            Text(f"未知层级 “{tier}”（可选：{known}）", f"unknown tier '{tier}' (expected: {known})"), "--tier"
        )
    wb = Workbook()
    kit.add_styles(wb)
    about = wb.active
    about.title = kit.sheet_title(SHEETS["about"].get(lang))
    _about_sheet(about, framework, tier, lang)
    lists = wb.create_sheet(LISTS)
    checklist = wb.create_sheet(kit.sheet_title(SHEETS["checklist"].get(lang)), 1)
    _checklist_sheet(checklist, lists, framework, tier, lang)
    _veto_sheet(wb.create_sheet(kit.sheet_title(SHEETS["vetoes"].get(lang)), 2), framework, lang)
    if include_framework is None:
        include_framework = tier is None
    if include_framework:
        from cityeval_desktop.exchange.framework_xlsx import add_framework_sheets

        add_framework_sheets(wb, framework)
        wb.move_sheet(LISTS, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS))
    meta = wb.create_sheet(META)
    _meta_sheet(meta, framework, tier, lang)
    lists.sheet_state = "hidden"
    meta.sheet_state = "hidden"
    wb.active = 1
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is checklist
    wb.properties.title = f"{framework.title.get(lang)} — {SHEETS['checklist'].get(lang)}"
    wb.properties.creator = "CityEval Desktop"
    kit.save_atomically(wb, out)


def _meta_sheet(ws: Worksheet, fw: Framework, tier: str | None, lang: str) -> None:
    rows = [
        ("format", CHECKLIST_FORMAT),
        ("framework_id", fw.id),
        ("framework_version", fw.version),
        ("framework_sha256", fw.sha256),
        ("lang", lang),
        ("tier", tier or ""),
        ("exported_at", datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")),
    ]
    for r, (key, value) in enumerate(rows, start=1):
        ws.cell(row=r, column=1, value=key)
        cell = kit.set_value(ws.cell(row=r, column=2), value)
        cell.number_format = "@"
    ws.protection.sheet = True


def _about_sheet(ws: Worksheet, fw: Framework, tier: str | None, lang: str) -> None:
    zh = lang == "zh"
    kit.set_value(ws.cell(row=1, column=1), f"{fw.title.get(lang)} — {SHEETS['checklist'].get(lang)}", kit.TITLE)
    tier_obj = fw.tier(tier) if tier else None
    category = CATEGORIES.get(fw.category)
    info = [
        (T("框架编号", "Framework id"), fw.id),
        (T("版本", "Version"), fw.version),
        (T("SHA-256", "SHA-256"), fw.sha256),
        (T("类别", "Category"), category.get(lang) if category else fw.category),
        (
            T("服务级别", "Tier"),
            tier_obj.title.get(lang) if tier_obj else T("全部服务级别", "all tiers").get(lang),
        ),
        (T("说明", "Description"), fw.description.get(lang) if fw.description else ""),
    ]
    row = 3
    for label, value in info:
        kit.set_value(ws.cell(row=row, column=1), label.get(lang), kit.LABEL)
        kit.set_value(ws.cell(row=row, column=2), value, kit.WRAP)
        row += 1
    ws.row_dimensions[row - 1].height = kit.row_height([(info[-1][1], 100)]) or 15
    row += 1
    kit.set_value(ws.cell(row=row, column=1), T("如何填写", "How to fill in").get(lang), kit.TITLE)
    for line in HOW_TO[lang]:
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        kit.set_value(ws.cell(row=row, column=1), line, kit.WRAP)
        ws.row_dimensions[row].height = kit.row_height([(line, 150)]) or 15
    row += 2
    kit.set_value(ws.cell(row=row, column=1), T("计分方法", "Scoring methods").get(lang), kit.TITLE)
    row += 1
    kit.write_header(
        ws, [T("方法", "Method").get(lang), T("填写", "Answer").get(lang), T("得分率 f", "f").get(lang)], row
    )
    for kind, answer, rule in METHOD_RULES:
        row += 1
        for c, value in enumerate([method_words(kind, lang), answer.get(lang), rule.get(lang)], start=1):
            kit.set_value(ws.cell(row=row, column=c), value, kit.WRAP)
    row += 1
    kit.set_value(
        ws.cell(row=row, column=1),
        "指标得分 = 分值 × f；维度得分 = 100 × Σ得分 ÷ Σ适用指标分值；总分按维度权重加权。"
        if zh
        else "Earned = points x f; dimension score = 100 x sum(earned) / sum(points of applicable indicators); "
        "the total weights the dimensions.",
        kit.WRAP,
    )
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    ws.row_dimensions[row].height = 30
    row += 2
    kit.set_value(ws.cell(row=row, column=1), T("等级与维度", "Grades and dimensions").get(lang), kit.TITLE)
    row += 1
    kit.write_header(
        ws, [T("等级", "Grade").get(lang), T("最低总分", "Minimum").get(lang), T("含义", "Meaning").get(lang)], row
    )
    for g in fw.grades:
        row += 1
        for c, value in enumerate([result_text.grade_words(g).get(lang), float(g.min), g.title.get(lang)], start=1):
            kit.set_value(ws.cell(row=row, column=c), value, kit.TEXT)
    for cap in fw.caps:
        row += 1
        text = result_text.cap_rule(fw, cap).get(lang)  # the grade in words, never its id
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        kit.set_value(ws.cell(row=row, column=1), text, kit.WRAP)
    row += 2
    kit.write_header(
        ws, [T("维度", "Dimension").get(lang), T("名称", "Title").get(lang), T("权重", "Weight").get(lang)], row
    )
    for d in fw.dimensions:
        row += 1
        for c, value in enumerate([d.id, d.title.get(lang), float(d.weight)], start=1):
            kit.set_value(ws.cell(row=row, column=c), value, kit.TEXT)
    kit.set_widths(ws, [18, 60, 50, 20])
    kit.fit_to_width(ws, landscape=False)


def _evidence_needed(ind: Indicator, lang: str) -> str:
    zh = lang == "zh"
    kinds = ("、" if zh else ", ").join(basis.kind_title(k).get(lang) for k in ind.evidence_kinds)
    if ind.evidence_required:
        head = "必需" if zh else "required"
    else:
        head = "可选" if zh else "optional"
    return f"{head}{'：' if zh else ': '}{kinds}" if kinds else head


def _validation(ind: Indicator, lang: str, lists: Worksheet, list_col: list[int]) -> DataValidation:
    m = ind.method
    expect = expected_text(ind, lang)
    title = f"{ind.id}"[:32]
    common: dict[str, Any] = {
        "allow_blank": True,
        "showErrorMessage": True,
        "showInputMessage": True,
        "errorTitle": T("输入无效", "Invalid value").get(lang),
        "error": expect[:255],
        "promptTitle": title,
        "prompt": f"{ind.title.get(lang)}：{expect}"[:255]
        if lang == "zh"
        else f"{ind.title.get(lang)}: {expect}"[:255],
    }
    if isinstance(m, Scale):
        levels = ",".join(str(n) for n in range(len(m.levels)))
        return DataValidation(type="list", formula1=f'"{levels}"', **common)
    if isinstance(m, YesNo):
        yes, no = YES_NO[lang]
        return DataValidation(type="list", formula1=f'"{yes},{no}"', **common)
    if isinstance(m, Choice):
        list_col[0] += 1
        col = list_col[0]
        letter = get_column_letter(col)
        lists.cell(row=1, column=col, value=ind.id)
        for r, option in enumerate(m.options, start=2):
            kit.set_value(lists.cell(row=r, column=col), f"{option.id} | {option.title.get(lang)}")
        last = len(m.options) + 1
        return DataValidation(type="list", formula1=f"'{LISTS}'!${letter}$2:${letter}${last}", **common)
    if isinstance(m, Deduction) and m.graded:  # a text of counts per severity: the prompt says how
        return DataValidation(type="textLength", operator="lessThanOrEqual", formula1="200", **common)
    if isinstance(m, PerItem | Deduction):
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", **common)
    if isinstance(m, Bands):
        return DataValidation(type="decimal", operator="between", formula1="-1E+300", formula2="1E+300", **common)
    return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", **common)


def _checklist_sheet(ws: Worksheet, lists: Worksheet, fw: Framework, tier: str | None, lang: str) -> None:
    kit.write_header(ws, [c.title.get(lang) for c in COLUMNS])
    ws.row_dimensions[1].height = 32
    indicators = fw.tier_indicators(tier) if tier else fw.indicators()
    list_col = [0]
    tier_titles = {t.id: t.title.get(lang) for t in fw.tiers}
    sep = "、" if lang == "zh" else ", "
    for r, ind in enumerate(indicators, start=2):
        dim = fw.dimension(ind.dimension_id)
        m = ind.method
        guidance = ind.guidance.get(lang) if ind.guidance else ""
        values: dict[str, Any] = {
            "dimension": f"{ind.dimension_id} {dim.title.get(lang)}" if dim else ind.dimension_id,
            "id": ind.id,
            "title": ind.title.get(lang),
            "points": float(ind.points) if ind.points.denominator != 1 else ind.points.numerator,
            "method": f"{method_words(m.type, lang)}\n{m.describe(lang)}",
            "unit": _unit(m, lang),
            "rules": _rules(ind, fw, tier, lang),
            "guidance": guidance,
            "evidence_needed": _evidence_needed(ind, lang),
            "tiers": sep.join(tier_titles.get(t, t) for t in ind.tiers),
            "source": ind.source.get(lang) if ind.source else "",
        }
        for c in COLUMNS:
            cell = ws.cell(row=r, column=_COL[c.key])
            if c.input:
                cell.style = kit.INPUT_WRAP if c.wrap else kit.INPUT
                continue
            value = values.get(c.key)
            if value not in (None, ""):
                kit.set_value(cell, value, kit.WRAP if c.wrap else kit.TEXT)
        height = kit.row_height(
            [(values["rules"], COLUMNS[_COL["rules"] - 1].width), (guidance, COLUMNS[_COL["guidance"] - 1].width)],
            cap=400,
        )
        if height:
            ws.row_dimensions[r].height = height
        dv = _validation(ind, lang, lists, list_col)
        ws.add_data_validation(dv)
        dv.add(f"{get_column_letter(_COL['value'])}{r}")
        grounds = [f"{g.id} | {g.title.get(lang)}" for g in ind.not_applicable.grounds]
        kinds = [basis.kind_title(k).get(lang) for k in ind.evidence_kinds]  # the reader takes the words
        for key, items in (("ground", grounds), ("kind", kinds)):
            if items:
                ws.add_data_validation(picker := _list_validation(ind.id, items, lists, list_col, lang))
                picker.add(f"{get_column_letter(_COL[key])}{r}")
    last = len(indicators) + 1
    if indicators:
        _picker(ws, get_column_letter(_COL["na"]), last, lang, YES_NO[lang], _NA_PICKER)
        for key, table, title in (
            ("verify_method", basis.VERIFICATION_METHODS, T("核验方式", "Method")),
            ("verify_conclusion", basis.CONCLUSIONS, T("核验结论", "Conclusion")),
        ):
            words = [t.get(lang) for t in table.values()]
            _picker(ws, get_column_letter(_COL[key]), last, lang, words, (_FROM_THE_LIST, title, _VERIFY_PROMPT))
    _finish(ws, COLUMNS, "C2", last)


def _list_validation(title: str, items: list[str], lists: Worksheet, list_col: list[int], lang: str) -> DataValidation:
    """A drop-down of ``id | title`` items kept in a column of the hidden lists sheet."""
    list_col[0] += 1
    col = list_col[0]
    letter = get_column_letter(col)
    lists.cell(row=1, column=col, value=title)
    for r, item in enumerate(items, start=2):
        kit.set_value(lists.cell(row=r, column=col), item)
    return DataValidation(
        type="list",
        formula1=f"'{LISTS}'!${letter}$2:${letter}${len(items) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle=T("输入无效", "Invalid value").get(lang),
        error=T("请从下拉列表中选择", "choose from the list").get(lang),
        promptTitle=title[:32],
        prompt=T("从下拉列表中选择", "choose from the list").get(lang),
    )


#: error, title and prompt of the 是/否 (Yes/No) drop-downs: N/A on the checklist, the decision on the veto sheet
_NA_PICKER = (
    T("请选择“是”或“否”，或留空", "choose Yes or No, or leave it blank"),
    T("不适用", "Not applicable"),
    T("选“是”时须填写不适用理由，并让填写值留空", "Yes needs a reason, and no value"),
)
_DECISION_PICKER = (
    T("请选择“是”或“否”，未判定则留空", "choose Yes or No; leave blank if not decided"),
    T("判定", "Decision"),
    T("是 = 否决成立；否 = 不成立；留空 = 未判定", "Yes = applies; No = does not; blank = undecided"),
)


_FROM_THE_LIST = T("请从下拉列表中选择", "choose from the list")
_VERIFY_PROMPT = T(
    "第三方评估：该行证据文件的核验（须同时填写方式、结论、核验人和日期）",
    "third-party: how the row's files were verified (method, conclusion, by and on together)",
)


def _picker(ws: Worksheet, letter: str, last: int, lang: str, words: Iterable[str], texts: tuple[T, T, T]) -> None:
    """A drop-down of ``words`` that may stay blank on rows 2..``last`` of a column, with its messages."""
    error, title, prompt = texts
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(words) + '"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle=T("输入无效", "Invalid value").get(lang),
        error=error.get(lang),
        promptTitle=title.get(lang),
        prompt=prompt.get(lang),
    )
    ws.add_data_validation(dv)
    dv.add(f"{letter}2:{letter}{last}")


def _finish(ws: Worksheet, columns: tuple[Column, ...], freeze: str, last: int) -> None:
    """Widths, frozen panes, a filter over rows 1..``last``, protection and page width of an input sheet."""
    for n, c in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(n)].width = c.width
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(2, last)}"
    _protect(ws)
    kit.fit_to_width(ws)


def _protect(ws: Worksheet) -> None:
    """Lock the explanation cells (no password: it guards against slips, not people)."""
    p = ws.protection
    p.sheet = True
    p.formatColumns = False
    p.formatRows = False
    p.autoFilter = False
    p.sort = False
    p.selectLockedCells = False
    p.selectUnlockedCells = False


def _veto_sheet(ws: Worksheet, fw: Framework, lang: str) -> None:
    kit.write_header(ws, [c.title.get(lang) for c in VETO_COLUMNS])
    for r, veto in enumerate(fw.vetoes, start=2):
        guidance = veto.guidance.get(lang) if veto.guidance else ""
        kit.set_value(ws.cell(row=r, column=1), veto.id, kit.TEXT)
        kit.set_value(ws.cell(row=r, column=2), veto.title.get(lang), kit.WRAP)
        if guidance:
            kit.set_value(ws.cell(row=r, column=3), guidance, kit.WRAP)
        for c in VETO_COLUMNS:
            if c.input:
                ws.cell(row=r, column=_VCOL[c.key]).style = kit.INPUT_WRAP if c.wrap else kit.INPUT
        if veto.source is not None:
            kit.set_value(ws.cell(row=r, column=_VCOL["rule_source"]), veto.source.get(lang), kit.WRAP)
        if veto.sources:
            picks = [t.get(lang) for t in veto.sources]
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(picks)[:250] + '"',
                allow_blank=True,
                showErrorMessage=False,  # a suggestion: another source may be typed
                showInputMessage=True,
                error=T("可填写其他来源", "another source may be typed").get(lang),
                promptTitle=T("查询来源", "Source").get(lang),
                prompt=T("可从建议的来源中选择，也可直接填写", "pick a suggested source or type another").get(lang),
            )
            ws.add_data_validation(dv)
            dv.add(f"{get_column_letter(_VCOL['source'])}{r}")
        height = kit.row_height([(guidance, VETO_COLUMNS[2].width), (veto.title.get(lang), VETO_COLUMNS[1].width)])
        if height:
            ws.row_dimensions[r].height = height
    last = len(fw.vetoes) + 1
    if fw.vetoes:
        _picker(ws, get_column_letter(_VCOL["decision"]), last, lang, YES_NO[lang], _DECISION_PICKER)
    _finish(ws, VETO_COLUMNS, "B2", last)


# ============================================================================ import
class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[DomainError] = []

    def at(self, sheet: str, cell: str, zh: str, en: str) -> None:
        self.items.append(DomainError(Text(zh, en), f"{self.source}: {sheet}!{cell}" if cell else self.source))

    def file(self, zh: str, en: str, where: str = "") -> None:
        self.items.append(DomainError(Text(zh, en), f"{self.source}: {where}" if where else self.source))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _norm(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def _shown(value: Any) -> str:
    text = kit.cell_text(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _flag(value: Any) -> bool | None:
    """True/False for yes/no words and booleans; None when the value is not one of them."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = _norm(value).lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
    return None


def _read_meta(wb: Workbook, problems: _Problems) -> dict[str, str]:
    if META not in wb.sheetnames:
        problems.file(
            f"缺少隐藏工作表 “{META}”：这不是 CityEval 导出的评估清单；请先导出该框架的评估清单，在其中填写",
            f"the hidden sheet '{META}' is missing: this is not a CityEval checklist; export the framework's "
            "checklist and fill that in",
        )
        return {}
    ws = wb[META]
    meta = {}
    for r in rows_with_cells(ws):
        key = kit.cell_text(ws.cell(row=r, column=1).value).strip()
        if key:
            meta[key] = kit.cell_text(ws.cell(row=r, column=2).value).strip()
            meta[f"{key}#cell"] = f"B{r}"
    if meta.get("format") != CHECKLIST_FORMAT:
        problems.at(
            META,
            meta.get("format#cell", "B1"),
            f"清单格式 “{meta.get('format', '')}” 无法识别（应为 {CHECKLIST_FORMAT}）",
            f"unknown checklist format '{meta.get('format', '')}' (expected {CHECKLIST_FORMAT})",
        )
    return meta


def _check_framework(meta: dict[str, str], fw: Framework, problems: _Problems) -> None:
    fid, version, sha = (
        meta.get("framework_id", ""),
        meta.get("framework_version", ""),
        meta.get("framework_sha256", ""),
    )
    if (fid, version, sha) == (fw.id, fw.version, fw.sha256):
        return
    if (fid, version) == (fw.id, fw.version):
        zh_detail = f"框架 {fid}@{version} 的内容不同（清单 SHA-256 {sha[:12]}…，案例 {fw.sha256[:12]}…）"
        en_detail = (
            f"framework {fid}@{version} with other content (checklist SHA-256 {sha[:12]}…, case {fw.sha256[:12]}…)"
        )
        cell = meta.get("framework_sha256#cell", "B4")
    else:
        zh_detail = (
            f"此清单针对框架 {fid}@{version}（SHA-256 {sha[:12]}…），本案例使用 {fw.key}（SHA-256 {fw.sha256[:12]}…）"
        )
        en_detail = (
            f"the checklist is for framework {fid}@{version} (SHA-256 {sha[:12]}…), the case uses {fw.key} "
            f"(SHA-256 {fw.sha256[:12]}…)"
        )
        cell = meta.get("framework_id#cell", "B2")
    problems.at(
        META,
        cell,
        f"{zh_detail}；请为本案例重新导出清单并填写",
        f"{en_detail}; export the checklist for this case and fill that in",
    )


def _find_sheet(wb: Workbook, key: str, problems: _Problems) -> Worksheet | None:
    for lang in ("zh", "en"):
        name = kit.sheet_title(SHEETS[key].get(lang))
        if name in wb.sheetnames:
            return wb[name]
    problems.file(
        f"缺少工作表 “{SHEETS[key].zh}”（或 “{SHEETS[key].en}”）；请勿删除或重命名清单的工作表",
        f"the sheet '{SHEETS[key].en}' ('{SHEETS[key].zh}') is missing; do not delete or rename the sheets",
    )
    return None


def _check_header(
    ws: Worksheet, columns: tuple[Column, ...], problems: _Problems, legacy: tuple[int, ...] = ()
) -> bool:
    """The header row must be the exported one; say which column moved. True when it is fine.

    A header that ends after the first ``n`` columns, ``n`` one of ``legacy``, is a workbook exported
    before the later columns were added: it is read with those (its cells beyond are blank).
    """
    ok = True
    width = max(ws.max_column, len(columns))
    actual = [_norm(kit.cell_text(ws.cell(row=1, column=c).value)) for c in range(1, width + 1)]
    columns = columns[: next((n for n in sorted(legacy) if not any(actual[n:])), len(columns))]
    names = [{_norm(col.title.zh), _norm(col.title.en)} for col in columns]
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= 1:
            problems.at(
                ws.title,
                merged.coord,
                "表头单元格被合并；请取消合并，保持导出时的列",
                "header cells are merged; unmerge them and keep the exported columns",
            )
            ok = False
        else:
            problems.at(
                ws.title,
                merged.coord,
                "单元格被合并；请取消合并，每个单元格只填一个值",
                "cells are merged; unmerge them: one value per cell",
            )
            ok = False
    for n, col in enumerate(columns):
        letter = get_column_letter(n + 1)
        if actual[n] in names[n]:
            continue
        ok = False
        moved = next((j for j, text in enumerate(actual) if text in names[n] and j != n), None)
        if moved is not None:
            to = get_column_letter(moved + 1)
            problems.at(
                ws.title,
                f"{letter}1",
                f"列 “{col.title.zh}” 应在 {letter} 列，现在在 {to} 列；请勿插入、删除或移动列（可重新导出清单）",
                f"the column '{col.title.en}' belongs in column {letter} but is now in column {to}; do not insert, "
                "delete or move columns (export the checklist again if needed)",
            )
        else:
            problems.at(
                ws.title,
                f"{letter}1",
                f"表头应为 “{col.title.zh}”，实际为 “{actual[n]}”；请勿修改表头",
                f"the header must read '{col.title.en}', it reads '{actual[n]}'; do not change the header row",
            )
    return ok


def _number(value: Any, cell: Cell, method: Method) -> tuple[int | Decimal | None, Text | None]:
    """A numeric cell value, exactly (float cells through repr); or why it is not a number."""
    if isinstance(value, bool):
        return None, Text(f"应填写数字，实际为 {'TRUE' if value else 'FALSE'}", f"expected a number, got {value}")
    if isinstance(value, datetime | date | time):
        return None, Text(
            "单元格被识别为日期或时间；请把单元格格式设为“常规”后填写数字",
            "the cell holds a date or time; set its format to General and enter a number",
        )
    percent_unit = _unit(method, "zh") == "%"
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (cell.number_format or "") and percent_unit:
            number *= 100  # "45%" typed into the cell: Excel stores 0.45
        return _whole(number), None
    text = _norm(str(value)).replace(",", "") if isinstance(value, str) else ""
    if percent_unit and text.endswith("%"):
        text = text[:-1].strip()
    if _NUMBER.match(text):
        try:
            return _whole(Decimal(text)), None
        except InvalidOperation:
            pass
    shown = _shown(value)
    return None, Text(f"应填写数字，实际为文本 “{shown}”", f"expected a number, got the text '{shown}'")


def _whole(number: Decimal) -> int | Decimal:
    if number == number.to_integral_value() and abs(number) < 10**15 and number.as_tuple().exponent >= -15:
        return int(number)
    return number


def _value(ind: Indicator, cell: Cell) -> tuple[Any, Text | None]:
    """The answer value of a value cell, typed per method; or what is wrong with it."""
    m = ind.method
    value = kit.cell_value(cell)
    if isinstance(m, YesNo):
        if isinstance(value, int | float) and not isinstance(value, bool) and value in (0, 1):
            return bool(value), None
        flag = _flag(value)
        if flag is None:
            shown = _shown(value)
            return None, Text(f"“{shown}” 不是“是”或“否”", f"'{shown}' is not Yes or No")
        return flag, None
    if isinstance(m, Choice):
        if isinstance(value, bool):
            return None, Text("应选择一个选项，实际为 TRUE/FALSE", "expected an option, got TRUE/FALSE")
        if isinstance(value, int | float):
            as_id = kit.cell_text(value)
            if m.option(as_id) is not None:
                return as_id, None
            return None, Text(f"数字 {as_id} 不是有效的选项编号", f"the number {as_id} is not an option id")
        text = _norm(str(value))
        head = _norm(text.split("|", 1)[0])
        for option in m.options:
            if head == option.id or head.lower() == option.id.lower():
                return option.id, None
        for option in m.options:
            if text in (_norm(option.title.zh), _norm(option.title.en)):
                return option.id, None
        shown = _shown(value)
        return None, Text(f"“{shown}” 不是本指标的选项", f"'{shown}' is not an option of this indicator")
    if isinstance(m, Scale):
        if isinstance(value, str):
            text = _norm(value)
            match = re.match(r"^(\d{1,9})(\s*[-–—:：|].*)?$", text, re.S)
            if not match:
                shown = _shown(value)
                return None, Text(f"应填写等级数字，实际为文本 “{shown}”", f"expected a level number, got '{shown}'")
            value = int(match.group(1))
        number, problem = _number(value, cell, m)
        if problem is not None:
            return None, problem
        return number, None
    if isinstance(m, Deduction) and m.graded:
        return graded_counts(m, value)
    return _number(value, cell, m)


_COUNT_SPLIT = re.compile(r"[;；,，、\n]+")
_COUNT_PART = re.compile(r"^(?P<name>.*?)\s*[:：=]?\s*(?P<count>\d{1,9})\s*(次|times?)?$", re.I | re.S)
_NONE_WORDS = {"0", "无", "没有", "none", "no"}


def counts_example(method: Deduction, lang: str) -> str:
    """How a graded deduction's cell is written: ``一般:2; 较重:1`` (the first two severities)."""
    return "; ".join(f"{v.title.get(lang)}:{n}" for v, n in zip(method.severities, (2, 1), strict=False))


def counts_cell(method: Deduction, value: dict[str, int], lang: str) -> str:
    """A graded answer as its checklist cell reads back: ``一般:2; 较重:1; 严重:0``."""
    return "; ".join(f"{v.title.get(lang)}:{value.get(v.id, 0)}" for v in method.severities)


def graded_counts(method: Deduction, value: Any) -> tuple[dict[str, int] | None, Text | None]:
    """The counts per severity of a graded deduction's cell, or what is wrong with it.

    The cell names each severity (its title in either language, or its id) with its count:
    ``一般:2; 较重:1`` (also ``一般 2 次、较重 1 次``, ``minor=2, major=1``). A severity left out
    counts 0; ``0`` or ``无`` alone means none at all.
    """
    example = counts_example(method, "zh")
    example_en = counts_example(method, "en")
    titles = "、".join(v.title.zh for v in method.severities)
    if isinstance(value, bool | datetime | date | time):
        shown = _shown(value)
        return None, Text(
            f"应按严重程度填写次数，例如 {example}，实际为 “{shown}”",
            f"expected counts per severity such as {example_en}, got '{shown}'",
        )
    if isinstance(value, int | float):
        if value == 0:
            return {v.id: 0 for v in method.severities}, None
        shown = _shown(value)
        return None, Text(
            f"该指标按严重程度（{titles}）分别计次，只填一个数字 {shown} 无法判断程度；请写成 {example}",
            f"this indicator counts per severity: the number {shown} alone says no severity; write {example_en}",
        )
    text = _norm(str(value))
    if text.casefold() in _NONE_WORDS:
        return {v.id: 0 for v in method.severities}, None
    names: dict[str, str] = {}
    for v in method.severities:
        for name in (v.id, v.title.zh, v.title.en):
            names[_norm(name).casefold()] = v.id
    counts: dict[str, int] = {}
    for part in (p.strip() for p in _COUNT_SPLIT.split(text)):
        if not part:
            continue
        match = _COUNT_PART.match(part)
        name = _norm(match.group("name")).casefold() if match else ""
        severity = names.get(name)
        if match is None or severity is None:
            shown = part if len(part) <= 40 else part[:37] + "…"
            return None, Text(
                f"“{shown}” 不是“程度:次数”（程度：{titles}），例如 {example}",
                f"'{shown}' is not 'severity:count' (severities: "
                f"{', '.join(v.title.en for v in method.severities)}), e.g. {example_en}",
            )
        if severity in counts:
            title = method.severity(severity)
            assert title is not None
            return None, Text(
                f"程度 “{title.title.zh}” 写了两次；每个程度只写一次",
                f"the severity '{title.title.en}' is given twice; give each once",
            )
        counts[severity] = int(match.group("count"))
    return {v.id: counts.get(v.id, 0) for v in method.severities}, None


def _text_cell(cell: Cell) -> str | None:
    value = kit.cell_value(cell)
    if _blank(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return kit.cell_text(value)


def read_checklist(path: Path, framework: Framework, tier: str) -> dict[str, Any]:
    """Read a filled checklist as an answers document for ``parse_document`` (raise InputError per cell)."""
    path = Path(path)
    source = str(path)
    # only the sheets read here are parsed: a hostile copy may carry big sheets nobody reads
    read = {kit.sheet_title(SHEETS[key].get(lang)) for key in ("checklist", "vetoes") for lang in ("zh", "en")}
    wb = open_workbook(path, sheets={META, *read})
    problems = _Problems(source)
    meta = _read_meta(wb, problems)
    if problems.items:
        raise InputError(problems.items)
    _check_framework(meta, framework, problems)
    if problems.items:
        raise InputError(problems.items)
    meta_tier = meta.get("tier", "")
    if meta_tier and meta_tier != tier:
        problems.at(
            META,
            meta.get("tier#cell", "B6"),
            f"此清单针对服务级别 “{meta_tier}” 导出，本案例为 “{tier}”；请为本案例重新导出清单",
            f"the checklist was exported for tier '{meta_tier}', the case is '{tier}'; export it for this case",
        )
    checklist = _find_sheet(wb, "checklist", problems)
    vetoes_ws = _find_sheet(wb, "vetoes", problems)
    if problems.items:
        raise InputError(problems.items)
    assert checklist is not None and vetoes_ws is not None
    header_ok = _check_header(checklist, COLUMNS, problems, (LEGACY_COLUMNS, BASIS_COLUMNS, SOURCE_COLUMNS))
    veto_header_ok = _check_header(vetoes_ws, VETO_COLUMNS, problems, (LEGACY_VETO_COLUMNS, BASIS_VETO_COLUMNS))
    if not (header_ok and veto_header_ok):
        raise InputError(problems.items)
    answers = _read_answers(checklist, framework, tier, path.parent, problems)
    vetoes = _read_vetoes(vetoes_ws, framework, path.parent, problems)
    if problems.items:
        raise InputError(problems.items)
    return {"framework": framework.key, "answers": answers, "vetoes": vetoes}


def _read_answers(
    ws: Worksheet,
    fw: Framework,
    tier: str,
    base_dir: Path,
    problems: _Problems,
) -> dict[str, Any]:
    sheet = ws.title
    answers: dict[str, Any] = {}
    seen: dict[str, int] = {}
    letters = {k: get_column_letter(n) for k, n in _COL.items()}
    for r in rows_with_cells(ws, 2):
        cells = tuple(ws.cell(row=r, column=c) for c in range(1, len(COLUMNS) + 1))
        by_key = {c.key: cells[n] for n, c in enumerate(COLUMNS) if n < len(cells)}
        inputs = {k: by_key[k] for k in _INPUT_KEYS if k in by_key}
        filled = {k: c for k, c in inputs.items() if not _blank(c.value)}
        id_cell = by_key["id"]
        ind_id = _norm(kit.cell_text(id_cell.value))
        if kit.is_formula(id_cell):
            problems.at(sheet, f"{letters['id']}{r}", "指标编号不能是公式", "the indicator id must not be a formula")
            continue
        if not ind_id:
            if filled:
                first = next(iter(filled))
                problems.at(
                    sheet,
                    f"{letters[first]}{r}",
                    "这一行有填写内容但没有指标编号；请勿新增行，只在导出的指标行中填写",
                    "this row is filled in but has no indicator id; do not add rows, fill in the exported ones",
                )
            continue
        indicator = fw.indicator(ind_id)
        if indicator is None:
            problems.at(
                sheet,
                f"{letters['id']}{r}",
                f"未知指标编号 “{_shown(ind_id)}”：框架 {fw.key} 没有这个指标；请勿新增行或修改指标编号",
                f"unknown indicator id '{_shown(ind_id)}': framework {fw.key} has no such indicator; do not add "
                "rows or change ids",
            )
            continue
        if ind_id in seen:
            problems.at(
                sheet,
                f"{letters['id']}{r}",
                f"指标编号 {ind_id} 重复（第 {seen[ind_id]} 行已有）；每个指标只能有一行",
                f"the indicator id {ind_id} appears twice (also row {seen[ind_id]}); one row per indicator",
            )
            continue
        seen[ind_id] = r
        if not filled:
            continue
        if not indicator.applies_to(tier):
            first = next(iter(filled))
            problems.at(
                sheet,
                f"{letters[first]}{r}",
                f"指标 {ind_id} 不适用于本案例的服务级别 “{tier}”；请清空这一行的填写内容",
                f"indicator {ind_id} does not apply to the case's tier '{tier}'; clear this row's inputs",
            )
            continue
        entry = _read_entry(indicator, filled, r, sheet, letters, base_dir, problems)
        if entry:
            answers[ind_id] = entry
    return answers


def _read_entry(
    ind: Indicator,
    filled: dict[str, Cell],
    r: int,
    sheet: str,
    letters: dict[str, str],
    base_dir: Path,
    problems: _Problems,
) -> dict[str, Any] | None:
    start = len(problems.items)
    for key, cell in filled.items():
        if kit.is_formula(cell):
            problems.at(
                sheet,
                f"{letters[key]}{r}",
                "公式不被接受，请填写数值",
                "formulas are not accepted; enter the value itself",
            )
    if len(problems.items) > start:
        return None
    entry: dict[str, Any] = {}
    na = False
    if "na" in filled:
        flag = _flag(kit.cell_value(filled["na"]))
        if flag is None:
            shown = _shown(kit.cell_value(filled["na"]))
            problems.at(
                sheet,
                f"{letters['na']}{r}",
                f"“不适用”列应选“是”或“否”（或留空），实际为 “{shown}”",
                f"'Not applicable' takes Yes or No (or blank), got '{shown}'",
            )
        else:
            na = flag
    reason = _text_cell(filled["reason"]) if "reason" in filled else None
    note = _text_cell(filled["note"]) if "note" in filled else None
    for key, text in (("reason", reason), ("note", note)):
        if text is not None and len(text) > _MAX_TEXT:
            problems.at(
                sheet,
                f"{letters[key]}{r}",
                f"文字过长（{len(text)} 字，上限 {_MAX_TEXT} 字）",
                f"text too long ({len(text)} characters, limit {_MAX_TEXT})",
            )
    value_cell = filled.get("value")
    if na:
        if reason is None:
            problems.at(
                sheet,
                f"{letters['reason']}{r}",
                "标记为不适用（是）时必须填写不适用理由",
                "Not applicable = Yes needs a written reason",
            )
        if value_cell is not None:
            problems.at(
                sheet,
                f"{letters['value']}{r}",
                "标记为不适用的指标不能同时填写值；请清空填写值，或把“不适用”改为“否”",
                "an indicator marked not applicable cannot also have a value; clear the value or set N/A to No",
            )
        entry["not_applicable"] = True
        if reason is not None:
            entry["reason"] = reason
        if "ground" in filled:
            ground = _picked(ind, filled["ground"], r, sheet, letters, problems)
            if ground is not None:
                entry["ground"] = ground
    else:
        if "ground" in filled:
            problems.at(
                sheet,
                f"{letters['na']}{r}",
                "填写了不适用依据，但“不适用”没有选“是”；请选“是”，或清空依据",
                "an N/A ground is given but 'Not applicable' is not Yes; choose Yes or clear the ground",
            )
        if value_cell is not None:
            value, problem = _value(ind, value_cell)
            if problem is None:
                try:
                    ind.method.parse(value)
                except AnswerValueError as exc:
                    problem = exc.message
            if problem is not None:
                expect_zh, expect_en = expected_text(ind, "zh"), expected_text(ind, "en")
                problems.at(
                    sheet,
                    f"{letters['value']}{r}",
                    f"指标 {ind.id}：{problem.zh}；{expect_zh}",
                    f"indicator {ind.id}: {problem.en}; {expect_en}",
                )
            else:
                entry["value"] = value
        elif reason is not None and note is None and "evidence" not in filled and "ground" not in filled:
            problems.at(
                sheet,
                f"{letters['na']}{r}",
                "填写了不适用理由，但“不适用”没有选“是”；请选“是”，或清空理由",
                "a reason for N/A is given but 'Not applicable' is not Yes; choose Yes or clear the reason",
            )
        if reason is not None:
            entry["reason"] = reason
    if note is not None:
        entry["note"] = note
    files = _evidence(filled["evidence"], r, sheet, letters, base_dir, problems) if "evidence" in filled else []
    kinds = _kinds(ind, filled.get("kind"), len(files), r, sheet, letters, problems)
    check = _verification(filled, bool(files), r, sheet, letters, problems)
    days = _dated(filled.get("dated"), len(files), r, sheet, letters, problems)
    if files:
        entry["evidence"] = [
            {
                "path": f,
                **({"kind": kinds[n]} if kinds else {}),
                **({"verification": check} if check else {}),
                **({"dated": days[n]} if days else {}),
            }
            if kinds or check or days
            else f
            for n, f in enumerate(files)
        ]
    if len(problems.items) > start:
        return None
    return entry or None


def _choice_text(cell: Cell) -> str:
    """A drop-down's ``id | title`` (or just the id or the title) as typed: the part before " | "."""
    return _norm((_text_cell(cell) or "").split(" | ", 1)[0])


def _picked(ind: Indicator, cell: Cell, r: int, sheet: str, letters: dict[str, str], problems: _Problems) -> str | None:
    """The N/A ground of a cell: its id, or its title in either language (the answers parser checks it)."""
    text = _choice_text(cell)
    for g in ind.not_applicable.grounds:
        if text in (g.id, _norm(g.title.zh), _norm(g.title.en)):
            return g.id
    if not ind.not_applicable.grounds:
        return text  # refused by the answers parser with the framework's words, at this row
    listed = "、".join(f"{g.title.zh}（{g.id}）" for g in ind.not_applicable.grounds)
    listed_en = ", ".join(f"{g.id} ({g.title.en})" for g in ind.not_applicable.grounds)
    problems.at(
        sheet,
        f"{letters['ground']}{r}",
        f"指标 {ind.id} 没有不适用依据 “{_shown(text)}”；可选：{listed}",
        f"indicator {ind.id} has no N/A ground '{_shown(text)}'; expected one of: {listed_en}",
    )
    return None


def _kinds(
    ind: Indicator, cell: Cell | None, files: int, r: int, sheet: str, letters: dict[str, str], problems: _Problems
) -> list[str]:
    """One kind per file: one kind given for all, or one per file in order."""
    if cell is None:
        return []
    where = f"{letters['kind']}{r}"
    parts = [_norm(p.split(" | ", 1)[0]) for p in _EVIDENCE_SPLIT.split(_text_cell(cell) or "") if p.strip()]
    if not files:
        problems.at(sheet, where, "填写了证据类型，但这一行没有证据文件", "an evidence kind is given without files")
        return []
    known = {}
    for k in ind.evidence_kinds:
        known.update({k: k, _norm(basis.kind_title(k).zh): k, _norm(basis.kind_title(k).en): k})
    kinds = []
    for part in parts:
        if part not in known:
            listed = basis.kinds_listed(ind.evidence_kinds) if ind.evidence_kinds else Text("（无）", "(none)")
            problems.at(
                sheet,
                where,
                f"指标 {ind.id} 的证据类型不能是 “{_shown(part)}”；可选：{listed.zh}",
                f"'{_shown(part)}' is not an evidence kind of indicator {ind.id}; expected one of: {listed.en}",
            )
            return []
        kinds.append(known[part])
    if len(kinds) == 1:
        return kinds * files
    if len(kinds) != files:
        problems.at(
            sheet,
            where,
            f"填写了 {len(kinds)} 个证据类型，但有 {files} 个文件；请填一个类型，或按文件逐个填写",
            f"{len(kinds)} kinds for {files} files: give one kind, or one per file",
        )
        return []
    return kinds


def _dated(
    cell: Cell | None, files: int, r: int, sheet: str, letters: dict[str, str], problems: _Problems
) -> list[str]:
    """One date proved (YYYY-MM-DD) per file: one given for all, or one per file in order. A date cell (Excel's
    own date, without a time of day) or text; each date between 2000 and today, as the answers file takes it."""
    if cell is None:
        return []
    where = f"{letters['dated']}{r}"
    value = kit.cell_value(cell)
    parts: list[str] = []
    if isinstance(value, datetime):
        if value.time() != time():
            problems.at(
                sheet,
                where,
                f"证明日期应为日期，不含时刻（实际为 {value.isoformat(sep=' ')}）",
                f"the date proved is a day without a time of day (got {value.isoformat(sep=' ')})",
            )
            return []
        parts = [value.date().isoformat()]
    elif isinstance(value, date):
        parts = [value.isoformat()]
    elif isinstance(value, str):
        if len(value) > _MAX_DATED_TEXT:
            problems.at(
                sheet,
                where,
                f"证明日期一栏过长（{len(value)} 字，上限 {_MAX_DATED_TEXT} 字）",
                f"the date proved is too long ({len(value)} characters, limit {_MAX_DATED_TEXT})",
            )
            return []
        parts = [unicodedata.normalize("NFKC", p).strip() for p in _EVIDENCE_SPLIT.split(value) if p.strip()]
    else:
        problems.at(
            sheet,
            where,
            f"证明日期应写作 YYYY-MM-DD（如 2026-06-30）或为日期格式的单元格，实际为 “{_shown(value)}”",
            f"the date proved is written YYYY-MM-DD (2026-06-30) or is a date cell, got '{_shown(value)}'",
        )
        return []
    if not files:
        problems.at(sheet, where, "填写了证明日期，但这一行没有证据文件", "a date proved is given without files")
        return []
    days = []
    for part in parts:
        try:
            days.append(parse_day(part, where).isoformat())
        except DomainError as exc:
            text = exc.message
            problems.at(
                sheet, where, f"证明日期 “{_shown(part)}”：{text.zh}", f"date proved '{_shown(part)}': {text.en}"
            )
            return []
    if len(days) == 1:
        return days * files
    if len(days) != files:
        problems.at(
            sheet,
            where,
            f"填写了 {len(days)} 个证明日期，但有 {files} 个文件；请填一个日期，或按文件逐个填写",
            f"{len(days)} dates proved for {files} files: give one date, or one per file",
        )
        return []
    return days


def _verification(
    filled: dict[str, Cell], has_files: bool, r: int, sheet: str, letters: dict[str, str], problems: _Problems
) -> dict[str, str] | None:
    """The row's verification as an answers document has it (checked again, as a whole, by its parser)."""
    given = {k: filled[k] for k in _VERIFY_KEYS if k in filled}
    if not given:
        return None
    start = len(problems.items)
    if not has_files:
        first = next(iter(given))
        problems.at(
            sheet, f"{letters[first]}{r}", "填写了核验，但这一行没有证据文件", "a verification is given without files"
        )
    for key in _VERIFY_KEYS:
        if key not in given:
            problems.at(
                sheet,
                f"{letters[key]}{r}",
                "核验须同时填写核验方式、核验结论、核验人和核验日期",
                "a verification needs its method, conclusion, by whom and when",
            )
    out: dict[str, str] = {}
    for key, name, known, listed, zh in (
        ("verify_method", "method", basis.method_id, basis.methods_listed, "核验方式"),
        ("verify_conclusion", "conclusion", basis.conclusion_id, basis.conclusions_listed, "核验结论"),
    ):
        if key in given:
            text = _text_cell(given[key]) or ""
            if known(text) is None:
                words = listed()
                problems.at(
                    sheet, f"{letters[key]}{r}", f"{zh}应为：{words.zh}", f"the {name} must be one of: {words.en}"
                )
            out[name] = text
    if "verify_by" in given:
        out["by"] = (_text_cell(given["verify_by"]) or "")[:300]
    if "verify_at" in given:
        value = kit.cell_value(given["verify_at"])
        text = value.date().isoformat() if isinstance(value, datetime) and value.time() == time() else None
        text = text or (value.isoformat() if isinstance(value, date) and not isinstance(value, datetime) else None)
        text = text or (_text_cell(given["verify_at"]) or "")
        try:
            out["at"] = basis.date_or_time(text)
        except basis.TimeTextError as exc:
            problems.at(sheet, f"{letters['verify_at']}{r}", exc.text.zh, exc.text.en)
    return None if len(problems.items) > start else out


def _evidence(
    cell: Cell, r: int, sheet: str, letters: dict[str, str], base_dir: Path, problems: _Problems, key: str = "evidence"
) -> list[str]:
    text = _text_cell(cell) or ""
    files = [p.strip() for p in _EVIDENCE_SPLIT.split(text) if p.strip()]
    for name in files:
        try:
            confined_source(base_dir, name)
        except EvidenceError as exc:
            problems.at(
                sheet,
                f"{letters[key]}{r}",
                f"{exc.message.zh}：{shown_name(name)}（路径相对于清单所在的文件夹 {base_dir}）",
                f"{exc.message.en}: {shown_name(name)} (paths are relative to the checklist's folder {base_dir})",
            )
    return files


def _read_vetoes(ws: Worksheet, fw: Framework, base_dir: Path, problems: _Problems) -> dict[str, Any]:
    sheet = ws.title
    out: dict[str, Any] = {}
    seen: dict[str, int] = {}
    letters = {k: get_column_letter(n) for k, n in _VCOL.items()}
    for r in rows_with_cells(ws, 2):
        cells = tuple(ws.cell(row=r, column=c) for c in range(1, len(VETO_COLUMNS) + 1))
        id_cell = cells[_VCOL["id"] - 1]
        decision = cells[_VCOL["decision"] - 1] if len(cells) >= _VCOL["decision"] else None
        basis_cells = {c.key: cells[n] for n, c in enumerate(VETO_COLUMNS) if n >= LEGACY_VETO_COLUMNS and c.input}
        given = {k: c for k, c in basis_cells.items() if not _blank(c.value)}
        veto_id = _norm(kit.cell_text(id_cell.value))
        if decision is None or _blank(decision.value):
            if veto_id and fw.veto(veto_id) is None:
                problems.at(
                    sheet,
                    f"A{r}",
                    f"未知否决项编号 “{_shown(veto_id)}”；请勿新增行或修改编号",
                    f"unknown veto id '{_shown(veto_id)}'; do not add rows or change ids",
                )
            elif given:
                problems.at(
                    sheet,
                    f"D{r}",
                    "填写了判定依据，但没有判定；请选“是”或“否”",
                    "a basis is given but no decision; choose Yes or No",
                )
            continue
        if not veto_id:
            problems.at(
                sheet,
                f"D{r}",
                "这一行有判定但没有否决项编号；请勿新增行",
                "this row has a decision but no veto id; do not add rows",
            )
            continue
        if fw.veto(veto_id) is None:
            known = ", ".join(v.id for v in fw.vetoes)
            problems.at(
                sheet,
                f"A{r}",
                f"未知否决项编号 “{_shown(veto_id)}”（本框架：{known}）；请勿新增行或修改编号",
                f"unknown veto id '{_shown(veto_id)}' (this framework: {known}); do not add rows or change ids",
            )
            continue
        if veto_id in seen:
            problems.at(
                sheet,
                f"A{r}",
                f"否决项 {veto_id} 重复（第 {seen[veto_id]} 行已有）",
                f"the veto {veto_id} appears twice (also row {seen[veto_id]})",
            )
            continue
        seen[veto_id] = r
        if kit.is_formula(decision) or any(kit.is_formula(c) for c in given.values()):
            problems.at(sheet, f"D{r}", "公式不被接受，请填写“是”或“否”", "formulas are not accepted; enter Yes or No")
            continue
        flag = _flag(kit.cell_value(decision))
        if flag is None:
            shown = _shown(kit.cell_value(decision))
            problems.at(
                sheet,
                f"D{r}",
                f"判定应为“是”（否决成立）、“否”或留空（未判定），实际为 “{shown}”",
                f"the decision must be Yes (applies), No, or blank (undecided); got '{shown}'",
            )
            continue
        if not given:
            out[veto_id] = flag
            continue
        entry: dict[str, Any] = {"decision": flag}
        if "source" in given:
            entry["source"] = _text_cell(given["source"])
        if "queried_at" in given:
            value = kit.cell_value(given["queried_at"])
            if isinstance(value, datetime | date):
                problems.at(
                    sheet,
                    f"{letters['queried_at']}{r}",
                    "查询时间须带时区，请按文字填写，如 2026-11-30T10:00:00+08:00",
                    "the query time needs its offset: write it as text, such as 2026-11-30T10:00:00+08:00",
                )
                continue
            try:
                entry["queried_at"] = basis.aware_time(_text_cell(given["queried_at"]) or "")
            except basis.TimeTextError as exc:
                problems.at(sheet, f"{letters['queried_at']}{r}", exc.text.zh, exc.text.en)
                continue
        if "basis_note" in given:
            entry["note"] = _text_cell(given["basis_note"])
        if "basis_evidence" in given:
            entry["evidence"] = _evidence(
                given["basis_evidence"], r, sheet, letters, base_dir, problems, "basis_evidence"
            )
        out[veto_id] = entry
    return out
