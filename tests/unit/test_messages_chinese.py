"""Chinese failure messages read as Chinese (issue 9 item 14): no library English pasted into them.

Each case below makes a real failure (a hostile answers file, framework, workbook, PDF, identity, a
path the system refuses) and collects every Chinese message it produces; the library's own words
(``duplicate key``, ``maximum recursion depth exceeded``, ``set_int_max_str_digits``, a YAML tag,
``PdfStrictReadError``, ``error``) may stay in the English text only.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from cityeval_desktop.domain.loader import FrameworkError
from cityeval_desktop.domain.text import DomainError
from cityeval_desktop.services.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
# What may stay in Chinese: paths, names from the data (with a dot, digit, "#", "_" or "-"), quoted data,
# format names and acronyms in capitals (JSON, YAML, PDF, CA), and the product's name
_ALLOWED = re.compile(
    r"(?:/[^\s：，；（）“”]*)+|[\w.#-]*[\d.#_-][\w.#-]*|'[^']*'|\"[^\"]*\"|“[^”]*”|\b[A-Z]{2,6}s?\b|CityEval"
)


def english_words(zh: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", _ALLOWED.sub(" ", zh))


def chinese_messages(action: Callable[[], object]) -> list[str]:
    """Every Chinese message of the failure ``action`` raises (it must fail with a message, not crash)."""
    with pytest.raises((InputError, DomainError, FrameworkError)) as info:
        action()
    exc = info.value
    if isinstance(exc, InputError):
        return [p.message.zh for p in exc.problems]
    if isinstance(exc, FrameworkError):
        return [p.reason.zh for p in exc.problems]
    return [exc.message.zh]


def answers(folder: Path, text: str) -> Callable[[], object]:
    from cityeval_desktop.services.answers import read_json

    path = folder / "answers.json"
    path.write_text(text, encoding="utf-8")
    return lambda: read_json(path)


def framework(text: str) -> Callable[[], object]:
    from cityeval_desktop.domain.loader import load_bytes

    return lambda: load_bytes(text.encode("utf-8"), "mine.yaml")


def damaged_workbook(folder: Path) -> Path:
    """A real .xlsx whose deflated sheet data is garbage (zlib's own exception is called ``error``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>" * 50)
    data = bytearray(out.getvalue())
    start = data.index(b"xl/workbook.xml") + len("xl/workbook.xml")
    data[start : start + 20] = b"\xff" * 20  # inside the compressed bytes
    path = folder / "damaged.xlsx"
    path.write_bytes(bytes(data))
    return path


CASES: dict[str, Callable[[Path], Callable[[], object]]] = {
    "json duplicate key": lambda d: answers(d, '{"answers": {}, "answers": {}}'),
    "json nested too deeply": lambda d: answers(d, "[" * 200_000 + "]" * 200_000),
    "json NaN": lambda d: answers(d, '{"answers": {"P1.1": {"value": NaN}}}'),
    "json syntax": lambda d: answers(d, '{"answers": {"P1.1": {"value": 3,}}}'),
    "json bad escape": lambda d: answers(d, '{"answers": {"P1.1": {"note": "\\q"}}}'),
    "json 5000 digits": lambda d: answers(d, '{"answers": {"P1.1": {"value": ' + "9" * 5000 + "}}}"),
    "yaml python object": lambda _d: framework("schema: !!python/object:os.system {}\n"),
    "yaml python name tag": lambda _d: framework("id: !!python/name:os.system\n"),
    "yaml syntax": lambda _d: framework("schema: [1, 2\nid: x\n"),
    "yaml tab": lambda _d: framework("schema:\n\t- x\n"),
    "yaml nested too deeply": lambda _d: framework("a: " + "[" * 5000 + "]" * 5000 + "\n"),
    "yaml 5000 digits": lambda _d: framework("schema: cityeval-framework/1\nversion: " + "9" * 5000 + "\n"),
    "yaml duplicate key": lambda _d: framework("schema: a\nschema: b\n"),
    "framework schema": lambda _d: framework("schema: cityeval-framework/1\nid: 5\n"),
    "damaged workbook": lambda d: _open_workbook(damaged_workbook(d)),
    "not a pdf": lambda d: _verify(d, b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n%%EOF\n"),
    "truncated pdf": lambda d: _verify(d, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type"),
    "not an identity": lambda d: _identity(d, b"0\x82\x01\x00" + b"\x00" * 300),
    "path through a file": lambda d: _read_through_a_file(d),
    "backup on a full disk": lambda d: _raise(_backup_error(d)),
    "expired certificate": lambda _d: _expired_certificate(),
}


def _raise(exc: Exception) -> Callable[[], object]:
    def action() -> object:
        raise exc

    return action


def _backup_error(folder: Path) -> Exception:
    import errno
    import os

    from cityeval_desktop.services.maintenance import BackupError

    return BackupError(folder / "copy.sqlite3", OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))


def _expired_certificate() -> Callable[[], object]:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from cityeval_desktop.signing.identity import check_valid_now

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "张三")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=400))
        .not_valid_after(now - dt.timedelta(days=2))
        .sign(key, hashes.SHA256())
    )
    return lambda: check_valid_now(cert, "zhang.p12")


def _open_workbook(path: Path) -> Callable[[], object]:
    from cityeval_desktop.exchange.xlsx_reader import open_workbook

    return lambda: open_workbook(path)


def _verify(folder: Path, data: bytes) -> Callable[[], object]:
    from cityeval_desktop.services.signatures import verify_signed_pdf

    path = folder / "report.pdf"
    path.write_bytes(data)
    return lambda: verify_signed_pdf(None, path)


def _identity(folder: Path, data: bytes) -> Callable[[], object]:
    from cityeval_desktop.signing.identity import load_identity

    path = folder / "someone.p12"
    path.write_bytes(data)
    return lambda: load_identity(path, "any password at all")


def _read_through_a_file(folder: Path) -> Callable[[], object]:
    from cityeval_desktop.domain.files import read_regular

    (folder / "plain.txt").write_text("x", encoding="utf-8")
    return lambda: read_regular(folder / "plain.txt" / "answers.json", 1024)  # ENOTDIR


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_chinese_message_has_no_library_english(
    tmp_path: Path, case: Callable[[Path], Callable[[], object]]
) -> None:
    messages = chinese_messages(case(tmp_path))
    assert messages
    for zh in messages:
        assert re.search(r"[\u4e00-\u9fff]", zh), f"not Chinese at all: {zh}"
        assert not english_words(zh), f"English in the Chinese message: {zh}"


def test_the_check_itself_catches_pasted_english() -> None:
    assert english_words("JSON 内容错误：duplicate key 'answers'") == ["duplicate", "key"]
    assert english_words("无法读取工作簿：error") == ["error"]
    assert {"tag", "python"} <= set(english_words("不支持 YAML 标签 tag:yaml.org,2002:python/object"))
    assert not english_words("文件 /tmp/a b/x.json 第 3 行：CityEval 的 JSON 里键 'answers' 重复")
