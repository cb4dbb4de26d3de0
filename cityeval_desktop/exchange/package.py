"""The case package (``.cityeval``, DESIGN §7): a ZIP holding one BagIt 1.0 bag (RFC 8493), signed.

Layout of the bag (one folder ``<case uuid>-r<revision>/`` in the ZIP)::

    bagit.txt                 BagIt-Version: 1.0 / Tag-File-Character-Encoding: UTF-8
    bag-info.txt              Bagging-Date, Payload-Oxum, External-Identifier (the case uuid),
                              CityEval-Package-Version, CityEval-Revision, CityEval-Framework, CityEval-Mode
    manifest-sha256.txt       every payload file: "<sha256> <path>"
    tagmanifest-sha256.txt    bagit.txt, bag-info.txt and manifest-sha256.txt
    signature.p7s             detached CMS SignedData (DER) over the exact bytes of tagmanifest-sha256.txt
    data/case.json            the DESIGN §6 JSON plus answers, notes and the evidence index
    data/framework.yaml       the pinned framework text, byte for byte
    data/report.pdf           the signed final report, byte for byte
    data/audit.jsonl          the case's audit chain, one entry per line
    data/evidence/<sha256>/<name>

This module knows the format only: it writes a package from plain contents (streaming the
evidence files, never holding a package in memory) and reads one back with every structural
check of DESIGN §7. Signing and verifying the signature are given to it as functions (the
``signing`` layer does them); the use cases (export, verify, import) live in ``services/``.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, BinaryIO

from cityeval_desktop.domain.errors import InputError
from cityeval_desktop.domain.files import FileReadError, open_regular
from cityeval_desktop.domain.numbers import MAX_NUMBER_TEXT
from cityeval_desktop.domain.os_errors import os_reason
from cityeval_desktop.domain.text import Text
from cityeval_desktop.exchange.safe_zip import ZipLimits, checked_entries, read_entry

PACKAGE_VERSION = 1
SUFFIX = ".cityeval"
SIGNATURE_NAME = "signature.p7s"
TAGMANIFEST_NAME = "tagmanifest-sha256.txt"
MANIFEST_NAME = "manifest-sha256.txt"
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

MAX_PACKAGE_BYTES = 8 * 1024 * 1024 * 1024  # 8 GB: a case with a few hundred scans is far below
LIMITS = ZipLimits(
    max_entries=20_000,
    max_entry=1024 * 1024 * 1024,  # one evidence file (the store's own limit is lower by default)
    max_total=16 * 1024 * 1024 * 1024,
    max_ratio=100,
    ratio_floor=64 * 1024 * 1024,
)
MAX_TAG_BYTES = 16 * 1024 * 1024  # bag-info, the manifests, case.json, audit.jsonl
MAX_FRAMEWORK_BYTES = 4 * 1024 * 1024
MAX_REPORT_BYTES = 512 * 1024 * 1024
MAX_SIGNATURE_BYTES = 1024 * 1024
_MAX_NAME_BYTES = 200  # an evidence file's name inside the bag (the original name stays in case.json)
_CHUNK = 1024 * 1024
#: compression methods read (the writer uses the first two; the others are what ZIP tools may use)
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
_SAMPLE = 64 * 1024  # the start of an evidence file, deflated at level 1 to see whether it compresses
_WORTH_DEFLATING = 0.9  # deflated only when that sample shrinks by a tenth at least


@dataclass(frozen=True)
class EvidenceFile:
    """One stored evidence file to carry: its content hash, its original name and where its bytes are."""

    sha256: str
    name: str
    size: int
    path: Path


@dataclass(frozen=True)
class PackageContents:
    """What an export puts into a package (plain data, from the services)."""

    case_uuid: str
    revision: int
    framework_key: str
    mode: str
    case_json: dict[str, Any]
    framework_yaml: bytes
    report_pdf: bytes
    audit: list[dict[str, Any]]
    evidence: list[EvidenceFile] = field(default_factory=list)


def bag_folder(case_uuid: str, revision: int) -> str:
    return f"{case_uuid}-r{revision}"


def bag_path_of(item: EvidenceFile) -> str:
    """Where an evidence file goes in the bag: ``data/evidence/<sha256>/<safe name>``."""
    return f"data/evidence/{item.sha256}/{safe_file_name(item.name)}"


def safe_file_name(name: str) -> str:
    """One safe path component for ``name``: no separators, drive colons, ``%`` or control characters, not
    ``.``/``..``, at most 200 UTF-8 bytes (the extension kept), NFC-normalised."""
    text = unicodedata.normalize("NFC", name)
    text = "".join("_" if (ord(c) < 0x20 or ord(c) == 0x7F or c in '/\\:*?"<>|%') else c for c in text).strip()
    text = text.lstrip(".") or "file"
    if len(text.encode("utf-8")) > _MAX_NAME_BYTES:
        stem, dot, ext = text.rpartition(".")
        ext = ext if dot and len(ext.encode("utf-8")) <= 16 else ""
        room = _MAX_NAME_BYTES - len(ext.encode("utf-8")) - (1 if ext else 0)
        stem = (stem if ext else text).encode("utf-8")[:room].decode("utf-8", "ignore")
        text = f"{stem}.{ext}" if ext else stem
    return text


def _encode_path(path: str) -> str:
    """RFC 8493 §2.1.3: CR, LF and % in a manifest path are percent-encoded."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _decode_path(path: str) -> str:
    return path.replace("%0A", "\n").replace("%0a", "\n").replace("%0D", "\r").replace("%0d", "\r").replace("%25", "%")


def _canonical(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def write_package(
    out_stream: BinaryIO,
    contents: PackageContents,
    sign: Callable[[bytes], bytes],
    *,
    bagging_date: date,
    check: Callable[[], None] | None = None,
) -> str:
    """Write the package to ``out_stream`` (a new file the caller writes atomically).

    Evidence files are streamed from their paths and hashed while they are copied; a file whose
    bytes no longer hash to its name stops the export (the store was changed). ``check`` is called
    before each evidence file, between its chunks and before signing: what it raises (a cancel) stops
    the writing, and the caller removes the half-written file.

    Returns:
        The sha256 of the tag manifest (what the signature covers).
    """
    folder = bag_folder(contents.case_uuid, contents.revision)
    payload: list[tuple[str, str, int]] = []  # (path in bag, sha256, size)
    with zipfile.ZipFile(out_stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:

        def add_bytes(path: str, data: bytes, *, compress: bool = True) -> None:
            zf.writestr(
                zipfile.ZipInfo(f"{folder}/{path}", date_time=_zip_time(bagging_date)),
                data,
                compress_type=zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED,
            )
            if path.startswith("data/"):
                payload.append((path, hashlib.sha256(data).hexdigest(), len(data)))

        add_bytes("data/case.json", _canonical(contents.case_json))
        add_bytes("data/framework.yaml", contents.framework_yaml)
        add_bytes("data/report.pdf", contents.report_pdf, compress=False)
        audit = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in contents.audit)
        add_bytes("data/audit.jsonl", audit.encode("utf-8"))
        seen: set[str] = set()
        for item in contents.evidence:
            path = bag_path_of(item)
            if path in seen:  # the same file attached twice under one name: carried once
                continue
            seen.add(path)
            if check is not None:
                check()
            info = zipfile.ZipInfo(f"{folder}/{path}", date_time=_zip_time(bagging_date))
            digest, size = hashlib.sha256(), 0
            with open_regular(item.path, LIMITS.max_entry) as src:
                chunk = src.read(_CHUNK)
                info.compress_type = zipfile.ZIP_DEFLATED if _compressible(chunk) else zipfile.ZIP_STORED
                with zf.open(info, "w", force_zip64=True) as dst:
                    while chunk:
                        digest.update(chunk)
                        size += len(chunk)
                        dst.write(chunk)
                        if check is not None:
                            check()
                        chunk = src.read(_CHUNK)
            if digest.hexdigest() != item.sha256:
                raise InputError.one(
                    Text(
                        "证据文件在存储中已被改动，与其哈希值不符，未导出；请运行数据库检查",
                        "an evidence file in the store was changed and no longer matches its hash; nothing was "
                        "exported: run the database check",
                    ),
                    str(item.path),
                )
            payload.append((path, item.sha256, size))
        manifest = "".join(f"{sha}  {_encode_path(path)}\n" for path, sha, _ in payload).encode("utf-8")
        info_lines = [
            ("Bagging-Date", bagging_date.isoformat()),
            ("Payload-Oxum", f"{sum(size for _, _, size in payload)}.{len(payload)}"),
            ("External-Identifier", contents.case_uuid),
            ("CityEval-Package-Version", str(PACKAGE_VERSION)),
            ("CityEval-Revision", str(contents.revision)),
            ("CityEval-Framework", contents.framework_key),
            ("CityEval-Mode", contents.mode),
        ]
        bag_info = "".join(f"{k}: {v}\n" for k, v in info_lines).encode("utf-8")
        tags = [("bagit.txt", BAGIT_TXT.encode("utf-8")), ("bag-info.txt", bag_info), (MANIFEST_NAME, manifest)]
        tagmanifest = "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in tags).encode("utf-8")
        for name, data in [*tags, (TAGMANIFEST_NAME, tagmanifest)]:
            add_bytes(name, data)
        if check is not None:
            check()
        add_bytes(SIGNATURE_NAME, sign(tagmanifest))
    return hashlib.sha256(tagmanifest).hexdigest()


def _compressible(head: bytes) -> bool:
    """Whether deflating a file is worth it, judged on its first bytes: scans, photos and office files are
    compressed already, and deflating them again costs more time than anything else in an export (and
    again to inflate at every verify and import) for a gain of a few bytes."""
    sample = head[:_SAMPLE]
    return bool(sample) and len(zlib.compress(sample, 1)) < _WORTH_DEFLATING * len(sample)


def _zip_time(day: date) -> tuple[int, int, int, int, int, int]:
    return (max(day.year, 1980), day.month, day.day, 0, 0, 0)


# ----------------------------------------------------------------------------- reading
@dataclass
class OpenedPackage:
    """A package whose structure passed every check; the signature is checked by the caller."""

    path: Path
    sha256: str
    folder: str
    bag_info: dict[str, str]
    case_json: dict[str, Any]
    framework_yaml: bytes
    report_pdf: bytes
    audit: list[dict[str, Any]]
    tagmanifest: bytes
    signature: bytes
    #: (path in bag, sha256, size) of every evidence file, each hash already checked
    evidence: list[tuple[str, str, int]]

    @property
    def version(self) -> int:
        return int(self.bag_info["CityEval-Package-Version"])

    def open_evidence(self, bag_path: str) -> IO[bytes]:
        """A stream of one evidence file's bytes (for the import to store them).

        Raises:
            InputError: The file can no longer be read as it was checked (changed or damaged since).
        """
        where = str(self.path)
        try:
            archive = zipfile.ZipFile(self.path)
        except _UNREADABLE as exc:
            raise _damaged(where, exc) from None
        try:
            return _ClosingEntry(archive, archive.open(f"{self.folder}/{bag_path}"), where)
        except (*_UNREADABLE, KeyError) as exc:
            archive.close()
            raise _damaged(where, exc) from None


class _ClosingEntry:
    """An entry stream that closes its archive with it; a read that fails says the package is damaged."""

    def __init__(self, archive: zipfile.ZipFile, stream: IO[bytes], where: str) -> None:
        self._archive, self._stream, self._where = archive, stream, where

    def read(self, n: int = -1) -> bytes:
        try:
            return self._stream.read(n)
        except _UNREADABLE as exc:
            raise _damaged(self._where, exc) from None

    def __enter__(self) -> _ClosingEntry:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()
        self._archive.close()


def _refuse(where: str, zh: str, en: str) -> InputError:
    return InputError.one(Text(zh, en), where)


def read_package(path: Path) -> OpenedPackage:
    """Open a package and check its structure (DESIGN §7), streaming the payload through sha256.

    Refused (InputError naming what is wrong): not a regular file or too large; not a ZIP; unsafe,
    duplicate, linked or oversized entries (``exchange/safe_zip.py``); not exactly one bag folder;
    a wrong ``bagit.txt``; a ``bag-info.txt`` without its fields, or of a newer package version; a
    tag or payload checksum that does not match; missing or extra payload files; a Payload-Oxum that
    does not match; malformed ``case.json`` or ``audit.jsonl``; no signature.
    """
    where = str(path)
    try:
        fh = open_regular(path, MAX_PACKAGE_BYTES)
    except FileReadError as exc:
        raise InputError([exc]) from None
    with fh:  # hashed and read through one descriptor: the file checked is the file hashed
        digest, size = hashlib.sha256(), 0
        try:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
            fh.seek(0)
        except OSError as exc:
            reason = os_reason(exc)
            raise _refuse(where, f"无法读取：{reason.zh}", f"cannot be read: {reason.en}") from None
        try:
            archive = zipfile.ZipFile(fh)
        except _UNREADABLE:
            raise _not_a_package(path, where) from None
        with archive:
            try:
                return _read(archive, Path(path), digest.hexdigest(), size, where)
            except _UNREADABLE as exc:
                raise _damaged(where, exc) from None


#: What the ZIP reader raises on damaged or crafted bytes (besides BadZipFile): a name that is not the
#: UTF-8 it claims to be (UnicodeDecodeError), a compression method it does not know
#: (NotImplementedError), a deflate stream that does not inflate (zlib.error), a record cut short
#: (EOFError, struct.error), an LZMA or bzip2 stream that does not decode.
_UNREADABLE = (
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    struct.error,
    zlib.error,
    lzma.LZMAError,
    zipfile.BadZipFile,
)


def _damaged(where: str, exc: BaseException) -> InputError:
    return _refuse(
        where,
        "案例包已损坏（压缩内容无法解开）；请让发送方重新发送原始文件",
        f"the case package is damaged (its compressed content cannot be read: {type(exc).__name__}); ask the "
        "sender for the original file again",
    )


def _not_a_package(path: Path, where: str) -> InputError:
    """Why a file that is no ZIP is no package, said as helpfully as its first bytes allow."""
    try:
        with open_regular(path, MAX_PACKAGE_BYTES) as fh:
            head = fh.read(8)
    except (FileReadError, OSError):
        head = b""
    if head.startswith(b"%PDF"):
        return _refuse(
            where,
            "这是一个 PDF 文件，不是案例包；请向发送方索取导出的案例包文件",
            "this is a PDF file, not a case package; ask the sender for the exported package file",
        )
    if head.startswith(b"PK"):
        return _refuse(
            where,
            "案例包不完整或已损坏（可能是复制或下载中断）；请让发送方重新发送",
            "the case package is incomplete or damaged (a copy or download was interrupted?); ask the sender to "
            "send it again",
        )
    return _refuse(
        where,
        "不是案例包（无法作为 ZIP 读取）；请确认选择的是导出的案例包文件",
        "not a case package (it cannot be read as a ZIP); check that this is the exported package file",
    )


def _read(archive: zipfile.ZipFile, path: Path, sha: str, size: int, where: str) -> OpenedPackage:
    infos = checked_entries(archive, size=size, limits=LIMITS, where=where)
    unknown = next((i for i in infos if i.compress_type not in _METHODS), None)
    if unknown is not None:
        raise _refuse(
            where,
            f"案例包中的 {unknown.filename[-80:]} 使用了无法读取的压缩方式（{unknown.compress_type}）；"
            "请让发送方重新发送原始文件",
            f"{unknown.filename[-80:]} in the case package uses a compression method that cannot be read "
            f"({unknown.compress_type}); ask the sender for the original file again",
        )
    for info in infos:
        if not info.flag_bits & 0x800 and not info.filename.isascii():
            # the names were written in another encoding: another tool re-packed the files
            raise _refuse(
                where,
                "案例包中的文件名不是 UTF-8 编码：它被其他压缩工具重新打包过，已不是原始文件；请转发原始文件",
                "the file names in the package are not in UTF-8: another zip tool re-packed it, so it is not "
                "the original file; forward the original file",
            )
    folders = {i.filename.split("/", 1)[0] for i in infos}
    if len(folders) != 1 or any("/" not in i.filename for i in infos):
        raise _refuse(
            where,
            "案例包中应只有一个文件夹（一个 BagIt 包）",
            "a case package holds exactly one folder (one BagIt bag)",
        )
    folder = folders.pop()
    entries = {i.filename[len(folder) + 1 :]: i for i in infos if not i.is_dir()}

    def tag(name: str, limit: int = MAX_TAG_BYTES) -> bytes:
        info = entries.get(name)
        if info is None:
            raise _refuse(where, f"案例包缺少 {name}", f"the case package has no {name}")
        return read_entry(archive, info, limit, where)

    if tag("bagit.txt").replace(b"\r\n", b"\n") != BAGIT_TXT.encode("utf-8"):
        raise _refuse(where, "bagit.txt 不是 BagIt 1.0（UTF-8）的声明", "bagit.txt does not declare BagIt 1.0 in UTF-8")
    bag_info = _bag_info(tag("bag-info.txt"), where)
    tagmanifest = tag(TAGMANIFEST_NAME)
    tag_sums = _manifest(tagmanifest, TAGMANIFEST_NAME, where)
    for name in ("bagit.txt", "bag-info.txt", MANIFEST_NAME):
        if name not in tag_sums:
            raise _refuse(where, f"标签清单未列出 {name}", f"the tag manifest does not list {name}")
    for name, expected in tag_sums.items():
        if name.startswith("data/") or name in (TAGMANIFEST_NAME, SIGNATURE_NAME):
            raise _refuse(where, f"标签清单中不应有 {name}", f"the tag manifest must not list {name}")
        if hashlib.sha256(tag(name)).hexdigest() != expected:
            raise _refuse(
                where, f"{name} 的校验值不符（签署后被改动）", f"the checksum of {name} does not match (changed)"
            )
    manifest = _manifest(tag(MANIFEST_NAME), MANIFEST_NAME, where)
    payload_files = {n for n in entries if n.startswith("data/")}
    missing = sorted(set(manifest) - payload_files)
    extra = sorted(payload_files - set(manifest))
    if missing:
        raise _refuse(
            where, f"案例包缺少清单中的文件：{missing[0]}", f"a file of the manifest is missing: {missing[0]}"
        )
    if extra:
        raise _refuse(where, f"案例包中有清单之外的文件：{extra[0]}", f"a file not in the manifest: {extra[0]}")
    others = sorted(
        n for n in entries if not n.startswith("data/") and n not in (*tag_sums, TAGMANIFEST_NAME, SIGNATURE_NAME)
    )
    if others:
        raise _refuse(where, f"案例包中有多余的文件：{others[0]}", f"the case package holds an extra file: {others[0]}")
    total = 0
    evidence: list[tuple[str, str, int]] = []
    for name in sorted(manifest):
        got, n = _hash_entry(archive, entries[name])
        if got != manifest[name]:
            raise _refuse(where, f"{name} 的校验值不符（被改动）", f"the checksum of {name} does not match (changed)")
        total += n
        if name.startswith("data/evidence/"):
            parts = name.split("/")
            if len(parts) != 4 or parts[2] != got:
                raise _refuse(
                    where,
                    f"证据文件 {name} 不在以其哈希值命名的文件夹中",
                    f"the evidence file {name} is not in the folder named by its hash",
                )
            evidence.append((name, got, n))
    if bag_info["Payload-Oxum"] != f"{total}.{len(manifest)}":
        raise _refuse(
            where,
            f"Payload-Oxum 不符（声明 {bag_info['Payload-Oxum']}，实际 {total}.{len(manifest)}）",
            f"the Payload-Oxum does not match ({bag_info['Payload-Oxum']} declared, {total}.{len(manifest)} found)",
        )
    for name in ("data/case.json", "data/framework.yaml", "data/report.pdf", "data/audit.jsonl"):
        if name not in manifest:
            raise _refuse(where, f"案例包缺少 {name}", f"the case package has no {name}")
    case_json = _json(tag("data/case.json"), "data/case.json", where)
    if not isinstance(case_json, dict):
        raise _refuse(where, "data/case.json 不是一个 JSON 对象", "data/case.json is not a JSON object")
    # decimals in the trail read back as the floats they were written from, so each entry hashes as it did
    audit = [
        _json(line, "data/audit.jsonl", where, floats=_bounded_float)
        for line in tag("data/audit.jsonl").splitlines()
        if line.strip()
    ]
    if not all(isinstance(e, dict) for e in audit):
        raise _refuse(
            where, "data/audit.jsonl 的每一行应是一个 JSON 对象", "each line of data/audit.jsonl is an object"
        )
    return OpenedPackage(
        path=path,
        sha256=sha,
        folder=folder,
        bag_info=bag_info,
        case_json=case_json,
        framework_yaml=tag("data/framework.yaml", MAX_FRAMEWORK_BYTES),
        report_pdf=tag("data/report.pdf", MAX_REPORT_BYTES),
        audit=audit,
        tagmanifest=tagmanifest,
        signature=tag(SIGNATURE_NAME, MAX_SIGNATURE_BYTES),
        evidence=evidence,
    )


_REQUIRED_INFO = (
    "Bagging-Date",
    "Payload-Oxum",
    "External-Identifier",
    "CityEval-Package-Version",
    "CityEval-Revision",
    "CityEval-Framework",
    "CityEval-Mode",
)


def _bag_info(data: bytes, where: str) -> dict[str, str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(where, "bag-info.txt 不是 UTF-8 文本", "bag-info.txt is not UTF-8 text") from None
    info: dict[str, str] = {}
    key = ""
    for line in text.splitlines():
        if line[:1] in (" ", "\t") and key:  # a continued value
            info[key] += " " + line.strip()
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise _refuse(
                where, f"bag-info.txt 有无法读取的一行：{line[:60]}", f"bag-info.txt has a bad line: {line[:60]}"
            )
        key = name.strip()
        if key in info and key in _REQUIRED_INFO:
            raise _refuse(where, f"bag-info.txt 中 {key} 出现了两次", f"bag-info.txt gives {key} twice")
        info[key] = value.strip()
    for key in _REQUIRED_INFO:
        if not info.get(key):
            raise _refuse(where, f"bag-info.txt 缺少 {key}", f"bag-info.txt has no {key}")
    version = info["CityEval-Package-Version"]
    if not (version.isascii() and version.isdigit()) or len(version) > 4:
        raise _refuse(where, f"无法识别的案例包版本：{version}", f"unknown case package version: {version}")
    if int(version) > PACKAGE_VERSION:
        raise _refuse(
            where,
            f"该案例包由更新版本的 CityEval 生成（包格式第 {version} 版，本程序支持到第 {PACKAGE_VERSION} 版）；"
            "请升级软件后再导入",
            f"the package was made by a newer CityEval (package version {version}; this program reads up to "
            f"{PACKAGE_VERSION}); upgrade the program, then import it again",
        )
    revision = info["CityEval-Revision"]
    if not (revision.isascii() and revision.isdigit()) or len(revision) > 9:
        raise _refuse(where, "bag-info.txt 中的修订版本号无效", "bag-info.txt gives an invalid revision number")
    return info


def _manifest(data: bytes, name: str, where: str) -> dict[str, str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(where, f"{name} 不是 UTF-8 文本", f"{name} is not UTF-8 text") from None
    sums: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        checksum, _, file_path = line.partition(" ")
        file_path = _decode_path(file_path.strip())
        if len(checksum) != 64 or any(c not in "0123456789abcdef" for c in checksum.lower()) or not file_path:
            raise _refuse(where, f"{name} 有无法读取的一行：{line[:80]}", f"{name} has a bad line: {line[:80]}")
        if file_path in sums:
            raise _refuse(where, f"{name} 两次列出 {file_path}", f"{name} lists {file_path} twice")
        sums[file_path] = checksum.lower()
    return sums


def _hash_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with archive.open(info) as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _json(data: bytes, name: str, where: str, *, floats: Callable[[str], Any] | None = None) -> Any:
    try:
        return json.loads(
            data.decode("utf-8"),
            parse_constant=_no_constant,
            parse_int=_bounded_int,
            parse_float=floats or _bounded_decimal,
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refuse(where, f"{name} 不是有效的 JSON", f"{name} is not valid JSON") from None


def _no_constant(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity


def _bounded_int(text: str) -> int:
    if len(text) > MAX_NUMBER_TEXT:
        raise ValueError("number too long")
    return int(text)


def _bounded_decimal(text: str) -> Decimal:
    if len(text) > MAX_NUMBER_TEXT:
        raise ValueError("number too long")
    return Decimal(text)


def _bounded_float(text: str) -> float:
    if len(text) > MAX_NUMBER_TEXT:
        raise ValueError("number too long")
    return float(text)
