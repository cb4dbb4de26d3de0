"""The ``cityeval`` subcommands of the case data (issue 12): reference date, team, declarations, opinion,
on-site inspections, numbering; and the lines ``case show`` prints of it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cityeval_desktop.cli import disclosure_commands
from cityeval_desktop.cli.context import command_context
from cityeval_desktop.cli.output import Out, table
from cityeval_desktop.domain.case_data import ROLES, CaseData, InspectionSample, sampled_counts
from cityeval_desktop.services import case_data as service
from cityeval_desktop.services import cases as case_service


def case_set(args: argparse.Namespace, out: Out) -> int:
    ctx = command_context(args)
    before = case_service.load_case(ctx, args.case).case_data
    detail = service.set_reference_date(ctx, args.case, args.reference_date)
    data = detail.case_data
    out.line(
        out.t(
            f"评估基准日：{data.reference_date}；考察期 {data.window_from} 至 {data.window_to}",
            f"reference date: {data.reference_date}; review window {data.window_from} to {data.window_to}",
        )
    )
    withdrawn = [d.member for d in before.declarations if data.declaration_of(d.member) is None]
    if withdrawn:
        out.warning(
            out.t(
                f"考察期已改变，以下成员的声明已撤回，须重新签署：{'、'.join(withdrawn)}",
                f"the review window changed: the declarations of {', '.join(withdrawn)} were withdrawn and must be "
                "signed again",
            )
        )
    return 0


def team_json(data: CaseData, checks: dict[str, Any]) -> list[dict[str, Any]]:
    """The team as case.json carries it, each declaration with what verifying it found now."""
    from cityeval_desktop.domain.case_json import case_data_json

    team = case_data_json(data)["team"]
    for member in team:
        check = checks.get(member["name"])
        if member["declaration"] is not None and check is not None:
            member["declaration"]["verified"] = check.valid
            member["declaration"]["trusted"] = check.trusted
    return team


def case_team_add(args: argparse.Namespace, out: Out) -> int:
    ctx = command_context(args)
    detail = service.add_member(
        ctx, args.case, name=args.name, role=args.role, org=args.org, qualification=args.qualification
    )
    out.line(
        out.t(
            f"已加入评审组：{args.name.strip()}（{ROLES[args.role].zh}）；共 {len(detail.case_data.team)} 人",
            f"added to the team: {args.name.strip()} ({ROLES[args.role].en}); "
            f"{_people(len(detail.case_data.team))} now",
        )
    )
    return 0


def _people(n: int) -> str:
    return f"{n} member" if n == 1 else f"{n} members"


def case_team_remove(args: argparse.Namespace, out: Out) -> int:
    ctx = command_context(args)
    detail = service.remove_member(ctx, args.case, args.name)
    out.line(
        out.t(
            f"已移出评审组：{args.name.strip()}；共 {len(detail.case_data.team)} 人",
            f"removed from the team: {args.name.strip()}; {_people(len(detail.case_data.team))} now",
        )
    )
    return 0


def case_team_list(args: argparse.Namespace, out: Out) -> int:
    ctx = command_context(args)
    detail = case_service.load_case(ctx, args.case)
    checks = service.check_declarations(ctx, detail)
    data = detail.case_data
    if args.json:
        out.json(team_json(data, checks))
        return 0
    for line in team_lines(data, checks, out, heading=False):
        out.line(line)
    return 0


def case_declare(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.cli.trust_commands import _load_identity

    ctx = command_context(args)
    case_service.load_case(ctx, args.case)  # a bad case id is reported before the password prompt
    identity = _load_identity(out, args.identity)
    detail = service.declare(ctx, args.case, args.member, identity, lang=out.lang)
    decl = detail.case_data.declaration_of(args.member.strip())
    assert decl is not None
    out.line(out.t(f"已签署声明：{decl.member}", f"declaration signed: {decl.member}"))
    out.line(decl.statement)
    return 0


def case_opinion(args: argparse.Namespace, out: Out) -> int:
    ctx = command_context(args)
    if args.draft:
        for line in service.draft_opinion(ctx, args.case, args.report_lang or out.lang).splitlines():
            out.line(line)
        return 0
    detail = service.set_opinion_file(ctx, args.case, args.file)
    n = len(detail.case_data.opinion or "")
    out.line(out.t(f"已保存综合评价意见（{n} 字）", f"opinion stored ({n} character{'s' if n != 1 else ''})"))
    return 0


def case_inspection_add(args: argparse.Namespace, out: Out) -> int:
    ctx = command_context(args)
    detail = service.add_inspection(ctx, args.case, args.file)
    record = detail.case_data.inspections[-1]
    n = len(record.attachments)
    out.line(
        out.t(
            f"已添加现场核查记录：{record.day} {record.place}（附件 {n} 个）",
            f"inspection record added: {record.day} {record.place} ({n} attachment{'s' if n != 1 else ''})",
        )
    )
    return 0


def case_inspection_list(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.domain.case_json import case_data_json

    ctx = command_context(args)
    detail = case_service.load_case(ctx, args.case)
    data = detail.case_data
    if args.json:
        out.json(case_data_json(data)["inspections"])
        return 0
    for line in inspection_lines(data, out, heading=False):
        out.line(line)
    sample = detail.framework.inspection
    if sample.asked and detail.summary.mode == "third-party":  # a self-check is not held to it
        out.line(sample_line(data, sample, out))
    return 0


def sample_line(data: CaseData, sample: InspectionSample, out: Out) -> str:
    """The sample the framework asks the inspections for and the distinct names the records list."""
    projects, staff = sampled_counts(data)
    parts = []
    if sample.projects:
        parts.append(
            out.t(
                f"项目 {projects} 个（至少 {sample.projects} 个）", f"{projects} of at least {sample.projects} projects"
            )
        )
    if sample.staff:
        parts.append(out.t(f"人员 {staff} 人（至少 {sample.staff} 人）", f"{staff} of at least {sample.staff} staff"))
    short = projects < sample.projects or staff < sample.staff
    text = out.t("框架要求的抽查：", "Sample the framework asks for: ") + out.t("；", "; ").join(parts)
    return text + (
        out.t("（不足，第三方评估不能定稿）", " (short: a third-party finalize is refused)") if short else ""
    )


def settings_numbering(args: argparse.Namespace, out: Out) -> int:
    ctx = command_context(args)
    if args.org is None and args.pattern is None and args.certificate_pattern is None:
        found = service.numbering(ctx)
    else:
        found = service.set_numbering(
            ctx, org=args.org, report_pattern=args.pattern, certificate_pattern=args.certificate_pattern
        )
    if args.json:
        out.json({"org": found.org, "report": found.report_pattern, "certificate": found.certificate_pattern})
        return 0
    out.line(f"{out.t('机构代号', 'Organisation code')}: {found.org}")
    out.line(f"{out.t('报告编号格式', 'Report number pattern')}: {found.report_pattern}")
    out.line(f"{out.t('证书编号格式', 'Certificate number pattern')}: {found.certificate_pattern}")
    return 0


def settings_evidence_folder(args: argparse.Namespace, out: Out) -> int:
    ctx = command_context(args)
    if args.reset:
        folder = ctx.set_evidence_folder(None)
    elif args.folder is not None:
        folder = ctx.set_evidence_folder(args.folder)
    else:
        folder = ctx.evidence_folder()
    shared = folder != ctx.data_dir / "evidence"
    if args.json:
        out.json({"folder": str(folder), "shared": shared})
        return 0
    kind = (
        out.t("（共享，记录在数据库中）", " (shared, named in the database)")
        if shared
        else out.t("（本机数据文件夹）", " (this machine's data folder)")
    )
    out.line(f"{out.t('证据与报告文件夹', 'Evidence and report folder')}: {folder}{kind}")
    return 0


# ----------------------------------------------------------------------------- what case show prints
def validity_text(data: CaseData, out: Out) -> str | None:
    """有效期 as ``case show`` and ``case list`` say it (None before finalize)."""
    if data.valid_from is None or data.valid_until is None:
        return None
    expired = out.t("（已过期）", " (EXPIRED)") if data.expired() else ""
    return out.t(
        f"{data.valid_from} 至 {data.valid_until}{expired}", f"{data.valid_from} to {data.valid_until}{expired}"
    )


def header_lines(data: CaseData, out: Out) -> list[str]:
    """The reference date, window, validity and numbers under the case's header."""
    t = out.t
    lines = []
    if data.reference_date is not None:
        window = (
            t(
                f"；考察期 {data.window_from} 至 {data.window_to}",
                f"; review window {data.window_from} to {data.window_to}",
            )
            if data.window_from
            else ""
        )
        lines.append(f"{t('评估基准日', 'Reference date')}: {data.reference_date}{window}")
    valid = validity_text(data, out)
    if valid:
        lines.append(f"{t('有效期', 'Valid')}: {valid}")
    if data.report_no:
        cert = f"   {t('证书编号', 'Certificate no.')}: {data.certificate_no}" if data.certificate_no else ""
        lines.append(f"{t('报告编号', 'Report no.')}: {data.report_no}{cert}")
    return lines


def team_lines(data: CaseData, checks: dict[str, Any], out: Out, *, heading: bool = True) -> list[str]:
    t, lang = out.t, out.lang
    if not data.team:
        return [t("评审组：尚无成员", "Team: no members yet")] if not heading else []
    rows = []
    for m in data.team:
        check = checks.get(m.name)
        if data.declaration_of(m.name) is None:
            declared = t("未签署声明", "no declaration")
        elif check is not None:
            declared = check.describe().get(lang)
        else:
            declared = t("已签署", "signed")
        rows.append([m.name, m.role_title(lang), m.org, m.qualification or "-", declared])
    heads = [
        t("姓名", "Name"),
        t("角色", "Role"),
        t("单位", "Organisation"),
        t("资格/专家编号", "Qualification"),
        t("声明", "Declaration"),
    ]
    return (["", t("评审组：", "Team:")] if heading else []) + table(heads, rows)


def inspection_lines(data: CaseData, out: Out, *, heading: bool = True) -> list[str]:
    t = out.t
    if not data.inspections:
        return [] if heading else [t("尚无现场核查记录", "No inspection records yet")]
    lines = ["", t("现场核查记录：", "On-site inspections:")] if heading else []
    sep = "、" if out.lang == "zh" else ", "
    for n, i in enumerate(data.inspections, 1):
        lines.append(f"  {n}. {i.day}  {i.place}")
        lines.append(f"     {t('参加人员', 'Participants')}: {sep.join(i.participants)}")
        lines.append(f"     {t('核查内容', 'Checked')}: {_one_line(i.checked)}")
        lines.append(f"     {t('核查发现', 'Findings')}: {_one_line(i.findings)}")
        if i.sampled_projects:
            lines.append(f"     {t('抽查项目', 'Sampled projects')}: {sep.join(i.sampled_projects)}")
        if i.sampled_staff:
            lines.append(f"     {t('抽查人员', 'Sampled staff')}: {sep.join(i.sampled_staff)}")
        if i.attachments:
            lines.append(f"     {t('附件', 'Attachments')}: {sep.join(f.name for f in i.attachments)}")
    return lines


def _one_line(text: str, n: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"


def show_lines(ctx: Any, detail: Any, out: Out) -> list[str]:
    """Team, opinion and inspections at the end of ``case show`` (declarations verified now)."""
    data: CaseData = detail.case_data
    lines = team_lines(data, service.check_declarations(ctx, detail), out)
    if data.opinion:
        lines += ["", out.t("综合评价意见：", "Written opinion:")]
        lines += [f"  {p}" if p else "" for p in data.opinion.splitlines()]
    return lines + inspection_lines(data, out)


def _dated_line(detail: Any, item: Any, out: Out) -> None:
    """What a file's date now is, and a warning when it lies outside the review window."""
    if item.dated is None:
        out.line(out.t(f"{item.original_name}：未注明证明日期", f"{item.original_name}: no date proved"))
    else:
        out.line(out.t(f"{item.original_name}：证明日期 {item.dated}", f"{item.original_name}: proves {item.dated}"))
    flag = detail.window_flag(item)
    if flag is not None:
        out.warning(flag.get(out.lang))


def evidence_add(args: argparse.Namespace, out: Out) -> int:
    ctx = command_context(args)
    detail = case_service.add_evidence(ctx, args.case, args.indicator, list(args.files), args.kind, args.dated)
    names = {Path(p).name for p in args.files}
    for item in detail.evidence_for(args.indicator):
        if item.original_name in names:
            out.line(out.t(f"已附加到 {args.indicator}：", f"attached to {args.indicator}: ") + item.original_name)
            if item.dated is not None or args.dated:
                _dated_line(detail, item, out)
    return 0


def evidence_date(args: argparse.Namespace, out: Out) -> int:
    ctx = command_context(args)
    item = case_service.find_evidence(case_service.load_case(ctx, args.case), args.file, args.indicator)
    detail = case_service.set_evidence_date_of(
        ctx, args.case, item.indicator_id, item.sha256, None if args.clear else args.dated, veto_id=item.veto_id
    )
    now = next(
        e
        for e in detail.evidence
        if (e.indicator_id, e.veto_id, e.sha256) == (item.indicator_id, item.veto_id, item.sha256)
    )
    _dated_line(detail, now, out)
    return 0


def add_parsers(case: argparse._SubParsersAction, groups: argparse._SubParsersAction, sub: Any, common: Any) -> None:
    """The case-data subcommands of ``case``, the ``evidence`` and the ``settings`` groups."""
    evidence = groups.add_parser("evidence", help="evidence files of a draft").add_subparsers(
        dest="cmd", metavar="ACTION", required=True
    )
    p = sub(evidence, "add", evidence_add, "attach files to an indicator of a draft")
    p.add_argument("case", metavar="CASE")
    p.add_argument("indicator", metavar="INDICATOR")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--kind", metavar="KIND", help="the evidence kind (证据类型) of every file")
    p.add_argument("--dated", metavar="YYYY-MM-DD", help="the date every file proves (证明日期), e.g. a signing date")
    p = sub(evidence, "date", evidence_date, "set or clear the date an attached file proves (证明日期)")
    p.add_argument("case", metavar="CASE")
    p.add_argument("file", metavar="FILE", help="the file's name or at least 8 digits of its sha256")
    p.add_argument("--indicator", metavar="ID", help="the indicator (or veto) the file is attached to")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--dated", metavar="YYYY-MM-DD", help="the date the file proves")
    which.add_argument("--clear", action="store_true", help="say no date")

    p = sub(case, "set", case_set, "change a draft's reference date (评估基准日)")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--reference-date", required=True, metavar="YYYY-MM-DD")

    team = case.add_parser("team", help="the assessment team (评审组)", parents=[common])
    team.add_argument("case", metavar="CASE")
    actions = team.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub(actions, "add", case_team_add, "add a member to a draft's team")
    p.add_argument("--name", required=True, metavar="NAME")
    p.add_argument(
        "--role", required=True, metavar="ROLE", help="lead | member | expert | reviewer | approver (批准, at most one)"
    )
    p.add_argument("--org", required=True, metavar="ORG")
    p.add_argument("--qualification", metavar="Q", help="qualification or expert-pool number")
    p = sub(actions, "list", case_team_list, "list the team and check each declaration")
    p.add_argument("--json", action="store_true")
    p = sub(actions, "remove", case_team_remove, "take a member (and their declaration) off a draft's team")
    p.add_argument("--name", required=True, metavar="NAME")

    p = sub(case, "declare", case_declare, "sign a member's independence declaration with their identity")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--member", required=True, metavar="NAME")
    p.add_argument("--identity", required=True, type=Path, metavar="ID.p12")

    p = sub(case, "opinion", case_opinion, "print the drafted written opinion, or store the edited one")
    p.add_argument("case", metavar="CASE")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--draft", action="store_true", help="print the opinion drafted from the result")
    which.add_argument("--file", type=Path, metavar="F", help="store the opinion from this UTF-8 text file")
    p.add_argument("--report-lang", choices=("zh", "en"), help="language of the draft (default: --lang)")

    inspection = case.add_parser("inspection", help="on-site inspection records (现场核查记录)", parents=[common])
    inspection.add_argument("case", metavar="CASE")
    actions = inspection.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub(actions, "add", case_inspection_add, "add a record from a JSON file (see docs/case-data.md)")
    p.add_argument("--file", required=True, type=Path, metavar="record.json")
    p = sub(actions, "list", case_inspection_list, "list the inspection records")
    p.add_argument("--json", action="store_true")

    settings = groups.add_parser("settings", help="settings kept with the database").add_subparsers(
        dest="cmd", metavar="ACTION", required=True
    )
    p = sub(settings, "numbering", settings_numbering, "show or set how reports and certificates are numbered")
    p.add_argument("--org", metavar="CODE", help="the organisation code the patterns' {org} stands for")
    p.add_argument("--pattern", metavar="PATTERN", help="report numbers, e.g. {org}-{year}-{seq:04d}")
    p.add_argument(
        "--certificate-pattern", metavar="PATTERN", help="certificate numbers, e.g. {org}-ZS-{year}-{seq:04d}"
    )
    p.add_argument("--json", action="store_true")
    p = sub(
        settings,
        "evidence-folder",
        settings_evidence_folder,
        "show or set the folder every workstation keeps evidence and reports in (a database server)",
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument("folder", nargs="?", metavar="FOLDER", help="an absolute path every workstation reaches")
    which.add_argument("--reset", action="store_true", help="back to each data folder's own evidence/")
    p.add_argument("--json", action="store_true")
    disclosure_commands.add_settings_parsers(settings, sub)
