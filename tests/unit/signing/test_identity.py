"""Identities (DESIGN §8): PKCS#12 files made, opened and refused with clear bilingual reasons."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from cityeval_desktop.signing import _pkcs12
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import (
    DOCUMENT_SIGNING,
    KEY_SIZE,
    Identity,
    create_identity,
    load_identity,
    make_csr,
)


def _pbes2_iterations(data: bytes) -> list[tuple[str, str, int]]:
    """(encryption scheme, cipher, PBKDF2 iterations) of each encrypted part of a PKCS#12 file."""
    pfx = asn1_pkcs12.Pfx.load(data)
    found = []
    safe = asn1_pkcs12.AuthenticatedSafe.load(pfx["auth_safe"]["content"].native)
    for info in safe:
        if info["content_type"].native == "encrypted_data":
            algo = info["content"]["encrypted_content_info"]["content_encryption_algorithm"]
            found.append(algo)
        else:
            for bag in asn1_pkcs12.SafeContents.load(info["content"].native):
                if bag["bag_id"].native == "pkcs8_shrouded_key_bag":
                    found.append(bag["bag_value"]["encryption_algorithm"])
    out = []
    for algo in found:
        params = algo["parameters"]
        kdf = params["key_derivation_func"]["parameters"]
        out.append(
            (algo["algorithm"].native, params["encryption_scheme"]["algorithm"].native, kdf["iteration_count"].native)
        )
    return out


def test_create_and_load_round_trip_with_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, helpers: Any
) -> None:
    assert helpers.DEFAULT_KDF_ROUNDS == 600_000  # the product's own rounds (OWASP 2023), read before any test
    monkeypatch.setattr(_pkcs12, "KDF_ROUNDS", helpers.DEFAULT_KDF_ROUNDS)
    path = tmp_path / "ID.p12"
    made = create_identity(path, name=" 张三丰 ", org="福州数字规划研究院有限公司", password="s3cret 密码")

    assert made.path == path
    assert made.name == "张三丰"
    assert made.organisation == "福州数字规划研究院有限公司"
    assert isinstance(made.private_key, rsa.RSAPrivateKey) and made.private_key.key_size == KEY_SIZE == 3072
    assert len(made.fingerprint) == 64 and made.fingerprint == made.fingerprint.lower()
    assert made.fingerprint_short == ":".join(made.fingerprint[i : i + 2] for i in range(0, 16, 2)).upper()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p != path], "no temporary file is left behind"

    cert = made.certificate
    assert cert.issuer == cert.subject
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    ekus = list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    assert DOCUMENT_SIGNING in ekus and ExtendedKeyUsageOID.EMAIL_PROTECTION in ekus
    cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)

    # modern protection: PBES2 (PBKDF2 + AES-256-CBC) and a MAC as costly to guess as the encryption
    data = path.read_bytes()
    parts = _pbes2_iterations(data)
    assert parts and all(p == ("pbes2", "aes256_cbc", helpers.DEFAULT_KDF_ROUNDS) for p in parts), parts
    mac = asn1_pkcs12.Pfx.load(data)["mac_data"]
    assert mac["iterations"].native == helpers.DEFAULT_KDF_ROUNDS
    assert mac["mac"]["digest_algorithm"]["algorithm"].native == "sha256"

    loaded = load_identity(path, "s3cret 密码")
    assert loaded.fingerprint == made.fingerprint
    assert loaded.chain == ()
    assert loaded.name == "张三丰" and loaded.organisation == made.organisation
    # other software (OpenSSL through cryptography) reads it with the same password
    key, other_cert, _ = pkcs12.load_key_and_certificates(data, "s3cret 密码".encode())
    assert other_cert == cert and key is not None


def test_an_existing_file_is_never_overwritten(tmp_path: Path, helpers: Any) -> None:
    path = tmp_path / "ID.p12"
    path.write_bytes(b"precious")
    with pytest.raises(SigningError) as err:
        create_identity(path, name="李四", org=None, password="pw-long-2026", key_size=helpers.TEST_KEY_SIZE)
    assert "already exists" in err.value.render("en") and "已存在" in err.value.render("zh")
    assert str(path) in err.value.render("en")
    assert path.read_bytes() == b"precious"


@pytest.mark.parametrize(
    ("kwargs", "en"),
    [
        ({"password": ""}, "password must not be empty"),
        ({"password": "1234567"}, "at least 8 characters"),
        ({"password": "密码"}, "at least 8 characters"),
        ({"name": "   "}, "name must not be empty"),
        ({"name": "x" * 65}, "too long"),
        ({"name": "李\x00四"}, "control characters"),
        ({"org": "o" * 80}, "organisation is too long"),
        ({"days": 0}, "validity must be"),
    ],
)
def test_bad_input_is_refused_before_anything_is_written(
    tmp_path: Path, kwargs: dict[str, Any], en: str, helpers: Any
) -> None:
    args: dict[str, Any] = {
        "name": "李四",
        "org": "单位",
        "password": "pw-long-2026",
        "key_size": helpers.TEST_KEY_SIZE,
    }
    args.update(kwargs)
    with pytest.raises(SigningError) as err:
        create_identity(tmp_path / "ID.p12", **args)
    assert en in err.value.render("en")
    assert err.value.render("zh") != err.value.render("en")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_reported(tmp_path: Path, helpers: Any) -> None:
    with pytest.raises(SigningError) as err:
        create_identity(tmp_path / "nope" / "ID.p12", name="李四", org=None, password="pw-long-2026", key_size=2048)
    assert "does not exist" in err.value.render("en")


def test_wrong_password(pki: Any) -> None:
    with pytest.raises(SigningError) as err:
        load_identity(pki.signer_path, "wrong")
    assert "wrong password for signer.p12" in err.value.render("en")
    assert "signer.p12 的密码错误" in err.value.render("zh")
    assert err.value.where == str(pki.signer_path)


def test_files_that_are_not_identities(tmp_path: Path, pki: Any) -> None:
    with pytest.raises(SigningError, match="not found"):
        load_identity(tmp_path / "missing.p12", "pw")
    with pytest.raises(SigningError, match="folder"):
        load_identity(tmp_path, "pw")
    junk = tmp_path / "junk.p12"
    junk.write_bytes(b"this is not PKCS#12 at all" * 10)
    with pytest.raises(SigningError) as err:
        load_identity(junk, "pw")
    assert "not a PKCS#12 identity file" in err.value.render("en")
    assert "不是 PKCS#12" in err.value.render("zh")
    pem = tmp_path / "cert.p12"
    pem.write_bytes(pki.signer.certificate.public_bytes(serialization.Encoding.PEM))
    with pytest.raises(SigningError, match="not a PKCS#12"):
        load_identity(pem, "pw")


def test_pkcs12_without_private_key(tmp_path: Path, pki: Any) -> None:
    path = tmp_path / "nokey.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"x", None, pki.signer.certificate, None, serialization.BestAvailableEncryption(b"pw")
        )
    )
    with pytest.raises(SigningError) as err:
        load_identity(path, "pw")
    assert "holds no private key" in err.value.render("en") and "没有私钥" in err.value.render("zh")


def test_pkcs12_without_certificate(tmp_path: Path, spare_key: rsa.RSAPrivateKey) -> None:
    path = tmp_path / "nocert.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(b"x", spare_key, None, None, serialization.BestAvailableEncryption(b"pw"))
    )
    with pytest.raises(SigningError) as err:
        load_identity(path, "pw")
    assert "holds no certificate" in err.value.render("en") and "没有证书" in err.value.render("zh")


def _p12_with(tmp_path: Path, key: rsa.RSAPrivateKey, cert: x509.Certificate, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(_pkcs12.dump(key, cert, (), "pw", "test"))
    return path


def test_expired_certificate(tmp_path: Path, spare_key: rsa.RSAPrivateKey, helpers: Any) -> None:
    cert = helpers.make_certificate(spare_key, "过期者", not_before=helpers.utc(-400), not_after=helpers.utc(-35))
    path = _p12_with(tmp_path, spare_key, cert, "old.p12")
    with pytest.raises(SigningError) as err:
        load_identity(path, "pw")
    since = cert.not_valid_after_utc.strftime("%Y-%m-%d %H:%M UTC")
    assert f"expired on {since}" in err.value.render("en")
    assert f"已于 {since} 过期" in err.value.render("zh")
    # commands that renew the certificate may still open it
    assert load_identity(path, "pw", check_validity=False).name == "过期者"


def test_certificate_not_valid_yet(tmp_path: Path, spare_key: rsa.RSAPrivateKey, helpers: Any) -> None:
    cert = helpers.make_certificate(spare_key, "未来者", not_before=helpers.utc(10), not_after=helpers.utc(400))
    path = _p12_with(tmp_path, spare_key, cert, "future.p12")
    with pytest.raises(SigningError) as err:
        load_identity(path, "pw")
    start = cert.not_valid_before_utc.strftime("%Y-%m-%d %H:%M UTC")
    assert f"valid from {start}" in err.value.render("en") and "尚未生效" in err.value.render("zh")
    assert load_identity(path, "pw", check_validity=False).name == "未来者"


def test_csr_carries_the_identity_subject_and_key(tmp_path: Path, pki: Any, helpers: Any) -> None:
    out = tmp_path / "me.csr"
    make_csr(pki.signer_path, helpers.PASSWORD, out)
    csr = x509.load_pem_x509_csr(out.read_bytes())
    assert csr.is_signature_valid
    assert csr.subject == pki.signer.certificate.subject
    assert csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "张三丰"
    assert csr.public_key() == pki.signer.certificate.public_key()
    with pytest.raises(SigningError, match="already exists"):
        make_csr(pki.signer_path, helpers.PASSWORD, out)


def test_csr_works_for_an_expired_identity(tmp_path: Path, spare_key: rsa.RSAPrivateKey, helpers: Any) -> None:
    cert = helpers.make_certificate(spare_key, "续期者", not_before=helpers.utc(-400), not_after=helpers.utc(-1))
    path = _p12_with(tmp_path, spare_key, cert, "old.p12")
    make_csr(path, "pw", tmp_path / "renew.csr")
    assert x509.load_pem_x509_csr((tmp_path / "renew.csr").read_bytes()).is_signature_valid


def test_identity_is_a_frozen_value(pki: Any) -> None:
    ident: Identity = pki.signer
    with pytest.raises(AttributeError):
        ident.path = None  # type: ignore[misc]


def test_a_file_asking_for_absurd_key_derivation_is_refused_at_once(tmp_path: Path, pki: Any) -> None:
    pfx = asn1_pkcs12.Pfx.load(pki.signer_path.read_bytes())
    mac = pfx["mac_data"]
    bomb = asn1_pkcs12.Pfx(
        {
            "version": "v3",
            "auth_safe": pfx["auth_safe"],
            "mac_data": {"mac": mac["mac"], "mac_salt": mac["mac_salt"].native, "iterations": 2_000_000_000},
        }
    )
    path = tmp_path / "bomb.p12"
    path.write_bytes(bomb.dump())
    with pytest.raises(SigningError, match="absurd number of key-derivation rounds"):
        load_identity(path, "whatever")
