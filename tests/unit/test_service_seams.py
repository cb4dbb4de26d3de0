"""No service module uses another service module's private names (``_name``): what two services
share is a public, documented function of one of them, or row-level work in ``store/case_repo.py``.

The check reads the source of the installed ``cityeval_desktop.services`` package: imports
(absolute or relative) of an underscore name or an underscore module from another service module,
and attribute access such as ``cases._detail`` on a service module imported under a name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import cityeval_desktop.services

PACKAGE = "cityeval_desktop.services"
SERVICES = Path(cityeval_desktop.services.__file__).resolve().parent


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _absolute(module: str | None, level: int) -> str:
    """The absolute name of an ``from module import`` inside the services package."""
    if level == 0:
        return module or ""
    parts = PACKAGE.split(".")[: len(PACKAGE.split(".")) - (level - 1)]
    return ".".join(parts + ([module] if module else []))


def private_uses(source: str, own_module: str) -> list[str]:
    """``line: what`` for each private name of another service module that ``source`` uses."""
    found: list[str] = []
    service_aliases: set[str] = set()  # local names bound to a service module
    own = f"{PACKAGE}.{own_module}"
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = _absolute(node.module, node.level)
            if module != PACKAGE and not module.startswith(PACKAGE + "."):
                continue
            if module == own:
                continue
            if any(_private(part) for part in module.split(".")):
                found.append(f"{node.lineno}: from {module} import …")
                continue
            for alias in node.names:
                if module == PACKAGE:  # from cityeval_desktop.services import cases [as c]
                    if _private(alias.name):
                        found.append(f"{node.lineno}: {module}.{alias.name}")
                    elif alias.name != own_module:
                        service_aliases.add(alias.asname or alias.name)
                elif _private(alias.name):
                    found.append(f"{node.lineno}: {module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PACKAGE + ".") and alias.name != own:
                    if any(_private(part) for part in alias.name.split(".")):
                        found.append(f"{node.lineno}: import {alias.name}")
                    if alias.asname:
                        service_aliases.add(alias.asname)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in service_aliases
            and _private(node.attr)
        ):
            found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def test_no_service_module_uses_private_names_of_another() -> None:
    modules = sorted(SERVICES.glob("*.py"))
    assert len(modules) > 10, SERVICES  # the real package, not an empty folder
    offences = {path.name: uses for path in modules if (uses := private_uses(path.read_text("utf-8"), path.stem))}
    assert offences == {}


def test_the_check_sees_each_kind_of_private_use() -> None:
    source = (
        "from cityeval_desktop.services.cases import CaseDetail, _detail\n"
        "from .summaries import _utc\n"
        "from . import _hidden\n"
        "from cityeval_desktop.services import cases as case_service\n"
        "from cityeval_desktop.services._private_module import thing\n"
        "import cityeval_desktop.services.revisions as rev\n"
        "from cityeval_desktop.store.engine import backup_database as _backup\n"  # another layer: not ours
        "from cityeval_desktop.services.reporting import _own\n"  # its own module
        "from cityeval_desktop.services.context import AppContext as _Ctx\n"  # public name, private alias
        "x = case_service._summary(row)\n"
        "y = rev._diff\n"
        "z = case_service.summary_of(row)\n"
        "w = __name__\n"
    )
    assert private_uses(source, "reporting") == [
        "1: cityeval_desktop.services.cases._detail",
        "2: cityeval_desktop.services.summaries._utc",
        "3: cityeval_desktop.services._hidden",
        "5: from cityeval_desktop.services._private_module import …",
        "10: case_service._summary",
        "11: rev._diff",
    ]
