"""Lambda function alarms, in the README's table style: metric, statistic, period x evaluations, threshold, severity.

Shapes from AWS's recommended alarms (AWS Lambda); the sources are cited next to each number in
``alarms/resources/lambda_.py``. The duration alarm's threshold is a share of each function's timeout.
"""

from __future__ import annotations

import pytest

from monitoring_constructs import AlarmOverride, LambdaFunctionTarget, MonitoredResources, Severity
from monitoring_constructs.core.severity import SEVERITY_COLORS
from tests.alarms.service import graph, monitored, settings, shape, token
from tests.rejections import rejected

RESIZE = LambdaFunctionTarget(function_name="orders-resize", timeout_seconds=30)
WITH_RESIZE = MonitoredResources(lambda_functions=(RESIZE,))


def test_errors_in_three_minutes_in_a_row_are_a_p2_alarm() -> None:
    alarm = monitored(WITH_RESIZE).alarm("orders-prod-lambda-errors-orders-resize")
    assert shape(alarm) == ("AWS/Lambda", "Errors", "Sum", 60, 3, 3, "GreaterThanThreshold", 0, "notBreaching", "P2")
    assert alarm["dimensions"] == {"FunctionName": "orders-resize"}


def test_throttles_in_five_minutes_in_a_row_are_a_p2_alarm() -> None:
    alarm = monitored(WITH_RESIZE).alarm("orders-prod-lambda-throttles-orders-resize")
    assert shape(alarm) == ("AWS/Lambda", "Throttles", "Sum", 60, 5, 5, "GreaterThanThreshold", 0, "notBreaching", "P2")


def test_p99_duration_above_90_percent_of_the_timeout_for_15_minutes_is_a_p3_alarm() -> None:
    alarm = monitored(WITH_RESIZE).alarm("orders-prod-lambda-duration-near-timeout-orders-resize")
    # 90 % of 30 s, in the metric's unit (milliseconds); p99 is an extended statistic.
    assert shape(alarm) == ("AWS/Lambda", "Duration", "p99", 60, 15, 15, "GreaterThanThreshold", 27000,
                            "notBreaching", "P3")
    assert "statistic" not in alarm
    assert alarm["alarm_description"].startswith("[P3 Low] The Lambda function's p99 duration is above 27000 ms")


@pytest.mark.parametrize(("timeout", "threshold"), [(1, 900), (3, 2700), (30, 27000), (900, 810000)])
def test_the_duration_threshold_follows_each_functions_timeout(timeout: int, threshold: int) -> None:
    function = LambdaFunctionTarget(function_name="orders-report", timeout_seconds=timeout)
    stack = monitored(MonitoredResources(lambda_functions=(function,)))
    assert stack.alarm("orders-prod-lambda-duration-near-timeout-orders-report")["threshold"] == threshold


def test_an_overridden_duration_threshold_is_a_percentage_of_the_timeout_too() -> None:
    stack = monitored(WITH_RESIZE, alarm_overrides={"lambda-duration-near-timeout": AlarmOverride(threshold=80)})
    assert stack.alarm("orders-prod-lambda-duration-near-timeout-orders-resize")["threshold"] == 24000
    for percent in (0, 150):
        rejected(lambda: settings(WITH_RESIZE, alarm_overrides={"lambda-duration-near-timeout": AlarmOverride(threshold=percent)}),
                 "alarm_overrides['lambda-duration-near-timeout'].threshold", repr(percent),
                 "a percentage of each resource's timeout_seconds, above 0 and at most 100")


def test_functions_with_different_timeouts_get_their_own_threshold_lines() -> None:
    report = LambdaFunctionTarget(function_name="orders-report", timeout_seconds=900)
    mail = LambdaFunctionTarget(function_name="orders-mail", timeout_seconds=30)
    duration = graph(monitored(MonitoredResources(lambda_functions=(RESIZE, report, mail))), "Lambda p99 duration (ms)")
    assert [row[-1] for row in duration["metrics"]] == [
        {"stat": "p99", "label": f"orders-{name} Duration p99"} for name in ("resize", "report", "mail")]
    p3 = SEVERITY_COLORS[Severity.P3]
    assert duration["annotations"]["horizontal"] == [
        {"label": "orders-prod-lambda-duration-near-timeout-{orders-resize,orders-mail} > 27000 ms (P3)", "value": 27000,
         "color": p3},
        {"label": "orders-prod-lambda-duration-near-timeout-orders-report > 810000 ms (P3)", "value": 810000, "color": p3},
    ]


def test_errors_are_drawn_next_to_invocations_with_their_threshold() -> None:
    errors = graph(monitored(WITH_RESIZE), "Lambda errors / invocations")
    assert [row[:2] + [row[-1]["stat"]] for row in errors["metrics"]] == [["AWS/Lambda", "Errors", "Sum"],
                                                                         ["AWS/Lambda", "Invocations", "Sum"]]
    assert [line["label"] for line in errors["annotations"]["horizontal"]] == ["orders-prod-lambda-errors-orders-resize > 0 (P2)"]


def test_a_function_named_by_a_token_needs_a_label() -> None:
    rejected(lambda: LambdaFunctionTarget(function_name=token("resize"), timeout_seconds=30), "lambda_function.label",
             "None", "the name is a token, known only at apply time")
    labelled = LambdaFunctionTarget(function_name=token("resize"), timeout_seconds=30, label="resize")
    alarm = monitored(MonitoredResources(lambda_functions=(labelled,))).alarm("orders-prod-lambda-errors-resize")
    assert alarm["dimensions"] == {"FunctionName": "${var.resize}"}


@pytest.mark.parametrize(
    ("changes", "field", "value", "allowed"),
    [
        ({"timeout_seconds": 0}, "lambda_function.timeout_seconds", "0", "an integer from 1 to 900"),
        ({"timeout_seconds": 901}, "lambda_function.timeout_seconds", "901", "an integer from 1 to 900"),
        ({"timeout_seconds": 30.0}, "lambda_function.timeout_seconds", "30.0", "an integer from 1 to 900"),
        ({"timeout_seconds": "30"}, "lambda_function.timeout_seconds", "'30'", "an integer from 1 to 900"),
        ({"function_name": "arn:aws:lambda:eu-west-1:123456789012:function:orders-resize"},
         "lambda_function.function_name", "'arn:aws:lambda:", "the name, not the ARN"),
        ({"function_name": "f" * 65}, "lambda_function.function_name", "'fff", "1-64 letters"),
        ({"label": "Resize"}, "lambda_function.label", "'Resize'", "lower-case letters or digits"),
        ({"label": 7}, "lambda_function.label", "7", "lower-case letters or digits"),
    ],
)
def test_bad_functions_fail_before_synthesis(changes: dict, field: str, value: str, allowed: str) -> None:
    values = {"function_name": "orders-resize", "timeout_seconds": 30} | changes
    rejected(lambda: LambdaFunctionTarget(**values), field, value, allowed)


@pytest.mark.parametrize(
    ("functions", "field", "value", "allowed"),
    [
        (RESIZE, "lambda_functions", "LambdaFunctionTarget(", "a tuple of LambdaFunctionTarget(...) values"),
        ("orders-resize", "lambda_functions", "'orders-resize'", "a tuple of LambdaFunctionTarget(...) values"),
        ((RESIZE, "orders-mail"), "lambda_functions[1]", "'orders-mail'", "a LambdaFunctionTarget(...) value"),
        ((RESIZE, LambdaFunctionTarget(function_name="orders_resize", timeout_seconds=5)), "lambda_functions (labels)",
         "'orders-resize'", "each value once"),
    ],
)
def test_functions_are_a_tuple_of_function_targets_with_distinct_labels(functions, field: str, value: str,
                                                                        allowed: str) -> None:
    rejected(lambda: MonitoredResources(lambda_functions=functions), field, value, allowed)
