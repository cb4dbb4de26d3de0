"""Trust distribution end to end through the command line: CA.pem, ca revoke, ca crl, trust add of the list.

The agency CA revokes an assessor; a report the assessor signed before the revocation still verifies,
one signed after it is refused with the reason, in the agency's own database at once and, after the
list is imported, in another verifier's database too.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

PASSWORD = "correct horse battery staple"


@pytest.fixture
def agency(cli: Any, tmp_path: Path) -> dict[str, Path]:
    """The agency CA and 张三's identity with the certificate it issued (through the entry point in this
    process: tests/e2e/test_trust_flow.py runs this chain of commands as a process)."""
    cli = cli.here()
    env = cli.env(CITYEVAL_PASSWORD=PASSWORD)
    ca, ident = tmp_path / "agency-ca.p12", tmp_path / "zhang.p12"
    r = cli("--lang", "en", "ca", "init", "--name", "福州市数据局评估 CA", "--out", str(ca), env=env)
    assert r.code == 0, r.err
    assert str(ca) in r.out and str(tmp_path / "agency-ca.pem") in r.out, r.out
    for args in (
        ("identity", "new", "--name", "张三", "--org", "福建数字评估中心", "--out", str(ident)),
        ("identity", "csr", str(ident), str(tmp_path / "zhang.csr")),
        ("ca", "issue", str(ca), str(tmp_path / "zhang.csr"), str(tmp_path / "zhang.pem")),
        ("identity", "install-cert", str(ident), str(tmp_path / "zhang.pem")),
    ):
        r = cli(*args, env=env)
        assert r.code == 0, (args, r.err)
    return {"ca": ca, "ca_pem": tmp_path / "agency-ca.pem", "identity": ident, "cert": tmp_path / "zhang.pem"}


def _sign(cli: Any, case: str, out: Path, identity: Path) -> None:
    r = cli("report", "pdf", case, str(out), "--identity", str(identity), env=cli.env(CITYEVAL_PASSWORD=PASSWORD))
    assert r.code == 0, r.err


def test_revoke_publish_and_verify_before_and_after(cli: Any, agency: dict[str, Path], tmp_path: Path) -> None:
    env = cli.env(CITYEVAL_PASSWORD=PASSWORD)
    # CA.pem is the CA certificate itself: export-cert of the CA gives the same bytes
    exported = tmp_path / "exported-ca.pem"
    assert cli("identity", "export-cert", str(agency["ca"]), str(exported), env=env).code == 0
    assert exported.read_bytes() == agency["ca_pem"].read_bytes()
    again = cli("--lang", "en", "ca", "init", "--name", "X", "--out", str(agency["ca"]), env=env)
    assert again.code == 1 and "already exists" in again.err

    assert cli("trust", "add", str(agency["ca_pem"])).code == 0
    case = cli.new_case()
    before, after = tmp_path / "before.pdf", tmp_path / "after.pdf"
    _sign(cli, case, before, agency["identity"])

    r = cli(
        "--lang", "en", "ca", "revoke", str(agency["ca"]), str(agency["cert"]), "--reason", "keyCompromise", env=env
    )
    assert r.code == 0, r.err
    assert "revoked: 张三" in r.out and "key compromise" in r.out and "number 1" in r.out, r.out
    r = cli("ca", "revoke", str(agency["ca"]), str(agency["cert"]), env=env)
    assert r.code == 0 and "已于" in r.out and "未重复记录" in r.out, r.out

    # here, where the revocation is known, the identity no longer signs
    refused = cli("--lang", "en", "report", "pdf", case, str(after), "--identity", str(agency["identity"]), env=env)
    assert refused.code == 1 and "can no longer sign" in refused.err and not after.exists(), refused.err
    # the assessor's own database does not know yet: it signs
    elsewhere = cli.env(
        CITYEVAL_PASSWORD=PASSWORD,
        CITYEVAL_DB=str(tmp_path / "assessor.sqlite3"),
        CITYEVAL_DATA_DIR=str(tmp_path / "assessor-data"),
    )
    made = cli(
        "case",
        "new",
        "--framework",
        "planning-consulting",
        "--tier",
        "city",
        "--mode",
        "third-party",
        "--entity-name",
        "福州数字规划研究院有限公司",
        "--uscc",
        "91350100M000100Y43",
        env=elsewhere,
    )
    assert made.code == 0, made.err
    r = cli("report", "pdf", made.out.strip(), str(after), "--identity", str(agency["identity"]), env=elsewhere)
    assert r.code == 0, r.err
    zh = cli("verify-pdf", str(after))
    assert zh.code == 1 and "吊销" in zh.out, zh.out
    assert "私钥泄露" in zh.err and "此签名是在吊销之后作出的" in zh.err and "不予接受" in zh.err, zh.err
    en = cli("--lang", "en", "verify-pdf", str(after))
    assert en.code == 1 and "REVOKED" in en.out
    assert "key compromise" in en.err and "made after the revocation" in en.err, en.err
    ok = cli("--lang", "en", "verify-pdf", str(before))
    assert ok.code == 0 and "verification passed" in ok.out, ok.out + ok.err

    # the list the CA publishes: OpenSSL verifies it against CA.pem
    crl = tmp_path / "agency.crl"
    r = cli("--lang", "en", "ca", "crl", str(agency["ca"]), str(crl), "--days", "14", env=env)
    assert r.code == 0 and "number 2" in r.out and "1 revoked" in r.out, r.out + r.err
    check = subprocess.run(
        ["openssl", "crl", "-in", str(crl), "-CAfile", str(agency["ca_pem"]), "-noout"], capture_output=True, text=True
    )
    assert "verify OK" in check.stdout + check.stderr, check.stdout + check.stderr

    # another verifier: the list only after the CA, then signatures after the revocation are refused
    other = type(cli)(tmp_path / "verifier")
    other.data_dir.mkdir()
    first = other("--lang", "en", "trust", "add", str(crl))
    assert first.code == 1 and "add the ca that issued it first" in first.err.lower(), first.err
    assert other("verify-pdf", str(after)).code == 1  # not trusted at all yet
    assert other("trust", "add", str(agency["ca_pem"])).code == 0
    assert other("--lang", "en", "verify-pdf", str(after)).code == 0  # trusted, and no list known here yet
    added = other("--lang", "en", "trust", "add", str(crl))
    assert added.code == 0 and "revocation list added" in added.out and "number 2" in added.out, added.out
    listed = other("trust", "list", "--json").json()
    assert [(e["kind"], e.get("crl_number"), e.get("revoked")) for e in listed] == [
        ("certificate", None, None),
        ("crl", 2, 1),
    ]
    assert "吊销列表" in other("trust", "list").out
    refused = other("--lang", "en", "verify-pdf", str(after))
    assert refused.code == 1 and "made after the revocation" in refused.err
    assert other("verify-pdf", str(before)).code == 0

    # removing the CA takes its lists along, and says so
    fp = listed[0]["fingerprint"]
    removed = other("--lang", "en", "trust", "remove", fp)
    assert removed.code == 0 and "1 revocation list(s) were removed too" in removed.out, removed.out
    assert other("trust", "list", "--json").json() == []
    assert cli("db", "check").code == 0 and other("db", "check").code == 0


def test_revoking_what_this_ca_did_not_issue_is_refused(cli: Any, agency: dict[str, Path], tmp_path: Path) -> None:
    env = cli.env(CITYEVAL_PASSWORD=PASSWORD)
    stranger, stranger_pem = tmp_path / "stranger.p12", tmp_path / "stranger.pem"
    assert cli("identity", "new", "--name", "李四", "--out", str(stranger), env=env).code == 0
    assert cli("identity", "export-cert", str(stranger), str(stranger_pem), env=env).code == 0
    r = cli("ca", "revoke", str(agency["ca"]), str(stranger_pem), env=env)
    assert r.code == 1 and "不是由本 CA" in r.err, r.err
    r = cli("--lang", "en", "ca", "revoke", str(agency["ca"]), str(agency["ca_pem"]), env=env)
    assert r.code == 1 and "CA certificate" in r.err, r.err
    r = cli("ca", "revoke", str(agency["ca"]), str(agency["cert"]), "--reason", "stolen", env=env)
    assert r.code == 2  # a usage error: argparse names the choices
    garbage = tmp_path / "garbage.crl"
    garbage.write_bytes(b"\x30\x82\x01\x00" + b"\x00" * 40)
    r = cli("--lang", "en", "trust", "add", str(garbage))
    assert r.code == 1 and "revocation list" in r.err and "Traceback" not in r.err, r.err
    assert cli("trust", "list", "--json").json() == []
