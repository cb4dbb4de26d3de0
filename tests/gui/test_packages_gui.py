"""Case packages in the window (issue 10, item 1.7): Export package… on a finalized case, the agency's Import
page (drop, progress, Cancel between packages, the result table, the ledger with filters), the verify dialog,
and imported cases opened read-only with their origin; an untrusted one marked unverified.

Driven with real key presses, mouse clicks and drop events; what is checked is what is stored (the ledger, the
origins, the case list through the services, the audit trail, ``db check``).
"""

from __future__ import annotations

import json
import shutil
import threading
import zipfile
from pathlib import Path
from typing import Any

import cityeval_gui_signing_helpers as helpers  # registered by conftest.py
import pytest
from cryptography.hazmat.primitives import serialization
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services import package_crypto as crypto
from cityeval_desktop.services import package_import
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.maintenance import check_database
from cityeval_desktop.services.package_import import ledger, origin_of
from cityeval_desktop.services.packages import export_package, verify_packages
from cityeval_desktop.services.reporting import audit_entries, finalize_and_sign
from cityeval_desktop.services.samples import make_uscc
from cityeval_desktop.services.trust_store import add_trusted
from cityeval_desktop.signing.identity import create_identity, load_identity
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.pages.import_page import ImportPage
from cityeval_desktop.ui.widgets.package_models import CheckTableModel, ImportResultModel, LedgerModel
from tests.case_data_helpers import answer_mini, org_for, org_identity

FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = "Pinggu-Baoguo-2026!"  # typed key by key (QTest types Latin-1 only)
ENTITIES = (("福州云图规划院", "MA01A0B1"), ("厦门数港建设公司", "MA02C0D2"), ("泉州智维运营公司", "MA03E0F3"))
SHOTS = Path("/tmp/shots/pkggui")


# ----------------------------------------------------------------------------- building packages
@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An assessor's database with three finalized cases, exported as three signed packages."""
    root = tmp_path_factory.mktemp("assessor")
    identity = root / "assessor.p12"
    create_identity(identity, name="张三", org="福建数字评估中心", password=PASSWORD, key_size=2048)
    signer = load_identity(identity, PASSWORD)
    pem = root / "assessor.pem"
    pem.write_bytes(signer.certificate.public_bytes(serialization.Encoding.PEM))
    data = root / "data"
    data.mkdir()
    outbox = root / "outbox"
    outbox.mkdir()
    ctx = open_context(data / "cases.sqlite3", data, actor="张三")
    packages: list[Path] = []
    try:
        fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
        for number, (name, org) in enumerate(ENTITIES, start=1):
            ref = case_service.new_case(
                ctx, framework="mini", tier="city", mode="third-party", entity_name=name, uscc=make_uscc("350100", org)
            ).ref
            answer_mini(ctx, ref, root, lead=signer)
            finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref), lang="zh")
            packages.append(export_package(ctx, ref, outbox / f"{number}-{name}.cityeval", signer).path)
    finally:
        ctx.close()
    org_pem = root / "organisation.pem"  # the organisation's signature, second in each report
    org_pem.write_bytes(org_identity().certificate.public_bytes(serialization.Encoding.PEM))
    return {"identity": identity, "pem": pem, "org_pem": org_pem, "packages": packages, "outbox": outbox}


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The agency's own identity, whose certificate assessors encrypt packages for."""
    folder = tmp_path_factory.mktemp("agency")
    made = create_identity(folder / "agency.p12", name="福州市数据局", org=None, password=PASSWORD, key_size=2048)
    pem = folder / "agency.pem"
    pem.write_bytes(made.certificate.public_bytes(serialization.Encoding.PEM))
    return {"identity": folder / "agency.p12", "pem": pem}


def _tampered(source: Path, out: Path) -> Path:
    """A package whose case.json was changed after signing (the bag's checksums no longer hold)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith("data/case.json"):
                document = json.loads(data)
                document["entity"]["name"] += "（改）"
                data = json.dumps(document, ensure_ascii=False).encode()
            zout.writestr(info, data)
    return out


# ----------------------------------------------------------------------------- driving the window
@pytest.fixture
def window(qtbot: Any, ctx: Any) -> MainWindow:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _activate(qtbot: Any, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def _click(widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2, widget.height() // 2))


def _tick(box: Any) -> None:
    """Click a check box on its box (the widget may be wider than its text)."""
    assert box.isVisible() and box.isEnabled()
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def _type(widget: Any, text: str) -> None:
    """Select all in a line edit and type ``text`` over it (Chinese as an input method commits it)."""
    helpers.retype(widget, text)


def _double_click(view: Any, index: Any) -> None:
    """Press on a row, then double-click it (a view opens what was pressed first)."""
    centre = view.visualRect(index).center()
    assert view.viewport().rect().contains(centre)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def _drop(widget: QWidget, paths: list[Path]) -> None:
    """Drop files or folders on ``widget`` as a file manager does (a drag enter, then the drop)."""
    from PySide6.QtGui import QDragEnterEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = QPoint(widget.width() // 2, widget.height() // 2)
    enter = QDragEnterEvent(
        QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, drop)
    assert drop.isAccepted()


def _import_page(qtbot: Any, window: MainWindow) -> ImportPage:
    """Ctrl+6, as a user reaches the Import page."""
    _activate(qtbot, window)
    QTest.keyClick(QApplication.focusWidget() or window.nav, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    page = window.stack.currentWidget()
    assert isinstance(page, ImportPage)
    return page


def _wait(qtbot: Any, page: Any, timeout: int = 120000) -> None:
    qtbot.waitUntil(lambda: page.operation is not None and page.operation.done, timeout=timeout)


def _column(model: Any, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


# ----------------------------------------------------------------------------- import
def test_a_dropped_folder_is_imported_and_each_refusal_says_why(
    window: MainWindow, ctx: Any, qtbot: Any, sent: dict[str, Any], tmp_path: Path, qtmodeltester: Any
) -> None:
    add_trusted(ctx, sent["pem"])
    add_trusted(ctx, sent["org_pem"])
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    for package in sent["packages"][:2]:
        shutil.copy(package, inbox / package.name)
    _tampered(sent["packages"][2], inbox / "3-被改过.cityeval")
    (inbox / "说明.txt").write_text("不是案例包", encoding="utf-8")  # not a package: not picked up

    page = _import_page(qtbot, window)
    assert not page.start_button.isEnabled()  # nothing queued yet
    _drop(page.drop_zone, [inbox])
    assert page.queued == [inbox] and page.drop_zone.list.count() == 1
    _click(page.start_button)
    _wait(qtbot, page)

    model = page.results
    qtmodeltester.check(model)
    files = _column(model, ImportResultModel.COL_FILE)
    assert files == sorted(p.name for p in inbox.glob("*.cityeval"))
    outcomes = dict(zip(files, _column(model, ImportResultModel.COL_OUTCOME), strict=True))
    assert outcomes["3-被改过.cityeval"] == "rejected"
    assert [o for f, o in outcomes.items() if f != "3-被改过.cityeval"] == ["imported", "imported"]
    reasons = dict(zip(files, _column(model, ImportResultModel.COL_REASON), strict=True))
    assert "structure and checksums check failed" in reasons["3-被改过.cityeval"]
    assert _column(model, ImportResultModel.COL_SIGNER).count("张三") == 2
    assert "2 imported, 0 skipped (already here), 1 refused" in page.summary_label.text()
    assert page.queued == []  # a finished import empties the queue

    # what is stored: the ledger, the two cases with their origin, the rejected one nowhere
    entries = ledger(ctx)
    assert sorted(e.outcome for e in entries) == ["imported", "imported", "rejected"]
    listed = case_service.list_cases(ctx)
    assert sorted(s.entity_name for s in listed) == sorted(name for name, _ in ENTITIES[:2])
    for s in listed:
        origin = origin_of(ctx, s.ref)
        assert origin is not None and origin.trusted and origin.signer_name == "张三" and origin.accepted_by is None
    # the case list (reloaded by the import) marks both as imported
    statuses = _column(window.cases_page.model, window.cases_page.model.COL_STATUS)
    assert statuses == ["Finalized · imported", "Finalized · imported"]

    # the same folder again: each good package is skipped (already here), the bad one refused again
    _drop(page.drop_zone, [inbox])
    _click(page.start_button)
    _wait(qtbot, page)
    assert sorted(_column(page.results, ImportResultModel.COL_OUTCOME)) == [
        "rejected",
        "skipped (this revision is already here)",
        "skipped (this revision is already here)",
    ]
    assert len(case_service.list_cases(ctx)) == 2

    # the ledger tab: every attempt, filtered by outcome and by text
    page.tabs.setFocus()
    page.tabs.tabBar().setFocus()
    QTest.keyClick(page.tabs.tabBar(), Qt.Key.Key_Right)
    assert page.tabs.currentIndex() == 1
    qtmodeltester.check(page.ledger)
    proxy = page.ledger_proxy
    assert proxy.rowCount() == 6 and page.ledger_count.text() == "6 of 6 entries"
    combo = page.outcome_filter
    combo.setFocus()
    while combo.currentData() != "rejected":
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert proxy.rowCount() == 2
    assert {proxy.index(r, LedgerModel.COL_OUTCOME).data() for r in range(2)} == {"rejected"}
    assert all("structure and checksums" in proxy.index(r, LedgerModel.COL_REASON).data() for r in range(2))
    while combo.currentIndex() != 0:
        QTest.keyClick(combo, Qt.Key.Key_Up)
    page.ledger_search.setFocus()
    QTest.keyClicks(page.ledger_search, "skipped")
    assert proxy.rowCount() == 0  # the text search looks at file, case, signer, reason and person, not outcome
    _type(page.ledger_search, sent["packages"][0].name)
    assert proxy.rowCount() == 2  # imported once, skipped once
    assert page.ledger_count.text() == "2 of 6 entries"
    assert check_database(ctx).ok


CANCEL_SAID = {  # what the page says on Cancel, then once the worker stopped
    "en": (
        "Cancelling after the current package…",
        "Cancelled after 1 of 3 packages (1 imported, 0 skipped (already here), 0 refused); "
        "the other 2 were not touched.",
    ),
    "zh": (
        "当前案例包完成后即取消…",
        "已在处理 1 个案例包（共 3 个）后取消（已导入 1 个，跳过 0 个（已存在），拒绝 0 个）；"
        + "其余 2 个未做任何处理。",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cancel_stops_between_packages_and_leaves_no_partial_state(
    open_window: Any, ctx: Any, qtbot: Any, sent: dict[str, Any], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    window = open_window(ctx, lang)
    add_trusted(ctx, sent["pem"])
    add_trusted(ctx, sent["org_pem"])
    # the worker waits after its first package until the test has pressed Cancel (a user's timing, made exact)
    real_import_one = package_import.import_one
    pressed, calls = threading.Event(), []

    def gated(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1])
        outcome = real_import_one(*args, **kwargs)
        if len(calls) == 1:
            assert pressed.wait(30)
        return outcome

    monkeypatch.setattr(package_import, "import_one", gated)
    page = _import_page(qtbot, window)
    _drop(page.drop_zone, [sent["outbox"]])  # the folder holding the three packages
    assert page.drop_zone.list.count() == 1
    _click(page.start_button)
    first = {"en": "1 of 3", "zh": "第 1 个（共 3 个）"}[lang]
    qtbot.waitUntil(lambda: first in page.current_label.text(), timeout=30000)
    assert page.cancel_button.isEnabled() and not page.start_button.isEnabled()
    assert not page.add_files_button.isEnabled()  # the queue cannot change while importing
    _click(page.cancel_button)
    cancelling, cancelled = CANCEL_SAID[lang]
    assert not page.cancel_button.isEnabled() and page.current_label.text() == cancelling
    pressed.set()
    _wait(qtbot, page)

    assert calls == [sent["packages"][0]]  # the worker never started the second package
    assert page.results.rowCount() == 1 and [o.outcome for o in page.outcomes] == ["imported"]
    assert page.summary_label.text() == cancelled  # said whole, in the interface's language
    # exactly the package done before the cancel is stored, the rest are absent
    assert [s.entity_name for s in case_service.list_cases(ctx)] == [ENTITIES[0][0]]
    assert [e.outcome for e in ledger(ctx)] == ["imported"]
    assert check_database(ctx).ok
    # the other two stay queued (the folder by its packages not started); Start goes on with them
    assert page.queued == list(sent["packages"][1:]) and page.drop_zone.list.count() == 2
    monkeypatch.setattr(package_import, "import_one", real_import_one)
    _click(page.start_button)
    _wait(qtbot, page)
    assert [o.outcome for o in page.outcomes] == ["imported", "imported"]
    assert len(case_service.list_cases(ctx)) == 3 and check_database(ctx).ok


def test_an_untrusted_package_is_refused_unless_accepted_then_marked_unverified_everywhere(
    window: MainWindow, ctx: Any, qtbot: Any, sent: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    package = sent["packages"][0]
    page = _import_page(qtbot, window)
    _drop(page.drop_zone, [package])
    _click(page.start_button)
    _wait(qtbot, page)
    assert _column(page.results, ImportResultModel.COL_OUTCOME) == ["rejected"]
    assert _column(page.results, ImportResultModel.COL_TRUSTED) == ["no"]
    assert "signer trust check failed" in _column(page.results, ImportResultModel.COL_REASON)[0]
    assert case_service.list_cases(ctx) == []

    # accepting untrusted packages asks first; "No" imports nothing
    asked: list[str] = []
    answer = {"button": QMessageBox.StandardButton.No}
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: asked.append(text) or answer["button"])
    _drop(page.drop_zone, [package])
    assert page.accept_warning.isHidden()
    _tick(page.accept_check)
    assert page.accept_check.isChecked() and page.accept_warning.isVisible()
    assert "your name is recorded" in page.accept_warning.text()
    _click(page.start_button)
    assert asked and page.operation is not None and page.operation.done  # the refused import's operation
    assert case_service.list_cases(ctx) == []
    answer["button"] = QMessageBox.StandardButton.Yes
    _click(page.start_button)
    _wait(qtbot, page)
    assert _column(page.results, ImportResultModel.COL_OUTCOME) == ["imported — unverified"]

    listed = case_service.list_cases(ctx)
    assert len(listed) == 1
    origin = origin_of(ctx, listed[0].ref)
    assert origin is not None and not origin.trusted and origin.accepted_by == ctx.actor
    assert [e.trusted for e in ledger(ctx)] == [False, False]

    # the case list marks it, the workspace opens it read-only with the banner, nothing can amend or re-export it
    _activate(qtbot, window)
    QTest.keyClick(QApplication.focusWidget() or window.nav, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    table = window.cases_page.table
    qtbot.waitExposed(table)
    index = table.model().index(0, window.cases_page.model.COL_STATUS)
    assert index.data() == "Finalized · unverified"
    assert f"accepted by {ctx.actor}" in index.data(Qt.ItemDataRole.ToolTipRole)
    _double_click(table, index)
    ws = window.workspace
    assert window.stack.currentWidget() is ws and ws.read_only
    banner = ws.origin_banner
    assert banner.isVisible()
    text = banner.text()
    assert "Unverified (signer not trusted)" in text and f"accepted by {ctx.actor}" in text
    assert package.name in text and "signed by 张三" in text
    assert ws.amend_button.isVisible() and not ws.amend_button.isEnabled()
    assert "imported from a package and is read-only here" in ws.amend_button.toolTip()
    assert not ws.package_button.isEnabled() and not window.package_action.isEnabled()
    with pytest.raises(Exception, match="imported from a package"):
        case_service.amend(ctx, listed[0].ref, "试图修订")


def test_a_trusted_import_opens_with_its_origin_and_the_verify_dialog_names_every_check(
    window: MainWindow, ctx: Any, qtbot: Any, sent: dict[str, Any], tmp_path: Path, qtmodeltester: Any
) -> None:
    add_trusted(ctx, sent["pem"])
    add_trusted(ctx, sent["org_pem"])
    page = _import_page(qtbot, window)
    _drop(page.drop_zone, [sent["packages"][1]])
    _click(page.start_button)
    _wait(qtbot, page)
    ref = page.outcomes[0].ref
    # double-click the result row: the imported case opens read-only, with where it came from
    _double_click(page.results_table, page.results.index(0, ImportResultModel.COL_CASE))
    ws = window.workspace
    assert window.stack.currentWidget() is ws and ws.ref == ref and ws.read_only
    text = ws.origin_banner.text()
    assert "Imported — signer trusted here" in text and sent["packages"][1].name in text and "by tester" in text
    assert "Unverified" not in text

    # File → Verify a case package…: a good package, every check passed
    dialog = window.verify_package()
    assert isinstance(dialog, QDialog)
    _type(dialog.path_edit, str(sent["packages"][2]))
    QTest.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    _wait(qtbot, dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 10
    assert set(_column(dialog.model, CheckTableModel.COL_RESULT)) == {"passed"}
    assert "Valid: every check passed" in dialog.headline.text()
    facts = dialog.facts.text()
    assert "张三 (福建数字评估中心)" in facts and ENTITIES[2][0] in facts and "1 file," in facts
    # a damaged one: the failed check with its reason, the checks that could not run said so
    bad = _tampered(sent["packages"][0], tmp_path / "坏包.cityeval")
    _type(dialog.path_edit, str(bad))
    QTest.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    _wait(qtbot, dialog)
    results = _column(dialog.model, CheckTableModel.COL_RESULT)
    assert results[0] == "failed" and set(results[1:]) == {"not checked"} and len(results) == 10
    assert dialog.model.index(0, CheckTableModel.COL_REASON).data()
    assert "Not valid: 1 of 10 checks failed" in dialog.headline.text()
    assert verify_packages(ctx, [bad])[0].failures[0].id == "structure"  # the dialog shows what the service says
    dialog.close()


# ----------------------------------------------------------------------------- export
def test_export_package_from_the_workspace_writes_a_verified_package(
    window: MainWindow, ctx: Any, qtbot: Any, sent: dict[str, Any], tmp_path: Path
) -> None:
    signer = load_identity(sent["identity"], PASSWORD)
    ref = case_service.new_case(
        ctx,
        framework="mini",
        tier="city",
        mode="third-party",
        entity_name="导出主体",
        uscc=make_uscc("350100", "MA04G0H4"),
    ).ref
    answer_mini(ctx, ref, tmp_path, lead=signer)
    window.open_case(ref)
    ws = window.workspace
    assert not ws.package_button.isVisible() and not window.package_action.isEnabled()  # a draft: nothing to send
    finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref), lang="zh")
    window.open_case(ref)
    assert ws.package_button.isVisible() and window.package_action.isEnabled() and ws.origin_banner.isHidden()
    _click(ws.package_button)
    dialog = ws.package_dialog
    qtbot.waitExposed(dialog)
    out = tmp_path / "发送" / "case.cityeval"
    out.parent.mkdir()
    _type(dialog.identity_edit, str(sent["identity"]))
    _type(dialog.out_edit, str(out))
    _type(dialog.password_edit, "wrong-password")
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    _wait(qtbot, dialog)
    assert "password" in dialog.message.text().lower() and not out.exists()

    _type(dialog.password_edit, PASSWORD)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    _wait(qtbot, dialog)
    assert dialog.message.text() == ""
    result = dialog.result_value
    assert result.path == out and out.is_file()
    shown = dialog.result_label.text()
    assert str(out) in shown and result.sha256 in shown and "1 evidence file," in shown and "张三" in shown
    assert dialog.password_edit.text() == ""  # the password is not kept
    found = verify_packages(ctx, [out])[0]
    assert found.case_uuid == ref.split("@")[0] and found.evidence_count == 1 and not found.failures[1:]
    exports = [e for e in audit_entries(ctx, ref.split("@")[0]) if e["action"] == "package.export"]
    assert [e["new"]["file"] for e in exports] == ["case.cityeval"]
    # a second export to the same file is refused in the dialog's words, and the file is kept
    before = out.read_bytes()
    dialog2 = window.workspace.export_package()
    _type(dialog2.identity_edit, str(sent["identity"]))
    _type(dialog2.out_edit, str(out))
    _type(dialog2.password_edit, PASSWORD)
    QTest.keyClick(dialog2.password_edit, Qt.Key.Key_Return)
    _wait(qtbot, dialog2)
    assert "already exists" in dialog2.message.text() and out.read_bytes() == before
    dialog.close()
    dialog2.close()


def test_an_encrypted_export_opens_only_with_the_agency_identity_and_imports_with_it(
    window: MainWindow, ctx: Any, qtbot: Any, sent: dict[str, Any], agency: dict[str, Path], tmp_path: Path
) -> None:
    # the assessor: Export package…, encrypted for the agency's certificate
    signer = load_identity(sent["identity"], PASSWORD)
    ref = case_service.new_case(
        ctx,
        framework="mini",
        tier="city",
        mode="third-party",
        entity_name="加密主体",
        uscc=make_uscc("350100", "MA05J0K5"),
    ).ref
    answer_mini(ctx, ref, tmp_path, lead=signer)
    finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref), lang="zh")
    window.open_case(ref)
    dialog = window.workspace.export_package()
    qtbot.waitExposed(dialog)
    _activate(qtbot, dialog)
    _type(dialog.identity_edit, str(sent["identity"]))
    _type(dialog.out_edit, str(tmp_path / "密件.cityeval"))
    _tick(dialog.encrypt_check)
    assert dialog.out_edit.text().endswith("密件.cityeval.p7m")  # the name says it is encrypted
    _type(dialog.recipient_edit, str(agency["pem"]))
    QTest.keyClick(dialog.recipient_edit, Qt.Key.Key_Tab)  # leaving the box shows whom the certificate names
    assert "福州市数据局" in dialog.recipient_label.text()
    _type(dialog.password_edit, PASSWORD)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    _wait(qtbot, dialog)
    assert dialog.message.text() == "", dialog.message.text()
    out = tmp_path / "密件.cityeval.p7m"
    assert dialog.result_value.path == out and crypto.is_encrypted_package(out)
    assert "only “福州市数据局”" in dialog.result_label.text()
    assert not list(tmp_path.glob("*.cityeval"))  # no plaintext package beside it
    opened = crypto.package_opener(crypto.load_decryption_identity(agency["identity"], PASSWORD))
    assert verify_packages(ctx, [out], [sent["pem"], sent["org_pem"]], opener=opened)[0].ok
    dialog.close()

    # the agency (another database): without its identity the package is refused, with it imported
    data = tmp_path / "agency-data"
    data.mkdir()
    agency_ctx = open_context(data / "cases.sqlite3", data, actor="王五")
    try:
        add_trusted(agency_ctx, sent["pem"])
        add_trusted(agency_ctx, sent["org_pem"])
        at_agency = MainWindow(agency_ctx, "en")
        qtbot.addWidget(at_agency)
        at_agency.resize(1366, 768)
        at_agency.show()
        qtbot.waitExposed(at_agency)
        page = _import_page(qtbot, at_agency)
        _drop(page.drop_zone, [out])
        _click(page.start_button)
        _wait(qtbot, page)
        # refused up front, naming the file: the package is not at fault, so nothing is recorded or quarantined
        assert _column(page.results, ImportResultModel.COL_OUTCOME) == []
        assert "Nothing was imported" in page.summary_label.text() and "encrypted" in page.summary_label.text()
        assert ledger(agency_ctx) == [] and not (data / "quarantine").exists()
        _drop(page.drop_zone, [out])
        _type(page.identity_edit, str(agency["identity"]))
        _type(page.password_edit, PASSWORD)
        _click(page.start_button)
        assert page.password_edit.text() == ""  # the password is dropped once the import starts
        _wait(qtbot, page)
        assert _column(page.results, ImportResultModel.COL_OUTCOME) == ["imported"]
        listed = case_service.list_cases(agency_ctx)
        assert [s.entity_name for s in listed] == ["加密主体"]
        origin = origin_of(agency_ctx, listed[0].ref)
        assert origin is not None and origin.file_name == out.name and origin.trusted
        assert [p for p in data.rglob("*") if p.name.startswith("cityeval-private-")] == []
        assert check_database(agency_ctx).ok
        at_agency.close()
    finally:
        agency_ctx.close()


def test_a_read_only_workbench_neither_exports_nor_imports(
    qtbot: Any, ctx: Any, sent: dict[str, Any], tmp_path: Path
) -> None:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    ref = case_service.new_case(
        ctx,
        framework="mini",
        tier="city",
        mode="third-party",
        entity_name="只读主体",
        uscc=make_uscc("350100", "MA07N0P7"),
    ).ref
    answer_mini(ctx, ref, tmp_path, lead=load_identity(sent["identity"], PASSWORD))
    finalize_and_sign(ctx, ref, load_identity(sent["identity"], PASSWORD), org_identity=org_for(ctx, ref), lang="zh")
    w = MainWindow(ctx, "en", read_only=True)  # another workbench has the database
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.open_case(ref)
    assert not w.workspace.package_button.isEnabled() and not w.package_action.isEnabled()
    assert w.workspace.export_package() is None
    page = _import_page(qtbot, w)
    _drop(page.drop_zone, [sent["packages"][0]])
    assert not page.start_button.isEnabled() and "read-only" in page.start_button.toolTip()
    assert page.start() is None and ledger(ctx) == []


# ----------------------------------------------------------------------------- screenshots
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screens_in_both_languages(
    qapp: Any,
    qtbot: Any,
    ctx: Any,
    sent: dict[str, Any],
    agency: dict[str, Path],
    tmp_path: Path,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The import page with results, the verify dialog, an unverified import's banner and the export dialog,
    at 1366×768."""
    import re

    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language

    i18n.set_lang(lang)
    install_language(qapp, lang)
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    try:
        w = MainWindow(ctx, lang)
        qtbot.addWidget(w)
        w.resize(1366, 768)
        w.show()
        qtbot.waitExposed(w)
        page = _import_page(qtbot, w)
        bad = _tampered(sent["packages"][2], tmp_path / "3-changed.cityeval")
        _drop(page.drop_zone, [*sent["packages"][:2], bad])
        _tick(page.accept_check)
        _click(page.start_button)
        _wait(qtbot, page)
        texts = [page.summary_label.text(), *(_column(page.results, c) for c in range(6))]
        flat = [t for item in texts for t in (item if isinstance(item, list) else [item])]
        for text in flat:
            if lang == "zh":
                latin = re.sub(r"[\w./-]+\.(?:cityeval|json)|/\S+|[0-9a-f]{8}|SHA-256", "", text)
                assert not re.search(r"[A-Za-z]{2,}", latin), f"untranslated: {text!r}"
            else:
                assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"\S*\.cityeval|张三|\S*公司|\S*院", "", text)), text
        SHOTS.mkdir(parents=True, exist_ok=True)
        w.grab().save(str(SHOTS / f"import-{lang}.png"))
        page.tabs.setCurrentIndex(1)
        w.grab().save(str(SHOTS / f"ledger-{lang}.png"))
        dialog = w.verify_package()
        dialog.verify(bad)
        _wait(qtbot, dialog)
        dialog.grab().save(str(SHOTS / f"verify-bad-{lang}.png"))
        dialog.verify(sent["packages"][0])
        _wait(qtbot, dialog)
        dialog.grab().save(str(SHOTS / f"verify-{lang}.png"))
        dialog.close()
        w.open_case(page.outcomes[0].ref)
        assert w.workspace.origin_banner.isVisible()
        if lang == "zh":
            assert "未验证（签署人不受信任）" in w.workspace.origin_banner.text()
        w.grab().save(str(SHOTS / f"imported-case-{lang}.png"))
        w.show_cases()
        w.grab().save(str(SHOTS / f"case-list-{lang}.png"))

        ref = case_service.new_case(
            ctx,
            framework="mini",
            tier="city",
            mode="third-party",
            entity_name="导出主体",
            uscc=make_uscc("350100", "MA06L0M6"),
        ).ref
        answer_mini(ctx, ref, tmp_path, lead=load_identity(sent["identity"], PASSWORD))
        finalize_and_sign(
            ctx, ref, load_identity(sent["identity"], PASSWORD), org_identity=org_for(ctx, ref), lang=lang
        )
        w.open_case(ref)
        dialog = w.workspace.export_package()
        qtbot.waitExposed(dialog)
        dialog.identity_edit.setText(str(sent["identity"]))
        dialog.encrypt_check.setChecked(True)
        dialog.recipient_edit.setText(str(agency["pem"]))
        dialog._show_recipient()
        dialog.password_edit.setText(PASSWORD)
        dialog.export()
        _wait(qtbot, dialog)
        assert dialog.result_value is not None, dialog.message.text()
        w.grab().save(str(SHOTS / f"workspace-export-{lang}.png"))
        dialog.grab().save(str(SHOTS / f"export-{lang}.png"))
        dialog.close()
    finally:
        i18n.set_lang("en")
        install_language(qapp, "en")
