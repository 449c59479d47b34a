"""RDS DB instance events, offline: the catalog, the event EventBridge delivers, and who subscribes.

Sources (Amazon RDS User Guide):

* "Amazon RDS event categories and event messages", DB instance events table
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html), read from
  the guide's public source, awsdocs/amazon-rds-user-guide ``doc_source/USER_Events.Messages.md``
  at its last version (50e7617, 2023-06-10), whose table has the Message RDS sends and a Notes
  column. Events added to the live page since then are not in the catalog.
* "Overview of Amazon RDS event notification" / "Example of a DB instance event"
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.overview.html; earlier
  "Overview of events for Amazon RDS", rds-cloudwatch-events.sample.html): the EventBridge
  shape (detail-type "RDS DB Instance Event", source "aws.rds", SourceType "DB_INSTANCE",
  SourceIdentifier "rds:<identifier>", resources = [the instance ARN]).
* "Subscribing to Amazon RDS event notification"
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Subscribing.html) and
  CreateEventSubscription (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateEventSubscription.html):
  "If you specify both the SourceType and SourceIds ... you are notified of all the db-instance
  events for the specified source. If you specify a SourceType but do not specify SourceIds, you
  receive notice of the events for that source type for all your RDS sources. If you don't
  specify either the SourceType or the SourceIds, you are notified of events generated from all
  RDS sources". Terraform's ``aws_db_event_subscription``
  (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_event_subscription):
  ``source_ids`` "If specified, a source_type must also be specified"; ``enabled`` defaults to
  true. That no ``event_categories`` means every category is not stated on the pages read; it
  is assumed here, as issue 16 specifies.

Example::

    event = rds_instance_event(4, "shared-postgres", "RDS-EVENT-0006")
    subscription_matches({"source_type": "db-instance", "source_ids": ["shared-postgres"],
                          "event_categories": ["availability", "failover", "failure"]}, event)   # True
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from ...core.rds_events import DB_INSTANCE_EVENT_CATEGORIES, DB_INSTANCE_EVENTS

from .world import Event

__all__ = ["DB_INSTANCE_EVENTS", "DETAIL_TYPES", "rds_instance_event", "subscription_matches"]

SOURCE = "aws.rds"
DETAIL_TYPE = "RDS DB Instance Event"
# EventBridge detail-type per subscription source type (EventBridge events reference,
# "Amazon Relational Database Service events", https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-rds.html).
DETAIL_TYPES: Mapping[str, str] = {
    "db-instance": DETAIL_TYPE,
    "db-cluster": "RDS DB Cluster Event",
    "db-parameter-group": "RDS DB Parameter Group Event",
    "db-security-group": "RDS DB Security Group Event",
    "db-snapshot": "RDS DB Snapshot Event",
    "db-cluster-snapshot": "RDS DB Cluster Snapshot Event",
    "db-proxy": "RDS DB Proxy Event",
    "custom-engine-version": "RDS Custom Engine Version Event",
    "blue-green-deployment": "RDS Blue Green Deployment Event",
}
EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)  # minute 0, as world.Event.document's "time"



def instance_arn(identifier: str, *, region: str, account: str) -> str:
    """The DB instance ARN, as in the documented example (``arn:aws:rds:us-east-1:123456789012:db:my-db-instance``)."""
    return f"arn:aws:rds:{region}:{account}:db:{identifier}"


def rds_instance_event(minute: float, identifier: str, event_id: str, *, region: str = "ap-northeast-2",
                       account: str = "123456789012") -> Event:
    """``event_id`` of DB instance ``identifier`` at ``minute``, as EventBridge delivers it.

    Raises ValueError for an EventID that is not in ``DB_INSTANCE_EVENTS``.
    """
    if event_id not in DB_INSTANCE_EVENTS:
        raise ValueError(f"RDS event {event_id!r} is not a DB instance event of the catalog; one of "
                         + ", ".join(sorted(DB_INSTANCE_EVENTS)))
    category, message = DB_INSTANCE_EVENTS[event_id]
    arn = instance_arn(identifier, region=region, account=account)
    date = (EPOCH + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    detail = {
        "EventCategories": [category], "SourceType": "DB_INSTANCE", "SourceArn": arn, "Date": date,
        "Message": message, "SourceIdentifier": f"rds:{identifier}", "EventID": event_id,
    }
    return Event(minute=minute, source=SOURCE, detail_type=DETAIL_TYPE, detail=detail, resources=(arn,))


def subscription_matches(subscription: Mapping[str, Any], event: Event) -> bool:
    """Whether the ``aws_db_event_subscription`` block ``subscription`` delivers ``event``.

    Attributes read: ``enabled`` (default true), ``source_type`` (absent: every source type),
    ``source_ids`` (absent or empty: every source of the type), ``event_categories`` (absent or
    empty: every category). Categories compare without case (the API's own example writes
    "Availability, Backup"). ``source_ids`` compare literally, so Terraform references must be
    resolved first. Raises ValueError for an unknown source type, source ids without a source
    type (Terraform: "If specified, a source_type must also be specified"), or a category that
    db-instance events do not have.
    """
    if event.source != SOURCE:
        return False
    if subscription.get("enabled") is False:
        return False
    source_type = subscription.get("source_type")
    source_ids = list(subscription.get("source_ids") or ())
    categories = [c.lower() for c in subscription.get("event_categories") or ()]
    if source_type is None:
        if source_ids:
            raise ValueError(f"aws_db_event_subscription source_ids {source_ids!r} need a source_type; one of "
                             + ", ".join(DETAIL_TYPES))
    elif source_type not in DETAIL_TYPES:
        raise ValueError(f"aws_db_event_subscription source_type {source_type!r}; one of " + ", ".join(DETAIL_TYPES))
    if source_type == "db-instance":
        for category in categories:
            if category not in DB_INSTANCE_EVENT_CATEGORIES:
                raise ValueError(f"aws_db_event_subscription event category {category!r} is not a db-instance "
                                 "category; one of " + ", ".join(DB_INSTANCE_EVENT_CATEGORIES))
    if source_type is not None and event.detail_type != DETAIL_TYPES[source_type]:
        return False
    if source_ids and _source_name(event) not in source_ids:
        return False
    event_categories = {str(c).lower() for c in event.detail.get("EventCategories") or ()}
    return not categories or bool(event_categories.intersection(categories))


def _source_name(event: Event) -> str:
    """The source's identifier: the name in its ARN (``...:db:<name>``), else SourceIdentifier without ``rds:``."""
    arn = str(event.detail.get("SourceArn") or (event.resources[0] if event.resources else ""))
    parts = arn.split(":", 6)
    if len(parts) == 7:
        return parts[6]
    identifier = str(event.detail.get("SourceIdentifier", ""))
    return identifier.removeprefix("rds:")
