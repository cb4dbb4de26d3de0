"""The case's figures as the DESIGN §6 JSON shape, and the finalize checks of §5."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from cityeval_desktop.domain.case_data import finalize_gaps, sample_gaps
from cityeval_desktop.domain.case_json import case_json  # noqa: F401 (re-exported)
from cityeval_desktop.domain.framework import EVIDENCE_ALWAYS, SCHEMA_V1
from cityeval_desktop.domain.numbers import round_half_up
from cityeval_desktop.domain.records import CaseDetail
from cityeval_desktop.domain.scoring import NOT_APPLICABLE, UNANSWERED, evidence_needed, na_problem
from cityeval_desktop.domain.text import Text


@dataclass(frozen=True)
class FinalizeProblem:
    """One failed finalize check; ``target`` is an indicator or veto id to jump to."""

    #: "unanswered" | "na_reason" | "na_ground" | "na_share" | "veto_undecided" | "veto_basis" |
    #: "evidence_missing" | "evidence_kind" | "evidence_unverified" | "false_evidence" | (third-party, the
    #: case data of issue 12) "team_lead" | "team_reviewer" | "declaration_missing" | "opinion_missing" |
    #: "declaration_invalid" | "inspection_projects" | "inspection_staff" (fewer distinct sampled projects or
    #: staff in the inspection records than the framework's ``inspection`` asks for)
    kind: str
    target: str
    message: Text


def finalize_warnings(detail: CaseDetail) -> list[FinalizeProblem]:
    """What a finalize should make the assessor look at again, without stopping it (kind ``evidence_dated``:
    a file that proves a date outside the review window, target its indicator or veto).

    Computed from the window as it stands: a new reference date re-evaluates every file.
    """
    found: list[FinalizeProblem] = []
    for item in detail.dated_outside_window():
        flag = detail.window_flag(item)
        if flag is None:
            continue
        target = item.veto_id or item.indicator_id
        found.append(
            FinalizeProblem(
                "evidence_dated",
                target,
                Text(
                    f"{target} 的证据文件 {item.original_name}：{flag.zh}", f"{target}, {item.original_name}: {flag.en}"
                ),
            )
        )
    return found


def finalize_problems(detail: CaseDetail) -> list[FinalizeProblem]:
    """DESIGN §5 checks before a revision may be finalized, with the framework's rules of issue 11.

    Every mode: every applicable indicator answered or N/A as the framework allows, every veto
    decided, and no false-evidence veto decided 不成立 while a verification found evidence 不属实.
    Third-party mode also: the evidence each answer needs (:func:`evidence_needed`), each file's kind
    and (cityeval-framework/2) its verification, each decided veto's basis where the framework asks
    for it, N/A removing no more than the framework's share of the points, and (issue 12) a lead
    assessor, a reviewer who is not the lead, every member's signed declaration and a written opinion, and
    the on-site inspections' sample where the framework asks for one (distinct projects and staff).
    """
    problems: list[FinalizeProblem] = []
    third_party = detail.summary.mode == "third-party"
    v2 = detail.framework.schema != SCHEMA_V1
    for ir in detail.result.indicators:
        ind = ir.indicator
        answer = detail.answers.get(ind.id)
        if ir.status == UNANSWERED:
            problems.append(
                FinalizeProblem(
                    "unanswered",
                    ind.id,
                    Text(
                        f"指标 {ind.id}（{ind.title.zh}）尚未作答",
                        f"indicator {ind.id} ({ind.title.en}) is not answered",
                    ),
                )
            )
        elif ir.status == NOT_APPLICABLE:
            reason = detail.answers[ind.id].reason
            if not reason or not reason.strip():
                problems.append(
                    FinalizeProblem(
                        "na_reason",
                        ind.id,
                        Text(f"指标 {ind.id} 标记为不适用但没有理由", f"indicator {ind.id} is N/A without a reason"),
                    )
                )
            refused = na_problem(ind, answer, detail.summary.mode)
            if refused is not None:
                problems.append(FinalizeProblem("na_ground", ind.id, refused))
        files = detail.evidence_for(ind.id)
        if not third_party:
            continue
        # (an unanswered indicator is named for its evidence as well where the framework asks for it always)
        needed = evidence_needed(ind, answer) or (
            ir.status == UNANSWERED and ind.evidence_required and ind.evidence_when == EVIDENCE_ALWAYS
        )
        if needed and not files:
            na = ir.status == NOT_APPLICABLE
            problems.append(
                FinalizeProblem(
                    "evidence_missing",
                    ind.id,
                    Text(
                        f"指标 {ind.id}（{ind.title.zh}）{'标记为不适用，' if na else ''}需要至少 1 个证据文件",
                        f"indicator {ind.id} ({ind.title.en}) {'is N/A and ' if na else ''}needs at least one "
                        "evidence file",
                    ),
                )
            )
        untyped = [f.original_name for f in files if f.kind is None and ind.evidence_kinds and v2]
        if untyped:
            problems.append(
                FinalizeProblem(
                    "evidence_kind",
                    ind.id,
                    Text(
                        f"指标 {ind.id} 的证据文件未注明类型：{'、'.join(untyped[:5])}",
                        f"the evidence of indicator {ind.id} has files without a kind: {', '.join(untyped[:5])}",
                    ),
                )
            )
        unverified = [f.original_name for f in files if detail.file_verification(f) is None]
        if v2 and unverified:
            problems.append(
                FinalizeProblem(
                    "evidence_unverified",
                    ind.id,
                    Text(
                        f"指标 {ind.id} 的证据尚未核验（核验方式、结论、核验人、日期）：{'、'.join(unverified[:5])}",
                        f"the evidence of indicator {ind.id} is not verified (method, conclusion, by whom, when): "
                        f"{', '.join(unverified[:5])}",
                    ),
                )
            )
    for veto in detail.framework.vetoes:
        decided = detail.vetoes.get(veto.id)
        if decided is None:
            problems.append(
                FinalizeProblem(
                    "veto_undecided",
                    veto.id,
                    Text(
                        f"否决项 {veto.id}（{veto.title.zh}）尚未判定",
                        f"veto {veto.id} ({veto.title.en}) is not decided",
                    ),
                )
            )
        elif third_party and veto.basis_required:
            missing = _basis_missing(detail, veto.id)
            if missing:
                word = "成立" if decided else "不成立"
                problems.append(
                    FinalizeProblem(
                        "veto_basis",
                        veto.id,
                        Text(
                            f"否决项 {veto.id}（{veto.title.zh}）判定为{word}，"
                            f"但缺少判定依据：{'、'.join(m.zh for m in missing)}",
                            f"veto {veto.id} ({veto.title.en}) is decided {'true' if decided else 'false'} without "
                            f"its basis: {', '.join(m.en for m in missing)} missing",
                        ),
                    )
                )
    problems.extend(_false_evidence(detail))
    if third_party:
        problems.extend(_na_share(detail))
        problems.extend(FinalizeProblem(kind, "", message) for kind, message in finalize_gaps(detail.case_data))
        sample = detail.framework.inspection
        problems.extend(FinalizeProblem(kind, "", msg) for kind, msg in sample_gaps(detail.case_data, sample))
    return problems


_SOURCE = Text("查询来源", "the source")
_QUERIED_AT = Text("查询时间", "the query time")
_FILES = Text("至少 1 个依据文件（查询结果截图等）", "at least one evidence file (the query result)")


def _basis_missing(detail: CaseDetail, veto_id: str) -> list[Text]:
    found = detail.veto_basis.get(veto_id)
    missing = []
    if found is None or not found.source:
        missing.append(_SOURCE)
    if found is None or not found.queried_at:
        missing.append(_QUERIED_AT)
    if not detail.veto_evidence(veto_id):
        missing.append(_FILES)
    return missing


def false_evidence_flags(detail: CaseDetail) -> list[str]:
    """The indicators whose evidence a verification found 不属实 (each flags the false-evidence veto)."""
    return sorted({v.indicator_id for v in detail.untrue_verifications()})


def _false_evidence(detail: CaseDetail) -> list[FinalizeProblem]:
    veto = detail.framework.false_evidence_veto()
    flagged = false_evidence_flags(detail)
    if veto is None or not flagged or detail.vetoes.get(veto.id) is not False:
        return []
    return [
        FinalizeProblem(
            "false_evidence",
            veto.id,
            Text(
                f"指标 {'、'.join(flagged)} 的证据核验结论为不属实，"
                f"否决项 {veto.id}（{veto.title.zh}）不能判定为不成立："
                "请判定为成立，或重新核验该证据",
                f"evidence of {', '.join(flagged)} was verified untrue, so veto {veto.id} ({veto.title.en}) cannot "
                "be decided false: decide it true, or verify the evidence again",
            ),
        )
    ]


def na_share(detail: CaseDetail) -> Fraction:
    """The share of the tier's points (0..1) that N/A removed (``Result.na_share``)."""
    return detail.result.na_share


def _na_share(detail: CaseDetail) -> list[FinalizeProblem]:
    share = na_share(detail)
    limit = detail.framework.not_applicable_max_share
    if detail.framework.schema == SCHEMA_V1 or share <= limit:
        return []
    names = [ir.id for ir in detail.result.indicators if ir.status == NOT_APPLICABLE]
    shown, allowed = round_half_up(share * 100), round_half_up(limit * 100)
    return [
        FinalizeProblem(
            "na_share",
            names[0] if names else "",
            Text(
                f"标记为不适用的指标（{'、'.join(names)}）去掉了 {shown}% 的分值，超过框架允许的 {allowed}%："
                "请对这些指标按核查结果评分",
                f"the N/A indicators ({', '.join(names)}) remove {shown}% of the points, more than the "
                f"{allowed}% the framework allows: score them from what was verified",
            ),
        )
    ]
