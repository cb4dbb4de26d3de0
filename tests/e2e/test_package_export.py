"""`package export` (issue 10, part 1.1): a finalized revision becomes a signed .cityeval package that
outside tools accept — the bagit library, `openssl cms -verify`, `pdfsig` — and that reads back whole."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import bagit
import pytest
from cryptography.hazmat.primitives import serialization

from cityeval_desktop.exchange.package import read_package
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.reporting import finalize_and_sign
from cityeval_desktop.signing.identity import create_identity, load_identity
from tests.case_data_helpers import org_for, staff

FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = "package-test-2026"
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}


@pytest.fixture
def finalized(cli: Any, tmp_path: Path) -> dict[str, Any]:
    identity = tmp_path / "assessor.p12"
    create_identity(identity, name="张三", org="福建数字评估中心", password=PASSWORD, key_size=2048)
    signer = load_identity(identity, PASSWORD)
    ctx = open_context(cli.db, cli.data_dir)
    try:
        fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
        ref = case_service.new_case(
            ctx, framework="mini", tier="city", mode="third-party", entity_name="导出主体", uscc="91350100M000100Y43"
        ).ref
        for ind, value in VALUES.items():
            case_service.set_answer(ctx, ref, ind, value=value, note="现场核对原件" if ind == "S" else None)
        for veto in ("V1", "V2"):
            case_service.set_veto(ctx, ref, veto, False)
        scans = tmp_path / "scans"
        scans.mkdir()
        (scans / "资质证书.pdf").write_bytes(b"%PDF-1.4 certificate scan")
        (scans / "合同 2025.pdf").write_bytes(b"%PDF-1.4 contract scan")
        case_service.add_evidence(ctx, ref, "S", [scans / "资质证书.pdf", scans / "合同 2025.pdf"])
        staff(ctx, ref, signer, tmp_path)
        finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref), lang="zh")
        draft = case_service.amend(ctx, ref, "复核").ref
    finally:
        ctx.close()
    pem = tmp_path / "assessor.pem"
    pem.write_bytes(signer.certificate.public_bytes(serialization.Encoding.PEM))
    return {"ref": ref, "draft": draft, "identity": identity, "pem": pem}


def _export(cli: Any, ref: str, out: Path, identity: Path) -> Any:
    return cli("package", "export", ref, str(out), "--identity", str(identity), env=cli.env(CITYEVAL_PASSWORD=PASSWORD))


def test_an_exported_package_passes_outside_validators_and_reads_back(cli, finalized, tmp_path: Path) -> None:
    out = tmp_path / "case.cityeval"
    res = _export(cli, finalized["ref"], out, finalized["identity"])
    assert res.code == 0, res.err
    assert "已导出并复核案例包" in res.out and "2 个证据文件" in res.out
    opened = read_package(out)
    shown = cli("case", "show", finalized["ref"], "--json").json()
    for key in ("case_id", "revision", "status", "mode", "tier", "entity", "framework", "result"):
        assert opened.case_json[key] == shown[key], key
    assert opened.case_json["answers"]["S"]["note"] == "现场核对原件"
    assert opened.case_json["finalized_content"]["content_sha256"]
    assert {e["name"] for e in opened.case_json["evidence"]} == {"资质证书.pdf", "合同 2025.pdf"}
    assert [e["position"] for e in opened.audit] == list(range(1, len(opened.audit) + 1))

    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(unpacked)
    bag_dir = unpacked / opened.folder
    bagit.Bag(str(bag_dir)).validate()
    verify = subprocess.run(
        [
            "openssl",
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            str(bag_dir / "signature.p7s"),
            "-content",
            str(bag_dir / "tagmanifest-sha256.txt"),
            "-CAfile",
            str(finalized["pem"]),
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ],
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stderr
    pdfsig = subprocess.run(["pdfsig", str(bag_dir / "data" / "report.pdf")], capture_output=True, text=True)
    assert "Signature is Valid" in pdfsig.stdout, pdfsig.stdout
    assert json.loads((bag_dir / "data" / "case.json").read_text("utf-8"))["case_id"] == opened.case_json["case_id"]


def test_the_export_is_recorded_and_never_overwrites_or_exports_a_draft(cli, finalized, tmp_path: Path) -> None:
    out = tmp_path / "case.cityeval"
    assert _export(cli, finalized["ref"], out, finalized["identity"]).code == 0
    before = out.read_bytes()
    again = _export(cli, finalized["ref"], out, finalized["identity"])
    assert again.code == 1 and "文件已存在" in again.err and out.read_bytes() == before
    draft_out = tmp_path / "draft.cityeval"
    res = _export(cli, finalized["draft"], draft_out, finalized["identity"])
    assert res.code == 1 and "只有已定稿的修订版本才能导出" in res.err and not draft_out.exists()
    assert not list(tmp_path.glob(".*.partial"))
    ctx = open_context(cli.db, cli.data_dir)
    try:
        from cityeval_desktop.services.reporting import audit_entries

        exports = [e for e in audit_entries(ctx, finalized["ref"].split("@")[0]) if e["action"] == "package.export"]
        assert (
            len(exports) == 1 and exports[0]["new"]["file"] == "case.cityeval" and exports[0]["new"]["signer"] == "张三"
        )
    finally:
        ctx.close()
