"""Rules for the optional log-analyzer Lambda: off by default, packaged from source, least privilege."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile

import pytest

from monitoring_constructs.core.errors import MonitoringConfigError
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs.core.log_format import LogFormat
from monitoring_constructs.tools.log_analyzer import handler as analyzer_handler
from monitoring_constructs.tools.log_analyzer_function import (
    HANDLER_HEADROOM_SECONDS,
    HANDLER_SOURCE,
    LogAnalyzerFunction,
    LogAnalyzerProps,
    build_handler_zip,
    source_code_hash,
)
from monitoring_constructs._cdk import App, AwsProvider, TerraformStack
from stacks import fileflow_settings
from tests.stack_assertions import Synthesized, synth_construct
from tests.rejections import rejected

ALB = "app/fileflow-prod/0123456789abcdef"
LOG_GROUP = "/ecs/fileflow-prod/application"
TOPIC = "arn:aws:sns:ap-northeast-2:123456789012:fileflow-prod-alerts-p1"
KEY = "arn:aws:kms:ap-northeast-2:123456789012:key/0f0e0d0c-0b0a-0908-0706-050403020100"
IDENTITY = ServiceIdentity(service="fileflow", environment="prod", region="ap-northeast-2")


def props(**overrides) -> LogAnalyzerProps:
    arguments = {"identity": IDENTITY, "enabled": True, "log_group_name": LOG_GROUP, "topic_arn": TOPIC, "topic_kms_key_arn": KEY,
                 "log_group_kms_key_arn": KEY, **overrides}
    return LogAnalyzerProps(**arguments)


def synth(**overrides) -> Synthesized:
    return synth_construct(
        lambda stack: LogAnalyzerFunction(stack, "LogAnalyzer", props=props(**overrides)),
        region="ap-northeast-2",
    )


def test_the_analyzer_works_alone_from_its_props_no_monitoring_settings():
    identity = ServiceIdentity(service="orders", environment="qa", region="eu-west-1")
    stack = synth_construct(lambda stack: LogAnalyzerFunction(stack, "LogAnalyzer", props=props(identity=identity)),
                            region="eu-west-1")
    assert stack.one("aws_lambda_function")["function_name"] == "orders-qa-log-analyzer"
    query = stack.policy_statements(stack.one("aws_iam_role_policy")["policy"])["QueryTheAnalyzedLogGroup"]
    assert all('":logs:", "eu-west-1", ":"' in resource for resource in query["resources"]), "the identity's region"


def test_the_analyzer_is_off_by_default_and_then_creates_nothing():
    assert LogAnalyzerProps(identity=IDENTITY, log_group_name=LOG_GROUP, topic_arn=TOPIC).enabled is False
    stack = synth(enabled=False)
    assert stack.document.get("resource", {}) == {}
    assert stack.document.get("data", {}) == {}


def test_the_package_is_the_handler_source_alone_and_byte_identical_on_every_build():
    first, second = build_handler_zip(), build_handler_zip()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        (entry,) = archive.infolist()
        assert entry.filename == "handler.py"
        assert entry.date_time == (1980, 1, 1, 0, 0, 0)
        assert archive.read("handler.py") == HANDLER_SOURCE.read_bytes()


def test_the_lambda_runs_the_packaged_handler_on_python_3_12():
    function = synth().one("aws_lambda_function")
    assert function["function_name"] == "fileflow-prod-log-analyzer"
    assert function["runtime"] == "python3.12"
    assert function["handler"] == "handler.handler"
    assert function["source_code_hash"] == source_code_hash(build_handler_zip())


def test_the_synthesized_asset_is_the_package_terraform_hashes(tmp_path):
    app = App(outdir=str(tmp_path))
    stack = TerraformStack(app, "analyzer")
    AwsProvider(stack, "aws", region="ap-northeast-2")
    LogAnalyzerFunction(stack, "LogAnalyzer", props=props())
    app.synth()
    stack_dir = tmp_path / "stacks" / "analyzer"
    function = next(iter(json.loads((stack_dir / "cdk.tf.json").read_text())["resource"]["aws_lambda_function"].values()))
    package = (stack_dir / function["filename"]).read_bytes()
    assert package == build_handler_zip()
    assert function["source_code_hash"] == base64.b64encode(hashlib.sha256(package).digest()).decode()


def test_the_timeout_leaves_the_handler_its_query_deadline_plus_headroom():
    assert HANDLER_HEADROOM_SECONDS == analyzer_handler.LAMBDA_HEADROOM_SECONDS
    function = synth(query_timeout_seconds=120).one("aws_lambda_function")
    assert function["timeout"] > 120 + analyzer_handler.LAMBDA_HEADROOM_SECONDS
    assert synth().one("aws_lambda_function")["timeout"] > 60 + analyzer_handler.LAMBDA_HEADROOM_SECONDS


def test_the_environment_is_what_the_handler_reads():
    variables = synth(error_threshold=50, lookback_minutes=15).one("aws_lambda_function")["environment"]["variables"]
    config = analyzer_handler.AnalyzerConfig.from_env(variables)
    assert (config.log_group_name, config.sns_topic_arn) == (LOG_GROUP, TOPIC)
    assert (config.error_threshold, config.lookback_minutes, config.query_timeout_seconds) == (50, 15, 60)
    assert config.error_filter == 'level = "ERROR"'  # the default JSON lines, as the seed's query


def test_the_analyzer_counts_error_lines_in_the_application_s_log_format():
    """With plain-text logs the seed's level = "ERROR" finds nothing: the query follows the LogFormat."""
    variables = synth(log_format=LogFormat.text()).one("aws_lambda_function")["environment"]["variables"]
    config = analyzer_handler.AnalyzerConfig.from_env(variables)
    assert f"| filter {LogFormat.text().insights_filter()}\n" in config.query


def test_the_role_may_query_one_log_group_publish_to_one_topic_and_nothing_else():
    stack = synth()
    role = stack.one("aws_iam_role", name="fileflow-prod-log-analyzer")
    trust = stack.policy_statements(role["assume_role_policy"])["LambdaAssumesRole"]
    assert trust["principals"] == [{"type": "Service", "identifiers": ["lambda.amazonaws.com"]}]
    statements = stack.policy_statements(stack.one("aws_iam_role_policy")["policy"])
    assert sorted(statements) == [
        "EncryptForTopic", "PublishSummary", "QueryTheAnalyzedLogGroup", "StopQueries", "WriteOwnLogs"
    ]
    query = statements["QueryTheAnalyzedLogGroup"]
    assert query["actions"] == ["logs:StartQuery", "logs:GetQueryResults"]
    assert len(query["resources"]) == 2 and all(LOG_GROUP in resource for resource in query["resources"])
    assert statements["StopQueries"]["actions"] == ["logs:StopQuery"]
    assert statements["StopQueries"]["resources"] == ["*"]
    assert statements["PublishSummary"] == {"sid": "PublishSummary", "effect": "Allow", "actions": ["sns:Publish"], "resources": [TOPIC]}
    assert statements["EncryptForTopic"]["resources"] == [KEY]
    assert statements["EncryptForTopic"]["actions"] == ["kms:GenerateDataKey*", "kms:Decrypt"]
    (own,) = statements["WriteOwnLogs"]["resources"]
    assert "LogAnalyzer_LogGroup" in own and own.endswith('":*"])}')
    for statement in statements.values():
        assert not any(action.endswith(":*") or action == "*" for action in statement["actions"])


def test_the_function_logs_to_its_own_encrypted_log_group_with_retention():
    group = synth().log_group("/aws/lambda/fileflow-prod-log-analyzer")
    assert group["retention_in_days"] == 14
    assert group["kms_key_id"] == KEY


def test_eventbridge_runs_it_every_5_minutes_and_only_that_rule_may_invoke_it():
    stack = synth()
    rule = stack.one("aws_cloudwatch_event_rule")
    assert rule["schedule_expression"] == "rate(5 minutes)"
    target = stack.one("aws_cloudwatch_event_target")
    assert target["arn"].startswith("${aws_lambda_function.LogAnalyzer_Function")
    permission = stack.one("aws_lambda_permission")
    assert permission["principal"] == "events.amazonaws.com"
    assert permission["action"] == "lambda:InvokeFunction"
    assert permission["source_arn"].startswith("${aws_cloudwatch_event_rule.LogAnalyzer_Schedule")
    assert synth(schedule="rate(1 hour)", lookback_minutes=60).one("aws_cloudwatch_event_rule")["schedule_expression"] == "rate(1 hour)"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"enabled": "yes"}, r"log_analyzer.enabled: 'yes' is not allowed; allowed: True or False"),
        ({"log_group_name": "no spaces allowed"}, r"log_analyzer.log_group_name: 'no spaces allowed' is not allowed"),
        ({"topic_arn": ""}, r"log_analyzer.topic_arn: '' is not allowed; allowed: an SNS topic ARN"),
        ({"schedule": "every 5 minutes"}, r"log_analyzer.schedule: 'every 5 minutes' is not allowed; allowed: an EventBridge schedule"),
        ({"schedule": "rate(1 minutes)"}, r"log_analyzer.schedule: 'rate\(1 minutes\)' is not allowed"),
        ({"schedule": "rate(1 hour)", "lookback_minutes": 10}, r"log_analyzer.lookback_minutes: 10 is not allowed; allowed: at least the schedule interval \(60 minutes\)"),
        ({"query_timeout_seconds": 900}, r"log_analyzer.query_timeout_seconds: 900 is not allowed; allowed: an integer from 1 to 870"),
        ({"error_threshold": 0}, r"log_analyzer.error_threshold: 0 is not allowed; allowed: an integer >= 1"),
        ({"memory_size": 64}, r"log_analyzer.memory_size: 64 is not allowed; allowed: an integer from 128 to 10240"),
        ({"log_retention_days": 10}, r"log_analyzer.log_retention_days: 10 is not allowed; allowed: one of 0, 1, 3"),
    ],
)
def test_bad_props_name_the_field_value_and_what_is_allowed(overrides, message):
    with pytest.raises(MonitoringConfigError, match=message):
        props(**overrides)


def synth_with_alarms() -> Synthesized:
    from monitoring_constructs import props_from_settings
    from monitoring_constructs.alarms.factory import AlarmFactory
    from monitoring_constructs.notify.topics import AlertTopics

    settings = fileflow_settings("prod", ALB)

    def build(stack: TerraformStack) -> None:
        topics = AlertTopics(stack, "Alerts", props=props_from_settings.alert_topics(settings, kms_key_arn=KEY))
        factory = AlarmFactory(props=props_from_settings.alarm_factory(settings), topics=topics)
        LogAnalyzerFunction(stack, "LogAnalyzer", props=props(), alarms=factory)

    return synth_construct(build, region="ap-northeast-2")


def test_a_failing_analyzer_is_heard_through_its_own_p2_alarm():
    stack = synth_with_alarms()
    alarm = stack.alarm("fileflow-prod-log-analyzer-errors")
    assert (alarm["namespace"], alarm["metric_name"], alarm["statistic"]) == ("AWS/Lambda", "Errors", "Sum")
    assert alarm["dimensions"] == {"FunctionName": "fileflow-prod-log-analyzer"}
    assert (alarm["comparison_operator"], alarm["threshold"], alarm["period"]) == ("GreaterThanThreshold", 0, 900)
    assert alarm["treat_missing_data"] == "notBreaching"
    assert alarm["tags"]["Severity"] == "P2"
    assert stack.notifier_of(alarm)["alarm_actions"] == [stack.topic_arn("fileflow-prod-alerts-p2")]


def test_no_retry_publishes_one_summary_twice():
    stack = synth()
    (target,) = stack.resources("aws_cloudwatch_event_target")
    assert target["retry_policy"] == {"maximum_retry_attempts": 0, "maximum_event_age_in_seconds": 60}
    (invoke_config,) = stack.resources("aws_lambda_function_event_invoke_config")
    assert invoke_config["maximum_retry_attempts"] == 0
    assert invoke_config["function_name"].startswith("${aws_lambda_function.")


@pytest.mark.parametrize(
    ("schedule", "problem"),
    [
        ("cron(nonsense)", "cron takes 6 fields"),
        ("cron(0 10 * * ?)", "cron takes 6 fields (minutes hours day-of-month month day-of-week year), got 5"),
        ("cron(0 10 * * * *)", "exactly one of day-of-month and day-of-week must be ?"),
        ("cron(0 10 1 * 2 *)", "exactly one of day-of-month and day-of-week must be ?"),
        ("cron(60 * * * ? *)", "minutes '60' is not 0-59"),
        ("cron(0 25 * * ? *)", "hours '25' is not 0-23"),
        ("cron(0 10 32 * ? *)", "day-of-month '32' is not 1-31"),
        ("cron(0 10 ? FOO * *)", "month 'FOO' is not 1-12 or JAN-DEC"),
        ("cron(0 10 ? * 8 *)", "day-of-week '8' is not 1-7 or SUN-SAT"),
        ("cron(0 10 ? * 3#1,6#3 *)", "day-of-week '3#1,6#3'"),
        ("cron(0 10 ? * MON-FRI 1969)", "year '1969' is not 1970-2199"),
        ("cron(0/0 * * * ? *)", "minutes '0/0'"),
        ("cron(0 10 ? * MON *", "an EventBridge schedule like"),
    ],
)
def test_cron_schedules_follow_the_eventbridge_grammar(schedule, problem):
    rejected(lambda: props(schedule=schedule, lookback_minutes=1440), "log_analyzer.schedule", repr(schedule), problem)


@pytest.mark.parametrize(
    "schedule",
    ["rate(5 minutes)", "rate(1 hour)", "rate(1 day)", "cron(0/5 * * * ? *)", "cron(0 18 ? * MON-FRI *)",
     "cron(0 8 1 * ? *)", "cron(15 10 ? * 6L 2022-2023)", "cron(0 9 ? * 2#1 *)", "cron(0 0 L * ? *)",
     "cron(0 0 3W * ? *)", "cron(0 0 LW * ? *)", "cron(5,35 14 * * ? *)", "cron(0 0 1 JAN-JUN ? *)",
     "cron(0/15 8-18 ? * MON-FRI *)", "cron(0 12 ? * SUN,SAT *)", "cron(*/10 * * * ? *)"],
)
def test_eventbridge_schedules_are_accepted(schedule):
    assert props(schedule=schedule, lookback_minutes=1440).schedule == schedule


@pytest.mark.parametrize(
    ("overrides", "field", "value", "allowed"),
    [
        ({"topic_arn": "not-an-arn"}, "log_analyzer.topic_arn", "'not-an-arn'", "an SNS topic ARN like"),
        ({"topic_kms_key_arn": "alias/topic"}, "log_analyzer.topic_kms_key_arn", "'alias/topic'", "a KMS key ARN like"),
        ({"log_group_kms_key_arn": "alias/logs"}, "log_analyzer.log_group_kms_key_arn", "'alias/logs'", "a KMS key ARN"),
        ({"memory_size": 256.0}, "log_analyzer.memory_size", "256.0", "an integer from 128 to 10240"),
    ],
)
def test_topics_and_keys_are_arns_and_sizes_integers(overrides, field, value, allowed):
    rejected(lambda: props(**overrides), field, value, allowed)
