"""StandardAlarms: the alarm catalog's alarms for the monitored resources, through the one factory."""

from __future__ import annotations

from .._cdk import Construct, Fn, is_token
from .catalog import Target
from .factory import AlarmFactory, CreatedAlarm
from ..core.settings import MonitoringSettings


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
    assert target is Target.REDIS_MEMBER and resources.redis is not None
    redis = resources.redis
    members = redis_member_ids(redis.replication_group_id, redis.node_count, redis.member_cluster_ids)
    return [{"CacheClusterId": member} for member in members]


class StandardAlarms(Construct):
    """The seed's standard alarms for one ECS service, each with a severity.

    ECS CPU (> 80 % P2, > 85 % P1), memory (> 80 % P2, > 85 % P1), no running
    tasks (P0, Container Insights), ALB 5xx count (> 10 P2) and 5xx rate
    (> 1 % P1, metric math with a minimum-traffic guard), response time
    (> 1 s P2), shared RDS CPU (> 80 % P2, only with a shared RDS) and Redis
    engine CPU per member cluster (> 75 % P3). Each notifies its severity's
    topic; P0/P1 also notify on recovery.

    Example::

        factory = AlarmFactory(settings=settings, topics=topics)
        alarms = StandardAlarms(stack, "Alarms", settings=settings, alarms=factory)
        [created.name for created in alarms.created]
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, settings: MonitoringSettings, alarms: AlarmFactory
    ) -> None:
        super().__init__(scope, construct_id)
        self.created: list[CreatedAlarm] = []
        for spec in settings.standard_alarm_specs:
            dimension_sets = _dimension_sets(settings, spec.target)
            for index, dimensions in enumerate(dimension_sets, start=1):
                # Only Redis has several dimension sets: one alarm per member cluster.
                member = index if spec.target is Target.REDIS_MEMBER else None
                created = alarms.create(self, spec, dimensions=dimensions, member=member)
                if created is not None:
                    self.created.append(created)
