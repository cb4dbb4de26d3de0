"""A backup of a PostgreSQL database: ``pg_dump`` in its custom format, restored with ``pg_restore``.

The dump is written beside the target as ``NAME.partial``, fsynced and renamed, like a SQLite
backup; a cancel or a failure leaves no file. The password goes to ``pg_dump`` in its environment
(``PGPASSWORD``), never on its command line where other users of the machine could read it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import URL

from cityeval_desktop.domain.text import Text
from cityeval_desktop.store.open_errors import DatabaseError

PG_DUMP_ENV = "CITYEVAL_PG_DUMP"  # an explicit pg_dump program (else PATH, else Debian's server folders)
_POLL_SECONDS = 0.1
_CONNECT_TIMEOUT = "15"


def pg_dump_program() -> str | None:
    """The ``pg_dump`` to run: ``CITYEVAL_PG_DUMP``, else the one on PATH, else the newest under /usr/lib/postgresql."""
    explicit = os.environ.get(PG_DUMP_ENV, "").strip()
    if explicit:
        return explicit if Path(explicit).is_file() and os.access(explicit, os.X_OK) else None
    found = shutil.which("pg_dump")
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"), key=_major)
    return str(candidates[-1]) if candidates else None


def _major(path: Path) -> int:
    match = re.fullmatch(r"\d+", path.parent.parent.name)
    return int(match.group()) if match else 0


def dump(url: URL, out: Path, progress: Callable[[int, int], None] | None = None) -> Path:
    """Dump the database at ``url`` to the new file ``out`` (never overwritten).

    ``progress(0, 1)`` is called while pg_dump runs and ``progress(1, 1)`` when it has finished; an
    exception it raises (a cancel) stops pg_dump and leaves no file behind.

    Raises:
        DatabaseError: No pg_dump, or pg_dump failed (its own message, which names the cause).
        OSError: The target folder cannot be written.
    """
    program = pg_dump_program()
    if program is None:
        raise DatabaseError(
            Text(
                "找不到 pg_dump（PostgreSQL 客户端工具）：请安装（Debian/Ubuntu：apt-get install postgresql-client），"
                f"或用环境变量 {PG_DUMP_ENV} 指明其位置；未写入任何文件",
                "pg_dump (the PostgreSQL client tools) is not installed: install it (Debian/Ubuntu: apt-get install "
                f"postgresql-client) or name it in {PG_DUMP_ENV}; no file was written",
            ),
            "pg_dump",
        )
    out = out.expanduser().resolve()
    if out.exists():
        raise DatabaseError(Text("目标文件已存在，不会覆盖", "the target file exists; it is not overwritten"), str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    # libpq's own URI (no driver name, no password); the password and a connect time-out in the environment
    target = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = {**os.environ, "PGCONNECT_TIMEOUT": _CONNECT_TIMEOUT}
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    command = [program, "--format=custom", "--no-password", f"--file={tmp}", f"--dbname={target}"]
    try:
        with subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
        ) as proc:
            try:
                while proc.poll() is None:
                    if progress is not None:
                        progress(0, 1)
                    time.sleep(_POLL_SECONDS)
            except BaseException:
                proc.kill()
                raise
            assert proc.stderr is not None
            said = proc.stderr.read().decode("utf-8", "replace")
        if proc.returncode != 0:
            detail = " ".join(said.split())[:500] or f"exit status {proc.returncode}"
            raise DatabaseError(
                Text(f"pg_dump 未能完成备份，未留下任何文件：{detail}", f"pg_dump failed; no file was left: {detail}"),
                url.render_as_string(hide_password=True),
            )
        with tmp.open("rb+") as fh:  # the copy is on disk before it takes the target's name
            os.fsync(fh.fileno())
        tmp.replace(out)
        if progress is not None:
            progress(1, 1)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out
