"""Crash safety of ``cityeval package import`` (issue 10, part 2): a process killed with SIGKILL while it
imports a folder of packages leaves every package either fully imported or not there at all, ``db
check`` passes, and importing the folder again imports exactly the rest and skips the ones done.

40 packages of distinct finalized cases (the small test framework, one signer, three evidence files
each: two of the case's own and one scan shared by every case) are made through the services. The
kills are placed from outside, by what the import has done rather than by fixed delays (which all
land before the first commit on a loaded machine): the test watches the ledger grow through a
read-only ``sqlite3`` connection and kills when it has grown by k rows, after a delay spread over
the time one package takes (measured first, on this machine), so kills land while a package's files
are being stored, inside its transaction, and between two packages. Two more kills are timed from
the start (start-up, first package).

"Fully imported" is checked row by row against each package: the case row, every answer, every
evidence row, the report row, the origin row, the ledger row, the whole audit chain with its head,
and the ``package.import`` entry on the system chain. "Not at all" is none of these.
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = "crash-test-2026"
PACKAGES = 40
SEED = 20261201
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}
#: kills after the ledger grew by k rows (k counted from the first package this run imports), each after a
#: delay of that fraction of the time one package takes
OBSERVED = ((1, 0.0), (2, 0.35), (3, 0.7), (2, 0.9), (3, 0.5), (2, 0.15), (4, 0.8), (1, 0.6))
TIMED = (0.02, 0.25)  # fractions of a whole import, from the start of the process
#: kills after the ledger grew by k rows, as soon as the next package's first file appears in the store
STORED = (1, 2, 2)
#: packages left for the final uninterrupted run (kills stop once no more than this many are left: a fast
#: machine, or an import with worker processes, gets through several packages between a poll and a kill)
LEAVE = 8
#: the exit status of a process ended by Popen.kill()
KILLED = -signal.SIGKILL if hasattr(signal, "SIGKILL") else 1


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A folder of 40 packages of distinct cases, what each must bring, and the signer's certificate."""
    from cityeval_desktop.exchange.package import read_package
    from cityeval_desktop.services import cases as case_service
    from cityeval_desktop.services import frameworks as fw_registry
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.services.packages import export_package
    from cityeval_desktop.services.reporting import finalize_and_sign
    from cityeval_desktop.signing.identity import create_identity, load_identity
    from tests.case_data_helpers import org_identity, staff

    rng = random.Random(SEED)
    root = tmp_path_factory.mktemp("crash-import")
    create_identity(root / "signer.p12", name="张三", org="福建数字评估中心", password=PASSWORD, key_size=2048)
    signer = load_identity(root / "signer.p12", PASSWORD)
    org = org_identity(root)
    pem = root / "CA.pem"
    # the lead's and the organisation's certificates (each report carries both signatures)
    pem.write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (signer.certificate, org.certificate)))
    folder = root / "outbox"
    folder.mkdir()
    scans = root / "scans"
    scans.mkdir()
    shared = scans / "营业执照.pdf"
    shared.write_bytes(b"%PDF-1.4 licence scan " + rng.randbytes(40_000))
    (root / "assessor").mkdir()
    ctx = open_context(root / "assessor" / "cityeval.sqlite3", root / "assessor", actor="assessor")
    expected: dict[str, dict[str, Any]] = {}
    try:
        fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
        for n in range(PACKAGES):
            ref = case_service.new_case(
                ctx,
                framework="mini",
                tier="city",
                mode="third-party",
                entity_name=f"崩溃测试主体{n:02d}",
                uscc="91350100M000100Y43",
                assessor="张三",
            ).ref
            for ind, value in VALUES.items():
                case_service.set_answer(ctx, ref, ind, value=value, note=f"第 {n} 号案例" if ind == "S" else None)
            for veto in ("V1", "V2"):
                case_service.set_veto(ctx, ref, veto, False)
            own = [scans / f"合同-{n:02d}.pdf", scans / f"现场照片-{n:02d}.jpg"]
            for k, path in enumerate(own):
                path.write_bytes(rng.randbytes(60_000 + 1000 * k))
            case_service.add_evidence(ctx, ref, "S", [shared, *own])
            staff(ctx, ref, signer, root)
            finalize_and_sign(ctx, ref, signer, org_identity=org, lang="zh")
            out = folder / f"case-{n:02d}.cityeval"
            export_package(ctx, ref, out, signer)
            opened = read_package(out)
            expected[opened.case_json["case_id"]] = {
                "file": out.name,
                "answers": len(opened.case_json["answers"]),
                "evidence": len(opened.case_json["evidence"]),
                "audit": len(opened.audit),
                "head": opened.audit[-1]["hash"],
                "shas": {e["sha256"] for e in opened.case_json["evidence"]} | {opened.case_json["report"]["sha256"]},
            }
    finally:
        ctx.close()
    return {"folder": folder, "pem": pem, "expected": expected}


def _db(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)


def ledger_rows(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with _db(db) as con:
            return con.execute("SELECT count(*) FROM package_imports").fetchone()[0]
    except sqlite3.OperationalError:  # not made yet (the import is still migrating it)
        return 0


def imported_state(db: Path, expected: dict[str, dict[str, Any]]) -> tuple[set[str], list[str]]:
    """The cases fully imported, and every way a package is there only in part."""
    whole: set[str] = set()
    broken: list[str] = []
    con = _db(db)
    try:
        one = lambda sql, *args: con.execute(sql, args).fetchone()[0]  # noqa: E731
        for uuid, exp in expected.items():
            row = con.execute("SELECT id FROM cases WHERE case_uuid = ?", (uuid,)).fetchone()
            case_id = row[0] if row else -1
            counts = {
                "case": one("SELECT count(*) FROM cases WHERE case_uuid = ?", uuid),
                "answers": one("SELECT count(*) FROM answers WHERE case_id = ?", case_id),
                "evidence": one("SELECT count(*) FROM evidence WHERE case_id = ?", case_id),
                "report": one("SELECT count(*) FROM case_reports WHERE case_id = ? AND final", case_id),
                "origin": one("SELECT count(*) FROM case_origins WHERE case_id = ?", case_id),
                "ledger": one(
                    "SELECT count(*) FROM package_imports WHERE case_uuid = ? AND outcome = 'imported'", uuid
                ),
                "audit": one("SELECT count(*) FROM audit WHERE chain = ?", uuid),
                "head": one("SELECT count(*) FROM audit_heads WHERE chain = ? AND hash = ?", uuid, exp["head"]),
                "system": one(
                    "SELECT count(*) FROM audit WHERE chain = 'system' AND action = 'package.import' AND target = ?",
                    uuid,
                ),
            }
            full = {
                "case": 1,
                "answers": exp["answers"],
                "evidence": exp["evidence"],
                "report": 1,
                "origin": 1,
                "ledger": 1,
                "audit": exp["audit"],
                "head": 1,
                "system": 1,
            }
            if counts == full:
                whole.add(uuid)
            elif any(counts.values()):
                broken.append(f"{exp['file']}: {counts} (a whole import is {full})")
    finally:
        con.close()
    return whole, broken


def unreferenced_files(data_dir: Path, db: Path) -> int:
    """Evidence-store files that no row refers to (left by a kill between storing files and the commit)."""
    con = _db(db)
    try:
        known = {r[0] for r in con.execute("SELECT sha256 FROM evidence UNION SELECT sha256 FROM case_reports")}
    finally:
        con.close()
    store = data_dir / "evidence"
    return sum(1 for p in store.glob("*/*") if p.is_file() and p.name not in known) if store.exists() else 0


def stored_files(data_dir: Path) -> int:
    store = data_dir / "evidence"
    return sum(1 for _ in store.glob("*/*")) if store.exists() else 0


def start_import(
    cli: Any, packages: dict[str, Any], *, json_out: bool = False, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """``cityeval package import FOLDER --trust CA.pem`` as a user runs it."""
    argv = [sys.executable, "-m", "cityeval_desktop.cli.main", "package", "import", str(packages["folder"])]
    argv += ["--trust", str(packages["pem"]), *(["--json"] if json_out else [])]
    return subprocess.Popen(argv, env=env or cli.env(), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_killed_import_leaves_each_package_whole_or_absent_and_a_rerun_does_the_rest(
    cli: Any, packages: dict[str, Any], tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    expected = packages["expected"]

    # one whole import first, into a database of its own: how long one takes here, and one package
    calibration = tmp_path / "calibration"
    calibration.mkdir()
    env = cli.env(CITYEVAL_DATA_DIR=str(calibration), CITYEVAL_DB=str(calibration / "c.sqlite3"))
    started = time.monotonic()
    proc = start_import(cli, packages, env=env)
    first = None
    while proc.poll() is None and time.monotonic() - started < 600:
        if first is None and ledger_rows(calibration / "c.sqlite3") >= 1:
            first = time.monotonic()
        time.sleep(0.002)
    _, err = proc.communicate(timeout=60)
    whole_run = time.monotonic() - started
    assert proc.returncode == 0 and first is not None, err.decode(errors="replace")
    assert imported_state(calibration / "c.sqlite3", expected) == (set(expected), [])
    per_package = (time.monotonic() - first) / (PACKAGES - 1)  # from the first commit to the last

    plans = [("observed", k, f) for k, f in OBSERVED] + [("timed", 0, f) for f in TIMED]
    plans += [("stored", k, 0.0) for k in STORED]
    rng.shuffle(plans)
    outcomes: list[str] = []
    done_before: set[str] = set()
    orphans_seen = 0
    for run, (kind, k, fraction) in enumerate(plans):
        base = ledger_rows(cli.db)
        proc = start_import(cli, packages)
        try:
            if kind == "timed":
                time.sleep(fraction * whole_run)
            else:
                # the packages done before are skipped first (one ledger row each), then k new ones
                target = base + len(done_before) + k
                deadline = time.monotonic() + 300
                while proc.poll() is None and ledger_rows(cli.db) < target and time.monotonic() < deadline:
                    time.sleep(0.002)
                if kind == "stored":  # the next package's first file is in the store: its commit is to come
                    before = stored_files(cli.data_dir)
                    while proc.poll() is None and stored_files(cli.data_dir) <= before and time.monotonic() < deadline:
                        time.sleep(0.001)
                else:
                    time.sleep(fraction * per_package)
            killed = proc.poll() is None
            if killed:
                proc.kill()  # SIGKILL (POSIX), TerminateProcess (Windows): no cleanup runs
        finally:
            _, err = proc.communicate(timeout=120)
        assert proc.returncode in (0, KILLED), f"run {run}: exit {proc.returncode}\n{err.decode()}"
        whole, broken = imported_state(cli.db, expected)
        assert not broken, f"run {run} ({kind} {k} {fraction}): packages imported in part:\n" + "\n".join(broken)
        assert done_before <= whole, f"run {run}: an imported package went missing"
        orphans = unreferenced_files(cli.data_dir, cli.db)
        orphans_seen += orphans > 0
        checked = cli("--lang", "en", "db", "check")
        assert checked.code == 0, f"run {run}: db check failed after the kill:\n{checked.out}{checked.err}"
        outcomes.append(
            f"{kind:8} k={k} {fraction:4.2f}: {'killed' if killed else 'finished'}, "
            f"{len(whole) - len(done_before)} new, {len(whole)} in all, {orphans} unreferenced files"
        )
        done_before = whole
        if len(whole) >= len(expected) - LEAVE:  # the final run must still have packages to import
            break

    # the rest, in one run to the end: exactly the missing ones imported, the others skipped
    proc = start_import(cli, packages, json_out=True)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode(errors="replace")
    by_outcome: dict[str, set[str]] = {}
    files = {exp["file"]: uuid for uuid, exp in expected.items()}
    for item in json.loads(out):
        by_outcome.setdefault(item["outcome"], set()).add(files[Path(item["file"]).name])
    assert by_outcome.get("imported", set()) == set(expected) - done_before, by_outcome
    assert by_outcome.get("skipped", set()) == done_before, by_outcome
    assert set(by_outcome) <= {"imported", "skipped"}, by_outcome
    assert imported_state(cli.db, expected) == (set(expected), [])
    checked = cli("--lang", "en", "db", "check")
    assert checked.code == 0, checked.out + checked.err

    # the kills must really have landed in the middle of the work, else the test proves nothing
    summary = "\n".join(outcomes)
    assert any("killed" in o and " 0 in all" not in o for o in outcomes), f"no kill after a commit:\n{summary}"
    assert 0 < len(done_before) < len(expected), f"the kills left nothing to do, or did nothing:\n{summary}"
    assert orphans_seen, f"no kill landed between storing a package's files and its commit:\n{summary}"
    print(summary, file=sys.stderr)
