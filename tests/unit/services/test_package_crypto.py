"""Encrypted packages as the services offer them (issue 10, item 1.2): a written package is encrypted for
the agency's certificate file, opened at the agency into a private temporary file that is always removed;
hostile certificate files and envelopes are refused by name, nothing is left behind."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import stat
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from cityeval_desktop.domain.errors import InputError
from cityeval_desktop.exchange import package as pkg
from cityeval_desktop.services import package_crypto as crypto
from cityeval_desktop.signing import _pkcs12
from cityeval_desktop.signing.errors import SigningError

PASSWORD = "agency-pw-2026"
UUID = "0bbc416f-0abe-402a-a649-3456780c3069"
HOSTILE = Path(__file__).resolve().parents[2] / "hostile" / "corpus.py"


class Pki:
    def __init__(self, folder: Path) -> None:
        from cityeval_desktop.signing.ca import init_ca, issue
        from cityeval_desktop.signing.identity import create_identity, load_identity, make_csr

        self.folder = folder
        init_ca(folder / "ca.p12", name="福州市数据局评估 CA", password=PASSWORD, key_size=2048)
        self.ca_pem = folder / "ca.pem"
        self.ca_pem.write_bytes(
            load_identity(folder / "ca.p12", PASSWORD).certificate.public_bytes(serialization.Encoding.PEM)
        )
        create_identity(folder / "agency.p12", name="福州市数据局", org="数据局", password=PASSWORD, key_size=2048)
        make_csr(folder / "agency.p12", PASSWORD, folder / "agency.csr")
        issue(folder / "ca.p12", PASSWORD, folder / "agency.csr", folder / "agency-chain.pem")  # leaf + CA
        from cityeval_desktop.signing.identity import install_certificate

        self.agency = install_certificate(folder / "agency.p12", PASSWORD, folder / "agency-chain.pem")
        self.agency_pem = folder / "agency.pem"
        self.agency_pem.write_bytes(self.agency.certificate.public_bytes(serialization.Encoding.PEM))
        self.agency_key = folder / "agency.key.pem"
        self.agency_key.write_bytes(
            self.agency.private_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        self.other = create_identity(
            folder / "other.p12", name="厦门市数据局", org=None, password=PASSWORD, key_size=2048
        )
        self.other_pem = folder / "other.pem"
        self.other_pem.write_bytes(self.other.certificate.public_bytes(serialization.Encoding.PEM))


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_pkcs12, "KDF_ROUNDS", 1000)
        return Pki(tmp_path_factory.mktemp("agency"))


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A real package in the §7 layout (signed by a stand-in: these tests are about the envelope)."""
    store = tmp_path / "store"
    store.mkdir()
    evidence = []
    for name, data in (("工资表.xlsx", os.urandom(300_000)), ("合同.pdf", b"%PDF-1.4 contract")):
        sha = hashlib.sha256(data).hexdigest()
        (store / sha).write_bytes(data)
        evidence.append(pkg.EvidenceFile(sha, name, len(data), store / sha))
    contents = pkg.PackageContents(
        case_uuid=UUID,
        revision=1,
        framework_key="planning-consulting@2026.1",
        mode="third-party",
        case_json={"case_id": UUID, "revision": 1, "evidence": []},
        framework_yaml=b"id: planning-consulting\n",
        report_pdf=b"%PDF-1.7 signed report",
        audit=[{"chain": UUID, "position": 1, "action": "case.create"}],
        evidence=evidence,
    )
    out = tmp_path / "case.cityeval"
    with out.open("wb") as fh:
        pkg.write_package(
            fh, contents, lambda data: b"CMS " + hashlib.sha256(data).digest(), bagging_date=date(2026, 12, 1)
        )
    return out


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _private_folders(base: Path) -> list[str]:
    return [name for name in _listing(base) if name.startswith("cityeval-private-")]


# ----------------------------------------------------------------------------- encrypting and opening
def test_a_package_encrypted_for_the_agency_opens_there_and_reads_back_whole(pki, package, tmp_path: Path) -> None:
    out = tmp_path / "out" / "case.cityeval.p7m"
    out.parent.mkdir()
    assert crypto.encrypt_package(package, out, pki.agency_pem) == out
    assert _listing(out.parent) == ["case.cityeval.p7m"]  # nothing else: the temporary file was renamed
    assert crypto.is_encrypted_package(out) and not crypto.is_encrypted_package(package)
    work = tmp_path / "work"
    work.mkdir()
    with crypto.decrypted_package(out, pki.agency, work_dir=work) as plain:
        assert plain.name == "case.cityeval" and plain.read_bytes() == package.read_bytes()
        assert stat.S_IMODE(plain.parent.stat().st_mode) == 0o700 and stat.S_IMODE(plain.stat().st_mode) == 0o600
        opened = pkg.read_package(plain)
        assert opened.case_json["case_id"] == UUID and len(opened.evidence) == 2
    assert _listing(work) == []  # removed on the way out


def test_openssl_opens_the_encrypted_package_with_the_documented_command(pki, package, tmp_path: Path) -> None:
    out = tmp_path / "case.cityeval.p7m"
    crypto.encrypt_package(package, out, pki.agency_pem)
    r = subprocess.run(
        ["openssl", "cms", "-decrypt", "-inform", "DER", "-in", str(out), "-inkey", str(pki.agency_key),
         "-recip", str(pki.agency_pem), "-out", str(tmp_path / "plain.cityeval")],
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr.decode()
    assert (tmp_path / "plain.cityeval").read_bytes() == package.read_bytes()


def test_the_chain_file_ca_issue_writes_is_taken_for_its_leaf_and_two_agencies_can_share_one(
    pki, package, tmp_path: Path
) -> None:
    out = tmp_path / "two.cityeval.p7m"
    crypto.encrypt_package(package, out, [pki.folder / "agency-chain.pem", pki.other_pem])
    for identity in (pki.agency, pki.other):
        with crypto.decrypted_package(out, identity, work_dir=tmp_path) as plain:
            assert plain.read_bytes() == package.read_bytes()
    facts = crypto.recipient_facts(pki.folder / "agency-chain.pem")
    assert facts["subject"] == "福州市数据局" and facts["organisation"] == "数据局"
    assert facts["issuer"] == "福州市数据局评估 CA"
    assert facts["fingerprint"] == pki.agency.fingerprint and facts["fingerprint_short"] == pki.agency.fingerprint_short
    assert datetime.fromisoformat(facts["not_after"]) == pki.agency.not_after
    assert int(facts["serial"], 16) == pki.agency.certificate.serial_number


def test_an_existing_output_is_never_replaced(pki, package, tmp_path: Path) -> None:
    out = tmp_path / "case.cityeval.p7m"
    out.write_bytes(b"earlier file")
    with pytest.raises(InputError) as caught:
        crypto.encrypt_package(package, out, pki.agency_pem)
    assert "已存在" in caught.value.lines("zh")[0] and out.read_bytes() == b"earlier file"


def test_encrypting_something_that_is_not_a_plain_package_is_refused(pki, package, tmp_path: Path) -> None:
    once = tmp_path / "once.p7m"
    crypto.encrypt_package(package, once, pki.agency_pem)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    os.mkfifo(tmp_path / "pipe")
    for source, words in (
        (once, "encrypted already"),
        (text, "not a case package"),
        (tmp_path / "pipe", "not a regular file"),
        (tmp_path / "missing.cityeval", "does not exist"),
    ):
        with pytest.raises(InputError) as caught:
            crypto.encrypt_package(source, tmp_path / "out.p7m", pki.agency_pem)
        assert words in caught.value.lines("en")[0], caught.value.lines("en")
        assert not (tmp_path / "out.p7m").exists()
    assert [n for n in _listing(tmp_path) if n.endswith(".partial")] == []


# ----------------------------------------------------------------------------- hostile certificate files
def _crl(pki: Pki) -> x509.CertificateRevocationList:
    from cityeval_desktop.signing.identity import load_identity

    ca = load_identity(pki.folder / "ca.p12", PASSWORD)
    now = datetime.now(UTC)
    return (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(now)
        .next_update(now + timedelta(days=7))
        .sign(ca.private_key, hashes.SHA256())
    )


def test_certificate_files_that_are_not_an_agency_certificate_are_refused_by_name(pki, package, tmp_path: Path) -> None:
    crl = _crl(pki)
    bad = tmp_path / "bad"
    bad.mkdir()
    files = {
        "crl.pem": crl.public_bytes(serialization.Encoding.PEM),
        "crl.der": crl.public_bytes(serialization.Encoding.DER),
        "key.pem": pki.agency_key.read_bytes(),
        "request.csr": (pki.folder / "agency.csr").read_bytes(),
        "identity.p12": (pki.folder / "agency.p12").read_bytes(),
        "garbage.pem": os.urandom(3000),
        "broken.pem": b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        "two-people.pem": pki.agency_pem.read_bytes() + pki.other_pem.read_bytes(),
        "ca.pem": pki.ca_pem.read_bytes(),
    }
    for name, data in files.items():
        (bad / name).write_bytes(data)
    os.mkfifo(bad / "pipe.pem")
    with (bad / "huge.pem").open("wb") as fh:
        fh.truncate(64 * 1024 * 1024)
    expected = {
        "crl.pem": "revocation list (CRL)",
        "crl.der": "revocation list (CRL)",
        "key.pem": "holds a private key",
        "request.csr": "certificate request (CSR)",
        "identity.p12": "PKCS#12 identity",
        "garbage.pem": "not a certificate file",
        "broken.pem": "damaged",
        "two-people.pem": "2 certificates of people",
        "ca.pem": "the agency CA's certificate",
        "pipe.pem": "not a regular file",
        "huge.pem": "too large",
        "missing.pem": "not found",
    }
    for name, words in expected.items():
        with pytest.raises(SigningError) as caught:
            crypto.encrypt_package(package, tmp_path / "out.p7m", bad / name)
        line_en, line_zh = caught.value.lines("en")[0], caught.value.lines("zh")[0]
        assert words in line_en and str(bad / name) in line_en, (name, line_en)
        assert line_zh != line_en
        with pytest.raises(SigningError):
            crypto.recipient_facts(bad / name)
    assert _listing(tmp_path) == sorted(["bad", "case.cityeval", "store"])  # nothing written


# ----------------------------------------------------------------------------- opening hostile or foreign files
def test_a_package_for_someone_else_or_damaged_is_refused_and_leaves_nothing(pki, package, tmp_path: Path) -> None:
    out = tmp_path / "case.cityeval.p7m"
    crypto.encrypt_package(package, out, pki.agency_pem)
    blob = out.read_bytes()
    cut = tmp_path / "cut.cityeval.p7m"
    cut.write_bytes(blob[: len(blob) // 2])
    work = tmp_path / "work"
    work.mkdir()
    for path, identity, words in (
        (out, pki.other, "not for the identity '厦门市数据局'"),
        (cut, pki.agency, "incomplete"),
        (package, pki.agency, "not an encrypted case package"),
    ):
        with pytest.raises(SigningError) as caught, crypto.decrypted_package(path, identity, work_dir=work):
            pytest.fail("opened")
        line = caught.value.lines("en")[0]
        assert line.startswith(f"{path}: ") and words in line, line
        assert _listing(work) == []


def test_a_changed_byte_anywhere_never_yields_a_package_that_reads(pki, package, tmp_path: Path) -> None:
    out = tmp_path / "case.cityeval.p7m"
    crypto.encrypt_package(package, out, pki.agency_pem)
    blob = out.read_bytes()
    bad = tmp_path / "bad.cityeval.p7m"
    positions = [30, 300, 700, len(blob) // 3, len(blob) // 2, len(blob) - 200, len(blob) - 20, len(blob) - 1]
    for pos in positions:
        changed = bytearray(blob)
        changed[pos] ^= 0x10
        bad.write_bytes(bytes(changed))
        try:
            # CBC has no integrity of its own: the package's checks catch what decryption lets through
            with crypto.decrypted_package(bad, pki.agency, work_dir=tmp_path) as plain, pytest.raises(InputError):
                opened = pkg.read_package(plain)
                for bag_path, _sha, _size in opened.evidence:  # the evidence checksums
                    with opened.open_evidence(bag_path) as fh:
                        while fh.read(1 << 20):
                            pass
        except SigningError:
            pass
    assert _private_folders(tmp_path) == []


def test_an_exception_while_the_plaintext_is_in_use_still_removes_it(pki, package, tmp_path: Path) -> None:
    out = tmp_path / "case.cityeval.p7m"
    crypto.encrypt_package(package, out, pki.agency_pem)
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(KeyboardInterrupt), crypto.decrypted_package(out, pki.agency, work_dir=work) as plain:
        assert plain.exists()
        raise KeyboardInterrupt
    assert _listing(work) == []


def test_a_full_disk_while_decrypting_is_named_and_leaves_nothing(pki, package, tmp_path: Path, monkeypatch) -> None:
    spec = importlib.util.spec_from_file_location("hostile_corpus", HOSTILE)
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    out = tmp_path / "case.cityeval.p7m"
    crypto.encrypt_package(package, out, pki.agency_pem)
    work = tmp_path / "work"
    work.mkdir()
    corpus.install_faults(work, corpus.FULL, monkeypatch.setattr)
    with pytest.raises(InputError) as caught, crypto.decrypted_package(out, pki.agency, work_dir=work):
        pytest.fail("opened")
    assert "disk is full" in caught.value.lines("en")[0] and "磁盘已满" in caught.value.lines("zh")[0]
    monkeypatch.undo()
    assert _listing(work) == []


def test_folders_left_by_a_killed_process_are_removed_by_the_next_one(pki, package, tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    left = tmp_path / f"cityeval-private-{dead_pid}-abc123"
    left.mkdir(mode=0o700)
    (left / "case.cityeval").write_bytes(b"plaintext of a killed import")
    alive = tmp_path / f"cityeval-private-{os.getppid()}-def456"  # a running process: not ours to remove
    alive.mkdir(mode=0o700)
    out = tmp_path / "case.cityeval.p7m"
    crypto.encrypt_package(package, out, pki.agency_pem)
    with crypto.decrypted_package(out, pki.agency, work_dir=tmp_path) as plain:
        assert plain.exists()
    assert not left.exists() and alive.exists()


def test_an_expired_agency_identity_still_opens_what_was_sent_to_it(tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "去年的机构证书")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=400))
        .not_valid_after(now - timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    pem = tmp_path / "old.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    with pytest.raises(SigningError, match="expired on"):
        crypto.recipient_facts(pem)
    p12 = tmp_path / "old.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"old", key, cert, None, serialization.BestAvailableEncryption(PASSWORD.encode())
        )
    )
    plain = tmp_path / "plain.cityeval"
    plain.write_bytes(b"PK\x03\x04 sent last year")
    sent = tmp_path / "sent.cityeval.p7m"
    r = subprocess.run(
        ["openssl", "cms", "-encrypt", "-binary", "-aes256", "-outform", "DER", "-in", str(plain), "-out", str(sent),
         "-recip", str(pem), "-keyopt", "rsa_padding_mode:oaep"],
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr.decode()
    identity = crypto.load_decryption_identity(p12, PASSWORD)
    with crypto.decrypted_package(sent, identity, work_dir=tmp_path) as opened:
        assert opened.read_bytes() == plain.read_bytes()


def test_is_encrypted_package_reads_regular_files_only(pki, package, tmp_path: Path) -> None:
    out = tmp_path / "case.cityeval.p7m"
    crypto.encrypt_package(package, out, pki.agency_pem)
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "empty").write_bytes(b"")
    assert crypto.is_encrypted_package(out)
    for path in (package, tmp_path / "pipe", tmp_path / "empty", tmp_path, tmp_path / "missing"):
        assert not crypto.is_encrypted_package(path), path


def test_the_plaintext_is_named_after_the_encrypted_file() -> None:
    assert crypto.plain_name(Path("/x/甲公司.cityeval.p7m")) == "甲公司.cityeval"
    assert crypto.plain_name(Path("case.P7M")) == "case.cityeval"
    assert crypto.plain_name(Path("case.cityeval")) == "case.cityeval"
    assert crypto.plain_name(Path(".p7m")) == "package.cityeval"


def test_the_opener_passes_plain_packages_through_and_decrypts_encrypted_ones(pki, package, tmp_path: Path) -> None:
    out = tmp_path / "renamed.cityeval"  # told apart by content, not by name
    crypto.encrypt_package(package, out, pki.agency_pem)
    opener = crypto.package_opener(pki.agency, work_dir=tmp_path)
    with opener(package) as plain:
        assert plain == package
    with opener(out) as plain:
        assert plain != out and plain.read_bytes() == package.read_bytes()
    assert _private_folders(tmp_path) == []
    with pytest.raises(SigningError) as caught, crypto.package_opener(None)(out):
        pytest.fail("opened")
    assert "该案例包已加密" in caught.value.lines("zh")[0] and str(out) in caught.value.lines("en")[0]
