"""The composite "service unhealthy" alarm pages P0 when two symptoms are in ALARM together; like every alarm, through its topic's roll-up."""

from __future__ import annotations

import json
from typing import Any

import pytest

from monitoring_constructs import (
    CustomAlarm,
    EcsServiceTarget,
    LoadBalancerTarget,
    MonitoredResources,
    MonitoringSettings,
    ServiceHealth,
    ServiceHealthAlarm,
    ServiceHealthAlarmProps,
    ServiceMonitoring,
    Severity,
    StandardAlarms,
    StandardAlarmsProps,
)
from monitoring_constructs.alarms.composite import at_least
from monitoring_constructs.alarms.custom import Metric
from tests.alarms.service import topics_and_factory
from tests.rejections import rejected
from tests.stack_assertions import EVERYONE_HEARS, Synthesized, synth_construct

CHILDREN = ("task-count-zero", "alb-5xx-rate-high", "alb-response-time-p99-high")
SERVICE = EcsServiceTarget(cluster_name="main", service_name="orders")
RESOURCES = MonitoredResources(ecs_service=SERVICE, load_balancer=LoadBalancerTarget(arn_suffix="app/orders/0123abcd"))


def settings(**changes: Any) -> MonitoringSettings:
    return MonitoringSettings(**({"service": "orders", "environment": "prod", "region": "eu-west-1",
                                  "resources": RESOURCES, "notifications": EVERYONE_HEARS} | changes))


def monitored(**changes: Any) -> Synthesized:
    return synth_construct(lambda stack: ServiceMonitoring(stack, "Monitoring", settings=settings(**changes)))


def composite_names(stack: Synthesized) -> set[str]:
    return {c["alarm_name"] for c in stack.resources("aws_cloudwatch_composite_alarm")}


def test_prod_pages_p0_when_two_of_running_tasks_5xx_rate_and_response_time_fire(prod: Synthesized) -> None:
    unhealthy = prod.composite("fileflow-prod-service-unhealthy")
    names = [f"fileflow-prod-{key}" for key in CHILDREN]
    assert unhealthy["alarm_rule"] == at_least(2, [[name] for name in names])
    assert unhealthy["alarm_rule"].count("AND") == 3 and unhealthy["alarm_rule"].count("OR") == 2
    assert unhealthy["tags"]["Severity"] == "P0"
    assert "alarm_actions" not in unhealthy and "actions_suppressor" not in unhealthy
    assert prod.notifier_of(unhealthy)["alarm_name"] == "fileflow-prod-notify-p0"
    assert unhealthy["alarm_description"].startswith("[P0 Critical] Service unhealthy: at least 2 of task-count-zero, ")
    children = {f"${{aws_cloudwatch_metric_alarm.{rid}}}" for rid, a in
                prod.document["resource"]["aws_cloudwatch_metric_alarm"].items() if a["alarm_name"] in names}
    assert {ref.removesuffix("}").removeprefix("${") for ref in children} == set(unhealthy["depends_on"])


def test_at_least_k_of_n_is_every_k_subset_and_all_of_them_when_k_is_n() -> None:
    assert at_least(2, [["a"], ["b"], ["c"]]) == (
        '(ALARM("a") AND ALARM("b")) OR (ALARM("a") AND ALARM("c")) OR (ALARM("b") AND ALARM("c"))')
    assert at_least(2, [["a"], ["b-1", "b-2"]]) == 'ALARM("a") AND (ALARM("b-1") OR ALARM("b-2"))'


@pytest.mark.parametrize("key", CHILDREN)
def test_each_child_still_pages_its_own_topic_through_that_topics_roll_up(prod: Synthesized, key: str) -> None:
    child = prod.alarm(f"fileflow-prod-{key}")
    assert "alarm_actions" not in child and "ok_actions" not in child
    severity = child["tags"]["Severity"]
    assert prod.notifier_of(child)["alarm_name"] == f"fileflow-prod-notify-{severity.lower()}"


def test_the_alarm_status_widget_lists_service_unhealthy_first(prod: Synthesized) -> None:
    (board,) = prod.resources("aws_cloudwatch_dashboard")
    (status,) = [w for w in json.loads(board["dashboard_body"])["widgets"] if w["type"] == "alarm"]
    # By name, not a reference: the dashboard does not depend on the composite resource.
    first = status["properties"]["alarms"][0]
    assert first.startswith("arn:${data.aws_partition.") and first.endswith(":alarm:fileflow-prod-service-unhealthy")
    assert not any("-notify-" in arn for arn in status["properties"]["alarms"])


def test_disabled_there_is_no_composite_and_every_child_pages_its_own_topic() -> None:
    stack = monitored(service_health=ServiceHealth(enabled=False))
    assert "orders-prod-service-unhealthy" not in composite_names(stack)
    assert stack.notifier_of(stack.alarm("orders-prod-task-count-zero"))["alarm_actions"] == [
        stack.topic_arn("orders-prod-alerts-p0")]


def test_without_enough_children_present_there_is_no_composite() -> None:
    stack = monitored(resources=MonitoredResources(ecs_service=SERVICE))  # no load balancer: one child left
    assert "orders-prod-service-unhealthy" not in composite_names(stack)


def test_children_may_be_custom_alarms_and_the_severity_defaults_to_the_highest_child() -> None:
    orders = CustomAlarm(key="orders-failing", summary="Orders failing", severity=Severity.P1, threshold=5,
                         metric=Metric(namespace="Orders", metric_name="Failed", statistic="Sum"))
    stack = monitored(custom_alarms=(orders,),
                      service_health=ServiceHealth(children=("orders-failing", "response-time-high"), at_least=2))
    unhealthy = stack.composite("orders-prod-service-unhealthy")
    assert unhealthy["alarm_rule"] == 'ALARM("orders-prod-orders-failing") AND ALARM("orders-prod-response-time-high")'
    assert unhealthy["tags"]["Severity"] == "P1"
    assert stack.notifier_of(unhealthy)["alarm_name"] == "orders-prod-notify-p1"


def test_the_suppression_timing_moved_to_paging_and_setting_it_here_says_where() -> None:
    rejected(lambda: ServiceHealth(wait_period=60), "service_health.wait_period", "60", "MonitoringSettings(paging=Paging(wait_period=...))")
    rejected(lambda: ServiceHealth(extension_period=300), "service_health.extension_period", "300", "paging=Paging(extension_period=...)")


@pytest.mark.parametrize(("changes", "field", "value", "allowed"), [
    ({"children": ("task-count-zero",)}, "service_health.children", "('task-count-zero',)", "2 to 10 alarm keys"),
    ({"at_least": 4}, "service_health.at_least", "4", "3"),
    ({"at_least": 1}, "service_health.at_least", "1", "2"),
    ({"children": ("task-count-zero", "task-count-zero")}, "service_health.children", "task-count-zero", "each value once"),
])
def test_service_health_settings_are_checked(changes: dict[str, Any], field: str, value: str, allowed: str) -> None:
    rejected(lambda: ServiceHealth(**changes), field, value, allowed)


def test_a_child_must_be_an_alarm_key_of_the_library_or_a_custom_alarm() -> None:
    rejected(lambda: settings(service_health=ServiceHealth(children=("task-count-zero", "no-such-alarm"))),
             "service_health.children", "no-such-alarm", "one of")


def test_the_service_health_alarm_works_alone_from_its_props_no_monitoring_settings() -> None:
    def build(stack) -> None:
        _, factory = topics_and_factory(stack)
        StandardAlarms(stack, "Alarms", alarms=factory, props=StandardAlarmsProps(resources=RESOURCES.targets()))
        ServiceHealthAlarm(stack, "ServiceHealth", alarms=factory,
                           props=ServiceHealthAlarmProps(health=ServiceHealth(children=CHILDREN[:2], at_least=2)))

    composite = synth_construct(build).one("aws_cloudwatch_composite_alarm", alarm_name="orders-prod-service-unhealthy")
    assert composite["alarm_rule"] == 'ALARM("orders-prod-task-count-zero") AND ALARM("orders-prod-alb-5xx-rate-high")'
