"""The signatures of a third-party report on the command line (issue 12 §1.4, §1.5), as an agency sets it
up: its CA issues the lead's, the reviewer's and the organisation's certificates (the organisation's with
its 统一社会信用代码 in the subject); `case finalize --identity LEAD --org-identity ORG` signs lead then
organisation; `report countersign` adds the reviewer; `pdfsig` and `verify-pdf` list them valid and in
order; the database check and a package round trip accept the countersigned report."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.signing.identity import ORGANIZATION_IDENTIFIER

FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = "signing-order-2026"
ORG_PASSWORD = "org-seal-2026-pw"
ORG = "福建数字评估中心"
ORG_USCC = "91350100PGJX20268U"
ANSWERS = {
    "answers": {
        k: {"value": v} for k, v in {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}.items()
    },
    "vetoes": {"V1": False, "V2": False},
}


def _ok(res: Any) -> Any:
    assert res.code == 0, res.out + res.err
    return res


def pdfsig(path: Path) -> list[dict[str, str]]:
    """Each signature pdfsig lists, in its order: field, common name, distinguished name, coverage, validation."""
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    found: list[dict[str, str]] = []
    for block in re.split(r"^Signature #\d+:\s*$", out, flags=re.M)[1:]:
        item: dict[str, str] = {}
        for line in block.splitlines():
            line = line.strip().removeprefix("- ")
            if ":" in line:
                key, value = line.split(":", 1)
                item[key.strip()] = value.strip()
            elif line.endswith("document signed"):
                item["coverage"] = line
        found.append(item)
    return found


@pytest.fixture
def agency(cli: Any, tmp_path: Path) -> dict[str, Any]:
    """The agency CA (trusted), and CA-issued identities of the lead, the reviewer and the organisation (through
    the entry point in this process: tests/e2e/test_trust_flow.py runs this chain of commands as a process)."""
    cli = cli.here()
    env = cli.env(CITYEVAL_PASSWORD=PASSWORD)
    ca = tmp_path / "ca.p12"
    _ok(cli("ca", "init", "--name", "福州市数据局评估 CA", "--out", str(ca), env=env))
    ids: dict[str, Path] = {}
    for key, args, password in (
        ("lead", ["--name", "张三", "--org", ORG], PASSWORD),
        ("reviewer", ["--name", "李四", "--org", "省评估协会"], PASSWORD),
        ("org", ["--org-identity", "--org", ORG, "--uscc", ORG_USCC], ORG_PASSWORD),
    ):
        ids[key] = tmp_path / f"{key}.p12"
        own = cli.env(CITYEVAL_PASSWORD=password)
        made = _ok(cli("identity", "new", *args, "--out", str(ids[key]), env=own))
        _ok(cli("identity", "csr", str(ids[key]), str(tmp_path / f"{key}.csr"), env=own))
        _ok(cli("ca", "issue", str(ca), str(tmp_path / f"{key}.csr"), str(tmp_path / f"{key}.pem"), env=env))
        _ok(cli("identity", "install-cert", str(ids[key]), str(tmp_path / f"{key}.pem"), env=own))
        if key == "org":
            assert "机构身份" in made.out and ORG_USCC in made.out
    _ok(cli("trust", "add", str(tmp_path / "ca.pem")))
    return {"ids": ids, "env": env, "ca_pem": tmp_path / "ca.pem"}


@pytest.fixture
def case(cli: Any, agency: dict[str, Any], tmp_path: Path) -> str:
    """A third-party case, answered, with its team (张三 lead, 李四 reviewer), declarations and opinion (made
    through the entry point in this process: tests/e2e/test_case_data_cli.py runs these commands as a process)."""
    cli = cli.here()
    forms = cli.data_dir / "frameworks"
    forms.mkdir(exist_ok=True)
    (forms / "mini.yaml").write_bytes((FIXTURES / "mini.yaml").read_bytes())
    ref = _ok(
        cli(
            "case", "new", "--framework", "mini", "--tier", "city", "--mode", "third-party",
            "--entity-name", "命令行主体", "--uscc", "91350100M000100Y43",
        )
    ).out.strip()  # fmt: skip
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "证书.pdf").write_bytes(b"%PDF-1.4 scan")
    doc = json.loads(json.dumps(ANSWERS))
    doc["answers"]["S"]["evidence"] = ["证书.pdf"]
    (folder / "answers.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _ok(cli("case", "answer", ref, "--file", str(folder / "answers.json")))
    _ok(cli("case", "team", ref, "add", "--name", "张三", "--role", "lead", "--org", ORG))
    _ok(cli("case", "team", ref, "add", "--name", "李四", "--role", "reviewer", "--org", "省评估协会"))
    for name, key in (("张三", "lead"), ("李四", "reviewer")):
        _ok(cli("case", "declare", ref, "--member", name, "--identity", str(agency["ids"][key]), env=agency["env"]))
    drafted = _ok(cli("case", "opinion", ref, "--draft")).out
    (tmp_path / "opinion.txt").write_text(drafted, encoding="utf-8")
    _ok(cli("case", "opinion", ref, "--file", str(tmp_path / "opinion.txt")))
    return ref


def _issued_with_its_code(tmp_path: Path) -> None:
    """The organisation's certificate, as the agency CA issued it, keeps its name and code."""
    from cryptography import x509

    issued = x509.load_pem_x509_certificates((tmp_path / "org.pem").read_bytes())[0]
    assert issued.subject.get_attributes_for_oid(ORGANIZATION_IDENTIFIER)[0].value == ORG_USCC
    assert issued.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == ORG
    assert issued.issuer.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == "福州市数据局评估 CA"


def test_identity_new_org_identity_needs_the_code(cli: Any, tmp_path: Path) -> None:
    res = cli("--lang", "en", "identity", "new", "--org-identity", "--org", ORG, "--out", str(tmp_path / "x.p12"))
    assert res.code != 0 and "--uscc" in res.err and not (tmp_path / "x.p12").exists()
    res = cli("identity", "new", "--org", ORG, "--out", str(tmp_path / "y.p12"))
    assert res.code != 0 and "--name" in res.err


def test_lead_then_organisation_then_reviewer(cli: Any, agency: dict[str, Any], case: str, tmp_path: Path) -> None:
    ids, env = agency["ids"], agency["env"]
    _issued_with_its_code(tmp_path)
    refused = cli("--lang", "en", "case", "finalize", case, "--identity", str(ids["lead"]), env=env)
    assert refused.code != 0 and "--org-identity" in refused.err
    assert _ok(cli("case", "show", case, "--json")).json()["report_no"] is None  # nothing numbered

    both = {**env, "CITYEVAL_ORG_PASSWORD": ORG_PASSWORD}
    as_reviewer = {**env, "CITYEVAL_ORG_PASSWORD": PASSWORD}
    reviewer_as_org = cli(
        "--lang", "en", "case", "finalize", case, "--identity", str(ids["lead"]),
        "--org-identity", str(ids["reviewer"]), env=as_reviewer,
    )  # fmt: skip
    assert reviewer_as_org.code != 0 and "not an organisation identity" in reviewer_as_org.err
    done = _ok(
        cli("case", "finalize", case, "--identity", str(ids["lead"]), "--org-identity", str(ids["org"]), env=both)
    )
    assert "评估组长 张三" in done.out and f"评估机构 {ORG}" in done.out

    report = tmp_path / "report.pdf"
    _ok(cli("report", "pdf", case, str(report)))
    sigs = pdfsig(report)
    assert [s["Signer Certificate Common Name"] for s in sigs] == ["张三", ORG]
    assert [s["Signature Validation"] for s in sigs] == ["Signature is Valid."] * 2
    assert [s["coverage"] for s in sigs] == ["Not total document signed", "Total document signed"]
    assert ORG_USCC in sigs[1]["Signer full Distinguished Name"]

    verified = _ok(cli("--lang", "en", "verify-pdf", str(report)))
    lines = verified.out.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("Signature 1 "))
    second = next(n for n, line in enumerate(lines) if line.startswith("Signature 2 "))
    assert "[lead assessor]: 张三" in lines[first] and f"[assessor organisation]: {ORG}" in lines[second]
    assert "later revisions added 1 signature only" in "\n".join(lines[first:second])
    assert "covers the whole document; unchanged since signing" in "\n".join(lines[second:])

    wrong = cli("--lang", "en", "report", "countersign", case, "--identity", str(ids["lead"]), env=env)
    assert wrong.code != 0 and "李四" in wrong.err and "张三" in wrong.err
    signed = _ok(cli("report", "countersign", case, "--identity", str(ids["reviewer"]), env=env))
    assert "李四" in signed.out
    twice = cli("--lang", "en", "report", "countersign", case, "--identity", str(ids["reviewer"]), env=env)
    assert twice.code != 0 and "countersigned already" in twice.err

    countersigned = tmp_path / "countersigned.pdf"
    _ok(cli("report", "pdf", case, str(countersigned)))
    assert countersigned.read_bytes().startswith(report.read_bytes())  # incremental: the earlier bytes kept
    sigs = pdfsig(countersigned)
    assert [s["Signer Certificate Common Name"] for s in sigs] == ["张三", ORG, "李四"]
    assert [s["Signature Validation"] for s in sigs] == ["Signature is Valid."] * 3
    assert [s["Signature Field Name"] for s in sigs] == ["CityEvalLead", "CityEvalOrganisation", "CityEvalReviewer"]
    verified = _ok(cli("verify-pdf", str(countersigned)))
    assert "[审核人]: 李四" in verified.out and "验证通过" in verified.out
    times = [line for line in verified.out.splitlines() if line.strip().startswith("签署时间")]
    assert len(times) == 3 and all(not re.search(r"\dT\d", line) and "（UTC" in line for line in times)  # local

    _ok(cli("db", "check"))
    package = tmp_path / "case.cityeval"
    _ok(cli("package", "export", case, str(package), "--identity", str(ids["lead"]), env=env))
    checked = _ok(cli("--lang", "en", "package", "verify", str(package), "--trust", str(agency["ca_pem"]), "--json"))
    assert checked.json()[0]["ok"] is True, checked.out
