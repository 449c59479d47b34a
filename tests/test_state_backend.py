"""Each stack keeps its state locally by default, in S3 when a bucket is named."""

from __future__ import annotations

import json

from monitoring_constructs import _cdk
from stacks.state_backend import configure_state_backend


def backend(env: dict[str, str], environment: str = "prod") -> dict:
    stack = _cdk.TerraformStack(_cdk.Testing.app(), f"fileflow-{environment}")
    configure_state_backend(
        stack, stack_name=f"fileflow-{environment}", environment=environment, region="ap-northeast-2", env=env
    )
    return json.loads(_cdk.Testing.synth(stack))["terraform"]["backend"]


def test_state_is_local_per_stack_by_default() -> None:
    assert backend({}) == {"local": {"path": "terraform.fileflow-prod.tfstate"}}


def test_a_named_bucket_keeps_every_environments_state_encrypted_and_locked_in_s3() -> None:
    assert backend({"MONITORING_STATE_BUCKET": "acme-tf-state"}, "dev") == {
        "s3": {
            "bucket": "acme-tf-state",
            "key": "monitoring/fileflow-dev.tfstate",
            "region": "ap-northeast-2",
            "encrypt": True,
            "use_lockfile": True,
        }
    }


def test_one_environment_can_use_its_own_bucket_and_region() -> None:
    env = {"MONITORING_STATE_BUCKET": "shared-state", "MONITORING_STATE_BUCKET_PROD": "prod-state",
           "MONITORING_STATE_REGION": "us-east-1"}
    assert backend(env, "prod")["s3"]["bucket"] == "prod-state"
    assert backend(env, "prod")["s3"]["region"] == "us-east-1"
    assert backend(env, "staging")["s3"]["bucket"] == "shared-state"
