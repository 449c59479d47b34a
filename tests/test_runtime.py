"""The library picks one CDK runtime at import, refuses to mix two, and runs an app of either.

The rule (``monitoring_constructs/_cdk.py``): ``MONITORING_CONSTRUCTS_RUNTIME`` first, then the
runtime the app already imported, then the installed one (CDK Terrain when both are: its extra
adds it to CDKTF, which every install brings).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from monitoring_constructs._cdk import (
    CDKTF,
    CDKTN,
    RUNTIME,
    RUNTIME_VARIABLE,
    RUNTIMES,
    Runtime,
    RuntimeSelectionError,
    choose_runtime,
    imported_runtimes,
)
from tests.runtimes import migrate

ROOT = Path(__file__).resolve().parent.parent
BOTH = {"cdktf", "cdktn"}

# --- the rule ---------------------------------------------------------------------------------


def test_a_plain_install_runs_on_cdktf() -> None:
    assert choose_runtime(None, installed={"cdktf"}, imported=set()) is CDKTF


def test_the_cdktn_extra_runs_on_cdk_terrain_although_cdktf_comes_with_every_install() -> None:
    assert choose_runtime(None, installed=BOTH, imported=set()) is CDKTN
    assert choose_runtime(None, installed={"cdktn"}, imported=set()) is CDKTN


def test_the_runtime_the_app_imported_first_wins_over_the_installed_default() -> None:
    assert choose_runtime(None, installed=BOTH, imported={"cdktf"}) is CDKTF
    assert choose_runtime("", installed=BOTH, imported={"cdktn"}) is CDKTN


def test_the_variable_chooses_when_both_are_installed() -> None:
    assert choose_runtime("cdktf", installed=BOTH, imported=set()) is CDKTF
    assert choose_runtime("cdktn", installed=BOTH, imported={"cdktn"}) is CDKTN


def test_no_runtime_installed_names_both_install_commands() -> None:
    with pytest.raises(RuntimeSelectionError) as raised:
        choose_runtime(None, installed=set(), imported=set())
    assert str(raised.value) == (
        "monitoring_constructs needs a CDK runtime and none is installed: "
        'pip install "monitoring-constructs" (CDK for Terraform) or '
        'pip install "monitoring-constructs[cdktn]" (CDK Terrain)'
    )


def test_a_variable_naming_an_uninstalled_runtime_says_what_to_install() -> None:
    with pytest.raises(RuntimeSelectionError) as raised:
        choose_runtime("cdktn", installed={"cdktf"}, imported=set())
    assert str(raised.value) == (
        "MONITORING_CONSTRUCTS_RUNTIME=cdktn, but CDK Terrain is not installed (cdktn and cdktn-provider-aws): "
        'pip install "monitoring-constructs[cdktn]"'
    )


def test_an_app_on_cdk_terrain_without_its_aws_bindings_says_what_to_install() -> None:
    with pytest.raises(RuntimeSelectionError, match=r"the app imported cdktn, but CDK Terrain is not installed"):
        choose_runtime(None, installed={"cdktf"}, imported={"cdktn"})


def test_an_unknown_variable_value_lists_the_runtimes() -> None:
    with pytest.raises(RuntimeSelectionError) as raised:
        choose_runtime("terraform", installed=BOTH, imported=set())
    assert str(raised.value) == "MONITORING_CONSTRUCTS_RUNTIME='terraform' is not a runtime; allowed: cdktf or cdktn (or unset)"


def test_the_variable_cannot_mix_the_library_into_an_app_on_the_other_runtime() -> None:
    with pytest.raises(RuntimeSelectionError) as raised:
        choose_runtime("cdktn", installed=BOTH, imported={"cdktf"})
    assert str(raised.value) == (
        "MONITORING_CONSTRUCTS_RUNTIME=cdktn, but the app already imported cdktf; one app cannot mix runtimes: "
        f"unset {RUNTIME_VARIABLE} or import only cdktn"
    )


def test_an_app_that_imported_both_runtimes_is_refused() -> None:
    with pytest.raises(RuntimeSelectionError, match="the app imported both cdktf and cdktn"):
        choose_runtime(None, installed=BOTH, imported=BOTH)


def test_a_runtime_counts_as_imported_by_its_core_library_or_its_aws_bindings() -> None:
    assert imported_runtimes({"cdktf": object()}) == {"cdktf"}
    assert imported_runtimes({"cdktn_provider_aws.s3_bucket": object(), "cdktn_provider_aws": object()}) == {"cdktn"}
    assert imported_runtimes({"constructs": object(), "jsii": object()}) == set()


# --- the rule at import, in a fresh process ---------------------------------------------------


def _other(runtime: Runtime) -> Runtime:
    return next(r for r in RUNTIMES if r is not runtime)


def test_importing_the_library_into_an_app_that_imported_the_other_runtime_fails_clearly() -> None:
    other = _other(RUNTIME)
    script = (
        "import sys, types\n"
        f"sys.modules[{other.core!r}] = types.ModuleType({other.core!r})  # the app's own import\n"
        "try:\n"
        "    from monitoring_constructs import ServiceMonitoring\n"
        "except ImportError as error:\n"
        "    print(type(error).__name__, error)\n"
    )
    env = {**os.environ, RUNTIME_VARIABLE: RUNTIME.name}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == (
        f"RuntimeSelectionError {RUNTIME_VARIABLE}={RUNTIME.name}, but the app already imported {other.core}; "
        f"one app cannot mix runtimes: unset {RUNTIME_VARIABLE} or import only {RUNTIME.core}"
    )


def test_importing_the_other_runtime_after_the_library_fails_clearly() -> None:
    other = _other(RUNTIME)
    script = (
        "from monitoring_constructs import ServiceMonitoring\n"
        "try:\n"
        f"    import {other.core}\n"
        "except ImportError as error:\n"
        "    print(type(error).__name__, error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == (
        f"RuntimeSelectionError monitoring_constructs runs on {RUNTIME.title} in this process; importing "
        f"{other.core} would mix runtimes: import {other.core} before monitoring_constructs, "
        f"or set {RUNTIME_VARIABLE}={other.name}"
    )


# --- one place names the runtime --------------------------------------------------------------

RUNTIME_MODULES = {module for runtime in RUNTIMES for module in runtime.modules()}
#: The library's one module, and a service team's app written for CDKTF (migrated by the test below).
ONLY_PLACES = {Path("monitoring_constructs/_cdk.py"), Path("tests/apps/orders_app.py")}


def runtime_imports(source: str) -> set[str]:
    """The runtime modules that Python ``source`` imports (import statements only, not strings)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.partition(".")[0])
    return found & RUNTIME_MODULES


def test_only_the_cdk_module_imports_a_runtime() -> None:
    """Everything else imports from monitoring_constructs._cdk, so every test runs on both runtimes."""
    folders = ("monitoring_constructs", "stacks", "tests", "bench")
    sources = [*ROOT.glob("*.py"), *(path for folder in folders for path in (ROOT / folder).rglob("*.py"))]
    offenders = sorted(
        str(path.relative_to(ROOT))
        for path in sources
        if path.relative_to(ROOT) not in ONLY_PLACES and runtime_imports(path.read_text())
    )
    assert offenders == []


def test_both_runtimes_are_tested_with_the_same_tools() -> None:
    def dev_packages(pipfile: Path) -> dict:
        return tomllib.loads(pipfile.read_text())["dev-packages"]

    default = dev_packages(ROOT / "Pipfile")
    for runtime in RUNTIMES[1:]:
        assert dev_packages(ROOT / "runtimes" / runtime.name / "Pipfile") == default, runtime.name


# --- a service team's app ---------------------------------------------------------------------


def test_a_service_teams_cdktf_app_migrated_by_the_readme_synthesizes_on_this_runtime(tmp_path: Path) -> None:
    app = tmp_path / "orders_app.py"
    app.write_text(migrate((ROOT / "tests" / "apps" / "orders_app.py").read_text()))
    assert runtime_imports(app.read_text()) == set(RUNTIME.modules())
    env = {key: value for key, value in os.environ.items() if key != RUNTIME_VARIABLE}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    subprocess.run(
        [sys.executable, str(app), str(tmp_path / "out")], cwd=tmp_path, env=env, timeout=300, check=True
    )
    stack = json.loads((tmp_path / "out" / "stacks" / "orders-prod" / "cdk.tf.json").read_text())
    assert stack["//"]["metadata"]["version"] == RUNTIME.version()
    [(cluster_id, cluster)] = stack["resource"]["aws_ecs_cluster"].items()
    assert cluster["name"] == "orders"
    alarms = {alarm["alarm_name"]: alarm for alarm in stack["resource"]["aws_cloudwatch_metric_alarm"].values()}
    assert alarms["orders-prod-cpu-high"]["dimensions"]["ClusterName"] == f"${{aws_ecs_cluster.{cluster_id}.name}}"
