"""Where each stack keeps its Terraform state: local by default, S3 when configured.

``MONITORING_STATE_BUCKET`` (all environments) or ``MONITORING_STATE_BUCKET_<ENV>``
(one environment, e.g. ``MONITORING_STATE_BUCKET_PROD``) selects an S3 bucket;
``MONITORING_STATE_REGION`` its region (default: the stack's region). State
is encrypted and locked with S3's native lock file (Terraform >= 1.10).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from monitoring_constructs._cdk import LocalBackend, S3Backend, TerraformStack


def configure_state_backend(
    stack: TerraformStack, *, stack_name: str, environment: str, region: str, env: Mapping[str, str] | None = None
) -> None:
    env = os.environ if env is None else env
    bucket = env.get(f"MONITORING_STATE_BUCKET_{environment.upper()}") or env.get("MONITORING_STATE_BUCKET")
    if not bucket:
        LocalBackend(stack, path=f"terraform.{stack_name}.tfstate")
        return
    S3Backend(
        stack,
        bucket=bucket,
        key=f"monitoring/{stack_name}.tfstate",
        region=env.get("MONITORING_STATE_REGION") or region,
        encrypt=True,
    )
    stack.add_override("terraform.backend.s3.use_lockfile", True)
