"""Framework model: tiers, grades, caps, dimensions, indicators and vetoes of one file."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from cityeval_desktop.domain.case_data import (
    DEFAULT_REVIEW_WINDOW_MONTHS,
    DEFAULT_VALIDITY_YEARS,
    NO_SAMPLE,
    InspectionSample,
)
from cityeval_desktop.domain.methods import Method
from cityeval_desktop.domain.text import Text

CATEGORIES: dict[str, Text] = {
    "planning-consulting": Text("规划咨询", "Planning & consulting"),
    "construction-implementation": Text("建设实施", "Construction & implementation"),
    "operations-maintenance": Text("运营运维", "Operations & maintenance"),
}

MODES: dict[str, Text] = {
    "self": Text("自评", "Self-assessment"),
    "third-party": Text("第三方评估", "Third-party assessment"),
}


SCHEMA_V1 = "cityeval-framework/1"
SCHEMA_V2 = "cityeval-framework/2"

#: evidence is needed only for a positive claim (value > 0, yes, level > 0, an option worth points)
EVIDENCE_POSITIVE = "positive"
#: evidence is needed whatever the answer (a credit query: the screenshot of "no record" is the evidence)
EVIDENCE_ALWAYS = "always"

#: defaults of a cityeval-framework/2 file (a /1 file keeps its legacy meaning, see docs/framework.md)
DEFAULT_NA_MAX_SHARE = Fraction(1, 5)
DEFAULT_GAP_BELOW = Fraction(3, 5)


@dataclass(frozen=True)
class TierCondition:
    """One entry condition (准入条件) of a tier: an indicator's answer, or a veto not raised.

    Exactly one test is set: ``at_least`` (numeric methods: the value; scale: the level), ``one_of``
    (choice option ids, YAML ``in``), ``is_true`` (yes_no, YAML ``is: true``) or ``veto_not_raised``.
    """

    id: str
    title: Text
    indicator: str | None = None
    at_least: Fraction | None = None
    one_of: tuple[str, ...] | None = None
    is_true: bool | None = None
    veto_not_raised: str | None = None
    #: where the condition comes from (a published scheme or 本框架建议); /2 only
    source: Text | None = None


@dataclass(frozen=True)
class Tier:
    id: str
    title: Text
    #: the tier label is shown only at this grade or better (None: any passing grade)
    pass_grade: str | None = None
    conditions: tuple[TierCondition, ...] = ()
    #: 降级评定: when this tier is not met, evaluate at this lower tier as well and show both
    fallback: str | None = None


@dataclass(frozen=True)
class Grade:
    id: str
    min: Fraction
    stars: int
    title: Text
    #: False on the lowest grade of a /2 file: no tier label, the result reads 未通过
    passes: bool = True


@dataclass(frozen=True)
class Cap:
    dimension_below: Fraction
    max_grade: str
    #: only this dimension's score triggers the cap; None: any dimension
    dimension: str | None = None


@dataclass(frozen=True)
class NaGround:
    """One ground on which an indicator may be marked N/A (e.g. 无涉密业务)."""

    id: str
    title: Text
    #: where the ground comes from (a published scheme or 本框架建议)
    source: Text | None = None


@dataclass(frozen=True)
class NotApplicableRule:
    """Whether and on which grounds an indicator may be marked N/A.

    ``allowed`` with no ``grounds`` is the legacy rule of cityeval-framework/1 files: a free written
    reason. ``evidence``: a third-party N/A needs an evidence file. ``why_not``: the message shown
    when N/A is refused.
    """

    allowed: bool
    grounds: tuple[NaGround, ...] = ()
    evidence: bool = False
    why_not: Text | None = None

    @property
    def free_reason(self) -> bool:
        """True for the legacy rule: N/A with any written reason, no named ground."""
        return self.allowed and not self.grounds

    def ground(self, ground_id: str | None) -> NaGround | None:
        """The ground with that id, or None."""
        return next((g for g in self.grounds if g.id == ground_id), None)


#: cityeval-framework/1: N/A allowed on every indicator with a free written reason
LEGACY_NOT_APPLICABLE = NotApplicableRule(allowed=True)
#: cityeval-framework/2 default: N/A not allowed
NO_NOT_APPLICABLE = NotApplicableRule(allowed=False)


@dataclass(frozen=True)
class Indicator:
    id: str
    title: Text
    guidance: Text | None
    improve: Text | None
    points: Fraction
    method: Method
    evidence_required: bool
    evidence_kinds: tuple[str, ...]
    tiers: tuple[str, ...]
    dimension_id: str
    #: plain-language question for the operator's guided self-check (no citations, no formulas)
    self_check: Text | None = None
    not_applicable: NotApplicableRule = LEGACY_NOT_APPLICABLE
    #: when required evidence is needed: EVIDENCE_POSITIVE or EVIDENCE_ALWAYS (legacy /1: always)
    evidence_when: str = EVIDENCE_ALWAYS
    #: where the indicator comes from (a published scheme or 本框架建议); /2 only
    source: Text | None = None

    def applies_to(self, tier: str) -> bool:
        return tier in self.tiers


@dataclass(frozen=True)
class Dimension:
    id: str
    title: Text
    weight: Fraction
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Veto:
    id: str
    title: Text
    guidance: Text | None
    #: plain-language question for the operator's guided self-check
    self_check: Text | None = None
    #: suggested query sources (信用中国, 中国政府采购网, ...)
    sources: tuple[Text, ...] = ()
    #: a third-party decision needs its basis (source, query time, note or evidence)
    basis_required: bool = False
    #: the veto a 不属实 evidence verification raises (fraudulent material)
    false_evidence: bool = False
    #: where the veto rule comes from (a law, a published scheme or 本框架建议; /2 only); not to be
    #: confused with ``sources``, where an assessor looks the decision up
    source: Text | None = None


@dataclass(frozen=True)
class Framework:
    """One loaded and checked framework file; (id, version) identifies it, sha256 pins it."""

    id: str
    version: str
    category: str
    title: Text
    description: Text | None
    tiers: tuple[Tier, ...]
    grades: tuple[Grade, ...]
    caps: tuple[Cap, ...]
    dimensions: tuple[Dimension, ...]
    vetoes: tuple[Veto, ...]
    sha256: str
    source: str = ""
    raw: bytes = field(default=b"", repr=False, compare=False)
    schema: str = SCHEMA_V1
    #: the share of the tier's points N/A may remove before a third-party case cannot be finalized
    not_applicable_max_share: Fraction = DEFAULT_NA_MAX_SHARE
    #: indicators scoring a fraction below this are gaps (短板); legacy /1: 1, every point lost
    gap_below: Fraction = Fraction(1)
    #: the review window (考察期) before a case's reference date, and how long a result is valid (有效期)
    review_window_months: int = DEFAULT_REVIEW_WINDOW_MONTHS
    validity_years: int = DEFAULT_VALIDITY_YEARS
    #: the sample the on-site inspections must reach before a third-party finalize (/2 ``inspection``)
    inspection: InspectionSample = NO_SAMPLE

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for d in self.dimensions for i in d.indicators)

    def indicator(self, indicator_id: str) -> Indicator | None:
        return self._index().get(indicator_id)

    def _index(self) -> dict[str, Indicator]:
        cached = self.__dict__.get("_indicator_index")
        if cached is None:
            cached = {i.id: i for i in self.indicators()}
            object.__setattr__(self, "_indicator_index", cached)
        return cached

    def tier(self, tier_id: str) -> Tier | None:
        return next((t for t in self.tiers if t.id == tier_id), None)

    def grade(self, grade_id: str) -> Grade | None:
        return next((g for g in self.grades if g.id == grade_id), None)

    def veto(self, veto_id: str) -> Veto | None:
        return next((v for v in self.vetoes if v.id == veto_id), None)

    def false_evidence_veto(self) -> Veto | None:
        """The veto a 不属实 evidence verification raises, if the framework names one."""
        return next((v for v in self.vetoes if v.false_evidence), None)

    def dimension(self, dimension_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def tier_indicators(self, tier: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators() if i.applies_to(tier))
