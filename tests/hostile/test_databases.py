"""Damaged and odd database files through the real command line (issue 9 items 9, 11, 12, 14b).

The command line runs through its entry point in this process, in a subprocess where the process
matters: a named pipe (the timeout ends a block) and the read-only and full media, which are mount
namespaces of their own (marked ``slow``).

A damaged page is reported by ``db check`` (the command for it) and named by every other command,
with the backups found beside it; two schema-version rows, devices, pipes, folders, other programs'
files and newer files are refused before anything is written, and their folder holds exactly what it
held before (no empty ``-wal``, ``-shm`` or ``-journal``); a WAL database on read-only media is
listed, shown and checked read-only; a full disk is called a full disk. The files are generated
here by :mod:`tests.hostile.databases`.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, Cli, CliResult, run_in_process
from tests.hostile import databases

TIMEOUT = 60
# What may stay in a Chinese message: paths, file names and ids from the data (with a dot, digit, "_"
# or "-"), the product's name, and the "error:"/"warning:" prefix of a command-line line
_DATA = re.compile(r"(?:/[^\s：，；（）]*)+|[\w.-]*[\d._-][\w.-]*|CityEval")


def chinese_only(line: str) -> list[str]:
    """The English words left in a Chinese line once paths, names from the data and the prefix are taken out."""
    text = re.sub(r"^(error|warning): ", "", line)
    return re.findall(r"[A-Za-z]{2,}", _DATA.sub("", text))


def assert_clean(result: CliResult, lang: str = "zh") -> None:
    assert result.code == 1, (result.code, result.out, result.err)
    for bad in ("Traceback", "内部错误", "internal error", "not even SQLite", "disk I/O error", "Logging error"):
        assert bad not in result.err + result.out, result.err
    if lang == "zh":
        for line in result.err.splitlines():
            assert not chinese_only(line), f"English in a Chinese message: {line}"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A closed CityEval database (one case, an audit trail over many pages) built once per module."""
    folder = tmp_path_factory.mktemp("db-template")
    (folder / "data").mkdir()
    path = folder / "cases.sqlite3"
    ref = databases.cityeval_database(path, folder / "data")
    return path, ref


@pytest.fixture
def db(template: tuple[Path, str], tmp_path: Path) -> Path:
    """A fresh copy of the template in its own folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    return Path(shutil.copy2(template[0], folder / "cases.sqlite3"))


def run(
    cli: Cli, db: Path, *args: str, lang: str = "zh", prefix: list[str] | None = None, process: bool = False
) -> CliResult:
    """``cityeval --lang LANG --db DB ARGS`` through its entry point in this process; in a subprocess when
    ``process`` is asked for, or run under ``prefix`` (a mount namespace: a read-only or full medium)."""
    if prefix is None and not process:
        return run_in_process(["--lang", lang, "--db", str(db), *args], cli.env())
    cmd = [*(prefix or []), sys.executable, "-m", "cityeval_desktop.cli.main", "--lang", lang, "--db", str(db), *args]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, encoding="utf-8", env=cli.env(), timeout=TIMEOUT, cwd=ROOT
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


# ----------------------------------------------------------------------------------- item 9: damaged page
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [64, 3000], ids=["cell-pointers", "most-of-the-page"])
def test_db_check_reports_a_damaged_page_instead_of_an_internal_error(cli: Cli, db: Path, lang: str, size: int) -> None:
    page = databases.damage_page(db, "audit", size)
    before = databases.snapshot(db.parent)

    result = run(cli, db, "db", "check", lang=lang)

    assert_clean(result, lang)
    # SQLite's check names the page; where it stops at the damage itself, the table that cannot be read
    if lang == "zh":
        named = f"数据库文件已损坏：第 {page} 页" in result.err or "数据库文件已损坏：审计记录无法读取" in result.err
        assert named, result.err
        assert "检查未通过" in result.out
    else:
        assert "damaged" in result.err and (f"page {page}" in result.err or "table audit" in result.err), result.err
        assert "check FAILED" in result.out
    # (whether SQLite's own check gets past damaged cell pointers to name the page depends on how
    # many cells that page holds, which varies with the random ids of the case: both answers above
    # are right, and neither is an internal error)
    assert databases.snapshot(db.parent) == before, "the check changed the damaged file or its folder"


def test_a_command_meeting_the_damage_says_damaged_and_names_the_backup_beside_it(
    cli: Cli, db: Path, template: tuple[Path, str]
) -> None:
    ref = template[1]
    backup = run(cli, db, "db", "backup", str(db.parent / "friday-copy.sqlite3"))
    assert backup.code == 0, backup.err
    databases.damage_page(db, "answers")

    for lang in ("zh", "en"):
        result = run(cli, db, "case", "show", ref, lang=lang)
        assert_clean(result, lang)
        assert "friday-copy.sqlite3" in result.err, result.err
        if lang == "zh":
            assert "已损坏" in result.err and "备份" in result.err, result.err
        else:
            assert "damaged" in result.err and "backup" in result.err, result.err


def test_a_file_whose_header_was_overwritten_points_to_the_backups(cli: Cli, db: Path) -> None:
    assert run(cli, db, "db", "backup", str(db.parent / "monday.bak.sqlite3")).code == 0
    databases.overwritten_header(db)
    before = databases.snapshot(db.parent)

    result = run(cli, db, "case", "list")

    assert_clean(result)
    assert "已损坏" in result.err and "monday.bak.sqlite3" in result.err, result.err
    assert databases.snapshot(db.parent) == before


def test_two_rows_in_alembic_version_are_refused_untouched(cli: Cli, db: Path) -> None:
    databases.two_version_rows(db)
    before = databases.snapshot(db.parent)
    for args in (("case", "list"), ("db", "check")):
        result = run(cli, db, *args)
        assert_clean(result)
        assert "结构版本记录有 2 条" in result.err, result.err
    english = run(cli, db, "case", "list", lang="en")
    assert_clean(english, "en")
    assert "holds 2 rows" in english.err and "backup" in english.err, english.err
    assert databases.snapshot(db.parent) == before


# ----------------------------------------------------------------------------------- item 11: odd paths
def test_dev_null_is_refused_before_sqlite_opens_it(cli: Cli) -> None:
    journal = Path("/dev/null-journal")
    if journal.exists():  # left by an older version; nothing of this test can tell it apart
        pytest.skip("/dev/null-journal exists already (left by an earlier program), so its creation cannot be seen")
    for lang in ("zh", "en"):
        result = run(cli, Path("/dev/null"), "case", "list", lang=lang)
        assert_clean(result, lang)
        assert ("设备" if lang == "zh" else "device") in result.err, result.err
    assert not journal.exists(), "SQLite wrote /dev/null-journal"
    assert not Path("/dev/null-wal").exists()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_pipe_or_a_folder_is_refused_at_once(cli: Cli, tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    target = folder / "cases.sqlite3"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    before = databases.snapshot(folder)

    result = run(cli, target, "case", "list", process=kind == "fifo")  # a pipe: the timeout ends a block

    assert_clean(result)
    assert ("命名管道" if kind == "fifo" else "文件夹") in result.err, result.err
    assert databases.snapshot(folder) == before


REFUSED: dict[str, Callable[[Path], Path]] = {
    "other application (WAL)": lambda p: databases.other_application(p.with_name("other.sqlite3")),
    "other application at 0004": lambda p: databases.other_application(p.with_name("other.sqlite3"), revision="0004"),
    "plain SQLite (WAL)": lambda p: databases.plain_sqlite(p.with_name("notes.sqlite3")),
    "not SQLite": lambda p: databases.not_sqlite(p.with_name("minutes.sqlite3")),
    "newer schema": databases.newer_schema,
    "two version rows": databases.two_version_rows,
}


@pytest.mark.parametrize("build", REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_file_leaves_its_folder_exactly_as_it_was(
    cli: Cli, db: Path, build: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cityeval_desktop.services import case_index
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.store.engine import DatabaseError

    target = build(db)
    if target != db:
        db.unlink()
    before = databases.snapshot(target.parent)

    assert_clean(run(cli, target, "case", "list"))
    assert databases.snapshot(target.parent) == before, "the command left files beside the refused database"
    # the workbench's first look and a second workbench's read-only open leave nothing either
    data = target.parent.parent / "data"
    data.mkdir(exist_ok=True)
    assert case_index.peek(target, data) is None
    assert databases.snapshot(target.parent) == before, "the first look left files beside the refused database"
    with pytest.raises(DatabaseError):
        open_context(target, data, read_only=True)
    assert databases.snapshot(target.parent) == before, "a read-only open left files beside the refused database"
    with pytest.raises(DatabaseError):
        open_context(target, data)
    assert databases.snapshot(target.parent) == before, "an open left files beside the refused database"


# ----------------------------------------------------------------------------------- item 12: read-only media
def _namespace_prefix(script: str, *args: str) -> list[str] | None:
    """``unshare -m`` running ``script`` as root (the mounts vanish with the command), or None if it cannot."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return None
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=TIMEOUT)
    if probe.returncode != 0:
        return None
    return ["unshare", "-m", "sh", "-c", script, "sh", *args]


@pytest.fixture
def read_only_medium(db: Path) -> Iterator[list[str]]:
    """The database's folder made read-only for the command: a read-only bind mount as root, else chmod."""
    folder = db.parent
    if os.geteuid() == 0:
        prefix = _namespace_prefix('mount --bind -o ro "$1" "$1" && shift && exec "$@"', str(folder))
        if prefix is None:
            pytest.skip("running as root without mount namespaces: chmod does not stop root, and no read-only mount")
        yield prefix
        return
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield []
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


@pytest.mark.slow  # every command in a mount namespace of its own
def test_a_wal_database_on_read_only_media_is_listed_shown_and_checked(
    cli: Cli, db: Path, template: tuple[Path, str], read_only_medium: list[str]
) -> None:
    ref = template[1]
    with sqlite3.connect(db) as conn:  # our files are WAL files: the case SQLite could not read before
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    before = databases.snapshot(db.parent)

    listed = run(cli, db, "case", "list", prefix=read_only_medium)
    assert listed.code == 0, listed.err
    assert "福州数字规划研究院有限公司" in listed.out
    assert "只读" in listed.err, "the user is told the database was opened read-only"
    shown = run(cli, db, "case", "show", ref, "--json", prefix=read_only_medium)
    assert shown.code == 0, shown.err
    assert '"case_id"' in shown.out
    checked = run(cli, db, "db", "check", prefix=read_only_medium)
    assert checked.code == 0, checked.err
    english = run(cli, db, "case", "delete", ref, lang="en", prefix=read_only_medium)
    assert_clean(english, "en")
    assert "read-only" in english.err and "copy it to a folder" in english.err, english.err
    refused = run(cli, db, "case", "delete", ref, prefix=read_only_medium)
    assert_clean(refused)
    assert "只读" in refused.err and "未做任何修改" in refused.err

    assert databases.snapshot(db.parent) == before, "something was written on the read-only medium"


# ----------------------------------------------------------------------------------- item 12: full disk
@pytest.mark.slow  # a file system of its own for every command (the core loop: the SQLITE_FULL test below)
def test_a_full_disk_is_named_and_the_database_can_still_be_read(
    cli: Cli, db: Path, template: tuple[Path, str], tmp_path: Path
) -> None:
    """A 2 MB file system of its own, filled up, with the database on it (root: a tmpfs in a namespace)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (
        'mount -t tmpfs -o size=2m tmpfs "$1" && cp "$2" "$1"/cases.sqlite3 '
        '&& (dd if=/dev/zero of="$1"/filler bs=4k 2>/dev/null; true) && disk="$1" && shift 2 && "$@"; '
        'rc=$?; echo "LISTING:$(ls -A "$disk" | tr "\\n" " ")"; exit $rc'
    )
    prefix = _namespace_prefix(script, str(disk), str(db))
    if prefix is None:
        pytest.skip(
            "a full disk needs a small file system of its own (a tmpfs mount in a mount namespace), which only "
            "root can make; SQLITE_FULL itself is covered by test_a_write_that_does_not_fit_says_the_disk_is_full"
        )
    on_disk = disk / "cases.sqlite3"
    ref = template[1]

    checked = run(cli, on_disk, "db", "check", prefix=prefix)
    assert checked.code == 0, checked.err
    assert "磁盘已满" in checked.err and "只读" in checked.err, checked.err
    assert "LISTING:cases.sqlite3 filler " in checked.out, "an empty -wal/-shm was left on the full disk"
    listed = run(cli, on_disk, "case", "list", prefix=prefix)
    assert listed.code == 0 and "福州数字规划研究院有限公司" in listed.out, listed.err
    for lang, words in (("zh", "磁盘已满"), ("en", "the disk is full")):
        refused = run(cli, on_disk, "case", "delete", ref, lang=lang, prefix=prefix)
        assert_clean(refused, lang)
        assert words in refused.err, refused.err
    new = run(cli, disk / "new.sqlite3", "case", "list", prefix=prefix)
    assert_clean(new)
    assert "磁盘已满" in new.err, new.err
    assert "LISTING:cases.sqlite3 filler " in new.out, "a new empty database file was left on the full disk"


def test_a_write_that_does_not_fit_says_the_disk_is_full(data_dir: Path) -> None:
    """SQLITE_FULL (here from a page limit, the same result code as a full disk) is named by its code."""
    from sqlalchemy import event

    from cityeval_desktop.services import cases
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.store.engine import DatabaseError

    ctx = open_context(data_dir / "cases.sqlite3", data_dir, actor="tester")
    try:
        ref = cases.new_case(ctx, **databases.GOOD_CASE).ref
        with ctx.reading() as s:
            pages = s.connection().exec_driver_sql("PRAGMA page_count").scalar()
        ctx.engine.dispose()
        event.listen(ctx.engine, "connect", lambda conn, _r: conn.execute(f"PRAGMA max_page_count = {pages + 1}"))
        with pytest.raises(DatabaseError) as info:
            cases.set_answer(ctx, ref, "P1.1", value=3, note="很长的备注" * 3800)
        zh, en = info.value.message.zh, info.value.message.en
        assert "磁盘已满" in zh and not chinese_only(zh), zh
        assert "the disk is full" in en and "nothing was changed" in en, en
        assert cases.load_case(ctx, ref).answers.get("P1.1") is None
    finally:
        ctx.close()


def test_sqlite_errors_are_told_apart_by_their_code_not_their_text(tmp_path: Path) -> None:
    from cityeval_desktop.store import sqlite_file

    def error(code: int, text: str) -> sqlite3.Error:
        exc = sqlite3.OperationalError(text)
        exc.sqlite_errorcode = code  # type: ignore[attr-defined]
        return exc

    assert sqlite_file.error_kind(error(13, "disk I/O error"), tmp_path) == "full"
    assert sqlite_file.error_kind(error(10, "database or disk is full"), tmp_path) == "ioerr"
    assert sqlite_file.error_kind(error(11 | (1 << 8), "whatever"), tmp_path) == "corrupt"  # extended code
    assert sqlite_file.error_kind(error(26, "file is not a database")) == "notadb"
    assert sqlite_file.error_kind(error(8 | (2 << 8), "attempt to write a readonly database")) == "readonly"
