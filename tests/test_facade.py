"""An open library: a service gets what it has, more can be monitored, and teams add their own alarms."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from monitoring_constructs import (
    Contacts,
    EcsServiceTarget,
    LoadBalancerTarget,
    MonitoredResources,
    MonitoringConfigError,
    MonitoringSettings,
    Notifications,
    RedisTarget,
    ServiceMonitoring,
    Severity,
)
from monitoring_constructs.alarms.custom import CustomAlarm, Metric
from monitoring_constructs.alarms.spec import MetricMath
from monitoring_constructs.tracing.task_definition import AppContainer, FargateTaskProps
from tests.stack_assertions import EVERYONE_HEARS, Synthesized, synth_construct

WORKER = MonitoredResources(ecs_service=EcsServiceTarget(cluster_name="jobs", service_name="worker"))
CHECKOUT_FAILURES = CustomAlarm(
    key="checkout-failures-high",
    summary="More than {threshold:g} failed checkouts in {window}",
    severity=Severity.P1,
    metric=Metric(namespace="Orders", metric_name="CheckoutFailed", statistic="Sum", dimensions={"Stage": "prod"}),
    threshold=5,
    period=60,
    evaluation_periods=3,
    treat_missing_data="notBreaching",
)


def settings(resources: MonitoredResources = WORKER, **changes: Any) -> MonitoringSettings:
    values: dict[str, Any] = {"service": "orders", "environment": "prod", "region": "eu-west-1",
                              "resources": resources, "notifications": EVERYONE_HEARS}
    return MonitoringSettings(**(values | changes))


def synth(build) -> Synthesized:
    return synth_construct(build)


def monitored(**changes: Any) -> tuple[Synthesized, dict]:
    found: dict = {}

    def build(stack):
        found["monitoring"] = ServiceMonitoring(stack, "Monitoring", settings=settings(**changes))

    return synth(build), found


def dashboard(stack: Synthesized) -> dict:
    return json.loads(stack.one("aws_cloudwatch_dashboard")["dashboard_body"])


def queries(stack: Synthesized) -> set[str]:
    return {q["name"] for q in stack.resources("aws_cloudwatch_query_definition")}


def test_a_worker_without_a_load_balancer_gets_no_access_log_and_no_http_queries() -> None:
    stack, _ = monitored()
    assert stack.log_group_names() == {"/ecs/orders-prod/application", "/ecs/orders-prod/error"}
    assert queries(stack) == {"orders-prod/recent-errors"}
    assert not [name for name in stack.alarm_names() if "alb" in name or "response-time" in name]


def test_a_service_behind_a_load_balancer_gets_its_access_log_and_http_queries() -> None:
    alb = MonitoredResources(ecs_service=WORKER.ecs_service, load_balancer=LoadBalancerTarget(arn_suffix="app/orders/0123abcd"))
    stack, _ = monitored(resources=alb)
    assert "/ecs/orders-prod/access" in stack.log_group_names()
    assert queries(stack) == {"orders-prod/recent-errors", "orders-prod/api-response-times",
                              "orders-prod/5xx-patterns", "orders-prod/api-calls-per-user"}


def test_a_service_without_ecs_gets_no_ecs_logs_error_line_alarm_or_cluster_check() -> None:
    cache_only = MonitoredResources(redis=RedisTarget(replication_group_id="orders-cache"))
    stack, _ = monitored(resources=cache_only)
    assert stack.log_group_names() == set()
    assert stack.alarm_names() == {f"orders-prod-redis-{key}-1" for key in ("cpu-high", "memory-high", "evictions",
                                                                            "connections-high")}
    assert stack.data("aws_ecs_cluster") == []
    # Header, alarm status, one graph per Redis alarm: engine CPU, memory, evictions, connections.
    assert [w["type"] for w in dashboard(stack)["widgets"]] == ["text", "alarm", "metric", "metric", "metric", "metric"]


def test_a_task_definition_needs_an_ecs_service_to_log_to() -> None:
    task = FargateTaskProps(app=AppContainer(name="app", image="repo/app:1.0.0", port=8080), cpu=256, memory=512)
    with pytest.raises(MonitoringConfigError, match=r"^task: .* allowed: an ECS service in resources"):
        synth(lambda stack: ServiceMonitoring(stack, "Monitoring", settings=settings(
            resources=MonitoredResources(redis=RedisTarget(replication_group_id="orders-cache"))), task=task))


def test_a_custom_alarm_notifies_through_routing_and_is_drawn_with_its_threshold() -> None:
    stack, _ = monitored(custom_alarms=(CHECKOUT_FAILURES,))
    alarm = stack.alarm("orders-prod-checkout-failures-high")
    assert (alarm["namespace"], alarm["metric_name"], alarm["statistic"]) == ("Orders", "CheckoutFailed", "Sum")
    assert alarm["dimensions"] == {"Stage": "prod"}
    notifier = stack.notifier_of(alarm)
    assert notifier["alarm_actions"] == [stack.topic_arn("orders-prod-alerts-p1")]
    assert notifier["ok_actions"] == notifier["alarm_actions"]  # P1 notifies recovery
    assert alarm["alarm_description"].startswith("[P1 High] More than 5 failed checkouts in 1 minute.")
    policies = {p["arn"]: p["policy"] for p in stack.resources("aws_sns_topic_policy")}
    p1 = stack.policy_statements(policies[stack.topic_arn("orders-prod-alerts-p1")])["CloudWatchAlarmsOfThisService"]
    (arns,) = [c["values"] for c in p1["condition"] if c["variable"] == "aws:SourceArn"]
    assert len(arns) == 1 and arns[0].endswith('"alarm:orders-prod-notify-p1"])}')
    assert 'ALARM("orders-prod-checkout-failures-high")' in notifier["alarm_rule"]
    (graph,) = [w["properties"] for w in dashboard(stack)["widgets"] if w["properties"].get("title") == "checkout-failures-high"]
    assert graph["metrics"] == [["Orders", "CheckoutFailed", "Stage", "prod", {"stat": "Sum", "label": "CheckoutFailed Sum"}]]
    assert graph["annotations"]["horizontal"][0]["value"] == 5


def test_add_alarm_after_construction_updates_the_dashboard_and_the_topic_policy() -> None:
    latency = CustomAlarm(key="checkout-latency-high", summary="p99 checkout latency above {threshold:g} ms",
                          severity=Severity.P2, threshold=800,
                          metric=Metric(namespace="Orders", metric_name="CheckoutLatency", statistic="p99"))

    def build(stack):
        ServiceMonitoring(stack, "Monitoring", settings=settings()).add_alarm(latency)

    stack = synth(build)
    alarm = stack.alarm("orders-prod-checkout-latency-high")
    assert alarm["extended_statistic"] == "p99" and "statistic" not in alarm
    status = [w for w in dashboard(stack)["widgets"] if w["type"] == "alarm"][0]["properties"]["alarms"]
    assert any("checkout-latency-high" in arn for arn in status)


def test_metric_math_custom_alarms_hide_their_inputs() -> None:
    ratio = CustomAlarm(
        key="payment-decline-rate-high", summary="More than {threshold:g}% of payments declined",
        severity=Severity.P2, threshold=10, dimensions={"Stage": "prod"},
        math=MetricMath(namespace="Orders", metrics=(("declined", "PaymentDeclined", "Sum"), ("all", "Payments", "Sum")),
                        expression="100 * declined / all", label="Declined (%)", result_id="rate"),
    )
    stack, _ = monitored(custom_alarms=(ratio,))
    queries_ = stack.alarm("orders-prod-payment-decline-rate-high")["metric_query"]
    assert [q["id"] for q in queries_] == ["declined", "all", "rate"]
    assert queries_[0]["metric"]["dimensions"] == {"Stage": "prod"}


def test_monitoring_another_resource_later_adds_its_alarms_and_graph() -> None:
    def build(stack):
        monitoring = ServiceMonitoring(stack, "Monitoring", settings=settings())
        made = monitoring.monitor_redis(RedisTarget(replication_group_id="orders-cache", node_count=2))
        assert [a.name for a in made][:2] == ["orders-prod-redis-cpu-high-1", "orders-prod-redis-cpu-high-2"]
        assert "orders-prod-redis-replication-lag-high-2" in [a.name for a in made]  # two nodes: one replicates

    stack = synth(build)
    assert {"orders-prod-redis-cpu-high-1", "orders-prod-redis-cpu-high-2"} <= stack.alarm_names()
    assert "Redis engine CPU utilization (%)" in [w["properties"].get("title") for w in dashboard(stack)["widgets"]]


def test_monitoring_one_resource_twice_is_an_error() -> None:
    def build(stack):
        ServiceMonitoring(stack, "Monitoring", settings=settings()).monitor_fargate_service(WORKER.ecs_service)

    with pytest.raises(MonitoringConfigError, match=r"^alarm: 'orders-prod-cpu-high' is not allowed; allowed: one alarm per name"):
        synth(build)


def test_an_alarm_added_later_must_reach_someone_too() -> None:
    quiet = Notifications(contacts={s: Contacts(emails=("team@example.com",)) for s in (Severity.P0, Severity.P1, Severity.P2)})
    late = CustomAlarm(key="queue-stuck", summary="Queue stuck", severity=Severity.P3, threshold=1,
                       metric=Metric(namespace="Orders", metric_name="Stuck"))

    def build(stack):
        ServiceMonitoring(stack, "Monitoring", settings=settings(notifications=quiet)).add_alarm(late)

    with pytest.raises(MonitoringConfigError, match=r"^notifications.contacts\[P3\]: .*alarm orders-prod-queue-stuck \(P3\)"):
        synth(build)


@pytest.mark.parametrize(
    ("changes", "field", "allowed"),
    [
        ({"key": "Checkout Failures"}, "custom_alarm.key", "lower-case words"),
        ({"summary": "{nope}"}, "custom_alarms['checkout-failures-high'].summary", "{threshold:g} and {window}"),
        ({"metric": None}, "custom_alarms['checkout-failures-high'].metric", "exactly one of"),
        ({"period": 45}, "custom_alarms['checkout-failures-high'].period", "10, 20, 30"),
        ({"comparison": ">"}, "custom_alarms['checkout-failures-high'].comparison", "one of GreaterThanThreshold"),
        ({"threshold": float("nan")}, "custom_alarms['checkout-failures-high'].threshold", "a finite number"),
    ],
)
def test_bad_custom_alarms_fail_before_synthesis(changes: dict[str, Any], field: str, allowed: str) -> None:
    with pytest.raises(MonitoringConfigError) as error:
        replace(CHECKOUT_FAILURES, **changes)
    assert str(error.value).startswith(f"{field}: ") and allowed in str(error.value)


def test_custom_alarm_keys_are_unique_and_not_the_librarys() -> None:
    with pytest.raises(MonitoringConfigError, match=r"^custom_alarms \(keys\): 'checkout-failures-high'"):
        settings(custom_alarms=(CHECKOUT_FAILURES, CHECKOUT_FAILURES))
    clash = CustomAlarm(key="cpu-high", summary="x", severity=Severity.P2, threshold=1,
                        metric=Metric(namespace="Orders", metric_name="X"))
    with pytest.raises(MonitoringConfigError, match=r"^custom_alarms: 'cpu-high' is not allowed; allowed: a key the library"):
        settings(custom_alarms=(clash,))
    with pytest.raises(MonitoringConfigError, match=r"^metric.statistic: 'Median'"):
        Metric(namespace="Orders", metric_name="X", statistic="Median")
