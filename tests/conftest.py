"""Shared fixtures: a throwaway data folder and database per test, the CLI as a user runs it."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.case_data_helpers import PASSWORD as TEAM_PASSWORD

# GUI tests run without a screen (CI, headless machines).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID_USCC = ("91350100M000100Y43", "91512081MA62K0260E")

# A PostgreSQL server to run the store, services and exchange tests against as well (issue 13 §2.7):
# ``.ci/postgres.sh`` starts one and sets this. Read here, before ``_isolated_env`` clears CITYEVAL_*.
POSTGRES_URL = os.environ.get("CITYEVAL_TEST_POSTGRES_URL", "").strip()
# the tests that take the ``db_url`` (or ``ctx``) fixture here run on both databases
_BOTH_DATABASES = tuple(
    str(Path(__file__).resolve().parent / "unit" / d) + os.sep for d in ("store", "services", "exchange", "region")
)


#: folders every test of which carries a mark (their conftest adds it): with ``-m`` leaving it out, such as the
#: core loop's ``-m "not slow and not gui"``, they are not even imported (10 s of each worker's collection)
_MARKED_FOLDERS = {"e2e": "slow", "gui": "gui"}


def _may_select(markexpr: str, mark: str) -> bool:
    """Whether ``-m markexpr`` can select a test carrying ``mark``, whatever other marks it carries."""
    import itertools
    import re

    from _pytest.mark.expression import Expression

    others = sorted(set(re.findall(r"[A-Za-z_][\w.]*", markexpr)) - {"and", "or", "not", mark})
    if re.search(r"[\w.]\s*\(", markexpr) or len(others) > 8:
        return True  # keyword arguments of marks, or too many names: let pytest decide item by item
    expression = Expression.compile(markexpr)
    for values in itertools.product((False, True), repeat=len(others)):
        present = {mark, *(name for name, on in zip(others, values, strict=True) if on)}
        if expression.evaluate(present.__contains__):  # (no keyword arguments: refused above)
            return True
    return False


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    mark = _MARKED_FOLDERS.get(collection_path.name) if collection_path.parent == Path(__file__).parent else None
    if mark is None or not config.option.markexpr:
        return None
    return True if not _may_select(config.option.markexpr, mark) else None


#: tests measured slow (tests/benchmarks/core_loop_bench.py --update rewrites the list): marked ``slow`` here, so
#: the core loop ``-m "not slow and not gui"`` stays a one-minute run as the suite grows
SLOW_LIST = Path(__file__).resolve().parent / "slow-tests.txt"


def listed_slow() -> frozenset[str]:
    """The test functions ``tests/slow-tests.txt`` names (node ids without parameters, or a module's path: all
    of its tests)."""
    lines = SLOW_LIST.read_text("utf-8").splitlines() if SLOW_LIST.is_file() else []
    return frozenset(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    listed = listed_slow()
    for item in items:
        node = item.nodeid.split("[", 1)[0]
        if node in listed or node.split("::", 1)[0] in listed:
            item.add_marker(pytest.mark.slow)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``db_url`` is SQLite, and PostgreSQL too when a server is given, for the tests of the database layers."""
    if "db_url" not in metafunc.fixturenames or not POSTGRES_URL:
        return  # the data folder's SQLite file alone (test ids unchanged)
    here = str(metafunc.definition.path)
    if here.startswith(_BOTH_DATABASES) and metafunc.definition.get_closest_marker("sqlite") is None:
        metafunc.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)


class _PostgresDatabases:
    """Empty databases at the current schema on the test server: copies of one migrated template.

    Each test gets its own database (``CREATE DATABASE … TEMPLATE``), dropped after it; names carry a
    random part, so several pytest-xdist workers share the server without meeting.
    """

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.base = make_url(url)
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT", poolclass=_null_pool())
        self.template = f"cityeval_tmpl_{uuid.uuid4().hex[:16]}"
        self._sql(f'CREATE DATABASE "{self.template}"')
        from cityeval_desktop.store.engine import open_database

        engine = open_database(self.url_of(self.template))
        engine.dispose()

    def url_of(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _sql(self, statement: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(statement)

    def fresh(self) -> str:
        name = f"cityeval_test_{uuid.uuid4().hex[:16]}"
        self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return name

    def empty(self) -> str:
        """A new database without any table (to restore a dump into)."""
        name = f"cityeval_test_{uuid.uuid4().hex[:16]}"
        self._sql(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return name

    def drop(self, name: str) -> None:
        self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.drop(self.template)
        self.admin.dispose()


def _null_pool() -> Any:
    from sqlalchemy.pool import NullPool

    return NullPool


@pytest.fixture(scope="session")
def _postgres_databases() -> Iterator[_PostgresDatabases]:
    databases = _PostgresDatabases(POSTGRES_URL)
    yield databases
    databases.close()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[str]:
    """The database of a test: a SQLite file in its data folder, or a fresh database on the test server."""
    if getattr(request, "param", "sqlite") == "sqlite":
        from cityeval_desktop.store.location import resolve_url

        yield resolve_url(data_dir / "cases.sqlite3", data_dir)  # the URL open_context makes of that path
        return
    databases: _PostgresDatabases = request.getfixturevalue("_postgres_databases")
    name = databases.fresh()
    try:
        yield databases.url_of(name)
    finally:
        databases.drop(name)


@pytest.fixture(autouse=True, scope="session")
def _fast_kdf() -> Iterator[None]:
    """Identity files made inside the test process use 1,000 key-derivation rounds instead of the product's
    600,000 (each file made or opened costs about half a second at 600,000; a finalize opens three).
    For the whole test process, so that module fixtures (set up before a test's own) have it too.
    The product's default is tested on its own (tests/unit/signing/test_identity.py, which sets it back,
    and every identity the command-line subprocesses make)."""
    from cityeval_desktop.signing import _pkcs12

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_pkcs12, "KDF_ROUNDS", 1000)
        yield


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing from the real user profile: fixed language, no CITYEVAL_* from outside."""
    for key in list(os.environ):
        if key.startswith("CITYEVAL_"):
            monkeypatch.delenv(key)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database at the schema head, made once per test process: creating one runs every
    migration (about 0.25 s), which a thousand tests would otherwise each pay for. It is what
    ``open_context`` makes of a new file; :func:`ctx` starts each test from a copy of it."""
    from cityeval_desktop.services.context import open_context

    folder = tmp_path_factory.mktemp("migrated")
    opened = open_context(folder / "cases.sqlite3", folder, actor="tester")
    opened.close()
    return folder / "cases.sqlite3"


@dataclass(frozen=True)
class SampleCases:
    """The sample cases of ``cityeval samples load`` in a data folder (its ``cases.sqlite3``, evidence and
    demo identities), what :func:`~cityeval_desktop.services.samples.load_samples` returned and the steps it
    reported."""

    folder: Path
    result: Any
    steps: tuple[str, ...]

    def copy_to(self, target: Path) -> Path:
        """A copy of the data folder at ``target`` (the database is closed: its file is all of it)."""
        shutil.copytree(self.folder, target)
        return target


@pytest.fixture(scope="session")
def _sample_cases(tmp_path_factory: pytest.TempPathFactory) -> SampleCases:
    """The sample cases made once per test run (six cases, five finalized and signed: many seconds), with
    2048-bit keys and the identities' key derivation of :func:`_fast_kdf`. Tests work on a copy.

    The pytest-xdist workers share them: the first to ask makes them in the run's temporary folder while
    holding a lock there; the others wait for it and read what it made."""
    import pickle

    if os.environ.get("PYTEST_XDIST_WORKER") is not None and _can_lock():
        shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's own
    else:  # one process, or no way to lock (Windows): its own
        shared = tmp_path_factory.mktemp("sample-cases-run")
    folder, made = shared / "sample-cases", shared / "sample-cases.pickle"
    with _locked(shared / "sample-cases.lock"):
        if not made.exists():
            made.write_bytes(pickle.dumps(_make_sample_cases(folder)))
    cases: SampleCases = pickle.loads(made.read_bytes())
    return cases


def _can_lock() -> bool:
    return importlib.util.find_spec("fcntl") is not None


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` between the processes of this test run (``fcntl``: POSIX)."""
    import fcntl

    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _make_sample_cases(folder: Path) -> SampleCases:
    from cityeval_desktop.services import samples
    from cityeval_desktop.services.context import open_context

    folder.mkdir()
    steps: list[str] = []
    ctx = open_context(folder / "cases.sqlite3", folder, actor="tester")
    try:
        result = samples.load_samples(ctx, key_size=2048, progress=lambda _d, _t, text: steps.append(text))
    finally:
        ctx.close()
    return SampleCases(folder, result, tuple(steps))


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a closed SQLite database (the backup API: no -wal left behind to miss)."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@pytest.fixture
def ctx(request: pytest.FixtureRequest, db_url: str, data_dir: Path) -> Iterator[object]:
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.store.engine import sqlite_path

    target = sqlite_path(db_url)
    if target is not None and not target.exists():  # a new SQLite file: start from the migrated copy
        _copy_sqlite(request.getfixturevalue("_migrated_sqlite"), target)
    context = open_context(db_url, data_dir, actor="tester")
    yield context
    context.close()


#: how a third-party assessor records a check of an evidence file (issue 11 §4), for tests that finalize
VERIFIED = {"method": "原件核对", "conclusion": "属实", "by": "王核查", "at": "2026-11-30"}


def typed_evidence(indicator: object, name: str) -> dict[str, object]:
    """An answers-file evidence entry with the indicator's first kind and a verification."""
    item: dict[str, object] = {"path": name, "verification": VERIFIED}
    kinds = getattr(indicator, "evidence_kinds", ())
    if kinds:
        item["kind"] = kinds[0]
    return item


def veto_not_raised(evidence_name: str) -> dict[str, object]:
    """An answers-file veto decided "not raised" with its basis (source, query time, note, the query result)."""
    return {
        "decision": False,
        "source": "信用中国",
        "queried_at": "2026-11-30T10:00:00+08:00",
        "note": "未查到相关记录",
        "evidence": [evidence_name],
    }


def install_frameworks_2026_1(data_dir: Path) -> None:
    """Put the 2026.1 default frameworks in a data folder's ``frameworks/``, as an agency that keeps using
    them would; cases then name them as ``planning-consulting@2026.1`` (the bare id means the 2026.2 default).
    For tests driving the command line in a subprocess, where the ``frameworks_2026_1`` fixture cannot reach."""
    folder = data_dir / "frameworks"
    folder.mkdir(parents=True, exist_ok=True)
    for path in (FIXTURES / "frameworks-2026.1").glob("*.yaml"):
        shutil.copy(path, folder / path.name)


@pytest.fixture
def frameworks_2026_1(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundled default frameworks as they were at 2026.1 (tests written against those ids and rules).

    The 2026.1 files of ``tests/fixtures/frameworks-2026.1`` stand in for ``forms/`` in this process;
    cases pin the file they were made on, so everything else works as with the real defaults.
    """
    from cityeval_desktop import paths
    from cityeval_desktop.services import frameworks

    folder = tmp_path_factory.mktemp("forms-2026.1")
    for path in (FIXTURES / "frameworks-2026.1").glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    for schema in ("framework.schema.json", "framework-2.schema.json"):
        shutil.copy(paths.forms_dir() / schema, folder / schema)
    monkeypatch.setattr(paths, "forms_dir", lambda: folder)
    frameworks.bundled_frameworks.cache_clear()
    yield folder
    frameworks.bundled_frameworks.cache_clear()


@pytest.fixture
def mini_framework() -> object:
    from cityeval_desktop.domain.loader import load_file

    return load_file(FIXTURES / "mini.yaml")


@contextlib.contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    """``os.environ`` is ``env`` alone for a while (what a subprocess given ``env`` would see)."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_in_process(args: list[str], env: dict[str, str]) -> CliResult:
    """``cityeval ARGS`` through its entry point in this process, with ``env`` as the environment and the
    repository as working folder, as :class:`Cli` runs it in a subprocess; argparse's exits are exit codes."""
    import io

    from cityeval_desktop.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with _environment(env), contextlib.chdir(ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:  # --help, --version, a usage error
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return CliResult(code, out.getvalue(), err.getvalue())


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


class Cli:
    """Runs ``python -m cityeval_desktop.cli.main`` in a subprocess, as a user would; or, ``in_process``, the
    same command through the ``cityeval`` entry point in this process (what it prints and its exit code are
    what is read; about a second of start-up less per command, for tests not about the process itself)."""

    def __init__(self, data_dir: Path, db: Path | str | None = None, *, in_process: bool = False) -> None:
        self.data_dir = data_dir
        self.db = db if db is not None else data_dir / "cases.sqlite3"
        self.in_process = in_process

    def here(self) -> Cli:
        """The same command line on the same database, run in this process."""
        return Cli(self.data_dir, self.db, in_process=True)

    def process(self) -> Cli:
        """The same command line on the same database, run in a subprocess."""
        return Cli(self.data_dir, self.db)

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CITYEVAL_")}
        env.update({"CITYEVAL_DATA_DIR": str(self.data_dir), "CITYEVAL_DB": str(self.db), "LANG": "C.UTF-8"})
        env["CITYEVAL_ORG_PASSWORD"] = TEAM_PASSWORD  # the organisation identity of org_args()
        env.update(extra)
        return env

    def __call__(self, *args: str, env: dict[str, str] | None = None, timeout: float = 120) -> CliResult:
        if self.in_process:
            return run_in_process(list(args), env or self.env())
        proc = subprocess.run(
            [sys.executable, "-m", "cityeval_desktop.cli.main", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env or self.env(),
            timeout=timeout,
            cwd=ROOT,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    def new_case(
        self,
        framework: str = "planning-consulting",
        tier: str = "city",
        mode: str = "third-party",
        uscc: str = VALID_USCC[0],
        name: str = "福州数字规划研究院有限公司",
    ) -> str:
        """A new case (its reference): a step before what a test is about, made through the entry point in this
        process (``cli("case", "new", ...)`` runs the command as a process where that is the subject)."""
        r = self.here()(
            "case",
            "new",
            "--framework",
            framework,
            "--tier",
            tier,
            "--mode",
            mode,
            "--entity-name",
            name,
            "--uscc",
            uscc,
            "--assessor",
            "测试评估员",
        )
        assert r.code == 0, r.err
        return r.out.strip()

    def staff(self, ref: str, lead: Path | None = None, password: str | None = None) -> None:
        """What a third-party finalize needs of the case data (issue 12): a lead (the identity file ``lead``
        with its password, who then signs as lead assessor, or one of its own) and a reviewer with signed
        declarations, and the drafted opinion (``tests/case_data_helpers.py``); nothing for a self-check."""
        from cityeval_desktop.services.context import open_context
        from cityeval_desktop.signing.identity import load_identity
        from tests.case_data_helpers import staff_if_third_party

        ctx = open_context(self.db, self.data_dir)
        try:
            who = load_identity(lead, password or "") if lead is not None else None
            staff_if_third_party(ctx, ref, self.data_dir.parent, lead=who)
        finally:
            ctx.close()

    def org_args(self) -> list[str]:
        """``--org-identity ORG.p12`` for a third-party ``case finalize`` (its password is in :meth:`env`)."""
        from tests.case_data_helpers import org_identity_path

        return ["--org-identity", str(org_identity_path())]

    def org_pem(self) -> Path:
        """The certificate (PEM) of the organisation identity of :meth:`org_args`, for ``--trust``."""
        from cryptography.hazmat.primitives import serialization

        from tests.case_data_helpers import org_identity

        pem = self.data_dir.parent / "org-identity.pem"
        pem.write_bytes(org_identity().certificate.public_bytes(serialization.Encoding.PEM))
        return pem

    def trust_org(self) -> None:
        """Put the certificate of the organisation identity of :meth:`org_args` into the trust store."""
        added = self("trust", "add", str(self.org_pem()))
        assert added.code == 0, added.err


#: the tests whose ``cli`` runs the entry point in this process (the end-to-end and GUI tests: a subprocess)
_CLI_IN_PROCESS = tuple(str(Path(__file__).resolve().parent / d) + os.sep for d in ("unit", "hostile"))


@pytest.fixture
def cli(request: pytest.FixtureRequest, db_url: str, data_dir: Path) -> Cli:
    """The command line on the test's database (``db_url``: the data folder's SQLite file, or the server's).

    The unit and hostile tests run it through its entry point in this process (a second of start-up less
    per command; ``cli.process()`` where a test is about the process itself); the end-to-end and GUI tests
    in a subprocess, as a user does."""
    in_process = str(request.path).startswith(_CLI_IN_PROCESS)
    return Cli(data_dir, db_url if db_url.startswith("postgresql") else None, in_process=in_process)
