"""The CloudWatch dimensions of each monitored resource: one alarm per (label, dimensions) set.

Most resources have one set and no label. Redis is alarmed per member cluster
(CloudWatch publishes its CPU per ``CacheClusterId``), so each member gets its
own alarm, labelled 1, 2, ...: ``<prefix>-redis-cpu-high-2``. An Aurora cluster
is alarmed per instance role (``writer``, ``reader``) and its DB load per listed
instance (1, 2, ...). A database's own ``label`` comes first when a service has
several (``<prefix>-rds-cpu-high-orders``, ``<prefix>-aurora-cpu-high-ledger-writer``).
An ALB with a target group has its target metrics per ``TargetGroup`` +
``LoadBalancer``; the load balancer's own metrics (``SCOPE_LOAD_BALANCER``) stay
per ``LoadBalancer``. A resource without what a spec ``needs`` gets no set.

Example::

    dimension_sets(EcsServiceTarget(cluster_name="main", service_name="orders"), CPU_HIGH)
    # [(None, {"ClusterName": "main", "ServiceName": "orders"})]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .._cdk import Fn, is_token
from ..core.targets import (
    AuroraClusterTarget,
    EcsServiceTarget,
    LoadBalancerTarget,
    MonitoredTarget,
    RdsInstanceTarget,
    RedisTarget,
    supports,
)
from .spec import SCOPE_INSTANCE, SCOPE_LOAD_BALANCER, AlarmSpec

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


def _labelled(label: str | None, member: Label) -> Label:
    """``<database label>-<member>``, either alone, or None."""
    parts = [str(part) for part in (label, member) if part is not None]
    return "-".join(parts) or None


def _redis(redis: RedisTarget, spec: AlarmSpec) -> DimensionSets:
    members = redis_member_ids(redis.replication_group_id, redis.node_count, redis.member_cluster_ids)
    return [(index, {"CacheClusterId": member}) for index, member in enumerate(members, start=1)]


def _load_balancer(alb: LoadBalancerTarget, spec: AlarmSpec) -> DimensionSets:
    group = alb.target_group_arn_suffix
    if group is None or spec.scope == SCOPE_LOAD_BALANCER:
        return [(None, {"LoadBalancer": alb.arn_suffix})]
    return [(None, {"LoadBalancer": alb.arn_suffix, "TargetGroup": group})]


def _aurora(cluster: AuroraClusterTarget, spec: AlarmSpec) -> DimensionSets:
    if spec.scope == SCOPE_INSTANCE:
        return [(_labelled(cluster.label, index), {"DBInstanceIdentifier": instance})
                for index, instance in enumerate(cluster.instance_identifiers, start=1)]
    roles = ("WRITER", "READER") if cluster.readers else ("WRITER",)
    return [(_labelled(cluster.label, role.lower()), {"DBClusterIdentifier": cluster.cluster_identifier, "Role": role})
            for role in roles]


_DIMENSIONS: dict[type, Callable[..., DimensionSets]] = {
    EcsServiceTarget: lambda ecs, spec: [(None, {"ClusterName": ecs.cluster_name, "ServiceName": ecs.service_name})],
    LoadBalancerTarget: _load_balancer,
    RdsInstanceTarget: lambda rds, spec: [(rds.label, {"DBInstanceIdentifier": rds.identifier})],
    AuroraClusterTarget: _aurora,
    RedisTarget: _redis,
}


def dimension_sets(resource: MonitoredTarget, spec: AlarmSpec) -> DimensionSets:
    """(label, dimensions) for each alarm of ``spec`` on ``resource``; the label suffixes the alarm name."""
    if not supports(resource, spec):
        return []
    return _DIMENSIONS[type(resource)](resource, spec)


def _number(value: float) -> str:
    """``16`` for 16 and 16.0, ``0.5`` for 0.5: a constant in a metric math expression."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def bind(spec: AlarmSpec, resource: MonitoredTarget) -> AlarmSpec:
    """``spec`` for ``resource``: its metric math's ``{<needs>}`` replaced by that field's value."""
    math = spec.math
    placeholder = "{" + spec.needs + "}"
    if math is None or not spec.needs or placeholder not in math.expression:
        return spec
    value = _number(getattr(resource, spec.needs))
    return replace(spec, math=replace(math, expression=math.expression.replace(placeholder, value),
                                      graph_expression=math.graph_expression.replace(placeholder, value)))
