"""Bad input in the workbench: clear messages, nothing changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.context import open_context
from cityeval_desktop.ui.main_window import MainWindow

FIXTURES = Path(__file__).parents[1] / "fixtures"


def _capture_boxes(monkeypatch) -> list[str]:
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(f"{box.text()}\n{box.informativeText()}")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def test_read_only_database_says_so_and_keeps_the_case(qtbot, data_dir, monkeypatch) -> None:
    db = data_dir / "cases.sqlite3"
    ctx = open_context(db, data_dir)
    summary = case_service.new_case(
        ctx,
        framework="planning-consulting",
        tier="city",
        mode="self",
        entity_name="只读测试主体",
        uscc="91350100M000100Y43",
    )
    ctx.close()
    ro = open_context(f"sqlite:///file:{db}?mode=ro&uri=true", data_dir)
    window = MainWindow(ro, "en")
    qtbot.addWidget(window)
    assert window.cases_page.model.rowCount() == 1
    assert window.open_case(summary.ref)
    shown = _capture_boxes(monkeypatch)
    ws = window.workspace
    ws.tree.select_indicator("P1.2")
    ws.editor.choice_group.button(3).click()
    assert shown and "read-only" in shown[0]
    assert not ws.editor.choice_group.button(3).isChecked()  # the view shows what was saved: nothing
    ro.close()
    ctx = open_context(db, data_dir)
    assert case_service.load_case(ctx, summary.ref).answers == {}
    ctx.close()


def test_framework_file_that_no_longer_loads(qtbot, ctx, monkeypatch) -> None:
    source = (FIXTURES / "mini.yaml").read_text("utf-8")
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="self", entity_name="框架变更主体", uscc="91350100M000100Y43"
    )
    case_service.set_answer(ctx, summary.ref, "S", value=2)
    installed = fw_registry.user_forms_dir(ctx) / "mini@1.yaml"
    installed.write_text(source.replace("weight: 40", "weight: 45"), "utf-8")  # now broken
    window = MainWindow(ctx, "en")
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(1)  # the Frameworks page
    problems = window.frameworks_page.problems.text()
    assert "mini@1.yaml" in problems and "must sum to 100" in problems
    # the case was pinned to the exact bytes it was created with: it still opens and scores
    assert window.open_case(summary.ref)
    assert window.workspace.detail.raw_values == {"S": 2}
    assert window.workspace.panel.total_label.text() == str(window.workspace.detail.result.total_shown)


def test_unexpected_errors_become_a_dialog_and_a_log_line(qtbot, ctx, monkeypatch, caplog) -> None:
    window = MainWindow(ctx, "en")
    qtbot.addWidget(window)
    shown = _capture_boxes(monkeypatch)
    monkeypatch.setattr(case_service, "list_cases", lambda _ctx: (_ for _ in ()).throw(RuntimeError("disk gone")))
    window.cases_page.reload()
    assert shown and "unexpected error" in shown[0].lower()
    assert "Traceback" not in shown[0]
    assert any("disk gone" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)
