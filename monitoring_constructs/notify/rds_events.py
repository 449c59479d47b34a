"""RdsDownEvents: the seed's P0 "RDS down" as an alarm on the shared instance's RDS events.

CloudWatch has no "instance is down" metric: while the instance is unavailable it
publishes nothing, which an alarm sees as missing data. RDS itself emits events for that,
and sends them to EventBridge as detail-type ``RDS DB Instance Event`` (source
``aws.rds``) with ``detail.EventID`` and the instance's ARN in ``resources`` (RDS User
Guide, "Creating a rule that triggers on an Amazon RDS event", its example event).

Which events. The RDS *categories* do not say "down": ``availability`` holds RDS-EVENT-0006
"DB instance restarted." (a routine reboot, and a report that the instance is back), while
offline maintenance (0026, ``maintenance``), a stopped instance (0087, ``notification``) and
exhausted storage (0007, ``low storage``) are elsewhere. So the rule matches event IDs:
``RDS_DOWN_EVENT_IDS``, each from ``DB_INSTANCE_EVENTS`` (RDS User Guide, "Amazon RDS event
categories and event messages", DB instance events), the events that say the database is
down or will be. Completions (failover complete 0015/0049, activation complete 0051, offline
patches finished 0027, started 0088) and 0006 are left out: they report recovery.

The path (``notify/event_log.py``): an EventBridge rule writes the matching events to
``/aws/events/<prefix>/rds``, a metric filter counts them, and the ``rds-down`` alarm
(``alarms.catalog.RDS_DOWN_ALARM``: P0, Sum > 0, 1 of 15 one-minute periods) fires on the
first one and stays in ALARM until 15 minutes pass without another. Its OK means "no such
event for 15 minutes", not "the instance is back" (a stopped instance sends 0087 once): the
description says so. No SNS topic policy or key grant for ``events.rds.amazonaws.com`` is
needed any more: the alarm notifies like every other alarm.

Example::

    RdsDownEvents(stack, "RdsDown", alarms=factory, props=RdsEventsProps(
        identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
        db_instance_identifier="shared-postgres", kms_key_arn=key.arn))
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

from .._cdk import Construct, Fn
from ..alarms.catalog import RDS_DOWN_ALARM
from ..alarms.factory import AlarmFactory, CreatedAlarm
from ..core.databases import RDS_IDENTIFIER, RDS_IDENTIFIER_TEXT
from ..core.errors import MonitoringConfigError
from ..core.identity import ServiceIdentity
from ..core.severity import Severity
from ..core.validation import KMS_KEY, RETENTION_DAYS, require_arn, require_bool, require_instance, require_one_of
from ..core.validation import require_pattern, require_tuple, require_unique
from ..infra.account import AccountContext
from .event_log import EventLog, EventLogProps

EVENT_SOURCE = "aws.rds"
DETAIL_TYPE = "RDS DB Instance Event"
# DB instance events: ID -> (category, message, shortened), from the RDS User Guide, "Amazon RDS event
# categories and event messages", section "DB instance events". The IDs event_ids may name.
DB_INSTANCE_EVENTS: dict[str, tuple[str, str]] = {
    "RDS-EVENT-0001": ("backup", "Backing up DB instance."),
    "RDS-EVENT-0002": ("backup", "Finished DB instance backup."),
    "RDS-EVENT-0003": ("deletion", "DB instance deleted."),
    "RDS-EVENT-0004": ("availability", "DB instance shutdown."),
    "RDS-EVENT-0005": ("creation", "DB instance created."),
    "RDS-EVENT-0006": ("availability", "DB instance restarted."),
    "RDS-EVENT-0007": ("low storage", "Allocated storage has been exhausted."),
    "RDS-EVENT-0013": ("failover", "Multi-AZ instance failover started."),
    "RDS-EVENT-0015": ("failover", "Multi-AZ failover to standby complete."),
    "RDS-EVENT-0022": ("availability", "Error restarting mysql."),
    "RDS-EVENT-0026": ("maintenance", "Applying off-line patches to DB instance (currently unavailable)."),
    "RDS-EVENT-0027": ("maintenance", "Finished applying off-line patches to DB instance."),
    "RDS-EVENT-0031": ("failure", "DB instance put into failed state."),
    "RDS-EVENT-0034": ("failover", "Abandoning user requested failover."),
    "RDS-EVENT-0035": ("failure", "Database instance put into a state it cannot start from (invalid parameters)."),
    "RDS-EVENT-0036": ("failure", "Database instance in an incompatible network."),
    "RDS-EVENT-0049": ("failover", "Multi-AZ instance failover completed."),
    "RDS-EVENT-0050": ("failover", "Multi-AZ instance activation started."),
    "RDS-EVENT-0051": ("failover", "Multi-AZ instance activation completed."),
    "RDS-EVENT-0065": ("failover", "Recovered from partial failover."),
    "RDS-EVENT-0087": ("notification", "DB instance stopped."),
    "RDS-EVENT-0088": ("notification", "DB instance started."),
    "RDS-EVENT-0089": ("low storage", "The free storage capacity is low (over 90% used)."),
    "RDS-EVENT-0154": ("notification", "DB instance is being started after the maximum time stopped."),
    "RDS-EVENT-0221": ("availability", "Storage-full threshold reached, and the database has been shut down."),
    "RDS-EVENT-0222": ("availability", "Free storage low: the database will be shut down below a threshold."),
    "RDS-EVENT-0266": ("maintenance", "The downtime started for the DB instance."),
    "RDS-EVENT-0330": ("availability", "Dedicated log volume storage too low: the database will be shut down."),
    "RDS-EVENT-0418": ("failure", "RDS cannot access the KMS key; if this continues the database becomes inaccessible."),
    "RDS-EVENT-0419": ("availability", "RDS cannot access the KMS key: the database will be placed into an inaccessible state."),
}
# "The database is down or about to be": what pages P0.
RDS_DOWN_EVENT_IDS: tuple[str, ...] = (
    "RDS-EVENT-0003",  # deleted
    "RDS-EVENT-0004",  # shut down
    "RDS-EVENT-0007",  # storage exhausted
    "RDS-EVENT-0013",  # Multi-AZ failover started (down until it completes)
    "RDS-EVENT-0022",  # restart failed
    "RDS-EVENT-0026",  # offline maintenance: currently unavailable
    "RDS-EVENT-0031",  # failed
    "RDS-EVENT-0035",  # cannot start (invalid parameters)
    "RDS-EVENT-0036",  # incompatible network
    "RDS-EVENT-0087",  # stopped
    "RDS-EVENT-0221",  # storage full: shut down
    "RDS-EVENT-0222",  # storage low: will be shut down
    "RDS-EVENT-0266",  # downtime started (engine upgrade)
    "RDS-EVENT-0330",  # log volume full: will be shut down
    "RDS-EVENT-0418",  # KMS key unreachable: will become inaccessible
    "RDS-EVENT-0419",  # KMS key unreachable: being made inaccessible
)
# Event categories were the old way to choose events; kept for the error that points to event_ids.
DB_INSTANCE_EVENT_CATEGORIES = tuple(sorted({category for category, _ in DB_INSTANCE_EVENTS.values()}))


@dataclass(frozen=True, kw_only=True, slots=True)
class RdsEventsProps:
    """Which instance's "RDS down" events make the ``rds-down`` alarm, and their log group.

    ``identity``: names and tags the rule, log group and filter (``<prefix>-rds-down``,
    ``/aws/events/<prefix>/rds``). ``db_instance_identifier``: the instance (the service's
    shared RDS). ``kms_key_arn``: the key of the other log groups. ``retention_days``
    (default 30) and ``retain_data`` (default False) as for the other log groups.
    ``event_ids``: default ``RDS_DOWN_EVENT_IDS``; each one of ``DB_INSTANCE_EVENTS``.
    The alarm's severity is routed by the factory (P0; ``alarm_overrides["rds-down"]``
    changes it like any alarm's).

    Deprecated: ``topic_arn`` and ``severity`` are ignored with a DeprecationWarning (the
    alarm notifies the routed topic of its severity); ``event_categories`` is refused,
    since categories mix "restarted" with "shut down": name ``event_ids``.

    Example::

        RdsEventsProps(identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
                       db_instance_identifier="shared-postgres", kms_key_arn=key.arn)
    """

    identity: ServiceIdentity
    db_instance_identifier: str
    kms_key_arn: str
    retention_days: int = 30
    retain_data: bool = False
    event_ids: tuple[str, ...] = RDS_DOWN_EVENT_IDS
    topic_arn: str | None = None
    severity: Severity | None = None
    event_categories: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        require_instance("rds_events.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...)")
        require_pattern("rds_events.db_instance_identifier", self.db_instance_identifier, RDS_IDENTIFIER,
                        RDS_IDENTIFIER_TEXT)
        require_arn("rds_events.kms_key_arn", self.kms_key_arn, KMS_KEY)
        require_one_of("rds_events.retention_days", self.retention_days, RETENTION_DAYS)
        require_bool("rds_events.retain_data", self.retain_data)
        if self.event_categories is not None:
            raise MonitoringConfigError(
                "rds_events.event_categories", self.event_categories,
                "None: name event_ids instead (category availability includes RDS-EVENT-0006, a routine restart; "
                "the default RDS_DOWN_EVENT_IDS are the events that say the instance is down)",
            )
        for name in ("topic_arn", "severity"):
            if getattr(self, name) is not None:
                warnings.warn(f"RdsEventsProps.{name} is deprecated and ignored: the rds-down alarm notifies the "
                              "routed topic of its severity (alarm_overrides['rds-down'] changes it)",
                              DeprecationWarning, stacklevel=3)
        ids = require_tuple("rds_events.event_ids", self.event_ids, "RDS DB instance event IDs")
        object.__setattr__(self, "event_ids", ids)
        if not ids:
            raise MonitoringConfigError("rds_events.event_ids", ids, "at least one RDS DB instance event ID")
        for event_id in ids:
            if event_id not in DB_INSTANCE_EVENTS:
                raise MonitoringConfigError("rds_events.event_ids", event_id,
                                            "one of the DB instance events " + ", ".join(DB_INSTANCE_EVENTS))
        require_unique("rds_events.event_ids", ids)


class RdsDownEvents(Construct):
    """``<service>-<env>-rds-down``: the rule, event log, filter and alarm of the shared instance's "down" events.

    ``alarm`` is the factory's ``rds-down`` alarm (None when overridden off: then no rule
    or log group is made either).

    Example::

        RdsDownEvents(stack, "RdsDown", alarms=factory, props=RdsEventsProps(
            identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
            db_instance_identifier="shared-postgres", kms_key_arn=key.arn))
    """

    def __init__(self, scope: Construct, construct_id: str, *, props: RdsEventsProps, alarms: AlarmFactory) -> None:
        super().__init__(scope, construct_id)
        self.log: EventLog | None = None
        self.alarm: CreatedAlarm | None = None
        if not alarms.enabled(RDS_DOWN_ALARM.key):
            return
        log = self.log = EventLog(self, "Log", name="rds", props=EventLogProps(
            identity=props.identity, kms_key_arn=props.kms_key_arn, retention_days=props.retention_days,
            retain_data=props.retain_data))
        naming = log.naming
        instance_arn = AccountContext.of(self).arn("rds", props.identity.region,
                                                   Fn.join("", ["db:", props.db_instance_identifier]))
        self.name = naming.event_rule("rds-down")
        self.rule = log.route("Rule", kind="rds", name=self.name, tags=naming.tags("rds-down", "monitoring"),
                              description=f"RDS down events of DB instance {props.db_instance_identifier}",
                              pattern={"source": [EVENT_SOURCE], "detail-type": [DETAIL_TYPE],
                                       "resources": [instance_arn], "detail": {"EventID": list(props.event_ids)}})
        log.count("Filter", kind="rds", name=naming.metric_filter("rds-down"), pattern=f'{{ $.source = "{EVENT_SOURCE}" }}',
                  metric_name=RDS_DOWN_ALARM.metric_name)
        self.alarm = alarms.create(self, replace(RDS_DOWN_ALARM, namespace=log.namespace), dimensions={})
