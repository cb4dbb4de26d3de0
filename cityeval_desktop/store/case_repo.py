"""The rows of case revisions: find one by reference, load it whole, copy it into a new revision,
attach and detach evidence, and append to the case's audit chain.

Plain functions over the caller's SQLAlchemy session; they never commit. The services decide what
may happen (a draft may be edited, only the latest finalized revision may be amended, …) and call
these for the row-level work, inside one transaction. Amend and package import both make a new
revision with :func:`copy_revision`, so a copy always carries the same rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cityeval_desktop.domain.case_data import CaseData, Declaration, Inspection, InspectionFile, TeamMember
from cityeval_desktop.domain.errors import NotFoundError
from cityeval_desktop.domain.records import DRAFT, Origin
from cityeval_desktop.domain.text import Text
from cityeval_desktop.store import audit
from cityeval_desktop.store.models import (
    AnswerRow,
    AuditRow,
    Case,
    CaseOrigin,
    DeclarationRow,
    DimensionScoreRow,
    EvidenceRow,
    InspectionRow,
    TeamMemberRow,
    VerificationRow,
    VetoDecision,
)
from cityeval_desktop.store.session_info import in_write_transaction

#: ``uuid``, a uuid prefix (4 characters or more), each optionally followed by ``@revision``.
REF = re.compile(r"^(?P<uuid>[0-9a-fA-F-]{4,36})(?:@(?P<rev>[0-9]+))?$")
MAX_REVISION_DIGITS = 9  # no case is amended a billion times


class StoredEvidence(Protocol):
    """What attaching needs of a file already in the evidence store (a ``StoredFile``, an ``EvidenceItem``)."""

    @property
    def sha256(self) -> str: ...
    @property
    def original_name(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def media_type(self) -> str: ...


# ----------------------------------------------------------------------------- finding
def find_revision(session: Session, ref: str) -> Case:
    """A case revision from ``uuid``, ``uuid@revision`` or a unique uuid prefix (>= 4 characters).

    Without ``@revision`` the latest revision. Inside a write transaction (see
    :mod:`.session_info`) the row is locked until it ends (``FOR UPDATE`` on a server; on SQLite the
    transaction already holds the database's write lock), so the checks a service makes on it stay
    true until it commits.

    Raises:
        NotFoundError: a badly formed reference, no such case, a prefix of several cases, or no
            such revision (a revision number too long for the database is simply not there).
    """
    m = REF.match(ref.strip())
    if not m:
        raise NotFoundError.one(
            Text(
                "案例编号格式不正确（应为 uuid 或 uuid@修订号）",
                "badly formed case id (expected a uuid or uuid@revision)",
            ),
            ref,
        )
    key = m["uuid"].lower()
    if len(key) == 36:
        uuids = [key]
    else:
        uuids = list(
            session.scalars(
                select(Case.case_uuid).where(Case.case_uuid.like(f"{key}%")).group_by(Case.case_uuid).limit(3)
            )
        )
    if not uuids:
        raise NotFoundError.one(Text("没有这个案例", "no such case"), ref)
    if len(uuids) > 1:
        raise NotFoundError.one(
            Text("编号前缀对应多个案例，请写完整", "the prefix matches several cases; give more of it"), ref
        )
    query = select(Case).where(Case.case_uuid == uuids[0])
    if m["rev"]:
        if len(m["rev"].lstrip("0")) > MAX_REVISION_DIGITS:  # SQLite's integers end at 2^63; int() at 4300 digits
            raise NotFoundError.one(Text("该案例没有这个修订版本", "the case has no such revision"), ref[:60])
        query = query.where(Case.revision == int(m["rev"]))
    else:
        query = query.order_by(Case.revision.desc()).limit(1)
    if in_write_transaction(session):
        query = query.with_for_update()
    case = session.scalars(query).first()
    if case is None:
        raise NotFoundError.one(Text("没有这个案例或修订版本", "no such case or revision"), ref)
    return case


def load_revision(session: Session, ref: str) -> Case:
    """:func:`find_revision`, with its answers, veto decisions and evidence read as stored now."""
    found = find_revision(session, ref)
    return session.scalars(
        select(Case)
        .where(Case.id == found.id)
        .options(
            selectinload(Case.answers),
            selectinload(Case.vetoes),
            selectinload(Case.evidence),
            selectinload(Case.verifications),
            selectinload(Case.team),
            selectinload(Case.declarations),
            selectinload(Case.inspections),
        )
        .execution_options(populate_existing=True)
    ).one()


def latest_revision(session: Session, case_uuid: str) -> int | None:
    """The highest revision number stored for ``case_uuid`` (None when the case has none)."""
    return session.scalar(select(func.max(Case.revision)).where(Case.case_uuid == case_uuid))


def revisions_of(session: Session, case_uuid: str) -> list[Case]:
    """Every stored revision of ``case_uuid``, oldest first."""
    return list(session.scalars(select(Case).where(Case.case_uuid == case_uuid).order_by(Case.revision)))


def is_imported(session: Session, case: Case) -> bool:
    """Whether the revision came in a package (it is then read-only here, its chain the sender's)."""
    return case.id is not None and session.get(CaseOrigin, case.id) is not None


def origin_of(session: Session, case: Case) -> Origin | None:
    """Where an imported revision came from, or None for one made in this database."""
    o = session.get(CaseOrigin, case.id) if case.id is not None else None
    if o is None:
        return None
    return Origin(
        o.file_name,
        o.package_sha256,
        o.signer_name,
        o.signer_fingerprint,
        o.signed_at,
        o.trusted,
        o.accepted_by,
        o.imported_at,
        o.imported_by,
        o.distrusted,
    )


# ----------------------------------------------------------------------------- copying
# what a new revision copies of each row of its case (the times of change, ``updated_at``, restart)
_ANSWER_FIELDS = ("indicator_id", "value_json", "not_applicable", "reason", "note", "ground")
_VETO_FIELDS = ("veto_id", "decided", "note", "source", "queried_at")
_EVIDENCE_FIELDS = (
    "indicator_id",
    "sha256",
    "original_name",
    "size",
    "media_type",
    "added_at",
    "kind",
    "veto_id",
    "dated",
)
_VERIFICATION_FIELDS = ("indicator_id", "sha256", "method", "conclusion", "verified_by", "verified_at", "note")
_DIMENSION_FIELDS = ("dimension_id", "score_hundredths", "excluded")
_TEAM_FIELDS = ("position", "name", "role", "org", "qualification")
_DECLARATION_FIELDS = ("member", "statement", "signature", "signer_name", "signer_fingerprint", "signed_at")
_INSPECTION_FIELDS = (
    "position",
    "day",
    "place",
    "participants_json",
    "checked",
    "findings",
    "sampled_projects_json",
    "sampled_staff_json",
    "attachments_json",
    "added_at",
)
_RowT = TypeVar("_RowT")


def _copied(rows: Iterable[Any], model: type[_RowT], fields: tuple[str, ...]) -> list[_RowT]:
    """New ``model`` rows holding the ``fields`` of ``rows``."""
    return [model(**{f: getattr(row, f) for f in fields}) for row in rows]


def copy_revision(session: Session, source: Case, revision: int, *, amend_reason: str | None = None) -> Case:
    """A new draft revision ``revision`` of ``source``'s case with the same answers, vetoes and evidence.

    The copy keeps the entity, framework, tier, mode, assessor and cached figures; it is a draft at
    write counter 1, not finalized, with its own creation time. Its answer, veto and evidence rows
    are copies (evidence keeps each file's content hash, name, size, type and time added), so the
    canonical content of ``store/digest.py`` differs only in the revision number and the amendment
    reason. The caller makes sure ``revision`` is free; the new row is flushed.
    """
    new = Case(
        case_uuid=source.case_uuid,
        revision=revision,
        entity_id=source.entity_id,
        entity_name=source.entity_name,
        uscc=source.uscc,
        region=source.region,
        framework_id=source.framework_id,
        framework_version=source.framework_version,
        framework_sha256=source.framework_sha256,
        category=source.category,
        tier=source.tier,
        mode=source.mode,
        assessor=source.assessor,
        status=DRAFT,
        amend_reason=amend_reason,
        total=source.total,
        grade=source.grade,
        completeness=source.completeness,
        provisional=source.provisional,
        total_hundredths=source.total_hundredths,
        version=1,
        # the case data goes along, but for what a finalize hands out anew (validity and numbers)
        reference_date=source.reference_date,
        window_from=source.window_from,
        window_to=source.window_to,
        opinion=source.opinion,
    )
    new.team = _copied(source.team, TeamMemberRow, _TEAM_FIELDS)
    new.declarations = _copied(source.declarations, DeclarationRow, _DECLARATION_FIELDS)
    new.inspections = _copied(source.inspections, InspectionRow, _INSPECTION_FIELDS)
    new.answers = _copied(source.answers, AnswerRow, _ANSWER_FIELDS)
    new.vetoes = _copied(source.vetoes, VetoDecision, _VETO_FIELDS)
    new.evidence = _copied(source.evidence, EvidenceRow, _EVIDENCE_FIELDS)
    new.verifications = _copied(source.verifications, VerificationRow, _VERIFICATION_FIELDS)
    new.dimension_scores = _copied(source.dimension_scores, DimensionScoreRow, _DIMENSION_FIELDS)
    session.add(new)
    session.flush()
    return new


# ----------------------------------------------------------------------------- case data
def _texts(raw: str | None) -> tuple[str, ...]:
    value = json.loads(raw or "[]")
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def inspection_of(row: InspectionRow) -> Inspection:
    """An inspection row as plain data."""
    files = json.loads(row.attachments_json or "[]")
    return Inspection(
        day=row.day,
        place=row.place,
        participants=_texts(row.participants_json),
        checked=row.checked,
        findings=row.findings,
        sampled_projects=_texts(row.sampled_projects_json),
        sampled_staff=_texts(row.sampled_staff_json),
        attachments=tuple(
            InspectionFile(str(f["sha256"]), str(f["name"]), int(f["size"]), str(f["media_type"]))
            for f in files
            if isinstance(f, dict)
        ),
    )


def inspection_row(item: Inspection, position: int) -> InspectionRow:
    """The row of one inspection record (not added to any session)."""
    return InspectionRow(
        position=position,
        day=item.day,
        place=item.place,
        participants_json=json.dumps(list(item.participants), ensure_ascii=False),
        checked=item.checked,
        findings=item.findings,
        sampled_projects_json=json.dumps(list(item.sampled_projects), ensure_ascii=False),
        sampled_staff_json=json.dumps(list(item.sampled_staff), ensure_ascii=False),
        attachments_json=json.dumps(
            [
                {"sha256": f.sha256, "name": f.name, "size": f.size, "media_type": f.media_type}
                for f in item.attachments
            ],
            ensure_ascii=False,
        ),
    )


def inspection_state(item: Inspection) -> dict[str, Any]:
    """An inspection record as the audit trail and case.json record it."""
    return {
        "date": item.day.isoformat(),
        "place": item.place,
        "participants": list(item.participants),
        "checked": item.checked,
        "findings": item.findings,
        "sampled_projects": list(item.sampled_projects),
        "sampled_staff": list(item.sampled_staff),
        "attachments": [
            {"sha256": f.sha256, "name": f.name, "size": f.size, "media_type": f.media_type} for f in item.attachments
        ],
    }


def case_data_of(case: Case) -> CaseData:
    """The case data of a revision's rows as plain data."""
    return CaseData(
        reference_date=case.reference_date,
        window_from=case.window_from,
        window_to=case.window_to,
        valid_from=case.valid_from,
        valid_until=case.valid_until,
        report_no=case.report_no,
        certificate_no=case.certificate_no,
        opinion=case.opinion,
        team=tuple(TeamMember(m.name, m.role, m.org, m.qualification) for m in case.team),
        declarations=tuple(
            Declaration(d.member, d.statement, d.signature, d.signer_name, d.signer_fingerprint, d.signed_at)
            for d in case.declarations
        ),
        inspections=tuple(inspection_of(i) for i in case.inspections),
    )


# ----------------------------------------------------------------------------- evidence
def attach_evidence(
    session: Session,
    case: Case,
    indicator_id: str,
    files: Iterable[StoredEvidence],
    actor: str,
    *,
    kinds: dict[str, str] | None = None,
    veto_id: str | None = None,
    dated: dict[str, date] | None = None,
) -> list[EvidenceRow]:
    """Attach files already in the evidence store to one indicator (or, with ``veto_id``, to that veto
    decision, ``indicator_id`` being ""), each content hash once, audited.

    ``kinds`` gives a file's evidence kind by its sha256 (a file already attached without a kind
    gets it, audited as ``evidence.kind``); ``dated`` gives the day a file proves the same way
    (``evidence.dated``). A file already attached is otherwise left alone (and not audited again);
    names are cut to the column's 255 characters. Returns the rows added.
    """
    kinds = kinds or {}
    dated = dated or {}
    existing = {(e.indicator_id, e.veto_id, e.sha256): e for e in case.evidence}
    added: list[EvidenceRow] = []
    target = veto_id or indicator_id
    for f in files:
        kind = kinds.get(f.sha256) or getattr(f, "kind", None)
        day = dated.get(f.sha256) or getattr(f, "dated", None)
        known = existing.get((indicator_id, veto_id, f.sha256))
        if known is not None:
            if kind and known.kind != kind:
                set_evidence_kind(session, case, known, kind, actor)
            if day and known.dated != day:
                set_evidence_date(session, case, known, day, actor)
            continue
        row = EvidenceRow(
            indicator_id=indicator_id,
            sha256=f.sha256,
            original_name=f.original_name[:255],
            size=f.size,
            media_type=f.media_type,
            kind=kind,
            veto_id=veto_id,
            dated=day,
        )
        existing[(indicator_id, veto_id, f.sha256)] = row
        case.evidence.append(row)
        added.append(row)
        new: dict[str, Any] = {"sha256": f.sha256, "name": f.original_name, "size": f.size}
        if kind:
            new["kind"] = kind
        if veto_id:
            new["veto"] = veto_id
        if day:
            new["dated"] = day.isoformat()
        append_audit(session, case, actor=actor, action="evidence.add", target=target, new=new)
    return added


def set_evidence_kind(session: Session, case: Case, row: EvidenceRow, kind: str | None, actor: str) -> None:
    """Record one file's evidence kind, audited (``evidence.kind``)."""
    if row.kind == kind:
        return
    old, row.kind = row.kind, kind
    append_audit(
        session,
        case,
        actor=actor,
        action="evidence.kind",
        target=row.veto_id or row.indicator_id,
        old={"sha256": row.sha256, "kind": old},
        new={"sha256": row.sha256, "kind": kind},
    )


def set_evidence_date(session: Session, case: Case, row: EvidenceRow, dated: date | None, actor: str) -> None:
    """Record (or clear, None) the day one file proves, audited (``evidence.dated``)."""
    if row.dated == dated:
        return
    old, row.dated = row.dated, dated
    append_audit(
        session,
        case,
        actor=actor,
        action="evidence.dated",
        target=row.veto_id or row.indicator_id,
        old={"sha256": row.sha256, "dated": old.isoformat() if old else None},
        new={"sha256": row.sha256, "dated": dated.isoformat() if dated else None},
    )


def detach_evidence(session: Session, case: Case, row: EvidenceRow, actor: str) -> None:
    """Take one evidence row off a revision, audited (the stored bytes stay for other cases).

    The file's own verification goes with it (it is in the audit entry's ``old``).
    """
    case.evidence.remove(row)
    session.delete(row)
    old: dict[str, Any] = {"sha256": row.sha256, "name": row.original_name, "size": row.size}
    if row.kind:
        old["kind"] = row.kind
    if row.veto_id:
        old["veto"] = row.veto_id
    if row.dated:
        old["dated"] = row.dated.isoformat()
    still = any(
        e.indicator_id == row.indicator_id and e.sha256 == row.sha256 and e.veto_id is None for e in case.evidence
    )
    check = next((v for v in case.verifications if v.indicator_id == row.indicator_id and v.sha256 == row.sha256), None)
    if check is not None and row.veto_id is None and not still:
        old["verification"] = verification_state(check)
        case.verifications.remove(check)
        session.delete(check)
    append_audit(session, case, actor=actor, action="evidence.remove", target=row.veto_id or row.indicator_id, old=old)


def verification_state(row: VerificationRow | None) -> dict[str, Any] | None:
    """A verification row as the audit trail records it."""
    if row is None:
        return None
    return {
        "sha256": row.sha256 or None,
        "method": row.method,
        "conclusion": row.conclusion,
        "by": row.verified_by,
        "at": row.verified_at,
        "note": row.note,
    }


def set_verification(
    session: Session, case: Case, indicator_id: str, sha256: str | None, value: Any, actor: str
) -> bool:
    """Record (``value`` with method, conclusion, by, at, note) or remove (None) the verification of
    one file (``sha256``) or of the indicator's evidence as a whole (``sha256`` None), audited as
    ``evidence.verify``. Returns whether anything changed."""
    key = sha256 or ""
    row = next((v for v in case.verifications if v.indicator_id == indicator_id and v.sha256 == key), None)
    old = verification_state(row)
    if value is None:
        if row is None:
            return False
        case.verifications.remove(row)
        session.delete(row)
    else:
        if row is None:
            row = VerificationRow(indicator_id=indicator_id, sha256=key)
            case.verifications.append(row)
        row.method, row.conclusion = value.method, value.conclusion
        row.verified_by, row.verified_at, row.note = value.by, value.at, value.note
    new = verification_state(row) if value is not None else None
    if old == new:
        return False
    append_audit(session, case, actor=actor, action="evidence.verify", target=indicator_id, old=old, new=new)
    return True


# ----------------------------------------------------------------------------- audit
def append_audit(
    session: Session, case: Case, *, actor: str, action: str, target: str = "", old: Any = None, new: Any = None
) -> AuditRow:
    """Append one entry about ``case`` to its audit chain (the case uuid), at its revision number."""
    return audit.append(
        session,
        chain=case.case_uuid,
        actor=actor,
        action=action,
        revision=case.revision,
        target=target,
        old=old,
        new=new,
    )
