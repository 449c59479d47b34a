"""Composite alarms follow "PutCompositeAlarm" (AlarmRule) and "Suppressing composite alarm actions"."""

from __future__ import annotations

import pytest

from monitoring_constructs.review.replay.composites import holds, parse_rule
from monitoring_constructs.review.replay.engine import replay
from monitoring_constructs.review.replay.terraform_values import ReplayError

from .handmade import PAGED, Scripted, alarm, stack, topic


@pytest.mark.parametrize(("rule", "states", "expected"), [
    ('ALARM("a") AND ALARM(b)', {"a": "ALARM", "b": "ALARM"}, True),
    ("ALARM(a) AND NOT ALARM(b)", {"a": "ALARM", "b": "ALARM"}, False),
    ("ALARM(a) OR OK(b) AND INSUFFICIENT_DATA(c)", {"a": "OK", "b": "OK", "c": "INSUFFICIENT_DATA"}, True),
    ("(ALARM(a) OR OK(b)) AND FALSE", {"a": "ALARM", "b": "OK"}, False),
    ('TRUE AND ALARM("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a")', {"a": "ALARM"}, True),
])
def test_rules_name_alarms_with_or_without_quotes_or_by_arn(rule: str, states: dict, expected: bool) -> None:
    assert holds(parse_rule(rule, composite="c"), states) is expected


@pytest.mark.parametrize("rule", ["AT_LEAST(2, ALARM, (a, b))", "ALARM(a) XOR ALARM(b)", "ALARM(a"])
def test_rules_the_replay_cannot_read_raise_naming_the_composite(rule: str) -> None:
    with pytest.raises(ReplayError, match="composite c: alarm rule"):
        parse_rule(rule, composite="c")


def suppressed_stack(wait: int = 120, extension: int = 180):
    """``errors`` and ``busy`` alarms; composite ``notify`` on errors, held back by ``busy``."""
    return stack(
        aws_sns_topic={"Paged": topic("shop-paged", "P1")},
        aws_cloudwatch_metric_alarm={
            "Errors": alarm("errors", tags={"Severity": "P2"}),
            "Busy": alarm("busy", metric_name="Busy", threshold=0),
        },
        aws_cloudwatch_composite_alarm={"Notify": {
            "alarm_name": "notify", "alarm_rule": 'ALARM("${aws_cloudwatch_metric_alarm.Errors.alarm_name}")',
            "alarm_actions": [PAGED], "ok_actions": [PAGED], "tags": {"Severity": "P3"},
            "actions_suppressor": {"alarm": "${aws_cloudwatch_metric_alarm.Busy.alarm_name}",
                                   "wait_period": wait, "extension_period": extension},
        }},
    )


def errors_from(start: int, end: int = 10_000):
    return lambda m: 50.0 if start <= m < end else 0.0


def test_a_composite_whose_suppressor_goes_into_alarm_within_the_wait_period_sends_nothing() -> None:
    world = Scripted(Errors=errors_from(0), Busy=errors_from(1))  # errors ALARM at 1, busy at 2
    result = replay(suppressed_stack(), world, minutes=20)
    assert result.notifications == ()
    assert [(t.minute, t.alarm, t.new) for t in result.transitions if t.alarm == "notify"] == [(1, "notify", "ALARM")]


def test_a_composite_that_goes_into_alarm_without_its_suppressor_notifies_when_the_wait_period_ends() -> None:
    result = replay(suppressed_stack(), Scripted(Errors=errors_from(0), Busy=lambda m: 0.0), minutes=20)
    assert [(n.minute, n.state) for n in result.notifications] == [(3, "ALARM")]  # 1 + 120 s


def test_a_composite_that_goes_into_alarm_while_its_suppressor_is_in_alarm_is_suppressed() -> None:
    world = Scripted(Errors=errors_from(0), Busy=errors_from(-10))
    assert replay(suppressed_stack(), world, minutes=20).notifications == ()


def test_after_the_suppressor_leaves_alarm_the_composite_notifies_when_the_extension_period_ends() -> None:
    world = Scripted(Errors=errors_from(0), Busy=errors_from(-10, 5))  # busy OK at 6
    result = replay(suppressed_stack(), world, minutes=20)
    assert [(n.minute, n.state) for n in result.notifications] == [(9, "ALARM")]  # 6 + 180 s


def test_a_composite_that_recovers_within_the_extension_period_sends_nothing() -> None:
    world = Scripted(Errors=errors_from(0, 7), Busy=errors_from(-10, 5))  # errors OK at 8, busy OK at 6
    assert replay(suppressed_stack(), world, minutes=20).notifications == ()


def test_a_composite_notifies_the_most_urgent_severity_of_itself_and_its_children_in_alarm() -> None:
    result = replay(suppressed_stack(wait=0), Scripted(Errors=errors_from(0), Busy=lambda m: 0.0), minutes=5)
    assert [(n.minute, n.sender_kind, n.severity, n.reason) for n in result.notifications] == [
        (1, "composite", "P2", "in ALARM: errors")]


def test_composites_over_composites_follow_their_children_in_the_same_minute() -> None:
    doc = stack(
        aws_sns_topic={"Paged": topic("shop-paged", "P0")},
        aws_cloudwatch_metric_alarm={"A": alarm("a"), "B": alarm("b", metric_name="Other")},
        aws_cloudwatch_composite_alarm={
            "Outer": {"alarm_name": "outer", "alarm_rule": "ALARM(inner) AND ALARM(b)", "alarm_actions": [PAGED],
                      "tags": {"AlarmSeverity": "P0", "Severity": "P3"}},
            "Inner": {"alarm_name": "inner", "alarm_rule": "ALARM(a)"},
        },
    )
    result = replay(doc, Scripted(Errors=errors_from(0), Other=errors_from(2)), minutes=10)
    assert [(n.minute, n.sender, n.severity) for n in result.notifications] == [(3, "outer", "P0")]


def test_a_composite_naming_an_alarm_outside_the_stack_is_refused() -> None:
    doc = stack(aws_cloudwatch_composite_alarm={"C": {"alarm_name": "c", "alarm_rule": "ALARM(elsewhere)"}})
    with pytest.raises(ReplayError, match="elsewhere"):
        replay(doc, Scripted(), minutes=1)
