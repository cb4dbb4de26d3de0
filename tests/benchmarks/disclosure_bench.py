"""Benchmark of the public disclosure (issue 13 §2.5): ``region disclosure`` writing the signed PDF, the CSV
and the JSON of 10,000 finalized cases over 300 regions (budget < 5 s).

The world is region_bench.py's (three template cases made through the services, 10,000 bulk-inserted
revisions with random cached figures). Timed: ``cityeval region disclosure OUT.pdf --identity AGENCY.p12
--csv --json`` called in-process (``cityeval_desktop.cli.main.main``: parsing, opening the database, the
queries, the layout of every page, the PAdES signature, the three atomic writes; not the interpreter's start
and imports), after one untimed warm-up run; judged on the median wall time. The peak RSS is that of one
run of the same command in a child process (interpreter and imports included). Prints one JSON object.

    .venv/bin/python tests/benchmarks/disclosure_bench.py [--cases 10000] [--regions 300] [--runs 3] [--db URL]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cityeval_desktop.cli.main import main
from cityeval_desktop.signing.identity import create_identity
from tests.benchmarks.region_bench import build

BUDGET_S = 5.0
PASSWORD = "bench-agency-2026"


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument(
        "--db", metavar="URL", help="an EMPTY server database to build in (default: SQLite in a temp folder)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        db = build(folder, args.cases, args.regions, random.Random(args.seed), args.db)
        agency = folder / "agency.p12"
        create_identity(agency, name="基准测试公示机构", org="基准测试公示机构", password=PASSWORD, key_size=2048)
        built = time.perf_counter() - started
        os.environ["CITYEVAL_PASSWORD"] = PASSWORD
        out = folder / "out"
        out.mkdir()
        command = [
            "--db", db, "--data-dir", tmp, "region", "disclosure", str(out / "n.pdf"), "--identity", str(agency),
            "--csv", str(out / "n.csv"), "--json", str(out / "n.json"), "--as-of", "2026-06-30",
        ]  # fmt: skip
        times, cpu = [], []
        for run in range(args.runs + 1):
            t0, c0 = time.perf_counter(), time.process_time()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                code = main(command)
            elapsed, used = time.perf_counter() - t0, time.process_time() - c0
            if code != 0:
                raise SystemExit(f"region disclosure failed with {code}")
            if run:
                times.append(elapsed)
                cpu.append(used)
        data = json.loads((out / "n.json").read_text("utf-8"))
        pages = subprocess.run(["pdfinfo", str(out / "n.pdf")], capture_output=True, text=True).stdout
        page_count = next((int(x.split()[-1]) for x in pages.splitlines() if x.startswith("Pages:")), None)
        sizes = {p.suffix[1:]: p.stat().st_size for p in out.iterdir()}
        child = [
            sys.executable,
            "-c",
            "import sys; from cityeval_desktop.cli.main import main; sys.exit(main(sys.argv[1:]))",
        ]
        subprocess.run([*child, *command], check=True, capture_output=True, cwd=Path(__file__).resolve().parents[2])
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    median = statistics.median(times)
    print(
        json.dumps(
            {
                "name": "cli.region_disclosure",
                "unit": "s",
                "cases": args.cases,
                "regions": args.regions,
                "database": "sqlite" if args.db is None else args.db.split(":", 1)[0],
                "entities": len(data["entities"]),
                "groups": len(data["groups"]),
                "pages": page_count,
                "bytes": sizes,
                "build_s": round(built, 2),
                "median": round(median, 2),
                "min": round(min(times), 2),
                "max": round(max(times), 2),
                "cpu_median": round(statistics.median(cpu), 2),
                "peak_rss_mib": round(peak_kib / 1024, 1),
                "load_average": list(os.getloadavg()),
                "budget": BUDGET_S,
                "within_budget": median < BUDGET_S,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main_())
