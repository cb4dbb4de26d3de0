"""N/A keeps the value behind it; undo/redo service calls restore whole states and are audited."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.reporting import audit_entries
from cityeval_desktop.services.results import case_json

# written against the 2026.1 default frameworks (their ids and rules): pinned to those files
pytestmark = pytest.mark.usefixtures("frameworks_2026_1")


@pytest.fixture
def ref(ctx):
    return case_service.new_case(
        ctx,
        framework="construction-implementation",
        tier="city",
        mode="third-party",
        entity_name="福州数字建设有限公司",
        uscc="91350100M000100Y43",
    ).ref


def test_na_keeps_the_value_out_of_scoring_and_unticking_restores_value_and_reason(ctx, ref) -> None:
    case_service.set_answer(ctx, ref, "B1.3", value=Decimal("4.5"))
    scored = case_service.load_case(ctx, ref).result.total
    detail = case_service.set_answer(ctx, ref, "B1.3", not_applicable=True, reason="本期不涉及")
    assert detail.raw_values["B1.3"] == Decimal("4.5")
    ir = next(i for i in detail.result.indicators if i.id == "B1.3")
    assert ir.status == "not_applicable" and ir.value is None and ir.earned is None
    assert detail.result.total != scored
    shown = next(i for i in case_json(detail)["result"]["indicators"] if i["id"] == "B1.3")
    assert shown["answer"] is None and shown["status"] == "not_applicable"
    detail = case_service.set_answer(ctx, ref, "B1.3", not_applicable=False)
    assert detail.raw_values["B1.3"] == Decimal("4.5") and not detail.answers["B1.3"].not_applicable
    assert detail.result.total == scored
    detail = case_service.set_answer(ctx, ref, "B1.3", not_applicable=True)
    assert detail.answers["B1.3"].reason == "本期不涉及"


def test_na_still_needs_a_reason(ctx, ref) -> None:
    with pytest.raises(InputError):
        case_service.set_answer(ctx, ref, "B1.3", not_applicable=True, reason="  ")
    assert "B1.3" not in case_service.load_case(ctx, ref).answers


def test_restore_answer_puts_back_a_whole_state_in_one_audited_change(ctx, ref) -> None:
    case_service.set_answer(ctx, ref, "B1.3", value=6, note="六个系统")
    before = case_service.answer_state(case_service.load_case(ctx, ref), "B1.3")
    case_service.set_answer(ctx, ref, "B1.3", not_applicable=True, reason="不涉及")
    after = case_service.answer_state(case_service.load_case(ctx, ref), "B1.3")
    assert after == {"value": 6, "not_applicable": True, "reason": "不涉及", "note": "六个系统"}
    uuid = case_service.load_case(ctx, ref).summary.case_uuid
    count = len(audit_entries(ctx, uuid))
    detail = case_service.restore_answer(ctx, ref, "B1.3", before)
    assert case_service.answer_state(detail, "B1.3") == before
    entries = audit_entries(ctx, uuid)
    assert len(entries) == count + 1 and entries[-1]["action"] == "answer.set"
    detail = case_service.restore_answer(ctx, ref, "B1.3", after)
    assert case_service.answer_state(detail, "B1.3") == after
    detail = case_service.restore_answer(ctx, ref, "B1.3", None)
    assert "B1.3" not in detail.answers
    assert audit_entries(ctx, uuid)[-1]["action"] == "answer.clear"


def test_restore_answer_checks_the_value_like_any_edit(ctx, ref) -> None:
    with pytest.raises(InputError):
        case_service.restore_answer(
            ctx, ref, "B1.3", {"value": -1, "not_applicable": False, "reason": None, "note": None}
        )
    assert "B1.3" not in case_service.load_case(ctx, ref).answers


def test_detach_and_reattach_evidence(ctx, ref, tmp_path) -> None:
    scan = tmp_path / "验收报告.pdf"
    scan.write_bytes(b"%PDF-1.4 acceptance")
    detail = case_service.add_evidence(ctx, ref, "B1.3", [scan])
    item = detail.evidence[0]
    detail = case_service.detach_evidence(ctx, ref, "B1.3", [item.sha256])
    assert detail.evidence == ()
    detail = case_service.reattach_evidence(ctx, ref, "B1.3", [item])
    assert [(e.sha256, e.original_name) for e in detail.evidence] == [(item.sha256, "验收报告.pdf")]
    actions = [e["action"] for e in audit_entries(ctx, detail.summary.case_uuid)]
    assert actions.count("evidence.add") == 2 and actions.count("evidence.remove") == 1


def test_reattach_refuses_bytes_no_longer_in_the_store(ctx, ref, tmp_path) -> None:
    scan = tmp_path / "合同.pdf"
    scan.write_bytes(b"%PDF-1.4 contract")
    item = case_service.add_evidence(ctx, ref, "B1.3", [scan]).evidence[0]
    case_service.detach_evidence(ctx, ref, "B1.3", [item.sha256])
    ctx.evidence.path_of(item.sha256).unlink()
    with pytest.raises(InputError) as info:
        case_service.reattach_evidence(ctx, ref, "B1.3", [item])
    assert "合同.pdf" in str(info.value.problems[0].message.zh)
    assert case_service.load_case(ctx, ref).evidence == ()
