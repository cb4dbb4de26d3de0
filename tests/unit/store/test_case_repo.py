"""The case repository (store/case_repo.py): finding a revision by reference, loading it whole,
copying it into a new revision with the same content, attaching and detaching evidence, and
appending to the case's audit chain."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from cityeval_desktop.domain.errors import NotFoundError
from cityeval_desktop.services import cases
from cityeval_desktop.store import audit, case_repo
from cityeval_desktop.store.digest import content_hash, revision_content
from cityeval_desktop.store.models import AnswerRow, AuditRow, Case, EvidenceRow, VetoDecision
from cityeval_desktop.store.session_info import in_write_transaction

# written against the 2026.1 default frameworks (their ids and rules): pinned to those files
pytestmark = pytest.mark.usefixtures("frameworks_2026_1")

USCC = ("91350100M000100Y43", "91512081MA62K0260E")


@dataclass(frozen=True)
class Stored:
    sha256: str
    original_name: str
    size: int
    media_type: str


def new_case(ctx: Any, uscc: str = USCC[0]) -> str:
    return cases.new_case(
        ctx, framework="planning-consulting", tier="city", mode="third-party", entity_name="福州规划院", uscc=uscc
    ).case_uuid


def filled_case(ctx: Any, tmp_path: Path) -> str:
    """A draft with a value, a note, an N/A with its reason, both veto decisions and two files."""
    ref = new_case(ctx)
    cases.set_answer(ctx, ref, "P1.1", value=7, note="七人持证")
    cases.set_answer(ctx, ref, "P1.2", value=4)
    cases.set_answer(ctx, ref, "P5.3", not_applicable=True, reason="无此业务")
    cases.set_veto(ctx, ref, "V1", False)
    cases.set_veto(ctx, ref, "V2", True)
    for name in ("资质证书.pdf", "合同.pdf"):
        scan = tmp_path / name
        scan.write_bytes(b"%PDF " + os.urandom(200))
        cases.add_evidence(ctx, ref, "P1.1", [scan])
    return ref


def without_identity(content: dict[str, Any]) -> dict[str, Any]:
    """A revision's canonical content without what names the revision itself."""
    return {k: v for k, v in content.items() if k not in ("case", "revision", "amend_reason")}


def message(info: pytest.ExceptionInfo[NotFoundError]) -> tuple[str, str]:
    problem = info.value.problems[0]
    return problem.message.en, problem.where


# ----------------------------------------------------------------------------- copy
def test_a_copy_has_the_same_answers_vetoes_and_evidence(ctx: Any, tmp_path: Path) -> None:
    ref = filled_case(ctx, tmp_path)
    with ctx.transaction() as s:  # files added long ago: the copy keeps when, it does not add them anew
        s.execute(update(EvidenceRow).values(added_at=datetime(2020, 5, 4, 3, 2, 1, tzinfo=UTC)))
    with ctx.transaction() as s:
        source = case_repo.load_revision(s, ref)
        before = revision_content(source)
        copy = case_repo.copy_revision(s, source, 2, amend_reason="补充材料")
        copy_id, source_id = copy.id, source.id
    assert len(before["answers"]) == 3 and len(before["vetoes"]) == 2 and len(before["evidence"]) == 2

    with ctx.reading() as s:  # what was committed, read again from the rows
        source = case_repo.load_revision(s, f"{ref}@1")
        copy = case_repo.load_revision(s, f"{ref}@2")
        assert copy.id == copy_id != source_id
        after_source, after_copy = revision_content(source), revision_content(copy)
        assert after_source == before  # the source is untouched
        assert without_identity(after_copy) == without_identity(before)
        assert content_hash({**after_copy, "revision": 1, "amend_reason": None}) == content_hash(before)
        assert (after_copy["case"], after_copy["revision"], after_copy["amend_reason"]) == (ref, 2, "补充材料")
        # new rows that belong to the copy, with the file's time added kept
        assert {a.case_id for a in copy.answers} == {v.case_id for v in copy.vetoes} == {copy_id}
        assert {e.case_id for e in copy.evidence} == {copy_id}
        assert {e.id for e in copy.evidence}.isdisjoint({e.id for e in source.evidence})
        assert sorted((e.sha256, e.added_at) for e in copy.evidence) == sorted(
            (e.sha256, datetime(2020, 5, 4, 3, 2, 1, tzinfo=UTC)) for e in source.evidence
        )
        assert (copy.status, copy.version, copy.finalized_at) == ("draft", 1, None)
        assert (copy.total, copy.grade, copy.completeness, copy.provisional) == (
            source.total,
            source.grade,
            source.completeness,
            source.provisional,
        )
        for model, n in ((AnswerRow, 3), (VetoDecision, 2), (EvidenceRow, 2)):  # each row copied once
            for case_id in (source_id, copy_id):
                assert s.scalar(select(func.count()).select_from(model).where(model.case_id == case_id)) == n


def test_a_copy_of_a_finalized_revision_is_a_draft_at_version_1(ctx: Any, tmp_path: Path) -> None:
    ref = filled_case(ctx, tmp_path)
    with ctx.transaction() as s:
        cases.mark_finalized(s, case_repo.find_revision(s, ref), ctx.actor)
    with ctx.transaction() as s:
        source = case_repo.load_revision(s, ref)
        assert source.status == "finalized" and source.version > 1
        copy = case_repo.copy_revision(s, source, 2)
        assert (copy.status, copy.version, copy.finalized_at, copy.amend_reason) == ("draft", 1, None, None)
    assert cases.load_case(ctx, ref).summary.revision == 2  # the latest now


# ----------------------------------------------------------------------------- find
def test_find_by_uuid_prefix_and_revision(ctx: Any, tmp_path: Path) -> None:
    ref = filled_case(ctx, tmp_path)
    with ctx.transaction() as s:
        case_repo.copy_revision(s, case_repo.load_revision(s, ref), 2)
    with ctx.reading() as s:
        assert case_repo.find_revision(s, ref).revision == 2  # latest without @
        assert case_repo.find_revision(s, f"{ref}@1").revision == 1
        assert case_repo.find_revision(s, f"  {ref[:4].upper()}@0002 ").revision == 2
        assert case_repo.find_revision(s, ref[:8]).case_uuid == ref
        assert case_repo.latest_revision(s, ref) == 2
        assert [c.revision for c in case_repo.revisions_of(s, ref)] == [1, 2]
        assert case_repo.latest_revision(s, "0" * 36) is None


def test_an_ambiguous_prefix_is_refused(ctx: Any) -> None:
    first, second = new_case(ctx, USCC[0]), new_case(ctx, USCC[1])
    with ctx.transaction() as s:  # give both cases the same first characters
        s.execute(update(Case).where(Case.case_uuid == first).values(case_uuid="abcd1111" + first[8:]))
        s.execute(update(Case).where(Case.case_uuid == second).values(case_uuid="abcd2222" + second[8:]))
    with ctx.reading() as s:
        with pytest.raises(NotFoundError) as info:
            case_repo.find_revision(s, "abcd")
        assert message(info) == ("the prefix matches several cases; give more of it", "abcd")
        assert info.value.problems[0].message.zh == "编号前缀对应多个案例，请写完整"
        assert case_repo.find_revision(s, "abcd2").case_uuid == "abcd2222" + second[8:]


@pytest.mark.parametrize(
    ("suffix", "expected"),
    [
        ("@99999999999999999999", "the case has no such revision"),
        ("@" + "9" * 5000, "the case has no such revision"),
        ("@2", "no such case or revision"),
        ("@0", "no such case or revision"),
    ],
)
def test_a_missing_revision(ctx: Any, suffix: str, expected: str) -> None:
    ref = new_case(ctx)
    with ctx.reading() as s, pytest.raises(NotFoundError) as info:
        case_repo.find_revision(s, ref + suffix)
    assert message(info) == (expected, (ref + suffix)[:60] if len(suffix) > 10 else ref + suffix)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("0000", "no such case"),
        ("00000000-0000-0000-0000-000000000000", "no such case or revision"),
        ("abc", "badly formed case id (expected a uuid or uuid@revision)"),
        ("abcd@", "badly formed case id (expected a uuid or uuid@revision)"),
        ("abcd@-1", "badly formed case id (expected a uuid or uuid@revision)"),
        ("zzzz", "badly formed case id (expected a uuid or uuid@revision)"),
        ("", "badly formed case id (expected a uuid or uuid@revision)"),
    ],
)
def test_a_missing_or_badly_formed_case(ctx: Any, ref: str, expected: str) -> None:
    new_case(ctx)
    with ctx.reading() as s, pytest.raises(NotFoundError) as info:
        case_repo.find_revision(s, ref)
    assert message(info) == (expected, ref)


def test_only_a_write_transaction_locks_what_it_finds(ctx: Any) -> None:
    ref = new_case(ctx)
    with ctx.reading() as s:
        assert not in_write_transaction(s)
    with ctx.transaction() as s:
        assert in_write_transaction(s)
        assert case_repo.find_revision(s, ref).case_uuid == ref


# ----------------------------------------------------------------------------- evidence and audit
def test_attach_each_file_once_and_detach_audited(ctx: Any) -> None:
    ref = new_case(ctx)
    one = Stored("a" * 64, "证书" + "长" * 300 + ".pdf", 10, "application/pdf")
    two = Stored("b" * 64, "合同.pdf", 20, "application/pdf")
    with ctx.transaction() as s:
        case = case_repo.load_revision(s, ref)
        added = case_repo.attach_evidence(s, case, "P1.1", [one, two, one], "张三")
        assert [r.sha256 for r in added] == [one.sha256, two.sha256]
        assert len(added[0].original_name) == 255
        assert case_repo.attach_evidence(s, case, "P1.1", [two], "张三") == []  # already attached
        assert [r.sha256 for r in case_repo.attach_evidence(s, case, "P1.2", [two], "张三")] == [two.sha256]
    with ctx.transaction() as s:
        case = case_repo.load_revision(s, ref)
        assert sorted((e.indicator_id, e.sha256) for e in case.evidence) == [
            ("P1.1", one.sha256),
            ("P1.1", two.sha256),
            ("P1.2", two.sha256),
        ]
        row = next(e for e in case.evidence if e.indicator_id == "P1.2")
        case_repo.detach_evidence(s, case, row, "李四")
    with ctx.reading() as s:
        assert [(e.indicator_id, e.sha256) for e in case_repo.load_revision(s, ref).evidence] == [
            ("P1.1", one.sha256),
            ("P1.1", two.sha256),
        ]
        entries = list(audit.export_chain(s, ref))
    evidence = [(e["actor"], e["action"], e["target"], e["revision"]) for e in entries if e["action"].startswith("ev")]
    assert evidence == [
        ("张三", "evidence.add", "P1.1", 1),
        ("张三", "evidence.add", "P1.1", 1),
        ("张三", "evidence.add", "P1.2", 1),
        ("李四", "evidence.remove", "P1.2", 1),
    ]
    assert entries[-1]["old"] == {"sha256": two.sha256, "name": "合同.pdf", "size": 20}
    assert entries[1]["new"]["name"] == one.original_name  # the audit keeps the whole name
    assert audit.verify_entries(ref, entries) == []


def test_append_audit_goes_to_the_case_chain_at_its_revision(ctx: Any, tmp_path: Path) -> None:
    ref = filled_case(ctx, tmp_path)
    with ctx.transaction() as s:
        copy = case_repo.copy_revision(s, case_repo.load_revision(s, ref), 2)
        row = case_repo.append_audit(s, copy, actor="王五", action="case.note", target="P1.1", old=None, new={"x": 1})
        assert (row.chain, row.revision, row.actor, row.action, row.target) == (ref, 2, "王五", "case.note", "P1.1")
    with ctx.reading() as s:
        entries = list(audit.export_chain(s, ref))
        last = s.scalars(select(AuditRow).where(AuditRow.chain == ref).order_by(AuditRow.position.desc())).first()
    assert entries[-1]["new"] == {"x": 1} and entries[-1]["old"] is None
    assert last is not None and last.position == len(entries)
    assert audit.verify_entries(ref, entries) == []
