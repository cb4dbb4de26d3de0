"""PAdES signatures on PDF reports (pyHanko): signing with a visible CJK signature box, and verifying."""

from __future__ import annotations

import binascii
import re
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO

from cryptography import x509
from pyhanko.pdf_utils import content, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext

from cityeval_desktop import paths
from cityeval_desktop.domain.text import Text
from cityeval_desktop.signing._after_signing import (
    FURTHER_SIGNATURES_ONLY,
    changed_after_signing,
    may_hold_further_signatures,
)
from cityeval_desktop.signing._util import display_name, fingerprint, format_local, name_attribute
from cityeval_desktop.signing.chain import (
    KEY_USAGE,
    check_valid_for_signing,
    parse_all,
    trust_finding,
    validation_context,
)
from cityeval_desktop.signing.cms import (
    INVALID_VALUE,
    KeySigner,
    certificates_problem,
    der_length,
    strict_der,
    structure_sound,
    time_stamp_problem,
)
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import Identity

__all__ = [
    "LABELS",
    "ROLE_FIELDS",
    "ROLE_TITLES",
    "SignatureReport",
    "field_role",
    "format_local",
    "sign_pdf",
    "verify_pdf",
]

Box = tuple[int, tuple[float, float, float, float]]

#: Labels of the signature box, by language.
LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "signer": "签署人",
        "org": "单位",
        "time": "时间",
        "fingerprint": "证书指纹",
        "title": "数字签名",
        "uscc": "信用代码",
    },
    "en": {
        "signer": "Signer",
        "org": "Organisation",
        "time": "Time",
        "fingerprint": "Fingerprint",
        "title": "Digitally signed",
        "uscc": "Credit code",
    },
}
FIELD_PREFIX = "CityEvalSignature"
#: The signature field of each role of a report (the role a verifier names); a signature without one of
#: these names (a self-check's, a draft's) has no role.
ROLE_FIELDS: dict[str, str] = {
    "lead": "CityEvalLead",
    "org": "CityEvalOrganisation",
    "reviewer": "CityEvalReviewer",
}
#: The role titles a verifier shows.
ROLE_TITLES: dict[str, Text] = {
    "lead": Text("评估组长", "lead assessor"),
    "org": Text("评估机构", "assessor organisation"),
    "reviewer": Text("审核人", "reviewer"),
}


def field_role(field_name: str) -> str | None:
    """The role a signature field stands for (see :data:`ROLE_FIELDS`), or None."""
    return next((role for role, name in ROLE_FIELDS.items() if name == field_name), None)


#: Size of the default box (lower right of the last page) when no box is given.
DEFAULT_BOX_SIZE = (240.0, 84.0)
MIN_BOX_SIZE = (60.0, 24.0)
_FONT_NAME = "CityEvalSignatureCJK"
_font_lock = threading.Lock()
_font_ready = False
_DIGEST = "sha256"


# ============================================================================= signing
def sign_pdf(
    pdf: bytes,
    identity: Identity,
    *,
    box: Box | None = None,
    reason: str = "",
    location: str = "",
    lang: str = "zh",
    signing_time: datetime | None = None,
    role: str | None = None,
) -> bytes:
    """Sign a PDF (PAdES baseline B, SHA-256, the identity's chain embedded) with a visible signature box.

    The box shows the signer's name, organisation, the signing time (local time with its UTC offset) and
    the short certificate fingerprint, in the bundled CJK font (embedded as a subset).

    Args:
        pdf: The PDF bytes (not encrypted).
        identity: The signer (see :func:`~cityeval_desktop.signing.identity.load_identity`).
        box: ``(page index, (x1, y1, x2, y2))`` in PDF points, origin lower left; a negative page index
            counts from the end. None puts a box at the lower right of the last page.
        reason: The reason stored in the signature (e.g. the case and revision).
        location: The location stored in the signature (e.g. the region).
        lang: ``"zh"`` or ``"en"``: the labels of the box.
        signing_time: The time to state (default: now, in this computer's time zone; a naive value is taken
            as local time); shown in the box with its UTC offset and signed as the signing time.
        role: ``"lead"``, ``"org"`` or ``"reviewer"``: the signature goes into that role's field
            (:data:`ROLE_FIELDS`), so a verifier names the role; None takes the next free
            ``CityEvalSignatureN``. A PDF that already holds the role's signature is refused.

    Returns:
        The signed PDF (the input followed by one incremental update).

    Raises:
        SigningError: The input is not a PDF, is damaged or encrypted, the box is not on the page, or the
            certificate is not valid at the signing time.
    """
    when = signing_time or datetime.now()
    if when.tzinfo is None or when.utcoffset() is None:  # naive: this computer's local time
        when = when.astimezone()
    when = when.replace(microsecond=0)
    pdf = bytes(pdf)
    if b"%PDF-" not in pdf[:1024]:
        raise _not_a_pdf()
    check_valid_for_signing(identity.certificate, when, str(identity.path or identity.name))
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    except Exception as exc:  # pyHanko raises assorted errors on a damaged file
        raise _damaged(exc, "PDF") from None
    if writer.prev.encrypted:
        raise SigningError(
            Text(
                "PDF 已加密，无法签名；请使用未加密的报告",
                "the PDF is encrypted and cannot be signed; use an unencrypted one",
            ),
            "PDF",
        )
    try:
        page_count = int(writer.root["/Pages"]["/Count"])
        field_name = _free_field_name(writer.prev) if role is None else _role_field(writer.prev, role)
    except SigningError:
        raise
    except Exception as exc:
        raise _damaged(exc, "PDF") from None
    page, rect = _place(writer, box, page_count)
    labels = LABELS.get(lang, LABELS["zh"])
    uscc = getattr(identity, "uscc", None)
    if uscc and identity.organisation == identity.name:  # an organisation identity: its name and code
        lines = [(labels["org"], identity.organisation), (labels["uscc"], uscc)]
    else:
        lines = [(labels["signer"], identity.name)]
        if identity.organisation:
            lines.append((labels["org"], identity.organisation))
    lines.append((labels["time"], format_local(when)))
    lines.append((labels["fingerprint"], identity.fingerprint_short))
    appearance = render_appearance(
        rect[2] - rect[0], rect[3] - rect[1], lines, title=labels["title"], separator=": " if lang == "en" else "："
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm=_DIGEST,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=identity.name,
    )
    style = StaticStampStyle(
        background=_PdfPageContent(appearance),
        background_opacity=1.0,
        border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
        ),
    )
    pdf_signer = _TimedPdfSigner(
        meta,
        signer=KeySigner(identity),
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(sig_field_name=field_name, on_page=page, box=rect),  # type: ignore[arg-type]
        system_time=when,
    )
    try:
        out = pdf_signer.sign_pdf(writer, output=BytesIO())
    except SigningError:
        raise
    except Exception as exc:
        raise _damaged(exc, "PDF") from None
    return bytes(out.getvalue())


def _role_field(reader: PdfFileReader, role: str) -> str:
    """The field of ``role``, refused when the PDF already carries a signature in it."""
    if role not in ROLE_FIELDS:
        raise ValueError(f"unknown signature role {role!r}")
    name = ROLE_FIELDS[role]
    if any(s.field_name == name for s in reader.embedded_signatures):
        title = ROLE_TITLES[role]
        raise SigningError(
            Text(f"该报告已有{title.zh}的签名，不能再签一次", f"the report already carries the {title.en}'s signature"),
            "PDF",
        )
    return name


def _free_field_name(reader: PdfFileReader) -> str:
    taken = {s.field_name for s in reader.embedded_signatures}
    for existing in fields.enumerate_sig_fields(reader, filled_status=None):
        taken.add(existing[0])
    n = 1
    while f"{FIELD_PREFIX}{n}" in taken:
        n += 1
    return f"{FIELD_PREFIX}{n}"


def _place(writer: IncrementalPdfFileWriter, box: Box | None, page_count: int) -> tuple[int, tuple[float, ...]]:
    """The page index and rectangle of the signature box, checked against the page."""
    where = "signature box"
    if page_count < 1:
        raise SigningError(Text("PDF 没有页面，无法签名", "the PDF has no pages and cannot be signed"), "PDF")
    page = page_count - 1 if box is None else int(box[0])
    if page < 0:
        page += page_count
    if not 0 <= page < page_count:
        raise SigningError(
            Text(
                f"签名框所在页 {box[0] if box else page} 不存在（共 {page_count} 页）",
                f"the signature box's page {box[0] if box else page} does not exist (the PDF has {page_count} pages)",
            ),
            where,
        )
    try:
        page_obj = writer.find_page_for_modification(page)[0].get_object()
        media = [float(v) for v in _inherited(page_obj, "/MediaBox")]
    except Exception as exc:
        raise _damaged(exc, "PDF") from None
    mx1, my1, mx2, my2 = (
        min(media[0], media[2]),
        min(media[1], media[3]),
        max(media[0], media[2]),
        max(media[1], media[3]),
    )
    if box is None:
        w, h = DEFAULT_BOX_SIZE
        margin = 36.0
        rect = (mx2 - margin - w, my1 + margin, mx2 - margin, my1 + margin + h)
    else:
        x1, y1, x2, y2 = (float(v) for v in box[1])
        rect = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    if rect[2] - rect[0] < MIN_BOX_SIZE[0] or rect[3] - rect[1] < MIN_BOX_SIZE[1]:
        raise SigningError(
            Text(
                f"签名框过小（至少 {MIN_BOX_SIZE[0]:g}×{MIN_BOX_SIZE[1]:g} 点）",
                f"the signature box is too small (at least {MIN_BOX_SIZE[0]:g}×{MIN_BOX_SIZE[1]:g} points)",
            ),
            where,
        )
    if rect[0] < mx1 - 0.5 or rect[1] < my1 - 0.5 or rect[2] > mx2 + 0.5 or rect[3] > my2 + 0.5:
        raise SigningError(
            Text(
                f"签名框 {tuple(round(v, 1) for v in rect)} 超出了第 {page + 1} 页的范围",
                f"the signature box {tuple(round(v, 1) for v in rect)} lies outside page {page + 1}",
            ),
            where,
        )
    return page, rect


def _inherited(page: object, key: str) -> object:
    node = page
    while node is not None:
        if key in node:  # type: ignore[operator]
            return node[key]
        node = node.get("/Parent")
        node = node.get_object() if node is not None else None
    raise KeyError(key)


class _TimedPdfSigner(signers.PdfSigner):
    """A PdfSigner that states a given signing time (the one shown in the box)."""

    def __init__(self, *args: object, system_time: datetime, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._system_time = system_time

    def init_signing_session(self, pdf_out: BasePdfFileWriter, existing_fields_only: bool = False) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._system_time
        return session


# ----------------------------------------------------------------------------- the signature box
class _PdfPageContent(content.PdfContent):
    """The first page of a PDF held in memory, imported as a form XObject (pyHanko's ImportedPdfPage reads files)."""

    def __init__(self, pdf: bytes) -> None:
        super().__init__()
        self._pdf = pdf

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobj = writer.import_page_as_xobject(PdfFileReader(BytesIO(self._pdf)), page_ix=0)
        name = "/CityEvalSig" + binascii.hexlify(uuid.uuid4().bytes).decode("ascii")
        self.resources.xobject[name] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name.encode("ascii") + b" Do"


def _register_font() -> str:
    global _font_ready
    with _font_lock:
        if not _font_ready:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            font_path = paths.cjk_font_path()
            try:
                pdfmetrics.registerFont(TTFont(_FONT_NAME, str(font_path), subfontIndex=0))
            except Exception as exc:  # missing or unreadable font file: an installation problem
                raise SigningError(
                    Text(
                        f"缺少或无法读取内置中文字体（{exc}）；请重新安装本程序",
                        f"the bundled CJK font is missing or unreadable ({exc}); reinstall the program",
                    ),
                    str(font_path),
                ) from None
            _font_ready = True
    return _FONT_NAME


def render_appearance(
    width: float, height: float, lines: list[tuple[str, str]], *, title: str = "", separator: str = "："
) -> bytes:
    """The signature box as a one-page PDF of ``width`` × ``height`` points (reportlab, CJK font subset).

    Args:
        width: Box width in points.
        height: Box height in points.
        lines: ``(label, value)`` rows, top to bottom.
        title: A heading shown above the rows when there is room.
        separator: Put between a label and its value (``"："`` in Chinese, ``": "`` in English).

    Returns:
        The PDF bytes.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    font = _register_font()
    buf = BytesIO()
    # the initial font is the embedded one: reportlab's default (Helvetica) would be a reference to a font
    # the file does not carry
    c = canvas.Canvas(
        buf, pagesize=(width, height), pageCompression=1, invariant=1, initialFontName=font, initialFontSize=8
    )
    c.setFillColorRGB(0.965, 0.976, 1.0)
    c.setStrokeColorRGB(0.13, 0.33, 0.62)
    c.setLineWidth(1.2)
    c.rect(0.6, 0.6, width - 1.2, height - 1.2, stroke=1, fill=1)
    pad = max(3.0, min(8.0, height * 0.08))
    rows: list[tuple[str, str]] = ([("", title)] if title else []) + [(f"{k}{separator}", v) for k, v in lines]

    def fits(size: float, with_title: bool) -> bool:
        use = rows if with_title else rows[1:] if title else rows
        if size * 1.28 * len(use) > height - 2 * pad:
            return False
        label_w = max(stringWidth(k, font, size) for k, _ in use)
        return all(label_w + stringWidth(v, font, size) <= width - 2 * pad for _, v in use)

    size, with_title = 11.0, bool(title)
    while size > 4.0 and not fits(size, with_title):
        if with_title and size <= 7.0:  # drop the heading before going very small
            with_title, size = False, 11.0
            continue
        size -= 0.25
    use = rows if with_title else rows[1:] if title else rows
    label_w = max(stringWidth(k, font, size) for k, _ in use)
    leading = size * 1.28
    top = height - pad - (height - 2 * pad - leading * len(use)) / 2
    y = top - size
    for label, value in use:
        if not label:  # the heading
            c.setFillColorRGB(0.13, 0.33, 0.62)
            c.setFont(font, size)
            c.drawString(pad, y, value)
        else:
            c.setFont(font, size)
            c.setFillColorRGB(0.35, 0.38, 0.45)
            c.drawString(pad, y, label)
            c.setFillColorRGB(0.05, 0.05, 0.1)
            c.drawString(pad + label_w, y, _clip(value, font, size, width - 2 * pad - label_w))
        y -= leading
    c.showPage()
    c.save()
    return buf.getvalue()


def _clip(text: str, font: str, size: float, room: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"


# ============================================================================= verifying
@dataclass
class SignatureReport:
    """What verification found about one signature."""

    field_name: str
    signer_name: str
    organisation: str | None
    fingerprint: str
    signing_time: datetime | None
    #: The signed bytes still hash to the value the signature covers.
    intact: bool
    #: The signature value is cryptographically valid for the signer's certificate.
    valid: bool
    #: Not a byte follows the signed range, except further signatures that pass in full (see
    #: :mod:`~cityeval_desktop.signing._after_signing`); otherwise the file was changed after signing.
    covers_whole_document: bool
    #: The signer's certificate chains to a trusted certificate (or is itself trusted) and is valid now.
    trusted: bool
    problems: list[Text] = field(default_factory=list)
    #: The signer's certificate, then the other certificates the signature carries (for revocation checks).
    certificates: tuple[x509.Certificate, ...] = ()
    #: Why the signature is not accepted because of a revocation (set by the service that knows the lists).
    revocation: Text | None = None
    #: Warnings that do not fail the check (e.g. a revocation list past its next update).
    notes: list[Text] = field(default_factory=list)
    #: The document information's ``/Keywords`` as of the signed revision, read with the same parse
    #: (None when there is none or it could not be read: a reader that needs it parses again).
    signed_keywords: str | None = None
    #: The role the signature's field stands for (``"lead"``, ``"org"``, ``"reviewer"``), or None.
    role: str | None = None
    #: How many signatures were added after this one (incremental revisions that keep it valid when
    #: ``covers_whole_document``): its signed range then ends at its own revision, not at the end of the file.
    later_signatures: int = 0

    @property
    def ok(self) -> bool:
        """All four checks passed and no revocation refuses the signature."""
        return self.intact and self.valid and self.covers_whole_document and self.trusted and self.revocation is None


def verify_pdf(data: bytes, trusted: list[x509.Certificate], *, trust_later: bool = True) -> list[SignatureReport]:
    """Verify every signature of a PDF.

    Args:
        data: The PDF bytes.
        trusted: Trusted certificates (CAs or individual signers), e.g. from
            :func:`~cityeval_desktop.services.trust_store.trusted_certificates`; nothing else is trusted.
        trust_later: Whether a signature added after another must also be trusted for the earlier one to
            count as unchanged (the default). A check that judges every signer's trust by itself (the
            database check, which asks no trust; a package check, which reports each untrusted signer)
            passes False: a later signature then needs to be intact, valid and whole only.

    Returns:
        One report per signature, in the order they were made; empty when the PDF is not signed.

    Raises:
        SigningError: The data is not a PDF, or the PDF is damaged or encrypted.
    """
    data = bytes(data)
    if b"%PDF-" not in data[:1024]:
        raise _not_a_pdf()
    try:
        reader = PdfFileReader(BytesIO(data), strict=True)
        if reader.encrypted:
            raise SigningError(
                Text("PDF 已加密，无法验证签名", "the PDF is encrypted; its signatures cannot be verified"), "PDF"
            )
        embedded = list(reader.embedded_signatures)
        kinds = [str(s.sig_object_type) for s in embedded]
    except SigningError:
        raise
    except Exception as exc:  # the parser raises assorted errors on damaged input
        raise _damaged(exc, "PDF") from None
    sigs = [s for s, kind in zip(embedded, kinds, strict=True) if kind == "/Sig"]
    if any(kind not in ("/Sig", "/DocTimeStamp") for kind in kinds) or (not embedded and _SIGNATURE_TRACE.search(data)):
        raise SigningError(
            Text(
                "PDF 中有签名数据，但签名已损坏、无法读取；文件在签署后被改动或已损坏",
                "the PDF carries signature data, but the signature is damaged and cannot be read; "
                "the file was altered after signing or is damaged",
            ),
            "PDF",
        )
    if not sigs:
        return []
    context = validation_context(trusted)
    results = []
    for sig in sigs:
        later = [e for e in embedded if e.signed_revision > sig.signed_revision]
        try:
            status = validate_pdf_signature(
                sig,
                signer_validation_context=context,
                key_usage_settings=KEY_USAGE,
                diff_policy=FURTHER_SIGNATURES_ONLY,
                skip_diff=not may_hold_further_signatures(later),  # anything else after it fails anyway
            )
        except Exception as exc:  # a signature too damaged to evaluate
            raise _damaged(exc, "PDF") from None
        results.append((sig, status, later))
    reports: list[SignatureReport] = []
    try:  # the last signature first: whether an earlier one is whole depends on the ones after it
        for sig, status, later in reversed(results):
            # the signatures after this one, already reported
            later_ok = [r.ok if trust_later else r.intact and r.valid and r.covers_whole_document for r in reports]
            changed = changed_after_signing(
                sig, status, data, reader, later, later_ok, lambda stamp: _stamp_trusted(stamp, context)
            )
            report = _report(sig, status, data, changed, trusted)
            report.signed_keywords = _signed_keywords(reader, sig)
            report.role = field_role(report.field_name)
            report.later_signatures = sum(1 for e in later if str(e.sig_object_type) == "/Sig")
            reports.insert(0, report)
    except Exception as exc:  # e.g. a signer certificate that cryptography cannot parse
        raise _damaged(exc, "PDF") from None
    return reports


def _signed_keywords(reader: PdfFileReader, sig: EmbeddedPdfSignature) -> str | None:
    """``/Keywords`` of the document information as the signer signed it, or None."""
    try:
        info = reader.get_historical_resolver(sig.signed_revision).trailer_view.get("/Info")
        return str(info.get_object().get("/Keywords", "")) if info is not None else ""
    except Exception:  # the parser raises assorted errors on damaged input; the caller reads it again
        return None


def _stamp_trusted(stamp: EmbeddedPdfSignature, context: ValidationContext) -> bool:
    """True when a document time stamp is sound and its time-stamping authority chains to the trust list."""
    try:
        status = validate_pdf_timestamp(stamp, validation_context=context, skip_diff=True)
    except Exception:  # a time stamp too damaged to evaluate is not a trusted one
        return False
    return bool(status.intact and status.valid and status.trusted)


def _report(
    sig: EmbeddedPdfSignature,
    status: PdfSignatureStatus,
    data: bytes,
    changed: Text | None,
    trusted_certs: list[x509.Certificate],
) -> SignatureReport:
    cert = x509.load_der_x509_certificate(sig.signer_cert.dump())
    problems: list[Text] = []
    intact = bool(status.intact)
    valid = bool(status.valid)
    container_problem = _container_problem(sig, data) or certificates_problem(
        sig.signed_data, sig.signer_cert, trusted_certs
    )
    if container_problem is not None:
        valid = False
        problems.append(container_problem)
    if not intact:
        problems.append(
            Text(
                "文档内容在签署后被改动（与签名不符）",
                "the document was changed after it was signed (its content no longer matches the signature)",
            )
        )
    if not valid and container_problem is None:
        problems.append(INVALID_VALUE)
    if changed is not None:
        problems.append(changed)
    trust = trust_finding(cert, status, parse_all(sig.other_embedded_certs), trusted_certs)
    trusted = bool(status.trusted) and trust is None
    if trust is not None:
        problems.append(trust)
    stamp_problem = time_stamp_problem(status)
    if stamp_problem is not None:
        trusted = False
        problems.append(stamp_problem)
    when = status.signer_reported_dt or sig.self_reported_timestamp
    return SignatureReport(
        field_name=str(sig.field_name),
        signer_name=display_name(cert.subject),
        organisation=name_attribute(cert.subject, x509.NameOID.ORGANIZATION_NAME),
        fingerprint=fingerprint(cert),
        signing_time=when.astimezone() if when is not None else None,
        intact=intact,
        valid=valid,
        covers_whole_document=changed is None,
        trusted=trusted,
        problems=problems,
        certificates=(cert, *parse_all(sig.other_embedded_certs)),
    )


_HEX = re.compile(rb"[0-9a-fA-F]*")
_SIGNATURE_TRACE = re.compile(rb"/ByteRange\s*\[")


def _container_problem(sig: EmbeddedPdfSignature, data: bytes) -> Text | None:
    """Check that the byte-range gap is exactly the /Contents hex string and carries nothing but the signature.

    pyHanko checks the gap's size; this also pins its place and content, so that no byte of the file is
    outside both the signed range and the signature (a case flip of a hex digit, data hidden in the zero
    padding, or a /Contents read from somewhere else than the gap are all refused).
    """
    problem = Text(
        "签名容器异常：签名数据区被改动或夹带了其他数据",
        "the signature container is abnormal: the signature data area was altered or carries other data",
    )
    try:
        _, len1, start2, _ = (int(v) for v in sig.byte_range)
        gap = data[len1:start2]
        contents = bytes(sig.pkcs7_content)
    except (TypeError, ValueError, AttributeError):
        return problem
    if len(gap) < 2 or gap[:1] != b"<" or gap[-1:] != b">":
        return problem
    digits = gap[1:-1]
    if not _HEX.fullmatch(digits) or len(digits) % 2 or digits not in (digits.lower(), digits.upper()):
        return problem
    if bytes.fromhex(digits.decode("ascii")) != contents:
        return problem
    length = der_length(contents)
    if length is None or any(contents[length:]) or not strict_der(contents[:length]):
        return problem
    try:  # the unsigned parts of the CMS structure: one signer, and exactly its digest algorithm declared
        sound = structure_sound(sig.signed_data)
    except (KeyError, ValueError, TypeError, IndexError):
        return problem
    return None if sound else problem


def _not_a_pdf() -> SigningError:
    return SigningError(Text("不是 PDF 文件（缺少 %PDF- 文件头）", "not a PDF file (no %PDF- header)"), "PDF")


def _damaged(exc: BaseException, where: str) -> SigningError:
    detail = f"{type(exc).__name__}: {exc}"[:200]
    return SigningError(
        Text(
            "PDF 文件已损坏或结构异常，无法处理；请向发送方重新获取原文件",
            f"the PDF file is damaged or malformed and cannot be processed ({detail}); get the original file again",
        ),
        where,
    )
