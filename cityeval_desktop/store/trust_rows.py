"""The trust list's rows: trusted certificates kept in the database (DESIGN §8).

Only rows here. What a certificate is (parsing, fingerprints, CA or not) lives in ``signing/``;
the use cases (one audited transaction per change) in ``services/trust_store.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityeval_desktop.store.models import TrustedCertificate


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
    #: the organisation's 统一社会信用代码 the subject carries (an organisation's certificate), else None;
    #: filled by ``services/trust_store.py list_trusted`` (reading it takes the signing layer)
    uscc: str | None = None


def entry(row: TrustedCertificate) -> TrustEntry:
    return TrustEntry(
        fingerprint=row.fingerprint,
        subject=row.subject,
        issuer=row.issuer,
        not_before=row.not_before,
        not_after=row.not_after,
        is_ca=row.is_ca,
        added_at=row.added_at,
    )


def by_fingerprint(session: Session, fingerprint: str) -> TrustedCertificate | None:
    return session.scalars(select(TrustedCertificate).where(TrustedCertificate.fingerprint == fingerprint)).first()


def all_rows(session: Session) -> list[TrustedCertificate]:
    """Every trusted certificate, oldest entry first."""
    return list(session.scalars(select(TrustedCertificate).order_by(TrustedCertificate.id)))


def stored_pems(session: Session) -> list[tuple[str, str]]:
    """(fingerprint, PEM) of every trusted certificate, oldest entry first."""
    rows = session.execute(
        select(TrustedCertificate.fingerprint, TrustedCertificate.pem).order_by(TrustedCertificate.id)
    ).all()
    return [(fp, pem) for fp, pem in rows]
