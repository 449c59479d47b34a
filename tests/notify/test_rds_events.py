"""Rules for the "RDS down" P0 alarm (seed response table: P0 = task count zero, RDS down).

RDS events reach responders as the ``rds-down`` alarm: an EventBridge rule matching the event
IDs that say the instance is down writes them to a log group, a metric filter counts them. Event
*categories* are not used: ``availability`` holds RDS-EVENT-0006 (a routine restart) while offline
maintenance (0026), stopped (0087) and storage exhausted (0007) are in other categories (RDS User
Guide, "Amazon RDS event categories and event messages").
"""

from __future__ import annotations

import json
import warnings
from dataclasses import replace
from typing import Any

import pytest

from monitoring_constructs import AlarmOverride, Severity, props_from_settings
from monitoring_constructs.alarms.catalog import ALARM_KEYS
from monitoring_constructs.core.errors import MonitoringConfigError
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs.notify.rds_events import (
    DB_INSTANCE_EVENTS,
    RDS_BACK_EVENT_IDS,
    RDS_DOWN_EVENT_IDS,
    RdsDownEvents,
    RdsEventsProps,
)
from stacks import fileflow_settings
from tests.alarms.service import KEY_ARN, topics_and_factory
from tests.delivery.resolve import ACCOUNT, ResolvedStack
from tests.rejections import rejected
from tests.stack_assertions import Synthesized, synth_construct

REGION = "ap-northeast-2"
IDENTITY = ServiceIdentity(service="fileflow", environment="prod", region=REGION)
REQUIRED = {"identity": IDENTITY, "db_instance_identifier": "shared-postgres-prod", "kms_key_arn": KEY_ARN}
RULE = "fileflow-prod-rds-down"


def pattern(stack: Synthesized, name: str = RULE) -> dict[str, Any]:
    """The rule's event pattern as EventBridge receives it (Terraform evaluates the ARN inside)."""
    return json.loads(ResolvedStack(stack, name="test").value(stack.one("aws_cloudwatch_event_rule", name=name)["event_pattern"]))


def test_the_rule_matches_the_down_and_back_event_ids_of_the_shared_instance(prod: Synthesized) -> None:
    found = pattern(prod)
    assert (found["source"], found["detail-type"]) == (["aws.rds"], ["RDS DB Instance Event"])
    assert found["resources"] == [f"arn:aws:rds:ap-northeast-2:{ACCOUNT}:db:shared-postgres-prod"]
    ids = found["detail"]["EventID"]
    assert {"RDS-EVENT-0026", "RDS-EVENT-0087", "RDS-EVENT-0007", "RDS-EVENT-0004", "RDS-EVENT-0031",
            "RDS-EVENT-0013"} <= set(RDS_DOWN_EVENT_IDS)
    assert "RDS-EVENT-0006" in RDS_BACK_EVENT_IDS  # "DB instance restarted.": a reboot reports the instance back
    assert ids == [*RDS_DOWN_EVENT_IDS, *RDS_BACK_EVENT_IDS]
    assert set(found) == {"source", "detail-type", "resources", "detail"}


def test_no_event_subscription_publishes_straight_to_a_topic(prod: Synthesized) -> None:
    assert prod.resources("aws_db_event_subscription") == []
    for topic_policy in prod.data("aws_iam_policy_document"):
        assert "events.rds.amazonaws.com" not in json.dumps(topic_policy)


def test_the_rule_writes_to_its_own_encrypted_event_log(prod: Synthesized) -> None:
    group = prod.log_group("/aws/events/fileflow-prod/rds")
    assert group["retention_in_days"] == 30 and group["kms_key_id"].startswith("${aws_kms_key.")
    assert group["skip_destroy"] is True  # prod keeps its log groups
    rule = prod.one("aws_cloudwatch_event_rule", name=RULE)
    (target,) = [t for t in prod.resources("aws_cloudwatch_event_target") if t["rule"].startswith("${aws_cloudwatch_event_rule.")
                 and prod.resolve(t["rule"]) is rule]
    assert prod.resolve(target["arn"]) is group and "role_arn" not in target  # resource policy, no role (EventBridge guide)
    policy = prod.one("aws_cloudwatch_log_resource_policy", policy_name="fileflow-prod-rds-events")
    (statement,) = prod.policy_statements(policy["policy_document"]).values()
    assert statement["actions"] == ["logs:CreateLogStream", "logs:PutLogEvents"]
    assert statement["principals"] == [{"type": "Service", "identifiers": ["events.amazonaws.com",
                                                                          "delivery.logs.amazonaws.com"]}]
    assert statement["resources"] == ['${join("", [aws_cloudwatch_log_group.' + target["arn"].split(".")[1] + '.arn, ":*"])}']


def test_rds_down_is_a_p0_alarm_in_alarm_from_a_down_event_until_a_back_event(prod: Synthesized) -> None:
    alarm = prod.alarm("fileflow-prod-rds-down")
    assert (alarm["namespace"], alarm["metric_name"], alarm["statistic"]) == ("fileflow/prod", "RdsDownEvents", "Maximum")
    assert (alarm["comparison_operator"], alarm["threshold"]) == ("GreaterThanThreshold", 0)
    assert (alarm["period"], alarm["evaluation_periods"], alarm["datapoints_to_alarm"]) == (60, 1, 1)
    assert alarm["treat_missing_data"] == "ignore"  # no event: the state stays, a latch
    rollup = prod.notifier_of(alarm)
    assert rollup["alarm_actions"] == [prod.topic_arn("fileflow-prod-alerts-p0")] == rollup["ok_actions"]
    assert alarm["alarm_description"].startswith("[P0 Critical] RDS reported the shared DB instance down")
    assert "has not reported it back since" in alarm["alarm_description"]
    down = prod.one("aws_cloudwatch_log_metric_filter", name="fileflow-prod-rds-down")
    back = prod.one("aws_cloudwatch_log_metric_filter", name="fileflow-prod-rds-back")
    assert down["pattern"] == "{ " + " || ".join(f'$.detail.EventID = "{i}"' for i in RDS_DOWN_EVENT_IDS) + " }"
    assert back["pattern"] == "{ " + " || ".join(f'$.detail.EventID = "{i}"' for i in RDS_BACK_EVENT_IDS) + " }"
    for metric_filter, value in ((down, "1"), (back, "0")):
        assert metric_filter["metric_transformation"] == {"name": "RdsDownEvents", "namespace": "fileflow/prod",
                                                          "unit": "Count", "value": value}


def test_rds_down_is_overridable_like_every_library_alarm() -> None:
    assert "rds-down" in ALARM_KEYS
    settings = fileflow_settings("prod", "app/fileflow-prod/0123456789abcdef")
    routed = replace(settings, alarm_overrides={"rds-down": AlarmOverride(severity=Severity.P1)})
    alarm = synth_construct(lambda stack: _monitoring(stack, routed), REGION).alarm("fileflow-prod-rds-down")
    assert alarm["tags"]["Severity"] == "P1" and alarm["alarm_description"].startswith("[P1 High]")
    off = synth_construct(lambda stack: _monitoring(stack, replace(
        settings, alarm_overrides={"rds-down": AlarmOverride(enabled=False)})), REGION)
    assert [r for r in off.resources("aws_cloudwatch_event_rule") if r["name"] == RULE] == []
    assert "/aws/events/fileflow-prod/rds" not in off.log_group_names()


def _monitoring(stack, settings):
    from monitoring_constructs import ServiceMonitoring
    return ServiceMonitoring(stack, "Monitoring", settings=settings)


def test_non_prod_routes_rds_down_to_its_p3_topic(dev: Synthesized) -> None:
    settings = fileflow_settings("dev", "app/fileflow-dev/0123456789abcdef")
    with_rds = replace(settings, resources=replace(settings.resources, shared_rds_identifier="shared-postgres-dev"))
    stack = synth_construct(lambda s: _monitoring(s, with_rds), REGION)
    alarm = stack.alarm("fileflow-dev-rds-down")
    assert stack.notifier_of(alarm)["alarm_actions"] == [stack.topic_arn("fileflow-dev-alerts-p3")]
    assert alarm["tags"]["Severity"] == "P3"
    assert pattern(stack, "fileflow-dev-rds-down")["resources"][0].endswith(":db:shared-postgres-dev")


def test_rds_down_events_work_alone_from_their_props_no_monitoring_settings() -> None:
    def build(stack) -> None:
        _, factory = topics_and_factory(stack)
        RdsDownEvents(stack, "RdsDown", alarms=factory, props=RdsEventsProps(
            identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
            db_instance_identifier="orders-db", kms_key_arn=KEY_ARN, event_ids=("RDS-EVENT-0087",)))

    stack = synth_construct(build)
    assert pattern(stack, "orders-prod-rds-down")["detail"] == {"EventID": ["RDS-EVENT-0087", *RDS_BACK_EVENT_IDS]}
    assert stack.notifier_of(stack.alarm("orders-prod-rds-down"))["alarm_actions"][0].startswith("${aws_sns_topic.Alerts_P0_")
    assert stack.log_group("/aws/events/orders-prod/rds")["retention_in_days"] == 30


def test_every_down_event_id_is_a_known_db_instance_event_with_its_category() -> None:
    assert set(RDS_DOWN_EVENT_IDS) <= set(DB_INSTANCE_EVENTS)
    assert DB_INSTANCE_EVENTS["RDS-EVENT-0006"] == ("availability", "DB instance restarted.")
    assert {DB_INSTANCE_EVENTS[i][0] for i in ("RDS-EVENT-0026", "RDS-EVENT-0087", "RDS-EVENT-0007")} == {
        "maintenance", "notification", "low storage"}


def test_no_shared_rds_and_no_identifier_is_refused() -> None:
    with pytest.raises(MonitoringConfigError, match=r"rds_events.db_instance_identifier: None is not allowed; "
                       r"allowed: an RDS DB instance identifier"):
        RdsEventsProps(**{**REQUIRED, "db_instance_identifier": None})
    with pytest.raises(MonitoringConfigError, match=r"resources.shared_rds_identifier: None is not allowed; "
                       r"allowed: an RDS instance identifier: RDS down events watch the shared instance"):
        props_from_settings.rds_down_events(fileflow_settings("dev", "app/x/1"), kms_key_arn=KEY_ARN)


@pytest.mark.parametrize(
    ("props", "field", "value", "allowed"),
    [
        ({"event_ids": ("RDS-EVENT-0087", "RDS-EVENT-9999")}, "rds_events.event_ids", "'RDS-EVENT-9999'",
         "one of the DB instance events RDS-EVENT-0001, "),
        ({"event_ids": ()}, "rds_events.event_ids", "()", "at least one RDS DB instance event ID"),
        ({"event_ids": ("RDS-EVENT-0087", "RDS-EVENT-0087")}, "rds_events.event_ids", "'RDS-EVENT-0087'", "each value once"),
        # A bare string would be checked letter by letter.
        ({"event_ids": "RDS-EVENT-0087"}, "rds_events.event_ids", "'RDS-EVENT-0087'", "a tuple of RDS DB instance event IDs"),
        ({"event_categories": ("availability",)}, "rds_events.event_categories", "('availability',)",
         "None: name event_ids instead (category availability includes RDS-EVENT-0006"),
        ({"db_instance_identifier": "1-bad--name"}, "rds_events.db_instance_identifier", "'1-bad--name'",
         "an RDS DB instance identifier"),
        ({"kms_key_arn": "alias/x"}, "rds_events.kms_key_arn", "'alias/x'", "a KMS key ARN"),
        ({"retention_days": 2}, "rds_events.retention_days", "2", "one of 0, 1, 3, 5, 7"),
    ],
)
def test_bad_props_name_the_field_value_and_what_is_allowed(props, field, value, allowed) -> None:
    rejected(lambda: RdsEventsProps(**{**REQUIRED, **props}), field, value, allowed)


def test_the_old_topic_and_severity_props_are_deprecated_and_ignored() -> None:
    with pytest.warns(DeprecationWarning, match="RdsEventsProps.topic_arn is deprecated and ignored"):
        RdsEventsProps(**REQUIRED, topic_arn="arn:aws:sns:ap-northeast-2:123456789012:fileflow-prod-alerts-p0")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        RdsEventsProps(**REQUIRED)


def test_when_eventbridge_cannot_write_the_rds_events_on_call_hears_it_at_p0(prod: Synthesized) -> None:
    """A lost resource policy or key grant would leave rds-down silent: its rule's delivery failures page instead."""
    alarm = prod.alarm("fileflow-prod-rds-events-undelivered")
    assert (alarm["namespace"], alarm["metric_name"], alarm["statistic"]) == ("AWS/Events", "FailedInvocations", "Sum")
    assert alarm["dimensions"] == {"RuleName": RULE}
    assert (alarm["period"], alarm["evaluation_periods"], alarm["datapoints_to_alarm"]) == (60, 15, 1)
    assert alarm["treat_missing_data"] == "notBreaching"  # sent only when non-zero
    assert prod.notifier_of(alarm)["alarm_name"] == "fileflow-prod-notify-p0"
    rule = prod.one("aws_cloudwatch_event_rule", name=RULE)
    (target,) = [t for t in prod.resources("aws_cloudwatch_event_target") if prod.resolve(t["rule"]) is rule]
    # FailedInvocations counts only what failed for good: give up after 10 minutes, not EventBridge's 24 hours.
    assert target["retry_policy"] == {"maximum_event_age_in_seconds": 600, "maximum_retry_attempts": 5}
