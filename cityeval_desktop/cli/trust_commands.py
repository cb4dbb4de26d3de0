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
from cityeval_desktop.domain.text import Text
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError

PASSWORD_ENV = "CITYEVAL_PASSWORD"


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
    from cityeval_desktop.services.identities import create_identity

    identity = create_identity(
        None, args.out, name=args.name, org=args.org, password=read_password(out, str(args.out), confirm=True)
    )
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
            f"已创建机构 CA：{args.out}（{ca.name}，指纹 {ca.fingerprint}）",
            f"agency CA created: {args.out} ({ca.name}, fingerprint {ca.fingerprint})",
        )
    )
    return 0


def ca_issue(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.identities import issue_certificate

    cert = issue_certificate(args.ca, read_password(out, str(args.ca)), args.csr, args.out, days=args.days)
    out.line(
        out.t(
            f"已签发证书：{args.out}（{cert.subject.rfc4514_string()}）",
            f"certificate issued: {args.out} ({cert.subject.rfc4514_string()})",
        )
    )
    return 0


def trust_add(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.trust_store import add_trusted

    ctx = _ctx(args)
    for entry in add_trusted(ctx, args.cert, allow_expired=args.allow_expired):
        out.line(
            out.t(
                f"已信任：{entry.subject}（指纹 {entry.fingerprint}）",
                f"trusted: {entry.subject} (fingerprint {entry.fingerprint})",
            )
        )
    return 0


def trust_remove(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.trust_store import remove_trusted

    entry = remove_trusted(_ctx(args), args.fingerprint)
    out.line(
        out.t(
            f"已移出信任列表：{entry.subject}（指纹 {entry.fingerprint}）",
            f"no longer trusted: {entry.subject} (fingerprint {entry.fingerprint})",
        )
    )
    return 0


def trust_list(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.trust_store import list_trusted

    entries = list_trusted(_ctx(args))
    if args.json:
        out.json(
            [
                {
                    "fingerprint": e.fingerprint,
                    "subject": e.subject,
                    "issuer": e.issuer,
                    "is_ca": e.is_ca,
                    "not_before": e.not_before.isoformat(),
                    "not_after": e.not_after.isoformat(),
                }
                for e in entries
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
        [e.subject, "CA" if e.is_ca else out.t("个人", "signer"), e.not_after.date().isoformat(), e.fingerprint[:16]]
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
    return 0


def verify_pdf(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.signatures import read_pdf, verify_signed_pdf

    data = read_pdf(Path(args.file))  # an unreadable file is reported before the database is opened
    reports = verify_signed_pdf(_ctx(args), Path(args.file), args.trust or [], data=data).signatures
    if not reports:
        out.error(out.t(f"{args.file}：没有数字签名", f"{args.file}: the PDF carries no signature"))
        return 1
    failed = False
    for r in reports:
        ok = r.valid and r.intact and r.trusted and r.covers_whole_document
        failed |= not ok
        when = r.signing_time.isoformat() if r.signing_time else "-"
        out.line(
            f"{out.t('签名', 'Signature')} {r.field_name}: {r.signer_name}"
            + (f" ({r.organisation})" if r.organisation else "")
        )
        out.line(f"  {out.t('签署时间', 'Signing time')}: {when}")
        out.line(f"  {out.t('证书指纹', 'Fingerprint')}: {r.fingerprint}")
        out.line(
            f"  {out.t('完整性', 'Integrity')}: "
            + (
                out.t("文件自签署后未被改动", "unchanged since signing")
                if r.intact and r.covers_whole_document
                else out.t("签署后被改动", "CHANGED after signing")
            )
        )
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
        for p in r.problems:
            out.error(f"{args.file}: {p.get(out.lang)}")
    if failed:
        out.error(out.t(f"{args.file}：验证未通过", f"{args.file}: verification FAILED"))
        return 1
    out.line(out.t("验证通过", "verification passed"))
    return 0


# ----------------------------------------------------------------------------- finalize / reports
def case_finalize(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.reporting import finalize_and_sign

    ctx = _ctx(args)
    case_service.load_case(ctx, args.case)  # a bad case id is reported before the password prompt
    identity = _load_identity(out, args.identity)
    result = finalize_and_sign(ctx, args.case, identity, lang=args.report_lang or out.lang)
    s = result.detail.summary
    out.line(
        out.t(
            f"已定稿并签署：{s.case_uuid} 第 {s.revision} 版；报告 sha256 {result.report_sha256}",
            f"finalized and signed: {s.case_uuid} revision {s.revision}; report sha256 {result.report_sha256}",
        )
    )
    return 0


def report_pdf(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.reporting import render_report, write_atomically

    ctx = _ctx(args)
    case_service.load_case(ctx, args.case)
    identity = _load_identity(out, args.identity) if args.identity else None
    data = render_report(ctx, args.case, lang=args.report_lang or out.lang, identity=identity)
    write_atomically(args.out, data)
    out.line(out.t(f"已写出报告：{args.out}", f"report written: {args.out}"))
    return 0


def report_xlsx(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.reporting import write_workbook

    count = write_workbook(_ctx(args), args.cases, args.out, args.report_lang or out.lang)
    out.line(
        out.t(
            f"已写出工作簿：{args.out}（{count} 个案例）",
            f"workbook written: {args.out} ({count} case(s))",
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
