"""Evidence store (DESIGN §5): sha256 content addressing, stored once, temp + rename,
size limit, refusals that write nothing, and detection of a tampered file."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from cityeval_desktop.store.evidence import EvidenceError, EvidenceStore, shown_name


def files_under(root: Path) -> list[str]:
    """Every file below ``root`` (relative paths, hidden temp files included)."""
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def store(tmp_path: Path) -> EvidenceStore:
    return EvidenceStore(tmp_path / "evidence")


def test_file_is_stored_under_its_sha256(tmp_path: Path, store: EvidenceStore) -> None:
    data = b"%PDF-1.7\n scanned contract \n" + os.urandom(3000)
    source = tmp_path / "合同扫描件.pdf"
    source.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()

    stored = store.add(source)

    assert stored.sha256 == sha
    assert stored.size == len(data)
    assert stored.original_name == "合同扫描件.pdf"
    assert stored.media_type == "application/pdf"
    target = store.root / sha[:2] / sha
    assert store.path_of(sha) == target
    assert target.read_bytes() == data
    assert files_under(store.root) == [f"{sha[:2]}/{sha}"], "temp file left behind or extra files written"
    assert source.read_bytes() == data, "the original must not be touched"
    assert store.has(sha) and store.verify(sha)


def test_identical_content_is_stored_once(tmp_path: Path, store: EvidenceStore) -> None:
    data = os.urandom(5000)
    first, second = tmp_path / "photo.jpg", tmp_path / "same-photo-renamed.jpg"
    first.write_bytes(data)
    second.write_bytes(data)
    other = tmp_path / "other.jpg"
    other.write_bytes(os.urandom(5000))

    a, b, c = store.add(first), store.add(second), store.add(other)

    assert a.sha256 == b.sha256 != c.sha256
    assert (a.original_name, b.original_name) == ("photo.jpg", "same-photo-renamed.jpg")
    assert files_under(store.root) == sorted(f"{s[:2]}/{s}" for s in {a.sha256, c.sha256})


def test_size_limit_is_enforced_and_configurable(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence", limit=1000)
    at_limit, over = tmp_path / "at-limit.bin", tmp_path / "over.bin"
    at_limit.write_bytes(b"a" * 1000)
    over.write_bytes(b"b" * 1001)

    with pytest.raises(EvidenceError) as info:
        store.add(over)
    assert "too large" in info.value.message.en
    assert shown_name(str(over)) in info.value.render("en")  # a long path keeps its start and its end
    assert files_under(store.root) == []

    kept = store.add(at_limit)  # exactly the limit is allowed
    assert files_under(store.root) == [f"{kept.sha256[:2]}/{kept.sha256}"]


@pytest.mark.parametrize("kind", ["missing", "folder", "over-limit"])
def test_refused_sources_write_nothing(tmp_path: Path, kind: str) -> None:
    store = EvidenceStore(tmp_path / "evidence", limit=100)
    source = tmp_path / "input"
    if kind == "folder":
        source.mkdir()
        (source / "inside.pdf").write_bytes(b"x")
    elif kind == "over-limit":
        source.write_bytes(b"x" * 101)
    expected = {"missing": "does not exist", "folder": "folder", "over-limit": "too large"}[kind]

    with pytest.raises(EvidenceError) as info:
        store.add(source)

    assert expected in info.value.message.en
    assert info.value.where == str(source)
    assert files_under(store.root) == []


def test_unreadable_source_is_refused(tmp_path: Path, store: EvidenceStore) -> None:
    source = tmp_path / "secret.pdf"
    source.write_bytes(b"locked")
    source.chmod(0)
    try:
        if os.access(source, os.R_OK):
            pytest.skip("running as root: a chmod 000 file is still readable, so there is nothing to refuse")
        with pytest.raises(EvidenceError) as info:
            store.add(source)
        assert "permission" in info.value.message.en
        assert files_under(store.root) == []
    finally:
        source.chmod(0o600)


def test_verify_detects_a_tampered_or_missing_file(tmp_path: Path, store: EvidenceStore) -> None:
    source = tmp_path / "certificate.png"
    source.write_bytes(os.urandom(2048))
    sha = store.add(source).sha256
    assert store.verify(sha)

    stored = store.path_of(sha)
    stored.chmod(0o600)
    tampered = bytearray(stored.read_bytes())
    tampered[100] ^= 0xFF
    stored.write_bytes(bytes(tampered))
    assert not store.verify(sha)

    stored.unlink()
    assert not store.has(sha)
    assert not store.verify(sha)
