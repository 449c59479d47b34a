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

# EventID -> (category, message): the DB instance events table, its Message column (markdown
# links dropped). Bracketed words are the placeholders RDS fills in (*name* in the table).
# Left out: RDS-EVENT-0191..0195 (Oracle time zone file), the only rows with two categories
# ("maintenance, notification", "maintenance, failure"), which one (category, message) pair
# cannot hold; none of them says whether the database is up. RDS-EVENT-0043 ("Restored from
# snapshot") is a DB snapshot event in that version, no longer a DB instance one.
DB_INSTANCE_EVENTS: Mapping[str, tuple[str, str]] = {
    "RDS-EVENT-0006": ("availability", "DB instance restarted."),
    "RDS-EVENT-0004": ("availability", "DB instance shutdown."),
    "RDS-EVENT-0022": ("availability", "Error restarting mysql: [message]."),
    "RDS-EVENT-0221": ("availability", "DB instance has reached the storage-full threshold, and the database has "
                                       "been shut down. You can increase the allocated storage to address this "
                                       "issue."),
    "RDS-EVENT-0222": ("availability", "Free storage capacity for DB instance [name] is low at [percentage] of the "
                                       "allocated storage [Allocated storage: [amount], Free storage: [amount]]. "
                                       "The database will be shut down to prevent corruption if free storage is "
                                       "lower than [amount]. You can increase the allocated storage to address this "
                                       "issue."),
    "RDS-EVENT-0001": ("backup", "Backing up DB instance."),
    "RDS-EVENT-0002": ("backup", "Finished DB instance backup."),
    "RDS-EVENT-0086": ("backup", "We are unable to associate the option group [name] with the database instance "
                                 "[name]. Confirm that option group [name] is supported on your DB instance class "
                                 "and configuration. If so, verify all option group settings and retry."),
    "RDS-EVENT-0009": ("configuration change", "Added security group [name] to DB instance."),
    "RDS-EVENT-0024": ("configuration change", "Applying modification to convert to a Multi-AZ DB instance."),
    "RDS-EVENT-0030": ("configuration change", "Applying modification to convert to a standard (Single-AZ) DB "
                                               "instance."),
    "RDS-EVENT-0012": ("configuration change", "Applying modification to database instance class."),
    "RDS-EVENT-0018": ("configuration change", "Applying modification to allocated storage."),
    "RDS-EVENT-0011": ("configuration change", "Updated to use DBParameterGroup [name]."),
    "RDS-EVENT-0092": ("configuration change", "Finished updating DB parameter group."),
    "RDS-EVENT-0028": ("configuration change", "Disabled automated backups."),
    "RDS-EVENT-0032": ("configuration change", "Enabled automated backups."),
    "RDS-EVENT-0033": ("configuration change", "There are [number] users matching the master username; only "
                                               "resetting the one not tied to a specific host."),
    "RDS-EVENT-0025": ("configuration change", "Finished applying modification to convert to a Multi-AZ DB "
                                               "instance."),
    "RDS-EVENT-0029": ("configuration change", "Finished applying modification to convert to a standard (Single-AZ) "
                                               "DB instance."),
    "RDS-EVENT-0014": ("configuration change", "Finished applying modification to DB instance class."),
    "RDS-EVENT-0017": ("configuration change", "Finished applying modification to allocated storage."),
    "RDS-EVENT-0010": ("configuration change", "Removed security group [name] from DB instance."),
    "RDS-EVENT-0016": ("configuration change", "Reset master credentials."),
    "RDS-EVENT-0067": ("configuration change", "Unable to reset your password. Error information: [message]."),
    "RDS-EVENT-0078": ("configuration change", "Monitoring Interval changed to [number]."),
    "RDS-EVENT-0217": ("configuration change", "Applying autoscaling-initiated modification to allocated storage."),
    "RDS-EVENT-0218": ("configuration change", "Finished applying autoscaling-initiated modification to allocated "
                                               "storage."),
    "RDS-EVENT-0005": ("creation", "DB instance created."),
    "RDS-EVENT-0003": ("deletion", "DB instance deleted."),
    "RDS-EVENT-0013": ("failover", "Multi-AZ instance failover started."),
    "RDS-EVENT-0015": ("failover", "Multi-AZ failover to standby complete - DNS propagation may take a few minutes."),
    "RDS-EVENT-0034": ("failover", "Abandoning user requested failover since a failover recently occurred on the "
                                   "database instance."),
    "RDS-EVENT-0049": ("failover", "Multi-AZ instance failover completed."),
    "RDS-EVENT-0050": ("failover", "Multi-AZ instance activation started."),
    "RDS-EVENT-0051": ("failover", "Multi-AZ instance activation completed."),
    "RDS-EVENT-0065": ("failover", "Recovered from partial failover."),
    "RDS-EVENT-0031": ("failure", "DB instance put into [name] state. RDS recommends that you initiate a "
                                  "point-in-time-restore."),
    "RDS-EVENT-0035": ("failure", "Database instance put into [state]. [message]."),
    "RDS-EVENT-0036": ("failure", "Database instance in [state]. [message]."),
    "RDS-EVENT-0058": ("failure", "The Statspack installation failed. [message]."),
    "RDS-EVENT-0079": ("failure", "Amazon RDS has been unable to create credentials for enhanced monitoring and "
                                  "this feature has been disabled. This is likely due to the rds-monitoring-role "
                                  "not being present and configured correctly in your account. Please refer to the "
                                  "troubleshooting section in the Amazon RDS documentation for further details."),
    "RDS-EVENT-0080": ("failure", "Amazon RDS has been unable to configure enhanced monitoring on your instance: "
                                  "[name] and this feature has been disabled. This is likely due to the "
                                  "rds-monitoring-role not being present and configured correctly in your account. "
                                  "Please refer to the troubleshooting section in the Amazon RDS documentation for "
                                  "further details."),
    "RDS-EVENT-0081": ("failure", "Amazon RDS has been unable to create credentials for [name] option. This is due "
                                  "to the [name] IAM role not being configured correctly in your account. Please "
                                  "refer to the troubleshooting section in the Amazon RDS documentation for further "
                                  "details."),
    "RDS-EVENT-0165": ("failure", "The RDS Custom DB instance is outside the support perimeter."),
    "RDS-EVENT-0188": ("failure", "The DB instance is in a state that can't be upgraded. [message]"),
    "RDS-EVENT-0219": ("failure", "DB instance is in an invalid state. No actions are necessary. Autoscaling will "
                                  "retry later."),
    "RDS-EVENT-0220": ("failure", "DB instance is in the cooling-off period for a previous scale storage operation. "
                                  "We're optimizing your DB instance. This takes at least 6 hours. No actions are "
                                  "necessary. Autoscaling will retry after the cooling-off period."),
    "RDS-EVENT-0223": ("failure", "Storage autoscaling is unable to scale the storage for the reason: [reason]."),
    "RDS-EVENT-0224": ("failure", "Storage autoscaling has triggered a pending scale storage task that will reach "
                                  "or exceed the maximum storage threshold. Increase the maximum storage threshold."),
    "RDS-EVENT-0237": ("failure", "DB instance has a storage type that's currently unavailable in the Availability "
                                  "Zone. Autoscaling will retry later."),
    "RDS-EVENT-0254": ("failure", "Underlying storage quota for this customer account has exceeded the limit. "
                                  "Please increase the allowed storage quota to let the scaling go through on the "
                                  "instance."),
    "RDS-EVENT-0278": ("failure", "The DB instance creation failed. [message]"),
    "RDS-EVENT-0279": ("failure", "The promotion of the RDS Custom read replica failed. [message]"),
    "RDS-EVENT-0280": ("failure", "RDS Custom couldn't upgrade the DB instance because the pre-check failed. "
                                  "[message]"),
    "RDS-EVENT-0281": ("failure", "RDS Custom couldn't modify the DB instance because the pre-check failed. "
                                  "[message]"),
    "RDS-EVENT-0282": ("failure", "RDS Custom couldn't modify the DB instance because the Elastic IP permissions "
                                  "aren't correct. Please confirm the Elastic IP address is tagged with "
                                  "AWSRDSCustom."),
    "RDS-EVENT-0283": ("failure", "RDS Custom couldn't modify the DB instance because the Elastic IP limit has been "
                                  "reached in your account. Release unused Elastic IPs or request a quota increase "
                                  "for your Elastic IP address limit."),
    "RDS-EVENT-0284": ("failure", "RDS Custom couldn't convert the instance to high availability because the "
                                  "pre-check failed. [message]"),
    "RDS-EVENT-0285": ("failure", "RDS Custom couldn't create a final snapshot for the DB instance because "
                                  "[message]."),
    "RDS-EVENT-0007": ("low storage", "Allocated storage has been exhausted. Allocate additional storage to "
                                      "resolve."),
    "RDS-EVENT-0089": ("low storage", "The free storage capacity for DB instance: [name] is low at [percentage] of "
                                      "the provisioned storage [Provisioned Storage: [size], Free Storage: [size]]. "
                                      "You may want to increase the provisioned storage to address this issue."),
    "RDS-EVENT-0227": ("low storage", "Your Aurora cluster's storage is dangerously low with only [amount] "
                                      "terabytes remaining. Please take measures to reduce the storage load on your "
                                      "cluster."),
    "RDS-EVENT-0026": ("maintenance", "Applying off-line patches to DB instance."),
    "RDS-EVENT-0027": ("maintenance", "Finished applying off-line patches to DB instance."),
    "RDS-EVENT-0047": ("maintenance", "Database instance patched."),
    "RDS-EVENT-0155": ("maintenance", "The DB instance has a DB engine minor version upgrade available."),
    "RDS-EVENT-0264": ("maintenance", "The pre-check started for the DB engine version upgrade."),
    "RDS-EVENT-0265": ("maintenance", "The pre-check finished for the DB engine version upgrade."),
    "RDS-EVENT-0266": ("maintenance", "The downtime started for the DB instance."),
    "RDS-EVENT-0267": ("maintenance", "The engine version upgrade started."),
    "RDS-EVENT-0268": ("maintenance", "The engine version upgrade finished."),
    "RDS-EVENT-0269": ("maintenance", "The post-upgrade tasks are in progress."),
    "RDS-EVENT-0270": ("maintenance", "The DB engine version upgrade failed. The engine version upgrade rollback "
                                      "succeeded."),
    "RDS-EVENT-0044": ("notification", "[message]"),
    "RDS-EVENT-0048": ("notification", "Delaying database engine upgrade since this instance has read replicas that "
                                       "need to be upgraded first."),
    "RDS-EVENT-0054": ("notification", "[message]"),
    "RDS-EVENT-0055": ("notification", "[message]"),
    "RDS-EVENT-0056": ("notification", "[message]"),
    "RDS-EVENT-0064": ("notification", "The TDE encryption key was rotated successfully."),
    "RDS-EVENT-0084": ("notification", "Unable to convert the DB instance to Multi-AZ: [message]."),
    "RDS-EVENT-0087": ("notification", "DB instance stopped."),
    "RDS-EVENT-0088": ("notification", "DB instance started."),
    "RDS-EVENT-0154": ("notification", "DB instance is being started due to it exceeding the maximum allowed time "
                                       "being stopped."),
    "RDS-EVENT-0157": ("notification", "Unable to modify the DB instance class. [message]."),
    "RDS-EVENT-0158": ("notification", "Database instance is in a state that cannot be upgraded: [message]."),
    "RDS-EVENT-0167": ("notification", "[message]"),
    "RDS-EVENT-0189": ("notification", "The gp2 burst balance credits for the RDS database instance are low. To "
                                       "resolve this issue, reduce IOPS usage or modify your storage settings to "
                                       "enable higher performance."),
    "RDS-EVENT-0225": ("notification", "Storage size [amount] GB is approaching the maximum storage threshold "
                                       "[amount] GB. Increase the maximum storage threshold."),
    "RDS-EVENT-0231": ("notification", "Your DB instance's storage modification encountered an internal error. The "
                                       "modification request is pending and will be retried later."),
    "RDS-EVENT-0253": ("notification", "The database is using the doublewrite buffer. [message]. For more "
                                       "information see the RDS Optimized Writes for [name] documentation."),
    "RDS-EVENT-0045": ("read replica", "Replication has stopped."),
    "RDS-EVENT-0046": ("read replica", "Replication for the Read Replica resumed."),
    "RDS-EVENT-0057": ("read replica", "Replication streaming has been terminated."),
    "RDS-EVENT-0062": ("read replica", "Replication for the Read Replica has been manually stopped."),
    "RDS-EVENT-0063": ("read replica", "Replication from Non RDS instance has been reset."),
    "RDS-EVENT-0202": ("read replica", "Read replica creation failed."),
    "RDS-EVENT-0020": ("recovery", "Recovery of the DB instance has started. Recovery time will vary with the "
                                   "amount of data to be recovered."),
    "RDS-EVENT-0021": ("recovery", "Recovery of the DB instance is complete."),
    "RDS-EVENT-0023": ("recovery", "Emergent Snapshot Request: [message]."),
    "RDS-EVENT-0052": ("recovery", "Multi-AZ instance recovery started."),
    "RDS-EVENT-0053": ("recovery", "Multi-AZ instance recovery completed. Pending failover or activation."),
    "RDS-EVENT-0066": ("recovery", "Instance will be degraded while mirroring is reestablished: [message]."),
    "RDS-EVENT-0166": ("recovery", "[message]"),
    "RDS-EVENT-0019": ("restoration", "Restored from DB instance [name] to [name]."),
    "RDS-EVENT-0068": ("security", "Decrypting hsm partition password to update instance."),
    "RDS-EVENT-0230": ("security patching", "A system update is available for your DB instance. For information "
                                            "about applying updates, see 'Maintaining a DB instance' in the RDS "
                                            "User Guide."),
}


# Every category of the table (the catalog has each one), without importing the CDK-bound
# ``notify.rds_events`` into this pure-Python module.
DB_INSTANCE_EVENT_CATEGORIES: tuple[str, ...] = tuple(sorted({category for category, _ in DB_INSTANCE_EVENTS.values()}))


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
