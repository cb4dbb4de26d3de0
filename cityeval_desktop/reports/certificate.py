"""The result certificate (评估结果证书): its facts as canonical JSON, their sha256, and the one-page A4 PDF.

The facts (:func:`certificate_facts`) are written as canonical JSON (``store/audit.py canonical_json``)
into the document's ``/Keywords`` before signing, base64-encoded after ``cityeval-certificate-payload:``,
beside the QR text ``cityeval-certificate:1:<sha256>``; the sha256 is that of the JSON's UTF-8 bytes.
The signature covers both, so ``verify-pdf`` reads them back from the signed revision
(:func:`read_certificate_keywords`) and checks that the facts hash to the printed and encoded value.
docs/certificate.md is the contract.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from cityeval_desktop.domain.framework import CATEGORIES
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.reports.labels import label
from cityeval_desktop.reports.pdf import FONT, MONO, _clean, _font_chars
from cityeval_desktop.store.audit import canonical_json

if TYPE_CHECKING:
    from cityeval_desktop.domain.records import CaseDetail

__all__ = [
    "PAYLOAD_KEYWORD",
    "QR_PREFIX",
    "SCHEMA",
    "CertificateKeywords",
    "RenderedCertificate",
    "certificate_facts",
    "facts_bytes",
    "qr_text",
    "read_certificate_keywords",
    "render_certificate",
]

SCHEMA = "cityeval-certificate/1"
#: what the QR code carries: this prefix and the sha256 of the facts
QR_PREFIX = "cityeval-certificate:1:"
#: the keyword that carries the facts (base64 of their canonical JSON) in the signed metadata
PAYLOAD_KEYWORD = "cityeval-certificate-payload:"
#: a certificate's facts are a few hundred bytes; anything much larger is not one of ours
MAX_PAYLOAD_CHARS = 16_384
#: the fields of the facts, each a string or null (``schema`` first); see docs/certificate.md
FIELDS = (
    "schema",
    "case_uuid",
    "revision",
    "certificate_no",
    "report_no",
    "entity",
    "uscc",
    "category",
    "tier",
    "grade",
    "fallback_grade",
    "vetoed",
    "total",
    "valid_from",
    "valid_until",
    "framework_id",
    "framework_version",
    "issuer",
    "report_sha256",
)

PAGE_W, PAGE_H = A4
MARGIN = 20 * mm
INK = colors.HexColor("#1F2933")
GREY = colors.HexColor("#616E7C")
BLUE = colors.HexColor("#1F4E79")
RED = colors.HexColor("#B91C1C")
GOLD = colors.HexColor("#9A7B2F")
SIGNATURE_W, SIGNATURE_H = 230.0, 84.0
QR_SIZE = 40 * mm

_QR = re.compile(re.escape(QR_PREFIX) + r"([0-9a-f]{64})")
_PAYLOAD = re.compile(re.escape(PAYLOAD_KEYWORD) + r"([A-Za-z0-9+/=]*)")

L: dict[str, Text] = {
    "title": Text("评估结果证书", "Assessment Result Certificate"),
    "subtitle": Text("城市全域数字化转型经营主体评估", "Assessment of companies in city-wide digital transformation"),
    "statement": Text(
        "经第三方评估，下列经营主体的评估结果如下，特发此证。",
        "Following a third-party assessment, the entity below has obtained the result stated on this certificate.",
    ),
    "entity": Text("经营主体", "Entity"),
    "uscc": Text("统一社会信用代码", "Unified social credit code"),
    "category": Text("评估类别", "Category"),
    "tier": Text("评估层级", "Tier"),
    "result": Text("评估结果", "Result"),
    "total": Text("总分", "Total score"),
    "certificate_no": Text("证书编号", "Certificate number"),
    "report_no": Text("报告编号", "Report number"),
    "valid": Text("有效期", "Valid"),
    "valid_range": Text("{start} 至 {end}", "from {start} until {end}"),
    "issuer": Text("发证机构", "Issued by"),
    "verify_title": Text("证书核验", "Verification"),
    "verify_sha": Text("证书校验码（SHA-256）", "Certificate hash (SHA-256)"),
    "verify_how": Text(
        "本证书经发证机构数字签名（PAdES）。二维码内容为上列校验码；用评估软件核验签名报告即可核对"
        "签名、校验码，以及评估机构数据库中的案例。对本证书的任何改动都会使签名失效。",
        "This certificate is digitally signed by the issuing organisation (PAdES). The QR code carries the hash "
        "above; verifying the signed PDF with the CityEval software checks the signature, the hash and, where the "
        "case is held, the case itself. Any change to this certificate invalidates the signature.",
    ),
    "signature_caption": Text("发证机构签章", "Signature of the issuing organisation"),
    "points": Text("{total} 分（满分 100 分）", "{total} out of 100"),
}


def _t(key: str, lang: str, **kw: object) -> str:
    text = L[key].get(lang)
    return text.format(**kw) if kw else text


def _day(value: str | None, lang: str) -> str:
    if not value:
        return "—"
    d = date.fromisoformat(value)
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else d.isoformat()


# ----------------------------------------------------------------------------- the facts
def certificate_facts(detail: CaseDetail, *, report_sha256: str, issuer: str) -> dict[str, Any]:
    """The facts a certificate states, as plain JSON values (strings, or null where there is none).

    ``report_sha256`` is the sha256 of the signed final report stored at finalize; ``issuer`` the
    issuing organisation printed on the certificate.
    """
    s, r, data = detail.summary, detail.result, detail.case_data
    fallback = r.fallback.grade_id if (r.fallback is not None and not r.tier_met) else None
    facts = {
        "schema": SCHEMA,
        "case_uuid": s.case_uuid,
        "revision": str(s.revision),
        "certificate_no": data.certificate_no,
        "report_no": data.report_no,
        "entity": s.entity_name,
        "uscc": s.uscc,
        "category": s.category,
        "tier": s.tier,
        "grade": r.grade_id,
        "fallback_grade": fallback,
        "vetoed": ",".join(r.vetoed) or None,
        "total": f"{r.total_shown:.2f}",
        "valid_from": data.valid_from.isoformat() if data.valid_from else None,
        "valid_until": data.valid_until.isoformat() if data.valid_until else None,
        "framework_id": s.framework_id,
        "framework_version": s.framework_version,
        "issuer": issuer,
        "report_sha256": report_sha256,
    }
    assert tuple(facts) == FIELDS
    return facts


def facts_bytes(facts: dict[str, Any]) -> bytes:
    """The canonical JSON of the facts, UTF-8: the bytes the certificate's sha256 is taken of."""
    return canonical_json(facts).encode("utf-8")


def qr_text(sha256: str) -> str:
    """What the QR code carries (and the signed metadata repeats): ``cityeval-certificate:1:<sha256>``."""
    return QR_PREFIX + sha256


@dataclass(frozen=True)
class CertificateKeywords:
    """What the signed metadata of a certificate carries (either may be missing in a damaged one)."""

    qr_text: str | None
    sha256: str | None
    payload: bytes | None
    #: why the payload cannot be read, or None
    problem: Text | None = None


def read_certificate_keywords(keywords: str | None) -> CertificateKeywords | None:
    """The certificate parts of a document's ``/Keywords`` (as signed), or None when it is no certificate."""
    if not keywords or ("cityeval-certificate" not in keywords):
        return None
    qr = _QR.search(keywords)
    found = _PAYLOAD.search(keywords)
    sha = qr.group(1) if qr else None
    text = qr.group(0) if qr else None
    if found is None:
        return CertificateKeywords(
            text, sha, None, Text("证书中没有签署的证书内容", "the certificate carries no signed facts")
        )
    raw = found.group(1)
    if len(raw) > MAX_PAYLOAD_CHARS:
        return CertificateKeywords(
            text,
            sha,
            None,
            Text(
                f"证书内容过长（超过 {MAX_PAYLOAD_CHARS} 个字符），不是本软件出具的证书",
                f"the certificate's facts are too long (over {MAX_PAYLOAD_CHARS} characters): "
                "not a CityEval certificate",
            ),
        )
    try:
        payload = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        return CertificateKeywords(
            text, sha, None, Text("证书内容的编码已损坏", "the encoding of the certificate's facts is damaged")
        )
    return CertificateKeywords(text, sha, payload)


def parse_facts(payload: bytes) -> tuple[dict[str, Any] | None, Text | None]:
    """The facts from their signed bytes, or why they are not a certificate's facts."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate key")
        return dict(pairs)

    bad = Text("证书内容不是有效的证书数据", "the certificate's facts are not valid certificate data")
    try:
        facts = json.loads(payload.decode("utf-8"), object_pairs_hook=no_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, bad
    if not isinstance(facts, dict) or tuple(sorted(facts)) != tuple(sorted(FIELDS)):
        return None, bad
    if facts.get("schema") != SCHEMA:
        return None, Text(
            f"证书格式 {str(facts.get('schema'))[:40]} 不是本软件能读的格式（{SCHEMA}）",
            f"the certificate format {str(facts.get('schema'))[:40]} is not one this version reads ({SCHEMA})",
        )
    if any(v is not None and not isinstance(v, str) for v in facts.values()):
        return None, bad
    if facts_bytes(facts) != payload:
        return None, Text(
            "证书内容不是规范形式（JSON 键序或空白被改动）",
            "the certificate's facts are not in canonical form (their keys or spacing were changed)",
        )
    return facts, None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ----------------------------------------------------------------------------- the page
@dataclass(frozen=True)
class RenderedCertificate:
    """The unsigned certificate, where its signature box is, and its sha256 (of the facts)."""

    pdf: bytes
    signature_box: tuple[int, tuple[float, float, float, float]]
    sha256: str


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=11, leading=15, textColor=INK, wordWrap="CJK")
    return {
        "title": ParagraphStyle("c_title", parent=base, fontSize=30, leading=38, alignment=TA_CENTER, textColor=BLUE),
        "subtitle": ParagraphStyle("c_sub", parent=base, fontSize=12, leading=16, alignment=TA_CENTER, textColor=GREY),
        "statement": ParagraphStyle("c_stmt", parent=base, fontSize=12, leading=18),
        "key": ParagraphStyle("c_key", parent=base, fontSize=11, leading=15, textColor=GREY),
        "value": ParagraphStyle("c_val", parent=base, fontSize=12, leading=16),
        "result": ParagraphStyle("c_res", parent=base, fontSize=16, leading=21, textColor=BLUE),
        "vetoed": ParagraphStyle("c_veto", parent=base, fontSize=16, leading=21, textColor=RED),
        "small": ParagraphStyle("c_small", parent=base, fontSize=8.5, leading=12, textColor=GREY),
        "mono": ParagraphStyle("c_mono", parent=base, fontName=MONO, fontSize=9, leading=12),
        "caption": ParagraphStyle("c_cap", parent=base, fontSize=9, leading=12, textColor=GREY, alignment=TA_CENTER),
    }


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(_clean(text)).replace("\n", "<br/>"), style)


def result_words(detail: CaseDetail, lang: str) -> str:
    """The result as the report says it (grade ids stay internal)."""
    r = detail.result
    if r.grade is None and not r.vetoed and not r.provisional:
        return label("no_grade", lang)
    return r.label(lang)


def render_certificate(detail: CaseDetail, facts: dict[str, Any], *, lang: str = "zh") -> RenderedCertificate:
    """One A4 page in ``lang`` only: the facts, the verification line with the QR code, an empty signature box.

    The facts go into the document's keywords (see the module docstring), where the signature covers them.
    """
    _font_chars()
    lang = "en" if lang == "en" else "zh"
    payload = facts_bytes(facts)
    sha = sha256_hex(payload)
    st = _styles()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1, lang="zh-CN" if lang == "zh" else "en")
    c.setTitle(_clean(f"{_t('title', lang)} — {facts['entity']}"))
    c.setAuthor(_clean(facts["issuer"] or ""))
    c.setSubject(_clean(f"{_t('certificate_no', lang)} {facts['certificate_no']}"))
    c.setCreator("CityEval Desktop")
    c.setProducer("CityEval Desktop (ReportLab)")
    c.setKeywords([qr_text(sha), PAYLOAD_KEYWORD + base64.b64encode(payload).decode("ascii")])

    # the frame
    c.setStrokeColor(GOLD)
    c.setLineWidth(2.2)
    c.rect(12 * mm, 12 * mm, PAGE_W - 24 * mm, PAGE_H - 24 * mm)
    c.setLineWidth(0.6)
    c.rect(14.5 * mm, 14.5 * mm, PAGE_W - 29 * mm, PAGE_H - 29 * mm)

    width = PAGE_W - 2 * MARGIN
    y = PAGE_H - 34 * mm

    def place(flowable: Any, x: float = MARGIN, w: float = width) -> None:
        nonlocal y
        _, h = flowable.wrapOn(c, w, PAGE_H)
        y -= h
        flowable.drawOn(c, x, y)

    place(_para(_t("title", lang), st["title"]))
    y -= 4
    place(_para(_t("subtitle", lang), st["subtitle"]))
    y -= 14
    place(_para(f"{_t('certificate_no', lang)}{'：' if lang == 'zh' else ': '}{facts['certificate_no']}", st["value"]))
    y -= 10
    place(_para(_t("statement", lang), st["statement"]))
    y -= 10

    category = CATEGORIES.get(detail.summary.category)
    tier = detail.framework.tier(detail.summary.tier)
    vetoed = bool(detail.result.vetoed)
    rows = [
        ("entity", facts["entity"], "value"),
        ("uscc", facts["uscc"], "value"),
        ("category", category.get(lang) if category else facts["category"], "value"),
        ("tier", tier.title.get(lang) if tier else facts["tier"], "value"),
        ("result", result_words(detail, lang), "vetoed" if vetoed else "result"),
        ("total", _t("points", lang, total=facts["total"]), "value"),
        ("report_no", facts["report_no"] or "—", "value"),
        (
            "valid",
            _t("valid_range", lang, start=_day(facts["valid_from"], lang), end=_day(facts["valid_until"], lang)),
            "value",
        ),
        ("issuer", facts["issuer"] or "—", "value"),
    ]
    key_w = 40 * mm if lang == "zh" else 52 * mm
    table = Table(
        [[_para(_t(k, lang), st["key"]), _para(str(v), st[style])] for k, v, style in rows],
        colWidths=[key_w, width - key_w],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, colors.HexColor("#D5DCE4")),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ]
        ),
    )
    place(table)

    # the verification line: the QR code at the lower left, the hash and how to check it beside it
    bottom = 22 * mm
    qr = QrCodeWidget(qr_text(sha), barLevel="M")
    x1, y1, x2, y2 = qr.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x2 - x1), 0, 0, QR_SIZE / (y2 - y1), 0, 0])
    drawing.add(qr)
    renderPDF.draw(drawing, c, MARGIN, bottom)
    text_x = MARGIN + QR_SIZE + 6 * mm
    text_w = PAGE_W - MARGIN - text_x
    sig_x2 = PAGE_W - MARGIN
    sig_y1 = bottom + QR_SIZE + 14 * mm
    heading = _para(_t("verify_title", lang), st["value"])
    _, h = heading.wrapOn(c, text_w, PAGE_H)
    heading.drawOn(c, text_x, bottom + QR_SIZE - h)
    lines = _para(f"{_t('verify_sha', lang)}\n{sha[:32]}\n{sha[32:]}", st["mono"])
    _, h2 = lines.wrapOn(c, text_w, PAGE_H)
    lines.drawOn(c, text_x, bottom + QR_SIZE - h - 2 - h2)
    how = _para(_t("verify_how", lang), st["small"])
    _, h3 = how.wrapOn(c, text_w, PAGE_H)
    how.drawOn(c, text_x, max(bottom, bottom + QR_SIZE - h - h2 - 6 - h3))

    # the signature box, above the verification line at the right (the signature's visible field)
    box = (sig_x2 - SIGNATURE_W, sig_y1, sig_x2, sig_y1 + SIGNATURE_H)
    if y < box[3] + 8 * mm:
        raise DomainError(
            Text(
                "证书内容过长，放不下一页（经营主体或机构名称过长）",
                "the certificate's facts do not fit one page (the entity's or the organisation's name is too long)",
            ),
            str(facts["certificate_no"]),
        )
    c.setStrokeColor(colors.HexColor("#B8C4D0"))
    c.setLineWidth(0.8)
    c.rect(box[0], box[1], SIGNATURE_W, SIGNATURE_H)
    caption = _para(_t("signature_caption", lang), st["caption"])
    caption.wrapOn(c, SIGNATURE_W, 40)
    caption.drawOn(c, box[0], box[3] + 2)
    c.showPage()
    c.save()
    return RenderedCertificate(buf.getvalue(), (0, box), sha)
