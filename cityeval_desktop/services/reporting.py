"""Finalize-and-sign, reports and workbooks: the use cases behind the trust and output features."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.services.cases import (
    CaseDetail,
    _detail,
    find_case,
    load_case,
    mark_finalized,
)
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError, StateError
from cityeval_desktop.services.results import FinalizeProblem, finalize_problems
from cityeval_desktop.store import audit
from cityeval_desktop.store.models import CaseReport

ProgressFn = Callable[[int, int, str], None]
_UMASK = os.umask(0o022)
os.umask(_UMASK)


class FinalizeCheckError(InputError):
    """Finalize refused: ``checks`` lists each failed DESIGN §5 check (to jump to)."""

    def __init__(self, checks: list[FinalizeProblem], where: str) -> None:
        super().__init__([DomainError(c.message, where) for c in checks])
        self.checks = checks


@dataclass(frozen=True)
class FinalizeResult:
    detail: CaseDetail
    report_sha256: str
    report_size: int
    signer_name: str
    signer_fingerprint: str


def audit_entries(ctx: AppContext, case_uuid: str) -> list[dict[str, Any]]:
    """The case's audit chain as plain dicts (oldest first)."""
    with ctx.reading() as s:
        return list(audit.export_chain(s, case_uuid))


def write_atomically(out: Path, data: bytes) -> Path:
    """Write bytes to ``out`` through a temp file + fsync + rename in the same folder."""
    out = out.expanduser()
    if not out.parent.is_dir():
        raise InputError.one(
            Text("目标文件夹不存在，请先创建", "the target folder does not exist; create it first"), str(out.parent)
        )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        # mkstemp makes the file private (0600); an exported report gets the usual permissions
        Path(tmp).chmod(0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(out)
    except OSError as exc:
        raise InputError.one(
            Text(f"无法写入文件：{exc.strerror or exc}", f"cannot write the file: {exc.strerror or exc}"), str(out)
        ) from None
    return out


def render_report(ctx: AppContext, ref: str, *, lang: str = "zh", identity: Any = None) -> bytes:
    """A PDF report of a case revision; signed (PAdES) when an identity is given.

    Drafts carry the DRAFT watermark. For a finalized revision without an identity the
    signed report stored at finalize time is returned when it exists in that language.
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
                    "该版本已签署的定稿报告是另一种语言：请改用该语言，或用 --identity 签署此语言的报告",
                    "the signed final report of this revision is in another language: ask for that "
                    "language, or sign this one with --identity",
                ),
                ref,
            )
    return _render(ctx, detail, lang=lang, final=final, identity=identity)


def _render(ctx: AppContext, detail: CaseDetail, *, lang: str, final: bool, identity: Any) -> bytes:
    """Render the report and, with an identity, sign it into the report's signature box."""
    from cityeval_desktop.reports.pdf import render_case_report

    rendered = render_case_report(
        detail,
        audit_entries=audit_entries(ctx, detail.summary.case_uuid),
        lang=lang,
        final=final,
        assessor_org=getattr(identity, "organisation", None),
    )
    if identity is None:
        return rendered.pdf
    from cityeval_desktop.signing.pades import sign_pdf

    return sign_pdf(
        rendered.pdf,
        identity,
        box=rendered.signature_box,
        lang=lang,
        reason=_reason(detail, lang),
        location=detail.summary.region,
    )


def _reason(detail: CaseDetail, lang: str) -> str:
    s = detail.summary
    if lang == "en":
        return f"CityEval assessment report, case {s.case_uuid} revision {s.revision}"
    return f"城市全域数字化转型经营主体评估报告，案例 {s.case_uuid} 第 {s.revision} 版"


def stored_final_report(ctx: AppContext, ref: str, lang: str | None = None) -> bytes | None:
    """The signed report stored when the revision was finalized (None if there is none)."""
    with ctx.reading() as s:
        case = find_case(s, ref)
        query = select(CaseReport).where(CaseReport.case_id == case.id, CaseReport.final.is_(True))
        if lang:
            query = query.where(CaseReport.lang == lang)
        row = s.scalars(query.order_by(CaseReport.id.desc())).first()
        if row is None:
            return None
        sha = row.sha256
    path = ctx.evidence.path_of(sha)
    if not ctx.evidence.verify(sha):
        raise DomainError(
            Text(
                "存储的定稿报告缺失或已被改动（请运行 db check）",
                "the stored final report is missing or altered (run db check)",
            ),
            str(path),
        )
    return path.read_bytes()


def finalize_and_sign(
    ctx: AppContext, ref: str, identity: Any, *, lang: str = "zh", progress: ProgressFn | None = None
) -> FinalizeResult:
    """DESIGN §5: check, render the final report, sign it, store it, write its hash to the audit chain, lock.

    Everything that can fail (checks, rendering, signing, storing the bytes) happens before the
    one transaction that records the report and locks the revision.
    """

    def step(n: int, text: str) -> None:
        if progress:
            progress(n, 3, text)

    step(0, "checks")
    detail = load_case(ctx, ref)
    where = detail.summary.ref
    if not detail.summary.is_draft:
        raise StateError.one(Text("该修订版本已定稿", "this revision is already finalized"), where)
    checks = finalize_problems(detail)
    if checks:
        raise FinalizeCheckError(checks, where)
    step(1, "report and signature")
    signed = _render(ctx, detail, lang=lang, final=True, identity=identity)
    step(2, "store")
    stored = ctx.evidence.add_bytes(signed, f"report-{detail.summary.case_uuid}-r{detail.summary.revision}.pdf")
    with ctx.transaction() as s:
        case = find_case(s, where)
        if case.status != "draft":
            raise StateError.one(Text("该修订版本已定稿", "this revision is already finalized"), where)
        if case.updated_at != detail.summary.updated_at:
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
            },
        )
        mark_finalized(s, case, ctx.actor)
        s.flush()
        final_detail = _detail(s, case)
    step(3, "done")
    return FinalizeResult(final_detail, stored.sha256, stored.size, identity.name, identity.fingerprint)
