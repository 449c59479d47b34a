"""EcsDeploymentEvents: a failed ECS deployment becomes the ``deploy-failed`` alarm of its service.

No CloudWatch metric counts failed deployments. ECS sends an EventBridge event,
detail-type ``ECS Deployment State Change`` with ``eventName``
``SERVICE_DEPLOYMENT_FAILED``, when "a service deployment did not reach the steady
state ... when a CloudWatch alarm is triggered or the circuit breaker detects a
service deployment failure" (Amazon ECS Developer Guide, "Amazon ECS service
deployment state change events"); its ``resources`` hold the service's ARN. So the
event exists only for services with the deployment circuit breaker (or deployment
alarms) on: ``EcsServiceTarget.deployment_circuit_breaker`` must say so, or the
service gets no alarm that could never fire. The provider's ``aws_ecs_service`` data
source exposes no deployment settings (its attributes: arn, desired_count,
launch_type, scheduling_strategy, task_definition, tags), so this cannot be checked
at plan time.

The path (``notify/event_log.py``): one rule per service writes its failed
deployments to ``/aws/events/<prefix>/deployments[-<n>]``, a metric filter counts
them, and the ``deploy-failed[-<n>]`` alarm
(``alarms.catalog.DEPLOY_FAILED_ALARM``, severity ``deployment_failures``) fires on
the first and stays in ALARM for 15 minutes after the last. It notifies like every
alarm, so no topic policy, execution role or key grant for EventBridge is needed.

Example::

    events = EcsDeploymentEvents(stack, "DeploymentEvents", alarms=factory, props=EcsDeploymentEventsProps(
        identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
        kms_key_arn=key.arn))
    events.add(EcsServiceTarget(cluster_name="main", service_name="orders", deployment_circuit_breaker=True))
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

from .._cdk import Construct, Fn
from ..alarms.catalog import DEPLOY_EVENTS_UNDELIVERED_ALARM, DEPLOY_FAILED_ALARM
from ..alarms.factory import AlarmFactory, CreatedAlarm
from ..core.identity import ServiceIdentity
from ..core.targets import EcsServiceTarget
from ..core.validation import KMS_KEY, RETENTION_DAYS, require_arn, require_bool, require_instance, require_one_of
from ..infra.account import AccountContext
from .event_log import EventLog, EventLogProps

KEY = DEPLOY_FAILED_ALARM.key
EVENT_SOURCE = "aws.ecs"
DETAIL_TYPE = "ECS Deployment State Change"
FAILED = "SERVICE_DEPLOYMENT_FAILED"


@dataclass(frozen=True, kw_only=True, slots=True)
class EcsDeploymentEventsProps:
    """Whose rules these are, and the key and retention of their event log.

    ``identity`` names and tags the rules, filters and alarms (``<prefix>-deploy-failed[-<n>]``)
    and gives the region of the services' ARNs. ``kms_key_arn``: the key of the other log
    groups. ``retention_days`` (default 30) and ``retain_data`` (default False) as for the
    other log groups. ``routing`` is deprecated and ignored: the alarm factory routes.

    Example::

        EcsDeploymentEventsProps(identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
                                 kms_key_arn=key.arn)
    """

    identity: ServiceIdentity
    kms_key_arn: str
    retention_days: int = 30
    retain_data: bool = False
    routing: object | None = None

    def __post_init__(self) -> None:
        require_instance("deployment_events.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...)")
        require_arn("deployment_events.kms_key_arn", self.kms_key_arn, KMS_KEY)
        require_one_of("deployment_events.retention_days", self.retention_days, RETENTION_DAYS)
        require_bool("deployment_events.retain_data", self.retain_data)
        if self.routing is not None:
            warnings.warn("EcsDeploymentEventsProps.routing is deprecated and ignored: the deploy-failed alarm is "
                          "routed by the AlarmFactory", DeprecationWarning, stacklevel=3)


class EcsDeploymentEvents(Construct):
    """``<service>-<env>-deploy-failed[-<n>]``: one rule, log group, filter and alarm per ECS service.

    ``alarms`` holds what ``add`` created; a service without ``deployment_failures`` or
    without ``deployment_circuit_breaker=True`` gets nothing, and so does every service
    when ``alarm_overrides["deploy-failed"]`` turns it off.
    """

    def __init__(self, scope: Construct, construct_id: str, *, props: EcsDeploymentEventsProps,
                 alarms: AlarmFactory) -> None:
        super().__init__(scope, construct_id)
        self._props = props
        self._factory = alarms
        self._account = AccountContext.of(self)
        self.log: EventLog | None = None
        self.alarms: list[CreatedAlarm] = []
        self._count = 0

    def add(self, service: EcsServiceTarget) -> CreatedAlarm | None:
        """The ``deploy-failed`` alarm of ``service``'s failed deployments, at its ``deployment_failures`` severity."""
        severity = service.deployment_failures
        if severity is None or not service.deployment_circuit_breaker or not self._factory.enabled(KEY):
            return None
        if self.log is None:
            self.log = EventLog(self, "Log", name="deployments", props=EventLogProps(
                identity=self._props.identity, kms_key_arn=self._props.kms_key_arn,
                retention_days=self._props.retention_days, retain_data=self._props.retain_data))
        log, naming = self.log, self.log.naming
        self._count += 1
        index = self._count
        member = None if index == 1 else index
        suffix = KEY if member is None else f"{KEY}-{member}"
        service_arn = self._account.arn("ecs", self._props.identity.region,
                                        Fn.join("", ["service/", service.cluster_name, "/", service.service_name]))
        # A log group per service: a filter pattern must be literal, so it cannot name a service's ARN token.
        kind = "deployments" if member is None else f"deployments-{member}"
        log.route(f"Rule{index}", kind=kind, name=naming.event_rule(suffix), tags=naming.tags(suffix, "monitoring"),
                  description=f"Failed deployments of ECS service {service.service_name}",
                  pattern={"source": [EVENT_SOURCE], "detail-type": [DETAIL_TYPE], "resources": [service_arn],
                           "detail": {"eventName": [FAILED]}})
        metric_name = DEPLOY_FAILED_ALARM.metric_name if member is None else f"{DEPLOY_FAILED_ALARM.metric_name}{index}"
        log.count(f"Filter{index}", kind=kind, name=naming.metric_filter(suffix), metric_name=metric_name,
                  pattern=f'{{ $.detail.eventName = "{FAILED}" }}')
        spec = replace(DEPLOY_FAILED_ALARM, severity=severity, namespace=log.namespace, metric_name=metric_name)
        created = self._factory.create(self, spec, dimensions={}, member=member)
        # A rule that cannot write its events leaves deploy-failed silent: its delivery failures notify instead.
        self._factory.create(self, replace(DEPLOY_EVENTS_UNDELIVERED_ALARM, severity=severity),
                             dimensions={"RuleName": naming.event_rule(suffix)}, member=member)
        if created is not None:
            self.alarms.append(created)
        return created
