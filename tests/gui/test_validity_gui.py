"""A finalized result's validity (有效期, issue 12) in the case list and the workspace's status line: the
list's "valid until" column shows the last valid day, an expired result reads expired (red, a tooltip with
both days) and sorts by the day; the workspace names the validity, or says the result has expired.

The validity is stored at finalize from today's date; the expired one is set in the store, as
``test_case_data_page.py`` does. Real mouse and key events on the real window, in Chinese and English.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from sqlalchemy import update

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.store.models import Case
from cityeval_desktop.ui.pages.case_table_model import SUMMARY_ROLE, CaseTableModel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")
SHOTS = Path("/tmp/team")
PAST_FROM, PAST_UNTIL = date(2017, 1, 1), date(2019, 12, 31)
WORDS = {
    "zh": {"expired": "⚠ 已过期 2019-12-31", "header": "⚠ 已于 2019-12-31 过期", "valid": "有效期至 %s"},
    "en": {"expired": "⚠ expired 2019-12-31", "header": "⚠ EXPIRED on 2019-12-31", "valid": "valid until %s"},
}


def _finalized_third_party(ctx) -> list:
    return sorted(
        (s for s in case_service.list_cases(ctx) if not s.is_draft and s.mode == "third-party"),
        key=lambda s: s.entity_name,
    )


@pytest.fixture
def make_window(open_window):
    return lambda ctx, lang: open_window(ctx, lang, active=True)


def _row_of(window, case_uuid: str) -> int:
    proxy = window.cases_page.proxy
    return next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(SUMMARY_ROLE).case_uuid == case_uuid)


def _open_from_list(window, case_uuid: str) -> None:
    """Click the case's row, then press Enter, as a user opens a case."""
    table = window.cases_page.table
    rect = table.visualRect(window.cases_page.proxy.index(_row_of(window, case_uuid), 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.workspace


def _click_header(window, column: int) -> None:
    header = window.cases_page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_expired_result_reads_expired_in_the_list_and_the_workspace(qtbot, sample_ctx, make_window, lang) -> None:
    words = WORDS[lang]
    valid, expired = _finalized_third_party(sample_ctx)[:2]
    with sample_ctx.transaction() as s:
        s.execute(
            update(Case)
            .where(Case.case_uuid == expired.case_uuid, Case.revision == expired.revision)
            .values(valid_from=PAST_FROM, valid_until=PAST_UNTIL)
        )
    still_valid = case_service.load_case(sample_ctx, valid.ref).case_data
    assert still_valid.valid_until is not None and not still_valid.expired()
    window = make_window(sample_ctx, lang)
    page = window.cases_page
    proxy = page.proxy
    assert proxy.headerData(CaseTableModel.COL_VALID, Qt.Orientation.Horizontal) == (
        "有效期至" if lang == "zh" else "Valid until"
    )

    def cell(case_uuid: str, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole):
        return proxy.index(_row_of(window, case_uuid), CaseTableModel.COL_VALID).data(role)

    # the list: the expired row says so in red, with both days in its tooltip; the valid one its last day
    assert cell(expired.case_uuid) == words["expired"]
    assert QColor(cell(expired.case_uuid, Qt.ItemDataRole.ForegroundRole)) == QColor("#b3261e")
    tip = cell(expired.case_uuid, Qt.ItemDataRole.ToolTipRole)
    assert "2017-01-01" in tip and "2019-12-31" in tip
    assert ("已过期" if lang == "zh" else "Expired") in tip
    assert cell(valid.case_uuid) == still_valid.valid_until.isoformat()
    assert cell(valid.case_uuid, Qt.ItemDataRole.ForegroundRole) is None
    assert still_valid.valid_from.isoformat() in cell(valid.case_uuid, Qt.ItemDataRole.ToolTipRole)
    drafts = [s for s in case_service.list_cases(sample_ctx) if s.is_draft]
    assert drafts and all(cell(d.case_uuid) == "–" for d in drafts)
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / f"guivalid-case-list-{lang}.png"))

    # sorted by the column (a click on its header): no validity first, then the expired, then the valid
    _click_header(window, CaseTableModel.COL_VALID)
    order = [proxy.index(r, 0).data(SUMMARY_ROLE).case_uuid for r in range(proxy.rowCount())]
    assert order.index(expired.case_uuid) < order.index(valid.case_uuid)
    assert all(order.index(d.case_uuid) < order.index(expired.case_uuid) for d in drafts)
    _click_header(window, CaseTableModel.COL_VALID)  # and the other way round
    order = [proxy.index(r, 0).data(SUMMARY_ROLE).case_uuid for r in range(proxy.rowCount())]
    assert order.index(valid.case_uuid) < order.index(expired.case_uuid)
    assert all(order.index(expired.case_uuid) < order.index(d.case_uuid) for d in drafts)

    # the workspace's status line
    _open_from_list(window, expired.case_uuid)
    status = window.workspace.status_label
    assert window.workspace.ref == expired.ref
    assert words["header"] in status.text()
    assert "2017-01-01" in status.toolTip() and "2019-12-31" in status.toolTip()
    window.grab().save(str(SHOTS / f"guivalid-workspace-expired-{lang}.png"))
    window.show_cases()
    _open_from_list(window, valid.case_uuid)
    text = window.workspace.status_label.text()
    assert words["valid"] % still_valid.valid_until.isoformat() in text
    assert "⚠" not in text and words["header"] not in text
    window.grab().save(str(SHOTS / f"guivalid-workspace-valid-{lang}.png"))
