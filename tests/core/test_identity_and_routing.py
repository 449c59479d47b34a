"""The two values every construct's props share: who a resource belongs to, and where alarms go."""

from __future__ import annotations

import pytest

from monitoring_constructs import (
    AlertRouting,
    ArchiveSettings,
    Contacts,
    Naming,
    Notifications,
    ServiceIdentity,
    Severity,
    route_all_to,
)
from tests.core.test_settings_validation import settings
from tests.rejections import rejected

TOPIC = "arn:aws:sns:eu-west-1:111122223333:pager"


def test_names_and_tags_come_from_the_identity_alone() -> None:
    naming = Naming(ServiceIdentity(service="orders", environment="prod", region="eu-west-1", tags={"Team": "core"}))
    assert naming.alarm_name("cpu-high") == "orders-prod-cpu-high"
    assert naming.tags("alerts-p0", "alerting") == {
        "Service": "orders", "Environment": "prod", "ManagedBy": "cdktf", "Team": "core",
        "Name": "orders-prod-alerts-p0", "Component": "alerting",
    }


def test_settings_hand_constructs_the_identity_their_fields_make() -> None:
    made = settings(name_prefix="ord-p", tags={"Team": "core"})
    assert made.identity == ServiceIdentity(service=made.service, environment=made.environment, region=made.region,
                                            name_prefix="ord-p", tags={"Team": "core"})
    assert made.prefix == made.identity.prefix == "ord-p"


@pytest.mark.parametrize(("field", "arguments", "value", "allowed"), [
    ("service", {"service": "Orders"}, "'Orders'", "lower-case letters"),
    ("environment", {"environment": "prod_eu"}, "'prod_eu'", "lower-case letters"),
    ("region", {"region": "europe"}, "'europe'", "an AWS region name"),
    ("tags", {"tags": {"Service": "x"}}, "Service", "keys other than the required"),
])
def test_an_identity_alone_refuses_what_settings_refuse(field: str, arguments: dict, value: str, allowed: str) -> None:
    base = {"service": "orders", "environment": "prod", "region": "eu-west-1"}
    rejected(lambda: ServiceIdentity(**{**base, **arguments}), field, value, allowed)


def test_a_named_archive_bucket_frees_the_prefix_from_the_default_bucket_name_s_limit() -> None:
    made = settings(service="a" * 46, archive=ArchiveSettings(bucket_name="orders-archive"))
    assert made.archive_bucket_name == "orders-archive"
    assert settings(service="a" * 46, archive=ArchiveSettings(enabled=False)).archive_bucket_name is None


def test_non_prod_routing_sends_every_severity_to_the_p3_topic_and_makes_only_that_one() -> None:
    routing = AlertRouting(severity_routing=route_all_to(Severity.P3))
    assert {routing.routed_severity(severity) for severity in Severity} == {Severity.P3}
    assert routing.topic_severities == (Severity.P3,)


def test_an_existing_topic_is_a_routing_target_the_library_does_not_create() -> None:
    routing = AlertRouting(notifications=Notifications(
        topic_arns={Severity.P0: TOPIC}, contacts={s: Contacts(emails=("a@example.com",)) for s in Severity
                                                   if s is not Severity.P0}))
    assert routing.topic_severities == tuple(Severity)
    assert routing.own_topic_severities == (Severity.P1, Severity.P2, Severity.P3)


def test_a_routing_must_say_where_every_severity_goes() -> None:
    rejected(lambda: AlertRouting(severity_routing={Severity.P0: Severity.P0}), "severity_routing",
             "{<Severity.P0", "an entry for every severity (missing ['P1', 'P2', 'P3'])")
