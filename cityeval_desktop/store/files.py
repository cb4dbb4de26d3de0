"""Writing an output file the one safe way: temp file in the same folder, fsync, rename, fsync the folder."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from cityeval_desktop.domain.errors import InputError
from cityeval_desktop.domain.os_errors import os_reason
from cityeval_desktop.domain.text import Text


def current_umask() -> int:
    """The process's umask (read by setting and restoring it)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def check_output_path(out: Path) -> Path:
    """The path an output may be written to, or an InputError saying why not.

    One policy for every output (reports, workbooks, exports): the folder must exist (nothing is
    created silently), and an existing target must be a regular file, never a link, a device such
    as ``/dev/full`` or ``/dev/null``, a pipe or a folder: renaming over those would replace them.
    """
    out = Path(out).expanduser()
    where = str(out)
    if not out.name or out.name in (".", ".."):
        raise InputError.one(Text("请给出文件名", "give a file name"), where)
    if not out.parent.is_dir():
        raise InputError.one(
            Text(
                f"目标文件夹 {out.parent} 不存在；请先创建它或换一个位置",
                f"the folder {out.parent} does not exist; create it first or choose another place",
            ),
            where,
        )
    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        return out
    except OSError as exc:
        reason = os_reason(exc)
        raise InputError.one(Text(f"无法写入文件：{reason.zh}", f"cannot write the file: {reason.en}"), where) from None
    if stat.S_ISLNK(mode):
        raise InputError.one(
            Text(
                "目标是一个符号链接；为安全起见不写入，请选择普通文件路径",
                "the target is a link; choose a plain file path",
            ),
            where,
        )
    if stat.S_ISDIR(mode):
        raise InputError.one(Text("目标是一个文件夹，请给出文件名", "the target is a folder; give a file name"), where)
    if not stat.S_ISREG(mode):
        raise InputError.one(
            Text(
                "目标不是普通文件（设备或管道），不能写入；请选择一个普通文件路径",
                "the target is not a regular file (a device or pipe); choose a plain file path",
            ),
            where,
        )
    return out


def refuse_existing(out: Path) -> None:
    """Refuse an output file that exists (or is a link): outputs that must never replace anything.

    Raises:
        InputError: ``out`` exists; nothing was written.
    """
    if out.exists() or out.is_symlink():
        raise InputError.one(
            Text(
                "文件已存在，为避免覆盖未写入任何内容；请换一个文件名，或先移走原文件",
                "the file already exists; nothing was written so as not to overwrite it. "
                "Choose another name or move the old file away first",
            ),
            str(out),
        )


def write_output(out: Path, content: bytes | Callable[[BinaryIO], None]) -> Path:
    """Write ``content`` (bytes, or a function writing to a binary file) to ``out`` atomically.

    Readers never see a half-written file, the temp file is removed on every failure (a full disk
    included), and the result gets the usual permissions (umask), not mkstemp's 0600.
    """
    out = check_output_path(out)
    tmp = out.parent / f".{out.name}.{secrets.token_hex(6)}.partial"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as fh:
            if isinstance(content, bytes | bytearray):
                fh.write(content)
            else:
                content(fh)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(out)
        fsync_folder(out.parent)
    except OSError as exc:
        reason = os_reason(exc)
        raise InputError.one(
            Text(
                f"无法写入文件：{reason.zh}；未做任何修改",
                f"cannot write the file: {reason.en}; nothing was changed",
            ),
            str(out),
        ) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return out
