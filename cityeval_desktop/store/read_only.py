"""Opening an existing SQLite database strictly read-only: a second workbench looks, never writes.

The connection is opened with SQLite's ``mode=ro`` and ``PRAGMA query_only``, so any write fails
inside SQLite itself (not only where the workbench remembers to check); nothing is created,
migrated or switched to WAL, and the file's bytes and time stamp stay as they are.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Engine, create_engine, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.pool import QueuePool

from cityeval_desktop.domain.text import Text
from cityeval_desktop.store.engine import DatabaseError, sqlite_path
from cityeval_desktop.store.location import SCHEMA_HEAD


def open_read_only(url: str) -> Engine:
    """An engine on the existing SQLite database of ``url`` that cannot write.

    Raises:
        DatabaseError: not a SQLite file, missing, not a CityEval database at the current schema
            (a database to upgrade must be opened normally, by the workbench that may write).
    """
    path = sqlite_path(url)
    if path is None:
        raise DatabaseError(
            Text("只读打开仅适用于数据库文件", "only a database file can be opened read-only"),
            url,
        )
    if not path.is_file():
        raise DatabaseError(
            Text("数据库文件不存在，无法只读打开", "the database file does not exist; it cannot be opened read-only"),
            str(path),
        )
    uri = f"{path.resolve().as_uri()}?mode=ro"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, timeout=5, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
    try:
        with engine.connect() as conn:
            versions = [row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))]
    except sa_exc.DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig or exc)
        raise DatabaseError(
            Text(f"无法只读打开数据库：{reason}", f"cannot open the database read-only: {reason}"), str(path)
        ) from None
    if versions != [SCHEMA_HEAD]:
        engine.dispose()
        raise DatabaseError(
            Text(
                "该数据库需要先升级结构，只读方式无法升级；请关闭另一个工作台后正常打开",
                "this database needs an upgrade, which read-only mode cannot do; "
                "close the other workbench and open it normally",
            ),
            str(path),
        )
    return engine
