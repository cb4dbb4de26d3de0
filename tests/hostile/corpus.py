"""Builders of hostile inputs on temporary paths (issue 9): each returns the path of what it made.

Nothing here is committed as a binary: the tests call these builders on ``tmp_path``. Workbooks
start as a real exported checklist and are then changed at the XML level, as a hostile sender
would do it, so openpyxl never gets the chance to tidy the attack away.
"""

from __future__ import annotations

import errno
import json
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MINI_YAML = FIXTURES / "mini.yaml"
_MARKER = "271828182845"  # a number no checklist holds: replaced by the raw text after saving


# ----------------------------------------------------------------------------------- plain files
def fifo(folder: Path, name: str = "input") -> Path:
    """A named pipe: opening it for reading blocks until a writer comes, which never happens."""
    path = folder / name
    os.mkfifo(path)
    return path


def answers_file(folder: Path, text: str, name: str = "answers.json") -> Path:
    """An answers document written exactly as given (numbers and escapes as a sender typed them)."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def number_answers(folder: Path, indicator: str, literal: str, name: str = "numbers.json") -> Path:
    """``{"answers": {indicator: {"value": LITERAL}}}`` with the number written verbatim (1e400, 5000 digits)."""
    return answers_file(folder, '{"answers": {' + json.dumps(indicator) + ': {"value": ' + literal + "}}}", name)


HOSTILE_NUMBERS = {
    "1e99999999": "1e99999999",
    "1e-99999999": "1e-99999999",
    "1e400": "1e400",
    "5000 digits": "9" * 5000,
    "5000 decimals": "0." + "1" * 5000,
}


def lone_surrogate_note(folder: Path, indicator: str, value: object) -> Path:
    """A note holding a lone surrogate (``\\ud800``): valid JSON, but no character of any encoding."""
    entry = json.dumps({"value": value, "note": "before SURROGATE after"}).replace("SURROGATE", "\\ud800")
    return answers_file(folder, '{"answers": {' + json.dumps(indicator) + ": " + entry + "}}", "note.json")


def evidence_answers(folder: Path, indicator: str, value: object, names: list[str], name: str = "ev.json") -> Path:
    """An answers document attaching ``names`` (as written) to ``indicator``."""
    doc = {"answers": {indicator: {"value": value, "evidence": names}}}
    return answers_file(folder, json.dumps(doc, ensure_ascii=False), name)


def long_name(length: int = 5000, suffix: str = ".pdf") -> str:
    """A file name of ``length`` characters (no file system takes more than 255 bytes per name)."""
    return "证" * (length - len(suffix)) + suffix


def deep_file(folder: Path, total: int = 5000, part: int = 200) -> str:
    """A real file whose relative path is about ``total`` characters (folders of ``part`` characters).

    Each folder name is legal; only the whole path is longer than the system's path limit, so the
    folders are made relative to an open folder descriptor, one level at a time.
    """
    names: list[str] = []
    fd = os.open(folder, os.O_RDONLY)
    try:
        while sum(len(n) + 1 for n in names) + part < total:
            name = chr(ord("a") + len(names) % 26) * part
            os.mkdir(name, dir_fd=fd)
            next_fd = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = next_fd
            names.append(name)
        leaf = os.open("scan.pdf", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(leaf, b"%PDF-1.4 deep")
        os.close(leaf)
    finally:
        os.close(fd)
    return "/".join([*names, "scan.pdf"])


def escaping_paths(folder: Path, outside: Path) -> dict[str, str]:
    """Evidence names that leave the answers file's folder: a link, ``..``, absolute, ``/proc``.

    ``outside`` is a real file outside ``folder`` (what an attacker wants copied in).
    """
    link = folder / "innocent.pdf"
    link.symlink_to(outside)
    rel = os.path.relpath(outside, folder)
    paths = {"link": link.name, "dotdot": rel, "absolute": str(outside)}
    if Path("/proc/self/environ").exists():
        paths["proc"] = "/proc/self/environ"
    return paths


# ----------------------------------------------------------------------------------- frameworks
def framework_yaml(folder: Path, threshold: str, *, fid: str = "hostile", name: str | None = None) -> Path:
    """The test framework (``tests/fixtures/mini.yaml``) with the city threshold written as ``threshold``.

    ``threshold`` is YAML text: ``.inf``, ``.nan``, ``-.inf`` or 5000 digits.
    """
    text = MINI_YAML.read_text(encoding="utf-8")
    text, n = re.subn(r"^id: mini$", f"id: {fid}", text, flags=re.M)
    assert n == 1
    text, n = re.subn(r"city: 6,", f"city: {threshold},", text)
    assert n == 1
    path = folder / (name or f"{fid}.yaml")
    path.write_text(text, encoding="utf-8")
    return path


HOSTILE_THRESHOLDS = {"inf": ".inf", "nan": ".nan", "minus inf": "-.inf", "5000 digits": "7" * 5000}


# ----------------------------------------------------------------------------------- workbooks
def checklist(
    framework: object,
    folder: Path,
    tier: str = "city",
    name: str = "checklist.xlsx",
    values: dict[str, Any] | None = None,
) -> Path:
    """A real checklist of ``framework`` for ``tier`` as the workbench exports it, ``values`` filled in."""
    from openpyxl import load_workbook

    from cityeval_desktop.exchange.checklist import export_checklist

    path = folder / name
    export_checklist(framework, path, "zh", tier)  # type: ignore[arg-type]
    if values:
        wb = load_workbook(path)
        ws = wb.worksheets[1]  # 评估清单, right after 说明
        rows = {ws.cell(row=r, column=2).value: r for r in range(2, ws.max_row + 1)}
        for indicator, value in values.items():
            ws.cell(row=rows[indicator], column=11).value = value
        wb.save(path)
    return path


def rewrite_zip(path: Path, edit: Callable[[str, bytes], bytes], extra: dict[str, bytes] | None = None) -> Path:
    """Rewrite every member of the workbook through ``edit(name, data)`` and add ``extra`` members."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    tmp = path.with_suffix(".rewriting")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            out.writestr(info.filename, edit(info.filename, data))
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    tmp.replace(path)
    return path


def checklist_with_raw_value(framework: object, folder: Path, indicator: str, raw: str, tier: str = "city") -> Path:
    """A checklist whose value cell for ``indicator`` is a *numeric* cell holding ``raw`` as written.

    ``raw`` goes straight into ``<v>…</v>``: 5000 digits, ``1E+400`` and the like, which openpyxl would
    otherwise convert with ``int()``/``float()`` while loading.
    """
    path = checklist(framework, folder, tier, values={indicator: int(_MARKER)})
    marker = f"<v>{_MARKER}</v>".encode()

    def edit(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/") and marker in data:
            return data.replace(marker, f"<v>{raw}</v>".encode())
        return data

    return rewrite_zip(path, edit)


_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def number_sheet(rows: int, cols: int) -> bytes:
    """A worksheet of ``rows`` × ``cols`` varied small numbers: compresses ~8:1, slow to parse."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c) for c in range(1, cols + 1)]
    out = [_SHEET_HEAD]
    for r in range(1, rows + 1):
        cells = "".join(f'<c r="{letter}{r}"><v>{(r * 7 + n) % 1000}</v></c>' for n, letter in enumerate(letters))
        out.append(f'<row r="{r}">{cells}</row>'.encode())
    out.append(_SHEET_TAIL)
    return b"".join(out)


def repetitive_sheet(rows: int, cols: int = 500) -> bytes:
    """A worksheet of the same cell over and over: compresses ~1000:1 (the stuff of zip bombs)."""
    row = ("<row>" + "<c><v>1</v></c>" * cols + "</row>").encode()
    return _SHEET_HEAD + row * rows + _SHEET_TAIL


def add_sheets(path: Path, sheets: dict[str, bytes], parts: dict[str, bytes] | None = None) -> Path:
    """Append worksheets (name → sheet XML) to a workbook at the XML level, plus any other ``parts``."""
    names = list(sheets)
    extra = {f"xl/worksheets/added{n}.xml": sheets[name] for n, name in enumerate(names, start=1)}
    extra.update(parts or {})

    def edit(member: str, data: bytes) -> bytes:
        text = data.decode("utf-8")
        numbers = range(1, len(names) + 1)
        if member == "[Content_Types].xml":
            kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
            added = "".join(f'<Override PartName="/xl/worksheets/added{n}.xml" ContentType="{kind}"/>' for n in numbers)
            text = text.replace("</Types>", added + "</Types>")
        elif member == "xl/_rels/workbook.xml.rels":
            kind = f"{_REL_NS}/worksheet"
            added = "".join(
                f'<Relationship Id="rIdAdded{n}" Type="{kind}" Target="worksheets/added{n}.xml"/>' for n in numbers
            )
            text = text.replace("</Relationships>", added + "</Relationships>")
        elif member == "xl/workbook.xml":
            added = "".join(
                f'<sheet xmlns:r="{_REL_NS}" name="{name}" sheetId="{100 + n}" r:id="rIdAdded{n}"/>'
                for n, name in enumerate(names, start=1)
            )
            text = text.replace("</sheets>", added + "</sheets>")
        else:
            return data
        return text.encode("utf-8")

    return rewrite_zip(path, edit, extra)


def checklist_with_unused_sheets(
    framework: object,
    folder: Path,
    *,
    sheets: int = 8,
    rows: int = 4000,
    cols: int = 20,
    tier: str = "city",
    values: dict[str, Any] | None = None,
) -> Path:
    """A real checklist plus ``sheets`` big sheets of numbers nobody reads (~2 MB on disk, ~18 MB unpacked)."""
    body = number_sheet(rows, cols)
    path = checklist(framework, folder, tier, values=values)
    return add_sheets(path, {f"Data{n}": body for n in range(1, sheets + 1)})


def zip_bomb_checklist(
    framework: object,
    folder: Path,
    *,
    unpacked: int = 120 << 20,
    tier: str = "city",
    values: dict[str, Any] | None = None,
) -> Path:
    """A checklist with ``unpacked`` bytes of extra sheets that compress ~1000:1, padded to a ratio of ~60.

    Both workbook limits pass (declared total under 400 MB, compression ratio under 100), so only
    not parsing the unused sheets keeps this fast.
    """
    sheet = repetitive_sheet(400)
    count = max(1, unpacked // len(sheet))
    padding = {"xl/media/padding.bin": os.urandom(unpacked // 60)}  # incompressible: keeps the ratio low
    path = checklist(framework, folder, tier, values=values)
    return add_sheets(path, {f"Bomb{n}": sheet for n in range(1, count + 1)}, padding)


def edit_sheet(path: Path, title: str, edit: Callable[[bytes], bytes]) -> Path:
    """Change the XML of the sheet called ``title`` (found through the workbook's relationships)."""
    with zipfile.ZipFile(path) as archive:
        book = archive.read("xl/workbook.xml").decode("utf-8")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="([^"]+)"', book)
    assert rid, title
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
    )
    assert target, rid.group(1)
    member = "xl/" + target.group(1).lstrip("/").removeprefix("xl/")
    return rewrite_zip(path, lambda name, data: edit(data) if name == member else data)


def checklist_with_far_cell(framework: object, folder: Path, tier: str = "city") -> Path:
    """A checklist with one text cell in the very last row Excel has (row 1,048,576)."""
    far = b'<row r="1048576"><c r="O1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    return edit_sheet(checklist(framework, folder, tier), "评估清单", lambda xml: xml.replace(b"</sheetData>", far, 1))


def checklist_with_huge_merge(framework: object, folder: Path, tier: str = "city") -> Path:
    """A checklist whose sheet merges A2:XFD1048576 (17 billion cells, one per merged cell for openpyxl)."""
    merge = b'</sheetData><mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>'
    path = checklist(framework, folder, tier)
    return edit_sheet(path, "评估清单", lambda xml: xml.replace(b"</sheetData>", merge, 1))


def sparse_file(folder: Path, size: int, name: str = "huge.pdf") -> Path:
    """A file of ``size`` bytes that takes no disk space (a hole): tests size bounds read before reading."""
    path = folder / name
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(size)
    return path


# ----------------------------------------------------------------------------------- faults
FULL, READ_ONLY = "full", "read-only"


class _FullFile:
    """A file opened for writing on a full disk: every write fails with ENOSPC (as a real one would)."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def write(self, data: Any) -> int:
        if len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return 0

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def install_faults(folder: Path | str, kind: str, setattr_: Callable[[Any, str, Any], None] = setattr) -> None:
    """Make this process see ``folder`` as a full disk (``FULL``) or a read-only medium (``READ_ONLY``).

    The standard library's ways to write are wrapped (``open``, ``os.open``/``write``/``fsync``, ``mkdir``,
    ``replace``/``rename``): under ``folder`` a full disk lets files be created but no byte be written
    (ENOSPC), a read-only medium refuses to create, write or rename anything (EROFS). SQLite writes from
    C and is not affected. Pass ``monkeypatch.setattr`` as ``setattr_`` in a test; the CLI runner of
    :func:`cli_with_faults` installs it for a whole command.
    """
    import builtins
    import io

    root = os.path.realpath(folder)
    code = errno.ENOSPC if kind == FULL else errno.EROFS

    def under(path: Any) -> bool:
        if isinstance(path, int):
            try:
                path = os.readlink(f"/proc/self/fd/{path}")
            except OSError:
                return False
        try:
            full = os.path.realpath(os.fsdecode(path))
        except (TypeError, ValueError):
            return False
        return full == root or full.startswith(root + os.sep)

    def fail(path: Any) -> OSError:
        return OSError(code, os.strerror(code), os.fsdecode(path) if not isinstance(path, int) else None)

    real_open, real_os_open, real_write, real_fsync = io.open, os.open, os.write, os.fsync
    real_mkdir, real_replace, real_rename = os.mkdir, os.replace, os.rename
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        writes = any(ch in mode for ch in "wax+")
        if writes and under(file) and kind == READ_ONLY:
            raise fail(file)
        handle = real_open(file, mode, *args, **kwargs)
        return _FullFile(handle) if writes and under(file) else handle

    def fake_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if kind == READ_ONLY and flags & writing and kwargs.get("dir_fd") is None and under(path):
            raise fail(path)
        return real_os_open(path, flags, *args, **kwargs)

    def fake_write(fd: int, data: Any) -> int:
        if kind == FULL and len(data) and under(fd):
            raise fail(fd)
        return real_write(fd, data)

    def fake_fsync(fd: Any) -> None:
        if kind == FULL and under(fd if isinstance(fd, int) else fd.fileno()):
            raise fail(fd if isinstance(fd, int) else fd.fileno())
        real_fsync(fd)

    def fake_mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        if kind == READ_ONLY and under(path):
            raise fail(path)
        real_mkdir(path, *args, **kwargs)

    def fake_replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if kind == READ_ONLY and (under(src) or under(dst)):
            raise fail(dst)
        real_replace(src, dst, *args, **kwargs)

    def fake_rename(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if kind == READ_ONLY and (under(src) or under(dst)):
            raise fail(dst)
        real_rename(src, dst, *args, **kwargs)

    setattr_(io, "open", fake_open)
    setattr_(builtins, "open", fake_open)
    setattr_(os, "open", fake_os_open)
    setattr_(os, "write", fake_write)
    setattr_(os, "fsync", fake_fsync)
    setattr_(os, "mkdir", fake_mkdir)
    setattr_(os, "replace", fake_replace)
    setattr_(os, "rename", fake_rename)


# Runs the CLI exactly as ``python -m cityeval_desktop.cli.main`` does, after installing the faults:
# ``python -c CLI_WITH_FAULTS HOSTILE_DIR FOLDER KIND ARGS...``
CLI_WITH_FAULTS = (
    "import sys\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "import corpus\n"
    "corpus.install_faults(sys.argv[2], sys.argv[3])\n"
    "sys.argv = ['cityeval', *sys.argv[4:]]\n"
    "from cityeval_desktop.cli.main import main\n"
    "sys.exit(main())\n"
)


def cli_with_faults(folder: Path, kind: str, *args: str) -> list[str]:
    """The command line running the CLI with ``args`` while ``folder`` is full or read-only."""
    import sys

    return [sys.executable, "-c", CLI_WITH_FAULTS, str(Path(__file__).parent), str(folder), kind, *args]


def leftovers(folder: Path) -> list[Path]:
    """Temporary files a failed write may have left in ``folder`` (and below)."""
    marks = (".partial", ".incoming-", ".bytes-", ".tmp", ".rewriting")
    return [p for p in Path(folder).rglob("*") if any(mark in p.name for mark in marks)]
