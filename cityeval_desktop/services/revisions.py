"""A case's revisions: the history (status, dates, amend reason, signer) and what changed between two."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from cityeval_desktop.domain import case_diff
from cityeval_desktop.domain.case_diff import value_text
from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.domain.scoring import NOT_APPLICABLE, Result
from cityeval_desktop.domain.text import Text
from cityeval_desktop.services.cases import CaseDetail, find_case, load_case, summary_of
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.summaries import CaseSummary
from cityeval_desktop.store import case_repo
from cityeval_desktop.store.models import CaseReport

#: the fields of an answer the diff compares, in the order it lists them
VALUE, NOT_APPLICABLE_FIELD, REASON, NOTE = "value", "not_applicable", "reason", "note"


@dataclass(frozen=True)
class RevisionInfo:
    """One revision in a case's history: its summary and who signed it when it was finalized."""

    summary: CaseSummary
    signer_name: str | None
    signer_fingerprint: str | None
    is_latest: bool

    @property
    def ref(self) -> str:
        return self.summary.ref


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: ``old``/``new`` are texts to show (None = empty), ``label`` names the field."""

    field: str
    old: Text | None
    new: Text | None
    label: Text | None = None


@dataclass(frozen=True)
class IndicatorChange:
    """What changed on one indicator between revision A and revision B."""

    indicator_id: str
    title: Text
    dimension_id: str
    old_status: str
    new_status: str
    old_earned: Decimal | None
    new_earned: Decimal | None
    changes: tuple[FieldChange, ...]
    evidence_added: tuple[str, ...]
    evidence_removed: tuple[str, ...]


@dataclass(frozen=True)
class VetoChange:
    """A veto whose decision (or a field of its basis) differs; ``old``/``new`` are the decisions."""

    veto_id: str
    title: Text
    old: bool | None
    new: bool | None
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class DimensionChange:
    dimension_id: str
    title: Text
    old: Decimal | None
    new: Decimal | None


@dataclass(frozen=True)
class Outcome:
    """The figures of one revision a reader compares: total, grade (only when complete), completeness."""

    total: Decimal
    grade: Text | None
    complete: bool
    completeness: Decimal
    vetoed: tuple[str, ...]


@dataclass(frozen=True)
class RevisionDiff:
    """Everything that differs between two revisions of one case (plain data, A = older, B = newer)."""

    a: CaseSummary
    b: CaseSummary
    indicators: tuple[IndicatorChange, ...]
    vetoes: tuple[VetoChange, ...]
    dimensions: tuple[DimensionChange, ...]
    outcome_a: Outcome
    outcome_b: Outcome
    #: the changes as ``domain/case_diff.py`` computes them (what the report and ``case show --json`` show)
    changes: case_diff.CaseChanges | None = None

    @property
    def outcome_changed(self) -> bool:
        return self.outcome_a != self.outcome_b

    @property
    def empty(self) -> bool:
        return not (self.indicators or self.vetoes or self.dimensions or self.outcome_changed)


# ----------------------------------------------------------------------------- history
def history(ctx: AppContext, ref: str) -> list[RevisionInfo]:
    """Every revision of the case ``ref`` belongs to, oldest first, with the signer of each finalized one."""
    with ctx.reading() as s:
        rows = case_repo.revisions_of(s, find_case(s, ref).case_uuid)
        signers: dict[int, tuple[str | None, str | None]] = {}
        reports = s.scalars(
            select(CaseReport)
            .where(CaseReport.case_id.in_([c.id for c in rows]), CaseReport.final.is_(True))
            .order_by(CaseReport.id)
        )
        for report in reports:
            signers.setdefault(report.case_id, (report.signer_name, report.signer_fingerprint))
        latest = rows[-1].revision
        return [
            RevisionInfo(summary_of(c), *signers.get(c.id, (None, None)), is_latest=c.revision == latest) for c in rows
        ]


# ----------------------------------------------------------------------------- since the previous revision
def previous_detail(ctx: AppContext, detail: CaseDetail) -> CaseDetail | None:
    """The revision before ``detail`` (None for revision 1, or when this database does not hold it:
    an imported revision whose predecessor was never imported)."""
    s = detail.summary
    if s.revision <= 1:
        return None
    with ctx.reading() as session:
        rows = case_repo.revisions_of(session, s.case_uuid)
        if not any(c.revision == s.revision - 1 for c in rows):
            return None
    return load_case(ctx, f"{s.case_uuid}@{s.revision - 1}")


def changes_since_previous(ctx: AppContext, detail: CaseDetail) -> case_diff.CaseChanges | None:
    """What ``detail`` changed against the revision before it (None: revision 1, or that revision is not here)."""
    before = previous_detail(ctx, detail)
    return case_diff.diff_details(before, detail) if before is not None else None


# ----------------------------------------------------------------------------- diff
def diff(ctx: AppContext, ref_a: str, ref_b: str) -> RevisionDiff:
    """What changed from revision ``ref_a`` to revision ``ref_b`` of the same case, per indicator.

    Raises:
        InputError: The two references name different cases.
    """
    a, b = load_case(ctx, ref_a), load_case(ctx, ref_b)
    if a.summary.case_uuid != b.summary.case_uuid:
        raise InputError.one(
            Text("只能比较同一案例的两个修订版本", "only two revisions of the same case can be compared"),
            f"{a.summary.ref} / {b.summary.ref}",
        )
    return compare(a, b)


def compare(a: CaseDetail, b: CaseDetail) -> RevisionDiff:
    """The differences between two loaded revisions (the pure part of :func:`diff`).

    The changes themselves come from ``domain/case_diff.py`` (the one diff the report and
    ``case show --json`` use too); this groups them per indicator and adds the figures.
    """
    framework = b.framework
    changes = case_diff.diff_details(a, b)
    results_a = {r.id: r for r in a.result.indicators}
    results_b = {r.id: r for r in b.result.indicators}
    indicators: list[IndicatorChange] = []
    for indicator_id in changes.indicator_ids():
        indicator = framework.indicator(indicator_id) or a.framework.indicator(indicator_id)
        if indicator is None:
            continue
        fw = framework if framework.indicator(indicator_id) else a.framework
        own = [
            c for c in changes.changes if c.key == indicator_id and c.section in (case_diff.ANSWERS, case_diff.EVIDENCE)
        ]
        fields = []
        for c in own:
            if c.section == case_diff.EVIDENCE and c.field in (case_diff.ADDED, case_diff.REMOVED):
                continue
            shown = case_diff.describe(c, fw)
            # a field of a kept evidence file (its kind, say) is named apart from the answer's own fields
            name = c.field if c.section == case_diff.ANSWERS else f"{case_diff.EVIDENCE}.{c.field}"
            fields.append(FieldChange(name, shown.old, shown.new, shown.what))
        result_a, result_b = results_a.get(indicator_id), results_b.get(indicator_id)
        indicators.append(
            IndicatorChange(
                indicator.id,
                indicator.title,
                indicator.dimension_id,
                result_a.status if result_a is not None else NOT_APPLICABLE,
                result_b.status if result_b is not None else NOT_APPLICABLE,
                result_a.earned_shown if result_a is not None else None,
                result_b.earned_shown if result_b is not None else None,
                tuple(fields),
                tuple(c.item or "" for c in own if c.field == case_diff.ADDED),
                tuple(c.item or "" for c in own if c.field == case_diff.REMOVED),
            )
        )
    vetoes = []
    for veto_id in changes.keys(case_diff.VETOES):
        veto = framework.veto(veto_id) or a.framework.veto(veto_id)
        vetoes.append(
            VetoChange(
                veto_id,
                veto.title if veto else Text(veto_id, veto_id),
                _decision(a.vetoes.get(veto_id)),
                _decision(b.vetoes.get(veto_id)),
                tuple(
                    FieldChange(c.field, *_words(c), label=case_diff.describe(c).what)
                    for c in changes.of(case_diff.VETOES, veto_id)
                ),
            )
        )
    dims_a = {d.id: d.score_shown for d in a.result.dimensions}
    dimensions = [
        DimensionChange(d.id, _dimension_title(framework, d.id), dims_a.get(d.id), d.score_shown)
        for d in b.result.dimensions
        if dims_a.get(d.id) != d.score_shown
    ]
    return RevisionDiff(
        a.summary,
        b.summary,
        tuple(indicators),
        tuple(vetoes),
        tuple(dimensions),
        outcome(a.framework, a.result),
        outcome(b.framework, b.result),
        changes,
    )


def _words(change: case_diff.Change) -> tuple[Text | None, Text | None]:
    shown = case_diff.describe(change)
    return shown.old, shown.new


def _decision(value: Any) -> bool | None:
    """A veto's decision, whether it is stored as a bare flag or as a record with its basis."""
    if isinstance(value, dict):
        value = value.get("decision")
    elif value is not None and not isinstance(value, bool):
        value = getattr(value, "decision", value)
    return None if value is None else bool(value)


def outcome(framework: Framework, result: Result) -> Outcome:
    """A revision's total and, once every indicator and veto is settled, its grade label."""
    complete = result.completeness == 1 and not result.undecided_vetoes
    grade: Text | None = None
    if complete and result.grade is not None:
        tier = framework.tier(result.tier)
        tier_title = tier.title if tier else Text(result.tier, result.tier)
        grade = Text(
            f"{tier_title.zh}·{result.grade.id} {result.grade.title.zh}",
            f"{tier_title.en}·{result.grade.id} {result.grade.title.en}",
        )
    return Outcome(result.total_shown, grade, complete, result.completeness_shown, result.vetoed)


def _dimension_title(framework: Framework, dimension_id: str) -> Text:
    dim = framework.dimension(dimension_id)
    return dim.title if dim else Text(dimension_id, dimension_id)


__all__ = [
    "DimensionChange",
    "FieldChange",
    "IndicatorChange",
    "Outcome",
    "RevisionDiff",
    "RevisionInfo",
    "VetoChange",
    "changes_since_previous",
    "compare",
    "diff",
    "history",
    "outcome",
    "previous_detail",
    "value_text",
]
