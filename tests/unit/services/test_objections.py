"""Objections (异议, issue 13 §2.6): each step of their handling, what is refused (nothing stored then), the
revisions an upheld one withdraws, the audit trail, and the database check over their files."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services import objections as obj
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.errors import InputError, NotFoundError, StateError
from cityeval_desktop.services.maintenance import EVIDENCE_ALTERED, ORPHAN_FILE, check_database
from cityeval_desktop.services.reporting import audit_entries, finalize_and_sign
from cityeval_desktop.signing.identity import create_identity
from cityeval_desktop.store import audit
from cityeval_desktop.store.models import Objection, ObjectionAttachment
from tests.case_data_helpers import org_for, staff_if_third_party

FIXTURES = Path(__file__).parents[2] / "fixtures"
USCC = "91350100M000100Y43"
OTHER_USCC = "91512081MA62K0260E"
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}


@pytest.fixture(scope="module")
def signer(tmp_path_factory):
    path = tmp_path_factory.mktemp("pki") / "lead.p12"
    return create_identity(path, name="异议测试组长", org="福建数字评估中心", password="pw-objection", key_size=2048)


def _draft(ctx, tmp_path: Path, *, mode: str = "third-party", uscc: str = USCC, framework: str = "mini") -> str:
    ref = case_service.new_case(
        ctx, framework=framework, tier="city", mode=mode, entity_name="异议主体有限公司", uscc=uscc
    ).ref
    for ind, value in VALUES.items():
        case_service.set_answer(ctx, ref, ind, value=value)
    for veto in ("V1", "V2"):
        case_service.set_veto(ctx, ref, veto, False)
    evidence = tmp_path / "scale-evidence.pdf"
    evidence.write_bytes(b"%PDF-1.4 scale evidence")
    case_service.add_evidence(ctx, ref, "S", [evidence])
    return ref


def finalized(ctx, tmp_path: Path, signer, *, mode: str = "third-party", uscc: str = USCC, framework: str = "mini"):
    """A finalized revision made through the services (mini framework), returned as ``uuid@revision``."""
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    ref = _draft(ctx, tmp_path, mode=mode, uscc=uscc, framework=framework)
    staff_if_third_party(ctx, ref, tmp_path, lead=signer)
    return finalize_and_sign(
        ctx, ref, signer, org_identity=org_for(ctx, ref), confirm_signer_mismatch=mode == "self"
    ).detail.summary.ref


def amended(ctx, tmp_path: Path, signer, ref: str) -> str:
    """The next revision of ``ref``, finalized (the amended result)."""
    new = case_service.amend(ctx, ref, "异议成立后修订").ref
    case_service.set_answer(ctx, new, "T", value=5)
    staff_if_third_party(ctx, new, tmp_path, lead=signer)
    return finalize_and_sign(ctx, new, signer, org_identity=org_for(ctx, new)).detail.summary.ref


def _row_id(ctx, ref: str) -> int:
    return case_service.load_case(ctx, ref).summary.row_id


def _withdrawn(ctx) -> set[int]:
    with ctx.reading() as s:
        return obj.withdrawn_revision_ids(s)


def _stored_objections(ctx) -> int:
    with ctx.reading() as s:
        return s.scalar(select(func.count()).select_from(Objection)) or 0


def _evidence_files(ctx) -> set[Path]:
    root = ctx.evidence.root
    return {p for p in root.rglob("*") if p.is_file()} if root.is_dir() else set()


def _system_entries(ctx) -> list[dict]:
    with ctx.reading() as s:
        return [e for e in audit.export_chain(s, audit.SYSTEM_CHAIN) if e["action"].startswith("objection.")]


def test_received_reviewed_upheld_withdraws_exactly_that_revision(ctx, tmp_path, signer) -> None:
    ref = finalized(ctx, tmp_path, signer)
    scan = tmp_path / "投诉材料.pdf"
    scan.write_bytes(b"%PDF-1.4 the objector's evidence")
    added = obj.add_objection(ctx, ref, "  现场核查人员未到场，评分与事实不符  ", files=[scan], by="李四")
    assert added.state == obj.RECEIVED and added.open
    assert added.number.startswith(f"{added.received_at.year}-") or added.number[:4].isdigit()
    assert added.case_ref == ref and added.uscc == USCC and added.category == "planning-consulting"
    assert added.grounds == "现场核查人员未到场，评分与事实不符" and added.objector == "李四"
    assert [(a.name, a.size) for a in added.attachments] == [("投诉材料.pdf", scan.stat().st_size)]
    assert ctx.evidence.verify(added.attachments[0].sha256)
    assert _withdrawn(ctx) == set()  # received: nothing withdrawn yet

    reviewed = obj.review_objection(ctx, added.number)
    assert reviewed.state == obj.UNDER_REVIEW and reviewed.reviewed_by == "tester" and reviewed.open
    assert _withdrawn(ctx) == set()

    decided = obj.decide_objection(ctx, added.number, upheld=True, reason="复核确认核查记录缺失")
    assert decided.state == obj.UPHELD and not decided.open and decided.reason == "复核确认核查记录缺失"
    assert decided.decided_at is not None and decided.decided_by == "tester"
    assert _withdrawn(ctx) == {_row_id(ctx, ref)}

    # the amended revision is not withdrawn; the withdrawn one stays withdrawn
    newer = amended(ctx, tmp_path, signer, ref)
    assert _withdrawn(ctx) == {_row_id(ctx, ref)} and _row_id(ctx, newer) not in _withdrawn(ctx)
    with ctx.reading() as s:  # the same set as a subquery, for aggregates
        assert set(s.scalars(obj.withdrawn_revisions())) == {_row_id(ctx, ref)}
    # the superseded revision takes no new objection: the newer one is named
    with pytest.raises(StateError) as err:
        obj.add_objection(ctx, ref, "再次异议")
    assert f"{newer}" in " ".join(err.value.lines("zh")) and "已被第 2 版取代" in " ".join(err.value.lines("zh"))
    # a USCC now names the amended revision
    assert obj.add_objection(ctx, USCC, "对修订结果的异议").case_ref == newer


def test_dismissed_withdraws_nothing_and_a_decision_is_made_once(ctx, tmp_path, signer) -> None:
    ref = finalized(ctx, tmp_path, signer)
    first = obj.add_objection(ctx, ref, "评分偏高")
    decided = obj.decide_objection(ctx, first.number, upheld=False, reason="证据齐全，评分有据")
    assert decided.state == obj.DISMISSED and _withdrawn(ctx) == set()
    with pytest.raises(StateError) as err:
        obj.decide_objection(ctx, first.number, upheld=True, reason="改判")
    assert "不能再次处理" in " ".join(err.value.lines("zh")) and "cannot be handled again" in " ".join(
        err.value.lines("en")
    )
    with pytest.raises(StateError):
        obj.review_objection(ctx, first.number)  # a dismissed one is not reviewed again either
    assert _withdrawn(ctx) == set()

    second = obj.add_objection(ctx, ref, "另一项异议")
    obj.review_objection(ctx, second.number)
    with pytest.raises(StateError) as err:
        obj.review_objection(ctx, second.number)
    assert "已在复核中" in " ".join(err.value.lines("zh"))
    obj.decide_objection(ctx, second.number, upheld=True, reason="成立")
    with pytest.raises(StateError):
        obj.decide_objection(ctx, second.number, upheld=False, reason="again")
    assert second.number != first.number
    states = {o.number: o.state for o in obj.list_objections(ctx)}
    assert states == {first.number: obj.DISMISSED, second.number: obj.UPHELD}
    assert obj.list_objections(ctx, open_only=True) == []
    with pytest.raises(NotFoundError):
        obj.decide_objection(ctx, "2099-9999", upheld=True, reason="x")
    with pytest.raises(InputError):
        obj.decide_objection(ctx, second.number, upheld=True, reason="   ")


def test_what_is_refused_stores_nothing(ctx, tmp_path, signer) -> None:
    ref = finalized(ctx, tmp_path, signer)
    draft = _draft(ctx, tmp_path)
    self_check = finalized(ctx, tmp_path, signer, mode="self", uscc=OTHER_USCC)
    before = _evidence_files(ctx)
    scan = tmp_path / "a.pdf"
    scan.write_bytes(b"%PDF-1.4 a")
    with pytest.raises(InputError) as err:
        obj.add_objection(ctx, ref, "长" * (obj.MAX_GROUNDS + 1), files=[scan])
    assert "上限 4000 字" in " ".join(err.value.lines("zh"))
    with pytest.raises(InputError):
        obj.add_objection(ctx, ref, " \n ", files=[scan])
    with pytest.raises(InputError):
        obj.add_objection(ctx, ref, "理由", by="名\n字")

    with pytest.raises(StateError) as err:
        obj.add_objection(ctx, draft, "草稿也异议", files=[scan])
    assert "是草稿" in " ".join(err.value.lines("zh")) and "is a draft" in " ".join(err.value.lines("en"))

    with pytest.raises(StateError) as err:
        obj.add_objection(ctx, self_check, "自评异议")
    assert "自评结果" in " ".join(err.value.lines("zh")) and "self-check" in " ".join(err.value.lines("en"))
    with pytest.raises(NotFoundError) as err:  # the entity has a self-check only: no third-party result
        obj.add_objection(ctx, OTHER_USCC, "按代码异议", files=[scan])
    assert "没有已定稿的第三方评估结果" in " ".join(err.value.lines("zh"))
    with pytest.raises(InputError) as err:  # a mistyped code is told as one
        obj.add_objection(ctx, "91350100M000100Y44", "校验位错误的代码")
    assert "校验位错误" in " ".join(err.value.lines("zh"))
    with pytest.raises(NotFoundError):
        obj.add_objection(ctx, "deadbeef@1", "没有这个案例")

    assert _stored_objections(ctx) == 0 and _system_entries(ctx) == []
    assert _evidence_files(ctx) == before  # the file of a refused objection was never stored


def test_a_uscc_with_results_in_several_categories_asks_for_the_case(ctx, tmp_path, signer) -> None:
    ref = finalized(ctx, tmp_path, signer)
    assert obj.add_objection(ctx, USCC.lower(), "按代码提出").case_ref == ref  # typed in lower case
    other = tmp_path / "mini-build.yaml"
    other.write_text(
        (FIXTURES / "mini.yaml")
        .read_text(encoding="utf-8")
        .replace("id: mini\n", "id: mini-build\n", 1)
        .replace("category: planning-consulting", "category: construction-implementation", 1),
        encoding="utf-8",
    )
    fw_registry.install_file(ctx, other)
    second = finalized(ctx, tmp_path, signer, framework="mini-build")
    with pytest.raises(InputError) as err:
        obj.add_objection(ctx, USCC, "哪一个？")
    zh, en = " ".join(err.value.lines("zh")), " ".join(err.value.lines("en"))
    assert ref in zh and second in zh and "请写明针对哪一个案例" in zh and "建设实施" in zh
    assert "name the case" in en and "construction" in en.lower()
    assert obj.add_objection(ctx, second, "指明案例").category == "construction-implementation"
    assert _stored_objections(ctx) == 2


def test_hostile_attachments_are_refused_and_nothing_is_stored(ctx, tmp_path, signer) -> None:
    ref = finalized(ctx, tmp_path, signer)
    before = _evidence_files(ctx)
    real = tmp_path / "real.pdf"
    real.write_bytes(b"%PDF-1.4 real")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    ctx.set_evidence_limit(1000)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 1001)
    for bad, words in (
        (link, "符号链接"),
        (folder, "文件夹"),
        (fifo, "不是普通文件"),
        (big, "文件过大"),
        (tmp_path / "missing.pdf", "文件不存在"),
    ):
        with pytest.raises(InputError) as err:
            obj.add_objection(ctx, ref, "附件有问题", files=[real, bad])
        assert words in " ".join(err.value.lines("zh")), bad
    with pytest.raises(InputError):
        obj.add_objection(ctx, ref, "附件太多", files=[real] * (obj.MAX_FILES + 1))
    assert _stored_objections(ctx) == 0 and _evidence_files(ctx) == before

    odd = tmp_path / "名单\x1b[2J\n.pdf"  # a hostile name is kept as a name, never as a path
    odd.write_bytes(b"%PDF-1.4 odd")
    added = obj.add_objection(ctx, ref, "附件名称古怪", files=[odd, real])
    assert [a.name for a in added.attachments] == ["名单\x1b[2J\n.pdf", "real.pdf"]


def test_every_step_is_in_the_audit_trail_and_the_check_covers_the_files(ctx, tmp_path, signer) -> None:
    ref = finalized(ctx, tmp_path, signer)
    uuid, revision = ref.split("@")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan of the objection")
    one = obj.add_objection(ctx, ref, "理由一", files=[scan], by="王五")
    obj.review_objection(ctx, one.number)
    obj.decide_objection(ctx, one.number, upheld=True, reason="成立")
    entries = _system_entries(ctx)
    assert [e["action"] for e in entries] == [obj.ADD, obj.REVIEW, obj.DECIDE]
    assert all(e["target"] == uuid and e["revision"] == int(revision) and e["actor"] == "tester" for e in entries)
    assert entries[0]["new"]["grounds"] == "理由一" and entries[0]["new"]["by"] == "王五"
    assert entries[0]["new"]["attachments"][0]["sha256"] == one.attachments[0].sha256
    assert entries[1]["old"]["state"] == obj.RECEIVED and entries[1]["new"]["state"] == obj.UNDER_REVIEW
    assert entries[2]["new"] == {"objection": one.number, "state": obj.UPHELD, "reason": "成立", "withdrawn": True}
    # the case's own chain (its history, carried in packages) has none of them
    assert not any(e["action"].startswith("objection.") for e in audit_entries(ctx, uuid))

    checked = check_database(ctx)
    assert checked.problems == [] and checked.evidence_files >= 1
    stored = ctx.evidence.path_of(one.attachments[0].sha256)
    os.utime(stored, (1_000_000, 1_000_000))  # old enough to be an orphan, were it one
    assert not any(p.kind == ORPHAN_FILE for p in check_database(ctx).problems)
    stored.chmod(0o644)
    stored.write_bytes(b"changed")
    assert [p.kind for p in check_database(ctx).problems] == [EVIDENCE_ALTERED]


def test_the_attachment_rows_go_with_nothing_else(ctx, tmp_path, signer) -> None:
    """The same file handed in twice is stored once and listed twice, in order."""
    ref = finalized(ctx, tmp_path, signer)
    scan = tmp_path / "same.pdf"
    scan.write_bytes(b"%PDF-1.4 same")
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(b"%PDF-1.4 same")
    added = obj.add_objection(ctx, ref, "同一文件两次", files=[scan, copy])
    assert [a.name for a in added.attachments] == ["same.pdf", "copy.pdf"]
    assert len({a.sha256 for a in added.attachments}) == 1
    with ctx.reading() as s:
        assert [r.position for r in s.scalars(select(ObjectionAttachment).order_by(ObjectionAttachment.id))] == [1, 2]


def test_writers_side_by_side_get_distinct_numbers_and_one_chain(ctx, db_url, data_dir, tmp_path, signer) -> None:
    """Several workstations record and decide objections at once (a server: really side by side)."""
    ref = finalized(ctx, tmp_path, signer)
    writers = [open_context(db_url, data_dir, actor=f"workstation {n}") for n in range(4)]
    start = threading.Barrier(len(writers))
    results: list[object] = [None] * len(writers)

    def run(n: int) -> None:
        start.wait()
        try:
            numbers = [obj.add_objection(writers[n], ref, f"异议 {n}-{k}").number for k in range(3)]
            obj.decide_objection(writers[n], numbers[0], upheld=n % 2 == 0, reason=f"决定 {n}")
            results[n] = numbers
        except BaseException as exc:
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(writers))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    finally:
        for w in writers:
            w.close()
    assert not [r for r in results if isinstance(r, BaseException)], results
    numbers = [n for r in results if isinstance(r, list) for n in r]
    assert len(numbers) == len(set(numbers)) == 12
    assert len(_system_entries(ctx)) == 16 and check_database(ctx).problems == []
    assert _withdrawn(ctx) == {_row_id(ctx, ref)}
    assert len(obj.list_objections(ctx, open_only=True)) == 8
