"""The case's figures as the DESIGN §6 JSON shape, and the finalize checks of §5."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from cityeval_desktop.domain.numbers import round_half_up
from cityeval_desktop.domain.scoring import NOT_APPLICABLE, UNANSWERED
from cityeval_desktop.domain.text import Text
from cityeval_desktop.services.answers import to_json_value
from cityeval_desktop.services.cases import CaseDetail


def _num(value: Fraction) -> float | int:
    return value.numerator if value.denominator == 1 else float(value)


def case_json(detail: CaseDetail) -> dict[str, Any]:
    """``case show --json``: case, entity, framework and the section-4 result."""
    s, r, fw = detail.summary, detail.result, detail.framework
    return {
        "case_id": s.case_uuid,
        "revision": s.revision,
        "status": s.status,
        "mode": s.mode,
        "tier": s.tier,
        "category": s.category,
        "assessor": s.assessor,
        "created_at": s.created_at.isoformat(),
        "updated_at": s.updated_at.isoformat(),
        "finalized_at": s.finalized_at.isoformat() if s.finalized_at else None,
        "amend_reason": s.amend_reason,
        "entity": {"name": s.entity_name, "uscc": s.uscc, "region": s.region},
        "framework": {"id": fw.id, "version": fw.version, "sha256": fw.sha256},
        "result": {
            "total": float(r.total_shown),
            "grade": r.grade_id,
            "provisional": r.provisional,
            "grade_before_cap": r.grade_before_cap.id if r.grade_before_cap else None,
            "vetoed": list(r.vetoed),
            "undecided_vetoes": list(r.undecided_vetoes),
            "capped": r.capped,
            "completeness": float(r.completeness_shown),
            "dimensions": [
                {
                    "id": d.id,
                    "weight": _num(d.weight),
                    "score": float(d.score_shown) if d.score_shown is not None else None,
                }
                for d in r.dimensions
            ],
            "indicators": [
                {
                    "id": i.id,
                    "dimension": i.indicator.dimension_id,
                    "status": i.status,
                    "answer": to_json_value(detail.raw_values.get(i.id)) if i.status != NOT_APPLICABLE else None,
                    "fraction": float(round_half_up(i.fraction, 4)) if i.fraction is not None else None,
                    "earned": float(i.earned_shown) if i.earned_shown is not None else None,
                    "points": _num(i.points),
                    "reason": detail.answers[i.id].reason if i.id in detail.answers else None,
                    "note": detail.answers[i.id].note if i.id in detail.answers else None,
                    "evidence": len(detail.evidence_for(i.id)),
                }
                for i in r.indicators
            ],
            "gaps": [{"id": g.id, "lost": float(g.lost_shown)} for g in r.gaps],
            "vetoes": {v.id: detail.vetoes.get(v.id) for v in fw.vetoes},
        },
        "evidence": [
            {
                "indicator": e.indicator_id,
                "name": e.original_name,
                "size": e.size,
                "sha256": e.sha256,
                "media_type": e.media_type,
                "added_at": e.added_at.isoformat(),
            }
            for e in detail.evidence
        ],
    }


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
