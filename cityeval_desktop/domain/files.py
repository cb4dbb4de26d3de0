"""Reading a file that comes from outside: regular files only, the size bounded before reading."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from cityeval_desktop.domain.os_errors import os_reason
from cityeval_desktop.domain.text import DomainError, Text


class FileReadError(DomainError):
    """A file that cannot be read as an input (missing, a folder, a pipe or device, too large, unreadable)."""


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} B"


def _open_checked(path: Path | str, limit: int) -> tuple[int, int]:
    """A descriptor of ``path`` (blocking again) and its size, once it proved a regular file within ``limit``.

    A named pipe would block ``open()`` forever and ``/dev/zero`` never ends, so the file is opened
    non-blocking and checked with ``fstat`` (the very file opened, not a name that could change).
    """
    where = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileReadError(Text("文件不存在", "file does not exist"), where) from None
    except IsADirectoryError:
        raise FileReadError(Text("这是一个文件夹，不是文件", "this is a folder, not a file"), where) from None
    except OSError as exc:
        reason = os_reason(exc)
        raise FileReadError(Text(f"无法读取文件：{reason.zh}", f"cannot read the file: {reason.en}"), where) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileReadError(Text("这是一个文件夹，不是文件", "this is a folder, not a file"), where)
        if not stat.S_ISREG(info.st_mode):
            raise FileReadError(
                Text(
                    "不是普通文件（管道、设备等不能读取）；请选择一个普通文件",
                    "not a regular file (pipes, devices and the like are refused); choose an ordinary file",
                ),
                where,
            )
        if info.st_size > limit:
            raise FileReadError(
                Text(
                    f"文件过大（{_mb(info.st_size)}，上限 {_mb(limit)}）",
                    f"the file is too large ({_mb(info.st_size)}, limit {_mb(limit)})",
                ),
                where,
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def open_regular(path: Path | str, limit: int) -> BinaryIO:
    """``path`` opened for reading if it is a regular file of at most ``limit`` bytes (a stream: large
    files such as case packages are read piece by piece, never whole)."""
    fd, _size = _open_checked(path, limit)
    return os.fdopen(fd, "rb")


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes (read at most ``limit + 1``)."""
    where = str(path)
    fd, _size = _open_checked(path, limit)
    try:
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1024 * 1024, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew while being read
            raise FileReadError(
                Text(f"文件过大（上限 {_mb(limit)}）", f"the file is too large (limit {_mb(limit)})"), where
            )
        return b"".join(chunks)
    except OSError as exc:
        reason = os_reason(exc)
        raise FileReadError(Text(f"无法读取文件：{reason.zh}", f"cannot read the file: {reason.en}"), where) from None
    finally:
        os.close(fd)
