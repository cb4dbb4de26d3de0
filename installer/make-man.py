#!/usr/bin/env python3
"""Write the manual pages cityeval.1 and cityeval-desktop.1 from the programs' own argument parsers.

    .venv/bin/python installer/make-man.py OUT_DIR      # writes OUT_DIR/cityeval.1 and OUT_DIR/cityeval-desktop.1

installer/build-deb.sh ships them (gzipped) in /usr/share/man/man1. Every command, option and exit code of
``cityeval`` comes from the parser that docs/make-cli-reference.py reads for docs/cli.md, so the two never
disagree; tests/unit/test_man_pages.py checks that every command is there and that the roff is well formed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIDTH = "80"  # usage lines wrapped at this width whatever the terminal

EXIT_CODES = (
    ("0", "done"),
    ("1", "invalid input or a failed check (an error: line per problem)"),
    ("2", "usage error (unknown command or option, missing argument)"),
    ("130", "interrupted (Ctrl+C); the unfinished action was not saved"),
)
ENVIRONMENT = (
    ("CITYEVAL_DB", "the database: a SQLite file or a SQLAlchemy URL (postgresql+psycopg://...), as --db"),
    ("CITYEVAL_DATA_DIR", "the data folder (evidence, reports, identities, frameworks), as --data-dir"),
    ("CITYEVAL_LANG", "zh or en: the language of messages and outputs, as --lang (default zh)"),
    ("CITYEVAL_PASSWORD", "the password of the identity (.p12) a command signs with; asked for when unset"),
)
DOCS = "/usr/share/doc/cityeval-desktop"


def _paragraph(text: str) -> str:
    return " ".join(text.split())


CLI_DESCRIPTION = _paragraph(
    """CityEval Desktop (城市全域数字化转型经营主体评估工作台) assesses the market entities of city-wide digital
    transformation. cityeval runs everything the workbench does without a window: frameworks, cases and their
    answers, finalizing, signed reports and workbooks, case packages (export, verify, import), the trust store,
    the regional view, public disclosure and objections. Its outputs are the same files the workbench writes;
    --json prints results for scripts."""
)
GUI_DESCRIPTION = _paragraph(
    """城市全域数字化转型经营主体评估工作台: the workbench for third-party assessors (cases, checklist, evidence,
    vetoes, finalize, signed report), operators (a guided self-check) and agencies (importing and verifying case
    packages, the regional view, disclosure and objections). It opens in Chinese unless --lang en or the
    language chosen in its settings says otherwise. Given a .cityeval file (what opening one in the file manager
    does), it shows that package's verification."""
)
GLOBAL_USAGE = " [-h] [--db PATH|URL] [--data-dir DIR] [--lang {zh,en}]"


def _reference():  # type: ignore[no-untyped-def]
    """docs/make-cli-reference.py as a module: its walk over the parser and its help for unnamed arguments."""
    spec = importlib.util.spec_from_file_location("make_cli_reference", ROOT / "docs" / "make-cli-reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def roff(text: str) -> str:
    """Text as roff: backslashes and hyphens escaped, no line taken for a request (a leading . or ')."""
    text = text.replace("\\", "\\e").replace("-", "\\-").replace("`", "")
    lines = [("\\&" + line if line.startswith((".", "'")) else line) for line in text.split("\n")]
    return "\n".join(lines)


def _date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible builds
    day = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()
    return day.isoformat()


def _header(name: str, version: str, summary: str) -> list[str]:
    return [
        f'.TH {name.upper()} 1 "{_date()}" "cityeval-desktop {version}" "User Commands"',
        ".SH NAME",
        f"{roff(name)} \\- {roff(summary)}",
    ]


def _options(parser: argparse.ArgumentParser, ref, *, skip: set[str]) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    for options, metavar, text in ref.option_entries(parser, skip):
        names = ", ".join(f"\\fB{roff(o)}\\fR" for o in options)
        name = " ".join(filter(None, [names, metavar and f"\\fI{roff(metavar)}\\fR"]))
        out += [".TP", name, roff(text)]
    return out


def _command(path: list[str], help_text: str, parser: argparse.ArgumentParser, ref, out: list[str]) -> None:  # type: ignore[no-untyped-def]
    subs = ref._subparsers(parser)
    if not subs:
        out += [".SS " + roff(" ".join(path))]
        if help_text:
            out += [roff(help_text[0].upper() + help_text[1:] + ("" if help_text.endswith(".") else "."))]
        usage = " ".join(parser.format_usage().strip().removeprefix("usage: ").split())
        usage = usage.replace(GLOBAL_USAGE, "")  # the global options, given once above, not in every command
        out += [".PP", ".nf", roff(usage), ".fi"]
        options = _options(parser, ref, skip=ref.GLOBAL)
        if options:
            out += [".RS", *options, ".RE"]
    for name, sub_help, sub in subs:
        _command([*path, name], sub_help, sub, ref, out)


def cityeval_page(version: str) -> str:
    ref = _reference()
    sys.path.insert(0, str(ROOT))
    from cityeval_desktop.cli.main import build_parser

    parser = build_parser()
    parser.prog = "cityeval"
    out = _header("cityeval", version, "the command line of CityEval Desktop")
    out += [
        ".SH SYNOPSIS",
        "\\fBcityeval\\fR [\\fB\\-\\-db\\fR \\fIPATH|URL\\fR] [\\fB\\-\\-data\\-dir\\fR \\fIDIR\\fR] "
        "[\\fB\\-\\-lang\\fR \\fIzh|en\\fR] \\fICOMMAND\\fR \\fIACTION\\fR [\\fIARGUMENTS\\fR]",
        ".SH DESCRIPTION",
        roff(CLI_DESCRIPTION),
        ".SH GLOBAL OPTIONS",
        roff("Given before or after the command."),
        *_options(parser, ref, skip=set()),
        ".PP",
        roff(
            "A case is named by its uuid (its latest revision), uuid@revision, or a unique prefix of at least "
            "4 characters."
        ),
        ".SH COMMANDS",
    ]
    for name, help_text, sub in ref._subparsers(parser):
        _command([name], help_text, sub, ref, out)
    out += [".SH EXIT STATUS"]
    for code, meaning in EXIT_CODES:
        out += [".TP", f"\\fB{code}\\fR", roff(meaning)]
    out += [".SH ENVIRONMENT"]
    for var, meaning in ENVIRONMENT:
        out += [".TP", f"\\fB{var}\\fR", roff(meaning)]
    out += [
        ".SH SEE ALSO",
        "\\fBcityeval\\-desktop\\fR(1); "
        + roff(f"{DOCS}/cli.md (every command with its usage), package.md, framework.md, trust.md, guide/."),
    ]
    return "\n".join(out) + "\n"


def desktop_page(version: str) -> str:
    ref = _reference()
    sys.path.insert(0, str(ROOT))
    from cityeval_desktop.ui.app import build_parser

    parser = build_parser()
    out = _header("cityeval-desktop", version, "the CityEval Desktop workbench")
    out += [
        ".SH SYNOPSIS",
        "\\fBcityeval\\-desktop\\fR [\\fIOPTIONS\\fR] [\\fIFILE.cityeval\\fR]",
        ".SH DESCRIPTION",
        roff(GUI_DESCRIPTION),
        ".SH OPTIONS",
        *_options(parser, ref, skip=set()),
        ".SH ENVIRONMENT",
    ]
    for var, meaning in ENVIRONMENT[:3]:
        out += [".TP", f"\\fB{var}\\fR", roff(meaning)]
    out += [
        ".SH SEE ALSO",
        "\\fBcityeval\\fR(1); " + roff(f"{DOCS}/guide/ (the user guide, zh and en)."),
    ]
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="the folder to write cityeval.1 and cityeval-desktop.1 into")
    args = ap.parse_args()
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        pages = {"cityeval.1": cityeval_page(version), "cityeval-desktop.1": desktop_page(version)}
    finally:
        if previous is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = previous
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (args.out / name).write_text(text, "utf-8")
    print(f"wrote {', '.join(str(args.out / n) for n in pages)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
