"""Framework registry: bundled defaults, the user's own files and the ones pinned by cases."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityeval_desktop import paths
from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.domain.loader import FrameworkError, FrameworkWords, Problem, load_bytes, load_file, load_words
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import NotFoundError
from cityeval_desktop.store.models import FrameworkRow

SCHEMA_FILE = "framework.schema.json"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FrameworkEntry:
    """A framework available for new cases, or a file that failed to load."""

    framework: Framework | None
    path: Path
    origin: str  # "bundled" | "user"
    error: FrameworkError | None = None


def _version_key(version: str) -> tuple[tuple[int, object], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[._-]", version))


@lru_cache(maxsize=1)
def bundled_frameworks() -> tuple[Framework, ...]:
    """The default frameworks shipped in forms/ (they must always load)."""
    return tuple(load_file(p) for p in sorted(paths.forms_dir().glob("*.yaml")))


def user_forms_dir(ctx: AppContext) -> Path:
    return ctx.data_dir / "frameworks"


def entries(ctx: AppContext) -> list[FrameworkEntry]:
    """Every framework file known: bundled ones, then the user's (with load errors kept)."""
    found = [FrameworkEntry(f, Path(f.source), "bundled") for f in bundled_frameworks()]
    folder = user_forms_dir(ctx)
    if folder.is_dir():
        found.extend(_user_entry(path) for path in sorted(folder.glob("*.yaml")))
    return found


def _user_entry(path: Path) -> FrameworkEntry:
    """One file of the user's folder; whatever is wrong with it stays with it and never blocks the others."""
    try:
        return FrameworkEntry(_load_cached(path), path, "user")
    except FrameworkError as exc:
        return FrameworkEntry(None, path, "user", exc)
    except Exception:  # a loader bug on some odd file must not take the bundled frameworks down with it
        log.exception("framework file %s could not be loaded", path)
        reason = Text("无法作为评估框架读取", "cannot be read as a framework")
        return FrameworkEntry(None, path, "user", FrameworkError([Problem(str(path), 1, "", reason)]))


def skipped(ctx: AppContext) -> list[FrameworkEntry]:
    """The user's framework files that cannot be loaded (so not offered for new cases), each with its error."""
    return [e for e in entries(ctx) if e.framework is None and e.error is not None]


def skipped_notice(entry: FrameworkEntry) -> Text:
    """One line saying that a user framework file was skipped, and its first problem."""
    problems = entry.error.problems if entry.error is not None else []
    zh, en = f"已跳过无法加载的框架文件 {entry.path}", f"skipped the framework file {entry.path}: it cannot be loaded"
    if problems:
        first, more = problems[0], len(problems) - 1
        zh += f"（第 {first.line} 行：{first.reason.zh}" + (f"；另有 {more} 个问题" if more else "") + "）"
        en += f" (line {first.line}: {first.reason.en}" + (f"; {more} more problems" if more else "") + ")"
    return Text(zh, en)


def _load_cached(path: Path) -> Framework:
    try:
        stat = path.stat()
    except OSError:  # gone, a dangling link, no permission: load_file says which, at the file
        return load_file(path)
    return _load_by_stat(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _load_by_stat(path: str, _mtime: int, _size: int) -> Framework:
    return load_file(path)


def available(ctx: AppContext) -> list[Framework]:
    """Loadable frameworks, one per (id, version); a user file overrides nothing bundled."""
    seen: dict[tuple[str, str], Framework] = {}
    for entry in entries(ctx):
        if entry.framework is not None:
            seen.setdefault((entry.framework.id, entry.framework.version), entry.framework)
    return sorted(seen.values(), key=lambda f: (f.id, _version_key(f.version)))


def resolve(ctx: AppContext, ref: str) -> Framework:
    """``id`` (newest version) or ``id@version`` to a loaded framework."""
    fid, _, version = ref.partition("@")
    matches = [f for f in available(ctx) if f.id == fid and (not version or f.version == version)]
    if not matches:
        known = ", ".join(sorted({f.key for f in available(ctx)})) or "-"
        missing = Text(f"没有找到评估框架 “{ref}”，可用：{known}", f"no framework '{ref}'; available: {known}")
        # the one asked for may be a file of the user's that does not load: say so
        raise NotFoundError(
            [DomainError(missing, "--framework"), *(DomainError(skipped_notice(e)) for e in skipped(ctx))]
        )
    return max(matches, key=lambda f: _version_key(f.version))


def install_file(ctx: AppContext, source: Path) -> Framework:
    """Check a framework file and copy it into the user's frameworks folder."""
    framework = load_file(source)
    clash = [f for f in available(ctx) if (f.id, f.version) == (framework.id, framework.version)]
    if clash and clash[0].sha256 != framework.sha256:
        raise DomainError(
            Text(
                f"已存在内容不同的 {framework.key}，请修改 version",
                f"{framework.key} exists with other content; change its version",
            ),
            str(source),
        )
    folder = user_forms_dir(ctx)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{framework.id}@{framework.version}.yaml"
    tmp = target.with_suffix(".partial")
    tmp.write_bytes(framework.raw)
    tmp.replace(target)
    return framework


@lru_cache(maxsize=32)
def _from_bytes(sha256: str, content: bytes) -> Framework:
    return load_bytes(content, f"framework {sha256[:12]}")


def pinned(session: Session, sha256: str) -> Framework:
    """The exact framework a case was created with (from the database)."""
    return _from_bytes(sha256, _pinned_content(session, sha256))


def pinned_words(session: Session, sha256: str) -> FrameworkWords:
    """The dimension, grade and tier titles of :func:`pinned` (the same stored, hash-checked text), without
    loading the whole framework."""
    return _words_from_bytes(sha256, _pinned_content(session, sha256))


@lru_cache(maxsize=32)
def _words_from_bytes(sha256: str, content: bytes) -> FrameworkWords:
    return load_words(content, f"framework {sha256[:12]}")


def _pinned_content(session: Session, sha256: str) -> bytes:
    """The stored text of a pinned framework, checked against its SHA-256."""
    row = session.get(FrameworkRow, sha256)
    if row is None:
        raise NotFoundError.one(
            Text("案例所用的评估框架不在数据库中", "the case's framework is not in the database"), sha256
        )
    if hashlib.sha256(row.content).hexdigest() != row.sha256:
        # the stored text was changed: scoring with it would silently change every result made with it
        raise DomainError(
            Text(
                "数据库中该案例所用的评估框架文本已被改动，与其 SHA-256 不符；请运行数据库检查，并从备份恢复",
                "the text of the case's framework in the database was changed and no longer matches its "
                "SHA-256: run the database check and restore a backup",
            ),
            sha256,
        )
    return row.content


def ensure_stored(session: Session, framework: Framework) -> None:
    """Store the framework's bytes under its sha256 (once)."""
    if session.get(FrameworkRow, framework.sha256) is None:
        session.add(
            FrameworkRow(
                sha256=framework.sha256, framework_id=framework.id, version=framework.version, content=framework.raw
            )
        )


def stored_keys(session: Session) -> list[tuple[str, str, str]]:
    return [
        tuple(r) for r in session.execute(select(FrameworkRow.framework_id, FrameworkRow.version, FrameworkRow.sha256))
    ]  # type: ignore[misc]
