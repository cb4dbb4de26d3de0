"""End-to-end check of the scoring contract (DESIGN §4) through the command line (DESIGN §6).

For every default framework and every tier, cases are created and answered with
``cityeval case new`` / ``case answer`` and read back with ``case show --json``. Every
figure the command prints (total, dimension scores, grade, cap, vetoes, completeness,
per-indicator fractions and points earned, gaps) is compared with an *independent*
implementation of DESIGN §4 written here from the YAML files alone. This module must
never import ``cityeval_desktop`` scoring code: the oracle's value is that it is a
second, separate reading of the contract.

Answer sets are generated with seeded ``random.Random`` instances, so every run uses the
same data. They mix unanswered and N/A indicators with values that sit exactly on band
boundaries, zeros, over-target values and values tuned (through ``ratio`` indicators) so
that shown figures end in an exact ``...5`` at the rounding digit, or so that the total
lands exactly half a cent below a grade minimum (it must round *up* into the grade). Named
scenarios cover full marks (T = 100, grade AAA), a veto, a cap that lowers the grade, a
dimension that sits exactly at the cap boundary after rounding, and a dimension that is
excluded because all its indicators are N/A.
"""

from __future__ import annotations

import hashlib
import random
import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.oracle_common import (
    REPO,
    Workspace,
    _decimal_half_up,
    answer_entry,
    answer_equal,
    dim_metric,
    earned_metric,
    fraction_metric,
    full_value,
    method_fraction,
    num,
    num_equal,
    random_value,
    round_half_up,
    seed_for,
    total_metric,
    value_candidates,
    xx5_targets,
)
from tests.e2e.oracle_common import tune_ratio as _tune_ratio

# The 2026.1 default frameworks (cityeval-framework/1, DESIGN §4 as written): the product ships 2026.2
# now, and a 2026.1 file installed in the data folder must score exactly as it always did.
FORMS_DIR = REPO / "tests" / "fixtures" / "frameworks-2026.1"
FRAMEWORK_IDS = ("planning-consulting", "construction-implementation", "operations-maintenance")
DEFAULT_TIERS = ("regional", "city", "enterprise")
USCCS = (("91350100M000100Y43", "350100"), ("91512081MA62K0260E", "512081"))

# ---------------------------------------------------------------------------------------
# Oracle: framework model read straight from the YAML file (DESIGN §3)
# ---------------------------------------------------------------------------------------


@dataclass
class Indicator:
    id: str
    dim_id: str
    points: Fraction
    method: dict[str, Any]
    tiers: tuple[str, ...]

    @property
    def kind(self) -> str:
        return self.method["type"]


@dataclass
class Dimension:
    id: str
    weight: Fraction
    indicators: list[Indicator]


@dataclass
class Framework:
    id: str
    version: str
    sha256: str
    tiers: tuple[str, ...]
    grades: list[tuple[str, Fraction]]  # high to low
    caps: list[tuple[Fraction, str]]  # (dimension_below, max_grade)
    dimensions: list[Dimension]
    vetoes: list[str]
    indicators: list[Indicator] = field(default_factory=list)  # framework order

    def tier_indicators(self, tier: str) -> list[Indicator]:
        return [i for i in self.indicators if tier in i.tiers]

    def indicator(self, ind_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == ind_id)


def parse_framework(data: dict[str, Any], sha256: str = "") -> Framework:
    tiers = tuple(t["id"] for t in data["tiers"])
    dims: list[Dimension] = []
    inds: list[Indicator] = []
    for d in data["dimensions"]:
        dim = Dimension(id=d["id"], weight=num(d["weight"]), indicators=[])
        for i in d["indicators"]:
            ind = Indicator(
                id=i["id"],
                dim_id=d["id"],
                points=num(i["points"]),
                method=i["method"],
                tiers=tuple(i.get("tiers") or tiers),
            )
            dim.indicators.append(ind)
            inds.append(ind)
        dims.append(dim)
    return Framework(
        id=data["id"],
        version=str(data["version"]),
        sha256=sha256,
        tiers=tiers,
        grades=[(g["id"], num(g["min"])) for g in data["grades"]],
        caps=[(num(c["dimension_below"]), c["max_grade"]) for c in data.get("caps") or []],
        dimensions=dims,
        vetoes=[v["id"] for v in data.get("vetoes") or []],
        indicators=inds,
    )


def load_framework(fw_id: str) -> Framework:
    path = FORMS_DIR / f"{fw_id}.yaml"
    raw = path.read_bytes()
    return parse_framework(yaml.safe_load(raw.decode("utf-8")), hashlib.sha256(raw).hexdigest())


# ---------------------------------------------------------------------------------------
# Oracle: scoring (DESIGN §3 methods table and §4)
# ---------------------------------------------------------------------------------------


@dataclass
class Expected:
    """What ``case show --json`` must say in ``result`` (Decimals are the shown figures)."""

    total: Decimal
    total_exact: Fraction
    grade: str | None
    vetoed: list[str]
    capped: bool
    completeness: Decimal
    dimensions: list[dict[str, Any]]  # {id, weight, score (Decimal|None), exact}
    indicators: list[dict[str, Any]]  # {id, status, answer, fraction, earned, points, exact_*}
    gaps: list[dict[str, Any]]  # {id, lost (Decimal), exact}


def is_na(entry: dict[str, Any] | None) -> bool:
    return bool(entry) and entry.get("not_applicable") is True


def evaluate(fw: Framework, tier: str, answers: dict[str, dict[str, Any]], vetoes: dict[str, bool]) -> Expected:
    """Independent implementation of DESIGN §4 for one case state."""
    tier_inds = fw.tier_indicators(tier)
    rows: list[dict[str, Any]] = []
    earned: dict[str, Fraction] = {}
    status: dict[str, str] = {}
    for ind in tier_inds:
        entry = answers.get(ind.id)
        row: dict[str, Any] = {"id": ind.id, "points": ind.points}
        if is_na(entry):
            status[ind.id] = row["status"] = "not_applicable"
            row.update(answer=None, fraction=None, earned=None)
        elif entry is not None and "value" in entry:
            f = method_fraction(ind, tier, entry["value"])
            assert 0 <= f <= 1, (ind.id, f)
            earned[ind.id] = ind.points * f
            status[ind.id] = row["status"] = "answered"
            row.update(
                answer=entry["value"],
                fraction=round_half_up(f, 4),
                earned=round_half_up(earned[ind.id], 2),
                exact_fraction=f,
            )
        else:
            earned[ind.id] = Fraction(0)
            status[ind.id] = row["status"] = "unanswered"
            row.update(answer=None, fraction=None, earned=Decimal(0))
        rows.append(row)

    dim_rows: list[dict[str, Any]] = []
    dim_exact: dict[str, Fraction] = {}
    dim_points: dict[str, Fraction] = {}
    for dim in fw.dimensions:
        applicable = [i for i in dim.indicators if tier in i.tiers and status[i.id] != "not_applicable"]
        if applicable:
            pts = sum((i.points for i in applicable), Fraction(0))
            dim_points[dim.id] = pts
            dim_exact[dim.id] = 100 * sum((earned[i.id] for i in applicable), Fraction(0)) / pts
        exact = dim_exact.get(dim.id)
        dim_rows.append(
            {
                "id": dim.id,
                "weight": dim.weight,
                "score": None if exact is None else round_half_up(exact, 2),
                "exact": exact,
            }
        )
    included = [d for d in fw.dimensions if d.id in dim_exact]
    assert included, "oracle: case with no included dimension (T undefined)"
    w_sum = sum((d.weight for d in included), Fraction(0))
    total_exact = sum((d.weight * dim_exact[d.id] for d in included), Fraction(0)) / w_sum
    total = round_half_up(total_exact, 2)

    grade: str | None = None
    for gid, gmin in fw.grades:
        if total >= gmin:
            grade = gid
            break
    order = [g for g, _ in fw.grades]
    uncapped = grade
    for below, max_grade in fw.caps:
        low = any(round_half_up(dim_exact[d.id], 2) < below for d in included)
        if low and grade is not None and order.index(max_grade) > order.index(grade):
            grade = max_grade
    capped = grade != uncapped
    vetoed = [v for v in fw.vetoes if vetoes.get(v) is True]
    if vetoed:
        grade, capped = None, False

    decided = sum(1 for s in status.values() if s != "unanswered")
    completeness = round_half_up(Fraction(decided, len(tier_inds)), 4)

    lost: list[tuple[Fraction, int, str]] = []
    for pos, ind in enumerate(tier_inds):
        if status[ind.id] == "not_applicable":
            continue
        d = next(d for d in fw.dimensions if d.id == ind.dim_id)
        exact = 100 * d.weight / w_sum * (ind.points - earned[ind.id]) / dim_points[d.id]
        if exact > 0:
            lost.append((exact, pos, ind.id))
    lost.sort(key=lambda t: (-t[0], t[1]))
    gaps = [{"id": i, "lost": round_half_up(x, 2), "exact": x} for x, _, i in lost]
    return Expected(
        total=total,
        total_exact=total_exact,
        grade=grade,
        vetoed=vetoed,
        capped=capped,
        completeness=completeness,
        dimensions=dim_rows,
        indicators=rows,
        gaps=gaps,
    )


# ---------------------------------------------------------------------------------------
# Answer generation (seeded, deterministic)
# ---------------------------------------------------------------------------------------


def tune_ratio(*args: Any) -> tuple[str, Any, Fraction] | None:
    """oracle_common.tune_ratio with this module's DESIGN §4 evaluation."""
    return _tune_ratio(evaluate, *args)


def na_entry(rng: random.Random) -> dict[str, Any]:
    return {
        "not_applicable": True,
        "reason": rng.choice(["本级不适用 not offered at this tier", "新设立企业", "no such projects"]),
    }


# ---------------------------------------------------------------------------------------
# Scenario plans: each case = a list of answers files, each followed by `case show`
# ---------------------------------------------------------------------------------------


@dataclass
class Step:
    label: str
    file: dict[str, Any]  # the answers.json document applied at this step
    answers: dict[str, dict[str, Any]]  # cumulative state after the step
    vetoes: dict[str, bool]
    expected: Expected
    notes: list[str] = field(default_factory=list)


@dataclass
class CasePlan:
    name: str
    mode: str
    uscc: str
    region: str | None
    entity_name: str
    steps: list[Step] = field(default_factory=list)

    def add(
        self,
        fw: Framework,
        tier: str,
        label: str,
        answers_delta: dict[str, dict[str, Any]],
        vetoes_delta: dict[str, bool],
        notes: list[str] | None = None,
    ) -> Expected:
        prev_a = self.steps[-1].answers if self.steps else {}
        prev_v = self.steps[-1].vetoes if self.steps else {}
        answers = {**prev_a, **answers_delta}
        vetoes = {**prev_v, **vetoes_delta}
        exp = evaluate(fw, tier, answers, vetoes)
        doc = {"answers": answers_delta, "vetoes": vetoes_delta}
        self.steps.append(Step(label, doc, answers, vetoes, exp, notes or []))
        return exp


def included_dims(fw: Framework, tier: str) -> list[Dimension]:
    return [d for d in fw.dimensions if any(tier in i.tiers for i in d.indicators)]


def full_answers(fw: Framework, tier: str) -> dict[str, dict[str, Any]]:
    return {i.id: {"value": full_value(i, tier)} for i in fw.tier_indicators(tier)}


def plan_mixed(fw: Framework, tier: str) -> CasePlan:
    """Random mix, then a second file that replaces/adds entries; rounding ties tuned in."""
    rng = random.Random(seed_for(fw.id, tier, "mixed"))
    plan = CasePlan("mixed", "self", USCCS[0][0], USCCS[0][1], "福州数字城市规划咨询有限公司")
    tier_inds = fw.tier_indicators(tier)
    while True:
        delta: dict[str, dict[str, Any]] = {}
        for ind in tier_inds:
            r = rng.random()
            if r < 0.2:
                continue  # unanswered
            delta[ind.id] = na_entry(rng) if r < 0.35 else answer_entry(random_value(ind, tier, rng), rng)
        if any(not is_na(e) for e in delta.values()):
            break
    vetoes = {v: False for v in fw.vetoes if rng.random() < 0.5}
    notes: list[str] = []
    # An earned figure, a dimension score and a fraction that end in an exact 5 at the
    # rounding digit (half-up must round them up), each through its own ratio indicator.
    used: set[str] = set()
    hit = tune_ratio(
        fw,
        tier,
        delta,
        vetoes,
        earned_metric,
        [Fraction(k, 1000) for k in (125, 1125, 2625, 3045, 4005, 5)],
        rng,
        used,
    )
    if hit:
        used.add(hit[0])
        notes.append(f"earned tie: {hit}")
    for dim in included_dims(fw, tier):
        cur = evaluate(fw, tier, delta, vetoes)
        exact = next(d["exact"] for d in cur.dimensions if d["id"] == dim.id)
        hit = tune_ratio(
            fw,
            tier,
            delta,
            vetoes,
            dim_metric(dim.id),
            xx5_targets(exact if exact else Fraction(50)),
            rng,
            used,
        )
        if hit:
            used.add(hit[0])
            used.update(i.id for i in dim.indicators)  # later tuning must not move this D
            notes.append(f"dimension {dim.id} tie: {hit}")
            break
    hit = tune_ratio(
        fw,
        tier,
        delta,
        vetoes,
        fraction_metric,
        [Fraction(1, 32), Fraction(12345, 100000), Fraction(5, 16)],
        rng,
        used,
    )
    if hit:
        notes.append(f"fraction tie: {hit}")
    plan.add(fw, tier, "mixed#1", delta, vetoes, notes)

    # Second file: answer some of the unanswered, replace some answers (value <-> N/A), and
    # put the total exactly half a cent below a grade minimum (the shown total is then the
    # minimum itself). Redraw until a ratio indicator can reach such a total.
    prev = plan.steps[-1]
    targets = [gmin - Fraction(1, 200) for _, gmin in fw.grades if gmin > 0]
    fallback: tuple[dict[str, dict[str, Any]], dict[str, bool]] = ({}, {})
    notes2 = ["no grade-edge total reachable"]
    for attempt in range(60):
        delta2: dict[str, dict[str, Any]] = {}
        for ind in tier_inds:
            if rng.random() < 0.5:
                if rng.random() < 0.1:
                    delta2[ind.id] = na_entry(rng)
                elif rng.random() < 0.6:
                    delta2[ind.id] = answer_entry(full_value(ind, tier), rng)
                else:
                    delta2[ind.id] = answer_entry(random_value(ind, tier, rng), rng)
        vetoes2 = {v: False for v in fw.vetoes if rng.random() < 0.5}
        merged = {**prev.answers, **delta2}
        if all(is_na(merged.get(i.id)) for i in tier_inds):
            continue
        fallback = (delta2, vetoes2)
        all_v = {**prev.vetoes, **vetoes2}
        cur = evaluate(fw, tier, merged, all_v)
        targets.sort(key=lambda t: abs(t - cur.total_exact))
        hit = tune_ratio(fw, tier, merged, all_v, total_metric, targets, rng, set())
        if hit:
            delta2[hit[0]] = merged[hit[0]]
            fallback = (delta2, vetoes2)
            notes2 = [f"total tie at grade edge: {hit} (draw {attempt})"]
            break
    delta2, vetoes2 = fallback
    plan.add(fw, tier, "mixed#2", delta2, vetoes2, notes2)
    return plan


def plan_full_veto_cap(fw: Framework, tier: str) -> CasePlan:
    """Full marks, then the cap scenarios of plan_cap_then_exclude (with a veto in them)."""
    rng = random.Random(seed_for(fw.id, tier, "full"))
    plan = CasePlan("full-veto-cap", "third-party", USCCS[1][0], None, "成都市城市运营维护集团")
    delta = {k: answer_entry(v["value"], rng) for k, v in full_answers(fw, tier).items()}
    exp = plan.add(fw, tier, "full-marks", delta, dict.fromkeys(fw.vetoes, False))
    assert exp.total == 100 and exp.grade == fw.grades[0][0], (
        f"oracle: {fw.id}/{tier} full marks gives {exp.total} {exp.grade}"
    )
    return plan_cap_then_exclude(fw, tier, plan)


def plan_cap_then_exclude(fw: Framework, tier: str, plan: CasePlan) -> CasePlan:
    """Append: a dimension below the cap while T is high; the same with a veto decided true
    (no grade, not capped, total still shown); the veto withdrawn and the low dimension put
    exactly on the rounding edge of the cap; a whole dimension N/A (excluded)."""
    rng = random.Random(seed_for(fw.id, tier, "cap"))
    dims = included_dims(fw, tier)
    base = full_answers(fw, tier)
    vetoes = dict.fromkeys(fw.vetoes, False)
    below = fw.caps[0][0] if fw.caps else None
    found: tuple[dict[str, dict[str, Any]], Dimension, tuple[str, Any, Fraction] | None] | None = None
    if fw.caps:
        # Dimensions with a ratio indicator first: they can also be put on the exact edge.
        order = list(dims)
        rng.shuffle(order)
        order.sort(key=lambda d: not any(i.kind == "ratio" and tier in i.tiers for i in d.indicators))
        for dim in order:
            inds = [i for i in dim.indicators if tier in i.tiers]
            capped: list[tuple[Fraction, dict[str, dict[str, Any]]]] = []
            for _ in range(600):
                trial = dict(base)
                for ind in inds:
                    trial[ind.id] = {"value": rng.choice(value_candidates(ind, tier))}
                exp = evaluate(fw, tier, trial, vetoes)
                if exp.capped:
                    capped.append((next(d["exact"] for d in exp.dimensions if d["id"] == dim.id), trial))
            capped.sort(key=lambda t: -t[0])
            for _score, trial in capped[:40]:
                # Would moving one ratio indicator put D exactly half a cent below the cap
                # (it rounds up to the cap value, so the cap no longer applies)?
                edge = dict(trial)
                hit = tune_ratio(
                    fw,
                    tier,
                    edge,
                    vetoes,
                    dim_metric(dim.id),
                    [below - Fraction(1, 200)],
                    rng,
                    set(),
                )
                if hit:
                    found = (trial, dim, (hit[0], edge[hit[0]], hit[2]))
                    break
            if found is None and capped:
                found = (capped[0][1], dim, None)
            if found and found[2]:
                break
    veto = rng.choice(fw.vetoes) if fw.vetoes else None

    def add_veto_step() -> None:
        if veto is not None:
            exp = plan.add(fw, tier, "veto", {}, {veto: True})
            assert exp.grade is None and exp.vetoed == [veto] and not exp.capped

    if found:
        answers, low_dim, edge_hit = found
        delta = {k: answer_entry(v["value"], rng) for k, v in answers.items()}
        exp = plan.add(fw, tier, "cap", delta, vetoes)
        assert exp.capped, "oracle: cap scenario not capped"
        add_veto_step()
        if edge_hit:
            exp = plan.add(
                fw,
                tier,
                "cap-edge",
                {edge_hit[0]: edge_hit[1]},
                {veto: False} if veto else {},
                [f"{low_dim.id} at edge: {edge_hit}"],
            )
            assert not exp.capped and exp.grade is not None, "oracle: cap edge still capped"
        exclude = next((d for d in dims if d.id != low_dim.id), None)
    else:
        delta = {k: answer_entry(v["value"], rng) for k, v in base.items()}
        plan.add(fw, tier, "high", delta, vetoes, ["no cap scenario reachable"])
        add_veto_step()
        exclude = dims[0]
    if exclude is not None and len(dims) > 1:
        delta = {i.id: na_entry(rng) for i in exclude.indicators if tier in i.tiers}
        plan.add(fw, tier, f"exclude-{exclude.id}", delta, {})
    return plan


_PLANS: dict[tuple[str, str, str], list[CasePlan]] = {}


def build_plans(fw: Framework, tier: str) -> list[CasePlan]:
    """The case plans of one framework/tier (deterministic; cached, they take a while)."""
    key = (fw.id, fw.sha256, tier)
    if key not in _PLANS:
        _PLANS[key] = [plan_mixed(fw, tier), plan_full_veto_cap(fw, tier)]
    return _PLANS[key]


# ---------------------------------------------------------------------------------------
# Running the command line
# ---------------------------------------------------------------------------------------


@dataclass
class Observed:
    plan: CasePlan
    step: Step
    case_id: str
    shown: dict[str, Any]


def run_combo(fw_id: str, tier: str, work: Path, *, in_process: bool = False) -> list[Observed]:
    fw = load_framework(fw_id)
    assert tier in fw.tiers, f"{fw_id}: no tier {tier!r} (tiers: {fw.tiers})"
    ws = Workspace(work, in_process=in_process)
    shutil.copy(FORMS_DIR / f"{fw_id}.yaml", ws.data_dir / "frameworks" / f"{fw_id}.yaml")
    observed: list[Observed] = []
    for plan in build_plans(fw, tier):
        case_id = ws.new_case(f"{fw_id}@{fw.version}", tier, plan.mode, plan.entity_name, plan.uscc, plan.region)
        for step in plan.steps:
            ws.answer(case_id, step.file)
            observed.append(Observed(plan, step, case_id, ws.show_json(case_id)))
    return observed


# ---------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------


def compare(fw: Framework, tier: str, obs: Observed) -> list[str]:
    exp = obs.step.expected
    where = f"{fw.id}/{tier} case {obs.plan.name} step {obs.step.label} ({obs.case_id})"
    errs: list[str] = []

    def err(msg: str) -> None:
        errs.append(f"{where}: {msg}")

    s = obs.shown
    top = {
        "case_id": obs.case_id,
        "revision": 1,
        "status": "draft",
        "mode": obs.plan.mode,
        "tier": tier,
    }
    for key, want in top.items():
        if s.get(key) != want:
            err(f"{key}: expected {want!r}, got {s.get(key)!r}")
    entity = s.get("entity") or {}
    if entity.get("name") != obs.plan.entity_name or entity.get("uscc") != obs.plan.uscc:
        err(f"entity: expected {obs.plan.entity_name!r}/{obs.plan.uscc}, got {entity!r}")
    if "region" not in entity:
        err("entity.region missing")
    elif obs.plan.region is not None and entity["region"] != obs.plan.region:
        err(f"entity.region: expected {obs.plan.region!r}, got {entity['region']!r}")
    fwj = s.get("framework") or {}
    for key, want in (("id", fw.id), ("version", fw.version), ("sha256", fw.sha256)):
        if fwj.get(key) != want:
            err(f"framework.{key}: expected {want!r}, got {fwj.get(key)!r}")

    r = s.get("result")
    if not isinstance(r, dict):
        return [*errs, f"{where}: result missing: {s!r}"[:2000]]
    if not num_equal(r.get("total"), exp.total):
        err(
            f"total: expected {exp.total} (exact {exp.total_exact} = {float(exp.total_exact)!r}),"
            f" got {r.get('total')!r}"
        )
    if r.get("grade") != exp.grade:
        err(
            f"grade: expected {exp.grade!r} (total {exp.total}, capped {exp.capped},"
            f" vetoed {exp.vetoed}), got {r.get('grade')!r}"
        )
    if r.get("vetoed") != exp.vetoed:
        err(f"vetoed: expected {exp.vetoed!r}, got {r.get('vetoed')!r}")
    if r.get("capped") is not exp.capped:
        err(f"capped: expected {exp.capped!r}, got {r.get('capped')!r}")
    if not num_equal(r.get("completeness"), exp.completeness):
        err(f"completeness: expected {exp.completeness}, got {r.get('completeness')!r}")

    got_dims = r.get("dimensions") or []
    if [d.get("id") for d in got_dims] != [d["id"] for d in exp.dimensions]:
        err(
            f"dimensions ids/order: expected {[d['id'] for d in exp.dimensions]}, got {[d.get('id') for d in got_dims]}"
        )
    else:
        for g, e in zip(got_dims, exp.dimensions, strict=True):
            if not num_equal(g.get("weight"), e["weight"]):
                err(f"dimension {e['id']} weight: expected {e['weight']}, got {g.get('weight')!r}")
            if not num_equal(g.get("score"), e["score"]):
                ex = "excluded" if e["exact"] is None else f"exact {e['exact']} = {float(e['exact'])!r}"
                err(f"dimension {e['id']} score: expected {e['score']} ({ex}), got {g.get('score')!r}")

    got_inds = r.get("indicators") or []
    if [i.get("id") for i in got_inds] != [i["id"] for i in exp.indicators]:
        err(
            f"indicators ids/order: expected {[i['id'] for i in exp.indicators]}, got {[i.get('id') for i in got_inds]}"
        )
    else:
        for g, e in zip(got_inds, exp.indicators, strict=True):
            tag = f"indicator {e['id']} ({e['status']}, answer {e['answer']!r})"
            if g.get("status") != e["status"]:
                err(f"{tag} status: expected {e['status']!r}, got {g.get('status')!r}")
            if not answer_equal(g.get("answer"), e["answer"]):
                err(f"{tag} answer: expected {e['answer']!r}, got {g.get('answer')!r}")
            for key in ("fraction", "earned", "points"):
                if not num_equal(g.get(key), e[key]):
                    extra = f" (exact f {e['exact_fraction']})" if "exact_fraction" in e else ""
                    err(f"{tag} {key}: expected {e[key]}{extra}, got {g.get(key)!r}")

    got_gaps = r.get("gaps")
    want_gaps = [(g["id"], g["lost"]) for g in exp.gaps]
    if not isinstance(got_gaps, list) or [g.get("id") for g in got_gaps] != [i for i, _ in want_gaps]:
        err(f"gaps ids/order: expected {[i for i, _ in want_gaps]}, got {[g.get('id') for g in got_gaps or []]}")
    else:
        for g, e in zip(got_gaps, exp.gaps, strict=True):
            if not num_equal(g.get("lost"), e["lost"]):
                err(f"gap {e['id']} lost: expected {e['lost']} (exact {e['exact']}), got {g.get('lost')!r}")
    return errs


# ---------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------


def _combos() -> list[tuple[str, str]]:
    out = []
    for fw_id in FRAMEWORK_IDS:
        tiers: tuple[str, ...] = DEFAULT_TIERS
        path = FORMS_DIR / f"{fw_id}.yaml"
        if path.exists():
            try:
                tiers = tuple(t["id"] for t in yaml.safe_load(path.read_text("utf-8"))["tiers"])
            except Exception:  # a broken file fails in the test itself, with its message
                tiers = DEFAULT_TIERS
        out += [(fw_id, t) for t in tiers]
    return out


COMBOS = _combos()


#: one combination runs the command line in a subprocess, as a user runs it, on a cityeval-framework/1 file;
#: the others run the same commands through its entry point in the test's process (the same arguments and
#: output, without an interpreter start per command), so the suite stays fast. The same three frameworks, in
#: their current /2 files, run one tier each in a subprocess in test_scoring_oracle_v2.py.
SUBPROCESS_COMBOS = frozenset(COMBOS[:1])


@pytest.mark.parametrize("combo", COMBOS, ids=[f"{f}/{t}" for f, t in COMBOS])
def test_cli_scores_match_oracle(combo: tuple[str, str], tmp_path: Path) -> None:
    fw_id, tier = combo
    assert (FORMS_DIR / f"{fw_id}.yaml").exists(), f"{FORMS_DIR / fw_id}.yaml is missing"
    observed = run_combo(fw_id, tier, tmp_path, in_process=combo not in SUBPROCESS_COMBOS)
    fw = load_framework(fw_id)
    errors: list[str] = []
    for obs in observed:
        errors += compare(fw, tier, obs)
    assert not errors, f"{len(errors)} disagreement(s) with DESIGN §4:\n" + "\n".join(errors[:60])


def test_scenarios_cover_the_contract() -> None:
    """The generated plans really exercise what this module claims (oracle self-check)."""
    seen: dict[str, list[str]] = {
        k: []
        for k in (
            "unanswered",
            "not_applicable",
            "excluded",
            "vetoed",
            "capped",
            "cap_edge",
            "full",
            "grade_edge",
            "earned_tie",
            "dim_tie",
            "fraction_tie",
        )
    }
    methods_answered: set[str] = set()
    band_edges_hit: set[str] = set()
    for fw_id, tier in COMBOS:
        if not (FORMS_DIR / f"{fw_id}.yaml").exists():
            pytest.fail(f"{FORMS_DIR / fw_id}.yaml is missing")
        fw = load_framework(fw_id)
        for plan in build_plans(fw, tier):
            for step in plan.steps:
                exp = step.expected
                tag = f"{fw_id}/{tier}/{plan.name}/{step.label}"
                st = {r["status"] for r in exp.indicators}
                for key in ("unanswered", "not_applicable"):
                    if key in st:
                        seen[key].append(tag)
                if any(d["score"] is None for d in exp.dimensions):
                    seen["excluded"].append(tag)
                if exp.vetoed:
                    seen["vetoed"].append(tag)
                if exp.capped:
                    seen["capped"].append(tag)
                if step.label == "cap-edge":
                    seen["cap_edge"].append(tag)
                if exp.total == 100 and exp.grade == fw.grades[0][0]:
                    seen["full"].append(tag)
                if any(exp.total_exact == g - Fraction(1, 200) for _, g in fw.grades):
                    seen["grade_edge"].append(tag)
                for n in step.notes:
                    for key, word in (
                        ("earned_tie", "earned tie"),
                        ("dim_tie", "dimension"),
                        ("fraction_tie", "fraction tie"),
                    ):
                        if n.startswith(word):
                            seen[key].append(tag)
                for row in exp.indicators:
                    if row["status"] != "answered":
                        continue
                    ind = fw.indicator(row["id"])
                    methods_answered.add(ind.kind)
                    if ind.kind in ("threshold", "bands"):
                        thr = num(ind.method["thresholds"][tier]) if ind.kind == "threshold" else 1
                        edges = {num(b[0]) * thr for b in ind.method["bands"]}
                        if num(row["answer"]) in edges:
                            band_edges_hit.add(ind.kind)
    missing = [k for k, v in seen.items() if not v]
    assert not missing, f"scenario kinds never generated: {missing}"
    all_methods = {i.kind for f in FRAMEWORK_IDS for i in load_framework(f).indicators}
    assert methods_answered >= all_methods, f"methods never answered: {all_methods - methods_answered}"
    assert band_edges_hit >= all_methods & {"threshold", "bands"}, band_edges_hit


_TOY = {
    "id": "toy",
    "version": "1",
    "tiers": [{"id": "big"}, {"id": "small"}],
    "grades": [
        {"id": "AAA", "min": 90},
        {"id": "AA", "min": 80},
        {"id": "A", "min": 70},
        {"id": "B", "min": 60},
        {"id": "C", "min": 0},
    ],
    "caps": [{"dimension_below": 40, "max_grade": "A"}],
    "vetoes": [{"id": "V1"}, {"id": "V2"}],
    "dimensions": [
        {
            "id": "D1",
            "weight": 25,
            "indicators": [
                {
                    "id": "a",
                    "points": 8,
                    "method": {
                        "type": "threshold",
                        "thresholds": {"big": 12, "small": 4},
                        "bands": [[1.5, 1.0], [1.0, 0.8], [0.5, 0.4]],
                    },
                },
                {"id": "b", "points": 6, "method": {"type": "scale", "levels": [{}] * 6}},
                {"id": "c", "points": 11, "method": {"type": "yes_no"}, "tiers": ["big"]},
            ],
        },
        {
            "id": "D2",
            "weight": 45,
            "indicators": [
                {"id": "d", "points": 20, "method": {"type": "ratio", "target": 60}},
                {"id": "e", "points": 3, "method": {"type": "per_item", "per": 0.75}},
                {"id": "f", "points": 22, "method": {"type": "deduction", "per": 2}},
            ],
        },
        {
            "id": "D3",
            "weight": 30,
            "indicators": [
                {
                    "id": "g",
                    "points": 10,
                    "method": {"type": "bands", "bands": [[6, 1.0], [4, 0.6], [2, 0.3]]},
                },
                {
                    "id": "h",
                    "points": 20,
                    "method": {
                        "type": "choice",
                        "options": [{"id": "x", "fraction": 1.0}, {"id": "y", "fraction": 0.35}],
                    },
                },
            ],
        },
    ],
}


def test_oracle_hand_computed() -> None:
    """The oracle against figures worked out by hand from DESIGN §3/§4."""
    fw = parse_framework(_TOY)
    assert round_half_up(Fraction(1, 8), 2) == Decimal("0.13")
    assert round_half_up(Fraction(79995, 1000), 2) == Decimal("80.00")
    assert round_half_up(Fraction(1, 32), 4) == Decimal("0.0313")
    assert round_half_up(Fraction(2, 3), 2) == _decimal_half_up(Fraction(2, 3), 2) == Decimal("0.67")
    # Tier big: a=18 (=1.5x12, edge) f=1 -> 8; b=3 -> 3.6; c unanswered -> 0;
    # D1 = 100*11.6/25 = 46.4. d=15 -> f=1/4 -> 5; e=3 -> 2.25/3=0.75 -> 2.25; f N/A;
    # D2 = 100*7.25/23 = 31.52173.. -> 31.52. g=4 (edge) -> 0.6 -> 6; h=y -> 7;
    # D3 = 100*13/30 = 43.33..
    # T = (25*46.4 + 45*31.5217.. + 30*43.333..)/100 = 38.78478.. -> 38.78
    exp = evaluate(
        fw,
        "big",
        {
            "a": {"value": 18},
            "b": {"value": 3},
            "d": {"value": 15},
            "e": {"value": 3},
            "f": {"not_applicable": True, "reason": "x"},
            "g": {"value": 4},
            "h": {"value": "y"},
        },
        {"V1": False},
    )
    assert [d["score"] for d in exp.dimensions] == [
        Decimal("46.40"),
        Decimal("31.52"),
        Decimal("43.33"),
    ]
    assert exp.total == Decimal("38.78") and exp.grade == "C" and not exp.capped
    assert exp.completeness == Decimal("0.8750")  # 7 of 8 decided
    assert [(r["id"], r["earned"]) for r in exp.indicators] == [
        ("a", Decimal("8.00")),
        ("b", Decimal("3.60")),
        ("c", Decimal(0)),
        ("d", Decimal("5.00")),
        ("e", Decimal("2.25")),
        ("f", None),
        ("g", Decimal("6.00")),
        ("h", Decimal("7.00")),
    ]
    # lost: c = 25*11/25 = 11; d = 45*15/23 = 29.3478 ; e = 45*0.75/23 = 1.4673 ;
    # b = 25*2.4/25 = 2.4 ; g = 30*4/30 = 4 ; h = 30*13/30 = 13
    assert [(g["id"], g["lost"]) for g in exp.gaps] == [
        ("d", Decimal("29.35")),
        ("h", Decimal("13.00")),
        ("c", Decimal("11.00")),
        ("g", Decimal("4.00")),
        ("b", Decimal("2.40")),
        ("e", Decimal("1.47")),
    ]
    assert sum(g["exact"] for g in exp.gaps) == 100 - exp.total_exact

    # Tier small: c does not apply; a=1.99 < 0.5*4 -> 0; cap: D1 < 40 while T >= 80.
    full = {
        "d": {"value": 60},
        "e": {"value": 4},
        "f": {"value": 0},
        "g": {"value": 6.0},
        "h": {"value": "x"},
        "a": {"value": 1.99},
        "b": {"value": 2},
    }
    exp = evaluate(fw, "small", full, {"V1": False, "V2": False})
    # D1 = 100*(0+2.4)/14 = 17.142857 ; T = (25*17.142857 + 75*100)/100 = 79.2857 -> A, no cap
    assert exp.total == Decimal("79.29") and exp.grade == "A" and not exp.capped
    exp = evaluate(fw, "small", {**full, "b": {"value": 5}}, {})
    # D1 = 100*6/14 = 42.857 ; T = 85.71 -> AA, no cap
    assert exp.grade == "AA" and exp.total == Decimal("85.71") and not exp.capped
    exp = evaluate(fw, "small", {**full, "a": {"value": 2}, "b": {"value": 0}}, {})
    # a = 2 = 0.5x4 (edge) -> 0.4 -> 3.2; D1 = 100*3.2/14 = 22.857 -> T = 80.71 -> AA capped A
    assert exp.total == Decimal("80.71") and exp.grade == "A" and exp.capped
    exp = evaluate(fw, "small", {**full, "a": {"value": 2}, "b": {"value": 0}}, {"V2": True})
    assert exp.grade is None and exp.vetoed == ["V2"] and not exp.capped and exp.total == Decimal("80.71")
    # Whole D1 N/A: excluded; T over D2 and D3 only.
    exp = evaluate(
        fw,
        "small",
        {**full, "a": {"not_applicable": True}, "b": {"not_applicable": True}, "d": {"value": 45}},
        {},
    )
    # D2 = 100*(15+3+22)/45 = 88.888.. ; T = (45*88.888.. + 30*100)/75 = 93.333.. -> AAA
    assert exp.dimensions[0]["score"] is None and exp.total == Decimal("93.33") and exp.grade == "AAA"
    assert [(g["id"], g["lost"]) for g in exp.gaps] == [("d", Decimal("6.67"))]
    # Per-item over the cap and deduction below zero clamp to [0, 1].
    assert method_fraction(fw.indicator("e"), "small", 9) == 1
    assert method_fraction(fw.indicator("f"), "small", 12) == 0
    assert method_fraction(fw.indicator("f"), "small", 3) == Fraction(16, 22)
    assert method_fraction(fw.indicator("g"), "small", -1) == 0
