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
