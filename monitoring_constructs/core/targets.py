"""What a service has that the standard alarms watch: ECS service, ALB, databases, Redis, SQS queues, Lambdas.

Names of a team's own resources may be tokens (``my_service.name``). Queues and
functions are alarmed one by one, each alarm named with the resource's
``label`` (``<service>-<env>-sqs-oldest-message-age-<label>``): alarm names are
known at synth time, so a token name needs an explicit label.

Example::

    MonitoredResources(
        ecs_service=EcsServiceTarget(cluster_name="main", service_name="orders"),
        load_balancer=LoadBalancerTarget(arn_suffix="app/orders/0123456789abcdef",
                                         target_group_arn_suffix="targetgroup/orders/0123456789abcdef"),
        rds_instances=(RdsInstanceTarget(identifier="orders-db", memory_gib=16, allocated_storage_gib=100,
                                         max_connections=1700),),
        aurora_clusters=(AuroraClusterTarget(cluster_identifier="ledger", readers=True, label="ledger"),),
        sqs_queues=(SqsQueueTarget(queue_name=jobs.name, dead_letter_queue_name=failed.name, label="jobs"),),
        lambda_functions=(LambdaFunctionTarget(function_name="orders-resize", timeout_seconds=30),),
    )
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar
from types import MappingProxyType

from ..alarms.catalog import AlarmSpec, Target
from .databases import RDS_IDENTIFIER, RDS_IDENTIFIER_TEXT, AuroraClusterTarget, RdsInstanceTarget, check_several
from .errors import MonitoringConfigError
from .labels import LABEL_TEXT, check_label
from .severity import Severity
from .tokens import is_token
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
TARGET_GROUP_ARN_SUFFIX = re.compile(r"^targetgroup/[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?/[0-9a-f]{1,32}$")
ECS_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
CACHE_CLUSTER_ID = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,49}(?<!-)$")
REPLICATION_GROUP_ID = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,39}(?<!-)$")
# 1-80 characters: letters, digits, - and _; a FIFO queue's name ends in .fifo (within the 80).
SQS_QUEUE_NAME = re.compile(r"^(?=.{1,80}$)[A-Za-z0-9_-]+(\.fifo)?$")
SQS_QUEUE_NAME_TEXT = "an SQS queue name (1-80 letters, digits, - or _; a FIFO queue's ends in .fifo)"
LAMBDA_FUNCTION_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
LAMBDA_TIMEOUT_MAX = 900  # seconds: Lambda's maximum function timeout
# Every resource carries these tags (Naming.tags, plus Severity on alarms and event subscriptions).


@dataclass(frozen=True, kw_only=True, slots=True)
class EcsServiceTarget:
    """The ECS service to watch; names may be tokens (``my_service.name``).

    The cluster must have Container Insights enabled (``containerInsights``
    setting) for the running-task alarm to receive data.
    ``enhanced_container_insights``: the cluster's setting is ``enhanced``, which
    publishes task-level metrics; adds the ephemeral-storage alarm (default off:
    without it the metric does not exist). ``deployment_failures``: the severity
    of the ``deploy-failed`` alarm when a deployment fails, from ECS's
    ``SERVICE_DEPLOYMENT_FAILED`` events; None makes none.
    ``deployment_circuit_breaker`` (default False): set True when the service has
    the deployment circuit breaker (``deployment_circuit_breaker { enable = true }``)
    or deployment alarms on. ECS sends ``SERVICE_DEPLOYMENT_FAILED`` only when one
    of them stops a deployment (Amazon ECS Developer Guide, "Amazon ECS service
    deployment events"); without them the alarm could never fire, so it is made
    only with True. The provider's ``aws_ecs_service`` data source does not expose
    the setting, so it cannot be checked at plan time: you state it.
    """

    kind: ClassVar[Target] = Target.ECS_SERVICE

    cluster_name: str
    service_name: str
    enhanced_container_insights: bool = False
    deployment_failures: Severity | None = Severity.P2
    deployment_circuit_breaker: bool = False

    def __post_init__(self) -> None:
        require_pattern("ecs_service.cluster_name", self.cluster_name, ECS_NAME, "1-255 letters, digits, - or _")
        require_pattern("ecs_service.service_name", self.service_name, ECS_NAME, "1-255 letters, digits, - or _")
        require_bool("ecs_service.enhanced_container_insights", self.enhanced_container_insights)
        require_bool("ecs_service.deployment_circuit_breaker", self.deployment_circuit_breaker)
        if self.deployment_failures is not None:
            require_one_of("ecs_service.deployment_failures", self.deployment_failures, tuple(Severity))

    @property
    def alarms_failed_deployments(self) -> bool:
        """Whether this service gets the ``deploy-failed`` alarm: a severity for it, and a circuit breaker to fire it."""
        return self.deployment_failures is not None and self.deployment_circuit_breaker


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

    @property
    def has_replicas(self) -> bool:
        """More than one member: the others replicate the primary (replication-lag alarm)."""
        return max(self.node_count, len(self.member_cluster_ids)) > 1



def _alarm_label(field: str, name: str, label: str | None) -> str:
    """``label``, checked; else one derived from a literal ``name`` (``Orders_Jobs.fifo`` -> ``orders-jobs-fifo``)."""
    if label is not None:
        check_label(field, label)
        return label
    if is_token(name):
        raise MonitoringConfigError(
            f"{field}.label", None,
            f"{LABEL_TEXT}, e.g. label=\"jobs\": the name is a token, known only at apply time, and alarm names "
            "are made at synth time",
        )
    derived = "-".join(re.findall(r"[a-z0-9]+", name.lower()))
    if not derived:
        raise MonitoringConfigError(f"{field}.label", None, f"{LABEL_TEXT}: {name!r} has no letter or digit to make one from")
    return derived


@dataclass(frozen=True, kw_only=True, slots=True)
class SqsQueueTarget:
    """An SQS queue and, optionally, its dead-letter queue; names may be tokens (``aws_sqs_queue.name``).

    ``label`` suffixes the queue's alarm names; it defaults to the queue's name
    in lower-case words and is required when the name is a token. The
    dead-letter queue's alarm watches ``dead_letter_queue_name`` and carries
    the queue's label.

    Example::

        SqsQueueTarget(queue_name=jobs.name, dead_letter_queue_name=failed_jobs.name, label="jobs")
    """

    kind: ClassVar[Target] = Target.SQS_QUEUE

    queue_name: str
    dead_letter_queue_name: str | None = None
    label: str | None = None  # resolved on creation: always a str afterwards

    def __post_init__(self) -> None:
        require_pattern("sqs_queue.queue_name", self.queue_name, SQS_QUEUE_NAME, SQS_QUEUE_NAME_TEXT)
        dead_letters = self.dead_letter_queue_name
        if dead_letters is not None:
            require_pattern("sqs_queue.dead_letter_queue_name", dead_letters, SQS_QUEUE_NAME, SQS_QUEUE_NAME_TEXT)
            if not is_token(dead_letters) and not is_token(self.queue_name):
                if dead_letters == self.queue_name:
                    raise MonitoringConfigError("sqs_queue.dead_letter_queue_name", dead_letters,
                                                "another queue than queue_name")
                if dead_letters.endswith(".fifo") != self.queue_name.endswith(".fifo"):
                    raise MonitoringConfigError(
                        "sqs_queue.dead_letter_queue_name", dead_letters,
                        "a queue of the source queue's type (SQS: a FIFO queue's dead-letter queue is a FIFO "
                        "queue, a standard queue's a standard queue)",
                    )
        object.__setattr__(self, "label", _alarm_label("sqs_queue", self.queue_name, self.label))


@dataclass(frozen=True, kw_only=True, slots=True)
class LambdaFunctionTarget:
    """A Lambda function, by name (a token is fine), with its timeout as a plain number of seconds.

    ``timeout_seconds`` (1-900) sets the duration alarm's threshold at synth
    time (90 % of it by default). ``label`` suffixes the function's alarm names;
    it defaults to the function's name in lower-case words and is required when
    the name is a token.

    Example::

        LambdaFunctionTarget(function_name=resize.function_name, timeout_seconds=30, label="resize")
    """

    kind: ClassVar[Target] = Target.LAMBDA_FUNCTION

    function_name: str
    timeout_seconds: int
    label: str | None = None  # resolved on creation: always a str afterwards

    def __post_init__(self) -> None:
        require_pattern("lambda_function.function_name", self.function_name, LAMBDA_FUNCTION_NAME,
                        "a Lambda function name (1-64 letters, digits, - or _; the name, not the ARN)")
        require_int("lambda_function.timeout_seconds", self.timeout_seconds, 1, LAMBDA_TIMEOUT_MAX)
        object.__setattr__(self, "label", _alarm_label("lambda_function", self.function_name, self.label))


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
    ``sqs_queues`` and ``lambda_functions`` are tuples, one alarm set per queue or
    function, each with its own label.
    """

    ecs_service: EcsServiceTarget | None = None
    load_balancer: LoadBalancerTarget | None = None
    redis: RedisTarget | None = None
    shared_rds_identifier: str | None = None
    rds_instances: tuple[RdsInstanceTarget, ...] = ()
    aurora_clusters: tuple[AuroraClusterTarget, ...] = ()
    sqs_queues: tuple[SqsQueueTarget, ...] = ()
    lambda_functions: tuple[LambdaFunctionTarget, ...] = ()

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
        check_several("rds_instances", self.databases(), "identifier")
        check_several("aurora_clusters", self.aurora_clusters, "cluster_identifier")
        self._check_each("sqs_queues", SqsQueueTarget, "an", "queue_name")
        self._check_each("lambda_functions", LambdaFunctionTarget, "a", "function_name")

    def _check_each(self, field: str, kind: type, article: str, name: str) -> None:
        """A tuple of ``kind`` values with distinct labels (alarm names) and distinct literal names."""
        values = require_tuple(field, getattr(self, field), f"{kind.__name__}(...) values")
        object.__setattr__(self, field, values)
        for index, value in enumerate(values):
            require_instance(f"{field}[{index}]", value, kind, f"{article} {kind.__name__}(...) value")
        require_unique(f"{field} (labels)", [str(getattr(value, "label")) for value in values])
        require_unique(f"{field} ({name}s)", [n for value in values if not is_token(n := str(getattr(value, name)))])

    def databases(self) -> tuple[RdsInstanceTarget, ...]:
        """The RDS instances: the shared one first (as listed in ``rds_instances``, or by its identifier)."""
        shared = self.shared_rds_identifier
        if shared is None or any(instance.identifier == shared for instance in self.rds_instances):
            return self.rds_instances
        return (RdsInstanceTarget(identifier=shared), *self.rds_instances)

    def has(self, target: Target) -> bool:
        """Whether a monitored resource answers for alarms on ``target``."""
        return any(answers(resource, target) for resource in self.targets())

    def provides(self, spec: AlarmSpec) -> bool:
        """Whether a monitored resource gets ``spec``'s alarm (it answers for its target and has its limit)."""
        return any(supports(resource, spec) for resource in self.targets())

    def target_for(self, kind: Target) -> MonitoredTarget | None:
        """The monitored resource whose alarm specs target ``kind``, if the service has one."""
        return next((target for target in self.targets() if target.kind is kind), None)

    def targets(self) -> tuple[MonitoredTarget, ...]:
        """Every monitored resource, in dashboard order (ECS, ALB, RDS, Aurora, Redis, queues, functions)."""
        single = tuple(t for t in (self.ecs_service, self.load_balancer) if t is not None)
        redis = () if self.redis is None else (self.redis,)
        return (*single, *self.databases(), *self.aurora_clusters, *redis, *self.sqs_queues, *self.lambda_functions)



# Alarm targets a resource answers for besides its own kind: (its kind, the field it needs for them).
_ANSWERS: Mapping[Target, tuple[Target, str]] = MappingProxyType({
    Target.LOAD_BALANCER_OWN: (Target.LOAD_BALANCER, ""),
    Target.TARGET_GROUP: (Target.LOAD_BALANCER, "target_group_arn_suffix"),
    Target.AURORA_INSTANCE: (Target.AURORA_CLUSTER, "instance_identifiers"),
    Target.SQS_DEAD_LETTER_QUEUE: (Target.SQS_QUEUE, "dead_letter_queue_name"),
})


def answers(resource: MonitoredTarget, target: Target) -> bool:
    """``resource`` has what alarms on ``target`` watch (an ALB's target group, a queue's dead-letter queue)."""
    kind, field = _ANSWERS.get(target, (target, ""))
    return resource.kind is kind and (not field or getattr(resource, field) not in (None, ()))


def supports(resource: MonitoredTarget, spec: AlarmSpec) -> bool:
    """``resource`` gets ``spec``'s alarm: it answers for its target and declares the limit a share of which it is."""
    limit = spec.percent_of.attribute if spec.percent_of else ""
    return (answers(resource, spec.target) and (not limit or getattr(resource, limit) is not None)
            and spec.applies_to(resource))


# The MonitoredResources fields that turn each resource's alarms on, as errors name them.
TARGET_FIELDS: Mapping[Target, str] = MappingProxyType({
    Target.ECS_SERVICE: "resources.ecs_service",
    Target.LOAD_BALANCER: "resources.load_balancer",
    Target.LOAD_BALANCER_OWN: "resources.load_balancer",
    Target.TARGET_GROUP: "resources.load_balancer with LoadBalancerTarget.target_group_arn_suffix",
    Target.RDS_INSTANCE: "resources.shared_rds_identifier or resources.rds_instances",
    Target.AURORA_CLUSTER: "resources.aurora_clusters",
    Target.AURORA_INSTANCE: "resources.aurora_clusters with AuroraClusterTarget.instance_identifiers",
    Target.REDIS_MEMBER: "resources.redis",
    Target.SQS_QUEUE: "resources.sqs_queues",
    Target.SQS_DEAD_LETTER_QUEUE: "resources.sqs_queues with a dead_letter_queue_name",
    Target.LAMBDA_FUNCTION: "resources.lambda_functions",
})


def requirement(spec: AlarmSpec) -> str:
    """What turns ``spec``'s alarm on: ``resources.rds_instances ... with RdsInstanceTarget.memory_gib``."""
    field = TARGET_FIELDS[spec.target]
    if not spec.applies_when and spec.percent_of is None:
        return field
    kind, _ = _ANSWERS.get(spec.target, (spec.target, ""))
    (target_class,) = [k for k in MONITORED_TARGETS if k.kind is kind]
    if spec.applies_when:  # a switch on the resource (enhanced Container Insights, replicas, Performance Insights)
        return f"{field}{' and ' if ' with ' in field else ' with '}{target_class.__name__}.{spec.applies_when}=True"
    return f"{field} with {target_class.__name__}.{spec.percent_of.attribute}"

# A resource ServiceMonitoring can watch; each has the ``kind`` its alarm specs target.
MonitoredTarget = (
    EcsServiceTarget | LoadBalancerTarget | RdsInstanceTarget | AuroraClusterTarget | RedisTarget | SqsQueueTarget
    | LambdaFunctionTarget
)
MONITORED_TARGETS = (EcsServiceTarget, LoadBalancerTarget, RdsInstanceTarget, AuroraClusterTarget, RedisTarget,
                     SqsQueueTarget, LambdaFunctionTarget)
