"""The disclosure dialog (评估结果公示, issue 13 §2.5): filled with the keyboard, published on the worker, the
files checked as written and signed; the holiday list edited and checked as stored; Cancel while it works
leaves nothing behind."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import cityeval_gui_signing_helpers as helpers  # registered by conftest.py
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import update

from cityeval_desktop.domain import days
from cityeval_desktop.domain.disclosure import CalendarDay, notice_period
from cityeval_desktop.domain.uscc import check_character
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import disclosure
from cityeval_desktop.services.reporting import audit_entries
from cityeval_desktop.signing.identity import create_identity, load_identity
from cityeval_desktop.signing.pades import verify_pdf
from cityeval_desktop.store.models import Case
from cityeval_desktop.ui.dialogs.disclosure import DisclosureDialog

PASSWORD = "agency-gui-2026"
SHOTS = Path("/tmp/team/shots")


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("agency") / "agency.p12"
    create_identity(
        path, name="福建省数字化转型促进中心", org="福建省数字化转型促进中心", password=PASSWORD, key_size=2048
    )
    return path


def _uscc(serial: int) -> str:
    first = f"91350100MA{serial:07d}"[:17]
    return first + check_character(first)


def _results(ctx: Any, n: int) -> None:
    for i in range(n):
        ref = case_service.new_case(
            ctx, framework="planning-consulting", tier="city", mode="third-party", entity_name=f"公示主体{i}",
            uscc=_uscc(700 + i),
        ).ref  # fmt: skip
        case_service.set_answer(ctx, ref, "P1.1", value=3 + i)
        with ctx.transaction() as s:
            row = case_service.find_case(s, ref)
            s.execute(
                update(Case)
                .where(Case.id == row.id)
                .values(
                    status="finalized",
                    finalized_at=datetime(2026, 11, 1, tzinfo=UTC),
                    valid_from=date(2026, 1, 1),
                    valid_until=date(2099, 12, 31),
                )
            )


def _dialog(qtbot: Any, ctx: Any, lang: str = "en") -> DisclosureDialog:
    dialog = DisclosureDialog(ctx, lang, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _fill(dialog: DisclosureDialog, agency: Path, folder: Path) -> None:
    helpers.retype(dialog.identity_edit, str(agency))
    helpers.retype(dialog.pdf_edit, str(folder / "notice.pdf"))
    helpers.retype(dialog.csv_edit, str(folder / "notice.csv"))
    helpers.retype(dialog.json_edit, "")
    helpers.retype(dialog.days_spin.lineEdit(), "10")
    helpers.retype(dialog.group_spin.lineEdit(), "2")
    helpers.retype(dialog.contact_edit, "福州市鼓楼区公示路 1 号，0591-12345678")
    dialog.password_edit.setFocus()
    QTest.keyClicks(dialog.password_edit, PASSWORD)


def test_the_disclosure_is_published_from_the_keyboard(qtbot: Any, ctx: Any, tmp_path: Path, agency: Path) -> None:
    _results(ctx, 3)
    dialog = _dialog(qtbot, ctx)
    _fill(dialog, agency, tmp_path)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # Enter anywhere in the form publishes
    assert dialog.operation is not None
    qtbot.waitUntil(lambda: dialog.operation.done, timeout=60_000)
    assert dialog.message.text() == ""
    result = dialog.result_value
    assert result is not None and result.entities == 3 and "Disclosure written" in dialog.result_label.text()
    # what was written: a signed PDF, the CSV, no JSON (its field was emptied)
    pdf = (tmp_path / "notice.pdf").read_bytes()
    [sig] = verify_pdf(pdf, [load_identity(agency, PASSWORD).certificate])
    assert sig.intact and sig.trusted
    rows = (tmp_path / "notice.csv").read_bytes().decode("utf-8-sig").split("\r\n\r\n")[0].splitlines()
    assert len(rows) == 4 and "公示主体0" in rows[1]
    assert not list(tmp_path.glob("*.json"))
    [entry] = [e for e in audit_entries(ctx, "system") if e["action"] == "disclosure.publish"]
    assert entry["new"]["notice"][2] == 10 and entry["new"]["min_group"] == 2
    expected = notice_period(days.today(), 10, [])
    assert result.notice.end == expected.end
    assert "福州市鼓楼区公示路 1 号" in _pdftext(tmp_path / "notice.pdf")


def _pdftext(path: Path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.replace(
        "\n", ""
    )


def test_the_holiday_list_is_edited_and_stored(qtbot: Any, ctx: Any) -> None:
    dialog = _dialog(qtbot, ctx)
    assert dialog.holiday_list.count() == 0
    helpers.retype(dialog.date_edit, "2026-12-25")
    QTest.keyClick(dialog.date_edit, Qt.Key.Key_Return)  # Enter in the date adds it (and does not publish)
    assert dialog.operation is None
    helpers.retype(dialog.date_edit, "2026-12-27")
    dialog.kind_combo.setFocus()
    QTest.keyClick(dialog.kind_combo, Qt.Key.Key_Down)  # make-up working day
    QTest.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert disclosure.holidays(ctx) == [CalendarDay(date(2026, 12, 25)), CalendarDay(date(2026, 12, 27), True)]
    # a weekday is no make-up working day: said, nothing stored
    helpers.retype(dialog.date_edit, "2026-12-28")
    QTest.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "weekday" in dialog.message.text()
    assert len(disclosure.holidays(ctx)) == 2
    helpers.retype(dialog.date_edit, "2026/12/29")
    QTest.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "YYYY-MM-DD" in dialog.message.text() and len(disclosure.holidays(ctx)) == 2
    # remove the first: click it in the list, then Remove
    view = dialog.holiday_list
    rect = view.visualItemRect(view.item(0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert disclosure.holidays(ctx) == [CalendarDay(date(2026, 12, 27), True)]
    assert view.count() == 1 and view.item(0).text().startswith("2026-12-27")


def test_cancel_while_publishing_writes_nothing(qtbot: Any, ctx: Any, tmp_path: Path, agency: Path) -> None:
    _results(ctx, 2)
    dialog = _dialog(qtbot, ctx)
    _fill(dialog, agency, tmp_path)
    QTest.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    assert dialog.busy()
    # opening the identity takes a moment: Cancel is pressed before the first step is done
    QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.operation.done, timeout=60_000)
    assert dialog.message.text() == "Cancelled; nothing was written."
    assert dialog.isVisible() and dialog.publish_button.isEnabled()
    assert list(tmp_path.glob("notice*")) == [] and not list(tmp_path.glob(".notice*"))
    assert not [e for e in audit_entries(ctx, "system") if e["action"] == "disclosure.publish"]


def test_bad_input_is_said_in_the_dialog(qtbot: Any, ctx: Any, tmp_path: Path, agency: Path) -> None:
    dialog = _dialog(qtbot, ctx)
    _fill(dialog, agency, tmp_path)
    helpers.retype(dialog.csv_edit, str(tmp_path / "missing" / "notice.csv"))  # a folder that is not there
    QTest.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.operation.done, timeout=60_000)
    assert "does not exist" in dialog.message.text()
    helpers.retype(dialog.csv_edit, "")
    helpers.retype(dialog.password_edit, "not the password")
    QTest.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.operation.done, timeout=60_000)
    assert dialog.message.text() and dialog.result_value is None
    assert list(tmp_path.glob("notice*")) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots(qtbot: Any, qapp: Any, ctx: Any, lang: str) -> None:
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language, register_fonts

    register_fonts(qapp)
    i18n.set_lang(lang)
    install_language(qapp, lang)
    try:
        disclosure.add_holidays(ctx, ["2026-10-01", "2026-10-02"])
        disclosure.add_holidays(ctx, ["2026-10-11"], working=True)
        dialog = _dialog(qtbot, ctx, lang)
        assert dialog.windowTitle() == ("发布评估结果公示" if lang == "zh" else "Publish disclosure")
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / f"disclosure-dialog-{lang}.png"))
    finally:
        i18n.set_lang("en")
        install_language(qapp, "en")
