"""Case packages (DESIGN §7): exporting a finalized revision as a signed, self-verifying ``.cityeval`` file.

The format is ``exchange/package.py``; the detached signature over the tag manifest is
``signing/cms.py``. Export reads the revision in one snapshot, writes the package atomically,
re-opens the written file and verifies it whole (structure, signature, the report inside) before
it says so, and records the export in the case's audit trail. On any failure no file is left.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cityeval_desktop.domain.case_json import case_json, to_json_value
from cityeval_desktop.domain.text import CityEvalError, Text
from cityeval_desktop.services.cases import IMPORTED_READ_ONLY, load_case
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import StateError
from cityeval_desktop.services.reporting import audit_entries, signed_report_info, stored_final_report
from cityeval_desktop.store import audit, case_repo
from cityeval_desktop.store.files import check_output_path, refuse_existing, write_output


@dataclass(frozen=True)
class ExportResult:
    """What was exported: the file, its sha256 and size, the revision and who signed the package."""

    path: Path
    sha256: str
    size: int
    ref: str
    signer_name: str
    signer_fingerprint: str
    evidence_files: int
    #: the agency certificates an encrypted package was made for (``recipient_facts`` of each)
    recipients: tuple[dict[str, Any], ...] = ()


def export_package(
    ctx: AppContext,
    ref: str,
    out: Path,
    identity: Any,
    *,
    encrypt_to: list[Path] | None = None,
    check: Callable[[], None] | None = None,
) -> ExportResult:
    """Write the finalized revision ``ref`` as a signed package to ``out`` (a new file).

    With ``encrypt_to`` (agency certificate files) the package is written and verified in a private
    folder, then ``out`` is the encrypted ``.cityeval.p7m`` (``services/package_crypto.py``); the
    audit entry names ``out``, its hash and the recipients.

    ``check`` is called between the steps (each evidence file, the signing, the read-back, before the
    encryption): what it raises (the user's cancel) stops the export, ``out`` and every temporary file
    are removed, and nothing is recorded.

    Raises:
        StateError: The revision is a draft, or its signed report is missing.
        InputError: ``out`` exists or cannot be written; an evidence file in the store was changed.
        SigningError: The identity cannot sign (expired, say); a recipient certificate cannot receive.
    """
    if not encrypt_to:
        return _export(ctx, ref, Path(out), identity, record=True, check=check)
    from cityeval_desktop.services.package_crypto import encrypt_package, plain_name, private_folder, recipient_facts

    out = check_output_path(Path(out))
    refuse_existing(out)
    recipients = [recipient_facts(Path(p)) for p in encrypt_to]  # refused before anything is signed
    with private_folder(ctx.data_dir) as folder:
        plain = _export(ctx, ref, folder / plain_name(out), identity, record=False, check=check)
        if check is not None:
            check()
        encrypt_package(plain.path, out, [Path(p) for p in encrypt_to])
    sha, size = _hash_file(out)
    _record_export(
        ctx, plain.ref, out, sha, size, identity, recipients=[r["fingerprint"] for r in recipients], plain=plain.sha256
    )
    return ExportResult(
        out, sha, size, plain.ref, identity.name, identity.fingerprint, plain.evidence_files, tuple(recipients)
    )


def _hash_file(path: Path) -> tuple[str, int]:
    import hashlib

    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _export(
    ctx: AppContext, ref: str, out: Path, identity: Any, *, record: bool, check: Callable[[], None] | None = None
) -> ExportResult:
    from cityeval_desktop.exchange.package import (
        EvidenceFile,
        PackageContents,
        bag_path_of,
        read_package,
        write_package,
    )
    from cityeval_desktop.signing.cms import sign_detached, verify_detached
    from cityeval_desktop.signing.pades import verify_pdf

    out = check_output_path(Path(out))
    refuse_existing(out)
    from cityeval_desktop.services.revocation import refuse_revoked_signer

    refuse_revoked_signer(ctx, identity)
    detail = load_case(ctx, ref)
    s = detail.summary
    if s.is_draft:
        raise StateError.one(
            Text("只有已定稿的修订版本才能导出为案例包", "only a finalized revision can be exported as a package"),
            s.ref,
        )
    with ctx.reading() as session:
        if case_repo.is_imported(session, case_repo.find_revision(session, s.ref)):
            raise StateError.one(IMPORTED_READ_ONLY, s.ref)  # forward the package received instead
    report = stored_final_report(ctx, s.ref)
    info = signed_report_info(ctx, s.ref)
    if report is None or info is None:
        raise StateError.one(
            Text(
                "该定稿版本的已签署报告不在数据库中，无法导出；请运行数据库检查，并从备份恢复",
                "the signed report of this finalized revision is not in the database, so it cannot be exported: "
                "run the database check and restore a backup",
            ),
            s.ref,
        )
    # the case's trail up to where later revisions begin: what this revision rests on, and no more
    # (a newer draft's work is not sent along with an older revision)
    trail = audit_entries(ctx, s.case_uuid)
    later = next((n for n, e in enumerate(trail) if (e.get("revision") or 0) > s.revision), len(trail))
    entries = trail[:later]
    sealed = next(
        (
            e.get("new")
            for e in reversed(entries)
            if e.get("action") == "report.sign" and e.get("revision") == s.revision
        ),
        None,
    )
    evidence = [
        EvidenceFile(e.sha256, e.original_name, e.size, ctx.evidence.path_of(e.sha256)) for e in detail.evidence
    ]
    document = case_json(detail)
    document["answers"] = {
        ind: {
            "value": to_json_value(detail.raw_values.get(ind)),
            "not_applicable": answer.not_applicable,
            "reason": answer.reason,
            "note": answer.note,
            "ground": answer.ground,
        }
        for ind, answer in sorted(detail.answers.items())
    }
    document["evidence"] = [
        {**item, "path": bag_path_of(file)} for item, file in zip(document["evidence"], evidence, strict=True)
    ]
    # the inspection records' attachments travel with the evidence (each content hash once)
    carried = {e.sha256 for e in evidence}
    for record, shown in zip(detail.case_data.inspections, document["inspections"], strict=True):
        for f, item in zip(record.attachments, shown["attachments"], strict=True):
            file = EvidenceFile(f.sha256, f.name, f.size, ctx.evidence.path_of(f.sha256))
            if f.sha256 not in carried:
                carried.add(f.sha256)
                evidence.append(file)
            item["path"] = bag_path_of(next(e for e in evidence if e.sha256 == f.sha256))
    document["report"] = {"sha256": info.sha256, "size": info.size, "lang": info.lang, "signer": info.signer_name}
    if isinstance(sealed, dict) and "content" in sealed:  # what finalize recorded (docs/integrity.md)
        document["finalized_content"] = {"content": sealed["content"], "content_sha256": sealed["content_sha256"]}
    contents = PackageContents(
        case_uuid=s.case_uuid,
        revision=s.revision,
        framework_key=detail.framework.key,
        mode=s.mode,
        case_json=document,
        framework_yaml=detail.framework.raw,
        report_pdf=report,
        audit=entries,
        evidence=evidence,
    )
    today = datetime.now(UTC).date()
    write_output(
        out,
        lambda fh: write_package(
            fh, contents, lambda data: sign_detached(data, identity), bagging_date=today, check=check
        ),
    )
    try:
        if check is not None:
            check()
        opened = read_package(out)  # the written file, read back whole
        seal = verify_detached(opened.tagmanifest, opened.signature, [identity.certificate])
        reports = verify_pdf(opened.report_pdf, [])
        whole = seal.intact and seal.valid and bool(reports) and all(r.intact and r.valid for r in reports)
        if not whole or opened.report_pdf != report or len(opened.evidence) != len({e.sha256 for e in evidence}):
            raise StateError.one(
                Text(
                    "写出的案例包未通过复核，已删除；请重试，仍不行请运行数据库检查",
                    "the written package did not pass its own check and was removed; try again, and run the "
                    "database check if it fails again",
                ),
                str(out),
            )
        if check is not None:
            check()  # the last moment a cancel removes the file: after this it is recorded
    except BaseException:
        with contextlib.suppress(OSError):
            out.unlink()
        raise
    size = out.stat().st_size
    if record:
        _record_export(ctx, s.ref, out, opened.sha256, size, identity)
    return ExportResult(out, opened.sha256, size, s.ref, identity.name, identity.fingerprint, len(opened.evidence))


def _record_export(
    ctx: AppContext,
    ref: str,
    out: Path,
    sha256: str,
    size: int,
    identity: Any,
    *,
    recipients: list[str] | None = None,
    plain: str | None = None,
) -> None:
    """``package.export`` in the case's audit trail: which file, its hash, who signed it (and, for an
    encrypted one, the recipients' certificate fingerprints and the hash of the package inside)."""
    extra = {} if recipients is None else {"encrypted_to": recipients, "package_sha256": plain}
    with ctx.transaction() as s:
        case = case_repo.find_revision(s, ref)
        audit.append(
            s,
            chain=case.case_uuid,
            actor=ctx.actor,
            action="package.export",
            revision=case.revision,
            target=case.case_uuid,
            new={
                "file": out.name,
                "sha256": sha256,
                "size": size,
                "signer": identity.name,
                "fingerprint": identity.fingerprint,
                **extra,
            },
        )


def verify_packages(
    ctx: AppContext | None,
    paths: list[Path],
    extra_trust: list[Path] | None = None,
    *,
    opener: Any = None,
) -> list[Any]:
    """Check package files (``package verify``): one :class:`~cityeval_desktop.services.package_check.PackageCheck`
    per file, each check named with its outcome. Nothing is written.

    Raises:
        SigningError: A ``--trust`` file holds no certificate.
    """
    from cityeval_desktop.services.package_check import PackageCheck, check_package, file_facts, trust_anchors
    from cityeval_desktop.services.package_import import revocation_check

    trusted = trust_anchors(ctx, extra_trust or [])
    revoked = revocation_check(ctx, trusted) if ctx is not None else None
    found: list[PackageCheck] = []
    for path in paths:
        path = Path(path)
        if opener is None:
            found.append(check_package(path, trusted, revoked=revoked))
            continue
        try:
            with opener(path) as plain:
                one = check_package(plain, trusted, revoked=revoked)
        except CityEvalError as exc:
            sha, size = file_facts(path)
            one = PackageCheck(path, sha, size)
            one.checks = [_failed_structure(exc)]
        one.path = path
        found.append(one)
    return found


def _failed_structure(exc: CityEvalError) -> Any:
    from cityeval_desktop.services.package_check import STRUCTURE, Check

    return Check(STRUCTURE, False, Text("；".join(exc.lines("zh")), "; ".join(exc.lines("en"))))
