"""The database's lock file (issue 8, item 22): taken, refused while its process runs, taken over when stale,
released only by its owner, never for a server database. No Qt."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cityeval_desktop.services import instance_lock
from cityeval_desktop.services.instance_lock import InstanceLocked, LockHolder


@pytest.fixture
def db(data_dir: Path) -> Path:
    return data_dir / "cases.sqlite3"


@pytest.fixture
def other_process() -> Iterator[subprocess.Popen[bytes]]:
    """A running process that is not this one (stands for the first workbench)."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield proc
    proc.kill()
    proc.wait()


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def write_lock(path: Path, *, pid: int, host: str | None = None, started: datetime | None = None) -> None:
    holder = LockHolder(
        pid, host or instance_lock.host_name(), "zhangsan", started or datetime.now(UTC), "feedc0de", path
    )
    path.write_text(instance_lock.lock_text(holder), "utf-8")


def fields(path: Path) -> dict[str, str]:
    lines = path.read_text("utf-8").splitlines()
    assert lines[0] == instance_lock.FORMAT
    return dict(line.split(": ", 1) for line in lines[1:])


def test_the_lock_sits_beside_the_database_and_says_who_holds_it(db: Path, data_dir: Path) -> None:
    lock = instance_lock.acquire(db, data_dir)
    assert lock is not None
    assert lock.path == db.with_name("cases.sqlite3.workbench.lock")
    data = fields(lock.path)
    assert data["pid"] == str(os.getpid())
    assert data["host"] == instance_lock.host_name()
    started = datetime.fromisoformat(data["started"])
    assert abs((datetime.now(UTC) - started).total_seconds()) < 60
    assert [p.name for p in data_dir.iterdir()] == [lock.path.name]  # no temporary file left behind
    lock.release()
    assert not lock.path.exists()


def test_the_default_database_of_the_data_folder_is_locked(data_dir: Path) -> None:
    assert instance_lock.lock_path(None, data_dir) == data_dir / "cityeval.sqlite3.workbench.lock"


def test_a_lock_held_by_a_running_workbench_is_refused(db: Path, data_dir: Path, other_process) -> None:
    path = instance_lock.lock_path(db, data_dir)
    assert path is not None
    write_lock(path, pid=other_process.pid)
    before = path.read_bytes()
    with pytest.raises(InstanceLocked) as info:
        instance_lock.acquire(db, data_dir)
    holder = info.value.holder
    assert (holder.pid, holder.user, holder.path) == (other_process.pid, "zhangsan", path)
    assert path.read_bytes() == before  # left as it was


def test_a_lock_whose_process_is_gone_is_taken_over(db: Path, data_dir: Path) -> None:
    path = instance_lock.lock_path(db, data_dir)
    write_lock(path, pid=dead_pid())
    lock = instance_lock.acquire(db, data_dir)
    assert lock is not None
    assert fields(path)["pid"] == str(os.getpid())


def test_a_lock_with_this_process_id_is_left_from_before_a_restart(db: Path, data_dir: Path) -> None:
    path = instance_lock.lock_path(db, data_dir)
    write_lock(path, pid=os.getpid())
    lock = instance_lock.acquire(db, data_dir)
    assert lock is not None and lock.holder.token != "feedc0de"


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="process start times are read from /proc")
def test_a_running_process_that_started_after_the_lock_has_reused_the_id(
    db: Path, data_dir: Path, other_process
) -> None:
    path = instance_lock.lock_path(db, data_dir)
    write_lock(path, pid=other_process.pid, started=datetime.now(UTC) - timedelta(minutes=10))
    assert instance_lock.acquire(db, data_dir) is not None


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="the boot time is read from /proc")
def test_a_lock_from_before_the_computer_started_is_stale(db: Path, data_dir: Path, other_process) -> None:
    path = instance_lock.lock_path(db, data_dir)
    write_lock(path, pid=other_process.pid, started=datetime(2000, 1, 1, tzinfo=UTC))
    assert instance_lock.acquire(db, data_dir) is not None


def test_a_lock_from_another_computer_is_respected(db: Path, data_dir: Path) -> None:
    path = instance_lock.lock_path(db, data_dir)
    write_lock(path, pid=dead_pid(), host="assessor-laptop-7")  # its processes cannot be checked from here
    with pytest.raises(InstanceLocked) as info:
        instance_lock.acquire(db, data_dir)
    assert info.value.holder.host == "assessor-laptop-7"


@pytest.mark.parametrize(
    "content", [b"", b"cityeval-workbench-lock/1\npid: x\n", b"other-format/1\n", b"\xff\xfe", b"x" * 10_000]
)
def test_a_damaged_lock_file_is_replaced(db: Path, data_dir: Path, content: bytes) -> None:
    path = instance_lock.lock_path(db, data_dir)
    path.write_bytes(content)
    lock = instance_lock.acquire(db, data_dir)
    assert lock is not None
    assert fields(path)["pid"] == str(os.getpid())


def test_a_folder_in_the_way_is_left_alone(db: Path, data_dir: Path) -> None:
    path = instance_lock.lock_path(db, data_dir)
    path.mkdir()
    assert instance_lock.acquire(db, data_dir) is None
    assert path.is_dir()


def test_release_keeps_a_lock_that_someone_else_took_over(db: Path, data_dir: Path) -> None:
    lock = instance_lock.acquire(db, data_dir)
    assert lock is not None
    write_lock(lock.path, pid=12345)  # our lock was (wrongly) removed and another workbench took it
    lock.release()
    assert fields(lock.path)["pid"] == "12345"


def test_server_databases_need_no_lock(data_dir: Path) -> None:
    url = "postgresql+psycopg://cityeval@db.example/cityeval"
    assert instance_lock.lock_path(url, data_dir) is None
    assert instance_lock.acquire(url, data_dir) is None
    assert list(data_dir.iterdir()) == []


def test_a_read_only_folder_runs_without_a_lock(tmp_path: Path) -> None:
    folder = tmp_path / "cd-rom"
    folder.mkdir()
    (folder / "cases.sqlite3").write_bytes(b"")
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            # root writes into a 0555 folder anyway, so there is nothing read-only to meet here; the test
            # test_a_folder_that_cannot_be_written_runs_without_a_lock covers the same path by refusing the write
            pytest.skip("running as root: a 0555 folder is still writable, so it cannot stand for read-only media")
        assert instance_lock.acquire(folder / "cases.sqlite3", tmp_path) is None
    finally:
        folder.chmod(0o755)


def test_read_holder_reads_what_acquire_wrote(db: Path, data_dir: Path) -> None:
    lock = instance_lock.acquire(db, data_dir)
    assert lock is not None
    holder = instance_lock.read_holder(lock.path)
    assert isinstance(holder, LockHolder)
    assert holder.token == lock.holder.token and holder.pid == os.getpid()


def test_pid_alive(other_process) -> None:
    assert instance_lock.pid_alive(os.getpid())
    assert instance_lock.pid_alive(other_process.pid)
    assert not instance_lock.pid_alive(dead_pid())
    assert not instance_lock.pid_alive(0)
    assert not instance_lock.pid_alive(-5)


def test_the_module_needs_neither_qt_nor_sqlalchemy() -> None:
    code = (
        "import sys; import cityeval_desktop.services.instance_lock; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'sqlalchemy'))]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_name_with_a_line_break_cannot_forge_a_field(db: Path, data_dir: Path) -> None:
    path = instance_lock.lock_path(db, data_dir)
    holder = LockHolder(4321, "laptop\npid: 1", "li\nsi", datetime.now(UTC), "abc", path)
    path.write_text(instance_lock.lock_text(holder), "utf-8")
    read = instance_lock.read_holder(path)
    assert read is not None and (read.pid, read.host, read.user) == (4321, "laptop pid: 1", "li si")


def test_a_folder_that_cannot_be_written_runs_without_a_lock(db: Path, data_dir: Path, monkeypatch) -> None:
    def refuse(self: Path, _data: bytes) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_bytes", refuse)
    assert instance_lock.acquire(db, data_dir) is None
