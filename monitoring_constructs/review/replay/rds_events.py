"""RDS DB instance events, offline: the catalog, the event EventBridge delivers, and who subscribes.

Sources (Amazon RDS User Guide):

* "Amazon RDS event categories and event messages", DB instance events table
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html), read from
  the guide's public source, awsdocs/amazon-rds-user-guide ``doc_source/USER_Events.Messages.md``
  (commit 07f207a). The live page now has a Notes column and words some messages differently;
  the categories of the events below are the same in the Korean and Japanese pages of today.
* "Overview of events for Amazon RDS" / "Example of a DB instance event"
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-cloudwatch-events.sample.html):
  the EventBridge shape (detail-type "RDS DB Instance Event", source "aws.rds", SourceType
  "DB_INSTANCE", SourceIdentifier "rds:<identifier>", resources = [the instance ARN]).
* "Subscribing to Amazon RDS event notification"
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Subscribing.html) and
  CreateEventSubscription (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateEventSubscription.html):
  "If you specify both the SourceType and SourceIds ... you are notified of all the db-instance
  events for the specified source. If you specify a SourceType but do not specify SourceIds, you
  receive notice of the events for that source type for all your RDS sources. If you don't
  specify either the SourceType or the SourceIds, you are notified of events generated from all
  RDS sources"; no EventCategories means every category.

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

# EventID -> (category, message): the DB instance events table. Bracketed words are the
# placeholders RDS fills in. Left out: RDS-EVENT-0191..0195 (Oracle time zone file), the only
# rows with two categories ("maintenance, notification", "maintenance, failure"), which one
# (category, message) pair cannot hold; none of them says whether the database is up.
DB_INSTANCE_EVENTS: Mapping[str, tuple[str, str]] = {
    "RDS-EVENT-0006": ("availability", "The DB instance restarted."),
    "RDS-EVENT-0004": ("availability", "DB instance shutdown."),
    "RDS-EVENT-0022": ("availability", "An error has occurred while restarting MySQL."),
    "RDS-EVENT-0221": ("availability", "The DB instance has reached the storage-full threshold, and the database has "
                       "been shut down. You can increase the allocated storage to address this issue."),
    "RDS-EVENT-0222": ("availability", "Free storage capacity for DB instance [instance name] is low at [percentage]% "
                       "of the allocated storage (allocated storage: [value], free storage: [value]). The database "
                       "will be shut down to prevent corruption if free storage is lower than [value]. You can "
                       "increase the allocated storage to address this issue."),
    "RDS-EVENT-0001": ("backup", "Backing up the DB instance."),
    "RDS-EVENT-0002": ("backup", "Finished DB Instance backup."),
    "RDS-EVENT-0086": ("backup", "RDS was unable to associate the option group with the database instance. Confirm "
                       "that the option group is supported on your DB instance class and configuration."),
    "RDS-EVENT-0009": ("configuration change", "The DB instance has been added to a security group."),
    "RDS-EVENT-0024": ("configuration change", "The DB instance is being converted to a Multi-AZ DB instance."),
    "RDS-EVENT-0030": ("configuration change", "The DB instance is being converted to a Single-AZ DB instance."),
    "RDS-EVENT-0012": ("configuration change", "Applying modification to database instance class."),
    "RDS-EVENT-0018": ("configuration change", "The current storage settings for this DB instance are being changed."),
    "RDS-EVENT-0011": ("configuration change", "A parameter group for this DB instance has changed."),
    "RDS-EVENT-0092": ("configuration change", "A parameter group for this DB instance has finished updating."),
    "RDS-EVENT-0028": ("configuration change", "Automatic backups for this DB instance have been disabled."),
    "RDS-EVENT-0032": ("configuration change", "Automatic backups for this DB instance have been enabled."),
    "RDS-EVENT-0033": ("configuration change", "There are [count] users that match the master user name. Users not "
                       "tied to a specific host have been reset."),
    "RDS-EVENT-0025": ("configuration change", "The DB instance has been converted to a Multi-AZ DB instance."),
    "RDS-EVENT-0029": ("configuration change", "The DB instance has been converted to a Single-AZ DB instance."),
    "RDS-EVENT-0014": ("configuration change", "The DB instance class for this DB instance has changed."),
    "RDS-EVENT-0017": ("configuration change", "The storage settings for this DB instance have changed."),
    "RDS-EVENT-0010": ("configuration change", "The DB instance has been removed from a security group."),
    "RDS-EVENT-0016": ("configuration change", "The master password for the DB instance has been reset."),
    "RDS-EVENT-0067": ("configuration change", "An attempt to reset the master password for the DB instance has "
                       "failed."),
    "RDS-EVENT-0078": ("configuration change", "The Enhanced Monitoring configuration has been changed."),
    "RDS-EVENT-0217": ("configuration change", "Applying autoscaling-initiated modification to allocated storage."),
    "RDS-EVENT-0218": ("configuration change", "Finished applying autoscaling-initiated modification to allocated "
                       "storage."),
    "RDS-EVENT-0005": ("creation", "DB instance created."),
    "RDS-EVENT-0003": ("deletion", "The DB instance has been deleted."),
    "RDS-EVENT-0013": ("failover", "A Multi-AZ failover that resulted in the promotion of a standby instance has "
                       "started."),
    "RDS-EVENT-0015": ("failover", "A Multi-AZ failover that resulted in the promotion of a standby instance is "
                       "complete. It may take several minutes for the DNS to transfer to the new primary DB "
                       "instance."),
    "RDS-EVENT-0034": ("failover", "Amazon RDS is not attempting a requested failover because a failover recently "
                       "occurred on the DB instance."),
    "RDS-EVENT-0049": ("failover", "A Multi-AZ failover has completed."),
    "RDS-EVENT-0050": ("failover", "A Multi-AZ activation has started after a successful instance recovery."),
    "RDS-EVENT-0051": ("failover", "A Multi-AZ activation is complete. Your database should be accessible now."),
    "RDS-EVENT-0065": ("failover", "The instance has recovered from a partial failover."),
    "RDS-EVENT-0031": ("failure", "The DB instance has failed due to an incompatible configuration or an underlying "
                       "storage issue. Begin a point-in-time-restore for the DB instance."),
    "RDS-EVENT-0035": ("failure", "The DB instance has invalid parameters. For example, if the DB instance could not "
                       "start because a memory-related parameter is set too high for this instance class, the "
                       "customer action would be to modify the memory parameter and reboot the DB instance."),
    "RDS-EVENT-0036": ("failure", "The DB instance is in an incompatible network. Some of the specified subnet IDs "
                       "are invalid or do not exist."),
    "RDS-EVENT-0058": ("failure", "Error while creating Statspack user account PERFSTAT. Drop the account before you "
                       "add the Statspack option."),
    "RDS-EVENT-0079": ("failure", "Enhanced Monitoring cannot be enabled without the enhanced monitoring IAM role."),
    "RDS-EVENT-0080": ("failure", "Enhanced Monitoring was disabled due to an error making the configuration change. "
                       "It is likely that the enhanced monitoring IAM role is configured incorrectly."),
    "RDS-EVENT-0081": ("failure", "The IAM role that you use to access your Amazon S3 bucket for SQL Server native "
                       "backup and restore is configured incorrectly."),
    "RDS-EVENT-0165": ("failure", "The RDS Custom DB instance is outside the support perimeter."),
    "RDS-EVENT-0188": ("failure", "Amazon RDS was unable to upgrade a MySQL DB instance from version 5.7 to version "
                       "8.0 because of incompatibilities related to the data dictionary. The DB instance was rolled "
                       "back to MySQL version 5.7."),
    "RDS-EVENT-0219": ("failure", "The DB instance is in an invalid state. No actions are necessary. Autoscaling will "
                       "retry later."),
    "RDS-EVENT-0220": ("failure", "The DB instance is in the cooling-off period for a previous scale storage "
                       "operation. We are optimizing your instance. This takes at least six hours. No actions are "
                       "necessary. Autoscaling will retry after the cooling-off period."),
    "RDS-EVENT-0223": ("failure", "Storage autoscaling is unable to scale the storage for the reason: [reason]."),
    "RDS-EVENT-0224": ("failure", "Storage autoscaling has triggered a pending scale storage task that would reach "
                       "the maximum storage threshold. Increase the maximum storage threshold."),
    "RDS-EVENT-0237": ("failure", "The DB instance has a storage type that's currently unavailable in the "
                       "Availability Zone. Autoscaling will retry later."),
    "RDS-EVENT-0254": ("failure", "The storage for your AWS account has exceeded the allowed storage quota. Increase "
                       "the quota to let the autoscaling operation proceed."),
    "RDS-EVENT-0007": ("low storage", "The allocated storage for the DB instance has been consumed. To resolve this "
                       "issue, allocate additional storage for the DB instance. You can monitor the storage space "
                       "for a DB instance using the Free Storage Space metric."),
    "RDS-EVENT-0089": ("low storage", "The DB instance has consumed more than 90% of its allocated storage. You can "
                       "monitor the storage space for a DB instance using the Free Storage Space metric."),
    "RDS-EVENT-0227": ("low storage", "The Aurora storage subsystem is running low on space."),
    "RDS-EVENT-0026": ("maintenance", "Offline maintenance of the DB instance is taking place. The DB instance is "
                       "currently unavailable."),
    "RDS-EVENT-0027": ("maintenance", "Offline maintenance of the DB instance is complete. The DB instance is now "
                       "available."),
    "RDS-EVENT-0047": ("maintenance", "The DB instance was patched."),
    "RDS-EVENT-0155": ("maintenance", "The DB instance has a DB engine minor version upgrade required."),
    "RDS-EVENT-0044": ("notification", "Operator-issued notification. For more information, see the event message."),
    "RDS-EVENT-0048": ("notification", "Patching of the DB instance has been delayed."),
    "RDS-EVENT-0054": ("notification", "The MySQL storage engine you are using is not InnoDB, which is the "
                       "recommended MySQL storage engine for Amazon RDS."),
    "RDS-EVENT-0055": ("notification", "The number of tables you have for your DB instance exceeds the recommended "
                       "best practices for Amazon RDS. Reduce the number of tables on your DB instance."),
    "RDS-EVENT-0056": ("notification", "The number of databases you have for your DB instance exceeds the "
                       "recommended best practices for Amazon RDS. Reduce the number of databases on your DB "
                       "instance."),
    "RDS-EVENT-0064": ("notification", "The TDE key has been rotated."),
    "RDS-EVENT-0084": ("notification", "You attempted to convert a DB instance to Multi-AZ, but it contains in-memory "
                       "file groups that are not supported for Multi-AZ."),
    "RDS-EVENT-0087": ("notification", "The DB instance has been stopped."),
    "RDS-EVENT-0088": ("notification", "The DB instance has been started."),
    "RDS-EVENT-0154": ("notification", "The DB instance is being started due to it exceeding the maximum allowed time "
                       "being stopped."),
    "RDS-EVENT-0157": ("notification", "RDS can't modify the DB instance class because the target instance class "
                       "can't support the number of databases that exist on the source DB instance."),
    "RDS-EVENT-0158": ("notification", "DB instance is in a state that can't be upgraded."),
    "RDS-EVENT-0167": ("notification", "The RDS Custom support perimeter configuration has changed."),
    "RDS-EVENT-0189": ("notification", "The gp2 burst balance credits for the RDS database instance are low. To "
                       "resolve this issue, reduce IOPS usage or modify your storage settings to enable higher "
                       "performance."),
    "RDS-EVENT-0225": ("notification", "Storage size [value] GB is approaching the maximum storage threshold [value] "
                       "GB. This event is invoked when storage reaches 80% of the maximum storage threshold. To "
                       "avoid the event, increase the maximum storage threshold."),
    "RDS-EVENT-0231": ("notification", "Your DB instance's storage modification encountered an internal error. The "
                       "modification request is pending and will be retried later."),
    "RDS-EVENT-0253": ("notification", "The database is using the doublewrite buffer. RDS Optimized Writes is "
                       "incompatible with the instance storage configuration."),
    "RDS-EVENT-0045": ("read replica", "An error has occurred in the read replication process. For more information, "
                       "see the event message."),
    "RDS-EVENT-0046": ("read replica", "The read replica has resumed replication."),
    "RDS-EVENT-0057": ("read replica", "Replication on the read replica was terminated."),
    "RDS-EVENT-0062": ("read replica", "Replication on the read replica was manually stopped."),
    "RDS-EVENT-0063": ("read replica", "Replication on the read replica was reset."),
    "RDS-EVENT-0202": ("read replica", "Read replica creation failed."),
    "RDS-EVENT-0020": ("recovery", "Recovery of the DB instance has started. Recovery time will vary with the amount "
                       "of data to be recovered."),
    "RDS-EVENT-0021": ("recovery", "Recovery of the DB instance is complete."),
    "RDS-EVENT-0023": ("recovery", "A manual backup has been requested but Amazon RDS is currently in the process of "
                       "creating a DB snapshot. Submit the request again after Amazon RDS has completed the DB "
                       "snapshot."),
    "RDS-EVENT-0052": ("recovery", "Recovery of the Multi-AZ instance has started. Recovery time will vary with the "
                       "amount of data to be recovered."),
    "RDS-EVENT-0053": ("recovery", "Recovery of the Multi-AZ instance is complete."),
    "RDS-EVENT-0066": ("recovery", "The SQL Server DB instance is re-establishing its mirror. Performance will be "
                       "degraded until the mirror is reestablished."),
    "RDS-EVENT-0166": ("recovery", "The RDS Custom DB instance is inside the support perimeter."),
    "RDS-EVENT-0019": ("restoration", "The DB instance has been restored from a point-in-time backup."),
    "RDS-EVENT-0043": ("restoration", "Restored from snapshot [snapshot_name]. The DB instance has been restored from "
                       "a DB snapshot."),
    "RDS-EVENT-0068": ("security", "RDS is decrypting the CloudHSM partition password to make updates to the "
                       "instance."),
    "RDS-EVENT-0230": ("security patching", "The operating system update is available for your DB instance."),
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
    type (CreateEventSubscription: "If SourceIds are supplied, SourceType must also be
    provided"), or a category that db-instance events do not have.
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
