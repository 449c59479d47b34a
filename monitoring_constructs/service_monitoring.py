"""ServiceMonitoring: the one-call facade that wires every construct for one ECS service."""

from __future__ import annotations

from ._cdk import Construct
from .alarms import StandardAlarms
from .encryption import MonitoringKey
from .log_groups import LogGroups
from .notifications import AlertTopics
from .settings import MonitoringSettings


class ServiceMonitoring(Construct):
    """The observability baseline of one ECS Fargate service, from its settings.

    Creates the KMS key (unless ``settings.kms_key_arn`` names yours), the log
    groups, the severity topics and the standard alarms.

    Example (inside a service team's own stack)::

        ServiceMonitoring(self, "Monitoring", settings=MonitoringSettings(
            service="orders", environment="prod", region="eu-west-1",
            resources=MonitoredResources(
                ecs_service=EcsServiceTarget(cluster_name=cluster.name, service_name=service.name),
                load_balancer=LoadBalancerTarget(arn_suffix=alb.arn_suffix),
            ),
        ))
    """

    def __init__(self, scope: Construct, construct_id: str, *, settings: MonitoringSettings) -> None:
        super().__init__(scope, construct_id)
        self.settings = settings
        self.key = None if settings.kms_key_arn else MonitoringKey(self, "Key", settings=settings)
        self.kms_key_arn = settings.kms_key_arn or self.key.arn  # type: ignore[union-attr]
        self.logs = LogGroups(self, "Logs", settings=settings, kms_key_arn=self.kms_key_arn)
        self.topics = AlertTopics(self, "Alerts", settings=settings, kms_key_arn=self.kms_key_arn)
        self.alarms = StandardAlarms(self, "Alarms", settings=settings, topics=self.topics)
