"""Benchmark of the regional view (issue 13): ``region summary --json`` on 10,000 finalized cases over 300
regions (budget < 300 ms).

Three template cases (one per default framework) are made and answered through the services; the
10,000 revisions are then bulk-inserted as copies of them with random figures (the cached total, grade
and dimension scores the view reads), so building takes seconds. Timed: ``cityeval region summary
--json`` called in-process (``cityeval_desktop.cli.main.main``: parsing, opening the database, the
queries, the JSON; not the interpreter's start and imports), stdout discarded, after one untimed
warm-up run; judged on the median wall time, with the median CPU time beside it. One more run of the command
in a fresh interpreter gives its peak RSS (``peak_rss_mib``, budget < 500 MB) and the whole process's wall and CPU
time. Prints one JSON object.

    .venv/bin/python tests/benchmarks/region_bench.py [--cases 10000] [--regions 300] [--runs 5] [--db URL]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import insert, select

from cityeval_desktop.cli.main import main
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import open_context
from cityeval_desktop.store.models import Case, DimensionScoreRow, Entity
from tests.benchmarks.workload import cli_peak_rss, uscc

BUDGET_MS = 300.0
RSS_BUDGET_MIB = 500.0
TEMPLATES = (
    ("planning-consulting", "city"),
    ("construction-implementation", "city"),
    ("operations-maintenance", "city"),
)
GRADES = ((9000, "AAA"), (8000, "AA"), (7000, "A"), (6000, "B"), (0, "C"))


def make_templates(ctx: Any, rng: random.Random) -> list[tuple[Any, ...]]:
    """One case per default framework made through the services: (framework id, version, sha256, category,
    dimension ids) of each, the figures the bulk-inserted copies take."""
    templates = []
    for framework, tier in TEMPLATES:
        ref = case_service.new_case(
            ctx, framework=framework, tier=tier, mode="third-party", entity_name="模板", uscc=uscc(rng)
        ).ref
        with ctx.reading() as s:
            case = case_service.find_case(s, ref)
            dims = [d.dimension_id for d in case.dimension_scores]
            templates.append((case.framework_id, case.framework_version, case.framework_sha256, case.category, dims))
    return templates


def region_codes(regions: int) -> list[str]:
    """``regions`` distinct 6-digit region codes (Fujian and the provinces after it)."""
    return [f"{35 + i // 100:02d}{(i // 10) % 10 + 1:02d}{i % 10 + 1:02d}" for i in range(regions)]


def build(folder: Path, n: int, regions: int, rng: random.Random, url: str | None = None) -> str:
    """Make the database (SQLite in ``folder``, or the empty database at ``url``); its path or URL."""
    target = url or str(folder / "region.sqlite3")
    ctx = open_context(target, folder, actor="bench")
    templates = make_templates(ctx, rng)
    codes = region_codes(regions)
    with ctx.transaction() as s:
        entities = [{"uscc": uscc(rng, rng.choice(codes)), "name": f"主体{i}"} for i in range(n)]
        for e in entities:
            e["registration_region"] = e["uscc"][2:8]
        s.execute(insert(Entity), entities)
        ids = dict(s.execute(select(Entity.uscc, Entity.id)).all())
        at = datetime(2026, 3, 1, tzinfo=UTC)
        rows = []
        for i, e in enumerate(entities):
            fid, version, sha, category, _ = templates[i % 3]
            total = rng.randint(4000, 9900)
            rows.append(
                {
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
                    "mode": "third-party" if i % 7 else "self",
                    "assessor": "评估机构",
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
            )
        s.execute(insert(Case), rows)
        case_ids = s.execute(select(Case.id, Case.category).where(Case.entity_name != "模板")).all()
        by_category = {t[3]: t[4] for t in templates}
        s.execute(
            insert(DimensionScoreRow),
            [
                {"case_id": cid, "dimension_id": d, "score_hundredths": rng.randint(3000, 10000), "excluded": False}
                for cid, cat in case_ids
                for d in by_category[cat]
            ],
        )
    ctx.close()
    return target


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument(
        "--db", metavar="URL", help="an EMPTY server database to build in (default: SQLite in a temp folder)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        db = build(Path(tmp), args.cases, args.regions, random.Random(args.seed), args.db)
        built = time.perf_counter() - started
        command = ["--db", db, "--data-dir", tmp, "region", "summary", "--json", "--as-of", "2026-06-30"]
        times, cpu = [], []
        for run in range(args.runs + 1):
            sink = io.StringIO()
            t0, c0 = time.perf_counter(), time.process_time()
            with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(io.StringIO()):
                code = main(command)
            elapsed, used = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
            if code != 0:
                raise SystemExit(f"region summary failed with {code}")
            if run:
                times.append(elapsed)
                cpu.append(used)
        groups = len(json.loads(sink.getvalue())["groups"])
        # the whole command in a fresh interpreter once: its peak memory (budget < 500 MB) and, beside the
        # in-process figure, what a user waits for (interpreter start and imports included)
        process = cli_peak_rss(command)
    median = statistics.median(times)
    print(
        json.dumps(
            {
                "name": "cli.region_summary_json",
                "unit": "ms",
                "cases": args.cases,
                "regions": args.regions,
                "database": "sqlite" if args.db is None else args.db.split(":", 1)[0],
                "groups": groups,
                "build_s": round(built, 2),
                "median": round(median, 1),
                "min": round(min(times), 1),
                "max": round(max(times), 1),
                # CPU time of this process: on a busy machine the wall figure is inflated, this is not
                "cpu_median": round(statistics.median(cpu), 1),
                **process,
                "rss_budget_mib": RSS_BUDGET_MIB,
                "load_average": list(os.getloadavg()),
                "budget": BUDGET_MS,
                "within_budget": median < BUDGET_MS,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main_())
