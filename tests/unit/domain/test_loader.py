"""Framework files: the defaults load; broken copies are rejected with located messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from cityeval_desktop.domain.loader import FrameworkError, load_bytes, load_file
from cityeval_desktop.paths import forms_dir

MINI = (Path(__file__).parents[2] / "fixtures" / "mini.yaml").read_text("utf-8")
DEFAULTS = sorted(forms_dir().glob("*.yaml"))


def broken(old: str, new: str, count: int = 1) -> list[str]:
    assert old in MINI, old
    with pytest.raises(FrameworkError) as info:
        load_bytes(MINI.replace(old, new, count).encode(), "broken.yaml")
    return info.value.render("en")


def line_of(text: str, needle: str, nth: int = 1) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return lines[nth - 1]


def test_three_default_frameworks_ship() -> None:
    assert [p.stem for p in DEFAULTS] == [
        "construction-implementation",
        "operations-maintenance",
        "planning-consulting",
    ]


@pytest.mark.parametrize("path", DEFAULTS, ids=lambda p: p.stem)
def test_default_framework_is_complete(path: Path) -> None:
    fw = load_file(path)
    assert fw.id == fw.category == path.stem
    assert [t.id for t in fw.tiers] == ["regional", "city", "enterprise"]
    # 2026.2: public words instead of letter grades, and the credit dimension capped harder than the others
    assert [g.id for g in fw.grades] == ["excellent", "good", "fair", "pass", "fail"]
    assert [g.title.zh for g in fw.grades] == ["优秀", "良好", "较好", "合格", "未通过"]
    assert [(c.dimension, c.max_grade) for c in fw.caps] == [("D5", "pass"), (None, "fair")]
    assert [d.id for d in fw.dimensions] == ["D1", "D2", "D3", "D4", "D5"]
    vetoes = [v.id for v in fw.vetoes]
    assert vetoes[:5] == ["V1", "V2", "V3", "V4", "V5"]
    for ind in fw.indicators():
        assert ind.title.zh and ind.title.en
        assert ind.guidance and len(ind.guidance.zh) >= 20 and len(ind.guidance.en) >= 40, ind.id
        assert ind.improve and ind.improve.zh and ind.improve.en, ind.id
        assert ind.evidence_kinds, ind.id
    for v in fw.vetoes:
        assert v.guidance and v.guidance.zh and v.guidance.en


def test_mini_loads_with_sha256() -> None:
    fw = load_bytes(MINI.encode(), "mini.yaml")
    assert len(fw.sha256) == 64 and fw.key == "mini@1"
    assert [i.id for i in fw.indicators()] == ["S", "Y", "C", "T", "B", "R", "P", "X"]


def test_weights_not_summing_to_100() -> None:
    msgs = broken("weight: 40", "weight: 45")
    assert any("dimension weights must sum to 100, they sum to 105" in m for m in msgs)
    assert any("not to the dimension weight 45" in m for m in msgs)


def test_points_not_summing_to_weight_is_located() -> None:
    msgs = broken("points: 30", "points: 25")
    assert msgs == [
        f"broken.yaml:{line_of(MINI, 'weight: 60')}: dimensions[D1].weight: "
        "indicator points of D1 sum to 55, not to the dimension weight 60"
    ]


def test_duplicate_indicator_id_is_located() -> None:
    msgs = broken("id: R\n", "id: B\n")
    assert msgs == [
        f"broken.yaml:{line_of(MINI, 'id: R')}: dimensions[D2].indicators[B].id: "
        f"duplicate indicator id 'B' (first defined on line {line_of(MINI, '- id: B')})"
    ]


def test_unknown_tier() -> None:
    msgs = broken("tiers: [regional, city]", "tiers: [regional, town]")
    assert any("indicators[X].tiers[1]: unknown tier 'town'" in m for m in msgs)


def test_threshold_missing_for_a_tier() -> None:
    msgs = broken("thresholds: {regional: 12, city: 6, enterprise: 4}", "thresholds: {regional: 12, city: 6}")
    assert any("indicators[T].method.thresholds: no threshold for tier 'enterprise'" in m for m in msgs)


def test_bands_out_of_order() -> None:
    msgs = broken("[[6, 1.0], [4, 0.7], [2, 0.4]]", "[[4, 1.0], [6, 0.7], [2, 0.4]]")
    assert any("indicators[B].method.bands[1]: bands must go from high to low" in m for m in msgs)
    msgs = broken("[[6, 1.0], [4, 0.7], [2, 0.4]]", "[[6, 0.5], [4, 0.7], [2, 0.4]]")
    assert any("cannot score more than the band above" in m for m in msgs)


def test_grades_out_of_order_and_unknown_cap_grade() -> None:
    msgs = broken("{id: AA, min: 80", "{id: AA, min: 95")
    assert any("grades[AA].min: grades must go from high to low" in m for m in msgs)
    msgs = broken("max_grade: A}", "max_grade: Z}")
    assert any("caps[0].max_grade: unknown grade 'Z'" in m for m in msgs)


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("points: 30", "points: thirty", "indicators[T].points: expected number, got 'thirty'"),
        ("type: yes_no", "type: yesno", "method.type: value 'yesno' is not allowed"),
        ("schema: cityeval-framework/1", "schema: cityeval-framework/9", "schema: value"),
        ("      - id: Y\n", "      - id: Y\n        colour: red\n", "indicators[Y]: unknown field: colour"),
        ("title: {zh: 是否, en: Yes-no}", "title: {zh: 是否}", "indicators[Y].title: missing required field: en"),
        ("method: {type: ratio, target: 60", "method: {type: ratio, targte: 60", "indicators[R].method: "),
    ],
)
def test_schema_problems_are_located(old: str, new: str, expected: str) -> None:
    msgs = broken(old, new)
    assert any(expected in m for m in msgs), msgs
    assert all(m.startswith("broken.yaml:") for m in msgs)


def test_yaml_syntax_error_has_a_line() -> None:
    msgs = broken("      - id: Y\n", "      - id: Y\n    : [\n")
    assert msgs[0].startswith(f"broken.yaml:{line_of(MINI, 'id: Y') + 1}: YAML syntax error")


def test_hostile_yaml_is_refused() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    with pytest.raises(FrameworkError) as info:
        load_bytes(bomb.encode(), "bomb.yaml")
    assert "anchors and aliases" in info.value.render("en")[0]
    with pytest.raises(FrameworkError) as info:
        load_bytes(b"!!python/object/apply:os.system ['true']", "evil.yaml")
    assert "python/object/apply" in info.value.render("en")[0]
    with pytest.raises(FrameworkError) as info:
        load_bytes(b"a: !!python/name:os.system x\n", "evil2.yaml")
    assert "YAML" in info.value.render("en")[0]
    with pytest.raises(FrameworkError):
        load_bytes(b"\xff\xfe not utf8", "bin.yaml")
    with pytest.raises(FrameworkError):
        load_bytes(b"", "empty.yaml")
    with pytest.raises(FrameworkError):
        load_bytes(b"- just\n- a list\n", "list.yaml")


def test_duplicate_yaml_key_is_reported() -> None:
    msgs = broken("        points: 30\n", "        points: 30\n        points: 31\n")
    assert any("duplicate key" in m for m in msgs)


def test_messages_exist_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(MINI.replace("weight: 40", "weight: 45"), "utf-8")
    with pytest.raises(FrameworkError) as info:
        load_file(path)
    assert any("维度权重之和应为 100" in m for m in info.value.render("zh"))


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError) as info:
        load_file(tmp_path / "missing.yaml")
    assert "file does not exist" in info.value.render("en")[0]
    with pytest.raises(FrameworkError):
        load_file(tmp_path)


def test_load_words_reads_the_titles_a_full_load_builds() -> None:
    """The regional view names dimensions, grades and tiers from ``load_words`` (no checks): the same titles
    as the checked load of the same text, for every bundled framework."""
    from cityeval_desktop.domain.loader import load_words

    files = sorted(forms_dir().glob("*.yaml"))
    assert files
    for path in files:
        raw = path.read_bytes()
        full, words = load_bytes(raw, path.name), load_words(raw, path.name)
        assert words.dimensions == tuple((d.id, d.title) for d in full.dimensions)
        assert words.grades == tuple((g.id, g.title) for g in full.grades)
        assert words.tiers == tuple((t.id, t.title) for t in full.tiers)


@pytest.mark.parametrize("raw", [b"", b"id: x\n", b"dimensions: [1, 2]\n", b"\xff\xfe", b"a: [unclosed\n"])
def test_load_words_of_a_text_without_titles_is_a_framework_error(raw: bytes) -> None:
    from cityeval_desktop.domain.loader import load_words

    with pytest.raises(FrameworkError):
        load_words(raw, "broken.yaml")
