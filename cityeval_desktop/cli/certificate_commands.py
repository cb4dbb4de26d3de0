"""``cityeval report certificate`` and the certificate lines of ``verify-pdf`` (docs/certificate.md)."""

from __future__ import annotations

import argparse
from typing import Any

from cityeval_desktop.cli.context import command_context
from cityeval_desktop.cli.output import Out
from cityeval_desktop.services import cases as case_service


def report_certificate(args: argparse.Namespace, out: Out) -> int:
    """Write the signed result certificate of a finalized third-party revision."""
    from cityeval_desktop.cli.trust_commands import read_password
    from cityeval_desktop.services.certificates import refuse_without_certificate, write_certificate
    from cityeval_desktop.services.identities import load_signing_identity

    ctx = command_context(args)
    # a bad case id, or a revision that gets no certificate, is said before the password prompt
    refuse_without_certificate(case_service.load_case(ctx, args.case))
    identity = load_signing_identity(args.identity, read_password(out, str(args.identity)))
    result = write_certificate(ctx, args.case, args.out, identity, lang=args.report_lang or out.lang)
    out.line(
        out.t(
            f"已写出评估结果证书：{result.path}（证书编号 {result.certificate_no}，发证机构 {result.issuer}）",
            f"result certificate written: {result.path} (certificate {result.certificate_no}, issued by "
            f"{result.issuer})",
        )
    )
    out.line(f"{out.t('证书校验码', 'Certificate sha256')}: {result.sha256}")
    out.line(f"{out.t('二维码内容', 'QR code')}: {result.qr_text}")
    return 0


def show_certificate(out: Out, ctx: Any, file: str, signatures: list[Any]) -> bool:
    """After the signature lines of ``verify-pdf``: the certificate's own checks. True when one fails."""
    from cityeval_desktop.services.certificates import check_certificate

    check = check_certificate(ctx, signatures)
    if check is None:
        return False
    facts = check.facts or {}
    out.line(f"{out.t('评估结果证书', 'Result certificate')}: {facts.get('certificate_no') or '-'}")
    out.line(f"  {out.t('二维码内容', 'QR code')}: {check.qr_text or '-'}")
    out.line(f"  {out.t('证书内容校验码', 'Facts sha256')}: {check.sha256 or '-'}")
    out.line(
        f"  {out.t('内容与校验码', 'Facts and hash')}: "
        + (out.t("一致", "match") if check.hash_matches else out.t("不一致", "DO NOT MATCH"))
    )
    if check.matched is not None:
        out.line(f"  {out.t('案例核对', 'Case check')}: {check.matched.get(out.lang)}")
    elif check.differences:
        out.line(f"  {out.t('案例核对', 'Case check')}: " + out.t("与案例不一致", "DIFFERS from the case"))
    for note in check.notes:
        out.warning(f"{file}: {note.get(out.lang)}")
    for p in [*check.problems, *check.differences]:
        out.error(f"{file}: {p.get(out.lang)}")
    return not check.ok
