"""Locks a write transaction takes on a database server, where SQLite's one write lock does not exist.

On SQLite a write transaction begins with ``BEGIN IMMEDIATE`` (``store/engine.py``): it holds the
whole database's write lock from its first read, so nothing here is needed and nothing is sent. On
PostgreSQL (READ COMMITTED) several write transactions run at once; what two of them must not do
side by side is serialised here, each lock held until the transaction ends:

- :func:`lock_chain`: one writer at a time appends to an audit chain (a case's, or the ``system``
  chain of the trust store and the database's own actions). Taken before the chain's end is read, so
  two writers never take the same position or fork the chain; the second one waits, then reads
  (a new statement, a new snapshot) the end the first one committed.
- :func:`lock_against_inserts`: no other transaction adds rows to these tables until this one ends
  (the repair that deletes evidence files nobody references, while an attach would reference one).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def _on_server(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def lock_chain(session: Session, chain: str) -> None:
    """Hold ``chain``'s append lock until the transaction ends (PostgreSQL; SQLite holds its write lock)."""
    if not _on_server(session):
        return
    # a transaction-scoped advisory lock on the chain's name: it exists before the chain's first entry
    # (there is no head row to lock yet), goes with the commit or the rollback, and taking it again in
    # the same transaction returns at once
    session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:chain, 0))"), {"chain": f"audit:{chain}"})


def lock_against_inserts(session: Session, *tables: str) -> None:
    """No other transaction inserts into ``tables`` until this one ends (waits for those under way)."""
    if not _on_server(session) or not tables:
        return
    names = ", ".join(f'"{name}"' for name in tables)  # the program's own table names, never user input
    session.execute(text(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE"))
