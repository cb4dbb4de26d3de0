"""Certificate revocation lists (CRLs): reading one from outside, and whether a certificate is revoked.

Pure: no database. The rows live in ``store/revocation_rows.py``, the use cases (``ca revoke``,
``ca crl``, ``trust add`` of a CRL, the check for verifiers) in ``services/revocation.py``; the CA's
own signing of a list is in ``signing/ca.py``.

Only a list whose signature verifies against the issuing CA certificate counts, and of those only the
newest (highest CRL number, then latest thisUpdate): a newer list supersedes an older one, as RFC 5280
says. A signature made *before* its signer's certificate was revoked stays valid; one made at or after
the revocation (or at an unknown time) is not accepted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization

from cityeval_desktop.domain.text import Text
from cityeval_desktop.signing._util import display_name, format_utc, issued_by, read_input, utcnow
from cityeval_desktop.signing.errors import SigningError

__all__ = [
    "CLOCK_SKEW",
    "REASONS",
    "Revoked",
    "crl_number",
    "crl_sha256",
    "crl_signed_by",
    "load_crl",
    "looks_like_crl",
    "may_sign_crls",
    "newest_crl",
    "parse_crl",
    "reason_of",
    "reason_text",
    "revocation_of",
    "revoked_count",
    "stale_revocation_note",
]

#: The reasons ``ca revoke --reason`` accepts (RFC 5280 CRLReason names) and how a message words them.
REASONS: dict[str, Text] = {
    "unspecified": Text("未说明", "unspecified"),
    "keyCompromise": Text("私钥泄露", "key compromise"),
    "affiliationChanged": Text("所属单位变更", "affiliation changed"),
    "superseded": Text("已被新证书取代", "superseded"),
    "cessationOfOperation": Text("停止执业", "cessation of operation"),
}
#: A list's thisUpdate may be this far in the future (clocks differ); further is refused.
CLOCK_SKEW = timedelta(minutes=10)
#: RFC 5280: a CRL number is at most 20 octets.
MAX_CRL_NUMBER = 2**160
_PEM_MARKER = b"-----BEGIN X509 CRL-----"
_WHAT = Text("证书吊销列表（CRL）文件", "certificate revocation list (CRL) file")


@dataclass(frozen=True)
class Revoked:
    """A certificate's entry in its issuer's newest revocation list."""

    revoked_at: datetime
    #: An RFC 5280 reason name, one of :data:`REASONS` (``unspecified`` when the list names none).
    reason: str
    issuer: str
    crl_number: int | None
    crl_this_update: datetime
    crl_next_update: datetime | None

    @property
    def reason_text(self) -> Text:
        return reason_text(self.reason)


def reason_text(reason: str) -> Text:
    """The words for an RFC 5280 reason name (a name outside :data:`REASONS` is shown as it is)."""
    return REASONS.get(reason) or Text("其他原因", reason)


# ----------------------------------------------------------------------------- reading a list from outside
def looks_like_crl(data: bytes) -> bool:
    """True when ``data`` is a PEM CRL, or DER that parses as one (a certificate file is not)."""
    if _PEM_MARKER in data[:65536]:
        return True
    if b"-----BEGIN" in data[:65536]:
        return False
    try:
        x509.load_der_x509_crl(data)
    except ValueError:
        return False
    return True


def load_crl(path: Path) -> x509.CertificateRevocationList:
    """Read a CRL file (PEM or DER; a regular file of at most 16 MB) and check its whole structure.

    Raises:
        SigningError: Missing, a symbolic link, a folder, a pipe or device, too large, not a CRL, or damaged.
    """
    path = Path(path)
    if path.is_symlink():  # a list is a file the CA published: one named through a link is not taken
        raise SigningError(
            Text(
                "这是符号链接，不是普通文件；请选择证书机构发布的吊销列表文件本身",
                "this is a symbolic link, not a regular file; choose the revocation list file the CA published itself",
            ),
            str(path),
        )
    return parse_crl(read_input(path, _WHAT), str(path))


def parse_crl(data: bytes, where: str) -> x509.CertificateRevocationList:
    """A CRL from its PEM or DER bytes, every entry and extension parsed once (so later reads cannot fail).

    Raises:
        SigningError: Not a CRL (a certificate, a key, anything else) or a damaged one, located at ``where``.
    """
    damaged = SigningError(
        Text(
            "证书吊销列表（CRL）已损坏，无法解析；请向签发它的证书机构重新获取",
            "the certificate revocation list (CRL) is damaged and cannot be parsed; get it again from the CA that "
            "issued it",
        ),
        where,
    )
    try:
        if _PEM_MARKER in data:
            crl = x509.load_pem_x509_crl(data)
        elif b"-----BEGIN" in data:
            raise SigningError(
                Text(
                    "不是证书吊销列表（CRL）：应为以 -----BEGIN X509 CRL----- 开头的文件，或 ca crl 写出的文件",
                    "not a certificate revocation list (CRL): expected a file starting with -----BEGIN X509 CRL-----, "
                    "such as the one `ca crl` writes",
                ),
                where,
            )
        else:
            crl = x509.load_der_x509_crl(data)
        _touch(crl)
    except SigningError:
        raise
    except (ValueError, TypeError, UnsupportedAlgorithm, OverflowError):
        if not data.strip() or (_PEM_MARKER not in data and not data.startswith(b"\x30")):
            raise SigningError(
                Text(
                    "不是证书吊销列表（CRL）文件；请选择证书机构发布的 .crl 文件",
                    "not a certificate revocation list (CRL) file; choose the .crl file the CA published",
                ),
                where,
            ) from None
        raise damaged from None
    number = crl_number(crl)
    if number is not None and not 0 <= number < MAX_CRL_NUMBER:
        raise damaged
    return crl


def _touch(crl: x509.CertificateRevocationList) -> None:
    """Parse every lazily decoded part now, so a damaged list fails here and never in a verifier."""
    crl.issuer.rfc4514_string()
    _ = crl.last_update_utc, crl.next_update_utc, crl.signature_hash_algorithm
    for ext in crl.extensions:
        _ = ext.value
    for entry in crl:
        _ = entry.serial_number, entry.revocation_date_utc
        for ext in entry.extensions:
            _ = ext.value


# ----------------------------------------------------------------------------- facts of a list
def crl_sha256(crl: x509.CertificateRevocationList) -> str:
    """The sha256 of the list's DER bytes, lower-case hex (its identity in the trust store)."""
    return hashlib.sha256(crl.public_bytes(serialization.Encoding.DER)).hexdigest()


def crl_number(crl: x509.CertificateRevocationList) -> int | None:
    """The list's CRL number, or None when it carries none."""
    try:
        return int(crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number)
    except x509.ExtensionNotFound:
        return None


def revoked_count(crl: x509.CertificateRevocationList) -> int:
    """How many certificates the list revokes."""
    return len(crl)


def may_sign_crls(cert: x509.Certificate) -> bool:
    """True unless the certificate's key usage leaves out cRLSign."""
    try:
        return bool(cert.extensions.get_extension_for_class(x509.KeyUsage).value.crl_sign)
    except x509.ExtensionNotFound:
        return True


def crl_signed_by(crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
    """True when ``issuer``'s name is the list's issuer, it may sign lists, and its key signed this one."""
    if crl.issuer != issuer.subject or not may_sign_crls(issuer):
        return False
    try:
        return bool(crl.is_signature_valid(issuer.public_key()))  # type: ignore[arg-type]
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False


def _order(crl: x509.CertificateRevocationList) -> tuple[int, datetime]:
    number = crl_number(crl)
    return (-1 if number is None else number, crl.last_update_utc)


def newest_crl(
    issuer: x509.Certificate, crls: Iterable[x509.CertificateRevocationList]
) -> x509.CertificateRevocationList | None:
    """The newest of ``crls`` that ``issuer`` signed (highest CRL number, then latest thisUpdate), or None."""
    mine = [c for c in crls if crl_signed_by(c, issuer)]
    return max(mine, key=_order) if mine else None


def reason_of(entry: x509.RevokedCertificate) -> str:
    """The RFC 5280 reason name of a list entry (``unspecified`` when it names none)."""
    try:
        return str(entry.extensions.get_extension_for_class(x509.CRLReason).value.reason.value)
    except x509.ExtensionNotFound:
        return "unspecified"


def revocation_of(
    cert: x509.Certificate, issuer: x509.Certificate, crls: list[x509.CertificateRevocationList]
) -> Revoked | None:
    """Whether ``issuer`` revoked ``cert``, by the newest of ``crls`` that ``issuer`` signed.

    Lists signed by anyone else are ignored, and so is ``cert`` when ``issuer`` did not issue it (a serial
    number means something only to its own CA).

    Args:
        cert: The certificate in question (a signer's, or a CA's below another CA).
        issuer: The CA certificate that issued it.
        crls: Candidate lists (any issuers; the others are ignored).

    Returns:
        The revocation, or None when the newest list of ``issuer`` does not list ``cert`` (or there is none).
    """
    if not issued_by(cert, issuer):
        return None
    crl = newest_crl(issuer, crls)
    if crl is None:
        return None
    entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    if entry is None:
        return None
    return Revoked(
        revoked_at=entry.revocation_date_utc,
        reason=reason_of(entry),
        issuer=display_name(issuer.subject),
        crl_number=crl_number(crl),
        crl_this_update=crl.last_update_utc,
        crl_next_update=crl.next_update_utc,
    )


def stale_revocation_note(
    crl: x509.CertificateRevocationList, issuer_name: str, now: datetime | None = None
) -> Text | None:
    """A warning when the list is past its nextUpdate: it is still used, but may miss newer revocations.

    Returns:
        The warning, or None while the list is current (or names no nextUpdate).
    """
    when = now or utcnow()
    due = crl.next_update_utc
    if due is None or when <= due:
        return None
    return Text(
        f"“{issuer_name}”的证书吊销列表已于 {format_utc(due)} 到期，此后的吊销可能未包含在内；"
        "仍按其中的吊销核验。请向该证书机构索取最新的吊销列表并加入信任列表",
        f"the revocation list of “{issuer_name}” was due for renewal on {format_utc(due)}, so revocations since "
        "then may be missing; its revocations still apply. Ask that CA for its current list and add it to the "
        "trust list",
    )
