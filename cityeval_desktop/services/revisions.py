"""A case's revisions: the history (status, dates, amend reason, signer) and what changed between two."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import select

from cityeval_desktop.domain.framework import Framework, Indicator
from cityeval_desktop.domain.methods import Choice, Scale, YesNo
from cityeval_desktop.domain.numbers import plain
from cityeval_desktop.domain.scoring import NOT_APPLICABLE, Answer, Result
from cityeval_desktop.domain.text import Text
from cityeval_desktop.services.cases import CaseDetail, EvidenceItem, find_case, load_case, summary_of
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.summaries import CaseSummary
from cityeval_desktop.store import case_repo
from cityeval_desktop.store.models import CaseReport

#: the fields of an answer the diff compares, in the order it lists them
VALUE, NOT_APPLICABLE_FIELD, REASON, NOTE = "value", "not_applicable", "reason", "note"

_YES, _NO = Text("是", "yes"), Text("否", "no")


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
    """One answer field that differs: ``old``/``new`` are texts to show (None = empty)."""

    field: str
    old: Text | None
    new: Text | None


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
    veto_id: str
    title: Text
    old: bool | None
    new: bool | None


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
    """The differences between two loaded revisions (the pure part of :func:`diff`)."""
    framework = b.framework
    results_a = {r.id: r for r in a.result.indicators}
    results_b = {r.id: r for r in b.result.indicators}
    order = [i.id for i in framework.indicators()]
    order += [i.id for i in a.framework.indicators() if i.id not in order]
    indicators: list[IndicatorChange] = []
    for indicator_id in order:
        if indicator_id not in results_a and indicator_id not in results_b:
            continue  # not in the case's tier
        indicator = framework.indicator(indicator_id) or a.framework.indicator(indicator_id)
        assert indicator is not None
        change = _indicator_change(indicator, a, b, results_a.get(indicator_id), results_b.get(indicator_id))
        if change is not None:
            indicators.append(change)
    vetoes = [
        VetoChange(v.id, v.title, a.vetoes.get(v.id), b.vetoes.get(v.id))
        for v in framework.vetoes
        if a.vetoes.get(v.id) != b.vetoes.get(v.id)
    ]
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
    )


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


def _indicator_change(
    indicator: Indicator, a: CaseDetail, b: CaseDetail, result_a: Any, result_b: Any
) -> IndicatorChange | None:
    old, new = a.answers.get(indicator.id) or Answer(), b.answers.get(indicator.id) or Answer()
    changes: list[FieldChange] = []
    if old.value != new.value:
        changes.append(FieldChange(VALUE, value_text(indicator, old.value), value_text(indicator, new.value)))
    if old.not_applicable != new.not_applicable:
        changes.append(FieldChange(NOT_APPLICABLE_FIELD, _yes_no(old.not_applicable), _yes_no(new.not_applicable)))
    if (old.reason or None) != (new.reason or None):
        changes.append(FieldChange(REASON, _plain(old.reason), _plain(new.reason)))
    if (old.note or None) != (new.note or None):
        changes.append(FieldChange(NOTE, _plain(old.note), _plain(new.note)))
    added, removed = _evidence_changes(a.evidence_for(indicator.id), b.evidence_for(indicator.id))
    if not (changes or added or removed):
        return None
    return IndicatorChange(
        indicator.id,
        indicator.title,
        indicator.dimension_id,
        result_a.status if result_a is not None else NOT_APPLICABLE,
        result_b.status if result_b is not None else NOT_APPLICABLE,
        result_a.earned_shown if result_a is not None else None,
        result_b.earned_shown if result_b is not None else None,
        tuple(changes),
        added,
        removed,
    )


def _evidence_changes(old: list[EvidenceItem], new: list[EvidenceItem]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Files added and removed, compared by content and name (the same file attached twice counts twice)."""
    before = Counter((e.sha256, e.original_name) for e in old)
    after = Counter((e.sha256, e.original_name) for e in new)
    added = tuple(name for (_sha, name), n in (after - before).items() for _ in range(n))
    removed = tuple(name for (_sha, name), n in (before - after).items() for _ in range(n))
    return added, removed


def value_text(indicator: Indicator, value: Any) -> Text | None:
    """An answer value as a reader understands it: the level with its descriptor, the option, a number with unit."""
    if value is None:
        return None
    method = indicator.method
    if isinstance(method, Scale):
        level = int(value)
        descriptor = method.levels[level] if 0 <= level < len(method.levels) else Text("", "")
        return Text(f"{level} — {descriptor.zh}", f"{level} — {descriptor.en}")
    if isinstance(method, YesNo):
        return _yes_no(bool(value))
    if isinstance(method, Choice):
        option = method.option(value)
        return option.title if option else _plain(str(value))
    shown = plain(value) if isinstance(value, Fraction) else str(value)
    unit = getattr(method, "unit", None)
    if unit is None:
        return Text(shown, shown)
    return Text(f"{shown} {unit.zh}", f"{shown} {unit.en}")


def _yes_no(flag: bool) -> Text:
    return _YES if flag else _NO


def _plain(text: str | None) -> Text | None:
    return Text(text, text) if text else None


__all__ = [
    "DimensionChange",
    "FieldChange",
    "IndicatorChange",
    "Outcome",
    "RevisionDiff",
    "RevisionInfo",
    "VetoChange",
    "compare",
    "diff",
    "history",
    "outcome",
    "value_text",
]
