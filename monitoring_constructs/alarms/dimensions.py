"""The CloudWatch dimensions of each monitored resource: one alarm per (label, dimensions) set.

Most resources have one set and no label. Redis is alarmed per member cluster
(CloudWatch publishes its CPU per ``CacheClusterId``), so each member gets its
own alarm, labelled 1, 2, ...: ``<prefix>-redis-cpu-high-2``. Queues and
functions carry their own label: ``<prefix>-sqs-oldest-message-age-jobs``.
An Aurora cluster is alarmed per instance role (``writer``, ``reader``) and its
DB load per listed instance (1, 2, ...). A database's own ``label`` comes first
when a service has several (``<prefix>-rds-cpu-high-orders``,
``<prefix>-aurora-cpu-high-ledger-writer``). A resource may answer for more
than its own kind of alarm: an SQS queue's dead-letter queue alarm watches the
dead-letter queue's ``QueueName``; an ALB with a target group has its target
metrics per ``TargetGroup`` + ``LoadBalancer``, its own metrics
(``Target.LOAD_BALANCER_OWN``) per ``LoadBalancer``. A resource without what
the target needs (``targets.answers``) gets no set.

Example::

    dimension_sets(EcsServiceTarget(cluster_name="main", service_name="orders"), Target.ECS_SERVICE)
    # [(None, {"ClusterName": "main", "ServiceName": "orders"})]
"""

from __future__ import annotations

from collections.abc import Callable

from .._cdk import Fn, is_token
from ..core.targets import AuroraClusterTarget, LoadBalancerTarget, MonitoredTarget, RedisTarget, answers
from .spec import Target

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


def _labelled(label: str | None, member: Label) -> Label:
    """``<database label>-<member>``, either alone, or None."""
    parts = [str(part) for part in (label, member) if part is not None]
    return "-".join(parts) or None


def _target_metrics(alb: LoadBalancerTarget) -> DimensionSets:
    group = alb.target_group_arn_suffix
    if group is None:
        return [(None, {"LoadBalancer": alb.arn_suffix})]
    return [(None, {"LoadBalancer": alb.arn_suffix, "TargetGroup": group})]


def _aurora_roles(cluster: AuroraClusterTarget) -> DimensionSets:
    roles = ("WRITER", "READER") if cluster.readers else ("WRITER",)
    return [(_labelled(cluster.label, role.lower()), {"DBClusterIdentifier": cluster.cluster_identifier, "Role": role})
            for role in roles]


def _aurora_instances(cluster: AuroraClusterTarget) -> DimensionSets:
    return [(_labelled(cluster.label, index), {"DBInstanceIdentifier": instance})
            for index, instance in enumerate(cluster.instance_identifiers, start=1)]


# (the resource's kind, the alarm's target) -> the alarm's dimension sets for that resource.
_DIMENSIONS: dict[tuple[Target, Target], Callable[..., DimensionSets]] = {
    (Target.ECS_SERVICE, Target.ECS_SERVICE):
        lambda ecs: [(None, {"ClusterName": ecs.cluster_name, "ServiceName": ecs.service_name})],
    (Target.LOAD_BALANCER, Target.LOAD_BALANCER): _target_metrics,
    (Target.LOAD_BALANCER, Target.TARGET_GROUP): _target_metrics,
    (Target.LOAD_BALANCER, Target.LOAD_BALANCER_OWN): lambda alb: [(None, {"LoadBalancer": alb.arn_suffix})],
    (Target.RDS_INSTANCE, Target.RDS_INSTANCE): lambda rds: [(rds.label, {"DBInstanceIdentifier": rds.identifier})],
    (Target.AURORA_CLUSTER, Target.AURORA_CLUSTER): _aurora_roles,
    (Target.AURORA_CLUSTER, Target.AURORA_INSTANCE): _aurora_instances,
    (Target.REDIS_MEMBER, Target.REDIS_MEMBER): _redis,
    (Target.SQS_QUEUE, Target.SQS_QUEUE): lambda queue: [(queue.label, {"QueueName": queue.queue_name})],
    (Target.SQS_QUEUE, Target.SQS_DEAD_LETTER_QUEUE):
        lambda queue: [(queue.label, {"QueueName": queue.dead_letter_queue_name})],
    (Target.LAMBDA_FUNCTION, Target.LAMBDA_FUNCTION):
        lambda function: [(function.label, {"FunctionName": function.function_name})],
}


def dimension_sets(resource: MonitoredTarget, target: Target) -> DimensionSets:
    """(label, dimensions) for each alarm on ``target`` that ``resource`` has; the label suffixes the alarm name."""
    if not answers(resource, target):
        return []
    return _DIMENSIONS[(resource.kind, target)](resource)
