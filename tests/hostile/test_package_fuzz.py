"""Fuzzing case packages (issue 10, part 2): bytes of a valid, trusted package are changed at random.

One package is made once (a finalized, signed case of the small test framework with two evidence
files, exported through the services). Hypothesis then changes it in two ways:

- the ``.cityeval`` file itself: a byte flipped, bytes inserted, deleted or replaced, or the file cut
  short, anywhere or in its ZIP headers (the first local header, the central directory at the end);
- one member of the bag, unpacked, changed the same ways, and the ZIP written again around it
  without signing anything again (what a forger with a ZIP tool would do).

Whatever comes out, ``check_package`` never raises (any exception fails the test), never says a package
is whole unless the ZIP still holds exactly the original members byte for byte (a byte of a header field
that no reader looks at may change without changing the package), and ``import_packages`` into an
agency database never imports a changed one: the outcome and the ledger say rejected and the agency
has no case. The examples are fixed (``derandomize``) so that every run, in CI too, tries the same ones.
"""

from __future__ import annotations

import io
import itertools
import os
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.package_check import check_package
from cityeval_desktop.services.package_import import import_packages, ledger
from cityeval_desktop.services.packages import export_package
from cityeval_desktop.services.reporting import finalize_and_sign
from cityeval_desktop.signing.identity import create_identity, load_identity
from cityeval_desktop.store.models import AnswerRow, Case, CaseOrigin, CaseReport, EvidenceRow
from tests.case_data_helpers import org_identity, staff

FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = "fuzz-test-2026"
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}
FUZZ = settings(
    max_examples=70,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_names = itertools.count()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One exported package, its members, the signer's certificate and an agency database (kept empty)."""
    root = tmp_path_factory.mktemp("fuzz")
    create_identity(root / "signer.p12", name="张三", org="福建数字评估中心", password=PASSWORD, key_size=2048)
    signer = load_identity(root / "signer.p12", PASSWORD)
    pem = root / "signer.pem"
    org = org_identity(root)  # the organisation's signature, second in the report
    pem.write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (signer.certificate, org.certificate)))
    (root / "assessor").mkdir()
    ctx = open_context(root / "assessor" / "cityeval.sqlite3", root / "assessor", actor="assessor")
    try:
        fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
        ref = case_service.new_case(
            ctx,
            framework="mini",
            tier="city",
            mode="third-party",
            entity_name="模糊测试主体",
            uscc="91350100M000100Y43",
        ).ref
        for ind, value in VALUES.items():
            case_service.set_answer(ctx, ref, ind, value=value, note="现场核对原件" if ind == "S" else None)
        for veto in ("V1", "V2"):
            case_service.set_veto(ctx, ref, veto, False)
        scans = root / "scans"
        scans.mkdir()
        (scans / "资质证书.pdf").write_bytes(b"%PDF-1.4 certificate scan " + os.urandom(3000))
        (scans / "现场记录.txt").write_text("现场核查记录：材料齐全。\n" * 200, encoding="utf-8")
        case_service.add_evidence(ctx, ref, "S", [scans / "资质证书.pdf", scans / "现场记录.txt"])
        staff(ctx, ref, signer, root)
        finalize_and_sign(ctx, ref, signer, org_identity=org, lang="zh")
        export_package(ctx, ref, root / "case.cityeval", signer)
    finally:
        ctx.close()
    (root / "agency").mkdir()
    agency = open_context(root / "agency" / "cityeval.sqlite3", root / "agency", actor="agency clerk")
    data = (root / "case.cityeval").read_bytes()
    work = root / "mutated"
    work.mkdir()
    yield Made(
        {
            "data": data,
            "members": members(data),
            "infos": zipfile.ZipFile(io.BytesIO(data)).infolist(),
            "trusted": [signer.certificate, org.certificate],
            "pem": pem,
            "agency": agency,
            "work": work,
        }
    )
    agency.close()


class Made(dict):  # type: ignore[type-arg]
    """The fixture's values; shown short in a falsifying example (the package bytes are ~100 kB)."""

    def __repr__(self) -> str:
        return f"<the package of {len(self['data'])} bytes>"


def members(data: bytes) -> list[tuple[str, bytes]] | None:
    """What a ZIP reader finds in ``data``: every member's name and bytes (CRC checked), or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return [(i.filename, zf.read(i)) for i in zf.infolist()]
    except Exception:  # any way of not being the same ZIP
        return None


# ----------------------------------------------------------------------------- mutations
OPS = ("flip", "insert", "delete", "replace", "truncate")
#: one change, described independently of the bytes it is applied to: what, in which region (0: anywhere,
#: 1 and 2: the hot ranges), where in it, the bytes to insert or write, how many to delete, which bits to flip
MUTATION = st.tuples(
    st.sampled_from(OPS),
    st.integers(0, 2),
    st.floats(0, 1, exclude_max=True),
    st.binary(min_size=1, max_size=16),
    st.integers(1, 64),
    st.integers(1, 255),
)


def changed(data: bytes, mutation: tuple[Any, ...], hot: list[tuple[int, int]]) -> bytes:
    """``data`` with one change; the result always differs from ``data``."""
    op, region, where, payload, count, bits = mutation
    if not data:
        return payload
    ranges = [(0, len(data)), *[(a, min(b, len(data))) for a, b in hot if a < min(b, len(data))]]
    start, end = ranges[region % len(ranges)]
    at = start + int(where * (end - start))
    if op == "flip":
        return data[:at] + bytes([data[at] ^ bits]) + data[at + 1 :]
    if op == "insert":
        return data[:at] + payload + data[at:]
    if op == "delete":
        return data[:at] + data[at + count :]
    if op == "replace":
        old = data[at : at + len(payload)]
        new = payload[: len(old)]
        if new == old:
            new = bytes([new[0] ^ 0xFF]) + new[1:]
        return data[:at] + new + data[at + len(old) :]
    return data[:at]  # truncate (at < len(data): always shorter)


def header_ranges(data: bytes) -> list[tuple[int, int]]:
    """The first local header and the central directory with the end record: the ZIP's own fields."""
    eocd = data.rfind(b"PK\x05\x06")
    central = struct.unpack("<I", data[eocd + 16 : eocd + 20])[0]
    return [(0, 120), (central, len(data))]


def rezipped(infos: list[zipfile.ZipInfo], contents: dict[str, bytes]) -> bytes:
    """A ZIP of the same members, in the same order, names, times and compression, with ``contents``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for info in infos:
            again = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            again.compress_type = info.compress_type
            zf.writestr(again, contents[info.filename])
    return out.getvalue()


# ----------------------------------------------------------------------------- the property
def refused_or_unchanged(made: dict[str, Any], data: bytes) -> None:
    path = made["work"] / f"mutated-{next(_names):04d}.cityeval"
    path.write_bytes(data)
    found = check_package(path, made["trusted"])  # never raises: any exception fails the test
    same = members(data) == made["members"]
    if found.ok:
        assert same, f"a changed package was reported whole: {path}"
    assert found.checks, "a check result without any check"
    if same:
        return  # the ZIP still holds the original members: a sound package (importing it is right)
    outcomes = import_packages(made["agency"], [path], extra_trust=[made["pem"]])
    assert [o.outcome for o in outcomes] == ["rejected"], (path, [(o.outcome, o.reason) for o in outcomes])
    newest = ledger(made["agency"], limit=1)[0]
    assert newest.outcome == "rejected" and newest.file_name == str(path) and newest.reason
    with made["agency"].reading() as s:
        for table in (Case, AnswerRow, EvidenceRow, CaseReport, CaseOrigin):
            assert s.scalar(select(func.count()).select_from(table)) == 0, table.__name__


def test_the_original_package_passes_and_would_import(made: dict[str, Any], tmp_path: Path) -> None:
    """The oracle can say yes: the unchanged package is whole, trusted, and imports into a fresh database."""
    path = tmp_path / "case.cityeval"
    path.write_bytes(made["data"])
    found = check_package(path, made["trusted"])
    assert found.ok and found.trusted, found.reason()
    (tmp_path / "fresh").mkdir()
    fresh = open_context(tmp_path / "fresh" / "cityeval.sqlite3", tmp_path / "fresh", actor="agency clerk")
    try:
        assert [o.outcome for o in import_packages(fresh, [path], extra_trust=[made["pem"]])] == ["imported"]
    finally:
        fresh.close()
    # and a re-zip that changes nothing is still the same package
    again = rezipped(made["infos"], dict(made["members"]))
    assert members(again) == made["members"]
    path.write_bytes(again)
    assert check_package(path, made["trusted"]).ok


@FUZZ
@given(mutation=MUTATION)
def test_a_package_changed_anywhere_is_refused_without_a_traceback(
    made: dict[str, Any], mutation: tuple[Any, ...]
) -> None:
    refused_or_unchanged(made, changed(made["data"], mutation, header_ranges(made["data"])))


@FUZZ
@given(member=st.integers(0, 10_000), mutation=MUTATION)
def test_a_member_changed_and_zipped_again_without_signing_is_refused(
    made: dict[str, Any], member: int, mutation: tuple[Any, ...]
) -> None:
    original = dict(made["members"])
    names = sorted(original)
    name = names[member % len(names)]
    body = original[name]
    new = changed(body, mutation, [(0, 256), (max(0, len(body) - 256), len(body))])
    refused_or_unchanged(made, rezipped(made["infos"], {**original, name: new}))
