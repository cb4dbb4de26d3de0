"""The case's figures as the DESIGN §6 JSON shape, and the finalize checks of §5."""

from __future__ import annotations

from dataclasses import dataclass

from cityeval_desktop.domain.case_json import case_json  # noqa: F401 (re-exported)
from cityeval_desktop.domain.records import CaseDetail
from cityeval_desktop.domain.scoring import NOT_APPLICABLE, UNANSWERED
from cityeval_desktop.domain.text import Text


@dataclass(frozen=True)
class FinalizeProblem:
    """One failed finalize check; ``target`` is an indicator or veto id to jump to."""

    kind: str  # "unanswered" | "na_reason" | "veto_undecided" | "evidence_missing"
    target: str
    message: Text


def finalize_problems(detail: CaseDetail) -> list[FinalizeProblem]:
    """DESIGN §5 checks before a revision may be finalized."""
    problems: list[FinalizeProblem] = []
    for ir in detail.result.indicators:
        ind = ir.indicator
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
        if (
            detail.summary.mode == "third-party"
            and ind.evidence_required
            and ir.status != NOT_APPLICABLE
            and not detail.evidence_for(ind.id)
        ):
            problems.append(
                FinalizeProblem(
                    "evidence_missing",
                    ind.id,
                    Text(
                        f"指标 {ind.id}（{ind.title.zh}）需要至少 1 个证据文件",
                        f"indicator {ind.id} ({ind.title.en}) needs at least one evidence file",
                    ),
                )
            )
    for veto in detail.framework.vetoes:
        if detail.vetoes.get(veto.id) is None:
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
    return problems
