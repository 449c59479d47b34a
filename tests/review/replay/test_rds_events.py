"""Rules of RDS DB instance events (RDS User Guide, "Amazon RDS event categories and event messages",
"Example of a DB instance event", "Subscribing to Amazon RDS event notification")."""

from __future__ import annotations

from typing import Any

import pytest

from monitoring_constructs.review.replay.event_patterns import matches
from monitoring_constructs.review.replay.rds_events import (
    DB_INSTANCE_EVENTS, rds_instance_event, subscription_matches)
from monitoring_constructs.review.replay.world import Event

DOWN = {"source_type": "db-instance", "source_ids": ["shared-postgres"],
        "event_categories": ["availability", "failover", "failure"]}


@pytest.mark.parametrize(("event_id", "category"), [
    ("RDS-EVENT-0004", "availability"), ("RDS-EVENT-0006", "availability"), ("RDS-EVENT-0022", "availability"),
    ("RDS-EVENT-0221", "availability"), ("RDS-EVENT-0222", "availability"), ("RDS-EVENT-0026", "maintenance"),
    ("RDS-EVENT-0007", "low storage"), ("RDS-EVENT-0087", "notification"), ("RDS-EVENT-0088", "notification"),
    ("RDS-EVENT-0031", "failure"), ("RDS-EVENT-0035", "failure"), ("RDS-EVENT-0036", "failure"),
    ("RDS-EVENT-0034", "failover"), ("RDS-EVENT-0049", "failover"), ("RDS-EVENT-0050", "failover"),
    ("RDS-EVENT-0051", "failover"), ("RDS-EVENT-0013", "failover"), ("RDS-EVENT-0015", "failover"),
    ("RDS-EVENT-0065", "failover"), ("RDS-EVENT-0020", "recovery"), ("RDS-EVENT-0019", "restoration"),
])
def test_the_catalog_has_the_documented_category(event_id: str, category: str) -> None:
    assert DB_INSTANCE_EVENTS[event_id][0] == category


def test_every_event_the_rds_down_alarm_listens_to_is_documented_and_none_says_the_database_is_back() -> None:
    from monitoring_constructs.notify.rds_events import RDS_DOWN_EVENT_IDS

    assert set(RDS_DOWN_EVENT_IDS) <= set(DB_INSTANCE_EVENTS)
    back = ("restarted", "completed", "complete.", "Finished", "DB instance started")
    assert not [event_id for event_id in RDS_DOWN_EVENT_IDS if any(w in DB_INSTANCE_EVENTS[event_id][1] for w in back)]


def test_the_event_has_the_documented_eventbridge_shape() -> None:
    event = rds_instance_event(2.5, "shared-postgres", "RDS-EVENT-0049", region="us-east-1")
    arn = "arn:aws:rds:us-east-1:123456789012:db:shared-postgres"
    assert (event.minute, event.source, event.detail_type, event.resources) == (
        2.5, "aws.rds", "RDS DB Instance Event", (arn,))
    assert event.detail == {
        "EventCategories": ["failover"], "SourceType": "DB_INSTANCE", "SourceArn": arn,
        "Date": "2026-01-01T00:02:30.000Z", "Message": "Multi-AZ instance failover completed.",
        "SourceIdentifier": "rds:shared-postgres", "EventID": "RDS-EVENT-0049",
    }


def test_a_rule_on_the_event_id_matches_the_delivered_event() -> None:
    document = rds_instance_event(1, "db1", "RDS-EVENT-0006").document("123456789012", "ap-northeast-2")
    assert matches({"source": ["aws.rds"], "detail-type": ["RDS DB Instance Event"],
                    "detail": {"EventID": ["RDS-EVENT-0006"]}}, document)
    assert document["resources"] == ["arn:aws:rds:ap-northeast-2:123456789012:db:db1"]


def test_an_unknown_event_id_is_refused() -> None:
    with pytest.raises(ValueError, match="RDS-EVENT-9999"):
        rds_instance_event(0, "db1", "RDS-EVENT-9999")


def test_a_subscription_delivers_its_categories_of_its_sources() -> None:
    assert subscription_matches(DOWN, rds_instance_event(0, "shared-postgres", "RDS-EVENT-0006"))
    assert subscription_matches(DOWN, rds_instance_event(0, "shared-postgres", "RDS-EVENT-0031"))
    assert not subscription_matches(DOWN, rds_instance_event(0, "shared-postgres", "RDS-EVENT-0087"))
    assert not subscription_matches(DOWN, rds_instance_event(0, "other-db", "RDS-EVENT-0006"))


@pytest.mark.parametrize("subscription", [
    {"source_type": "db-instance"},
    {"source_type": "db-instance", "source_ids": [], "event_categories": []},
    {"source_type": "db-instance", "source_ids": ["shared-postgres"], "event_categories": None},
    {},
])
def test_absent_source_ids_or_categories_mean_all(subscription: dict[str, Any]) -> None:
    assert subscription_matches(subscription, rds_instance_event(0, "shared-postgres", "RDS-EVENT-0087"))


def test_a_disabled_subscription_delivers_nothing() -> None:
    assert not subscription_matches({**DOWN, "enabled": False}, rds_instance_event(0, "shared-postgres",
                                                                                   "RDS-EVENT-0006"))
    assert subscription_matches({**DOWN, "enabled": True}, rds_instance_event(0, "shared-postgres", "RDS-EVENT-0006"))


def test_categories_compare_without_case() -> None:
    assert subscription_matches({**DOWN, "event_categories": ["Availability"]},
                                rds_instance_event(0, "shared-postgres", "RDS-EVENT-0006"))


def test_a_subscription_of_another_source_type_or_a_foreign_event_delivers_nothing() -> None:
    assert not subscription_matches({"source_type": "db-cluster"}, rds_instance_event(0, "db1", "RDS-EVENT-0006"))
    ecs = Event(minute=0, source="aws.ecs", detail_type="ECS Deployment State Change")
    assert not subscription_matches({}, ecs)


@pytest.mark.parametrize(("subscription", "message"), [
    ({"source_type": "db-instanse"}, "source_type"),
    ({"source_ids": ["db1"]}, "need a source_type"),
    ({"source_type": "db-instance", "event_categories": ["outage"]}, "not a db-instance category"),
])
def test_an_invalid_subscription_is_refused(subscription: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        subscription_matches(subscription, rds_instance_event(0, "db1", "RDS-EVENT-0006"))
