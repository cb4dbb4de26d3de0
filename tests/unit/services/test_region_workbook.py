"""``region export-xlsx`` (issue 13 §2.4): the workbook read back with openpyxl says what ``region summary``
and ``region delta`` say: the same figures, untrusted rows marked, filled and left out, self-checks apart,
the per-dimension comparison, native charts, and the filters applied.

The cases come from tests/region_helpers.py (made through the services, finalized straight in the rows).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cityeval_desktop.cli.main import main
from cityeval_desktop.services import region
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.region_workbook import export_region_workbook
from tests.region_helpers import DAY, FUZHOU, XIAMEN, build_world, finalize, make, uscc_in

ZH_SHEETS = ["说明", "主体", "区域×类别", "维度均值", "自评", "自评对比", "图表"]


@pytest.fixture
def world(ctx: Any) -> dict[str, Any]:
    return build_world(ctx)


def _table(ws: Any) -> list[dict[str, Any]]:
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, r, strict=False)) for r in rows[1:] if any(v is not None for v in r)]


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _export(ctx: Any, tmp_path: Path, name: str = "region.xlsx", **kw: Any) -> Any:
    out = tmp_path / name
    export_region_workbook(ctx, out, as_of=DAY, **kw)
    return openpyxl.load_workbook(out)


def test_workbook_figures_are_the_summarys(ctx: Any, world: dict[str, Any], tmp_path: Path) -> None:
    wb = _export(ctx, tmp_path)
    assert wb.sheetnames == ZH_SHEETS
    found = region.summary(ctx, as_of=DAY)
    groups = {(r["区域代码"], r["类别"]): r for r in _table(wb["区域×类别"])}
    assert len(groups) == len(found.groups)
    for g in found.groups:
        row = groups[(g.region, "规划咨询")]
        assert row["主体数"] == g.entities
        assert row["平均分"] == _num(g.mean_total) and row["中位数"] == _num(g.median_total)
        assert isinstance(row["平均分"], int | float)  # a number, not text
        assert row["否决数"] == g.vetoed and row["90 天内到期"] == g.expiring
        assert row["未计入的不受信任结果"] == g.untrusted_left_out
        # self-checks in their own, labelled columns
        assert row["自评数（不计入统计）"] == g.self_checks
        assert row["自评平均分（不计入统计）"] == _num(g.self_mean_total)
        keys = list(row)
        grade_cols = keys[keys.index("主体数") + 1 : keys.index("平均分")]  # the grades high to low, 否决, 无等级
        assert grade_cols[-2:] == ["否决", "无等级"]
        assert sum(row[k] for k in grade_cols) == g.entities
        for grade, n in g.grades.items():
            assert (
                row[
                    next(
                        k
                        for k in grade_cols
                        if k.split(" ")[0] == found.grade_words(g.category, grade, "zh").split(" ")[0]
                    )
                ]
                == n
            )
    dims = _table(wb["维度均值"])
    fuzhou = next(g for g in found.groups if g.region == FUZHOU)
    for d in fuzhou.dimensions:
        [row] = [r for r in dims if r["区域代码"] == FUZHOU and r["维度"] == d.id]
        assert row["区域平均分"] == _num(d.mean) and row["全库平均分"] == _num(d.national)
        assert row["差距"] == _num(d.gap)
        assert (row["短板"] == "短板") == (d in fuzhou.weak)
    # the entity table: every counted and shown-untrusted row, with its dimension scores
    entities = _table(wb["主体"])
    assert [r["案例"] for r in entities] == [e.ref for e in found.entities]
    scores = region.entity_dimension_scores(ctx, [e.case_id for e in found.entities])
    for e, row in zip(found.entities, entities, strict=True):
        assert row["总分"] == _num(e.total) and row["统一社会信用代码"] == e.uscc
        assert row["注册地代码"] == e.registration_region and row["注册地"] == "福建省" + (
            "福州市" if e.registration_region == FUZHOU else "厦门市"
        )
        for dim, value in scores[e.case_id].items():
            header = next(h for h in row if h and h.startswith(f"{dim} "))
            assert row[header] == _num(value)
        assert row["服务级别"] == "城市服务级" and row["类别"] == "规划咨询"


def test_untrusted_rows_are_marked_filled_and_left_out(ctx: Any, world: dict[str, Any], tmp_path: Path) -> None:
    wb = _export(ctx, tmp_path)
    ws = wb["主体"]
    header = [c.value for c in ws[1]]
    ref_col, mark_col, counted_col = header.index("案例"), header.index("标记"), header.index("计入统计")
    for row in ws.iter_rows(min_row=2):
        untrusted = row[ref_col].value == world["refs"]["untrusted"]
        assert (row[mark_col].value == "不受信任（未计入）") == untrusted
        assert row[counted_col].value == ("否" if untrusted else "是")
        fill = row[ref_col].fill.fgColor.rgb
        assert fill.endswith("FCE4D6") == untrusted, (row[ref_col].value, fill)
    fuzhou = next(r for r in _table(wb["区域×类别"]) if r["区域代码"] == FUZHOU)
    found = region.summary(ctx, as_of=DAY)
    g = next(g for g in found.groups if g.region == FUZHOU)
    assert fuzhou["主体数"] == 2 and fuzhou["平均分"] == _num(g.mean_total)  # without the untrusted one
    included = _export(ctx, tmp_path, "all.xlsx", include_untrusted=True)
    assert next(r for r in _table(included["区域×类别"]) if r["区域代码"] == FUZHOU)["主体数"] == 3


def test_self_checks_are_apart(ctx: Any, world: dict[str, Any], tmp_path: Path) -> None:
    wb = _export(ctx, tmp_path)
    selfs = _table(wb["自评"])
    assert [r["案例"] for r in selfs] == [world["refs"]["self_a"]]
    assert world["refs"]["self_a"] not in {r["案例"] for r in _table(wb["主体"])}
    about = {r[0]: r[1] for r in wb["说明"].iter_rows(values_only=True) if r and r[0]}
    assert about["自评（不计入统计）"] == 1 and about["计入的第三方结果"] == 3
    assert about["列出但未计入（不受信任）"] == 1 and about["统计日"].date() == DAY
    assert "自评结果单独列出" in about["计入规则"]


def test_comparison_lines_are_the_deltas_dimensions(ctx: Any, world: dict[str, Any], tmp_path: Path) -> None:
    wb = _export(ctx, tmp_path)
    lines = [r for r in _table(wb["自评对比"]) if r["项目"]]
    [delta] = region.delta(ctx, world["uscc"]["a"], as_of=DAY)
    mine = [r for r in lines if r["统一社会信用代码"] == world["uscc"]["a"]]
    total = mine[0]
    assert total["项目"] == "总分" and total["排序"] == 0
    assert total["自评"] == float(delta.self_total) and total["第三方"] == float(delta.third_total)
    assert total["差（自评 − 第三方）"] == float(delta.self_total - delta.third_total)
    ranked = [x for x in delta.ranked if x.kind == "dimension"]
    got = [(r["项目"], r["自评"], r["第三方"], r["差（自评 − 第三方）"]) for r in mine[1 : 1 + len(ranked)]]
    assert got == [(x.id, _num(x.self_value), _num(x.third_value), _num(x.difference)) for x in ranked]
    assert got[0][3] == max(g[3] for g in got) > 0  # where the entity over-rates itself most first
    assert {r["统一社会信用代码"] for r in lines} == {world["uscc"]["a"]}  # only a has both
    note = [r[0] for r in wb["自评对比"].iter_rows(values_only=True) if r[0] and "region delta" in str(r[0])]
    assert note, "the sheet says it compares dimensions and where the indicators are"


def test_charts_are_native_bar_charts(ctx: Any, world: dict[str, Any], tmp_path: Path) -> None:
    wb = _export(ctx, tmp_path)
    charts = wb["图表"]._charts
    assert len(charts) == 2  # the grade distribution and one category's dimension means
    assert all(c.tagname == "barChart" for c in charts)
    values = list(wb["图表"].iter_rows(values_only=True))
    assert values[0][:2] == ("等级", "规划咨询")


def test_filters_are_applied(ctx: Any, world: dict[str, Any], tmp_path: Path) -> None:
    wb = _export(ctx, tmp_path, region_code=XIAMEN)
    assert [r["案例"] for r in _table(wb["主体"])] == [world["refs"]["c"]]
    assert {r["区域代码"] for r in _table(wb["区域×类别"])} == {XIAMEN}
    assert _table(wb["自评"]) == []  # a's self-check is registered in Fuzhou
    by_service = _export(ctx, tmp_path, "service.xlsx", region_code=XIAMEN, by="service")
    assert {r["案例"] for r in _table(by_service["主体"])} == {world["refs"]["a"], world["refs"]["c"]}
    other = make(ctx, uscc_in(XIAMEN, 9), answers={}, tier="regional")
    finalize(ctx, other, at=datetime(2026, 3, 1, tzinfo=UTC))
    tiered = _export(ctx, tmp_path, "tier.xlsx", tier="regional")
    assert [r["案例"] for r in _table(tiered["主体"])] == [other]
    empty = _export(ctx, tmp_path, "none.xlsx", category="operations-maintenance")
    assert _table(empty["主体"]) == [] and empty["图表"]._charts == []
    about = {r[0]: r[1] for r in empty["说明"].iter_rows(values_only=True) if r and r[0]}
    assert about["类别筛选"] == "运营运维"


def test_english_workbook(ctx: Any, world: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "en.xlsx"
    export_region_workbook(ctx, out, as_of=DAY, lang="en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "About",
        "Entities",
        "Regions",
        "Dimension means",
        "Self-checks",
        "Self vs third-party",
        "Charts",
    ]
    row = next(r for r in _table(wb["Entities"]) if r["Case"] == world["refs"]["untrusted"])
    assert row["Mark"] == "untrusted (not counted)" and row["Category"] == "Planning & consulting"


def test_refuses_a_path_it_cannot_write(ctx: Any, world: dict[str, Any], tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(InputError) as missing:
        export_region_workbook(ctx, tmp_path / "nope" / "x.xlsx", as_of=DAY)
    assert "does not exist" in missing.value.lines("en")[0]
    with pytest.raises(InputError):
        export_region_workbook(ctx, tmp_path, as_of=DAY)  # a folder
    with pytest.raises(InputError):
        export_region_workbook(ctx, Path("/dev/null"), as_of=DAY)
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_cli_export_and_its_errors(
    ctx: Any, world: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", ctx.url, "--data-dir", str(ctx.data_dir)]
    out = tmp_path / "r.xlsx"
    args = ["region", "export-xlsx", str(out), "--as-of", "2026-06-30", "--region", "350100"]
    assert main([*db, "--lang", "en", *args]) == 0
    assert "regional view workbook written" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames[0] == "About"  # the workbook follows --lang
    assert main([*db, "--lang", "en", *args, "--report-lang", "zh"]) == 0
    capsys.readouterr()
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ZH_SHEETS
    assert {r["区域代码"] for r in _table(wb["区域×类别"])} == {FUZHOU}
    assert main([*db, "region", "export-xlsx", str(tmp_path / "no" / "r.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "error:" in err and "不存在" in err
    assert main([*db, "region", "export-xlsx", str(tmp_path / "x.xlsx"), "--region", "12"]) == 1
    assert "区域代码" in capsys.readouterr().err and not (tmp_path / "x.xlsx").exists()
    assert main([*db, "region", "export-xlsx", str(tmp_path / "x.xlsx"), "--category", "nope"]) == 1
    assert main([*db, "region", "export-xlsx", str(tmp_path / "x.xlsx"), "--as-of", "2026-13-01"]) == 1
    capsys.readouterr()


def test_wide_sheets_print_legibly_over_several_pages(ctx: Any, world: dict[str, Any], tmp_path: Path) -> None:
    """A4 landscape; a sheet as wide as the entity table (a column per dimension of every category) is not
    shrunk onto one page of unreadable print: it spans pages, each repeating the header row and the frozen key
    columns (case, entity); a narrow sheet stays one page wide."""
    wb = _export(ctx, tmp_path)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape" and str(setup.paperSize) == "9", ws.title
        width = sum(d.width or 0 for d in ws.column_dimensions.values())
        # ~150 characters of columns per page: never squeezed below ~90 % of the sheet's size
        assert width / (setup.fitToWidth or 1) <= 150, (ws.title, width, setup.fitToWidth)
    entities = wb["主体"]
    assert entities.page_setup.fitToWidth > 1
    assert entities.print_title_rows == "$1:$1" and entities.print_title_cols == "$A:$B"
    assert wb["维度均值"].page_setup.fitToWidth == 1 and wb["维度均值"].print_title_cols is None
