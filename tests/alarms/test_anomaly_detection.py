"""Anomaly detection: an alarm may compare its metric with the band CloudWatch learns instead of a threshold."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from monitoring_constructs import (
    ABOVE_BAND,
    BELOW_BAND,
    AlarmOverride,
    AnomalyDetection,
    CustomAlarm,
    EcsServiceTarget,
    LoadBalancerTarget,
    MonitoredResources,
    MonitoringConfigError,
    MonitoringSettings,
    ServiceMonitoring,
    Severity,
)
from monitoring_constructs.alarms.custom import Metric
from monitoring_constructs.alarms.catalog import STANDARD_ALARMS
from monitoring_constructs.core.overrides import resolve_alarm
from tests.rejections import rejected
from tests.stack_assertions import EVERYONE_HEARS, Synthesized, synth_construct

RESOURCES = MonitoredResources(
    ecs_service=EcsServiceTarget(cluster_name="main", service_name="orders"),
    load_balancer=LoadBalancerTarget(arn_suffix="app/orders/0123abcd"),
)
LATENCY_DRIFT = AlarmOverride(anomaly=AnomalyDetection(comparison=ABOVE_BAND, band_width=3))


def monitored(**changes: Any) -> Synthesized:
    settings = MonitoringSettings(**({"service": "orders", "environment": "prod", "region": "eu-west-1",
                                      "resources": RESOURCES, "notifications": EVERYONE_HEARS} | changes))
    return synth_construct(lambda stack: ServiceMonitoring(stack, "Monitoring", settings=settings))


def widgets(stack: Synthesized) -> list[dict[str, Any]]:
    (board,) = stack.resources("aws_cloudwatch_dashboard")
    return [w["properties"] for w in json.loads(board["dashboard_body"])["widgets"] if w["type"] == "metric"]


def test_a_library_alarm_overridden_to_a_band_has_no_threshold_and_names_its_band() -> None:
    alarm = monitored(alarm_overrides={"response-time-high": LATENCY_DRIFT}).alarm("orders-prod-response-time-high")
    assert "threshold" not in alarm and alarm["threshold_metric_id"] == "band"
    assert alarm["comparison_operator"] == "GreaterThanUpperThreshold"
    queries = {q["id"]: q for q in alarm["metric_query"]}
    assert queries["m1"]["metric"] | {"dimensions": None} == {
        "namespace": "AWS/ApplicationELB", "metric_name": "TargetResponseTime", "stat": "Average", "period": 300,
        "dimensions": None}
    assert queries["band"]["expression"] == "ANOMALY_DETECTION_BAND(m1, 3)"
    # CloudWatch: both the metric and its band return data.
    assert queries["m1"]["return_data"] is True and queries["band"]["return_data"] is True


def test_a_band_alarm_describes_its_band_not_the_threshold_it_no_longer_has() -> None:
    alarm = monitored(alarm_overrides={"response-time-high": LATENCY_DRIFT}).alarm("orders-prod-response-time-high")
    assert alarm["alarm_description"].startswith(
        "[P2 Medium] TargetResponseTime (Average) above its expected band (3 standard deviations) for 15 minutes.")


def test_the_band_is_drawn_around_the_metric_on_its_graph_instead_of_a_threshold_line() -> None:
    stack = monitored(alarm_overrides={"response-time-high": LATENCY_DRIFT})
    (graph,) = [w for w in widgets(stack) if w["title"] == "ALB target response time (s)"]
    metric_row, band_row = graph["metrics"][0], graph["metrics"][1]
    assert metric_row[:2] == ["AWS/ApplicationELB", "TargetResponseTime"] and metric_row[-1]["id"] == "m0"
    assert band_row[0]["expression"] == "ANOMALY_DETECTION_BAND(m0, 3)"
    # The band alarm draws no threshold line; the p99 alarm sharing the graph keeps its own.
    lines = [line["label"] for line in graph.get("annotations", {}).get("horizontal", [])]
    assert not [label for label in lines if label.startswith("orders-prod-response-time-high ")]


def test_a_threshold_override_makes_a_band_alarm_static_again_and_both_is_an_error() -> None:
    banded = replace(STANDARD_ALARMS[0], anomaly=AnomalyDetection())
    resolved = resolve_alarm(banded, AlarmOverride(threshold=2))
    assert resolved is not None and (resolved.spec.anomaly, resolved.spec.threshold) == (None, 2.0)
    rejected(lambda: AlarmOverride(threshold=2, anomaly=AnomalyDetection()), "alarm_override.threshold", "2",
             "None with anomaly=")


def test_a_metric_math_alarm_can_alarm_on_the_band_of_its_result() -> None:
    stack = monitored(alarm_overrides={"alb-5xx-rate-high": LATENCY_DRIFT})
    queries = stack.alarm("orders-prod-alb-5xx-rate-high")["metric_query"]
    assert [q["id"] for q in queries] == ["errors", "requests", "rate", "band"]
    assert queries[-1]["expression"] == "ANOMALY_DETECTION_BAND(rate, 3)"
    (graph,) = [w for w in widgets(stack) if w["title"] == "ALB target 5xx rate (%)"]
    assert graph["metrics"][-1][0]["expression"] == "ANOMALY_DETECTION_BAND(rate, 3)"


def test_a_custom_alarm_on_a_band_watches_for_an_unusual_drop() -> None:
    orders = CustomAlarm(key="orders-unusually-low", summary="Orders unusually low", severity=Severity.P2,
                         metric=Metric(namespace="Orders", metric_name="OrderPlaced", statistic="Sum"),
                         anomaly=AnomalyDetection(comparison=BELOW_BAND), period=300, evaluation_periods=3)
    alarm = monitored(custom_alarms=(orders,)).alarm("orders-prod-orders-unusually-low")
    assert alarm["comparison_operator"] == "LessThanLowerThreshold"
    assert [q.get("expression") for q in alarm["metric_query"]] == [None, "ANOMALY_DETECTION_BAND(m1, 2)"]


@pytest.mark.parametrize(("changes", "field", "value", "allowed"), [
    ({"threshold": 5, "anomaly": AnomalyDetection()}, "custom_alarms['c'].threshold", "5", "exactly one of them"),
    ({}, "custom_alarms['c'].threshold", "None", "exactly one of them"),
    ({"anomaly": AnomalyDetection(), "comparison": "LessThanThreshold"}, "custom_alarms['c'].comparison",
     "LessThanThreshold", "AnomalyDetection.comparison"),
])
def test_a_custom_alarm_has_a_threshold_or_a_band(changes: dict[str, Any], field: str, value: str, allowed: str) -> None:
    base = {"key": "c", "summary": "c", "severity": Severity.P3, "metric": Metric(namespace="Orders", metric_name="X")}
    rejected(lambda: CustomAlarm(**(base | changes)), field, value, allowed)


@pytest.mark.parametrize(("changes", "field", "value", "allowed"), [
    ({"band_width": 0}, "anomaly_detection.band_width", "0", "positive number of standard deviations"),
    ({"comparison": "GreaterThanThreshold"}, "anomaly_detection.comparison", "GreaterThanThreshold",
     "GreaterThanUpperThreshold"),
])
def test_a_band_has_a_positive_width_and_a_band_comparison(changes: dict[str, Any], field: str, value: str,
                                                          allowed: str) -> None:
    rejected(lambda: AnomalyDetection(**changes), field, value, allowed)


def test_prod_watches_its_request_count_for_an_unusual_drop_and_draws_the_band(prod: Synthesized) -> None:
    alarm = prod.alarm("fileflow-prod-request-count-low")
    queries = {q["id"]: q for q in alarm["metric_query"]}
    assert queries["traffic"]["expression"] == "FILL(requests, 0)"  # no requests at all is the drop it looks for
    assert queries["band"]["expression"] == "ANOMALY_DETECTION_BAND(traffic, 3)"
    assert (alarm["comparison_operator"], alarm["tags"]["Severity"]) == ("LessThanLowerThreshold", "P2")
    (graph,) = [w for w in widgets(prod) if w["title"] == "ALB requests and their expected band"]
    assert graph["metrics"][-1][0]["expression"] == "ANOMALY_DETECTION_BAND(traffic, 3)"


def test_a_band_override_needs_an_anomaly_detection_value() -> None:
    with pytest.raises(MonitoringConfigError, match=r"^alarm_override.anomaly: 'above'"):
        AlarmOverride(anomaly="above")  # type: ignore[arg-type]
