"""Revocation as the agency runs it: a CA revokes and publishes lists, the trust store keeps them, verifiers ask.

- ``ca revoke`` (:func:`revoke_certificate`) records the revocation in the CA's register and, when this
  database trusts the CA, publishes a fresh list into its own trust store at once (the agency is usually
  its own verifier).
- ``ca crl`` (:func:`write_crl`) writes the CA's list of everything in its register.
- ``trust add`` of a list (:func:`add_revocation_list`) keeps it when a trusted CA signed it and it is not
  older than the one already kept for that CA (an older one is refused, nothing changes).
- Verifiers (``verify-pdf``, package verify and import) call :func:`revocation_problem`: a signature
  made at or after its signer's revocation, or at an unknown time, is not accepted; one made before
  stays valid. A list past its nextUpdate still counts; :func:`stale_revocation_note` words the warning.

Every change is one transaction with its entry on the system audit chain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityeval_desktop.domain.text import Text
from cityeval_desktop.services.context import AppContext, retry_conflicts
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.signing._util import (
    check_new_output,
    display_name,
    fingerprint,
    format_utc,
    is_ca,
    issued_by,
    self_signed,
    utcnow,
    write_new_file,
)
from cityeval_desktop.signing.ca import RevokedEntry, certificate_to_revoke, load_ca, make_crl, public_key_sha256
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import Identity
from cityeval_desktop.signing.revocation import (
    CLOCK_SKEW,
    REASONS,
    Revoked,
    crl_number,
    crl_sha256,
    crl_signed_by,
    load_crl,
    parse_crl,
    reason_text,
    revocation_of,
    revoked_count,
)
from cityeval_desktop.signing.revocation import stale_revocation_note as _stale_note
from cityeval_desktop.signing.trust import stored_certificate
from cityeval_desktop.store import audit, locks, revocation_rows, trust_rows
from cityeval_desktop.store.models import CaRevocation, RevocationList

__all__ = [
    "DEFAULT_CRL_DAYS",
    "MAX_CRL_DAYS",
    "REASON_NAMES",
    "CrlAdded",
    "CrlEntry",
    "CrlWritten",
    "RevocationIndex",
    "RevokeOutcome",
    "Revoked",
    "add_revocation_list",
    "list_revocation_lists",
    "load_revocation_index",
    "reason_words",
    "revocation_problem",
    "revoke_certificate",
    "stale_revocation_note",
    "write_crl",
]

#: ``ca revoke --reason`` names (RFC 5280), ``unspecified`` first (the default).
REASON_NAMES: tuple[str, ...] = tuple(REASONS)
DEFAULT_CRL_DAYS = 30
MAX_CRL_DAYS = 366
CA_REVOKE = "ca.revoke"
CA_CRL = revocation_rows.CA_CRL
TRUST_ADD_CRL = "trust.add_crl"
_MAX_PATH = 16
_BUSY = Text("另一个程序正在修改数据库，请重试", "another program is changing the database; try again")


@dataclass(frozen=True)
class CrlEntry:
    """A revocation list in the trust store, as ``trust list`` shows it."""

    sha256: str
    issuer: str
    issuer_fingerprint: str
    crl_number: int | None
    this_update: datetime
    next_update: datetime | None
    revoked: int
    added_at: datetime
    #: the newest list of its CA, the one verification uses (older ones are kept as history)
    current: bool


@dataclass(frozen=True)
class CrlAdded:
    """What ``trust add`` of a list did."""

    entry: CrlEntry
    #: the very same list was stored already (nothing changed)
    already: bool
    #: a warning when the list is past its nextUpdate (it is kept and used all the same)
    note: Text | None
    #: imported revisions this list showed to be signed after a revocation (now marked unverified)
    distrusted: tuple[str, ...] = ()


@dataclass(frozen=True)
class RevokeOutcome:
    """What ``ca revoke`` did."""

    #: the certificate's name (CN) and whole subject
    name: str
    subject: str
    serial: str
    fingerprint: str
    revoked_at: datetime
    reason: str
    #: the register had it already (``revoked_at``/``reason`` are the first revocation's)
    already: bool
    #: this database trusts the CA, so its revocations apply here
    ca_trusted: bool
    #: the fresh list added to this database's trust store, or None (CA not trusted, or nothing new)
    published: CrlEntry | None
    #: imported revisions the fresh list showed to be signed after a revocation (now marked unverified)
    distrusted: tuple[str, ...] = ()


@dataclass(frozen=True)
class CrlWritten:
    """What ``ca crl`` wrote."""

    path: Path
    crl_number: int
    this_update: datetime
    next_update: datetime
    revoked: int
    #: the same list was also added to this database's trust store (the CA is trusted here)
    published: CrlEntry | None


# ============================================================================= the CA's side
def revoke_certificate(
    ctx: AppContext, ca_path: Path, ca_password: str, cert_path: Path, *, reason: str = "unspecified"
) -> RevokeOutcome:
    """Revoke a certificate the CA issued: one audited transaction (``ca.revoke`` on the system chain).

    Revoking the same certificate again changes nothing and says when it was revoked. When this
    database trusts the CA certificate, the CA's fresh list is added to the trust store in the same
    transaction (``ca.crl`` + ``trust.add_crl``), so verification here refuses the signer at once.

    Args:
        ctx: The application context (the CA's register lives in its database).
        ca_path: The CA's ``.p12`` (made by ``ca init``).
        ca_password: Its password.
        cert_path: The certificate to revoke (PEM or DER; the first certificate of the file).
        reason: One of :data:`REASON_NAMES`.

    Raises:
        InputError: An unknown reason.
        SigningError: The CA cannot be opened or is not a CA; the file holds no certificate, the CA's own,
            or one another CA issued.
    """
    _check_reason(reason)
    ca = load_ca(Path(ca_path), ca_password)
    cert = certificate_to_revoke(ca, Path(cert_path))
    outcome = _record_revocation(ctx, ca, cert, reason)
    return replace(outcome, distrusted=recheck_imports(ctx)) if outcome.ca_trusted else outcome


@retry_conflicts
def _record_revocation(ctx: AppContext, ca: Identity, cert: x509.Certificate, reason: str) -> RevokeOutcome:
    ca_fp, serial = fingerprint(ca.certificate), format(cert.serial_number, "x")
    with ctx.transaction(busy=_BUSY) as s:
        locks.lock_chain(s, audit.SYSTEM_CHAIN)  # the CA's register and the trust store: one writer (a server)
        row = revocation_rows.register_entry(s, ca_fp, serial)
        already = row is not None
        if row is None:
            row = CaRevocation(
                ca_fingerprint=ca_fp,
                serial=serial,
                cert_fingerprint=fingerprint(cert),
                subject=cert.subject.rfc4514_string()[:500],
                revoked_at=utcnow().replace(microsecond=0),  # a list carries whole seconds
                reason=reason,
                actor=ctx.actor,
                key_sha256=public_key_sha256(cert.public_key()),
            )
            s.add(row)
            audit.append(
                s,
                chain=audit.SYSTEM_CHAIN,
                actor=ctx.actor,
                action=CA_REVOKE,
                target=row.cert_fingerprint,
                new={
                    "ca": ca.certificate.subject.rfc4514_string(),
                    "ca_fingerprint": ca_fp,
                    "serial": serial,
                    "subject": row.subject,
                    "reason": reason,
                    "revoked_at": row.revoked_at.isoformat(),
                },
            )
        trusted = trust_rows.by_fingerprint(s, ca_fp) is not None
        published = None
        if trusted and (not already or not _current_list_has(s, ca, cert.serial_number)):
            crl = _sign_list(s, ctx, ca, utcnow(), DEFAULT_CRL_DAYS)
            published = _store_list(s, ctx, crl, ca.certificate, source="ca revoke")
        return RevokeOutcome(
            name=display_name(cert.subject),
            subject=row.subject,
            serial=serial,
            fingerprint=row.cert_fingerprint,
            revoked_at=row.revoked_at,
            reason=row.reason,
            already=already,
            ca_trusted=trusted,
            published=published,
        )


def _current_list_has(s: Session, ca: Identity, serial: int) -> bool:
    """True when the newest list stored for the CA lists ``serial`` already (then nothing needs publishing)."""
    newest = _newest_row(revocation_rows.lists_of(s, [fingerprint(ca.certificate)]))
    if newest is None:
        return False
    return _parse_stored(newest).get_revoked_certificate_by_serial_number(serial) is not None


def write_crl(
    ctx: AppContext, ca_path: Path, ca_password: str, out: Path, *, days: int = DEFAULT_CRL_DAYS
) -> CrlWritten:
    """Write the CA's revocation list (PEM): everything in its register, a new CRL number, valid ``days``.

    The list is recorded (``ca.crl`` on the system chain, so numbers keep increasing) and, when this
    database trusts the CA, also added to its trust store, in one transaction; the file is written after
    it commits (a failed write only skips a number). ``out`` is never overwritten.

    Raises:
        InputError: ``days`` outside 1..366.
        SigningError: The CA cannot be opened or is not a CA; ``out`` exists, or its folder is missing, or it
            cannot be written.
    """
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_CRL_DAYS:
        raise InputError.one(
            Text(
                f"有效天数应为 1 到 {MAX_CRL_DAYS} 之间的整数",
                f"the number of days must be a whole number from 1 to {MAX_CRL_DAYS}",
            ),
            str(days),
        )
    out = Path(out)
    check_new_output(out)
    ca = load_ca(Path(ca_path), ca_password)
    crl, published = _publish(ctx, ca, days)
    write_new_file(out, crl.public_bytes(serialization.Encoding.PEM), private=False)
    number = crl_number(crl)
    return CrlWritten(
        path=out,
        crl_number=number if number is not None else 0,
        this_update=crl.last_update_utc,
        next_update=crl.next_update_utc or crl.last_update_utc,
        revoked=revoked_count(crl),
        published=published,
    )


@retry_conflicts
def _publish(ctx: AppContext, ca: Identity, days: int) -> tuple[x509.CertificateRevocationList, CrlEntry | None]:
    with ctx.transaction(busy=_BUSY) as s:
        locks.lock_chain(s, audit.SYSTEM_CHAIN)  # the list's number is read and written by one writer (a server)
        crl = _sign_list(s, ctx, ca, utcnow(), days)
        published = None
        if trust_rows.by_fingerprint(s, fingerprint(ca.certificate)) is not None:
            published = _store_list(s, ctx, crl, ca.certificate, source="ca crl")
        return crl, published


def _sign_list(s: Session, ctx: AppContext, ca: Identity, now: datetime, days: int) -> x509.CertificateRevocationList:
    """A new list of the CA's whole register, numbered one above any list known for it, audited as ``ca.crl``."""
    ca_fp = fingerprint(ca.certificate)
    number = revocation_rows.highest_crl_number(s, ca_fp) + 1
    entries = [RevokedEntry(int(r.serial, 16), r.revoked_at, r.reason) for r in revocation_rows.register(s, ca_fp)]
    this_update = now.replace(microsecond=0)
    crl = make_crl(ca, entries, number=number, this_update=this_update, next_update=this_update + timedelta(days=days))
    audit.append(
        s,
        chain=audit.SYSTEM_CHAIN,
        actor=ctx.actor,
        action=CA_CRL,
        target=ca_fp,
        new={
            "crl_number": number,
            "this_update": crl.last_update_utc.isoformat(),
            "next_update": crl.next_update_utc.isoformat() if crl.next_update_utc else None,
            "revoked": len(entries),
            "sha256": crl_sha256(crl),
        },
    )
    return crl


# ============================================================================= the trust store's side
def add_revocation_list(ctx: AppContext, path: Path) -> CrlAdded:
    """Keep a CRL file (PEM or DER) in the trust store: one audited transaction (``trust.add_crl``).

    The list must be signed by a CA certificate already in the trust list. A list older than the one
    kept for that CA (a lower CRL number, or an earlier thisUpdate) is refused and nothing changes; the
    same list again changes nothing. A list past its nextUpdate is kept, with a warning in ``note``.

    Raises:
        SigningError: The file is missing, not a regular file, too large, not a CRL or damaged.
        InputError: No trusted CA signed it; it is older than the kept one, or claims a time in the future.
    """
    path = Path(path)
    where = str(path)
    crl = load_crl(path)
    if crl.last_update_utc > utcnow() + CLOCK_SKEW:
        raise InputError.one(
            Text(
                f"该吊销列表的发布时间 {format_utc(crl.last_update_utc)} 晚于现在，未加入；请核对本机日期，"
                "或向签发它的证书机构确认",
                f"this revocation list says it was issued on {format_utc(crl.last_update_utc)}, which is in the "
                "future; it was not added. Check this computer's date, or ask the CA that issued it",
            ),
            where,
        )
    added = _add_list(ctx, crl, where)
    return added if added.already else replace(added, distrusted=recheck_imports(ctx))


@retry_conflicts
def _add_list(ctx: AppContext, crl: x509.CertificateRevocationList, where: str) -> CrlAdded:
    with ctx.transaction(busy=_BUSY) as s:
        locks.lock_chain(s, audit.SYSTEM_CHAIN)  # the trust store has one writer at a time (a server)
        issuer = _trusted_issuer(s, crl, where)
        existing = revocation_rows.by_sha256(s, crl_sha256(crl))
        if existing is not None:
            return CrlAdded(_entry(existing, _current_ids(s)), already=True, note=None)
        _refuse_older(s, crl, issuer, where)
        entry = _store_list(s, ctx, crl, issuer, source=where)
    return CrlAdded(entry, already=False, note=_stale_note(crl, display_name(issuer.subject)))


def _trusted_issuer(s: Session, crl: x509.CertificateRevocationList, where: str) -> x509.Certificate:
    """The trusted CA certificate that signed the list; refused when there is none."""
    named: list[x509.Certificate] = []
    for fp, pem in trust_rows.stored_pems(s):
        cert = stored_certificate(pem, fp)
        if cert is None or not is_ca(cert) or cert.subject != crl.issuer:
            continue
        named.append(cert)
        if crl_signed_by(crl, cert):
            return cert
    issuer = display_name(crl.issuer)
    if named:
        raise InputError.one(
            Text(
                f"该吊销列表自称由“{issuer}”签发，但签名与信任列表中该证书机构的证书不符（文件被改动或是伪造的），未加入",
                f"this revocation list claims to come from “{issuer}”, but its signature does not match that CA's "
                "certificate in the trust list (the file was altered or forged); it was not added",
            ),
            where,
        )
    raise InputError.one(
        Text(
            f"签发该吊销列表的证书机构“{issuer}”不在信任列表中，未加入；请先把签发它的证书机构的证书加入信任列表",
            f"the CA that issued this revocation list, “{issuer}”, is not in the trust list; it was not added. "
            "Add the CA that issued it first (trust add with its CA certificate)",
        ),
        where,
    )


def _refuse_older(s: Session, crl: x509.CertificateRevocationList, issuer: x509.Certificate, where: str) -> None:
    newest = _newest_row(revocation_rows.lists_of(s, [fingerprint(issuer)]))
    if newest is None:
        return
    kept_number = revocation_rows.number_of(newest)
    number = crl_number(crl)
    older = (
        kept_number is not None and (number is None or number <= kept_number)
    ) or crl.last_update_utc < newest.this_update
    if not older:
        return
    kept = f"{kept_number}" if kept_number is not None else "-"
    raise InputError.one(
        Text(
            f"该吊销列表（编号 {number if number is not None else '无'}，发布于 {format_utc(crl.last_update_utc)}）"
            f"不比已保存的列表（编号 {kept}，发布于 {format_utc(newest.this_update)}）新，未加入；"
            "已保存的列表继续有效。请使用证书机构最新发布的吊销列表",
            f"this revocation list (number {number if number is not None else 'none'}, issued "
            f"{format_utc(crl.last_update_utc)}) is not newer than the one kept (number {kept}, issued "
            f"{format_utc(newest.this_update)}); it was not added and the kept list still applies. Use the CA's "
            "latest list",
        ),
        where,
    )


def _store_list(
    s: Session, ctx: AppContext, crl: x509.CertificateRevocationList, issuer: x509.Certificate, *, source: str
) -> CrlEntry:
    number = crl_number(crl)
    row = RevocationList(
        sha256=crl_sha256(crl),
        issuer_fingerprint=fingerprint(issuer),
        issuer=crl.issuer.rfc4514_string()[:500],
        crl_number=str(number) if number is not None else None,
        this_update=crl.last_update_utc,
        next_update=crl.next_update_utc,
        der=crl.public_bytes(serialization.Encoding.DER),
        added_at=utcnow(),
        added_by=ctx.actor,
    )
    s.add(row)
    audit.append(
        s,
        chain=audit.SYSTEM_CHAIN,
        actor=ctx.actor,
        action=TRUST_ADD_CRL,
        target=row.sha256,
        new={
            "issuer": row.issuer,
            "issuer_fingerprint": row.issuer_fingerprint,
            "crl_number": row.crl_number,
            "this_update": row.this_update.isoformat(),
            "next_update": row.next_update.isoformat() if row.next_update else None,
            "revoked": revoked_count(crl),
            "source": source[:500],
        },
    )
    s.flush()
    return _entry(row, _current_ids(s))


def list_revocation_lists(ctx: AppContext) -> list[CrlEntry]:
    """The lists in the trust store, oldest first; ``current`` marks the one used for each CA."""
    with ctx.reading() as s:
        current = _current_ids(s)
        return [_entry(r, current) for r in revocation_rows.all_lists(s)]


def _entry(row: RevocationList, current: set[int]) -> CrlEntry:
    try:
        count = revoked_count(_parse_stored(row))
    except SigningError:
        count = -1
    return CrlEntry(
        sha256=row.sha256,
        issuer=row.issuer,
        issuer_fingerprint=row.issuer_fingerprint,
        crl_number=revocation_rows.number_of(row),
        this_update=row.this_update,
        next_update=row.next_update,
        revoked=count,
        added_at=row.added_at,
        current=row.id in current,
    )


def _newest_row(rows: Iterable[RevocationList]) -> RevocationList | None:
    rows = list(rows)
    if not rows:
        return None
    return max(rows, key=lambda r: (_number_or_minus(r), r.this_update, r.id or 0))


def _number_or_minus(row: RevocationList) -> int:
    number = revocation_rows.number_of(row)
    return -1 if number is None else number


def _current_ids(s: Session) -> set[int]:
    by_issuer: dict[str, list[RevocationList]] = {}
    for row in revocation_rows.all_lists(s):
        by_issuer.setdefault(row.issuer_fingerprint, []).append(row)
    return {newest.id for newest in (_newest_row(rows) for rows in by_issuer.values()) if newest is not None}


def _parse_stored(row: RevocationList) -> x509.CertificateRevocationList:
    """A stored list, refused (fail closed) when it no longer parses or matches its sha256."""
    damaged = SigningError(
        Text(
            f"信任列表中的吊销列表 {row.sha256[:16]} 已损坏或被改动；请运行数据库检查，"
            "并重新加入证书机构发布的吊销列表",
            f"the revocation list {row.sha256[:16]} in the trust list is damaged or was altered; run the database "
            "check and add the CA's published list again",
        ),
        "trust list",
    )
    try:
        crl = parse_crl(bytes(row.der), "trust list")
    except SigningError:
        raise damaged from None
    if crl_sha256(crl) != row.sha256:
        raise damaged
    return crl


def reason_words(reason: str) -> Text:
    """How a message words an RFC 5280 reason name (``keyCompromise`` → 私钥泄露 / key compromise)."""
    return reason_text(reason)


def _check_reason(reason: str) -> None:
    if reason not in REASONS:
        raise InputError.one(
            Text(
                f"未知的吊销原因；可选：{'、'.join(t.zh for t in REASONS.values())}",
                f"unknown revocation reason; choose one of {', '.join(REASON_NAMES)}",
            ),
            str(reason)[:60],
        )


# ============================================================================= the verifiers' side
@dataclass(frozen=True)
class RevocationIndex:
    """The trusted certificates and the current list of each CA, read once for many checks (an import batch)."""

    certificates: tuple[x509.Certificate, ...]
    crls: tuple[x509.CertificateRevocationList, ...]

    def __reduce__(self) -> tuple[Any, ...]:
        """Picklable (sent to the import's worker processes): certificates and lists travel as DER."""
        der = serialization.Encoding.DER
        return (
            _index_from_der,
            (tuple(c.public_bytes(der) for c in self.certificates), tuple(c.public_bytes(der) for c in self.crls)),
        )

    def revocations(
        self, signer: x509.Certificate, chain: list[x509.Certificate]
    ) -> list[tuple[x509.Certificate, x509.Certificate, Revoked]]:
        """(certificate, its issuer, revocation) for each certificate on the signer's path that is revoked."""
        pool = [*self.certificates, *chain]
        found: list[tuple[x509.Certificate, x509.Certificate, Revoked]] = []
        current = signer
        for _ in range(_MAX_PATH):
            if self_signed(current):
                break
            issuers = [c for c in pool if c != current and issued_by(current, c)]
            if not issuers:
                break
            for issuer in issuers:
                revoked = revocation_of(current, issuer, list(self.crls))
                if revoked is not None:
                    found.append((current, issuer, revoked))
                    break
            current = issuers[0]
        return found

    def problem(
        self, signer: x509.Certificate, chain: list[x509.Certificate], signed_at: datetime | None
    ) -> Text | None:
        """Why the signature is not accepted: a certificate on its path was revoked at or before ``signed_at``.

        None when nothing on the path is revoked, or only after ``signed_at`` (a signature made before a
        revocation stays valid). An unknown ``signed_at`` with a revocation is not accepted.
        """
        if signed_at is not None and signed_at.tzinfo is None:
            signed_at = signed_at.replace(tzinfo=UTC)
        for cert, _issuer, revoked in self.revocations(signer, chain):
            if signed_at is not None and signed_at < revoked.revoked_at:
                continue
            return _revoked_text(cert is signer, cert, revoked, signed_at)
        return None

    def stale_note(
        self, signer: x509.Certificate, chain: list[x509.Certificate], now: datetime | None = None
    ) -> Text | None:
        """A warning when the current list of the signer's CA is past its nextUpdate (it still counts)."""
        pool = [*self.certificates, *chain]
        issuers = [c for c in pool if c != signer and issued_by(signer, c)]
        for issuer in issuers:
            mine = [c for c in self.crls if crl_signed_by(c, issuer)]
            if mine:
                newest = max(mine, key=lambda c: (crl_number(c) or -1, c.last_update_utc))
                return _stale_note(newest, display_name(issuer.subject), now)
        return None


def _revoked_text(is_signer: bool, cert: x509.Certificate, revoked: Revoked, signed_at: datetime | None) -> Text:
    who = display_name(cert.subject)
    subject = (
        Text(f"签署人的证书（{who}）", f"the signer's certificate ({who})")
        if is_signer
        else Text(f"签署人证书链中的证书机构证书（{who}）", f"the CA certificate ({who}) on the signer's chain")
    )
    when, why = _to_the_second(revoked.revoked_at), reason_text(revoked.reason)
    if signed_at is None:
        after = Text(
            "此签名未注明可信的签署时间，无法证明签于吊销之前",
            "the signature states no signing time, so it cannot be shown to predate the revocation",
        )
    else:
        signed = _to_the_second(signed_at)
        after = Text(
            f"此签名是在吊销之后作出的（签署时间 {signed}）",
            f"this signature was made after the revocation (signed {signed})",
        )
    return Text(
        f"{subject.zh}已于 {when} 被“{revoked.issuer}”吊销（原因：{why.zh}），{after.zh}；不予接受",
        f"{subject.en} was revoked by “{revoked.issuer}” on {when} (reason: {why.en}); {after.en}: not accepted",
    )


def _to_the_second(moment: datetime) -> str:
    """``YYYY-MM-DD HH:MM:SS UTC``: a signature and a revocation often fall in the same minute."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _index_from_der(certificates: tuple[bytes, ...], crls: tuple[bytes, ...]) -> RevocationIndex:
    return RevocationIndex(
        tuple(x509.load_der_x509_certificate(d) for d in certificates),
        tuple(x509.load_der_x509_crl(d) for d in crls),
    )


def load_revocation_index(ctx: AppContext, extra_certificates: Iterable[x509.Certificate] = ()) -> RevocationIndex:
    """The trust store's certificates (plus ``extra_certificates``) and each CA's current list.

    Raises:
        SigningError: A stored certificate or list is damaged (verification fails closed).
    """
    from cityeval_desktop.services.trust_store import trusted_certificates

    certs = [*trusted_certificates(ctx), *extra_certificates]
    with ctx.reading() as s:
        current = _current_ids(s)
        rows = [r for r in revocation_rows.all_lists(s) if r.id in current]
        crls = [_parse_stored(r) for r in rows]
    return RevocationIndex(tuple(certs), tuple(crls))


def revocation_problem(
    ctx: AppContext, signer: x509.Certificate, chain: list[x509.Certificate], signed_at: datetime | None
) -> Text | None:
    """Why a signature is not accepted because of a revocation, or None.

    The signer's issuer is looked for among ``chain`` (the certificates the signature carries) and the
    trusted certificates; its current stored list decides. Revoked at or before ``signed_at`` (or revoked
    and ``signed_at`` unknown): a Text saying who revoked it when and why. Not revoked, or revoked only
    after ``signed_at``: None (a signature made before a revocation stays valid). For many signatures,
    read the store once with :func:`load_revocation_index` and call its ``problem``.

    Args:
        ctx: The application context (its trust store and lists).
        signer: The signer's certificate.
        chain: The other certificates the signature carries.
        signed_at: When it was signed (aware), or None when unknown.

    Raises:
        SigningError: A stored certificate or list is damaged.
    """
    return load_revocation_index(ctx, chain).problem(signer, chain, signed_at)


def stale_revocation_note(
    ctx: AppContext, signer: x509.Certificate, chain: list[x509.Certificate], *, now: datetime | None = None
) -> Text | None:
    """A warning (not a refusal) when the current list of the signer's CA is past its nextUpdate, else None."""
    return load_revocation_index(ctx, chain).stale_note(signer, chain, now)


def refuse_revoked_signer(ctx: AppContext, identity: Identity) -> None:
    """Refuse to sign with an identity whose certificate this database knows to be revoked.

    What it would sign would be refused by every verifier holding the list, so finalize, reports and
    export say so first, with what to do.

    Raises:
        SigningError: The certificate (or a CA above it) is on a revocation list of the trust store.
    """
    chain = list(identity.chain)
    found = load_revocation_index(ctx, chain).revocations(identity.certificate, chain)
    if not found:
        return
    cert, _issuer, revoked = found[0]
    who = display_name(cert.subject)
    when, why = _to_the_second(revoked.revoked_at), reason_text(revoked.reason)
    raise SigningError(
        Text(
            f"该身份的证书（{who}）已于 {when} 被“{revoked.issuer}”吊销（原因：{why.zh}），不能再用于签署："
            "签署的文件不会被接受；请向机构申请新的证书",
            f"this identity's certificate ({who}) was revoked by “{revoked.issuer}” on {when} (reason: {why.en}) "
            "and can no longer sign: what it signs would not be accepted. Ask the agency for a new certificate",
        ),
        str(identity.path or identity.name),
    )


def revoked_key_problem(ctx: AppContext) -> Callable[[str, x509.Certificate], Text | None]:
    """For ``ca issue``: why a request's key must not be certified by this CA again (it holds a
    certificate the CA revoked; after a key compromise, anyone may hold it), or None."""

    def problem(key_sha256: str, ca_certificate: x509.Certificate) -> Text | None:
        with ctx.reading() as s:
            row = s.scalars(
                select(CaRevocation).where(
                    CaRevocation.ca_fingerprint == fingerprint(ca_certificate), CaRevocation.key_sha256 == key_sha256
                )
            ).first()
        if row is None:
            return None
        words = reason_words(row.reason)
        return Text(
            f"该请求的密钥属于一张已于 {_to_the_second(row.revoked_at)} 吊销的证书（{row.subject}，原因：{words.zh}），"
            "不能再为它签发证书；请申请人新建身份（新密钥）后重新生成证书请求",
            f"the request's key belongs to a certificate revoked at {_to_the_second(row.revoked_at)} ({row.subject}, "
            f"reason: {words.en}); it is not certified again: the applicant makes a new identity (a new key) and a "
            "new request",
        )

    return problem


def recheck_imports(ctx: AppContext) -> tuple[str, ...]:
    """Check every imported revision still trusted against the revocation lists now stored.

    A revision whose package signer, or report signer, was revoked at or before it signed (a list
    that arrived after the import) is marked unverified with the reason, audited
    (``package.distrust`` on the system chain). Returns the ``uuid@revision`` of each revision marked.
    """
    from cityeval_desktop.services.package_import import distrust_imported, imported_to_recheck

    index = load_revocation_index(ctx)
    marked: list[str] = []
    for item in imported_to_recheck(ctx):
        problem = None
        for signer, chain, when in item.signers():
            problem = index.problem(signer, chain, when)
            if problem is not None:
                break
        if problem is not None and distrust_imported(ctx, item.case_id, problem):
            marked.append(item.ref)
    return tuple(marked)
