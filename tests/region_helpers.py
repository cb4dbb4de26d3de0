"""Cases for the regional view's tests (tests/unit/services/test_region.py, test_region_workbook.py).

Cases are made and answered through the services (so their cached figures and dimension rows are the
ones the program writes); finalizing through the services signs a PDF report per case, which would
make the tests take minutes, so :func:`finalize` records the finalized state and the validity period
as a finalize would (status, time, valid_from/valid_until) straight in the rows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import update

from cityeval_desktop.domain.uscc import check_character
from cityeval_desktop.services import case_data
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.store.models import Case, CaseOrigin

DAY = date(2026, 6, 30)


def uscc_in(region_code: str, serial: int) -> str:
    first = f"91{region_code}MA{serial:07d}"[:17]
    return first + check_character(first)


def make(
    ctx: Any,
    uscc: str,
    *,
    mode: str = "third-party",
    service: str | None = None,
    answers: dict[str, Any],
    framework: str = "planning-consulting",
    tier: str = "city",
    assessor: str = "",
    lead: tuple[str, str] | None = None,
) -> str:
    """A draft answered with ``answers``; ``assessor`` the person recorded on the case, ``lead`` (name,
    organisation) its lead assessor on the team."""
    ref = case_service.new_case(
        ctx,
        framework=framework,
        tier=tier,
        mode=mode,
        entity_name=f"主体{uscc[-4:]}",
        uscc=uscc,
        region=service,
        assessor=assessor,
    ).ref
    if lead is not None:
        case_data.add_member(ctx, ref, name=lead[0], role="lead", org=lead[1])
    for indicator, value in answers.items():
        case_service.set_answer(ctx, ref, indicator, value=value)
    return ref


def finalize(
    ctx: Any, ref: str, *, at: datetime, valid: tuple[date, date] = (date(2026, 1, 1), date(2028, 12, 31))
) -> None:
    with ctx.transaction() as s:
        case = case_service.find_case(s, ref)
        s.execute(
            update(Case)
            .where(Case.id == case.id)
            .values(status="finalized", finalized_at=at, valid_from=valid[0], valid_until=valid[1])
        )


def untrusted(ctx: Any, ref: str) -> None:
    with ctx.transaction() as s:
        case = case_service.find_case(s, ref)
        s.add(
            CaseOrigin(
                case_id=case.id,
                package_sha256="0" * 64,
                file_name="x.cityeval",
                signer_name="某人",
                signer_fingerprint="f" * 64,
                trusted=False,
                accepted_by="tester",
            )
        )


def total_of(ctx: Any, ref: str) -> Decimal:
    return case_service.load_case(ctx, ref).result.total_shown


def dims_of(ctx: Any, ref: str) -> dict[str, Decimal | None]:
    return {d.id: d.score_shown for d in case_service.load_case(ctx, ref).result.dimensions}


def q(x: Fraction) -> Decimal:
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


FUZHOU, XIAMEN, UNKNOWN = "350100", "350200", "359900"


def build_world(ctx: Any) -> dict[str, Any]:
    """Fuzhou a (serves Xiamen, with a self-check) and b (and b's older result), Xiamen c, an untrusted d,
    a draft and an expired result."""
    at = datetime(2026, 3, 1, tzinfo=UTC)
    a, b, c, d = uscc_in(FUZHOU, 1), uscc_in(FUZHOU, 2), uscc_in(XIAMEN, 3), uscc_in(FUZHOU, 4)
    refs = {
        "a": make(ctx, a, answers={"P1.1": 6, "P1.2": 3}, service=XIAMEN),
        "b": make(ctx, b, answers={"P1.1": 3}),
        "c": make(ctx, c, answers={"P1.1": 9, "P1.2": 4, "P1.3": 2}),
        "draft": make(ctx, uscc_in(FUZHOU, 5), answers={"P1.1": 9}),
        "expired": make(ctx, uscc_in(FUZHOU, 6), answers={"P1.1": 9}),
        "untrusted": make(ctx, d, answers={"P1.1": 12}),
        "self_a": make(ctx, a, mode="self", answers={"P1.1": 12, "P1.2": 4, "P1.3": 3}),
    }
    for key in ("a", "b", "c", "untrusted", "self_a"):
        finalize(ctx, refs[key], at=at)
    finalize(ctx, refs["expired"], at=at, valid=(date(2024, 1, 1), date(2026, 5, 31)))
    untrusted(ctx, refs["untrusted"])
    # b's older result, replaced by a later one
    refs["b_old"] = make(ctx, b, answers={"P1.1": 12, "P1.2": 4})
    finalize(ctx, refs["b_old"], at=datetime(2025, 12, 1, tzinfo=UTC))
    return {"refs": refs, "uscc": {"a": a, "b": b, "c": c, "d": d}}
