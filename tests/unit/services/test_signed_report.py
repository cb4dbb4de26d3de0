"""The signed report names its signer; who signed and when is read back; the other language is an unsigned copy.

Issue 8, items 9, 10 and 12 at the service level: ``finalize_and_sign`` with a real identity, the
stored ``case_reports`` row, ``render_unsigned_copy``, and the progress step keys.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.errors import StateError
from cityeval_desktop.services.reporting import (
    FINALIZE_STEPS,
    finalize_and_sign,
    render_unsigned_copy,
    signed_report_info,
    stored_final_report,
)
from cityeval_desktop.signing.identity import create_identity, load_identity
from tests.case_data_helpers import org_for, staff_if_third_party

FIXTURES = Path(__file__).parents[2] / "fixtures"
PASSWORD = "pw-2026-long"
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}


@pytest.fixture(scope="module")
def signer(tmp_path_factory):
    path = tmp_path_factory.mktemp("pki") / "zhangsan.p12"
    create_identity(path, name="张三", org="福建数字评估中心", password=PASSWORD, key_size=2048)
    return load_identity(path, PASSWORD)


def _complete_case(ctx, tmp_path: Path, assessor: str, lead=None) -> str:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    ref = case_service.new_case(
        ctx,
        framework="mini",
        tier="city",
        mode="third-party",
        entity_name="签署主体",
        uscc="91350100M000100Y43",
        assessor=assessor,
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


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


def test_a_case_without_an_assessor_names_the_signer_as_assessor(ctx, tmp_path, signer) -> None:
    ref = _complete_case(ctx, tmp_path, assessor="", lead=signer)
    steps: list[str] = []
    finalize_and_sign(
        ctx, ref, signer, org_identity=org_for(ctx, ref), lang="zh", progress=lambda _n, _t, key: steps.append(key)
    )
    assert steps == list(FINALIZE_STEPS)  # keys for each interface to word, not English text
    text = _text(stored_final_report(ctx, ref), tmp_path)
    assert text.count("评估人张三") == 2  # the cover and the signature section
    assert "签署人张三" not in text  # (the signature stamp itself says 签署人：张三)


def test_a_case_naming_someone_else_shows_them_and_the_signer(ctx, tmp_path, signer) -> None:
    ref = _complete_case(ctx, tmp_path, assessor="root", lead=signer)
    finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref), lang="zh")
    text = _text(stored_final_report(ctx, ref), tmp_path)
    assert text.count("评估人root") == 2 and text.count("签署人张三") == 2


def test_who_signed_and_when_is_read_from_the_stored_row(ctx, tmp_path, signer) -> None:
    ref = _complete_case(ctx, tmp_path, assessor="张三", lead=signer)
    assert signed_report_info(ctx, ref) is None
    result = finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref), lang="en")
    info = signed_report_info(ctx, ref)
    assert info is not None
    assert (info.lang, info.signer_name, info.signer_fingerprint, info.sha256) == (
        "en",
        "张三",
        result.signer_fingerprint,
        result.report_sha256,
    )
    finalized_at = case_service.load_case(ctx, ref).summary.finalized_at
    assert abs((info.signed_at - finalized_at).total_seconds()) < 5


def test_the_other_language_is_an_unsigned_copy_and_a_draft_has_none(ctx, tmp_path, signer) -> None:
    ref = _complete_case(ctx, tmp_path, assessor="张三", lead=signer)
    with pytest.raises(StateError):
        render_unsigned_copy(ctx, ref, "en")
    finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref), lang="zh")
    signed = stored_final_report(ctx, ref)
    copy = render_unsigned_copy(ctx, ref, "en")
    assert b"/ByteRange" in signed and b"/ByteRange" not in copy  # no signature in the copy
    text = _text(copy, tmp_path)
    assert "UNSIGNEDCOPY" in text and "Unsignedcopy:" in text and "SignedbyZhang" not in text
    assert "Assessor张三" in text
    assert stored_final_report(ctx, ref) == signed
