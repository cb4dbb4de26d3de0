"""Commands that must not act silently (issue 9 item 14): an existing YAML, an out-of-date certificate, a short
password."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from cityeval_desktop.cli.main import main


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str, lang: str = "zh") -> tuple[int, str, str]:
    code = main(["--lang", lang, "--data-dir", str(data), "--db", str(data / "cases.sqlite3"), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def no_english(text: str) -> bool:
    """No English word (nor an option such as --force) in a Chinese line, paths and the prefix aside."""
    text = re.sub(r"^error: ", "", text)
    text = re.sub(r"(?:/[^\s：，；（）]*)+|CityEval", "", text)
    return not re.search(r"[A-Za-z]{2,}|--", text)


# ----------------------------------------------------------------------------------- forms import-xlsx
def test_import_xlsx_refuses_an_existing_yaml_unless_forced(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book, out = data_dir / "edit.xlsx", data_dir / "mine.yaml"
    assert cli(capsys, data_dir, "forms", "export-xlsx", "planning-consulting", str(book))[0] == 0
    out.write_text("# my hand-edited framework\n", encoding="utf-8")

    code, _, err = cli(capsys, data_dir, "forms", "import-xlsx", str(book), str(out))
    assert code == 1
    assert "文件已存在" in err and no_english(err.splitlines()[0]), err
    assert out.read_text(encoding="utf-8") == "# my hand-edited framework\n", "the existing file was overwritten"
    code, _, err = cli(capsys, data_dir, "forms", "import-xlsx", str(book), str(out), lang="en")
    assert code == 1 and "already exists" in err and "--force" in err, err

    code, printed, err = cli(capsys, data_dir, "forms", "import-xlsx", str(book), str(out), "--force")
    assert code == 0, err
    assert "已生成框架文件" in printed
    assert "schema: cityeval-framework/2" in out.read_text(encoding="utf-8"), "--force did not replace the file"


# ----------------------------------------------------------------------------------- trust add
def certificate(folder: Path, name: str, start: dt.datetime, end: dt.datetime) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = folder / f"{name}.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


NOW = dt.datetime.now(dt.UTC)


@pytest.mark.parametrize(
    ("start", "end", "zh", "en"),
    [
        (NOW - dt.timedelta(days=800), NOW - dt.timedelta(days=30), "过期", "expired on"),
        (NOW + dt.timedelta(days=30), NOW + dt.timedelta(days=800), "才生效", "not valid before"),
    ],
    ids=["expired", "not-yet-valid"],
)
def test_trust_add_refuses_a_certificate_outside_its_validity(
    data_dir: Path, capsys: pytest.CaptureFixture[str], start: dt.datetime, end: dt.datetime, zh: str, en: str
) -> None:
    pem = certificate(data_dir, "旧评估机构", start, end)

    code, _, err = cli(capsys, data_dir, "trust", "add", str(pem))
    assert code == 1
    assert zh in err and "未加入信任列表" in err and no_english(err.splitlines()[0]), err
    assert f"{end:%Y-%m-%d}" in err
    code, _, err = cli(capsys, data_dir, "trust", "add", str(pem), lang="en")
    assert code == 1 and en in err and "not trusted" in err, err
    code, printed, _ = cli(capsys, data_dir, "trust", "list", "--json")
    assert code == 0 and printed.strip() == "[]", "a refused certificate was trusted"

    code, printed, err = cli(capsys, data_dir, "trust", "add", str(pem), "--allow-expired")
    assert code == 0, err
    assert "已信任" in printed


def test_trust_add_takes_a_valid_certificate_as_before(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pem = certificate(data_dir, "评估机构", NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=365))
    code, printed, err = cli(capsys, data_dir, "trust", "add", str(pem))
    assert code == 0, err
    assert "已信任" in printed


# ----------------------------------------------------------------------------------- identity new
@pytest.mark.parametrize("password", ["x", "1234567", "七个字的密码啊"])
def test_identity_new_refuses_a_short_password_and_says_the_minimum(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    monkeypatch.setenv("CITYEVAL_PASSWORD", password)
    out = data_dir / "zhang.p12"
    code, _, err = cli(capsys, data_dir, "identity", "new", "--name", "张三", "--out", str(out))
    assert code == 1
    assert "至少需要 8 个字符" in err and no_english(err.splitlines()[0]), err
    assert not out.exists()
    code, _, err = cli(capsys, data_dir, "ca", "init", "--name", "机构", "--out", str(data_dir / "ca.p12"), lang="en")
    assert code == 1 and "at least 8 characters" in err, err


def test_an_identity_made_with_a_short_password_before_the_rule_still_opens(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cityeval_desktop.signing import _pkcs12, identity

    path = data_dir / "old.p12"
    with monkeypatch.context() as older:  # as an earlier version made it
        older.setattr(identity, "MIN_PASSWORD_LENGTH", 1)
        older.setattr(_pkcs12, "KDF_ROUNDS", 1000)
        identity.create_identity(path, name="老张", org=None, password="pw", key_size=2048)

    assert identity.load_identity(path, "pw").certificate is not None
    monkeypatch.setenv("CITYEVAL_PASSWORD", "pw")
    code, _, err = cli(capsys, data_dir, "identity", "export-cert", str(path), str(data_dir / "old.pem"))
    assert code == 0, err
    assert (data_dir / "old.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
