"""Database maintenance: the full check (integrity, audit chains, evidence hashes) and consistent backups."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, text

from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.store import audit
from cityeval_desktop.store.engine import backup_database as _backup_database
from cityeval_desktop.store.models import EvidenceRow

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
#: What broke in an audit chain (``DbProblem.reason`` of an ``audit`` problem).
CHAIN_MISSING, CHAIN_LINK, CHAIN_ALTERED, CHAIN_OTHER = "missing", "link", "altered", "other"


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

    @property
    def ok(self) -> bool:
        return not self.problems


def _chain_reason(reason: str) -> str:
    if reason.startswith("entry ") and "missing" in reason:
        return CHAIN_MISSING
    if reason.startswith("previous-hash"):
        return CHAIN_LINK
    if reason.startswith("hash does not match"):
        return CHAIN_ALTERED
    return CHAIN_OTHER


def check_database(
    ctx: AppContext, progress: ProgressFn | None = None, check_cancel: CancelFn | None = None
) -> DbCheckResult:
    """Check SQLite integrity and foreign keys, every audit chain and every stored evidence file.

    Args:
        ctx: The application context.
        progress: ``progress(done, total, text)`` while the evidence files are hashed.
        check_cancel: Called between files; raising there (a cancel) stops the check.

    Returns:
        Everything found, in the order integrity, foreign keys, audit chains, evidence.
    """
    problems: list[DbProblem] = []
    with ctx.reading() as s:
        if ctx.engine.dialect.name == "sqlite":
            result = [r[0] for r in s.execute(text("PRAGMA integrity_check"))]
            if result != ["ok"]:
                problems.extend(DbProblem(INTEGRITY, str(x)) for x in result)
            for row in s.execute(text("PRAGMA foreign_key_check")):
                problems.append(DbProblem(FOREIGN_KEY, str(tuple(row))))
        for p in audit.verify_all(s):
            problems.append(DbProblem(AUDIT, p.chain, p.position, _chain_reason(p.reason), p.reason))
        entries = audit.count(s)
        shas = set(s.scalars(select(EvidenceRow.sha256)))
    store = ctx.evidence
    ordered = sorted(shas)
    for n, sha in enumerate(ordered):
        if check_cancel:
            check_cancel()
        if progress:
            progress(n, len(ordered), sha[:12])
        if not store.has(sha):
            problems.append(DbProblem(EVIDENCE_MISSING, sha))
        elif not store.verify(sha):
            problems.append(DbProblem(EVIDENCE_ALTERED, sha))
    if progress:
        progress(len(ordered), len(ordered), "")
    return DbCheckResult(ctx.url, problems, entries, len(shas))


class BackupError(InputError):
    """The backup could not be written; ``cause`` is the file system's or SQLite's own error."""

    def __init__(self, out: Path, cause: OSError | sqlite3.Error) -> None:
        reason = getattr(cause, "strerror", None) or str(cause)
        super().__init__(
            [
                DomainError(
                    Text(
                        f"无法写入备份：{reason}；未留下任何文件",
                        f"cannot write the backup: {reason}; no file was left",
                    ),
                    str(out),
                )
            ]
        )
        self.cause = cause


def can_back_up(ctx: AppContext) -> bool:
    """True when the database is a SQLite file this program can copy (a server has its own tools)."""
    return ctx.engine.dialect.name == "sqlite"


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
