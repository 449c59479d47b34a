"""SQS queue alarms, in the README's table style: metric, statistic, period x evaluations, threshold, severity.

Numbers from AWS's recommended alarms (Amazon SQS) and the SQS Developer Guide's dead-letter queue
alarm; the sources are cited next to each number in ``alarms/resources/sqs.py``.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from monitoring_constructs import AlarmOverride, MonitoredResources, Severity, SqsQueueTarget
from monitoring_constructs.core.severity import SEVERITY_COLORS
from tests.alarms.service import graph, monitored, settings, shape, token
from tests.rejections import rejected

JOBS = SqsQueueTarget(queue_name="orders-jobs", dead_letter_queue_name="orders-jobs-dlq")
WITH_JOBS = MonitoredResources(sqs_queues=(JOBS,))


def test_a_queues_oldest_message_older_than_10_minutes_for_15_minutes_is_a_p2_alarm() -> None:
    alarm = monitored(WITH_JOBS).alarm("orders-prod-sqs-oldest-message-age-orders-jobs")
    assert shape(alarm) == ("AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum", 60, 15, 15,
                            "GreaterThanThreshold", 600, "notBreaching", "P2")
    assert alarm["dimensions"] == {"QueueName": "orders-jobs"}
    assert alarm["alarm_description"].startswith("[P2 Medium] The oldest message of the queue has waited more than 600 s.")


def test_any_message_in_the_dead_letter_queue_is_a_p2_alarm_on_the_dead_letter_queue_itself() -> None:
    alarm = monitored(WITH_JOBS).alarm("orders-prod-sqs-dlq-messages-orders-jobs")
    assert shape(alarm) == ("AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", 60, 1, 1,
                            "GreaterThanThreshold", 0, "notBreaching", "P2")
    assert alarm["dimensions"] == {"QueueName": "orders-jobs-dlq"}


def test_a_queue_without_a_dead_letter_queue_gets_no_dead_letter_alarm() -> None:
    stack = monitored(MonitoredResources(sqs_queues=(SqsQueueTarget(queue_name="orders-jobs"),)))
    assert stack.alarm_names() == {"orders-prod-sqs-oldest-message-age-orders-jobs"}
    rejected(lambda: settings(MonitoredResources(sqs_queues=(SqsQueueTarget(queue_name="orders-jobs"),)),
                              alarm_overrides={"sqs-dlq-messages": AlarmOverride(threshold=5)}),
             "alarm_overrides", "'sqs-dlq-messages'", "needs resources.sqs_queues with a dead_letter_queue_name")


def test_each_queue_is_alarmed_under_its_own_label_and_drawn_as_its_own_line() -> None:
    mail = SqsQueueTarget(queue_name="Orders_Mail.fifo", dead_letter_queue_name="orders-mail-dlq.fifo")
    assert mail.label == "orders-mail-fifo"
    stack = monitored(MonitoredResources(sqs_queues=(JOBS, mail)))
    assert {"orders-prod-sqs-oldest-message-age-orders-mail-fifo", "orders-prod-sqs-dlq-messages-orders-mail-fifo",
            "orders-prod-sqs-oldest-message-age-orders-jobs"} <= stack.alarm_names()
    age = graph(stack, "SQS age of the oldest message (s)")
    assert [row[:4] for row in age["metrics"]] == [["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "orders-jobs"],
                                                    ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "Orders_Mail.fifo"]]
    assert age["annotations"]["horizontal"] == [
        {"label": "orders-prod-sqs-oldest-message-age-* > 600 s (P2)", "value": 600, "color": SEVERITY_COLORS[Severity.P2]}]
    dead = graph(stack, "SQS messages in the dead-letter queue")
    assert [row[3] for row in dead["metrics"]] == ["orders-jobs-dlq", "orders-mail-dlq.fifo"]


def test_a_queue_named_by_a_token_needs_a_label_and_its_graph_line_shows_it() -> None:
    rejected(lambda: SqsQueueTarget(queue_name=token("jobs")), "sqs_queue.label", "None",
             "the name is a token, known only at apply time")
    labelled = SqsQueueTarget(queue_name=token("jobs"), dead_letter_queue_name=token("failed"), label="jobs")
    other = SqsQueueTarget(queue_name=token("mail"), label="mail")
    stack = monitored(MonitoredResources(sqs_queues=(labelled, other)))
    assert stack.alarm("orders-prod-sqs-dlq-messages-jobs")["dimensions"] == {"QueueName": "${var.failed}"}
    rows = graph(stack, "SQS age of the oldest message (s)")["metrics"]
    assert [row[-1]["label"] for row in rows] == ["jobs ApproximateAgeOfOldestMessage Maximum",
                                                  "mail ApproximateAgeOfOldestMessage Maximum"]


def test_a_queues_age_threshold_is_overridable_like_any_alarm() -> None:
    stack = monitored(WITH_JOBS, alarm_overrides={"sqs-oldest-message-age": AlarmOverride(threshold=120, evaluation_periods=5)})
    alarm = stack.alarm("orders-prod-sqs-oldest-message-age-orders-jobs")
    assert (alarm["threshold"], alarm["evaluation_periods"], alarm["datapoints_to_alarm"]) == (120, 5, 5)


@pytest.mark.parametrize(
    ("changes", "field", "value", "allowed"),
    [
        ({"queue_name": "orders jobs"}, "sqs_queue.queue_name", "'orders jobs'", "an SQS queue name (1-80 letters"),
        ({"queue_name": "q" * 81}, "sqs_queue.queue_name", "'qqq", "1-80 letters"),
        ({"queue_name": "jobs.fifo.fifo", "dead_letter_queue_name": None}, "sqs_queue.queue_name", "'jobs.fifo.fifo'",
         "ends in .fifo"),
        ({"dead_letter_queue_name": "orders-jobs"}, "sqs_queue.dead_letter_queue_name", "'orders-jobs'",
         "another queue than queue_name"),
        ({"dead_letter_queue_name": "orders-jobs-dlq.fifo"}, "sqs_queue.dead_letter_queue_name", "'orders-jobs-dlq.fifo'",
         "a FIFO queue's dead-letter queue is a FIFO queue"),
        ({"label": "Jobs"}, "sqs_queue.label", "'Jobs'", "lower-case letters or digits in words"),
        ({"label": "jobs--2"}, "sqs_queue.label", "'jobs--2'", "joined by single hyphens"),
        ({"queue_name": "__", "dead_letter_queue_name": None}, "sqs_queue.label", "None", "'__' has no letter or digit"),
    ],
)
def test_bad_queues_fail_before_synthesis(changes: dict, field: str, value: str, allowed: str) -> None:
    values = {"queue_name": "orders-jobs", "dead_letter_queue_name": "orders-jobs-dlq"} | changes
    rejected(lambda: SqsQueueTarget(**values), field, value, allowed)


@pytest.mark.parametrize(
    ("queues", "field", "value", "allowed"),
    [
        ("orders-jobs", "sqs_queues", "'orders-jobs'", "a tuple of SqsQueueTarget(...) values"),
        (JOBS, "sqs_queues", "SqsQueueTarget(", "a tuple of SqsQueueTarget(...) values"),
        (("orders-jobs",), "sqs_queues[0]", "'orders-jobs'", "an SqsQueueTarget(...) value"),
        ((JOBS, replace(JOBS, dead_letter_queue_name=None)), "sqs_queues (labels)", "'orders-jobs'", "each value once"),
        ((JOBS, replace(JOBS, label="again")), "sqs_queues (queue_names)", "'orders-jobs'", "each value once"),
    ],
)
def test_queues_are_a_tuple_of_queue_targets_with_distinct_labels_and_names(queues, field: str, value: str,
                                                                            allowed: str) -> None:
    rejected(lambda: MonitoredResources(sqs_queues=queues), field, value, allowed)
