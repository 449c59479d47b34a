"""The KMS key and alert topics: notifications and logs must not silently fail (DESIGN.md 7.4)."""

from __future__ import annotations

from monitoring_constructs import AlertRouting, Contacts, Notifications, Severity, route_all_to
from tests.alarms.service import KEY_ARN, topics_and_factory
from tests.stack_assertions import Synthesized, synth_construct


def _key_policy(stack: Synthesized) -> dict:
    (key,) = stack.resources("aws_kms_key")
    return stack.policy_statements(key["policy"])


def test_cloudwatch_logs_may_use_the_key_only_for_this_services_log_groups(dev: Synthesized) -> None:
    # Prod's key covers every log group of its account: tests/logs/test_retained_data.py.
    statement = _key_policy(dev)["CloudWatchLogsEncryptThisServicesLogGroups"]
    assert statement["principals"][0]["type"] == "Service"
    (partition_id,) = dev.document["data"]["aws_partition"]
    assert statement["principals"][0]["identifiers"] == [
        f'${{join("", ["logs", ".", "ap-northeast-2", ".", data.aws_partition.{partition_id}.dns_suffix])}}'
    ]
    assert {"kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"} <= set(statement["actions"])
    (condition,) = statement["condition"]
    assert (condition["test"], condition["variable"]) == ("ArnLike", "kms:EncryptionContext:aws:logs:arn")
    patterns = " ".join(condition["values"])
    assert "log-group:/ecs/fileflow-dev/*" in patterns
    assert "log-group:/aws/rds/fileflow-dev/*" in patterns


def test_cloudwatch_alarms_may_decrypt_and_generate_data_keys_for_encrypted_topics(prod: Synthesized) -> None:
    statement = _key_policy(prod)["CloudWatchAlarmsPublishToEncryptedTopics"]
    assert statement["principals"] == [{"type": "Service", "identifiers": ["cloudwatch.amazonaws.com"]}]
    assert sorted(statement["actions"]) == ["kms:Decrypt", "kms:GenerateDataKey*"]


def test_the_key_rotates_and_the_account_keeps_administration(prod: Synthesized) -> None:
    (key,) = prod.resources("aws_kms_key")
    assert key["enable_key_rotation"] is True
    assert _key_policy(prod)["AccountAdministration"]["actions"] == ["kms:*"]


def test_every_alert_topic_is_encrypted_with_the_monitoring_key_not_aws_sns(stacks: dict[str, Synthesized]) -> None:
    for stack in stacks.values():
        (key_id,) = stack.resource_ids("aws_kms_key")
        for topic in stack.resources("aws_sns_topic"):
            assert topic["kms_master_key_id"] == f"${{aws_kms_key.{key_id}.arn}}"


def test_topic_policies_name_exactly_the_alarms_that_notify_each_topic(prod: Synthesized) -> None:
    policies = {p["arn"]: p["policy"] for p in prod.resources("aws_sns_topic_policy")}
    assert len(policies) == 4
    alarms = prod.resources("aws_cloudwatch_metric_alarm") + prod.resources("aws_cloudwatch_composite_alarm")
    # Only the topics' roll-ups notify: every other alarm pages through them.
    topic_of = {alarm["alarm_name"]: alarm["alarm_actions"][0] for alarm in alarms if alarm.get("alarm_actions")}
    assert set(topic_of) == {f"fileflow-prod-notify-p{n}" for n in range(4)}
    for topic_arn, policy in policies.items():
        statement = prod.policy_statements(policy)["CloudWatchAlarmsOfThisService"]
        assert statement["actions"] == ["sns:Publish"]
        assert statement["principals"] == [{"type": "Service", "identifiers": ["cloudwatch.amazonaws.com"]}]
        conditions = {c["variable"]: c for c in statement["condition"]}
        assert conditions["aws:SourceAccount"]["test"] == "StringEquals"
        assert conditions["aws:SourceArn"]["test"] == "ArnEquals"
        admitted = {value.split('"alarm:')[1].removesuffix('"])}') for value in conditions["aws:SourceArn"]["values"]}
        assert admitted == {name for name, topic in topic_of.items() if topic == topic_arn}


def test_every_topic_denies_publishing_over_plain_http(prod: Synthesized) -> None:
    for policy in prod.resources("aws_sns_topic_policy"):
        deny = prod.policy_statements(policy["policy"])["DenyPublishWithoutTls"]
        assert deny["effect"] == "Deny"
        assert deny["principals"] == [{"type": "*", "identifiers": ["*"]}]
        assert deny["condition"] == [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]


def test_prod_p0_pages_by_email_and_https_and_each_severity_has_its_subscribers(prod: Synthesized) -> None:
    topics = {tid: t["name"] for tid, t in prod.document["resource"]["aws_sns_topic"].items()}
    subscriptions = sorted(
        (topics[s["topic_arn"].split(".")[1]], s["protocol"], s["endpoint"])
        for s in prod.resources("aws_sns_topic_subscription")
    )
    assert subscriptions == [
        ("fileflow-prod-alerts-p0", "email", "oncall@example.com"),
        ("fileflow-prod-alerts-p0", "https", "https://events.pagerduty.com/integration/fileflow-prod/enqueue"),
        ("fileflow-prod-alerts-p1", "email", "platform@example.com"),
        ("fileflow-prod-alerts-p2", "email", "platform@example.com"),
        ("fileflow-prod-alerts-p3", "email", "platform-alerts@example.com"),
    ]


def test_dev_has_one_p3_topic_with_its_team_mailbox(dev: Synthesized) -> None:
    (topic,) = dev.resources("aws_sns_topic")
    assert topic["name"] == "fileflow-dev-alerts-p3"
    (subscription,) = dev.resources("aws_sns_topic_subscription")
    assert (subscription["protocol"], subscription["endpoint"]) == ("email", "fileflow-dev-alerts@example.com")


def test_alert_topics_work_alone_from_their_props_no_monitoring_settings() -> None:
    non_prod = AlertRouting(severity_routing=route_all_to(Severity.P3),
                            notifications=Notifications(contacts={Severity.P3: Contacts(emails=("team@example.com",))}))
    stack = synth_construct(lambda stack: topics_and_factory(stack, routing=non_prod))
    (topic,) = stack.resources("aws_sns_topic")
    assert (topic["name"], topic["kms_master_key_id"]) == ("orders-prod-alerts-p3", KEY_ARN)
    assert stack.one("aws_sns_topic_subscription")["endpoint"] == "team@example.com"
