"""Why a database cannot be used, in words: each SQLite failure by its result code, never SQLite's English.

No SQLAlchemy import: the errors of :mod:`.engine`, :mod:`.read_only` and
:mod:`cityeval_desktop.services.context` are all worded here, once.
"""

from __future__ import annotations

import logging
from pathlib import Path

from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.store import sqlite_file

log = logging.getLogger(__name__)


class DatabaseError(DomainError):
    """The database cannot be used: not a database, newer schema, locked, read-only, damaged, disk full."""


def _short(values: list[str], n: int = 3) -> str:
    shown = [v[:32] for v in values[:n]]
    return "、".join(shown) + ("…" if len(values) > n else "")


def refused_path(path: Path, exc: sqlite_file.PathRefusedError) -> DatabaseError:
    return DatabaseError(
        Text(f"{exc.message.zh}；未做任何修改", f"{exc.message.en}; nothing was changed"),
        str(path),
    )


def not_sqlite(path: Path) -> DatabaseError:
    """A file without SQLite's header: not a database at all, or one whose first page was overwritten."""
    copies = sqlite_file.backups_beside(path)
    if copies:
        return DatabaseError(
            Text(
                "该文件不是可用的数据库，未做任何修改；如果它原本是 CityEval 数据库，则文件开头已损坏，"
                f"请用备份替换。同一文件夹中的备份：{'、'.join(p.name for p in copies)}",
                "this file is not a usable database; nothing was changed. If it was a CityEval database, its "
                f"beginning is damaged: replace it with a backup. Backups in the same folder: "
                f"{', '.join(p.name for p in copies)}",
            ),
            str(path),
        )
    return DatabaseError(
        Text(
            "该文件不是 CityEval 数据库（不是数据库文件），未做任何修改；请选择 CityEval 的数据库文件",
            "this file is not a CityEval database (it is not a database file); nothing was changed. "
            "Choose a CityEval database file",
        ),
        str(path),
    )


def foreign(where: str) -> DatabaseError:
    return DatabaseError(
        Text(
            "该数据库属于其他应用程序（不是 CityEval 数据库），未做任何修改；请选择 CityEval 的数据库文件",
            "this database belongs to another application (not a CityEval database); nothing was changed. "
            "Choose a CityEval database file",
        ),
        where,
    )


def several_versions(where: str, versions: list[str]) -> DatabaseError:
    """``alembic_version`` holds more than one row: the file was changed outside CityEval."""
    return DatabaseError(
        Text(
            f"数据库的结构版本记录有 {len(versions)} 条（{_short(versions)}），应只有 1 条；"
            "该文件已在 CityEval 之外被改动，未做任何修改。请用备份替换该文件",
            f"the database's schema version table holds {len(versions)} rows ({', '.join(v[:32] for v in versions[:3])}"
            f"{', …' if len(versions) > 3 else ''}) instead of one; the file was changed outside CityEval and "
            "nothing was changed. Replace it with a backup",
        ),
        where,
    )


def read_only_cannot_set_up(where: str, why: Text) -> DatabaseError:
    return DatabaseError(
        Text(
            f"{why.zh}，无法初始化或升级数据库；未做任何修改",
            f"{why.en}: the database cannot be set up or upgraded; nothing was changed",
        ),
        where,
    )


#: Why a database was opened read-only although nobody asked for it (``AppContext.read_only_reason``).
READ_ONLY_MEDIUM = Text(
    "数据库文件或其所在文件夹不可写（例如只读光盘或只读共享），已以只读方式打开；如需修改，请把它复制到可写的文件夹",
    "the database file or its folder cannot be written (read-only media or share); it was opened read-only. "
    "To make changes, copy it to a folder you can write to",
)
DISK_FULL = Text(
    "磁盘已满，数据库已以只读方式打开；请腾出磁盘空间后重新打开，才能修改",
    "the disk is full; the database was opened read-only. Free some disk space and open it again to make changes",
)


def from_sqlite(exc: BaseException, where: str, *, doing: Text | None = None) -> DatabaseError:
    """The error for a SQLite failure while ``doing`` something, by its result code.

    The raw SQLite text goes to the log (and only there), for a support request.
    """
    path = Path(where)
    folder = path.parent if path.is_absolute() else None
    kind = sqlite_file.error_kind(exc, folder)
    log.info("SQLite %s on %s: %s", kind, where, getattr(exc, "orig", None) or exc)
    if kind in ("corrupt", "notadb") and folder is not None:
        return DatabaseError(sqlite_file.damaged(path), where)
    reason = sqlite_file.reason(kind)
    tail_zh, tail_en = (
        "，请稍后重试" if kind in ("busy", "locked") else "",
        "; try again"
        if kind
        in (
            "busy",
            "locked",
        )
        else "",
    )
    if doing is None:
        return DatabaseError(
            Text(f"{reason.zh}{tail_zh}；未做任何修改", f"{reason.en}{tail_en}; nothing was changed"), where
        )
    return DatabaseError(
        Text(
            f"{doing.zh}：{reason.zh}{tail_zh}；未做任何修改", f"{doing.en}: {reason.en}{tail_en}; nothing was changed"
        ),
        where,
    )


#: SQLSTATE classes and codes of a database server (PostgreSQL) in words; the rest is "the server
#: reported an error". By code, never by the server's message text (which depends on its locale).
_SERVER_STATES: dict[str, Text] = {
    "08": Text(
        "无法连接数据库服务器（网络或服务器已停止）", "cannot reach the database server (network or server down)"
    ),
    "28": Text("数据库服务器拒绝登录（用户名或密码不对）", "the database server refused the login (user or password)"),
    "42501": Text("数据库用户没有所需的权限", "the database user lacks a permission it needs"),
    "25006": Text("数据库服务器处于只读状态", "the database server is read-only"),
    "53100": Text("数据库服务器的磁盘已满", "the database server's disk is full"),
    "53200": Text("数据库服务器内存不足", "the database server is out of memory"),
    "53300": Text(
        "数据库服务器连接数已满，请稍后重试", "the database server has too many connections; try again later"
    ),
    "57P01": Text("数据库服务器正在关闭或重启", "the database server is shutting down or restarting"),
    "57P02": Text("数据库服务器正在关闭或重启", "the database server is shutting down or restarting"),
    "57P03": Text(
        "数据库服务器暂不接受连接，请稍后重试", "the database server is not accepting connections yet; try again later"
    ),
    "57014": Text("数据库操作被取消（超时）", "the database operation was cancelled (time-out)"),
    "55P03": Text(
        "另一个工作站正在修改同一数据，等待超时，请重试", "another workstation is changing the same data; try again"
    ),
    "40001": Text(
        "另一个工作站同时修改了同一数据，请重试", "another workstation changed the same data at once; try again"
    ),
    "40P01": Text(
        "另一个工作站同时修改了同一数据，请重试", "another workstation changed the same data at once; try again"
    ),
}


def server_state(exc: BaseException) -> str | None:
    """The SQLSTATE of a server error (psycopg's ``sqlstate``, psycopg2's ``pgcode``), else None."""
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return str(code) if code else None


def from_server(exc: BaseException, url: str, *, doing: Text | None = None) -> DatabaseError:
    """The error for a database server failure, by its SQLSTATE (the raw text goes to the log).

    A connection that never began has no SQLSTATE (the driver's own failure: server down, wrong
    port, login refused); it is worded as such, with the server's address and the driver's text.
    """
    state = server_state(exc)
    raw = str(getattr(exc, "orig", None) or exc).strip()
    log.info("database server error %s on %s: %s", state, _shown_url(url), raw)
    reason = None
    if state:
        reason = _SERVER_STATES.get(state) or _SERVER_STATES.get(state[:2])
    elif _not_connected(exc):
        where = _server_address(url)
        detail = " ".join(raw.split())[:300]
        reason = Text(
            f"无法连接数据库服务器 {where}，或服务器拒绝了登录（请检查地址、端口、用户名和密码，以及服务器是否在运行）",
            f"cannot connect to the database server {where}, or it refused the login (check the address, port, "
            f"user name and password, and that the server is running): {detail}",
        )
    if reason is None:
        reason = Text("数据库服务器报告错误", f"the database server reported an error ({state or 'no code'})")
    if doing is not None:
        reason = Text(f"{doing.zh}：{reason.zh}", f"{doing.en}: {reason.en}")
    return DatabaseError(Text(f"{reason.zh}；未做任何修改", f"{reason.en}; nothing was changed"), _shown_url(url))


def _not_connected(exc: BaseException) -> bool:
    """The driver could not open a connection (its OperationalError without a SQLSTATE)."""
    orig = getattr(exc, "orig", None) or exc
    return type(orig).__name__ == "OperationalError"


def _server_address(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # shown as "the server" when SQLAlchemy cannot read the URL
        return "?"
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}"


def no_postgresql_driver(url: str) -> DatabaseError:
    """A PostgreSQL URL without its driver installed: how to install it, and the URL form that uses it."""
    return DatabaseError(
        Text(
            "缺少 PostgreSQL 驱动程序：请安装 cityeval-desktop[postgresql]"
            "（pip install 'cityeval-desktop[postgresql]'），地址写作 postgresql+psycopg://用户:密码@主机:端口/数据库",
            "the PostgreSQL driver is not installed: install cityeval-desktop[postgresql] "
            "(pip install 'cityeval-desktop[postgresql]') and write the URL as "
            "postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE",
        ),
        _shown_url(url),
    )


def shown_url(url: str) -> str:
    """The URL as it may be shown (the password of a server URL hidden)."""
    return _shown_url(url)


def _shown_url(url: str) -> str:
    """The server URL without its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a URL SQLAlchemy cannot parse is shown as it is (it has no password part then)
        return url
