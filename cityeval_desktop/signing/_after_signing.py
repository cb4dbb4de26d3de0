"""What a signed report may carry after a signature's signed range: nothing, or only further signatures.

A final report is complete when it is signed, so every byte after a signature's signed range is a change
after signing ("签署后被改动"): an incremental update of the title, author or XMP metadata, an annotation,
an empty xref section, a document time stamp, a comment or a single byte after ``%%EOF``. pyHanko's own
verdict is not enough for this: its default difference policy accepts ``/Info``, XMP and DSS updates and
bytes that form no revision at all.

The one exception is a further signature of the assessment team: the bytes after signature *n* may be
exactly the revisions of the signatures that follow it, one revision per signature, each of those passing
verification in full (intact, valid, trusted, and the last one ending at the end of the file), and what
they changed being no more than adding those signature fields (pyHanko's difference analysis with a strict
policy, and the document information unchanged but for the modification date and producer that a signing
program updates). Which signers count as the team is the trust list's business.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import (
    CatalogModificationRule,
    DiffResult,
    DocInfoRule,
    FormUpdatingRule,
    ModificationLevel,
    ObjectStreamRule,
    SigFieldCreationRule,
    SigFieldModificationRule,
    StandardDiffPolicy,
    XrefStreamRule,
)
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel

from cityeval_desktop.domain.text import Text

__all__ = ["FURTHER_SIGNATURES_ONLY", "changed_after_signing", "may_hold_further_signatures", "signed_end"]

#: pyHanko's default policy without XMP metadata, DSS and form-filling updates: what adding a signature
#: field and filling it changes, nothing else.
FURTHER_SIGNATURES_ONLY = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(),
        DocInfoRule().as_qualified(ModificationLevel.LTA_UPDATES),
        XrefStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        ObjectStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
    ],
    form_rule=FormUpdatingRule(field_rules=[SigFieldCreationRule(), SigFieldModificationRule()]),
)

#: Document information entries a signing program rewrites when it adds a signature.
_BOOKKEEPING = frozenset({"/ModDate", "/Producer"})


def signed_end(sig: EmbeddedPdfSignature) -> int | None:
    """The offset just after the signature's signed range (None for a malformed byte range)."""
    try:
        _, _, start2, len2 = (int(v) for v in sig.byte_range)
    except (TypeError, ValueError):
        return None
    return start2 + len2


def may_hold_further_signatures(later: Sequence[EmbeddedPdfSignature]) -> bool:
    """True when the signatures after one are all ordinary signatures (only then is a difference analysis
    worth running: anything else after a signature fails anyway)."""
    return bool(later) and all(str(e.sig_object_type) == "/Sig" for e in later)


def changed_after_signing(
    sig: EmbeddedPdfSignature,
    status: PdfSignatureStatus,
    data: bytes,
    reader: PdfFileReader,
    later: Sequence[EmbeddedPdfSignature],
    later_ok: Sequence[bool],
    stamp_trusted: Callable[[EmbeddedPdfSignature], bool],
) -> Text | None:
    """Why the file was changed after this signature, or None when it was not.

    Args:
        sig: The signature.
        status: pyHanko's status for it (difference analysis with :data:`FURTHER_SIGNATURES_ONLY`).
        data: The whole file.
        reader: The reader of ``data``.
        later: The signatures and document time stamps made after it, in order.
        later_ok: For each signature (not time stamp) in ``later``, whether it passed verification in full.
        stamp_trusted: Whether a document time stamp comes from a trusted time-stamping authority.
    """
    end = signed_end(sig)
    if end == len(data) and status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return None
    added = len(data) - end if end is not None and 0 <= end <= len(data) else len(data)
    bytes_en = f"{added} byte{'' if added == 1 else 's'}"
    stamps = [e for e in later if str(e.sig_object_type) == "/DocTimeStamp"]
    if stamps:
        if all(stamp_trusted(s) for s in stamps):
            return Text(
                "文件签署后被改动：签名之后又加盖了文档时间戳；定稿报告签署后不能再有任何追加",
                "the file was changed after signing: a document time stamp was added after the signature; "
                "a final report takes no additions after it is signed",
            )
        return Text(
            "文件签署后被改动：签名之后又加盖了文档时间戳，且其时间戳机构不在信任列表中",
            "the file was changed after signing: a document time stamp was added after the signature, "
            "from a time-stamping authority that is not in the trust list",
        )
    if not later or not _only_further_signatures(sig, status, reader, later):
        return Text(
            f"文件签署后被改动：已签名部分之后又追加了 {added} 字节未签名的内容（例如改动了标题、作者或元数据、"
            "添加了批注，或附加了其他数据）；请向签发方重新获取原报告",
            f"the file was changed after signing: the signed part is followed by {bytes_en} of unsigned content "
            "(such as a changed title, author or metadata, an added annotation, or other data); "
            "get the original report from its issuer again",
        )
    if not all(later_ok):
        return Text(
            f"文件签署后被改动：其后追加的签名未通过验证，它所追加的 {added} 字节无人担保",
            f"the file was changed after signing: a signature added later does not pass verification, so the "
            f"{bytes_en} it added are vouched for by no one",
        )
    return None


def _only_further_signatures(
    sig: EmbeddedPdfSignature, status: PdfSignatureStatus, reader: PdfFileReader, later: Sequence[EmbeddedPdfSignature]
) -> bool:
    """True when the revisions after the signature's are exactly one per later signature and add nothing
    but those signatures."""
    first = sig.signed_revision
    if [e.signed_revision for e in later] != list(range(first + 1, first + 1 + len(later))):
        return False
    if later[-1].signed_revision != reader.xrefs.total_revisions - 1:
        return False
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION or not status.docmdp_ok:
        return False
    diff = status.diff_result
    if not isinstance(diff, DiffResult) or diff.modification_level > ModificationLevel.FORM_FILLING:
        return False
    if not set(diff.changed_form_fields) <= {str(e.field_name) for e in later}:
        return False
    return _info(reader, first) == _info(reader, later[-1].signed_revision)


def _info(reader: PdfFileReader, revision: int) -> dict[str, object] | None:
    """The document information of a revision, without the entries a signing program rewrites."""
    history = reader.get_historical_resolver(revision)
    trailer = history.trailer_view
    if "/Info" not in trailer:
        return None
    info = _resolve(history, trailer.raw_get("/Info"))
    if not isinstance(info, generic.DictionaryObject):
        return {"": info}
    return {key: _resolve(history, info.raw_get(key)) for key in info if key not in _BOOKKEEPING}


def _resolve(history: object, value: object) -> object:
    if isinstance(value, generic.IndirectObject):
        return history(value.reference)  # type: ignore[operator]
    return value
