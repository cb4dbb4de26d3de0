"""Performance budgets of case packages: export, verify, import of many, hashing speed, peak memory.

Run from the repository root::

    .venv/bin/python tests/benchmarks/package_bench.py [--packages N] [--out FILE] [--only ...]

Prints one JSON object on stdout (progress goes to stderr), in the format of ``run.py``. Every
measured phase runs in a fresh interpreter of its own (this script with ``--phase``), so its peak
RSS (``resource.getrusage``) is the phase's alone. Not part of the pytest run. See README.md in
this folder for the budgets and what each figure means.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import hashlib
import itertools
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
for _p in (str(ROOT), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import run  # noqa: E402  (sibling script: figures, machine info)
import workload  # noqa: E402  (sibling helper: synthetic framework, answers, USCCs)

# budgets from the issue (section 3)
EXPORT_BUDGET_S = 3.0  # a 60-indicator case with 300 evidence files of 100 KB
VERIFY_BUDGET_S = 2.0  # the same package
IMPORT_BUDGET_S = 60.0  # 500 packages of such cases with 10 evidence files each, 2 cores
IMPORT_BUDGET_FOR = 500
HASH_RATIO_BUDGET = 0.5  # the import's evidence hashing against raw `sha256sum`, bytes per second
RSS_BUDGET_MB = 300.0  # peak resident memory of any phase, whatever the package size

PASSWORD = "benchmark password"
TIER = "regional"  # every one of the 60 synthetic indicators applies
REQUIRED_EVERY = 6  # indicators 0, 6, 12, ... need evidence: 10 of 60, so a 10-file case can be finalized

log = run.log
entry = run.entry


# ----------------------------------------------------------------------------- inputs
def framework_yaml() -> bytes:
    """``workload.synthetic_framework_yaml`` (60 indicators, all eight methods) with evidence required on
    every 6th indicator only (10 of 60), so that a third-party case with 10 files can be finalized."""
    import yaml

    doc = yaml.safe_load(workload.synthetic_framework_yaml())
    n = 0
    for dim in doc["dimensions"]:
        for ind in dim["indicators"]:
            ind["evidence"]["required"] = n % REQUIRED_EVERY == 0
            n += 1
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")


def _status_kb(field: str) -> int | None:
    """A figure of /proc/self/status in KB (Linux), or None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def rss_now_kb() -> int | None:
    """The current resident set (VmRSS) in KB, where /proc tells it."""
    return _status_kb("VmRSS")


def memory() -> dict[str, float | None]:
    """Peak resident memory of this phase process.

    ``ru_maxrss_mb`` is ``resource.getrusage(RUSAGE_SELF).ru_maxrss``; on Linux it carries over the
    high-water mark of the process that started this one (the kernel keeps it across fork and exec),
    so the parent is kept small. ``peak_rss_mb`` is VmHWM, the peak of this program's own memory
    (reset by exec), where /proc has it, else ru_maxrss.
    """
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    hwm = _status_kb("VmHWM")
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale
    return {
        "peak_rss_mb": round(hwm / 1024 if hwm is not None else maxrss, 1),
        "ru_maxrss_mb": round(maxrss, 1),
        # the largest of the phase's own children (the import's worker processes), 0 when it has none
        "children_peak_rss_mb": round(children, 1),
    }


def open_ctx(data_dir: Path) -> Any:
    """The data folder's database, logging to its log folder as the command line does (pyHanko logs a
    traceback for every signature it cannot anchor: that is part of the cost measured)."""
    from cityeval_desktop.services import logbook
    from cityeval_desktop.services.context import open_context

    logbook.start(data_dir, "cityeval-bench.log")
    return open_context(data_dir / "cityeval.sqlite3", data_dir, actor="benchmark")


def make_case(
    ctx: Any, framework: Any, rng: random.Random, scans: Path, files: int, file_bytes: int, tag: str
) -> tuple[str, int]:
    """A third-party regional case of the 60-indicator framework, every indicator answered, ``files`` evidence
    files of ``file_bytes`` random bytes spread over the indicators (required ones first), finalized and
    signed. Returns its ref and the evidence bytes."""
    from cityeval_desktop.services import cases as case_service

    summary = case_service.new_case(
        ctx,
        framework=framework.key,
        tier=TIER,
        mode="third-party",
        entity_name=f"基准测试数字科技有限公司{tag}",
        uscc=workload.uscc(rng),
        assessor="基准评估员",
    )
    doc = workload.answers_document(framework, TIER, rng)
    ids = list(doc["answers"])
    order = ids[::REQUIRED_EVERY] + [i for n, i in enumerate(ids) if n % REQUIRED_EVERY]
    folder = scans / tag
    folder.mkdir(parents=True)
    for k in range(files):
        ind = order[k % len(order)]
        name = f"{ind}-现场核查材料-{k + 1}.pdf"
        (folder / name).write_bytes(rng.randbytes(file_bytes))  # random bytes: as incompressible as a scan
        doc["answers"][ind].setdefault("evidence", []).append(name)
    answers = folder / "answers.json"
    answers.write_text(json.dumps(doc, ensure_ascii=False, default=workload.to_json), "utf-8")
    detail = case_service.apply_answers_file(ctx, summary.case_uuid, answers)
    assert len(detail.evidence) == files, len(detail.evidence)
    shutil.rmtree(folder)  # the store has them now
    return summary.ref, files * file_bytes


def finalize(ctx: Any, ref: str, identity: Any) -> str:
    import tempfile

    from cityeval_desktop.services.reporting import finalize_and_sign
    from tests.case_data_helpers import org_for, staff

    with tempfile.TemporaryDirectory(prefix="cityeval-bench-team-") as team:
        staff(ctx, ref, identity, Path(team))
    return finalize_and_sign(ctx, ref, identity, org_identity=org_for(ctx, ref), lang="zh").detail.summary.ref


# ----------------------------------------------------------------------------- phases (subprocesses)
def phase_build(a: argparse.Namespace) -> dict[str, Any]:
    """Make ``count`` finalized cases with ``files`` files each in a new assessor database (with
    ``large_bytes``: one case whose 10th file is that large) and, given ``out_dir``, export each."""
    from cityeval_desktop.services import frameworks as fw_registry
    from cityeval_desktop.services.packages import export_package
    from cityeval_desktop.signing.identity import load_identity

    data = Path(a.data)
    data.mkdir(parents=True)
    ctx = open_ctx(data)
    ctx.set_evidence_limit(2 * 1024 * 1024 * 1024)
    fw = fw_registry.install_file(ctx, Path(a.framework))
    identity = load_identity(Path(a.identity), PASSWORD)
    rng = random.Random(a.seed)
    scans = data.parent / f"scans-{a.tag}"
    refs, exports = [], []
    for n in range(a.count):
        tag = f"{a.tag}{n:04d}"
        if a.large_bytes:
            ref = _make_large_case(ctx, fw, rng, scans, a.large_bytes)
        else:
            ref, _ = make_case(ctx, fw, rng, scans, a.files, a.file_bytes, tag)
        ref = finalize(ctx, ref, identity)
        refs.append(ref)
        if a.out_dir:
            out = Path(a.out_dir)
            out.mkdir(parents=True, exist_ok=True)
            t0 = time.perf_counter()
            export_package(ctx, ref, out / f"{tag}.cityeval", identity)
            exports.append(time.perf_counter() - t0)
        if n % 25 == 24:
            log(f"  {a.tag}: {n + 1}/{a.count} packages")
    ctx.close()
    return {"refs": refs, "export_s": exports}


def _make_large_case(ctx: Any, framework: Any, rng: random.Random, folder: Path, size: int) -> str:
    from cityeval_desktop.services import cases as case_service

    ref, _ = make_case(ctx, framework, rng, folder, 9, 100 * 1024, "large")
    # the 9 small files went to the first 9 indicators that need evidence: the large one to the 10th
    needs = [i.id for i in framework.tier_indicators(TIER)][::REQUIRED_EVERY][-1]
    big = folder / "现场测绘数据.bin"
    with big.open("wb") as fh:  # written in 4 MB blocks, never held in memory
        block = rng.randbytes(4 * 1024 * 1024)
        for k in range(size // len(block)):
            fh.write(block[k % 7 :] + block[: k % 7])  # each block differs from the one before: incompressible
    case_service.add_evidence(ctx, ref, needs, [big])
    big.unlink()
    return ref


def phase_export(a: argparse.Namespace) -> dict[str, Any]:
    """``export_package`` of one revision ``runs`` times (after an untimed first one, reported as cold)."""
    from cityeval_desktop.services.packages import export_package
    from cityeval_desktop.signing.identity import load_identity

    ctx = open_ctx(Path(a.data))
    identity = load_identity(Path(a.identity), PASSWORD)
    out = Path(a.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rss_before = rss_now_kb()
    samples, size = [], 0
    for k in range(a.runs + 1):
        target = out / f"export-{k}.cityeval"
        t0 = time.perf_counter()
        result = export_package(ctx, a.ref, target, identity)
        samples.append(time.perf_counter() - t0)
        size = result.size
        if k < a.runs:  # keep the last one (the verify and import phases use it)
            target.unlink()
    memory_used = memory()
    if a.profile:  # one more run, not timed (a profiler inflates the figures)
        profiler = cProfile.Profile()
        profiler.runcall(export_package, ctx, a.ref, out / "profiled.cityeval", identity)
        profiler.dump_stats(a.profile)
        (out / "profiled.cityeval").unlink()
    ctx.close()
    return {
        "cold_s": samples[0],
        "samples": samples[1:],
        "bytes": size,
        "file": str(out / f"export-{a.runs}.cityeval"),
        "rss_before_kb": rss_before,
        **memory_used,
    }


def phase_verify(a: argparse.Namespace) -> dict[str, Any]:
    """``verify_packages`` of one package file ``runs`` times (after an untimed first one), against a fresh
    agency database (its trust store and revocation lists: empty) and the signer's certificate."""
    from cityeval_desktop.services.packages import verify_packages

    ctx = open_ctx(Path(a.data))
    rss_before = rss_now_kb()
    samples = []
    for _ in range(a.runs + 1):
        t0 = time.perf_counter()
        (found,) = verify_packages(ctx, [Path(a.package)], [Path(a.trust)])
        samples.append(time.perf_counter() - t0)
        if not found.ok:
            raise RuntimeError(f"the package does not verify: {found.reason()}")
    memory_used = memory()
    if a.profile:  # one more run, not timed (a profiler inflates the figures)
        profiler = cProfile.Profile()
        profiler.runcall(verify_packages, ctx, [Path(a.package)], [Path(a.trust)])
        profiler.dump_stats(a.profile)
    ctx.close()
    return {
        "cold_s": samples[0],
        "samples": samples[1:],
        "evidence_files": found.evidence_count,
        "evidence_bytes": found.evidence_bytes,
        "rss_before_kb": rss_before,
        **memory_used,
    }


class _Meter:
    """Seconds and bytes spent in one function (wrapped around it for the import phase)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.bytes = 0
        self.calls = 0

    def as_dict(self) -> dict[str, Any]:
        rate = self.bytes / self.seconds / 1e6 if self.seconds else None
        return {"seconds": round(self.seconds, 4), "bytes": self.bytes, "calls": self.calls, "mb_per_s": rate}


def _wrap(owner: Any, attr: str, meter: _Meter, size: Any = None) -> None:
    """Replace ``owner.attr`` by a function that adds its wall time (and ``size(result)`` bytes) to ``meter``
    (nothing when the program has no such function: the meters follow the code, they do not shape it)."""
    inner = getattr(owner, attr, None)
    if inner is None:
        return

    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return (got := inner(*args, **kwargs))
        finally:
            meter.seconds += time.perf_counter() - t0
            meter.calls += 1
            if size is not None and "got" in locals():
                meter.bytes += size(got)

    setattr(owner, attr, timed)


def _metered_import() -> tuple[dict[str, _Meter], dict[str, _Meter]]:
    """Meters around the import's parts, without a profiler's overhead.

    ``hashing``: the functions through which the import streams evidence bytes into sha256,
    ``exchange.package._hash_entry`` (inflate + hash of each payload entry, checked against the manifest)
    and ``EvidenceStore._store`` (each file written to the store: inflate, hash, write, fsync).
    ``steps``: each check of ``services/package_check.py`` and each step of ``import_one``.
    """
    from cityeval_desktop.exchange import package as pkg
    from cityeval_desktop.services import package_check, package_import
    from cityeval_desktop.signing import report_seal
    from cityeval_desktop.store import evidence

    hashing = {"package.hash_entry": _Meter(), "store.write": _Meter()}
    _wrap(pkg, "_hash_entry", hashing["package.hash_entry"], lambda got: got[1])
    _wrap(evidence.EvidenceStore, "_store", hashing["store.write"], lambda got: got[1])
    steps: dict[str, _Meter] = {}
    _wrap(package_check, "read_package", steps.setdefault("check.structure (read_package)", _Meter()))
    for name in ("signature", "case", "framework", "audit", "report", "content", "result", "evidence"):
        _wrap(package_check._Checker, f"_{name}", steps.setdefault(f"check.{name}", _Meter()))
    _wrap(package_check, "load_bytes", steps.setdefault("  framework: load_bytes (YAML + schema)", _Meter()))
    _wrap(report_seal, "verify_pdf", steps.setdefault("  content: read_report_seal's verify_pdf", _Meter()))
    _wrap(package_import, "_store_files", steps.setdefault("import.store_files", _Meter()))
    _wrap(package_import, "_commit", steps.setdefault("import.commit (one transaction)", _Meter()))
    _wrap(package_import, "_continue_chain", steps.setdefault("  commit: continue_chain", _Meter()))
    _wrap(package_import, "_add_revision", steps.setdefault("  commit: add_revision", _Meter()))
    _wrap(package_import, "revocation_check", steps.setdefault("import.revocation_check", _Meter()))
    return hashing, steps


def phase_import(a: argparse.Namespace) -> dict[str, Any]:
    """``import_packages`` of a folder into a fresh agency database, timed whole and per package."""
    from cityeval_desktop.services.package_import import import_packages
    from cityeval_desktop.services.package_pool import worker_count

    meters, steps = _metered_import() if a.meter else ({}, {})
    ctx = open_ctx(Path(a.data))
    rss_before = rss_now_kb()
    marks: list[float] = []
    profiler = cProfile.Profile() if a.profile else None
    if profiler:
        profiler.enable()
    workers = None if a.workers is None else int(a.workers)
    t0, cpu0 = time.perf_counter(), os.times()
    outcomes = import_packages(
        ctx,
        [Path(a.package)],
        extra_trust=[Path(a.trust)],
        progress=lambda *_: marks.append(time.perf_counter()),
        workers=workers,
    )
    total, cpu1 = time.perf_counter() - t0, os.times()
    if profiler:
        profiler.disable()
        profiler.dump_stats(a.profile)
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.outcome] = counts.get(o.outcome, 0) + 1
    rejected = [o for o in outcomes if o.rejected]
    if rejected:
        raise RuntimeError(f"{len(rejected)} package(s) rejected, e.g. {rejected[0].reason}")
    with ctx.reading() as s:
        from sqlalchemy import func, select

        from cityeval_desktop.store.models import Case

        cases = s.scalar(select(func.count()).select_from(Case))
    ctx.close()
    per = [b - a_ for a_, b in itertools.pairwise(marks)]
    return {
        "total_s": total,
        "per_package_s": per,
        "outcomes": counts,
        "cases": cases,
        "hashing": {k: m.as_dict() for k, m in meters.items()},
        "steps": {k: {"seconds": round(m.seconds, 3), "calls": m.calls} for k, m in steps.items() if m.calls},
        "rss_before_kb": rss_before,
        "workers": worker_count(len(outcomes), workers=workers),
        # processor time, load-independent: the importing process, and its workers (reaped by then)
        "cpu_s": {
            "importer": round(cpu1.user + cpu1.system - cpu0.user - cpu0.system, 2),
            "workers": round(cpu1.children_user + cpu1.children_system - cpu0.children_user - cpu0.children_system, 2),
        },
        **memory(),
    }


PHASES = {"build": phase_build, "export": phase_export, "verify": phase_verify, "import": phase_import}


def run_phase(name: str, env: dict[str, str], **kwargs: Any) -> dict[str, Any]:
    argv = [sys.executable, str(Path(__file__).resolve()), "--phase", name]
    for key, value in kwargs.items():
        if value is None or value is False:
            continue
        argv.append(f"--{key.replace('_', '-')}")
        if value is not True:
            argv.append(str(value))
    proc = subprocess.run(argv, capture_output=True, env=env, cwd=ROOT, check=False, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"phase {name} exited {proc.returncode}:\n{proc.stderr[-4000:]}")
    if proc.stderr.strip():
        sys.stderr.write(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- hashing reference
def extract_evidence(packages: list[Path], folder: Path) -> tuple[list[Path], int]:
    """Every evidence file of the packages, unpacked to ``folder`` (what `sha256sum` reads)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths, total = [], 0
    for n, pkg in enumerate(packages):
        with zipfile.ZipFile(pkg) as zf:
            for info in zf.infolist():
                if "/data/evidence/" in info.filename and not info.is_dir():
                    target = folder / f"{n:04d}-{len(paths):06d}.bin"
                    with zf.open(info) as src, target.open("wb") as dst:
                        shutil.copyfileobj(src, dst, 1024 * 1024)
                    paths.append(target)
                    total += info.file_size
    return paths, total


def time_tool(command: list[str], paths: list[Path], runs: int) -> list[float]:
    """Wall seconds of a hashing command (`sha256sum`, `openssl dgst -sha256`) over all the files, in batches
    of 500 arguments, ``runs`` times after one untimed run that fills the page cache (the import reads
    packages from the cache too)."""
    tool = shutil.which(command[0])
    if tool is None:
        raise RuntimeError(f"{command[0]} is not installed")
    batches = [[str(p) for p in paths[i : i + 500]] for i in range(0, len(paths), 500)]
    samples = []
    for k in range(runs + 1):
        t0 = time.perf_counter()
        for batch in batches:
            subprocess.run([tool, *command[1:], *batch], check=True, stdout=subprocess.DEVNULL)
        if k:
            samples.append(time.perf_counter() - t0)
    return samples


def time_hashlib(paths: list[Path], runs: int) -> list[float]:
    """The same files through Python's hashlib with 1 MB reads (what the package reader does, less the unzip)."""
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for p in paths:
            digest = hashlib.sha256()
            with p.open("rb") as fh:
                while chunk := fh.read(1024 * 1024):
                    digest.update(chunk)
        samples.append(time.perf_counter() - t0)
    return samples


# ----------------------------------------------------------------------------- the benchmark
def setup(base: Path, seed: int) -> dict[str, Any]:
    """The framework file, one identity (its PEM certificate is what the agency trusts), the environment."""
    from cryptography.hazmat.primitives import serialization

    from cityeval_desktop.signing import _pkcs12
    from cityeval_desktop.signing.identity import create_identity

    fw = base / "benchmark-sixty.yaml"
    fw.write_bytes(framework_yaml())
    pem = base / "assessor.pem"
    if not pem.exists():  # a kept folder (--keep) has them from an earlier run
        _pkcs12.KDF_ROUNDS = 1000  # opening the identity is not what is measured
        identity = create_identity(base / "assessor.p12", name="基准评估员", org="基准评估中心", password=PASSWORD)
        pem.write_bytes(identity.certificate.public_bytes(serialization.Encoding.PEM))
    env = run.cli_env(base, str(base / "unused.sqlite3"), str(base / "unused"), bytecode_cache=True)
    env["CITYEVAL_PASSWORD"] = PASSWORD
    # the single 400 MB file of the memory check is above the default 200 MB evidence limit
    env["CITYEVAL_EVIDENCE_LIMIT_MB"] = "1024"
    return {"framework": fw, "identity": base / "assessor.p12", "pem": pem, "env": env, "seed": seed}


def build_one(base: Path, s: dict[str, Any], name: str, files: int, file_bytes: int = 0, large: int = 0) -> Any:
    """An assessor database with one finalized case, made in a process of its own; its data folder and ref."""
    shutil.rmtree(base / name, ignore_errors=True)  # made again on every run, also in a kept folder
    data = base / name / "data"
    got = run_phase(
        "build",
        s["env"],
        data=data,
        framework=s["framework"],
        identity=s["identity"],
        count=1,
        files=files,
        file_bytes=file_bytes,
        large_bytes=large or None,
        seed=s["seed"],
        tag=name,
    )
    return data, got["refs"][0]


def bench_export_verify(base: Path, s: dict[str, Any], a: argparse.Namespace, profiles: Path | None) -> list[Any]:
    log(f"making a 60-indicator case with {a.big_files} evidence files of {a.file_kb} KB ...")
    t0 = time.perf_counter()
    data, ref = build_one(base, s, "big", a.big_files, a.file_kb * 1024)
    log(f"  made in {time.perf_counter() - t0:.1f} s; export ({a.runs} runs) ...")
    common = {"indicators": 60, "evidence_files": a.big_files, "evidence_bytes": a.big_files * a.file_kb * 1024}
    exp = run_phase(
        "export",
        s["env"],
        data=data,
        ref=ref,
        identity=s["identity"],
        out_dir=base / "big" / "out",
        runs=a.runs,
        profile=profiles / "export.prof" if profiles else None,
    )
    package = Path(exp["file"])
    out = [
        entry(
            f"package.export.{a.big_files}_files",
            "s",
            exp["samples"],
            EXPORT_BUDGET_S,
            digits=4,
            cold_s=round(exp["cold_s"], 4),
            package_bytes=exp["bytes"],
            peak_rss_mb=exp["peak_rss_mb"],
            ru_maxrss_mb=exp["ru_maxrss_mb"],
            **common,
            description="services.packages.export_package in a warm process: read the revision, write the ZIP "
            "(evidence streamed and hashed), sign the tag manifest (CMS), re-open and verify the written file, "
            "record the export",
        )
    ]
    log(f"verify ({a.runs} runs) ...")
    agency = base / "big" / "agency"
    agency.mkdir()
    ver = run_phase(
        "verify",
        s["env"],
        data=agency,
        package=package,
        trust=s["pem"],
        runs=a.runs,
        profile=profiles / "verify.prof" if profiles else None,
    )
    out.append(
        entry(
            f"package.verify.{a.big_files}_files",
            "s",
            ver["samples"],
            VERIFY_BUDGET_S,
            digits=4,
            cold_s=round(ver["cold_s"], 4),
            peak_rss_mb=ver["peak_rss_mb"],
            ru_maxrss_mb=ver["ru_maxrss_mb"],
            **common,
            description="services.packages.verify_packages of that package in a warm process, against a fresh "
            "agency database and the signer's certificate: every check of services/package_check.py",
        )
    )
    # the same package as the commands a user types, whole processes (no budget)
    env = dict(s["env"], CITYEVAL_DB=str(agency / "cli.sqlite3"), CITYEVAL_DATA_DIR=str(agency))
    cli = [sys.executable, "-m", "cityeval_desktop.cli.main"]
    samples, _ = run.time_command([*cli, "package", "verify", str(package), "--trust", str(s["pem"])], env, 3)
    out.append(entry(f"cli.package_verify.{a.big_files}_files", "s", samples, None, digits=4, **common))
    return out


def build_many(base: Path, s: dict[str, Any], a: argparse.Namespace, folder: Path) -> float:
    """``a.packages`` finalized cases of ``a.files`` files each, exported to ``folder`` by two processes."""
    n = a.packages
    log(f"making {n} finalized 60-indicator cases with {a.files} evidence files each, exported (2 processes) ...")
    t0 = time.perf_counter()
    procs = []
    for k, count in ((0, n - n // 2), (1, n // 2)):
        if not count:
            continue
        argv = [sys.executable, str(Path(__file__).resolve()), "--phase", "build"]
        argv += ["--data", str(base / "many" / f"assessor{k}" / "data"), "--framework", str(s["framework"])]
        argv += ["--identity", str(s["identity"]), "--out-dir", str(folder), "--count", str(count)]
        argv += ["--files", str(a.files), "--file-bytes", str(a.file_kb * 1024), "--seed", str(s["seed"] + 1 + k)]
        argv += ["--tag", "ab"[k]]
        procs.append(subprocess.Popen(argv, env=s["env"], cwd=ROOT, stdout=subprocess.DEVNULL))
    for p in procs:
        if p.wait():
            raise RuntimeError(f"building the packages failed (exit {p.returncode})")
    build_s = time.perf_counter() - t0
    log(f"  made in {build_s:.1f} s")
    return build_s


def bench_import(base: Path, s: dict[str, Any], a: argparse.Namespace, profiles: Path | None) -> list[Any]:
    n, files = a.packages, a.files
    folder = base / "many" / "packages"
    made = folder / f".made-{n}x{files}x{a.file_kb}kb-seed{s['seed']}"
    if made.exists():
        log(f"reusing the {n} packages an earlier run made in {folder}")
        build_s = float(made.read_text())
    else:
        shutil.rmtree(base / "many", ignore_errors=True)
        build_s = build_many(base, s, a, folder)
        made.write_text(f"{build_s:.1f}\n")
    packages = sorted(folder.glob("*.cityeval"))
    assert len(packages) == n, len(packages)
    log("importing them into a fresh agency database ...")
    agency = base / "many" / "agency"
    shutil.rmtree(agency, ignore_errors=True)
    agency.mkdir()
    imp = run_phase("import", s["env"], data=agency, package=folder, trust=s["pem"])
    assert imp["cases"] == n and imp["outcomes"] == {"imported": n}, imp["outcomes"]
    # the parts, metered: the checks run in this one process (no workers), on at most 100 of the packages
    metered_n = min(n, 100)
    log(f"importing {metered_n} of them again without worker processes, each part metered ...")
    sub = base / "many" / "metered"
    for old in (sub, base / "many" / "agency-metered"):
        shutil.rmtree(old, ignore_errors=True)
    sub.mkdir()
    for p in packages[:metered_n]:
        os.link(p, sub / p.name)
    metered_db = base / "many" / "agency-metered"
    metered_db.mkdir()
    met = run_phase("import", s["env"], data=metered_db, package=sub, trust=s["pem"], meter=True, workers=0)
    budget = IMPORT_BUDGET_S * n / IMPORT_BUDGET_FOR
    evidence_bytes = n * files * a.file_kb * 1024
    out = [
        entry(
            f"package.import.{n}_packages",
            "s",
            [imp["total_s"]],
            budget,
            "median",
            digits=3,
            packages=n,
            evidence_files_each=files,
            evidence_bytes=evidence_bytes,
            package_bytes=sum(p.stat().st_size for p in packages),
            packages_per_second=round(n / imp["total_s"], 2),
            workers=imp["workers"],
            cpu_s=imp["cpu_s"],
            in_process_cpu_s=met["cpu_s"]["importer"],
            peak_rss_mb=imp["peak_rss_mb"],
            ru_maxrss_mb=imp["ru_maxrss_mb"],
            workers_peak_rss_mb=imp["children_peak_rss_mb"],
            in_process_import_s=round(met["total_s"], 3),
            in_process_packages=metered_n,
            steps_s=met["steps"],
            setup_build_and_export_s=round(build_s, 1),
            description="services.package_import.import_packages of a folder of packages into a fresh agency "
            "database, one run: every package checked whole (in worker processes, `workers`), its files stored, "
            "one transaction each. `steps_s` and `in_process_import_s`: a second import of the first "
            "`in_process_packages` without workers, every part metered",
        ),
        entry(
            "package.import.per_package",
            "ms",
            [x * 1000 for x in imp["per_package_s"]],
            None,
            digits=2,
            description="time between two progress calls of that import",
        ),
    ]
    if profiles:
        log("  profiling an import of the first 50 of them ...")
        sub = base / "many" / "subset"
        for old in (sub, base / "many" / "agency-profiled"):
            shutil.rmtree(old, ignore_errors=True)
        sub.mkdir()
        for p in packages[:50]:
            os.link(p, sub / p.name)
        again = base / "many" / "agency-profiled"
        again.mkdir()
        run_phase(
            "import", s["env"], data=again, package=sub, trust=s["pem"], profile=profiles / "import.prof", workers=0
        )

    log("hashing the same evidence files with sha256sum ...")
    extracted, total = extract_evidence(packages, base / "many" / "extracted")
    raw = time_tool(["sha256sum"], extracted, 3)
    openssl = time_tool(["openssl", "dgst", "-sha256"], extracted, 3) if shutil.which("openssl") else None
    py = time_hashlib(extracted, 3)
    raw_rate = total / statistics.median(raw) / 1e6
    py_rate = total / statistics.median(py) / 1e6
    ours = met["hashing"]["package.hash_entry"]
    stored = met["hashing"]["store.write"]
    ratio = ours["mb_per_s"] / raw_rate
    out.append(
        {
            "name": "package.import.evidence_hashing_vs_sha256sum",
            "unit": "ratio",
            "median": round(ratio, 3),
            "count": 1,
            "sha256sum_mb_per_s": round(raw_rate, 1),
            "sha256sum_s": run.figures(raw, 4),
            "openssl_dgst_mb_per_s": round(total / statistics.median(openssl) / 1e6, 1) if openssl else None,
            "hashlib_1mb_reads_mb_per_s": round(py_rate, 1),
            "ratio_vs_hashlib_on_plain_files": round(ours["mb_per_s"] / py_rate, 3),
            "import_hash_entry": {**ours, "mb_per_s": round(ours["mb_per_s"], 1)},
            "import_store_write": {**stored, "mb_per_s": round(stored["mb_per_s"], 1) if stored["mb_per_s"] else None},
            "import_evidence_bytes_per_wall_second_mb": round(evidence_bytes / imp["total_s"] / 1e6, 1),
            "files": len(extracted),
            "bytes": total,
            "budget": HASH_RATIO_BUDGET,
            "budget_metric": "median",
            "within_budget": ratio >= HASH_RATIO_BUDGET,
            "description": "bytes per second through the import's evidence hashing (exchange.package._hash_entry: "
            "inflate + sha256 of every payload entry, as the import ran) over `sha256sum`'s bytes per second on the "
            "same files unpacked (page cache warm); at least the budget. `openssl dgst` and Python's hashlib on the "
            "plain files (both use the CPU's SHA instructions, coreutils' sha256sum does not) are given beside it.",
        }
    )
    shutil.rmtree(base / "many" / "extracted")
    return out


def bench_memory(base: Path, s: dict[str, Any], a: argparse.Namespace) -> list[Any]:
    size = a.large_mb * 1024 * 1024
    log(f"making a case with one {a.large_mb} MB evidence file (and 9 small ones) ...")
    data, ref = build_one(base, s, "large", 10, large=size)
    log("  export, verify and import it, each in its own process ...")
    out_dir = base / "large" / "out"
    exp = run_phase("export", s["env"], data=data, ref=ref, identity=s["identity"], out_dir=out_dir, runs=0)
    package = Path(exp["file"])
    agency = base / "large" / "agency"
    agency.mkdir()
    ver = run_phase("verify", s["env"], data=agency, package=package, trust=s["pem"], runs=0)
    imp = run_phase("import", s["env"], data=agency, package=package, trust=s["pem"])
    assert imp["outcomes"] == {"imported": 1}, imp["outcomes"]
    out = []
    for name, got, seconds in (
        ("export", exp, exp["cold_s"]),
        ("verify", ver, ver["cold_s"]),
        ("import", imp, imp["total_s"]),
    ):
        out.append(
            {
                "name": f"package.{name}.peak_rss.{a.large_mb}mb_file",
                "unit": "MB",
                "median": got["peak_rss_mb"],
                "count": 1,
                "ru_maxrss_mb": got["ru_maxrss_mb"],
                "rss_before_work_mb": round(got["rss_before_kb"] / 1024, 1) if got["rss_before_kb"] else None,
                "seconds": round(seconds, 2),
                "package_bytes": exp["bytes"],
                "budget": RSS_BUDGET_MB,
                "budget_metric": "median",
                "within_budget": got["peak_rss_mb"] < RSS_BUDGET_MB,
                "description": f"peak RSS (ru_maxrss) of a fresh process that runs the {name} of a package holding "
                f"one {a.large_mb} MB evidence file; rss_before_work_mb is after imports and opening the database",
            }
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=500, help="packages imported (default 500)")
    parser.add_argument("--files", type=int, default=10, help="evidence files per imported package (default 10)")
    parser.add_argument("--big-files", type=int, default=300, help="evidence files of the exported case (300)")
    parser.add_argument("--file-kb", type=int, default=100, help="size of each evidence file in KB (default 100)")
    parser.add_argument("--large-mb", type=int, default=400, help="the one large file of the memory check (400)")
    parser.add_argument("--runs", type=int, default=5, help="timed exports and verifies, after one untimed (5)")
    parser.add_argument("--only", choices=("export", "import", "memory"), action="append")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="write verify.prof and import.prof to DIR")
    parser.add_argument("--out", type=Path, help="also write the JSON figures to this file")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="work in DIR and keep it; a later run reuses the packages to import made there (to compare two "
        "versions of the program on the same packages)",
    )
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--fail-over-budget", action="store_true", help="exit 1 when a budget is missed")
    # one measured phase in a fresh process (used by the script itself)
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    for name in ("data", "ref", "identity", "out-dir", "package", "trust", "framework", "tag", "workers"):
        parser.add_argument(f"--{name}", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--file-bytes", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--large-bytes", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--meter", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(PHASES[args.phase](args), default=str))
        return 0

    only = set(args.only or ("export", "import", "memory"))
    for key in [k for k in os.environ if k.startswith("CITYEVAL_")]:
        del os.environ[key]
    report: dict[str, Any] = {
        "machine": run.machine(),
        "parameters": {
            "packages": args.packages,
            "files_per_package": args.files,
            "big_files": args.big_files,
            "file_kb": args.file_kb,
            "large_mb": args.large_mb,
            "runs": args.runs,
            "seed": args.seed,
        },
        "benchmarks": [],
    }
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            base = args.keep.resolve()
        else:
            base = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cityeval-package-bench-")))
        s = setup(base, args.seed)
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
            args.profile = args.profile.resolve()
        if "export" in only:
            report["benchmarks"].extend(bench_export_verify(base, s, args, args.profile))
        if "import" in only:
            report["benchmarks"].extend(bench_import(base, s, args, args.profile))
        if "memory" in only:
            report["benchmarks"].extend(bench_memory(base, s, args))
    judged = [b["within_budget"] for b in report["benchmarks"] if b.get("within_budget") is not None]
    report["all_within_budget"] = all(judged)
    report["machine"]["load_average_end"] = run._load()
    report["elapsed_s"] = round(time.perf_counter() - started, 1)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", "utf-8")
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    return 1 if args.fail_over_budget and not report["all_within_budget"] else 0


if __name__ == "__main__":
    sys.exit(main())
