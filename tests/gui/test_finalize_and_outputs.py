"""Finalize and sign, PDF and Excel exports from the workbench, as an assessor uses them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.reporting import stored_final_report
from cityeval_desktop.signing.identity import create_identity, load_identity
from cityeval_desktop.ui.main_window import MainWindow
from tests.case_data_helpers import PASSWORD as TEAM_PASSWORD
from tests.case_data_helpers import org_identity_path, staff_if_third_party

FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = "現場評估-2026"


@pytest.fixture(scope="module")
def identity_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pki") / "assessor.p12"
    create_identity(path, name="李四", org="福建数字评估中心", password=PASSWORD, key_size=2048)
    return path


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(QUrl(url).toLocalFile()) or True)
    return urls


@pytest.fixture
def window(qtbot, ctx):
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.show()
    return w


def _complete(ctx, ref: str, tmp_path: Path, lead: Path | None = None) -> None:
    values = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}
    for ind, value in values.items():
        case_service.set_answer(ctx, ref, ind, value=value)
    for veto in ("V1", "V2"):
        case_service.set_veto(ctx, ref, veto, False)
    scan = tmp_path / "方法手册.pdf"
    scan.write_bytes(b"%PDF-1.4 method handbook")
    case_service.add_evidence(ctx, ref, "S", [scan])
    staff_if_third_party(ctx, ref, tmp_path, lead=load_identity(lead, PASSWORD) if lead else None)


def test_finalize_lists_failing_checks_beside_the_workspace_and_jumps(window, ctx, qtbot) -> None:
    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="检查主体", uscc="91350100M000100Y43"
    )
    window.open_case(summary.ref)
    assert window.workspace.finalize() is None  # no signing dialog while checks fail
    panel = window.workspace.finalize_panel
    assert not panel.isHidden()
    tree = panel.tree
    texts = [
        tree.topLevelItem(i).child(j).text(0)
        for i in range(tree.topLevelItemCount())
        for j in range(tree.topLevelItem(i).childCount())
    ]
    groups = panel.target_ids()
    assert "S" in groups and "V1" in groups
    assert "not answered yet" in texts
    assert "needs at least one evidence file" in texts  # S needs a file in third-party mode
    assert panel.sign_button.isHidden()
    item = tree.topLevelItem(groups.index("T"))
    tree.itemClicked.emit(item, 0)
    assert window.workspace.tree.current_id() == "T"


def test_wrong_password_is_shown_in_the_dialog(window, ctx, qtbot, tmp_path, identity_file) -> None:
    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="密码主体", uscc="91350100M000100Y43"
    )
    _complete(ctx, summary.ref, tmp_path, identity_file)
    window.open_case(summary.ref)
    dialog = window.workspace.finalize()
    assert dialog.sign_button.isEnabled()
    dialog.identity_edit.setText(str(identity_file))
    dialog.password_edit.setText("wrong")
    dialog.org_identity_edit.setText(str(org_identity_path()))
    dialog.org_password_edit.setText(TEAM_PASSWORD)
    op = dialog.sign()
    qtbot.waitUntil(lambda: op.done, timeout=20000)
    assert "password" in dialog.message.text().lower()
    assert case_service.load_case(ctx, summary.ref).summary.status == "draft"


def test_finalize_and_sign_locks_and_stores_a_valid_report(
    window, ctx, qtbot, tmp_path, identity_file, opened, monkeypatch
) -> None:
    summary = case_service.new_case(
        ctx,
        framework="mini",
        tier="city",
        mode="third-party",
        entity_name="定稿主体",
        uscc="91350100M000100Y43",
        assessor="李四",
    )
    _complete(ctx, summary.ref, tmp_path, identity_file)
    window.open_case(summary.ref)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog = window.workspace.finalize()
    dialog.identity_edit.setText(str(identity_file))
    dialog.password_edit.setText(PASSWORD)
    dialog.org_identity_edit.setText(str(org_identity_path()))
    dialog.org_password_edit.setText(TEAM_PASSWORD)
    op = dialog.sign()
    qtbot.waitUntil(lambda: op.done, timeout=30000)
    assert op.error is None, op.error
    assert window.workspace.read_only and "read-only" in window.workspace.status_label.text()
    detail = case_service.load_case(ctx, summary.ref)
    assert detail.summary.status == "finalized"
    stored = stored_final_report(ctx, summary.ref)
    assert stored is not None and stored.startswith(b"%PDF")
    # the "open the report?" answer wrote the stored signed report and opened it
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    report = Path(opened[-1])
    assert report.read_bytes() == stored
    if shutil.which("pdfsig"):
        out = subprocess.run(["pdfsig", str(report)], capture_output=True, text=True).stdout
        assert "Signature is Valid" in out and "李四" in out


def test_pdf_and_excel_export_of_a_draft(window, ctx, qtbot, tmp_path, opened) -> None:
    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="self", entity_name="导出主体", uscc="91350100M000100Y43"
    )
    case_service.set_answer(ctx, summary.ref, "S", value=2)
    window.open_case(summary.ref)
    (tmp_path / "out").mkdir()
    pdf = tmp_path / "out" / "report.pdf"
    op = window.workspace.export_pdf(pdf, lang="en")
    qtbot.waitUntil(lambda: op.done, timeout=20000)
    assert op.error is None and pdf.read_bytes().startswith(b"%PDF")
    assert opened[-1] == str(pdf)
    xlsx = tmp_path / "out" / "case.xlsx"
    op = window.workspace.export_xlsx(xlsx, lang="en")
    qtbot.waitUntil(lambda: op.done, timeout=20000)
    assert op.error is None
    book = openpyxl.load_workbook(xlsx)
    assert "Indicators" in book.sheetnames
    assert opened[-1] == str(xlsx)


def test_case_list_export_writes_the_listed_cases(window, ctx, qtbot, tmp_path, opened) -> None:
    for n, uscc in enumerate(("91350100M000100Y43", "91512081MA62K0260E")):
        case_service.new_case(ctx, framework="mini", tier="city", mode="self", entity_name=f"列表主体{n}", uscc=uscc)
    page = window.cases_page
    page.reload()
    page.search.setText("列表主体1")
    out = tmp_path / "cases.xlsx"
    op = page.export_workbook(out)
    qtbot.waitUntil(lambda: op.done, timeout=20000)
    assert op.error is None
    book = openpyxl.load_workbook(out)
    values = [c.value for row in book[book.sheetnames[0]].iter_rows() for c in row]
    assert "列表主体1" in values and "列表主体0" not in values
