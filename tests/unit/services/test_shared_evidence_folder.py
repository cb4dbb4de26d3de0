"""Evidence and stored reports visible from every workstation (issue 13 §2.7): with a database several
workstations share, the folder named in the database settings holds the files; each workstation keeps
its own data folder. Two data folders stand for two workstations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import context as context_module
from cityeval_desktop.services import maintenance
from cityeval_desktop.services.context import EVIDENCE_FOLDER_ACTION, open_context
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.store import audit


@pytest.fixture
def second_workstation(db_url: str, tmp_path: Path) -> Any:
    folder = tmp_path / "workstation-b"
    folder.mkdir()
    other = open_context(db_url, folder, actor="workstation b")
    yield other
    other.close()


def _case_with_evidence(ctx: Any, tmp_path: Path) -> tuple[str, str]:
    ref = case_service.new_case(
        ctx,
        framework="planning-consulting",
        tier="city",
        mode="self",
        entity_name="共享证据",
        uscc="91350100M000100Y43",
    ).ref
    scan = tmp_path / "licence.pdf"
    scan.write_bytes(b"%PDF-1.4 licence scan")
    sha = case_service.add_evidence(ctx, ref, "P1.1", [scan]).evidence[0].sha256
    return ref, sha


def test_without_a_shared_folder_the_other_workstation_misses_the_files(
    ctx: Any, second_workstation: Any, tmp_path: Path
) -> None:
    _ref, sha = _case_with_evidence(ctx, tmp_path)
    found = maintenance.check_database(second_workstation)
    assert [(p.kind, p.subject) for p in found.problems] == [(maintenance.EVIDENCE_MISSING, sha)]


def test_the_shared_folder_named_in_the_database_serves_every_workstation(
    ctx: Any, second_workstation: Any, tmp_path: Path
) -> None:
    shared = tmp_path / "shared-evidence"
    shared.mkdir()
    assert ctx.set_evidence_folder(shared) == shared
    ref, sha = _case_with_evidence(ctx, tmp_path)
    assert (shared / sha[:2] / sha).is_file() and not (ctx.data_dir / "evidence").exists()
    # the other workstation, started after the change, reads the same file
    third = open_context(second_workstation.url, second_workstation.data_dir, actor="workstation b")
    try:
        assert third.evidence_folder() == shared
        assert third.evidence.verify(sha)
        assert maintenance.check_database(third).ok
    finally:
        third.close()
    with ctx.reading() as s:
        changes = [e for e in audit.export_chain(s, audit.SYSTEM_CHAIN) if e["action"] == EVIDENCE_FOLDER_ACTION]
    assert [(c["old"], c["new"], c["actor"]) for c in changes] == [(None, str(shared), "tester")]
    assert [e.sha256 for e in case_service.load_case(ctx, ref).evidence_for("P1.1")] == [sha]


def test_a_running_workstation_follows_a_new_shared_folder(
    ctx: Any, second_workstation: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workstation b is running (its evidence store in use) when a colleague names the shared folder: its
    next attach goes to the shared folder, not on into its own data folder where nobody else sees it."""
    assert second_workstation.evidence.root == second_workstation.data_dir / "evidence"  # in use
    shared = tmp_path / "shared-now"
    shared.mkdir()
    ctx.set_evidence_folder(shared)
    monkeypatch.setattr(context_module, "EVIDENCE_RECHECK_S", 0.0)  # as if the recheck interval had passed
    ref, sha = _case_with_evidence(second_workstation, tmp_path)
    assert (shared / sha[:2] / sha).is_file()
    assert not (second_workstation.data_dir / "evidence").exists()
    assert ctx.evidence.verify(sha) and maintenance.check_database(ctx).ok
    assert [e.sha256 for e in case_service.load_case(ctx, ref).evidence_for("P1.1")] == [sha]


def test_back_to_each_data_folder(ctx: Any, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    ctx.set_evidence_folder(shared)
    assert ctx.set_evidence_folder(None) == ctx.data_dir / "evidence"
    with ctx.reading() as s:
        changes = [e["new"] for e in audit.export_chain(s, audit.SYSTEM_CHAIN) if e["action"] == EVIDENCE_FOLDER_ACTION]
    assert changes == [str(shared), None]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("relative/evidence", "give the full path"),
        ("/no/such/shared/folder", "no such folder"),
        ("", "the folder path must be 1 to 1000 characters"),
        ("/" + "x" * 1001, "the folder path must be 1 to 1000 characters"),
    ],
)
def test_a_folder_that_cannot_serve_is_refused_and_nothing_changes(ctx: Any, given: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        ctx.set_evidence_folder(given)
    assert expected in info.value.render("en")[0]
    assert ctx.evidence_folder() == ctx.data_dir / "evidence"


def test_the_command_line_sets_and_shows_the_folder(cli: Any, tmp_path: Path) -> None:
    shared = tmp_path / "mounted"
    shared.mkdir()
    assert cli("settings", "evidence-folder").code == 0
    done = cli("--lang", "en", "settings", "evidence-folder", str(shared))
    assert done.code == 0, done.err
    assert done.out.strip() == f"Evidence and report folder: {shared} (shared, named in the database)"
    assert cli("settings", "evidence-folder", "--json").json() == {"folder": str(shared), "shared": True}
    refused = cli("--lang", "en", "settings", "evidence-folder", "relative")
    assert refused.code == 1 and "give the full path" in refused.err
    assert cli("settings", "evidence-folder", "--reset", "--json").json()["shared"] is False
