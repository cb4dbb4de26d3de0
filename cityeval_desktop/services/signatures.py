"""Verifying signed PDF reports against the trust store (``verify-pdf`` and the workbench's verify page)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
    """Every signature of one PDF; ``ok`` when it has at least one, each passes all four checks and none was
    made after its signer's certificate was revoked."""

    path: Path
    signatures: list[SignatureReport] = field(default_factory=list)

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def ok(self) -> bool:
        return self.signed and all(_passes(r) for r in self.signatures)


def _passes(r: SignatureReport) -> bool:
    return r.ok


def role_title(r: SignatureReport) -> Text | None:
    """The role of a signature in a report (评估组长 / 评估机构 / 审核人), None when its field names none."""
    from cityeval_desktop.signing.pades import ROLE_TITLES

    return ROLE_TITLES.get(r.role) if r.role else None


def coverage_text(r: SignatureReport) -> Text:
    """What a signature covers, in words: the whole document, or its own revision with only later signatures
    after it (normal for a report signed one signer after another), or that the file changed after signing."""
    if not (r.intact and r.covers_whole_document):
        return Text("签署后被改动", "CHANGED after signing")
    if r.later_signatures:
        n = r.later_signatures
        return Text(
            f"覆盖其签署时的全部内容；其后只追加了 {n} 个签名（逐个签署的正常情形），未作其他改动",
            f"covers the whole document as it was signed; later revisions added {n} signature{'s' if n > 1 else ''} "
            "only (normal when signers sign one after another), nothing else",
        )
    return Text("覆盖整个文件，签署后未被改动", "covers the whole document; unchanged since signing")


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
    """Verify every signature of a PDF: intact, valid, nothing added afterwards, signer trusted and not revoked.

    A signer revoked at or before the signing time the signature states (or revoked, with no time stated)
    fails with the reason (``SignatureReport.revocation``); one revoked only later passes.

    Args:
        ctx: The application context (its trust store), or None to trust only ``extra_trust``.
        path: The PDF file.
        extra_trust: Certificate files trusted for this check only.
        data: The file's bytes when the caller has read them already (with :func:`read_pdf`).

    Returns:
        The verdict (an unsigned PDF gives a verdict without signatures).

    Raises:
        InputError: The file cannot be read or is too large.
        DomainError: Not a PDF, damaged or encrypted (located at the file); a stored revocation list damaged.
    """
    from cityeval_desktop.services.trust_store import trusted_certificates
    from cityeval_desktop.signing.pades import verify_pdf
    from cityeval_desktop.signing.trust import load_pem_certificates

    path = Path(path)
    if data is None:
        data = read_pdf(path)
    extra_certs: list[Any] = []
    for extra in extra_trust or []:
        extra_certs.extend(load_pem_certificates(Path(extra)))
    trusted: list[Any] = [*(trusted_certificates(ctx) if ctx is not None else []), *extra_certs]
    try:
        reports = verify_pdf(data, trusted)
    except DomainError as exc:  # the signing library only knows "PDF"; the user knows the file
        raise DomainError(exc.message, str(path)) from None
    if ctx is not None and reports:
        reports = _with_revocations(ctx, reports, extra_certs)
    return PdfVerdict(path, reports)


def _with_revocations(ctx: AppContext, reports: list[SignatureReport], extra: list[Any]) -> list[SignatureReport]:
    """Each signature with the verdict of the stored revocation lists (see ``services/revocation.py``).

    The time compared with the revocation is the signing time the signature states (covered by it).
    """
    from cityeval_desktop.services.revocation import load_revocation_index

    index = load_revocation_index(ctx, extra)
    checked = []
    for r in reports:
        if not r.certificates:
            checked.append(r)
            continue
        signer, chain = r.certificates[0], list(r.certificates[1:])
        problem = index.problem(signer, chain, r.signing_time)
        note = index.stale_note(signer, chain)
        checked.append(
            replace(
                r,
                revocation=problem,
                problems=[*r.problems, problem] if problem is not None else r.problems,
                notes=[*r.notes, note] if note is not None else r.notes,
            )
        )
    return checked
