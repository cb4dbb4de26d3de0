"""A case revision as the DESIGN §6 JSON shape (``case show --json``, packages, outside scripts)."""

from __future__ import annotations

import base64
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from cityeval_desktop.domain.numbers import round_half_up
from cityeval_desktop.domain.scoring import NOT_APPLICABLE, Gap, Result
from cityeval_desktop.domain.text import DEFAULT_LANG

if TYPE_CHECKING:
    from cityeval_desktop.domain.basis import Verification
    from cityeval_desktop.domain.case_data import CaseData
    from cityeval_desktop.domain.records import CaseDetail

#: keys of ``result`` added with cityeval-framework/2 (a package written before them lacks them)
RESULT_ADDITIONS = frozenset(
    {
        "label",
        "tier_met",
        "tier_conditions",
        "pass_grade",
        "na_share",
        "caps",
        "raised_vetoes",
        "fallback",
        "below_full",
    }
)
#: keys added to the items of ``result.gaps`` and ``result.indicators``
GAP_ADDITIONS = frozenset({"next"})
INDICATOR_ADDITIONS = frozenset({"ground"})


def to_json_value(raw: Any) -> Any:
    """A raw answer value for JSON output: decimals as numbers (also inside a graded deduction's counts)."""
    if isinstance(raw, dict):
        return {k: to_json_value(v) for k, v in raw.items()}
    if isinstance(raw, Fraction):
        return _num(raw)
    return float(raw) if isinstance(raw, Decimal) else raw


def _num(value: Fraction) -> float | int:
    return value.numerator if value.denominator == 1 else float(value)


def verification_json(v: Verification | None) -> dict[str, Any] | None:
    """A verification as the JSON shows it (the ids: see docs/answers.md for the words)."""
    if v is None:
        return None
    return {"method": v.method, "conclusion": v.conclusion, "by": v.by, "at": v.at, "note": v.note}


def vetoes_json(detail: CaseDetail) -> list[dict[str, Any]]:
    """Every veto of the framework with its decision and the decision's basis."""
    out = []
    for veto in detail.framework.vetoes:
        basis = detail.veto_basis.get(veto.id)
        out.append(
            {
                "id": veto.id,
                "decided": detail.vetoes.get(veto.id),
                "source": basis.source if basis else None,
                "queried_at": basis.queried_at if basis else None,
                "note": basis.note if basis else None,
                "evidence": [{"name": e.original_name, "sha256": e.sha256} for e in detail.veto_evidence(veto.id)],
            }
        )
    return out


def flags_json(detail: CaseDetail) -> list[dict[str, Any]]:
    """What the case is flagged for: evidence verified 不属实 (the framework's false-evidence veto)."""
    untrue = sorted({v.indicator_id for v in detail.untrue_verifications()})
    if not untrue:
        return []
    veto = detail.framework.false_evidence_veto()
    return [{"id": "false_evidence", "veto": veto.id if veto else None, "indicators": untrue}]


def _gap(g: Gap) -> dict[str, Any]:
    step = g.next
    return {
        "id": g.id,
        "lost": float(g.lost_shown),
        "next": None if step is None else {"answer": to_json_value(step.answer), "gain": float(step.gain)},
    }


def _tier_figures(r: Result, lang: str) -> dict[str, Any]:
    """The result fields of cityeval-framework/2 (also the shape of ``fallback``)."""
    return {
        "label": r.label(lang),
        "tier_met": r.tier_met,
        "tier_conditions": [
            {"id": c.id, "title": c.title.get(lang), "met": c.met, "reason": c.reason.get(lang)}
            for c in r.tier_conditions
        ],
        "pass_grade": r.pass_grade.id if r.pass_grade else None,
        "na_share": float(r.na_share_shown),
        "caps": [
            {"dimension": c.dimension, "score": float(c.score), "below": _num(c.bound), "max_grade": c.max_grade.id}
            for c in r.caps_applied
        ],
        "raised_vetoes": [
            {"veto": v.veto, "indicator": v.indicator, "severity": v.severity.id} for v in r.raised_vetoes
        ],
    }


def _fallback(r: Result, lang: str) -> dict[str, Any] | None:
    fb = r.fallback
    if fb is None:
        return None
    return {
        "tier": fb.tier,
        "total": float(fb.total_shown),
        "grade": fb.grade_id,
        "provisional": fb.provisional,
        **_tier_figures(fb, lang),
        "dimensions": [
            {"id": d.id, "score": float(d.score_shown) if d.score_shown is not None else None} for d in fb.dimensions
        ],
        "fallback": _fallback(fb, lang),
    }


def without_missing_additions(computed: dict[str, Any], shown: Any) -> dict[str, Any]:
    """``computed`` without the cityeval-framework/2 additions that ``shown`` lacks.

    A package written before those keys existed carries a ``case.json`` without them; its other
    figures are still compared one by one. Additions it does carry are compared too.
    """
    result, theirs = computed.get("result"), shown.get("result") if isinstance(shown, dict) else None
    if not isinstance(result, dict) or not isinstance(theirs, dict):
        return computed
    trimmed = {k: v for k, v in result.items() if k not in RESULT_ADDITIONS or k in theirs}
    for key, additions in (("gaps", GAP_ADDITIONS), ("indicators", INDICATOR_ADDITIONS)):
        mine, their_items = trimmed.get(key), theirs.get(key)
        if isinstance(mine, list) and isinstance(their_items, list) and len(mine) == len(their_items):
            trimmed[key] = [
                {k: v for k, v in item.items() if k not in additions or (isinstance(other, dict) and k in other)}
                for item, other in zip(mine, their_items, strict=True)
            ]
    return {**computed, "result": trimmed}


#: top-level keys of the case data (issue 12); a package written before carries none of them
CASE_DATA_KEYS = frozenset(
    {"reference_date", "window", "valid", "report_no", "certificate_no", "team", "opinion", "inspections"}
)


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def case_data_json(data: CaseData) -> dict[str, Any]:
    """The case data as ``case show --json`` and a package's case.json carry it (null / [] when not set)."""
    return {
        "reference_date": _day(data.reference_date),
        "window": {"from": _day(data.window_from), "to": _day(data.window_to)}
        if data.window_from is not None
        else None,
        "valid": {"from": _day(data.valid_from), "until": _day(data.valid_until)}
        if data.valid_from is not None
        else None,
        "report_no": data.report_no,
        "certificate_no": data.certificate_no,
        "team": [
            {
                "name": m.name,
                "role": m.role,
                "org": m.org,
                "qualification": m.qualification,
                "declaration": None
                if (d := data.declaration_of(m.name)) is None
                else {
                    "statement": d.statement,
                    "signer": d.signer_name,
                    "fingerprint": d.signer_fingerprint,
                    "signed_at": d.signed_at.isoformat(),
                    "signature": base64.b64encode(d.signature).decode("ascii"),
                },
            }
            for m in data.team
        ],
        "opinion": data.opinion,
        "inspections": [
            {
                "date": i.day.isoformat(),
                "place": i.place,
                "participants": list(i.participants),
                "checked": i.checked,
                "findings": i.findings,
                "sampled_projects": list(i.sampled_projects),
                "sampled_staff": list(i.sampled_staff),
                "attachments": [
                    {"name": f.name, "sha256": f.sha256, "size": f.size, "media_type": f.media_type}
                    for f in i.attachments
                ],
            }
            for i in data.inspections
        ],
    }


def case_json(detail: CaseDetail, lang: str = DEFAULT_LANG) -> dict[str, Any]:
    """``case show --json``: case, entity, framework and the section-4 result.

    ``lang`` is the language of the words in it (``label``, condition reasons); packages use the
    default, Chinese, so a package reads the same wherever it is checked.
    """
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
                    "ground": detail.answers[i.id].ground if i.id in detail.answers else None,
                    "note": detail.answers[i.id].note if i.id in detail.answers else None,
                    "evidence": len(detail.evidence_for(i.id)),
                    "verification": verification_json(detail.verification_of(i.id, None)),
                }
                for i in r.indicators
            ],
            "gaps": [_gap(g) for g in r.gaps],
            "vetoes": {v.id: detail.vetoes.get(v.id) for v in fw.vetoes},
            **_tier_figures(r, lang),
            "fallback": _fallback(r, lang),
            "below_full": [_gap(g) for g in r.below_full],
        },
        "evidence": [
            {
                "indicator": e.indicator_id,
                "name": e.original_name,
                "size": e.size,
                "sha256": e.sha256,
                "media_type": e.media_type,
                "added_at": e.added_at.isoformat(),
                "kind": e.kind,
                "veto": e.veto_id,
                "dated": _day(e.dated),
                "outside_window": detail.outside_window(e),
                "verification": None
                if e.veto_id
                else verification_json(detail.verification_of(e.indicator_id, e.sha256)),
            }
            for e in detail.evidence
        ],
        "vetoes": vetoes_json(detail),
        "flags": flags_json(detail),
        **case_data_json(detail.case_data),
    }
