"""``cityeval region summary|delta|export-xlsx``: the agency's regional view on the command line (issue 13)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from cityeval_desktop.cli import disclosure_commands
from cityeval_desktop.cli.commands import _ctx
from cityeval_desktop.cli.output import Out, table
from cityeval_desktop.domain.case_data import parse_day
from cityeval_desktop.domain.framework import CATEGORIES
from cityeval_desktop.domain.regions import region_label


def add_parsers(groups: Any, sub: Any) -> None:
    region = groups.add_parser("region", help="the agency's regional view").add_subparsers(
        dest="cmd", metavar="ACTION", required=True
    )
    p = sub(region, "summary", region_summary, "per region and category: grades, totals, dimension means, 短板")
    p.add_argument("--json", action="store_true")
    p.add_argument("--category", metavar="C")
    p.add_argument("--tier", metavar="T")
    p.add_argument("--region", metavar="CODE", help="6-digit code; a province or city code takes its parts")
    p.add_argument("--by", choices=("registration", "service"), default="registration")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="count the results valid on this day (default today)")
    p.add_argument("--include-untrusted", action="store_true", help="count results of untrusted signers too")
    p = sub(region, "export-xlsx", region_export_xlsx, "write the regional view as a workbook (with charts)")
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.add_argument("--category", metavar="C")
    p.add_argument("--tier", metavar="T")
    p.add_argument("--region", metavar="CODE", help="6-digit code; a province or city code takes its parts")
    p.add_argument("--by", choices=("registration", "service"), default="registration")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="count the results valid on this day (default today)")
    p.add_argument("--include-untrusted", action="store_true", help="count results of untrusted signers too")
    p.add_argument("--report-lang", choices=("zh", "en"), help="language of the workbook (default: --lang)")
    p = sub(region, "delta", region_delta, "an entity's self-check against its counted third-party result")
    p.add_argument("uscc", metavar="USCC")
    p.add_argument("--json", action="store_true")
    p.add_argument("--category", metavar="C")
    p.add_argument("--as-of", metavar="YYYY-MM-DD")
    p.add_argument("--include-untrusted", action="store_true")
    disclosure_commands.add_region_parser(region, sub)


def _day(value: str | None) -> date | None:
    return None if value is None else parse_day(value, "--as-of", today=date(2100, 1, 1))


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _category(category: str, lang: str) -> str:
    title = CATEGORIES.get(category)
    return title.get(lang) if title else category


def _fmt(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:.2f}"


#: a JSON string (the C encoder's, as ``json.dumps(..., ensure_ascii=False)`` writes it)
_js = json.encoder.encode_basestring


def _entity_json(e: Any) -> str:
    """One entity of ``region summary --json``, written as ``json.dumps(..., ensure_ascii=False)`` writes the
    same object (keys in this order): 10,000 of them are formatted here directly from the row, not built as
    dicts for the encoder (a third of the command's time)."""
    grade, total, at, until = e.grade, e.total, e.finalized_at, e.valid_until
    return (
        f'{{"case": {_js(e.ref)}, "entity": {_js(e.entity_name)}, "uscc": {_js(e.uscc)}, '
        f'"registration_region": {_js(e.registration_region)}, "service_region": {_js(e.service_region)}, '
        f'"category": {_js(e.category)}, "tier": {_js(e.tier)}, '
        f'"grade": {"null" if grade is None else _js(grade)}, '
        f'"total": {"null" if total is None else repr(float(total))}, '
        f'"vetoed": {"true" if e.vetoed else "false"}, "assessor": {_js(e.assessor_org)}, '
        f'"assessor_org": {_js(e.assessor_org)}, '
        f'"finalized_at": {"null" if at is None else _js(at.isoformat())}, '
        f'"valid_until": {"null" if until is None else _js(until.isoformat())}, '
        f'"trusted": {"true" if e.trusted else "false"}, "counted": {"true" if e.counted else "false"}}}'
    )


def _summary_json(found: Any, out: Out) -> None:
    """The JSON contract of ``region summary --json`` (docs/cli.md): one line, compact."""
    lang = out.lang
    head = json.dumps(
        {
            "as_of": found.as_of.isoformat(),
            "by": found.by,
            "include_untrusted": found.include_untrusted,
            "groups": [
                {
                    "region": g.region,
                    "region_name": g.region_name.get(lang) if g.region_name else None,
                    "category": g.category,
                    "entities": g.entities,
                    "grades": g.grades,
                    "mean_total": _num(g.mean_total),
                    "median_total": _num(g.median_total),
                    "vetoed": g.vetoed,
                    "expiring_90_days": g.expiring,
                    "untrusted_left_out": g.untrusted_left_out,
                    "withdrawn": g.withdrawn,
                    "dimensions": [
                        {"id": d.id, "title": d.title.get(lang), "mean": _num(d.mean), "national": _num(d.national)}
                        for d in g.dimensions
                    ],
                    "weak": [d.id for d in g.weak],
                    "self_check": {"entities": g.self_checks, "mean_total": _num(g.self_mean_total)},
                }
                for g in found.groups
            ],
        },
        ensure_ascii=False,
    )
    warnings = json.dumps([w.get(lang) for w in found.warnings], ensure_ascii=False)
    entities = ", ".join([_entity_json(e) for e in found.entities])
    out.json_text(f'{head[:-1]}, "entities": [{entities}], "warnings": {warnings}}}')


def region_summary(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services import region

    found = region.summary(
        _ctx(args),
        as_of=_day(args.as_of),
        by=args.by,
        category=args.category,
        tier=args.tier,
        region=args.region,
        include_untrusted=args.include_untrusted,
    )
    lang = out.lang
    if args.json:
        with region.without_gc():
            _summary_json(found, out)
        for w in found.warnings:
            out.warning(w.get(lang))
        return 0
    t = out.t
    basis = t("注册地", "registration region") if found.by == "registration" else t("服务区域", "service region")
    out.line(t(f"截至 {found.as_of}，按{basis}统计", f"As of {found.as_of}, by {basis}"))
    if not found.groups:
        out.line(t("没有计入的第三方评估结果", "no counted third-party result"))
    for g in found.groups:
        out.line()
        out.line(f"{region_label(g.region, lang)} · {_category(g.category, lang)}")
        grades = ", ".join(f"{found.grade_words(g.category, k, lang)} {v}" for k, v in sorted(g.grades.items())) or "-"
        out.line(
            t(
                f"  主体 {g.entities}  等级 {grades}  平均分 {_fmt(g.mean_total)}  中位数 {_fmt(g.median_total)}  "
                f"否决 {g.vetoed}  90 天内到期 {g.expiring}",
                f"  entities {g.entities}  grades {grades}  mean {_fmt(g.mean_total)}  "
                f"median {_fmt(g.median_total)}  vetoed {g.vetoed}  expiring in 90 days {g.expiring}",
            )
        )
        for d in g.dimensions:
            out.line(
                t(
                    f"  {d.id} {d.title.get(lang)}: {_fmt(d.mean)}（全库 {_fmt(d.national)}）",
                    f"  {d.id} {d.title.get(lang)}: {_fmt(d.mean)} (database {_fmt(d.national)})",
                )
            )
        weak = ", ".join(f"{d.id} {d.title.get(lang)}" for d in g.weak) or t("无", "none")
        out.line(t(f"  短板：{weak}", f"  Weak dimensions (短板): {weak}"))
        out.line(
            t(
                f"  自评（不计入统计）：{g.self_checks} 家，平均分 {_fmt(g.self_mean_total)}",
                f"  Self-checks (not counted): {g.self_checks}, mean {_fmt(g.self_mean_total)}",
            )
        )
        if g.untrusted_left_out:
            out.line(
                t(
                    f"  未计入的不受信任签名结果：{g.untrusted_left_out}",
                    f"  Untrusted signers' results left out: {g.untrusted_left_out}",
                )
            )
        if g.withdrawn:
            out.line(
                t(
                    f"  异议成立而撤下的结果：{g.withdrawn}（待导入修订版）",
                    f"  Results withdrawn after an upheld objection: {g.withdrawn} (until an amended revision)",
                )
            )
    if found.entities:
        out.line()
        headers = [
            t("主体", "Entity"),
            t("统一社会信用代码", "USCC"),
            t("注册地", "Reg."),
            t("服务区域", "Service"),
            t("类别", "Category"),
            t("级别", "Tier"),
            t("等级", "Grade"),
            t("总分", "Total"),
            t("有效期至", "Valid until"),
            t("信任", "Trust"),
        ]
        rows = [
            [
                e.entity_name,
                e.uscc,
                e.registration_region,
                e.service_region,
                _category(e.category, lang),
                found.tier_words(e.category, e.tier, lang),
                found.grade_words(e.category, "vetoed" if e.vetoed else (e.grade or "none"), lang),
                _fmt(e.total),
                str(e.valid_until or "-"),
                t("受信任", "trusted")
                if e.trusted
                else t("不受信任（未计入）", "untrusted (not counted)")
                if not e.counted
                else t("不受信任", "untrusted"),
            ]
            for e in found.entities
        ]
        for line in table(headers, rows, right={7}):
            out.line(line)
    for w in found.warnings:
        out.warning(w.get(lang))
    return 0


def region_export_xlsx(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.region_workbook import export_region_workbook

    book = export_region_workbook(
        _ctx(args),
        args.out,
        lang=args.report_lang or out.lang,
        as_of=_day(args.as_of),
        by=args.by,
        category=args.category,
        tier=args.tier,
        region_code=args.region,
        include_untrusted=args.include_untrusted,
    )
    counted = sum(1 for e in book.entities if e.counted)
    out.line(
        out.t(
            f"已写出区域视图工作簿：{args.out}（截至 {book.as_of}，计入 {counted} 个第三方结果，"
            f"{len(book.groups)} 个区域×类别组，自评 {len(book.self_checks)} 个）",
            f"regional view workbook written: {args.out} (as of {book.as_of}: {counted} counted third-party "
            f"results, {len(book.groups)} region × category groups, {len(book.self_checks)} self-checks)",
        )
    )
    for w in book.warnings:
        out.warning(w.get(out.lang))
    return 0


def region_delta(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services import region

    found = region.delta(
        _ctx(args),
        args.uscc,
        category=args.category,
        as_of=_day(args.as_of),
        include_untrusted=args.include_untrusted,
    )
    lang = out.lang

    def line_json(x: Any) -> dict[str, Any]:
        return {
            "kind": x.kind,
            "id": x.id,
            "title": x.title.get(lang),
            "self": _num(x.self_value),
            "third_party": _num(x.third_value),
            "difference": _num(x.difference),
        }

    if args.json:
        out.json(
            [
                {
                    "uscc": d.uscc,
                    "entity": d.entity_name,
                    "category": d.category,
                    "self": {"case": d.self_ref, "total": float(d.self_total), "grade": d.self_grade},
                    "third_party": {"case": d.third_ref, "total": float(d.third_total), "grade": d.third_grade},
                    "dimensions": [line_json(x) for x in d.dimensions],
                    "indicators": [line_json(x) for x in d.indicators],
                    "ranked": [line_json(x) for x in d.ranked],
                }
                for d in found
            ]
        )
        return 0
    t = out.t
    for d in found:
        out.line(f"{d.entity_name} {d.uscc} · {_category(d.category, lang)}")
        out.line(
            t(
                f"  自评 {d.self_ref}：{d.self_total}（{d.self_grade or '-'}）  第三方 {d.third_ref}："
                f"{d.third_total}（{d.third_grade or '-'}）",
                f"  self-check {d.self_ref}: {d.self_total} ({d.self_grade or '-'})  third-party {d.third_ref}: "
                f"{d.third_total} ({d.third_grade or '-'})",
            )
        )
        headers = [
            t("项目", "Item"),
            t("名称", "Title"),
            t("自评", "Self"),
            t("第三方", "Third-party"),
            t("差", "Diff"),
        ]
        rows = [
            [x.id, x.title.get(lang), _fmt(x.self_value), _fmt(x.third_value), _fmt(x.difference)] for x in d.ranked
        ]
        out.line(t("  差异（自评高出者在前）：", "  Differences (where the entity over-rates itself first):"))
        for line in table(headers, rows, right={2, 3, 4}):
            out.line("  " + line)
        out.line()
    return 0
