"""``cityeval region disclosure`` and ``cityeval settings disclosure|holidays`` (issue 13 §2.5, docs/disclosure.md)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from cityeval_desktop.cli.context import command_context
from cityeval_desktop.cli.output import Out
from cityeval_desktop.domain import disclosure as dd
from cityeval_desktop.domain.case_data import parse_day


def add_region_parser(region: Any, sub: Any) -> None:
    p = sub(
        region,
        "disclosure",
        region_disclosure,
        "write the signed public notice of the counted results (PDF), with CSV and JSON (docs/disclosure.md)",
    )
    p.add_argument("out", type=Path, metavar="OUT.pdf")
    p.add_argument("--identity", required=True, type=Path, metavar="AGENCY.p12", help="the agency's identity")
    p.add_argument(
        "--notice-days",
        type=int,
        default=dd.DEFAULT_NOTICE_DAYS,
        metavar="N",
        help=f"working days of the notice ({dd.MIN_NOTICE_DAYS}..{dd.MAX_NOTICE_DAYS}, default 7)",
    )
    p.add_argument("--contact", default="", metavar="TEXT", help="where and how to hand in an objection")
    p.add_argument("--csv", type=Path, metavar="OUT.csv", help="also write the rows as CSV (UTF-8, for Excel)")
    p.add_argument("--json", type=Path, metavar="OUT.json", help="also write the rows as JSON")
    p.add_argument(
        "--min-group",
        type=int,
        metavar="N",
        help="suppress figures of smaller groups (default: the database's setting)",
    )
    p.add_argument("--category", metavar="C")
    p.add_argument("--tier", metavar="T")
    p.add_argument("--region", metavar="CODE", help="6-digit code; a province or city code takes its parts")
    p.add_argument("--by", choices=("registration", "service"), default="registration")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="publication day: the results valid then (default today)")
    p.add_argument("--report-lang", choices=("zh", "en"), help="language of the notice (default: --lang)")


def add_settings_parsers(settings: Any, sub: Any) -> None:
    p = sub(settings, "disclosure", settings_disclosure, "show or set the disclosure's minimum group size")
    p.add_argument("--min-group", type=int, metavar="N", help=f"{dd.MIN_MIN_GROUP}..{dd.MAX_MIN_GROUP} (default 5)")
    p.add_argument("--json", action="store_true")
    holidays = settings.add_parser(
        "holidays", help="the agency's holidays and make-up working days (notice periods)"
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub(holidays, "list", holidays_list, "list the holidays and make-up working days")
    p.add_argument("--json", action="store_true")
    p = sub(holidays, "add", holidays_add, "add holidays (or, with --working, make-up working days 调休上班日)")
    p.add_argument("dates", nargs="+", metavar="YYYY-MM-DD")
    p.add_argument("--working", action="store_true", help="the dates are weekend days that are worked")
    p = sub(holidays, "remove", holidays_remove, "remove dates from the list")
    p.add_argument("dates", nargs="+", metavar="YYYY-MM-DD")


def _as_of(value: str | None) -> date | None:
    return None if value is None else parse_day(value, "--as-of", today=date(2100, 12, 31))


def region_disclosure(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.cli.trust_commands import read_password
    from cityeval_desktop.services import disclosure
    from cityeval_desktop.services.identities import load_signing_identity

    ctx = command_context(args)
    # every input and output path is checked before the password is asked for
    day = _as_of(args.as_of)
    dd.check_notice_days(args.notice_days)
    dd.check_contact(args.contact)
    if args.min_group is not None:
        dd.check_min_group(args.min_group)
    disclosure.check_outputs(args.out, args.csv, args.json)
    filters = {"as_of": day, "by": args.by, "category": args.category, "tier": args.tier, "region": args.region}
    # the document is made before the prompt too: bad filters are said first, and it is made once
    doc = disclosure.build(ctx, notice_days=args.notice_days, contact=args.contact, min_group=args.min_group, **filters)
    identity = load_signing_identity(args.identity, read_password(out, str(args.identity)))
    result = disclosure.publish(
        ctx,
        identity,
        args.out,
        csv_out=args.csv,
        json_out=args.json,
        lang=args.report_lang or out.lang,
        doc=doc,
    )
    n = result.notice
    out.line(
        out.t(
            f"已写出评估结果公示：{result.pdf}（{result.entities} 个结果，{result.pages} 页，签署人 {result.signer}）",
            f"public notice written: {result.pdf} ({result.entities} results, {result.pages} pages, signed by "
            f"{result.signer})",
        )
    )
    for path in (result.csv, result.json):
        if path is not None:
            out.line(out.t(f"已写出：{path}", f"written: {path}"))
    out.line(
        out.t(
            f"公示期 {n.first} 至 {n.end}（{n.working_days} 个工作日），异议截止 {n.end}",
            f"notice period {n.first} to {n.end} ({n.working_days} working days); objections by {n.end}",
        )
    )
    out.line(f"PDF sha256: {result.pdf_sha256}")
    return 0


def settings_disclosure(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services import disclosure

    ctx = command_context(args)
    if args.min_group is not None:
        found = disclosure.set_min_group(ctx, args.min_group)
    else:
        found = disclosure.disclosure_settings(ctx)
    if args.json:
        out.json({"min_group": found.min_group, "holidays": len(found.holidays)})
        return 0
    out.line(
        out.t(
            f"最小公布组规模：{found.min_group} 家（更小的组不公布统计数）",
            f"minimum group size: {found.min_group} (smaller groups' figures are suppressed)",
        )
    )
    out.line(out.t(f"节假日列表：{len(found.holidays)} 天", f"holiday list: {len(found.holidays)} days"))
    return 0


def _show_holidays(days: list[dd.CalendarDay], args: argparse.Namespace, out: Out) -> int:
    if getattr(args, "json", False):
        out.json([{"date": c.day.isoformat(), "working": c.working} for c in days])
        return 0
    if not days:
        out.line(
            out.t(
                "节假日列表为空：公示期只跳过周六和周日",
                "the holiday list is empty: notices skip Saturdays and Sundays only",
            )
        )
    for c in days:
        kind = out.t("调休上班日", "make-up working day") if c.working else out.t("节假日", "holiday")
        weekday = out.t("一二三四五六日"[c.day.weekday()], c.day.strftime("%a"))
        out.line(f"{c.day.isoformat()} {out.t('周', '')}{weekday}  {kind}")
    return 0


def holidays_list(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services import disclosure

    return _show_holidays(disclosure.holidays(command_context(args)), args, out)


def holidays_add(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services import disclosure

    return _show_holidays(disclosure.add_holidays(command_context(args), args.dates, working=args.working), args, out)


def holidays_remove(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services import disclosure

    return _show_holidays(disclosure.remove_holidays(command_context(args), args.dates), args, out)
