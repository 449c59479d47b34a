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
from dataclasses import replace

from .alarms.composite import ServiceHealthAlarmProps
from .alarms.factory import AlarmFactoryProps, CreatedAlarm
from .alarms.standard import StandardAlarmsProps
from .core.errors import MonitoringConfigError
from .core.naming import Naming
from .core.settings import MonitoringSettings
from .core.severity import Severity
from .dashboard.service_dashboard import DashboardProps
from .insights.amp_grafana import AmpGrafanaProps
from .insights.app_insights import AppInsightsProps
from .logs.archive import LogArchiveProps
from .logs.error_rate import ErrorRateProps
from .logs.groups import LogGroups, LogGroupsProps
from .logs.key import MonitoringKeyProps
from .logs.queries import SavedQueriesProps
from .notify.chatbot import SlackAlertsProps
from .notify.deployment_events import EcsDeploymentEventsProps
from .notify.rds_events import RdsEventsProps
from .notify.topics import AlertTopicsProps
from .tools.log_analyzer_function import LogAnalyzerProps
from .tracing.sidecar import DEFAULT_AGENT, TracingAgent, XRaySidecarProps
from .tracing.task_definition import FargateTaskProps

# --- logs and tools (logs/, tools/) ---


def monitoring_key(settings: MonitoringSettings) -> MonitoringKeyProps:
    """The key serves the topics routing creates, the log groups (event logs included) and the archive of ``settings``."""
    return MonitoringKeyProps(
        identity=settings.identity,
        routing=settings.routing,
        retain_data=settings.profile.keep_log_groups_on_destroy,
        archive_bucket_name=settings.archive_bucket_name,
    )


def log_groups(settings: MonitoringSettings, *, kms_key_arn: str) -> LogGroupsProps:
    """The profile's retention; application and error logs with an ECS service, access logs behind a load
    balancer, DB query logs with a shared RDS."""
    resources = settings.resources
    return LogGroupsProps(
        identity=settings.identity,
        kms_key_arn=kms_key_arn,
        retention=settings.profile.retention,
        retain_data=settings.profile.keep_log_groups_on_destroy,
        application_logs=resources.ecs_service is not None,
        access_logs=resources.ecs_service is not None and resources.load_balancer is not None,
        db_query_logs=resources.shared_rds_identifier is not None,
    )


def log_archive_bucket(settings: MonitoringSettings, *, kms_key_arn: str) -> LogArchiveProps:
    """The bucket ``settings.archive_bucket_name`` names (the one the key admits exports into); call it only
    while the archive is on."""
    return LogArchiveProps(
        identity=settings.identity,
        kms_key_arn=kms_key_arn,
        retain_data=settings.profile.keep_log_groups_on_destroy,
        bucket_name=settings.archive_bucket_name,
    )


def error_log_rate(settings: MonitoringSettings, *, log_group_name: str) -> ErrorRateProps:
    """ERROR lines of the application log in ``settings.log_format``."""
    return ErrorRateProps(identity=settings.identity, log_group_name=log_group_name, log_format=settings.log_format)


def saved_queries(settings: MonitoringSettings, *, logs: LogGroups) -> SavedQueriesProps:
    """The queries over ``logs`` (their service's folder), recent errors in ``settings.log_format``."""
    return SavedQueriesProps.from_log_groups(logs, log_format=settings.log_format)


def log_analyzer_function(
    settings: MonitoringSettings, *, log_group_name: str, topic_arn: str, kms_key_arn: str
) -> LogAnalyzerProps:
    """On with ``settings.log_analyzer_enabled``; publishes to ``topic_arn`` (P1's routed topic).

    ``kms_key_arn`` encrypts the analyzer's log group, and is the topic's key when the routed P1
    topic is one the library creates: an existing topic's key is its owner's, whose key policy
    must admit the analyzer's role.
    """
    routing = settings.routing
    return LogAnalyzerProps(
        identity=settings.identity,
        enabled=settings.log_analyzer_enabled,
        log_group_name=log_group_name,
        topic_arn=topic_arn,
        topic_kms_key_arn=kms_key_arn if routing.routed_severity(Severity.P1) in routing.own_topic_severities else None,
        log_group_kms_key_arn=kms_key_arn,
        log_format=settings.log_format,
    )


# --- alarms and notifications (alarms/, notify/) ---


def alert_topics(settings: MonitoringSettings, *, kms_key_arn: str) -> AlertTopicsProps:
    """The routing targets' topics (their policies admit the alarms that notify them)."""
    return AlertTopicsProps(identity=settings.identity, routing=settings.routing, kms_key_arn=kms_key_arn)


def alarm_factory(settings: MonitoringSettings) -> AlarmFactoryProps:
    """Names, routing, paging, ``alarm_overrides`` and the 5xx-rate traffic floor of every alarm."""
    return AlarmFactoryProps(identity=settings.identity, routing=settings.routing,
                             alarm_overrides=settings.alarm_overrides,
                             error_rate_min_requests=settings.error_rate_min_requests, paging=settings.paging)


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


def rds_down_events(settings: MonitoringSettings, *, kms_key_arn: str) -> RdsEventsProps:
    """"RDS down" events of the shared RDS instance, logged like the error log (retention, key, kept on destroy)."""
    identifier = settings.resources.shared_rds_identifier
    if identifier is None:
        raise MonitoringConfigError("resources.shared_rds_identifier", None,
                                    "an RDS instance identifier: RDS down events watch the shared instance")
    profile = settings.profile
    return RdsEventsProps(identity=settings.identity, db_instance_identifier=identifier, kms_key_arn=kms_key_arn,
                          retention_days=profile.retention.error, retain_data=profile.keep_log_groups_on_destroy)


def ecs_deployment_events(settings: MonitoringSettings, *, kms_key_arn: str) -> EcsDeploymentEventsProps:
    """Failed deployments of the ECS services, logged like the error log (retention, key, kept on destroy)."""
    profile = settings.profile
    return EcsDeploymentEventsProps(identity=settings.identity, kms_key_arn=kms_key_arn,
                                    retention_days=profile.retention.error,
                                    retain_data=profile.keep_log_groups_on_destroy)


# --- tracing, insights, dashboard (tracing/, insights/, dashboard/, infra/) ---


def xray_sidecar(
    settings: MonitoringSettings, *, task_role_name: str, log_group_name: str, agent: TracingAgent = DEFAULT_AGENT
) -> XRaySidecarProps:
    """The sidecar of the settings' service, the app logging at the environment profile's level."""
    return XRaySidecarProps(identity=settings.identity, task_role_name=task_role_name, log_group_name=log_group_name,
                            log_level=settings.profile.log_level, agent=agent)


def fargate_task_definition(
    settings: MonitoringSettings, *, task: FargateTaskProps, log_group_name: str
) -> FargateTaskProps:
    """``task`` as the caller gave it, with what it left out taken from the settings: the identity, the
    profile's log level and ``log_group_name`` (the application log group). An identity it names must
    be the settings' own (the names it makes were claimed for that prefix)."""
    if task.identity is not None and task.identity != settings.identity:
        raise MonitoringConfigError("task.identity", task.identity, "None (ServiceMonitoring fills in the settings' own) or the settings' identity")
    return replace(task, identity=settings.identity, log_level=task.log_level or settings.profile.log_level,
                   log_group_name=task.log_group_name or log_group_name)


def app_insights(settings: MonitoringSettings) -> AppInsightsProps:
    """The seed's resource types, selected by the service's tags."""
    return AppInsightsProps(identity=settings.identity)


def optional_amp_grafana(settings: MonitoringSettings, *, kms_key_arn: str) -> AmpGrafanaProps:
    """AMP and Grafana when ``managed_prometheus_grafana`` asks for them, their log group under ``kms_key_arn``."""
    return AmpGrafanaProps(identity=settings.identity, enabled=settings.managed_prometheus_grafana,
                           kms_key_arn=kms_key_arn)


def dashboard(settings: MonitoringSettings, *, alarms: tuple[CreatedAlarm, ...]) -> DashboardProps:
    """The dashboard of ``alarms``, with recent errors from the ECS service's error and application log groups."""
    naming = Naming(settings.identity)
    log_groups = (naming.log_group("error"), naming.log_group("application")) if settings.resources.ecs_service else ()
    return DashboardProps(identity=settings.identity, alarms=alarms, error_log_groups=log_groups,
                          log_format=settings.log_format)
