"""Who signed a package and its report (issue 10; found by a new user walking the agency's journey):

- a report signed after its signer's certificate was revoked is refused even when a valid certificate
  signs the package around it;
- a certificate that names the trusted agency CA as issuer but was made by a namesake CA is refused as
  forged (never offered for trust, not importable with ``--accept-untrusted``);
- a package whose data no longer match its signature says only that, and its signer is not "trusted".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import revocation
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.package_import import import_packages
from cityeval_desktop.services.packages import export_package, verify_packages
from cityeval_desktop.services.reporting import finalize_and_sign
from cityeval_desktop.signing.ca import init_ca, issue
from cityeval_desktop.signing.identity import Identity, create_identity, install_certificate, make_csr
from tests.hostile import packages as pk


@pytest.fixture
def world(package_world: pk.World) -> pk.World:
    return package_world  # tests/hostile/conftest.py: made once per test process


def _issued(folder: Path, ca_p12: Path, name: str) -> Identity:
    """A new identity whose certificate ``ca_p12`` issued."""
    p12 = folder / f"{name}.p12"
    create_identity(p12, name=name, org="福建数字评估中心", password=pk.PASSWORD, key_size=2048)
    make_csr(p12, pk.PASSWORD, folder / f"{name}.csr")
    issue(ca_p12, pk.PASSWORD, folder / f"{name}.csr", folder / f"{name}.pem")
    return install_certificate(p12, pk.PASSWORD, folder / f"{name}.pem")


def test_a_report_signed_after_its_signers_revocation_is_refused_inside_a_valid_package(world, tmp_path: Path) -> None:
    # the assessor's database does not know of the revocation: it finalizes with the revoked certificate
    db, data = tmp_path / "assessor.sqlite3", tmp_path / "assessor-data"
    shutil.copyfile(world.db, db)
    shutil.copytree(world.data, data)
    agency = pk.agency(tmp_path, world)
    try:
        revocation.revoke_certificate(
            agency, world.root / "ca.p12", pk.PASSWORD, world.root / "assessor.pem", reason="keyCompromise"
        )
        colleague = _issued(tmp_path, world.root / "ca.p12", "王五")  # valid, trusted: signs the package
        ctx = open_context(db, data)
        try:
            third = case_service.amend(ctx, f"{world.case_uuid}@2", "再次复核").ref
            finalize_and_sign(ctx, third, world.signer, org_identity=world.org, lang="zh")
            export_package(ctx, third, tmp_path / "r3.cityeval", colleague)
        finally:
            ctx.close()
        (verdict,) = verify_packages(agency, [tmp_path / "r3.cityeval"])
        assert not verdict.ok
        trust = next(c for c in verdict.checks if c.id == "trust")
        assert not trust.ok and "the report's signer" in trust.detail.en and "revoked" in trust.detail.en
        (outcome,) = import_packages(agency, [tmp_path / "r3.cityeval"], accept_untrusted=True)
        assert outcome.rejected
        assert case_service.list_cases(agency) == []
    finally:
        agency.close()


def test_a_certificate_from_a_namesake_of_the_agency_ca_is_refused_as_forged(world, tmp_path: Path) -> None:
    fake_ca = tmp_path / "fake-ca.p12"
    init_ca(fake_ca, name="福州市数据局评估 CA", password=pk.PASSWORD, key_size=2048)  # the agency CA's very name
    impostor = _issued(tmp_path, fake_ca, "张三")
    forged = pk.repack(world.r1, tmp_path / "forged.cityeval", lambda files: None, sign_with=impostor)
    agency = pk.agency(tmp_path, world)
    try:
        (verdict,) = verify_packages(agency, [forged])
        trust = next(c for c in verdict.checks if c.id == "trust")
        assert not trust.ok and "forged" in trust.detail.en
        assert "add its CA certificate" not in trust.detail.en  # the clerk is not invited to trust it
        assert "伪造" in trust.detail.zh
        (outcome,) = import_packages(agency, [forged], accept_untrusted=True)
        assert outcome.rejected and "forged" in outcome.reason.en
        assert case_service.list_cases(agency) == []
    finally:
        agency.close()


def test_data_changed_after_signing_is_all_the_signature_check_says(world, tmp_path: Path) -> None:
    def edit(doc: dict) -> None:
        doc["result"]["total"] = 95

    changed = pk.repack(world.r1, tmp_path / "changed.cityeval", pk.edit_json("data/case.json", edit))
    agency = pk.agency(tmp_path, world)
    try:
        (verdict,) = verify_packages(agency, [changed])
        by_id = {c.id: c for c in verdict.checks}
        assert not by_id["signature"].ok and not by_id["trust"].ok
        assert (
            by_id["signature"].detail.en
            == "the signed data was changed after it was signed (it no longer matches the signature)"
        )
        assert "cannot be told" in by_id["trust"].detail.en
    finally:
        agency.close()


def test_a_revocation_list_that_arrives_after_the_import_marks_what_was_signed_after_it(world, tmp_path: Path) -> None:
    from cityeval_desktop.services.package_import import origin_of

    ca_db = open_context(tmp_path / "ca.sqlite3", tmp_path / "ca-data")  # where the CA keeps its register
    try:
        revocation.revoke_certificate(
            ca_db, world.root / "ca.p12", pk.PASSWORD, world.root / "assessor.pem", reason="keyCompromise"
        )
        revocation.write_crl(ca_db, world.root / "ca.p12", pk.PASSWORD, tmp_path / "agency.crl")
    finally:
        ca_db.close()
    # the assessor does not know yet: exports (signs) after the revocation
    db, data = tmp_path / "assessor.sqlite3", tmp_path / "assessor-data"
    shutil.copyfile(world.db, db)
    shutil.copytree(world.data, data)
    ctx = open_context(db, data)
    try:
        export_package(ctx, f"{world.case_uuid}@1", tmp_path / "late.cityeval", world.signer)
    finally:
        ctx.close()
    agency = pk.agency(tmp_path, world)
    try:
        (outcome,) = import_packages(agency, [tmp_path / "late.cityeval"])
        assert outcome.outcome == "imported", outcome.reason  # no list here yet: nothing to tell
        ref = f"{world.case_uuid}@1"
        assert origin_of(agency, ref).trusted
        added = revocation.add_revocation_list(agency, tmp_path / "agency.crl")
        assert added.distrusted == (ref,)
        origin = origin_of(agency, ref)
        assert origin is not None and not origin.trusted
        assert "UNVERIFIED: a revocation list received after the import" in origin.describe().en
        assert "吊销" in origin.describe().zh
        assert revocation.recheck_imports(agency) == ()  # marked once
    finally:
        agency.close()


def test_the_ca_does_not_certify_again_a_key_whose_certificate_it_revoked(world, tmp_path: Path) -> None:
    from cityeval_desktop.services.identities import issue_certificate
    from cityeval_desktop.signing.errors import SigningError

    ca_db = open_context(tmp_path / "ca.sqlite3", tmp_path / "ca-data")
    try:
        revocation.revoke_certificate(
            ca_db, world.root / "ca.p12", pk.PASSWORD, world.root / "assessor.pem", reason="keyCompromise"
        )
        with pytest.raises(SigningError) as caught:
            issue_certificate(
                world.root / "ca.p12",
                pk.PASSWORD,
                world.root / "assessor.csr",
                tmp_path / "again.pem",
                days=365,
                ctx=ca_db,
            )
        assert "makes a new identity (a new key)" in caught.value.render("en")
        assert not (tmp_path / "again.pem").exists()
    finally:
        ca_db.close()
