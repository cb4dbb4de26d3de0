"""One workbench at a time per database file: a lock file beside the SQLite database says who has it open.

Two workbenches editing the same SQLite file would each show a case list and answers the other one
is changing underneath (SQLite itself keeps the file consistent, not the work). So the workbench
writes ``<database>.workbench.lock`` when it starts: a few ``key: value`` lines with the process
id, the computer's name, the user and the start time (readable by a person deciding to delete
it). A second workbench that finds the lock held by a running process asks the user to open the
database read-only or quit (``ui/app.py``).

A lock is stale, and taken over without asking, when its process is gone: same computer and the
process id is not running, or it is running but started after the lock was written (the id was
reused), or the lock was written before the computer last started. A lock written on another
computer (a database on a network share) cannot be checked; the message names the lock file so the
user can delete it once that computer no longer runs the workbench.

Server databases (a PostgreSQL URL) need no lock: several staff share one by design, and the server
keeps their transactions apart. Only a plain ``sqlite:///PATH`` database is locked.

Standard library only, and cheap: it runs before the first window is painted (not even ``json``,
~3 ms of imports).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cityeval_desktop import paths
from cityeval_desktop.store.location import plain_sqlite_file, resolve_url

LOCK_SUFFIX = ".workbench.lock"
FORMAT = "cityeval-workbench-lock/1"
MAX_LOCK_BYTES = 4096  # a lock file is a few hundred bytes; anything bigger is not ours
# The lock is written a moment after its process started; a process that started later than this
# after the lock's time is another process that got the same id.
_START_TOLERANCE_S = 5.0


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or held) a lock: what the lock file says."""

    pid: int
    host: str
    user: str
    started: datetime
    token: str
    path: Path


class InstanceLocked(Exception):  # noqa: N818 (it is a state the caller asks about, not a failure)
    """Another running workbench holds the database's lock."""

    def __init__(self, holder: LockHolder) -> None:
        super().__init__(f"{holder.path}: held by process {holder.pid} on {holder.host}")
        self.holder = holder


class InstanceLock:
    """A lock this process holds; :meth:`release` removes the file if it is still ours."""

    def __init__(self, holder: LockHolder) -> None:
        self.holder = holder
        self._released = False

    @property
    def path(self) -> Path:
        return self.holder.path

    def release(self) -> None:
        """Remove the lock file, unless someone else's lock has replaced it meanwhile."""
        if self._released:
            return
        self._released = True
        current = read_holder(self.path)
        if current is not None and current.token == self.holder.token:
            with contextlib.suppress(OSError):
                self.path.unlink()


def lock_path(db: str | os.PathLike[str] | None = None, data_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """The lock file of the database ``--db``/``CITYEVAL_DB``/the data folder names; None for servers.

    Resolved like :func:`cityeval_desktop.services.case_index.peek` does, so both look at one file.
    """
    url = resolve_url(db, paths.data_dir(data_dir))
    database = plain_sqlite_file(url)
    if database is None:
        return None  # a server URL (shared by design) or an unusual SQLite URL
    return database.with_name(database.name + LOCK_SUFFIX)


def acquire(
    db: str | os.PathLike[str] | None = None, data_dir: str | os.PathLike[str] | None = None
) -> InstanceLock | None:
    """Take the database's lock for this process.

    Returns:
        The lock, or None when there is nothing to lock (a server database) or the folder does not
        allow a lock file (read-only media: then nothing can be written there anyway).

    Raises:
        InstanceLocked: a running workbench (or one on another computer) holds it.
    """
    path = lock_path(db, data_dir)
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    for _attempt in range(3):
        me = _new_holder(path)
        try:
            if _create(path, me):
                return InstanceLock(me)
        except OSError:
            return None
        holder = read_holder(path)
        if holder is None:
            if not _remove_damaged(path):
                return None
            continue
        if not is_stale(holder):
            raise InstanceLocked(holder)
        _remove_if_unchanged(path, holder)
    return None


def read_holder(path: Path) -> LockHolder | None:
    """What a lock file says; None if it is missing, not a small regular file, or not a lock."""
    try:
        info = path.lstat()
        if not _is_regular(info.st_mode) or info.st_size > MAX_LOCK_BYTES:
            return None
        lines = path.read_bytes()[:MAX_LOCK_BYTES].decode("utf-8").splitlines()
        if not lines or lines[0].strip() != FORMAT:
            return None
        fields = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        started = datetime.fromisoformat(fields["started"])
        if started.tzinfo is None:
            started = started.replace(tzinfo=UTC)
        return LockHolder(int(fields["pid"]), fields["host"], fields.get("user", ""), started, fields["token"], path)
    except (OSError, ValueError, KeyError, UnicodeDecodeError):
        return None


def lock_text(holder: LockHolder) -> str:
    """The lock file's content for ``holder``."""

    def one_line(value: str) -> str:
        return " ".join(value.split())[:200]

    return (
        f"{FORMAT}\n"
        f"pid: {holder.pid}\n"
        f"host: {one_line(holder.host)}\n"
        f"user: {one_line(holder.user)}\n"
        f"started: {holder.started.isoformat(timespec='seconds')}\n"
        f"token: {one_line(holder.token)}\n"
    )


def is_stale(holder: LockHolder) -> bool:
    """True when the holder's process is certainly gone (only decidable on this computer)."""
    if holder.host.casefold() != host_name().casefold():
        return False
    if holder.pid == os.getpid():
        return True  # this process did not take it: a lock left from before a restart, id reused
    boot = _boot_time()
    if boot is not None and holder.started.timestamp() < boot:
        return True
    if not pid_alive(holder.pid):
        return True
    started = _process_start_time(holder.pid)
    return started is not None and started > holder.started.timestamp() + _START_TOLERANCE_S


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer (never sends it a signal)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: only checks that the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    except OSError:
        return False
    return True


def host_name() -> str:
    """This computer's name as the lock file records it."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "") or "localhost"


# ----------------------------------------------------------------------------- helpers
def _new_holder(path: Path) -> LockHolder:
    user = os.environ.get("USER") or os.environ.get("USERNAME") or ""
    return LockHolder(os.getpid(), host_name(), user, datetime.now(UTC), os.urandom(8).hex(), path)


def _payload(holder: LockHolder) -> bytes:
    return lock_text(holder).encode("utf-8")


def _create(path: Path, holder: LockHolder) -> bool:
    """Create the lock with its whole content at once; False if a lock file is already there.

    Written to a private temporary file first and hard-linked into place, so no one ever reads a
    half-written lock; where links are not supported (some network file systems) an exclusive
    create does the same job with a short window.
    """
    tmp = path.with_name(f"{path.name}.{holder.pid}.{holder.token}.tmp")
    try:
        tmp.write_bytes(_payload(holder))
        try:
            os.link(tmp, path)
            return True
        except FileExistsError:
            return False
        except OSError:
            pass  # no hard links here
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "wb") as fh:
            fh.write(_payload(holder))
        return True
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _remove_if_unchanged(path: Path, stale: LockHolder) -> None:
    """Remove a stale lock, unless another workbench has just replaced it with its own."""
    current = read_holder(path)
    if current is not None and current.token == stale.token:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _remove_damaged(path: Path) -> bool:
    """A lock file that is not a lock (empty, truncated, foreign): remove it; False if that fails."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return True  # released meanwhile
    except OSError:
        return False
    if not _is_regular(info.st_mode) and not _is_link(info.st_mode):
        return False  # a folder or a device under that name: leave it alone, run without a lock
    try:
        path.unlink()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def _is_regular(mode: int) -> bool:
    return stat.S_ISREG(mode)


def _is_link(mode: int) -> bool:
    return stat.S_ISLNK(mode)


def _boot_time() -> float | None:
    """When this computer last started (Linux), as a POSIX time."""
    try:
        for line in Path("/proc/stat").read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("btime "):
                return float(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _process_start_time(pid: int) -> float | None:
    """When a process started (Linux), as a POSIX time; None where that cannot be read."""
    boot = _boot_time()
    if boot is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()
        ticks = int(fields[19])  # field 22 of stat(5); fields[0] is field 3
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _windows_pid_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    process_query_limited_information = 0x1000
    still_active = 259
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
