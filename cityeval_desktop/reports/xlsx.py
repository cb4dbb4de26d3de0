"""Excel workbooks of results: one case (summary, indicators, gaps, evidence, audit) or many cases.

The figures are those of ``services.results.case_json``: totals, dimension scores, earned
points and lost points rounded half-up to 2 decimals; fractions and completeness to 4.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, RadarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from cityeval_desktop.domain import basis, result_text
from cityeval_desktop.domain.case_data import ROLES
from cityeval_desktop.domain.framework import CATEGORIES, MODES, Framework, Grade, Indicator
from cityeval_desktop.domain.methods import Choice, Deduction, Scale, YesNo
from cityeval_desktop.domain.numbers import plain, round_half_up
from cityeval_desktop.domain.regions import region_label
from cityeval_desktop.domain.scoring import (
    ANSWERED,
    NOT_APPLICABLE,
    NOT_RATED_INCOMPLETE,
    UNANSWERED,
    IndicatorResult,
    Result,
)
from cityeval_desktop.domain.text import Text
from cityeval_desktop.domain.wording import METHOD_TITLES, count, local_naive, time_words, time_words_in, zone_words
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
    "case.reference_date": T("设定评估基准日", "reference date set"),
    "case.opinion": T("记录综合评价意见", "opinion recorded"),
    "case.numbers": T("编制报告与证书编号", "report and certificate numbers assigned"),
    "answer.set": T("作答", "answer set"),
    "answer.clear": T("清除作答", "answer cleared"),
    "evidence.add": T("添加证据", "evidence added"),
    "evidence.remove": T("移除证据", "evidence removed"),
    "evidence.kind": T("注明证据类型", "evidence kind set"),
    "evidence.verify": T("核验证据", "evidence verified"),
    "evidence.dated": T("注明证明日期", "date proved set"),
    "veto.set": T("判定否决项", "veto decided"),
    "veto.basis": T("记录判定依据", "veto basis recorded"),
    "team.add": T("加入评审组", "team member added"),
    "team.remove": T("移出评审组", "team member removed"),
    "team.declare": T("签署独立性声明", "independence declaration signed"),
    "team.declaration.withdraw": T("撤回独立性声明", "independence declaration withdrawn"),
    "inspection.add": T("记录现场核查", "on-site inspection recorded"),
    "inspection.remove": T("移除现场核查记录", "on-site inspection record removed"),
    "report.sign": T("签署报告", "report signed"),
    "report.pdf": T("生成报告", "report written"),
    "package.export": T("导出案例包", "package exported"),
    "package.import": T("导入案例包", "package imported"),
    "report.countersign": T("审核人加签", "countersigned by the reviewer"),
}
#: what the keys of an audit entry's old and new values mean (unknown keys show as recorded)
AUDIT_KEYS: dict[str, Text] = {
    "value": T("答案", "answer"),
    "note": T("备注", "note"),
    "reason": T("理由", "reason"),
    "not_applicable": T("不适用", "not applicable"),
    "ground": T("不适用依据", "N/A ground"),
    "kind": T("证据类型", "evidence kind"),
    "dated": T("证明日期", "date proved"),
    "name": T("名称", "name"),
    "sha256": T("SHA-256", "SHA-256"),
    "size": T("大小（字节）", "size (bytes)"),
    "veto": T("否决项", "veto"),
    "verification": T("核验", "verification"),
    "at": T("日期", "date"),
    "by": T("核验人", "verified by"),
    "conclusion": T("结论", "conclusion"),
    "method": T("核验方式", "method"),
    "source": T("查询来源", "source"),
    "queried_at": T("查询时间", "queried at"),
    "revision": T("修订版本", "revision"),
    "assessor": T("评估人", "assessor"),
    "entity.name": T("经营主体名称", "entity name"),
    "entity.uscc": T("统一社会信用代码", "USCC"),
    "entity.region": T("行政区划代码", "region code"),
    "framework.id": T("评估框架", "framework"),
    "framework.version": T("框架版本", "framework version"),
    "framework.sha256": T("框架 SHA-256", "framework SHA-256"),
    "mode": T("评估方式", "mode"),
    "tier": T("服务级别", "tier"),
    "category": T("经营主体类别", "category"),
    "reference_date": T("评估基准日", "reference date"),
    "report_no": T("报告编号", "report number"),
    "certificate_no": T("证书编号", "certificate number"),
    "valid": T("有效期", "valid"),
    "attachments": T("附件", "attachments"),
    "checked": T("核查内容", "what was checked"),
    "date": T("日期", "date"),
    "findings": T("核查发现", "findings"),
    "participants": T("参加人员", "participants"),
    "place": T("地点", "place"),
    "sampled_projects": T("抽查项目", "sampled projects"),
    "sampled_staff": T("抽查人员", "sampled staff"),
    "content_sha256": T("内容哈希", "content hash"),
    "fingerprint": T("证书指纹", "certificate fingerprint"),
    "lang": T("语言", "language"),
    "signer": T("签署人", "signer"),
    "signer_org": T("签署人单位", "signer's organisation"),
    "uscc": T("统一社会信用代码", "USCC"),
    "role": T("角色", "role"),
    "org": T("单位", "organisation"),
    "qualification": T("资格或专家编号", "qualification"),
    "why": T("原因", "why"),
    "member": T("成员", "member"),
    "signed_at": T("签署时间", "signed at"),
    "signature_sha256": T("签名哈希", "signature hash"),
    "statement_sha256": T("声明哈希", "statement hash"),
    "status": T("状态", "status"),
    "opinion": T("综合评价意见", "opinion"),
    "decision": T("判定", "decision"),
}
#: the key a whole (not a dict) old or new value stands for, by action
_AUDIT_SCALAR_KEY = {
    "case.finalize": "status",
    "case.opinion": "opinion",
    "veto.set": "decision",
    "case.reference_date": "reference_date",
}
#: audit keys whose values are ids, shown as words
_AUDIT_WORDS: dict[str, dict[str, Text]] = {
    "kind": basis.EVIDENCE_KINDS,
    "conclusion": basis.CONCLUSIONS,
    "mode": MODES,
    "category": CATEGORIES,
    "role": ROLES,
    "lang": {"zh": T("中文", "Chinese"), "en": T("英文", "English")},
    "why": {"replaced": T("已由新的声明替代", "replaced by a new declaration")},
    "status": CASE_STATUS,
    "method": basis.VERIFICATION_METHODS,
}
#: a signed report's whole content is in the package: its hash stands for it in the workbook; where the
#: reviewer's empty signature box lies on the page is for the countersign, not for a reader
_AUDIT_SKIPPED = {"content", "reviewer_box"}
_AUDIT_VALUE_LIMIT = 300
_HASH = re.compile(r"[0-9a-f]{40,}")
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
        return option.title.get(lang) if option else str(value)
    if isinstance(method, Deduction) and isinstance(value, dict):
        return result_text.counts_text(method, value, lang)
    shown = plain(value) if isinstance(value, Fraction) else str(value)
    unit = getattr(method, "unit", None)
    return f"{shown} {unit.get(lang)}" if unit else shown


def method_text(indicator: Indicator, lang: str) -> str:
    """How an indicator is scored, in words (``分级评分：等级 0–5…``); the method id stays in the framework."""
    described = indicator.method.describe(lang)
    if ("：" if lang == "zh" else ": ") in described[:24]:
        return described  # it names its rule already (门槛值分档：…, 选项：…)
    title = METHOD_TITLES.get(indicator.method.type)
    name = title.get(lang) if title else indicator.method.type
    return f"{name}：{described}" if lang == "zh" else f"{name}: {described}"


def _flat(value: Any, scalar: str, prefix: str = "") -> dict[str, Any]:
    """An audit value as ``{key: value}``, nested dicts one key per leaf (``entity.name``); a value that
    is not a dict is the key ``scalar``."""
    if not isinstance(value, dict):
        return {scalar: value}
    out: dict[str, Any] = {}
    for key, inner in value.items():
        if key in _AUDIT_SKIPPED:
            continue
        name = f"{prefix}.{key}" if prefix else str(key)
        nested = isinstance(inner, dict) and name != "value"  # an answer's value (counts by severity) is one
        out.update(_flat(inner, scalar, name) if nested else {name: inner})
    return out


def _clip(text: str, limit: int = _AUDIT_VALUE_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def value_words(indicator: Indicator | None, raw: Any, lang: str) -> str:
    """A stored answer value as words (yes / no, the option, the level, a number with its unit)."""
    if indicator is None or raw is None:
        return _plain_value(raw, lang)
    method = indicator.method
    try:
        if isinstance(method, YesNo):
            return _yes(bool(raw), lang)
        if isinstance(method, Scale):
            return f"{raw} – {method.levels[int(raw)].get(lang)}"
        if isinstance(method, Choice):
            option = method.option(raw)
            return option.title.get(lang) if option else str(raw)
        if isinstance(method, Deduction) and isinstance(raw, dict):
            return result_text.counts_text(method, method.parse(raw), lang)
    except (ValueError, TypeError, IndexError, KeyError, ArithmeticError):
        return _plain_value(raw, lang)
    unit = getattr(method, "unit", None)
    return f"{raw} {unit.get(lang)}" if unit else str(raw)


def _plain_value(value: Any, lang: str) -> str:
    if value is None:
        return T("（空）", "(empty)").get(lang)
    if isinstance(value, bool):
        return _yes(value, lang)
    if isinstance(value, list):
        sep = "、" if lang == "zh" else ", "
        return sep.join(str(v.get("name", "")) if isinstance(v, dict) else _plain_value(v, lang) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return time_words(value)


def _audit_value(key: str, value: Any, action: str, target: str, fw: Framework, lang: str) -> str:
    leaf = key.rsplit(".", 1)[-1]
    if value is None:
        return _plain_value(None, lang)
    if key == "decision" and isinstance(value, bool):
        return (T("成立", "applies") if value else T("不成立", "does not apply")).get(lang)
    if key == "tier" and isinstance(value, str):
        tier = fw.tier(value)
        return tier.title.get(lang) if tier else value
    if key == "value" and action.startswith("answer."):
        return _clip(value_words(fw.indicator(target), value, lang))
    if key == "ground" and isinstance(value, str):
        indicator = fw.indicator(target)
        ground = indicator.not_applicable.ground(value) if indicator else None
        return ground.title.get(lang) if ground else value
    if key == "valid" and isinstance(value, list) and len(value) == 2:
        return T(f"{value[0]} 至 {value[1]}", f"{value[0]} to {value[1]}").get(lang)
    words = _AUDIT_WORDS.get(leaf)
    if words is not None and isinstance(value, str) and value in words:
        return words[value].get(lang)
    if isinstance(value, str) and _HASH.fullmatch(value):
        return value[:16] + "…"  # the whole hash is on the evidence sheet and in the package
    return _clip(_plain_value(value, lang))


def _audit_key_words(key: str, lang: str) -> str:
    """``verification.at`` → 核验·日期; a key the table does not know shows as recorded."""
    label = AUDIT_KEYS.get(key)
    if label is not None:
        return label.get(lang)
    parts = key.split(".")
    words = [AUDIT_KEYS[p].get(lang) if p in AUDIT_KEYS else p for p in parts]
    return "·".join(words) if lang == "zh" else " ".join(words)


def audit_changes(entry: dict[str, Any], fw: Framework, lang: str) -> str:
    """What an audit entry changed, one ``key: old → new`` line per key (``key: new`` for a new value)."""
    action = str(entry.get("action") or "")
    target = str(entry.get("target") or "")
    scalar = _AUDIT_SCALAR_KEY.get(action, "value")
    old, new = entry.get("old"), entry.get("new")
    old_flat = _flat(old, scalar) if old is not None else {}
    new_flat = _flat(new, scalar) if new is not None else {}
    if old is None:  # a creation: what it holds, without the fields left empty
        new_flat = {k: v for k, v in new_flat.items() if v is not None and v != ""}
    if new is None:  # a removal: what it held
        old_flat = {k: v for k, v in old_flat.items() if v is not None and v != ""}
    colon = "：" if lang == "zh" else ": "
    lines = []
    for key in list(dict.fromkeys([*old_flat, *new_flat])):
        before, after = old_flat.get(key), new_flat.get(key)
        if key in old_flat and key in new_flat and before == after:
            continue
        name = _audit_key_words(key, lang)
        shown_after = _audit_value(key, after, action, target, fw, lang)
        if key not in old_flat or old is None:
            lines.append(f"{name}{colon}{shown_after}")
        elif new is None:  # removed: what it was (the action says it went)
            lines.append(f"{name}{colon}{_audit_value(key, before, action, target, fw, lang)}")
        elif key not in new_flat:
            lines.append(
                f"{name}{colon}{_audit_value(key, before, action, target, fw, lang)} → {_plain_value(None, lang)}"
            )
        else:
            lines.append(f"{name}{colon}{_audit_value(key, before, action, target, fw, lang)} → {shown_after}")
    return "\n".join(lines)


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
    fixed: dict[int, float] | None = None,
) -> None:
    """A header row plus data rows at ``start``; shared named styles; frozen header and filter."""
    kit.write_header(ws, header, start)
    for r, row in enumerate(rows, start=start + 1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            kit.set_value(ws.cell(row=r, column=c), value, styles[c - 1])
    widths = kit.fit_widths(ws, [header, *rows], maximum=maximum, fixed=fixed)
    wrap = set(wrap_cols)
    if wrap:
        for r, row in enumerate(rows, start=start + 1):
            height = kit.row_height((row[c - 1], widths[c - 1] * 0.85) for c in wrap if c - 1 < len(row))
            if height:
                ws.row_dimensions[r].height = height
    if freeze:
        ws.freeze_panes = freeze
    if autofilter:
        ws.auto_filter.ref = f"A{start}:{get_column_letter(len(header))}{start + max(1, len(rows))}"


# ----------------------------------------------------------------------------- one case
#: A4 portrait prints about this many character columns legibly; wider sheets print landscape
_PORTRAIT_COLUMNS = 110
_HEADER_LIMIT = 80
_NO_TITLE_ROWS = {SHEETS["summary"].zh, SHEETS["summary"].en}


def _header_text(text: str) -> str:
    """Text for a page header: ``&`` starts a code there, so it is doubled; short enough for the limit."""
    return kit.clean_text(text).replace("\n", " ")[:_HEADER_LIMIT].replace("&", "&&")


def print_setup(wb: Workbook, left: str, centre: str, lang: str) -> None:
    """Every sheet prints on A4, one page wide: portrait when it fits, landscape for wide tables, the
    header row repeated on each page, the case (or workbook) in the page header, page numbers below."""
    page = T("第 &P 页 / 共 &N 页", "Page &P of &N").get(lang)
    for ws in wb.worksheets:
        widths = [(ws.column_dimensions[get_column_letter(c)].width or 9) for c in range(1, (ws.max_column or 1) + 1)]
        kit.fit_to_width(ws, landscape=sum(widths) > _PORTRAIT_COLUMNS)
        if ws.title not in _NO_TITLE_ROWS:  # a sheet of several tables repeats none of their headers
            ws.print_title_rows = "1:1"
        ws.print_options.gridLines = False
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.page_margins.header = ws.page_margins.footer = 0.25
        for part in (ws.oddHeader, ws.evenHeader):
            part.left.text, part.left.size = _header_text(left), 9
            part.center.text, part.center.size = _header_text(centre), 9
            part.right.text, part.right.size = _header_text(ws.title), 9
        for part in (ws.oddFooter, ws.evenFooter):
            part.center.text, part.center.size = page, 9


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
    _audit_sheet(wb.create_sheet(kit.sheet_title(SHEETS["audit"].get(lang))), audit_entries, detail.framework, lang)
    s = detail.summary
    number = detail.case_data.report_no
    case_ref = T(f"案例 {s.case_uuid[:8]} 第 {s.revision} 版", f"Case {s.case_uuid[:8]} revision {s.revision}").get(
        lang
    )
    print_setup(wb, s.entity_name, f"{number}  {case_ref}" if number else case_ref, lang)
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
    zone = zone_words()
    rows: list[tuple[Text, Any, str]] = [
        (T("案例编号", "Case id"), s.case_uuid, kit.TEXT),
        (T("修订版本", "Revision"), s.revision, kit.INTEGER),
        (T("状态", "Status"), CASE_STATUS.get(s.status, T(s.status, s.status)).get(lang), kit.TEXT),
        (T("经营主体名称", "Entity name"), s.entity_name, kit.TEXT),
        (T("统一社会信用代码", "Unified social credit code"), s.uscc, kit.TEXT),
        (T("行政区划代码", "Region code"), s.region, kit.TEXT),
        (T("行政区划", "Region"), region_label(s.region, lang) if s.region else "", kit.TEXT),
        (T("经营主体类别", "Category"), category.get(lang) if category else s.category, kit.TEXT),
        (T("服务级别", "Tier"), tier.title.get(lang) if tier else s.tier, kit.TEXT),
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
        (T(f"建档时间（{zone}）", f"Created ({zone})"), _local_cell(s.created_at), kit.DATETIME),
        (T(f"更新时间（{zone}）", f"Updated ({zone})"), _local_cell(s.updated_at), kit.DATETIME),
        (T(f"定稿时间（{zone}）", f"Finalized ({zone})"), _local_cell(s.finalized_at), kit.DATETIME),
        (T("修订理由", "Reason for the amendment"), s.amend_reason or "", kit.TEXT),
    ]
    rows += _case_data_fields(detail, lang)
    if detail.origin is not None:
        rows.append((T("来源", "Origin"), detail.origin.describe().get(lang), kit.TEXT))
    return [(label.get(lang), value, style) for label, value, style in rows]


def _local_cell(moment: datetime | None) -> datetime | None:
    return local_naive(moment) if moment is not None else None


def _span(start: date | None, end: date | None, lang: str) -> str:
    if start is None or end is None:
        return ""
    return T(f"{start.isoformat()} 至 {end.isoformat()}", f"{start.isoformat()} to {end.isoformat()}").get(lang)


def _case_data_fields(detail: CaseDetail, lang: str) -> list[tuple[Text, Any, str]]:
    """Reference date, review window, validity, numbers and team of the revision (rows left out when unset)."""
    data = detail.case_data
    sep = "、" if lang == "zh" else "; "
    team = sep.join(
        f"{m.name}（{m.role_title(lang)}）" if lang == "zh" else f"{m.name} ({m.role_title(lang)})" for m in data.team
    )
    rows: list[tuple[Text, Any, str]] = [
        (T("评估基准日", "Reference date"), data.reference_date.isoformat() if data.reference_date else "", kit.TEXT),
        (T("考察期", "Review window"), _span(data.window_from, data.window_to, lang), kit.TEXT),
        (T("有效期", "Valid"), _span(data.valid_from, data.valid_until, lang), kit.TEXT),
        (T("报告编号", "Report number"), data.report_no or "", kit.TEXT),
        (T("证书编号", "Certificate number"), data.certificate_no or "", kit.TEXT),
        (T("评审组", "Assessment team"), team, kit.WRAP),
    ]
    if data.expired():
        rows.insert(3, (T("有效状态", "Validity"), T("已过期", "expired"), kit.TEXT))
    return [
        (label, value.get(lang) if isinstance(value, Text) else value, style) for label, value, style in rows if value
    ]


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
    ws.row_breaks.append(Break(id=top - 1))  # the dimension and veto tables start a page
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
    end = vtop + len(fw.vetoes) if fw.vetoes else last
    kit.set_widths(ws, [24, 66, 10, 10, 10, 12, 10])
    for row in range(2, end + 1):  # wrapped long values (caps, veto notes, titles) show whole on paper
        height = kit.row_height([(ws.cell(row=row, column=2).value, 66)])
        if height:
            ws.row_dimensions[row].height = height
    ws.freeze_panes = "A2"
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
        radar.height, radar.width = 9, 12
        # below the tables, on a page of their own: the sheet stays one A4 page wide and no chart is cut
        ws.row_breaks.append(Break(id=end))
        ws.add_chart(radar, f"A{end + 2}")
        bar = BarChart()
        bar.type = "bar"
        bar.title = T("维度得分", "Dimension scores").get(lang)
        bar.add_data(data, titles_from_data=True)
        bar.set_categories(cats)
        bar.y_axis.scaling.min = 0
        bar.y_axis.scaling.max = 100
        bar.y_axis.title = T("维度得分（0–100）", "Dimension score (0–100)").get(lang)
        bar.x_axis.title = T("维度", "Dimension").get(lang)
        bar.y_axis.number_format = "0"
        bar.y_axis.majorUnit = 20
        bar.x_axis.delete = False
        bar.y_axis.delete = False
        bar.legend = None
        bar.height, bar.width = 9, 12
        ws.add_chart(bar, f"C{end + 2}")


def indicator_rows(detail: CaseDetail, lang: str) -> list[list[Any]]:
    fw = detail.framework
    rows = []
    for ir in detail.result.indicators:
        ind = ir.indicator
        answer = detail.answers.get(ir.id)
        reason = answer.reason if answer else None
        dim = fw.dimension(ind.dimension_id)
        rows.append(
            [
                f"{ind.dimension_id} {dim.title.get(lang)}" if dim else ind.dimension_id,
                ind.id,
                ind.title.get(lang),
                method_text(ind, lang),
                answer_text(ind, ir, reason, lang),
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
        T("状态", "Status"),
        T("得分率", "Fraction"),
        T("得分", "Earned"),
        T("分值", "Points"),
        T("备注", "Note"),
        T("不适用理由", "Reason for N/A"),
        T("证据数", "Evidence files"),
    ]
    styles = [
        kit.WRAP, kit.TEXT, kit.WRAP, kit.WRAP, kit.WRAP, kit.TEXT,
        kit.PERCENT, kit.SCORE, kit.SCORE, kit.WRAP, kit.WRAP, kit.INTEGER,
    ]  # fmt: skip
    _table(
        ws,
        [h.get(lang) for h in header],
        indicator_rows(detail, lang),
        styles,
        wrap_cols=(1, 3, 4, 5, 10, 11),
        maximum=40,
        freeze="C2",
        fixed={1: 14, 3: 22, 4: 26, 5: 28, 10: 30, 11: 20},
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
        [n, g.id, g.indicator.title.get(lang), _dimension_words(detail.framework, g.indicator.dimension_id, lang),
         float(g.lost_shown),
         step.get(lang) if (step := result_text.gap_step(g)) else None, _yes(g.id in gaps, lang),
         float(g.next.gain) if g.next is not None else None]
        for n, g in enumerate(r.below_full, start=1)
    ]  # fmt: skip
    styles = [kit.INTEGER, kit.TEXT, kit.WRAP, kit.WRAP, kit.SCORE, kit.WRAP, kit.TEXT, kit.SCORE]
    _table(
        ws,
        [h.get(lang) for h in header],
        rows,
        styles,
        wrap_cols=(3, 4, 6, 8),
        fixed={1: 5, 2: 7, 3: 22, 4: 14, 5: 8, 6: 40, 7: 6, 8: 12},
    )


def _dimension_words(fw: Framework, dim_id: str, lang: str) -> str:
    dim = fw.dimension(dim_id)
    return f"{dim_id} {dim.title.get(lang)}" if dim else dim_id


_FORMATS = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/tiff": "TIFF",
    "image/webp": "WEBP",
    "text/plain": "TXT",
    "application/zip": "ZIP",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/msword": "DOC",
    "application/vnd.ms-excel": "XLS",
}


def file_format(media_type: str, name: str) -> str:
    """A file's format as people call it (PDF, PNG…): the media type is an internal id."""
    known = _FORMATS.get(media_type.lower())
    if known:
        return known
    suffix = Path(name).suffix.lstrip(".")
    return suffix.upper() if 0 < len(suffix) <= 5 and suffix.isalnum() else "—"


def _evidence_sheet(ws: Worksheet, detail: CaseDetail, lang: str) -> None:
    """Every file: what it supports, its kind and how it was verified, format, size, hash, when added."""
    fw = detail.framework
    header = [
        T("指标编号", "Indicator"),
        T("原始文件名", "Original name"),
        T("证据类型", "Evidence kind"),
        T("核验", "Verification"),
        T("证明日期", "Date proved"),
        T("格式", "Format"),
        T("大小（字节）", "Size (bytes)"),
        T("SHA-256", "SHA-256"),
        T(f"添加时间（{zone_words()}）", f"Added ({zone_words()})"),
    ]
    rows = []
    for e in detail.evidence:
        if e.veto_id:
            veto = fw.veto(e.veto_id)
            item = T(f"否决项 {e.veto_id}", f"veto {e.veto_id}").get(lang)
            item = f"{item} {veto.title.get(lang)}" if veto else item
        else:
            item = e.indicator_id
        check = detail.verification_of(e.indicator_id, e.sha256) or detail.verification_of(e.indicator_id, None)
        rows.append(
            [
                item,
                e.original_name,
                basis.kind_title(e.kind).get(lang) if e.kind else T("未注明", "not given").get(lang),
                time_words_in(check.describe().get(lang))
                if check is not None
                else T("未核验", "not verified").get(lang),
                _dated_words(detail, e, lang),
                file_format(e.media_type, e.original_name),
                e.size,
                e.sha256,
                local_naive(e.added_at),
            ]
        )
    styles = [kit.WRAP, kit.WRAP, kit.WRAP, kit.WRAP, kit.WRAP, kit.TEXT, kit.INTEGER, kit.WRAP, kit.DATETIME]
    _table(
        ws,
        [h.get(lang) for h in header],
        rows,
        styles,
        wrap_cols=(1, 2, 3, 4, 5, 8),
        fixed={1: 10, 2: 30, 3: 16, 4: 30, 5: 14, 6: 7, 7: 11, 8: 34, 9: 17},
    )


def _dated_words(detail: CaseDetail, item: Any, lang: str) -> str:
    """The date a file proves as written (YYYY-MM-DD), with the flag when it lies outside the review window."""
    if item.dated is None:
        return T("未注明", "not given").get(lang)
    flag = detail.window_flag(item)
    if flag is None:
        return item.dated.isoformat()
    outside = T("不在考察期内", "outside the review window").get(lang)
    return f"{item.dated.isoformat()}\n{outside}"


def _entry_time(value: Any) -> Any:
    """An audit entry's time as a local date-time cell (the chain stores UTC ISO text)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
        except ValueError:
            return value
    return local_naive(value).replace(microsecond=0) if isinstance(value, datetime) else value


def _audit_sheet(ws: Worksheet, entries: list[dict[str, Any]], fw: Framework, lang: str) -> None:
    """The audit chain as columns: time, revision, action, person, target, what changed; hashes last."""
    header = [
        T("序号", "#"),
        T(f"时间（{zone_words()}）", f"Time ({zone_words()})"),
        T("修订版本", "Revision"),
        T("操作", "Action"),
        T("操作人", "Person"),
        T("对象", "Target"),
        T("变更内容", "What changed"),
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
                _entry_time(e.get("at")),
                e.get("revision"),
                label.get(lang) if label else code,
                e.get("actor"),
                _audit_target(e, fw, lang),
                audit_changes(e, fw, lang) or None,
                e.get("hash"),
                e.get("prev_hash"),
            ]
        )
    styles = [kit.INTEGER, kit.DATETIME, kit.INTEGER, kit.WRAP, kit.WRAP, kit.WRAP, kit.WRAP, kit.WRAP, kit.WRAP]
    _table(
        ws,
        [h.get(lang) for h in header],
        rows,
        styles,
        wrap_cols=(4, 5, 6, 7, 8, 9),
        fixed={1: 6, 2: 17, 3: 8, 4: 14, 5: 14, 6: 16, 7: 60, 8: 18, 9: 18},
    )


def _audit_target(entry: dict[str, Any], fw: Framework, lang: str) -> str | None:
    """The target of an entry: an indicator or veto with its title; the case itself as the word 案例."""
    target = entry.get("target")
    if not isinstance(target, str) or not target:
        return None
    item = fw.indicator(target) or fw.veto(target)
    if item is not None:
        return f"{target} {item.title.get(lang)}"
    if re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", target):
        return T("本案例", "this case").get(lang)
    return target


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
    title = T("城市全域数字化转型经营主体评估", "City-wide digital transformation assessments").get(lang)
    print_setup(wb, title, T(f"共 {len(details)} 个案例", count(len(details), "case")).get(lang), lang)
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
    for n, (grade, number) in enumerate(grade_rows, start=gtop + 1):
        kit.set_value(ws.cell(row=n, column=1), grade, kit.TEXT)
        kit.set_value(ws.cell(row=n, column=2), number, kit.INTEGER)
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
