"""Checklist and framework workbooks: export for filling or editing, import back (all or nothing)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.cases import find_case
from cityeval_desktop.services.context import AppContext


def export_framework_workbook(
    ctx: AppContext, framework_ref: str, out: Path, lang: str, tier: str | None, check: Callable[[], None] | None = None
) -> Framework:
    """``forms export-xlsx``: the checklist of a framework (one tier, or all tiers plus the editing sheets);
    ``check`` may raise (a cancel) after the framework is read, before anything is written.

    Raises:
        NotFoundError: No such framework.
        InputError: An unknown tier or a file that cannot be written.
    """
    from cityeval_desktop.exchange.checklist import export_checklist

    framework = fw_registry.resolve(ctx, framework_ref)
    if check:
        check()
    export_checklist(framework, Path(out), lang, tier)
    return framework


def export_case_checklist(
    ctx: AppContext, ref: str, out: Path, lang: str, check: Callable[[], None] | None = None
) -> Path:
    """The fillable checklist of a case: its pinned framework, its tier only (temp file + rename); ``check``
    may raise (a cancel) after the case is read, before anything is written.

    Fill it in and apply it with :func:`cityeval_desktop.services.cases.apply_answers_file`.

    Raises:
        NotFoundError: No such case.
        InputError: The file cannot be written.
    """
    from cityeval_desktop.exchange.checklist import export_checklist

    with ctx.reading() as s:
        case = find_case(s, ref)
        framework = fw_registry.pinned(s, case.framework_sha256)
        tier = case.tier
    if check:
        check()
    export_checklist(framework, Path(out), lang, tier)
    return Path(out)


def read_framework_workbook(workbook: Path, name: str | None = None) -> tuple[Framework, bytes]:
    """Turn an edited framework workbook into framework YAML and check it like a framework file.

    Args:
        workbook: The ``.xlsx`` made by the framework workbook export and edited.
        name: How the YAML is called in messages (default: the workbook's name with ``.yaml``).

    Returns:
        The checked framework and its YAML bytes.

    Raises:
        InputError: Problems located at their ``Sheet!Cell``.
        FrameworkError: The resulting framework breaks the framework rules.
    """
    from cityeval_desktop.domain.loader import load_bytes
    from cityeval_desktop.exchange.framework_xlsx import import_framework_workbook

    workbook = Path(workbook)
    data = import_framework_workbook(workbook)
    framework = load_bytes(data, name or str(workbook.with_suffix(".yaml")))
    return framework, data


def import_framework_workbook(workbook: Path, out: Path) -> Framework:
    """``forms import-xlsx``: check the workbook, then write the framework YAML (temp + rename).

    Raises:
        InputError: Problems located at their ``Sheet!Cell``, or ``out`` cannot be written.
        FrameworkError: The resulting framework breaks the framework rules.
    """
    from cityeval_desktop.services.reporting import write_atomically

    framework, data = read_framework_workbook(workbook, str(out))
    write_atomically(Path(out), data)
    return framework


def write_framework_file(out: Path, data: bytes) -> Path:
    """Write framework YAML checked by :func:`read_framework_workbook` (temp file + fsync + rename).

    Raises:
        InputError: The folder does not exist or the file cannot be written.
    """
    from cityeval_desktop.services.reporting import write_atomically

    return write_atomically(Path(out), data)
