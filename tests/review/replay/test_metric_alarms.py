"""Metric alarms follow "Alarm evaluation" and "Configuring how CloudWatch alarms treat missing data"."""

from __future__ import annotations

import pytest

from monitoring_constructs.review.replay.datapoints import Datapoint, aggregate
from monitoring_constructs.review.replay.engine import replay
from monitoring_constructs.review.replay.metric_alarms import evaluation_range, next_state
from monitoring_constructs.review.replay.stack_model import read_model
from monitoring_constructs.review.replay.terraform_values import ReplayError

from .handmade import PAGED, Scripted, alarm, stack, topic


def single(**fields: object):
    """The model of a one-alarm stack."""
    doc = stack(aws_sns_topic={"Paged": topic("shop-paged", "P1")},
                aws_cloudwatch_metric_alarm={"A": alarm("shop-errors", **fields)})
    return read_model(doc, account="123456789012").alarms[0]


def points(row: str) -> list[Datapoint]:
    """``0 - X`` (oldest first): 0 not breaching, X breaching, - missing; threshold 10."""
    values = {"0": 1.0, "X": 99.0, "-": None}
    return [Datapoint(values[c], 10.0, 10.0, 1) for c in row.split()]


# The two tables of "How alarm state is evaluated when data is missing": 3 of 3, then 2 of 3.
TABLE = [
    (3, "0 - X - X", ["OK", "OK", "OK", "OK"]),
    (3, "0 - - - -", ["OK", "OK", "OK", "OK"]),
    (3, "- - - - -", ["INSUFFICIENT_DATA", None, "ALARM", "OK"]),
    (3, "0 X X - X", ["ALARM", "ALARM", "ALARM", "ALARM"]),
    (3, "- - - - X", ["INSUFFICIENT_DATA", None, "ALARM", "OK"]),
    (3, "X - - - -", ["ALARM", None, "ALARM", "OK"]),
    (2, "0 - X - X", ["ALARM", "ALARM", "ALARM", "ALARM"]),
    (2, "0 0 X 0 X", ["ALARM", "ALARM", "ALARM", "ALARM"]),
    (2, "0 - X - -", ["OK", "OK", "ALARM", "OK"]),
    (2, "- - - - 0", ["OK", "OK", "ALARM", "OK"]),
    (2, "- - - - X", ["INSUFFICIENT_DATA", None, "ALARM", "OK"]),
]


@pytest.mark.parametrize(("to_alarm", "row", "expected"), TABLE)
def test_the_documented_missing_data_tables(to_alarm: int, row: str, expected: list[str | None]) -> None:
    for treat, state in zip(["missing", "ignore", "breaching", "notBreaching"], expected):
        model = single(evaluation_periods=3, datapoints_to_alarm=to_alarm, treat_missing_data=treat)
        assert next_state(model, points(row), current="OK").state == state, (treat, row)


def test_the_evaluation_range_of_three_periods_is_five_datapoints() -> None:
    assert evaluation_range(single(evaluation_periods=3)) == 5


def test_a_5_minute_sum_alarm_with_2_evaluation_periods_first_goes_into_alarm_10_minutes_after_the_errors_start() -> None:
    doc = stack(aws_sns_topic={"Paged": topic("shop-paged", "P1")},
                aws_cloudwatch_metric_alarm={"A": alarm("shop-errors", period=300, evaluation_periods=2, threshold=45,
                                                        alarm_actions=[PAGED], tags={"Severity": "P1"})})
    result = replay(doc, Scripted(Errors=lambda m: 10.0 if m >= 0 else 0.0), minutes=30)
    assert [(n.minute, n.topic, n.state, n.severity) for n in result.notifications] == [(10, "shop-paged", "ALARM", "P1")]


def test_an_alarm_with_2_of_3_datapoints_and_missing_data_breaching_stays_ok_after_one_missing_datapoint() -> None:
    doc = stack(aws_cloudwatch_metric_alarm={"A": alarm("shop-errors", evaluation_periods=3, datapoints_to_alarm=2,
                                                        treat_missing_data="breaching")})
    result = replay(doc, Scripted(Errors=lambda m: None if m == 5 else 0.0), minutes=20)
    assert result.transitions == ()


def test_an_alarm_starts_in_insufficient_data_and_leaves_it_with_the_first_datapoint() -> None:
    doc = stack(aws_cloudwatch_metric_alarm={"A": alarm("shop-errors")})
    result = replay(doc, Scripted(Errors=lambda m: 0.0 if m >= 3 else None), minutes=10, warmup=0)
    assert [(t.minute, t.old, t.new) for t in result.transitions] == [(4, "INSUFFICIENT_DATA", "OK")]


def test_ok_actions_are_sent_on_recovery_and_alarm_actions_on_breach() -> None:
    doc = stack(aws_sns_topic={"Paged": topic("shop-paged", "P1")},
                aws_cloudwatch_metric_alarm={"A": alarm("shop-errors", alarm_actions=[PAGED], ok_actions=[PAGED])})
    result = replay(doc, Scripted(Errors=lambda m: 50.0 if 0 <= m < 3 else 0.0), minutes=10)
    assert [(n.minute, n.state) for n in result.notifications] == [(1, "ALARM"), (4, "OK")]
    assert result.notifications[0].topic_severity == "P1"


def test_an_alarm_with_actions_disabled_changes_state_but_notifies_nobody() -> None:
    doc = stack(aws_sns_topic={"Paged": topic("shop-paged")},
                aws_cloudwatch_metric_alarm={"A": alarm("shop-errors", alarm_actions=[PAGED], actions_enabled=False)})
    result = replay(doc, Scripted(Errors=lambda m: 50.0), minutes=5, warmup=0)
    assert result.notifications == () and result.transitions[0].new == "ALARM"


def test_an_existing_topic_arn_is_its_own_name_and_other_actions_are_ignored() -> None:
    shared = "arn:aws:sns:eu-west-1:123456789012:platform-shared"
    doc = stack(aws_cloudwatch_metric_alarm={"A": alarm("shop-errors", alarm_actions=[
        shared, "arn:aws:automate:eu-west-1:ec2:reboot"])})
    result = replay(doc, Scripted(Errors=lambda m: 50.0 if m >= 0 else 0.0), minutes=3)
    assert [(n.topic, n.topic_severity) for n in result.notifications] == [(shared, None)]


def test_greater_than_or_equal_breaches_at_the_threshold() -> None:
    doc = stack(aws_cloudwatch_metric_alarm={"A": alarm("shop-errors", comparison_operator="GreaterThanOrEqualToThreshold")})
    result = replay(doc, Scripted(Errors=lambda m: 10.0 if m >= 0 else 0.0), minutes=3)
    assert [(t.minute, t.new) for t in result.transitions] == [(1, "ALARM")]


def test_a_p99_alarm_ignoring_low_sample_counts_keeps_its_state_below_1000_samples() -> None:
    fields = {"statistic": None, "extended_statistic": "p99", "metric_name": "Latency",
              "evaluate_low_sample_count_percentiles": "ignore"}
    doc = stack(aws_cloudwatch_metric_alarm={"A": {k: v for k, v in alarm("slow", **fields).items() if v is not None}})
    few = replay(doc, Scripted(Latency=lambda m: (1.0, 2.0) if m < 0 else (50.0, 60.0)), minutes=5)
    assert few.transitions == ()  # never left INSUFFICIENT_DATA: every period has 2 samples
    many = replay(doc, Scripted(Latency=lambda m: (1.0,) * 1000 if m < 0 else (50.0,) * 1000), minutes=5)
    assert [(t.minute, t.new) for t in many.transitions] == [(1, "ALARM")]


def test_a_percentile_is_taken_from_the_samples_of_the_period() -> None:
    block = {k: v for k, v in alarm("slow", metric_name="Latency", threshold=5).items() if k != "statistic"}
    doc = stack(aws_cloudwatch_metric_alarm={"A": block | {"extended_statistic": "p90"}})
    samples = tuple(float(x) for x in range(1, 11))  # p90 of 1..10 is 9
    result = replay(doc, Scripted(Latency=lambda m: samples if m >= 0 else (1.0,)), minutes=2)
    assert "9" in result.transitions[0].reason


def test_insufficient_data_actions_are_sent_when_the_data_stops() -> None:
    doc = stack(aws_sns_topic={"Paged": topic("shop-paged")},
                aws_cloudwatch_metric_alarm={"A": alarm("shop-errors", insufficient_data_actions=[PAGED])})
    result = replay(doc, Scripted(Errors=lambda m: 0.0 if m < 2 else None), minutes=10)
    assert [(n.minute, n.state) for n in result.notifications] == [(5, "INSUFFICIENT_DATA")]  # range of 3 periods


def test_alarms_on_dynamodb_metrics_always_ignore_missing_data() -> None:
    model = single(namespace="AWS/DynamoDB", treat_missing_data="breaching")
    assert model.treat_missing_data == "ignore"


@pytest.mark.parametrize(("stat", "expected"), [
    ("tm90", 5.0), ("TM(10%:90%)", 5.5), ("IQM", 5.5), ("TM(2:8)", 5.5), ("p50", 5.0), ("SampleCount", 10.0),
])
def test_statistics_of_one_period_follow_the_statistics_definitions(stat: str, expected: float) -> None:
    assert aggregate(stat, tuple(float(x) for x in range(1, 11))) == expected


def test_an_unknown_statistic_is_refused() -> None:
    with pytest.raises(ReplayError, match="wm98"):
        aggregate("wm98", (1.0,))


def test_a_topic_arn_built_with_join_is_the_stacks_topic() -> None:
    built = '${join(":", ["arn", data.aws_partition.P.partition, "sns", "eu-west-1", "123456789012", "shop-paged"])}'
    assert single(alarm_actions=[built]).actions.alarm[0].severity == "P1"
