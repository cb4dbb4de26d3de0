"""One error root (issue 10, step 0): every error a user can act on is a CityEvalError with lines(lang);
database errors are told apart by their code (SQLite result code, server SQLSTATE), never by their text."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sqlite3

import pytest
from sqlalchemy import exc as sa_exc

import cityeval_desktop
from cityeval_desktop.domain.text import CityEvalError
from cityeval_desktop.services import context

#: exceptions that never reach a front end: caught where they are raised and turned into a CityEvalError
INTERNAL = {
    "cityeval_desktop.exchange.xlsx_reader._RefusedError",
    "cityeval_desktop.store.sqlite_file.PathRefusedError",
    "cityeval_desktop.domain.numbers.NumberRangeError",  # each reader words it at its own field
    "cityeval_desktop.services.answers._JsonRefusedError",
    "cityeval_desktop.services.instance_lock.InstanceLocked",  # a state the window asks about
    "cityeval_desktop.signing._pkcs12_guard.NotPkcs12Error",
    "cityeval_desktop.signing._pkcs12_guard.WrongPasswordError",
    "cityeval_desktop.services.package_import._RefusedError",  # recorded as the package's rejection reason
    "cityeval_desktop.store.digest.ContentError",  # the package check words it at the field it names
    "cityeval_desktop.services.case_data.CarriedError",  # likewise: the package check names the case.json field
    "cityeval_desktop.domain.regions.RegionListError",  # a damaged installation (the bundled list), not input
}


def _core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(cityeval_desktop.__path__, "cityeval_desktop."):
        if info.name.startswith(("cityeval_desktop.ui", "cityeval_desktop.store.migrations")):
            continue
        names.append(info.name)
    return names


def test_every_error_of_the_core_is_a_cityeval_error() -> None:
    outside = []
    for name in _core_modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != name or not issubclass(cls, BaseException):
                continue
            if f"{name}.{cls.__name__}" not in INTERNAL and not issubclass(cls, CityEvalError):
                outside.append(f"{name}.{cls.__name__}")
    assert outside == [], f"errors outside the one root (the front ends would call them internal): {outside}"


def test_every_kind_renders_lines_in_both_languages() -> None:
    from cityeval_desktop.domain.errors import InputError
    from cityeval_desktop.domain.loader import FrameworkError, Problem
    from cityeval_desktop.domain.text import DomainError, Text
    from cityeval_desktop.signing.errors import SigningError

    one = Text("数据库已满", "the database is full")
    for err in (
        DomainError(one, "a.sqlite3"),
        SigningError(one, "id.p12"),
        InputError.one(one, "a.json"),
        FrameworkError([Problem("f.yaml", 3, "tiers", one)]),
    ):
        assert isinstance(err, CityEvalError)
        zh, en = err.lines("zh"), err.lines("en")
        assert len(zh) == len(en) == 1
        assert "数据库已满" in zh[0] and "the database is full" in en[0]


class _SqliteOrig(sqlite3.OperationalError):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.sqlite_errorcode = code


def _wrapped(orig: BaseException) -> sa_exc.OperationalError:
    return sa_exc.OperationalError("SELECT 1", {}, orig)


def test_sqlite_conflicts_are_known_by_their_result_code_not_their_words() -> None:
    assert context._is_conflict(_wrapped(_SqliteOrig("anything at all", 5)))  # SQLITE_BUSY
    assert context._is_conflict(_wrapped(_SqliteOrig("quelque chose", 6 | (1 << 8))))  # SQLITE_LOCKED_SHAREDCACHE
    # the words of a lock, with the code of a damaged file: not a conflict to retry
    assert not context._is_conflict(_wrapped(_SqliteOrig("database is locked", 11)))


class _ServerOrigError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__("FEHLER: der Server meldet etwas")  # the server's own words, in its locale
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("state", "zh", "en"),
    [
        ("53100", "磁盘已满", "disk is full"),
        ("08006", "无法连接数据库服务器", "cannot reach the database server"),
        ("28P01", "拒绝登录", "refused the login"),
        ("25006", "只读", "read-only"),
        ("XX000", "数据库服务器报告错误", "reported an error (XX000)"),
    ],
)
def test_server_errors_are_worded_by_sqlstate(state: str, zh: str, en: str) -> None:
    url = "postgresql+psycopg://agency:s3cret@db.example/cityeval"
    err = context._operational(_wrapped(_ServerOrigError(state)), url)
    assert zh in err.render("zh") and en in err.render("en")
    assert "FEHLER" not in err.render("zh") + err.render("en")
    assert "s3cret" not in err.render("en") and "db.example" in err.render("en")
