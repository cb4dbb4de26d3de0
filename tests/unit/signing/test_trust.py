"""The trust store (DESIGN §8): certificates kept in the database, added idempotently and audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select, update

from cityeval_desktop.services.trust_store import add_trusted, list_trusted, trusted_certificates
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.store import audit
from cityeval_desktop.store.models import AuditRow, TrustedCertificate


def _trust_rows(ctx: Any) -> list[AuditRow]:
    with ctx.reading() as s:
        return list(s.scalars(select(AuditRow).where(AuditRow.chain == "system", AuditRow.action.like("trust.%"))))


def test_add_and_list_is_idempotent(ctx: Any, pki: Any) -> None:
    pem = pki.folder / "signer.pem"  # the signer's certificate followed by the CA's
    assert list_trusted(ctx) == [] and trusted_certificates(ctx) == []

    first = add_trusted(ctx, pem)
    assert [e.fingerprint for e in first] == [pki.signer.fingerprint, pki.ca.fingerprint]
    signer_entry, ca_entry = first
    assert ca_entry.is_ca and not signer_entry.is_ca
    assert "福州市数据局评估 CA" in ca_entry.subject and "张三丰" in signer_entry.subject
    assert signer_entry.issuer == ca_entry.subject
    assert ca_entry.not_after == pki.ca.certificate.not_valid_after_utc
    assert ca_entry.added_at.tzinfo is not None

    again = add_trusted(ctx, pem)
    assert [e.fingerprint for e in again] == [e.fingerprint for e in first]
    listed = list_trusted(ctx)
    assert [e.fingerprint for e in listed] == [pki.signer.fingerprint, pki.ca.fingerprint]
    assert trusted_certificates(ctx) == [pki.signer.certificate, pki.ca.certificate]

    rows = _trust_rows(ctx)
    assert [(r.action, r.target, r.actor) for r in rows] == [
        ("trust.add", pki.signer.fingerprint, "tester"),
        ("trust.add", pki.ca.fingerprint, "tester"),
    ]
    with ctx.reading() as s:
        assert audit.verify_all(s) == []


def test_a_file_without_certificates_adds_nothing(ctx: Any, tmp_path: Path, pki: Any) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("trust me", encoding="utf-8")
    with pytest.raises(SigningError) as err:
        add_trusted(ctx, bad)
    assert err.value.where == str(bad) and "expected PEM text" in err.value.render("en")
    with pytest.raises(SigningError, match="holds a private key"):
        key_pem = tmp_path / "key.pem"
        key_pem.write_bytes(
            pki.ca.private_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        add_trusted(ctx, key_pem)
    assert list_trusted(ctx) == [] and _trust_rows(ctx) == []


def test_a_damaged_stored_certificate_is_reported_and_repaired(ctx: Any, tmp_path: Path, pki: Any) -> None:
    ca_pem = tmp_path / "ca.pem"
    ca_pem.write_bytes(pki.ca.certificate.public_bytes(serialization.Encoding.PEM))
    add_trusted(ctx, ca_pem)
    other_pem = pki.signer.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
    with ctx.transaction() as s:
        s.execute(update(TrustedCertificate).values(pem=other_pem))  # swapped behind our back
    with pytest.raises(SigningError) as err:
        trusted_certificates(ctx)
    assert pki.ca.fingerprint[:16] in err.value.render("en") and "database check" in err.value.render("en")

    add_trusted(ctx, ca_pem)
    assert trusted_certificates(ctx) == [pki.ca.certificate]
    assert [r.action for r in _trust_rows(ctx)] == ["trust.add", "trust.repair"]
