"""StandardAlarms: turns the alarm catalog into CloudWatch alarms, one factory, one registry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ._cdk import (
    CloudwatchMetricAlarm,
    CloudwatchMetricAlarmMetricQuery,
    CloudwatchMetricAlarmMetricQueryMetric,
    Construct,
    Fn,
    is_token,
)
from .alarm_catalog import AlarmSpec, Target
from .naming import Naming
from .notifications import AlertTopics
from .settings import MonitoringSettings, ResolvedAlarm
from .severity import Severity

DESCRIPTION_MAX = 1024


@dataclass(frozen=True, kw_only=True, slots=True)
class CreatedAlarm:
    """One alarm in the registry the dashboard reads: what it watches and at what threshold."""

    spec: AlarmSpec
    severity: Severity
    name: str
    dimensions: Mapping[str, str]
    resource: CloudwatchMetricAlarm


def redis_member_ids(replication_group_id: str, node_count: int, explicit: tuple[str, ...]) -> list[str]:
    """Member cluster ids: explicit ones, else ``<group>-001``.. (ElastiCache's own naming)."""
    if explicit:
        return list(explicit)
    suffixes = [f"-{index:03d}" for index in range(1, node_count + 1)]
    if is_token(replication_group_id):
        return [Fn.join("", [replication_group_id, suffix]) for suffix in suffixes]
    return [replication_group_id + suffix for suffix in suffixes]


def _dimension_sets(settings: MonitoringSettings, target: Target) -> list[dict[str, str]]:
    resources = settings.resources
    if target is Target.ECS_SERVICE:
        ecs = resources.ecs_service
        return [{"ClusterName": ecs.cluster_name, "ServiceName": ecs.service_name}]
    if target is Target.LOAD_BALANCER:
        assert resources.load_balancer is not None
        return [{"LoadBalancer": resources.load_balancer.arn_suffix}]
    if target is Target.RDS_INSTANCE:
        assert resources.shared_rds_identifier is not None
        return [{"DBInstanceIdentifier": resources.shared_rds_identifier}]
    assert resources.redis is not None
    redis = resources.redis
    members = redis_member_ids(redis.replication_group_id, redis.node_count, redis.member_cluster_ids)
    return [{"CacheClusterId": member} for member in members]


def describe(spec: AlarmSpec, severity: Severity, runbook_base_url: str | None) -> str:
    """Severity, what happened, expected response and the runbook, as responders read it."""
    text = (
        f"[{severity.value} {severity.label}] {spec.summary.format(threshold=spec.threshold)}. "
        f"Respond {severity.response_time} ({severity.responder})."
    )
    if runbook_base_url:
        text += f" Runbook: {runbook_base_url.rstrip('/')}/{spec.key}"
    return text[:DESCRIPTION_MAX]


class StandardAlarms(Construct):
    """The seed's standard alarms for one ECS service, each with a severity.

    ECS CPU (> 80 % P2, > 85 % P1), memory (> 80 % P2, > 85 % P1), no running
    tasks (P0, Container Insights), ALB 5xx count (> 10 P2) and 5xx rate
    (> 1 % P1, metric math with a minimum-traffic guard), response time
    (> 1 s P2), shared RDS CPU (> 80 % P2, only with a shared RDS) and Redis
    engine CPU per member cluster (> 75 % P3). Each notifies its severity's
    topic; P0/P1 also notify on recovery.

    Example::

        alarms = StandardAlarms(stack, "Alarms", settings=settings, topics=topics)
        [created.name for created in alarms.created]
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, settings: MonitoringSettings, topics: AlertTopics
    ) -> None:
        super().__init__(scope, construct_id)
        naming = Naming(settings)
        self.created: list[CreatedAlarm] = []
        for resolved in settings.alarms:
            dimension_sets = _dimension_sets(settings, resolved.spec.target)
            for index, dimensions in enumerate(dimension_sets, start=1):
                # Only Redis has several dimension sets: one alarm per member cluster.
                member = index if resolved.spec.target is Target.REDIS_MEMBER else None
                self.created.append(self._alarm(settings, naming, topics, resolved, dimensions, member))

    def _alarm(
        self,
        settings: MonitoringSettings,
        naming: Naming,
        topics: AlertTopics,
        resolved: ResolvedAlarm,
        dimensions: dict[str, str],
        member: int | None,
    ) -> CreatedAlarm:
        spec = resolved.spec
        severity = settings.routed_severity(spec.severity)
        actions = [topics.arn_for(spec.severity), *settings.notifications.extra_alarm_actions]
        name = naming.alarm_name(spec.key, member)
        construct_id = spec.key if member is None else f"{spec.key}-{member}"
        shape = self._math(spec, dimensions, settings.error_rate_min_requests) if spec.math else {
            "namespace": spec.namespace,
            "metric_name": spec.metric_name,
            "statistic": spec.statistic,
            "period": spec.period,
            "dimensions": dimensions,
        }
        alarm = CloudwatchMetricAlarm(
            self,
            construct_id,
            alarm_name=name,
            alarm_description=describe(spec, severity, settings.notifications.runbook_base_url),
            comparison_operator=spec.comparison,
            threshold=spec.threshold,
            evaluation_periods=spec.evaluation_periods,
            datapoints_to_alarm=resolved.datapoints_to_alarm,
            treat_missing_data=spec.treat_missing_data,
            alarm_actions=actions,
            ok_actions=actions if severity.notifies_recovery else None,
            tags=naming.tags(construct_id, "monitoring") | {"Severity": severity.value},
            **shape,
        )
        return CreatedAlarm(spec=spec, severity=severity, name=name, dimensions=dimensions, resource=alarm)

    @staticmethod
    def _math(spec: AlarmSpec, dimensions: dict[str, str], min_requests: int) -> dict[str, object]:
        assert spec.math is not None
        queries = [
            CloudwatchMetricAlarmMetricQuery(
                id=metric_id,
                return_data=False,
                metric=CloudwatchMetricAlarmMetricQueryMetric(
                    namespace=spec.math.namespace,
                    metric_name=metric_name,
                    stat=statistic,
                    period=spec.period,
                    dimensions=dimensions,
                ),
            )
            for metric_id, metric_name, statistic in spec.math.metrics
        ]
        queries.append(
            CloudwatchMetricAlarmMetricQuery(
                id="rate",
                expression=spec.math.expression.format(min_requests=min_requests),
                label=spec.math.label,
                return_data=True,
            )
        )
        return {"metric_query": queries}
