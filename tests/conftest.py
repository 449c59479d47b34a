"""Shared fixtures: the default stacks are synthesized once per test session.

``--runtime cdktf|cdktn`` (``./dev test`` passes it) makes the session fail at once unless
``monitoring_constructs._cdk`` chose that runtime on its own, so a run meant for CDK Terrain
cannot pass on CDKTF by accident.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Each Testing.app() makes a folder in the runtime's temp folder and never removes it (about a
# thousand per run). The runtime (a node process, started by the import below) takes this
# session's folder instead, removed when the session ends; Python keeps the system's.
RUNTIME_TEMP = tempfile.mkdtemp(prefix="monitoring-tests-")
os.environ["TMPDIR"] = RUNTIME_TEMP

from monitoring_constructs._cdk import RUNTIME, RUNTIMES  # noqa: E402
from stacks import ENVIRONMENTS, SERVICE, build_app  # noqa: E402
from tests import terraform_harness as harness  # noqa: E402
from tests.stack_assertions import Synthesized  # noqa: E402

STACK_NAMES = tuple(f"{SERVICE}-{environment}" for environment in ENVIRONMENTS)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--runtime",
        choices=[runtime.name for runtime in RUNTIMES],
        help="fail unless the library chose this CDK runtime (./dev test passes it)",
    )


def pytest_configure(config: pytest.Config) -> None:
    expected = config.getoption("runtime")
    if expected and expected != RUNTIME.name:
        raise pytest.UsageError(
            f"--runtime {expected}, but monitoring_constructs._cdk chose {RUNTIME.name} in this environment"
        )


def pytest_sessionfinish() -> None:
    shutil.rmtree(RUNTIME_TEMP, ignore_errors=True)


def pytest_report_header() -> str:
    return (
        f"CDK runtime: {RUNTIME.title} ({RUNTIME.distributions[0]} {RUNTIME.version()}, "
        f"{RUNTIME.distributions[1]} {RUNTIME.provider_version()})"
    )


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """cdktf.out of the default app, synthesized once for the whole session."""
    outdir = tmp_path_factory.mktemp("cdktf.out")
    build_app(str(outdir)).synth()
    return outdir


@pytest.fixture(scope="session")
def stacks(synth_dir: Path) -> dict[str, Synthesized]:
    """Every default stack by name (``fileflow-prod``...), parsed."""
    return {
        name: Synthesized(json.loads((synth_dir / "stacks" / name / "cdk.tf.json").read_text()))
        for name in STACK_NAMES
    }


@pytest.fixture(scope="session")
def prod(stacks: dict[str, Synthesized]) -> Synthesized:
    return stacks["fileflow-prod"]


@pytest.fixture(scope="session")
def dev(stacks: dict[str, Synthesized]) -> Synthesized:
    return stacks["fileflow-dev"]


@pytest.fixture(scope="session")
def staging(stacks: dict[str, Synthesized]) -> Synthesized:
    return stacks["fileflow-staging"]


@pytest.fixture(scope="session")
def terraform(tmp_path_factory: pytest.TempPathFactory) -> harness.Terraform:
    """terraform with the offline provider mirror and one plugin cache for the session (skips or fails if absent)."""
    base = tmp_path_factory.getbasetemp()
    return harness.terraform_setup(base / "terraform-cli", plugin_cache_dir=base / "terraform-plugin-cache")
