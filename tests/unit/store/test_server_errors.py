"""Opening a PostgreSQL URL that cannot be used: said in the user's language, with what to do, password hidden."""

from __future__ import annotations

import socket
import sys

import pytest

from cityeval_desktop.services.context import open_context
from cityeval_desktop.store.engine import DatabaseError, open_database


def _closed_port() -> int:
    """A local port nothing listens on (bound and released at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_server_that_cannot_be_reached_is_named_with_what_to_check(tmp_path) -> None:
    port = _closed_port()
    url = f"postgresql+psycopg://agency:s3cret-pw@127.0.0.1:{port}/cityeval"
    with pytest.raises(DatabaseError) as info:
        open_context(url, tmp_path)
    zh, en = info.value.render("zh"), info.value.render("en")
    assert f"无法连接数据库服务器 127.0.0.1:{port}" in zh and "用户名和密码" in zh and "未做任何修改" in zh
    assert f"cannot connect to the database server 127.0.0.1:{port}" in en and "that the server is running" in en
    assert "s3cret-pw" not in zh + en  # the password is never shown
    assert "agency:***@127.0.0.1" in en


def test_without_the_driver_the_extra_to_install_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if cityeval-desktop[postgresql] were not installed
    with pytest.raises(DatabaseError) as info:
        open_database("postgresql+psycopg://agency:s3cret-pw@127.0.0.1:5432/cityeval")
    zh, en = info.value.render("zh"), info.value.render("en")
    assert "pip install 'cityeval-desktop[postgresql]'" in zh and "缺少 PostgreSQL 驱动程序" in zh
    assert "the PostgreSQL driver is not installed: install cityeval-desktop[postgresql]" in en
    assert "s3cret-pw" not in zh + en
