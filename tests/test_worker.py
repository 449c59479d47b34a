"""A worker (ECS + SQS with a dead-letter queue + a Lambda, no ALB) gets what it has, and its alarms reach people.

The worker is ``tests/worker_example.py``: its queues and function are real resources, so their
names are tokens and the monitoring names them by label. The delivery tests evaluate its topic
and key policies too (``tests/delivery/stacks.py``); ``terraform validate`` checks it
(``tests/test_terraform_validate.py``).
"""

from __future__ import annotations

import json
import re

import pytest

from monitoring_constructs import AlarmOverride, LambdaFunctionTarget, ServiceMonitoring, SqsQueueTarget
from tests.rejections import rejected
from tests.stack_assertions import Synthesized
from tests.worker_example import THUMBNAILS_TIMEOUT_SECONDS, synth_worker

QUEUE_AND_FUNCTION_ALARMS = {
    "jobs-prod-sqs-oldest-message-age-jobs": "P2",
    "jobs-prod-sqs-dlq-messages-jobs": "P2",
    "jobs-prod-lambda-errors-thumbnails": "P2",
    "jobs-prod-lambda-throttles-thumbnails": "P2",
    "jobs-prod-lambda-duration-near-timeout-thumbnails": "P3",
}


@pytest.fixture(scope="module")
def worker() -> Synthesized:
    return synth_worker()


def topic_of(stack: Synthesized, severity: str) -> str:
    return stack.topic_arn(f"jobs-prod-alerts-{severity.lower()}")


def test_a_worker_gets_its_queue_and_function_alarms_and_nothing_http(worker: Synthesized) -> None:
    names = worker.alarm_names()
    assert {name: worker.alarm(name)["tags"]["Severity"] for name in QUEUE_AND_FUNCTION_ALARMS} == QUEUE_AND_FUNCTION_ALARMS
    assert not [name for name in names if "alb" in name or "response-time" in name]
    assert worker.log_group_names() == {"/ecs/jobs-prod/application", "/ecs/jobs-prod/error",
                                        "/aws/events/jobs-prod/deployments"}
    assert {q["name"] for q in worker.resources("aws_cloudwatch_query_definition")} == {"jobs-prod/recent-errors"}


def test_the_queue_alarms_watch_the_teams_own_queues(worker: Synthesized) -> None:
    assert worker.alarm("jobs-prod-sqs-oldest-message-age-jobs")["dimensions"] == {"QueueName": "${aws_sqs_queue.jobs.name}"}
    assert worker.alarm("jobs-prod-sqs-dlq-messages-jobs")["dimensions"] == {"QueueName": "${aws_sqs_queue.failed-jobs.name}"}
    duration = worker.alarm("jobs-prod-lambda-duration-near-timeout-thumbnails")
    assert duration["dimensions"] == {"FunctionName": "${aws_lambda_function.thumbnails.function_name}"}
    assert duration["threshold"] == THUMBNAILS_TIMEOUT_SECONDS * 1000 * 90 / 100


def test_queue_and_function_alarms_notify_the_topic_their_severity_routes_to(worker: Synthesized) -> None:
    for name, severity in QUEUE_AND_FUNCTION_ALARMS.items():
        alarm = worker.alarm(name)
        assert worker.notifier_of(alarm)["alarm_actions"] == [topic_of(worker, severity)], name
        assert "ok_actions" not in worker.notifier_of(alarm), name  # P2 and P3 do not announce recovery


def test_each_topic_policy_admits_exactly_its_roll_up_which_names_the_alarms_of_its_severity(worker: Synthesized) -> None:
    policies = {p["arn"]: p["policy"] for p in worker.resources("aws_sns_topic_policy")}
    for severity in ("P0", "P1", "P2", "P3"):
        statement = worker.policy_statements(policies[topic_of(worker, severity)])["CloudWatchAlarmsOfThisService"]
        (arns,) = [c["values"] for c in statement["condition"] if c["variable"] == "aws:SourceArn"]
        admitted = {re.fullmatch(r'.*"alarm:([^"]+)"\]\)\}', arn).group(1) for arn in arns}  # type: ignore[union-attr]
        assert admitted == {f"jobs-prod-notify-{severity.lower()}"}, severity
        members = {a["alarm_name"] for a in worker.paging_alarms() if a["tags"]["Severity"] == severity}
        assert {worker.notifier_of(worker.alarm(name))["alarm_name"] for name in members if name in worker.alarm_names()} \
            <= admitted, severity


def test_the_dashboard_draws_each_queue_and_function_graph_with_its_threshold(worker: Synthesized) -> None:
    body = json.loads(worker.one("aws_cloudwatch_dashboard")["dashboard_body"])
    lines = {w["properties"]["title"]: [a["value"] for a in w["properties"]["annotations"]["horizontal"]]
             for w in body["widgets"] if w["type"] == "metric"}
    assert {title: lines[title] for title in (
        "SQS age of the oldest message (s)", "SQS messages in the dead-letter queue", "Lambda errors / invocations",
        "Lambda throttles", "Lambda p99 duration (ms)")} == {
        "SQS age of the oldest message (s)": [600],
        "SQS messages in the dead-letter queue": [0],
        "Lambda errors / invocations": [0],
        "Lambda throttles": [0],
        "Lambda p99 duration (ms)": [27000],
    }


def test_a_queue_and_a_function_monitored_later_get_their_alarms_and_graphs() -> None:
    made: dict[str, list[str]] = {}

    def more(monitoring: ServiceMonitoring) -> None:
        made["queue"] = [a.name for a in monitoring.monitor_sqs_queue(SqsQueueTarget(queue_name="jobs-mail"))]
        made["function"] = [a.name for a in monitoring.monitor_lambda_function(
            LambdaFunctionTarget(function_name="jobs-report", timeout_seconds=600))]

    stack = synth_worker(more)
    assert made == {
        "queue": ["jobs-prod-sqs-oldest-message-age-jobs-mail"],
        "function": ["jobs-prod-lambda-errors-jobs-report", "jobs-prod-lambda-throttles-jobs-report",
                     "jobs-prod-lambda-duration-near-timeout-jobs-report"],
    }
    assert stack.alarm("jobs-prod-lambda-duration-near-timeout-jobs-report")["threshold"] == 540000
    age = [w["properties"] for w in json.loads(stack.one("aws_cloudwatch_dashboard")["dashboard_body"])["widgets"]
           if w["properties"].get("title") == "SQS age of the oldest message (s)"]
    assert [row[-1]["label"] for row in age[0]["metrics"]] == ["jobs ApproximateAgeOfOldestMessage Maximum",
                                                               "jobs-mail ApproximateAgeOfOldestMessage Maximum"]


@pytest.mark.parametrize(
    ("call", "field", "value", "allowed"),
    [
        (lambda m: m.monitor_sqs_queue("jobs-mail"), "queue", "'jobs-mail'", "an SqsQueueTarget(...) value"),
        (lambda m: m.monitor_lambda_function(SqsQueueTarget(queue_name="jobs-mail")), "function", "SqsQueueTarget(",
         "a LambdaFunctionTarget(...) value"),
        (lambda m: m.monitor("jobs-mail"), "resource", "'jobs-mail'", "one of EcsServiceTarget(...)"),
        (lambda m: m.monitor_sqs_queue(SqsQueueTarget(queue_name="jobs-other", label="jobs")), "alarm",
         "'jobs-prod-sqs-oldest-message-age-jobs'", "one alarm per name"),
        (lambda m: m.monitor_redis(SqsQueueTarget(queue_name="jobs-other")), "redis", "SqsQueueTarget(",
         "a RedisTarget(...) value"),
        # An override nothing would apply is refused, not ignored: a misspelt key, another resource's alarm.
        (lambda m: m.monitor_sqs_queue(SqsQueueTarget(queue_name="jobs-other"),
                                       overrides={"sqs-oldest-message-agee": AlarmOverride(threshold=60)}),
         "overrides", "'sqs-oldest-message-agee'", "one of sqs-oldest-message-age"),
        (lambda m: m.monitor_sqs_queue(SqsQueueTarget(queue_name="jobs-other"),
                                       overrides={"redis-cpu-high": AlarmOverride(threshold=60)}),
         "overrides", "'redis-cpu-high'", "one of sqs-oldest-message-age"),
        (lambda m: m.monitor_sqs_queue(SqsQueueTarget(queue_name="jobs-other"),
                                       overrides={"sqs-dlq-messages": AlarmOverride(threshold=5)}),
         "overrides", "'sqs-dlq-messages'", "one of sqs-oldest-message-age"),
    ],
)
def test_monitoring_the_wrong_kind_a_label_twice_or_an_override_nothing_applies_to_fails(call, field: str, value: str,
                                                                          allowed: str) -> None:
    rejected(lambda: synth_worker(call), field, value, allowed)
