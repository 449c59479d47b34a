"""The CloudWatch dimensions of each monitored resource: one alarm per (label, dimensions) set.

Most resources have one set and no label. Redis is alarmed per member cluster
(CloudWatch publishes its CPU per ``CacheClusterId``), so each member gets its
own alarm, labelled 1, 2, ...: ``<prefix>-redis-cpu-high-2``.

Example::

    dimension_sets(EcsServiceTarget(cluster_name="main", service_name="orders"))
    # [(None, {"ClusterName": "main", "ServiceName": "orders"})]
"""

from __future__ import annotations

from collections.abc import Callable

from .._cdk import Fn, is_token
from ..core.targets import EcsServiceTarget, LoadBalancerTarget, MonitoredTarget, RdsInstanceTarget, RedisTarget

Label = int | str | None
DimensionSets = list[tuple[Label, dict[str, str]]]


def redis_member_ids(replication_group_id: str, node_count: int, explicit: tuple[str, ...]) -> list[str]:
    """Member cluster ids: explicit ones, else ``<group>-001``.. (ElastiCache's own naming)."""
    if explicit:
        return list(explicit)
    suffixes = [f"-{index:03d}" for index in range(1, node_count + 1)]
    if is_token(replication_group_id):
        return [Fn.join("", [replication_group_id, suffix]) for suffix in suffixes]
    return [replication_group_id + suffix for suffix in suffixes]


def _redis(redis: RedisTarget) -> DimensionSets:
    members = redis_member_ids(redis.replication_group_id, redis.node_count, redis.member_cluster_ids)
    return [(index, {"CacheClusterId": member}) for index, member in enumerate(members, start=1)]


_DIMENSIONS: dict[type, Callable[..., DimensionSets]] = {
    EcsServiceTarget: lambda ecs: [(None, {"ClusterName": ecs.cluster_name, "ServiceName": ecs.service_name})],
    LoadBalancerTarget: lambda alb: [(None, {"LoadBalancer": alb.arn_suffix})],
    RdsInstanceTarget: lambda rds: [(None, {"DBInstanceIdentifier": rds.identifier})],
    RedisTarget: _redis,
}


def dimension_sets(resource: MonitoredTarget) -> DimensionSets:
    """(label, dimensions) for each alarm of ``resource``; the label suffixes the alarm name."""
    return _DIMENSIONS[type(resource)](resource)
