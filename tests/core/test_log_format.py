"""LogFormat: the application's log format decides how ERROR lines are found (metric filter, query, scenarios)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from monitoring_constructs import LogFormat, ServiceMonitoring
from monitoring_constructs.logs.queries import recent_errors
from stacks import fileflow_settings
from tests.rejections import rejected
from tests.stack_assertions import synth_construct

ALB = "app/fileflow-prod/0123456789abcdef"


def test_the_default_is_json_with_the_level_in_level_as_before() -> None:
    default = LogFormat.json()
    assert default == LogFormat() and default.metric_filter_pattern() == '{ $.level = "ERROR" }'
    assert recent_errors(default) == ('fields @timestamp, @message, level, error\n| filter level = "ERROR"\n'
                                      "| sort @timestamp desc\n| limit 100")


@pytest.mark.parametrize(
    ("log_format", "pattern", "condition"),
    [
        (LogFormat.json(level_field="severity", error_levels=("ERROR", "CRITICAL")),
         '{ $.severity = "ERROR" || $.severity = "CRITICAL" }', 'severity = "ERROR" or severity = "CRITICAL"'),
        (LogFormat.text(), '[timestamp, level = "ERROR", ...]', "@message like /^([^ ]+ +){1}ERROR( |$)/"),
        (LogFormat.text(error_token="E", level_position=3), '[timestamp, field2, level = "E", ...]',
         "@message like /^([^ ]+ +){2}E( |$)/"),
    ],
)
def test_each_format_gives_its_filter_pattern_and_query_condition(log_format: LogFormat, pattern: str,
                                                                  condition: str) -> None:
    assert (log_format.metric_filter_pattern(), log_format.insights_filter()) == (pattern, condition)


def test_a_sample_line_is_a_line_of_the_format_with_its_level_where_the_pattern_looks() -> None:
    line = LogFormat.json(level_field="log.level").sample_line("ERROR", 'payment "42" failed')
    assert json.loads(line)["log"]["level"] == "ERROR" and json.loads(line)["message"] == 'payment "42" failed'
    for position in (1, 2, 3):
        words = LogFormat.text(level_position=position).sample_line("ERROR", "payment failed").split()
        assert words[position - 1] == "ERROR" and words[position:] == ["payment", "failed"]


@pytest.mark.parametrize(
    ("build", "field", "value", "allowed"),
    [
        (lambda: LogFormat.json(level_field="$.level"), "log_format.level_field", "'$.level'", "a JSON field name"),
        (lambda: LogFormat.json(error_levels=()), "log_format.error_levels", "()", "one or more level words"),
        (lambda: LogFormat.json(error_levels=("ERROR", "ERROR")), "log_format.error_levels", "ERROR", "each once"),
        (lambda: LogFormat.json(error_levels="ERROR"), "log_format.error_levels", "'ERROR'", "a tuple of level words"),
        (lambda: LogFormat.json(error_levels=('ER"R',)), "log_format.error_levels", "'ER\"R'", "a level word"),
        (lambda: LogFormat.text(error_token="ERR OR"), "log_format.error_token", "'ERR OR'", "a level word"),
        (lambda: LogFormat.text(level_position=0), "log_format.level_position", "0", "an integer from 1 to 10"),
        (lambda: LogFormat(kind="xml"), "log_format.kind", "'xml'", "json or text"),  # type: ignore[arg-type]
        (lambda: LogFormat.json().insights_filter(quote="`"), "log_format.insights_filter.quote", "'`'", "\" or '"),
        (lambda: LogFormat.text().sample_line("ERROR", "two\nlines"), "log_format.sample_line.message", "two",
         "one line"),
    ],
)
def test_bad_formats_name_the_field_the_value_and_what_is_allowed(build, field: str, value: str, allowed: str) -> None:
    rejected(build, field, value, allowed)


def test_the_setting_reaches_the_metric_filter_the_recent_errors_query_and_the_dashboard() -> None:
    """Plain-text logs: the default JSON pattern would count none of their lines, and the alarm would show OK forever."""
    settings = replace(fileflow_settings("prod", ALB), log_format=LogFormat.text())
    stack = synth_construct(lambda s: ServiceMonitoring(s, "Monitoring", settings=settings), region="ap-northeast-2")
    (metric_filter,) = [f for f in stack.resources("aws_cloudwatch_log_metric_filter") if "ERROR" in f["pattern"]]
    assert metric_filter["pattern"] == '[timestamp, level = "ERROR", ...]'
    (query,) = [q for q in stack.resources("aws_cloudwatch_query_definition") if q["name"].endswith("/recent-errors")]
    assert query["query_string"] == recent_errors(LogFormat.text())
    assert "filter @message like /^([^ ]+ +){1}ERROR( |$)/" in query["query_string"]
    widgets = json.loads(stack.one("aws_cloudwatch_dashboard")["dashboard_body"])["widgets"]
    (logs,) = [w["properties"]["query"] for w in widgets if w["type"] == "log"]
    assert logs.endswith("| fields @timestamp, @message | filter @message like /^([^ ]+ +){1}ERROR( |$)/ "
                         "| sort @timestamp desc | limit 100")
