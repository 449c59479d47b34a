"""RdsDownEvents: the seed's P0 "RDS down" as an RDS event subscription, not a metric alarm.

CloudWatch has no "instance is down" metric: when the instance is unavailable
it publishes nothing, which an alarm sees as missing data. RDS itself emits
events for that (``availability``: shutdown / restart, ``failure``: the instance
failed, ``failover``: Multi-AZ failover started / completed), and an
``aws_db_event_subscription`` delivers them to an SNS topic within seconds.

Delivery to a KMS-encrypted topic needs two grants outside this construct
(both in ``notifications.py`` / ``encryption.py``):

- the topic policy lets ``events.rds.amazonaws.com`` call ``sns:Publish``;
- the key policy lets ``events.rds.amazonaws.com`` use ``kms:GenerateDataKey*``
  and ``kms:Decrypt``; otherwise RDS drops the events silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._cdk import Construct, DbEventSubscription
from ..core.errors import MonitoringConfigError
from ..core.identity import ServiceIdentity
from ..core.naming import Naming
from ..core.databases import RDS_IDENTIFIER, RDS_IDENTIFIER_TEXT
from ..core.severity import Severity
from ..core.validation import SNS_TOPIC, require_arn, require_instance, require_one_of, require_pattern, require_tuple, require_unique

# The db-instance event categories (RDS User Guide, "DB instance events").
DB_INSTANCE_EVENT_CATEGORIES = (
    "availability",
    "backup",
    "configuration change",
    "creation",
    "deletion",
    "failover",
    "failure",
    "low storage",
    "maintenance",
    "notification",
    "read replica",
    "recovery",
    "restoration",
    "security",
    "security patching",
)
# What "RDS down" means in the seed's response table.
RDS_DOWN_CATEGORIES = ("availability", "failure", "failover")


@dataclass(frozen=True, kw_only=True, slots=True)
class RdsEventsProps:
    """Which instance's "RDS down" events go where.

    ``identity``: names and tags the subscription (``<prefix>-rds-down``).
    ``topic_arn``: the topic of the routed P0 severity (``topics.arn_for(Severity.P0)``).
    ``db_instance_identifier``: the instance (the service's shared RDS).
    ``severity``: the severity of ``topic_arn``'s topic, tagged on the subscription
    (default P0; the routed P0, e.g. P3 where non-prod routes everything to P3).
    ``event_categories``: default availability, failure, failover.

    Example::

        RdsEventsProps(identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
                       topic_arn=topics.arn_for(Severity.P0), db_instance_identifier="shared-postgres")
    """

    identity: ServiceIdentity
    topic_arn: str
    db_instance_identifier: str
    severity: Severity = Severity.P0
    event_categories: tuple[str, ...] = RDS_DOWN_CATEGORIES

    def __post_init__(self) -> None:
        require_instance("rds_events.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...)")
        require_arn("rds_events.topic_arn", self.topic_arn, SNS_TOPIC)
        require_pattern("rds_events.db_instance_identifier", self.db_instance_identifier, RDS_IDENTIFIER,
                        RDS_IDENTIFIER_TEXT)
        require_one_of("rds_events.severity", self.severity, tuple(Severity))
        object.__setattr__(
            self, "event_categories",
            require_tuple("rds_events.event_categories", self.event_categories, "db-instance event categories"),
        )
        if not self.event_categories:
            raise MonitoringConfigError(
                "rds_events.event_categories", self.event_categories, "at least one db-instance event category"
            )
        for category in self.event_categories:
            if category not in DB_INSTANCE_EVENT_CATEGORIES:
                raise MonitoringConfigError(
                    "rds_events.event_categories", category, "one of " + ", ".join(DB_INSTANCE_EVENT_CATEGORIES)
                )
        require_unique("rds_events.event_categories", self.event_categories)


class RdsDownEvents(Construct):
    """``<service>-<env>-rds-down``: RDS availability / failure / failover events of the shared instance.

    Example::

        RdsDownEvents(stack, "RdsDown", props=RdsEventsProps(
            identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
            topic_arn=topics.arn_for(Severity.P0), db_instance_identifier="shared-postgres"))
    """

    def __init__(self, scope: Construct, construct_id: str, *, props: RdsEventsProps) -> None:
        super().__init__(scope, construct_id)
        naming = Naming(props.identity)
        self.name = naming.db_event_subscription("rds-down")
        self.subscription = DbEventSubscription(
            self,
            "Subscription",
            name=self.name,
            sns_topic=props.topic_arn,
            source_type="db-instance",
            source_ids=[props.db_instance_identifier],
            event_categories=sorted(props.event_categories),
            enabled=True,
            tags=naming.tags("rds-down", "monitoring") | {"Severity": props.severity.value},
        )
