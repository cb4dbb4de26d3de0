"""The everyday database check on 10,000 finalized cases, nothing changed since the last check (issue 13 §3).

Run from the repository root::

    .venv/bin/python tests/benchmarks/integrity_scale_bench.py [--cases 10000] [--templates 8] [--runs 3]

Building 10,000 real signed cases takes hours (rendering and signing ~1-2 s each), so a few real ones are
made through the services (answered, evidence, team, finalized, signed), then copied in the database to
``--cases`` cases: every row of every table a check reads (revisions, answers, vetoes, evidence, team,
declarations, inspections, dimension scores, reports, audit entries and heads), each copy under its own case
id, with its own evidence and report files in the store (small files with the right SHA-256 names: the
everyday check stats them, it does not read them). A copy's signed report does not carry the copy's content
hash, so a full check would rightly fail it; the first (priming) check is therefore told every case and
chain is sound — what a full check of 10,000 real cases would find, in twenty minutes — and remembers that.
Then the everyday check is timed: it reads and fingerprints every row, stats every file, checks every
chain's end, runs SQLite's integrity and foreign-key checks and lists stray files, and re-verifies nothing.
The full check's cost per real revision is integrity_bench.py's. Prints one JSON object (run.py's format).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  (sibling script: figures, machine info)
from integrity_bench import build  # noqa: E402

BUDGET_S = 2.0
#: the tables copied per case: (table, the column naming its case row, or None for ``cases`` itself)
CASE_TABLES = (
    ("answers", "case_id"),
    ("veto_decisions", "case_id"),
    ("evidence", "case_id"),
    ("verifications", "case_id"),
    ("case_dimension_scores", "case_id"),
    ("case_team", "case_id"),
    ("case_declarations", "case_id"),
    ("case_inspections", "case_id"),
    ("case_reports", "case_id"),
)


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in con.execute(f"PRAGMA table_info({table})")]


def _store_file(evidence: Path, content: bytes) -> tuple[str, int]:
    sha = hashlib.sha256(content).hexdigest()
    folder = evidence / sha[:2]
    folder.mkdir(exist_ok=True)
    (folder / sha).write_bytes(content)
    return sha, len(content)


def clone(db: Path, evidence: Path, cases: int) -> int:
    """Copy the database's cases until there are ``cases`` of them; returns how many there are."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = OFF")
    templates = [row[0] for row in con.execute("SELECT DISTINCT case_uuid FROM cases ORDER BY case_uuid")]
    rows: dict[str, dict[str, list[tuple[Any, ...]]]] = {t: {} for t in templates}
    cols = {table: _columns(con, table) for table, _ in (("cases", None), *CASE_TABLES, ("audit", None))}
    cols["audit_heads"] = _columns(con, "audit_heads")
    for t in templates:
        ids = [r[0] for r in con.execute("SELECT id FROM cases WHERE case_uuid = ?", (t,))]
        marks = ",".join("?" * len(ids))
        rows[t]["cases"] = con.execute("SELECT * FROM cases WHERE case_uuid = ?", (t,)).fetchall()
        for table, key in CASE_TABLES:
            rows[t][table] = con.execute(f"SELECT * FROM {table} WHERE {key} IN ({marks})", ids).fetchall()
        rows[t]["audit"] = con.execute("SELECT * FROM audit WHERE chain = ? ORDER BY position", (t,)).fetchall()
        rows[t]["audit_heads"] = con.execute("SELECT * FROM audit_heads WHERE chain = ?", (t,)).fetchall()
    next_id = {
        table: (con.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0) + 1
        for table in cols
        if "id" in cols[table]
    }
    made = len(templates)
    n = 0
    while made < cases:
        t = templates[n % len(templates)]
        n += 1
        made += 1
        new_uuid = str(uuid.UUID(int=n))
        case_ids: dict[int, int] = {}
        for row in rows[t]["cases"]:
            values = dict(zip(cols["cases"], row, strict=True))
            case_ids[values["id"]] = next_id["cases"]
            values.update(id=next_id["cases"], case_uuid=new_uuid)
            next_id["cases"] += 1
            _insert(con, "cases", values)
        for table, key in CASE_TABLES:
            for row in rows[t][table]:
                values = dict(zip(cols[table], row, strict=True))
                values[key] = case_ids[values[key]]
                if "id" in values:
                    values["id"] = next_id[table]
                    next_id[table] += 1
                if table == "evidence":  # its own file, as every real case has
                    values["sha256"], values["size"] = _store_file(evidence, f"scan {n} {values['id']}".encode())
                elif table == "case_reports":
                    values["sha256"], values["size"] = _store_file(evidence, f"report {n} {values['id']}".encode())
                _insert(con, table, values)
        for row in rows[t]["audit"]:
            values = dict(zip(cols["audit"], row, strict=True))
            values.update(id=next_id["audit"], chain=new_uuid)
            next_id["audit"] += 1
            _insert(con, "audit", values)
        for row in rows[t]["audit_heads"]:
            _insert(con, "audit_heads", {**dict(zip(cols["audit_heads"], row, strict=True)), "chain": new_uuid})
        if made % 1000 == 0:
            con.commit()
            run.log(f"{made}/{cases} cases")
    con.commit()
    con.close()
    return made


def _insert(con: sqlite3.Connection, table: str, values: dict[str, Any]) -> None:
    names = ", ".join(values)
    con.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(values))})", list(values.values()))


def prime(ctx: Any) -> Any:
    """A check told that every case and chain is sound (see the module's text): it remembers them so."""
    from cityeval_desktop.services import maintenance
    from cityeval_desktop.store import audit

    real_case, real_chain = maintenance._RevisionCheck.check_case, audit.verify_entries
    maintenance._RevisionCheck.check_case = lambda self, case_uuid: []  # type: ignore[method-assign]
    audit.verify_entries = lambda chain, entries: []  # type: ignore[assignment]
    try:
        return maintenance.check_database(ctx)
    finally:
        maintenance._RevisionCheck.check_case = real_case  # type: ignore[method-assign]
        audit.verify_entries = real_chain


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--templates", type=int, default=8, help="real signed cases made through the services")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="write cProfile stats of one more (untimed) check to FILE")
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and leave it there")
    args = parser.parse_args(argv)
    from cityeval_desktop.services import check_cache
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.services.maintenance import check_database
    from tests.benchmarks.workload import cli_peak_rss

    if args.keep:
        args.keep.mkdir(parents=True)
    with (
        contextlib.nullcontext(str(args.keep))
        if args.keep
        else tempfile.TemporaryDirectory(prefix="cityeval-integrity-scale-")
    ) as tmp:
        started = time.perf_counter()
        ctx = build(Path(tmp), args.templates, 0)
        data = Path(tmp) / "data"
        db, evidence = data / "cityeval.sqlite3", ctx.evidence.root
        assert check_database(ctx).ok  # the real ones are sound
        ctx.close()
        total = clone(db, evidence, args.cases)
        built = time.perf_counter() - started
        run.log(f"{total} cases in {built:.0f} s")
        time.sleep(check_cache.SETTLE_NS / 1e9)  # the files are settled, as they are minutes after
        ctx = open_context(db, data, actor="benchmark")
        primed = prime(ctx)
        samples, cpu = [], []
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            result = check_database(ctx)
            samples.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            assert result.reused_cases == total and result.reused_files == result.evidence_files, result
            assert not [p for p in result.problems if p.kind != "orphan_file"], result.problems[:3]
        # then one small write (a setting, one audit entry on the system chain): every case is unchanged, but the
        # database is not, so its rows are read and fingerprinted again
        changed, changed_cpu = [], []
        for n in range(args.runs):
            ctx.set_evidence_folder(str(evidence) if n % 2 == 0 else None)
            time.sleep(check_cache.SETTLE_NS / 1e9)
            t0, c0 = time.perf_counter(), time.process_time()
            result = check_database(ctx)
            changed.append(time.perf_counter() - t0)
            changed_cpu.append(time.process_time() - c0)
            assert result.reused_cases == total, result
        if args.profile:
            import cProfile

            ctx.set_evidence_folder(str(evidence) if args.runs % 2 == 0 else None)  # the changed database's check
            time.sleep(check_cache.SETTLE_NS / 1e9)
            profiler = cProfile.Profile()
            profiler.runcall(check_database, ctx)
            profiler.dump_stats(str(args.profile))
        with ctx.reading() as s:
            from sqlalchemy import func, select

            from cityeval_desktop.store.models import AuditRow, Case

            rows = {
                "revisions": s.scalar(select(func.count()).select_from(Case)),
                "audit_entries": s.scalar(select(func.count()).select_from(AuditRow)),
            }
        ctx.close()
        process = cli_peak_rss(["--db", str(db), "--data-dir", str(data), "db", "check"])
        size_mib = round(db.stat().st_size / 2**20, 1)
    report = {
        "machine": run.machine(),
        "load_average_end": list(os.getloadavg()),
        "results": [
            run.entry(
                f"db check, {total} finalized cases, nothing changed since the last check",
                "s",
                samples,
                BUDGET_S,
                cpu_median=round(statistics.median(cpu), 3),
                evidence_files=primed.evidence_files,
                database_mib=size_mib,
                build_s=round(built, 1),
                **rows,
                **process,
            ),
            run.entry(
                f"db check, {total} finalized cases, one setting written since the last check",
                "s",
                changed,
                None,
                cpu_median=round(statistics.median(changed_cpu), 3),
            ),
        ],
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
