"""Scoring rules of cityeval-framework/2 on the mini2 framework, with figures worked out by hand.

The worked example is the one of docs/framework.md.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F
from pathlib import Path

from cityeval_desktop.domain.loader import load_file
from cityeval_desktop.domain.scoring import Answer, score

FIXTURES = Path(__file__).parents[2] / "fixtures"
FW = load_file(FIXTURES / "mini2.yaml")
FW1 = load_file(FIXTURES / "mini.yaml")
NA = {"Y": "no-secret", "B": "new-firm"}
FULL = {"S": 3, "Y": True, "C": "hi", "T": 18, "B": 6, "R": 60, "P": 14, "X": {}}


def answers(values: dict, fw=FW) -> dict[str, Answer]:
    out = {}
    for key, raw in values.items():
        if raw == "n/a":
            out[key] = Answer(not_applicable=True, reason="不适用", ground=NA.get(key))
        else:
            out[key] = Answer(fw.indicator(key).method.parse(raw))
    return out


CLEAN = {"V1": False, "V2": False, "V4": False}
WORKED = {"S": 2, "Y": "n/a", "C": "mid", "T": 8, "B": "n/a", "R": 45, "P": 10, "X": {"minor": 2}}


def test_worked_example_regional_with_fallback() -> None:
    r = score(FW, "regional", answers(WORKED), CLEAN)
    # D1: S 10 x 2/3 + C 10 x 0.6 + T 30 x 0.4 (8 >= 0.5 x 12) = 24.667 of 50 (Y is N/A) -> 49.33
    # D2: R 10 x 45/60 + P min(10, 10 x 0.75) + X 10 - 2 x 1 = 23 of 30 (B is N/A) -> 76.67
    assert [str(d.score_shown) for d in r.dimensions] == ["49.33", "76.67"]
    # total (60 x 49.333 + 40 x 76.667) / 100 = 60.2667
    assert str(r.total_shown) == "60.27" and r.grade.id == "pass"
    assert r.na_share == F(20, 100) and str(r.na_share_shown) == "0.2000"
    met = {c.id: c.met for c in r.tier_conditions}
    assert met == {"team": True, "level": True, "grade": True, "cert": False, "clean": True}
    cert = next(c for c in r.tier_conditions if c.id == "cert")
    assert cert.reason.zh == "Y 是否标为不适用" and cert.reason.en == "Y Yes-no is marked N/A"
    team = next(c for c in r.tier_conditions if c.id == "team")
    assert team.reason.zh == "T 门槛现为 8 人，要求不低于 6 人"
    assert r.below_pass_grade and not r.tier_met
    # 降级评定 at city: T 8 >= 1.0 x 6 -> 0.8 = 24; D1 (6.667 + 6 + 24) / 50 = 73.33; total 74.67 -> fair
    fb = r.fallback
    assert fb is not None and fb.tier == "city" and str(fb.total_shown) == "74.67" and fb.grade.id == "fair"
    assert fb.tier_met and fb.fallback is None
    assert r.label("zh") == "未达到区域服务级条件；按城市服务级评定：城市服务级 ★★★ 较好"
    assert r.label("en") == "Regional service conditions not met; rated as City service: City service ★★★ Fair"
    # gaps: f below 0.6 -> T only (0.4); C is at 0.6 exactly, not below
    assert [g.id for g in r.gaps] == ["T"]
    # below full: lost = 100 x w / 100 x (points - earned) / possible
    assert [(g.id, str(g.lost_shown)) for g in r.below_full] == [
        ("T", "21.60"),
        ("C", "4.80"),
        ("S", "4.00"),
        ("R", "3.33"),
        ("P", "3.33"),
        ("X", "2.67"),
    ]
    step = r.gaps[0].next
    # the next band of T is 1.0 x 12 = 12 people -> 0.8 = 24 points: D1 +24, total +14.4 -> 74.67
    assert step is not None and step.answer == 12 and step.gain == Decimal("14.40") and not step.full
    assert step.text.zh == "达到 12 人（现为 8 人），+14.40 分"
    assert step.text.en == "reach 12 people (now 8 people), +14.40 points"
    steps = {g.id: g.next for g in r.below_full}
    assert steps["S"].answer == 3 and steps["S"].full
    assert steps["C"].answer == "hi"
    assert steps["R"].answer == 60 and steps["R"].full
    assert steps["P"].answer == 11 and steps["P"].text.zh.startswith("再增加 1 项（10→11），")
    assert "（再增加 4 项可得满分）" in steps["P"].text.zh
    assert steps["X"].answer == {"minor": 1, "major": 0, "grave": 0}
    assert steps["X"].text.zh.startswith("减少 1 次一般（2→1）")


def test_met_tier_label_and_stars() -> None:
    r = score(FW, "regional", answers(FULL), CLEAN)
    assert str(r.total_shown) == "100.00" and r.tier_met and r.fallback is None
    assert r.label("zh") == "区域服务级 ★★★★★ 优秀" and r.label("en") == "Regional service ★★★★★ Excellent"
    assert r.gaps == () and r.below_full == () and r.na_share == 0


def test_grade_below_pass_grade_without_fallback() -> None:
    vals = {**FULL, "S": 0, "C": "none", "T": 6}  # city: T 6 >= 1.0 x 6 -> 0.8
    r = score(FW, "city", answers(vals), CLEAN)
    # D1: 0 + 10 + 0 + 24 = 34 of 60 -> 56.67; D2 100 (X counts at city); total 74.00 - fair, pass grade fair
    assert str(r.total_shown) == "74.00" and r.grade.id == "fair" and r.tier_met
    vals["Y"] = False
    r = score(FW, "city", answers(vals), CLEAN)
    # D1: 24 of 60 -> 40; total 64.00 -> pass, below the city pass grade fair; no fallback at city
    assert str(r.total_shown) == "64.00" and r.grade.id == "pass" and not r.tier_met and r.fallback is None
    assert r.label("zh") == "未达到城市服务级条件" and r.label("en") == "City service conditions not met"


def test_failing_grade_reads_not_passed() -> None:
    vals = {"S": 0, "Y": False, "C": "none", "T": 0, "B": 0, "R": 0, "P": 0, "X": {}}
    r = score(FW, "enterprise", answers(vals), CLEAN)
    assert r.grade.id == "fail" and not r.grade.passes and not r.tier_met
    assert r.label("zh") == "未通过" and r.label("en") == "Not passed"


def test_provisional_and_vetoed_labels() -> None:
    partial = answers({k: v for k, v in FULL.items() if k != "R"})
    r = score(FW, "regional", partial, CLEAN)
    assert r.provisional and not r.tier_met and r.fallback is None
    assert r.label("zh") == "暂不评定（未完成）" and r.label("en") == "Not rated yet (incomplete)"
    r = score(FW, "regional", answers(FULL), {"V1": False, "V2": None, "V4": False})
    assert r.provisional and r.label("zh") == "暂不评定（未完成）"
    r = score(FW, "regional", answers(FULL), {**CLEAN, "V2": True})
    assert r.label("zh") == "一票否决" and r.label("en") == "Vetoed" and not r.tier_met


def test_grave_severity_raises_its_veto_whatever_was_decided() -> None:
    vals = {**FULL, "X": {"grave": 1}}
    r = score(FW, "regional", answers(vals), CLEAN)  # V1 stored as not raised
    assert r.vetoed == ("V1",) and r.grade is None and r.label("zh") == "一票否决"
    assert [(v.veto, v.indicator, v.severity.id) for v in r.raised_vetoes] == [("V1", "X", "grave")]
    clean = next(c for c in r.tier_conditions if c.id == "clean")
    assert not clean.met and clean.reason.zh == "否决项“严重失信”成立"
    r = score(FW, "regional", answers(vals), {"V2": False, "V4": False})  # V1 undecided: decided by X
    assert r.undecided_vetoes == () and r.vetoed == ("V1",)
    # X at enterprise does not apply: nothing raised there
    r = score(FW, "enterprise", answers(vals), CLEAN)
    assert r.vetoed == () and r.raised_vetoes == ()


def test_caps_per_dimension_and_the_lowest_wins() -> None:
    # D2: R 10 x 21/60 = 3.5, P 0, X 10 - 2 x 3 = 4 -> 7.5 of 40 at city (B 10 x 1 = 10) -> 17.5/40 = 43.75
    vals = {**FULL, "R": 21, "P": 0, "X": {"major": 2}, "T": 9}
    r = score(FW, "city", answers(vals), CLEAN)
    # D1 100, D2 43.75 -> total 77.50 -> fair; no cap (43.75 >= 40)
    assert [str(d.score_shown) for d in r.dimensions] == ["100.00", "43.75"]
    assert str(r.total_shown) == "77.50" and r.grade.id == "fair" and r.caps_applied == () and not r.capped
    vals["B"] = 4  # B 7 -> 14.5/40 = 36.25 < 40: the D2 cap (at most pass) applies
    r = score(FW, "city", answers(vals), CLEAN)
    assert str(r.total_shown) == "74.50" and r.grade_before_cap.id == "fair" and r.grade.id == "pass" and r.capped
    assert [(c.dimension, str(c.score), c.bound, c.max_grade.id) for c in r.caps_applied] == [
        ("D2", "36.25", 40, "pass")
    ]
    # every D2 indicator is a gap now (the dimension triggered a cap), even at f 0.7 (B)
    assert {g.id for g in r.gaps} == {"B", "R", "P", "X"}
    vals["B"] = 0  # D2 7.5/40 = 18.75: the D2 cap (pass) and the any-dimension cap (< 30, fair) apply
    r = score(FW, "city", answers(vals), CLEAN)
    assert [(c.dimension, c.max_grade.id) for c in r.caps_applied] == [("D2", "pass"), ("D2", "fair")]
    assert r.grade.id == "pass"  # the lowest max grade wins


def test_cap_on_one_dimension_ignores_the_others() -> None:
    vals = {**FULL, "S": 0, "Y": False, "C": "none", "T": 0}  # D1 0 < 40, but the 40 cap is D2's
    r = score(FW, "city", answers(vals), CLEAN)
    assert [(c.dimension, c.max_grade.id) for c in r.caps_applied] == [("D1", "fair")]


def test_legacy_file_keeps_gaps_and_reads_its_own_grade_words() -> None:
    vals = {"S": 2, "Y": True, "C": "mid", "T": 6, "B": 5, "R": 30, "P": 3, "X": 1}
    r = score(FW1, "city", answers(vals, FW1), {"V1": False, "V2": False})
    assert r.gaps == r.below_full and len(r.gaps) == 7  # every point lost is a gap in a /1 file
    assert r.tier_met and r.label("zh") == "城市服务级 ★★ 基本合格"
    na = {**vals, "S": "n/a"}
    r = score(FW1, "city", answers(na, FW1), {"V1": False, "V2": False})
    assert r.na_share == F(10, 100)


def test_yes_no_step() -> None:
    r = score(FW, "city", answers({**FULL, "Y": False}), CLEAN)
    g = next(g for g in r.below_full if g.id == "Y")
    # Y lost 10 of D1's 60 points: D1 83.33, total 60 x 83.333 / 100 + 40 = 90.00; yes gives +10.00
    assert str(r.total_shown) == "90.00"
    assert g.next.answer is True and str(g.next.gain) == "10.00" and g.next.full
    assert g.next.text.zh == "做到“是”，可得满分，+10.00 分"


def test_a_provisional_result_says_no_grade_word_anywhere() -> None:
    from cityeval_desktop.domain import result_text

    vals = {k: v for k, v in {**FULL, "B": 0, "R": 0, "P": 0}.items() if k != "S"}  # D2 low: a cap applies
    r = score(FW, "city", answers(vals), CLEAN)
    assert r.provisional and r.caps_applied  # the cap is a fact of the figures ...
    words = [line.zh + line.en for line in result_text.lead_lines(FW, r)]
    for grade in FW.grades:  # ... but no grade word is said before the case is complete
        assert not any(grade.title.zh in w or grade.title.en in w or "★" in w for w in words), words


def test_next_step_on_a_percentage_is_the_band_itself_not_a_whole_number() -> None:
    """99 % under bands 99.9 / 99.5 / 99: the smallest change reaching the next band is 99.5, not 100
    (found by the independent /2 oracle: whole answers were rounded up like counts)."""
    from cityeval_desktop.domain.loader import load_file
    from cityeval_desktop.paths import forms_dir

    fw = load_file(forms_dir() / "operations-maintenance.yaml")
    answers = {"O2.1": Answer(99)}
    (gap,) = [g for g in score(fw, "city", answers, {}).below_full if g.id == "O2.1"]
    assert gap.next is not None and gap.next.answer == 99.5, gap.next
    headcount = load_file(forms_dir() / "planning-consulting.yaml")
    (p11,) = [g for g in score(headcount, "city", {"P1.1": Answer(3)}, {}).below_full if g.id == "P1.1"]
    assert p11.next is not None and p11.next.answer == 5  # a count stays whole: 0.75 x 6 = 4.5 -> 5
