"""Tampering with a finalized revision in SQLite: `db check` names every change (issue 9, item 4).

One finalized, signed case (and a draft amendment of it) is built once; each test copies the data
folder, changes one kind of stored fact behind the program's back with plain ``sqlite3`` or file
writes, and checks what the database check reports. A forger who also rewrites the audit trail so
that its hashes link up again is still caught by the content hash inside the signed report.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services import maintenance as m
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.reporting import finalize_and_sign, render_report
from cityeval_desktop.signing.identity import create_identity, load_identity
from cityeval_desktop.store import audit
from cityeval_desktop.store.models import AuditHead, AuditRow
from tests.case_data_helpers import org_for, staff

FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = "tamper-test-2026"
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A data folder with one finalized third-party revision (signed) and a draft amendment of it."""
    root = tmp_path_factory.mktemp("tamper")
    data = root / "data"
    data.mkdir()
    create_identity(root / "signer.p12", name="张三", org="福建数字评估中心", password=PASSWORD, key_size=2048)
    signer = load_identity(root / "signer.p12", PASSWORD)
    ctx = open_context(data / "cityeval.sqlite3", data)
    try:
        fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
        ref = case_service.new_case(
            ctx,
            framework="mini",
            tier="city",
            mode="third-party",
            entity_name="篡改测试主体",
            uscc="91350100M000100Y43",
            assessor="张三",
        ).ref
        for ind, value in VALUES.items():
            case_service.set_answer(ctx, ref, ind, value=value, note="现场核对" if ind == "S" else None)
        for veto in ("V1", "V2"):
            case_service.set_veto(ctx, ref, veto, False)
        scan = root / "scan.pdf"
        scan.write_bytes(b"%PDF-1.4 scanned certificate")
        case_service.add_evidence(ctx, ref, "S", [scan])
        staff(ctx, ref, signer, root)
        finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref), lang="zh")
        draft = case_service.amend(ctx, ref, "补充材料后复核").ref
        assert m.check_database(ctx).ok
    finally:
        ctx.close()
    case_uuid = ref.split("@")[0]
    return {"data": data, "ref": ref, "uuid": case_uuid, "draft": draft, "scan_sha": _sha_of(data, "evidence")}


def _sha_of(data: Path, table: str) -> str:
    with sqlite3.connect(data / "cityeval.sqlite3") as con:
        return con.execute(f"SELECT sha256 FROM {table} ORDER BY id LIMIT 1").fetchone()[0]


@pytest.fixture(params=["first check", "after a sound check"])
def copy(
    template: dict[str, Any], tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """A copy of the template's data folder. "after a sound check": checks of the copy have already found
    it sound and remembered so (services.check_cache: the next check re-verifies only what changed) —
    every tamper must be found all the same."""
    data = tmp_path / "tampered"
    shutil.copytree(template["data"], data)
    if request.param == "after a sound check":
        from cityeval_desktop.services import check_cache

        monkeypatch.setattr(check_cache, "SETTLE_NS", 0)  # the copied files are seconds old, not minutes
        ctx = open_context(data / "cityeval.sqlite3", data)
        try:
            assert m.check_database(ctx).ok
            again = m.check_database(ctx)
            # the second check took the first one's word for both revisions' case and every file
            assert again.ok and again.reused_cases == 1 and again.reused_files == again.evidence_files == 1
        finally:
            ctx.close()
        time.sleep(0.05)  # a change in the same tick of the file system's clock would leave the same times
    return {**template, "data": data}


@pytest.fixture
def checked(copy: dict[str, Any]) -> Callable[[], m.DbCheckResult]:
    contexts = []

    def run() -> m.DbCheckResult:
        ctx = open_context(copy["data"] / "cityeval.sqlite3", copy["data"])
        contexts.append(ctx)
        return m.check_database(ctx)

    yield run
    for ctx in contexts:
        ctx.close()


def _sql(copy: dict[str, Any], statement: str, *params: object) -> None:
    with sqlite3.connect(copy["data"] / "cityeval.sqlite3") as con:
        cur = con.execute(statement, params)
        assert cur.rowcount != 0, statement  # the tamper really changed something


def _found(result: m.DbCheckResult) -> set[tuple[str, str, str]]:
    return {(p.kind, p.reason, p.detail) for p in result.problems}


def _final_id(copy: dict[str, Any]) -> int:
    with sqlite3.connect(copy["data"] / "cityeval.sqlite3") as con:
        return con.execute("SELECT id FROM cases WHERE case_uuid = ? AND revision = 1", (copy["uuid"],)).fetchone()[0]


def _flip(column: str) -> str:
    """SQL for the column's hex text with its first digit changed (always a different value)."""
    return f"(CASE WHEN substr({column}, 1, 1) = 'f' THEN 'e' ELSE 'f' END || substr({column}, 2))"


FINAL = "case_id = (SELECT id FROM cases WHERE revision = 1)"

# (name, SQL on the copy, a problem the check must report: (kind, reason, detail))
ROW_TAMPERS = [
    (
        "answer value",
        f"UPDATE answers SET value_json = '1' WHERE indicator_id = 'S' AND {FINAL}",
        (m.REVISION_CHANGED, m.PART_ANSWER, "S"),
    ),
    (
        "answer N/A",
        f"UPDATE answers SET not_applicable = 1, reason = '不适用' WHERE indicator_id = 'X' AND {FINAL}",
        (m.REVISION_CHANGED, m.PART_ANSWER, "X"),
    ),
    (
        "answer note",
        f"UPDATE answers SET note = '另有说法' WHERE indicator_id = 'S' AND {FINAL}",
        (m.REVISION_CHANGED, m.PART_ANSWER, "S"),
    ),
    (
        "answer deleted",
        f"DELETE FROM answers WHERE indicator_id = 'T' AND {FINAL}",
        (m.REVISION_CHANGED, m.PART_ANSWER, "T"),
    ),
    (
        "veto decision",
        f"UPDATE veto_decisions SET decided = 1 WHERE veto_id = 'V2' AND {FINAL}",
        (m.REVISION_CHANGED, m.PART_VETO, "V2"),
    ),
    (
        "evidence renamed",
        f"UPDATE evidence SET original_name = 'other.pdf' WHERE {FINAL}",
        (m.REVISION_CHANGED, m.PART_EVIDENCE, "S"),
    ),
    ("evidence detached", f"DELETE FROM evidence WHERE {FINAL}", (m.REVISION_CHANGED, m.PART_EVIDENCE, "S")),
    ("tier", "UPDATE cases SET tier = 'regional' WHERE revision = 1", (m.REVISION_CHANGED, m.PART_CASE, "tier")),
    (
        "entity name",
        "UPDATE cases SET entity_name = '别的公司' WHERE revision = 1",
        (m.REVISION_CHANGED, m.PART_CASE, "entity"),
    ),
    (
        "status unlocked",
        "UPDATE cases SET status = 'draft', finalized_at = NULL WHERE revision = 1",
        (m.STATUS_CHANGED, m.STATUS_UNLOCKED, ""),
    ),
    (
        "draft marked final",
        "UPDATE cases SET status = 'finalized' WHERE revision = 2",
        (m.STATUS_CHANGED, m.STATUS_UNRECORDED, ""),
    ),
    ("finalized revision deleted", "DELETE FROM cases WHERE revision = 1", (m.STATUS_CHANGED, m.STATUS_DELETED, "")),
    (
        "framework text",
        "UPDATE frameworks SET content = CAST(REPLACE(CAST(content AS TEXT), 'points: 10', 'points: 12') AS BLOB)",
        (m.FRAMEWORK_ALTERED, "", None),
    ),
    ("report row deleted", "DELETE FROM case_reports", (m.REPORT_MISSING, m.REPORT_ROW, "")),
    (
        "report row points elsewhere",
        "UPDATE case_reports SET sha256 = (SELECT sha256 FROM evidence LIMIT 1)",
        (m.REPORT_ALTERED, m.REPORT_ROW, ""),
    ),
    (
        "report signer replaced",
        f"UPDATE case_reports SET signer_fingerprint = {_flip('signer_fingerprint')}",
        (m.REPORT_ALTERED, m.REPORT_ROW, ""),
    ),
    (
        "last audit entries deleted",
        "DELETE FROM audit WHERE chain != 'system' "
        "AND position > (SELECT MAX(position) - 2 FROM audit WHERE chain != 'system')",
        (m.AUDIT, m.CHAIN_TRUNCATED, None),
    ),
    (
        "audit entry edited",
        "UPDATE audit SET actor = 'someone else' WHERE position = 3 AND chain != 'system'",
        (m.AUDIT, m.CHAIN_ALTERED, None),
    ),
    (
        "audit head edited",
        f"UPDATE audit_heads SET hash = {_flip('hash')} WHERE chain != 'system'",
        (m.AUDIT, m.CHAIN_HEAD, None),
    ),
    ("cached total", "UPDATE cases SET total = '99.00', grade = 'AAA' WHERE revision = 1", (m.CACHE_STALE, "", "")),
]


@pytest.mark.parametrize(("statement", "expected"), [t[1:] for t in ROW_TAMPERS], ids=[t[0] for t in ROW_TAMPERS])
def test_db_check_names_each_change_to_the_rows(copy, checked, statement: str, expected) -> None:
    _sql(copy, statement)
    found = _found(checked())
    kind, reason, detail = expected
    assert any(k == kind and r == reason and (detail is None or d == detail) for k, r, d in found), found


def test_a_whole_deleted_trail_is_found(copy, checked) -> None:
    _sql(copy, "DELETE FROM audit WHERE chain = ?", copy["uuid"])
    _sql(copy, "DELETE FROM audit_heads WHERE chain = ?", copy["uuid"])
    found = _found(checked())
    assert (m.AUDIT, m.CHAIN_ABSENT, audit.CHAIN_ABSENT) in found
    assert (m.STATUS_CHANGED, m.STATUS_UNRECORDED, "") in found  # nothing records the finalize any more


def test_a_trail_deleted_but_its_head_kept_is_found(copy, checked) -> None:
    _sql(copy, "DELETE FROM audit WHERE chain = ?", copy["uuid"])
    assert (m.AUDIT, m.CHAIN_TRUNCATED, audit.HEAD_TRUNCATED) in _found(checked())


def _report_path(copy: dict[str, Any]) -> Path:
    sha = _sha_of(copy["data"], "case_reports")
    return copy["data"] / "evidence" / sha[:2] / sha


def test_a_changed_report_file_is_found(copy, checked) -> None:
    path = _report_path(copy)
    path.write_bytes(path.read_bytes().replace(b"/Title", b"/Titlf", 1))
    assert (m.REPORT_ALTERED, m.REPORT_FILE, path.name) in _found(checked())


def test_a_deleted_report_file_is_found(copy, checked) -> None:
    path = _report_path(copy)
    path.unlink()
    assert (m.REPORT_MISSING, m.REPORT_FILE, path.name) in _found(checked())


def test_a_changed_evidence_file_is_found(copy, checked) -> None:
    sha = copy["scan_sha"]
    (copy["data"] / "evidence" / sha[:2] / sha).write_bytes(b"%PDF-1.4 another scan")
    assert (m.EVIDENCE_ALTERED, "", "") in {(p.kind, p.reason, p.detail) for p in checked().problems}


def _rewrite_chain(copy: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> None:
    """Change the report.sign entry's recorded content and re-link every hash after it, as a forger would."""
    ctx = open_context(copy["data"] / "cityeval.sqlite3", copy["data"])
    try:
        with ctx.transaction() as s:
            rows = s.query(AuditRow).filter(AuditRow.chain == copy["uuid"]).order_by(AuditRow.position).all()
            prev = audit.GENESIS
            for row in rows:
                if row.action == "report.sign":
                    new = json.loads(row.new_json)
                    change(new)
                    row.new_json = audit.canonical_json(new)
                row.prev_hash = prev
                row.hash = audit.entry_hash(prev, audit.entry_payload(row))
                prev = row.hash
            head = s.get(AuditHead, copy["uuid"])
            head.hash = prev
    finally:
        ctx.close()


def test_rows_changed_and_the_trail_rewritten_to_match_are_caught_by_the_signed_report(copy, checked) -> None:
    _sql(copy, f"UPDATE answers SET value_json = '1' WHERE indicator_id = 'S' AND {FINAL}")

    def forge(new: dict[str, Any]) -> None:
        for answer in new["content"]["answers"]:
            if answer["indicator"] == "S":
                answer["value"] = "1"
        from cityeval_desktop.store.digest import content_hash

        new["content_sha256"] = content_hash(new["content"])

    _rewrite_chain(copy, forge)
    result = checked()
    found = _found(result)
    assert not [p for p in result.problems if p.kind == m.AUDIT]  # the forged trail links up
    assert (m.REPORT_ALTERED, m.REPORT_CONTENT, "") in found  # but not with the signed report
    assert (m.REVISION_CHANGED, m.PART_CONTENT, "") in found


def _env(cli: Any, copy: dict[str, Any], **extra: str) -> dict[str, str]:
    return cli.env(CITYEVAL_DATA_DIR=str(copy["data"]), CITYEVAL_DB=str(copy["data"] / "cityeval.sqlite3"), **extra)


def test_the_cli_words_every_problem_in_chinese_and_fails(copy, cli) -> None:
    _sql(copy, f"UPDATE answers SET value_json = '1' WHERE indicator_id = 'S' AND {FINAL}")
    _sql(copy, "UPDATE cases SET status = 'draft' WHERE revision = 1")
    _sql(copy, "DELETE FROM case_reports")
    res = cli("db", "check", env=_env(cli, copy))
    assert res.code == 1, res.out + res.err
    assert "指标 S 的答案、不适用或备注在定稿后被改动" in res.err
    assert "审计记录显示已定稿，但现在是草稿" in res.err
    assert "已签署的定稿报告缺失" in res.err
    assert "Traceback" not in res.err and "internal error" not in res.err
    res = cli("db", "check", env=_env(cli, copy, CITYEVAL_LANG="en"))
    assert "the answer, N/A or note of indicator S was changed after finalizing" in res.err


def test_a_finalized_revision_without_its_signed_report_gets_no_unsigned_final_report(copy, cli) -> None:
    _sql(copy, "DELETE FROM case_reports")
    out = copy["data"].parent / "report.pdf"
    res = cli("report", "pdf", copy["ref"], str(out), env=_env(cli, copy))
    assert res.code != 0
    assert "已签署报告不在数据库中" in res.err
    assert not out.exists()


def test_render_report_refuses_too(copy) -> None:
    _sql(copy, "DELETE FROM case_reports")
    ctx = open_context(copy["data"] / "cityeval.sqlite3", copy["data"])
    try:
        with pytest.raises(Exception, match=r"不在数据库中|not in the database"):
            render_report(ctx, copy["ref"], lang="zh")
    finally:
        ctx.close()


def test_a_changed_framework_text_is_refused_instead_of_rescoring(copy) -> None:
    _sql(
        copy, "UPDATE frameworks SET content = CAST(REPLACE(CAST(content AS TEXT), 'points: 10', 'points: 12') AS BLOB)"
    )
    ctx = open_context(copy["data"] / "cityeval.sqlite3", copy["data"])
    try:
        with pytest.raises(Exception, match="SHA-256"):
            case_service.load_case(ctx, copy["ref"])
    finally:
        ctx.close()


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


def test_orphans_and_partial_copies_are_reported_and_repaired(copy, checked) -> None:
    evidence = copy["data"] / "evidence"
    orphan_sha = "ab" + "0" * 62
    (evidence / "ab").mkdir(exist_ok=True)
    orphan = evidence / "ab" / orphan_sha
    orphan.write_bytes(b"x" * 1000)
    partial = evidence / ".incoming-killed"
    partial.write_bytes(b"y" * 500)
    fresh = evidence / ".incoming-in-progress"
    fresh.write_bytes(b"z")
    for path in (orphan, partial):
        _age(path, m.ORPHAN_GRACE_SECONDS + 60)
    result = checked()
    kinds = {(p.kind, p.subject) for p in result.problems}
    assert (m.ORPHAN_FILE, f"evidence/ab/{orphan_sha}") in kinds
    assert (m.PARTIAL_COPY, "evidence/.incoming-killed") in kinds
    assert not any("in-progress" in p.subject for p in result.problems)  # may be an attach still running
    ctx = open_context(copy["data"] / "cityeval.sqlite3", copy["data"])
    try:
        repaired = m.repair_database(ctx)
        assert sorted(repaired.removed_files) == sorted([f"evidence/ab/{orphan_sha}", "evidence/.incoming-killed"])
        assert repaired.freed_bytes == 1500
        assert not orphan.exists() and not partial.exists() and fresh.exists()
        assert m.check_database(ctx).ok
        # the evidence and the report the case uses are all still there
        assert case_service.load_case(ctx, copy["ref"]).evidence
        assert render_report(ctx, copy["ref"], lang="zh").startswith(b"%PDF")
    finally:
        ctx.close()


def test_db_check_repair_recomputes_stale_figures_and_says_so(copy, cli) -> None:
    _sql(copy, "UPDATE cases SET total = '99.00', grade = 'AAA' WHERE revision = 2")
    env = _env(cli, copy)
    assert cli("db", "check", env=env).code == 1
    res = cli("db", "check", "--repair", env=env)
    assert res.code == 0, res.err
    assert "重算 1 个修订版本的列表数字" in res.out
    listed = cli("case", "list", "--json", "--all-revisions", env=env).json()
    draft = next(c for c in listed if c["revision"] == 2) if isinstance(listed, list) else None
    assert draft is not None and draft["total"] != "99.00"
