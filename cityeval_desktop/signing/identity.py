"""Signing identities: a private key and its certificate (+ issuer chain) in a password-protected PKCS#12 file."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from cityeval_desktop.domain.text import Text
from cityeval_desktop.domain.uscc import validate as validate_uscc
from cityeval_desktop.signing import _pkcs12, _pkcs12_guard
from cityeval_desktop.signing._util import (
    check_new_output,
    display_name,
    fingerprint,
    format_utc,
    is_ca,
    issuer_chain,
    load_pem_certificates,
    looks_like_pkcs12,
    name_attribute,
    read_input,
    replace_file,
    same_public_key,
    self_signed,
    short_fingerprint,
    utcnow,
    write_new_file,
)
from cityeval_desktop.signing.errors import SigningError

#: RSA key size of new identities and CAs: 3072 bits (NIST: good beyond 2030; every PDF reader verifies RSA).
KEY_SIZE = 3072
MIN_RSA_BITS = 2048
#: id-kp-documentSigning (RFC 9336).
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
#: Extended key usages of a signing certificate: document signing, and e-mail protection, which NSS
#: (Poppler, Firefox) and Windows need to accept a certificate for signatures.
SIGNING_EKUS = (DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION)
#: New certificates start a little in the past so that a slow clock elsewhere still accepts them.
CLOCK_SKEW = timedelta(minutes=5)
MAX_DAYS = 36_500
#: The shortest password a new identity or CA file may get (characters).
MIN_PASSWORD_LENGTH = 8
_NAME_LIMIT = 64  # X.520 upper bound of CN and O


@dataclass(frozen=True)
class Identity:
    """A private key with its certificate and the certificate's issuer chain (nearest issuer first)."""

    private_key: PrivateKeyTypes
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()
    path: Path | None = None

    @property
    def name(self) -> str:
        """The certificate subject's common name (CN)."""
        return display_name(self.certificate.subject)

    @property
    def organisation(self) -> str | None:
        """The certificate subject's organisation (O), or None."""
        return name_attribute(self.certificate.subject, NameOID.ORGANIZATION_NAME)

    @property
    def uscc(self) -> str | None:
        """The 统一社会信用代码 the certificate subject carries (see :func:`subject_uscc`), or None."""
        return subject_uscc(self.certificate.subject)

    @property
    def is_organisation(self) -> bool:
        """An organisation identity: the subject carries the organisation's 统一社会信用代码 (see
        :func:`subject_uscc`); it makes a report's 评估机构 signature."""
        return self.uscc is not None

    @property
    def fingerprint(self) -> str:
        """sha256 of the certificate's DER bytes, lower-case hex."""
        return fingerprint(self.certificate)

    @property
    def fingerprint_short(self) -> str:
        """The first 16 hex digits of the fingerprint as ``AB:CD:EF:01:23:45:67:89``."""
        return short_fingerprint(self.fingerprint)

    @property
    def not_before(self) -> datetime:
        """Start of the certificate's validity (UTC)."""
        return self.certificate.not_valid_before_utc

    @property
    def not_after(self) -> datetime:
        """End of the certificate's validity (UTC)."""
        return self.certificate.not_valid_after_utc


# ----------------------------------------------------------------------------- creating
def create_identity(
    out: Path,
    *,
    name: str,
    org: str | None,
    password: str,
    days: int = 1095,
    key_size: int = KEY_SIZE,
    uscc: str | None = None,
) -> Identity:
    """Create a new identity: an RSA key and a self-signed signing certificate in a new PKCS#12 file.

    Args:
        out: The ``.p12`` file to create; an existing file is never overwritten.
        name: The signer's name (certificate CN), e.g. ``张三``.
        org: The signer's organisation (certificate O) or None.
        password: The file's password (not empty).
        days: How long the certificate is valid.
        key_size: RSA key size in bits (keep the default outside tests).
        uscc: The organisation's 统一社会信用代码 (certificate organizationIdentifier) or None; it lets
            a self-check signed with this identity be matched to its entity by code, not only by name.

    Returns:
        The new identity (``path`` = ``out``).

    Raises:
        SigningError: Empty password, a bad name or code, an existing output file or folder problems.
    """
    return create_self_signed(
        out,
        name=name,
        org=org,
        password=password,
        days=days,
        key_size=key_size,
        uscc=uscc,
        extensions=[
            (x509.BasicConstraints(ca=False, path_length=None), True),
            (signer_key_usage(), True),
            (x509.ExtendedKeyUsage(list(SIGNING_EKUS)), False),
        ],
    )


def organisation_subject_problem(org: str | None, uscc: str | None) -> Text | None:
    """Why an organisation identity cannot be made from these values (None when it can): it needs the
    organisation's name and its 统一社会信用代码."""
    missing = []
    if not (org or "").strip():
        missing.append(Text("单位名称（--org）", "the organisation's name (--org)"))
    if not (uscc or "").strip():
        missing.append(Text("统一社会信用代码（--uscc）", "its unified social credit code (--uscc)"))
    if not missing:
        return None
    return Text(
        "机构身份须写明" + "和".join(m.zh for m in missing),
        "an organisation identity needs " + " and ".join(m.en for m in missing),
    )


def create_self_signed(
    out: Path,
    *,
    name: str,
    org: str | None,
    password: str,
    days: int,
    key_size: int,
    extensions: list[tuple[x509.ExtensionType, bool]],
    uscc: str | None = None,
) -> Identity:
    """A new RSA key and a self-signed certificate with ``extensions`` (value, critical), in a new PKCS#12 file.

    Shared by signer identities and the agency CA; the key identifiers are added here.

    Raises:
        SigningError: Empty password, a bad name, bad days, an existing output file or folder problems.
    """
    out = Path(out)
    check_new_password(password, out)
    subject = subject_name(name, org, out, uscc=uscc)
    check_days(days, out)
    check_new_output(out)
    key = new_key(key_size)
    now = utcnow()
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - CLOCK_SKEW)
        .not_valid_after(now + timedelta(days=days))
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    cert = (
        builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    write_new_file(out, _pkcs12.dump(key, cert, (), password, display_name(subject)), private=True)
    return Identity(key, cert, (), out)


def new_key(key_size: int = KEY_SIZE) -> rsa.RSAPrivateKey:
    """A new RSA private key (public exponent 65537)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=key_size)


def signer_key_usage() -> x509.KeyUsage:
    """Key usage of an identity's certificate: digitalSignature + nonRepudiation, and keyEncipherment.

    keyEncipherment lets an agency's identity receive packages encrypted to its certificate
    (``signing/envelope.py``: RSA-OAEP key transport, a padding signatures never use).
    """
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=True,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def check_password(password: str, where: Path) -> None:
    """Refuse an empty password for a new or rewritten identity file."""
    if not password:
        raise SigningError(
            Text(
                "密码不能为空：私钥必须用密码保护", "the password must not be empty: the private key must be protected"
            ),
            str(where),
        )


def check_new_password(password: str, where: Path) -> None:
    """Refuse a password shorter than :data:`MIN_PASSWORD_LENGTH` for a new identity or CA file.

    Only new files: an identity made with a shorter password before this rule still opens, and
    installing a certificate into it keeps its password (:func:`check_password`).
    """
    check_password(password, where)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise SigningError(
            Text(
                f"密码太短：至少需要 {MIN_PASSWORD_LENGTH} 个字符（现在 {len(password)} 个），私钥只靠它保护",
                f"the password is too short: at least {MIN_PASSWORD_LENGTH} characters are needed "
                f"(this one has {len(password)}); it alone protects the private key",
            ),
            str(where),
        )


def check_days(days: int, where: Path) -> None:
    """Refuse a validity period outside 1..36500 days."""
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise SigningError(
            Text(
                f"有效期应为 1 到 {MAX_DAYS} 天，而不是 {days}",
                f"the validity must be 1 to {MAX_DAYS} days, not {days}",
            ),
            str(where),
        )


def _clean_name(value: str, what: Text, where: Path) -> str:
    text = unicodedata.normalize("NFC", value or "").strip()
    if not text:
        raise SigningError(Text(f"{what.zh}不能为空", f"the {what.en} must not be empty"), str(where))
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise SigningError(Text(f"{what.zh}含有控制字符", f"the {what.en} contains control characters"), str(where))
    if len(text) > _NAME_LIMIT:
        raise SigningError(
            Text(
                f"{what.zh}过长（{len(text)} 个字符，最多 {_NAME_LIMIT} 个）",
                f"the {what.en} is too long ({len(text)} characters, at most {_NAME_LIMIT})",
            ),
            str(where),
        )
    return text


def subject_name(name: str, org: str | None, where: Path, *, uscc: str | None = None) -> x509.Name:
    """The certificate subject ``CN=name[, O=org][, organizationIdentifier=USCC]`` after checking the values.

    A code is only taken with an organisation (it is the organisation's) and must pass GB 32100.
    """
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, _clean_name(name, Text("姓名", "name"), where))]
    if org is not None and org.strip():
        attrs.append(
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _clean_name(org, Text("单位", "organisation"), where))
        )
    if uscc is not None and uscc.strip():
        if len(attrs) == 1:
            raise SigningError(
                Text(
                    "统一社会信用代码是单位的代码：请同时填写单位名称",
                    "a unified social credit code belongs to an organisation: give the organisation too",
                ),
                str(where),
            )
        check = validate_uscc(uscc)
        if not check.ok:
            raise SigningError(
                Text(f"统一社会信用代码有误：{check.errors[0].zh}", f"the credit code is wrong: {check.errors[0].en}"),
                str(where),
            )
        attrs.append(x509.NameAttribute(ORGANIZATION_IDENTIFIER, check.code))
    return x509.Name(attrs)


#: organizationIdentifier (X.520, 2.5.4.97): where a new identity carries its organisation's USCC
ORGANIZATION_IDENTIFIER = ObjectIdentifier("2.5.4.97")
#: where certificates from other CAs put an organisation's code: organizationIdentifier, serialNumber,
#: x500UniqueIdentifier, OU (Chinese CAs use each of these)
_USCC_ATTRIBUTES = (
    ORGANIZATION_IDENTIFIER,
    NameOID.SERIAL_NUMBER,
    NameOID.X500_UNIQUE_IDENTIFIER,
    NameOID.ORGANIZATIONAL_UNIT_NAME,
)
_USCC_PREFIXES = ("NTRCN-", "USCC:", "USCC-", "USCC", "CN-", "CN")


def subject_uscc(subject: x509.Name) -> str | None:
    """The 统一社会信用代码 a certificate subject carries, or None.

    Looked for in organizationIdentifier, serialNumber, x500UniqueIdentifier and OU (in that order),
    with the usual prefixes (``NTRCN-`` of ETSI EN 319 412-1, ``USCC``) taken off; a value counts only
    when it is a valid code (GB 32100 check character), so a person's serial number is never taken.
    """
    for oid in _USCC_ATTRIBUTES:
        for attr in subject.get_attributes_for_oid(oid):
            raw = attr.value if isinstance(attr.value, str) else ""
            text = raw.strip().upper()
            for prefix in _USCC_PREFIXES:
                if text.startswith(prefix) and len(text) > 18:
                    text = text[len(prefix) :]
                    break
            if len(text) > 40:
                continue
            check = validate_uscc(text)
            if check.ok and len(check.code) == 18:
                return check.code
    return None


# ----------------------------------------------------------------------------- loading
def load_identity(path: Path, password: str, *, check_validity: bool = True) -> Identity:
    """Open a PKCS#12 identity file.

    Args:
        path: The ``.p12``/``.pfx`` file.
        password: Its password.
        check_validity: Refuse a certificate that has expired or is not valid yet (off for commands that
            renew a certificate, e.g. making a CSR).

    Returns:
        The identity, its chain ordered from the nearest issuer up.

    Raises:
        SigningError: A missing/unreadable file or a folder, a file that is not PKCS#12, a wrong password,
            a file without private key or certificate, a certificate that does not match the key, an
            unsupported key, or (with ``check_validity``) a certificate outside its validity period.
    """
    path = Path(path)
    where = str(path)
    data = read_input(path, Text("身份文件（.p12）", "identity file (.p12)"))
    not_pkcs12 = SigningError(
        Text(
            "不是 PKCS#12 身份文件（.p12/.pfx）；请选择您创建的身份文件，或随证书发给您的身份文件",
            "not a PKCS#12 identity file (.p12/.pfx); choose the identity file you created "
            "or the one given to you with your certificate",
        ),
        where,
    )
    wrong_password = SigningError(
        Text(
            f"{path.name} 的密码错误；请检查大小写和输入法后重试（若确认密码无误，文件可能已损坏）",
            f"wrong password for {path.name}; check upper/lower case and the keyboard layout and try again "
            "(if the password is surely right, the file may be damaged)",
        ),
        where,
    )
    try:  # every key-derivation count, the encrypted parts' contents included, before OpenSSL runs one
        _pkcs12_guard.check(data, password, where)
    except _pkcs12_guard.NotPkcs12Error:
        raise not_pkcs12 from None
    except _pkcs12_guard.WrongPasswordError:
        raise wrong_password from None
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password.encode("utf-8") if password else None)
    except ValueError:
        raise (wrong_password if looks_like_pkcs12(data) else not_pkcs12) from None
    except Exception as exc:  # an algorithm this build of OpenSSL refuses, e.g. a legacy cipher
        raise SigningError(
            Text(
                "无法打开该 PKCS#12 文件（其加密方式不受支持）；请用较新的软件重新导出（AES-256 加密）",
                f"cannot open this PKCS#12 file ({exc}); export it again with current software (AES-256 encryption)",
            ),
            where,
        ) from None
    if key is None:
        raise SigningError(
            Text(
                "该 PKCS#12 文件中没有私钥，无法用于签名；请使用包含私钥的身份文件",
                "this PKCS#12 file holds no private key, so it cannot sign; use the identity file with the key",
            ),
            where,
        )
    if cert is None:
        raise SigningError(
            Text(
                "该 PKCS#12 文件中没有证书；请把签发给您的证书装入该身份文件，或重新创建身份",
                "this PKCS#12 file holds no certificate; install the certificate issued to you into it, "
                "or create the identity again",
            ),
            where,
        )
    check_key(key, where)
    if not same_public_key(cert, key):
        raise SigningError(
            Text(
                "文件中的证书与私钥不匹配，无法签名；请重新安装正确的证书",
                "the certificate in the file does not belong to its private key; install the right certificate",
            ),
            where,
        )
    if check_validity:
        check_valid_now(cert, where)
    return Identity(key, cert, issuer_chain(cert, extra), path)


def check_key(key: object, where: str) -> None:
    """Accept RSA keys of at least 2048 bits and EC keys; refuse anything else."""
    if isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < MIN_RSA_BITS:
            raise SigningError(
                Text(
                    f"RSA 密钥过短（{key.key_size} 位，至少 {MIN_RSA_BITS} 位）；请创建新的身份",
                    f"the RSA key is too short ({key.key_size} bits, at least {MIN_RSA_BITS}); create a new identity",
                ),
                where,
            )
        return
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return
    raise SigningError(
        Text(
            "不支持该密钥类型；请使用 RSA 或 EC 密钥",
            f"unsupported key type ({type(key).__name__}); use an RSA or EC key",
        ),
        where,
    )


def check_valid_now(cert: x509.Certificate, where: str, what: Text | None = None) -> None:
    """Refuse a certificate that has expired or is not valid yet, saying since/from when."""
    what = what or Text("证书", "the certificate")
    now = utcnow()
    if now < cert.not_valid_before_utc:
        start = format_utc(cert.not_valid_before_utc)
        raise SigningError(
            Text(
                f"{what.zh}尚未生效：自 {start} 起有效；请检查电脑的日期时间，或到时再使用",
                f"{what.en} is not valid yet: it is valid from {start}; check this computer's date and time "
                "or use it from then on",
            ),
            where,
        )
    if now > cert.not_valid_after_utc:
        end = format_utc(cert.not_valid_after_utc)
        raise SigningError(
            Text(
                f"{what.zh}已于 {end} 过期；请申请新证书（生成证书请求 → 由发证机构签发 → 装入身份文件）或创建新的身份",
                f"{what.en} expired on {end}; get a new one (make a certificate request → the CA issues it → "
                "install it into the identity) or create a new identity",
            ),
            where,
        )


# ----------------------------------------------------------------------------- CSR and issued certificates
def make_csr(identity_path: Path, password: str, out: Path) -> None:
    """Write a PEM certificate signing request for an identity (same subject, signed by its key).

    Works on identities whose certificate has expired (that is when a new one is needed).

    Args:
        identity_path: The ``.p12`` file.
        password: Its password.
        out: The ``.csr`` file to create (never overwritten).

    Raises:
        SigningError: The identity cannot be opened or the output cannot be written.
    """
    out = Path(out)
    check_new_output(out)
    identity = load_identity(Path(identity_path), password, check_validity=False)
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(identity.certificate.subject)
        .add_extension(signer_key_usage(), critical=True)
        .add_extension(x509.ExtendedKeyUsage(list(SIGNING_EKUS)), critical=False)
        .sign(identity.private_key, hashes.SHA256())  # type: ignore[arg-type]
    )
    write_new_file(out, csr.public_bytes(serialization.Encoding.PEM), private=False)


def install_certificate(identity_path: Path, password: str, cert_pem: Path) -> Identity:
    """Install the certificate a CA issued for this identity, with the CA's chain, into the PKCS#12 file.

    The file is rewritten atomically with the same password only when every check passes; otherwise it is
    left exactly as it was.

    Args:
        identity_path: The ``.p12`` file (its current certificate may have expired).
        password: Its password.
        cert_pem: PEM file with the issued certificate followed by the CA certificate(s).

    Returns:
        The identity with the new certificate and chain.

    Raises:
        SigningError: No certificate in the PEM is for this identity's key; the CA certificate is missing
            or did not issue the certificate; a certificate is outside its validity period; the
            certificate may not sign documents.
    """
    identity_path = Path(identity_path)
    cert_pem = Path(cert_pem)
    where = str(cert_pem)
    current = load_identity(identity_path, password, check_validity=False)
    certs = load_pem_certificates(cert_pem)
    leaf = next((c for c in certs if same_public_key(c, current.private_key)), None)
    if leaf is None:
        raise SigningError(
            Text(
                f"该证书不是为此身份签发的（公钥与 {identity_path.name} 的私钥不符）；"
                "请确认使用的是由本身份的 CSR 签发的证书",
                f"this certificate was not issued for this identity (its public key is not the key of "
                f"{identity_path.name}); use the certificate issued from this identity's CSR",
            ),
            where,
        )
    others = [c for c in certs if c != leaf]
    chain: tuple[x509.Certificate, ...] = ()
    if not self_signed(leaf):
        chain = issuer_chain(leaf, others)
        if not chain:
            if not others:
                raise SigningError(
                    Text(
                        "文件中只有证书本身，缺少签发它的 CA 证书；请向 CA 索取包含证书链的 PEM 文件"
                        "（ca issue 输出的文件即包含），或把 CA 证书追加到该文件末尾",
                        "the file holds only the certificate, not the CA certificate that issued it; ask the CA "
                        "for the chain PEM (the file `ca issue` writes has it) or append the CA certificate",
                    ),
                    where,
                )
            raise SigningError(
                Text(
                    f"{cert_pem.name} 中的 CA 证书并未签发此证书；请向签发该证书的 CA 索取正确的证书链",
                    f"the CA certificate in {cert_pem.name} did not issue this certificate; ask the CA that "
                    "issued it for its chain PEM",
                ),
                where,
            )
    if is_ca(leaf):
        raise SigningError(
            Text(
                "这是 CA 证书，不能作为签名人证书安装", "this is a CA certificate; it cannot be installed as a signer's"
            ),
            where,
        )
    try:
        usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
        if not (usage.digital_signature or usage.content_commitment):
            raise SigningError(
                Text(
                    "该证书的用途不包含数字签名；请让 CA 签发签名用证书",
                    "this certificate may not be used for digital signatures; ask the CA for a signing certificate",
                ),
                where,
            )
    except x509.ExtensionNotFound:
        pass
    check_valid_now(leaf, where)
    for ca in chain:
        check_valid_now(
            ca, where, Text(f"CA 证书“{display_name(ca.subject)}”", f"the CA certificate '{display_name(ca.subject)}'")
        )
    check_password(password, identity_path)
    data = _pkcs12.dump(current.private_key, leaf, chain, password, display_name(leaf.subject))
    replace_file(identity_path, data)
    return Identity(current.private_key, leaf, chain, identity_path)
