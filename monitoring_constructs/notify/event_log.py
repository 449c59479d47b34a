"""EventLog: AWS events an EventBridge rule matches, written to a log group, counted for an alarm.

An event sent straight to an SNS topic pages on every event and bypasses what alarms
share: overrides by key, severity routing, the per-topic roll-up composites ("one page
per incident"), the dashboard. So each kind of event becomes an alarm instead:

1. an EventBridge rule matches exactly the events that mean trouble and targets a
   CloudWatch Logs log group ``/aws/events/<prefix>/<kind>`` (EventBridge writes each
   matched event as one JSON log line);
2. a metric filter counts those lines (``Sum``, one datapoint a minute with events);
3. the alarm (``alarms.catalog``: ``rds-down``, ``deploy-failed``) is made by the
   ``AlarmFactory`` like every other.

Permissions. "For Lambda, Amazon SNS, Amazon SQS, and Amazon CloudWatch Logs resources,
EventBridge uses resource-based policies", and the target must not name a ``RoleArn``
(EventBridge User Guide, "Using resource-based policies for Amazon EventBridge",
"CloudWatch Logs permissions": "CloudWatch Logs must include a resource-based policy
that enables EventBridge to write to CloudWatch Logs", set with ``PutResourcePolicy``).
The policy here lets ``events.amazonaws.com`` (and ``delivery.logs.amazonaws.com``, the
second principal of the policy the EventBridge console writes for log targets) call
``logs:CreateLogStream`` and ``logs:PutLogEvents`` on this log group's streams only. It
has no ``aws:SourceArn`` / ``aws:SourceAccount`` condition: AWS documents none for this
call, and a condition on a key the request lacks would drop every event silently. A
CloudWatch Logs resource policy is per account and region, at most 10 of them
(CloudWatch Logs quotas): each EventLog uses one for all of its groups, named
``<prefix>-<name>-events``.

The log group is encrypted with the library's key like the other groups: CloudWatch Logs
encrypts with its own service principal under the ``aws:logs:arn`` encryption context,
which ``MonitoringKey`` admits for ``/aws/events/<prefix>/*``.

Example::

    log = EventLog(stack, "RdsEvents", name="rds", props=EventLogProps(
        identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
        kms_key_arn=key.arn, retention_days=30))
    log.route("Rule", kind="rds", name="orders-prod-rds-down", description="...", tags={},
              pattern={"source": ["aws.rds"]})
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._cdk import (
    CloudwatchEventRule,
    CloudwatchEventTarget,
    CloudwatchEventTargetRetryPolicy,
    CloudwatchLogGroup,
    CloudwatchLogMetricFilter,
    CloudwatchLogMetricFilterMetricTransformation,
    CloudwatchLogResourcePolicy,
    Construct,
    Fn,
)
from ..core.identity import ServiceIdentity
from ..core.naming import Naming
from ..core.validation import KMS_KEY, RETENTION_DAYS, require_arn, require_bool, require_instance, require_one_of
from ..infra.policy import Statement, policy_document, statement_blocks

# EventBridge retries a failed delivery for 24 hours by default and counts it in FailedInvocations only
# once it "failed permanently" (EventBridge User Guide, "Monitoring Amazon EventBridge"): 10 minutes and
# 5 retries make a broken path (a lost resource policy, a disabled key) page within minutes, through the
# rule's ``<kind>-events-undelivered`` alarm, while a log write throttled for a moment still gets through.
DELIVERY_RETRY_SECONDS = 600
DELIVERY_RETRIES = 5
# Who writes an EventBridge rule's events into a log group (see the module docstring).
EVENT_LOG_WRITERS = ("events.amazonaws.com", "delivery.logs.amazonaws.com")
EVENT_LOG_ACTIONS = ("logs:CreateLogStream", "logs:PutLogEvents")


@dataclass(frozen=True, kw_only=True, slots=True)
class EventLogProps:
    """Whose event log this is, its key and how long it keeps events.

    ``identity`` names and tags it (``/aws/events/<prefix>/<kind>``). ``kms_key_arn``:
    the key of the other log groups (``MonitoringKey`` admits ``/aws/events/<prefix>/*``).
    ``retention_days``: one of CloudWatch Logs' retention values (the facade passes the
    error log's). ``retain_data``: keep the log group when the stack is destroyed.

    Example::

        EventLogProps(identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
                      kms_key_arn=key.arn, retention_days=30)
    """

    identity: ServiceIdentity
    kms_key_arn: str
    retention_days: int
    retain_data: bool = False

    def __post_init__(self) -> None:
        require_instance("event_log.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...)")
        require_arn("event_log.kms_key_arn", self.kms_key_arn, KMS_KEY)
        require_one_of("event_log.retention_days", self.retention_days, RETENTION_DAYS)
        require_bool("event_log.retain_data", self.retain_data)


class EventLog(Construct):
    """Event log groups ``/aws/events/<prefix>/<kind>``, one resource policy letting EventBridge write to all of them,
    their rules and metric filters."""

    def __init__(self, scope: Construct, construct_id: str, *, name: str, props: EventLogProps) -> None:
        super().__init__(scope, construct_id)
        self.props = props
        self.naming = Naming(props.identity)
        self.namespace = self.naming.metric_namespace()
        self.groups: dict[str, CloudwatchLogGroup] = {}
        self._writers = policy_document(self, "WritersPolicy", [])
        self.policy = CloudwatchLogResourcePolicy(self, "Writers", policy_name=self.naming.resource(f"{name}-events"),
                                                  policy_document=self._writers.json)
        self.rules: list[CloudwatchEventRule] = []

    def group(self, kind: str) -> CloudwatchLogGroup:
        """The log group ``/aws/events/<prefix>/<kind>`` (made once), which EventBridge may write to."""
        if kind not in self.groups:
            self.groups[kind] = CloudwatchLogGroup(
                self, f"Group-{kind}", name=self.naming.event_log_group(kind), retention_in_days=self.props.retention_days,
                kms_key_id=self.props.kms_key_arn, skip_destroy=self.props.retain_data,
                tags=self.naming.tags(f"{kind}-events", "logging"),
            )
            self._writers.put_statement(statement_blocks([Statement(
                sid="EventBridgeWritesTheseEvents",
                actions=list(EVENT_LOG_ACTIONS),
                principals={"Service": list(EVENT_LOG_WRITERS)},
                # The groups' streams: log-group:<name>:* (PutLogEvents and CreateLogStream act on them).
                resources=[Fn.join("", [group.arn, ":*"]) for group in self.groups.values()],
            )]))
        return self.groups[kind]

    def route(self, construct_id: str, *, kind: str, name: str, description: str, pattern: Mapping[str, Any],
              tags: Mapping[str, str]) -> CloudwatchEventRule:
        """The rule ``name`` writing every event matching ``pattern`` to the ``kind`` log group (no role: see above)."""
        group = self.group(kind)
        rule = CloudwatchEventRule(self, construct_id, name=name, description=description, tags=dict(tags),
                                   event_pattern=json.dumps(pattern, separators=(",", ":")))
        CloudwatchEventTarget(self, f"{construct_id}Target", rule=rule.name, target_id="event-log",
                              arn=group.arn, depends_on=[self.policy],
                              retry_policy=CloudwatchEventTargetRetryPolicy(
                                  maximum_event_age_in_seconds=DELIVERY_RETRY_SECONDS,
                                  maximum_retry_attempts=DELIVERY_RETRIES))
        self.rules.append(rule)
        return rule

    def count(self, construct_id: str, *, kind: str, name: str, pattern: str, metric_name: str,
              value: str = "1") -> CloudwatchLogMetricFilter:
        """A metric filter ``name`` publishing ``value`` (default 1) to ``<namespace>/<metric_name>`` per line of
        ``kind`` matching ``pattern``.

        ``pattern`` is literal text, never a token: Terraform would not escape its quotes.
        No default value: a minute without events has no datapoint, which the event alarms
        treat as not breaching (``treat_missing_data = notBreaching``).
        """
        return CloudwatchLogMetricFilter(
            self, construct_id, name=name, log_group_name=self.group(kind).name, pattern=pattern,
            metric_transformation=CloudwatchLogMetricFilterMetricTransformation(
                name=metric_name, namespace=self.namespace, value=value, unit="Count"),
        )
