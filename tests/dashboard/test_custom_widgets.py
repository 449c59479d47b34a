"""A team's own widgets: graphs of any metric, notes and Logs Insights tables, on the service's dashboard."""

from __future__ import annotations

import json

import pytest

from monitoring_constructs import (
    EcsServiceTarget,
    GraphWidget,
    LogQueryWidget,
    Metric,
    MonitoredResources,
    MonitoringSettings,
    ServiceMonitoring,
    TextWidget,
)
from tests.rejections import rejected
from tests.stack_assertions import EVERYONE_HEARS, Synthesized, synth_construct

STARTED = Metric(namespace="Orders", metric_name="CheckoutStarted", statistic="Sum")
COMPLETED = Metric(namespace="Orders", metric_name="CheckoutCompleted", statistic="Sum")
SETTINGS = MonitoringSettings(
    service="orders", environment="prod", region="eu-west-1", notifications=EVERYONE_HEARS,
    resources=MonitoredResources(ecs_service=EcsServiceTarget(cluster_name="main", service_name="orders")),
)


def synth(*widgets) -> tuple[Synthesized, ServiceMonitoring]:
    made: list[ServiceMonitoring] = []

    def build(stack) -> None:
        monitoring = ServiceMonitoring(stack, "Monitoring", settings=SETTINGS)
        for widget in widgets:
            monitoring.add_widget(widget)
        made.append(monitoring)

    return synth_construct(build), made[0]


def widgets(stack: Synthesized) -> list[dict]:
    return json.loads(stack.one("aws_cloudwatch_dashboard")["dashboard_body"])["widgets"]


def test_a_team_graph_shows_its_metrics_and_lines_in_the_service_s_region() -> None:
    stack, _ = synth(GraphWidget(title="Checkouts", metrics=(STARTED, COMPLETED), horizontal_lines={"target": 500}))
    (graph,) = [w for w in widgets(stack) if w["properties"].get("title") == "Checkouts"]
    assert graph["properties"]["metrics"] == [
        ["Orders", "CheckoutStarted", {"stat": "Sum", "label": "CheckoutStarted Sum"}],
        ["Orders", "CheckoutCompleted", {"stat": "Sum", "label": "CheckoutCompleted Sum"}],
    ]
    assert graph["properties"]["region"] == "eu-west-1"
    assert graph["properties"]["annotations"] == {"horizontal": [{"label": "target", "value": 500}]}
    assert (graph["width"], graph["height"]) == (8, 6)


def test_lines_of_one_metric_in_several_dimensions_are_told_apart_by_their_values() -> None:
    stack, _ = synth(GraphWidget(title="Queue depth", metrics=tuple(
        Metric(namespace="AWS/SQS", metric_name="ApproximateNumberOfMessagesVisible", statistic="Maximum",
               dimensions={"QueueName": name}) for name in ("jobs", "emails"))))
    (graph,) = [w for w in widgets(stack) if w["properties"].get("title") == "Queue depth"]
    assert [row[-1]["label"] for row in graph["properties"]["metrics"]] == [
        "jobs ApproximateNumberOfMessagesVisible Maximum", "emails ApproximateNumberOfMessagesVisible Maximum"]


def test_team_widgets_come_last_in_the_order_added_so_the_library_s_layout_never_moves() -> None:
    note = TextWidget(markdown="Runbook: https://wiki.example.com/orders")
    table = LogQueryWidget(title="Slow checkouts", log_group_names=("/ecs/orders-prod/application",),
                           query="fields @timestamp, duration_ms | filter duration_ms > 2000 | limit 50")
    stack, _ = synth(GraphWidget(title="Checkouts", metrics=(STARTED,)), note, table)
    body = widgets(stack)
    titles = [w["properties"].get("title", w["properties"].get("markdown")) for w in body]
    assert titles[-3:] == ["Checkouts", note.markdown, "Slow checkouts"]
    assert body[-1]["properties"]["query"] == (
        "SOURCE '/ecs/orders-prod/application' | fields @timestamp, duration_ms | filter duration_ms > 2000 | limit 50")
    assert all(w["y"] >= max(o["y"] for o in body[:2]) for w in body[2:])  # below the header and alarm status


def test_a_log_table_over_the_service_s_own_log_group_names_it_by_reference() -> None:
    def build(stack) -> None:
        monitoring = ServiceMonitoring(stack, "Monitoring", settings=SETTINGS)
        monitoring.add_widget(LogQueryWidget(title="Warnings", log_group_names=(monitoring.logs.application.name,),
                                             query="fields @message | filter level = 'WARN' | limit 20"))

    stack = synth_construct(build)
    body = stack.one("aws_cloudwatch_dashboard")["dashboard_body"]
    assert ('"query":"${join("", ["SOURCE \'", aws_cloudwatch_log_group.Monitoring_Logs_Application_1F8F8890.name, '
            '"\' | ", "fields @message | filter level = \'WARN\' | limit 20"])}"') in body


@pytest.mark.parametrize(("build", "field", "value", "allowed"), [
    (lambda: GraphWidget(title="Empty", metrics=()), "graph_widget['Empty'].metrics", "0", "1-500 Metric(...) values"),
    (lambda: GraphWidget(title="Raw", metrics=("AWS/ECS CPUUtilization",)), "graph_widget['Raw'].metrics[0]",
     "AWS/ECS", "a Metric(...)"),
    (lambda: GraphWidget(title="Odd", metrics=(STARTED,), period=90), "graph_widget['Odd'].period", "90",
     "a multiple of 60"),
    (lambda: GraphWidget(title="Wide", metrics=(STARTED,), width=25), "graph_widget['Wide'].width", "25", "24"),
    (lambda: GraphWidget(title="Line", metrics=(STARTED,), horizontal_lines={"target": "500"}),
     "graph_widget['Line'].horizontal_lines['target']", "500", "a finite number"),
    (lambda: TextWidget(markdown=""), "text_widget.markdown", "''", "non-empty markdown"),
    (lambda: LogQueryWidget(title="Q", log_group_names=(), query="fields @message"),
     "log_query_widget['Q'].log_group_names", "0", "1-50 log group names"),
    (lambda: LogQueryWidget(title="Q", log_group_names=("/ecs/a",), query="SOURCE '/ecs/b' | fields @message"),
     "log_query_widget['Q'].query", "SOURCE", "a literal one-line query without SOURCE"),
    (lambda: LogQueryWidget(title="Q", log_group_names=("/ecs/a",), query='filter level = "ERROR"'),
     "log_query_widget['Q'].query", "ERROR", "double quotes"),
    (lambda: LogQueryWidget(title="Q", log_group_names=("/ecs/a",), query="fields @message\n| limit 5"),
     "log_query_widget['Q'].query", "limit 5", "one-line"),
])
def test_a_bad_widget_is_refused_naming_the_field_before_synthesis(build, field, value, allowed) -> None:  # type: ignore[no-untyped-def]
    rejected(build, field, value, allowed)


def test_add_widget_takes_only_widgets() -> None:
    rejected(lambda: synth({"type": "text"}), "widget", "{'type': 'text'}",
             "a GraphWidget(...), TextWidget(...) or LogQueryWidget(...)")
