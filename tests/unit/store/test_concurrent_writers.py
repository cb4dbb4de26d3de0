"""Several writers on one database at once, each with its own connection as another workstation would
have (issue 13 §2.7): on SQLite and, with a test server, on PostgreSQL.

What must hold: no writer crashes, no update is lost (each audit entry's ``old`` is the ``new`` of the
entry before it for the same target), and each audit chain stays one chain (positions 1…n, every link
and the head record sound: ``db check``'s own verification). On a server the writers really run side by
side (READ COMMITTED), so this is what the chain lock (``store/locks.py``) and the case row lock keep.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import create_engine, text

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import trust_store
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.reporting import audit_entries
from cityeval_desktop.store import audit
from cityeval_desktop.store.engine import head_revision
from cityeval_desktop.store.models import AuditRow, utcnow

WRITERS = 8
VALUES: dict[str, Any] = json.loads(
    (Path(__file__).parents[2] / "fixtures" / "planning-city-values.json").read_text(encoding="utf-8")
)


@pytest.fixture
def workstations(db_url: str, data_dir: Path) -> Iterator[list[Any]]:
    """:data:`WRITERS` contexts on the test's database, each with its own engine (connections)."""
    opened = [open_context(db_url, data_dir, actor=f"workstation {n}") for n in range(WRITERS)]
    yield opened
    for context in opened:
        context.close()


def _all_at_once(jobs: list[Callable[[], object]]) -> list[object]:
    """Run the jobs in threads released together; the result or the exception of each, in order."""
    start = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(n: int) -> None:
        start.wait()
        try:
            results[n] = jobs[n]()
        except BaseException as exc:  # reported by the test, with the writer's number
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer is still waiting after two minutes"
    failed = [(n, r) for n, r in enumerate(results) if isinstance(r, BaseException)]
    assert not failed, f"writers failed: {failed!r}"
    return results


def _one_sound_chain(ctx: Any, chain: str) -> list[dict[str, Any]]:
    with ctx.reading() as s:
        entries = list(audit.export_chain(s, chain))
        problems = audit.verify_all(s)
    assert problems == []
    assert [e["position"] for e in entries] == list(range(1, len(entries) + 1))
    return entries


def _history_is_real(entries: list[dict[str, Any]]) -> None:
    """Each answer entry's ``old`` is the ``new`` of the one before it for that indicator: nothing lost."""
    last: dict[str, Any] = {}
    for e in entries:
        if e["action"] != "answer.set":
            continue
        assert e["old"] == last.get(e["target"]), f"entry {e['position']} lost the update before it"
        last[e["target"]] = e["new"]


def _new_case(ctx: Any) -> str:
    return case_service.new_case(
        ctx,
        framework="planning-consulting",
        tier="city",
        mode="self",
        entity_name="并发主体",
        uscc="91350100M000100Y43",
    ).ref


def test_writers_on_different_indicators_of_one_case(ctx: Any, workstations: list[Any]) -> None:
    ref = _new_case(ctx)
    chosen = list(VALUES.items())[:WRITERS]
    jobs = [
        (lambda w=w, ind=ind, v=v: case_service.set_answer(w, ref, ind, value=v, note=f"by {w.actor}"))
        for w, (ind, v) in zip(workstations, chosen, strict=True)
    ]
    _all_at_once(jobs)
    shown = {ind: answer.value for ind, answer in case_service.load_case(ctx, ref).answers.items()}
    assert shown == dict(chosen)  # nobody's answer was lost
    entries = _one_sound_chain(ctx, case_service.load_case(ctx, ref).summary.case_uuid)
    assert sum(e["action"] == "answer.set" for e in entries) == WRITERS
    _history_is_real(entries)


def test_writers_on_the_same_indicator_lose_no_update(ctx: Any, workstations: list[Any]) -> None:
    ref = _new_case(ctx)
    jobs = [
        (lambda w=w, n=n: case_service.set_answer(w, ref, "P1.1", value=n + 1, note=f"writer {n}"))
        for n, w in enumerate(workstations)
    ]
    _all_at_once(jobs)
    entries = audit_entries(ctx, case_service.load_case(ctx, ref).summary.case_uuid)
    assert [e["position"] for e in entries] == list(range(1, len(entries) + 1))
    sets = [e for e in entries if e["action"] == "answer.set" and e["target"] == "P1.1"]
    assert len(sets) == WRITERS  # every writer's answer was a real step
    _history_is_real(entries)
    stored = case_service.load_case(ctx, ref).answers["P1.1"]
    assert (str(stored.value), stored.note) == (str(sets[-1]["new"]["value"]), sets[-1]["new"]["note"])
    _one_sound_chain(ctx, case_service.load_case(ctx, ref).summary.case_uuid)


def test_appends_to_one_chain_in_transactions_open_together_make_one_chain(ctx: Any, workstations: list[Any]) -> None:
    """No case row to lock: the chain itself is locked. On a server every transaction has begun (and
    read) before any appends, the race in which two writers took the same ``max(position) + 1``."""
    on_server = ctx.engine.dialect.name == "postgresql"
    inside = threading.Barrier(WRITERS)

    def append_three(w: Any) -> None:
        with w.transaction() as s:
            s.query(AuditRow).filter(AuditRow.chain == audit.SYSTEM_CHAIN).count()
            if on_server:  # SQLite: one write transaction at a time, so the others wait to begin
                inside.wait(timeout=30)
            for n in range(3):
                audit.append(s, chain=audit.SYSTEM_CHAIN, actor=w.actor, action="test.append", new={"n": n})

    _all_at_once([lambda w=w: append_three(w) for w in workstations])
    entries = _one_sound_chain(ctx, audit.SYSTEM_CHAIN)
    assert len(entries) == 3 * WRITERS
    by_writer: dict[str, list[int]] = {}
    for e in entries:
        by_writer.setdefault(e["actor"], []).append(e["new"]["n"])
    assert all(ns == [0, 1, 2] for ns in by_writer.values())  # each transaction's entries stay together
    assert len(by_writer) == WRITERS


def test_new_cases_of_one_new_entity_at_once(ctx: Any, workstations: list[Any]) -> None:
    """Every writer inserts the same new entity row: one of them makes it, the others retry and find it."""
    uscc = "91512081MA62K0260E"

    def new(w: Any) -> str:
        return case_service.new_case(
            w, framework="planning-consulting", tier="city", mode="self", entity_name="并发新建主体", uscc=uscc
        ).ref

    made = _all_at_once([lambda w=w: new(w) for w in workstations])
    assert len(set(made)) == WRITERS
    with ctx.reading() as s:
        assert s.execute(text("SELECT count(*) FROM entities WHERE uscc = :u"), {"u": uscc}).scalar() == 1
        assert s.execute(text("SELECT count(*) FROM cases WHERE uscc = :u"), {"u": uscc}).scalar() == WRITERS
        assert audit.verify_all(s) == []


def _certificate(folder: Path, name: str) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [x509.NameAttribute(NameOID.ORGANIZATION_NAME, "并发测试"), x509.NameAttribute(NameOID.COMMON_NAME, name)]
    )
    now = utcnow()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    path = folder / f"{name}.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def test_writers_on_the_trust_store(ctx: Any, workstations: list[Any], tmp_path: Path) -> None:
    """Each workstation trusts its own certificate and all of them one shared one, at the same moment."""
    shared = _certificate(tmp_path, "shared")
    own = [_certificate(tmp_path, f"own-{n}") for n in range(WRITERS)]

    def trust_both(w: Any, mine: Path) -> None:
        trust_store.add_trusted(w, shared)
        trust_store.add_trusted(w, mine)

    _all_at_once([lambda w=w, mine=mine: trust_both(w, mine) for w, mine in zip(workstations, own, strict=True)])
    trusted = trust_store.list_trusted(ctx)
    assert len(trusted) == WRITERS + 1
    entries = _one_sound_chain(ctx, audit.SYSTEM_CHAIN)
    assert sum(e["action"] == trust_store.TRUST_ADD for e in entries) == WRITERS + 1  # the shared one once


def test_a_write_transaction_waits_five_seconds_at_most_for_another_writer(ctx: Any) -> None:
    """Then it fails as a conflict, which the services try again (SQLite's busy timeout, a server's lock timeout)."""
    with ctx.transaction() as s:
        if ctx.engine.dialect.name == "postgresql":
            assert s.execute(text("SHOW lock_timeout")).scalar() == "5s"
        else:
            assert s.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    with ctx.reading() as s:  # a read never waits for a lock: no limit set there
        if ctx.engine.dialect.name == "postgresql":
            assert s.execute(text("SHOW lock_timeout")).scalar() == "0"


def test_workstations_starting_together_on_a_new_database_set_it_up_once(db_url: str, tmp_path: Path) -> None:
    """The first start creates the tables; the others wait for it and find the database at the head."""
    if db_url.startswith("postgresql"):  # the test's server database came migrated: make it new again
        engine = create_engine(db_url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    folders = [tmp_path / f"ws{n}" for n in range(4)]

    def start(folder: Path) -> Any:
        folder.mkdir()
        return open_context(db_url, folder, actor=folder.name)

    opened = _all_at_once([lambda f=f: start(f) for f in folders])
    try:
        refs = [_new_case(w) for w in opened]
        with opened[0].reading() as s:
            assert s.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head_revision()]
            assert audit.verify_all(s) == []
        assert len(set(refs)) == 4
    finally:
        for w in opened:
            w.close()
