"""Performance budgets of CityEval Desktop: rescoring, bulk case entry, CLI commands.

Run from the repository root::

    .venv/bin/python tests/benchmarks/run.py [--cases N] [--out FILE]

Prints one JSON object on stdout (progress goes to stderr). Not part of the pytest run.
See README.md in this folder for the budgets and what each figure means.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import workload  # noqa: E402  (sibling helper; the script's folder is on sys.path)

from cityeval_desktop.domain.loader import load_bytes  # noqa: E402
from cityeval_desktop.domain.scoring import score  # noqa: E402

FRAMEWORK_IDS = ("planning-consulting", "construction-implementation", "operations-maintenance")
TIERS = ("regional", "city", "enterprise")

# budgets from the issue
RESCORE_BUDGET_MS = 2.0  # per rescoring of a 60-indicator case
CASES_BUDGET_S = 15.0  # 1,000 cases created and fully answered (2-core machine)
CASES_BUDGET_FOR = 1000
CLI_BUDGET_S = 0.5  # `case list`, `case show` as whole commands


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def figures(samples: Sequence[float], digits: int = 6) -> dict[str, Any]:
    """median, p95 (nearest rank), min, max, mean and count of a list of timings."""
    ordered = sorted(samples)
    n = len(ordered)
    p95 = ordered[max(0, math.ceil(0.95 * n) - 1)]
    return {
        "median": round(statistics.median(ordered), digits),
        "p95": round(p95, digits),
        "min": round(ordered[0], digits),
        "max": round(ordered[-1], digits),
        "mean": round(statistics.fmean(ordered), digits),
        "count": n,
    }


def entry(
    name: str,
    unit: str,
    samples: Sequence[float],
    budget: float | None,
    metric: str = "median",
    *,
    digits: int = 6,
    **extra: Any,
) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "unit": unit, **figures(samples, digits)}
    out.update(extra)
    out["budget"] = budget
    out["budget_metric"] = metric if budget is not None else None
    out["within_budget"] = None if budget is None else bool(out[metric] < budget)
    return out


# ----------------------------------------------------------------------------- 1. rescoring
def bench_rescoring(runs: int, seed: int) -> dict[str, Any]:
    raw = workload.synthetic_framework_yaml()
    framework = load_bytes(raw, "<benchmark-sixty>")
    tier = "regional"
    indicators = framework.tier_indicators(tier)
    assert len(indicators) == 60, len(indicators)
    kinds = sorted({i.method.type for i in indicators})
    assert len(kinds) == 8, kinds
    rng = random.Random(seed)
    answer_sets = [workload.full_answers(framework, tier, rng) for _ in range(64)]
    vetoes: dict[str, bool | None] = {v.id: False for v in framework.vetoes}
    for answers in answer_sets[:32]:  # warm-up
        score(framework, tier, answers, vetoes)
    samples: list[float] = []
    clock = time.perf_counter_ns
    for k in range(runs):
        answers = answer_sets[k % len(answer_sets)]
        t0 = clock()
        result = score(framework, tier, answers, vetoes)
        samples.append((clock() - t0) / 1e6)
        assert result.answered == 60
    return entry(
        "domain.score.60_indicators",
        "ms",
        samples,
        RESCORE_BUDGET_MS,
        indicators=len(indicators),
        method_types=kinds,
        framework_bytes=len(raw),
        description="one call of domain.scoring.score on a fully answered 60-indicator case",
    )


# ----------------------------------------------------------------------------- 2. bulk cases
def build_cases(n: int, base: Path, seed: int) -> tuple[list[dict[str, Any]], dict[str, Any], list[str]]:
    """Create and fully answer ``n`` cases through the services; return the figures."""
    from cityeval_desktop.services import cases as case_service
    from cityeval_desktop.services import frameworks as fw_registry
    from cityeval_desktop.services.context import open_context

    data_dir = base / "data"
    answers_dir = base / "answers"
    data_dir.mkdir()
    answers_dir.mkdir()
    db = data_dir / "cityeval.sqlite3"
    rng = random.Random(seed)

    t0 = time.perf_counter()
    ctx = open_context(db, data_dir, actor="benchmark")
    open_s = time.perf_counter() - t0

    # inputs are prepared before timing: the answers files and the case parameters
    bundled = {f.id: f for f in fw_registry.bundled_frameworks()}
    plan = []
    for i in range(n):
        fw = bundled[FRAMEWORK_IDS[i % 3]]
        tier = TIERS[(i // 3) % 3]
        path = answers_dir / f"case-{i:05d}.json"
        doc = workload.answers_document(fw, tier, rng)
        path.write_text(json.dumps(doc, ensure_ascii=False, default=workload.to_json), "utf-8")
        plan.append(
            {
                "framework": fw.id,
                "tier": tier,
                "mode": "third-party" if i % 2 else "self",
                "entity_name": f"基准测试数字科技有限公司{i:05d}",
                "uscc": workload.uscc(rng),
                "assessor": "基准评估员",
                "answers": path,
            }
        )

    new_s: list[float] = []
    answer_s: list[float] = []
    per_case: list[float] = []
    uuids: list[str] = []
    clock = time.perf_counter
    log(f"creating and answering {n} cases ...")
    t_all = clock()
    for k, p in enumerate(plan):
        t0 = clock()
        summary = case_service.new_case(
            ctx,
            framework=p["framework"],
            tier=p["tier"],
            mode=p["mode"],
            entity_name=p["entity_name"],
            uscc=p["uscc"],
            assessor=p["assessor"],
        )
        t1 = clock()
        detail = case_service.apply_answers_file(ctx, summary.case_uuid, p["answers"])
        t2 = clock()
        assert detail.result.completeness == 1, detail.result.completeness
        new_s.append(t1 - t0)
        answer_s.append(t2 - t1)
        per_case.append(t2 - t0)
        uuids.append(summary.case_uuid)
        if (k + 1) % 250 == 0:
            log(f"  {k + 1}/{n} cases, {clock() - t_all:.1f} s")
    total_s = clock() - t_all
    ctx.close()

    budget = CASES_BUDGET_S * n / CASES_BUDGET_FOR
    results = [
        entry(
            f"services.create_and_answer_{n}_cases",
            "s",
            per_case,
            budget,
            "total",
            total=round(total_s, 3),
            cases_per_second=round(n / total_s, 1),
            budget_note=f"{CASES_BUDGET_S} s per {CASES_BUDGET_FOR} cases (scaled to {n})",
            open_context_s=round(open_s, 4),
            db_bytes=db.stat().st_size + sum(x.stat().st_size for x in data_dir.glob("*.sqlite3-*")),
            description=(
                "new_case + apply_answers_file (full answers document, all vetoes decided) per case, "
                "round-robin over the 3 default frameworks x 3 tiers; median/p95/min are per case, "
                "the budget applies to the total"
            ),
        ),
        entry("services.new_case", "ms", [x * 1000 for x in new_s], None, description="per call"),
        entry(
            "services.apply_answers_file",
            "ms",
            [x * 1000 for x in answer_s],
            None,
            description="per call: read + check the JSON document, write answers + audit, rescore",
        ),
    ]
    env = {"db": str(db), "data_dir": str(data_dir)}
    return results, env, uuids


# ----------------------------------------------------------------------------- 3. CLI
def cli_env(base: Path, db: str, data_dir: str, *, bytecode_cache: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYEVAL_")}
    if bytecode_cache:
        # as installed (wheel, frozen app): compiled modules are cached. The cache goes to the
        # temp folder, so the source tree gets no __pycache__ folders; the warm-up run fills it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(base / "pycache")
    home = base / "home"
    env.update(
        {
            "CITYEVAL_DB": db,
            "CITYEVAL_DATA_DIR": data_dir,
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def time_command(argv: list[str], env: dict[str, str], runs: int) -> tuple[list[float], int]:
    """Wall times of ``runs`` runs after one untimed warm-up run; also the size of stdout."""
    times: list[float] = []
    out_bytes = 0
    for k in range(runs + 1):
        t0 = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, env=env, cwd=ROOT, check=False)
        dt = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.decode(errors='replace')}")
        if k == 0:
            out_bytes = len(proc.stdout)
        else:
            times.append(dt)
    return times, out_bytes


def bench_cli(
    base: Path, db: str, data_dir: str, case_uuid: str, runs: int, *, bytecode_cache: bool
) -> list[dict[str, Any]]:
    env = cli_env(base, db, data_dir, bytecode_cache=bytecode_cache)
    py = sys.executable
    cli = [py, "-m", "cityeval_desktop.cli.main"]
    commands: list[tuple[str, list[str], float | None, str]] = [
        ("python.startup", [py, "-c", "pass"], None, "bare interpreter start (baseline)"),
        (
            "cli.import",
            [py, "-c", "import cityeval_desktop.cli.main"],
            None,
            "interpreter start + importing the CLI module (no command run)",
        ),
        ("cli.case_list", [*cli, "case", "list"], CLI_BUDGET_S, "`cityeval case list` (table)"),
        ("cli.case_list_json", [*cli, "case", "list", "--json"], CLI_BUDGET_S, "`cityeval case list --json`"),
        ("cli.case_show", [*cli, "case", "show", case_uuid], CLI_BUDGET_S, "`cityeval case show CASE`"),
        (
            "cli.case_show_json",
            [*cli, "case", "show", case_uuid, "--json"],
            CLI_BUDGET_S,
            "`cityeval case show CASE --json`",
        ),
    ]
    out = []
    for name, argv, budget, desc in commands:
        log(f"timing {name} ({runs} runs) ...")
        samples, size = time_command(argv, env, runs)
        out.append(entry(name, "s", samples, budget, digits=4, stdout_bytes=size, description=desc))
    return out


# ----------------------------------------------------------------------------- main
def machine() -> dict[str, Any]:
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        affinity = None
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": affinity,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        # other work on the machine skews the figures: compare with cpu_count
        "load_average_start": _load(),
    }


def _load() -> list[float] | None:
    getloadavg = getattr(os, "getloadavg", None)  # not on Windows
    return [round(x, 2) for x in getloadavg()] if getloadavg else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000, help="cases to create and answer (default 1000)")
    parser.add_argument("--out", type=Path, help="also write the JSON figures to this file")
    parser.add_argument("--score-runs", type=int, default=3000, help="timed rescorings (default 3000)")
    parser.add_argument("--cli-runs", type=int, default=5, help="timed runs of each command (default 5)")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="run the commands with the caller's bytecode settings (PYTHONDONTWRITEBYTECODE=1 means "
        "every run compiles the project's modules again)",
    )
    parser.add_argument(
        "--only", choices=("score", "cases", "cli"), action="append", help="run only these (cli implies cases)"
    )
    parser.add_argument("--fail-over-budget", action="store_true", help="exit 1 when a budget is missed")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        help="write cProfile stats of the bulk-case benchmark to FILE (its figures are then inflated)",
    )
    args = parser.parse_args(argv)
    only = set(args.only or ("score", "cases", "cli"))
    if args.cases < 1:
        parser.error("--cases must be at least 1")

    for key in [k for k in os.environ if k.startswith("CITYEVAL_")]:
        del os.environ[key]
    report: dict[str, Any] = {
        "machine": machine(),
        "parameters": {
            "cases": args.cases,
            "score_runs": args.score_runs,
            "cli_runs": args.cli_runs,
            "seed": args.seed,
            "cli_bytecode_cache": not args.no_bytecode_cache,
        },
        "benchmarks": [],
    }
    started = time.perf_counter()
    if "score" in only:
        log(f"rescoring a 60-indicator case {args.score_runs} times ...")
        gc.collect()
        report["benchmarks"].append(bench_rescoring(args.score_runs, args.seed))
    if only & {"cases", "cli"}:
        with tempfile.TemporaryDirectory(prefix="cityeval-bench-") as tmp:
            base = Path(tmp)
            gc.collect()
            profiler = cProfile.Profile() if args.profile else None
            if profiler:
                profiler.enable()
            results, env, uuids = build_cases(args.cases, base, args.seed)
            if profiler:
                profiler.disable()
                profiler.dump_stats(args.profile)
                report["parameters"]["profiled"] = True
            report["benchmarks"].extend(results)
            if "cli" in only:
                # a case from the middle: index 9k = planning-consulting, regional tier
                target = uuids[min(len(uuids) - 1, (len(uuids) // 2) // 9 * 9)]
                report["parameters"]["show_case"] = target
                report["benchmarks"].extend(
                    bench_cli(
                        base,
                        env["db"],
                        env["data_dir"],
                        target,
                        args.cli_runs,
                        bytecode_cache=not args.no_bytecode_cache,
                    )
                )
    judged = [b["within_budget"] for b in report["benchmarks"] if b["within_budget"] is not None]
    report["all_within_budget"] = all(judged)
    report["machine"]["load_average_end"] = _load()
    report["elapsed_s"] = round(time.perf_counter() - started, 1)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", "utf-8")
    return 1 if args.fail_over_budget and not report["all_within_budget"] else 0


if __name__ == "__main__":
    sys.exit(main())
