#!/usr/bin/env python3
"""Write docs/cli.md, the reference of every ``cityeval`` command, from the program's own argument parser.

    .venv/bin/python docs/make-cli-reference.py           # rewrite docs/cli.md
    .venv/bin/python docs/make-cli-reference.py --check   # exit 1 if docs/cli.md is not what the parser says

The suite runs the check (tests/unit/test_cli_reference.py), so a command added without its reference fails.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "cli.md"
WIDTH = "100"  # the usage lines are wrapped at this width whatever the terminal

HEADER = """# 命令行参考 / Command-line reference

本文件由 `docs/make-cli-reference.py` 根据程序自身的参数解析器生成，列出 `cityeval` 的每一条命令、每个选项及退出码；
测试会核对它与程序一致。各命令的输出与文件格式见同目录的其他文档（answers.md、package.md、trust.md 等）。

This file is generated from the program's own argument parser by `docs/make-cli-reference.py`: every
`cityeval` command, every option and the exit codes. The suite checks that it matches the program. What the
commands print and the file formats are in the other documents here (answers.md, package.md, trust.md, …).

## 退出码 / Exit codes

| code | 含义 | meaning |
| --- | --- | --- |
| 0 | 成功 | done |
| 1 | 输入无效或检查未通过（每个问题一行 `error:`） | invalid input or a failed check (an `error:` line per problem) |
| 2 | 用法错误（未知命令或选项、缺少参数） | usage error (unknown command or option, missing argument) |
| 130 | 被中断（Ctrl+C），未完成的操作没有保存 | interrupted (Ctrl+C); the unfinished action was not saved |

## 全局选项 / Global options

Given before or after the command: `--db PATH|URL` (or `CITYEVAL_DB`), `--data-dir DIR` (or
`CITYEVAL_DATA_DIR`), `--lang zh|en` (or `CITYEVAL_LANG`; default zh). A case is named by its uuid (its latest
revision), `uuid@revision`, or a unique prefix of at least 4 characters.
"""

GLOBAL = {"--db", "--data-dir", "--lang", "-h", "--help", "--version"}

#: what an argument the parser gives no help for means (the same name means the same thing in every command)
COMMON = {
    "CASE": "the case: its uuid (latest revision), `uuid@revision`, or a unique prefix of at least 4 characters",
    "--json": "print JSON for scripts instead of text",
    "--identity": "a signing identity (.p12); its password is asked for, or read from CITYEVAL_PASSWORD",
    "ID.p12": "the identity file (.p12)",
    "CA.p12": "the agency CA's identity file (.p12); its password from CITYEVAL_PASSWORD or asked for",
    "--name": "the name (a person's, or the CA's)",
    "--org": "the organisation",
    "--reason": "why (kept in the audit trail)",
    "--category": "only this category (planning-consulting, construction-implementation, operations-maintenance)",
    "--tier": "only this tier (regional, city, enterprise)",
    "USCC": "the entity's unified social credit code (统一社会信用代码)",
    "INDICATOR": "the indicator id, e.g. P1.1",
    "ID[@VERSION]": "a framework id, optionally with its version",
    "--framework": "a framework id, optionally with its version (`cityeval forms list`)",
    "--reference-date": "评估基准日, the reference date (default today)",
    "--include-untrusted": "count results whose signer is not trusted here as well (they are marked)",
}


def _help(action: argparse.Action) -> str:
    if action.help:
        return action.help
    key = action.option_strings[0] if action.option_strings else str(action.metavar or action.dest)
    if key in COMMON:
        return COMMON[key]
    if key.startswith("OUT"):
        return "the file to write"
    if key.startswith("IN") or key in ("PATH", "FILE", "FILE.pdf", "CERT.pem", "CERT.pem|CRL"):
        return "the file to read"
    return ""


def _subparsers(parser: argparse.ArgumentParser) -> list[tuple[str, str, argparse.ArgumentParser]]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                out.append((name, helps.get(name, ""), sub))
    return out


def option_entries(parser: argparse.ArgumentParser, skip: set[str] = GLOBAL) -> list[tuple[list[str], str | None, str]]:
    """Each argument of one command, but those named in ``skip``: (option strings, or [] for a positional;
    its metavar, None for a flag; what it means, with the values it takes). installer/make-man.py uses it too."""
    entries = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
            continue
        if action.option_strings and set(action.option_strings) & skip:
            continue
        if action.option_strings:
            metavar = None if action.nargs == 0 else str(action.metavar or action.dest.upper())
        else:
            metavar = str(action.metavar or action.dest)
        text = _help(action).replace("\n", " ")
        if action.choices and not isinstance(action.choices, dict):
            text += f" (one of: {', '.join(map(str, action.choices))})"
        entries.append((list(action.option_strings), metavar, text))
    return entries


def _option_rows(parser: argparse.ArgumentParser) -> list[str]:
    rows = []
    for options, metavar, text in option_entries(parser):
        name = " ".join(filter(None, [", ".join(options), metavar]))
        rows.append(f"| `{name}` | {text.replace('|', chr(92) + '|')} |")
    return rows


def _section(path: list[str], help_text: str, parser: argparse.ArgumentParser, lines: list[str]) -> None:
    subs = _subparsers(parser)
    level = "#" * min(len(path) + 1, 4)
    lines += ["", f"{level} `{' '.join(path)}`", ""]
    if help_text:
        lines += [help_text[0].upper() + help_text[1:] + ("" if help_text.endswith(".") else "."), ""]
    lines += ["```", parser.format_usage().strip().removeprefix("usage: "), "```"]
    rows = _option_rows(parser)
    if rows:
        lines += ["", "| argument | meaning |", "| --- | --- |", *rows]
    for name, sub_help, sub in subs:
        _section([*path, name], sub_help, sub, lines)


def reference() -> str:
    """The text of docs/cli.md, from ``cityeval``'s parser."""
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        sys.path.insert(0, str(ROOT))
        from cityeval_desktop.cli.main import build_parser

        parser = build_parser()
        parser.prog = "cityeval"
        lines = [HEADER.rstrip("\n")]
        for name, help_text, sub in _subparsers(parser):
            _section(["cityeval", name], help_text, sub, lines)
        return "\n".join(lines) + "\n"
    finally:
        if previous is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = previous


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if docs/cli.md is out of date")
    args = ap.parse_args()
    text = reference()
    if args.check:
        if not OUT.exists() or OUT.read_text("utf-8") != text:
            print(f"{OUT} is out of date: run .venv/bin/python docs/make-cli-reference.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, "utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
