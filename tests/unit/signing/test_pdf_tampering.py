"""A signed report changed after signing fails verification (issue 9, item 5).

The report is a real one (``services.reporting.render_report`` with the project's signing), tampered the
ways a forger would: an incremental update of the document information or the XMP metadata, one byte, a
comment or a whole empty xref section after ``%%EOF``, an unsigned annotation, a document time stamp, a
signature time stamp from an untrusted authority. A further signature by a trusted signer is the only
thing allowed after a signature, and only when it adds nothing else.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata import xmp_xml
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from cityeval_desktop.signing.identity import Identity
from cityeval_desktop.signing.pades import SignatureReport, sign_pdf, verify_pdf

USCC = "91350100M000100Y43"
CHANGED_EN, CHANGED_ZH = "changed after signing", "签署后被改动"
needs_pdfsig = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils (pdfsig) not installed")


# ----------------------------------------------------------------------------- the report
@pytest.fixture(scope="module")
def report(pki: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[bytes]:
    """A real case report, rendered and signed by the assessor (CA-issued certificate)."""
    from cityeval_desktop.services import cases
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.services.reporting import render_report

    folder = tmp_path_factory.mktemp("report")
    ctx = open_context(folder / "cases.sqlite3", folder, actor="tester")
    try:
        ref = cases.new_case(
            ctx, framework="planning-consulting", tier="city", mode="third-party", entity_name="福州规划院", uscc=USCC
        ).case_uuid
        cases.set_answer(ctx, ref, "P1.1", value=7, note="七人持证")
        cases.set_answer(ctx, ref, "P1.2", value=4)
        yield render_report(ctx, ref, lang="zh", identity=pki.signer)
    finally:
        ctx.close()


def _only(data: bytes, pki: Any, extra: list[x509.Certificate] | None = None) -> SignatureReport:
    [r] = verify_pdf(data, [pki.ca.certificate, *(extra or [])])
    return r


def _changed(r: SignatureReport) -> bool:
    """Reported as changed after signing, in both languages, while the signed bytes themselves are intact."""
    return (
        r.intact
        and r.valid
        and not r.covers_whole_document
        and not r.ok
        and any(CHANGED_EN in p.en and CHANGED_ZH in p.zh for p in r.problems)
    )


def _incremental(data: bytes, change: Callable[[IncrementalPdfFileWriter], None]) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(data))
    change(writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# ----------------------------------------------------------------------------- the tamperings
def _set_info(key: str, value: str) -> Callable[[IncrementalPdfFileWriter], None]:
    def change(writer: IncrementalPdfFileWriter) -> None:
        ref = writer.trailer.raw_get("/Info")
        ref.get_object()[generic.NameObject(key)] = generic.pdf_string(value)
        writer.mark_update(ref)

    return change


XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">'
    b"Forged report</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>"
    b'<?xpacket end="w"?>'
)


def _replace_xmp(writer: IncrementalPdfFileWriter) -> None:
    writer.root[generic.NameObject("/Metadata")] = writer.add_object(xmp_xml.MetadataStream(stream_data=XMP))
    writer.update_root()


def _add_annotation(writer: IncrementalPdfFileWriter) -> None:
    page_ref = writer.find_page_for_modification(0)[0]
    page = page_ref.get_object()
    note = writer.add_object(
        generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Annot"),
                generic.NameObject("/Subtype"): generic.NameObject("/Text"),
                generic.NameObject("/Rect"): generic.ArrayObject([generic.NumberObject(v) for v in (50, 50, 70, 70)]),
                generic.NameObject("/Contents"): generic.pdf_string("总分应为 95.00"),
            }
        )
    )
    annots = page.get("/Annots")
    if annots is None:
        page[generic.NameObject("/Annots")] = generic.ArrayObject([note])
    else:
        annots.get_object().append(note)
        raw = page.raw_get("/Annots")
        if isinstance(raw, generic.IndirectObject):
            writer.mark_update(raw)
    writer.mark_update(page_ref)


def _empty_xref_section(data: bytes) -> bytes:
    """A whole incremental update with no object in it: an empty xref table, a trailer, startxref, %%EOF."""
    trailer = PdfFileReader(BytesIO(data)).trailer
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    root, info = trailer.raw_get("/Root"), trailer.raw_get("/Info")
    section = (
        f"xref\n0 0\ntrailer\n<< /Size {int(trailer['/Size'])} /Root {root.idnum} {root.generation} R "
        f"/Info {info.idnum} {info.generation} R /Prev {prev} >>\nstartxref\n{len(data)}\n%%EOF\n"
    )
    return data + section.encode("ascii")


TAMPERINGS: dict[str, Callable[[bytes], bytes]] = {
    "info-title": lambda d: _incremental(d, _set_info("/Title", "伪造的评估报告")),
    "info-author": lambda d: _incremental(d, _set_info("/Author", "Mallory")),
    "xmp-replaced": lambda d: _incremental(d, _replace_xmp),
    "one-byte-after-eof": lambda d: d + b"x",
    "comment-after-eof": lambda d: d + b"%forged\n",
    "empty-xref-section": _empty_xref_section,
    "unsigned-annotation": lambda d: _incremental(d, _add_annotation),
}


def test_the_untouched_report_verifies(report: bytes, pki: Any) -> None:
    r = _only(report, pki)
    assert r.ok and r.covers_whole_document and not r.problems, [p.en for p in r.problems]


@needs_pdfsig
def test_pdfsig_says_the_untouched_report_is_valid_and_whole(report: bytes, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(report)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout
    assert "Signature is Valid." in out and "Total document signed" in out, out


@pytest.mark.parametrize("how", list(TAMPERINGS))
def test_every_change_after_signing_fails(report: bytes, pki: Any, how: str) -> None:
    tampered = TAMPERINGS[how](report)
    assert tampered[: len(report)] == report  # the signed bytes are untouched: only additions
    r = _only(tampered, pki)
    assert _changed(r), [p.en for p in r.problems]


def test_the_tamperings_really_change_what_a_reader_sees(report: bytes) -> None:
    """The forged values are what a PDF reader now shows (so the tests above test something real)."""
    reader = PdfFileReader(BytesIO(TAMPERINGS["info-title"](report)))
    assert str(reader.trailer["/Info"]["/Title"]) == "伪造的评估报告"
    reader = PdfFileReader(BytesIO(TAMPERINGS["xmp-replaced"](report)))
    assert b"Forged report" in reader.root["/Metadata"].data
    reader = PdfFileReader(BytesIO(TAMPERINGS["unsigned-annotation"](report)))
    assert any("95.00" in str(a.get_object()["/Contents"]) for a in reader.root["/Pages"]["/Kids"][0]["/Annots"])


@pytest.mark.parametrize("lang, words", [("en", "CHANGED after signing"), ("zh", CHANGED_ZH)])
def test_cli_verify_pdf_exits_1_saying_changed_after_signing(
    report: bytes, pki: Any, cli: Any, tmp_path: Path, lang: str, words: str
) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_bytes(pki.ca.certificate.public_bytes(serialization.Encoding.PEM))
    good, bad = tmp_path / "report.pdf", tmp_path / "retitled.pdf"
    good.write_bytes(report)
    bad.write_bytes(TAMPERINGS["info-title"](report))
    ok = cli("--lang", lang, "verify-pdf", str(good), "--trust", str(ca))
    assert ok.code == 0, ok.out + ok.err
    r = cli("--lang", lang, "verify-pdf", str(bad), "--trust", str(ca))
    assert r.code == 1, r.out + r.err
    assert words in r.out
    problem = CHANGED_EN if lang == "en" else CHANGED_ZH
    assert any(line.startswith("error:") and problem in line for line in r.err.splitlines()), r.err
    assert "Traceback" not in r.err


# ----------------------------------------------------------------------------- further signatures
def _other_signer(pki: Any) -> Identity:
    """The assessor's key with its self-signed certificate, which is not in the trust list."""
    return Identity(private_key=pki.signer.private_key, certificate=pki.self_signed_cert)


def _pyhanko_signer(pki: Any, helpers: Any) -> signers.SimpleSigner:
    """The assessor as pyHanko's own signer (for signatures the application would not make)."""
    signer = signers.SimpleSigner.load_pkcs12(str(pki.signer_path), passphrase=helpers.PASSWORD.encode("utf-8"))
    assert signer is not None
    return signer


def test_a_further_signature_by_a_trusted_signer_is_allowed(report: bytes, pki: Any) -> None:
    twice = sign_pdf(report, pki.signer, box=(0, (300.0, 160.0, 560.0, 250.0)))
    first, second = verify_pdf(twice, [pki.ca.certificate])
    assert first.ok and second.ok, [p.en for p in first.problems + second.problems]


def test_a_further_signature_by_an_untrusted_signer_counts_as_a_change(report: bytes, pki: Any) -> None:
    twice = sign_pdf(report, _other_signer(pki), box=(0, (300.0, 160.0, 560.0, 250.0)))
    first, second = verify_pdf(twice, [pki.ca.certificate])
    assert not second.trusted and second.covers_whole_document
    assert _changed(first) and any("does not pass verification" in p.en for p in first.problems)


def test_an_unsigned_update_between_two_signatures_counts_as_a_change(report: bytes, pki: Any) -> None:
    retitled = TAMPERINGS["info-title"](report)
    twice = sign_pdf(retitled, pki.signer, box=(0, (300.0, 160.0, 560.0, 250.0)))
    first, second = verify_pdf(twice, [pki.ca.certificate])
    assert second.ok
    assert _changed(first), [p.en for p in first.problems]


def test_a_further_signature_that_also_retitles_the_report_counts_as_a_change(
    report: bytes, pki: Any, helpers: Any
) -> None:
    writer = IncrementalPdfFileWriter(BytesIO(report))
    _set_info("/Title", "伪造的评估报告")(writer)  # in the very revision of the second signature
    out = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="CityEvalSignature2", md_algorithm="sha256"),
        signer=_pyhanko_signer(pki, helpers),
        new_field_spec=fields.SigFieldSpec(sig_field_name="CityEvalSignature2", on_page=0, box=(300, 160, 560, 250)),
    ).sign_pdf(writer, output=BytesIO())
    first, second = verify_pdf(out.getvalue(), [pki.ca.certificate])
    assert second.ok, [p.en for p in second.problems]
    assert _changed(first), [p.en for p in first.problems]


def test_trailing_bytes_after_a_second_signature_fail_both(report: bytes, pki: Any) -> None:
    twice = sign_pdf(report, pki.signer, box=(0, (300.0, 160.0, 560.0, 250.0))) + b"\n"
    first, second = verify_pdf(twice, [pki.ca.certificate])
    assert _changed(second) and _changed(first)


# ----------------------------------------------------------------------------- time stamps
@pytest.fixture(scope="module")
def tsa() -> tuple[x509.Certificate, DummyTimeStamper]:
    """A time-stamping authority that nobody put in the trust list."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Untrusted TSA")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
    )
    return cert, stamper


def test_a_document_time_stamp_from_an_untrusted_authority_fails(report: bytes, pki: Any, tsa: Any) -> None:
    cert, stamper = tsa
    out = signers.PdfTimeStamper(stamper).timestamp_pdf(
        IncrementalPdfFileWriter(BytesIO(report)), "sha256", output=BytesIO()
    )
    r = _only(out.getvalue(), pki)
    assert _changed(r) and any("not in the trust list" in p.en for p in r.problems), [p.en for p in r.problems]
    trusted_tsa = _only(out.getvalue(), pki, [cert])  # even a trusted authority's stamp is an addition
    assert _changed(trusted_tsa)
    assert not any("time-stamping authority that is not" in p.en for p in trusted_tsa.problems)


def test_a_signature_time_stamp_from_an_untrusted_authority_is_flagged(
    report: bytes, pki: Any, tsa: Any, helpers: Any
) -> None:
    cert, stamper = tsa
    meta = signers.PdfSignatureMetadata(
        field_name="Stamped", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    out = signers.PdfSigner(meta, signer=_pyhanko_signer(pki, helpers), timestamper=stamper).sign_pdf(
        IncrementalPdfFileWriter(BytesIO(report)), output=BytesIO()
    )
    stamped = out.getvalue()
    reports = verify_pdf(stamped, [pki.ca.certificate])
    last = reports[-1]
    assert last.field_name == "Stamped" and last.covers_whole_document and not last.trusted and not last.ok
    assert any("time-stamping authority" in p.en and "时间戳机构" in p.zh for p in last.problems)
    # the report's own signature is followed by a signature that fails: a change after signing
    assert _changed(reports[0])
    with_tsa = verify_pdf(stamped, [pki.ca.certificate, cert])
    assert with_tsa[-1].ok and with_tsa[0].ok, [p.en for r in with_tsa for p in r.problems]


def test_verification_is_quiet_about_pyhankos_difference_analysis(
    report: bytes, pki: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A lone tampered signature needs no difference analysis (and pyHanko logs its failures as errors)."""
    with caplog.at_level("WARNING"):
        assert _changed(_only(TAMPERINGS["unsigned-annotation"](report), pki))
    assert not [r for r in caplog.records if r.name.startswith("pyhanko.sign.diff_analysis")]
