"""A result is provisional until every tier indicator is answered or N/A and every veto is decided."""

from __future__ import annotations

from cityeval_desktop.domain.scoring import ANSWERED, UNANSWERED, Answer, score

FULL = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}


def test_unanswered_indicators_make_the_result_provisional(mini_framework) -> None:
    r = score(mini_framework, "city", {}, {"V1": False, "V2": False})
    assert r.provisional and r.completeness == 0
    assert [i.id for i in r.unanswered] == ["S", "Y", "C", "T", "B", "R", "P", "X"]
    # the grade the figures would give is still computed (compatibility), the flag says not to show it
    assert r.grade is not None and r.grade.id == "C"


def test_undecided_vetoes_make_a_complete_result_provisional(mini_framework) -> None:
    answers = {k: Answer(v) for k, v in FULL.items()}
    r = score(mini_framework, "city", answers, {"V1": False})
    assert r.completeness == 1 and r.undecided_vetoes == ("V2",) and r.provisional
    r = score(mini_framework, "city", answers, {"V1": False, "V2": False})
    assert not r.provisional and r.grade.id == "AAA"


def test_na_counts_as_done_and_a_veto_decided_true_is_a_decision(mini_framework) -> None:
    answers = {k: Answer(v) for k, v in FULL.items() if k != "T"} | {"T": Answer(None, True, "不涉及")}
    r = score(mini_framework, "city", answers, {"V1": True, "V2": False})
    assert not r.provisional and r.vetoed == ("V1",) and r.grade is None


def test_answered_gaps_leave_out_questions_never_answered(mini_framework) -> None:
    r = score(mini_framework, "city", {"S": Answer(2), "Y": Answer(False)}, {})
    statuses = {i.id: i.status for i in r.indicators}
    assert {g.id for g in r.gaps} == {"S", "Y", "C", "T", "B", "R", "P", "X"}  # DESIGN §4 gaps, unchanged
    assert [g.id for g in r.answered_gaps] == [g.id for g in r.gaps if statuses[g.id] == ANSWERED]
    assert {g.id for g in r.answered_gaps} == {"S", "Y"}
    assert all(i.status == UNANSWERED for i in r.unanswered)
