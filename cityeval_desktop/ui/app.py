"""Entry point of ``cityeval-desktop``: application set-up, fonts, language, instance lock, smoke mode."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from cityeval_desktop import __version__, paths
from cityeval_desktop.domain.text import DomainError
from cityeval_desktop.services import case_index, instance_lock
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.language import install_language

if TYPE_CHECKING:
    from cityeval_desktop.services.context import AppContext
    from cityeval_desktop.ui.main_window import MainWindow

log = logging.getLogger("cityeval.ui")
ORG, APP = "CityEval", "CityEval Desktop"
SMOKE_TIMEOUT_MS = 20_000  # --smoke: a window not painted by then ends the run with an error
ATTACH_ANYWAY_MS = 2_000  # a window not painted by then (started minimised) gets its context anyway


def build_parser() -> argparse.ArgumentParser:
    """``cityeval-desktop``'s options (installer/make-man.py writes its manual page from them)."""
    parser = argparse.ArgumentParser(prog="cityeval-desktop", description="CityEval Desktop — 评估工作台")
    parser.add_argument("--db", metavar="PATH|URL", help="database file or SQLAlchemy URL (env CITYEVAL_DB)")
    parser.add_argument("--data-dir", metavar="DIR", help="data folder (env CITYEVAL_DATA_DIR)")
    parser.add_argument("--lang", choices=("zh", "en"), help="interface language (default zh)")
    parser.add_argument("--smoke", action="store_true", help="start, paint the main window once, exit 0")
    parser.add_argument("--screenshot", metavar="PNG", type=Path, help="with --smoke: save a screenshot")
    parser.add_argument("--version", action="version", version=f"cityeval-desktop {__version__}")
    parser.add_argument(
        "package",
        nargs="?",
        metavar="FILE.cityeval",
        help="a case package to verify on start (what opening a .cityeval file in the file manager does)",
    )
    return parser


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


MAX_ARGUMENT_CHARS = 4096  # longer than any path a file manager passes; a longer argument is refused


def package_argument(text: str | None) -> Path | None:
    """The package file named on the command line: a path, or a ``file://`` URL (some file managers pass
    one); None when nothing usable was given (the verify view then says why: missing, a folder, not a package)."""
    if not text or len(text) > MAX_ARGUMENT_CHARS or "\x00" in text:
        return None
    if text.startswith("file://"):
        from PySide6.QtCore import QUrl

        local = QUrl(text).toLocalFile()
        return Path(local) if local else None
    return Path(text).expanduser()


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


def resolve_language(arg: str | None) -> str:
    if arg:
        return arg
    env = os.environ.get("CITYEVAL_LANG")
    if env in ("zh", "en"):
        return env
    stored = QSettings().value("ui/language", "zh")
    return "en" if stored == "en" else "zh"


def setup_logging(data_dir: Path) -> Path | None:
    """The log file (None when it cannot be written: error messages then say where and why)."""
    from cityeval_desktop.services import logbook

    book = logbook.start(data_dir, "cityeval-desktop.log")
    return book.file if book.handler is not None else None


class _FirstPaint(QObject):
    """Calls back once the watched widget has painted for the first time."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self._callback = callback
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(0, self._callback)
        return False


def _data_dir_choice(args: argparse.Namespace) -> str | None:
    if args.data_dir:
        return args.data_dir
    if os.environ.get("CITYEVAL_DATA_DIR"):
        return None
    stored = QSettings().value("paths/data_dir", "")
    return str(stored) if stored else None


def main(argv: Sequence[str] | None = None) -> int:
    """Start the workbench; with ``--smoke``, exit after the first paint (0, or 1 with the reason).

    The fast start: when the database is an existing SQLite file at the current schema, the case
    list is read with the standard library (:func:`case_index.peek`) and painted first; SQLAlchemy,
    the services and the other pages are loaded right after that first paint. Anything else (a new
    database, one to migrate or refuse, a server URL) opens the context before the window is shown.

    Before any of that the database file's lock is taken (:mod:`services.instance_lock`); when another
    running workbench holds it, the user opens the database read-only or quits (``--smoke`` does
    not ask: it goes on read-only).
    """
    import multiprocessing

    multiprocessing.freeze_support()  # a frozen build's worker processes (package import) start here
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
    started = _take_instance_lock(args, data_dir)
    if started is None:
        return 0  # another workbench has the database and the user chose to quit
    lock, read_only = started
    try:
        return _run(app, args, data_dir, lang, read_only)
    finally:
        if lock is not None:
            lock.release()


def _run(app: QApplication, args: argparse.Namespace, data_dir: str | None, lang: str, read_only: bool) -> int:
    """Show the window and run the event loop until the user (or the smoke test) ends it."""
    from cityeval_desktop.ui.main_window import MainWindow

    preview = case_index.peek(args.db, data_dir)
    if preview is None:
        ctx = _open_context(args, data_dir, lang, read_only)
        if ctx is None:
            return 1
        window = MainWindow(ctx, lang, read_only=read_only)
    else:
        window = MainWindow(None, lang, url=preview.url, preview=preview.cases, read_only=read_only)
    _install_excepthook(window)
    state = {"code": 0, "attaching": False, "opened": False}

    def attach_context() -> bool:
        """Open the context and give it to the window, once; on failure say why and end the start."""
        if window.ready:
            return True
        if state["attaching"]:  # a second trigger while the first one shows its error dialog
            return False
        state["attaching"] = True
        ctx = _open_context(args, data_dir, lang, read_only)
        if ctx is not None:
            try:
                window.attach(ctx)
                return True
            except Exception:
                log.exception("start-up failed")
                _fail(args.smoke, _start_up_failed(lang))
        state["code"] = 1
        app.exit(1)
        return False

    # Both timers belong to the window and are stopped when the run ends: a timer left running
    # would fire into whatever event loop runs next (issue 8, item 23: an in-process smoke run
    # ended a later test's event loop with "the window never painted").
    smoke_timer = QTimer(window)
    smoke_timer.setSingleShot(True)
    attach_timer = QTimer(window)
    attach_timer.setSingleShot(True)

    def never_painted() -> None:
        sys.stderr.write("error: the window never painted\n")
        state["code"] = 1
        app.exit(1)

    def attach_and_open() -> bool:
        """Attach the context, then show the package named on the command line in the verify view, once."""
        if not attach_context():
            return False
        if args.package is not None and not state["opened"]:
            state["opened"] = True
            _open_package(window, args.package, lang)
        return True

    def after_first_paint() -> None:
        attach_timer.stop()
        if args.smoke:
            smoke_timer.stop()
            sys.stdout.write("smoke: first paint\n")
            sys.stdout.flush()
        if attach_and_open() and args.smoke:
            _finish_smoke(app, window, args.screenshot)

    watcher = _FirstPaint(after_first_paint)
    window.installEventFilter(watcher)
    window.show()
    if args.smoke:
        smoke_timer.timeout.connect(never_painted)
        smoke_timer.start(SMOKE_TIMEOUT_MS)
    elif not window.ready:
        # a window that is not painted soon (started minimised, on another desktop) gets its context anyway
        attach_timer.timeout.connect(attach_and_open)
        attach_timer.start(ATTACH_ANYWAY_MS)
    try:
        code = app.exec()
    finally:
        smoke_timer.stop()
        attach_timer.stop()
        window.removeEventFilter(watcher)
        window.hide()  # still shown when the start failed or in smoke mode (not close: that saves window state)
        if window.ready:
            window.ctx.close()
    return code or state["code"]


def _take_instance_lock(
    args: argparse.Namespace, data_dir: str | None
) -> tuple[instance_lock.InstanceLock | None, bool] | None:
    """(the lock or None, read-only?) to go on with, or None when the user chose to quit."""
    try:
        return instance_lock.acquire(args.db, data_dir), False
    except instance_lock.InstanceLocked as held:
        holder = held.holder
        log.warning("database in use by process %s on %s since %s", holder.pid, holder.host, holder.started)
        if args.smoke:  # never asks: an installer's or CI's smoke run looks, read-only
            sys.stdout.write(f"smoke: the database is in use by another workbench ({holder.path}); read-only\n")
            sys.stdout.flush()
            return None, True
        return (None, True) if _ask_read_only(holder) else None


def _ask_read_only(holder: instance_lock.LockHolder) -> bool:
    """Ask whether to open a database another workbench is using read-only (True) or quit (False)."""
    when = holder.started.astimezone().strftime("%Y-%m-%d %H:%M")
    place = [holder.host, str(holder.pid), when]
    if holder.user:
        who = QCoreApplication.translate("app", "Opened by %1 on the computer %2 (process %3) since %4.")
        values = [holder.user, *place]
    else:
        who, values = QCoreApplication.translate("app", "Opened on the computer %1 (process %2) since %3."), place
    for n, value in reversed(list(enumerate(values, start=1))):
        who = who.replace(f"%{n}", value)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        APP,
        QCoreApplication.translate("app", "This database is already open in another workbench."),
    )
    box.setObjectName("second_instance_prompt")
    box.setInformativeText(
        "\n\n".join(
            (
                who,
                QCoreApplication.translate(
                    "app",
                    "Two workbenches changing the same cases would overwrite each other's work. Open it "
                    "read-only to look at cases and export reports, or quit and use the other workbench.",
                ),
                QCoreApplication.translate(
                    "app",
                    "If no workbench runs there any more (the computer was switched off), delete the lock "
                    "file %1 and start again.",
                ).replace("%1", str(holder.path)),
            )
        )
    )
    read_only = box.addButton(QCoreApplication.translate("app", "Open read-only"), QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(QCoreApplication.translate("app", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.setEscapeButton(quit_button)
    box.exec()
    return box.clickedButton() is read_only


def _open_context(
    args: argparse.Namespace, data_dir: str | None, lang: str, read_only: bool = False
) -> AppContext | None:
    """The opened context, or None after telling the user why it cannot be opened."""
    from cityeval_desktop.services.context import open_context

    try:
        return open_context(args.db, data_dir, read_only=read_only)
    except DomainError as exc:
        message = exc.render(lang)
        log.error("cannot open the database: %s", message)
        _fail(args.smoke, message)
        return None
    except Exception:
        log.exception("start-up failed")
        _fail(args.smoke, _start_up_failed(lang))
        return None


def _start_up_failed(lang: str) -> str:
    """An unexpected start-up failure: where its details are, only if the log could take them."""
    from cityeval_desktop.services import logbook

    return QCoreApplication.translate("app", "The workbench could not start; %1.").replace(
        "%1", logbook.details_hint().get(lang)
    )


def _fail(smoke: bool, message: str) -> None:
    """Report a start-up failure: on stderr, and in a dialog unless in smoke mode."""
    sys.stderr.write(f"error: {message}\n")
    if not smoke:
        QMessageBox.critical(None, APP, message)


def _open_package(window: MainWindow, argument: str, lang: str) -> None:
    """The verify view of the package named on the command line; an unusable argument is said in a dialog."""
    path = package_argument(argument)
    if path is not None:
        window.open_package_file(path)
        return
    message = QCoreApplication.translate(
        "app", "The file named on the command line cannot be opened: give the path of a case package (.cityeval)."
    )
    log.warning("unusable package argument (%d characters)", len(argument))
    box = QMessageBox(QMessageBox.Icon.Warning, APP, message, parent=window)
    box.setObjectName("package_argument_refused")
    box.open()


def _finish_smoke(app: QApplication, window: MainWindow, screenshot: Path | None) -> None:
    dialog = getattr(window, "package_dialog", None)
    if dialog is not None and dialog.operation is not None and not dialog.operation.done:
        # a package given with --smoke: wait for its verdict, then print it (the installers' smoke run)
        QTimer.singleShot(50, lambda: _finish_smoke(app, window, screenshot))
        return
    if dialog is not None:
        sys.stdout.write(f"smoke: package {dialog.headline.text()}\n")
    code = 0
    try:
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(screenshot)):
                raise OSError(f"cannot write {screenshot}")
        rows = window.cases_page.model.rowCount()
        sys.stdout.write(f"smoke ok: {rows} case(s) listed from {window.ctx.shown_url}\n")
    except Exception as exc:
        sys.stderr.write(f"error: smoke test failed: {exc}\n")
        code = 1
    app.exit(code)


def _install_excepthook(window: object) -> None:
    """Unexpected errors: a clear dialog, the traceback only in the log."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))  # type: ignore[arg-type]
        from cityeval_desktop.ui.errors import show_error

        show_error(window, exc)  # type: ignore[arg-type]

    sys.excepthook = hook


if __name__ == "__main__":
    sys.exit(main())
