"""The running-task alarm needs Container Insights: the plan checks the cluster (DESIGN.md 7.1)."""

from __future__ import annotations

import subprocess
import tempfile
from typing import Any

import pytest

from monitoring_constructs import AlarmOverride, EcsServiceTarget, MonitoredResources, MonitoringSettings, ServiceMonitoring
from monitoring_constructs.insights.container_insights import CONDITION, ENHANCED_CONDITION
from monitoring_constructs._cdk import TerraformStack
from tests.stack_assertions import EVERYONE_HEARS, Synthesized, synth_construct


def test_every_stack_checks_its_cluster_has_container_insights(stacks: dict[str, Synthesized]) -> None:
    for name, stack in stacks.items():
        (cluster,) = stack.data("aws_ecs_cluster")
        assert cluster["cluster_name"] == f"{name}-cluster"
        (postcondition,) = cluster["lifecycle"]["postcondition"]
        # Prod has the ephemeral-storage alarm (enhanced Container Insights): its cluster must be enhanced.
        assert postcondition["condition"] == (ENHANCED_CONDITION if name == "fileflow-prod" else CONDITION), name
        assert "Container Insights is off" in postcondition["error_message"] or (
            name == "fileflow-prod" and "enhanced observability is off" in postcondition["error_message"])


def test_the_check_can_be_turned_off() -> None:
    def build(stack: TerraformStack) -> None:
        ServiceMonitoring(stack, "Monitoring", settings=MonitoringSettings(
            service="batch", environment="dev", region="eu-west-1", check_container_insights=False,
            notifications=EVERYONE_HEARS,
            resources=MonitoredResources(ecs_service=EcsServiceTarget(cluster_name="jobs", service_name="batch")),
        ))

    assert synth_construct(build).data("aws_ecs_cluster") == []


def _postcondition(overrides: dict[str, AlarmOverride] | None = None, **ecs: Any) -> dict[str, str]:
    def build(stack: TerraformStack) -> None:
        ServiceMonitoring(stack, "Monitoring", settings=MonitoringSettings(
            service="batch", environment="dev", region="eu-west-1", notifications=EVERYONE_HEARS,
            resources=MonitoredResources(ecs_service=EcsServiceTarget(cluster_name="jobs", service_name="batch", **ecs)),
            alarm_overrides=overrides or {},
        ))

    (cluster,) = synth_construct(build).data("aws_ecs_cluster")
    (postcondition,) = cluster["lifecycle"]["postcondition"]
    return postcondition  # type: ignore[no-any-return]


def _passes(condition: str, setting_value: str) -> bool:
    """The postcondition as Terraform evaluates it, on a cluster whose containerInsights is ``setting_value``."""
    assert condition.startswith("${") and condition.endswith("}")
    cluster = f'[{{name = "containerInsights", value = "{setting_value}"}}]'
    expression = condition[2:-1].replace("self.setting", cluster)
    answer = subprocess.run(["terraform", "console"], input=expression, capture_output=True, text=True, check=True,
                            timeout=60, cwd=tempfile.gettempdir())
    return {"true": True, "false": False}[answer.stdout.strip()]


@pytest.mark.tools
def test_the_ephemeral_storage_alarm_needs_enhanced_container_insights_not_just_enabled() -> None:
    postcondition = _postcondition(enhanced_container_insights=True)
    assert [_passes(postcondition["condition"], value) for value in ("disabled", "enabled", "enhanced")] == [
        False, False, True]
    assert "enhanced observability is off" in postcondition["error_message"]
    assert "TaskEphemeralStorageUtilization" in postcondition["error_message"]


@pytest.mark.tools
def test_without_the_ephemeral_storage_alarm_enabled_is_enough() -> None:
    for ecs in ({}, {"enhanced_container_insights": True,
                     "overrides": {"ephemeral-storage-high": AlarmOverride(enabled=False)}}):
        postcondition = _postcondition(**ecs)
        assert [_passes(postcondition["condition"], value) for value in ("disabled", "enabled", "enhanced")] == [
            False, True, True], ecs
