#!/usr/bin/env python3
"""Screenshots of the real workbench for the user guide, so the guide never shows an old screen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make-screenshots.py [--out docs/guide/img] [--lang zh en]

Loads the sample cases (services/samples.py) into a throwaway database, builds the main window at
1366×768 in each language, visits every screen the guide shows and saves ``<screen>-<lang>.png``,
reduced to a small palette PNG. Nothing outside the temporary folder and ``--out`` is touched.

Then, in a second process (Qt reads ``QT_SCALE_FACTOR`` once, when the application object is made),
the workspace, the case list, the regional view and the delta and disclosure dialogs again at scale
factor 2, as on a high-DPI screen: ``<screen>@2x-<lang>.png``, 2732×1536 pixels of the same 1366×768
window. ``--hidpi`` makes only those (``--lang`` as above), with the scale factor set before the
application starts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QSettings  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

SIZE = (1366, 768)
COLOURS = 128
HIDPI_SCALE = "2"
# Four times the pixels. Median cut, as for the others, drops the rare colours at that size (the red of an
# over-rating, the dashed 40-point line turned grey, at 32 to 256 colours) and maximum coverage tints the
# greys blue; the octree keeps both (measured on the 2x screens: mean error about 1.5 levels, no pixel off
# by more than 16, files no larger than 32 median-cut colours made).
HIDPI_COLOURS = 256
HIDPI_METHOD = "FASTOCTREE"


def settle(app: QApplication, seconds: float = 0.15) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        # Widgets replaced with deleteLater() go at the next turn of a running event loop; this script
        # runs none, so without this an indicator's old answer buttons would be drawn under the new ones.
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        time.sleep(0.01)


def save(pixmap: QPixmap, out: Path, colours: int = COLOURS, method: str = "MEDIANCUT") -> None:
    """Write a palette PNG (screens have few colours; this keeps each file small)."""
    from PIL import Image

    tmp = out.with_suffix(".tmp.png")
    pixmap.save(str(tmp))
    with Image.open(tmp) as image:
        image.convert("RGB").quantize(colors=colours, method=Image.Quantize[method]).save(out, optimize=True)
    tmp.unlink()
    print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: {out.stat().st_size // 1024} KB")


def over(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window with a dialog drawn over its centre, as a user sees it."""
    base = window.grab()
    top = dialog.grab()
    # the painter works in the pixmaps' logical pixels: at a scale factor the grabs hold more device pixels
    outer, inner = base.deviceIndependentSize(), top.deviceIndependentSize()
    painter = QPainter(base)
    painter.fillRect(base.rect(), QColor(0, 0, 0, 70))
    painter.drawPixmap(QPointF((outer.width() - inner.width()) / 2, (outer.height() - inner.height()) / 2), top)
    painter.end()
    return base


def show_nav(window: object, class_name: str) -> QWidget | None:
    """Select the navigation entry whose page is of ``class_name``."""
    nav, stack = window.nav, window.stack  # type: ignore[attr-defined]
    for row in range(nav.count()):
        nav.setCurrentRow(row)
        if type(stack.currentWidget()).__name__ == class_name:
            return stack.currentWidget()
    return None


def open_window(lang: str, folder: Path) -> tuple[QApplication, Any, Any]:
    """The main window at SIZE in ``lang`` on a fresh database of its own (under ``folder``)."""
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language
    from cityeval_desktop.ui.main_window import MainWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.set_lang(lang)
    install_language(app, lang)
    QSettings().clear()
    data = folder / lang
    data.mkdir()
    ctx = open_context(data / "cases.sqlite3", data, actor="演示评估员" if lang == "zh" else "demo assessor")
    window = MainWindow(ctx, lang)
    window.resize(*SIZE)
    window.show()
    settle(app)
    return app, ctx, window


def load_samples(app: QApplication, window: Any) -> None:
    operation = window.cases_page.welcome.load_samples()
    assert operation is not None
    while window.cases_page.welcome.operation is not None:
        settle(app, 0.05)


def open_workspace(ctx: Any, window: Any) -> None:
    """The amended third-party draft of the samples, at its fifth indicator (the guide's workspace)."""
    from cityeval_desktop.services import cases as case_service

    listed = case_service.list_cases(ctx)
    third_party_draft = next(c for c in listed if c.revision > 1 and c.is_draft)
    window.open_case(third_party_draft.ref)
    window.workspace.tree.select_indicator(window.workspace.tree.ordered_ids()[4])


def show_region(app: QApplication, window: Any) -> QWidget | None:
    """The regional view, once it has read the counted results."""
    region = show_nav(window, "RegionPage")
    while region is not None and region.loading:
        settle(app, 0.05)
    return region


#: a self-check of the sample entity with a finalized third-party result in construction, rating itself higher:
#: the pair the delta dialog compares (the samples alone have no entity with both)
SELF_CHECK_PAIR = ("xm-construction", "xm-construction-self", 0.97)


def make_self_check_pair(ctx: Any, lang: str) -> str:
    """Load :data:`SELF_CHECK_PAIR`'s self-check; the entity's USCC."""
    from dataclasses import replace

    from cityeval_desktop.services import samples

    base, key, quality = SELF_CHECK_PAIR
    third = next(spec for spec in samples.SAMPLES if spec.key == base)
    spec = replace(third, key=key, mode="self", assessor="企业自评小组", quality=quality, not_applicable=())
    samples.load_samples(ctx, lang=lang, specs=(spec,))
    return spec.uscc


def open_delta(app: QApplication, ctx: Any, window: Any, lang: str) -> QWidget:
    """The delta dialog of :data:`SELF_CHECK_PAIR` (made first) over the regional view it is opened from."""
    uscc = make_self_check_pair(ctx, lang)
    show_region(app, window)
    dialog = window.show_delta(uscc, "construction-implementation")
    assert dialog is not None and dialog.error is None, getattr(dialog, "error", None)
    dialog.resize(1100, 640)
    settle(app, 0.3)
    return dialog


def open_disclosure(app: QApplication, ctx: Any, window: Any) -> QWidget:
    """Publish disclosure… of the regional view, filled in as an agency would before pressing Publish."""
    from datetime import date

    from cityeval_desktop.services import disclosure

    disclosure.add_holidays(ctx, ["2027-01-01", "2027-02-05", "2027-02-08"])
    disclosure.add_holidays(ctx, ["2027-02-13"], working=True)
    show_nav(window, "RegionPage")
    dialog = window.publish_disclosure()
    assert dialog is not None
    zh = window.lang == "zh"
    stem = f"{'公示' if zh else 'disclosure'}-{date.today().isoformat()}"
    folder = "/home/评估/公示" if zh else "/home/agency/disclosure"
    dialog.identity_edit.setText("/home/评估/身份/主管部门.p12" if zh else "/home/agency/identities/agency.p12")
    for edit, suffix in ((dialog.pdf_edit, ".pdf"), (dialog.csv_edit, ".csv"), (dialog.json_edit, ".json")):
        edit.setText(f"{folder}/{stem}{suffix}")
    dialog.contact_edit.setText(
        "福州市数据局评估处，电话 0591-00000000" if zh else "Fuzhou Data Bureau, assessment office, 0591-00000000"
    )
    dialog.adjustSize()
    settle(app, 0.3)
    return dialog


def shoot_agency_dialogs(app: QApplication, ctx: Any, window: Any, lang: str, grab: Callable[..., None]) -> None:
    """The delta dialog and Publish disclosure…, each over the window (``delta``, ``disclosure``)."""
    delta = open_delta(app, ctx, window, lang)
    grab("delta", lambda: over(window, delta))
    delta.close()
    dialog = open_disclosure(app, ctx, window)
    grab("disclosure", lambda: over(window, dialog))
    dialog.close()


def shoot(lang: str, folder: Path, out: Path) -> None:
    from cityeval_desktop.services import cases as case_service
    from cityeval_desktop.ui.help import show_help

    app, ctx, window = open_window(lang, folder)

    def grab(name: str, pixmap: Callable[[], QPixmap] | None = None) -> None:
        settle(app)
        save(pixmap() if pixmap else window.grab(), out / f"{name}-{lang}.png")

    grab("welcome")
    load_samples(app, window)
    window.cases_page.table.selectRow(0)
    grab("cases")

    listed = case_service.list_cases(ctx)
    amended = next(c for c in listed if c.revision > 1 and not c.is_draft)
    self_draft = next(c for c in listed if c.mode == "self" and c.is_draft)
    open_workspace(ctx, window)
    grab("workspace")
    window.workspace.tabs.setCurrentWidget(window.workspace.case_scroll)
    grab("case-data")
    window.workspace.tabs.setCurrentWidget(window.workspace.splitter)

    window.open_case(amended.ref)
    dialog = window.workspace.show_revisions()
    assert dialog is not None
    dialog.resize(1180, 660)
    grab("revisions", lambda: over(window, dialog))
    dialog.close()
    window.show_cases()

    window.open_case(self_draft.ref)
    check = window.self_check(self_draft.ref)
    if check is not None:
        grab("self-check", lambda: over(window, check))
        check.reject()
    window.show_cases()

    for class_name, name in (
        ("FrameworksPage", "frameworks"),
        ("SigningPage", "identities"),
        ("DatabasePage", "database"),
        ("SettingsPage", "settings"),
    ):
        page = show_nav(window, class_name)
        if page is not None:
            grab(name)
    signing = show_nav(window, "SigningPage")
    tabs = getattr(signing, "tabs", None)
    if tabs is not None:
        for index, name in ((1, "trust"), (2, "verify")):
            if index < tabs.count():
                tabs.setCurrentIndex(index)
                grab(name)

    # the agency's pages: the regional view of the samples' counted results, and one objection recorded
    if show_region(app, window) is not None:
        grab("region")
    from cityeval_desktop.services import objections

    latest: dict[str, Any] = {}
    for c in listed:  # the latest finalized revision of each third-party case (an objection's target)
        if c.mode == "third-party" and not c.is_draft:
            uuid = c.ref.split("@")[0]
            if uuid not in latest or c.revision > latest[uuid].revision:
                latest[uuid] = c
    counted = sorted(latest.values(), key=lambda c: c.ref)[0]
    objections.add_objection(
        ctx,
        counted.ref,
        "公示的得分与实际情况不符：所列项目并非本单位承担。"
        if lang == "zh"
        else "The published score does not match the facts: the listed projects were not ours.",
        by="福州某某科技有限公司" if lang == "zh" else "Fuzhou Example Technology Co.",
    )
    page = show_nav(window, "ObjectionsPage")
    if page is not None:
        page.reload()
        settle(app, 0.3)
        page.table.selectRow(0)
        grab("objections")

    shoot_agency_dialogs(app, ctx, window, lang, grab)

    show_nav(window, "CasesPage")
    guide = show_help(window, "workspace")
    guide.resize(1000, 680)
    grab("help", lambda: over(window, guide))
    guide.close()
    window.close()
    ctx.close()


def shoot_hidpi(lang: str, folder: Path, out: Path) -> None:
    """Screens as a high-DPI screen shows them: the window at SIZE, drawn at the scale factor
    (``<screen>@2x-<lang>.png``): the workspace, the case list, the regional view and two dialogs."""
    app, ctx, window = open_window(lang, folder)
    expected = (SIZE[0] * int(HIDPI_SCALE), SIZE[1] * int(HIDPI_SCALE))

    def grab(name: str, pixmap: Callable[[], QPixmap] | None = None) -> None:
        settle(app)
        shot = pixmap() if pixmap else window.grab()
        if (shot.width(), shot.height()) != expected:
            raise SystemExit(f"the high-DPI grab is {shot.width()}×{shot.height()}, not {expected[0]}×{expected[1]}")
        save(shot, out / f"{name}@2x-{lang}.png", HIDPI_COLOURS, HIDPI_METHOD)

    load_samples(app, window)
    window.cases_page.table.selectRow(0)
    grab("cases")
    open_workspace(ctx, window)
    grab("workspace")
    if show_region(app, window) is not None:
        grab("region")
    shoot_agency_dialogs(app, ctx, window, lang, grab)
    window.close()
    ctx.close()


def run_hidpi(out: Path, langs: list[str]) -> int:
    """This script again with --hidpi in a process of its own, the scale factor in its environment."""
    env = {**os.environ, "QT_SCALE_FACTOR": HIDPI_SCALE}
    command = [sys.executable, str(Path(__file__).resolve()), "--hidpi", "--out", str(out), "--lang", *langs]
    return subprocess.run(command, env=env, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "guide" / "img")
    parser.add_argument("--lang", nargs="+", choices=("zh", "en"), default=["zh", "en"])
    parser.add_argument(
        "--hidpi", action="store_true", help=f"only the screens at scale factor {HIDPI_SCALE} (NAME@2x-LANG.png)"
    )
    args = parser.parse_args(argv)
    langs = args.lang
    if args.hidpi:
        os.environ["QT_SCALE_FACTOR"] = HIDPI_SCALE  # before the QApplication below: Qt reads it once
    with tempfile.TemporaryDirectory(prefix="cityeval-shots-") as tmp:
        QCoreApplication.setOrganizationName("CityEvalScreenshots")
        QCoreApplication.setApplicationName("CityEval Desktop Screenshots")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(Path(tmp) / "settings"))
        os.environ["CITYEVAL_DATA_DIR"] = str(Path(tmp) / "data")
        app = QApplication([sys.argv[0]])
        from cityeval_desktop.ui.app import register_fonts

        register_fonts(app)
        args.out.mkdir(parents=True, exist_ok=True)
        for lang in langs:
            (shoot_hidpi if args.hidpi else shoot)(lang, Path(tmp), args.out.resolve())
    if args.hidpi:
        return 0
    return run_hidpi(args.out.resolve(), langs)


if __name__ == "__main__":
    sys.exit(main())
