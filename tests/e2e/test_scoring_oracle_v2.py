"""End-to-end check of the cityeval-framework/2 scoring contract through the command line.

The default frameworks in ``forms/`` (version 2026.2, format /2) are scored here by an
*independent* implementation written from ``docs/framework.md`` and ``docs/answers.md`` alone
(never using ``cityeval_desktop``'s scoring code): per-tier indicator sets and points, graded deductions
(counts per severity), N/A only on an allowed ground and its share of the tier's points, caps per
dimension, grade ids and the public label, tier entry conditions and the fallback tier, vetoes
decided or raised by a severity, completeness, gaps (a fraction below ``gap_below`` or a dimension
that triggered a cap) and below-full lists with their ``next`` step and ``gain``.

For every framework and tier, cases are created and answered with ``cityeval case new`` /
``case answer --file`` and read back with one ``case show --json`` per step; every figure is
compared. Some steps apply the ``next.answer`` of a gap shown by the step before and check that
the shown total rose by exactly the ``gain`` it promised. A disallowed N/A (and a missing or wrong
ground) must be refused by ``case answer`` with exit code 1, a message naming the indicator and
nothing stored. Answers are drawn from seeded ``random.Random`` instances; generic parts (exact
numbers, method fractions, value candidates, the CLI runner) are shared with the /1 oracle in
``oracle_common.py``.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
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
    answer_entry,
    answer_equal,
    dim_metric,
    full_value,
    json_number,
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

FORMS_DIR = REPO / "forms"
FRAMEWORK_IDS = ("planning-consulting", "construction-implementation", "operations-maintenance")
DEFAULT_TIERS = ("regional", "city", "enterprise")
SCHEMA = "cityeval-framework/2"
USCCS = (("91350100M000100Y43", "350100"), ("91512081MA62K0260E", "512081"))
NEXT_STEPS = 2  # "apply next.answer" steps per framework/tier

# ---------------------------------------------------------------------------------------
# Oracle: the /2 framework model, read straight from the YAML file (docs/framework.md)
# ---------------------------------------------------------------------------------------


@dataclass
class Indicator:
    id: str
    dim_id: str
    points: Fraction
    method: dict[str, Any]
    tiers: tuple[str, ...]
    na_allowed: bool
    grounds: tuple[str, ...]
    why_not_zh: str | None

    @property
    def kind(self) -> str:
        return self.method["type"]

    @property
    def graded(self) -> bool:
        return self.kind == "deduction" and bool(self.method.get("severities"))

    @property
    def next_kind(self) -> str:
        return "graded" if self.graded else self.kind

    def severities(self) -> list[dict[str, Any]]:
        return list(self.method.get("severities") or [])


@dataclass
class Condition:
    id: str
    title: dict[str, str]
    indicator: str | None
    at_least: Any = None
    in_: list[str] | None = None
    is_: bool | None = None
    veto: str | None = None


@dataclass
class Tier:
    id: str
    title: dict[str, str]
    pass_grade: str | None
    fallback: str | None
    conditions: list[Condition]


@dataclass
class Grade:
    id: str
    min: Fraction
    stars: int
    title: dict[str, str]
    passes: bool


@dataclass
class Cap:
    dimension: str | None
    below: Fraction
    max_grade: str


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
    tiers: list[Tier]
    grades: list[Grade]  # high to low
    caps: list[Cap]
    gap_below: Fraction
    na_max_share: Fraction
    dimensions: list[Dimension]
    vetoes: list[str]
    indicators: list[Indicator] = field(default_factory=list)  # framework order

    def tier(self, tier_id: str) -> Tier:
        return next(t for t in self.tiers if t.id == tier_id)

    def tier_indicators(self, tier: str) -> list[Indicator]:
        return [i for i in self.indicators if tier in i.tiers]

    def indicator(self, ind_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == ind_id)

    def grade(self, grade_id: str) -> Grade:
        return next(g for g in self.grades if g.id == grade_id)

    def rank(self, grade_id: str) -> int:
        """0 for the highest grade: a larger rank is a lower grade."""
        return [g.id for g in self.grades].index(grade_id)

    def dimension(self, dim_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dim_id)


def parse_framework(data: dict[str, Any], sha256: str = "") -> Framework:
    assert data.get("schema") == SCHEMA, f"{data.get('id')}: not a {SCHEMA} file"
    tier_ids = tuple(t["id"] for t in data["tiers"])
    tiers = []
    for t in data["tiers"]:
        conds = [
            Condition(
                id=c["id"],
                title=c["title"],
                indicator=c.get("indicator"),
                at_least=c.get("at_least"),
                in_=c.get("in"),
                is_=c.get("is"),
                veto=c.get("veto_not_raised"),
            )
            for c in t.get("conditions") or []
        ]
        tiers.append(Tier(t["id"], t["title"], t.get("pass_grade"), t.get("fallback"), conds))
    dims: list[Dimension] = []
    inds: list[Indicator] = []
    for d in data["dimensions"]:
        dim = Dimension(id=d["id"], weight=num(d["weight"]), indicators=[])
        for i in d["indicators"]:
            na = i.get("not_applicable") or {}  # /2 default: N/A not allowed
            ind = Indicator(
                id=i["id"],
                dim_id=d["id"],
                points=num(i["points"]),
                method=i["method"],
                tiers=tuple(i.get("tiers") or tier_ids),
                na_allowed=bool(na.get("allowed", False)),
                grounds=tuple(g["id"] for g in na.get("grounds") or []),
                why_not_zh=(na.get("why_not") or {}).get("zh"),
            )
            dim.indicators.append(ind)
            inds.append(ind)
        dims.append(dim)
    return Framework(
        id=data["id"],
        version=str(data["version"]),
        sha256=sha256,
        tiers=tiers,
        grades=[
            Grade(g["id"], num(g["min"]), int(g.get("stars", 0)), g["title"], g.get("pass", True) is not False)
            for g in data["grades"]
        ],
        caps=[Cap(c.get("dimension"), num(c["dimension_below"]), c["max_grade"]) for c in data.get("caps") or []],
        gap_below=num(data.get("gap_below", 0.6)),
        na_max_share=num(data.get("not_applicable_max_share", 0.2)),
        dimensions=dims,
        vetoes=[v["id"] for v in data.get("vetoes") or []],
        indicators=inds,
    )


def load_framework(fw_id: str, forms_dir: Path = FORMS_DIR) -> Framework:
    raw = (forms_dir / f"{fw_id}.yaml").read_bytes()
    return parse_framework(yaml.safe_load(raw.decode("utf-8")), hashlib.sha256(raw).hexdigest())


# ---------------------------------------------------------------------------------------
# Oracle: scoring, caps, vetoes, conditions, fallback, label, gaps and next steps
# ---------------------------------------------------------------------------------------


@dataclass
class Expected:
    """What ``case show --json`` must say in ``result`` (Decimals are the shown figures)."""

    tier: str
    total: Decimal
    total_exact: Fraction
    grade: str | None
    grade_before_cap: str
    provisional: bool
    vetoed: list[str]
    undecided: list[str]
    raised: list[dict[str, str]]  # {veto, indicator, severity}
    capped: bool
    caps: list[dict[str, Any]]  # {dimension, score, below, max_grade}
    completeness: Decimal
    na_share: Decimal
    pass_grade: str | None
    conditions: list[dict[str, Any]]  # {id, title, met, indicator}
    tier_met: bool
    dimensions: list[dict[str, Any]]  # {id, weight, score (Decimal|None), exact}
    indicators: list[dict[str, Any]]  # {id, dimension, status, answer, ground, fraction, earned, points}
    gaps: list[dict[str, Any]]  # {id, lost, exact, fraction, next: {answer, gain} | None}
    below_full: list[dict[str, Any]]
    fallback: Expected | None
    labels: dict[str, str]


def is_na(entry: dict[str, Any] | None) -> bool:
    return bool(entry) and entry.get("not_applicable") is True


def counts(ind: Indicator, value: dict[str, int]) -> dict[str, int]:
    """A graded answer with every severity (missing ids count 0)."""
    return {s["id"]: int(value.get(s["id"], 0)) for s in ind.severities()}


@dataclass
class Core:
    rows: list[dict[str, Any]]
    earned: dict[str, Fraction]
    frac: dict[str, Fraction]
    status: dict[str, str]
    dims: list[dict[str, Any]]
    dim_exact: dict[str, Fraction]
    dim_points: dict[str, Fraction]
    w_sum: Fraction
    total_exact: Fraction
    total: Decimal


def core(fw: Framework, tier: str, answers: dict[str, dict[str, Any]]) -> Core:
    """DESIGN §4 figures: earned, dimension scores (N/A excluded), the weighted total."""
    rows: list[dict[str, Any]] = []
    earned: dict[str, Fraction] = {}
    frac: dict[str, Fraction] = {}
    status: dict[str, str] = {}
    for ind in fw.tier_indicators(tier):
        entry = answers.get(ind.id)
        row: dict[str, Any] = {"id": ind.id, "dimension": ind.dim_id, "points": ind.points, "ground": None}
        if is_na(entry):
            status[ind.id] = row["status"] = "not_applicable"
            row.update(answer=None, fraction=None, earned=None, ground=entry.get("ground"))
        elif entry is not None and "value" in entry:
            f = method_fraction(ind, tier, entry["value"])
            assert 0 <= f <= 1, (ind.id, f)
            frac[ind.id] = f
            earned[ind.id] = ind.points * f
            status[ind.id] = row["status"] = "answered"
            row.update(
                answer=entry["value"],
                fraction=round_half_up(f, 4),
                earned=round_half_up(earned[ind.id], 2),
                exact_fraction=f,
            )
        else:
            frac[ind.id] = Fraction(0)
            earned[ind.id] = Fraction(0)
            status[ind.id] = row["status"] = "unanswered"
            row.update(answer=None, fraction=None, earned=Decimal(0))
        rows.append(row)
    dims: list[dict[str, Any]] = []
    dim_exact: dict[str, Fraction] = {}
    dim_points: dict[str, Fraction] = {}
    for dim in fw.dimensions:
        applicable = [i for i in dim.indicators if i.id in status and status[i.id] != "not_applicable"]
        if applicable:
            dim_points[dim.id] = sum((i.points for i in applicable), Fraction(0))
            dim_exact[dim.id] = 100 * sum((earned[i.id] for i in applicable), Fraction(0)) / dim_points[dim.id]
        exact = dim_exact.get(dim.id)
        dims.append(
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
    return Core(
        rows, earned, frac, status, dims, dim_exact, dim_points, w_sum, total_exact, round_half_up(total_exact, 2)
    )


def is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_percent(method: dict[str, Any]) -> bool:
    unit = method.get("unit") or {}
    return str(unit.get("en", "")).strip() == "%"


def next_answer(ind: Indicator, tier: str, value: Any) -> Any:
    """The smallest change of an answer that reaches the next band or level (docs/framework.md)."""
    m = ind.method
    f = method_fraction(ind, tier, value)
    kind = ind.kind
    if kind == "scale":
        return value + 1 if value < len(m["levels"]) - 1 else None
    if kind == "yes_no":
        return True if value is not True else None
    if kind == "choice":
        better = [o for o in m["options"] if num(o["fraction"]) > f]
        if not better:
            return None
        low = min(num(o["fraction"]) for o in better)
        return next(o["id"] for o in better if num(o["fraction"]) == low)  # a tie: the first listed
    if kind in ("threshold", "bands"):
        scale = num(m["thresholds"][tier]) if kind == "threshold" else Fraction(1)
        bounds = [num(b) * scale for b, bf in m["bands"] if num(bf) > f]
        if not bounds:
            return None
        want = min(bounds)
        if is_whole(value) and not is_percent(m):  # counts stay whole; a percentage is no count
            want = Fraction(math.ceil(want))
        return json_number(want)
    if kind == "ratio":
        return json_number(num(m["target"])) if f < 1 else None
    if kind == "per_item":
        return value + 1 if f < 1 else None
    if kind == "deduction" and ind.graded:
        cur = counts(ind, value)
        for sev in reversed(ind.severities()):  # the most severe first
            while cur[sev["id"]] > 0:
                cur[sev["id"]] -= 1
                if method_fraction(ind, tier, cur) > f:
                    return dict(cur)
        return None
    if kind == "deduction":
        c = value
        while c > 0:
            c -= 1
            if method_fraction(ind, tier, c) > f:
                return c
        return None
    raise AssertionError(kind)


def condition_met(fw: Framework, tier: str, cond: Condition, answers: dict, vetoes: dict, raised: set[str]) -> bool:
    """An unanswered or N/A condition indicator, or an undecided veto, does not meet it."""
    if cond.veto is not None:
        return vetoes.get(cond.veto) is False and cond.veto not in raised
    assert cond.indicator is not None
    ind = fw.indicator(cond.indicator)
    entry = answers.get(ind.id)
    if tier not in ind.tiers or entry is None or is_na(entry) or "value" not in entry:
        return False
    value = entry["value"]
    if cond.at_least is not None:
        return num(value) >= num(cond.at_least)
    if cond.in_ is not None:
        return value in cond.in_
    if cond.is_ is not None:
        return value is True
    raise AssertionError(f"condition {cond.id}: no test")


def label(fw: Framework, exp: Expected, lang: str) -> str:
    """The public text (docs/framework.md, "The result"); the English forms are the product's."""
    t = fw.tier(exp.tier)
    if exp.provisional:
        return {"zh": "暂不评定（未完成）", "en": "Not rated yet (incomplete)"}[lang]
    if exp.vetoed:
        return {"zh": "一票否决", "en": "Vetoed"}[lang]
    if not exp.tier_met and exp.fallback is not None:
        fb = fw.tier(exp.fallback.tier)
        inner = exp.fallback.labels[lang]
        if lang == "zh":
            return f"未达到{t.title['zh']}条件；按{fb.title['zh']}评定：{inner}"
        return f"{t.title['en']} conditions not met; rated as {fb.title['en']}: {inner}"
    assert exp.grade is not None
    g = fw.grade(exp.grade)
    if not g.passes:
        return {"zh": "未通过", "en": "Not passed"}[lang]
    if not exp.tier_met:
        return f"未达到{t.title['zh']}条件" if lang == "zh" else f"{t.title['en']} conditions not met"
    return f"{t.title[lang]} {'★' * g.stars} {g.title[lang]}"


def evaluate(
    fw: Framework, tier: str, answers: dict[str, dict[str, Any]], vetoes: dict[str, Any], with_next: bool = True
) -> Expected:
    """Independent implementation of the /2 result for one case state."""
    c = core(fw, tier, answers)
    tier_inds = fw.tier_indicators(tier)
    t = fw.tier(tier)

    grade_before_cap = next(g.id for g in fw.grades if c.total >= g.min)
    caps: list[dict[str, Any]] = []
    for cap in fw.caps:
        for d in fw.dimensions:
            if d.id not in c.dim_exact or (cap.dimension is not None and cap.dimension != d.id):
                continue
            shown = round_half_up(c.dim_exact[d.id], 2)
            if shown < cap.below:
                caps.append({"dimension": d.id, "score": shown, "below": cap.below, "max_grade": cap.max_grade})
    grade: str | None = grade_before_cap
    for cap_row in caps:
        if fw.rank(cap_row["max_grade"]) > fw.rank(grade):
            grade = cap_row["max_grade"]
    capped = grade != grade_before_cap

    raised: list[dict[str, str]] = []
    for ind in tier_inds:
        if c.status[ind.id] == "answered" and ind.graded:
            value = answers[ind.id]["value"]
            for sev in ind.severities():
                if sev.get("veto") and int(value.get(sev["id"], 0)) > 0:
                    raised.append({"veto": sev["veto"], "indicator": ind.id, "severity": sev["id"]})
    raised_ids = {r["veto"] for r in raised}
    vetoed = [v for v in fw.vetoes if vetoes.get(v) is True or v in raised_ids]
    undecided = [v for v in fw.vetoes if vetoes.get(v) is None and v not in raised_ids]
    if vetoed:
        grade, capped = None, False
    unanswered = [i for i in tier_inds if c.status[i.id] == "unanswered"]
    provisional = bool(unanswered or undecided)
    completeness = round_half_up(Fraction(len(tier_inds) - len(unanswered), len(tier_inds)), 4)
    na_points = sum((i.points for i in tier_inds if c.status[i.id] == "not_applicable"), Fraction(0))
    na_share = round_half_up(na_points / sum((i.points for i in tier_inds), Fraction(0)), 4)

    conditions = [
        {
            "id": cond.id,
            "title": cond.title,
            "met": condition_met(fw, tier, cond, answers, vetoes, raised_ids),
            "indicator": cond.indicator,
        }
        for cond in t.conditions
    ]
    tier_met = (
        not provisional
        and not vetoed
        and grade is not None
        and fw.grade(grade).passes
        and (t.pass_grade is None or fw.rank(grade) <= fw.rank(t.pass_grade))
        and all(x["met"] for x in conditions)
    )
    fallback = None
    if t.fallback and not tier_met and not provisional and not vetoed:
        fallback = evaluate(fw, t.fallback, answers, vetoes, with_next=False)

    cap_dims = {r["dimension"] for r in caps}
    lost: list[tuple[Fraction, int, Indicator]] = []
    for pos, ind in enumerate(tier_inds):
        if c.status[ind.id] == "not_applicable":
            continue
        d = fw.dimension(ind.dim_id)
        exact = 100 * d.weight / c.w_sum * (ind.points - c.earned[ind.id]) / c.dim_points[d.id]
        if exact > 0:
            lost.append((exact, pos, ind))
    lost.sort(key=lambda x: (-x[0], x[1]))
    below_full: list[dict[str, Any]] = []
    gaps: list[dict[str, Any]] = []
    for exact, _pos, ind in lost:
        nxt = None
        if with_next and c.status[ind.id] == "answered":
            value = answers[ind.id]["value"]
            step = next_answer(ind, tier, value)
            if step is not None:
                after = core(fw, tier, {**answers, ind.id: {"value": step}})
                nxt = {"answer": step, "gain": after.total - c.total, "kind": ind.next_kind}
        row = {"id": ind.id, "lost": round_half_up(exact, 2), "exact": exact, "fraction": c.frac[ind.id], "next": nxt}
        below_full.append(row)
        if c.frac[ind.id] < fw.gap_below or ind.dim_id in cap_dims:
            gaps.append(row)

    exp = Expected(
        tier=tier,
        total=c.total,
        total_exact=c.total_exact,
        grade=grade,
        grade_before_cap=grade_before_cap,
        provisional=provisional,
        vetoed=vetoed,
        undecided=undecided,
        raised=raised,
        capped=capped,
        caps=caps,
        completeness=completeness,
        na_share=na_share,
        pass_grade=t.pass_grade,
        conditions=conditions,
        tier_met=tier_met,
        dimensions=c.dims,
        indicators=c.rows,
        gaps=gaps,
        below_full=below_full,
        fallback=fallback,
        labels={},
    )
    exp.labels = {lang: label(fw, exp, lang) for lang in ("zh", "en")}
    return exp


def tune_ratio(*args: Any) -> tuple[str, Any, Fraction] | None:
    """oracle_common.tune_ratio with this module's evaluation."""
    return _tune_ratio(lambda fw, tier, a, v: evaluate(fw, tier, a, v, with_next=False), *args)


# ---------------------------------------------------------------------------------------
# Scenario plans: each case = a list of answers files, each followed by `case show --json`
# ---------------------------------------------------------------------------------------

NA_REASONS = ("本单位不从事此类业务", "事业单位，不核算研发费用", "no such work at this entity")


@dataclass
class Refusal:
    """An answers file `case answer` must refuse whole (exit 1, the indicator named)."""

    doc: dict[str, Any]
    indicator: str
    what: str  # not-allowed | no-ground | wrong-ground | ground-on-refused
    why_not: str | None


@dataclass
class Step:
    label: str
    file: dict[str, Any]  # the answers.json document applied at this step
    answers: dict[str, dict[str, Any]]  # cumulative state after the step
    vetoes: dict[str, Any]
    expected: Expected
    notes: list[str] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)  # tried (and refused) before this step
    applies_next: str | None = None  # the indicator whose shown next.answer this step applies
    en: bool = False  # also `--lang en case show --json`
    text: bool = False  # also the `case show` text (its 短板 section)


@dataclass
class CasePlan:
    name: str
    mode: str
    uscc: str
    region: str | None
    entity_name: str
    steps: list[Step] = field(default_factory=list)

    def state(self) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
        return (self.steps[-1].answers, self.steps[-1].vetoes) if self.steps else ({}, {})

    def add(
        self,
        fw: Framework,
        tier: str,
        label: str,
        answers_delta: dict[str, dict[str, Any]],
        vetoes_delta: dict[str, Any],
        **kw: Any,
    ) -> Expected:
        prev_a, prev_v = self.state()
        answers = {**prev_a, **answers_delta}
        vetoes = {**prev_v, **vetoes_delta}
        exp = evaluate(fw, tier, answers, vetoes)
        doc = {"framework": f"{fw.id}@{fw.version}", "answers": answers_delta, "vetoes": vetoes_delta}
        self.steps.append(Step(label, doc, answers, vetoes, exp, **kw))
        return exp


def na_entry(ind: Indicator, rng: random.Random) -> dict[str, Any]:
    return {"not_applicable": True, "ground": rng.choice(ind.grounds), "reason": rng.choice(NA_REASONS)}


def raises_veto(ind: Indicator, value: Any) -> bool:
    return ind.graded and any(s.get("veto") and value.get(s["id"], 0) > 0 for s in ind.severities())


def safe_candidates(ind: Indicator, tier: str) -> list[Any]:
    """Value candidates that raise no veto."""
    return [v for v in value_candidates(ind, tier) if not raises_veto(ind, v)]


def full_answers(fw: Framework, tier: str) -> dict[str, dict[str, Any]]:
    return {i.id: {"value": full_value(i, tier)} for i in fw.tier_indicators(tier)}


def lowest_value(ind: Indicator, tier: str) -> Any:
    return min(safe_candidates(ind, tier), key=lambda v: method_fraction(ind, tier, v))


def plan_mixed(fw: Framework, tier: str) -> CasePlan:
    """A random partial case (allowed N/A, undecided and decided vetoes, graded counts), refused
    files, the rest answered with the total half a cent below a grade minimum, then
    next.answer steps that must raise the total by their gain."""
    rng = random.Random(seed_for(fw.id, tier, "v2-mixed"))
    plan = CasePlan("mixed", "self", USCCS[0][0], USCCS[0][1], "福州数字城市规划咨询有限公司")
    inds = fw.tier_indicators(tier)
    delta: dict[str, dict[str, Any]] = {}
    for ind in inds:
        r = rng.random()
        if r < 0.2:
            continue  # unanswered
        delta[ind.id] = (
            na_entry(ind, rng) if r < 0.45 and ind.na_allowed else answer_entry(random_value(ind, tier, rng), rng)
        )
    vetoes: dict[str, Any] = {}
    for v in fw.vetoes:
        r = rng.random()
        if r < 0.5:
            vetoes[v] = False
        elif r < 0.6:
            vetoes[v] = True
        elif r < 0.7:
            vetoes[v] = None
    notes: list[str] = []
    dims = [d for d in fw.dimensions if any(tier in i.tiers for i in d.indicators)]
    rng.shuffle(dims)
    for dim in dims:  # a dimension score ending in an exact ...5 at the rounding digit
        exact = next(d["exact"] for d in evaluate(fw, tier, delta, vetoes, False).dimensions if d["id"] == dim.id)
        hit = tune_ratio(fw, tier, delta, vetoes, dim_metric(dim.id), xx5_targets(exact or Fraction(50)), rng, set())
        if hit:
            notes.append(f"dimension {dim.id} tie: {hit}")
            break
    plan.add(fw, tier, "partial", delta, vetoes, notes=notes)

    # Files `case answer` must refuse whole (a disallowed N/A; at the second tier also a missing or
    # wrong ground): each also carries a valid change of an answered indicator that the next step
    # leaves alone, so that a partial write would show.
    answers, _ = plan.state()
    probe_pool = [i for i in inds if i.id in answers and not is_na(answers[i.id]) and i.kind != "ratio"]
    refusals: list[Refusal] = []
    not_allowed = [i for i in inds if not i.na_allowed]
    kinds = ("not-allowed", "ground") if fw.tier(tier) is fw.tiers[1] else ("not-allowed",)
    for what in kinds:
        probe = rng.choice(probe_pool)
        cur = method_fraction(probe, tier, answers[probe.id]["value"])
        other = [v for v in value_candidates(probe, tier) if method_fraction(probe, tier, v) != cur]
        doc_answers: dict[str, Any] = {probe.id: {"value": rng.choice(other)}}
        na = {"not_applicable": True, "reason": rng.choice(NA_REASONS)}
        with_grounds = [i for i in inds if i.na_allowed and i.grounds]
        if what == "not-allowed":
            bad = rng.choice([i for i in not_allowed if i.id != probe.id])
            refusal = Refusal({}, bad.id, "not-allowed", bad.why_not_zh)
        elif with_grounds:
            bad = rng.choice([i for i in with_grounds if i.id != probe.id])
            if rng.random() < 0.5:
                refusal = Refusal({}, bad.id, "no-ground", None)
            else:
                na["ground"] = "no-such-ground"
                refusal = Refusal({}, bad.id, "wrong-ground", None)
        else:
            bad = rng.choice([i for i in not_allowed if i.id not in (probe.id, refusals[0].indicator)])
            na["ground"] = "new-firm"
            refusal = Refusal({}, bad.id, "ground-on-refused", bad.why_not_zh)
        doc_answers[bad.id] = na
        refusal.doc = {"answers": doc_answers}
        refusals.append(refusal)

    # The rest answered, every veto decided "not raised", the total tuned (through a ratio
    # indicator) to half a cent below a grade minimum: shown, it is the minimum itself.
    prev_a = plan.state()[0]
    unanswered = [i for i in inds if i.id not in prev_a]
    grade_mins = [g.min for g in fw.grades if g.min > 0]
    t = fw.tier(tier)
    if t.pass_grade:
        grade_mins.sort(key=lambda m: m != fw.grade(t.pass_grade).min)
    best: tuple[dict[str, dict[str, Any]], list[str]] | None = None
    for attempt in range(40):
        delta2: dict[str, dict[str, Any]] = {}
        for ind in unanswered:
            value = full_value(ind, tier) if rng.random() < 0.5 else random_value(ind, tier, rng)
            delta2[ind.id] = answer_entry(value, rng)
        merged = {**prev_a, **delta2}
        all_v = dict.fromkeys(fw.vetoes, False)
        targets = [m - Fraction(1, 200) for m in grade_mins]
        hit = tune_ratio(fw, tier, merged, all_v, total_metric, targets, rng, set())
        if hit:
            delta2[hit[0]] = merged[hit[0]]
            best = (delta2, [f"total at a grade edge: {hit} (draw {attempt})"])
            break
        best = best or (delta2, ["no grade-edge total reachable"])
    assert best is not None
    plan.add(fw, tier, "complete", best[0], dict.fromkeys(fw.vetoes, False), notes=best[1], refusals=refusals)
    add_next_steps(fw, tier, plan, rng, NEXT_STEPS)
    return plan


def add_next_steps(fw: Framework, tier: str, plan: CasePlan, rng: random.Random, n: int) -> None:
    """Apply the shown next.answer of a gap (of another method each time, where possible)."""
    done: set[str] = set()
    for k in range(n):
        exp = plan.steps[-1].expected
        cands = [g for g in exp.gaps if g["next"]] or [g for g in exp.below_full if g["next"]]
        if not cands:
            return
        fresh = [g for g in cands if g["next"]["kind"] not in done]
        pick = rng.choice(fresh or cands)
        done.add(pick["next"]["kind"])
        plan.add(
            fw,
            tier,
            f"next-{k + 1}",
            {pick["id"]: answer_entry(pick["next"]["answer"], rng)},
            {},
            applies_next=pick["id"],
            notes=[f"applies {pick['id']} next {pick['next']['answer']!r} (+{pick['next']['gain']})"],
        )


def find_cap(
    fw: Framework,
    tier: str,
    base: dict[str, dict[str, Any]],
    vetoes: dict[str, Any],
    dims: list[Dimension],
    rng: random.Random,
    tries: int = 300,
) -> tuple[dict[str, dict[str, Any]], Dimension, list[dict[str, dict[str, Any]]]] | None:
    """Answers of one dimension (the rest as in base) under which a cap on it lowers the grade;
    also the other such trials of that dimension, best first (for the rounding-edge search)."""
    for dim in dims:
        inds = [i for i in dim.indicators if tier in i.tiers and not is_na(base.get(i.id))]
        cands = {i.id: safe_candidates(i, tier) for i in inds}
        found: list[tuple[Fraction, dict[str, dict[str, Any]]]] = []
        for _ in range(tries):
            if len(found) >= 40:
                break
            trial = dict(base)
            for ind in inds:
                trial[ind.id] = {"value": rng.choice(cands[ind.id])}
            exp = evaluate(fw, tier, trial, vetoes, False)
            if exp.capped and any(r["dimension"] == dim.id for r in exp.caps):
                found.append((next(d["exact"] for d in exp.dimensions if d["id"] == dim.id), trial))
        if found:
            found.sort(key=lambda x: -x[0])
            return found[0][1], dim, [t for _, t in found]
    return None


def plan_rules(fw: Framework, tier: str) -> CasePlan:
    """Full marks; a failed entry condition (others exactly at their bound) with the fallback; the
    dimension cap; a veto decided; a veto raised by a severity; the any-dimension cap and its
    rounding edge; a failing grade."""
    rng = random.Random(seed_for(fw.id, tier, "v2-rules"))
    plan = CasePlan("rules", "third-party", USCCS[1][0], None, "成都市城市运营维护集团")
    t = fw.tier(tier)
    inds = fw.tier_indicators(tier)
    cond_inds = {c.indicator for c in t.conditions}
    base = full_answers(fw, tier)
    na_ok = [i for i in inds if i.na_allowed and i.grounds and i.id not in cond_inds]
    if na_ok:
        pick = rng.choice(na_ok)
        base[pick.id] = na_entry(pick, rng)
    no_veto = dict.fromkeys(fw.vetoes, False)
    # The English labels once per tier (a different framework at each): they do not depend on it.
    en = FRAMEWORK_IDS.index(fw.id) == fw.tiers.index(t)
    exp = plan.add(fw, tier, "full", {k: dict(v) for k, v in base.items()}, no_veto)
    assert exp.total == 100 and exp.grade == fw.grades[0].id and exp.tier_met, (fw.id, tier, exp.labels)

    if t.conditions:
        fail = rng.choice(t.conditions)
        delta: dict[str, dict[str, Any]] = {}
        for cond in t.conditions:
            if cond.indicator is None:
                continue
            ind = fw.indicator(cond.indicator)
            if cond is fail:
                if ind.na_allowed and ind.grounds and rng.random() < 0.7:
                    delta[ind.id] = na_entry(ind, rng)
                elif cond.at_least is not None:
                    delta[ind.id] = {"value": json_number(num(cond.at_least) - 1)}
                elif cond.in_ is not None:
                    delta[ind.id] = {
                        "value": rng.choice([o["id"] for o in ind.method["options"] if o["id"] not in cond.in_])
                    }
                else:
                    delta[ind.id] = {"value": False}
            elif cond.at_least is not None:
                delta[ind.id] = {"value": json_number(num(cond.at_least))}  # exactly at the bound: met
        exp = plan.add(fw, tier, f"fail-{fail.id}", delta, {}, en=en)
        assert not exp.tier_met and exp.fallback is not None, (fw.id, tier, exp.labels)

    # The dimension-specific cap (D5 below 40 -> at most 合格) while the total stays high.
    restore = {k: dict(base[k]) for k in cond_inds if k in base}
    dim_caps = [c for c in fw.caps if c.dimension]
    cap_dims = [fw.dimension(c.dimension) for c in dim_caps if c.dimension]
    hit = find_cap(fw, tier, {**plan.state()[0], **restore}, no_veto, cap_dims, rng)
    assert hit, f"{fw.id}/{tier}: no answers reach the dimension cap"
    trial, low_dim, _ = hit
    delta = {**restore, **{i.id: trial[i.id] for i in low_dim.indicators if i.id in trial}}
    plan.add(fw, tier, f"cap-{low_dim.id}", delta, {}, text=bool(t.conditions), en=en and not t.conditions)

    # A veto decided "raised" and another raised by a severity count although decided "not
    # raised"; the dimension cap still shows (the text leads with the vetoes, then the caps).
    graded = [i for i in inds if i.graded and any(s.get("veto") for s in i.severities())]
    ind = rng.choice(graded)
    sev = rng.choice([s for s in ind.severities() if s.get("veto")])
    veto = rng.choice([v for v in fw.vetoes if v != sev["veto"]])
    exp = plan.add(
        fw, tier, f"veto-{veto}-raised-{sev['veto']}", {ind.id: {"value": {sev["id"]: 1}}}, {veto: True}, text=True
    )
    assert exp.grade is None and exp.vetoed == [v for v in fw.vetoes if v in (veto, sev["veto"])], exp.vetoed
    assert exp.raised and exp.caps, (exp.raised, exp.caps)

    # A cap on any dimension (below 40 -> at most 较好), then the same dimension put exactly
    # half a cent below the bound: shown, it is the bound itself and the cap no longer applies.
    restore = {i.id: dict(base[i.id]) for i in [*low_dim.indicators, ind] if i.id in base}
    # One indicator of D5 exactly at gap_below: not a gap (its dimension triggers no cap).
    at_edge = [
        (i, v)
        for i in low_dim.indicators
        if i.id in base
        for v in safe_candidates(i, tier)
        if method_fraction(i, tier, v) == fw.gap_below
    ]
    if at_edge:
        edge_ind, edge_value = rng.choice(at_edge)
        restore[edge_ind.id] = {"value": edge_value}
    answers = {**plan.state()[0], **restore}
    others = [d for d in fw.dimensions if d.id not in {c.dimension for c in dim_caps}]
    others = [d for d in others if any(tier in i.tiers and not is_na(answers.get(i.id)) for i in d.indicators)]
    rng.shuffle(others)
    others.sort(key=lambda d: not any(i.kind == "ratio" and tier in i.tiers for i in d.indicators))
    generic = next(c for c in fw.caps if c.dimension is None)
    edge: tuple[dict[str, dict[str, Any]], Dimension, tuple[str, Any, Fraction]] | None = None
    first: tuple[dict[str, dict[str, Any]], Dimension] | None = None
    for dim in others:
        hit = find_cap(fw, tier, answers, no_veto, [dim], rng)
        if not hit:
            continue
        first = first or (hit[0], dim)
        for cand in hit[2]:
            moved = dict(cand)
            tuned = tune_ratio(
                fw, tier, moved, no_veto, dim_metric(dim.id), [generic.below - Fraction(1, 200)], rng, set()
            )
            if tuned:
                edge = (cand, dim, (tuned[0], moved[tuned[0]], tuned[2]))
                break
        if edge:
            break
    assert first, f"{fw.id}/{tier}: no answers reach the any-dimension cap"
    trial, dim = (edge[0], edge[1]) if edge else first
    delta = {**restore, **{i.id: trial[i.id] for i in dim.indicators if i.id in trial}}
    exp = plan.add(fw, tier, f"cap-{dim.id}", delta, {veto: False})
    assert exp.capped, (fw.id, tier, exp.caps)
    if edge:
        exp = plan.add(fw, tier, "cap-edge", {edge[2][0]: edge[2][1]}, {}, notes=[f"{dim.id} at edge: {edge[2]}"])
        assert not any(r["dimension"] == dim.id for r in exp.caps), exp.caps

    low = {i.id: {"value": lowest_value(i, tier)} for i in inds if not is_na(plan.state()[0].get(i.id))}
    exp = plan.add(fw, tier, "fail", low, {})
    assert exp.grade is not None and not fw.grade(exp.grade).passes, exp.grade
    return plan


_PLANS: dict[tuple[str, str, str], list[CasePlan]] = {}


def build_plans(fw: Framework, tier: str) -> list[CasePlan]:
    """The case plans of one framework/tier (deterministic; cached, they take a while)."""
    key = (fw.id, fw.sha256, tier)
    if key not in _PLANS:
        _PLANS[key] = [plan_mixed(fw, tier), plan_rules(fw, tier)]
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
    shown_en: dict[str, Any] | None = None
    text: str | None = None
    refused: list[tuple[Refusal, int, str, str]] = field(default_factory=list)  # (refusal, exit, stdout, stderr)


def run_combo(fw_id: str, tier: str, work: Path, *, in_process: bool = False) -> list[Observed]:
    fw = load_framework(fw_id)
    ws = Workspace(work, in_process=in_process)  # the default frameworks: nothing installed in the data folder
    observed: list[Observed] = []
    for plan in build_plans(fw, tier):
        case_id = ws.new_case(fw_id, tier, plan.mode, plan.entity_name, plan.uscc, plan.region)
        for step in plan.steps:
            refused = []
            for refusal in step.refusals:
                proc = ws.process("case", "answer", case_id, "--file", str(ws.write_answers(refusal.doc)))
                refused.append((refusal, proc.returncode, proc.stdout, proc.stderr))
            ws.answer(case_id, step.file)
            obs = Observed(plan, step, case_id, ws.show_json(case_id), refused=refused)
            if step.en:
                obs.shown_en = ws.show_json(case_id, "--lang", "en")
            if step.text:
                obs.text = ws.run("--lang", "zh", "case", "show", case_id)
            observed.append(obs)
    return observed


# ---------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------


def value_equal(got: Any, want: Any, ind: Indicator | None) -> bool:
    """An answer or next.answer: graded counts compare per severity (missing ids count 0)."""
    if isinstance(want, dict):
        return isinstance(got, dict) and ind is not None and counts(ind, got) == counts(ind, want)
    return answer_equal(got, want)


def compare_result(fw: Framework, r: dict[str, Any], exp: Expected, lang: str, err: Any, top: bool) -> None:
    """The fields a result and its fallback share, then (top) the full lists."""
    for key, want in (
        ("grade", exp.grade),
        ("provisional", exp.provisional),
        ("tier_met", exp.tier_met),
        ("pass_grade", exp.pass_grade),
        ("label", exp.labels[lang]),
    ):
        if r.get(key) != want:
            err(f"{key}: expected {want!r}, got {r.get(key)!r}")
    if not num_equal(r.get("total"), exp.total):
        err(
            f"total: expected {exp.total} (exact {exp.total_exact} = {float(exp.total_exact)!r}),"
            f" got {r.get('total')!r}"
        )
    if not num_equal(r.get("na_share"), exp.na_share):
        err(f"na_share: expected {exp.na_share}, got {r.get('na_share')!r}")
    if r.get("raised_vetoes") != exp.raised:
        err(f"raised_vetoes: expected {exp.raised!r}, got {r.get('raised_vetoes')!r}")

    got_caps = r.get("caps")
    want_caps = [(c["dimension"], c["score"], c["below"], c["max_grade"]) for c in exp.caps]
    if (
        not isinstance(got_caps, list)
        or len(got_caps) != len(want_caps)
        or not all(
            g.get("dimension") == w[0]
            and num_equal(g.get("score"), w[1])
            and num_equal(g.get("below"), w[2])
            and g.get("max_grade") == w[3]
            for g, w in zip(got_caps, want_caps, strict=False)
        )
    ):
        err(f"caps: expected {[(d, str(s), str(b), m) for d, s, b, m in want_caps]}, got {got_caps!r}")

    got_conds = r.get("tier_conditions")
    want_conds = [(c["id"], c["met"], c["title"][lang]) for c in exp.conditions]
    if (
        not isinstance(got_conds, list)
        or [(c.get("id"), c.get("met"), c.get("title")) for c in got_conds] != want_conds
    ):
        err(f"tier_conditions: expected {want_conds}, got {got_conds!r}")
    else:
        for g, c in zip(got_conds, exp.conditions, strict=True):
            if c["indicator"] and c["indicator"] not in str(g.get("reason")):
                err(f"tier condition {c['id']}: the reason does not name {c['indicator']}: {g.get('reason')!r}")

    got_dims = r.get("dimensions") or []
    if [d.get("id") for d in got_dims] != [d["id"] for d in exp.dimensions]:
        err(
            f"dimensions ids/order: expected {[d['id'] for d in exp.dimensions]}, got {[d.get('id') for d in got_dims]}"
        )
    else:
        for g, e in zip(got_dims, exp.dimensions, strict=True):
            if top and not num_equal(g.get("weight"), e["weight"]):
                err(f"dimension {e['id']} weight: expected {e['weight']}, got {g.get('weight')!r}")
            if not num_equal(g.get("score"), e["score"]):
                ex = "excluded" if e["exact"] is None else f"exact {e['exact']} = {float(e['exact'])!r}"
                err(f"dimension {e['id']} score: expected {e['score']} ({ex}), got {g.get('score')!r}")

    fb = r.get("fallback")
    if exp.fallback is None:
        if fb is not None:
            err(f"fallback: expected none, got {fb!r}"[:600])
    elif not isinstance(fb, dict):
        err(f"fallback: expected the result at {exp.fallback.tier}, got {fb!r}")
    else:
        if fb.get("tier") != exp.fallback.tier:
            err(f"fallback.tier: expected {exp.fallback.tier!r}, got {fb.get('tier')!r}")

        def fb_err(msg: str) -> None:
            err(f"fallback {exp.fallback.tier}: {msg}")  # type: ignore[union-attr]

        compare_result(fw, fb, exp.fallback, lang, fb_err, top=False)


def compare(fw: Framework, tier: str, obs: Observed) -> list[str]:
    exp = obs.step.expected
    where = f"{fw.id}/{tier} case {obs.plan.name} step {obs.step.label} ({obs.case_id})"
    errs: list[str] = []

    def err(msg: str) -> None:
        errs.append(f"{where}: {msg}")

    for refusal, code, out, stderr in obs.refused:
        tag = f"refused file ({refusal.what} N/A on {refusal.indicator})"
        if code != 1:
            err(f"{tag}: expected exit 1, got {code}; stdout {out.strip()!r} stderr {stderr.strip()!r}")
        if f"指标 {refusal.indicator}（" not in stderr or f"answers.{refusal.indicator}." not in stderr:
            err(f"{tag}: the message does not name the indicator and its entry: {stderr.strip()!r}")
        if refusal.why_not and refusal.why_not not in stderr:
            err(f"{tag}: the message lacks the framework's why_not {refusal.why_not!r}: {stderr.strip()!r}")

    s = obs.shown
    for key, want in (
        ("case_id", obs.case_id),
        ("revision", 1),
        ("status", "draft"),
        ("mode", obs.plan.mode),
        ("tier", tier),
    ):
        if s.get(key) != want:
            err(f"{key}: expected {want!r}, got {s.get(key)!r}")
    fwj = s.get("framework") or {}
    for key, want in (("id", fw.id), ("version", fw.version), ("sha256", fw.sha256)):
        if fwj.get(key) != want:
            err(f"framework.{key}: expected {want!r}, got {fwj.get(key)!r}")
    r = s.get("result")
    if not isinstance(r, dict):
        return [*errs, f"{where}: result missing: {s!r}"[:2000]]

    for key, want in (
        ("grade_before_cap", exp.grade_before_cap),
        ("vetoed", exp.vetoed),
        ("undecided_vetoes", exp.undecided),
        ("capped", exp.capped),
    ):
        if r.get(key) != want:
            err(f"{key}: expected {want!r}, got {r.get(key)!r}")
    if not num_equal(r.get("completeness"), exp.completeness):
        err(f"completeness: expected {exp.completeness}, got {r.get('completeness')!r}")
    compare_result(fw, r, exp, "zh", err, top=True)

    got_inds = r.get("indicators") or []
    if [i.get("id") for i in got_inds] != [i["id"] for i in exp.indicators]:
        err(
            f"indicators ids/order: expected {[i['id'] for i in exp.indicators]}, got {[i.get('id') for i in got_inds]}"
        )
    else:
        for g, e in zip(got_inds, exp.indicators, strict=True):
            tag = f"indicator {e['id']} ({e['status']}, answer {e['answer']!r})"
            for key in ("status", "dimension", "ground"):
                if g.get(key) != e[key]:
                    err(f"{tag} {key}: expected {e[key]!r}, got {g.get(key)!r}")
            if not value_equal(g.get("answer"), e["answer"], fw.indicator(e["id"])):
                err(f"{tag} answer: expected {e['answer']!r}, got {g.get('answer')!r}")
            for key in ("fraction", "earned", "points"):
                if not num_equal(g.get(key), e[key]):
                    extra = f" (exact f {e['exact_fraction']})" if "exact_fraction" in e else ""
                    err(f"{tag} {key}: expected {e[key]}{extra}, got {g.get(key)!r}")

    for key, want in (("gaps", exp.gaps), ("below_full", exp.below_full)):
        got = r.get(key)
        if not isinstance(got, list) or [g.get("id") for g in got] != [w["id"] for w in want]:
            err(f"{key} ids/order: expected {[w['id'] for w in want]}, got {[g.get('id') for g in got or []]}")
            continue
        for g, w in zip(got, want, strict=True):
            if not num_equal(g.get("lost"), w["lost"]):
                err(f"{key} {w['id']} lost: expected {w['lost']} (exact {w['exact']}), got {g.get('lost')!r}")
            gn, wn = g.get("next"), w["next"]
            if wn is None:
                if gn is not None:
                    err(f"{key} {w['id']} next: expected none, got {gn!r}")
            elif not isinstance(gn, dict):
                err(f"{key} {w['id']} next: expected {wn['answer']!r} +{wn['gain']}, got {gn!r}")
            else:
                if not value_equal(gn.get("answer"), wn["answer"], fw.indicator(w["id"])):
                    err(f"{key} {w['id']} next.answer: expected {wn['answer']!r}, got {gn.get('answer')!r}")
                if not num_equal(gn.get("gain"), wn["gain"]):
                    err(f"{key} {w['id']} next.gain: expected {wn['gain']}, got {gn.get('gain')!r}")

    if obs.shown_en is not None:
        r_en = obs.shown_en.get("result") or {}
        if r_en.get("label") != exp.labels["en"]:
            err(f"label (en): expected {exp.labels['en']!r}, got {r_en.get('label')!r}")
        titles = [(c.get("id"), c.get("title")) for c in r_en.get("tier_conditions") or []]
        if titles != [(c["id"], c["title"]["en"]) for c in exp.conditions]:
            err(f"tier_conditions (en): expected {[(c['id'], c['title']['en']) for c in exp.conditions]}, got {titles}")
    if obs.text is not None:
        errs += [f"{where}: case show text: {m}" for m in check_gap_text(fw, exp, obs.text)]
    return errs


GAP_LINE = re.compile(r"^  (\S+)\s+-\s+(\d+\.\d\d)\s")
TEXT_ORDER = ("veto", "condition", "cap", "na", "gap", "more")


def check_gap_text(fw: Framework, exp: Expected, text: str) -> list[str]:
    """The 短板 section of `case show`: led by any veto, the failing conditions, any cap and the
    N/A share, then the gaps in their order (docs/framework.md; domain/result_text.py)."""
    lines = text.splitlines()
    try:
        start = next(n for n, line in enumerate(lines) if line.strip() == "短板：")
    except StopIteration:
        return ["no 短板 section"] if exp.gaps or exp.vetoed or exp.caps else []
    items: list[tuple[str, str]] = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        if not line.startswith("  ") or line.startswith("   "):
            continue  # a next-step line under a gap
        body = line[2:]
        kind = (
            "veto"
            if body.startswith("一票否决：")
            else "condition"
            if body.startswith("未满足")
            else "cap"
            if body.startswith("封顶：")
            else "na"
            if body.startswith("不适用去掉的分值")
            else "more"
            if body.startswith("另有")
            else "gap"
        )
        items.append((kind, body))
    errs: list[str] = []
    kinds = [TEXT_ORDER.index(k) for k, _ in items]
    if kinds != sorted(kinds):
        errs.append(f"lines out of order (veto, conditions, caps, N/A share, gaps): {[k for k, _ in items]}")
    vetoes = [b.removeprefix("一票否决：").split()[0] for k, b in items if k == "veto"]
    if vetoes != exp.vetoed:
        errs.append(f"veto lines name {vetoes}, expected {exp.vetoed}")
    if not exp.provisional:
        caps = [b.removeprefix("封顶：").split()[0] for k, b in items if k == "cap"]
        if caps != [c["dimension"] for c in exp.caps]:
            errs.append(f"cap lines name {caps}, expected {[c['dimension'] for c in exp.caps]}")
    if not exp.provisional and not exp.vetoed:
        conds = " ".join(b for k, b in items if k == "condition")
        for c in exp.conditions:
            if not c["met"] and c["title"]["zh"] not in conds:
                errs.append(f"no 未满足 line for condition {c['id']} ({c['title']['zh']})")
    na = [b for k, b in items if k == "na"]
    if exp.na_share > 0:
        want, limit = f"{exp.na_share * 100:.2f}%", f"{round_half_up(fw.na_max_share * 100, 2)}%"
        if len(na) != 1 or want not in na[0] or limit not in na[0]:
            errs.append(f"N/A share line: expected one with {want} and the limit, got {na}")
    elif na:
        errs.append(f"N/A share line without N/A: {na}")
    gaps = []
    for k, b in items:
        if k == "gap":
            m = GAP_LINE.match("  " + b)
            gaps.append((m.group(1), Decimal(m.group(2))) if m else (b, None))
    want_gaps = [(g["id"], g["lost"]) for g in exp.gaps[: len(gaps)]]
    if (not gaps and exp.gaps) or gaps != want_gaps:
        errs.append(f"gap lines {gaps}, expected a prefix of {[(g['id'], g['lost']) for g in exp.gaps]}")
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


#: one tier of every framework runs the command line in a subprocess, as a user runs it; the others run
#: the same commands through its entry point in the test's process (the same arguments and output, without
#: an interpreter start per command), so the suite stays fast
SUBPROCESS_COMBOS = frozenset(next(c for c in COMBOS if c[0] == fw_id) for fw_id in dict.fromkeys(f for f, _ in COMBOS))


@pytest.mark.parametrize("combo", COMBOS, ids=[f"{f}/{t}" for f, t in COMBOS])
def test_cli_scores_match_oracle_v2(combo: tuple[str, str], tmp_path: Path) -> None:
    fw_id, tier = combo
    assert (FORMS_DIR / f"{fw_id}.yaml").exists(), f"{FORMS_DIR / fw_id}.yaml is missing"
    observed = run_combo(fw_id, tier, tmp_path, in_process=combo not in SUBPROCESS_COMBOS)
    fw = load_framework(fw_id)
    errors: list[str] = []
    for n, obs in enumerate(observed):
        errors += compare(fw, tier, obs)
        if obs.step.applies_next is None:
            continue
        # The contract itself, through the CLI: applying the shown next.answer raised the shown
        # total by exactly the shown gain.
        prev = observed[n - 1].shown["result"]
        promised = next((g for g in prev["gaps"] + prev["below_full"] if g["id"] == obs.step.applies_next), None)
        got = Decimal(str(obs.shown["result"]["total"])) - Decimal(str(prev["total"]))
        if promised is None or promised.get("next") is None:
            errors.append(f"{fw_id}/{tier} {obs.step.label}: {obs.step.applies_next} had no next step shown")
        elif got != Decimal(str(promised["next"]["gain"])):
            errors.append(
                f"{fw_id}/{tier} {obs.step.label}: applying {obs.step.applies_next} next.answer"
                f" {promised['next']['answer']!r} raised the total {prev['total']} -> {obs.shown['result']['total']}"
                f" (+{got}), next.gain promised +{promised['next']['gain']}"
            )
    assert not errors, f"{len(errors)} disagreement(s) with docs/framework.md:\n" + "\n".join(errors[:60])


def test_scenarios_cover_the_contract_v2() -> None:
    """The generated plans really exercise what this module claims (oracle self-check)."""
    seen: dict[str, list[str]] = {
        k: []
        for k in (
            "unanswered",
            "na_with_ground",
            "na_share",
            "refused_not_allowed",
            "refused_ground",
            "graded_counts",
            "raised_veto",
            "decided_veto",
            "undecided_veto",
            "dimension_cap_lowers",
            "any_cap_lowers",
            "cap_gap_at_or_above_gap_below",
            "fraction_at_gap_below_not_gap",
            "cap_edge",
            "condition_met_at_bound",
            "condition_failed",
            "fallback_met",
            "fallback_not_met",
            "label_met",
            "label_fail",
            "label_not_met",
            "grade_edge",
            "whole_answer_rounded_up",
            "en",
            "text",
        )
    }
    applied: set[str] = set()
    for fw_id, tier in COMBOS:
        fw = load_framework(fw_id)
        assert fw.gap_below == Fraction(3, 5) and fw.na_max_share == Fraction(1, 5)
        for dim in fw.dimensions:  # the points sum to the weight in each tier
            pts = sum((i.points for i in dim.indicators if tier in i.tiers), Fraction(0))
            assert pts == dim.weight, f"{fw_id}/{tier} {dim.id}: points {pts} != weight {dim.weight}"
        for plan in build_plans(fw, tier):
            for n, step in enumerate(plan.steps):
                exp = step.expected
                tag = f"{fw_id}/{tier}/{plan.name}/{step.label}"
                statuses = {r["status"] for r in exp.indicators}
                if "unanswered" in statuses:
                    seen["unanswered"].append(tag)
                if any(r["ground"] for r in exp.indicators):
                    seen["na_with_ground"].append(tag)
                if exp.na_share > 0:
                    seen["na_share"].append(tag)
                for refusal in step.refusals:
                    seen["refused_not_allowed" if refusal.what == "not-allowed" else "refused_ground"].append(tag)
                for row in exp.indicators:
                    if isinstance(row["answer"], dict) and any(row["answer"].values()):
                        seen["graded_counts"].append(tag)
                if exp.raised:
                    seen["raised_veto"].append(tag)
                if any(step.vetoes.get(v) is True for v in fw.vetoes):
                    seen["decided_veto"].append(tag)
                if exp.undecided:
                    seen["undecided_veto"].append(tag)
                if exp.capped:
                    lowering = [c for c in exp.caps if c["max_grade"] == exp.grade]
                    key = "dimension_cap_lowers" if any(c["dimension"] == "D5" for c in lowering) else "any_cap_lowers"
                    seen[key].append(tag)
                cap_dims = {c["dimension"] for c in exp.caps}
                for g in exp.gaps:
                    ind = fw.indicator(g["id"])
                    if ind.dim_id in cap_dims and g["fraction"] >= fw.gap_below:
                        seen["cap_gap_at_or_above_gap_below"].append(tag)
                    if g["next"] and ind.kind in ("threshold", "bands"):
                        value = next(r["answer"] for r in exp.indicators if r["id"] == g["id"])
                        scale = num(ind.method["thresholds"][tier]) if ind.kind == "threshold" else 1
                        raw = min(num(b) * scale for b, f in ind.method["bands"] if num(f) > g["fraction"])
                        if is_whole(value) and raw.denominator != 1:
                            seen["whole_answer_rounded_up"].append(tag)
                gap_ids = {g["id"] for g in exp.gaps}
                for row in exp.indicators:
                    if "exact_fraction" in row and row["exact_fraction"] == fw.gap_below and row["id"] not in gap_ids:
                        seen["fraction_at_gap_below_not_gap"].append(tag)
                if step.label == "cap-edge":
                    seen["cap_edge"].append(tag)
                t = fw.tier(tier)
                for cond, res in zip(t.conditions, exp.conditions, strict=True):
                    value = step.answers.get(cond.indicator or "", {}).get("value")
                    if (
                        res["met"]
                        and cond.at_least is not None
                        and value is not None
                        and num(value) == num(cond.at_least)
                    ):
                        seen["condition_met_at_bound"].append(tag)
                    if not res["met"] and not exp.provisional:
                        seen["condition_failed"].append(tag)
                if exp.fallback is not None:
                    seen["fallback_met" if exp.fallback.tier_met else "fallback_not_met"].append(tag)
                if exp.tier_met:
                    seen["label_met"].append(tag)
                if exp.grade and not fw.grade(exp.grade).passes:
                    seen["label_fail"].append(tag)
                if not exp.provisional and not exp.vetoed and not exp.tier_met and exp.fallback is None:
                    seen["label_not_met"].append(tag)
                if any(exp.total_exact == g.min - Fraction(1, 200) for g in fw.grades):
                    seen["grade_edge"].append(tag)
                if step.en:
                    seen["en"].append(tag)
                if step.text:
                    seen["text"].append(tag)
                if step.applies_next:
                    prev = plan.steps[n - 1].expected
                    g = next(g for g in prev.gaps + prev.below_full if g["id"] == step.applies_next)
                    applied.add(g["next"]["kind"])
    missing = [k for k, v in seen.items() if not v]
    assert not missing, f"scenario kinds never generated: {missing}"
    kinds = {i.next_kind for f in FRAMEWORK_IDS for i in load_framework(f).indicators}
    assert applied >= kinds, f"next.answer never applied for: {kinds - applied}"


def test_oracle_worked_example() -> None:
    """The oracle against every figure of docs/framework.md's worked example (tests/fixtures/mini2.yaml)."""
    fw = load_framework("mini2", REPO / "tests" / "fixtures")
    answers = {
        "S": {"value": 2},
        "Y": {"not_applicable": True, "ground": "no-secret", "reason": "无涉密业务"},
        "C": {"value": "mid"},
        "T": {"value": 8},
        "B": {"not_applicable": True, "ground": "new-firm", "reason": "成立不满一年"},
        "R": {"value": 45},
        "P": {"value": 10},
        "X": {"value": {"minor": 2}},
    }
    exp = evaluate(fw, "regional", answers, dict.fromkeys(fw.vetoes, False))
    assert [d["score"] for d in exp.dimensions] == [Decimal("49.33"), Decimal("76.67")]
    assert exp.total == Decimal("60.27") and exp.grade == "pass" and not exp.capped and not exp.caps
    assert exp.na_share == Decimal("0.2") and not exp.provisional and exp.completeness == 1
    assert [(c["id"], c["met"]) for c in exp.conditions] == [
        ("team", True),
        ("level", True),
        ("grade", True),
        ("cert", False),
        ("clean", True),
    ]
    assert not exp.tier_met and exp.fallback is not None
    fb = exp.fallback
    assert fb.tier == "city" and fb.total == Decimal("74.67") and fb.grade == "fair" and fb.tier_met
    assert [d["score"] for d in fb.dimensions] == [Decimal("73.33"), Decimal("76.67")]
    assert exp.labels["zh"] == "未达到区域服务级条件；按城市服务级评定：城市服务级 ★★★ 较好"
    assert exp.labels["en"] == "Regional service conditions not met; rated as City service: City service ★★★ Fair"
    assert [(g["id"], g["lost"], g["next"]["answer"], g["next"]["gain"]) for g in exp.gaps] == [
        ("T", Decimal("21.60"), 12, Decimal("14.40"))
    ]
    assert [(g["id"], g["lost"]) for g in exp.below_full] == [
        ("T", Decimal("21.60")),
        ("C", Decimal("4.80")),
        ("S", Decimal("4.00")),
        ("R", Decimal("3.33")),
        ("P", Decimal("3.33")),
        ("X", Decimal("2.67")),
    ]
    assert sum(g["exact"] for g in exp.below_full) == 100 - exp.total_exact
    # A grave count raises V1 whatever was decided; the clean condition then fails too.
    raised = evaluate(fw, "regional", {**answers, "X": {"value": {"grave": 1}}}, dict.fromkeys(fw.vetoes, False))
    assert raised.vetoed == ["V1"] and raised.grade is None and raised.labels["zh"] == "一票否决"
    assert raised.raised == [{"veto": "V1", "indicator": "X", "severity": "grave"}] and raised.fallback is None
    assert not next(c for c in raised.conditions if c["id"] == "clean")["met"]
    undecided = evaluate(fw, "regional", answers, {"V1": False})
    assert undecided.provisional and undecided.undecided == ["V2", "V4"] and undecided.fallback is None


def test_oracle_next_steps_by_hand() -> None:
    """next.answer of the default frameworks' methods, worked out by hand from docs/framework.md."""
    ops = load_framework("operations-maintenance")
    con = load_framework("construction-implementation")
    plan = load_framework("planning-consulting")
    # bands 99.9 / 99.5 / 99 (%): 99 -> the next band's 99.5 itself (a percentage is not rounded up).
    assert next_answer(ops.indicator("O2.1"), "city", 99) == 99.5
    assert next_answer(ops.indicator("O2.1"), "city", 99.2) == 99.5
    # threshold: P1.1 city 6, bands 1.0/0.75/0.5/0.25: 3 (whole) -> 0.75 x 6 = 4.5 -> 5; 3.5 -> 4.5.
    assert next_answer(plan.indicator("P1.1"), "city", 3) == 5
    assert next_answer(plan.indicator("P1.1"), "city", 3.5) == 4.5
    assert next_answer(plan.indicator("P1.1"), "city", 0) == 2  # 0.25 x 6 = 1.5 -> 2
    # choice: the smallest fraction above the current one; cs3 and cmmi5 tie at 0.6: the first.
    assert next_answer(con.indicator("B1.1"), "city", "cs2") == "cs3"
    assert next_answer(con.indicator("B1.1"), "city", "cs5") is None
    # graded deduction B5.1 (6 points; minor 1, major 3, grave 6): the most severe first, down
    # to the count that gives points back.
    b51 = con.indicator("B5.1")
    assert next_answer(b51, "city", {"minor": 7, "grave": 1}) == {"minor": 5, "major": 0, "grave": 0}
    assert next_answer(b51, "city", {"minor": 1, "major": 1}) == {"minor": 1, "major": 0, "grave": 0}
    assert method_fraction(b51, "city", {"minor": 1, "major": 1}) == Fraction(2, 6)
    assert next_answer(ops.indicator("O5.2"), "city", {"major": 1, "grave": 1}) == {"minor": 0, "major": 0, "grave": 0}
    assert next_answer(plan.indicator("P3.2"), "city", 30) == 60  # ratio: the target
    assert next_answer(plan.indicator("P2.1"), "city", 2) == 3  # per_item: one more
    assert (
        next_answer(plan.indicator("P1.2"), "city", 4) == 5 and next_answer(plan.indicator("P1.2"), "city", 5) is None
    )
    # Per-tier indicator sets: the enterprise questions replace city-platform ones.
    assert [i.id for i in plan.tier_indicators("enterprise") if i.id.startswith(("P2", "P3"))] == [
        "P2.1",
        "P2.3",
        "P2.4",
        "P2.5",
        "P2.6",
        "P3.2",
        "P3.3",
        "P3.4",
        "P3.5",
    ]
