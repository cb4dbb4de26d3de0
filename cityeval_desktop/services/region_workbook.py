"""``region export-xlsx``: the regional view as a workbook (issue 13 §2.4, docs/regional-view.md).

The figures are those of :func:`services.region.summary` (the same filters, the same counting rule and
withdrawn set), the entities' dimension scores are :func:`services.region.entity_dimension_scores`
(cached, nothing re-scored), and the self-checks are :func:`services.region.self_check_rows`. The
self-check vs third-party section compares, for every entity and category with both a self-check and a
counted third-party result, the totals and the cached dimension scores: a per-indicator comparison
re-scores the two revisions of each pair (``region delta`` does it for one entity, about 23 ms a pair),
which for the thousands of pairs of a 10,000-case database would take minutes (see
tests/benchmarks/README.md); ``region delta USCC`` gives the indicators of one entity.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cityeval_desktop.domain import days
from cityeval_desktop.domain.text import Text
from cityeval_desktop.services import region
from cityeval_desktop.services.context import AppContext

#: what the comparison sheet compares, in the sheet and docs/regional-view.md
COMPARISON_NOTE = Text(
    "自评对比按维度（各案例缓存的维度得分）和总分比较每个同时具备已定稿自评与计入的第三方结果的主体与类别，"
    "自评高出最多的在前；逐项指标的对比需要重新计分两个版本，数千对时超出导出时限，"
    "请用 cityeval region delta 统一社会信用代码 查看某一主体的逐项指标差异。",
    "Self vs third-party compares, for every entity and category with both a finalized self-check and a "
    "counted third-party result, the total and each dimension (the cases' cached dimension scores), where "
    "the entity over-rates itself most first. Per-indicator differences re-score both revisions, which for "
    "thousands of pairs does not fit the export's time budget: `cityeval region delta USCC` gives them for "
    "one entity.",
)


def export_region_workbook(
    ctx: AppContext,
    out: Path,
    *,
    lang: str = "zh",
    as_of: date | None = None,
    by: str = region.BY_REGISTRATION,
    category: str | None = None,
    tier: str | None = None,
    region_code: str | None = None,
    include_untrusted: bool = False,
    withdrawn: frozenset[int] | None = None,
) -> Any:
    """Write the regional view's workbook to ``out`` (temp file + rename); returns what it shows
    (a :class:`~cityeval_desktop.reports.region_xlsx.RegionBook`).

    The path is checked before anything is read: its folder must exist and an existing target must be
    a regular file (``store/files.py``).

    Raises:
        InputError: A bad filter (as :func:`services.region.summary`) or a path that cannot be written.
    """
    from cityeval_desktop.reports.region_xlsx import render_region_workbook
    from cityeval_desktop.services.reporting import write_atomically
    from cityeval_desktop.store.files import check_output_path

    target = check_output_path(Path(out))
    book = gather(
        ctx,
        as_of=as_of,
        by=by,
        category=category,
        tier=tier,
        region_code=region_code,
        include_untrusted=include_untrusted,
        withdrawn=withdrawn,
    )
    with region.without_gc():
        data = render_region_workbook(book, lang)
    write_atomically(target, data)
    return book


def gather(
    ctx: AppContext,
    *,
    as_of: date | None = None,
    by: str = region.BY_REGISTRATION,
    category: str | None = None,
    tier: str | None = None,
    region_code: str | None = None,
    include_untrusted: bool = False,
    withdrawn: frozenset[int] | None = None,
) -> Any:
    """The figures of the workbook (a ``RegionBook``), without writing anything."""
    from cityeval_desktop.reports.region_xlsx import (
        Comparison,
        DimensionFigure,
        EntityLine,
        GroupLine,
        RegionBook,
    )

    day = as_of or days.today()
    if withdrawn is None:
        withdrawn = region.read_withdrawn(ctx)
    found = region.summary(
        ctx,
        as_of=day,
        by=by,
        category=category,
        tier=tier,
        region=region_code,
        include_untrusted=include_untrusted,
        withdrawn=withdrawn,
    )
    all_selfs = region.self_check_rows(ctx, as_of=day, by=by, withdrawn=withdrawn)  # every region: the pairs
    prefix = region.region_prefix(region_code) if region_code else None

    region_key = region.region_of(by)

    def kept(r: region.EntityRow) -> bool:
        key = region_key(r)
        return (
            (category is None or r.category == category)
            and (tier is None or r.tier == tier)
            and (prefix is None or key.startswith(prefix))
        )

    selfs = [r for r in all_selfs if kept(r)]
    # the pairs: a counted third-party result and the entity's self-check in that category (any region or
    # tier, as ``region delta``)
    own = {(r.uscc, r.category): r for r in all_selfs}
    pairs = [(own[(e.uscc, e.category)], e) for e in found.entities if e.counted and (e.uscc, e.category) in own]
    with region.without_gc():
        scores = region.entity_dimension_scores(
            ctx, [e.case_id for e in found.entities] + [r.case_id for r in selfs] + [m.case_id for m, _ in pairs]
        )
        dimension_ids: dict[str, list[str]] = {}
        titles: dict[tuple[str, str], Text] = {}
        for g in found.groups:
            ids = dimension_ids.setdefault(g.category, [])
            for d in g.dimensions:
                if d.id not in ids:
                    ids.append(d.id)
                titles[(g.category, d.id)] = d.title
        for r in [*found.entities, *selfs]:  # a category with self-checks only: its dimensions as cached
            ids = dimension_ids.setdefault(r.category, [])
            for dim in scores.get(r.case_id, {}):
                if dim not in ids:
                    ids.append(dim)

        def line(r: region.EntityRow) -> EntityLine:
            return EntityLine(
                r.ref,
                r.entity_name,
                r.uscc,
                r.registration_region,
                r.service_region,
                r.category,
                r.tier,
                "vetoed" if r.vetoed else (r.grade or "none"),
                r.total,
                r.vetoed,
                r.assessor_org,
                _day(r.finalized_at),
                r.valid_until,
                r.trusted,
                r.counted,
                scores.get(r.case_id, {}),
            )

        comparisons = []
        for mine, theirs in pairs:
            a, b = scores.get(mine.case_id, {}), scores.get(theirs.case_id, {})
            order = dict.fromkeys([*dimension_ids.get(theirs.category, []), *b, *a])
            lines = [(d, a.get(d), b.get(d)) for d in order if d in a or d in b]
            comparisons.append(
                Comparison(
                    theirs.uscc,
                    theirs.entity_name,
                    theirs.category,
                    mine.ref,
                    theirs.ref,
                    mine.total,
                    theirs.total,
                    "vetoed" if mine.vetoed else (mine.grade or "none"),
                    "vetoed" if theirs.vetoed else (theirs.grade or "none"),
                    lines,
                )
            )
        comparisons.sort(key=_comparison_key)
        return RegionBook(
            as_of=day,
            by=by,
            include_untrusted=include_untrusted,
            category=category,
            tier=tier,
            region=region_code,
            generated_at=datetime.now(UTC),
            entities=[line(e) for e in found.entities],
            groups=[
                GroupLine(
                    g.region,
                    g.category,
                    g.entities,
                    g.grades,
                    g.mean_total,
                    g.median_total,
                    g.vetoed,
                    g.expiring,
                    g.untrusted_left_out,
                    g.self_checks,
                    g.self_mean_total,
                    [DimensionFigure(d.id, d.mean, d.national) for d in g.dimensions],
                    [d.id for d in g.weak],
                )
                for g in found.groups
            ],
            self_checks=[line(r) for r in selfs],
            comparisons=comparisons,
            dimension_ids=dimension_ids,
            dimension_titles=titles,
            grade_titles=found.grade_titles,
            tier_titles=found.tier_titles,
            warnings=found.warnings,
            comparison_note=COMPARISON_NOTE,
        )


def _comparison_key(c: Any) -> tuple[Any, ...]:
    """Where the entity over-rates itself most first (by the total), then by USCC and category."""
    diff = c.total_difference
    return (diff is None, -(diff or 0), c.uscc, c.category)


def _day(moment: datetime | None) -> date | None:
    """The finalize day as this computer's calendar shows it."""
    if moment is None:
        return None
    from cityeval_desktop.domain.wording import local_naive

    return local_naive(moment).date()
