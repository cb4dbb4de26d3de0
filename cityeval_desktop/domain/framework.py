"""Framework model: tiers, grades, caps, dimensions, indicators and vetoes of one file."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

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


@dataclass(frozen=True)
class Tier:
    id: str
    title: Text


@dataclass(frozen=True)
class Grade:
    id: str
    min: Fraction
    stars: int
    title: Text


@dataclass(frozen=True)
class Cap:
    dimension_below: Fraction
    max_grade: str


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

    def dimension(self, dimension_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def tier_indicators(self, tier: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators() if i.applies_to(tier))
