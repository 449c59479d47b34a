"""ServiceMonitoring: the facade that wires every construct for one service, and monitors what it has.

One call builds the seed's baseline from ``MonitoringSettings``; ``monitor_*``
and ``add_alarm`` then add what else the service has, each adding alarms
(through the one factory: overrides, routing, topic policy) and their graphs
on the dashboard, the way cdk-monitoring-constructs' facade does; ``add_widget``
adds a team's own graphs, notes and log tables. Each construct gets its props
from ``props_from_settings``.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import props_from_settings
from ._cdk import Construct
from .alarms.composite import ServiceHealthAlarm
from .alarms.custom import CustomAlarm
from .alarms.factory import AlarmFactory, CreatedAlarm
from .alarms.standard import StandardAlarms
from .core.errors import MonitoringConfigError
from .core.overrides import AlarmOverride
from .core.settings import MonitoringSettings
from .core.severity import Severity
from .core.targets import (
    MONITORED_TARGETS,
    AuroraClusterTarget,
    EcsServiceTarget,
    LambdaFunctionTarget,
    LoadBalancerTarget,
    MonitoredTarget,
    RdsInstanceTarget,
    RedisTarget,
    SqsQueueTarget,
)
from .core.validation import require_instance
from .dashboard.custom_widgets import CUSTOM_WIDGET_KINDS, CUSTOM_WIDGETS, CustomWidget
from .dashboard.service_dashboard import Dashboard
from .infra.app_checks import check_provider_region, claim_name_prefix
from .insights.amp_grafana import OptionalAmpGrafana
from .insights.app_insights import AppInsights
from .insights.container_insights import ContainerInsightsCheck
from .logs.archive import LogArchiveBucket
from .logs.error_rate import ErrorLogRate
from .logs.groups import LogGroups
from .logs.key import MonitoringKey
from .logs.queries import SavedQueries
from .notify.chatbot import SlackAlerts
from .notify.deployment_events import EcsDeploymentEvents
from .notify.rds_events import RdsDownEvents
from .notify.topics import AlertTopics
from .tools.log_analyzer_function import LogAnalyzerFunction
from .tracing.task_definition import FargateTaskDefinition, FargateTaskProps


class ServiceMonitoring(Construct):
    """The observability baseline of one service, from its settings, and more on request.

    Creates the KMS key (unless ``settings.kms_key_arn`` names yours), the
    severity topics (except those ``notifications.topic_arns`` brings, with
    Slack channels when configured), the alarms of every resource in
    ``settings.resources`` and ``settings.custom_alarms``, the S3 log archive
    (unless ``settings.archive`` turns it off), the Application Insights
    application, the dashboard and, when
    enabled, the AMP/Grafana workspaces. With an ECS service: its log groups,
    the ERROR-line alarm, the saved Logs Insights queries (HTTP ones only behind
    a load balancer, the SQL one only with a database), the Container Insights
    plan check, failed-deployment events, the optional log analyzer and, with
    ``task``, the Fargate task definition with the tracing sidecar. With a
    shared RDS: "RDS down" events. Last, the composite "service unhealthy"
    alarm over ``settings.service_health.children`` (``health``).

    Example (inside a service team's own stack)::

        monitoring = ServiceMonitoring(self, "Monitoring", settings=MonitoringSettings(
            service="orders", environment="prod", region="eu-west-1",
            resources=MonitoredResources(
                ecs_service=EcsServiceTarget(cluster_name=cluster.name, service_name=service.name),
                load_balancer=LoadBalancerTarget(arn_suffix=alb.arn_suffix),
            ),
            notifications=Notifications(contacts={s: Contacts(emails=("team@example.com",)) for s in Severity}),
        ))
        monitoring.monitor_redis(RedisTarget(replication_group_id=cache.replication_group_id, node_count=2))
        monitoring.monitor_sqs_queue(SqsQueueTarget(queue_name=jobs.name, dead_letter_queue_name=failed.name,
                                                    label="jobs"))
        monitoring.monitor_lambda_function(LambdaFunctionTarget(function_name="orders-resize", timeout_seconds=30))
        monitoring.add_alarm(CustomAlarm(key="checkout-failures-high", summary="...", severity=Severity.P1,
                                         metric=Metric(namespace="Orders", metric_name="CheckoutFailed",
                                                       statistic="Sum"), threshold=5))
        monitoring.add_widget(GraphWidget(title="Checkouts", metrics=(
            Metric(namespace="Orders", metric_name="CheckoutCompleted", statistic="Sum"),)))
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
        claim_name_prefix(self, settings.prefix)
        check_provider_region(self, settings.region)
        ecs = settings.resources.ecs_service
        if task is not None and ecs is None:
            raise MonitoringConfigError("task", "FargateTaskProps(...)", "an ECS service in resources: the task logs "
                                        "to its application log group")
        self.settings = settings
        self.key = (None if settings.kms_key_arn
                    else MonitoringKey(self, "Key", props=props_from_settings.monitoring_key(settings)))
        self.kms_key_arn = settings.kms_key_arn or self.key.arn  # type: ignore[union-attr]
        self.logs = LogGroups(self, "Logs", props=props_from_settings.log_groups(settings, kms_key_arn=self.kms_key_arn))
        self.topics = AlertTopics(self, "Alerts",
                                  props=props_from_settings.alert_topics(settings, kms_key_arn=self.kms_key_arn))
        self.alarm_factory = AlarmFactory(props=props_from_settings.alarm_factory(settings), topics=self.topics)
        self.alarms = StandardAlarms(self, "Alarms", props=props_from_settings.standard_alarms(settings),
                                     alarms=self.alarm_factory)
        # The plan checks Container Insights is on, and enhanced when an alarm needs its task-level metrics.
        self.container_insights = (
            ContainerInsightsCheck(self, "ContainerInsights", cluster_name=ecs.cluster_name, enhanced=any(
                alarm.spec.applies_when == "enhanced_container_insights" for alarm in settings.library_alarms))
            if ecs is not None and settings.check_container_insights
            else None
        )
        self._alerting(settings)
        self._log_analytics(settings)
        self._observability(settings, task)
        self.health: ServiceHealthAlarm | None = None  # built once the custom alarms (possible children) exist
        self.widgets: list[CustomWidget] = []
        for alarm in settings.custom_alarms:
            self.add_alarm(alarm)
        self.health = ServiceHealthAlarm(self, "ServiceHealth", props=props_from_settings.service_health_alarm(settings),
                                         alarms=self.alarm_factory)
        self._redraw()

    def monitor(
        self, resource: MonitoredTarget, *, overrides: Mapping[str, AlarmOverride] | None = None
    ) -> list[CreatedAlarm]:
        """Add the catalog's alarms of ``resource`` and draw them; ``overrides`` by alarm key.

        Log groups and saved queries follow ``settings.resources``; a resource
        added here gets its alarms and graphs.
        """
        require_instance("resource", resource, MONITORED_TARGETS,
                         "one of " + ", ".join(f"{kind.__name__}(...)" for kind in MONITORED_TARGETS))
        made = self.alarms.add([resource], self.alarm_factory, overrides)
        if isinstance(resource, EcsServiceTarget):
            self.deployment_events.add(resource)
        self._redraw()
        return made

    def monitor_fargate_service(
        self, service: EcsServiceTarget, *, overrides: Mapping[str, AlarmOverride] | None = None
    ) -> list[CreatedAlarm]:
        """CPU, memory, running-task (Container Insights needed) alarms and failed deployments of another ECS service."""
        return self._monitor_one("service", service, EcsServiceTarget, overrides, article="an")

    def monitor_load_balancer(
        self, load_balancer: LoadBalancerTarget, *, overrides: Mapping[str, AlarmOverride] | None = None
    ) -> list[CreatedAlarm]:
        """An ALB: target 5xx count and rate, response time (average and p99), the load balancer's own
        5xx rate and rejected connections; with ``target_group_arn_suffix``, per target group and with
        unhealthy targets."""
        return self._monitor_one("load_balancer", load_balancer, LoadBalancerTarget, overrides)

    def monitor_rds_instance(
        self, instance: RdsInstanceTarget, *, overrides: Mapping[str, AlarmOverride] | None = None
    ) -> list[CreatedAlarm]:
        """An RDS DB instance: CPU (80 % and 90 %), read/write latency, DB load per vCPU, and with its
        sizes freeable memory, free storage and connections. Give a second instance a ``label``."""
        return self._monitor_one("instance", instance, RdsInstanceTarget, overrides, article="an")

    def monitor_aurora_cluster(
        self, cluster: AuroraClusterTarget, *, overrides: Mapping[str, AlarmOverride] | None = None
    ) -> list[CreatedAlarm]:
        """An Aurora cluster per instance role (WRITER, READER): CPU, read/write latency, and with its
        sizes freeable memory and connections; DB load per vCPU of each listed instance.

        Example::

            monitoring.monitor_aurora_cluster(AuroraClusterTarget(
                cluster_identifier=cluster.cluster_identifier, readers=True, memory_gib=32, max_connections=3000))
        """
        return self._monitor_one("cluster", cluster, AuroraClusterTarget, overrides, article="an")

    def monitor_redis(
        self, redis: RedisTarget, *, overrides: Mapping[str, AlarmOverride] | None = None
    ) -> list[CreatedAlarm]:
        """Engine CPU, memory, evictions, connections and replication lag of each member of a Redis group."""
        return self._monitor_one("redis", redis, RedisTarget, overrides)

    def monitor_sqs_queue(
        self, queue: SqsQueueTarget, *, overrides: Mapping[str, AlarmOverride] | None = None
    ) -> list[CreatedAlarm]:
        """Age of the oldest message of an SQS queue and, with its dead-letter queue, messages waiting there."""
        return self._monitor_one("queue", queue, SqsQueueTarget, overrides, article="an")

    def monitor_lambda_function(
        self, function: LambdaFunctionTarget, *, overrides: Mapping[str, AlarmOverride] | None = None
    ) -> list[CreatedAlarm]:
        """Errors, throttles and p99 duration near the timeout of a Lambda function."""
        return self._monitor_one("function", function, LambdaFunctionTarget, overrides)

    def _monitor_one(self, field: str, resource: MonitoredTarget, kind: type,
                     overrides: Mapping[str, AlarmOverride] | None, article: str = "a") -> list[CreatedAlarm]:
        """``monitor(resource)`` once ``resource`` is the ``kind`` the typed method takes."""
        require_instance(field, resource, kind, f"{article} {kind.__name__}(...) value")
        return self.monitor(resource, overrides=overrides)

    def add_alarm(self, alarm: CustomAlarm) -> CreatedAlarm:
        """An alarm on your own metric (or metric math), routed and drawn like the library's."""
        if not isinstance(alarm, CustomAlarm):
            raise MonitoringConfigError("alarm", alarm, "a CustomAlarm(...)")
        created = self.alarm_factory.create(self.alarms, alarm.spec(), dimensions=alarm.alarm_dimensions)
        assert created is not None  # custom alarms take no overrides, so none is switched off
        self._redraw()
        return created

    def add_widget(self, widget: CustomWidget) -> None:
        """A graph of your own metrics, a note or a Logs Insights table, after the library's graphs.

        Example::

            monitoring.add_widget(GraphWidget(title="Checkouts", metrics=(
                Metric(namespace="Orders", metric_name="CheckoutCompleted", statistic="Sum"),)))
        """
        require_instance("widget", widget, CUSTOM_WIDGETS, CUSTOM_WIDGET_KINDS)
        self.widgets.append(widget)
        self._redraw()

    def _redraw(self) -> None:
        """The dashboard shows every alarm made so far, the service-unhealthy composite once it exists,
        and the team's widgets."""
        composite = None if self.health is None else self.health.composite
        self.dashboard.show(tuple(self.alarm_factory.created), () if composite is None else (composite,),
                            tuple(self.widgets))

    def _alerting(self, settings: MonitoringSettings) -> None:
        topic_arns = self.topics.arns
        self.slack = (
            SlackAlerts(self, "Slack", props=props_from_settings.slack_alerts(settings, topic_arns=topic_arns))
            if any(severity in topic_arns for severity in settings.notifications.slack_channels)
            else None
        )
        self.deployment_events = EcsDeploymentEvents(
            self, "DeploymentEvents", alarms=self.alarm_factory,
            props=props_from_settings.ecs_deployment_events(settings, kms_key_arn=self.kms_key_arn),
        )
        if settings.resources.ecs_service is not None:
            self.deployment_events.add(settings.resources.ecs_service)
        self.rds_down = (
            RdsDownEvents(self, "RdsDown", alarms=self.alarm_factory,
                          props=props_from_settings.rds_down_events(settings, kms_key_arn=self.kms_key_arn))
            if settings.resources.shared_rds_identifier is not None
            else None
        )

    def _log_analytics(self, settings: MonitoringSettings) -> None:
        self.archive = (
            LogArchiveBucket(
                self, "Archive", props=props_from_settings.log_archive_bucket(settings, kms_key_arn=self.kms_key_arn))
            if settings.archive.enabled
            else None
        )
        application = self.logs.application
        if application is None:  # no ECS service: no application log to count, query or analyze
            self.error_rate = self.queries = self.log_analyzer = None
            return
        self.error_rate = ErrorLogRate(
            self, "ErrorRate", alarms=self.alarm_factory,
            props=props_from_settings.error_log_rate(settings, log_group_name=application.name),
        )
        # The queries' folder is the log groups' service: the props come from LogGroups, the log format from settings.
        self.queries = SavedQueries(self, "Queries", props=props_from_settings.saved_queries(settings, logs=self.logs))
        self.log_analyzer = LogAnalyzerFunction(
            self, "LogAnalyzer", alarms=self.alarm_factory,
            props=props_from_settings.log_analyzer_function(
                settings, log_group_name=application.name, topic_arn=self.topics.arn_for(Severity.P1),
                kms_key_arn=self.kms_key_arn,
            ),
        )

    def _observability(self, settings: MonitoringSettings, task: FargateTaskProps | None) -> None:
        self.task = (
            None
            if task is None
            else FargateTaskDefinition(
                self,
                "Task",
                props=props_from_settings.fargate_task_definition(
                    settings, task=task, log_group_name=self.logs.application.name  # type: ignore[union-attr]
                ),
            )
        )
        self.insights = AppInsights(self, "Insights", props=props_from_settings.app_insights(settings))
        self.dashboard = Dashboard(
            self, "Dashboard", props=props_from_settings.dashboard(settings, alarms=tuple(self.alarm_factory.created))
        )
        self.amp_grafana = OptionalAmpGrafana(
            self, "AmpGrafana", props=props_from_settings.optional_amp_grafana(settings, kms_key_arn=self.kms_key_arn)
        )
