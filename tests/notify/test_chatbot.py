"""Rules for Slack alerts through AWS Chatbot (seed checklist: P0 to #incidents, P1 to #platform)."""

from __future__ import annotations

import json
import re

import pytest
from moto.iam.aws_managed_policies import aws_managed_policies_data

from monitoring_constructs.notify.chatbot import READ_ONLY_GUARDRAILS, SlackAlerts, SlackAlertsProps, SlackChannel
from monitoring_constructs.core.errors import MonitoringConfigError
from monitoring_constructs.core.severity import Severity
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs._cdk import AwsProvider, TerraformStack
from monitoring_constructs._cdk import Testing as CdkTesting
from tests.stack_assertions import Synthesized, synth_construct

INCIDENTS = SlackChannel(workspace_id="T07EA123LEP", channel_id="C0INCIDENT")
PLATFORM = SlackChannel(workspace_id="T07EA123LEP", channel_id="C0PLATFORM")
CHANNELS = {Severity.P0: INCIDENTS, Severity.P1: PLATFORM, Severity.P2: PLATFORM}


def identity(environment: str = "prod") -> ServiceIdentity:
    return ServiceIdentity(service="fileflow", environment=environment, region="ap-northeast-2")


IDENTITY = identity()


def topic(severity: Severity, environment: str = "prod") -> str:
    return f"arn:aws:sns:ap-northeast-2:123456789012:fileflow-{environment}-alerts-{severity.value.lower()}"


def synth(environment: str = "prod", topics=tuple(Severity), **props):
    arguments = {"identity": identity(environment), "channels": CHANNELS, "topic_arns": {s: topic(s, environment) for s in topics}, **props}
    return synth_construct(
        lambda stack: SlackAlerts(stack, "Slack", props=SlackAlertsProps(**arguments))
    )


def configurations(stack):
    return {c["configuration_name"]: c for c in stack.resources("aws_chatbot_slack_channel_configuration")}


def test_each_slack_channel_gets_one_configuration_with_the_topics_of_its_severities():
    found = configurations(synth())
    assert sorted(found) == ["fileflow-prod-slack-p0", "fileflow-prod-slack-p1-p2"]
    p0 = found["fileflow-prod-slack-p0"]
    assert (p0["slack_team_id"], p0["slack_channel_id"]) == ("T07EA123LEP", "C0INCIDENT")
    assert p0["sns_topic_arns"] == [topic(Severity.P0)]
    assert found["fileflow-prod-slack-p1-p2"]["sns_topic_arns"] == [topic(Severity.P1), topic(Severity.P2)]


def test_non_prod_never_posts_to_the_incident_channel():
    # Non-prod routes everything to P3, so only the P3 topic exists there.
    stack = synth("dev", topics=(Severity.P3,), channels={**CHANNELS, Severity.P3: PLATFORM})
    found = configurations(stack)
    assert list(found) == ["fileflow-dev-slack-p3"]
    assert found["fileflow-dev-slack-p3"]["slack_channel_id"] == "C0PLATFORM"


def test_no_channel_for_any_existing_topic_creates_nothing():
    stack = synth("dev", topics=(Severity.P3,))
    assert stack.resources("aws_chatbot_slack_channel_configuration") == []
    assert stack.resources("aws_iam_role") == []


def test_the_channel_role_is_trusted_by_chatbot_only_and_may_only_read_cloudwatch():
    stack = synth()
    role = stack.one("aws_iam_role", name="fileflow-prod-chatbot")
    trust = stack.policy_statements(role["assume_role_policy"])["ChatbotAssumesRole"]
    assert trust["principals"] == [{"type": "Service", "identifiers": ["chatbot.amazonaws.com"]}]
    assert trust["actions"] == ["sts:AssumeRole"]
    assert trust["condition"][0]["variable"] == "aws:SourceAccount"
    policy = stack.one("aws_iam_role_policy")
    statements = stack.policy_statements(policy["policy"])
    assert list(statements) == ["ReadThisServicesAlarms", "ReadMetrics"]
    alarms = statements["ReadThisServicesAlarms"]
    assert alarms["actions"] == ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"]
    (alarm_arns,) = alarms["resources"]
    assert alarm_arns.endswith('":", "alarm:fileflow-prod-*"])}')
    assert statements["ReadMetrics"]["actions"] == [
        "cloudwatch:DescribeAlarmsForMetric", "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics",
        "cloudwatch:GetMetricWidgetImage", "cloudwatch:ListMetrics",
    ]
    for configuration in configurations(stack).values():
        assert configuration["iam_role_arn"] == "${aws_iam_role.Slack_Role_5CF5583D.arn}"


def test_the_guardrail_is_read_only_never_chatbots_administrator_default():
    for configuration in configurations(synth()).values():
        (guardrail,) = configuration["guardrail_policy_arns"]
        assert guardrail.endswith('":iam::aws:policy/", "CloudWatchReadOnlyAccess"])}')
        assert configuration["user_authorization_required"] is True
        assert configuration["logging_level"] == "ERROR"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: SlackChannel(workspace_id="t-lower", channel_id="C1"), r"slack.workspace_id: 't-lower' is not allowed; allowed: a Slack workspace \(team\) id"),
        (lambda: SlackChannel(workspace_id="T1", channel_id="#incidents"), r"slack.channel_id: '#incidents' is not allowed; allowed: a Slack channel id"),
        (lambda: SlackAlertsProps(identity=IDENTITY, channels={}, topic_arns={}), r"slack.channels: \{\} is not allowed; allowed: at least one"),
        (lambda: SlackAlertsProps(identity=IDENTITY, channels={"P0": INCIDENTS}, topic_arns={}), r"slack.channels: 'P0' is not allowed; allowed: one of Severity.P0"),
        (lambda: SlackAlertsProps(identity=IDENTITY, channels={Severity.P0: "C0INCIDENT"}, topic_arns={}), r"slack.channels\[P0\]: 'C0INCIDENT' is not allowed; allowed: a SlackChannel"),
        (lambda: SlackAlertsProps(identity=IDENTITY, channels=CHANNELS, topic_arns={}, guardrail_policies=()), r"slack.guardrail_policies: \(\) is not allowed; allowed: at least one policy \(without one, Chatbot applies AdministratorAccess\)"),
        (lambda: SlackAlertsProps(identity=IDENTITY, channels=CHANNELS, topic_arns={}, guardrail_policies=("AdministratorAccess",)), r"slack.guardrail_policies: 'AdministratorAccess' is not allowed; allowed: a read-only policy"),
        (lambda: SlackAlertsProps(identity=IDENTITY, channels=CHANNELS, topic_arns={}, logging_level="DEBUG"), r"slack.logging_level: 'DEBUG' is not allowed; allowed: one of ERROR, INFO, NONE"),
    ],
)
def test_bad_props_name_the_field_value_and_what_is_allowed(build, message):
    with pytest.raises(MonitoringConfigError, match=message):
        build()


def providers(stack) -> dict[str | None, dict]:
    return {provider.get("alias"): provider for provider in stack.document["provider"]["aws"]}


def test_slack_channels_are_configured_through_a_provider_in_the_nearest_chatbot_region():
    stack = synth()
    chatbot = providers(stack)["chatbot"]
    assert chatbot["region"] == "ap-southeast-1"  # nearest to ap-northeast-2; Chatbot has no API there
    for configuration in configurations(stack).values():
        assert configuration["provider"] == "aws.chatbot"
    # The role is global (IAM): it stays on the default provider.
    assert "provider" not in stack.one("aws_iam_role")


def test_the_chatbot_provider_acts_in_the_default_providers_account():
    stack = TerraformStack(CdkTesting.app(), "test")
    AwsProvider(stack, "aws", region="ap-northeast-2", profile="prod-admin", allowed_account_ids=["123456789012"])
    SlackAlerts(stack, "Slack", props=SlackAlertsProps(
        identity=IDENTITY, channels=CHANNELS, topic_arns={s: topic(s) for s in Severity}, region="eu-west-1"))
    chatbot = providers(Synthesized(json.loads(CdkTesting.synth(stack))))["chatbot"]
    assert chatbot == {"alias": "chatbot", "region": "eu-west-1", "profile": "prod-admin",
                       "allowed_account_ids": ["123456789012"]}


def test_a_region_without_chatbot_is_refused_for_the_channels():
    with pytest.raises(MonitoringConfigError, match=r"^slack.region: 'ap-northeast-2' is not allowed; allowed: one of us-east-2, us-west-2, ap-southeast-1, eu-west-1"):
        SlackAlertsProps(identity=IDENTITY, channels=CHANNELS, topic_arns={}, region="ap-northeast-2")


@pytest.mark.parametrize(
    ("guardrails", "value"),
    [
        # A bare string used to become the guardrails R, e, a, d, ... (each a "policy name").
        ("ReadOnlyAccess", None),
        # Not read-only: Slack users could change or read secrets through the channel.
        (("AmazonS3FullAccess",), "'AmazonS3FullAccess'"),
        (("AWSLambda_FullAccess",), "'AWSLambda_FullAccess'"),
        (("SecretsManagerReadWrite",), "'SecretsManagerReadWrite'"),
        (("PowerUserAccess",), "'PowerUserAccess'"),
        # Not a policy at all: the channel configuration fails at apply.
        (("NotAPolicy",), "'NotAPolicy'"),
        (("arn:aws:iam::aws:policy/ReadOnlyAccess",), "'arn:aws:iam::aws:policy/ReadOnlyAccess'"),
        (("ReadOnlyAccess", 5), "5"),
    ],
)
def test_guardrails_come_from_an_allow_list_of_read_only_managed_policies(guardrails, value):
    if value is None:
        message = r"slack.guardrail_policies: 'ReadOnlyAccess' is not allowed; allowed: a tuple of AWS managed policy names"
    else:
        message = rf"slack.guardrail_policies: {re.escape(value)} is not allowed; allowed: a read-only policy, one of " \
                  r"the AWS managed ReadOnlyAccess, CloudWatchReadOnlyAccess, "
    with pytest.raises(MonitoringConfigError, match=message):
        SlackAlertsProps(identity=IDENTITY, channels=CHANNELS, topic_arns={}, guardrail_policies=guardrails)


@pytest.mark.parametrize("name", READ_ONLY_GUARDRAILS)
def test_every_allowed_guardrail_is_an_aws_managed_read_only_policy(name):
    # moto ships AWS's list of managed policies with their documents.
    policy = json.loads(aws_managed_policies_data)[name]
    assert policy["Path"] == "/"
    assert re.search(r"ReadOnly(Access)?$", name)
    statements = policy["Document"]["Statement"]
    actions = [a for statement in statements for a in ([statement["Action"]] if isinstance(statement["Action"], str)
                                                       else statement["Action"])]
    assert all(statement["Effect"] == "Allow" for statement in statements)
    assert not [action for action in actions if action == "*" or action.endswith(":*")], "grants a whole service"
    assert SlackAlertsProps(identity=IDENTITY, channels=CHANNELS, topic_arns={}, guardrail_policies=(name,)).guardrail_policies == (name,)


def test_topic_arns_must_be_sns_topic_arns():
    with pytest.raises(MonitoringConfigError, match=r"slack.topic_arns\[P0\]: 'fileflow-prod-alerts-p0' is not allowed; "
                                                    r"allowed: an SNS topic ARN like"):
        SlackAlertsProps(identity=IDENTITY, channels=CHANNELS, topic_arns={Severity.P0: "fileflow-prod-alerts-p0"})


def test_slack_alerts_works_alone_from_its_props_no_monitoring_settings():
    orders = ServiceIdentity(service="orders", environment="prod", region="eu-west-1")
    stack = synth_construct(lambda stack: SlackAlerts(stack, "Slack", props=SlackAlertsProps(
        identity=orders, channels={Severity.P0: INCIDENTS},
        topic_arns={Severity.P0: "arn:aws:sns:eu-west-1:123456789012:orders-prod-alerts-p0"})))
    assert list(configurations(stack)) == ["orders-prod-slack-p0"]
    assert providers(stack)["chatbot"]["region"] == "eu-west-1"  # Chatbot has an API in the service's region
