"""How long the full database check takes as finalized revisions accumulate.

Run from the repository root::

    .venv/bin/python tests/benchmarks/integrity_bench.py [--finalized N] [--drafts N] [--out FILE]

Makes N finalized, signed third-party revisions of the small test framework (and some drafts), then
times ``check_database`` (integrity, chains and heads, every finalized revision against its recorded
content and its signed report, cached figures, evidence files, stray files). Prints one JSON object
in the format of ``run.py``; not part of the pytest run. See README.md in this folder.
"""

from __future__ import annotations

import argparse
import json
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--finalized", type=int, default=200)
    parser.add_argument("--drafts", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    from cityeval_desktop.services.maintenance import check_database

    with tempfile.TemporaryDirectory(prefix="cityeval-integrity-bench-") as tmp:
        start = time.perf_counter()
        ctx = build(Path(tmp), args.finalized, args.drafts)
        run.log(f"built in {time.perf_counter() - start:.1f} s")
        samples = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            result = check_database(ctx)
            samples.append(time.perf_counter() - t0)
            assert result.ok and result.finalized_checked == args.finalized, result
        ctx.close()
    budget = CHECK_BUDGET_PER_1000_S * args.finalized / 1000
    report = {
        "machine": run.machine(),
        "results": [
            run.entry(f"db check, {args.finalized} finalized + {args.drafts} drafts", "s", samples, budget),
            run.entry(
                "db check per finalized revision",
                "ms",
                [1000 * s / max(1, args.finalized) for s in samples],
                None,
            ),
        ],
    }
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
