"""Rules for error-rate detection without polling: a log metric filter plus a P1 alarm."""

from __future__ import annotations

from dataclasses import replace

import pytest

from monitoring_constructs.logs.error_rate import ErrorLogRate, ErrorRateProps
from monitoring_constructs import AlarmOverride, LogFormat, props_from_settings
from monitoring_constructs.alarms.factory import AlarmFactory
from monitoring_constructs.core.errors import MonitoringConfigError
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs.notify.topics import AlertTopics
from monitoring_constructs.core.severity import Severity
from stacks import fileflow_settings
from tests.alarms.service import topics_and_factory
from tests.stack_assertions import synth_construct

ALB = "app/fileflow-prod/0123456789abcdef"
LOG_GROUP = "/ecs/fileflow-prod/application"
KEY = "arn:aws:kms:ap-northeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
IDENTITY = ServiceIdentity(service="fileflow", environment="prod", region="ap-northeast-2")


def synth(environment: str = "prod", overrides: dict[str, AlarmOverride] | None = None, **props):
    settings = replace(fileflow_settings(environment, ALB), alarm_overrides=overrides or {})
    arguments = {"identity": settings.identity, "log_group_name": LOG_GROUP, **props}

    def build(stack):
        topics = AlertTopics(stack, "Alerts", props=props_from_settings.alert_topics(settings, kms_key_arn=KEY))
        factory = AlarmFactory(props=props_from_settings.alarm_factory(settings), topics=topics)
        ErrorLogRate(stack, "ErrorRate", alarms=factory, props=ErrorRateProps(**arguments))

    return synth_construct(build, region="ap-northeast-2")


def test_error_log_rate_works_alone_from_its_props_no_monitoring_settings():
    props = ErrorRateProps(identity=ServiceIdentity(service="orders", environment="qa", region="eu-west-1"),
                           log_group_name="/ecs/orders-qa/application")

    def build(stack):
        _, factory = topics_and_factory(stack)
        ErrorLogRate(stack, "ErrorRate", alarms=factory, props=props)

    stack = synth_construct(build)
    metric_filter = stack.one("aws_cloudwatch_log_metric_filter")
    assert metric_filter["name"] == "orders-qa-error-lines-json"
    assert metric_filter["metric_transformation"]["namespace"] == "orders/qa"
    assert stack.alarm("orders-prod-app-error-lines-high")["namespace"] == "orders/qa"


def test_error_lines_of_the_application_log_are_counted_by_a_json_metric_filter():
    metric_filter = synth().one("aws_cloudwatch_log_metric_filter")
    assert metric_filter["log_group_name"] == LOG_GROUP
    assert metric_filter["pattern"] == '{ $.level = "ERROR" }' == LogFormat.json().metric_filter_pattern()
    transformation = metric_filter["metric_transformation"]
    assert transformation["namespace"] == "fileflow/prod"
    assert transformation["name"] == "ErrorLogLines"
    assert transformation["value"] == "1"


def test_more_than_100_error_lines_in_5_minutes_is_a_p1_alarm_on_the_p1_topic():
    stack = synth()
    alarm = stack.alarm("fileflow-prod-app-error-lines-high")
    topic = stack.topic_arn("fileflow-prod-alerts-p1")
    assert alarm["threshold"] == 100
    assert alarm["comparison_operator"] == "GreaterThanThreshold"
    assert alarm["period"] == 300
    assert alarm["statistic"] == "Sum"
    assert alarm["evaluation_periods"] == 1
    assert alarm["namespace"] == "fileflow/prod"
    assert alarm["metric_name"] == "ErrorLogLines"
    assert stack.notifier_of(alarm)["alarm_actions"] == [topic]
    assert stack.notifier_of(alarm)["ok_actions"] == [topic]  # P1 notifies recovery
    assert alarm["tags"]["Severity"] == "P1"
    assert alarm["alarm_description"].startswith("[P1 High] More than 100 ERROR lines in the application log in 5 minutes.")
    assert "Runbook: https://runbooks.example.com/fileflow/app-error-lines-high" in alarm["alarm_description"]


def test_no_log_lines_is_not_an_error_spike():
    assert synth().alarm("fileflow-prod-app-error-lines-high")["treat_missing_data"] == "notBreaching"


def test_non_prod_routes_the_alarm_to_p3_without_recovery_notifications():
    stack = synth("dev")
    alarm = stack.alarm("fileflow-dev-app-error-lines-high")
    assert alarm["tags"]["Severity"] == "P3"
    assert alarm["alarm_description"].startswith("[P3 Low]")
    assert "ok_actions" not in stack.notifier_of(alarm)


def test_plain_text_lines_are_counted_by_a_space_delimited_filter_on_the_same_metric():
    stack = synth(log_format=LogFormat.text())
    (metric_filter,) = stack.resources("aws_cloudwatch_log_metric_filter")
    assert (metric_filter["name"], metric_filter["pattern"]) == (
        "fileflow-prod-error-lines-text", '[timestamp, level = "ERROR", ...]')
    assert metric_filter["metric_transformation"]["name"] == "ErrorLogLines"
    assert stack.alarm("fileflow-prod-app-error-lines-high")["metric_name"] == "ErrorLogLines"


def test_a_json_format_with_another_field_and_levels_counts_them_all():
    stack = synth(log_format=LogFormat.json(level_field="log.level", error_levels=("ERROR", "FATAL")))
    (metric_filter,) = stack.resources("aws_cloudwatch_log_metric_filter")
    assert metric_filter["pattern"] == '{ $.log.level = "ERROR" || $.log.level = "FATAL" }'


def test_the_error_line_alarm_is_overridden_like_every_other_alarm():
    override = AlarmOverride(threshold=20, period=60, severity=Severity.P2)
    stack = synth(overrides={"app-error-lines-high": override}, metric_namespace="Fileflow/prod")
    alarm = stack.alarm("fileflow-prod-app-error-lines-high")
    assert (alarm["threshold"], alarm["period"]) == (20, 60)
    assert alarm["tags"]["Severity"] == "P2"
    assert stack.notifier_of(alarm)["alarm_actions"] == [stack.topic_arn("fileflow-prod-alerts-p2")]
    assert alarm["alarm_description"].startswith("[P2 Medium] More than 20 ERROR lines in the application log in 1 minute.")
    assert alarm["namespace"] == "Fileflow/prod"
    assert "ok_actions" not in stack.notifier_of(alarm)


def test_the_error_line_alarm_can_be_turned_off_and_its_filter_stays():
    stack = synth(overrides={"app-error-lines-high": AlarmOverride(enabled=False)})
    assert stack.alarm_names() == set()
    assert len(stack.resources("aws_cloudwatch_log_metric_filter")) == 1


def test_the_error_line_alarm_pages_through_the_p1_roll_up_the_only_publisher_of_its_topic():
    stack = synth()
    policies = {p["arn"]: p["policy"] for p in stack.resources("aws_sns_topic_policy")}
    p1 = stack.policy_statements(policies[stack.topic_arn("fileflow-prod-alerts-p1")])
    (source_arns,) = [c["values"] for c in p1["CloudWatchAlarmsOfThisService"]["condition"] if c["variable"] == "aws:SourceArn"]
    assert len(source_arns) == 1 and source_arns[0].endswith('"alarm:fileflow-prod-notify-p1"])}')
    rollup = stack.notifier_of(stack.alarm("fileflow-prod-app-error-lines-high"))
    assert rollup["alarm_name"] == "fileflow-prod-notify-p1"
    assert rollup["alarm_rule"] == 'ALARM("fileflow-prod-app-error-lines-high")'


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"log_group_name": "bad group"}, r"error_rate.log_group_name: 'bad group' is not allowed"),
        ({"log_format": "json"}, r"error_rate.log_format: 'json' is not allowed; allowed: LogFormat.json\(...\) or LogFormat.text"),
        ({"metric_namespace": "AWS/Logs"}, r"error_rate.metric_namespace: 'AWS/Logs' is not allowed; allowed: .*not starting with AWS/"),
    ],
)
def test_bad_props_name_the_field_value_and_what_is_allowed(props, message):
    arguments = {"identity": IDENTITY, "log_group_name": LOG_GROUP, **props}
    with pytest.raises(MonitoringConfigError, match=message):
        ErrorRateProps(**arguments)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        # Metric filters publish once a minute: a sub-minute period sees no datapoint in most periods.
        ({"period": 10}, r"alarm_overrides\['app-error-lines-high'\].period: 10 is not allowed; allowed: a multiple of 60 seconds"),
        ({"period": 30}, r"alarm_overrides\['app-error-lines-high'\].period: 30 is not allowed; allowed: a multiple of 60 seconds"),
        ({"period": 300.0}, r"alarm_override.period: 300.0 is not allowed; allowed: an integer"),
        ({"period": True}, r"alarm_override.period: True is not allowed; allowed: an integer"),
        # inf is not JSON: the jsii runtime dies on it; 10**400 overflows a float.
        ({"threshold": float("inf")}, r"alarm_override.threshold: inf is not allowed; allowed: a finite number"),
        ({"threshold": 10**400}, r"alarm_override.threshold: 1000+ is not allowed; allowed: a finite number"),
        ({"evaluation_periods": True}, r"alarm_override.evaluation_periods: True is not allowed; allowed: an integer >= 1"),
        ({"evaluation_periods": 2**31}, r"alarm_override.evaluation_periods: 2147483648 is not allowed; allowed: an integer >= 1"),
    ],
)
def test_bad_numbers_and_periods_for_the_error_line_alarm_are_rejected_before_synthesis(override, message):
    with pytest.raises(MonitoringConfigError, match=message):
        replace(fileflow_settings("prod", ALB), alarm_overrides={"app-error-lines-high": AlarmOverride(**override)})


def test_one_minute_periods_are_accepted_for_the_error_line_alarm():
    settings = replace(fileflow_settings("prod", ALB), alarm_overrides={"app-error-lines-high": AlarmOverride(period=60)})
    assert {a.spec.key: a.spec.period for a in settings.library_alarms}["app-error-lines-high"] == 60
