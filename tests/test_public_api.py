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


def test_alarm_and_notification_constructs_never_read_the_settings() -> None:
    """They take small props: a team uses them without a whole service's MonitoringSettings (issue 9)."""
    for name, path in modules().items():
        if name.startswith(("monitoring_constructs.alarms.", "monitoring_constructs.notify.")):
            assert "monitoring_constructs.core.settings" not in imported_modules(name, path), name


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


# Constructs take small props, never the whole settings (issue 9): these subpackages do not import them.
SETTINGS_FREE = tuple(f"monitoring_constructs.{package}" for package in ("tracing", "insights", "dashboard", "infra"))


def test_tracing_insights_dashboard_and_infra_never_import_the_settings() -> None:
    readers = {name for name, path in modules().items()
               if name.startswith(SETTINGS_FREE) and "monitoring_constructs.core.settings" in imported_modules(name, path)}
    assert readers == set()


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


def test_log_and_tool_constructs_take_props_never_the_whole_settings() -> None:
    constructs = {name: path for name, path in modules().items()
                  if name.startswith("monitoring_constructs.logs.") or name == "monitoring_constructs.tools.log_analyzer_function"}
    assert len(constructs) == 7
    readers = {name for name, path in constructs.items() if "monitoring_constructs.core.settings" in imported_modules(name, path)}
    assert readers == set()
