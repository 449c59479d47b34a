"""The RDS DB instance events AWS documents: ID -> (category, message), in one table.

Plain data: ``notify.rds_events`` picks the IDs that mean "the database is down" from it, and the
incident replay (``review.replay.rds_events``) builds the events a scenario sends.

Source: Amazon RDS User Guide, "Amazon RDS event categories and event messages", DB instance events
(https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html), read from the
guide's public source, awsdocs/amazon-rds-user-guide ``doc_source/USER_Events.Messages.md`` at its
last version (50e7617, 2023-06-10); the rows the live page added since are marked below.

Example::

    DB_INSTANCE_EVENTS["RDS-EVENT-0006"]  # ("availability", "DB instance restarted.")
"""

from __future__ import annotations

from collections.abc import Mapping

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
    # Rows of the live page added after that version (RDS User Guide, "Amazon RDS event categories and
    # event messages", DB instance events), each read there:
    "RDS-EVENT-0330": ("availability", "Dedicated log volume storage too low: the database will be shut down."),
    "RDS-EVENT-0418": ("failure", "RDS cannot access the KMS key; if this continues the database becomes inaccessible."),
    "RDS-EVENT-0419": ("availability", "RDS cannot access the KMS key: the database will be placed into an inaccessible state."),
}

# Every category of the table.
DB_INSTANCE_EVENT_CATEGORIES: tuple[str, ...] = tuple(sorted({category for category, _ in DB_INSTANCE_EVENTS.values()}))

__all__ = ["DB_INSTANCE_EVENTS", "DB_INSTANCE_EVENT_CATEGORIES"]
