"""``cityeval package …``: case packages (DESIGN §7)."""

from __future__ import annotations

import argparse

from cityeval_desktop.cli.commands import _ctx
from cityeval_desktop.cli.output import Out
from cityeval_desktop.cli.trust_commands import _load_identity


def package_export(args: argparse.Namespace, out: Out) -> int:
    from cityeval_desktop.services.packages import export_package

    ctx = _ctx(args)
    identity = _load_identity(out, args.identity)
    result = export_package(ctx, args.case, args.out, identity)
    out.line(
        out.t(
            f"已导出并复核案例包：{result.path}（{result.ref}，{result.evidence_files} 个证据文件，"
            f"{result.size} 字节，签署人 {result.signer_name}，SHA-256 {result.sha256}）",
            f"package exported and checked: {result.path} ({result.ref}, {result.evidence_files} evidence "
            f"file(s), {result.size} bytes, signed by {result.signer_name}, SHA-256 {result.sha256})",
        )
    )
    return 0
