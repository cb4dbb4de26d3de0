"""Cases for the regional-view and objection tests, made and answered through the services (so their cached
figures and dimension rows are the ones the program writes). Finalizing through the services signs a PDF
report per case, which would make those tests take minutes, so :func:`finalize` records the finalized state
and the validity period as a finalize would (status, time, valid_from/valid_until) straight in the rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import update

from cityeval_desktop.domain.uscc import check_character
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.store.models import Case


def uscc(region_code: str, serial: int) -> str:
    """A valid USCC registered in ``region_code`` (6 digits), told apart by ``serial``."""
    first = f"91{region_code}MA{serial:07d}"[:17]
    return first + check_character(first)


def make(
    ctx: Any,
    code: str,
    *,
    mode: str = "third-party",
    service: str | None = None,
    answers: dict[str, Any],
    framework: str = "planning-consulting",
    tier: str = "city",
) -> str:
    """A draft of the entity ``code`` with ``answers`` (indicator id -> value); returns its reference."""
    ref = case_service.new_case(
        ctx, framework=framework, tier=tier, mode=mode, entity_name=f"主体{code[-4:]}", uscc=code, region=service
    ).ref
    for indicator, value in answers.items():
        case_service.set_answer(ctx, ref, indicator, value=value)
    return ref


def finalize(
    ctx: Any, ref: str, *, at: datetime, valid: tuple[date, date] = (date(2026, 1, 1), date(2028, 12, 31))
) -> None:
    """Mark ``ref`` finalized at ``at``, valid over ``valid`` (see the module's note)."""
    with ctx.transaction() as s:
        case = case_service.find_case(s, ref)
        s.execute(
            update(Case)
            .where(Case.id == case.id)
            .values(status="finalized", finalized_at=at, valid_from=valid[0], valid_until=valid[1])
        )
