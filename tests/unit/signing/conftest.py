"""Fixtures for the signing tests: a small PKI (agency CA + assessor identity) made once per session."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from cityeval_desktop.signing import _pkcs12
from cityeval_desktop.signing.identity import Identity

DEFAULT_KDF_ROUNDS = _pkcs12.KDF_ROUNDS
#: Tests use a cheap key derivation and 2048-bit keys; the defaults are tested on their own.
TEST_KDF_ROUNDS = 1000
TEST_KEY_SIZE = 2048
SIGNER_NAME = "张三丰"
SIGNER_ORG = "福州数字规划研究院有限公司"
CA_NAME = "福州市数据局评估 CA"
PASSWORD = "正确的密码 pw-1"
CA_PASSWORD = "ca-机构密码-2026"


@dataclass(frozen=True)
class Pki:
    """An agency CA and an assessor whose CA-issued certificate is installed (files in ``folder``)."""

    folder: Path
    ca_path: Path
    ca: Identity
    signer_path: Path
    signer: Identity
    self_signed_cert: x509.Certificate  # the assessor's certificate before the CA's was installed


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pki]:
    from cityeval_desktop.signing.ca import init_ca, issue
    from cityeval_desktop.signing.identity import create_identity, install_certificate, make_csr

    folder = tmp_path_factory.mktemp("pki")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_pkcs12, "KDF_ROUNDS", TEST_KDF_ROUNDS)
        ca = init_ca(folder / "ca.p12", name=CA_NAME, password=CA_PASSWORD, key_size=TEST_KEY_SIZE)
        first = create_identity(
            folder / "signer.p12", name=SIGNER_NAME, org=SIGNER_ORG, password=PASSWORD, key_size=TEST_KEY_SIZE
        )
        make_csr(folder / "signer.p12", PASSWORD, folder / "signer.csr")
        issue(folder / "ca.p12", CA_PASSWORD, folder / "signer.csr", folder / "signer.pem")
        signer = install_certificate(folder / "signer.p12", PASSWORD, folder / "signer.pem")
    yield Pki(folder, folder / "ca.p12", ca, folder / "signer.p12", signer, first.certificate)


def make_certificate(
    key: rsa.RSAPrivateKey,
    name: str,
    *,
    not_before: datetime,
    not_after: datetime,
    issuer_key: rsa.RSAPrivateKey | None = None,
    issuer_name: str | None = None,
) -> x509.Certificate:
    """A plain signing certificate with explicit validity (self-signed unless an issuer is given)."""
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer_name)]) if issuer_name else subject
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(issuer_key or key, hashes.SHA256())
    )


@pytest.fixture(scope="session")
def spare_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=TEST_KEY_SIZE)


def utc(days: float) -> datetime:
    """Now plus ``days`` (UTC)."""
    return datetime.now(UTC) + timedelta(days=days)


def small_pdf(text: str = "CityEval report: total 87.50", pages: int = 1) -> bytes:
    """A small uncompressed reportlab PDF (its text can be found and changed in the bytes)."""
    from reportlab.pdfgen import canvas

    buf = BytesIO()
    c = canvas.Canvas(buf, pageCompression=0, invariant=1)
    for n in range(pages):
        c.setFont("Helvetica", 14)
        c.drawString(72, 720, f"{text} (page {n + 1})")
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="session")
def helpers() -> object:
    """The module-level helpers of this conftest, for test modules (importlib mode cannot import conftest)."""

    class Helpers:
        make_certificate = staticmethod(make_certificate)
        utc = staticmethod(utc)
        small_pdf = staticmethod(small_pdf)
        SIGNER_NAME = SIGNER_NAME
        SIGNER_ORG = SIGNER_ORG
        CA_NAME = CA_NAME
        PASSWORD = PASSWORD
        CA_PASSWORD = CA_PASSWORD
        TEST_KEY_SIZE = TEST_KEY_SIZE
        DEFAULT_KDF_ROUNDS = DEFAULT_KDF_ROUNDS

    return Helpers
