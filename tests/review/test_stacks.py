"""References in synthesized JSON are shown by name; anything else verbatim."""

from __future__ import annotations

from pathlib import Path

from monitoring_constructs.review.stacks import Stack

STACK = Stack(name="s", path=Path("s/cdk.tf.json"), document={
    "resource": {
        "aws_sns_topic": {"Alerts": {"name": "s-alerts"}},
        "aws_cloudwatch_metric_alarm": {"Cpu": {"alarm_name": "s-cpu", "name": "not this"}},
        "aws_iam_role": {"Role": {"name": "${var.role_name}"}},
    },
    "data": {"aws_lb": {"Alb": {"name": "s-alb"}}},
})


def test_a_reference_to_a_named_block_becomes_its_name():
    assert STACK.resolve("${aws_sns_topic.Alerts.arn}") == "s-alerts"
    assert STACK.resolve('ALARM("${aws_cloudwatch_metric_alarm.Cpu.alarm_name}")') == 'ALARM("s-cpu")'


def test_another_attribute_is_named_after_the_block():
    assert STACK.resolve("${data.aws_lb.Alb.arn_suffix}") == "s-alb (arn_suffix)"


def test_unknown_blocks_unnamed_blocks_and_expressions_stay_verbatim():
    for text in (
        "${aws_sns_topic.Gone.arn}",
        "${aws_iam_role.Role.arn}",
        '${join("", ["arn:", data.aws_partition.P.partition, ":x"])}',
        "${jsonencode({a = 1})}",
        "${unclosed",
        "${var.name}",
    ):
        assert STACK.resolve(text) == text


def test_non_text_values_are_shown_as_json():
    assert STACK.resolve(["a", 1]) == '["a", 1]'
    assert STACK.resolve(2.5) == "2.5"
