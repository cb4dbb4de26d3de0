"""Parts shared by the independent scoring oracles (``test_scoring_oracle.py`` for the
cityeval-framework/1 files, ``test_scoring_oracle_v2.py`` for /2): exact numbers and rounding,
the per-method fraction of an answer, seeded answer values, and running the command line. Like the
oracles themselves this module never uses ``cityeval_desktop``'s scoring: it is a second, separate
reading of the written contract (DESIGN §3/§4, docs/framework.md). The command line runs in a
subprocess, as a user runs it, or (``in_process``, to keep the suite fast) through its entry point
``cityeval_desktop.cli.main.main`` with the same arguments, reading what it prints.
"""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
import uuid
import zlib
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CLI_TIMEOUT = 120

# ---------------------------------------------------------------------------------------
# Exact numbers
# ---------------------------------------------------------------------------------------


def num(x: Any) -> Fraction:
    """Exact value of a YAML/JSON number: ints as is, floats through their decimal text."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"not a number: {x!r}")
    if isinstance(x, int):
        return Fraction(x)
    return Fraction(str(x))


def round_half_up(x: Fraction, places: int) -> Decimal:
    """Exact half-up rounding (away from zero on a tie) of a Fraction."""
    scaled = x * 10**places
    n = math.floor(abs(scaled) + Fraction(1, 2))
    n = n if scaled >= 0 else -n
    return Decimal(n).scaleb(-places)


def _decimal_half_up(x: Fraction, places: int) -> Decimal:
    """Same rounding through decimal.Decimal; used to cross-check round_half_up."""
    with localcontext() as ctx:
        ctx.prec = 200
        d = Decimal(x.numerator) / Decimal(x.denominator)
        return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def finite_decimal(x: Fraction, max_places: int = 6) -> bool:
    den = x.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    return den == 1 and max(twos, fives) <= max_places


def json_number(x: Fraction) -> int | float:
    """A JSON number whose decimal text is exactly x (x must be a short finite decimal)."""
    if x.denominator == 1:
        return int(x)
    assert finite_decimal(x), x
    text = str(round_half_up(x, 6).normalize())
    value = float(text)
    assert Fraction(str(value)) == x, (x, value)
    return value


# ---------------------------------------------------------------------------------------
# Methods (DESIGN §3 methods table; graded deductions of docs/framework.md)
# ---------------------------------------------------------------------------------------


def method_fraction(ind: Any, tier: str, value: Any) -> Fraction:
    """f in [0, 1] for an answer, per the DESIGN §3 methods table."""
    m = ind.method
    kind = m["type"]
    if kind == "scale":
        assert isinstance(value, int) and not isinstance(value, bool)
        return Fraction(value, len(m["levels"]) - 1)
    if kind == "yes_no":
        assert isinstance(value, bool)
        return Fraction(1 if value else 0)
    if kind == "choice":
        for opt in m["options"]:
            if opt["id"] == value:
                return num(opt["fraction"])
        raise AssertionError(f"{ind.id}: unknown option {value!r}")
    if kind == "deduction" and m.get("severities"):
        assert isinstance(value, dict), (ind.id, value)
        per = {s["id"]: num(s["per"]) for s in m["severities"]}
        lost = sum((per[k] * c for k, c in value.items()), Fraction(0))
        return max(Fraction(0), ind.points - lost) / ind.points
    v = num(value)
    if kind == "threshold":
        thr = num(m["thresholds"][tier])
        for ratio, frac in m["bands"]:
            if v >= num(ratio) * thr:
                return num(frac)
        return Fraction(0)
    if kind == "bands":
        for low, frac in m["bands"]:
            if v >= num(low):
                return num(frac)
        return Fraction(0)
    if kind == "ratio":
        return min(Fraction(1), v / num(m["target"]))
    if kind == "per_item":
        return min(ind.points, v * num(m["per"])) / ind.points
    if kind == "deduction":
        return max(Fraction(0), ind.points - v * num(m["per"])) / ind.points
    raise AssertionError(f"{ind.id}: unknown method {kind}")


def graded_candidates(ind: Any) -> list[dict[str, int]]:
    """Counts per severity of a graded deduction: none, each severity alone (once, and as many
    times as take every point), and mixes that overshoot the points."""
    sevs = ind.method["severities"]
    out: list[dict[str, int]] = [{}, {s["id"]: 0 for s in sevs}]
    for s in sevs:
        per = num(s["per"])
        out += [{s["id"]: 1}, {s["id"]: math.ceil(ind.points / per)}]
    out.append({s["id"]: 1 for s in sevs})
    out.append({sevs[0]["id"]: math.ceil(ind.points / num(sevs[0]["per"])) + 2, sevs[-1]["id"]: 1})
    return out


# ---------------------------------------------------------------------------------------
# Answer values (seeded, deterministic) and tuning
# ---------------------------------------------------------------------------------------


def full_value(ind: Any, tier: str) -> Any:
    """An answer that earns the indicator's highest fraction, hitting band edges exactly."""
    m = ind.method
    kind = m["type"]
    if kind == "scale":
        return len(m["levels"]) - 1
    if kind == "yes_no":
        return True
    if kind == "choice":
        return max(m["options"], key=lambda o: num(o["fraction"]))["id"]
    if kind == "threshold":
        return json_number(num(m["bands"][0][0]) * num(m["thresholds"][tier]))
    if kind == "bands":
        return json_number(num(m["bands"][0][0]))
    if kind == "ratio":
        return json_number(num(m["target"]))
    if kind == "per_item":
        return math.ceil(ind.points / num(m["per"]))
    if kind == "deduction":
        return {} if m.get("severities") else 0
    raise AssertionError(kind)


def value_candidates(ind: Any, tier: str) -> list[Any]:
    """Interesting answers: band edges exactly, just below them, zero, over target."""
    m = ind.method
    kind = m["type"]
    if kind == "scale":
        return list(range(len(m["levels"])))
    if kind == "yes_no":
        return [True, False]
    if kind == "choice":
        return [o["id"] for o in m["options"]]
    out: list[Fraction] = []
    if kind == "threshold":
        thr = num(m["thresholds"][tier])
        edges = [num(r) * thr for r, _ in m["bands"]]
        out += [Fraction(0), edges[0] * 2 + 1]
        for e in edges:
            out += [e, e - Fraction(1, 100), e + Fraction(1, 2)]
        out = [v for v in out if v >= 0]
    elif kind == "bands":
        edges = [num(b) for b, _ in m["bands"]]
        out += [edges[-1] - 1, edges[0] * 2 + 1, Fraction(0)]
        for e in edges:
            out += [e, e - Fraction(1, 10), e + Fraction(1, 4)]
    elif kind == "ratio":
        t = num(m["target"])
        out += [Fraction(0), t, t * 2, t / 2, t * Fraction(3, 8), t * Fraction(1, 32), t + 1]
    elif kind == "per_item":
        full = math.ceil(ind.points / num(m["per"]))
        out += [Fraction(c) for c in {0, 1, max(full - 1, 0), full, full + 3}]
    elif kind == "deduction" and m.get("severities"):
        return graded_candidates(ind)
    elif kind == "deduction":
        per = num(m["per"])
        out += [
            Fraction(c)
            for c in {
                0,
                1,
                math.floor(ind.points / per),
                math.ceil(ind.points / per),
                math.ceil(ind.points / per) + 2,
            }
        ]
    else:
        raise AssertionError(kind)
    return [json_number(v) for v in out if finite_decimal(v)]


def random_value(ind: Any, tier: str, rng: random.Random) -> Any:
    m = ind.method
    kind = m["type"]
    if kind == "deduction" and m.get("severities"):
        return {s["id"]: rng.choice((0, 0, 1, 2, 3)) for s in m["severities"] if rng.random() < 0.6}
    if rng.random() < 0.65 or kind in ("scale", "yes_no", "choice"):
        return rng.choice(value_candidates(ind, tier))
    if kind == "threshold":
        top = num(m["bands"][0][0]) * num(m["thresholds"][tier]) * 2
        return json_number(Fraction(rng.randint(0, int(top * 10)), 10))
    if kind == "bands":
        top = num(m["bands"][0][0]) * 2 + 2
        return json_number(Fraction(rng.randint(-10, int(top * 100)), 100))
    if kind == "ratio":
        return json_number(Fraction(rng.randint(0, int(num(m["target"]) * 120)), 100))
    return rng.randint(0, 2 * math.ceil(ind.points / num(m["per"])) + 1)


def answer_entry(value: Any, rng: random.Random) -> dict[str, Any]:
    entry: dict[str, Any] = {"value": value}
    if rng.random() < 0.5:
        entry["note"] = rng.choice(["现场核验", "see contract scan", "自评 self-check", "见附件"])
    return entry


def seed_for(*parts: str) -> int:
    return zlib.crc32("|".join(parts).encode())


def tune_ratio(
    evaluate: Any,
    fw: Any,
    tier: str,
    answers: dict[str, dict[str, Any]],
    vetoes: dict[str, bool],
    metric: Any,
    targets: list[Fraction],
    rng: random.Random,
    avoid: set[str],
) -> tuple[str, Any, Fraction] | None:
    """Set one ratio indicator so that metric(evaluate(...)) equals one of targets exactly.

    ``evaluate(fw, tier, answers, vetoes)`` is the calling oracle's own. Inside [0, target] a
    ratio indicator's fraction is linear in its value, so every figure of DESIGN §4 (earned,
    D_d, T) is linear in it too: two evaluations give the line.
    """
    ratio_inds = [i for i in fw.tier_indicators(tier) if i.kind == "ratio" and i.id not in avoid]
    rng.shuffle(ratio_inds)
    for ind in ratio_inds:
        tgt = num(ind.method["target"])
        trial = dict(answers)
        trial[ind.id] = {"value": 0}
        m0 = metric(evaluate(fw, tier, trial, vetoes), ind)
        trial[ind.id] = {"value": json_number(tgt)}
        m1 = metric(evaluate(fw, tier, trial, vetoes), ind)
        if m0 is None or m1 is None or m1 == m0:
            continue
        for want in targets:
            v = (want - m0) / (m1 - m0) * tgt
            if not (0 < v < tgt) or not finite_decimal(v, 5):
                continue
            trial[ind.id] = answer_entry(json_number(v), rng)
            if metric(evaluate(fw, tier, trial, vetoes), ind) == want:
                answers[ind.id] = trial[ind.id]
                return ind.id, trial[ind.id]["value"], want
    return None


def xx5_targets(around: Fraction, places: int = 2) -> list[Fraction]:
    """Values near `around` whose first dropped digit is an exact 5 (half-up ties)."""
    step = Fraction(1, 10**places)
    base = math.floor(around / step) * step
    out = []
    for k in (0, -1, 1, -2, 2, -3, 3, -5, 5, -8, 8, -13, 13):
        out.append(base + k * step + step / 2)
    return [x for x in out if x > 0]


def dim_metric(dim_id: str):
    def metric(exp: Any, _ind: Any) -> Fraction | None:
        return next(d["exact"] for d in exp.dimensions if d["id"] == dim_id)

    return metric


def total_metric(exp: Any, _ind: Any) -> Fraction:
    return exp.total_exact


def earned_metric(exp: Any, ind: Any) -> Fraction | None:
    row = next(r for r in exp.indicators if r["id"] == ind.id)
    return Fraction(ind.points) * row["exact_fraction"] if "exact_fraction" in row else None


def fraction_metric(exp: Any, ind: Any) -> Fraction | None:
    row = next(r for r in exp.indicators if r["id"] == ind.id)
    return row.get("exact_fraction")


# ---------------------------------------------------------------------------------------
# Running the command line
# ---------------------------------------------------------------------------------------


class CliError(AssertionError):
    pass


def cli_process(env: dict[str, str], db: Path, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``cityeval --db DB --data-dir DIR ARGS`` in a subprocess (the worktree's code: cwd REPO)."""
    cmd = [sys.executable, "-m", "cityeval_desktop.cli.main", "--db", str(db), "--data-dir", str(data_dir), *args]
    return subprocess.run(
        cmd,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=CLI_TIMEOUT,
        check=False,
    )


def cli_in_process(db: Path, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The same command as :func:`cli_process`, run by the ``cityeval`` entry point in this process."""
    import contextlib
    import io

    from cityeval_desktop.cli.main import main  # the entry point only: what it prints is what is read

    argv = ["--db", str(db), "--data-dir", str(data_dir), *args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return subprocess.CompletedProcess(
        [sys.executable, "-m", "cityeval_desktop.cli.main", *argv], code, out.getvalue(), err.getvalue()
    )


def run_cli(env: dict[str, str], db: Path, data_dir: Path, *args: str, in_process: bool = False) -> str:
    proc = cli_in_process(db, data_dir, *args) if in_process else cli_process(env, db, data_dir, *args)
    if proc.returncode != 0:
        raise CliError(
            f"command failed (exit {proc.returncode}): {' '.join(proc.args[2:])}\n"
            f"stdout: {proc.stdout.strip()}\nstderr: {proc.stderr.strip()}"
        )
    return proc.stdout


class Workspace:
    """One database and data folder, with the CLI run against them (in a subprocess, or ``in_process``)."""

    def __init__(self, work: Path, *, in_process: bool = False) -> None:
        self.work = work
        self.in_process = in_process
        self.db = work / "cityeval.sqlite3"
        self.data_dir = work / "data"
        (self.data_dir / "frameworks").mkdir(parents=True)
        env = dict(os.environ)
        env.update(
            LANG="C.UTF-8",
            LC_ALL="C.UTF-8",
            CITYEVAL_DATA_DIR=str(self.data_dir),
            CITYEVAL_DB=str(self.db),
            XDG_DATA_HOME=str(work / "xdg-data"),
            XDG_CONFIG_HOME=str(work / "xdg-config"),
            XDG_CACHE_HOME=str(work / "xdg-cache"),
            QT_QPA_PLATFORM="offscreen",
        )
        env.pop("CITYEVAL_PASSWORD", None)
        self.env = env
        self._files = 0

    def run(self, *args: str) -> str:
        return run_cli(self.env, self.db, self.data_dir, *args, in_process=self.in_process)

    def process(self, *args: str) -> subprocess.CompletedProcess[str]:
        if self.in_process:
            return cli_in_process(self.db, self.data_dir, *args)
        return cli_process(self.env, self.db, self.data_dir, *args)

    def new_case(self, framework: str, tier: str, mode: str, entity_name: str, uscc: str, region: str | None) -> str:
        args = ["case", "new", "--framework", framework, "--tier", tier, "--mode", mode]
        args += ["--entity-name", entity_name, "--uscc", uscc]
        if region:
            args += ["--region", region]
        out = self.run(*args).strip()
        try:
            return str(uuid.UUID(out.splitlines()[-1].strip()))
        except (ValueError, IndexError) as exc:
            raise CliError(f"`case new` did not print a case uuid: {out!r}") from exc

    def write_answers(self, doc: dict[str, Any]) -> Path:
        self._files += 1
        path = self.work / f"answers-{self._files}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        return path

    def answer(self, case_id: str, doc: dict[str, Any]) -> str:
        return self.run("case", "answer", case_id, "--file", str(self.write_answers(doc)))

    def show_json(self, case_id: str, *global_args: str) -> dict[str, Any]:
        text = self.run(*global_args, "case", "show", case_id, "--json")
        try:
            return json.loads(text)
        except ValueError as exc:
            raise CliError(f"`case show --json` printed invalid JSON: {text[:500]!r}") from exc


# ---------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------


def num_equal(got: Any, want: Decimal | Fraction | None) -> bool:
    if want is None:
        return got is None
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return False
    return Decimal(str(got)) == (want if isinstance(want, Decimal) else Decimal(str(json_number(want))))


def answer_equal(got: Any, given: Any) -> bool:
    if given is None or isinstance(given, (bool, str)):
        return got is given if not isinstance(given, str) else got == given
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return False
    return Decimal(str(got)) == Decimal(str(given))
