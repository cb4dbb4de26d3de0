"""The ``cityeval`` subcommands; each returns an exit code."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cityeval_desktop.cli import case_data_commands
from cityeval_desktop.cli.context import command_context
from cityeval_desktop.cli.output import Out, bar, result_line, table
from cityeval_desktop.domain import basis, result_text
from cityeval_desktop.domain.case_diff import changes_json
from cityeval_desktop.domain.case_diff import describe as describe_change
from cityeval_desktop.domain.framework import CATEGORIES, MODES, Framework
from cityeval_desktop.domain.loader import FrameworkError, load_file
from cityeval_desktop.domain.methods import Choice, Deduction, Scale, YesNo
from cityeval_desktop.domain.numbers import plain
from cityeval_desktop.domain.regions import region_label
from cityeval_desktop.domain.scoring import ANSWERED, NOT_APPLICABLE, NOT_RATED, VETOED
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.domain.uscc import validate as validate_uscc
from cityeval_desktop.domain.wording import count, time_words, time_words_in
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services import maintenance, revisions
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import NotFoundError
from cityeval_desktop.services.package_views import import_marks
from cityeval_desktop.services.results import case_json


def _ctx(args: argparse.Namespace) -> AppContext:
    return command_context(args)


# ----------------------------------------------------------------------------- forms
def forms_list(args: argparse.Namespace, out: Out) -> int:
    ctx = _ctx(args)
    entries = fw_registry.entries(ctx)
    good = [e for e in entries if e.framework is not None]
    if args.json:
        out.json(
            [
                {
                    "id": f.id,
                    "version": f.version,
                    "category": f.category,
                    "title": f.title.to_dict(),
                    "sha256": f.sha256,
                    "tiers": [t.id for t in f.tiers],
                    "indicators": len(f.indicators()),
                    "vetoes": len(f.vetoes),
                    "origin": e.origin,
                    "path": str(e.path),
                }
                for e in good
                if (f := e.framework) is not None
            ]
        )
    else:
        rows = [
            [
                f.id,
                f.version,
                CATEGORIES[f.category].get(out.lang),
                f.title.get(out.lang),
                str(len(f.indicators())),
                ",".join(t.id for t in f.tiers),
                f.sha256[:12],
                out.t("内置", "bundled") if e.origin == "bundled" else out.t("用户", "user"),
            ]
            for e in good
            if (f := e.framework) is not None
        ]
        for line in table(
            [
                out.t("编号", "id"),
                out.t("版本", "version"),
                out.t("类别", "category"),
                out.t("名称", "title"),
                out.t("指标", "indicators"),
                out.t("层级", "tiers"),
                "sha256",
                out.t("来源", "origin"),
            ],
            rows,
            right={4},
        ):
            out.line(line)
    for e in entries:
        if e.error is not None:
            for line in e.error.render(out.lang):
                out.warning(line)
    return 0


def forms_validate(args: argparse.Namespace, out: Out) -> int:
    failed = 0
    for name in args.paths:
        try:
            f = load_file(name)
        except FrameworkError as exc:
            failed += 1
            for line in exc.render(out.lang):
                out.error(line)
            continue
        n = len(f.indicators())
        out.line(
            out.t(
                f"通过：{name}（{f.key}，{len(f.dimensions)} 个维度，{n} 个指标，{len(f.vetoes)} 个否决项）",
                f"ok: {name} ({f.key}, {len(f.dimensions)} dimensions, {n} indicators, {len(f.vetoes)} vetoes)",
            )
        )
    return 1 if failed else 0


# ----------------------------------------------------------------------------- case
def case_new(args: argparse.Namespace, out: Out) -> int:
    check = validate_uscc(args.uscc)
    ctx = _ctx(args)
    summary = case_service.new_case(
        ctx,
        framework=args.framework,
        tier=args.tier,
        mode=args.mode,
        entity_name=args.entity_name,
        uscc=args.uscc,
        region=args.region,
        assessor=args.assessor or "",
        reference_date=args.reference_date,
    )
    for w in check.warnings:
        out.warning(w.get(out.lang))
    for entry in fw_registry.skipped(ctx):  # a bad file of the user's never blocks the others: it is named
        out.warning(fw_registry.skipped_notice(entry).get(out.lang))
    out.line(summary.case_uuid)
    return 0


def _summary_json(s: case_service.CaseSummary) -> dict[str, Any]:
    return {
        "case_id": s.case_uuid,
        "revision": s.revision,
        "status": s.status,
        "mode": s.mode,
        "tier": s.tier,
        "category": s.category,
        "entity": {"name": s.entity_name, "uscc": s.uscc, "region": s.region},
        "framework": {"id": s.framework_id, "version": s.framework_version, "sha256": s.framework_sha256},
        "assessor": s.assessor,
        "total": float(s.total) if s.total is not None else None,
        "grade": s.grade,
        "completeness": float(s.completeness) if s.completeness is not None else None,
        "created_at": s.created_at.isoformat(),
        "updated_at": s.updated_at.isoformat(),
        "reference_date": s.reference_date.isoformat() if s.reference_date else None,
        "valid_until": s.valid_until.isoformat() if s.valid_until else None,
        "expired": s.expired(),
        "report_no": s.report_no,
    }


def _listed_result(out: Out, s: case_service.CaseSummary, words: str | None) -> str:
    """A row's result in ``case list``: the grade's words, or why there is none (the workbench's words)."""
    if s.is_provisional:
        return NOT_RATED.get(out.lang)
    if s.is_vetoed:
        return VETOED.get(out.lang)
    return words or "-"


#: the tiers of the default frameworks, for a row whose pinned framework cannot be read
TIER_WORDS: dict[str, Text] = {
    "regional": Text("区域服务级", "Regional service"),
    "city": Text("城市服务级", "City service"),
    "enterprise": Text("企业服务级", "Enterprise service"),
}


def _tier_words(ctx: AppContext, rows: list[case_service.CaseSummary], lang: str) -> dict[tuple[str, str], str]:
    """Each listed row's tier as its framework titles it, by (framework sha256, tier id): never the id."""
    found: dict[tuple[str, str], str] = {}
    with ctx.reading() as s:
        for sha in {r.framework_sha256 for r in rows}:
            try:
                framework = fw_registry.pinned(s, sha)
            except (NotFoundError, DomainError):
                continue  # a missing or damaged framework copy: the default words below
            for tier in framework.tiers:
                found[(sha, tier.id)] = tier.title.get(lang)
    for r in rows:
        fallback = TIER_WORDS.get(r.tier)
        found.setdefault((r.framework_sha256, r.tier), fallback.get(lang) if fallback else r.tier)
    return found


def case_list(args: argparse.Namespace, out: Out) -> int:
    ctx = _ctx(args)
    rows = case_service.list_cases(ctx, all_revisions=args.all_revisions)
    marks = import_marks(ctx, [s.row_id for s in rows])
    imported = {(s.case_uuid, s.revision): marks[s.row_id].trusted for s in rows if s.row_id in marks}
    grades = case_service.listed_grades(ctx, rows)

    def grade_text(s: case_service.CaseSummary) -> str | None:
        """The public words of a row's grade (★★★★ 良好); None while provisional (no grade word then)."""
        if s.is_provisional or not s.grade:
            return None
        grade = grades.get((s.framework_sha256, s.grade))
        return result_text.grade_words(grade).get(out.lang) if grade else None

    if args.json:
        out.json(
            [
                {
                    **_summary_json(s),
                    "provisional": s.is_provisional,
                    "grade_label": grade_text(s),
                    "imported": (s.case_uuid, s.revision) in imported,
                }
                | ({"trusted": imported[(s.case_uuid, s.revision)]} if (s.case_uuid, s.revision) in imported else {})
                for s in rows
            ]
        )
        return 0
    if not rows:
        out.line(
            out.t(
                "还没有案例。用 `cityeval case new ...` 新建。",
                "No cases yet. Create one with `cityeval case new ...`.",
            )
        )
        return 0
    status = {"draft": out.t("草稿", "draft"), "finalized": out.t("已定稿", "finalized")}
    expired = out.t("已过期", "expired")
    tiers = _tier_words(ctx, rows, out.lang)
    body = [
        [
            s.case_uuid[:8],
            str(s.revision),
            f"{status.get(s.status, s.status)}{out.t('·', ', ')}{expired}"
            if s.expired()
            else status.get(s.status, s.status),
            s.entity_name,
            s.uscc,
            CATEGORIES.get(s.category, CATEGORIES["planning-consulting"]).get(out.lang),
            tiers[(s.framework_sha256, s.tier)],
            MODES[s.mode].get(out.lang),
            f"{s.total:.2f}" if s.total is not None else "-",
            _listed_result(out, s, grade_text(s)),
            f"{s.completeness * 100:.0f}%" if s.completeness is not None else "-",
        ]
        + ([_origin_mark(out, imported.get((s.case_uuid, s.revision)))] if imported else [])
        for s in rows
    ]
    heads = [
        out.t("编号", "id"),
        out.t("修订", "rev"),
        out.t("状态", "status"),
        out.t("经营主体", "entity"),
        out.t("统一社会信用代码", "USCC"),
        out.t("类别", "category"),
        out.t("层级", "tier"),
        out.t("方式", "mode"),
        out.t("总分", "total"),
        out.t("等级", "grade"),
        out.t("完整度", "complete"),
    ] + ([out.t("来源", "origin")] if imported else [])
    for line in table(heads, body, right={1, 8, 10}):
        out.line(line)
    out.line(out.t(f"共 {len(rows)} 个案例", count(len(rows), "case")))
    return 0


def case_answer(args: argparse.Namespace, out: Out) -> int:
    ctx = _ctx(args)
    detail = case_service.apply_answers_file(ctx, args.case, args.file)
    r = detail.result
    out.line(
        out.t(
            f"已保存：{args.file}（完整度 {r.answered + r.not_applicable}/{r.tier_indicators}，总分 {r.total_shown}）",
            f"saved: {args.file} (complete {r.answered + r.not_applicable}/{r.tier_indicators}, total {r.total_shown})",
        )
    )
    return 0


def _answer_text(fw: Framework, indicator_id: str, value: Any, lang: str) -> str:
    ind = fw.indicator(indicator_id)
    if ind is None or value is None:
        return ""
    m = ind.method
    if isinstance(m, YesNo):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(m, Scale):
        return f"{value} {m.levels[int(value)].get(lang)}"
    if isinstance(m, Choice):
        opt = m.option(value)
        return opt.title.get(lang) if opt else str(value)
    if isinstance(m, Deduction) and isinstance(value, dict):
        return result_text.counts_text(m, m.parse(value), lang)
    unit = getattr(m, "unit", None)
    return f"{value} {unit.get(lang)}" if unit else str(value)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _origin_mark(out: Out, trusted: bool | None) -> str:
    if trusted is None:
        return out.t("本库", "here")
    return out.t("导入", "imported") if trusted else out.t("导入·未验证", "imported, UNVERIFIED")


def case_show(args: argparse.Namespace, out: Out) -> int:
    ctx = _ctx(args)
    detail = case_service.load_case(ctx, args.case)
    changes = revisions.changes_since_previous(ctx, detail) if detail.summary.revision > 1 else None
    if args.json:
        document = case_json(detail, out.lang)
        if detail.summary.revision > 1:  # null: the revision before is not in this database
            document["changes"] = changes_json(changes, detail.framework, out.lang) if changes is not None else None
        out.json(document)
        return 0
    s, r, fw, lang = detail.summary, detail.result, detail.framework, out.lang
    t = out.t
    tier = fw.tier(s.tier)
    tier_title = tier.title.get(lang) if tier else s.tier
    status = t("草稿", "draft") if s.is_draft else t("已定稿", "finalized")
    out.line(f"{t('案例', 'Case')} {s.case_uuid}  {t('修订', 'revision')} {s.revision}  [{status}]")
    out.line(
        f"{t('经营主体', 'Entity')}: {s.entity_name}   {t('统一社会信用代码', 'USCC')}: {s.uscc}   "
        f"{t('区划', 'Region')}: {region_label(s.region, lang)}"
    )
    out.line(f"{t('评估框架', 'Framework')}: {fw.title.get(lang)} ({fw.key}, sha256 {fw.sha256[:16]}…)")
    out.line(
        f"{t('层级', 'Tier')}: {tier_title}   {t('方式', 'Mode')}: {MODES[s.mode].get(lang)}   "
        f"{t('评估人', 'Assessor')}: {s.assessor or '-'}"
    )
    for line in case_data_commands.header_lines(detail.case_data, out):
        out.line(line)
    if s.amend_reason:
        out.line(f"{t('修订理由', 'Amendment reason')}: {s.amend_reason}")
    if detail.origin is not None:
        out.line(f"{t('来源', 'Origin')}: {detail.origin.describe().get(lang)}")
    out.line("")
    out.line(result_line(out, r, tier_title, s.mode == "self"))
    done = r.answered + r.not_applicable
    out.line(
        f"{t('完整度', 'Completeness')}: {done}/{r.tier_indicators} ({r.completeness_shown * 100:.2f}%)   "
        f"{t('不适用', 'N/A')}: {r.not_applicable}"
    )
    if r.undecided_vetoes:
        out.line(f"{t('未判定的否决项', 'Undecided vetoes')}: {', '.join(r.undecided_vetoes)}")
    out.line("")
    dims = []
    for d in r.dimensions:
        dim = fw.dimension(d.id)
        score = f"{d.score_shown}" if d.score_shown is not None else t("不计入", "excluded")
        dims.append(
            [
                d.id,
                dim.title.get(lang) if dim else d.id,
                plain(d.weight),
                score,
                bar(float(d.score_shown)) if d.score_shown is not None else "",
            ]
        )
    for line in table(
        [t("维度", "Dim."), t("名称", "Title"), t("权重", "Weight"), t("得分", "Score"), ""], dims, right={2, 3}
    ):
        out.line(line)
    out.line("")
    status_text = {
        ANSWERED: t("已答", "answered"),
        NOT_APPLICABLE: t("不适用", "N/A"),
        "unanswered": t("未答", "unanswered"),
    }
    inds = []
    for ir in r.indicators:
        inds.append(
            [
                ir.id,
                _clip(ir.indicator.title.get(lang), 18 if lang == "zh" else 30),
                status_text[ir.status],
                _clip(
                    _na_text(ir.indicator, detail.answers.get(ir.id), lang)
                    if ir.status == NOT_APPLICABLE
                    else _answer_text(fw, ir.id, detail.raw_values.get(ir.id) if ir.status == ANSWERED else None, lang),
                    24,
                ),
                f"{ir.earned_shown}" if ir.earned_shown is not None else "-",
                plain(ir.points),
                str(len(detail.evidence_for(ir.id))) or "0",
            ]
        )
    for line in table(
        [
            t("指标", "Ind."),
            t("名称", "Title"),
            t("状态", "Status"),
            t("答案", "Answer"),
            t("得分", "Earned"),
            t("满分", "Points"),
            t("证据", "Files"),
        ],
        inds,
        right={4, 5, 6},
    ):
        out.line(line)
    for line in _veto_lines(detail, out):
        out.line(line)
    for line in _evidence_lines(detail, out):
        out.line(line)
    for line in case_data_commands.show_lines(ctx, detail, out):
        out.line(line)
    lead = result_text.lead_lines(fw, r)
    if lead or r.gaps:
        out.line("")
        out.line(t("短板：", "Gaps:"))
        for line in lead:
            out.line(f"  {line.get(lang)}")
        for g in r.gaps[:8]:
            out.line(f"  {g.id:<6} -{g.lost_shown:>6}  {g.indicator.title.get(lang)}")
            step = result_text.gap_step(g)
            if step:
                out.line(f"          → {_clip(step.get(lang), 120)}")
        more = len(r.below_full) - len(r.gaps)
        if more > 0:
            out.line(
                t(
                    f"  另有 {more} 个指标未得满分（完整列表见评估报告）",
                    f"  {count(more, 'more indicator')} below full marks (the full list: below_full in --json, "
                    "or the report)",
                )
            )
    if s.revision > 1:
        _print_changes(out, detail, changes)
    return 0


def _na_text(indicator: Any, answer: Any, lang: str) -> str:
    """What an N/A rests on, in the answer column: the framework's ground, else the written reason."""
    if answer is None:
        return ""
    ground = indicator.not_applicable.ground(answer.ground) if answer.ground else None
    return ground.title.get(lang) if ground is not None else (answer.reason or "")


def _veto_lines(detail: Any, out: Out) -> list[str]:
    """The veto decisions of ``case show``, each with its basis (source, query time, note, files)."""
    t, lang = out.t, out.lang
    if not detail.framework.vetoes:
        return []
    decided = {True: t("成立", "raised"), False: t("不成立", "not raised"), None: t("未判定", "not decided")}
    raised_by = {v.veto: v for v in detail.result.raised_vetoes}
    third_party = detail.summary.mode == "third-party"
    lines = ["", t("否决项：", "Veto items:")]
    for veto in detail.framework.vetoes:
        decision = detail.vetoes.get(veto.id)
        lines.append(
            f"  {veto.id:<6} {veto.title.get(lang)}：{decided[decision]}"
            if lang == "zh"
            else f"  {veto.id:<6} {veto.title.get(lang)}: {decided[decision]}"
        )
        by = raised_by.get(veto.id)
        if by is not None:
            lines.append(
                t(
                    f"         由指标 {by.indicator} 的“{by.severity.title.zh}”记录触发，不论如何判定",
                    f"         raised by a '{by.severity.title.en}' record of indicator {by.indicator}, "
                    "whatever the decision",
                )
            )
        basis = detail.veto_basis.get(veto.id)
        files = detail.veto_evidence(veto.id)
        if basis is not None and basis.source:
            lines.append(f"         {t('查询来源', 'Source')}: {basis.source}")
        if basis is not None and basis.queried_at:
            lines.append(f"         {t('查询时间', 'Queried at')}: {time_words(basis.queried_at)}")
        if basis is not None and basis.note:
            lines.append(f"         {t('判定说明', 'Note')}: {_clip(basis.note, 200)}")
        if files:
            names = ", ".join(f.original_name for f in files[:10])
            more = t(f" 等 {len(files)} 个", f" and {len(files) - 10} more") if len(files) > 10 else ""
            lines.append(f"         {t('依据文件', 'Files')}: {names}{more}")
        elif third_party and decision is not None and (basis is None or basis.empty):
            # a third-party decision rests on a basis; a self-check states its own answer and needs none
            lines.append(f"         {t('（未记录判定依据）', '(no basis recorded)')}")
    return lines


def _evidence_lines(detail: Any, out: Out) -> list[str]:
    """The evidence files of ``case show``: per file its kind and how it was verified."""
    t, lang = out.t, out.lang
    files = [e for e in detail.evidence if e.veto_id is None]
    if not files:
        return []
    lines = ["", t("证据文件：", "Evidence files:")]
    shown_whole: set[str] = set()
    for e in files:
        if e.indicator_id not in shown_whole:
            shown_whole.add(e.indicator_id)
            whole = detail.verification_of(e.indicator_id, None)
            if whole is not None:
                lines.append(
                    f"  {e.indicator_id:<6} {t('全部证据的核验', 'all of its evidence')}: {whole.describe().get(lang)}"
                )
        kind = basis.kind_title(e.kind).get(lang) if e.kind else t("未注明类型", "kind not given")
        check = detail.verification_of(e.indicator_id, e.sha256)
        checked = check.describe().get(lang) if check is not None else t("未单独核验", "not verified on its own")
        dated = f"   {t('证明日期', 'proves')}: {e.dated}" if e.dated is not None else ""
        lines.append(
            f"  {e.indicator_id:<6} {_clip(e.original_name, 40)}   {t('类型', 'kind')}: {kind}   "
            f"{t('核验', 'verification')}: {checked}{dated}"
        )
        flag = detail.window_flag(e)
        if flag is not None:
            lines.append(f"         {t('注意', 'NOTE')}: {flag.get(lang)}")
    return lines


def _print_changes(out: Out, detail: Any, changes: Any) -> None:
    """The text output's "changes since revision N" (the same diff as the report and the JSON)."""
    t, fw, previous = out.t, detail.framework, detail.summary.revision - 1
    out.line("")
    if changes is None:
        out.line(
            t(
                f"第 {previous} 版不在本数据库中，无法列出与它的差异",
                f"revision {previous} is not in this database, so the changes since it cannot be listed",
            )
        )
        return
    if changes.empty:
        out.line(t(f"与第 {previous} 版相比没有变化", f"no changes since revision {previous}"))
        return
    out.line(t(f"与第 {previous} 版的差异：", f"Changes since revision {previous}:"))
    empty = t("（空）", "(empty)")
    for change in changes.grouped(fw):
        shown = describe_change(change, fw)
        old = time_words_in(shown.old.get(out.lang)) if shown.old is not None else empty
        new = time_words_in(shown.new.get(out.lang)) if shown.new is not None else empty
        out.line(f"  {change.key:<6} {shown.what.get(out.lang)}: {_clip(old, 60)} → {_clip(new, 60)}")


def case_amend(args: argparse.Namespace, out: Out) -> int:
    ctx = _ctx(args)
    summary = case_service.amend(ctx, args.case, args.reason)
    out.line(summary.ref)
    return 0


def case_delete(args: argparse.Namespace, out: Out) -> int:
    ctx = _ctx(args)
    case_service.delete_draft(ctx, args.case)
    out.line(out.t("已删除草稿", "draft deleted"))
    return 0


# ----------------------------------------------------------------------------- db
def _db_problem(p: maintenance.DbProblem, out: Out) -> str:
    """One finding of the check in the user's language (the services word every kind)."""
    return maintenance.problem_text(p).get(out.lang)


def db_check(args: argparse.Namespace, out: Out) -> int:
    ctx = _ctx(args)
    full = bool(getattr(args, "full", False))
    checked = maintenance.check_database(ctx, full=full)
    where, entries, files = checked.url, checked.audit_entries, checked.evidence_files
    if getattr(args, "repair", False) and checked.repairable:
        repaired = maintenance.repair_database(ctx, checked)
        out.line(
            out.t(
                f"已修复：删除 {len(repaired.removed_files)} 个无用文件（{repaired.freed_bytes} 字节），"
                f"重算 {len(repaired.refreshed)} 个修订版本的列表数字",
                f"repaired: removed {count(len(repaired.removed_files), 'stray file')} "
                f"({count(repaired.freed_bytes, 'byte')}), "
                f"recomputed the list figures of {count(len(repaired.refreshed), 'revision')}",
            )
        )
        checked = maintenance.check_database(ctx, full=full)
    problems = [_db_problem(p, out) for p in checked.problems]
    out.errors_of(problems)
    if problems:
        repairable = len(checked.repairable)
        if repairable == len(problems):
            hint = out.t("；加上 --repair 选项即可修复", "; --repair puts them right")
        elif repairable:
            hint = out.t(
                "；加上 --repair 选项可修复标明“可修复”的问题，其余问题请从备份恢复",
                "; --repair puts right those marked repairable; restore a backup for the others",
            )
        else:
            hint = out.t("；请从备份恢复", "; restore a backup")
        out.line(
            out.t(
                f"检查未通过：{len(problems)} 个问题（{where}）{hint}",
                f"check FAILED: {count(len(problems), 'problem')} ({where}){hint}",
            )
        )
        return 1
    finals = (
        out.t(
            f"{checked.finalized_checked} 个定稿版本与其已签署报告一致；",
            f"{count(checked.finalized_checked, 'finalized revision')} "
            + ("agrees with its signed report; " if checked.finalized_checked == 1 else "agree with their reports; "),
        )
        if checked.finalized_checked
        else ""
    )
    unbound = (
        out.t(
            f"；{checked.finalized_unbound} 个早期定稿版本没有内容哈希，仅核对了审计链和报告",
            f"; {count(checked.finalized_unbound, 'finalized revision')} from before content hashes: "
            "trail and report checked",
        )
        if checked.finalized_unbound
        else ""
    )
    out.line(
        out.t(
            f"检查通过：{where}；审计记录 {entries} 条，链完整；{finals}证据文件 {files} 个均完好{unbound}",
            f"check passed: {where}; {count(entries, 'audit entry', 'audit entries')}, chains intact; {finals}"
            f"{count(files, 'evidence file')} intact"
            f"{unbound}",
        )
    )
    if checked.reused_cases or checked.reused_files:
        out.line(
            out.t(
                f"其中 {checked.reused_cases} 个案例、{checked.reused_files} 个文件自本机上次检查以来未有任何改动，"
                "沿用了当时的核验结果；加上 --full 选项可全部重新核验",
                f"of these, {count(checked.reused_cases, 'case')} and {count(checked.reused_files, 'file')} are "
                "unchanged since an earlier check on this workstation verified them, and were not verified again; "
                "--full verifies everything again",
            )
        )
    return 0


def db_backup(args: argparse.Namespace, out: Out) -> int:
    ctx = _ctx(args)
    try:
        path = maintenance.backup_database(ctx, Path(args.out))
    except maintenance.BackupError as exc:  # its message words the cause (the system's text only in English)
        out.errors_of([p.render(out.lang) for p in exc.problems])
        return 1
    out.line(out.t(f"已备份到 {path}", f"backed up to {path}"))
    return 0
