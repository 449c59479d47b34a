"""monitoring-constructs: a production-grade observability baseline for ECS Fargate services on CDKTF or CDK Terrain.

Example::

    from monitoring_constructs import MonitoringSettings, MonitoredResources, EcsServiceTarget, ServiceMonitoring
    ServiceMonitoring(stack, "Monitoring", settings=MonitoringSettings(
        service="orders", environment="dev", region="eu-west-1",
        resources=MonitoredResources(ecs_service=EcsServiceTarget(cluster_name="main", service_name="orders")),
    ))

Names are imported on first use (PEP 562), so ``from monitoring_constructs
import MonitoringSettings``, ``python -m monitoring_constructs.tools.export_logs``
and the Lambda handler never start the CDK runtime. Type checkers read the
same names from the ``TYPE_CHECKING`` imports (the package ships ``py.typed``);
``tests/test_public_api.py`` keeps the two lists equal.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .alarms.catalog import AlarmSpec, STANDARD_ALARMS, Target
    from .alarms.composite import ServiceHealthAlarm, ServiceHealthAlarmProps
    from .alarms.custom import CustomAlarm, Metric
    from .alarms.factory import AlarmFactory, AlarmFactoryProps, CreatedAlarm, CreatedComposite
    from .alarms.spec import ABOVE_BAND, BELOW_BAND, OUTSIDE_BAND, AnomalyDetection, MetricMath
    from .alarms.standard import StandardAlarms, StandardAlarmsProps
    from .core.archive import ArchiveSettings
    from .core.contacts import Contacts, Notifications, SlackChannel
    from .core.environments import ENVIRONMENT_PROFILES, EnvironmentProfile, LogRetention, Tier
    from .core.errors import MonitoringConfigError
    from .core.health import ServiceHealth
    from .core.identity import ServiceIdentity
    from .core.naming import Naming
    from .core.overrides import AlarmOverride
    from .core.paging import Paging
    from .core.routing import AlertRouting, route_all_to
    from .core.settings import MonitoringSettings
    from .core.severity import Severity
    from .core.targets import (
        AuroraClusterTarget,
        EcsServiceTarget,
        LambdaFunctionTarget,
        LoadBalancerTarget,
        MonitoredResources,
        RdsInstanceTarget,
        RedisTarget,
        SqsQueueTarget,
    )
    from .dashboard.custom_widgets import GraphWidget, LogQueryWidget, TextWidget
    from .dashboard.service_dashboard import Dashboard, DashboardProps
    from .facade import ServiceMonitoring
    from .insights.amp_grafana import AmpGrafanaProps, OptionalAmpGrafana
    from .insights.app_insights import AppInsights, AppInsightsProps
    from .insights.container_insights import ContainerInsightsCheck
    from .logs.archive import LogArchiveBucket, LogArchiveProps
    from .core.log_format import LogFormat
    from .logs.error_rate import ErrorLogRate, ErrorRateProps
    from .logs.groups import LogGroups, LogGroupsProps
    from .logs.key import MonitoringKey, MonitoringKeyProps
    from .logs.queries import SavedQueries, SavedQueriesProps
    from .notify.chatbot import SlackAlerts, SlackAlertsProps
    from .notify.deployment_events import EcsDeploymentEvents, EcsDeploymentEventsProps
    from .notify.rds_events import RdsDownEvents, RdsEventsProps
    from .notify.topics import AlertTopics, AlertTopicsProps
    from .tools.log_analyzer_function import LogAnalyzerFunction, LogAnalyzerProps
    from .tracing.sidecar import TracingAgent, XRaySidecar, XRaySidecarProps
    from .tracing.task_definition import AppContainer, FargateTaskDefinition, FargateTaskProps

_EXPORTS = {
    "ABOVE_BAND": "alarms.spec",
    "AlarmFactory": "alarms.factory",
    "AlarmFactoryProps": "alarms.factory",
    "AlarmOverride": "core.overrides",
    "AlarmSpec": "alarms.catalog",
    "AlertRouting": "core.routing",
    "AlertTopics": "notify.topics",
    "AlertTopicsProps": "notify.topics",
    "AmpGrafanaProps": "insights.amp_grafana",
    "AnomalyDetection": "alarms.spec",
    "AppContainer": "tracing.task_definition",
    "AppInsights": "insights.app_insights",
    "AppInsightsProps": "insights.app_insights",
    "ArchiveSettings": "core.archive",
    "AuroraClusterTarget": "core.targets",
    "BELOW_BAND": "alarms.spec",
    "Contacts": "core.contacts",
    "ContainerInsightsCheck": "insights.container_insights",
    "CreatedAlarm": "alarms.factory",
    "CreatedComposite": "alarms.factory",
    "CustomAlarm": "alarms.custom",
    "Dashboard": "dashboard.service_dashboard",
    "DashboardProps": "dashboard.service_dashboard",
    "ENVIRONMENT_PROFILES": "core.environments",
    "EcsDeploymentEvents": "notify.deployment_events",
    "EcsDeploymentEventsProps": "notify.deployment_events",
    "EcsServiceTarget": "core.targets",
    "EnvironmentProfile": "core.environments",
    "ErrorLogRate": "logs.error_rate",
    "ErrorRateProps": "logs.error_rate",
    "FargateTaskDefinition": "tracing.task_definition",
    "FargateTaskProps": "tracing.task_definition",
    "GraphWidget": "dashboard.custom_widgets",
    "LambdaFunctionTarget": "core.targets",
    "LoadBalancerTarget": "core.targets",
    "LogAnalyzerFunction": "tools.log_analyzer_function",
    "LogAnalyzerProps": "tools.log_analyzer_function",
    "LogArchiveBucket": "logs.archive",
    "LogArchiveProps": "logs.archive",
    "LogFormat": "core.log_format",
    "LogGroups": "logs.groups",
    "LogGroupsProps": "logs.groups",
    "LogQueryWidget": "dashboard.custom_widgets",
    "LogRetention": "core.environments",
    "Metric": "alarms.custom",
    "MetricMath": "alarms.spec",
    "MonitoredResources": "core.targets",
    "MonitoringConfigError": "core.errors",
    "MonitoringKey": "logs.key",
    "MonitoringKeyProps": "logs.key",
    "MonitoringSettings": "core.settings",
    "Naming": "core.naming",
    "Notifications": "core.contacts",
    "OUTSIDE_BAND": "alarms.spec",
    "OptionalAmpGrafana": "insights.amp_grafana",
    "Paging": "core.paging",
    "RdsDownEvents": "notify.rds_events",
    "RdsEventsProps": "notify.rds_events",
    "RdsInstanceTarget": "core.targets",
    "RedisTarget": "core.targets",
    "STANDARD_ALARMS": "alarms.catalog",
    "SavedQueries": "logs.queries",
    "SavedQueriesProps": "logs.queries",
    "ServiceHealth": "core.health",
    "ServiceHealthAlarm": "alarms.composite",
    "ServiceHealthAlarmProps": "alarms.composite",
    "ServiceIdentity": "core.identity",
    "ServiceMonitoring": "facade",
    "Severity": "core.severity",
    "SlackAlerts": "notify.chatbot",
    "SlackAlertsProps": "notify.chatbot",
    "SlackChannel": "core.contacts",
    "SqsQueueTarget": "core.targets",
    "StandardAlarms": "alarms.standard",
    "StandardAlarmsProps": "alarms.standard",
    "Target": "alarms.catalog",
    "TextWidget": "dashboard.custom_widgets",
    "Tier": "core.environments",
    "TracingAgent": "tracing.sidecar",
    "XRaySidecar": "tracing.sidecar",
    "XRaySidecarProps": "tracing.sidecar",
    "route_all_to": "core.routing",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
