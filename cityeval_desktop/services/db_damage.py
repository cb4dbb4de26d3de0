"""A damaged database file: what SQLite's own integrity check finds, in words a user can act on.

The full database check reads every audit chain and revision; on a file with damaged pages those
reads fail, so :func:`cityeval_desktop.services.maintenance.check_database` falls back to
:func:`integrity_lines` and reports the damage instead of failing itself.
"""

from __future__ import annotations

import re

from sqlalchemy import exc as sa_exc

from cityeval_desktop.domain.text import Text
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.store import sqlite_file

MAX_LINES = 100  # PRAGMA integrity_check(N): a badly damaged file would list thousands
# "On tree page 78 cell 2: …", "Page 5: btreeInitPage() …" (not "Page 76 is never used": a consequence)
_PAGE = re.compile(r"\b(?:tree )?page (\d+)\b(?! is never used)", re.IGNORECASE)
_GENERIC = "database disk image is malformed"
_TABLE = re.compile(r"^table (\w+) cannot be read")
_TABLES = {
    "audit": "审计记录",
    "audit_heads": "审计链头记录",
    "cases": "案例",
    "answers": "答案",
    "evidence": "证据索引",
    "entities": "经营主体",
    "frameworks": "评估框架",
    "settings": "设置",
    "veto_decisions": "否决项判定",
    "trusted_certificates": "受信任证书",
    "case_reports": "已签署报告",
    "alembic_version": "结构版本",
}


def integrity_lines(ctx: AppContext) -> list[str]:
    """SQLite's integrity findings (raw text), or [] when it finds none or the check cannot judge.

    When the check itself stops at the damage, each table is read through once instead, and the
    tables that cannot be read are the findings ("table audit cannot be read: …").
    """
    if ctx.engine.dialect.name != "sqlite":
        return []
    failure = ""
    for pragma in ("integrity_check", "quick_check"):  # the quick one reads less: it may get past the damage
        try:
            with ctx.engine.connect() as conn:
                found = [str(r[0]) for r in conn.exec_driver_sql(f"PRAGMA {pragma}({MAX_LINES})")]
        except sa_exc.DBAPIError as exc:
            if sqlite_file.error_kind(exc) not in ("corrupt", "notadb"):
                return []
            failure = failure or str(exc.orig or exc)
            continue
        if found == ["ok"] and not failure:
            return []
        lines = [line for line in found if line != "ok"]
        specific = [line for line in lines if line != _GENERIC]  # SQLite adds its generic line after the findings
        return specific or lines or [failure]
    return _unreadable_tables(ctx) or [failure]


def _unreadable_tables(ctx: AppContext) -> list[str]:
    found = []
    try:
        with ctx.engine.connect() as conn:
            names = [str(r[0]) for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")]
    except sa_exc.DBAPIError:
        return []
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        try:
            with ctx.engine.connect() as conn:
                for _row in conn.exec_driver_sql(f"SELECT * FROM {quoted}"):  # streamed, not held
                    pass
        except sa_exc.DBAPIError as exc:
            found.append(f"table {name} cannot be read: {exc.orig or exc}")
    return found


def integrity_text(raw: str) -> Text:
    """One integrity finding: the damaged pages or table named in Chinese, SQLite's wording only in English."""
    table = _TABLE.match(raw)
    if table:
        label = _TABLES.get(table.group(1), "一张数据表")
        return Text(f"数据库文件已损坏：{label}无法读取", f"the database file is damaged: {raw}")
    pages = sorted({int(n) for n in _PAGE.findall(raw)})
    if pages:
        shown = "、".join(str(p) for p in pages[:5]) + ("等" if len(pages) > 5 else "")
        return Text(f"数据库文件已损坏：第 {shown} 页无法正确读取", f"the database file is damaged: {raw}")
    return Text("数据库文件已损坏：内部结构不一致", f"the database file is damaged: {raw}")
