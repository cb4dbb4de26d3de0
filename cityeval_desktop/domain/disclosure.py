"""The public disclosure of results (评估结果公示, issue 13 §2.5): its public rows, the suppression of small
groups, the notice period in working days, and its CSV and JSON forms. Pure Python: the service
(``services/disclosure.py``) fills it from the counted results, ``reports/disclosure.py`` draws the PDF.

Only public fields exist here (docs/disclosure.md): nothing of a case's notes, evidence, answers,
reasons, objections or signers can reach an output because no type below has a place for it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from cityeval_desktop.domain import scoring
from cityeval_desktop.domain.errors import InputError
from cityeval_desktop.domain.text import DomainError, Text

SCHEMA = "cityeval-disclosure/1"
DEFAULT_NOTICE_DAYS = 7
MIN_NOTICE_DAYS, MAX_NOTICE_DAYS = 1, 60
DEFAULT_MIN_GROUP = 5
MIN_MIN_GROUP, MAX_MIN_GROUP = 1, 1000
#: at most this many days in the holiday list (holidays and make-up working days together)
MAX_HOLIDAYS = 1000
MAX_CONTACT = 500
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
#: what a suppressed figure shows (with the footnote)
SUPPRESSED = "—"

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_strict_day(value: object, where: str) -> date:
    """A date written exactly ``YYYY-MM-DD`` between 2000-01-01 and 2100-12-31 (``20260101`` is refused)."""
    text = value.strip() if isinstance(value, str) else ""
    if not _DAY.fullmatch(text):
        shown = str(value)[:20]
        raise InputError.one(
            Text(
                f"日期应写作 YYYY-MM-DD（如 2026-10-01），而不是 “{shown}”",
                f"a date is written YYYY-MM-DD (e.g. 2026-10-01), not '{shown}'",
            ),
            where,
        )
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InputError.one(
            Text(f"不是有效日期：{text}", f"not a valid date: {text}"),
            where,
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise InputError.one(
            Text(
                f"日期 {text} 超出范围（{EARLIEST} 至 {LATEST}）",
                f"the date {text} is out of range ({EARLIEST} to {LATEST})",
            ),
            where,
        )
    return day


# ----------------------------------------------------------------------------- working days
@dataclass(frozen=True, order=True)
class CalendarDay:
    """One entry of the agency's holiday list: a public holiday (``working`` False, a day off even on a
    weekday) or a make-up working day (调休, ``working`` True: a Saturday or Sunday that is worked)."""

    day: date
    working: bool = False


def check_calendar(days: Iterable[CalendarDay]) -> list[CalendarDay]:
    """The list sorted, each date once, at most :data:`MAX_HOLIDAYS` entries; a make-up working day must be
    a Saturday or Sunday (a weekday is a working day already)."""
    out: dict[date, CalendarDay] = {}
    problems: list[DomainError] = []
    for entry in days:
        if len(out) >= MAX_HOLIDAYS:
            raise InputError.one(
                Text(
                    f"节假日列表最多 {MAX_HOLIDAYS} 天；请先删除过去的日期",
                    f"the holiday list holds at most {MAX_HOLIDAYS} days; remove past ones first",
                ),
                "holidays",
            )
        if entry.working and entry.day.weekday() < 5:
            problems.append(
                DomainError(
                    Text(
                        f"{entry.day} 是工作日（周一至周五），不需要登记为调休上班日",
                        f"{entry.day} is a weekday and a working day already; a make-up working day is a "
                        "Saturday or Sunday",
                    ),
                    entry.day.isoformat(),
                )
            )
        if entry.day in out and out[entry.day].working != entry.working:
            problems.append(
                DomainError(
                    Text(
                        f"{entry.day} 不能既是节假日又是调休上班日",
                        f"{entry.day} cannot be both a holiday and a make-up working day",
                    ),
                    entry.day.isoformat(),
                )
            )
        out[entry.day] = entry
    if problems:
        raise InputError(problems)
    return sorted(out.values())


def is_working_day(day: date, calendar: dict[date, bool]) -> bool:
    """Monday to Friday unless the calendar says it is a holiday; Saturday and Sunday only when the calendar
    says it is a make-up working day (``calendar``: date -> working)."""
    if day in calendar:
        return calendar[day]
    return day.weekday() < 5


@dataclass(frozen=True)
class NoticePeriod:
    """The public notice: it opens on the publication day and lasts ``working_days`` working days; ``first``
    is the first working day of it (the publication day when that is one), ``end`` the last."""

    published: date
    first: date
    end: date
    working_days: int


def notice_period(published: date, working_days: int, calendar: Iterable[CalendarDay]) -> NoticePeriod:
    """The notice period of ``working_days`` working days from ``published`` (counted when it is a working
    day itself), skipping weekends and holidays and counting make-up working days."""
    check_notice_days(working_days)
    days = {c.day: c.working for c in calendar}
    day, counted, first = published, 0, None
    # bounded: every 7 days hold a working day unless the list says otherwise, and it has at most
    # MAX_HOLIDAYS days, so this many steps always reach the end
    for _ in range(MAX_HOLIDAYS + 7 * (MAX_NOTICE_DAYS + 1)):
        if is_working_day(day, days):
            counted += 1
            first = first or day
            if counted == working_days:
                return NoticePeriod(published, first, day, working_days)
        day += timedelta(days=1)
    raise InputError.one(  # only a list of over a thousand consecutive holidays gets here
        Text("节假日列表中没有足够的工作日来计算公示期", "the holiday list leaves too few working days for the notice"),
        "holidays",
    )


def check_notice_days(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_NOTICE_DAYS <= value <= MAX_NOTICE_DAYS:
        raise InputError.one(
            Text(
                f"公示期应为 {MIN_NOTICE_DAYS} 至 {MAX_NOTICE_DAYS} 个工作日",
                f"the notice lasts {MIN_NOTICE_DAYS} to {MAX_NOTICE_DAYS} working days",
            ),
            "--notice-days",
        )
    return value


def check_min_group(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_MIN_GROUP <= value <= MAX_MIN_GROUP:
        raise InputError.one(
            Text(
                f"最小公布组规模应为 {MIN_MIN_GROUP} 至 {MAX_MIN_GROUP} 家",
                f"the minimum group size is {MIN_MIN_GROUP} to {MAX_MIN_GROUP} entities",
            ),
            "--min-group",
        )
    return value


def check_contact(value: str) -> str:
    text = value.replace("\r\n", "\n").strip()
    if len(text) > MAX_CONTACT or any(ord(ch) < 32 and ch != "\n" for ch in text) or text.count("\n") > 5:
        raise InputError.one(
            Text(
                f"联系方式应为不超过 {MAX_CONTACT} 个字符、至多 6 行的文字",
                f"the contact is text of at most {MAX_CONTACT} characters and 6 lines",
            ),
            "--contact",
        )
    return text


# ----------------------------------------------------------------------------- the public rows
@dataclass(frozen=True)
class Dimension:
    id: str
    title: Text


@dataclass(frozen=True)
class PublicRow:
    """One entity's counted result, public fields only."""

    entity: str
    uscc: str
    region: str
    region_name: Text | None
    category: str
    category_title: Text
    tier: str
    tier_title: Text
    grade: str | None
    vetoed: bool
    result: Text
    total: Decimal | None
    dimensions: dict[str, Decimal | None]
    assessed_on: date | None
    valid_until: date | None
    assessor: str


@dataclass
class GroupFigures:
    """The figures of one region and category (or of a category over every region: ``region`` None); all of
    them None when the group is smaller than the minimum size (``suppressed``)."""

    region: str | None
    region_name: Text | None
    category: str
    category_title: Text
    size: int
    suppressed: bool
    grades: dict[str, int] | None
    mean_total: Decimal | None
    dimension_means: dict[str, Decimal | None] | None


def mean_hundredths(values: list[Decimal]) -> Decimal | None:
    """The exact mean of 2-decimal figures, rounded half-up to 2 decimals."""
    if not values:
        return None
    hundredths = sum(int(v * 100) for v in values)
    n = len(values)
    return Decimal((2 * hundredths + n) // (2 * n)).scaleb(-2)


def group_figures(
    rows: list[PublicRow],
    region: str | None,
    region_name: Text | None,
    category: str,
    category_title: Text,
    dimensions: list[Dimension],
    min_group: int,
) -> GroupFigures:
    size = len(rows)
    if size < min_group:
        return GroupFigures(region, region_name, category, category_title, size, True, None, None, None)
    grades: dict[str, int] = {}
    for r in rows:
        key = "vetoed" if r.vetoed else (r.grade or "none")
        grades[key] = grades.get(key, 0) + 1
    totals = [r.total for r in rows if r.total is not None]
    means = {d.id: mean_hundredths([v for r in rows if (v := r.dimensions.get(d.id)) is not None]) for d in dimensions}
    return GroupFigures(
        region, region_name, category, category_title, size, False, grades, mean_hundredths(totals), means
    )


@dataclass
class Disclosure:
    """Everything the three outputs state (in one language each)."""

    as_of: date
    by: str
    filters: dict[str, str | None]
    notice: NoticePeriod
    contact: str
    min_group: int
    publisher: str
    rows: list[PublicRow]
    groups: list[GroupFigures]
    categories: list[GroupFigures]
    dimensions: dict[str, list[Dimension]]
    #: grade id -> words, per category (``AA 良好``)
    grade_words: dict[str, dict[str, Text]] = field(default_factory=dict)


VETOED = scoring.VETOED  # "一票否决", as the reports say it
NO_GRADE = Text("无等级", "no grade")


def _n(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _name(text: Text | None, lang: str) -> str:
    return "" if text is None else text.get(lang)


# ----------------------------------------------------------------------------- words of the notice
def L(key: str, lang: str, **kw: object) -> str:
    text = WORDS[key].get(lang)
    return text.format(**kw) if kw else text


WORDS: dict[str, Text] = {
    "title": Text("评估结果公示", "Public Notice of Assessment Results"),
    "subtitle": Text(
        "城市全域数字化转型经营主体第三方评估",
        "Third-party assessment of companies in city-wide digital transformation",
    ),
    "publisher": Text("公示机构", "Published by"),
    "as_of": Text("统计日", "Results valid on"),
    "period": Text("公示期", "Notice period"),
    "period_text": Text("{first} 至 {end}（{n} 个工作日）", "{first} to {end} ({n} working days)"),
    "published": Text("发布日", "Published on"),
    "deadline": Text("异议截止日", "Objections by"),
    "contact": Text("异议受理联系方式", "Where to object"),
    "how_title": Text("如何提出异议", "How to object"),
    "how": Text(
        "公示期内，任何单位或个人对下列评估结果有异议的，可在截止日（含当日）前向公示机构书面提出，写明所针对的"
        "经营主体名称和统一社会信用代码、评估类别、异议理由，并附相关证明材料；可署名，也可不署名。公示机构登记"
        "后予以受理并复核，作出“异议成立”或“异议不成立”的决定并说明理由。异议成立的评估结果从公示和统计中撤下，"
        "直至该主体经重新评估取得修订后的结果。",
        "During the notice period anyone who disagrees with a result below may object in writing to the "
        "publishing agency up to and including the deadline, naming the entity and its unified social credit "
        "code, the category and the grounds, with any supporting documents; an objection may be signed or "
        "unsigned. The agency records it, reviews it and decides whether it is upheld or dismissed, giving "
        "its reasons. A result whose objection is upheld is withdrawn from the notice and the statistics until "
        "the entity has an amended assessment.",
    ),
    "no_contact": Text("（见公示机构的公告）", "(see the publishing agency's announcement)"),
    "stats": Text("统计概况", "Statistics"),
    "entities_title": Text("评估结果", "Results"),
    "col_region": Text("地区", "Region"),
    "col_category": Text("类别", "Category"),
    "col_entities": Text("主体数", "Entities"),
    "col_grades": Text("等级分布", "Grades"),
    "col_mean": Text("平均总分", "Mean total"),
    "col_dim_means": Text("各维度平均分", "Dimension means"),
    "col_entity": Text("经营主体", "Entity"),
    "col_uscc": Text("统一社会信用代码", "Unified social credit code"),
    "col_tier": Text("层级", "Tier"),
    "col_result": Text("评估结果", "Result"),
    "col_total": Text("总分", "Total"),
    "col_assessed": Text("评估日期", "Assessed on"),
    "col_valid": Text("有效期至", "Valid until"),
    "col_assessor": Text("评估机构", "Assessor"),
    "all_regions": Text("全部地区", "All regions"),
    "footnote": Text(
        "“—”：该组少于 {n} 家经营主体，为保护个别主体不公布统计数。",
        "'—': the group has fewer than {n} entities; its figures are not published to protect single entities.",
    ),
    "counted": Text(
        "仅列出统计日有效、已定稿、由受信任评估机构签署的第三方评估结果；自评结果、草稿和因异议成立而撤下的结果不予公示。",
        "Only finalized third-party results valid on the day shown and signed by a trusted assessor are listed; "
        "self-checks, drafts and results withdrawn after an upheld objection are not.",
    ),
    "none": Text("没有可公示的评估结果。", "There is no result to publish."),
    "signature": Text("公示机构签章", "Signature of the publishing agency"),
    "verify": Text(
        "本公示经公示机构数字签名（PAdES）；对文件的任何改动都会使签名失效。",
        "This notice is digitally signed by the publishing agency (PAdES); any change to the file invalidates "
        "the signature.",
    ),
    "page": Text("第 {n} 页，共 {total} 页", "Page {n} of {total}"),
    "grades_none": Text("无等级", "no grade"),
}


def day_words(day: date | None, lang: str) -> str:
    if day is None:
        return "—"
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def grade_key_words(d: Disclosure, category: str, key: str, lang: str) -> str:
    if key == "vetoed":
        return VETOED.get(lang)
    if key == "none":
        return NO_GRADE.get(lang)
    words = d.grade_words.get(category, {}).get(key)
    return words.get(lang) if words else key


def grades_text(d: Disclosure, g: GroupFigures, lang: str) -> str:
    if g.grades is None:
        return SUPPRESSED
    order = list(d.grade_words.get(g.category, {}))
    letters = ["AAA", "AA", "A", "B", "C", "D", "E"]  # a grade the frameworks do not name: by letter

    def rank(k: str) -> tuple[int, int, str]:
        if k in order:
            return (0, order.index(k), k)
        if k in ("vetoed", "none"):
            return (2, ("vetoed", "none").index(k), k)
        return (1, letters.index(k) if k in letters else len(letters), k)

    keys = sorted(g.grades, key=rank)
    sep = "；" if lang == "zh" else "; "
    return sep.join(f"{grade_key_words(d, g.category, k, lang)} {g.grades[k]}" for k in keys)


# ----------------------------------------------------------------------------- CSV and JSON
def _dimension_columns(d: Disclosure) -> list[tuple[str, Dimension]]:
    return [(cat, dim) for cat, dims in d.dimensions.items() for dim in dims]


def csv_bytes(d: Disclosure, lang: str) -> bytes:
    """UTF-8 with a BOM (Excel opens it as UTF-8): the entity table, one row per entity; after one empty
    row, the group figures (suppressed ones as ``—``) and the footnote."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    dims = _dimension_columns(d)
    category_titles = {r.category: r.category_title for r in d.rows} | {
        g.category: g.category_title for g in d.categories
    }

    def dim_head(cat: str, dim: Dimension) -> str:
        title = category_titles.get(cat)
        return f"{_name(title, lang) or cat}·{dim.id} {dim.title.get(lang)}"

    head = [
        L("col_entity", lang),
        L("col_uscc", lang),
        L("col_region", lang),
        L("col_region", lang) + (" 名称" if lang == "zh" else " name"),
        L("col_category", lang),
        L("col_tier", lang),
        L("col_result", lang),
        L("col_total", lang),
        *(dim_head(cat, dim) for cat, dim in dims),
        L("col_assessed", lang),
        L("col_valid", lang),
        L("col_assessor", lang),
    ]
    w.writerow(head)
    for r in d.rows:
        w.writerow(
            [
                _safe_cell(r.entity),
                r.uscc,
                r.region,
                _name(r.region_name, lang),
                r.category_title.get(lang),
                r.tier_title.get(lang),
                r.result.get(lang),
                _n(r.total),
                *(_n(r.dimensions.get(dim.id)) if r.category == cat else "" for cat, dim in dims),
                r.assessed_on.isoformat() if r.assessed_on else "",
                r.valid_until.isoformat() if r.valid_until else "",
                _safe_cell(r.assessor),
            ]
        )
    w.writerow([])
    w.writerow(
        [
            L("col_region", lang),
            L("col_region", lang) + (" 名称" if lang == "zh" else " name"),
            L("col_category", lang),
            L("col_entities", lang),
            L("col_grades", lang),
            L("col_mean", lang),
            *(dim_head(cat, dim) for cat, dim in dims),
        ]
    )
    for g in [*d.groups, *d.categories]:
        w.writerow(
            [
                g.region or L("all_regions", lang),
                _name(g.region_name, lang),
                g.category_title.get(lang),
                SUPPRESSED if g.suppressed else str(g.size),
                grades_text(d, g, lang),
                SUPPRESSED if g.suppressed else _n(g.mean_total),
                *(
                    ""
                    if g.category != cat
                    else SUPPRESSED
                    if g.dimension_means is None
                    else _n(g.dimension_means.get(dim.id))
                    for cat, dim in dims
                ),
            ]
        )
    w.writerow([L("footnote", lang, n=d.min_group)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _safe_cell(text: str) -> str:
    """A text cell Excel will not run as a formula (``=``, ``+``, ``-``, ``@`` at the start)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def json_document(d: Disclosure, lang: str) -> dict[str, Any]:
    """The JSON shape of docs/disclosure.md."""

    def group(g: GroupFigures) -> dict[str, Any]:
        return {
            "region": g.region,
            "region_name": _name(g.region_name, lang) or None,
            "category": g.category,
            "suppressed": g.suppressed,
            "entities": None if g.suppressed else g.size,
            "grades": g.grades,
            "mean_total": _num(g.mean_total),
            "dimension_means": None
            if g.dimension_means is None
            else {k: _num(v) for k, v in g.dimension_means.items()},
        }

    return {
        "schema": SCHEMA,
        "lang": lang,
        "publisher": d.publisher,
        "as_of": d.as_of.isoformat(),
        "by": d.by,
        "filters": d.filters,
        "notice": {
            "published": d.notice.published.isoformat(),
            "first_day": d.notice.first.isoformat(),
            "end": d.notice.end.isoformat(),
            "working_days": d.notice.working_days,
            "objection_deadline": d.notice.end.isoformat(),
            "contact": d.contact,
        },
        "min_group": d.min_group,
        "dimensions": {
            cat: [{"id": dim.id, "title": dim.title.get(lang)} for dim in dims] for cat, dims in d.dimensions.items()
        },
        "entities": [
            {
                "entity": r.entity,
                "uscc": r.uscc,
                "region": r.region,
                "region_name": _name(r.region_name, lang) or None,
                "category": r.category,
                "tier": r.tier,
                "grade": None if r.vetoed else r.grade,
                "vetoed": r.vetoed,
                "result": r.result.get(lang),
                "total": _num(r.total),
                "dimensions": {k: _num(v) for k, v in r.dimensions.items()},
                "assessed_on": r.assessed_on.isoformat() if r.assessed_on else None,
                "valid_until": r.valid_until.isoformat() if r.valid_until else None,
                "assessor": r.assessor,
            }
            for r in d.rows
        ],
        "groups": [group(g) for g in d.groups],
        "categories": [group(g) for g in d.categories],
        "footnote": L("footnote", lang, n=d.min_group),
    }


def json_bytes(d: Disclosure, lang: str) -> bytes:
    """Compact (one line): Python's indenting encoder is pure Python, several times slower on 10,000 rows."""
    return (json.dumps(json_document(d, lang), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
