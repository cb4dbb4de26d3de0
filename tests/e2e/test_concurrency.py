"""Concurrent writers on one database (issue 9, item 3): processes started at once, as users would.

Twenty ``cityeval case answer`` processes on one case, on different indicators and on the same
one; several ``case new`` for the same new entity code; several ``case amend`` of one finalized
case. Each must end without a crash, and what is stored must be a history that really happened:
the cached total the case list shows equals a fresh computation, and every audit entry's ``old``
is the ``new`` of the entry before it for the same target. ``db check`` stays clean.

A writer may only fail with the clear "try again" message when its retries really ran out; the
tests aim for none and fail on any other error. The wall time of each batch is printed (``-s``).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.domain.loader import load_file
from cityeval_desktop.paths import forms_dir
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.reporting import audit_entries, finalize_and_sign
from cityeval_desktop.signing.identity import create_identity, load_identity
from tests.case_data_helpers import org_identity
from tests.conftest import typed_evidence, veto_not_raised

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
WRITERS = 20
TRY_AGAIN = "another program is changing this case; try again"
# one value per planning-consulting indicator (city tier), shared with tests/e2e/test_crash.py
VALUES: dict[str, Any] = json.loads((Path(__file__).parents[1] / "fixtures" / "planning-city-values.json").read_text())
VETOES = ("V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8")
NEW_USCC = "91512081MA62K0260E"
PLANNING_CITY = load_file(forms_dir() / "planning-consulting.yaml").tier_indicators("city")


def _start_all(cli: Any, commands: list[list[str]]) -> tuple[list[tuple[int, str, str]], float]:
    """Start every command at once and wait for all: (exit code, stdout, stderr) each, and the wall time."""
    began = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "cityeval_desktop.cli.main", "--lang", "en", *args],
            env=cli.env(),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for args in commands
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        results.append((proc.returncode, out, err))
    return results, time.perf_counter() - began


def _assert_no_crash(results: list[tuple[int, str, str]]) -> int:
    """Every process exited 0, or 1 with only the "try again" message; returns how many succeeded."""
    for n, (code, _out, err) in enumerate(results):
        if code != 0:
            assert code == 1 and TRY_AGAIN in err and "internal error" not in err, f"writer {n}: exit {code}\n{err}"
    return sum(1 for code, _, _ in results if code == 0)


def _answers_file(folder: Path, name: str, doc: dict[str, Any]) -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _assert_consistent(cli: Any, case: str) -> list[dict[str, Any]]:
    """Cached total = fresh total; each audit `old` = the previous `new` of its target; db check clean."""
    shown = cli("case", "show", case, "--json")
    assert shown.code == 0, shown.err
    listed = cli("case", "list", "--json")
    assert listed.code == 0, listed.err
    row = next(r for r in listed.json() if r["case_id"] == case)
    assert row["total"] == shown.json()["result"]["total"], "the cached total the case list shows is stale"
    ctx = open_context(cli.db, cli.data_dir)
    try:
        entries = audit_entries(ctx, case)
    finally:
        ctx.close()
    assert [e["position"] for e in entries] == list(range(1, len(entries) + 1))
    last_new: dict[tuple[str, str], Any] = {}
    for e in entries:
        kind = e["action"].split(".")[0]
        if kind not in ("answer", "veto"):
            continue
        key = (kind, e["target"])
        assert e["old"] == last_new.get(key), (
            f"audit entry {e['position']} ({e['action']} {e['target']}) says the old value was {e['old']!r}, "
            f"but the history before it ends with {last_new.get(key)!r}"
        )
        last_new[key] = e["new"]
    checked = cli("--lang", "en", "db", "check")
    assert checked.code == 0, checked.out + checked.err
    return entries


def test_twenty_writers_on_different_indicators(cli: Any, tmp_path: Path) -> None:
    case = cli.new_case()
    files = [
        _answers_file(tmp_path, ind, {"answers": {ind: {"value": v, "note": f"by {ind}"}}}) for ind, v in VALUES.items()
    ]
    files.append(_answers_file(tmp_path, "vetoes", {"vetoes": dict.fromkeys(VETOES, False)}))
    assert len(files) >= WRITERS  # one writer per indicator of the tier, and one for the vetoes
    results, seconds = _start_all(cli, [["case", "answer", case, "--file", str(f)] for f in files])
    print(f"\n{len(files)} concurrent `case answer` on different indicators: {seconds:.2f} s")
    assert _assert_no_crash(results) == len(files)
    entries = _assert_consistent(cli, case)
    shown = cli("case", "show", case, "--json").json()["result"]
    answers = {i["id"]: i["answer"] for i in shown["indicators"]}
    assert answers == VALUES  # nobody's answer was lost
    assert shown["vetoes"] == dict.fromkeys(VETOES, False)
    assert sum(e["action"] == "answer.set" for e in entries) == len(VALUES)


def test_twenty_writers_on_the_same_indicator(cli: Any, tmp_path: Path) -> None:
    case = cli.new_case()
    files = [
        _answers_file(tmp_path, f"w{n}", {"answers": {"P1.1": {"value": n, "note": f"writer {n}"}}})
        for n in range(WRITERS)
    ]
    results, seconds = _start_all(cli, [["case", "answer", case, "--file", str(f)] for f in files])
    print(f"\n{WRITERS} concurrent `case answer` on the same indicator: {seconds:.2f} s")
    succeeded = _assert_no_crash(results)
    assert succeeded == WRITERS
    entries = _assert_consistent(cli, case)
    sets = [e for e in entries if e["action"] == "answer.set" and e["target"] == "P1.1"]
    assert len(sets) == WRITERS  # every writer's answer was a real step (each value differs)
    shown = cli("case", "show", case, "--json").json()["result"]
    stored = next(i for i in shown["indicators"] if i["id"] == "P1.1")
    assert {"value": stored["answer"], "note": stored["note"]} == {k: sets[-1]["new"][k] for k in ("value", "note")}


@pytest.mark.parametrize("database", ["existing", "new"])
def test_concurrent_new_cases_of_one_new_entity(cli: Any, database: str) -> None:
    if database == "existing":
        assert cli("case", "list").code == 0  # created and migrated before the writers start
    # else the writers also race to create the database file itself (the first start)
    base = ["case", "new", "--framework", "planning-consulting", "--tier", "city", "--mode", "self"]
    commands = [[*base, "--entity-name", "并发新建主体", "--uscc", NEW_USCC] for _ in range(10)]
    results, seconds = _start_all(cli, commands)
    print(f"\n10 concurrent `case new` for one new entity ({database} database): {seconds:.2f} s")
    assert _assert_no_crash(results) == 10
    made = {out.strip() for _, out, _ in results}
    assert len(made) == 10
    with sqlite3.connect(f"file:{cli.db}?mode=ro", uri=True) as conn:
        entities = conn.execute("SELECT count(*) FROM entities WHERE uscc = ?", (NEW_USCC,)).fetchone()[0]
        cases = conn.execute("SELECT count(*) FROM cases WHERE uscc = ?", (NEW_USCC,)).fetchone()[0]
    assert (entities, cases) == (1, 10)
    checked = cli("--lang", "en", "db", "check")
    assert checked.code == 0, checked.out + checked.err


def test_concurrent_amends_one_wins_the_others_are_told(cli: Any, tmp_path: Path) -> None:
    case = cli.new_case()
    for ind in VALUES:
        (tmp_path / f"scan-{ind}.txt").write_text(f"proof for {ind}\n", encoding="utf-8")
    (tmp_path / "query.txt").write_text("信用中国：未查到相关记录\n", encoding="utf-8")
    doc = {
        "answers": {
            ind.id: {"value": VALUES[ind.id], "evidence": [typed_evidence(ind, f"scan-{ind.id}.txt")]}
            for ind in PLANNING_CITY
        },
        "vetoes": {v: veto_not_raised("query.txt") for v in VETOES},
    }
    assert cli("case", "answer", case, "--file", str(_answers_file(tmp_path, "all", doc))).code == 0
    p12 = tmp_path / "assessor.p12"
    create_identity(p12, name="张三", org="福建数字评估中心", password="pw-2026-long", key_size=2048)
    cli.staff(case, p12, "pw-2026-long")
    ctx = open_context(cli.db, cli.data_dir)
    try:
        finalize_and_sign(ctx, case, load_identity(p12, "pw-2026-long"), org_identity=org_identity())
    finally:
        ctx.close()
    results, seconds = _start_all(cli, [["case", "amend", case, "--reason", f"更正 {n}"] for n in range(8)])
    print(f"\n8 concurrent `case amend`: {seconds:.2f} s")
    won = [out.strip() for code, out, _ in results if code == 0]
    assert won == [f"{case}@2"]
    for code, _out, err in results:
        if code != 0:
            assert code == 1 and "internal error" not in err, err
            assert "only a finalized case can be amended" in err or "amend the latest revision" in err, err
    ctx = open_context(cli.db, cli.data_dir)
    try:
        assert [s.revision for s in case_service.revisions(ctx, case)] == [1, 2]
        assert sum(e["action"] == "case.amend" for e in audit_entries(ctx, case)) == 1
    finally:
        ctx.close()
    checked = cli("--lang", "en", "db", "check")
    assert checked.code == 0, checked.out + checked.err
