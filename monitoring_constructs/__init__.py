"""monitoring-constructs: a production-grade observability baseline for ECS Fargate services on CDKTF or CDK Terrain.

Example::

    from monitoring_constructs import MonitoringSettings, MonitoredResources, EcsServiceTarget, ServiceMonitoring
    ServiceMonitoring(stack, "Monitoring", settings=MonitoringSettings(
        service="orders", environment="dev", region="eu-west-1",
        resources=MonitoredResources(ecs_service=EcsServiceTarget(cluster_name="main", service_name="orders")),
    ))

Names are imported on first use (PEP 562), so ``python -m
monitoring_constructs.export_logs`` and the Lambda handler never start the
CDK runtime.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "AlarmOverride": "settings",
    "AlarmSpec": "alarm_catalog",
    "AlertTopics": "notifications",
    "AmpGrafanaProps": "amp_grafana",
    "AppContainer": "task_definition",
    "AppInsights": "app_insights",
    "AppInsightsProps": "app_insights",
    "Contacts": "settings",
    "ContainerInsightsCheck": "container_insights",
    "CreatedAlarm": "alarms",
    "Dashboard": "dashboard",
    "DashboardProps": "dashboard",
    "ENVIRONMENT_PROFILES": "settings",
    "EcsServiceTarget": "settings",
    "EnvironmentProfile": "settings",
    "ErrorLogRate": "error_rate",
    "ErrorRateProps": "error_rate",
    "FargateTaskDefinition": "task_definition",
    "FargateTaskProps": "task_definition",
    "LoadBalancerTarget": "settings",
    "LogAnalyzerFunction": "log_analyzer_function",
    "LogAnalyzerProps": "log_analyzer_function",
    "LogArchiveBucket": "log_archive",
    "LogArchiveProps": "log_archive",
    "LogFormat": "error_rate",
    "LogGroups": "log_groups",
    "LogRetention": "settings",
    "MonitoredResources": "settings",
    "MonitoringConfigError": "errors",
    "MonitoringKey": "encryption",
    "MonitoringSettings": "settings",
    "Naming": "naming",
    "Notifications": "settings",
    "OptionalAmpGrafana": "amp_grafana",
    "RdsDownEvents": "rds_events",
    "RdsEventsProps": "rds_events",
    "RedisTarget": "settings",
    "STANDARD_ALARMS": "alarm_catalog",
    "SavedQueries": "log_queries",
    "SavedQueriesProps": "log_queries",
    "ServiceMonitoring": "service_monitoring",
    "Severity": "severity",
    "SlackAlerts": "chatbot",
    "SlackAlertsProps": "chatbot",
    "SlackChannel": "chatbot",
    "StandardAlarms": "alarms",
    "Target": "alarm_catalog",
    "Tier": "settings",
    "TracingAgent": "xray",
    "XRaySidecar": "xray",
    "XRaySidecarProps": "xray",
    "route_all_to": "settings",
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
