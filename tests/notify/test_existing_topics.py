"""Existing topics per severity: the owner's topic is used as it is, and counts as reaching someone.

For a severity with ``Notifications(topic_arns=...)`` the library creates no topic, no topic
policy and no subscription; its alarms, its Slack channel and (P0) the "RDS down" events use the
owner's ARN. What the owner's policies must admit is tested in tests/delivery/test_owner_topics.py.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from monitoring_constructs import Contacts, MonitoringSettings, Notifications, ServiceMonitoring, Severity, SlackChannel
from monitoring_constructs._cdk import Fn, TerraformOutput, TerraformStack
from stacks import fileflow_settings
from tests.delivery.resolve import ACCOUNT, ResolvedStack
from tests.rejections import rejected
from tests.stack_assertions import Synthesized, synth_construct

REGION = "ap-northeast-2"
PAGER = f"arn:aws:sns:{REGION}:111122223333:pager"
TEAM = Contacts(emails=("platform@example.com",))
INCIDENTS = SlackChannel(workspace_id="T0FILEFLOW", channel_id="C0INCIDENTS")


def prod(**notifications: Any) -> MonitoringSettings:
    """The sample prod service (ECS, ALB, Redis, shared RDS, log analyzer) with P0 on the pager topic."""
    values: dict[str, Any] = {"topic_arns": {Severity.P0: PAGER},
                              "contacts": {s: TEAM for s in (Severity.P1, Severity.P2, Severity.P3)}}
    return replace(fileflow_settings("prod", "app/fileflow-prod-alb/0123456789abcdef"),
                   notifications=Notifications(**(values | notifications)))


def synth(settings: MonitoringSettings) -> Synthesized:
    """The stack, with an output of the P0 topic's publishers as the README tells an owner to read them."""
    def build(scope: TerraformStack) -> None:
        monitoring = ServiceMonitoring(scope, "Monitoring", settings=settings)
        TerraformOutput(scope, "p0_publishers", value=monitoring.topics.publishers(Severity.P0))
    return synth_construct(build, region=REGION)


@pytest.fixture(scope="module")
def with_pager() -> Synthesized:
    return synth(prod(slack_channels={Severity.P0: INCIDENTS}))


def test_an_existing_p0_topic_gets_no_topic_policy_or_subscription_of_ours(with_pager: Synthesized) -> None:
    stack = with_pager
    assert sorted(topic["name"] for topic in stack.resources("aws_sns_topic")) == [
        "fileflow-prod-alerts-p1", "fileflow-prod-alerts-p2", "fileflow-prod-alerts-p3"]
    assert len(stack.resources("aws_sns_topic_policy")) == 3
    assert PAGER not in {s["topic_arn"] for s in stack.resources("aws_sns_topic_subscription")}


def test_p0_alarms_notify_the_existing_topic_on_alarm_and_recovery(with_pager: Synthesized) -> None:
    stack = with_pager
    # The P0 topic's roll-up notifies for task-count-zero and service-unhealthy.
    rollup = stack.composite("fileflow-prod-notify-p0")
    assert (rollup["alarm_actions"], rollup["ok_actions"]) == ([PAGER], [PAGER])
    assert rollup["alarm_rule"] == ('ALARM("fileflow-prod-task-count-zero") OR ALARM("fileflow-prod-rds-down") OR '
                                    'ALARM("fileflow-prod-rds-events-undelivered") OR '
                                    'ALARM("fileflow-prod-service-unhealthy")')


def test_the_owner_learns_which_alarms_publish_to_their_topic(with_pager: Synthesized) -> None:
    stack = with_pager
    paging = {a["alarm_name"] for kind in ("aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm")
              for a in stack.resources(kind) if a.get("alarm_actions") == [PAGER]}
    # rds-down is an alarm like the others: it pages through the P0 roll-up, the one publisher.
    assert paging == {"fileflow-prod-notify-p0"}
    publishers = ResolvedStack(stack, name="test").value(stack.document["output"]["p0_publishers"]["value"])
    assert sorted(publishers) == [f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:{name}" for name in sorted(paging)]


def test_slack_and_the_rds_down_alarm_use_the_existing_topic(with_pager: Synthesized) -> None:
    stack = with_pager
    (configuration,) = stack.resources("aws_chatbot_slack_channel_configuration")
    assert configuration["sns_topic_arns"] == [PAGER]
    assert stack.notifier_of(stack.alarm("fileflow-prod-rds-down"))["alarm_actions"] == [PAGER]
    assert stack.resources("aws_db_event_subscription") == []


def test_our_key_grants_only_what_our_topics_need(with_pager: Synthesized) -> None:
    stack = with_pager
    (key,) = stack.resources("aws_kms_key")
    sids = set(stack.policy_statements(key["policy"]))
    assert "CloudWatchAlarmsPublishToEncryptedTopics" in sids  # P1-P3 are ours
    assert "RdsEventsPublishToEncryptedTopics" not in sids  # RDS events are an alarm now: no RDS grant at all
    everything_existing = synth(replace(prod(), notifications=Notifications(
        topic_arns={s: f"{PAGER}-{s.value.lower()}" for s in Severity})))
    (key,) = everything_existing.resources("aws_kms_key")
    assert not {"CloudWatchAlarmsPublishToEncryptedTopics", "RdsEventsPublishToEncryptedTopics"} & set(
        everything_existing.policy_statements(key["policy"]))
    assert everything_existing.resources("aws_sns_topic") == []


def test_the_log_analyzer_publishes_to_an_existing_p1_topic_without_our_key() -> None:
    stack = synth(prod(topic_arns={Severity.P0: PAGER, Severity.P1: f"{PAGER}-p1"},
                          contacts={Severity.P2: TEAM, Severity.P3: TEAM}))
    (role_policy,) = [p for p in stack.resources("aws_iam_role_policy") if p["name"] == "log-analyzer"]
    statements = stack.policy_statements(role_policy["policy"])
    assert statements["PublishSummary"]["resources"] == [f"{PAGER}-p1"]
    assert "EncryptForTopic" not in statements


def test_an_existing_topic_reaches_someone_without_contacts_or_unattended() -> None:
    assert prod().notifications.reaches_someone(Severity.P0)


def test_contacts_for_a_severity_with_an_existing_topic_are_refused() -> None:
    rejected(lambda: Notifications(topic_arns={Severity.P0: PAGER}, contacts={Severity.P0: TEAM}),
             "notifications.contacts[P0]", "platform@example.com", "no contacts for P0: its topic is the existing")


def test_a_topic_in_another_region_is_refused_because_alarms_notify_their_own_region_only() -> None:
    rejected(lambda: prod(topic_arns={Severity.P0: "arn:aws:sns:us-east-1:111122223333:pager"}),
             "notifications.topic_arns[P0]", "us-east-1",
             f"an ARN in {REGION}, the settings' region: CloudWatch alarms notify topics of their own region only")


@pytest.mark.parametrize("arn", ["pager", "arn:aws:sqs:ap-northeast-2:111122223333:pager",
                                 "arn:aws:sns:ap-northeast-2:1111:pager"])
def test_topic_arns_are_sns_topic_arns(arn: str) -> None:
    rejected(lambda: Notifications(topic_arns={Severity.P0: arn}), "notifications.topic_arns[P0]", repr(arn),
             "an SNS topic ARN like arn:aws:sns:<region>:<account>:<topic>")


def test_a_topic_arn_known_only_at_apply_is_accepted() -> None:
    token = Fn.join(":", ["arn:aws:sns", REGION, "111122223333", "pager"])
    assert prod(topic_arns={Severity.P0: token}).notifications.topic_arns[Severity.P0] == token


def test_an_existing_topic_for_a_severity_routed_elsewhere_is_refused_unless_allowed() -> None:
    dev = fileflow_settings("dev", "app/fileflow-dev-alb/0123456789abcdef")
    notifications = Notifications(topic_arns={Severity.P0: PAGER}, contacts={Severity.P3: TEAM})
    rejected(lambda: replace(dev, notifications=notifications), "notifications.contacts[P0]", PAGER,
             "contacts and topic ARNs only for severities with a topic here (P3)")
    allowed = replace(notifications, allow_unused_contacts=True)
    assert replace(dev, notifications=allowed).own_topic_severities == (Severity.P3,)


def test_a_key_of_your_own_must_be_in_the_settings_region() -> None:
    key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    rejected(lambda: replace(prod(), kms_key_arn=key), "kms_key_arn", "us-east-1",
             f"an ARN in {REGION}, the settings' region: log groups and topics use keys of their own region only")
