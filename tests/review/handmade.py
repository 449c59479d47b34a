"""A small hand-made synthesized stack with what the default stacks lack.

An unsubscribed topic, a Slack-only topic, a topic outside the stack (an ARN),
a reference to a block that does not exist, an alarm without actions, an
anomaly-band alarm, a composite alarm with a suppressor, and a dashboard with
repeated metric rows, a band, an alarm annotation and unplaced widgets.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SHARED_TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:platform-shared"
DANGLING = "${aws_sns_topic.Gone.arn}"


def _alarm(name: str, severity: str | None, actions: list[str], **fields: Any) -> dict[str, Any]:
    block = {
        "alarm_name": name,
        "comparison_operator": "GreaterThanThreshold",
        "evaluation_periods": 2,
        "namespace": "AWS/SQS",
        "metric_name": "ApproximateAgeOfOldestMessage",
        "dimensions": {"QueueName": "${aws_sqs_queue.Orders.name}"},
        "statistic": "Maximum",
        "period": 300,
        "threshold": 600,
        "alarm_actions": actions,
        **fields,
    }
    if severity:
        block["tags"] = {"Severity": severity}
    return block


DASHBOARD_BODY = {
    "widgets": [
        {"type": "text", "x": 0, "y": 0, "width": 24, "height": 2, "properties": {"markdown": "# shop-prod\nHand-made"}},
        {
            "type": "metric", "x": 0, "y": 2, "width": 12, "height": 6,
            "properties": {
                "title": "Queue age", "region": "eu-west-1", "view": "timeSeries", "stat": "Maximum",
                "metrics": [
                    ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "${aws_sqs_queue.Orders.name}"],
                    [".", ".", ".", "orders-dlq", {"label": "dead letters"}],
                    ["...", "refunds", {"stat": "Average"}],
                ],
                "annotations": {"horizontal": [[{"label": "normal", "value": 10}, {"value": 60}], {"label": "slow", "value": 600}]},
            },
        },
        {
            "type": "metric", "x": 12, "y": 2, "width": 12, "height": 6,
            "properties": {"title": "Latency alarm", "region": "eu-west-1",
                           "annotations": {"alarms": ["${aws_cloudwatch_metric_alarm.Latency.arn}"]}},
        },
        {"type": "metric", "width": 6, "height": 3,
         "properties": {"title": "Requests now", "region": "eu-west-1", "view": "singleValue",
                        "metrics": [["AWS/ApplicationELB", "RequestCount", {"stat": "Sum"}]]}},
        {"type": "explorer", "width": 20, "height": 4,
         "properties": {"title": "Every queue", "metrics": [{"metricName": "NumberOfMessagesSent"}]}},
        {"type": "alarm", "x": 0, "y": 8, "width": 24, "height": 2,
         "properties": {"title": "Shop alarms", "alarms": ["${aws_cloudwatch_metric_alarm.Latency.arn}",
                                                          "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:elsewhere"]}},
    ]
}

HANDMADE: dict[str, Any] = {
    "resource": {
        "aws_sns_topic": {
            "Paged": {"name": "shop-prod-paged"},
            "Quiet": {"name": "shop-prod-quiet"},
            "ChatOnly": {"name": "shop-prod-chat"},
        },
        "aws_sns_topic_subscription": {
            "PagedEmail": {"topic_arn": "${aws_sns_topic.Paged.arn}", "protocol": "email", "endpoint": "oncall@shop.example"},
            "PagedHook": {"topic_arn": "${aws_sns_topic.Paged.arn}", "protocol": "https",
                          "endpoint": "https://events.pagerduty.com/integration/SECRETKEY/enqueue"},
        },
        "aws_chatbot_slack_channel_configuration": {
            "Chat": {"provider": "aws.chatbot", "configuration_name": "shop-prod-chat", "slack_team_id": "T0SHOP",
                     "slack_channel_id": "C0SHOP", "sns_topic_arns": ["${aws_sns_topic.ChatOnly.arn}"]},
        },
        "aws_cloudwatch_metric_alarm": {
            "Latency": {
                "alarm_name": "shop-prod-latency", "namespace": "AWS/ApplicationELB", "metric_name": "TargetResponseTime",
                "extended_statistic": "p99", "period": 60, "evaluation_periods": 5, "datapoints_to_alarm": 3,
                "comparison_operator": "GreaterThanOrEqualToThreshold", "threshold": 2,
                "alarm_actions": ["${aws_sns_topic.Paged.arn}"], "ok_actions": ["${aws_sns_topic.Paged.arn}"],
                "tags": {"Severity": "P1"},
            },
            "Queue": _alarm("shop-prod-queue-age", "P3", ["${aws_sns_topic.Quiet.arn}"]),
            "Requests": {
                "alarm_name": "shop-prod-requests-low",
                "comparison_operator": "LessThanLowerThreshold",
                "evaluation_periods": 3,
                "threshold_metric_id": "band",
                "metric_query": [
                    {"id": "m1", "return_data": True,
                     "metric": {"namespace": "AWS/ApplicationELB", "metric_name": "RequestCount", "stat": "Sum", "period": 300}},
                    {"id": "band", "expression": "ANOMALY_DETECTION_BAND(m1, 2)", "label": "expected"},
                ],
                "alarm_actions": ["${aws_sns_topic.ChatOnly.arn}"],
                "tags": {"Severity": "P2"},
            },
            "Shared": _alarm("shop-prod-shared", "P2", [SHARED_TOPIC_ARN]),
            "Dangling": _alarm("shop-prod-dangling", "P2", [DANGLING]),
            "Silent": _alarm("shop-prod-silent", None, []),
        },
        "aws_cloudwatch_composite_alarm": {
            "Unhealthy": {
                "alarm_name": "shop-prod-unhealthy",
                "alarm_rule": 'ALARM("${aws_cloudwatch_metric_alarm.Latency.alarm_name}") AND '
                              "ALARM(${aws_cloudwatch_metric_alarm.Requests.arn})",
                "alarm_actions": ["${aws_sns_topic.Paged.arn}"],
                "actions_suppressor": {"alarm": "${aws_cloudwatch_metric_alarm.Queue.alarm_name}",
                                       "wait_period": 120, "extension_period": 180},
                "tags": {"Severity": "P0"},
            },
        },
        "aws_cloudwatch_dashboard": {
            "Board": {"dashboard_name": "shop-prod", "dashboard_body": json.dumps(DASHBOARD_BODY)},
        },
    }
}


def write_stack(folder: Path, name: str, document: dict[str, Any]) -> Path:
    """Write ``document`` as ``<folder>/<name>/cdk.tf.json``; return ``folder``."""
    (folder / name).mkdir(parents=True, exist_ok=True)
    (folder / name / "cdk.tf.json").write_text(json.dumps(document, indent=2))
    return folder
