"""The date an evidence file proves (证明日期, issue 12 §1.1): set, cleared, bounded, audited, undone by the
content-addressed setter, flagged outside the review window (computed, never stored), in the JSON, as a
finalize warning that does not block, carried by an amendment; and the 批准 (approver) role."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.domain import days
from cityeval_desktop.domain.case_data import ROLES, outside_window, role_words, window_flag
from cityeval_desktop.domain.case_json import case_json
from cityeval_desktop.domain.errors import InputError, StateError
from cityeval_desktop.services import case_data as case_data_service
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.reporting import audit_entries
from cityeval_desktop.services.results import finalize_problems, finalize_warnings

FIXTURES = Path(__file__).parents[2] / "fixtures"
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}


@pytest.fixture
def draft(ctx: Any, tmp_path: Path) -> str:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    ref = case_service.new_case(
        ctx,
        framework="mini",
        tier="city",
        mode="self",
        entity_name="证明日期主体",
        uscc="91350100M000100Y43",
        reference_date="2026-06-30",
    ).ref
    for ind, value in VALUES.items():
        case_service.set_answer(ctx, ref, ind, value=value)
    for veto in ("V1", "V2"):
        case_service.set_veto(ctx, ref, veto, False)
    (tmp_path / "合同.pdf").write_bytes(b"%PDF-1.4 contract signed 2021")
    (tmp_path / "证书.pdf").write_bytes(b"%PDF-1.4 certificate 2025")
    return ref


def _file(detail: Any, name: str) -> Any:
    return next(e for e in detail.evidence if e.original_name == name)


def test_a_file_records_the_date_it_proves_and_one_outside_the_window_is_flagged(
    ctx: Any, draft: str, tmp_path: Path
) -> None:
    detail = case_service.add_evidence(ctx, draft, "S", [tmp_path / "合同.pdf"], dated="2021-03-01")
    detail = case_service.add_evidence(ctx, draft, "S", [tmp_path / "证书.pdf"], dated="2025-05-20")
    contract, cert = _file(detail, "合同.pdf"), _file(detail, "证书.pdf")
    assert (contract.dated, cert.dated) == (date(2021, 3, 1), date(2025, 5, 20))
    assert detail.outside_window(contract) and not detail.outside_window(cert)
    assert detail.window_flag(contract).zh == "证明日期 2021-03-01 不在考察期 2023-07-01 至 2026-06-30 内"
    assert (
        "2021-03-01" in detail.window_flag(contract).en
        and "2023-07-01 to 2026-06-30" in detail.window_flag(contract).en
    )
    shown = {e["name"]: e for e in case_json(detail)["evidence"]}
    assert (shown["合同.pdf"]["dated"], shown["合同.pdf"]["outside_window"]) == ("2021-03-01", True)
    assert (shown["证书.pdf"]["dated"], shown["证书.pdf"]["outside_window"]) == ("2025-05-20", False)
    # a warning before finalizing, not a problem: the case can still be finalized
    warnings = finalize_warnings(detail)
    assert [(w.kind, w.target) for w in warnings] == [("evidence_dated", "S")]
    assert "合同.pdf" in warnings[0].message.zh and "2021-03-01" in warnings[0].message.zh
    assert finalize_problems(detail) == []


def test_a_new_reference_date_re_evaluates_the_flags(ctx: Any, draft: str, tmp_path: Path) -> None:
    detail = case_service.add_evidence(ctx, draft, "S", [tmp_path / "合同.pdf"], dated="2021-03-01")
    assert detail.outside_window(_file(detail, "合同.pdf"))
    detail = case_data_service.set_reference_date(ctx, draft, "2023-12-31")  # window 2021-01-01 .. 2023-12-31
    assert not detail.outside_window(_file(detail, "合同.pdf")) and finalize_warnings(detail) == []
    assert case_json(detail)["evidence"][0]["outside_window"] is False


def test_the_date_is_set_cleared_and_audited_and_nothing_changes_on_a_bad_one(
    ctx: Any, draft: str, tmp_path: Path
) -> None:
    detail = case_service.add_evidence(ctx, draft, "S", [tmp_path / "合同.pdf"])
    item = _file(detail, "合同.pdf")
    assert item.dated is None and not detail.outside_window(item)
    detail = case_service.set_evidence_date(ctx, draft, item.id, "2024-01-15")
    assert _file(detail, "合同.pdf").dated == date(2024, 1, 15)
    tomorrow = (days.today() + timedelta(days=1)).isoformat()
    for bad, words in (
        ("1999-12-31", "超出范围"),
        (tomorrow, "超出范围"),
        ("2024-02-30", "不是有效日期"),
        ("15.01.2024", "YYYY-MM-DD"),
    ):
        with pytest.raises(InputError) as err:
            case_service.set_evidence_date(ctx, draft, item.id, bad)
        line = err.value.lines("zh")[0]
        assert "--dated" in line and "证明日期" in line and words in line, line
    assert _file(case_service.load_case(ctx, draft), "合同.pdf").dated == date(2024, 1, 15)
    detail = case_service.set_evidence_date_of(ctx, draft, "S", item.sha256, None)  # (undo: by content)
    assert _file(detail, "合同.pdf").dated is None
    trail = [e for e in audit_entries(ctx, draft.split("@")[0]) if e["action"] == "evidence.dated"]
    assert [(e["old"]["dated"], e["new"]["dated"]) for e in trail] == [(None, "2024-01-15"), ("2024-01-15", None)]


def test_an_answers_file_gives_the_date_and_an_amendment_keeps_it(ctx: Any, draft: str, tmp_path: Path) -> None:
    doc = {"answers": {"S": {"value": 3, "evidence": [{"path": "合同.pdf", "dated": "2021-03-01"}]}}}
    (tmp_path / "answers.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    detail = case_service.apply_answers_file(ctx, draft, tmp_path / "answers.json")
    assert _file(detail, "合同.pdf").dated == date(2021, 3, 1)
    doc["answers"]["S"]["evidence"][0]["dated"] = "2021-02-29"
    (tmp_path / "bad.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError) as err:
        case_service.apply_answers_file(ctx, draft, tmp_path / "bad.json")
    assert "answers.S.evidence[0].dated" in err.value.lines("en")[0]
    with ctx.transaction() as s:  # an amendment copies the date with the file
        from cityeval_desktop.store import case_repo

        case = case_repo.load_revision(s, draft)
        copy = case_repo.copy_revision(s, case, 2)
        assert [e.dated for e in copy.evidence] == [date(2021, 3, 1)]
        s.rollback()


def test_a_finalized_file_cannot_be_dated(ctx: Any, draft: str, tmp_path: Path) -> None:
    detail = case_service.add_evidence(ctx, draft, "S", [tmp_path / "合同.pdf"])
    with ctx.transaction() as s:
        from cityeval_desktop.store import case_repo

        case_repo.load_revision(s, draft).status = "finalized"
    with pytest.raises(StateError):
        case_service.set_evidence_date(ctx, draft, _file(detail, "合同.pdf").id, "2024-01-15")


def test_files_are_found_by_name_or_hash_and_an_ambiguous_name_is_refused(ctx: Any, draft: str, tmp_path: Path) -> None:
    case_service.add_evidence(ctx, draft, "S", [tmp_path / "合同.pdf"])
    detail = case_service.add_evidence(ctx, draft, "T", [tmp_path / "合同.pdf"])
    item = _file(detail, "合同.pdf")
    assert case_service.find_evidence(detail, item.sha256[:8], "T").indicator_id == "T"
    with pytest.raises(InputError) as err:
        case_service.find_evidence(detail, "合同.pdf")
    assert "--indicator" in err.value.lines("en")[0]
    with pytest.raises(InputError):
        case_service.find_evidence(detail, "没有.pdf")


def test_outside_window_needs_both_a_date_and_a_window() -> None:
    from cityeval_desktop.domain.case_data import CaseData

    data = CaseData(window_from=date(2023, 7, 1), window_to=date(2026, 6, 30))
    assert outside_window(date(2023, 6, 30), data) and outside_window(date(2026, 7, 1), data)
    assert not outside_window(date(2023, 7, 1), data) and not outside_window(date(2026, 6, 30), data)
    assert not outside_window(None, data) and not outside_window(date(1999, 1, 1), CaseData())
    assert window_flag(date(2024, 1, 1), data) is None


def test_the_approver_role_is_one_member_with_its_words_from_the_domain(ctx: Any, draft: str) -> None:
    assert ROLES["approver"].zh == "批准" and ("approver", "批准") in role_words("zh")
    assert [r for r, _ in role_words("en")] == ["lead", "member", "expert", "reviewer", "approver"]
    case_data_service.add_member(ctx, draft, name="张三", role="lead", org="福建数字评估中心")
    detail = case_data_service.add_member(ctx, draft, name="孙批准", role="approver", org="福建数字评估中心")
    assert [(m.name, m.role_title("zh")) for m in detail.case_data.team] == [("张三", "组长"), ("孙批准", "批准")]
    with pytest.raises(InputError) as err:
        case_data_service.add_member(ctx, draft, name="周二", role="approver", org="省评估协会")
    assert "已有批准 孙批准" in err.value.lines("zh")[0] and "an approver (孙批准)" in err.value.lines("en")[0]
    assert len(case_service.load_case(ctx, draft).case_data.team) == 2


def test_a_changed_date_shows_among_the_changes_between_revisions(ctx: Any, draft: str, tmp_path: Path) -> None:
    import json as _json
    from dataclasses import replace

    from cityeval_desktop.domain.case_diff import changes_json, diff_details

    old = case_service.add_evidence(ctx, draft, "S", [tmp_path / "合同.pdf"])
    new = case_service.set_evidence_date(ctx, draft, _file(old, "合同.pdf").id, "2021-03-01")
    changes = diff_details(old, replace(new, summary=replace(new.summary, revision=2)))
    shown = changes_json(changes, new.framework, "zh")
    text = _json.dumps(shown, ensure_ascii=False)  # (a date is written as text, the JSON has no date type)
    assert "证明日期" in text and "2021-03-01" in text
