"""The result certificate service: what it refuses (nothing written, nothing recorded), and what the check says
of a superseded revision or a case that differs."""

from __future__ import annotations

from pathlib import Path

import pytest

from cityeval_desktop.domain.text import DomainError
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.certificates import check_certificate, write_certificate
from cityeval_desktop.services.errors import StateError
from cityeval_desktop.services.reporting import audit_entries, finalize_and_sign, signed_report_info
from cityeval_desktop.services.signatures import verify_signed_pdf
from cityeval_desktop.signing.identity import create_identity
from tests.case_data_helpers import org_for, staff_if_third_party

FIXTURES = Path(__file__).parents[2] / "fixtures"
PASSWORD = "pw-2026-cert"
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}


@pytest.fixture(scope="module")
def signer(tmp_path_factory):
    path = tmp_path_factory.mktemp("pki") / "org.p12"
    return create_identity(path, name="证书签发人", org="福建数字评估中心", password=PASSWORD, key_size=2048)


def _finalized(ctx, tmp_path: Path, signer) -> str:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    ref = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="证书主体", uscc="91350100M000100Y43"
    ).ref
    for ind, value in VALUES.items():
        case_service.set_answer(ctx, ref, ind, value=value)
    for veto in ("V1", "V2"):
        case_service.set_veto(ctx, ref, veto, False)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    case_service.add_evidence(ctx, ref, "S", [scan])
    staff_if_third_party(ctx, ref, tmp_path, lead=signer)
    return finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref)).detail.summary.ref


def _certificates(ctx, ref: str) -> list[dict]:
    uuid = ref.split("@")[0]
    return [e for e in audit_entries(ctx, uuid) if e["action"] == "report.certificate"]


def test_an_altered_stored_report_stops_the_certificate(ctx, tmp_path, signer) -> None:
    ref = _finalized(ctx, tmp_path, signer)
    stored = ctx.evidence.path_of(signed_report_info(ctx, ref).sha256)
    stored.chmod(0o644)
    stored.write_bytes(stored.read_bytes() + b"% altered")
    out = tmp_path / "c.pdf"
    with pytest.raises(DomainError) as err:
        write_certificate(ctx, ref, out, signer)
    assert "缺失或已被改动" in err.value.message.zh
    assert not out.exists() and _certificates(ctx, ref) == []


def test_a_superseded_revision_gets_no_certificate_and_its_old_one_says_so(ctx, tmp_path, signer) -> None:
    first = _finalized(ctx, tmp_path, signer)
    old = write_certificate(ctx, first, tmp_path / "r1.pdf", signer)
    assert len(_certificates(ctx, first)) == 1
    second = case_service.amend(ctx, first, "复核").ref
    case_service.set_answer(ctx, second, "T", value=5)
    staff_if_third_party(ctx, second, tmp_path, lead=signer)
    second = finalize_and_sign(ctx, second, signer, org_identity=org_for(ctx, second)).detail.summary.ref
    with pytest.raises(StateError) as err:
        write_certificate(ctx, first, tmp_path / "again.pdf", signer)
    assert "已被第 2 版取代" in " ".join(err.value.lines("zh")) and not (tmp_path / "again.pdf").exists()

    verdict = verify_signed_pdf(None, old.path, [])
    check = check_certificate(ctx, verdict.signatures)
    assert check is not None and check.ok  # still the facts of revision 1 ...
    assert any("第 2 版" in n.zh for n in check.notes)  # ... which a newer result supersedes

    new = write_certificate(ctx, second, tmp_path / "r2.pdf", signer)
    assert new.certificate_no != old.certificate_no and new.sha256 != old.sha256
    check = check_certificate(ctx, verify_signed_pdf(None, new.path, []).signatures)
    assert check is not None and check.ok and check.notes == [] and "revision 2" in check.matched.en


def test_a_plain_signed_report_is_no_certificate(ctx, tmp_path, signer) -> None:
    ref = _finalized(ctx, tmp_path, signer)
    report = ctx.evidence.path_of(signed_report_info(ctx, ref).sha256)
    assert check_certificate(ctx, verify_signed_pdf(None, report, []).signatures) is None
