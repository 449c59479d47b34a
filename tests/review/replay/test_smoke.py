"""A stack shaped like the library's service stacks, replayed end to end (hand-made, no synthesis).

Child alarms without actions, a P0 "service unhealthy" composite over them, and one
"-notify" composite per child held back by that composite (wait 60 s, extension 300 s),
as the facade builds them; plus a deployment rule, an RDS subscription and a log filter.
"""

from __future__ import annotations

from monitoring_constructs.review.replay.engine import replay
from monitoring_constructs.review.replay.rds_events import rds_instance_event
from monitoring_constructs.review.replay.world import Event

from .handmade import Scripted, alarm, stack, topic

TOPICS = {f"P{level}": topic(f"shop-prod-alerts-p{level}") for level in range(4)}
UNHEALTHY = "shop-prod-service-unhealthy"


def notify(child: str, level: int) -> dict:
    return {
        "alarm_name": f"{child}-notify", "alarm_rule": f'ALARM("{child}")',
        "alarm_actions": [f"${{aws_sns_topic.P{level}.arn}}"], "ok_actions": [f"${{aws_sns_topic.P{level}.arn}}"],
        "actions_suppressor": {"alarm": UNHEALTHY, "wait_period": 60, "extension_period": 300},
        "tags": {"Severity": f"P{level}"},
    }


DOCUMENT = stack(
    region="ap-northeast-2",
    aws_sns_topic=TOPICS,
    aws_cloudwatch_log_group={"App": {"name": "/ecs/shop-prod/application"}},
    aws_cloudwatch_metric_alarm={
        "Errors": alarm("shop-prod-errors-high", alarm_actions=[], treat_missing_data="notBreaching",
                        tags={"Severity": "P1"}),
        "Latency": alarm("shop-prod-latency-high", metric_name="Latency", statistic="Average", threshold=1,
                         alarm_actions=[], tags={"Severity": "P2"}),
        "Lines": alarm("shop-prod-error-lines", metric_name="ErrorLogLines", threshold=100, period=300,
                       treat_missing_data="notBreaching", alarm_actions=["${aws_sns_topic.P1.arn}"]),
    },
    aws_cloudwatch_composite_alarm={
        "Unhealthy": {"alarm_name": UNHEALTHY, "alarm_rule": 'ALARM("shop-prod-errors-high") AND ALARM("shop-prod-latency-high")',
                      "alarm_actions": ["${aws_sns_topic.P0.arn}"], "ok_actions": ["${aws_sns_topic.P0.arn}"],
                      "tags": {"Severity": "P0"}},
        "ErrorsNotify": notify("shop-prod-errors-high", 1),
        "LatencyNotify": notify("shop-prod-latency-high", 2),
    },
    aws_cloudwatch_event_rule={"Deploy": {
        "name": "shop-prod-deploy-fails", "tags": {"Severity": "P2"},
        "event_pattern": '{"source":["aws.ecs"],"resources":["${join("", ["arn:", data.aws_partition.P.partition, '
                         '":ecs:ap-northeast-2:", data.aws_caller_identity.C.account_id, ":service/shop"])}"]}'}},
    aws_cloudwatch_event_target={"DeployTarget": {"rule": "${aws_cloudwatch_event_rule.Deploy.name}",
                                                  "arn": "${aws_sns_topic.P2.arn}"}},
    aws_db_event_subscription={"Down": {"name": "shop-prod-rds-down", "sns_topic": "${aws_sns_topic.P0.arn}",
                                        "source_type": "db-instance", "source_ids": ["shop-db"],
                                        "event_categories": ["failure"],
                                        "tags": {"Severity": "P0"}}},
    aws_cloudwatch_log_metric_filter={"Errors": {
        "name": "shop-prod-error-lines", "log_group_name": "${aws_cloudwatch_log_group.App.name}",
        "pattern": '{ $.level = "ERROR" }',
        "metric_transformation": {"name": "ErrorLogLines", "namespace": "Shop", "value": "1", "default_value": "0"}}},
)


def test_a_service_outage_pages_once_at_p0_and_the_held_back_child_pages_after_the_extension() -> None:
    world = Scripted(Errors=lambda m: 50.0 if 0 <= m < 10 else 0.0, Latency=lambda m: 3.0 if m >= 1 else 0.2)
    result = replay(DOCUMENT, world, minutes=30)
    assert [(n.minute, n.topic, n.sender, n.state, n.severity) for n in result.notifications] == [
        (2, "shop-prod-alerts-p0", UNHEALTHY, "ALARM", "P0"),
        (11, "shop-prod-alerts-p0", UNHEALTHY, "OK", "P0"),
        (16, "shop-prod-alerts-p2", "shop-prod-latency-high-notify", "ALARM", "P2"),
    ]
    assert [t.alarm for t in result.transitions][:2] == ["shop-prod-errors-high", "shop-prod-errors-high-notify"]


def test_events_and_log_lines_of_the_same_stack_are_delivered() -> None:
    deploy = Event(1, "aws.ecs", "ECS Deployment State Change", resources=("arn:aws:ecs:ap-northeast-2:123456789012:service/shop",))
    down = rds_instance_event(2, "shop-db", "RDS-EVENT-0031")  # a "failure" event
    result = replay(DOCUMENT, Scripted(Errors=lambda m: 0.0, Latency=lambda m: 0.2), minutes=5, events=[down, deploy])
    assert [(n.minute, n.topic, n.sender_kind) for n in result.notifications] == [
        (1, "shop-prod-alerts-p2", "event_rule"), (2, "shop-prod-alerts-p0", "rds_subscription")]
