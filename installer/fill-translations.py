#!/usr/bin/env python3
"""Refresh the Chinese catalogue from the code, fill in translations given as JSON, compile it.

    .venv/bin/python installer/fill-translations.py [zh.json ...]

Each JSON file maps an English source string to its Chinese translation, either flat
(``{"Open": "打开"}``, applied in every context still waiting for it) or per Qt context
(``{"CaseWorkspace": {"Open": "打开"}}``). Only messages lupdate marks "unfinished" are
filled, so a finished translation is never overwritten by accident; pass ``--force`` to
replace finished ones too. The refresh and the fill run under a lock file, so several
people (or scripts) adding strings at the same time do not lose each other's work.
Messages still unfinished afterwards are listed on stderr with their context.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "cityeval_zh_CN.ts"
QM = ROOT / "resources" / "translations" / "cityeval_zh_CN.qm"
LOCK = ROOT / "resources" / "translations" / ".update.lock"


def _lookup(table: dict, context: str, source: str) -> str | None:
    scoped = table.get(context)
    if isinstance(scoped, dict) and isinstance(scoped.get(source), str):
        return scoped[source]
    flat = table.get(source)
    return flat if isinstance(flat, str) else None


def _fill(tables: list[dict], force: bool) -> list[str]:
    text = TS.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    missing: list[str] = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            tr = message.find("translation")
            if tr is None:
                tr = ET.SubElement(message, "translation", {"type": "unfinished"})
            unfinished = tr.get("type") == "unfinished"
            if not unfinished and not force:
                continue
            found = None
            for table in tables:
                found = _lookup(table, name, source) or found
            if found is not None:
                tr.text = found
                tr.attrib.pop("type", None)
            elif unfinished:
                missing.append(f"[{name}] {source!r}")
    body = ET.tostring(root, encoding="unicode")
    TS.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--force", action="store_true", help="replace finished translations too")
    args = parser.parse_args()
    tables = [json.loads(p.read_text(encoding="utf-8")) for p in args.files]
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        script = ROOT / "installer" / "update-translations.sh"
        subprocess.run(["bash", str(script)], check=True, stderr=subprocess.DEVNULL)
        missing = _fill(tables, args.force)
        # a second lupdate pass normalises the file layout; lrelease compiles the .qm
        subprocess.run(["bash", str(script)], check=True, stderr=subprocess.DEVNULL)
    for line in missing:
        print(f"untranslated: {line}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
