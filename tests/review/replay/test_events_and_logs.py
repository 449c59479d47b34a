"""Events reach rule targets and RDS subscriptions; log lines feed metric filters."""

from __future__ import annotations

import json

import pytest

from monitoring_constructs.review.replay.engine import replay
from monitoring_constructs.review.replay.rds_events import rds_instance_event
from monitoring_constructs.review.replay.terraform_values import Renderer, ReplayError
from monitoring_constructs.review.replay.world import Event, LogLine

from .handmade import PAGED, Scripted, alarm, stack, topic

SERVICE_ARN = ('${join("", ["arn:", data.aws_partition.P.partition, ":", "ecs", ":", data.aws_region.R.name, ":", '
               'data.aws_caller_identity.C.account_id, ":", join("", ["service/", "shop-cluster", "/", "shop"])])}')
# As cdk.tf.json holds it: a JSON string whose interpolation's quotes are not escaped.
PATTERN = ('{"source":["aws.ecs"],"detail-type":["ECS Deployment State Change"],"resources":["' + SERVICE_ARN
           + '"],"detail":{"eventName":["SERVICE_DEPLOYMENT_FAILED"]}}')
FAILED = Event(4, "aws.ecs", "ECS Deployment State Change", {"eventName": "SERVICE_DEPLOYMENT_FAILED"},
               ("arn:aws:ecs:eu-west-1:123456789012:service/shop-cluster/shop",))
APP_LOGS = "${aws_cloudwatch_log_group.App.name}"


def test_the_renderer_evaluates_joins_partition_account_region_and_names() -> None:
    doc = stack(aws_sns_topic={"Paged": topic("shop-paged")})
    renderer = Renderer(doc, account="111122223333", region="eu-west-1")
    assert renderer.render(SERVICE_ARN) == "arn:aws:ecs:eu-west-1:111122223333:service/shop-cluster/shop"
    assert renderer.render(PAGED) == "arn:aws:sns:eu-west-1:111122223333:shop-paged"
    assert renderer.render("${aws_sns_topic.Paged.name}") == "shop-paged"


@pytest.mark.parametrize("value", ['${upper("x")}', "${var.name}", "${aws_sns_topic.Paged.id}", "${aws_sns_topic.Gone.arn}"])
def test_the_renderer_refuses_what_it_cannot_know_offline(value: str) -> None:
    with pytest.raises(ReplayError):
        Renderer(stack(aws_sns_topic={"Paged": topic("p")}), account="1", region="r").render(value)


def rule_stack(target: str, pattern: object = PATTERN, **more: dict) -> object:
    return stack(
        aws_sns_topic={"Paged": topic("shop-paged", "P2")},
        aws_cloudwatch_log_group={"App": {"name": "/ecs/shop/app"}},
        aws_cloudwatch_event_rule={"Fails": {"name": "shop-deploy-fails", "event_pattern": pattern,
                                             "tags": {"Severity": "P2"}}},
        aws_cloudwatch_event_target={"T": {"rule": "${aws_cloudwatch_event_rule.Fails.name}", "arn": target}},
        **more,
    )


def test_a_matching_event_reaches_the_rules_topic_with_the_rules_severity() -> None:
    result = replay(rule_stack(PAGED), Scripted(), minutes=10, events=[FAILED])
    assert [(n.minute, n.topic, n.sender, n.sender_kind, n.state, n.severity) for n in result.notifications] == [
        (4, "shop-paged", "shop-deploy-fails", "event_rule", "EVENT", "P2")]


def test_a_pattern_written_as_a_json_string_object_is_read_too() -> None:
    pattern = {"// JSON string": json.loads(PATTERN.replace(SERVICE_ARN, "X")) | {"resources": [SERVICE_ARN]}}
    assert len(replay(rule_stack(PAGED, pattern), Scripted(), minutes=10, events=[FAILED]).notifications) == 1


def test_an_event_of_another_service_matches_nothing() -> None:
    other = Event(4, "aws.ecs", "ECS Deployment State Change", {"eventName": "SERVICE_DEPLOYMENT_FAILED"},
                  ("arn:aws:ecs:eu-west-1:123456789012:service/shop-cluster/other",))
    assert replay(rule_stack(PAGED), Scripted(), minutes=10, events=[other]).notifications == ()


def errors_filter(default: str | None) -> dict:
    transformation = {"name": "ErrorLines", "namespace": "Shop", "value": "1"}
    return {"F": {"name": "shop-error-lines", "log_group_name": APP_LOGS, "pattern": '{ $.level = "ERROR" }',
                  "metric_transformation": transformation | ({"default_value": default} if default else {})}}


def test_an_event_sent_to_a_log_group_is_a_log_line_that_metric_filters_read() -> None:
    doc = rule_stack("${aws_cloudwatch_log_group.App.arn}", '{"source": ["aws.ecs"]}',
                     aws_cloudwatch_log_metric_filter={"F": {**errors_filter(None)["F"], "pattern": '{ $.source = "aws.ecs" }'}},
                     aws_cloudwatch_metric_alarm={"A": alarm("shop-error-lines", metric_name="ErrorLines", threshold=0,
                                                             alarm_actions=[PAGED])})
    result = replay(doc, Scripted(), minutes=10, events=[FAILED])
    assert [(n.minute, n.sender, n.state) for n in result.notifications] == [(5, "shop-error-lines", "ALARM")]


def test_matching_lines_publish_their_value_and_the_default_only_for_minutes_with_lines() -> None:
    doc = stack(aws_cloudwatch_log_group={"App": {"name": "/ecs/shop/app"}},
                aws_cloudwatch_log_metric_filter=errors_filter("0"),
                aws_cloudwatch_metric_alarm={"A": alarm("shop-error-lines", metric_name="ErrorLines", threshold=1,
                                                        statistic="SampleCount", treat_missing_data="missing")})
    lines = [LogLine(0.5, "/ecs/shop/app", '{"level": "INFO"}'),  # no match: the default 0 is published
             LogLine(1.2, "/ecs/shop/app", '{"level": "ERROR"}'), LogLine(1.7, "/ecs/shop/app", '{"level": "ERROR"}')]
    result = replay(doc, Scripted(), minutes=6, warmup=0, log_lines=lines)
    # Without lines nothing is published: the alarm keeps re-evaluating the last datapoint while
    # it is inside the evaluation range (3 periods), then has no data.
    assert [(t.minute, t.new) for t in result.transitions] == [(1, "OK"), (2, "ALARM"), (5, "INSUFFICIENT_DATA")]


def test_an_rds_event_reaches_the_subscriptions_topic() -> None:
    doc = stack(aws_sns_topic={"Paged": topic("shop-paged", "P0")},
                aws_db_event_subscription={"Down": {"name": "shop-rds-down", "sns_topic": PAGED, "source_type": "db-instance",
                                                    "source_ids": ["shop-db"], "event_categories": ["failure"],
                                                    "tags": {"Severity": "P0"}}})
    down = rds_instance_event(2, "shop-db", "RDS-EVENT-0031", region="eu-west-1")  # a "failure" event
    result = replay(doc, Scripted(), minutes=5, events=[down])
    assert [(n.minute, n.topic, n.sender_kind, n.severity) for n in result.notifications] == [
        (2, "shop-paged", "rds_subscription", "P0")]


def test_a_log_group_arn_target_receives_the_event_as_json() -> None:
    doc = rule_stack("arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/shop/app:*", '{"source": ["aws.ecs"]}',
                     aws_cloudwatch_log_metric_filter={"F": {**errors_filter(None)["F"], "pattern": '{ $.source = "aws.ecs" }'}},
                     aws_cloudwatch_metric_alarm={"A": alarm("shop-events", metric_name="ErrorLines", threshold=0,
                                                             treat_missing_data="notBreaching")})
    result = replay(doc, Scripted(), minutes=10, events=[FAILED])
    assert [(t.minute, t.new) for t in result.transitions] == [(5, "ALARM"), (8, "OK")]


def test_a_disabled_rule_delivers_nothing() -> None:
    doc = rule_stack(PAGED)
    doc.document["resource"]["aws_cloudwatch_event_rule"]["Fails"]["state"] = "DISABLED"
    assert replay(doc, Scripted(), minutes=10, events=[FAILED]).notifications == ()
