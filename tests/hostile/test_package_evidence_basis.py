"""A package carries N/A grounds, veto basis, evidence kinds and verifications and re-imports them exactly;
a case.json from before those keys still imports, and a case.json that changes them is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.domain.basis import VetoBasis
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.package_import import import_packages
from cityeval_desktop.services.packages import export_package
from cityeval_desktop.services.reporting import finalize_and_sign
from cityeval_desktop.services.results import case_json
from cityeval_desktop.signing import _pkcs12
from cityeval_desktop.signing.identity import create_identity
from cityeval_desktop.store import case_repo
from cityeval_desktop.store.digest import revision_content
from tests.case_data_helpers import org_for
from tests.case_data_helpers import staff as staff_team
from tests.hostile import packages as pk

FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = "basis-world-2026"
QUERIED = "2026-11-30T10:00:00+08:00"
CHECK = {"method": "original", "conclusion": "confirmed", "by": "王核查", "at": "2026-11-30"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("basis-world")
    old = _pkcs12.KDF_ROUNDS
    _pkcs12.KDF_ROUNDS = 1000
    try:
        signer = create_identity(root / "a.p12", name="张三", org="福建数字评估中心", password=PASSWORD, key_size=2048)
    finally:
        _pkcs12.KDF_ROUNDS = old
    ctx = open_context(root / "assessor.sqlite3", root / "assessor-data")
    try:
        fw_registry.install_file(ctx, FIXTURES / "mini2.yaml")
        ref = case_service.new_case(
            ctx, framework="mini2", tier="city", mode="third-party", entity_name="导出主体", uscc="91350100M000100Y43"
        ).ref
        files = root / "files"
        files.mkdir()
        for name in ("cert.pdf", "staff.pdf", "credit.png", "secret.pdf", "v1.png", "v4.pdf"):
            (files / name).write_bytes(f"%PDF-1.4 {name}".encode())
        for ind, value in {"S": 2, "C": "hi", "T": 7, "B": 5, "R": 30, "P": 3, "X": {"minor": 0}}.items():
            case_service.set_answer(ctx, ref, ind, value=value)
        case_service.set_answer(ctx, ref, "Y", not_applicable=True, reason="无涉密业务", ground="no-secret")
        for ind, name in {"S": "cert.pdf", "T": "staff.pdf", "X": "credit.png", "Y": "secret.pdf"}.items():
            detail = case_service.add_evidence(ctx, ref, ind, [files / name])
        (staff,) = detail.evidence_for("T")
        case_service.set_evidence_kind(ctx, ref, staff.id, "staff-certificates")
        for ind in ("S", "T", "X"):
            (item,) = case_service.load_case(ctx, ref).evidence_for(ind)
            case_service.set_verification(ctx, ref, ind, item.sha256, CHECK)
        case_service.set_verification(ctx, ref, "Y", None, {**CHECK, "method": "site-inspection"})
        case_service.set_veto(ctx, ref, "V1", False, VetoBasis("信用中国", QUERIED, "无记录"))
        case_service.add_veto_evidence(ctx, ref, "V1", [files / "v1.png"])
        case_service.set_veto(ctx, ref, "V2", False)
        case_service.set_veto(ctx, ref, "V4", False, VetoBasis("现场核查", QUERIED, None))
        case_service.add_veto_evidence(ctx, ref, "V4", [files / "v4.pdf"])
        staff_team(ctx, ref, signer, root)
        finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref), lang="zh")
        export_package(ctx, ref, root / "case.cityeval", signer)
        with ctx.reading() as s:
            content = revision_content(case_repo.load_revision(s, ref))
        shown = case_json(case_service.load_case(ctx, ref))
    finally:
        ctx.close()
    return {
        "root": root,
        "package": root / "case.cityeval",
        "signer": signer,
        "content": content,
        "shown": shown,
        "ref": ref,
    }


def _import(world: dict[str, Any], package: Path, name: str) -> tuple[Any, Any]:
    ctx = open_context(world["root"] / f"{name}.sqlite3", world["root"] / f"{name}-data")
    outcome = import_packages(ctx, [package], accept_untrusted=True)
    return ctx, outcome[0]


def test_the_package_re_imports_every_part_exactly(world: dict[str, Any]) -> None:
    assert world["content"]["form"] == 3  # (content form 3, issue 12)
    ctx, outcome = _import(world, world["package"], "agency")
    try:
        assert outcome.outcome == "imported", outcome.reason
        with ctx.reading() as s:
            assert revision_content(case_repo.load_revision(s, world["ref"])) == world["content"]
        shown = case_json(case_service.load_case(ctx, world["ref"]))
        for key in ("vetoes", "flags", "evidence"):
            assert shown[key] == world["shown"][key]
        y = next(i for i in shown["result"]["indicators"] if i["id"] == "Y")
        assert y["ground"] == "no-secret" and y["verification"]["method"] == "site-inspection"
    finally:
        ctx.close()


def _without_added_keys(doc: dict[str, Any]) -> None:
    doc.pop("vetoes")
    doc.pop("flags")
    for item in doc["evidence"]:
        for key in ("kind", "veto", "verification"):
            item.pop(key)
    for item in doc["result"]["indicators"]:
        item.pop("ground")
        item.pop("verification")


def test_a_case_json_without_the_new_keys_still_imports(world: dict[str, Any]) -> None:
    older = pk.repack(
        world["package"],
        world["root"] / "older.cityeval",
        pk.edit_json("data/case.json", _without_added_keys),
        sign_with=world["signer"],
    )
    ctx, outcome = _import(world, older, "agency-older")
    try:
        assert outcome.outcome == "imported", [c.detail for c in outcome.check.checks if not c.ok]
        with ctx.reading() as s:  # the rows come from the sealed content, whatever case.json leaves out
            assert revision_content(case_repo.load_revision(s, world["ref"])) == world["content"]
    finally:
        ctx.close()


def _changed_basis(doc: dict[str, Any]) -> None:
    next(v for v in doc["vetoes"] if v["id"] == "V1")["source"] = "别处"


def test_a_case_json_that_changes_the_basis_is_refused(world: dict[str, Any]) -> None:
    forged = pk.repack(
        world["package"],
        world["root"] / "forged.cityeval",
        pk.edit_json("data/case.json", _changed_basis),
        sign_with=world["signer"],
    )
    ctx, outcome = _import(world, forged, "agency-forged")
    try:
        assert outcome.outcome == "rejected"
        failed = [c for c in outcome.check.checks if not c.ok]
        assert any("the vetoes of case.json differs" in (c.detail.en if c.detail else "") for c in failed), failed
    finally:
        ctx.close()
