"""The agency's regional view (issue 13): which revisions count, region × category statistics, and the
self-check vs third-party delta of one entity. Aggregate SQL over the cached figures; nothing is re-scored
but the two revisions a delta compares."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from cityeval_desktop.domain import days, result_text
from cityeval_desktop.domain.framework import CATEGORIES
from cityeval_desktop.domain.regions import region_name, region_warning
from cityeval_desktop.domain.text import CityEvalError, Text
from cityeval_desktop.domain.uscc import normalize as normalize_uscc
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError, NotFoundError
from cityeval_desktop.services.summaries import FINALIZED
from cityeval_desktop.store.models import Case, CaseOrigin, DimensionScoreRow, TeamMemberRow, VetoDecision

BY_REGISTRATION, BY_SERVICE = "registration", "service"
#: a result whose validity ends within this many days of the as-of date is "expiring"
EXPIRING_DAYS = 90


# ----------------------------------------------------------------------------- what counts
@dataclass(frozen=True)
class CountingRule:
    """What the regional view counts (docs/regional-view.md, "What counts"), as one value.

    Per entity (USCC) and category, the latest (by finalize time, then revision) revision that is
    finalized (drafts never count), in ``mode`` (``third-party`` for the statistics; ``self`` for the
    self-checks shown beside them, never mixed in), valid on ``as_of`` (``valid_from`` <= as_of <=
    ``valid_until``; a bound not recorded does not limit) and signed by a trusted signer unless
    ``include_untrusted``; it counts unless it is among ``withdrawn`` (the case row ids taken out of
    the view, e.g. after an upheld objection: the caller passes them; an empty set withdraws nothing).
    A withdrawn revision is still the latest: the entity has no result in that category until a newer
    revision comes, and an older one it superseded does not count again. A revision made in
    this database has no import origin and is trusted; an imported one is trusted when its package
    signer chained to the trust store on import (``case_origins.trusted``) and no revocation list added
    since has distrusted it (``case_origins.distrusted``).
    """

    as_of: date
    mode: str = "third-party"
    include_untrusted: bool = False
    withdrawn: frozenset[int] = frozenset()


def self_check_rule(as_of: date, withdrawn: frozenset[int] = frozenset()) -> CountingRule:
    """The self-checks shown beside the statistics: per entity and category the latest valid finalized
    self-check, whoever signed it (never mixed into the third-party figures)."""
    return CountingRule(as_of, mode="self", include_untrusted=True, withdrawn=withdrawn)


def _trusted() -> Any:
    return or_(CaseOrigin.case_id.is_(None), and_(CaseOrigin.trusted.is_(True), CaseOrigin.distrusted.is_(None)))


def _region_key(by: str) -> Any:
    return func.substr(Case.uscc, 3, 6) if by == BY_REGISTRATION else Case.region


def _candidate_conditions(rule: CountingRule) -> list[Any]:
    """The revisions ``rule`` ranks (before the ranking picks one per USCC and category): finalized, in the
    rule's mode, valid on its day."""
    return [
        Case.status == FINALIZED,
        Case.mode == rule.mode,
        or_(Case.valid_from.is_(None), Case.valid_from <= rule.as_of),
        or_(Case.valid_until.is_(None), Case.valid_until >= rule.as_of),
    ]


def _ranked(rule: CountingRule, by: str, uscc: str | None = None) -> Any:
    """Every candidate revision of ``rule`` but its trust condition, ranked per (USCC, category) newest
    first: ``rn`` among all signers, ``trusted_upto`` the trusted ones down to this one (so ``trusted`` with
    ``trusted_upto`` 1 is the latest trusted revision, also where a newer untrusted one exists)."""
    conditions = _candidate_conditions(rule)
    if uscc is not None:  # the ranking is per USCC: one entity's rows rank the same alone
        conditions.append(Case.uscc == uscc)
    trusted = _trusted()
    order = (Case.finalized_at.desc().nulls_last(), Case.revision.desc(), Case.id.desc())
    return (
        select(
            Case.id.label("id"),
            _region_key(by).label("region"),
            Case.category.label("category"),
            Case.tier.label("tier"),
            trusted.label("trusted"),
            # a withdrawn revision keeps its place: it leaves the entity without a result until a newer one
            # comes (an older, superseded revision does not count again)
            (Case.id.in_(sorted(rule.withdrawn)) if rule.withdrawn else literal(False)).label("withdrawn"),
            func.row_number().over(partition_by=(Case.uscc, Case.category), order_by=order).label("rn"),
            # trusted revisions up to this one (same window as ``rn``: one sort serves both)
            func.sum(case((trusted, 1), else_=0))
            .over(partition_by=(Case.uscc, Case.category), order_by=order, rows=(None, 0))
            .label("trusted_upto"),
        )
        .outerjoin(CaseOrigin, CaseOrigin.case_id == Case.id)
        .where(*conditions)
        .subquery("ranked")
    )


def _counted_condition(ranked: Any, rule: CountingRule, *, withdrawn: bool = False) -> Any:
    """The revisions ``rule`` counts; with ``withdrawn``, those it would count had an upheld objection not
    withdrawn them (the entity has no result there until an amended revision comes)."""
    kept = ranked.c.withdrawn.is_(withdrawn)
    if rule.include_untrusted:
        return and_(ranked.c.rn == 1, kept)
    return and_(ranked.c.trusted.is_(True), ranked.c.trusted_upto == 1, kept)


def counted(
    rule: CountingRule, by: str = BY_REGISTRATION, *, shown: bool = False, uscc: str | None = None
) -> Select[Any]:
    """The SQL of the revisions ``rule`` counts: one row per (USCC, category), column ``id`` the case
    row, with the region key (``region``) chosen by ``by`` and the revision's trust (``trusted``).

    ``shown`` adds the latest revision of an untrusted signer where the rule leaves it out (the view
    lists it, marked, beside the trusted one it counts): a row of it has ``trusted`` false. ``uscc``
    limits it to one entity.
    """
    ranked = _ranked(rule, by, uscc)
    condition = _counted_condition(ranked, rule)
    if shown and not rule.include_untrusted:
        condition = or_(condition, and_(ranked.c.rn == 1, ranked.c.trusted.is_(False), ranked.c.withdrawn.is_(False)))
    return select(ranked.c.id, ranked.c.region, ranked.c.category, ranked.c.tier, ranked.c.trusted).where(condition)


# ----------------------------------------------------------------------------- figures
def _hundredths_half_up(numerator: int, denominator: int) -> Decimal:
    """``numerator / denominator`` hundredths of a point (both >= 0), rounded half-up to a whole
    hundredth, exactly (integers only), as a 2-decimal figure."""
    return Decimal((2 * numerator + denominator) // (2 * denominator)).scaleb(-2)


def mean_of(hundredths: Iterable[int]) -> Decimal | None:
    """The exact mean of shown figures (given in hundredths), rounded half-up to 2 decimals."""
    values = list(hundredths)
    return None if not values else _hundredths_half_up(sum(values), len(values))


def median_of(hundredths: Iterable[int]) -> Decimal | None:
    """The median of shown figures (the mean of the two middle ones for an even count), rounded half-up."""
    values = sorted(hundredths)
    if not values:
        return None
    mid = len(values) // 2
    if len(values) % 2:
        return _hundredths_half_up(values[mid], 1)
    return _hundredths_half_up(values[mid - 1] + values[mid], 2)


def _mean_sum(total: int | None, n: int) -> Decimal | None:
    return None if not n or total is None else _hundredths_half_up(int(total), n)


class EntityRow(NamedTuple):
    """One line of the entity table (a NamedTuple: 10,000 of them are built per summary)."""

    case_id: int
    ref: str
    entity_name: str
    uscc: str
    registration_region: str
    service_region: str
    category: str
    tier: str
    grade: str | None
    total: Decimal | None
    vetoed: bool
    #: the assessor organisation (评估机构, :func:`assessor_organisation`), never the person's name
    assessor_org: str
    finalized_at: datetime | None
    valid_until: date | None
    trusted: bool
    counted: bool


@dataclass(frozen=True)
class DimensionMean:
    id: str
    title: Text
    mean: Decimal | None
    national: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        return None if self.mean is None or self.national is None else self.mean - self.national


@dataclass
class Group:
    """One region and category of the summary."""

    region: str
    category: str
    entities: int = 0
    grades: dict[str, int] = field(default_factory=dict)
    mean_total: Decimal | None = None
    median_total: Decimal | None = None
    dimensions: list[DimensionMean] = field(default_factory=list)
    vetoed: int = 0
    expiring: int = 0
    #: shown beside, never mixed in: the latest finalized self-checks of the same region and category
    self_checks: int = 0
    self_mean_total: Decimal | None = None
    untrusted_left_out: int = 0
    #: entities whose result an upheld objection withdrew (no result here until an amended revision)
    withdrawn: int = 0

    @property
    def region_name(self) -> Text | None:
        return region_name(self.region)

    @property
    def weak(self) -> list[DimensionMean]:
        """短板: the dimensions whose regional mean is below the database's national mean, weakest first."""
        below = [d for d in self.dimensions if d.gap is not None and d.gap < 0]
        return sorted(below, key=lambda d: (d.gap, d.id))


@dataclass
class Summary:
    as_of: date
    by: str
    include_untrusted: bool
    groups: list[Group]
    entities: list[EntityRow]
    warnings: list[Text]
    #: the grade titles of the counted frameworks by (category, grade id)
    grade_titles: dict[tuple[str, str], Text] = field(default_factory=dict)
    #: the tier titles of the counted frameworks by (category, tier id)
    tier_titles: dict[tuple[str, str], Text] = field(default_factory=dict)

    def tier_words(self, category: str, tier: str, lang: str) -> str:
        """A tier id in words (``城市服务级``); the id where no counted framework names it."""
        title = self.tier_titles.get((category, tier))
        return title.get(lang) if title else tier

    def grade_words(self, category: str, grade: str, lang: str) -> str:
        """A grade id in words (``AA 良好``, ``优秀``: :func:`~cityeval_desktop.domain.result_text.grade_id_words`);
        ``vetoed`` and ``none`` too; the id where no counted framework names it."""
        if grade == "vetoed":
            return "否决" if lang == "zh" else "vetoed"
        if grade == "none":
            return "无等级" if lang == "zh" else "no grade"
        title = self.grade_titles.get((category, grade))
        return result_text.grade_id_words(grade, title).get(lang) if title else grade


def region_prefix(code: str) -> str:
    """The prefix a ``--region`` code selects (a province or city code takes its parts), or an InputError."""
    code = code.strip()
    if len(code) != 6 or not code.isdigit():
        raise InputError.one(
            Text(
                f"区域代码应为 6 位数字（GB/T 2260），而不是 “{code[:20]}”",
                f"a region code is 6 digits (GB/T 2260), not '{code[:20]}'",
            ),
            "--region",
        )
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


def _filter_by(category: str | None, tier: str | None, prefix: str | None) -> Any:
    """The summary's filters on a :func:`counted` subquery: ``filtered(query, sub, by_region=True)``."""

    def filtered(q: Select[Any], sub: Any, *, by_region: bool = True) -> Select[Any]:
        if category:
            q = q.where(sub.c.category == category)
        if tier:
            q = q.where(sub.c.tier == tier)
        if prefix and by_region:
            q = q.where(sub.c.region.startswith(prefix, autoescape=True))
        return q

    return filtered


def _check_filters(by: str, category: str | None) -> None:
    if by not in (BY_REGISTRATION, BY_SERVICE):
        raise InputError.one(Text("--by 应为 registration 或 service", "--by is registration or service"), "--by")
    if category is not None and category not in CATEGORIES:
        known = ", ".join(CATEGORIES)
        raise InputError.one(
            Text(f"未知类别 “{category[:40]}”，可用：{known}", f"unknown category '{category[:40]}'; one of {known}"),
            "--category",
        )


@contextmanager
def without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while tens of thousands of acyclic rows are built: its passes
    over them took a quarter of a 10,000-case summary (issue 13 budget: 300 ms). Reference counting
    still frees everything; the collector runs again afterwards. The command line's JSON of a summary
    is built under it too."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def summary(
    ctx: AppContext,
    *,
    as_of: date | None = None,
    by: str = BY_REGISTRATION,
    category: str | None = None,
    tier: str | None = None,
    region: str | None = None,
    include_untrusted: bool = False,
    withdrawn: frozenset[int] | None = None,
) -> Summary:
    """Region × category statistics of the counted third-party results, with the entity table.

    ``withdrawn``: case row ids taken out of the view (see :class:`CountingRule`); by default the
    revisions an upheld objection withdrew (:func:`~cityeval_desktop.services.objections.withdrawn_revision_ids`).
    """
    _check_filters(by, category)
    prefix = region_prefix(region) if region else None
    day = as_of or days.today()
    withdrawn = read_withdrawn(ctx) if withdrawn is None else withdrawn
    rule = CountingRule(day, include_untrusted=include_untrusted, withdrawn=withdrawn)
    with without_gc():
        return _summary(ctx, rule, by, category, tier, prefix)


def for_category(found: Summary, category: str | None) -> Summary:
    """``found`` (a summary for every category) narrowed to one category (None: as it is), equal to the
    summary asked for with that category: a group, an entity row and the national mean of a dimension
    each belong to one category, so nothing is re-counted (the window filters by category in memory)."""
    if category is None:
        return found
    _check_filters(BY_REGISTRATION, category)
    groups = [g for g in found.groups if g.category == category]
    warnings = [w for w in (region_warning(g.region) for g in groups) if w is not None]
    return replace(
        found,
        groups=groups,
        entities=[r for r in found.entities if r.category == category],
        warnings=list({w.en: w for w in warnings}.values()),
    )


def self_check_rows(
    ctx: AppContext,
    *,
    as_of: date | None = None,
    by: str = BY_REGISTRATION,
    category: str | None = None,
    tier: str | None = None,
    region: str | None = None,
    withdrawn: frozenset[int] | None = None,
) -> list[EntityRow]:
    """The self-checks :func:`summary` counts beside its groups (:func:`self_check_rule`), as entity rows
    (``counted`` False: a self-check is shown beside the statistics, never in them), same filters and order."""
    _check_filters(by, category)
    prefix = region_prefix(region) if region else None
    day = as_of or days.today()
    withdrawn = read_withdrawn(ctx) if withdrawn is None else withdrawn
    with without_gc(), ctx.reading() as s:
        sub = counted(self_check_rule(day, withdrawn), by).subquery("self_checks")
        rows = _entity_rows(s, sub, _filter_by(category, tier, prefix), include_untrusted=False)
    key = region_of(by)
    return sorted((r._replace(counted=False) for r in rows), key=lambda r: (key(r), r.category, r.uscc))


def read_withdrawn(ctx: AppContext) -> frozenset[int]:
    """The row ids of the revisions upheld objections withdrew: the counting rule's ``withdrawn`` input,
    read once by a caller that asks for several views of the same moment (``services/region_workbook.py``)."""
    from cityeval_desktop.services.objections import withdrawn_revision_ids

    with ctx.reading() as s:
        return frozenset(withdrawn_revision_ids(s))


def region_of(by: str) -> Callable[[EntityRow], str]:
    """An entity row's region key: its registration or its service region."""
    return (lambda r: r.registration_region) if by == BY_REGISTRATION else (lambda r: r.service_region)


def _summary(
    ctx: AppContext, rule: CountingRule, by: str, category: str | None, tier: str | None, prefix: str | None
) -> Summary:
    day, include_untrusted, withdrawn = rule.as_of, rule.include_untrusted, rule.withdrawn
    with ctx.reading() as s:
        listed = counted(rule, by, shown=True).subquery("listed")
        filtered = _filter_by(category, tier, prefix)
        # every region's rows: the national means of the dimensions are over all of them; the --region
        # filter is applied after (in memory: a region key starts with the prefix, as the SQL filter reads it)
        every_row = _entity_rows(
            s, listed, lambda q, sub: filtered(q, sub, by_region=False), include_untrusted=include_untrusted
        )
        # the counted rows of every listed one are the ``counted(rule)`` set (the listed extra rows are the
        # untrusted ones left out): their dimension sums per region, category and dimension
        key = region_of(by)
        dims = _dimension_sums(
            s, rule, {r.case_id: (key(r), r.category) for r in every_row if r.counted}, category, tier
        )
        selfs = self_check_rule(day, withdrawn)
        self_sub = counted(selfs, by).subquery("self_checks")
        self_q = filtered(
            select(self_sub.c.region, self_sub.c.category, func.count(), func.sum(Case.total_hundredths)).join(
                Case, Case.id == self_sub.c.id
            ),
            self_sub,
        ).group_by(self_sub.c.region, self_sub.c.category)
        self_rows = {(r[0], r[1]): (int(r[2]), r[3]) for r in s.connection().execute(self_q).all()}
        withdrawn_rows: dict[tuple[str, str], int] = {}
        if withdrawn:  # an upheld objection took these results out: the view says how many
            ranked = _ranked(rule, by)
            gone = select(ranked.c.region, ranked.c.category, func.count()).where(
                _counted_condition(ranked, rule, withdrawn=True)
            )
            gone = filtered(gone, ranked).group_by(ranked.c.region, ranked.c.category)
            withdrawn_rows = {(r[0], r[1]): int(r[2]) for r in s.connection().execute(gone).all()}
        listed_rows = [r for r in every_row if key(r).startswith(prefix)] if prefix else every_row
        titles, grade_titles, tier_titles = _framework_words(
            s, {r.category for r in listed_rows} | {r[1] for r in self_rows}
        )

    national: dict[tuple[str, str], list[int]] = {}
    regional: dict[tuple[str, str], dict[str, tuple[int | None, int]]] = defaultdict(dict)
    for (region_key, cat, dimension), (total, n) in dims.items():
        sums = national.setdefault((cat, dimension), [0, 0])
        sums[0] += int(total or 0)
        sums[1] += n
        regional[(region_key, cat)][dimension] = (total, n)
    groups: dict[tuple[str, str], Group] = {}
    totals: dict[tuple[str, str], list[int]] = defaultdict(list)
    limit = day + timedelta(days=EXPIRING_DAYS)
    for r in listed_rows:
        gk = (key(r), r.category)
        g = groups.get(gk)
        if g is None:
            g = groups[gk] = Group(gk[0], gk[1])
        if not r.counted:  # listed, not counted: an untrusted signer's latest
            g.untrusted_left_out += 1
            continue
        g.entities += 1
        grade = "vetoed" if r.vetoed else (r.grade or "none")
        g.grades[grade] = g.grades.get(grade, 0) + 1
        g.vetoed += r.vetoed
        g.expiring += r.valid_until is not None and r.valid_until <= limit
        if r.total is not None:
            totals[gk].append(int(r.total * 100))
    for (region_key, cat), (n, total) in self_rows.items():
        g = groups.setdefault((region_key, cat), Group(region_key, cat))
        g.self_checks, g.self_mean_total = n, _mean_sum(total, n)
    for (region_key, cat), n in withdrawn_rows.items():
        groups.setdefault((region_key, cat), Group(region_key, cat)).withdrawn = n
    by_category: dict[str, list[str]] = defaultdict(list)
    for cat, dimension in sorted(national):
        by_category[cat].append(dimension)
    for gk, g in groups.items():
        g.mean_total, g.median_total = mean_of(totals[gk]), median_of(totals[gk])
        here = regional.get(gk, {})
        for d in by_category.get(g.category, []):
            total, n = here.get(d, (None, 0))
            n_total, n_n = national[(g.category, d)]
            title = titles.get((g.category, d), Text(d, d))
            g.dimensions.append(DimensionMean(d, title, _mean_sum(total, n), _mean_sum(n_total, n_n)))
    ordered = sorted(groups.values(), key=lambda g: (g.region, list(CATEGORIES).index(g.category)))
    warnings = [w for w in (region_warning(g.region) for g in ordered) if w is not None]
    unique_warnings = list({w.en: w for w in warnings}.values())
    # on the same entity the counted row before the left-out one, else in query order (the sort is stable)
    entities = sorted(listed_rows, key=lambda r: (key(r), r.category, r.uscc, not r.counted))
    return Summary(day, by, include_untrusted, ordered, entities, unique_warnings, grade_titles, tier_titles)


def assessor_organisation() -> Any:
    """The assessor organisation (评估机构) of a case row, as a correlated SQL expression: the organisation of
    its lead assessor (评估组长, ``case_team`` role ``lead``), else "" (a revision made before issue 12 recorded
    a team). Never ``cases.assessor``: that names a person, and the organisation is what the regional view, its
    JSON and workbook and the public disclosure show (the one place they all read it from)."""
    lead_org = (  # a team has one lead (services.case_data); max() keeps it one value on every backend
        select(func.max(TeamMemberRow.org))
        .where(TeamMemberRow.case_id == Case.id, TeamMemberRow.role == "lead")
        .scalar_subquery()
    )
    return func.coalesce(lead_org, literal(""))


def _entity_rows(s: Session, sub: Any, filtered: Any, *, include_untrusted: bool) -> list[EntityRow]:
    vetoed = exists().where(VetoDecision.case_id == Case.id, VetoDecision.decided.is_(True))
    q = select(
        Case.id,
        Case.case_uuid,
        Case.revision,
        Case.entity_name,
        Case.uscc,
        Case.region,
        Case.category,
        Case.tier,
        Case.grade,
        Case.total_hundredths,
        vetoed.label("vetoed"),
        assessor_organisation().label("assessor_org"),
        Case.finalized_at,
        Case.valid_until,
        sub.c.trusted,
    ).join(sub, sub.c.id == Case.id)
    # Core rows, not the ORM's result machinery (10,000 rows per summary), made into EntityRows in one pass
    new, hundred = tuple.__new__, Decimal(100)
    return [
        new(
            EntityRow,
            (
                r[0],
                f"{r[1]}@{r[2]}",
                r[3],
                r[4],
                r[4][2:8],
                r[5],
                r[6],
                r[7],
                r[8],
                None if r[9] is None else Decimal(r[9]) / hundred,
                bool(r[10]),
                r[11].strip(),
                r[12],
                r[13],
                bool(r[14]),
                include_untrusted or bool(r[14]),
            ),
        )
        for r in s.connection().execute(filtered(q, sub)).all()
    ]


def _dimension_sums(
    s: Session, rule: CountingRule, counted_keys: dict[int, tuple[str, str]], category: str | None, tier: str | None
) -> dict[tuple[str, str, str], tuple[int | None, int]]:
    """Per region, category and dimension: the sum of the scores (hundredths; None where none was scored) and
    how many were scored, over the counted revisions ``counted_keys`` (case row id -> region key, category).
    The scores of the rule's candidates are read (no second ranking: the counted ids are known) and summed
    here."""
    score = DimensionScoreRow.score_hundredths
    q = (
        select(DimensionScoreRow.case_id, DimensionScoreRow.dimension_id, score)
        .join(Case, Case.id == DimensionScoreRow.case_id)
        .where(*_candidate_conditions(rule))
    )
    if category:
        q = q.where(Case.category == category)
    if tier:
        q = q.where(Case.tier == tier)
    sums: dict[tuple[str, str, str], list[Any]] = {}
    get = counted_keys.get
    for case_id, dimension, hundredths in s.connection().execute(q).all():
        where = get(case_id)
        if where is None:
            continue
        key = (where[0], where[1], dimension)
        entry = sums.get(key)
        if entry is None:
            entry = sums[key] = [None, 0]
        if hundredths is not None:
            entry[0] = hundredths if entry[0] is None else entry[0] + hundredths
            entry[1] += 1
    return {k: (v[0], v[1]) for k, v in sums.items()}


def entity_dimension_scores(ctx: AppContext, case_ids: Iterable[int]) -> dict[int, dict[str, Decimal | None]]:
    """The cached dimension scores of the given case rows (e.g. a summary's entity table): per case row id,
    dimension id -> shown score (2 decimals; None for a dimension excluded at the case's tier). One query in
    chunks of 900 ids (SQLite's bound-parameter limit); nothing is re-scored. The heatmap, the regional
    workbook and the disclosure read them."""
    ids = sorted(set(case_ids))
    out: dict[int, dict[str, Decimal | None]] = {i: {} for i in ids}
    score = DimensionScoreRow.score_hundredths
    with ctx.reading() as s:
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            q = select(DimensionScoreRow.case_id, DimensionScoreRow.dimension_id, score, DimensionScoreRow.excluded)
            for case_id, dimension, hundredths, excluded in s.execute(q.where(DimensionScoreRow.case_id.in_(chunk))):
                out[case_id][dimension] = None if excluded or hundredths is None else Decimal(hundredths).scaleb(-2)
    return out


def _framework_words(
    s: Session, categories: set[str]
) -> tuple[dict[tuple[str, str], Text], dict[tuple[str, str], Text], dict[tuple[str, str], Text]]:
    """The dimension, grade and tier titles of the frameworks the counted cases pin, by (category, id)
    (the newest framework's words win)."""
    if not categories:
        return {}, {}, {}
    shas = s.execute(
        select(Case.category, Case.framework_sha256, func.max(Case.id))
        .where(Case.category.in_(sorted(categories)), Case.status == FINALIZED)
        .group_by(Case.category, Case.framework_sha256)
        .order_by(func.max(Case.id))
    ).all()
    titles: dict[tuple[str, str], Text] = {}
    grades: dict[tuple[str, str], Text] = {}
    tiers: dict[tuple[str, str], Text] = {}
    for cat, sha, _ in shas:
        try:
            words = fw_registry.pinned_words(s, sha)
        except CityEvalError:  # a damaged framework only costs its titles; db check names it
            continue
        for d, title in words.dimensions:
            titles[(cat, d)] = title
        for grade, title in words.grades:
            grades[(cat, grade)] = title
        for tier, title in words.tiers:
            tiers[(cat, tier)] = title
    return titles, grades, tiers


# ----------------------------------------------------------------------------- delta
@dataclass(frozen=True)
class DeltaLine:
    kind: str  # "dimension" | "indicator"
    id: str
    title: Text
    self_value: Decimal | None
    third_value: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        if self.self_value is None or self.third_value is None:
            return None
        return self.self_value - self.third_value


@dataclass(frozen=True)
class Delta:
    uscc: str
    category: str
    entity_name: str
    self_ref: str
    third_ref: str
    self_total: Decimal
    third_total: Decimal
    self_grade: str | None
    third_grade: str | None
    dimensions: list[DeltaLine]
    indicators: list[DeltaLine]

    @property
    def ranked(self) -> list[DeltaLine]:
        """Every dimension and indicator with both figures, where the entity over-rates itself most first."""
        both = [x for x in self.dimensions + self.indicators if x.difference is not None]
        return sorted(both, key=lambda x: (-x.difference, x.kind, x.id))  # type: ignore[operator]


def delta(
    ctx: AppContext,
    uscc: str,
    *,
    category: str | None = None,
    as_of: date | None = None,
    include_untrusted: bool = False,
    withdrawn: frozenset[int] | None = None,
) -> list[Delta]:
    """The operator's latest finalized self-check against the counted third-party result, per category.

    Indicators compare earned points, dimensions their scores (both as shown, 2 decimals); ``withdrawn``
    as in :func:`summary`.
    """
    from cityeval_desktop.services.cases import score_revision

    _check_filters(BY_REGISTRATION, category)
    code = normalize_uscc(uscc)
    day = as_of or days.today()
    withdrawn = read_withdrawn(ctx) if withdrawn is None else withdrawn
    third_rule = CountingRule(day, include_untrusted=include_untrusted, withdrawn=withdrawn)
    self_rule = self_check_rule(day, withdrawn)
    out: list[Delta] = []
    with ctx.reading() as s:
        picked: dict[str, dict[str, int]] = defaultdict(dict)
        for mode, rule in (("self", self_rule), ("third", third_rule)):
            sub = counted(rule, uscc=code).subquery()
            q = select(sub.c.category, sub.c.id)
            if category:
                q = q.where(sub.c.category == category)
            for cat, case_id in s.execute(q):
                picked[cat][mode] = case_id
        if not picked:
            raise NotFoundError.one(
                Text(f"数据库中没有统一社会信用代码为 {code} 的已定稿结果", f"no finalized result for USCC {code}"),
                uscc,
            )
        missing: list[str] = []
        for cat in sorted(picked, key=list(CATEGORIES).index):
            pair = picked[cat]
            if "self" not in pair or "third" not in pair:
                missing.append(cat)
                continue
            own, third = s.get(Case, pair["self"]), s.get(Case, pair["third"])
            assert own is not None and third is not None
            out.append(_delta_of(s, own, third, score_revision))
        if not out:
            missing_words = [CATEGORIES.get(c, Text(c, c)) for c in missing]  # in words, not ids
            raise NotFoundError.one(
                Text(
                    f"{code} 在{'、'.join(f'“{words.zh}”' for words in missing_words)}类别中没有同时具备已定稿的"
                    "自评与计入的第三方评估结果",
                    f"{code} has no category with both a finalized self-check and a counted third-party "
                    f"result ({', '.join(words.en for words in missing_words)})",
                ),
                uscc,
            )
    return out


def _delta_of(s: Session, own: Case, third: Case, score_revision: Any) -> Delta:
    mine, theirs = score_revision(s, own), score_revision(s, third)
    framework = fw_registry.pinned(s, third.framework_sha256)
    own_fw = fw_registry.pinned(s, own.framework_sha256)
    dim_titles = {d.id: d.title for d in framework.dimensions} | {
        d.id: d.title for d in own_fw.dimensions if d.id not in {x.id for x in framework.dimensions}
    }
    my_dims = {d.id: d.score_shown for d in mine.dimensions}
    their_dims = {d.id: d.score_shown for d in theirs.dimensions}
    dimensions = [
        DeltaLine("dimension", d, dim_titles.get(d, Text(d, d)), my_dims.get(d), their_dims.get(d))
        for d in dict.fromkeys([*their_dims, *my_dims])
    ]
    my_ind = {i.id: i for i in mine.indicators}
    their_ind = {i.id: i for i in theirs.indicators}
    indicators = []
    for i in dict.fromkeys([*their_ind, *my_ind]):
        a, b = my_ind.get(i), their_ind.get(i)
        title = (b or a).indicator.title  # type: ignore[union-attr]
        indicators.append(
            DeltaLine("indicator", i, title, a.earned_shown if a else None, b.earned_shown if b else None)
        )
    return Delta(
        uscc=third.uscc,
        category=third.category,
        entity_name=third.entity_name,
        self_ref=f"{own.case_uuid}@{own.revision}",
        third_ref=f"{third.case_uuid}@{third.revision}",
        self_total=mine.total_shown,
        third_total=theirs.total_shown,
        self_grade=mine.grade_id,
        third_grade=theirs.grade_id,
        dimensions=dimensions,
        indicators=indicators,
    )
