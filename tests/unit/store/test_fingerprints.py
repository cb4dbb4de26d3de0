"""A row fingerprint (store/fingerprints.py) covers every byte of every column: any change gives another one."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import open_context
from cityeval_desktop.store import fingerprints


@pytest.fixture
def sqlite_ctx(tmp_path: Path) -> Any:
    ctx = open_context(tmp_path / "cases.sqlite3", tmp_path)
    yield ctx
    ctx.close()


def _set_note(ctx: Any, note: str) -> tuple[str, str]:
    with sqlite3.connect(ctx.url.split("///", 1)[1]) as con:  # behind the program's back, value bound whole
        con.execute("UPDATE answers SET note = ?", (note,))
    with ctx.reading() as s:
        return next(iter(fingerprints.case_fingerprints(s).values())), next(
            v for k, v in fingerprints.chain_fingerprints(s).items() if k != "system"
        )


def test_a_change_after_a_nul_byte_inside_a_text_changes_the_fingerprint(sqlite_ctx: Any) -> None:
    """SQLite's quote() stops at a NUL byte in a text (an imported note may hold one): what follows it must
    count all the same, or a change there would be taken for the state a check found sound."""
    ref = case_service.new_case(
        sqlite_ctx,
        framework="planning-consulting",
        tier="city",
        mode="third-party",
        entity_name="指纹主体",
        uscc="91350100M000100Y43",
    ).ref
    case_service.set_answer(sqlite_ctx, ref, "P1.1", value=3, note="现场核对")
    first, chain = _set_note(sqlite_ctx, "现场\x00核对")
    again, same_chain = _set_note(sqlite_ctx, "现场\x00核对")
    changed, _ = _set_note(sqlite_ctx, "现场\x00篡改")
    empty, _ = _set_note(sqlite_ctx, "")
    assert first == again and chain == same_chain  # the same rows, the same fingerprint
    assert changed != first and empty not in (first, changed)
