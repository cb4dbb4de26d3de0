"""The case list's rows as plain data, and the one query that reads them.

This module imports neither SQLAlchemy nor the models: the workbench reads its first screen through
it with the standard library's ``sqlite3`` before the ORM is loaded (see :mod:`.case_index`), and
:func:`cityeval_desktop.services.cases.list_cases` runs the same query through SQLAlchemy, so the two
can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from cityeval_desktop.domain.records import DRAFT, FINALIZED, CaseSummary  # noqa: F401 (re-exported)

#: CaseSummary field → column of the ``cases`` table (the same name but for the row id), in field order.
COLUMNS: dict[str, str] = {f.name: "id" if f.name == "row_id" else f.name for f in fields(CaseSummary)}
_DATE_AT = tuple(i for i, name in enumerate(COLUMNS) if name in ("created_at", "updated_at", "finalized_at"))
_DECIMAL_AT = tuple(i for i, name in enumerate(COLUMNS) if name in ("total", "completeness"))
_BOOL_AT = tuple(i for i, name in enumerate(COLUMNS) if name == "provisional")
_DAY_AT = tuple(i for i, name in enumerate(COLUMNS) if name in ("reference_date", "valid_until", "valid_from"))


def summary_from_values(values: Sequence[Any]) -> CaseSummary:
    """A summary from a row's values in :data:`COLUMNS` order (as :func:`list_sql` selects them).

    SQLite hands back dates and numbers as text; stored times are UTC.
    """
    v = list(values)
    for i in _DATE_AT:
        v[i] = _utc(v[i])
    for i in _DECIMAL_AT:
        v[i] = _decimal(v[i])
    for i in _BOOL_AT:  # SQLite hands back 0/1
        v[i] = None if v[i] is None else bool(v[i])
    for i in _DAY_AT:  # SQLite hands back "YYYY-MM-DD"
        v[i] = None if v[i] is None or isinstance(v[i], date) else date.fromisoformat(str(v[i]))
    return CaseSummary(*v)


def summary_from(get: Callable[[str], Any]) -> CaseSummary:
    """A summary from anything that gives a column's value by name (e.g. ``getattr`` on an ORM case)."""
    return summary_from_values([get(column) for column in COLUMNS.values()])


def _utc(value: object) -> datetime | None:
    if value is None:
        return None
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def _decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a number in the case list: {value!r}") from None


def list_sql(*, all_revisions: bool = False) -> str:
    """The case list query, newest first: the latest revision of each case, or every revision.

    Plain SQL that SQLite and PostgreSQL both run; its columns are named as :data:`COLUMNS` says.
    """
    select_list = ", ".join(f"c.{column}" for column in COLUMNS.values())
    if all_revisions:
        source = "cases c"
    else:
        source = (
            "cases c JOIN (SELECT case_uuid, MAX(revision) AS rev FROM cases GROUP BY case_uuid) latest "
            "ON c.case_uuid = latest.case_uuid AND c.revision = latest.rev"
        )
    return f"SELECT {select_list} FROM {source} ORDER BY c.updated_at DESC, c.id DESC"
