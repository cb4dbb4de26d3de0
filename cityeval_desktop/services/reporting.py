"""Finalize-and-sign, reports and workbooks: the use cases behind the trust and output features."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from cityeval_desktop.domain import days
from cityeval_desktop.domain.case_data import validity
from cityeval_desktop.domain.records import FINALIZED
from cityeval_desktop.domain.signer_match import SignerMismatch, signer_mismatch
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.services.case_data import mark_issued, reserve_numbers
from cityeval_desktop.services.cases import CaseDetail, detail_of, find_case, load_case, mark_finalized
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError, StateError
from cityeval_desktop.services.results import FinalizeProblem, finalize_problems
from cityeval_desktop.store import audit, case_repo
from cityeval_desktop.store.digest import content_hash, revision_content
from cityeval_desktop.store.evidence import EvidenceError
from cityeval_desktop.store.files import write_output
from cityeval_desktop.store.models import CaseReport

ProgressFn = Callable[[int, int, str], None]

# The steps finalize_and_sign reports through ``progress(done, total, step)``: keys, not wording, so
# each interface shows them in its own language (the GUI maps them to translated labels).
STEP_CHECKS, STEP_SIGN, STEP_STORE, STEP_DONE = "checks", "sign", "store", "done"
FINALIZE_STEPS = (STEP_CHECKS, STEP_SIGN, STEP_STORE, STEP_DONE)


class FinalizeCheckError(InputError):
    """Finalize refused: ``checks`` lists each failed DESIGN §5 check (to jump to)."""

    def __init__(self, checks: list[FinalizeProblem], where: str) -> None:
        super().__init__([DomainError(c.message, where) for c in checks])
        self.checks = checks


class SignerMismatchError(InputError):
    """A self-check about to be signed by an identity that does not name the entity (refused unless confirmed).

    ``mismatch`` holds both sides; nothing was rendered, signed or stored.
    """

    def __init__(self, mismatch: SignerMismatch, where: str) -> None:
        super().__init__(
            [
                DomainError(
                    Text(
                        f"自评报告应由被评估主体自己的身份签署，而所选身份不是：{mismatch.detail.zh}。"
                        "请改用本单位的签署身份；确需以此身份签署时，须确认不一致，报告上将注明",
                        f"a self-check is signed by an identity of the assessed entity itself, and this one is "
                        f"not: {mismatch.detail.en}. Use your own organisation's signing identity; to sign with "
                        "this one anyway, confirm the mismatch, and the report will say so",
                    ),
                    where,
                )
            ]
        )
        self.mismatch = mismatch


@dataclass(frozen=True)
class FinalizeResult:
    detail: CaseDetail
    report_sha256: str
    report_size: int
    signer_name: str
    signer_fingerprint: str
    #: a self-check signed by another organisation's identity (confirmed), else None
    signer_mismatch: SignerMismatch | None = None
    #: the organisation identity's name and fingerprint (the 评估机构 signature of a third-party report)
    org_name: str | None = None
    org_fingerprint: str | None = None


@dataclass(frozen=True)
class SignedReportInfo:
    """The signed report stored when a revision was finalized: its language, bytes and who signed it when."""

    lang: str
    sha256: str
    size: int
    signer_name: str
    signer_fingerprint: str
    signed_at: datetime


def check_self_signer(detail: CaseDetail, identity: Any, *, confirmed: bool = False) -> SignerMismatch | None:
    """Who may sign a self-check: an identity of the entity itself (``domain/signer_match.py``).

    Returns None for a third-party case or a matching signer, and the mismatch when ``confirmed``.

    Raises:
        SignerMismatchError: A self-check and a signer of another (or no) organisation, not confirmed.
    """
    s = detail.summary
    if s.mode != "self" or identity is None:
        return None
    found = signer_mismatch(
        getattr(identity, "organisation", None), getattr(identity, "uscc", None), s.entity_name, s.uscc
    )
    if found is not None and not confirmed:
        raise SignerMismatchError(found, s.ref)
    return found


def recorded_signer_mismatch(entries: list[dict[str, Any]], revision: int) -> SignerMismatch | None:
    """The signer mismatch the ``report.sign`` entry of ``revision`` recorded (None if there was none)."""
    for e in reversed(entries):
        if e.get("action") == "report.sign" and e.get("revision") == revision:
            new = e.get("new")
            return SignerMismatch.from_facts(new.get("signer_mismatch")) if isinstance(new, dict) else None
    return None


def audit_entries(ctx: AppContext, case_uuid: str) -> list[dict[str, Any]]:
    """The case's audit chain as plain dicts (oldest first)."""
    with ctx.reading() as s:
        return list(audit.export_chain(s, case_uuid))


def write_atomically(out: Path, data: bytes) -> Path:
    """Write bytes to ``out`` atomically (``store/files.py``: one policy for every output)."""
    return write_output(out, data)


def render_report(
    ctx: AppContext, ref: str, *, lang: str = "zh", identity: Any = None, confirm_signer_mismatch: bool = False
) -> bytes:
    """A PDF report of a case revision; signed (PAdES) when an identity is given.

    Drafts carry the DRAFT watermark. For a finalized revision without an identity the
    signed report stored at finalize time is returned when it exists in that language. A self-check
    signed by an identity of another organisation needs ``confirm_signer_mismatch`` (see
    :func:`check_self_signer`) and then says so.

    Raises:
        SignerMismatchError: A self-check, another organisation's identity and no confirmation.
    """
    detail = load_case(ctx, ref)
    final = not detail.summary.is_draft
    if final and identity is None:
        stored = stored_final_report(ctx, ref, lang)
        if stored is not None:
            return stored
        if stored_final_report(ctx, ref) is not None:
            # an unsigned final report in another language could pass for the signed one
            raise InputError.one(
                Text(
                    "该版本已签署的定稿报告是另一种语言：请改用该语言，或用签署身份另签一份此语言的报告",
                    "the signed final report of this revision is in another language: ask for that "
                    "language, or sign one in this language with your signing identity",
                ),
                ref,
            )
        # a finalized revision always has its signed report; rendering one now would give an
        # unsigned report that looks final
        raise DomainError(
            Text(
                "该定稿版本的已签署报告不在数据库中，不会另出一份未签署的定稿报告；请运行数据库检查，并从备份恢复",
                "the signed report of this finalized revision is not in the database, and no unsigned final "
                "report is made in its place: run the database check and restore a backup",
            ),
            ref,
        )
    mismatch = check_self_signer(detail, identity, confirmed=confirm_signer_mismatch)
    if identity is not None:
        from cityeval_desktop.services.revocation import refuse_revoked_signer

        refuse_revoked_signer(ctx, identity)
    return _render(ctx, detail, lang=lang, final=final, identity=identity, mismatch=mismatch)


def _changes(ctx: AppContext, detail: CaseDetail) -> dict[str, Any]:
    """What the report says of an amended revision: its changes, or that the revision before is not here."""
    if detail.summary.revision <= 1:
        return {}
    from cityeval_desktop.services.revisions import changes_since_previous

    changes = changes_since_previous(ctx, detail)
    return {"changes": changes, "previous_missing": changes is None}


def _render(
    ctx: AppContext,
    detail: CaseDetail,
    *,
    lang: str,
    final: bool,
    identity: Any,
    content_sha256: str | None = None,
    mismatch: SignerMismatch | None = None,
    org_identity: Any = None,
    boxes: dict[str, Any] | None = None,
) -> bytes:
    """Render the report and, with an identity, sign it into the report's signature box.

    ``content_sha256`` (finalize only) goes into the report, where the signature covers it. With
    ``org_identity`` (a third-party finalize) the lead assessor signs first, into the lead's box, and the
    organisation second, into its own box: two incremental revisions, the first kept valid by the second.
    """
    from cityeval_desktop.reports.pdf import ROLE_LEAD, ROLE_ORG, render_case_report

    rendered = render_case_report(
        detail,
        audit_entries=audit_entries(ctx, detail.summary.case_uuid),
        lang=lang,
        final=final,
        assessor_org=getattr(org_identity or identity, "organisation", None),
        signer_name=getattr(identity, "name", None),
        content_sha256=content_sha256,
        signer_mismatch=mismatch,
        **_changes(ctx, detail),
    )
    if boxes is not None:  # where the signatures went (the reviewer's is signed later, into its box)
        boxes.update(rendered.signature_boxes)
    if identity is None:
        return rendered.pdf
    from cityeval_desktop.signing.pades import sign_pdf

    third_party = ROLE_LEAD in rendered.signature_boxes
    signed = sign_pdf(
        rendered.pdf,
        identity,
        box=rendered.signature_boxes.get(ROLE_LEAD, rendered.signature_box),
        lang=lang,
        reason=_reason(detail, lang),
        location=detail.summary.region,
        role="lead" if third_party and org_identity is not None else None,
    )
    if org_identity is None:
        return signed
    return sign_pdf(
        signed,
        org_identity,
        box=rendered.signature_boxes[ROLE_ORG],
        lang=lang,
        reason=_reason(detail, lang),
        location=detail.summary.region,
        role="org",
    )


def _reason(detail: CaseDetail, lang: str) -> str:
    s = detail.summary
    if lang == "en":
        return f"CityEval assessment report, case {s.case_uuid} revision {s.revision}"
    return f"城市全域数字化转型经营主体评估报告，案例 {s.case_uuid} 第 {s.revision} 版"


def signed_report_info(ctx: AppContext, ref: str, lang: str | None = None) -> SignedReportInfo | None:
    """Who signed the revision's final report, when, and in which language (None for a draft)."""
    with ctx.reading() as s:
        case = find_case(s, ref)
        query = select(CaseReport).where(CaseReport.case_id == case.id, CaseReport.final.is_(True))
        if lang:
            query = query.where(CaseReport.lang == lang)
        row = s.scalars(query.order_by(CaseReport.id.desc())).first()
        if row is None:
            return None
        return SignedReportInfo(
            lang=row.lang,
            sha256=row.sha256,
            size=row.size,
            signer_name=row.signer_name or "",
            signer_fingerprint=row.signer_fingerprint or "",
            signed_at=row.created_at,
        )


def stored_final_report(ctx: AppContext, ref: str, lang: str | None = None) -> bytes | None:
    """The signed report stored when the revision was finalized (None if there is none)."""
    info = signed_report_info(ctx, ref, lang)
    if info is None:
        return None
    path = ctx.evidence.path_of(info.sha256)
    if not ctx.evidence.verify(info.sha256):
        raise DomainError(
            Text(
                "存储的定稿报告缺失或已被改动；请运行数据库检查，并从备份恢复",
                "the stored final report is missing or altered; run the database check and restore a backup",
            ),
            str(path),
        )
    return path.read_bytes()


def render_unsigned_copy(ctx: AppContext, ref: str, lang: str) -> bytes:
    """A finalized revision's report in ``lang`` as an unsigned copy (every page marked as such).

    The signed report stays the one stored at finalize time; this copy names its signer but carries
    no signature, so it cannot pass for the signed report.
    """
    detail = load_case(ctx, ref)
    if detail.summary.is_draft:
        raise StateError.one(
            Text("草稿没有已签署的报告，无需副本", "a draft has no signed report to copy"), detail.summary.ref
        )
    from cityeval_desktop.reports.pdf import render_case_report

    info = signed_report_info(ctx, ref)
    entries = audit_entries(ctx, detail.summary.case_uuid)
    rendered = render_case_report(
        detail,
        audit_entries=entries,
        lang=lang,
        final=True,
        signer_name=info.signer_name if info else None,
        unsigned_copy=True,
        signer_mismatch=recorded_signer_mismatch(entries, detail.summary.revision),
        **_changes(ctx, detail),
    )
    return rendered.pdf


def write_case_workbook(
    ctx: AppContext, ref: str, out: Path, lang: str = "zh", check: Callable[[], None] | None = None
) -> Path:
    """The case workbook (summary, indicators, gaps, evidence, audit) of one revision, written to ``out``;
    ``check`` may raise (a cancel) after the case is read, before anything is written."""
    from cityeval_desktop.reports.xlsx import write_case_workbook as write_book

    detail = load_case(ctx, ref)
    entries = audit_entries(ctx, detail.summary.case_uuid)
    if check:
        check()
    write_book(detail, entries, out, lang)
    return out


def write_workbook(ctx: AppContext, refs: list[str], out: Path, lang: str = "zh") -> int:
    """``report xlsx``: one case's workbook, or one row per case for several; the number of cases.

    The same revision named twice (by two prefixes, say) is one case.
    """
    from cityeval_desktop.reports.xlsx import write_case_workbook as write_one
    from cityeval_desktop.reports.xlsx import write_cases_workbook as write_many

    details: list[CaseDetail] = []
    seen: set[str] = set()
    for ref in refs:
        detail = load_case(ctx, ref)
        if detail.summary.ref not in seen:
            seen.add(detail.summary.ref)
            details.append(detail)
    if len(details) == 1:
        write_one(details[0], audit_entries(ctx, details[0].summary.case_uuid), out, lang)
    else:
        write_many(details, out, lang)
    return len(details)


def write_cases_workbook(
    ctx: AppContext,
    refs: list[str],
    out: Path,
    lang: str = "zh",
    progress: ProgressFn | None = None,
    check: Callable[[], None] | None = None,
) -> Path:
    """One row per case (with dimension scores) in a workbook at ``out``; ``check`` may raise to stop."""
    from cityeval_desktop.reports.xlsx import write_cases_workbook as write_book

    details = []
    for n, ref in enumerate(refs):
        if check:
            check()
        if progress:
            progress(n, len(refs), "")
        details.append(load_case(ctx, ref))
    if check:
        check()
    write_book(details, out, lang)
    return out


def finalize_and_sign(
    ctx: AppContext,
    ref: str,
    identity: Any,
    *,
    lang: str = "zh",
    progress: ProgressFn | None = None,
    confirm_signer_mismatch: bool = False,
    org_identity: Any = None,
) -> FinalizeResult:
    """DESIGN §5: check, render the final report, sign it, store it, write its hash to the audit chain, lock.

    A third-party report is signed twice (issue 12 §1.4): by ``identity``, the team's lead assessor, and
    then by ``org_identity``, the assessor organisation's own identity (its certificate carries the
    organisation's 统一社会信用代码); both are required, checked (names, revocation) before anything is
    rendered or numbered. A self-check has one signature and takes no organisation identity.

    Everything that can fail (checks, rendering, signing, storing the bytes) happens before the
    one transaction that records the report and locks the revision. That transaction locks it only
    if the revision's ``version`` is still the one read with the detail the report was rendered
    from (compare-and-set under the write lock), so a signed report never disagrees with the
    revision it locks. ``progress`` gets the step keys of :data:`FINALIZE_STEPS`.

    A self-check is signed by an identity of the entity itself; another organisation's identity is
    refused (:class:`SignerMismatchError`, before anything is rendered) unless
    ``confirm_signer_mismatch``, and the report and the ``report.sign`` audit entry then record it.
    """

    def step(n: int, key: str) -> None:
        if progress:
            progress(n, len(FINALIZE_STEPS) - 1, key)

    step(0, STEP_CHECKS)
    detail, version, content = _detail_and_version(ctx, ref)
    digest = content_hash(content)
    where = detail.summary.ref
    if not detail.summary.is_draft:
        raise StateError.one(Text("该修订版本已定稿", "this revision is already finalized"), where)
    checks = finalize_problems(detail)
    third_party = detail.summary.mode == "third-party"
    if third_party:
        checks += _declaration_problems(ctx, detail)
    if checks:
        raise FinalizeCheckError(checks, where)
    check_signers(detail, identity, org_identity)
    mismatch = check_self_signer(detail, identity, confirmed=confirm_signer_mismatch)
    from cityeval_desktop.services.revocation import refuse_revoked_signer

    refuse_revoked_signer(ctx, identity)
    if org_identity is not None:
        refuse_revoked_signer(ctx, org_identity)
    # the numbers and the validity go into the report: handed out now, kept even if this finalize fails
    numbers = reserve_numbers(ctx, detail.summary.case_uuid, detail.summary.revision, certificate=third_party)
    valid_from, valid_until = validity(days.today(), detail.framework.validity_years)
    detail = replace(
        detail,
        case_data=replace(
            detail.case_data,
            report_no=numbers.report_no,
            certificate_no=numbers.certificate_no,
            valid_from=valid_from,
            valid_until=valid_until,
        ),
    )
    step(1, STEP_SIGN)
    boxes: dict[str, Any] = {}
    signed = _render(
        ctx,
        detail,
        lang=lang,
        final=True,
        identity=identity,
        content_sha256=digest,
        mismatch=mismatch,
        org_identity=org_identity,
        boxes=boxes,
    )
    step(2, STEP_STORE)
    try:
        stored = ctx.evidence.add_bytes(signed, f"report-{detail.summary.case_uuid}-r{detail.summary.revision}.pdf")
    except EvidenceError as exc:  # a full disk or a read-only evidence folder: nothing is locked
        raise DomainError(
            Text(
                f"签署的报告未能保存，案例未定稿：{exc.message.zh}",
                f"the signed report could not be stored, so the revision was not finalized: {exc.message.en}",
            ),
            where,
        ) from None
    with ctx.transaction() as s:
        case = find_case(s, where)
        if case.status != "draft":
            raise StateError.one(Text("该修订版本已定稿", "this revision is already finalized"), where)
        if case.version != version or revision_content(case) != content:
            raise StateError.one(
                Text("定稿期间案例被修改，请重试", "the case changed while finalizing; try again"), where
            )
        s.add(
            CaseReport(
                case_id=case.id,
                kind="pdf",
                lang=lang,
                sha256=stored.sha256,
                size=stored.size,
                signed=True,
                final=True,
                signer_name=identity.name,
                signer_fingerprint=identity.fingerprint,
            )
        )
        audit.append(
            s,
            chain=case.case_uuid,
            actor=ctx.actor,
            action="report.sign",
            revision=case.revision,
            target=case.case_uuid,
            new={
                "sha256": stored.sha256,
                "size": stored.size,
                "lang": lang,
                "signer": identity.name,
                "fingerprint": identity.fingerprint,
                "signer_org": getattr(identity, "organisation", None),
                **({"signer_mismatch": mismatch.facts()} if mismatch is not None else {}),
                # the second signature of a third-party report: the assessor organisation's
                **({"org": _org_facts(org_identity)} if org_identity is not None else {}),
                # where the reviewer countersigns later (report countersign): page and rectangle
                **({"reviewer_box": _box_facts(boxes["reviewer"])} if "reviewer" in boxes else {}),
                # what the revision's result rests on, and its hash (also inside the signed report):
                # the database check compares both with the rows
                "content_sha256": digest,
                "content": content,
            },
        )
        case.report_no, case.certificate_no = numbers.report_no, numbers.certificate_no
        case.valid_from, case.valid_until = valid_from, valid_until
        mark_issued(s, numbers)
        audit.append(
            s,
            chain=case.case_uuid,
            actor=ctx.actor,
            action="case.numbers",
            revision=case.revision,
            target=case.case_uuid,
            new={
                "report_no": numbers.report_no,
                "certificate_no": numbers.certificate_no,
                "valid": [valid_from.isoformat(), valid_until.isoformat()],
            },
        )
        mark_finalized(s, case, ctx.actor)
        s.flush()
        final_detail = detail_of(s, case)
    step(3, STEP_DONE)
    return FinalizeResult(
        final_detail,
        stored.sha256,
        stored.size,
        identity.name,
        identity.fingerprint,
        mismatch,
        org_name=getattr(org_identity, "name", None),
        org_fingerprint=getattr(org_identity, "fingerprint", None),
    )


def _box_facts(box: Any) -> list[Any]:
    page, rect = box
    return [int(page), [float(v) for v in rect]]


def _org_facts(org_identity: Any) -> dict[str, Any]:
    """What the audit entry records of the organisation's signature."""
    return {
        "signer": org_identity.name,
        "org": getattr(org_identity, "organisation", None),
        "uscc": getattr(org_identity, "uscc", None),
        "fingerprint": org_identity.fingerprint,
    }


def check_signers(detail: CaseDetail, identity: Any, org_identity: Any) -> None:
    """Who signs a final report (issue 12 §1.4): for a third-party case the team's lead assessor and then
    the assessor organisation's own identity; a self-check takes no organisation identity.

    Raises:
        InputError: Each problem named (a missing or wrong organisation identity, a lead identity that is
            not the team's lead), before anything is rendered, numbered or stored.
    """
    from cityeval_desktop.domain.case_data import LEAD

    where = detail.summary.ref
    problems: list[DomainError] = []
    if detail.summary.mode != "third-party":
        if org_identity is not None:
            raise InputError.one(
                Text(
                    "自评报告只由被评估主体自己签署一次，不加评估机构签章；请不要给出机构身份",
                    "a self-check is signed once, by the assessed entity itself, with no organisation signature: "
                    "give no organisation identity",
                ),
                where,
            )
        return
    leads = [m.name for m in detail.case_data.with_role(LEAD)]
    name = getattr(identity, "name", "")
    if leads and name not in leads:
        problems.append(
            DomainError(
                Text(
                    f"组长签名须由评审组组长（{'、'.join(leads)}）的身份签署，而所选身份是“{name}”；"
                    "请选择组长本人的签署身份",
                    f"the lead assessor's signature is made with the identity of the team's lead "
                    f"({', '.join(leads)}), and this identity is '{name}': choose the lead's own identity",
                ),
                where,
            )
        )
    if org_identity is None:
        problems.append(
            DomainError(
                Text(
                    "第三方评估报告须由评估机构签章：请同时给出评估机构的机构身份（命令行 --org-identity ORG.p12）",
                    "a third-party report carries the assessor organisation's signature: give the organisation's "
                    "identity as well (on the command line --org-identity ORG.p12)",
                ),
                where,
            )
        )
    elif not getattr(org_identity, "is_organisation", False):
        problems.append(
            DomainError(
                Text(
                    f"“{org_identity.name}”不是机构身份：其证书未载明单位的统一社会信用代码；请使用由机构 CA 签发的"
                    "机构身份（identity new --org-identity --org 单位 --uscc 代码）",
                    f"'{org_identity.name}' is not an organisation identity: its certificate carries no unified "
                    "social credit code; use the organisation identity the agency CA issued (identity new "
                    "--org-identity --org ORG --uscc CODE)",
                ),
                where,
            )
        )
    elif org_identity.fingerprint == getattr(identity, "fingerprint", None):
        problems.append(
            DomainError(
                Text(
                    "组长签名与机构签章须是两个不同的身份",
                    "the lead's signature and the organisation's need two identities",
                ),
                where,
            )
        )
    if problems:
        raise InputError(problems)


def _declaration_problems(ctx: AppContext, detail: CaseDetail) -> list[FinalizeProblem]:
    """A stored declaration whose signature no longer holds over its statement stops a finalize."""
    from cityeval_desktop.services.case_data import check_declarations

    return [
        FinalizeProblem(
            "declaration_invalid",
            "",
            Text(
                f"{member} 的回避与独立性声明签名无效，请重新签署",
                f"the independence declaration of {member} does not verify; sign it again",
            ),
        )
        for member, check in check_declarations(ctx, detail).items()
        if not check.valid
    ]


def _detail_and_version(ctx: AppContext, ref: str) -> tuple[CaseDetail, int, dict[str, Any]]:
    """A revision's detail, write counter and canonical content, read in one read transaction (one snapshot)."""
    with ctx.reading() as s:
        case = case_repo.load_revision(s, ref)
        return detail_of(s, case), case.version, revision_content(case)


def finalize_with_identity_file(
    ctx: AppContext,
    ref: str,
    identity_path: Path,
    password: str,
    *,
    lang: str = "zh",
    progress: ProgressFn | None = None,
    check: Callable[[], None] | None = None,
    confirm_signer_mismatch: bool = False,
    org_identity_path: Path | None = None,
    org_password: str | None = None,
) -> FinalizeResult:
    """Open the PKCS#12 identity at ``identity_path`` (and the organisation's at ``org_identity_path``)
    and :func:`finalize_and_sign` with them.

    ``check`` may raise between opening the identities and signing (a cancel).
    """
    from cityeval_desktop.signing.identity import load_identity

    identity = load_identity(identity_path, password)
    org_identity = None
    if org_identity_path is not None:
        org_identity = load_identity(org_identity_path, org_password or "")
    if check:
        check()
    return finalize_and_sign(
        ctx,
        ref,
        identity,
        lang=lang,
        progress=progress,
        confirm_signer_mismatch=confirm_signer_mismatch,
        org_identity=org_identity,
    )


# ----------------------------------------------------------------------------- the reviewer's countersignature
@dataclass(frozen=True)
class CountersignResult:
    detail: CaseDetail
    old_sha256: str
    report_sha256: str
    report_size: int
    signer_name: str
    signer_fingerprint: str


def countersign(ctx: AppContext, ref: str, identity: Any) -> CountersignResult:
    """The team's reviewer (审核) adds the third signature to a finalized third-party report (issue 12 §1.4).

    The signature goes into the report's reviewer box as one more incremental revision, so the lead's and
    the organisation's signatures stay valid; the new bytes become the revision's stored report (its
    ``case_reports`` row), and the audit entry ``report.countersign`` records the old and the new sha256.
    Everything that can fail happens before the one transaction that stores it.

    Raises:
        StateError: A draft, a self-check, an imported revision, a report without the reviewer's box, or
            one countersigned already.
        InputError: The identity is not the team's reviewer.
        DomainError: The stored report is missing or altered, or its signatures do not hold.
    """
    from cityeval_desktop.domain.case_data import REVIEWER
    from cityeval_desktop.services.revocation import refuse_revoked_signer
    from cityeval_desktop.signing.pades import sign_pdf, verify_pdf

    detail = load_case(ctx, ref)
    s = detail.summary
    where = s.ref
    if s.is_draft:
        raise StateError.one(
            Text(
                "只有已定稿的报告才能由审核人加签；请先定稿",
                "only a finalized report can be countersigned: finalize first",
            ),
            where,
        )
    if s.mode != "third-party":
        raise StateError.one(
            Text(
                "自评报告没有审核人签名，不能加签",
                "a self-check has no reviewer's signature and cannot be countersigned",
            ),
            where,
        )
    with ctx.reading() as session:
        if case_repo.is_imported(session, case_repo.find_revision(session, where)):
            raise StateError.one(
                Text(
                    "导入的修订版本只读：审核人应在评估机构的数据库中加签，再重新发出案例包",
                    "an imported revision is read-only: the reviewer countersigns in the assessor's database, which "
                    "then sends the package again",
                ),
                where,
            )
    reviewers = [m.name for m in detail.case_data.with_role(REVIEWER)]
    if identity.name not in reviewers:
        raise InputError.one(
            Text(
                f"审核签名须由评审组的审核人（{'、'.join(reviewers) or '无'}）签署，而所选身份是“{identity.name}”；"
                "请选择审核人本人的签署身份",
                f"the reviewer's signature is made by the team's reviewer ({', '.join(reviewers) or 'none'}), and "
                f"this identity is '{identity.name}': choose the reviewer's own identity",
            ),
            where,
        )
    entries = audit_entries(ctx, s.case_uuid)
    mine = [e for e in entries if e.get("revision") == s.revision]
    if any((e.get("revision") or 0) > s.revision for e in entries):
        raise StateError.one(
            Text(
                "该案例已有更新的修订版本：审核人只能在修订之前加签该版本的报告",
                "this case has a newer revision: the reviewer countersigns a revision's report before it is amended",
            ),
            where,
        )
    if any(e.get("action") == "report.countersign" for e in mine):
        raise StateError.one(
            Text("该报告已由审核人加签，不能再签一次", "this report has been countersigned already"), where
        )
    sealed = next((e.get("new") for e in reversed(mine) if e.get("action") == "report.sign"), None)
    box = sealed.get("reviewer_box") if isinstance(sealed, dict) else None
    if not _box_ok(box):
        raise StateError.one(
            Text(
                "该报告定稿时没有审核人签名框（定稿早于加签功能），不能加签",
                "this report was finalized without a reviewer's box (before countersigning existed), so it cannot "
                "be countersigned",
            ),
            where,
        )
    refuse_revoked_signer(ctx, identity)
    info = signed_report_info(ctx, where)
    old = stored_final_report(ctx, where)
    if info is None or old is None:
        raise DomainError(
            Text(
                "该定稿版本的已签署报告不在数据库中；请运行数据库检查，并从备份恢复",
                "the signed report of this finalized revision is not in the database: run the database check and "
                "restore a backup",
            ),
            where,
        )
    before = verify_pdf(old, [], trust_later=False)
    if not before or not all(r.intact and r.valid and r.covers_whole_document for r in before):
        raise DomainError(
            Text(
                "存储的定稿报告签名不成立，不能加签；请运行数据库检查",
                "the signatures of the stored final report do not hold, so it cannot be countersigned: run the "
                "database check",
            ),
            where,
        )
    new = sign_pdf(
        old,
        identity,
        box=(int(box[0]), tuple(float(v) for v in box[1])),  # type: ignore[index]
        lang=info.lang,
        reason=_reason(detail, info.lang),
        location=s.region,
        role="reviewer",
    )
    after = verify_pdf(new, [], trust_later=False)
    if not new.startswith(old) or len(after) != len(before) + 1 or not all(r.intact and r.valid for r in after):
        raise DomainError(  # pragma: no cover - pyHanko signs incrementally
            Text("加签后的报告未通过复核，未保存", "the countersigned report did not pass its own check; not stored"),
            where,
        )
    try:
        stored = ctx.evidence.add_bytes(new, f"report-{s.case_uuid}-r{s.revision}-countersigned.pdf")
    except EvidenceError as exc:
        raise DomainError(
            Text(
                f"加签后的报告未能保存：{exc.message.zh}",
                f"the countersigned report could not be stored: {exc.message.en}",
            ),
            where,
        ) from None
    with ctx.transaction() as session:
        case = find_case(session, where)
        row = session.scalars(
            select(CaseReport).where(
                CaseReport.case_id == case.id, CaseReport.final.is_(True), CaseReport.sha256 == info.sha256
            )
        ).first()
        if row is None:
            raise StateError.one(
                Text("加签期间报告被改动，请重试", "the report changed while countersigning; try again"), where
            )
        if any(
            e.get("action") == "report.countersign" and e.get("revision") == case.revision
            for e in audit.export_chain(session, case.case_uuid)
        ):
            raise StateError.one(
                Text("该报告已由审核人加签，不能再签一次", "this report has been countersigned already"), where
            )
        row.sha256, row.size = stored.sha256, stored.size
        audit.append(
            session,
            chain=case.case_uuid,
            actor=ctx.actor,
            action="report.countersign",
            revision=case.revision,
            target=case.case_uuid,
            old={"sha256": info.sha256, "size": info.size},
            new={
                "sha256": stored.sha256,
                "size": stored.size,
                "role": "reviewer",
                "signer": identity.name,
                "signer_org": getattr(identity, "organisation", None),
                "fingerprint": identity.fingerprint,
            },
        )
        session.flush()
        final_detail = detail_of(session, case)
    return CountersignResult(final_detail, info.sha256, stored.sha256, stored.size, identity.name, identity.fingerprint)


@dataclass(frozen=True)
class ReportSignatures:
    """Who signed a finalized revision's report, as its audit trail records it (``report.sign``, then
    ``report.countersign``): the lead assessor (a self-check's one signer), the organisation, the reviewer."""

    lead: str
    org: str | None
    reviewer: str | None
    #: the report has the reviewer's box (finalized after countersigning existed)
    reviewer_box: bool

    @property
    def awaiting_reviewer(self) -> bool:
        """Signed by the lead and the organisation, with the reviewer's box still empty."""
        return self.reviewer_box and self.org is not None and self.reviewer is None


def report_signatures(ctx: AppContext, ref: str) -> ReportSignatures | None:
    """The signatures of the revision's final report (None for a draft, or a revision without a
    ``report.sign`` entry in this database, such as an older import)."""
    with ctx.reading() as session:
        case = find_case(session, ref)
        if case.status != FINALIZED:
            return None
        mine = [e for e in audit.export_chain(session, case.case_uuid) if e.get("revision") == case.revision]
    sealed = next((e.get("new") for e in reversed(mine) if e.get("action") == "report.sign"), None)
    if not isinstance(sealed, dict):
        return None
    org = sealed.get("org")
    countersigned = next((e.get("new") for e in reversed(mine) if e.get("action") == "report.countersign"), None)
    return ReportSignatures(
        lead=str(sealed.get("signer") or ""),
        org=str(org.get("org") or org.get("signer") or "") if isinstance(org, dict) else None,
        reviewer=str(countersigned.get("signer") or "") if isinstance(countersigned, dict) else None,
        reviewer_box=_box_ok(sealed.get("reviewer_box")),
    )


def _box_ok(box: Any) -> bool:
    return (
        isinstance(box, list)
        and len(box) == 2
        and isinstance(box[0], int)
        and isinstance(box[1], list)
        and len(box[1]) == 4
        and all(isinstance(v, int | float) for v in box[1])
    )


def countersign_with_identity_file(ctx: AppContext, ref: str, identity_path: Path, password: str) -> CountersignResult:
    """Open the reviewer's PKCS#12 identity and :func:`countersign` with it."""
    from cityeval_desktop.signing.identity import load_identity

    return countersign(ctx, ref, load_identity(identity_path, password))
