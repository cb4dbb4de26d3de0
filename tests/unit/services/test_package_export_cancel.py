"""A cancelled package export (the dialog's Cancel: ``export_package(check=…)`` raising) leaves nothing behind.

Every point where the export asks ``check`` is tried in turn, plain and encrypted: the target, its temporary
``.partial`` file and the private folder of an encrypted export are gone, and the case's audit trail has no
``package.export`` entry. The window's side (Esc in the progress dialog) is tests/gui/test_cancel.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from cityeval_desktop.services.packages import export_package
from cityeval_desktop.services.reporting import audit_entries
from cityeval_desktop.signing import _pkcs12
from tests.hostile import packages as pk


class Stop(Exception):  # noqa: N818 - the user's cancel, as the window's worker raises it
    pass


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> pk.World:
    return pk.build_world(tmp_path_factory.mktemp("export-cancel"))


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pkcs12, "KDF_ROUNDS", 1000)


@pytest.fixture
def recipient(world: pk.World, tmp_path: Path) -> Path:
    """A certificate to encrypt for (the outsider's: any identity's certificate can receive)."""
    pem = tmp_path / "agency.pem"
    pem.write_bytes(world.outsider.certificate.public_bytes(serialization.Encoding.PEM))
    return pem


def exports(ctx: Any, world: pk.World) -> list[dict[str, Any]]:
    return [e for e in audit_entries(ctx, world.case_uuid) if e["action"] == "package.export"]


def left_behind(folder: Path, data: Path) -> list[Path]:
    """Files in the output folder, and private folders of an encrypted export in the data folder."""
    return sorted([*folder.iterdir(), *(p for p in data.rglob("*") if p.name.startswith("cityeval-private-"))])


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_a_cancel_at_any_step_leaves_no_file_and_records_nothing(
    world: pk.World, recipient: Path, tmp_path: Path, encrypted: bool
) -> None:
    ctx = world.assessor()
    try:
        ref = f"{world.case_uuid}@2"
        encrypt_to = [recipient] if encrypted else None
        suffix = ".cityeval.p7m" if encrypted else ".cityeval"
        before = exports(ctx, world)
        # how often an export that runs to its end asks
        asked: list[int] = []
        whole = tmp_path / "whole"
        whole.mkdir()
        export_package(
            ctx, ref, whole / f"case{suffix}", world.signer, encrypt_to=encrypt_to, check=lambda: asked.append(1)
        )
        points = len(asked)
        assert points >= 4  # the evidence files, the signing, the read-back, the last moment before recording
        recorded = exports(ctx, world)
        assert len(recorded) == len(before) + 1
        for stop_at in range(1, points + 1):
            folder = tmp_path / f"stop-{stop_at}"
            folder.mkdir()
            calls = 0

            def check(stop_at: int = stop_at) -> None:
                nonlocal calls
                calls += 1
                if calls == stop_at:
                    raise Stop

            with pytest.raises(Stop):
                export_package(ctx, ref, folder / f"case{suffix}", world.signer, encrypt_to=encrypt_to, check=check)
            assert left_behind(folder, world.data) == [], stop_at
            assert exports(ctx, world) == recorded, stop_at  # nothing recorded
    finally:
        ctx.close()
