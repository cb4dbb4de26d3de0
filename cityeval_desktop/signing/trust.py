"""What the trust list needs to know of a certificate: its fields, and whether a stored copy still holds.

The rows live in ``store/trust_rows.py`` and the use cases (add, list, remove, each audited) in
``services/trust_store.py``; this module only reads certificates.
"""

from __future__ import annotations

from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from cityeval_desktop.signing._util import fingerprint, is_ca, load_pem_certificates

__all__ = ["facts", "load_pem_certificates", "stored_certificate"]


def facts(cert: x509.Certificate) -> dict[str, Any]:
    """What the trust list stores of a certificate: its fingerprint, names, validity, CA flag and PEM."""
    return {
        "fingerprint": fingerprint(cert),
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "not_before": cert.not_valid_before_utc,
        "not_after": cert.not_valid_after_utc,
        "is_ca": is_ca(cert),
        "pem": cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    }


def stored_certificate(pem: str, fp: str) -> x509.Certificate | None:
    """The stored certificate when it parses and matches its fingerprint, else None."""
    try:
        cert = x509.load_pem_x509_certificate(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return None
    return cert if fingerprint(cert) == fp else None
