"""Opening an existing SQLite database strictly read-only: a second workbench, or read-only media.

The connection is opened with SQLite's ``mode=ro`` and ``PRAGMA query_only``, so any write fails
inside SQLite itself (not only where the workbench remembers to check); nothing is created,
migrated or switched to WAL, and the file's bytes and time stamp stay as they are. A WAL file with
no ``-wal``/``-shm`` beside it is opened ``immutable`` (:func:`.sqlite_file.read_only_uri`), which
is what makes it readable where those files cannot be made (a read-only medium, a full disk).
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Engine, create_engine, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.pool import QueuePool

from cityeval_desktop.domain.text import Text
from cityeval_desktop.store import open_errors, sqlite_file
from cityeval_desktop.store.engine import DatabaseError, sqlite_path
from cityeval_desktop.store.location import SCHEMA_HEAD

_OPENING = Text("无法只读打开数据库", "cannot open the database read-only")


def open_read_only(url: str) -> Engine:
    """An engine on the existing SQLite database of ``url`` that cannot write.

    Raises:
        DatabaseError: not a regular SQLite file, missing, damaged, not a CityEval database at the
            current schema (a database to upgrade must be opened normally, by the workbench that may write).
    """
    path = sqlite_path(url)
    if path is None:
        raise DatabaseError(
            Text("只读打开仅适用于数据库文件", "only a database file can be opened read-only"),
            url,
        )
    try:
        seen = sqlite_file.look(path)
    except sqlite_file.PathRefusedError as exc:
        raise open_errors.refused_path(path, exc) from None
    if not seen.exists:
        raise DatabaseError(
            Text("数据库文件不存在，无法只读打开", "the database file does not exist; it cannot be opened read-only"),
            str(path),
        )
    if not seen.is_sqlite:
        raise open_errors.not_sqlite(path)
    if seen.application_id not in (0, sqlite_file.APPLICATION_ID):
        raise open_errors.foreign(str(path))
    uri = sqlite_file.read_only_uri(path, seen)

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, timeout=5, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
    try:
        with engine.connect() as conn:
            named = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'")).scalar()
            versions = (
                [row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))] if named else []
            )
    except sa_exc.DBAPIError as exc:
        engine.dispose()
        raise open_errors.from_sqlite(exc, str(path), doing=_OPENING) from None
    if len(versions) > 1:
        engine.dispose()
        raise open_errors.several_versions(str(path), [str(v) for v in versions])
    if not versions:
        engine.dispose()
        raise DatabaseError(
            Text(
                "该数据库不是由 CityEval 创建的（缺少版本信息），未做任何修改",
                "this database was not made by CityEval (no schema version); nothing was changed",
            ),
            str(path),
        )
    if versions != [SCHEMA_HEAD]:
        engine.dispose()
        raise DatabaseError(
            Text(
                "该数据库需要先升级结构，只读方式无法升级；请在可以修改它的地方正常打开（例如关闭另一个工作台后）",
                "this database needs an upgrade, which read-only mode cannot do; open it normally where it can "
                "be changed (for example after closing the other workbench)",
            ),
            str(path),
        )
    return engine
