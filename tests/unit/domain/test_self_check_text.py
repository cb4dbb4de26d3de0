"""Plain-language self-check texts: every default indicator and veto has one; the loader checks them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cityeval_desktop.domain.loader import FrameworkError, load_bytes, load_file
from cityeval_desktop.paths import forms_dir

MINI = (Path(__file__).parents[2] / "fixtures" / "mini.yaml").read_text("utf-8")
DEFAULTS = sorted(forms_dir().glob("*.yaml"))
# what an assessor's text has and an operator's must not: standard and document citations, formulas
CITATION = re.compile(r"GB/?T|GB \d|ISO|IEC|〔|No\. ?\d|第[一二三四五六七八九十\d]+条|《|Article \d|\[20\d\d\]")
FORMULA = re.compile(r"[=÷]|\d\s*[×x]\s*\d|\bf\s*=|/\s*\d+\s*$")


def _texts(path: Path):
    fw = load_file(path)
    for ind in fw.indicators():
        yield ind.id, ind.self_check, ind.guidance
    for veto in fw.vetoes:
        yield veto.id, veto.self_check, veto.guidance


@pytest.mark.parametrize("path", DEFAULTS, ids=lambda p: p.stem)
def test_every_default_question_has_plain_wording_in_both_languages(path: Path) -> None:
    for item_id, text, guidance in _texts(path):
        assert text is not None, f"{path.stem} {item_id}: no self_check text"
        assert len(text.zh) >= 30 and len(text.en) >= 60, item_id
        assert text.zh != guidance.zh and text.en != guidance.en, item_id  # written anew, not copied
        for lang, value in (("zh", text.zh), ("en", text.en)):
            assert not CITATION.search(value), f"{item_id} ({lang}) cites: {CITATION.search(value).group()}"
            assert not FORMULA.search(value), f"{item_id} ({lang}) has a formula: {FORMULA.search(value).group()}"
        assert re.search(r"[\u4e00-\u9fff]", text.zh) and not re.search(r"[\u4e00-\u9fff]", text.en), item_id


def test_self_check_text_is_optional_and_loaded_for_indicators_and_vetoes() -> None:
    fw = load_bytes(MINI.encode(), "mini.yaml")
    assert fw.indicator("S").self_check is None and fw.vetoes[0].self_check is None
    text = MINI.replace(
        "        guidance: {zh: 看等级, en: Check the level}\n",
        "        guidance: {zh: 看等级, en: Check the level}\n"
        "        self_check: {zh: 贵单位做到了哪一级？, en: Which level has your organisation reached?}\n",
    ).replace(
        "  - {id: V1, title: {zh: 严重失信, en: Serious dishonesty}}",
        "  - {id: V1, title: {zh: 严重失信, en: Serious dishonesty},"
        " self_check: {zh: 是否在失信名单上？, en: Are you listed?}}",
    )
    fw = load_bytes(text.encode(), "mini.yaml")
    assert fw.indicator("S").self_check.zh == "贵单位做到了哪一级？"
    assert fw.indicator("S").self_check.en == "Which level has your organisation reached?"
    assert fw.vetoes[0].self_check.en == "Are you listed?"


@pytest.mark.parametrize(
    ("self_check", "reason"),
    [
        ("{zh: 只有中文}", "missing required field: en"),
        ("{zh: 中文, en: English, fr: Français}", "fr"),
        ("{zh: '', en: English}", "zh"),
        ("只是一句话", "self_check"),
    ],
)
def test_a_broken_self_check_text_is_refused_at_its_line(self_check: str, reason: str) -> None:
    anchor = "      - id: Y\n        title: {zh: 是否, en: Yes-no}\n"
    text = MINI.replace(anchor, anchor + f"        self_check: {self_check}\n")
    with pytest.raises(FrameworkError) as info:
        load_bytes(text.encode(), "broken.yaml")
    lines = info.value.render("en")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "self_check:" in row)
    assert any(row.startswith(f"broken.yaml:{line}:") and reason in row for row in lines), lines
