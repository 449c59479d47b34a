"""How ``ServiceMonitoring`` turns ``MonitoringSettings`` into the small props of each construct.

Constructs never read ``MonitoringSettings``: each takes frozen props with what it
needs (``core/identity.py``'s ``ServiceIdentity`` for names and tags, ``AlertRouting``
for where alarms go, and its own values). This module is the one place that knows
which setting feeds which prop; a construct used alone gets its props from the caller.

Example::

    LogGroups(stack, "Logs", props=props_from_settings.log_groups(settings, kms_key_arn=key.arn))
"""

from __future__ import annotations

from collections.abc import Mapping

from .alarms.composite import ServiceHealthAlarmProps
from .alarms.factory import AlarmFactoryProps
from .alarms.standard import StandardAlarmsProps
from .core.errors import MonitoringConfigError
from .core.settings import MonitoringSettings
from .core.severity import Severity
from .notify.chatbot import SlackAlertsProps
from .notify.deployment_events import EcsDeploymentEventsProps
from .notify.rds_events import RdsEventsProps
from .notify.topics import AlertTopicsProps

# --- logs and tools (logs/, tools/) ---

# --- alarms and notifications (alarms/, notify/) ---


def alert_topics(settings: MonitoringSettings, *, kms_key_arn: str) -> AlertTopicsProps:
    """The routing targets' topics; the shared RDS instance's events may publish to the P0 one."""
    return AlertTopicsProps(identity=settings.identity, routing=settings.routing, kms_key_arn=kms_key_arn,
                            rds_event_source=settings.resources.shared_rds_identifier)


def alarm_factory(settings: MonitoringSettings) -> AlarmFactoryProps:
    """Names, routing, ``alarm_overrides`` and the 5xx-rate traffic floor of every alarm."""
    return AlarmFactoryProps(identity=settings.identity, routing=settings.routing,
                             alarm_overrides=settings.alarm_overrides,
                             error_rate_min_requests=settings.error_rate_min_requests)


def standard_alarms(settings: MonitoringSettings) -> StandardAlarmsProps:
    """The catalog's alarms of every resource in ``settings.resources``."""
    return StandardAlarmsProps(resources=settings.resources.targets())


def service_health_alarm(settings: MonitoringSettings) -> ServiceHealthAlarmProps:
    """The composite "service unhealthy" alarm as ``settings.service_health`` describes it."""
    return ServiceHealthAlarmProps(health=settings.service_health)


def slack_alerts(settings: MonitoringSettings, *, topic_arns: Mapping[Severity, str]) -> SlackAlertsProps:
    """``notifications.slack_channels`` for ``topic_arns``, in ``settings.slack_region``."""
    return SlackAlertsProps(identity=settings.identity, channels=settings.notifications.slack_channels,
                            topic_arns=topic_arns, region=settings.slack_region)


def rds_down_events(settings: MonitoringSettings, *, topic_arn: str) -> RdsEventsProps:
    """"RDS down" events of the shared RDS instance, to ``topic_arn`` (the routed P0 topic)."""
    identifier = settings.resources.shared_rds_identifier
    if identifier is None:
        raise MonitoringConfigError("resources.shared_rds_identifier", None,
                                    "an RDS instance identifier: RDS down events watch the shared instance")
    return RdsEventsProps(identity=settings.identity, topic_arn=topic_arn, db_instance_identifier=identifier,
                          severity=settings.routed_severity(Severity.P0))


def ecs_deployment_events(settings: MonitoringSettings, *, kms_key_arn: str) -> EcsDeploymentEventsProps:
    """Failed deployments of the ECS services, routed like alarms to the topics ``kms_key_arn`` encrypts."""
    return EcsDeploymentEventsProps(identity=settings.identity, routing=settings.routing, kms_key_arn=kms_key_arn)


# --- tracing, insights, dashboard (tracing/, insights/, dashboard/, infra/) ---
