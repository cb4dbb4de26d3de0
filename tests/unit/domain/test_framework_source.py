"""The ``source`` notes of a cityeval-framework/2 file: where a rule comes from (issue 11 §2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cityeval_desktop.domain.loader import FrameworkError, load_bytes
from cityeval_desktop.domain.text import Text

FIXTURES = Path(__file__).parents[2] / "fixtures"
MINI = (FIXTURES / "mini.yaml").read_text("utf-8")
MINI2 = (FIXTURES / "mini2.yaml").read_text("utf-8")

IND_Y = "      - id: Y\n"
VETO_V2 = "  - {id: V2, title: {zh: 重大事故, en: Major incident}, basis_required: false}"
COND_CLEAN = "veto_not_raised: V1}"
GROUND = "{id: no-secret, title: {zh: 无涉密业务, en: No classified work}}"
PROPOSAL = "{zh: 本框架建议, en: Proposed by this framework}"


def _with(*edits: tuple[str, str]) -> str:
    text = MINI2
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _problems(text: str, lang: str) -> list[str]:
    with pytest.raises(FrameworkError) as info:
        load_bytes(text.encode(), "src.yaml")
    return info.value.render(lang)


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_sources_are_read_on_indicators_vetoes_conditions_and_grounds() -> None:
    fw = load_bytes(
        _with(
            (IND_Y, IND_Y + f"        source: {PROPOSAL}\n"),
            (
                VETO_V2,
                VETO_V2[:-1] + ", source: {zh: 《政府采购法》第二十二条, en: Government Procurement Law art. 22}}",
            ),
            (COND_CLEAN, "veto_not_raised: V1, source: {zh: 财库〔2016〕125号, en: 'Caiku [2016] No. 125'}}"),
            (GROUND, GROUND[:-1] + ", source: {zh: 《保守国家秘密法》, en: State Secrets Law}}"),
        ).encode(),
        "src.yaml",
    )
    assert fw.indicator("Y").source == Text("本框架建议", "Proposed by this framework")
    assert fw.veto("V2").source == Text("《政府采购法》第二十二条", "Government Procurement Law art. 22")
    assert fw.tier("regional").conditions[-1].source == Text("财库〔2016〕125号", "Caiku [2016] No. 125")
    assert fw.indicator("Y").not_applicable.ground("no-secret").source == Text(
        "《保守国家秘密法》", "State Secrets Law"
    )
    # optional: everything else has none
    assert fw.indicator("S").source is None and fw.veto("V1").source is None
    assert fw.tier("regional").conditions[0].source is None
    assert fw.indicator("B").not_applicable.ground("new-firm").source is None


def test_a_plain_string_source_is_refused_at_its_line_in_both_languages() -> None:
    text = _with((IND_Y, IND_Y + "        source: 本框架建议\n"))
    line = _line(text, "source: 本框架建议")
    assert _problems(text, "zh") == [
        f"src.yaml:{line}: dimensions[D1].indicators[Y].source: "
        "应为中英文两种文本 {zh: …, en: …}，实际为 '本框架建议'"
    ]
    assert _problems(text, "en") == [
        f"src.yaml:{line}: dimensions[D1].indicators[Y].source: "
        "expected a text in both languages {zh: ..., en: ...}, got '本框架建议'"
    ]


def test_a_too_long_source_is_refused_with_its_length_and_a_short_message() -> None:
    long = "长" * 100_000
    text = _with((VETO_V2, VETO_V2[:-1] + f", source: {{zh: {long}, en: ok}}}}"))
    line = _line(text, "id: V2")
    (zh,) = _problems(text, "zh")
    (en,) = _problems(text, "en")
    where = f"src.yaml:{line}: vetoes[V2].source.zh"
    assert zh == f"{where}: 文本长度不符合要求（应至多 500 个字符，实际 100000 个字符）"
    assert en == f"{where}: text length out of range (maxLength 500, it has 100000 characters)"


@pytest.mark.parametrize(
    ("edit", "where", "reason"),
    [
        (
            (COND_CLEAN, "veto_not_raised: V1, source: {zh: 本框架建议, en: 3}}"),
            "tiers[regional].conditions[clean].source.en",
            "expected string, got 3",
        ),
        (
            (GROUND, GROUND[:-1] + ", source: {zh: '', en: x}}"),
            "dimensions[D1].indicators[Y].not_applicable.grounds[no-secret].source.zh",
            "text length out of range (minLength 1, it has 0 characters)",
        ),
        (
            (VETO_V2, VETO_V2[:-1] + ", source: [a, b]}"),
            "vetoes[V2].source",
            "expected a text in both languages {zh: ..., en: ...}, got ['a', 'b']",
        ),
        (
            (IND_Y, IND_Y + "        source: {zh: 本框架建议}\n"),
            "dimensions[D1].indicators[Y].source",
            "missing required field: en",
        ),
    ],
)
def test_badly_typed_sources_name_the_field(edit: tuple[str, str], where: str, reason: str) -> None:
    (problem,) = _problems(_with(edit), "en")
    assert problem.endswith(f": {where}: {reason}"), problem
    assert problem.startswith("src.yaml:") and int(problem.split(":")[1]) > 1


def test_a_framework_1_file_has_no_source_field() -> None:
    assert IND_Y in MINI
    text = MINI.replace(IND_Y, IND_Y + f"        source: {PROPOSAL}\n", 1)
    line = _line(text, "source: {zh: 本框架建议")
    assert f"src.yaml:{line - 1}: dimensions[D1].indicators[Y]: unknown field: source" in _problems(text, "en")
