"""The PDF of the public disclosure (评估结果公示): landscape A4 in one language, the bundled CJK font
embedded, the notice and how to object, the statistics (small groups suppressed), one table per category,
and an empty framed box for the agency's PAdES signature (whose page and coordinates it returns).

The tables are drawn straight on the canvas (10,000 rows in a few seconds; reportlab's Table lays out each
cell as a flowable, far slower), the page count is known when the last page is done, so every footer says
"page x of y".
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from cityeval_desktop.domain.disclosure import (
    SUPPRESSED,
    Disclosure,
    GroupFigures,
    L,
    day_words,
    grades_text,
)
from cityeval_desktop.reports.pdf import BLUE, BLUE_BG, FONT, GREY, INK, LIGHT, RED, RULE, _clean, _font_chars

__all__ = ["RenderedDisclosure", "render_disclosure"]

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 14 * mm
TOP = PAGE_H - 18 * mm
BOTTOM = 16 * mm
WIDTH = PAGE_W - 2 * MARGIN
SIGNATURE_W, SIGNATURE_H = 240.0, 84.0
SIZE, LEADING, PAD = 7.2, 9.0, 2.5
MAX_LINES = 3


@dataclass(frozen=True)
class RenderedDisclosure:
    pdf: bytes
    signature_box: tuple[int, tuple[float, float, float, float]]
    pages: int


_widths: dict[tuple[str, float], float] = {}


def _w(ch: str, size: float) -> float:
    key = (ch, size)
    found = _widths.get(key)
    if found is None:
        found = _widths[key] = pdfmetrics.stringWidth(ch, FONT, size)
    return found


def wrap(text: str, width: float, size: float = SIZE, max_lines: int = MAX_LINES) -> list[str]:
    """``text`` in lines of at most ``width`` points (at most ``max_lines``, the last one cut with …)."""
    out: list[str] = []
    for part in text.split("\n"):
        if pdfmetrics.stringWidth(part, FONT, size) <= width:
            out.append(part)
            continue
        line, used, last_space = "", 0.0, -1
        for ch in part:
            cw = _w(ch, size)
            if used + cw > width and line:
                if ch != " " and last_space > 0 and last_space > len(line) // 2:  # break Latin words at spaces
                    out.append(line[:last_space])
                    line = line[last_space + 1 :]
                else:
                    out.append(line)
                    line = ""
                used = sum(_w(c, size) for c in line)
                last_space = -1
                if ch == " " and not line:
                    continue
            if ch == " ":
                last_space = len(line)
            line += ch
            used += cw
        out.append(line)
    if len(out) > max_lines:
        last = out[max_lines - 1]
        while last and pdfmetrics.stringWidth(last + "…", FONT, size) > width:
            last = last[:-1]
        out = [*out[: max_lines - 1], last + "…"]
    return out


class _Pages:
    """The canvas, the cursor and the page furniture (the footer is drawn when the count is known)."""

    def __init__(self, d: Disclosure, lang: str) -> None:
        self.lang = lang
        self.d = d
        self.buf = io.BytesIO()
        self.c = Canvas(self.buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1, lang="zh-CN" if lang == "zh" else "en")
        self.c.setTitle(_clean(f"{L('title', lang)} — {d.publisher}"))
        self.c.setAuthor(_clean(d.publisher))
        self.c.setSubject(_clean(f"{L('as_of', lang)} {d.as_of.isoformat()}"))
        self.c.setCreator("CityEval Desktop")
        self.c.setProducer("CityEval Desktop (ReportLab)")
        self.saved: list[dict[str, Any]] = []
        self.y = TOP
        self.page = 0
        self._start()

    def _start(self) -> None:
        c = self.c
        c.setFont(FONT, 7.5)
        c.setFillColor(GREY)
        c.drawString(MARGIN, PAGE_H - 11 * mm, _clean(f"{L('title', self.lang)} · {self.d.publisher}"))
        c.drawRightString(
            PAGE_W - MARGIN,
            PAGE_H - 11 * mm,
            f"{L('as_of', self.lang)} {day_words(self.d.as_of, self.lang)}",
        )
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        c.line(MARGIN, PAGE_H - 12.8 * mm, PAGE_W - MARGIN, PAGE_H - 12.8 * mm)
        self.y = TOP

    def new_page(self) -> None:
        self.saved.append(dict(self.c.__dict__))
        self.c._startPage()
        self.page += 1
        self._start()

    def room(self, h: float) -> None:
        if self.y - h < BOTTOM:
            self.new_page()

    def paragraph(self, text: str, style: ParagraphStyle, *, markup: bool = False, gap: float = 3) -> None:
        para = Paragraph(text if markup else escape(_clean(text)).replace("\n", "<br/>"), style)
        _, h = para.wrapOn(self.c, WIDTH, PAGE_H)
        self.room(h)
        self.y -= h
        para.drawOn(self.c, MARGIN, self.y)
        self.y -= gap

    def finish(self) -> bytes:
        self.saved.append(dict(self.c.__dict__))
        total = len(self.saved)
        for n, state in enumerate(self.saved, start=1):
            self.c.__dict__.update(state)
            self.c.setFont(FONT, 7)
            self.c.setFillColor(GREY)
            self.c.drawRightString(PAGE_W - MARGIN, 9 * mm, L("page", self.lang, n=n, total=total))
            Canvas.showPage(self.c)
        Canvas.save(self.c)
        return self.buf.getvalue()


class _Text:
    """Table text written as PDF operators straight into the page (one text object per row): reportlab's
    ``drawString`` builds a text object, formats its numbers and sets the colour per call, which is most of
    the time of a 10,000-row notice. The subset codes of a string are kept (a glyph keeps its code in the
    document), so repeated cells (dates, tiers, figures) are encoded once."""

    def __init__(self, c: Canvas, size: float) -> None:
        self.c = c
        self.font = pdfmetrics.getFont(FONT)
        self.size = size
        self.encoded: dict[str, str] = {}
        self.widths: dict[str, float] = {}

    def ops(self, text: str) -> str:
        found = self.encoded.get(text)
        if found is None:
            doc, font, size = self.c._doc, self.font, self.size
            found = " ".join(
                f"{font.getSubsetInternalName(subset, doc)} {size} Tf ({self.c._escape(t)}) Tj"
                for subset, t in font.splitString(text, doc)
            )
            self.encoded[text] = found
        return found

    def width(self, text: str) -> float:
        found = self.widths.get(text)
        if found is None:
            found = self.widths[text] = sum(_w(ch, self.size) for ch in text)
        return found

    def row(self, cells: list[tuple[list[str], float, float, bool, Any]], top: float) -> None:
        """Each cell: its lines, x, width, right-aligned, colour."""
        code = self.c._code
        colour = None
        code.append("BT")
        for lines, x, w, right, ink in cells:
            if ink is not colour:
                code.append(f"{ink.red:.3f} {ink.green:.3f} {ink.blue:.3f} rg")
                colour = ink
            y = top - PAD - SIZE
            for line in lines:
                if line:
                    at = x + w - PAD - self.width(line) if right else x + PAD
                    code.append(f"1 0 0 1 {at:.2f} {y:.2f} Tm {self.ops(line)}")
                y -= LEADING
        code.append("ET")


def _table(
    p: _Pages,
    heads: Sequence[str],
    widths: Sequence[float],
    rows: Sequence[Sequence[str]],
    *,
    right: frozenset[int] = frozenset(),
    shade: Callable[[int], bool] = lambda i: i % 2 == 1,
) -> None:
    """A table drawn row by row, its header repeated on every page; cells wrap (at most 3 lines)."""
    scale = WIDTH / sum(widths)
    cols = [w * scale for w in widths]
    xs = [MARGIN]
    for w in cols:
        xs.append(xs[-1] + w)
    c = p.c
    text = _Text(c, SIZE)
    fits: dict[str, list[str]] = {}

    def lines_of(raw: str, i: int) -> list[str]:
        key = f"{i}\x00{raw}"
        found = fits.get(key)
        if found is None:
            value = _clean(raw)
            room = cols[i] - 2 * PAD
            found = [value] if "\n" not in value and text.width(value) <= room else wrap(value, room)
            if len(fits) < 50_000:
                fits[key] = found
        return found

    def header() -> None:
        lines = [wrap(_clean(h), cols[i] - 2 * PAD, SIZE, 2) for i, h in enumerate(heads)]
        h = max(len(x) for x in lines) * LEADING + 2 * PAD
        p.room(h + LEADING + 2 * PAD)
        c.setFillColor(BLUE_BG)
        c.rect(MARGIN, p.y - h, WIDTH, h, stroke=0, fill=1)
        text.row([(cell, xs[i], cols[i], i in right, BLUE) for i, cell in enumerate(lines)], p.y)
        c.setStrokeColor(BLUE)
        c.setLineWidth(0.7)
        c.line(MARGIN, p.y - h, MARGIN + WIDTH, p.y - h)
        p.y -= h

    header()
    for n, row in enumerate(rows):
        lines = [lines_of(v, i) for i, v in enumerate(row)]
        h = max(len(x) for x in lines) * LEADING + 2 * PAD
        if p.y - h < BOTTOM:
            p.new_page()
            header()
        if shade(n):
            c.setFillColor(LIGHT)
            c.rect(MARGIN, p.y - h, WIDTH, h, stroke=0, fill=1)
        text.row(
            [
                (cell, xs[i], cols[i], i in right, RED if cell and cell[0] == SUPPRESSED else INK)
                for i, cell in enumerate(lines)
            ],
            p.y,
        )
        p.y -= h
    c.setStrokeColor(RULE)
    c.setLineWidth(0.5)
    c.line(MARGIN, p.y, MARGIN + WIDTH, p.y)
    p.y -= 8


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("d_base", fontName=FONT, fontSize=9, leading=13, textColor=INK, wordWrap="CJK")
    return {
        "title": ParagraphStyle("d_title", parent=base, fontSize=20, leading=26, textColor=BLUE, alignment=1),
        "subtitle": ParagraphStyle("d_sub", parent=base, fontSize=10.5, leading=15, textColor=GREY, alignment=1),
        "h": ParagraphStyle("d_h", parent=base, fontSize=12, leading=17, textColor=BLUE, spaceBefore=4),
        "body": base,
        "small": ParagraphStyle("d_small", parent=base, fontSize=8, leading=11, textColor=GREY),
        "key": ParagraphStyle("d_key", parent=base, fontSize=9.5, leading=14),
    }


def _n(value: Any) -> str:
    return "—" if value is None else f"{value:.2f}"


def _group_row(d: Disclosure, g: GroupFigures, lang: str) -> list[str]:
    region = (
        L("all_regions", lang) if g.region is None else f"{g.region} {g.region_name.get(lang) if g.region_name else ''}"
    )
    dims = d.dimensions.get(g.category, [])
    if g.dimension_means is None:
        means = SUPPRESSED
    else:
        sep = "；" if lang == "zh" else "; "
        means = sep.join(f"{x.id} {_n(g.dimension_means.get(x.id))}" for x in dims)
    return [
        region.strip(),
        g.category_title.get(lang),
        SUPPRESSED if g.suppressed else str(g.size),
        grades_text(d, g, lang),
        SUPPRESSED if g.suppressed else _n(g.mean_total),
        means,
    ]


def render_disclosure(d: Disclosure, *, lang: str = "zh") -> RenderedDisclosure:
    """The unsigned PDF and where its signature box is (page streams Flate-compressed without the ASCII85
    layer: reportlab's pure-Python ASCII85 took a second of a 400-page notice and makes the file larger)."""
    was = rl_config.useA85
    rl_config.useA85 = 0
    try:
        return _render(d, lang)
    finally:
        rl_config.useA85 = was


def _render(d: Disclosure, lang: str) -> RenderedDisclosure:
    _font_chars()
    lang = "en" if lang == "en" else "zh"
    st = _styles()
    p = _Pages(d, lang)
    sep = "：" if lang == "zh" else ": "
    p.paragraph(L("title", lang), st["title"], gap=2)
    p.paragraph(L("subtitle", lang), st["subtitle"], gap=8)
    period = L(
        "period_text",
        lang,
        first=day_words(d.notice.first, lang),
        end=day_words(d.notice.end, lang),
        n=d.notice.working_days,
    )
    facts = [
        (L("publisher", lang), d.publisher),
        (L("published", lang), day_words(d.notice.published, lang)),
        (L("period", lang), period),
        (L("deadline", lang), day_words(d.notice.end, lang)),
        (L("contact", lang), d.contact or L("no_contact", lang)),
    ]
    for key, value in facts:
        p.paragraph(
            f"<font color='#616E7C'>{escape(key)}{sep}</font>{escape(_clean(value)).replace(chr(10), '<br/>')}",
            st["key"],
            markup=True,
            gap=1,
        )
    p.y -= 4
    p.paragraph(L("how_title", lang), st["h"])
    p.paragraph(L("how", lang), st["body"], gap=4)
    p.paragraph(L("counted", lang), st["small"], gap=8)

    # the statistics
    p.paragraph(L("stats", lang), st["h"])
    stat_rows = [_group_row(d, g, lang) for g in [*d.categories, *d.groups]]
    if stat_rows:
        _table(
            p,
            [
                L(k, lang)
                for k in ("col_region", "col_category", "col_entities", "col_grades", "col_mean", "col_dim_means")
            ],
            [34, 30, 14, 62, 16, 90],
            stat_rows,
            right=frozenset({2, 4}),
        )
        p.paragraph(L("footnote", lang, n=d.min_group), st["small"], gap=8)
    else:
        p.paragraph(L("none", lang), st["body"])

    # one table per category
    for cat, dims in d.dimensions.items():
        rows = [r for r in d.rows if r.category == cat]
        if not rows:
            continue
        p.room(17 + 11 + 4 * LEADING + 6 * PAD)  # the heading, its legend, the table's header and a row
        p.paragraph(f"{L('entities_title', lang)} · {rows[0].category_title.get(lang)}", st["h"])
        if dims:
            legend = ("；" if lang == "zh" else "; ").join(f"{x.id} {x.title.get(lang)}" for x in dims)
            p.paragraph(legend, st["small"], gap=4)
        heads = [
            L("col_entity", lang),
            L("col_uscc", lang),
            L("col_region", lang),
            L("col_tier", lang),
            L("col_result", lang),
            L("col_total", lang),
            *(x.id for x in dims),
            L("col_assessed", lang),
            L("col_valid", lang),
            L("col_assessor", lang),
        ]
        widths = [46, 34, 34, 17, 20, 11, *([11] * len(dims)), 16, 16, 36]
        body = [
            [
                r.entity,
                r.uscc,
                f"{r.region} {r.region_name.get(lang)}" if r.region_name else r.region,
                r.tier_title.get(lang),
                r.result.get(lang),
                _n(r.total),
                *(_n(r.dimensions.get(x.id)) for x in dims),
                r.assessed_on.isoformat() if r.assessed_on else "—",
                r.valid_until.isoformat() if r.valid_until else "—",
                r.assessor or "—",
            ]
            for r in rows
        ]
        right = frozenset({5, *range(6, 6 + len(dims))})
        _table(p, heads, widths, body, right=right)
    if not d.rows:
        p.paragraph(L("none", lang), st["body"])

    # the signature box, at the lower right after the content
    p.room(SIGNATURE_H + 40)
    p.paragraph(L("verify", lang), st["small"], gap=14)
    x2 = PAGE_W - MARGIN
    top = p.y - 12
    box = (x2 - SIGNATURE_W, top - SIGNATURE_H, x2, top)
    p.c.setStrokeColor(RULE)
    p.c.setLineWidth(0.8)
    p.c.rect(box[0], box[1], SIGNATURE_W, SIGNATURE_H)
    p.c.setFont(FONT, 8)
    p.c.setFillColor(GREY)
    p.c.drawCentredString((box[0] + box[2]) / 2, box[3] + 3, L("signature", lang))
    page = p.page
    pdf = p.finish()
    return RenderedDisclosure(pdf, (page, box), page + 1)
