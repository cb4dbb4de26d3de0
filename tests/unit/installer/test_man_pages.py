"""installer/make-man.py: the .deb's manual pages name every ``cityeval`` command with its usage, the exit
codes and the environment, and groff renders them without a warning (lintian's check of a man page)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cityeval_desktop.cli.main import build_parser

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("man")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1796256000"}
    subprocess.run(
        [sys.executable, str(REPO / "installer" / "make-man.py"), str(out)], check=True, env=env, capture_output=True
    )
    return {p.name: p.read_text("utf-8") for p in out.iterdir()}


def _leaves(parser, path):  # type: ignore[no-untyped-def]
    import argparse

    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path
        return
    for name, sub in subs[0].choices.items():
        yield from _leaves(sub, [*path, name])


def test_every_command_has_its_entry_with_usage(pages: dict[str, str]) -> None:
    text = pages["cityeval.1"]
    leaves = list(_leaves(build_parser(), []))
    assert len(leaves) > 50
    for path in leaves:
        title = " ".join(path).replace("-", "\\-")
        assert f".SS {title}\n" in text, f"no entry for cityeval {' '.join(path)}"
        usage = text.split(f".SS {title}\n", 1)[1].split(".nf\n", 1)[1].split("\n", 1)[0].split()
        words = [w.replace("-", "\\-") for w in path]  # a group may take an argument first: case team CASE add
        assert usage[0] == "cityeval" and [w for w in usage if w in words] == words, f"usage of {title}: {usage}"
    for code in ("0", "1", "2", "130"):
        assert f".TP\n\\fB{code}\\fR\n" in text
    for var in ("CITYEVAL_DB", "CITYEVAL_DATA_DIR", "CITYEVAL_LANG", "CITYEVAL_PASSWORD"):
        assert f"\\fB{var}\\fR" in text
    assert '.TH CITYEVAL 1 "2026-12-03"' in text  # SOURCE_DATE_EPOCH: the same page from the same sources


def test_the_workbench_page_names_its_options_and_the_package_argument(pages: dict[str, str]) -> None:
    text = pages["cityeval-desktop.1"]
    for option in ("\\-\\-db", "\\-\\-data\\-dir", "\\-\\-lang", "\\-\\-smoke", "\\-\\-version"):
        assert f"\\fB{option}\\fR" in text
    assert "\\fIFILE.cityeval\\fR" in text


def test_no_text_line_is_taken_for_a_request(pages: dict[str, str]) -> None:
    """A help text beginning with a dot (".cityeval file…") or a quote would be read as a roff request and
    vanish: every line starting so is one of the macros the generator writes."""
    requests = re.compile(r"^\.(TH|SH|SS|TP|PP|RS|RE|nf|fi)( |$)")
    for name, text in pages.items():
        for number, line in enumerate(text.splitlines(), 1):
            if line.startswith((".", "'")):
                assert requests.match(line), f"{name}:{number}: {line!r}"


def test_groff_renders_both_pages_without_a_warning(pages: dict[str, str], tmp_path: Path) -> None:
    for name, text in pages.items():
        page = tmp_path / name
        page.write_text(text, "utf-8")
        done = subprocess.run(
            ["groff", "-k", "-man", "-Tutf8", "-ww", "-z", str(page)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0 and not done.stderr.strip(), f"{name}: {done.stderr}"
        rendered = subprocess.run(
            ["groff", "-k", "-man", "-Tutf8", str(page)], capture_output=True, text=True, check=True
        ).stdout
        rendered = re.sub(".\x08", "", rendered)  # the terminal's overstrike bold and underline
        assert "SYNOPSIS" in rendered and "城市全域数字化转型经营主体评估工作台" in rendered
