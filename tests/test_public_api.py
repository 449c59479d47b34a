"""The package's shape: plain settings never start the runtime, no import cycles, typed public names."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import monitoring_constructs
from monitoring_constructs._cdk import Fn, TerraformStack, TerraformVariable, Token
from monitoring_constructs._cdk import Testing as CdkTesting
from monitoring_constructs.core.tokens import is_token

PACKAGE = Path(monitoring_constructs.__file__).parent
ROOT = PACKAGE.parent
# Plain Python: settings, rules, data and the tools that run without CDKTF.
RUNTIME_FREE = ("monitoring_constructs.core", "monitoring_constructs.alarms.catalog", "monitoring_constructs.review",
                "monitoring_constructs.tools.export_logs", "monitoring_constructs.tools.log_analyzer")
MODULE_LINES_MAX = 400


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported_modules(name: str, path: Path) -> set[str]:
    """Library modules ``name`` imports at run time (TYPE_CHECKING blocks are not run)."""
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            found.add(target)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("monitoring_constructs"):
            found.add(node.module)
    known = modules()
    return {t if t in known else t.rsplit(".", 1)[0] for t in found} & set(known)


def test_plain_settings_and_tools_never_load_cdktf() -> None:
    names = [name for name in modules() if any(name == p or name.startswith(p + ".") for p in RUNTIME_FREE)]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "from monitoring_constructs import MonitoringSettings, Severity, Notifications, Contacts\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('cdktf', 'jsii', 'constructs', "
        "'cdktf_cdktf_provider_aws')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout.replace("'", '"')) == []


def test_no_module_imports_another_in_a_cycle() -> None:
    graph = {name: imported_modules(name, path) for name, path in modules().items()}
    visiting: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        assert name not in visiting, "import cycle: " + " -> ".join(visiting[visiting.index(name):] + [name])
        visiting.append(name)
        for target in sorted(graph[name]):
            if target != name and not name.startswith(target + "."):  # a package importing its own parent
                visit(target)
        visiting.pop()
        done.add(name)

    for name in graph:
        visit(name)


def test_no_module_is_longer_than_400_lines() -> None:
    long = {name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > MODULE_LINES_MAX}
    assert long == {}


def test_every_public_name_is_visible_to_type_checkers_and_at_run_time() -> None:
    tree = ast.parse((PACKAGE / "__init__.py").read_text())
    checked: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                checked |= {alias.name: statement.module or "" for alias in statement.names}
    assert checked == dict(monitoring_constructs._EXPORTS)
    assert (PACKAGE / "py.typed").exists()
    for name in monitoring_constructs.__all__:
        value = getattr(monitoring_constructs, name)
        assert name.isupper() or value.__name__ == name


@pytest.mark.parametrize(
    "make",
    [
        lambda stack: "orders",
        lambda stack: "${var.orders}",
        lambda stack: "TfToken[TOKEN.1]",
        lambda stack: TerraformVariable(stack, "name", type="string").string_value,
        lambda stack: Fn.join("-", [TerraformVariable(stack, "other", type="string").string_value, "api"]),
        lambda stack: "prefix-" + TerraformVariable(stack, "third", type="string").string_value,
        lambda stack: Token.as_string(TerraformVariable(stack, "names", type="list(string)").list_value),
    ],
)
def test_the_runtime_free_token_check_agrees_with_cdktf(make) -> None:
    value = make(TerraformStack(CdkTesting.app(), "tokens"))
    assert is_token(value) == Token.is_unresolved(value)


# Constructs take small props (issue 9): only these turn MonitoringSettings into props.
SETTINGS_READERS = {"monitoring_constructs", "monitoring_constructs.facade", "monitoring_constructs.props_from_settings"}


def names_settings(name: str, source: str, package: bool = False) -> bool:
    """Whether module ``name`` (of ``source``) imports ``core.settings`` in any form, type-checking imports included."""
    parent = name if package else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom):
            continue
        base = parent.split(".")[: len(parent.split(".")) - node.level + 1] if node.level else []
        module = ".".join(base + ([node.module] if node.module else []))
        if module == "monitoring_constructs.core.settings" or (
            module == "monitoring_constructs.core" and any(alias.name == "settings" for alias in node.names)
        ):
            return True
    return False


def test_constructs_take_props_and_only_the_facade_turns_settings_into_them() -> None:
    readers = {name for name, path in modules().items() if not name.startswith("monitoring_constructs.core.")
               and names_settings(name, path.read_text(), path.name == "__init__.py")}
    assert readers == SETTINGS_READERS


@pytest.mark.parametrize(("source", "reads"), [
    ("from ..core.settings import MonitoringSettings", True),
    ("from ..core import settings", True),
    ("from monitoring_constructs.core.settings import MonitoringSettings", True),
    ("if TYPE_CHECKING:\n    from ..core.settings import MonitoringSettings", True),
    ("from ..core.severity import Severity", False),
    ("from ..core import severity", False),
])
def test_the_settings_check_sees_every_form_of_import(source: str, reads: bool) -> None:
    assert names_settings("monitoring_constructs.logs.groups", source) is reads
