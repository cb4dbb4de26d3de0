"""The result certificate (评估结果证书) of a finalized third-party revision: writing it signed, and checking one.

``report certificate`` and the workspace's "结果证书…" call :func:`write_certificate`; ``verify-pdf`` calls
:func:`check_certificate` on the signatures it verified. The contract is docs/certificate.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from cityeval_desktop.domain import days
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.services.cases import CaseDetail, find_case, load_case
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import NotFoundError, StateError
from cityeval_desktop.signing.pades import SignatureReport
from cityeval_desktop.store import audit
from cityeval_desktop.store.files import check_output_path, write_output
from cityeval_desktop.store.models import Case, CaseReport

__all__ = [
    "CertificateCheck",
    "CertificateResult",
    "check_certificate",
    "refuse_without_certificate",
    "write_certificate",
    "write_certificate_with_identity_file",
]

AUDIT_ACTION = "report.certificate"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

#: how each compared fact is named when it differs from the case (``schema`` and ``issuer`` are not compared:
#: the issuer is the certificate's signer, not a fact of the case)
FIELD_NAMES: dict[str, Text] = {
    "case_uuid": Text("案例编号", "case id"),
    "revision": Text("修订版本", "revision"),
    "certificate_no": Text("证书编号", "certificate number"),
    "report_no": Text("报告编号", "report number"),
    "entity": Text("经营主体", "entity"),
    "uscc": Text("统一社会信用代码", "unified social credit code"),
    "category": Text("评估类别", "category"),
    "tier": Text("评估层级", "tier"),
    "grade": Text("等级", "grade"),
    "fallback_grade": Text("降级评定等级", "fallback grade"),
    "vetoed": Text("否决项", "vetoes"),
    "total": Text("总分", "total"),
    "valid_from": Text("有效期起", "valid from"),
    "valid_until": Text("有效期至", "valid until"),
    "framework_id": Text("指标体系", "framework"),
    "framework_version": Text("指标体系版本", "framework version"),
    "report_sha256": Text("定稿报告校验码", "final report's sha256"),
}


@dataclass(frozen=True)
class CertificateResult:
    """A written certificate: where, its sha256 (of its facts, what the QR code carries) and who signed it."""

    path: Path
    sha256: str
    qr_text: str
    certificate_no: str
    pdf_sha256: str
    signer_name: str
    issuer: str


def refuse_without_certificate(detail: CaseDetail) -> None:
    """Raise why a revision gets no certificate (nothing is rendered or written then); return when it gets one."""
    s, where = detail.summary, detail.summary.ref
    if s.mode != "third-party":
        raise StateError.one(
            Text(
                "自评结果不出具评估结果证书；证书只为第三方评估的定稿结果出具",
                "a self-check gets no result certificate; certificates are issued for finalized third-party "
                "results only",
            ),
            where,
        )
    if s.is_draft:
        raise StateError.one(
            Text(
                "草稿没有评估结果证书：请先定稿并签署报告",
                "a draft has no result certificate: finalize and sign the report first",
            ),
            where,
        )
    if detail.origin is not None:
        raise StateError.one(
            Text(
                "该版本是从案例包导入的，证书由出具报告的评估机构在其数据库中出具",
                "this revision was imported from a package; its certificate is issued by the assessor "
                "organisation that made the report, from its own database",
            ),
            where,
        )
    data = detail.case_data
    if not data.certificate_no:
        raise StateError.one(
            Text(
                "该定稿版本没有证书编号（在证书编号启用之前定稿）；请修订后重新定稿，以取得证书编号",
                "this finalized revision has no certificate number (it was finalized before certificate numbers "
                "existed); amend it and finalize again to get one",
            ),
            where,
        )
    if data.valid_until is not None and data.valid_until < days.today():
        raise StateError.one(
            Text(
                f"该结果已于 {data.valid_until.isoformat()} 过期，不再出具证书；请重新评估",
                f"this result expired on {data.valid_until.isoformat()} and gets no certificate any more; "
                "assess the entity again",
            ),
            where,
        )


def _final_report_sha256s(ctx: AppContext, ref: str) -> list[str]:
    """The sha256 of each signed final report stored for the revision (newest first)."""
    with ctx.reading() as s:
        case = find_case(s, ref)
        rows = s.scalars(
            select(CaseReport.sha256)
            .where(CaseReport.case_id == case.id, CaseReport.final.is_(True))
            .order_by(CaseReport.id.desc())
        )
        return list(rows)


def _later_finalized(ctx: AppContext, case_uuid: str, revision: int) -> int | None:
    """The newest finalized revision after ``revision`` of the case, or None."""
    with ctx.reading() as s:
        return s.scalars(
            select(Case.revision)
            .where(Case.case_uuid == case_uuid, Case.revision > revision, Case.status == "finalized")
            .order_by(Case.revision.desc())
        ).first()


def issuer_of(detail: CaseDetail, identity: Any) -> str:
    """The issuing organisation: the signer's organisation, else the lead assessor's, else the assessor."""
    org = (getattr(identity, "organisation", None) or "").strip()
    if org:
        return org
    leads = detail.case_data.with_role("lead")
    if leads and leads[0].org.strip():
        return leads[0].org.strip()
    return detail.summary.assessor.strip()


def write_certificate(ctx: AppContext, ref: str, out: Path, identity: Any, *, lang: str = "zh") -> CertificateResult:
    """Render the certificate of a finalized third-party revision, sign it (PAdES, visible box), write it to ``out``
    and append ``report.certificate`` to the case's audit chain, in one transaction.

    Raises:
        StateError: A draft, a self-check, an imported revision, one without a certificate number, an expired
            result, or a revision superseded by a later finalized one (nothing is written).
        DomainError: The signed final report is not in the database; the identity is revoked or not valid.
    """
    from cityeval_desktop.reports.certificate import certificate_facts, qr_text, render_certificate, sha256_hex
    from cityeval_desktop.services.revocation import refuse_revoked_signer
    from cityeval_desktop.signing.pades import sign_pdf

    detail = load_case(ctx, ref)
    refuse_without_certificate(detail)
    s, where = detail.summary, detail.summary.ref
    later = _later_finalized(ctx, s.case_uuid, s.revision)
    if later is not None:
        raise StateError.one(
            Text(
                f"该版本已被第 {later} 版取代，证书只为最新的定稿版本出具",
                f"this revision is superseded by revision {later}; certificates are issued for the newest "
                "finalized revision only",
            ),
            where,
        )
    reports = _final_report_sha256s(ctx, where)
    if not reports or not ctx.evidence.verify(reports[0]):  # the certificate names the report it rests on
        raise DomainError(
            Text(
                "该定稿版本的已签署报告缺失或已被改动，无法出具证书；请运行数据库检查，并从备份恢复",
                "the signed report of this finalized revision is missing or altered, so no certificate can be "
                "issued: run the database check and restore a backup",
            ),
            where,
        )
    out = check_output_path(Path(out))  # a bad output path is said before anything is signed
    refuse_revoked_signer(ctx, identity)
    lang = "en" if lang == "en" else "zh"
    issuer = issuer_of(detail, identity)
    facts = certificate_facts(detail, report_sha256=reports[0], issuer=issuer)
    rendered = render_certificate(detail, facts, lang=lang)
    reason = (
        f"CityEval result certificate {facts['certificate_no']}"
        if lang == "en"
        else f"评估结果证书 {facts['certificate_no']}"
    )
    signed = sign_pdf(rendered.pdf, identity, box=rendered.signature_box, lang=lang, reason=reason, location=s.region)
    pdf_sha = sha256_hex(signed)
    written = _record_and_write(ctx, where, facts, rendered.sha256, pdf_sha, identity, issuer, lang, out, signed)
    return CertificateResult(
        written, rendered.sha256, qr_text(rendered.sha256), str(facts["certificate_no"]), pdf_sha, identity.name, issuer
    )


def _record_and_write(
    ctx: AppContext,
    where: str,
    facts: dict[str, Any],
    sha256: str,
    pdf_sha: str,
    identity: Any,
    issuer: str,
    lang: str,
    out: Path,
    signed: bytes,
) -> Path:
    """One transaction: the audit entry, then the file; a failed write rolls the entry back, and a file written
    before a failed commit is removed again (when it was not there before)."""
    existed = out.exists()
    written: Path | None = None
    try:
        with ctx.transaction() as session:
            case = find_case(session, where)
            if case.status != "finalized" or case.certificate_no != facts["certificate_no"]:
                raise StateError.one(
                    Text(
                        "出具证书期间案例被修改，请重试", "the case changed while the certificate was made; try again"
                    ),
                    where,
                )
            audit.append(
                session,
                chain=case.case_uuid,
                actor=ctx.actor,
                action=AUDIT_ACTION,
                revision=case.revision,
                target=case.case_uuid,
                new={
                    "sha256": sha256,
                    "certificate_no": facts["certificate_no"],
                    "pdf_sha256": pdf_sha,
                    "lang": lang,
                    "signer": identity.name,
                    "fingerprint": identity.fingerprint,
                    "issuer": issuer,
                },
            )
            session.flush()
            written = write_output(out, signed)
    except BaseException:
        if written is not None and not existed:
            written.unlink(missing_ok=True)
        raise
    return written


def write_certificate_with_identity_file(
    ctx: AppContext, ref: str, out: Path, identity_path: Path, password: str, *, lang: str = "zh"
) -> CertificateResult:
    """Open the PKCS#12 identity at ``identity_path`` and :func:`write_certificate` with it (the window's worker)."""
    from cityeval_desktop.services.identities import load_signing_identity

    # a revision without a certificate is said before the identity is opened
    refuse_without_certificate(load_case(ctx, ref))
    return write_certificate(ctx, ref, out, load_signing_identity(Path(identity_path), password), lang=lang)


# ----------------------------------------------------------------------------- checking
@dataclass
class CertificateCheck:
    """What ``verify-pdf`` found about a certificate beyond its signature."""

    #: the QR text the signed metadata carries (what the printed code encodes), or None
    qr_text: str | None
    #: the sha256 of the signed facts, or None when they cannot be read
    sha256: str | None
    facts: dict[str, Any] | None
    #: the facts hash to the QR value
    hash_matches: bool
    problems: list[Text] = field(default_factory=list)
    #: "matches case X revision N", when the database holds the revision and every fact agrees
    matched: Text | None = None
    #: each fact that differs from the database's revision
    differences: list[Text] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.hash_matches and not self.problems and not self.differences


def check_certificate(ctx: AppContext | None, signatures: list[SignatureReport]) -> CertificateCheck | None:
    """Check a signed PDF as a result certificate: None when it is not one.

    (a) the signature is checked by the caller; here (b) the facts in the signed metadata hash to the QR value,
    and (c) when ``ctx`` holds the case's revision, every fact agrees with it. A certificate past its validity
    is a problem; one whose revision is not in this database, or was superseded, gets a note.
    """
    from cityeval_desktop.reports.certificate import parse_facts, read_certificate_keywords, sha256_hex

    if not signatures:
        return None
    first = signatures[0]
    found = read_certificate_keywords(first.signed_keywords)
    if found is None:
        return None
    check = CertificateCheck(found.qr_text, None, None, False)
    if found.qr_text is None:
        check.problems.append(Text("证书中没有签署的二维码内容", "the certificate carries no signed QR value"))
    if found.problem is not None:
        check.problems.append(found.problem)
    if found.payload is None:
        return check
    check.sha256 = sha256_hex(found.payload)
    check.hash_matches = found.sha256 is not None and check.sha256 == found.sha256
    if found.sha256 is not None and not check.hash_matches:
        check.problems.append(
            Text(
                f"证书内容的校验码 {check.sha256} 与二维码和证书上印的 {found.sha256} 不一致：证书内容被改动",
                f"the certificate's facts hash to {check.sha256}, not to {found.sha256} as its QR code and print "
                "say: the facts were altered",
            )
        )
    facts, problem = parse_facts(found.payload)
    if problem is not None:
        check.problems.append(problem)
        return check
    assert facts is not None
    check.facts = facts
    until = facts.get("valid_until")
    try:
        if until and date.fromisoformat(until) < days.today():
            check.problems.append(Text(f"证书已于 {until} 过期", f"the certificate expired on {until}"))
    except ValueError:
        check.problems.append(Text("证书的有效期不是日期", "the certificate's validity is not a date"))
    if ctx is not None:
        _compare_with_case(ctx, check, facts)
    return check


def _compare_with_case(ctx: AppContext, check: CertificateCheck, facts: dict[str, Any]) -> None:
    from cityeval_desktop.reports.certificate import certificate_facts

    uuid, revision = str(facts["case_uuid"] or ""), str(facts["revision"] or "")
    if not _UUID.fullmatch(uuid) or not revision.isdigit() or len(revision) > 6:
        check.problems.append(Text("证书中的案例编号无效", "the certificate's case id is not valid"))
        return
    ref = f"{uuid}@{int(revision)}"
    try:
        detail = load_case(ctx, ref)
    except NotFoundError:
        check.notes.append(
            Text(
                f"本数据库中没有案例 {uuid} 第 {int(revision)} 版，只核验了证书本身（签名与校验码）",
                f"this database does not hold case {uuid} revision {int(revision)}: only the certificate itself "
                "(signature and hash) was checked",
            )
        )
        return
    reports = _final_report_sha256s(ctx, ref)
    held = certificate_facts(detail, report_sha256=reports[0] if reports else "", issuer="")
    if facts["report_sha256"] in reports:
        held["report_sha256"] = facts["report_sha256"]
    if detail.summary.is_draft or detail.summary.mode != "third-party":
        check.differences.append(
            Text(
                f"案例 {uuid} 第 {int(revision)} 版不是第三方评估的定稿结果",
                f"case {uuid} revision {int(revision)} is not a finalized third-party result",
            )
        )
    for key, name in FIELD_NAMES.items():
        mine, theirs = facts.get(key), held.get(key)
        if mine != theirs:
            check.differences.append(
                Text(
                    f"{name.zh}不一致：证书为 {_shown(mine)}，案例为 {_shown(theirs)}",
                    f"{name.en} differs: the certificate says {_shown(mine)}, the case {_shown(theirs)}",
                )
            )
    if not check.differences:
        check.matched = Text(
            f"与案例 {uuid} 第 {int(revision)} 版一致", f"matches case {uuid} revision {int(revision)}"
        )
    later = _later_finalized(ctx, uuid, int(revision))
    if later is not None:
        check.notes.append(
            Text(
                f"该案例已有更新的定稿版本（第 {later} 版），本证书对应的结果已被取代",
                f"the case has a newer finalized revision ({later}): the result of this certificate is superseded",
            )
        )


def _shown(value: Any) -> str:
    text = "—" if value is None or value == "" else str(value)
    return text if len(text) <= 80 else text[:79] + "…"
