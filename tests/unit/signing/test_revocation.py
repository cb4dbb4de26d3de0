"""Revocation lists without a database: the CA signs them, OpenSSL verifies them, readers refuse bad ones."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from cityeval_desktop.signing._util import utcnow
from cityeval_desktop.signing.ca import RevokedEntry, certificate_to_revoke, init_ca, load_ca, make_crl
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import load_identity
from cityeval_desktop.signing.revocation import (
    REASONS,
    crl_number,
    crl_signed_by,
    load_crl,
    looks_like_crl,
    newest_crl,
    parse_crl,
    revocation_of,
    stale_revocation_note,
)


@pytest.fixture(scope="module")
def look_alike(tmp_path_factory: pytest.TempPathFactory, helpers: Any) -> Any:
    """Another CA with the agency CA's very name but its own key."""
    from cityeval_desktop.signing import _pkcs12

    folder = tmp_path_factory.mktemp("look-alike")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_pkcs12, "KDF_ROUNDS", 1000)
        return init_ca(folder / "ca.p12", name=helpers.CA_NAME, password="x-ca-2026", key_size=helpers.TEST_KEY_SIZE)


def _crl(ca: Any, serials: list[tuple[int, str]], number: int, *, days: int = 30, age: timedelta = timedelta()) -> Any:
    now = utcnow().replace(microsecond=0) - age
    entries = [RevokedEntry(serial, now - timedelta(hours=1), reason) for serial, reason in serials]
    return make_crl(ca, entries, number=number, this_update=now, next_update=now + timedelta(days=days))


def test_a_list_the_ca_signs_names_each_revocation_with_its_reason(pki: Any) -> None:
    serial = pki.signer.certificate.serial_number
    crl = _crl(pki.ca, [(serial, "keyCompromise"), (12345, "unspecified")], 7)
    assert crl_number(crl) == 7 and crl_signed_by(crl, pki.ca.certificate)
    found = revocation_of(pki.signer.certificate, pki.ca.certificate, [crl])
    assert found is not None and found.reason == "keyCompromise" and found.crl_number == 7
    assert found.issuer == pki.ca.name and found.reason_text.zh == "私钥泄露"
    other = crl.get_revoked_certificate_by_serial_number(12345)
    with pytest.raises(x509.ExtensionNotFound):  # RFC 5280: "unspecified" is left out of the entry
        other.extensions.get_extension_for_class(x509.CRLReason)
    assert revocation_of(pki.signer.certificate, pki.ca.certificate, [_crl(pki.ca, [(12345, "superseded")], 8)]) is None


def test_openssl_verifies_the_list_against_the_ca_certificate(pki: Any, tmp_path: Path) -> None:
    crl = _crl(pki.ca, [(pki.signer.certificate.serial_number, "affiliationChanged")], 3)
    (tmp_path / "ca.crl").write_bytes(crl.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "ca.pem").write_bytes(pki.ca.certificate.public_bytes(serialization.Encoding.PEM))
    r = subprocess.run(
        ["openssl", "crl", "-in", "ca.crl", "-CAfile", "ca.pem", "-noout"], cwd=tmp_path, capture_output=True, text=True
    )
    assert r.returncode == 0 and "verify OK" in r.stdout + r.stderr, r.stdout + r.stderr
    text = subprocess.run(
        ["openssl", "crl", "-in", "ca.crl", "-noout", "-text"], cwd=tmp_path, capture_output=True, text=True
    ).stdout
    assert "Affiliation Changed" in text and "X509v3 CRL Number" in text and "Authority Key Identifier" in text


def test_only_lists_the_issuer_signed_count_and_only_the_newest(pki: Any, look_alike: Any) -> None:
    signer, ca = pki.signer.certificate, pki.ca.certificate
    forged = _crl(look_alike, [(signer.serial_number, "keyCompromise")], 99)
    assert forged.issuer == ca.subject and not crl_signed_by(forged, ca)
    assert revocation_of(signer, ca, [forged]) is None
    older = _crl(pki.ca, [(signer.serial_number, "superseded")], 4, age=timedelta(days=2))
    newer = _crl(pki.ca, [], 5)
    assert newest_crl(ca, [newer, older, forged]) is newer
    assert revocation_of(signer, ca, [older, newer]) is None  # the newer list supersedes the older
    assert revocation_of(signer, ca, [older]) is not None
    # a serial means something only to its own CA: the look-alike's certificate is not the signer
    assert revocation_of(signer, look_alike.certificate, [forged]) is None


def test_a_list_past_its_next_update_gives_a_warning_only(pki: Any) -> None:
    fresh = _crl(pki.ca, [], 1)
    assert stale_revocation_note(fresh, pki.ca.name) is None
    stale = _crl(pki.ca, [], 2, days=1, age=timedelta(days=3))
    note = stale_revocation_note(stale, pki.ca.name)
    assert note is not None and "到期" in note.zh and "still apply" in note.en


def test_make_crl_refuses_unknown_reasons_and_backwards_dates(pki: Any) -> None:
    now = utcnow()
    with pytest.raises(SigningError, match="unknown revocation reason"):
        make_crl(pki.ca, [RevokedEntry(1, now, "stolen")], number=1, this_update=now, next_update=now + timedelta(1))
    with pytest.raises(SigningError, match="next update"):
        make_crl(pki.ca, [], number=1, this_update=now, next_update=now)
    assert set(REASONS) == {"unspecified", "keyCompromise", "affiliationChanged", "superseded", "cessationOfOperation"}


# ----------------------------------------------------------------------------- lists from outside
def test_pem_and_der_lists_read_back_and_are_recognised(pki: Any, tmp_path: Path) -> None:
    crl = _crl(pki.ca, [(pki.signer.certificate.serial_number, "keyCompromise")], 2)
    pem, der = tmp_path / "a.crl", tmp_path / "a.der"
    pem.write_bytes(crl.public_bytes(serialization.Encoding.PEM))
    der.write_bytes(crl.public_bytes(serialization.Encoding.DER))
    assert load_crl(pem) == crl and load_crl(der) == crl
    assert looks_like_crl(pem.read_bytes()) and looks_like_crl(der.read_bytes())
    cert_pem = pki.ca.certificate.public_bytes(serialization.Encoding.PEM)
    cert_der = pki.ca.certificate.public_bytes(serialization.Encoding.DER)
    assert not looks_like_crl(cert_pem) and not looks_like_crl(cert_der) and not looks_like_crl(b"junk")


def _hostile(pki: Any) -> dict[str, bytes]:
    good = _crl(pki.ca, [(pki.signer.certificate.serial_number, "keyCompromise")], 2)
    der = good.public_bytes(serialization.Encoding.DER)
    return {
        "empty": b"",
        "text": "这不是吊销列表\n".encode(),
        "random": bytes(range(256)) * 8,
        "pem_garbage": b"-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n",
        "truncated_der": der[: len(der) // 2],
        "a_certificate": pki.ca.certificate.public_bytes(serialization.Encoding.PEM),
        "der_length_lies": b"\x30\x84\x7f\xff\xff\xff" + der[6:],
    }


@pytest.mark.parametrize(
    "kind", ["empty", "text", "random", "pem_garbage", "truncated_der", "a_certificate", "der_length_lies"]
)
def test_a_bad_list_is_refused_with_a_clear_reason(pki: Any, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.crl"
    path.write_bytes(_hostile(pki)[kind])
    with pytest.raises(SigningError) as info:
        load_crl(path)
    zh, en = info.value.message.zh, info.value.message.en
    assert info.value.where == str(path)
    assert "吊销列表" in zh and "revocation list" in en, en


def test_folders_links_pipes_and_oversized_files_are_refused_unread(pki: Any, tmp_path: Path) -> None:
    import os

    real = tmp_path / "real.crl"
    real.write_bytes(_crl(pki.ca, [], 1).public_bytes(serialization.Encoding.PEM))
    link = tmp_path / "link.crl"
    link.symlink_to(real)
    assert load_crl(real) is not None  # the file itself is fine
    with pytest.raises(SigningError) as info:
        load_crl(link)
    assert "link" in info.value.message.en.lower() or "regular" in info.value.message.en.lower(), info.value.message
    with pytest.raises(SigningError, match="folder"):
        load_crl(tmp_path)
    fifo = tmp_path / "pipe.crl"
    os.mkfifo(fifo)
    with pytest.raises(SigningError):
        load_crl(fifo)  # refused without blocking
    big = tmp_path / "big.crl"
    with big.open("wb") as f:
        f.truncate(17 * 1024 * 1024)
    with pytest.raises(SigningError) as info:
        load_crl(big)
    assert "MB" in info.value.message.en or "large" in info.value.message.en, info.value.message.en


def test_parse_crl_touches_every_entry(pki: Any) -> None:
    serials = [(n, "superseded") for n in range(1, 200)]
    crl = parse_crl(_crl(pki.ca, serials, 9).public_bytes(serialization.Encoding.DER), "x")
    assert len(crl) == 199


# ----------------------------------------------------------------------------- the CA's side
def test_only_certificates_this_ca_issued_may_be_revoked(
    pki: Any, look_alike: Any, helpers: Any, tmp_path: Path
) -> None:
    ca = load_ca(pki.ca_path, helpers.CA_PASSWORD)
    assert certificate_to_revoke(ca, pki.folder / "signer.pem") == pki.signer.certificate
    own = tmp_path / "ca.pem"
    own.write_bytes(pki.ca.certificate.public_bytes(serialization.Encoding.PEM))
    with pytest.raises(SigningError, match="CA certificate"):
        certificate_to_revoke(ca, own)
    self_made = tmp_path / "self.pem"
    self_made.write_bytes(pki.self_signed_cert.public_bytes(serialization.Encoding.PEM))
    with pytest.raises(SigningError) as info:
        certificate_to_revoke(ca, self_made)
    assert "not issued by this CA" in info.value.message.en and "不是由本 CA" in info.value.message.zh
    # same name, other key: a look-alike CA cannot revoke the agency's assessors
    with pytest.raises(SigningError, match="not issued by this CA"):
        certificate_to_revoke(look_alike, pki.folder / "signer.pem")


def test_an_assessor_identity_is_not_a_ca(pki: Any, helpers: Any) -> None:
    assert load_identity(pki.signer_path, helpers.PASSWORD)
    with pytest.raises(SigningError, match="not a CA"):
        load_ca(pki.signer_path, helpers.PASSWORD)
