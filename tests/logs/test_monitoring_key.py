"""The monitoring key from its own props: whose log groups, topics and archive it serves."""

from __future__ import annotations

import pytest

from monitoring_constructs.core.contacts import Notifications
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs.core.routing import AlertRouting, route_all_to
from monitoring_constructs.core.severity import Severity
from monitoring_constructs.logs.key import MonitoringKey, MonitoringKeyProps
from tests.rejections import rejected
from tests.stack_assertions import Synthesized, synth_construct

IDENTITY = ServiceIdentity(service="orders", environment="qa", region="eu-west-1")
TOPIC = "arn:aws:sns:eu-west-1:123456789012:existing-p3"


def key_statements(**props) -> dict:
    stack: Synthesized = synth_construct(
        lambda stack: MonitoringKey(stack, "Key", props=MonitoringKeyProps(**{"identity": IDENTITY, **props})),
        region=IDENTITY.region,
    )
    (key,) = stack.resources("aws_kms_key")
    return stack.policy_statements(key["policy"])


def test_the_key_works_alone_from_its_props_no_monitoring_settings() -> None:
    stack = synth_construct(
        lambda stack: MonitoringKey(stack, "Key", props=MonitoringKeyProps(identity=IDENTITY, routing=AlertRouting())),
        region=IDENTITY.region,
    )
    assert stack.one("aws_kms_alias")["name"] == "alias/orders-qa-monitoring"
    assert "lifecycle" not in stack.one("aws_kms_key"), "retain_data defaults to False"


def test_alarms_get_the_key_only_for_topics_the_library_creates() -> None:
    all_to_p3 = route_all_to(Severity.P3)
    assert "CloudWatchAlarmsPublishToEncryptedTopics" in key_statements(routing=AlertRouting(severity_routing=all_to_p3))
    existing = AlertRouting(severity_routing=all_to_p3, notifications=Notifications(topic_arns={Severity.P3: TOPIC}))
    assert "CloudWatchAlarmsPublishToEncryptedTopics" not in key_statements(routing=existing)


def test_archive_exports_are_granted_only_when_the_props_ask_and_rds_never() -> None:
    plain = key_statements(routing=AlertRouting())
    assert "CloudWatchLogsExportToTheArchiveBucket" not in plain
    asked = key_statements(routing=AlertRouting(), archive_bucket_name="orders-qa-archive")
    assert "CloudWatchLogsExportToTheArchiveBucket" in asked
    # RDS events feed the rds-down alarm through a log group: RDS itself needs no grant.
    with pytest.warns(DeprecationWarning, match="MonitoringKeyProps.rds_events is deprecated and ignored"):
        deprecated = key_statements(routing=AlertRouting(), rds_events=True)
    assert not any("events.rds.amazonaws.com" in str(s) for s in deprecated.values())


def test_bad_key_props_name_the_field_value_and_what_is_allowed() -> None:
    rejected(lambda: MonitoringKeyProps(identity="orders-qa", routing=AlertRouting()),  # type: ignore[arg-type]
             "monitoring_key.identity", "'orders-qa'", "a ServiceIdentity(...) value")
    rejected(lambda: MonitoringKeyProps(identity=IDENTITY, routing=AlertRouting(), rds_events="yes"),  # type: ignore[arg-type]
             "monitoring_key.rds_events", "'yes'", "True or False")
    rejected(lambda: MonitoringKeyProps(identity=IDENTITY, routing=AlertRouting(), archive_bucket_name="Bad_Name"),
             "monitoring_key.archive_bucket_name", "'Bad_Name'", "3-63 lower-case")
