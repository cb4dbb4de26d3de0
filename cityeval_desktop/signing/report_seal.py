"""What a final report's signature seals: the signer and the content hash of the revision it reports.

Finalize writes the revision's content hash into the report's metadata before signing
(``Keywords``: ``cityeval-content-sha256:HEX``), so the signature covers it. The database check reads
it back here, from the document as it stood when the first signature was made, and compares it
with the hash recomputed from the database rows: rows edited after finalize, or a whole chain
rewritten to match them, no longer agree with a report only the signer's key could have made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO

from pyhanko.pdf_utils.reader import PdfFileReader

from cityeval_desktop.domain.text import Text
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.pades import SignatureReport, verify_pdf

_CONTENT = re.compile(r"cityeval-content-sha256:([0-9a-f]{64})")


@dataclass(frozen=True)
class ReportSeal:
    """The first signature of a report: whether it holds, who made it, and the content hash it covers."""

    #: The signature is intact and valid and nothing but further valid signatures follows it.
    holds: bool
    signer_fingerprint: str
    #: ``None`` for a report made before content hashes were written (or without one).
    content_sha256: str | None


def read_report_seal(data: bytes, reports: list[SignatureReport] | None = None) -> ReportSeal | None:
    """The seal of a signed report, or ``None`` when the PDF carries no signature.

    Trust is not asked here (the check is about the database agreeing with the report); the
    verify command and the trust list answer who may sign.

    Raises:
        SigningError: The data is not a PDF, or it is damaged.
    """
    if reports is None:  # the caller may have verified the signatures already (with any trust list)
        reports = verify_pdf(data, [], trust_later=False)
    if not reports:
        return None
    first = reports[0]
    holds = first.intact and first.valid and first.covers_whole_document
    if first.signed_keywords is not None:  # read by the same parse that verified the signature
        found = _CONTENT.search(first.signed_keywords)
        return ReportSeal(holds, first.fingerprint, found.group(1) if found else None)
    try:
        reader = PdfFileReader(BytesIO(bytes(data)), strict=False)
        signature = next(s for s in reader.embedded_signatures if str(s.sig_object_type) == "/Sig")
        info = reader.get_historical_resolver(signature.signed_revision).trailer_view.get("/Info")
        keywords = str(info.get_object().get("/Keywords", "")) if info is not None else ""
    except Exception as exc:  # the parser raises assorted errors on damaged input
        raise SigningError(
            Text("PDF 已损坏，无法读取签署时的元数据", "the PDF is damaged; its metadata at signing cannot be read"),
            type(exc).__name__,
        ) from None
    found = _CONTENT.search(keywords)
    return ReportSeal(holds, first.fingerprint, found.group(1) if found else None)
