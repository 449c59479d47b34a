"""The CloudWatch dimensions of each monitored resource: one alarm per (label, dimensions) set.

Most resources have one set and no label. Redis is alarmed per member cluster
(CloudWatch publishes its CPU per ``CacheClusterId``), so each member gets its
own alarm, labelled 1, 2, ...: ``<prefix>-redis-cpu-high-2``. Queues and
functions carry their own label: ``<prefix>-sqs-oldest-message-age-jobs``.
A resource may answer for more than its own kind of alarm: an SQS queue's
dead-letter queue alarm watches the dead-letter queue's ``QueueName``.

Example::

    dimension_sets(EcsServiceTarget(cluster_name="main", service_name="orders"), Target.ECS_SERVICE)
    # [(None, {"ClusterName": "main", "ServiceName": "orders"})]
"""

from __future__ import annotations

from collections.abc import Callable

from .._cdk import Fn, is_token
from ..core.targets import MonitoredTarget, RedisTarget, SqsQueueTarget
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


def _dead_letter_queue(queue: SqsQueueTarget) -> DimensionSets:
    if queue.dead_letter_queue_name is None:
        return []
    return [(queue.label, {"QueueName": queue.dead_letter_queue_name})]


# (the resource's kind, the alarm's target) -> the alarm's dimension sets for that resource.
_DIMENSIONS: dict[tuple[Target, Target], Callable[..., DimensionSets]] = {
    (Target.ECS_SERVICE, Target.ECS_SERVICE):
        lambda ecs: [(None, {"ClusterName": ecs.cluster_name, "ServiceName": ecs.service_name})],
    (Target.LOAD_BALANCER, Target.LOAD_BALANCER): lambda alb: [(None, {"LoadBalancer": alb.arn_suffix})],
    (Target.RDS_INSTANCE, Target.RDS_INSTANCE): lambda rds: [(None, {"DBInstanceIdentifier": rds.identifier})],
    (Target.REDIS_MEMBER, Target.REDIS_MEMBER): _redis,
    (Target.SQS_QUEUE, Target.SQS_QUEUE): lambda queue: [(queue.label, {"QueueName": queue.queue_name})],
    (Target.SQS_QUEUE, Target.SQS_DEAD_LETTER_QUEUE): _dead_letter_queue,
    (Target.LAMBDA_FUNCTION, Target.LAMBDA_FUNCTION):
        lambda function: [(function.label, {"FunctionName": function.function_name})],
}


def dimension_sets(resource: MonitoredTarget, target: Target) -> DimensionSets:
    """(label, dimensions) for each alarm on ``target`` that ``resource`` has; the label suffixes the alarm name."""
    make = _DIMENSIONS.get((resource.kind, target))
    return [] if make is None else make(resource)
