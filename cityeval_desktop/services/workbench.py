"""Use cases of the desktop workbench that need progress: bulk evidence, evidence export."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.services.cases import CaseDetail, find_case, require_draft, saved_detail
from cityeval_desktop.services.context import AppContext, retry_conflicts
from cityeval_desktop.services.errors import InputError, NotFoundError
from cityeval_desktop.store import case_repo
from cityeval_desktop.store.evidence import EvidenceError, StoredFile, check_source

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], None]


@retry_conflicts
def attach_files(
    ctx: AppContext,
    ref: str,
    indicator_id: str,
    files: list[Path],
    progress: ProgressFn | None = None,
    check_cancel: CancelFn | None = None,
) -> CaseDetail:
    """Check every file, copy each into the evidence store, then attach all in one transaction.

    Cancelling (``check_cancel`` raising) before the transaction leaves the case unchanged;
    copied bytes stay in the content-addressed store, unreferenced and harmless. The transaction
    finds the case again and checks it is a draft under the write lock.
    """
    with ctx.reading() as s:
        case = find_case(s, ref)
        require_draft(case)
        case_ref = f"{case.case_uuid}@{case.revision}"
        from cityeval_desktop.services import frameworks as fw_registry

        framework = fw_registry.pinned(s, case.framework_sha256)
        tier = case.tier
    indicator = framework.indicator(indicator_id)
    if indicator is None or not indicator.applies_to(tier):
        raise InputError.one(Text("该指标不属于本案例", "the indicator is not part of this case"), indicator_id)
    limit = ctx.evidence.limit
    problems: list[DomainError] = []
    for path in files:
        try:
            check_source(path, limit)
        except EvidenceError as exc:
            problems.append(exc)
    if problems:
        raise InputError(problems)
    stored: list[StoredFile] = []
    total = sum(p.stat().st_size for p in files) or 1
    done = 0
    for n, path in enumerate(files, start=1):
        if check_cancel:
            check_cancel()
        if progress:
            progress(done, total, f"{n}/{len(files)} {path.name}")
        try:
            stored.append(ctx.evidence.add(path))
        except EvidenceError as exc:
            raise InputError([exc]) from None
        done += stored[-1].size
    if check_cancel:
        check_cancel()
    if progress:
        progress(total, total, "")
    with ctx.transaction() as s:
        case = find_case(s, case_ref)
        require_draft(case)
        # an indicator that names one evidence kind gives it to its files, as an answers file does
        only = indicator.evidence_kinds[0] if len(indicator.evidence_kinds) == 1 else None
        kinds = {f.sha256: only for f in stored} if only else {}
        case_repo.attach_evidence(s, case, indicator_id, stored, ctx.actor, kinds=kinds)
        return saved_detail(s, case)


def evidence_copy_for_viewing(ctx: AppContext, sha256: str, original_name: str) -> Path:
    """A temporary copy under the original name, so the system viewer knows the file type."""
    source = ctx.evidence.path_of(sha256)
    if not source.is_file():
        raise NotFoundError.one(
            Text(
                "证据文件在存储中缺失（请运行数据库检查）",
                "the evidence file is missing from the store (run the database check)",
            ),
            original_name,
        )
    folder = Path(tempfile.mkdtemp(prefix="cityeval-view-"))
    target = folder / (Path(original_name).name or sha256)
    shutil.copyfile(source, target)
    return target
