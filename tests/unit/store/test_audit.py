"""Audit hash chains (DESIGN §5): a chain verifies; altering any field of a row or deleting a
row in the database is found by ``audit.verify_all`` and by ``cityeval db check``."""

from __future__ import annotations

import hashlib
import itertools
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from cityeval_desktop.services import cases
from cityeval_desktop.store import audit

USCC = "91350100M000100Y43"


def build_chain(ctx: Any) -> str:
    """A case whose chain has 5 entries: create, two answers, a change of one of them, a veto."""
    case = cases.new_case(
        ctx, framework="planning-consulting", tier="city", mode="self", entity_name="福州规划院", uscc=USCC
    )
    cases.set_answer(ctx, case.case_uuid, "P1.2", value=3)
    cases.set_answer(ctx, case.case_uuid, "P2.4", value=True)
    cases.set_answer(ctx, case.case_uuid, "P1.2", value=4, note="复核后上调")
    cases.set_veto(ctx, case.case_uuid, "V1", False)
    return case.case_uuid


def raw_sql(ctx: Any, statement: str, **params: Any) -> None:
    with ctx.engine.begin() as conn:
        assert conn.execute(text(statement), params).rowcount == 1


def test_chain_of_a_case_verifies_and_links_every_row(ctx: Any) -> None:
    chain = build_chain(ctx)
    with ctx.reading() as s:
        entries = list(audit.export_chain(s, chain))
        assert audit.verify_all(s) == []
    assert [e["position"] for e in entries] == [1, 2, 3, 4, 5]
    assert [e["action"] for e in entries] == ["case.create", "answer.set", "answer.set", "answer.set", "veto.set"]
    assert entries[0]["prev_hash"] == "0" * 64
    for prev, entry in itertools.pairwise(entries):
        assert entry["prev_hash"] == prev["hash"]
    # the documented formula: sha256(prev_hash + canonical JSON of the row without its hash)
    for entry in entries:
        payload = {k: v for k, v in entry.items() if k != "hash"}
        canonical = audit.canonical_json(payload)
        assert entry["hash"] == hashlib.sha256((entry["prev_hash"] + canonical).encode("utf-8")).hexdigest()


ALTERATIONS: dict[str, tuple[str, Any]] = {
    "chain": ("chain", "another-chain"),
    "position": ("position", 77),
    "at": ("at", "2020-01-01T00:00:00.000000Z"),
    "actor": ("actor", "mallory"),
    "action": ("action", "answer.clear"),
    "revision": ("revision", 2),
    "target": ("target", "P5.4"),
    "old_json": ("old_json", '{"value":5}'),
    "new_json": ("new_json", '{"not_applicable":false,"note":null,"reason":null,"value":5}'),
    "new_json-not-json": ("new_json", "five"),
    "old_json-empty": ("old_json", ""),
    "prev_hash": ("prev_hash", "1" * 64),
    "hash": ("hash", "2" * 64),
}


@pytest.mark.parametrize(("column", "value"), ALTERATIONS.values(), ids=ALTERATIONS.keys())
def test_altering_any_field_of_a_row_is_detected(ctx: Any, column: str, value: Any) -> None:
    chain = build_chain(ctx)
    raw_sql(ctx, f"UPDATE audit SET {column} = :v WHERE chain = :c AND position = 3", v=value, c=chain)
    with ctx.reading() as s:
        problems = audit.verify_all(s)
    assert problems, f"tampering not detected: {column} = {value!r}"
    assert any(p.chain == chain and p.position == 3 for p in problems), problems


def test_deleting_a_middle_row_is_detected(ctx: Any) -> None:
    chain = build_chain(ctx)
    raw_sql(ctx, "DELETE FROM audit WHERE chain = :c AND position = 3", c=chain)
    with ctx.reading() as s:
        problems = audit.verify_all(s)
    assert any(p.chain == chain and p.position == 3 and "missing" in p.reason for p in problems), problems


def test_db_check_passes_on_a_sound_database(ctx: Any, cli: Any) -> None:
    build_chain(ctx)
    ctx.close()
    r = cli("--lang", "en", "db", "check")
    assert r.code == 0, r.err
    assert r.err == ""
    assert "5 audit entries" in r.out
    password = make_url(str(cli.db)).password if "://" in str(cli.db) else None
    if password:  # a server: named without its password
        assert password not in r.out and ":***@" in r.out


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit SET actor = 'mallory' WHERE chain = :c AND position = 4",
        "UPDATE audit SET old_json = 'not json' WHERE chain = :c AND position = 4",
        "DELETE FROM audit WHERE chain = :c AND position = 4",
    ],
    ids=["altered-row", "row-made-undecodable", "deleted-middle-row"],
)
def test_db_check_reports_the_chain_and_position(ctx: Any, cli: Any, tamper: str) -> None:
    chain = build_chain(ctx)
    raw_sql(ctx, tamper, c=chain)
    ctx.close()
    r = cli("--lang", "en", "db", "check")
    assert r.code == 1, (r.out, r.err)
    errors = [line for line in r.err.splitlines() if line.startswith("error: ")]
    assert errors, r.err
    assert any(f"audit chain {chain} entry 4:" in line for line in errors), r.err
    assert "internal error" not in r.err
