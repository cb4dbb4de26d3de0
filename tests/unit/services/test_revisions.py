"""Revision history and the per-indicator diff between two revisions of a case."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.services import cases, revisions
from cityeval_desktop.services.errors import InputError, StateError
from cityeval_desktop.store.models import CaseReport

# written against the 2026.1 default frameworks (their ids and rules): pinned to those files
pytestmark = pytest.mark.usefixtures("frameworks_2026_1")

USCC = ("91350100M000100Y43", "91512081MA62K0260E")


def new_case(ctx: Any, uscc: str = USCC[0]) -> str:
    return cases.new_case(
        ctx, framework="planning-consulting", tier="city", mode="third-party", entity_name="福州规划院", uscc=uscc
    ).ref


def finalize(ctx: Any, ref: str, signer: str | None = "李四") -> None:
    """Lock a revision as finalize-and-sign does (the signed report row without the PDF work)."""
    with ctx.transaction() as s:
        case = cases.find_case(s, ref)
        if signer:
            s.add(
                CaseReport(
                    case_id=case.id,
                    kind="pdf",
                    lang="zh",
                    sha256="0" * 64,
                    size=1,
                    signed=True,
                    final=True,
                    signer_name=signer,
                    signer_fingerprint="ab" * 32,
                )
            )
        cases.mark_finalized(s, case, ctx.actor)


def scan(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.fixture
def amended(ctx: Any, tmp_path: Path) -> tuple[str, str]:
    """Revision 1 (finalized, signed) and revision 2 (draft) with changes of every kind."""
    ref = new_case(ctx)
    cases.set_answer(ctx, ref, "P1.1", value=7, note="七人持证")
    cases.set_answer(ctx, ref, "P1.2", value=3)
    cases.set_answer(ctx, ref, "P2.4", value=True, note="ISO 9001")
    cases.set_answer(ctx, ref, "P5.3", value=True)
    cases.set_veto(ctx, ref, "V1", False)
    cases.set_veto(ctx, ref, "V2", False)
    cases.add_evidence(ctx, ref, "P1.1", [scan(tmp_path, "证书.pdf", b"%PDF old scan")])
    cases.add_evidence(ctx, ref, "P1.2", [scan(tmp_path, "方法手册.pdf", b"%PDF handbook")])
    finalize(ctx, ref)
    second = cases.amend(ctx, ref, "补充材料").ref
    cases.set_answer(ctx, second, "P1.1", value=12, note="复核：十二人持证")
    cases.set_answer(ctx, second, "P5.3", not_applicable=True, reason="无第三方评估业务")
    cases.set_answer(ctx, second, "P2.4", value=None)  # cleared
    cases.set_veto(ctx, second, "V2", True)
    detail = cases.load_case(ctx, second)
    old_scan = next(e for e in detail.evidence if e.original_name == "证书.pdf")
    cases.remove_evidence(ctx, second, old_scan.id)
    cases.add_evidence(ctx, second, "P1.1", [scan(tmp_path, "证书-清晰版.pdf", b"%PDF clear scan")])
    return ref, second


def test_history_lists_every_revision_with_status_reason_and_signer(ctx: Any, amended: tuple[str, str]) -> None:
    first, second = amended
    history = revisions.history(ctx, second)
    assert [r.summary.revision for r in history] == [1, 2]
    one, two = history
    assert one.summary.status == "finalized" and one.summary.finalized_at is not None
    assert one.signer_name == "李四" and one.signer_fingerprint == "ab" * 32
    assert not one.is_latest and two.is_latest
    assert two.summary.status == "draft" and two.summary.amend_reason == "补充材料"
    assert two.signer_name is None
    # any revision's reference (or the bare uuid) gives the same history
    assert [r.ref for r in revisions.history(ctx, first)] == [r.ref for r in history]
    assert [r.ref for r in revisions.history(ctx, first.split("@")[0])] == [r.ref for r in history]


def test_diff_lists_each_changed_indicator_with_old_and_new(ctx: Any, amended: tuple[str, str]) -> None:
    first, second = amended
    d = revisions.diff(ctx, first, second)
    by_id = {c.indicator_id: c for c in d.indicators}
    assert sorted(by_id) == ["P1.1", "P2.4", "P5.3"]  # P1.2 and every other indicator unchanged

    p11 = {f.field: f for f in by_id["P1.1"].changes}
    assert p11["value"].old.zh == "7 人" and p11["value"].new.zh == "12 人"
    assert p11["value"].new.en == "12 people"
    assert p11["note"].old.zh == "七人持证" and p11["note"].new.zh == "复核：十二人持证"
    assert by_id["P1.1"].evidence_added == ("证书-清晰版.pdf",)
    assert by_id["P1.1"].evidence_removed == ("证书.pdf",)
    assert by_id["P1.1"].old_earned == Decimal("6.40") and by_id["P1.1"].new_earned == Decimal("8.00")

    p53 = {f.field: f for f in by_id["P5.3"].changes}
    assert set(p53) == {"value", "not_applicable", "reason"}
    assert p53["not_applicable"].old.zh == "否" and p53["not_applicable"].new.en == "yes"
    assert p53["reason"].old is None and p53["reason"].new.zh == "无第三方评估业务"
    assert by_id["P5.3"].old_status == "answered" and by_id["P5.3"].new_status == "not_applicable"

    p24 = {f.field: f for f in by_id["P2.4"].changes}
    assert p24["value"].old.zh == "是" and p24["value"].new is None
    assert by_id["P2.4"].new_status == "unanswered"

    assert [(v.veto_id, v.old, v.new) for v in d.vetoes] == [("V2", False, True)]
    assert {c.dimension_id for c in d.dimensions} == {"D1", "D2", "D5"}
    assert d.outcome_a.total != d.outcome_b.total and d.outcome_changed
    assert d.a.revision == 1 and d.b.revision == 2


def test_diff_of_a_revision_with_itself_is_empty(ctx: Any, amended: tuple[str, str]) -> None:
    first, _ = amended
    d = revisions.diff(ctx, first, first)
    assert d.empty and d.indicators == () and d.vetoes == () and not d.outcome_changed


def test_diff_backwards_swaps_old_and_new(ctx: Any, amended: tuple[str, str]) -> None:
    first, second = amended
    d = revisions.diff(ctx, second, first)
    p11 = {f.field: f for f in next(c for c in d.indicators if c.indicator_id == "P1.1").changes}
    assert p11["value"].old.zh == "12 人" and p11["value"].new.zh == "7 人"
    assert [(v.old, v.new) for v in d.vetoes] == [(True, False)]


def test_grade_shown_only_for_a_complete_revision(ctx: Any, amended: tuple[str, str]) -> None:
    first, second = amended
    d = revisions.diff(ctx, first, second)
    # most indicators are unanswered: the figure is provisional, no grade word
    assert not d.outcome_a.complete and d.outcome_a.grade is None
    assert d.outcome_b.vetoed == ("V2",)


def test_diff_of_two_different_cases_is_refused(ctx: Any) -> None:
    a, b = new_case(ctx, USCC[0]), new_case(ctx, USCC[1])
    with pytest.raises(InputError) as info:
        revisions.diff(ctx, a, b)
    assert "同一案例" in info.value.problems[0].message.zh


def test_an_older_revision_stays_read_only(ctx: Any, amended: tuple[str, str]) -> None:
    first, _ = amended
    with pytest.raises(StateError):
        cases.set_answer(ctx, first, "P1.1", value=3)
    with pytest.raises(StateError):
        cases.set_veto(ctx, first, "V1", True)
    assert cases.load_case(ctx, first).raw_values["P1.1"] == 7


def test_value_text_reads_like_the_report(ctx: Any) -> None:
    fw = cases.load_case(ctx, new_case(ctx)).framework
    assert revisions.value_text(fw.indicator("P1.2"), 4).zh.startswith("4 — ")
    assert revisions.value_text(fw.indicator("P5.2"), "aa").zh == "AA级"
    assert revisions.value_text(fw.indicator("P2.4"), False).en == "no"
    assert revisions.value_text(fw.indicator("P1.1"), None) is None
