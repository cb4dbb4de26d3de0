"""cityeval-framework/2: N/A rules, tier conditions, caps per dimension, graded deductions, veto basis."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from cityeval_desktop.domain.framework import (
    EVIDENCE_ALWAYS,
    EVIDENCE_POSITIVE,
    LEGACY_NOT_APPLICABLE,
    SCHEMA_V1,
    SCHEMA_V2,
)
from cityeval_desktop.domain.loader import FrameworkError, load_bytes
from cityeval_desktop.domain.methods import AnswerValueError, Deduction
from cityeval_desktop.domain.scoring import Answer, evidence_needed, na_problem

FIXTURES = Path(__file__).parents[2] / "fixtures"
MINI = (FIXTURES / "mini.yaml").read_text("utf-8")
MINI2 = (FIXTURES / "mini2.yaml").read_text("utf-8")


def load2(text: str = MINI2):
    return load_bytes(text.encode(), "mini2.yaml")


def broken2(old: str, new: str, lang: str = "en") -> list[str]:
    assert old in MINI2, old
    with pytest.raises(FrameworkError) as info:
        load_bytes(MINI2.replace(old, new, 1).encode(), "broken.yaml")
    return info.value.render(lang)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_version_2_fields_are_read() -> None:
    fw = load2()
    assert fw.schema == SCHEMA_V2
    assert (fw.not_applicable_max_share, fw.gap_below) == (Fraction(1, 5), Fraction(3, 5))
    regional = fw.tier("regional")
    assert regional is not None
    assert (regional.pass_grade, regional.fallback) == ("good", "city")
    team, level, grade, cert, clean = regional.conditions
    assert (team.indicator, team.at_least) == ("T", 6)
    assert (level.indicator, level.at_least) == ("S", 2)
    assert (grade.indicator, grade.one_of) == ("C", ("hi", "mid"))
    assert (cert.indicator, cert.is_true) == ("Y", True)
    assert (clean.indicator, clean.veto_not_raised) == (None, "V1")
    assert fw.tier("enterprise").conditions == () and fw.tier("enterprise").fallback is None
    assert [g.passes for g in fw.grades] == [True, True, True, True, False]
    assert [(c.dimension, c.dimension_below, c.max_grade) for c in fw.caps] == [("D2", 40, "pass"), (None, 30, "fair")]
    b = fw.indicator("B").not_applicable
    assert b.allowed and [g.id for g in b.grounds] == ["new-firm", "public-body"] and not b.evidence
    assert b.ground("public-body").title.zh == "事业单位" and b.ground("other") is None and not b.free_reason
    assert fw.indicator("Y").not_applicable.evidence
    x = fw.indicator("X")
    assert not x.not_applicable.allowed and x.not_applicable.why_not.zh.startswith("公共信用记录")
    assert x.evidence_when == EVIDENCE_ALWAYS and fw.indicator("S").evidence_when == EVIDENCE_POSITIVE
    assert not fw.indicator("R").not_applicable.allowed  # the /2 default
    assert isinstance(x.method, Deduction)
    assert [(v.id, v.per, v.veto) for v in x.method.severities] == [
        ("minor", 1, None),
        ("major", 3, None),
        ("grave", 10, "V1"),
    ]
    assert x.method.per == 1  # the smallest severity's rate
    v1, v2, v4 = fw.vetoes
    assert [s.zh for s in v1.sources] == ["信用中国", "国家企业信用信息公示系统"]
    assert (v1.basis_required, v2.basis_required, v4.basis_required) == (True, False, True)
    assert fw.false_evidence_veto() is v4 and not v1.false_evidence


def test_version_1_files_keep_their_legacy_meaning() -> None:
    fw = load_bytes(MINI.encode(), "mini.yaml")
    assert fw.schema == SCHEMA_V1
    for ind in fw.indicators():
        assert ind.not_applicable == LEGACY_NOT_APPLICABLE and ind.not_applicable.free_reason
        assert ind.evidence_when == EVIDENCE_ALWAYS  # legacy: required means always
    assert all(not v.basis_required and not v.sources and not v.false_evidence for v in fw.vetoes)
    assert all(g.passes for g in fw.grades)
    assert all(t.conditions == () and t.pass_grade is None and t.fallback is None for t in fw.tiers)
    assert fw.caps[0].dimension is None
    assert (fw.gap_below, fw.not_applicable_max_share) == (1, 1)  # every point lost is a gap; no N/A limit


def test_version_2_fields_are_unknown_in_a_version_1_file() -> None:
    text = MINI.replace(
        "        method: {type: yes_no}\n", "        method: {type: yes_no}\n        not_applicable: {allowed: false}\n"
    )
    with pytest.raises(FrameworkError) as info:
        load_bytes(text.encode(), "old.yaml")
    assert info.value.render("en") == [
        f"old.yaml:{line_of(MINI, '- id: Y')}: dimensions[D1].indicators[Y]: unknown field: not_applicable"
    ]


def test_unknown_schema_lists_both() -> None:
    msgs = broken2("schema: cityeval-framework/2", "schema: cityeval-framework/3")
    assert msgs == [
        "broken.yaml:1: schema: value 'cityeval-framework/3' is not allowed; "
        "expected: cityeval-framework/1, cityeval-framework/2"
    ]


COND = "      - {id: team, title: {zh: 持证人员不少于 6 人, en: At least 6 certified staff}, indicator: T, at_least: 6}"


def _cond(test: str) -> str:
    return f"      - {{id: team, title: {{zh: 条件, en: Condition}}, {test}}}"


@pytest.mark.parametrize(
    "old, new, needle, expected",
    [
        (
            COND,
            _cond("indicator: Q, at_least: 6"),
            "id: team",
            "tiers[regional].conditions[team].indicator: unknown indicator 'Q'",
        ),
        (
            COND,
            _cond("indicator: C, at_least: 1"),
            "id: team",
            "tiers[regional].conditions[team].at_least: 'at_least' applies to numeric and scale indicators only "
            "(C is scored by choice)",
        ),
        (
            COND,
            _cond("indicator: X, at_least: 1"),
            "id: team",
            "tiers[regional].conditions[team].at_least: 'at_least' applies to numeric and scale indicators only "
            "(X is scored by deduction)",
        ),
        (
            COND,
            _cond("indicator: S, at_least: 4"),
            "id: team",
            "tiers[regional].conditions[team].at_least: a level condition must be a whole number 0-3, got 4",
        ),
        (
            COND,
            _cond("indicator: S, at_least: 1.5"),
            "id: team",
            "tiers[regional].conditions[team].at_least: a level condition must be a whole number 0-3, got 1.5",
        ),
        (
            COND,
            _cond("indicator: Y, in: [hi]"),
            "id: team",
            "tiers[regional].conditions[team].in: 'in' applies to choice indicators only (Y is scored by yes_no)",
        ),
        (
            COND,
            _cond("indicator: C, in: [hi, top]"),
            "id: team",
            "tiers[regional].conditions[team].in[1]: indicator C has no option 'top' (options: hi, mid, none)",
        ),
        (
            COND,
            _cond("indicator: S, is: true"),
            "id: team",
            "tiers[regional].conditions[team].is: 'is' applies to yes_no indicators only (S is scored by scale)",
        ),
        (
            COND,
            _cond("veto_not_raised: V9"),
            "id: team",
            "tiers[regional].conditions[team].veto_not_raised: unknown veto 'V9'",
        ),
        (
            COND,
            _cond("indicator: T, at_least: 6, veto_not_raised: V1"),
            "id: team",
            "tiers[regional].conditions[team]: a condition has exactly one test: 'indicator' with one of "
            "'at_least', 'in' or 'is', or 'veto_not_raised'",
        ),
        (
            COND,
            _cond("indicator: T"),
            "id: team",
            "tiers[regional].conditions[team]: a condition has exactly one test",
        ),
        (
            COND,
            _cond("indicator: Y, is: false"),
            "id: team",
            "tiers[regional].conditions[team].is: value False is not allowed",
        ),
        (
            "    fallback: city",
            "    fallback: regional",
            None,
            "tiers[regional].fallback: the fallback tier 'regional' must be below this tier",
        ),
        ("    fallback: city", "    fallback: town", None, "tiers[regional].fallback: unknown tier 'town'"),
        ("    pass_grade: good", "    pass_grade: great", None, "tiers[regional].pass_grade: unknown grade 'great'"),
        (
            "    pass_grade: good",
            "    pass_grade: fail",
            None,
            "tiers[regional].pass_grade: grade 'fail' is not a passing grade",
        ),
        (
            "title: {zh: 较好, en: Fair}}",
            "title: {zh: 较好, en: Fair}, pass: false}",
            "id: pass,",
            "grades[pass].pass: a passing grade cannot be below a failing one",
        ),
        ("{dimension: D2,", "{dimension: D9,", None, "caps[0].dimension: unknown dimension 'D9'"),
        (
            "{id: V2, title: {zh: 重大事故, en: Major incident}, basis_required: false}",
            "{id: V2, title: {zh: 重大事故, en: Major incident}, false_evidence: true}",
            "id: V4",
            "vetoes[V4].false_evidence: only one veto can be marked false_evidence",
        ),
        (
            "veto: V1}",
            "veto: V7}",
            "id: grave",
            "indicators[X].method.severities[grave].veto: unknown veto 'V7'",
        ),
        (
            "{id: major, title: {zh: 较重, en: Major}",
            "{id: minor, title: {zh: 较重, en: Major}",
            "title: {zh: 较重",
            "indicators[X].method.severities[minor].id: duplicate severity id 'minor'",
        ),
        (
            "kinds: [credit-report], when: always}",
            "kinds: [credit-report], when: sometimes}",
            None,
            "indicators[X].evidence.when: value 'sometimes' is not allowed; expected: positive, always",
        ),
        (
            "{required: true, kinds: [credit-report], when: always}",
            "{kinds: [credit-report], when: always}",
            None,
            "indicators[X].evidence.when: 'when' only matters when evidence is required",
        ),
        (
            "          grounds:\n            - {id: no-secret, title: {zh: 无涉密业务, en: No classified work}}\n",
            "          grounds: []\n",
            None,
            "indicators[Y].not_applicable.grounds: N/A allowed needs at least one ground (grounds)",
        ),
        (
            "          allowed: false\n",
            "          allowed: false\n          evidence: false\n",
            None,
            "indicators[X].not_applicable.evidence: 'evidence' is given but N/A is not allowed",
        ),
        (
            "          evidence: true\n",
            "          evidence: true\n          why_not: {zh: 不行, en: Refused}\n",
            None,
            "indicators[Y].not_applicable.why_not: 'why_not' is the message when N/A is refused",
        ),
        (
            "            - {id: public-body,",
            "            - {id: new-firm,",
            "事业单位",
            "indicators[B].not_applicable.grounds[new-firm].id: duplicate ground id 'new-firm'",
        ),
    ],
)
def test_version_2_problems_are_located(old: str, new: str, needle: str | None, expected: str) -> None:
    msgs = broken2(old, new)
    text = MINI2.replace(old, new, 1)
    want = f"broken.yaml:{line_of(text, needle or new.strip().splitlines()[-1])}: "
    assert any(m.startswith(want) and expected in m for m in msgs), msgs


def test_deduction_with_per_and_severities() -> None:
    msgs = broken2("          type: deduction\n", "          type: deduction\n          per: 2\n")
    assert msgs == [
        f"broken.yaml:{line_of(MINI2, 'type: deduction') - 1}: dimensions[D2].indicators[X].method: "
        "a deduction gives either 'per' (points per occurrence) or 'severities', not both and not neither"
    ]


def test_condition_on_an_indicator_of_another_tier() -> None:
    text = MINI2.replace(
        "  - {id: enterprise, title: {zh: 企业服务级, en: Enterprise service}}",
        "  - id: enterprise\n    title: {zh: 企业服务级, en: Enterprise service}\n    conditions:\n"
        "      - {id: clean, title: {zh: 无失信, en: Clean}, indicator: X, at_least: 0}\n",
    )
    with pytest.raises(FrameworkError) as info:
        load_bytes(text.encode(), "t.yaml")
    line = line_of(text, "id: clean, title: {zh: 无失信")
    assert info.value.render("en") == [
        f"t.yaml:{line}: tiers[enterprise].conditions[clean].indicator: "
        "indicator X does not apply to tier 'enterprise', so it cannot be its condition",
        f"t.yaml:{line}: tiers[enterprise].conditions[clean].at_least: "
        "'at_least' applies to numeric and scale indicators only (X is scored by deduction)",
    ]


def test_version_2_messages_read_chinese() -> None:
    msgs = broken2(COND, _cond("indicator: C, at_least: 1"), "zh")
    assert len(msgs) == 1 and "只能用于数值或等级类指标" in msgs[0]
    msgs = broken2("    fallback: city", "    fallback: regional", "zh")
    assert "降级评定的层级" in msgs[0]
    msgs = broken2("          type: deduction\n", "          type: deduction\n          per: 2\n", "zh")
    assert any("扣分项应给出" in m for m in msgs)
    for m in msgs:
        reason = m.split(": ", 2)[-1]
        assert re.search(r"[\u4e00-\u9fff]", reason), m


def test_graded_deduction_answers() -> None:
    m = load2().indicator("X").method
    assert isinstance(m, Deduction) and m.graded
    assert m.parse({"major": 2}) == {"minor": 0, "major": 2, "grave": 0}
    assert m.parse({}) == {"minor": 0, "major": 0, "grave": 0}
    assert m.fraction(m.parse({"minor": 1, "major": 2}), tier="city", points=Fraction(10)) == Fraction(3, 10)
    assert m.fraction(m.parse({"major": 4}), tier="city", points=Fraction(10)) == 0
    assert m.raised_vetoes(m.parse({"grave": 1})) == ("V1",)
    assert m.raised_vetoes(m.parse({"minor": 5})) == ()
    for bad in (3, {"huge": 1}, {"minor": -1}, {"minor": 1.5}, {"minor": True}, [1]):
        with pytest.raises(AnswerValueError):
            m.parse(bad)
    with pytest.raises(AnswerValueError) as info:
        m.parse(3)
    assert "按严重程度计次" in info.value.message.zh
    en = info.value.message.en
    assert "minor (" in en and "major (" in en and "grave (" in en
    # the example is JSON a user can paste into an answers file (not Python's {'minor': 1})
    example = re.search(r"such as (\{.*?\})", en)
    assert example is not None and json.loads(example.group(1)) == {"minor": 1}, en
    assert '{"minor": 1}' in info.value.message.zh
    ungraded = load_bytes(MINI.encode(), "mini.yaml").indicator("X").method
    assert isinstance(ungraded, Deduction) and not ungraded.graded and ungraded.parse(3) == 3
    with pytest.raises(AnswerValueError):
        ungraded.parse({"minor": 1})


def test_na_problem_follows_the_framework() -> None:
    fw = load2()
    x, b, r = fw.indicator("X"), fw.indicator("B"), fw.indicator("R")
    refused = na_problem(x, Answer(not_applicable=True, reason="不适用"), "third-party")
    assert refused is not None and "公共信用记录每个主体都有，不能不适用" in refused.zh and "X" in refused.zh
    assert "cannot be N/A" in refused.en
    default = na_problem(r, Answer(not_applicable=True, reason="x"), "self")
    assert default is not None and "评估框架未允许该指标不适用" in default.zh and "请按实际情况作答" in default.zh
    no_ground = na_problem(b, Answer(not_applicable=True, reason="刚成立"), "third-party")
    assert no_ground is not None and "成立不满一年、事业单位" in no_ground.zh and "new-firm" in no_ground.en
    assert "new-firm" not in no_ground.zh
    wrong = na_problem(b, Answer(not_applicable=True, reason="x", ground="other"), "third-party")
    assert wrong is not None and "'other'" in wrong.en
    assert na_problem(b, Answer(not_applicable=True, reason="x", ground="new-firm"), "third-party") is None
    assert na_problem(x, Answer(value={"minor": 0}), "third-party") is None
    assert na_problem(x, None, "self") is None
    legacy = load_bytes(MINI.encode(), "mini.yaml").indicator("X")
    assert na_problem(legacy, Answer(not_applicable=True, reason="free"), "third-party") is None


def test_evidence_needed_for_positive_claims_or_always() -> None:
    fw = load2()
    s, t, x, y, r = (fw.indicator(i) for i in ("S", "T", "X", "Y", "R"))
    assert not evidence_needed(s, Answer(value=0)) and evidence_needed(s, Answer(value=1))
    assert not evidence_needed(t, Answer(value=Fraction(0))) and evidence_needed(t, Answer(value=Fraction(1, 2)))
    assert evidence_needed(x, Answer(value={"minor": 0, "major": 0, "grave": 0}))  # when: always
    assert not evidence_needed(r, Answer(value=Fraction(50)))  # not required
    assert evidence_needed(y, Answer(not_applicable=True, reason="x", ground="no-secret"))  # N/A evidence
    assert not evidence_needed(s, Answer(not_applicable=True, reason="x"))
    assert not evidence_needed(s, Answer()) and not evidence_needed(s, None)
    legacy = load_bytes(MINI.encode(), "mini.yaml").indicator("S")
    assert evidence_needed(legacy, Answer(value=0))  # /1: required means always
