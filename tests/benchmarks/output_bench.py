"""Performance budgets of the outputs: signed PDF report, multi-case workbook, checklist import.

Run from the repository root::

    .venv/bin/python tests/benchmarks/output_bench.py [--out FILE] [--only report|workbook|checklist]

Prints one JSON object on stdout (progress goes to stderr), in the format of ``run.py``, whose
helpers (figures, machine info, bulk case creation, timing of commands) and ``workload.py``
generators it reuses. Not part of the pytest run. See README.md in this folder.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import run  # noqa: E402  (sibling script: figures, machine info, bulk cases, command timing)
import workload  # noqa: E402  (sibling helper: synthetic framework, answers, USCCs)

from cityeval_desktop.domain.methods import Choice, Scale, YesNo  # noqa: E402

# budgets from the issue
REPORT_BUDGET_S = 1.5  # signed report (render + PAdES sign) of a 60-indicator case with 300 evidence entries
WORKBOOK_BUDGET_S = 10.0  # multi-case workbook of 1,000 cases
WORKBOOK_BUDGET_FOR = 1000
CHECKLIST_BUDGET_S = 0.5  # importing a filled checklist workbook

PASSWORD = "benchmark password"
EVIDENCE_PER_INDICATOR = 5  # x 60 indicators = 300 evidence entries
REPORT_TIER = "regional"  # the tier in which all 60 synthetic indicators apply

log = run.log
entry = run.entry


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def repeat(fn: Callable[[], Any], runs: int, warmup: int = 1) -> tuple[list[float], Any]:
    """Seconds of ``runs`` calls after ``warmup`` untimed ones; also the last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    samples = []
    for _ in range(runs):
        gc.collect()
        dt, result = timed(fn)
        samples.append(dt)
    return samples, result


def ms(samples: Sequence[float]) -> list[float]:
    return [x * 1000 for x in samples]


# ----------------------------------------------------------------------------- 1. signed report
_COLD_SCRIPT = """
import json, os, sys, time
t0 = time.perf_counter()
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.reporting import render_report
from cityeval_desktop.signing.identity import load_identity
db, data_dir, case, identity_path = sys.argv[1:5]
ctx = open_context(db, data_dir, actor="benchmark")
identity = load_identity(identity_path, os.environ["CITYEVAL_PASSWORD"])
t1 = time.perf_counter()
pdf = render_report(ctx, case, identity=identity)
t2 = time.perf_counter()
ctx.close()
print(json.dumps({"setup_s": t1 - t0, "render_sign_s": t2 - t1, "pdf_bytes": len(pdf)}))
"""


def prepare_report_case(base: Path, seed: int) -> dict[str, Any]:
    """A 60-indicator regional case, fully answered, 5 evidence files per indicator; an identity."""
    from cityeval_desktop.services import cases as case_service
    from cityeval_desktop.services import frameworks as fw_registry
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.signing.identity import create_identity

    rng = random.Random(seed)
    data_dir = base / "data"
    data_dir.mkdir(parents=True)
    db = data_dir / "cityeval.sqlite3"
    ctx = open_context(db, data_dir, actor="benchmark")
    fw_file = base / "benchmark-sixty.yaml"
    fw_file.write_bytes(workload.synthetic_framework_yaml())
    fw = fw_registry.install_file(ctx, fw_file)
    summary = case_service.new_case(
        ctx,
        framework=fw.key,
        tier=REPORT_TIER,
        mode="third-party",
        entity_name="基准测试数字科技有限公司",
        uscc=workload.uscc(rng),
        assessor="基准评估员",
    )
    scans = base / "scans"
    scans.mkdir()
    doc = workload.answers_document(fw, REPORT_TIER, rng)
    for n, (ind_id, item) in enumerate(doc["answers"].items()):
        names = []
        for k in range(EVIDENCE_PER_INDICATOR):
            name = f"{ind_id}-现场核查材料-{k + 1}.pdf"
            # distinct small files: each becomes its own stored evidence entry
            (scans / name).write_bytes(b"%PDF-1.4 scanned record " + rng.randbytes(512 + 64 * ((n + k) % 8)))
            names.append(f"scans/{name}")
        item["evidence"] = names
    answers = base / "answers.json"
    answers.write_text(json.dumps(doc, ensure_ascii=False, default=workload.to_json), "utf-8")
    detail = case_service.apply_answers_file(ctx, summary.case_uuid, answers)
    assert len(detail.result.indicators) == 60, len(detail.result.indicators)
    assert len(detail.evidence) == 60 * EVIDENCE_PER_INDICATOR, len(detail.evidence)
    identity_path = base / "assessor.p12"
    create_identity(identity_path, name="基准评估员", org="基准评估中心", password=PASSWORD)
    return {
        "ctx": ctx,
        "db": str(db),
        "data_dir": str(data_dir),
        "case": summary.case_uuid,
        "identity": identity_path,
        "evidence": len(detail.evidence),
    }


def bench_report(base: Path, runs: int, cold_runs: int, cli_runs: int, seed: int, *, bytecode_cache: bool) -> list:
    from cityeval_desktop.reports.pdf import render_case_report
    from cityeval_desktop.services import cases as case_service
    from cityeval_desktop.services.reporting import audit_entries, render_report
    from cityeval_desktop.signing.identity import load_identity
    from cityeval_desktop.signing.pades import sign_pdf, verify_pdf

    log("preparing a 60-indicator case with 300 evidence entries ...")
    prep = prepare_report_case(base, seed)
    ctx, case = prep["ctx"], prep["case"]
    identity = load_identity(prep["identity"], PASSWORD)
    common = {"indicators": 60, "evidence_entries": prep["evidence"], "tier": REPORT_TIER}

    # warm: in this process, after one untimed run (imports, font, caches)
    log(f"signed report, warm ({runs} runs) ...")
    samples, signed = repeat(lambda: render_report(ctx, case, identity=identity), runs)
    reports = verify_pdf(signed, [identity.certificate])
    assert reports and all(r.valid and r.intact for r in reports), "the benchmark's signed report does not verify"
    out = [
        entry(
            "report.signed_pdf.warm",
            "s",
            samples,
            REPORT_BUDGET_S,
            digits=4,
            pdf_bytes=len(signed),
            **common,
            description="services.reporting.render_report(identity=...) in a warm process: load the case and its "
            "audit chain, render the PDF (render_case_report), sign it (PAdES, RSA-3072)",
        )
    ]

    # the parts, to see where the time goes (no budget)
    detail = case_service.load_case(ctx, case)
    entries = audit_entries(ctx, case)
    load_s, _ = repeat(lambda: (case_service.load_case(ctx, case), audit_entries(ctx, case)), runs)
    render_s, rendered = repeat(
        lambda: render_case_report(detail, audit_entries=entries, final=True, assessor_org=identity.organisation),
        runs,
    )
    sign_s, _ = repeat(lambda: sign_pdf(rendered.pdf, identity, box=rendered.signature_box), runs)
    out += [
        entry("report.load_case_and_audit", "ms", ms(load_s), None, digits=2, description="load_case + audit_entries"),
        entry(
            "report.render_pdf",
            "ms",
            ms(render_s),
            None,
            digits=2,
            pages=rendered.pages,
            pdf_bytes=len(rendered.pdf),
            description="reports.pdf.render_case_report (final, no watermark)",
        ),
        entry("report.sign_pdf", "ms", ms(sign_s), None, digits=2, description="signing.pades.sign_pdf"),
    ]
    prep["ctx"].close()

    # cold: a fresh interpreter; the first render + sign pays for importing reportlab/pyHanko and the font
    env = run.cli_env(base, prep["db"], prep["data_dir"], bytecode_cache=bytecode_cache)
    env["CITYEVAL_PASSWORD"] = PASSWORD
    argv = [sys.executable, "-c", _COLD_SCRIPT, prep["db"], prep["data_dir"], case, str(prep["identity"])]
    log(f"signed report, cold ({cold_runs} fresh process(es)) ...")
    cold: list[dict[str, float]] = []
    walls: list[float] = []
    for k in range(cold_runs + 1):  # the first run only fills the bytecode cache
        wall, proc = timed(lambda: subprocess.run(argv, capture_output=True, env=env, cwd=ROOT, check=False))
        if proc.returncode != 0:
            raise RuntimeError(f"cold report run failed: {proc.stderr.decode(errors='replace')}")
        if k:
            cold.append(json.loads(proc.stdout))
            walls.append(wall)
    out.append(
        entry(
            "report.signed_pdf.cold",
            "s",
            [c["render_sign_s"] for c in cold],
            REPORT_BUDGET_S,
            digits=4,
            setup_s=round(min(c["setup_s"] for c in cold), 4),
            process_wall_s=round(min(walls), 4),
            **common,
            description="the first render_report(identity=...) in a fresh interpreter (lazy imports of reportlab "
            "and pyHanko, font loading included); setup_s = interpreter-side imports + open database + load the "
            "identity, process_wall_s = the whole subprocess",
        )
    )

    # the command as a user runs it (no budget: adds interpreter start, imports, PKCS#12 and the file write)
    pdf_out = base / "report.pdf"
    cmd = [
        sys.executable, "-m", "cityeval_desktop.cli.main", "report", "pdf", case, str(pdf_out),
        "--identity", str(prep["identity"]),
    ]  # fmt: skip
    log(f"timing `cityeval report pdf --identity` ({cli_runs} runs) ...")
    samples, _ = run.time_command(cmd, env, cli_runs)
    out.append(
        entry(
            "cli.report_pdf_signed",
            "s",
            samples,
            None,
            digits=4,
            **common,
            description="`cityeval report pdf CASE OUT.pdf --identity ID.p12` as a whole process (draft case)",
        )
    )
    return out


# ----------------------------------------------------------------------------- 2. multi-case workbook
def bench_workbook(base: Path, n: int, runs: int, cli_runs: int, seed: int, *, bytecode_cache: bool) -> list:
    from cityeval_desktop.reports.xlsx import write_cases_workbook
    from cityeval_desktop.services import cases as case_service
    from cityeval_desktop.services.context import open_context

    base.mkdir()
    built, env_paths, uuids = run.build_cases(n, base, seed)
    ctx = open_context(env_paths["db"], env_paths["data_dir"], actor="benchmark")
    out_file = base / "cases.xlsx"
    load_s: list[float] = []
    write_s: list[float] = []
    log(f"loading {n} cases and writing their workbook ({runs} runs) ...")
    for _ in range(runs):
        gc.collect()
        dt, details = timed(lambda: [case_service.load_case(ctx, u) for u in uuids])
        load_s.append(dt)
        gc.collect()
        dt, _ = timed(lambda details=details: write_cases_workbook(details, out_file))
        write_s.append(dt)
    ctx.close()
    rows = _count_rows(out_file)
    assert rows == n + 1, rows
    budget = WORKBOOK_BUDGET_S * n / WORKBOOK_BUDGET_FOR
    setup_s = built[0]["total"]  # creating and answering the N cases (run.build_cases), not judged here
    out = [
        entry(
            f"xlsx.cases_workbook_{n}",
            "s",
            write_s,
            budget,
            digits=4,
            cases=n,
            setup_create_and_answer_s=setup_s,
            xlsx_bytes=out_file.stat().st_size,
            budget_note=f"{WORKBOOK_BUDGET_S} s per {WORKBOOK_BUDGET_FOR} cases (scaled to {n})",
            description="reports.xlsx.write_cases_workbook on N loaded CaseDetails (Cases + Statistics sheets, "
            "charts, written atomically)",
        ),
        entry(
            f"services.load_{n}_cases",
            "s",
            load_s,
            None,
            digits=4,
            per_case_ms=round(min(load_s) / n * 1000, 3),
            description="services.cases.load_case for each of the N cases (what `report xlsx` does first)",
        ),
    ]
    env = run.cli_env(base, env_paths["db"], env_paths["data_dir"], bytecode_cache=bytecode_cache)
    cmd = [sys.executable, "-m", "cityeval_desktop.cli.main", "report", "xlsx", *uuids, str(base / "cli.xlsx")]
    log(f"timing `cityeval report xlsx` with {n} cases ({cli_runs} runs) ...")
    samples, _ = run.time_command(cmd, env, cli_runs)
    out.append(
        entry(
            f"cli.report_xlsx_{n}_cases",
            "s",
            samples,
            None,
            digits=4,
            description=f"`cityeval report xlsx CASE1 ... CASE{n} OUT.xlsx` as a whole process (load + write)",
        )
    )
    return out


def _count_rows(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()


# ----------------------------------------------------------------------------- 3. checklist import
def largest_tier() -> tuple[Any, str]:
    """The bundled framework and tier with the most indicators (the biggest checklist to read)."""
    from cityeval_desktop.services import frameworks as fw_registry

    options = [(len(f.tier_indicators(t.id)), f.id, t.id, f) for f in fw_registry.bundled_frameworks() for t in f.tiers]
    _, _, tier, fw = max(options, key=lambda o: (o[0], o[1], o[2]))
    return fw, tier


def fill_checklist(path: Path, out: Path, framework: Any, tier: str, rng: random.Random) -> int:
    """Fill every value cell (as a user would: levels, 是/否, list entries, numbers) and every veto."""
    from openpyxl import load_workbook

    from cityeval_desktop.exchange.checklist import COLUMNS, SHEETS, VETO_COLUMNS

    col = {c.key: n for n, c in enumerate(COLUMNS, start=1)}
    wb = load_workbook(path)
    ws = wb[SHEETS["checklist"].zh]
    filled = 0
    for r in range(2, ws.max_row + 1):
        ind = framework.indicator(ws.cell(row=r, column=col["id"]).value)
        if ind is None:
            continue
        m = ind.method
        raw = workload.raw_value(ind, tier, rng)
        if isinstance(m, YesNo):
            value: Any = "是" if raw else "否"
        elif isinstance(m, Choice):
            option = m.option(raw)
            value = f"{option.id} | {option.title.zh}"  # what the drop-down list enters
        elif isinstance(m, Scale):
            value = raw
        else:
            value = float(raw)
        ws.cell(row=r, column=col["value"], value=value)
        if r % 4 == 0:
            ws.cell(row=r, column=col["note"], value=f"现场核查记录 {r}：材料齐全。")
        filled += 1
    vetoes = wb[SHEETS["vetoes"].zh]
    decision = next(n for n, c in enumerate(VETO_COLUMNS, start=1) if c.key == "decision")
    for r in range(2, vetoes.max_row + 1):
        if vetoes.cell(row=r, column=1).value:
            vetoes.cell(row=r, column=decision, value="否")
    wb.save(out)
    return filled


def bench_checklist(base: Path, runs: int, cli_runs: int, seed: int, *, bytecode_cache: bool) -> list:
    from cityeval_desktop.domain.loader import load_bytes
    from cityeval_desktop.exchange.checklist import export_checklist, read_checklist
    from cityeval_desktop.services import cases as case_service
    from cityeval_desktop.services.answers import parse_document
    from cityeval_desktop.services.context import open_context

    rng = random.Random(seed)
    data_dir = base / "data"
    data_dir.mkdir(parents=True)
    db = data_dir / "cityeval.sqlite3"
    ctx = open_context(db, data_dir, actor="benchmark")
    fw, tier = largest_tier()
    summary = case_service.new_case(
        ctx,
        framework=fw.key,
        tier=tier,
        mode="self",
        entity_name="基准测试数字科技有限公司",
        uscc=workload.uscc(rng),
        assessor="基准评估员",
    )
    blank, filled_path = base / "checklist.xlsx", base / "filled.xlsx"
    export_s, _ = timed(lambda: export_checklist(fw, blank, "zh", tier))
    filled = fill_checklist(blank, filled_path, fw, tier, rng)
    assert filled == len(fw.tier_indicators(tier)), filled
    limit = ctx.evidence.limit

    def read_and_parse() -> Any:
        doc = read_checklist(filled_path, fw, tier)
        return parse_document(doc, fw, tier, source=str(filled_path), base_dir=base, evidence_limit=limit)

    log(f"checklist import of {fw.key} tier {tier}, {filled} indicators ({runs} runs) ...")
    samples, batch = repeat(read_and_parse, runs)
    assert len(batch.answers) == filled, len(batch.answers)
    read_s, doc = repeat(lambda: read_checklist(filled_path, fw, tier), runs)
    parse_s, _ = repeat(
        lambda: parse_document(doc, fw, tier, source=str(filled_path), base_dir=base, evidence_limit=limit), runs
    )
    apply_s, detail = repeat(lambda: case_service.apply_answers_file(ctx, summary.case_uuid, filled_path), runs)
    assert detail.result.answered == filled, detail.result.answered
    ctx.close()
    common = {"framework": fw.key, "tier": tier, "indicators": filled, "xlsx_bytes": filled_path.stat().st_size}
    out = [
        entry(
            "checklist.import",
            "s",
            samples,
            CHECKLIST_BUDGET_S,
            digits=4,
            **common,
            description="exchange.checklist.read_checklist + services.answers.parse_document of a filled checklist "
            "(every value cell and veto filled) in a warm process",
        ),
        entry("checklist.read_checklist", "ms", ms(read_s), None, digits=2, description="read_checklist alone"),
        entry("checklist.parse_document", "ms", ms(parse_s), None, digits=2, description="parse_document alone"),
        entry(
            "checklist.apply_answers_file",
            "ms",
            ms(apply_s),
            None,
            digits=2,
            description="services.cases.apply_answers_file(filled.xlsx): read + parse + write + rescore",
        ),
        entry(
            "checklist.export",
            "ms",
            [export_s * 1000],
            None,
            digits=2,
            description="export_checklist for the tier (one cold call, setup)",
        ),
    ]
    # the same with the synthetic 60-indicator framework (bigger than any bundled one; no budget)
    big = load_bytes(workload.synthetic_framework_yaml(), "<benchmark-sixty>")
    big_blank, big_filled = base / "checklist-60.xlsx", base / "filled-60.xlsx"
    export_checklist(big, big_blank, "zh", REPORT_TIER)
    n_big = fill_checklist(big_blank, big_filled, big, REPORT_TIER, rng)

    def read_and_parse_big() -> Any:
        doc = read_checklist(big_filled, big, REPORT_TIER)
        return parse_document(doc, big, REPORT_TIER, source=str(big_filled), base_dir=base, evidence_limit=limit)

    big_s, big_batch = repeat(read_and_parse_big, runs)
    assert len(big_batch.answers) == n_big == 60, (len(big_batch.answers), n_big)
    out.append(
        entry(
            "checklist.import_60_indicators",
            "s",
            big_s,
            None,
            digits=4,
            framework="benchmark-sixty (workload.py)",
            tier=REPORT_TIER,
            indicators=n_big,
            xlsx_bytes=big_filled.stat().st_size,
            description="as checklist.import, for the synthetic 60-indicator framework",
        )
    )
    env = run.cli_env(base, str(db), str(data_dir), bytecode_cache=bytecode_cache)
    cmd = [sys.executable, "-m", "cityeval_desktop.cli.main", "case", "answer", summary.case_uuid]
    cmd += ["--file", str(filled_path)]
    log(f"timing `cityeval case answer CASE --file filled.xlsx` ({cli_runs} runs) ...")
    samples, _ = run.time_command(cmd, env, cli_runs)
    out.append(
        entry(
            "cli.case_answer_xlsx",
            "s",
            samples,
            CHECKLIST_BUDGET_S,
            digits=4,
            **common,
            description="`cityeval case answer CASE --file filled.xlsx` as a whole process",
        )
    )
    return out


# ----------------------------------------------------------------------------- main
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the JSON figures to this file")
    parser.add_argument("--only", choices=("report", "workbook", "checklist"), action="append")
    parser.add_argument("--report-runs", type=int, default=5, help="warm signed reports timed (default 5)")
    parser.add_argument("--cold-runs", type=int, default=1, help="fresh processes timed for the cold report (1)")
    parser.add_argument("--cases", type=int, default=1000, help="cases in the workbook (default 1000)")
    parser.add_argument("--workbook-runs", type=int, default=3, help="timed load + write of the workbook (3)")
    parser.add_argument("--checklist-runs", type=int, default=10, help="timed checklist imports (default 10)")
    parser.add_argument("--cli-runs", type=int, default=5, help="timed runs of each command after a warm-up (5)")
    parser.add_argument(
        "--xlsx-cli-runs", type=int, default=1, help="timed runs of `report xlsx` with all N cases (default 1)"
    )
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--no-bytecode-cache", action="store_true", help="as run.py")
    parser.add_argument("--fail-over-budget", action="store_true", help="exit 1 when a budget is missed")
    args = parser.parse_args(argv)
    only = set(args.only or ("report", "workbook", "checklist"))
    for name in ("report_runs", "cold_runs", "cases", "workbook_runs", "checklist_runs", "cli_runs", "xlsx_cli_runs"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")

    for key in [k for k in os.environ if k.startswith("CITYEVAL_")]:
        del os.environ[key]
    bytecode_cache = not args.no_bytecode_cache
    report: dict[str, Any] = {
        "machine": run.machine(),
        "parameters": {
            "report_runs": args.report_runs,
            "cold_runs": args.cold_runs,
            "cases": args.cases,
            "workbook_runs": args.workbook_runs,
            "checklist_runs": args.checklist_runs,
            "cli_runs": args.cli_runs,
            "xlsx_cli_runs": args.xlsx_cli_runs,
            "seed": args.seed,
            "cli_bytecode_cache": bytecode_cache,
        },
        "benchmarks": [],
    }
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cityeval-output-bench-") as tmp:
        base = Path(tmp)
        # the process itself never touches the user's profile either
        home = base / "home"
        os.environ.update(
            {
                "HOME": str(home),
                "XDG_DATA_HOME": str(home / ".local" / "share"),
                "XDG_STATE_HOME": str(home / ".local" / "state"),
                "XDG_CONFIG_HOME": str(home / ".config"),
                "XDG_CACHE_HOME": str(home / ".cache"),
            }
        )
        if "report" in only:
            report["benchmarks"] += bench_report(
                base / "report",
                args.report_runs,
                args.cold_runs,
                args.cli_runs,
                args.seed,
                bytecode_cache=bytecode_cache,
            )
        if "workbook" in only:
            report["benchmarks"] += bench_workbook(
                base / "workbook",
                args.cases,
                args.workbook_runs,
                args.xlsx_cli_runs,
                args.seed,
                bytecode_cache=bytecode_cache,
            )
        if "checklist" in only:
            report["benchmarks"] += bench_checklist(
                base / "checklist", args.checklist_runs, args.cli_runs, args.seed, bytecode_cache=bytecode_cache
            )
    judged = [b["within_budget"] for b in report["benchmarks"] if b["within_budget"] is not None]
    report["all_within_budget"] = all(judged)
    report["machine"]["load_average_end"] = run._load()
    report["elapsed_s"] = round(time.perf_counter() - started, 1)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", "utf-8")
    return 1 if args.fail_over_budget and not report["all_within_budget"] else 0


if __name__ == "__main__":
    sys.exit(main())
