"""A signed report never disagrees with the revision it locks (issue 9, item 2).

Finalize renders and signs the report from one read of the revision, then locks it in another
transaction. An answer committed in between, in the same second (``updated_at`` has one-second
resolution), used to go unnoticed: the case was locked with figures the signed report does not
show. Every write now increments the revision's ``version``; the locking transaction compares it.
The race is made deterministic: the clock stands still, and a second program's answer is
committed while the report is being signed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services import reporting
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.errors import StateError
from cityeval_desktop.signing.identity import create_identity, load_identity
from tests.case_data_helpers import org_for, staff_if_third_party

FIXTURES = Path(__file__).parents[2] / "fixtures"
PASSWORD = "pw-2026-long"
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}
FROZEN = datetime(2026, 11, 27, 9, 30, 15, tzinfo=UTC)


@pytest.fixture(scope="module")
def signer(tmp_path_factory):
    path = tmp_path_factory.mktemp("pki") / "zhangsan.p12"
    create_identity(path, name="张三", org="福建数字评估中心", password=PASSWORD, key_size=2048)
    return load_identity(path, PASSWORD)


def _version(ctx, ref: str) -> int:
    with ctx.reading() as s:
        return case_service.find_case(s, ref).version


def _complete_case(ctx, tmp_path: Path, lead=None) -> str:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    ref = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="签署主体", uscc="91350100M000100Y43"
    ).ref
    for ind, value in VALUES.items():
        case_service.set_answer(ctx, ref, ind, value=value)
    for veto in ("V1", "V2"):
        case_service.set_veto(ctx, ref, veto, False)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    case_service.add_evidence(ctx, ref, "S", [scan])
    staff_if_third_party(ctx, ref, tmp_path, lead=lead)
    return ref


def test_an_answer_committed_while_signing_in_the_same_second_stops_the_lock(
    ctx, db_url: str, data_dir: Path, tmp_path: Path, signer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(case_service, "utcnow", lambda: FROZEN)  # every write lands in the same second
    ref = _complete_case(ctx, tmp_path, lead=signer)
    before = case_service.load_case(ctx, ref)
    render = reporting._render
    other = open_context(db_url, data_dir, actor="another program")

    def sign_while_another_program_answers(*args, **kwargs):
        signed = render(*args, **kwargs)
        case_service.set_answer(other, ref, "T", value=2)  # committed before the lock is taken
        return signed

    monkeypatch.setattr(reporting, "_render", sign_while_another_program_answers)
    try:
        with pytest.raises(StateError) as raised:
            reporting.finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref), lang="en")
    finally:
        other.close()
    assert "the case changed while finalizing; try again" in str(raised.value)
    after = case_service.load_case(ctx, ref)
    assert after.summary.updated_at == before.summary.updated_at  # the clock could not tell them apart
    assert after.summary.is_draft  # not locked with figures the signed report does not show
    assert after.result.total != before.result.total
    assert reporting.signed_report_info(ctx, ref) is None
    actions = [e["action"] for e in reporting.audit_entries(ctx, after.summary.case_uuid)]
    assert "report.sign" not in actions and "case.finalize" not in actions

    # signed again from what is stored now, it locks, and the report shows those figures
    monkeypatch.setattr(reporting, "_render", render)
    done = reporting.finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref), lang="en")
    assert not done.detail.summary.is_draft
    assert done.detail.result.total == after.result.total


def test_every_write_to_a_revision_counts_one_more_version(ctx, tmp_path: Path) -> None:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    ref = case_service.new_case(
        ctx, framework="mini", tier="city", mode="self", entity_name="计数主体", uscc="91350100M000100Y43"
    ).ref
    seen = [_version(ctx, ref)]
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    writes = [
        lambda: case_service.set_answer(ctx, ref, "S", value=2),
        lambda: case_service.set_answer(ctx, ref, "S", note="见附件"),
        lambda: case_service.set_answer(ctx, ref, "S", not_applicable=True, reason="本单位不涉及"),
        lambda: case_service.set_answer(ctx, ref, "S", not_applicable=False),
        lambda: case_service.set_veto(ctx, ref, "V1", False),
        lambda: case_service.add_evidence(ctx, ref, "S", [scan]),
        lambda: case_service.remove_evidence(ctx, ref, case_service.load_case(ctx, ref).evidence[0].id),
        lambda: case_service.restore_answer(ctx, ref, "S", None),
    ]
    for write in writes:
        write()
        seen.append(_version(ctx, ref))
    assert seen == list(range(1, len(writes) + 2))
