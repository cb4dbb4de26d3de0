"""Signing identities for the command line and the workbench: create, request, install, export, describe."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from cityeval_desktop.domain.text import Text
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.signing import identity as _identity
from cityeval_desktop.signing._util import (
    display_name,
    fingerprint,
    is_ca,
    issued_by,
    name_attribute,
    self_signed,
    short_fingerprint,
    utcnow,
    write_new_file,
)
from cityeval_desktop.signing.errors import SigningError

organisation_subject_problem = _identity.organisation_subject_problem

#: ``IdentityInfo.status`` values.
VALID, EXPIRED, NOT_YET_VALID = "valid", "expired", "not_yet_valid"
_MAX_PEM = 1024 * 1024  # a certificate with its chain is a few kB
#: The shortest password a new identity may get; identities made with shorter ones still open.
MIN_PASSWORD_LENGTH = _identity.MIN_PASSWORD_LENGTH


@dataclass(frozen=True)
class IdentityInfo:
    """What a user needs to see about an identity; no secret in it (the certificate is public).

    ``certificate_pem`` holds the certificate followed by its issuer chain, so a list of identities can be
    shown again later without the password (the certificates inside a PKCS#12 file are encrypted).
    """

    path: Path
    name: str
    organisation: str | None
    subject: str
    issuer: str
    issuer_name: str
    not_before: datetime
    not_after: datetime
    fingerprint: str
    self_signed: bool
    chain: tuple[str, ...]
    #: The certificate or one of its issuers is in the trust store (None: the trust store could not be read).
    trusted: bool | None
    status: str
    certificate_pem: str
    #: the organisation's 统一社会信用代码 when the subject carries one
    uscc: str | None = None

    @property
    def is_organisation(self) -> bool:
        """An organisation identity (its subject carries the organisation's 统一社会信用代码)."""
        return self.uscc is not None

    @property
    def fingerprint_short(self) -> str:
        return short_fingerprint(self.fingerprint)


def _info(
    ctx: AppContext | None, path: Path, cert: x509.Certificate, chain: tuple[x509.Certificate, ...]
) -> IdentityInfo:
    now = utcnow()
    if now < cert.not_valid_before_utc:
        status = NOT_YET_VALID
    elif now > cert.not_valid_after_utc:
        status = EXPIRED
    else:
        status = VALID
    pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (cert, *chain)).decode("ascii")
    return IdentityInfo(
        path=Path(path),
        name=display_name(cert.subject),
        organisation=name_attribute(cert.subject, x509.NameOID.ORGANIZATION_NAME),
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        issuer_name=display_name(cert.issuer),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        fingerprint=fingerprint(cert),
        self_signed=self_signed(cert),
        chain=tuple(c.subject.rfc4514_string() for c in chain),
        trusted=_trusted(ctx, cert, chain) if ctx is not None else None,
        status=status,
        certificate_pem=pem,
        uscc=_identity.subject_uscc(cert.subject),
    )


def _trusted(ctx: AppContext, cert: x509.Certificate, chain: tuple[x509.Certificate, ...]) -> bool | None:
    from cityeval_desktop.services.trust_store import trusted_certificates

    try:
        anchors = trusted_certificates(ctx)
    except SigningError:
        return None
    path = (cert, *chain)
    fingerprints = {fingerprint(a) for a in anchors}
    if any(fingerprint(c) in fingerprints for c in path):
        return True
    return any(is_ca(a) and issued_by(c, a) for c in path for a in anchors)


def create_identity(
    ctx: AppContext | None,
    out: Path,
    *,
    name: str,
    org: str | None,
    password: str,
    key_size: int | None = None,
    uscc: str | None = None,
    organisation_identity: bool = False,
) -> IdentityInfo:
    """Create a new password-protected identity with a self-signed signing certificate (never overwriting).

    ``uscc`` (with ``org``) puts the organisation's 统一社会信用代码 into the certificate
    (organizationIdentifier, 2.5.4.97), so the entity's own self-checks are matched to it by code as well
    as by name. ``organisation_identity`` makes the identity of an organisation itself (the 评估机构
    signature of a report): CN and O are the organisation's name (``name`` may be empty), and the code
    is required.

    Raises:
        SigningError: Empty password, a bad name, organisation or code, an existing file, a missing folder;
            an organisation identity without its name or code.
    """
    if organisation_identity:
        problem = _identity.organisation_subject_problem(org, uscc)
        if problem is not None:
            raise SigningError(problem, str(out))
        name = (name or "").strip() or str(org).strip()
    made = _identity.create_identity(
        Path(out),
        name=name,
        org=org or None,
        password=password,
        key_size=key_size or _identity.KEY_SIZE,
        uscc=uscc or None,
    )
    return _info(ctx, Path(out), made.certificate, made.chain)


def open_identity(ctx: AppContext | None, path: Path, password: str) -> IdentityInfo:
    """Open an identity with its password and describe it (an expired certificate is described, not refused).

    Raises:
        SigningError: Missing file, not PKCS#12, wrong password, no key or certificate.
    """
    opened = _identity.load_identity(Path(path), password, check_validity=False)
    return _info(ctx, Path(path), opened.certificate, opened.chain)


def load_signing_identity(path: Path, password: str) -> Any:
    """The identity itself, for signing (refused when its certificate is not valid now)."""
    return _identity.load_identity(Path(path), password)


@dataclass(frozen=True)
class AgencyCa:
    """A new agency CA: its private ``.p12`` and the public certificate written beside it."""

    p12: Path
    pem: Path
    name: str
    fingerprint: str


def init_agency_ca(out: Path, *, name: str, password: str, key_size: int | None = None) -> AgencyCa:
    """An agency's certificate authority in a new PKCS#12 file, and its certificate (PEM) beside it.

    ``CA.p12`` gets ``CA.pem`` (see :func:`cityeval_desktop.signing.ca.ca_certificate_path`): the file to hand
    to assessors and verifiers (``trust add CA.pem``). Neither file is ever overwritten: when either exists,
    nothing is written; when the certificate cannot be written, the new ``.p12`` is removed again.

    Raises:
        SigningError: Empty password, a bad name, an existing output file, a missing folder, a failed write.
    """
    from cityeval_desktop.signing._util import check_new_output
    from cityeval_desktop.signing.ca import ca_certificate_path, init_ca

    out = Path(out)
    pem = ca_certificate_path(out)
    if pem == out:
        raise SigningError(
            Text(
                "CA 身份文件应以 .p12 结尾（其证书会写到同名的 .pem 文件中）",
                "the CA identity file should end in .p12 (its certificate goes to the .pem file of the same name)",
            ),
            str(out),
        )
    check_new_output(out)
    check_new_output(pem)
    ca = init_ca(out, name=name, password=password, key_size=key_size or _identity.KEY_SIZE)
    try:
        write_new_file(pem, ca.certificate.public_bytes(serialization.Encoding.PEM), private=False)
    except BaseException:
        out.unlink(missing_ok=True)  # ours, made a moment ago: a CA without its certificate is half a CA
        raise
    return AgencyCa(p12=out, pem=pem, name=ca.name, fingerprint=ca.fingerprint)


def issue_certificate(
    ca_path: Path, ca_password: str, csr_path: Path, out_pem: Path, *, days: int, ctx: AppContext | None = None
) -> x509.Certificate:
    """The agency CA signs an assessor's request (see :func:`cityeval_desktop.signing.ca.issue`).

    With ``ctx``, a key whose certificate this CA revoked (its register in that database) is refused.
    """
    from cityeval_desktop.signing.ca import issue

    refuse_key = None
    if ctx is not None:
        from cityeval_desktop.services.revocation import revoked_key_problem

        refuse_key = revoked_key_problem(ctx)
    return issue(Path(ca_path), ca_password, Path(csr_path), Path(out_pem), days=days, refuse_key=refuse_key)


def describe_certificate(ctx: AppContext | None, path: Path, certificate_pem: str) -> IdentityInfo:
    """Describe an identity from the certificate PEM remembered for it (no password needed).

    Raises:
        InputError: The remembered text is not a certificate.
    """
    data = certificate_pem.encode("ascii", "replace")[:_MAX_PEM]
    try:
        certs = x509.load_pem_x509_certificates(data)
    except ValueError:
        raise InputError.one(
            Text(
                "记住的证书信息已损坏；请用密码重新打开该身份文件",
                "the remembered certificate is damaged; open the identity file again with its password",
            ),
            str(path),
        ) from None
    return _info(ctx, Path(path), certs[0], tuple(certs[1:]))


def make_csr(identity_path: Path, password: str, out: Path) -> Path:
    """Write a certificate signing request (PEM) for the identity, to be issued by the agency CA.

    Raises:
        SigningError: The identity cannot be opened or the request cannot be written.
    """
    _identity.make_csr(Path(identity_path), password, Path(out))
    return Path(out)


def install_certificate(ctx: AppContext | None, identity_path: Path, password: str, cert_pem: Path) -> IdentityInfo:
    """Install the issued certificate and its CA chain into the identity (checked first, file left as is on error).

    Raises:
        SigningError: The certificate is not for this key, the chain is missing or wrong, a certificate is out of
            its validity, or it may not sign.
    """
    installed = _identity.install_certificate(Path(identity_path), password, Path(cert_pem))
    return _info(ctx, Path(identity_path), installed.certificate, installed.chain)


def export_certificate(ctx: AppContext | None, identity_path: Path, password: str, out: Path) -> IdentityInfo:
    """Write the identity's certificate and issuer chain (PEM, public) to a new file, e.g. for the trust store.

    Raises:
        SigningError: The identity cannot be opened, or ``out`` exists or cannot be written.
    """
    from cityeval_desktop.signing._util import check_new_output

    out = Path(out)
    check_new_output(out)
    info = open_identity(ctx, identity_path, password)
    write_new_file(out, info.certificate_pem.encode("ascii"), private=False)
    return info


def identity_folder(ctx: AppContext) -> Path:
    """The data folder's ``identities`` folder, the suggested place for new identities (created when missing)."""
    folder = ctx.data_dir / "identities"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return ctx.data_dir
    return folder
