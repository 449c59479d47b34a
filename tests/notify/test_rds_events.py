"""Rules for the "RDS down" P0 event subscription (seed response table: P0 = task count zero, RDS down)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from monitoring_constructs import props_from_settings
from monitoring_constructs.core.errors import MonitoringConfigError
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs.core.severity import Severity
from monitoring_constructs.notify.rds_events import RDS_DOWN_CATEGORIES, RdsDownEvents, RdsEventsProps
from stacks import fileflow_settings
from tests.stack_assertions import synth_construct
from tests.rejections import rejected

ALB = "app/fileflow-prod/0123456789abcdef"
TOPIC = "arn:aws:sns:ap-northeast-2:123456789012:fileflow-prod-alerts-p0"
IDENTITY = ServiceIdentity(service="fileflow", environment="prod", region="ap-northeast-2")
REQUIRED = {"identity": IDENTITY, "topic_arn": TOPIC, "db_instance_identifier": "shared-postgres-prod"}


def synth(environment: str = "prod", shared_rds: str | None = None, **props):
    """The subscription as the facade builds it from the sample service's settings in ``environment``."""
    settings = fileflow_settings(environment, ALB)
    if shared_rds is not None:
        settings = replace(settings, resources=replace(settings.resources, shared_rds_identifier=shared_rds))
    arguments = {"topic_arn": TOPIC, **props}
    return synth_construct(lambda stack: RdsDownEvents(
        stack, "RdsDown", props=props_from_settings.rds_down_events(settings, **arguments)))


def test_rds_down_subscribes_to_availability_failure_and_failover_of_the_shared_instance():
    subscription = synth().one("aws_db_event_subscription")
    assert subscription["source_type"] == "db-instance"
    assert subscription["source_ids"] == ["shared-postgres-prod"]
    assert sorted(subscription["event_categories"]) == ["availability", "failover", "failure"]
    assert subscription["enabled"] is True


def test_rds_down_notifies_the_given_topic_and_is_named_after_the_service():
    subscription = synth().one("aws_db_event_subscription")
    assert subscription["sns_topic"] == TOPIC
    assert subscription["name"] == "fileflow-prod-rds-down"


def test_rds_down_is_tagged_p0_in_prod_and_with_the_routed_severity_elsewhere():
    assert synth().one("aws_db_event_subscription")["tags"]["Severity"] == "P0"
    dev = synth("dev", shared_rds="shared-postgres-dev").one("aws_db_event_subscription")
    assert dev["tags"]["Severity"] == "P3"
    assert dev["source_ids"] == ["shared-postgres-dev"]


def test_rds_down_events_work_alone_from_their_props_no_monitoring_settings():
    subscription = synth_construct(lambda stack: RdsDownEvents(stack, "RdsDown", props=RdsEventsProps(
        identity=ServiceIdentity(service="orders", environment="dev", region="eu-west-1"),
        topic_arn="arn:aws:sns:eu-west-1:123456789012:orders-dev-alerts-p3", db_instance_identifier="orders-db",
        severity=Severity.P3,
    ))).one("aws_db_event_subscription")
    assert (subscription["name"], subscription["source_ids"]) == ("orders-dev-rds-down", ["orders-db"])
    assert subscription["tags"]["Severity"] == "P3"


def test_default_categories_are_the_seeds_rds_down():
    assert RDS_DOWN_CATEGORIES == ("availability", "failure", "failover")


def test_no_shared_rds_and_no_identifier_is_refused():
    with pytest.raises(MonitoringConfigError, match=r"rds_events.db_instance_identifier: None is not allowed; "
                       r"allowed: an RDS DB instance identifier"):
        RdsEventsProps(**{**REQUIRED, "db_instance_identifier": None})
    with pytest.raises(MonitoringConfigError, match=r"resources.shared_rds_identifier: None is not allowed; "
                       r"allowed: an RDS instance identifier: RDS down events watch the shared instance"):
        synth("dev")


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"event_categories": ("availability", "explosion")},
         r"rds_events.event_categories: 'explosion' is not allowed; allowed: one of availability, backup"),
        ({"event_categories": ()}, r"rds_events.event_categories: \(\) is not allowed; allowed: at least one"),
        ({"event_categories": ("failure", "failure")}, r"rds_events.event_categories: 'failure' is not allowed; allowed: each value once"),
        ({"db_instance_identifier": "1-bad--name"}, r"rds_events.db_instance_identifier: '1-bad--name' is not allowed; allowed: an RDS DB instance identifier"),
        ({"topic_arn": ""}, r"rds_events.topic_arn: '' is not allowed; allowed: an SNS topic ARN"),
    ],
)
def test_bad_props_name_the_field_value_and_what_is_allowed(props, message):
    arguments = {**REQUIRED, **props}
    with pytest.raises(MonitoringConfigError, match=message):
        RdsEventsProps(**arguments)


@pytest.mark.parametrize(
    ("props", "field", "value", "allowed"),
    [
        ({"topic_arn": "not-an-arn"}, "rds_events.topic_arn", "'not-an-arn'", "an SNS topic ARN like arn:aws:sns:"),
        ({"topic_arn": "arn:aws:sqs:ap-northeast-2:123456789012:q"}, "rds_events.topic_arn", "'arn:aws:sqs:", "an SNS topic ARN"),
        # A bare string used to be checked letter by letter ('a' is no category).
        ({"topic_arn": TOPIC, "event_categories": "availability"}, "rds_events.event_categories", "'availability'",
         "a tuple of db-instance event categories"),
    ],
)
def test_the_topic_is_an_sns_topic_arn_and_categories_a_tuple(props, field, value, allowed):
    rejected(lambda: RdsEventsProps(**{**REQUIRED, **props}), field, value, allowed)
