"""The 评估信息 tab of the workspace (issue 12 §1 in the window): the team added through its dialog with keys,
a declaration signed with the member's own identity, the opinion drafted and edited with keys, an on-site
inspection record added, each checked through the services; the finalize list names the missing parts and
goes to them; a finalized revision shows it all read-only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import cityeval_gui_signing_helpers as helpers  # registered by conftest.py
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cityeval_desktop.services import case_data
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.reporting import audit_entries
from cityeval_desktop.signing.identity import create_identity
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.workspace.case_data_page import DECLARATIONS, OPINION, TEAM

FIXTURES = Path(__file__).parents[1] / "fixtures"
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(scope="module")
def lead_identity(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pki") / "lead.p12"
    create_identity(path, name="钱组长", org="福建数字评估中心", password=helpers.PASSWORD, key_size=2048)
    return path


@pytest.fixture
def window(qtbot, ctx):
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def draft(ctx) -> str:
    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="清单主体", uscc="91350100M000100Y43"
    )
    return summary.ref


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2, widget.height() // 2))


def open_tab(qtbot, window) -> object:
    """Click the 评估信息 tab; the page is shown."""
    ws = window.workspace
    bar = ws.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    qtbot.waitUntil(lambda: ws.case_page.isVisible(), timeout=3000)
    return ws.case_page


def stored(ctx, ref):
    return case_service.load_case(ctx, ref).case_data


def add_member_with_keys(qtbot, page, name: str, role: str, org: str, qualification: str = "") -> object:
    click(page.add_member_button)
    dialog = page.member_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name_edit, timeout=3000)
    helpers.type_text(dialog.name_edit, name)
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.role_combo
    helpers.choose(dialog.role_combo, role)
    QTest.keyClick(dialog.role_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.org_edit
    helpers.type_text(dialog.org_edit, org)
    QTest.keyClick(dialog.org_edit, Qt.Key.Key_Tab)
    if qualification:
        helpers.type_text(dialog.qualification_edit, qualification)
    QTest.keyClick(dialog.qualification_edit, Qt.Key.Key_Return)
    return dialog


class BoxAnswer:
    """Presses a button of the next message box the page opens (``page.confirm_box``)."""

    def __init__(self, page, pick) -> None:
        self.page, self.pick, self.texts = page, pick, []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        box = self.page.confirm_box
        if isinstance(box, QMessageBox) and box.isVisible():
            self.texts.append(box.text())
            self.timer.stop()
            click(self.pick(box))


def test_team_added_with_keys_declaration_signed_opinion_drafted_and_edited_inspection_added(
    window, ctx, qtbot, tmp_path, draft, lead_identity
) -> None:
    assert window.open_case(draft)
    page = open_tab(qtbot, window)
    assert page.valid_label.text() == "set at finalize" and page.report_no_label.text() == "set at finalize"
    assert "36 months" in page.window_label.text()

    # the lead and a reviewer, typed in the dialog (Chinese through the input method)
    dialog = add_member_with_keys(qtbot, page, "钱组长", "lead", "福建数字评估中心", "ZJ-001")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    add_member_with_keys(qtbot, page, "赵审核", "reviewer", "福建省评估协会")
    team = stored(ctx, draft).team
    assert [(m.name, m.role, m.org, m.qualification) for m in team] == [
        ("钱组长", "lead", "福建数字评估中心", "ZJ-001"),
        ("赵审核", "reviewer", "福建省评估协会", None),
    ]
    model = page.team_model
    assert [model.index(r, 1).data() for r in range(2)] == ["lead assessor", "reviewer"]
    assert [model.index(r, 4).data() for r in range(2)] == ["not signed", "not signed"]

    # a second lead and a name twice are refused in the dialog, nothing stored
    dialog = add_member_with_keys(qtbot, page, "孙专家", "lead", "某研究院")
    assert dialog.isVisible() and "already has a lead assessor (钱组长)" in dialog.message.text()
    assert QApplication.focusWidget() is dialog.role_combo
    helpers.choose(dialog.role_combo, "expert")
    QTest.keyClick(dialog.role_combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    dialog = add_member_with_keys(qtbot, page, "孙专家", "member", "另一单位")
    assert dialog.isVisible() and "孙专家 is already on the team" in dialog.message.text()
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert [m.name for m in stored(ctx, draft).team] == ["钱组长", "赵审核", "孙专家"]

    # removing asks first (Cancel is the default); Remove takes the expert off, undo brings them back
    page.select_member("孙专家")
    answer = BoxAnswer(page, lambda box: box.buttons()[0])
    click(page.remove_member_button)
    qtbot.waitUntil(lambda: not answer.timer.isActive(), timeout=3000)
    assert answer.texts == ["Remove 孙专家 from the assessment team?"]
    assert [m.name for m in stored(ctx, draft).team] == ["钱组长", "赵审核"]
    helpers.press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert [m.name for m in stored(ctx, draft).team] == ["钱组长", "赵审核", "孙专家"]
    assert window.workspace.tabs.currentWidget() is window.workspace.case_scroll

    # the lead signs: the statement is shown first, then identity and password (the password dialog)
    page.select_member("钱组长")
    click(page.sign_button)
    sign = page.declaration_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sign.identity_edit, timeout=3000)
    statement = sign.statement_view.toPlainText()
    data = stored(ctx, draft)
    assert "清单主体" in statement and data.window_from.isoformat() in statement
    helpers.retype(sign.identity_edit, str(lead_identity))
    typer = helpers.password_typer(helpers.PASSWORD)
    QTest.keyClick(sign.identity_edit, Qt.Key.Key_Return)
    typer.timer.stop()
    assert typer.prompts and "lead.p12" in typer.prompts[0]
    qtbot.waitUntil(lambda: sign.operation is not None and sign.operation.done, timeout=60000)
    declaration = stored(ctx, draft).declaration_of("钱组长")
    assert declaration is not None and declaration.statement == statement
    qtbot.waitUntil(lambda: not sign.isVisible(), timeout=3000)
    assert model.index(0, 4).data() == "signed · signer not trusted"

    # signing again offers the identity the lead used
    page.select_member("钱组长")
    click(page.sign_button)
    again = page.declaration_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is again.identity_edit, timeout=3000)
    assert again.identity_edit.text() == str(lead_identity)
    QTest.keyClick(again.identity_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=3000)
    helpers.activate(qtbot, window)

    # the reviewer cannot sign with the lead's identity: refused in the dialog, nothing stored
    page.select_member("赵审核")
    click(page.sign_button)
    sign = page.declaration_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sign.identity_edit, timeout=3000)
    helpers.retype(sign.identity_edit, str(lead_identity))
    typer = helpers.password_typer(helpers.PASSWORD)
    click(sign.sign_button)
    typer.timer.stop()
    qtbot.waitUntil(lambda: sign.operation is not None and sign.operation.done, timeout=60000)
    assert sign.isVisible() and "a member signs their own declaration" in sign.message.text()
    assert stored(ctx, draft).declaration_of("赵审核") is None
    QTest.keyClick(sign.identity_edit, Qt.Key.Key_Escape)

    # the opinion: drafted from the result (stored), then edited with keys and saved with Ctrl+S
    helpers.activate(qtbot, window)
    click(page.draft_button)
    drafted = case_data.draft_opinion(ctx, draft, "en")
    assert page.opinion_edit.toPlainText() == drafted and stored(ctx, draft).opinion == drafted.strip()
    assert page.opinion_count.text() == f"{len(drafted):,} / 20,000 characters"
    edit = page.opinion_edit
    click(edit)
    QTest.keyClick(edit, Qt.Key.Key_End, CTRL)
    QTest.keyClick(edit, Qt.Key.Key_Return)
    helpers.type_text(edit, "现场核查确认：人员与申报一致。")
    assert page.save_opinion_button.isEnabled()
    assert QApplication.focusWidget() is edit
    helpers.press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert stored(ctx, draft).opinion == drafted.strip() + "\n现场核查确认：人员与申报一致。"
    # more typed, saved on leaving the box with Tab
    helpers.type_text(edit, " Good.")
    QTest.keyClick(edit, Qt.Key.Key_Tab)
    assert stored(ctx, draft).opinion.endswith("人员与申报一致。 Good.")
    # drafting again asks before replacing the edited text; Cancel keeps it
    answer = BoxAnswer(page, lambda box: box.button(QMessageBox.StandardButton.Cancel))
    click(page.draft_button)
    answer.timer.stop()
    assert answer.texts == ["Replace the text in the box with a new draft from the result?"]
    assert stored(ctx, draft).opinion.endswith(" Good.") and page.opinion_edit.toPlainText().endswith(" Good.")
    # undo the last save: the opinion as it was before
    helpers.press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(ctx, draft).opinion == drafted.strip() + "\n现场核查确认：人员与申报一致。"

    # an on-site inspection record, typed in its dialog, with an attachment
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 site photo")
    click(page.add_inspection_button)
    record = page.inspection_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is record.date_edit, timeout=3000)
    assert record.participants_edit.toPlainText() == "钱组长\n赵审核\n孙专家"  # the team, to trim
    date_field = record.date_edit
    date_field.setFocus()
    QTest.keyClick(date_field, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(date_field, "2026-06-20")
    QTest.keyClick(date_field, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is record.place_edit
    helpers.type_text(record.place_edit, "福州市鼓楼区软件园 A 座")
    QTest.keyClick(record.place_edit, Qt.Key.Key_Tab)
    QTest.keyClick(record.participants_edit, Qt.Key.Key_End, CTRL)
    QTest.keyClick(record.participants_edit, Qt.Key.Key_Backspace)
    for _ in range(3):
        QTest.keyClick(record.participants_edit, Qt.Key.Key_Backspace)  # "孙专家" was not there
    QTest.keyClick(record.participants_edit, Qt.Key.Key_Tab)
    helpers.type_text(record.checked_edit, "核对劳动合同与社保缴纳记录")
    QTest.keyClick(record.checked_edit, Qt.Key.Key_Tab)
    helpers.type_text(record.findings_edit, "与申报材料一致")
    QTest.keyClick(record.findings_edit, Qt.Key.Key_Tab)
    helpers.type_text(record.projects_edit, "鼓楼区数字化规划")
    QTest.keyClick(record.projects_edit, Qt.Key.Key_Tab)
    helpers.type_text(record.staff_edit, "王五")
    record.add_files([photo])  # as chosen in the file chooser
    record.place_edit.setFocus()
    QTest.keyClick(record.place_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not record.isVisible(), timeout=10000)
    (found,) = stored(ctx, draft).inspections
    assert found.day.isoformat() == "2026-06-20" and found.place == "福州市鼓楼区软件园 A 座"
    assert found.participants == ("钱组长", "赵审核") and found.checked == "核对劳动合同与社保缴纳记录"
    assert found.findings == "与申报材料一致" and found.sampled_projects == ("鼓楼区数字化规划",)
    assert found.sampled_staff == ("王五",)
    assert [(f.name, f.sha256) for f in found.attachments] == [
        ("现场照片.jpg", hashlib.sha256(photo.read_bytes()).hexdigest())
    ]
    assert page.inspection_tree.topLevelItem(0).text(1) == "福州市鼓楼区软件园 A 座"
    # every change is on the case's audit chain
    uuid = case_service.load_case(ctx, draft).summary.case_uuid
    actions = [e["action"] for e in audit_entries(ctx, uuid)]
    assert {"team.add", "team.remove", "team.declare", "case.opinion", "inspection.add"} <= set(actions)


def test_an_incomplete_inspection_record_is_refused_field_named_and_nothing_stored(window, ctx, qtbot, draft) -> None:
    assert window.open_case(draft)
    page = open_tab(qtbot, window)
    click(page.add_inspection_button)
    record = page.inspection_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is record.date_edit, timeout=3000)
    QTest.keyClick(record.date_edit, Qt.Key.Key_Tab)
    helpers.type_text(record.place_edit, "鼓楼区")
    QTest.keyClick(record.place_edit, Qt.Key.Key_Return)
    assert record.isVisible() and record.message.text() == "Name at least one participant."
    assert QApplication.focusWidget() is record.participants_edit
    record.add_files([Path("/nonexistent/missing.pdf")])
    helpers.type_text(record.participants_edit, "钱组长")
    QTest.keyClick(record.participants_edit, Qt.Key.Key_Tab)
    helpers.type_text(record.checked_edit, "核对")
    QTest.keyClick(record.checked_edit, Qt.Key.Key_Tab)
    helpers.type_text(record.findings_edit, "一致")
    record.place_edit.setFocus()
    QTest.keyClick(record.place_edit, Qt.Key.Key_Return)
    assert record.isVisible() and record.message.text().startswith("Attachments")
    assert stored(ctx, draft).inspections == ()


def test_finalize_list_names_the_missing_case_data_and_goes_to_each_part(window, ctx, qtbot, draft) -> None:
    ws = window.workspace
    assert window.open_case(draft)
    helpers.press(qtbot, window, Qt.Key.Key_F, CTRL_SHIFT)
    panel = ws.finalize_panel
    qtbot.waitUntil(lambda: panel.isVisible(), timeout=3000)
    ids = panel.target_ids()
    assert ids[-2:] == [TEAM, OPINION]
    team = panel.tree.topLevelItem(ids.index(TEAM))
    assert team.text(0) == "Assessment team"
    assert [team.child(i).text(0) for i in range(team.childCount())] == [
        "no lead assessor: add a member with the role lead assessor",
        "no reviewer distinct from the lead: add a member with the role reviewer",
    ]
    opinion = panel.tree.topLevelItem(ids.index(OPINION))
    assert opinion.child(0).text(0) == "no written opinion: draft it from the result, edit it and save it"
    # Enter on the team goes to the 评估信息 tab, on the button that adds a member
    panel.tree.setCurrentItem(team)
    panel.tree.setFocus()
    QTest.keyClick(panel.tree, Qt.Key.Key_Return)
    assert ws.tabs.currentWidget() is ws.case_scroll
    assert QApplication.focusWidget() is ws.case_page.add_member_button
    # a lead added: the list now names the declaration; a click on it selects the unsigned member
    case_data.add_member(ctx, draft, name="钱组长", role="lead", org="福建数字评估中心")
    ws.open_case(draft)
    ws.finalize()
    ids = panel.target_ids()
    assert TEAM in ids and DECLARATIONS in ids
    group = panel.tree.topLevelItem(ids.index(DECLARATIONS))
    assert group.child(0).text(0) == "not signed: 钱组长"
    panel.tree.scrollToItem(group)
    QTest.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=panel.tree.visualItemRect(group).center())
    assert QApplication.focusWidget() is ws.case_page.team_table
    assert ws.case_page.current_member().name == "钱组长"
    # the opinion: its editor takes the keyboard
    group = panel.tree.topLevelItem(panel.target_ids().index(OPINION))
    panel.tree.setCurrentItem(group)
    panel.tree.setFocus()
    QTest.keyClick(panel.tree, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is ws.case_page.opinion_edit
    # Ctrl+PgUp / Ctrl+PgDown switch the tabs from wherever the keyboard is
    helpers.press(qtbot, window, Qt.Key.Key_PageUp, CTRL)
    assert ws.tabs.currentWidget() is ws.splitter and QApplication.focusWidget() is ws.tree
    helpers.press(qtbot, window, Qt.Key.Key_PageDown, CTRL)
    assert ws.tabs.currentWidget() is ws.case_scroll and QApplication.focusWidget() is ws.case_page.reference_edit
    # an indicator's problem brings the indicators back
    first = panel.tree.topLevelItem(0)
    panel.tree.setCurrentItem(first)
    panel.tree.setFocus()
    QTest.keyClick(panel.tree, Qt.Key.Key_Return)
    assert ws.tabs.currentWidget() is ws.splitter


def test_finalized_revision_shows_its_numbers_and_allows_no_edit(qtbot, sample_ctx) -> None:
    finalized = next(s for s in case_service.list_cases(sample_ctx) if not s.is_draft and s.mode == "third-party")
    w = MainWindow(sample_ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    assert w.open_case(finalized.ref)
    page = open_tab(qtbot, w)
    data = stored(sample_ctx, finalized.ref)
    assert data.report_no and page.report_no_label.text() == data.report_no
    assert page.certificate_no_label.text() == data.certificate_no
    assert page.valid_label.text().startswith(data.valid_from.isoformat())
    assert page.opinion_edit.isReadOnly() and page.reference_edit.isReadOnly()
    for button in (
        page.add_member_button,
        page.remove_member_button,
        page.sign_button,
        page.draft_button,
        page.add_inspection_button,
    ):
        assert not button.isEnabled()
    assert page.team_model.rowCount() == len(data.team) >= 2
    assert "expired" not in page.valid_label.text()
    # a result whose validity has ended reads expired
    from datetime import date

    from sqlalchemy import update

    from cityeval_desktop.store.models import Case

    uuid, revision = finalized.case_uuid, finalized.revision
    with sample_ctx.transaction() as s:
        s.execute(
            update(Case)
            .where(Case.case_uuid == uuid, Case.revision == revision)
            .values(valid_from=date(2017, 1, 1), valid_until=date(2019, 12, 31))
        )
    assert w.open_case(finalized.ref)
    assert page.valid_label.text() == "2017-01-01 to 2019-12-31 · expired"


def test_a_declaration_changed_in_the_database_reads_invalid_and_the_finalize_list_names_it(
    window, ctx, qtbot, draft, lead_identity
) -> None:
    from sqlalchemy import update

    from cityeval_desktop.services.identities import load_signing_identity
    from cityeval_desktop.store.models import DeclarationRow

    case_data.add_member(ctx, draft, name="钱组长", role="lead", org="福建数字评估中心")
    case_data.declare(ctx, draft, "钱组长", load_signing_identity(lead_identity, helpers.PASSWORD), lang="en")
    with ctx.transaction() as s:  # someone edits the stored statement behind the workbench's back
        s.execute(update(DeclarationRow).values(statement=DeclarationRow.statement + " (edited)"))
    assert window.open_case(draft)
    page = open_tab(qtbot, window)
    assert page.team_model.index(0, 4).data() == "INVALID — sign again"
    assert page.team_model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole).startswith("signature INVALID")
    helpers.press(qtbot, window, Qt.Key.Key_F, CTRL_SHIFT)
    panel = window.workspace.finalize_panel
    qtbot.waitUntil(lambda: panel.isVisible(), timeout=3000)
    group = panel.tree.topLevelItem(panel.target_ids().index(DECLARATIONS))
    assert [group.child(i).text(0) for i in range(group.childCount())] == [
        "the independence declaration of 钱组长 does not verify; sign it again"
    ]
    panel.tree.setCurrentItem(group)
    panel.tree.setFocus()
    QTest.keyClick(panel.tree, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.team_table and page.current_member().name == "钱组长"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_tab_fits_a_1280_by_720_screen(qtbot, ctx, lang, qapp) -> None:
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language

    i18n.set_lang(lang)
    install_language(qapp, lang)
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    draft = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="清单主体", uscc="91350100M000100Y43"
    ).ref
    case_data.add_member(ctx, draft, name="欧阳张三丰", role="lead", org="福建省数字城市建设与运营评估中心有限公司")
    case_data.add_member(ctx, draft, name="赵审核", role="reviewer", org="福建省评估协会", qualification="ZJ-2026-001")
    w = MainWindow(ctx, lang)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_case(draft)
    page = open_tab(qtbot, w)
    buttons = (
        page.add_member_button,
        page.remove_member_button,
        page.sign_button,
        page.draft_button,
        page.save_opinion_button,
        page.add_inspection_button,
        page.remove_inspection_button,
    )

    def whole(button) -> bool:
        return button.visibleRegion().boundingRect().size() == button.size()

    scroll = w.workspace.case_scroll

    def fits() -> bool:
        bars = scroll.horizontalScrollBar().isVisible() or scroll.verticalScrollBar().isVisible()
        return not bars and all(whole(b) for b in buttons)

    qtbot.waitUntil(fits, timeout=3000)  # once laid out: no scrolling, every button whole
    assert w.minimumSizeHint().width() <= 1280 and w.minimumSizeHint().height() <= 720
    header = page.team_table.horizontalHeader()
    for column in range(5):  # every heading in full
        assert header.sectionSize(column) >= header.sectionSizeHint(column) - 8, column
    state = page.team_model.index(0, 4)
    assert page.team_table.columnWidth(4) >= page.team_table.sizeHintForColumn(4), state.data()
    i18n.set_lang("en")
    install_language(qapp, "en")


def test_changing_the_reference_date_asks_when_declarations_are_signed_and_undo_takes_it_back(
    window, ctx, qtbot, lead_identity
) -> None:
    from cityeval_desktop.services.identities import load_signing_identity

    ref = case_service.new_case(
        ctx,
        framework="mini",
        tier="city",
        mode="third-party",
        entity_name="基准日主体",
        uscc="91350100M000100Y43",
        reference_date="2026-06-30",
    ).ref
    case_data.add_member(ctx, ref, name="钱组长", role="lead", org="福建数字评估中心")
    case_data.declare(ctx, ref, "钱组长", load_signing_identity(lead_identity, helpers.PASSWORD), lang="en")
    assert window.open_case(ref)
    page = open_tab(qtbot, window)
    assert page.window_label.text().startswith("2023-07-01 to 2026-06-30")
    field = page.reference_edit

    def type_date(text: str) -> None:
        click(field)
        QTest.keyClick(field, Qt.Key.Key_Home)
        QTest.keyClicks(field, text)
        QTest.keyClick(field, Qt.Key.Key_Return)

    # Cancel (the default): the date shown again as stored, the declaration kept
    answer = BoxAnswer(page, lambda box: box.button(QMessageBox.StandardButton.Cancel))
    type_date("2026-05-31")
    qtbot.waitUntil(lambda: not answer.timer.isActive(), timeout=3000)
    assert answer.texts == ["Changing the reference date withdraws 1 signed declaration."]
    assert field.date().toString("yyyy-MM-dd") == "2026-06-30"
    data = stored(ctx, ref)
    assert data.reference_date.isoformat() == "2026-06-30" and data.declaration_of("钱组长") is not None
    # Change the date: stored, the window follows, the declaration is withdrawn
    answer = BoxAnswer(page, lambda box: box.buttons()[0])
    type_date("2026-05-31")
    qtbot.waitUntil(lambda: not answer.timer.isActive(), timeout=3000)
    data = stored(ctx, ref)
    assert data.reference_date.isoformat() == "2026-05-31" and data.declaration_of("钱组长") is None
    assert page.window_label.text().startswith("2023-06-01 to 2026-05-31")
    assert page.team_model.index(0, 4).data() == "not signed"
    # undo: the date as before (the members sign again)
    helpers.press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(ctx, ref).reference_date.isoformat() == "2026-06-30"
    assert field.date().toString("yyyy-MM-dd") == "2026-06-30"
