"""The PDF 评估报告: cover (numbers, dates, organisation, lead assessor, result box), 评估依据, 评估过程,
the result with its charts and computation, 综合评价意见, indicator tables, gaps, N/A, vetoes with their
basis, the evidence index, on-site records, the team and its declarations, 声明与使用限制, the audit
trail as an annex and an empty framed box for the visible signature.

A4, reportlab platypus, every glyph from the bundled WenQuanYi Micro Hei collection
(embedded as subsets). Drafts and previews carry a diagonal 草稿 DRAFT watermark; a
self-assessment is marked 自评 on the cover and in every page header. Signing (PAdES) is
done afterwards by ``signing/pades.py`` into :attr:`RenderedReport.signature_box`.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from cityeval_desktop import paths
from cityeval_desktop.domain import days, result_text
from cityeval_desktop.domain.basis import CONCLUSIONS, EVIDENCE_KINDS, VERIFICATION_METHODS
from cityeval_desktop.domain.case_data import LEAD, ROLES, sampled_counts
from cityeval_desktop.domain.framework import CATEGORIES, MODES
from cityeval_desktop.domain.methods import Choice, Deduction, Scale, Threshold, YesNo
from cityeval_desktop.domain.numbers import plain, round_half_up
from cityeval_desktop.domain.regions import region_label, region_name
from cityeval_desktop.domain.scoring import NOT_APPLICABLE, UNANSWERED, ConditionResult, Gap, IndicatorResult
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.reports.labels import (
    COPY_MARK,
    DRAFT_MARK,
    SELF_BANNER,
    SELF_SIGNATURE_CAPTION,
    SELF_TAG,
    SIGNATURE_CAPTION,
    UNSIGNED_MARK,
    VETOED_MARK,
    action_words,
    label,
)
from cityeval_desktop.store.audit import verify_entries

if TYPE_CHECKING:  # reports sit below services (DESIGN §2): the case arrives as plain data
    from cityeval_desktop.domain.case_diff import CaseChanges
    from cityeval_desktop.domain.records import CaseDetail
    from cityeval_desktop.domain.signer_match import SignerMismatch

__all__ = ["RenderedReport", "render_case_report"]

FONT = "CityEvalCJK"
MONO = "CityEvalCJKMono"

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
TOP = 22 * mm
BOTTOM = 18 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
SIGNATURE_W, SIGNATURE_H = 240.0, 90.0

INK = colors.HexColor("#1F2933")
GREY = colors.HexColor("#616E7C")
LIGHT = colors.HexColor("#F5F7FA")
RULE = colors.HexColor("#B8C4D0")
BLUE = colors.HexColor("#1F4E79")
BLUE_BG = colors.HexColor("#E8EEF5")
AMBER = colors.HexColor("#B45309")
AMBER_BG = colors.HexColor("#FFF4E0")
RED = colors.HexColor("#B91C1C")
RED_BG = colors.HexColor("#FDECEC")
GREEN = colors.HexColor("#2F7D32")

# Long user texts are split into pieces that always fit one page (table rows cannot be
# taller than a frame); narrow cells get at most this much text.
CHUNK_CHARS = 700
#: The keyword that carries a final report's content hash (``CONTENT_KEYWORD + hex``) in its metadata.
CONTENT_KEYWORD = "cityeval-content-sha256:"
CHUNK_LINES = 24
CELL_CHARS = 400
INLINE_REASON = 160
AUDIT_ALL = 40
AUDIT_EDGE = 20
#: dates and times in the report are shown in China Standard Time (the agencies' local time), as words
LOCAL = days.BEIJING
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


#: The signature boxes of a report, by role: a third-party report has the lead assessor's (signed at
#: finalize, first), the organisation's (signed at finalize, second) and the reviewer's (empty until
#: ``report countersign``); a self-check has the entity's one.
ROLE_LEAD, ROLE_ORG, ROLE_REVIEWER, ROLE_ENTITY = "lead", "org", "reviewer", "entity"


@dataclass(frozen=True)
class RenderedReport:
    """The report bytes, where the visible signatures go, and the number of pages.

    ``signature_boxes`` maps each role (:data:`ROLE_LEAD`, :data:`ROLE_ORG`, :data:`ROLE_REVIEWER`, or
    :data:`ROLE_ENTITY` for a self-check) to its box, in signing order; ``signature_box`` is the first.
    """

    pdf: bytes
    signature_box: tuple[int, tuple[float, float, float, float]]  # (page index, (x1, y1, x2, y2)) in PDF points
    pages: int
    signature_boxes: dict[str, tuple[int, tuple[float, float, float, float]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.signature_boxes:  # a caller that knows one box only
            object.__setattr__(self, "signature_boxes", {ROLE_ENTITY: self.signature_box})


# ----------------------------------------------------------------------------- fonts and text
@lru_cache(maxsize=1)
def _font_chars() -> frozenset[str]:
    """Register the bundled CJK font (regular + mono face) once; the characters it has."""
    path = paths.cjk_font_path()
    try:
        regular = TTFont(FONT, str(path), subfontIndex=0)
        try:
            mono = TTFont(MONO, str(path), subfontIndex=1)
        except (TTFError, IndexError):
            mono = TTFont(MONO, str(path), subfontIndex=0)
    except (OSError, TTFError) as exc:
        raise DomainError(
            Text(
                "无法载入报告所需的中文字体（文件缺失或已损坏）；请重新安装本软件",
                f"the report's CJK font cannot be loaded: {exc}",
            ),
            str(path),
        ) from None
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(mono)
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    pdfmetrics.registerFontFamily(MONO, normal=MONO, bold=MONO, italic=MONO, boldItalic=MONO)
    return frozenset(map(chr, regular.face.charToGlyph))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(text: object) -> str:
    """Plain text safe to draw: no control characters, no glyph the font lacks (shown as U+XXXX)."""
    s = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    s = _CONTROL.sub("", s)
    missing = set(s) - _font_chars() - {"\n"}
    for ch in missing:
        s = s.replace(ch, "" if unicodedata.category(ch) in ("Cf", "Zl", "Zp", "Mn") else f"[U+{ord(ch):04X}]")
    return s


def _markup(text: object) -> str:
    return escape(_clean(text)).replace("\n", "<br/>")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_BREAKS = " ，。；、：,.;:!?！？)）]】"


def _cut(line: str) -> int:
    """Where to cut an over-long line: after the last space or punctuation in the second half of a chunk."""
    half = CHUNK_CHARS // 2
    window = line[half:CHUNK_CHARS]
    at = max(window.rfind(ch) for ch in _BREAKS)
    return half + at + 1 if at >= 0 else CHUNK_CHARS


def _chunks(text: str) -> list[str]:
    """Split a long text into pieces of at most CHUNK_CHARS characters / CHUNK_LINES lines."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        while len(line) > CHUNK_CHARS:
            cut = _cut(line)
            if current:
                pieces.append("\n".join(current))
                current, size = [], 0
            pieces.append(line[:cut].rstrip(" "))
            line = line[cut:].lstrip(" ")
        weight = len(line) + 60
        if current and (size + weight > CHUNK_CHARS + 60 or len(current) >= CHUNK_LINES):
            pieces.append("\n".join(current))
            current, size = [], 0
        current.append(line)
        size += weight
    if current:
        pieces.append("\n".join(current))
    return [p for p in (p.strip("\n") for p in pieces) if p.strip()] or [""]


@lru_cache(maxsize=256)
def _fit_width(text: str, size: float, room: float) -> str:
    """``text`` cut (with …) to fit ``room`` points on one line in the report font."""
    if pdfmetrics.stringWidth(text, FONT, size) <= room:
        return text
    lo, hi = 0, len(text)  # the longest prefix that fits with the ellipsis: binary search
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if pdfmetrics.stringWidth(text[:mid] + "…", FONT, size) <= room:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…" if lo else ""


def _pct(value: Fraction) -> str:
    shown = f"{round_half_up(value * 100, 2):.2f}".rstrip("0").rstrip(".")
    return f"{shown}%"


def _num(raw: Any, fallback: Any) -> str:
    if isinstance(raw, Decimal):
        return format(raw, "f")
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, float):
        return repr(raw)
    if isinstance(fallback, Fraction):
        return plain(fallback)
    return str(raw if raw is not None else fallback)


def _day(value: date, lang: str) -> str:
    """A date as words: 2026年3月1日 / 1 March 2026."""
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _moment(value: datetime | None, lang: str) -> str:
    """A moment as local date-time words (China Standard Time): 2026年3月1日 16:30 / 1 March 2026, 16:30."""
    if value is None:
        return "—"
    local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(LOCAL)
    sep = " " if lang == "zh" else ", "
    return f"{_day(local.date(), lang)}{sep}{local:%H:%M}"


def _parse_moment(text: object) -> datetime | None:
    """An ISO 8601 time of the audit chain or a basis record (``Z`` or an offset; none: UTC), else None."""
    raw = str(text or "").strip()
    if len(raw) < 16 or len(raw) > 40:
        return None
    try:
        found = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def _moment_text(text: object, lang: str) -> str:
    """A stored time or date text as words; a text that is neither is shown as it was written."""
    raw = str(text or "").strip()
    if not raw:
        return "—"
    moment = _parse_moment(raw)
    if moment is not None:
        return _moment(moment, lang)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return _day(date.fromisoformat(raw), lang)
        except ValueError:
            pass
    return raw


def _span(start: date, end: date, lang: str) -> str:
    if start == end:
        return _day(start, lang)
    return label("span", lang, start=_day(start, lang), end=_day(end, lang))


def _count(n: int, one: str, many: str, lang: str) -> str:
    """A count for a template: the bare number in Chinese (the unit is in the text), "1 file" / "2 files"."""
    if lang == "zh":
        return str(n)
    return f"{n} {one if n == 1 else many}"


_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# standards and schemes by their code (with a following 《title》 in Chinese)
_STANDARD = re.compile(
    r"(?:GB/T|GB/Z|GB|JR/T|SJ/T|YD/T|GA/T|ISO/IEC|ISO|IEC)\s?\d+(?:[.\-]\d+)*(?:\s?《[^《》\n]{1,60}》)?"
    r"|\b(?:DCMM|CMMI|ITSS|DSMM|CCRC)\b"
)
_ZH_DOC = re.compile(r"《[^《》\n]{2,60}》(?:（[^（）\n]{0,20}〔\d{4}〕\d+号）)?|[\u4e00-\u9fff]{2,8}〔\d{4}〕\d+号")
_EN_SKIP = re.compile(r"proposal|\b20\d\d\.\d\b|^older\b|^the rule\b", re.IGNORECASE)


def _top_level_parts(text: str) -> list[str]:
    """``text`` split at the semicolons outside parentheses."""
    parts, depth, current = [], 0, []
    for ch in text:
        depth += 1 if ch in "(（" else -1 if ch in ")）" and depth > 0 else 0
        if ch in ";；" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def basis_documents(fw: Any, lang: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """The policy documents and laws, and the standards, the framework's ``source`` fields (and, in
    Chinese, its description) cite, each with the number of texts citing it, in the order first cited."""
    texts: list[Text] = [fw.description] if fw.description is not None and lang == "zh" else []
    for ind in fw.indicators():
        texts += [ind.source] if ind.source else []
        texts += [g.source for g in ind.not_applicable.grounds if g.source]
    texts += [c.source for t in fw.tiers for c in t.conditions if c.source]
    texts += [v.source for v in fw.vetoes if v.source]
    policies: dict[str, int] = {}
    standards: dict[str, int] = {}
    for text in texts:
        said = text.get(lang)
        found_std = {m.group(0).strip() for m in _STANDARD.finditer(said)}
        for std in found_std:
            standards[std] = standards.get(std, 0) + 1
        rest = _STANDARD.sub(" ", said)
        if lang == "zh":
            found = list(dict.fromkeys(m.group(0) for m in _ZH_DOC.finditer(rest)))
        else:
            found = []
            for part in _top_level_parts(rest):
                part = re.sub(r"\s*\([^()]*\)\s*$", "", part.strip()).strip(" ,.")
                if len(part) >= 6 and len(part) <= 160 and not _EN_SKIP.search(part) and any(c.isalpha() for c in part):
                    found.append(part[0].upper() + part[1:])
            found = list(dict.fromkeys(found))
        for doc in found:
            policies[doc] = policies.get(doc, 0) + 1
    if lang == "zh":  # a bare document number counts for the titled document that carries it
        for doc in [d for d in policies if not d.startswith("《")]:
            owner = next((d for d in policies if d.startswith("《") and doc in d), None)
            if owner is not None:
                policies[owner] += policies.pop(doc)
    return list(policies.items()), list(standards.items())


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{n} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"  # pragma: no cover


def _stars(count: int, top: int) -> str:
    return "★" * count + "☆" * max(0, top - count)


# ----------------------------------------------------------------------------- styles
@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=8.5, leading=12.5, textColor=INK, wordWrap="CJK")

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "small": style("small", fontSize=7.5, leading=10, textColor=GREY),
        "title": style("title", fontSize=19, leading=27, alignment=TA_CENTER, textColor=BLUE, spaceAfter=4),
        "subtitle": style("subtitle", fontSize=11, leading=16, alignment=TA_CENTER, textColor=GREY, spaceAfter=10),
        "h1": style("h1", fontSize=13, leading=18, textColor=BLUE, spaceBefore=10, spaceAfter=6),
        "h2": style("h2", fontSize=10, leading=14, textColor=BLUE, spaceBefore=8, spaceAfter=4),
        "rule": style("rule", fontSize=8.5, leading=13, leftIndent=12, firstLineIndent=-12, spaceAfter=2),
        "cell": style("cell", fontSize=7.5, leading=9.8),
        "cell_r": style("cell_r", fontSize=7.5, leading=9.8, alignment=TA_RIGHT),
        "cell_c": style("cell_c", fontSize=7.5, leading=9.8, alignment=TA_CENTER),
        "cell_small": style("cell_small", fontSize=7, leading=9, textColor=GREY),
        "cell_head": style("cell_head", fontSize=7.5, leading=9.8, textColor=BLUE),
        "cell_head_r": style("cell_head_r", fontSize=7.5, leading=9.8, textColor=BLUE, alignment=TA_RIGHT),
        "cell_mono": style("cell_mono", fontName=MONO, fontSize=6.6, leading=8.6),
        "kv_key": style("kv_key", fontSize=8.5, leading=12, textColor=GREY),
        "kv_val": style("kv_val", fontSize=8.5, leading=12),
        "kv_mono": style("kv_mono", fontName=MONO, fontSize=7.4, leading=10.5),
        "res_caption": style("res_caption", fontSize=10, leading=14, alignment=TA_CENTER, textColor=GREY),
        "res_label": style("res_label", fontSize=24, leading=32, alignment=TA_CENTER, textColor=BLUE),
        "res_stars": style("res_stars", fontSize=14, leading=20, alignment=TA_CENTER, textColor=AMBER),
        "res_total": style("res_total", fontSize=11, leading=16, alignment=TA_CENTER),
        "res_note": style("res_note", fontSize=8.5, leading=12, alignment=TA_CENTER, textColor=INK),
        "banner": style("banner", fontSize=10.5, leading=15, alignment=TA_CENTER, textColor=colors.white),
        "banner_big": style("banner_big", fontSize=15, leading=21, alignment=TA_CENTER, textColor=colors.white),
        "note_draft": style("note_draft", fontSize=8.5, leading=12, alignment=TA_CENTER, textColor=RED),
    }


class _Para(Paragraph):
    """A paragraph that lays its lines out once per width (tables ask again on every split and draw)."""

    _wrapped_at: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        if self._wrapped_at == availWidth and "blPara" in self.__dict__:  # split() may drop the lines
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size


def _p(text: object, style: str = "cell") -> Paragraph:
    return _Para(_markup(text), _styles()[style])


def _fit(text: object, width: float, style: str = "cell") -> str | Paragraph:
    """A table cell: plain text when it fits on one line (much cheaper to lay out), else a wrapping paragraph.

    Plain cells take font, size and alignment from the table style, which must match ``style``.
    """
    clean = _clean(text)
    st = _styles()[style]
    if "\n" not in clean and pdfmetrics.stringWidth(clean, st.fontName, st.fontSize) <= width - 7:
        return clean
    return _Para(escape(clean).replace("\n", "<br/>"), st)


def _pm(markup: str, style: str = "cell") -> Paragraph:
    """A paragraph from markup built here (user parts already escaped)."""
    return _Para(markup, _styles()[style])


_PADS = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")


def _style(cmds: Iterable[tuple[Any, ...]]) -> TableStyle:
    """A table style that draws any text cell in the bundled font (reportlab's default is Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *cmds])


def _grid(
    header_rows: int = 1, *, zebra: bool = False, row_rules: bool = True, extra: Iterable[tuple[Any, ...]] = ()
) -> TableStyle:
    cmds: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("LEADING", (0, 0), (-1, -1), 9.8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if row_rules:
        cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE))
    if header_rows:
        cmds += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), BLUE_BG),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, BLUE),
        ]
    if zebra:
        cmds.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, LIGHT]))
    cmds.extend(extra)
    return TableStyle(cmds)


def _table(
    rows: list[list[Any]],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    zebra: bool = False,
    row_rules: bool = True,
    extra: Any = (),
) -> Table:
    total = sum(widths)
    scaled = [w * CONTENT_W / total for w in widths]
    style = _grid(header_rows, zebra=zebra, row_rules=row_rules, extra=extra)
    t = Table(rows, colWidths=scaled, repeatRows=header_rows, style=style)
    t.hAlign = "LEFT"
    return t


def _heads(lang: str, *keys: str, right: Sequence[int] = ()) -> list[Paragraph]:
    """Header cells; the columns in ``right`` hold numbers and are right-aligned."""
    return [_p(label(k, lang), "cell_head_r" if n in right else "cell_head") for n, k in enumerate(keys)]


# ----------------------------------------------------------------------------- page furniture
@dataclass(frozen=True)
class _Page:
    lang: str
    title: str
    entity: str
    self_assessment: bool
    draft: bool
    footer_left: str
    mark: str = DRAFT_MARK.zh  # the watermark drawn on every page of a draft (or an unsigned copy)

    def header(self, canv: Canvas, _doc: Any) -> None:
        canv.saveState()
        y = PAGE_H - 12 * mm
        canv.setFont(FONT, 8)
        canv.setFillColor(GREY)
        title = _clip(self.title, 80)
        canv.drawString(MARGIN, y, title)
        right = PAGE_W - MARGIN
        if self.self_assessment:
            tag = SELF_TAG.get(self.lang)
            tag_w = pdfmetrics.stringWidth(tag, FONT, 8) + 10
            canv.setFillColor(AMBER)
            canv.roundRect(right - tag_w, y - 3.5, tag_w, 13, 2.5, stroke=0, fill=1)
            canv.setFillColor(colors.white)
            canv.drawCentredString(right - tag_w / 2, y, tag)
            right -= tag_w + 8
        room = right - (MARGIN + pdfmetrics.stringWidth(title, FONT, 8) + 16)
        entity = _fit_width(self.entity, 8, room)
        canv.setFillColor(INK)
        canv.drawRightString(right, y, entity)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN, y - 6, PAGE_W - MARGIN, y - 6)
        canv.restoreState()

    def watermark(self, canv: Canvas, _doc: Any) -> None:
        if not self.draft:
            return
        canv.saveState()
        canv.setFillColor(RED)
        canv.setFillAlpha(0.13)
        # 84 pt, smaller for a longer mark so that it stays on the page along the diagonal
        size = min(84.0, 0.8 * math.hypot(PAGE_W, PAGE_H) / pdfmetrics.stringWidth(self.mark, FONT, 1))
        canv.setFont(FONT, size)
        canv.translate(PAGE_W / 2, PAGE_H / 2)
        canv.rotate(52)
        canv.drawCentredString(0, -size / 3, self.mark)
        canv.restoreState()

    def footer(self, canv: Canvas, page: int, total: int) -> None:
        canv.saveState()
        y = 10 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN, y + 9, PAGE_W - MARGIN, y + 9)
        canv.setFont(FONT, 7)
        canv.setFillColor(GREY)
        text = label("page", self.lang, n=page, total=total)
        canv.drawRightString(PAGE_W - MARGIN, y, text)
        room = CONTENT_W - pdfmetrics.stringWidth(text, FONT, 7) - 20
        left = _fit_width(self.footer_left, 7, room)
        canv.drawString(MARGIN, y, left)
        canv.restoreState()


class _FixedStamp:
    """A reportlab TimeStamp for a given moment (UTC), so a report can be reproduced byte for byte."""

    def __init__(self, when: datetime) -> None:
        when = when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
        self.t = when.timestamp()
        self.lt = when.timetuple()
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"

    @property
    def datetime(self) -> datetime:
        return datetime.fromtimestamp(self.t, UTC)


def _canvas_maker(page: _Page, stamp: _FixedStamp | None, seed: str) -> type[Canvas]:
    class _NumberedCanvas(Canvas):
        """Keeps every page until the end so the footer can say "page x of y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            if stamp is not None:
                self._doc._timeStamp = stamp
                self._doc.updateSignature(seed)

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                page.footer(self, self._pageNumber, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return _NumberedCanvas


#: The captions of a third-party report's three boxes (the self-check's is ``SELF_SIGNATURE_CAPTION``).
ROLE_CAPTIONS: dict[str, Text] = {
    ROLE_LEAD: Text("评估组长签名", "Lead assessor"),
    ROLE_ORG: Text("评估机构签章", "Assessor organisation"),
    ROLE_REVIEWER: Text("审核人签名", "Reviewer"),
}
#: Under the reviewer's box of a finalized report: it is signed later, by its own command.
REVIEWER_PENDING = Text("审核人签名在定稿后另行加签", "the reviewer countersigns after finalize")
THIRD_PARTY_SIGNATURES = Text(
    "本报告先由评估组长签名，再由评估机构签章，定稿时两者依次以电子签名（PAdES）签署；审核人其后另行加签。"
    "每个签名都覆盖其签署时的报告全部内容，之后只可追加签名，任何其他改动都会使签名失效。",
    "The lead assessor signs this report first and the assessor organisation second, both electronically "
    "(PAdES) at finalize; the reviewer countersigns later. Each signature covers the whole report as it "
    "stood when it was made; only further signatures may follow, and any other change invalidates them.",
)
SIGNATURE_GAP = 12.0


class _SignatureBox(Flowable):
    """The empty framed area for one visible signature; records where it was drawn."""

    def __init__(self, final: bool, caption: str, unsigned: str, width: float = SIGNATURE_W) -> None:
        super().__init__()
        self.final = final
        self.caption = caption
        self.unsigned = unsigned
        #: printed under the box of a final report (the reviewer's: signed later)
        self.note = ""
        self.caption_h = 16.0
        self.below_h = 14.0
        self.box_w = width
        self.width = width
        self.height = self.caption_h + SIGNATURE_H + self.below_h
        self.placed: tuple[int, tuple[float, float, float, float]] | None = None

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        box_y = self.below_h
        c.saveState()
        c.setFont(FONT, 8.5)
        c.setFillColor(INK)
        c.drawString(0, box_y + SIGNATURE_H + 5, self.caption)
        c.setStrokeColor(BLUE)
        c.setLineWidth(0.9)
        c.rect(0, box_y, self.box_w, SIGNATURE_H, stroke=1, fill=0)
        under = self.unsigned if not self.final else self.note
        if under:
            c.setFont(FONT, 7.5)
            c.setFillColor(RED if not self.final else GREY)
            c.drawString(0, 3, under)
        c.restoreState()
        a, _b, _c, d, e, f = c._currentMatrix
        x1, y1 = e, f + box_y * d
        self.placed = (
            c.getPageNumber() - 1,
            (round(x1, 2), round(y1, 2), round(x1 + self.box_w * a, 2), round(y1 + SIGNATURE_H * d, 2)),
        )


# ----------------------------------------------------------------------------- the report
class _Report:
    def __init__(
        self,
        detail: CaseDetail,
        audit_entries: list[dict[str, Any]],
        lang: str,
        final: bool,
        generated_at: datetime | None,
        assessor_org: str | None,
        signer_name: str | None = None,
        unsigned_copy: bool = False,
        content_sha256: str | None = None,
        signer_mismatch: SignerMismatch | None = None,
        changes: CaseChanges | None = None,
        previous_missing: bool = False,
    ) -> None:
        self.d = detail
        self.s = detail.summary
        self.fw = detail.framework
        self.r = detail.result
        self.audit = audit_entries
        self.lang = lang
        self.final = final
        self.generated_at = generated_at
        self.when = generated_at or datetime.now(UTC)
        self.org = (assessor_org or "").strip() or None
        self.signer = (signer_name or "").strip() or None
        self.unsigned_copy = unsigned_copy
        self.content_sha256 = content_sha256
        self.self_mode = self.s.mode == "self"
        # a self-check is the entity's own statement: no other organisation is named as the assessor
        # (a signer of another organisation, confirmed at signing, is named as such with the mismatch)
        self.mismatch = signer_mismatch if self.self_mode else None
        self.changes = changes
        self.previous_missing = previous_missing and self.s.revision > 1
        tier = self.fw.tier(self.s.tier)
        self.tier_title = tier.title.get(lang) if tier else self.s.tier
        self.top_stars = max((g.stars for g in self.fw.grades), default=5)
        self.signature = _SignatureBox(
            final and not unsigned_copy,
            (SELF_SIGNATURE_CAPTION if self.self_mode else SIGNATURE_CAPTION).get(lang),
            UNSIGNED_MARK.get(lang),
        )

    def t(self, key: str, **kw: object) -> str:
        return label(key, self.lang, **kw)

    def text(self, value: Text | None) -> str:
        return value.get(self.lang) if value is not None else "—"

    def n(self, count: int, one: str, many: str) -> str:
        return _count(count, one, many, self.lang)

    def day(self, value: date | None) -> str:
        return _day(value, self.lang) if value is not None else "—"

    def list_words(self, items: Iterable[str]) -> str:
        return ("、" if self.lang == "zh" else ", ").join(items)

    # ------------------------------------------------------------------ result label
    def result_label(self) -> str:
        """The public result text (城市服务级 ★★★★ 良好, 未达到区域服务级条件, 未通过), or 否决 VETOED."""
        if self.r.vetoed:
            return VETOED_MARK.get(self.lang)
        if self.r.provisional:  # DESIGN §4: no grade word before the case is complete
            return self.t("provisional_label")
        if self.r.grade is None:
            return self.t("no_grade")
        return self.r.label(self.lang)  # grade ids stay internal: stars and the grade's title

    def veto_title(self, veto_id: str) -> str:
        veto = self.fw.veto(veto_id)
        return f"{veto_id} {self.text(veto.title)}" if veto else veto_id

    # ------------------------------------------------------------------ cover
    def cover(self) -> list[Flowable]:
        out: list[Flowable] = [
            Spacer(1, 8 * mm),
            _p(self.t("title"), "title"),
            _p(
                f"{self.text(self.fw.title)}（{self.fw.key}）"
                if self.lang == "zh"
                else f"{self.text(self.fw.title)} ({self.fw.key})",
                "subtitle",
            ),
        ]
        if self.self_mode:
            banner = Table(
                [[_p(SELF_TAG.get(self.lang), "banner_big")], [_p(SELF_BANNER.get(self.lang), "banner")]],
                colWidths=[CONTENT_W],
                style=_style(
                    [
                        ("BACKGROUND", (0, 0), (-1, -1), AMBER),
                        ("TOPPADDING", (0, 0), (-1, -1), 4),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                    ]
                ),
            )
            out += [banner, Spacer(1, 6)]
        if not self.final:
            out += [_p(self.t("draft_cover"), "note_draft"), Spacer(1, 6)]
        elif self.unsigned_copy:
            out += [_p(self.t("copy_cover"), "note_draft"), Spacer(1, 6)]
        if self.mismatch is not None:
            out += [_p(self.text(self.mismatch.note), "note_draft"), Spacer(1, 6)]
        out += [self.result_box(), Spacer(1, 10), self.details_table()]
        out.append(PageBreak())
        return out

    def result_box(self) -> Table:
        """The result: official (blue, solid) for a third-party assessment; for a self-check 自评参考等级 and
        自评得分 in a dashed amber frame, unlike the official one."""
        r = self.r
        caption = self.t("result_self_box") if self.self_mode else self.t("result_third")
        rows: list[list[Any]] = [[_p(caption, "res_caption")]]
        label_style = ParagraphStyle("res_label_x", parent=_styles()["res_label"])
        if r.vetoed:
            label_style.textColor = RED
        elif self.self_mode:
            label_style.textColor = AMBER
            label_style.fontSize, label_style.leading = 19, 26
        if self.self_mode:
            rows.append([_p(self.t("self_grade"), "res_caption")])
        rows.append([Paragraph(_markup(self.result_label()), label_style)])
        if r.vetoed:
            vetoes = (
                "；".join(self.veto_title(v) for v in r.vetoed)
                if self.lang == "zh"
                else "; ".join(self.veto_title(v) for v in r.vetoed)
            )
            rows.append([_p(self.t("vetoed_by") + " " + vetoes, "res_note")])
            rows.append([_p(self.t("vetoed_note"), "res_note")])
        elif not r.provisional:
            rows += [[_p(line.get(self.lang), "res_note")] for line in result_text.condition_lines(self.fw, r)]
        total_word = (
            self.t("provisional_total")
            if r.provisional
            else self.t("self_score")
            if self.self_mode
            else self.t("total")
        )
        rows.append([_p(f"{total_word}  {r.total_shown:.2f} / 100", "res_total")])
        if r.capped and not r.provisional:
            rows += [[_p(line.get(self.lang), "res_note")] for line in result_text.cap_lines(self.fw, r)]
        if r.undecided_vetoes:
            rows.append(
                [
                    _p(
                        self.t(
                            "undecided_cover",
                            n=self.n(len(r.undecided_vetoes), "veto item", "veto items"),
                            ids=self.list_words(r.undecided_vetoes),
                        ),
                        "res_note",
                    )
                ]
            )
        edge = RED if r.vetoed else (AMBER if self.self_mode else BLUE)
        fill = RED_BG if r.vetoed and not self.self_mode else (colors.white if self.self_mode else BLUE_BG)
        # official: a double blue frame; a self-check: one dashed amber line on white
        frame: list[tuple[Any, ...]] = (
            [("BOX", (0, 0), (-1, -1), 1.2, edge, None, (4, 3))]
            if self.self_mode
            else [("BOX", (0, 0), (-1, -1), 1.6, edge), ("INNERGRID", (0, 0), (-1, -1), 0, fill)]
        )
        box = Table(
            rows,
            colWidths=[CONTENT_W * 0.8],
            style=_style(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), fill),
                    *frame,
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("TOPPADDING", (0, 0), (-1, 0), 8),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
                ]
            ),
        )
        if self.self_mode:
            return box
        outer = Table([[box]], colWidths=[CONTENT_W * 0.8 + 6])  # the second line of the official frame
        outer.setStyle(_style([("BOX", (0, 0), (-1, -1), 0.6, edge), *((k, (0, 0), (-1, -1), 3) for k in _PADS)]))
        return outer

    def details_table(self) -> Table:
        s, fw = self.s, self.fw
        region = region_label(s.region, self.lang)
        registered = s.uscc[2:8] if len(s.uscc) >= 8 else ""
        if registered and registered != s.region:
            reg_name = region_name(registered)
            extra = registered + (f" {reg_name.get(self.lang)}" if reg_name else "")
            region += f"；统一社会信用代码登记地 {extra}" if self.lang == "zh" else f"; registered in {extra}"
        category = CATEGORIES.get(s.category)
        mode = MODES.get(s.mode)
        mode_text = mode.get(self.lang) if mode else s.mode
        if self.self_mode and SELF_TAG.get(self.lang).lower() not in mode_text.lower():
            mode_text = f"{mode_text}（{SELF_TAG.zh}）" if self.lang == "zh" else f"{mode_text} ({SELF_TAG.en})"
        status = self.t("status_finalized") if self.final else self.t("status_draft")
        cd = self.d.case_data
        later = self.t("at_finalize")
        rows: list[tuple[str, Any]] = [
            (self.t("report_no"), _p(cd.report_no or (later if not self.final else "—"), "kv_val")),
        ]
        if cd.certificate_no:
            rows.append((self.t("certificate_no"), _p(cd.certificate_no, "kv_val")))
        rows += [
            (self.t("entity"), _p(s.entity_name, "kv_val")),
            (self.t("uscc"), _p(s.uscc, "kv_mono")),
            (self.t("region"), _p(region, "kv_val")),
            (self.t("category"), _p(category.get(self.lang) if category else s.category, "kv_val")),
            (self.t("tier"), _p(self.tier_title, "kv_val")),
            (self.t("mode"), _p(mode_text, "kv_val")),
            (self.t("reference_date"), _p(self.day(cd.reference_date), "kv_val")),
            (self.t("window"), _p(self.window_text(), "kv_val")),
            (self.t("valid"), _p(self.validity_text(), "kv_val")),
            *self.lead_rows(),
            *self.who_rows(),
            *self.org_rows(),
        ]
        rows += [
            (self.t("framework"), _p(f"{self.text(fw.title)} · {fw.id} · {fw.version}", "kv_val")),
            (self.t("framework_sha"), _p(fw.sha256, "kv_mono")),
            *([(self.t("content_sha"), _p(self.content_sha256, "kv_mono"))] if self.content_sha256 else []),
            (self.t("case_id"), _p(s.case_uuid, "kv_mono")),
            (self.t("revision"), _p(self.t("revision_value", rev=s.revision), "kv_val")),
        ]
        if s.amend_reason:
            rows.append((self.t("amend_reason"), _p(_clip(s.amend_reason, 600), "kv_val")))
        rows += [
            (self.t("status"), _p(status, "kv_val")),
            (self.t("created"), _p(self.moment(s.created_at), "kv_val")),
        ]
        if self.final:
            rows.append((self.t("finalized_at"), _p(self.moment(s.finalized_at or self.when), "kv_val")))
        rows.append((self.t("generated"), _p(self.moment(self.when), "kv_val")))
        data = [[_p(k, "kv_key"), v] for k, v in rows]
        return _table(
            data,
            [120, 373],
            header_rows=0,
            extra=[("BACKGROUND", (0, 0), (0, -1), LIGHT), ("TOPPADDING", (0, 0), (-1, -1), 3.5)],
        )

    def moment(self, value: datetime | None) -> str:
        """Local date-time words with the zone named (2026年3月1日 16:30（北京时间）)."""
        if value is None:
            return "—"
        zone = self.t("zone")
        return (
            f"{_moment(value, self.lang)}（{zone}）" if self.lang == "zh" else f"{_moment(value, self.lang)} ({zone})"
        )

    def window_text(self) -> str:
        cd = self.d.case_data
        if cd.window_from is None or cd.window_to is None:
            return "—"
        return _span(cd.window_from, cd.window_to, self.lang)

    def validity_text(self) -> str:
        cd = self.d.case_data
        if not self.final:
            return self.t("at_finalize")
        if cd.valid_from is None or cd.valid_until is None:
            return self.t("not_set")
        return _span(cd.valid_from, cd.valid_until, self.lang)

    def lead(self) -> Any:
        leads = self.d.case_data.with_role(LEAD)
        return leads[0] if leads else None

    def lead_rows(self) -> list[tuple[str, Any]]:
        """评估组长 from the team (a case without a team names its assessor, in the rows below)."""
        lead = self.lead()
        if lead is None:
            return []
        shown = f"{lead.name}（{lead.org}）" if self.lang == "zh" else f"{lead.name} ({lead.org})"
        return [(self.t("lead"), _p(shown, "kv_val"))]

    # ------------------------------------------------------------------ summary
    def summary(self) -> list[Flowable]:
        r = self.r
        out: list[Flowable] = [
            CondPageBreak(260),
            _p(self.t("s_summary_n"), "h1"),
            self.charts(),
            Spacer(1, 4),
            *[_p(line, "small") for line in self.chart_notes()],
            Spacer(1, 6),
        ]
        if r.vetoed:
            result = (
                f"{VETOED_MARK.zh}：{', '.join(r.vetoed)}"
                if self.lang == "zh"
                else f"{VETOED_MARK.en}: {', '.join(r.vetoed)}"
            )
        elif r.provisional:
            result = self.t(
                "provisional_result",
                unanswered=self.n(len(r.unanswered), "indicator", "indicators"),
                undecided=self.n(len(r.undecided_vetoes), "veto item", "veto items"),
            )
        elif r.grade is not None:
            result = self.result_label()
            if self.self_mode:
                result += f"（{SELF_TAG.zh}）" if self.lang == "zh" else f" ({SELF_TAG.en})"
        else:
            result = self.t("no_grade")
        completeness = self.t(
            "completeness_value",
            pct=_pct(r.completeness),
            answered=r.answered,
            na=r.not_applicable,
            total=r.tier_indicators,
        )
        if r.vetoed:
            veto_state = ", ".join(self.veto_title(v) for v in r.vetoed)
        elif r.undecided_vetoes:
            veto_state = self.t("vetoes_undecided", ids=", ".join(r.undecided_vetoes))
        else:
            veto_state = self.t("vetoes_none") if self.fw.vetoes else "—"
        rows = [
            [_p(self.t("self_score" if self.self_mode else "k_total"), "kv_key"), _p(f"{r.total_shown:.2f}", "kv_val")],
            [_p(self.t("self_grade" if self.self_mode else "k_grade"), "kv_key"), _p(result, "kv_val")],
            [_p(self.t("k_completeness"), "kv_key"), _p(completeness, "kv_val")],
            [_p(self.t("k_vetoes"), "kv_key"), _p(veto_state, "kv_val")],
            [_p(self.t("k_gaps"), "kv_key"), _p(str(len(r.gaps)), "kv_val")],
        ]
        if r.tier_conditions:
            said = "<br/>".join(_markup(self.condition_text(c)) for c in r.tier_conditions)
            rows.append([_p(self.t("k_conditions"), "kv_key"), _pm(said, "kv_val")])
        caps = result_text.cap_lines(self.fw, r)
        if caps:
            said = "<br/>".join(_markup(line.get(self.lang)) for line in caps)
            rows.append([_p(self.t("caps_title"), "kv_key"), _pm(said, "kv_val")])
        na = result_text.na_share_line(self.fw, r)
        if na is not None:
            rows.append([_p(self.t("k_na_share"), "kv_key"), _p(na.get(self.lang), "kv_val")])
        out.append(_table(rows, [120, 373], header_rows=0, extra=[("BACKGROUND", (0, 0), (0, -1), LIGHT)]))
        return out

    def condition_text(self, c: ConditionResult) -> str:
        state = self.t("cond_met") if c.met else self.t("cond_not_met")
        if self.lang == "zh":
            return f"{state}：{self.text(c.title)}（{self.text(c.reason)}）"
        return f"{state}: {self.text(c.title)} ({self.text(c.reason)})"

    def dim_title(self, dim_id: str) -> str:
        dim = self.fw.dimension(dim_id)
        return f"{dim_id} {self.text(dim.title)}" if dim else dim_id

    def cap_line(self) -> Fraction | None:
        """Where the charts draw the cap line: the lowest dimension score a cap of the framework names."""
        below = [c.dimension_below for c in self.fw.caps if 0 < c.dimension_below <= 100]
        return min(below) if below else None

    def chart_notes(self) -> list[str]:
        """What the dashed line is (the framework's caps at that score) and what * means."""
        cap = self.cap_line()
        notes: list[str] = []
        if cap is None:
            notes.append(self.t("chart_no_line"))
        else:
            rules = [result_text.cap_rule(self.fw, c).get(self.lang) for c in self.fw.caps if c.dimension_below == cap]
            notes.append(self.t("chart_line", cap=plain(cap), rules=("" if self.lang == "zh" else " ").join(rules)))
        if any(not d.included for d in self.r.dimensions):
            notes.append(self.t("chart_excluded"))
        return notes

    def spoke_label(self, dim_id: str, included: bool) -> str:
        """A radar spoke's name: the id and the dimension's title, wrapped to two short lines (… if cut)."""
        dim = self.fw.dimension(dim_id)
        mark = "" if included else "*"
        title = _clean(self.text(dim.title)) if dim else ""
        if not title:
            return dim_id + mark
        room = 50.0
        words = title.split() if self.lang == "en" else list(title)
        lines: list[str] = [""]
        for word in words:
            joined = (lines[-1] + (" " if self.lang == "en" and lines[-1] else "") + word) if lines[-1] else word
            if pdfmetrics.stringWidth(joined, FONT, 6.5) <= room or not lines[-1]:
                lines[-1] = joined
            elif len(lines) < 2:
                lines.append(word)
            else:
                lines[-1] = _fit_width(lines[-1] + " " + word, 6.5, room)
                if not lines[-1].endswith("…"):
                    lines[-1] = _fit_width(lines[-1] + "……", 6.5, room)
                break
        lines = [_fit_width(line, 6.5, room) for line in lines]
        return f"{dim_id}{mark}\n" + "\n".join(lines)

    def charts(self) -> Drawing:
        dims = self.r.dimensions
        n = len(dims)
        row_h = 24.0
        height = max(210.0, 34 + n * row_h)
        drawing = Drawing(CONTENT_W, height, initialFontName=FONT, initialFontSize=8)
        cap = self.cap_line()
        radar_w = 210.0
        drawing.add(
            String(
                radar_w / 2 + 10,
                height - 12,
                self.t("radar_title"),
                fontName=FONT,
                fontSize=8.5,
                fillColor=GREY,
                textAnchor="middle",
            )
        )
        if n >= 3:
            size = min(radar_w - 90, height - 80)  # room around it for the spoke names
            spider = SpiderChart()
            spider.x = 10 + (radar_w - size) / 2
            spider.y = (height - 20 - size) / 2
            spider.width = spider.height = size
            scores = [float(d.score) if d.score is not None else 0.0 for d in dims]
            rings = [[v] * n for v in (20.0, 40.0, 60.0, 80.0, 100.0)]
            spider.data = [*rings, scores]
            spider.labels = [self.spoke_label(d.id, d.included) for d in dims]
            spider.spokes.strokeColor = RULE
            spider.spokes.strokeWidth = 0.4
            spider.spokeLabels.fontName = FONT
            spider.spokeLabels.fontSize = 6.5
            spider.spokeLabels.leading = 8
            spider.spokeLabels.boxAnchor = "autox"  # each name points away from the chart
            spider.spokes.labelRadius = 1.08
            spider.spokeLabels.fillColor = INK
            for i in range(len(rings)):
                spider.strands[i].strokeColor = RULE
                spider.strands[i].strokeWidth = 0.4
                spider.strands[i].fillColor = None
            if cap is not None and 0 < cap <= 100:
                rings[1] = [float(cap)] * n
                spider.data = [*rings, scores]
                spider.strands[1].strokeColor = RED
                spider.strands[1].strokeDashArray = [2, 2]
            top = len(rings)
            spider.strands[top].strokeColor = BLUE
            spider.strands[top].strokeWidth = 1.4
            spider.strands[top].fillColor = colors.Color(0.12, 0.31, 0.47, alpha=0.25)
            spider.strands[top].symbol = "FilledCircle"
            spider.strands[top].symbolSize = 3.5
            drawing.add(spider)
        else:
            drawing.add(
                String(
                    radar_w / 2 + 10, height / 2, "—", fontName=FONT, fontSize=12, fillColor=GREY, textAnchor="middle"
                )
            )
        # bars
        x0 = radar_w + 30
        bar_x = x0
        bar_w = CONTENT_W - x0 - 44
        drawing.add(String(x0, height - 12, self.t("bars_title"), fontName=FONT, fontSize=8.5, fillColor=GREY))
        y = height - 30
        for d in dims:
            title = _fit_width(_clean(self.dim_title(d.id)), 7.5, CONTENT_W - x0)
            drawing.add(String(x0, y, title, fontName=FONT, fontSize=7.5, fillColor=INK))
            track_y = y - 11
            drawing.add(Rect(bar_x, track_y, bar_w, 7, fillColor=LIGHT, strokeColor=RULE, strokeWidth=0.3))
            if d.score is not None:
                width = bar_w * float(min(d.score, Fraction(100))) / 100
                low = cap is not None and d.score_shown is not None and Fraction(d.score_shown) < cap
                drawing.add(Rect(bar_x, track_y, width, 7, fillColor=RED if low else BLUE, strokeColor=None))
                shown = f"{d.score_shown:.2f}"
            else:
                shown = self.t("excluded")
            drawing.add(String(bar_x + bar_w + 4, track_y + 0.5, shown, fontName=FONT, fontSize=7.5, fillColor=INK))
            if cap is not None and 0 < cap <= 100:
                cx = bar_x + bar_w * float(cap) / 100
                drawing.add(
                    Line(
                        cx, track_y - 1.5, cx, track_y + 8.5, strokeColor=RED, strokeWidth=0.6, strokeDashArray=[1.5, 1]
                    )
                )
            y -= row_h
        return drawing

    # ------------------------------------------------------------------ method
    def method(self) -> list[Flowable]:
        r, fw = self.r, self.fw
        out: list[Flowable] = [
            CondPageBreak(120),
            _p(self.t("s_method_n"), "h1"),
            _p(self.t("m_intro", framework=fw.key, tier=self.tier_title), "body"),
            Spacer(1, 3),
        ]
        out += [_p(line, "rule") for line in self.t("m_rules").split("\n")]
        # the public words only (stars and title): grade ids are internal and letters read as credit ratings
        grade_rows: list[list[Any]] = [_heads(self.lang, "g_stars", "g_title", "g_min")]
        for g in fw.grades:
            grade_rows.append(
                [
                    _p(_stars(g.stars, self.top_stars)),
                    _p(self.text(g.title)),
                    _p(f"≥ {plain(g.min)}"),
                ]
            )
        out.append(KeepTogether([_p(self.t("grades_title"), "h2"), _table(grade_rows, [110, 150, 233], zebra=True)]))
        caps: list[Flowable] = [_p(self.t("caps_title"), "h2")]
        if fw.caps:
            caps += [_p(result_text.cap_rule(fw, c).get(self.lang), "body") for c in fw.caps]
        else:
            caps.append(_p(self.t("caps_none"), "body"))
        out.append(KeepTogether(caps))
        rows: list[list[Any]] = [
            _heads(
                self.lang,
                "d_dimension",
                "d_weight",
                "d_possible",
                "d_earned",
                "d_score",
                "d_included",
                right=(1, 2, 3, 4),
            )
        ]
        weight_sum = Fraction(0)
        numerator = Fraction(0)
        for d in r.dimensions:
            rows.append(
                [
                    _p(self.dim_title(d.id)),
                    _p(plain(d.weight), "cell_r"),
                    _p(plain(d.possible), "cell_r"),
                    _p(f"{round_half_up(d.earned):.2f}", "cell_r"),
                    _p(f"{d.score_shown:.2f}" if d.score_shown is not None else "—", "cell_r"),
                    _p(self.t("yes") if d.included else self.t("no"), "cell_c"),
                ]
            )
            if d.score is not None:
                weight_sum += d.weight
                numerator += d.weight * d.score
        rows.append(
            [
                _p(self.t("d_sum"), "cell_head"),
                _p(plain(weight_sum), "cell_r"),
                _p("", "cell_r"),
                _p("", "cell_r"),
                _p(f"{r.total_shown:.2f}", "cell_r"),
                _p("", "cell_c"),
            ]
        )
        line = self.t(
            "m_total_line",
            num=f"{round_half_up(numerator, 4):.4f}",
            den=plain(weight_sum),
            total=f"{r.total_shown:.2f}",
        )
        out.append(
            KeepTogether(
                [
                    _p(self.t("dims_title"), "h2"),
                    _table(rows, [173, 60, 70, 70, 70, 50], extra=[("BACKGROUND", (0, -1), (-1, -1), BLUE_BG)]),
                    Spacer(1, 4),
                    _p(line, "body"),
                ]
            )
        )
        return out + self.sources()

    def sources(self) -> list[Flowable]:
        """出处: where the tier's indicators, its entry conditions and the vetoes come from (their ``source``)."""
        tier = self.fw.tier(self.s.tier)
        items: list[tuple[str, str, Text]] = [
            (i.id, self.text(i.title), i.source) for i in self.fw.tier_indicators(self.s.tier) if i.source
        ]
        items += [
            (c.indicator or c.veto_not_raised or "—", self.t("src_condition", title=self.text(c.title)), c.source)
            for c in (tier.conditions if tier else ())
            if c.source
        ]
        items += [(v.id, self.t("src_veto", title=self.text(v.title)), v.source) for v in self.fw.vetoes if v.source]
        if not items:
            return []
        widths = (62, 143, 288)
        rows: list[list[Any]] = [_heads(self.lang, "i_id", "src_item", "src_source")]
        for ident, title, source in items:
            rows.append(
                [
                    _fit(ident, widths[0]),
                    _p(_clip(title, CELL_CHARS)),
                    _p(_clip(self.text(source), CELL_CHARS), "cell_small"),
                ]
            )
        return [
            CondPageBreak(90),
            _p(self.t("sources_title"), "h2"),
            _p(self.t("sources_intro"), "small"),
            Spacer(1, 3),
            _table(rows, widths, zebra=True),
        ]

    # ------------------------------------------------------------------ indicators
    def answer_text(self, ir: IndicatorResult) -> str:
        m = ir.indicator.method
        if ir.status == UNANSWERED:
            return self.t("unanswered")
        value = ir.value
        if isinstance(m, Scale):
            level = int(value)
            descriptor = m.levels[level].get(self.lang) if 0 <= level < len(m.levels) else ""
            return f"{level} — {descriptor}"
        if isinstance(m, YesNo):
            return self.t("yes_answer") if value else self.t("no_answer")
        if isinstance(m, Choice):
            option = m.option(value)
            return option.title.get(self.lang) if option else str(value)
        if isinstance(m, Deduction) and isinstance(value, dict):
            return result_text.counts_text(m, value, self.lang)
        shown = _num(self.d.raw_values.get(ir.id), value)
        unit = getattr(m, "unit", None)
        if unit is None:
            return shown
        unit_text = unit.get(self.lang)
        return f"{shown}{unit_text}" if unit_text in ("%", "％") else f"{shown} {unit_text}"

    def method_text(self, ir: IndicatorResult) -> str:
        m = ir.indicator.method
        text = m.describe(self.lang)
        if self.lang == "zh":  # a Chinese report reads the formula in words: f = 数值 / 95（最高为 1）
            text = re.sub(r"min\(1, ([^()]*)\)", r"\1（最高为 1）", text)
        if isinstance(m, Threshold) and self.s.tier in m.thresholds:
            unit = f" {m.unit.get(self.lang)}" if m.unit else ""
            text += (
                f"；本级门槛 {plain(m.thresholds[self.s.tier])}{unit}"
                if self.lang == "zh"
                else f"; tier threshold {plain(m.thresholds[self.s.tier])}{unit}"
            )
        return text

    def indicators(self) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(160), _p(self.t("s_indicators_n"), "h1")]
        by_dim: dict[str, list[IndicatorResult]] = {}
        for ir in self.r.indicators:
            by_dim.setdefault(ir.indicator.dimension_id, []).append(ir)
        evidence = Counter(e.indicator_id for e in self.d.evidence)
        for dim in self.r.dimensions:
            fdim = self.fw.dimension(dim.id)
            title = self.text(fdim.title) if fdim else ""
            if dim.score_shown is not None:
                heading = self.t(
                    "dim_heading", id=dim.id, title=title, weight=plain(dim.weight), score=f"{dim.score_shown:.2f}"
                )
            else:
                heading = self.t("dim_heading_excluded", id=dim.id, title=title, weight=plain(dim.weight))
            out += [CondPageBreak(90), _p(heading, "h2")]
            results = by_dim.get(dim.id, [])
            if not results:
                out.append(_p(self.t("no_tier_indicators"), "small"))
                continue
            out.append(self.indicator_table(results, evidence))
        return out

    def indicator_table(self, results: list[IndicatorResult], evidence: Counter[str]) -> Table:
        rows: list[list[Any]] = [
            _heads(
                self.lang,
                "i_id",
                "i_title",
                "i_method",
                "i_answer",
                "i_fraction",
                "i_earned",
                "i_evidence",
                right=(4, 5, 6),
            )
        ]
        extra: list[tuple[Any, ...]] = []
        widths = (34, 100, 98, 130, 40, 62, 29)
        for ir in results:
            answer = self.d.answers.get(ir.id)
            long_rows: list[tuple[str, str, str]] = []
            if ir.status == NOT_APPLICABLE:
                reason = (answer.reason or "").strip() if answer else ""
                if len(reason) > INLINE_REASON or "\n" in reason:
                    answer_cell = _pm(
                        f"<font color='#B45309'>{_markup(self.t('na'))}</font><br/>{_markup(self.t('reason_below'))}"
                    )
                    long_rows.append(("i_reason", "i_reason_more", reason))
                else:
                    answer_cell = _pm(
                        f"<font color='#B45309'>{_markup(self.t('na'))}</font>"
                        + (f"<br/>{_markup(reason)}" if reason else "")
                    )
                fraction = "—"
                earned = f"— / {plain(ir.points)}"
            else:
                style_color = "#B91C1C" if ir.status == UNANSWERED else None
                text = _markup(_clip(self.answer_text(ir), CELL_CHARS))
                answer_cell = _pm(f"<font color='{style_color}'>{text}</font>" if style_color else text)
                fraction = _pct(ir.fraction) if ir.fraction is not None else "—"
                earned_shown = ir.earned_shown if ir.earned_shown is not None else Decimal("0.00")
                earned = f"{earned_shown:.2f} / {plain(ir.points)}"
            if answer is not None and answer.note and answer.note.strip():
                long_rows.append(("i_note", "i_note_more", answer.note.strip()))
            rows.append(
                [
                    _fit(ir.id, widths[0]),
                    _fit(_clip(self.text(ir.indicator.title), CELL_CHARS), widths[1]),
                    _p(_clip(self.method_text(ir), CELL_CHARS), "cell_small"),
                    answer_cell,
                    _fit(fraction, widths[4], "cell_r"),
                    _fit(earned, widths[5], "cell_r"),
                    _fit(str(evidence.get(ir.id, 0)), widths[6], "cell_r"),
                ]
            )
            for first_key, more_key, text in long_rows:
                for n, piece in enumerate(_chunks(text)):
                    prefix = self.t(first_key if n == 0 else more_key)
                    row = len(rows)
                    rows.append(
                        [
                            "",
                            _pm(f"<font color='#616E7C'>{_markup(prefix)}</font>{_markup(piece)}", "cell"),
                            "",
                            "",
                            "",
                            "",
                            "",
                        ]
                    )
                    extra += [
                        ("SPAN", (1, row), (-1, row)),
                        ("BACKGROUND", (1, row), (-1, row), LIGHT),
                        ("TOPPADDING", (0, row), (-1, row), 1),
                    ]
            # one rule under each indicator with its note/reason rows, so they read as one block
            extra.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.3, RULE))
        extra.append(("ALIGN", (4, 1), (6, -1), "RIGHT"))
        return _table(rows, widths, row_rules=False, extra=extra)

    # ------------------------------------------------------------------ gaps, vetoes
    def gaps(self) -> list[Flowable]:
        """Led by any veto, failing condition and cap; then the gaps with their next step; then every point lost."""
        r = self.r
        out: list[Flowable] = [CondPageBreak(100), _p(self.t("s_gaps_n"), "h1")]
        out += [_p(line.get(self.lang), "body") for line in result_text.lead_lines(self.fw, r)]
        if not r.below_full:
            out.append(_p(self.t("gaps_none"), "body"))
            return out
        below = plain(self.fw.gap_below)
        partial = len(r.gaps) != len(r.below_full)
        if partial:
            out.append(_p(self.t("gaps_only_below", below=below), "small"))
        if r.gaps:
            out.append(self.gap_table(r.gaps))
        else:
            out.append(_p(self.t("gaps_none_below", below=below), "body"))
        if partial:
            out += [Spacer(1, 6), _p(self.t("below_full_title"), "h2"), self.gap_table(r.below_full)]
        lost = round_half_up(result_text.lost_total(r.below_full))
        out += [Spacer(1, 3), _p(self.t("gaps_total", lost=f"{lost:.2f}", total=f"{r.total_shown:.2f}"), "small")]
        return out

    def gap_table(self, gaps: tuple[Gap, ...]) -> Table:
        rows: list[list[Any]] = [_heads(self.lang, "gp_rank", "i_id", "i_title", "gp_lost", "gp_next", right=(0, 3))]
        for n, gap in enumerate(gaps, 1):
            rows.append(
                [
                    _p(str(n), "cell_r"),
                    _p(gap.id),
                    _p(_clip(self.text(gap.indicator.title), CELL_CHARS)),
                    _p(f"{gap.lost_shown:.2f}", "cell_r"),
                    _p(_clip(self.text(result_text.gap_step(gap)), 1500)),
                ]
            )
        return _table(rows, [24, 38, 120, 46, 265], zebra=True)

    def changes_section(self) -> list[Flowable]:
        """与上一修订版的差异: every answer, N/A, evidence and veto change against the revision before."""
        if self.s.revision <= 1 or (self.changes is None and not self.previous_missing):
            return []
        previous = self.changes.from_revision if self.changes is not None else self.s.revision - 1
        out: list[Flowable] = [CondPageBreak(80), _p(self.t("s_changes", rev=previous), "h2")]
        if self.changes is None:
            out.append(_p(self.t("changes_missing", rev=previous), "body"))
            return out
        if self.changes.empty:
            out.append(_p(self.t("changes_none", rev=previous), "body"))
            return out
        from cityeval_desktop.domain.case_diff import VETOES, describe

        out.append(
            _p(self.t("changes_count", n=self.n(len(self.changes.changes), "change", "changes"), rev=previous), "small")
        )
        out.append(Spacer(1, 3))
        widths = (110, 93, 145, 145)
        rows: list[list[Any]] = [
            [
                _p(self.t("c_item"), "cell_head"),
                _p(self.t("c_what"), "cell_head"),
                _p(self.t("c_old", rev=previous), "cell_head"),
                _p(self.t("c_new", rev=self.s.revision), "cell_head"),
            ]
        ]
        empty = self.t("c_empty")
        for change in self.changes.grouped(self.fw):
            shown = describe(change, self.fw)
            if change.section == VETOES:
                item = self.veto_title(change.key)
            else:
                indicator = self.fw.indicator(change.key)
                item = f"{change.key} {self.text(indicator.title)}" if indicator else change.key
            rows.append(
                [
                    _fit(_clip(item, CELL_CHARS), widths[0]),
                    _fit(_clip(self.text(shown.what), CELL_CHARS), widths[1]),
                    _fit(_clip(self.text(shown.old), CELL_CHARS) if shown.old is not None else empty, widths[2]),
                    _fit(_clip(self.text(shown.new), CELL_CHARS) if shown.new is not None else empty, widths[3]),
                ]
            )
        out.append(_table(rows, widths, zebra=True))
        return out

    def vetoes(self) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(90), _p(self.t("s_vetoes_n"), "h1")]
        if not self.fw.vetoes:
            out.append(_p(self.t("vetoes_empty"), "body"))
            return out
        rows: list[list[Any]] = [_heads(self.lang, "i_id", "i_title", "v_decision")]
        for veto in self.fw.vetoes:
            decided = self.d.vetoes.get(veto.id)
            if decided is True:
                decision = f"<font color='#B91C1C'>{_markup(self.t('v_true'))}</font>"
            elif decided is False:
                decision = f"<font color='#2F7D32'>{_markup(self.t('v_false'))}</font>"
            else:
                decision = f"<font color='#B45309'>{_markup(self.t('v_none'))}</font>"
            rows.append([_p(veto.id), _p(_clip(self.text(veto.title), CELL_CHARS)), _pm(decision)])
        out.append(_table(rows, [40, 333, 120], zebra=True))
        return out

    # ------------------------------------------------------------------ N/A, veto basis, verifications
    def na_section(self) -> list[Flowable]:
        """Every N/A with its ground and note, and the share of the points N/A removed."""
        items = [ir for ir in self.r.indicators if ir.status == NOT_APPLICABLE]
        out: list[Flowable] = [CondPageBreak(90), _p(self.t("s_na_n"), "h1")]
        if not items:
            out.append(_p(self.t("na_none_line"), "body"))
            return out
        rows: list[list[Any]] = [_heads(self.lang, "i_id", "i_title", "na_ground", "na_reason")]
        widths = (40, 150, 120, 183)
        for ir in items:
            answer = self.d.answers.get(ir.id)
            rule = ir.indicator.not_applicable
            found = rule.ground(answer.ground) if answer is not None else None
            ground = self.text(found.title) if found else self.t("na_free") if rule.free_reason else "–"
            if found is not None and found.source is not None:
                ground += self.t("na_ground_source", source=self.text(found.source))
            rows.append(
                [
                    _p(ir.id),
                    _p(_clip(self.text(ir.indicator.title), CELL_CHARS)),
                    _p(ground),
                    _p(_clip((answer.reason if answer else "") or "–", 300)),
                ]
            )
        out.append(_table(rows, widths, zebra=True))
        share = self.r.na_share
        limit = self.fw.not_applicable_max_share
        out.append(_p(self.t("na_share", share=round_half_up(share * 100), limit=round_half_up(limit * 100)), "small"))
        return out

    def veto_basis_section(self) -> list[Flowable]:
        """The decided vetoes with where and when they were looked up, the note and the files."""
        out: list[Flowable] = [CondPageBreak(90), _p(self.t("s_veto_basis"), "h2")]
        decided = [v for v in self.fw.vetoes if self.d.vetoes.get(v.id) is not None]
        if not decided:
            out.append(_p(self.t("vb_none"), "body"))
            return out
        rows: list[list[Any]] = [_heads(self.lang, "i_id", "v_decision", "vb_source", "vb_time", "vb_note", "vb_files")]
        widths = (30, 52, 86, 118, 112, 95)
        for veto in decided:
            basis = self.d.veto_basis.get(veto.id)
            files = "; ".join(_clip(e.original_name, 60) for e in self.d.veto_evidence(veto.id)) or "–"
            word = self.t("v_true") if self.d.vetoes.get(veto.id) else self.t("v_false")
            rows.append(
                [
                    _p(veto.id),
                    _p(word),
                    _p(_clip((basis.source if basis else None) or "–", 200)),
                    _fit(_moment_text(basis.queried_at, self.lang) if basis and basis.queried_at else "–", widths[3]),
                    _p(_clip((basis.note if basis else None) or "–", 300)),
                    _p(files),
                ]
            )
        out.append(_table(rows, widths, zebra=True))
        return out

    def verification_section(self) -> list[Flowable]:
        """A compact table of the evidence verifications, and the false-evidence flag."""
        checks = self.d.verifications
        if not checks and self.self_mode:
            return []
        out: list[Flowable] = [CondPageBreak(90), _p(self.t("s_verification"), "h2")]
        untrue = sorted({v.indicator_id for v in self.d.untrue_verifications()})
        if untrue:
            veto = self.fw.false_evidence_veto()
            flag = self.t(
                "ver_flag",
                ids=self.list_words(untrue),
                veto=veto.id if veto else "–",
            )
            out.append(_pm(f"<font color='#B91C1C'>{_markup(flag)}</font>", "body"))
        if not checks:
            out.append(_p(self.t("ver_none"), "body"))
            return out
        names = {(e.indicator_id, e.sha256): e.original_name for e in self.d.evidence if e.veto_id is None}
        order = {ind.id: n for n, ind in enumerate(self.fw.indicators())}
        rows: list[list[Any]] = [
            _heads(self.lang, "i_id", "ver_file", "ver_method", "ver_conclusion", "ver_by", "ver_at")
        ]
        widths = (36, 140, 78, 44, 77, 118)
        for v in sorted(checks, key=lambda v: (order.get(v.indicator_id, len(order)), v.sha256 or "")):
            name = names.get((v.indicator_id, v.sha256), v.sha256[:12] if v.sha256 else self.t("ver_whole"))
            conclusion = self.conclusion_words(v.conclusion)
            if v.untrue:
                conclusion = f"<font color='#B91C1C'>{_markup(conclusion)}</font>"
            rows.append(
                [
                    _p(v.indicator_id),
                    _fit(_clip(name, 200), widths[1]),
                    _p(self.method_words(v.method)),
                    _pm(conclusion if v.untrue else _markup(conclusion)),
                    _p(_clip(v.by, 80)),
                    _fit(_moment_text(v.at, self.lang), widths[5]),
                ]
            )
        out.append(_table(rows, widths, zebra=True))
        return out

    # ------------------------------------------------------------------ evidence, audit
    def evidence(self) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(90), _p(self.t("s_evidence_n"), "h1")]
        items = self.d.evidence
        if not items:
            out.append(_p(self.t("evidence_none"), "body"))
            return out
        total = sum(e.size for e in items)
        out.append(_p(self.t("evidence_count", n=self.n(len(items), "file", "files"), size=_size(total)), "small"))
        out.append(Spacer(1, 3))
        order = {ind.id: n for n, ind in enumerate(self.fw.indicators())}
        rows: list[list[Any]] = [
            _heads(self.lang, "e_indicator", "e_name", "e_kind", "e_method", "e_conclusion", "e_size", right=(5,))
        ]
        widths = (40, 160, 78, 84, 50, 81)
        extra: list[tuple[Any, ...]] = [("ALIGN", (5, 1), (5, -1), "RIGHT")]
        sha_word = self.t("e_sha")
        for e in sorted(items, key=lambda e: (order.get(e.indicator_id, len(order)), e.added_at, e.id)):
            check = None if e.veto_id else self.d.file_verification(e)
            if check is None:
                method = conclusion = self.t("e_unverified") if not e.veto_id else "—"
            else:
                method, conclusion = self.method_words(check.method), self.conclusion_words(check.conclusion)
            rows.append(
                [
                    _fit(self.t("veto_evidence", id=e.veto_id) if e.veto_id else e.indicator_id, widths[0]),
                    _fit(_clip(e.original_name, 300), widths[1]),
                    _fit(self.kind_words(e.kind) if not e.veto_id else "—", widths[2]),
                    _fit(method, widths[3]),
                    _pm(f"<font color='#B91C1C'>{_markup(conclusion)}</font>")
                    if check is not None and check.untrue
                    else _fit(conclusion, widths[4]),
                    _fit(f"{_size(e.size)} ({e.size:,} B)" if e.size >= 1024 else f"{e.size} B", widths[5], "cell_r"),
                ]
            )
            row = len(rows)  # the file's hash on a line of its own, under its name (and the date it proves)
            under = f"<font color='#616E7C'>{_markup(sha_word)}</font> {_markup(e.sha256)}"
            if e.dated is not None:
                flag = self.d.window_flag(e)
                dated = (
                    f"<font color='#B91C1C'>{_markup(self.text(flag))}</font>"
                    if flag is not None
                    else f"<font color='#616E7C'>{_markup(self.t('e_dated'))}</font> {e.dated.isoformat()}"
                )
                under += "<br/>" + dated
            rows.append(
                [
                    "",
                    _pm(under, "cell_mono"),
                    "",
                    "",
                    "",
                    "",
                ]
            )
            extra += [
                ("SPAN", (1, row), (-1, row)),
                ("TOPPADDING", (0, row), (-1, row), 0),
                ("LINEBELOW", (0, row), (-1, row), 0.3, RULE),
            ]
        out.append(_table(rows, widths, row_rules=False, extra=extra))
        return out

    def kind_words(self, kind: str | None) -> str:
        """An evidence kind in words (a kind the catalogue does not know reads 其他, never its id)."""
        if not kind:
            return self.t("kind_none")
        found = EVIDENCE_KINDS.get(kind)
        return found.get(self.lang) if found else self.t("kind_other")

    def method_words(self, method: str | None) -> str:
        found = VERIFICATION_METHODS.get(method or "")
        return found.get(self.lang) if found else self.t("kind_other")

    def conclusion_words(self, conclusion: str | None) -> str:
        found = CONCLUSIONS.get(conclusion or "")
        return found.get(self.lang) if found else self.t("kind_other")

    # ------------------------------------------------------------------ basis, process, opinion
    def kv(self, rows: list[tuple[str, Any]], key_w: float = 120) -> Table:
        data = [[_p(k, "kv_key"), v] for k, v in rows]
        return _table(data, [key_w, 493 - key_w], header_rows=0, extra=[("BACKGROUND", (0, 0), (0, -1), LIGHT)])

    def basis_section(self) -> list[Flowable]:
        """评估依据: the policy documents, laws and standards the framework cites, and the framework itself."""
        fw = self.fw
        policies, standards = basis_documents(fw, self.lang)

        def listed(items: list[tuple[str, int]], empty: str) -> Paragraph:
            if not items:
                return _p(self.t(empty), "kv_val")
            lines = [f"{_markup(_clip(doc, 200))}{_markup(self.t('basis_cited', n=n))}" for doc, n in items]
            return _pm("<br/>".join(lines), "kv_val")

        rows: list[tuple[str, Any]] = [
            (self.t("basis_policies"), listed(policies, "basis_none")),
            (self.t("basis_standards"), listed(standards, "basis_no_standards")),
            (
                self.t("basis_framework"),
                _p(self.t("basis_framework_value", title=self.text(fw.title), id=fw.id, version=fw.version), "kv_val"),
            ),
            (self.t("framework_sha"), _p(fw.sha256, "kv_mono")),
            (
                self.t("basis_window"),
                _p(
                    f"{self.day(self.d.case_data.reference_date)}；{self.window_text()}"
                    if self.lang == "zh"
                    else f"{self.day(self.d.case_data.reference_date)}; {self.window_text()}",
                    "kv_val",
                ),
            ),
        ]
        return [_p(self.t("s_basis"), "h1"), _p(self.t("basis_intro"), "body"), Spacer(1, 4), self.kv(rows)]

    def stage_days(self, actions: set[str], *, this_revision: bool = True) -> list[date]:
        rev = self.s.revision
        found: list[date] = []
        for entry in self.audit:
            if entry.get("action") not in actions or (this_revision and entry.get("revision") != rev):
                continue
            moment = _parse_moment(entry.get("at"))
            if moment is not None:
                found.append(days.day_of(moment))
        return found

    def stage_count(self, actions: set[str]) -> int:
        rev = self.s.revision
        return sum(1 for e in self.audit if e.get("action") in actions and e.get("revision") == rev)

    def process_section(self) -> list[Flowable]:
        """评估过程: 受理 → 材料审查 → 现场核查 → 专家评审 → 审核批准, dated from the audit chain."""
        none = self.t("p_none")

        def dates(days: list[date]) -> str:
            return _span(min(days), max(days), self.lang) if days else none

        review = {"answer.set", "answer.clear", "evidence.add", "evidence.remove", "evidence.kind", "evidence.verify",
                  "veto.set", "veto.basis"}  # fmt: skip
        created = self.stage_days({"case.create"}, this_revision=False)
        accept_what = self.t("p_accept_what") if created else none
        amended = self.stage_days({"case.amend"})
        if amended:
            accept_what += self.t("p_amended", day=_day(max(amended), self.lang), rev=self.s.revision)
        stages: list[tuple[str, str, str]] = [(self.t("p_accept"), dates(created[:1]), accept_what)]
        review_days = self.stage_days(review)
        answers = self.stage_count({"answer.set", "answer.clear"})
        files = self.stage_count({"evidence.add"})
        checks = self.stage_count({"evidence.verify"})
        stages.append(
            (
                self.t("p_review"),
                dates(review_days),
                self.t(
                    "p_review_what",
                    answers=self.n(answers, "answer", "answers"),
                    files=self.n(files, "file added", "files added"),
                    checks=self.n(checks, "verification", "verifications"),
                )
                if review_days
                else none,
            )
        )
        inspections = self.d.case_data.inspections
        site_days = [i.day for i in inspections] or self.stage_days({"inspection.add"})
        stages.append(
            (
                self.t("p_onsite"),
                dates(site_days),
                self.t("p_onsite_what", n=self.n(len(inspections), "inspection record", "inspection records"))
                if inspections
                else none,
            )
        )
        expert_days = self.stage_days({"team.declare", "case.opinion"})
        declarations = self.stage_count({"team.declare"})
        opinions = self.stage_count({"case.opinion"})
        stages.append(
            (
                self.t("p_expert"),
                dates(expert_days),
                self.t(
                    "p_expert_what",
                    decl=self.n(declarations, "declaration signed", "declarations signed"),
                    op=self.n(opinions, "opinion stored", "opinions stored"),
                )
                if expert_days
                else none,
            )
        )
        approve_days = self.stage_days({"case.finalize", "report.sign"})
        if not approve_days and self.final:  # the final report is rendered (and signed) just before finalize
            approve_days = [days.day_of(self.s.finalized_at or self.when)]
        approve_what = self.t("p_approve_what") if approve_days else none
        if not self.final:
            approve_what = self.t("p_approve_draft")
        stages.append((self.t("p_approve"), dates(approve_days), approve_what))
        rows: list[list[Any]] = [_heads(self.lang, "p_stage", "p_dates", "p_what")]
        for n, (stage, when, what) in enumerate(stages, 1):
            arrow = f"{n}. {stage}"
            rows.append([_p(arrow), _p(when), _p(what)])
        return [
            CondPageBreak(160),
            _p(self.t("s_process"), "h1"),
            _p(self.t("process_intro"), "small"),
            Spacer(1, 3),
            _table(rows, [90, 170, 233], zebra=True),
            Spacer(1, 4),
            _p(self.integrity_line(), "body"),
        ]

    def integrity_line(self) -> str:
        """One line on the audit chain: checked, how many entries, the head hash (the entries are annexed)."""
        entries = self.audit
        if not entries:
            return self.t("integrity_none")
        problems = verify_entries(self.s.case_uuid, entries)
        state = (
            self.t("integrity_ok")
            if not problems
            else self.t("integrity_bad", n=self.n(len(problems), "problem", "problems"))
        )
        head = str(entries[-1].get("hash") or "")[:16]
        return self.t("integrity", state=state, n=self.n(len(entries), "entry", "entries"), head=head)

    def opinion_section(self) -> list[Flowable]:
        """综合评价意见: the stored opinion with its line breaks; a case without one says so."""
        out: list[Flowable] = [CondPageBreak(90), _p(self.t("s_opinion"), "h1")]
        opinion = (self.d.case_data.opinion or "").strip()
        if not opinion:
            out.append(_p(self.t("opinion_none" if self.final else "opinion_none_draft"), "body"))
            return out
        if self.self_mode:
            out.append(_p(self.t("opinion_self"), "small"))
        out += [_p(piece, "body") for piece in _chunks(opinion)]
        return out

    # ------------------------------------------------------------------ inspections, team, terms
    def inspections_section(self) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(90), _p(self.t("s_inspections"), "h1")]
        records = self.d.case_data.inspections
        sample = self.d.framework.inspection
        if sample.asked and not self.self_mode:  # a self-check is not held to the framework's sample
            asked, taken = self.sample_words()
            out.append(
                self.kv(
                    [
                        (self.t("in_sample_asked"), _p(asked, "kv_val")),
                        (self.t("in_sample_taken"), _p(taken, "kv_val")),
                    ],
                    150,
                )
            )
        if not records:
            out.append(_p(self.t("in_none"), "body"))
            return out
        nothing = self.t("in_nothing")
        for n, rec in enumerate(records, 1):
            files = [
                f"{f.name}（{_size(f.size)}，SHA-256 {f.sha256[:16]}…）"
                if self.lang == "zh"
                else f"{f.name} ({_size(f.size)}, SHA-256 {f.sha256[:16]}…)"
                for f in rec.attachments
            ]
            rows: list[tuple[str, Any]] = [
                (self.t("in_day"), _p(_day(rec.day, self.lang), "kv_val")),
                (self.t("in_place"), _p(_clip(rec.place, CELL_CHARS), "kv_val")),
                (self.t("in_participants"), _p(_clip(self.list_words(rec.participants), CELL_CHARS), "kv_val")),
                (self.t("in_checked"), _p(_clip(rec.checked, CHUNK_CHARS), "kv_val")),
                (self.t("in_findings"), _p(_clip(rec.findings, CHUNK_CHARS), "kv_val")),
                (
                    self.t("in_projects"),
                    _p(_clip(self.list_words(rec.sampled_projects), CELL_CHARS) or nothing, "kv_val"),
                ),
                (self.t("in_staff"), _p(_clip(self.list_words(rec.sampled_staff), CELL_CHARS) or nothing, "kv_val")),
                (self.t("in_files"), _p(_clip("\n".join(files), CHUNK_CHARS) or nothing, "kv_val")),
            ]
            out += [
                CondPageBreak(120),
                _p(self.t("in_title", n=n, day=_day(rec.day, self.lang)), "h2"),
                self.kv(rows, 100),
            ]
        return out

    def sample_words(self) -> tuple[str, str]:
        """The sample the framework asks the inspections for, and the distinct names the records list."""
        sample = self.d.framework.inspection
        projects, staff = sampled_counts(self.d.case_data)
        asked, found = [], []
        if sample.projects:
            asked.append(self.t("in_sample_projects", n=self.n(sample.projects, "project", "projects")))
            found.append(self.t("in_found_projects", n=self.n(projects, "project", "projects")))
        if sample.staff:
            asked.append(self.t("in_sample_staff", n=self.n(sample.staff, "staff member", "staff members")))
            found.append(self.t("in_found_staff", n=self.n(staff, "staff member", "staff members")))
        sep = self.t("in_sample_and")
        return sep.join(asked), sep.join(found)

    def team_section(self) -> list[Flowable]:
        """评审组与回避声明: each member, the role in words, and the signed declaration (when, by which key)."""
        cd = self.d.case_data
        out: list[Flowable] = [CondPageBreak(110), _p(self.t("s_team"), "h1")]
        if not cd.team:
            out.append(_p(self.t("t_none"), "body"))
            return out
        widths = (70, 56, 120, 80, 167)
        rows: list[list[Any]] = [_heads(self.lang, "t_name", "t_role", "t_org", "t_qual", "t_decl")]
        extra: list[tuple[Any, ...]] = []
        order = list(ROLES)
        for member in sorted(cd.team, key=lambda m: order.index(m.role) if m.role in order else len(order)):
            decl = cd.declaration_of(member.name)
            signed = (
                self.t("t_signed", at=self.moment(decl.signed_at), fp=decl.signer_fingerprint[:16])
                if decl is not None
                else self.t("t_unsigned")
            )
            rows.append(
                [
                    _p(_clip(member.name, 100)),
                    _p(member.role_title(self.lang)),
                    _p(_clip(member.org, 200)),
                    _p(_clip(member.qualification or "—", 100)),
                    _p(signed) if decl is not None else _pm(f"<font color='#B91C1C'>{_markup(signed)}</font>"),
                ]
            )
            if decl is not None:
                same_language = bool(_CJK.search(decl.statement)) == (self.lang == "zh")
                text = decl.statement if same_language else self.t("t_statement_other")
                for piece in _chunks(_clip(text, 4000)):
                    row = len(rows)
                    rows.append(
                        ["", _pm(f"<font color='#616E7C'>{_markup(self.t('t_statement'))}</font>{_markup(piece)}",
                                 "cell_small"), "", "", ""]
                    )  # fmt: skip
                    extra += [("SPAN", (1, row), (-1, row)), ("BACKGROUND", (1, row), (-1, row), LIGHT)]
            extra.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.3, RULE))
        out.append(_table(rows, widths, row_rules=False, extra=extra))
        return out

    def terms_section(self) -> list[Flowable]:
        """声明与使用限制."""
        text = self.t("terms_self" if self.self_mode else "terms_third")
        return [CondPageBreak(120), _p(self.t("s_terms"), "h1"), *[_p(line, "rule") for line in text.split("\n")]]

    def actor_words(self, actor: object) -> str:
        """Who did it, as the report may name them: a team member (name and role), else the team or the
        self-assessing entity; never the operating-system account."""
        member = self.d.case_data.member(str(actor or ""))
        if member is not None:
            return self.t("actor_member", name=member.name, role=member.role_title(self.lang))
        return self.t("self_actor" if self.self_mode else "team_actor")

    def target_words(self, entry: dict[str, Any]) -> str:
        target = str(entry.get("target") or "")
        if target == self.s.case_uuid:
            return self.t("this_case")
        if entry.get("action") in ("inspection.add", "inspection.remove") and target.isdigit():
            return self.t("inspection_n", n=target)
        return target

    def audit_section(self) -> list[Flowable]:
        """附件：审计记录: the chain check and the entries (the first and last ones of a long chain)."""
        out: list[Flowable] = [PageBreak(), _p(self.t("s_annex_audit"), "h1")]
        entries = self.audit
        if not entries:
            out.append(_p(self.t("audit_none"), "body"))
            return out
        problems = verify_entries(self.s.case_uuid, entries)
        check = (
            f"<font color='#2F7D32'>{_markup(self.t('a_ok'))}</font>"
            if not problems
            else "<font color='#B91C1C'>{}</font>".format(
                _markup(self.t("a_bad", n=self.n(len(problems), "problem", "problems")))
            )
        )
        kv = [
            [_p(self.t("a_count"), "kv_key"), _p(str(len(entries)), "kv_val")],
            [_p(self.t("a_first"), "kv_key"), _p(self.moment(_parse_moment(entries[0].get("at"))), "kv_val")],
            [_p(self.t("a_last"), "kv_key"), _p(self.moment(_parse_moment(entries[-1].get("at"))), "kv_val")],
            [_p(self.t("a_head"), "kv_key"), _p(str(entries[-1].get("hash") or "—"), "kv_mono")],
            [_p(self.t("a_check"), "kv_key"), _pm(check, "kv_val")],
        ]
        out += [
            _table(kv, [120, 373], header_rows=0, extra=[("BACKGROUND", (0, 0), (0, -1), LIGHT)]),
            Spacer(1, 6),
        ]
        if len(entries) > AUDIT_ALL:
            shown: list[dict[str, Any] | None] = [*entries[:AUDIT_EDGE], None, *entries[-AUDIT_EDGE:]]
        else:
            shown = list(entries)
        rows: list[list[Any]] = [
            _heads(self.lang, "a_pos", "a_time_local", "a_actor", "a_action", "a_target", right=(0,))
        ]
        extra: list[tuple[Any, ...]] = []
        widths = (28, 98, 112, 90, 165)
        for entry in shown:
            if entry is None:
                row = len(rows)
                more = len(entries) - 2 * AUDIT_EDGE
                rows.append(
                    [_p(self.t("a_more", n=self.n(more, "more entry", "more entries")), "cell_c"), "", "", "", ""]
                )
                extra += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), LIGHT)]
                continue
            rows.append(
                [
                    _fit(entry.get("position", ""), widths[0], "cell_r"),
                    _fit(_moment_text(entry.get("at"), self.lang), widths[1]),
                    _fit(_clip(self.actor_words(entry.get("actor")), 120), widths[2]),
                    _fit(action_words(str(entry.get("action") or ""), self.lang), widths[3]),
                    _fit(_clip(self.target_words(entry), 200), widths[4]),
                ]
            )
        extra.append(("ALIGN", (0, 1), (0, -1), "RIGHT"))
        out.append(_table(rows, widths, extra=extra))
        return out

    # ------------------------------------------------------------------ signature
    def who_rows(self) -> list[tuple[str, Any]]:
        """评估人 (and 签署人): a signed report names its signer as assessor unless the case names others."""
        named = (self.s.assessor or "").strip()
        if self.signer and (not named or named == self.signer):
            return [(self.t("assessor"), _p(self.signer, "kv_val"))]
        rows = [(self.t("assessor"), _p(named or self.t("not_given"), "kv_val"))]
        if self.signer:
            rows.append((self.t("signer"), _p(self.signer, "kv_val")))
        return rows

    def org_rows(self) -> list[tuple[str, Any]]:
        """评估机构 of a third-party report; a self-check names the entity itself (自评单位), and a signer of
        another organisation (confirmed at signing) beside it with the mismatch."""
        if not self.self_mode:
            return [(self.t("assessor_org"), _p(self.org, "kv_val"))] if self.org else []
        rows: list[tuple[str, Any]] = [(self.t("self_org"), _p(self.s.entity_name, "kv_val"))]
        if self.mismatch is not None:
            rows.append((self.t("signer_org"), _p(self.mismatch.signer_org or self.t("not_given"), "kv_val")))
            rows.append((self.t("signer_check"), _p(self.text(self.mismatch.note), "kv_val")))
        return rows

    def signature_boxes(self) -> dict[str, _SignatureBox]:
        """The report's signature boxes by role, in signing order (made once, drawn by :meth:`signature_section`).

        A self-check has one (the entity's); a third-party report the lead assessor's (``self.signature``,
        the first), the organisation's and the reviewer's.
        """
        boxes = getattr(self, "_boxes", None)
        if boxes is not None:
            return boxes
        if self.self_mode:
            boxes = {ROLE_ENTITY: self.signature}
        else:
            final = self.signature.final
            width = (CONTENT_W - 2 * SIGNATURE_GAP) / 3
            unsigned = UNSIGNED_MARK.get(self.lang)
            lead = self.signature
            lead.caption, lead.box_w, lead.width = ROLE_CAPTIONS[ROLE_LEAD].get(self.lang), width, width
            boxes = {
                ROLE_LEAD: lead,
                ROLE_ORG: _SignatureBox(final, ROLE_CAPTIONS[ROLE_ORG].get(self.lang), unsigned, width),
                ROLE_REVIEWER: _SignatureBox(final, ROLE_CAPTIONS[ROLE_REVIEWER].get(self.lang), unsigned, width),
            }
            boxes[ROLE_REVIEWER].note = REVIEWER_PENDING.get(self.lang)
        self._boxes = boxes
        return boxes

    def placed_boxes(self) -> dict[str, tuple[int, tuple[float, float, float, float]]]:
        """Where each signature box was drawn (after the build)."""
        placed = {role: box.placed for role, box in self.signature_boxes().items()}
        if any(where is None for where in placed.values()):  # pragma: no cover - the boxes are always drawn
            raise RuntimeError("a signature box was not placed")
        return placed  # type: ignore[return-value]

    def signature_section(self) -> list[Flowable]:
        boxes = self.signature_boxes()
        who = [[_p(key, "kv_key"), value] for key, value in (*self.who_rows(), *self.org_rows())]
        who.append([_p(self.t("generated"), "kv_key"), _p(self.moment(self.when), "kv_val")])
        if not self.self_mode:
            left = Table(who, colWidths=[100, CONTENT_W - 100])
            left.setStyle(_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
            width = boxes[ROLE_LEAD].box_w
            row = Table(
                [list(boxes.values())],
                colWidths=[width + SIGNATURE_GAP, width + SIGNATURE_GAP, width],
                style=_style(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ]
                ),
            )
            return [
                KeepTogether(
                    [
                        CondPageBreak(SIGNATURE_H + 190),
                        _p(self.t("s_signature"), "h1"),
                        _p(THIRD_PARTY_SIGNATURES.get(self.lang), "body"),
                        Spacer(1, 6),
                        left,
                        Spacer(1, 10),
                        row,
                    ]
                )
            ]
        left = Table(who, colWidths=[100, CONTENT_W - SIGNATURE_W - 120])
        left.setStyle(_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        block = Table(
            [[left, self.signature]],
            colWidths=[CONTENT_W - SIGNATURE_W - 12, SIGNATURE_W + 12],
            style=_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("LEFTPADDING", (1, 0), (1, 0), 12),
                ]
            ),
        )
        return [
            KeepTogether(
                [
                    CondPageBreak(SIGNATURE_H + 110),
                    _p(self.t("s_signature"), "h1"),
                    _p(self.t("sig_self"), "body"),
                    Spacer(1, 10),
                    block,
                ]
            )
        ]

    # ------------------------------------------------------------------ build
    def story(self) -> list[Flowable]:
        # the annexed audit trail comes before the signature section, which stays the last of the story
        # (signing places its boxes there)
        return [
            *self.cover(),
            *self.basis_section(),
            *self.process_section(),
            *self.summary(),
            *self.changes_section(),
            *self.method(),
            *self.opinion_section(),
            *self.indicators(),
            *self.gaps(),
            *self.na_section(),
            *self.vetoes(),
            *self.veto_basis_section(),
            *self.evidence(),
            *self.verification_section(),
            *self.inspections_section(),
            *self.team_section(),
            *self.terms_section(),
            *self.audit_section(),
            *self.signature_section(),
        ]

    def render(self) -> RenderedReport:
        s = self.s
        title = self.t("title")
        page = _Page(
            lang=self.lang,
            title=title,
            entity=_clean(s.entity_name),
            self_assessment=self.self_mode,
            draft=not self.final or self.unsigned_copy,
            mark=(COPY_MARK if self.unsigned_copy else DRAFT_MARK).get(self.lang),
            footer_left=_clean(self.t("case_footer", ref=s.ref, framework=self.fw.key)),
        )
        buf = io.BytesIO()
        doc = BaseDocTemplate(
            buf,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            title=f"{title} — {_clean(s.entity_name)}",
            author=_clean(
                (s.entity_name if self.self_mode else self.org) or self.signer or s.assessor or "CityEval Desktop"
            ),
            subject=_clean(self.t("subject", entity=s.entity_name, code=s.uscc, ref=s.ref)),
            creator="CityEval Desktop",
            producer="CityEval Desktop (ReportLab)",
            keywords=[
                self.fw.key,
                s.ref,
                s.uscc,
                s.mode,
                "final" if self.final else "draft",
                *([CONTENT_KEYWORD + self.content_sha256] if self.content_sha256 else []),
            ],
            lang="zh-CN" if self.lang == "zh" else "en",
            invariant=1 if self.generated_at is not None else None,
            pageCompression=1,
            initialFontName=FONT,
            initialFontSize=8.5,
        )
        frame = Frame(
            MARGIN,
            BOTTOM,
            CONTENT_W,
            PAGE_H - TOP - BOTTOM,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=page.header, onPageEnd=page.watermark)])
        seed = f"{s.ref}|{self.when.isoformat()}|{self.lang}|{self.final}"
        stamp = _FixedStamp(self.generated_at) if self.generated_at is not None else None
        doc.build(self.story(), canvasmaker=_canvas_maker(page, stamp, seed))
        placed = self.placed_boxes()
        return RenderedReport(buf.getvalue(), next(iter(placed.values())), doc.page, placed)


def render_case_report(
    detail: CaseDetail,
    *,
    audit_entries: list[dict[str, Any]],
    lang: str = "zh",
    final: bool = False,
    generated_at: datetime | None = None,
    assessor_org: str | None = None,
    signer_name: str | None = None,
    unsigned_copy: bool = False,
    content_sha256: str | None = None,
    signer_mismatch: SignerMismatch | None = None,
    changes: CaseChanges | None = None,
    previous_missing: bool = False,
) -> RenderedReport:
    """Render the PDF report of one case revision (Chinese by default, English with ``lang="en"``).

    ``final=False`` (a draft or a preview) draws the 草稿 DRAFT watermark on every page. With
    ``generated_at`` the report's dates and document id are fixed, so the same input gives the
    same bytes. The returned ``signature_box`` is the empty framed area for the visible signature.
    ``signer_name`` (the signer's certificate name) is shown as the assessor unless the case names
    someone else, then beside them as the signer. ``unsigned_copy`` marks every page and the signature
    box of a finalized revision's report as an unsigned copy. ``content_sha256`` (the revision's content
    hash, given at finalize) is printed with the framework's hash and written into the document's
    keywords as ``cityeval-content-sha256:HEX``, where the signature covers it.

    A self-check names the entity itself as 自评单位 and never another organisation as 评估机构;
    ``signer_mismatch`` (a signer of another organisation, confirmed at signing) is printed on the cover
    and beside the signature. ``changes`` (an amended revision against the one before it,
    ``domain/case_diff.py``) gives the section "与上一修订版的差异"; ``previous_missing`` says instead that
    the revision before is not in this database.
    """
    _font_chars()
    lang = "en" if lang == "en" else "zh"
    return _Report(
        detail,
        list(audit_entries),
        lang,
        final,
        generated_at,
        assessor_org,
        signer_name,
        unsigned_copy,
        content_sha256,
        signer_mismatch,
        changes,
        previous_missing,
    ).render()
