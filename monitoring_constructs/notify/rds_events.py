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
down or will be, and ``RDS_BACK_EVENT_IDS``, those that report it back (restarted 0006,
failover complete 0015/0049, offline patches finished 0027, started 0088).

The path (``notify/event_log.py``): an EventBridge rule writes both kinds to
``/aws/events/<prefix>/rds``; one metric filter publishes 1 per down event, another 0 per back
event, to the same metric; the ``rds-down`` alarm (``alarms.catalog.RDS_DOWN_ALARM``: P0,
Maximum > 0 over one minute, missing data ignored) goes into ALARM on the first down event and
stays there, whatever time passes without events, until a back event: one incident, and its
OK means the instance is back. No SNS topic policy or key grant for ``events.rds.amazonaws.com``
is needed: the alarm notifies like every other alarm.

Example::

    RdsDownEvents(stack, "RdsDown", alarms=factory, props=RdsEventsProps(
        identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
        db_instance_identifier="shared-postgres", kms_key_arn=key.arn))
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

from .._cdk import Construct, Fn
from ..alarms.catalog import RDS_DOWN_ALARM, RDS_EVENTS_UNDELIVERED_ALARM
from ..alarms.factory import AlarmFactory, CreatedAlarm
from ..core.databases import RDS_IDENTIFIER, RDS_IDENTIFIER_TEXT
from ..core.errors import MonitoringConfigError
from ..core.rds_events import DB_INSTANCE_EVENTS
from ..core.identity import ServiceIdentity
from ..core.severity import Severity
from ..core.validation import KMS_KEY, RETENTION_DAYS, require_arn, require_bool, require_instance, require_one_of
from ..core.validation import require_pattern, require_tuple, require_unique
from ..infra.account import AccountContext
from .event_log import EventLog, EventLogProps

EVENT_SOURCE = "aws.rds"
DETAIL_TYPE = "RDS DB Instance Event"
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
# "The database is back": what ends an rds-down incident.
RDS_BACK_EVENT_IDS: tuple[str, ...] = (
    "RDS-EVENT-0006",  # restarted
    "RDS-EVENT-0015",  # Multi-AZ failover to standby complete
    "RDS-EVENT-0027",  # offline patches finished
    "RDS-EVENT-0049",  # Multi-AZ failover completed
    "RDS-EVENT-0088",  # started
)


@dataclass(frozen=True, kw_only=True, slots=True)
class RdsEventsProps:
    """Which instance's "RDS down" events make the ``rds-down`` alarm, and their log group.

    ``identity``: names and tags the rule, log group and filter (``<prefix>-rds-down``,
    ``/aws/events/<prefix>/rds``). ``db_instance_identifier``: the instance (the service's
    shared RDS). ``kms_key_arn``: the key of the other log groups. ``retention_days``
    (default 30) and ``retain_data`` (default False) as for the other log groups.
    ``event_ids`` (default ``RDS_DOWN_EVENT_IDS``) put the alarm into ALARM, ``back_event_ids``
    (default ``RDS_BACK_EVENT_IDS``) end it; each one of ``DB_INSTANCE_EVENTS``, none in both.
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
    back_event_ids: tuple[str, ...] = RDS_BACK_EVENT_IDS
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
        for name in ("event_ids", "back_event_ids"):
            ids = require_tuple(f"rds_events.{name}", getattr(self, name), "RDS DB instance event IDs")
            object.__setattr__(self, name, ids)
            if not ids:
                raise MonitoringConfigError(f"rds_events.{name}", ids, "at least one RDS DB instance event ID")
            for event_id in ids:
                if event_id not in DB_INSTANCE_EVENTS:
                    raise MonitoringConfigError(f"rds_events.{name}", event_id,
                                                "one of the DB instance events " + ", ".join(sorted(DB_INSTANCE_EVENTS)))
            require_unique(f"rds_events.{name}", ids)
        both = sorted(set(self.event_ids) & set(self.back_event_ids))
        if both:
            raise MonitoringConfigError("rds_events.back_event_ids", both[0],
                                        "events that are not also in event_ids (an event is down or back, not both)")


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
        self.undelivered: CreatedAlarm | None = None  # EventBridge could not write the events (rds-events-undelivered)
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
                                       "resources": [instance_arn],
                                       "detail": {"EventID": [*props.event_ids, *props.back_event_ids]}})
        log.count("Filter", kind="rds", name=naming.metric_filter("rds-down"), pattern=_any_event(props.event_ids),
                  metric_name=RDS_DOWN_ALARM.metric_name)
        log.count("BackFilter", kind="rds", name=naming.metric_filter("rds-back"), pattern=_any_event(props.back_event_ids),
                  metric_name=RDS_DOWN_ALARM.metric_name, value="0")
        self.alarm = alarms.create(self, replace(RDS_DOWN_ALARM, namespace=log.namespace), dimensions={})
        # A rule that cannot write its events leaves rds-down silent: its delivery failures page instead.
        self.undelivered = alarms.create(self, RDS_EVENTS_UNDELIVERED_ALARM, dimensions={"RuleName": self.name})


def _any_event(event_ids: tuple[str, ...]) -> str:
    """``{ $.detail.EventID = "RDS-EVENT-0004" || ... }``: a metric filter pattern matching these events' lines
    (CloudWatch Logs User Guide, "Using filter patterns to match terms in JSON log events")."""
    return "{ " + " || ".join(f'$.detail.EventID = "{event_id}"' for event_id in event_ids) + " }"
