"""The application context: database, data folder, evidence store and settings in one place."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from cityeval_desktop import paths
from cityeval_desktop.domain.text import Text
from cityeval_desktop.services.errors import InputError, StateError
from cityeval_desktop.store.engine import DatabaseError, open_database, resolve_url, session_factory
from cityeval_desktop.store.evidence import DEFAULT_LIMIT, EvidenceStore
from cityeval_desktop.store.models import Setting

EVIDENCE_LIMIT_KEY = "evidence_limit_bytes"


@dataclass
class AppContext:
    """What every service needs; built once per process by :func:`open_context`."""

    data_dir: Path
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    actor: str
    read_only: bool = False  # a second workbench on the same database file: looks, never writes
    _evidence: EvidenceStore | None = field(default=None, repr=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: a session in one transaction, committed or rolled back whole."""
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
            with self.sessions() as session, session.begin():
                yield session
        except sa_exc.OperationalError as exc:
            raise _operational(exc, self.url) from None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (no commit)."""
        try:
            with self.sessions() as session:
                yield session
        except sa_exc.OperationalError as exc:
            raise _operational(exc, self.url) from None

    @property
    def evidence(self) -> EvidenceStore:
        if self._evidence is None:
            self._evidence = EvidenceStore(self.data_dir / "evidence", self.evidence_limit())
        return self._evidence

    def evidence_limit(self) -> int:
        env = os.environ.get("CITYEVAL_EVIDENCE_LIMIT_MB")
        if env:
            try:
                return int(float(env) * 1024 * 1024)
            except ValueError:
                raise InputError.one(
                    Text("应为数字（MB）", "expected a number of MB"), f"CITYEVAL_EVIDENCE_LIMIT_MB={env}"
                ) from None
        with self.reading() as s:
            row = s.get(Setting, EVIDENCE_LIMIT_KEY)
        return int(row.value) if row else DEFAULT_LIMIT

    def set_evidence_limit(self, limit_bytes: int) -> None:
        if limit_bytes <= 0:
            raise InputError.one(Text("上限必须大于 0", "the limit must be greater than 0"), "evidence limit")
        with self.transaction() as s:
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


def _operational(exc: sa_exc.OperationalError, url: str) -> DatabaseError:
    msg = str(exc.orig or exc)
    if "locked" in msg or "busy" in msg:
        return DatabaseError(
            Text(
                "数据库正被其他程序使用（已锁定），请稍后重试；未做任何修改",
                "the database is locked by another program; try again. Nothing was changed.",
            ),
            url,
        )
    if "readonly" in msg or "read-only" in msg:
        return DatabaseError(
            Text("数据库为只读，无法保存；未做任何修改", "the database is read-only; nothing could be saved"), url
        )
    if "disk" in msg and "full" in msg:
        return DatabaseError(Text("磁盘已满，无法保存；未做任何修改", "the disk is full; nothing was saved"), url)
    return DatabaseError(Text(f"数据库错误：{msg}", f"database error: {msg}"), url)


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
    if read_only:
        from cityeval_desktop.store.read_only import open_read_only

        engine = open_read_only(url)
    else:
        engine = open_database(url)
    return AppContext(
        data_dir=folder,
        url=url,
        engine=engine,
        sessions=session_factory(engine),
        actor=actor or _default_actor(),
        read_only=read_only,
    )


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (containers, services)
        return "unknown"
