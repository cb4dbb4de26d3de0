"""Check the syntax of an Inno Setup script where no Inno Setup compiler runs (Linux CI).

    python installer/check-iss.py [installer/cityeval.iss] [--dist DIR] [--require-build]

What it checks: known section names; ``key=value`` lines in [Setup]/[CustomMessages]/[Messages]; in the
parameter sections (``Name: value; Name: "value"``) balanced quotes (``""`` inside a quoted value), known
parameter names and the required ones; the preprocessor's ``{#name}`` only for names it defines (or the
version the build passes with /DAppVersion=...); ``{cm:Name}`` messages defined for every language; the
``Source:`` files in the repository (relative to the script) and in the built app (``..\\dist\\...`` mapped
to --dist, default the repository's dist/; missing only as a note unless --require-build); and the file
association: .cityeval -> ProgID, its DefaultIcon, ``shell\\open\\command`` passing ``"%1"``,
ChangesAssociations=yes, the zh and en languages, the CLI's folder added to PATH.

Exit code 0 when it is valid, 1 with one ``file:line: problem`` line per problem.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

MAX_BYTES = 1_000_000  # an installer script is a few KB; anything larger is not one
KEY_VALUE = {"Setup", "CustomMessages", "Messages", "LangOptions"}
PARAMS: dict[str, tuple[set[str], set[str]]] = {  # section: (allowed parameters, required parameters)
    "Files": (
        {
            "Source",
            "DestDir",
            "DestName",
            "Flags",
            "Tasks",
            "Components",
            "Languages",
            "Check",
            "Excludes",
            "Attribs",
            "Permissions",
            "FontInstall",
            "StrongAssemblyName",
            "BeforeInstall",
            "AfterInstall",
            "MinVersion",
            "OnlyBelowVersion",
            "ExternalSize",
            "CopyMode",
        },
        {"Source", "DestDir"},
    ),
    "Icons": (
        {
            "Name",
            "Filename",
            "Parameters",
            "WorkingDir",
            "HotKey",
            "Comment",
            "IconFilename",
            "IconIndex",
            "AppUserModelID",
            "AppUserModelToastActivatorCLSID",
            "Flags",
            "Tasks",
            "Components",
            "Languages",
            "Check",
            "BeforeInstall",
            "AfterInstall",
            "MinVersion",
            "OnlyBelowVersion",
        },
        {"Name", "Filename"},
    ),
    "Registry": (
        {
            "Root",
            "Subkey",
            "ValueType",
            "ValueName",
            "ValueData",
            "Permissions",
            "Flags",
            "Tasks",
            "Components",
            "Languages",
            "Check",
            "BeforeInstall",
            "AfterInstall",
            "MinVersion",
            "OnlyBelowVersion",
        },
        {"Root", "Subkey"},
    ),
    "Run": (
        {
            "Filename",
            "Description",
            "Parameters",
            "WorkingDir",
            "StatusMsg",
            "RunOnceId",
            "Verb",
            "Flags",
            "Tasks",
            "Components",
            "Languages",
            "Check",
            "BeforeInstall",
            "AfterInstall",
            "MinVersion",
            "OnlyBelowVersion",
        },
        {"Filename"},
    ),
    "UninstallRun": (
        {
            "Filename",
            "Parameters",
            "WorkingDir",
            "StatusMsg",
            "RunOnceId",
            "Verb",
            "Flags",
            "Tasks",
            "Components",
            "Languages",
            "Check",
            "MinVersion",
            "OnlyBelowVersion",
        },
        {"Filename", "RunOnceId"},
    ),
    "Tasks": (
        {
            "Name",
            "Description",
            "GroupDescription",
            "Flags",
            "Components",
            "Languages",
            "Check",
            "MinVersion",
            "OnlyBelowVersion",
        },
        {"Name", "Description"},
    ),
    "Languages": ({"Name", "MessagesFile", "LicenseFile", "InfoBeforeFile", "InfoAfterFile"}, {"Name", "MessagesFile"}),
    "Dirs": (
        {
            "Name",
            "Attribs",
            "Permissions",
            "Flags",
            "Tasks",
            "Components",
            "Languages",
            "Check",
            "MinVersion",
            "OnlyBelowVersion",
        },
        {"Name"},
    ),
    "InstallDelete": ({"Type", "Name", "Tasks", "Components", "Languages", "Check"}, {"Type", "Name"}),
    "UninstallDelete": ({"Type", "Name", "Tasks", "Components", "Languages", "Check"}, {"Type", "Name"}),
}
SECTIONS = KEY_VALUE | set(PARAMS) | {"Code", "Types", "Components", "INI"}
ROOTS = {"HKLM", "HKCU", "HKA", "HKCR", "HKU", "HKCC", "HKLM32", "HKLM64", "HKCU32", "HKCU64", "HKA32", "HKA64"}
VALUE_TYPES = {"none", "string", "expandsz", "multisz", "dword", "qword", "binary"}
SETUP_REQUIRED = {"AppId", "AppName", "AppVersion", "DefaultDirName", "OutputBaseFilename"}
# messages Inno Setup's own language files define ({cm:...} needs no [CustomMessages] entry for these)
BUILTIN_MESSAGES = {
    "CreateDesktopIcon",
    "AdditionalIcons",
    "UninstallProgram",
    "LaunchProgram",
    "ProgramOnTheWeb",
    "CreateQuickLaunchIcon",
    "AssocFileExtension",
    "AssocingFileExtension",
    "AutoStartProgram",
    "AutoStartProgramGroupDescription",
    "NameAndVersion",
}
PASSED_DEFINES = {"AppVersion"}  # the build passes it: iscc /DAppVersion=X.Y.Z (from pyproject.toml)


@dataclass
class Entry:
    line: int
    params: dict[str, str]


@dataclass
class Script:
    path: Path
    problems: list[str] = field(default_factory=list)
    defines: dict[str, str] = field(default_factory=dict)
    setup: dict[str, tuple[int, str]] = field(default_factory=dict)
    messages: dict[str, dict[str, int]] = field(default_factory=dict)  # name -> {language: line}
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    used_defines: list[tuple[int, str]] = field(default_factory=list)
    used_messages: list[tuple[int, str]] = field(default_factory=list)

    def problem(self, line: int, text: str) -> None:
        self.problems.append(f"{self.path}:{line}: {text}")


def split_params(text: str) -> Iterator[tuple[str, str] | str]:
    """``Name: value; Name: "a ""quoted"" value"`` -> (name, value) pairs, or a problem text."""
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            return
        m = re.match(r"([A-Za-z][A-Za-z0-9]*)\s*:\s*", text[i:])
        if not m:
            yield f"expected 'Name: value' at {text[i : i + 30]!r}"
            return
        name = m.group(1)
        i += m.end()
        if i < n and text[i] == '"':
            i += 1
            value = []
            while True:
                if i >= n:
                    yield f"unterminated quoted value of {name}"
                    return
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        value.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                value.append(text[i])
                i += 1
            yield name, "".join(value)
            while i < n and text[i] in " \t":
                i += 1
            if i < n and text[i] != ";":
                yield f"text after the quoted value of {name}: {text[i : i + 30]!r}"
                return
            i += 1
        else:
            end = text.find(";", i)
            end = n if end < 0 else end
            raw = text[i:end].strip()
            if '"' in raw:
                yield f"a quote inside the unquoted value of {name} (quote the whole value)"
            yield name, raw
            i = end + 1


def parse(path: Path) -> Script:
    script = Script(path)
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        script.problem(0, f"larger than {MAX_BYTES} bytes: not an installer script")
        return script
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        script.problem(0, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return script
    section: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if section != "Code":
            script.used_defines += [(number, name) for name in re.findall(r"\{#(\w+)\}", line)]
            script.used_messages += [(number, name) for name in re.findall(r"\{cm:(\w+)", line)]
        if not line or line.startswith(";") or (section == "Code" and not line.startswith("[")):
            continue
        if line.startswith("#"):
            m = re.match(r"#define\s+(\w+)(?:\s+(.*))?$", line)
            if m:
                script.defines[m.group(1)] = (m.group(2) or "").strip()
            elif not re.match(r"#(ifndef|ifdef|if|else|elif|endif|error|include|pragma|undef|expr|emit)\b", line):
                script.problem(number, f"unknown preprocessor line: {line[:40]}")
            continue
        if line.startswith("["):
            m = re.fullmatch(r"\[(\w+)\]", line)
            if not m:
                script.problem(number, f"malformed section header: {line[:40]}")
                section = None
            elif m.group(1) not in SECTIONS:
                script.problem(number, f"unknown section [{m.group(1)}]")
                section = None
            else:
                section = m.group(1)
            continue
        if section is None:
            script.problem(number, "a line outside any section")
        elif section in KEY_VALUE:
            m = re.fullmatch(r"([A-Za-z][\w.]*)\s*=\s*(.*)", line)
            if not m:
                script.problem(number, f"expected key=value in [{section}]: {line[:40]}")
                continue
            key, value = m.group(1), m.group(2)
            if value.count('"') % 2:
                script.problem(number, f"unbalanced quote in the value of {key}")
            if section == "Setup":
                if key in script.setup:
                    script.problem(number, f"{key} set twice (first on line {script.setup[key][0]})")
                script.setup[key] = (number, value)
            elif section == "CustomMessages":
                lang, _, name = key.rpartition(".")
                script.messages.setdefault(name, {})[lang or "*"] = number
        elif section in PARAMS:
            allowed, required = PARAMS[section]
            params: dict[str, str] = {}
            for item in split_params(line):
                if isinstance(item, str):
                    script.problem(number, item)
                    continue
                name, value = item
                if name not in allowed:
                    script.problem(number, f"unknown parameter {name}: in [{section}]")
                if name in params:
                    script.problem(number, f"parameter {name}: given twice")
                params[name] = value
            for name in sorted(required - set(params)):
                script.problem(number, f"[{section}] entry without {name}:")
            script.entries.setdefault(section, []).append(Entry(number, params))
    if section == "Code":
        code = text[text.find("[Code]") :]
        opened = len(re.findall(r"\b(begin|case|try)\b", code, re.I))
        closed = len(re.findall(r"\bend\b", code, re.I))
        if opened != closed:
            script.problem(0, f"[Code]: {opened} begin/case/try but {closed} end")
    return script


def expand(value: str, script: Script) -> str:
    return re.sub(r"\{#(\w+)\}", lambda m: script.defines.get(m.group(1), "").strip('"'), value)


def check(script: Script, dist: Path, require_build: bool, notes: list[str]) -> None:
    for number, name in script.used_defines:
        if name not in script.defines and name not in PASSED_DEFINES:
            script.problem(number, f"{{#{name}}} is never defined")
    languages = [e.params.get("Name", "") for e in script.entries.get("Languages", [])]
    for wanted in ("zh", "en"):
        if wanted not in languages:
            script.problem(0, f"no [Languages] entry named {wanted}")
    for number, name in script.used_messages:
        if name in BUILTIN_MESSAGES:
            continue
        defined = script.messages.get(name, {})
        missing = [lang for lang in languages if lang not in defined and "*" not in defined]
        if not defined or missing:
            script.problem(number, f"{{cm:{name}}} has no [CustomMessages] entry for {', '.join(missing) or 'any'}")
    for key in sorted(SETUP_REQUIRED - set(script.setup)):
        script.problem(0, f"[Setup] has no {key}=")
    if "AppVersion" in script.setup and "{#AppVersion}" not in script.setup["AppVersion"][1]:
        script.problem(script.setup["AppVersion"][0], "AppVersion must be {#AppVersion} (passed by the build)")
    if script.setup.get("ChangesAssociations", (0, ""))[1].lower() != "yes":
        script.problem(0, "[Setup] ChangesAssociations=yes is needed for the .cityeval association")
    base = script.path.parent
    for key in ("SetupIconFile", "LicenseFile"):
        if key in script.setup:
            _source_exists(script, script.setup[key][0], expand(script.setup[key][1], script), base, dist,
                           require_build, notes)  # fmt: skip
    for entry in script.entries.get("Files", []):
        _source_exists(script, entry.line, expand(entry.params["Source"], script), base, dist, require_build, notes)
    for entry in script.entries.get("Registry", []):
        if entry.params.get("Root") not in ROOTS:
            script.problem(entry.line, f"unknown Root: {entry.params.get('Root')}")
        if entry.params.get("ValueType", "none") not in VALUE_TYPES:
            script.problem(entry.line, f"unknown ValueType: {entry.params.get('ValueType')}")
    _association(script)


def _source_exists(
    script: Script, line: int, source: str, base: Path, dist: Path, require_build: bool, notes: list[str]
) -> None:
    parts = PureWindowsPath(source).parts
    if ".." in parts[:1] and len(parts) > 1 and parts[1] == "dist":
        root, rest = dist, parts[2:]
    else:
        root, rest = base, parts
    wild = rest and any(c in rest[-1] for c in "*?")
    target = root.joinpath(*(rest[:-1] if wild else rest))
    if root is dist and not dist.is_dir():
        message = f"Source {source}: the built app is not there ({dist}); build it to check"
        if require_build:
            script.problem(line, message)
        else:
            notes.append(f"{script.path}:{line}: note: {message}")
        return
    if wild:
        if not target.is_dir() or not any(target.glob(rest[-1])):
            script.problem(line, f"Source {source}: nothing matches in {target}")
    elif not target.is_file():
        script.problem(line, f"Source {source}: no such file ({target})")


def _association(script: Script) -> None:
    registry = script.entries.get("Registry", [])

    def key(subkey: str) -> list[Entry]:
        return [e for e in registry if expand(e.params.get("Subkey", ""), script).lower() == subkey.lower()]

    ext = [e for e in key(r"Software\Classes\.cityeval") if e.params.get("ValueName", "") == ""]
    if not ext:
        script.problem(0, r"no [Registry] default value for Software\Classes\.cityeval (the ProgID)")
        return
    prog_id = expand(ext[0].params.get("ValueData", ""), script)
    if not prog_id:
        script.problem(ext[0].line, ".cityeval names no ProgID")
        return
    if not key(rf"Software\Classes\{prog_id}"):
        script.problem(0, rf"no [Registry] entry for the ProgID Software\Classes\{prog_id} (its name)")
    if not any(e.params.get("ValueData") for e in key(rf"Software\Classes\{prog_id}\DefaultIcon")):
        script.problem(0, rf"no DefaultIcon for {prog_id}")
    command = key(rf"Software\Classes\{prog_id}\shell\open\command")
    if not command:
        script.problem(0, rf"no shell\open\command for {prog_id}")
    elif '"%1"' not in command[0].params.get("ValueData", ""):
        script.problem(command[0].line, 'shell\\open\\command must pass the file quoted: "%1"')
    on_path = [e for e in registry if e.params.get("ValueName", "").lower() == "path"]
    if not on_path or not all("{app}" in e.params.get("ValueData", "") for e in on_path):
        script.problem(0, "no [Registry] entry adding {app} to PATH (the command line)")


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description="Check an Inno Setup script's syntax and file association.")
    parser.add_argument("script", nargs="?", type=Path, default=here / "cityeval.iss")
    parser.add_argument("--dist", type=Path, default=here.parent / "dist", help="the built dist folder")
    parser.add_argument("--require-build", action="store_true", help="fail when the built app is missing")
    args = parser.parse_args(argv)
    if not args.script.is_file():
        print(f"{args.script}: error: no such file", file=sys.stderr)
        return 1
    script = parse(args.script)
    notes: list[str] = []
    if not script.problems:
        check(script, args.dist, args.require_build, notes)
    for note in notes:
        print(note, file=sys.stderr)
    for problem in script.problems:
        print(problem, file=sys.stderr)
    if script.problems:
        return 1
    print(f"{args.script}: ok ({sum(len(v) for v in script.entries.values())} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
