"""What the last database checks found sound, so the next one re-verifies only what changed.

A full check re-hashes every audit entry, every finalized revision's content, every stored file and
verifies every signed report's signatures: about 70 ms a finalized case, minutes at an agency's 10,000.
Most of it is the same work on the same bytes every time. This remembers, per database, a keyed MAC
(HMAC-SHA-256) of each thing a check found sound together with the exact state it was found in:

- an audit chain: the fingerprint of all its rows (``store.fingerprints``);
- a case: the fingerprint of all its revisions' rows, its chain's fingerprint, the frameworks found
  altered, and the file-system identity (size, modification and change time, inode) of its stored
  reports;
- a stored file: its SHA-256 name and file-system identity.

A later check that computes the same MAC knows the thing is unchanged and skips re-verifying it; any
change to a row, an entry or a file gives another MAC, and that thing is checked in full. The key is a
random 32 bytes in this workstation's data folder, never in the database, so someone who can change the
database (a shared server's other users, a copied file) cannot make changed rows look checked. Whoever
can write the data folder could already replace the evidence and the program itself. A file's change
time cannot be set back without changing the system clock. ``db check --full`` ignores all of this.
The threat model is in docs/integrity.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
from contextlib import suppress
from pathlib import Path

from cityeval_desktop.services.context import AppContext

#: bump when the check itself changes what it verifies: earlier verdicts no longer count
CHECK_VERSION = "1"
KEY_FILE = "check-cache.key"
CACHE_FOLDER = "check-cache"
#: a cache larger than this is not read (10,000 cases and 100,000 files take about 7 MB)
MAX_CACHE_BYTES = 64 * 1024 * 1024
_KEY_BYTES = 32


def _program_version() -> str:
    from cityeval_desktop import __version__

    return str(__version__)


def _read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (not a link) no larger than ``limit``; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


#: a file changed less than this before a check began is not remembered: the file system's clock is coarse
#: (a few milliseconds), and a change in the same tick would leave the same times behind (as git's index does)
SETTLE_NS = 2_000_000_000


def file_state(path: Path | str, started_ns: int) -> str:
    """The file-system identity of a stored file: '' when it is not a regular file, cannot be read, or was
    changed too shortly before ``started_ns`` (the check's start) for its times to tell a later change."""
    try:
        st = os.lstat(path)
    except OSError:
        return ""
    if not stat.S_ISREG(st.st_mode) or max(st.st_ctime_ns, st.st_mtime_ns) > started_ns - SETTLE_NS:
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def database_state(path: Path | None, started_ns: int) -> str:
    """The file-system identity of a SQLite database: its file's and its write-ahead log's ('' for a server,
    or when either was changed too shortly before ``started_ns``). SQLite writes every change to one of the
    two, so the same identity means the same bytes."""
    if path is None:
        return ""
    main = file_state(path, started_ns)
    wal = path.with_name(path.name + "-wal")
    log = file_state(wal, started_ns) if wal.exists() or wal.is_symlink() else "none"
    return f"{main}|{log}" if main and log else ""


class CheckCache:
    """The verdicts of earlier checks of one database on this workstation (see the module's text)."""

    def __init__(self, key: bytes, path: Path | None, database: str, known: dict[str, list[int]]) -> None:
        self._key = key
        self.path = path
        self._known = known
        self.found: dict[str, list[int]] = {}
        # what every MAC begins with: this check's version, the program's, the database (tens of thousands a check)
        self._prefix = "\x1f".join((CHECK_VERSION, _program_version(), database, "")).encode("utf-8", "surrogatepass")

    @classmethod
    def open(cls, ctx: AppContext, *, forget: bool = False) -> CheckCache:
        """The verdicts kept for ``ctx``'s database; with ``forget`` none are used (a full check), and
        what this check finds sound is kept all the same."""
        database = ctx.shown_url
        key = _key(ctx.data_dir)
        if key is None:  # no key can be kept: nothing is remembered, every check is a full one
            return cls(b"", None, database, {})
        name = hashlib.sha256(database.encode("utf-8")).hexdigest()[:32] + ".json"
        path = ctx.data_dir / CACHE_FOLDER / name
        return cls(key, path, database, {} if forget else _load(path))

    @property
    def usable(self) -> bool:
        return bool(self._key)

    def mac(self, kind: str, *parts: str) -> str:
        message = self._prefix + "\x1f".join((kind, *parts)).encode("utf-8", "surrogatepass")
        return hmac.digest(self._key, message, "sha256").hex()[:40]

    def knows(self, mac: str) -> list[int] | None:
        """What an earlier check counted for the thing ``mac`` names (``[]`` for a chain or a file), or None
        when no check found it sound in this state."""
        if not self._key:
            return None
        return self._known.get(mac)

    def remember(self, mac: str, counts: list[int] | None = None) -> None:
        if self._key:
            self.found[mac] = list(counts or [])

    def keep_all(self) -> None:
        """Keep every earlier verdict (the database is byte for byte what they were made on)."""
        for mac, counts in self._known.items():
            self.found.setdefault(mac, counts)

    def save(self) -> None:
        """Keep what this check found sound (only that: what it did not meet is forgotten). A data folder
        that cannot be written leaves the next check a full one, nothing else."""
        if not self._key or self.path is None or self.found == self._known:
            return  # nothing to keep, or nothing new
        data = json.dumps({"version": CHECK_VERSION, "sound": self.found}, separators=(",", ":")).encode("utf-8")
        partial = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.partial")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with partial.open("xb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            partial.replace(self.path)
        except OSError:
            with suppress(OSError):
                partial.unlink(missing_ok=True)


def _key(folder: Path) -> bytes | None:
    path = folder / KEY_FILE
    data = _read_regular(path, 1024)
    if data is not None and len(data) == _KEY_BYTES:
        return data
    if data is not None or path.is_symlink():
        return None  # something else is there: leave it, remember nothing
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:  # another check made it just now
        data = _read_regular(path, 1024)
        return data if data is not None and len(data) == _KEY_BYTES else None
    except OSError:
        return None
    key = secrets.token_bytes(_KEY_BYTES)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        return None
    return key


def _load(path: Path) -> dict[str, list[int]]:
    data = _read_regular(path, MAX_CACHE_BYTES)
    if data is None:
        return {}
    try:
        loaded = json.loads(data)
    except ValueError:
        return {}
    if not isinstance(loaded, dict) or loaded.get("version") != CHECK_VERSION:
        return {}
    sound = loaded.get("sound")
    if not isinstance(sound, dict):
        return {}
    return {
        mac: counts
        for mac, counts in sound.items()
        if isinstance(mac, str)
        and len(mac) == 40
        and isinstance(counts, list)
        and len(counts) <= 4
        and all(type(n) is int and 0 <= n < 1_000_000_000 for n in counts)
    }
