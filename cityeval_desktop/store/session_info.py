"""What a session was opened for, kept in its ``Session.info``: a write transaction or a read.

The services open the sessions (``AppContext.transaction`` marks its own); the store reads the mark
where it matters, e.g. :func:`cityeval_desktop.store.case_repo.find_revision` locks the row it
finds only inside a write transaction.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

_WRITE = "cityeval_write"  # Session.info key: the session is a write transaction


def mark_write_transaction(session: Session) -> None:
    """Mark ``session`` as one write transaction (its reads may take row locks)."""
    session.info[_WRITE] = True


def in_write_transaction(session: Session) -> bool:
    """True for a session marked by :func:`mark_write_transaction`."""
    return bool(session.info.get(_WRITE))
