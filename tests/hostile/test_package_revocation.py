"""Packages and revocation (issue 10, tests): a package signed after its signer's certificate was revoked is
refused by verify and import, with the reason, nothing imported; one signed before stays acceptable.

The agency CA revokes the assessor in the agency's own database (which trusts the CA, so the fresh list
applies at once); a second verifier imports the list the CA publishes (``ca crl`` → ``trust add``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import revocation, trust_store
from cityeval_desktop.services.package_import import import_packages, ledger
from cityeval_desktop.services.packages import verify_packages
from tests.hostile import packages as pk


@pytest.fixture
def world(package_world: pk.World) -> pk.World:
    return package_world  # tests/hostile/conftest.py: made once per test process


def _revoke(ctx: object, world: pk.World) -> revocation.RevokeOutcome:
    # revocation and signing times are whole seconds, and "revoked at or before it signed" is refused:
    # on a fast machine the world's last signature can fall in the very second of the revocation
    import time

    time.sleep(1.1)
    return revocation.revoke_certificate(
        ctx, world.root / "ca.p12", pk.PASSWORD, world.root / "assessor.pem", reason="keyCompromise"
    )


def _files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def test_a_package_signed_after_the_revocation_is_refused_one_signed_before_is_imported(
    world: pk.World, tmp_path: Path
) -> None:
    ctx = pk.agency(tmp_path, world)
    try:
        done = _revoke(ctx, world)
        assert done.ca_trusted and done.published is not None  # the agency's own lists know it at once
        # the same contents, signed again by the (now revoked) assessor key
        late = pk.repack(world.r1, tmp_path / "late.cityeval", lambda files: None, sign_with=world.signer)
        data_dir = tmp_path / "agency-data"
        before = _files_under(data_dir)

        (verdict,) = verify_packages(ctx, [late])
        assert not verdict.ok
        failed = [c for c in verdict.checks if not c.ok]
        assert failed and any("revoked" in c.detail.en for c in failed if c.detail is not None), failed
        (outcome,) = import_packages(ctx, [late])
        assert outcome.rejected
        assert "made after the revocation" in outcome.reason.en and "key compromise" in outcome.reason.en
        assert "吊销之后" in outcome.reason.zh and "私钥泄露" in outcome.reason.zh
        assert case_service.list_cases(ctx, all_revisions=True) == []
        written = _files_under(data_dir) - before
        assert written and all(p.startswith("quarantine/") for p in written), written
        (entry,) = ledger(ctx)
        assert entry.outcome == "rejected" and "revoked" in (entry.reason or "")

        # signed before the revocation: still valid, imported
        (kept,) = verify_packages(ctx, [world.r1])
        assert kept.ok, [(c.id, c.detail) for c in kept.checks if not c.ok]
        (imported,) = import_packages(ctx, [world.r1])
        assert imported.outcome == "imported", imported.reason
    finally:
        ctx.close()


def test_another_verifier_refuses_it_once_it_imports_the_published_list(world: pk.World, tmp_path: Path) -> None:
    (tmp_path / "ca-side").mkdir()
    ca_side = pk.agency(tmp_path / "ca-side", world, trust=False)  # the CA's own database, not trusting it
    try:
        assert not _revoke(ca_side, world).ca_trusted
        crl = tmp_path / "agency.crl"
        revocation.write_crl(ca_side, world.root / "ca.p12", pk.PASSWORD, crl)
    finally:
        ca_side.close()
    late = pk.repack(world.r2, tmp_path / "late.cityeval", lambda files: None, sign_with=world.signer)
    verifier = pk.agency(tmp_path, world)
    try:
        (unknown,) = verify_packages(verifier, [late])
        assert unknown.ok  # no list here yet: nothing says the signer was revoked
        added = trust_store.add_trust_file(verifier, crl)
        assert added.crl is not None and added.crl.entry.revoked == 1
        (verdict,) = verify_packages(verifier, [late])
        assert not verdict.ok
        (outcome,) = import_packages(verifier, [late])
        assert outcome.rejected and "made after the revocation" in outcome.reason.en
        assert case_service.list_cases(verifier, all_revisions=True) == []
        (kept,) = verify_packages(verifier, [world.r2])
        assert kept.ok
    finally:
        verifier.close()
