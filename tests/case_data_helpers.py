"""What a third-party case needs before it can be finalized (issue 12), for the tests that finalize one:
a lead and a reviewer with signed declarations and a written opinion, through the same service as the
samples (``services/samples.py:staff_case``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

PASSWORD = "case-team-2026"


def team_identity(folder: Path, file: str, name: str, org: str) -> Any:
    """An identity in ``folder`` (made the first time, 2048-bit)."""
    from cityeval_desktop.signing.identity import create_identity, load_identity

    path = Path(folder) / file
    if path.is_file():
        return load_identity(path, PASSWORD)
    path.parent.mkdir(parents=True, exist_ok=True)
    return create_identity(path, name=name, org=org, password=PASSWORD, key_size=2048)


def staff(ctx: Any, ref: str, lead: Any | None, folder: Path, *, lang: str = "zh") -> Any:
    """Give the draft ``ref`` a lead assessor (``lead``, an identity, or one made in ``folder``) and a
    reviewer, have both sign their declarations and store the drafted opinion. Returns the detail."""
    from cityeval_desktop.services.samples import staff_case

    folder = Path(folder) / "team"
    if lead is None:
        lead = team_identity(folder, "lead.p12", "钱组长", "福建数字评估中心")
    reviewer = team_identity(folder, "reviewer.p12", "赵审核", "福建省评估协会")
    return staff_case(ctx, ref, lead, reviewer, lang=lang)


def staff_if_third_party(ctx: Any, ref: str, folder: Path, *, lang: str = "zh") -> Any:
    """:func:`staff` with a lead of its own, for a third-party case only (a self-check needs no team)."""
    from cityeval_desktop.services import cases as case_service

    if case_service.load_case(ctx, ref).summary.mode == "third-party":
        return staff(ctx, ref, None, folder, lang=lang)
    return None
