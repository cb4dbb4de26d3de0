"""Case data use cases (issue 12): reference date, assessment team, signed independence declarations, the
written opinion, on-site inspection records, and the numbering of reports and certificates.

Every write is one transaction on a draft revision, audited on the case's chain like the other case
edits, and counts as a write to the revision (finalize compares the count).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityeval_desktop.domain import days
from cityeval_desktop.domain.case_data import (
    DEFAULT_CERTIFICATE_PATTERN,
    DEFAULT_ORG_CODE,
    DEFAULT_REPORT_PATTERN,
    MAX_NAME,
    MAX_OPINION,
    MAX_ORG,
    MAX_QUALIFICATION,
    MAX_TEAM,
    ROLES,
    SINGLE_ROLES,
    Declaration,
    Inspection,
    InspectionFile,
    TeamMember,
    format_number,
    independence_statement,
    number_scope,
    org_code_problems,
    parse_day,
    pattern_problems,
    review_window,
)
from cityeval_desktop.domain.files import FileReadError, read_regular
from cityeval_desktop.domain.opinion import draft_opinion as _draft
from cityeval_desktop.domain.records import CaseDetail
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.answers import check_line, check_text, evidence_paths, read_json
from cityeval_desktop.services.cases import find_case, load_case, require_draft, saved_detail
from cityeval_desktop.services.context import AppContext, retry_conflicts
from cityeval_desktop.services.errors import InputError, NotFoundError, StateError
from cityeval_desktop.store import audit, case_repo
from cityeval_desktop.store.evidence import EvidenceError
from cityeval_desktop.store.models import (
    Case,
    DeclarationRow,
    IssuedNumber,
    NumberCounter,
    Setting,
    TeamMemberRow,
)

MAX_INSPECTION_BYTES = 1024 * 1024
MAX_INSPECTIONS = 200
MAX_INSPECTION_FILES = 50
MAX_LIST_ITEMS = 200
MAX_PLACE = 200
_INSPECTION_KEYS = {
    "date",
    "place",
    "participants",
    "checked",
    "findings",
    "attachments",
    "sampled_projects",
    "sampled_staff",
}
_REQUIRED_KEYS = ("date", "place", "participants", "checked", "findings")

ORG_KEY, REPORT_PATTERN_KEY, CERTIFICATE_PATTERN_KEY = "numbering.org", "numbering.report", "numbering.certificate"
REPORT, CERTIFICATE = "report", "certificate"


def _audit(s: Session, case: Case, ctx: AppContext, action: str, target: str, old: Any = None, new: Any = None) -> None:
    case_repo.append_audit(s, case, actor=ctx.actor, action=action, target=target, old=old, new=new)


def _member_state(m: TeamMemberRow | TeamMember) -> dict[str, Any]:
    return {"name": m.name, "role": m.role, "org": m.org, "qualification": m.qualification}


# ----------------------------------------------------------------------------- reference date
@retry_conflicts
def set_reference_date(ctx: AppContext, ref: str, value: str) -> CaseDetail:
    """Set a draft's reference date (评估基准日, ``YYYY-MM-DD``); the review window follows from the framework.

    The declarations name the window they cover: signed for another window, they are withdrawn (audited)
    and the members declare again.
    """
    try:
        day = parse_day(value, "--reference-date")
    except DomainError as exc:
        raise InputError([exc]) from None
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        framework = fw_registry.pinned(s, case.framework_sha256)
        start, end = review_window(day, framework.review_window_months)
        old = {
            "reference_date": case.reference_date.isoformat() if case.reference_date else None,
            "window": [case.window_from.isoformat(), case.window_to.isoformat()]
            if case.window_from and case.window_to
            else None,
        }
        if case.reference_date == day and case.window_from == start:
            return saved_detail(s, case)
        case.reference_date, case.window_from, case.window_to = day, start, end
        _audit(
            s,
            case,
            ctx,
            "case.reference_date",
            case.case_uuid,
            old,
            {"reference_date": day.isoformat(), "window": [start.isoformat(), end.isoformat()]},
        )
        for row in list(case.declarations):
            _withdraw(s, ctx, case, row, "window")
        return saved_detail(s, case)


def _withdraw(s: Session, ctx: AppContext, case: Case, row: DeclarationRow, why: str) -> None:
    case.declarations.remove(row)
    s.delete(row)
    _audit(
        s,
        case,
        ctx,
        "team.declaration.withdraw",
        row.member,
        {"member": row.member, "fingerprint": row.signer_fingerprint, "signed_at": row.signed_at.isoformat()},
        {"why": why},
    )


# ----------------------------------------------------------------------------- team
def _clean(value: Any, where: str, limit: int, problems: list[DomainError], *, required: bool) -> str | None:
    text = check_line(value, where, problems, limit)
    if text is None and required and not any(p.where == where for p in problems):
        problems.append(DomainError(Text("不能为空", "must not be empty"), where))
    return text


@retry_conflicts
def add_member(
    ctx: AppContext, ref: str, *, name: str, role: str, org: str, qualification: str | None = None
) -> CaseDetail:
    """Add a member to a draft's assessment team (评审组): one entry per name, one lead."""
    problems: list[DomainError] = []
    clean_name = _clean(name, "--name", MAX_NAME, problems, required=True)
    clean_org = _clean(org, "--org", MAX_ORG, problems, required=True)
    clean_q = _clean(qualification, "--qualification", MAX_QUALIFICATION, problems, required=False)
    if role not in ROLES:
        known = ", ".join(ROLES)
        problems.append(
            DomainError(
                Text(f"未知角色 “{role}”（可选：{known}）", f"unknown role '{role}' (expected: {known})"), "--role"
            )
        )
    if problems:
        raise InputError(problems)
    assert clean_name is not None and clean_org is not None
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        if any(m.name == clean_name for m in case.team):
            raise InputError.one(
                Text(
                    f"评审组中已有 {clean_name}；如需更改，请先移除再添加",
                    f"{clean_name} is already on the team; remove them first to change the entry",
                ),
                "--name",
            )
        if role in SINGLE_ROLES:
            holder = next((m for m in case.team if m.role == role), None)
            if holder is not None:
                title = ROLES[role]
                raise InputError.one(
                    Text(
                        f"评审组已有{title.zh} {holder.name}；一个评审组只有一名{title.zh}",
                        f"the team already has an {title.en} ({holder.name}); a team has one {title.en}"
                        if title.en[0] in "aeiou"
                        else f"the team already has a {title.en} ({holder.name}); a team has one {title.en}",
                    ),
                    "--role",
                )
        if len(case.team) >= MAX_TEAM:
            raise InputError.one(Text(f"评审组最多 {MAX_TEAM} 人", f"a team has at most {MAX_TEAM} members"), "--name")
        row = TeamMemberRow(
            position=max((m.position for m in case.team), default=0) + 1,
            name=clean_name,
            role=role,
            org=clean_org,
            qualification=clean_q,
        )
        case.team.append(row)
        _audit(s, case, ctx, "team.add", clean_name, None, _member_state(row))
        return saved_detail(s, case)


@retry_conflicts
def remove_member(ctx: AppContext, ref: str, name: str) -> CaseDetail:
    """Take a member off a draft's team; their declaration goes with them (both audited)."""
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        row = next((m for m in case.team if m.name == name.strip()), None)
        if row is None:
            raise NotFoundError.one(Text(f"评审组中没有 {name}", f"{name} is not on the team"), "--name")
        for decl in [d for d in case.declarations if d.member == row.name]:
            _withdraw(s, ctx, case, decl, "removed")
        case.team.remove(row)
        s.delete(row)
        _audit(s, case, ctx, "team.remove", row.name, _member_state(row), None)
        return saved_detail(s, case)


# ----------------------------------------------------------------------------- declarations
@dataclass(frozen=True)
class DeclarationCheck:
    """What verifying a stored declaration found."""

    #: the signature covers the statement as stored, its value holds, and it is the recorded signer's
    valid: bool
    #: the signer chains to a certificate of the trust store
    trusted: bool
    problems: list[Text] = field(default_factory=list)

    def describe(self) -> Text:
        if not self.valid:
            why = "；".join(p.zh for p in self.problems[:2]), "; ".join(p.en for p in self.problems[:2])
            return Text(f"签名无效：{why[0]}", f"signature INVALID: {why[1]}")
        if not self.trusted:
            return Text("签名有效（签署人不在信任库中）", "signature valid (signer not in the trust store)")
        return Text("签名有效，签署人可信", "signature valid, signer trusted")


@retry_conflicts
def declare(ctx: AppContext, ref: str, member: str, identity: Any, *, lang: str = "zh") -> CaseDetail:
    """Record a member's signed 回避与独立性声明: the statement (in ``lang``) signed with the member's identity.

    The identity must be the member's own (its certificate's name is the member's name); the
    statement names the case's review window, so the reference date must be set. A new declaration
    replaces the member's earlier one (audited).
    """
    from cityeval_desktop.services.revocation import refuse_revoked_signer
    from cityeval_desktop.signing.cms import sign_detached

    with ctx.reading() as s:
        case = find_case(s, ref)
        require_draft(case)
        row = next((m for m in case.team if m.name == member.strip()), None)
        if row is None:
            raise NotFoundError.one(Text(f"评审组中没有 {member}", f"{member} is not on the team"), "--member")
        if case.window_from is None or case.window_to is None:
            raise StateError.one(
                Text(
                    "案例没有评估基准日，声明无法注明考察期：请先用 case set --reference-date 设置",
                    "the case has no reference date, so the declaration cannot name the review window: set it "
                    "first with case set --reference-date",
                ),
                case.case_uuid,
            )
        person = TeamMember(row.name, row.role, row.org, row.qualification)
        window = (case.window_from, case.window_to)
        entity, uscc, case_uuid, case_ref = (
            case.entity_name,
            case.uscc,
            case.case_uuid,
            f"{case.case_uuid}@{case.revision}",
        )
    if (identity.name or "").strip() != person.name:
        raise InputError.one(
            Text(
                f"该身份属于 {identity.name}，不是 {person.name}：声明须由成员本人的身份签署",
                f"this identity is {identity.name}'s, not {person.name}'s: a member signs their own declaration",
            ),
            "--identity",
        )
    refuse_revoked_signer(ctx, identity)
    statement = independence_statement(person, entity=entity, uscc=uscc, window=window, case_uuid=case_uuid, lang=lang)
    when = datetime.now(UTC).replace(microsecond=0)
    signature = sign_detached(statement.encode("utf-8"), identity, signing_time=when)
    with ctx.transaction() as s:
        case = find_case(s, case_ref)
        require_draft(case)
        if not any(m.name == person.name for m in case.team) or (case.window_from, case.window_to) != window:
            raise StateError.one(
                Text(
                    "签署期间评审组或基准日被修改，请重试",
                    "the team or the reference date changed while signing; try again",
                ),
                case_ref,
            )
        for old in [d for d in case.declarations if d.member == person.name]:
            _withdraw(s, ctx, case, old, "replaced")
        s.flush()
        case.declarations.append(
            DeclarationRow(
                member=person.name,
                statement=statement,
                signature=signature,
                signer_name=identity.name,
                signer_fingerprint=identity.fingerprint,
                signed_at=when,
            )
        )
        _audit(
            s,
            case,
            ctx,
            "team.declare",
            person.name,
            None,
            {
                "member": person.name,
                "statement_sha256": hashlib.sha256(statement.encode("utf-8")).hexdigest(),
                "signature_sha256": hashlib.sha256(signature).hexdigest(),
                "fingerprint": identity.fingerprint,
                "signed_at": when.isoformat(),
            },
        )
        return saved_detail(s, case)


def verify_declaration(declaration: Declaration, trusted: list[Any]) -> DeclarationCheck:
    """Check a declaration's signature over its statement, and that it is the recorded signer's."""
    from cityeval_desktop.signing.cms import verify_detached
    from cityeval_desktop.signing.errors import SigningError

    try:
        found = verify_detached(
            declaration.statement.encode("utf-8"), declaration.signature, trusted, where="declaration"
        )
    except SigningError as exc:
        return DeclarationCheck(False, False, [exc.message])
    problems = list(found.problems)
    valid = found.intact and found.valid
    if found.fingerprint != declaration.signer_fingerprint:
        valid = False
        problems.append(Text("签名者与记录的签署人不符", "the signer is not the one recorded"))
    return DeclarationCheck(valid, valid and found.trusted, problems)


def check_declarations(ctx: AppContext, detail: CaseDetail) -> dict[str, DeclarationCheck]:
    """Each stored declaration of ``detail`` verified against the trust store, by member name."""
    declarations = detail.case_data.declarations
    if not declarations:
        return {}
    from cityeval_desktop.services.trust_store import trusted_certificates

    trusted = list(trusted_certificates(ctx))
    return {d.member: verify_declaration(d, trusted) for d in declarations}


# ----------------------------------------------------------------------------- opinion
def draft_opinion(ctx: AppContext, ref: str, lang: str = "zh") -> str:
    """The 综合评价意见 drafted from the revision's result in ``lang`` (nothing is stored)."""
    return _draft(load_case(ctx, ref), lang)


def _check_opinion(text: Any, where: str) -> str:
    problems: list[DomainError] = []
    value = check_text(text, where, problems, required=True)
    if problems or value is None:
        raise InputError(problems or [DomainError(Text("意见不能为空", "the opinion must not be empty"), where)])
    if len(value) > MAX_OPINION:
        raise InputError.one(
            Text(f"意见过长（上限 {MAX_OPINION} 字）", f"the opinion is too long (limit {MAX_OPINION})"), where
        )
    if any(not (ch.isprintable() or ch in "\n\t") for ch in value.replace("\r\n", "\n")):
        raise InputError.one(
            Text(
                "意见含有控制字符，请只保留文字和换行",
                "the opinion holds control characters; keep text and line breaks",
            ),
            where,
        )
    return value.replace("\r\n", "\n").strip()


@retry_conflicts
def set_opinion(ctx: AppContext, ref: str, text: str, where: str = "--file") -> CaseDetail:
    """Store a draft's written opinion (综合评价意见) as the lead assessor edited it (audited)."""
    value = _check_opinion(text, where)
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        if case.opinion != value:
            old, case.opinion = case.opinion, value
            _audit(s, case, ctx, "case.opinion", case.case_uuid, old, value)
        return saved_detail(s, case)


@retry_conflicts
def clear_opinion(ctx: AppContext, ref: str) -> CaseDetail:
    """Take a draft's written opinion away again (the workbench's undo of a first opinion; audited)."""
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        if case.opinion is not None:
            old, case.opinion = case.opinion, None
            _audit(s, case, ctx, "case.opinion", case.case_uuid, old, None)
        return saved_detail(s, case)


def set_opinion_file(ctx: AppContext, ref: str, path: Path) -> CaseDetail:
    """:func:`set_opinion` from a UTF-8 text file (at most 256 KiB)."""
    try:
        raw = read_regular(Path(path), 256 * 1024)
    except FileReadError as exc:
        raise InputError([exc]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError.one(Text("文件不是 UTF-8 编码", "the file is not UTF-8 text"), str(path)) from None
    return set_opinion(ctx, ref, text, str(path))


# ----------------------------------------------------------------------------- inspections
def _text_list(value: Any, where: str, problems: list[DomainError], *, required: bool) -> tuple[str, ...]:
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value):
        problems.append(DomainError(Text("应为非空的文字列表", "expected a non-empty list of text"), where))
        return ()
    if len(value) > MAX_LIST_ITEMS:
        problems.append(
            DomainError(
                Text(
                    f"列表过长（{len(value)} 项，上限 {MAX_LIST_ITEMS}）",
                    f"too many items ({len(value)}, limit {MAX_LIST_ITEMS})",
                ),
                where,
            )
        )
        return ()
    out = []
    for k, item in enumerate(value):
        text = check_line(item, f"{where}[{k}]", problems, MAX_ORG)
        if text is None and not any(p.where == f"{where}[{k}]" for p in problems):
            problems.append(DomainError(Text("不能为空", "must not be empty"), f"{where}[{k}]"))
        if text is not None:
            out.append(text)
    return tuple(out)


def parse_inspection(
    document: Any, base_dir: Path | None, evidence_limit: int, where: str
) -> tuple[Inspection, list[Path]]:
    """An inspection record from its JSON document, every problem named; its attachments' paths (confined
    to the document's folder, or, with ``base_dir`` None, files chosen in the workbench; each checked like
    an evidence file).

    Raises:
        InputError: Every problem found; nothing was stored.
    """
    problems: list[DomainError] = []
    if not isinstance(document, dict):
        raise InputError.one(Text("顶层应为 JSON 对象", "the top level must be a JSON object"), where)
    unknown = sorted(set(document) - _INSPECTION_KEYS)
    if unknown:
        problems.append(
            DomainError(Text(f"未知字段：{', '.join(unknown)}", f"unknown field: {', '.join(unknown)}"), where)
        )
    for key in _REQUIRED_KEYS:
        if key not in document:
            problems.append(DomainError(Text(f"缺少字段 {key}", f"the field {key} is missing"), where))
    day: date | None = None
    if "date" in document:
        try:
            day = parse_day(document["date"], f"{where}: date")
        except DomainError as exc:
            problems.append(exc)
    place = _clean(document.get("place"), f"{where}: place", MAX_PLACE, problems, required="place" in document)
    participants = _text_list(document.get("participants"), f"{where}: participants", problems, required=True)
    checked = check_text(document.get("checked"), f"{where}: checked", problems, required="checked" in document)
    findings = check_text(document.get("findings"), f"{where}: findings", problems, required="findings" in document)
    projects = _text_list(document.get("sampled_projects"), f"{where}: sampled_projects", problems, required=False)
    staff = _text_list(document.get("sampled_staff"), f"{where}: sampled_staff", problems, required=False)
    files = document.get("attachments", [])
    paths: list[Path] = []
    if isinstance(files, list) and len(files) > MAX_INSPECTION_FILES:
        problems.append(
            DomainError(
                Text(
                    f"附件过多（{len(files)} 个，上限 {MAX_INSPECTION_FILES} 个）",
                    f"too many attachments ({len(files)}, limit {MAX_INSPECTION_FILES})",
                ),
                f"{where}: attachments",
            )
        )
    else:
        found = evidence_paths(files, f"{where}: attachments", problems, base_dir, evidence_limit, rich=False)
        paths = [p for p, _, _ in found]
    if problems:
        raise InputError(problems)
    assert day is not None and place is not None and checked is not None and findings is not None
    record = Inspection(day, place, participants, checked.strip(), findings.strip(), projects, staff)
    return record, paths


@retry_conflicts
def add_inspection(ctx: AppContext, ref: str, path: Path) -> CaseDetail:
    """Add an on-site inspection record (现场核查记录) from a JSON file to a draft; see docs/case-data.md.

    The file is at most 1 MiB and checked whole first; attachments are paths relative to it, inside
    its folder, stored in the evidence store. All or nothing.
    """
    path = Path(path)
    try:
        read_regular(path, MAX_INSPECTION_BYTES)  # the size first: a huge file is refused unread
    except FileReadError as exc:
        raise InputError([exc]) from None
    return _add_inspection(ctx, ref, read_json(path), path.parent, str(path))


@retry_conflicts
def add_inspection_fields(ctx: AppContext, ref: str, fields: dict[str, Any]) -> CaseDetail:
    """Add an on-site inspection record typed in the workbench: ``fields`` has the keys of the JSON record
    (docs/case-data.md) and its ``attachments`` are the chosen files themselves (absolute paths), each
    checked and stored like evidence. The same checks and limits as :func:`add_inspection`; all or nothing.
    """
    document = {k: ([str(p) for p in v] if k == "attachments" else v) for k, v in fields.items()}
    return _add_inspection(ctx, ref, document, None, "inspection")


def _add_inspection(ctx: AppContext, ref: str, document: Any, base_dir: Path | None, where: str) -> CaseDetail:
    with ctx.reading() as s:
        case = find_case(s, ref)
        require_draft(case)
        case_ref = f"{case.case_uuid}@{case.revision}"
    record, paths = parse_inspection(document, base_dir, ctx.evidence.limit, where)
    stored = []
    for p in paths:
        try:
            stored.append(ctx.evidence.add(p))
        except EvidenceError as exc:
            raise InputError([exc]) from None
    files = tuple(InspectionFile(f.sha256, f.original_name[:255], f.size, f.media_type) for f in stored)
    record = Inspection(
        record.day,
        record.place,
        record.participants,
        record.checked,
        record.findings,
        record.sampled_projects,
        record.sampled_staff,
        files,
    )
    with ctx.transaction() as s:
        case = find_case(s, case_ref)
        require_draft(case)
        if len(case.inspections) >= MAX_INSPECTIONS:
            raise InputError.one(
                Text(
                    f"现场核查记录最多 {MAX_INSPECTIONS} 条", f"a case has at most {MAX_INSPECTIONS} inspection records"
                ),
                where,
            )
        position = max((i.position for i in case.inspections), default=0) + 1
        case.inspections.append(case_repo.inspection_row(record, position))
        _audit(s, case, ctx, "inspection.add", str(position), None, case_repo.inspection_state(record))
        return saved_detail(s, case)


@retry_conflicts
def remove_inspection(ctx: AppContext, ref: str, index: int) -> CaseDetail:
    """Take the ``index``-th (0-based, as listed) inspection record off a draft (audited ``inspection.remove``);
    its attachments stay in the evidence store for other uses."""
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        rows = list(case.inspections)
        if not 0 <= index < len(rows):
            raise NotFoundError.one(
                Text(f"没有第 {index + 1} 条现场核查记录", f"there is no inspection record {index + 1}"), "inspection"
            )
        row = rows[index]
        state = case_repo.inspection_state(case_repo.inspection_of(row))
        case.inspections.remove(row)
        s.delete(row)
        _audit(s, case, ctx, "inspection.remove", str(row.position), state, None)
        return saved_detail(s, case)


@retry_conflicts
def restore_inspection(ctx: AppContext, ref: str, record: Inspection) -> CaseDetail:
    """Put an inspection record taken off (:func:`remove_inspection`) back at the end (the workbench's undo;
    audited ``inspection.add``). Its attachments are in the evidence store already."""
    with ctx.transaction() as s:
        case = find_case(s, ref)
        require_draft(case)
        if len(case.inspections) >= MAX_INSPECTIONS:
            raise InputError.one(
                Text(
                    f"现场核查记录最多 {MAX_INSPECTIONS} 条", f"a case has at most {MAX_INSPECTIONS} inspection records"
                ),
                "inspection",
            )
        position = max((i.position for i in case.inspections), default=0) + 1
        case.inspections.append(case_repo.inspection_row(record, position))
        _audit(s, case, ctx, "inspection.add", str(position), None, case_repo.inspection_state(record))
        return saved_detail(s, case)


# ----------------------------------------------------------------------------- numbering
@dataclass(frozen=True)
class Numbering:
    """How this database numbers reports and certificates (settings, see docs/case-data.md)."""

    org: str
    report_pattern: str
    certificate_pattern: str


def numbering(ctx: AppContext) -> Numbering:
    """The numbering settings (the defaults where none is set)."""
    values = ctx.settings()
    return Numbering(
        values.get(ORG_KEY, DEFAULT_ORG_CODE),
        values.get(REPORT_PATTERN_KEY, DEFAULT_REPORT_PATTERN),
        values.get(CERTIFICATE_PATTERN_KEY, DEFAULT_CERTIFICATE_PATTERN),
    )


def set_numbering(
    ctx: AppContext,
    *,
    org: str | None = None,
    report_pattern: str | None = None,
    certificate_pattern: str | None = None,
) -> Numbering:
    """Change the organisation code or the patterns (``{org}-{year}-{seq:04d}``: those fields only), audited
    on the system chain. Numbers already handed out are kept and never handed out again."""
    problems: list[DomainError] = []
    if org is not None:
        problems += [DomainError(p, "--org") for p in org_code_problems(org)]
    if report_pattern is not None:
        problems += [DomainError(p, "--pattern") for p in pattern_problems(report_pattern)]
    if certificate_pattern is not None:
        problems += [DomainError(p, "--certificate-pattern") for p in pattern_problems(certificate_pattern)]
    if problems:
        raise InputError(problems)
    before = numbering(ctx)
    wanted = {ORG_KEY: org, REPORT_PATTERN_KEY: report_pattern, CERTIFICATE_PATTERN_KEY: certificate_pattern}
    with ctx.transaction() as s:
        for key, value in wanted.items():
            if value is None:
                continue
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=value.strip()))
            else:
                row.value = value.strip()
        after = {k: v.strip() for k, v in wanted.items() if v is not None}
        audit.append(
            s,
            chain=audit.SYSTEM_CHAIN,
            actor=ctx.actor,
            action="settings.numbering",
            old={
                ORG_KEY: before.org,
                REPORT_PATTERN_KEY: before.report_pattern,
                CERTIFICATE_PATTERN_KEY: before.certificate_pattern,
            },
            new=after,
        )
    return numbering(ctx)


def _next_number(s: Session, kind: str, pattern: str, org: str, year: int) -> str:
    scope = number_scope(kind, pattern, org, year)
    counter = s.get(NumberCounter, scope, with_for_update=True)
    if counter is None:
        counter = NumberCounter(scope=scope, last=0)
        s.add(counter)
    for _ in range(10_000):  # a pattern changed back may meet numbers handed out before: skip them
        counter.last += 1
        number = format_number(pattern, org, year, counter.last)
        if len(number) > 64:
            raise InputError.one(
                Text(
                    "编号超过 64 字，请缩短编号格式或机构代号",
                    "the number exceeds 64 characters: shorten the pattern or the code",
                ),
                number[:64],
            )
        if s.get(IssuedNumber, number) is None:
            return number
    raise StateError.one(Text("找不到未用过的编号，请更改编号格式", "no unused number left: change the pattern"), scope)


@dataclass(frozen=True)
class ReservedNumbers:
    report_no: str
    certificate_no: str | None


@retry_conflicts
def reserve_numbers(ctx: AppContext, case_uuid: str, revision: int, *, certificate: bool) -> ReservedNumbers:
    """Hand out the report number (and the certificate number) for a finalize about to render its report.

    Its own transaction, before the report is rendered: a number may then appear in a signed report,
    so it is kept (``issued_numbers``) even when that finalize fails, and never handed out again.
    """
    settings = numbering(ctx)
    year = days.today().year
    with ctx.transaction() as s:
        report_no = _next_number(s, REPORT, settings.report_pattern, settings.org, year)
        s.add(IssuedNumber(number=report_no, kind=REPORT, case_uuid=case_uuid, revision=revision))
        s.flush()
        cert_no = None
        if certificate:
            cert_no = _next_number(s, CERTIFICATE, settings.certificate_pattern, settings.org, year)
            s.add(IssuedNumber(number=cert_no, kind=CERTIFICATE, case_uuid=case_uuid, revision=revision))
        return ReservedNumbers(report_no, cert_no)


def mark_issued(s: Session, numbers: ReservedNumbers) -> None:
    """In the finalize transaction: the reserved numbers now belong to the finalized revision."""
    for number in (numbers.report_no, numbers.certificate_no):
        if number is not None:
            row = s.get(IssuedNumber, number)
            if row is not None:
                row.issued = True


def issued_numbers(ctx: AppContext) -> list[tuple[str, str, str, int, bool]]:
    """Every number this database handed out: (number, kind, case uuid, revision, issued)."""
    with ctx.reading() as s:
        return [
            (r.number, r.kind, r.case_uuid, r.revision, r.issued)
            for r in s.scalars(select(IssuedNumber).order_by(IssuedNumber.reserved_at, IssuedNumber.number))
        ]


# ----------------------------------------------------------------------------- a package's case data
class CarriedError(ValueError):
    """The case data of a package's case.json is malformed; ``field`` names where."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


def _carried_text(value: Any, where: str, limit: int, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise CarriedError(where)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise CarriedError(where) from None
    return value


def _carried_day(value: Any, where: str, *, optional: bool = True) -> date | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) != 10:
        raise CarriedError(where)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CarriedError(where) from None


def _carried_list(value: Any, where: str, limit: int) -> list[Any]:
    if not isinstance(value, list) or len(value) > limit:
        raise CarriedError(where)
    return value


def _sha(value: Any, where: str) -> str:
    text = _carried_text(value, where, 64)
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise CarriedError(where)
    return text


def _carried_numbers(doc: dict[str, Any], case: Case) -> None:
    """The validity and the numbers a package's case.json carries."""
    valid = doc.get("valid")
    if valid is not None:
        if not isinstance(valid, dict) or set(valid) != {"from", "until"}:
            raise CarriedError("valid")
        case.valid_from = _carried_day(valid["from"], "valid.from", optional=False)
        case.valid_until = _carried_day(valid["until"], "valid.until", optional=False)
    case.report_no = _carried_text(doc.get("report_no"), "report_no", 64, optional=True)
    case.certificate_no = _carried_text(doc.get("certificate_no"), "certificate_no", 64, optional=True)


def carried_case_data(doc: dict[str, Any], case: Case, *, recorded: bool = False) -> None:
    """Put the case data a package's case.json carries (issue 12) on the rebuilt revision ``case``.

    Every field is checked for type and size (the document comes from outside), and each
    declaration's signature must hold over its statement; a package written before carries none of
    it and leaves the revision without. The caller then compares the case.json computed from the
    rows with the one carried, so what is kept is exactly what was sent.

    With ``recorded`` the revision's finalized content (form 3, ``store/digest.py``) already gave the
    rows their reference date, window, team, declarations, opinion and inspections: only the
    validity and the numbers (handed out after the content was fixed) are taken from case.json, and
    each declaration of the content must verify; the comparison that follows holds case.json to the
    content.

    Raises:
        CarriedError: A field that is malformed, too large, or a declaration that does not verify.
    """
    import base64
    import binascii

    from cityeval_desktop.signing.cms import MAX_SIGNATURE_BYTES

    window = doc.get("window")
    if recorded:
        _carried_numbers(doc, case)
        for k, d in enumerate(case.declarations):
            given = Declaration(d.member, d.statement, d.signature, d.signer_name, d.signer_fingerprint, d.signed_at)
            if len(d.signature) > MAX_SIGNATURE_BYTES or not verify_declaration(given, []).valid:
                raise CarriedError(f"team[{k}].declaration")
        return
    case.reference_date = _carried_day(doc.get("reference_date"), "reference_date")
    if window is not None:
        if not isinstance(window, dict) or set(window) != {"from", "to"}:
            raise CarriedError("window")
        case.window_from = _carried_day(window["from"], "window.from", optional=False)
        case.window_to = _carried_day(window["to"], "window.to", optional=False)
    _carried_numbers(doc, case)
    case.opinion = _carried_text(doc.get("opinion"), "opinion", MAX_OPINION, optional=True)
    names: set[str] = set()
    for k, m in enumerate(_carried_list(doc.get("team", []), "team", MAX_TEAM)):
        where = f"team[{k}]"
        if not isinstance(m, dict) or set(m) != {"name", "role", "org", "qualification", "declaration"}:
            raise CarriedError(where)
        name = _carried_text(m["name"], f"{where}.name", MAX_NAME)
        if name in names or m["role"] not in ROLES:
            raise CarriedError(where)
        names.add(name)
        case.team.append(
            TeamMemberRow(
                position=k + 1,
                name=name,
                role=m["role"],
                org=_carried_text(m["org"], f"{where}.org", MAX_ORG),
                qualification=_carried_text(
                    m["qualification"], f"{where}.qualification", MAX_QUALIFICATION, optional=True
                ),
            )
        )
        d = m["declaration"]
        if d is None:
            continue
        if not isinstance(d, dict) or set(d) != {"statement", "signer", "fingerprint", "signed_at", "signature"}:
            raise CarriedError(f"{where}.declaration")
        try:
            signature = base64.b64decode(
                _carried_text(d["signature"], f"{where}.declaration", 2 * MAX_SIGNATURE_BYTES), validate=True
            )
            signed_at = datetime.fromisoformat(_carried_text(d["signed_at"], f"{where}.declaration", 40))
        except (binascii.Error, ValueError):
            raise CarriedError(f"{where}.declaration") from None
        if signed_at.tzinfo is None:
            raise CarriedError(f"{where}.declaration")
        row = DeclarationRow(
            member=name,
            statement=_carried_text(d["statement"], f"{where}.declaration", MAX_OPINION),
            signature=signature,
            signer_name=_carried_text(d["signer"], f"{where}.declaration", 200),
            signer_fingerprint=_sha(d["fingerprint"], f"{where}.declaration"),
            signed_at=signed_at,
        )
        check = verify_declaration(
            Declaration(row.member, row.statement, row.signature, row.signer_name, row.signer_fingerprint, signed_at),
            [],
        )
        if not check.valid:
            raise CarriedError(f"{where}.declaration")
        case.declarations.append(row)
    for k, i in enumerate(_carried_list(doc.get("inspections", []), "inspections", MAX_INSPECTIONS)):
        where = f"inspections[{k}]"
        if not isinstance(i, dict) or set(i) != _INSPECTION_KEYS:
            raise CarriedError(where)
        files = []
        for f in _carried_list(i["attachments"], f"{where}.attachments", MAX_INSPECTION_FILES):
            if not isinstance(f, dict) or set(f) - {"path"} != {"name", "sha256", "size", "media_type"}:
                raise CarriedError(f"{where}.attachments")
            size = f["size"]
            if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= 1 << 40:
                raise CarriedError(f"{where}.attachments")
            files.append(
                InspectionFile(
                    _sha(f["sha256"], f"{where}.attachments"),
                    _carried_text(f["name"], f"{where}.attachments", 255),
                    size,
                    _carried_text(f["media_type"], f"{where}.attachments", 100),
                )
            )

        def texts(key: str, item: dict[str, Any] = i, at: str = where) -> tuple[str, ...]:
            return tuple(
                _carried_text(x, f"{at}.{key}", MAX_ORG)
                for x in _carried_list(item[key], f"{at}.{key}", MAX_LIST_ITEMS)
            )

        record = Inspection(
            day=_carried_day(i["date"], f"{where}.date", optional=False),  # type: ignore[arg-type]
            place=_carried_text(i["place"], f"{where}.place", MAX_PLACE),
            participants=texts("participants"),
            checked=_carried_text(i["checked"], f"{where}.checked", MAX_OPINION),
            findings=_carried_text(i["findings"], f"{where}.findings", MAX_OPINION),
            sampled_projects=texts("sampled_projects"),
            sampled_staff=texts("sampled_staff"),
            attachments=tuple(files),
        )
        case.inspections.append(case_repo.inspection_row(record, k + 1))
