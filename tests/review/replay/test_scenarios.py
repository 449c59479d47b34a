"""Scenarios read what they need from a stack's JSON, and the catalog covers every monitored resource."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from monitoring_constructs.review.replay.catalog import CATALOG, error_flood, json_line, text_line
from monitoring_constructs.review.replay.expectations import Reaches
from monitoring_constructs.review.replay.publishing import PublishedWorld, Timeline
from monitoring_constructs.review.replay.scenarios import Scenario, Target, grades_severity, log_format
from monitoring_constructs.review.replay.world import MetricId, Replay, World
from monitoring_constructs.review.stacks import Stack


def alarm(name: str, severity: str, namespace: str, metric: str, dimensions: dict[str, str]) -> dict[str, Any]:
    return {"alarm_name": name, "namespace": namespace, "metric_name": metric, "dimensions": dimensions,
            "tags": {"Severity": severity}}


def stack(*, severities: tuple[str, str] = ("P0", "P2"), log_pattern: str = '{ $.level = "ERROR" }') -> Stack:
    ecs = {"ClusterName": "shop-prod-cluster", "ServiceName": "shop-prod-service"}
    alarms = {
        "Tasks": alarm("shop-prod-task-count-zero", severities[0], "ECS/ContainerInsights", "RunningTaskCount", ecs),
        "Cpu": alarm("shop-prod-cpu-high", severities[1], "AWS/ECS", "CPUUtilization", ecs),
        "Rds": alarm("shop-prod-rds-cpu", severities[1], "AWS/RDS", "CPUUtilization", {"DBInstanceIdentifier": "shop-db"}),
        "Dlq": alarm("shop-prod-sqs-dlq-messages", severities[1], "AWS/SQS", "ApproximateNumberOfMessagesVisible",
                     {"QueueName": "orders-dlq"}),
    }
    document = {
        "provider": {"aws": [{"region": "eu-west-1"}, {"alias": "chatbot", "region": "us-east-1"}]},
        "resource": {
            "aws_cloudwatch_metric_alarm": alarms,
            "aws_cloudwatch_log_group": {"App": {"name": "/ecs/shop-prod/application"}},
            "aws_cloudwatch_log_metric_filter": {"Errors": {
                "log_group_name": "${aws_cloudwatch_log_group.App.name}", "pattern": log_pattern}},
            "aws_cloudwatch_event_rule": {"Deploy": {"name": "shop-prod-deploy-fails", "event_pattern": json.dumps(
                {"source": ["aws.ecs"], "detail-type": ["ECS Deployment State Change"]})}},
        },
    }
    return Stack("shop-prod", Path("shop-prod/cdk.tf.json"), document)


def test_the_target_is_read_from_the_alarm_dimensions_the_provider_and_the_log_filter() -> None:
    target = Target.of(stack(), account="210987654321")
    assert target.service_arn == "arn:aws:ecs:eu-west-1:210987654321:service/shop-prod-cluster/shop-prod-service"
    assert target.databases == ("shop-db",)
    assert target.dead_letter_queues == frozenset({"orders-dlq"})
    assert target.log_groups == ("/ecs/shop-prod/application",)
    assert Target.of(stack(), region="ap-northeast-2").region == "ap-northeast-2"


def test_the_failed_deployment_is_sent_for_the_stacks_service() -> None:
    failed = next(s for s in CATALOG if s.name == "failed deployment")
    (event,) = failed.events(Target.of(stack()))
    assert (event.source, event.detail_type, event.detail["eventName"]) == (
        "aws.ecs", "ECS Deployment State Change", "SERVICE_DEPLOYMENT_FAILED")
    assert event.resources == ("arn:aws:ecs:eu-west-1:123456789012:service/shop-prod-cluster/shop-prod-service",)


def test_each_log_format_has_its_flood_and_it_applies_where_the_filter_reads_that_format() -> None:
    json_stack, text_stack = stack(), stack(log_pattern='"ERROR"')
    assert (log_format(json_stack), log_format(text_stack)) == ("json", "text")
    floods = {s.name: s for s in CATALOG if s.name.startswith("error log flood")}
    assert floods["error log flood (json)"].applies_to(json_stack)
    assert not floods["error log flood (json)"].applies_to(text_stack)
    assert floods["error log flood (text)"].applies_to(text_stack)


def test_the_flood_writes_its_lines_with_the_given_writer() -> None:
    lines = error_flood(lambda level, message: f"[{level}] {message}", "bracketed").log_lines(Target.of(stack()))
    errors = [line for line in lines if line.message.startswith("[ERROR]")]
    assert len(errors) == 60 * 20
    assert {line.log_group for line in lines} == {"/ecs/shop-prod/application"}
    assert json.loads(json_line("ERROR", "boom")) == {"level": "ERROR", "message": "boom"}
    assert " ERROR boom" in text_line("ERROR", "boom")


def test_severity_scenarios_apply_only_to_stacks_that_grade_severities() -> None:
    prod, dev = stack(), stack(severities=("P3", "P3"))
    assert grades_severity(prod) and not grades_severity(dev)
    outage = next(s for s in CATALOG if s.name == "total outage")
    assert outage.applies_to(prod) and not outage.applies_to(dev)
    assert next(s for s in CATALOG if s.name == "quiet hours").applies_to(dev)


def test_the_catalog_covers_every_monitored_resource_type() -> None:
    names = {s.name for s in CATALOG}
    assert {"total outage", "partial 5xx", "latency regression", "errors and latency", "low traffic at night",
            "one missing datapoint", "database reboot", "database failure", "planned maintenance", "cpu saturation",
            "memory saturation", "queue backlog", "dead letters", "lambda errors", "lambda throttles",
            "redis evictions", "error log flood (json)", "error log flood (text)", "failed deployment",
            "quiet hours"} <= names
    assert len(names) == len(CATALOG)
    assert all(s.description and s.expectation.text for s in CATALOG)


def test_run_hands_the_engine_the_world_events_and_lines_for_the_stack() -> None:
    seen: dict[str, Any] = {}

    def fake_replay(stack: Stack, world: World, **arguments: Any) -> Replay:
        seen.update(arguments, world=world, stack=stack.name)
        return Replay((), ())

    scenario = Scenario("s", "d", Timeline(), Reaches(), minutes=30, warmup=10,
                        applies_to=lambda stack: True)
    assert scenario.run(stack(), fake_replay) == Replay((), ())
    assert (seen["minutes"], seen["warmup"], seen["region"], seen["account"]) == (30, 10, "eu-west-1", "123456789012")
    dlq = MetricId.of("AWS/SQS", "ApproximateNumberOfMessagesVisible", {"QueueName": "orders-dlq"})
    assert isinstance(seen["world"], PublishedWorld) and seen["world"].samples(dlq, 0) == (0.0,)
