"""Database check and backup as one service for the command line and the workbench."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.engine import make_url

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import maintenance
from cityeval_desktop.services.context import open_context
from cityeval_desktop.store.engine import DatabaseError
from cityeval_desktop.store.models import AuditRow


class StopError(Exception):
    pass


@pytest.fixture
def case(ctx: Any, tmp_path: Path) -> str:
    summary = case_service.new_case(
        ctx,
        framework="planning-consulting",
        tier="city",
        mode="third-party",
        entity_name="检查主体",
        uscc="91350100M000100Y43",
    )
    for n in range(3):
        scan = tmp_path / f"scan{n}.pdf"
        scan.write_bytes(f"%PDF-1.4 scan {n}".encode())
        case_service.add_evidence(ctx, summary.ref, "P1.1", [scan])
    return summary.ref


def test_a_sound_database_passes_with_its_counts(ctx: Any, case: str) -> None:
    seen: list[tuple[int, int]] = []
    result = maintenance.check_database(ctx, progress=lambda done, total, _t: seen.append((done, total)))
    assert result.ok and result.evidence_files == 3 and result.audit_entries >= 4
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


def test_altered_audit_row_and_evidence_are_each_found(ctx: Any, case: str) -> None:
    with ctx.transaction() as s:
        s.execute(update(AuditRow).where(AuditRow.position == 2).values(actor="mallory"))
    stored = sorted(p for p in (ctx.data_dir / "evidence").rglob("*") if p.is_file())
    stored[0].write_bytes(b"changed")
    stored[1].unlink()
    result = maintenance.check_database(ctx)
    kinds = [(p.kind, p.reason) for p in result.problems]
    assert kinds[0] == (maintenance.AUDIT, maintenance.CHAIN_ALTERED) and result.problems[0].position == 2
    assert {p.kind for p in result.problems[1:]} == {maintenance.EVIDENCE_ALTERED, maintenance.EVIDENCE_MISSING}
    assert {p.subject for p in result.problems[1:]} == {stored[0].name, stored[1].name}


def test_check_stops_when_cancelled(ctx: Any, case: str) -> None:
    def cancel() -> None:
        raise StopError

    with pytest.raises(StopError):
        maintenance.check_database(ctx, check_cancel=cancel)


def _opened_backup(ctx: Any, out: Path, folder: Path, request: pytest.FixtureRequest) -> Any:
    """The backup opened as a database: the SQLite copy itself, or the pg_dump restored on the test server."""
    if ctx.engine.dialect.name == "sqlite":
        return open_context(out, folder)
    from cityeval_desktop.store.server_backup import pg_dump_program

    databases = request.getfixturevalue("_postgres_databases")
    name = databases.empty()
    request.addfinalizer(lambda: databases.drop(name))
    url = make_url(databases.url_of(name))
    pg_restore = str(Path(pg_dump_program() or "pg_dump").with_name("pg_restore"))
    target = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    subprocess.run(
        [pg_restore, "--no-owner", "--exit-on-error", f"--dbname={target}", str(out)],
        check=True,
        env={**os.environ, "PGPASSWORD": str(url.password)},
        capture_output=True,
    )
    return open_context(url.render_as_string(hide_password=False), folder)


def test_backup_is_a_working_copy_and_never_overwrites(
    ctx: Any, case: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    out = tmp_path / f"copy{maintenance.backup_suffix(ctx)}"
    steps: list[tuple[int, int]] = []
    maintenance.backup_database(ctx, out, progress=lambda done, total, _t: steps.append((done, total)))
    assert steps and steps[-1][0] == steps[-1][1]
    assert not list(tmp_path.glob("*.partial"))
    copy = _opened_backup(ctx, out, tmp_path / "other", request)
    try:
        assert [c.ref for c in case_service.list_cases(copy)] == [case]
    finally:
        copy.close()
    with pytest.raises(DatabaseError):
        maintenance.backup_database(ctx, out)


def test_cancelled_backup_leaves_no_file(ctx: Any, case: str, tmp_path: Path) -> None:
    out = tmp_path / "never.sqlite3"

    def cancel() -> None:
        raise StopError

    with pytest.raises(StopError):
        maintenance.backup_database(ctx, out, check_cancel=cancel)
    assert list(tmp_path.glob("never*")) == []


def test_backup_error_keeps_the_cause(ctx: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(maintenance.BackupError) as info:
        maintenance.backup_database(ctx, blocker / "sub" / "b.sqlite3")
    assert isinstance(info.value.cause, OSError)
    assert "no file was left" in info.value.render("en")[0]


def test_a_backup_that_cannot_run_says_why_and_what_to_do(ctx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from cityeval_desktop.store import server_backup

    assert maintenance.backup_unavailable(ctx) is None and maintenance.can_back_up(ctx)
    monkeypatch.setattr(server_backup, "pg_dump_program", lambda: None)  # a server machine without the client
    why = maintenance.backup_unavailable(ctx)
    if ctx.engine.dialect.name == "postgresql":
        assert why is not None and not maintenance.can_back_up(ctx)
        assert "pg_dump" in why.en and "postgresql-client" in why.en and server_backup.PG_DUMP_ENV in why.en
        assert "未找到 pg_dump" in why.zh
    else:  # a SQLite file is copied by the program itself
        assert why is None
