"""The trust story end to end, through the command line as an assessor and an agency run it.

Agency CA → assessor identity → certificate request → issued certificate installed → case
answered → finalize (signed report stored, revision locked) → report and verification with
``cityeval verify-pdf`` and Poppler's ``pdfsig``; one changed byte is caught by both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cityeval_desktop.domain.loader import load_file
from cityeval_desktop.domain.methods import Choice, Deduction, PerItem, Scale, YesNo
from cityeval_desktop.paths import forms_dir
from tests.conftest import typed_evidence, veto_not_raised

PASSWORD = "correct horse battery staple"
pytestmark = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="needs poppler-utils (pdfsig), see .ci/run")


def full_answers(framework_path: Path, tier: str, evidence: Path) -> dict:
    fw = load_file(framework_path)
    answers: dict = {}
    for ind in fw.tier_indicators(tier):
        m = ind.method
        if isinstance(m, Scale):
            value: object = len(m.levels) - 2
        elif isinstance(m, YesNo):
            value = True
        elif isinstance(m, Choice):
            value = m.options[1].id
        elif isinstance(m, Deduction) and m.graded:
            value = {m.severities[0].id: 1}
        elif isinstance(m, PerItem | Deduction):
            value = 1
        else:
            value = 50
        entry = {"value": value, "note": f"{ind.id} 现场核查"}
        if ind.evidence_required:  # typed and verified, as a third-party finalize asks
            entry["evidence"] = [typed_evidence(ind, evidence.name)]
        answers[ind.id] = entry
    return {"answers": answers, "vetoes": {v.id: veto_not_raised(evidence.name) for v in fw.vetoes}}


@pytest.fixture
def pki(cli, tmp_path: Path) -> dict[str, Path]:
    """The agency CA and 张三's identity with the certificate it issued, each step a `cityeval` process."""
    return _make_pki(cli, tmp_path)


@pytest.fixture
def pki_here(cli, tmp_path: Path) -> dict[str, Path]:
    """The same, through the entry point in this process (for a test about something else)."""
    return _make_pki(cli.here(), tmp_path)


def _make_pki(cli, tmp_path: Path) -> dict[str, Path]:
    env = cli.env(CITYEVAL_PASSWORD=PASSWORD)
    ca, ident = tmp_path / "agency-ca.p12", tmp_path / "zhang.p12"
    csr, cert = tmp_path / "zhang.csr", tmp_path / "zhang.pem"
    for args in (
        ("ca", "init", "--name", "福州市数据局评估 CA", "--out", str(ca)),
        ("identity", "new", "--name", "张三", "--org", "福建数字评估中心", "--out", str(ident)),
        ("identity", "csr", str(ident), str(csr)),
        ("ca", "issue", str(ca), str(csr), str(cert)),
        ("identity", "install-cert", str(ident), str(cert)),
    ):
        r = cli(*args, env=env)
        assert r.code == 0, (args, r.err)
    return {"ca": ca, "identity": ident, "cert": cert}


def test_finalize_sign_verify_and_tamper(cli, pki, tmp_path: Path) -> None:
    env = cli.env(CITYEVAL_PASSWORD=PASSWORD)
    case_id = cli.new_case()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned contract")
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(full_answers(forms_dir() / "planning-consulting.yaml", "city", scan), ensure_ascii=False), "utf-8"
    )
    assert cli("case", "answer", case_id, "--file", str(answers)).code == 0

    # finalize refuses a wrong password, and changes nothing
    bad = cli(
        "case", "finalize", case_id, "--identity", str(pki["identity"]), *cli.org_args(),
        env=cli.env(CITYEVAL_PASSWORD="nope"),
    )  # fmt: skip
    assert bad.code == 1 and "密码" in bad.err, bad.err
    assert cli("case", "show", case_id, "--json").json()["status"] == "draft"

    cli.staff(case_id, pki["identity"], PASSWORD)
    r = cli("case", "finalize", case_id, "--identity", str(pki["identity"]), *cli.org_args(), env=env)
    assert r.code == 0, r.err
    shown = cli("case", "show", case_id, "--json").json()
    assert shown["status"] == "finalized"
    # locked: answering again is refused
    assert cli("case", "answer", case_id, "--file", str(answers)).code == 1

    report = tmp_path / "report.pdf"
    assert cli("report", "pdf", case_id, str(report)).code == 0
    text = subprocess.run(["pdftotext", "-layout", str(report), "-"], capture_output=True, text=True).stdout
    assert shown["entity"]["name"] in text and shown["entity"]["uscc"] in text
    assert f"{shown['result']['total']:.2f}" in text
    label = "".join(shown["result"]["label"].split())
    assert shown["result"]["grade"] and label in "".join(text.split())  # the cover's result label

    sig = subprocess.run(["pdfsig", str(report)], capture_output=True, text=True)
    assert "Signature is Valid" in sig.stdout, sig.stdout + sig.stderr
    assert "张三" in sig.stdout
    # every font is embedded, the signature box's included
    fonts = subprocess.run(["pdffonts", str(report)], capture_output=True, text=True).stdout
    assert fonts.splitlines()[2:] and "Helvetica" not in fonts, fonts
    assert all(" yes " in row for row in fonts.splitlines()[2:]), fonts

    # untrusted until the agency CA is in the trust store
    untrusted = cli("--lang", "en", "verify-pdf", str(report))
    assert untrusted.code == 1 and "NOT trusted" in untrusted.out
    assert cli("trust", "add", str(pki["cert"])).code == 0
    cli.trust_org()  # the organisation's signature, second
    ok = cli("--lang", "en", "verify-pdf", str(report))
    assert ok.code == 0, ok.out + ok.err
    assert "张三" in ok.out and "unchanged since signing" in ok.out

    # the audit chain holds the report's hash, and db check passes
    assert cli("db", "check").code == 0

    # one changed byte inside the signed content
    data = bytearray(report.read_bytes())
    pos = data.index(b"stream") + 40
    data[pos] ^= 0x01
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    sig = subprocess.run(["pdfsig", str(tampered)], capture_output=True, text=True)
    assert "Signature is Valid" not in sig.stdout
    bad = cli("--lang", "en", "verify-pdf", str(tampered))
    assert bad.code == 1
    assert any(line.startswith("error:") for line in bad.err.splitlines())


def test_finalize_lists_every_failing_check(cli, pki_here) -> None:
    pki = pki_here
    env = cli.env(CITYEVAL_PASSWORD=PASSWORD)
    case_id = cli.new_case()
    r = cli("--lang", "en", "case", "finalize", case_id, "--identity", str(pki["identity"]), env=env)
    assert r.code == 1
    errors = [line for line in r.err.splitlines() if line.startswith("error:")]
    assert any("P1.1" in e and "not answered" in e for e in errors)
    assert any("veto V1" in e for e in errors)
    assert len(errors) >= 19 + 5
    assert cli("case", "show", case_id, "--json").json()["status"] == "draft"
