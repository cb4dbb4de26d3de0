"""Benchmark of ``region export-xlsx`` (issue 13 §2.4): the regional view's workbook of 10,000 finalized
third-party cases over 300 regions (budget < 10 s and peak RSS < 500 MB), on SQLite and, when
``CITYEVAL_TEST_POSTGRES_URL`` is set, on PostgreSQL.

The database is built as ``region_bench.py`` builds its own (three template cases made through the
services, the revisions bulk-inserted as copies with random cached figures), plus a self-check of every
5th entity (2,000 entities with both, the self-check vs third-party section) and every 50th third-party
result imported from an untrusted signer (listed, marked, not counted). Timed: ``cityeval region
export-xlsx`` called in-process (``cityeval_desktop.cli.main.main``: parsing, opening the database, the
queries, building and writing the workbook) in a fresh interpreter per run (``--phase export``), so
the peak RSS (``ru_maxrss``) is the export's own; judged on the median wall time and the largest peak
RSS. ``--baseline`` also times what a workbook of those cases cost before (``report xlsx`` with every
counted case: ``services.reporting.write_workbook``, one fresh process). ``--delta-pairs N`` times
``services.region.delta`` (the per-indicator comparison, which re-scores both revisions) on N entities
whose two cases are fully answered through the services, and projects it to the 2,000 pairs. Prints one
JSON object.

    .venv/bin/python tests/benchmarks/region_export_bench.py [--cases 10000] [--regions 300] [--runs 3]
        [--baseline] [--delta-pairs 20]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

BUDGET_S = 10.0
BUDGET_RSS_MB = 500.0
AS_OF = "2026-06-30"
SELF_EVERY = 5
UNTRUSTED_EVERY = 50


def build(folder: Path, n: int, regions: int, rng: random.Random, url: str | None) -> str:
    """The benchmark database (SQLite in ``folder``, or the empty server database ``url``)."""
    from sqlalchemy import insert, select

    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.store.models import Case, CaseOrigin, DimensionScoreRow, Entity
    from tests.benchmarks.region_bench import GRADES, make_templates, region_codes
    from tests.benchmarks.workload import uscc

    target = url or str(folder / "region.sqlite3")
    ctx = open_context(target, folder, actor="bench")
    templates = make_templates(ctx, rng)
    codes = region_codes(regions)
    with ctx.transaction() as s:
        entities = [
            {"uscc": uscc(rng, rng.choice(codes)), "name": f"基准测试数字科技有限公司{i:05d}"} for i in range(n)
        ]
        for e in entities:
            e["registration_region"] = e["uscc"][2:8]
        s.execute(insert(Entity), entities)
        ids = dict(s.execute(select(Entity.uscc, Entity.id)).all())
        rows = []

        def row(i: int, e: dict[str, Any], mode: str, at: datetime) -> dict[str, Any]:
            fid, version, sha, category, _ = templates[i % 3]
            total = rng.randint(4000, 9900)
            return {
                "case_uuid": str(uuid.UUID(int=rng.getrandbits(128))),
                "revision": 1,
                "entity_id": ids[e["uscc"]],
                "entity_name": e["name"],
                "uscc": e["uscc"],
                "region": rng.choice(codes),
                "framework_id": fid,
                "framework_version": version,
                "framework_sha256": sha,
                "category": category,
                "tier": "city",
                "mode": mode,
                "assessor": "福建省数字化评估中心",
                "status": "finalized",
                "finalized_at": at,
                "valid_from": date(2026, 1, 1),
                "valid_until": date(2026 + i % 3, 12, 31),
                "total": f"{total / 100:.2f}",
                "total_hundredths": total,
                "grade": next(g for low, g in GRADES if total >= low),
                "completeness": "1",
                "provisional": False,
            }

        for i, e in enumerate(entities):
            rows.append(row(i, e, "third-party", datetime(2026, 3, 1, tzinfo=UTC)))
            if i % SELF_EVERY == 0:
                rows.append(row(i, e, "self", datetime(2026, 2, 1, tzinfo=UTC)))
        s.execute(insert(Case), rows)
        made = s.execute(select(Case.id, Case.category, Case.mode).where(Case.entity_name != "模板")).all()
        by_category = {t[3]: t[4] for t in templates}
        s.execute(
            insert(DimensionScoreRow),
            [
                {"case_id": cid, "dimension_id": d, "score_hundredths": rng.randint(3000, 10000), "excluded": False}
                for cid, cat, _ in made
                for d in by_category[cat]
            ],
        )
        third = [cid for cid, _, mode in made if mode == "third-party"]
        s.execute(
            insert(CaseOrigin),
            [
                {
                    "case_id": cid,
                    "package_sha256": f"{k:064x}",
                    "file_name": f"import-{k}.cityeval",
                    "signer_name": "未知签名者",
                    "signer_fingerprint": "f" * 64,
                    "trusted": False,
                    "accepted_by": "bench",
                }
                for k, cid in enumerate(third[::UNTRUSTED_EVERY])
            ],
        )
    ctx.close()
    return target


def phase_export(db: str, data_dir: str, out: str) -> dict[str, Any]:
    """One export in this (fresh) process: wall and CPU time of the command, peak RSS of the process."""
    import contextlib
    import io

    from cityeval_desktop.cli.main import main

    import_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    command = ["--db", db, "--data-dir", data_dir, "region", "export-xlsx", out, "--as-of", AS_OF]
    t0, c0 = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(command)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    if code != 0:
        raise SystemExit(f"region export-xlsx failed with {code}: {err.getvalue()}")
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_after_imports_mb": import_rss,
        "bytes": Path(out).stat().st_size,
    }


def phase_baseline(db: str, data_dir: str, out: str) -> dict[str, Any]:
    """The workbook of the same counted cases as ``report xlsx`` writes it (load each case, one row each)."""
    from datetime import date as day

    from cityeval_desktop.services import region
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.services.reporting import write_workbook

    ctx = open_context(db, Path(data_dir), actor="bench")
    refs = [e.ref for e in region.summary(ctx, as_of=day.fromisoformat(AS_OF)).entities if e.counted]
    t0 = time.perf_counter()
    write_workbook(ctx, refs, Path(out))
    wall = time.perf_counter() - t0
    return {
        "cases": len(refs),
        "wall_s": wall,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def delta_cost(folder: Path, pairs: int, rng: random.Random) -> dict[str, Any]:
    """``region.delta`` per entity whose self-check and third-party case are fully answered."""
    from sqlalchemy import update

    from cityeval_desktop.services import cases as case_service
    from cityeval_desktop.services import frameworks as fw_registry
    from cityeval_desktop.services import region
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.store.models import Case
    from tests.benchmarks.workload import answers_document, to_json, uscc

    ctx = open_context(str(folder / "delta.sqlite3"), folder, actor="bench")
    framework = {f.id: f for f in fw_registry.bundled_frameworks()}["planning-consulting"]
    codes = []
    for i in range(pairs):
        code = uscc(rng)
        codes.append(code)
        for mode in ("self", "third-party"):
            ref = case_service.new_case(
                ctx, framework=framework.key, tier="city", mode=mode, entity_name=f"主体{i}", uscc=code
            ).ref
            doc = answers_document(framework, "city", rng)
            for ind in framework.tier_indicators("city"):
                if getattr(ind.method, "severities", None):  # graded deductions count per severity
                    doc["answers"][ind.id]["value"] = {"minor": 1}
            path = folder / "answers.json"
            path.write_text(json.dumps(doc, ensure_ascii=False, default=to_json), "utf-8")
            case_service.apply_answers_file(ctx, ref, path)
            with ctx.transaction() as s:
                case = case_service.find_case(s, ref)
                s.execute(
                    update(Case)
                    .where(Case.id == case.id)
                    .values(
                        status="finalized",
                        finalized_at=datetime(2026, 3, 1, tzinfo=UTC),
                        valid_from=date(2026, 1, 1),
                        valid_until=date(2028, 12, 31),
                    )
                )
    day = date.fromisoformat(AS_OF)
    region.delta(ctx, codes[0], as_of=day, withdrawn=frozenset())  # warm
    t0 = time.perf_counter()
    for code in codes:
        region.delta(ctx, code, as_of=day, withdrawn=frozenset())
    per_pair = (time.perf_counter() - t0) / pairs
    ctx.close()
    return {
        "pairs_timed": pairs,
        "indicators_per_case": len(framework.tier_indicators("city")),
        "per_pair_ms": per_pair * 1000,
    }


def _subprocess(phase: str, db: str, data_dir: str, out: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYEVAL_")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--db-target", db, "--data-dir", data_dir, "--out-file", out],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"phase {phase} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _run(name: str, db: str, tmp: Path, args: argparse.Namespace, built_s: float) -> dict[str, Any]:
    runs = [_subprocess("export", db, str(tmp), str(tmp / f"region-{n}.xlsx")) for n in range(args.runs)]
    wall = statistics.median(r["wall_s"] for r in runs)
    rss = max(r["peak_rss_mb"] for r in runs)
    entry: dict[str, Any] = {
        "name": "cli.region_export_xlsx",
        "database": name,
        "cases": args.cases,
        "self_checks": len(range(0, args.cases, SELF_EVERY)),
        "regions": args.regions,
        "build_s": round(built_s, 2),
        "runs": args.runs,
        "median_s": round(wall, 2),
        "min_s": round(min(r["wall_s"] for r in runs), 2),
        "max_s": round(max(r["wall_s"] for r in runs), 2),
        "cpu_median_s": round(statistics.median(r["cpu_s"] for r in runs), 2),
        "peak_rss_mb": round(rss, 1),
        "rss_after_imports_mb": round(max(r["rss_after_imports_mb"] for r in runs), 1),
        "workbook_bytes": runs[0]["bytes"],
        "budget_s": BUDGET_S,
        "budget_rss_mb": BUDGET_RSS_MB,
        "within_budget": wall < BUDGET_S and rss < BUDGET_RSS_MB,
    }
    if args.baseline:
        before = _subprocess("baseline", db, str(tmp), str(tmp / "before.xlsx"))
        entry["baseline_report_xlsx"] = {
            "cases": before["cases"],
            "wall_s": round(before["wall_s"], 2),
            "peak_rss_mb": round(before["peak_rss_mb"], 1),
        }
    return entry


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--baseline", action="store_true", help="also time report xlsx of the counted cases")
    parser.add_argument("--delta-pairs", type=int, default=20, help="entities timed with region.delta (0: skip)")
    parser.add_argument(
        "--only", choices=("sqlite", "postgresql"), help="one database only (postgresql: CITYEVAL_TEST_POSTGRES_URL)"
    )
    parser.add_argument("--phase", choices=("export", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--db-target", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--out-file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        fn = phase_export if args.phase == "export" else phase_baseline
        print(json.dumps(fn(args.db_target, args.data_dir, args.out_file)))
        return 0
    started = time.perf_counter()
    report: dict[str, Any] = {"load_average_start": list(os.getloadavg()), "benchmarks": []}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.only != "postgresql":
            (tmp / "sqlite").mkdir()
            t0 = time.perf_counter()
            db = build(tmp / "sqlite", args.cases, args.regions, random.Random(args.seed), None)
            report["benchmarks"].append(_run("sqlite", db, tmp / "sqlite", args, time.perf_counter() - t0))
        server = os.environ.get("CITYEVAL_TEST_POSTGRES_URL", "").strip()
        if server and args.only != "sqlite":
            from sqlalchemy import create_engine
            from sqlalchemy.engine import make_url

            base = make_url(server)
            admin = create_engine(base, isolation_level="AUTOCOMMIT")
            name = f"cityeval_bench_{uuid.uuid4().hex[:12]}"
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            try:
                (tmp / "pg").mkdir()
                url = base.set(database=name).render_as_string(hide_password=False)
                t0 = time.perf_counter()
                build(tmp / "pg", args.cases, args.regions, random.Random(args.seed), url)
                report["benchmarks"].append(_run("postgresql", url, tmp / "pg", args, time.perf_counter() - t0))
            finally:
                with admin.connect() as conn:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.dispose()
        if args.delta_pairs:
            (tmp / "delta").mkdir()
            cost = delta_cost(tmp / "delta", args.delta_pairs, random.Random(args.seed))
            pairs = len(range(0, args.cases, SELF_EVERY))
            cost["pairs_in_workload"] = pairs
            cost["projected_s"] = round(cost["per_pair_ms"] * pairs / 1000, 1)
            cost["per_pair_ms"] = round(cost["per_pair_ms"], 1)
            report["delta_per_indicator"] = cost
    report["load_average_end"] = list(os.getloadavg())
    report["elapsed_s"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main_())
