"""Checking a case package before anyone relies on it (``package verify``, and the first step of import).

Every check is named and reported pass or fail with its reason (``docs/package.md`` lists them):

1. ``structure``: the ZIP and the BagIt bag (``exchange/package.py read_package``: paths, links, sizes,
   zip bombs, checksums, Payload-Oxum, missing and extra files, malformed JSON);
2. ``signature``: ``signature.p7s`` holds over the exact bytes of the tag manifest;
3. ``trust``: the package's signer and the report's signer chain to a trusted certificate (the trust
   store plus ``--trust`` files) and were not revoked when they signed;
4. ``case``: bag-info and ``case.json`` name the same case, revision, mode and framework, finalized;
5. ``framework``: the carried framework text has the sha256 the case names and is a valid framework;
6. ``audit``: the audit chain links up, belongs to the case, never goes back a revision, and records
   the report's signing for this revision;
7. ``report``: the report's signatures hold and cover the whole file, it is the report the chain
   recorded, signed by the signer the chain names;
8. ``content``: the content recorded at finalize hashes to the value sealed inside the signed report;
9. ``result``: the figures of ``case.json`` are what this program computes from that content and the
   framework (a package whose ``case.json`` disagrees with its report fails here);
10. ``evidence``: every evidence file the content lists is in the package, with its size, and nothing else.

The checks read the package only; nothing is written anywhere.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature

from cityeval_desktop.domain.case_json import CASE_DATA_KEYS, case_json, without_missing_additions
from cityeval_desktop.domain.errors import InputError
from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.domain.loader import FrameworkError, load_bytes
from cityeval_desktop.domain.text import CityEvalError, DomainError, Text
from cityeval_desktop.domain.uscc import validate
from cityeval_desktop.exchange.package import OpenedPackage, read_package
from cityeval_desktop.services.cases import cached_figures, detail_with, dimension_figures
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.signing.chain import signing_time_problem
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.store import audit, case_repo
from cityeval_desktop.store.digest import ContentError, case_from_content, content_hash, revision_content
from cityeval_desktop.store.models import Case

STRUCTURE = "structure"
SIGNATURE = "signature"
TRUST = "trust"
CASE = "case"
FRAMEWORK = "framework"
AUDIT = "audit"
REPORT = "report"
CONTENT = "content"
RESULT = "result"
EVIDENCE = "evidence"

LABELS: dict[str, Text] = {
    STRUCTURE: Text("包结构与校验值", "structure and checksums"),
    SIGNATURE: Text("案例包签名", "package signature"),
    TRUST: Text("签署人可信", "signer trust"),
    CASE: Text("案例信息一致", "case details"),
    FRAMEWORK: Text("评估框架", "framework"),
    AUDIT: Text("审计链", "audit chain"),
    REPORT: Text("已签署报告", "signed report"),
    CONTENT: Text("定稿内容与报告一致", "sealed content"),
    RESULT: Text("结果复算", "result recomputation"),
    EVIDENCE: Text("证据文件", "evidence files"),
}
ORDER = list(LABELS)


@dataclass(frozen=True)
class Check:
    """One named check and its outcome; ``detail`` says why it failed (or what it noted)."""

    id: str
    ok: bool
    detail: Text | None = None

    @property
    def label(self) -> Text:
        return LABELS[self.id]


@dataclass
class PackageCheck:
    """What checking one package found, in the order of the module's list."""

    path: Path
    sha256: str | None
    size: int | None
    checks: list[Check] = field(default_factory=list)
    signer_name: str | None = None
    signer_organisation: str | None = None
    signer_fingerprint: str | None = None
    signing_time: datetime | None = None
    case_uuid: str | None = None
    revision: int | None = None
    mode: str | None = None
    entity_name: str | None = None
    uscc: str | None = None
    grade: str | None = None
    total: str | None = None
    evidence_count: int = 0
    evidence_bytes: int = 0
    # what the import goes on with (None when the package did not get that far)
    opened: OpenedPackage | None = None
    framework: Framework | None = None
    rows: Case | None = None
    #: the signer's certificate and the issuers the signature carries (for revocation and the ledger)
    signer_certificate: x509.Certificate | None = None
    signer_chain: tuple[x509.Certificate, ...] = ()
    #: why the signer could not sign then: its certificate was revoked, expired or not yet valid when it
    #: signed (never accepted, not even with ``--accept-untrusted``)
    refused_signer: Text | None = None
    #: what a reader should know although every check passed (warnings, not failures): e.g. the package
    #: was signed by someone else than the report
    notes: list[Text] = field(default_factory=list)
    #: the cached figures of the recomputed result (total, grade, completeness, provisional)
    figures: tuple[str, str | None, str, bool] | None = None
    #: the same result's numeric total and dimension scores, in hundredths (migration 0010)
    total_hundredths: int | None = None
    dimensions: dict[str, int | None] | None = None

    def __getstate__(self) -> dict[str, Any]:
        """Picklable (a check made in a worker process, see ``package_pool.py``): certificates travel as
        DER and the framework as its text, parsed again through this process's cache."""
        from cryptography.hazmat.primitives.serialization import Encoding

        state = dict(self.__dict__)
        cert, chain = state.pop("signer_certificate"), state.pop("signer_chain")
        state["signer_der"] = None if cert is None else cert.public_bytes(Encoding.DER)
        state["chain_der"] = tuple(c.public_bytes(Encoding.DER) for c in chain)
        framework = state.pop("framework")
        state["framework_raw"] = None if framework is None else framework.raw
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        der, chain = state.pop("signer_der"), state.pop("chain_der")
        raw = state.pop("framework_raw")
        state["signer_certificate"] = None if der is None else x509.load_der_x509_certificate(der)
        state["signer_chain"] = tuple(x509.load_der_x509_certificate(d) for d in chain)
        state["framework"] = None if raw is None else _framework(raw)
        self.__dict__.update(state)

    @property
    def ok(self) -> bool:
        """Every check ran and passed."""
        return bool(self.checks) and all(c.ok for c in self.checks) and len(self.checks) == len(ORDER)

    @property
    def trusted(self) -> bool:
        return any(c.id == TRUST and c.ok for c in self.checks)

    @property
    def ok_but_untrusted(self) -> bool:
        """Every check passed except trust (what ``--accept-untrusted`` may import)."""
        others = [c for c in self.checks if c.id != TRUST]
        return (
            len(self.checks) == len(ORDER)
            and all(c.ok for c in others)
            and not self.trusted
            and self.refused_signer is None
        )

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def reason(self) -> Text | None:
        """The first failure's reason (what a clerk reads in the ledger), or None when all passed."""
        for c in self.failures:
            return Text(
                f"“{c.label.zh}”检查未通过：{c.detail.zh if c.detail else '原因不明'}",
                f"{c.label.en} check failed: {c.detail.en if c.detail else 'no reason given'}",
            )
        return None


def _error_text(exc: CityEvalError, path: Path | None = None) -> Text:
    """The error's lines as one text; the file's own name is left out (the report names it already)."""
    prefix = f"{path}: " if path is not None else None

    def lines(lang: str) -> list[str]:
        return [line[len(prefix) :] if prefix and line.startswith(prefix) else line for line in exc.lines(lang)]

    return Text("；".join(lines("zh")), "; ".join(lines("en")))


def file_facts(path: Path) -> tuple[str | None, int | None]:
    """The sha256 and size of a file that the package reader refused (for the ledger), when readable."""
    from cityeval_desktop.domain.files import FileReadError, open_regular
    from cityeval_desktop.exchange.package import MAX_PACKAGE_BYTES

    digest, size = hashlib.sha256(), 0
    try:
        with open_regular(path, MAX_PACKAGE_BYTES) as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except (FileReadError, OSError):
        return None, None
    return digest.hexdigest(), size


def trust_anchors(ctx: AppContext | None, extra: Iterable[Path] = ()) -> list[x509.Certificate]:
    """The certificates a check trusts: the database's trust store and the given files.

    Raises:
        SigningError: A ``--trust`` file holds no certificate, or a stored one is damaged.
    """
    from cityeval_desktop.services.trust_store import trusted_certificates
    from cityeval_desktop.signing.trust import load_pem_certificates

    trusted: list[x509.Certificate] = list(trusted_certificates(ctx)) if ctx is not None else []
    for path in extra:
        trusted.extend(load_pem_certificates(Path(path)))
    return trusted


RevocationCheck = Callable[[x509.Certificate, list[x509.Certificate], datetime | None], Text | None]


def check_package(
    path: Path,
    trusted: list[x509.Certificate],
    *,
    revoked: RevocationCheck | None = None,
) -> PackageCheck:
    """Run every check of the module's list on one package file.

    Args:
        path: The ``.cityeval`` file (decrypted already, when it came encrypted).
        trusted: The trusted certificates (see :func:`trust_anchors`).
        revoked: Says why a signer's certificate was revoked when it signed (None when it was not).

    Returns:
        The findings; a package that fails a check is reported, never raised. The checks after a
        failed structure check do not run (there is nothing sound to check).
    """
    path = Path(path)
    if path.is_symlink():  # a link in a dropped folder can point anywhere: only the file itself is taken
        return PackageCheck(
            path,
            None,
            None,
            [
                Check(
                    STRUCTURE,
                    False,
                    Text(
                        "这是一个链接（快捷方式），不是案例包文件本身；请选择它指向的文件",
                        "this is a link, not the package file itself; choose the file it points to",
                    ),
                )
            ],
        )
    try:
        opened = read_package(path)
    except CityEvalError as exc:
        sha, size = file_facts(path)
        return PackageCheck(path, sha, size, [Check(STRUCTURE, False, _error_text(exc, path))])
    found = PackageCheck(path, opened.sha256, None, [Check(STRUCTURE, True)], opened=opened)
    try:
        found.size = path.stat().st_size
    except OSError:
        found.size = None
    _Checker(found, opened, trusted, revoked).run()
    return found


class _Checker:
    """The checks after the structure, each adding one :class:`Check` to ``found``."""

    def __init__(
        self, found: PackageCheck, opened: OpenedPackage, trusted: list[x509.Certificate], revoked: Any
    ) -> None:
        self.found, self.opened, self.trusted, self.revoked = found, opened, trusted, revoked
        self.doc = opened.case_json
        self.trust_problems: list[Text] = []
        self.report_sha = hashlib.sha256(opened.report_pdf).hexdigest()
        self.sealed: dict[str, Any] | None = None  # the report.sign entry's "new" of this revision
        self.report_signatures: list[Any] | None = None  # verified once, read twice

    def run(self) -> None:
        steps: list[tuple[str, Callable[[], Text | None]]] = [
            (SIGNATURE, self._signature),
            (CASE, self._case),
            (FRAMEWORK, self._framework),
            (AUDIT, self._audit),
            (REPORT, self._report),
            (CONTENT, self._content),
            (RESULT, self._result),
            (EVIDENCE, self._evidence),
        ]
        results: dict[str, Check] = {STRUCTURE: self.found.checks[0]}
        for check_id, step in steps:
            try:
                problem = step()
            except CityEvalError as exc:
                problem = _error_text(exc)
            except (ValueError, TypeError, KeyError, ArithmeticError, RecursionError) as exc:
                # crafted values the checks above did not foresee: refused, never a traceback
                problem = Text(
                    f"内容无法解读（{type(exc).__name__}）", f"the content cannot be understood ({type(exc).__name__})"
                )
            results[check_id] = Check(check_id, problem is None, problem)
        results[TRUST] = Check(TRUST, not self.trust_problems, _joined(self.trust_problems))
        self.found.checks = [results[i] for i in ORDER]

    # ------------------------------------------------------------------ the checks
    def _signature(self) -> Text | None:
        from cityeval_desktop.signing.cms import verify_detached

        try:
            seal = verify_detached(self.opened.tagmanifest, self.opened.signature, self.trusted)
        except SigningError as exc:
            self.trust_problems.append(Text("案例包签名无法验证", "the package signature cannot be verified"))
            return _error_text(exc)
        f = self.found
        f.signer_name, f.signer_organisation, f.signer_fingerprint = (
            seal.signer_name,
            seal.organisation,
            seal.fingerprint,
        )
        f.signing_time, f.signer_certificate, f.signer_chain = seal.signing_time, seal.signer_certificate, seal.chain
        if not (seal.intact and seal.valid):
            # only what is wrong with the signature: whom it names cannot be judged from it
            self.trust_problems.append(
                Text(
                    "案例包签名不成立，无法确认签署人",
                    "the package signature does not hold, so its signer cannot be told",
                )
            )
            # the first problem says what is wrong with the signature itself (the trust findings follow it)
            return seal.problems[0] if seal.problems else Text("签名不成立", "the signature does not hold")
        self._judge_signer(seal.signer_certificate, list(seal.chain), seal.signing_time, package=True)
        if not seal.trusted and not self.found.refused_signer:
            self.trust_problems.extend(
                list(seal.problems)
                or [Text("案例包签署人的证书不在信任列表中", "the package signer's certificate is not trusted")]
            )
        return None

    def _judge_signer(
        self, cert: x509.Certificate, chain: list[x509.Certificate], when: datetime | None, *, package: bool
    ) -> None:
        """What makes a signer unacceptable whatever the trust list says: a certificate that claims a
        trusted CA as its issuer but was not signed by it (forged), one outside its validity when it
        signed, or one revoked before it signed. Recorded as a trust problem and as ``refused_signer``."""
        who = Text("案例包签署人", "the package signer") if package else Text("报告签署人", "the report's signer")
        problem = _forged_issuer(cert, self.trusted) or signing_time_problem(cert, when)
        if problem is None and self.revoked is not None:
            problem = self.revoked(cert, chain, when)
        if problem is not None:
            text = Text(f"{who.zh}：{problem.zh}", f"{who.en}: {problem.en}")
            self.trust_problems.append(text)
            self.found.refused_signer = self.found.refused_signer or text

    def _case(self) -> Text | None:
        doc, info = self.doc, self.opened.bag_info
        f = self.found
        f.case_uuid = info["External-Identifier"]
        f.revision = int(info["CityEval-Revision"])
        f.mode = info["CityEval-Mode"]
        framework = doc.get("framework") if isinstance(doc.get("framework"), dict) else {}
        entity = doc.get("entity") if isinstance(doc.get("entity"), dict) else {}
        f.entity_name = entity.get("name") if isinstance(entity.get("name"), str) else None
        f.uscc = entity.get("uscc") if isinstance(entity.get("uscc"), str) else None
        pairs = [
            ("case_id", doc.get("case_id"), f.case_uuid),
            ("revision", doc.get("revision"), f.revision),
            ("mode", doc.get("mode"), f.mode),
            ("framework", f"{framework.get('id')}@{framework.get('version')}", info["CityEval-Framework"]),
        ]
        for name, in_json, in_bag in pairs:
            if in_json != in_bag:
                return Text(
                    f"case.json 与 bag-info.txt 不一致：{name}（{_shown(in_json)} 与 {_shown(in_bag)}）",
                    f"case.json and bag-info.txt disagree on {name} ({_shown(in_json)} and {_shown(in_bag)})",
                )
        if doc.get("status") != "finalized":
            return Text("案例包中的修订版本不是已定稿版本", "the revision in the package is not finalized")
        if f.mode not in ("self", "third-party"):
            return Text(f"未知的评估方式：{_shown(f.mode)}", f"unknown assessment mode: {_shown(f.mode)}")
        if f.uscc is None or not validate(f.uscc).ok:
            return Text("主体的统一社会信用代码无效", "the entity's unified social credit code is not valid")
        return None

    def _framework(self) -> Text | None:
        raw = self.opened.framework_yaml
        named = self.doc.get("framework", {}).get("sha256") if isinstance(self.doc.get("framework"), dict) else None
        if hashlib.sha256(raw).hexdigest() != named:
            return Text(
                "所附评估框架文本的 SHA-256 与案例记录的不符",
                "the SHA-256 of the framework text carried does not match the one the case names",
            )
        try:
            framework = _framework(raw)
        except FrameworkError as exc:
            return _error_text(exc)
        if f"{framework.id}@{framework.version}" != self.opened.bag_info["CityEval-Framework"]:
            return Text("所附评估框架与案例记录的不是同一个", "the framework carried is not the one the case names")
        self.found.framework = framework
        return None

    def _audit(self) -> Text | None:
        entries = self.opened.audit
        uuid, revision = self.found.case_uuid, self.found.revision
        if not entries:
            return Text("审计链为空", "the audit chain is empty")
        if any(e.get("chain") != uuid for e in entries):
            return Text("审计链中有不属于该案例的记录", "the audit chain holds entries of another case")
        problems = audit.verify_entries(str(uuid), entries)
        if problems:
            return Text(
                f"审计链第 {problems[0].position} 条记录不成立（被改动或缺失）",
                f"entry {problems[0].position} of the audit chain does not hold ({problems[0].reason})",
            )
        highest = 0
        for e in entries:
            rev = e.get("revision")
            if rev is None or e.get("action") in _ABOUT_AN_EARLIER_REVISION:
                continue
            if not isinstance(rev, int) or isinstance(rev, bool) or rev < highest:
                return Text(
                    f"审计链第 {e.get('position')} 条记录的修订版本号倒退",
                    f"the revision number goes back at entry {e.get('position')} of the audit chain",
                )
            highest = rev
        if highest > (revision or 0):
            return Text(
                f"审计链记录到修订版本 {highest}，而案例包是修订版本 {revision}",
                f"the audit chain reaches revision {highest}, but the package is revision {revision}",
            )
        finals = [e for e in entries if e.get("revision") == revision and e.get("action") == "report.sign"]
        if not finals or not any(e.get("action") == "case.finalize" and e.get("revision") == revision for e in entries):
            return Text(
                "审计链中没有该修订版本的定稿与报告签署记录",
                "the audit chain does not record the finalizing and the report's signing of this revision",
            )
        sealed = finals[-1].get("new")
        # a report the reviewer countersigned (issue 12): the last countersignature's bytes are the report,
        # each one continuing the report before it
        report_sha = sealed.get("sha256") if isinstance(sealed, dict) else None
        for e in entries:
            if e.get("revision") == revision and e.get("action") == "report.countersign":
                old, new = e.get("old"), e.get("new")
                if not isinstance(old, dict) or not isinstance(new, dict) or old.get("sha256") != report_sha:
                    report_sha = None
                    break
                report_sha = new.get("sha256")
        if not isinstance(sealed, dict) or report_sha != self.report_sha:
            return Text(
                "审计链记录的报告与案例包中的报告不是同一份",
                "the report the audit chain recorded is not the report in the package",
            )
        self.sealed = sealed
        return None

    def _report(self) -> Text | None:
        from cityeval_desktop.signing.pades import verify_pdf

        # every signer's trust is judged below, one by one: a countersignature needs to hold, not to be trusted,
        # for the signatures before it to stay whole
        reports = verify_pdf(self.opened.report_pdf, self.trusted, trust_later=False)
        self.report_signatures = reports
        if not reports:
            return Text("报告未签署", "the report is not signed")
        for r in reports:
            if not (r.intact and r.valid and r.covers_whole_document):
                bad = list(r.problems) or [Text("签名不成立", "the signature does not hold")]
                return Text(
                    f"报告的签名（{r.signer_name}）不成立：{_joined(bad).zh}",  # type: ignore[union-attr]
                    f"the report's signature ({r.signer_name}) does not hold: {_joined(bad).en}",  # type: ignore[union-attr]
                )
            if r.certificates:
                self._judge_signer(r.certificates[0], list(r.certificates[1:]), r.signing_time, package=False)
            if not r.trusted:
                self.trust_problems.append(
                    Text(
                        f"报告签署人 {r.signer_name} 的证书不在信任列表中",
                        f"the report's signer {r.signer_name} is not trusted",
                    )
                )
        report = self.doc.get("report")
        if not isinstance(report, dict) or report.get("sha256") != self.report_sha:
            return Text(
                "case.json 记录的报告与案例包中的报告不是同一份", "case.json names another report than the one carried"
            )
        if self.sealed is not None and self.sealed.get("fingerprint") != reports[0].fingerprint:
            return Text(
                "报告的签署人与审计链记录的签署人不同", "the report's signer is not the signer the audit chain names"
            )
        self._note_other_signer(reports[0])
        return None

    def _note_other_signer(self, report: Any) -> None:
        """A package signed by someone else than its report (a colleague forwarding it, say): allowed, said."""
        f = self.found
        if not f.signer_fingerprint or report.fingerprint == f.signer_fingerprint:
            return
        from cityeval_desktop.domain.fingerprints import short_fingerprint

        package = f"{f.signer_name or '-'}（{short_fingerprint(f.signer_fingerprint)}）"
        package_en = f"{f.signer_name or '-'} ({short_fingerprint(f.signer_fingerprint)})"
        signed = f"{report.signer_name or '-'}（{short_fingerprint(report.fingerprint)}）"
        signed_en = f"{report.signer_name or '-'} ({short_fingerprint(report.fingerprint)})"
        f.notes.append(
            Text(
                f"案例包的签署人 {package} 不是报告的签署人 {signed}：案例包由另一人签署发出，请确认这是预期的",
                f"the package was signed by {package_en}, not by the report's signer {signed_en}: someone else "
                "sent it; make sure that is expected",
            )
        )

    def _content(self) -> Text | None:
        from cityeval_desktop.signing.report_seal import read_report_seal

        if self.sealed is None:
            return Text("审计链未记录报告签署", "the audit chain records no report signing")
        seal = read_report_seal(self.opened.report_pdf, self.report_signatures)
        content, digest = self.sealed.get("content"), self.sealed.get("content_sha256")
        carried = self.doc.get("finalized_content")
        if content is None and digest is None and carried is None and seal is not None and seal.content_sha256 is None:
            # finalized before content hashes were recorded: the answers of case.json stand for it
            self.found.rows = _rows_from_case_json(self.doc)
            return None
        if seal is None or seal.content_sha256 is None or seal.content_sha256 != digest:
            return Text(
                "签署的报告中封存的内容哈希与审计链记录的不符",
                "the content hash sealed in the signed report does not match the one the audit chain records",
            )
        if (
            not isinstance(carried, dict)
            or carried.get("content") != content
            or carried.get("content_sha256") != digest
        ):
            return Text(
                "case.json 中的定稿内容与审计链记录的不符",
                "the finalized content in case.json does not match the one the audit chain records",
            )
        if not isinstance(content, dict) or content_hash(_plain(content)) != digest:
            return Text("定稿内容与其哈希值不符", "the finalized content does not match its hash")
        try:
            rows = case_from_content(_plain(content))
        except ContentError as exc:
            return Text(f"定稿内容中的 {exc.field} 无效", f"the finalized content has an invalid {exc.field}")
        if rows.case_uuid != self.found.case_uuid or rows.revision != self.found.revision:
            return Text("定稿内容属于另一个案例或修订版本", "the finalized content is of another case or revision")
        if revision_content(rows, content.get("form")) != _plain(content):
            return Text("定稿内容无法还原", "the finalized content cannot be rebuilt")
        self.found.rows = rows
        return None

    def _result(self) -> Text | None:
        rows, framework = self.found.rows, self.found.framework
        if rows is None or framework is None:
            return Text("无法复算：前面的检查未通过", "cannot recompute: an earlier check failed")
        if rows.framework_sha256 != framework.sha256 or rows.tier not in {t.id for t in framework.tiers}:
            return Text("定稿内容与所附评估框架不符", "the finalized content does not fit the framework carried")
        _dates_from(self.doc, rows)
        rows.status = "finalized"
        from cityeval_desktop.services.case_data import CarriedError, carried_case_data

        recorded = self.sealed.get("content") if isinstance(self.sealed, dict) else None
        form = recorded.get("form") if isinstance(recorded, dict) else None
        form3 = isinstance(form, int) and form >= 3
        try:
            # (form 3 contents carry the case data and each file's date themselves: case.json must agree
            # with them; before, case.json's are taken, checked)
            carried_case_data(self.doc, rows, recorded=form3)
            if not form3:
                _carried_evidence_dates(self.doc, rows)
        except CarriedError as exc:
            return Text(f"case.json 中的 {exc.field} 无效", f"case.json has an invalid {exc.field}")
        try:
            detail = detail_with(framework, rows)
        except DomainError as exc:
            return _error_text(exc)
        # a package written before the cityeval-framework/2 result keys, or before the case-data keys of
        # issue 11, lacks them; every other figure is compared
        computed = _normalised(without_missing_additions(case_json(detail), self.doc))
        shown = _normalised({k: self.doc.get(k) for k in computed if k in self.doc or k not in CASE_JSON_ADDED})
        for item in shown.get("evidence") or []:
            if isinstance(item, dict):
                item.pop("path", None)
        for record in shown.get("inspections") or []:
            for item in record.get("attachments") or [] if isinstance(record, dict) else []:
                if isinstance(item, dict):
                    item.pop("path", None)
        computed = _as_carried(computed, shown)
        for key in computed:
            if computed[key] != shown.get(key):
                return Text(
                    f"case.json 的 {key} 与按定稿内容复算的结果不符（报告与 case.json 不一致）",
                    f"the {key} of case.json differs from the result recomputed from the finalized content "
                    "(case.json disagrees with the report)",
                )
        r = detail.result
        self.found.grade, self.found.total = r.grade_id, str(r.total_shown)
        self.found.figures = cached_figures(r)
        self.found.total_hundredths, self.found.dimensions = int(r.total_shown * 100), dimension_figures(r)
        return None

    def _evidence(self) -> Text | None:
        rows = self.found.rows
        carried = {sha: size for _, sha, size in self.opened.evidence}
        self.found.evidence_count = len(carried)
        self.found.evidence_bytes = sum(carried.values())
        if rows is None:
            return Text("无法核对证据：前面的检查未通过", "cannot check the evidence: an earlier check failed")
        listed = {e.sha256: e.size for e in rows.evidence}
        attachments = [f for i in rows.inspections for f in case_repo.inspection_of(i).attachments]
        listed.update({f.sha256: f.size for f in attachments})
        for sha, size in sorted(listed.items()):
            if sha not in carried:
                return Text(f"案例包缺少证据文件 {sha[:12]}", f"the package lacks the evidence file {sha[:12]}")
            if carried[sha] != size:
                return Text(f"证据文件 {sha[:12]} 的大小不符", f"the evidence file {sha[:12]} has the wrong size")
        extra = sorted(set(carried) - set(listed))
        if extra:
            return Text(f"案例包中有未登记的证据文件 {extra[0][:12]}", f"an evidence file not listed: {extra[0][:12]}")
        paths = {p for p, _, _ in self.opened.evidence}
        for item in self.doc.get("evidence") or []:
            if not isinstance(item, dict) or item.get("path") not in paths:
                return Text(
                    "case.json 的证据索引指向不存在的文件", "the evidence index of case.json names a missing file"
                )
        for record in self.doc.get("inspections") or []:
            for item in record.get("attachments") or []:
                if item.get("path") not in paths:
                    return Text(
                        "case.json 的现场核查附件指向不存在的文件",
                        "an inspection attachment of case.json names a missing file",
                    )
        return None


# ----------------------------------------------------------------------------- helpers
#: Keys ``case show --json`` gained after packages were first written, by where they sit. A package
#: made before carries none of them; its case.json is compared without them (what it does carry must
#: agree). Top level, then the items of ``result.indicators`` and of ``evidence``.
CASE_JSON_ADDED = frozenset({"vetoes", "flags"}) | CASE_DATA_KEYS
CASE_JSON_ADDED_RESULT: frozenset[str] = frozenset()
CASE_JSON_ADDED_INDICATOR = frozenset({"ground", "verification"})
CASE_JSON_ADDED_EVIDENCE = frozenset({"kind", "veto", "verification", "dated", "outside_window"})


def _as_carried(computed: dict[str, Any], shown: dict[str, Any]) -> dict[str, Any]:
    """``computed`` without the added keys that an older package's case.json does not carry."""
    out = {k: v for k, v in computed.items() if k in shown or k not in CASE_JSON_ADDED}
    result, carried = out.get("result"), shown.get("result")
    if isinstance(result, dict) and isinstance(carried, dict):
        result = {k: v for k, v in result.items() if k in carried or k not in CASE_JSON_ADDED_RESULT}
        result["indicators"] = _items_as_carried(
            result.get("indicators"), carried.get("indicators"), CASE_JSON_ADDED_INDICATOR
        )
        out["result"] = result
    out["evidence"] = _items_as_carried(out.get("evidence"), shown.get("evidence"), CASE_JSON_ADDED_EVIDENCE)
    return out


def _items_as_carried(items: Any, carried: Any, added: frozenset[str]) -> Any:
    if not isinstance(items, list) or not isinstance(carried, list) or len(items) != len(carried):
        return items
    return [
        {k: v for k, v in item.items() if k in other or k not in added}
        if isinstance(item, dict) and isinstance(other, dict)
        else item
        for item, other in zip(items, carried, strict=True)
    ]


#: trail entries that record something done with an existing (finalized) revision after later ones
#: were begun, so their revision number may be lower than the entry before them
_ABOUT_AN_EARLIER_REVISION = frozenset({"package.export"})


def _forged_issuer(cert: x509.Certificate, trusted: list[x509.Certificate]) -> Text | None:
    """A certificate naming a trusted CA as its issuer that the CA's key did not sign: forged or altered.

    Such a signer is never to be trusted by hand (the clerk would be trusting the forgery), so it is
    refused outright, not reported as merely unknown.
    """
    namesakes = [t for t in trusted if t.subject == cert.issuer and t != cert]
    if not namesakes:
        return None
    for ca in namesakes:
        try:
            cert.verify_directly_issued_by(ca)
            return None
        except (ValueError, TypeError, InvalidSignature):
            continue
    issuer = cert.issuer.rfc4514_string()
    return Text(
        f"证书自称由受信任的证书机构“{issuer}”签发，但不是该机构的密钥签发的：证书是伪造或被改动的，不予接受；"
        "请勿把它或它的签发机构加入信任列表",
        f"the certificate claims the trusted CA '{issuer}' as its issuer but that CA's key did not sign it: it is "
        "forged or altered and is not accepted; do not add it or its issuer to the trust list",
    )


_FRAMEWORKS: dict[str, Framework] = {}
_MAX_CACHED = 16


def _framework(raw: bytes) -> Framework:
    """The framework of a text, parsed once per process (an import of many packages shares a few)."""
    key = hashlib.sha256(raw).hexdigest()
    found = _FRAMEWORKS.get(key)
    if found is None:
        found = load_bytes(raw, "data/framework.yaml")
        if len(_FRAMEWORKS) >= _MAX_CACHED:
            _FRAMEWORKS.pop(next(iter(_FRAMEWORKS)))
        _FRAMEWORKS[key] = found
    return found


def _joined(texts: list[Text]) -> Text | None:
    if not texts:
        return None
    return Text("；".join(t.zh for t in texts), "; ".join(t.en for t in texts))


def _shown(value: Any) -> str:
    return str(value)[:80]


def _plain(value: Any) -> Any:
    """JSON values as the content was hashed: the package reader gives numbers as Decimal."""
    from decimal import Decimal

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    return value


def _normalised(value: Any) -> Any:
    """Both sides of a comparison as the same JSON text reads back (numbers compared by value)."""
    from decimal import Decimal

    return json.loads(json.dumps(_plain(value), ensure_ascii=False, default=str), parse_float=Decimal)


_MAX_DATE_TEXT = 40


def _date(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) > _MAX_DATE_TEXT:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _dates_from(doc: dict[str, Any], rows: Case) -> None:
    """The revision's dates, as the exporting database stored them (they are not part of the content)."""
    rows.created_at = _date(doc.get("created_at")) or datetime.fromtimestamp(0).astimezone()
    rows.updated_at = _date(doc.get("updated_at")) or rows.created_at
    rows.finalized_at = _date(doc.get("finalized_at"))
    items = [i for i in doc.get("evidence") or [] if isinstance(i, dict)]
    place = {(i.get("indicator"), i.get("sha256"), i.get("name"), i.get("veto")): n for n, i in enumerate(items)}
    for row in rows.evidence:
        n = place.get((row.indicator_id, row.sha256, row.original_name, row.veto_id))
        if n is None:  # a case.json that does not say which veto a file belongs to
            n = place.get((row.indicator_id, row.sha256, row.original_name, None))
        row.added_at = (_date(items[n].get("added_at")) if n is not None else None) or rows.created_at
    # in the order they were attached (the case.json order), as the exporting database lists them
    rows.evidence.sort(key=lambda r: place.get((r.indicator_id, r.sha256, r.original_name, r.veto_id), len(items)))


def _carried_evidence_dates(doc: dict[str, Any], rows: Case) -> None:
    """The date each file proves, from case.json (a revision finalized before content form 3 did not
    record it); each one ``YYYY-MM-DD`` or null.

    Raises:
        CarriedError: A date that is not one.
    """
    from cityeval_desktop.services.case_data import CarriedError

    items = [i for i in doc.get("evidence") or [] if isinstance(i, dict)]
    place = {(i.get("indicator"), i.get("sha256"), i.get("name"), i.get("veto")): n for n, i in enumerate(items)}
    for row in rows.evidence:
        n = place.get((row.indicator_id, row.sha256, row.original_name, row.veto_id))
        value = items[n].get("dated") if n is not None else None
        if value is None:
            continue
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError(value)
            row.dated = date.fromisoformat(value)
        except ValueError:
            raise CarriedError(f"evidence[{n}].dated") from None


def _rows_from_case_json(doc: dict[str, Any]) -> Case:
    """A revision finalized before content hashes were recorded: its rows from case.json's answers."""
    from cityeval_desktop.store.audit import canonical_json

    answers = doc.get("answers") if isinstance(doc.get("answers"), dict) else {}
    result = doc.get("result") if isinstance(doc.get("result"), dict) else {}
    vetoes = result.get("vetoes") if isinstance(result.get("vetoes"), dict) else {}
    content = {
        "form": 1,
        "case": doc.get("case_id"),
        "revision": doc.get("revision"),
        "entity": doc.get("entity"),
        "framework": doc.get("framework"),
        "category": doc.get("category"),
        "tier": doc.get("tier"),
        "mode": doc.get("mode"),
        "assessor": doc.get("assessor") or "",
        "amend_reason": doc.get("amend_reason"),
        "answers": [
            {
                "indicator": ind,
                "value": None if a.get("value") is None else canonical_json(_plain(a.get("value"))),
                "not_applicable": a.get("not_applicable"),
                "reason": a.get("reason"),
                "note": a.get("note"),
            }
            for ind, a in sorted(answers.items())
            if isinstance(a, dict)
        ],
        "vetoes": [{"veto": v, "decided": d, "note": None} for v, d in sorted(vetoes.items()) if d is not None],
        "evidence": [
            {k: _plain(e.get(k)) for k in ("indicator", "sha256", "name", "size", "media_type")}
            for e in doc.get("evidence") or []
            if isinstance(e, dict)
        ],
    }
    try:
        return case_from_content(content)
    except ContentError as exc:
        raise InputError.one(
            Text(f"case.json 中的 {exc.field} 无效", f"case.json has an invalid {exc.field}"), "data/case.json"
        ) from None


__all__ = [
    "LABELS",
    "ORDER",
    "Check",
    "PackageCheck",
    "check_package",
    "trust_anchors",
]
