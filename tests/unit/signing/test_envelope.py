"""CMS EnvelopedData for encrypted packages (issue 10, item 1.2): what we write, openssl opens; what openssl
writes (OAEP, PKCS#1 v1.5, streamed BER, key identifiers), we open; hostile envelopes, generated here, are
each refused with a clear SigningError, never a traceback or a hang; memory stays bounded."""

from __future__ import annotations

import io
import os
import re
import subprocess
import time
import tracemalloc
from pathlib import Path

import pytest
from asn1crypto import cms as asn1_cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from cityeval_desktop.signing import _pkcs12, envelope
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import Identity, create_identity

PAYLOAD = b"PK\x03\x04" + bytes(range(256)) * 40 + "合同与工资表".encode()


class Party:
    """An identity with its key and certificate also as PEM files, for openssl."""

    def __init__(self, identity: Identity, folder: Path, stem: str) -> None:
        self.identity = identity
        self.cert = identity.certificate
        self.key_pem = folder / f"{stem}.key.pem"
        self.cert_pem = folder / f"{stem}.pem"
        self.key_pem.write_bytes(
            identity.private_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        self.cert_pem.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))


@pytest.fixture(scope="module")
def parties(tmp_path_factory: pytest.TempPathFactory, pki) -> dict[str, Party]:
    folder = tmp_path_factory.mktemp("envelope")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_pkcs12, "KDF_ROUNDS", 1000)
        agency = create_identity(
            folder / "agency.p12", name="福州市数据局", org="数据局", password="pw-12345678", key_size=2048
        )
        other = create_identity(
            folder / "other.p12", name="厦门市数据局", org=None, password="pw-12345678", key_size=2048
        )
    return {
        "agency": Party(agency, folder, "agency"),
        "other": Party(other, folder, "other"),
        "assessor": Party(pki.signer, folder, "assessor"),  # issued by the agency CA
    }


def _encrypt(data: bytes, recipients: list[x509.Certificate]) -> bytes:
    out = io.BytesIO()
    envelope.encrypt(io.BytesIO(data), len(data), out, recipients)
    return out.getvalue()


def _decrypt(blob: bytes, identity: Identity) -> bytes:
    out = io.BytesIO()
    envelope.decrypt(io.BytesIO(blob), out, identity)
    return out.getvalue()


def _openssl(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["openssl", *args], input=stdin, capture_output=True, timeout=60, check=False)


# ----------------------------------------------------------------------------- what we write
@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 4095, envelope.CHUNK + 3])
def test_round_trip_of_every_size_around_the_block_and_chunk_lengths(parties, size: int) -> None:
    data = os.urandom(size)
    blob = _encrypt(data, [parties["agency"].cert])
    assert envelope.looks_enveloped(blob[:32])
    assert len(blob) > envelope.encrypted_size(size) >= size + 1
    assert _decrypt(blob, parties["agency"].identity) == data


def test_what_we_write_is_strict_der_with_aes256_and_oaep_sha256_by_issuer_and_serial(parties) -> None:
    cert = parties["agency"].cert
    blob = _encrypt(PAYLOAD, [cert])
    info = asn1_cms.ContentInfo.load(blob, strict=True)
    assert info.dump(force=True) == blob  # re-encoding gives the very bytes: DER, definite lengths
    env = info["content"]
    assert info["content_type"].native == "enveloped_data" and env["version"].native == "v0"
    eci = env["encrypted_content_info"]
    assert eci["content_type"].native == "data"
    assert eci["content_encryption_algorithm"]["algorithm"].native == "aes256_cbc"
    assert len(eci["content_encryption_algorithm"]["parameters"].native) == 16
    assert len(eci["encrypted_content"].native) == envelope.encrypted_size(len(PAYLOAD))
    (ri,) = env["recipient_infos"]
    ktri = ri.chosen
    assert ri.name == "ktri" and ktri["version"].native == "v0"
    assert ktri["rid"].name == "issuer_and_serial_number"
    assert ktri["rid"].chosen["serial_number"].native == cert.serial_number
    alg = ktri["key_encryption_algorithm"]
    assert alg["algorithm"].native == "rsaes_oaep"
    assert alg["parameters"]["hash_algorithm"]["algorithm"].native == "sha256"
    assert alg["parameters"]["mask_gen_algorithm"]["parameters"]["algorithm"].native == "sha256"
    # RFC 5754: SHA-2 identifiers are generated without parameters (byte for byte what openssl writes)
    assert alg["parameters"].dump() == bytes.fromhex(
        "302ba00d300b0609608648016503040201a11a301806092a864886f70d010108300b0609608648016503040201"
    )


def test_openssl_cms_decrypt_opens_what_we_write(parties, tmp_path: Path) -> None:
    agency = parties["agency"]
    p7m = tmp_path / "case.cityeval.p7m"
    p7m.write_bytes(_encrypt(PAYLOAD, [agency.cert]))
    out = tmp_path / "case.cityeval"
    r = _openssl(
        "cms", "-decrypt", "-inform", "DER", "-in", str(p7m), "-inkey", str(agency.key_pem),
        "-recip", str(agency.cert_pem), "-out", str(out),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr.decode()
    assert out.read_bytes() == PAYLOAD
    listing = _openssl("cms", "-cmsout", "-print", "-inform", "DER", "-in", str(p7m)).stdout.decode()
    assert "rsaesOaep" in listing and "aes-256-cbc" in listing


def test_two_recipients_each_open_it_with_us_and_with_openssl(parties, tmp_path: Path) -> None:
    a, b = parties["agency"], parties["other"]
    blob = _encrypt(PAYLOAD, [a.cert, b.cert])
    p7m = tmp_path / "two.p7m"
    p7m.write_bytes(blob)
    for party in (a, b):
        assert _decrypt(blob, party.identity) == PAYLOAD
        r = _openssl(
            "cms", "-decrypt", "-binary", "-inform", "DER", "-in", str(p7m),
            "-inkey", str(party.key_pem), "-recip", str(party.cert_pem),
        )  # fmt: skip
        assert r.returncode == 0 and r.stdout == PAYLOAD, r.stderr.decode()
    with pytest.raises(SigningError, match="not for the identity"):
        _decrypt(blob, parties["assessor"].identity)


def test_a_ca_issued_certificate_can_receive_a_package(parties) -> None:
    assessor = parties["assessor"]  # issued by `ca issue`: keyEncipherment is in its key usage
    assert _decrypt(_encrypt(PAYLOAD, [assessor.cert]), assessor.identity) == PAYLOAD


# ----------------------------------------------------------------------------- what openssl writes
OPENSSL_FORMS = {
    "oaep-sha1": ["-aes256", "-keyopt", "rsa_padding_mode:oaep"],
    "oaep-sha256": ["-aes256", "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256"],
    "pkcs1v15": ["-aes256"],
    "stream-ber": ["-aes256", "-stream"],
    "stream-oaep": ["-aes256", "-stream", "-keyopt", "rsa_padding_mode:oaep"],
    "aes128": ["-aes128"],
    "aes192": ["-aes192"],
    "key-identifier": ["-aes256", "-keyid"],
}


def _openssl_encrypt(tmp_path: Path, data: bytes, options: list[str], *certs: Path) -> bytes:
    src = tmp_path / "plain.bin"
    src.write_bytes(data)
    out = tmp_path / "openssl.p7m"
    recips = [arg for c in certs for arg in ("-recip", str(c))]
    args = ["cms", "-encrypt", "-binary", "-outform", "DER", "-in", str(src), "-out", str(out)]
    r = _openssl(*args, *options[:1], *recips, *options[1:])
    assert r.returncode == 0, r.stderr.decode()
    return out.read_bytes()


@pytest.mark.parametrize("form", sorted(OPENSSL_FORMS))
def test_we_open_what_openssl_cms_encrypt_writes(parties, tmp_path: Path, form: str) -> None:
    data = os.urandom(20_000) + PAYLOAD
    blob = _openssl_encrypt(tmp_path, data, OPENSSL_FORMS[form], parties["agency"].cert_pem)
    assert envelope.looks_enveloped(blob[:32])
    if form.startswith("stream"):
        assert blob[1] == 0x80  # indefinite length: the BER branch is what is tested here
    assert _decrypt(blob, parties["agency"].identity) == data


def test_openssl_with_two_recipients_and_the_wrong_identity_names_whom_it_is_for(parties, tmp_path: Path) -> None:
    a, b = parties["agency"], parties["other"]
    blob = _openssl_encrypt(tmp_path, PAYLOAD, ["-aes256", "-stream"], a.cert_pem, b.cert_pem)
    assert _decrypt(blob, b.identity) == PAYLOAD
    with pytest.raises(SigningError) as caught:
        _decrypt(blob, parties["assessor"].identity)
    zh, en = _reads_as_chinese(caught.value).message.zh, caught.value.message.en
    assert "不是发给身份“张三丰”的" in zh and format(a.cert.serial_number, "X") in zh
    assert "福州市数据局" in zh and "厦门市数据局" in zh  # self-signed: issuer = the recipient
    assert "not for the identity '张三丰'" in en and format(b.cert.serial_number, "X") in en


def test_by_key_identifier_the_wrong_identity_is_named_too(parties, tmp_path: Path) -> None:
    blob = _openssl_encrypt(tmp_path, PAYLOAD, ["-aes256", "-keyid"], parties["agency"].cert_pem)
    with pytest.raises(SigningError, match="key identifier"):
        _decrypt(blob, parties["other"].identity)


def test_an_unsupported_content_cipher_is_named(parties, tmp_path: Path) -> None:
    blob = _openssl_encrypt(tmp_path, PAYLOAD, ["-des3"], parties["agency"].cert_pem)
    with pytest.raises(SigningError) as caught:
        _decrypt(blob, parties["agency"].identity)
    assert "AES-128/192/256-CBC" in caught.value.message.en and "1.2.840.113549.3.7" in caught.value.message.en
    assert "内容加密算法不受支持" in _reads_as_chinese(caught.value).message.zh


def test_an_envelope_for_an_ec_key_is_refused_as_not_for_an_rsa_certificate(parties, tmp_path: Path) -> None:
    r = _openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", str(tmp_path / "ec.key"))
    assert r.returncode == 0
    r = _openssl(
        "req", "-x509", "-new", "-key", str(tmp_path / "ec.key"), "-subj", "/CN=ec", "-days", "2",
        "-out", str(tmp_path / "ec.pem"),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr.decode()
    blob = _openssl_encrypt(tmp_path, PAYLOAD, ["-aes256"], tmp_path / "ec.pem")
    with pytest.raises(SigningError, match="not encrypted to an RSA certificate"):
        _decrypt(blob, parties["agency"].identity)


# ----------------------------------------------------------------------------- recipients we refuse
def _cert(key, *, days: tuple[float, float] = (-1, 30), usage: x509.KeyUsage | None = None, ca: bool = False):
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "某机构")])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + timedelta(days=days[0]))
        .not_valid_after(now + timedelta(days=days[1]))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if usage is not None:
        builder = builder.add_extension(usage, critical=True)
    return builder.sign(key, hashes.SHA256())


def _usage(**on: bool) -> x509.KeyUsage:
    fields = dict.fromkeys(
        (
            "digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
            "key_cert_sign", "crl_sign", "encipher_only", "decipher_only",
        ),
        False,
    )  # fmt: skip
    fields.update(on)
    return x509.KeyUsage(**fields)


def test_recipients_unfit_for_encryption_are_refused_with_what_to_do(spare_key, pki) -> None:
    ec_key = ec.generate_private_key(ec.SECP256R1())
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    cases = [
        (_cert(ec_key), "本软件的身份都使用 RSA 密钥", "does not hold an RSA key"),
        (_cert(small), "RSA 密钥过短", "too short (1024 bits"),
        (_cert(spare_key, days=(-40, -3)), "已于", "expired on"),
        (_cert(spare_key, days=(3, 40)), "尚未生效", "not valid yet"),
        (
            _cert(spare_key, usage=_usage(digital_signature=True, content_commitment=True)),
            "证书用途不允许加密",
            "lacks keyEncipherment",
        ),
        (pki.ca.certificate, "机构 CA 的证书", "the agency CA's certificate"),
        (_cert(spare_key, ca=True), "机构 CA 的证书", "the agency CA's certificate"),
    ]
    for cert, zh, en in cases:
        with pytest.raises(SigningError) as caught:
            _encrypt(PAYLOAD, [cert])
        assert zh in caught.value.message.zh and en in caught.value.message.en, caught.value.message
        _reads_as_chinese(caught.value)
    assert envelope.check_recipient(_cert(spare_key, usage=_usage(key_encipherment=True)))  # fit


def test_encrypt_refuses_no_recipient_and_a_source_of_another_size(parties) -> None:
    with pytest.raises(SigningError, match="no recipient"):
        _encrypt(PAYLOAD, [])
    cert = parties["agency"].cert
    for told in (len(PAYLOAD) + 1, len(PAYLOAD) - 1):
        with pytest.raises(SigningError, match=r"became shorter|grew"):
            envelope.encrypt(io.BytesIO(PAYLOAD), told, io.BytesIO(), [cert])


def test_an_identity_without_an_rsa_key_cannot_open_a_package(parties) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    ec_identity = Identity(key, _cert(key))
    with pytest.raises(SigningError, match="does not hold an RSA key"):
        _decrypt(_encrypt(PAYLOAD, [parties["agency"].cert]), ec_identity)


# ----------------------------------------------------------------------------- hostile envelopes
#: What may stay in a Chinese message: data in quotes, file names, numbers and algorithm names in capitals.
_NOT_WORDS = re.compile(r"“[^”]*”|[\w.#/-]*[\d.#_/-][\w.#/-]*|\b[A-Z]{2,6}\b")


def _reads_as_chinese(error: SigningError) -> SigningError:
    zh = error.message.zh
    assert re.search(r"[\u4e00-\u9fff]", zh) and not re.findall(r"[A-Za-z]{2,}", _NOT_WORDS.sub(" ", zh)), zh
    assert zh != error.message.en
    return error


def _refused(blob: bytes, identity: Identity) -> SigningError:
    started = time.monotonic()
    with pytest.raises(SigningError) as caught:
        _decrypt(blob, identity)
    assert time.monotonic() - started < 5
    return _reads_as_chinese(caught.value)


def test_every_truncation_is_refused_as_incomplete_or_damaged(parties, tmp_path: Path) -> None:
    identity = parties["agency"].identity
    ours = _encrypt(PAYLOAD, [parties["agency"].cert])
    streamed = _openssl_encrypt(tmp_path, PAYLOAD, ["-aes256", "-stream"], parties["agency"].cert_pem)
    for blob in (ours, streamed):
        cuts = sorted({*range(420), *range(len(blob) - 40, len(blob)), *range(420, len(blob), 97)})
        for cut in cuts:
            error = _refused(blob[:cut], identity)
            _reads_as_chinese(error)


def _meaning(blob: bytes) -> object:
    """What an envelope says, whatever its encoding (asn1crypto reads DER and BER alike)."""
    return asn1_cms.ContentInfo.load(blob)["content"].native


def test_bit_flips_never_raise_anything_else_and_never_give_the_package_back(parties, tmp_path: Path) -> None:
    identity = parties["agency"].identity
    ours = _encrypt(PAYLOAD, [parties["agency"].cert])
    streamed = _openssl_encrypt(tmp_path, PAYLOAD, ["-aes256", "-stream"], parties["agency"].cert_pem)
    refused = 0
    for blob in (ours, streamed):
        for pos in [*range(460), *range(len(blob) - 48, len(blob))]:
            for bit in (0x01, 0x80):
                bad = bytearray(blob)
                bad[pos] ^= bit
                try:
                    plain = _decrypt(bytes(bad), identity)
                except SigningError as exc:
                    refused += 1
                    _reads_as_chinese(exc)
                    continue
                # CBC has no integrity of its own: a changed IV or block changes the plaintext, which the
                # package's checksums and signature then refuse. The same plaintext back means only the
                # encoding changed (a length written in a longer form), never what the envelope says.
                if plain == PAYLOAD:
                    assert _meaning(bytes(bad)) == _meaning(blob), pos
    assert refused > 1000


def test_random_mutations_of_the_header_give_a_signing_error_never_a_traceback(parties) -> None:
    import random

    identity = parties["agency"].identity
    blob = _encrypt(PAYLOAD, [parties["agency"].cert, parties["other"].cert])
    rng = random.Random(20261201)
    refused = 0
    for _ in range(1500):
        bad = bytearray(blob)
        for _ in range(rng.randint(1, 6)):
            bad[rng.randrange(0, 900)] = rng.randrange(256)
        if rng.random() < 0.3:
            start = rng.randrange(0, 900)
            del bad[start : start + rng.randint(1, 40)]
        started = time.monotonic()
        try:
            _decrypt(bytes(bad), identity)
        except SigningError as exc:
            refused += 1
            _reads_as_chinese(exc)
        assert time.monotonic() - started < 5
    assert refused > 1200


def test_hostile_envelopes_are_each_refused_with_their_reason(parties, tmp_path: Path) -> None:
    identity = parties["agency"].identity
    good = _encrypt(PAYLOAD, [parties["agency"].cert])
    signed = _openssl("cms", "-sign", "-binary", "-outform", "DER", "-signer", str(parties["agency"].cert_pem),
                      "-inkey", str(parties["agency"].key_pem), stdin=b"x").stdout  # fmt: skip
    assert signed
    cases = {
        "empty": (b"", "empty"),
        "a plain zip": (PAYLOAD, "not an encrypted case package"),
        "random": (os.urandom(4000), "not an encrypted case package"),
        "signed data": (signed, "another kind of CMS data (1.2.840.113549.1.7.2)"),
        "trailing data": (good + b"\x00", "more data after the end"),
        "trailing junk": (good + b"junk", "more data after the end"),
        "a huge length": (b"\x30\x88\xff\xff\xff\xff\xff\xff\xff\xff" + good[2:], "not an encrypted case package"),
        "length field of 9 bytes": (b"\x30\x89" + b"\x01" * 9 + good[4:], "not an encrypted case package"),
        "multi-byte tag": (good[:15] + b"\x1f" + good[16:], "multi-byte tag"),
    }
    for name, (blob, words) in cases.items():
        error = _refused(blob, identity)
        assert words in error.message.en, (name, error.message.en)


def _indefinite(*children: bytes, tag: int = 0x30) -> bytes:
    return bytes([tag, 0x80]) + b"".join(children) + b"\x00\x00"


def _prim(tag: int, data: bytes) -> bytes:
    return envelope._tlv_header(tag, len(data)) + data


AES256 = bytes.fromhex("060960864801650304012a")
DATA = bytes.fromhex("06092a864886f70d010701")


def _envelope(recipient_set: bytes, content: bytes, *, originator: bytes = b"", iv: bytes = b"\x00" * 16) -> bytes:
    """A BER EnvelopedData built by hand around ``content`` (empty: no encrypted content at all)."""
    eci = _indefinite(DATA, _prim(0x30, AES256 + _prim(0x04, iv)), content)
    env = _indefinite(b"\x02\x01\x00", originator, recipient_set, eci)
    return _indefinite(envelope.ENVELOPED_DATA_OID, _indefinite(env, tag=0xA0))


def test_generated_structures_with_too_much_of_something_are_refused(parties) -> None:
    identity = parties["agency"].identity
    info = asn1_cms.ContentInfo.load(_encrypt(PAYLOAD, [parties["agency"].cert]))
    ri = info["content"]["recipient_infos"][0].dump()
    one = _prim(0x31, ri)
    content = _prim(0x80, b"\x00" * 32)
    deep = b""
    for _ in range(40):
        deep = _indefinite(deep)
    tiny_pieces = _indefinite(b"\x04\x00" * 10_000 + _prim(0x04, b"\x00" * 32), tag=0xA0)
    # a ciphertext whose plaintext ends in a zero byte: wrong padding whatever the random key was
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding as asym_padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key = identity.private_key.decrypt(
        info["content"]["recipient_infos"][0].chosen["encrypted_key"].native,
        asym_padding.OAEP(mgf=asym_padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None),
    )
    encryptor = Cipher(algorithms.AES(key), modes.CBC(b"\x00" * 16)).encryptor()
    badly_padded = _prim(0x80, encryptor.update(b"\x07" * 31 + b"\x00") + encryptor.finalize())
    cases = {
        "65 recipients": (_envelope(_prim(0x31, ri * 65), content), "too many recipients (65"),
        "no recipient": (_envelope(_prim(0x31, b""), content), "no recipient at all"),
        "deep nesting": (_envelope(one, content, originator=_indefinite(deep, tag=0xA0)), "nesting too deep"),
        "huge originator": (_envelope(one, content, originator=envelope._tlv_header(0xA0, 2**40)), "too large"),
        "broken recipients": (_envelope(_prim(0x31, b"\x30\x03\x02\x01"), content), "cannot be parsed"),
        "short iv": (_envelope(one, content, iv=b"\x00" * 8), "initialisation vector"),
        "detached content": (_envelope(one, b""), "carries no encrypted content"),
        "pieces of another kind": (_envelope(one, _indefinite(_prim(0x0C, b"x" * 16), tag=0xA0)), "unsupported form"),
        "ten thousand empty pieces": (_envelope(one, tiny_pieces), "too many small pieces"),
        "content of 31 bytes": (_envelope(one, _prim(0x80, b"\x00" * 31)), "whole number of blocks"),
        "wrong padding": (_envelope(one, badly_padded), "padding after decryption is wrong"),
    }
    for name, (blob, words) in cases.items():
        assert envelope.looks_enveloped(blob[:32]), name
        error = _refused(blob, identity)
        assert words in error.message.en, (name, error.message.en)


def test_looks_enveloped_tells_an_envelope_from_a_zip_and_from_noise(parties, tmp_path: Path) -> None:
    ours = _encrypt(PAYLOAD, [parties["agency"].cert])
    streamed = _openssl_encrypt(tmp_path, PAYLOAD, ["-aes256", "-stream"], parties["agency"].cert_pem)
    assert envelope.looks_enveloped(ours[:32]) and envelope.looks_enveloped(streamed[:32])
    assert envelope.looks_enveloped(b"\x30\x0f" + envelope.ENVELOPED_DATA_OID)
    for head in (PAYLOAD[:32], b"", b"\x30", b"\x30\x82\x01", os.urandom(2) + b"PK", b"\x30\x89" + b"\x00" * 30):
        assert not envelope.looks_enveloped(head), head


# ----------------------------------------------------------------------------- memory
def _big_file(path: Path, size: int) -> None:
    block = os.urandom(1024 * 1024)
    with path.open("wb") as fh:
        for _ in range(size // len(block)):
            fh.write(block)


def test_encrypting_and_decrypting_64_mb_keeps_memory_bounded(parties, tmp_path: Path) -> None:
    size = 64 * 1024 * 1024
    plain, p7m, back = tmp_path / "big.cityeval", tmp_path / "big.p7m", tmp_path / "back.cityeval"
    _big_file(plain, size)
    tracemalloc.start()
    try:
        with plain.open("rb") as src, p7m.open("wb") as out:
            envelope.encrypt(src, size, out, [parties["agency"].cert])
        _, encrypt_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        with p7m.open("rb") as src, back.open("wb") as out:
            envelope.decrypt(src, out, parties["agency"].identity)
        _, decrypt_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert encrypt_peak < 8 * 1024 * 1024 and decrypt_peak < 8 * 1024 * 1024, (encrypt_peak, decrypt_peak)
    assert p7m.stat().st_size > size and back.stat().st_size == size
    with plain.open("rb") as a, back.open("rb") as b:
        while True:
            x, y = a.read(1 << 20), b.read(1 << 20)
            assert x == y
            if not x:
                break
