"""The public disclosure (评估结果公示, issue 13 §2.5): the counted third-party results with public fields only,
small groups suppressed, a notice period in working days, written as a PAdES-signed PDF with a CSV and a JSON
beside it. docs/disclosure.md is the contract.

What is disclosed is what the regional view counts (:func:`cityeval_desktop.services.region.summary`, upheld
objections' withdrawn revisions applied): only the public fields of
:class:`~cityeval_desktop.domain.disclosure.PublicRow` are read into the document, so nothing else can reach a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cityeval_desktop.domain import days, result_text
from cityeval_desktop.domain import disclosure as dd
from cityeval_desktop.domain.disclosure import CalendarDay, Disclosure, PublicRow
from cityeval_desktop.domain.framework import CATEGORIES
from cityeval_desktop.domain.os_errors import os_reason
from cityeval_desktop.domain.regions import region_name
from cityeval_desktop.domain.text import Text
from cityeval_desktop.services import region as region_service
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.store import audit
from cityeval_desktop.store.files import check_output_path, current_umask, fsync_folder
from cityeval_desktop.store.models import Setting

__all__ = [
    "DisclosureSettings",
    "PublishResult",
    "add_holidays",
    "build",
    "disclosure_settings",
    "holidays",
    "publish",
    "publish_with_identity_file",
    "remove_holidays",
    "set_holidays",
    "set_min_group",
]

MIN_GROUP_KEY = "disclosure.min_group"
HOLIDAYS_KEY = "disclosure.holidays"
AUDIT_ACTION = "disclosure.publish"
_BUSY = Text("另一个程序正在修改数据库，请重试", "another program is changing the database; try again")


# ----------------------------------------------------------------------------- settings
@dataclass(frozen=True)
class DisclosureSettings:
    min_group: int
    holidays: list[CalendarDay]


def _read_holidays(raw: str | None) -> list[CalendarDay]:
    if not raw:
        return []
    try:
        items = json.loads(raw)
        days = [CalendarDay(date.fromisoformat(i["date"]), bool(i.get("working", False))) for i in items]
    except (ValueError, TypeError, KeyError, AttributeError):
        raise InputError.one(
            Text(
                "数据库中保存的节假日列表已损坏；请用 settings holidays 重新录入",
                "the holiday list stored in the database is damaged; enter it again with settings holidays",
            ),
            HOLIDAYS_KEY,
        ) from None
    return dd.check_calendar(days)


def disclosure_settings(ctx: AppContext) -> DisclosureSettings:
    """The minimum group size (default 5) and the agency's holiday list (default empty)."""
    values = ctx.settings()
    raw_min = values.get(MIN_GROUP_KEY)
    min_group = int(raw_min) if raw_min and raw_min.isdigit() else dd.DEFAULT_MIN_GROUP
    return DisclosureSettings(min_group, _read_holidays(values.get(HOLIDAYS_KEY)))


def holidays(ctx: AppContext) -> list[CalendarDay]:
    return disclosure_settings(ctx).holidays


def _put(ctx: AppContext, key: str, value: str, action: str, old: Any, new: Any) -> None:
    with ctx.transaction(busy=_BUSY) as s:
        row = s.get(Setting, key)
        if row is None:
            s.add(Setting(key=key, value=value))
        else:
            row.value = value
        audit.append(s, chain=audit.SYSTEM_CHAIN, actor=ctx.actor, action=action, old=old, new=new)


def set_min_group(ctx: AppContext, n: int) -> DisclosureSettings:
    """Change the minimum group size (1..1000), audited (``settings.disclosure``) on the system chain."""
    dd.check_min_group(n)
    before = disclosure_settings(ctx).min_group
    if before != n:
        _put(ctx, MIN_GROUP_KEY, str(n), "settings.disclosure", {"min_group": before}, {"min_group": n})
    return disclosure_settings(ctx)


def _calendar_json(days: list[CalendarDay]) -> str:
    return json.dumps([{"date": c.day.isoformat(), "working": c.working} for c in days], separators=(",", ":"))


def set_holidays(ctx: AppContext, days: list[CalendarDay]) -> list[CalendarDay]:
    """Replace the holiday list (checked: each date once, make-up days on weekends, at most 1,000), audited
    (``settings.holidays``, old and new list) on the system chain."""
    checked = dd.check_calendar(days)
    before = holidays(ctx)
    if checked != before:
        old = json.loads(_calendar_json(before))
        new = json.loads(_calendar_json(checked))
        _put(ctx, HOLIDAYS_KEY, _calendar_json(checked), "settings.holidays", old, new)
    return holidays(ctx)


def add_holidays(ctx: AppContext, days: list[str], *, working: bool = False) -> list[CalendarDay]:
    """Add dates (``YYYY-MM-DD``) as holidays, or with ``working`` as make-up working days (调休上班日); a date
    already listed takes the new kind."""
    parsed = [dd.parse_strict_day(d, d) for d in days]
    keep = [c for c in holidays(ctx) if c.day not in set(parsed)]
    return set_holidays(ctx, keep + [CalendarDay(d, working) for d in parsed])


def remove_holidays(ctx: AppContext, days: list[str]) -> list[CalendarDay]:
    parsed = {dd.parse_strict_day(d, d) for d in days}
    current = holidays(ctx)
    missing = sorted(parsed - {c.day for c in current})
    if missing:
        raise InputError.one(
            Text(
                f"节假日列表中没有 {', '.join(map(str, missing[:5]))}",
                f"not in the holiday list: {', '.join(map(str, missing[:5]))}",
            ),
            str(missing[0]),
        )
    return set_holidays(ctx, [c for c in current if c.day not in parsed])


# ----------------------------------------------------------------------------- the document
def build(
    ctx: AppContext,
    *,
    as_of: date | None = None,
    by: str = region_service.BY_REGISTRATION,
    category: str | None = None,
    tier: str | None = None,
    region: str | None = None,
    min_group: int | None = None,
    notice_days: int = dd.DEFAULT_NOTICE_DAYS,
    contact: str = "",
    publisher: str = "",
) -> Disclosure:
    """The disclosure of the results counted on ``as_of`` (default today), public fields only.

    ``min_group`` None takes the database's setting; the notice opens on ``as_of``."""
    dd.check_notice_days(notice_days)
    contact = dd.check_contact(contact)
    settings = disclosure_settings(ctx)
    size = settings.min_group if min_group is None else dd.check_min_group(min_group)
    found = region_service.summary(ctx, as_of=as_of, by=by, category=category, tier=tier, region=region)
    notice = dd.notice_period(found.as_of, notice_days, settings.holidays)
    counted = [e for e in found.entities if e.counted and e.trusted]
    scores = region_service.entity_dimension_scores(ctx, [e.case_id for e in counted])
    titles = _tier_titles(ctx, counted)
    dimensions: dict[str, list[dd.Dimension]] = {}
    for g in found.groups:
        dimensions.setdefault(g.category, [dd.Dimension(x.id, x.title) for x in g.dimensions])
    grade_words: dict[str, dict[str, Text]] = defaultdict(dict)
    for (cat, grade), title in found.grade_titles.items():
        grade_words[cat][grade] = result_text.grade_id_words(grade, title)
    rows: list[PublicRow] = []
    region_key = region_service.region_of(by)
    with region_service.without_gc():
        for e in counted:
            reg = region_key(e)
            cat_title = CATEGORIES.get(e.category) or Text(e.category, e.category)
            if e.vetoed:
                result = dd.VETOED
            elif e.grade:
                result = grade_words[e.category].get(e.grade, Text(e.grade, e.grade))
            else:
                result = dd.NO_GRADE
            rows.append(
                PublicRow(
                    entity=e.entity_name,
                    uscc=e.uscc,
                    region=reg,
                    region_name=region_name(reg),
                    category=e.category,
                    category_title=cat_title,
                    tier=e.tier,
                    tier_title=titles.get((e.category, e.tier), Text(e.tier, e.tier)),
                    grade=e.grade,
                    vetoed=e.vetoed,
                    result=result,
                    total=e.total,
                    dimensions=scores.get(e.case_id, {}),
                    assessed_on=days.day_of(e.finalized_at) if e.finalized_at else None,
                    valid_until=e.valid_until,
                    assessor=e.assessor_org,
                )
            )
    order = list(CATEGORIES)
    dimensions = {c: dimensions.get(c, []) for c in sorted({r.category for r in rows}, key=order.index)}
    by_group: dict[tuple[str, str], list[PublicRow]] = defaultdict(list)
    by_category: dict[str, list[PublicRow]] = defaultdict(list)
    for r in rows:
        by_group[(r.region, r.category)].append(r)
        by_category[r.category].append(r)
    groups = [
        dd.group_figures(members, reg, region_name(reg), cat, members[0].category_title, dimensions.get(cat, []), size)
        for (reg, cat), members in sorted(by_group.items(), key=lambda kv: (kv[0][0], order.index(kv[0][1])))
    ]
    categories = [
        dd.group_figures(by_category[cat], None, None, cat, by_category[cat][0].category_title, dims, size)
        for cat, dims in dimensions.items()
    ]
    return Disclosure(
        as_of=found.as_of,
        by=by,
        filters={"category": category, "tier": tier, "region": region},
        notice=notice,
        contact=contact,
        min_group=size,
        publisher=publisher,
        rows=rows,
        groups=groups,
        categories=categories,
        dimensions=dimensions,
        grade_words=dict(grade_words),
    )


def _tier_titles(ctx: AppContext, rows: list[Any]) -> dict[tuple[str, str], Text]:
    """The tier titles of the counted results' frameworks, by (category, tier id)."""
    from sqlalchemy import select

    from cityeval_desktop.domain.text import CityEvalError
    from cityeval_desktop.services import frameworks as fw_registry
    from cityeval_desktop.store.models import Case

    wanted = {(r.category, r.tier) for r in rows}
    out: dict[tuple[str, str], Text] = {}
    if not wanted:
        return out
    with ctx.reading() as s:
        shas = s.execute(
            select(Case.framework_sha256, Case.category)
            .where(Case.category.in_(sorted({c for c, _ in wanted})), Case.status == "finalized")
            .group_by(Case.framework_sha256, Case.category)
        ).all()
        for sha, cat in shas:
            try:
                framework = fw_registry.pinned(s, sha)
            except CityEvalError:
                continue
            for t in framework.tiers:
                if (cat, t.id) in wanted:
                    out.setdefault((cat, t.id), t.title)
    return out


# ----------------------------------------------------------------------------- publishing
@dataclass(frozen=True)
class PublishResult:
    pdf: Path
    csv: Path | None
    json: Path | None
    entities: int
    pages: int
    notice: dd.NoticePeriod
    pdf_sha256: str
    signer: str


def check_outputs(pdf: Path, csv_out: Path | None, json_out: Path | None) -> list[Path]:
    """The output paths (checked: each a plain file in an existing folder, no two the same)."""
    paths = [check_output_path(Path(p)) for p in (pdf, csv_out, json_out) if p is not None]
    resolved = [p.resolve() for p in paths]
    if len(set(resolved)) != len(resolved):
        raise InputError.one(
            Text("PDF、CSV 和 JSON 须写入不同的文件", "the PDF, the CSV and the JSON must be different files"),
            str(paths[0]),
        )
    return paths


def publish(
    ctx: AppContext,
    identity: Any,
    pdf_out: Path,
    *,
    csv_out: Path | None = None,
    json_out: Path | None = None,
    lang: str = "zh",
    as_of: date | None = None,
    by: str = region_service.BY_REGISTRATION,
    category: str | None = None,
    tier: str | None = None,
    region: str | None = None,
    min_group: int | None = None,
    notice_days: int = dd.DEFAULT_NOTICE_DAYS,
    contact: str = "",
    doc: Disclosure | None = None,
    check: Callable[[], None] = lambda: None,
) -> PublishResult:
    """Build the disclosure, sign its PDF with the agency's ``identity`` and write the PDF (with the CSV and
    the JSON when asked) all at once, with ``disclosure.publish`` on the system chain in the same transaction.

    ``doc`` is a disclosure :func:`build` made already (the filters are then not used again; its publisher
    becomes the identity's organisation). ``check`` is called between the steps (a window's Cancel raises from
    it); nothing is written until every file is ready, and a failure leaves no file behind and no audit entry.
    """
    from cityeval_desktop.reports.disclosure import render_disclosure
    from cityeval_desktop.services.revocation import refuse_revoked_signer
    from cityeval_desktop.signing.pades import sign_pdf

    lang = "en" if lang == "en" else "zh"
    outputs = check_outputs(pdf_out, csv_out, json_out)
    refuse_revoked_signer(ctx, identity)
    publisher = (getattr(identity, "organisation", None) or "").strip() or identity.name
    if doc is None:
        doc = build(
            ctx,
            as_of=as_of,
            by=by,
            category=category,
            tier=tier,
            region=region,
            min_group=min_group,
            notice_days=notice_days,
            contact=contact,
            publisher=publisher,
        )
    doc.publisher = publisher
    check()
    rendered = render_disclosure(doc, lang=lang)
    check()
    reason = (
        f"Public notice of assessment results, {doc.as_of.isoformat()}"
        if lang == "en"
        else f"评估结果公示 {doc.as_of.isoformat()}"
    )
    signed = sign_pdf(rendered.pdf, identity, box=rendered.signature_box, lang=lang, reason=reason)
    files: list[tuple[Path, bytes]] = [(outputs[0], signed)]
    rest = iter(outputs[1:])
    csv_path = next(rest) if csv_out is not None else None
    json_path = next(rest) if json_out is not None else None
    if csv_path is not None:
        files.append((csv_path, dd.csv_bytes(doc, lang)))
    if json_path is not None:
        files.append((json_path, dd.json_bytes(doc, lang)))
    check()
    pdf_sha = hashlib.sha256(signed).hexdigest()
    with ctx.transaction(busy=_BUSY) as s:
        audit.append(
            s,
            chain=audit.SYSTEM_CHAIN,
            actor=ctx.actor,
            action=AUDIT_ACTION,
            new={
                "as_of": doc.as_of.isoformat(),
                "notice": [doc.notice.first.isoformat(), doc.notice.end.isoformat(), doc.notice.working_days],
                "entities": len(doc.rows),
                "min_group": doc.min_group,
                "filters": doc.filters,
                "lang": lang,
                "files": {p.name: hashlib.sha256(b).hexdigest() for p, b in files},
                "signer": identity.name,
                "fingerprint": identity.fingerprint,
            },
        )
        s.flush()
        write_all(files)  # a failed write raises here and the entry is rolled back
    return PublishResult(
        outputs[0], csv_path, json_path, len(doc.rows), rendered.pages, doc.notice, pdf_sha, identity.name
    )


def write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write every file or none: each is written and synced beside its target first, and only when all
    are there are they renamed into place (a failure removes every temp file and touches no target)."""
    temps: list[tuple[Path, Path]] = []
    try:
        for out, data in files:
            out = check_output_path(out)
            tmp = out.parent / f".{out.name}.{secrets.token_hex(6)}.partial"
            fd = os.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666 & ~current_umask()
            )
            temps.append((tmp, out))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, out in temps:
            tmp.replace(out)
        for folder in {out.parent for _, out in temps}:
            fsync_folder(folder)
    except OSError as exc:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        reason = os_reason(exc)
        where = str(temps[-1][1]) if temps else str(files[0][0])
        raise InputError.one(
            Text(
                f"无法写入文件：{reason.zh}；未写出任何文件", f"cannot write the file: {reason.en}; nothing was written"
            ),
            where,
        ) from None
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise


def publish_with_identity_file(
    ctx: AppContext, identity_path: Path, password: str, pdf_out: Path, **kwargs: Any
) -> PublishResult:
    """Open the agency's PKCS#12 identity and :func:`publish` with it (the window's worker). Bad paths and
    inputs are said before the identity is opened."""
    from cityeval_desktop.services.identities import load_signing_identity

    check_outputs(pdf_out, kwargs.get("csv_out"), kwargs.get("json_out"))
    dd.check_notice_days(kwargs.get("notice_days", dd.DEFAULT_NOTICE_DAYS))
    dd.check_contact(kwargs.get("contact", ""))
    if kwargs.get("min_group") is not None:
        dd.check_min_group(kwargs["min_group"])
    return publish(ctx, load_signing_identity(Path(identity_path), password), pdf_out, **kwargs)
