#!/usr/bin/env python3
"""Type-check ``cityeval_desktop`` with mypy against a baseline that only shrinks.

    .venv/bin/python .ci/mypy-check.py            # fails if any file has more errors than the baseline
    .venv/bin/python .ci/mypy-check.py --update   # write the current counts (only ever lower them)

The baseline (``.ci/mypy-baseline.json``) holds the number of mypy errors per file when it was written.
A file with more errors than its baseline (or a new file with any) fails the check, with those errors
listed; fewer errors pass, and the check says the baseline can be lowered with ``--update``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / ".ci" / "mypy-baseline.json"
ERROR = re.compile(r"^(?P<path>[^:\s]+\.py):\d+: error: ")


def run_mypy() -> tuple[Counter[str], dict[str, list[str]]]:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "cityeval_desktop", "--no-error-summary", "--no-color-output"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode not in (0, 1):  # 2: mypy itself failed (bad config, crash)
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"mypy could not run (exit {proc.returncode})")
    counts: Counter[str] = Counter()
    lines: dict[str, list[str]] = {}
    for line in proc.stdout.splitlines():
        m = ERROR.match(line)
        if m:
            counts[m["path"]] += 1
            lines.setdefault(m["path"], []).append(line)
    return counts, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="write the current counts as the baseline")
    args = parser.parse_args()
    counts, lines = run_mypy()
    baseline: dict[str, int] = json.loads(BASELINE.read_text("utf-8")) if BASELINE.exists() else {}
    if args.update:
        grown = {p: n for p, n in counts.items() if n > baseline.get(p, 0)} if baseline else {}
        if grown:
            print(f"refusing to raise the baseline for: {', '.join(sorted(grown))}", file=sys.stderr)
            return 1
        BASELINE.write_text(json.dumps(dict(sorted(counts.items())), indent=1) + "\n", "utf-8")
        print(f"baseline written: {sum(counts.values())} errors in {len(counts)} files")
        return 0
    worse = {p: n for p, n in counts.items() if n > baseline.get(p, 0)}
    for path in sorted(worse):
        print(f"{path}: {worse[path]} mypy errors, the baseline allows {baseline.get(path, 0)}:", file=sys.stderr)
        for line in lines[path]:
            print(f"  {line}", file=sys.stderr)
    total, allowed = sum(counts.values()), sum(baseline.values())
    if worse:
        print(f"mypy: {total} errors (baseline {allowed}); fix the new ones above", file=sys.stderr)
        return 1
    note = "; lower the baseline: .venv/bin/python .ci/mypy-check.py --update" if total < allowed else ""
    print(f"mypy: {total} errors, baseline {allowed}{note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
