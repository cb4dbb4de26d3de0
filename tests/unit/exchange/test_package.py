"""The case package format (DESIGN §7): what is written is a valid BagIt bag, read back whole; every
structural rejection names what is wrong. Hostile packages are generated here from a good one.

The signature is given to the format as a function (the signing layer makes the real CMS one); these
tests pass a function that records what it was asked to sign, and check it is the tag manifest."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import bagit
import pytest

from cityeval_desktop.domain.errors import InputError
from cityeval_desktop.exchange import package as pkg

UUID = "0bbc416f-0abe-402a-a649-3456780c3069"


def _evidence(tmp_path: Path, name: str, data: bytes) -> pkg.EvidenceFile:
    sha = hashlib.sha256(data).hexdigest()
    path = tmp_path / "store" / sha
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return pkg.EvidenceFile(sha, name, len(data), path)


@pytest.fixture
def contents(tmp_path: Path) -> pkg.PackageContents:
    return pkg.PackageContents(
        case_uuid=UUID,
        revision=2,
        framework_key="planning-consulting@2026.1",
        mode="third-party",
        case_json={"case_id": UUID, "revision": 2, "result": {"total": 70.5}, "evidence": []},
        framework_yaml=b"id: planning-consulting\nversion: '2026.1'\n",
        report_pdf=b"%PDF-1.7 signed report bytes",
        audit=[{"chain": UUID, "position": 1, "action": "case.create"}, {"chain": UUID, "position": 2}],
        evidence=[
            _evidence(tmp_path, "营业执照 扫描件.pdf", b"%PDF-1.4 licence"),
            _evidence(tmp_path, "../../etc/passwd", b"not a path"),
            _evidence(tmp_path, "合同%0A.docx", b"contract"),
        ],
    )


class Signer:
    def __init__(self) -> None:
        self.signed: list[bytes] = []

    def __call__(self, data: bytes) -> bytes:
        self.signed.append(data)
        return b"CMS over " + hashlib.sha256(data).hexdigest().encode()


def _write(contents: pkg.PackageContents, out: Path) -> Signer:
    signer = Signer()
    with out.open("wb") as fh:
        pkg.write_package(fh, contents, signer, bagging_date=date(2026, 12, 1))
    return signer


def test_a_written_package_is_a_valid_bag_and_reads_back_whole(contents, tmp_path: Path) -> None:
    out = tmp_path / "case.cityeval"
    signer = _write(contents, out)
    opened = pkg.read_package(out)
    assert opened.folder == f"{UUID}-r2"
    assert opened.case_json == contents.case_json and opened.audit == contents.audit
    assert opened.report_pdf == contents.report_pdf and opened.framework_yaml == contents.framework_yaml
    assert opened.bag_info["External-Identifier"] == UUID and opened.bag_info["CityEval-Revision"] == "2"
    assert opened.bag_info["CityEval-Package-Version"] == "1" and opened.version == 1
    assert signer.signed == [opened.tagmanifest] and opened.signature.startswith(b"CMS over ")
    assert opened.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    names = sorted(p.rsplit("/", 1)[1] for p, _, _ in opened.evidence)
    assert names == sorted(["营业执照 扫描件.pdf", "_.._etc_passwd", "合同_0A.docx"])  # one safe component each
    with opened.open_evidence(opened.evidence[0][0]) as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == opened.evidence[0][1]
    # an outside validator agrees
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(unpacked)
    bag = bagit.Bag(str(unpacked / opened.folder))
    bag.validate()
    assert bag.info["Payload-Oxum"] == opened.bag_info["Payload-Oxum"]


def test_evidence_that_does_not_compress_is_stored_and_the_rest_deflated(contents, tmp_path: Path) -> None:
    scan = os.urandom(3 * 1024 * 1024 + 17)  # random bytes compress as badly as a scan: more than one read chunk
    text = "现场核查记录：材料齐全。\n".encode() * 20_000
    contents.evidence[:] = [_evidence(tmp_path, "扫描件.jpg", scan), _evidence(tmp_path, "记录.txt", text)]
    out = tmp_path / "case.cityeval"
    _write(contents, out)
    with zipfile.ZipFile(out) as zf:
        kinds = {i.filename.rsplit("/", 1)[1]: i.compress_type for i in zf.infolist()}
    assert kinds["扫描件.jpg"] == zipfile.ZIP_STORED and kinds["记录.txt"] == zipfile.ZIP_DEFLATED
    assert kinds["case.json"] == zipfile.ZIP_DEFLATED and kinds["report.pdf"] == zipfile.ZIP_STORED
    opened = pkg.read_package(out)
    assert {sha: n for _, sha, n in opened.evidence} == {
        hashlib.sha256(scan).hexdigest(): len(scan),
        hashlib.sha256(text).hexdigest(): len(text),
    }
    for bag_path, sha, _ in opened.evidence:
        with opened.open_evidence(bag_path) as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == sha
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(unpacked)
    bagit.Bag(str(unpacked / opened.folder)).validate()


def test_an_evidence_file_changed_in_the_store_stops_the_export(contents, tmp_path: Path) -> None:
    contents.evidence[0].path.write_bytes(b"changed after attaching")
    with pytest.raises(InputError, match="no longer matches its hash"):
        _write(contents, tmp_path / "case.cityeval")


def test_a_very_long_name_becomes_one_short_component_and_keeps_its_extension() -> None:
    name = pkg.safe_file_name("现场核查" * 100 + ".pdf")
    assert name.endswith(".pdf") and len(name.encode()) <= 200 and "/" not in name


# ----------------------------------------------------------------------------- hostile packages
def _entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _zip(entries: dict[str, bytes], out: Path) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return out


def _variant(good: Path, tmp_path: Path, edit: Callable[[dict[str, bytes], str], None]) -> Path:
    entries = _entries(good)
    edit(entries, f"{UUID}-r2")
    return _zip(entries, tmp_path / "hostile.cityeval")


def _flip(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])


def _set(name: str, data: bytes) -> Callable[[dict[str, bytes], str], None]:
    return lambda e, f: e.__setitem__(f"{f}/{name}", data)


def _drop(name: str) -> Callable[[dict[str, bytes], str], None]:
    return lambda e, f: e.pop(f"{f}/{name}")


def _info_line(old: bytes, new: bytes) -> Callable[[dict[str, bytes], str], None]:
    def edit(e: dict[str, bytes], f: str) -> None:
        e[f"{f}/bag-info.txt"] = e[f"{f}/bag-info.txt"].replace(old, new)

    return edit


HOSTILE = {
    "payload byte changed": (
        lambda e, f: e.__setitem__(f"{f}/data/report.pdf", _flip(e[f"{f}/data/report.pdf"])),
        "data/report.pdf 的校验值不符",
    ),
    "payload file missing": (_drop("data/audit.jsonl"), "缺少清单中的文件"),
    "extra payload file": (_set("data/evidence/extra.exe", b"MZ"), "清单之外的文件"),
    "extra tag file": (_set("notes.txt", b"x"), "多余的文件"),
    "bag-info changed": (_info_line(b"CityEval-Revision: 2", b"CityEval-Revision: 3"), "bag-info.txt 的校验值不符"),
    "no signature": (_drop("signature.p7s"), "缺少 signature.p7s"),
    "no tag manifest": (_drop("tagmanifest-sha256.txt"), "缺少 tagmanifest-sha256.txt"),
    "wrong bagit.txt": (_set("bagit.txt", b"BagIt-Version: 0.97\n"), "BagIt 1.0"),
    "second folder": (lambda e, f: e.__setitem__("other/bagit.txt", b"x"), "只有一个文件夹"),
    "dot-dot entry": (lambda e, f: e.__setitem__(f"{f}/data/../../evil", b"x"), "条目名不安全"),
    "case-folded duplicate": (lambda e, f: e.__setitem__(f"{f}/DATA/case.json", b"{}"), "重名"),
}


@pytest.mark.parametrize(("edit", "words"), list(HOSTILE.values()), ids=list(HOSTILE))
def test_each_hostile_package_is_refused_with_its_reason(contents, tmp_path: Path, edit, words: str) -> None:
    good = tmp_path / "good.cityeval"
    _write(contents, good)
    bad = _variant(good, tmp_path, edit)
    with pytest.raises(InputError) as err:
        pkg.read_package(bad)
    line = err.value.lines("zh")[0]
    assert line.startswith(f"{bad}: ") and words in line, line
    assert "Traceback" not in line and err.value.lines("en")[0]


def _resealed(entries: dict[str, bytes], folder: str) -> None:
    """Recompute the manifests after an edit, as someone who knows the format would (the signature then
    no longer covers the tag manifest; the structural checks must still catch the content)."""
    data = {n[len(folder) + 1 :]: b for n, b in entries.items() if n.startswith(f"{folder}/data/")}
    manifest = "".join(f"{hashlib.sha256(b).hexdigest()}  {n}\n" for n, b in sorted(data.items())).encode()
    entries[f"{folder}/manifest-sha256.txt"] = manifest
    oxum = f"{sum(len(b) for b in data.values())}.{len(data)}".encode()
    info = entries[f"{folder}/bag-info.txt"].split(b"\n")
    entries[f"{folder}/bag-info.txt"] = b"\n".join(
        b"Payload-Oxum: " + oxum if line.startswith(b"Payload-Oxum:") else line for line in info
    )
    tags = [f"{folder}/{n}" for n in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")]
    entries[f"{folder}/tagmanifest-sha256.txt"] = "".join(
        f"{hashlib.sha256(entries[t]).hexdigest()}  {t.split('/', 1)[1]}\n" for t in tags
    ).encode()


RESEALED = {
    "case.json not JSON": ("data/case.json", b"{not json", "data/case.json 不是有效的 JSON"),
    "case.json 5000 digits": ("data/case.json", b'{"total": ' + b"9" * 5000 + b"}", "不是有效的 JSON"),
    "case.json NaN": ("data/case.json", b'{"total": NaN}', "不是有效的 JSON"),
    "case.json a list": ("data/case.json", b"[]", "不是一个 JSON 对象"),
    "audit line not an object": ("data/audit.jsonl", b"[1]\n", "每一行应是一个 JSON 对象"),
    "evidence outside its hash folder": ("data/evidence/" + "a" * 64 + "/x.pdf", b"x", "不在以其哈希值命名的文件夹中"),
}


@pytest.mark.parametrize(("name", "data", "words"), list(RESEALED.values()), ids=list(RESEALED))
def test_content_that_is_consistently_listed_but_malformed_is_refused(contents, tmp_path, name, data, words) -> None:
    good = tmp_path / "good.cityeval"
    _write(contents, good)

    def edit(entries: dict[str, bytes], folder: str) -> None:
        entries[f"{folder}/{name}"] = data
        _resealed(entries, folder)

    bad = _variant(good, tmp_path, edit)
    with pytest.raises(InputError) as err:
        pkg.read_package(bad)
    assert words in err.value.lines("zh")[0], err.value.lines("zh")


def test_a_payload_oxum_that_does_not_add_up_is_refused(contents, tmp_path: Path) -> None:
    good = tmp_path / "good.cityeval"
    _write(contents, good)

    def edit(entries: dict[str, bytes], folder: str) -> None:
        _resealed(entries, folder)
        info = entries[f"{folder}/bag-info.txt"]
        entries[f"{folder}/bag-info.txt"] = info.replace(b"Payload-Oxum: ", b"Payload-Oxum: 1")
        _reseal_tags_only(entries, folder)

    with pytest.raises(InputError, match="Payload-Oxum"):
        pkg.read_package(_variant(good, tmp_path, edit))


def _reseal_tags_only(entries: dict[str, bytes], folder: str) -> None:
    tags = [f"{folder}/{n}" for n in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")]
    entries[f"{folder}/tagmanifest-sha256.txt"] = "".join(
        f"{hashlib.sha256(entries[t]).hexdigest()}  {t.split('/', 1)[1]}\n" for t in tags
    ).encode()


def test_a_newer_package_version_is_refused_with_what_to_do(contents, tmp_path: Path) -> None:
    good = tmp_path / "good.cityeval"
    _write(contents, good)

    def edit(entries: dict[str, bytes], folder: str) -> None:
        info = entries[f"{folder}/bag-info.txt"]
        entries[f"{folder}/bag-info.txt"] = info.replace(b"CityEval-Package-Version: 1", b"CityEval-Package-Version: 7")
        _reseal_tags_only(entries, folder)

    with pytest.raises(InputError) as err:
        pkg.read_package(_variant(good, tmp_path, edit))
    assert "包格式第 7 版" in err.value.lines("zh")[0] and "upgrade" in err.value.lines("en")[0]


def test_not_a_zip_a_pipe_and_a_zip_bomb_are_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.cityeval"
    junk.write_bytes(b"PK\x03\x04 but nothing more")  # a ZIP cut short
    with pytest.raises(InputError, match=r"incomplete or damaged|不完整"):
        pkg.read_package(junk)
    junk.write_bytes(b"plain text, no archive")
    with pytest.raises(InputError, match=r"not a case package|不是案例包"):
        pkg.read_package(junk)
    fifo = tmp_path / "fifo.cityeval"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"regular file|普通文件"):
        pkg.read_package(fifo)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in range(2):
            zf.writestr(f"b/data/{n}", b"\0" * (60 * 1024 * 1024))
    (tmp_path / "bomb.cityeval").write_bytes(bomb.getvalue())
    with pytest.raises(InputError, match="too highly compressed"):
        pkg.read_package(tmp_path / "bomb.cityeval")


def _central_entry(data: bytes, name_part: str) -> int:
    """The offset of the central directory record whose name contains ``name_part``."""
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if name_part.encode() in data[at + 46 : at + 46 + length]:
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(name_part)


def _zip_level_damage() -> dict[str, tuple[Callable[[bytes], bytes], str]]:
    def method_99(data: bytes) -> bytes:  # the central directory names a compression method nobody knows
        at = _central_entry(data, "case.json") + 10
        return data[:at] + (99).to_bytes(2, "little") + data[at + 2 :]

    def bad_utf8_name(data: bytes) -> bytes:  # the UTF-8 flag is set but a name byte is not UTF-8
        at = _central_entry(data, "营业执照")
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        first = at + 46 + next(k for k, c in enumerate(data[at + 46 : at + 46 + length]) if c > 127)
        return data[:first] + b"\xff" + data[first + 1 :]

    def bad_deflate(data: bytes) -> bytes:  # the CRC is not reached: the deflate stream itself is broken
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = next(i for i in zf.infolist() if i.filename.endswith("case.json"))
        start = (
            info.header_offset + 30 + int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
        )
        start += int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
        return data[:start] + bytes(b ^ 0x55 for b in data[start : start + 24]) + data[start + 24 :]

    return {
        "unknown compression method": (method_99, "无法读取的压缩方式"),
        "a name that is not UTF-8": (bad_utf8_name, "已损坏"),
        "a deflate stream that does not inflate": (bad_deflate, "案例包已损坏"),
    }


@pytest.mark.parametrize(("damage", "words"), list(_zip_level_damage().values()), ids=list(_zip_level_damage()))
def test_zip_records_the_zip_reader_chokes_on_are_refused_not_raised(contents, tmp_path, damage, words) -> None:
    """Found by tests/hostile/test_package_fuzz.py: these raised zlib.error, NotImplementedError and
    UnicodeDecodeError out of read_package (a traceback, and `package import FOLDER` stopped there)."""
    good = tmp_path / "good.cityeval"
    _write(contents, good)
    bad = tmp_path / "bad.cityeval"
    bad.write_bytes(damage(good.read_bytes()))
    with pytest.raises(InputError) as err:
        pkg.read_package(bad)
    assert words in err.value.lines("zh")[0], err.value.lines("zh")


def test_a_version_written_with_other_digits_is_refused_as_unknown(contents, tmp_path: Path) -> None:
    good = tmp_path / "good.cityeval"
    _write(contents, good)

    def edit(entries: dict[str, bytes], folder: str) -> None:  # "²".isdigit() is true, int("²") fails
        info = entries[f"{folder}/bag-info.txt"]
        entries[f"{folder}/bag-info.txt"] = info.replace(
            b"CityEval-Package-Version: 1", "CityEval-Package-Version: ²".encode()
        )
        _reseal_tags_only(entries, folder)

    with pytest.raises(InputError, match="unknown case package version"):
        pkg.read_package(_variant(good, tmp_path, edit))
