"""Excel workbooks of results: one case (summary, indicators, gaps, evidence, audit) or many cases.

The figures are those of ``services.results.case_json``: totals, dimension scores, earned
points and lost points rounded half-up to 2 decimals; fractions and completeness to 4.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, RadarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cityeval_desktop.domain import result_text
from cityeval_desktop.domain.framework import CATEGORIES, MODES, Framework, Grade, Indicator
from cityeval_desktop.domain.methods import Choice, Deduction, Scale, YesNo
from cityeval_desktop.domain.numbers import plain, round_half_up
from cityeval_desktop.domain.scoring import (
    ANSWERED,
    NOT_APPLICABLE,
    NOT_RATED_INCOMPLETE,
    UNANSWERED,
    IndicatorResult,
    Result,
)
from cityeval_desktop.domain.text import Text
from cityeval_desktop.exchange import xlsxkit as kit

if TYPE_CHECKING:
    from cityeval_desktop.domain.records import CaseDetail

__all__ = ["STATUS_LABELS", "answer_text", "grade_label", "write_case_workbook", "write_cases_workbook"]

T = Text
SHEETS: dict[str, Text] = {
    "summary": T("概要", "Summary"),
    "indicators": T("指标明细", "Indicators"),
    "gaps": T("短板", "Gaps"),
    "evidence": T("证据", "Evidence"),
    "audit": T("审计日志", "Audit"),
    "cases": T("案例汇总", "Cases"),
    "stats": T("统计", "Statistics"),
}
STATUS_LABELS: dict[str, Text] = {
    ANSWERED: T("已作答", "Answered"),
    UNANSWERED: T("未作答", "Not answered"),
    NOT_APPLICABLE: T("不适用", "Not applicable"),
}
CASE_STATUS: dict[str, Text] = {"draft": T("草稿", "Draft"), "finalized": T("已定稿", "Finalized")}
YES, NO = T("是", "Yes"), T("否", "No")
VETOED = T("否决", "Vetoed")
# an unfinished case: the total is a running figure and no grade is given (DESIGN §4)
PROVISIONAL = NOT_RATED_INCOMPLETE
ACTIONS: dict[str, Text] = {
    "case.create": T("建立案例", "case created"),
    "case.amend": T("修订", "amended"),
    "case.finalize": T("定稿", "finalized"),
    "case.delete": T("删除草稿", "draft deleted"),
    "answer.set": T("作答", "answer set"),
    "answer.clear": T("清除作答", "answer cleared"),
    "evidence.add": T("添加证据", "evidence added"),
    "evidence.remove": T("移除证据", "evidence removed"),
    "veto.set": T("判定否决项", "veto decided"),
    "report.sign": T("签署报告", "report signed"),
    "report.countersign": T("审核人加签", "countersigned by the reviewer"),
}
_AUDIT_TEXT_LIMIT = 2_000


def _num(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def _shown(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _yes(flag: bool, lang: str) -> str:
    return (YES if flag else NO).get(lang)


def grade_label(framework: Framework, result: Result, lang: str) -> str:
    """The public result text (``城市服务级 ★★★★ 良好``, ``未达到区域服务级条件``, ``未通过``), or ``否决``."""
    if result.vetoed:
        return VETOED.get(lang)
    if result.provisional:
        return PROVISIONAL.get(lang)
    if result.grade is None:
        return "—"
    return result.label(lang)


def _grade_words(grade: Grade | None, lang: str) -> str:
    """A grade as the public reads it (★★★★ 良好): grade ids stay internal."""
    return result_text.grade_words(grade).get(lang) if grade is not None else ""


def answer_text(indicator: Indicator, ir: IndicatorResult, reason: str | None, lang: str) -> str:
    """The answer as a reader understands it (level with its descriptor, option title, number with unit)."""
    if ir.status == NOT_APPLICABLE:
        na = STATUS_LABELS[NOT_APPLICABLE].get(lang)
        return f"{na}：{reason}" if reason and lang == "zh" else (f"{na}: {reason}" if reason else na)
    if ir.status != ANSWERED or ir.value is None:
        return ""
    method, value = indicator.method, ir.value
    if isinstance(method, Scale):
        return f"{value} – {method.levels[int(value)].get(lang)}"
    if isinstance(method, YesNo):
        return _yes(bool(value), lang)
    if isinstance(method, Choice):
        option = method.option(value)
        return f"{option.title.get(lang)} ({value})" if option else str(value)
    if isinstance(method, Deduction) and isinstance(value, dict):
        return result_text.counts_text(method, value, lang)
    shown = plain(value) if isinstance(value, Fraction) else str(value)
    unit = getattr(method, "unit", None)
    return f"{shown} {unit.get(lang)}" if unit else shown


def _raw_cell(raw: Any) -> Any:
    if isinstance(raw, Decimal):
        return kit.number_cell_value(raw)
    if isinstance(raw, (dict, list)):
        return json.dumps(raw, ensure_ascii=False)
    return raw


def _audit_text(value: Any) -> str | None:
    if value is None:
        return None
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return text if len(text) <= _AUDIT_TEXT_LIMIT else text[: _AUDIT_TEXT_LIMIT - 1] + "…"


def _new_workbook() -> Workbook:
    wb = Workbook()
    kit.add_styles(wb)
    return wb


def _table(
    ws: Worksheet,
    header: list[str],
    rows: list[list[Any]],
    styles: list[str],
    *,
    start: int = 1,
    wrap_cols: Iterable[int] = (),
    maximum: float = 50,
    freeze: str | None = "A2",
    autofilter: bool = True,
) -> None:
    """A header row plus data rows at ``start``; shared named styles; frozen header and filter."""
    kit.write_header(ws, header, start)
    for r, row in enumerate(rows, start=start + 1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            kit.set_value(ws.cell(row=r, column=c), value, styles[c - 1])
    widths = kit.fit_widths(ws, [header, *rows], maximum=maximum)
    wrap = set(wrap_cols)
    if wrap:
        for r, row in enumerate(rows, start=start + 1):
            height = kit.row_height((row[c - 1], widths[c - 1]) for c in wrap if c - 1 < len(row))
            if height:
                ws.row_dimensions[r].height = height
    if freeze:
        ws.freeze_panes = freeze
    kit.fit_to_width(ws)
    if autofilter:
        ws.auto_filter.ref = f"A{start}:{get_column_letter(len(header))}{start + max(1, len(rows))}"


# ----------------------------------------------------------------------------- one case
def write_case_workbook(detail: CaseDetail, audit_entries: list[dict[str, Any]], out: Path, lang: str = "zh") -> None:
    """Write one case revision as a workbook: Summary (+ charts), Indicators, Gaps, Evidence, Audit."""
    lang = "en" if lang == "en" else "zh"
    wb = _new_workbook()
    summary = wb.active
    summary.title = kit.sheet_title(SHEETS["summary"].get(lang))
    _summary_sheet(summary, detail, lang)
    _indicators_sheet(wb.create_sheet(kit.sheet_title(SHEETS["indicators"].get(lang))), detail, lang)
    _gaps_sheet(wb.create_sheet(kit.sheet_title(SHEETS["gaps"].get(lang))), detail, lang)
    _evidence_sheet(wb.create_sheet(kit.sheet_title(SHEETS["evidence"].get(lang))), detail, lang)
    _audit_sheet(wb.create_sheet(kit.sheet_title(SHEETS["audit"].get(lang))), audit_entries, lang)
    s = detail.summary
    wb.properties.title = f"{s.entity_name} {s.case_uuid}@{s.revision}"[:200]
    wb.properties.creator = "CityEval Desktop"
    kit.save_atomically(wb, out)


def summary_fields(detail: CaseDetail, lang: str) -> list[tuple[str, Any, str]]:
    """(label, value, style) rows of the Summary sheet."""
    s, r, fw = detail.summary, detail.result, detail.framework
    tier = fw.tier(s.tier)
    category = CATEGORIES.get(s.category)
    mode = MODES.get(s.mode)
    undecided = ", ".join(r.undecided_vetoes)
    rows: list[tuple[Text, Any, str]] = [
        (T("案例编号", "Case id"), s.case_uuid, kit.TEXT),
        (T("修订版本", "Revision"), s.revision, kit.INTEGER),
        (T("状态", "Status"), CASE_STATUS.get(s.status, T(s.status, s.status)).get(lang), kit.TEXT),
        (T("经营主体名称", "Entity name"), s.entity_name, kit.TEXT),
        (T("统一社会信用代码", "Unified social credit code"), s.uscc, kit.TEXT),
        (T("行政区划代码", "Region code"), s.region, kit.TEXT),
        (T("经营主体类别", "Category"), category.get(lang) if category else s.category, kit.TEXT),
        (T("服务级别", "Tier"), f"{tier.title.get(lang)} ({s.tier})" if tier else s.tier, kit.TEXT),
        (T("评估方式", "Mode"), mode.get(lang) if mode else s.mode, kit.TEXT),
        (T("评估人", "Assessor"), s.assessor, kit.TEXT),
        (T("评估框架", "Framework"), fw.id, kit.TEXT),
        (T("框架版本", "Framework version"), fw.version, kit.TEXT),
        (T("框架名称", "Framework title"), fw.title.get(lang), kit.TEXT),
        (T("框架 SHA-256", "Framework SHA-256"), fw.sha256, kit.TEXT),
        (T("总分", "Total"), float(r.total_shown), kit.SCORE),
        (T("评定结果", "Result"), grade_label(fw, r, lang), kit.TEXT),
        (T("等级", "Grade"), _grade_words(r.grade, lang) if not r.provisional else "", kit.TEXT),
        (T("等级含义", "Grade meaning"), r.grade.title.get(lang) if r.grade and not r.provisional else "", kit.TEXT),
        (
            T("封顶前等级", "Grade before cap"),
            _grade_words(r.grade_before_cap, lang) if not r.provisional else "",
            kit.TEXT,
        ),
        (T("因上限规则降级", "Capped"), _yes(r.capped, lang), kit.TEXT),
        (T("成立的否决项", "Vetoes applying"), ", ".join(r.vetoed), kit.TEXT),
        (T("未判定的否决项", "Undecided vetoes"), undecided, kit.TEXT),
        (T("完整度", "Completeness"), float(r.completeness_shown), kit.PERCENT),
        (
            T("已作答 / 不适用 / 指标数", "Answered / N/A / indicators"),
            f"{r.answered} / {r.not_applicable} / {r.tier_indicators}",
            kit.TEXT,
        ),
        (T("短板数", "Gaps"), len(r.gaps), kit.INTEGER),
        (T("未得满分的指标数", "Indicators below full marks"), len(r.below_full), kit.INTEGER),
        (T("达到本服务级别", "Tier met"), "" if r.provisional else _yes(r.tier_met, lang), kit.TEXT),
        (T("准入条件", "Entry conditions"), _lines(_conditions(r), lang), kit.WRAP),
        (T("封顶", "Caps"), _lines(result_text.cap_lines(fw, r), lang), kit.WRAP),
        (T("不适用占比", "N/A share"), float(r.na_share_shown), kit.PERCENT),
        (T("一票否决说明", "Veto notes"), _lines(result_text.veto_lines(fw, r), lang), kit.WRAP),
        (T("建档时间（UTC）", "Created (UTC)"), s.created_at, kit.DATETIME),
        (T("更新时间（UTC）", "Updated (UTC)"), s.updated_at, kit.DATETIME),
        (T("定稿时间（UTC）", "Finalized (UTC)"), s.finalized_at, kit.DATETIME),
        (T("修订理由", "Reason for the amendment"), s.amend_reason or "", kit.TEXT),
    ]
    if detail.origin is not None:
        rows.append((T("来源", "Origin"), detail.origin.describe().get(lang), kit.TEXT))
    return [(label.get(lang), value, style) for label, value, style in rows]


def _lines(lines: list[Text], lang: str) -> str:
    return "\n".join(line.get(lang) for line in lines)


def _conditions(r: Result) -> list[Text]:
    return [
        Text(
            f"{'满足' if c.met else '未满足'}：{c.title.zh}（{c.reason.zh}）",
            f"{'met' if c.met else 'not met'}: {c.title.en} ({c.reason.en})",
        )
        for c in r.tier_conditions
    ]


def _summary_sheet(ws: Worksheet, detail: CaseDetail, lang: str) -> None:
    r, fw = detail.result, detail.framework
    kit.write_header(ws, [T("项目", "Item").get(lang), T("内容", "Value").get(lang)])
    fields = summary_fields(detail, lang)
    for row, (label, value, style) in enumerate(fields, start=2):
        kit.set_value(ws.cell(row=row, column=1), label, kit.LABEL)
        if value is not None and value != "":
            kit.set_value(ws.cell(row=row, column=2), value, style)
    # dimension table
    top = len(fields) + 3
    header = [
        T("维度", "Dimension").get(lang),
        T("维度名称", "Title").get(lang),
        T("权重", "Weight").get(lang),
        T("维度得分", "Score").get(lang),
        T("得分合计", "Earned").get(lang),
        T("适用分值", "Applicable points").get(lang),
        T("计入总分", "Included").get(lang),
    ]
    kit.write_header(ws, header, top)
    styles = [kit.TEXT, kit.TEXT, kit.NUMBER, kit.SCORE, kit.SCORE, kit.NUMBER, kit.TEXT]
    for n, d in enumerate(r.dimensions, start=top + 1):
        dim = fw.dimension(d.id)
        values = [
            d.id,
            dim.title.get(lang) if dim else d.id,
            _num(d.weight),
            _shown(d.score_shown),
            float(round_half_up(d.earned)),
            _num(d.possible),
            _yes(d.included, lang),
        ]
        for c, value in enumerate(values, start=1):
            if value is not None:
                kit.set_value(ws.cell(row=n, column=c), value, styles[c - 1])
    last = top + len(r.dimensions)
    # veto decisions
    vtop = last + 2
    if fw.vetoes:
        kit.write_header(
            ws, [T("否决项", "Veto").get(lang), T("内容", "Title").get(lang), T("判定", "Decision").get(lang)], vtop
        )
        for n, veto in enumerate(fw.vetoes, start=vtop + 1):
            decided = detail.vetoes.get(veto.id)
            shown = (
                T("否决成立", "Applies").get(lang)
                if decided is True
                else (
                    T("不成立", "Does not apply").get(lang)
                    if decided is False
                    else T("未判定", "Not decided").get(lang)
                )
            )
            for c, value in enumerate([veto.id, veto.title.get(lang), shown], start=1):
                kit.set_value(ws.cell(row=n, column=c), value, kit.WRAP if c == 2 else kit.TEXT)
    kit.set_widths(ws, [24, 66, 10, 10, 10, 12, 10])
    ws.freeze_panes = "A2"
    kit.fit_to_width(ws)
    if r.dimensions:
        cats = Reference(ws, min_col=2, min_row=top + 1, max_row=last)
        data = Reference(ws, min_col=4, min_row=top, max_row=last)
        radar = RadarChart()
        radar.type = "marker"
        radar.title = T("维度得分雷达图", "Dimension scores (radar)").get(lang)
        radar.add_data(data, titles_from_data=True)
        radar.set_categories(cats)
        radar.y_axis.scaling.min = 0
        radar.y_axis.scaling.max = 100
        radar.y_axis.delete = False
        radar.y_axis.number_format = "0"
        radar.y_axis.majorUnit = 20
        radar.legend = None
        radar.height, radar.width = 9, 13
        ws.add_chart(radar, "I2")
        bar = BarChart()
        bar.type = "bar"
        bar.title = T("维度得分", "Dimension scores").get(lang)
        bar.add_data(data, titles_from_data=True)
        bar.set_categories(cats)
        bar.y_axis.scaling.min = 0
        bar.y_axis.scaling.max = 100
        bar.y_axis.title = "0–100"
        bar.y_axis.number_format = "0"
        bar.y_axis.majorUnit = 20
        bar.x_axis.delete = False
        bar.y_axis.delete = False
        bar.legend = None
        bar.height, bar.width = 9, 13
        ws.add_chart(bar, "I21")


def indicator_rows(detail: CaseDetail, lang: str) -> list[list[Any]]:
    fw = detail.framework
    rows = []
    for ir in detail.result.indicators:
        ind = ir.indicator
        answer = detail.answers.get(ir.id)
        reason = answer.reason if answer else None
        dim = fw.dimension(ind.dimension_id)
        raw = detail.raw_values.get(ir.id) if ir.status != NOT_APPLICABLE else None
        rows.append(
            [
                f"{ind.dimension_id} {dim.title.get(lang)}" if dim else ind.dimension_id,
                ind.id,
                ind.title.get(lang),
                f"{ind.method.type}: {ind.method.describe(lang)}",
                answer_text(ind, ir, reason, lang),
                _raw_cell(raw),
                STATUS_LABELS[ir.status].get(lang),
                float(round_half_up(ir.fraction, 4)) if ir.fraction is not None else None,
                _shown(ir.earned_shown),
                _num(ir.points),
                (answer.note if answer else None) or None,
                reason or None,
                len(detail.evidence_for(ir.id)),
            ]
        )
    return rows


def _indicators_sheet(ws: Worksheet, detail: CaseDetail, lang: str) -> None:
    header = [
        T("维度", "Dimension"),
        T("指标编号", "Id"),
        T("指标名称", "Indicator"),
        T("计分方法", "Method"),
        T("作答", "Answer"),
        T("原始值", "Raw value"),
        T("状态", "Status"),
        T("得分率", "Fraction"),
        T("得分", "Earned"),
        T("分值", "Points"),
        T("备注", "Note"),
        T("不适用理由", "Reason for N/A"),
        T("证据数", "Evidence files"),
    ]
    styles = [
        kit.TEXT, kit.TEXT, kit.WRAP, kit.WRAP, kit.WRAP, kit.NUMBER, kit.TEXT,
        kit.PERCENT, kit.SCORE, kit.SCORE, kit.WRAP, kit.WRAP, kit.INTEGER,
    ]  # fmt: skip
    _table(
        ws,
        [h.get(lang) for h in header],
        indicator_rows(detail, lang),
        styles,
        wrap_cols=(3, 4, 5, 11, 12),
        maximum=40,
        freeze="C2",
    )


def _gaps_sheet(ws: Worksheet, detail: CaseDetail, lang: str) -> None:
    """Every indicator below full marks, largest loss first; 短板 marks the gaps (below the framework's
    fraction or in a dimension that triggered a cap), each with its next step and what it is worth."""
    r = detail.result
    gaps = {g.id for g in r.gaps}
    header = [
        T("序号", "#"),
        T("指标编号", "Id"),
        T("指标名称", "Indicator"),
        T("维度", "Dimension"),
        T("失分", "Points lost"),
        T("下一步", "Next step"),
        T("短板", "Gap"),
        T("下一步可增加总分", "Next step adds to the total"),
    ]
    rows = [
        [n, g.id, g.indicator.title.get(lang), g.indicator.dimension_id, float(g.lost_shown),
         step.get(lang) if (step := result_text.gap_step(g)) else None, _yes(g.id in gaps, lang),
         float(g.next.gain) if g.next is not None else None]
        for n, g in enumerate(r.below_full, start=1)
    ]  # fmt: skip
    styles = [kit.INTEGER, kit.TEXT, kit.WRAP, kit.TEXT, kit.SCORE, kit.WRAP, kit.TEXT, kit.SCORE]
    _table(ws, [h.get(lang) for h in header], rows, styles, wrap_cols=(3, 6), maximum=70)


def _evidence_sheet(ws: Worksheet, detail: CaseDetail, lang: str) -> None:
    header = [
        T("指标编号", "Indicator"),
        T("原始文件名", "Original name"),
        T("大小（字节）", "Size (bytes)"),
        T("SHA-256", "SHA-256"),
        T("类型", "Media type"),
        T("添加时间（UTC）", "Added (UTC)"),
    ]
    rows = [[e.indicator_id, e.original_name, e.size, e.sha256, e.media_type, e.added_at] for e in detail.evidence]
    styles = [kit.TEXT, kit.TEXT, kit.INTEGER, kit.TEXT, kit.TEXT, kit.DATETIME]
    _table(ws, [h.get(lang) for h in header], rows, styles, maximum=70)


def _audit_sheet(ws: Worksheet, entries: list[dict[str, Any]], lang: str) -> None:
    header = [
        T("序号", "#"),
        T("时间（UTC）", "Time (UTC)"),
        T("操作人", "Actor"),
        T("操作", "Action"),
        T("修订", "Revision"),
        T("对象", "Target"),
        T("原值", "Old"),
        T("新值", "New"),
        T("哈希", "Hash"),
        T("前一哈希", "Previous hash"),
    ]
    rows = []
    for e in entries:
        code = str(e.get("action") or "")
        label = ACTIONS.get(code)
        rows.append(
            [
                e.get("position"),
                e.get("at"),
                e.get("actor"),
                f"{label.get(lang)} ({code})" if label else code,
                e.get("revision"),
                e.get("target"),
                _audit_text(e.get("old")),
                _audit_text(e.get("new")),
                e.get("hash"),
                e.get("prev_hash"),
            ]
        )
    styles = [kit.INTEGER, kit.TEXT, kit.TEXT, kit.TEXT, kit.INTEGER, kit.TEXT, kit.WRAP, kit.WRAP, kit.TEXT, kit.TEXT]
    _table(ws, [h.get(lang) for h in header], rows, styles, maximum=48)


# ----------------------------------------------------------------------------- many cases
def _dimension_key(dim_id: str) -> tuple[Any, ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", dim_id) if p)


def write_cases_workbook(details: list[CaseDetail], out: Path, lang: str = "zh") -> None:
    """One row per case with its figures and one column per dimension id; plus a statistics sheet with charts."""
    lang = "en" if lang == "en" else "zh"
    dim_ids = sorted({d.id for x in details for d in x.result.dimensions}, key=_dimension_key)
    header = [
        T("案例编号", "Case id"),
        T("修订", "Revision"),
        T("状态", "Status"),
        T("经营主体名称", "Entity name"),
        T("统一社会信用代码", "USCC"),
        T("行政区划代码", "Region"),
        T("类别", "Category"),
        T("服务级别", "Tier"),
        T("评估方式", "Mode"),
        T("评估人", "Assessor"),
        T("评估框架", "Framework"),
        T("总分", "Total"),
        T("等级", "Grade"),
        T("因上限降级", "Capped"),
        T("成立的否决项", "Vetoed"),
        T("完整度", "Completeness"),
        T("来源与核验", "Origin and verification"),
    ]
    labels = [h.get(lang) for h in header] + dim_ids
    styles = [kit.TEXT, kit.INTEGER] + [kit.TEXT] * 9 + [kit.SCORE, kit.TEXT, kit.TEXT, kit.TEXT, kit.PERCENT]
    styles += [kit.TEXT]
    styles += [kit.SCORE] * len(dim_ids)
    cat_names = {k: v.get(lang) for k, v in CATEGORIES.items()}
    mode_names = {k: v.get(lang) for k, v in MODES.items()}
    status_names = {k: v.get(lang) for k, v in CASE_STATUS.items()}
    yes, no, vetoed_word = YES.get(lang), NO.get(lang), VETOED.get(lang)
    rows: list[list[Any]] = []
    sums: dict[str, Decimal] = dict.fromkeys(dim_ids, Decimal(0))
    counts: Counter[str] = Counter()
    grades: Counter[str] = Counter()
    for x in details:
        s, r, fw = x.summary, x.result, x.framework
        tier = fw.tier(s.tier)
        scores = {d.id: d.score_shown for d in r.dimensions}
        words = _grade_words(r.grade, lang) or "—"
        grade = vetoed_word if r.vetoed else (PROVISIONAL.get(lang) if r.provisional else words)
        grades[grade] += 1
        row = [
            s.case_uuid,
            s.revision,
            status_names.get(s.status, s.status),
            s.entity_name,
            s.uscc,
            s.region,
            cat_names.get(s.category, s.category),
            tier.title.get(lang) if tier else s.tier,
            mode_names.get(s.mode, s.mode),
            s.assessor,
            fw.key,
            float(r.total_shown),
            grade,
            yes if r.capped else no,
            ", ".join(r.vetoed),
            float(r.completeness_shown),
            _origin_cell(x, lang),
        ]
        for dim_id in dim_ids:
            score = scores.get(dim_id)
            row.append(None if score is None else float(score))
            if score is not None:
                sums[dim_id] += score
                counts[dim_id] += 1
        rows.append(row)
    wb = _new_workbook()
    ws = wb.active
    ws.title = kit.sheet_title(SHEETS["cases"].get(lang))
    _table(ws, labels, rows, styles, maximum=40, freeze="B2")
    order: dict[str, int] = {}
    for x in details:  # grades high to low as the frameworks list them, then vetoed, then none
        for g in sorted(x.framework.grades, key=lambda g: -g.min):
            order.setdefault(_grade_words(g, lang), len(order))
    order.setdefault(PROVISIONAL.get(lang), len(order))
    order.setdefault(vetoed_word, len(order))
    grade_rows = sorted(grades.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    _stats_sheet(wb.create_sheet(kit.sheet_title(SHEETS["stats"].get(lang))), dim_ids, sums, counts, grade_rows, lang)
    wb.properties.creator = "CityEval Desktop"
    kit.save_atomically(wb, out)


def _origin_cell(detail: CaseDetail, lang: str) -> str:
    """Made here, imported from a trusted signer, or imported UNVERIFIED (the agency must see which)."""
    o = detail.origin
    if o is None:
        return T("本库创建", "made here").get(lang)
    if o.trusted:
        return T(f"导入（签署人 {o.signer_name}，可信）", f"imported (signed by {o.signer_name}, trusted)").get(lang)
    return T(
        f"导入，未验证（签署人 {o.signer_name} 不受信任）", f"imported, UNVERIFIED (signer {o.signer_name} not trusted)"
    ).get(lang)


def _stats_sheet(
    ws: Worksheet,
    dim_ids: list[str],
    sums: dict[str, Decimal],
    counts: Counter[str],
    grade_rows: list[tuple[str, int]],
    lang: str,
) -> None:
    header = [
        T("维度", "Dimension").get(lang),
        T("平均得分", "Average score").get(lang),
        T("案例数", "Cases").get(lang),
    ]
    rows: list[list[Any]] = [
        [d, float(round_half_up(Fraction(sums[d]) / counts[d])) if counts[d] else None, counts[d]] for d in dim_ids
    ]
    _table(ws, header, rows, [kit.TEXT, kit.SCORE, kit.INTEGER], autofilter=False)
    gtop = len(rows) + 3
    kit.write_header(ws, [T("等级", "Grade").get(lang), T("案例数", "Cases").get(lang)], gtop)
    for n, (grade, count) in enumerate(grade_rows, start=gtop + 1):
        kit.set_value(ws.cell(row=n, column=1), grade, kit.TEXT)
        kit.set_value(ws.cell(row=n, column=2), count, kit.INTEGER)
    kit.set_widths(ws, [14, 14, 10])
    if rows:
        chart = BarChart()
        chart.type = "col"
        chart.title = T("各维度平均得分", "Average dimension scores").get(lang)
        chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(rows) + 1), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(rows) + 1))
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 100
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.legend = None
        chart.height, chart.width = 8, 14
        ws.add_chart(chart, "E2")
    if grade_rows:
        gchart = BarChart()
        gchart.type = "col"
        gchart.title = T("等级分布", "Grades").get(lang)
        gchart.add_data(Reference(ws, min_col=2, min_row=gtop, max_row=gtop + len(grade_rows)), titles_from_data=True)
        gchart.set_categories(Reference(ws, min_col=1, min_row=gtop + 1, max_row=gtop + len(grade_rows)))
        gchart.x_axis.delete = False
        gchart.y_axis.delete = False
        gchart.legend = None
        gchart.height, gchart.width = 8, 14
        ws.add_chart(gchart, "E20")
