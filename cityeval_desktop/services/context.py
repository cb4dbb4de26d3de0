"""The application context: database, data folder, evidence store and settings in one place."""

from __future__ import annotations

import functools
import getpass
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import ParamSpec, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from cityeval_desktop import paths
from cityeval_desktop.domain.numbers import bounded_decimal
from cityeval_desktop.domain.text import Text
from cityeval_desktop.services.errors import InputError, StateError
from cityeval_desktop.store import audit, open_errors, sqlite_file
from cityeval_desktop.store.engine import (
    WRITE_OPTION,
    DatabaseError,
    open_store,
    resolve_url,
    session_factory,
    sqlite_path,
)
from cityeval_desktop.store.evidence import DEFAULT_LIMIT, EvidenceStore
from cityeval_desktop.store.models import Setting
from cityeval_desktop.store.session_info import mark_write_transaction

EVIDENCE_LIMIT_KEY = "evidence_limit_bytes"
# Where evidence files and stored reports are kept when every workstation must reach them (a database
# server): an absolute folder path kept with the database; unset, the data folder's ``evidence/``.
EVIDENCE_FOLDER_KEY = "evidence_folder"
EVIDENCE_FOLDER_ACTION = "settings.evidence_folder"
#: seconds a read of the evidence folder and limit settings is reused (see AppContext.evidence)
EVIDENCE_RECHECK_S = 2.0
MAX_FOLDER_PATH = 1000


MAX_EVIDENCE_LIMIT_MB = 100 * 1024  # 100 GB: far above any scan, and a number that stays an int


# Concurrent writers (another window, a script, a second workbench): each write transaction waits
# for the lock; beginning is tried this often (each try waits up to the busy timeout, 5 s), and a
# whole service call decorated with retry_conflicts is run this often before "try again" is shown.
BEGIN_ATTEMPTS = 3
RETRY_ATTEMPTS = 5
# PostgreSQL: serialization_failure, deadlock_detected, lock_not_available, unique_violation (two
# transactions inserting the same new row: the retry finds the other's row)
_SERVER_CONFLICTS = frozenset({"40001", "40P01", "55P03", "23505"})
_RETRYING: ContextVar[bool] = ContextVar("cityeval_retrying", default=False)
_P = ParamSpec("_P")
_R = TypeVar("_R")


class ConcurrentChangeError(StateError):
    """Another program kept changing the same data; nothing was changed by this action.

    ``retryable`` is False when the lock could not even be had after waiting (trying the whole
    call again would only wait as long once more).
    """

    retryable = True

    @classmethod
    def now(cls, busy: Text | None = None, *, retryable: bool = True) -> ConcurrentChangeError:
        err = cls.one(
            busy or Text("另一个程序正在修改此案例，请重试", "another program is changing this case; try again")
        )
        err.retryable = retryable
        return err


def _is_conflict(exc: sa_exc.DBAPIError) -> bool:
    """A failure caused by a concurrent writer, after which trying again can succeed."""
    orig = exc.orig
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if code is not None:
        return code in _SERVER_CONFLICTS
    return sqlite_file.error_kind(exc) in ("busy", "locked")  # by SQLite's result code, not its wording


def _pause(attempt: int) -> None:
    """Back off before the next try, with jitter so that waiting writers do not collide again."""
    time.sleep(random.uniform(0.02, 0.08) * (2**attempt))


def retry_conflicts(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run a service call again, from its first read, when its transaction met a concurrent writer.

    Calls nested inside a decorated call are retried by the outermost one only. After
    :data:`RETRY_ATTEMPTS` the :class:`ConcurrentChangeError` ("try again") is raised.
    """

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if _RETRYING.get():
            return fn(*args, **kwargs)
        token = _RETRYING.set(True)
        try:
            for attempt in range(RETRY_ATTEMPTS - 1):
                try:
                    return fn(*args, **kwargs)
                except ConcurrentChangeError as exc:
                    if not exc.retryable:
                        raise
                    _pause(attempt)
            return fn(*args, **kwargs)
        finally:
            _RETRYING.reset(token)

    return wrapper


@dataclass
class AppContext:
    """What every service needs; built once per process by :func:`open_context`."""

    data_dir: Path
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    actor: str
    read_only: bool = False  # a second workbench on the same database file: looks, never writes
    # why it is read-only when nobody asked for it (read-only media, a full disk); None: the second workbench
    read_only_reason: Text | None = None
    _evidence: EvidenceStore | None = field(default=None, repr=False)
    #: when the evidence folder and limit were last read from the database (time.monotonic())
    _evidence_read_at: float = field(default=float("-inf"), repr=False)

    @property
    def shown_url(self) -> str:
        """The database as it may be shown or printed: a server URL's password hidden."""
        return self.url if self.url.startswith("sqlite") else open_errors.shown_url(self.url)

    @contextmanager
    def transaction(self, *, busy: Text | None = None) -> Iterator[Session]:
        """One user action: a session in one transaction, committed or rolled back whole.

        The transaction holds the write lock from its start (SQLite: ``BEGIN IMMEDIATE``; on a
        server, :func:`cityeval_desktop.store.case_repo.find_revision` locks the case row), so what it
        reads is what it writes over. Another writer holding the lock is waited for; when that
        takes too long, or the server reports a serialization failure or a deadlock, it raises
        :class:`ConcurrentChangeError` (``busy`` words it; the default names the case), which
        :func:`retry_conflicts` turns into a retry of the whole service call.
        """
        if self.read_only and self.read_only_reason is not None:
            reason = self.read_only_reason
            raise StateError.one(Text(f"{reason.zh}；未做任何修改", f"{reason.en}. Nothing was changed"))
        if self.read_only:
            raise StateError.one(
                Text(
                    "此工作台以只读方式打开（另一个工作台正在使用该数据库），未做任何修改；"
                    "如需修改，请关闭另一个工作台后重新启动",
                    "this workbench was opened read-only (another workbench is using the database); "
                    "nothing was changed. To make changes, close the other workbench and start again",
                )
            )
        try:
            session = self._begin_write()
        except sa_exc.DBAPIError as exc:
            if _is_conflict(exc):
                raise ConcurrentChangeError.now(busy, retryable=False) from None
            if isinstance(exc, sa_exc.OperationalError | sa_exc.DatabaseError):
                raise _operational(exc, self.url) from None
            raise
        try:
            try:
                yield session
                session.commit()
            finally:
                session.close()  # rolls back whatever was not committed
        except sa_exc.DBAPIError as exc:
            if _is_conflict(exc):
                raise ConcurrentChangeError.now(busy) from None
            if isinstance(exc, sa_exc.OperationalError | sa_exc.DatabaseError) and not isinstance(
                exc, sa_exc.IntegrityError
            ):
                raise _operational(exc, self.url) from None
            raise

    def _begin_write(self) -> Session:
        """A session whose write transaction has begun (SQLite: holding the write lock).

        Nothing has been read or written yet when beginning fails, so beginning again after a
        pause is always safe; the last failure is raised.
        """
        for attempt in range(BEGIN_ATTEMPTS):
            session = self.sessions()
            mark_write_transaction(session)
            try:
                session.connection(execution_options={WRITE_OPTION: True})
                return session
            except sa_exc.OperationalError as exc:
                session.close()
                if not _is_conflict(exc) or attempt == BEGIN_ATTEMPTS - 1:
                    raise
            _pause(attempt)
        raise AssertionError("unreachable")  # the loop returns or raises

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (no commit); on SQLite its queries see one snapshot."""
        try:
            with self.sessions() as session:
                yield session
        except sa_exc.DatabaseError as exc:  # OperationalError and a damaged file (SQLITE_CORRUPT)
            if isinstance(exc, sa_exc.IntegrityError):
                raise
            raise _operational(exc, self.url) from None

    @property
    def evidence(self) -> EvidenceStore:
        """The evidence store of the folder and limit the database names now. Another workstation (or the
        command line) may change them while this program runs: they are read again when the last look is
        older than :data:`EVIDENCE_RECHECK_S`, so a running workbench follows a new shared folder within
        seconds instead of writing on into the old one (and a widget resolving 300 paths costs one look)."""
        now = time.monotonic()
        if self._evidence is None or now - self._evidence_read_at > EVIDENCE_RECHECK_S:
            folder, limit = self.evidence_folder(), self.evidence_limit()
            if self._evidence is None or self._evidence.root != folder or self._evidence.limit != limit:
                self._evidence = EvidenceStore(folder, limit)
            self._evidence_read_at = now
        return self._evidence

    def evidence_folder(self) -> Path:
        """Where evidence files and stored reports are: the shared folder named in the database, else
        the data folder's ``evidence/`` (see :meth:`set_evidence_folder`)."""
        with self.reading() as s:
            row = s.get(Setting, EVIDENCE_FOLDER_KEY)
        return Path(row.value) if row is not None and row.value else self.data_dir / "evidence"

    def set_evidence_folder(self, folder: str | os.PathLike[str] | None) -> Path:
        """Name the folder every workstation keeps evidence and reports in (None: back to the data folder's).

        The store is content-addressed (``ab/abcdef…`` by sha256), so the files of several data folders
        can be copied into one shared folder as they are; nothing is moved here. The folder must be an
        absolute path that exists and can be written (every workstation must reach it under that path).
        The change is one audited transaction (``settings.evidence_folder`` on the ``system`` chain).
        """
        new: str | None = None
        if folder is not None:
            new = _checked_folder(folder)
        busy = Text("另一个程序正在修改数据库，请重试", "another program is changing the database; try again")
        with self.transaction(busy=busy) as s:
            row = s.get(Setting, EVIDENCE_FOLDER_KEY)
            old = row.value if row is not None else None
            if old != new:
                if new is None:
                    s.delete(row)
                elif row is None:
                    s.add(Setting(key=EVIDENCE_FOLDER_KEY, value=new))
                else:
                    row.value = new
                audit.append(
                    s, chain=audit.SYSTEM_CHAIN, actor=self.actor, action=EVIDENCE_FOLDER_ACTION, old=old, new=new
                )
        self._evidence = None
        return self.evidence_folder()

    def evidence_limit(self) -> int:
        env = os.environ.get("CITYEVAL_EVIDENCE_LIMIT_MB")
        if env:
            try:
                megabytes = bounded_decimal(env.strip())
            except (ArithmeticError, ValueError):
                megabytes = None
            if megabytes is None or not 0 < megabytes <= MAX_EVIDENCE_LIMIT_MB:
                raise InputError.one(
                    Text(
                        f"应为大于 0、不超过 {MAX_EVIDENCE_LIMIT_MB} 的数字（单位 MB）",
                        f"expected a number of MB above 0 and at most {MAX_EVIDENCE_LIMIT_MB}",
                    ),
                    f"CITYEVAL_EVIDENCE_LIMIT_MB={env[:40]}",
                )
            return max(1, int(megabytes * 1024 * 1024))
        with self.reading() as s:
            row = s.get(Setting, EVIDENCE_LIMIT_KEY)
        return int(row.value) if row else DEFAULT_LIMIT

    def set_evidence_limit(self, limit_bytes: int) -> None:
        if limit_bytes <= 0:
            raise InputError.one(Text("上限必须大于 0", "the limit must be greater than 0"), "evidence limit")
        busy = Text("另一个程序正在修改数据库，请重试", "another program is changing the database; try again")
        with self.transaction(busy=busy) as s:
            row = s.get(Setting, EVIDENCE_LIMIT_KEY)
            if row is None:
                s.add(Setting(key=EVIDENCE_LIMIT_KEY, value=str(limit_bytes)))
            else:
                row.value = str(limit_bytes)
        self._evidence = None

    def settings(self) -> dict[str, str]:
        with self.reading() as s:
            return {r.key: r.value for r in s.scalars(select(Setting))}

    def close(self) -> None:
        self.engine.dispose()


def _checked_folder(folder: str | os.PathLike[str]) -> str:
    """An evidence folder as it is stored: absolute, an existing folder this program can write."""
    given = os.fspath(folder)
    where = given[:120]
    if not given.strip() or len(given) > MAX_FOLDER_PATH or "\x00" in given:
        raise InputError.one(
            Text(
                f"文件夹路径应为 1 至 {MAX_FOLDER_PATH} 个字符",
                f"the folder path must be 1 to {MAX_FOLDER_PATH} characters",
            ),
            where,
        )
    path = Path(given).expanduser()
    if not path.is_absolute():
        raise InputError.one(
            Text(
                "请写完整路径（以 / 或盘符开头），每个工作站都要按同一路径访问该文件夹",
                "give the full path (from / or a drive letter): every workstation reaches the folder by it",
            ),
            where,
        )
    if not path.is_dir():
        raise InputError.one(
            Text(
                "该文件夹不存在（请先创建或挂载共享文件夹）", "no such folder (create or mount the shared folder first)"
            ),
            where,
        )
    if not os.access(path, os.W_OK | os.X_OK):
        raise InputError.one(Text("该文件夹不可写", "the folder cannot be written"), where)
    return os.path.normpath(str(path))


def _operational(exc: sa_exc.DBAPIError, url: str) -> DatabaseError:
    """A database failure in words, by SQLite's result code (``store/open_errors.py``); the raw text is logged."""
    path = sqlite_path(url)
    if path is None:
        return open_errors.from_server(exc, url)
    if sqlite_file.error_kind(exc, path.parent) in ("readonly", "full", "busy", "locked"):
        doing = Text("无法保存", "cannot save")
        return open_errors.from_sqlite(exc, str(path), doing=doing)
    return open_errors.from_sqlite(exc, str(path))


def open_context(
    db: str | os.PathLike[str] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    actor: str | None = None,
    *,
    read_only: bool = False,
) -> AppContext:
    """Open the database (migrating it) and the data folder; raise DatabaseError if unusable.

    ``read_only`` opens an existing SQLite file at the current schema so that nothing can be
    written to it (:mod:`cityeval_desktop.store.read_only`), and every transaction is refused.
    """
    folder = paths.data_dir(data_dir)
    url = resolve_url(db, folder)
    reason: Text | None = None
    if read_only:
        from cityeval_desktop.store.read_only import open_read_only

        engine = open_read_only(url)
    else:
        opened = open_store(url)
        engine, reason = opened.engine, opened.read_only
    return AppContext(
        data_dir=folder,
        url=url,
        engine=engine,
        sessions=session_factory(engine),
        actor=actor or _default_actor(),
        read_only=read_only or reason is not None,
        read_only_reason=reason,
    )


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (containers, services)
        return "unknown"
