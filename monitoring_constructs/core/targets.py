"""What a service has that the standard alarms watch: its ECS service, ALB, Redis and shared RDS.

Names of a team's own resources may be tokens (``my_service.name``).

Example::

    MonitoredResources(
        ecs_service=EcsServiceTarget(cluster_name="main", service_name="orders"),
        load_balancer=LoadBalancerTarget(arn_suffix="app/orders/0123456789abcdef"),
    )
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar
from types import MappingProxyType

from ..alarms.catalog import Target
from .severity import Severity
from .validation import (
    require_bool,
    require_instance,
    require_one_of,
    require_int,
    require_pattern,
    require_tuple,
    require_unique,
)

ALB_ARN_SUFFIX = re.compile(r"^app/[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?/[0-9a-f]{1,32}$")
RDS_IDENTIFIER = re.compile(r"^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)$")
ECS_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
CACHE_CLUSTER_ID = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,49}(?<!-)$")
REPLICATION_GROUP_ID = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,39}(?<!-)$")
# Every resource carries these tags (Naming.tags, plus Severity on alarms and event subscriptions).


@dataclass(frozen=True, kw_only=True, slots=True)
class EcsServiceTarget:
    """The ECS service to watch; names may be tokens (``my_service.name``).

    The cluster must have Container Insights enabled (``containerInsights``
    setting) for the running-task alarm to receive data.
    ``enhanced_container_insights``: the cluster's setting is ``enhanced``, which
    publishes task-level metrics; adds the ephemeral-storage alarm (default off:
    without it the metric does not exist). ``deployment_failures``: the severity
    of the notification when a deployment fails (the circuit breaker rolled it
    back), from ECS's EventBridge events; None sends none.
    """

    kind: ClassVar[Target] = Target.ECS_SERVICE

    cluster_name: str
    service_name: str
    enhanced_container_insights: bool = False
    deployment_failures: Severity | None = Severity.P2

    def __post_init__(self) -> None:
        require_pattern("ecs_service.cluster_name", self.cluster_name, ECS_NAME, "1-255 letters, digits, - or _")
        require_pattern("ecs_service.service_name", self.service_name, ECS_NAME, "1-255 letters, digits, - or _")
        require_bool("ecs_service.enhanced_container_insights", self.enhanced_container_insights)
        if self.deployment_failures is not None:
            require_one_of("ecs_service.deployment_failures", self.deployment_failures, tuple(Severity))


@dataclass(frozen=True, kw_only=True, slots=True)
class LoadBalancerTarget:
    """The ALB in front of the service, by ``arn_suffix`` (``app/<name>/<id>``)."""

    kind: ClassVar[Target] = Target.LOAD_BALANCER

    arn_suffix: str

    def __post_init__(self) -> None:
        require_pattern(
            "load_balancer.arn_suffix",
            self.arn_suffix,
            ALB_ARN_SUFFIX,
            "an ALB ARN suffix like app/<name>/<hex id> (aws_lb.arn_suffix)",
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class RedisTarget:
    """An ElastiCache Redis replication group, alarmed per member cluster.

    CloudWatch publishes ElastiCache CPU per ``CacheClusterId``; for a
    cluster-mode-disabled group the members are ``<group id>-001``,
    ``-002``, ... Give ``member_cluster_ids`` to name them explicitly.
    """

    kind: ClassVar[Target] = Target.REDIS_MEMBER

    replication_group_id: str
    node_count: int = 1
    member_cluster_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        require_pattern(
            "redis.replication_group_id",
            self.replication_group_id,
            REPLICATION_GROUP_ID,
            "1-40 lower-case letters, digits or single hyphens, starting with a letter",
        )
        require_int("redis.node_count", self.node_count, 1, 6)
        object.__setattr__(
            self, "member_cluster_ids", require_tuple("redis.member_cluster_ids", self.member_cluster_ids, "cluster ids")
        )
        for index, member in enumerate(self.member_cluster_ids):
            require_pattern(
                f"redis.member_cluster_ids[{index}]",
                member,
                CACHE_CLUSTER_ID,
                "an ElastiCache cluster id (lower-case letters, digits, single hyphens)",
            )
        require_unique("redis.member_cluster_ids", self.member_cluster_ids)

    @property
    def has_replicas(self) -> bool:
        """More than one member: the others replicate the primary (replication-lag alarm)."""
        return max(self.node_count, len(self.member_cluster_ids)) > 1


@dataclass(frozen=True, kw_only=True, slots=True)
class RdsInstanceTarget:
    """An RDS DB instance, by identifier (``aws_db_instance.identifier``)."""

    kind: ClassVar[Target] = Target.RDS_INSTANCE

    identifier: str

    def __post_init__(self) -> None:
        require_pattern(
            "rds_instance.identifier",
            self.identifier,
            RDS_IDENTIFIER,
            "an RDS DB instance identifier (1-63 letters, digits or single hyphens, starting with a letter)",
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class MonitoredResources:
    """What the service has, each watched by its alarms and graphs; every field is optional.

    What a service lacks it does not get: no ECS service, no running-task alarm,
    ``/ecs/...`` log groups or ERROR-line alarm; no load balancer, no access log
    group or HTTP queries; no database, no DB query log group or slow-SQL query.
    ``shared_rds_identifier`` (the seed's shared RDS) also gets "RDS down" events.
    """

    ecs_service: EcsServiceTarget | None = None
    load_balancer: LoadBalancerTarget | None = None
    redis: RedisTarget | None = None
    shared_rds_identifier: str | None = None

    def __post_init__(self) -> None:
        if self.ecs_service is not None:
            require_instance("ecs_service", self.ecs_service, EcsServiceTarget, "an EcsServiceTarget(...) value")
        if self.load_balancer is not None:
            require_instance("load_balancer", self.load_balancer, LoadBalancerTarget, "a LoadBalancerTarget(...) value")
        if self.redis is not None:
            require_instance("redis", self.redis, RedisTarget, "a RedisTarget(...) value")
        if self.shared_rds_identifier is not None:
            require_pattern(
                "shared_rds_identifier",
                self.shared_rds_identifier,
                RDS_IDENTIFIER,
                "an RDS DB instance identifier (1-63 letters, digits or single hyphens, starting with a letter)",
            )

    def has(self, target: Target) -> bool:
        return getattr(self, TARGET_FIELDS[target]) is not None

    def target_for(self, kind: Target) -> MonitoredTarget | None:
        """The monitored resource whose alarm specs target ``kind``, if the service has one."""
        return next((target for target in self.targets() if target.kind is kind), None)

    def targets(self) -> tuple[MonitoredTarget, ...]:
        """Every monitored resource, in dashboard order (ECS, ALB, RDS, Redis)."""
        rds = None if self.shared_rds_identifier is None else RdsInstanceTarget(identifier=self.shared_rds_identifier)
        return tuple(t for t in (self.ecs_service, self.load_balancer, rds, self.redis) if t is not None)


# The MonitoredResources field that turns each resource's alarms on.
TARGET_FIELDS: Mapping[Target, str] = MappingProxyType({
    Target.ECS_SERVICE: "ecs_service",
    Target.LOAD_BALANCER: "load_balancer",
    Target.RDS_INSTANCE: "shared_rds_identifier",
    Target.REDIS_MEMBER: "redis",
})

# A resource ServiceMonitoring can watch; each has the ``kind`` its alarm specs target.
MonitoredTarget = EcsServiceTarget | LoadBalancerTarget | RdsInstanceTarget | RedisTarget
