"""Engine and session factory; opening a database applies migrations (backup first)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from cityeval_desktop.domain.os_errors import os_reason
from cityeval_desktop.domain.text import Text
from cityeval_desktop.store import open_errors, sqlite_file
from cityeval_desktop.store.location import DB_FILENAME as DB_FILENAME  # re-exported
from cityeval_desktop.store.location import SCHEMA_HEAD
from cityeval_desktop.store.location import resolve_url as resolve_url  # re-exported

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_BACKUP_PAGES = 256  # pages copied per backup step (1 MB with 4 KB pages): progress and cancel in between


DatabaseError = open_errors.DatabaseError  # re-exported: every database error is worded there


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, None for other databases or in-memory ones.

    A ``uri=true`` URL names its file as ``file:PATH?…`` (SQLite's URI form).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    if _uri_form(url) is not None:
        target = unquote(urlsplit(parsed.database).path)
        return Path(target) if target and target != ":memory:" else None
    return Path(parsed.database)


def _uri_form(url: str) -> dict[str, list[str]] | None:
    """The query of a SQLite ``file:`` URI given with ``uri=true`` (None for a plain path)."""
    parsed = make_url(url)
    if str(parsed.query.get("uri", "")).lower() not in ("true", "1") or not (parsed.database or "").startswith("file:"):
        return None
    return parse_qs(urlsplit(parsed.database).query)


def _asks_read_only(url: str) -> bool:
    """The URL itself opens the file read-only (``file:PATH?mode=ro`` with ``uri=true``)."""
    query = _uri_form(url)
    return query is not None and "ro" in query.get("mode", [])


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


# A write transaction on a server waits this long for a lock another writer holds (SQLite's busy
# timeout), then fails with lock_not_available, which the services retry (services/context.py).
SERVER_LOCK_TIMEOUT = "5s"


def _server_begin(conn: Connection) -> None:
    """A write transaction on PostgreSQL waits for a lock at most :data:`SERVER_LOCK_TIMEOUT`."""
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{SERVER_LOCK_TIMEOUT}'")


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(_alembic_config()).get_heads()
    return heads[0]


def _looked(path: Path) -> sqlite_file.FileLook:
    """The file behind ``--db``, looked at before SQLite touches it (devices, pipes, folders refused)."""
    try:
        return sqlite_file.look(path)
    except sqlite_file.PathRefusedError as exc:
        raise open_errors.refused_path(path, exc) from None


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys, a busy timeout, full sync."""
    path = sqlite_path(url)
    if path is not None:
        _looked(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = os_reason(exc)
            raise DatabaseError(
                Text(f"无法创建数据库所在文件夹：{reason.zh}", f"cannot create the database folder: {reason.en}"),
                str(path.parent),
            ) from None
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except (sa_exc.ArgumentError, sa_exc.NoSuchModuleError, ImportError) as exc:
        if isinstance(exc, ImportError) and _backend(url) == "postgresql":
            raise open_errors.no_postgresql_driver(url) from None
        raise DatabaseError(
            Text("无法使用该数据库地址（格式不对，或缺少该数据库的驱动程序）", f"cannot use this database URL: {exc}"),
            open_errors.shown_url(url),
        ) from None
    if engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _server_begin)
    return engine


def _backend(url: str) -> str | None:
    try:
        return make_url(url).get_backend_name()
    except sa_exc.ArgumentError:
        return None


def backup_database(engine: Engine, out: Path, progress: Callable[[int, int], None] | None = None) -> Path:
    """Copy a SQLite database consistently (online backup API) to ``out``; a PostgreSQL one with pg_dump.

    ``progress(done_pages, total_pages)`` is called between steps; an exception it raises (a
    cancel) stops the copy and leaves no file behind.
    """
    if engine.dialect.name == "postgresql":
        from cityeval_desktop.store import server_backup

        return server_backup.dump(engine.url, out, progress)
    if engine.dialect.name != "sqlite":
        raise DatabaseError(
            Text(
                "仅支持备份 SQLite 与 PostgreSQL 数据库；其他服务器数据库请用其自带工具",
                "only SQLite and PostgreSQL databases can be backed up here; use the server's own tools",
            ),
            engine.url.render_as_string(hide_password=True),
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
APPLICATION_ID = sqlite_file.APPLICATION_ID
_OWN_TABLES = frozenset({"audit", "entities", "frameworks", "settings", "cases", "answers", "evidence"})
_OPENING = Text("无法打开数据库", "cannot open the database")
_SETTING_UP = Text("无法初始化或升级数据库", "cannot set up or upgrade the database")


def _mark_as_ours(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.commit()


@dataclass(frozen=True)
class Opened:
    """An open database; ``read_only`` says why it could only be opened for reading (else None)."""

    engine: Engine
    read_only: Text | None = None


@dataclass(frozen=True)
class _Probe:
    versions: list[str]
    tables: set[str]
    application_id: int


def open_database(url: str, *, migrate: bool = True) -> Engine:
    """Open (creating if needed) and migrate a database; refuse foreign or newer ones.

    A database that can only be read (read-only media, a full disk) is refused with the reason;
    :func:`open_store` opens such a one read-only instead.
    """
    return open_store(url, migrate=migrate, allow_read_only=False).engine


def open_store(url: str, *, migrate: bool = True, allow_read_only: bool = True) -> Opened:
    """Open (creating if needed) and migrate a database, or open it read-only when it cannot be written.

    A SQLite file is looked at before SQLite opens it (a regular file, SQLite's header, the
    application id), then read without creating anything beside it; only a CityEval file that can be
    written is opened for writing, so a refused file keeps its bytes and gets no ``-wal``, ``-shm``
    or ``-journal``.

    Raises:
        DatabaseError: not a database, another application's, newer, damaged, unreadable; or, without
            ``allow_read_only``, one that cannot be written.
    """
    path = sqlite_path(url)
    if path is None:
        return Opened(_open_server(url, migrate=migrate))
    return _open_sqlite(url, path, migrate=migrate, allow_read_only=allow_read_only)


def _open_sqlite(url: str, path: Path, *, migrate: bool, allow_read_only: bool) -> Opened:
    where = str(path)
    seen = _looked(path)
    if not seen.is_new and not seen.is_sqlite:
        raise open_errors.not_sqlite(path)
    if seen.application_id not in (0, APPLICATION_ID):
        raise open_errors.foreign(where)
    if seen.is_new and not _asks_read_only(url) and not path.parent.exists():
        _make_folder(path.parent)  # a new database in a new folder, as before: the folder is made
    can_write = sqlite_file.writable(path, seen) and not _asks_read_only(url)
    at_head = False
    if seen.is_new:
        if not can_write:
            raise open_errors.read_only_cannot_set_up(where, _cannot_write(path))
    else:
        found = _probe_sqlite(path, seen)
        _refuse_unless_ours(found, where)
        at_head = found.versions == [SCHEMA_HEAD] and found.application_id == APPLICATION_ID
        if not can_write:
            if at_head and _asks_read_only(url):  # as asked: SQLite itself refuses every write
                return Opened(create_db_engine(url))
            if at_head and allow_read_only:
                return Opened(_read_only_engine(url), open_errors.READ_ONLY_MEDIUM)
            raise open_errors.read_only_cannot_set_up(where, _cannot_write(path))
    before = sqlite_file.existing_sidecars(path)
    engine = create_db_engine(url)
    try:
        with engine.connect() as conn:  # the connect hook switches the file to WAL
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except sa_exc.DBAPIError as exc:
        engine.dispose()
        _clean_up_failed_open(path, seen, before)
        if at_head and allow_read_only and sqlite_file.error_kind(exc, path.parent) == "full":
            return Opened(_read_only_engine(url), open_errors.DISK_FULL)
        raise open_errors.from_sqlite(exc, where, doing=_OPENING) from None
    if at_head:
        return Opened(engine)
    try:
        _migrate(engine, url, path, migrate=migrate, new=seen.is_new)
        if migrate:
            _mark(engine, where)  # a new file, or one made before the id was written
    except DatabaseError:
        engine.dispose()
        _clean_up_failed_open(path, seen, before)
        raise
    return Opened(engine)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = os_reason(exc)
        raise DatabaseError(
            Text(f"无法创建数据库所在的文件夹：{reason.zh}", f"cannot create the database folder: {reason.en}"),
            str(folder),
        ) from None


def _clean_up_failed_open(path: Path, seen: sqlite_file.FileLook, before: set[Path]) -> None:
    """Nothing left behind by an open that failed: new empty side files, and a new file still empty."""
    sqlite_file.remove_new_sidecars(path, before)
    if not seen.exists:
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink() and path.stat().st_size == 0:
                path.unlink()


def _cannot_write(path: Path) -> Text:
    if sqlite_file.low_on_space(path.parent):
        return Text("磁盘已满", "the disk is full")
    return Text(
        "数据库文件或其所在文件夹不可写（只读）", "the database file or its folder cannot be written (read-only)"
    )


def _read_only_engine(url: str) -> Engine:
    from cityeval_desktop.store.read_only import open_read_only

    return open_read_only(url)


def _probe_sqlite(path: Path, seen: sqlite_file.FileLook) -> _Probe:
    """Versions, tables and application id, read without writing or creating anything."""
    try:
        conn = sqlite3.connect(sqlite_file.read_only_uri(path, seen), uri=True, timeout=5)
    except sqlite3.Error as exc:
        raise open_errors.from_sqlite(exc, str(path), doing=_OPENING) from None
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        versions: list[str] = []
        if "alembic_version" in tables:
            versions = [str(r[0]) for r in conn.execute("SELECT version_num FROM alembic_version")]
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0] or 0)
    except sqlite3.Error as exc:
        raise open_errors.from_sqlite(exc, str(path), doing=_OPENING) from None
    finally:
        conn.close()
    return _Probe(versions, tables, app_id)


def _refuse_unless_ours(found: _Probe, where: str) -> None:
    """Refuse a file that is not a CityEval database this program can open (nothing has been changed)."""
    if not found.versions and found.tables - {"alembic_version"}:
        raise DatabaseError(
            Text(
                "该数据库不是由 CityEval 创建的（缺少版本信息），未做任何修改",
                "this database was not made by CityEval (no schema version); nothing was changed",
            ),
            where,
        )
    app_id = found.application_id
    if found.versions and (app_id not in (0, APPLICATION_ID) or (app_id == 0 and not found.tables >= _OWN_TABLES)):
        # another application's SQLite file, perhaps Alembic-managed at a revision with our name
        raise open_errors.foreign(where)
    if len(found.versions) > 1:
        raise open_errors.several_versions(where, found.versions)
    if found.versions and found.versions[0] != SCHEMA_HEAD:
        _refuse_unknown(found.versions[0], where)


def _refuse_unknown(current: str, where: str) -> None:
    from alembic.script import ScriptDirectory

    known = {rev.revision for rev in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}
    if current not in known:
        raise DatabaseError(
            Text(
                f"该数据库由更新版本的 CityEval 创建（结构版本 {current[:32]}），请升级软件后再打开；未做任何修改",
                f"this database was made by a newer CityEval (schema {current[:32]}); "
                "install the newer version to open it. Nothing was changed.",
            ),
            where,
        )


def _migrate(engine: Engine, url: str, path: Path | None, *, migrate: bool, new: bool) -> None:
    """Upgrade to the head under the write lock, with a backup of an existing SQLite file first."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    where = str(path or url)
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    except sa_exc.DBAPIError as exc:
        engine.dispose()
        raise _failure(exc, where, path, _OPENING) from None
    head = head_revision()
    if current == head or not migrate:
        return
    if current is not None and path is not None and not new:
        _refuse_damaged(engine, path)  # a damaged file is neither copied as a "backup" nor half upgraded
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        try:
            backup_database(engine, path.with_name(f"{path.name}.before-{head}-{stamp}.bak"))
        except (OSError, sqlite3.Error) as exc:
            engine.dispose()
            reason = os_reason(exc) if isinstance(exc, OSError) else sqlite_file.reason(sqlite_file.error_kind(exc))
            raise DatabaseError(
                Text(
                    f"升级前无法写入备份：{reason.zh}；数据库未升级，未做任何修改",
                    f"the backup before the upgrade cannot be written: {reason.en}; the database was not upgraded",
                ),
                where,
            ) from None
    cfg = _alembic_config()
    try:
        # under the write lock (BEGIN IMMEDIATE): a second process opening the same new or old file
        # at the same moment waits, then finds it at the head and upgrades nothing
        with engine.connect() as conn, conn.execution_options(**{WRITE_OPTION: True}).begin():
            if conn.dialect.name == "postgresql":  # the same on a server: one migrating process at a time
                # a long upgrade by another workstation is waited for to its end (not the writers' 5 s)
                conn.exec_driver_sql("SET LOCAL lock_timeout = 0")
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except sa_exc.DBAPIError as exc:
        engine.dispose()
        raise _failure(exc, where, path, _SETTING_UP) from None


def _refuse_damaged(engine: Engine, path: Path) -> None:
    try:
        with engine.connect() as conn:
            found = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check(1)")]
    except sa_exc.DBAPIError as exc:
        engine.dispose()
        raise open_errors.from_sqlite(exc, str(path), doing=_SETTING_UP) from None
    if found != ["ok"]:
        engine.dispose()
        raise DatabaseError(sqlite_file.damaged(path), str(path))


def _failure(exc: sa_exc.DBAPIError, where: str, path: Path | None, doing: Text) -> DatabaseError:
    if path is not None:
        return open_errors.from_sqlite(exc, where, doing=doing)
    return open_errors.from_server(exc, where, doing=doing)


def _mark(engine: Engine, where: str) -> None:
    try:
        _mark_as_ours(engine)
    except sa_exc.DBAPIError as exc:
        engine.dispose()
        raise open_errors.from_sqlite(exc, where, doing=_SETTING_UP) from None


def _open_server(url: str, *, migrate: bool) -> Engine:
    """A server database (PostgreSQL): refused when it holds another schema or a newer one, else migrated."""
    from alembic.runtime.migration import MigrationContext

    engine = create_db_engine(url)
    try:
        with engine.connect() as conn:
            heads = list(MigrationContext.configure(conn).get_current_heads())
            tables = set(inspect(conn).get_table_names())
    except sa_exc.DBAPIError as exc:
        engine.dispose()
        raise _failure(exc, url, None, _OPENING) from None
    try:
        _refuse_unless_ours(_Probe(heads, tables, APPLICATION_ID), open_errors.shown_url(url))
        if heads != [SCHEMA_HEAD]:
            _migrate(engine, url, None, migrate=migrate, new=not heads)
    except DatabaseError:
        engine.dispose()
        raise
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
