"""The regional view as a workbook (issue 13 §2.4): about, entities, region × category, dimension means,
self-checks, self-check vs third-party, and native charts.

The figures come ready from ``services.region_workbook`` (which reads them from ``services.region``);
this module only lays them out. Rows are streamed (openpyxl write-only mode): 10,000 entity rows cost
seconds and a few tens of MB, not the hundreds a workbook held in memory would. Every number is a
number cell (totals and scores with 2 decimals), every text header is in the workbook's language.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import to_excel

from cityeval_desktop.domain import result_text
from cityeval_desktop.domain.framework import CATEGORIES
from cityeval_desktop.domain.regions import region_name
from cityeval_desktop.domain.text import Text
from cityeval_desktop.exchange import xlsxkit as kit

__all__ = [
    "SHEETS",
    "Comparison",
    "DimensionFigure",
    "EntityLine",
    "GroupLine",
    "RegionBook",
    "render_region_workbook",
]

T = Text
SHEETS: dict[str, Text] = {
    "about": T("说明", "About"),
    "entities": T("主体", "Entities"),
    "regions": T("区域×类别", "Regions"),
    "dimensions": T("维度均值", "Dimension means"),
    "self": T("自评", "Self-checks"),
    "delta": T("自评对比", "Self vs third-party"),
    "charts": T("图表", "Charts"),
}
#: the regions shown beside the national mean in a category's dimension chart (the most entities first;
#: every region's figures are in the dimension means sheet)
CHART_REGIONS = 8

# styles of this workbook beside the shared ones of ``xlsxkit``
_DATE = "ce_rx_date"
_FLAG_TEXT = "ce_rx_flag_text"
_FLAG_SCORE = "ce_rx_flag_score"
_FLAG_DATE = "ce_rx_flag_date"
_SELF_HEADER = "ce_rx_self_header"
_WEAK = "ce_rx_weak"
#: untrusted rows (shown, not counted) are filled with this colour
UNTRUSTED_FILL = "FCE4D6"
_THIN = Side(style="thin", color="B7C3D0")
_COLUMNS = ["", *(get_column_letter(c) for c in range(1, 200))]


class EntityLine(NamedTuple):
    """One revision of the entity or self-check table (ids, not words: the writer words them)."""

    ref: str
    entity: str
    uscc: str
    registration_region: str
    service_region: str
    category: str
    tier: str
    grade: str  # a grade id, ``vetoed`` or ``none``
    total: Decimal | None
    vetoed: bool
    assessor_org: str
    finalized: date | None
    valid_until: date | None
    trusted: bool
    counted: bool
    dimensions: dict[str, Decimal | None]


class DimensionFigure(NamedTuple):
    id: str
    mean: Decimal | None
    national: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        return None if self.mean is None or self.national is None else self.mean - self.national


class GroupLine(NamedTuple):
    region: str
    category: str
    entities: int
    grades: dict[str, int]
    mean_total: Decimal | None
    median_total: Decimal | None
    vetoed: int
    expiring: int
    untrusted_left_out: int
    self_checks: int
    self_mean_total: Decimal | None
    dimensions: list[DimensionFigure]
    weak: list[str]


class Comparison(NamedTuple):
    """An entity's self-check against its counted third-party result in one category: the totals and
    per dimension the cached scores (``lines``: dimension id, self, third-party)."""

    uscc: str
    entity: str
    category: str
    self_ref: str
    third_ref: str
    self_total: Decimal | None
    third_total: Decimal | None
    self_grade: str
    third_grade: str
    lines: list[tuple[str, Decimal | None, Decimal | None]]

    @property
    def total_difference(self) -> Decimal | None:
        if self.self_total is None or self.third_total is None:
            return None
        return self.self_total - self.third_total


@dataclass
class RegionBook:
    """Everything the workbook shows, gathered by ``services.region_workbook``."""

    as_of: date
    by: str
    include_untrusted: bool
    category: str | None
    tier: str | None
    region: str | None
    generated_at: datetime
    entities: list[EntityLine]
    groups: list[GroupLine]
    self_checks: list[EntityLine]
    comparisons: list[Comparison]
    #: dimension ids per category in framework order, with their titles by (category, id)
    dimension_ids: dict[str, list[str]]
    dimension_titles: dict[tuple[str, str], Text]
    grade_titles: dict[tuple[str, str], Text]
    tier_titles: dict[tuple[str, str], Text]
    warnings: list[Text] = field(default_factory=list)
    #: what the comparison sheet compares (the service's words: per dimension from the cached scores)
    comparison_note: Text = field(default_factory=lambda: T("", ""))


# ----------------------------------------------------------------------------- words
class _Words:
    """The words of one language, computed once per workbook (10,000 rows ask for the same few)."""

    def __init__(self, book: RegionBook, lang: str) -> None:
        self.lang = lang
        self.book = book
        self._regions: dict[str, str] = {}
        self._grades: dict[tuple[str, str], str] = {}
        self.yes, self.no = ("是", "否") if lang == "zh" else ("yes", "no")

    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def region(self, code: str) -> str:
        found = self._regions.get(code)
        if found is None:
            name = region_name(code)
            found = name.get(self.lang) if name else self.t("（未知代码）", "(unknown code)")
            self._regions[code] = found
        return found

    def category(self, category: str) -> str:
        title = CATEGORIES.get(category)
        return title.get(self.lang) if title else category

    def tier(self, category: str, tier: str) -> str:
        title = self.book.tier_titles.get((category, tier))
        return title.get(self.lang) if title else tier

    def grade(self, category: str, grade: str) -> str:
        key = (category, grade)
        found = self._grades.get(key)
        if found is None:
            if grade == "vetoed":
                found = self.t("否决", "vetoed")
            elif grade == "none":
                found = self.t("无等级", "no grade")
            else:
                title = self.book.grade_titles.get(key)
                found = result_text.grade_id_words(grade, title).get(self.lang) if title else grade
            self._grades[key] = found
        return found

    def dimension(self, category: str, dim: str) -> str:
        title = self.book.dimension_titles.get((category, dim))
        return f"{dim} {title.get(self.lang)}" if title else dim

    def flag(self, value: bool) -> str:
        return self.yes if value else self.no


# ----------------------------------------------------------------------------- cells
class _Sheet:
    """A sheet whose rows are written as SpreadsheetML text here, not as openpyxl cells.

    openpyxl lays out everything around the rows (widths, frozen header, filter, print setup, charts,
    the named styles); the rows of a 10,000-entity workbook as openpyxl cells took most of half a
    minute, as text they take a second. Each cell refers to a named style by its index in the
    workbook's style table (the same ``ce_*`` styles the other workbooks use); text is cleaned
    (``xlsxkit.clean_text``) and stored inline, numbers are numbers, dates serial days with a date
    format. :func:`render_region_workbook` puts the rows into the sheets openpyxl wrote.
    """

    def __init__(self, wb: Workbook, title: str) -> None:
        self.ws = wb.create_sheet(kit.sheet_title(title))
        self._ids: dict[str, int] = {}
        self.rows = 0
        self.xml: list[str] = []

    def _style_id(self, style: str) -> int:
        found = self._ids.get(style)
        if found is None:
            proto = Cell(self.ws, row=1, column=1)
            proto.style = style
            found = self._ids[style] = proto.style_id
        return found

    def widths(
        self, rows: Iterable[Sequence[Any]], *, maximum: float = 40, fixed: dict[int, float] | None = None
    ) -> None:
        """Column widths from the widest value of each column (wide CJK characters count double)."""
        widest: dict[int, int] = {}
        for row in rows:
            for col, value in enumerate(row, start=1):
                if value is None:
                    continue
                now = widest.get(col, 0)
                if isinstance(value, str):
                    # the display width (``xlsxkit.display_width``: CJK counts double) of one line, from
                    # its UTF-8 length: CJK takes 3 bytes, ASCII 1 (10,000 names measured in C, not per
                    # character); lines of wrapped text are measured one by one
                    w = max((len(p) + len(p.encode("utf-8"))) // 2 for p in value.split("\n"))
                else:
                    w = 10
                if w > now:
                    widest[col] = w
        for col in range(1, max(widest, default=0) + 1):
            width = (fixed or {}).get(col) or min(maximum, max(6, widest.get(col, 0) + 2))
            self.ws.column_dimensions[get_column_letter(col)].width = width

    def append(self, values: Sequence[Any], styles: Sequence[str], *, height: float | None = None) -> None:
        self.rows += 1
        n = self.rows
        cells = []
        for col, (value, style) in enumerate(zip(values, styles, strict=False), start=1):
            if value is None:
                continue
            ref = f"{_COLUMNS[col]}{n}"
            sid = self._style_id(style)
            if isinstance(value, str):
                text = escape(kit.clean_text(value))
                space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
                cells.append(f'<c r="{ref}" s="{sid}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif isinstance(value, bool):
                cells.append(f'<c r="{ref}" s="{sid}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, Decimal):
                cells.append(f'<c r="{ref}" s="{sid}"><v>{kit.number_cell_value(value)}</v></c>')
            elif isinstance(value, int | float):
                cells.append(f'<c r="{ref}" s="{sid}"><v>{value!r}</v></c>')
            elif isinstance(value, datetime | date):
                moment = kit.naive_utc(value) if isinstance(value, datetime) else value
                cells.append(f'<c r="{ref}" s="{sid}"><v>{to_excel(moment)!r}</v></c>')
            else:
                raise TypeError(f"no cell for {type(value).__name__}")
        tall = f' ht="{height:g}" customHeight="1"' if height else ""
        self.xml.append(f'<row r="{n}"{tall}>{"".join(cells)}</row>')

    def header(self, labels: Sequence[str], styles: Sequence[str] | None = None) -> None:
        self.append(labels, styles or [kit.HEADER] * len(labels))

    def table(
        self,
        labels: list[str],
        rows: list[list[Any]],
        styles: list[str] | Any,
        *,
        header_styles: list[str] | None = None,
        freeze: str = "A2",
        maximum: float = 40,
        fixed: dict[int, float] | None = None,
    ) -> None:
        """A header row, frozen, with a filter, and the rows; ``styles`` a list or ``f(row) -> list``."""
        self.widths([labels, *rows], maximum=maximum, fixed=fixed)
        self.ws.freeze_panes = freeze
        self.ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(labels)))}{max(2, len(rows) + 1)}"
        self.header(labels, header_styles)
        for row in rows:
            self.append(row, styles(row) if callable(styles) else styles)


def _add_styles(wb: Workbook) -> None:
    kit.add_styles(wb)
    font = Font(name="Calibri", size=10)
    fill = PatternFill("solid", fgColor=UNTRUSTED_FILL)
    top = Alignment(vertical="top")
    for style in (
        NamedStyle(_DATE, font=font, number_format="yyyy-mm-dd", alignment=top),
        NamedStyle(_FLAG_TEXT, font=font, fill=fill, alignment=top),
        NamedStyle(_FLAG_SCORE, font=font, fill=fill, number_format="0.00", alignment=top),
        NamedStyle(_FLAG_DATE, font=font, fill=fill, number_format="yyyy-mm-dd", alignment=top),
        NamedStyle(
            _SELF_HEADER,
            font=Font(name="Calibri", size=10, bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor="C65911"),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            border=Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN),
        ),
        NamedStyle(_WEAK, font=Font(name="Calibri", size=10, bold=True, color="C00000"), alignment=top),
    ):
        wb.add_named_style(style)


def _score(value: Decimal | None) -> Decimal | None:
    """A shown figure as a number cell with its 2 decimals (Decimal: written exactly)."""
    return None if value is None else value.quantize(Decimal("0.01"))


# ----------------------------------------------------------------------------- the workbook
def render_region_workbook(book: RegionBook, lang: str = "zh") -> bytes:
    """The ``.xlsx`` bytes of ``book`` in ``lang`` (zh or en), to be written atomically by the caller."""
    lang = "en" if lang == "en" else "zh"
    w = _Words(book, lang)
    wb = Workbook(write_only=True)
    _add_styles(wb)
    columns = [(cat, d) for cat in CATEGORIES for d in book.dimension_ids.get(cat, [])]
    grade_ids = _grade_columns(book)
    sheets = [
        _about(wb, book, w, grade_ids),
        _entities(wb, book, w, columns),
        _regions(wb, book, w, grade_ids),
        _dimensions(wb, book, w),
        _self_checks(wb, book, w, columns),
        _comparisons(wb, book, w),
        _charts(wb, book, w, grade_ids),
    ]
    for sheet in sheets:
        _print_setup(sheet.ws, w)
    wb.properties.title = w.t("区域视图", "Regional view") + f" {book.as_of.isoformat()}"
    wb.properties.creator = "CityEval Desktop"
    buffer = io.BytesIO()
    wb.save(buffer)
    return _with_rows(buffer.getvalue(), [sheet.xml for sheet in sheets])


def _with_rows(package: bytes, rows: list[list[str]]) -> bytes:
    """The workbook openpyxl wrote (every sheet with an empty ``sheetData``) with the rows put in: the
    n-th sheet is ``xl/worksheets/sheet<n>.xml``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst,
    ):
        names = {f"xl/worksheets/sheet{n}.xml": n - 1 for n in range(1, len(rows) + 1)}
        for info in src.infolist():
            data = src.read(info.filename)
            index = names.pop(info.filename, None)
            if index is not None:
                empty = b"<sheetData></sheetData>"
                if data.count(empty) != 1:
                    raise ValueError(f"{info.filename}: no empty sheetData to fill")
                data = data.replace(empty, ("<sheetData>" + "".join(rows[index]) + "</sheetData>").encode("utf-8"))
            dst.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
        if names:
            raise ValueError(f"sheets not written: {sorted(names)}")
    return out.getvalue()


def _grade_columns(book: RegionBook) -> list[str]:
    """The grade ids of the counted frameworks, highest first (framework order), then vetoed and none."""
    seen: dict[str, None] = {}
    for _cat, grade in book.grade_titles:
        seen.setdefault(grade, None)
    for g in book.groups:
        for grade in g.grades:
            if grade not in ("vetoed", "none"):
                seen.setdefault(grade, None)
    return [*seen, "vetoed", "none"]


def _grade_header(book: RegionBook, w: _Words, grade: str) -> str:
    if grade in ("vetoed", "none"):
        return w.grade("", grade)
    titles = {result_text.grade_id_words(g, t).get(w.lang) for (cat, g), t in book.grade_titles.items() if g == grade}
    return titles.pop() if len(titles) == 1 else grade


def _about(wb: Workbook, book: RegionBook, w: _Words, grade_ids: list[str]) -> _Sheet:
    sheet = _Sheet(wb, SHEETS["about"].get(w.lang))
    t = w.t
    basis = t("注册地（统一社会信用代码第 3–8 位）", "registration region (USCC positions 3-8)")
    if book.by != "registration":
        basis = t("服务区域（案例记录的服务区域）", "service region (the case's service region)")
    counted = sum(1 for e in book.entities if e.counted)
    shown_untrusted = len(book.entities) - counted
    regions = len({g.region for g in book.groups})
    rule = t(
        "按经营主体（统一社会信用代码）和类别，取最新的、已定稿的第三方评估修订版本（按定稿时间、再按修订号），"
        "须在统计日处于有效期内、未因异议成立被撤回、且由受信任的签名者签署（本库制作的视为受信任；导入的须在导入时"
        "签名链到信任库且之后未被吊销列表取消信任）。草稿从不计入；不受信任的结果列出并标明“不受信任（未计入）”、"
        "以底色标出，不计入统计"
        + ("（本工作簿使用了“包括不受信任”，它们也计入）" if book.include_untrusted else "")
        + "。自评结果单独列出，从不混入第三方统计。",
        "Per entity (USCC) and category the latest finalized third-party revision (by finalize time, then "
        "revision) that is valid on the as-of day, not withdrawn after an upheld objection, and signed by a "
        "trusted signer (made in this database, or imported with a signature chaining to the trust store and "
        "not distrusted by a revocation list since). Drafts never count; untrusted results are listed, marked "
        '"untrusted (not counted)" and filled, and left out of the statistics'
        + (" (this workbook includes untrusted results: they count too)" if book.include_untrusted else "")
        + ". Self-checks are listed apart and never mixed into the third-party figures.",
    )
    any_word = t("全部", "all")
    items: list[tuple[str, Any, str]] = [
        (t("区域视图工作簿", "Regional view workbook"), None, kit.TITLE),
        (t("统计日", "As of"), book.as_of, _DATE),
        (t("区域口径", "Regions by"), basis, kit.TEXT),
        (t("区域筛选", "Region filter"), book.region or any_word, kit.TEXT),
        (t("类别筛选", "Category filter"), w.category(book.category) if book.category else any_word, kit.TEXT),
        (t("服务级别筛选", "Tier filter"), book.tier or any_word, kit.TEXT),
        (t("包括不受信任的结果", "Untrusted results included"), w.flag(book.include_untrusted), kit.TEXT),
        (t("计入规则", "What counts"), rule, kit.WRAP),
        (t("自评对比", "Self vs third-party"), book.comparison_note.get(w.lang), kit.WRAP),
        (t("生成时间", "Generated"), book.generated_at, kit.DATETIME),
        (t("计入的第三方结果", "Counted third-party results"), counted, kit.INTEGER),
        (t("列出但未计入（不受信任）", "Listed, not counted (untrusted)"), shown_untrusted, kit.INTEGER),
        (t("区域数", "Regions"), regions, kit.INTEGER),
        (t("区域×类别组数", "Region × category groups"), len(book.groups), kit.INTEGER),
        (t("自评（不计入统计）", "Self-checks (not counted)"), len(book.self_checks), kit.INTEGER),
        (t("自评与第三方均有的主体与类别", "Entities and categories with both"), len(book.comparisons), kit.INTEGER),
    ]
    items += [(t("警告", "Warning"), warning.get(w.lang), kit.WRAP) for warning in book.warnings]
    sheet.ws.column_dimensions["A"].width = 30
    sheet.ws.column_dimensions["B"].width = 100
    for label, value, style in items:
        if style == kit.TITLE:
            sheet.append([label], [kit.TITLE])
            continue
        # wrapped paragraphs get the rows they need (column B is 100 wide)
        height = kit.row_height([(value, 85)]) if style == kit.WRAP else None
        sheet.append([label, value], [kit.LABEL, style], height=height)
    return sheet


def _entity_header(w: _Words, *, third_party: bool) -> list[str]:
    t = w.t
    labels = [
        t("案例", "Case"),
        t("经营主体名称", "Entity"),
        t("统一社会信用代码", "USCC"),
        t("注册地代码", "Registration region"),
        t("注册地", "Registration region name"),
        t("服务区域代码", "Service region"),
        t("服务区域", "Service region name"),
        t("类别", "Category"),
        t("服务级别", "Tier"),
        t("等级", "Grade"),
        t("总分", "Total"),
        t("否决", "Vetoed"),
        t("评估机构", "Assessor organisation"),
        t("定稿日期", "Finalized"),
        t("有效期至", "Valid until"),
    ]
    if third_party:
        labels += [t("受信任", "Trusted"), t("计入统计", "Counted"), t("标记", "Mark")]
    return labels


def _entity_rows(
    lines: list[EntityLine], w: _Words, columns: list[tuple[str, str]], *, third_party: bool
) -> list[list[Any]]:
    untrusted = w.t("不受信任（未计入）", "untrusted (not counted)")
    untrusted_counted = w.t("不受信任（已计入）", "untrusted (counted)")
    rows = []
    for e in lines:
        row: list[Any] = [
            e.ref,
            e.entity,
            e.uscc,
            e.registration_region,
            w.region(e.registration_region),
            e.service_region,
            w.region(e.service_region),
            w.category(e.category),
            w.tier(e.category, e.tier),
            w.grade(e.category, e.grade),
            _score(e.total),
            w.flag(e.vetoed),
            e.assessor_org,
            e.finalized,
            e.valid_until,
        ]
        if third_party:
            mark = "" if e.trusted else (untrusted_counted if e.counted else untrusted)
            row += [w.flag(e.trusted), w.flag(e.counted), mark or None]
        dims = e.dimensions
        row += [_score(dims.get(d)) if cat == e.category else None for cat, d in columns]
        rows.append(row)
    return rows


def _entity_styles(n_fixed: int, n_dims: int, flagged: bool) -> list[str]:
    text, score, day = (_FLAG_TEXT, _FLAG_SCORE, _FLAG_DATE) if flagged else (kit.TEXT, kit.SCORE, _DATE)
    styles = [text] * 10 + [score, text, text, day, day] + [text] * (n_fixed - 15)
    return styles + [score] * n_dims


def _dimension_headers(w: _Words, columns: list[tuple[str, str]]) -> list[str]:
    several = len({cat for cat, _ in columns}) > 1
    return [(f"{w.category(cat)}·" if several else "") + w.dimension(cat, d) for cat, d in columns]


def _entities(wb: Workbook, book: RegionBook, w: _Words, columns: list[tuple[str, str]]) -> _Sheet:
    sheet = _Sheet(wb, SHEETS["entities"].get(w.lang))
    labels = _entity_header(w, third_party=True)
    n = len(labels)
    labels += _dimension_headers(w, columns)
    rows = _entity_rows(book.entities, w, columns, third_party=True)
    plain, flagged = _entity_styles(n, len(columns), False), _entity_styles(n, len(columns), True)
    yes = w.yes
    sheet.table(labels, rows, lambda row: plain if row[15] == yes else flagged, freeze="C2")
    return sheet


def _regions(wb: Workbook, book: RegionBook, w: _Words, grade_ids: list[str]) -> _Sheet:
    sheet = _Sheet(wb, SHEETS["regions"].get(w.lang))
    t = w.t
    labels = [t("区域代码", "Region"), t("区域名称", "Region name"), t("类别", "Category"), t("主体数", "Entities")]
    labels += [_grade_header(book, w, g) for g in grade_ids]
    labels += [
        t("平均分", "Mean total"),
        t("中位数", "Median total"),
        t("否决数", "Vetoed"),
        t("90 天内到期", "Expiring in 90 days"),
        t("未计入的不受信任结果", "Untrusted left out"),
        t("短板", "Weak dimensions (短板)"),
        t("自评数（不计入统计）", "Self-checks (not counted)"),
        t("自评平均分（不计入统计）", "Self-check mean (not counted)"),
    ]
    header_styles = [kit.HEADER] * (len(labels) - 2) + [_SELF_HEADER] * 2
    styles = [kit.TEXT] * 3 + [kit.INTEGER] * (1 + len(grade_ids)) + [kit.SCORE] * 2 + [kit.INTEGER] * 3
    styles += [kit.TEXT, kit.INTEGER, kit.SCORE]
    rows = [
        [
            g.region,
            w.region(g.region),
            w.category(g.category),
            g.entities,
            *(g.grades.get(grade, 0) for grade in grade_ids),
            _score(g.mean_total),
            _score(g.median_total),
            g.vetoed,
            g.expiring,
            g.untrusted_left_out,
            "、".join(w.dimension(g.category, d) for d in g.weak)
            if w.lang == "zh"
            else ", ".join(w.dimension(g.category, d) for d in g.weak),
            g.self_checks,
            _score(g.self_mean_total),
        ]
        for g in book.groups
    ]
    sheet.table(labels, rows, styles, header_styles=header_styles, freeze="D2")
    return sheet


def _dimensions(wb: Workbook, book: RegionBook, w: _Words) -> _Sheet:
    sheet = _Sheet(wb, SHEETS["dimensions"].get(w.lang))
    t = w.t
    labels = [
        t("区域代码", "Region"),
        t("区域名称", "Region name"),
        t("类别", "Category"),
        t("维度", "Dimension"),
        t("维度名称", "Dimension title"),
        t("区域平均分", "Regional mean"),
        t("全库平均分", "National mean"),
        t("差距", "Gap"),
        t("短板", "Weak (短板)"),
        t("短板排序", "Weak rank"),
    ]
    rows, style_rows = [], []
    plain = [kit.TEXT] * 5 + [kit.SCORE] * 3 + [kit.TEXT, kit.INTEGER]
    weak_styles = [*plain[:8], _WEAK, kit.INTEGER]
    for g in book.groups:
        rank = {d: n for n, d in enumerate(g.weak, start=1)}
        for d in g.dimensions:
            title = book.dimension_titles.get((g.category, d.id))
            weak = d.id in rank
            rows.append(
                [
                    g.region,
                    w.region(g.region),
                    w.category(g.category),
                    d.id,
                    title.get(w.lang) if title else d.id,
                    _score(d.mean),
                    _score(d.national),
                    _score(d.gap),
                    t("短板", "weak") if weak else None,
                    rank.get(d.id),
                ]
            )
            style_rows.append(weak_styles if weak else plain)
    styles = iter(style_rows)
    sheet.table(labels, rows, lambda _row: next(styles), freeze="E2")
    return sheet


def _self_checks(wb: Workbook, book: RegionBook, w: _Words, columns: list[tuple[str, str]]) -> _Sheet:
    sheet = _Sheet(wb, SHEETS["self"].get(w.lang))
    labels = _entity_header(w, third_party=False)
    n = len(labels)
    labels += _dimension_headers(w, columns)
    rows = _entity_rows(book.self_checks, w, columns, third_party=False)
    sheet.table(labels, rows, _entity_styles(n, len(columns), False), freeze="C2")
    return sheet


def _comparisons(wb: Workbook, book: RegionBook, w: _Words) -> _Sheet:
    sheet = _Sheet(wb, SHEETS["delta"].get(w.lang))
    t = w.t
    labels = [
        t("经营主体名称", "Entity"),
        t("统一社会信用代码", "USCC"),
        t("类别", "Category"),
        t("排序", "Rank"),
        t("项目", "Item"),
        t("名称", "Title"),
        t("自评", "Self-check"),
        t("第三方", "Third-party"),
        t("差（自评 − 第三方）", "Difference (self − third-party)"),
        t("自评案例", "Self-check case"),
        t("第三方案例", "Third-party case"),
        t("自评等级", "Self-check grade"),
        t("第三方等级", "Third-party grade"),
    ]
    styles = [kit.TEXT] * 3 + [kit.INTEGER, kit.TEXT, kit.TEXT] + [kit.SCORE] * 3 + [kit.TEXT] * 4
    total_styles = [kit.LABEL if s == kit.TEXT else s for s in styles]
    total_word = t("总分", "Total")
    rows: list[list[Any]] = []
    kinds: list[bool] = []
    for c in book.comparisons:
        head = [c.entity, c.uscc, w.category(c.category)]
        tail = [c.self_ref, c.third_ref, w.grade(c.category, c.self_grade), w.grade(c.category, c.third_grade)]
        rows.append(
            [
                *head,
                0,
                total_word,
                total_word,
                _score(c.self_total),
                _score(c.third_total),
                _score(c.total_difference),
                *tail,
            ]
        )
        kinds.append(True)
        ranked = _ranked_lines(c.lines)
        for n, (dim, mine, theirs) in enumerate(ranked, start=1):
            title = book.dimension_titles.get((c.category, dim))
            diff = None if mine is None or theirs is None else mine - theirs
            rows.append(
                [
                    *head,
                    n if diff is not None else None,
                    dim,
                    title.get(w.lang) if title else dim,
                    _score(mine),
                    _score(theirs),
                    _score(diff),
                    *tail,
                ]
            )
            kinds.append(False)
    marks = iter(kinds)
    sheet.table(labels, rows, lambda _row: total_styles if next(marks) else styles, freeze="D2", maximum=36)
    note = book.comparison_note.get(w.lang)
    if note:
        sheet.append([None], [kit.TEXT])
        sheet.append([note], [kit.TEXT])
    return sheet


def _ranked_lines(
    lines: list[tuple[str, Decimal | None, Decimal | None]],
) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """The dimensions where the entity over-rates itself most first (as ``region.Delta.ranked``), then
    those without both figures in framework order."""
    both = [x for x in lines if x[1] is not None and x[2] is not None]
    rest = [x for x in lines if x[1] is None or x[2] is None]
    return sorted(both, key=lambda x: (-(x[1] - x[2]), x[0])) + rest  # type: ignore[operator]


def _charts(wb: Workbook, book: RegionBook, w: _Words, grade_ids: list[str]) -> _Sheet:
    """The chart data as small tables with native bar charts beside them: the grade distribution per
    category, and per category the dimension means of the regions with the most entities against the
    national mean."""
    sheet = _Sheet(wb, SHEETS["charts"].get(w.lang))
    ws, t = sheet.ws, w.t
    categories = [c for c in CATEGORIES if any(g.category == c for g in book.groups)]
    ws.column_dimensions["A"].width = 26
    for col in range(2, 3 + max(len(categories), CHART_REGIONS)):
        ws.column_dimensions[get_column_letter(col)].width = 16
    # grade distribution: rows grade, columns category
    sheet.header([t("等级", "Grade"), *(w.category(c) for c in categories)])
    counts = {c: dict.fromkeys(grade_ids, 0) for c in categories}
    for g in book.groups:
        for grade, n in g.grades.items():
            counts[g.category][grade] = counts[g.category].get(grade, 0) + n
    top = sheet.rows
    for grade in grade_ids:
        sheet.append(
            [_grade_header(book, w, grade), *(counts[c][grade] for c in categories)],
            [kit.TEXT] + [kit.INTEGER] * len(categories),
        )
    anchors: list[tuple[BarChart, int]] = []
    if categories:
        chart = _bar(t("各类别等级分布（计入的第三方结果）", "Grades per category (counted third-party results)"))
        chart.add_data(
            Reference(ws, min_col=2, max_col=1 + len(categories), min_row=top, max_row=top + len(grade_ids)),
            titles_from_data=True,
        )
        chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + len(grade_ids)))
        chart.y_axis.title = t("主体数", "Entities")
        anchors.append((chart, top))
    # dimension means: one table and chart per category
    for cat in categories:
        groups = sorted((g for g in book.groups if g.category == cat), key=lambda g: (-g.entities, g.region))
        shown = groups[:CHART_REGIONS]
        dims = book.dimension_ids.get(cat, [])
        if not dims or not shown:
            continue
        sheet.append([None], [kit.TEXT])
        sheet.append([None], [kit.TEXT])
        sheet.append(
            [
                f"{w.category(cat)}：" + t("各维度平均分，区域与全库", "dimension means, regions and national")
                if w.lang == "zh"
                else f"{w.category(cat)}: dimension means, regions and national"
            ],
            [kit.LABEL],
        )
        labels = [t("维度", "Dimension"), t("全库", "National"), *(f"{g.region} {w.region(g.region)}" for g in shown)]
        sheet.header(labels)
        start = sheet.rows
        for d in dims:
            national = next((x.national for g in groups for x in g.dimensions if x.id == d), None)
            means = [next((x.mean for x in g.dimensions if x.id == d), None) for g in shown]
            sheet.append(
                [w.dimension(cat, d), _score(national), *(_score(m) for m in means)],
                [kit.TEXT] + [kit.SCORE] * (1 + len(shown)),
            )
        chart = _bar(
            f"{w.category(cat)}：" + t("维度平均分（区域与全库）", "")
            if w.lang == "zh"
            else f"{w.category(cat)}: dimension means (regions and national)"
        )
        chart.add_data(
            Reference(ws, min_col=2, max_col=2 + len(shown), min_row=start, max_row=start + len(dims)),
            titles_from_data=True,
        )
        chart.set_categories(Reference(ws, min_col=1, min_row=start + 1, max_row=start + len(dims)))
        chart.y_axis.scaling.min = 0
        chart.y_axis.title = t("平均分", "Mean score")
        anchors.append((chart, start))
    if not categories:
        sheet.append([t("没有计入的第三方评估结果，无图表", "no counted third-party result: no charts")], [kit.TEXT])
    col = get_column_letter(3 + max(len(categories), CHART_REGIONS))
    row = 1
    for chart, _start in anchors:
        ws.add_chart(chart, f"{col}{row}")
        row += 18
    return sheet


def _bar(title: str) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = title
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = 8.5, 18
    return chart


#: the column widths (characters) an A4 landscape page holds at about 90 % (Calibri 10 pt, default margins)
PAGE_WIDTH_CHARS = 150


def _print_setup(ws: Any, w: _Words) -> None:
    """A4 landscape (as ``xlsxkit.fit_to_width``; a streamed sheet has no PAPERSIZE_A4 constant), one page wide
    where the columns fit; a wider sheet (the entity table with a column per dimension) is printed as many
    pages wide as it needs, still legible, its frozen key columns repeated on each, not shrunk to one page of
    unreadable print."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9
    total = sum(d.width or 0 for d in ws.column_dimensions.values())
    ws.page_setup.fitToWidth = max(1, -(-int(total) // PAGE_WIDTH_CHARS))
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if ws.title not in (SHEETS["about"].zh, SHEETS["about"].en, SHEETS["charts"].zh, SHEETS["charts"].en):
        ws.print_title_rows = "1:1"
        frozen = "".join(c for c in (ws.freeze_panes or "") if c.isalpha())
        if ws.page_setup.fitToWidth > 1 and frozen not in ("", "A"):
            ws.print_title_cols = f"A:{get_column_letter(column_index_from_string(frozen) - 1)}"
    page = w.t("第 &P 页 / 共 &N 页", "Page &P of &N")
    for part in (ws.oddFooter, ws.evenFooter):
        part.center.text, part.center.size = page, 9
    for part in (ws.oddHeader, ws.evenHeader):
        part.right.text, part.right.size = ws.title, 9
