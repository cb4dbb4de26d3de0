"""Content-addressed evidence store: sha256-named files, written temp + fsync + rename."""

from __future__ import annotations

import errno
import hashlib
import mimetypes
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from cityeval_desktop.domain.os_errors import os_reason
from cityeval_desktop.domain.text import DomainError, Text

DEFAULT_LIMIT = 200 * 1024 * 1024
_CHUNK = 1024 * 1024
# What file systems take (ext4, NTFS, APFS: 255 per name; Linux: 4095 for a whole path). Checked on the
# name as written, before the file system is asked, so a 5000-character name gets a clear answer.
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 4095


class EvidenceError(DomainError):
    """An evidence file that cannot be taken (missing, a folder, unreadable, too large)."""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    original_name: str
    media_type: str


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


_SEPARATORS = re.compile(r"[\\/]+")


def shown_name(name: str, limit: int = 80) -> str:
    """A file name as a message shows it: a very long one keeps its start and its end."""
    return name if len(name) <= limit else f"{name[: limit - 25]}…{name[-20:]}"


def check_name_length(path: Path | str, where: str | None = None) -> None:
    """Raise EvidenceError when a name in ``path``, or the whole path, is longer than file systems allow."""
    text = str(path)
    longest = max((len(os.fsencode(part)) for part in _SEPARATORS.split(text)), default=0)
    if longest > MAX_NAME_BYTES or len(os.fsencode(text)) > MAX_PATH_BYTES:
        raise EvidenceError(
            Text(
                f"文件名或路径过长（{len(text)} 个字符；每一级名称最多 {MAX_NAME_BYTES} 字节，完整路径最多 "
                f"{MAX_PATH_BYTES} 字节）；请把文件改成短一些的名字，或放到层级较浅的文件夹中",
                f"the file name or path is too long ({len(text)} characters; at most {MAX_NAME_BYTES} bytes per "
                f"name and {MAX_PATH_BYTES} for the whole path); give the file a shorter name or move it to a "
                "shallower folder",
            ),
            shown_name(where if where is not None else text),
        )


def confined_source(base_dir: Path, name: str) -> Path:
    """The file an answers document or a filled checklist names, confined to the document's folder.

    DESIGN §6: evidence paths are relative to the answers file. A document that comes from outside
    (an operator's checklist, say) must not make the workbench copy ``/etc/shadow``,
    ``/proc/self/environ`` or ``../../x`` into the evidence store: absolute paths, drive letters,
    ``~``, ``..``, links anywhere along the path and anything that is not a regular file are refused,
    each with a message naming the entry. ``/`` and ``\\`` both separate folders.
    """
    text = name.strip()
    where = shown_name(name)
    outside = Text(
        "证据路径必须相对于答案文件（或核查记录）所在的文件夹（不能是绝对路径或其他盘符）",
        "evidence paths must be relative to the folder of the answers file (or inspection record), "
        "not absolute or on another drive",
    )
    if not text:
        raise EvidenceError(Text("证据路径为空", "empty evidence path"), where)
    if (
        PurePosixPath(text).is_absolute()
        or PureWindowsPath(text).is_absolute()
        or PureWindowsPath(text).drive
        or text.startswith(("/", "\\", "~"))
    ):
        raise EvidenceError(outside, where)
    parts = [part for part in _SEPARATORS.split(text) if part not in ("", ".")]
    if any(part == ".." for part in parts):
        raise EvidenceError(
            Text(
                "证据路径不能包含“..”：文件必须在答案文件（或核查记录）所在的文件夹内",
                "evidence paths must not contain '..': the file must be inside the folder of the answers file "
                "(or inspection record)",
            ),
            where,
        )
    if not parts:
        raise EvidenceError(Text("这是一个文件夹，请写文件名", "this is a folder; name a file"), where)
    current = base_dir.resolve()
    check_name_length(current.joinpath(*parts), name)
    mode = 0
    for part in parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            raise EvidenceError(Text("证据文件不存在", "evidence file does not exist"), where) from None
        except OSError as exc:
            reason = os_reason(exc)
            raise EvidenceError(Text(f"无法读取：{reason.zh}", f"cannot be read: {reason.en}"), where) from None
        if stat.S_ISLNK(mode):
            raise EvidenceError(
                Text(
                    "证据路径中有符号链接；请把文件本身放进答案文件所在的文件夹",
                    "the evidence path goes through a link; put the file itself in the answers file's folder",
                ),
                where,
            )
    if stat.S_ISDIR(mode):
        raise EvidenceError(Text("这是一个文件夹，请写文件名", "this is a folder; name a file"), where)
    if not stat.S_ISREG(mode):
        raise EvidenceError(
            Text(
                "不是普通文件（设备、管道等不能作为证据）",
                "not a regular file (devices, pipes and the like are refused)",
            ),
            where,
        )
    return current


def check_source(path: Path, limit: int) -> int:
    """Return the size of a file that may be added, or raise EvidenceError saying why not."""
    where = shown_name(str(path))
    check_name_length(path)
    try:
        info = Path(path).stat()
    except FileNotFoundError:
        raise EvidenceError(Text("证据文件不存在", "evidence file does not exist"), where) from None
    except OSError as exc:
        reason = os_reason(exc)
        raise EvidenceError(Text(f"无法读取：{reason.zh}", f"cannot be read: {reason.en}"), where) from None
    if stat.S_ISDIR(info.st_mode):
        raise EvidenceError(Text("这是一个文件夹，请选择文件", "this is a folder; choose files"), where)
    if not stat.S_ISREG(info.st_mode):
        raise EvidenceError(Text("不是普通文件", "not a regular file"), where)
    size = info.st_size
    if size > limit:
        raise EvidenceError(
            Text(f"文件过大（{_mb(size)}，上限 {_mb(limit)}）", f"file too large ({_mb(size)}, limit {_mb(limit)})"),
            where,
        )
    if not os.access(path, os.R_OK):
        raise EvidenceError(Text("没有读取权限", "the file cannot be read (permission denied)"), where)
    return size


def _chunks(src: BinaryIO, where: str, limit: int) -> Iterator[bytes]:
    """The bytes of an open source file in chunks, refusing more than ``limit`` (it may grow meanwhile)."""
    total = 0
    while True:
        try:
            chunk = src.read(_CHUNK)
        except OSError as exc:
            reason = os_reason(exc)
            raise EvidenceError(Text(f"无法读取：{reason.zh}", f"cannot be read: {reason.en}"), where) from None
        if not chunk:
            return
        total += len(chunk)
        if total > limit:
            raise EvidenceError(
                Text(f"文件过大（上限 {_mb(limit)}）", f"file too large (limit {_mb(limit)})"),
                where,
            )
        yield chunk


def _open_regular(path: Path) -> BinaryIO:
    """Open a file for reading only if it is a regular file (a pipe would block, a device never end)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise EvidenceError(
                Text(
                    "不是普通文件（设备、管道等不能作为证据）",
                    "not a regular file (devices, pipes and the like are refused)",
                ),
                str(path),
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class EvidenceStore:
    """Files under ``root/ab/abcdef...`` named by their sha256; each stored once."""

    def __init__(self, root: Path, limit: int = DEFAULT_LIMIT) -> None:
        self.root = root
        self.limit = limit

    def path_of(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def add(self, source: Path) -> StoredFile:
        """Copy ``source`` into the store (hashing while copying); return what was stored."""
        check_source(source, self.limit)
        where = shown_name(str(source))
        try:
            src = _open_regular(source)
        except OSError as exc:
            reason = os_reason(exc)
            raise EvidenceError(Text(f"无法读取：{reason.zh}", f"cannot be read: {reason.en}"), where) from None
        with src:
            sha, size = self._store(_chunks(src, where, self.limit), where)
        media = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        return StoredFile(sha, size, source.name, media)

    def add_bytes(self, data: bytes, name: str) -> StoredFile:
        """Store bytes (a signed report, a file from a package) the same way as a file."""
        sha, size = self._store(iter([bytes(data)]), shown_name(name))
        media = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return StoredFile(sha, size, name, media)

    def add_stream(self, stream: BinaryIO, name: str) -> StoredFile:
        """Store the bytes of an open stream (a file inside a package), streamed, within the size limit."""
        where = shown_name(name)
        sha, size = self._store(_chunks(stream, where, self.limit), where)
        media = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return StoredFile(sha, size, name, media)

    def _store(self, chunks: Iterator[bytes], where: str) -> tuple[str, int]:
        """Write ``chunks`` to a temp file in the store, fsync, rename it to its sha256; (sha256, size).

        A folder that cannot be written (read-only, full, no permission) is named in the message; the
        temp file is removed on every failure, so nothing half-written stays.
        """
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        except OSError as exc:
            raise self._cannot_store(exc, where) from None
        tmp = Path(tmp_name)
        digest = hashlib.sha256()
        size = 0
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path_of(sha)
            if final.exists():
                tmp.unlink()
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                tmp.replace(final)
                _fsync_dir(final.parent)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise self._cannot_store(exc, where) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return sha, size

    def _cannot_store(self, exc: OSError, where: str) -> EvidenceError:
        reason = os_reason(exc)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            todo = Text("请腾出磁盘空间后重试", "free some disk space, then try again")
        else:
            todo = Text("请确认该文件夹可以写入后重试", "make sure the folder can be written, then try again")
        return EvidenceError(
            Text(
                f"无法保存到证据文件夹 {self.root}：{reason.zh}；未做任何修改，{todo.zh}",
                f"cannot store it in the evidence folder {self.root}: {reason.en}; nothing was changed: {todo.en}",
            ),
            where,
        )

    def verify(self, sha256: str) -> bool:
        """True when the stored file exists and still hashes to its name."""
        path = self.path_of(sha256)
        if not path.is_file():
            return False
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
        return digest.hexdigest() == sha256


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # not supported on this platform (Windows): the rename is still atomic
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
