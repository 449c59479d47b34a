"""Rules for error-rate detection without polling: a log metric filter plus a P1 alarm."""

from __future__ import annotations

import pytest

from monitoring_constructs.error_rate import (
    JSON_ERROR_PATTERN,
    TEXT_ERROR_PATTERN,
    ErrorLogRate,
    ErrorRateProps,
    LogFormat,
)
from monitoring_constructs._cdk import Fn
from monitoring_constructs.errors import MonitoringConfigError
from monitoring_constructs.severity import Severity
from stacks import fileflow_settings
from tests.stack_assertions import synth_construct

ALB = "app/fileflow-prod/0123456789abcdef"
LOG_GROUP = "/ecs/fileflow-prod/application"
TOPIC = "arn:aws:sns:ap-northeast-2:123456789012:fileflow-prod-alerts-p1"


def synth(environment: str = "prod", **props):
    settings = fileflow_settings(environment, ALB)
    arguments = {"log_group_name": LOG_GROUP, "alarm_topic_arn": TOPIC, **props}
    return synth_construct(
        lambda stack: ErrorLogRate(stack, "ErrorRate", settings=settings, props=ErrorRateProps(**arguments))
    )


def test_error_lines_of_the_application_log_are_counted_by_a_json_metric_filter():
    metric_filter = synth().one("aws_cloudwatch_log_metric_filter")
    assert metric_filter["log_group_name"] == LOG_GROUP
    assert metric_filter["pattern"] == '{ $.level = "ERROR" }' == JSON_ERROR_PATTERN
    transformation = metric_filter["metric_transformation"]
    assert transformation["namespace"] == "fileflow/prod"
    assert transformation["name"] == "ErrorLogLines"
    assert transformation["value"] == "1"


def test_more_than_100_error_lines_in_5_minutes_is_a_p1_alarm_on_the_given_topic():
    alarm = synth().alarm("fileflow-prod-app-error-lines-high")
    assert alarm["threshold"] == 100
    assert alarm["comparison_operator"] == "GreaterThanThreshold"
    assert alarm["period"] == 300
    assert alarm["statistic"] == "Sum"
    assert alarm["evaluation_periods"] == 1
    assert alarm["namespace"] == "fileflow/prod"
    assert alarm["metric_name"] == "ErrorLogLines"
    assert alarm["alarm_actions"] == [TOPIC]
    assert alarm["ok_actions"] == [TOPIC]  # P1 notifies recovery
    assert alarm["tags"]["Severity"] == "P1"
    assert alarm["alarm_description"].startswith("[P1 High] More than 100 ERROR lines in the application log in 5 minutes.")
    assert "Runbook: https://runbooks.example.com/fileflow/app-error-lines-high" in alarm["alarm_description"]


def test_no_log_lines_is_not_an_error_spike():
    assert synth().alarm("fileflow-prod-app-error-lines-high")["treat_missing_data"] == "notBreaching"


def test_non_prod_routes_the_alarm_to_p3_without_recovery_notifications():
    alarm = synth("dev").alarm("fileflow-dev-app-error-lines-high")
    assert alarm["tags"]["Severity"] == "P3"
    assert alarm["alarm_description"].startswith("[P3 Low]")
    assert "ok_actions" not in alarm


def test_json_and_text_lines_use_one_filter_each_and_the_alarm_adds_them():
    stack = synth(formats=(LogFormat.JSON, LogFormat.TEXT))
    patterns = {f["name"]: f["pattern"] for f in stack.resources("aws_cloudwatch_log_metric_filter")}
    assert patterns == {
        "fileflow-prod-error-lines-json": JSON_ERROR_PATTERN,
        "fileflow-prod-error-lines-text": TEXT_ERROR_PATTERN,
    }
    alarm = stack.alarm("fileflow-prod-app-error-lines-high")
    expression = [q for q in alarm["metric_query"] if q.get("return_data")]
    assert expression[0]["expression"] == "FILL(json, 0) + FILL(text, 0)"
    assert {q["metric"]["metric_name"] for q in alarm["metric_query"] if "metric" in q} == {
        "ErrorLogLines",
        "ErrorLogLinesText",
    }


def test_threshold_severity_and_namespace_are_configurable():
    alarm = synth(threshold=20, severity=Severity.P2, metric_namespace="Fileflow/prod").alarm(
        "fileflow-prod-app-error-lines-high"
    )
    assert alarm["threshold"] == 20
    assert alarm["tags"]["Severity"] == "P2"
    assert alarm["namespace"] == "Fileflow/prod"
    assert "ok_actions" not in alarm


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"log_group_name": "bad group"}, r"error_rate.log_group_name: 'bad group' is not allowed"),
        ({"alarm_topic_arn": ""}, r"error_rate.alarm_topic_arn: '' is not allowed; allowed: an SNS topic ARN"),
        ({"threshold": -1}, r"error_rate.threshold: -1 is not allowed; allowed: a finite number from 0 to"),
        ({"period": 45}, r"error_rate.period: 45 is not allowed; allowed: a multiple of 60 seconds"),
        ({"period": 3000, "evaluation_periods": 30}, r"error_rate: '3000 s x 30' is not allowed; allowed: period x evaluation_periods <= 86400 s"),
        ({"formats": ()}, r"error_rate.formats: \(\) is not allowed; allowed: one or both of LogFormat.JSON"),
        ({"formats": (LogFormat.JSON, LogFormat.JSON)}, r"error_rate.formats: .* allowed: one or both"),
        ({"text_pattern": "ERROR"}, r"error_rate.text_pattern: 'ERROR' is not allowed; allowed: a space-delimited filter pattern in \[...\]"),
        ({"metric_namespace": "AWS/Logs"}, r"error_rate.metric_namespace: 'AWS/Logs' is not allowed; allowed: .*not starting with AWS/"),
        ({"severity": "P1"}, r"error_rate.severity: 'P1' is not allowed; allowed: one of Severity.P0"),
    ],
)
def test_bad_props_name_the_field_value_and_what_is_allowed(props, message):
    arguments = {"log_group_name": LOG_GROUP, "alarm_topic_arn": TOPIC, **props}
    with pytest.raises(MonitoringConfigError, match=message):
        ErrorRateProps(**arguments)


@pytest.mark.parametrize(
    ("props", "message"),
    [
        # Metric filters publish once a minute: a sub-minute period sees no datapoint in most periods.
        ({"period": 10}, r"error_rate.period: 10 is not allowed; allowed: a multiple of 60 seconds: a log metric filter"),
        ({"period": 30}, r"error_rate.period: 30 is not allowed; allowed: a multiple of 60 seconds"),
        ({"period": 300.0}, r"error_rate.period: 300.0 is not allowed; allowed: an integer >= 1 and <= 2147483647"),
        ({"period": True}, r"error_rate.period: True is not allowed; allowed: an integer >= 1"),
        # inf is not JSON: the jsii runtime dies on it; 10**400 overflows a float.
        ({"threshold": float("inf")}, r"error_rate.threshold: inf is not allowed; allowed: a finite number from 0 to 9007199254740992"),
        ({"threshold": 10**400}, r"error_rate.threshold: 1000+ is not allowed; allowed: a finite number"),
        ({"evaluation_periods": True}, r"error_rate.evaluation_periods: True is not allowed; allowed: an integer >= 1"),
        ({"evaluation_periods": 2**31}, r"error_rate.evaluation_periods: 2147483648 is not allowed; allowed: an integer >= 1 and <= 2147483647"),
        ({"alarm_topic_arn": "not-an-arn"}, r"error_rate.alarm_topic_arn: 'not-an-arn' is not allowed; allowed: an SNS topic ARN like arn:aws:sns:"),
        ({"formats": "json"}, r"error_rate.formats: 'json' is not allowed; allowed: a tuple of LogFormat values"),
        ({"formats": LogFormat.JSON}, r"error_rate.formats: <LogFormat.JSON: 'json'> is not allowed; allowed: a tuple of LogFormat"),
    ],
)
def test_bad_numbers_periods_arns_and_tuples_are_rejected_before_synthesis(props, message):
    arguments = {"log_group_name": LOG_GROUP, "alarm_topic_arn": TOPIC, **props}
    with pytest.raises(MonitoringConfigError, match=message):
        ErrorRateProps(**arguments)


def test_one_minute_periods_and_tokens_for_the_topic_are_accepted():
    token = Fn.join("", ["arn:aws:sns:ap-northeast-2:123456789012:", "t"])
    assert ErrorRateProps(log_group_name=LOG_GROUP, alarm_topic_arn=token, period=60).period == 60
