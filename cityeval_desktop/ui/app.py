"""Entry point of ``cityeval-desktop``: application set-up, fonts, language, smoke mode."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QSettings, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from cityeval_desktop import __version__, paths
from cityeval_desktop.domain.text import DomainError
from cityeval_desktop.services.context import AppContext, open_context
from cityeval_desktop.ui import i18n

log = logging.getLogger("cityeval.ui")
ORG, APP = "CityEval", "CityEval Desktop"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cityeval-desktop", description="CityEval Desktop — 评估工作台")
    parser.add_argument("--db", metavar="PATH|URL", help="database file or SQLAlchemy URL (env CITYEVAL_DB)")
    parser.add_argument("--data-dir", metavar="DIR", help="data folder (env CITYEVAL_DATA_DIR)")
    parser.add_argument("--lang", choices=("zh", "en"), help="interface language (default zh)")
    parser.add_argument("--smoke", action="store_true", help="start, paint the main window once, exit 0")
    parser.add_argument("--screenshot", metavar="PNG", type=Path, help="with --smoke: save a screenshot")
    parser.add_argument("--version", action="version", version=f"cityeval-desktop {__version__}")
    return parser.parse_args(argv)


def register_fonts(app: QApplication) -> str | None:
    """Register the bundled CJK font and make it the application font; return its family."""
    font_id = QFontDatabase.addApplicationFont(str(paths.cjk_font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("bundled CJK font could not be registered: %s", paths.cjk_font_path())
        return None
    family = families[0]
    font = QFont(family)
    font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
    app.setFont(font)
    return family


_translators: list[QTranslator] = []


def install_language(app: QApplication, lang: str) -> None:
    """Chinese (default) loads our zh_CN catalogue and Qt's own; English uses the source strings."""
    for tr in _translators:
        app.removeTranslator(tr)
    _translators.clear()
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Chinese if lang == "zh" else QLocale.Language.English,
            QLocale.Country.China if lang == "zh" else QLocale.Country.UnitedStates,
        )
    )
    if lang != "zh":
        return
    ours = QTranslator(app)
    if ours.load(str(paths.resources_dir() / "translations" / "cityeval_zh_CN.qm")):
        app.installTranslator(ours)
        _translators.append(ours)
    else:
        log.warning("Chinese translation catalogue missing")
    qt = QTranslator(app)
    if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _translators.append(qt)


def resolve_language(arg: str | None) -> str:
    if arg:
        return arg
    env = os.environ.get("CITYEVAL_LANG")
    if env in ("zh", "en"):
        return env
    stored = QSettings().value("ui/language", "zh")
    return "en" if stored == "en" else "zh"


def setup_logging(data_dir: Path) -> Path | None:
    try:
        folder = paths.log_dir(data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "cityeval-desktop.log"
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


class _FirstPaint(QObject):
    """Calls back once the watched widget has painted for the first time."""

    def __init__(self, callback: object) -> None:
        super().__init__()
        self._callback = callback
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(0, self._callback)  # type: ignore[arg-type]
        return False


def _data_dir_choice(args: argparse.Namespace) -> str | None:
    if args.data_dir:
        return args.data_dir
    if os.environ.get("CITYEVAL_DATA_DIR"):
        return None
    stored = QSettings().value("paths/data_dir", "")
    return str(stored) if stored else None


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    QApplication.setOrganizationName(ORG)
    QApplication.setApplicationName(APP)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "cityeval-desktop"])
    assert isinstance(app, QApplication)
    app.setApplicationVersion(__version__)
    icon = paths.resources_dir() / "icons" / "cityeval.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    register_fonts(app)
    lang = resolve_language(args.lang)
    i18n.set_lang(lang)
    install_language(app, lang)
    data_dir = _data_dir_choice(args)
    setup_logging(paths.data_dir(data_dir))
    try:
        ctx = open_context(args.db, data_dir)
    except DomainError as exc:
        message = exc.render(lang)
        log.error("cannot open the database: %s", message)
        if args.smoke:
            sys.stderr.write(f"error: {message}\n")
        else:
            QMessageBox.critical(None, APP, message)
        return 1
    except Exception as exc:
        log.exception("start-up failed")
        sys.stderr.write(f"error: start-up failed: {exc}\n")
        return 1
    from cityeval_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx, lang)
    _install_excepthook(window)
    window.show()
    if args.smoke:
        return _smoke(app, window, ctx, args.screenshot)
    code = app.exec()
    ctx.close()
    return code


def _smoke(app: QApplication, window: object, ctx: AppContext, screenshot: Path | None) -> int:
    from cityeval_desktop.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    result = {"code": 0}

    def finish() -> None:
        try:
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                if not window.grab().save(str(screenshot)):
                    raise OSError(f"cannot write {screenshot}")
            rows = window.cases_page.model.rowCount()
            sys.stdout.write(f"smoke ok: {rows} case(s) listed from {ctx.url}\n")
        except Exception as exc:
            sys.stderr.write(f"error: smoke test failed: {exc}\n")
            result["code"] = 1
        app.exit(result["code"])

    watcher = _FirstPaint(finish)
    window.installEventFilter(watcher)
    QTimer.singleShot(20_000, lambda: (sys.stderr.write("error: the window never painted\n"), app.exit(1)))
    code = app.exec()
    window.removeEventFilter(watcher)
    ctx.close()
    return code


def _install_excepthook(window: object) -> None:
    """Unexpected errors: a clear dialog, the traceback only in the log."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))  # type: ignore[arg-type]
        from cityeval_desktop.ui.errors import show_error

        show_error(window, exc)  # type: ignore[arg-type]

    sys.excepthook = hook


if __name__ == "__main__":
    sys.exit(main())
