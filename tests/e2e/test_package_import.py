"""`package verify`, `package import` and `package ledger` (issue 10, items 1.3–1.5): the agency's side.

An assessor (with a certificate from the agency CA) finalizes a case twice and exports both
revisions; the agency verifies and imports them into its own database, as a clerk would.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.errors import StateError
from cityeval_desktop.services.package_import import import_packages, ledger, origin_of
from cityeval_desktop.services.packages import export_package
from tests.case_data_helpers import org_for
from tests.hostile import packages as pk


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> pk.World:
    return pk.build_world(tmp_path_factory.mktemp("world"))


def _agency_cli(cli: Any, world: pk.World) -> None:
    res = cli("trust", "add", str(world.ca_pem))
    assert res.code == 0, res.err


def test_round_trip_verify_import_and_the_agency_sees_what_the_assessor_sees(cli, world, tmp_path: Path) -> None:
    _agency_cli(cli, world)
    res = cli("package", "verify", str(world.r1))
    assert res.code == 0, res.err
    assert "验证通过" in res.out and "签署人：张三（福建数字评估中心）" in res.out
    assert res.out.count("[通过]") == 10

    res = cli("package", "import", str(world.r1))
    assert res.code == 0, res.err
    assert "已导入" in res.out

    assessor = world.assessor()
    try:
        ref = f"{world.case_uuid}@1"
        mine = case_service.load_case(assessor, ref)
        from cityeval_desktop.domain.case_json import case_json
        from cityeval_desktop.services.reporting import stored_final_report

        assessor_json = case_json(mine)
        assessor_report = stored_final_report(assessor, ref)
    finally:
        assessor.close()
    shown = cli("case", "show", ref, "--json").json()
    assert shown == json.loads(json.dumps(assessor_json))  # the same document, field for field
    agency = open_context(cli.db, cli.data_dir)
    try:
        from cityeval_desktop.services.reporting import stored_final_report

        assert stored_final_report(agency, ref) == assessor_report  # byte for byte
        origin = origin_of(agency, ref)
        assert origin is not None and origin.trusted and origin.signer_name == "张三" and origin.accepted_by is None
    finally:
        agency.close()
    check = cli("db", "check")
    assert check.code == 0, check.out + check.err

    ledger_json = cli("package", "ledger", "--json").json()
    assert [e["outcome"] for e in ledger_json] == ["imported"]
    assert ledger_json[0]["trusted"] is True and ledger_json[0]["case_id"] == world.case_uuid
    assert ledger_json[0]["fingerprint"] == world.signer.fingerprint


def test_import_is_idempotent_a_higher_revision_supersedes_a_lower_one_is_history(world, tmp_path: Path) -> None:
    ctx = pk.agency(tmp_path, world)
    try:
        assert [o.outcome for o in import_packages(ctx, [world.r1])] == ["imported"]
        assert [o.outcome for o in import_packages(ctx, [world.r1])] == ["skipped"]
        assert [o.outcome for o in import_packages(ctx, [world.r2])] == ["superseded"]
        listed = case_service.list_cases(ctx)
        assert [(c.case_uuid, c.revision) for c in listed] == [(world.case_uuid, 2)]
    finally:
        ctx.close()
    other = tmp_path / "other"
    other.mkdir()
    ctx = pk.agency(other, world)
    try:  # the newer one first, then the older one arrives late
        folder = other / "inbox"
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "late.cityeval").write_bytes(world.r1.read_bytes())
        (folder / "b.cityeval").write_bytes(world.r2.read_bytes())
        (folder / "notes.txt").write_text("not a package")
        outcomes = import_packages(ctx, [folder / "b.cityeval"])
        assert [o.outcome for o in outcomes] == ["imported"]
        outcomes = import_packages(ctx, [folder])  # the folder, recursively: .cityeval files only
        assert [(o.path.name, o.outcome) for o in outcomes] == [("b.cityeval", "skipped"), ("late.cityeval", "history")]
        assert [c.revision for c in case_service.revisions(ctx, world.case_uuid)] == [1, 2]
        assert [e.outcome for e in ledger(ctx)] == ["history", "skipped", "imported"]
        from cityeval_desktop.services.maintenance import check_database

        assert check_database(ctx).ok
    finally:
        ctx.close()


def test_imported_revisions_are_read_only_at_the_agency(world, tmp_path: Path) -> None:
    ctx = pk.agency(tmp_path, world)
    try:
        import_packages(ctx, [world.r1])
        ref = f"{world.case_uuid}@1"
        with pytest.raises(StateError) as caught:
            case_service.amend(ctx, ref, "机构想改")
        assert "只读" in caught.value.render("zh")[0]
        with pytest.raises(StateError):
            export_package(ctx, ref, tmp_path / "again.cityeval", world.signer)
        assert not (tmp_path / "again.cityeval").exists()
    finally:
        ctx.close()


def test_an_untrusted_package_is_quarantined_unless_accepted_and_then_marked(cli, world, tmp_path: Path) -> None:
    res = cli("package", "import", str(world.r1), "--lang", "en")
    assert res.code == 1
    assert "signer trust check failed" in res.err and "quarantined at" in res.err
    assert cli("case", "list", "--json").json() == []
    quarantine = cli.data_dir / "quarantine"
    copies = sorted(p.name for p in quarantine.iterdir())
    assert len(copies) == 2 and copies[0].endswith(".quarantined") and copies[1] == copies[0] + ".reason.txt"
    assert (quarantine / copies[0]).read_bytes() == world.r1.read_bytes()
    assert "原因：“签署人可信”检查未通过" in (quarantine / copies[1]).read_text(encoding="utf-8")

    res = cli("package", "import", str(world.r1), "--accept-untrusted")
    assert res.code == 0, res.err
    assert "签署人不受信任，已标记为未验证" in res.out
    ctx = open_context(cli.db, cli.data_dir)
    try:
        origin = origin_of(ctx, f"{world.case_uuid}@1")
        assert origin is not None and origin.trusted is False and origin.accepted_by == ctx.actor
    finally:
        ctx.close()
    outcomes = [e["outcome"] for e in cli("package", "ledger", "--json").json()]
    assert outcomes == ["imported", "rejected"]
    # marked as unverified wherever the case is shown: the list, the case, the workbook
    listed = cli("case", "list")
    assert "导入·未验证" in listed.out
    assert cli("case", "list", "--json").json()[0]["trusted"] is False
    shown = cli("case", "show", f"{world.case_uuid}@1", "--lang", "en")
    assert "UNVERIFIED: the signer is not trusted, accepted by" in shown.out
    book = tmp_path / "cases.xlsx"
    assert cli("report", "xlsx", f"{world.case_uuid}@1", str(book)).code == 0
    import openpyxl

    cells = [c.value for row in openpyxl.load_workbook(book).worksheets[0].iter_rows() for c in row]
    assert any(isinstance(v, str) and "未验证：签署人不受信任" in v for v in cells)


def test_a_package_that_extends_another_history_of_the_case_is_refused(world, tmp_path: Path) -> None:
    ctx = pk.agency(tmp_path, world)
    forked = pk.repack(
        world.r2,
        tmp_path / "forked.cityeval",
        pk.edit_audit(lambda chain: chain[1].update(actor="另一个人")),
        sign_with=world.signer,
    )
    try:
        import_packages(ctx, [world.r1])
        (outcome,) = import_packages(ctx, [forked])
        assert outcome.rejected
        assert "another history" in outcome.reason.en and "第 2 条" in outcome.reason.zh
        assert [c.revision for c in case_service.revisions(ctx, world.case_uuid)] == [1]
    finally:
        ctx.close()
    with sqlite3.connect(tmp_path / "agency.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM audit WHERE chain = ?", (world.case_uuid,)).fetchone()[0] == len(
            pk.entries(world.r1)[1]["data/audit.jsonl"].splitlines()
        )


def test_a_case_made_at_the_agency_is_never_replaced_by_a_package(world, tmp_path: Path) -> None:
    ctx = pk.agency(tmp_path, world)
    try:
        import_packages(ctx, [world.r1])
        with sqlite3.connect(tmp_path / "agency.sqlite3") as db:  # as if the agency had made this case itself
            db.execute("DELETE FROM case_origins")
        (outcome,) = import_packages(ctx, [world.r2])
        assert outcome.rejected and "made in this database" in outcome.reason.en
    finally:
        ctx.close()


def test_two_clerks_importing_the_same_packages_at_once_store_each_revision_once(cli, world, tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    assert cli("trust", "add", str(world.ca_pem)).code == 0
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n, src in enumerate((world.r1, world.r2)):
        (inbox / f"{n}.cityeval").write_bytes(src.read_bytes())
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "cityeval_desktop.cli.main", "package", "import", str(inbox), "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli.env(),
            cwd=ROOT,
        )
        for _ in range(3)
    ]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], [err for _, err in results]
    outcomes = sorted(o["outcome"] for out, _ in results for o in json.loads(out))
    # each revision imported exactly once; every other attempt found it there
    assert outcomes.count("skipped") == 4 and len(outcomes) == 6
    assert [c["revision"] for c in cli("case", "list", "--all-revisions", "--json").json()] == [2, 1]
    assert cli("db", "check").code == 0
    assert len(cli("package", "ledger", "--json").json()) == 6


def test_a_revoked_assessor_can_neither_finalize_nor_export_where_the_revocation_is_known(
    world, tmp_path: Path
) -> None:
    import shutil

    from cityeval_desktop.services.revocation import revoke_certificate
    from cityeval_desktop.services.trust_store import add_trusted
    from cityeval_desktop.signing.errors import SigningError

    db, data = tmp_path / "assessor.sqlite3", tmp_path / "assessor-data"
    shutil.copyfile(world.db, db)
    shutil.copytree(world.data, data)
    ctx = open_context(db, data)
    try:
        add_trusted(ctx, world.ca_pem)
        draft = case_service.amend(ctx, f"{world.case_uuid}@2", "再次复核").ref
        revoke_certificate(ctx, world.root / "ca.p12", pk.PASSWORD, world.root / "assessor.pem", reason="keyCompromise")
        with pytest.raises(SigningError) as caught:
            export_package(ctx, f"{world.case_uuid}@2", tmp_path / "after.cityeval", world.signer)
        assert "Ask the agency for a new certificate" in caught.value.render("en")
        assert not (tmp_path / "after.cityeval").exists()
        from cityeval_desktop.services.reporting import finalize_and_sign

        with pytest.raises(SigningError):
            finalize_and_sign(ctx, draft, world.signer, org_identity=org_for(ctx, draft), lang="zh")
        assert case_service.load_case(ctx, draft).summary.is_draft
    finally:
        ctx.close()
