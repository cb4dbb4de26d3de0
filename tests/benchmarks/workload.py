"""Benchmark inputs: a synthetic 60-indicator framework, random answers and valid USCCs.

Everything is generated from a seeded ``random.Random`` so two runs measure the same work.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import yaml

from cityeval_desktop.domain.framework import Framework, Indicator
from cityeval_desktop.domain.methods import (
    Bands,
    Choice,
    Deduction,
    PerItem,
    Ratio,
    Scale,
    Threshold,
    YesNo,
)
from cityeval_desktop.domain.scoring import Answer
from cityeval_desktop.domain.uscc import ALPHABET, check_character

METHOD_ORDER = ("scale", "yes_no", "choice", "threshold", "bands", "ratio", "per_item", "deduction")
TIERS = ("regional", "city", "enterprise")
DIMENSIONS = 5
PER_DIMENSION = 12
# 12 indicators per dimension: 8 x 2 + 4 x 1 = 20 points = the dimension weight
POINTS = (2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1)


def _text(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _method(kind: str, n: int) -> dict[str, Any]:
    unit = _text("项", "items")
    if kind == "scale":
        return {"type": "scale", "levels": [_text(f"等级{k}", f"Level {k}") for k in range(5)]}
    if kind == "yes_no":
        return {"type": "yes_no"}
    if kind == "choice":
        return {
            "type": "choice",
            "options": [
                {"id": "full", "title": _text("完全", "Full"), "fraction": 1},
                {"id": "most", "title": _text("大部分", "Most"), "fraction": 0.7},
                {"id": "some", "title": _text("部分", "Some"), "fraction": 0.35},
                {"id": "none", "title": _text("无", "None"), "fraction": 0},
            ],
        }
    if kind == "threshold":
        return {
            "type": "threshold",
            "thresholds": {"regional": 12 + n % 5, "city": 6, "enterprise": 3.5},
            "bands": [[1.5, 1.0], [1.0, 0.8], [0.5, 0.4]],
            "unit": _text("人", "people"),
        }
    if kind == "bands":
        return {"type": "bands", "bands": [[20, 1.0], [10.5, 0.7], [5, 0.4], [0, 0.1]], "unit": _text("%", "%")}
    if kind == "ratio":
        return {"type": "ratio", "target": 60 + n % 7, "unit": _text("%", "%")}
    if kind == "per_item":
        return {"type": "per_item", "per": 0.75, "unit": unit}
    return {"type": "deduction", "per": 0.5, "unit": _text("次", "times")}


def synthetic_framework_yaml(dimensions: int = DIMENSIONS, per_dimension: int = PER_DIMENSION) -> bytes:
    """A valid framework file with ``dimensions x per_dimension`` indicators (default 5 x 12 = 60).

    The eight method types rotate over the indicators; every 9th indicator is limited to the
    regional and city tiers, so a regional case still has every indicator.
    """
    if per_dimension != len(POINTS) or 100 % dimensions:
        raise ValueError("the point layout assumes 12 indicators per dimension and a weight dividing 100")
    weight = 100 // dimensions
    scale_points = [p * weight / 20 for p in POINTS]
    dims = []
    n = 0
    for d in range(1, dimensions + 1):
        indicators = []
        for i in range(1, per_dimension + 1):
            kind = METHOD_ORDER[n % len(METHOD_ORDER)]
            ind: dict[str, Any] = {
                "id": f"B{d}.{i}",
                "title": _text(f"基准指标 {d}.{i}", f"Benchmark indicator {d}.{i}"),
                "guidance": _text(f"核查第 {d}.{i} 项的材料。", f"Check the records of item {d}.{i}."),
                "improve": _text(f"补齐第 {d}.{i} 项的短板。", f"Close the gap on item {d}.{i}."),
                "points": scale_points[i - 1],
                "method": _method(kind, n),
                "evidence": {"required": n % 3 == 0, "kinds": ["records"]},
            }
            if n % 9 == 8:
                ind["tiers"] = ["regional", "city"]
            indicators.append(ind)
            n += 1
        dims.append(
            {"id": f"D{d}", "title": _text(f"维度{d}", f"Dimension {d}"), "weight": weight, "indicators": indicators}
        )
    doc = {
        "schema": "cityeval-framework/1",
        "id": "benchmark-sixty",
        "version": "1",
        "category": "planning-consulting",
        "title": _text("基准测试框架", "Benchmark framework"),
        "tiers": [{"id": t, "title": _text(t, t)} for t in TIERS],
        "grades": [
            {"id": "AAA", "min": 90, "stars": 5, "title": _text("优秀", "Excellent")},
            {"id": "AA", "min": 80, "stars": 4, "title": _text("良好", "Good")},
            {"id": "A", "min": 70, "stars": 3, "title": _text("中等", "Fair")},
            {"id": "B", "min": 60, "stars": 2, "title": _text("基本合格", "Basic")},
            {"id": "C", "min": 0, "stars": 1, "title": _text("不合格", "Failing")},
        ],
        "caps": [{"dimension_below": 40, "max_grade": "A"}],
        "dimensions": dims,
        "vetoes": [
            {"id": "V1", "title": _text("严重失信", "Serious dishonesty")},
            {"id": "V2", "title": _text("重大事故", "Major incident")},
        ],
    }
    # every dict above is a fresh object, so the dump has no anchors/aliases (the loader refuses them)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")


def _decimal(x: float) -> Decimal:
    return Decimal(str(round(x, 2)))


def raw_value(indicator: Indicator, tier: str, rng: random.Random) -> Any:
    """A random valid answer value as it appears in an answers document (JSON types, Decimal)."""
    m = indicator.method
    if isinstance(m, Scale):
        return rng.randrange(len(m.levels))
    if isinstance(m, YesNo):
        return rng.random() < 0.75
    if isinstance(m, Choice):
        return rng.choice(m.options).id
    if isinstance(m, Threshold):
        return rng.randrange(0, int(m.thresholds[tier] * 2) + 2)
    if isinstance(m, Bands):
        top = float(m.bands[0][0])
        return _decimal(rng.uniform(0, top * 1.3 + 1))
    if isinstance(m, Ratio):
        return _decimal(rng.uniform(0, float(m.target) * 1.2))
    if isinstance(m, PerItem):
        return rng.randrange(0, int(indicator.points / m.per) + 3)
    if isinstance(m, Deduction) and m.graded:  # counts per severity (the 2026.2 frameworks)
        return {m.severities[0].id: rng.randrange(0, 4)}
    if isinstance(m, Deduction):
        return rng.randrange(0, 4)
    raise TypeError(f"unknown method {m!r}")


def full_answers(framework: Framework, tier: str, rng: random.Random) -> dict[str, Answer]:
    """Every tier indicator answered, values in canonical (parsed) form, for ``score``."""
    out: dict[str, Answer] = {}
    for ind in framework.tier_indicators(tier):
        out[ind.id] = Answer(value=ind.method.parse(raw_value(ind, tier, rng)))
    return out


def to_json(value: Any) -> Any:
    """``json.dumps`` default: Decimals as JSON numbers with their exact digits."""
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


def answers_document(framework: Framework, tier: str, rng: random.Random) -> dict[str, Any]:
    """A full answers document (DESIGN §6): every tier indicator answered, every veto decided."""
    answers: dict[str, Any] = {}
    for n, ind in enumerate(framework.tier_indicators(tier)):
        entry: dict[str, Any] = {"value": raw_value(ind, tier, rng)}
        if n % 4 == 0:
            entry["note"] = f"现场核查记录 {n}：材料齐全。"
        answers[ind.id] = entry
    return {
        "framework": framework.key,
        "answers": answers,
        "vetoes": {v.id: False for v in framework.vetoes},
    }


def uscc(rng: random.Random, region: str = "350100") -> str:
    """A valid 统一社会信用代码 (GB 32100) for a company registered in ``region``."""
    org = "".join(rng.choice(ALPHABET) for _ in range(9))
    first17 = "91" + region + org
    return first17 + check_character(first17)


#: run in the child of :func:`cli_peak_rss`: the command, then its own peak resident memory (VmHWM, which
#: exec resets, unlike ``ru_maxrss``) into the file named by the first argument
_PEAK_CHILD = (
    "import sys\n"
    "from cityeval_desktop.cli.main import main\n"
    "out, argv = sys.argv[1], sys.argv[2:]\n"
    "code = main(argv)\n"
    "hwm = [line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:')]\n"
    "open(out, 'w').write(hwm[0] if hwm else '')\n"
    "sys.exit(code)\n"
)


def cli_peak_rss(command: list[str], env: dict[str, str] | None = None) -> dict[str, float | None]:
    """Run ``cityeval COMMAND`` once in a fresh interpreter (stdout and stderr discarded) and return its peak
    resident memory in MiB: ``peak_rss_mib`` is the child's VmHWM (its own peak, interpreter and imports
    included); ``ru_maxrss_mib`` is ``getrusage(RUSAGE_CHILDREN)`` after it, which on Linux also carries over
    the high-water mark of the process that started it (an upper bound), and the wall and CPU seconds."""
    import os
    import resource
    import subprocess
    import sys
    import tempfile
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hwm"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", _PEAK_CHILD, str(out), *command],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=root,
            env={**os.environ, **(env or {}), "PYTHONPATH": str(root)},
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        text = out.read_text() if out.exists() else ""
    return {
        "peak_rss_mib": round(int(text) / 1024, 1) if text.strip() else None,
        "ru_maxrss_mib": round(after.ru_maxrss / 1024, 1),
        "process_wall_s": round(wall, 3),
        "process_cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 3),
    }
