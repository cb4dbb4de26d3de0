"""Identities, trust list, PDF verification, database maintenance, checklist and framework workbooks in the window.

Driven with real key and mouse events; each test then checks what was stored (files on disk, the
database through the services), not only what the widgets show.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services import identities as identity_service
from cityeval_desktop.services import trust_store
from cityeval_desktop.services.context import open_context
from cityeval_desktop.signing import _pkcs12
from cityeval_desktop.signing import identity as signing_identity
from cityeval_desktop.ui.dialogs.password import PasswordDialog
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.pages import identities_page, tools_page, trust_page
from tests.case_data_helpers import org_for, staff_if_third_party

FIXTURES = Path(__file__).parents[1] / "fixtures"
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
PASSWORD = "Pinggu-2026!"  # typed key by key
USCC = "91350100M000100Y43"
CA_PASSWORD = "ca-pass-2026"


# ----------------------------------------------------------------------------- helpers
@pytest.fixture(autouse=True)
def _fast_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap key derivation and 2048-bit keys; the defaults are tested in tests/unit/signing."""
    monkeypatch.setattr(_pkcs12, "KDF_ROUNDS", 1000)
    monkeypatch.setattr(signing_identity, "KEY_SIZE", 2048)


@pytest.fixture(autouse=True)
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Files and folders the window asks the system to open (none is opened)."""
    from PySide6.QtGui import QDesktopServices

    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True)
    return urls


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """An agency CA (p12 + its certificate PEM), made once for the module."""
    from cityeval_desktop.signing.ca import init_ca

    folder = tmp_path_factory.mktemp("agency")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_pkcs12, "KDF_ROUNDS", 1000)
        init_ca(folder / "ca.p12", name="福州市数据局评估 CA", password=CA_PASSWORD, key_size=2048)
        identity_service.export_certificate(None, folder / "ca.p12", CA_PASSWORD, folder / "ca.pem")
    yield {"p12": folder / "ca.p12", "pem": folder / "ca.pem", "folder": folder}


@pytest.fixture
def window(qtbot: Any, ctx: Any) -> MainWindow:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error dialogs are captured (their lines), not shown."""
    from cityeval_desktop.ui.errors import describe

    seen: list[str] = []

    def capture(_parent: object, exc: BaseException, _title: str | None = None) -> None:
        seen.extend(describe(exc))

    for module in (identities_page, trust_page, tools_page):
        monkeypatch.setattr(module, "show_error", capture)
    monkeypatch.setattr("cityeval_desktop.ui.pages.frameworks_page.show_error", capture)
    monkeypatch.setattr("cityeval_desktop.ui.workspace.case_workspace.show_error", capture)
    return seen


def activate(qtbot: Any, widget: QWidget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window(), timeout=3000)


def press(qtbot: Any, window: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    """A key press at the focused widget of the active window, so the window's shortcuts apply."""
    activate(qtbot, window)
    target = QApplication.focusWidget()
    if target is None or target.window() is not window:
        target = window.nav  # type: ignore[attr-defined]
        target.setFocus()
    QTest.keyClick(target, key, modifiers)


def type_text(widget: QWidget, text: str) -> None:
    """Keys for ASCII, an input-method commit for Chinese (as a Pinyin IME sends it)."""
    for part in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if part.isascii():
            QTest.keyClicks(widget, part)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(part)
            QApplication.sendEvent(widget, event)


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2, widget.height() // 2))


class PasswordTyper:
    """Types into the next password dialogs (key by key, Tab to the second field, Enter) as they open."""

    def __init__(self, *answers: str | None) -> None:
        self.answers = list(answers)  # None: press Escape
        self.prompts: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PasswordDialog) or not self.answers or dialog.property("typed"):
            return
        dialog.setProperty("typed", True)
        self.prompts.append(dialog.prompt.text())
        answer = self.answers.pop(0)
        if answer is None:
            QTest.keyClick(dialog.password_edit, Qt.Key.Key_Escape)
            return
        QTest.keyClicks(dialog.password_edit, answer)
        if dialog._confirm:
            QTest.keyClick(dialog.password_edit, Qt.Key.Key_Tab)
            QTest.keyClicks(dialog.repeat_edit, answer)
        QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    def stop(self) -> None:
        self.timer.stop()


def wait(qtbot: Any, op: Any) -> Any:
    assert op is not None
    qtbot.waitUntil(lambda: op.done, timeout=60000)
    return op


def identity_file(folder: Path, name: str = "王五", org: str | None = "福建数字评估中心") -> Path:
    path = folder / f"{name}.p12"
    identity_service.create_identity(None, path, name=name, org=org, password=PASSWORD, key_size=2048)
    return path


def signing_page(qtbot: Any, window: MainWindow) -> Any:
    press(qtbot, window, Qt.Key.Key_3, CTRL)
    assert window.stack.currentWidget() is window.signing_page
    return window.signing_page


# ----------------------------------------------------------------------------- identities
def test_new_identity_typed_in_the_dialog_opens_with_its_password(window: MainWindow, ctx: Any, qtbot: Any) -> None:
    from cityeval_desktop.ui.dialogs.new_identity import NewIdentityDialog

    page = signing_page(qtbot, window).identities
    click(page.new_button)
    qtbot.waitUntil(lambda: window.findChild(NewIdentityDialog) is not None, timeout=3000)
    dialog = window.findChild(NewIdentityDialog)
    activate(qtbot, dialog)
    dialog.name_edit.setFocus()
    type_text(dialog.name_edit, "赵六")
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    type_text(dialog.org_edit, "福州评估所")
    QTest.keyClick(dialog.org_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.uscc_edit  # the organisation's credit code, as `identity new --uscc`
    QTest.keyClicks(dialog.uscc_edit, "9135 0100 m000 100y4x")  # as printed on a licence, wrong check character
    assert not dialog.create_button.isEnabled()
    assert dialog.message.text() == (
        "The unified social credit code is not valid. Wrong check character: position 18 is 'X', "
        "the first 17 characters give '3'"
    )
    QTest.keyClick(dialog.uscc_edit, Qt.Key.Key_Backspace)
    QTest.keyClicks(dialog.uscc_edit, "3")
    QTest.keyClick(dialog.uscc_edit, Qt.Key.Key_Tab)
    assert dialog.uscc_edit.text() == USCC  # shown as it is written into the certificate
    QTest.keyClicks(dialog.password_edit, PASSWORD)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Tab)
    QTest.keyClicks(dialog.repeat_edit, PASSWORD + "x")
    assert not dialog.create_button.isEnabled() and "differ" in dialog.message.text()
    QTest.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)  # Enter with a mismatch creates nothing
    assert dialog.operation is None
    QTest.keyClick(dialog.repeat_edit, Qt.Key.Key_Backspace)
    assert dialog.create_button.isEnabled(), dialog.message.text()
    out = Path(dialog.path_edit.text())
    assert out.parent == ctx.data_dir / "identities" and out.name == "赵六.p12"
    QTest.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    wait(qtbot, dialog.operation)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)

    opened = identity_service.open_identity(ctx, out, PASSWORD)  # the file opens with the typed password
    assert (opened.name, opened.organisation, opened.uscc, opened.self_signed) == ("赵六", "福州评估所", USCC, True)
    assert dialog.password_edit.text() == "" and PASSWORD not in json.dumps(identities_page.remembered())
    assert page.table.item(0, identities_page.COL_NAME).text() == "赵六"
    assert page.table.item(0, identities_page.COL_TRUST).text() == "self-signed, not trusted"
    # remembered: a new window lists it without asking for the password
    again = identities_page.IdentitiesPage(ctx)
    qtbot.addWidget(again)
    assert again.table.rowCount() == 1 and again.table.item(0, identities_page.COL_FINGERPRINT).text() == (
        opened.fingerprint_short
    )


def test_new_identity_credit_code_is_checked_in_the_users_language(
    window: MainWindow, ctx: Any, qtbot: Any, qapp: Any
) -> None:
    """In Chinese: a code needs its organisation, and a wrong one says what is wrong, in Chinese."""
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language
    from cityeval_desktop.ui.dialogs.new_identity import NewIdentityDialog

    i18n.set_lang("zh")
    install_language(qapp, "zh")
    dialog = NewIdentityDialog(ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    dialog.name_edit.setFocus()
    type_text(dialog.name_edit, "赵六")
    dialog.org_edit.setFocus()
    QTest.keyClick(dialog.org_edit, Qt.Key.Key_A, CTRL)
    QTest.keyClick(dialog.org_edit, Qt.Key.Key_Delete)
    QTest.keyClick(dialog.org_edit, Qt.Key.Key_Tab)
    QTest.keyClicks(dialog.uscc_edit, USCC)
    QTest.keyClick(dialog.uscc_edit, Qt.Key.Key_Tab)
    QTest.keyClicks(dialog.password_edit, PASSWORD)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Tab)
    QTest.keyClicks(dialog.repeat_edit, PASSWORD)
    assert not dialog.create_button.isEnabled()
    assert dialog.message.text() == "统一社会信用代码是单位的代码：请同时填写单位名称。"
    dialog.org_edit.setFocus()
    type_text(dialog.org_edit, "福州评估所")
    assert dialog.create_button.isEnabled(), dialog.message.text()
    dialog.uscc_edit.setFocus()
    QTest.keyClick(dialog.uscc_edit, Qt.Key.Key_End)
    QTest.keyClick(dialog.uscc_edit, Qt.Key.Key_Backspace)
    QTest.keyClicks(dialog.uscc_edit, "I")
    assert not dialog.create_button.isEnabled()
    assert dialog.message.text() == "统一社会信用代码有误：第 18 位字符“I”不合法（不使用 I、O、S、V、Z）"
    QTest.keyClick(dialog.uscc_edit, Qt.Key.Key_Return)  # Enter with a wrong code creates nothing
    assert dialog.operation is None


def test_new_identity_never_overwrites_a_file(window: MainWindow, ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    from cityeval_desktop.ui.dialogs.new_identity import NewIdentityDialog

    existing = tmp_path / "taken.p12"
    existing.write_bytes(b"keep me")
    dialog = NewIdentityDialog(ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    QTest.keyClicks(dialog.name_edit, "Zhao")
    QTest.keyClicks(dialog.password_edit, PASSWORD)
    QTest.keyClicks(dialog.repeat_edit, PASSWORD)
    dialog.path_edit.setFocus()
    QTest.keyClick(dialog.path_edit, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(dialog.path_edit, str(existing))
    assert not dialog.create_button.isEnabled() and "already exists" in dialog.message.text()
    QTest.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert dialog.operation is None and existing.read_bytes() == b"keep me"


def test_request_install_and_export_a_certificate(
    window: MainWindow, ctx: Any, qtbot: Any, tmp_path: Path, agency: dict[str, Path], errors: list[str], monkeypatch
) -> None:
    from cityeval_desktop.signing.ca import issue

    p12 = identity_file(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(p12), ""))
    page = signing_page(qtbot, window).identities
    typer = PasswordTyper("wrong-password", PASSWORD)
    click(page.open_button)  # a wrong password first: nothing is added, the reason is shown
    qtbot.waitUntil(lambda: bool(errors), timeout=20000)
    assert "wrong password" in errors[0] and page.table.rowCount() == 0
    click(page.open_button)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=20000)
    typer.stop()
    assert typer.prompts == ["Password of 王五.p12"] * 2

    csr = tmp_path / "王五.csr"
    typer = PasswordTyper(PASSWORD)
    wait(qtbot, page.make_csr(csr))
    assert csr.read_bytes().startswith(b"-----BEGIN CERTIFICATE REQUEST-----")
    issued = tmp_path / "issued.pem"
    issue(agency["p12"], CA_PASSWORD, csr, issued)

    # the CA's certificate alone is not an issued certificate for this key: refused, file unchanged
    before = p12.read_bytes()
    typer = PasswordTyper(PASSWORD, PASSWORD)
    wait(qtbot, page.install_certificate(agency["pem"]))
    assert any("not issued for this identity" in e for e in errors), errors
    assert p12.read_bytes() == before
    wait(qtbot, page.install_certificate(issued))
    typer.stop()
    installed = identity_service.open_identity(ctx, p12, PASSWORD)
    assert installed.issuer_name == "福州市数据局评估 CA" and installed.chain
    assert page.table.item(0, identities_page.COL_ISSUER).text() == "福州市数据局评估 CA"
    assert page.table.item(0, identities_page.COL_TRUST).text() == "issuer not trusted"

    # trusting the agency CA on the next tab makes the identity trusted here
    signing = window.signing_page
    signing.tabs.setCurrentIndex(1)
    assert signing.trust.add_file(agency["pem"])
    assert page.table.item(0, identities_page.COL_TRUST).text() == "trusted here"

    exported = tmp_path / "王五.pem"
    typer = PasswordTyper(PASSWORD)
    wait(qtbot, page.export_certificate(exported))
    typer.stop()
    assert exported.read_text().count("BEGIN CERTIFICATE") == 2  # the certificate and the CA above it
    assert len(errors) == 2, errors  # the wrong password and the wrong certificate, nothing else


def test_delete_key_forgets_an_identity_but_keeps_the_file(
    window: MainWindow, ctx: Any, qtbot: Any, tmp_path: Path, monkeypatch
) -> None:
    p12 = identity_file(tmp_path)
    identities_page.remember(identity_service.open_identity(ctx, p12, PASSWORD))
    page = signing_page(qtbot, window).identities
    page.reload()
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.table.rowCount() == 1 and len(identities_page.remembered()) == 1
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.table.rowCount() == 0 and identities_page.remembered() == []
    assert p12.is_file()


# ----------------------------------------------------------------------------- trust list
def test_trust_list_add_and_remove_with_the_delete_key(
    window: MainWindow, ctx: Any, qtbot: Any, agency: dict[str, Path], errors: list[str], monkeypatch, tmp_path: Path
) -> None:
    from cityeval_desktop.services.reporting import audit_entries

    page = signing_page(qtbot, window).trust
    window.signing_page.tabs.setCurrentIndex(1)
    chosen = [str(agency["pem"])]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen.pop(0), ""))
    click(page.add_button)
    entries = trust_store.list_trusted(ctx)
    assert [(e.subject, e.is_ca) for e in entries] == [("CN=福州市数据局评估 CA", True)]
    assert page.table.item(0, trust_page.COL_KIND).text() == "CA"
    assert page.table.item(0, trust_page.COL_SUBJECT).text() == "CN=福州市数据局评估 CA"

    # a revocation list is not a certificate: refused with the reason, nothing added
    crl = tmp_path / "agency.crl"
    crl.write_text("-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n")
    chosen.append(str(crl))
    click(page.add_button)
    assert any("revocation list" in e for e in errors) and len(trust_store.list_trusted(ctx)) == 1

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_Delete)  # "No": still trusted
    assert len(trust_store.list_trusted(ctx)) == 1
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    assert trust_store.list_trusted(ctx) == [] and page.table.rowCount() == 0
    system = audit_entries(ctx, "system")
    assert [e["action"] for e in system][-2:] == ["trust.add", "trust.remove"]
    assert system[-1]["target"] == entries[0].fingerprint


# ----------------------------------------------------------------------------- verify
def _signed_pdf(folder: Path, p12: Path) -> bytes:
    from reportlab.pdfgen import canvas

    from cityeval_desktop.signing.pades import sign_pdf

    buf = BytesIO()
    c = canvas.Canvas(buf, pageCompression=0, invariant=1)
    c.drawString(72, 720, "CityEval report: total 87.50")
    c.showPage()
    c.save()
    return sign_pdf(
        buf.getvalue(), identity_service.load_signing_identity(p12, PASSWORD), box=None, lang="en", reason="t"
    )


def test_verify_page_reports_valid_untrusted_and_tampered(
    window: MainWindow, ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    p12 = identity_file(tmp_path, "Verifier", None)
    signed = _signed_pdf(tmp_path, p12)
    good = tmp_path / "report.pdf"
    good.write_bytes(signed)
    data = bytearray(signed)
    data[data.index(b"87.50")] ^= 0x01
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(data))
    page = signing_page(qtbot, window).verify
    window.signing_page.tabs.setCurrentIndex(2)

    def verify(path: Path) -> str:
        page.path_edit.setFocus()
        QTest.keyClick(page.path_edit, Qt.Key.Key_A, CTRL)
        QTest.keyClicks(page.path_edit, str(path))
        QTest.keyClick(page.path_edit, Qt.Key.Key_Return)
        wait(qtbot, page.operation)
        return page.headline.text()

    assert "not trusted here" in verify(good) and not page.verdict.ok
    cert = tmp_path / "verifier.pem"
    identity_service.export_certificate(ctx, p12, PASSWORD, cert)
    trust_store.add_trusted(ctx, cert)
    assert verify(good).startswith("✔ Valid") and page.verdict.ok
    assert "Verifier" in page.details.toPlainText()
    headline = verify(bad)
    assert headline.startswith("✘ Not valid") and not page.verdict.ok
    assert "changed after signing" in page.details.toPlainText()
    assert "the document was changed after it was signed" in page.details.toPlainText()
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert "Not" in verify(plain)


# ----------------------------------------------------------------------------- database
def test_backup_opens_with_the_cases_and_check_lists_a_changed_evidence_file(
    window: MainWindow, ctx: Any, qtbot: Any, tmp_path: Path, monkeypatch
) -> None:
    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="备份主体", uscc="91350100M000100Y43"
    )
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    case_service.add_evidence(ctx, summary.ref, "S", [scan])
    press(qtbot, window, Qt.Key.Key_4, CTRL)
    page = window.database_page
    assert window.stack.currentWidget() is page
    out = tmp_path / "backups" / "copy.sqlite3"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    click(page.backup_button)
    wait(qtbot, page.operation)
    assert out.is_file() and not list(out.parent.glob("*.partial"))
    copy = open_context(out, tmp_path / "copy-data")
    try:
        assert [c.case_uuid for c in case_service.list_cases(copy)] == [summary.case_uuid]
    finally:
        copy.close()
    assert str(out) in page.backup_label.text()

    click(page.check_button)
    wait(qtbot, page.operation)
    headline = page.check_headline.text()
    assert page.check_result.ok and headline.startswith("✔ No problem found")
    # counted in English plurals: the one scan is "1 evidence file"
    entries = page.check_result.audit_entries
    assert f": {entries} audit {'entry' if entries == 1 else 'entries'}, chains intact;" in headline
    assert headline.endswith("; 1 evidence file intact."), headline
    # checked again: what the first check found sound and is unchanged is not verified again, and it says so
    from cityeval_desktop.services import check_cache

    monkeypatch.setattr(check_cache, "SETTLE_NS", 0)  # the scan is seconds old, not minutes
    click(page.check_button)
    wait(qtbot, page.operation)
    click(page.check_button)
    wait(qtbot, page.operation)
    assert page.check_result.reused_cases == 1 and page.check_result.reused_files == 1
    assert page.check_headline.text().endswith(
        " intact. Of these, 1 case and 1 file were unchanged since an earlier check on this computer and were not "
        "verified again."
    ), page.check_headline.text()

    window.activateWindow()  # a mnemonic reaches the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    page.check_button.setFocus()
    QTest.keyClick(page.check_button, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # Verify every&thing again
    qtbot.waitUntil(page.full_check.isChecked, timeout=3000)  # a mnemonic clicks as the box animates
    click(page.check_button)
    wait(qtbot, page.operation)
    assert page.check_result.full and page.check_result.reused_cases == 0
    assert page.check_headline.text().endswith("; 1 evidence file intact."), page.check_headline.text()
    QTest.keyClick(page.check_button, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not page.full_check.isChecked(), timeout=3000)
    time.sleep(0.05)  # the change below lands in a later tick of the file system's clock
    stored = next(p for p in (ctx.data_dir / "evidence").rglob("*") if p.is_file())
    stored.write_bytes(b"altered")
    click(page.check_button)
    wait(qtbot, page.operation)
    items = [page.problem_list.item(i).text() for i in range(page.problem_list.count())]
    assert items == [f"Evidence file changed since it was attached: {stored.name}"]
    assert "1 problem found" in page.check_headline.text()


def test_backup_never_overwrites(window: MainWindow, ctx: Any, qtbot: Any, tmp_path: Path, errors: list[str]) -> None:
    out = tmp_path / "exists.sqlite3"
    out.write_bytes(b"older backup")
    press(qtbot, window, Qt.Key.Key_4, CTRL)
    wait(qtbot, window.database_page.backup(out))
    assert out.read_bytes() == b"older backup" and any("not overwritten" in e for e in errors)


# ----------------------------------------------------------------------------- checklist workbook
def _column_letters() -> dict[str, str]:
    from openpyxl.utils import get_column_letter

    from cityeval_desktop.exchange.checklist import COLUMNS

    return {c.key: get_column_letter(n) for n, c in enumerate(COLUMNS, start=1)}


def _fill(path: Path, out: Path, values: dict[str, Any]) -> str:
    """Fill the Checklist sheet's value cells as a person does; returns the sheet name."""
    wb = openpyxl.load_workbook(path)
    col = _column_letters()
    ws = next(ws for ws in wb.worksheets if ws[f"{col['id']}1"].value in ("Indicator ID", "指标编号"))
    rows = {ws[f"{col['id']}{r}"].value: r for r in range(2, ws.max_row + 1)}
    for ind, value in values.items():
        ws[f"{col['value']}{rows[ind]}"] = value
    wb.save(out)
    return f"{ws.title}!{col['value']}{rows[next(iter(values))]}"


@pytest.fixture
def open_case(window: MainWindow, ctx: Any) -> Callable[[], str]:
    def make() -> str:
        summary = case_service.new_case(
            ctx, framework="mini", tier="city", mode="third-party", entity_name="清单主体", uscc="91350100M000100Y43"
        )
        assert window.open_case(summary.ref)
        return summary.ref

    return make


def test_checklist_exported_filled_and_applied_by_shortcuts(
    window: MainWindow, ctx: Any, qtbot: Any, tmp_path: Path, monkeypatch, open_case: Callable[[], str]
) -> None:
    ref = open_case()
    book = tmp_path / "checklist.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(book), ""))
    press(qtbot, window, Qt.Key.Key_E, CTRL_SHIFT)
    qtbot.waitUntil(lambda: book.is_file(), timeout=20000)
    filled = tmp_path / "filled.xlsx"
    _fill(book, filled, {"T": 9, "B": 4.5, "P": 7})
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(filled), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    press(qtbot, window, Qt.Key.Key_I, CTRL_SHIFT)
    qtbot.waitUntil(lambda: case_service.load_case(ctx, ref).raw_values.get("P") is not None, timeout=20000)
    stored = case_service.load_case(ctx, ref).raw_values
    assert (stored["T"], float(stored["B"]), stored["P"]) == (9, 4.5, 7)
    qtbot.waitUntil(lambda: window.workspace.detail.raw_values.get("P") == 7, timeout=5000)


def test_a_bad_checklist_changes_nothing_and_names_the_cell(
    window: MainWindow, ctx: Any, qtbot: Any, tmp_path: Path, monkeypatch, open_case: Callable[[], str]
) -> None:
    from cityeval_desktop.ui.dialogs.problems import ProblemsDialog

    ref = open_case()
    case_service.set_answer(ctx, ref, "T", value=3)
    window.open_case(ref)
    book = tmp_path / "checklist.xlsx"
    wait(qtbot, window.workspace.export_checklist(book))
    bad = tmp_path / "bad.xlsx"
    cell = _fill(bad_source := book, bad, {"T": "lots", "B": 5})
    assert bad_source.is_file()
    before = case_service.load_case(ctx, ref)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    press(qtbot, window, Qt.Key.Key_I, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.findChild(ProblemsDialog) is not None, timeout=20000)
    dialog = window.findChild(ProblemsDialog)
    assert any(cell in line for line in dialog.lines()), (cell, dialog.lines())
    after = case_service.load_case(ctx, ref)
    assert after.raw_values == before.raw_values and after.summary.updated_at == before.summary.updated_at
    QTest.keyClick(dialog.list, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_answers_json_is_applied_all_or_nothing(
    window: MainWindow, ctx: Any, qtbot: Any, tmp_path: Path, open_case: Callable[[], str]
) -> None:
    from cityeval_desktop.ui.dialogs.problems import ProblemsDialog

    ref = open_case()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"answers": {"Y": {"value": True}, "S": {"value": 9}}}), "utf-8")
    wait(qtbot, window.workspace.apply_answers_file(bad, confirm=False))
    lines = window.findChild(ProblemsDialog).lines()
    assert any("S" in line for line in lines) and case_service.load_case(ctx, ref).raw_values == {}
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"answers": {"Y": {"value": True}}, "vetoes": {"V1": False}}), "utf-8")
    wait(qtbot, window.workspace.apply_answers_file(good, confirm=False))
    detail = case_service.load_case(ctx, ref)
    assert detail.raw_values == {"Y": True} and detail.vetoes.get("V1") is False


def test_a_finalized_revision_takes_no_answers_file(
    window: MainWindow, ctx: Any, qtbot: Any, tmp_path: Path, open_case: Callable[[], str]
) -> None:
    from cityeval_desktop.services.reporting import finalize_and_sign

    ref = open_case()
    for ind, value in {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}.items():
        case_service.set_answer(ctx, ref, ind, value=value)
    for veto in ("V1", "V2"):
        case_service.set_veto(ctx, ref, veto, False)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    case_service.add_evidence(ctx, ref, "S", [scan])
    signer = identity_service.load_signing_identity(identity_file(tmp_path), PASSWORD)
    staff_if_third_party(ctx, ref, tmp_path, lead=signer)
    finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref), lang="en")
    assert window.open_case(ref) and window.workspace.read_only
    assert window.checklist_export_action.isEnabled() and not window.checklist_apply_action.isEnabled()
    answers = tmp_path / "late.json"
    answers.write_text(json.dumps({"answers": {"Y": {"value": False}}}), "utf-8")
    press(qtbot, window, Qt.Key.Key_I, CTRL_SHIFT)  # disabled: nothing happens
    assert window.workspace.apply_answers_file(answers, confirm=False) is None
    assert case_service.load_case(ctx, ref).raw_values["Y"] is True


# ----------------------------------------------------------------------------- framework workbook
def test_framework_workbook_import_saves_yaml_and_loads_it(
    window: MainWindow, ctx: Any, qtbot: Any, tmp_path: Path, monkeypatch, errors: list[str]
) -> None:
    from cityeval_desktop.domain.loader import load_file
    from cityeval_desktop.ui.dialogs.problems import ProblemsDialog

    press(qtbot, window, Qt.Key.Key_2, CTRL)
    page = window.frameworks_page
    qtbot.waitUntil(lambda: page.list.count() > 0, timeout=5000)
    row = next(r for r in range(page.list.count()) if page.list.item(r).text().endswith("mini@1"))
    page.list.setCurrentRow(row)
    book = tmp_path / "mini.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(book), ""))
    click(page.export_workbook_button)
    wait(qtbot, page.operation)
    wb = openpyxl.load_workbook(book)
    wb["Framework"]["B3"] = "2"  # a new version of the framework
    edited = tmp_path / "mini-2.xlsx"
    wb.save(edited)
    broken = tmp_path / "broken.xlsx"
    wb["Framework"]["B3"] = None
    wb.save(broken)

    yaml_out = tmp_path / "mini@2.yaml"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    click(page.import_workbook_button)
    qtbot.waitUntil(lambda: window.findChild(ProblemsDialog) is not None, timeout=20000)
    assert any("Framework!B3" in line for line in window.findChild(ProblemsDialog).lines())
    assert not yaml_out.exists()
    window.findChild(ProblemsDialog).close()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(edited), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(yaml_out), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(page.import_workbook_button)
    qtbot.waitUntil(lambda: page.selected_key() == "mini@2", timeout=20000)
    assert load_file(yaml_out).key == "mini@2" and not errors
    assert "mini@2" in {f.key for f in fw_registry.available(ctx)}


# ----------------------------------------------------------------------------- languages and shortcuts
def _visible_texts(root: QWidget) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar

    texts = [w.text() for w in root.findChildren(QAbstractButton) if w.isVisible() and w.text()]
    texts += [w.text() for w in root.findChildren(QLabel) if w.isVisible() and w.text()]
    for bar in root.findChildren(QTabBar):
        texts += [bar.tabText(i) for i in range(bar.count())]
    return texts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_pages_in_both_languages(qapp: Any, qtbot: Any, ctx: Any, lang: str, tmp_path: Path) -> None:
    """Every label, button and tab of the new pages is in the window's language; screenshots at 1366x768."""
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language

    i18n.set_lang(lang)
    install_language(qapp, lang)
    try:
        w = MainWindow(ctx, lang)
        qtbot.addWidget(w)
        w.resize(1366, 768)
        w.show()
        shots = Path("/tmp/shots/t17")
        for row, name in ((2, "identities"), (3, "database")):
            w.nav.setCurrentRow(row)
            page = w.stack.currentWidget()
            qtbot.waitExposed(page)
            for text in _visible_texts(page):
                latin = re.sub(r"(?i)PDF|SHA-256|\.p12|\.pem|\.csr|sqlite:\S+|/\S+|%\d|[✔✘⚠…]", "", text)
                if lang == "zh":
                    assert not re.search(r"[A-Za-z]{2,}", latin), f"untranslated on {name}: {text!r}"
                else:
                    assert not re.search(r"[\u4e00-\u9fff]", text), f"Chinese on the English {name} page: {text!r}"
            if shots.is_dir():
                w.grab().save(str(shots / f"test-{name}-{lang}.png"))
        assert w.nav.horizontalScrollBar().maximum() == 0  # every page name fits the navigation list
    finally:
        i18n.set_lang("en")
        install_language(qapp, "en")


def test_pages_are_built_only_when_first_shown(window: MainWindow) -> None:
    assert window._signing_page is None and window._database_page is None
    window.nav.setCurrentRow(3)
    assert window._database_page is not None and window._signing_page is None


def test_remembered_list_survives_bad_settings(qtbot: Any, ctx: Any) -> None:
    from PySide6.QtCore import QSettings

    QSettings().setValue(identities_page.KNOWN_KEY, "{not json")
    assert identities_page.remembered() == []
    QSettings().setValue(identities_page.KNOWN_KEY, json.dumps([{"path": "/nowhere/x.p12", "pem": "garbage"}]))
    page = identities_page.IdentitiesPage(ctx)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 1 and "file not found" in page.table.item(0, identities_page.COL_FILE).text()
