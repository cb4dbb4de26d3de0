"""Services over the signing layer: trust list removal (audited), identity descriptions, PDF verdicts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cityeval_desktop.domain.text import DomainError
from cityeval_desktop.services import identities, signatures, trust_store
from cityeval_desktop.services.errors import InputError, NotFoundError
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.store.models import AuditRow


def test_remove_by_prefix_is_audited(ctx: Any, pki: Any) -> None:
    trust_store.add_trusted(ctx, pki.folder / "signer.pem")
    fp = pki.ca.fingerprint
    grouped = ":".join(fp[i : i + 2] for i in range(0, 16, 2)).upper()
    removed = trust_store.remove_trusted(ctx, grouped)
    assert removed.fingerprint == fp
    assert [e.fingerprint for e in trust_store.list_trusted(ctx)] == [pki.signer.fingerprint]
    with ctx.reading() as s:
        row = s.scalars(select(AuditRow).where(AuditRow.action == trust_store.TRUST_REMOVE)).one()
    assert row.chain == "system" and row.target == fp
    with pytest.raises(NotFoundError):
        trust_store.remove_trusted(ctx, fp)


@pytest.mark.parametrize("bad", ["", "abc", "zz" * 8, "a" * 65])
def test_remove_refuses_what_is_not_a_fingerprint(ctx: Any, bad: str) -> None:
    with pytest.raises(InputError) as info:
        trust_store.remove_trusted(ctx, bad)
    assert not isinstance(info.value, NotFoundError)


def test_a_revocation_list_is_refused_with_its_name(ctx: Any, tmp_path: Path) -> None:
    crl = tmp_path / "ca.crl"
    crl.write_bytes(b"-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n")
    with pytest.raises(InputError) as info:
        trust_store.add_trusted(ctx, crl)
    assert "revocation list" in info.value.render("en")[0] and trust_store.list_trusted(ctx) == []


def test_identity_description_follows_the_trust_list(ctx: Any, pki: Any, helpers: Any) -> None:
    info = identities.open_identity(ctx, pki.signer_path, helpers.PASSWORD)
    assert (info.name, info.issuer_name, info.trusted, info.status) == (
        helpers.SIGNER_NAME,
        helpers.CA_NAME,
        False,
        identities.VALID,
    )
    trust_store.add_trusted(ctx, pki.folder / "signer.pem")
    again = identities.describe_certificate(ctx, pki.signer_path, info.certificate_pem)
    assert again.trusted and again.fingerprint == info.fingerprint and again.chain


def test_a_damaged_remembered_certificate_is_a_clear_error(ctx: Any, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        identities.describe_certificate(ctx, tmp_path / "x.p12", "-----BEGIN CERTIFICATE-----\nnope\n")


def test_export_writes_certificate_and_chain_once(ctx: Any, pki: Any, helpers: Any, tmp_path: Path) -> None:
    out = tmp_path / "me.pem"
    identities.export_certificate(ctx, pki.signer_path, helpers.PASSWORD, out)
    assert out.read_text().count("BEGIN CERTIFICATE") == 2 and "PRIVATE" not in out.read_text()
    with pytest.raises(SigningError):
        identities.export_certificate(ctx, pki.signer_path, helpers.PASSWORD, out)
    with pytest.raises(SigningError):
        identities.export_certificate(ctx, pki.signer_path, "wrong", tmp_path / "other.pem")
    assert not (tmp_path / "other.pem").exists()


def test_verdict_names_the_file_and_bounds_its_size(ctx: Any, tmp_path: Path, monkeypatch: Any) -> None:
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_bytes(b"hello")
    with pytest.raises(DomainError) as info:
        signatures.verify_signed_pdf(ctx, not_pdf)
    assert info.value.where == str(not_pdf)
    monkeypatch.setattr(signatures, "MAX_PDF_BYTES", 3)
    with pytest.raises(InputError) as too_big:
        signatures.verify_signed_pdf(ctx, not_pdf)
    assert "too large" in too_big.value.render("en")[0]


def _latin_words(text: str) -> list[str]:
    """English words left in a Chinese message (the fingerprint's hex digits do not count)."""
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if not re.fullmatch(r"[0-9A-F:]+", w)]


def test_verdicts_name_no_command_and_chinese_has_no_english(ctx: Any, pki: Any, helpers: Any, tmp_path: Path) -> None:
    """The window shows these problems as they are: no `trust add`, no validator code names in Chinese."""
    from cityeval_desktop.signing.pades import sign_pdf

    signed = sign_pdf(helpers.small_pdf(), pki.signer, box=None, lang="zh", reason="t")
    tampered = bytearray(signed)
    tampered[tampered.index(b"87.50")] ^= 0x01
    for data, name in ((signed, "good.pdf"), (bytes(tampered), "bad.pdf")):
        path = tmp_path / name
        path.write_bytes(data)
        [report] = signatures.verify_signed_pdf(ctx, path).signatures
        assert report.problems
        for problem in report.problems:
            assert _latin_words(problem.zh) == [], problem.zh
            assert "`" not in problem.en and "trust add" not in problem.en, problem.en
