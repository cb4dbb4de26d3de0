"""Revocation in the window: a CA's list added on the trust page, a signature made after revocation refused.

Driven with real key and mouse events; each step then checks what the services stored.
"""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services import identities, revocation, trust_store
from cityeval_desktop.signing import _pkcs12
from cityeval_desktop.signing import identity as signing_identity
from cityeval_desktop.signing._util import utcnow
from cityeval_desktop.signing.pades import sign_pdf
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.pages import trust_page

FIXTURES = Path(__file__).parents[1] / "fixtures"
CA_PASSWORD, PASSWORD = "ca-pass-2026", "Pinggu-2026!"


@pytest.fixture(autouse=True)
def _fast_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pkcs12, "KDF_ROUNDS", 1000)
    monkeypatch.setattr(signing_identity, "KEY_SIZE", 2048)


@pytest.fixture
def pki(tmp_path: Path) -> dict[str, Path]:
    """An agency CA (CA.p12 + CA.pem) and an assessor whose CA-issued certificate is installed."""
    ca = identities.init_agency_ca(tmp_path / "CA.p12", name="福州市数据局评估 CA", password=CA_PASSWORD, key_size=2048)
    me = tmp_path / "zhang.p12"
    identities.create_identity(None, me, name="张三", org="福建数字评估中心", password=PASSWORD, key_size=2048)
    identities.make_csr(me, PASSWORD, tmp_path / "zhang.csr")
    identities.issue_certificate(ca.p12, CA_PASSWORD, tmp_path / "zhang.csr", tmp_path / "zhang.pem", days=365)
    identities.install_certificate(None, me, PASSWORD, tmp_path / "zhang.pem")
    return {"ca": ca.p12, "ca_pem": ca.pem, "identity": me, "cert": tmp_path / "zhang.pem", "folder": tmp_path}


@pytest.fixture
def window(qtbot: Any, ctx: Any) -> MainWindow:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def _click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2, widget.height() // 2))


def _signing_page(qtbot: Any, window: MainWindow) -> Any:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.nav.setFocus()
    QTest.keyClick(window.nav, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.signing_page
    return window.signing_page


def _signed_pdf(pki: dict[str, Path], out: Path, **kwargs: Any) -> Path:
    from reportlab.pdfgen import canvas

    buf = BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "CityEval report: total 87.50")
    c.showPage()
    c.save()
    signer = identities.load_signing_identity(pki["identity"], PASSWORD)
    out.write_bytes(sign_pdf(buf.getvalue(), signer, lang="en", **kwargs))
    return out


def test_a_list_added_on_the_trust_page_refuses_later_signatures_on_the_verify_page(
    window: MainWindow, ctx: Any, qtbot: Any, pki: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = pki["folder"]
    before = _signed_pdf(pki, folder / "before.pdf", signing_time=utcnow() - timedelta(seconds=5))
    done = revocation.revoke_certificate(ctx, pki["ca"], CA_PASSWORD, pki["cert"], reason="keyCompromise")
    assert not done.ca_trusted  # the list is not used here until the CA is trusted and the list added
    crl = folder / "agency.crl"
    revocation.write_crl(ctx, pki["ca"], CA_PASSWORD, crl)
    after = _signed_pdf(pki, folder / "after.pdf")

    signing = _signing_page(qtbot, window)
    page = signing.trust
    signing.tabs.setCurrentIndex(1)
    errors: list[str] = []
    monkeypatch.setattr(trust_page, "show_error", lambda _p, exc, _t=None: errors.extend(exc.lines("en")))
    chosen = [str(crl), str(pki["ca_pem"]), str(crl)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen.pop(0), ""))

    _click(page.add_button)  # the list before its CA: refused, nothing stored
    assert errors and "add the ca that issued it first" in errors[0].lower()
    assert revocation.list_revocation_lists(ctx) == []
    _click(page.add_button)
    _click(page.add_button)
    (stored,) = revocation.list_revocation_lists(ctx)
    assert (stored.crl_number, stored.revoked, stored.current) == (1, 1, True)
    assert page.table.item(0, trust_page.COL_KIND).text() == "CA · revocation list no. 1 (1 revoked)"
    assert "Revocation list of CN=福州市数据局评估 CA added (no. 1, 1 revoked)." in page.message.text()

    verify = signing.verify
    signing.tabs.setCurrentIndex(2)

    def check(path: Path) -> str:
        verify.path_edit.setFocus()
        QTest.keyClick(verify.path_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(verify.path_edit, str(path))
        QTest.keyClick(verify.path_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: verify.operation is not None and verify.operation.done, timeout=60000)
        return verify.headline.text()

    assert check(after).startswith("✘ Not accepted: the signer's certificate had been revoked")
    assert not verify.verdict.ok
    text = verify.details.toPlainText()
    assert "revoked before it was signed" in text and "key compromise" in text and "made after the revocation" in text
    assert check(before).startswith("✔ Valid") and verify.verdict.ok

    # removing the CA takes its list along; the page says so
    signing.tabs.setCurrentIndex(1)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    assert trust_store.list_trusted(ctx) == [] and revocation.list_revocation_lists(ctx) == []
    assert "Its revocation lists were removed too (1)." in page.message.text()
