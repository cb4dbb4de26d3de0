"""A newcomer at the agency, end to end (issue 13, "Done when"): on a fresh data folder, import a folder of real
signed packages (three assessments and an operator's self-check, exported by the real export path), read the
regional view, filter by a region by clicking it, compare one entity's self-check with its third-party result,
record an objection, uphold it, see the result leave the view and the disclosure, import the amended revision
and see it back.

Driven with real key presses and mouse clicks; what is checked is what is stored and what the services say
(``region.summary``, ``disclosure.build``, ``objections.list_objections``), beside what the window shows —
in the Chinese interface an agency's staff use, and in the English one.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import cityeval_gui_signing_helpers as helpers  # registered by conftest.py
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from cityeval_desktop.domain import days
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import disclosure, region, trust_store
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services import objections as obj
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.packages import export_package
from cityeval_desktop.services.reporting import finalize_and_sign
from cityeval_desktop.services.samples import make_uscc
from cityeval_desktop.signing import _pkcs12
from cityeval_desktop.ui.dialogs.delta import DeltaDialog
from cityeval_desktop.ui.dialogs.disclosure import DisclosureDialog
from cityeval_desktop.ui.main_window import NAV_IMPORT, NAV_OBJECTIONS, NAV_REGION, NAV_SIGNING, MainWindow
from cityeval_desktop.ui.pages.region_models import EntityTableModel, GroupStatsModel
from cityeval_desktop.ui.pages.signing_page import TAB_TRUST
from tests.case_data_helpers import ORG_NAME, ORG_USCC, answer_mini
from tests.gui.modal import act_when
from tests.hostile import packages as pk

FIXTURES = Path(__file__).parents[1] / "fixtures"
FUZHOU, XIAMEN = "350100", "350200"
ENTITIES = {  # key: (name, region, org code); the third-party answers differ from MINI_VALUES where given
    "a": ("福州云图规划设计研究院有限公司", FUZHOU, "MA01A0B1", {"C": "mid", "B": 4}),
    "b": ("福州闽数城市规划咨询有限公司", FUZHOU, "MA02C0D2", {}),
    "c": ("厦门数港规划设计有限公司", XIAMEN, "MA03E0F3", {"T": 5}),
}
LEAD_ORG = "福建数字评估中心"
GROUNDS = "公示的等级与实际不符：C 项的材料未被采纳。"
REASON = "经复核，C 项材料在评估基准日有效，原评定有误，撤回待修订。"


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What arrives at the agency: the CA certificate it trusts, a folder with three assessments (an assessor
    with a CA-issued identity, finalized with the team and the organisation's signature) and entity a's
    self-check (its operator's CA-issued identity), and, held back, a's amended revision."""
    root = tmp_path_factory.mktemp("senders")
    old_rounds = _pkcs12.KDF_ROUNDS
    _pkcs12.KDF_ROUNDS = 1000
    try:
        ca_pem = pk.make_ca(root)
        assessor = pk.issued_identity(root, "assessor", name="张三", org=LEAD_ORG)
        org = pk.issued_identity(root, "organisation", name=ORG_NAME, org=ORG_NAME, uscc=ORG_USCC)
        name_a, region_a, code_a, _ = ENTITIES["a"]
        uscc_a = make_uscc(region_a, code_a)
        operator = pk.issued_identity(root, "operator", name="王经理", org=name_a, uscc=uscc_a)
        pk.issued_identity(root, "agency", name="福州市数据局", org="福州市数据局")  # signs the disclosure
    finally:
        _pkcs12.KDF_ROUNDS = old_rounds
    inbox, later = root / "收件箱", root / "later"
    inbox.mkdir()
    later.mkdir()
    refs: dict[str, str] = {}
    ctx = open_context(root / "assessor.sqlite3", root / "assessor-data")
    try:
        fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
        for key, (name, code, org8, changed) in ENTITIES.items():
            ref = case_service.new_case(
                ctx,
                framework="mini",
                tier="city",
                mode="third-party",
                entity_name=name,
                uscc=make_uscc(code, org8),
                assessor="张三",
            ).ref
            answer_mini(ctx, ref, root, changed, lead=assessor)
            finalize_and_sign(ctx, ref, assessor, org_identity=org, lang="zh")
            export_package(ctx, ref, inbox / f"{key}-{name}.cityeval", assessor)
            refs[key] = ref
        amended = case_service.amend(ctx, refs["a"], "异议成立后复核更正").ref
        case_service.set_answer(ctx, amended, "C", value="hi")
        finalize_and_sign(ctx, amended, assessor, org_identity=org, lang="zh")
        export_package(ctx, amended, later / "a-修订.cityeval", assessor)
        refs["a2"] = amended
    finally:
        ctx.close()
    own = open_context(root / "operator.sqlite3", root / "operator-data")
    try:
        fw_registry.install_file(own, FIXTURES / "mini.yaml")
        ref = case_service.new_case(
            own, framework="mini", tier="city", mode="self", entity_name=name_a, uscc=uscc_a
        ).ref
        answer_mini(own, ref, root, staffed=False)
        finalize_and_sign(own, ref, operator, lang="zh")
        export_package(own, ref, inbox / "a-自评.cityeval", operator)
        refs["self_a"] = ref
    finally:
        own.close()
    return {
        "ca_pem": ca_pem,
        "agency": root / "agency.p12",
        "inbox": inbox,
        "amended": later / "a-修订.cityeval",
        "refs": refs,
        "uscc": {k: make_uscc(code, org8) for k, (_, code, org8, _) in ENTITIES.items()},
    }


# ----------------------------------------------------------------------------- driving the window
def _click(widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def _click_box(widget: QWidget) -> None:
    """A radio button or check box, clicked on its indicator."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))


def _click_cell(table: Any, row: int, col: int = 0) -> None:
    index = table.model().index(row, col)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def _type(widget: QWidget, text: str) -> None:
    """Type ``text`` as an input method commits it (QTest.keyClicks cannot type Chinese)."""
    assert QApplication.focusWidget() is widget, QApplication.focusWidget()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _key(window: MainWindow, key: Qt.Key) -> None:
    QTest.keyClick(QApplication.focusWidget() or window, key, Qt.KeyboardModifier.ControlModifier)


def _import(window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Ctrl+6, Add folder… (the folder picked in the file dialog) or Add files…, Start; the outcomes."""
    _key(window, Qt.Key.Key_6)
    assert window.nav.currentRow() == NAV_IMPORT
    page = window.import_page
    if path.is_dir():
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(path))
        _click(page.add_folder_button)
    else:
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))
        _click(page.add_files_button)
    assert page.queued == [path]
    _click(page.start_button)
    qtbot.waitUntil(lambda: page.operation is not None and page.operation.done, timeout=120_000)
    return [o.outcome for o in page.outcomes]


def _region_page(window: MainWindow, qtbot: Any) -> Any:
    _key(window, Qt.Key.Key_7)
    assert window.nav.currentRow() == NAV_REGION
    page = window.region_page
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    return page


def _shown_refs(page: Any) -> set[str]:
    return {page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).ref for r in range(page.proxy.rowCount())}


def _row_of(page: Any, ref: str) -> int:
    return next(
        r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).ref == ref
    )


def _stats_row(page: Any, code: str) -> int:
    model = page.stats_model
    return next(r for r in range(model.rowCount()) if model.item(r).region == code)


def _counted(ctx: Any) -> set[str]:
    return {e.ref for e in region.summary(ctx).entities if e.counted}


def _public(ctx: Any) -> dict[str, str]:
    return {r.uscc: r.assessor for r in disclosure.build(ctx).rows}


#: what the walk reads on the screen, in each language of the interface
WORDS = {
    "en": {
        "withdraw": "withdraw",
        "withdrawn": " · 1 withdrawn after an upheld objection",
        "scope": "350100 Fuzhou, Fujian · all categories · all tiers · valid on ",
        "written": "公示.pdf (1 result, 1 page)",
        "amended": "An amended revision is here: {ref}. It takes the withdrawn result's place",
    },
    "zh": {
        "withdraw": "撤下",
        "withdrawn": " · 1 项结果因异议成立已撤下",
        "scope": "350100 福建省福州市 · 全部类别 · 全部层级 · ",
        "written": "公示.pdf（1 个结果，1 页）",
        "amended": "已有修订后的版本：{ref}。它按通常的计入规则取代被撤回的结果",
    },
}


# ----------------------------------------------------------------------------- the walk
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_newcomer_imports_reads_objects_upholds_and_sees_the_amended_result_back(
    ctx: Any,
    open_window: Any,
    qtbot: Any,
    sent: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    refs, uscc = sent["refs"], sent["uscc"]
    words = WORDS[lang]
    inbox = tmp_path / "收件箱"
    shutil.copytree(sent["inbox"], inbox)
    window = open_window(ctx, lang, active=True)

    # 0. trust the agency's CA once: Ctrl+3, Trusted certificates, Add certificate… (the file picked)
    _key(window, Qt.Key.Key_3)
    assert window.nav.currentRow() == NAV_SIGNING
    signing = window.signing_page
    bar = signing.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(TAB_TRUST).center())
    assert signing.tabs.currentWidget() is signing.trust
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sent["ca_pem"]), ""))
    _click(signing.trust.add_button)
    assert [(t.subject, t.is_ca) for t in trust_store.list_trusted(ctx)] == [("CN=福州市数据局评估 CA", True)]

    # 1. import the folder: four packages, every one imported
    assert _import(window, qtbot, monkeypatch, inbox) == ["imported"] * 4
    assert _counted(ctx) == {refs["a"], refs["b"], refs["c"]}

    # 2. the regional view: the three results, the assessor organisation (never the person)
    page = _region_page(window, qtbot)
    assert _shown_refs(page) == {refs["a"], refs["b"], refs["c"]}
    assessors = {page.proxy.index(r, EntityTableModel.COL_ASSESSOR).data() for r in range(page.proxy.rowCount())}
    assert assessors == {LEAD_ORG}
    assert {g.region for g in region.summary(ctx).groups} == {FUZHOU, XIAMEN}

    # 3. click Fuzhou in the figures: the entity table shows Fuzhou's entities only
    _click_cell(page.stats_table, _stats_row(page, FUZHOU), GroupStatsModel.COL_REGION)
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    fuzhou = {e.ref for e in region.summary(ctx, region=FUZHOU).entities}
    assert _shown_refs(page) == fuzhou == {refs["a"], refs["b"]}

    # 4. a's self-check against its third-party result
    _click_cell(page.table, _row_of(page, refs["a"]))
    _click(page.delta_button)
    dialog = next(d for d in window.findChildren(DeltaDialog) if d.isVisible())
    assert dialog.error is None
    (expected,) = region.delta(ctx, uscc["a"])
    (panel,) = dialog.panels
    assert panel.self_total.text() == f"{expected.self_total:.2f}"
    assert panel.third_total.text() == f"{expected.third_total:.2f}"
    assert expected.self_total > expected.third_total  # the operator rates itself higher
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # 5. an objection against a's result, recorded on the Objections page (Ctrl+8)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    _key(window, Qt.Key.Key_8)
    assert window.nav.currentRow() == NAV_OBJECTIONS
    objections = window.objections_page
    _click(objections.record_button)
    record = objections.record_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is record)
    QTest.keyClicks(record.target_edit, uscc["a"])
    QTest.keyClick(record.target_edit, Qt.Key.Key_Tab)
    assert refs["a"] in record.target_label.text()
    _type(record.grounds_edit, GROUNDS)
    _click(record.record_button)
    qtbot.waitUntil(lambda: not record.isVisible(), timeout=10_000)
    (stored,) = obj.list_objections(ctx)
    assert (stored.case_ref, stored.state, stored.grounds) == (refs["a"], obj.RECEIVED, GROUNDS)

    # 6. review, then uphold it with a reason (confirmed)
    _click(objections.review_button)
    _click(objections.decide_button)
    decide = objections.decide_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is decide)
    _click_box(decide.upheld_radio)
    decide.reason_edit.setFocus()
    _type(decide.reason_edit, REASON)

    def confirm(box: QMessageBox) -> None:
        _click(next(b for b in box.buttons() if words["withdraw"] in b.text().lower()))

    answer = act_when(lambda: decide.confirm_box, confirm)
    _click(decide.decide_button)
    assert not answer.gave_up, answer.gave_up
    qtbot.waitUntil(lambda: not decide.isVisible(), timeout=10_000)
    assert obj.list_objections(ctx)[0].state == obj.UPHELD

    # 7. a's result is out: of the services' figures, of the disclosure, and of the regional view
    assert _counted(ctx) == {refs["b"], refs["c"]}
    assert set(_public(ctx)) == {uscc["b"], uscc["c"]}
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    page = _region_page(window, qtbot)
    kind, prefix = page.region_filter()  # the region clicked before is still the filter
    assert kind == "code" and FUZHOU.startswith(prefix)
    assert _shown_refs(page) == {refs["b"]}
    fuzhou_row = page.stats_model.item(_stats_row(page, FUZHOU))
    assert fuzhou_row.entities == 1
    assert page.count_label.text().endswith(words["withdrawn"])  # why a is missing

    # 7b. Publish disclosure…: the published rows leave a out, and name the assessor organisation
    _click(page.disclosure_button)
    publish = next(d for d in window.findChildren(DisclosureDialog) if d.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is publish)
    assert publish.scope_label.text().startswith(words["scope"])
    helpers.retype(publish.identity_edit, str(sent["agency"]))
    helpers.retype(publish.pdf_edit, str(tmp_path / "公示.pdf"))
    helpers.retype(publish.csv_edit, "")
    helpers.retype(publish.json_edit, str(tmp_path / "公示.json"))
    publish.password_edit.setFocus()
    QTest.keyClicks(publish.password_edit, pk.PASSWORD)
    QTest.keyClick(publish.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: publish.operation is not None and publish.operation.done, timeout=60_000)
    assert publish.message.text() == "" and publish.result_value.entities == 1
    assert words["written"] in publish.result_label.text()
    published = json.loads((tmp_path / "公示.json").read_text(encoding="utf-8"))
    assert published["filters"]["region"] == FUZHOU  # the region the view shows, no other
    assert [(r["uscc"], r["assessor"]) for r in published["entities"]] == [(uscc["b"], LEAD_ORG)]
    QTest.keyClick(publish, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not publish.isVisible())
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)

    # 8. the amended revision arrives: a's result is back, the amended one, in the view and the disclosure
    assert _import(window, qtbot, monkeypatch, sent["amended"]) == ["superseded"]  # imported, over revision 1
    assert _counted(ctx) == {refs["a2"], refs["b"], refs["c"]}
    assert _public(ctx) == {uscc["a"]: LEAD_ORG, uscc["b"]: LEAD_ORG, uscc["c"]: LEAD_ORG}
    page = _region_page(window, qtbot)
    assert _shown_refs(page) == {refs["a2"], refs["b"]}
    assert page.stats_model.item(_stats_row(page, FUZHOU)).entities == 2
    # the objection says so too: its withdrawn result has an amended revision, which counts
    (decided,) = obj.list_objections(ctx)
    assert decided.amended_by == refs["a2"] and decided.as_json()["amended_by"] == refs["a2"]
    _key(window, Qt.Key.Key_8)
    history = objections.history_view.toPlainText()
    assert words["amended"].format(ref=refs["a2"]) in history
    assert days.today() == region.summary(ctx).as_of
