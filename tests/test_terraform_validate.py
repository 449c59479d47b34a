"""`terraform validate` with the real AWS provider on every default stack and the worker (DESIGN §9.5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import terraform_harness as harness
from tests.conftest import STACK_NAMES
from tests.worker_example import WORKER_STACK_NAME, synth_worker

pytestmark = pytest.mark.tools


def _diagnostic(d: dict) -> str:
    where = d.get("range", {})
    location = f" ({where.get('filename')}:{where.get('start', {}).get('line')})" if where else ""
    return f"{d.get('severity')}: {d.get('summary')}{location}\n    {d.get('detail', '')}".rstrip()


@pytest.mark.parametrize("stack", [*STACK_NAMES, WORKER_STACK_NAME])
def test_stack_validates_with_the_real_aws_provider(
    stack: str, synth_dir: Path, terraform: harness.Terraform, tmp_path: Path
) -> None:
    document = synth_worker().document if stack == WORKER_STACK_NAME else harness.load_stack(synth_dir, stack)
    report = harness.validate(terraform, document, tmp_path / stack)
    diagnostics = report.get("diagnostics", [])
    errors = [d for d in diagnostics if d.get("severity") == "error"]
    warnings = [d for d in diagnostics if d.get("severity") == "warning"]
    for warning in warnings:
        print(f"{stack}: {_diagnostic(warning)}")
    assert report.get("valid") is True and report.get("error_count", 0) == 0 and not errors, (
        f"terraform validate of {stack} (hashicorp/aws {terraform.provider_version}) failed:\n"
        + "\n".join(_diagnostic(d) for d in errors)
    )
    assert report.get("warning_count", 0) == len(warnings)
