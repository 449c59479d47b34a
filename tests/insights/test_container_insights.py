"""The running-task alarm needs Container Insights: the plan checks the cluster (DESIGN.md 7.1)."""

from __future__ import annotations

from monitoring_constructs import EcsServiceTarget, MonitoredResources, MonitoringSettings, ServiceMonitoring
from monitoring_constructs.insights.container_insights import CONDITION
from monitoring_constructs._cdk import TerraformStack
from tests.stack_assertions import EVERYONE_HEARS, Synthesized, synth_construct


def test_every_stack_checks_its_cluster_has_container_insights(stacks: dict[str, Synthesized]) -> None:
    for name, stack in stacks.items():
        (cluster,) = stack.data("aws_ecs_cluster")
        assert cluster["cluster_name"] == f"{name}-cluster"
        (postcondition,) = cluster["lifecycle"]["postcondition"]
        assert postcondition["condition"] == CONDITION
        assert "Container Insights is off" in postcondition["error_message"]


def test_the_check_can_be_turned_off() -> None:
    def build(stack: TerraformStack) -> None:
        ServiceMonitoring(stack, "Monitoring", settings=MonitoringSettings(
            service="batch", environment="dev", region="eu-west-1", check_container_insights=False,
            notifications=EVERYONE_HEARS,
            resources=MonitoredResources(ecs_service=EcsServiceTarget(cluster_name="jobs", service_name="batch")),
        ))

    assert synth_construct(build).data("aws_ecs_cluster") == []
