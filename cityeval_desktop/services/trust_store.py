"""The trust store as the command line and the workbench use it: list, add, remove (audited).

It holds certificates (CAs or individual signers) and the revocation lists (CRLs) of trusted CAs; a
list's own use cases (what may be added, what verification makes of it) are in ``services/revocation.py``.
Removing a CA removes its lists with it: they are only meaningful against that CA's certificate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509

from cityeval_desktop.domain.files import FileReadError, read_regular
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError, NotFoundError
from cityeval_desktop.signing._util import short_fingerprint
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import subject_uscc
from cityeval_desktop.signing.trust import facts, load_pem_certificates, stored_certificate
from cityeval_desktop.store import audit, locks, revocation_rows, trust_rows
from cityeval_desktop.store.models import TrustedCertificate, utcnow
from cityeval_desktop.store.trust_rows import TrustEntry

if TYPE_CHECKING:
    from cityeval_desktop.services.revocation import CrlAdded

__all__ = [
    "TRUST_REMOVE",
    "NamesakeCaError",
    "TrustAddition",
    "TrustEntry",
    "TrustRemoval",
    "add_trust_file",
    "add_trusted",
    "find_trusted",
    "list_trusted",
    "remove_from_trust",
    "remove_trusted",
    "trusted_certificates",
]

TRUST_ADD = "trust.add"
TRUST_REPAIR = "trust.repair"
TRUST_REMOVE = "trust.remove"
TRUST_REMOVE_CRL = "trust.remove_crl"
MIN_PREFIX = 8
_HEX = re.compile(r"^[0-9a-f]+$")
#: Certificate and list files are small; a bigger one is refused by the readers with their own words.
_MAX_TRUST_FILE = 16 * 1024 * 1024


@dataclass(frozen=True)
class TrustAddition:
    """What ``trust add`` of one file did: the certificates it trusted, or the revocation list it kept."""

    certificates: list[TrustEntry]
    crl: CrlAdded | None = None


class NamesakeCaError(InputError):
    """``trust add`` of a CA whose name is a trusted CA's and whose key is not (refused unless confirmed).

    ``namesakes`` holds (the new certificate's subject, the trusted entry of the same name) pairs; nothing
    was stored.
    """

    def __init__(self, namesakes: list[tuple[str, TrustEntry]], where: str) -> None:
        problems = [
            DomainError(
                Text(
                    f"信任列表中已有同名的证书机构“{subject}”（指纹 {short_fingerprint(entry.fingerprint)}），"
                    "而这份证书的密钥与它不同，未加入信任列表。同名的证书机构无法凭名称区分：以同名机构名义签发的案例包和报告，"
                    "会因签发机构的密钥不符而被当作伪造拒绝。只有确知该机构更换了密钥（或确实另有一家同名机构）时才"
                    "加入，并确认“仍然加入”",
                    f"a CA of the same name, '{subject}', is trusted already (fingerprint "
                    f"{short_fingerprint(entry.fingerprint)}) and this certificate's key is another; it was not "
                    "trusted. CAs of one name cannot be told apart by it: packages and reports signed under a "
                    "namesake CA are refused as forged when the issuer's key does not match. Add it only if you "
                    "know the CA changed its key (or there really is a second CA of that name), and confirm "
                    "adding it anyway",
                ),
                where,
            )
            for subject, entry in namesakes
        ]
        super().__init__(problems)
        self.namesakes = namesakes


@dataclass(frozen=True)
class TrustRemoval:
    """A certificate no longer trusted, and how many revocation lists of it went with it."""

    entry: TrustEntry
    lists_removed: int


def list_trusted(ctx: AppContext) -> list[TrustEntry]:
    """The trust list, oldest entry first (``is_ca`` tells a CA from an individual certificate)."""
    with ctx.reading() as session:
        return [_with_uscc(trust_rows.entry(r), r.pem) for r in trust_rows.all_rows(session)]


def _with_uscc(entry: TrustEntry, pem: str) -> TrustEntry:
    """``entry`` with the organisation's USCC its certificate's subject carries (organizationIdentifier)."""
    cert = stored_certificate(pem, entry.fingerprint)
    uscc = subject_uscc(cert.subject) if cert is not None else None
    return replace(entry, uscc=uscc) if uscc else entry


def trusted_certificates(ctx: AppContext) -> list[x509.Certificate]:
    """The trusted certificates themselves, for signature verification, oldest entry first.

    Raises:
        SigningError: A stored certificate is damaged or no longer matches its fingerprint.
    """
    with ctx.reading() as session:
        stored = trust_rows.stored_pems(session)
    certs: list[x509.Certificate] = []
    for fp, pem in stored:
        cert = stored_certificate(pem, fp)
        if cert is None:
            raise SigningError(
                Text(
                    f"信任列表中的证书 {fp[:16]} 已损坏或被改动；"
                    "请运行数据库检查，并用原证书文件重新加入信任列表以修复",
                    f"the trusted certificate {fp[:16]} is damaged or was altered; run the database check and add "
                    "it to the trust list again from its original file to repair it",
                ),
                "trust list",
            )
        certs.append(cert)
    return certs


def add_trust_file(
    ctx: AppContext, path: Path, *, allow_expired: bool = False, allow_namesake: bool = False
) -> TrustAddition:
    """``trust add``: a certificate file (see :func:`add_trusted`) or a CA's revocation list (CRL, PEM or DER).

    A list must be signed by a CA already in the trust list and not be older than the one kept for it
    (see :func:`cityeval_desktop.services.revocation.add_revocation_list`).

    Raises:
        InputError: A certificate out of its validity (without ``allow_expired``); a list no trusted CA
            signed, or an older one.
        NamesakeCaError: A CA of a trusted CA's name with another key (without ``allow_namesake``).
        SigningError: The file cannot be read, or is neither certificates nor a list, or is damaged.
    """
    path = Path(path)
    if _is_crl(path):
        from cityeval_desktop.services.revocation import add_revocation_list

        return TrustAddition([], add_revocation_list(ctx, path))
    return TrustAddition(add_trusted(ctx, path, allow_expired=allow_expired, allow_namesake=allow_namesake))


def add_trusted(
    ctx: AppContext, pem_path: Path, *, allow_expired: bool = False, allow_namesake: bool = False
) -> list[TrustEntry]:
    """Trust every certificate of a PEM (or DER) file in one audited transaction.

    A certificate outside its validity (expired, or not valid yet) is refused unless ``allow_expired``:
    trusting one is only needed to check reports signed while it was valid, and should be a choice.
    A CA certificate whose subject is a trusted CA's but whose key is another is refused unless
    ``allow_namesake`` (:class:`NamesakeCaError`): under one name the two cannot be told apart, and a
    signer issued by the wrong one is refused as forged. The audit entry records a confirmed namesake.
    A revocation list is not a certificate: :func:`add_trust_file` takes both.

    Raises:
        InputError: The file is a certificate revocation list, or a certificate in it is expired or not
            valid yet (nothing is trusted then).
        NamesakeCaError: A namesake CA, not confirmed (nothing is trusted then).
        SigningError: The file cannot be read or holds no certificate.
    """
    pem_path = Path(pem_path)
    if _is_crl(pem_path):
        raise InputError.one(
            Text(
                "这是证书吊销列表（CRL），不是证书；请用“加入信任列表”添加它（它须由信任列表中的证书机构签发）",
                "this is a certificate revocation list (CRL), not a certificate; add it to the trust list as a "
                "list (it must be signed by a CA in the trust list)",
            ),
            str(pem_path),
        )
    if not allow_expired:
        _refuse_out_of_date(pem_path)
    return _add(ctx, pem_path, allow_namesake=allow_namesake)


def _namesakes(session: object, cert: x509.Certificate) -> list[TrustEntry]:
    """Trusted CAs with the subject of the CA certificate ``cert`` and another key (none for a signer's)."""
    from cityeval_desktop.signing._util import is_ca, same_public_key

    if not is_ca(cert):
        return []
    found = []
    for row in trust_rows.all_rows(session):  # type: ignore[arg-type]
        if not row.is_ca:
            continue
        stored = stored_certificate(row.pem, row.fingerprint)
        if stored is not None and stored.subject == cert.subject and not same_public_key(stored, cert):
            found.append(trust_rows.entry(row))
    return found


def _add(ctx: AppContext, pem_path: Path, *, allow_namesake: bool = False) -> list[TrustEntry]:
    """Trust every certificate in the file in one transaction; already trusted ones are kept as they are.

    Each newly trusted certificate is written to the ``system`` audit chain (``trust.add``); a stored
    copy that no longer matches its fingerprint is repaired from the file (``trust.repair``).
    Returns the entries of the file's certificates in file order, new and already present alike.
    """
    certs = load_pem_certificates(pem_path)
    entries: list[TrustEntry] = []
    seen: set[str] = set()
    refused: list[tuple[str, TrustEntry]] = []
    with ctx.transaction() as session:
        locks.lock_chain(session, audit.SYSTEM_CHAIN)  # the trust store has one writer at a time (a server)
        for cert in certs:
            stored = facts(cert)
            fp = stored["fingerprint"]
            if fp in seen:
                continue
            seen.add(fp)
            row = trust_rows.by_fingerprint(session, fp)
            if row is None:
                namesakes = _namesakes(session, cert)
                if namesakes and not allow_namesake:
                    refused.extend((stored["subject"], entry) for entry in namesakes)
                    continue
                row = TrustedCertificate(**stored, added_at=utcnow(), added_by=ctx.actor)
                session.add(row)
                audit.append(
                    session,
                    chain=audit.SYSTEM_CHAIN,
                    actor=ctx.actor,
                    action=TRUST_ADD,
                    target=fp,
                    new={
                        "subject": row.subject,
                        "issuer": row.issuer,
                        "is_ca": row.is_ca,
                        "source": str(pem_path),
                        # trusted although a CA of the same name with another key was (confirmed)
                        **({"namesake_of": [e.fingerprint for e in namesakes]} if namesakes else {}),
                    },
                )
            elif stored_certificate(row.pem, fp) is None:  # a damaged stored copy: the file's certificate repairs it
                audit.append(
                    session,
                    chain=audit.SYSTEM_CHAIN,
                    actor=ctx.actor,
                    action=TRUST_REPAIR,
                    target=fp,
                    new={"subject": row.subject, "source": str(pem_path)},
                )
                row.pem = stored["pem"]
            entries.append(trust_rows.entry(row))
        if refused:  # raised inside the transaction: nothing of the file is trusted
            raise NamesakeCaError(refused, str(pem_path))
    return entries


def _refuse_out_of_date(path: Path) -> None:
    from cityeval_desktop.signing._util import display_name
    from cityeval_desktop.signing._util import utcnow as now_utc

    now = now_utc()
    problems: list[DomainError] = []
    for cert in load_pem_certificates(path):
        start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
        who, span = display_name(cert.subject), f"{start:%Y-%m-%d} — {end:%Y-%m-%d}"
        if end < now:
            problems.append(
                DomainError(
                    Text(
                        f"证书“{who}”已于 {end:%Y-%m-%d} 过期（有效期 {span}），未加入信任列表；"
                        "只有为核验它有效期内签署的报告，才需要信任过期证书",
                        f"the certificate “{who}” expired on {end:%Y-%m-%d} (valid {span}); it was not trusted. "
                        "An expired certificate is needed only to check reports signed while it was valid "
                        "(the command line's --allow-expired)",
                    ),
                    str(path),
                )
            )
        elif start > now:
            problems.append(
                DomainError(
                    Text(
                        f"证书“{who}”要到 {start:%Y-%m-%d} 才生效（有效期 {span}），未加入信任列表；"
                        "请核对本机日期，或向签发机构确认",
                        f"the certificate “{who}” is not valid before {start:%Y-%m-%d} (valid {span}); it was not "
                        "trusted. Check this computer's date, or ask the issuer",
                    ),
                    str(path),
                )
            )
    if problems:
        raise InputError(problems)


def _is_crl(path: Path) -> bool:
    """True when the file is (or is named as) a revocation list; unreadable files are left to the readers.

    A damaged DER list cannot be told from other bytes, so a ``.crl`` name decides: its problem is then
    worded as a list's, not as a certificate's.
    """
    from cityeval_desktop.signing.revocation import looks_like_crl

    if path.suffix.lower() == ".crl":
        return True
    try:
        data = read_regular(path, _MAX_TRUST_FILE)
    except FileReadError:
        return False
    return looks_like_crl(data)


def _normalise(fingerprint: str) -> str:
    return fingerprint.strip().lower().replace(":", "").replace(" ", "")


def find_trusted(ctx: AppContext, fingerprint: str) -> TrustEntry:
    """The entry whose fingerprint is ``fingerprint`` or starts with it (≥ 8 hex digits, colons allowed).

    Raises:
        InputError: Not a fingerprint, or a prefix that fits several entries.
        NotFoundError: No trusted certificate has that fingerprint.
    """
    wanted = _normalise(fingerprint)
    if not _HEX.match(wanted) or len(wanted) < MIN_PREFIX or len(wanted) > 64:
        raise InputError.one(
            Text(
                f"应为证书指纹（至少 {MIN_PREFIX} 位十六进制数字）",
                f"expected a certificate fingerprint (at least {MIN_PREFIX} hex digits)",
            ),
            fingerprint,
        )
    matches = [e for e in list_trusted(ctx) if e.fingerprint.startswith(wanted)]
    if not matches:
        raise NotFoundError.one(
            Text("信任列表中没有该指纹的证书", "no trusted certificate has this fingerprint"), fingerprint
        )
    if len(matches) > 1:
        raise InputError.one(
            Text(
                f"该指纹前缀对应 {len(matches)} 个证书，请输入更长的指纹",
                f"this prefix fits {len(matches)} certificates; give more of the fingerprint",
            ),
            fingerprint,
        )
    return matches[0]


def remove_trusted(ctx: AppContext, fingerprint: str) -> TrustEntry:
    """Stop trusting one certificate (and drop its revocation lists); see :func:`remove_from_trust`."""
    return remove_from_trust(ctx, fingerprint).entry


def remove_from_trust(ctx: AppContext, fingerprint: str) -> TrustRemoval:
    """Stop trusting one certificate: delete it, and the revocation lists it signed, in one audited transaction.

    ``trust.remove`` (and one ``trust.remove_crl`` per list) go to the system audit chain. The lists go
    too because they are only checked against that CA's certificate: trusting the CA again means adding
    its current list again.

    Args:
        ctx: The application context.
        fingerprint: The full sha256 fingerprint or a unique prefix of it.

    Returns:
        The removed entry and how many lists were removed with it.

    Raises:
        InputError: A bad or ambiguous fingerprint.
        NotFoundError: No such trusted certificate.
    """
    entry = find_trusted(ctx, fingerprint)
    with ctx.transaction() as s:
        locks.lock_chain(s, audit.SYSTEM_CHAIN)  # the trust store has one writer at a time (a server)
        row = trust_rows.by_fingerprint(s, entry.fingerprint)
        if row is None:  # removed meanwhile by another program
            raise NotFoundError.one(
                Text("信任列表中没有该指纹的证书", "no trusted certificate has this fingerprint"), fingerprint
            )
        lists = revocation_rows.lists_of(s, [row.fingerprint])
        audit.append(
            s,
            chain=audit.SYSTEM_CHAIN,
            actor=ctx.actor,
            action=TRUST_REMOVE,
            target=row.fingerprint,
            old={"subject": row.subject, "issuer": row.issuer, "is_ca": row.is_ca},
        )
        for crl in lists:
            audit.append(
                s,
                chain=audit.SYSTEM_CHAIN,
                actor=ctx.actor,
                action=TRUST_REMOVE_CRL,
                target=crl.sha256,
                old={"issuer": crl.issuer, "issuer_fingerprint": crl.issuer_fingerprint, "crl_number": crl.crl_number},
            )
            s.delete(crl)
        s.delete(row)
    return TrustRemoval(entry, len(lists))
