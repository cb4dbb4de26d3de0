"""``cityeval package …``: case packages (DESIGN §7)."""

from __future__ import annotations

import argparse
from typing import Any

from cityeval_desktop.cli.commands import _ctx
from cityeval_desktop.cli.output import Out
from cityeval_desktop.cli.trust_commands import _load_identity
from cityeval_desktop.domain.fingerprints import short_fingerprint, short_sha256
from cityeval_desktop.domain.wording import count


def package_export(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.packages import export_package

    ctx = _ctx(args)
    recipients = list(args.encrypt_to or [])
    if recipients and not str(args.out).endswith(".p7m"):
        out.error(
            out.t(
                f"{args.out}：加密的案例包应以 .cityeval.p7m 结尾，以便接收方识别；未写入任何内容",
                f"{args.out}: an encrypted package is named NAME.cityeval.p7m so that its receiver knows it; "
                "nothing was written",
            )
        )
        return 1
    if recipients:  # an unusable agency certificate is said before the password is asked
        from cityeval_desktop.services.package_crypto import recipient_facts

        for pem in recipients:
            recipient_facts(pem)
    identity = _load_identity(out, args.identity)
    result = export_package(ctx, args.case, args.out, identity, encrypt_to=recipients or None)
    out.line(
        out.t(
            f"已导出并复核案例包：{result.path}（{result.ref}，{result.evidence_files} 个证据文件，"
            f"包大小 {result.size} 字节，签署人 {result.signer_name}，SHA-256 {result.sha256}）",
            f"package exported and checked: {result.path} ({result.ref}, "
            f"{count(result.evidence_files, 'evidence file')}, package size {result.size} bytes, "
            f"signed by {result.signer_name}, SHA-256 {result.sha256})",
        )
    )
    for r in result.recipients:
        out.line(
            out.t(
                f"已加密，只有“{r['subject']}”（指纹 {r['fingerprint_short']}）能打开",
                f"encrypted: only '{r['subject']}' (fingerprint {r['fingerprint_short']}) can open it",
            )
        )
    return 0


def _opener(args: argparse.Namespace, out: Out, ctx: Any) -> Any:
    """Plain packages as they are; encrypted ones opened with ``--identity`` (asked for once per run)."""
    from cityeval_desktop.cli.trust_commands import read_password
    from cityeval_desktop.services.package_crypto import load_decryption_identity, package_opener

    identity = None
    if args.identity is not None:
        identity = load_decryption_identity(args.identity, read_password(out, str(args.identity)))
    return package_opener(identity, work_dir=ctx.data_dir)


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _check_json(found: Any, lang: str) -> dict[str, Any]:
    return {
        "file": str(found.path),
        "ok": found.ok,
        "sha256": found.sha256,
        "size": found.size,
        "signer": {
            "name": found.signer_name,
            "organisation": found.signer_organisation,
            "fingerprint": found.signer_fingerprint,
            "signing_time": _when(found.signing_time),
            "trusted": found.trusted,
        },
        "case_id": found.case_uuid,
        "revision": found.revision,
        "mode": found.mode,
        "entity": {"name": found.entity_name, "uscc": found.uscc},
        "result": {"grade": found.grade, "total": found.total},
        "evidence": {"files": found.evidence_count, "bytes": found.evidence_bytes},
        "notes": [n.get(lang) for n in found.notes],
        "checks": [
            {"id": c.id, "label": c.label.get(lang), "ok": c.ok, "detail": c.detail.get(lang) if c.detail else None}
            for c in found.checks
        ],
    }


def _print_check(out: Out, found: Any) -> None:
    out.line(out.t(f"案例包：{found.path}", f"Package: {found.path}"))
    if found.signer_name:
        org = f"（{found.signer_organisation}）" if found.signer_organisation else ""
        org_en = f" ({found.signer_organisation})" if found.signer_organisation else ""
        out.line(out.t(f"  签署人：{found.signer_name}{org}", f"  Signer: {found.signer_name}{org_en}"))
        out.line(out.t(f"  证书指纹：{found.signer_fingerprint}", f"  Fingerprint: {found.signer_fingerprint}"))
        when = _when(found.signing_time) or "-"
        out.line(out.t(f"  签署时间：{when}", f"  Signing time: {when}"))
    if found.case_uuid:
        out.line(
            out.t(
                f"  案例：{found.case_uuid}，修订 {found.revision}，{'自评' if found.mode == 'self' else '第三方评估'}",
                f"  Case: {found.case_uuid}, revision {found.revision}, "
                f"{'self-check' if found.mode == 'self' else 'third-party'}",
            )
        )
    if found.entity_name:
        out.line(out.t(f"  主体：{found.entity_name}（{found.uscc}）", f"  Entity: {found.entity_name} ({found.uscc})"))
    if found.grade is not None:
        out.line(out.t(f"  结果：{found.grade}，{found.total} 分", f"  Result: {found.grade}, {found.total}"))
    if found.opened is not None:
        out.line(
            out.t(
                f"  证据：{found.evidence_count} 个文件，{found.evidence_bytes} 字节",
                f"  Evidence: {count(found.evidence_count, 'file')}, {found.evidence_bytes} bytes",
            )
        )
    for c in found.checks:
        mark = out.t("通过", "pass") if c.ok else out.t("未通过", "FAIL")
        out.line(f"  [{mark}] {c.label.get(out.lang)}")
        if not c.ok and c.detail is not None:
            out.error(f"{found.path}: {c.label.get(out.lang)}{out.t('：', ': ')}{c.detail.get(out.lang)}")
    for note in found.notes:
        out.warning(f"{found.path}: {note.get(out.lang)}")


def package_verify(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.packages import verify_packages

    ctx = _ctx(args)
    found = verify_packages(ctx, list(args.files), list(args.trust or []), opener=_opener(args, out, ctx))
    if args.json:
        out.json([_check_json(f, out.lang) for f in found])
    else:
        for f in found:
            _print_check(out, f)
            out.line(
                out.t("  验证通过", "  verification passed") if f.ok else out.t("  验证未通过", "  verification FAILED")
            )
    return 0 if all(f.ok for f in found) else 1


def package_import(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.package_import import import_packages

    ctx = _ctx(args)
    if args.identity is None:  # encrypted packages need it: said up front, nothing imported or recorded
        from cityeval_desktop.services.package_crypto import require_identity_for
        from cityeval_desktop.services.package_import import package_files

        require_identity_for(package_files(list(args.paths)))
    outcomes = import_packages(
        ctx,
        list(args.paths),
        extra_trust=list(args.trust or []),
        accept_untrusted=args.accept_untrusted,
        opener=_opener(args, out, ctx),
    )
    if args.json:
        out.json(
            [
                {
                    "file": str(o.path),
                    "outcome": o.outcome,
                    "case": o.ref,
                    "reason": o.reason.get(out.lang) if o.reason else None,
                    "quarantine": str(o.quarantine) if o.quarantine else None,
                    "trusted": o.check.trusted,
                    "signer": o.check.signer_name,
                    "sha256": o.check.sha256,
                    "notes": [n.get(out.lang) for n in o.check.notes],
                }
                for o in outcomes
            ]
        )
    else:
        for o in outcomes:
            if o.rejected:
                out.error(
                    f"{o.path}: {o.label.get(out.lang)}{out.t('：', ': ')}{o.reason.get(out.lang) if o.reason else ''}"
                )
                if o.quarantine:
                    out.error(out.t(f"  已隔离到：{o.quarantine}", f"  quarantined at: {o.quarantine}"))
            else:
                mark = (
                    ""
                    if o.check.trusted or o.outcome == "skipped"
                    else out.t("（签署人不受信任，已标记为未验证）", " (signer NOT trusted: marked unverified)")
                )
                out.line(f"{o.path}: {o.label.get(out.lang)} {o.ref}{mark}")
            for note in o.check.notes:
                out.warning(f"{o.path}: {note.get(out.lang)}")
        if not outcomes:
            out.warning(out.t("没有找到案例包文件", "no package files were found"))
        done = sum(not o.rejected for o in outcomes)
        out.line(
            out.t(
                f"共 {len(outcomes)} 个案例包：{done} 个已导入或跳过，{len(outcomes) - done} 个被拒绝",
                f"{count(len(outcomes), 'package')}: {done} imported or skipped, {len(outcomes) - done} rejected",
            )
        )
    return 1 if any(o.rejected for o in outcomes) else 0


def package_ledger(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.cli.output import table
    from cityeval_desktop.services.package_import import ledger

    entries = ledger(_ctx(args), outcome=args.outcome)
    if args.json:
        out.json(
            [
                {
                    "id": e.id,
                    "at": _when(e.at),
                    "actor": e.actor,
                    "file": e.file_name,
                    "sha256": e.package_sha256,
                    "size": e.size,
                    "case_id": e.case_uuid,
                    "revision": e.revision,
                    "signer": e.signer_name,
                    "fingerprint": e.signer_fingerprint,
                    "trusted": e.trusted,
                    "outcome": e.outcome,
                    "reason": _reason(e.reason, out.lang),
                    "quarantine": e.quarantine,
                }
                for e in entries
            ]
        )
        return 0
    if not entries:
        out.line(out.t("导入台账为空", "the import ledger is empty"))
        return 0
    rows = [
        [
            e.at.strftime("%Y-%m-%d %H:%M"),
            e.label.get(out.lang),
            f"{e.case_uuid or '-'}@{e.revision}" if e.revision else (e.case_uuid or "-"),
            short_sha256(e.package_sha256) if e.package_sha256 else "-",
            e.signer_name or "-",
            short_fingerprint(e.signer_fingerprint) if e.signer_fingerprint else "-",
            out.t("是", "yes") if e.trusted else (out.t("否", "no") if e.trusted is False else "-"),
            e.file_name,
            _reason(e.reason, out.lang) or "",
        ]
        for e in entries
    ]
    headers = [
        out.t(*h)
        for h in (
            ("时间", "when"),
            ("结果", "outcome"),
            ("案例", "case"),
            ("案例包 SHA-256", "package sha256"),
            ("签署人", "signer"),
            ("证书指纹", "fingerprint"),
            ("可信", "trusted"),
            ("文件", "file"),
            ("原因", "reason"),
        )
    ]
    for line in table(headers, rows):
        out.line(line)
    return 0


def _reason(stored: str | None, lang: str) -> str | None:
    from cityeval_desktop.services.package_views import reason_text

    text = reason_text(stored)
    return text.get(lang) if text else None
