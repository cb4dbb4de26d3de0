"""``cityeval`` commands for identities, the agency CA, trust, signed reports and workbooks."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from cityeval_desktop.cli.context import command_context
from cityeval_desktop.cli.output import Out, table
from cityeval_desktop.domain.fingerprints import short_fingerprint
from cityeval_desktop.domain.text import Text
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError

PASSWORD_ENV = "CITYEVAL_PASSWORD"
#: the organisation identity's password at ``case finalize --org-identity`` (else $CITYEVAL_PASSWORD, else a prompt)
ORG_PASSWORD_ENV = "CITYEVAL_ORG_PASSWORD"
#: ``ca revoke --reason`` (RFC 5280 names; equal to services/revocation.py REASON_NAMES, which a test checks;
#: not imported from there so that parsing the command line does not load the cryptography libraries)
REVOCATION_REASONS = ("unspecified", "keyCompromise", "affiliationChanged", "superseded", "cessationOfOperation")


def _ctx(args: argparse.Namespace) -> AppContext:
    return command_context(args)


def read_password(out: Out, what: str, *, confirm: bool = False) -> str:
    """The password from $CITYEVAL_PASSWORD, else a prompt (twice when creating)."""
    env = os.environ.get(PASSWORD_ENV)
    if env is not None:
        if not env:
            raise InputError.one(Text("密码不能为空", "the password must not be empty"), PASSWORD_ENV)
        return env
    if not sys.stdin.isatty():
        raise InputError.one(
            Text(
                f"需要 {what} 的密码：请在终端中运行，或设置环境变量 {PASSWORD_ENV}",
                f"a password for {what} is needed: run in a terminal or set {PASSWORD_ENV}",
            ),
            what,
        )
    first = getpass.getpass(out.t(f"{what} 的密码：", f"Password for {what}: "))
    if confirm:
        second = getpass.getpass(out.t("再次输入密码：", "Repeat the password: "))
        if first != second:
            raise InputError.one(Text("两次输入的密码不一致", "the passwords do not match"), what)
    if not first:
        raise InputError.one(Text("密码不能为空", "the password must not be empty"), what)
    return first


def _load_identity(out: Out, path: Path) -> Any:
    from cityeval_desktop.services.identities import load_signing_identity

    return load_signing_identity(path, read_password(out, str(path)))


# ----------------------------------------------------------------------------- identity / CA / trust
def identity_new(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.identities import create_identity, organisation_subject_problem

    if args.org_identity:
        problem = organisation_subject_problem(args.org, args.uscc)
        if problem is not None:  # before the password prompt
            raise InputError.one(problem, "--org-identity")
    elif not (args.name or "").strip():
        raise InputError.one(
            Text(
                "请用 --name 写明签署人姓名（机构身份用 --org-identity --org 单位 --uscc 代码）",
                "give the signer's name with --name (an organisation identity: --org-identity --org ORG --uscc CODE)",
            ),
            "--name",
        )
    identity = create_identity(
        None,
        args.out,
        name=args.name or "",
        org=args.org,
        uscc=args.uscc,
        password=read_password(out, str(args.out), confirm=True),
        organisation_identity=args.org_identity,
    )
    if identity.is_organisation and args.org_identity:
        out.line(
            out.t(
                f"已创建机构身份：{args.out}（{identity.name}，统一社会信用代码 {identity.uscc}，"
                f"证书指纹 {identity.fingerprint}）；请生成证书请求（identity csr）交机构 CA 签发",
                f"organisation identity created: {args.out} ({identity.name}, unified social credit code "
                f"{identity.uscc}, certificate fingerprint {identity.fingerprint}); make a certificate request "
                "(identity csr) for the agency CA to issue",
            )
        )
        return 0
    out.line(
        out.t(
            f"已创建身份：{args.out}（{identity.name}，证书指纹 {identity.fingerprint}）",
            f"identity created: {args.out} ({identity.name}, certificate fingerprint {identity.fingerprint})",
        )
    )
    return 0


def identity_csr(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.identities import make_csr

    make_csr(args.identity, read_password(out, str(args.identity)), args.out)
    out.line(
        out.t(
            f"已写出证书签发请求：{args.out}（交给机构 CA 签发）",
            f"certificate request written: {args.out} (send it to the agency CA)",
        )
    )
    return 0


def identity_install_cert(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.identities import install_certificate

    identity = install_certificate(None, args.identity, read_password(out, str(args.identity)), args.cert)
    issuer = identity.issuer
    out.line(
        out.t(
            f"已安装证书：{identity.name}，签发者 {issuer}，指纹 {identity.fingerprint}",
            f"certificate installed: {identity.name}, issued by {issuer}, fingerprint {identity.fingerprint}",
        )
    )
    return 0


def identity_export_cert(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.identities import export_certificate

    identity = export_certificate(None, args.identity, read_password(out, str(args.identity)), args.out)
    out.line(
        out.t(
            f"已导出证书：{args.out}（{identity.name}，指纹 {identity.fingerprint}）",
            f"certificate exported: {args.out} ({identity.name}, fingerprint {identity.fingerprint})",
        )
    )
    return 0


def ca_init(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.identities import init_agency_ca

    ca = init_agency_ca(args.out, name=args.name, password=read_password(out, str(args.out), confirm=True))
    out.line(
        out.t(
            f"已创建机构 CA：{ca.p12}（私钥，妥善保管）和 CA 证书 {ca.pem}（公开，发给评估人员和验证方）；"
            f"{ca.name}，指纹 {ca.fingerprint}",
            f"agency CA created: {ca.p12} (private: keep it safe) and its certificate {ca.pem} (public: hand it to "
            f"assessors and verifiers); {ca.name}, fingerprint {ca.fingerprint}",
        )
    )
    return 0


def ca_issue(args: argparse.Namespace, out: Out) -> int:
    from datetime import UTC, datetime, timedelta

    from cityeval_desktop.services.identities import issue_certificate

    ctx = _ctx(args)
    cert = issue_certificate(args.ca, read_password(out, str(args.ca)), args.csr, args.out, days=args.days, ctx=ctx)
    until = cert.not_valid_after_utc
    out.line(
        out.t(
            f"已签发证书：{args.out}（{cert.subject.rfc4514_string()}），有效期至 {until:%Y-%m-%d %H:%M} UTC",
            f"certificate issued: {args.out} ({cert.subject.rfc4514_string()}), valid until {until:%Y-%m-%d %H:%M} UTC",
        )
    )
    if until < datetime.now(UTC) + timedelta(days=args.days) - timedelta(days=1):
        out.warning(
            out.t(
                f"有效期已缩短到证书机构自身的有效期（请求 {args.days} 天）",
                f"the validity was cut to the CA's own (asked for {args.days} days)",
            )
        )
    return 0


def ca_revoke(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.revocation import revoke_certificate

    ctx = _ctx(args)
    done = revoke_certificate(ctx, args.ca, read_password(out, str(args.ca)), args.cert, reason=args.reason)
    when, why = _moment(done.revoked_at), _reason(out, done.reason)
    if done.already:
        out.line(
            out.t(
                f"该证书已于 {when} 吊销（原因：{why}），未重复记录：{done.name}（序列号 {done.serial}）",
                f"already revoked on {when} (reason: {why}); nothing recorded again: {done.name} "
                f"(serial {done.serial})",
            )
        )
    else:
        out.line(
            out.t(
                f"已吊销：{done.name}（序列号 {done.serial}，原因：{why}，{when}）",
                f"revoked: {done.name} (serial {done.serial}, reason: {why}, {when})",
            )
        )
    if done.published is not None:
        out.line(
            out.t(
                f"本数据库信任该 CA：已把新的吊销列表（编号 {done.published.crl_number}）加入信任列表，"
                "本机的验证和导入立即拒绝该证书在吊销之后的签名",
                f"this database trusts the CA: its fresh revocation list (number {done.published.crl_number}) was "
                "added to the trust list, so verification and import here refuse signatures made after the revocation",
            )
        )
    elif not done.ca_trusted:
        out.line(
            out.t(
                "本数据库未信任该 CA，未更新本机的吊销列表",
                "this database does not trust the CA, so no revocation list was added here",
            )
        )
    _print_distrusted(out, done.distrusted)
    out.line(
        out.t(
            "请写出吊销列表并发给各验证方，由对方加入其信任列表",
            "write the revocation list with `ca crl` and send it to every verifier (they import it with `trust add`)",
        )
    )
    return 0


def _print_distrusted(out: Out, refs: tuple[str, ...]) -> None:
    """Imported revisions a new revocation list showed to be signed after a revocation."""
    for ref in refs:
        out.warning(
            out.t(
                f"已导入的 {ref} 是在签署人证书吊销之后签署的，已标记为未验证",
                f"the imported {ref} was signed after its signer's certificate was revoked; it is now marked "
                "UNVERIFIED",
            )
        )


def ca_crl(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.revocation import write_crl

    written = write_crl(_ctx(args), args.ca, read_password(out, str(args.ca)), args.out, days=args.days)
    out.line(
        out.t(
            f"已写出吊销列表：{written.path}（编号 {written.crl_number}，吊销 {written.revoked} 个证书，"
            f"下次更新 {_moment(written.next_update)} 之前）",
            f"revocation list written: {written.path} (number {written.crl_number}, {written.revoked} revoked, "
            f"next update by {_moment(written.next_update)})",
        )
    )
    if written.published is not None:
        out.line(
            out.t(
                "本数据库信任该 CA：同一吊销列表也已加入本机的信任列表",
                "this database trusts the CA: the same list was also added to the trust list here",
            )
        )
    return 0


def _moment(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value is not None else "-"


def _reason(out: Out, reason: str) -> str:
    from cityeval_desktop.services.revocation import reason_words

    return reason_words(reason).get(out.lang)


def trust_add(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.trust_store import NamesakeCaError, add_trust_file

    ctx = _ctx(args)
    try:
        added = add_trust_file(ctx, args.cert, allow_expired=args.allow_expired, allow_namesake=args.force)
    except NamesakeCaError as exc:
        out.errors_of(exc.lines(out.lang))
        out.error(
            out.t(
                "如确知该机构更换了密钥或确有同名的另一家机构，请加上 --force 重试",
                "if you know the CA changed its key, or there really is a second CA of that name, run again "
                "with --force",
            )
        )
        return 1
    for _subject, entry in (args.force and _namesakes_of(ctx, added.certificates)) or []:
        out.warning(
            out.t(
                f"已按确认加入：信任列表中另有同名的证书机构（指纹 {short_fingerprint(entry.fingerprint)}），"
                "两者无法凭名称区分；若旧证书已不再使用，请将其移出信任列表",
                f"added as confirmed: another trusted CA has the same name (fingerprint "
                f"{short_fingerprint(entry.fingerprint)}) and the two cannot be told apart by it; remove the old "
                "one if it is no longer used",
            )
        )
    for entry in added.certificates:
        out.line(
            out.t(
                f"已信任：{entry.subject}（指纹 {entry.fingerprint}）",
                f"trusted: {entry.subject} (fingerprint {entry.fingerprint})",
            )
        )
    if added.crl is not None:
        e = added.crl.entry
        if added.crl.already:
            out.line(
                out.t(
                    f"该吊销列表已在信任列表中，未做修改：{e.issuer}（编号 {e.crl_number}）",
                    f"this revocation list is in the trust list already; nothing changed: {e.issuer} "
                    f"(number {e.crl_number})",
                )
            )
        else:
            out.line(
                out.t(
                    f"已加入吊销列表：{e.issuer}（编号 {e.crl_number}，吊销 {e.revoked} 个证书，"
                    f"发布于 {_moment(e.this_update)}）",
                    f"revocation list added: {e.issuer} (number {e.crl_number}, {e.revoked} revoked, "
                    f"issued {_moment(e.this_update)})",
                )
            )
        if added.crl.note is not None:
            out.warning(added.crl.note.get(out.lang))
        _print_distrusted(out, added.crl.distrusted)
    return 0


def _namesakes_of(ctx: AppContext, entries: list[Any]) -> list[tuple[str, Any]]:
    """Trusted CAs of the same name as one of ``entries`` (after a confirmed ``trust add --force``)."""
    from cityeval_desktop.services.trust_store import list_trusted

    ours = {e.fingerprint for e in entries}
    wanted = {e.subject for e in entries if e.is_ca}
    return [(e.subject, e) for e in list_trusted(ctx) if e.is_ca and e.subject in wanted and e.fingerprint not in ours]


def trust_remove(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.trust_store import remove_from_trust

    removed = remove_from_trust(_ctx(args), args.fingerprint)
    entry = removed.entry
    out.line(
        out.t(
            f"已移出信任列表：{entry.subject}（指纹 {entry.fingerprint}）",
            f"no longer trusted: {entry.subject} (fingerprint {entry.fingerprint})",
        )
    )
    if removed.lists_removed:
        out.line(
            out.t(
                f"该 CA 的 {removed.lists_removed} 个吊销列表也已移除；若重新信任该 CA，请同时重新加入其最新吊销列表",
                f"its {removed.lists_removed} revocation list(s) were removed too; if you trust this CA again, add "
                "its latest revocation list again as well",
            )
        )
    return 0


def trust_list(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.revocation import list_revocation_lists
    from cityeval_desktop.services.trust_store import list_trusted

    ctx = _ctx(args)
    entries = list_trusted(ctx)
    lists = list_revocation_lists(ctx)
    if args.json:
        out.json(
            [
                {
                    "kind": "certificate",
                    "fingerprint": e.fingerprint,
                    "subject": e.subject,
                    "issuer": e.issuer,
                    "is_ca": e.is_ca,
                    "not_before": e.not_before.isoformat(),
                    "not_after": e.not_after.isoformat(),
                }
                for e in entries
            ]
            + [
                {
                    "kind": "crl",
                    "sha256": c.sha256,
                    "issuer": c.issuer,
                    "issuer_fingerprint": c.issuer_fingerprint,
                    "crl_number": c.crl_number,
                    "this_update": c.this_update.isoformat(),
                    "next_update": c.next_update.isoformat() if c.next_update else None,
                    "revoked": c.revoked,
                    "current": c.current,
                }
                for c in lists
            ]
        )
        return 0
    if not entries:
        out.line(
            out.t(
                "信任列表为空。用 `cityeval trust add CERT.pem` 添加。",
                "The trust list is empty. Add with `cityeval trust add CERT.pem`.",
            )
        )
        return 0
    rows = [
        [
            e.subject,
            "CA" if e.is_ca else out.t("个人", "signer"),
            e.not_after.date().isoformat(),
            short_fingerprint(e.fingerprint),
        ]
        for e in entries
    ]
    for line in table(
        [
            out.t("主体", "subject"),
            out.t("类型", "kind"),
            out.t("有效期至", "valid until"),
            out.t("指纹", "fingerprint"),
        ],
        rows,
    ):
        out.line(line)
    if lists:
        out.line()
        crl_rows = [
            [
                c.issuer,
                str(c.crl_number) if c.crl_number is not None else "-",
                _moment(c.this_update),
                _moment(c.next_update),
                str(c.revoked),
                out.t("使用中", "current") if c.current else out.t("已被取代", "superseded"),
            ]
            for c in lists
        ]
        for line in table(
            [
                out.t("吊销列表签发者", "revocation list of"),
                out.t("编号", "number"),
                out.t("发布于", "issued"),
                out.t("下次更新", "next update"),
                out.t("吊销数", "revoked"),
                out.t("状态", "status"),
            ],
            crl_rows,
            right={1, 4},
        ):
            out.line(line)
    return 0


def verify_pdf(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.signatures import read_pdf, verify_signed_pdf

    data = read_pdf(Path(args.file))  # an unreadable file is reported before the database is opened
    ctx = _ctx(args)
    reports = verify_signed_pdf(ctx, Path(args.file), args.trust or [], data=data).signatures
    if not reports:
        out.error(out.t(f"{args.file}：没有数字签名", f"{args.file}: the PDF carries no signature"))
        return 1
    from cityeval_desktop.domain.wording import local_datetime, zone_words
    from cityeval_desktop.services.signatures import coverage_text, role_title

    failed = False
    out.line(out.t(f"共 {len(reports)} 个签名（按签署顺序）：", f"{len(reports)} signature(s), in signing order:"))
    for n, r in enumerate(reports, start=1):
        failed |= not r.ok
        when = "-"
        if r.signing_time:
            local, zone = local_datetime(r.signing_time, seconds=True), zone_words()
            when = out.t(f"{local}（{zone}）", f"{local} ({zone})")
        role = role_title(r)
        out.line(
            f"{out.t('签名', 'Signature')} {n} {r.field_name}"
            + (f" [{role.get(out.lang)}]" if role is not None else "")
            + f": {r.signer_name}"
            + (f" ({r.organisation})" if r.organisation else "")
        )
        out.line(f"  {out.t('签署时间', 'Signing time')}: {when}")
        out.line(f"  {out.t('证书指纹', 'Fingerprint')}: {r.fingerprint}")
        out.line(f"  {out.t('完整性', 'Integrity')}: " + coverage_text(r).get(out.lang))
        out.line(
            f"  {out.t('签名有效性', 'Signature')}: "
            + (out.t("有效", "valid") if r.valid else out.t("无效", "INVALID"))
        )
        out.line(
            f"  {out.t('信任', 'Trust')}: "
            + (
                out.t("签署人可信", "signer trusted")
                if r.trusted
                else out.t("签署人不在信任列表中", "signer NOT trusted")
            )
        )
        if r.revocation is not None:
            out.line(
                f"  {out.t('吊销', 'Revocation')}: "
                + out.t("签署人证书在签署时已被吊销，不予接受", "signer's certificate REVOKED before signing")
            )
        for note in r.notes:
            out.warning(f"{args.file}: {note.get(out.lang)}")
        for p in r.problems:
            out.error(f"{args.file}: {p.get(out.lang)}")
    from cityeval_desktop.cli.certificate_commands import show_certificate

    failed |= show_certificate(out, ctx, str(args.file), reports)  # a result certificate's own checks
    if failed:
        out.error(out.t(f"{args.file}：验证未通过", f"{args.file}: verification FAILED"))
        return 1
    out.line(out.t("验证通过", "verification passed"))
    return 0


# ----------------------------------------------------------------------------- finalize / reports
def _signer_hint(out: Out, exc: Exception) -> None:
    """After a refused self-check signer: how to go on (the service's words name no option)."""
    out.error(
        out.t(
            "如确需以此身份签署，请加上 --confirm-signer-mismatch 重试（报告上将注明签署人单位与被评估主体不一致）",
            "to sign with this identity anyway, run again with --confirm-signer-mismatch (the report will say "
            "that the signer's organisation is not the assessed entity)",
        )
    )


def _mismatch_warning(out: Out, mismatch: Any) -> None:
    if mismatch is not None:
        out.warning(mismatch.note.get(out.lang))


def read_org_password(out: Out, what: str) -> str:
    """The organisation identity's password: $CITYEVAL_ORG_PASSWORD, else $CITYEVAL_PASSWORD, else a prompt."""
    env = os.environ.get(ORG_PASSWORD_ENV)
    if env is not None:
        if not env:
            raise InputError.one(Text("密码不能为空", "the password must not be empty"), ORG_PASSWORD_ENV)
        return env
    if os.environ.get(PASSWORD_ENV) is None and not sys.stdin.isatty():
        raise InputError.one(
            Text(
                f"需要机构身份 {what} 的密码：请在终端中运行，或设置环境变量 {ORG_PASSWORD_ENV}",
                f"a password for the organisation identity {what} is needed: run in a terminal or set "
                f"{ORG_PASSWORD_ENV}",
            ),
            what,
        )
    return read_password(out, what)


def case_finalize(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.identities import load_signing_identity
    from cityeval_desktop.services.reporting import SignerMismatchError, finalize_and_sign
    from cityeval_desktop.services.results import finalize_warnings

    ctx = _ctx(args)
    detail = case_service.load_case(ctx, args.case)  # a bad case id is reported before the password prompt
    for warning in finalize_warnings(detail):  # (not a reason to refuse: said before signing)
        out.warning(warning.message.get(out.lang))
    identity = _load_identity(out, args.identity)
    org_identity = None
    if args.org_identity is not None:
        org_identity = load_signing_identity(args.org_identity, read_org_password(out, str(args.org_identity)))
    try:
        result = finalize_and_sign(
            ctx,
            args.case,
            identity,
            lang=args.report_lang or out.lang,
            confirm_signer_mismatch=args.confirm_signer_mismatch,
            org_identity=org_identity,
        )
    except SignerMismatchError as exc:
        out.errors_of(exc.lines(out.lang))
        _signer_hint(out, exc)
        return 1
    _mismatch_warning(out, result.signer_mismatch)
    s = result.detail.summary
    out.line(
        out.t(
            f"已定稿并签署：{s.case_uuid} 第 {s.revision} 版；报告 sha256 {result.report_sha256}",
            f"finalized and signed: {s.case_uuid} revision {s.revision}; report sha256 {result.report_sha256}",
        )
    )
    if result.org_name:
        out.line(
            out.t(
                f"签名顺序：评估组长 {result.signer_name}，评估机构 {result.org_name}；"
                "审核人可用 report countersign 加签",
                f"signed by: lead assessor {result.signer_name}, then the organisation {result.org_name}; the "
                "reviewer may countersign with `report countersign`",
            )
        )
    return 0


def report_countersign(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.reporting import countersign

    ctx = _ctx(args)
    case_service.load_case(ctx, args.case)  # a bad case id is reported before the password prompt
    result = countersign(ctx, args.case, _load_identity(out, args.identity))
    s = result.detail.summary
    out.line(
        out.t(
            f"审核人 {result.signer_name} 已加签：{s.case_uuid} 第 {s.revision} 版；报告 sha256 "
            f"{result.old_sha256} → {result.report_sha256}",
            f"countersigned by the reviewer {result.signer_name}: {s.case_uuid} revision {s.revision}; report "
            f"sha256 {result.old_sha256} -> {result.report_sha256}",
        )
    )
    return 0


def report_pdf(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.reporting import (
        SignerMismatchError,
        check_self_signer,
        render_report,
        write_atomically,
    )

    ctx = _ctx(args)
    detail = case_service.load_case(ctx, args.case)
    identity = _load_identity(out, args.identity) if args.identity else None
    try:
        data = render_report(
            ctx,
            args.case,
            lang=args.report_lang or out.lang,
            identity=identity,
            confirm_signer_mismatch=args.confirm_signer_mismatch,
        )
    except SignerMismatchError as exc:
        out.errors_of(exc.lines(out.lang))
        _signer_hint(out, exc)
        return 1
    if identity is not None and detail.summary.is_draft:
        _mismatch_warning(out, check_self_signer(detail, identity, confirmed=True))
    write_atomically(args.out, data)
    out.line(out.t(f"已写出报告：{args.out}", f"report written: {args.out}"))
    return 0


def report_xlsx(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.domain.wording import count as plural
    from cityeval_desktop.services.reporting import write_workbook

    count = write_workbook(_ctx(args), args.cases, args.out, args.report_lang or out.lang)
    out.line(
        out.t(
            f"已写出工作簿：{args.out}（{count} 个案例）",
            f"workbook written: {args.out} ({plural(count, 'case')})",
        )
    )
    return 0


def _json_default(value: Any) -> Any:
    return str(value)


def dump_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)


# ----------------------------------------------------------------------------- framework workbooks
def forms_export_xlsx(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.workbooks import export_framework_workbook

    framework = export_framework_workbook(_ctx(args), args.framework, args.out, out.lang, args.tier)
    out.line(
        out.t(
            f"已写出 {framework.key} 的工作簿：{args.out}（可填写作答，也可编辑后用 forms import-xlsx 生成框架）",
            f"workbook of {framework.key} written: {args.out} (fill it in for `case answer`, or edit it "
            "and turn it into YAML with `forms import-xlsx`)",
        )
    )
    return 0


def forms_import_xlsx(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.workbooks import import_framework_workbook

    out_path = Path(args.out)
    if not args.force and (out_path.exists() or out_path.is_symlink()):  # a framework file may hold hand edits
        raise InputError.one(
            Text(
                "文件已存在，为避免覆盖未写入任何内容；请换一个文件名，或加上覆盖选项后重试",
                "the file already exists; nothing was written so as not to overwrite it. "
                "Choose another name, or add --force to replace it",
            ),
            str(out_path),
        )
    framework = import_framework_workbook(args.workbook, out_path)
    out.line(
        out.t(
            f"已生成框架文件：{args.out}（{framework.key}，{len(framework.indicators())} 个指标，校验通过）",
            f"framework written: {args.out} ({framework.key}, {len(framework.indicators())} indicators, valid)",
        )
    )
    return 0
