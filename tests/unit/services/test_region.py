"""The regional view (issue 13): what counts, region × category figures, 短板, and the self-check delta.

The cases come from tests/region_helpers.py (made through the services, finalized straight in the rows).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from cityeval_desktop.cli.main import main
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import region
from tests.region_helpers import (
    DAY,
    FUZHOU,
    UNKNOWN,
    XIAMEN,
    build_world,
    dims_of,
    finalize,
    make,
    q,
    total_of,
    untrusted,
    uscc_in,
)


@pytest.fixture
def world(ctx: Any) -> dict[str, Any]:
    return build_world(ctx)


def _group(found: region.Summary, code: str, category: str = "planning-consulting") -> region.Group:
    return next(g for g in found.groups if g.region == code and g.category == category)


def test_counts_latest_valid_trusted_finalized_third_party_results(ctx: Any, world: dict[str, Any]) -> None:
    refs = world["refs"]
    found = region.summary(ctx, as_of=DAY)
    counted = {e.ref for e in found.entities if e.counted}
    assert counted == {refs["a"], refs["b"], refs["c"]}  # no draft, expired, older revision or self-check
    shown_untrusted = [e for e in found.entities if not e.counted]
    assert [e.ref for e in shown_untrusted] == [refs["untrusted"]] and not shown_untrusted[0].trusted
    fuzhou = _group(found, FUZHOU)
    assert fuzhou.entities == 2 and fuzhou.untrusted_left_out == 1
    totals = [total_of(ctx, refs["a"]), total_of(ctx, refs["b"])]
    assert fuzhou.mean_total == q(Fraction(sum(totals)) / 2)
    assert fuzhou.median_total == q(Fraction(sum(totals)) / 2)
    assert fuzhou.self_checks == 1 and fuzhou.self_mean_total == total_of(ctx, refs["self_a"])
    assert sum(fuzhou.grades.values()) == 2


def test_expired_counts_on_a_day_it_was_valid(ctx: Any, world: dict[str, Any]) -> None:
    found = region.summary(ctx, as_of=date(2026, 5, 1))
    assert world["refs"]["expired"] in {e.ref for e in found.entities if e.counted}
    assert _group(found, FUZHOU).expiring == 1  # valid until 2026-05-31, within 90 days


def test_untrusted_counted_when_included(ctx: Any, world: dict[str, Any]) -> None:
    found = region.summary(ctx, as_of=DAY, include_untrusted=True)
    assert world["refs"]["untrusted"] in {e.ref for e in found.entities if e.counted}
    assert _group(found, FUZHOU).entities == 3


def test_withdrawn_revisions_leave_the_view(ctx: Any, world: dict[str, Any]) -> None:
    with ctx.reading() as s:
        case_id = case_service.find_case(s, world["refs"]["b"]).id
    found = region.summary(ctx, as_of=DAY, withdrawn=frozenset({case_id}))
    # the withdrawn revision is out, and b's older result it superseded does not come back
    shown = {e.ref for e in found.entities}
    assert world["refs"]["b"] not in shown and world["refs"]["b_old"] not in shown
    assert _group(found, FUZHOU).entities == 1
    later = make(ctx, world["uscc"]["b"], answers={"P1.1": 6})  # an amended result arrives
    finalize(ctx, later, at=datetime(2026, 5, 1, tzinfo=UTC))
    found = region.summary(ctx, as_of=DAY, withdrawn=frozenset({case_id}))
    assert later in {e.ref for e in found.entities if e.counted}


def test_an_upheld_objection_takes_the_result_out_and_a_dismissed_one_does_not(ctx: Any, world: dict[str, Any]) -> None:
    from cityeval_desktop.services import objections

    refs = world["refs"]
    dismissed = objections.add_objection(ctx, refs["a"], "合同金额与证据不符", by="公众")
    objections.decide_objection(ctx, dismissed.number, upheld=False, reason="经核查证据属实")
    assert refs["a"] in {e.ref for e in region.summary(ctx, as_of=DAY).entities if e.counted}
    upheld = objections.add_objection(ctx, refs["a"], "项目并非该主体承担", by="公众")
    objections.review_objection(ctx, upheld.number)
    objections.decide_objection(ctx, upheld.number, upheld=True, reason="经核查异议成立")
    found = region.summary(ctx, as_of=DAY)  # the commands' default: the withdrawn set from the objections
    assert refs["a"] not in {e.ref for e in found.entities if e.counted}
    assert refs["b"] in {e.ref for e in found.entities if e.counted}
    # the view says a result was withdrawn where a's would count (registered in Fuzhou, serves Xiamen), only there
    assert [g.withdrawn for g in found.groups] == [1 if g is _group(found, FUZHOU) else 0 for g in found.groups]
    assert _group(region.summary(ctx, as_of=DAY, by="service"), XIAMEN).withdrawn == 1
    assert not [g for g in region.summary(ctx, as_of=DAY, region=XIAMEN).groups if g.withdrawn]


def test_registration_versus_service_region(ctx: Any, world: dict[str, Any]) -> None:
    refs = world["refs"]
    by_service = region.summary(ctx, as_of=DAY, by="service")
    assert _group(by_service, XIAMEN).entities == 2  # a serves Xiamen, c is registered and serves there
    assert _group(by_service, FUZHOU).entities == 1
    only = region.summary(ctx, as_of=DAY, by="service", region="350200")
    assert {e.ref for e in only.entities} == {refs["a"], refs["c"]}
    province = region.summary(ctx, as_of=DAY, region="350000")
    assert {e.ref for e in province.entities if e.counted} == {refs["a"], refs["b"], refs["c"]}


def test_dimension_means_and_weak_dimensions(ctx: Any, world: dict[str, Any]) -> None:
    refs = world["refs"]
    found = region.summary(ctx, as_of=DAY)
    fuzhou = _group(found, FUZHOU)
    da, db, dc = dims_of(ctx, refs["a"]), dims_of(ctx, refs["b"]), dims_of(ctx, refs["c"])
    d1 = next(d for d in fuzhou.dimensions if d.id == "D1")
    assert d1.mean == q(Fraction(da["D1"] + db["D1"]) / 2)
    assert d1.national == q(Fraction(da["D1"] + db["D1"] + dc["D1"]) / 3)
    assert [d.id for d in fuzhou.weak] == ["D1"]  # c scores higher on D1; the other dimensions are equal
    assert _group(found, XIAMEN).weak == []


def test_mean_and_median_are_exact() -> None:
    assert region.mean_of([1, 2]) == Decimal("0.02")  # 0.015 half-up
    assert region.median_of([100, 300, 200, 9999]) == Decimal("2.50")
    assert region.median_of([5]) == Decimal("0.05")
    assert region.mean_of([]) is None


def test_bad_filters_are_refused(ctx: Any) -> None:
    with pytest.raises(region.InputError):
        region.summary(ctx, region="35")
    with pytest.raises(region.InputError):
        region.summary(ctx, category="nope")


def test_delta_ranks_where_the_entity_over_rates_itself(ctx: Any, world: dict[str, Any]) -> None:
    [found] = region.delta(ctx, world["uscc"]["a"], as_of=DAY)
    assert found.self_ref == world["refs"]["self_a"] and found.third_ref == world["refs"]["a"]
    ranked = found.ranked
    assert ranked[0].difference == max(x.difference for x in ranked) and ranked[0].difference > 0
    p12 = next(x for x in found.indicators if x.id == "P1.2")
    assert p12.self_value > p12.third_value
    with pytest.raises(region.NotFoundError):
        region.delta(ctx, world["uscc"]["b"], as_of=DAY)  # no self-check


def test_cli_summary_and_delta(ctx: Any, world: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    import json

    db = ["--db", ctx.url, "--data-dir", str(ctx.data_dir)]
    assert main([*db, "--lang", "en", "region", "summary", "--as-of", "2026-06-30"]) == 0
    text = capsys.readouterr().out
    assert "Weak dimensions" in text and "350100" in text and "untrusted (not counted)" in text
    assert main([*db, "region", "summary", "--json", "--as-of", "2026-06-30", "--by", "service"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {g["region"] for g in data["groups"]} == {FUZHOU, XIAMEN}
    assert main([*db, "--lang", "zh", "region", "summary", "--as-of", "2026-06-30"]) == 0
    assert "短板" in capsys.readouterr().out
    assert main([*db, "region", "delta", world["uscc"]["a"], "--json", "--as-of", "2026-06-30"]) == 0
    [delta] = json.loads(capsys.readouterr().out)
    assert delta["ranked"][0]["difference"] > 0
    assert main([*db, "--lang", "en", "region", "delta", world["uscc"]["a"], "--as-of", "2026-06-30"]) == 0
    assert "over-rates" in capsys.readouterr().out
    assert main([*db, "region", "summary", "--region", "12"]) == 1
    assert "error:" in capsys.readouterr().err


def test_a_newer_untrusted_result_is_shown_and_the_latest_trusted_one_counts(ctx: Any) -> None:
    e = uscc_in(FUZHOU, 7)
    older = make(ctx, e, answers={"P1.1": 3})
    newer = make(ctx, e, answers={"P1.1": 12, "P1.2": 4})
    finalize(ctx, older, at=datetime(2026, 1, 10, tzinfo=UTC))
    finalize(ctx, newer, at=datetime(2026, 4, 10, tzinfo=UTC))
    untrusted(ctx, newer)
    found = region.summary(ctx, as_of=DAY)
    assert [(x.ref, x.counted, x.trusted) for x in found.entities] == [(older, True, True), (newer, False, False)]
    group = _group(found, FUZHOU)
    assert group.entities == 1 and group.mean_total == total_of(ctx, older) and group.untrusted_left_out == 1
    included = region.summary(ctx, as_of=DAY, include_untrusted=True)
    assert [(x.ref, x.counted) for x in included.entities] == [(newer, True)]
    assert _group(included, FUZHOU).mean_total == total_of(ctx, newer)


def test_drafts_never_count_and_amended_revisions_supersede(ctx: Any) -> None:
    e = uscc_in(XIAMEN, 8)
    first = make(ctx, e, answers={"P1.1": 3})
    finalize(ctx, first, at=datetime(2026, 2, 1, tzinfo=UTC))
    second = case_service.amend(ctx, first, "补充材料").ref
    case_service.set_answer(ctx, second, "P1.1", value=12)
    assert [x.ref for x in region.summary(ctx, as_of=DAY).entities] == [first]  # the amendment is a draft
    finalize(ctx, second, at=datetime(2026, 3, 1, tzinfo=UTC))
    found = region.summary(ctx, as_of=DAY)
    assert [x.ref for x in found.entities] == [second]
    assert found.entities[0].total == total_of(ctx, second)


def test_tier_and_category_filters(ctx: Any, world: dict[str, Any]) -> None:
    other = make(ctx, uscc_in(XIAMEN, 9), answers={}, tier="regional")
    finalize(ctx, other, at=datetime(2026, 3, 1, tzinfo=UTC))
    regional = region.summary(ctx, as_of=DAY, tier="regional")
    assert [e.ref for e in regional.entities] == [other]
    assert region.summary(ctx, as_of=DAY, category="operations-maintenance").entities == []
    assert len(region.summary(ctx, as_of=DAY, category="planning-consulting").entities) == 5


def test_cli_json_shape(ctx: Any, world: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    import json

    db = ["--db", ctx.url, "--data-dir", str(ctx.data_dir)]
    assert main([*db, "region", "summary", "--json", "--as-of", "2026-06-30", "--region", "350100"]) == 0
    data = json.loads(capsys.readouterr().out)
    [group] = data["groups"]
    assert group["region"] == FUZHOU and group["region_name"] == "福建省福州市" and group["entities"] == 2
    assert group["mean_total"] == float(_group(region.summary(ctx, as_of=DAY), FUZHOU).mean_total)
    assert group["weak"] == ["D1"] and group["self_check"]["entities"] == 1
    marked = [e for e in data["entities"] if not e["counted"]]
    assert [(e["case"], e["trusted"]) for e in marked] == [(world["refs"]["untrusted"], False)]
    assert main([*db, "region", "summary", "--json", "--as-of", "2026-06-30", "--include-untrusted"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert all(e["counted"] for e in data["entities"]) and len(data["entities"]) == 4


def test_cli_json_is_what_the_json_encoder_writes(ctx: Any, world: dict[str, Any], capsys: Any) -> None:
    """The entity rows of ``region summary --json`` are formatted directly (not through the encoder): the
    document must be byte for byte what ``json.dumps(..., ensure_ascii=False)`` writes for its content,
    also for names with quotes, backslashes, control characters and characters outside the BMP."""
    import json

    from cityeval_desktop.cli.region_commands import _entity_json

    db = ["--db", ctx.url, "--data-dir", str(ctx.data_dir)]
    for extra in ([], ["--include-untrusted"], ["--by", "service", "--region", "350000"], ["--lang", "en"]):
        assert main([*db, "region", "summary", "--json", "--as-of", "2026-06-30", *extra]) == 0
        text = capsys.readouterr().out
        data = json.loads(text)
        assert data["entities"] and text == json.dumps(data, ensure_ascii=False) + "\n"
    [row] = [e for e in region.summary(ctx, as_of=DAY).entities if not e.counted]
    at = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    for name, grade, total, until in (
        ('引号"\\反斜杠\n换行\x1b[31m\u202e😀\x7f', None, None, None),
        ("x", "AA", Decimal("85.2"), date(2027, 1, 31)),
        ("y", "C", Decimal("0"), None),
    ):
        hostile = row._replace(entity_name=name, assessor_org=name, grade=grade, total=total, finalized_at=at)
        hostile = hostile._replace(valid_until=until, vetoed=True, trusted=False, counted=True)
        expected = {
            "case": hostile.ref,
            "entity": name,
            "uscc": hostile.uscc,
            "registration_region": hostile.registration_region,
            "service_region": hostile.service_region,
            "category": hostile.category,
            "tier": hostile.tier,
            "grade": grade,
            "total": None if total is None else float(total),
            "vetoed": True,
            "assessor": name,
            "assessor_org": name,
            "finalized_at": at.isoformat(),
            "valid_until": None if until is None else until.isoformat(),
            "trusted": False,
            "counted": True,
        }
        assert _entity_json(hostile) == json.dumps(expected, ensure_ascii=False)


def test_an_unknown_region_code_is_shown_as_a_code_with_a_warning(ctx: Any, capsys: pytest.CaptureFixture[str]) -> None:
    ref = make(ctx, uscc_in(UNKNOWN, 10), answers={"P1.1": 3})
    finalize(ctx, ref, at=datetime(2026, 3, 1, tzinfo=UTC))
    found = region.summary(ctx, as_of=DAY)
    assert [g.region for g in found.groups] == [UNKNOWN] and found.groups[0].region_name is None
    assert [w.en for w in found.warnings] == [
        f"region code {UNKNOWN} is not in the GB/T 2260 list of region codes; please check it"
    ]
    db = ["--db", ctx.url, "--data-dir", str(ctx.data_dir)]
    assert main([*db, "--lang", "en", "region", "summary", "--as-of", "2026-06-30"]) == 0
    captured = capsys.readouterr()
    assert f"warning: region code {UNKNOWN} is not in the GB/T 2260" in captured.err and UNKNOWN in captured.out


def test_vetoed_results_are_counted_apart_from_the_grades(ctx: Any, capsys: pytest.CaptureFixture[str]) -> None:
    ref = make(ctx, uscc_in(XIAMEN, 11), answers={"P1.1": 12})
    case_service.set_veto(ctx, ref, "V1", True)
    finalize(ctx, ref, at=datetime(2026, 3, 1, tzinfo=UTC))
    found = region.summary(ctx, as_of=DAY)
    [group] = found.groups
    assert group.vetoed == 1 and group.grades == {"vetoed": 1} and found.entities[0].vetoed
    db = ["--db", ctx.url, "--data-dir", str(ctx.data_dir)]
    assert main([*db, "region", "summary", "--as-of", "2026-13-01"]) == 1
    assert "--as-of" in capsys.readouterr().err


def test_entity_dimension_scores_are_the_cases_own_dimension_scores(ctx: Any, world: dict[str, Any]) -> None:
    refs = world["refs"]
    found = region.summary(ctx, as_of=DAY)
    scores = region.entity_dimension_scores(ctx, [e.case_id for e in found.entities])
    assert set(scores) == {e.case_id for e in found.entities}
    for e in found.entities:
        assert scores[e.case_id] == dims_of(ctx, e.ref), e.ref
    assert scores[next(e.case_id for e in found.entities if e.ref == refs["c"])]  # not empty
    assert region.entity_dimension_scores(ctx, []) == {}


def test_self_check_rows_are_the_self_checks_the_groups_count_beside(ctx: Any, world: dict[str, Any]) -> None:
    found = region.summary(ctx, as_of=DAY)
    rows = region.self_check_rows(ctx, as_of=DAY)
    assert [r.ref for r in rows] == [world["refs"]["self_a"]]
    assert not rows[0].counted  # shown beside, never in the statistics
    assert len(rows) == sum(g.self_checks for g in found.groups)
    assert region.self_check_rows(ctx, as_of=DAY, region=XIAMEN) == []
    assert region.self_check_rows(ctx, as_of=DAY, category="operations-maintenance") == []


def test_a_summary_narrowed_to_a_category_is_the_summary_asked_for_it(ctx: Any, world: dict[str, Any]) -> None:
    make(ctx, uscc_in(XIAMEN, 8), answers={}, framework="operations-maintenance")
    finalize(
        ctx,
        make(ctx, uscc_in(UNKNOWN, 9), answers={}, framework="operations-maintenance"),
        at=datetime(2026, 3, 1, tzinfo=UTC),
    )
    everything = region.summary(ctx, as_of=DAY)
    assert {g.category for g in everything.groups} >= {"planning-consulting", "operations-maintenance"}
    for category in ("planning-consulting", "construction-implementation", "operations-maintenance"):
        asked = region.summary(ctx, as_of=DAY, category=category)
        narrowed = region.for_category(everything, category)
        assert narrowed.groups == asked.groups, category
        assert narrowed.entities == asked.entities, category
        assert [w.en for w in narrowed.warnings] == [w.en for w in asked.warnings], category
    assert region.for_category(everything, None) is everything


def test_assessor_is_the_lead_assessors_organisation_everywhere(
    ctx: Any, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """The view's, the JSON's, the workbook's and the disclosure's assessor is the organisation of the lead
    assessor (one resolution, region.assessor_organisation), never the person recorded on the case; a revision
    without a team shows none."""
    import json

    import openpyxl

    from cityeval_desktop.services import disclosure
    from cityeval_desktop.services.region_workbook import export_region_workbook

    at = datetime(2026, 3, 1, tzinfo=UTC)
    org, person = "福建数字评估中心", "欧阳评估员"
    led = make(ctx, uscc_in(FUZHOU, 11), answers={"P1.1": 6}, assessor=person, lead=("林组长", org))
    bare = make(ctx, uscc_in(FUZHOU, 12), answers={"P1.1": 3}, assessor=person)
    for ref in (led, bare):
        finalize(ctx, ref, at=at)
    found = {e.ref: e for e in region.summary(ctx, as_of=DAY).entities}
    assert found[led].assessor_org == org and found[bare].assessor_org == ""

    db = ["--db", ctx.url, "--data-dir", str(ctx.data_dir)]
    assert main([*db, "region", "summary", "--json", "--as-of", "2026-06-30"]) == 0
    out = capsys.readouterr().out
    rows = {e["case"]: e for e in json.loads(out)["entities"]}
    assert rows[led]["assessor_org"] == org and rows[led]["assessor"] == org  # the old key kept, now the org
    assert rows[bare]["assessor_org"] == "" and person not in out

    book = tmp_path / "region.xlsx"
    export_region_workbook(ctx, book, as_of=DAY, lang="en")
    sheet = openpyxl.load_workbook(book)["Entities"]
    header, *lines = list(sheet.iter_rows(values_only=True))
    column = header.index("Assessor organisation")
    cells = {line[0]: line[column] for line in lines if line[0]}
    assert cells[led] == org and cells[bare] in (None, "")
    assert all(person not in str(v) for line in lines for v in line)

    public = {r.uscc: r.assessor for r in disclosure.build(ctx, as_of=DAY).rows}
    assert public == {uscc_in(FUZHOU, 11): org, uscc_in(FUZHOU, 12): ""}


def test_grades_and_tiers_are_named_by_their_title_not_their_internal_id(
    ctx: Any, world: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """The default frameworks' grade ids (``excellent``, ``fail``) are internal: the summary, its text output
    and the workbook's words name a grade by its title (``优秀``) as the case list and the notice do; a letter
    grade keeps its letters (``AA 良好``); a tier is named by its title too (``城市服务级``), the USCC column
    by its Chinese name."""
    import re

    from cityeval_desktop.domain import result_text
    from cityeval_desktop.domain.text import Text

    found = region.summary(ctx, as_of=DAY)
    ids = {k for g in found.groups for k in g.grades} - {"vetoed", "none"}
    assert ids and ids <= {"excellent", "good", "fair", "pass", "fail"}
    for grade in ids:
        words = found.grade_words("planning-consulting", grade, "zh")
        assert words == found.grade_titles[("planning-consulting", grade)].zh and grade not in words
    db = ["--db", ctx.url, "--data-dir", str(ctx.data_dir)]
    for lang in ("zh", "en"):
        assert main([*db, "--lang", lang, "region", "summary", "--as-of", "2026-06-30"]) == 0
        text = capsys.readouterr().out
        shown = set(re.findall(r"\b(excellent|good|fair|pass|fail)\b", text))
        assert not shown, f"{lang}: internal grade ids {shown} in\n{text}"
        assert any(found.grade_titles[("planning-consulting", g)].get(lang) in text for g in ids)
        # the tiers too: 城市服务级 / City service, never the id ``city``
        assert not re.findall(r"\b(city|regional|enterprise)\b", text), text
        assert found.tier_words("planning-consulting", "city", lang) in text
        assert lang == "en" or "USCC" not in text  # 统一社会信用代码
    assert result_text.grade_id_words("AA", Text("良好", "Good")) == Text("AA 良好", "AA Good")
    assert result_text.grade_id_words("good", Text("良好", "Good")) == Text("良好", "Good")
