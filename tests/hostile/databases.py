"""Builders of damaged and odd database files (issue 9 items 9, 11, 12, 14): made by the tests, never committed.

Each builder writes on a temporary path and returns what it made. A damaged page is found by walking
SQLite's b-tree of a real CityEval table (the file format is public: https://sqlite.org/fileformat.html),
so the damage lands in a middle page of that table however the schema grows.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from pathlib import Path

GOOD_CASE = {
    "framework": "planning-consulting",
    "tier": "city",
    "mode": "third-party",
    "entity_name": "福州数字规划研究院有限公司",
    "uscc": "91350100M000100Y43",
}


# ----------------------------------------------------------------------------------- real files
def cityeval_database(path: Path, data_dir: Path, *, notes: int = 24) -> str:
    """A real CityEval database with one case whose audit trail spans many pages; returns the case ref.

    Each note is long (1.5 KB), so the audit and answers tables grow past their root pages.
    """
    from cityeval_desktop.services import cases
    from cityeval_desktop.services.context import open_context

    ctx = open_context(path, data_dir, actor="builder")
    try:
        ref = cases.new_case(ctx, **GOOD_CASE).ref
        cases.set_answer(ctx, ref, "P1.1", value=3)
        for n in range(notes):
            cases.set_answer(ctx, ref, "P1.1", note=f"第 {n} 次修改的备注。" + "现场核查记录" * 250)
    finally:
        ctx.close()
    return ref


def table_pages(path: Path, table: str) -> list[int]:
    """The leaf pages of ``table``'s b-tree, in key order (read from the file, no SQLite extension needed)."""
    conn = sqlite3.connect(_untouched(path), uri=True)
    try:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    finally:
        conn.close()
    if root is None:
        raise ValueError(f"no table {table} in {path}")
    data = path.read_bytes()
    page_size = _page_size(data)

    def leaves(page: int) -> list[int]:
        base = (page - 1) * page_size
        header = base + (100 if page == 1 else 0)
        kind = data[header]
        if kind == 0x0D:  # table leaf
            return [page]
        if kind != 0x05:  # not a table b-tree page
            raise ValueError(f"page {page} is not a table page ({kind:#x})")
        cells = struct.unpack(">H", data[header + 3 : header + 5])[0]
        right = struct.unpack(">I", data[header + 8 : header + 12])[0]
        pointers = [struct.unpack(">H", data[header + 12 + 2 * i : header + 14 + 2 * i])[0] for i in range(cells)]
        children = [struct.unpack(">I", data[base + p : base + p + 4])[0] for p in pointers] + [right]
        return [leaf for child in children for leaf in leaves(child)]

    return leaves(root[0])


def _untouched(path: Path) -> str:
    """A URI that reads a closed database without making ``-wal``/``-shm`` beside it (they would change the folder)."""
    return f"{path.resolve().as_uri()}?mode=ro&immutable=1"


def _page_size(header: bytes) -> int:
    size = struct.unpack(">H", header[16:18])[0]
    return 65536 if size == 1 else size


def damage_page(path: Path, table: str = "audit", size: int = 64) -> int:
    """Overwrite ``size`` bytes of a middle leaf page of ``table`` after its header; returns the page number.

    64 bytes hit the cell pointers (SQLite's check then names the page); most of a page hits the cells
    as well (SQLite's check then stops at the damage itself).

    The page header stays, as after a torn write or a bad sector; the file is closed (no ``-wal``), so
    the page is in the main file, and only that page changes.
    """
    pages = table_pages(path, table)
    page = pages[len(pages) // 2]
    page_size = _page_size(path.read_bytes()[:100])
    with path.open("r+b") as fh:
        fh.seek((page - 1) * page_size + 8)
        fh.write(bytes([0xFF]) * min(size, page_size - 8))
    return page


def two_version_rows(path: Path) -> Path:
    """A CityEval database whose ``alembic_version`` holds a second row (changed outside CityEval)."""
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO alembic_version (version_num) VALUES ('0003')")
    conn.close()
    return path


def newer_schema(path: Path) -> Path:
    """A CityEval database marked with a schema version from the future."""
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    return path


def other_application(path: Path, *, wal: bool = True, revision: str = "0001") -> Path:
    """Another Alembic-based application's SQLite file, in WAL mode by default (no -wal/-shm left)."""
    conn = sqlite3.connect(path)
    try:
        if wal:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT)")
        conn.execute("INSERT INTO invoices (total) VALUES ('12.50')")
        conn.commit()
    finally:
        conn.close()
    return path


def plain_sqlite(path: Path) -> Path:
    """Some other program's SQLite file without any schema version, in WAL mode."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
    finally:
        conn.close()
    return path


def not_sqlite(path: Path) -> Path:
    """A file that is no database at all (random bytes after a text line)."""
    path.write_bytes(b"minutes of the meeting\n" + os.urandom(6000))
    return path


def overwritten_header(path: Path) -> Path:
    """A CityEval database whose first 100 bytes (SQLite's header) were overwritten."""
    with path.open("r+b") as fh:
        fh.write(b"\0" * 100)
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every entry of ``folder`` with its bytes (b"" for what is not a regular file): 'exactly what it held'."""
    found: dict[str, bytes] = {}
    for entry in sorted(os.listdir(folder)):
        full = folder / entry
        found[entry] = full.read_bytes() if full.is_file() and not full.is_symlink() else b""
    return found
