"""Revocation as the agency runs it, through the services: ca revoke, ca crl, trust add of a list, verifiers' check."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy import func, select

from cityeval_desktop.domain.text import Text
from cityeval_desktop.services import identities, revocation, signatures, trust_store
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.signing._util import utcnow
from cityeval_desktop.signing.ca import RevokedEntry, init_ca, make_crl
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.store import audit
from cityeval_desktop.store.models import AuditRow, CaRevocation, RevocationList


def _system(ctx: Any) -> list[dict[str, Any]]:
    with ctx.reading() as s:
        return list(audit.export_chain(s, audit.SYSTEM_CHAIN))


def _counts(ctx: Any) -> tuple[int, int, int]:
    with ctx.reading() as s:
        return (
            s.scalar(select(func.count()).select_from(RevocationList)) or 0,
            s.scalar(select(func.count()).select_from(CaRevocation)) or 0,
            s.scalar(select(func.count()).select_from(AuditRow)) or 0,
        )


@pytest.fixture
def ca_pem(pki: Any, tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    path.write_bytes(pki.ca.certificate.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.fixture
def other_ca(tmp_path: Path, helpers: Any) -> Any:
    """A second CA with its own key (and the same name as the agency's)."""
    return init_ca(tmp_path / "other.p12", name=helpers.CA_NAME, password="other-2026", key_size=helpers.TEST_KEY_SIZE)


def _revoke(ctx: Any, pki: Any, helpers: Any, reason: str = "keyCompromise") -> revocation.RevokeOutcome:
    return revocation.revoke_certificate(
        ctx, pki.ca_path, helpers.CA_PASSWORD, pki.folder / "signer.pem", reason=reason
    )


# ----------------------------------------------------------------------------- ca init / export-cert
def test_ca_init_writes_the_ca_certificate_beside_the_p12(tmp_path: Path, helpers: Any) -> None:
    from cryptography.hazmat.primitives.serialization import pkcs12

    made = identities.init_agency_ca(tmp_path / "Agency.p12", name="某市评估 CA", password="pw-2026-ca", key_size=2048)
    assert made.p12 == tmp_path / "Agency.p12" and made.pem == tmp_path / "Agency.pem"
    _key, cert, _extra = pkcs12.load_key_and_certificates(made.p12.read_bytes(), b"pw-2026-ca")
    assert cert is not None and made.pem.read_bytes() == cert.public_bytes(serialization.Encoding.PEM)
    assert made.pem.stat().st_mode & 0o777 != 0o600  # public
    # export-cert of the CA gives the same certificate
    exported = tmp_path / "exported.pem"
    info = identities.export_certificate(None, made.p12, "pw-2026-ca", exported)
    assert exported.read_bytes() == made.pem.read_bytes() and info.fingerprint == made.fingerprint


@pytest.mark.parametrize("existing", ["p12", "pem", "pem_link"])
def test_ca_init_writes_nothing_when_either_file_exists(tmp_path: Path, existing: str) -> None:
    p12, pem = tmp_path / "CA.p12", tmp_path / "CA.pem"
    if existing == "p12":
        p12.write_bytes(b"old identity")
    elif existing == "pem":
        pem.write_bytes(b"old certificate")
    else:
        pem.symlink_to(tmp_path / "elsewhere.pem")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(SigningError, match="already exists"):
        identities.init_agency_ca(p12, name="某市评估 CA", password="pw-2026-ca", key_size=2048)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert existing != "p12" or p12.read_bytes() == b"old identity"


def test_ca_init_removes_the_p12_when_the_certificate_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cityeval_desktop.services import identities as module

    real = module.write_new_file

    def failing(path: Path, data: bytes, *, private: bool) -> None:
        if path.suffix == ".pem":
            raise SigningError(Text("磁盘已满", "the disk is full"), str(path))  # the second write fails
        real(path, data, private=private)

    monkeypatch.setattr(module, "write_new_file", failing)
    with pytest.raises(SigningError):
        identities.init_agency_ca(tmp_path / "CA.p12", name="某市评估 CA", password="pw-2026-ca", key_size=2048)
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- ca revoke
def test_revoke_is_recorded_audited_and_idempotent(ctx: Any, pki: Any, helpers: Any) -> None:
    first = _revoke(ctx, pki, helpers)
    assert not first.already and not first.ca_trusted and first.published is None
    assert first.reason == "keyCompromise" and first.name == helpers.SIGNER_NAME
    assert first.serial == format(pki.signer.certificate.serial_number, "x")
    assert abs(first.revoked_at - utcnow()) < timedelta(seconds=5)
    again = _revoke(ctx, pki, helpers, reason="superseded")
    assert again.already and again.revoked_at == first.revoked_at and again.reason == "keyCompromise"
    assert _counts(ctx)[:2] == (0, 1)
    entries = [e for e in _system(ctx) if e["action"] == revocation.CA_REVOKE]
    assert len(entries) == 1 and entries[0]["target"] == pki.signer.fingerprint
    assert entries[0]["new"]["reason"] == "keyCompromise" and entries[0]["new"]["ca_fingerprint"] == pki.ca.fingerprint
    assert audit.verify_entries(audit.SYSTEM_CHAIN, _system(ctx)) == []


def test_revoking_when_the_ca_is_trusted_here_publishes_the_list_at_once(
    ctx: Any, pki: Any, helpers: Any, ca_pem: Path
) -> None:
    trust_store.add_trust_file(ctx, ca_pem)
    done = _revoke(ctx, pki, helpers)
    assert done.ca_trusted and done.published is not None and done.published.crl_number == 1
    assert done.published.revoked == 1 and done.published.current
    chain = [pki.ca.certificate]
    problem = revocation.revocation_problem(ctx, pki.signer.certificate, chain, utcnow())
    assert problem is not None and "私钥泄露" in problem.zh and "key compromise" in problem.en
    # the second revocation finds the list current already: nothing new is published
    assert _revoke(ctx, pki, helpers).published is None
    actions = [e["action"] for e in _system(ctx)]
    assert actions == ["trust.add", "ca.revoke", "ca.crl", "trust.add_crl"]


def test_revoke_refuses_bad_reasons_and_certificates_of_other_cas(
    ctx: Any, pki: Any, helpers: Any, other_ca: Any, tmp_path: Path
) -> None:
    before = _counts(ctx)
    with pytest.raises(InputError):
        _revoke(ctx, pki, helpers, reason="stolen")
    with pytest.raises(SigningError, match="not issued by this CA"):
        revocation.revoke_certificate(ctx, tmp_path / "other.p12", "other-2026", pki.folder / "signer.pem")
    with pytest.raises(SigningError, match="wrong password"):
        revocation.revoke_certificate(ctx, pki.ca_path, "nope", pki.folder / "signer.pem")
    with pytest.raises(SigningError, match="not a CA"):
        revocation.revoke_certificate(ctx, pki.signer_path, helpers.PASSWORD, pki.folder / "signer.pem")
    assert _counts(ctx) == before


def test_reason_names_agree_with_the_command_line() -> None:
    from cityeval_desktop.cli.trust_commands import REVOCATION_REASONS

    assert revocation.REASON_NAMES == REVOCATION_REASONS


# ----------------------------------------------------------------------------- ca crl
def test_ca_crl_numbers_increase_and_openssl_verifies_them(
    ctx: Any, pki: Any, helpers: Any, ca_pem: Path, tmp_path: Path
) -> None:
    _revoke(ctx, pki, helpers, reason="affiliationChanged")
    one = revocation.write_crl(ctx, pki.ca_path, helpers.CA_PASSWORD, tmp_path / "one.crl")
    two = revocation.write_crl(ctx, pki.ca_path, helpers.CA_PASSWORD, tmp_path / "two.crl", days=7)
    assert (one.crl_number, two.crl_number) == (1, 2) and one.revoked == two.revoked == 1
    assert two.next_update - two.this_update == timedelta(days=7) and one.published is None
    for name in ("one.crl", "two.crl"):
        r = subprocess.run(
            ["openssl", "crl", "-in", name, "-CAfile", str(ca_pem), "-noout"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert "verify OK" in r.stdout + r.stderr, r.stdout + r.stderr
    crl = x509.load_pem_x509_crl((tmp_path / "two.crl").read_bytes())
    entry = crl.get_revoked_certificate_by_serial_number(pki.signer.certificate.serial_number)
    assert entry is not None
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason == x509.ReasonFlags.affiliation_changed
    # the output is never overwritten, and a bad number of days is refused before anything is signed
    with pytest.raises(SigningError, match="already exists"):
        revocation.write_crl(ctx, pki.ca_path, helpers.CA_PASSWORD, tmp_path / "two.crl")
    for bad in (0, 367, -1):
        with pytest.raises(InputError):
            revocation.write_crl(ctx, pki.ca_path, helpers.CA_PASSWORD, tmp_path / "bad.crl", days=bad)
    assert not (tmp_path / "bad.crl").exists()
    # numbers continue above a list stored here (trusted CA: ca crl publishes into the trust store too)
    trust_store.add_trust_file(ctx, ca_pem)
    three = revocation.write_crl(ctx, pki.ca_path, helpers.CA_PASSWORD, tmp_path / "three.crl")
    assert three.crl_number == 3 and three.published is not None and three.published.current


# ----------------------------------------------------------------------------- trust add of a list
def _write_list(ca: Any, path: Path, serials: list[int], number: int, *, der: bool = False, **when: Any) -> Path:
    now = when.get("this_update") or utcnow().replace(microsecond=0)
    entries = [RevokedEntry(s, now - timedelta(minutes=5), "keyCompromise") for s in serials]
    crl = make_crl(
        ca, entries, number=number, this_update=now, next_update=when.get("next_update") or now + timedelta(30)
    )
    path.write_bytes(crl.public_bytes(serialization.Encoding.DER if der else serialization.Encoding.PEM))
    return path


def test_trust_add_keeps_a_list_of_a_trusted_ca(ctx: Any, pki: Any, ca_pem: Path, tmp_path: Path) -> None:
    serial = pki.signer.certificate.serial_number
    crl = _write_list(pki.ca, tmp_path / "ca.crl", [serial], 4, der=True)
    with pytest.raises(InputError) as info:  # the CA first
        trust_store.add_trust_file(ctx, crl)
    assert "add the ca that issued it first" in info.value.lines("en")[0].lower()
    assert "请先把签发它的证书机构的证书加入信任列表" in info.value.lines("zh")[0]
    assert _counts(ctx)[0] == 0
    trust_store.add_trust_file(ctx, ca_pem)
    added = trust_store.add_trust_file(ctx, crl)
    assert added.certificates == [] and added.crl is not None and not added.crl.already and added.crl.note is None
    entry = added.crl.entry
    assert (entry.crl_number, entry.revoked, entry.issuer_fingerprint, entry.current) == (
        4,
        1,
        pki.ca.fingerprint,
        True,
    )
    again = trust_store.add_trust_file(ctx, crl)
    assert again.crl is not None and again.crl.already
    listed = revocation.list_revocation_lists(ctx)
    assert [(e.crl_number, e.current) for e in listed] == [(4, True)]
    system = _system(ctx)
    assert [e["action"] for e in system] == ["trust.add", "trust.add_crl"]
    assert system[-1]["target"] == entry.sha256 and system[-1]["new"]["source"] == str(crl)


def test_older_lists_are_refused_and_newer_ones_supersede(ctx: Any, pki: Any, ca_pem: Path, tmp_path: Path) -> None:
    trust_store.add_trust_file(ctx, ca_pem)
    now = utcnow().replace(microsecond=0)
    trust_store.add_trust_file(ctx, _write_list(pki.ca, tmp_path / "five.crl", [], 5, this_update=now))
    before = _counts(ctx)
    for name, number, at in (
        ("four", 4, now + timedelta(minutes=1)),
        ("five-b", 5, now),
        ("six", 6, now - timedelta(1)),
    ):
        path = _write_list(pki.ca, tmp_path / f"{name}.crl", [7], number, this_update=at)
        with pytest.raises(InputError) as info:
            trust_store.add_trust_file(ctx, path)
        assert "not newer than the one kept" in info.value.lines("en")[0], name
        assert "不比已保存的列表" in info.value.lines("zh")[0]
    assert _counts(ctx) == before
    newer = trust_store.add_trust_file(ctx, _write_list(pki.ca, tmp_path / "seven.crl", [7], 7, this_update=now))
    assert newer.crl is not None
    assert [(e.crl_number, e.current) for e in revocation.list_revocation_lists(ctx)] == [(5, False), (7, True)]


def test_lists_of_other_cas_and_future_lists_are_refused(
    ctx: Any, pki: Any, other_ca: Any, ca_pem: Path, tmp_path: Path
) -> None:
    trust_store.add_trust_file(ctx, ca_pem)
    before = _counts(ctx)
    forged = _write_list(other_ca, tmp_path / "forged.crl", [pki.signer.certificate.serial_number], 1)
    with pytest.raises(InputError) as info:
        trust_store.add_trust_file(ctx, forged)
    assert "does not match that CA's certificate" in info.value.lines("en")[0]
    future = _write_list(pki.ca, tmp_path / "future.crl", [], 1, this_update=utcnow() + timedelta(days=2))
    with pytest.raises(InputError) as info:
        trust_store.add_trust_file(ctx, future)
    assert "in the future" in info.value.lines("en")[0] and "晚于现在" in info.value.lines("zh")[0]
    assert _counts(ctx) == before


def test_a_stale_list_is_kept_with_a_warning(ctx: Any, pki: Any, ca_pem: Path, tmp_path: Path) -> None:
    trust_store.add_trust_file(ctx, ca_pem)
    old = utcnow().replace(microsecond=0) - timedelta(days=40)
    serial = pki.signer.certificate.serial_number
    path = _write_list(pki.ca, tmp_path / "old.crl", [serial], 1, this_update=old, next_update=old + timedelta(10))
    added = trust_store.add_trust_file(ctx, path)
    assert added.crl is not None and added.crl.note is not None and "到期" in added.crl.note.zh
    chain = [pki.ca.certificate]
    assert revocation.revocation_problem(ctx, pki.signer.certificate, chain, utcnow()) is not None  # still applies
    note = revocation.stale_revocation_note(ctx, pki.signer.certificate, chain)
    assert note is not None and "still apply" in note.en


@pytest.mark.parametrize("kind", ["garbage_pem", "truncated", "symlink", "oversized", "folder"])
def test_bad_list_files_are_refused_with_a_reason_and_nothing_stored(
    ctx: Any, pki: Any, ca_pem: Path, tmp_path: Path, kind: str
) -> None:
    trust_store.add_trust_file(ctx, ca_pem)
    good = _write_list(pki.ca, tmp_path / "good.crl", [1], 1)
    path = tmp_path / f"{kind}.crl"
    if kind == "garbage_pem":
        path.write_bytes(b"-----BEGIN X509 CRL-----\n" + b"QUJD" * 40 + b"\n-----END X509 CRL-----\n")
    elif kind == "truncated":
        der = x509.load_pem_x509_crl(good.read_bytes()).public_bytes(serialization.Encoding.DER)
        path.write_bytes(der[:-40])
    elif kind == "symlink":
        path.symlink_to(good)
    elif kind == "oversized":
        with path.open("wb") as f:
            f.write(b"-----BEGIN X509 CRL-----\n")
            f.truncate(20 * 1024 * 1024)
    else:
        path.mkdir()
    before = _counts(ctx)
    with pytest.raises((SigningError, InputError)) as info:
        trust_store.add_trust_file(ctx, path)
    zh, en = info.value.lines("zh")[0], info.value.lines("en")[0]
    assert str(path) in en and _counts(ctx) == before, en
    expected = {
        "garbage_pem": "damaged",
        "truncated": "damaged",
        "symlink": "symbolic link",
        "oversized": "too large",
        "folder": "folder",
    }[kind]
    assert expected in en, en
    assert zh != en


def test_removing_the_ca_removes_its_lists_audited(ctx: Any, pki: Any, helpers: Any, ca_pem: Path) -> None:
    trust_store.add_trust_file(ctx, ca_pem)
    _revoke(ctx, pki, helpers)
    removed = trust_store.remove_from_trust(ctx, pki.ca.fingerprint)
    assert removed.entry.fingerprint == pki.ca.fingerprint and removed.lists_removed == 1
    assert revocation.list_revocation_lists(ctx) == [] and trust_store.list_trusted(ctx) == []
    assert [e["action"] for e in _system(ctx)][-2:] == ["trust.remove", "trust.remove_crl"]
    # the register stays: the CA's own record of what it revoked
    assert _counts(ctx)[1] == 1


def test_a_damaged_stored_list_fails_verification_closed(ctx: Any, pki: Any, helpers: Any, ca_pem: Path) -> None:
    from sqlalchemy import update

    trust_store.add_trust_file(ctx, ca_pem)
    _revoke(ctx, pki, helpers)
    with ctx.transaction() as s:
        s.execute(update(RevocationList).values(der=b"\x30\x03\x02\x01\x00"))
    with pytest.raises(SigningError, match="damaged or was altered"):
        revocation.revocation_problem(ctx, pki.signer.certificate, [pki.ca.certificate], utcnow())


# ----------------------------------------------------------------------------- the verifiers' check
def test_signed_before_the_revocation_stays_valid_after_it_does_not(
    ctx: Any, pki: Any, helpers: Any, ca_pem: Path
) -> None:
    signer, chain = pki.signer.certificate, [pki.ca.certificate]
    assert revocation.revocation_problem(ctx, signer, chain, utcnow()) is None  # no list at all
    trust_store.add_trust_file(ctx, ca_pem)
    done = _revoke(ctx, pki, helpers)
    at = done.revoked_at
    assert revocation.revocation_problem(ctx, signer, chain, at - timedelta(seconds=1)) is None
    assert revocation.revocation_problem(ctx, signer, chain, at - timedelta(days=300)) is None
    for moment in (at, at + timedelta(seconds=1), at + timedelta(days=3)):
        problem = revocation.revocation_problem(ctx, signer, chain, moment)
        assert problem is not None, moment
        assert "吊销之后" in problem.zh and "不予接受" in problem.zh and helpers.CA_NAME in problem.zh
        assert "made after the revocation" in problem.en and "not accepted" in problem.en
    unknown = revocation.revocation_problem(ctx, signer, chain, None)
    assert unknown is not None and "no signing time" in unknown.en
    # the issuer is found in the trust list even when the signature carries no chain
    assert revocation.revocation_problem(ctx, signer, [], at + timedelta(seconds=1)) is not None
    # another certificate of the same CA is not touched
    assert revocation.revocation_problem(ctx, pki.ca.certificate, [], at + timedelta(days=1)) is None


def test_an_index_read_once_answers_many_checks(ctx: Any, pki: Any, helpers: Any, ca_pem: Path) -> None:
    trust_store.add_trust_file(ctx, ca_pem)
    done = _revoke(ctx, pki, helpers)
    index = revocation.load_revocation_index(ctx)
    signer, chain = pki.signer.certificate, [pki.ca.certificate]
    assert [r.reason for _c, _i, r in index.revocations(signer, chain)] == ["keyCompromise"]
    assert index.problem(signer, chain, done.revoked_at + timedelta(hours=1)) is not None
    assert index.problem(signer, chain, done.revoked_at - timedelta(hours=1)) is None


# ----------------------------------------------------------------------------- verify-pdf
def _signed_pdf(pki: Any, helpers: Any, tmp_path: Path, name: str, **kwargs: Any) -> Path:
    from cityeval_desktop.signing.pades import sign_pdf

    path = tmp_path / name
    path.write_bytes(sign_pdf(helpers.small_pdf(), pki.signer, lang="en", **kwargs))
    return path


def test_verify_pdf_refuses_a_signature_made_after_the_revocation(
    ctx: Any, pki: Any, helpers: Any, ca_pem: Path, tmp_path: Path
) -> None:
    trust_store.add_trust_file(ctx, ca_pem)
    before = _signed_pdf(pki, helpers, tmp_path, "before.pdf", signing_time=utcnow() - timedelta(seconds=2))
    assert signatures.verify_signed_pdf(ctx, before).ok
    _revoke(ctx, pki, helpers)
    after = _signed_pdf(pki, helpers, tmp_path, "after.pdf")
    verdict = signatures.verify_signed_pdf(ctx, after)
    (report,) = verdict.signatures
    assert not verdict.ok and not report.ok and report.intact and report.valid and report.trusted
    assert report.revocation is not None and report.revocation in report.problems
    assert "key compromise" in report.revocation.en and "私钥泄露" in report.revocation.zh
    # signed before the revocation: still valid
    kept = signatures.verify_signed_pdf(ctx, before)
    assert kept.ok and kept.signatures[0].revocation is None
    # without a database (only --trust files) no list is known: the check is the trust list's
    assert signatures.verify_signed_pdf(None, after, [ca_pem]).ok
