"""Dashboard: generated from the alarm registry and the log groups, never hand-listed."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from monitoring_constructs import props_from_settings
from monitoring_constructs._cdk import DataAwsLb, TerraformStack
from monitoring_constructs.alarms.factory import AlarmFactory
from monitoring_constructs.alarms.standard import StandardAlarms
from monitoring_constructs.dashboard.service_dashboard import Dashboard, DashboardProps, dashboard_body
from monitoring_constructs.dashboard.body_checks import GRID_COLUMNS
from monitoring_constructs.dashboard.body_rules import validate_dashboard_body
from monitoring_constructs.core.errors import MonitoringConfigError
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs.notify.topics import AlertTopics
from monitoring_constructs.core.overrides import AlarmOverride
from monitoring_constructs.alarms.spec import ABOVE_BAND, AnomalyDetection
from stacks.app import fileflow_settings
from tests import terraform_harness as harness
from tests.stack_assertions import Synthesized, synth_construct
from tests.rejections import rejected

KEY = "arn:aws:kms:ap-northeast-2:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab"
ALB = "app/fileflow-prod-alb/0123456789abcdef"
FILEFLOW_DEV = ServiceIdentity(service="fileflow", environment="dev", region="ap-northeast-2")


class Built:
    """The synthesized stack plus the body as the parsed dashboard JSON."""

    def __init__(self, synthesized: Synthesized) -> None:
        self.synthesized = synthesized
        self.dashboard = synthesized.one("aws_cloudwatch_dashboard")
        self.body = json.loads(self.dashboard["dashboard_body"])
        self.widgets = self.body["widgets"]

    def graph(self, title: str) -> dict:
        found = [w["properties"] for w in self.widgets if w["properties"].get("title") == title]
        assert len(found) == 1, f"expected one widget titled {title!r}, found {len(found)}"
        return found[0]

    def titles(self) -> list[str]:
        return [w["properties"].get("title", "") for w in self.widgets if w["type"] == "metric"]


def _build(environment: str = "prod", *, alb_token: bool = False, **settings_changes: object) -> Built:
    def build(stack: TerraformStack) -> None:
        arn_suffix = DataAwsLb(stack, "Alb", name="fileflow-alb").arn_suffix if alb_token else ALB
        settings = fileflow_settings(environment, arn_suffix)
        if settings_changes:
            settings = replace(settings, **settings_changes)
        topics = AlertTopics(stack, "Alerts", props=props_from_settings.alert_topics(settings, kms_key_arn=KEY))
        factory = AlarmFactory(props=props_from_settings.alarm_factory(settings), topics=topics)
        StandardAlarms(stack, "Alarms", props=props_from_settings.standard_alarms(settings), alarms=factory)
        Dashboard(stack, "Dashboard", props=props_from_settings.dashboard(settings, alarms=tuple(factory.created)))

    return Built(synth_construct(build))


@pytest.fixture(scope="module")
def prod() -> Built:
    return _build(alb_token=True)


@pytest.fixture(scope="module")
def dev() -> Built:
    return _build("dev")


def test_the_dashboard_is_named_service_env_dashboard(prod: Built) -> None:
    assert prod.dashboard["dashboard_name"] == "fileflow-prod-dashboard"


def test_the_synthesized_body_passes_the_dashboard_validator(prod: Built, dev: Built) -> None:
    validate_dashboard_body(prod.body)
    validate_dashboard_body(dev.body)


def test_ecs_cpu_and_memory_graphs_use_cluster_and_service_dimensions(prod: Built) -> None:
    for title, metric in (("ECS CPU utilization (%)", "CPUUtilization"), ("ECS memory utilization (%)", "MemoryUtilization")):
        row = prod.graph(title)["metrics"][0]
        assert row[:6] == ["AWS/ECS", metric, "ClusterName", "fileflow-prod-cluster", "ServiceName", "fileflow-prod-service"]


def test_no_graph_shows_an_account_wide_aggregate(prod: Built) -> None:
    for widget in prod.widgets:
        for row in widget["properties"].get("metrics", []):
            positional = [item for item in row if not isinstance(item, dict)]
            if positional:
                assert len(positional) >= 4, f"{widget['properties']['title']}: {row} has no dimensions"


def test_each_alarms_threshold_is_a_horizontal_line_on_its_graph(prod: Built) -> None:
    cpu = prod.graph("ECS CPU utilization (%)")["annotations"]["horizontal"]
    assert [(line["value"], line["label"]) for line in cpu] == [
        (80, "fileflow-prod-cpu-high > 80% (P2)"),
        (85, "fileflow-prod-cpu-very-high > 85% (P1)"),
    ]
    response = prod.graph("ALB target response time (s)")["annotations"]["horizontal"]
    assert [(line["value"], line["label"]) for line in response] == [
        (1, "fileflow-prod-response-time-high > 1 s (P2)"),
        (2, "fileflow-prod-alb-response-time-p99-high > 2 s (P2)"),
    ]
    tasks = prod.graph("ECS running tasks")["annotations"]["horizontal"]
    assert [line["value"] for line in tasks] == [1]


def test_every_alarm_appears_as_a_line_on_some_graph(prod: Built) -> None:
    lines = {
        line["label"].split(" ")[0]
        for widget in prod.widgets
        for line in widget["properties"].get("annotations", {}).get("horizontal", [])
    }
    alarm_names = {name.rsplit("-", 1)[0] + "-*" if name.startswith("fileflow-prod-redis") else name
                   for name in prod.synthesized.alarm_names()}
    assert alarm_names == lines


def test_an_overridden_threshold_moves_the_line() -> None:
    built = _build(alarm_overrides={"cpu-high": AlarmOverride(threshold=70)})
    assert built.graph("ECS CPU utilization (%)")["annotations"]["horizontal"][0]["value"] == 70


def test_alb_graph_shows_5xx_and_4xx_with_the_load_balancer_token(prod: Built) -> None:
    rows = prod.graph("ALB target 5xx / 4xx responses")["metrics"]
    assert [row[1] for row in rows] == ["HTTPCode_Target_5XX_Count", "HTTPCode_Target_4XX_Count"]
    assert all(row[2:4] == ["LoadBalancer", "${data.aws_lb.Alb.arn_suffix}"] for row in rows)


def test_the_5xx_rate_graph_draws_the_alarms_metric_math(prod: Built) -> None:
    rows = prod.graph("ALB target 5xx rate (%)")["metrics"]
    assert rows[-1][0]["expression"] == "100 * FILL(errors, 0) / requests"
    assert [row[1] for row in rows[:-1]] == ["HTTPCode_Target_5XX_Count", "RequestCount"]
    assert all(row[-1]["visible"] is False for row in rows[:-1])


def test_rds_graph_only_with_a_shared_rds(prod: Built, dev: Built) -> None:
    assert "RDS CPU utilization (%)" in prod.titles()
    assert "RDS CPU utilization (%)" not in dev.titles()
    row = prod.graph("RDS CPU utilization (%)")["metrics"][0]
    assert row[:4] == ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "shared-postgres-prod"]


def test_redis_graph_has_one_line_per_member_cluster(prod: Built, dev: Built) -> None:
    prod_rows = prod.graph("Redis engine CPU utilization (%)")["metrics"]
    assert [row[3] for row in prod_rows] == ["fileflow-prod-redis-001", "fileflow-prod-redis-002"]
    assert all(row[:3] == ["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId"] for row in prod_rows)
    assert len(dev.graph("Redis engine CPU utilization (%)")["metrics"]) == 1
    # One threshold line for the per-member alarms.
    assert len(prod.graph("Redis engine CPU utilization (%)")["annotations"]["horizontal"]) == 1


def test_recommended_database_alarms_are_drawn_in_percent_with_their_thresholds(prod: Built) -> None:
    memory = prod.graph("RDS freeable memory (%)")
    assert [(line["value"], line["label"]) for line in memory["annotations"]["horizontal"]] == [
        (25, "fileflow-prod-rds-free-memory-low < 25% (P2)")]
    assert memory["metrics"][-1][0]["expression"] == "100 * free_memory / (16 * 1073741824)"
    assert memory["yAxis"]["left"] == {"min": 0, "max": 100}
    latency = prod.graph("RDS read / write latency p90 (s)")
    assert [(row[1], row[-1]["stat"]) for row in latency["metrics"]] == [("ReadLatency", "p90"), ("WriteLatency", "p90")]
    assert [line["value"] for line in latency["annotations"]["horizontal"]] == [0.02, 0.02]
    cpu = prod.graph("RDS CPU utilization (%)")
    assert [line["value"] for line in cpu["annotations"]["horizontal"]] == [80, 90]


def test_the_load_balancers_own_5xx_rate_is_drawn_without_its_minimum_traffic_guard(prod: Built) -> None:
    rate = prod.graph("ALB load balancer 5xx rate (%)")
    assert rate["metrics"][-1][0]["expression"] == "100 * FILL(elb_errors, 0) / (FILL(elb_requests, 0) + FILL(elb_503, 0))"
    assert [row[1] for row in rate["metrics"][:-1]] == ["HTTPCode_ELB_5XX_Count", "RequestCount", "HTTPCode_ELB_503_Count"]
    # The graph draws the alarm's own definition, without the minimum-traffic guard.
    alarm = prod.synthesized.alarm("fileflow-prod-alb-elb-5xx-rate-high")
    (evaluated,) = [q["expression"] for q in alarm["metric_query"] if q.get("return_data")]
    graph = rate["metrics"][-1][0]["expression"]
    assert evaluated == f"IF((FILL(elb_requests, 0) + FILL(elb_503, 0)) >= 100, {graph}, 0)"
    assert rate["annotations"]["horizontal"][0]["value"] == 5
    # The p99 alarm is drawn on the response time graph, next to the average, with its own threshold.
    response = prod.graph("ALB target response time (s)")
    assert [row[-1]["stat"] for row in response["metrics"]] == ["Average", "p99"]
    assert (response["period"], response["annotations"]["horizontal"][1]["value"]) == (60, 2)


def test_each_graph_uses_its_alarms_period(prod: Built) -> None:
    assert prod.graph("ECS running tasks")["period"] == 60
    assert prod.graph("ECS CPU utilization (%)")["period"] == 300


def test_the_alarm_status_widget_lists_every_alarm_arn_as_a_reference(prod: Built) -> None:
    status = [w["properties"] for w in prod.widgets if w["type"] == "alarm"][0]
    assert len(status["alarms"]) == len(prod.synthesized.alarm_names())
    for arn in status["alarms"]:
        assert arn.startswith("${aws_cloudwatch_metric_alarm.") and arn.endswith(".arn}")
        assert prod.synthesized.resolve(arn)["alarm_name"].startswith("fileflow-prod-")


def test_the_logs_widget_queries_recent_errors_of_the_service(prod: Built) -> None:
    logs = [w["properties"] for w in prod.widgets if w["type"] == "log"][0]
    assert logs["query"].startswith(
        "SOURCE '/ecs/fileflow-prod/error' | SOURCE '/ecs/fileflow-prod/application' | "
    )
    assert "filter level = 'ERROR'" in logs["query"] and "sort @timestamp desc" in logs["query"]
    assert logs["region"] == "ap-northeast-2"


def test_widgets_sit_on_the_24_column_grid_without_overlap(prod: Built) -> None:
    cells = set()
    for widget in prod.widgets:
        assert 0 <= widget["x"] and widget["x"] + widget["width"] <= GRID_COLUMNS
        for x in range(widget["x"], widget["x"] + widget["width"]):
            for y in range(widget["y"], widget["y"] + widget["height"]):
                assert (x, y) not in cells
                cells.add((x, y))


def test_the_body_is_deterministic() -> None:
    assert _build().dashboard["dashboard_body"] == _build().dashboard["dashboard_body"]


def test_without_alarms_there_is_no_status_widget_and_no_graph() -> None:
    body = dashboard_body(props_from_settings.dashboard(fileflow_settings("dev", ALB), alarms=()))
    assert [w["type"] for w in body["widgets"]] == ["text", "log"]


def test_a_banded_5xx_rate_is_drawn_with_the_minimum_traffic_its_alarm_evaluates() -> None:
    band = AlarmOverride(anomaly=AnomalyDetection(comparison=ABOVE_BAND))
    built = _build(error_rate_min_requests=50, alarm_overrides={"alb-5xx-rate-high": band})
    (alarm,) = [a for a in built.synthesized.resources("aws_cloudwatch_metric_alarm")
                if a["alarm_name"] == "fileflow-prod-alb-5xx-rate-high"]
    (evaluated,) = [q["expression"] for q in alarm["metric_query"] if q.get("id") == "rate"]
    assert ">= 50," in evaluated
    drawn = [row[-1]["expression"] for row in built.graph("ALB target 5xx rate (%)")["metrics"]
             if "expression" in row[-1] and row[-1].get("id") == "rate"]
    assert drawn == [evaluated]


def test_dashboard_works_alone_from_its_props_no_monitoring_settings() -> None:
    identity = ServiceIdentity(service="orders", environment="qa", region="eu-west-1", name_prefix="ord-q")
    board = synth_construct(lambda stack: Dashboard(stack, "Dashboard", props=DashboardProps(identity=identity, alarms=())))
    dashboard = board.one("aws_cloudwatch_dashboard")
    assert dashboard["dashboard_name"] == "ord-q-dashboard"
    # No log groups named: no recent-errors widget, only the header.
    assert [w["type"] for w in json.loads(dashboard["dashboard_body"])["widgets"]] == ["text"]


def test_log_group_tokens_are_joined_not_formatted() -> None:
    def build(stack: TerraformStack) -> None:
        from monitoring_constructs._cdk import CloudwatchLogGroup

        group = CloudwatchLogGroup(stack, "Errors", name="/team/errors")
        Dashboard(stack, "Dashboard", props=DashboardProps(identity=FILEFLOW_DEV, alarms=(), error_log_groups=(group.name,)))

    raw = synth_construct(build).one("aws_cloudwatch_dashboard")["dashboard_body"]
    assert '${join("", ["SOURCE \'", aws_cloudwatch_log_group.Errors.name, "\' | ", ' in raw
    # What terraform makes of it: the join's result substituted unescaped must still be JSON.
    body = json.loads(re.sub(r'\$\{join\("", \[(.*?)\]\)\}', _evaluate_join, raw))
    query = [w["properties"]["query"] for w in body["widgets"] if w["type"] == "log"][0]
    assert query.startswith("SOURCE '<aws_cloudwatch_log_group.Errors.name>' | fields @timestamp")


def _evaluate_join(match: re.Match[str]) -> str:
    """join("", [...]) of HCL string literals and references (shown as <reference>)."""
    items = re.findall(r'"((?:[^"\\]|\\.)*)"|([A-Za-z_][\w.]*)', match.group(1))
    return "".join(json.loads(f'"{literal}"') if reference == "" else f"<{reference}>" for literal, reference in items)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"alarms": ("cpu-high",)}, r"dashboard\.alarms\[0\]: 'cpu-high'"),
        ({"alarms": (), "error_log_groups": ("",)}, r"dashboard\.error_log_groups\[0\]: ''"),
        ({"alarms": (), "recent_errors_limit": 0}, r"dashboard\.recent_errors_limit: 0"),
        ({"alarms": (), "identity": "fileflow-dev"}, r"dashboard\.identity: 'fileflow-dev'"),
    ],
)
def test_bad_props_are_rejected(changes: dict, message: str) -> None:
    with pytest.raises(MonitoringConfigError, match=message):
        DashboardProps(**{"identity": FILEFLOW_DEV, **changes})


@pytest.mark.tools
def test_terraform_validate_accepts_the_dashboard(prod: Built, terraform: harness.Terraform, tmp_path: Path) -> None:
    report = harness.validate(terraform, prod.synthesized.document, tmp_path / "stack")
    assert report["valid"] is True, report["diagnostics"]


@pytest.mark.parametrize(
    ("changes", "field", "value", "allowed"),
    [
        # A bare string used to become SOURCE '/' | SOURCE 'e' | ... in the logs widget.
        ({"error_log_groups": "/ecs/fileflow-prod/error"}, "dashboard.error_log_groups", "'/ecs/fileflow-prod/error'",
         "a tuple of log group names"),
        ({"error_log_groups": ("bad name!",)}, "dashboard.error_log_groups[0]", "'bad name!'",
         "a log group name matching ^[0-9A-Za-z_./#-]{1,512}$"),
        ({"alarms": "cpu-high"}, "dashboard.alarms", "'cpu-high'", "a tuple of CreatedAlarm values"),
        ({"recent_errors_limit": 100.0}, "dashboard.recent_errors_limit", "100.0", "an integer from 1 to 10000"),
    ],
)
def test_log_groups_and_alarms_are_tuples_of_valid_names(changes: dict, field: str, value: str, allowed: str) -> None:
    rejected(lambda: DashboardProps(**{"identity": FILEFLOW_DEV, "alarms": (), **changes}), field, value, allowed)
