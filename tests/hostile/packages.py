"""Builders for package tests: an assessor with a CA-issued identity, finalized cases exported as packages,
and re-packing a package with a change (re-sealed and re-signed by any key, or not at all).

Everything is generated on temporary paths; nothing binary is committed.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.context import AppContext, open_context
from cityeval_desktop.services.packages import export_package
from cityeval_desktop.services.reporting import finalize_and_sign
from cityeval_desktop.services.trust_store import add_trusted
from cityeval_desktop.signing import _pkcs12
from cityeval_desktop.signing.ca import init_ca, issue
from cityeval_desktop.signing.cms import sign_detached
from cityeval_desktop.signing.identity import Identity, create_identity, install_certificate, load_identity, make_csr
from cityeval_desktop.store import audit
from tests.case_data_helpers import ORG_NAME, ORG_USCC, staff

FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = "package-world-2026"
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9.5, "B": 6, "R": 60, "P": 14, "X": 0}


@dataclass
class World:
    """An agency CA, an assessor (CA-issued identity) with one case finalized twice, and an outsider."""

    root: Path
    ca_pem: Path
    signer_path: Path
    signer: Identity
    outsider: Identity
    db: Path
    data: Path
    case_uuid: str
    r1: Path  # the package of revision 1
    r2: Path  # the package of revision 2 (amended, finalized)
    org: Identity | None = None  # the organisation identity the reports are signed with after the lead

    def assessor(self) -> AppContext:
        return open_context(self.db, self.data)


def issued_identity(root: Path, stem: str, *, name: str, org: str | None, uscc: str | None = None) -> Identity:
    """An identity ``root``/``stem``.p12 whose certificate the agency CA in ``root`` (``ca.p12``) issued."""
    path = root / f"{stem}.p12"
    create_identity(path, name=name, org=org, uscc=uscc, password=PASSWORD, key_size=2048)
    make_csr(path, PASSWORD, root / f"{stem}.csr")
    issue(root / "ca.p12", PASSWORD, root / f"{stem}.csr", root / f"{stem}.pem")
    return install_certificate(path, PASSWORD, root / f"{stem}.pem")


def make_ca(root: Path) -> Path:
    """The agency CA in ``root`` (``ca.p12``); returns its certificate (``ca.pem``), what the agency trusts."""
    init_ca(root / "ca.p12", name="福州市数据局评估 CA", password=PASSWORD, key_size=2048)
    ca = load_identity(root / "ca.p12", PASSWORD)
    ca_pem = root / "ca.pem"
    ca_pem.write_bytes(ca.certificate.public_bytes(serialization.Encoding.PEM))
    return ca_pem


def build_world(root: Path) -> World:
    """Make the world (about 10 s: keys, two signed reports, two packages)."""
    old_rounds = _pkcs12.KDF_ROUNDS
    _pkcs12.KDF_ROUNDS = 1000
    try:
        ca_pem = make_ca(root)
        signer_path = root / "assessor.p12"
        signer = issued_identity(root, "assessor", name="张三", org="福建数字评估中心")
        create_identity(root / "outsider.p12", name="李四", org="冒名机构", password=PASSWORD, key_size=2048)
        outsider = load_identity(root / "outsider.p12", PASSWORD)
        # the assessor organisation's identity, issued by the same CA: the second signature of each report
        org = issued_identity(root, "organisation", name=ORG_NAME, org=ORG_NAME, uscc=ORG_USCC)
    finally:
        _pkcs12.KDF_ROUNDS = old_rounds
    db, data = root / "assessor.sqlite3", root / "assessor-data"
    ctx = open_context(db, data)
    try:
        fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
        ref = case_service.new_case(
            ctx, framework="mini", tier="city", mode="third-party", entity_name="导出主体", uscc="91350100M000100Y43"
        ).ref
        for ind, value in VALUES.items():
            case_service.set_answer(ctx, ref, ind, value=value, note="现场核对原件" if ind == "S" else None)
        for veto in ("V1", "V2"):
            case_service.set_veto(ctx, ref, veto, False)
        scans = root / "scans"
        scans.mkdir()
        (scans / "资质证书.pdf").write_bytes(b"%PDF-1.4 certificate scan")
        (scans / "合同 2025.pdf").write_bytes(b"%PDF-1.4 contract scan")
        case_service.add_evidence(ctx, ref, "S", [scans / "资质证书.pdf", scans / "合同 2025.pdf"])
        staff(ctx, ref, signer, root)
        finalize_and_sign(ctx, ref, signer, org_identity=org, lang="zh")
        export_package(ctx, ref, root / "r1.cityeval", signer)
        second = case_service.amend(ctx, ref, "复核后更正").ref
        case_service.set_answer(ctx, second, "S", value=2, note="复核")
        finalize_and_sign(ctx, second, signer, org_identity=org, lang="zh")
        export_package(ctx, second, root / "r2.cityeval", signer)
        case_uuid = ref.split("@")[0]
    finally:
        ctx.close()
    return World(
        root,
        ca_pem,
        signer_path,
        signer,
        outsider,
        db,
        data,
        case_uuid,
        root / "r1.cityeval",
        root / "r2.cityeval",
        org,
    )


def agency(root: Path, world: World, *, trust: bool = True) -> AppContext:
    """A fresh agency database (in ``root``) that trusts the world's CA."""
    ctx = open_context(root / "agency.sqlite3", root / "agency-data")
    if trust:
        add_trusted(ctx, world.ca_pem)
    return ctx


# ----------------------------------------------------------------------------- re-packing
def entries(path: Path) -> tuple[str, dict[str, bytes]]:
    """The bag folder of a package and its files (path inside the bag -> bytes)."""
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        folder = names[0].split("/", 1)[0]
        return folder, {n[len(folder) + 1 :]: zf.read(n) for n in names}


def write_zip(folder: str, files: dict[str, bytes], out: Path) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(f"{folder}/{name}", data)
    return out


def reseal(files: dict[str, bytes]) -> None:
    """Recompute the manifests and Payload-Oxum after a change (so only the signature can tell)."""
    payload = sorted(n for n in files if n.startswith("data/"))
    files["manifest-sha256.txt"] = "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in payload).encode()
    info = [line for line in files["bag-info.txt"].decode().splitlines() if not line.startswith("Payload-Oxum:")]
    info.append(f"Payload-Oxum: {sum(len(files[n]) for n in payload)}.{len(payload)}")
    files["bag-info.txt"] = ("\n".join(info) + "\n").encode()
    files["tagmanifest-sha256.txt"] = "".join(
        f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")
    ).encode()


def repack(
    src: Path,
    out: Path,
    change: Callable[[dict[str, bytes]], None],
    *,
    sign_with: Identity | None = None,
    sealed: bool = True,
) -> Path:
    """``src`` with ``change`` applied to its files; re-sealed (manifests) and re-signed by ``sign_with``
    unless told otherwise (``sealed=False`` keeps the old manifests, ``sign_with=None`` the old signature)."""
    folder, files = entries(src)
    change(files)
    if sealed:
        reseal(files)
    if sign_with is not None:
        files["signature.p7s"] = sign_detached(files["tagmanifest-sha256.txt"], sign_with)
    return write_zip(folder, files, out)


def edit_json(name: str, edit: Callable[[Any], None]) -> Callable[[dict[str, bytes]], None]:
    """A change that edits one JSON file of the bag (``data/case.json``)."""

    def change(files: dict[str, bytes]) -> None:
        doc = json.loads(files[name])
        edit(doc)
        files[name] = (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()

    return change


def edit_audit(edit: Callable[[list[dict[str, Any]]], None]) -> Callable[[dict[str, bytes]], None]:
    """A change to the audit chain, after which every hash is recomputed so the chain links up again."""

    def change(files: dict[str, bytes]) -> None:
        chain = [json.loads(line) for line in files["data/audit.jsonl"].splitlines() if line.strip()]
        edit(chain)
        prev = audit.GENESIS
        for entry in chain:
            entry["prev_hash"] = prev
            payload = {
                k: entry.get(k)
                for k in ("chain", "position", "at", "actor", "action", "revision", "target", "old", "new", "prev_hash")
            }
            entry["hash"] = prev = audit.entry_hash(prev, payload)
        files["data/audit.jsonl"] = "".join(
            json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in chain
        ).encode()

    return change
