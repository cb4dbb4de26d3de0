"""Write tests/fixtures/golden-2026.1.json: cases on the 2026.1 default frameworks and their figures.

Run once, before a change of the scoring code, from the repository root:
``python tests/make_golden_2026_1.py``. The cases are built through the services (an answers file per
case, vetoes one by one) on the copies in tests/fixtures/frameworks-2026.1 (the bundled forms of
2026.1), and every figure ``case show --json`` gave is kept. tests/unit/services/test_golden_2026_1.py
builds the same cases again and compares every figure: 2026.1 cases score exactly as before.
"""

from __future__ import annotations

import json
import math
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "tests" / "fixtures" / "frameworks-2026.1"
OUT = ROOT / "tests" / "fixtures" / "golden-2026.1.json"
USCC = ("91350100M000100Y43", "91512081MA62K0260E")

#: the figures of the result kept per case (every key ``case show --json`` had in 2026.1)
RESULT_KEYS = (
    "total",
    "grade",
    "provisional",
    "grade_before_cap",
    "vetoed",
    "undecided_vetoes",
    "capped",
    "completeness",
    "dimensions",
    "gaps",
    "vetoes",
)
INDICATOR_KEYS = ("id", "dimension", "status", "answer", "fraction", "earned", "points", "reason")


def figures(result: dict[str, Any]) -> dict[str, Any]:
    """The 2026.1 figures of one ``result`` (new keys left out, so the comparison is of the old ones)."""
    kept = {k: result[k] for k in RESULT_KEYS}
    kept["indicators"] = [{k: i[k] for k in INDICATOR_KEYS} for i in result["indicators"]]
    kept["gaps"] = [{k: g[k] for k in ("id", "lost")} for g in result["gaps"]]
    return kept


def _high(rng: random.Random, ind: Any, tier: str) -> Any:
    """A strong answer: full marks mostly, one step short sometimes."""
    m = ind.method
    kind = m.type
    short = rng.random() < 0.35
    if kind == "scale":
        return len(m.levels) - 1 - (1 if short else 0)
    if kind == "yes_no":
        return not (short and rng.random() < 0.5)
    if kind == "choice":
        ranked = sorted(m.options, key=lambda o: -o.fraction)
        return ranked[1 if short else 0].id
    if kind == "threshold":
        return round(float(m.thresholds[tier] * m.bands[1 if short and len(m.bands) > 1 else 0][0]), 2)
    if kind == "bands":
        return float(m.bands[1 if short and len(m.bands) > 1 else 0][0]) + 0.5
    if kind == "ratio":
        return round(float(m.target) * (0.85 if short else 1.1), 2)
    if kind == "per_item":
        return math.ceil(ind.points / m.per) - (1 if short else 0)
    return 1 if short else 0  # deduction


def _value(rng: random.Random, ind: Any, tier: str) -> Any:
    m = ind.method
    kind = m.type
    if kind == "scale":
        return rng.randrange(len(m.levels))
    if kind == "yes_no":
        return rng.random() < 0.6
    if kind == "choice":
        return rng.choice(m.options).id
    if kind == "threshold":
        top = float(m.thresholds[tier]) * 2
        return round(rng.uniform(0, top), rng.choice((0, 0, 1)))
    if kind == "bands":
        top = float(m.bands[0][0]) * 1.3
        return round(rng.uniform(min(0.0, float(m.bands[-1][0])), top), rng.choice((0, 1, 2)))
    if kind == "ratio":
        return round(rng.uniform(0, float(m.target) * 1.3), rng.choice((0, 1)))
    if kind == "per_item":
        return rng.randrange(math.ceil(ind.points / m.per) + 3)
    return rng.randrange(math.ceil(ind.points / m.per) + 2)  # deduction


def case_specs(frameworks: list[Any]) -> list[dict[str, Any]]:
    """Deterministic cases: every framework x tier x mode, with N/A, unanswered, vetoes and low dimensions."""
    rng = random.Random(20261)
    specs = []
    for fw in frameworks:
        for tier in (t.id for t in fw.tiers):
            for n, mode in enumerate(("self", "third-party", "third-party")):
                answers: dict[str, Any] = {}
                weak = rng.choice([d.id for d in fw.dimensions]) if n == 2 else None
                for ind in fw.tier_indicators(tier):
                    roll = rng.random()
                    if roll < (0.1 if n != 1 else 0.04):
                        answers[ind.id] = {"not_applicable": True, "reason": f"不适用理由 {ind.id}"}
                    elif roll < 0.14 and n == 0:
                        continue  # unanswered: a provisional result
                    elif ind.dimension_id == weak:
                        lowest = 0 if ind.method.type != "deduction" else 99
                        if ind.method.type == "choice":
                            lowest = min(ind.method.options, key=lambda o: o.fraction).id
                        elif ind.method.type == "yes_no":
                            lowest = False
                        elif ind.method.type == "bands":
                            lowest = float(ind.method.bands[-1][0]) - 1
                        answers[ind.id] = {"value": lowest}
                    else:
                        answers[ind.id] = {"value": (_value if n == 0 else _high)(rng, ind, tier)}
                vetoes: dict[str, bool | None] = {}
                for v in fw.vetoes:
                    roll = rng.random()
                    vetoes[v.id] = None if (roll < 0.1 and n == 0) else (roll > 0.9 and n == 0)
                specs.append({"framework": fw.id, "tier": tier, "mode": mode, "answers": answers, "vetoes": vetoes})
    return specs


def build(ctx: Any, spec: dict[str, Any], folder: Path, n: int) -> dict[str, Any]:
    """One case through the services; its ``case show --json`` document."""
    from cityeval_desktop.services import cases as case_service
    from cityeval_desktop.services.results import case_json

    summary = case_service.new_case(
        ctx,
        framework=spec["framework"],
        tier=spec["tier"],
        mode=spec["mode"],
        entity_name=f"回归测试主体{n}",
        uscc=USCC[n % 2],
    )
    path = folder / f"answers-{n}.json"
    path.write_text(json.dumps({"answers": spec["answers"]}, ensure_ascii=False), "utf-8")
    case_service.apply_answers_file(ctx, summary.ref, path)
    for veto, decided in spec["vetoes"].items():
        if decided is not None:
            case_service.set_veto(ctx, summary.ref, veto, decided)
    return case_json(case_service.load_case(ctx, summary.ref))


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from cityeval_desktop import paths
    from cityeval_desktop.domain.loader import load_file
    from cityeval_desktop.services import frameworks as fw_registry
    from cityeval_desktop.services.context import open_context

    paths.forms_dir = lambda: FORMS  # type: ignore[assignment]  # the 2026.1 copies, whatever forms/ holds
    fw_registry.bundled_frameworks.cache_clear()
    frameworks = [load_file(p) for p in sorted(FORMS.glob("*.yaml"))]
    assert all(f.version == "2026.1" for f in frameworks)
    specs = case_specs(frameworks)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ctx = open_context(folder / "golden.sqlite3", folder, actor="golden")
        try:
            cases = []
            for n, spec in enumerate(specs):
                doc = build(ctx, spec, folder, n)
                cases.append({**spec, "sha256": doc["framework"]["sha256"], "result": figures(doc["result"])})
        finally:
            ctx.close()
    lines = ",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for c in cases)
    OUT.write_text('{"cases": [\n' + lines + "\n]}\n", "utf-8")
    print(f"{OUT}: {len(cases)} cases")


if __name__ == "__main__":
    main()
