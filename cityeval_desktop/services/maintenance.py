"""Database maintenance: the full check (integrity, audit chains, evidence hashes) and consistent backups."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.store import audit, locks
from cityeval_desktop.store.digest import FORMS, content_hash, differences, revision_content
from cityeval_desktop.store.engine import backup_database as _backup_database
from cityeval_desktop.store.models import AuditRow, Case, CaseReport, EvidenceRow, FrameworkRow, ObjectionAttachment

if TYPE_CHECKING:
    from cityeval_desktop.services.check_cache import CheckCache

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], None]

#: Problem kinds of :class:`DbProblem`.
INTEGRITY, FOREIGN_KEY, AUDIT, EVIDENCE_MISSING, EVIDENCE_ALTERED = (
    "integrity",
    "foreign_key",
    "audit",
    "evidence_missing",
    "evidence_altered",
)
#: The stored text of a framework no longer hashes to its SHA-256 (``subject``: ``id@version``).
FRAMEWORK_ALTERED = "framework_altered"
#: A finalized revision's rows differ from the content recorded when it was finalized
#: (``subject``: the case reference; ``reason``: one of the ``PART_*`` codes; ``detail``: the field,
#: indicator or veto id).
REVISION_CHANGED = "revision_changed"
#: A revision's status disagrees with its audit trail (``reason``: one of the ``STATUS_*`` codes).
STATUS_CHANGED = "status_changed"
#: The signed report of a finalized revision is not there (``reason``: ``row`` or ``file``).
REPORT_MISSING = "report_missing"
#: The stored report differs from the one recorded (``reason``: one of the ``REPORT_*`` codes).
REPORT_ALTERED = "report_altered"
#: The figures the case list shows differ from the result computed from the answers (repairable).
CACHE_STALE = "cache_stale"
#: A file in the evidence folder that no case or report refers to, or a partial copy left by an
#: interrupted attach (``subject``: its path under the data folder; repairable).
ORPHAN_FILE, PARTIAL_COPY = "orphan_file", "partial_copy"
#: Kinds that ``db check --repair`` (:func:`repair_database`) can put right without losing anything.
REPAIRABLE = frozenset({CACHE_STALE, ORPHAN_FILE, PARTIAL_COPY})

#: What broke in an audit chain (``DbProblem.reason`` of an ``audit`` problem).
CHAIN_MISSING, CHAIN_LINK, CHAIN_ALTERED, CHAIN_OTHER = "missing", "link", "altered", "other"
#: ... where it ends: entries deleted at its end, its head record gone or different, no trail at all.
CHAIN_TRUNCATED, CHAIN_HEAD, CHAIN_ABSENT = "truncated", "head", "absent"
#: The part of a finalized revision that changed (``reason`` of ``revision_changed``); ``content``
#: when the rows no longer match the hash the signed report carries, and the part cannot be named.
PART_CASE, PART_ANSWER, PART_VETO, PART_EVIDENCE, PART_CONTENT = "case", "answer", "veto", "evidence", "content"
PART_VERIFICATION = "verification"
#: ``status_changed``: finalized in the trail but a draft in the rows; finalized in the rows
#: without the trail recording it; a finalized revision whose row was deleted.
STATUS_UNLOCKED, STATUS_UNRECORDED, STATUS_DELETED = "unlocked", "unrecorded", "deleted"
#: ``report_altered``: the report row names other bytes or another signer than the trail; the
#: stored file no longer hashes to its name; its signature no longer holds; the content hash the
#: signature covers is not the one recorded.
REPORT_ROW, REPORT_FILE, REPORT_SIGNATURE, REPORT_CONTENT = "row", "file", "signature", "content"

_CASE_FIELDS = {
    "entity": Text("主体信息（名称、信用代码或地区）", "the entity (name, code or region)"),
    "framework": Text("评估框架", "the framework"),
    "category": Text("类别", "the category"),
    "tier": Text("服务级别", "the tier"),
    "mode": Text("评估方式", "the mode"),
    "assessor": Text("评估人", "the assessor"),
    "amend_reason": Text("修订原因", "the amendment reason"),
    "case": Text("案例编号", "the case id"),
    "revision": Text("修订版本号", "the revision number"),
    "reference_date": Text("评估基准日", "the reference date"),
    "window": Text("考察期", "the review window"),
    "team": Text("评审组或回避与独立性声明", "the assessment team or a declaration"),
    "opinion": Text("综合评价意见", "the written opinion"),
    "inspections": Text("现场核查记录", "the on-site inspection records"),
}


def case_field_text(key: str) -> Text:
    """A changed case field (``detail`` of a ``revision_changed`` problem with ``reason`` ``case``) in words."""
    return _CASE_FIELDS.get(key, Text("案例信息", "a case detail"))


#: Files in the evidence folder younger than this may belong to an attach still in progress; they
#: are neither reported as orphans nor removed.
ORPHAN_GRACE_SECONDS = 15 * 60


@dataclass(frozen=True)
class DbProblem:
    """One finding of :func:`check_database`; each front end words it in its own language.

    ``subject`` is the integrity message, the foreign-key row, the audit chain or the evidence sha256;
    ``position`` the audit entry; ``reason`` one of the ``CHAIN_*`` codes; ``detail`` the raw text.
    """

    kind: str
    subject: str
    position: int | None = None
    reason: str = ""
    detail: str = ""


@dataclass(frozen=True)
class DbCheckResult:
    """What :func:`check_database` found."""

    url: str
    problems: list[DbProblem] = field(default_factory=list)
    audit_entries: int = 0
    evidence_files: int = 0
    #: Finalized revisions whose content was compared with the record made when they were finalized.
    finalized_checked: int = 0
    #: Finalized revisions from before content hashes were recorded: their trail and report are
    #: checked, their rows cannot be (nothing recorded them).
    finalized_unbound: int = 0
    #: Cases, chains and files unchanged since an earlier check on this workstation found them sound, and
    #: so not verified again (``services.check_cache``); all zero with ``full``.
    reused_cases: int = 0
    reused_files: int = 0
    #: Everything was verified again, whatever earlier checks found (``db check --full``).
    full: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def repairable(self) -> list[DbProblem]:
        """The problems :func:`repair_database` puts right."""
        return [p for p in self.problems if p.kind in REPAIRABLE]


def _chain_reason(reason: str) -> str:
    heads = {
        audit.HEAD_TRUNCATED: CHAIN_TRUNCATED,
        audit.HEAD_MISSING: CHAIN_HEAD,
        audit.HEAD_MISMATCH: CHAIN_HEAD,
        audit.CHAIN_ABSENT: CHAIN_ABSENT,
    }
    if reason in heads:
        return heads[reason]
    if reason.startswith("entry ") and "missing" in reason:
        return CHAIN_MISSING
    if reason.startswith("previous-hash"):
        return CHAIN_LINK
    if reason.startswith("hash does not match"):
        return CHAIN_ALTERED
    return CHAIN_OTHER


def check_database(
    ctx: AppContext,
    progress: ProgressFn | None = None,
    check_cancel: CancelFn | None = None,
    *,
    full: bool = False,
) -> DbCheckResult:
    """The check (:func:`_check_database`); a file with damaged pages gets SQLite's integrity findings.

    Cases, audit chains and stored files unchanged since an earlier check on this workstation found them
    sound are not verified again (``services.check_cache``, docs/integrity.md); ``full`` verifies all."""
    from cityeval_desktop.services.db_damage import integrity_lines
    from cityeval_desktop.store.engine import DatabaseError

    try:
        return _check_database(ctx, progress, check_cancel, full=full)
    except DatabaseError:
        damage = integrity_lines(ctx)  # the other checks cannot read the damaged pages
        if not damage:
            raise
        return DbCheckResult(ctx.shown_url, [DbProblem(INTEGRITY, line) for line in damage])


def _check_database(
    ctx: AppContext,
    progress: ProgressFn | None = None,
    check_cancel: CancelFn | None = None,
    *,
    full: bool = False,
) -> DbCheckResult:
    """Check SQLite integrity and foreign keys, every audit chain and every stored evidence file.

    Args:
        ctx: The application context.
        progress: ``progress(done, total, text)`` while the evidence files are hashed.
        check_cancel: Called between files; raising there (a cancel) stops the check.
        full: Verify everything again, not only what changed since an earlier check found it sound.

    Returns:
        Everything found, in the order integrity, foreign keys, audit chains, evidence.
    """
    from cityeval_desktop.services.check_cache import CheckCache, database_state
    from cityeval_desktop.store.engine import sqlite_path
    from cityeval_desktop.store.fingerprints import case_fingerprints, chain_fingerprints

    started_ns = time.time_ns()
    cache = CheckCache.open(ctx, forget=full)
    remembering = cache.usable
    evidence_root = str(ctx.evidence.root)
    database = sqlite_path(ctx.url) if ctx.engine.dialect.name == "sqlite" else None
    before = database_state(database, started_ns) if remembering else ""
    if before:
        unchanged_database = _unchanged_database(
            ctx, cache, cache.mac("database", before), started_ns, progress, check_cancel
        )
        if unchanged_database is not None:
            return unchanged_database
    problems: list[DbProblem] = []
    report_files: dict[str, str] = {}  # the reports of the cases found sound: sha -> MAC of its state
    with ctx.reading() as s:
        if ctx.engine.dialect.name == "sqlite":
            result = [r[0] for r in s.execute(text("PRAGMA integrity_check"))]
            if result != ["ok"]:
                problems.extend(DbProblem(INTEGRITY, str(x)) for x in result)
            for row in s.execute(text("PRAGMA foreign_key_check")):
                problems.append(DbProblem(FOREIGN_KEY, str(tuple(row))))
        case_ids = set(s.scalars(select(Case.case_uuid)))
        # each chain's rows as they are now; a chain found sound before in exactly these rows is not re-hashed
        chain_macs: dict[str, str] = {}
        unchanged_chains: set[str] = set()
        if remembering:
            for chain, fingerprint in chain_fingerprints(s).items():
                chain_macs[chain] = mac = cache.mac("chain", chain, fingerprint)
                if cache.knows(mac) is not None:
                    unchanged_chains.add(chain)
        chain_problems = audit.verify_all(s, case_ids, unchanged_chains)
        for p in chain_problems:
            problems.append(DbProblem(AUDIT, p.chain, p.position, _chain_reason(p.reason), p.reason))
        if remembering:
            broken = {p.chain for p in chain_problems}
            for chain, mac in chain_macs.items():
                if chain not in broken:
                    cache.remember(mac)
        entries = audit.count(s)
        # evidence files, and the files handed in with objections (docs/objections.md): stored the same way
        shas = set(s.scalars(select(EvidenceRow.sha256))) | set(s.scalars(select(ObjectionAttachment.sha256)))
        altered_frameworks = _framework_problems(s)
        problems.extend(altered_frameworks)
        bad_frameworks = {p.detail for p in altered_frameworks}
        # each case's rows, its chain and its stored reports as they are now: a case found sound before in
        # exactly this state is not checked again (its counts are the ones that check made)
        case_macs: dict[str, str] = {}
        unchanged: dict[str, list[int]] = {}
        if remembering:
            fingerprints = case_fingerprints(s)
            reports: dict[str, list[str]] = {}
            for case_uuid, sha in s.execute(
                select(Case.case_uuid, CaseReport.sha256).join_from(CaseReport, Case, Case.id == CaseReport.case_id)
            ):
                reports.setdefault(case_uuid, []).append(sha)
            framework_state = ",".join(sorted(bad_frameworks))
            for case_uuid in case_ids:
                states = {sha: _stored_state(evidence_root, sha, started_ns) for sha in reports.get(case_uuid, ())}
                if not all(states.values()):
                    continue  # a report whose file cannot be told unchanged later: this case is checked each time
                files = sorted(f"{sha}={state}" for sha, state in states.items())
                case_macs[case_uuid] = mac = cache.mac(
                    "case",
                    case_uuid,
                    fingerprints.get(case_uuid, ""),
                    chain_macs.get(case_uuid, ""),
                    framework_state,
                    *files,
                )
                for sha, state in states.items():
                    report_files[sha] = cache.mac("file", sha, state)
                counts = cache.knows(mac)
                if counts is not None and len(counts) == 2 and case_uuid in unchanged_chains:
                    unchanged[case_uuid] = counts
                    cache.remember(mac, counts)
        reused_cases = len(unchanged)
        pending = sorted((case_ids | _finalized_chains(s)) - set(unchanged))
        revisions = _RevisionCheck(ctx, s, bad_frameworks, check_cancel, pending if unchanged else None)
        for case_uuid in pending:
            counted = (revisions.checked, revisions.unbound)
            found = revisions.check_case(case_uuid)
            problems.extend(found)
            if not found and case_uuid in case_macs:
                cache.remember(case_macs[case_uuid], [revisions.checked - counted[0], revisions.unbound - counted[1]])
        checked = revisions.checked + sum(c[0] for c in unchanged.values())
        unbound = revisions.unbound + sum(c[1] for c in unchanged.values())
        report_shas = set(s.scalars(select(CaseReport.sha256)))
    found_files, reused_files = _check_files(ctx, shas, cache, evidence_root, started_ns, progress, check_cancel)
    problems.extend(found_files)
    problems.extend(_stray_files(ctx, shas | report_shas))
    if not problems and before and database_state(database, started_ns) == before:
        # sound, and nobody wrote to the database while it was checked: the same file state next time means the
        # same bytes, and this verdict (with the stored reports' states, as each sound case's report was found)
        cache.remember(cache.mac("database", before), [entries, checked, unbound, len(case_ids)])
        for mac in report_files.values():
            cache.remember(mac)
    cache.save()
    return DbCheckResult(
        ctx.shown_url, problems, entries, len(shas), checked, unbound, reused_cases, reused_files, full
    )


def _unchanged_database(
    ctx: AppContext,
    cache: CheckCache,
    database_mac: str,
    started_ns: int,
    progress: ProgressFn | None,
    check_cancel: CancelFn | None,
) -> DbCheckResult | None:
    """The check of a SQLite database not written to since a check found it sound (its file state is the one
    remembered): nothing in it is read again but the names of the stored files, and each of those must be as
    it was too (a changed or missing one is verified; a changed report makes this None: a check in full)."""
    counts = cache.knows(database_mac)
    if counts is None or len(counts) != 4:
        return None
    evidence_root = str(ctx.evidence.root)
    with ctx.reading() as s:
        shas = set(s.scalars(select(EvidenceRow.sha256))) | set(s.scalars(select(ObjectionAttachment.sha256)))
        report_shas = set(s.scalars(select(CaseReport.sha256)))
    for sha in report_shas:
        state = _stored_state(evidence_root, sha, started_ns)
        if not state or cache.knows(cache.mac("file", sha, state)) is None:
            return None  # a stored report changed: its case is checked again, with everything else
    problems, reused_files = _check_files(ctx, shas, cache, evidence_root, started_ns, progress, check_cancel)
    problems.extend(_stray_files(ctx, shas | report_shas))
    cache.keep_all()  # every earlier verdict still describes these very bytes
    cache.save()
    entries, checked, unbound, cases = counts
    return DbCheckResult(ctx.shown_url, problems, entries, len(shas), checked, unbound, cases, reused_files)


def _check_files(
    ctx: AppContext,
    shas: set[str],
    cache: CheckCache,
    evidence_root: str,
    started_ns: int,
    progress: ProgressFn | None,
    check_cancel: CancelFn | None,
) -> tuple[list[DbProblem], int]:
    """Each stored file named in ``shas`` present and hashing to its name: hashed again unless an earlier
    check found it sound in the state it is in now. Returns the problems and how many were not hashed."""
    problems: list[DbProblem] = []
    store, reused = ctx.evidence, 0
    ordered = sorted(shas)
    for n, sha in enumerate(ordered):
        if check_cancel:
            check_cancel()
        if progress:
            progress(n, len(ordered), sha[:12])
        state = _stored_state(evidence_root, sha, started_ns) if cache.usable else ""
        mac = cache.mac("file", sha, state) if state else ""
        if mac and cache.knows(mac) is not None:
            cache.remember(mac)
            reused += 1
        elif not store.has(sha):
            problems.append(DbProblem(EVIDENCE_MISSING, sha))
        elif not store.verify(sha):
            problems.append(DbProblem(EVIDENCE_ALTERED, sha))
        elif mac:
            cache.remember(mac)
    if progress:
        progress(len(ordered), len(ordered), "")
    return problems, reused


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _stored_state(root: str, sha: str, started_ns: int) -> str:
    """The file-system identity (``check_cache.file_state``) of the stored file named ``sha`` ('' when the
    name is not a sha256); the store's own layout (``EvidenceStore.path_of``) without its path objects, for
    tens of thousands of files."""
    from cityeval_desktop.services.check_cache import file_state

    if not isinstance(sha, str) or _SHA256.fullmatch(sha) is None:
        return ""
    return file_state(os.path.join(root, sha[:2], sha), started_ns)  # noqa: PTH118 (no Path objects)


def _finalized_chains(s: Session) -> set[str]:
    """The chains that record a finalize (a case whose rows were all deleted still has one)."""
    finalizing = AuditRow.action.in_(("case.finalize", "report.sign"))
    return set(s.scalars(select(AuditRow.chain).where(finalizing).distinct()))


def _framework_problems(s: Session) -> list[DbProblem]:
    """Every stored framework text must still hash to the SHA-256 it is stored (and pinned) under."""
    found = []
    for row in s.scalars(select(FrameworkRow)):
        if hashlib.sha256(row.content).hexdigest() != row.sha256:
            found.append(DbProblem(FRAMEWORK_ALTERED, f"{row.framework_id}@{row.version}", detail=row.sha256))
    return found


class _RevisionCheck:
    """Each revision against its audit trail; each finalized one against its record and signed report."""

    def __init__(
        self,
        ctx: AppContext,
        s: Session,
        bad_frameworks: set[str],
        check_cancel: CancelFn | None,
        chains: list[str] | None = None,
    ) -> None:
        """``chains``: the cases to be checked (None: all); only their trails' records are read."""
        self.ctx, self.s, self.bad_frameworks, self.check_cancel = ctx, s, bad_frameworks, check_cancel
        self.checked = self.unbound = 0
        self._finalized: dict[str, dict[int, dict[str, Any] | None]] = {}
        for chain, revision, action, new_json in _in_chains(
            s,
            select(AuditRow.chain, AuditRow.revision, AuditRow.action, AuditRow.new_json).where(
                AuditRow.action.in_(("case.finalize", "report.sign"))
            ),
            chains,
        ):
            if revision is None:
                continue
            revisions = self._finalized.setdefault(chain, {})
            if action == "report.sign":
                revisions[revision] = _json_object(new_json)
            else:
                revisions.setdefault(revision, None)
        #: the reviewer's countersignatures (issue 12): (old sha256, new sha256, new size) per revision, in order
        self._countersigned: dict[tuple[str, int], list[tuple[Any, Any, Any]]] = {}
        for chain, revision, old_json, new_json in _in_chains(
            s,
            select(AuditRow.chain, AuditRow.revision, AuditRow.old_json, AuditRow.new_json)
            .where(AuditRow.action == "report.countersign")
            .order_by(AuditRow.chain, AuditRow.position),
            chains,
        ):
            if revision is not None:
                old, new = _json_object(old_json) or {}, _json_object(new_json) or {}
                self._countersigned.setdefault((chain, revision), []).append(
                    (old.get("sha256"), new.get("sha256"), new.get("size"))
                )

    def check_case(self, case_uuid: str) -> list[DbProblem]:
        if self.check_cancel:
            self.check_cancel()
        rows = self.s.scalars(
            select(Case)
            .where(Case.case_uuid == case_uuid)
            .options(
                selectinload(Case.answers),
                selectinload(Case.vetoes),
                selectinload(Case.evidence),
                selectinload(Case.verifications),
                selectinload(Case.dimension_scores),
            )
            .order_by(Case.revision)
        ).all()
        by_revision = {c.revision: c for c in rows}
        trail = self._finalized.get(case_uuid, {})
        found: list[DbProblem] = []
        for revision in sorted(set(trail) - set(by_revision)):
            found.append(DbProblem(STATUS_CHANGED, f"{case_uuid}@{revision}", reason=STATUS_DELETED))
        for case in rows:
            ref = f"{case.case_uuid}@{case.revision}"
            in_trail = case.revision in trail
            if in_trail and case.status != "finalized":
                found.append(DbProblem(STATUS_CHANGED, ref, reason=STATUS_UNLOCKED))
            elif case.status == "finalized" and not in_trail:
                found.append(DbProblem(STATUS_CHANGED, ref, reason=STATUS_UNRECORDED))
            changed: list[DbProblem] = []
            if in_trail or case.status == "finalized":
                changed = self._finalized_revision(case, ref, trail.get(case.revision))
                found.extend(changed)
            if not any(p.kind == REVISION_CHANGED for p in changed):
                # (figures recomputed from tampered rows would only make the tampering look right)
                found.extend(self._cached_figures(case, ref))
        return found

    def _finalized_revision(self, case: Case, ref: str, signed: dict[str, Any] | None) -> list[DbProblem]:
        found: list[DbProblem] = []
        recorded = signed.get("content") if signed else None
        form = recorded.get("form") if isinstance(recorded, dict) else None
        # a revision is checked in the form its content was recorded in (docs/integrity.md)
        current = revision_content(case, form) if form in FORMS else revision_content(case)
        if isinstance(recorded, dict):
            self.checked += 1
            found.extend(
                DbProblem(REVISION_CHANGED, ref, reason=part, detail=key)
                for part, key in differences(recorded, current)
            )
        else:
            self.unbound += 1
        reports = self.s.scalars(
            select(CaseReport).where(CaseReport.case_id == case.id, CaseReport.final.is_(True))
        ).all()
        if signed is None:
            if not reports:
                found.append(DbProblem(REPORT_MISSING, ref, reason=REPORT_ROW))
            return found
        sha, size = signed.get("sha256"), signed.get("size")
        # a countersigned report (issue 12) replaced the finalize one: each countersignature continues the one
        # before it; the report finalize recorded must be where the countersigned one begins (checked below)
        finalized_sha = sha
        for old_sha, new_sha, new_size in self._countersigned.get((case.case_uuid, case.revision), []):
            if old_sha != sha:
                found.append(DbProblem(REPORT_ALTERED, ref, reason=REPORT_ROW))
                break
            sha, size = new_sha, new_size
        row = next((r for r in reports if r.sha256 == sha), None)
        if row is None:
            found.append(DbProblem(REPORT_ALTERED if reports else REPORT_MISSING, ref, reason=REPORT_ROW))
        elif row.size != size or (row.signer_fingerprint or "") != (signed.get("fingerprint") or ""):
            found.append(DbProblem(REPORT_ALTERED, ref, reason=REPORT_ROW))
        if not isinstance(sha, str) or len(sha) != 64:
            return found
        store = self.ctx.evidence
        if finalized_sha != sha and not self._continues(finalized_sha, sha):
            found.append(DbProblem(REPORT_ALTERED, ref, reason=REPORT_SIGNATURE))
        try:
            present, whole = store.has(sha), store.verify(sha)
        except ValueError:  # not a sha256 (a tampered trail entry; its chain check names it)
            return found
        if not present:
            found.append(DbProblem(REPORT_MISSING, ref, reason=REPORT_FILE, detail=sha))
            return found
        if not whole:
            found.append(DbProblem(REPORT_ALTERED, ref, reason=REPORT_FILE, detail=sha))
            return found
        found.extend(self._seal(ref, store.path_of(sha), signed, current, bool(found)))
        return found

    def _continues(self, finalized_sha: Any, sha: str) -> bool:
        """The countersigned report ``sha`` is the finalize one (when still stored) with revisions appended."""
        store = self.ctx.evidence
        try:
            if not isinstance(finalized_sha, str) or not store.has(finalized_sha) or not store.has(sha):
                return True  # a missing file is named by the file check; an imported revision has only the last
            first = store.path_of(finalized_sha).read_bytes()
            with store.path_of(sha).open("rb") as fh:
                return fh.read(len(first)) == first
        except (ValueError, OSError):
            return False

    def _seal(
        self, ref: str, path: Path, signed: dict[str, Any], current: dict[str, Any], named: bool
    ) -> list[DbProblem]:
        """The signed report must hold and carry the content hash of the rows (and of the record)."""
        from cityeval_desktop.signing.errors import SigningError
        from cityeval_desktop.signing.report_seal import read_report_seal

        try:
            seal = read_report_seal(path.read_bytes())
        except (SigningError, OSError):
            seal = None
        if seal is None or not seal.holds:
            return [DbProblem(REPORT_ALTERED, ref, reason=REPORT_SIGNATURE)]
        found: list[DbProblem] = []
        if (signed.get("fingerprint") or "") and seal.signer_fingerprint != signed.get("fingerprint"):
            found.append(DbProblem(REPORT_ALTERED, ref, reason=REPORT_SIGNATURE))
        if seal.content_sha256 is None:
            return found  # a report from before content hashes
        if signed.get("content_sha256") != seal.content_sha256:
            found.append(DbProblem(REPORT_ALTERED, ref, reason=REPORT_CONTENT))
        if content_hash(current) != seal.content_sha256 and not named:
            # the rows were changed and the trail rewritten to match them: the report still tells
            found.append(DbProblem(REVISION_CHANGED, ref, reason=PART_CONTENT))
        return found

    def _cached_figures(self, case: Case, ref: str) -> list[DbProblem]:
        """The list's cached total, grade, completeness and provisional flag against the recomputed result."""
        if case.framework_sha256 in self.bad_frameworks:
            return []
        from cityeval_desktop.services.cases import cached_figures, dimension_figures, score_revision

        try:
            result = score_revision(self.s, case)
        except DomainError:
            return []  # a framework that cannot be read is a problem of its own
        expected = cached_figures(result)
        stored = (case.total, case.grade, case.completeness, case.provisional)
        # the regional view's figures (migration 0010): the numeric total and every dimension's score
        dimensions = {row.dimension_id: row.score_hundredths for row in case.dimension_scores}
        if (
            stored != expected
            or case.total_hundredths != int(result.total_shown * 100)
            or dimensions != dimension_figures(result)
        ):
            return [DbProblem(CACHE_STALE, ref)]
        return []


def _in_chains(s: Session, query: Any, chains: list[str] | None) -> Iterator[Any]:
    """The rows of ``query`` (on audit rows), of the ``chains`` only when given, in runs of a few hundred."""
    if chains is None:
        yield from s.execute(query)
        return
    for start in range(0, len(chains), 500):
        yield from s.execute(query.where(AuditRow.chain.in_(chains[start : start + 500])))


def _json_object(value: str | None) -> dict[str, Any] | None:
    try:
        loaded = json.loads(value or "null")
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _stray_files(ctx: AppContext, referenced: set[str]) -> list[DbProblem]:
    """Files in the evidence folder no row refers to, and partial copies, older than the grace period."""
    root = ctx.evidence.root
    if not root.is_dir():
        return []
    cutoff = time.time() - ORPHAN_GRACE_SECONDS
    found: list[DbProblem] = []
    for name in sorted(_names(root)):
        path = root / name
        if name.startswith((".incoming-", ".bytes-")):
            if _older(path, cutoff):
                found.append(DbProblem(PARTIAL_COPY, _shown(ctx, path)))
        elif len(name) == 2 and path.is_dir() and not path.is_symlink():
            # names first (tens of thousands of referenced files): only an unreferenced one is looked at
            for blob_name in sorted(_names(path)):
                if not blob_name.startswith(name) or len(blob_name) != 64 or blob_name in referenced:
                    continue
                blob = path / blob_name
                if blob.is_file() and not blob.is_symlink() and _older(blob, cutoff):
                    found.append(DbProblem(ORPHAN_FILE, _shown(ctx, blob), detail=blob_name))
    return found


def _names(folder: Path) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            return [entry.name for entry in entries]
    except OSError:
        return []


def _older(path: Path, cutoff: float) -> bool:
    try:
        return path.lstat().st_mtime < cutoff
    except OSError:
        return False


def _shown(ctx: AppContext, path: Path) -> str:
    try:
        return str(path.relative_to(ctx.data_dir))
    except ValueError:
        return str(path)


class BackupError(InputError):
    """The backup could not be written; ``cause`` is the file system's or SQLite's own error."""

    def __init__(self, out: Path, cause: OSError | sqlite3.Error) -> None:
        from cityeval_desktop.domain.os_errors import os_reason
        from cityeval_desktop.store import sqlite_file

        reason = os_reason(cause) if isinstance(cause, OSError) else sqlite_file.reason(sqlite_file.error_kind(cause))
        super().__init__(
            [
                DomainError(
                    Text(
                        f"无法写入备份：{reason.zh}；未留下任何文件",
                        f"cannot write the backup: {reason.en}; no file was left",
                    ),
                    str(out),
                )
            ]
        )
        self.cause = cause


def can_back_up(ctx: AppContext) -> bool:
    """True when the database is a SQLite file this program can copy, or PostgreSQL with pg_dump installed."""
    return backup_unavailable(ctx) is None


def backup_unavailable(ctx: AppContext) -> Text | None:
    """Why ``db backup`` cannot run on this database (None when it can), saying what to do."""
    if ctx.engine.dialect.name == "postgresql":
        from cityeval_desktop.store.server_backup import PG_DUMP_ENV, pg_dump_program

        if pg_dump_program() is not None:
            return None
        return Text(
            f"未找到 pg_dump：请安装 PostgreSQL 客户端（Debian：apt install postgresql-client），或用环境变量 "
            f"{PG_DUMP_ENV} 指定 pg_dump 程序，然后重新打开本页",
            f"pg_dump was not found: install the PostgreSQL client (Debian: apt install postgresql-client) or "
            f"name the pg_dump program in {PG_DUMP_ENV}, then open this page again",
        )
    if ctx.engine.dialect.name == "sqlite":
        return None
    return Text(
        "这是数据库服务器：请用服务器自带的工具备份",
        "This is a database server: back it up with the server's own tools",
    )


def backup_suffix(ctx: AppContext) -> str:
    """The usual name ending of a backup of this database (``.sqlite3``; ``.dump`` for pg_dump's format)."""
    return ".dump" if ctx.engine.dialect.name == "postgresql" else ".sqlite3"


def backup_database(
    ctx: AppContext, out: Path, progress: ProgressFn | None = None, check_cancel: CancelFn | None = None
) -> Path:
    """Write a consistent copy of the database to a new file (never overwriting one).

    The copy is written beside the target as ``NAME.partial``, fsynced and renamed; a cancel (``check_cancel``
    raising between steps) or a failure leaves no file behind.

    Args:
        ctx: The application context.
        out: The backup file to create.
        progress: ``progress(done_pages, total_pages, "")`` between steps.
        check_cancel: Raises to stop the copy.

    Returns:
        The absolute path of the backup.

    Raises:
        BackupError: The target cannot be written.
        DatabaseError: The target exists, or the database is not a SQLite file.
    """
    out = Path(out)

    def step(done: int, total: int) -> None:
        if check_cancel:
            check_cancel()
        if progress:
            progress(done, total, "")

    try:
        return _backup_database(ctx.engine, out, step if (progress or check_cancel) else None)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(out, exc) from None


@dataclass(frozen=True)
class RepairResult:
    """What :func:`repair_database` put right."""

    removed_files: list[str] = field(default_factory=list)
    freed_bytes: int = 0
    refreshed: list[str] = field(default_factory=list)
    #: Problems found that a repair cannot put right (restore a backup for those).
    left: list[DbProblem] = field(default_factory=list)


def repair_database(ctx: AppContext, checked: DbCheckResult | None = None) -> RepairResult:
    """Put right what :data:`REPAIRABLE` names, in one audited transaction; nothing else is touched.

    Orphaned evidence files and partial copies are removed (each looked at again under the write
    lock: still unreferenced, still older than the grace period), and stale cached figures are
    written again from the result. Tampering and damage are left for a backup to put right.
    """
    checked = checked if checked is not None else check_database(ctx)
    removed: list[str] = []
    freed = 0
    refreshed: list[str] = []
    cutoff = time.time() - ORPHAN_GRACE_SECONDS
    with ctx.transaction() as s:  # holds the write lock: no attach can commit a reference meanwhile
        locks.lock_against_inserts(s, "evidence", "case_reports", "objection_attachments")  # the same on a server
        referenced = (
            set(s.scalars(select(EvidenceRow.sha256)))
            | set(s.scalars(select(CaseReport.sha256)))
            | set(s.scalars(select(ObjectionAttachment.sha256)))
        )
        for p in checked.repairable:
            if p.kind == CACHE_STALE:
                if _refresh(s, p.subject):
                    refreshed.append(p.subject)
                continue
            path = ctx.data_dir / p.subject
            if p.kind == ORPHAN_FILE and (p.detail in referenced or not _older(path, cutoff)):
                continue
            size = _remove(path, cutoff)
            if size is not None:
                removed.append(p.subject)
                freed += size
        if removed or refreshed:
            audit.append(
                s,
                chain=audit.SYSTEM_CHAIN,
                actor=ctx.actor,
                action="db.repair",
                new={"removed_files": removed, "freed_bytes": freed, "refreshed": refreshed},
            )
    left = [p for p in checked.problems if p.kind not in REPAIRABLE]
    return RepairResult(removed, freed, refreshed, left)


def _refresh(s: Session, ref: str) -> bool:
    from cityeval_desktop.services.cases import score_revision, store_cached_figures

    case_uuid, _, revision = ref.partition("@")
    case = s.scalars(
        select(Case)
        .where(Case.case_uuid == case_uuid, Case.revision == int(revision))
        .options(selectinload(Case.answers), selectinload(Case.vetoes))
    ).first()
    if case is None:
        return False
    store_cached_figures(case, score_revision(s, case))
    return True


def _remove(path: Path, cutoff: float) -> int | None:
    """Remove a stray file or a partial-copy folder (its regular files only); the bytes freed."""
    import shutil

    try:
        info = path.lstat()
        if path.is_symlink() or not _older(path, cutoff):
            return None
        if path.is_dir():
            size = sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())
            shutil.rmtree(path)
            return size
        path.unlink()
        return info.st_size
    except OSError:
        return None


def problem_text(p: DbProblem) -> Text:
    """One finding of the check in words, in both languages (every front end shows this same text)."""
    x, d = p.subject, p.detail
    if p.kind == INTEGRITY:
        from cityeval_desktop.services.db_damage import integrity_text

        return integrity_text(x)
    if p.kind == FOREIGN_KEY:
        return Text(f"有记录指向不存在的记录：{x}", f"rows refer to records that do not exist: {x}")
    if p.kind == AUDIT:
        zh, en = _CHAIN_TEXT.get(p.reason, ("该记录无法读取", "the entry cannot be read"))
        return Text(f"审计链 {x} 第 {p.position} 条：{zh}", f"audit chain {x} entry {p.position}: {en}")
    if p.kind == EVIDENCE_MISSING:
        return Text(f"证据文件缺失：{x}", f"evidence file missing: {x}")
    if p.kind == EVIDENCE_ALTERED:
        return Text(f"证据文件在添加后被改动：{x}", f"evidence file changed since it was attached: {x}")
    if p.kind == FRAMEWORK_ALTERED:
        return Text(
            f"评估框架 {x} 的存储文本已被改动，与其哈希值不符",
            f"the stored text of framework {x} was changed: it no longer matches its SHA-256",
        )
    if p.kind == REVISION_CHANGED:
        part = _part_text(p.reason, d)
        return Text(f"已定稿的 {x}：{part.zh}在定稿后被改动", f"finalized {x}: {part.en} was changed after finalizing")
    if p.kind in (STATUS_CHANGED, REPORT_ALTERED):
        zh, en = _STATUS_TEXT[p.reason] if p.kind == STATUS_CHANGED else _REPORT_TEXT[p.reason]
        return Text(f"{x}：{zh}", f"{x}: {en}")
    if p.kind == REPORT_MISSING:
        return Text(f"{x}：已签署的定稿报告缺失", f"{x}: the signed final report is missing")
    if p.kind == CACHE_STALE:
        return Text(
            f"{x}：案例列表中的总分、等级或完整度与计算结果不符（可修复）",
            f"{x}: the total, grade or completeness shown in the case list differ from the result (repairable)",
        )
    if p.kind == ORPHAN_FILE:
        return Text(f"没有任何案例引用的证据文件：{x}（可修复）", f"evidence file no case refers to: {x} (repairable)")
    return Text(
        f"添加证据中断后留下的部分文件：{x}（可修复）", f"partial copy left by an interrupted attach: {x} (repairable)"
    )


_CHAIN_TEXT = {
    CHAIN_MISSING: ("缺少一条记录", "an entry is missing"),
    CHAIN_LINK: ("与上一条记录的链接断开", "the link to the previous entry is broken"),
    CHAIN_ALTERED: ("该记录写入后被改动", "the entry was changed after it was written"),
    CHAIN_TRUNCATED: ("从这一条起，链末尾的记录被删除", "the entries from here to the end were deleted"),
    CHAIN_HEAD: (
        "记录审计链末尾位置的记录与最后一条记录不符",
        "the record of where the chain ends does not match its last entry",
    ),
    CHAIN_ABSENT: ("该案例的审计记录全部缺失", "the case's whole audit trail is missing"),
}
_STATUS_TEXT = {
    STATUS_UNLOCKED: (
        "审计记录显示已定稿，但现在是草稿（被解锁）",
        "the audit trail says finalized, but it is a draft now (unlocked)",
    ),
    STATUS_UNRECORDED: (
        "标记为已定稿，但审计记录中没有定稿记录",
        "marked finalized, but the audit trail records no finalize",
    ),
    STATUS_DELETED: ("已定稿的修订版本被删除", "a finalized revision was deleted"),
}
_REPORT_TEXT = {
    REPORT_ROW: (
        "报告记录与审计记录不符（文件、大小或签署人被更换）",
        "the report record does not match the audit trail (file, size or signer replaced)",
    ),
    REPORT_FILE: ("已签署的报告文件已被改动", "the signed report file was altered"),
    REPORT_SIGNATURE: (
        "已签署报告的签名不再成立（文件签署后被改动）",
        "the signed report's signature no longer holds (changed after signing)",
    ),
    REPORT_CONTENT: (
        "审计记录中的内容哈希与已签署报告所载的不符",
        "the content hash in the audit trail differs from the one the signed report carries",
    ),
}


def _part_text(part: str, key: str) -> Text:
    if part == PART_CASE:
        return case_field_text(key)
    if part == PART_ANSWER:
        return Text(f"指标 {key} 的答案、不适用或备注", f"the answer, N/A or note of indicator {key}")
    if part == PART_VETO:
        return Text(f"否决项 {key} 的判定", f"the decision on veto item {key}")
    if part == PART_EVIDENCE:
        return Text(f"指标或否决项 {key} 的证据", f"the evidence of indicator or veto {key}")
    if part == PART_VERIFICATION:
        return Text(f"指标 {key} 的证据核验", f"the evidence verification of indicator {key}")
    return Text(
        "内容（与已签署报告所载的内容哈希不符）",
        "its content (it no longer matches the hash the signed report carries)",
    )
