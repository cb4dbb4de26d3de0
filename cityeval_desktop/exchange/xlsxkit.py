"""Small openpyxl helpers shared by the workbooks: clean text, widths, styles, atomic save (loading: xlsx_reader)."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cityeval_desktop.store.files import write_output

MAX_CELL_TEXT = 32_767
# XML 1.0 forbids C0 controls (but tab, LF, CR), lone surrogates and U+FFFE/U+FFFF;
# openpyxl (lxml) refuses them and LibreOffice/Excel would have to "repair" the file.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")

HEADER = "ce_header"
TEXT = "ce_text"
WRAP = "ce_wrap"
SCORE = "ce_score"
PERCENT = "ce_percent"
INTEGER = "ce_integer"
NUMBER = "ce_number"
DATETIME = "ce_datetime"
INPUT = "ce_input"
INPUT_WRAP = "ce_input_wrap"
LABEL = "ce_label"
TITLE = "ce_title"

_THIN = Side(style="thin", color="B7C3D0")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def clean_text(value: str) -> str:
    """Text Excel and LibreOffice accept as is: no XML-invalid characters, within the cell limit."""
    text = _BAD_XML.sub("", value)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


def sheet_title(name: str) -> str:
    """A legal sheet name: no []:*?/\\, not quoted, at most 31 characters."""
    title = _SHEET_BAD.sub("_", clean_text(name)).strip("'") or "Sheet"
    return title[:31]


def set_value(cell: Cell, value: Any, style: str | None = None) -> Cell:
    """Write a value; text is cleaned and never becomes a formula, datetimes lose their zone (UTC)."""
    if isinstance(value, str):
        cell.value = clean_text(value)
        if cell.data_type == "f":  # a text starting with "=" stays text
            cell.data_type = "s"
    elif isinstance(value, datetime):
        cell.value = naive_utc(value)
    else:
        cell.value = value
    if style is not None:
        cell.style = style
    return cell


def naive_utc(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo is not None else value


def number_cell_value(value: Decimal | int) -> Decimal | int | str:
    """A number as written to a cell: exact through openpyxl's 16-digit output, else as text."""
    if isinstance(value, int):
        return value if abs(value) < 10**15 else str(value)
    digits = value.normalize().as_tuple().digits
    return value if len(digits) <= 15 else format(value, "f")


def display_width(text: str) -> int:
    """Columns a line of text takes: CJK and other wide characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        value = f"{value:.2f}"
    elif isinstance(value, datetime):
        return 19
    return max((display_width(line) for line in str(value).splitlines()), default=0)


def set_widths(ws: Worksheet, widths: Iterable[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def fit_widths(
    ws: Worksheet,
    rows: Iterable[Iterable[Any]],
    *,
    minimum: float = 6,
    maximum: float = 60,
    fixed: dict[int, float] | None = None,
) -> list[float]:
    """Set column widths from the widest value of each column (1-based ``fixed`` widths win)."""
    widest: dict[int, int] = {}
    for row in rows:
        for col, value in enumerate(row, start=1):
            w = text_width(value)
            if w > widest.get(col, 0):
                widest[col] = w
    out = []
    for col in range(1, max(widest, default=0) + 1):
        width = (fixed or {}).get(col)
        if width is None:
            width = min(maximum, max(minimum, widest.get(col, 0) + 2))
        ws.column_dimensions[get_column_letter(col)].width = width
        out.append(width)
    return out


def row_height(texts: Iterable[tuple[Any, float]], *, line: float = 15.0, cap: float = 300.0) -> float | None:
    """A row height that shows wrapped text: lines needed for each (text, column width)."""
    lines = 1
    for value, width in texts:
        if value is None:
            continue
        usable = max(4.0, width - 1)
        n = 0
        for part in str(value).splitlines() or [""]:
            n += max(1, -(-display_width(part) // int(usable)))
        lines = max(lines, n)
    return None if lines <= 1 else min(cap, lines * line)


def add_styles(wb: Workbook) -> None:
    """Register the shared named styles once (cells refer to them by name: no per-cell style objects)."""
    font = Font(name="Calibri", size=10)
    styles = [
        NamedStyle(
            HEADER,
            font=Font(name="Calibri", size=10, bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor="1F4E79"),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            border=_BORDER,
        ),
        NamedStyle(TEXT, font=font, alignment=Alignment(vertical="top")),
        NamedStyle(WRAP, font=font, alignment=Alignment(vertical="top", wrap_text=True)),
        NamedStyle(SCORE, font=font, number_format="0.00", alignment=Alignment(vertical="top")),
        NamedStyle(PERCENT, font=font, number_format="0.0%", alignment=Alignment(vertical="top")),
        NamedStyle(INTEGER, font=font, number_format="0", alignment=Alignment(vertical="top")),
        NamedStyle(NUMBER, font=font, number_format="General", alignment=Alignment(vertical="top")),
        NamedStyle(DATETIME, font=font, number_format="yyyy-mm-dd hh:mm:ss", alignment=Alignment(vertical="top")),
        NamedStyle(
            INPUT,
            font=font,
            fill=PatternFill("solid", fgColor="FFF9DB"),
            border=_BORDER,
            alignment=Alignment(vertical="top"),
        ),
        NamedStyle(
            INPUT_WRAP,
            font=font,
            fill=PatternFill("solid", fgColor="FFF9DB"),
            border=_BORDER,
            alignment=Alignment(vertical="top", wrap_text=True),
        ),
        NamedStyle(LABEL, font=Font(name="Calibri", size=10, bold=True), alignment=Alignment(vertical="top")),
        NamedStyle(TITLE, font=Font(name="Calibri", size=14, bold=True, color="1F4E79")),
    ]
    for style in styles:
        if style.name in (INPUT, INPUT_WRAP):
            style.protection = Protection(locked=False)
        wb.add_named_style(style)


def fit_to_width(ws: Worksheet, *, landscape: bool = True) -> None:
    """Print on pages one sheet wide (landscape), repeating nothing else."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_header(ws: Worksheet, labels: list[str], row: int = 1) -> None:
    for col, text in enumerate(labels, start=1):
        set_value(ws.cell(row=row, column=col), text, HEADER)


def save_atomically(wb: Workbook, out: Path) -> None:
    """Save atomically (``store/files.py``: the folder must exist, devices and links are refused).

    The workbook is zipped in memory first and written in one piece: openpyxl leaves its zip open when a
    write fails (a full disk), and the zip's clean-up then prints a traceback long after the error message.
    """
    buffer = io.BytesIO()
    wb.save(buffer)
    write_output(out, buffer.getvalue())


_BOOL_FORMULAS = {"=TRUE()": True, "=TRUE": True, "=FALSE()": False, "=FALSE": False}


def cell_value(cell: Any) -> Any:
    """A cell's value; LibreOffice stores TRUE/FALSE as the formulas =TRUE()/=FALSE(): those become bools."""
    value = cell.value
    if cell.data_type == "f" and isinstance(value, str):
        constant = _BOOL_FORMULAS.get(value.replace(" ", "").upper())
        if constant is not None:
            return constant
    return value


def is_formula(cell: Any) -> bool:
    """A real formula (not LibreOffice's constant =TRUE()/=FALSE())."""
    return cell.data_type == "f" and not isinstance(cell_value(cell), bool)


def cell_text(value: Any) -> str:
    """A cell value shown as text (numbers exactly as Python reads them back)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        d = Decimal(repr(value))
        return format(d.normalize(), "f") if d == d.to_integral_value() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)
