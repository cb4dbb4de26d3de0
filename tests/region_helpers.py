"""Cases for the regional view's tests (tests/unit/services/test_region.py, tests/gui/test_region_page.py).

Cases are made and answered through the services (so their cached figures and dimension rows are the
ones the program writes); finalizing through the services signs a PDF report per case, which would
make a test take minutes, so :func:`finalize` records the finalized state and the validity period as a
finalize would (status, time, valid_from/valid_until) straight in the rows.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import update

from cityeval_desktop.domain.uscc import check_character
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.store.models import Case, CaseOrigin


def uscc_in(region_code: str, serial: int) -> str:
    """A valid USCC registered in ``region_code`` (positions 3-8)."""
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
) -> str:
    """A draft case of ``uscc`` answered with ``answers``; its reference."""
    ref = case_service.new_case(
        ctx, framework=framework, tier=tier, mode=mode, entity_name=f"主体{uscc[-4:]}", uscc=uscc, region=service
    ).ref
    for indicator, value in answers.items():
        case_service.set_answer(ctx, ref, indicator, value=value)
    return ref


def finalize(
    ctx: Any, ref: str, *, at: datetime, valid: tuple[date, date] = (date(2026, 1, 1), date(2028, 12, 31))
) -> None:
    """Record ``ref`` finalized at ``at`` with the validity ``valid`` (see the module's note)."""
    with ctx.transaction() as s:
        case = case_service.find_case(s, ref)
        s.execute(
            update(Case)
            .where(Case.id == case.id)
            .values(status="finalized", finalized_at=at, valid_from=valid[0], valid_until=valid[1])
        )


def untrusted(ctx: Any, ref: str) -> None:
    """Record ``ref`` as imported from a package whose signer is not trusted."""
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
