"""The signer's certificate path: how it is validated against the trust list, and how its problems are worded.

Shared by every verifier (the PDF report's signature in ``pades.py``, the package's detached
``signature.p7s`` in ``cms.py``), so a signer is trusted, or refused with the same words, whatever it signed.
The trust roots are the certificates of the trust list (CAs or individual signers); nothing is fetched
from the network, and only certificates fit for signing documents qualify (:data:`KEY_USAGE`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext

from cityeval_desktop.domain.text import Text
from cityeval_desktop.signing._util import (
    display_name,
    fingerprint,
    format_local,
    format_utc,
    issued_by,
    self_signed,
    short_fingerprint,
)
from cityeval_desktop.signing.errors import SigningError

__all__ = [
    "KEY_USAGE",
    "MAX_PATH_LENGTH",
    "anchored",
    "check_valid_for_signing",
    "claims_self_signed",
    "is_issuer_path",
    "parse_all",
    "path_certificates",
    "signing_time_problem",
    "spki",
    "trust_finding",
    "trust_problem",
    "validation_context",
    "validity_problem",
]

#: A signer's certificate must allow digital signatures or non-repudiation (either is enough).
KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
#: No real signer sits deeper below its root than this; a longer path is not followed.
MAX_PATH_LENGTH = 16


def validation_context(trusted: list[x509.Certificate]) -> ValidationContext:
    """A path validation context whose only roots are ``trusted`` (offline; no revocation data required)."""
    return ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in trusted],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def parse_all(certs: Iterable[asn1_x509.Certificate] | None) -> list[x509.Certificate]:
    """asn1crypto certificates as cryptography ones (unparseable ones left out)."""
    out = []
    for c in certs or ():
        try:
            out.append(x509.load_der_x509_certificate(c.dump()))
        except ValueError:
            continue
    return out


def path_certificates(status: Any) -> list[x509.Certificate]:
    """The certificates of the validation path a pyHanko signature status found (root included), or []."""
    path = getattr(status, "validation_path", None)
    if path is None:
        return []
    try:
        return parse_all(list(path.iter_certs(include_root=True)))
    except (AttributeError, TypeError, ValueError):
        return []


def validity_problem(certs: list[x509.Certificate], at: datetime | None = None) -> Text | None:
    """A problem for the first certificate that is not valid at ``at`` (default: now), else None.

    The first certificate is the signer's, the others its CA certificates.
    """
    now = at or datetime.now(UTC)
    for index, c in enumerate(certs):
        who = (
            Text("签署人证书", "the signer's certificate")
            if index == 0
            else Text(f"CA 证书“{display_name(c.subject)}”", f"the CA certificate '{display_name(c.subject)}'")
        )
        if now > c.not_valid_after_utc:
            end = format_utc(c.not_valid_after_utc)
            return Text(
                f"{who.zh}已于 {end} 过期，现已无法确认其可信", f"{who.en} expired on {end}; it cannot be trusted now"
            )
        if now < c.not_valid_before_utc:
            start = format_utc(c.not_valid_before_utc)
            return Text(f"{who.zh}尚未生效（自 {start} 起有效）", f"{who.en} is not valid yet (valid from {start})")
    return None


def spki(cert: x509.Certificate) -> bytes:
    """The certificate's public key as DER SubjectPublicKeyInfo."""
    return cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def anchored(cert: x509.Certificate, embedded: list[x509.Certificate], trusted: list[x509.Certificate]) -> bool:
    """True when the signer's certificate or one of its issuers is (the name and key of) a trusted certificate."""
    anchors = {(c.subject.public_bytes(), spki(c)) for c in trusted}
    pool = [*embedded, *trusted]
    current: x509.Certificate | None = cert
    for _ in range(MAX_PATH_LENGTH):
        if current is None:
            return False
        if (current.subject.public_bytes(), spki(current)) in anchors:
            return True
        if self_signed(current):
            return False
        current = next((c for c in pool if issued_by(current, c)), None)
    return False


def trust_problem(cert: x509.Certificate, status: Any, anchored: bool) -> Text:
    """Why a signer that path validation did not trust is not trusted.

    Args:
        cert: The signer's certificate.
        status: pyHanko's signature status (its ``trust_problem_indic`` names what failed).
        anchored: Whether the certificate chains to the trust list by name and key (see :func:`anchored`).
    """
    short = short_fingerprint(fingerprint(cert))
    if not anchored:
        return Text(
            f"签署人证书（指纹 {short}）不在信任列表中，也不是由受信任的证书机构签发；"
            "如确认来源可靠，请把签发它的证书机构的证书（或该证书本身）加入信任列表后再验证",
            f"the signer's certificate (fingerprint {short}) is not in the trust list and was not issued by a "
            "trusted CA; if you know the source, add its CA certificate (or the certificate) to the trust list",
        )
    expired = validity_problem([cert])
    if expired is not None:
        return expired
    indic = getattr(status, "trust_problem_indic", None)
    name = getattr(indic, "name", "") or "unknown"
    if name.startswith("REVOKED"):
        return Text("签署人证书已被吊销", "the signer's certificate has been revoked")
    if name in ("EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED", "NOT_YET_VALID"):
        return Text(
            "签署人的 CA 证书不在有效期内，无法确认其可信",
            "the signer's CA certificate is outside its validity period; the signer cannot be trusted now",
        )
    return Text(  # the validator's code name is for the English reader (and a support request) only
        "签署人证书未通过信任检查：证书链或证书用途不符合要求",
        f"the signer's certificate failed the trust checks ({name}: its chain or key usage does not qualify)",
    )


def trust_finding(
    cert: x509.Certificate, status: Any, embedded: list[x509.Certificate], trusted: list[x509.Certificate]
) -> Text | None:
    """None when the signer is trusted now, else why not.

    Path validation (pyHanko's ``status.trusted``) does not look at the validity of the trust anchor
    itself, which may be the signer's own certificate: every certificate on the path must be valid now.

    Args:
        cert: The signer's certificate.
        status: pyHanko's signature status, validated against :func:`validation_context` of ``trusted``.
        embedded: The other certificates the signature carries.
        trusted: The trust list's certificates.
    """
    if status.trusted:
        return validity_problem([cert, *path_certificates(status)])
    return trust_problem(cert, status, anchored(cert, embedded, trusted))


def is_issuer_path(signer: x509.Certificate, issuers: list[x509.Certificate], trusted: list[x509.Certificate]) -> bool:
    """True when ``issuers`` (the other certificates a signature carries) are exactly the signer's issuer
    path, unaltered.

    Every certificate must be verified by the next one, the top one by itself (a root) or by a trusted
    certificate; a top one whose issuer is unknown is accepted unless it is an altered copy of a trusted
    certificate or a root (by its key identifiers) whose issuer name no longer matches.
    """
    if len(issuers) >= MAX_PATH_LENGTH:
        return False
    remaining = list(issuers)
    current = signer
    while current.issuer != current.subject:
        issuer = next((c for c in remaining if issued_by(current, c)), None)
        if issuer is None:
            break
        remaining.remove(issuer)
        current = issuer
    if remaining:
        return False
    if current.issuer == current.subject:
        return issued_by(current, current)
    if claims_self_signed(current):  # a root whose issuer name was changed
        return False
    if any(t.subject == current.issuer for t in trusted):
        return any(issued_by(current, t) for t in trusted)
    return not any(t.subject == current.subject and spki(t) == spki(current) and t != current for t in trusted)


def claims_self_signed(cert: x509.Certificate) -> bool:
    """True when the certificate's authority key identifier is its own subject key identifier (a root)."""
    try:
        aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier
        ski = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    except (x509.ExtensionNotFound, ValueError):
        return False
    return aki is not None and aki == ski


def check_valid_for_signing(cert: x509.Certificate, when: datetime, where: str) -> None:
    """Refuse to sign at ``when`` (aware) with a certificate that is not valid then.

    Raises:
        SigningError: Naming the signing time, the validity period and what to do; ``where`` names the identity.
    """
    if not cert.not_valid_before_utc <= when <= cert.not_valid_after_utc:
        raise SigningError(
            Text(
                f"签名时间 {format_local(when)} 不在证书有效期内（{format_utc(cert.not_valid_before_utc)} 至 "
                f"{format_utc(cert.not_valid_after_utc)}）；请更新证书",
                f"the signing time {format_local(when)} is outside the certificate's validity "
                f"({format_utc(cert.not_valid_before_utc)} to {format_utc(cert.not_valid_after_utc)}); renew it",
            ),
            where,
        )


def signing_time_problem(cert: x509.Certificate, when: datetime | None) -> Text | None:
    """A problem when a signature states no signing time, or one outside the signer's certificate's validity.

    The stated time is the signer's own claim (covered by the signature): a signer whose certificate had
    expired, or was not issued yet, cannot have signed then with it.
    """
    if when is None:
        return Text(
            "签名未注明签署时间，无法确认签署时证书是否有效",
            "the signature states no signing time; whether the certificate was valid when it signed cannot be told",
        )
    if not cert.not_valid_before_utc <= when <= cert.not_valid_after_utc:
        return Text(
            f"签名注明的签署时间 {format_local(when.astimezone())} 不在签署人证书的有效期内"
            f"（{format_utc(cert.not_valid_before_utc)} 至 {format_utc(cert.not_valid_after_utc)}）",
            f"the signing time the signature states, {format_local(when.astimezone())}, is outside the signer's "
            f"certificate's validity ({format_utc(cert.not_valid_before_utc)} to "
            f"{format_utc(cert.not_valid_after_utc)})",
        )
    return None
