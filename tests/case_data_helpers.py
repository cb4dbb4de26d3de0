"""What a third-party case needs before it can be finalized (issue 12), for the tests that finalize one:
a lead and a reviewer with signed declarations and a written opinion, through the same service as the
samples (``services/samples.py:staff_case``)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

PASSWORD = "case-team-2026"
#: an answer to every indicator of the small test framework (tests/fixtures/mini.yaml)
MINI_VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}


def answer_mini(
    ctx: Any,
    ref: str,
    folder: Path,
    values: dict[str, Any] | None = None,
    *,
    scan_name: str | None = None,
    lead: Any | None = None,
    staffed: bool = True,
) -> None:
    """Answer every indicator of the mini framework (``values`` over :data:`MINI_VALUES`), decide both vetoes
    "no", attach the certificate scan S requires (named ``scan_name``, by default after the case), and, with
    ``staffed``, give a third-party case its team led by ``lead`` (:func:`staff_if_third_party`)."""
    from cityeval_desktop.services import cases as case_service

    for ind, value in {**MINI_VALUES, **(values or {})}.items():
        case_service.set_answer(ctx, ref, ind, value=value)
    for veto in ("V1", "V2"):
        case_service.set_veto(ctx, ref, veto, False)
    scan = Path(folder) / (scan_name or f"资质证书-{ref[:8]}.pdf")
    scan.write_bytes(b"%PDF-1.4 certificate scan " + ref.encode())
    case_service.add_evidence(ctx, ref, "S", [scan])
    if staffed:
        staff_if_third_party(ctx, ref, folder, lead=lead)


def team_identity(folder: Path, file: str, name: str, org: str) -> Any:
    """An identity in ``folder`` (made the first time, 2048-bit)."""
    from cityeval_desktop.signing.identity import create_identity, load_identity

    path = Path(folder) / file
    if path.is_file():
        return load_identity(path, PASSWORD)
    path.parent.mkdir(parents=True, exist_ok=True)
    return create_identity(path, name=name, org=org, password=PASSWORD, key_size=2048)


#: the assessor organisation of the tests' third-party cases, with its own identity (the 评估机构 signature)
ORG_NAME = "福建数字评估中心"
ORG_USCC = "91350100PGJX20268U"


def org_identity(
    folder: Path | None = None, file: str = "org.p12", *, name: str = ORG_NAME, uscc: str = ORG_USCC
) -> Any:
    """The assessor organisation's own identity (CN and O its name, its 统一社会信用代码 in the subject), made
    in ``folder``/team the first time (None: one folder for the whole test run), 2048-bit; what a
    third-party finalize signs with after the lead."""
    from cityeval_desktop.signing.identity import create_identity, load_identity

    path = org_identity_file(folder, file)
    if path.is_file():
        return load_identity(path, PASSWORD)
    path.parent.mkdir(parents=True, exist_ok=True)
    return create_identity(path, name=name, org=name, uscc=uscc, password=PASSWORD, key_size=2048)


def org_identity_file(folder: Path | None = None, file: str = "org.p12") -> Path:
    """Where :func:`org_identity` keeps its file."""
    base = Path(folder) if folder is not None else Path(tempfile.gettempdir()) / f"cityeval-tests-{os.getpid()}"
    return base / "team" / file


def org_identity_path(folder: Path | None = None) -> Path:
    """The file of :func:`org_identity` (made if missing), for the command line (password :data:`PASSWORD`,
    in ``CITYEVAL_ORG_PASSWORD``)."""
    org_identity(folder)
    return org_identity_file(folder)


def staff(ctx: Any, ref: str, lead: Any | None, folder: Path, *, lang: str = "zh") -> Any:
    """Give the draft ``ref`` a lead assessor (``lead``, an identity, or one made in ``folder``) and a
    reviewer, have both sign their declarations and store the drafted opinion. Returns the detail."""
    from cityeval_desktop.services.samples import staff_case

    folder = Path(folder) / "team"
    if lead is None:
        lead = team_identity(folder, "lead.p12", "钱组长", "福建数字评估中心")
    reviewer = team_identity(folder, "reviewer.p12", "赵审核", "福建省评估协会")
    return staff_case(ctx, ref, lead, reviewer, lang=lang)


def staff_if_third_party(ctx: Any, ref: str, folder: Path, *, lang: str = "zh", lead: Any | None = None) -> Any:
    """:func:`staff` for a third-party case only (a self-check needs no team); ``lead`` is the identity
    that will sign as lead assessor (None: one of its own)."""
    from cityeval_desktop.services import cases as case_service

    if case_service.load_case(ctx, ref).summary.mode == "third-party":
        return staff(ctx, ref, lead, folder, lang=lang)
    return None


def org_for(ctx: Any, ref: str, folder: Path | None = None) -> Any:
    """:func:`org_identity` for a third-party case, None for a self-check (signed once, by the entity)."""
    from cityeval_desktop.services import cases as case_service

    return org_identity(folder) if case_service.load_case(ctx, ref).summary.mode == "third-party" else None
