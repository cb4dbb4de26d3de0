"""``cityeval objection add|review|decide|list``: objections (异议) against a published result (docs/objections.md)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cityeval_desktop.cli.context import command_context
from cityeval_desktop.cli.output import Out, table
from cityeval_desktop.domain import days
from cityeval_desktop.domain.framework import CATEGORIES
from cityeval_desktop.domain.text import Text
from cityeval_desktop.domain.wording import count


def add_parsers(groups: argparse._SubParsersAction, sub: Callable[..., argparse.ArgumentParser]) -> None:
    """The ``objection`` command group (called from ``cli/main.py build_parser``)."""
    objection = groups.add_parser("objection", help="objections (异议) against a published result").add_subparsers(
        dest="cmd", metavar="ACTION", required=True
    )
    p = sub(
        objection, "add", objection_add, "record an objection against a finalized third-party result; prints its id"
    )
    p.add_argument("target", metavar="CASE|USCC", help="uuid@revision, a case uuid, or the entity's USCC")
    p.add_argument(
        "--grounds", required=True, metavar="TEXT", help="the grounds of the objection (at most 4000 characters)"
    )
    p.add_argument("--file", action="append", type=Path, default=[], metavar="F", help="a file handed in (repeatable)")
    p.add_argument("--by", metavar="NAME", help="who objected (left out: not named)")
    p = sub(objection, "review", objection_review, "take a received objection under review")
    p.add_argument("id", metavar="ID")
    p = sub(objection, "decide", objection_decide, "decide an open objection (once), with the reason")
    p.add_argument("id", metavar="ID")
    verdict = p.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--upheld", action="store_true", help="the objection holds: the result is withdrawn")
    verdict.add_argument("--dismissed", action="store_true", help="the objection does not hold")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p = sub(objection, "list", objection_list, "every objection and how it stands")
    p.add_argument("--json", action="store_true")
    p.add_argument("--open", action="store_true", help="only those not decided yet")


def _state(out: Out, state: str) -> str:
    from cityeval_desktop.services.objections import STATE_WORDS

    word = STATE_WORDS.get(state)
    return word.get(out.lang) if word else state


def _category(out: Out, code: str) -> str:
    return CATEGORIES.get(code, Text(code, code)).get(out.lang)


def _day(value: Any) -> str:
    return days.day_of(value).isoformat() if value is not None else "-"


def objection_add(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.objections import add_objection

    info = add_objection(command_context(args), args.target, args.grounds, files=list(args.file), by=args.by)
    out.line(info.number)
    return 0


def objection_review(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.objections import review_objection

    info = review_objection(command_context(args), args.id)
    out.line(
        out.t(
            f"异议 {info.number}（{info.case_ref}）：{_state(out, info.state)}",
            f"objection {info.number} ({info.case_ref}): {_state(out, info.state)}",
        )
    )
    return 0


def objection_decide(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.objections import decide_objection

    info = decide_objection(command_context(args), args.id, upheld=bool(args.upheld), reason=args.reason)
    out.line(
        out.t(
            f"异议 {info.number}（{info.case_ref}）：{_state(out, info.state)}",
            f"objection {info.number} ({info.case_ref}): {_state(out, info.state)}",
        )
    )
    if args.upheld:
        out.line(
            out.t(
                f"{info.case_ref} 的评估结果已从区域视图和公示中撤下，直至导入修订后的新版本",
                f"the result of {info.case_ref} is withdrawn from the regional view and the disclosure until an "
                "amended revision is imported",
            )
        )
    return 0


def objection_list(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.objections import list_objections

    rows = list_objections(command_context(args), open_only=args.open)
    if args.json:
        out.json([r.as_json() for r in rows])
        return 0
    if not rows:
        out.line(
            out.t("没有未决定的异议。", "No open objections.") if args.open else out.t("没有异议。", "No objections.")
        )
        return 0
    anonymous = out.t("未署名", "not named")
    body = [
        [
            r.number,
            _state(out, r.state),
            r.case_ref[:8] + r.case_ref[36:],
            r.entity_name,
            r.uscc,
            _category(out, r.category),
            r.objector or anonymous,
            _day(r.received_at),
            _day(r.decided_at),
            str(len(r.attachments)),
        ]
        for r in rows
    ]
    heads = [
        out.t("异议编号", "id"),
        out.t("状态", "state"),
        out.t("案例", "case"),
        out.t("经营主体", "entity"),
        out.t("统一社会信用代码", "USCC"),
        out.t("类别", "category"),
        out.t("提出人", "by"),
        out.t("受理日期", "received"),
        out.t("决定日期", "decided"),
        out.t("附件", "files"),
    ]
    for line in table(heads, body, right={9}):
        out.line(line)
    for r in rows:
        out.line(f"{r.number} {out.t('理由', 'grounds')}: {' '.join(r.grounds.split())}")
        if r.reason:
            out.line(f"{r.number} {out.t('决定理由', 'reason')}: {' '.join(r.reason.split())}")
    out.line(out.t(f"共 {len(rows)} 项异议", count(len(rows), "objection")))
    return 0
