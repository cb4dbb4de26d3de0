"""Engine and session factory; opening a database applies migrations (backup first)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.store.location import DB_FILENAME as DB_FILENAME  # re-exported
from cityeval_desktop.store.location import SCHEMA_HEAD
from cityeval_desktop.store.location import resolve_url as resolve_url  # re-exported

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_BACKUP_PAGES = 256  # pages copied per backup step (1 MB with 4 KB pages): progress and cancel in between


class DatabaseError(DomainError):
    """The database cannot be used: not a database, newer schema, locked, read-only."""


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, None for other databases or in-memory ones."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


# A transaction that will write starts with BEGIN IMMEDIATE: it takes SQLite's write lock before
# its first read, so everything it reads (the checks, the old values it audits) is still true when it
# writes. Connections carry this execution option for that (``services/context.py transaction``).
WRITE_OPTION = "cityeval_write"
_MIGRATION_LOCK_KEY = 0x4369747945766C  # PostgreSQL advisory lock held while migrating ("CityEvl")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # SQLAlchemy's pysqlite recipe: the driver sends no BEGIN of its own (it would send it late, at
    # the first INSERT/UPDATE, after the reads); :func:`_sqlite_begin` sends it at the start.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA busy_timeout = 5000")
        cur.execute("PRAGMA foreign_keys = ON")
        mode = cur.execute("PRAGMA journal_mode").fetchone()
        if mode and mode[0] != "wal":
            # read-only media: stay in the current journal mode
            with contextlib.suppress(sqlite3.OperationalError):
                cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
    finally:
        cur.close()


def _sqlite_begin(conn: Connection) -> None:
    """BEGIN IMMEDIATE for a write transaction (waits up to the busy timeout), a plain BEGIN for reads.

    A read transaction then sees one snapshot for all its queries (WAL: readers never wait).
    """
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(_alembic_config()).get_heads()
    return heads[0]


def _describe(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).strip()


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys, a busy timeout, full sync."""
    path = sqlite_path(url)
    if path is not None:
        if path.is_dir():
            raise DatabaseError(
                Text("这是一个文件夹，不是数据库文件", "this is a folder, not a database file"), str(path)
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                Text(f"无法创建数据库所在文件夹：{exc.strerror}", f"cannot create the database folder: {exc.strerror}"),
                str(path.parent),
            ) from None
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except (sa_exc.ArgumentError, sa_exc.NoSuchModuleError, ImportError) as exc:
        raise DatabaseError(Text(f"无法使用该数据库地址：{exc}", f"cannot use this database URL: {exc}"), url) from None


def backup_database(engine: Engine, out: Path, progress: Callable[[int, int], None] | None = None) -> Path:
    """Copy a SQLite database consistently (online backup API) to ``out``.

    ``progress(done_pages, total_pages)`` is called between steps; an exception it raises (a
    cancel) stops the copy and leaves no file behind.
    """
    if engine.dialect.name != "sqlite":
        raise DatabaseError(
            Text(
                "仅支持备份 SQLite 数据库；服务器数据库请用其自带工具（如 pg_dump）",
                "only SQLite databases can be backed up here; use the server's own tool (e.g. pg_dump)",
            ),
            str(engine.url),
        )
    out = out.expanduser().resolve()
    if out.exists():
        raise DatabaseError(Text("目标文件已存在，不会覆盖", "the target file exists; it is not overwritten"), str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(tmp)
        try:
            if progress is None:
                raw.driver_connection.backup(dest)  # type: ignore[union-attr]
            else:
                raw.driver_connection.backup(  # type: ignore[union-attr]
                    dest, pages=_BACKUP_PAGES, progress=lambda _s, left, total: progress(total - left, total)
                )
        finally:
            dest.close()
        with tmp.open("rb+") as fh:  # the copy is on disk before it takes the target's name
            os.fsync(fh.fileno())
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        raw.close()
    return out


# SQLite's header field for "which application's file is this" (PRAGMA application_id): "CEVD".
# Alembic revision ids like "0001" are common to many applications, so a revision alone does not
# say a file is ours; files made before the id was written are recognised by CityEval's own tables.
APPLICATION_ID = 0x43455644
_OWN_TABLES = frozenset({"audit", "entities", "frameworks", "settings", "cases", "answers", "evidence"})


def _application_id(conn: Connection) -> int:
    return int(conn.execute(text("PRAGMA application_id")).scalar() or 0)


def _mark_as_ours(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.commit()


def open_database(url: str, *, migrate: bool = True) -> Engine:
    """Open (creating if needed) and migrate a database; refuse foreign or newer ones."""
    engine = create_db_engine(url)
    if _at_schema_head(url, engine):
        return engine
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    where = str(sqlite_path(url) or url)
    script = ScriptDirectory.from_config(_alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    head = script.get_current_head()
    # Look without the connect hook: it switches the file to WAL, which rewrites the
    # header of a foreign or newer database that must be refused untouched.
    probe = create_engine(url, connect_args={"timeout": 5}) if sqlite_path(url) is not None else engine
    try:
        with probe.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            tables = set(inspect(conn).get_table_names())
            app_id = _application_id(conn) if sqlite_path(url) is not None else APPLICATION_ID
    except sa_exc.DatabaseError as exc:
        engine.dispose()
        msg = _describe(exc)
        if "not a database" in msg or "malformed" in msg:
            raise DatabaseError(
                Text(
                    "该文件不是 CityEval 数据库（也不是 SQLite 数据库）",
                    "this file is not a CityEval database (not even SQLite)",
                ),
                where,
            ) from None
        if "locked" in msg:
            raise DatabaseError(
                Text(
                    "数据库被其他程序锁定，请关闭后重试",
                    "the database is locked by another program; close it and retry",
                ),
                where,
            ) from None
        raise DatabaseError(Text(f"无法打开数据库：{msg}", f"cannot open the database: {msg}"), where) from None
    finally:
        if probe is not engine:
            probe.dispose()
    if current is None and tables - {"alembic_version"}:
        engine.dispose()
        raise DatabaseError(
            Text(
                "该数据库不是由 CityEval 创建的（缺少版本信息），未做任何修改",
                "this database was not made by CityEval (no schema version); nothing was changed",
            ),
            where,
        )
    foreign = app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables and not tables >= _OWN_TABLES)
    if sqlite_path(url) is not None and current is not None and foreign:
        # another application's SQLite file, perhaps Alembic-managed at a revision with our name
        engine.dispose()
        raise DatabaseError(
            Text(
                "该数据库属于其他应用程序（不是 CityEval 数据库），未做任何修改；请选择 CityEval 的数据库文件",
                "this database belongs to another application (not a CityEval database); nothing was changed. "
                "Choose a CityEval database file",
            ),
            where,
        )
    if current is not None and current not in known:
        engine.dispose()
        raise DatabaseError(
            Text(
                f"该数据库由更新版本的 CityEval 创建（结构版本 {current}），请升级软件后再打开；未做任何修改",
                f"this database was made by a newer CityEval (schema {current}); "
                "install the newer version to open it. Nothing was changed.",
            ),
            where,
        )
    if current != head and migrate:
        if current is not None and engine.dialect.name == "sqlite":
            path = sqlite_path(url)
            assert path is not None
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            backup_database(engine, path.with_name(f"{path.name}.before-{head}-{stamp}.bak"))
        cfg = _alembic_config()
        try:
            # under the write lock (BEGIN IMMEDIATE): a second process opening the same new or old file
            # at the same moment waits, then finds it at the head and upgrades nothing
            with engine.connect() as conn, conn.execution_options(**{WRITE_OPTION: True}).begin():
                if conn.dialect.name == "postgresql":  # the same on a server: one migrating process at a time
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except sa_exc.OperationalError as exc:
            engine.dispose()
            msg = _describe(exc)
            if "readonly" in msg.replace("-", "") or "read only" in msg:
                raise DatabaseError(
                    Text(
                        "数据库为只读，无法初始化或升级", "the database is read-only; it cannot be set up or upgraded"
                    ),
                    where,
                ) from None
            raise DatabaseError(Text(f"无法初始化数据库：{msg}", f"cannot set up the database: {msg}"), where) from None
    if sqlite_path(url) is not None and app_id != APPLICATION_ID and migrate:
        _mark_as_ours(engine)  # a new file, or one made before the id was written
    return engine


def _at_schema_head(url: str, engine: Engine) -> bool:
    """True when the database is a CityEval one at SCHEMA_HEAD: one quick read, no Alembic.

    Like the full check it reads without the connect hook (no switch to WAL), and it does not
    wait on locks; anything else (new file, other schema version, not a database, locked) goes
    through the full check, which explains it.
    """
    probe = create_engine(url, connect_args={"timeout": 0}) if sqlite_path(url) is not None else engine
    try:
        with probe.connect() as conn:
            versions = [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
            if sqlite_path(url) is not None and _application_id(conn) != APPLICATION_ID:
                return False  # not marked as ours (yet): the full check decides
    except sa_exc.DBAPIError:
        return False
    finally:
        if probe is not engine:
            probe.dispose()
    return versions == [SCHEMA_HEAD]


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
