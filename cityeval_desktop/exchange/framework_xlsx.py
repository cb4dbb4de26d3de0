"""A framework as an editable workbook, and back to framework YAML (``forms export-xlsx`` / ``import-xlsx``).

The workbook carries everything of a framework file: both languages of every text, tiers,
grades, caps, dimensions with weights, indicators with points, method and every method key,
evidence, tiers per indicator and vetoes, one sheet per kind (columns found by their header
key, so authors may reorder columns or add their own). Numbers are exact: they are written as
the decimals of the file and read back through ``repr`` -> Decimal, never via binary noise.

Import writes YAML in the format named on the Framework sheet (``schema``; a workbook without
that row is ``cityeval-framework/1``) and checks it with ``domain.loader.load_bytes``; every
problem, the loader's included, is reported at the sheet and cell it comes from. The
cityeval-framework/2 rules have their columns and sheets (Conditions, NaGrounds, Severities,
VetoSources); a workbook written before them still imports.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cityeval_desktop.domain.errors import InputError
from cityeval_desktop.domain.framework import CATEGORIES, SCHEMA_V1, SCHEMA_V2, Framework, Indicator
from cityeval_desktop.domain.loader import SCHEMAS, FrameworkError, load_bytes
from cityeval_desktop.domain.methods import METHOD_TYPES, Bands, Choice, Deduction, PerItem, Ratio, Scale, Threshold
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.exchange import xlsxkit as kit
from cityeval_desktop.exchange.xlsx_reader import open_workbook, rows_with_cells

__all__ = [
    "FRAMEWORK_SHEETS",
    "add_framework_sheets",
    "export_framework_workbook",
    "import_framework_workbook",
]

T = Text
README = "README"
FRAMEWORK = "Framework"
TIERS = "Tiers"
GRADES = "Grades"
CAPS = "Caps"
DIMENSIONS = "Dimensions"
INDICATORS = "Indicators"
LEVELS = "Levels"
OPTIONS = "Options"
THRESHOLDS = "Thresholds"
BANDS = "Bands"
VETOES = "Vetoes"
CONDITIONS = "Conditions"
NA_GROUNDS = "NaGrounds"
SEVERITIES = "Severities"
VETO_SOURCES = "VetoSources"

# new keys go last: the rows of a workbook keep their places
FRAMEWORK_KEYS = [
    "id",
    "version",
    "category",
    "title_zh",
    "title_en",
    "description_zh",
    "description_en",
    "schema",
    "not_applicable_max_share",
    "gap_below",
    "review_window_months",
    "validity_years",
    "inspection_sample_projects",
    "inspection_sample_staff",
]
_FRAMEWORK_NUMBERS = ("not_applicable_max_share", "gap_below", "review_window_months", "validity_years")
#: the rows of the YAML ``inspection:`` mapping (/2): row key -> key under ``inspection``
_INSPECTION_KEYS = {"inspection_sample_projects": "sample_projects", "inspection_sample_staff": "sample_staff"}
# the source note of an indicator, veto, condition or N/A ground (/2): a published scheme or 本框架建议
_SOURCE_COLUMNS: list[tuple[str, float, Text]] = [
    (
        "source_zh",
        36,
        T(
            "出处（中文，/2，可空）：所依据的已发布规范或方案，或“本框架建议”",
            "source (Chinese, /2, optional): the published scheme it follows, "
            "or 本框架建议 (this framework's proposal)",
        ),
    ),
    ("source_en", 36, T("出处（英文）", "source (English)")),
]
# sheet -> (column key, width, meaning)
COLUMNS: dict[str, list[tuple[str, float, Text]]] = {
    TIERS: [
        ("id", 14, T("层级编号（小写字母、数字、-）；顺序 = 从高到低", "tier id (a-z, 0-9, -); order = high to low")),
        ("title_zh", 18, T("名称（中文）", "title (Chinese)")),
        ("title_en", 22, T("名称（英文）", "title (English)")),
        (
            "pass_grade",
            10,
            T("显示本层级所需的最低等级（/2，可空）", "lowest grade at which the tier is shown (/2, optional)"),
        ),
        (
            "fallback",
            12,
            T("未达到本层级时降级评定的层级（/2，可空）", "lower tier to rate at when this one is not met (/2)"),
        ),
    ],
    CONDITIONS: [
        ("tier", 12, T("层级编号；行序 = 条件顺序", "tier id; row order = order of the conditions")),
        ("id", 10, T("条件编号（层级内唯一）", "condition id (unique in the tier)")),
        ("title_zh", 30, T("条件名称（中文）", "condition title (Chinese)")),
        ("title_en", 30, T("条件名称（英文）", "condition title (English)")),
        ("indicator", 9, T("指标编号（与下列三者之一同用）", "indicator id (with one of the next three)")),
        ("at_least", 9, T("数值或等级不低于", "value or level at least")),
        ("in", 14, T("选项编号之一，逗号分隔", "one of these option ids, comma separated")),
        ("is", 8, T("是否类指标为“是”（TRUE）", "a yes_no indicator is yes (TRUE)")),
        ("veto_not_raised", 12, T("该否决项不成立（不填指标）", "this veto is not raised (no indicator)")),
        *_SOURCE_COLUMNS,
    ],
    NA_GROUNDS: [
        ("indicator", 9, T("指标编号；行序 = 依据顺序", "indicator id; row order = order of the grounds")),
        ("id", 14, T("不适用依据编号", "ground id")),
        ("title_zh", 36, T("依据（中文）", "ground (Chinese)")),
        ("title_en", 36, T("依据（英文）", "ground (English)")),
        *_SOURCE_COLUMNS,
    ],
    SEVERITIES: [
        ("indicator", 9, T("deduction 指标编号；行序 = 由轻到重", "deduction indicator id; row order = mild to grave")),
        ("id", 10, T("严重程度编号", "severity id")),
        ("title_zh", 12, T("名称（中文，如一般、较重、严重）", "title (Chinese)")),
        ("title_en", 12, T("名称（英文）", "title (English)")),
        ("per", 8, T("每次扣分", "points off per occurrence")),
        ("veto", 8, T("次数大于 0 时成立的否决项（可空）", "veto raised by a count above 0 (optional)")),
    ],
    VETO_SOURCES: [
        ("veto", 8, T("否决项编号；行序 = 来源顺序", "veto id; row order = order of the sources")),
        ("title_zh", 30, T("查询来源（中文，如信用中国）", "query source (Chinese)")),
        ("title_en", 30, T("查询来源（英文）", "query source (English)")),
    ],
    GRADES: [
        ("id", 8, T("等级编号；顺序 = 从高到低", "grade id; order = high to low")),
        (
            "min",
            8,
            T("最低总分（0–100，严格递减，最低一档为 0）", "minimum total (0-100, strictly decreasing, last 0)"),
        ),
        ("stars", 8, T("星级 0–5（可空）", "stars 0-5 (optional)")),
        ("title_zh", 14, T("含义（中文）", "meaning (Chinese)")),
        ("title_en", 14, T("含义（英文）", "meaning (English)")),
        (
            "pass",
            8,
            T("是否通过等级（FALSE = 未通过；空 = 通过）", "a passing grade (FALSE = not passed; blank = yes)"),
        ),
    ],
    CAPS: [
        (
            "dimension_below",
            16,
            T("维度得分低于此值时……", "when a dimension scores below this ..."),
        ),
        ("max_grade", 12, T("……等级最高为此等级", "... the grade is at most this one")),
        ("dimension", 10, T("只看此维度（/2，空 = 任一维度）", "this dimension only (/2; blank = any dimension)")),
    ],
    DIMENSIONS: [
        ("id", 8, T("维度编号", "dimension id")),
        ("title_zh", 20, T("名称（中文）", "title (Chinese)")),
        ("title_en", 24, T("名称（英文）", "title (English)")),
        ("weight", 8, T("权重（各维度之和为 100）", "weight (dimensions sum to 100)")),
        ("description_zh", 40, T("说明（中文，可空）", "description (Chinese, optional)")),
        ("description_en", 40, T("说明（英文，可空）", "description (English, optional)")),
    ],
    INDICATORS: [
        ("dimension", 9, T("所属维度编号；行序 = 维度内指标顺序", "dimension id; row order = order in the dimension")),
        ("id", 9, T("指标编号（全框架唯一）", "indicator id (unique)")),
        ("title_zh", 20, T("名称（中文）", "title (Chinese)")),
        ("title_en", 24, T("名称（英文）", "title (English)")),
        ("points", 7, T("分值（维度内之和 = 维度权重）", "points (sum to the dimension weight)")),
        (
            "method",
            11,
            T(
                "计分方法：scale、yes_no、choice、threshold、bands、ratio、per_item、deduction",
                "method: scale, yes_no, choice, threshold, bands, ratio, per_item, deduction",
            ),
        ),
        ("target", 8, T("ratio 的目标值", "target of ratio")),
        ("per", 8, T("per_item：每项得分；deduction：每次扣分", "per_item: points per item; deduction: points off")),
        ("unit_zh", 9, T("单位（中文；数值方法可用）", "unit (Chinese; numeric methods)")),
        ("unit_en", 9, T("单位（英文）", "unit (English)")),
        ("evidence_required", 10, T("是否必须有证据（TRUE/FALSE）", "evidence required (TRUE/FALSE)")),
        ("evidence_kinds", 18, T("证据类型，逗号分隔", "evidence kinds, comma separated")),
        ("tiers", 14, T("适用层级，逗号分隔；空 = 全部层级", "tiers, comma separated; blank = all tiers")),
        ("guidance_zh", 50, T("评估指引（中文，可空）", "guidance (Chinese, optional)")),
        ("guidance_en", 50, T("评估指引（英文）", "guidance (English)")),
        ("improve_zh", 40, T("改进建议（中文，可空）", "how to improve (Chinese, optional)")),
        ("improve_en", 40, T("改进建议（英文）", "how to improve (English)")),
        (
            "self_check_zh",
            50,
            T(
                "自评问题：给经营主体的通俗说明（中文，可空；不引标准、不写公式）",
                "self-check question in plain words for operators (Chinese, optional; no citations or formulas)",
            ),
        ),
        ("self_check_en", 50, T("自评问题（英文）", "self-check question (English)")),
        (
            "evidence_when",
            10,
            T(
                "何时需要证据：positive（有肯定的作答时）或 always（/2）",
                "when evidence is needed: positive (for a positive claim) or always (/2)",
            ),
        ),
        (
            "na_allowed",
            9,
            T("可否标为不适用（TRUE/FALSE；/2，空 = 不可）", "N/A allowed (TRUE/FALSE; /2, blank = no)"),
        ),
        ("na_evidence", 9, T("不适用时需要证据（TRUE/FALSE）", "an N/A needs evidence (TRUE/FALSE)")),
        ("why_not_zh", 36, T("不可不适用的说明（中文）", "why N/A is refused (Chinese)")),
        ("why_not_en", 36, T("不可不适用的说明（英文）", "why N/A is refused (English)")),
        *_SOURCE_COLUMNS,
    ],
    LEVELS: [
        ("indicator", 9, T("scale 指标编号", "scale indicator id")),
        ("level", 6, T("等级 0、1、2……（连续）", "level 0, 1, 2, ... (no gaps)")),
        ("text_zh", 60, T("等级描述（中文）", "descriptor (Chinese)")),
        ("text_en", 60, T("等级描述（英文）", "descriptor (English)")),
    ],
    OPTIONS: [
        ("indicator", 9, T("choice 指标编号；行序 = 选项顺序", "choice indicator id; row order = option order")),
        ("id", 10, T("选项编号", "option id")),
        ("title_zh", 36, T("选项名称（中文）", "option title (Chinese)")),
        ("title_en", 36, T("选项名称（英文）", "option title (English)")),
        ("fraction", 9, T("得分率 0–1", "fraction 0-1")),
    ],
    THRESHOLDS: [
        ("indicator", 9, T("threshold 指标编号", "threshold indicator id")),
        ("tier", 12, T("层级编号", "tier id")),
        ("threshold", 10, T("该层级的门槛值", "the tier's threshold")),
    ],
    BANDS: [
        ("indicator", 9, T("threshold/bands 指标编号；行序 = 从高到低", "threshold/bands indicator id; high to low")),
        ("bound", 9, T("threshold：门槛倍数；bands：下限", "threshold: ratio of the threshold; bands: minimum")),
        ("fraction", 9, T("得分率 0–1", "fraction 0-1")),
    ],
    VETOES: [
        ("id", 8, T("否决项编号", "veto id")),
        ("title_zh", 30, T("名称（中文）", "title (Chinese)")),
        ("title_en", 30, T("名称（英文）", "title (English)")),
        ("guidance_zh", 50, T("判定指引（中文，可空）", "guidance (Chinese, optional)")),
        ("guidance_en", 50, T("判定指引（英文）", "guidance (English)")),
        ("self_check_zh", 50, T("自评问题（中文，可空）", "self-check question (Chinese, optional)")),
        ("self_check_en", 50, T("自评问题（英文）", "self-check question (English)")),
        (
            "basis_required",
            10,
            T("第三方判定须有依据（TRUE/FALSE；/2，空 = 须有）", "a third-party decision needs its basis (/2)"),
        ),
        (
            "false_evidence",
            10,
            T("证据核查“不属实”时成立的否决项（TRUE）", "the veto a false evidence verification raises (TRUE)"),
        ),
        *_SOURCE_COLUMNS,
    ],
}
# the sheet order of the workbook (the README lists COLUMNS in its own order)
FRAMEWORK_SHEETS = (
    FRAMEWORK,
    TIERS,
    CONDITIONS,
    GRADES,
    CAPS,
    DIMENSIONS,
    INDICATORS,
    LEVELS,
    OPTIONS,
    THRESHOLDS,
    BANDS,
    SEVERITIES,
    NA_GROUNDS,
    VETOES,
    VETO_SOURCES,
)
REQUIRED_SHEETS = (FRAMEWORK, TIERS, GRADES, DIMENSIONS, INDICATORS)
# columns added after the first workbooks were written: a workbook without them still imports
OPTIONAL_COLUMNS = {
    "self_check_zh",
    "self_check_en",
    # cityeval-framework/2
    "pass_grade",
    "fallback",
    "pass",
    "dimension",
    "evidence_when",
    "na_allowed",
    "na_evidence",
    "why_not_zh",
    "why_not_en",
    "basis_required",
    "false_evidence",
    "source_zh",
    "source_en",
}
_TEXT_COLUMNS = {
    "id",
    "indicator",
    "dimension",
    "tier",
    "max_grade",
    "method",
    "tiers",
    "evidence_kinds",
    "pass_grade",
    "fallback",
    "in",
    "veto_not_raised",
    "veto",
    "evidence_when",
}
_LIST_SPLIT = re.compile(r"[,，;；、\s]+")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_TRUE = {"true", "yes", "y", "1", "是", "√"}
_FALSE = {"false", "no", "n", "0", "否", "×", ""}


# ============================================================================ export
def _decimal(value: Fraction) -> Decimal:
    """The exact decimal of a framework number (they come from decimal text, so they terminate)."""
    if value.denominator == 1:
        return Decimal(value.numerator)
    with localcontext() as ctx:
        ctx.prec = 40
        return (Decimal(value.numerator) / Decimal(value.denominator)).normalize()


def _num(value: Fraction) -> Decimal | int | str:
    return kit.number_cell_value(value.numerator if value.denominator == 1 else _decimal(value))


def _sheet(wb: Workbook, name: str, keys: list[str], rows: list[list[Any]], widths: list[float]) -> Worksheet:
    ws = wb.create_sheet(name)
    kit.write_header(ws, keys)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            key = keys[c - 1]
            style = kit.TEXT if key in _TEXT_COLUMNS or isinstance(value, str) else kit.NUMBER
            cell = kit.set_value(ws.cell(row=r, column=c), value, kit.WRAP if len(str(value)) > 60 else style)
            if isinstance(value, str) and key in _TEXT_COLUMNS:
                cell.number_format = "@"
    kit.set_widths(ws, widths)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{max(2, len(rows) + 1)}"
    return ws


def add_framework_sheets(wb: Workbook, framework: Framework) -> None:
    """Append the authoring sheets (README, Framework, Tiers, ..., Vetoes) to ``wb``."""
    fw = framework
    readme = wb.create_sheet(README)
    _readme(readme, fw)
    info = wb.create_sheet(FRAMEWORK)
    kit.write_header(info, ["key", "value", "说明 / meaning"])
    meanings = {
        "schema": T(
            "格式版本：" + "、".join(SCHEMAS) + "（空 = cityeval-framework/1）",
            "format: " + ", ".join(SCHEMAS) + " (blank = cityeval-framework/1)",
        ),
        "not_applicable_max_share": T(
            "不适用所占分值比例的上限，超过时第三方评估不能定稿（/2，空 = 0.2）",
            "largest share of the tier's points N/A may remove in a finalized third-party case (/2, blank = 0.2)",
        ),
        "gap_below": T(
            "得分率低于此值的指标列为短板（/2，空 = 0.6）",
            "indicators scoring a fraction below this are gaps (/2, blank = 0.6)",
        ),
        "review_window_months": T(
            "考察期：评估基准日前的月数（/2，空 = 36）",
            "review window: the months up to a case's reference date (/2, blank = 36)",
        ),
        "validity_years": T("结果有效期（年，/2，空 = 3）", "years a finalized result is valid (/2, blank = 3)"),
        "inspection_sample_projects": T(
            "现场核查至少抽查的项目数，第三方评估定稿前须达到（/2，0..1000，空 = 不要求）",
            "projects the on-site inspections must sample before a third-party finalize (/2, 0..1000, blank = none)",
        ),
        "inspection_sample_staff": T(
            "现场核查至少抽查的人员数，第三方评估定稿前须达到（/2，0..1000，空 = 不要求）",
            "staff the on-site inspections must sample before a third-party finalize (/2, 0..1000, blank = none)",
        ),
        "id": T("框架编号（小写字母、数字、-）", "framework id (a-z, 0-9, -)"),
        "version": T("版本；修改后请改版本号，已有案例保留原版本", "version; change it when you edit the framework"),
        "category": T("类别：" + ", ".join(CATEGORIES), "category: " + ", ".join(CATEGORIES)),
        "title_zh": T("名称（中文）", "title (Chinese)"),
        "title_en": T("名称（英文）", "title (English)"),
        "description_zh": T("说明（中文，可空）", "description (Chinese, optional)"),
        "description_en": T("说明（英文，可空）", "description (English, optional)"),
    }
    v2 = fw.schema == SCHEMA_V2
    values = {
        "schema": fw.schema,
        "not_applicable_max_share": str(_num(fw.not_applicable_max_share)) if v2 else None,
        "gap_below": str(_num(fw.gap_below)) if v2 else None,
        "review_window_months": str(fw.review_window_months) if v2 else None,
        "validity_years": str(fw.validity_years) if v2 else None,
        "inspection_sample_projects": str(fw.inspection.projects) if v2 and fw.inspection.projects else None,
        "inspection_sample_staff": str(fw.inspection.staff) if v2 and fw.inspection.staff else None,
        "id": fw.id,
        "version": fw.version,
        "category": fw.category,
        "title_zh": fw.title.zh,
        "title_en": fw.title.en,
        "description_zh": fw.description.zh if fw.description else None,
        "description_en": fw.description.en if fw.description else None,
    }
    for r, key in enumerate(FRAMEWORK_KEYS, start=2):
        kit.set_value(info.cell(row=r, column=1), key, kit.LABEL)
        if values[key] is not None:
            cell = kit.set_value(info.cell(row=r, column=2), values[key], kit.WRAP)
            cell.number_format = "@"
        kit.set_value(info.cell(row=r, column=3), f"{meanings[key].zh} / {meanings[key].en}", kit.WRAP)
    kit.set_widths(info, [16, 90, 50])
    info.freeze_panes = "B2"

    def widths(sheet: str) -> list[float]:
        return [w for _, w, _ in COLUMNS[sheet]]

    def keys(sheet: str) -> list[str]:
        return [k for k, _, _ in COLUMNS[sheet]]

    _sheet(
        wb,
        TIERS,
        keys(TIERS),
        [[t.id, t.title.zh, t.title.en, t.pass_grade, t.fallback] for t in fw.tiers],
        widths(TIERS),
    )
    _sheet(
        wb,
        CONDITIONS,
        keys(CONDITIONS),
        [
            [
                t.id,
                c.id,
                c.title.zh,
                c.title.en,
                c.indicator,
                _num(c.at_least) if c.at_least is not None else None,
                ", ".join(c.one_of) if c.one_of is not None else None,
                True if c.is_true else None,
                c.veto_not_raised,
                *_source_cells(c.source),
            ]
            for t in fw.tiers
            for c in t.conditions
        ],
        widths(CONDITIONS),
    )
    _sheet(
        wb,
        GRADES,
        keys(GRADES),
        [[g.id, _num(g.min), g.stars, g.title.zh, g.title.en, None if g.passes else False] for g in fw.grades],
        widths(GRADES),
    )
    _sheet(
        wb,
        CAPS,
        keys(CAPS),
        [[_num(c.dimension_below), c.max_grade, c.dimension] for c in fw.caps],
        widths(CAPS),
    )
    _sheet(
        wb,
        DIMENSIONS,
        keys(DIMENSIONS),
        [[d.id, d.title.zh, d.title.en, _num(d.weight), None, None] for d in fw.dimensions],
        widths(DIMENSIONS),
    )
    all_tiers = tuple(t.id for t in fw.tiers)
    ind_rows, level_rows, option_rows, threshold_rows, band_rows = [], [], [], [], []
    severity_rows, ground_rows = [], []
    for ind in fw.indicators():
        m = ind.method
        unit = getattr(m, "unit", None)
        ind_rows.append(
            [
                ind.dimension_id,
                ind.id,
                ind.title.zh,
                ind.title.en,
                _num(ind.points),
                m.type,
                _num(m.target) if isinstance(m, Ratio) else None,
                _num(m.per) if isinstance(m, PerItem) or (isinstance(m, Deduction) and not m.graded) else None,
                unit.zh if unit else None,
                unit.en if unit else None,
                ind.evidence_required,
                ", ".join(ind.evidence_kinds) or None,
                None if ind.tiers == all_tiers else ", ".join(ind.tiers),
                ind.guidance.zh if ind.guidance else None,
                ind.guidance.en if ind.guidance else None,
                ind.improve.zh if ind.improve else None,
                ind.improve.en if ind.improve else None,
                ind.self_check.zh if ind.self_check else None,
                ind.self_check.en if ind.self_check else None,
                *_rule_cells(ind, v2),
                *_source_cells(ind.source),
            ]
        )
        ground_rows += (
            [[ind.id, g.id, g.title.zh, g.title.en, *_source_cells(g.source)] for g in ind.not_applicable.grounds]
            if v2
            else []
        )
        if isinstance(m, Deduction):
            severity_rows += [[ind.id, v.id, v.title.zh, v.title.en, _num(v.per), v.veto] for v in m.severities]
        if isinstance(m, Scale):
            level_rows += [[ind.id, n, lv.zh, lv.en] for n, lv in enumerate(m.levels)]
        if isinstance(m, Choice):
            option_rows += [[ind.id, o.id, o.title.zh, o.title.en, _num(o.fraction)] for o in m.options]
        if isinstance(m, Threshold):
            threshold_rows += [[ind.id, t, _num(v)] for t, v in m.thresholds.items()]
        if isinstance(m, Threshold | Bands):
            band_rows += [[ind.id, _num(b), _num(f)] for b, f in m.bands]
    _sheet(wb, INDICATORS, keys(INDICATORS), ind_rows, widths(INDICATORS))
    _sheet(wb, LEVELS, keys(LEVELS), level_rows, widths(LEVELS))
    _sheet(wb, OPTIONS, keys(OPTIONS), option_rows, widths(OPTIONS))
    _sheet(wb, THRESHOLDS, keys(THRESHOLDS), threshold_rows, widths(THRESHOLDS))
    _sheet(wb, BANDS, keys(BANDS), band_rows, widths(BANDS))
    _sheet(wb, SEVERITIES, keys(SEVERITIES), severity_rows, widths(SEVERITIES))
    _sheet(wb, NA_GROUNDS, keys(NA_GROUNDS), ground_rows, widths(NA_GROUNDS))
    _sheet(
        wb,
        VETOES,
        keys(VETOES),
        [
            [
                v.id,
                v.title.zh,
                v.title.en,
                v.guidance.zh if v.guidance else None,
                v.guidance.en if v.guidance else None,
                v.self_check.zh if v.self_check else None,
                v.self_check.en if v.self_check else None,
                v.basis_required if v2 else None,
                True if v.false_evidence else None,
                *_source_cells(v.source),
            ]
            for v in fw.vetoes
        ],
        widths(VETOES),
    )
    _sheet(
        wb,
        VETO_SOURCES,
        keys(VETO_SOURCES),
        [[v.id, x.zh, x.en] for v in fw.vetoes for x in v.sources],
        widths(VETO_SOURCES),
    )
    # the dimension descriptions are not kept in the model's Dimension: recover them from the file
    _fill_dimension_descriptions(wb[DIMENSIONS], fw)


def _source_cells(source: Text | None) -> list[str | None]:
    """source_zh, source_en of an indicator, veto, condition or ground (blank without a source)."""
    return [source.zh, source.en] if source is not None else [None, None]


def _rule_cells(ind: Indicator, v2: bool) -> list[Any]:
    """evidence_when, na_allowed, na_evidence, why_not_zh, why_not_en of one indicator (blank in a /1 file)."""
    if not v2:
        return [None] * 5
    rule = ind.not_applicable
    return [
        ind.evidence_when if ind.evidence_required else None,
        rule.allowed,
        True if rule.evidence else None,
        rule.why_not.zh if rule.why_not else None,
        rule.why_not.en if rule.why_not else None,
    ]


def _fill_dimension_descriptions(ws: Worksheet, fw: Framework) -> None:
    descriptions = _raw_dimension_descriptions(fw)
    for r, dim in enumerate(fw.dimensions, start=2):
        text = descriptions.get(dim.id)
        if text:
            kit.set_value(ws.cell(row=r, column=5), text.zh, kit.WRAP)
            kit.set_value(ws.cell(row=r, column=6), text.en, kit.WRAP)


def _raw_dimension_descriptions(fw: Framework) -> dict[str, Text]:
    if not fw.raw:
        return {}
    import yaml

    try:
        data = yaml.load(fw.raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}
    out: dict[str, Text] = {}
    for dim in data.get("dimensions", []) if isinstance(data, dict) else []:
        desc = dim.get("description") if isinstance(dim, dict) else None
        if isinstance(desc, dict) and isinstance(desc.get("zh"), str) and isinstance(desc.get("en"), str):
            out[str(dim.get("id"))] = Text(desc["zh"], desc["en"])
    return out


def _readme(ws: Worksheet, fw: Framework) -> None:
    kit.set_value(ws.cell(row=1, column=1), f"{fw.title.zh} / {fw.title.en} — {fw.key}", kit.TITLE)
    lines = [
        (
            "用法",
            "Usage",
            "修改各工作表后运行 cityeval forms import-xlsx 本文件.xlsx 输出.yaml 生成框架文件；"
            "导入前会按框架规则逐项检查并指出工作表和单元格。修改内容时请同时修改 Framework 表中的 version。",
            "Edit the sheets, then run cityeval forms import-xlsx THIS.xlsx OUT.yaml to write the framework "
            "file; every rule is checked and each problem names its sheet and cell. Change the version on the "
            "Framework sheet when you change the content.",
        ),
        (
            "规则",
            "Rules",
            "维度权重之和为 100；每个维度的指标分值之和等于维度权重；编号唯一；层级、等级按从高到低排列；"
            "分档（Bands）按从高到低排列。列按第 1 行的列名识别，可调整列顺序或增加备注列。",
            "Dimension weights sum to 100; the points of a dimension's indicators sum to its weight; ids are "
            "unique; tiers and grades go from high to low, bands too. Columns are found by the key in row 1: "
            "you may reorder them or add your own columns.",
        ),
    ]
    row = 3
    kit.write_header(ws, ["", "中文", "English"], row)
    for zh_h, en_h, zh, en in lines:
        row += 1
        kit.set_value(ws.cell(row=row, column=1), f"{zh_h} / {en_h}", kit.LABEL)
        kit.set_value(ws.cell(row=row, column=2), zh, kit.WRAP)
        kit.set_value(ws.cell(row=row, column=3), en, kit.WRAP)
        ws.row_dimensions[row].height = 75
    row += 2
    kit.write_header(ws, ["sheet / column", "说明", "meaning"], row)
    for sheet, cols in COLUMNS.items():
        for key, _, meaning in cols:
            row += 1
            kit.set_value(ws.cell(row=row, column=1), f"{sheet}.{key}", kit.TEXT)
            kit.set_value(ws.cell(row=row, column=2), meaning.zh, kit.WRAP)
            kit.set_value(ws.cell(row=row, column=3), meaning.en, kit.WRAP)
    kit.set_widths(ws, [26, 60, 60])


def export_framework_workbook(framework: Framework, out: Path) -> None:
    """Write the editable workbook of ``framework`` (README + one sheet per part of the file)."""
    wb = Workbook()
    kit.add_styles(wb)
    wb.remove(wb.active)
    add_framework_sheets(wb, framework)
    wb.active = wb.sheetnames.index(INDICATORS)
    wb.properties.title = f"{framework.key}"
    wb.properties.creator = "CityEval Desktop"
    kit.save_atomically(wb, out)


# ============================================================================ import
@dataclass
class _Row:
    number: int
    values: dict[str, Any]


@dataclass
class _Table:
    sheet: str
    columns: dict[str, int]
    rows: list[_Row]

    def col(self, key: str) -> str:
        return get_column_letter(self.columns.get(key, 1))


@dataclass
class _Reader:
    source: str
    problems: list[DomainError] = field(default_factory=list)

    def where(self, sheet: str, cell: str = "") -> str:
        return f"{self.source}: {sheet}!{cell}" if cell else f"{self.source}: {sheet}"

    def add(self, sheet: str, cell: str, zh: str, en: str) -> None:
        self.problems.append(DomainError(Text(zh, en), self.where(sheet, cell)))

    # -- values
    def text(self, table: _Table, row: _Row, key: str, *, required: bool = False, ident: bool = False) -> str | None:
        value = row.values.get(key)
        if isinstance(value, str) and value.startswith("=") and row.values.get(f"{key}#f"):
            self.add(
                table.sheet, f"{table.col(key)}{row.number}", "不接受公式，请填写内容", "formulas are not accepted"
            )
            return None
        text = kit.cell_text(value)
        if ident:
            text = text.strip()
        if not text.strip():
            if required:
                self.add(
                    table.sheet,
                    f"{table.col(key)}{row.number}",
                    f"“{key}”不能为空",
                    f"'{key}' must not be empty",
                )
            return None
        return text

    def number(self, table: _Table, row: _Row, key: str, *, required: bool = False) -> Decimal | None:
        value = row.values.get(key)
        cell = f"{table.col(key)}{row.number}"
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(table.sheet, cell, f"“{key}”不能为空，应填写数字", f"'{key}' must not be empty: give a number")
            return None
        if isinstance(value, bool):
            self.add(table.sheet, cell, f"应填写数字，实际为 {value}", f"expected a number, got {value}")
            return None
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, float):
            return Decimal(repr(value))
        if isinstance(value, Decimal):
            return value
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if text.startswith("=") and row.values.get(f"{key}#f"):
            self.add(table.sheet, cell, "不接受公式，请填写数值", "formulas are not accepted: give a value")
            return None
        if _NUMBER.match(text):
            try:
                return Decimal(text)
            except InvalidOperation:
                pass
        self.add(table.sheet, cell, f"应填写数字，实际为 “{value}”", f"expected a number, got '{value}'")
        return None

    def flag(self, table: _Table, row: _Row, key: str) -> bool:
        value = row.values.get(key)
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        text = unicodedata.normalize("NFKC", kit.cell_text(value)).strip().lower()
        if text in _TRUE:
            return True
        if text not in _FALSE:
            self.add(
                table.sheet,
                f"{table.col(key)}{row.number}",
                f"应为 TRUE 或 FALSE（是/否），实际为 “{value}”",
                f"expected TRUE or FALSE, got '{value}'",
            )
        return False

    def maybe_flag(self, table: _Table, row: _Row, key: str) -> bool | None:
        """TRUE/FALSE of a cell, None when it is blank (the framework's default applies)."""
        value = row.values.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return self.flag(table, row, key)

    # -- sheets
    def table(self, wb: Workbook, sheet: str, *, required: bool) -> _Table | None:
        if sheet not in wb.sheetnames:
            if required:
                self.problems.append(
                    DomainError(
                        Text(f"缺少工作表 “{sheet}”", f"the sheet '{sheet}' is missing"), f"{self.source}: {sheet}"
                    )
                )
            return None
        ws = wb[sheet]
        expected = [k for k, _, _ in COLUMNS[sheet]]
        header: dict[str, int] = {}
        max_col = ws.max_column
        for c in range(1, max_col + 1):
            key = kit.cell_text(ws.cell(row=1, column=c).value).strip()
            if key in expected:
                if key in header:
                    self.add(
                        sheet,
                        f"{get_column_letter(c)}1",
                        f"列 “{key}” 出现两次（另见 {get_column_letter(header[key])}1）",
                        f"the column '{key}' appears twice (also {get_column_letter(header[key])}1)",
                    )
                header[key] = c
        for merged in ws.merged_cells.ranges:
            self.add(
                sheet,
                merged.coord,
                "请取消合并单元格（每个值占一个单元格）",
                "unmerge these cells (one value per cell)",
            )
        missing = [k for k in expected if k not in header and k not in OPTIONAL_COLUMNS]
        for key in missing:
            self.add(
                sheet,
                "1:1",
                f"缺少列 “{key}”（第 1 行应有此列名）",
                f"the column '{key}' is missing (row 1 must name it)",
            )
        rows: list[_Row] = []
        for r in rows_with_cells(ws, 2):
            values: dict[str, Any] = {}
            for key, c in header.items():
                cell = ws.cell(row=r, column=c)
                values[key] = kit.cell_value(cell)
                if kit.is_formula(cell):
                    values[f"{key}#f"] = True
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
                continue
            rows.append(_Row(r, values))
        return _Table(sheet, header, rows)


# -------------------------------------------------------------------- YAML writing with locations
_YAML_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax; YAML line-break characters escaped)."""

    def esc(m: re.Match[str]) -> str:
        ch = m.group()
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            return ""
        return f"\\u{code:04x}"

    return _YAML_ESCAPE.sub(esc, json.dumps(text, ensure_ascii=False))


def _n(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
    return "0" if text in ("-0", "") else text


class _Yaml:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.where: list[str] = []

    def put(self, indent: int, text: str, where: str) -> None:
        self.lines.append(" " * indent + text)
        self.where.append(where)

    def text_pair(self, indent: int, key: str, zh: str, en: str, where_zh: str, where_en: str) -> None:
        self.put(indent, f"{key}:", where_zh)
        self.put(indent + 2, f"zh: {_q(zh)}", where_zh)
        self.put(indent + 2, f"en: {_q(en)}", where_en)

    def bytes(self) -> bytes:
        return ("\n".join(self.lines) + "\n").encode("utf-8")


def _pair(
    reader: _Reader, table: _Table, row: _Row, zh_key: str, en_key: str, *, required: bool
) -> tuple[str, str] | None:
    zh = reader.text(table, row, zh_key, required=required)
    en = reader.text(table, row, en_key, required=required)
    if required:
        return (zh, en) if zh is not None and en is not None else None
    if (zh is None) != (en is None):
        missing = en_key if en is None else zh_key
        reader.add(
            table.sheet,
            f"{table.col(missing)}{row.number}",
            f"“{missing}”为空：中英文须同时填写或同时留空",
            f"'{missing}' is empty: give both languages or neither",
        )
        return None
    return (zh, en) if zh is not None and en is not None else None


def _split(text: str | None) -> list[str]:
    return [p for p in _LIST_SPLIT.split(text or "") if p]


def _by_indicator(reader: _Reader, table: _Table | None, known: set[str]) -> dict[str, list[_Row]]:
    out: dict[str, list[_Row]] = {}
    if table is None:
        return out
    for row in table.rows:
        ind = reader.text(table, row, "indicator", required=True, ident=True)
        if ind is None:
            continue
        if ind not in known:
            reader.add(
                table.sheet,
                f"{table.col('indicator')}{row.number}",
                f"未知指标编号 “{ind}”（Indicators 表中没有）",
                f"unknown indicator id '{ind}' (not on the Indicators sheet)",
            )
            continue
        out.setdefault(ind, []).append(row)
    return out


def import_framework_workbook(path: Path) -> bytes:
    """Read an edited framework workbook and return checked framework YAML (UTF-8 bytes)."""
    path = Path(path)
    source = str(path)
    wb = open_workbook(path, sheets=FRAMEWORK_SHEETS)  # the checklist sheets of the same file are not parsed
    reader = _Reader(source)
    missing = [s for s in REQUIRED_SHEETS if s not in wb.sheetnames]
    if missing:
        raise InputError(
            [
                DomainError(
                    Text(
                        f"缺少工作表 “{s}”：请从导出的完整框架工作簿开始（不要选层级；按层级导出的清单只用于填写作答）",
                        f"the sheet '{s}' is missing: start from a whole framework workbook, exported for no tier "
                        "in particular (a checklist for one tier is for answers only)",
                    ),
                    f"{source}: {s}",
                )
                for s in missing
            ]
        )
    out = _Yaml()
    info = _read_framework_sheet(reader, wb[FRAMEWORK])
    tables = {s: reader.table(wb, s, required=s in REQUIRED_SHEETS) for s in FRAMEWORK_SHEETS if s != FRAMEWORK}
    if reader.problems:
        raise InputError(reader.problems)
    _emit(reader, out, info, tables)
    if reader.problems:
        raise InputError(reader.problems)
    raw = out.bytes()
    try:
        load_bytes(raw, source)
    except FrameworkError as exc:
        problems = []
        for p in exc.problems:
            where = out.where[p.line - 1] if 0 < p.line <= len(out.where) else f"{source}"
            detail = f"（{p.path}）" if p.path else ""
            detail_en = f" ({p.path})" if p.path else ""
            problems.append(DomainError(Text(p.reason.zh + detail, p.reason.en + detail_en), where))
        raise InputError(problems) from None
    return raw


def _read_framework_sheet(reader: _Reader, ws: Worksheet) -> dict[str, tuple[str | None, str]]:
    """key -> (value, where) from the two-column Framework sheet."""
    found: dict[str, tuple[str | None, str]] = {}
    for r in rows_with_cells(ws, 2):
        key = kit.cell_text(ws.cell(row=r, column=1).value).strip()
        if key not in FRAMEWORK_KEYS:
            continue
        cell = ws.cell(row=r, column=2)
        where = reader.where(FRAMEWORK, f"B{r}")
        if kit.is_formula(cell):
            reader.problems.append(DomainError(Text("不接受公式，请填写内容", "formulas are not accepted"), where))
            continue
        text = kit.cell_text(cell.value)
        if key in ("id", "version", "category", "schema", *_FRAMEWORK_NUMBERS, *_INSPECTION_KEYS):
            text = text.strip()
        found[key] = (text if text.strip() else None, where)
    for key in ("id", "version", "category", "title_zh", "title_en"):
        if key not in found:
            reader.add(FRAMEWORK, "A:A", f"缺少 “{key}” 行", f"the row '{key}' is missing")
        elif found[key][0] is None:
            reader.problems.append(DomainError(Text(f"“{key}”不能为空", f"'{key}' must not be empty"), found[key][1]))
    desc = [found.get(k, (None, ""))[0] for k in ("description_zh", "description_en")]
    if (desc[0] is None) != (desc[1] is None):
        key = "description_en" if desc[1] is None else "description_zh"
        reader.problems.append(
            DomainError(
                Text(f"“{key}”为空：中英文须同时填写或同时留空", f"'{key}' is empty: give both languages or neither"),
                found.get(key, (None, reader.where(FRAMEWORK)))[1],
            )
        )
    return found


def _emit(reader: _Reader, y: _Yaml, info: dict[str, tuple[str | None, str]], tables: dict[str, _Table | None]) -> None:
    fw_sheet = reader.where(FRAMEWORK)
    y.put(0, f"# written by cityeval forms import-xlsx from {Path(reader.source).name}".replace("\n", " "), fw_sheet)
    schema, schema_where = info.get("schema", (None, fw_sheet))
    schema = schema or SCHEMA_V1  # a workbook without the row is /1
    y.put(0, f"schema: {schema if schema in SCHEMAS else _q(schema)}", schema_where)
    for key in ("id", "version", "category"):
        value, where = info[key]
        y.put(0, f"{key}: {_q(value or '')}", where)
    for key in _FRAMEWORK_NUMBERS:
        value, where = info.get(key, (None, fw_sheet))
        if value is None:
            continue
        text = unicodedata.normalize("NFKC", value)
        if not _NUMBER.match(text):
            reader.problems.append(
                DomainError(Text(f"应填写数字，实际为 “{value}”", f"expected a number, got '{value}'"), where)
            )
            continue
        y.put(0, f"{key}: {_n(Decimal(text))}", where)
    sample = []
    for key, sub in _INSPECTION_KEYS.items():
        value, where = info.get(key, (None, fw_sheet))
        if value is None:
            continue
        text = unicodedata.normalize("NFKC", value)
        if not _NUMBER.match(text):
            reader.problems.append(
                DomainError(Text(f"应填写整数，实际为 “{value}”", f"expected a whole number, got '{value}'"), where)
            )
            continue
        sample.append((f"{sub}: {_n(Decimal(text))}", where))
    if sample:
        y.put(0, "inspection:", sample[0][1])
        for line, where in sample:
            y.put(2, line, where)
    y.text_pair(
        0, "title", info["title_zh"][0] or "", info["title_en"][0] or "", info["title_zh"][1], info["title_en"][1]
    )
    if info.get("description_zh", (None, ""))[0] is not None and info.get("description_en", (None, ""))[0] is not None:
        y.text_pair(
            0,
            "description",
            info["description_zh"][0] or "",
            info["description_en"][0] or "",
            info["description_zh"][1],
            info["description_en"][1],
        )
    tiers_t = tables[TIERS]
    assert tiers_t is not None
    y.put(0, "tiers:", reader.where(TIERS, "A1"))
    tier_ids = []
    known_tiers = {reader.text(tiers_t, r, "id", ident=True) or "" for r in tiers_t.rows}
    conditions = _by_key(reader, tables[CONDITIONS], "tier", known_tiers, TIERS)
    for row in tiers_t.rows:
        loc = _locator(reader, tiers_t, row)
        tid = reader.text(tiers_t, row, "id", required=True, ident=True) or ""
        tier_ids.append(tid)
        pair = _pair(reader, tiers_t, row, "title_zh", "title_en", required=True) or ("", "")
        y.put(2, f"- id: {_q(tid)}", loc("id"))
        y.text_pair(4, "title", *pair, loc("title_zh"), loc("title_en"))
        for key in ("pass_grade", "fallback"):
            value = reader.text(tiers_t, row, key, ident=True)
            if value is not None:
                y.put(4, f"{key}: {_q(value)}", loc(key))
        rows = conditions.get(tid, [])
        table = tables[CONDITIONS]
        if rows and table is not None:
            y.put(4, "conditions:", _locator(reader, table, rows[0])("tier"))
            for crow in rows:
                _emit_condition(reader, y, table, crow)
    grades_t = tables[GRADES]
    assert grades_t is not None
    y.put(0, "grades:", reader.where(GRADES, "A1"))
    for row in grades_t.rows:
        loc = _locator(reader, grades_t, row)
        gid = reader.text(grades_t, row, "id", required=True, ident=True) or ""
        low = reader.number(grades_t, row, "min", required=True)
        stars = reader.number(grades_t, row, "stars")
        pair = _pair(reader, grades_t, row, "title_zh", "title_en", required=True) or ("", "")
        y.put(2, f"- id: {_q(gid)}", loc("id"))
        y.put(4, f"min: {_n(low) if low is not None else 0}", loc("min"))
        if stars is not None:
            y.put(4, f"stars: {_n(stars)}", loc("stars"))
        y.text_pair(4, "title", *pair, loc("title_zh"), loc("title_en"))
        passes = reader.maybe_flag(grades_t, row, "pass")
        if passes is not None:
            y.put(4, f"pass: {'true' if passes else 'false'}", loc("pass"))
    caps_t = tables[CAPS]
    if caps_t is not None and caps_t.rows:
        y.put(0, "caps:", reader.where(CAPS, "A1"))
        for row in caps_t.rows:
            loc = _locator(reader, caps_t, row)
            below = reader.number(caps_t, row, "dimension_below", required=True)
            grade = reader.text(caps_t, row, "max_grade", required=True, ident=True) or ""
            y.put(2, f"- dimension_below: {_n(below) if below is not None else 0}", loc("dimension_below"))
            y.put(4, f"max_grade: {_q(grade)}", loc("max_grade"))
            dimension = reader.text(caps_t, row, "dimension", ident=True)
            if dimension is not None:
                y.put(4, f"dimension: {_q(dimension)}", loc("dimension"))

    dims_t, inds_t = tables[DIMENSIONS], tables[INDICATORS]
    assert dims_t is not None and inds_t is not None
    by_dim: dict[str, list[_Row]] = {}
    ind_ids: set[str] = set()
    dim_ids = [reader.text(dims_t, row, "id", required=True, ident=True) for row in dims_t.rows]
    first_row: dict[str, int] = {}
    for row in inds_t.rows:
        dim = reader.text(inds_t, row, "dimension", required=True, ident=True)
        iid = reader.text(inds_t, row, "id", required=True, ident=True)
        if iid and iid in first_row:
            reader.add(
                INDICATORS,
                f"{inds_t.col('id')}{row.number}",
                f"指标编号 “{iid}” 重复（第 {first_row[iid]} 行已有）",
                f"duplicate indicator id '{iid}' (also on row {first_row[iid]})",
            )
            continue
        if iid:
            ind_ids.add(iid)
            first_row[iid] = row.number
        if dim is None:
            continue
        if dim not in dim_ids:
            reader.add(
                INDICATORS,
                f"{inds_t.col('dimension')}{row.number}",
                f"未知维度 “{dim}”（Dimensions 表中没有）",
                f"unknown dimension '{dim}' (not on the Dimensions sheet)",
            )
            continue
        by_dim.setdefault(dim, []).append(row)
    params = {
        "levels": _by_indicator(reader, tables[LEVELS], ind_ids),
        "options": _by_indicator(reader, tables[OPTIONS], ind_ids),
        "thresholds": _by_indicator(reader, tables[THRESHOLDS], ind_ids),
        "bands": _by_indicator(reader, tables[BANDS], ind_ids),
        "severities": _by_indicator(reader, tables[SEVERITIES], ind_ids),
        "grounds": _by_indicator(reader, tables[NA_GROUNDS], ind_ids),
    }
    used: dict[str, set[str]] = {}
    weights_where = reader.where(DIMENSIONS, f"{dims_t.col('weight')}2:{dims_t.col('weight')}{1 + len(dims_t.rows)}")
    y.put(0, "dimensions:", weights_where)
    for row, did in zip(dims_t.rows, dim_ids, strict=True):
        loc = _locator(reader, dims_t, row)
        pair = _pair(reader, dims_t, row, "title_zh", "title_en", required=True) or ("", "")
        desc = _pair(reader, dims_t, row, "description_zh", "description_en", required=False)
        weight = reader.number(dims_t, row, "weight", required=True)
        y.put(2, f"- id: {_q(did or '')}", loc("id"))
        y.text_pair(4, "title", *pair, loc("title_zh"), loc("title_en"))
        if desc:
            y.text_pair(4, "description", *desc, loc("description_zh"), loc("description_en"))
        y.put(4, f"weight: {_n(weight) if weight is not None else 0}", loc("weight"))
        rows = by_dim.get(did or "", [])
        if not rows:
            y.put(4, "indicators: []", loc("id"))
            continue
        y.put(4, "indicators:", loc("id"))
        for irow in rows:
            _emit_indicator(reader, y, inds_t, irow, params, tables, used)
    vetoes_t = tables[VETOES]
    veto_ids = {reader.text(vetoes_t, r, "id", ident=True) or "" for r in vetoes_t.rows} if vetoes_t else set()
    sources = _by_key(reader, tables[VETO_SOURCES], "veto", veto_ids, VETOES)
    if vetoes_t is not None and vetoes_t.rows:
        y.put(0, "vetoes:", reader.where(VETOES, "A1"))
        for row in vetoes_t.rows:
            loc = _locator(reader, vetoes_t, row)
            vid = reader.text(vetoes_t, row, "id", required=True, ident=True) or ""
            pair = _pair(reader, vetoes_t, row, "title_zh", "title_en", required=True) or ("", "")
            guidance = _pair(reader, vetoes_t, row, "guidance_zh", "guidance_en", required=False)
            self_check = _pair(reader, vetoes_t, row, "self_check_zh", "self_check_en", required=False)
            y.put(2, f"- id: {_q(vid)}", loc("id"))
            y.text_pair(4, "title", *pair, loc("title_zh"), loc("title_en"))
            if guidance:
                y.text_pair(4, "guidance", *guidance, loc("guidance_zh"), loc("guidance_en"))
            if self_check:
                y.text_pair(4, "self_check", *self_check, loc("self_check_zh"), loc("self_check_en"))
            source_t = tables[VETO_SOURCES]
            if sources.get(vid) and source_t is not None:
                y.put(4, "sources:", _locator(reader, source_t, sources[vid][0])("veto"))
                for srow in sources[vid]:
                    sloc = _locator(reader, source_t, srow)
                    spair = _pair(reader, source_t, srow, "title_zh", "title_en", required=True) or ("", "")
                    y.put(6, f"- zh: {_q(spair[0])}", sloc("title_zh"))
                    y.put(8, f"en: {_q(spair[1])}", sloc("title_en"))
            for key in ("basis_required", "false_evidence"):
                flag = reader.maybe_flag(vetoes_t, row, key)
                if flag is not None:
                    y.put(4, f"{key}: {'true' if flag else 'false'}", loc(key))
            _emit_source(reader, y, 4, vetoes_t, row)
    # rows of method sheets that belong to an indicator of another method
    for key, rows_by in params.items():
        for iid, rows in rows_by.items():
            if iid not in used.get(key, set()):
                for row in rows:
                    sheet = _PARAM_SHEETS[key]
                    if key == "grounds":
                        continue  # read by every indicator: never left over
                    reader.add(
                        sheet,
                        f"A{row.number}",
                        f"指标 {iid} 的计分方法不使用 {sheet} 表（请删除此行或修改其 method）",
                        f"indicator {iid}'s method does not use the {sheet} sheet (delete the row or its method)",
                    )


_PARAM_SHEETS = {
    "levels": LEVELS,
    "options": OPTIONS,
    "thresholds": THRESHOLDS,
    "bands": BANDS,
    "severities": SEVERITIES,
    "grounds": NA_GROUNDS,
}
_PARAMS_OF = {
    "scale": {"levels"},
    "yes_no": set(),
    "choice": {"options"},
    "threshold": {"thresholds", "bands", "unit"},
    "bands": {"bands", "unit"},
    "ratio": {"target", "unit"},
    "per_item": {"per", "unit"},
    "deduction": {"per", "unit", "severities"},
}


def _by_key(reader: _Reader, table: _Table | None, key: str, known: set[str], other: str) -> dict[str, list[_Row]]:
    """Rows of ``table`` grouped by the id in column ``key``; an id not on the ``other`` sheet is reported."""
    out: dict[str, list[_Row]] = {}
    if table is None:
        return out
    for row in table.rows:
        ident = reader.text(table, row, key, required=True, ident=True)
        if ident is None:
            continue
        if ident not in known:
            reader.add(
                table.sheet,
                f"{table.col(key)}{row.number}",
                f"未知编号 “{ident}”（{other} 表中没有）",
                f"unknown id '{ident}' (not on the {other} sheet)",
            )
            continue
        out.setdefault(ident, []).append(row)
    return out


def _emit_condition(reader: _Reader, y: _Yaml, table: _Table, row: _Row) -> None:
    loc = _locator(reader, table, row)
    cid = reader.text(table, row, "id", required=True, ident=True) or ""
    pair = _pair(reader, table, row, "title_zh", "title_en", required=True) or ("", "")
    y.put(6, f"- id: {_q(cid)}", loc("id"))
    y.text_pair(8, "title", *pair, loc("title_zh"), loc("title_en"))
    for key in ("indicator", "veto_not_raised"):
        value = reader.text(table, row, key, ident=True)
        if value is not None:
            y.put(8, f"{key}: {_q(value)}", loc(key))
    at_least = reader.number(table, row, "at_least")
    if at_least is not None:
        y.put(8, f"at_least: {_n(at_least)}", loc("at_least"))
    options = _split(reader.text(table, row, "in"))
    if options:
        y.put(8, "in: [" + ", ".join(_q(o) for o in options) + "]", loc("in"))
    is_true = reader.maybe_flag(table, row, "is")
    if is_true is not None:
        y.put(8, f"is: {'true' if is_true else 'false'}", loc("is"))
    _emit_source(reader, y, 8, table, row)


def _emit_source(reader: _Reader, y: _Yaml, indent: int, table: _Table, row: _Row) -> None:
    """The row's ``source`` note (source_zh, source_en), when it has one."""
    pair = _pair(reader, table, row, "source_zh", "source_en", required=False)
    if pair:
        loc = _locator(reader, table, row)
        y.text_pair(indent, "source", *pair, loc("source_zh"), loc("source_en"))


def _locator(reader: _Reader, table: _Table, row: _Row) -> Any:
    def loc(key: str) -> str:
        return reader.where(table.sheet, f"{table.col(key)}{row.number}")

    return loc


def _emit_indicator(
    reader: _Reader,
    y: _Yaml,
    t: _Table,
    row: _Row,
    params: dict[str, dict[str, list[_Row]]],
    tables: dict[str, _Table | None],
    used: dict[str, set[str]],
) -> None:
    loc = _locator(reader, t, row)
    iid = reader.text(t, row, "id", required=True, ident=True) or ""
    pair = _pair(reader, t, row, "title_zh", "title_en", required=True) or ("", "")
    points = reader.number(t, row, "points", required=True)
    kind = reader.text(t, row, "method", required=True, ident=True) or ""
    if kind and kind not in METHOD_TYPES:
        reader.add(
            INDICATORS,
            f"{t.col('method')}{row.number}",
            f"未知计分方法 “{kind}”，可选：{', '.join(METHOD_TYPES)}",
            f"unknown method '{kind}'; expected one of: {', '.join(METHOD_TYPES)}",
        )
    uses = _PARAMS_OF.get(kind, set())
    if kind not in _PARAMS_OF:  # an unknown method: its parameter rows are not reported on top
        for key in ("levels", "options", "thresholds", "bands"):
            used.setdefault(key, set()).add(iid)
    y.put(6, f"- id: {_q(iid)}", loc("id"))
    y.text_pair(8, "title", *pair, loc("title_zh"), loc("title_en"))
    for key in ("guidance", "improve", "self_check"):
        texts = _pair(reader, t, row, f"{key}_zh", f"{key}_en", required=False)
        if texts:
            y.text_pair(8, key, *texts, loc(f"{key}_zh"), loc(f"{key}_en"))
    y.put(8, f"points: {_n(points) if points is not None else 0}", loc("points"))
    y.put(8, "method:", loc("method"))
    y.put(10, f"type: {_q(kind)}", loc("method"))
    # cell parameters
    graded = kind == "deduction" and bool(params["severities"].get(iid))
    for key in ("target", "per"):
        value = reader.number(t, row, key)
        if value is None:
            if key in uses and not (key == "per" and graded):
                reader.add(
                    INDICATORS,
                    f"{t.col(key)}{row.number}",
                    f"{kind} 方法需要填写 “{key}”",
                    f"the {kind} method needs '{key}'",
                )
            continue
        if key not in uses:
            reader.add(
                INDICATORS,
                f"{t.col(key)}{row.number}",
                f"{kind or '?'} 方法不使用 “{key}”，请清空此单元格",
                f"the {kind or '?'} method does not use '{key}': clear the cell",
            )
            continue
        y.put(10, f"{key}: {_n(value)}", loc(key))
    unit = _pair(reader, t, row, "unit_zh", "unit_en", required=False)
    if unit:
        if "unit" in uses:
            y.text_pair(10, "unit", *unit, loc("unit_zh"), loc("unit_en"))
        else:
            reader.add(
                INDICATORS,
                f"{t.col('unit_zh')}{row.number}",
                f"{kind or '?'} 方法没有单位，请清空单位",
                f"the {kind or '?'} method has no unit: clear it",
            )
    # sheet parameters
    for key in ("levels", "options", "thresholds", "bands", "severities"):
        rows = params[key].get(iid, [])
        if key not in uses:
            continue
        used.setdefault(key, set()).add(iid)
        table = tables[_PARAM_SHEETS[key]]
        if key == "severities":
            if rows and table is not None:
                _emit_severities(reader, y, table, rows)
            continue
        if not rows or table is None:
            reader.add(
                INDICATORS,
                f"{t.col('method')}{row.number}",
                f"{kind} 方法需要在 {key.capitalize()} 表中为 {iid} 填写行",
                f"the {kind} method needs rows for {iid} on the {key.capitalize()} sheet",
            )
            continue
        _emit_param(reader, y, table, key, rows, iid)
    evidence_required = reader.flag(t, row, "evidence_required")
    kinds = _split(reader.text(t, row, "evidence_kinds"))
    when = reader.text(t, row, "evidence_when", ident=True)
    if evidence_required or kinds or when:
        y.put(8, "evidence:", loc("evidence_required"))
        y.put(10, f"required: {'true' if evidence_required else 'false'}", loc("evidence_required"))
        if kinds:
            y.put(10, "kinds:", loc("evidence_kinds"))
            for k in kinds:
                y.put(12, f"- {_q(k)}", loc("evidence_kinds"))
        if when:
            y.put(10, f"when: {_q(when)}", loc("evidence_when"))
    _emit_not_applicable(reader, y, t, row, params["grounds"].get(iid, []), tables[NA_GROUNDS])
    tiers = _split(reader.text(t, row, "tiers"))
    if tiers:
        y.put(8, "tiers:", loc("tiers"))
        for tier in tiers:
            y.put(10, f"- {_q(tier)}", loc("tiers"))
    _emit_source(reader, y, 8, t, row)


def _emit_severities(reader: _Reader, y: _Yaml, table: _Table, rows: list[_Row]) -> None:
    y.put(10, "severities:", _locator(reader, table, rows[0])("indicator"))
    for row in rows:
        loc = _locator(reader, table, row)
        sid = reader.text(table, row, "id", required=True, ident=True) or ""
        pair = _pair(reader, table, row, "title_zh", "title_en", required=True) or ("", "")
        per = reader.number(table, row, "per", required=True)
        veto = reader.text(table, row, "veto", ident=True)
        y.put(12, f"- id: {_q(sid)}", loc("id"))
        y.text_pair(14, "title", *pair, loc("title_zh"), loc("title_en"))
        y.put(14, f"per: {_n(per) if per is not None else 0}", loc("per"))
        if veto is not None:
            y.put(14, f"veto: {_q(veto)}", loc("veto"))


def _emit_not_applicable(
    reader: _Reader, y: _Yaml, t: _Table, row: _Row, grounds: list[_Row], grounds_t: _Table | None
) -> None:
    loc = _locator(reader, t, row)
    allowed = reader.maybe_flag(t, row, "na_allowed")
    evidence = reader.maybe_flag(t, row, "na_evidence")
    why_not = _pair(reader, t, row, "why_not_zh", "why_not_en", required=False)
    if allowed is None and evidence is None and why_not is None and not grounds:
        return
    y.put(8, "not_applicable:", loc("na_allowed"))
    if allowed is not None:
        y.put(10, f"allowed: {'true' if allowed else 'false'}", loc("na_allowed"))
    if grounds and grounds_t is not None:
        y.put(10, "grounds:", _locator(reader, grounds_t, grounds[0])("indicator"))
        for grow in grounds:
            gloc = _locator(reader, grounds_t, grow)
            gid = reader.text(grounds_t, grow, "id", required=True, ident=True) or ""
            pair = _pair(reader, grounds_t, grow, "title_zh", "title_en", required=True) or ("", "")
            y.put(12, f"- id: {_q(gid)}", gloc("id"))
            y.text_pair(14, "title", *pair, gloc("title_zh"), gloc("title_en"))
            _emit_source(reader, y, 14, grounds_t, grow)
    if evidence is not None:
        y.put(10, f"evidence: {'true' if evidence else 'false'}", loc("na_evidence"))
    if why_not:
        y.text_pair(10, "why_not", *why_not, loc("why_not_zh"), loc("why_not_en"))


def _emit_param(reader: _Reader, y: _Yaml, table: _Table, key: str, rows: list[_Row], iid: str) -> None:
    first = _locator(reader, table, rows[0])
    if key == "levels":
        numbered: list[tuple[int, _Row]] = []
        seen_levels: set[int] = set()
        bad = False
        for row in rows:
            level = reader.number(table, row, "level", required=True)
            if level is None:
                bad = True
                continue
            if level != level.to_integral_value() or not 0 <= level < len(rows) or int(level) in seen_levels:
                reader.add(
                    LEVELS,
                    f"{table.col('level')}{row.number}",
                    f"{iid} 有 {len(rows)} 个等级，等级应为 0–{len(rows) - 1} 的整数且不重复，实际为 {level}",
                    f"{iid} has {len(rows)} levels: each must be a whole number 0-{len(rows) - 1}, once; got {level}",
                )
                bad = True
                continue
            seen_levels.add(int(level))
            numbered.append((int(level), row))
        if bad:
            return
        numbered.sort(key=lambda x: x[0])
        y.put(10, "levels:", first("indicator"))
        for _, row in numbered:
            loc = _locator(reader, table, row)
            pair = _pair(reader, table, row, "text_zh", "text_en", required=True) or ("", "")
            y.put(12, f"- zh: {_q(pair[0])}", loc("text_zh"))
            y.put(14, f"en: {_q(pair[1])}", loc("text_en"))
    elif key == "options":
        y.put(10, "options:", first("indicator"))
        for row in rows:
            loc = _locator(reader, table, row)
            oid = reader.text(table, row, "id", required=True, ident=True) or ""
            pair = _pair(reader, table, row, "title_zh", "title_en", required=True) or ("", "")
            frac = reader.number(table, row, "fraction", required=True)
            y.put(12, f"- id: {_q(oid)}", loc("id"))
            y.text_pair(14, "title", *pair, loc("title_zh"), loc("title_en"))
            y.put(14, f"fraction: {_n(frac) if frac is not None else 0}", loc("fraction"))
    elif key == "thresholds":
        y.put(10, "thresholds:", reader.where(THRESHOLDS, f"A{rows[0].number}:C{rows[-1].number}"))
        seen: dict[str, int] = {}
        for row in rows:
            loc = _locator(reader, table, row)
            tier = reader.text(table, row, "tier", required=True, ident=True) or ""
            value = reader.number(table, row, "threshold", required=True)
            if tier in seen:
                reader.add(
                    THRESHOLDS,
                    f"{table.col('tier')}{row.number}",
                    f"{iid} 的层级 {tier} 重复（第 {seen[tier]} 行已有）",
                    f"{iid} lists tier {tier} twice (also row {seen[tier]})",
                )
                continue
            seen[tier] = row.number
            y.put(
                12,
                f"{_q(tier)}: {_n(value) if value is not None else 0}",
                reader.where(THRESHOLDS, f"{table.col('tier')}{row.number}:{table.col('threshold')}{row.number}"),
            )
    else:
        y.put(10, "bands:", first("bound"))
        for row in rows:
            loc = _locator(reader, table, row)
            bound = reader.number(table, row, "bound", required=True)
            frac = reader.number(table, row, "fraction", required=True)
            y.put(
                12,
                f"- [{_n(bound) if bound is not None else 0}, {_n(frac) if frac is not None else 0}]",
                loc("bound"),
            )
