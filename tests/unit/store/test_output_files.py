"""One policy for every output file: atomic, in an existing folder, never over a device, link or pipe (issue 9)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from cityeval_desktop.domain.errors import InputError
from cityeval_desktop.store.files import write_output


def test_writes_and_replaces_a_regular_file_atomically(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    write_output(out, b"first")
    write_output(out, lambda fh: fh.write(b"second"))
    assert out.read_bytes() == b"second"
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]  # no temp file left


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_a_device_is_never_replaced(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} does not exist here")
    with pytest.raises(InputError) as info:
        write_output(Path(device), b"%PDF")
    assert "device" in info.value.problems[0].message.en
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_links_pipes_folders_and_missing_folders_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.pdf"
    target.write_bytes(b"keep me")
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    with pytest.raises(InputError):
        write_output(link, b"x")
    assert link.is_symlink() and target.read_bytes() == b"keep me"
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.pdf")
        with pytest.raises(InputError):
            write_output(tmp_path / "pipe.pdf", b"x")
    (tmp_path / "folder.pdf").mkdir()
    with pytest.raises(InputError):
        write_output(tmp_path / "folder.pdf", b"x")
    with pytest.raises(InputError) as info:
        write_output(tmp_path / "missing" / "r.pdf", b"x")
    assert "does not exist" in info.value.problems[0].message.en
    assert not (tmp_path / "missing").exists()  # no folder is created silently


def test_a_full_disk_leaves_neither_a_temp_file_nor_a_changed_target(tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    out.write_bytes(b"old")

    def writer(fh) -> None:
        fh.write(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(InputError) as info:
        write_output(out, writer)
    assert "No space left" in info.value.problems[0].message.en
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


def test_report_and_workbook_commands_refuse_devices(cli) -> None:
    case = cli.new_case()
    for args in (("report", "pdf", case, "/dev/full"), ("report", "xlsx", case, "/dev/null")):
        if not Path(args[-1]).exists():
            continue
        result = cli("--lang", "en", *args)
        assert result.code == 1 and "device" in result.err, result.err
        assert stat.S_ISCHR(os.stat(args[-1]).st_mode)
