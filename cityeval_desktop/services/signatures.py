"""Verifying signed PDF reports against the trust store (``verify-pdf`` and the workbench's verify page)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cityeval_desktop.domain.files import FileReadError, read_regular
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.signing.pades import SignatureReport

__all__ = ["MAX_PDF_BYTES", "PdfVerdict", "SignatureReport", "verify_signed_pdf"]

#: A signed report is a few MB at most; a file above this is refused before it is read.
MAX_PDF_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class PdfVerdict:
    """Every signature of one PDF; ``ok`` when it has at least one and each passes all four checks."""

    path: Path
    signatures: list[SignatureReport] = field(default_factory=list)

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def ok(self) -> bool:
        return self.signed and all(_passes(r) for r in self.signatures)


def _passes(r: SignatureReport) -> bool:
    return r.valid and r.intact and r.trusted and r.covers_whole_document


def read_pdf(path: Path) -> bytes:
    """The bytes of a PDF to verify (bounded); an InputError naming the file when it cannot be read."""
    path = Path(path)
    try:
        data = read_regular(path, MAX_PDF_BYTES + 1)  # size checked before reading; pipes refused
    except FileReadError as exc:
        raise InputError([exc]) from None
    if len(data) > MAX_PDF_BYTES:
        raise InputError.one(
            Text(
                f"文件过大（超过 {MAX_PDF_BYTES // (1024 * 1024)} MB），不是评估报告",
                f"the file is too large (over {MAX_PDF_BYTES // (1024 * 1024)} MB) to be an assessment report",
            ),
            str(path),
        )
    return data


def verify_signed_pdf(
    ctx: AppContext | None, path: Path, extra_trust: list[Path] | None = None, *, data: bytes | None = None
) -> PdfVerdict:
    """Verify every signature of a PDF: intact, valid, nothing added afterwards, signer trusted.

    Args:
        ctx: The application context (its trust store), or None to trust only ``extra_trust``.
        path: The PDF file.
        extra_trust: Certificate files trusted for this check only.
        data: The file's bytes when the caller has read them already (with :func:`read_pdf`).

    Returns:
        The verdict (an unsigned PDF gives a verdict without signatures).

    Raises:
        InputError: The file cannot be read or is too large.
        DomainError: Not a PDF, damaged or encrypted (located at the file).
    """
    from cityeval_desktop.services.trust_store import trusted_certificates
    from cityeval_desktop.signing.pades import verify_pdf
    from cityeval_desktop.signing.trust import load_pem_certificates

    path = Path(path)
    if data is None:
        data = read_pdf(path)
    trusted: list[Any] = list(trusted_certificates(ctx)) if ctx is not None else []
    for extra in extra_trust or []:
        trusted.extend(load_pem_certificates(Path(extra)))
    try:
        reports = verify_pdf(data, trusted)
    except DomainError as exc:  # the signing library only knows "PDF"; the user knows the file
        raise DomainError(exc.message, str(path)) from None
    return PdfVerdict(path, reports)
