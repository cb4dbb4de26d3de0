"""A first look at the case list, read with the standard library before SQLAlchemy is loaded.

Importing SQLAlchemy and the ORM models costs about 0.3 s, two bare Qt windows' worth of start-up.
The workbench paints its first screen (the case list) from :func:`peek`, then opens the real
context (:func:`cityeval_desktop.services.context.open_context`) right after that first paint.

The look is strictly read-only and strictly optional: it answers only for an existing SQLite file
whose schema is already current, and returns None for anything else (a new or foreign file, one that
needs migrating, a server database, a locked or damaged one, odd data), so that the normal start
path runs and explains the problem exactly as before. It never creates, migrates or changes a file.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass

from cityeval_desktop import paths
from cityeval_desktop.services.summaries import CaseSummary, list_sql, summary_from_values
from cityeval_desktop.store import sqlite_file
from cityeval_desktop.store.location import SCHEMA_HEAD, plain_sqlite_file, resolve_url


@dataclass(frozen=True)
class CaseListPreview:
    """The case list as the database holds it now, and where it came from."""

    url: str
    cases: list[CaseSummary]


def peek(
    db: str | os.PathLike[str] | None = None, data_dir: str | os.PathLike[str] | None = None
) -> CaseListPreview | None:
    """The latest revision of every case, newest first, or None when only the full start path can tell.

    Args:
        db: ``--db`` as given (a path or a URL), else ``CITYEVAL_DB``, else the data folder's database.
        data_dir: ``--data-dir`` as given, else ``CITYEVAL_DATA_DIR``, else the user data folder.

    Returns:
        The rows :func:`cityeval_desktop.services.cases.list_cases` would return, or None.
    """
    url = resolve_url(db, paths.data_dir(data_dir))
    path = plain_sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        # read-only, creating nothing beside it (no -wal/-shm left by a look); a zero timeout: a locked
        # file is the full path's case
        conn = sqlite3.connect(sqlite_file.read_only_uri(path), uri=True, timeout=0)
    except (sqlite3.Error, ValueError, sqlite_file.PathRefusedError):
        return None
    try:
        versions = [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
        if versions != [SCHEMA_HEAD]:
            return None
        cases = [summary_from_values(row) for row in conn.execute(list_sql())]
    except (sqlite3.Error, ValueError, TypeError, KeyError, IndexError):
        return None
    finally:
        conn.close()
    return CaseListPreview(url=url, cases=cases)
