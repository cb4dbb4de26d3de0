"""The delta dialog (issue 13 §2.3): the operator's self-check against the counted third-party result, per
category; its rows are ``services.region.delta``'s ranked lines (the largest over-rating first, marked), a
toggle shows the dimensions only, either case opens read-only, and "nothing to compare" is the service's
message in the user's language."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from cityeval_desktop.services import objections as obj
from cityeval_desktop.services import region
from cityeval_desktop.services.errors import NotFoundError
from cityeval_desktop.ui.dialogs.delta import LINE_ROLE, DeltaModel
from tests.region_helpers import finalize, make
from tests.region_helpers import uscc_in as uscc

AT = datetime(2026, 3, 1, tzinfo=UTC)
SHOTS = Path("/tmp/team/shots")


@pytest.fixture
def world(ctx: Any) -> dict[str, Any]:
    code = uscc("350100", 21)
    refs = {
        "third": make(ctx, code, answers={"P1.1": 6, "P1.2": 3}),
        "self": make(ctx, code, mode="self", answers={"P1.1": 12, "P1.2": 4, "P1.3": 3}),
        "third_b": make(ctx, code, framework="construction-implementation", answers={}),
        "self_b": make(ctx, code, mode="self", framework="construction-implementation", answers={}),
    }
    for ref in refs.values():
        finalize(ctx, ref, at=AT)
    lone = uscc("350100", 22)
    refs["lone"] = make(ctx, lone, answers={"P1.1": 3})
    finalize(ctx, refs["lone"], at=AT)
    return {"uscc": code, "lone": lone, "refs": refs}


def _rows(model: DeltaModel) -> list[region.DeltaLine]:
    return [model.index(r, 0).data(LINE_ROLE) for r in range(model.rowCount())]


def _click_box(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))


def test_the_rows_are_the_services_ranked_lines_with_the_over_rating_marked(open_window, ctx, world, qtbot) -> None:
    window = open_window(ctx, "en", active=True)
    dialog = window.show_delta(world["uscc"])
    assert dialog is not None and dialog.error is None
    expected = region.delta(ctx, world["uscc"])
    assert dialog.tabs.count() == len(expected) == 2
    assert [dialog.tabs.tabText(i) for i in range(2)] == ["Planning && consulting", "Construction && implementation"]
    for panel, delta in zip(dialog.panels, expected, strict=True):
        rows = _rows(panel.model)
        ranked = delta.ranked
        assert rows[: len(ranked)] == ranked
        assert all(x.difference is None for x in rows[len(ranked) :])
        assert panel.self_total.text() == f"{delta.self_total:.2f}"
        assert panel.third_total.text() == f"{delta.third_total:.2f}"
    panel, delta = dialog.panels[0], expected[0]
    top = delta.ranked[0]
    assert top.difference is not None and top.difference > 0  # the self-check rates itself higher
    shown = panel.model.index(0, DeltaModel.COL_DIFFERENCE).data()
    assert shown == f"▲ +{top.difference:.2f}"
    assert panel.model.index(0, DeltaModel.COL_TITLE).data() == top.title.en
    assert panel.total_difference.text().startswith("▲ +")  # 14 − 10 here: over-rated in total too

    _click_box(panel.dimensions_only)
    assert panel.dimensions_only.isChecked()
    rows = _rows(panel.model)
    assert rows and all(x.kind == "dimension" for x in rows)
    assert rows[: len([x for x in delta.ranked if x.kind == "dimension"])] == [
        x for x in delta.ranked if x.kind == "dimension"
    ]

    QTest.mouseClick(panel.open_third_button, Qt.MouseButton.LeftButton)
    assert window.workspace.ref == delta.third_ref and window.workspace.read_only
    QTest.mouseClick(panel.open_self_button, Qt.MouseButton.LeftButton)
    assert window.workspace.ref == delta.self_ref and window.workspace.read_only


def test_one_category_when_asked(open_window, ctx, world) -> None:
    window = open_window(ctx, "en")
    dialog = window.show_delta(world["uscc"], "construction-implementation")
    assert dialog is not None and dialog.tabs.count() == 1
    (delta,) = region.delta(ctx, world["uscc"], category="construction-implementation")
    assert _rows(dialog.panels[0].model)[: len(delta.ranked)] == delta.ranked


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_nothing_to_compare_is_the_services_message_in_the_users_language(open_window, ctx, world, lang) -> None:
    window = open_window(ctx, lang)
    dialog = window.show_delta(world["lone"])  # a third-party result, no self-check
    assert dialog is not None and isinstance(dialog.error, NotFoundError)
    with pytest.raises(NotFoundError) as refused:
        region.delta(ctx, world["lone"])
    (problem,) = refused.value.problems
    said = problem.message.get(lang)
    assert dialog.message.text().lower() == said.lower() and dialog.message.isVisible()
    assert not dialog.tabs.isVisible() and dialog.panels == []
    if lang == "zh":
        assert "没有同时具备" in dialog.message.text()


def test_a_withdrawn_result_leaves_nothing_to_compare(open_window, ctx, world) -> None:
    made = obj.add_objection(ctx, world["refs"]["third_b"], "理由")
    obj.decide_objection(ctx, made.number, upheld=True, reason="成立")
    window = open_window(ctx, "en")
    dialog = window.show_delta(world["uscc"])
    assert dialog is not None and dialog.tabs.count() == 1 == len(region.delta(ctx, world["uscc"]))
    assert dialog.panels[0].delta.category == "planning-consulting"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots(open_window, ctx, world, lang) -> None:
    window = open_window(ctx, lang)
    dialog = window.show_delta(world["uscc"])
    assert dialog is not None
    dialog.resize(1000, 640)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"delta-{lang}.png"))
    none = window.show_delta(world["lone"])
    assert none is not None
    none.grab().save(str(SHOTS / f"delta-none-{lang}.png"))
