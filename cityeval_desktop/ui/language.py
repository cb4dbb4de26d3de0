"""The interface language: our Chinese catalogue and Qt's own, installed or removed at once."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from cityeval_desktop import paths

log = logging.getLogger("cityeval.ui")

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
