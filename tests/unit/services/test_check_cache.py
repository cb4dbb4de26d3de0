"""The database check re-verifies only what changed since it last found a thing sound (services.check_cache).

What an earlier check found is kept under a key in the workstation's data folder; these tests prove that a
later check takes its word only for rows and files exactly as they were, never for a cache it cannot
authenticate, and that a hostile cache or key file changes nothing but the time the check takes. The
tampering itself (every kind, with a warm cache) is in tests/hostile/test_tamper.py.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import check_cache
from cityeval_desktop.services import maintenance as m
from cityeval_desktop.store import fingerprints
from cityeval_desktop.store.models import AnswerRow, AuditRow


@pytest.fixture(autouse=True)
def _settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files here are seconds old: let the check remember them (a change is then made a tick later)."""
    monkeypatch.setattr(check_cache, "SETTLE_NS", 0)


@pytest.fixture
def cases(ctx: Any, tmp_path: Path) -> list[str]:
    refs = []
    for n in range(2):
        ref = case_service.new_case(
            ctx,
            framework="planning-consulting",
            tier="city",
            mode="third-party",
            entity_name=f"缓存检查主体{n}",
            uscc="91350100M000100Y43",
        ).ref
        scan = tmp_path / f"scan{n}.pdf"
        scan.write_bytes(f"%PDF-1.4 scan {n}".encode())
        case_service.add_evidence(ctx, ref, "P1.1", [scan])
        case_service.set_answer(ctx, ref, "P1.1", value=3)
        refs.append(ref)
    return refs


def _tick() -> None:
    time.sleep(0.05)  # the next change lands in a later tick of the file system's clock


def test_a_second_check_takes_the_first_ones_word_only_for_what_is_unchanged(
    ctx: Any, cases: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = m.check_database(ctx)
    assert first.ok and (first.reused_cases, first.reused_files) == (0, 0)
    if ctx.engine.dialect.name == "sqlite":
        # the file and its log as the first check left them: not one row is read again
        def read_again(*args: object) -> None:
            raise AssertionError("the rows of an unchanged database were read again")

        monkeypatch.setattr(fingerprints, "case_fingerprints", read_again)
        monkeypatch.setattr(fingerprints, "chain_fingerprints", read_again)
    second = m.check_database(ctx)
    monkeypatch.undo()
    monkeypatch.setattr(check_cache, "SETTLE_NS", 0)
    assert second.ok and (second.reused_cases, second.reused_files) == (2, 2)
    assert (second.audit_entries, second.evidence_files) == (first.audit_entries, first.evidence_files)

    case_service.set_answer(ctx, cases[0], "P1.1", value=2)  # one case changes: only it is checked again
    third = m.check_database(ctx)
    assert third.ok and (third.reused_cases, third.reused_files) == (1, 2)

    full = m.check_database(ctx, full=True)
    assert full.ok and full.full and (full.reused_cases, full.reused_files) == (0, 0)
    assert (m.check_database(ctx).reused_cases, m.check_database(ctx).reused_files) == (2, 2)  # kept by --full


def test_a_row_changed_behind_the_programs_back_is_checked_again_and_found(ctx: Any, cases: list[str]) -> None:
    assert m.check_database(ctx).ok and m.check_database(ctx).reused_cases == 2
    with ctx.transaction() as s:  # the list's cached total no longer fits the answers
        s.execute(update(AnswerRow).values(value_json="1"))
    found = m.check_database(ctx)
    assert {p.kind for p in found.problems} == {m.CACHE_STALE} and found.reused_cases == 0
    with ctx.transaction() as s:
        s.execute(update(AuditRow).where(AuditRow.position == 2).values(actor="mallory"))
    again = m.check_database(ctx)
    assert (m.AUDIT, m.CHAIN_ALTERED) in {(p.kind, p.reason) for p in again.problems}


def test_a_stored_file_changed_after_the_check_is_hashed_again(ctx: Any, cases: list[str]) -> None:
    assert m.check_database(ctx).ok and m.check_database(ctx).reused_files == 2
    _tick()
    stored = sorted(p for p in ctx.evidence.root.rglob("*") if p.is_file())
    before = os.stat(stored[0])
    stored[0].write_bytes(stored[0].read_bytes()[::-1])  # the same size, other bytes
    os.utime(stored[0], ns=(before.st_atime_ns, before.st_mtime_ns))  # and the modification time put back
    found = m.check_database(ctx)
    assert [(p.kind, p.subject) for p in found.problems] == [(m.EVIDENCE_ALTERED, stored[0].name)]
    assert found.reused_files == 1


def test_a_file_changed_within_the_settling_time_is_never_taken_on_trust(
    ctx: Any, cases: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_cache, "SETTLE_NS", 3600 * 10**9)  # every file is "just changed"
    assert m.check_database(ctx).ok
    again = m.check_database(ctx)
    assert again.ok and again.reused_files == 0 and again.reused_cases == 2  # drafts: no report files


def _key(ctx: Any) -> Path:
    return ctx.data_dir / check_cache.KEY_FILE


def _cache_files(ctx: Any) -> list[Path]:
    return sorted((ctx.data_dir / check_cache.CACHE_FOLDER).glob("*.json"))


def test_a_cache_made_under_another_key_is_not_believed(ctx: Any, cases: list[str]) -> None:
    assert m.check_database(ctx).ok and m.check_database(ctx).reused_cases == 2
    key = _key(ctx)
    assert key.stat().st_size == 32 and (key.stat().st_mode & 0o777) == 0o600
    key.write_bytes(os.urandom(32))  # another workstation's key (or one guessed): its MACs do not hold here
    check = m.check_database(ctx)
    assert check.ok and (check.reused_cases, check.reused_files) == (0, 0)


@pytest.mark.parametrize(
    "cache_kind", ["not JSON", "a list", "wrong version", "too large", "a link elsewhere", "a folder"]
)
def test_a_hostile_cache_file_is_ignored_and_changes_nothing(
    ctx: Any, cases: list[str], cache_kind: str, tmp_path: Path
) -> None:
    assert m.check_database(ctx).ok
    (cache,) = _cache_files(ctx)
    outside = tmp_path / "outside.json"
    outside.write_text('{"version": "1", "sound": {}}', "utf-8")
    cache.unlink()
    if cache_kind == "not JSON":
        cache.write_bytes(b"\xff\xfe{not json")
    elif cache_kind == "a list":
        cache.write_text("[1, 2, 3]", "utf-8")
    elif cache_kind == "wrong version":
        cache.write_text('{"version": "0", "sound": {"' + "a" * 40 + '": [1, 0]}}', "utf-8")
    elif cache_kind == "too large":
        with cache.open("wb") as fh:  # sparse: no disk used, but larger than the check will read
            fh.truncate(check_cache.MAX_CACHE_BYTES + 1)
    elif cache_kind == "a link elsewhere":
        cache.symlink_to(outside)
    else:
        cache.mkdir()
    check = m.check_database(ctx)
    assert check.ok and (check.reused_cases, check.reused_files) == (0, 0)
    assert outside.read_text("utf-8") == '{"version": "1", "sound": {}}'  # a link's target is never written


@pytest.mark.parametrize("key_kind", ["a link", "too short", "a folder"])
def test_a_key_that_is_not_a_key_file_leaves_every_check_a_full_one(
    ctx: Any, cases: list[str], key_kind: str, tmp_path: Path
) -> None:
    key = _key(ctx)
    target = tmp_path / "not-a-key"
    target.write_bytes(b"k" * 32)
    if key_kind == "a link":
        key.symlink_to(target)
    elif key_kind == "too short":
        key.write_bytes(b"short")
    else:
        key.mkdir()
    assert m.check_database(ctx).ok
    check = m.check_database(ctx)
    assert check.ok and (check.reused_cases, check.reused_files) == (0, 0)
    assert target.read_bytes() == b"k" * 32 and _cache_files(ctx) == []


def test_db_check_says_what_it_did_not_verify_again_and_full_verifies_all(cli: Any, cases: list[str]) -> None:
    here = cli.here()
    first = here("--lang", "en", "db", "check")
    assert first.code == 0 and "unchanged since an earlier check" not in first.out, first.out
    second = here("--lang", "en", "db", "check")
    assert second.code == 0
    assert "of these, 2 cases and 2 files are unchanged since an earlier check on this workstation" in second.out
    assert "--full verifies everything again" in second.out
    full = here("--lang", "zh", "db", "check", "--full")
    assert full.code == 0 and "检查通过" in full.out and "沿用" not in full.out, full.out
    zh = here("--lang", "zh", "db", "check")
    assert "其中 2 个案例、2 个文件自本机上次检查以来未有任何改动" in zh.out and "--full" in zh.out
