"""The agency's small certificate authority: make a CA identity and issue signing certificates from CSRs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from cityeval_desktop.domain.text import Text
from cityeval_desktop.signing._util import (
    check_new_output,
    display_name,
    is_ca,
    issued_by,
    load_pem_certificates,
    read_input,
    utcnow,
    write_new_file,
)
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import (
    CLOCK_SKEW,
    KEY_SIZE,
    MIN_RSA_BITS,
    SIGNING_EKUS,
    Identity,
    check_days,
    create_self_signed,
    load_identity,
    signer_key_usage,
)
from cityeval_desktop.signing.revocation import REASONS, may_sign_crls


def init_ca(out: Path, *, name: str, password: str, days: int = 3650, key_size: int = KEY_SIZE) -> Identity:
    """Create a self-signed CA identity (CA=true, path length 0, keyCertSign + cRLSign) in a new PKCS#12 file.

    Args:
        out: The ``.p12`` file to create (never overwritten).
        name: The CA's name (certificate CN), e.g. ``福州市数据局评估 CA``.
        password: The file's password (not empty).
        days: How long the CA certificate is valid.
        key_size: RSA key size in bits (keep the default outside tests).

    Returns:
        The CA identity.

    Raises:
        SigningError: Empty password, a bad name, an existing output file or folder problems.
    """
    ca_usage = x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )
    return create_self_signed(
        out,
        name=name,
        org=None,
        password=password,
        days=days,
        key_size=key_size,
        extensions=[(x509.BasicConstraints(ca=True, path_length=0), True), (ca_usage, True)],
    )


def _load_csr(path: Path) -> x509.CertificateSigningRequest:
    data = read_input(path, Text("证书签发请求（CSR）文件", "certificate request (CSR) file"))
    where = str(path)
    try:
        if b"-----BEGIN" in data:
            if (
                b"-----BEGIN CERTIFICATE REQUEST-----" not in data
                and b"-----BEGIN NEW CERTIFICATE REQUEST-----" not in data
            ):
                kind = (
                    Text("这是证书，不是证书签发请求", "this is a certificate, not a certificate request")
                    if b"-----BEGIN CERTIFICATE-----" in data
                    else Text("不是证书签发请求（CSR）文件", "not a certificate request (CSR) file")
                )
                raise SigningError(
                    Text(
                        f"{kind.zh}；请使用 identity csr 生成的 .csr 文件",
                        f"{kind.en}; use the .csr file made by `identity csr`",
                    ),
                    where,
                )
            return x509.load_pem_x509_csr(data)
        return x509.load_der_x509_csr(data)
    except ValueError:
        raise SigningError(
            Text(
                "证书签发请求（CSR）无法解析（不是 CSR 或已损坏）；请让申请人用 identity csr 重新生成",
                "the certificate request (CSR) cannot be parsed (not a CSR, or damaged); ask the applicant to make "
                "it again with `identity csr`",
            ),
            where,
        ) from None


def _check_csr(csr: x509.CertificateSigningRequest, where: str) -> None:
    if not csr.is_signature_valid:
        raise SigningError(
            Text(
                "证书签发请求（CSR）的签名无效：文件已损坏或被改动；请让申请人重新生成并发送",
                "the certificate request's (CSR's) signature is invalid: the file is damaged or was altered; "
                "ask the applicant to make and send it again",
            ),
            where,
        )
    try:
        constraints = csr.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    except ValueError:
        constraints = None
    wants_ca = constraints is not None and constraints.ca
    try:
        usage = csr.extensions.get_extension_for_class(x509.KeyUsage).value
        wants_ca = wants_ca or usage.key_cert_sign or usage.crl_sign
    except (x509.ExtensionNotFound, ValueError):
        pass
    if wants_ca:
        raise SigningError(
            Text(
                "该请求要求签发 CA 证书（可再签发证书），已拒绝；本 CA 只签发签名人证书",
                "this request asks for a CA certificate (one that can issue certificates); refused: this CA "
                "issues signer certificates only",
            ),
            where,
        )
    if not csr.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME):
        raise SigningError(
            Text("证书签发请求中没有姓名（CN）", "the certificate request carries no name (CN)"),
            where,
        )
    public = csr.public_key()
    if isinstance(public, rsa.RSAPublicKey):
        if public.key_size < MIN_RSA_BITS:
            raise SigningError(
                Text(
                    f"请求中的 RSA 密钥过短（{public.key_size} 位，至少 {MIN_RSA_BITS} 位）",
                    f"the request's RSA key is too short ({public.key_size} bits, at least {MIN_RSA_BITS})",
                ),
                where,
            )
    elif not isinstance(public, ec.EllipticCurvePublicKey):
        raise SigningError(
            Text(
                "请求中的密钥类型不受支持（应为 RSA 或 EC）", "the request's key type is not supported (use RSA or EC)"
            ),
            where,
        )


def public_key_sha256(key: object) -> str:
    """sha256 (hex) of a public key as DER SubjectPublicKeyInfo: the same key in any certificate or request."""
    der = key.public_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def issue(
    ca_path: Path,
    ca_password: str,
    csr_path: Path,
    out_pem: Path,
    days: int = 1095,
    *,
    refuse_key: Callable[[str, x509.Certificate], Text | None] | None = None,
) -> x509.Certificate:
    """Issue a signing certificate for a CSR and write it, followed by the CA certificate, as PEM.

    The subject is copied from the CSR; the serial number is random; the certificate carries
    BasicConstraints CA=false, digitalSignature + nonRepudiation + keyEncipherment, document-signing and
    e-mail-protection extended key usages, and subject/authority key identifiers. It never outlives the CA certificate.

    Args:
        ca_path: The CA's ``.p12`` file (made by :func:`init_ca`).
        ca_password: Its password.
        csr_path: The applicant's request (PEM or DER).
        out_pem: The PEM file to create (never overwritten).
        days: Validity of the new certificate.
        refuse_key: Given the request's :func:`public_key_sha256` and the CA certificate, says why that key
            must not be certified (its earlier certificate was revoked, say), or None.

    Returns:
        The issued certificate.

    Raises:
        SigningError: The CA cannot be opened, is not a CA or has expired; the CSR is not a CSR, its
            signature is invalid, or it asks for a CA certificate; the output cannot be written.
    """
    out_pem = Path(out_pem)
    check_days(days, out_pem)
    check_new_output(out_pem)
    csr_path = Path(csr_path)
    csr = _load_csr(csr_path)
    _check_csr(csr, str(csr_path))
    ca = load_ca(Path(ca_path), ca_password)
    now = utcnow()
    public = csr.public_key()
    if refuse_key is not None:
        why = refuse_key(public_key_sha256(public), ca.certificate)
        if why is not None:
            raise SigningError(why, str(csr_path))
    not_after = min(now + timedelta(days=days), ca.certificate.not_valid_after_utc)
    try:
        aki = x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(
            ca.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        )
    except x509.ExtensionNotFound:
        aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.certificate.public_key())  # type: ignore[arg-type]
    cert = (
        x509.CertificateBuilder()
        .subject_name(csr.subject)
        .issuer_name(ca.certificate.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - CLOCK_SKEW)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(signer_key_usage(), critical=True)
        .add_extension(x509.ExtendedKeyUsage(list(SIGNING_EKUS)), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(aki, critical=False)
        .sign(ca.private_key, hashes.SHA256())  # type: ignore[arg-type]
    )
    pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (cert, ca.certificate, *ca.chain))
    write_new_file(out_pem, pem, private=False)
    return cert


def _may_issue(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign)
    except x509.ExtensionNotFound:
        return True


def ca_certificate_path(ca_path: Path) -> Path:
    """Where ``ca init`` writes the CA certificate: beside the ``.p12``, ending ``.pem`` (``CA.p12`` → ``CA.pem``)."""
    ca_path = Path(ca_path)
    return ca_path.with_name(ca_path.stem + ".pem") if ca_path.suffix else ca_path.with_name(ca_path.name + ".pem")


def load_ca(ca_path: Path, ca_password: str) -> Identity:
    """Open the agency CA's identity; refused when it is not a CA (or may not issue certificates and lists).

    Raises:
        SigningError: The file cannot be opened (see :func:`~cityeval_desktop.signing.identity.load_identity`),
            the CA certificate has expired, or the identity is not a CA.
    """
    ca = load_identity(Path(ca_path), ca_password)
    cert = ca.certificate
    if not is_ca(cert) or not _may_issue(cert) or not may_sign_crls(cert):
        raise SigningError(
            Text(
                "该身份不是 CA，不能签发或吊销证书；请使用 ca init 创建的 CA 身份文件",
                "this identity is not a CA and can neither issue nor revoke certificates; use the CA file made by "
                "`ca init`",
            ),
            str(ca_path),
        )
    return ca


def certificate_to_revoke(ca: Identity, cert_path: Path) -> x509.Certificate:
    """The certificate of ``cert_path`` (the first of the file, as ``ca issue`` writes it) that ``ca`` issued.

    Raises:
        SigningError: The file holds no certificate, the certificate is the CA's own, or this CA did not
            issue it (its signature does not verify against the CA's key).
    """
    cert_path = Path(cert_path)
    where = str(cert_path)
    cert = load_pem_certificates(cert_path)[0]
    if cert == ca.certificate or is_ca(cert):
        raise SigningError(
            Text(
                "这是 CA 证书，不是签署人证书；ca revoke 只吊销本 CA 签发的签署人证书",
                "this is a CA certificate, not a signer's; `ca revoke` revokes signer certificates this CA issued",
            ),
            where,
        )
    if not issued_by(cert, ca.certificate):
        raise SigningError(
            Text(
                f"该证书（{display_name(cert.subject)}）不是由本 CA（{ca.name}）签发的，不能由它吊销；"
                "请用签发它的 CA 吊销",
                f"this certificate ({display_name(cert.subject)}) was not issued by this CA ({ca.name}), so this CA "
                "cannot revoke it; revoke it with the CA that issued it",
            ),
            where,
        )
    return cert


@dataclass(frozen=True)
class RevokedEntry:
    """One certificate on a list the CA signs."""

    serial: int
    revoked_at: datetime
    #: an RFC 5280 reason name (see :data:`~cityeval_desktop.signing.revocation.REASONS`)
    reason: str


def make_crl(
    ca: Identity, entries: Iterable[RevokedEntry], *, number: int, this_update: datetime, next_update: datetime
) -> x509.CertificateRevocationList:
    """A revocation list signed by the CA: every entry with its date and reason, a CRL number and key identifier.

    The reason ``unspecified`` is left out of an entry, as RFC 5280 asks.

    Raises:
        SigningError: An unknown reason name, or a next update not after this update.
    """
    if next_update <= this_update:
        raise SigningError(
            Text("吊销列表的下次更新时间必须晚于本次更新时间", "the list's next update must come after this update"),
            "CRL",
        )
    try:
        aki = x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(
            ca.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        )
    except x509.ExtensionNotFound:
        aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.certificate.public_key())  # type: ignore[arg-type]
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(aki, critical=False)
    )
    for entry in entries:
        if entry.reason not in REASONS:
            raise SigningError(
                Text(f"未知的吊销原因：{entry.reason}", f"unknown revocation reason: {entry.reason}"), "CRL"
            )
        revoked = x509.RevokedCertificateBuilder().serial_number(entry.serial).revocation_date(entry.revoked_at)
        if entry.reason != "unspecified":
            revoked = revoked.add_extension(x509.CRLReason(x509.ReasonFlags(entry.reason)), critical=False)
        builder = builder.add_revoked_certificate(revoked.build())
    return builder.sign(ca.private_key, hashes.SHA256())  # type: ignore[arg-type]
