"""A load balancer shared by several services is measured per service, through each one's target group."""

from __future__ import annotations

import json
from typing import Any

from monitoring_constructs import (
    AlarmOverride,
    EcsServiceTarget,
    LoadBalancerTarget,
    MonitoredResources,
    MonitoringSettings,
    ServiceMonitoring,
)
from monitoring_constructs._cdk import TerraformStack
from tests.stack_assertions import EVERYONE_HEARS, Synthesized, synth_construct

SHARED_ALB = "app/shared-alb/50dc6c495c0c9188"
GROUPS = {"orders": "targetgroup/orders/0123456789abcdef", "billing": "targetgroup/billing/fedcba9876543210"}
TARGET_METRIC_ALARMS = ("alb-5xx-high", "response-time-high", "alb-response-time-p99-high", "alb-unhealthy-hosts")
LOAD_BALANCER_ALARMS = ("alb-rejected-connections",)


def settings(service: str, load_balancer: LoadBalancerTarget, **changes: Any) -> MonitoringSettings:
    return MonitoringSettings(
        service=service, environment="prod", region="eu-west-1", notifications=EVERYONE_HEARS, **changes,
        resources=MonitoredResources(ecs_service=EcsServiceTarget(cluster_name="main", service_name=service),
                                     load_balancer=load_balancer),
    )


def two_services_behind_one_alb(stack: TerraformStack) -> None:
    for service, group in GROUPS.items():
        target = LoadBalancerTarget(arn_suffix=SHARED_ALB, target_group_arn_suffix=group)
        ServiceMonitoring(stack, service, settings=settings(service, target))


def dimensions(alarm: dict[str, Any]) -> list[dict[str, str]]:
    if "metric_query" in alarm:
        return [q["metric"]["dimensions"] for q in alarm["metric_query"] if "metric" in q]
    return [alarm["dimensions"]]


def test_each_service_on_a_shared_alb_is_measured_through_its_own_target_group() -> None:
    stack = synth_construct(two_services_behind_one_alb)
    for service, group in GROUPS.items():
        own = {"LoadBalancer": SHARED_ALB, "TargetGroup": group}
        for key in TARGET_METRIC_ALARMS:
            assert dimensions(stack.alarm(f"{service}-prod-{key}")) == [own], (service, key)
        assert dimensions(stack.alarm(f"{service}-prod-alb-5xx-rate-high")) == [own, own]
        # The load balancer's own 5xx and rejected connections exist per load balancer only.
        for key in LOAD_BALANCER_ALARMS:
            assert dimensions(stack.alarm(f"{service}-prod-{key}")) == [{"LoadBalancer": SHARED_ALB}]
        assert dimensions(stack.alarm(f"{service}-prod-alb-elb-5xx-rate-high")) == [{"LoadBalancer": SHARED_ALB}] * 3


def test_each_services_dashboard_graphs_its_own_target_group() -> None:
    stack = synth_construct(two_services_behind_one_alb)
    for board in stack.resources("aws_cloudwatch_dashboard"):
        service = board["dashboard_name"].split("-")[0]
        widgets = {w["properties"].get("title"): w["properties"] for w in json.loads(board["dashboard_body"])["widgets"]}
        rows = widgets["ALB healthy / unhealthy targets"]["metrics"]
        assert [row[1] for row in rows] == ["UnHealthyHostCount", "HealthyHostCount"]
        assert all(row[2:6] == ["LoadBalancer", SHARED_ALB, "TargetGroup", GROUPS[service]] for row in rows)
        assert widgets["ALB healthy / unhealthy targets"]["annotations"]["horizontal"][0]["value"] == 0


def test_without_a_target_group_the_alarms_watch_the_whole_load_balancer_and_unhealthy_targets_are_not_alarmed() -> None:
    target = LoadBalancerTarget(arn_suffix=SHARED_ALB)
    stack: Synthesized = synth_construct(lambda s: ServiceMonitoring(s, "M", settings=settings("orders", target)))
    for key in (*TARGET_METRIC_ALARMS[:3], *LOAD_BALANCER_ALARMS):
        assert dimensions(stack.alarm(f"orders-prod-{key}")) == [{"LoadBalancer": SHARED_ALB}], key
    assert "orders-prod-alb-unhealthy-hosts" not in stack.alarm_names()


def test_every_new_load_balancer_alarm_takes_an_override_and_can_be_switched_off() -> None:
    target = LoadBalancerTarget(arn_suffix=SHARED_ALB, target_group_arn_suffix=GROUPS["orders"])
    new = ("alb-elb-5xx-rate-high", "alb-unhealthy-hosts", "alb-response-time-p99-high", "alb-rejected-connections")
    overrides = {key: AlarmOverride(threshold=3, evaluation_periods=3) for key in new}
    tuned = synth_construct(lambda s: ServiceMonitoring(s, "M", settings=settings("orders", target, alarm_overrides=overrides)))
    assert {(tuned.alarm(f"orders-prod-{key}")["threshold"], tuned.alarm(f"orders-prod-{key}")["evaluation_periods"])
            for key in new} == {(3, 3)}
    off = {key: AlarmOverride(enabled=False) for key in new}
    quiet = synth_construct(lambda s: ServiceMonitoring(s, "M", settings=settings("orders", target, alarm_overrides=off)))
    assert not {f"orders-prod-{key}" for key in new} & quiet.alarm_names()
    assert {"orders-prod-alb-5xx-high", "orders-prod-response-time-high"} <= quiet.alarm_names()
