"""Append-only audit log: one hash chain per case (and one for the system), DESIGN §5."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from cityeval_desktop.store.locks import lock_chain
from cityeval_desktop.store.models import AuditHead, AuditRow

GENESIS = "0" * 64
SYSTEM_CHAIN = "system"


def canonical_json(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 text (not ASCII escapes)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _stored_json(value: Any) -> Any:
    """A row's stored old/new value; text that is not JSON (a tampered row) stays checkable."""
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return {"$undecodable": value}


def entry_payload(row: AuditRow | dict[str, Any]) -> dict[str, Any]:
    """The fields a row's hash covers (everything but the hash itself)."""
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    return {
        "chain": get("chain"),
        "position": get("position"),
        "at": get("at"),
        "actor": get("actor"),
        "action": get("action"),
        "revision": get("revision"),
        "target": get("target"),
        "old": _stored_json(get("old_json")) if not isinstance(row, dict) else get("old"),
        "new": _stored_json(get("new_json")) if not isinstance(row, dict) else get("new"),
        "prev_hash": get("prev_hash"),
    }


def entry_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    """sha256(previous hash + canonical JSON of the row)."""
    return hashlib.sha256((prev_hash + canonical_json(payload)).encode("utf-8")).hexdigest()


def append(
    session: Session,
    *,
    chain: str,
    actor: str,
    action: str,
    revision: int | None = None,
    target: str = "",
    old: Any = None,
    new: Any = None,
) -> AuditRow:
    """Append one entry to ``chain`` inside the caller's transaction (flushed with the rest of it)."""
    # Rows appended earlier in this session and not flushed yet are the newest of the chain;
    # taking the head from them spares a query and a flush per entry (bulk answering, #perf).
    pending = [r for r in session.new if isinstance(r, AuditRow) and r.chain == chain]
    if pending:
        head = max(pending, key=lambda r: r.position)
        last: Any = (head.position, head.hash)
    else:
        lock_chain(session, chain)  # a server: another writer of this chain waits until this one commits
        last = _stored_end(session, chain)
    position, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    row = AuditRow(
        chain=chain,
        position=position,
        at=datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z"),
        actor=actor,
        action=action,
        revision=revision,
        target=target,
        old_json=canonical_json(old),
        new_json=canonical_json(new),
        prev_hash=prev,
    )
    row.hash = entry_hash(prev, entry_payload(row))
    session.add(row)
    _move_head(session, chain, position, row.hash)
    return row


def _stored_end(session: Session, chain: str) -> Any:
    """``(position, hash)`` of the newest stored entry of ``chain``, or None for a chain not begun."""
    return session.execute(
        select(AuditRow.position, AuditRow.hash)
        .where(AuditRow.chain == chain)
        .order_by(AuditRow.position.desc())
        .limit(1)
    ).first()


def _move_head(session: Session, chain: str, position: int, hash_: str) -> None:
    """Record where ``chain`` now ends, in the same transaction as its new entry."""
    head = session.get(AuditHead, chain)
    if head is None:
        session.add(AuditHead(chain=chain, position=position, hash=hash_))
    else:
        head.position, head.hash = position, hash_


def append_verbatim(session: Session, chain: str, entries: list[dict[str, Any]]) -> int:
    """Store entries of another database's chain as they are (an imported package's trail).

    ``entries`` are exported dicts (``entry_payload`` + ``hash``) that were checked with
    :func:`verify_entries`; they must continue the stored chain exactly where it ends (the first
    one's ``prev_hash`` is the stored head's hash, or the genesis value for a new chain). Each row
    is stored so that it hashes back to its own ``hash``; the chain's head moves to the last one.

    Returns:
        How many entries were stored.

    Raises:
        ValueError: The entries do not continue the stored chain, or one does not hash to its value.
    """
    if not entries:
        return 0
    lock_chain(session, chain)
    last = _stored_end(session, chain)
    position, prev = (last[0], last[1]) if last else (0, GENESIS)
    rows: list[dict[str, Any]] = []
    for entry in entries:
        if entry.get("chain") != chain or entry.get("position") != position + 1 or entry.get("prev_hash") != prev:
            raise ValueError("the entries do not continue the stored chain")
        for key, width in (("at", 32), ("actor", 200), ("action", 40), ("target", 200)):
            value = entry.get(key)
            if not (isinstance(value, str) and len(value) <= width) and not (key == "target" and value is None):
                raise ValueError(f"entry {entry['position']} has an invalid {key}")
        if entry.get("revision") is not None and not isinstance(entry.get("revision"), int):
            raise ValueError(f"entry {entry['position']} has an invalid revision")
        old_json, new_json = canonical_json(entry.get("old")), canonical_json(entry.get("new"))
        row = {
            "chain": chain,
            "position": entry["position"],
            "at": entry["at"],
            "actor": entry["actor"],
            "action": entry["action"],
            "revision": entry.get("revision"),
            "target": entry.get("target") or "",
            "old_json": old_json,
            "new_json": new_json,
            "prev_hash": prev,
        }
        # the payload exactly as entry_payload() reads it back from the stored row
        payload = {k: row[k] for k in ("chain", "position", "at", "actor", "action", "revision", "target")}
        payload.update(old=_stored_json(old_json), new=_stored_json(new_json), prev_hash=prev)
        row["hash"] = entry_hash(prev, payload)
        if row["hash"] != entry.get("hash"):
            raise ValueError(f"entry {row['position']} does not hash to its value")
        rows.append(row)
        position, prev = row["position"], row["hash"]
    session.execute(insert(AuditRow), rows)  # one statement for the whole trail (an import stores dozens)
    _move_head(session, chain, position, prev)
    return len(entries)


@dataclass(frozen=True)
class ChainProblem:
    chain: str
    position: int
    reason: str


def verify_entries(chain: str, entries: Iterable[dict[str, Any]]) -> list[ChainProblem]:
    """Check one chain given as exported dicts (``entry_payload`` + ``hash``), in order."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    expected_pos = 1
    for entry in entries:
        pos = entry.get("position")
        if pos != expected_pos:
            problems.append(ChainProblem(chain, expected_pos, f"entry {expected_pos} is missing (found {pos})"))
            expected_pos = pos if isinstance(pos, int) else expected_pos
        if entry.get("prev_hash") != prev:
            problems.append(ChainProblem(chain, expected_pos, "previous-hash link broken"))
        payload = {
            k: entry.get(k)
            for k in ("chain", "position", "at", "actor", "action", "revision", "target", "old", "new", "prev_hash")
        }
        if entry_hash(payload["prev_hash"] or "", payload) != entry.get("hash"):
            problems.append(ChainProblem(chain, expected_pos, "hash does not match the entry (altered)"))
        prev = entry.get("hash") or ""
        expected_pos += 1
    return problems


def export_chain(session: Session, chain: str) -> Iterator[dict[str, Any]]:
    """Entries of one chain as plain dicts, oldest first (for packages and checks)."""
    rows = session.scalars(select(AuditRow).where(AuditRow.chain == chain).order_by(AuditRow.position))
    for row in rows:
        yield {**entry_payload(row), "hash": row.hash}


#: Reasons of a :class:`ChainProblem` about where a chain ends (see :func:`verify_heads`).
HEAD_TRUNCATED = "entries at the end are missing"
HEAD_MISSING = "the head record of the chain is missing"
HEAD_MISMATCH = "the head record does not match the last entry"
CHAIN_ABSENT = "the case has no audit trail"


def verify_all(
    session: Session, expected_chains: Iterable[str] = (), unchanged: Iterable[str] = ()
) -> list[ChainProblem]:
    """Verify every chain in the database, where each one ends, and that ``expected_chains`` exist.

    ``expected_chains`` are chains that must be there (one per case: its id), so a case whose whole
    trail was deleted, head record and all, is found as well. The entries of the ``unchanged`` chains
    (found sound before in exactly these rows, ``services.check_cache``) are not re-hashed; where every
    chain ends is checked all the same.
    """
    skip = set(unchanged)
    chains = session.scalars(select(AuditRow.chain).group_by(AuditRow.chain)).all()
    problems: list[ChainProblem] = []
    for chain in chains:
        if chain not in skip:
            problems.extend(verify_entries(chain, export_chain(session, chain)))
    problems.extend(verify_heads(session, expected_chains))
    return problems


def verify_heads(session: Session, expected_chains: Iterable[str] = ()) -> list[ChainProblem]:
    """Compare each chain's newest entry with its head record; every expected chain must exist.

    Deleting the last entries of a chain leaves a head that points past the end
    (:data:`HEAD_TRUNCATED`, at the first missing position); deleting a whole chain leaves its head
    alone, or, with the head deleted too, a case without a trail (:data:`CHAIN_ABSENT`).
    """
    top = select(AuditRow.chain, func.max(AuditRow.position).label("top")).group_by(AuditRow.chain).subquery()
    newest = select(AuditRow.chain, AuditRow.position, AuditRow.hash).join(
        top, (AuditRow.chain == top.c.chain) & (AuditRow.position == top.c.top)
    )
    last = {chain: (position, hash_) for chain, position, hash_ in session.execute(newest)}
    heads = {h.chain: (h.position, h.hash) for h in session.scalars(select(AuditHead))}
    problems: list[ChainProblem] = []
    for chain in sorted(set(last) | set(heads)):
        end, head = last.get(chain), heads.get(chain)
        if head is None:
            assert end is not None
            problems.append(ChainProblem(chain, end[0], HEAD_MISSING))
        elif end is None or head[0] > end[0]:
            problems.append(ChainProblem(chain, (end[0] if end else 0) + 1, HEAD_TRUNCATED))
        elif head != end:
            problems.append(ChainProblem(chain, end[0], HEAD_MISMATCH))
    for chain in sorted(set(expected_chains) - set(last) - set(heads)):
        problems.append(ChainProblem(chain, 1, CHAIN_ABSENT))
    return problems


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditRow)) or 0
