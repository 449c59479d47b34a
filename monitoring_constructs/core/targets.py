"""What a service has that the standard alarms watch: its ECS service, ALB, databases and Redis.

Names of a team's own resources may be tokens (``my_service.name``).

Example::

    MonitoredResources(
        ecs_service=EcsServiceTarget(cluster_name="main", service_name="orders"),
        load_balancer=LoadBalancerTarget(arn_suffix="app/orders/0123456789abcdef",
                                         target_group_arn_suffix="targetgroup/orders/0123456789abcdef"),
        rds_instances=(RdsInstanceTarget(identifier="orders-db", memory_gib=16, allocated_storage_gib=100,
                                         max_connections=1700),),
        aurora_clusters=(AuroraClusterTarget(cluster_identifier="ledger", readers=True, label="ledger"),),
    )
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar
from types import MappingProxyType

from ..alarms.catalog import AlarmSpec, Target
from .errors import MonitoringConfigError
from .tokens import is_token
from .validation import (
    require_bool,
    require_instance,
    require_int,
    require_number,
    require_pattern,
    require_tuple,
    require_unique,
)

ALB_ARN_SUFFIX = re.compile(r"^app/[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?/[0-9a-f]{1,32}$")
TARGET_GROUP_ARN_SUFFIX = re.compile(r"^targetgroup/[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?/[0-9a-f]{1,32}$")
RDS_IDENTIFIER = re.compile(r"^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)$")
RDS_IDENTIFIER_TEXT = "an RDS DB instance identifier (1-63 letters, digits or single hyphens, starting with a letter)"
# Ends alarm names (<prefix>-rds-cpu-high-<label>) when a service has several databases.
LABEL = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LABEL_MAX = 32
LABEL_TEXT = f"1-{LABEL_MAX} lower-case letters or digits in words joined by single hyphens"
# The largest RDS instance classes: 24 TiB of memory (db.x2iedn/u-* classes), 64 TiB of storage.
MEMORY_GIB_MAX = 24576
STORAGE_GIB_MAX = 65536
# PostgreSQL's upper bound for max_connections (MySQL's is 100000).
MAX_CONNECTIONS_MAX = 262143
ECS_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
CACHE_CLUSTER_ID = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,49}(?<!-)$")
REPLICATION_GROUP_ID = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,39}(?<!-)$")
# Every resource carries these tags (Naming.tags, plus Severity on alarms and event subscriptions).


@dataclass(frozen=True, kw_only=True, slots=True)
class EcsServiceTarget:
    """The ECS service to watch; names may be tokens (``my_service.name``).

    The cluster must have Container Insights enabled (``containerInsights``
    setting) for the running-task alarm to receive data.
    """

    kind: ClassVar[Target] = Target.ECS_SERVICE

    cluster_name: str
    service_name: str

    def __post_init__(self) -> None:
        require_pattern("ecs_service.cluster_name", self.cluster_name, ECS_NAME, "1-255 letters, digits, - or _")
        require_pattern("ecs_service.service_name", self.service_name, ECS_NAME, "1-255 letters, digits, - or _")


@dataclass(frozen=True, kw_only=True, slots=True)
class LoadBalancerTarget:
    """The ALB in front of the service, by ``arn_suffix`` (``app/<name>/<id>``).

    ``target_group_arn_suffix`` (``targetgroup/<name>/<id>``, ``aws_lb_target_group.arn_suffix``):
    the service's target group. With it, the target metrics (5xx, requests, response time,
    healthy/unhealthy hosts) are this target group's, so an ALB shared by several services is
    measured per service, and the unhealthy-hosts alarm exists. The load balancer's own 5xx
    and rejected connections are the whole load balancer's either way.
    """

    kind: ClassVar[Target] = Target.LOAD_BALANCER

    arn_suffix: str
    target_group_arn_suffix: str | None = None

    def __post_init__(self) -> None:
        require_pattern(
            "load_balancer.arn_suffix",
            self.arn_suffix,
            ALB_ARN_SUFFIX,
            "an ALB ARN suffix like app/<name>/<hex id> (aws_lb.arn_suffix)",
        )
        if self.target_group_arn_suffix is not None:
            require_pattern(
                "load_balancer.target_group_arn_suffix",
                self.target_group_arn_suffix,
                TARGET_GROUP_ARN_SUFFIX,
                "a target group ARN suffix like targetgroup/<name>/<hex id> (aws_lb_target_group.arn_suffix)",
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


def _check_label(field: str, label: object) -> None:
    if label is not None:
        require_pattern(field, label, LABEL, LABEL_TEXT)
        if is_token(label) or len(str(label)) > LABEL_MAX:
            raise MonitoringConfigError(field, label, LABEL_TEXT + " (a plain string: it is part of alarm names)")


def _check_sizes(where: str, memory_gib: object, max_connections: object) -> None:
    """What thresholds that are a share of the database's size need (plain numbers)."""
    if memory_gib is not None:
        require_number(f"{where}.memory_gib", memory_gib, 0.5, MEMORY_GIB_MAX)
    if max_connections is not None:
        require_int(f"{where}.max_connections", max_connections, 1, MAX_CONNECTIONS_MAX)


@dataclass(frozen=True, kw_only=True, slots=True)
class RdsInstanceTarget:
    """An RDS DB instance, by identifier (``aws_db_instance.identifier``).

    CPU, read/write latency and DB load (per vCPU, from Performance Insights) are
    alarmed for every instance. AWS's thresholds for memory, storage and connections
    are shares of the instance's size, so those alarms need it: ``memory_gib`` (the
    instance class's memory), ``allocated_storage_gib`` (leave unset with storage
    autoscaling, as AWS advises) and ``max_connections`` (the parameter's value).
    ``label`` ends the alarm names when the service has several RDS instances
    (``<prefix>-rds-cpu-high-<label>``); one of them may go without.
    """

    kind: ClassVar[Target] = Target.RDS_INSTANCE

    identifier: str
    label: str | None = None
    memory_gib: float | None = None
    allocated_storage_gib: int | None = None
    max_connections: int | None = None

    def __post_init__(self) -> None:
        require_pattern("rds_instance.identifier", self.identifier, RDS_IDENTIFIER, RDS_IDENTIFIER_TEXT)
        _check_label("rds_instance.label", self.label)
        _check_sizes("rds_instance", self.memory_gib, self.max_connections)
        if self.allocated_storage_gib is not None:
            require_int("rds_instance.allocated_storage_gib", self.allocated_storage_gib, 1, STORAGE_GIB_MAX)


@dataclass(frozen=True, kw_only=True, slots=True)
class AuroraClusterTarget:
    """An Aurora DB cluster, alarmed per instance role as AWS advises for Aurora.

    CPU, freeable memory, connections and read/write latency are watched on the
    ``WRITER`` role and, with ``readers=True``, on the ``READER`` role (``DBClusterIdentifier``
    + ``Role``: whichever instance holds the role after a failover). Set ``readers`` only for a
    cluster that keeps a reader: as AWS recommends, missing CPU, memory and connection data
    counts as breaching. DB load per vCPU is a
    Performance Insights metric of each DB instance: it is alarmed for each of
    ``instance_identifiers``. ``memory_gib`` (the instances' class memory) and
    ``max_connections`` turn on the memory and connection alarms (leave ``memory_gib``
    unset for Aurora Serverless v2). ``label`` ends the alarm names when the service has
    several clusters.

    Example::

        AuroraClusterTarget(cluster_identifier="orders", readers=True,
                            instance_identifiers=("orders-1", "orders-2"), memory_gib=32, max_connections=3000)
    """

    kind: ClassVar[Target] = Target.AURORA_CLUSTER

    cluster_identifier: str
    readers: bool = False
    instance_identifiers: tuple[str, ...] = ()
    memory_gib: float | None = None
    max_connections: int | None = None
    label: str | None = None

    def __post_init__(self) -> None:
        require_pattern("aurora_cluster.cluster_identifier", self.cluster_identifier, RDS_IDENTIFIER,
                        "an Aurora DB cluster identifier (1-63 letters, digits or single hyphens, starting with a letter)")
        require_bool("aurora_cluster.readers", self.readers)
        instances = require_tuple("aurora_cluster.instance_identifiers", self.instance_identifiers, "DB instance identifiers")
        object.__setattr__(self, "instance_identifiers", instances)
        for index, instance in enumerate(instances):
            require_pattern(f"aurora_cluster.instance_identifiers[{index}]", instance, RDS_IDENTIFIER, RDS_IDENTIFIER_TEXT)
        require_unique("aurora_cluster.instance_identifiers", [i for i in instances if not is_token(i)])
        _check_sizes("aurora_cluster", self.memory_gib, self.max_connections)
        _check_label("aurora_cluster.label", self.label)


@dataclass(frozen=True, kw_only=True, slots=True)
class MonitoredResources:
    """What the service has, each watched by its alarms and graphs; every field is optional.

    What a service lacks it does not get: no ECS service, no running-task alarm,
    ``/ecs/...`` log groups or ERROR-line alarm; no load balancer, no access log
    group or HTTP queries; no database, no DB query log group or slow-SQL query.
    ``shared_rds_identifier`` (the seed's shared RDS) is alarmed like an RDS instance
    and also gets "RDS down" events and the DB query log group; an entry of
    ``rds_instances`` with the same identifier describes it (sizes, label).
    ``rds_instances`` and ``aurora_clusters`` are the service's other databases.
    """

    ecs_service: EcsServiceTarget | None = None
    load_balancer: LoadBalancerTarget | None = None
    redis: RedisTarget | None = None
    shared_rds_identifier: str | None = None
    rds_instances: tuple[RdsInstanceTarget, ...] = ()
    aurora_clusters: tuple[AuroraClusterTarget, ...] = ()

    def __post_init__(self) -> None:
        if self.ecs_service is not None:
            require_instance("ecs_service", self.ecs_service, EcsServiceTarget, "an EcsServiceTarget(...) value")
        if self.load_balancer is not None:
            require_instance("load_balancer", self.load_balancer, LoadBalancerTarget, "a LoadBalancerTarget(...) value")
        if self.redis is not None:
            require_instance("redis", self.redis, RedisTarget, "a RedisTarget(...) value")
        if self.shared_rds_identifier is not None:
            require_pattern("shared_rds_identifier", self.shared_rds_identifier, RDS_IDENTIFIER, RDS_IDENTIFIER_TEXT)
        for field, kind, text in (("rds_instances", RdsInstanceTarget, "RdsInstanceTarget(...) values"),
                                  ("aurora_clusters", AuroraClusterTarget, "AuroraClusterTarget(...) values")):
            values = require_tuple(field, getattr(self, field), text)
            for index, value in enumerate(values):
                require_instance(f"{field}[{index}]", value, kind, text)
            object.__setattr__(self, field, values)
        _check_several("rds_instances", self.databases(), "identifier")
        _check_several("aurora_clusters", self.aurora_clusters, "cluster_identifier")

    def databases(self) -> tuple[RdsInstanceTarget, ...]:
        """The RDS instances: the shared one first (as listed in ``rds_instances``, or by its identifier)."""
        shared = self.shared_rds_identifier
        if shared is None or any(instance.identifier == shared for instance in self.rds_instances):
            return self.rds_instances
        return (RdsInstanceTarget(identifier=shared), *self.rds_instances)

    def has(self, target: Target) -> bool:
        return any(resource.kind is target for resource in self.targets())

    def provides(self, spec: AlarmSpec) -> bool:
        """Whether a monitored resource gets ``spec``'s alarm (it is of its kind and has what it needs)."""
        return any(supports(resource, spec) for resource in self.targets())

    def targets(self) -> tuple[MonitoredTarget, ...]:
        """Every monitored resource, in dashboard order (ECS, ALB, RDS, Aurora, Redis)."""
        single = (self.ecs_service, self.load_balancer)
        return (*(t for t in single if t is not None), *self.databases(), *self.aurora_clusters,
                *((self.redis,) if self.redis is not None else ()))


def _check_several(field: str, resources: tuple[RdsInstanceTarget, ...] | tuple[AuroraClusterTarget, ...],
                   identifier: str) -> None:
    """Several databases of one kind: each once, each alarm name told apart by a label (one may go without)."""
    require_unique(f"{field} (identifiers)", [getattr(r, identifier) for r in resources if not is_token(getattr(r, identifier))])
    labels: set[str | None] = set()
    for resource in resources:
        if resource.label in labels:
            raise MonitoringConfigError(
                f"{field}[{getattr(resource, identifier)!r}].label", resource.label,
                f"a label unique among the service's {field} (alarm names end with it; one may go without)",
            )
        labels.add(resource.label)


def supports(resource: MonitoredTarget, spec: AlarmSpec) -> bool:
    """``resource`` gets ``spec``'s alarm: it is the spec's kind and has the field the spec needs."""
    return resource.kind is spec.target and (not spec.needs or getattr(resource, spec.needs) not in (None, ()))


# The MonitoredResources fields that turn each resource's alarms on, as errors name them.
TARGET_FIELDS: Mapping[Target, str] = MappingProxyType({
    Target.ECS_SERVICE: "resources.ecs_service",
    Target.LOAD_BALANCER: "resources.load_balancer",
    Target.RDS_INSTANCE: "resources.shared_rds_identifier or resources.rds_instances",
    Target.AURORA_CLUSTER: "resources.aurora_clusters",
    Target.REDIS_MEMBER: "resources.redis",
})


def requirement(spec: AlarmSpec) -> str:
    """What turns ``spec``'s alarm on: ``resources.load_balancer with LoadBalancerTarget.target_group_arn_suffix``."""
    field = TARGET_FIELDS[spec.target]
    if not spec.needs:
        return field
    kind = next(k for k in (EcsServiceTarget, LoadBalancerTarget, RdsInstanceTarget, AuroraClusterTarget, RedisTarget)
                if k.kind is spec.target)
    return f"{field} with {kind.__name__}.{spec.needs}"


# A resource ServiceMonitoring can watch; each has the ``kind`` its alarm specs target.
MonitoredTarget = EcsServiceTarget | LoadBalancerTarget | RdsInstanceTarget | AuroraClusterTarget | RedisTarget
