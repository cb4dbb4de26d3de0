"""The regional view page (issue 13 §2.2) driven through the real window: Ctrl+7, the keyboard in the
filters, typing in the search and region boxes, a click on a region row, Enter on an entity; what it
shows is checked against ``services.region`` (the one place that decides what counts)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cityeval_desktop.domain import days
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import region
from cityeval_desktop.ui.main_window import NAV_REGION, MainWindow
from cityeval_desktop.ui.pages.region_models import EntityTableModel, GroupStatsModel
from cityeval_desktop.ui.pages.region_page import RegionPage
from cityeval_desktop.ui.widgets.charts import score_color
from tests.region_helpers import finalize, make, untrusted, uscc_in

FUZHOU, XIAMEN = "350100", "350200"
AT = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture
def world(ctx: Any) -> dict[str, str]:
    """Two counted results in Fuzhou and one in Xiamen, an untrusted one in Fuzhou, a self-check of a."""
    a, b, c, d = uscc_in(FUZHOU, 1), uscc_in(FUZHOU, 2), uscc_in(XIAMEN, 3), uscc_in(FUZHOU, 4)
    refs = {
        "a": make(ctx, a, answers={"P1.1": 6, "P1.2": 3}, service=XIAMEN),
        "b": make(ctx, b, answers={"P1.1": 3}),
        "c": make(ctx, c, answers={"P1.1": 9, "P1.2": 4, "P1.3": 2}),
        "untrusted": make(ctx, d, answers={"P1.1": 12}),
        "self_a": make(ctx, a, mode="self", answers={"P1.1": 12, "P1.2": 4}),
        "ops": make(ctx, uscc_in(XIAMEN, 5), answers={}, framework="operations-maintenance"),
        "draft": make(ctx, uscc_in(FUZHOU, 6), answers={"P1.1": 9}),
    }
    for key in ("a", "b", "c", "untrusted", "self_a", "ops"):
        finalize(ctx, refs[key], at=AT, valid=(date(2026, 1, 1), date(2099, 12, 31)))
    untrusted(ctx, refs["untrusted"])
    return refs


def _page(window: MainWindow, qtbot: Any) -> RegionPage:
    QTest.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == NAV_REGION
    page = window.region_page
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    return page


def _wait(page: RegionPage, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)


def _shown(page: RegionPage, col: int = EntityTableModel.COL_ENTITY) -> list[str]:
    return [page.proxy.index(r, col).data() for r in range(page.proxy.rowCount())]


def _refs(page: RegionPage) -> set[str]:
    return {
        page.model.entity(page.proxy.mapToSource(page.proxy.index(r, 0)).row()).ref
        for r in range(page.proxy.rowCount())
    }


def _row_of(page: RegionPage, ref: str) -> int:
    return next(
        r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).ref == ref
    )


def _click_row(qtbot: Any, table: Any, row: int, col: int = 0) -> None:
    index = table.model().index(row, col)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def test_ctrl7_shows_what_the_service_counts_untrusted_marked_self_checks_apart(
    ctx: Any, world: dict[str, str], open_window: Any, qtbot: Any
) -> None:
    window = open_window(ctx, active=True)
    page = _page(window, qtbot)
    found = region.summary(ctx, as_of=days.today())
    assert _refs(page) == {e.ref for e in found.entities}
    assert world["draft"] not in _refs(page) and world["self_a"] not in _refs(page)
    trust = {
        page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).ref: page.proxy.index(
            r, EntityTableModel.COL_TRUST
        ).data()
        for r in range(page.proxy.rowCount())
    }
    assert trust[world["untrusted"]] == "Untrusted (not counted)"
    assert trust[world["a"]] == "Trusted"
    assert (
        "counted" in page.count_label.text() and str(sum(e.counted for e in found.entities)) in page.count_label.text()
    )
    # the figures per region are the service's groups
    stats = page.stats_model
    shown = {
        (stats.item(r).region, stats.item(r).category): int(stats.index(r, GroupStatsModel.COL_ENTITIES).data())
        for r in range(stats.rowCount())
    }
    assert shown == {(g.region, g.category): g.entities for g in found.groups}
    fuzhou = next(r for r in range(stats.rowCount()) if stats.item(r).region == FUZHOU)
    assert stats.index(fuzhou, GroupStatsModel.COL_LEFT_OUT).data() == "1"
    assert stats.index(fuzhou, GroupStatsModel.COL_SELF).data() == "1"
    # the self-checks beside: listed and marked, never in a figure
    QTest.mouseClick(page.self_toggle, Qt.MouseButton.LeftButton, pos=page.self_toggle.rect().center())
    assert page.self_toggle.isChecked()
    _wait(page, qtbot)  # the self-checks are read when first asked for
    assert world["self_a"] in _refs(page)
    row = _row_of(page, world["self_a"])
    assert page.proxy.index(row, EntityTableModel.COL_TRUST).data() == "Self-check (not counted)"
    assert page.proxy.index(row, EntityTableModel.COL_MODE).data() == "Self-assessment"
    assert {
        (stats.item(r).region, stats.item(r).category): stats.item(r).entities for r in range(stats.rowCount())
    } == {(g.region, g.category): g.entities for g in found.groups}
    assert not page.objection_button.isEnabled()


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")  # the region completer's popup
def test_keyboard_filters_requery_the_service_and_search_filters_in_memory(
    ctx: Any, world: dict[str, str], open_window: Any, qtbot: Any
) -> None:
    window = open_window(ctx, active=True)
    page = _page(window, qtbot)
    page.category_filter.setFocus()
    QTest.keyClick(page.category_filter, Qt.Key.Key_Down)
    assert page.category_filter.currentData() == "planning-consulting"
    assert not page.loading  # the category narrows the figures already read: no query, at once
    found = region.summary(ctx, as_of=days.today(), category="planning-consulting")
    assert _refs(page) == {e.ref for e in found.entities} and world["ops"] not in _refs(page)
    assert page.summary is not None and page.summary.groups == found.groups
    # the untrusted result counted when asked (Tab to the check box, Space)
    page.untrusted_check.setFocus()
    QTest.keyClick(page.untrusted_check, Qt.Key.Key_Space)
    _wait(page, qtbot)
    assert page.summary is not None and page.summary.include_untrusted
    row = _row_of(page, world["untrusted"])
    assert page.proxy.index(row, EntityTableModel.COL_TRUST).data() == "Untrusted (counted)"
    # search by USCC (typed) and by name (Chinese, through the input method)
    QTest.keyClicks(page.search, uscc_in(XIAMEN, 3)[:12])
    assert _refs(page) == {world["c"]}
    page.search.clear()
    page.search.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(f"主体{uscc_in(FUZHOU, 2)[-4:]}")
    QApplication.sendEvent(page.search, event)
    assert _refs(page) == {world["b"]}
    page.search.clear()
    # the region box: a code typed, then words of a name
    line = page.region_box.lineEdit()
    line.selectAll()
    QTest.keyClicks(line, XIAMEN)
    assert _refs(page) == {e.ref for e in found.entities if e.registration_region == XIAMEN}
    assert page.show_all_button.isEnabled()
    QTest.mouseClick(page.show_all_button, Qt.MouseButton.LeftButton)
    assert len(_refs(page)) == len(page.summary.entities)


def test_region_row_click_filters_the_entities_and_show_all_brings_them_back(
    ctx: Any, world: dict[str, str], open_window: Any, qtbot: Any
) -> None:
    window = open_window(ctx, active=True)
    page = _page(window, qtbot)
    stats = page.stats_model
    row = next(r for r in range(stats.rowCount()) if stats.item(r).region == FUZHOU)
    _click_row(qtbot, page.stats_table, row)
    found = region.summary(ctx, as_of=days.today(), region=FUZHOU)
    assert _refs(page) == {e.ref for e in found.entities}
    assert {
        page.model.entity(page.proxy.mapToSource(page.proxy.index(r, 0)).row()).registration_region
        for r in range(page.proxy.rowCount())
    } == {FUZHOU}
    assert page.region_box.currentText().startswith(FUZHOU)
    QTest.mouseClick(page.show_all_button, Qt.MouseButton.LeftButton)
    assert _refs(page) == {e.ref for e in region.summary(ctx, as_of=days.today()).entities}
    assert not page.show_all_button.isEnabled()
    # the keyboard way: Enter on a region row
    page.stats_table.setFocus()
    page.stats_table.setCurrentIndex(stats.index(row, 0))
    QTest.keyClick(page.stats_table, Qt.Key.Key_Return)
    assert _refs(page) == {e.ref for e in found.entities} and QApplication.focusWidget() is page.table
    QTest.mouseClick(page.show_all_button, Qt.MouseButton.LeftButton)
    # grouped by service region, a's result belongs to Xiamen
    page.by_filter.setFocus()
    QTest.keyClick(page.by_filter, Qt.Key.Key_Down)
    _wait(page, qtbot)
    xiamen = next(r for r in range(stats.rowCount()) if stats.item(r).region == XIAMEN)
    _click_row(qtbot, page.stats_table, xiamen)
    assert world["a"] in _refs(page)


def test_enter_on_an_entity_opens_its_case_read_only(
    ctx: Any, world: dict[str, str], open_window: Any, qtbot: Any
) -> None:
    window = open_window(ctx, active=True)
    page = _page(window, qtbot)
    _click_row(qtbot, page.table, _row_of(page, world["c"]))
    assert QApplication.focusWidget() is page.table
    opened = []
    page.case_opened.connect(opened.append)
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [world["c"]]
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.ref == world["c"] and window.workspace.read_only
    assert case_service.load_case(ctx, world["c"]).summary.status == "finalized"


def test_the_actions_emit_what_the_other_dialogs_need(
    ctx: Any, world: dict[str, str], open_window: Any, qtbot: Any
) -> None:
    window = open_window(ctx, active=True)
    page = _page(window, qtbot)
    assert not page.delta_button.isEnabled() and not page.objection_button.isEnabled()
    _click_row(qtbot, page.table, _row_of(page, world["a"]))
    with qtbot.waitSignal(page.delta_requested) as delta:
        QTest.mouseClick(page.delta_button, Qt.MouseButton.LeftButton)
    assert delta.args == [uscc_in(FUZHOU, 1), "planning-consulting"]
    with qtbot.waitSignal(page.objection_requested) as objection:
        QTest.keyClick(page, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    assert objection.args == [world["a"]]
    with qtbot.waitSignal(page.disclosure_requested):
        QTest.mouseClick(page.disclosure_button, Qt.MouseButton.LeftButton)


def test_read_only_window_has_the_page_without_objections(ctx: Any, world: dict[str, str], qtbot: Any) -> None:
    window = MainWindow(ctx, "en", read_only=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    page = _page(window, qtbot)
    _click_row(qtbot, page.table, _row_of(page, world["a"]))
    assert page.delta_button.isEnabled() and not page.objection_button.isEnabled()
    assert not page.disclosure_button.isEnabled()  # publishing is recorded: not from a read-only window


def test_heatmap_cells_are_the_cached_dimension_scores(
    ctx: Any, world: dict[str, str], open_window: Any, qtbot: Any
) -> None:
    window = open_window(ctx, active=True)
    page = _page(window, qtbot)
    bar = page.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(page.TAB_HEATMAP).center())
    _wait(page, qtbot)  # the scores are read when the heatmap is first shown
    heat = page.heat_model
    assert heat.category == "planning-consulting"  # the first category shown, named above the heatmap
    assert "Planning & consulting" in page.heat_label.text()
    found = region.summary(ctx, as_of=days.today())
    rows = [e for e in found.entities if e.category == "planning-consulting"]
    scores = region.entity_dimension_scores(ctx, [e.case_id for e in rows])
    assert heat.rowCount() == len(rows)
    for r in range(heat.rowCount()):
        case_id = heat.entity(r).case_id
        for c, dimension in enumerate(heat.dimension_ids(), start=1):
            value = scores[case_id][dimension]
            index = heat.index(r, c)
            assert index.data() == ("—" if value is None else f"{value:.2f}")
            if value is not None:
                assert index.data(Qt.ItemDataRole.BackgroundRole).color() == score_color(float(value))
    weak_rows = [r for r in range(page.dims_model.rowCount()) if page.dims_model.item(r)[2] is not None]
    assert len(weak_rows) == sum(len(g.weak) for g in found.groups)


def test_chinese_marks_untrusted_as_not_counted(ctx: Any, world: dict[str, str], open_window: Any, qtbot: Any) -> None:
    window = open_window(ctx, "zh", active=True)
    page = _page(window, qtbot)
    row = _row_of(page, world["untrusted"])
    assert page.proxy.index(row, EntityTableModel.COL_TRUST).data() == "不受信任（未计入）"
    assert page.proxy.index(row, EntityTableModel.COL_REGISTRATION).data() == "福建省福州市"
    assert window.nav.item(NAV_REGION).text() == "区域视图"


def test_the_actions_open_the_comparison_the_objection_form_and_the_disclosure(
    ctx: Any, world: dict[str, str], open_window: Any, qtbot: Any
) -> None:
    """The regional view's three actions, wired in the window: the entity's self-check comparison, the
    objection form prefilled with the chosen result (recorded from there, it is stored against that
    revision), and the disclosure dialog carrying the view's filters."""
    from cityeval_desktop.services import objections
    from cityeval_desktop.ui.dialogs.delta import DeltaDialog
    from cityeval_desktop.ui.dialogs.disclosure import DisclosureDialog
    from cityeval_desktop.ui.dialogs.objection import RecordObjectionDialog

    window = open_window(ctx, active=True)
    page = _page(window, qtbot)
    _click_row(qtbot, page.table, _row_of(page, world["a"]))
    QTest.mouseClick(page.delta_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(DeltaDialog)), timeout=5000)
    delta = next(w for w in window.findChildren(DeltaDialog) if w.isVisible())
    assert delta.uscc == uscc_in(FUZHOU, 1)
    delta.close()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    QTest.keyClick(page, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(RecordObjectionDialog)), timeout=5000)
    form = next(w for w in window.findChildren(RecordObjectionDialog) if w.isVisible())
    assert window.stack.currentWidget() is window.objections_page
    assert form.target_edit.text() == world["a"]
    form.grounds_edit.setFocus()
    QTest.keyClicks(form.grounds_edit, "The assessed projects were not ours")
    QTest.keyClick(form.by_edit, Qt.Key.Key_Z)
    QTest.mouseClick(form.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(objections.list_objections(ctx)) == 1, timeout=10_000)
    stored = objections.list_objections(ctx)[0]
    assert stored.case_ref == world["a"] and stored.grounds == "The assessed projects were not ours"
    QTest.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    _wait(page, qtbot)
    QTest.mouseClick(page.disclosure_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(DisclosureDialog)), timeout=5000)
    dialog = next(w for w in window.findChildren(DisclosureDialog) if w.isVisible())
    assert dialog.filters == {
        k: v for k, v in page.filters().items() if k in ("as_of", "by", "category", "tier") and v is not None
    }
    dialog.reject()


def _type_region(page: RegionPage, words: str) -> None:
    """Chinese words into the region box as an input method commits them (what a user's IME does)."""
    line = page.region_box.lineEdit()
    line.setFocus()
    line.selectAll()
    QTest.keyClick(line, Qt.Key.Key_Backspace)
    event = QInputMethodEvent("", [])
    event.setCommitString(words)
    QApplication.sendEvent(line, event)


# the region box's completer list pops up while typing: the offscreen platform cannot raise or grab for it
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard|propagateSizeHints)")
def test_a_region_searched_by_name_publishes_that_region_and_never_every_region(
    ctx: Any, world: dict[str, str], open_window: Any, qtbot: Any
) -> None:
    """Publish disclosure… after a search of the region box by name: the one region the search shows is what
    the disclosure publishes (not every region, as the search left no code to pass on); a search that shows
    several regions, or none, says so and opens nothing."""
    from cityeval_desktop.ui.dialogs.disclosure import DisclosureDialog

    window = open_window(ctx, "zh", active=True)
    page = _page(window, qtbot)
    _type_region(page, "福州")
    assert page.region_filter() == ("name", "福州") and page.shown_regions() == [FUZHOU]
    QTest.mouseClick(page.disclosure_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(DisclosureDialog)), timeout=5000)
    dialog = next(w for w in window.findChildren(DisclosureDialog) if w.isVisible())
    assert dialog.filters["region"] == FUZHOU
    assert dialog.scope_label.text().startswith("350100 福建省福州市 · ")
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    for words, said in (("福建", "显示了 2 个区域（350100、350200）"), ("上海", "没有显示任何区域")):
        _type_region(page, words)
        assert page.region_filter()[0] == "name"
        QTest.mouseClick(page.disclosure_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.one_region_box is not None and window.one_region_box.isVisible(), timeout=5000)
        box = window.one_region_box
        assert f"“{words}”" in box.text() and said in box.text(), box.text()
        assert not any(w.isVisible() for w in window.findChildren(DisclosureDialog))
        QTest.keyClick(box, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda box=box: not box.isVisible())
        window.one_region_box = None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_entity_table_fits_a_laptop_screen_and_shows_the_assessor_organisation(
    ctx: Any, world: dict[str, str], open_window: Any, qtbot: Any, lang: str
) -> None:
    """At 1366×768 every column of the entity table, the Trust column last, is on screen without scrolling
    (long texts elided, the full text in the tooltip; a narrowed header's full name in its tooltip); the
    figures' table scrolls sideways to its last column. The assessor column is the lead's organisation."""
    org = "福建省数字化转型第三方评估服务中心有限公司"
    led = make(
        ctx,
        uscc_in(FUZHOU, 7),
        answers={"P1.1": 6},
        assessor="欧阳张三丰",
        lead=("林组长", org),
    )
    with ctx.transaction() as s:  # a long entity name, as real ones are
        case_service.find_case(s, led).entity_name = "福州市数字城市建设与运营管理集团有限责任公司"
    finalize(ctx, led, at=AT, valid=(date(2026, 1, 1), date(2099, 12, 31)))
    window = open_window(ctx, lang, active=True)
    page = _page(window, qtbot)
    QApplication.processEvents()
    table, header = page.table, page.table.horizontalHeader()
    columns = page.model.columnCount()
    assert sum(table.columnWidth(c) for c in range(columns)) <= table.viewport().width()
    trust = EntityTableModel.COL_TRUST
    assert header.sectionViewportPosition(trust) + header.sectionSize(trust) <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    for c in range(columns):
        name = page.proxy.headerData(c, Qt.Orientation.Horizontal)
        assert page.proxy.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == name
        shrinks = c in dict(RegionPage._SHRINK)  # a narrowed column keeps at least its header's first word
        assert table.columnWidth(c) >= (60 if shrinks else header.sectionSizeHint(c)), name
    row = _row_of(page, led)
    cell = page.proxy.index(row, EntityTableModel.COL_ASSESSOR)
    assert cell.data() == org and cell.data(Qt.ItemDataRole.ToolTipRole) == org
    assert all("欧阳张三丰" not in str(page.proxy.index(row, c).data()) for c in range(columns))
    stats = page.stats_table
    bar = stats.horizontalScrollBar()
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    last = stats.model().columnCount() - 1
    sh = stats.horizontalHeader()
    assert sh.sectionViewportPosition(last) + sh.sectionSize(last) <= stats.viewport().width() + 1
