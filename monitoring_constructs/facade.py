"""ServiceMonitoring: the one-call facade that wires every construct for one ECS service."""

from __future__ import annotations

from dataclasses import replace

from ._cdk import Construct
from .alarms.factory import AlarmFactory
from .alarms.standard import StandardAlarms
from .insights.amp_grafana import AmpGrafanaProps, OptionalAmpGrafana
from .infra.app_checks import check_provider_region, claim_name_prefix
from .insights.app_insights import AppInsights
from .notify.chatbot import SlackAlerts, SlackAlertsProps
from .insights.container_insights import ContainerInsightsCheck
from .dashboard.service_dashboard import Dashboard, DashboardProps
from .logs.key import MonitoringKey
from .logs.error_rate import ErrorLogRate, ErrorRateProps, LogFormat
from .tools.log_analyzer_function import LogAnalyzerFunction, LogAnalyzerProps
from .logs.archive import LogArchiveBucket, LogArchiveProps
from .logs.groups import LogGroups
from .logs.queries import SavedQueries, SavedQueriesProps
from .notify.topics import AlertTopics
from .notify.rds_events import RdsDownEvents, RdsEventsProps
from .core.settings import MonitoringSettings
from .core.severity import Severity
from .tracing.task_definition import FargateTaskDefinition, FargateTaskProps


class ServiceMonitoring(Construct):
    """The observability baseline of one ECS Fargate service, from its settings.

    Creates the KMS key (unless ``settings.kms_key_arn`` names yours), the log
    groups, the severity topics (with Slack channels when configured), the
    standard alarms, the ERROR-line rate alarm, the saved Logs Insights
    queries, the S3 log archive, "RDS down" events with a shared RDS, the
    Application Insights application, the dashboard, and when enabled the
    log-analyzer Lambda and the AMP/Grafana workspaces; it checks at plan time
    that the cluster has Container Insights on. With ``task``, it also
    creates the Fargate task definition with the X-Ray (or ADOT) sidecar,
    logging to the application log group.

    Example (inside a service team's own stack)::

        monitoring = ServiceMonitoring(self, "Monitoring", settings=MonitoringSettings(
            service="orders", environment="prod", region="eu-west-1",
            resources=MonitoredResources(
                ecs_service=EcsServiceTarget(cluster_name=cluster.name, service_name=service.name),
                load_balancer=LoadBalancerTarget(arn_suffix=alb.arn_suffix),
            ),
        ))
        monitoring.dashboard.url
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        settings: MonitoringSettings,
        task: FargateTaskProps | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        claim_name_prefix(self, settings.name_prefix)
        check_provider_region(self, settings.region)
        self.settings = settings
        self.key = None if settings.kms_key_arn else MonitoringKey(self, "Key", settings=settings)
        self.kms_key_arn = settings.kms_key_arn or self.key.arn  # type: ignore[union-attr]
        self.logs = LogGroups(self, "Logs", settings=settings, kms_key_arn=self.kms_key_arn)
        self.topics = AlertTopics(self, "Alerts", settings=settings, kms_key_arn=self.kms_key_arn)
        self.alarm_factory = AlarmFactory(settings=settings, topics=self.topics)
        self.alarms = StandardAlarms(self, "Alarms", settings=settings, alarms=self.alarm_factory)
        self.container_insights = (
            ContainerInsightsCheck(
                self, "ContainerInsights", cluster_name=settings.resources.ecs_service.cluster_name
            )
            if settings.check_container_insights
            else None
        )
        self._alerting(settings)
        self._log_analytics(settings)
        self._observability(settings, task)

    def _alerting(self, settings: MonitoringSettings) -> None:
        topic_arns = {severity: topic.arn for severity, topic in self.topics.topics.items()}
        self.slack = (
            SlackAlerts(
                self,
                "Slack",
                settings=settings,
                props=SlackAlertsProps(
                    channels=settings.notifications.slack_channels, topic_arns=topic_arns, region=settings.slack_region
                ),
            )
            if any(severity in topic_arns for severity in settings.notifications.slack_channels)
            else None
        )
        self.rds_down = (
            RdsDownEvents(
                self, "RdsDown", settings=settings, props=RdsEventsProps(topic_arn=self.topics.arn_for(Severity.P0))
            )
            if settings.resources.shared_rds_identifier is not None
            else None
        )

    def _log_analytics(self, settings: MonitoringSettings) -> None:
        text_pattern = settings.error_log_text_pattern
        self.error_rate = ErrorLogRate(
            self,
            "ErrorRate",
            settings=settings,
            alarms=self.alarm_factory,
            props=ErrorRateProps(
                log_group_name=self.logs.application.name,
                formats=(LogFormat.JSON, LogFormat.TEXT) if text_pattern else (LogFormat.JSON,),
                **({"text_pattern": text_pattern} if text_pattern else {}),
            ),
        )
        self.queries = SavedQueries(self, "Queries", settings=settings, props=SavedQueriesProps.from_log_groups(self.logs))
        self.archive = LogArchiveBucket(
            self, "Archive", settings=settings, props=LogArchiveProps(kms_key_arn=self.kms_key_arn)
        )
        self.log_analyzer = LogAnalyzerFunction(
            self,
            "LogAnalyzer",
            settings=settings,
            alarms=self.alarm_factory,
            props=LogAnalyzerProps(
                enabled=settings.log_analyzer_enabled,
                log_group_name=self.logs.application.name,
                topic_arn=self.topics.arn_for(Severity.P1),
                topic_kms_key_arn=self.kms_key_arn,
                log_group_kms_key_arn=self.kms_key_arn,
            ),
        )

    def _observability(self, settings: MonitoringSettings, task: FargateTaskProps | None) -> None:
        self.task = (
            None
            if task is None
            else FargateTaskDefinition(
                self,
                "Task",
                settings=settings,
                props=replace(task, log_group_name=task.log_group_name or self.logs.application.name),
            )
        )
        self.insights = AppInsights(self, "Insights", settings=settings)
        self.dashboard = Dashboard(
            self, "Dashboard", settings=settings, props=DashboardProps(alarms=tuple(self.alarm_factory.created))
        )
        self.amp_grafana = OptionalAmpGrafana(
            self,
            "AmpGrafana",
            settings=settings,
            props=AmpGrafanaProps(enabled=settings.managed_prometheus_grafana, kms_key_arn=self.kms_key_arn),
        )
