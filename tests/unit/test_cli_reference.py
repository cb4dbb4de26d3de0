"""docs/cli.md lists every command and option of ``cityeval`` (issue 14, item 2): it is generated from the
program's own parser by docs/make-cli-reference.py, and this test fails when a command changes without it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from cityeval_desktop.cli.main import build_parser

DOCS = Path(__file__).parents[2] / "docs"


def _generator():
    spec = importlib.util.spec_from_file_location("make_cli_reference", DOCS / "make-cli-reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_cli_md_is_what_the_parser_says() -> None:
    assert (DOCS / "cli.md").read_text("utf-8") == _generator().reference(), (
        "docs/cli.md is out of date: run .venv/bin/python docs/make-cli-reference.py"
    )


def test_every_command_has_its_section_and_the_exit_codes_are_there() -> None:
    text = (DOCS / "cli.md").read_text("utf-8")
    gen = _generator()
    seen = 0
    stack = [(["cityeval", name], sub) for name, _, sub in gen._subparsers(build_parser())]
    while stack:
        path, parser = stack.pop()
        assert f"`{' '.join(path)}`" in text, f"no section for {' '.join(path)}"
        seen += 1
        stack += [([*path, name], sub) for name, _, sub in gen._subparsers(parser)]
    assert seen > 50  # every leaf and group: forms, case, evidence, …, region, objection, samples
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 130 |"):
        assert code in text
