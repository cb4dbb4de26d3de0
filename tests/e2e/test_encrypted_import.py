"""Encrypted packages through the agency's verify and import (issue 10, item 1.2 with 1.3–1.5): real exported
packages encrypted for the agency's certificate are verified and imported with its identity; one encrypted
for another agency is rejected with whom it is for, quarantined encrypted, and no plaintext is left anywhere."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from cityeval_desktop.services import package_crypto as crypto
from cityeval_desktop.services.package_import import import_packages, ledger
from cityeval_desktop.services.packages import verify_packages
from cityeval_desktop.signing import _pkcs12
from cityeval_desktop.signing.identity import create_identity
from tests.hostile import packages as pk

PASSWORD = "agency-identity-2026"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> pk.World:
    return pk.build_world(tmp_path_factory.mktemp("world"))


@pytest.fixture(scope="module")
def agencies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("agencies")
    made = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_pkcs12, "KDF_ROUNDS", 1000)
        for key, name in (("fuzhou", "福州市数据局"), ("xiamen", "厦门市数据局")):
            identity = create_identity(folder / f"{key}.p12", name=name, org=None, password=PASSWORD, key_size=2048)
            pem = folder / f"{key}.pem"
            pem.write_bytes(identity.certificate.public_bytes(serialization.Encoding.PEM))
            made[key] = (folder / f"{key}.p12", pem)
    return made


def test_encrypted_packages_verify_and_import_with_the_agency_identity(world, agencies, tmp_path: Path) -> None:
    p12, pem = agencies["fuzhou"]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    r1 = crypto.encrypt_package(world.r1, inbox / "r1.cityeval.p7m", pem)
    r2 = crypto.encrypt_package(world.r2, inbox / "r2.cityeval.p7m", pem)
    stranger = crypto.encrypt_package(world.r1, inbox / "for-xiamen.cityeval.p7m", agencies["xiamen"][1])
    ctx = pk.agency(tmp_path, world)
    try:
        identity = crypto.load_decryption_identity(p12, PASSWORD)
        opener = crypto.package_opener(identity, work_dir=ctx.data_dir)
        checks = verify_packages(ctx, [r1, r2], opener=opener)
        assert [c.path for c in checks] == [r1, r2]
        assert all(c.ok for c in checks), [(c.id, c.detail) for ch in checks for c in ch.checks if not c.ok]

        outcomes = import_packages(ctx, [inbox], opener=opener)
        by_name = {o.path.name: o for o in outcomes}
        assert by_name["r1.cityeval.p7m"].outcome == "imported"
        assert by_name["r2.cityeval.p7m"].outcome in ("imported", "superseded")
        refused = by_name["for-xiamen.cityeval.p7m"]
        assert refused.rejected and "not for the identity '福州市数据局'" in refused.reason.en
        assert "厦门市数据局" in refused.reason.zh
        assert refused.quarantine is not None
        kept = [p for p in refused.quarantine.parent.iterdir() if p.name.endswith(".p7m.quarantined")]
        assert [p.read_bytes() for p in kept] == [stranger.read_bytes()]  # quarantined as received: encrypted

        rows = {Path(row.file_name).name: row for row in ledger(ctx)}
        assert rows["r1.cityeval.p7m"].package_sha256 == hashlib.sha256(r1.read_bytes()).hexdigest()
        leftovers = [p for p in ctx.data_dir.rglob("*") if p.name.startswith("cityeval-private-")]
        assert leftovers == []  # no plaintext copy left behind

        without = import_packages(ctx, [r1], opener=crypto.package_opener(None))
        assert without[0].rejected and "该案例包已加密" in without[0].reason.zh
    finally:
        ctx.close()


def test_the_command_line_exports_encrypted_and_the_agency_imports_with_its_identity(
    cli, world, agencies, tmp_path: Path
) -> None:
    import shutil
    import subprocess

    p12, pem = agencies["fuzhou"]
    out = tmp_path / "case.cityeval.p7m"
    assessor = cli.env(CITYEVAL_DB=str(world.db), CITYEVAL_DATA_DIR=str(world.data), CITYEVAL_PASSWORD=pk.PASSWORD)
    res = cli(
        "package",
        "export",
        f"{world.case_uuid}@2",
        str(out),
        "--identity",
        str(world.signer_path),
        "--encrypt-to",
        str(pem),
        env=assessor,
    )
    assert res.code == 0, res.err
    assert "已加密，只有“福州市数据局”" in res.out
    assert not out.read_bytes().startswith(b"PK")
    if shutil.which("openssl"):  # the outside tool opens it with the agency's key
        key = tmp_path / "agency.key.pem"
        subprocess.run(
            [
                "openssl",
                "pkcs12",
                "-in",
                str(p12),
                "-nocerts",
                "-nodes",
                "-passin",
                f"pass:{PASSWORD}",
                "-out",
                str(key),
            ],
            check=True,
            capture_output=True,
        )
        plain = tmp_path / "opened.cityeval"
        subprocess.run(
            [
                "openssl",
                "cms",
                "-decrypt",
                "-inform",
                "DER",
                "-in",
                str(out),
                "-inkey",
                str(key),
                "-recip",
                str(pem),
                "-out",
                str(plain),
            ],
            check=True,
            capture_output=True,
        )
        assert plain.read_bytes().startswith(b"PK")
    assert cli("trust", "add", str(world.ca_pem)).code == 0
    res = cli("package", "import", str(out))
    assert res.code == 1 and "身份文件" in res.err  # encrypted: the identity is needed, said up front
    assert cli("package", "ledger", "--json").json() == []  # not the package's fault: nothing recorded
    assert not (cli.data_dir / "quarantine").exists()
    res = cli("package", "import", str(out), "--identity", str(p12), env=cli.env(CITYEVAL_PASSWORD=PASSWORD))
    assert res.code == 0, res.err
    assert "已导入" in res.out
    ledger_json = cli("package", "ledger", "--json").json()
    assert ledger_json[0]["file"] == str(out) and ledger_json[0]["outcome"] == "imported"
    assert ledger_json[0]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
