"""Every migration from an older schema runs with rows in it, on SQLite and on a PostgreSQL server
(issue 13 §2.7): the cases read back with their answers, the audit chains stay sound, and the
database takes new writes after the upgrade."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, create_engine, select, text

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.maintenance import check_database
from cityeval_desktop.store.engine import MIGRATIONS

USCC = ("91350100M000100Y43", "91512081MA62K0260E")
# parents first; the tables every revision from 0002 on has, and the heads from 0005 on
TABLES = ("frameworks", "entities", "cases", "answers", "veto_decisions", "audit", "audit_heads")


def _scratch_cases(folder: Path) -> tuple[Path, list[str]]:
    """Two cases with answers and vetoes, written by this version to a scratch SQLite file."""
    folder.mkdir()
    ctx = open_context(folder / "scratch.sqlite3", folder)
    refs = []
    for n, uscc in enumerate(USCC):
        ref = case_service.new_case(
            ctx, framework="planning-consulting", tier="city", mode="self", entity_name=f"迁移主体{n}", uscc=uscc
        ).ref
        case_service.set_answer(ctx, ref, "P1.1", value=3 + n, note="旧版本写入")
        case_service.set_answer(ctx, ref, "P1.2", value=2)
        case_service.set_veto(ctx, ref, "V1", False)
        refs.append(ref)
    ctx.close()
    return folder / "scratch.sqlite3", refs


def _empty_at(url: str, revision: str) -> None:
    """The database at ``url`` emptied, then given the schema of ``revision`` (as an older version made it)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # the test's server database came at the head: start empty
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()


def _copy_rows(source: Path, url: str) -> None:
    """The scratch rows into the older schema, its columns only (what that version would have written)."""
    src, dst = create_engine(f"sqlite:///{source}"), create_engine(url)
    have = MetaData()
    have.reflect(dst)
    theirs = MetaData()
    theirs.reflect(src)
    with src.connect() as read, dst.begin() as write:
        for name in (t for t in TABLES if t in have.tables):
            target = have.tables[name]
            columns = [c.name for c in target.columns]
            rows = [dict(r._mapping) for r in read.execute(select(*(theirs.tables[name].c[c] for c in columns)))]
            if rows:
                write.execute(target.insert(), rows)
            if write.dialect.name == "postgresql" and "id" in target.c:  # the copied ids: move the sequence on
                write.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
                )
    src.dispose()
    dst.dispose()


@pytest.mark.parametrize("revision", ["0002", "0004", "0007"])
def test_an_older_database_with_cases_upgrades_to_the_head(db_url: str, tmp_path: Path, revision: str) -> None:
    scratch, refs = _scratch_cases(tmp_path / "scratch")
    _empty_at(db_url, revision)
    _copy_rows(scratch, db_url)
    data = tmp_path / "data-after"
    data.mkdir()
    ctx: Any = open_context(db_url, data)  # migrates revision → head with the rows in place
    try:
        assert check_database(ctx).ok, check_database(ctx).problems
        for n, ref in enumerate(refs):
            detail = case_service.load_case(ctx, ref)
            assert (detail.answers["P1.1"].value, detail.answers["P1.1"].note) == (3 + n, "旧版本写入")
            assert detail.vetoes == {"V1": False}
        case_service.set_answer(ctx, refs[0], "P1.3", value=1)  # the upgraded database takes writes
        case_service.new_case(
            ctx, framework="planning-consulting", tier="city", mode="self", entity_name="新主体", uscc=USCC[0]
        )
        assert check_database(ctx).ok
        assert len(case_service.list_cases(ctx)) == 3
    finally:
        ctx.close()
