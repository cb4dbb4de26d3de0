"""How long the full database check takes as finalized revisions accumulate.

Run from the repository root::

    .venv/bin/python tests/benchmarks/integrity_bench.py [--finalized N] [--drafts N] [--out FILE]

Makes N finalized, signed third-party revisions of the small test framework (and some drafts), then
times ``check_database``: the full check (``--full``: integrity, chains and heads, every finalized revision
against its recorded content and its signed report, cached figures, evidence files, stray files), wall and
CPU time with the share of the report signatures' verification; then the everyday check, which takes an
earlier check's word for the cases, chains and files unchanged since (services/check_cache.py) and so
reads every row and stats every file but re-verifies nothing; then ``cityeval db check`` once in a fresh
interpreter for its peak RSS; and the full check's CPU time projected to 10,000 finalized cases (the
everyday check on 10,000 is measured by integrity_scale_bench.py). The cases are real: made,
answered, given evidence, staffed, finalized and signed through the services (audit trail, stored signed
report), so building takes ~1-2 s per case. Prints one JSON object in the format of ``run.py``; not part
of the pytest run. See README.md in this folder.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import run  # noqa: E402  (sibling script: figures, machine info)

PASSWORD = "benchmark password"
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}
#: a check of 1,000 finalized revisions should finish within this (a full check is run by hand, rarely)
CHECK_BUDGET_PER_1000_S = 120.0
#: issue 13 §3: the whole check of 10,000 finalized cases
ISSUE_13_BUDGET_S = 2.0


def build(base: Path, finalized: int, drafts: int) -> object:
    from cityeval_desktop.services import cases as case_service
    from cityeval_desktop.services import frameworks as fw_registry
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.services.reporting import finalize_and_sign
    from cityeval_desktop.signing import _pkcs12
    from cityeval_desktop.signing.identity import create_identity, load_identity
    from tests.case_data_helpers import org_for, staff

    _pkcs12.KDF_ROUNDS = 1000  # the key derivation is not what is measured here
    data = base / "data"
    data.mkdir()
    ctx = open_context(data / "cityeval.sqlite3", data, actor="benchmark")
    fw_registry.install_file(ctx, ROOT / "tests" / "fixtures" / "mini.yaml")
    create_identity(base / "signer.p12", name="基准评估员", org="基准评估中心", password=PASSWORD, key_size=2048)
    signer = load_identity(base / "signer.p12", PASSWORD)
    scan = base / "scan.pdf"
    for n in range(finalized + drafts):
        ref = case_service.new_case(
            ctx,
            framework="mini",
            tier="city",
            mode="third-party",
            entity_name=f"基准主体{n}",
            uscc="91350100M000100Y43",
            assessor="基准评估员",
        ).ref
        for ind, value in VALUES.items():
            case_service.set_answer(ctx, ref, ind, value=value)
        for veto in ("V1", "V2"):
            case_service.set_veto(ctx, ref, veto, False)
        scan.write_bytes(b"%PDF-1.4 scan " + str(n).encode())
        case_service.add_evidence(ctx, ref, "S", [scan])
        if n < finalized:
            staff(ctx, ref, signer, base)
            finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref), lang="zh")
        if n % 25 == 0:
            run.log(f"{n + 1}/{finalized + drafts} cases")
    return ctx


def _metered_seals() -> list[float]:
    """Meter the report-seal reads of the check (the signatures of every finalized revision's report): the
    processor seconds of each call, without a profiler (``maintenance._seal`` imports the function when called)."""
    from cityeval_desktop.signing import report_seal

    spent: list[float] = []
    real = report_seal.read_report_seal

    def metered(*args: object, **kwargs: object) -> object:
        started = time.process_time()
        try:
            return real(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            spent.append(time.process_time() - started)

    report_seal.read_report_seal = metered  # type: ignore[assignment]
    return spent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--finalized", type=int, default=200)
    parser.add_argument("--drafts", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--profile", type=Path, help="write cProfile stats of one more (untimed) check to FILE")
    args = parser.parse_args(argv)
    from cityeval_desktop.services.maintenance import check_database
    from tests.benchmarks.workload import cli_peak_rss

    with tempfile.TemporaryDirectory(prefix="cityeval-integrity-bench-") as tmp:
        start = time.perf_counter()
        ctx = build(Path(tmp), args.finalized, args.drafts)
        run.log(f"built in {time.perf_counter() - start:.1f} s")
        from cityeval_desktop.services import check_cache

        time.sleep(check_cache.SETTLE_NS / 1e9)  # the last files made are settled, as they are after minutes
        seals = _metered_seals()
        samples, cpu, seal_cpu = [], [], []
        for _ in range(args.runs):
            del seals[:]
            t0, c0 = time.perf_counter(), time.process_time()
            result = check_database(ctx, full=True)
            samples.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            seal_cpu.append(sum(seals))
            assert result.ok and result.finalized_checked == args.finalized, result
        warm, warm_cpu = [], []
        for _ in range(max(3, args.runs)):
            t0, c0 = time.perf_counter(), time.process_time()
            result = check_database(ctx)
            warm.append(time.perf_counter() - t0)
            warm_cpu.append(time.process_time() - c0)
            assert result.ok and result.finalized_checked == args.finalized, result
            assert result.reused_cases == args.finalized + args.drafts, result
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.runcall(check_database, ctx)  # the everyday check
            profiler.dump_stats(str(args.profile))
        data = Path(tmp) / "data"
        # ``cityeval db check`` as a whole process once: its peak memory (budget < 500 MB)
        process = cli_peak_rss(["--db", str(data / "cityeval.sqlite3"), "--data-dir", str(data), "db", "check"])
        ctx.close()
    budget = CHECK_BUDGET_PER_1000_S * args.finalized / 1000
    per_revision_cpu = statistics.median(cpu) / max(1, args.finalized)
    report = {
        "machine": run.machine(),
        "load_average_end": list(os.getloadavg()),
        "results": [
            run.entry(
                f"db check --full, {args.finalized} finalized + {args.drafts} drafts",
                "s",
                samples,
                budget,
                cpu_median=round(statistics.median(cpu), 3),
                # processor time in the report signatures' verification (pyHanko), of the check's
                seal_cpu_median=round(statistics.median(seal_cpu), 3),
                **process,
            ),
            run.entry(
                f"db check (nothing changed since the last check), {args.finalized} finalized + {args.drafts} drafts",
                "s",
                warm,
                ISSUE_13_BUDGET_S * (args.finalized + args.drafts) / 10_000,
                cpu_median=round(statistics.median(warm_cpu), 3),
            ),
            run.entry(
                "db check --full per finalized revision",
                "ms",
                [1000 * s / max(1, args.finalized) for s in samples],
                None,
                cpu_median=round(1000 * per_revision_cpu, 2),
                seal_cpu_median=round(1000 * statistics.median(seal_cpu) / max(1, args.finalized), 2),
            ),
            {
                "name": "db check --full, 10,000 finalized (projected from the CPU time per revision)",
                "unit": "s",
                "projected_cpu_s": round(10_000 * per_revision_cpu, 1),
                "budget": None,
            },
        ],
    }
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
