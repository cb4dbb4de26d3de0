"""The reviewer's trial on the default planning framework 2026.2 (issue 11, "Done when"): a
third-party case where N/A is tried on the credit and innovation indicators is refused naming the
indicator and why; a regional case whose conditions fail is never labelled as the regional tier; a
veto decided without its basis blocks finalize."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.services import cases, samples
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.answers import parse_document
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.reporting import FinalizeCheckError, finalize_and_sign
from cityeval_desktop.services.results import finalize_problems
from tests.case_data_helpers import org_for, staff_if_third_party

ROOT = Path(__file__).resolve().parents[3]
FZ = next(s for s in samples.SAMPLES if s.key == "fz-planning")


def _planning(ctx: Any) -> Any:
    return fw_registry.resolve(ctx, "planning-consulting@2026.2")


def _case(ctx: Any, tmp_path: Path, tier: str = "regional", **change: Any) -> tuple[str, Any]:
    """A complete third-party case, answered as the fz-planning sample is (typed, verified, every basis)."""
    framework = _planning(ctx)
    spec = replace(FZ, tier=tier, quality=0.97)
    ref = cases.new_case(
        ctx,
        framework=framework.key,
        tier=tier,
        mode="third-party",
        entity_name=spec.entity_name,
        uscc=spec.uscc,
        assessor=spec.assessor,
    ).ref
    doc = samples.answers_document(spec, framework, tmp_path)
    for indicator_id, value in change.items():
        doc["answers"][indicator_id.replace("_", ".")]["value"] = value
    batch = parse_document(doc, framework, tier, source="trial", base_dir=tmp_path, evidence_limit=ctx.evidence.limit)
    cases.apply_batch(ctx, ref, batch)
    staff_if_third_party(ctx, ref, tmp_path)
    return ref, framework


@pytest.mark.parametrize(
    ("indicator", "why"),
    [
        ("P5.1", "每个经营主体都有公共信用记录"),
        ("P5.2", "信用等级不能标为不适用"),
        ("P5.5", "财务稳健不能标为不适用"),
        ("P4.1", "创新能力每个经营主体都要评价"),
        ("P4.2", "创新能力每个经营主体都要评价"),
        ("P5.3", "否决项 V6 的对象"),
    ],
)
def test_na_on_credit_and_innovation_is_refused_naming_the_indicator_and_why(
    ctx: Any, tmp_path: Path, indicator: str, why: str
) -> None:
    ref, _ = _case(ctx, tmp_path)
    before = cases.load_case(ctx, ref)
    with pytest.raises(InputError) as caught:
        cases.set_answer(ctx, ref, indicator, not_applicable=True, reason="不适用")
    message = " ".join(caught.value.render("zh"))
    assert f"指标 {indicator}" in message and "不能标为不适用" in message and why in message, message
    after = cases.load_case(ctx, ref)
    assert after.result.total == before.result.total and not after.answers[indicator].not_applicable


def test_the_rd_alternative_needs_its_ground(ctx: Any, tmp_path: Path) -> None:
    ref, _ = _case(ctx, tmp_path)
    with pytest.raises(InputError) as caught:
        cases.set_answer(ctx, ref, "P4.3", not_applicable=True, reason="不适用")
    assert "事业单位或科研院所" in " ".join(caught.value.render("zh"))
    detail = cases.set_answer(
        ctx, ref, "P4.3", not_applicable=True, reason="本单位为事业单位，不核算研发费用", ground="public-institution"
    )
    assert detail.answers["P4.3"].not_applicable
    # a third-party N/A on that ground needs its file (the registration certificate)
    for item in [e for e in detail.evidence if e.indicator_id == "P4.3"]:
        detail = cases.remove_evidence(ctx, ref, item.id)
    problems = finalize_problems(detail)
    assert any(p.kind == "evidence_missing" and p.target == "P4.3" for p in problems), problems


def test_a_complete_regional_case_meets_the_tier(ctx: Any, tmp_path: Path) -> None:
    ref, _ = _case(ctx, tmp_path, P1_5="jia", P3_1=10)
    detail = cases.load_case(ctx, ref)
    assert finalize_problems(detail) == []
    result = detail.result
    assert result.tier_met, result.failing_conditions
    assert result.label("zh").startswith("区域服务级 ★")


def test_failing_regional_conditions_are_never_labelled_regional(ctx: Any, tmp_path: Path) -> None:
    # grade B credential and 3 city-level plans: two entry conditions fail, whatever the points
    ref, _ = _case(ctx, tmp_path, P1_5="yi", P3_1=3)
    result = cases.load_case(ctx, ref).result
    assert not result.tier_met
    failing = {c.condition.id for c in result.tier_conditions if not c.met}
    assert failing == {"credential", "plans"}
    label = result.label("zh")
    assert label.startswith("未达到区域服务级条件"), label
    assert "区域服务级 ★" not in label
    assert "按城市服务级评定" in label  # 降级评定: rated at city level as well
    assert result.fallback is not None and result.fallback.tier == "city"


def test_a_veto_decided_without_basis_blocks_finalize(ctx: Any, tmp_path: Path) -> None:
    ref, _ = _case(ctx, tmp_path, P1_5="jia", P3_1=10)
    assert finalize_problems(cases.load_case(ctx, ref)) == []
    # V7 (《政府采购法》第二十二条) decided again, bare: its stored basis goes with the old decision
    cases.set_veto(ctx, ref, "V7", None)
    detail = cases.set_veto(ctx, ref, "V7", False)
    problems = [p for p in finalize_problems(detail) if p.kind == "veto_basis"]
    assert [p.target for p in problems] == ["V7"]
    assert "重大违法记录" in problems[0].message.zh and "判定依据" in problems[0].message.zh
    identity = samples.demo_identity(ctx, key_size=2048)
    with pytest.raises(FinalizeCheckError):
        finalize_and_sign(ctx, ref, identity, org_identity=org_for(ctx, ref))
    assert cases.load_case(ctx, ref).summary.is_draft
