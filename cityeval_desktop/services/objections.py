"""Objections (异议) against a published result (issue 13 §2.6; docs/objections.md).

Someone objects to an entity's finalized third-party result during or after the public notice: the
agency records the objection (who, when, the grounds, files handed in), reviews it, and decides it,
upheld or dismissed, with its reason. An **upheld** objection withdraws exactly the revision it was
made against from the regional view and the disclosure (:func:`withdrawn_revision_ids`); a newer
revision of the same case (the amended result, imported or finalized later) is not withdrawn.

Each step is one transaction that reads what it checks inside it, with one entry on the ``system``
audit chain (``objection.add``, ``objection.review``, ``objection.decide``; target the case uuid, at
the revision objected to), as a package import is audited. Not on the case's own chain: that chain is
the assessor's history of the case and travels in its packages; an agency's entry there would part it
from the history the amended package carries, and that package would be refused.
"""

from __future__ import annotations

import mimetypes
import os
import stat
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from cityeval_desktop.domain import days
from cityeval_desktop.domain import uscc as uscc_check
from cityeval_desktop.domain.framework import CATEGORIES
from cityeval_desktop.domain.os_errors import os_reason
from cityeval_desktop.domain.records import FINALIZED
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.services.context import AppContext, retry_conflicts
from cityeval_desktop.services.errors import InputError, NotFoundError, StateError
from cityeval_desktop.store import audit, case_repo, locks
from cityeval_desktop.store.evidence import EvidenceError, StoredFile, check_name_length, shown_name
from cityeval_desktop.store.models import Case, NumberCounter, Objection, ObjectionAttachment, utcnow
from cityeval_desktop.store.session_info import in_write_transaction

RECEIVED, UNDER_REVIEW, UPHELD, DISMISSED = "received", "under_review", "upheld", "dismissed"
STATES = (RECEIVED, UNDER_REVIEW, UPHELD, DISMISSED)
OPEN_STATES = (RECEIVED, UNDER_REVIEW)
STATE_WORDS = {
    RECEIVED: Text("已受理", "received"),
    UNDER_REVIEW: Text("复核中", "under review"),
    UPHELD: Text("异议成立", "upheld"),
    DISMISSED: Text("异议不成立", "dismissed"),
}
#: the audit actions of the three steps (``system`` chain)
ADD, REVIEW, DECIDE = "objection.add", "objection.review", "objection.decide"

MAX_GROUNDS = 4000
MAX_REASON = 4000
MAX_NAME = 200
MAX_FILES = 20
#: one attachment at most this large (and at most the evidence limit of the database, when lower)
MAX_FILE_BYTES = 50 * 1024 * 1024
_BUSY = Text("另一个程序正在处理异议，请重试", "another program is handling objections; try again")


@dataclass(frozen=True)
class AttachmentInfo:
    sha256: str
    name: str
    size: int
    media_type: str


@dataclass(frozen=True)
class ObjectionInfo:
    """One objection as plain data (what ``objection list`` prints)."""

    number: str
    case_ref: str
    case_row_id: int
    uscc: str
    entity_name: str
    category: str
    objector: str | None
    grounds: str
    received_at: datetime
    recorded_by: str
    state: str
    reviewed_at: datetime | None
    reviewed_by: str | None
    decided_at: datetime | None
    decided_by: str | None
    reason: str | None
    attachments: tuple[AttachmentInfo, ...]
    #: the newest finalized revision after the one objected to ("uuid@revision"), else None: once an upheld
    #: objection's case has one, that amended revision counts in the withdrawn one's place
    amended_by: str | None = None

    @property
    def open(self) -> bool:
        return self.state in OPEN_STATES

    def as_json(self) -> dict[str, Any]:
        def when(value: datetime | None) -> str | None:
            return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value is not None else None

        return {
            "id": self.number,
            "case": self.case_ref,
            "uscc": self.uscc,
            "entity": self.entity_name,
            "category": self.category,
            "by": self.objector,
            "grounds": self.grounds,
            "received_at": when(self.received_at),
            "recorded_by": self.recorded_by,
            "state": self.state,
            "open": self.open,
            "reviewed_at": when(self.reviewed_at),
            "reviewed_by": self.reviewed_by,
            "decided_at": when(self.decided_at),
            "decided_by": self.decided_by,
            "reason": self.reason,
            "withdrawn": self.state == UPHELD,
            "amended_by": self.amended_by,
            "attachments": [
                {"name": a.name, "sha256": a.sha256, "size": a.size, "media_type": a.media_type}
                for a in self.attachments
            ],
        }


# ----------------------------------------------------------------------------- what counts
def withdrawn_revisions() -> Select[Any]:
    """The ids (``cases.id``) of the revisions an upheld objection withdrew, as a query to use inside another
    (``Case.id.not_in(withdrawn_revisions())``), so an aggregate over 10,000 cases never loads them."""
    return select(Objection.case_id).where(Objection.state == UPHELD).distinct()


def withdrawn_revision_ids(session: Session) -> set[int]:
    """The case row ids (``cases.id``) whose result is withdrawn by an upheld objection.

    The input of the counting rule (docs/objections.md, "What counts"): a withdrawn revision is taken out
    of the regional view's statistics and out of every disclosure output. It withdraws exactly that row:
    a newer revision of the same case (amended, imported or finalized later) is not in the set. The rule
    picks the latest finalized third-party revision of each entity and category first and then drops it
    when it is in this set; it does not fall back to an older revision (which the withdrawn one had
    superseded), so the entity has no counted result in that category until an amended revision is there.
    """
    return set(session.scalars(withdrawn_revisions()))


# ----------------------------------------------------------------------------- checks
def _clean_text(value: str | None, where: str, limit: int, *, required: bool) -> str | None:
    if value is None or not value.strip():
        if required:
            raise InputError.one(Text("不能为空", "must not be empty"), where)
        return None
    if len(value) > limit:
        raise InputError.one(
            Text(f"文字过长（{len(value)} 字，上限 {limit} 字）", f"too long ({len(value)} characters, limit {limit})"),
            where,
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError.one(
            Text("文字含有无效字符（不成对的代理字符）", "the text holds an invalid character"), where
        ) from None
    if "\x00" in value:
        raise InputError.one(Text("文字含有空字符", "the text holds a NUL character"), where)
    return value.strip()


def _clean_name(value: str | None) -> str | None:
    name = _clean_text(value, "--by", MAX_NAME, required=False)
    if name is not None and any(not (ch.isprintable() or ch == " ") for ch in name):
        raise InputError.one(
            Text(f"应为一行文字，不超过 {MAX_NAME} 字", f"expected one line of at most {MAX_NAME} characters"), "--by"
        )
    return name


def _is_uscc(target: str) -> bool:
    code = uscc_check.normalize(target)
    return len(code) == 18 and uscc_check.validate(code).ok


def _ref(case: Case) -> str:
    return f"{case.case_uuid}@{case.revision}"


def _newer_finalized(s: Session, case: Case) -> int | None:
    return s.scalar(
        select(Case.revision)
        .where(Case.case_uuid == case.case_uuid, Case.revision > case.revision, Case.status == FINALIZED)
        .order_by(Case.revision.desc())
        .limit(1)
    )


def _checked_target(s: Session, case: Case, where: str) -> Case:
    """A revision an objection may be made against: finalized, third-party, not superseded."""
    ref = _ref(case)
    if case.status != FINALIZED:
        raise StateError.one(
            Text(
                f"{ref} 是草稿，尚无评估结果，不能对其提出异议；请对已定稿的第三方评估结果提出异议",
                f"{ref} is a draft: it has no result yet to object to; object to a finalized third-party result",
            ),
            where,
        )
    if case.mode != "third-party":
        raise StateError.one(
            Text(
                f"{ref} 是自评结果，不公示、不计入统计，不能对其提出异议；请对第三方评估结果提出异议",
                f"{ref} is a self-check: it is neither disclosed nor counted, so it cannot be objected to; "
                "object to a third-party result",
            ),
            where,
        )
    newer = _newer_finalized(s, case)
    if newer is not None:
        raise StateError.one(
            Text(
                f"{ref} 已被第 {newer} 版取代；请对 {case.case_uuid}@{newer} 提出异议",
                f"{ref} is superseded by revision {newer}; object to {case.case_uuid}@{newer}",
            ),
            where,
        )
    return case


def _resolve(s: Session, target: str) -> Case:
    """The revision ``target`` names: a case reference, or a USCC (its latest finalized third-party result)."""
    where = target.strip()[:80]
    if not _is_uscc(target):
        code = uscc_check.normalize(target)
        if len(code) == 18 and not case_repo.REF.match(target.strip()):  # a mistyped code, not a case reference
            problems = uscc_check.validate(code).errors
            raise InputError([DomainError(p, where) for p in problems])
        return _checked_target(s, case_repo.find_revision(s, target), where)
    code = uscc_check.normalize(target)
    rows = s.scalars(
        select(Case)
        .where(Case.uscc == code, Case.status == FINALIZED, Case.mode == "third-party")
        .order_by(Case.finalized_at.desc(), Case.id.desc())
    ).all()
    latest: dict[str, Case] = {}
    for case in rows:
        latest.setdefault(case.category, case)
    if not latest:
        raise NotFoundError.one(
            Text(
                f"统一社会信用代码 {code} 的主体没有已定稿的第三方评估结果，无从提出异议",
                f"the entity {code} has no finalized third-party result to object to",
            ),
            where,
        )
    if len(latest) > 1:
        words = {k: CATEGORIES.get(k, Text(k, k)) for k in latest}
        refs = "、".join(f"{_ref(c)}（{words[c.category].zh}）" for c in latest.values())
        refs_en = ", ".join(f"{_ref(c)} ({words[c.category].en})" for c in latest.values())
        raise InputError.one(
            Text(
                f"该主体有 {len(latest)} 个类别的评估结果：{refs}；请写明针对哪一个案例（案例编号@修订号）",
                f"the entity has results in {len(latest)} categories: {refs_en}; name the case (uuid@revision) "
                "the objection is against",
            ),
            where,
        )
    case = next(iter(latest.values()))
    if in_write_transaction(s):
        case = case_repo.find_revision(s, _ref(case))  # locked until the transaction ends (a server)
    return _checked_target(s, case, where)


@dataclass(frozen=True)
class TargetInfo:
    """The revision an objection would be made against (what the window shows before recording it)."""

    case_ref: str
    entity_name: str
    uscc: str
    category: str


def check_target(ctx: AppContext, target: str) -> TargetInfo:
    """The revision ``target`` names, checked as :func:`add_objection` checks it; nothing is stored.

    Raises the same refusals (a draft, a self-check, a superseded revision, a USCC without a result or with
    results in several categories, a mistyped code) so a form can say so before the grounds are written.
    """
    with ctx.reading() as s:
        case = _resolve(s, target)
        return TargetInfo(_ref(case), case.entity_name, case.uscc, case.category)


# ----------------------------------------------------------------------------- attachments
def _open_attachment(path: Path, limit: int) -> tuple[BinaryIO, int]:
    """An open regular file (never a link, a folder, a device or a pipe) within ``limit``, and its size."""
    where = shown_name(str(path))
    check_name_length(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        raise EvidenceError(Text("文件不存在", "the file does not exist"), where) from None
    except OSError as exc:
        reason = os_reason(exc)
        raise EvidenceError(Text(f"无法读取：{reason.zh}", f"cannot be read: {reason.en}"), where) from None
    if stat.S_ISLNK(mode):
        raise EvidenceError(Text("这是一个符号链接；请附上文件本身", "this is a link; attach the file itself"), where)
    if stat.S_ISDIR(mode):
        raise EvidenceError(Text("这是一个文件夹，请附上文件", "this is a folder; attach files"), where)
    if not stat.S_ISREG(mode):
        raise EvidenceError(
            Text(
                "不是普通文件（设备、管道等不能作为附件）",
                "not a regular file (devices, pipes and the like are refused)",
            ),
            where,
        )
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        reason = os_reason(exc)
        raise EvidenceError(Text(f"无法读取：{reason.zh}", f"cannot be read: {reason.en}"), where) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # replaced between the look and the open
            raise EvidenceError(Text("不是普通文件", "not a regular file"), where)
        if info.st_size > limit:
            raise EvidenceError(
                Text(
                    f"文件过大（{info.st_size / 1048576:.1f} MB，上限 {limit / 1048576:.1f} MB）",
                    f"file too large ({info.st_size / 1048576:.1f} MB, limit {limit / 1048576:.1f} MB)",
                ),
                where,
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


def _store_attachments(ctx: AppContext, files: list[Path]) -> list[StoredFile]:
    """Check every file first (nothing is stored when one is refused), then store them in the evidence store."""
    if len(files) > MAX_FILES:
        raise InputError.one(
            Text(
                f"附件最多 {MAX_FILES} 个（给出了 {len(files)} 个）", f"at most {MAX_FILES} files ({len(files)} given)"
            ),
            "--file",
        )
    store = ctx.evidence
    limit = min(MAX_FILE_BYTES, store.limit)
    opened: list[tuple[Path, BinaryIO]] = []
    problems: list[DomainError] = []
    try:
        for path in files:
            try:
                fh, _size = _open_attachment(Path(path), limit)
            except EvidenceError as exc:
                problems.append(exc)
                continue
            opened.append((Path(path), fh))
        if problems:
            raise InputError(problems)
        stored = []
        for path, fh in opened:
            try:
                kept = store.add_stream(fh, path.name)
            except EvidenceError as exc:
                raise InputError([exc]) from None
            media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            stored.append(StoredFile(kept.sha256, kept.size, path.name[:255], media[:100]))
        return stored
    finally:
        for _path, fh in opened:
            fh.close()


# ----------------------------------------------------------------------------- the steps
def _number(s: Session, when: datetime) -> str:
    """The next ``YYYY-NNNN`` of the year (Beijing time) the objection was received."""
    year = when.astimezone(days.BEIJING).year
    scope = f"objection:{year}"
    counter = s.get(NumberCounter, scope, with_for_update=True)
    if counter is None:
        counter = NumberCounter(scope=scope, last=0)
        s.add(counter)
    while True:
        counter.last += 1
        number = f"{year}-{counter.last:04d}"
        if s.scalar(select(Objection.id).where(Objection.number == number)) is None:
            return number


def _state(o: Objection) -> dict[str, Any]:
    return {"objection": o.number, "state": o.state}


@retry_conflicts
def add_objection(
    ctx: AppContext, target: str, grounds: str, *, files: list[Path] | None = None, by: str | None = None
) -> ObjectionInfo:
    """Record an objection against ``target`` (``uuid@revision``, a case uuid, or a USCC) and return it.

    A USCC names the entity's latest finalized third-party revision; an entity with results in several
    categories is refused with the case references to choose from. A draft, a self-check, a revision a
    newer finalized one supersedes, grounds longer than :data:`MAX_GROUNDS`, and files that are links,
    folders, devices or too large are refused; nothing is stored then.
    """
    text = _clean_text(grounds, "--grounds", MAX_GROUNDS, required=True)
    assert text is not None
    objector = _clean_name(by)
    with ctx.reading() as s:
        _resolve(s, target)  # refused before any file is stored
    stored = _store_attachments(ctx, list(files or []))
    with ctx.transaction(
        busy=Text("另一个程序正在修改数据库，请重试", "another program is changing the database; try again")
    ) as s:
        locks.lock_chain(s, audit.SYSTEM_CHAIN)  # the numbers and the chain: one writer at a time (a server)
        case = _resolve(s, target)
        now = utcnow()
        row = Objection(
            number=_number(s, now),
            case_id=case.id,
            case_uuid=case.case_uuid,
            revision=case.revision,
            uscc=case.uscc,
            category=case.category,
            objector=objector,
            grounds=text,
            received_at=now,
            recorded_by=ctx.actor[:200],
            state=RECEIVED,
        )
        row.attachments = [
            ObjectionAttachment(
                position=k + 1, sha256=f.sha256, original_name=f.original_name, size=f.size, media_type=f.media_type
            )
            for k, f in enumerate(stored)
        ]
        s.add(row)
        s.flush()
        audit.append(
            s,
            chain=audit.SYSTEM_CHAIN,
            actor=ctx.actor,
            action=ADD,
            revision=case.revision,
            target=case.case_uuid,
            new={
                **_state(row),
                "uscc": case.uscc,
                "category": case.category,
                "by": objector,
                "grounds": text,
                "attachments": [{"name": f.original_name, "sha256": f.sha256, "size": f.size} for f in stored],
            },
        )
        return _info(row, case.entity_name)


def _find(s: Session, number: str) -> Objection:
    key = (number or "").strip()
    row = None
    if key and len(key) <= 16:
        query = select(Objection).where(Objection.number == key).options(selectinload(Objection.attachments))
        row = s.scalars(query.with_for_update() if in_write_transaction(s) else query).first()
    if row is None:
        raise NotFoundError.one(
            Text(
                "没有这个异议编号（“cityeval objection list”列出全部异议）",
                "no such objection (objection list shows them all)",
            ),
            key[:40],
        )
    return row


def _refuse_decided(row: Objection) -> None:
    if row.state not in OPEN_STATES:
        word = STATE_WORDS[row.state]
        raise StateError.one(
            Text(
                f"异议 {row.number} 已于 {_day(row.decided_at)} 决定为“{word.zh}”，不能再次处理",
                f"objection {row.number} was already decided ({word.en}) on {_day(row.decided_at)}; it cannot be "
                "handled again",
            ),
            row.number,
        )


def _day(value: datetime | None) -> str:
    return days.day_of(value).isoformat() if value is not None else "-"


@retry_conflicts
def review_objection(ctx: AppContext, number: str) -> ObjectionInfo:
    """Take a received objection under review (received → under_review)."""
    with ctx.transaction(busy=_BUSY) as s:
        locks.lock_chain(s, audit.SYSTEM_CHAIN)
        row = _find(s, number)
        _refuse_decided(row)
        if row.state == UNDER_REVIEW:
            raise StateError.one(
                Text(
                    f"异议 {row.number} 已在复核中（{_day(row.reviewed_at)} 起）",
                    f"objection {row.number} is already under review (since {_day(row.reviewed_at)})",
                ),
                row.number,
            )
        old = _state(row)
        row.state, row.reviewed_at, row.reviewed_by = UNDER_REVIEW, utcnow(), ctx.actor[:200]
        audit.append(
            s,
            chain=audit.SYSTEM_CHAIN,
            actor=ctx.actor,
            action=REVIEW,
            revision=row.revision,
            target=row.case_uuid,
            old=old,
            new=_state(row),
        )
        return _info(row, _entity(s, row))


@retry_conflicts
def decide_objection(ctx: AppContext, number: str, *, upheld: bool, reason: str) -> ObjectionInfo:
    """Decide an open objection, once: upheld (the revision's result is withdrawn) or dismissed, with the reason."""
    text = _clean_text(reason, "--reason", MAX_REASON, required=True)
    with ctx.transaction(busy=_BUSY) as s:
        locks.lock_chain(s, audit.SYSTEM_CHAIN)
        row = _find(s, number)
        _refuse_decided(row)
        old = _state(row)
        row.state = UPHELD if upheld else DISMISSED
        row.decided_at, row.decided_by, row.reason = utcnow(), ctx.actor[:200], text
        audit.append(
            s,
            chain=audit.SYSTEM_CHAIN,
            actor=ctx.actor,
            action=DECIDE,
            revision=row.revision,
            target=row.case_uuid,
            old=old,
            new={**_state(row), "reason": text, "withdrawn": upheld},
        )
        return _info(row, _entity(s, row))


def list_objections(ctx: AppContext, *, open_only: bool = False) -> list[ObjectionInfo]:
    """Every objection, oldest first (``open_only``: those not decided yet), each with its case's amended
    revision where one was finalized since (``amended_by``)."""
    later = aliased(Case)
    newest = (
        select(func.max(later.revision))
        .where(later.case_uuid == Objection.case_uuid, later.revision > Objection.revision, later.status == FINALIZED)
        .scalar_subquery()
    )
    with ctx.reading() as s:
        query = (
            select(Objection, Case.entity_name, newest)
            .join(Case, Case.id == Objection.case_id)
            .options(selectinload(Objection.attachments))
            .order_by(Objection.received_at, Objection.id)
        )
        if open_only:
            query = query.where(Objection.state.in_(OPEN_STATES))
        return [
            replace(_info(row, name), amended_by=None if rev is None else f"{row.case_uuid}@{rev}")
            for row, name, rev in s.execute(query)
        ]


def _attachment(s: Session, number: str, sha256: str) -> tuple[Objection, ObjectionAttachment]:
    row = _find(s, number)
    item = next((a for a in row.attachments if a.sha256 == sha256), None)
    if item is None:
        raise NotFoundError.one(
            Text(f"异议 {row.number} 没有这个附件", f"objection {row.number} has no such file"), sha256[:16]
        )
    return row, item


def _stored_bytes(ctx: AppContext, item: ObjectionAttachment) -> bytes:
    """The attachment's stored content, checked against its sha256 (a missing or altered file is refused)."""
    import hashlib

    path = ctx.evidence.path_of(item.sha256)
    try:
        data = path.read_bytes() if path.is_file() else None
    except OSError as exc:
        reason = os_reason(exc)
        raise StateError.one(
            Text(f"无法读取附件：{reason.zh}", f"the file cannot be read: {reason.en}"), item.original_name
        ) from None
    if data is None or hashlib.sha256(data).hexdigest() != item.sha256:
        raise StateError.one(
            Text(
                "附件在存储中缺失或已被改动（请运行数据库检查）",
                "the file is missing from the store or was altered (run the database check)",
            ),
            item.original_name,
        )
    return data


def save_attachment(ctx: AppContext, number: str, sha256: str, out: Path) -> Path:
    """Write a copy of one file handed in with objection ``number`` to ``out`` (atomically); returns ``out``."""
    from cityeval_desktop.store.files import write_output

    with ctx.reading() as s:
        _row, item = _attachment(s, number, sha256)
        data = _stored_bytes(ctx, item)
    return write_output(Path(out), data)


def attachment_copy_for_viewing(ctx: AppContext, number: str, sha256: str) -> Path:
    """A temporary copy of one file of objection ``number`` under its own name (the viewer knows its type)."""
    import tempfile

    from cityeval_desktop.store.files import write_output

    with ctx.reading() as s:
        _row, item = _attachment(s, number, sha256)
        data = _stored_bytes(ctx, item)
    folder = Path(tempfile.mkdtemp(prefix="cityeval-objection-"))
    return write_output(folder / (Path(item.original_name).name or item.sha256), data)


def _entity(s: Session, row: Objection) -> str:
    return s.scalar(select(Case.entity_name).where(Case.id == row.case_id)) or ""


def _info(row: Objection, entity_name: str) -> ObjectionInfo:
    return ObjectionInfo(
        number=row.number,
        case_ref=f"{row.case_uuid}@{row.revision}",
        case_row_id=row.case_id,
        uscc=row.uscc,
        entity_name=entity_name,
        category=row.category,
        objector=row.objector,
        grounds=row.grounds,
        received_at=row.received_at,
        recorded_by=row.recorded_by,
        state=row.state,
        reviewed_at=row.reviewed_at,
        reviewed_by=row.reviewed_by,
        decided_at=row.decided_at,
        decided_by=row.decided_by,
        reason=row.reason,
        attachments=tuple(AttachmentInfo(a.sha256, a.original_name, a.size, a.media_type) for a in row.attachments),
    )
