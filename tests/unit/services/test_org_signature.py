"""A third-party report is signed by the lead assessor, then by the assessor organisation (issue 12 §1.4, §1.5).

``finalize_and_sign`` with the lead's and the organisation's identities: the refusals before anything is
rendered or numbered, the two signatures in order in the stored report, the audit entry naming both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.reporting import audit_entries, finalize_and_sign, stored_final_report
from cityeval_desktop.signing.pades import verify_pdf
from tests.case_data_helpers import org_identity, staff, team_identity

FIXTURES = Path(__file__).parents[2] / "fixtures"
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}


def _case(ctx, tmp_path: Path, mode: str = "third-party") -> str:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    ref = case_service.new_case(
        ctx, framework="mini", tier="city", mode=mode, entity_name="签署主体", uscc="91350100M000100Y43"
    ).ref
    for ind, value in VALUES.items():
        case_service.set_answer(ctx, ref, ind, value=value)
    for veto in ("V1", "V2"):
        case_service.set_veto(ctx, ref, veto, False)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    case_service.add_evidence(ctx, ref, "S", [scan])
    return ref


@pytest.fixture
def lead(tmp_path):
    return team_identity(tmp_path / "team", "lead.p12", "钱组长", "福建数字评估中心")


def _msg(err: pytest.ExceptionInfo, lang: str) -> str:
    return "\n".join(err.value.render(lang))


def _numbers(ctx, ref: str) -> tuple[object, object]:
    data = case_service.load_case(ctx, ref).case_data
    return data.report_no, data.certificate_no


def test_lead_then_organisation_sign_in_order(ctx, tmp_path, lead) -> None:
    ref = _case(ctx, tmp_path)
    staff(ctx, ref, lead, tmp_path)
    org = org_identity(tmp_path)
    result = finalize_and_sign(ctx, ref, lead, org_identity=org)
    assert (result.signer_name, result.org_name) == ("钱组长", "福建数字评估中心")
    pdf = stored_final_report(ctx, ref)
    reports = verify_pdf(pdf, [lead.certificate, org.certificate])
    assert [(r.role, r.signer_name) for r in reports] == [("lead", "钱组长"), ("org", "福建数字评估中心")]
    assert all(r.ok for r in reports), [p.en for r in reports for p in r.problems]
    assert [r.later_signatures for r in reports] == [1, 0]
    [entry] = [e for e in audit_entries(ctx, result.detail.summary.case_uuid) if e["action"] == "report.sign"]
    assert entry["new"]["fingerprint"] == lead.fingerprint and entry["new"]["signer"] == "钱组长"
    assert entry["new"]["org"] == {
        "signer": "福建数字评估中心",
        "org": "福建数字评估中心",
        "uscc": org.uscc,
        "fingerprint": org.fingerprint,
    }


def test_third_party_without_an_organisation_identity_is_refused_before_numbering(ctx, tmp_path, lead) -> None:
    ref = _case(ctx, tmp_path)
    staff(ctx, ref, lead, tmp_path)
    with pytest.raises(InputError) as err:
        finalize_and_sign(ctx, ref, lead)
    assert "--org-identity" in _msg(err, "en") and "评估机构" in _msg(err, "zh")
    assert case_service.load_case(ctx, ref).summary.is_draft
    assert _numbers(ctx, ref) == (None, None)  # nothing numbered


def test_a_person_identity_is_not_an_organisation_identity(ctx, tmp_path, lead) -> None:
    ref = _case(ctx, tmp_path)
    staff(ctx, ref, lead, tmp_path)
    person = team_identity(tmp_path / "team", "other.p12", "孙评估", "福建数字评估中心")
    with pytest.raises(InputError) as err:
        finalize_and_sign(ctx, ref, lead, org_identity=person)
    assert "not an organisation identity" in _msg(err, "en")
    assert _numbers(ctx, ref) == (None, None)


def test_the_lead_signature_needs_the_team_lead(ctx, tmp_path, lead) -> None:
    ref = _case(ctx, tmp_path)
    staff(ctx, ref, lead, tmp_path)
    someone = team_identity(tmp_path / "team", "someone.p12", "孙评估", "福建数字评估中心")
    with pytest.raises(InputError) as err:
        finalize_and_sign(ctx, ref, someone, org_identity=org_identity(tmp_path))
    assert "钱组长" in _msg(err, "zh") and "孙评估" in _msg(err, "en")
    assert case_service.load_case(ctx, ref).summary.is_draft and _numbers(ctx, ref) == (None, None)


def test_a_self_check_takes_no_organisation_identity(ctx, tmp_path) -> None:
    ref = _case(ctx, tmp_path, mode="self")
    own = org_identity(tmp_path, "own.p12", name="签署主体", uscc="91350100M000100Y43")
    with pytest.raises(InputError) as err:
        finalize_and_sign(ctx, ref, own, org_identity=org_identity(tmp_path))
    assert "self-check is signed once" in _msg(err, "en")
    result = finalize_and_sign(ctx, ref, own)
    [report] = verify_pdf(stored_final_report(ctx, ref), [own.certificate])
    assert report.ok and report.role is None and result.org_name is None


# ----------------------------------------------------------------------------- the reviewer's countersignature
def _finalized(ctx, tmp_path: Path, lead) -> tuple[str, object]:
    ref = _case(ctx, tmp_path)
    staff(ctx, ref, lead, tmp_path)
    finalize_and_sign(ctx, ref, lead, org_identity=org_identity(tmp_path))
    reviewer = team_identity(tmp_path / "team", "reviewer.p12", "赵审核", "福建省评估协会")  # made by staff()
    return ref, reviewer


def test_the_reviewer_countersigns_once_keeping_the_earlier_signatures(ctx, tmp_path, lead) -> None:
    from cityeval_desktop.services.maintenance import check_database
    from cityeval_desktop.services.reporting import countersign, signed_report_info

    ref, reviewer = _finalized(ctx, tmp_path, lead)
    before = stored_final_report(ctx, ref)
    old_sha = signed_report_info(ctx, ref).sha256
    result = countersign(ctx, ref, reviewer)
    after = stored_final_report(ctx, ref)
    assert after.startswith(before) and len(after) > len(before)
    info = signed_report_info(ctx, ref)
    assert (info.sha256, info.size, info.signer_name) == (result.report_sha256, len(after), "钱组长")
    reports = verify_pdf(after, [], trust_later=False)
    roles = [(r.role, r.signer_name) for r in reports]
    assert roles == [("lead", "钱组长"), ("org", "福建数字评估中心"), ("reviewer", "赵审核")]
    assert all(r.intact and r.valid and r.covers_whole_document for r in reports)
    assert [r.later_signatures for r in reports] == [2, 1, 0]
    [entry] = [e for e in audit_entries(ctx, result.detail.summary.case_uuid) if e["action"] == "report.countersign"]
    assert entry["old"]["sha256"] == old_sha and entry["new"]["sha256"] == result.report_sha256
    assert entry["new"]["fingerprint"] == reviewer.fingerprint and entry["new"]["signer"] == "赵审核"
    checked = check_database(ctx)
    assert checked.ok, checked.problems

    from cityeval_desktop.services.errors import StateError

    with pytest.raises(StateError) as err:
        countersign(ctx, ref, reviewer)
    assert "countersigned already" in _msg(err, "en")
    assert stored_final_report(ctx, ref) == after


def test_only_the_teams_reviewer_countersigns_a_finalized_third_party_report(ctx, tmp_path, lead) -> None:
    from cityeval_desktop.services.errors import StateError
    from cityeval_desktop.services.reporting import countersign

    draft = _case(ctx, tmp_path)
    staff(ctx, draft, lead, tmp_path)
    reviewer = team_identity(tmp_path / "team", "reviewer.p12", "赵审核", "福建省评估协会")
    with pytest.raises(StateError) as err:
        countersign(ctx, draft, reviewer)
    assert "finalize first" in _msg(err, "en")
    finalize_and_sign(ctx, draft, lead, org_identity=org_identity(tmp_path))
    before = stored_final_report(ctx, draft)
    with pytest.raises(InputError) as err:
        countersign(ctx, draft, lead)  # the lead is not the reviewer
    assert "赵审核" in _msg(err, "zh") and "钱组长" in _msg(err, "en")
    assert stored_final_report(ctx, draft) == before
    case_service.amend(ctx, draft, "复核更正")
    with pytest.raises(StateError) as err:
        countersign(ctx, draft.split("@")[0] + "@1", reviewer)
    assert "newer revision" in _msg(err, "en")


def test_the_db_check_refuses_a_countersigned_report_that_does_not_continue_the_finalized_one(
    ctx, tmp_path, lead
) -> None:
    from sqlalchemy import select

    from cityeval_desktop.services.maintenance import REPORT_ALTERED, check_database
    from cityeval_desktop.services.reporting import countersign, signed_report_info
    from cityeval_desktop.store.models import AuditRow

    ref, reviewer = _finalized(ctx, tmp_path, lead)
    countersign(ctx, ref, reviewer)
    assert check_database(ctx).ok
    # the stored countersigned bytes swapped for a copy with a byte changed in the finalize part
    info = signed_report_info(ctx, ref)
    path = ctx.evidence.path_of(info.sha256)
    data = bytearray(path.read_bytes())
    data[data.index(b"stream") + 40] ^= 0x01
    path.chmod(0o644)
    path.write_bytes(bytes(data))
    found = check_database(ctx)
    assert any(p.kind == REPORT_ALTERED for p in found.problems), found.problems
    with ctx.reading() as s:  # (the audit chain itself is untouched: the report is what changed)
        assert s.scalars(select(AuditRow).where(AuditRow.action == "report.countersign")).first() is not None


def test_the_signatures_of_a_report_as_the_window_names_them(ctx, tmp_path, lead) -> None:
    """``report_signatures`` (the workspace's status line and its countersign action): none for a draft; the
    lead and the organisation, awaiting the reviewer, after finalize; all three after the countersignature;
    a self-check's one signer, awaiting nobody."""
    from cityeval_desktop.services.reporting import countersign, report_signatures

    draft = _case(ctx, tmp_path)
    assert report_signatures(ctx, draft) is None
    staff(ctx, draft, lead, tmp_path)
    finalize_and_sign(ctx, draft, lead, org_identity=org_identity(tmp_path))
    sigs = report_signatures(ctx, draft)
    assert (sigs.lead, sigs.org, sigs.reviewer, sigs.reviewer_box) == ("钱组长", "福建数字评估中心", None, True)
    assert sigs.awaiting_reviewer
    countersign(ctx, draft, team_identity(tmp_path / "team", "reviewer.p12", "赵审核", "福建省评估协会"))
    sigs = report_signatures(ctx, draft)
    assert (sigs.lead, sigs.org, sigs.reviewer) == ("钱组长", "福建数字评估中心", "赵审核")
    assert not sigs.awaiting_reviewer

    own_case = _case(ctx, tmp_path, mode="self")
    own = org_identity(tmp_path, "own.p12", name="签署主体", uscc="91350100M000100Y43")
    finalize_and_sign(ctx, own_case, own)
    sigs = report_signatures(ctx, own_case)
    assert (sigs.lead, sigs.org, sigs.reviewer, sigs.awaiting_reviewer) == ("签署主体", None, None, False)
