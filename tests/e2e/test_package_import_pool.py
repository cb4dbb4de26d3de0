"""A large import checks packages in worker processes (services/package_pool.py): the outcome of every
package, the ledger and the stored cases are exactly those of the import without workers, in order,
and a worker that dies costs nothing but speed."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from cityeval_desktop.services import package_pool
from cityeval_desktop.services.package_check import check_package, trust_anchors
from cityeval_desktop.services.package_import import import_packages, ledger
from cityeval_desktop.services.revocation import load_revocation_index
from cityeval_desktop.store.models import AuditRow, Case
from tests.hostile import packages as pk

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> pk.World:
    return pk.build_world(tmp_path_factory.mktemp("pool-world"))


@pytest.fixture(scope="module")
def inbox(world: pk.World, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of mixed packages, in the order the import takes them (sorted names): good ones, the same
    ones again, a tampered one, one signed by an outsider, a link and a file that is no package."""
    folder = tmp_path_factory.mktemp("pool-inbox")
    shutil.copy(world.r1, folder / "a01-r1.cityeval")
    shutil.copy(world.r1, folder / "a02-r1-again.cityeval")
    pk.repack(
        world.r2, folder / "a03-tampered.cityeval", pk.edit_json("data/case.json", lambda d: d.update(total="99.99"))
    )
    shutil.copy(world.r2, folder / "a04-r2.cityeval")
    pk.repack(
        world.r1,
        folder / "a05-outsider.cityeval",
        pk.edit_json("data/case.json", lambda d: None),
        sign_with=world.outsider,
    )
    (folder / "a06-link.cityeval").symlink_to(world.r1)
    (folder / "a07-junk.cityeval").write_bytes(b"PK\x03\x04 not a zip at all")
    for n in range(8, 12):
        shutil.copy(world.r2, folder / f"a{n:02d}-r2-again.cityeval")
    return folder


def _run(
    world: pk.World, root: Path, inbox: Path, workers: int, progress: Callable[..., None] | None = None
) -> tuple[list[tuple[str, str, str]], list[Any]]:
    root.mkdir()
    ctx = pk.agency(root, world)
    try:
        outcomes = import_packages(ctx, [inbox], workers=workers, progress=progress)
        shown = [(o.path.name, o.outcome, o.reason.en if o.reason else "") for o in outcomes]
        rows = [
            (Path(e.file_name).name, e.outcome, e.case_uuid, e.revision, e.signer_fingerprint, e.trusted, e.reason)
            for e in reversed(ledger(ctx))
        ]
        with ctx.reading() as s:
            cases = sorted((c.case_uuid, c.revision, c.total, c.grade) for c in s.scalars(select(Case)))
            chain = s.scalar(select(func.count()).select_from(AuditRow).where(AuditRow.chain == world.case_uuid))
        return shown, [*rows, ("cases", cases), ("chain", chain)]
    finally:
        ctx.close()


def test_the_same_outcomes_ledger_and_cases_with_workers_as_without(
    world: pk.World, inbox: Path, tmp_path: Path
) -> None:
    plain, plain_rows = _run(world, tmp_path / "in-process", inbox, workers=0)
    pooled, pooled_rows = _run(world, tmp_path / "pooled", inbox, workers=2)
    assert pooled == plain
    assert pooled_rows == plain_rows
    by_name = {name: outcome for name, outcome, _ in pooled}
    assert by_name["a01-r1.cityeval"] == "imported"
    assert by_name["a02-r1-again.cityeval"] == "skipped"
    assert by_name["a03-tampered.cityeval"] == "rejected"
    assert by_name["a04-r2.cityeval"] == "superseded"
    assert by_name["a05-outsider.cityeval"] == "rejected"
    assert by_name["a06-link.cityeval"] == "rejected"
    assert by_name["a07-junk.cityeval"] == "rejected"
    assert {by_name[f"a{n:02d}-r2-again.cityeval"] for n in range(8, 12)} == {"skipped"}


def test_workers_killed_midway_cost_only_speed(world: pk.World, inbox: Path, tmp_path: Path) -> None:
    plain, plain_rows = _run(world, tmp_path / "in-process", inbox, workers=0)
    killed: list[int] = []

    def kill_workers(done: int, total: int, path: Path) -> None:
        if done == 3 and not killed:  # e.g. the out-of-memory killer, mid-import
            for child in multiprocessing.active_children():
                child.kill()  # SIGKILL (POSIX), TerminateProcess (Windows)
                killed.append(child.pid)  # type: ignore[arg-type]

    pooled, pooled_rows = _run(world, tmp_path / "pooled", inbox, workers=2, progress=kill_workers)
    assert killed  # there were workers, and they died
    assert pooled == plain
    assert pooled_rows == plain_rows
    assert not multiprocessing.active_children()  # nothing left behind


def test_a_check_made_in_a_worker_survives_the_trip_whole(world: pk.World, tmp_path: Path) -> None:
    ctx = pk.agency(tmp_path, world)
    try:
        trusted = trust_anchors(ctx)
        index = load_revocation_index(ctx, trusted)
        found = check_package(world.r2, trusted, revoked=index.problem)
        back = pickle.loads(pickle.dumps(found))
        assert back.ok and back.trusted
        assert back.signer_certificate == found.signer_certificate
        assert back.signer_chain == found.signer_chain
        assert back.framework is not None and back.framework.sha256 == found.framework.sha256  # type: ignore[union-attr]
        assert back.rows is not None and back.rows.case_uuid == world.case_uuid
        assert len(back.rows.answers) == len(found.rows.answers)  # type: ignore[union-attr]
        assert back.figures == found.figures and back.figures is not None
        assert back.opened is not None and back.opened.report_pdf == found.opened.report_pdf  # type: ignore[union-attr]
        again = pickle.loads(pickle.dumps(index))
        assert again.certificates == index.certificates
        assert [c.fingerprint(c.signature_hash_algorithm) for c in again.crls] == [  # type: ignore[arg-type]
            c.fingerprint(c.signature_hash_algorithm)  # type: ignore[arg-type]
            for c in index.crls
        ]
    finally:
        ctx.close()


def test_workers_are_used_for_many_files_on_several_cores_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package_pool, "cores", lambda: 2)
    assert package_pool.worker_count(package_pool.MIN_FILES - 1) == 0
    assert package_pool.worker_count(500) == 2
    assert package_pool.worker_count(3, workers=2) == 2
    assert package_pool.worker_count(500, workers=0) == 0
    monkeypatch.setattr(package_pool, "cores", lambda: 1)
    assert package_pool.worker_count(500) == 0
    monkeypatch.setattr(package_pool, "cores", lambda: 64)
    assert package_pool.worker_count(500) == package_pool.MAX_WORKERS
    assert os.cpu_count()  # the real machine reports its cores
