"""Case use cases: create, list, load, answer, evidence, vetoes, amend, delete."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from cityeval_desktop.domain import days
from cityeval_desktop.domain.basis import Verification, VetoBasis
from cityeval_desktop.domain.case_data import parse_day, review_window
from cityeval_desktop.domain.framework import CATEGORIES, MODES, Framework, Grade
from cityeval_desktop.domain.methods import AnswerValueError
from cityeval_desktop.domain.records import CaseDetail, EvidenceItem
from cityeval_desktop.domain.scoring import Answer, Result, score
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.domain.uscc import normalize as normalize_uscc
from cityeval_desktop.domain.uscc import normalize_region, validate_region
from cityeval_desktop.domain.uscc import validate as validate_uscc
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.answers import (
    AnswerBatch,
    AnswerUpdate,
    check_kind,
    check_text,
    decode_value,
    encode_value,
    parse_document,
    parse_entry,
    parse_verification,
    parse_veto_basis,
    read_json,
)
from cityeval_desktop.services.context import AppContext, retry_conflicts
from cityeval_desktop.services.errors import InputError, NotFoundError, StateError
from cityeval_desktop.services.summaries import (
    DRAFT,
    FINALIZED,
    CaseSummary,
    list_sql,
    summary_from,
    summary_from_values,
)
from cityeval_desktop.store import case_repo
from cityeval_desktop.store.evidence import EvidenceError, check_source
from cityeval_desktop.store.models import (
    AnswerRow,
    Case,
    DimensionScoreRow,
    Entity,
    EvidenceRow,
    VetoDecision,
    utcnow,
)

_UNSET: Any = object()


# ----------------------------------------------------------------------------- helpers
#: Why an imported revision cannot be amended or re-exported here.
IMPORTED_READ_ONLY = Text(
    "该修订版本是从案例包导入的，在本机构只读；如需修改，请由评估机构修订后重新发送案例包",
    "this revision was imported from a package and is read-only here; the assessor amends it and sends a new package",
)


def summary_of(case: Case) -> CaseSummary:
    """The plain summary of one revision's row, as the case list shows it (no query)."""
    return summary_from(lambda column: getattr(case, column))


def find_case(session: Session, ref: str) -> Case:
    """A case revision from ``uuid``, ``uuid@revision`` or a unique uuid prefix (>= 4 chars).

    Inside a write transaction the row is locked until it ends; see
    :func:`cityeval_desktop.store.case_repo.find_revision`, which this is.
    """
    return case_repo.find_revision(session, ref)


def _load_answers(framework: Framework, rows: Iterable[AnswerRow]) -> tuple[dict[str, Answer], dict[str, Any]]:
    answers: dict[str, Answer] = {}
    raw_values: dict[str, Any] = {}
    for row in rows:
        indicator = framework.indicator(row.indicator_id)
        if indicator is None:
            continue
        raw = decode_value(row.value_json)
        # an N/A row may keep the value it had before N/A was ticked (shown greyed, restored when
        # N/A is unticked); scoring never sees it
        value = indicator.method.parse(raw) if raw is not None and not row.not_applicable else None
        answers[row.indicator_id] = Answer(value, row.not_applicable, row.reason, row.note, row.ground)
        raw_values[row.indicator_id] = raw
    return answers, raw_values


def _score_case(
    session: Session, case: Case
) -> tuple[Framework, dict[str, Answer], dict[str, Any], dict[str, bool], Result]:
    framework = fw_registry.pinned(session, case.framework_sha256)
    answers, raw = _load_answers(framework, case.answers)
    vetoes = {v.veto_id: v.decided for v in case.vetoes}
    result = score(framework, case.tier, answers, dict(vetoes))
    return framework, answers, raw, vetoes, result


def score_revision(session: Session, case: Case) -> Result:
    """The result of one revision, computed from its rows and its pinned framework."""
    return _score_case(session, case)[4]


def cached_figures(result: Result) -> tuple[str, str | None, str, bool]:
    """What the case list caches of a result: total, grade, completeness and the provisional flag."""
    return str(result.total_shown), result.grade_id, str(result.completeness_shown), result.provisional


def dimension_figures(result: Result) -> dict[str, int | None]:
    """The cached score of each dimension of ``result`` in hundredths of a point (None: excluded)."""
    return {d.id: None if d.score_shown is None else int(d.score_shown * 100) for d in result.dimensions}


def store_cached_figures(case: Case, result: Result) -> None:
    """Write the cached figures of ``result`` to the revision's rows (and nothing else): the list's
    total, grade, completeness and provisional flag, the numeric total and one row per dimension
    (migration 0010), all in the caller's transaction."""
    write_figures(case, cached_figures(result), int(result.total_shown * 100), dimension_figures(result))


def write_figures(
    case: Case,
    figures: tuple[str, str | None, str, bool],
    total_hundredths: int,
    dimensions: dict[str, int | None],
) -> None:
    """:func:`store_cached_figures` with the figures computed already (a package checked in a worker)."""
    case.total, case.grade, case.completeness, case.provisional = figures
    case.total_hundredths = total_hundredths
    existing = {row.dimension_id: row for row in case.dimension_scores}
    for dimension_id, row in existing.items():
        if dimension_id not in dimensions:
            case.dimension_scores.remove(row)
    for dimension_id, hundredths in dimensions.items():
        found = existing.get(dimension_id)
        row = found if found is not None else DimensionScoreRow(dimension_id=dimension_id)
        if found is None:
            case.dimension_scores.append(row)
        row.score_hundredths, row.excluded = hundredths, hundredths is None


def _refresh_cache(case: Case, result: Result) -> None:
    store_cached_figures(case, result)
    case.updated_at = utcnow()
    _bump_version(case)


def _bump_version(case: Case) -> None:
    """Count one more write to the revision (in the writing transaction; finalize compares it)."""
    case.version = (case.version or 0) + 1


def detail_of(session: Session, case: Case) -> CaseDetail:
    """The plain detail of a revision: its summary, pinned framework, answers, vetoes, evidence and a
    freshly computed result (reads the framework and whatever rows of ``case`` are not loaded yet)."""
    detail = detail_with(fw_registry.pinned(session, case.framework_sha256), case)
    origin = case_repo.origin_of(session, case)
    return replace(detail, origin=origin) if origin is not None else detail


def detail_with(framework: Framework, case: Case) -> CaseDetail:
    """:func:`detail_of` with the framework given: for rows that are in no database yet (a package
    being checked before it is imported).

    Raises:
        DomainError: A stored answer value does not fit its indicator's method.
    """
    answers, raw = _load_answers(framework, case.answers)
    vetoes = {v.veto_id: v.decided for v in case.vetoes}
    result = score(framework, case.tier, answers, dict(vetoes))
    evidence = tuple(
        EvidenceItem(
            e.id,
            e.indicator_id,
            e.sha256,
            e.original_name,
            e.size,
            e.media_type,
            e.added_at,
            e.kind,
            e.veto_id,
            e.dated,
        )
        for e in case.evidence
    )
    veto_basis = {v.veto_id: VetoBasis(v.source, v.queried_at, v.note) for v in case.vetoes}
    checks = tuple(
        Verification(v.indicator_id, v.sha256 or None, v.method, v.conclusion, v.verified_by, v.verified_at, v.note)
        for v in sorted(case.verifications, key=lambda v: (v.indicator_id, v.sha256))
    )
    return CaseDetail(
        summary_of(case),
        framework,
        answers,
        raw,
        vetoes,
        evidence,
        result,
        veto_basis=veto_basis,
        verifications=checks,
        case_data=case_repo.case_data_of(case),
    )


def saved_detail(session: Session, case: Case) -> CaseDetail:
    """After a change to ``case`` inside a write transaction: its fresh detail, with the cached
    figures of the case list updated and the write counted (what finalize compares)."""
    session.flush()
    detail = detail_of(session, case)
    _refresh_cache(case, detail.result)
    return replace(detail, summary=summary_of(case))


def require_draft(case: Case) -> None:
    """Refuse (:class:`StateError`) to change a revision that is not a draft: it must be amended."""
    if case.status != DRAFT:
        raise StateError.one(
            Text(
                f"案例 {case.case_uuid} 修订 {case.revision} 已定稿，只读；如需修改请先“修订”（amend）",
                f"case {case.case_uuid} revision {case.revision} is finalized and read-only; amend it to change it",
            ),
            f"{case.case_uuid}@{case.revision}",
        )


def _answer_state(row: AnswerRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "value": decode_value(row.value_json),
        "not_applicable": row.not_applicable,
        "reason": row.reason,
        "note": row.note,
        **({"ground": row.ground} if row.ground else {}),  # (the audit shape before N/A grounds, when none)
    }


def _veto_state(row: VetoDecision | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"source": row.source, "queried_at": row.queried_at, "note": row.note}


# ----------------------------------------------------------------------------- use cases
@retry_conflicts
def new_case(
    ctx: AppContext,
    *,
    framework: str,
    tier: str,
    mode: str,
    entity_name: str,
    uscc: str,
    region: str | None = None,
    assessor: str = "",
    reference_date: str | date | None = None,
) -> CaseSummary:
    """Create revision 1 of a new draft case; every problem with the input is reported.

    ``reference_date`` (评估基准日, ``YYYY-MM-DD``) defaults to today; the review window before it is
    the framework's (``review_window_months``).
    """
    problems: list[DomainError] = []
    reference = days.today()
    if isinstance(reference_date, date):
        reference = reference_date
    elif reference_date is not None:
        try:
            reference = parse_day(reference_date, "--reference-date")
        except DomainError as exc:
            problems.append(exc)
    try:
        fw = fw_registry.resolve(ctx, framework)
    except InputError as exc:
        problems.extend(exc.problems)
        fw = None
    if fw is not None and fw.tier(tier) is None:
        known = ", ".join(t.id for t in fw.tiers)
        problems.append(
            DomainError(
                Text(f"未知层级 “{tier}”（可选：{known}）", f"unknown tier '{tier}' (expected: {known})"), "--tier"
            )
        )
    if mode not in MODES:
        problems.append(
            DomainError(
                Text(
                    f"未知评估方式 “{mode}”（可选：self、third-party）",
                    f"unknown mode '{mode}' (expected: self, third-party)",
                ),
                "--mode",
            )
        )
    name = (entity_name or "").strip()
    if not name:
        problems.append(DomainError(Text("经营主体名称不能为空", "the entity name must not be empty"), "--entity-name"))
    elif len(name) > 200:
        problems.append(
            DomainError(Text("名称过长（上限 200 字）", "the name is too long (limit 200)"), "--entity-name")
        )
    elif not all(ch.isprintable() or ch == " " for ch in name):
        problems.append(
            DomainError(
                Text("名称含有控制字符或换行，请只填写名称文字", "the name holds control characters or line breaks"),
                "--entity-name",
            )
        )
    check = validate_uscc(uscc or "")  # normalised first: blanks, full-width characters, lower case
    for err in check.errors:
        problems.append(DomainError(err, f"--uscc {check.code}"))
    region_code = normalize_region(region or "") or (check.region or "")
    if normalize_region(region or ""):
        region_check = validate_region(region_code)
        problems.extend(DomainError(err, f"--region {region_check.code}") for err in region_check.errors)
    if len(assessor) > 200:
        problems.append(DomainError(Text("评估人过长", "assessor name too long"), "--assessor"))
    if problems:
        raise InputError(problems)
    assert fw is not None
    code = check.code
    with ctx.transaction() as s:
        fw_registry.ensure_stored(s, fw)
        entity = s.scalars(select(Entity).where(Entity.uscc == code)).first()
        if entity is None:
            entity = Entity(uscc=code, name=name, registration_region=code[2:8])
            s.add(entity)
            s.flush()
        elif entity.name != name:
            entity.name = name
        case = Case(
            case_uuid=str(uuid.uuid4()),
            revision=1,
            entity_id=entity.id,
            entity_name=name,
            uscc=code,
            region=region_code,
            framework_id=fw.id,
            framework_version=fw.version,
            framework_sha256=fw.sha256,
            category=fw.category,
            tier=tier,
            mode=mode,
            assessor=assessor.strip(),
            status=DRAFT,
            version=0,  # its first figures below make it version 1
            reference_date=reference,
        )
        case.window_from, case.window_to = review_window(reference, fw.review_window_months)
        s.add(case)
        s.flush()
        _refresh_cache(case, score(fw, tier, {}, {}))
        case_repo.append_audit(
            s,
            case,
            actor=ctx.actor,
            action="case.create",
            target=case.case_uuid,
            new={
                "entity": {"name": name, "uscc": code, "region": region_code},
                "framework": {"id": fw.id, "version": fw.version, "sha256": fw.sha256},
                "tier": tier,
                "mode": mode,
                "assessor": case.assessor,
                "reference_date": reference.isoformat(),
            },
        )
        return summary_of(case)


def list_cases(ctx: AppContext, *, all_revisions: bool = False) -> list[CaseSummary]:
    """Cases, newest first: the latest revision of each, or every revision.

    Runs the shared query of :mod:`.summaries` (the workbench's first screen reads it without SQLAlchemy).
    """
    with ctx.reading() as s:
        rows = s.execute(text(list_sql(all_revisions=all_revisions)))
        return [summary_from_values(row) for row in rows]


def listed_grades(ctx: AppContext, rows: Iterable[CaseSummary]) -> dict[tuple[str, str], Grade]:
    """The framework grade behind each listed row's cached grade id, by (framework sha256, grade id).

    A list shows a grade as the public reads it (stars and the grade's title, ``result_text.grade_words``),
    never the internal id; the grades come from each row's pinned framework (parsed once per framework).
    """
    wanted: dict[str, set[str]] = {}
    for row in rows:
        if row.grade:
            wanted.setdefault(row.framework_sha256, set()).add(row.grade)
    if not wanted:
        return {}
    found: dict[tuple[str, str], Grade] = {}
    with ctx.reading() as s:
        for sha, ids in wanted.items():
            try:
                framework = fw_registry.pinned(s, sha)
            except (NotFoundError, DomainError):
                continue  # a missing or damaged framework copy: the list shows no grade words for it
            for grade_id in ids:
                grade = framework.grade(grade_id)
                if grade is not None:
                    found[(sha, grade_id)] = grade
    return found


def open_drafts(ctx: AppContext, uscc: str, framework_id: str) -> list[CaseSummary]:
    """Open cases of one entity and framework: those whose latest revision is a draft, newest first.

    Args:
        uscc: the entity's code as typed (normalised like :func:`new_case` does).
        framework_id: the framework id; every version counts.
    """
    code = normalize_uscc(uscc)
    latest = (
        select(Case.case_uuid, func.max(Case.revision).label("rev"))
        .where(Case.uscc == code)
        .group_by(Case.case_uuid)
        .subquery()
    )
    query = (
        select(Case)
        .join(latest, (Case.case_uuid == latest.c.case_uuid) & (Case.revision == latest.c.rev))
        .where(Case.status == DRAFT, Case.framework_id == framework_id)
        .order_by(Case.updated_at.desc(), Case.id.desc())
    )
    with ctx.reading() as s:
        return [summary_of(case) for case in s.scalars(query)]


def load_case(ctx: AppContext, ref: str) -> CaseDetail:
    """A case revision with answers, evidence and its freshly computed result."""
    with ctx.reading() as s:
        return detail_of(s, case_repo.load_revision(s, ref))


def revisions(ctx: AppContext, case_uuid: str) -> list[CaseSummary]:
    with ctx.reading() as s:
        return [summary_of(c) for c in case_repo.revisions_of(s, case_uuid)]


@retry_conflicts
def apply_batch(ctx: AppContext, ref: str, batch: AnswerBatch) -> CaseDetail:
    """Apply checked answers, vetoes and evidence in one transaction (all or nothing)."""
    stored: dict[Path, Any] = {}
    for path in batch.files():
        try:
            stored[path] = ctx.evidence.add(path)
        except EvidenceError as exc:
            raise InputError([exc]) from None
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        return _apply_locked(ctx, s, case, batch, stored)


def _apply_locked(ctx: AppContext, s: Session, case: Case, batch: AnswerBatch, stored: dict[Path, Any]) -> CaseDetail:
    """Apply a checked batch to a draft found in this write transaction; ``old`` values are read here."""
    rows = {r.indicator_id: r for r in case.answers}
    for update in batch.answers:
        _apply_update(ctx, s, case, rows, update, stored)
    decisions = {v.veto_id: v for v in case.vetoes}
    for veto_id, decided in batch.vetoes.items():
        current = decisions.get(veto_id)
        old = current.decided if current else None
        if old == decided and (current is not None or decided is None):
            continue
        if decided is None:
            if current is not None:
                s.delete(current)
                case.vetoes.remove(current)
        elif current is None:
            row = VetoDecision(veto_id=veto_id, decided=decided)
            case.vetoes.append(row)
            decisions[veto_id] = row
        else:
            current.decided = decided
            current.updated_at = utcnow()
        case_repo.append_audit(
            s,
            case,
            actor=ctx.actor,
            action="veto.set",
            target=veto_id,
            old=old,
            new=decided,
        )
    for veto_id, given in batch.veto_basis.items():
        _set_basis(ctx, s, case, decisions.get(veto_id), veto_id, given)
    for veto_id, paths in batch.veto_evidence.items():
        case_repo.attach_evidence(s, case, "", [stored[path] for path in paths], ctx.actor, veto_id=veto_id)
    return saved_detail(s, case)


def _set_basis(
    ctx: AppContext, s: Session, case: Case, row: VetoDecision | None, veto_id: str, given: VetoBasis
) -> None:
    """Record the basis of a decided veto, audited as ``veto.basis`` (an undecided veto keeps none)."""
    if row is None or row not in case.vetoes:
        if not given.empty:
            raise StateError.one(
                Text(
                    f"否决项 {veto_id} 尚未判定，不能记录判定依据；请先判定成立或不成立",
                    f"veto {veto_id} is not decided, so it has no basis to record; decide it first",
                ),
                veto_id,
            )
        return
    old = _veto_state(row)
    row.source, row.queried_at, row.note = given.source, given.queried_at, given.note
    new = _veto_state(row)
    if old != new:
        row.updated_at = utcnow()
        case_repo.append_audit(s, case, actor=ctx.actor, action="veto.basis", target=veto_id, old=old, new=new)


def _apply_update(
    ctx: AppContext,
    s: Session,
    case: Case,
    rows: dict[str, AnswerRow],
    update: AnswerUpdate,
    stored: dict[Path, Any],
) -> None:
    row = rows.get(update.indicator_id)
    old = _answer_state(row)
    if update.answer is None:
        if row is not None:
            case.answers.remove(row)
            s.delete(row)
            del rows[update.indicator_id]
    else:
        if row is None:
            row = AnswerRow(indicator_id=update.indicator_id)
            case.answers.append(row)
            rows[update.indicator_id] = row
        row.value_json = encode_value(update.raw_value)
        row.not_applicable = update.answer.not_applicable
        row.reason = update.answer.reason
        row.note = update.answer.note
        row.ground = update.answer.ground
        row.updated_at = utcnow()
    new = _answer_state(row) if update.answer is not None else None
    if old != new:
        case_repo.append_audit(
            s,
            case,
            actor=ctx.actor,
            action="answer.clear" if new is None else "answer.set",
            target=update.indicator_id,
            old=old,
            new=new,
        )
    files = [stored[path] for path in update.evidence]
    kinds = {stored[path].sha256: kind for path, kind in update.kinds.items()}
    dates = {stored[path].sha256: day for path, day in update.dated.items()}
    case_repo.attach_evidence(s, case, update.indicator_id, files, ctx.actor, kinds=kinds, dated=dates)
    for path, check in update.checks.items():
        case_repo.set_verification(s, case, update.indicator_id, stored[path].sha256, check, ctx.actor)


@retry_conflicts
def apply_answers_file(ctx: AppContext, ref: str, path: Path) -> CaseDetail:
    """Check an answers file completely, then apply it in one transaction (which checks the case again)."""
    with ctx.reading() as s:
        case = find_case(s, ref)
        require_draft(case)
        framework = fw_registry.pinned(s, case.framework_sha256)
        tier = case.tier
        case_ref = f"{case.case_uuid}@{case.revision}"
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from cityeval_desktop.exchange.checklist import read_checklist

        doc = read_checklist(path, framework, tier)
    else:
        doc = read_json(path)
    batch = parse_document(
        doc, framework, tier, source=str(path), base_dir=path.parent, evidence_limit=ctx.evidence.limit
    )
    return apply_batch(ctx, case_ref, batch)


@retry_conflicts
def set_answer(
    ctx: AppContext,
    ref: str,
    indicator_id: str,
    *,
    value: Any = _UNSET,
    not_applicable: bool = False,
    reason: str | None = None,
    note: str | None = None,
    ground: str | None = None,
) -> CaseDetail:
    """Set (or clear, with value None and no N/A) one indicator's answer.

    ``value`` left out keeps the stored value, also across N/A: ticking N/A keeps the value
    (ignored by scoring) so that unticking restores it. ``reason`` and ``note`` left out keep
    the stored ones, so unticking N/A keeps the reason for the next time it is ticked; so does
    ``ground`` (the framework's N/A ground, required where the framework names grounds). What is
    kept is read in the transaction that writes, so another program's answer is never undone.
    """
    with ctx.reading() as s:  # the pinned framework (it never changes) is parsed before taking the lock
        case = find_case(s, ref)
        require_draft(case)
        framework = fw_registry.pinned(s, case.framework_sha256)
        tier, case_ref = case.tier, f"{case.case_uuid}@{case.revision}"
    with ctx.transaction() as s:
        case = find_case(s, case_ref)
        require_draft(case)
        row = next((r for r in case.answers if r.indicator_id == indicator_id), None)
        raw = (
            decode_value(row.value_json)
            if (row is not None and value is _UNSET)
            else (None if value is _UNSET else value)
        )
        if reason is None and row is not None and row.reason:
            reason = row.reason
        if note is None and row is not None and row.note:
            note = row.note
        if ground is None and row is not None and row.ground:
            ground = row.ground
        update = _answer_update(ctx, framework, tier, indicator_id, raw, not_applicable, reason, note, ground)
        return _apply_locked(ctx, s, case, AnswerBatch([update], {}, "gui"), {})


@retry_conflicts
def restore_answer(ctx: AppContext, ref: str, indicator_id: str, state: dict[str, Any] | None) -> CaseDetail:
    """Put one indicator back into a state read earlier (undo/redo): value, N/A, reason, note.

    ``state`` is the shape :func:`answer_state` returns; None clears the answer. The change is
    checked like any edit and audited as ``answer.set`` / ``answer.clear``, in one transaction.
    """
    with ctx.reading() as s:
        case = find_case(s, ref)
        require_draft(case)
        framework = fw_registry.pinned(s, case.framework_sha256)
        tier, case_ref = case.tier, f"{case.case_uuid}@{case.revision}"
    if state is None:
        update = AnswerUpdate(indicator_id, None)
    else:
        update = _answer_update(
            ctx,
            framework,
            tier,
            indicator_id,
            state.get("value"),
            bool(state.get("not_applicable")),
            state.get("reason"),
            state.get("note"),
            state.get("ground"),
        )
    return apply_batch(ctx, case_ref, AnswerBatch([update], {}, "gui"))


def _answer_update(
    ctx: AppContext,
    framework: Framework,
    tier: str,
    indicator_id: str,
    raw: Any,
    not_applicable: bool,
    reason: str | None,
    note: str | None,
    ground: str | None = None,
) -> AnswerUpdate:
    """The checked update for one indicator's whole state (an N/A keeps ``raw`` behind it)."""
    entry: dict[str, Any] = {"not_applicable": not_applicable}
    indicator = framework.indicator(indicator_id)
    legacy = indicator is not None and indicator.not_applicable.free_reason
    if ground is not None and ground.strip() and not (not_applicable and legacy):
        entry["ground"] = ground
    if raw is not None and not not_applicable:
        entry["value"] = raw
    if reason is not None and (not_applicable or reason.strip()):
        entry["reason"] = reason
    if note is not None:
        entry["note"] = note
    problems: list[DomainError] = []
    update = parse_entry(framework, tier, indicator_id, entry, indicator_id, problems, None, ctx.evidence.limit)
    if problems or update is None:
        raise InputError(problems)
    if update.answer is not None and update.answer.not_applicable and raw is not None:
        indicator = framework.indicator(indicator_id)
        try:
            if indicator is not None:
                indicator.method.parse(raw)
        except AnswerValueError:
            raw = None  # a value that does not parse is not worth keeping behind N/A
        return AnswerUpdate(indicator_id, update.answer, raw, update.evidence)
    answer = update.answer
    if (
        answer is not None
        and not answer.not_applicable
        and answer.value is None
        and not answer.note
        and not answer.reason
        and not answer.ground
    ):
        return AnswerUpdate(indicator_id, None)
    return update


def answer_state(detail: CaseDetail, indicator_id: str) -> dict[str, Any] | None:
    """One indicator's stored state as plain data (what :func:`restore_answer` takes)."""
    answer = detail.answers.get(indicator_id)
    raw = detail.raw_values.get(indicator_id)
    if answer is None and raw is None:
        return None
    return {
        "value": raw,
        "not_applicable": bool(answer and answer.not_applicable),
        "reason": (answer.reason if answer else None) or None,
        "note": (answer.note if answer else None) or None,
        **({"ground": answer.ground} if answer and answer.ground else {}),
    }


@retry_conflicts
def set_veto(
    ctx: AppContext, ref: str, veto_id: str, decided: bool | None, basis: VetoBasis | None = None
) -> CaseDetail:
    """Decide one veto item (None = undecided again, its basis going with the decision).

    ``basis`` (source, query time, note) replaces the stored basis; left out, the stored one is kept.
    """
    with ctx.reading() as s:
        case = find_case(s, ref)
        framework = fw_registry.pinned(s, case.framework_sha256)
        case_ref = f"{case.case_uuid}@{case.revision}"
    if framework.veto(veto_id) is None:
        raise InputError.one(Text(f"未知否决项 “{veto_id}”", f"unknown veto '{veto_id}'"), veto_id)
    batch = AnswerBatch([], {veto_id: decided}, "gui")
    if basis is not None and decided is not None:
        batch.veto_basis[veto_id] = _checked_basis(basis, veto_id)
    return apply_batch(ctx, case_ref, batch)


def _checked_basis(given: VetoBasis, veto_id: str) -> VetoBasis:
    problems: list[DomainError] = []
    found = parse_veto_basis(given.source, given.queried_at, given.note, veto_id, problems)
    if problems:
        raise InputError(problems)
    return found


@retry_conflicts
def set_veto_basis(ctx: AppContext, ref: str, veto_id: str, basis: VetoBasis) -> CaseDetail:
    """Record the basis of a decided veto: where it was looked up, when (ISO 8601 with its offset), a note."""
    checked = _checked_basis(basis, veto_id)
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        row = next((v for v in case.vetoes if v.veto_id == veto_id), None)
        _set_basis(ctx, s, case, row, veto_id, checked)
        return saved_detail(s, case)


@retry_conflicts
def add_veto_evidence(ctx: AppContext, ref: str, veto_id: str, files: list[Path]) -> CaseDetail:
    """Attach files (the query result, the "no record" screenshot) to a veto decision's basis."""
    with ctx.reading() as s:
        case = find_case(s, ref)
        require_draft(case)
        framework = fw_registry.pinned(s, case.framework_sha256)
        case_ref = f"{case.case_uuid}@{case.revision}"
    if framework.veto(veto_id) is None:
        raise InputError.one(Text(f"未知否决项 “{veto_id}”", f"unknown veto '{veto_id}'"), veto_id)
    stored = _stored_files(ctx, files, veto_id)
    with ctx.transaction() as s:
        case = find_case(s, case_ref)
        require_draft(case)
        case_repo.attach_evidence(s, case, "", stored, ctx.actor, veto_id=veto_id)
        return saved_detail(s, case)


def _stored_files(ctx: AppContext, files: list[Path], where: str) -> list[Any]:
    problems: list[DomainError] = []
    for k, path in enumerate(files):
        try:
            check_source(Path(path), ctx.evidence.limit)
        except EvidenceError as exc:
            problems.append(DomainError(exc.message, f"{where}[{k}]"))
    if problems:
        raise InputError(problems)
    return _store(ctx, [Path(p) for p in files])


def _store(ctx: AppContext, paths: list[Path]) -> list[Any]:
    """Copy checked files into the evidence store (once by content); the stored files, in order."""
    stored = []
    for path in paths:
        try:
            stored.append(ctx.evidence.add(path))
        except EvidenceError as exc:
            raise InputError([exc]) from None
    return stored


def _evidence_row(case: Case, evidence_id: int) -> EvidenceRow:
    """The case's attached file with that id (NotFoundError when it has none)."""
    row = next((e for e in case.evidence if e.id == evidence_id), None)
    if row is None:
        raise NotFoundError.one(Text("没有这个证据文件", "no such evidence file"), str(evidence_id))
    return row


@retry_conflicts
def set_evidence_kind(ctx: AppContext, ref: str, evidence_id: int, kind: str | None) -> CaseDetail:
    """Record which of its indicator's evidence kinds one attached file is (None: not said)."""
    with ctx.reading() as s:
        framework = fw_registry.pinned(s, find_case(s, ref).framework_sha256)
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        row = _evidence_row(case, evidence_id)
        indicator = framework.indicator(row.indicator_id)
        if kind is not None:
            problems: list[DomainError] = []
            if indicator is None:  # a veto's file: the framework names no kinds for it
                raise InputError.one(
                    Text("否决项的依据文件没有证据类型", "a veto's files have no evidence kind"), row.original_name
                )
            kind = check_kind(indicator, kind, row.original_name, problems)
            if problems:
                raise InputError(problems)
        case_repo.set_evidence_kind(s, case, row, kind, ctx.actor)
        return saved_detail(s, case)


def set_evidence_kind_of(ctx: AppContext, ref: str, indicator_id: str, sha256: str, kind: str | None) -> CaseDetail:
    """:func:`set_evidence_kind` for the file found by its content (undo/redo: after an undone removal
    the file is attached again in a new row)."""
    with ctx.reading() as s:
        case = find_case(s, ref)
        row = next(
            (e for e in case.evidence if e.indicator_id == indicator_id and e.veto_id is None and e.sha256 == sha256),
            None,
        )
        if row is None:
            raise NotFoundError.one(
                Text("该证据文件已不在此指标下", "the file is no longer attached to the indicator"), indicator_id
            )
        evidence_id = row.id
    return set_evidence_kind(ctx, ref, evidence_id, kind)


def check_dated(value: Any, where: str, *, today: date | None = None) -> date | None:
    """The day an evidence file proves (证明日期) from ``YYYY-MM-DD`` text, a date, or None (not said).

    Raises:
        InputError: Not such a date, or outside 2000-01-01..today; the message names ``where``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):
        value = value.isoformat()
    try:
        return parse_day(value, where, today=today)
    except DomainError as exc:
        raise InputError.one(
            Text(f"证明日期：{exc.message.zh}", f"the date proved: {exc.message.en}"), exc.where or where
        ) from None


def find_evidence(detail: CaseDetail, file: str, indicator_id: str | None = None) -> EvidenceItem:
    """One attached file of a revision by its name or its sha256 (at least 8 leading hex digits),
    among one indicator's files (or a veto's, by the veto id) when ``indicator_id`` is given.

    Raises:
        NotFoundError: No file matches.
        InputError: Several do (the message lists where, to narrow it with the indicator).
    """
    wanted = file.strip()[:300]  # (a name is at most 255 characters: what is longer matches nothing)
    low = wanted.lower()
    by_hash = len(low) >= 8 and all(c in "0123456789abcdef" for c in low)
    found = [
        e
        for e in detail.evidence
        if (e.original_name == wanted or (by_hash and e.sha256.startswith(low)))
        and (indicator_id is None or (e.veto_id or e.indicator_id) == indicator_id)
    ]
    if not found:
        where = f"{indicator_id}: {wanted}" if indicator_id else wanted
        raise NotFoundError.one(
            Text(
                "案例中没有这个证据文件（按文件名或 sha256 前 8 位以上查找）",
                "the case has no such evidence file (looked up by its name or at least 8 digits of its sha256)",
            ),
            where,
        )
    if len({(e.veto_id or e.indicator_id, e.sha256) for e in found}) > 1:
        places = ", ".join(sorted({e.veto_id or e.indicator_id for e in found}))
        raise InputError.one(
            Text(
                f"有多个证据文件与之相符（{places}）：用 --indicator 指明指标，或给出 sha256",
                f"several evidence files match ({places}): name the indicator with --indicator, or give the sha256",
            ),
            wanted,
        )
    return found[0]


@retry_conflicts
def set_evidence_date(ctx: AppContext, ref: str, evidence_id: int, dated: Any) -> CaseDetail:
    """Record (or, with None, clear) the day one attached file proves (证明日期), audited as ``evidence.dated``.

    ``dated`` is ``YYYY-MM-DD`` text or a date between 2000-01-01 and today. Whether it lies in the
    review window is not checked here: a date outside it is allowed and flagged where the file is shown.
    """
    day = check_dated(dated, "--dated")
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        row = _evidence_row(case, evidence_id)
        case_repo.set_evidence_date(s, case, row, day, ctx.actor)
        return saved_detail(s, case)


def set_evidence_date_of(
    ctx: AppContext, ref: str, indicator_id: str, sha256: str, dated: Any, *, veto_id: str | None = None
) -> CaseDetail:
    """:func:`set_evidence_date` for the file found by its content (undo/redo, the command line)."""
    with ctx.reading() as s:
        case = find_case(s, ref)
        row = next(
            (
                e
                for e in case.evidence
                if e.indicator_id == indicator_id and e.veto_id == veto_id and e.sha256 == sha256
            ),
            None,
        )
        if row is None:
            raise NotFoundError.one(
                Text("该证据文件已不在此指标下", "the file is no longer attached to the indicator"),
                veto_id or indicator_id,
            )
        evidence_id = row.id
    return set_evidence_date(ctx, ref, evidence_id, dated)


@retry_conflicts
def set_verification(
    ctx: AppContext, ref: str, indicator_id: str, sha256: str | None, verification: dict[str, Any] | None
) -> CaseDetail:
    """Record how one attached file (``sha256``) or an indicator's evidence as a whole (``sha256`` None)
    was verified: ``{"method", "conclusion", "by", "at", "note"}`` (ids or the Chinese words, as in an
    answers file); None removes the verification. Audited as ``evidence.verify``."""
    return set_verifications(ctx, ref, indicator_id, [(sha256, verification)])


@retry_conflicts
def set_verifications(
    ctx: AppContext, ref: str, indicator_id: str, entries: list[tuple[str | None, dict[str, Any] | None]]
) -> CaseDetail:
    """:func:`set_verification` for several files of one indicator (``(sha256, verification)`` each), in one
    transaction: all are recorded or none (undo/redo of a verification given to several files at once)."""
    with ctx.reading() as s:
        framework = fw_registry.pinned(s, find_case(s, ref).framework_sha256)
    if framework.indicator(indicator_id) is None:
        raise InputError.one(Text(f"未知指标 “{indicator_id}”", f"unknown indicator '{indicator_id}'"), indicator_id)
    checks = []
    for sha256, verification in entries:
        check = None
        if verification is not None:
            problems: list[DomainError] = []
            check = parse_verification(verification, indicator_id, indicator_id, problems)
            if problems or check is None:
                raise InputError(problems)
        checks.append((sha256, check))
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        for sha256, check in checks:
            if sha256 is not None and not any(
                e.indicator_id == indicator_id and e.sha256 == sha256 and e.veto_id is None for e in case.evidence
            ):
                raise NotFoundError.one(
                    Text("该指标没有这个证据文件", "the indicator has no such evidence file"), indicator_id
                )
            case_repo.set_verification(s, case, indicator_id, sha256, check, ctx.actor)
        return saved_detail(s, case)


@retry_conflicts
def add_evidence(
    ctx: AppContext, ref: str, indicator_id: str, files: list[Path], kind: str | None = None, dated: Any = None
) -> CaseDetail:
    """Attach files to an indicator (checked first; stored once by content); the answer is left as it is.

    ``kind`` is one of the indicator's evidence kinds for every file (left out: the indicator's only
    kind when it names one, else none until it is chosen); ``dated`` the day every file proves
    (``YYYY-MM-DD``, see :func:`set_evidence_date`).
    """
    day = check_dated(dated, "--dated")
    with ctx.reading() as s:
        case = find_case(s, ref)
        require_draft(case)
        framework = fw_registry.pinned(s, case.framework_sha256)
        tier, case_ref = case.tier, f"{case.case_uuid}@{case.revision}"
    problems: list[DomainError] = []
    items: list[Any] = [
        {"path": str(p), **({"kind": kind} if kind is not None else {}), **({"dated": day.isoformat()} if day else {})}
        for p in files
    ]
    entry: dict[str, Any] = {"evidence": items}
    update = parse_entry(framework, tier, indicator_id, entry, indicator_id, problems, None, ctx.evidence.limit)
    if problems or update is None:
        raise InputError(problems)
    stored = _store(ctx, list(update.evidence))
    pairs = list(zip(update.evidence, stored, strict=True))
    kinds = {f.sha256: update.kinds[p] for p, f in pairs if p in update.kinds}
    dates = {f.sha256: update.dated[p] for p, f in pairs if p in update.dated}
    with ctx.transaction() as s:
        case = find_case(s, case_ref)
        require_draft(case)
        case_repo.attach_evidence(s, case, indicator_id, stored, ctx.actor, kinds=kinds, dated=dates)
        return saved_detail(s, case)


@retry_conflicts
def remove_evidence(ctx: AppContext, ref: str, evidence_id: int) -> CaseDetail:
    """Detach one evidence file from a draft (the stored bytes stay for other cases)."""
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        row = _evidence_row(case, evidence_id)
        case_repo.detach_evidence(s, case, row, ctx.actor)
        return saved_detail(s, case)


@retry_conflicts
def detach_evidence(
    ctx: AppContext, ref: str, indicator_id: str, sha256s: list[str], *, veto_id: str | None = None
) -> CaseDetail:
    """Detach the files with these sha256 from one indicator of a draft, in one transaction (undo of an add).

    With ``veto_id`` (``indicator_id`` being ""), from that veto decision's basis instead.
    """
    wanted = set(sha256s)
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        for row in [
            e for e in case.evidence if e.indicator_id == indicator_id and e.veto_id == veto_id and e.sha256 in wanted
        ]:
            case_repo.detach_evidence(s, case, row, ctx.actor)
        return saved_detail(s, case)


@retry_conflicts
def reattach_evidence(
    ctx: AppContext, ref: str, indicator_id: str, items: list[EvidenceItem], *, veto_id: str | None = None
) -> CaseDetail:
    """Attach files that are still in the evidence store again (undo of a removal), audited as adds.

    With ``veto_id`` (``indicator_id`` being ""), to that veto decision's basis instead.
    """
    missing = []
    for item in items:
        try:
            present = ctx.evidence.path_of(item.sha256).is_file()
        except ValueError:
            present = False
        if not present:
            missing.append(
                DomainError(
                    Text(
                        f"证据文件已不在证据库中，无法恢复：{item.original_name}",
                        f"the file is no longer in the evidence store and cannot be restored: {item.original_name}",
                    ),
                    indicator_id,
                )
            )
    if missing:
        raise InputError(missing)
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        case_repo.attach_evidence(s, case, indicator_id, list(items), ctx.actor, veto_id=veto_id)
        return saved_detail(s, case)


@retry_conflicts
def amend(ctx: AppContext, ref: str, reason: str) -> CaseSummary:
    """Start a new draft revision of a finalized case, copying answers, vetoes and evidence."""
    problems: list[DomainError] = []
    text = check_text(reason, "--reason", problems, required=True)
    if problems and isinstance(reason, str) and reason.strip():
        raise InputError(problems)  # too long or an invalid character: say so, not "give a reason"
    if problems or text is None:
        raise InputError([DomainError(Text("请填写修订理由", "give a reason for the amendment"), "--reason")])
    with ctx.transaction() as s:
        case = find_case(s, ref)
        latest = case_repo.latest_revision(s, case.case_uuid)
        if case.status != FINALIZED:
            raise StateError.one(
                Text(
                    "只有已定稿的案例才能修订；草稿可直接修改",
                    "only a finalized case can be amended; a draft can be edited directly",
                ),
                f"{case.case_uuid}@{case.revision} ({case.status})",
            )
        if case.revision != latest:
            raise StateError.one(
                Text(f"请修订最新版本（修订 {latest}）", f"amend the latest revision ({latest})"),
                f"{case.case_uuid}@{case.revision}",
            )
        if case_repo.is_imported(s, case):
            raise StateError.one(IMPORTED_READ_ONLY, f"{case.case_uuid}@{case.revision}")
        new = case_repo.copy_revision(s, case, case.revision + 1, amend_reason=text)
        case_repo.append_audit(
            s,
            new,
            actor=ctx.actor,
            action="case.amend",
            target=case.case_uuid,
            old={"revision": case.revision},
            new={"revision": new.revision, "reason": text},
        )
        return summary_of(new)


@retry_conflicts
def delete_draft(ctx: AppContext, ref: str) -> None:
    """Delete a draft revision; finalized revisions can never be deleted."""
    with ctx.transaction() as s:
        case = find_case(s, ref)
        if case.status != DRAFT:
            raise StateError.one(
                Text("已定稿的案例不能删除", "a finalized case cannot be deleted"), f"{case.case_uuid}@{case.revision}"
            )
        case_repo.append_audit(
            s,
            case,
            actor=ctx.actor,
            action="case.delete",
            target=case.case_uuid,
            old={"entity": case.entity_name, "uscc": case.uscc},
        )
        s.delete(case)


def mark_finalized(session: Session, case: Case, actor: str) -> None:
    """Lock a revision (used by the finalize-and-sign service once it has signed)."""
    case.status = FINALIZED
    case.finalized_at = utcnow()
    _bump_version(case)
    case_repo.append_audit(
        session,
        case,
        actor=actor,
        action="case.finalize",
        target=case.case_uuid,
        old=DRAFT,
        new=FINALIZED,
    )


__all__ = [
    "CATEGORIES",
    "CaseDetail",
    "CaseSummary",
    "EvidenceItem",
    "add_evidence",
    "add_veto_evidence",
    "amend",
    "answer_state",
    "apply_answers_file",
    "apply_batch",
    "check_dated",
    "delete_draft",
    "detach_evidence",
    "detail_of",
    "find_case",
    "find_evidence",
    "list_cases",
    "load_case",
    "new_case",
    "reattach_evidence",
    "remove_evidence",
    "require_draft",
    "restore_answer",
    "revisions",
    "saved_detail",
    "set_answer",
    "set_evidence_date",
    "set_evidence_date_of",
    "set_evidence_kind",
    "set_evidence_kind_of",
    "set_verification",
    "set_verifications",
    "set_veto",
    "set_veto_basis",
    "summary_of",
]
