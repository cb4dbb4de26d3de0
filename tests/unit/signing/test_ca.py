"""The agency CA (DESIGN §8): CSR → issue → install-cert, and every way an install is refused untouched."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from cityeval_desktop.signing.ca import init_ca, issue
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import (
    DOCUMENT_SIGNING,
    create_identity,
    install_certificate,
    load_identity,
    make_csr,
)
from cityeval_desktop.signing.trust import load_pem_certificates


@pytest.fixture(scope="module")
def other_ca(tmp_path_factory: pytest.TempPathFactory, helpers: Any) -> Any:
    """A second CA with the same name as the agency's (a look-alike) and its own key."""
    from cityeval_desktop.signing import _pkcs12

    folder = tmp_path_factory.mktemp("other-ca")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_pkcs12, "KDF_ROUNDS", 1000)
        return init_ca(
            folder / "ca.p12", name=helpers.CA_NAME, password="other-ca-2026", key_size=helpers.TEST_KEY_SIZE
        )


@pytest.fixture
def fresh(tmp_path: Path, helpers: Any) -> Path:
    """A new self-signed identity with its CSR (files in tmp_path)."""
    path = tmp_path / "me.p12"
    create_identity(path, name="王五", org="某评估公司", password=helpers.PASSWORD, key_size=helpers.TEST_KEY_SIZE)
    make_csr(path, helpers.PASSWORD, tmp_path / "me.csr")
    return path


def test_ca_certificate(pki: Any) -> None:
    cert = pki.ca.certificate
    assert cert.issuer == cert.subject
    constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca and constraints.value.path_length == 0
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_cert_sign and usage.crl_sign and not usage.digital_signature
    assert pki.ca.name == "福州市数据局评估 CA"


def test_issue_and_install_happy_path(pki: Any, helpers: Any) -> None:
    signer = pki.signer
    ca_cert = pki.ca.certificate
    cert = signer.certificate
    assert signer.chain == (ca_cert,)
    assert cert.issuer == ca_cert.subject and cert.subject == pki.self_signed_cert.subject
    cert.verify_directly_issued_by(ca_cert)
    assert cert.public_key() == pki.self_signed_cert.public_key()
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    ekus = list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    assert DOCUMENT_SIGNING in ekus and ExtendedKeyUsageOID.EMAIL_PROTECTION in ekus
    aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert aki.key_identifier == ski.digest
    assert cert.serial_number > 2**64  # random, not a counter
    # the PEM the CA hands out: the certificate, then the CA certificate
    assert load_pem_certificates(pki.folder / "signer.pem") == [cert, ca_cert]
    # the file on disk now holds the new certificate and chain, with the same password
    again = load_identity(pki.signer_path, helpers.PASSWORD)
    assert again.certificate == cert and again.chain == (ca_cert,)
    assert again.name == "张三丰" and again.organisation == "福州数字规划研究院有限公司"


def test_install_refuses_a_certificate_from_another_ca(
    tmp_path: Path, fresh: Path, pki: Any, other_ca: Any, helpers: Any
) -> None:
    # the look-alike CA issues a certificate for this identity, but the PEM carries the agency CA
    other_path = tmp_path / "other.p12"
    other_path.write_bytes(other_ca.path.read_bytes())
    issue(other_path, "other-ca-2026", tmp_path / "me.csr", tmp_path / "from-other.pem")
    leaf = load_pem_certificates(tmp_path / "from-other.pem")[0]
    mixed = tmp_path / "mixed.pem"
    mixed.write_bytes(
        leaf.public_bytes(serialization.Encoding.PEM) + pki.ca.certificate.public_bytes(serialization.Encoding.PEM)
    )
    before = fresh.read_bytes()
    with pytest.raises(SigningError) as err:
        install_certificate(fresh, helpers.PASSWORD, mixed)
    assert "the CA certificate in mixed.pem did not issue this certificate" in err.value.render("en")
    assert "mixed.pem 中的 CA 证书并未签发此证书" in err.value.render("zh")
    assert fresh.read_bytes() == before


def test_install_refuses_a_certificate_for_another_key(tmp_path: Path, fresh: Path, pki: Any, helpers: Any) -> None:
    before = fresh.read_bytes()
    # signer.pem was issued for the session's signer, not for this identity
    with pytest.raises(SigningError) as err:
        install_certificate(fresh, helpers.PASSWORD, pki.folder / "signer.pem")
    assert "this certificate was not issued for this identity" in err.value.render("en")
    assert "不是为此身份签发" in err.value.render("zh")
    assert fresh.read_bytes() == before


def test_install_without_the_chain_asks_for_it(tmp_path: Path, fresh: Path, pki: Any, helpers: Any) -> None:
    ca_copy = tmp_path / "ca.p12"
    shutil.copy(pki.ca_path, ca_copy)
    issue(ca_copy, helpers.CA_PASSWORD, tmp_path / "me.csr", tmp_path / "issued.pem")
    leaf_only = tmp_path / "leaf.pem"
    leaf_only.write_bytes(load_pem_certificates(tmp_path / "issued.pem")[0].public_bytes(serialization.Encoding.PEM))
    before = fresh.read_bytes()
    with pytest.raises(SigningError) as err:
        install_certificate(fresh, helpers.PASSWORD, leaf_only)
    assert "ask the CA for the chain PEM" in err.value.render("en") and "证书链" in err.value.render("zh")
    assert fresh.read_bytes() == before
    # with the chain it installs
    installed = install_certificate(fresh, helpers.PASSWORD, tmp_path / "issued.pem")
    assert installed.chain == (pki.ca.certificate,) and installed.name == "王五"


def test_install_with_a_wrong_password_changes_nothing(tmp_path: Path, fresh: Path, pki: Any) -> None:
    before = fresh.read_bytes()
    with pytest.raises(SigningError, match="wrong password"):
        install_certificate(fresh, "nope", pki.folder / "signer.pem")
    assert fresh.read_bytes() == before


def test_issue_refuses_a_csr_asking_for_a_ca(tmp_path: Path, pki: Any, spare_key: Any, helpers: Any) -> None:
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "野心家")]))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(spare_key, hashes.SHA256())
    )
    path = tmp_path / "ca-wanted.csr"
    path.write_bytes(csr.public_bytes(serialization.Encoding.PEM))
    with pytest.raises(SigningError) as err:
        issue(pki.ca_path, helpers.CA_PASSWORD, path, tmp_path / "out.pem")
    assert "asks for a CA certificate" in err.value.render("en") and "CA 证书" in err.value.render("zh")
    assert not (tmp_path / "out.pem").exists()


def test_issue_refuses_a_tampered_csr(tmp_path: Path, pki: Any, helpers: Any) -> None:
    der = x509.load_pem_x509_csr((pki.folder / "signer.csr").read_bytes()).public_bytes(serialization.Encoding.DER)
    name = "张三丰".encode()
    assert der.count(name) == 1
    tampered = tmp_path / "tampered.csr"
    tampered.write_bytes(der.replace(name, "张三峰".encode()))  # same length, other name
    with pytest.raises(SigningError) as err:
        issue(pki.ca_path, helpers.CA_PASSWORD, tampered, tmp_path / "out.pem")
    assert "signature is invalid" in err.value.render("en")
    assert not (tmp_path / "out.pem").exists()


def test_issue_refuses_what_is_not_a_csr(tmp_path: Path, pki: Any, helpers: Any) -> None:
    with pytest.raises(SigningError, match="certificate, not a certificate request"):
        issue(pki.ca_path, helpers.CA_PASSWORD, pki.folder / "signer.pem", tmp_path / "out.pem")
    junk = tmp_path / "junk.csr"
    junk.write_bytes(b"\x00\x01garbage")
    with pytest.raises(SigningError, match="cannot be parsed"):
        issue(pki.ca_path, helpers.CA_PASSWORD, junk, tmp_path / "out.pem")


def test_a_signer_identity_cannot_issue(tmp_path: Path, pki: Any, helpers: Any) -> None:
    with pytest.raises(SigningError, match="not a CA"):
        issue(pki.signer_path, helpers.PASSWORD, pki.folder / "signer.csr", tmp_path / "out.pem")
    assert not (tmp_path / "out.pem").exists()


def test_issued_certificate_never_outlives_the_ca(tmp_path: Path, pki: Any, helpers: Any) -> None:
    cert = issue(pki.ca_path, helpers.CA_PASSWORD, pki.folder / "signer.csr", tmp_path / "long.pem", days=30_000)
    assert cert.not_valid_after_utc == pki.ca.certificate.not_valid_after_utc


@pytest.mark.parametrize(
    ("content", "en"),
    [
        (b"hello, I am plain text", "expected PEM text"),
        (b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "holds a private key"),
        (b"-----BEGIN CERTIFICATE-----\nnot base64 !!\n-----END CERTIFICATE-----\n", "damaged"),
    ],
)
def test_pem_loader_explains_non_certificates(tmp_path: Path, content: bytes, en: str) -> None:
    path = tmp_path / "input.pem"
    path.write_bytes(content)
    with pytest.raises(SigningError) as err:
        load_pem_certificates(path)
    assert en in err.value.render("en")
    assert err.value.where == str(path)


def test_pem_loader_accepts_der_and_refuses_requests_and_identities(tmp_path: Path, pki: Any) -> None:
    der = tmp_path / "ca.cer"
    der.write_bytes(pki.ca.certificate.public_bytes(serialization.Encoding.DER))
    assert load_pem_certificates(der) == [pki.ca.certificate]
    with pytest.raises(SigningError, match="certificate request"):
        load_pem_certificates(pki.folder / "signer.csr")
    with pytest.raises(SigningError, match="PKCS#12 identity"):
        load_pem_certificates(pki.signer_path)
