"""Graded deduction ``next`` when two severities give back the same points (issue 12 §1.4): the one that
raises a veto (严重) is taken off first, so the suggested step also lifts the veto."""

from __future__ import annotations

from fractions import Fraction

from cityeval_desktop.domain.methods import Deduction, Severity
from cityeval_desktop.domain.scoring import _fewer
from cityeval_desktop.domain.text import Text


def _method(*severities: Severity) -> Deduction:
    return Deduction(per=min(s.per for s in severities), severities=severities)


MINOR = Severity("minor", Text("一般", "minor"), Fraction(3))
SAME_WITH_VETO = Severity("grave", Text("严重", "grave"), Fraction(3), veto="V1")


def test_on_a_tie_the_severity_that_raises_a_veto_is_taken_off_first() -> None:
    # listed second, same points per occurrence as the first: the greedy order used to take the first
    m = _method(MINOR, SAME_WITH_VETO)
    assert _fewer(m, Fraction(6), {"minor": 1, "grave": 1}) == {"minor": 1, "grave": 0}
    # listed first it is taken first as well
    m = _method(SAME_WITH_VETO, MINOR)
    assert _fewer(m, Fraction(6), {"grave": 1, "minor": 1}) == {"grave": 0, "minor": 1}


def test_without_a_tie_the_largest_per_still_goes_first() -> None:
    major = Severity("major", Text("较重", "major"), Fraction(5))
    veto_but_small = Severity("grave", Text("严重", "grave"), Fraction(1), veto="V1")
    m = _method(veto_but_small, major)
    assert _fewer(m, Fraction(5), {"grave": 1, "major": 1}) == {"grave": 1, "major": 0}
