"""The trust store: CA or individual certificates the user trusts, kept in the database (DESIGN §8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select

from cityeval_desktop.domain.text import Text
from cityeval_desktop.signing._util import fingerprint, is_ca, load_pem_certificates, utcnow
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.store import audit
from cityeval_desktop.store.models import TrustedCertificate

if TYPE_CHECKING:  # the context lives in services/, above this layer: only its type is used here
    from cityeval_desktop.services.context import AppContext

__all__ = ["TrustEntry", "add_trusted", "list_trusted", "load_pem_certificates", "trusted_certificates"]

TRUST_ADD = "trust.add"
TRUST_REPAIR = "trust.repair"


@dataclass
class TrustEntry:
    """One trusted certificate as the trust list shows it."""

    fingerprint: str
    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    is_ca: bool
    added_at: datetime


def _entry(row: TrustedCertificate) -> TrustEntry:
    return TrustEntry(
        fingerprint=row.fingerprint,
        subject=row.subject,
        issuer=row.issuer,
        not_before=row.not_before,
        not_after=row.not_after,
        is_ca=row.is_ca,
        added_at=row.added_at,
    )


def add_trusted(ctx: AppContext, pem_path: Path) -> list[TrustEntry]:
    """Trust every certificate in a PEM file (one transaction; already trusted ones are kept as they are).

    Each newly trusted certificate is written to the ``system`` audit chain (action ``trust.add``); a
    stored copy that no longer matches its fingerprint is repaired from the file (action ``trust.repair``).

    Args:
        ctx: The application context (its database holds the trust list).
        pem_path: A PEM file with one or more certificates (e.g. the agency CA's certificate).

    Returns:
        The entries for the file's certificates, in file order (new and already present alike).

    Raises:
        SigningError: The file cannot be read or holds no certificate.
    """
    certs = load_pem_certificates(Path(pem_path))
    entries: list[TrustEntry] = []
    seen: set[str] = set()
    with ctx.transaction() as session:
        for cert in certs:
            fp = fingerprint(cert)
            if fp in seen:
                continue
            seen.add(fp)
            row = session.scalars(select(TrustedCertificate).where(TrustedCertificate.fingerprint == fp)).first()
            pem = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
            if row is None:
                row = TrustedCertificate(
                    fingerprint=fp,
                    subject=cert.subject.rfc4514_string(),
                    issuer=cert.issuer.rfc4514_string(),
                    not_before=cert.not_valid_before_utc,
                    not_after=cert.not_valid_after_utc,
                    is_ca=is_ca(cert),
                    pem=pem,
                    added_at=utcnow().replace(microsecond=0),
                    added_by=ctx.actor,
                )
                session.add(row)
                audit.append(
                    session,
                    chain=audit.SYSTEM_CHAIN,
                    actor=ctx.actor,
                    action=TRUST_ADD,
                    target=fp,
                    new={"subject": row.subject, "issuer": row.issuer, "is_ca": row.is_ca, "source": str(pem_path)},
                )
            elif _stored_certificate(row.pem, fp) is None:  # a damaged stored copy: the file's certificate repairs it
                audit.append(
                    session,
                    chain=audit.SYSTEM_CHAIN,
                    actor=ctx.actor,
                    action=TRUST_REPAIR,
                    target=fp,
                    new={"subject": row.subject, "source": str(pem_path)},
                )
                row.pem = pem
            entries.append(_entry(row))
    return entries


def _stored_certificate(pem: str, fp: str) -> x509.Certificate | None:
    """The stored certificate when it parses and matches its fingerprint, else None."""
    try:
        cert = x509.load_pem_x509_certificate(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return None
    return cert if fingerprint(cert) == fp else None


def list_trusted(ctx: AppContext) -> list[TrustEntry]:
    """The trust list, oldest entry first.

    Args:
        ctx: The application context.

    Returns:
        One entry per trusted certificate.
    """
    with ctx.reading() as session:
        rows = session.scalars(select(TrustedCertificate).order_by(TrustedCertificate.id)).all()
        return [_entry(r) for r in rows]


def trusted_certificates(ctx: AppContext) -> list[x509.Certificate]:
    """The trusted certificates themselves, for signature verification.

    Args:
        ctx: The application context.

    Returns:
        The certificates, oldest entry first.

    Raises:
        SigningError: A stored certificate is damaged or no longer matches its fingerprint.
    """
    with ctx.reading() as session:
        rows = session.execute(
            select(TrustedCertificate.fingerprint, TrustedCertificate.pem).order_by(TrustedCertificate.id)
        ).all()
    certs: list[x509.Certificate] = []
    for fp, pem in rows:
        cert = _stored_certificate(pem, fp)
        if cert is None:
            raise SigningError(
                Text(
                    f"信任列表中的证书 {fp[:16]} 已损坏或被改动；"
                    "请运行数据库检查，并用原证书文件重新加入信任列表以修复",
                    f"the trusted certificate {fp[:16]} is damaged or was altered; run the database check and add "
                    "it to the trust list again from its original file to repair it",
                ),
                "trust list",
            )
        certs.append(cert)
    return certs
