"""Content-addressed evidence store: sha256-named files, written temp + fsync + rename."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from cityeval_desktop.domain.text import DomainError, Text

DEFAULT_LIMIT = 200 * 1024 * 1024
_CHUNK = 1024 * 1024


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


def confined_source(base_dir: Path, name: str) -> Path:
    """The file an answers document or a filled checklist names, confined to the document's folder.

    DESIGN §6: evidence paths are relative to the answers file. A document that comes from outside
    (an operator's checklist, say) must not make the workbench copy ``/etc/shadow``,
    ``/proc/self/environ`` or ``../../x`` into the evidence store: absolute paths, drive letters,
    ``~``, ``..``, links anywhere along the path and anything that is not a regular file are refused,
    each with a message naming the entry. ``/`` and ``\\`` both separate folders.
    """
    text = name.strip()
    where = name
    outside = Text(
        "证据路径必须相对于答案文件所在的文件夹（不能是绝对路径或其他盘符）",
        "evidence paths must be relative to the answers file's folder (no absolute path or drive)",
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
                "证据路径不能包含“..”：文件必须在答案文件所在的文件夹内",
                "evidence paths must not contain '..': the file must be inside the answers file's folder",
            ),
            where,
        )
    if not parts:
        raise EvidenceError(Text("这是一个文件夹，请写文件名", "this is a folder; name a file"), where)
    current = base_dir.resolve()
    mode = 0
    for part in parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            raise EvidenceError(Text("证据文件不存在", "evidence file does not exist"), where) from None
        except OSError as exc:
            raise EvidenceError(
                Text(f"无法读取：{exc.strerror or exc}", f"cannot be read: {exc.strerror or exc}"), where
            ) from None
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
    where = str(path)
    if not path.exists():
        raise EvidenceError(Text("证据文件不存在", "evidence file does not exist"), where)
    if path.is_dir():
        raise EvidenceError(Text("这是一个文件夹，请选择文件", "this is a folder; choose files"), where)
    if not path.is_file():
        raise EvidenceError(Text("不是普通文件", "not a regular file"), where)
    size = path.stat().st_size
    if size > limit:
        raise EvidenceError(
            Text(f"文件过大（{_mb(size)}，上限 {_mb(limit)}）", f"file too large ({_mb(size)}, limit {_mb(limit)})"),
            where,
        )
    if not os.access(path, os.R_OK):
        raise EvidenceError(Text("没有读取权限", "the file cannot be read (permission denied)"), where)
    return size


def _open_regular(path: Path) -> object:
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
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out, _open_regular(source) as src:
                while chunk := src.read(_CHUNK):
                    size += len(chunk)
                    if size > self.limit:
                        raise EvidenceError(
                            Text(f"文件过大（上限 {_mb(self.limit)}）", f"file too large (limit {_mb(self.limit)})"),
                            str(source),
                        )
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
            raise EvidenceError(
                Text(f"无法读取或保存：{exc.strerror or exc}", f"cannot read or store it: {exc.strerror or exc}"),
                str(source),
            ) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        media = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        return StoredFile(sha, size, source.name, media)

    def add_bytes(self, data: bytes, name: str) -> StoredFile:
        """Store bytes (e.g. from a package) the same way as a file."""
        self.root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".bytes-", dir=self.root) as tmpdir:
            path = Path(tmpdir) / (Path(name).name or "file")
            path.write_bytes(data)
            stored = self.add(path)
        return StoredFile(stored.sha256, stored.size, name, stored.media_type)

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
