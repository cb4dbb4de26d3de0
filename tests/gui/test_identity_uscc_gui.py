"""An organisation identity (its certificate subject carries the 统一社会信用代码 in organizationIdentifier,
``identity new --uscc``; what a third-party report's 评估机构 signature needs) reads as one on the identities
page and in the trust list: a USCC column with the code, the organisation marked, the details naming the
code and the kind; a person's identity shows none. In Chinese and English, with real clicks and keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from cityeval_desktop.services import identities as identity_service
from cityeval_desktop.services import trust_store
from cityeval_desktop.ui.dialogs.password import PasswordDialog
from cityeval_desktop.ui.pages import identities_page, trust_page

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|propagateSizeHints)")
PASSWORD = "Jigou-2026!"  # typed key by key
USCC = "91350100PGJX20268U"
ORG = "福建数字评估中心"
SHOTS = Path("/tmp/team")
WORDS = {
    "zh": {
        "column": "统一社会信用代码",
        "marked": f"{ORG}（机构身份）",
        "details": ["统一社会信用代码", "机构身份"],
        "person": "个人身份",
        "kind": "机构证书",
    },
    "en": {
        "column": "USCC",
        "marked": f"{ORG} (organisation identity)",
        "details": ["Unified social credit code", "Organisation identity"],
        "person": "Personal identity",
        "kind": "Organisation certificate",
    },
}


class PasswordTyper:
    """Types the password into each password dialog as it opens, then presses Enter."""

    def __init__(self, password: str) -> None:
        self.password = password
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PasswordDialog) or dialog.property("typed"):
            return
        dialog.setProperty("typed", True)
        QTest.keyClicks(dialog.password_edit, self.password)
        QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def _click(widget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2, widget.height() // 2))


@pytest.fixture
def make_window(open_window, ctx):
    return lambda lang: open_window(ctx, lang, active=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_organisation_identity_shows_its_credit_code(make_window, ctx, qtbot, tmp_path, monkeypatch, lang) -> None:
    words = WORDS[lang]
    org_p12, person_p12 = tmp_path / "机构.p12", tmp_path / "王五.p12"
    identity_service.create_identity(None, org_p12, name=ORG, org=ORG, uscc=USCC, password=PASSWORD, key_size=2048)
    identity_service.create_identity(None, person_p12, name="王五", org=ORG, password=PASSWORD, key_size=2048)
    window = make_window(lang)
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.signing_page
    page = window.signing_page.identities
    assert page.table.horizontalHeaderItem(identities_page.COL_USCC).text() == words["column"]

    # both identities added with "Add existing…" and their password
    typer = PasswordTyper(PASSWORD)
    for path in (person_p12, org_p12):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, path=path, **k: (str(path), ""))
        rows = page.table.rowCount()
        _click(page.open_button)
        qtbot.waitUntil(lambda rows=rows: page.table.rowCount() == rows + 1, timeout=20000)
    typer.timer.stop()
    by_name = {page.table.item(r, identities_page.COL_NAME).text(): r for r in range(page.table.rowCount())}
    org_row, person_row = by_name[ORG], by_name["王五"]
    assert page.table.item(org_row, identities_page.COL_USCC).text() == USCC
    assert page.table.item(org_row, identities_page.COL_ORG).text() == words["marked"]
    assert page.table.item(person_row, identities_page.COL_USCC).text() == ""
    assert page.table.item(person_row, identities_page.COL_ORG).text() == ORG

    # the details of the selected row, chosen with the arrow keys
    page.table.setFocus()
    page.table.setCurrentCell(person_row, 0)
    QTest.keyClick(page.table, Qt.Key.Key_Down if org_row > person_row else Qt.Key.Key_Up)
    assert page.table.currentRow() == org_row
    details = page.details.toPlainText()
    assert USCC in details and all(w in details for w in words["details"]), details
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / f"guivalid-identities-{lang}.png"))
    QTest.keyClick(page.table, Qt.Key.Key_Up if org_row > person_row else Qt.Key.Key_Down)
    details = page.details.toPlainText()
    assert words["person"] in details and USCC not in details

    # the trust list: the organisation's exported certificate, added with "Add certificate…"
    pem = tmp_path / "机构.pem"
    identity_service.export_certificate(ctx, org_p12, PASSWORD, pem)
    window.signing_page.tabs.setCurrentIndex(1)
    trust = window.signing_page.trust
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pem), ""))
    _click(trust.add_button)
    [entry] = trust_store.list_trusted(ctx)
    assert entry.uscc == USCC and not entry.is_ca
    assert trust.table.horizontalHeaderItem(trust_page.COL_USCC).text() == words["column"]
    assert trust.table.item(0, trust_page.COL_USCC).text() == USCC
    assert trust.table.item(0, trust_page.COL_KIND).text() == words["kind"]
    assert USCC in trust.table.item(0, trust_page.COL_KIND).toolTip()
    window.grab().save(str(SHOTS / f"guivalid-trust-{lang}.png"))
