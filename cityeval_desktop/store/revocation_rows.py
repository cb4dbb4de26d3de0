"""Revocation rows: the CRLs added to the trust store, and a CA's own register of what it revoked.

Only rows here. What a list says lives in ``signing/revocation.py``; the use cases (one audited
transaction per change) in ``services/revocation.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityeval_desktop.store import audit
from cityeval_desktop.store.models import AuditRow, CaRevocation, RevocationList

#: The audit action of a list a CA signed (``ca crl``, and the one ``ca revoke`` publishes); its
#: ``new`` carries the CRL number, so numbers keep increasing even for lists never added anywhere.
CA_CRL = "ca.crl"


def all_lists(session: Session) -> list[RevocationList]:
    """Every stored list, oldest first."""
    return list(session.scalars(select(RevocationList).order_by(RevocationList.id)))


def by_sha256(session: Session, sha256: str) -> RevocationList | None:
    return session.scalars(select(RevocationList).where(RevocationList.sha256 == sha256)).first()


def lists_of(session: Session, issuer_fingerprints: Iterable[str]) -> list[RevocationList]:
    """The stored lists signed by any of these trusted CA certificates, oldest first."""
    wanted = list(issuer_fingerprints)
    if not wanted:
        return []
    return list(
        session.scalars(
            select(RevocationList).where(RevocationList.issuer_fingerprint.in_(wanted)).order_by(RevocationList.id)
        )
    )


def number_of(row: RevocationList) -> int | None:
    """A stored list's CRL number (stored as decimal text: it may exceed 64 bits)."""
    try:
        return int(row.crl_number) if row.crl_number is not None else None
    except ValueError:
        return None


def register(session: Session, ca_fingerprint: str) -> list[CaRevocation]:
    """What the CA ``ca_fingerprint`` revoked, in the order it did."""
    return list(
        session.scalars(
            select(CaRevocation).where(CaRevocation.ca_fingerprint == ca_fingerprint).order_by(CaRevocation.id)
        )
    )


def register_entry(session: Session, ca_fingerprint: str, serial_hex: str) -> CaRevocation | None:
    return session.scalars(
        select(CaRevocation).where(CaRevocation.ca_fingerprint == ca_fingerprint, CaRevocation.serial == serial_hex)
    ).first()


def highest_crl_number(session: Session, ca_fingerprint: str) -> int:
    """The highest CRL number known for the CA: of the lists it signed here, and of the stored lists (0: none)."""
    numbers = [n for n in (number_of(r) for r in lists_of(session, [ca_fingerprint])) if n is not None]
    signed = session.scalars(
        select(AuditRow.new_json).where(
            AuditRow.chain == audit.SYSTEM_CHAIN, AuditRow.action == CA_CRL, AuditRow.target == ca_fingerprint
        )
    )
    for text in signed:
        try:
            value = json.loads(text).get("crl_number")
            numbers.append(int(value))
        except (ValueError, TypeError, AttributeError):
            continue
    return max(numbers, default=0)
