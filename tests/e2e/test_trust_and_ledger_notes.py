"""Issue 10 leftovers a new user ran into: a namesake CA on ``trust add``, a package signed by someone else
than its report, and the ledger's table naming the package and the signer by their short hashes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.domain.fingerprints import short_fingerprint
from tests.conftest import FIXTURES, install_frameworks_2026_1

PASSWORD = "correct horse battery staple"
CA_NAME = "福州市数据局评估 CA"


PLANNING_2026_1 = "planning-consulting@2026.1"  # written against the 2026.1 ids and rules


@pytest.fixture(autouse=True)
def _frameworks_2026_1(cli) -> None:
    install_frameworks_2026_1(cli.data_dir)


def _ok(r: Any) -> Any:
    assert r.code == 0, r.err
    return r


def test_trust_add_of_a_namesake_ca_warns_and_needs_force(cli, tmp_path: Path) -> None:
    env = cli.env(CITYEVAL_PASSWORD=PASSWORD)
    first, second, other = tmp_path / "a" / "CA.p12", tmp_path / "b" / "CA.p12", tmp_path / "c" / "CA.p12"
    for path, name in ((first, CA_NAME), (second, CA_NAME), (other, "厦门市数据局评估 CA")):
        path.parent.mkdir()
        _ok(cli("ca", "init", "--name", name, "--out", str(path), env=env))
    _ok(cli("trust", "add", str(first.with_suffix(".pem"))))
    trusted = cli("trust", "list", "--json").json()
    first_fp = trusted[0]["fingerprint"]

    refused = cli("trust", "add", str(second.with_suffix(".pem")))
    assert refused.code == 1
    assert "同名的证书机构" in refused.err and "被当作伪造拒绝" in refused.err, refused.err
    assert short_fingerprint(first_fp) in refused.err and "--force" in refused.err
    assert len(cli("trust", "list", "--json").json()) == 1  # nothing was trusted

    en = cli("--lang", "en", "trust", "add", str(second.with_suffix(".pem")))
    assert en.code == 1 and "refused as forged" in en.err and "namesake" in en.err

    # a genuinely different name is added as before, without a word about namesakes
    plain = _ok(cli("trust", "add", str(other.with_suffix(".pem"))))
    assert "同名" not in plain.err + plain.out

    forced = _ok(cli("trust", "add", str(second.with_suffix(".pem")), "--force"))
    assert "同名" in forced.err and short_fingerprint(first_fp) in forced.err
    assert len(cli("trust", "list", "--json").json()) == 3
    # the trust list shows fingerprints in the one short form the rest of the command line uses
    listing = _ok(cli("trust", "list")).out
    assert short_fingerprint(first_fp) in listing


def _answers(tmp_path: Path) -> Path:
    from cityeval_desktop.domain.loader import load_file
    from cityeval_desktop.domain.methods import Choice, Deduction, PerItem, Scale, YesNo

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned contract")
    fw = load_file(FIXTURES / "frameworks-2026.1" / "planning-consulting.yaml")
    answers: dict[str, Any] = {}
    for ind in fw.tier_indicators("city"):
        m = ind.method
        if isinstance(m, Scale):
            value: object = 1
        elif isinstance(m, YesNo):
            value = True
        elif isinstance(m, Choice):
            value = m.options[0].id
        elif isinstance(m, Deduction) and m.graded:
            value = {m.severities[0].id: 1}
        elif isinstance(m, PerItem | Deduction):
            value = 1
        else:
            value = 3
        entry: dict[str, Any] = {"value": value}
        if ind.evidence_required:
            entry["evidence"] = [scan.name]
        answers[ind.id] = entry
    path = tmp_path / "answers.json"
    path.write_text(
        json.dumps({"answers": answers, "vetoes": {v.id: False for v in fw.vetoes}}, ensure_ascii=False), "utf-8"
    )
    return path


def test_a_package_signed_by_another_than_the_report_is_said_in_verify_import_and_ledger(cli, tmp_path) -> None:
    env = cli.env(CITYEVAL_PASSWORD=PASSWORD)
    zhang, li = tmp_path / "zhang.p12", tmp_path / "li.p12"
    # the package, made through the entry point in this process (what this test is about runs as a process)
    here = cli.here()
    _ok(here("identity", "new", "--name", "张三", "--org", "福建数字评估中心", "--out", str(zhang), env=env))
    _ok(here("identity", "new", "--name", "李四", "--org", "福建数字评估中心", "--out", str(li), env=env))
    for ident in (zhang, li):
        _ok(here("identity", "export-cert", str(ident), str(ident.with_suffix(".pem")), env=env))
    case_id = here.new_case(framework=PLANNING_2026_1)
    _ok(here("case", "answer", case_id, "--file", str(_answers(tmp_path))))
    cli.staff(case_id, zhang, PASSWORD)
    _ok(here("case", "finalize", case_id, "--identity", str(zhang), *cli.org_args(), env=env))
    package = tmp_path / "case.cityeval"
    _ok(here("package", "export", case_id, str(package), "--identity", str(li), env=env))

    trust = ["--trust", str(zhang.with_suffix(".pem")), "--trust", str(li.with_suffix(".pem"))]
    trust += ["--trust", str(cli.org_pem())]  # the organisation's signature, second
    verified = cli("package", "verify", str(package), *trust)
    assert verified.code == 0, verified.err  # a warning, not a failure
    assert re.search(r"warning: .*案例包的签署人 李四.*不是报告的签署人 张三", verified.err), verified.err
    found = cli("package", "verify", str(package), *trust, "--json").json()[0]
    assert found["ok"] and any("张三" in n for n in found["notes"])

    # at the agency: a fresh database
    agency = tmp_path / "agency"
    agency.mkdir()
    agency_env = cli.env(CITYEVAL_DATA_DIR=str(agency), CITYEVAL_DB=str(agency / "agency.sqlite3"))
    imported = cli("package", "import", str(package), *trust, env=agency_env)
    assert imported.code == 0, imported.err
    assert "不是报告的签署人" in imported.err
    ledger = cli("package", "ledger", "--json", env=agency_env).json()
    assert ledger[0]["outcome"] == "imported" and "不是报告的签署人 张三" in ledger[0]["reason"]

    table = _ok(cli("package", "ledger", env=agency_env)).out
    header = table.splitlines()[0]
    assert "案例包 SHA-256" in header and "证书指纹" in header
    assert ledger[0]["sha256"][:12] in table
    assert short_fingerprint(ledger[0]["fingerprint"]) in table
    english = _ok(cli("--lang", "en", "package", "ledger", env=agency_env)).out
    assert "package sha256" in english.splitlines()[0] and "note: the package was signed by" in english
