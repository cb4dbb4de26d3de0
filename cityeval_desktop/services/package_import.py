"""Importing case packages at an agency (``package import``), and the import ledger (``package ledger``).

Each package is checked whole first (``services/package_check.py``); one that fails is copied to the
quarantine folder with a reason file and recorded in the ledger, and nothing else changes. One that
passes is imported in **one transaction**: the revision's rows rebuilt from the content sealed in its
signed report, its report and evidence files (stored before, content-addressed, so a crash leaves
at most unreferenced files that ``db check --repair`` removes), its origin, the audit chain stored
verbatim, a ``package.import`` entry on the system chain and the ledger row. Importing is
idempotent: the same revision again is skipped; a higher revision supersedes the one shown; a
lower one is kept as history. The imported chain must continue what is stored for the case, and a
case made in this database is never replaced. Imported revisions are read-only here.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cityeval_desktop.domain.records import Origin
from cityeval_desktop.domain.text import CityEvalError, Text
from cityeval_desktop.services.cases import detail_with, store_cached_figures, write_figures
from cityeval_desktop.services.context import AppContext, retry_conflicts
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.package_check import PackageCheck, check_package, file_facts, trust_anchors
from cityeval_desktop.store import audit
from cityeval_desktop.store.digest import revision_hash
from cityeval_desktop.store.models import (
    Case,
    CaseOrigin,
    CaseReport,
    Entity,
    FrameworkRow,
    PackageImport,
    utcnow,
)

IMPORTED = "imported"
SUPERSEDED = "superseded"
HISTORY = "history"
SKIPPED = "skipped"
REJECTED = "rejected"
OUTCOMES: dict[str, Text] = {
    IMPORTED: Text("已导入", "imported"),
    SUPERSEDED: Text("已导入（取代旧修订版本）", "imported (supersedes an older revision)"),
    HISTORY: Text("已导入（作为历史修订版本）", "imported (kept as history)"),
    SKIPPED: Text("已跳过（该修订版本已导入）", "skipped (this revision is already here)"),
    REJECTED: Text("已拒绝", "rejected"),
}
PACKAGE_IMPORT = "package.import"
#: How deep ``package import FOLDER`` looks for packages, and how many files it takes at most.
MAX_DEPTH = 16
MAX_FILES = 100_000
SUFFIXES = (".cityeval", ".cityeval.p7m")
_COMMIT_ATTEMPTS = 4
_STORE_THREADS = 4  # files of one package written at once


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one package file."""

    path: Path
    outcome: str
    reason: Text | None
    check: PackageCheck
    #: ``uuid@revision`` of the revision imported (or already here, for a skipped one)
    ref: str | None = None
    quarantine: Path | None = None

    @property
    def label(self) -> Text:
        return OUTCOMES[self.outcome]

    @property
    def rejected(self) -> bool:
        return self.outcome == REJECTED


@dataclass(frozen=True)
class LedgerEntry:
    """One row of the import ledger."""

    id: int
    at: datetime
    actor: str
    file_name: str
    package_sha256: str | None
    size: int | None
    case_uuid: str | None
    revision: int | None
    signer_name: str | None
    signer_fingerprint: str | None
    trusted: bool | None
    outcome: str
    reason: str | None
    quarantine: str | None

    @property
    def label(self) -> Text:
        return OUTCOMES.get(self.outcome, Text(self.outcome, self.outcome))


class _RefusedError(Exception):
    """Inside the import transaction: the package cannot be imported (rolled back, then recorded)."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.en)
        self.reason = reason


# ----------------------------------------------------------------------------- finding files
def package_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import: each file given, and in each folder (recursively) the ``.cityeval`` and
    ``.cityeval.p7m`` files, sorted; links to folders are not followed.

    Raises:
        InputError: A path does not exist, or a folder holds more than :data:`MAX_FILES` packages.
    """
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir() and not path.is_symlink():
            found.extend(_walk(path, 0))
        elif path.exists() or path.is_symlink():
            found.append(path)  # the checks refuse what is not a regular file, with the reason
        else:
            raise InputError.one(Text("文件或文件夹不存在", "no such file or folder"), str(path))
        if len(found) > MAX_FILES:
            raise InputError.one(
                Text(f"一次最多导入 {MAX_FILES} 个案例包", f"at most {MAX_FILES} packages can be imported at once"),
                str(path),
            )
    return found


def _walk(folder: Path, depth: int) -> Iterator[Path]:
    if depth > MAX_DEPTH:
        return
    try:
        children = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for child in children:
        if child.is_dir(follow_symlinks=False):
            yield from _walk(Path(child.path), depth + 1)
        elif child.name.endswith(SUFFIXES):
            yield Path(child.path)


# ----------------------------------------------------------------------------- importing
def import_packages(
    ctx: AppContext,
    paths: Iterable[Path],
    *,
    extra_trust: Iterable[Path] = (),
    accept_untrusted: bool = False,
    progress: Callable[[int, int, Path], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    opener: Callable[[Path], contextlib.AbstractContextManager[Path]] | None = None,
    workers: int | None = None,
) -> list[ImportOutcome]:
    """Import package files and folders; one outcome per file, in order (see the module's text).

    Args:
        extra_trust: Certificate files trusted for this import as well as the trust store.
        accept_untrusted: Import packages whose only failing check is trust, marked as unverified.
        progress: Told ``(done, total, file)`` before each package.
        cancelled: Asked before each package; when it says so, the rest is left alone (every
            package is whole or not there: each is one transaction).
        opener: Gives the plaintext package for a file (decrypting an encrypted one); by default the
            file itself.
        workers: Worker processes that check packages ahead of the import (``package_pool.py``); by
            default one per core for 16 packages or more, none below; 0 checks everything in process.
            The workers are started with ``spawn``: a script of its own that calls this must keep its
            top level under ``if __name__ == "__main__":`` (as every Python script starting processes
            must), or pass 0.

    Raises:
        InputError: A path given does not exist.
        SigningError: A ``--trust`` file holds no certificate.
    """
    from cityeval_desktop.services.package_crypto import is_encrypted_package
    from cityeval_desktop.services.package_pool import CheckAhead, worker_count
    from cityeval_desktop.services.revocation import load_revocation_index

    files = package_files(paths)
    trusted = trust_anchors(ctx, extra_trust)
    index = load_revocation_index(ctx, trusted)
    outcomes: list[ImportOutcome] = []
    count = worker_count(len(files), workers=workers)
    ahead = (
        CheckAhead(files, trusted, index, count, wanted=lambda f: not f.is_symlink() and not is_encrypted_package(f))
        if count
        else contextlib.nullcontext()
    )
    with ahead:
        for done, path in enumerate(files):
            if cancelled is not None and cancelled():
                break
            if progress is not None:
                progress(done, len(files), path)
            checked = ahead.take(done) if isinstance(ahead, CheckAhead) else None
            outcome = import_one(
                ctx,
                path,
                trusted,
                accept_untrusted=accept_untrusted,
                opener=opener,
                revoked=index.problem,
                checked=checked,
            )
            # keep what a caller shows (signer, case, figures, reasons), not the package's bytes, rows and
            # framework: 500 packages held whole took some 400 MB (tests/benchmarks/package_bench.py)
            outcome.check.opened = outcome.check.rows = outcome.check.framework = None
            outcomes.append(outcome)
    if progress is not None and (cancelled is None or not cancelled()):
        progress(len(files), len(files), files[-1] if files else Path())
    return outcomes


def import_one(
    ctx: AppContext,
    path: Path,
    trusted: list[Any],
    *,
    accept_untrusted: bool = False,
    opener: Callable[[Path], contextlib.AbstractContextManager[Path]] | None = None,
    revoked: Callable[..., Text | None] | None = None,
    checked: PackageCheck | None = None,
) -> ImportOutcome:
    """Check and import one package file (see :func:`import_packages`); never raises for a bad package.

    ``checked`` is the check of the (plain) file made already, in a worker process.
    """
    path = Path(path)
    try:
        with (opener or contextlib.nullcontext)(path) as plain:
            found = checked or check_package(plain, trusted, revoked=revoked or revocation_check(ctx, trusted))
            if plain != path:  # the ledger names the file received, not the decrypted copy
                found.path = path
                found.sha256, found.size = file_facts(path)
            usable = found.ok or (accept_untrusted and found.ok_but_untrusted)
            if not usable:
                return _reject(ctx, path, found, found.reason() or Text("检查未通过", "a check failed"))
            try:
                if _precheck(ctx, found) != SKIPPED:  # refusals first: nothing is stored for them
                    _store_files(ctx, found)
                return _commit(ctx, path, found, accept_untrusted=accept_untrusted and not found.trusted)
            except _RefusedError as refused:
                return _reject(ctx, path, found, refused.reason)
    except CityEvalError as exc:  # e.g. an encrypted package that this identity cannot open
        reason = Text("；".join(exc.lines("zh")), "; ".join(exc.lines("en")))
        sha, size = file_facts(path)
        return _reject(ctx, path, PackageCheck(path, sha, size), reason)


def revocation_check(ctx: AppContext, trusted: Iterable[Any] = ()) -> Callable[..., Text | None]:
    """Why a signer's certificate was revoked when it signed (None when it was not), from the trust
    store's revocation lists, read once for a whole run (see ``services/revocation.py``)."""
    from cityeval_desktop.services.revocation import load_revocation_index

    index = load_revocation_index(ctx, trusted)
    return index.problem


def _store_files(ctx: AppContext, found: PackageCheck) -> None:
    """Put the report and the evidence files into the evidence store (before the transaction).

    The files are written by a few threads at once: each is fsynced, and the disk takes several
    flushes together about as fast as one (an import of many packages waited mostly on this).
    """
    opened = found.opened
    assert opened is not None
    store = ctx.evidence

    def report() -> None:
        store.add_bytes(opened.report_pdf, "report.pdf")

    def evidence(bag_path: str, sha: str) -> None:
        with opened.open_evidence(bag_path) as stream:
            stored = store.add_stream(stream, bag_path.rsplit("/", 1)[-1])  # type: ignore[arg-type]
        if stored.sha256 != sha:
            raise _RefusedError(
                Text(
                    f"证据文件 {bag_path} 在读取时与其哈希值不符",
                    f"the evidence file {bag_path} did not match its hash when it was read",
                )
            )

    try:
        jobs: list[Callable[[], None]] = []
        report_sha = hashlib.sha256(opened.report_pdf).hexdigest()
        if not (store.has(report_sha) and store.verify(report_sha)):
            jobs.append(report)
        for bag_path, sha, _size in opened.evidence:
            if not (store.has(sha) and store.verify(sha)):
                jobs.append(functools.partial(evidence, bag_path, sha))
        if len(jobs) == 1:
            jobs[0]()
        elif jobs:
            with ThreadPoolExecutor(max_workers=min(_STORE_THREADS, len(jobs))) as pool:
                for done in [pool.submit(job) for job in jobs]:
                    done.result()  # the first failure, after every file was tried
    except CityEvalError as exc:
        raise _RefusedError(Text("；".join(exc.lines("zh")), "; ".join(exc.lines("en")))) from None


def _commit(ctx: AppContext, path: Path, found: PackageCheck, *, accept_untrusted: bool) -> ImportOutcome:
    for _ in range(_COMMIT_ATTEMPTS):
        try:
            return _commit_once(ctx, path, found, accept_untrusted=accept_untrusted)
        except IntegrityError:
            # another import of this case committed first (a server reports it as a duplicate key):
            # the next run reads what it stored, and skips the revision or continues its chain
            continue
    raise _RefusedError(
        Text(
            "导入时该案例正被其他导入同时修改，未导入；请稍后重新导入此案例包",
            "another import was changing this case at the same time, so it was not imported; import the package "
            "again in a moment",
        )
    )


def _decide(s: Session, found: PackageCheck, *, lock: bool) -> tuple[str, int]:
    """What importing the package would do to the stored case: ``(outcome, entries of the chain stored)``.

    Run read-only before any file is stored (so a package refused here leaves nothing behind) and
    again inside the import transaction, where it reads what it checks.

    Raises:
        _RefusedError: The case was made in this database, the same revision number is here with
            other content, or the package's chain is another history of the case.
    """
    rows, opened = found.rows, found.opened
    assert rows is not None and opened is not None
    query = select(Case).where(Case.case_uuid == rows.case_uuid).order_by(Case.revision)
    stored = list(s.scalars(query.with_for_update() if lock else query))
    origins = {o.case_id for o in s.scalars(select(CaseOrigin).where(CaseOrigin.case_id.in_([c.id for c in stored])))}
    if any(c.id not in origins for c in stored):
        raise _RefusedError(
            Text(
                "本数据库中已有在此创建的同一案例，案例包不能取代它",
                "this case was made in this database; a package cannot replace it",
            )
        )
    chain = [e["hash"] for e in audit.export_chain(s, rows.case_uuid)]
    carried = [e.get("hash") for e in opened.audit]
    common = min(len(chain), len(carried))
    parted = next((i for i in range(common) if chain[i] != carried[i]), None)
    if parted is not None:
        raise _RefusedError(
            Text(
                f"案例包的审计链与本数据库中该案例的审计链不是同一段历史（在第 {parted + 1} 条记录处分叉）",
                "the package's audit chain is another history of this case than the one stored here "
                f"(they part at entry {parted + 1})",
            )
        )
    same = next((c for c in stored if c.revision == rows.revision), None)
    if same is not None:
        if revision_hash(same) != revision_hash(rows):
            raise _RefusedError(
                Text(
                    f"本数据库已有修订版本 {rows.revision}，但内容不同：同一修订版本号有两个不同的版本",
                    f"revision {rows.revision} is already here with other content: two different revisions carry "
                    "the same number",
                )
            )
        return SKIPPED, len(chain)
    outcome = IMPORTED if not stored else SUPERSEDED if rows.revision > stored[-1].revision else HISTORY
    return outcome, len(chain)


def _precheck(ctx: AppContext, found: PackageCheck) -> str:
    with ctx.reading() as s:
        return _decide(s, found, lock=False)[0]


@retry_conflicts
def _commit_once(ctx: AppContext, path: Path, found: PackageCheck, *, accept_untrusted: bool) -> ImportOutcome:
    rows, opened = found.rows, found.opened
    assert rows is not None and opened is not None
    uuid, revision = rows.case_uuid, rows.revision
    ref = f"{uuid}@{revision}"
    with ctx.transaction() as s:
        outcome, known = _decide(s, found, lock=True)
        if outcome == SKIPPED:
            _ledger(s, ctx, path, found, SKIPPED, None, None)
            return ImportOutcome(path, SKIPPED, None, found, ref)
        try:
            audit.append_verbatim(s, uuid, opened.audit[known:])
        except ValueError:
            raise _RefusedError(
                Text("案例包的审计链无法接续存储", "the package's audit chain cannot be stored as it is")
            ) from None
        _add_revision(s, ctx, path, found, accept_untrusted=accept_untrusted)
        audit.append(
            s,
            chain=audit.SYSTEM_CHAIN,
            actor=ctx.actor,
            action=PACKAGE_IMPORT,
            target=uuid,
            revision=revision,
            new={
                "file": path.name,
                "sha256": found.sha256,
                "outcome": outcome,
                "signer": found.signer_name,
                "fingerprint": found.signer_fingerprint,
                "trusted": found.trusted,
                "accepted_untrusted": accept_untrusted,
            },
        )
        _ledger(s, ctx, path, found, outcome, None, None)
    return ImportOutcome(path, outcome, None, found, ref)


def _add_revision(s: Session, ctx: AppContext, path: Path, found: PackageCheck, *, accept_untrusted: bool) -> None:
    rows, opened, framework = found.rows, found.opened, found.framework
    assert rows is not None and opened is not None and framework is not None
    if s.get(FrameworkRow, framework.sha256) is None:
        s.add(
            FrameworkRow(
                sha256=framework.sha256, framework_id=framework.id, version=framework.version, content=framework.raw
            )
        )
    entity = s.scalars(select(Entity).where(Entity.uscc == rows.uscc)).first()
    if entity is None:
        entity = Entity(uscc=rows.uscc, name=rows.entity_name, registration_region=rows.uscc[2:8])
        s.add(entity)
        s.flush()
    rows.entity_id = entity.id
    rows.status = "finalized"
    rows.version = 1
    if found.figures is not None and found.total_hundredths is not None and found.dimensions is not None:
        # the figures of the result recomputed when the package was checked (not computed twice)
        write_figures(rows, found.figures, found.total_hundredths, found.dimensions)
    else:
        store_cached_figures(rows, detail_with(framework, rows).result)
    s.add(rows)
    s.flush()
    report = opened.report_pdf
    sealed = next(
        e.get("new")
        for e in reversed(opened.audit)
        if e.get("action") == "report.sign" and e.get("revision") == rows.revision
    )
    s.add(
        CaseReport(
            case_id=rows.id,
            kind="pdf",
            lang=str(sealed.get("lang") or "zh")[:5],
            sha256=hashlib.sha256(report).hexdigest(),
            size=len(report),
            signed=True,
            final=True,
            signer_name=str(sealed.get("signer") or "")[:200],
            signer_fingerprint=str(sealed.get("fingerprint") or "")[:64],
            created_at=rows.finalized_at or utcnow(),
        )
    )
    s.add(
        CaseOrigin(
            case_id=rows.id,
            package_sha256=found.sha256 or "",
            file_name=path.name[:500],
            signer_name=(found.signer_name or "")[:200],
            signer_fingerprint=(found.signer_fingerprint or "")[:64],
            signed_at=found.signing_time,
            trusted=found.trusted,
            accepted_by=ctx.actor if accept_untrusted else None,
            imported_by=ctx.actor,
            signer_certificates=_pem(found),
        )
    )


def _ledger(
    s: Session,
    ctx: AppContext,
    path: Path,
    found: PackageCheck,
    outcome: str,
    reason: Text | None,
    quarantine: Path | None,
) -> None:
    s.add(
        PackageImport(
            actor=ctx.actor,
            file_name=str(path.absolute())[:500],
            package_sha256=found.sha256,
            size=found.size,
            case_uuid=(found.case_uuid or "")[:36] or None,
            revision=found.revision,
            signer_name=(found.signer_name or "")[:200] or None,
            signer_fingerprint=(found.signer_fingerprint or "")[:64] or None,
            trusted=found.trusted if found.signer_fingerprint else None,
            outcome=outcome,
            reason=_with_notes(reason, found.notes),
            quarantine=None if quarantine is None else str(quarantine),
        )
    )


def _with_notes(reason: Text | None, notes: list[Text]) -> str | None:
    """The ledger's reason ("zh\nen"): why, then what the check noted (e.g. another signer than the report's)."""
    if notes:
        joined = Text("；".join(n.zh for n in notes), "; ".join(n.en for n in notes))
        if reason is None:
            reason = Text(f"注意：{joined.zh}", f"note: {joined.en}")
        else:
            reason = Text(f"{reason.zh}；注意：{joined.zh}", f"{reason.en}; note: {joined.en}")
    return None if reason is None else f"{reason.zh}\n{reason.en}"


def _reject(ctx: AppContext, path: Path, found: PackageCheck, reason: Text) -> ImportOutcome:
    quarantine = _quarantine(ctx, path, found, reason)
    _record_rejection(ctx, path, found, reason, quarantine)
    return ImportOutcome(path, REJECTED, reason, found, None, quarantine)


@retry_conflicts
def _record_rejection(ctx: AppContext, path: Path, found: PackageCheck, reason: Text, quarantine: Path | None) -> None:
    with ctx.transaction() as s:
        _ledger(s, ctx, path, found, REJECTED, reason, quarantine)


def quarantine_folder(ctx: AppContext) -> Path:
    """Where rejected packages are copied (``<data folder>/quarantine``)."""
    return ctx.data_dir / "quarantine"


def _quarantine(ctx: AppContext, path: Path, found: PackageCheck, reason: Text) -> Path | None:
    """Copy a rejected file into the quarantine folder with a reason file beside it; None when the file
    cannot be copied (not a regular file, unreadable: the reason file says so)."""
    from cityeval_desktop.exchange.package import safe_file_name

    folder = quarantine_folder(ctx)
    now = datetime.now(UTC)
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    # ".quarantined": a folder import that meets the quarantine folder does not take these again
    name = f"{stamp}-{(found.sha256 or 'unreadable')[:12]}-{safe_file_name(path.name)[:120]}.quarantined"
    target = folder / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        copied: Path | None = None
        if found.sha256 is not None and path.is_file() and not path.is_symlink():
            shutil.copyfile(path, target, follow_symlinks=False)
            copied = target
        note = folder / f"{name}.reason.txt"
        when = now.strftime("%Y-%m-%d %H:%M:%S UTC")
        note.write_text(
            f"文件 / file: {path.absolute()}\nSHA-256: {found.sha256 or '-'}\n"
            f"拒绝时间 / rejected at: {when}\n\n原因：{reason.zh}\nreason: {reason.en}\n",
            encoding="utf-8",
        )
        return copied or note
    except OSError:
        return None


# ----------------------------------------------------------------------------- reading
def ledger(ctx: AppContext, *, outcome: str | None = None, limit: int = 10_000) -> list[LedgerEntry]:
    """The import ledger, newest first (optionally one outcome only)."""
    with ctx.reading() as s:
        query = select(PackageImport).order_by(PackageImport.id.desc()).limit(limit)
        if outcome:
            query = query.where(PackageImport.outcome == outcome)
        return [
            LedgerEntry(
                r.id,
                r.at,
                r.actor,
                r.file_name,
                r.package_sha256,
                r.size,
                r.case_uuid,
                r.revision,
                r.signer_name,
                r.signer_fingerprint,
                r.trusted,
                r.outcome,
                r.reason,
                r.quarantine,
            )
            for r in s.scalars(query)
        ]


def origin_of(ctx: AppContext, ref: str) -> Origin | None:
    """Where an imported revision came from, or None for a revision made in this database."""
    from cityeval_desktop.store import case_repo

    with ctx.reading() as s:
        return case_repo.origin_of(s, case_repo.find_revision(s, ref))


def _pem(found: PackageCheck) -> str | None:
    from cryptography.hazmat.primitives import serialization

    if found.signer_certificate is None:
        return None
    certs = (found.signer_certificate, *found.signer_chain)
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in certs)


@dataclass(frozen=True)
class ImportedSigners:
    """An imported revision still trusted, with what is needed to check its signers again."""

    case_id: int
    ref: str
    package_pem: str | None
    signed_at: datetime | None
    report: bytes | None

    def signers(self) -> Iterator[tuple[Any, list[Any], datetime | None]]:
        """``(certificate, chain, signing time)`` of the package signer and of each report signer."""
        from cryptography import x509

        if self.package_pem:
            certs = x509.load_pem_x509_certificates(self.package_pem.encode("ascii"))
            yield certs[0], list(certs[1:]), self.signed_at
        if self.report is not None:
            from cityeval_desktop.signing.pades import verify_pdf

            for r in verify_pdf(self.report, []):
                if r.certificates:
                    yield r.certificates[0], list(r.certificates[1:]), r.signing_time


def imported_to_recheck(ctx: AppContext) -> Iterator[ImportedSigners]:
    """Every imported revision whose signers are still trusted (for a revocation list that came later)."""
    with ctx.reading() as s:
        rows = s.execute(
            select(CaseOrigin, Case.case_uuid, Case.revision)
            .join(Case, Case.id == CaseOrigin.case_id)
            .where(CaseOrigin.trusted.is_(True), CaseOrigin.distrusted.is_(None))
            .order_by(CaseOrigin.case_id)
        ).all()
        reports = {
            r.case_id: r.sha256
            for r in s.scalars(
                select(CaseReport).where(
                    CaseReport.final.is_(True), CaseReport.case_id.in_([o.case_id for o, _, _ in rows])
                )
            )
        }
    for origin, uuid, revision in rows:
        sha = reports.get(origin.case_id)
        path = ctx.evidence.path_of(sha) if sha else None
        try:
            report = path.read_bytes() if path is not None and path.is_file() else None
        except OSError:
            report = None
        yield ImportedSigners(
            origin.case_id, f"{uuid}@{revision}", origin.signer_certificates, origin.signed_at, report
        )


@retry_conflicts
def distrust_imported(ctx: AppContext, case_id: int, reason: Text) -> bool:
    """Mark one imported revision unverified because of a revocation found later (audited); False when
    it was marked already."""
    with ctx.transaction() as s:
        origin = s.get(CaseOrigin, case_id)
        if origin is None or origin.distrusted is not None:
            return False
        case = s.get(Case, case_id)
        origin.trusted = False
        origin.distrusted = f"{reason.zh}\n{reason.en}"
        audit.append(
            s,
            chain=audit.SYSTEM_CHAIN,
            actor=ctx.actor,
            action="package.distrust",
            target=case.case_uuid if case else "",
            revision=case.revision if case else None,
            new={"reason": reason.en, "signer": origin.signer_name, "fingerprint": origin.signer_fingerprint},
        )
        return True
