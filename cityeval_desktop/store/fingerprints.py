"""Fingerprints of stored rows: one SHA-256 per case (all its revisions' rows) and per audit chain.

The database check (``services.maintenance``) remembers which cases and chains it found sound under which
fingerprint; a later check re-verifies only those whose fingerprint changed (docs/integrity.md). A
fingerprint covers every column of every row the check of that case reads, so any change to any of them —
an answer edited in the database, an audit entry rewritten, a row added or deleted — gives another one.

The database builds each row's text itself and joins the rows of one case per table, so Python handles
one string per case and table, not one object per row.
Rows are joined in key order where the database keeps the order of a sorted subquery (both do); were it
ever to join them in another order the fingerprint would only differ, and the case be checked in full.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

from cityeval_desktop.store.models import (
    AnswerRow,
    AuditRow,
    Case,
    CaseReport,
    DeclarationRow,
    DimensionScoreRow,
    EvidenceRow,
    InspectionRow,
    TeamMemberRow,
    VerificationRow,
    VetoDecision,
)

#: The tables of a case's check, each joined to its revision by ``case_id`` (``cases`` itself by ``id``).
CASE_TABLES: tuple[type, ...] = (
    Case,
    AnswerRow,
    VetoDecision,
    EvidenceRow,
    VerificationRow,
    DimensionScoreRow,
    TeamMemberRow,
    DeclarationRow,
    InspectionRow,
    CaseReport,
)


def _row_text(table: Table, dialect: str) -> str:
    """SQL for one row as text, every byte of every column in it and no two rows alike: PostgreSQL quotes
    each value (a NULL stays distinct from the text 'NULL'; its text holds no NUL byte). SQLite gives each
    value's storage class and its bytes in hex: its ``quote()`` would stop at a NUL byte inside a text (an
    imported note may hold one), so a change after it would leave the fingerprint as it was."""
    columns = sorted(table.columns, key=lambda c: c.name)
    if dialect == "postgresql":
        parts = [f"quote_nullable(t.{c.name})" for c in columns]
        return " || chr(31) || ".join(parts)
    parts = [f"typeof(t.{c.name}) || ':' || hex(t.{c.name})" for c in columns]
    return " || ',' || ".join(parts)


def _aggregate(dialect: str, order: int) -> str:
    """Join a group's row texts; PostgreSQL is told the order (its sort is not stable), SQLite keeps the
    sorted subquery's."""
    if dialect == "postgresql":
        return f"string_agg(r, chr(30) ORDER BY {', '.join(f'o{n}' for n in range(order))})"
    return "group_concat(r, char(30))"


def _ordered(columns: list[str]) -> tuple[str, str]:
    """The order columns as ``o0, o1, …`` of the subquery, and its ORDER BY."""
    return ", ".join(f"{c} AS o{n}" for n, c in enumerate(columns)), ", ".join(columns)


def case_fingerprints(session: Session) -> dict[str, str]:
    """``{case_uuid: sha256}`` over the rows of every revision of each case in :data:`CASE_TABLES`."""
    dialect = session.get_bind().dialect.name
    digests: dict[str, hashlib._Hash] = defaultdict(hashlib.sha256)
    for model in CASE_TABLES:
        table: Table = model.__table__  # type: ignore[attr-defined]
        key = "t.id" if model is Case else "t.case_id"
        order = ["c.revision", *(f"t.{c.name}" for c in table.primary_key.columns)]
        named, by = _ordered(order)
        sql = (
            f"SELECT k, {_aggregate(dialect, len(order))} FROM ("
            f"SELECT c.case_uuid AS k, {named}, {_row_text(table, dialect)} AS r "
            f"FROM {table.name} t JOIN cases c ON c.id = {key} ORDER BY c.case_uuid, {by}"
            ") ordered GROUP BY k"
        )
        label = table.name.encode("ascii") + b"\x1d"
        for case_uuid, joined in session.execute(text(sql)):
            digest = digests[case_uuid]
            digest.update(label)
            digest.update(joined.encode("utf-8", "surrogatepass"))
            digest.update(b"\x1c")
    return {case_uuid: digest.hexdigest() for case_uuid, digest in digests.items()}


def chain_fingerprints(session: Session) -> dict[str, str]:
    """``{chain: sha256}`` over every entry of each audit chain, in position order."""
    dialect = session.get_bind().dialect.name
    table: Table = AuditRow.__table__  # type: ignore[assignment]
    named, by = _ordered(["t.position"])
    sql = (
        f"SELECT k, {_aggregate(dialect, 1)} FROM ("
        f"SELECT t.chain AS k, {named}, {_row_text(table, dialect)} AS r FROM audit t ORDER BY t.chain, {by}"
        ") ordered GROUP BY k"
    )
    return {
        chain: hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()
        for chain, joined in session.execute(text(sql))
    }
