"""PAdES signatures (DESIGN §8): Poppler's pdfsig says valid, the box shows the Chinese name, and any
changed byte is caught by pdfsig and by ``verify_pdf``."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import Identity
from cityeval_desktop.signing.pades import SignatureReport, render_appearance, sign_pdf, verify_pdf

needs_poppler = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdfsig", "pdffonts", "pdftoppm", "pdftotext")),
    reason="poppler-utils (pdfsig, pdffonts, pdftoppm, pdftotext) not installed",
)
BOX = (0, (300.0, 60.0, 560.0, 150.0))
CHINA = timezone(timedelta(hours=8))


def _poppler(tool: str, *args: str) -> str:
    proc = subprocess.run([tool, *args], capture_output=True, text=True, encoding="utf-8", timeout=60)
    return proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def report_pdf(helpers: Any) -> bytes:
    return helpers.small_pdf()


@pytest.fixture(scope="module")
def signed_at() -> datetime:
    return datetime.now(CHINA).replace(microsecond=0)


@pytest.fixture(scope="module")
def signed(report_pdf: bytes, pki: Any, signed_at: datetime) -> bytes:
    return sign_pdf(
        report_pdf,
        pki.signer,
        box=BOX,
        reason="城市全域数字化转型经营主体评估报告",
        location="350100",
        signing_time=signed_at,
    )


def _flip(data: bytes, pos: int, mask: int = 0x01) -> bytes:
    return data[:pos] + bytes([data[pos] ^ mask]) + data[pos + 1 :]


def _caught(data: bytes, trusted: list[Any]) -> bool:
    """True when verification refuses the file or reports a signature that is not intact/valid/whole."""
    try:
        reports = verify_pdf(data, trusted)
    except SigningError:
        return True
    return not reports or not all(r.intact and r.valid and r.covers_whole_document for r in reports)


def _byte_range(data: bytes) -> list[int]:
    match = re.search(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)", data)
    assert match
    return [int(v) for v in match.groups()]


# ----------------------------------------------------------------------------- signing + pdfsig
@needs_poppler
def test_pdfsig_says_valid_and_names_the_signer(signed: bytes, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    out = _poppler("pdfsig", str(path))
    assert "Signature is Valid." in out, out
    assert "Signer Certificate Common Name: 张三丰" in out, out
    assert "Signing Hash Algorithm: SHA-256" in out
    assert "ETSI.CAdES.detached" in out  # PAdES
    assert "Total document signed" in out


@needs_poppler
def test_the_signature_font_is_embedded(signed: bytes, report_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    fonts = _poppler("pdffonts", str(path))
    line = next(ln for ln in fonts.splitlines() if "WenQuanYiMicroHei" in ln)
    assert re.search(r"\byes\s+yes\s+yes\b", line), line  # embedded, subset, with a ToUnicode map
    # signing adds no font that is not embedded (reportlab's default Helvetica must not be left in the box);
    # the test input itself draws its text in Helvetica
    unsigned = tmp_path / "unsigned.pdf"
    unsigned.write_bytes(report_pdf)
    before = {ln.split()[0] for ln in _poppler("pdffonts", str(unsigned)).splitlines()[2:] if ln.strip()}
    added = [ln for ln in fonts.splitlines()[2:] if ln.strip() and ln.split()[0] not in before]
    assert added and all(re.search(r"\syes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", ln) for ln in added), fonts


@needs_poppler
def test_the_box_renders_the_chinese_name(signed: bytes, tmp_path: Path) -> None:
    """Renders the signed page; the PNG (kept in the test's tmp folder) was also checked by eye."""
    from PIL import Image

    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    scale = 100 / 72
    x1, y1, x2, y2 = BOX[1]
    height = image.height
    crop = image.crop(
        (int(x1 * scale) + 4, int(height - y2 * scale) + 4, int(x2 * scale) - 4, int(height - y1 * scale) - 4)
    )
    dark = sum(crop.histogram()[:100])  # pixels darker than the box's background
    assert dark > 300, "the signature box has text in it"


@needs_poppler
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", ["签署人：", "张三丰", "单位：", "时间：", "证书指纹："]),
        ("en", ["Signer: ", "Organisation: ", "Fingerprint: "]),
    ],
)
def test_box_labels_follow_the_language(lang: str, expected: list[str], pki: Any, tmp_path: Path) -> None:
    from cityeval_desktop.signing.pades import LABELS, format_local

    labels = LABELS[lang]
    rows = [
        (labels["signer"], pki.signer.name),
        (labels["org"], pki.signer.organisation),
        (labels["time"], format_local(datetime(2026, 3, 5, 14, 30, 15, tzinfo=CHINA))),
        (labels["fingerprint"], pki.signer.fingerprint_short),
    ]
    path = tmp_path / "box.pdf"
    path.write_bytes(render_appearance(260, 90, rows, title=labels["title"], separator="：" if lang == "zh" else ": "))
    text = _poppler("pdftotext", "-layout", str(path), "-")
    for piece in expected:
        assert piece in text, text
    assert "2026-03-05 14:30:15 UTC+08:00" in text
    assert pki.signer.fingerprint_short in text


def test_format_local_shows_the_utc_offset() -> None:
    from cityeval_desktop.signing.pades import format_local

    assert format_local(datetime(2026, 3, 5, 14, 30, 15, tzinfo=CHINA)) == "2026-03-05 14:30:15 UTC+08:00"
    assert format_local(datetime(2026, 3, 5, 6, 30, tzinfo=timezone(timedelta(hours=-5)))).endswith("UTC-05:00")


def test_long_values_still_fit() -> None:
    rows = [("签署人", "很" * 60), ("单位", "某某" * 40), ("时间", "2026-03-05 14:30:15 UTC+08:00")]
    assert render_appearance(120, 40, rows, title="数字签名").startswith(b"%PDF-")


# ----------------------------------------------------------------------------- verify_pdf
def test_verify_reports_the_signature(signed: bytes, pki: Any, signed_at: datetime) -> None:
    [report] = verify_pdf(signed, [])
    assert isinstance(report, SignatureReport)
    assert report.field_name == "CityEvalSignature1"
    assert report.signer_name == "张三丰"
    assert report.organisation == "福州数字规划研究院有限公司"
    assert report.fingerprint == pki.signer.fingerprint
    assert report.signing_time == signed_at
    assert report.intact and report.valid and report.covers_whole_document
    assert not report.trusted and not report.ok
    [problem] = report.problems
    assert "not in the trust list" in problem.en and "add its CA certificate" in problem.en and "信任列表" in problem.zh


def test_trusted_only_when_the_ca_or_the_certificate_is_trusted(
    signed: bytes, pki: Any, spare_key: Any, helpers: Any
) -> None:
    stranger = helpers.make_certificate(spare_key, "陌生人", not_before=helpers.utc(-1), not_after=helpers.utc(30))
    assert not verify_pdf(signed, [stranger])[0].trusted
    for trusted in ([pki.ca.certificate], [pki.signer.certificate], [stranger, pki.ca.certificate]):
        [report] = verify_pdf(signed, trusted)
        assert report.trusted and report.ok and report.problems == []


def test_self_signed_identity_is_trusted_when_its_certificate_is(
    report_pdf: bytes, tmp_path: Path, helpers: Any
) -> None:
    from cityeval_desktop.signing.identity import create_identity

    me = create_identity(
        tmp_path / "me.p12", name="赵六", org=None, password="pw-long-2026", key_size=helpers.TEST_KEY_SIZE
    )
    signed = sign_pdf(report_pdf, me, box=BOX, lang="en")
    [untrusted] = verify_pdf(signed, [])
    assert untrusted.intact and untrusted.valid and not untrusted.trusted
    assert "not in the trust list" in untrusted.problems[0].en
    [trusted] = verify_pdf(signed, [me.certificate])
    assert trusted.ok and trusted.organisation is None


def test_expired_signer_certificate_is_not_trusted(
    report_pdf: bytes, spare_key: rsa.RSAPrivateKey, helpers: Any
) -> None:
    cert = helpers.make_certificate(spare_key, "过期者", not_before=helpers.utc(-400), not_after=helpers.utc(-2))
    signed = sign_pdf(report_pdf, Identity(spare_key, cert), box=BOX, signing_time=helpers.utc(-3))
    [report] = verify_pdf(signed, [cert])
    assert report.intact and report.valid and not report.trusted
    assert "expired on" in report.problems[0].en and "过期" in report.problems[0].zh


@needs_poppler
def test_a_changed_byte_in_the_signed_content_is_caught(signed: bytes, pki: Any, tmp_path: Path) -> None:
    pos = signed.index(b"87.50")
    forged = signed[:pos] + b"97.50" + signed[pos + 5 :]  # one byte: the total score
    assert sum(a != b for a, b in zip(signed, forged, strict=True)) == 1
    path = tmp_path / "forged.pdf"
    path.write_bytes(forged)
    out = _poppler("pdfsig", str(path))
    assert "Signature is Valid." not in out, out
    [report] = verify_pdf(forged, [pki.ca.certificate])
    assert not report.intact and not report.ok
    assert any("changed after it was signed" in p.en for p in report.problems)


@needs_poppler
def test_a_changed_byte_in_the_structure_is_caught(signed: bytes, pki: Any, tmp_path: Path) -> None:
    start = signed.rindex(b"startxref") + len(b"startxref\n")
    forged = _flip(signed, start)  # the offset of the last cross-reference section
    path = tmp_path / "broken.pdf"
    path.write_bytes(forged)
    assert "Signature is Valid." not in _poppler("pdfsig", str(path))
    with pytest.raises(SigningError) as err:
        verify_pdf(forged, [pki.ca.certificate])
    assert "damaged" in err.value.render("en") and "已损坏" in err.value.render("zh")


# every 89th byte of the file and every 13th of the signature is a verification each (about 14 s): the
# core loop flips a sparser sample, the boundaries always
@pytest.mark.parametrize(
    ("every", "every_in_signature", "letters"),
    [(997, 211, 6), pytest.param(89, 13, 40, marks=pytest.mark.slow)],
    ids=["sparse", "dense"],
)
def test_every_sampled_byte_change_is_caught(
    signed: bytes, pki: Any, every: int, every_in_signature: int, letters: int
) -> None:
    trusted = [pki.ca.certificate]
    _, len1, start2, _ = _byte_range(signed)
    positions = set(range(0, len(signed), every))
    # the signature container: unsigned by nature, checked for form
    positions |= set(range(len1, start2, every_in_signature))
    positions |= {0, len1 - 1, len1, len1 + 1, len1 + 2, start2 - 1, start2, len(signed) - 1}
    missed = [p for p in sorted(positions) if not _caught(_flip(signed, p), trusted)]
    assert missed == []
    # a letter's case flipped inside the hex of the signature changes no value but is still a change
    hex_letters = [p for p in range(len1 + 1, start2 - 1) if chr(signed[p]).isalpha()][:letters]
    assert hex_letters
    assert [p for p in hex_letters if not _caught(_flip(signed, p, 0x20), trusted)] == []
    # data hidden in the zero padding after the signature
    pad = signed.rindex(b"0000", len1, start2 - 1)
    assert _caught(signed[:pad] + b"1" + signed[pad + 1 :], trusted)


def test_an_unsigned_change_after_signing_is_reported(signed: bytes, pki: Any) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(signed))
    writer.root["/Lang"] = generic.pdf_string("en")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    [report] = verify_pdf(out.getvalue(), [pki.ca.certificate])
    assert report.intact and report.valid and not report.covers_whole_document and not report.ok
    assert any("changed after signing" in p.en for p in report.problems)


@needs_poppler
def test_two_signatures_both_verify(signed: bytes, pki: Any, tmp_path: Path) -> None:
    twice = sign_pdf(signed, pki.signer, box=(0, (300.0, 160.0, 560.0, 250.0)), lang="en")
    reports = verify_pdf(twice, [pki.ca.certificate])
    assert [r.field_name for r in reports] == ["CityEvalSignature1", "CityEvalSignature2"]
    assert all(r.ok for r in reports), [r.problems for r in reports]
    path = tmp_path / "twice.pdf"
    path.write_bytes(twice)
    assert _poppler("pdfsig", str(path)).count("Signature is Valid.") == 2


def test_unsigned_pdf_has_no_reports(report_pdf: bytes) -> None:
    assert verify_pdf(report_pdf, []) == []


@pytest.mark.parametrize(
    "data",
    [b"", b"PK\x03\x04 this is a zip", b"hello world " * 100],
)
def test_not_a_pdf(data: bytes) -> None:
    with pytest.raises(SigningError) as err:
        verify_pdf(data, [])
    assert "not a PDF file" in err.value.render("en") and "不是 PDF" in err.value.render("zh")


def test_truncated_pdf_is_damaged(signed: bytes) -> None:
    with pytest.raises(SigningError, match="damaged"):
        verify_pdf(signed[: len(signed) // 2], [])


def test_signing_refuses_damaged_input(pki: Any) -> None:
    with pytest.raises(SigningError, match="damaged"):
        sign_pdf(b"%PDF-1.4\n garbage without structure", pki.signer, box=BOX)


@pytest.mark.parametrize(
    ("box", "en"),
    [
        ((3, (300.0, 60.0, 560.0, 150.0)), "page 3 does not exist"),
        ((0, (500.0, 60.0, 760.0, 150.0)), "lies outside page 1"),
        ((0, (300.0, 60.0, 310.0, 65.0)), "too small"),
    ],
)
def test_bad_boxes_are_refused(report_pdf: bytes, pki: Any, box: Any, en: str) -> None:
    with pytest.raises(SigningError) as err:
        sign_pdf(report_pdf, pki.signer, box=box)
    assert en in err.value.render("en")


def test_default_box_and_negative_page_index(pki: Any, helpers: Any) -> None:
    three = helpers.small_pdf(pages=3)
    for box in (None, (-1, (300.0, 60.0, 560.0, 150.0))):
        [report] = verify_pdf(sign_pdf(three, pki.signer, box=box), [pki.ca.certificate])
        assert report.ok


def test_altered_copies_of_embedded_certificates_are_caught(signed: bytes, pki: Any) -> None:
    """Certificates and names in the signature container are outside the signed bytes; each is still checked."""
    name_hex = "福州市数据局评估 CA".encode().hex().upper().encode("ascii")
    _, len1, start2, _ = _byte_range(signed)
    spots = [m.start() for m in re.finditer(re.escape(name_hex), signed) if len1 < m.start() < start2]
    assert len(spots) >= 3  # at least the signer's issuer, the CA's issuer and the CA's subject
    for spot in spots:
        digit = signed[spot + 5 : spot + 6]
        forged = signed[: spot + 5] + (b"0" if digit != b"0" else b"1") + signed[spot + 6 :]  # still valid hex
        for trusted in ([pki.ca.certificate], [pki.signer.certificate]):
            assert _caught(forged, trusted), (trusted, spot)
        with contextlib.suppress(SigningError):
            assert not any(r.ok for r in verify_pdf(forged, []))


def test_signing_needs_a_certificate_valid_at_the_signing_time(
    report_pdf: bytes, spare_key: rsa.RSAPrivateKey, helpers: Any
) -> None:
    cert = helpers.make_certificate(spare_key, "过期者", not_before=helpers.utc(-400), not_after=helpers.utc(-2))
    with pytest.raises(SigningError) as err:
        sign_pdf(report_pdf, Identity(spare_key, cert), box=BOX)
    assert "outside the certificate's validity" in err.value.render("en") and "有效期" in err.value.render("zh")
