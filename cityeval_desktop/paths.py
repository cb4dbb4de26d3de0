"""Where things live: bundled forms/resources and the user's data folders (platformdirs)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "CityEval"
APP_AUTHOR = "CityEval"
_PACKAGE_ROOT = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """A bundled folder: inside the installed wheel, a frozen app, or the source tree."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidate = Path(frozen_root) / "cityeval_desktop" / "_bundled" / name
        if candidate.is_dir():
            return candidate
    # the package is always a folder on disk (Qt and reportlab need real files), so its data is beside it
    installed = _PACKAGE_ROOT / "_bundled" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_ROOT.parent / name


def forms_dir() -> Path:
    """The folder with the default frameworks and the framework JSON Schema."""
    return _bundled("forms")


def resources_dir() -> Path:
    """The folder with fonts, icons and translations."""
    return _bundled("resources")


def cjk_font_path() -> Path:
    """The bundled CJK TrueType collection (WenQuanYi Micro Hei)."""
    return resources_dir() / "fonts" / "wqy-microhei.ttc"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user data folder: ``override``, else $CITYEVAL_DATA_DIR, else platformdirs."""
    chosen = override or os.environ.get("CITYEVAL_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir(data: Path | None = None) -> Path:
    """Where log files go (beside the data when a data folder is given)."""
    if data is not None:
        return data / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def guide_dir() -> Path:
    """The user guide (Markdown in ``zh/`` and ``en/``, screenshots in ``img/``): bundled, or ``docs/guide``."""
    bundled = _bundled("guide")
    return bundled if bundled.is_dir() else _PACKAGE_ROOT.parent / "docs" / "guide"
