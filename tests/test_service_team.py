"""A service team composes ServiceMonitoring into its own stack with tokens from its own resources."""

from __future__ import annotations

import re
from pathlib import Path

from monitoring_constructs import (
    Contacts,
    EcsServiceTarget,
    LoadBalancerTarget,
    MonitoredResources,
    MonitoringSettings,
    Notifications,
    RedisTarget,
    ServiceMonitoring,
    Severity,
)
from monitoring_constructs._cdk import TerraformStack, provider_submodule
from tests.stack_assertions import EVERYONE_HEARS, Synthesized, synth_construct

README = Path(__file__).resolve().parents[1] / "README.md"


def build_team_stack(stack: TerraformStack) -> None:
    # The team's own resources, from the AWS bindings of whichever runtime the library chose.
    ecs_cluster, ecs_service, elasticache, lb, lb_target_group = (
        provider_submodule(name)
        for name in ("ecs_cluster", "ecs_service", "elasticache_replication_group", "lb", "lb_target_group")
    )
    cluster = ecs_cluster.EcsCluster(
        stack, "cluster", name="orders", setting=[ecs_cluster.EcsClusterSetting(name="containerInsights", value="enabled")]
    )
    service = ecs_service.EcsService(stack, "service", name="orders-api", cluster=cluster.id, task_definition="orders:1")
    alb = lb.Lb(stack, "alb", name="orders-alb", subnets=["subnet-1", "subnet-2"])
    tg = lb_target_group.LbTargetGroup(
        stack, "tg", name="orders-api", port=8080, protocol="HTTP", vpc_id="vpc-1", target_type="ip"
    )
    redis = elasticache.ElasticacheReplicationGroup(
        stack, "redis", replication_group_id="orders-cache", description="cache"
    )
    ServiceMonitoring(
        stack,
        "Monitoring",
        settings=MonitoringSettings(
            service="orders",
            environment="prod",
            region="eu-west-1",
            resources=MonitoredResources(
                ecs_service=EcsServiceTarget(cluster_name=cluster.name, service_name=service.name),
                load_balancer=LoadBalancerTarget(arn_suffix=alb.arn_suffix, target_group_arn_suffix=tg.arn_suffix),
                redis=RedisTarget(replication_group_id=redis.replication_group_id, node_count=2),
            ),
            # As in the README: P3 (Redis CPU) is read on the dashboard, nobody is mailed.
            notifications=Notifications(
                contacts={
                    Severity.P0: Contacts(
                        emails=("oncall@example.com",),
                        https_endpoints=("https://events.pagerduty.com/integration/orders/enqueue",),
                    ),
                    Severity.P1: Contacts(emails=("platform@example.com",)),
                    Severity.P2: Contacts(emails=("orders-team@example.com",)),
                },
                unattended=frozenset({Severity.P3}),
            ),
        ),
    )


def test_alarms_reference_the_teams_own_resources_not_copied_names() -> None:
    stack = synth_construct(build_team_stack)
    cluster_id, service_id, alb_id, group_id, redis_id = (
        stack.resource_ids(kind)[0]
        for kind in ("aws_ecs_cluster", "aws_ecs_service", "aws_lb", "aws_lb_target_group",
                     "aws_elasticache_replication_group")
    )
    assert stack.alarm("orders-prod-cpu-high")["dimensions"] == {
        "ClusterName": f"${{aws_ecs_cluster.{cluster_id}.name}}",
        "ServiceName": f"${{aws_ecs_service.{service_id}.name}}",
    }
    assert stack.alarm("orders-prod-response-time-high")["dimensions"] == {
        "LoadBalancer": f"${{aws_lb.{alb_id}.arn_suffix}}",
        "TargetGroup": f"${{aws_lb_target_group.{group_id}.arn_suffix}}",
    }
    member = stack.alarm("orders-prod-redis-cpu-high-2")["dimensions"]["CacheClusterId"]
    assert member == f'${{join("", [aws_elasticache_replication_group.{redis_id}.replication_group_id, "-002"])}}'


def test_a_team_without_alb_redis_or_rds_gets_only_the_ecs_and_error_line_alarms() -> None:
    def build(stack: TerraformStack) -> None:
        ServiceMonitoring(
            stack,
            "Monitoring",
            settings=MonitoringSettings(
                service="batch",
                environment="dev",
                region="eu-west-1",
                resources=MonitoredResources(ecs_service=EcsServiceTarget(cluster_name="jobs", service_name="batch")),
                notifications=EVERYONE_HEARS,
            ),
        )

    stack: Synthesized = synth_construct(build)
    assert stack.alarm_names() == {
        "batch-dev-cpu-high", "batch-dev-cpu-very-high", "batch-dev-memory-elevated",
        "batch-dev-memory-high", "batch-dev-task-count-zero", "batch-dev-app-error-lines-high",
    }


def test_a_team_with_its_own_kms_key_gets_no_second_key() -> None:
    arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

    def build(stack: TerraformStack) -> None:
        ServiceMonitoring(
            stack,
            "Monitoring",
            settings=MonitoringSettings(
                service="batch", environment="dev", region="eu-west-1", kms_key_arn=arn,
                resources=MonitoredResources(ecs_service=EcsServiceTarget(cluster_name="jobs", service_name="batch")),
                notifications=EVERYONE_HEARS,
            ),
        )

    stack = synth_construct(build)
    assert stack.resources("aws_kms_key") == []
    assert {group["kms_key_id"] for group in stack.resources("aws_cloudwatch_log_group")} == {arn}


def readme_databases_example() -> str:
    """The README's ``MonitoredResources(...)`` example of load balancers and databases, as written."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)
    (example,) = [block for block in blocks if "AuroraClusterTarget(cluster_identifier=" in block]
    return example


def test_the_readme_databases_example_synthesizes_with_labelled_and_per_role_alarms() -> None:
    namespace: dict[str, object] = {}
    exec(readme_databases_example().replace("    ...,\n", "    ecs_service=EcsServiceTarget(cluster_name='main', "
                                                             "service_name='orders'),\n", 1)
         .replace("MonitoredResources(", "resources = MonitoredResources(", 1),
         {"MonitoredResources": MonitoredResources, "EcsServiceTarget": EcsServiceTarget}, namespace)
    settings = MonitoringSettings(service="orders", environment="prod", region="eu-west-1",
                                  resources=namespace["resources"], notifications=EVERYONE_HEARS)
    stack = synth_construct(lambda s: ServiceMonitoring(s, "Monitoring", settings=settings))
    assert {"orders-prod-rds-free-storage-low", "orders-prod-rds-cpu-high-reports", "orders-prod-aurora-cpu-high-reader",
            "orders-prod-aurora-db-load-high-2"} <= stack.alarm_names()
    assert "orders-prod-rds-free-storage-low-reports" not in stack.alarm_names()  # no sizes given for it
