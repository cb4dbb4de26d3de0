"""Case states (DESIGN §5): finalized revisions are read-only, amend starts a new draft
revision with the same answers and keeps the old one, drafts only can be deleted, and every
change leaves an audit entry saying who, what, old -> new."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.services import cases
from cityeval_desktop.services.errors import InputError, StateError
from cityeval_desktop.services.results import case_json
from cityeval_desktop.store import audit

# written against the 2026.1 default frameworks (their ids and rules): pinned to those files
pytestmark = pytest.mark.usefixtures("frameworks_2026_1")

USCC = "91350100M000100Y43"


def new_case(ctx: Any) -> str:
    return cases.new_case(
        ctx, framework="planning-consulting", tier="city", mode="third-party", entity_name="福州规划院", uscc=USCC
    ).case_uuid


def fill(ctx: Any, ref: str, tmp_path: Path) -> None:
    cases.set_answer(ctx, ref, "P1.1", value=7, note="七人持证")
    cases.set_answer(ctx, ref, "P1.2", value=4)
    cases.set_answer(ctx, ref, "P5.3", not_applicable=True, reason="无此业务")
    cases.set_veto(ctx, ref, "V1", False)
    cases.set_veto(ctx, ref, "V2", True)
    scan = tmp_path / "资质证书.pdf"
    scan.write_bytes(b"%PDF " + os.urandom(100))
    cases.add_evidence(ctx, ref, "P1.1", [scan])


def finalize(ctx: Any, ref: str) -> None:
    with ctx.transaction() as s:
        cases.mark_finalized(s, cases.find_case(s, ref), ctx.actor)


def chain(ctx: Any, case_uuid: str) -> list[dict[str, Any]]:
    with ctx.reading() as s:
        return list(audit.export_chain(s, case_uuid))


def content(shown: dict[str, Any]) -> tuple[Any, ...]:
    """What amend must carry over: answers, N/A reasons, notes, vetoes, evidence."""
    r = shown["result"]
    answers = [(i["id"], i["status"], i["answer"], i["reason"], i["note"], i["evidence"]) for i in r["indicators"]]
    evidence = [(e["indicator"], e["name"], e["sha256"], e["size"]) for e in shown["evidence"]]
    return answers, r["vetoes"], evidence, r["total"], r["grade"], r["vetoed"]


def test_amending_a_draft_is_refused(ctx: Any) -> None:
    ref = new_case(ctx)
    with pytest.raises(StateError) as info:
        cases.amend(ctx, ref, "补充材料")
    assert "only a finalized case can be amended" in info.value.problems[0].message.en
    assert "定稿" in info.value.problems[0].message.zh
    assert [s.revision for s in cases.revisions(ctx, ref)] == [1]


def test_amend_needs_a_reason(ctx: Any) -> None:
    ref = new_case(ctx)
    finalize(ctx, ref)
    with pytest.raises(InputError) as info:
        cases.amend(ctx, ref, "   ")
    assert info.value.problems[0].where == "--reason"
    assert [s.revision for s in cases.revisions(ctx, ref)] == [1]


def test_finalized_revision_is_read_only(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    fill(ctx, ref, tmp_path)
    finalize(ctx, ref)
    before = case_json(cases.load_case(ctx, ref))
    other = tmp_path / "other.pdf"
    other.write_bytes(b"other")
    attempts = [
        lambda: cases.set_answer(ctx, ref, "P1.2", value=1),
        lambda: cases.set_veto(ctx, ref, "V1", True),
        lambda: cases.add_evidence(ctx, ref, "P1.2", [other]),
        lambda: cases.remove_evidence(ctx, ref, cases.load_case(ctx, ref).evidence[0].id),
    ]
    for attempt in attempts:
        with pytest.raises(StateError) as info:
            attempt()
        assert "finalized and read-only" in info.value.problems[0].message.en
    assert case_json(cases.load_case(ctx, ref)) == before


def test_amend_creates_a_draft_revision_2_and_keeps_revision_1(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    fill(ctx, ref, tmp_path)
    finalize(ctx, ref)
    rev1_before = case_json(cases.load_case(ctx, f"{ref}@1"))
    assert rev1_before["status"] == "finalized"

    summary = cases.amend(ctx, ref, "补充 2025 年业绩")

    assert (summary.case_uuid, summary.revision, summary.status) == (ref, 2, "draft")
    assert summary.ref == f"{ref}@2"
    rev2 = case_json(cases.load_case(ctx, ref))  # a bare uuid means the latest revision
    assert (rev2["revision"], rev2["status"], rev2["amend_reason"]) == (2, "draft", "补充 2025 年业绩")
    assert content(rev2) == content(rev1_before)
    assert rev2["entity"] == rev1_before["entity"] and rev2["framework"] == rev1_before["framework"]
    assert [(s.revision, s.status) for s in cases.revisions(ctx, ref)] == [(1, "finalized"), (2, "draft")]
    assert [(s.case_uuid, s.revision) for s in cases.list_cases(ctx)] == [(ref, 2)]

    # revision 1 stays read-only, revision 2 can be edited without touching revision 1
    with pytest.raises(StateError):
        cases.set_answer(ctx, f"{ref}@1", "P1.2", value=1)
    cases.set_answer(ctx, f"{ref}@2", "P1.2", value=1)
    assert case_json(cases.load_case(ctx, f"{ref}@1")) == rev1_before
    assert case_json(cases.load_case(ctx, ref))["result"]["indicators"][1]["answer"] == 1

    entry = chain(ctx, ref)[-2]
    assert (entry["action"], entry["revision"], entry["old"], entry["new"]) == (
        "case.amend",
        2,
        {"revision": 1},
        {"revision": 2, "reason": "补充 2025 年业绩"},
    )
    # only the latest revision can be amended, and only once it is finalized
    finalize(ctx, f"{ref}@2")
    with pytest.raises(StateError):
        cases.amend(ctx, f"{ref}@1", "again")


def test_delete_draft_refuses_a_finalized_case(ctx: Any) -> None:
    ref = new_case(ctx)
    finalize(ctx, ref)
    with pytest.raises(StateError) as info:
        cases.delete_draft(ctx, ref)
    assert "cannot be deleted" in info.value.problems[0].message.en
    assert [(s.revision, s.status) for s in cases.revisions(ctx, ref)] == [(1, "finalized")]


def test_delete_draft_removes_only_the_draft_and_is_audited(ctx: Any) -> None:
    ref = new_case(ctx)
    finalize(ctx, ref)
    cases.amend(ctx, ref, "重新评估")
    cases.delete_draft(ctx, f"{ref}@2")
    assert [(s.revision, s.status) for s in cases.revisions(ctx, ref)] == [(1, "finalized")]
    last = chain(ctx, ref)[-1]
    assert (last["action"], last["revision"], last["old"]) == ("case.delete", 2, {"entity": "福州规划院", "uscc": USCC})
    with ctx.reading() as s:
        assert audit.verify_all(s) == []


def test_every_change_is_audited_with_old_and_new(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    cases.set_answer(ctx, ref, "P1.2", value=3)
    cases.set_answer(ctx, ref, "P1.2", value=3)  # no change: no entry
    cases.set_answer(ctx, ref, "P1.2", value=4, note="复核")
    cases.set_answer(ctx, ref, "P1.2", value=None, note="")  # cleared (value and note)
    cases.set_veto(ctx, ref, "V1", False)
    cases.set_veto(ctx, ref, "V1", True)
    cases.set_veto(ctx, ref, "V1", None)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF scan")
    detail = cases.add_evidence(ctx, ref, "P2.1", [scan])
    cases.remove_evidence(ctx, ref, detail.evidence[0].id)

    entries = chain(ctx, ref)
    assert all(e["actor"] == "tester" and e["chain"] == ref and e["revision"] == 1 for e in entries)
    for e in entries:
        at = datetime.fromisoformat(e["at"].replace("Z", "+00:00"))
        assert at.utcoffset() == timedelta(0)
    state3 = {"value": 3, "not_applicable": False, "reason": None, "note": None}
    state4 = {"value": 4, "not_applicable": False, "reason": None, "note": "复核"}
    file_info = {"sha256": detail.evidence[0].sha256, "name": "scan.pdf", "size": 9}
    assert [(e["action"], e["target"], e["old"], e["new"]) for e in entries[1:]] == [
        ("answer.set", "P1.2", None, state3),
        ("answer.set", "P1.2", state3, state4),
        ("answer.clear", "P1.2", state4, None),
        ("veto.set", "V1", None, False),
        ("veto.set", "V1", False, True),
        ("veto.set", "V1", True, None),
        ("evidence.add", "P2.1", None, file_info),
        ("evidence.remove", "P2.1", file_info, None),
    ]
    with ctx.reading() as s:
        assert audit.verify_all(s) == []


def test_times_read_back_are_utc_aware(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    fill(ctx, ref, tmp_path)
    finalize(ctx, ref)
    detail = cases.load_case(ctx, ref)
    now = datetime.now(UTC)
    stamps = [detail.summary.created_at, detail.summary.updated_at, detail.summary.finalized_at]
    stamps += [e.added_at for e in detail.evidence]
    for stamp in stamps:
        assert stamp is not None and stamp.utcoffset() == timedelta(0), stamp
        assert abs(now - stamp) < timedelta(minutes=1)
    shown = case_json(detail)
    for text in (shown["created_at"], shown["updated_at"], shown["finalized_at"], shown["evidence"][0]["added_at"]):
        assert datetime.fromisoformat(text).utcoffset() == timedelta(0), text
