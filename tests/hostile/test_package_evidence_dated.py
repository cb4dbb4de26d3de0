"""Content form 3 (issue 12 §1.2) and the date an evidence file proves in packages (§1.1).

A revision finalized now records the case data its report rests on (reference date, window, each
file's date, the team with the signed declarations, the opinion, the inspections with their
attachments' hashes): the database check finds a later change to any of them; a revision finalized
in form 2 still checks clean. A package carries each file's ``dated``, the agency keeps it (and flags
a date outside the window the same way), a case.json that disagrees with the signed content is
refused, and a form-2 package still imports.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from cityeval_desktop.domain.case_json import case_json
from cityeval_desktop.services import case_data as case_data_service
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services import reporting
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.maintenance import REVISION_CHANGED, check_database, problem_text
from cityeval_desktop.services.package_import import import_packages
from cityeval_desktop.services.packages import export_package
from cityeval_desktop.services.trust_store import add_trusted
from cityeval_desktop.signing import _pkcs12
from cityeval_desktop.signing.ca import init_ca, issue
from cityeval_desktop.signing.identity import Identity, create_identity, install_certificate, load_identity, make_csr
from cityeval_desktop.store.digest import revision_content
from tests.case_data_helpers import ORG_NAME, ORG_USCC, staff
from tests.hostile import packages as pk

FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = "evidence-dated-2026"
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}


@dataclass
class Dated:
    root: Path
    ca_pem: Path
    signer: Identity
    db: Path
    data: Path
    form3: str  # ref of the revision finalized in form 3
    form2: str  # ref of a revision finalized in form 2 (as the program did before)
    package3: Path
    package2: Path


def _case(ctx: Any, root: Path, signer: Identity, name: str, uscc: str) -> str:
    ref = case_service.new_case(
        ctx,
        framework="mini",
        tier="city",
        mode="third-party",
        entity_name=name,
        uscc=uscc,
        reference_date="2026-06-30",
    ).ref
    for ind, value in VALUES.items():
        case_service.set_answer(ctx, ref, ind, value=value)
    for veto in ("V1", "V2"):
        case_service.set_veto(ctx, ref, veto, False)
    scans = root / f"scans-{uscc}"
    scans.mkdir()
    (scans / "合同.pdf").write_bytes(f"%PDF-1.4 contract {uscc}".encode())
    (scans / "证书.pdf").write_bytes(f"%PDF-1.4 certificate {uscc}".encode())
    case_service.add_evidence(ctx, ref, "S", [scans / "合同.pdf"], dated="2021-03-01")
    case_service.add_evidence(ctx, ref, "S", [scans / "证书.pdf"], dated="2025-05-20")
    (scans / "现场.png").write_bytes(b"\x89PNG visit")
    (scans / "record.json").write_text(
        json.dumps(
            {
                "date": "2026-06-20",
                "place": "福州市鼓楼区软件园",
                "participants": [signer.name],
                "checked": "核对合同原件",
                "findings": "与申报材料一致",
                "attachments": ["现场.png"],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    case_data_service.add_inspection(ctx, ref, scans / "record.json")
    staff(ctx, ref, signer, root)
    return ref


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Dated:
    root = tmp_path_factory.mktemp("dated-world")
    old_rounds = _pkcs12.KDF_ROUNDS
    _pkcs12.KDF_ROUNDS = 1000
    try:
        init_ca(root / "ca.p12", name="福州市数据局评估 CA", password=PASSWORD, key_size=2048)
        ca = load_identity(root / "ca.p12", PASSWORD)
        ca_pem = root / "ca.pem"
        ca_pem.write_bytes(ca.certificate.public_bytes(serialization.Encoding.PEM))
        create_identity(root / "lead.p12", name="张三", org="福建数字评估中心", password=PASSWORD, key_size=2048)
        make_csr(root / "lead.p12", PASSWORD, root / "lead.csr")
        issue(root / "ca.p12", PASSWORD, root / "lead.csr", root / "lead.pem")
        signer = install_certificate(root / "lead.p12", PASSWORD, root / "lead.pem")
        # the assessor organisation's identity, issued by the same CA: the second signature of each report
        create_identity(root / "org.p12", name=ORG_NAME, org=ORG_NAME, uscc=ORG_USCC, password=PASSWORD, key_size=2048)
        make_csr(root / "org.p12", PASSWORD, root / "org.csr")
        issue(root / "ca.p12", PASSWORD, root / "org.csr", root / "org.pem")
        org = install_certificate(root / "org.p12", PASSWORD, root / "org.pem")
    finally:
        _pkcs12.KDF_ROUNDS = old_rounds
    db, data = root / "assessor.sqlite3", root / "assessor-data"
    ctx = open_context(db, data)
    try:
        fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
        form3 = _case(ctx, root, signer, "三式主体", "91350100M000100Y43")
        reporting.finalize_and_sign(ctx, form3, signer, org_identity=org, lang="zh")
        export_package(ctx, form3, root / "form3.cityeval", signer)
        form2 = _case(ctx, root, signer, "二式主体", "91512081MA62K0260E")
        real = reporting.revision_content
        reporting.revision_content = lambda case, form=2: real(case, 2)  # the program before form 3
        try:
            reporting.finalize_and_sign(ctx, form2, signer, org_identity=org, lang="zh")
        finally:
            reporting.revision_content = real
        export_package(ctx, form2, root / "form2.cityeval", signer)
    finally:
        ctx.close()
    return Dated(root, ca_pem, signer, db, data, form3, form2, root / "form3.cityeval", root / "form2.cityeval")


def _recorded(ctx: Any, ref: str) -> dict[str, Any]:
    entry = next(e for e in reporting.audit_entries(ctx, ref.split("@")[0]) if e["action"] == "report.sign")
    return entry["new"]["content"]


def _copy(world: Dated, tmp_path: Path) -> tuple[Path, Path]:
    import shutil

    db = tmp_path / "copy.sqlite3"
    shutil.copy(world.db, db)
    data = tmp_path / "copy-data"
    shutil.copytree(world.data, data)
    return db, data


def test_form_3_records_the_case_data_and_form_2_stays_as_it_was(world: Dated) -> None:
    ctx = open_context(world.db, world.data)
    try:
        three, two = _recorded(ctx, world.form3), _recorded(ctx, world.form2)
        assert three["form"] == 3 and two["form"] == 2
        assert three["reference_date"] == "2026-06-30" and three["window"] == {"from": "2023-07-01", "to": "2026-06-30"}
        assert [(m["name"], m["role"]) for m in three["team"]] == [("张三", "lead"), ("赵审核", "reviewer")]
        assert all(len(m["declaration"]["signature_sha256"]) == 64 for m in three["team"])
        assert three["opinion"] and three["inspections"][0]["attachments"][0]["name"] == "现场.png"
        assert sorted(e["dated"] for e in three["evidence"]) == ["2021-03-01", "2025-05-20"]
        assert "team" not in two and all("dated" not in e for e in two["evidence"])
        result = check_database(ctx)
        assert result.problems == [] and result.finalized_checked == 2
    finally:
        ctx.close()


@pytest.mark.parametrize(
    ("sql", "part", "words"),
    [
        ("UPDATE cases SET opinion = opinion || '（改）' WHERE entity_name = '三式主体'", "opinion", "written opinion"),
        (
            "UPDATE evidence SET dated = '2024-01-01' WHERE original_name = '合同.pdf' AND case_id = "
            "(SELECT id FROM cases WHERE entity_name = '三式主体')",
            "S",
            "evidence of indicator or veto S",
        ),
        ("UPDATE case_team SET org = '别的机构' WHERE name = '赵审核' AND case_id = "
         "(SELECT id FROM cases WHERE entity_name = '三式主体')", "team", "assessment team"),
        ("UPDATE case_inspections SET findings = '不一致' WHERE case_id = "
         "(SELECT id FROM cases WHERE entity_name = '三式主体')", "inspections", "inspection records"),
    ],
)  # fmt: skip
def test_a_change_to_the_case_data_after_finalizing_is_found(
    world: Dated, tmp_path: Path, sql: str, part: str, words: str
) -> None:
    db, data = _copy(world, tmp_path)
    con = sqlite3.connect(db)
    assert con.execute(sql).rowcount == 1
    con.commit()
    con.close()
    ctx = open_context(db, data)
    try:
        problems = check_database(ctx).problems
        changed = [p for p in problems if p.kind == REVISION_CHANGED]
        assert [p.detail for p in changed] == [part], problems
        assert changed[0].subject == world.form3
        assert words in problem_text(changed[0]).en
    finally:
        ctx.close()


def test_the_same_change_to_a_form_2_revision_is_not_part_of_its_content(world: Dated, tmp_path: Path) -> None:
    """(form 2 did not cover the opinion: its revisions still check clean, as they were made)"""
    db, data = _copy(world, tmp_path)
    con = sqlite3.connect(db)
    con.execute("UPDATE cases SET opinion = opinion || '（改）' WHERE entity_name = '二式主体'")
    con.commit()
    con.close()
    ctx = open_context(db, data)
    try:
        assert check_database(ctx).problems == []
    finally:
        ctx.close()


def _agency(tmp_path: Path, world: Dated) -> Any:
    ctx = open_context(tmp_path / "agency.sqlite3", tmp_path / "agency-data")
    add_trusted(ctx, world.ca_pem)
    return ctx


def test_a_package_carries_the_dates_and_the_agency_keeps_and_flags_them(world: Dated, tmp_path: Path) -> None:
    doc = json.loads(pk.entries(world.package3)[1]["data/case.json"])
    assert sorted((e["name"], e["dated"], e["outside_window"]) for e in doc["evidence"]) == [
        ("合同.pdf", "2021-03-01", True),
        ("证书.pdf", "2025-05-20", False),
    ]
    ctx = _agency(tmp_path, world)
    try:
        outcome = import_packages(ctx, [world.package3])[0]
        assert outcome.outcome == "imported", [c.detail.en for c in outcome.check.checks if not c.ok and c.detail]
        detail = case_service.load_case(ctx, world.form3)
        contract = next(e for e in detail.evidence if e.original_name == "合同.pdf")
        assert contract.dated == date(2021, 3, 1) and detail.outside_window(contract)
        assert detail.case_data.inspections[0].findings == "与申报材料一致"
        assert check_database(ctx).problems == []
        with ctx.reading() as s:
            from cityeval_desktop.store import case_repo

            assert revision_content(case_repo.load_revision(s, world.form3), 3) == _recorded(ctx, world.form3)
    finally:
        ctx.close()


def _redate(doc: dict[str, Any]) -> None:
    for e in doc["evidence"]:
        if e["name"] == "合同.pdf":
            e["dated"], e["outside_window"] = "2024-01-01", False


def test_a_case_json_whose_dates_disagree_with_the_signed_content_is_refused(world: Dated, tmp_path: Path) -> None:
    forged = pk.repack(
        world.package3, tmp_path / "forged.cityeval", pk.edit_json("data/case.json", _redate), sign_with=world.signer
    )
    ctx = _agency(tmp_path, world)
    try:
        outcome = import_packages(ctx, [forged])[0]
        assert outcome.outcome == "rejected"
        reason = " ".join(c.detail.en for c in outcome.check.checks if not c.ok and c.detail)
        assert "the evidence of case.json differs" in reason
        assert case_service.list_cases(ctx) == []
    finally:
        ctx.close()


def test_a_form_2_package_still_imports(world: Dated, tmp_path: Path) -> None:
    ctx = _agency(tmp_path, world)
    try:
        outcome = import_packages(ctx, [world.package2])[0]
        assert outcome.outcome == "imported", [c.detail.en for c in outcome.check.checks if not c.ok and c.detail]
        shown = case_json(case_service.load_case(ctx, world.form2))
        assert [m["name"] for m in shown["team"]] == ["张三", "赵审核"]  # (from case.json, as before)
        # form 2 did not record the dates: case.json's are kept, and flagged the same way
        assert sorted((e["name"], e["dated"], e["outside_window"]) for e in shown["evidence"]) == [
            ("合同.pdf", "2021-03-01", True),
            ("证书.pdf", "2025-05-20", False),
        ]
        assert check_database(ctx).problems == []
    finally:
        ctx.close()
