"""The result certificate (issue 12 §2) on the command line: written for a finalized third-party revision, its
QR code decoded by zbarimg to what verify-pdf checks, the facts checked against the case, and the refusals."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.case_data_helpers import PASSWORD as TEAM_PASSWORD

FIXTURES = Path(__file__).parents[1] / "fixtures"
ORG_PASSWORD = "certificate-org-2026"
ORG = "福建数字评估中心"
ANSWERS = {
    "answers": {
        k: {"value": v} for k, v in {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}.items()
    },
    "vetoes": {"V1": False, "V2": False},
}
#: what a Chinese certificate may hold in Latin letters: ids (uuid-free: numbers, the USCC, hashes) and SHA-256
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9\-]*")


def _ok(res: Any) -> Any:
    assert res.code == 0, res.err + res.out
    return res


def _new_case(cli: Any, tmp_path: Path, mode: str, name: str, uscc: str) -> str:
    forms = cli.data_dir / "frameworks"
    forms.mkdir(exist_ok=True)
    (forms / "mini.yaml").write_bytes((FIXTURES / "mini.yaml").read_bytes())
    ref = _ok(
        cli(
            "case", "new", "--framework", "mini", "--tier", "city", "--mode", mode,
            "--entity-name", name, "--uscc", uscc, "--reference-date", "2026-06-30",
        )
    ).out.strip()  # fmt: skip
    folder = tmp_path / f"answers-{ref[:8]}"
    folder.mkdir()
    (folder / "证书.pdf").write_bytes(b"%PDF-1.4 scan")
    doc = json.loads(json.dumps(ANSWERS))
    doc["answers"]["S"]["evidence"] = ["证书.pdf"]
    (folder / "answers.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _ok(cli("case", "answer", ref, "--file", str(folder / "answers.json")))
    return ref


@pytest.fixture
def issued(cli: Any, tmp_path: Path) -> dict[str, Any]:
    """A finalized third-party case and the organisation identity (with its certificate) that issues certificates
    (made through the entry point in this process: other tests run these commands as a process)."""
    cli = cli.here()
    ref = _new_case(cli, tmp_path, "third-party", "福州闽数城市规划设计研究院有限公司", "91350100M000100Y43")
    cli.staff(ref)  # a lead and a reviewer with signed declarations, and the opinion
    lead = cli.data_dir.parent / "team" / "lead.p12"
    _ok(
        cli(
            "case",
            "finalize",
            ref,
            "--identity",
            str(lead),
            *cli.org_args(),
            env=cli.env(CITYEVAL_PASSWORD=TEAM_PASSWORD),
        )
    )
    env = cli.env(CITYEVAL_PASSWORD=ORG_PASSWORD)
    org = tmp_path / "org.p12"
    _ok(cli("identity", "new", "--name", "福建数字评估中心证书签发", "--org", ORG, "--out", str(org), env=env))
    _ok(cli("identity", "export-cert", str(org), str(tmp_path / "org.pem"), env=env))
    _ok(cli("trust", "add", str(tmp_path / "org.pem")))
    shown = _ok(cli("case", "show", ref, "--json")).json()
    return {"ref": ref, "org": org, "pem": tmp_path / "org.pem", "env": env, "shown": shown}


def _decode_qr(pdf: Path, tmp_path: Path) -> str:
    prefix = tmp_path / f"page-{pdf.stem}"
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(tmp_path.glob(f"{prefix.name}*.png"))
    assert len(pages) == 1  # one A4 page
    res = subprocess.run(["zbarimg", "--raw", "-q", str(pages[0])], capture_output=True, text=True, check=True)
    return res.stdout.strip()


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_a_certificate_is_written_signed_and_its_qr_code_is_what_verify_pdf_checks(
    cli: Any, issued: dict[str, Any], tmp_path: Path
) -> None:
    ref, shown = issued["ref"], issued["shown"]
    out = tmp_path / "证书.pdf"
    res = _ok(cli("report", "certificate", ref, str(out), "--identity", str(issued["org"]), env=issued["env"]))
    assert "已写出评估结果证书" in res.out and shown["certificate_no"] in res.out
    printed_qr = re.search(r"二维码内容: (\S+)", res.out).group(1)
    sha = re.search(r"证书校验码: ([0-9a-f]{64})", res.out).group(1)
    assert printed_qr == f"cityeval-certificate:1:{sha}"

    decoded = _decode_qr(out, tmp_path)
    verified = _ok(cli("verify-pdf", str(out)))
    assert f"二维码内容: {decoded}" in verified.out  # the code on the page is what verify-pdf checks
    assert decoded == printed_qr
    assert f"证书内容校验码: {sha}" in verified.out
    assert "内容与校验码: 一致" in verified.out
    case_uuid = shown["case_id"]
    assert f"与案例 {case_uuid} 第 1 版一致" in verified.out
    assert "验证通过" in verified.out
    pdfsig = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True)
    assert "Signature is Valid" in pdfsig.stdout

    # every field, in Chinese only
    text = _text(out)
    flat = re.sub(r"\s+", "", text)
    for words in (
        "评估结果证书",
        "福州闽数城市规划设计研究院有限公司",
        "91350100M000100Y43",
        "规划咨询",
        "城市服务级",
        "评估结果",
        f"{shown['result']['total']:.2f}分",
        shown["certificate_no"],
        shown["report_no"],
        "有效期",
        ORG,
        "发证机构",
        sha[:32],
        sha[32:],
    ):
        assert words in flat, words
    ids = {shown["certificate_no"], shown["report_no"], "91350100M000100Y43", sha[:32], sha[32:]}
    ids |= {"SHA-256", "PAdES", "UTC"}  # a standard, a signature format, the signing time's offset
    latin = {w for w in LATIN.findall(text) if not any(w in i for i in ids)}
    fingerprint_chars = set("0123456789abcdefABCDEF-")
    latin = {w for w in latin if not set(w) <= fingerprint_chars}  # the signature box's short fingerprint
    assert latin == set(), latin

    # the write is audited: the sha256 and the certificate number, in the case's chain
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.services.reporting import audit_entries

    ctx = open_context(cli.db, cli.data_dir)
    try:
        entries = [e for e in audit_entries(ctx, case_uuid) if e["action"] == "report.certificate"]
    finally:
        ctx.close()
    assert len(entries) == 1
    assert entries[0]["new"]["sha256"] == sha and entries[0]["new"]["certificate_no"] == shown["certificate_no"]

    # and in English, English only
    english = tmp_path / "certificate-en.pdf"
    _ok(
        cli(
            "--lang", "en", "report", "certificate", ref, str(english), "--identity", str(issued["org"]),
            "--report-lang", "en", env=issued["env"],
        )
    )  # fmt: skip
    en_text = _text(english)
    for words in ("Assessment Result Certificate", "Planning & consulting", "City service", "Certificate number",
                  "Report number", "Valid", "Issued by", "out of 100", ORG):  # fmt: skip
        assert words in en_text, words
    names = ("福建数字评估中心证书签发", ORG, "福州闽数城市规划设计研究院有限公司")  # signer, issuer, entity
    for name in names:
        en_text = en_text.replace(name, "")
    assert not re.search(r"[\u4e00-\u9fff]", en_text)
    en_verified = _ok(cli("--lang", "en", "verify-pdf", str(english)))
    assert f"matches case {case_uuid} revision 1" in en_verified.out
    assert _decode_qr(english, tmp_path) in en_verified.out


def _signed_certificate(cli: Any, ref: str, identity_path: Path, out: Path, edit: Any, *, qr_of_edited: bool) -> None:
    """A certificate signed by ``identity_path`` whose facts were changed by ``edit`` (and, with
    ``qr_of_edited``, a QR value that hashes the changed facts, so only the comparison with the case tells)."""
    from cityeval_desktop.reports import certificate as cert
    from cityeval_desktop.services.certificates import issuer_of
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.services.reporting import signed_report_info
    from cityeval_desktop.signing.identity import load_identity
    from cityeval_desktop.signing.pades import sign_pdf

    ctx = open_context(cli.db, cli.data_dir)
    try:
        from cityeval_desktop.services.cases import load_case

        detail = load_case(ctx, ref)
        identity = load_identity(identity_path, ORG_PASSWORD)
        facts = cert.certificate_facts(
            detail, report_sha256=signed_report_info(ctx, ref).sha256, issuer=issuer_of(detail, identity)
        )
        rendered = cert.render_certificate(detail, edit(dict(facts)))
        pdf = rendered.pdf
        if not qr_of_edited:  # the facts changed, the QR value and print kept from the true facts
            true_sha = cert.sha256_hex(cert.facts_bytes(facts))
            pdf = pdf.replace(rendered.sha256.encode(), true_sha.encode())
        out.write_bytes(sign_pdf(pdf, identity, box=rendered.signature_box))
    finally:
        ctx.close()


def test_a_tampered_certificate_and_one_whose_facts_are_another_case_fail(
    cli: Any, issued: dict[str, Any], tmp_path: Path
) -> None:
    ref = issued["ref"]
    good = tmp_path / "good.pdf"
    _ok(cli("report", "certificate", ref, str(good), "--identity", str(issued["org"]), env=issued["env"]))
    # bytes changed after signing: the signature fails
    data = bytearray(good.read_bytes())
    at = data.find(b"/Producer")
    data[at + 1] = ord("p")
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    res = cli("verify-pdf", str(tampered))
    assert res.code == 1 and "验证未通过" in res.err

    # signed by a trusted identity, but its facts do not hash to its QR value
    altered = tmp_path / "altered.pdf"

    def raise_total(facts: dict[str, Any]) -> dict[str, Any]:
        facts["total"] = "99.00"
        return facts

    _signed_certificate(cli, ref, issued["org"], altered, raise_total, qr_of_edited=False)
    res = cli("verify-pdf", str(altered))
    assert res.code == 1
    assert "内容与校验码: 不一致" in res.out and "证书内容被改动" in res.err

    # signed, hash consistent, but the facts are not the case's: each differing field is named
    other = tmp_path / "other.pdf"
    shown = issued["shown"]

    def another_case(facts: dict[str, Any]) -> dict[str, Any]:
        facts.update(entity="另一家公司", certificate_no="CE-ZS-2026-0099", total="99.00")
        return facts

    _signed_certificate(cli, ref, issued["org"], other, another_case, qr_of_edited=True)
    res = cli("verify-pdf", str(other))
    assert res.code == 1, res.out
    assert "内容与校验码: 一致" in res.out and "与案例不一致" in res.out
    assert f"证书编号不一致：证书为 CE-ZS-2026-0099，案例为 {shown['certificate_no']}" in res.err
    assert "经营主体不一致：证书为 另一家公司，案例为 福州闽数城市规划设计研究院有限公司" in res.err
    assert f"总分不一致：证书为 99.00，案例为 {shown['result']['total']:.2f}" in res.err
    assert "报告编号" not in res.err  # only what differs

    # at another database (no such case), the certificate itself still verifies, with a note
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = cli.env(CITYEVAL_DB=str(elsewhere / "other.sqlite3"), CITYEVAL_DATA_DIR=str(elsewhere))
    res = cli("verify-pdf", str(good), "--trust", str(issued["pem"]), env=env)
    assert res.code == 0, res.err
    assert "本数据库中没有案例" in res.err and "内容与校验码: 一致" in res.out


def test_a_certificate_is_refused_for_a_self_check_a_draft_and_a_bad_output(
    cli: Any, issued: dict[str, Any], tmp_path: Path
) -> None:
    env = issued["env"]
    self_ref = _new_case(cli, tmp_path, "self", "自评公司", "91512081MA62K0260E")
    own = tmp_path / "own.p12"
    _ok(cli("identity", "new", "--name", "自评人", "--org", "自评公司", "--uscc", "91512081MA62K0260E",
            "--out", str(own), env=env))  # fmt: skip
    _ok(cli("case", "finalize", self_ref, "--identity", str(own), env=env))
    out = tmp_path / "self.pdf"
    res = cli("report", "certificate", self_ref, str(out), "--identity", str(issued["org"]), env=env)
    assert res.code == 1 and "自评结果不出具评估结果证书" in res.err and not out.exists()
    res = cli("--lang", "en", "report", "certificate", self_ref, str(out), "--identity", str(issued["org"]), env=env)
    assert res.code == 1 and "a self-check gets no result certificate" in res.err

    draft = _new_case(cli, tmp_path, "third-party", "草稿公司", "91350100M000100Y43")
    res = cli("report", "certificate", draft, str(out), "--identity", str(issued["org"]), env=env)
    assert res.code == 1 and "草稿没有评估结果证书" in res.err and not out.exists()

    missing = tmp_path / "no-such-folder" / "c.pdf"
    res = cli("report", "certificate", issued["ref"], str(missing), "--identity", str(issued["org"]), env=env)
    assert res.code == 1 and not missing.exists()
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.services.reporting import audit_entries

    ctx = open_context(cli.db, cli.data_dir)
    try:
        actions = [e["action"] for e in audit_entries(ctx, issued["shown"]["case_id"])]
    finally:
        ctx.close()
    assert "report.certificate" not in actions  # nothing recorded for what was refused


def test_at_the_agency_the_certificate_is_checked_against_the_imported_case(
    cli: Any, issued: dict[str, Any], tmp_path: Path
) -> None:
    ref, env = issued["ref"], issued["env"]
    cert = tmp_path / "证书.pdf"
    _ok(cli("report", "certificate", ref, str(cert), "--identity", str(issued["org"]), env=env))
    assert _ok(cli("db", "check")).code == 0  # the certificate's audit entry keeps the chain and the seals whole
    package = tmp_path / "case.cityeval"
    _ok(cli("package", "export", ref, str(package), "--identity", str(issued["org"]), env=env))

    agency = tmp_path / "agency"
    agency.mkdir()
    from tests.conftest import Cli

    other = Cli(agency)
    res = other("verify-pdf", str(cert), "--trust", str(issued["pem"]))
    assert res.code == 0 and "本数据库中没有案例" in res.err  # before the import: the certificate itself only
    _ok(other("package", "import", str(package), "--accept-untrusted"))
    res = other("verify-pdf", str(cert), "--trust", str(issued["pem"]))
    assert res.code == 0, res.err
    assert f"与案例 {issued['shown']['case_id']} 第 1 版一致" in res.out and "本数据库中没有案例" not in res.err
    # the agency issues no certificate for an imported revision
    agency_env = other.env(CITYEVAL_PASSWORD=ORG_PASSWORD)
    res = other("report", "certificate", ref, str(tmp_path / "a.pdf"), "--identity", str(issued["org"]), env=agency_env)
    assert res.code == 1 and "从案例包导入" in res.err
