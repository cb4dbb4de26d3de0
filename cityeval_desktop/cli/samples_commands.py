"""``cityeval samples load``: the sample cases of the workbench's first run, from the command line."""

from __future__ import annotations

import argparse

from cityeval_desktop.cli.commands import _ctx
from cityeval_desktop.cli.output import Out
from cityeval_desktop.domain.wording import count


def samples_load(args: argparse.Namespace, out: Out) -> int:
    """Make the sample cases not in the database yet; print each one's ``uuid@revision``."""
    from cityeval_desktop.services import samples

    ctx = _ctx(args)
    result = samples.load_samples(ctx, lang=out.lang)
    status = {"draft": out.t("草稿", "draft"), "finalized": out.t("已定稿", "finalized")}
    for summary in result.cases:
        out.line(f"{summary.ref}\t{status.get(summary.status, summary.status)}\t{summary.entity_name}")
    if result.skipped:
        out.warning(
            out.t(
                f"已有 {len(result.skipped)} 个示例案例，未重复载入",
                f"{count(len(result.skipped), 'sample case')} already there, not loaded again",
            )
        )
    if result.cases:
        note = out.t(
            f"已定稿的示例由演示签名身份“{samples.DEMO_SIGNER}”签署（{result.identity_path}，"
            f"密码 {result.password}）；它不是真实身份，切勿用于真实案例",
            f"the finalized samples are signed by the demo identity {samples.DEMO_SIGNER!r} "
            f"({result.identity_path}, password {result.password}); it is not a real identity: "
            "never use it for real cases",
        )
        out.warning(note)
    return 0
