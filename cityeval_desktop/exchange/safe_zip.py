"""Reading a zip that comes from outside (a workbook, a case package): every entry checked before use.

One set of checks for every archive the program opens:

* names: relative, no ``..``, no drive or backslash, no control characters, not too long, each
  name once (also after Unicode normalisation and case folding, so two entries cannot land on one
  file on Windows or macOS);
* entries: no links, no encrypted entries, no more than ``max_entries``;
* sizes, as the archive declares them (the reader never hands out more than the declared size):
  each entry at most ``max_entry`` unpacked, all of them at most ``max_total``, and, above
  ``ratio_floor``, at most ``max_ratio`` times the archive's own size (zip bombs);
* reading: :func:`read_entry` refuses an entry over its limit before reading it.

Every refusal is an :class:`~cityeval_desktop.domain.errors.InputError` at the file, in both languages.
"""

from __future__ import annotations

import stat
import unicodedata
import zipfile
from dataclasses import dataclass

from cityeval_desktop.domain.errors import InputError
from cityeval_desktop.domain.text import Text

MAX_NAME_CHARS = 1024


@dataclass(frozen=True)
class ZipLimits:
    """The bounds an archive must keep."""

    max_entries: int
    max_entry: int
    max_total: int
    max_ratio: int
    #: the ratio is checked only once the unpacked total is above this (small text compresses well)
    ratio_floor: int = 10 * 1024 * 1024


def checked_entries(archive: zipfile.ZipFile, *, size: int, limits: ZipLimits, where: str) -> list[zipfile.ZipInfo]:
    """The archive's entries once every check above passed (``size``: the archive's own size in bytes).

    Raises:
        InputError: The first entry, or the total, that breaks a rule, named.
    """
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise InputError.one(
            Text(
                f"压缩包中的条目过多（{len(infos)} 个，上限 {limits.max_entries} 个）",
                f"the archive has too many entries ({len(infos)}, limit {limits.max_entries})",
            ),
            where,
        )
    seen: dict[str, str] = {}
    total = 0
    for info in infos:
        name = info.filename
        _check_name(name, where)
        key = unicodedata.normalize("NFC", name).casefold()
        if key in seen:
            raise InputError.one(
                Text(
                    f"压缩包中有重名的条目：{_shown(name)}（与 {_shown(seen[key])} 同名）",
                    f"the archive has two entries with the same name: {_shown(name)} (and {_shown(seen[key])})",
                ),
                where,
            )
        seen[key] = name
        if stat.S_ISLNK(info.external_attr >> 16):
            raise InputError.one(
                Text(
                    f"压缩包中的 {_shown(name)} 是符号链接，不能接受",
                    f"the archive entry {_shown(name)} is a link, which is not accepted",
                ),
                where,
            )
        if info.flag_bits & 0x1:
            raise InputError.one(
                Text(
                    f"压缩包中的 {_shown(name)} 已加密，无法读取",
                    f"the archive entry {_shown(name)} is encrypted and cannot be read",
                ),
                where,
            )
        if info.file_size > limits.max_entry:
            raise InputError.one(
                Text(
                    f"压缩包中的 {_shown(name)} 过大（解压后 {info.file_size} 字节，上限 {limits.max_entry} 字节）",
                    f"the archive entry {_shown(name)} is too large ({info.file_size} bytes unpacked, limit "
                    f"{limits.max_entry})",
                ),
                where,
            )
        total += info.file_size
    if total > limits.max_total or (total > limits.ratio_floor and total > limits.max_ratio * max(size, 1)):
        raise InputError.one(
            Text(
                f"压缩包过大或压缩比异常（{size} 字节，解压后 {total} 字节；上限 {limits.max_total}，"
                f"压缩比上限 {limits.max_ratio}）",
                f"the archive is too large or too highly compressed ({size} bytes, {total} unpacked; limit "
                f"{limits.max_total}, ratio limit {limits.max_ratio})",
            ),
            where,
        )
    return infos


def read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, where: str) -> bytes:
    """The bytes of one entry, refused before reading when it declares more than ``limit``."""
    if info.file_size > limit:
        raise InputError.one(
            Text(
                f"压缩包中的 {_shown(info.filename)} 过大（上限 {limit} 字节）",
                f"the archive entry {_shown(info.filename)} is too large (limit {limit} bytes)",
            ),
            where,
        )
    with archive.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:  # (the zip reader stops at the declared size; this is the second fence)
        raise InputError.one(
            Text(
                f"压缩包中的 {_shown(info.filename)} 过大（上限 {limit} 字节）",
                f"the archive entry {_shown(info.filename)} is too large (limit {limit} bytes)",
            ),
            where,
        )
    return data


def _check_name(name: str, where: str) -> None:
    bad = (
        not name
        or len(name) > MAX_NAME_CHARS
        or name.startswith("/")
        or "\\" in name
        or (len(name) > 1 and name[1] == ":")
        or any(part in ("..", ".") for part in name.rstrip("/").split("/"))
        or "//" in name
        or any(ord(c) < 0x20 or ord(c) == 0x7F for c in name)
    )
    if bad:
        raise InputError.one(
            Text(
                f"压缩包中的条目名不安全：{_shown(name)}（不能是绝对路径，不能含有 ..、盘符、反斜杠或控制字符）",
                f"the archive has an unsafe entry name: {_shown(name)} (no absolute path, .., drive, backslash or "
                "control character)",
            ),
            where,
        )


def _shown(name: str) -> str:
    """A name as a message may show it: control characters escaped, very long names shortened."""
    safe = "".join(c if ord(c) >= 0x20 and ord(c) != 0x7F else f"\\x{ord(c):02x}" for c in name)
    return safe if len(safe) <= 120 else safe[:60] + "…" + safe[-40:]
