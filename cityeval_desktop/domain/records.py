"""Plain read models of a case revision: what lists, reports, workbooks and packages read.

No database and no Qt here: the services build these from the store, and every layer above the
domain (reports, exchange, packages, the interfaces) reads them without reaching back up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cityeval_desktop.domain import days
from cityeval_desktop.domain.text import Text

if TYPE_CHECKING:  # (the case list reads CaseSummary before anything else is loaded: keep this light)
    from cityeval_desktop.domain.basis import Verification, VetoBasis
    from cityeval_desktop.domain.case_data import CaseData
    from cityeval_desktop.domain.framework import Framework
    from cityeval_desktop.domain.scoring import Answer, Result

DRAFT = "draft"
FINALIZED = "finalized"


@dataclass(frozen=True)
class CaseSummary:
    """One case revision as plain data (what lists and headers show)."""

    row_id: int
    case_uuid: str
    revision: int
    entity_name: str
    uscc: str
    region: str
    framework_id: str
    framework_version: str
    framework_sha256: str
    category: str
    tier: str
    mode: str
    assessor: str
    status: str
    created_at: datetime
    updated_at: datetime
    finalized_at: datetime | None
    total: Decimal | None
    grade: str | None
    completeness: Decimal | None
    amend_reason: str | None
    #: the cached Result.provisional (None only for a row no writer has scored)
    provisional: bool | None
    #: the case data of issue 12 the list shows (None for a case made before it, or not finalized yet)
    reference_date: date | None = None
    valid_until: date | None = None
    report_no: str | None = None
    #: the first day of the validity (the list's tooltip names both days)
    valid_from: date | None = None

    def expired(self, today: date | None = None) -> bool:
        """Whether the result's validity (有效期) has ended."""
        return self.valid_until is not None and self.valid_until < (today or days.today())

    @property
    def is_provisional(self) -> bool:
        """Whether the list must show the total as a running figure, without a grade."""
        if self.provisional is not None:
            return self.provisional
        return self.completeness is None or self.completeness < 1

    @property
    def is_vetoed(self) -> bool:
        """Whether the listed result is vetoed: complete, with a total and no grade (the lowest grade
        of every framework starts at 0, so only a veto leaves a complete result without one)."""
        return not self.is_provisional and self.total is not None and not self.grade

    @property
    def ref(self) -> str:
        return f"{self.case_uuid}@{self.revision}"

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT


@dataclass(frozen=True)
class EvidenceItem:
    id: int
    indicator_id: str
    sha256: str
    original_name: str
    size: int
    media_type: str
    added_at: datetime
    #: one of the indicator's evidence kinds (None: not given)
    kind: str | None = None
    #: set for a file attached to a veto decision's basis (``indicator_id`` is "" then)
    veto_id: str | None = None
    #: the day the file proves (证明日期, e.g. a contract's signing date; None: not said)
    dated: date | None = None

    def outside_window(self, data: CaseData) -> bool:
        """Whether the date it proves lies outside the case's review window (考察期)."""
        from cityeval_desktop.domain.case_data import outside_window

        return outside_window(self.dated, data)


@dataclass(frozen=True)
class Origin:
    """Where an imported revision came from (it is read-only where it was imported)."""

    file_name: str
    package_sha256: str
    signer_name: str
    signer_fingerprint: str
    signed_at: datetime | None
    #: the signers chained to a trusted certificate when it was imported
    trusted: bool
    #: who imported it although its signer was not trusted (None when it was trusted)
    accepted_by: str | None
    imported_at: datetime
    imported_by: str
    #: why it is no longer trusted: a revocation list that came after the import ("zh\nen"), or None
    distrusted: str | None = None

    def describe(self) -> Text:
        """One line for a report, a workbook or the command line."""
        base = Text(
            f"从案例包 {self.file_name} 导入（{self.imported_at:%Y-%m-%d %H:%M} UTC，导入人 {self.imported_by}），"
            f"签署人 {self.signer_name}",
            f"imported from the package {self.file_name} ({self.imported_at:%Y-%m-%d %H:%M} UTC, by "
            f"{self.imported_by}), signed by {self.signer_name}",
        )
        if self.trusted:
            return Text(f"{base.zh}；签署人可信", f"{base.en}; signer trusted")
        if self.distrusted:
            zh, _, en = self.distrusted.partition("\n")
            return Text(
                f"{base.zh}；未验证：导入后收到的吊销列表表明{zh}",
                f"{base.en}; UNVERIFIED: a revocation list received after the import shows that {en or zh}",
            )
        return Text(
            f"{base.zh}；未验证：签署人不受信任，由 {self.accepted_by or '-'} 接受导入",
            f"{base.en}; UNVERIFIED: the signer is not trusted, accepted by {self.accepted_by or '-'}",
        )


@dataclass(frozen=True)
class CaseDetail:
    """A whole case revision with its framework and computed result (plain data)."""

    summary: CaseSummary
    framework: Framework
    answers: dict[str, Answer]
    raw_values: dict[str, Any]
    vetoes: dict[str, bool]
    evidence: tuple[EvidenceItem, ...]
    result: Result
    #: set for a revision imported from a package
    origin: Origin | None = None
    #: the basis of each decided veto (source, query time, note); its files are in ``evidence``
    veto_basis: dict[str, VetoBasis] = field(default_factory=dict)
    #: how evidence was verified, per file or per indicator
    verifications: tuple[Verification, ...] = ()
    #: reference date, window, validity, numbers, team, declarations, opinion, inspections (issue 12)
    case_data: CaseData = field(default_factory=lambda: _empty_case_data())

    def evidence_for(self, indicator_id: str) -> list[EvidenceItem]:
        """The files attached to one indicator (a veto's files are not an indicator's)."""
        return [e for e in self.evidence if e.indicator_id == indicator_id and e.veto_id is None]

    def veto_evidence(self, veto_id: str) -> list[EvidenceItem]:
        """The files attached to one veto decision's basis."""
        return [e for e in self.evidence if e.veto_id == veto_id]

    def verification_of(self, indicator_id: str, sha256: str | None) -> Verification | None:
        """The verification of one file (or, with ``sha256`` None, of the indicator's evidence as a whole)."""
        return next((v for v in self.verifications if v.indicator_id == indicator_id and v.sha256 == sha256), None)

    def file_verification(self, item: EvidenceItem) -> Verification | None:
        """What stands for one file: its own verification, else its indicator's."""
        return self.verification_of(item.indicator_id, item.sha256) or self.verification_of(item.indicator_id, None)

    def outside_window(self, item: EvidenceItem) -> bool:
        """Whether one of its files proves a date outside the review window (computed, never stored)."""
        return item.outside_window(self.case_data)

    def window_flag(self, item: EvidenceItem) -> Text | None:
        """The flag of a file dated outside the review window ("证明日期 … 不在考察期 … 内"), or None."""
        from cityeval_desktop.domain.case_data import window_flag

        return window_flag(item.dated, self.case_data)

    def dated_outside_window(self) -> list[EvidenceItem]:
        """The files (of indicators and vetoes) whose date lies outside the review window."""
        return [e for e in self.evidence if self.outside_window(e)]

    def untrue_verifications(self) -> list[Verification]:
        """The verifications that found evidence 不属实 (each flags the case for the false-evidence veto)."""
        return [v for v in self.verifications if v.untrue]


def _empty_case_data() -> CaseData:
    from cityeval_desktop.domain.case_data import CaseData

    return CaseData()
