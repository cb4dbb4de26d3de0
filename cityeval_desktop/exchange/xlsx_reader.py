"""Loading an .xlsx that comes from outside: bounded before openpyxl parses anything, only the sheets asked for.

A workbook is a zip of XML parts, and every limit has to hold before the expensive step:

* the file: a regular file of at most :data:`MAX_WORKBOOK_BYTES` (``domain/files.py``);
* the zip: at most :data:`MAX_UNPACKED_BYTES` unpacked and at most :data:`MAX_RATIO` times its size
  (zip bombs);
* each part openpyxl parses (a sheet, the shared strings, the styles): at most :data:`MAX_PART_BYTES`
  unpacked, checked when the part is opened;
* only the sheets the caller reads are parsed; the others become empty stand-ins that keep their
  names and positions, so a workbook with many big unused sheets loads as fast as a plain one;
* each parsed cell: a number is at most :data:`~cityeval_desktop.domain.numbers.MAX_NUMBER_TEXT`
  characters and finite *before* openpyxl converts it (``int()`` of 5000 digits raises, ``1E+400``
  becomes ``inf``), its row and column inside Excel's grid, and at most :data:`MAX_CELLS` cells and
  merged cells in all.

Each refusal is an :class:`InputError` at the file, and at the ``Sheet!Cell`` when there is one.
"""

from __future__ import annotations

import io
import math
import re
import warnings
import zipfile
from collections.abc import Collection
from pathlib import Path
from typing import Any

from openpyxl.packaging.relationship import RelationshipList, get_dependents, get_rels_path
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook import Workbook
from openpyxl.worksheet._reader import WorkSheetParser, WorksheetReader
from openpyxl.xml.constants import SHEET_MAIN_NS

from cityeval_desktop.domain.errors import InputError
from cityeval_desktop.domain.files import FileReadError, read_regular
from cityeval_desktop.domain.numbers import MAX_NUMBER_TEXT
from cityeval_desktop.domain.text import Text
from cityeval_desktop.exchange.safe_zip import ZipLimits, checked_entries

MAX_WORKBOOK_BYTES = 50 * 1024 * 1024  # a checklist or framework workbook is well under 1 MB
MAX_RATIO = 100  # a spreadsheet's XML rarely compresses more than 20:1; a zip bomb does 1000:1
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # refuse zip bombs before anything is unpacked
MAX_PART_BYTES = 16 * 1024 * 1024  # one sheet of a checklist of 19 indicators is 66 KB
MAX_CELLS = 250_000  # a checklist of 1000 indicators has 15,000 cells
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # Excel's grid
MAX_PARTS = 10_000  # a workbook of a few sheets has a few dozen parts
_LIMITS = ZipLimits(
    max_entries=MAX_PARTS, max_entry=MAX_UNPACKED_BYTES, max_total=MAX_UNPACKED_BYTES, max_ratio=MAX_RATIO
)
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: encrypted OOXML or legacy .xls
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_VALUE_TAG = f"{{{SHEET_MAIN_NS}}}v"
_FORMULA_TAG = f"{{{SHEET_MAIN_NS}}}f"


class _RefusedError(Exception):
    """Raised from inside openpyxl's parsing; becomes an InputError at the file (and cell)."""

    def __init__(self, message: Text, location: str = "") -> None:
        super().__init__(message.en)
        self.message = message
        self.location = location


def open_workbook(path: Path, *, sheets: Collection[str] | None = None) -> Workbook:
    """Load an .xlsx for reading (formulas kept as formulas); bad files become a located InputError.

    Args:
        path: The workbook file.
        sheets: The names of the sheets to parse; every other sheet is an empty stand-in with its
            name, position and visibility. None parses every sheet.

    Raises:
        InputError: Not a regular file, too large, not an .xlsx, encrypted, damaged, a zip bomb, or
            a cell out of bounds (located at its ``Sheet!Cell``).
    """
    where = str(path)
    try:
        data = read_regular(path, MAX_WORKBOOK_BYTES)  # a pipe or /dev/zero is refused before reading
    except FileReadError as exc:
        raise InputError([exc]) from None
    if data[:8] == _CFB_MAGIC:
        raise InputError.one(
            Text(
                "文件设置了打开密码（已加密），或是旧版 .xls 格式；请在 Excel/WPS 中取消密码并另存为 .xlsx 后再导入",
                "the file is password-protected (encrypted) or an old .xls file; remove the password and save it "
                "as .xlsx, then import it again",
            ),
            where,
        )
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise InputError.one(Text("不是 Excel 工作簿（.xlsx）", "not an Excel workbook (.xlsx)"), where)
    try:
        with zipfile.ZipFile(buffer) as archive:
            checked_entries(archive, size=len(data), limits=_LIMITS, where=where)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError.one(
            Text("无法读取工作簿：文件已损坏（压缩内容无法解开）", f"cannot read the workbook: {type(exc).__name__}"),
            where,
        ) from None
    buffer.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions (e.g. Excel's x14 validations) are dropped
            reader = _Reader(buffer, sheets)
            reader.read()
            return reader.wb
    except _RefusedError as exc:
        raise InputError.one(exc.message, f"{where}: {exc.location}" if exc.location else where) from None
    except Exception as exc:  # zipfile, lxml and openpyxl raise many types for malformed parts
        raise InputError.one(
            Text(
                "无法读取工作簿：文件已损坏，或不是 .xlsx 工作簿",
                f"cannot read the workbook (damaged or not .xlsx): {type(exc).__name__}",
            ),
            where,
        ) from None


class _Archive(zipfile.ZipFile):
    """The workbook's zip, refusing to hand out any part larger than :data:`MAX_PART_BYTES`."""

    def open(self, name: Any, mode: str = "r", pwd: bytes | None = None, **kwargs: Any) -> Any:  # type: ignore[override]
        if mode == "r":
            info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
            if info.file_size > MAX_PART_BYTES:
                mb = MAX_PART_BYTES // (1024 * 1024)
                raise _RefusedError(
                    Text(
                        f"工作簿中的 {info.filename} 过大（解压后 {info.file_size} 字节，上限 {mb} MB）；"
                        "请从导出的清单重新填写",
                        f"the part {info.filename} is too large ({info.file_size} bytes unpacked, limit {mb} MB); "
                        "fill in a freshly exported file",
                    )
                )
        return super().open(name, mode, pwd, **kwargs)


class _Counter:
    """Cells parsed so far in one workbook (all sheets together)."""

    def __init__(self) -> None:
        self.cells = 0

    def add(self, n: int, location: str) -> None:
        self.cells += n
        if self.cells > MAX_CELLS:
            raise _RefusedError(
                Text(
                    f"工作簿的单元格过多（上限 {MAX_CELLS} 个）；请从导出的清单重新填写",
                    f"the workbook has too many cells (limit {MAX_CELLS}); fill in a freshly exported file",
                ),
                location,
            )


class _Reader(ExcelReader):
    """openpyxl's reader, bounded: parts through :class:`_Archive`, only the wanted sheets, bounded cells."""

    def __init__(self, buffer: io.BytesIO, wanted: Collection[str] | None) -> None:
        super().__init__(buffer, read_only=False, keep_vba=False, data_only=False, keep_links=False)
        self.archive.close()
        buffer.seek(0)
        self.archive = _Archive(buffer)
        self.valid_files = self.archive.namelist()
        self._wanted = None if wanted is None else set(wanted)
        self._counter = _Counter()

    def read_worksheets(self) -> None:
        """Parse the wanted worksheets' cells; every other sheet (and every chart sheet) is an empty stand-in.

        Comments, tables, drawings and pivot tables are not read: only cell values are used.
        """
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            ws = self.wb.create_sheet(sheet.name)
            ws.sheet_state = sheet.state
            if "chartsheet" in rel.Type or (self._wanted is not None and sheet.name not in self._wanted):
                continue  # a stand-in: keeps the sheet's position, which defined names refer to
            rels_path = get_rels_path(rel.target)
            ws._rels = get_dependents(self.archive, rels_path) if rels_path in self.valid_files else RelationshipList()
            with self.archive.open(rel.target) as fh:
                _SheetReader(ws, fh, self.shared_strings, self._counter).bind_all()
            ws.legacy_drawing = None


class _SheetReader(WorksheetReader):
    def __init__(self, ws: Any, source: Any, shared_strings: list[str], counter: _Counter) -> None:
        super().__init__(ws, source, shared_strings, False, False)
        self.parser = _CellParser(ws.title, counter, source, shared_strings, ws.parent)
        self._counter = counter

    def bind_merged_cells(self) -> None:
        # openpyxl makes a MergedCell for every cell of a range: A1:XFD1048576 would be 17 billion
        for cr in getattr(self.parser.merged_cells, "mergeCell", None) or []:
            where = f"{self.ws.title}!{str(cr.ref)[:40]}"
            try:
                min_col, min_row, max_col, max_row = range_boundaries(cr.ref)
            except (TypeError, ValueError):
                raise _RefusedError(_BAD_RANGE, where) from None
            if min_col is None or min_row is None or max_col is None or max_row is None:
                raise _RefusedError(_BAD_RANGE, where)
            self._counter.add((max_col - min_col + 1) * (max_row - min_row + 1), where)
        super().bind_merged_cells()


class _CellParser(WorkSheetParser):
    """openpyxl's sheet parser with every cell checked before it is converted."""

    def __init__(self, title: str, counter: _Counter, source: Any, shared_strings: list[str], wb: Workbook) -> None:
        super().__init__(source, shared_strings, False, wb.epoch, wb._date_formats, wb._timedelta_formats, False)
        self._title = title
        self._counter = counter

    def parse_cell(self, element: Any) -> dict[str, Any]:
        coordinate = element.get("r") or ""
        location = f"{self._title}!{coordinate[:20]}" if coordinate else self._title
        self._counter.add(1, location)
        if element.get("t", "n") == "n" and element.find(_FORMULA_TAG) is None:
            text = element.findtext(_VALUE_TAG)
            if text:
                _check_number(text.strip(), location)
        if len(coordinate) > 12:  # XFD1048576 is 10 characters; int() of 5000 digits would raise
            raise _RefusedError(_OUTSIDE, location)
        cell = super().parse_cell(element)
        if not (0 < cell["row"] <= MAX_ROW and 0 < cell["column"] <= MAX_COLUMN):
            raise _RefusedError(_OUTSIDE, f"{self._title}!R{cell['row']}C{cell['column']}")
        return cell

    def parse_row(self, row: Any) -> tuple[int, list[dict[str, Any]]]:
        if len(row.get("r") or "") > 8:  # row numbers end at 1048576
            raise _RefusedError(_OUTSIDE, self._title)
        return super().parse_row(row)


_BAD_RANGE = Text("合并单元格的范围无效；文件已损坏", "a merged range is not valid; the file is damaged")
_OUTSIDE = Text(
    "单元格超出工作表范围（最多 1048576 行、16384 列）；文件已损坏",
    "a cell lies outside the sheet (at most 1048576 rows and 16384 columns); the file is damaged",
)


def _check_number(text: str, location: str) -> None:
    """A numeric cell's text must be a plain finite number of at most MAX_NUMBER_TEXT characters."""
    if len(text) > MAX_NUMBER_TEXT or (_NUMBER.fullmatch(text) and not math.isfinite(float(text))):
        raise _RefusedError(
            Text(
                f"单元格中的数字超出范围（最多 {MAX_NUMBER_TEXT} 个字符，且须为有限数字）；请填写实际的数值",
                f"the number in this cell is out of range (at most {MAX_NUMBER_TEXT} characters, finite); "
                "enter the real value",
            ),
            location,
        )
    if not _NUMBER.fullmatch(text):
        raise _RefusedError(
            Text(
                "数值单元格中的内容不是数字；文件已损坏，请从导出的清单重新填写",
                "a number cell holds something that is not a number; the file is damaged, fill in a freshly "
                "exported file",
            ),
            location,
        )


def rows_with_cells(ws: Any, first: int = 1) -> list[int]:
    """The numbers of the rows from ``first`` on that hold at least one cell, in order.

    ``ws.iter_rows(max_row=ws.max_row)`` makes every cell up to the last row: one cell in row
    1,048,576 would create fifteen million (minutes, gigabytes). openpyxl keeps the cells a file
    holds in ``ws._cells``, keyed by (row, column).
    """
    return sorted({row for row, _column in ws._cells if row >= first})
