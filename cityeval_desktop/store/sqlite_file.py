"""A SQLite file as seen before and around SQLite: what the path is, its header, its side files, its errors.

Standard library only (like :mod:`.location`), so the workbench's first look
(:mod:`cityeval_desktop.services.case_index`) can use it before SQLAlchemy is imported.

* :func:`look` refuses a path that is not a regular file (a device such as ``/dev/null``, a pipe, a
  folder, a socket) before SQLite opens it: SQLite would otherwise write ``/dev/null-journal`` or block.
* :func:`read_only_uri` opens a file for looking without creating anything beside it: a WAL file
  with no ``-wal``/``-shm`` yet is opened ``immutable`` (nothing else has it open, since every WAL
  connection keeps both files while it lives), so a refused file never gets an empty ``-wal`` left
  beside it, and a WAL database on read-only media can still be read.
* :func:`error_kind` classifies SQLite's errors by their result code, never by their English text.
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cityeval_desktop.domain.os_errors import os_reason
from cityeval_desktop.domain.text import Text

MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
# SQLite's header field for "which application's file is this" (PRAGMA application_id): "CEVD".
APPLICATION_ID = 0x43455644
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
# Below this much free space a disk I/O error while opening is a full disk (SQLite cannot even
# make its 32 KB shared-memory file); the figure leaves room for rounding by the file system.
LOW_SPACE_BYTES = 256 * 1024
_MAX_BACKUPS_SHOWN = 5
_MAX_FOLDER_ENTRIES = 2000  # a huge folder is not read whole to name backups

# SQLite primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
_CODES = {
    3: "perm",
    5: "busy",
    6: "locked",
    8: "readonly",
    10: "ioerr",
    11: "corrupt",
    13: "full",
    14: "cantopen",
    23: "auth",
    26: "notadb",
}


class PathRefusedError(Exception):
    """The path cannot be a database file; ``message`` says why in both languages."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class FileLook:
    """What the first bytes of a database file say (``header`` is empty for a missing or empty file)."""

    path: Path
    exists: bool
    header: bytes

    @property
    def is_new(self) -> bool:
        """Missing or empty: SQLite makes a new database there."""
        return not self.header

    @property
    def is_sqlite(self) -> bool:
        return self.header.startswith(MAGIC) and len(self.header) == HEADER_SIZE

    @property
    def wal(self) -> bool:
        """The file is in WAL mode (header read and write versions 2)."""
        return self.is_sqlite and self.header[18] == 2 and self.header[19] == 2

    @property
    def application_id(self) -> int:
        return int.from_bytes(self.header[68:72], "big") if self.is_sqlite else 0


def _kind_of(mode: int) -> Text:
    if stat.S_ISDIR(mode):
        return Text("这是一个文件夹，不是数据库文件", "this is a folder, not a database file")
    if stat.S_ISFIFO(mode):
        return Text("这是一个命名管道，不是数据库文件", "this is a named pipe, not a database file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Text("这是一个设备，不是数据库文件", "this is a device, not a database file")
    if stat.S_ISSOCK(mode):
        return Text("这是一个套接字，不是数据库文件", "this is a socket, not a database file")
    return Text("这不是普通文件，不能作为数据库文件", "this is not a regular file; it cannot be a database file")


def _read_header(path: Path) -> bytes | None:
    """The first 100 bytes of a regular file (None when it is not one), opened without blocking."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, HEADER_SIZE)
    finally:
        os.close(fd)


def look(path: Path) -> FileLook:
    """Look at ``path`` without SQLite: refuse anything but a regular file or a new file in a folder.

    Raises:
        PathRefusedError: a folder, device, pipe or socket, a file that cannot be read, or a parent that
            is not a folder.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        parent = path.parent
        if parent.exists() and not parent.is_dir():
            raise PathRefusedError(
                Text(
                    "所在位置不是文件夹，不能在这里建立数据库",
                    "its parent is not a folder; no database can be made here",
                )
            ) from None
        return FileLook(path, exists=False, header=b"")
    except OSError as exc:
        reason = os_reason(exc)
        raise PathRefusedError(Text(f"无法访问：{reason.zh}", f"cannot be accessed: {reason.en}")) from None
    if not stat.S_ISREG(info.st_mode):
        raise PathRefusedError(_kind_of(info.st_mode))
    try:
        header = _read_header(path)
    except OSError as exc:
        reason = os_reason(exc)
        raise PathRefusedError(Text(f"无法读取：{reason.zh}", f"cannot be read: {reason.en}")) from None
    if header is None:  # replaced by something else between stat and open
        raise PathRefusedError(
            Text("这不是普通文件，不能作为数据库文件", "this is not a regular file; it cannot be a database file")
        )
    return FileLook(path, exists=True, header=header)


def sidecars(path: Path) -> list[Path]:
    """The files SQLite keeps beside a database: ``-wal``, ``-shm``, ``-journal``."""
    return [path.with_name(path.name + suffix) for suffix in SIDE_SUFFIXES]


def existing_sidecars(path: Path) -> set[Path]:
    return {p for p in sidecars(path) if os.path.lexists(p)}


def remove_new_sidecars(path: Path, before: set[Path]) -> None:
    """Remove the side files a failed open made (absent before, and holding no committed data).

    Only called when SQLite could not even open the file, so no connection of ours holds them; a
    ``-wal`` with frames in it is kept whatever happens (it may be the only copy of committed data).
    """
    made = existing_sidecars(path) - before
    wal = path.with_name(path.name + "-wal")
    if wal in made and wal.stat().st_size > 0:
        return
    for side in made:
        with contextlib.suppress(OSError):
            if side.is_file() and not side.is_symlink():
                side.unlink()


def read_only_uri(path: Path, seen: FileLook | None = None) -> str:
    """A ``file:`` URI that reads ``path`` and creates nothing beside it.

    A WAL database whose ``-wal`` and ``-shm`` do not exist is closed everywhere, so its main file is
    the whole database: it is opened ``immutable`` (SQLite would otherwise make both files even for
    ``mode=ro``, and cannot read it at all where they cannot be made, on read-only media). Otherwise
    ``mode=ro``: the side files are already there, or a rollback-journal file needs none to be read.
    """
    seen = seen or look(path)
    uri = f"{path.resolve().as_uri()}?mode=ro"
    wal, shm = (path.with_name(path.name + s) for s in ("-wal", "-shm"))
    if seen.wal and not os.path.lexists(wal) and not os.path.lexists(shm):
        uri += "&immutable=1"
    return uri


def writable(path: Path, seen: FileLook) -> bool:
    """True when SQLite can write here: the file (if any) and its folder, or the WAL side files already there.

    ``os.access`` answers for the real user and for read-only mounts (EROFS, even as root).
    """
    if seen.exists and not os.access(path, os.W_OK):
        return False
    if os.access(path.parent, os.W_OK | os.X_OK):
        return True
    # a folder that cannot be written: a rollback journal or a new -wal/-shm cannot be made there
    if not seen.wal:
        return False
    return all(p.is_file() and os.access(p, os.W_OK) for p in sidecars(path)[:2])


def error_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of ``exc`` (a ``sqlite3.Error`` or SQLAlchemy's wrapper), else None."""
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def error_kind(exc: BaseException, folder: Path | None = None) -> str:
    """``corrupt``, ``notadb``, ``full``, ``ioerr``, ``readonly``, ``cantopen``, ``busy``, ``locked``,
    ``perm``, ``auth`` or ``other``, from the result code.

    A disk I/O error where the folder has (almost) no free space left is ``full``: SQLite reports a
    full disk as an I/O error when it cannot grow its shared-memory file.
    """
    kind = _CODES.get(error_code(exc) or -1, "other")
    if kind in ("ioerr", "cantopen") and folder is not None and low_on_space(folder):
        return "full"
    return kind


def low_on_space(folder: Path) -> bool:
    import shutil  # only on an error: kept off the workbench's fast start

    try:
        return shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        return False


def reason(kind: str) -> Text:
    """What an error of :func:`error_kind` means, in both languages (no SQLite wording)."""
    return _REASONS.get(kind, _REASONS["other"])


_REASONS = {
    "perm": Text("没有访问权限", "permission denied"),
    "busy": Text("数据库正被其他程序使用（已锁定）", "the database is locked by another program"),
    "locked": Text("数据库正被其他程序使用（已锁定）", "the database is locked by another program"),
    "readonly": Text("数据库为只读", "the database is read-only"),
    "ioerr": Text("读写磁盘时出错（输入输出错误）", "disk input/output error"),
    "corrupt": Text("数据库文件已损坏", "the database file is damaged"),
    "notadb": Text("数据库文件已损坏", "the database file is damaged"),
    "full": Text("磁盘已满", "the disk is full"),
    "cantopen": Text("无法打开数据库文件（文件或其所在文件夹无法访问）", "the database file cannot be opened"),
    "auth": Text("没有访问权限", "access denied"),
    "other": Text("数据库出错", "database error"),
}


def backups_beside(path: Path) -> list[Path]:
    """CityEval database copies in the same folder, newest first (at most a few).

    ``db backup`` and the copy written before a migration (``NAME.before-REV-STAMP.bak``) can be named
    anything, so the folder's regular files are recognised by their header: SQLite with CityEval's
    application id, or a name starting with the database's own name and ending in ``.bak``.
    """
    folder = path.parent
    own = {path.name, *(p.name for p in sidecars(path))}
    found: list[tuple[float, Path]] = []
    try:
        with os.scandir(folder) as entries:
            for n, entry in enumerate(entries):
                if n >= _MAX_FOLDER_ENTRIES:
                    break
                if entry.name in own or entry.name.endswith(SIDE_SUFFIXES):
                    continue
                try:
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    named = entry.name.startswith(path.name) and entry.name.endswith(".bak")
                    if named or _is_cityeval_header(Path(entry.path)):
                        found.append((entry.stat(follow_symlinks=False).st_mtime, Path(entry.path)))
                except OSError:
                    continue
    except OSError:
        return []
    found.sort(key=lambda item: (-item[0], item[1].name))
    return [p for _, p in found[:_MAX_BACKUPS_SHOWN]]


def _is_cityeval_header(path: Path) -> bool:
    header = _read_header(path)
    return (
        header is not None
        and header.startswith(MAGIC)
        and len(header) == HEADER_SIZE
        and int.from_bytes(header[68:72], "big") == APPLICATION_ID
    )


def damaged(path: Path) -> Text:
    """The message for a damaged CityEval database: restore a backup, naming the ones found beside it."""
    copies = backups_beside(path)
    if copies:
        names_zh = "、".join(p.name for p in copies)
        names_en = ", ".join(p.name for p in copies)
        return Text(
            f"数据库文件已损坏，部分内容无法读取；请关闭本程序，用备份替换该文件后重试。同一文件夹中的备份：{names_zh}",
            f"the database file is damaged: part of it cannot be read. Close the program, replace the file "
            f"with a backup and try again. Backups in the same folder: {names_en}",
        )
    return Text(
        "数据库文件已损坏，部分内容无法读取；请关闭本程序，用备份替换该文件后重试（同一文件夹中没有找到备份）",
        "the database file is damaged: part of it cannot be read. Close the program, replace the file "
        "with a backup and try again (no backup was found in the same folder)",
    )
