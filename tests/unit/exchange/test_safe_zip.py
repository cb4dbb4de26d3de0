"""The one safe-zip reader (issue 10, step 0): workbooks and case packages are opened through it.

Each hostile archive is generated here; each must be refused with a message naming the entry."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from cityeval_desktop.domain.errors import InputError
from cityeval_desktop.exchange.safe_zip import ZipLimits, checked_entries, read_entry

LIMITS = ZipLimits(max_entries=20, max_entry=1_000_000, max_total=2_000_000, max_ratio=50, ratio_floor=100_000)


def _zip(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return buf.getvalue()


def _check(data: bytes) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return checked_entries(zf, size=len(data), limits=LIMITS, where="pkg.cityeval")


def _refused(data: bytes, *words: str) -> str:
    with pytest.raises(InputError) as err:
        _check(data)
    zh, en = err.value.lines("zh")[0], err.value.lines("en")[0]
    assert zh.startswith("pkg.cityeval: ") and en.startswith("pkg.cityeval: ")
    for word in words:
        assert word in zh + en, (zh, en)
    return zh


def test_a_plain_archive_passes_and_reads() -> None:
    data = _zip([("bag/bagit.txt", b"BagIt-Version: 1.0\n"), ("bag/data/case.json", b"{}")])
    infos = _check(data)
    assert [i.filename for i in infos] == ["bag/bagit.txt", "bag/data/case.json"]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert read_entry(zf, infos[1], 100, "pkg.cityeval") == b"{}"


@pytest.mark.parametrize(
    "name",
    ["/etc/passwd", "bag/../../evil", "..", "bag\\data\\x", "C:/x", "bag/./x", "bag//x", "bag/\x1b[31mx", ""],
    ids=["absolute", "dotdot", "bare-dotdot", "backslash", "drive", "dot", "empty-part", "control", "empty"],
)
def test_unsafe_names_are_refused(name: str) -> None:
    info = zipfile.ZipInfo("bag/entry")
    info.filename = name  # (ZipInfo would normalise some of these; the bytes in a crafted file do not)
    _refused(_zip([(info, b"x")]), "条目名不安全", "unsafe entry name")


def test_two_names_for_one_file_are_refused() -> None:
    _refused(_zip([("bag/data/A.txt", b"1"), ("bag/data/a.txt", b"2")]), "重名", "same name")
    _refused(_zip([("bag/data/é.txt", b"1"), ("bag/data/e\u0301.txt", b"2")]), "重名")  # NFC and NFD


def test_a_link_is_refused() -> None:
    info = zipfile.ZipInfo("bag/data/evidence/link")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    _refused(_zip([(info, b"/etc/shadow")]), "符号链接", "link")


def test_an_encrypted_entry_is_refused() -> None:
    data = bytearray(_zip([("bag/data/secret", b"x")]))
    # set the "encrypted" flag as an encrypting zip tool writes it: in the local and the central header
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + flags_at
        data[at] |= 0x1
    _refused(bytes(data), "已加密", "encrypted")


def test_too_many_entries_are_refused() -> None:
    _refused(_zip([(f"bag/{n}", b"x") for n in range(21)]), "条目过多", "limit 20")


def test_an_entry_over_its_limit_is_refused() -> None:
    _refused(_zip([("bag/big", b"\0" * 1_000_001)]), "过大", "1000001 bytes unpacked")


def test_a_zip_bomb_is_refused_by_its_ratio() -> None:
    data = _zip([(f"bag/{n}", b"\0" * 900_000) for n in range(2)])  # 1.8 MB from a few KB
    assert len(data) * 50 < 1_800_000
    _refused(data, "压缩比上限 50", "ratio limit 50")


def test_read_entry_refuses_before_reading() -> None:
    data = _zip([("bag/a", b"x" * 200)])
    with zipfile.ZipFile(io.BytesIO(data)) as zf, pytest.raises(InputError, match="limit 100 bytes"):
        read_entry(zf, zf.infolist()[0], 100, "pkg.cityeval")
